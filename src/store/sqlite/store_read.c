/* Cases out of the database: listing, loading a case whole or its network
 * only, and the walk over every case (kr_sq_each_network). */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "case_internal.h"
#include "casefile_internal.h"
#include "store_internal.h"

static const char select_people_sql[] =
    "SELECT id, name, role, sector, ring, age, contact, known_years, "
    "support, hours_per_week, travel_minutes, reachable, quality, status, "
    "formal, willing, concern, frightens, nominated, lives_with_child, "
    "adult, notes, extra, youth_note FROM people WHERE case_code = ?1 "
    "ORDER BY seq";

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
    p->known_years = sqlite3_column_type(st, 7) == SQLITE_NULL
                         ? -1
                         : kr_tenths(sqlite3_column_double(st, 7));
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
        column_dup(st, 21, 1, &p->notes) || column_dup(st, 22, 0, &p->extra) ||
        column_dup(st, 23, 0, &p->youth_note)) {
        kring_person_release(p);
        return kr_nomem(err);
    }
    return KRING_OK;
}

/* Runs the prepared statement ST like kr_each_row(), then resets it. */
/* Folds the row ST is on into *H: each column's type, length and bytes. */
static void fold_row(uint64_t *h, sqlite3_stmt *st)
{
    int i, n = sqlite3_column_count(st);

    for (i = 0; i < n; i++) {
        unsigned char type = (unsigned char)sqlite3_column_type(st, i);
        const void *bytes = sqlite3_column_blob(st, i);
        uint32_t len = (uint32_t)sqlite3_column_bytes(st, i);

        kr_fold(h, &type, 1);
        kr_fold(h, &len, sizeof len);
        if (bytes != NULL)
            kr_fold(h, bytes, len);
    }
    kr_fold(h, "\n", 1);
}

/* Steps ST (?1 bound to CODE unless NULL), calling ROW with each row; with
 * STAMP, folds each row into it first. */
static kring_status run_rows(kring_store *s, sqlite3_stmt *st, const char *code,
                             kr_row_fn row, void *ctx, uint64_t *stamp,
                             kring_error *err)
{
    kring_status rc = KRING_OK;
    int r;

    if (code != NULL)
        sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        if (stamp != NULL)
            fold_row(stamp, st);
        if ((rc = row(st, ctx, err)))
            break;
    }
    if (stamp != NULL)
        kr_fold(stamp, "\f", 1);
    if (rc == KRING_OK && r != SQLITE_DONE)
        rc = kr_db_error(s, r, err);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc;
}

kring_status kr_each_row(kring_store *s, const char *sql, const char *code,
                         kr_row_fn row, void *ctx, kring_error *err)
{
    sqlite3_stmt *st = NULL;
    kring_status rc;

    if ((rc = kr_prepare(s, sql, &st, err)))
        return rc;
    rc = run_rows(s, st, code, row, ctx, NULL, err);
    kr_finalize(s, st);
    return rc;
}

struct summaries {
    kring_case_summary *list;
    size_t n, cap;
};

void kr_sq_evaluation_of(sqlite3_stmt *st, kring_case_summary *cs)
{
    if (kring_evaluation_due_from((const char *)sqlite3_column_text(st, 5),
                                  (const char *)sqlite3_column_text(st, 6),
                                  sqlite3_column_int(st, 7),
                                  cs->evaluation_due) == NULL)
        cs->evaluation_due[0] = '\0';
}

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
    kr_sq_evaluation_of(st, cs);
    if (column_dup(st, 0, 1, &cs->code) || column_dup(st, 1, 1, &cs->name))
        return kr_nomem(err);
    return KRING_OK;
}

kring_status kr_sq_list_cases(kring_store *s, kring_case_summary **out,
                              size_t *n, kring_error *err)
{
    return kr_list_cases(s, kr_read_logged(s), out, n, err);
}

kring_status kr_list_cases(kring_store *s, int log, kring_case_summary **out,
                           size_t *n, kring_error *err)
{
    struct summaries l = {NULL, 0, 0};
    kring_status rc;

    rc = kr_each_row(s, KR_SQ_LIST_SQL, NULL, summary_row, &l, err);
    /* Logged after the reading, before anything is returned. */
    if (rc == KRING_OK && log)
        rc = kr_log_list(s, err);
    if (rc != KRING_OK) {
        kring_case_summaries_free(l.list, l.n);
        l.list = NULL;
        l.n = 0;
    }
    *out = l.list;
    *n = l.n;
    return rc;
}

/* A case's own row: its fields into C, its number into KEY. */
struct head {
    kring_case *c;
    long long key;
};

static kring_status header_row(sqlite3_stmt *st, void *ctx, kring_error *err)
{
    struct head *h = ctx;
    kring_case *c = h->c;

    h->key = sqlite3_column_int64(st, 6);
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
    size_t cap_snapshots, cap_choices, cap_suggestions, cap_outcomes;
};

static kring_status outcome_row(sqlite3_stmt *st, void *ctx, kring_error *err)
{
    struct loading *l = ctx;
    kring_case *c = l->c;
    kring_outcome *o;

    if (kr_grow(&c->outcomes, &l->cap_outcomes, c->n_outcomes + 1,
                sizeof *c->outcomes))
        return kr_nomem(err);
    o = &c->outcomes[c->n_outcomes++];
    kring_outcome_init(o);
    o->placement = (kring_placement)column_enum(st, 1, KRING_ENUM_PLACEMENT, 0);
    o->secure_care =
        (kring_placement)column_enum(st, 2, KRING_ENUM_PLACEMENT, 0);
    o->school = (kring_school)column_enum(st, 3, KRING_ENUM_SCHOOL, 0);
    o->goals = (kring_goals)column_enum(st, 4, KRING_ENUM_GOALS, 0);
    o->ended_as_planned = column_int_or(st, 5, -1);
    o->satisfaction = column_int_or(st, 6, -1);
    if (column_dup(st, 0, 1, &o->date) || column_dup(st, 7, 1, &o->notes) ||
        column_dup(st, 8, 0, &o->extra))
        return kr_nomem(err);
    return KRING_OK;
}

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

static kring_status suggestion_row(sqlite3_stmt *st, void *ctx,
                                   kring_error *err)
{
    struct loading *l = ctx;
    kring_case *c = l->c;
    kring_suggestion *sg;

    if (kr_grow(&c->suggestions, &l->cap_suggestions, c->n_suggestions + 1,
                sizeof *c->suggestions))
        return kr_nomem(err);
    sg = &c->suggestions[c->n_suggestions++];
    sg->kind = (kring_suggestion_kind)column_enum(
        st, 1, KRING_ENUM_SUGGESTION_KIND, 0);
    sg->ring = column_int_or(st, 4, 0);
    sg->sector =
        (kring_sector)column_enum(st, 5, KRING_ENUM_SECTOR, KRING_SECTOR_COUNT);
    sg->status = (kring_suggestion_status)column_enum(
        st, 6, KRING_ENUM_SUGGESTION_STATUS, 0);
    if (column_dup(st, 0, 1, &sg->date) || column_dup(st, 2, 0, &sg->person) ||
        column_dup(st, 3, 0, &sg->name) || column_dup(st, 7, 0, &sg->decided) ||
        column_dup(st, 8, 0, &sg->extra))
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
    kr_finalize(l->s, l->head);
    kr_finalize(l->s, l->people);
    kr_finalize(l->s, l->ties);
}

static kring_status loader_open(kring_store *s, struct loader *l,
                                kring_error *err)
{
    kring_status rc;

    memset(l, 0, sizeof *l);
    l->s = s;
    rc = kr_prepare(s,
                    "SELECT code, name, birth_year, notes, extra, file_extra, "
                    "case_key FROM cases WHERE code = ?1",
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

/* The case CODE with its people and ties, into *OUT, its number into
 * *KEY; with STAMP, the digest of the rows read (kring_store_load_stamped()
 * says what it promises). */
static kring_status loader_load(struct loader *l, const char *code,
                                kring_case **out, long long *key,
                                uint64_t *stamp, kring_error *err)
{
    kring_case *c = kring_case_new();
    struct head h = {c, 0};
    kring_status rc;

    *out = NULL;
    if (c == NULL)
        return kr_nomem(err);
    if (stamp != NULL)
        *stamp = 14695981039346656037ULL;
    rc = run_rows(l->s, l->head, code, header_row, &h, stamp, err);
    *key = h.key;
    if (rc == KRING_OK && c->code == NULL)
        rc = kr_error_set(err, KRING_ERR_NOT_FOUND, _("no case '%s'"), code);
    if (rc == KRING_OK)
        rc = run_rows(l->s, l->people, code, person_row, c, stamp, err);
    if (rc == KRING_OK)
        rc = run_rows(l->s, l->ties, code, tie_row, c, stamp, err);
    if (rc != KRING_OK) {
        kring_case_free(c);
        return rc;
    }
    *out = c;
    return KRING_OK;
}

/* Loads the case's own fields, its people and ties, and with WHOLE also
 * its snapshots and choices; with LOG logs the read before returning. */
kring_status kr_load(kring_store *s, const char *code, int whole, int log,
                     kring_case **out, uint64_t *stamp, kring_error *err)
{
    struct loading l = {NULL, 0, 0, 0, 0};
    struct loader ld;
    kring_case *c = NULL;
    long long key = 0;
    kring_status rc;

    *out = NULL;
    if ((rc = loader_open(s, &ld, err)))
        return rc;
    rc = loader_load(&ld, code, &c, &key, stamp, err);
    loader_close(&ld);
    l.c = c;
    if (rc == KRING_OK && whole)
        rc = kr_each_row(s,
                         "SELECT label, taken, network, extra FROM snapshots "
                         "WHERE case_code = ?1 ORDER BY rowid",
                         code, snapshot_row, &l, err);
    if (rc == KRING_OK && whole)
        rc =
            kr_each_row(s,
                        "SELECT person, date, status, note, extra FROM choices "
                        "WHERE case_code = ?1 ORDER BY rowid",
                        code, choice_row, &l, err);
    if (rc == KRING_OK && whole)
        rc = kr_each_row(s,
                         "SELECT date, kind, person, name, ring, sector, "
                         "status, decided, extra FROM suggestions WHERE "
                         "case_code = ?1 ORDER BY seq",
                         code, suggestion_row, &l, err);
    if (rc == KRING_OK && whole)
        rc = kr_each_row(s,
                         "SELECT date, placement, secure_care, school, goals, "
                         "ended_as_planned, satisfaction, notes, extra FROM "
                         "outcomes WHERE case_code = ?1 ORDER BY seq",
                         code, outcome_row, &l, err);
    if (rc == KRING_OK && log && !kr_read_seen(key))
        rc = kr_log_reads(s, &key, 1, err);
    if (rc != KRING_OK) {
        kring_case_free(c);
        return rc;
    }
    *out = c;
    return KRING_OK;
}

kring_status kr_sq_load(kring_store *s, const char *code, int whole,
                        kring_case **out, uint64_t *stamp, kring_error *err)
{
    return kr_load(s, code, whole, kr_read_logged(s), out, stamp, err);
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
    int log;                /* reads are logged */
    long long logged;       /* the highest case number logged before */
    long long *late;        /* cases added since: logged after the walk */
    size_t n_late, cap_late;
};

/* Takes the rows of ST (at *RC) whose column CODE_COL is CODE, each with
 * ROW. */
static kring_status take_rows(struct walk *w, sqlite3_stmt *st, int *rc,
                              int code_col, const char *code, kr_row_fn row,
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
        take_rows(w, w->people, &w->people_rc, 24, c->code, person_row, c, err);
    if (rc == KRING_OK)
        rc = take_rows(w, w->ties, &w->ties_rc, 5, c->code, tie_row, c, err);
    return rc;
}

/* The next case of the walk into *OUT, or NULL after the last. */
static kring_status walk_next(struct walk *w, kring_case **out,
                              kring_error *err)
{
    struct head h = {NULL, 0};
    kring_status rc;
    int r;

    *out = NULL;
    if ((r = sqlite3_step(w->cases)) != SQLITE_ROW)
        return r == SQLITE_DONE ? KRING_OK : kr_db_error(w->s, r, err);
    if ((h.c = kring_case_new()) == NULL)
        return kr_nomem(err);
    rc = header_row(w->cases, &h, err);
    if (rc == KRING_OK && w->log && h.key > w->logged) {
        if (kr_grow(&w->late, &w->cap_late, w->n_late + 1, sizeof *w->late))
            rc = kr_nomem(err);
        else
            w->late[w->n_late++] = h.key;
    }
    if (rc == KRING_OK)
        rc = walk_one(w, h.c, err);
    if (rc != KRING_OK) {
        kring_case_free(h.c);
        return rc;
    }
    *out = h.c;
    return KRING_OK;
}

/* walk_next() as kr_walk_ahead() calls it. */
static kring_status next_case(void *w, kring_case **out, kring_error *err)
{
    return walk_next(w, out, err);
}

kring_status kr_sq_each_network(kring_store *s, kring_case_fn fn, void *ctx,
                                int ahead, kring_error *err)
{
    struct walk w = {0};
    int own_tx = !SQ(s)->in_tx;
    kring_status rc;

    /* The reads are logged first, in one transaction; a case added before
     * the walk's moment has a higher number (numbers only grow) and is
     * logged after the walk. */
    w.log = kr_read_logged(s);
    if (w.log && (rc = kr_log_read_all(s, &w.logged, err)))
        return rc;
    /* One read transaction: every case as it was at one moment. */
    if (own_tx && (rc = kr_exec(s, "BEGIN", err)))
        return rc;
    w.s = s;
    if ((rc = kr_prepare(s,
                         "SELECT code, name, birth_year, notes, extra, "
                         "file_extra, case_key FROM cases ORDER BY code",
                         &w.cases, err)) ||
        (rc = kr_prepare(s,
                         "SELECT id, name, role, sector, ring, age, contact, "
                         "known_years, support, hours_per_week, "
                         "travel_minutes, reachable, quality, status, formal, "
                         "willing, concern, frightens, nominated, "
                         "lives_with_child, adult, notes, extra, youth_note, "
                         "case_code "
                         "FROM people ORDER BY case_code, seq",
                         &w.people, err)) ||
        (rc = kr_prepare(s,
                         "SELECT a, b, strength, quality, extra, case_code "
                         "FROM ties ORDER BY case_code, seq",
                         &w.ties, err)))
        goto out;
    w.people_rc = sqlite3_step(w.people);
    w.ties_rc = sqlite3_step(w.ties);
    rc = ahead ? kr_walk_ahead(next_case, &w, fn, ctx, err)
               : kr_walk_in_turn(next_case, &w, fn, ctx, err);
out:
    kr_finalize(s, w.cases);
    kr_finalize(s, w.people);
    kr_finalize(s, w.ties);
    if (own_tx)
        kr_exec(s, rc == KRING_OK ? "COMMIT" : "ROLLBACK", NULL);
    if (w.n_late > 0) {
        kring_status late = kr_log_reads(s, w.late, w.n_late, err);
        if (rc == KRING_OK)
            rc = late;
    }
    kr_free(w.late);
    return rc;
}
