/* Cases out of PostgreSQL: the list, a case loaded whole or its network
 * only, many cases read back by db copy, each in one transaction that
 * sees the database at one moment; the walks over every case are
 * walk.c's. */
#include <stdlib.h>
#include <string.h>

#include "case_internal.h"
#include "casefile_internal.h"
#include "pg_internal.h"

static int col_enum(const PGresult *r, int row, int col, kring_enum e,
                    int unknown)
{
    int x = PQgetisnull(r, row, col)
                ? -1
                : kring_enum_parse(e, PQgetvalue(r, row, col));

    return x >= 0 ? x : unknown;
}

static int col_bool(const PGresult *r, int row, int col)
{
    return PQgetvalue(r, row, col)[0] == 't';
}

static double col_real(const PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col) ? -1
                                    : strtod(PQgetvalue(r, row, col), NULL);
}

static kring_status person_row(const PGresult *r, int i, kring_person *p,
                               kring_error *err)
{
    kring_person_init(p, (kring_role)col_enum(r, i, 2, KRING_ENUM_ROLE, 0),
                      (int)kr_pg_int(r, i, 4, 1));
    p->sector = (kring_sector)col_enum(r, i, 3, KRING_ENUM_SECTOR, 0);
    p->age = (int)kr_pg_int(r, i, 5, -1);
    p->contact = (kring_contact)col_enum(r, i, 6, KRING_ENUM_CONTACT, 0);
    p->known_years = PQgetisnull(r, i, 7) ? -1 : kr_tenths(col_real(r, i, 7));
    p->support = (unsigned)kr_pg_int(r, i, 8, 0);
    p->hours_per_week = col_real(r, i, 9);
    p->travel_minutes = (int)kr_pg_int(r, i, 10, -1);
    p->reachable = (kring_reachable)col_enum(r, i, 11, KRING_ENUM_REACHABLE, 0);
    p->quality = (kring_quality)col_enum(r, i, 12, KRING_ENUM_QUALITY, 0);
    p->status = (kring_pstatus)col_enum(r, i, 13, KRING_ENUM_STATUS, 0);
    p->formal = col_bool(r, i, 14);
    p->willing = (kring_willing)col_enum(r, i, 15, KRING_ENUM_WILLING, 0);
    p->concern = col_bool(r, i, 16);
    p->frightens = col_bool(r, i, 17);
    p->nominated = col_bool(r, i, 18);
    p->lives_with_child = col_bool(r, i, 19);
    p->adult = PQgetisnull(r, i, 20) ? -1 : col_bool(r, i, 20);
    if (kr_pg_dup(r, i, 0, 1, &p->id) || kr_pg_dup(r, i, 1, 1, &p->name) ||
        kr_pg_dup(r, i, 21, 1, &p->notes) ||
        kr_pg_dup(r, i, 22, 0, &p->extra) ||
        kr_pg_dup(r, i, 23, 0, &p->youth_note)) {
        kring_person_release(p);
        return kr_nomem(err);
    }
    return KRING_OK;
}

kring_status kr_pg_add_person(kring_case *c, const PGresult *r, int i,
                              kring_error *err)
{
    kring_status rc;

    if (kr_grow(&c->people, &c->cap_people, c->n_people + 1, sizeof *c->people))
        return kr_nomem(err);
    if ((rc = person_row(r, i, &c->people[c->n_people], err)))
        return rc;
    c->n_people++;
    return KRING_OK;
}

kring_status kr_pg_add_tie(kring_case *c, const PGresult *r, int i,
                           kring_error *err)
{
    kring_tie *t;

    if (kr_grow(&c->ties, &c->cap_ties, c->n_ties + 1, sizeof *c->ties))
        return kr_nomem(err);
    t = &c->ties[c->n_ties++];
    t->strength = (kring_strength)col_enum(r, i, 2, KRING_ENUM_STRENGTH, 0);
    t->quality =
        (kring_tie_quality)col_enum(r, i, 3, KRING_ENUM_TIE_QUALITY, 0);
    if (kr_pg_dup(r, i, 0, 1, &t->a) || kr_pg_dup(r, i, 1, 1, &t->b) ||
        kr_pg_dup(r, i, 4, 0, &t->extra))
        return kr_nomem(err);
    return KRING_OK;
}

/* A case's own row into C, its number into *KEY. */
kring_status kr_pg_head_row(kring_case *c, const PGresult *r, int i,
                            long long *key, kring_error *err)
{
    *key = kr_pg_int(r, i, 6, 0);
    c->birth_year = (int)kr_pg_int(r, i, 2, 0);
    if (kr_pg_dup(r, i, 0, 1, &c->code) || kr_pg_dup(r, i, 1, 1, &c->name) ||
        kr_pg_dup(r, i, 3, 1, &c->notes) || kr_pg_dup(r, i, 4, 0, &c->extra) ||
        kr_pg_dup(r, i, 5, 0, &c->file_extra))
        return kr_nomem(err);
    return KRING_OK;
}

/* Folds every row of R into the FNV-1a digest *H: each value's null flag,
 * length and bytes. */
static void fold_rows(uint64_t *h, const PGresult *r)
{
    int i, j, n = PQnfields(r);

    for (i = 0; i < PQntuples(r); i++) {
        for (j = 0; j < n; j++) {
            unsigned char null = (unsigned char)PQgetisnull(r, i, j);
            uint32_t len = (uint32_t)PQgetlength(r, i, j);
            kr_fold(h, &null, 1);
            kr_fold(h, &len, sizeof len);
            kr_fold(h, PQgetvalue(r, i, j), len);
        }
        kr_fold(h, "\n", 1);
    }
    kr_fold(h, "\f", 1);
}

/* --- one transaction for a read ----------------------------------------- */

/* A read of several statements sees one moment: in a transaction of its
 * own (*OWN) unless one is open. */
kring_status kr_pg_read_begin(kring_store *s, int *own, kring_error *err)
{
    *own = PQtransactionStatus(PG(s)->conn) == PQTRANS_IDLE;
    return *own ? kr_pg_run(s, "BEGIN ISOLATION LEVEL REPEATABLE READ", NULL,
                            NULL, err)
                : KRING_OK;
}

kring_status kr_pg_read_end(kring_store *s, int own, kring_status rc,
                            kring_error *err)
{
    if (!own)
        return rc;
    if (rc == KRING_OK)
        return kr_pg_run(s, "COMMIT", NULL, NULL, err);
    PQclear(PQexec(PG(s)->conn, "ROLLBACK"));
    return rc;
}

/* --- listing ------------------------------------------------------------ */

kring_status kr_pg_summary_of(const PGresult *r, int i, kring_case_summary *cs)
{
    cs->code = PQgetvalue(r, i, 0);
    cs->name = PQgetvalue(r, i, 1);
    cs->birth_year = (int)kr_pg_int(r, i, 2, 0);
    cs->n_people = (size_t)kr_pg_int(r, i, 3, 0);
    cs->n_ties = (size_t)kr_pg_int(r, i, 4, 0);
    if (kring_evaluation_due_from(
            PQgetisnull(r, i, 5) ? NULL : PQgetvalue(r, i, 5),
            PQgetisnull(r, i, 6) ? NULL : PQgetvalue(r, i, 6),
            (int)kr_pg_int(r, i, 7, 0), cs->evaluation_due) == NULL)
        cs->evaluation_due[0] = '\0';
    return KRING_OK;
}

kring_status kr_pg_list_cases(kring_store *s, kring_case_summary **out,
                              size_t *n, kring_error *err)
{
    return kr_pg_list(s, kr_pg_read_logged(s), out, n, err);
}

kring_status kr_pg_list(kring_store *s, int log, kring_case_summary **out,
                        size_t *n, kring_error *err)
{
    kring_case_summary *list = NULL;
    PGresult *r = NULL;
    kring_status rc;
    int i, rows;

    *out = NULL;
    *n = 0;
    if ((rc = kr_pg_run(s, LIST_SQL, NULL, &r, err)))
        return rc;
    rows = PQntuples(r);
    if (rows > 0 && (list = kr_calloc((size_t)rows, sizeof *list)) == NULL)
        rc = kr_nomem(err);
    for (i = 0; rc == KRING_OK && i < rows; i++) {
        kring_case_summary cs;
        kr_pg_summary_of(r, i, &cs);
        list[i] = cs;
        list[i].code = kr_strdup(cs.code);
        list[i].name = kr_strdup(cs.name);
        if (list[i].code == NULL || list[i].name == NULL)
            rc = kr_nomem(err);
    }
    PQclear(r);
    /* Logged after the reading, before anything is returned. */
    if (rc == KRING_OK && log)
        rc = kr_pg_log_list(s, err);
    if (rc != KRING_OK) {
        kring_case_summaries_free(list, (size_t)rows);
        return rc;
    }
    *out = list;
    *n = (size_t)rows;
    return KRING_OK;
}

/* --- one case ----------------------------------------------------------- */

struct growing {
    size_t snapshots, choices, suggestions, outcomes;
};

static kring_status add_snapshot(kring_case *c, struct growing *g,
                                 const PGresult *r, int i, kring_error *err)
{
    kring_snapshot *sn;

    if (kr_grow(&c->snapshots, &g->snapshots, c->n_snapshots + 1,
                sizeof *c->snapshots))
        return kr_nomem(err);
    sn = &c->snapshots[c->n_snapshots++];
    if (kr_pg_dup(r, i, 0, 1, &sn->label) ||
        kr_pg_dup(r, i, 1, 1, &sn->taken) || kr_pg_dup(r, i, 3, 0, &sn->extra))
        return kr_nomem(err);
    return kr_network_parse(PQgetvalue(r, i, 2), sn, err);
}

static kring_status add_choice(kring_case *c, struct growing *g,
                               const PGresult *r, int i, kring_error *err)
{
    kring_choice *ch;

    if (kr_grow(&c->choices, &g->choices, c->n_choices + 1, sizeof *c->choices))
        return kr_nomem(err);
    ch = &c->choices[c->n_choices++];
    ch->status =
        (kring_choice_status)col_enum(r, i, 2, KRING_ENUM_CHOICE_STATUS, 0);
    if (kr_pg_dup(r, i, 0, 1, &ch->person) ||
        kr_pg_dup(r, i, 1, 1, &ch->date) || kr_pg_dup(r, i, 3, 1, &ch->note) ||
        kr_pg_dup(r, i, 4, 0, &ch->extra))
        return kr_nomem(err);
    return KRING_OK;
}

static kring_status add_suggestion(kring_case *c, struct growing *g,
                                   const PGresult *r, int i, kring_error *err)
{
    kring_suggestion *sg;

    if (kr_grow(&c->suggestions, &g->suggestions, c->n_suggestions + 1,
                sizeof *c->suggestions))
        return kr_nomem(err);
    sg = &c->suggestions[c->n_suggestions++];
    sg->kind =
        (kring_suggestion_kind)col_enum(r, i, 1, KRING_ENUM_SUGGESTION_KIND, 0);
    sg->ring = (int)kr_pg_int(r, i, 4, 0);
    sg->sector =
        (kring_sector)col_enum(r, i, 5, KRING_ENUM_SECTOR, KRING_SECTOR_COUNT);
    sg->status = (kring_suggestion_status)col_enum(
        r, i, 6, KRING_ENUM_SUGGESTION_STATUS, 0);
    if (kr_pg_dup(r, i, 0, 1, &sg->date) ||
        kr_pg_dup(r, i, 2, 0, &sg->person) ||
        kr_pg_dup(r, i, 3, 0, &sg->name) ||
        kr_pg_dup(r, i, 7, 0, &sg->decided) ||
        kr_pg_dup(r, i, 8, 0, &sg->extra))
        return kr_nomem(err);
    return KRING_OK;
}

static kring_status add_outcome(kring_case *c, struct growing *g,
                                const PGresult *r, int i, kring_error *err)
{
    kring_outcome *o;

    if (kr_grow(&c->outcomes, &g->outcomes, c->n_outcomes + 1,
                sizeof *c->outcomes))
        return kr_nomem(err);
    o = &c->outcomes[c->n_outcomes++];
    kring_outcome_init(o);
    o->placement = (kring_placement)col_enum(r, i, 1, KRING_ENUM_PLACEMENT, 0);
    o->secure_care =
        (kring_placement)col_enum(r, i, 2, KRING_ENUM_PLACEMENT, 0);
    o->school = (kring_school)col_enum(r, i, 3, KRING_ENUM_SCHOOL, 0);
    o->goals = (kring_goals)col_enum(r, i, 4, KRING_ENUM_GOALS, 0);
    o->ended_as_planned = (int)kr_pg_int(r, i, 5, -1);
    o->satisfaction = (int)kr_pg_int(r, i, 6, -1);
    if (kr_pg_dup(r, i, 0, 1, &o->date) || kr_pg_dup(r, i, 7, 1, &o->notes) ||
        kr_pg_dup(r, i, 8, 0, &o->extra))
        return kr_nomem(err);
    return KRING_OK;
}

typedef kring_status (*part_fn)(kring_case *c, struct growing *g,
                                const PGresult *r, int i, kring_error *err);

/* Adds each row of R to C with ADD. */
static kring_status add_rows(kring_case *c, struct growing *g,
                             const PGresult *r, part_fn add, kring_error *err)
{
    kring_status rc = KRING_OK;
    int i;

    for (i = 0; rc == KRING_OK && i < PQntuples(r); i++)
        rc = add(c, g, r, i, err);
    return rc;
}

static kring_status part_person(kring_case *c, struct growing *g,
                                const PGresult *r, int i, kring_error *err)
{
    (void)g;
    return kr_pg_add_person(c, r, i, err);
}

static kring_status part_tie(kring_case *c, struct growing *g,
                             const PGresult *r, int i, kring_error *err)
{
    (void)g;
    return kr_pg_add_tie(c, r, i, err);
}

/* The statements that read a case ($1 its code), in one pipeline: its
 * row, people and ties, and the whole case's snapshots, choices and
 * suggestions. */
#define PARTS 7
#define OUTCOME_COLUMNS                                                        \
    "date, placement, secure_care, school, goals, ended_as_planned::int, "     \
    "satisfaction, notes, extra"
static const char *const part_sql[PARTS] = {
    "SELECT " CASE_COLUMNS " FROM cases WHERE code = $1",
    "SELECT " PEOPLE_COLUMNS " FROM people WHERE case_code = $1 ORDER BY seq",
    "SELECT " TIE_COLUMNS " FROM ties WHERE case_code = $1 ORDER BY seq",
    "SELECT label, taken, network, extra FROM snapshots WHERE case_code = $1 "
    "ORDER BY made",
    "SELECT person, date, status, note, extra FROM choices WHERE case_code = "
    "$1 ORDER BY made",
    "SELECT date, kind, person, name, ring, sector, status, decided, extra "
    "FROM suggestions WHERE case_code = $1 ORDER BY seq",
    "SELECT " OUTCOME_COLUMNS " FROM outcomes WHERE case_code = $1 ORDER BY "
    "seq"};
static const part_fn part_add[PARTS] = {
    NULL,       part_person,    part_tie,   add_snapshot,
    add_choice, add_suggestion, add_outcome};

/* Sends the statements that read case CODE ((P) its code) in the
 * pipeline PP, whole or its network only (the first 3), the case's row
 * locked with LOCK. */
static void read_send(kring_store *s, kr_pipe *pp, const kr_params *p,
                      int whole, int lock)
{
    int i;

    kr_pg_pipe_send(s, pp,
                    lock ? "SELECT " CASE_COLUMNS
                           " FROM cases WHERE code = $1 FOR UPDATE"
                         : part_sql[0],
                    p);
    for (i = 1; i < (whole ? PARTS : 3); i++)
        kr_pg_pipe_send(s, pp, part_sql[i], p);
}

/* The case CODE of the results R of read_send() into a new case *OUT
 * (its number into *KEY, the rows folded into *STAMP); R cleared. */
static kring_status read_take(PGresult **r, const char *code, int whole,
                              kring_case **out, long long *key, uint64_t *stamp,
                              kring_error *err)
{
    struct growing g = {0, 0, 0, 0};
    kring_case *c = kring_case_new();
    int n = whole ? PARTS : 3, i;
    kring_status rc = c == NULL ? kr_nomem(err) : KRING_OK;

    *out = NULL;
    if (stamp != NULL)
        *stamp = 14695981039346656037ULL;
    if (rc == KRING_OK && PQntuples(r[0]) == 0)
        rc = kr_error_set(err, KRING_ERR_NOT_FOUND, _("no case '%s'"), code);
    if (rc == KRING_OK && stamp != NULL)
        for (i = 0; i < 3; i++)
            fold_rows(stamp, r[i]);
    if (rc == KRING_OK)
        rc = kr_pg_head_row(c, r[0], 0, key, err);
    for (i = 1; rc == KRING_OK && i < n; i++)
        rc = add_rows(c, &g, r[i], part_add[i], err);
    for (i = 0; i < n; i++) {
        PQclear(r[i]);
        r[i] = NULL;
    }
    if (rc != KRING_OK) {
        kring_case_free(c);
        return rc;
    }
    *out = c;
    return KRING_OK;
}

/* Reads case CODE into a new case *OUT (its number into *KEY), in one
 * round trip to the server: in a transaction that changes, after locking
 * the case's row, so that what a change reads stays so until it commits. */
static kring_status read_case(kring_store *s, const char *code, int whole,
                              kring_case **out, long long *key, uint64_t *stamp,
                              kring_error *err)
{
    PGresult *r[PARTS] = {NULL};
    kr_params p = {0};
    kring_status rc;
    kr_pipe pp;

    *out = NULL;
    kr_param_text(&p, code);
    if ((rc = kr_pg_pipe_start(s, &pp, err)))
        return rc;
    read_send(s, &pp, &p, whole, PG(s)->in_tx && !s->readonly);
    if ((rc = kr_pg_pipe_end(s, &pp, r, PARTS, err)))
        return rc;
    return read_take(r, code, whole, out, key, stamp, err);
}

/* kr_pg_read_back(): the statements of part_sql[] for many cases ($1 an
 * array of their codes), each row's case code its last column. */
static const char *const back_sql[PARTS] = {
    "SELECT " CASE_COLUMNS ", code FROM cases WHERE code = ANY($1::text[])",
    "SELECT " PEOPLE_COLUMNS ", case_code FROM people WHERE case_code = "
    "ANY($1::text[]) ORDER BY case_code, seq",
    "SELECT " TIE_COLUMNS ", case_code FROM ties WHERE case_code = "
    "ANY($1::text[]) ORDER BY case_code, seq",
    "SELECT label, taken, network, extra, case_code FROM snapshots WHERE "
    "case_code = ANY($1::text[]) ORDER BY case_code, made",
    "SELECT person, date, status, note, extra, case_code FROM choices WHERE "
    "case_code = ANY($1::text[]) ORDER BY case_code, made",
    "SELECT date, kind, person, name, ring, sector, status, decided, extra, "
    "case_code FROM suggestions WHERE case_code = ANY($1::text[]) ORDER BY "
    "case_code, seq",
    "SELECT " OUTCOME_COLUMNS ", case_code FROM outcomes WHERE case_code = "
    "ANY($1::text[]) ORDER BY case_code, seq"};

/* Cases read back at a time. */
#define READ_BACK 100

/* The index in CODE (N) of the case of row I of R, or -1. */
static long row_case(const PGresult *r, int i, const char *const *code,
                     size_t n)
{
    const char *v = PQgetvalue(r, i, PQnfields(r) - 1);
    size_t k;

    for (k = 0; k < n; k++)
        if (strcmp(code[k], v) == 0)
            return (long)k;
    return -1;
}

/* The N (at most READ_BACK) cases CODE whole into OUT, in one round trip:
 * each table's rows of them all by one statement. */
static kring_status read_many(kring_store *s, const char *const *code, size_t n,
                              kring_case **out, kring_error *err)
{
    struct growing g[READ_BACK];
    PGresult *r[PARTS] = {NULL};
    kr_params q = {0};
    char *codes = kr_pg_text_array(code, n);
    kring_status rc = codes == NULL ? kr_nomem(err) : KRING_OK;
    long at = -1;
    long long key;
    size_t i;
    int p, row;
    kr_pipe pp;

    memset(g, 0, sizeof g);
    for (i = 0; rc == KRING_OK && i < n; i++)
        if ((out[i] = kring_case_new()) == NULL)
            rc = kr_nomem(err);
    kr_param_text(&q, codes);
    if (rc == KRING_OK && (rc = kr_pg_pipe_start(s, &pp, err)) == KRING_OK) {
        for (p = 0; p < PARTS; p++)
            kr_pg_pipe_send(s, &pp, back_sql[p], &q);
        rc = kr_pg_pipe_end(s, &pp, r, PARTS, err);
    }
    kr_free(codes);
    for (row = 0; rc == KRING_OK && r[0] && row < PQntuples(r[0]); row++)
        if ((at = row_case(r[0], row, code, n)) >= 0)
            rc = kr_pg_head_row(out[at], r[0], row, &key, err);
    for (i = 0; rc == KRING_OK && i < n; i++)
        if (out[i]->code == NULL)
            rc = kr_error_set(err, KRING_ERR_NOT_FOUND, _("no case '%s'"),
                              code[i]);
    /* The rows of a case come together: its index is looked for once. */
    for (p = 1; p < PARTS; p++)
        for (row = 0; rc == KRING_OK && row < PQntuples(r[p]); row++) {
            if (row == 0 ||
                strcmp(PQgetvalue(r[p], row, PQnfields(r[p]) - 1),
                       PQgetvalue(r[p], row - 1, PQnfields(r[p]) - 1)) != 0)
                at = row_case(r[p], row, code, n);
            rc = at < 0 ? kr_error_set(err, KRING_ERR_DB, "%s",
                                       _("the database answered with a row "
                                         "of a case not asked for"))
                        : part_add[p](out[at], &g[at], r[p], row, err);
        }
    for (p = 0; p < PARTS; p++)
        PQclear(r[p]);
    return rc;
}

kring_status kr_pg_read_back(kring_store *s, const char *const *code, size_t n,
                             kring_case **out, kring_error *err)
{
    kring_status rc = KRING_OK;
    size_t at, i;

    for (i = 0; i < n; i++)
        out[i] = NULL;
    for (at = 0; rc == KRING_OK && at < n; at += READ_BACK)
        rc = read_many(s, code + at, n - at < READ_BACK ? n - at : READ_BACK,
                       out + at, err);
    if (rc != KRING_OK)
        for (i = 0; i < n; i++) {
            kring_case_free(out[i]);
            out[i] = NULL;
        }
    return rc;
}

kring_status kr_pg_load_case(kring_store *s, const char *code, int whole,
                             int log, kring_case **out, uint64_t *stamp,
                             kring_error *err)
{
    long long key = 0;
    kring_status rc;
    int own = 0;

    *out = NULL;
    if ((rc = kr_pg_read_begin(s, &own, err)))
        return rc;
    rc = read_case(s, code, whole, out, &key, stamp, err);
    if (rc == KRING_OK && log && !kr_read_seen(key))
        rc = kr_pg_log_reads(s, &key, 1, err);
    rc = kr_pg_read_end(s, own, rc, err);
    if (rc != KRING_OK) {
        kring_case_free(*out);
        *out = NULL;
    }
    return rc;
}

kring_status kr_pg_load(kring_store *s, const char *code, int whole,
                        kring_case **out, uint64_t *stamp, kring_error *err)
{
    return kr_pg_load_case(s, code, whole, kr_pg_read_logged(s), out, stamp,
                           err);
}

kring_status kr_pg_case_version(kring_store *s, const char *code,
                                uint64_t *version, kring_error *err)
{
    unsigned long long parts[2];
    uint64_t h = 14695981039346656037ULL;
    PGresult *r = NULL;
    kr_params p = {0};
    long long key;
    kring_status rc;

    *version = 0;
    kr_param_text(&p, code);
    if ((rc =
             kr_pg_run(s, "SELECT case_key, version FROM cases WHERE code = $1",
                       &p, &r, err)))
        return rc;
    if (PQntuples(r) == 0) {
        PQclear(r);
        return kr_error_set(err, KRING_ERR_NOT_FOUND, _("no case '%s'"), code);
    }
    key = kr_pg_int(r, 0, 0, 0);
    parts[0] = (unsigned long long)key;
    parts[1] = (unsigned long long)kr_pg_int(r, 0, 1, 0);
    PQclear(r);
    if (kr_pg_read_logged(s) && !kr_read_seen(key) &&
        (rc = kr_pg_log_reads(s, &key, 1, err)))
        return rc;
    kr_fold(&h, parts, sizeof parts);
    *version = h;
    return KRING_OK;
}
