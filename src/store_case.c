/* Cases as rows: listing, loading and storing whole cases, and the single
 * changes the commands make. */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "case_internal.h"
#include "casefile_internal.h"
#include "store_internal.h"

static void bind_text_or_null(sqlite3_stmt *st, int i, const char *v)
{
    if (v != NULL)
        sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

static void bind_enum_or_null(sqlite3_stmt *st, int i, kring_enum e, int v)
{
    bind_text_or_null(st, i, kring_enum_name(e, v));
}

static void bind_int_or_null(sqlite3_stmt *st, int i, long long v,
                             long long unknown)
{
    if (v != unknown)
        sqlite3_bind_int64(st, i, v);
    else
        sqlite3_bind_null(st, i);
}

/* The next place in the case's order of rows (the schema's seq). */
#define NEXT_SEQ(table)                                                        \
    "(SELECT coalesce(max(seq), 0) + 1 FROM " table " WHERE case_code = ?1)"

static const char insert_person_sql[] =
    "INSERT INTO people (case_code, id, name, role, sector, ring, age, "
    "contact, known_years, support, hours_per_week, travel_minutes, "
    "reachable, quality, status, formal, willing, concern, frightens, "
    "nominated, lives_with_child, adult, notes, extra, seq) VALUES (?1, ?2, "
    "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, "
    "?18, ?19, ?20, ?21, ?22, ?23, ?24, " NEXT_SEQ("people") ")";

static const char update_person_sql[] =
    "UPDATE people SET name = ?3, role = ?4, sector = ?5, ring = ?6, "
    "age = ?7, contact = ?8, known_years = ?9, support = ?10, "
    "hours_per_week = ?11, travel_minutes = ?12, reachable = ?13, "
    "quality = ?14, status = ?15, formal = ?16, willing = ?17, "
    "concern = ?18, frightens = ?19, nominated = ?20, "
    "lives_with_child = ?21, adult = ?22, notes = ?23, extra = ?24 "
    "WHERE case_code = ?1 AND id = ?2";

static const char select_people_sql[] =
    "SELECT id, name, role, sector, ring, age, contact, known_years, "
    "support, hours_per_week, travel_minutes, reachable, quality, status, "
    "formal, willing, concern, frightens, nominated, lives_with_child, "
    "adult, notes, extra FROM people WHERE case_code = ?1 ORDER BY seq";

static void bind_person(sqlite3_stmt *st, const char *code,
                        const kring_person *p)
{
    sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, p->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, p->name, -1, SQLITE_STATIC);
    bind_enum_or_null(st, 4, KRING_ENUM_ROLE, (int)p->role);
    bind_enum_or_null(st, 5, KRING_ENUM_SECTOR, (int)p->sector);
    sqlite3_bind_int(st, 6, p->ring);
    bind_int_or_null(st, 7, p->age, -1);
    bind_enum_or_null(st, 8, KRING_ENUM_CONTACT, (int)p->contact);
    bind_int_or_null(st, 9, p->known_years, -1);
    sqlite3_bind_int(st, 10, (int)p->support);
    if (p->hours_per_week >= 0)
        sqlite3_bind_double(st, 11, p->hours_per_week);
    else
        sqlite3_bind_null(st, 11);
    bind_int_or_null(st, 12, p->travel_minutes, -1);
    bind_enum_or_null(st, 13, KRING_ENUM_REACHABLE, (int)p->reachable);
    bind_enum_or_null(st, 14, KRING_ENUM_QUALITY, (int)p->quality);
    bind_enum_or_null(st, 15, KRING_ENUM_STATUS, (int)p->status);
    sqlite3_bind_int(st, 16, p->formal);
    bind_enum_or_null(st, 17, KRING_ENUM_WILLING, (int)p->willing);
    sqlite3_bind_int(st, 18, p->concern);
    sqlite3_bind_int(st, 19, p->frightens);
    sqlite3_bind_int(st, 20, p->nominated);
    sqlite3_bind_int(st, 21, p->lives_with_child);
    bind_int_or_null(st, 22, p->adult, -1);
    bind_text_or_null(st, 23, p->notes ? p->notes : "");
    bind_text_or_null(st, 24, p->extra);
}

static int column_enum(sqlite3_stmt *st, int col, kring_enum e, int unknown)
{
    const char *v = (const char *)sqlite3_column_text(st, col);
    int x = v ? kring_enum_parse(e, v) : -1;

    return x >= 0 ? x : unknown;
}

static int column_int_or(sqlite3_stmt *st, int col, int unknown)
{
    return sqlite3_column_type(st, col) == SQLITE_NULL
               ? unknown
               : sqlite3_column_int(st, col);
}

/* Copies a text column (NULL stays NULL unless EMPTY asks for ""). */
static int column_dup(sqlite3_stmt *st, int col, int empty, char **out)
{
    const char *v = (const char *)sqlite3_column_text(st, col);

    if (v == NULL && !empty) {
        *out = NULL;
        return 0;
    }
    *out = kr_strdup(v ? v : "");
    return *out == NULL;
}

static kring_status read_person_row(sqlite3_stmt *st, kring_person *p,
                                    kring_error *err)
{
    kring_person_init(p, (kring_role)column_enum(st, 2, KRING_ENUM_ROLE, 0),
                      sqlite3_column_int(st, 4));
    p->sector = (kring_sector)column_enum(st, 3, KRING_ENUM_SECTOR, 0);
    p->age = column_int_or(st, 5, -1);
    p->contact = (kring_contact)column_enum(st, 6, KRING_ENUM_CONTACT, 0);
    p->known_years = column_int_or(st, 7, -1);
    p->support = (unsigned)sqlite3_column_int(st, 8);
    p->hours_per_week = sqlite3_column_type(st, 9) == SQLITE_NULL
                            ? -1
                            : sqlite3_column_double(st, 9);
    p->travel_minutes = column_int_or(st, 10, -1);
    p->reachable =
        (kring_reachable)column_enum(st, 11, KRING_ENUM_REACHABLE, 0);
    p->quality = (kring_quality)column_enum(st, 12, KRING_ENUM_QUALITY, 0);
    p->status = (kring_pstatus)column_enum(st, 13, KRING_ENUM_STATUS, 0);
    p->formal = sqlite3_column_int(st, 14) != 0;
    p->willing = (kring_willing)column_enum(st, 15, KRING_ENUM_WILLING, 0);
    p->concern = sqlite3_column_int(st, 16) != 0;
    p->frightens = sqlite3_column_int(st, 17) != 0;
    p->nominated = sqlite3_column_int(st, 18) != 0;
    p->lives_with_child = sqlite3_column_int(st, 19) != 0;
    p->adult = column_int_or(st, 20, -1);
    if (column_dup(st, 0, 1, &p->id) || column_dup(st, 1, 1, &p->name) ||
        column_dup(st, 21, 1, &p->notes) || column_dup(st, 22, 0, &p->extra)) {
        kring_person_release(p);
        return kr_nomem(err);
    }
    return KRING_OK;
}

/* Runs SQL, with ?1 bound to CODE unless it is NULL, and calls ROW for
 * each row it returns; stops at the first error. */
typedef kring_status (*row_fn)(sqlite3_stmt *st, void *ctx, kring_error *err);

/* Runs the prepared statement ST like each_row(), then resets it. */
static kring_status run_rows(kring_store *s, sqlite3_stmt *st, const char *code,
                             row_fn row, void *ctx, kring_error *err)
{
    kring_status rc = KRING_OK;
    int r;

    if (code != NULL)
        sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
    while ((r = sqlite3_step(st)) == SQLITE_ROW)
        if ((rc = row(st, ctx, err)))
            break;
    if (rc == KRING_OK && r != SQLITE_DONE)
        rc = kr_db_error(s, r, err);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc;
}

static kring_status each_row(kring_store *s, const char *sql, const char *code,
                             row_fn row, void *ctx, kring_error *err)
{
    sqlite3_stmt *st = NULL;
    kring_status rc;

    if ((rc = kr_prepare(s, sql, &st, err)))
        return rc;
    rc = run_rows(s, st, code, row, ctx, err);
    sqlite3_finalize(st);
    return rc;
}

/* Prepares SQL once and runs it N times, BIND setting its parameters for
 * the Ith time. */
typedef kring_status (*bind_fn)(sqlite3_stmt *st, size_t i, const void *ctx,
                                kring_error *err);

static kring_status each_insert(kring_store *s, const char *sql, size_t n,
                                bind_fn bind, const void *ctx, kring_error *err)
{
    sqlite3_stmt *st = NULL;
    kring_status rc;
    size_t i;

    if ((rc = kr_prepare(s, sql, &st, err)))
        return rc;
    for (i = 0; i < n && rc == KRING_OK; i++)
        if ((rc = bind(st, i, ctx, err)) == KRING_OK)
            rc = kr_step_done(s, st, err);
    sqlite3_finalize(st);
    return rc;
}

struct summaries {
    kring_case_summary *list;
    size_t n, cap;
};

static kring_status summary_row(sqlite3_stmt *st, void *ctx, kring_error *err)
{
    struct summaries *l = ctx;
    kring_case_summary *cs;

    if (kr_grow(&l->list, &l->cap, l->n + 1, sizeof *l->list))
        return kr_nomem(err);
    cs = &l->list[l->n++];
    cs->birth_year = column_int_or(st, 2, 0);
    cs->n_people = (size_t)sqlite3_column_int64(st, 3);
    cs->n_ties = (size_t)sqlite3_column_int64(st, 4);
    if (column_dup(st, 0, 1, &cs->code) || column_dup(st, 1, 1, &cs->name))
        return kr_nomem(err);
    return KRING_OK;
}

kring_status kring_store_list_cases(kring_store *s, kring_case_summary **out,
                                    size_t *n, kring_error *err)
{
    struct summaries l = {NULL, 0, 0};
    kring_status rc;

    rc = each_row(s,
                  "SELECT code, name, birth_year, (SELECT count(*) FROM people "
                  "p WHERE p.case_code = c.code), (SELECT count(*) FROM ties t "
                  "WHERE t.case_code = c.code) FROM cases c ORDER BY code",
                  NULL, summary_row, &l, err);
    if (rc != KRING_OK) {
        kring_case_summaries_free(l.list, l.n);
        l.list = NULL;
        l.n = 0;
    }
    *out = l.list;
    *n = l.n;
    return rc;
}

void kring_case_summaries_free(kring_case_summary *list, size_t n)
{
    size_t i;

    for (i = 0; list != NULL && i < n; i++) {
        kr_free(list[i].code);
        kr_free(list[i].name);
    }
    kr_free(list);
}

static kring_status header_row(sqlite3_stmt *st, void *ctx, kring_error *err)
{
    kring_case *c = ctx;

    c->birth_year = column_int_or(st, 2, 0);
    if (column_dup(st, 0, 1, &c->code) || column_dup(st, 1, 1, &c->name) ||
        column_dup(st, 3, 1, &c->notes) || column_dup(st, 4, 0, &c->extra) ||
        column_dup(st, 5, 0, &c->file_extra))
        return kr_nomem(err);
    return KRING_OK;
}

static kring_status person_row(sqlite3_stmt *st, void *ctx, kring_error *err)
{
    kring_case *c = ctx;
    kring_status rc;

    if (kr_grow(&c->people, &c->cap_people, c->n_people + 1, sizeof *c->people))
        return kr_nomem(err);
    if ((rc = read_person_row(st, &c->people[c->n_people], err)))
        return rc;
    c->n_people++;
    return KRING_OK;
}

static kring_status tie_row(sqlite3_stmt *st, void *ctx, kring_error *err)
{
    kring_case *c = ctx;
    kring_tie *t;

    if (kr_grow(&c->ties, &c->cap_ties, c->n_ties + 1, sizeof *c->ties))
        return kr_nomem(err);
    t = &c->ties[c->n_ties++];
    t->strength = (kring_strength)column_enum(st, 2, KRING_ENUM_STRENGTH, 0);
    t->quality =
        (kring_tie_quality)column_enum(st, 3, KRING_ENUM_TIE_QUALITY, 0);
    if (column_dup(st, 0, 1, &t->a) || column_dup(st, 1, 1, &t->b) ||
        column_dup(st, 4, 0, &t->extra))
        return kr_nomem(err);
    return KRING_OK;
}

/* Snapshots and choices have no capacity field in the case: they are
 * loaded once, and the count is the capacity grown so far. */
struct loading {
    kring_case *c;
    size_t cap_snapshots, cap_choices;
};

static kring_status snapshot_row(sqlite3_stmt *st, void *ctx, kring_error *err)
{
    struct loading *l = ctx;
    kring_case *c = l->c;
    kring_snapshot *sn;

    if (kr_grow(&c->snapshots, &l->cap_snapshots, c->n_snapshots + 1,
                sizeof *c->snapshots))
        return kr_nomem(err);
    sn = &c->snapshots[c->n_snapshots++];
    if (column_dup(st, 0, 1, &sn->label) || column_dup(st, 1, 1, &sn->taken) ||
        column_dup(st, 3, 0, &sn->extra))
        return kr_nomem(err);
    return kr_network_parse((const char *)sqlite3_column_text(st, 2), sn, err);
}

static kring_status choice_row(sqlite3_stmt *st, void *ctx, kring_error *err)
{
    struct loading *l = ctx;
    kring_case *c = l->c;
    kring_choice *ch;

    if (kr_grow(&c->choices, &l->cap_choices, c->n_choices + 1,
                sizeof *c->choices))
        return kr_nomem(err);
    ch = &c->choices[c->n_choices++];
    ch->status =
        (kring_choice_status)column_enum(st, 2, KRING_ENUM_CHOICE_STATUS, 0);
    if (column_dup(st, 0, 1, &ch->person) || column_dup(st, 1, 1, &ch->date) ||
        column_dup(st, 3, 1, &ch->note) || column_dup(st, 4, 0, &ch->extra))
        return kr_nomem(err);
    return KRING_OK;
}

/* The statements that load a case's network, prepared once for many. */
struct loader {
    kring_store *s;
    sqlite3_stmt *head, *people, *ties;
};

static void loader_close(struct loader *l)
{
    sqlite3_finalize(l->head);
    sqlite3_finalize(l->people);
    sqlite3_finalize(l->ties);
}

static kring_status loader_open(kring_store *s, struct loader *l,
                                kring_error *err)
{
    kring_status rc;

    memset(l, 0, sizeof *l);
    l->s = s;
    rc = kr_prepare(s,
                    "SELECT code, name, birth_year, notes, extra, file_extra "
                    "FROM cases WHERE code = ?1",
                    &l->head, err);
    if (rc == KRING_OK)
        rc = kr_prepare(s, select_people_sql, &l->people, err);
    if (rc == KRING_OK)
        rc = kr_prepare(s,
                        "SELECT a, b, strength, quality, extra FROM ties "
                        "WHERE case_code = ?1 ORDER BY seq",
                        &l->ties, err);
    if (rc != KRING_OK)
        loader_close(l);
    return rc;
}

/* The case CODE with its people and ties, into *OUT. */
static kring_status loader_load(struct loader *l, const char *code,
                                kring_case **out, kring_error *err)
{
    kring_case *c = kring_case_new();
    kring_status rc;

    *out = NULL;
    if (c == NULL)
        return kr_nomem(err);
    rc = run_rows(l->s, l->head, code, header_row, c, err);
    if (rc == KRING_OK && c->code == NULL)
        rc = kr_error_set(err, KRING_ERR_NOT_FOUND, _("no case '%s'"), code);
    if (rc == KRING_OK)
        rc = run_rows(l->s, l->people, code, person_row, c, err);
    if (rc == KRING_OK)
        rc = run_rows(l->s, l->ties, code, tie_row, c, err);
    if (rc != KRING_OK) {
        kring_case_free(c);
        return rc;
    }
    *out = c;
    return KRING_OK;
}

/* Loads the case's own fields, its people and ties, and with WHOLE also
 * its snapshots and choices. */
static kring_status load(kring_store *s, const char *code, int whole,
                         kring_case **out, kring_error *err)
{
    struct loading l = {NULL, 0, 0};
    struct loader ld;
    kring_case *c = NULL;
    kring_status rc;

    *out = NULL;
    if ((rc = loader_open(s, &ld, err)))
        return rc;
    rc = loader_load(&ld, code, &c, err);
    loader_close(&ld);
    l.c = c;
    if (rc == KRING_OK && whole)
        rc = each_row(s,
                      "SELECT label, taken, network, extra FROM snapshots "
                      "WHERE case_code = ?1 ORDER BY rowid",
                      code, snapshot_row, &l, err);
    if (rc == KRING_OK && whole)
        rc = each_row(s,
                      "SELECT person, date, status, note, extra FROM choices "
                      "WHERE case_code = ?1 ORDER BY rowid",
                      code, choice_row, &l, err);
    if (rc != KRING_OK) {
        kring_case_free(c);
        return rc;
    }
    *out = c;
    return KRING_OK;
}

kring_status kring_store_load_case(kring_store *s, const char *code,
                                   kring_case **out, kring_error *err)
{
    return load(s, code, 1, out, err);
}

kring_status kring_store_load_network(kring_store *s, const char *code,
                                      kring_case **out, kring_error *err)
{
    return load(s, code, 0, out, err);
}

/* The walk over every case: three statements stepped side by side, the
 * cases by code and their people and ties by case code, so that the whole
 * database is read in one pass and not one query per case. People and
 * ties are stored by case (schema version 2), so the pass reads each
 * table front to back. */
struct walk {
    kring_store *s;
    sqlite3_stmt *cases, *people, *ties;
    int people_rc, ties_rc; /* the last step of each: SQLITE_ROW or not */
};

/* Takes the rows of ST (at *RC) whose column CODE_COL is CODE, each with
 * ROW. */
static kring_status take_rows(struct walk *w, sqlite3_stmt *st, int *rc,
                              int code_col, const char *code, row_fn row,
                              kring_case *c, kring_error *err)
{
    kring_status k;

    /* Rows of no case (the schema's keys forbid them) are passed over. */
    while (*rc == SQLITE_ROW &&
           strcmp((const char *)sqlite3_column_text(st, code_col), code) < 0)
        *rc = sqlite3_step(st);
    while (*rc == SQLITE_ROW &&
           strcmp((const char *)sqlite3_column_text(st, code_col), code) == 0) {
        if ((k = row(st, c, err)))
            return k;
        *rc = sqlite3_step(st);
    }
    if (*rc != SQLITE_ROW && *rc != SQLITE_DONE)
        return kr_db_error(w->s, *rc, err);
    return KRING_OK;
}

static kring_status walk_one(struct walk *w, kring_case *c, kring_error *err)
{
    kring_status rc;

    rc =
        take_rows(w, w->people, &w->people_rc, 23, c->code, person_row, c, err);
    if (rc == KRING_OK)
        rc = take_rows(w, w->ties, &w->ties_rc, 5, c->code, tie_row, c, err);
    return rc;
}

kring_status kring_store_each_network(kring_store *s, kring_case_fn fn,
                                      void *ctx, kring_error *err)
{
    struct walk w = {0};
    kring_case *c = NULL;
    int own_tx = !s->in_tx, r;
    kring_status rc;

    /* One read transaction: every case as it was at one moment. */
    if (own_tx && (rc = kr_exec(s, "BEGIN", err)))
        return rc;
    w.s = s;
    if ((rc = kr_prepare(s,
                         "SELECT code, name, birth_year, notes, extra, "
                         "file_extra FROM cases ORDER BY code",
                         &w.cases, err)) ||
        (rc = kr_prepare(s,
                         "SELECT id, name, role, sector, ring, age, contact, "
                         "known_years, support, hours_per_week, "
                         "travel_minutes, reachable, quality, status, formal, "
                         "willing, concern, frightens, nominated, "
                         "lives_with_child, adult, notes, extra, case_code "
                         "FROM people ORDER BY case_code, seq",
                         &w.people, err)) ||
        (rc = kr_prepare(s,
                         "SELECT a, b, strength, quality, extra, case_code "
                         "FROM ties ORDER BY case_code, seq",
                         &w.ties, err)))
        goto out;
    w.people_rc = sqlite3_step(w.people);
    w.ties_rc = sqlite3_step(w.ties);
    while ((r = sqlite3_step(w.cases)) == SQLITE_ROW) {
        if ((c = kring_case_new()) == NULL) {
            rc = kr_nomem(err);
            goto out;
        }
        rc = header_row(w.cases, c, err);
        if (rc == KRING_OK)
            rc = walk_one(&w, c, err);
        if (rc == KRING_OK)
            rc = fn(c, ctx, err);
        kring_case_free(c);
        c = NULL;
        if (rc != KRING_OK)
            goto out;
    }
    if (r != SQLITE_DONE)
        rc = kr_db_error(s, r, err);
out:
    sqlite3_finalize(w.cases);
    sqlite3_finalize(w.people);
    sqlite3_finalize(w.ties);
    if (own_tx)
        kr_exec(s, rc == KRING_OK ? "COMMIT" : "ROLLBACK", NULL);
    return rc;
}

static kring_status found_row(sqlite3_stmt *st, void *ctx, kring_error *err)
{
    (void)st;
    (void)err;
    *(int *)ctx = 1;
    return KRING_OK;
}

static kring_status case_exists(kring_store *s, const char *code, int *found,
                                kring_error *err)
{
    *found = 0;
    return each_row(s, "SELECT 1 FROM cases WHERE code = ?1", code, found_row,
                    found, err);
}

/* What the binders of one case's rows need. */
struct rows {
    const kring_case *c; /* the case (code, snapshots, choices) */
    const kring_person *people;
    const kring_tie *ties;
};

static kring_status bind_person_at(sqlite3_stmt *st, size_t i, const void *ctx,
                                   kring_error *err)
{
    const struct rows *r = ctx;

    (void)err;
    bind_person(st, r->c->code, &r->people[i]);
    return KRING_OK;
}

static kring_status bind_tie_at(sqlite3_stmt *st, size_t i, const void *ctx,
                                kring_error *err)
{
    const struct rows *r = ctx;
    const kring_tie *t = &r->ties[i];

    (void)err;
    sqlite3_bind_text(st, 1, r->c->code, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, t->a, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, t->b, -1, SQLITE_STATIC);
    bind_enum_or_null(st, 4, KRING_ENUM_STRENGTH, (int)t->strength);
    bind_enum_or_null(st, 5, KRING_ENUM_TIE_QUALITY, (int)t->quality);
    bind_text_or_null(st, 6, t->extra);
    return KRING_OK;
}

static kring_status bind_snapshot_at(sqlite3_stmt *st, size_t i,
                                     const void *ctx, kring_error *err)
{
    const struct rows *r = ctx;
    const kring_snapshot *sn = &r->c->snapshots[i];
    char *network = NULL;
    kring_status rc;

    if ((rc = kr_network_dump(sn->people, sn->n_people, sn->ties, sn->n_ties,
                              &network, err)))
        return rc;
    sqlite3_bind_text(st, 1, r->c->code, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, sn->label, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, sn->taken, -1, SQLITE_STATIC);
    /* SQLite keeps its own copy: the text can go now. */
    rc = sqlite3_bind_text(st, 4, network, -1, SQLITE_TRANSIENT) == SQLITE_OK
             ? KRING_OK
             : kr_nomem(err);
    kr_free(network);
    bind_text_or_null(st, 5, sn->extra);
    return rc;
}

static kring_status bind_choice_at(sqlite3_stmt *st, size_t i, const void *ctx,
                                   kring_error *err)
{
    const struct rows *r = ctx;
    const kring_choice *ch = &r->c->choices[i];

    (void)err;
    sqlite3_bind_text(st, 1, r->c->code, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, ch->person, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, ch->date, -1, SQLITE_STATIC);
    bind_enum_or_null(st, 4, KRING_ENUM_CHOICE_STATUS, (int)ch->status);
    bind_text_or_null(st, 5, ch->note ? ch->note : "");
    bind_text_or_null(st, 6, ch->extra);
    return KRING_OK;
}

static kring_status bind_header(sqlite3_stmt *st, size_t i, const void *ctx,
                                kring_error *err)
{
    const kring_case *c = ((const struct rows *)ctx)->c;

    (void)i;
    (void)err;
    sqlite3_bind_text(st, 1, c->code, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, c->name, -1, SQLITE_STATIC);
    bind_int_or_null(st, 3, c->birth_year, 0);
    bind_text_or_null(st, 4, c->notes ? c->notes : "");
    bind_text_or_null(st, 5, c->extra);
    bind_text_or_null(st, 6, c->file_extra);
    return KRING_OK;
}

static const char insert_tie_sql[] =
    "INSERT INTO ties (case_code, a, b, strength, quality, extra, seq) VALUES "
    "(?1, ?2, ?3, ?4, ?5, ?6, " NEXT_SEQ("ties") ")";

static kring_status insert_case(kring_store *s, const kring_case *c,
                                kring_error *err)
{
    struct rows r = {c, c->people, c->ties};
    kring_status rc;

    rc = each_insert(s,
                     "INSERT INTO cases (code, name, birth_year, notes, "
                     "extra, file_extra) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                     1, bind_header, &r, err);
    if (rc == KRING_OK)
        rc = each_insert(s, insert_person_sql, c->n_people, bind_person_at, &r,
                         err);
    if (rc == KRING_OK)
        rc = each_insert(s, insert_tie_sql, c->n_ties, bind_tie_at, &r, err);
    if (rc == KRING_OK)
        rc = each_insert(s,
                         "INSERT INTO snapshots (case_code, label, taken, "
                         "network, extra) VALUES (?1, ?2, ?3, ?4, ?5)",
                         c->n_snapshots, bind_snapshot_at, &r, err);
    if (rc == KRING_OK)
        rc = each_insert(s,
                         "INSERT INTO choices (case_code, person, date, "
                         "status, note, extra) VALUES (?1, ?2, ?3, ?4, ?5, "
                         "?6)",
                         c->n_choices, bind_choice_at, &r, err);
    return rc;
}

static kring_status delete_where_code(kring_store *s, const char *sql,
                                      const char *code, int *changed,
                                      kring_error *err)
{
    sqlite3_stmt *st = NULL;
    kring_status rc;

    if ((rc = kr_prepare(s, sql, &st, err)))
        return rc;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
    rc = kr_step_done(s, st, err);
    if (changed != NULL)
        *changed = sqlite3_changes(s->db);
    sqlite3_finalize(st);
    return rc;
}

kring_status kring_store_put_case(kring_store *s, const kring_case *c,
                                  bool replace, kring_error *err)
{
    kring_status rc;
    int found = 0;

    if ((rc = kring_case_validate(c, err)) || (rc = kr_op_begin(s, err)))
        return rc;
    rc = case_exists(s, c->code, &found, err);
    if (rc == KRING_OK && found && !replace)
        rc = kr_error_set(err, KRING_ERR_EXISTS, _("case '%s' already exists"),
                          c->code);
    if (rc == KRING_OK && found)
        rc = delete_where_code(s, "DELETE FROM cases WHERE code = ?1", c->code,
                               NULL, err);
    if (rc == KRING_OK)
        rc = insert_case(s, c, err);
    return kr_op_end(s, rc, err);
}

kring_status kring_store_delete_case(kring_store *s, const char *code,
                                     kring_error *err)
{
    kring_status rc;
    int changed = 0;

    if ((rc = kr_op_begin(s, err)))
        return rc;
    rc = delete_where_code(s, "DELETE FROM cases WHERE code = ?1", code,
                           &changed, err);
    if (rc == KRING_OK && changed == 0)
        rc = kr_error_set(err, KRING_ERR_NOT_FOUND, _("no case '%s'"), code);
    return kr_op_end(s, rc, err);
}

static kring_status require_case(kring_store *s, const char *code,
                                 kring_error *err)
{
    int found = 0;
    kring_status rc = case_exists(s, code, &found, err);

    if (rc == KRING_OK && !found)
        rc = kr_error_set(err, KRING_ERR_NOT_FOUND, _("no case '%s'"), code);
    return rc;
}

static kring_status write_person(kring_store *s, const char *code,
                                 const kring_person *p, const char *sql,
                                 int must_change, kring_error *err)
{
    sqlite3_stmt *st = NULL;
    kring_status rc;

    if ((rc = kring_person_validate(p, err)) || (rc = kr_op_begin(s, err)))
        return rc;
    rc = require_case(s, code, err);
    if (rc == KRING_OK)
        rc = kr_prepare(s, sql, &st, err);
    if (rc == KRING_OK) {
        bind_person(st, code, p);
        rc = kr_step_done(s, st, err);
        if (rc == KRING_ERR_INVALID && !must_change)
            rc = kr_error_set(err, KRING_ERR_EXISTS,
                              _("case '%s' already has a person with id "
                                "'%s'"),
                              code, p->id);
        if (rc == KRING_OK && must_change && sqlite3_changes(s->db) == 0)
            rc = kr_error_set(err, KRING_ERR_NOT_FOUND,
                              _("case '%s' has no person '%s'"), code, p->id);
    }
    sqlite3_finalize(st);
    return kr_op_end(s, rc, err);
}

kring_status kring_store_insert_person(kring_store *s, const char *code,
                                       const kring_person *p, kring_error *err)
{
    return write_person(s, code, p, insert_person_sql, 0, err);
}

kring_status kring_store_update_person(kring_store *s, const char *code,
                                       const kring_person *p, kring_error *err)
{
    return write_person(s, code, p, update_person_sql, 1, err);
}

kring_status kring_store_delete_person(kring_store *s, const char *code,
                                       const char *id, kring_error *err)
{
    sqlite3_stmt *st = NULL;
    kring_status rc;
    int choices = 0, r;

    if ((rc = kr_op_begin(s, err)))
        return rc;
    rc = kr_prepare(s,
                    "SELECT count(*) FROM choices WHERE case_code = ?1 AND "
                    "person = ?2",
                    &st, err);
    if (rc == KRING_OK) {
        sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
        if ((r = sqlite3_step(st)) == SQLITE_ROW)
            choices = sqlite3_column_int(st, 0);
        else
            rc = kr_db_error(s, r, err);
        sqlite3_finalize(st);
        st = NULL;
    }
    if (rc == KRING_OK && choices > 0)
        rc = kr_error_set(err, KRING_ERR_INVALID,
                          _("'%s' has %d recorded choice(s) as mentor; "
                            "removing them would lose that history"),
                          id, choices);
    if (rc == KRING_OK)
        rc = kr_prepare(
            s, "DELETE FROM people WHERE case_code = ?1 AND id = ?2", &st, err);
    if (rc == KRING_OK) {
        sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
        rc = kr_step_done(s, st, err);
        if (rc == KRING_OK && sqlite3_changes(s->db) == 0)
            rc = kr_error_set(err, KRING_ERR_NOT_FOUND,
                              _("case '%s' has no person '%s'"), code, id);
    }
    sqlite3_finalize(st);
    return kr_op_end(s, rc, err);
}

kring_status kring_store_insert_tie(kring_store *s, const char *code,
                                    const kring_tie *t, kring_error *err)
{
    kring_status rc;

    if ((rc = kr_op_begin(s, err)))
        return rc;
    rc = require_case(s, code, err);
    if (rc == KRING_OK) {
        kring_case c = {0};
        struct rows r = {&c, NULL, t};
        c.code = (char *)code;
        rc = each_insert(s, insert_tie_sql, 1, bind_tie_at, &r, err);
    }
    if (rc == KRING_ERR_INVALID)
        rc = kr_error_set(err, KRING_ERR_INVALID,
                          _("'%s' and '%s' already have a tie, or one of "
                            "them is not a person of case '%s'"),
                          t->a, t->b, code);
    return kr_op_end(s, rc, err);
}

kring_status kring_store_delete_tie(kring_store *s, const char *code,
                                    const char *a, const char *b,
                                    kring_error *err)
{
    sqlite3_stmt *st = NULL;
    kring_status rc;

    if ((rc = kr_op_begin(s, err)))
        return rc;
    rc = kr_prepare(s,
                    "DELETE FROM ties WHERE case_code = ?1 AND ((a = ?2 AND "
                    "b = ?3) OR (a = ?3 AND b = ?2))",
                    &st, err);
    if (rc == KRING_OK) {
        sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, a, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, b, -1, SQLITE_STATIC);
        rc = kr_step_done(s, st, err);
        if (rc == KRING_OK && sqlite3_changes(s->db) == 0)
            rc = kr_error_set(err, KRING_ERR_NOT_FOUND,
                              _("'%s' and '%s' have no tie"), a, b);
    }
    sqlite3_finalize(st);
    return kr_op_end(s, rc, err);
}
