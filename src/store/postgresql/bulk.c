/* Cases and audit lines copied in from another store (kring db copy), many
 * at a time: the cases' rows locked and numbered in one statement, then
 * each table's rows of every case sent by one COPY (libpq's
 * PQputCopyData()), the fastest way into PostgreSQL and the one
 * pg_restore takes. A case at a time, a copy of 10,000 cases spent its
 * time in 60,000 statements and their triggers (bench/README.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case_internal.h"
#include "pg_internal.h"

/* Rows in COPY's text format: fields split by tabs, rows ended by a
 * newline, NULL written \N and a backslash, tab, newline or carriage
 * return in a value escaped (PostgreSQL's "COPY", "Text Format"). */
struct copy_text {
    char *b;
    size_t n, cap;
    int failed; /* out of memory */
};

static void put_bytes(struct copy_text *t, const char *v, size_t len)
{
    if (t->failed || kr_grow_raw(&t->b, &t->cap, t->n + len, 1)) {
        t->failed = 1;
        return;
    }
    memcpy(t->b + t->n, v, len);
    t->n += len;
}

static void put_value(struct copy_text *t, const char *v)
{
    const char *run = v;

    if (v == NULL) {
        put_bytes(t, "\\N", 2);
        return;
    }
    for (; *v; v++) {
        const char *esc = *v == '\\'   ? "\\\\"
                          : *v == '\t' ? "\\t"
                          : *v == '\n' ? "\\n"
                          : *v == '\r' ? "\\r"
                                       : NULL;
        if (esc == NULL)
            continue;
        put_bytes(t, run, (size_t)(v - run));
        put_bytes(t, esc, 2);
        run = v + 1;
    }
    put_bytes(t, run, (size_t)(v - run));
}

/* The row of the values P. */
static void put_row(struct copy_text *t, const kr_params *p)
{
    int i;

    for (i = 0; i < p->n; i++) {
        if (i > 0)
            put_bytes(t, "\t", 1);
        put_value(t, p->v[i]);
    }
    put_bytes(t, "\n", 1);
}

/* Sends the rows T by SQL ("COPY table (columns) FROM STDIN"); none, no
 * statement. */
static kring_status send_rows(kring_store *s, const char *sql,
                              struct copy_text *t, kring_error *err)
{
    kring_status rc = t->failed ? kr_nomem(err) : KRING_OK;

    if (rc == KRING_OK && t->n > 0)
        rc = kr_pg_copy_in(s, sql, t->b, t->n, err);
    kr_free(t->b);
    memset(t, 0, sizeof *t);
    return rc;
}

char *kr_pg_text_array(const char *const *v, size_t n)
{
    struct copy_text t = {NULL, 0, 0, 0};
    const char *c;
    size_t i;

    put_bytes(&t, "{", 1);
    for (i = 0; i < n; i++) {
        put_bytes(&t, i ? ",\"" : "\"", i ? 2 : 1);
        for (c = v[i]; *c; c++) {
            if (*c == '"' || *c == '\\')
                put_bytes(&t, "\\", 1);
            put_bytes(&t, c, 1);
        }
        put_bytes(&t, "\"", 1);
    }
    put_bytes(&t, "}", 2); /* with the terminating NUL */
    if (t.failed) {
        kr_free(t.b);
        return NULL;
    }
    return t.b;
}

/* What each case being copied meets, in the order of the cases. */
struct meets {
    long long case_key, last_person_key, version;
    long long team_id, responsible; /* a replaced case keeps them; 0: none */
    int found;
};

/* Locks the rows of the N cases C that are there and reads their numbers
 * into M; a case not there is given a new number of the sequence. */
static kring_status meet(kring_store *s, const kring_case *const *c, size_t n,
                         struct meets *m, kring_error *err)
{
    PGresult *r = NULL;
    kr_params q = {0};
    const char **code = kr_calloc(n, sizeof *code);
    char *codes = NULL;
    kring_status rc;
    int i;

    for (i = 0; code != NULL && (size_t)i < n; i++)
        code[i] = c[i]->code;
    if (code != NULL)
        codes = kr_pg_text_array(code, n);
    kr_free(code);
    if (codes == NULL)
        return kr_nomem(err);
    kr_param_text(&q, codes);
    /* coalesce() leaves nextval() alone for a case that is there. */
    rc = kr_pg_run(s,
                   "WITH old AS (SELECT code, case_key, last_person_key, "
                   "version, team_id, responsible FROM cases WHERE code = "
                   "ANY($1::text[]) FOR UPDATE) SELECT o.code IS NOT NULL, "
                   "coalesce(o.case_key, nextval('case_keys')), "
                   "coalesce(o.last_person_key, 0), coalesce(o.version, 0), "
                   "coalesce(o.team_id, 0), coalesce(o.responsible, 0) FROM "
                   "unnest($1::text[]) WITH "
                   "ORDINALITY AS w(code, at) LEFT JOIN old o ON o.code = "
                   "w.code ORDER BY w.at",
                   &q, &r, err);
    kr_free(codes);
    if (rc == KRING_OK && (size_t)PQntuples(r) != n)
        rc = kr_error_set(err, KRING_ERR_DB, "%s",
                          _("the database answered with the wrong number of "
                            "cases"));
    for (i = 0; rc == KRING_OK && (size_t)i < n; i++) {
        m[i].found = PQgetvalue(r, i, 0)[0] == 't';
        m[i].case_key = kr_pg_int(r, i, 1, 0);
        m[i].last_person_key = kr_pg_int(r, i, 2, 0);
        m[i].version = kr_pg_int(r, i, 3, 0);
        m[i].team_id = kr_pg_int(r, i, 4, 0);
        m[i].responsible = kr_pg_int(r, i, 5, 0);
    }
    PQclear(r);
    return rc;
}

/* The rows of case C: its own into T[0], its people's, ties', snapshots',
 * choices', suggestions' and outcomes' into T[1] to T[6]. A replaced case goes
 * on from its old version (one starting again at 0 could come back to one a
 * drawing was kept under) and from the higher of the two counters of
 * people (a number the replaced case's log used is never given again). */
#define TABLES 8
static kring_status put_case(struct copy_text *t, const kring_case *c,
                             const kring_case_keys *k, const struct meets *m,
                             kring_error *err)
{
    long long last = k->last_person_key > m->last_person_key
                         ? k->last_person_key
                         : m->last_person_key;
    kr_params q = {0};
    kring_status rc = KRING_OK;
    size_t i;

    kr_pg_bind_case(&q, c);
    kr_param_int(&q, m->case_key);
    kr_param_int(&q, last);
    kr_param_int(&q, m->found ? m->version + 1 : 0);
    kr_param_int_or_null(&q, m->team_id, 0);
    kr_param_int_or_null(&q, m->responsible, 0);
    put_row(&t[0], &q);
    for (i = 0; i < c->n_people; i++) {
        kr_params p = {0};
        kr_pg_bind_person(&p, c->code, &c->people[i]);
        kr_param_int(&p, k->person[i]);
        kr_param_int(&p, (long long)i + 1);
        put_row(&t[1], &p);
    }
    for (i = 0; i < c->n_ties; i++) {
        kr_params p = {0};
        kr_pg_bind_tie(&p, c->code, &c->ties[i]);
        kr_param_int(&p, (long long)i + 1);
        put_row(&t[2], &p);
    }
    for (i = 0; rc == KRING_OK && i < c->n_snapshots; i++) {
        kr_params p = {0};
        char *network = NULL;
        rc = kr_pg_bind_snapshot(&p, c->code, &c->snapshots[i], &network, err);
        if (rc == KRING_OK)
            put_row(&t[3], &p);
        kr_free(network);
    }
    for (i = 0; i < c->n_choices; i++) {
        kr_params p = {0};
        kr_pg_bind_choice(&p, c->code, &c->choices[i]);
        put_row(&t[4], &p);
    }
    for (i = 0; i < c->n_suggestions; i++) {
        kr_params p = {0};
        kr_pg_bind_suggestion(&p, c->code, &c->suggestions[i]);
        kr_param_int(&p, (long long)i + 1);
        put_row(&t[5], &p);
    }
    for (i = 0; i < c->n_outcomes; i++) {
        kr_params p = {0};
        kr_pg_bind_outcome(&p, c->code, &c->outcomes[i]);
        kr_param_int(&p, (long long)i + 1);
        put_row(&t[6], &p);
    }
    return rc;
}

/* Each table's COPY, in the order of their keys: T[i] by copy_sql[i]. */
static const char *const copy_sql[TABLES] = {
    "COPY cases (code, name, birth_year, notes, extra, file_extra, case_key, "
    "last_person_key, version, team_id, responsible) FROM STDIN",
    "COPY people (" PERSON_NAMES ", person_key, seq) FROM STDIN",
    "COPY ties (case_code, a, b, strength, quality, extra, seq) FROM STDIN",
    "COPY snapshots (case_code, label, taken, network, extra) FROM STDIN",
    "COPY choices (case_code, person, date, status, note, extra) FROM STDIN",
    "COPY suggestions (case_code, date, kind, person, name, ring, sector, "
    "status, decided, extra, seq) FROM STDIN",
    "COPY outcomes (case_code, date, placement, secure_care, school, goals, "
    "ended_as_planned, satisfaction, notes, extra, seq) FROM STDIN",
    "COPY audit (\"user\", command, kind, event, case_key) FROM STDIN"};

kring_status kr_pg_put_copies(kring_store *s, const kring_case *const *c,
                              const kring_case_keys *k, size_t n, bool replace,
                              long long *case_key, size_t *taken,
                              kring_error *err)
{
    struct copy_text t[TABLES];
    struct meets *m = NULL;
    kring_status rc;
    size_t i;
    int j;

    memset(t, 0, sizeof t);
    if (n == 0)
        return KRING_OK;
    if ((m = kr_calloc(n, sizeof *m)) == NULL)
        return kr_nomem(err);
    if ((rc = kr_pg_op_begin(s, err))) {
        kr_free(m);
        return rc;
    }
    rc = meet(s, c, n, m, err);
    for (i = 0; rc == KRING_OK && i < n; i++)
        if (m[i].found && !replace) {
            *taken = i;
            rc = kr_error_set(err, KRING_ERR_EXISTS,
                              _("case '%s' already exists"), c[i]->code);
        }
    for (i = 0; rc == KRING_OK && i < n; i++)
        if (m[i].found) {
            kr_params q = {0};
            kr_param_text(&q, c[i]->code);
            rc = kr_pg_run(s, "DELETE FROM cases WHERE code = $1", &q, NULL,
                           err);
            PG(s)->erased = 1;
        }
    for (i = 0; rc == KRING_OK && i < n; i++) {
        kr_params q = {0};
        rc = put_case(t, c[i], &k[i], &m[i], err);
        kr_param_text(&q, s->user);
        kr_param_text(&q, s->command);
        kr_param_text(&q, "change");
        kr_param_text(&q, "case copied in");
        kr_param_int(&q, m[i].case_key);
        put_row(&t[TABLES - 1], &q);
    }
    for (j = 0; j < TABLES; j++) {
        if (rc == KRING_OK)
            rc = send_rows(s, copy_sql[j], &t[j], err);
        /* Another made a case of one of these codes since the rows were
         * locked. */
        if (j == 0 && rc == KRING_ERR_INVALID && kr_pg_taken(s))
            rc = kr_error_set(err, KRING_ERR_EXISTS, "%s",
                              _("a case being copied was made in the store "
                                "copied to at the same time"));
        kr_free(t[j].b);
    }
    for (i = 0; rc == KRING_OK && i < n; i++)
        case_key[i] = m[i].case_key;
    kr_free(m);
    return kr_pg_op_end(s, rc, err);
}

kring_status kr_pg_append_audit(kring_store *s, const kring_audit_entry *e,
                                size_t n, kring_error *err)
{
    struct copy_text t = {NULL, 0, 0, 0};
    kring_status rc;
    size_t i;

    for (i = 0; i < n; i++) {
        kr_params q = {0};
        kr_param_text(&q, e[i].at);
        kr_param_text(&q, e[i].user);
        kr_param_text(&q, e[i].command);
        kr_param_text(&q, e[i].kind[0] ? e[i].kind
                          : e[i].read  ? "read"
                                       : "change");
        kr_param_text(&q, e[i].event);
        kr_param_int_or_null(&q, e[i].case_key, 0);
        kr_param_int_or_null(&q, e[i].person_key, 0);
        kr_param_int_or_null(&q, e[i].other_key, 0);
        put_row(&t, &q);
    }
    if ((rc = kr_pg_op_begin(s, err))) {
        kr_free(t.b);
        return rc;
    }
    /* In their order: the log's own numbers (seq) follow it. */
    rc = send_rows(s,
                   "COPY audit (at, \"user\", command, kind, event, "
                   "case_key, person_key, other_key) FROM STDIN",
                   &t, err);
    return kr_pg_op_end(s, rc, err);
}
