/* Cases into the database: storing whole cases, removing them, and the
 * single changes the commands make. */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "case_internal.h"
#include "casefile_internal.h"
#include "store_internal.h"

/* The next place in the case's order of rows (the schema's seq). */
#define NEXT_SEQ(table)                                                        \
    "(SELECT coalesce(max(seq), 0) + 1 FROM " table " WHERE case_code = ?1)"

static const char insert_person_sql[] =
    "INSERT INTO people (case_code, id, name, role, sector, ring, age, "
    "contact, known_years, support, hours_per_week, travel_minutes, "
    "reachable, quality, status, formal, willing, concern, frightens, "
    "nominated, lives_with_child, adult, notes, extra, youth_note, seq) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
    "?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, " NEXT_SEQ(
        "people") ")";

static const char update_person_sql[] =
    "UPDATE people SET name = ?3, role = ?4, sector = ?5, ring = ?6, "
    "age = ?7, contact = ?8, known_years = ?9, support = ?10, "
    "hours_per_week = ?11, travel_minutes = ?12, reachable = ?13, "
    "quality = ?14, status = ?15, formal = ?16, willing = ?17, "
    "concern = ?18, frightens = ?19, nominated = ?20, "
    "lives_with_child = ?21, adult = ?22, notes = ?23, extra = ?24, "
    "youth_note = ?25 "
    "WHERE case_code = ?1 AND id = ?2";

static void bind_person(sqlite3_stmt *st, const char *code,
                        const kring_person *p)
{
    sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, p->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, p->name, -1, SQLITE_STATIC);
    kr_sq_bind_enum(st, 4, KRING_ENUM_ROLE, (int)p->role);
    kr_sq_bind_enum(st, 5, KRING_ENUM_SECTOR, (int)p->sector);
    sqlite3_bind_int(st, 6, p->ring);
    kr_sq_bind_int(st, 7, p->age, -1);
    kr_sq_bind_enum(st, 8, KRING_ENUM_CONTACT, (int)p->contact);
    if (p->known_years >= 0)
        sqlite3_bind_double(st, 9, p->known_years);
    else
        sqlite3_bind_null(st, 9);
    sqlite3_bind_int(st, 10, (int)p->support);
    if (p->hours_per_week >= 0)
        sqlite3_bind_double(st, 11, p->hours_per_week);
    else
        sqlite3_bind_null(st, 11);
    kr_sq_bind_int(st, 12, p->travel_minutes, -1);
    kr_sq_bind_enum(st, 13, KRING_ENUM_REACHABLE, (int)p->reachable);
    kr_sq_bind_enum(st, 14, KRING_ENUM_QUALITY, (int)p->quality);
    kr_sq_bind_enum(st, 15, KRING_ENUM_STATUS, (int)p->status);
    sqlite3_bind_int(st, 16, p->formal);
    kr_sq_bind_enum(st, 17, KRING_ENUM_WILLING, (int)p->willing);
    sqlite3_bind_int(st, 18, p->concern);
    sqlite3_bind_int(st, 19, p->frightens);
    sqlite3_bind_int(st, 20, p->nominated);
    sqlite3_bind_int(st, 21, p->lives_with_child);
    kr_sq_bind_int(st, 22, p->adult, -1);
    kr_sq_bind_text(st, 23, p->notes ? p->notes : "");
    kr_sq_bind_text(st, 24, p->extra);
    kr_sq_bind_text(st, 25,
                    p->youth_note && p->youth_note[0] ? p->youth_note : NULL);
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

    /* Nothing to insert: nothing to prepare (a statement on a table with
     * triggers costs its triggers' compiling, and takes a place among the
     * statements kept). */
    if (n == 0)
        return KRING_OK;
    if ((rc = kr_prepare(s, sql, &st, err)))
        return rc;
    for (i = 0; i < n && rc == KRING_OK; i++)
        if ((rc = bind(st, i, ctx, err)) == KRING_OK)
            rc = kr_step_done(s, st, err);
    kr_finalize(s, st);
    return rc;
}

static kring_status found_row(sqlite3_stmt *st, void *ctx, kring_error *err)
{
    (void)st;
    (void)err;
    *(int *)ctx = 1;
    return KRING_OK;
}

kring_status kr_case_exists(kring_store *s, const char *code, int *found,
                            kring_error *err)
{
    *found = 0;
    return kr_each_row(s, "SELECT 1 FROM cases WHERE code = ?1", code,
                       found_row, found, err);
}

/* What the binders of one case's rows need. */
struct rows {
    const kring_case *c; /* the case (code, snapshots, choices) */
    const kring_person *people;
    const kring_tie *ties;
    const struct keys *keys; /* the numbers kept by a replacement, or NULL */
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
    kr_sq_bind_enum(st, 4, KRING_ENUM_STRENGTH, (int)t->strength);
    kr_sq_bind_enum(st, 5, KRING_ENUM_TIE_QUALITY, (int)t->quality);
    kr_sq_bind_text(st, 6, t->extra);
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
    kr_sq_bind_text(st, 5, sn->extra);
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
    kr_sq_bind_enum(st, 4, KRING_ENUM_CHOICE_STATUS, (int)ch->status);
    kr_sq_bind_text(st, 5, ch->note ? ch->note : "");
    kr_sq_bind_text(st, 6, ch->extra);
    return KRING_OK;
}

/* Suggestion SG of case CODE bound as insert_suggestion_sql takes it. */
static void bind_suggestion(sqlite3_stmt *st, const char *code,
                            const kring_suggestion *sg)
{
    sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, sg->date, -1, SQLITE_STATIC);
    kr_sq_bind_enum(st, 3, KRING_ENUM_SUGGESTION_KIND, (int)sg->kind);
    kr_sq_bind_text(st, 4, sg->person);
    kr_sq_bind_text(st, 5, sg->name);
    kr_sq_bind_int(st, 6, sg->ring, 0);
    kr_sq_bind_enum(st, 7, KRING_ENUM_SECTOR, (int)sg->sector);
    kr_sq_bind_enum(st, 8, KRING_ENUM_SUGGESTION_STATUS, (int)sg->status);
    kr_sq_bind_text(st, 9, sg->decided);
    kr_sq_bind_text(st, 10, sg->extra);
}

static kring_status bind_suggestion_at(sqlite3_stmt *st, size_t i,
                                       const void *ctx, kring_error *err)
{
    const struct rows *r = ctx;

    (void)err;
    bind_suggestion(st, r->c->code, &r->c->suggestions[i]);
    return KRING_OK;
}

/* Outcome O of case CODE bound as insert_outcome_sql takes it. */
static void bind_outcome(sqlite3_stmt *st, const char *code,
                         const kring_outcome *o)
{
    sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, o->date, -1, SQLITE_STATIC);
    kr_sq_bind_enum(st, 3, KRING_ENUM_PLACEMENT, (int)o->placement);
    kr_sq_bind_enum(st, 4, KRING_ENUM_PLACEMENT, (int)o->secure_care);
    kr_sq_bind_enum(st, 5, KRING_ENUM_SCHOOL, (int)o->school);
    kr_sq_bind_enum(st, 6, KRING_ENUM_GOALS, (int)o->goals);
    kr_sq_bind_int(st, 7, o->ended_as_planned, -1);
    kr_sq_bind_int(st, 8, o->satisfaction, -1);
    kr_sq_bind_text(st, 9, o->notes ? o->notes : "");
    kr_sq_bind_text(st, 10, o->extra);
}

static kring_status bind_outcome_at(sqlite3_stmt *st, size_t i, const void *ctx,
                                    kring_error *err)
{
    const struct rows *r = ctx;

    (void)err;
    bind_outcome(st, r->c->code, &r->c->outcomes[i]);
    return KRING_OK;
}

static kring_status bind_header(sqlite3_stmt *st, size_t i, const void *ctx,
                                kring_error *err)
{
    const kring_case *c = ((const struct rows *)ctx)->c;
    const struct keys *k = ((const struct rows *)ctx)->keys;

    (void)i;
    (void)err;
    if (k != NULL) {
        sqlite3_bind_int64(st, 7, k->case_key);
        sqlite3_bind_int64(st, 8, k->last_person_key);
        /* A replaced case goes on from the version it had: its number is
         * kept, and the version starting again at 0 could come back to
         * one a drawing was kept under (kring serve). */
        sqlite3_bind_int64(st, 9, k->version + 1);
    }
    sqlite3_bind_text(st, 1, c->code, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, c->name, -1, SQLITE_STATIC);
    kr_sq_bind_int(st, 3, c->birth_year, 0);
    kr_sq_bind_text(st, 4, c->notes ? c->notes : "");
    kr_sq_bind_text(st, 5, c->extra);
    kr_sq_bind_text(st, 6, c->file_extra);
    return KRING_OK;
}

static const char insert_snapshot_sql[] =
    "INSERT INTO snapshots (case_code, label, taken, network, extra) "
    "VALUES (?1, ?2, ?3, ?4, ?5)";

static const char insert_choice_sql[] =
    "INSERT INTO choices (case_code, person, date, status, note, extra) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

static const char insert_suggestion_sql[] =
    "INSERT INTO suggestions (case_code, date, kind, person, name, ring, "
    "sector, status, decided, extra, seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
    "?7, ?8, ?9, ?10, " NEXT_SEQ("suggestions") ")";

static const char insert_outcome_sql[] =
    "INSERT INTO outcomes (case_code, date, placement, secure_care, school, "
    "goals, ended_as_planned, satisfaction, notes, extra, seq) VALUES (?1, "
    "?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, " NEXT_SEQ("outcomes") ")";

static const char insert_tie_sql[] =
    "INSERT INTO ties (case_code, a, b, strength, quality, extra, seq) VALUES "
    "(?1, ?2, ?3, ?4, ?5, ?6, " NEXT_SEQ("ties") ")";

static kring_status bind_case_keys(sqlite3_stmt *st, size_t i, const void *ctx,
                                   kring_error *err)
{
    const struct keys *k = ((const struct rows *)ctx)->keys;

    (void)i;
    (void)err;
    sqlite3_bind_text(st, 1, ((const struct rows *)ctx)->c->code, -1,
                      SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, k->case_key);
    sqlite3_bind_int64(st, 3, k->last_person_key);
    return KRING_OK;
}

static kring_status bind_person_key(sqlite3_stmt *st, size_t i, const void *ctx,
                                    kring_error *err)
{
    const struct rows *r = ctx;

    (void)err;
    sqlite3_bind_text(st, 1, r->c->code, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, r->people[i].id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, r->keys->people[i]);
    return KRING_OK;
}

/* The numbers of the replacing case's people: a person whose id was there
 * keeps theirs, the others get the next ones, in order. The triggers gave
 * each a new number already; renumbering in the people's order never
 * meets a number another row holds still. */
static kring_status renumber(kring_store *s, const kring_case *c,
                             const struct keys *old, kring_error *err)
{
    struct keys k = {0};
    struct rows r = {c, c->people, c->ties, &k};
    long long next = old->last_person_key;
    kring_status rc;
    size_t i, j;

    if (c->n_people == 0)
        return KRING_OK;
    if ((k.people = kr_malloc(c->n_people * sizeof *k.people)) == NULL)
        return kr_nomem(err);
    for (i = 0; i < c->n_people; i++) {
        for (j = 0; j < old->n && strcmp(old->ids[j], c->people[i].id); j++)
            ;
        k.people[i] = j < old->n ? old->people[j] : ++next;
    }
    k.case_key = old->case_key;
    k.last_person_key = next;
    rc = each_insert(s,
                     "UPDATE people SET person_key = ?3 WHERE case_code = ?1 "
                     "AND id = ?2",
                     c->n_people, bind_person_key, &r, err);
    if (rc == KRING_OK)
        rc = each_insert(s,
                         "UPDATE cases SET case_key = ?2, last_person_key = "
                         "?3 WHERE code = ?1",
                         1, bind_case_keys, &r, err);
    kr_free(k.people);
    return rc;
}

/* Inserts the case; with KEYS (a replacement) under its old numbers. The
 * case's counter is set before its people get theirs, so that a new
 * person's number was never anyone's. */
kring_status kr_insert_case(kring_store *s, const kring_case *c,
                            const struct keys *keys, kring_error *err)
{
    struct rows r = {c, c->people, c->ties, keys};
    kring_status rc;

    /* A new case's number comes from the schema's trigger (?7 NULL). */
    rc = each_insert(s,
                     "INSERT INTO cases (code, name, birth_year, notes, "
                     "extra, file_extra, case_key, last_person_key, version) "
                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, coalesce(?8, 0), "
                     "coalesce(?9, 0))",
                     1, bind_header, &r, err);
    if (rc == KRING_OK)
        rc = each_insert(s, insert_person_sql, c->n_people, bind_person_at, &r,
                         err);
    if (rc == KRING_OK && keys != NULL)
        rc = renumber(s, c, keys, err);
    if (rc == KRING_OK)
        rc = each_insert(s, insert_tie_sql, c->n_ties, bind_tie_at, &r, err);
    if (rc == KRING_OK)
        rc = each_insert(s, insert_snapshot_sql, c->n_snapshots,
                         bind_snapshot_at, &r, err);
    if (rc == KRING_OK)
        rc = each_insert(s, insert_choice_sql, c->n_choices, bind_choice_at, &r,
                         err);
    if (rc == KRING_OK)
        rc = each_insert(s, insert_suggestion_sql, c->n_suggestions,
                         bind_suggestion_at, &r, err);
    if (rc == KRING_OK)
        rc = each_insert(s, insert_outcome_sql, c->n_outcomes, bind_outcome_at,
                         &r, err);
    return rc;
}

kring_status kr_delete_where_code(kring_store *s, const char *sql,
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
        *changed = sqlite3_changes(SQ(s)->db);
    kr_finalize(s, st);
    return rc;
}

kring_status kr_sq_put_case(kring_store *s, const kring_case *c, bool replace,
                            kring_error *err)
{
    struct keys keys = {0};
    kring_status rc;
    int found = 0;

    if ((rc = kr_op_begin(s, err)))
        return rc;
    rc = kr_case_exists(s, c->code, &found, err);
    if (rc == KRING_OK && found && !replace)
        rc = kr_error_set(err, KRING_ERR_EXISTS, _("case '%s' already exists"),
                          c->code);
    if (rc == KRING_OK && found)
        rc = kr_keys_read(s, c->code, &keys, err);
    if (rc == KRING_OK && found) {
        rc = kr_delete_where_code(s, "DELETE FROM cases WHERE code = ?1",
                                  c->code, NULL, err);
        SQ(s)->erased = 1;
    }
    if (rc == KRING_OK)
        rc = kr_insert_case(s, c, found ? &keys : NULL, err);
    kr_keys_release(&keys);
    if (rc == KRING_OK)
        rc = kr_audit(s, found ? "case replaced" : "case stored", c->code, NULL,
                      NULL, err);
    return kr_op_end(s, rc, err);
}

kring_status kr_sq_delete_case(kring_store *s, const char *code,
                               const char *event, kring_error *err)
{
    kring_status rc;
    int changed = 0;

    if ((rc = kr_op_begin(s, err)))
        return rc;
    /* Logged first: the line needs the case's number. */
    rc = kr_audit(s, event, code, NULL, NULL, err);
    if (rc == KRING_OK)
        rc = kr_delete_where_code(s, "DELETE FROM cases WHERE code = ?1", code,
                                  &changed, err);
    if (rc == KRING_OK && changed == 0)
        rc = kr_error_set(err, KRING_ERR_NOT_FOUND, _("no case '%s'"), code);
    /* A whole case: the file is rebuilt too (kr_erase_wal()). */
    if (rc == KRING_OK)
        SQ(s)->erased = 2;
    return kr_op_end(s, rc, err);
}

static kring_status require_case(kring_store *s, const char *code,
                                 kring_error *err)
{
    int found = 0;
    kring_status rc = kr_case_exists(s, code, &found, err);

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

    if ((rc = kr_op_begin(s, err)))
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
        if (rc == KRING_OK && must_change && sqlite3_changes(SQ(s)->db) == 0)
            rc = kr_error_set(err, KRING_ERR_NOT_FOUND,
                              _("case '%s' has no person '%s'"), code, p->id);
    }
    kr_finalize(s, st);
    if (rc == KRING_OK)
        rc = kr_audit(s, must_change ? "person changed" : "person added", code,
                      p->id, NULL, err);
    return kr_op_end(s, rc, err);
}

kring_status kr_sq_insert_person(kring_store *s, const char *code,
                                 const kring_person *p, kring_error *err)
{
    return write_person(s, code, p, insert_person_sql, 0, err);
}

kring_status kr_sq_update_person(kring_store *s, const char *code,
                                 const kring_person *p, kring_error *err)
{
    return write_person(s, code, p, update_person_sql, 1, err);
}

kring_status kr_sq_delete_person(kring_store *s, const char *code,
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
        kr_finalize(s, st);
        st = NULL;
    }
    if (rc == KRING_OK && choices > 0)
        rc = kr_error_set(err, KRING_ERR_INVALID,
                          dngettext("kring",
                                    "'%s' has %d recorded step in the "
                                    "mentor choice; removing them would "
                                    "lose that history",
                                    "'%s' has %d recorded steps in the "
                                    "mentor choice; removing them would "
                                    "lose that history",
                                    (unsigned long)choices),
                          id, choices);
    /* Logged first: the line needs the person's number. */
    if (rc == KRING_OK)
        rc = kr_audit(s, "person removed", code, id, NULL, err);
    if (rc == KRING_OK)
        rc = kr_prepare(
            s, "DELETE FROM people WHERE case_code = ?1 AND id = ?2", &st, err);
    if (rc == KRING_OK) {
        sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
        rc = kr_step_done(s, st, err);
        if (rc == KRING_OK && sqlite3_changes(SQ(s)->db) == 0)
            rc = kr_error_set(err, KRING_ERR_NOT_FOUND,
                              _("case '%s' has no person '%s'"), code, id);
    }
    kr_finalize(s, st);
    if (rc == KRING_OK)
        SQ(s)->erased = 1;
    return kr_op_end(s, rc, err);
}

kring_status kr_sq_insert_tie(kring_store *s, const char *code,
                              const kring_tie *t, kring_error *err)
{
    kring_status rc;

    if ((rc = kr_op_begin(s, err)))
        return rc;
    rc = require_case(s, code, err);
    if (rc == KRING_OK) {
        kring_case c = {0};
        struct rows r = {&c, NULL, t, NULL};
        c.code = (char *)code;
        rc = each_insert(s, insert_tie_sql, 1, bind_tie_at, &r, err);
    }
    if (rc == KRING_ERR_INVALID)
        rc = kr_error_set(err, KRING_ERR_INVALID,
                          _("'%s' and '%s' already have a tie, or one of "
                            "them is not a person of case '%s'"),
                          t->a, t->b, code);
    if (rc == KRING_OK)
        rc = kr_audit(s, "tie added", code, t->a, t->b, err);
    return kr_op_end(s, rc, err);
}

/* Removes the tie A-B of case CODE or, with T, sets its strength and
 * quality to T's in its place. */
static kring_status write_tie(kring_store *s, const char *code, const char *a,
                              const char *b, const kring_tie *t,
                              kring_error *err)
{
    sqlite3_stmt *st = NULL;
    kring_status rc;

    if ((rc = kr_op_begin(s, err)))
        return rc;
    rc = kr_prepare(s,
                    t == NULL ? "DELETE FROM ties WHERE case_code = ?1 AND "
                                "((a = ?2 AND b = ?3) OR (a = ?3 AND b = ?2))"
                              : "UPDATE ties SET strength = ?4, quality = ?5 "
                                "WHERE case_code = ?1 AND ((a = ?2 AND b = "
                                "?3) OR (a = ?3 AND b = ?2))",
                    &st, err);
    if (rc == KRING_OK) {
        sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, a, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, b, -1, SQLITE_STATIC);
        if (t != NULL) {
            kr_sq_bind_enum(st, 4, KRING_ENUM_STRENGTH, (int)t->strength);
            kr_sq_bind_enum(st, 5, KRING_ENUM_TIE_QUALITY, (int)t->quality);
        }
        rc = kr_step_done(s, st, err);
        if (rc == KRING_OK && sqlite3_changes(SQ(s)->db) == 0)
            rc = kr_error_set(err, KRING_ERR_NOT_FOUND,
                              _("'%s' and '%s' have no tie"), a, b);
    }
    kr_finalize(s, st);
    if (rc == KRING_OK)
        rc = kr_audit(s, t == NULL ? "tie removed" : "tie changed", code, a, b,
                      err);
    return kr_op_end(s, rc, err);
}

kring_status kr_sq_delete_tie(kring_store *s, const char *code, const char *a,
                              const char *b, kring_error *err)
{
    return write_tie(s, code, a, b, NULL, err);
}

kring_status kr_sq_update_tie(kring_store *s, const char *code,
                              const kring_tie *t, kring_error *err)
{
    return write_tie(s, code, t->a, t->b, t, err);
}

kring_status kr_sq_insert_snapshot(kring_store *s, const char *code,
                                   const kring_snapshot *sn, kring_error *err)
{
    kring_case c = {0};
    struct rows r = {&c, NULL, NULL, NULL};
    kring_status rc;

    if ((rc = kr_op_begin(s, err)))
        return rc;
    c.code = (char *)code;
    c.snapshots = (kring_snapshot *)sn;
    c.n_snapshots = 1;
    rc = require_case(s, code, err);
    if (rc == KRING_OK)
        rc = each_insert(s, insert_snapshot_sql, 1, bind_snapshot_at, &r, err);
    if (rc == KRING_ERR_INVALID)
        rc = kr_error_set(err, KRING_ERR_EXISTS,
                          _("case '%s' has a snapshot '%s' already"), code,
                          sn->label);
    if (rc == KRING_OK)
        rc = kr_audit(s, "snapshot taken", code, NULL, NULL, err);
    return kr_op_end(s, rc, err);
}

kring_status kr_sq_insert_choice(kring_store *s, const char *code,
                                 const kring_choice *ch, kring_error *err)
{
    kring_case c = {0};
    struct rows r = {&c, NULL, NULL, NULL};
    kring_status rc;

    if ((rc = kr_op_begin(s, err)))
        return rc;
    c.code = (char *)code;
    c.choices = (kring_choice *)ch;
    c.n_choices = 1;
    rc = require_case(s, code, err);
    if (rc == KRING_OK)
        rc = each_insert(s, insert_choice_sql, 1, bind_choice_at, &r, err);
    if (rc == KRING_ERR_INVALID)
        rc = kr_error_set(err, KRING_ERR_INVALID,
                          _("'%s' is not a person of case '%s'"), ch->person,
                          code);
    if (rc == KRING_OK)
        rc = kr_audit(s, "choice recorded", code, ch->person, NULL, err);
    return kr_op_end(s, rc, err);
}

/* The statement SQL for a change of case CODE, which must exist, into
 * *ST (inside kr_op_begin(); end_change() ends it). */
static kring_status prepare_for(kring_store *s, const char *code,
                                const char *sql, sqlite3_stmt **st,
                                kring_error *err)
{
    kring_status rc = require_case(s, code, err);

    return rc != KRING_OK ? rc : kr_prepare(s, sql, st, err);
}

/* Ends a change begun with kr_op_begin() and prepare_for() (whether that
 * succeeded or not): its line EVENT in the audit log when all went well,
 * then commits or rolls back. */
static kring_status end_change(kring_store *s, sqlite3_stmt *st,
                               kring_status rc, const char *event,
                               const char *code, const char *person,
                               kring_error *err)
{
    kr_finalize(s, st);
    if (rc == KRING_OK)
        rc = kr_audit(s, event, code, person, NULL, err);
    return kr_op_end(s, rc, err);
}

kring_status kr_sq_set_case_extra(kring_store *s, const char *code,
                                  const char *extra, kring_error *err)
{
    sqlite3_stmt *st = NULL;
    kring_status rc;

    if ((rc = kr_op_begin(s, err)))
        return rc;
    if ((rc =
             prepare_for(s, code, "UPDATE cases SET extra = ?2 WHERE code = ?1",
                         &st, err)) == KRING_OK) {
        sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
        kr_sq_bind_text(st, 2, extra);
        rc = kr_step_done(s, st, err);
    }
    return end_change(s, st, rc, "case details changed", code, NULL, err);
}

kring_status kr_sq_insert_suggestion(kring_store *s, const char *code,
                                     const kring_suggestion *sg,
                                     kring_error *err)
{
    sqlite3_stmt *st = NULL;
    kring_status rc;

    if ((rc = kr_op_begin(s, err)))
        return rc;
    if ((rc = prepare_for(s, code, insert_suggestion_sql, &st, err)) ==
        KRING_OK) {
        bind_suggestion(st, code, sg);
        rc = kr_step_done(s, st, err);
    }
    return end_change(s, st, rc, "suggestion made", code, sg->person, err);
}

kring_status kr_sq_insert_outcome(kring_store *s, const char *code,
                                  const kring_outcome *o, kring_error *err)
{
    sqlite3_stmt *st = NULL;
    kring_status rc;

    if ((rc = kr_op_begin(s, err)))
        return rc;
    if ((rc = prepare_for(s, code, insert_outcome_sql, &st, err)) == KRING_OK) {
        bind_outcome(st, code, o);
        rc = kr_step_done(s, st, err);
    }
    return end_change(s, st, rc, "outcome recorded", code, NULL, err);
}

kring_status kr_sq_decide_suggestion(kring_store *s, const char *code, size_t n,
                                     kring_suggestion_status status,
                                     const char *date, kring_error *err)
{
    sqlite3_stmt *st = NULL;
    kring_status rc;

    if ((rc = kr_op_begin(s, err)))
        return rc;
    /* The Nth of the case's suggestions in their order, if still open. */
    if ((rc = prepare_for(s, code,
                          "UPDATE suggestions SET status = ?3, decided = ?4 "
                          "WHERE case_code = ?1 AND status = 'open' AND seq = "
                          "(SELECT seq FROM suggestions WHERE case_code = ?1 "
                          "ORDER BY seq LIMIT 1 OFFSET ?2)",
                          &st, err)) == KRING_OK) {
        sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)n - 1);
        kr_sq_bind_enum(st, 3, KRING_ENUM_SUGGESTION_STATUS, (int)status);
        sqlite3_bind_text(st, 4, date, -1, SQLITE_STATIC);
        rc = kr_step_done(s, st, err);
        if (rc == KRING_OK && sqlite3_changes(SQ(s)->db) == 0)
            rc = kr_error_set(err, KRING_ERR_NOT_FOUND,
                              _("case '%s' has no open suggestion %zu"), code,
                              n);
    }
    return end_change(s, st, rc,
                      status == KRING_SUGGESTION_ACCEPTED
                          ? "suggestion accepted"
                          : "suggestion declined",
                      code, NULL, err);
}
