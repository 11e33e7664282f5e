/* Closed cases and the time they are kept (docs/privacy.md): a case is
 * closed on a day (kring case close), and kring retention lists the cases
 * closed before a day, which it then erases (write.c's erasure). */
#include <stdio.h>
#include <string.h>

#include "pg_internal.h"

kring_status kr_pg_case_close(kring_store *s, const char *code, const char *day,
                              kring_error *err)
{
    kr_params q = {0};
    PGresult *r = NULL;
    kring_status rc;

    if ((rc = kr_pg_op_begin(s, err)))
        return rc;
    rc = kr_pg_lock_case(s, code, NULL, err);
    kr_param_text(&q, code);
    kr_param_text(&q, day);
    if (rc == KRING_OK)
        rc = kr_pg_run(s,
                       "UPDATE cases SET closed = $2::text WHERE code = $1 AND "
                       "(closed IS NULL) = ($2::text IS NOT NULL) RETURNING "
                       "case_key",
                       &q, &r, err);
    if (rc == KRING_OK && PQntuples(r) == 0)
        rc = kr_error_set(err, KRING_ERR_CONFLICT,
                          day ? _("case '%s' is closed already: reopen it "
                                  "first to close it on another day")
                              : _("case '%s' is not closed"),
                          code);
    PQclear(r);
    if (rc == KRING_OK)
        rc = kr_pg_audit_line(s, day ? "case closed" : "case reopened", code,
                              NULL, NULL, err);
    return kr_pg_op_end(s, rc, err);
}

kring_status kr_pg_closed_list(kring_store *s, const char *day,
                               kring_closed **out, size_t *n, kring_error *err)
{
    kr_params q = {0};
    PGresult *r = NULL;
    kring_closed *list = NULL;
    kring_status rc;
    int i, rows = 0;

    *out = NULL;
    *n = 0;
    if ((rc = kr_pg_op_begin(s, err)))
        return rc;
    kr_param_text(&q, day);
    rc = kr_pg_run(s,
                   "SELECT code, case_key, closed FROM cases WHERE closed <= "
                   "$1 ORDER BY closed, code",
                   &q, &r, err);
    if (rc == KRING_OK)
        rc = kr_pg_log_list(s, err);
    if (rc == KRING_OK) {
        rows = PQntuples(r);
        if ((list = kr_calloc((size_t)rows + 1, sizeof *list)) == NULL)
            rc = kr_nomem(err);
    }
    for (i = 0; rc == KRING_OK && i < rows; i++) {
        list[i].key = kr_pg_int(r, i, 1, 0);
        snprintf(list[i].closed, sizeof list[i].closed, "%s",
                 PQgetvalue(r, i, 2));
        if (kr_pg_dup(r, i, 0, 1, &list[i].code))
            rc = kr_nomem(err);
    }
    PQclear(r);
    if ((rc = kr_pg_op_end(s, rc, err))) {
        kring_closed_free(list, (size_t)rows);
        return rc;
    }
    *out = list;
    *n = (size_t)rows;
    return KRING_OK;
}
