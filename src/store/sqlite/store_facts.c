/* What each case counts for in the organisation's report, kept in
 * case_facts (schema 15; docs/report.md): read with every case's code in
 * one pass, and kept again once worked out. */
#include <sqlite3.h>
#include <string.h>

#include "store_internal.h"

static kring_status facts_row(sqlite3_stmt *st, kring_facts_fn fn, void *ctx,
                              kring_error *err)
{
    const char *code = (const char *)sqlite3_column_text(st, 0);
    long long version = sqlite3_column_int64(st, 1);
    kring_case_facts f;
    int i;

    if (code == NULL)
        return kr_nomem(err);
    if (sqlite3_column_type(st, 3) == SQLITE_NULL) /* stage: none kept */
        return fn(code, version, NULL, ctx, err);
    memset(&f, 0, sizeof f);
    if (sqlite3_column_type(st, 2) != SQLITE_NULL)
        memcpy(f.intake, sqlite3_column_text(st, 2), 10);
    for (i = 1; i < KR_FACTS_N; i++)
        kr_facts_set(&f, i,
                     sqlite3_column_type(st, i + 2) == SQLITE_NULL
                         ? -1
                         : sqlite3_column_int64(st, i + 2));
    return fn(code, version, &f, ctx, err);
}

kring_status kr_sq_each_facts(kring_store *s, long long team, kring_facts_fn fn,
                              void *ctx, kring_error *err)
{
    sqlite3_stmt *st = NULL;
    kring_status rc = KRING_OK;
    int own, r = SQLITE_DONE;

    (void)team; /* a file keeps no teams: the front refuses one */
    own = !SQ(s)->in_tx && sqlite3_get_autocommit(SQ(s)->db);
    if (own && (rc = kr_exec(s, "BEGIN", err)))
        return rc;
    if (kr_read_logged(s))
        rc = kr_log_look(s, "report drawn", err);
    if (rc == KRING_OK)
        rc = kr_prepare(s,
                        "SELECT c.code, c.version, " KR_FACTS_COLUMNS
                        " FROM cases c LEFT JOIN case_facts f ON "
                        "f.case_code = c.code AND f.version = c.version "
                        "ORDER BY c.code",
                        &st, err);
    while (rc == KRING_OK && (r = sqlite3_step(st)) == SQLITE_ROW)
        rc = facts_row(st, fn, ctx, err);
    if (rc == KRING_OK && r != SQLITE_DONE)
        rc = kr_db_error(s, r, err);
    kr_finalize(s, st);
    if (own)
        rc = rc == KRING_OK
                 ? kr_exec(s, "COMMIT", err)
                 : (sqlite3_exec(SQ(s)->db, "ROLLBACK", NULL, NULL, NULL), rc);
    return rc;
}

kring_status kr_sq_put_facts(kring_store *s, const char *code,
                             long long version, const kring_case_facts *f,
                             kring_error *err)
{
    sqlite3_stmt *st = NULL;
    kring_status rc;
    int i;

    if ((rc = kr_prepare(s,
                         "INSERT OR REPLACE INTO case_facts (case_code, "
                         "version, " KR_FACTS_COLUMNS ") VALUES (?1, ?22, ?2, "
                         "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
                         "?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)",
                         &st, err)))
        return rc;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
    kr_sq_bind_text(st, 2, f->intake[0] ? f->intake : NULL);
    for (i = 1; i < KR_FACTS_N; i++)
        kr_sq_bind_int(st, i + 2, kr_facts_value(f, i), -1);
    sqlite3_bind_int64(st, 22, version);
    rc = kr_step_done(s, st, err);
    kr_finalize(s, st);
    return rc;
}
