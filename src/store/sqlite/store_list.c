/* The list of cases handed on line by line (kring_store_each_summary()):
 * nothing is kept from one case to the next, so that `kring case list`
 * takes the same memory over a million cases as over ten. */
#include <sqlite3.h>

#include "store_internal.h"

/* The lines of kr_list_cases(), the same query. */

/* One walk over ST's rows, each handed to FN as PASS. */
static kring_status walk(kring_store *s, sqlite3_stmt *st, int pass,
                         kring_summary_fn fn, void *ctx, kring_error *err)
{
    kring_case_summary cs;
    kring_status rc = KRING_OK;
    int r = SQLITE_DONE;

    while (rc == KRING_OK && (r = sqlite3_step(st)) == SQLITE_ROW) {
        cs.code = (char *)sqlite3_column_text(st, 0);
        cs.name = (char *)sqlite3_column_text(st, 1);
        cs.birth_year = sqlite3_column_type(st, 2) == SQLITE_NULL
                            ? 0
                            : sqlite3_column_int(st, 2);
        cs.n_people = (size_t)sqlite3_column_int64(st, 3);
        cs.n_ties = (size_t)sqlite3_column_int64(st, 4);
        kr_sq_evaluation_of(st, &cs);
        if (cs.code == NULL || cs.name == NULL)
            return kr_nomem(err);
        rc = fn(&cs, pass, ctx, err);
    }
    if (rc == KRING_OK && r != SQLITE_DONE)
        rc = kr_db_error(s, r, err);
    sqlite3_reset(st);
    return rc;
}

kring_status kr_sq_each_summary(kring_store *s, int passes, kring_summary_fn fn,
                                void *ctx, kring_error *err)
{
    sqlite3_stmt *st = NULL;
    int own, pass;
    kring_status rc;

    /* Logged before the first line is handed on: a read that cannot be
     * logged is not made (the same line as kring_store_list_cases()). */
    if (kr_read_logged(s) && (rc = kr_log_list(s, err)))
        return rc;
    /* Every pass reads the database as it was at the first. */
    own = !SQ(s)->in_tx && sqlite3_get_autocommit(SQ(s)->db);
    if (own && (rc = kr_exec(s, "BEGIN", err)))
        return rc;
    rc = kr_prepare(s, KR_SQ_LIST_SQL, &st, err);
    for (pass = 0; rc == KRING_OK && pass < passes; pass++)
        rc = walk(s, st, pass, fn, ctx, err);
    kr_finalize(s, st);
    if (own)
        sqlite3_exec(SQ(s)->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}
