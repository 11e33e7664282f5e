/* The audit log's lines, written: a change (kr_pg_audit_line(), in the
 * change's own transaction) and the reads of cases (docs/security.md). */
#include <stdio.h>
#include <string.h>

#include "pg_internal.h"

/* The line of the change EVENT to case CODE and its people A and B. */
#define AUDIT_LINE                                                             \
    "INSERT INTO audit (\"user\", user_id, role, address, command, kind, "     \
    "event, case_key, person_key, other_key) SELECT $1, $2, $3, $4, $5, "      \
    "'change', $6, c.case_key, "                                               \
    "(SELECT person_key FROM people WHERE case_code = c.code AND id = $8), "   \
    "(SELECT person_key FROM people WHERE case_code = c.code AND id = $9) "    \
    "FROM cases c WHERE c.code = $7"

/* Who: the account, its number and role (when acting as one), where from;
 * $1 to $4 of every line. */
void kr_pg_bind_who(kring_store *s, kr_params *q)
{
    kr_param_text(q, s->user);
    kr_param_int_or_null(q, s->user_id, 0);
    kr_param_text(q, s->role);
    kr_param_text(q, s->address);
}

static void audit_params(kring_store *s, kr_params *q, const char *event,
                         const char *code, const char *a, const char *b)
{
    kr_pg_bind_who(s, q);
    kr_param_text(q, s->command);
    kr_param_text(q, event);
    kr_param_text(q, code);
    kr_param_text(q, a);
    kr_param_text(q, b);
}

kring_status kr_pg_audit_line(kring_store *s, const char *event,
                              const char *code, const char *a, const char *b,
                              kring_error *err)
{
    kr_params q = {0};

    audit_params(s, &q, event, code, a, b);
    return kr_pg_run(s, AUDIT_LINE, &q, NULL, err);
}

void kr_pg_audit_send(kring_store *s, kr_pipe *pp, const char *event,
                      const char *code, const char *a, const char *b)
{
    kr_params q = {0};

    audit_params(s, &q, event, code, a, b);
    kr_pg_pipe_send(s, pp, AUDIT_LINE, &q);
}

/* A read that cannot be logged is not made. */
static kring_status log_run(kring_store *s, const char *sql, kr_params *q,
                            PGresult **res, kring_error *err)
{
    /* A standby refuses the line as any change (connection.c names it),
     * and the read is refused with it. */
    return kr_pg_run(s, sql, q, res, err);
}

/* A read's line; its kind $6 (a look, an export, a print). */
#define LOG_READ                                                               \
    "INSERT INTO audit (\"user\", user_id, role, address, command, kind, "     \
    "event, case_key) SELECT $1, $2, $3, $4, $5, $6, "

static void bind_who(kring_store *s, kr_params *q)
{
    kr_pg_bind_who(s, q);
    kr_param_text(q, kr_read_command(s));
}

static void bind_read(kring_store *s, kr_params *q)
{
    bind_who(s, q);
    kr_param_text(q, kr_read_kind());
}

kring_status kr_pg_log_reads(kring_store *s, const long long *keys, size_t n,
                             kring_error *err)
{
    kring_status rc = KRING_OK;
    char *list, *p;
    kr_params q = {0};
    size_t i;

    if (n == 0)
        return KRING_OK;
    /* One statement for every line: the numbers as an array. */
    if ((list = kr_malloc(n * 21 + 3)) == NULL)
        return kr_nomem(err);
    p = list;
    *p++ = '{';
    for (i = 0; i < n; i++)
        p += sprintf(p, "%s%lld", i ? "," : "", keys[i]);
    *p++ = '}';
    *p = '\0';
    bind_read(s, &q);
    kr_param_text(&q, list);
    rc = log_run(s,
                 LOG_READ "'case read', k FROM unnest($7::bigint[]) "
                          "WITH ORDINALITY AS u(k, i) ORDER BY i",
                 &q, NULL, err);
    kr_free(list);
    return rc;
}

kring_status kr_pg_log_read_all(kring_store *s, long long *max,
                                kring_error *err)
{
    PGresult *r = NULL;
    kr_params q = {0};
    kring_status rc;

    *max = 0;
    bind_read(s, &q);
    /* One statement: the lines and the highest number at one moment. */
    rc = log_run(s,
                 "WITH logged AS (" LOG_READ "'case read', case_key FROM "
                 "cases ORDER BY case_key RETURNING case_key) SELECT "
                 "coalesce(max(case_key), 0) FROM logged",
                 &q, &r, err);
    if (rc == KRING_OK)
        *max = kr_pg_int(r, 0, 0, 0);
    PQclear(r);
    return rc;
}

kring_status kr_pg_log_list(kring_store *s, kring_error *err)
{
    return kr_pg_log_look(s, "cases listed", err);
}

kring_status kr_pg_log_look(kring_store *s, const char *event, kring_error *err)
{
    kr_params q = {0};

    /* A list or a report shows no case's record: a look. */
    bind_who(s, &q);
    kr_param_text(&q, "read");
    kr_param_text(&q, event);
    return log_run(s, LOG_READ "$7, NULL", &q, NULL, err);
}

kring_status kr_pg_org_line(kring_store *s, const char *kind, const char *event,
                            long long case_key, long long other,
                            kring_error *err)
{
    kr_params q = {0};

    /* On kring server the request's address ("serve: /break-glass"),
     * else the command's. */
    kr_pg_bind_who(s, &q);
    kr_param_text(&q, kr_read_command(s));
    kr_param_text(&q, kind);
    kr_param_text(&q, event);
    kr_param_int_or_null(&q, case_key, 0);
    kr_param_int_or_null(&q, other, 0);
    return kr_pg_run(s,
                     "INSERT INTO audit (\"user\", user_id, role, address, "
                     "command, kind, event, case_key, other_key) VALUES ($1, "
                     "$2, $3, $4, $5, $6, $7, $8, $9)",
                     &q, NULL, err);
}

kring_status kr_pg_audit_refused(kring_store *s, const char *code,
                                 kring_error *err)
{
    kr_params q = {0};

    bind_who(s, &q);
    kr_param_text(&q, code);
    return log_run(s,
                   "INSERT INTO audit (\"user\", user_id, role, address, "
                   "command, kind, event, case_key, outcome) VALUES ($1, $2, "
                   "$3, $4, $5, 'read', 'case refused', (SELECT case_key FROM "
                   "case_holder($6)), 'refused')",
                   &q, NULL, err);
}
