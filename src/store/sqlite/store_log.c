/* The audit log's lines, written: a change (kr_audit(), in the change's
 * own transaction) and the reads of cases (docs/security.md). */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "store_internal.h"

kring_status kr_audit(kring_store *s, const char *event, const char *code,
                      const char *a, const char *b, kring_error *err)
{
    sqlite3_stmt *st = NULL;
    kring_status rc;

    rc = kr_prepare(s,
                    "INSERT INTO audit (user, command, kind, event, case_key, "
                    "person_key, other_key) SELECT ?1, ?2, 'change', ?3, "
                    "c.case_key, (SELECT person_key FROM people WHERE "
                    "case_code = c.code AND id = ?5), (SELECT person_key "
                    "FROM people WHERE case_code = c.code AND id = ?6) "
                    "FROM cases c WHERE c.code = ?4",
                    &st, err);
    if (rc == KRING_OK) {
        sqlite3_bind_text(st, 1, s->user, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, s->command, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, event, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, code, -1, SQLITE_STATIC);
        if (a != NULL)
            sqlite3_bind_text(st, 5, a, -1, SQLITE_STATIC);
        if (b != NULL)
            sqlite3_bind_text(st, 6, b, -1, SQLITE_STATIC);
        rc = kr_step_done(s, st, err);
    }
    kr_finalize(s, st);
    return rc;
}

/* A read that cannot be logged is not made. */
static kring_status log_error(kring_store *s, int r, kring_error *err)
{
    if ((r & 0xff) == SQLITE_READONLY)
        return kr_error_set(err, KRING_ERR_IO, "%s",
                            _("the database is read-only: kring logs every "
                              "read of a case and cannot log this one, so it "
                              "shows nothing"));
    return kr_db_error(s, r, err);
}

static kring_status log_exec(kring_store *s, const char *sql, kring_error *err)
{
    int r = sqlite3_exec(SQ(s)->db, sql, NULL, NULL, NULL);

    return r == SQLITE_OK ? KRING_OK : log_error(s, r, err);
}

/* The log's lines of reads are written in a transaction of their own
 * (*OWN), unless one is open. */
static kring_status log_begin(kring_store *s, int *own, kring_error *err)
{
    *own = !SQ(s)->in_tx && sqlite3_get_autocommit(SQ(s)->db);
    return *own ? log_exec(s, "BEGIN IMMEDIATE", err) : KRING_OK;
}

static kring_status log_end(kring_store *s, int own, kring_status rc,
                            kring_error *err)
{
    if (!own)
        return rc;
    if (rc == KRING_OK && (rc = log_exec(s, "COMMIT", err)) == KRING_OK)
        return KRING_OK;
    sqlite3_exec(SQ(s)->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

#define LOG_READ                                                               \
    "INSERT INTO audit (user, command, kind, event, case_key) "                \
    "SELECT ?1, ?2, 'read', "

static void bind_who(kring_store *s, sqlite3_stmt *st)
{
    sqlite3_bind_text(st, 1, s->user, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, kr_read_command(s), -1, SQLITE_STATIC);
}

kring_status kr_log_reads(kring_store *s, const long long *keys, size_t n,
                          kring_error *err)
{
    sqlite3_stmt *st = NULL;
    int own = 0, r;
    kring_status rc;
    size_t i;

    if (n == 0)
        return KRING_OK;
    if ((rc = log_begin(s, &own, err)))
        return rc;
    rc = kr_prepare(s, LOG_READ "'case read', ?3", &st, err);
    for (i = 0; rc == KRING_OK && i < n; i++) {
        bind_who(s, st);
        sqlite3_bind_int64(st, 3, keys[i]);
        r = sqlite3_step(st);
        sqlite3_reset(st);
        if (r != SQLITE_DONE)
            rc = log_error(s, r, err);
    }
    kr_finalize(s, st);
    return log_end(s, own, rc, err);
}

kring_status kr_log_read_all(kring_store *s, long long *max, kring_error *err)
{
    sqlite3_stmt *st = NULL;
    int own = 0, r;
    kring_status rc;

    *max = 0;
    if ((rc = log_begin(s, &own, err)))
        return rc;
    rc = kr_prepare(s,
                    LOG_READ "'case read', case_key FROM cases "
                             "ORDER BY case_key",
                    &st, err);
    if (rc == KRING_OK) {
        bind_who(s, st);
        if ((r = sqlite3_step(st)) != SQLITE_DONE)
            rc = log_error(s, r, err);
        kr_finalize(s, st);
        st = NULL;
    }
    if (rc == KRING_OK &&
        (rc = kr_prepare(s, "SELECT coalesce(max(case_key), 0) FROM cases", &st,
                         err)) == KRING_OK) {
        if ((r = sqlite3_step(st)) == SQLITE_ROW)
            *max = sqlite3_column_int64(st, 0);
        else
            rc = kr_db_error(s, r, err);
    }
    kr_finalize(s, st);
    return log_end(s, own, rc, err);
}

kring_status kr_log_list(kring_store *s, kring_error *err)
{
    return kr_log_look(s, "cases listed", err);
}

kring_status kr_log_look(kring_store *s, const char *event, kring_error *err)
{
    sqlite3_stmt *st = NULL;
    kring_status rc;
    int r;

    if ((rc = kr_prepare(s, LOG_READ "?3, NULL", &st, err)))
        return rc;
    bind_who(s, st);
    sqlite3_bind_text(st, 3, event, -1, SQLITE_STATIC);
    if ((r = sqlite3_step(st)) != SQLITE_DONE)
        rc = log_error(s, r, err);
    kr_finalize(s, st);
    return rc;
}
