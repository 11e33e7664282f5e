/* What each case counts for in the organisation's report, kept in
 * case_facts (schema 15; docs/report.md): read with every case's code,
 * of one team or all, in one statement; kept again once worked out. */
#include <stdlib.h>
#include <string.h>

#include "pg_internal.h"

/* The facts' numbers after the stage, in KR_FACTS_COLUMNS' order. */
#define NUMBERS                                                                \
    "f.days, f.now_people, f.now_supportive, f.now_inner, f.now_sectors, "     \
    "f.now_zrm, f.before_people, f.before_supportive, f.before_inner, "        \
    "f.before_sectors, f.before_zrm, f.outcome, f.placement, "                 \
    "f.secure_care, f.school, f.goals, f.ended, f.satisfaction"

kring_status kr_pg_each_facts(kring_store *s, long long team, kring_facts_fn fn,
                              void *ctx, kring_error *err)
{
    PGresult *r = NULL;
    kr_params q = {0};
    kring_status rc;
    const char *p;
    int own, row, i;

    if ((rc = kr_pg_read_begin(s, &own, err)))
        return rc;
    if (kr_pg_read_logged(s))
        rc = kr_pg_log_look(s, "report drawn", err);
    kr_param_int(&q, team);
    if (rc == KRING_OK)
        rc = kr_pg_run(s,
                       "SELECT c.code, c.version, f.intake, f.stage, "
                       "array_to_string(ARRAY[" NUMBERS "], ',', '') FROM "
                       "cases c LEFT JOIN case_facts f ON f.case_code = "
                       "c.code AND f.version = c.version WHERE $1::bigint "
                       "= 0 OR c.team_id = $1",
                       &q, &r, err);
    for (row = 0; rc == KRING_OK && row < PQntuples(r); row++) {
        long long version = kr_pg_int(r, row, 1, 0);
        kring_case_facts f;
        if (PQgetisnull(r, row, 3)) { /* stage: none kept */
            rc = fn(PQgetvalue(r, row, 0), version, NULL, ctx, err);
            continue;
        }
        memset(&f, 0, sizeof f);
        if (!PQgetisnull(r, row, 2))
            memcpy(f.intake, PQgetvalue(r, row, 2), 10);
        kr_facts_set(&f, 1, kr_pg_int(r, row, 3, 0));
        /* The other numbers in one text, "" for NULL: a column each cost
         * libpq more than the report's counting. */
        for (i = 2, p = PQgetvalue(r, row, 4); i < KR_FACTS_N; i++) {
            char *end;
            long long v = strtoll(p, &end, 10);
            kr_facts_set(&f, i, end == p ? -1 : v);
            p = *end == ',' ? end + 1 : end;
        }
        rc = fn(PQgetvalue(r, row, 0), version, &f, ctx, err);
    }
    PQclear(r);
    return kr_pg_read_end(s, own, rc, err);
}

kring_status kr_pg_put_facts(kring_store *s, const char *code,
                             long long version, const kring_case_facts *f,
                             kring_error *err)
{
    kr_params q = {0}, d = {0};
    kring_status rc;
    int i;

    if ((rc = kr_pg_op_begin(s, err)))
        return rc;
    kr_param_text(&d, code);
    rc = kr_pg_run(s, "DELETE FROM case_facts WHERE case_code = $1", &d, NULL,
                   err);
    kr_param_text(&q, code);
    kr_param_text(&q, f->intake[0] ? f->intake : NULL);
    for (i = 1; i < KR_FACTS_N; i++)
        kr_param_int_or_null(&q, kr_facts_value(f, i), -1);
    kr_param_int(&q, version);
    if (rc == KRING_OK)
        rc = kr_pg_run(s,
                       "INSERT INTO case_facts (case_code, " KR_FACTS_COLUMNS
                       ", version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
                       "$9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, "
                       "$20, $21, $22)",
                       &q, NULL, err);
    return kr_pg_op_end(s, rc, err);
}
