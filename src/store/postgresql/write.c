/* Cases into PostgreSQL: storing whole cases, removing them, and the
 * single changes the commands make. Every change first locks its case's
 * row (kr_pg_lock_case()): two writers of one case take turns, writers of
 * different cases never wait for each other, and what a change read in its
 * transaction is still so when it writes (docs/store.md). */
#include <stdlib.h>
#include <string.h>

#include "case_internal.h"
#include "casefile_internal.h"
#include "pg_internal.h"

/* The next place in the case's order of rows (the schema's seq). */
#define NEXT_SEQ(table)                                                        \
    "(SELECT coalesce(max(seq), 0) + 1 FROM " table " WHERE case_code = $1)"

/* A person's 25 columns (PERSON_NAMES) as $1 to $25. */
#define PERSON_VALUES                                                          \
    "$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, "  \
    "$17, $18, $19, $20, $21, $22, $23, $24, $25"

static const char insert_person_sql[] =
    "INSERT INTO people (" PERSON_NAMES ", seq) VALUES (" PERSON_VALUES
    ", " NEXT_SEQ("people") ")";

/* With their numbers and places given (a whole case stored): many rows
 * in one statement (struct rows). */
static const char insert_people_sql[] =
    "INSERT INTO people (" PERSON_NAMES ", person_key, seq) VALUES ";
static const char insert_ties_sql[] =
    "INSERT INTO ties (case_code, a, b, strength, quality, extra, seq) "
    "VALUES ";

static const char update_person_sql[] =
    "UPDATE people SET name = $3, role = $4, sector = $5, ring = $6, "
    "age = $7, contact = $8, known_years = $9, support = $10, "
    "hours_per_week = $11, travel_minutes = $12, reachable = $13, "
    "quality = $14, status = $15, formal = $16, willing = $17, "
    "concern = $18, frightens = $19, nominated = $20, "
    "lives_with_child = $21, adult = $22, notes = $23, extra = $24, "
    "youth_note = $25 WHERE case_code = $1 AND id = $2";

void kr_pg_bind_case(kr_params *q, const kring_case *c)
{
    kr_param_text(q, c->code);
    kr_param_text(q, c->name);
    kr_param_int_or_null(q, c->birth_year, 0);
    kr_param_text(q, c->notes ? c->notes : "");
    kr_param_text(q, c->extra);
    kr_param_text(q, c->file_extra);
}

void kr_pg_bind_person(kr_params *q, const char *code, const kring_person *p)
{
    kr_param_text(q, code);
    kr_param_text(q, p->id);
    kr_param_text(q, p->name);
    kr_param_enum(q, KRING_ENUM_ROLE, (int)p->role);
    kr_param_enum(q, KRING_ENUM_SECTOR, (int)p->sector);
    kr_param_int(q, p->ring);
    kr_param_int_or_null(q, p->age, -1);
    kr_param_enum(q, KRING_ENUM_CONTACT, (int)p->contact);
    kr_param_real_or_null(q, p->known_years);
    kr_param_int(q, (long long)p->support);
    kr_param_real_or_null(q, p->hours_per_week);
    kr_param_int_or_null(q, p->travel_minutes, -1);
    kr_param_enum(q, KRING_ENUM_REACHABLE, (int)p->reachable);
    kr_param_enum(q, KRING_ENUM_QUALITY, (int)p->quality);
    kr_param_enum(q, KRING_ENUM_STATUS, (int)p->status);
    kr_param_bool(q, p->formal);
    kr_param_enum(q, KRING_ENUM_WILLING, (int)p->willing);
    kr_param_bool(q, p->concern);
    kr_param_bool(q, p->frightens);
    kr_param_bool(q, p->nominated);
    kr_param_bool(q, p->lives_with_child);
    if (p->adult < 0)
        kr_param_text(q, NULL);
    else
        kr_param_bool(q, p->adult);
    kr_param_text(q, p->notes ? p->notes : "");
    kr_param_text(q, p->extra);
    kr_param_text(q, p->youth_note && p->youth_note[0] ? p->youth_note : NULL);
}

static const char insert_tie_sql[] =
    "INSERT INTO ties (case_code, a, b, strength, quality, extra, seq) "
    "VALUES ($1, $2, $3, $4, $5, $6, " NEXT_SEQ("ties") ")";

void kr_pg_bind_tie(kr_params *q, const char *code, const kring_tie *t)
{
    kr_param_text(q, code);
    kr_param_text(q, t->a);
    kr_param_text(q, t->b);
    kr_param_enum(q, KRING_ENUM_STRENGTH, (int)t->strength);
    kr_param_enum(q, KRING_ENUM_TIE_QUALITY, (int)t->quality);
    kr_param_text(q, t->extra);
}

/* Writes a row: sent in the pipeline PP, or run now without one. */
static kring_status write_row(kring_store *s, kr_pipe *pp, const char *sql,
                              const kr_params *q, kring_error *err)
{
    if (pp == NULL)
        return kr_pg_run(s, sql, q, NULL, err);
    kr_pg_pipe_send(s, pp, sql, q);
    return KRING_OK;
}

kring_status kr_pg_bind_snapshot(kr_params *q, const char *code,
                                 const kring_snapshot *sn, char **network,
                                 kring_error *err)
{
    kring_status rc = kr_network_dump(sn->people, sn->n_people, sn->ties,
                                      sn->n_ties, network, err);

    if (rc != KRING_OK)
        return rc;
    kr_param_text(q, code);
    kr_param_text(q, sn->label);
    kr_param_text(q, sn->taken);
    kr_param_text(q, *network);
    kr_param_text(q, sn->extra);
    return KRING_OK;
}

static kring_status insert_snapshot(kring_store *s, kr_pipe *pp,
                                    const char *code, const kring_snapshot *sn,
                                    kring_error *err)
{
    kr_params q = {0};
    char *network = NULL;
    kring_status rc;

    if ((rc = kr_pg_bind_snapshot(&q, code, sn, &network, err)))
        return rc;
    /* libpq copies the values as it sends: the text can go after. */
    rc = write_row(s, pp,
                   "INSERT INTO snapshots (case_code, label, taken, network, "
                   "extra) VALUES ($1, $2, $3, $4, $5)",
                   &q, err);
    kr_free(network);
    return rc;
}

void kr_pg_bind_choice(kr_params *q, const char *code, const kring_choice *ch)
{
    kr_param_text(q, code);
    kr_param_text(q, ch->person);
    kr_param_text(q, ch->date);
    kr_param_enum(q, KRING_ENUM_CHOICE_STATUS, (int)ch->status);
    kr_param_text(q, ch->note ? ch->note : "");
    kr_param_text(q, ch->extra);
}

static kring_status insert_choice(kring_store *s, kr_pipe *pp, const char *code,
                                  const kring_choice *ch, kring_error *err)
{
    kr_params q = {0};

    kr_pg_bind_choice(&q, code, ch);
    return write_row(s, pp,
                     "INSERT INTO choices (case_code, person, date, status, "
                     "note, extra) VALUES ($1, $2, $3, $4, $5, $6)",
                     &q, err);
}

void kr_pg_bind_suggestion(kr_params *q, const char *code,
                           const kring_suggestion *sg)
{
    kr_param_text(q, code);
    kr_param_text(q, sg->date);
    kr_param_enum(q, KRING_ENUM_SUGGESTION_KIND, (int)sg->kind);
    kr_param_text(q, sg->person);
    kr_param_text(q, sg->name);
    kr_param_int_or_null(q, sg->ring, 0);
    kr_param_enum(q, KRING_ENUM_SECTOR, (int)sg->sector);
    kr_param_enum(q, KRING_ENUM_SUGGESTION_STATUS, (int)sg->status);
    kr_param_text(q, sg->decided);
    kr_param_text(q, sg->extra);
}

static kring_status insert_suggestion(kring_store *s, kr_pipe *pp,
                                      const char *code,
                                      const kring_suggestion *sg,
                                      kring_error *err)
{
    kr_params q = {0};

    kr_pg_bind_suggestion(&q, code, sg);
    return write_row(s, pp,
                     "INSERT INTO suggestions (case_code, date, kind, person, "
                     "name, ring, sector, status, decided, extra, seq) VALUES "
                     "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
                     /* Counting those the young person does not see
                      * (schema_youth.c). */
                     "suggestion_next($1))",
                     &q, err);
}

void kr_pg_bind_outcome(kr_params *q, const char *code, const kring_outcome *o)
{
    kr_param_text(q, code);
    kr_param_text(q, o->date);
    kr_param_enum(q, KRING_ENUM_PLACEMENT, (int)o->placement);
    kr_param_enum(q, KRING_ENUM_PLACEMENT, (int)o->secure_care);
    kr_param_enum(q, KRING_ENUM_SCHOOL, (int)o->school);
    kr_param_enum(q, KRING_ENUM_GOALS, (int)o->goals);
    kr_param_text(q, o->ended_as_planned < 0 ? NULL
                     : o->ended_as_planned   ? "t"
                                             : "f");
    kr_param_int_or_null(q, o->satisfaction, -1);
    kr_param_text(q, o->notes ? o->notes : "");
    kr_param_text(q, o->extra);
}

static kring_status insert_outcome(kring_store *s, kr_pipe *pp,
                                   const char *code, const kring_outcome *o,
                                   kring_error *err)
{
    kr_params q = {0};

    kr_pg_bind_outcome(&q, code, o);
    return write_row(s, pp,
                     "INSERT INTO outcomes (case_code, date, placement, "
                     "secure_care, school, goals, ended_as_planned, "
                     "satisfaction, notes, extra, seq) VALUES ($1, $2, $3, "
                     "$4, $5, $6, $7, $8, $9, $10, (SELECT coalesce(max(seq), "
                     "0) + 1 FROM outcomes WHERE case_code = $1))",
                     &q, err);
}

/* --- whole cases -------------------------------------------------------- */

/* The rows of one table of a case, written by one statement of many rows
 * (VALUES (...), (...)): the table's statement triggers run once for the
 * case, not once a row. At most ROWS_MAX rows a statement, so that the
 * parameters stay far below PostgreSQL's 65,535. */
#define ROWS_MAX 1000
struct rows {
    const char **v; /* each value, a number's NULL until sent */
    int *num;       /* the index of a number's text in NUMS, else -1 */
    char (*nums)[32];
    size_t n, cap, cap_num, n_nums, cap_nums;
    int per_row; /* values of one row */
    int failed;  /* out of memory */
};

/* Adds the row P (its numbers copied). */
static void rows_add(struct rows *r, const kr_params *p)
{
    int i;

    r->per_row = p->n;
    if (kr_grow(&r->v, &r->cap, r->n + (size_t)p->n, sizeof *r->v) ||
        kr_grow(&r->num, &r->cap_num, r->n + (size_t)p->n, sizeof *r->num)) {
        r->failed = 1;
        return;
    }
    for (i = 0; i < p->n; i++, r->n++) {
        r->v[r->n] = p->v[i];
        r->num[r->n] = -1;
        if (p->v[i] != p->num[i])
            continue;
        if (kr_grow(&r->nums, &r->cap_nums, r->n_nums + 1, sizeof *r->nums)) {
            r->failed = 1;
            return;
        }
        memcpy(r->nums[r->n_nums], p->num[i], sizeof r->nums[0]);
        r->num[r->n] = (int)r->n_nums++;
    }
}

static void rows_release(struct rows *r)
{
    kr_free(r->v);
    kr_free(r->num);
    kr_free(r->nums);
    memset(r, 0, sizeof *r);
}

/* Sends HEAD ("INSERT ... VALUES ") with the rows of R, ROWS_MAX at a
 * time, in the pipeline PP; 1 when out of memory. */
static int rows_send(kring_store *s, kr_pipe *pp, const char *head,
                     struct rows *r)
{
    size_t rows = r->per_row ? r->n / (size_t)r->per_row : 0, at, k, len;
    char *sql;
    int j, failed = r->failed;

    for (k = 0; k < r->n; k++)
        if (r->num[k] >= 0)
            r->v[k] = r->nums[r->num[k]];
    for (at = 0; !failed && at < rows; at += ROWS_MAX) {
        size_t now = rows - at < ROWS_MAX ? rows - at : ROWS_MAX, used;
        len = strlen(head) + now * ((size_t)r->per_row * 8 + 4) + 1;
        if ((sql = kr_malloc(len)) == NULL) {
            failed = 1;
            break;
        }
        used = (size_t)snprintf(sql, len, "%s", head);
        for (k = 0; k < now; k++)
            for (j = 0; j < r->per_row; j++)
                used += (size_t)snprintf(sql + used, len - used, "%s$%d%s",
                                         j == 0 ? (k ? ", (" : "(") : "",
                                         (int)k * r->per_row + j + 1,
                                         j + 1 == r->per_row ? ")" : ", ");
        kr_pg_pipe_send_n(s, pp, sql, (int)now * r->per_row,
                          r->v + at * (size_t)r->per_row);
        kr_free(sql);
    }
    return failed;
}

/* A whole case is written in two round trips to the server: its row
 * locked (and, when it is replaced, its people's numbers read), then
 * every row of it sent in one pipeline (kr_pg_pipe_start()). */

/* What a case being stored meets: whether it is there, its numbers (its
 * own, its counter, its version) and each person's by id. */
struct old {
    int found;
    long long case_key, last_person_key, version;
    long long team_id, responsible; /* kept by a replace; 0: none */
    PGresult *people;               /* id, person_key */
};

/* Locks case CODE's row and reads its numbers into O. */
static kring_status read_old(kring_store *s, const char *code, struct old *o,
                             kring_error *err)
{
    PGresult *r[2] = {NULL, NULL};
    kr_params q = {0};
    kr_pipe pp;
    kring_status rc;

    memset(o, 0, sizeof *o);
    kr_param_text(&q, code);
    if ((rc = kr_pg_pipe_start(s, &pp, err)))
        return rc;
    kr_pg_pipe_send(s, &pp,
                    "SELECT 1, case_key, last_person_key, version, "
                    "team_id, responsible FROM cases WHERE code = $1 FOR "
                    "UPDATE",
                    &q);
    kr_pg_pipe_send(
        s, &pp, "SELECT id, person_key FROM people WHERE case_code = $1", &q);
    if ((rc = kr_pg_pipe_end(s, &pp, r, 2, err)))
        return rc;
    if (PQntuples(r[0]) == 1) {
        o->found = 1;
        o->case_key = kr_pg_int(r[0], 0, 1, 0);
        o->last_person_key = kr_pg_int(r[0], 0, 2, 0);
        o->version = kr_pg_int(r[0], 0, 3, 0);
        o->team_id = kr_pg_int(r[0], 0, 4, 0);
        o->responsible = kr_pg_int(r[0], 0, 5, 0);
    }
    PQclear(r[0]);
    o->people = r[1];
    return KRING_OK;
}

/* The number person ID keeps, or 0. */
static long long old_key(const struct old *o, const char *id)
{
    int i;

    for (i = 0; o->found && i < PQntuples(o->people); i++)
        if (strcmp(PQgetvalue(o->people, i, 0), id) == 0)
            return kr_pg_int(o->people, i, 1, 0);
    return 0;
}

/* Stores case C in one pipeline, its line EVENT in the audit log last: a
 * replacement (O found) removes the old rows first and keeps its old
 * numbers, going on from its old version (a version starting again at 0
 * could come back to one a drawing was kept under); a new case takes the
 * sequence's next number. */
static kring_status insert_case(kring_store *s, const kring_case *c,
                                const struct old *o, const char *event,
                                kring_error *err)
{
    long long last = o->last_person_key;
    long long *keys = NULL;
    struct rows people = {0}, ties = {0};
    kring_status rc = KRING_OK;
    kr_params q = {0};
    int at_case;
    kr_pipe pp;
    size_t i;

    if (c->n_people > 0 &&
        (keys = kr_malloc(c->n_people * sizeof *keys)) == NULL)
        return kr_nomem(err);
    for (i = 0; i < c->n_people; i++)
        if ((keys[i] = old_key(o, c->people[i].id)) == 0)
            keys[i] = ++last;
    if ((rc = kr_pg_pipe_start(s, &pp, err))) {
        kr_free(keys);
        return rc;
    }
    if (o->found) {
        kr_params d = {0};
        kr_param_text(&d, c->code);
        kr_pg_pipe_send(s, &pp, "DELETE FROM cases WHERE code = $1", &d);
    }
    kr_pg_bind_case(&q, c);
    kr_param_int_or_null(&q, o->case_key, 0);
    kr_param_int(&q, last);
    kr_param_int(&q, o->found ? o->version + 1 : 0);
    /* A case replaced stays its team's and its responsible's. */
    kr_param_int_or_null(&q, o->team_id, 0);
    kr_param_int_or_null(&q, o->responsible, 0);
    at_case = pp.sent;
    kr_pg_pipe_send(s, &pp,
                    "INSERT INTO cases (code, name, birth_year, notes, extra, "
                    "file_extra, case_key, last_person_key, version, team_id, "
                    "responsible) VALUES ($1, $2, $3, $4, $5, $6, coalesce($7, "
                    "nextval('case_keys')), $8, $9, $10, $11)",
                    &q);
    for (i = 0; i < c->n_people; i++) {
        kr_params p = {0};
        kr_pg_bind_person(&p, c->code, &c->people[i]);
        kr_param_int(&p, keys[i]);
        kr_param_int(&p, (long long)i + 1);
        rows_add(&people, &p);
    }
    kr_free(keys);
    for (i = 0; i < c->n_ties; i++) {
        kr_params p = {0};
        kr_pg_bind_tie(&p, c->code, &c->ties[i]);
        kr_param_int(&p, (long long)i + 1);
        rows_add(&ties, &p);
    }
    if (rows_send(s, &pp, insert_people_sql, &people) ||
        rows_send(s, &pp, insert_ties_sql, &ties))
        rc = kr_nomem(err);
    rows_release(&people);
    rows_release(&ties);
    for (i = 0; rc == KRING_OK && i < c->n_snapshots; i++)
        rc = insert_snapshot(s, &pp, c->code, &c->snapshots[i], err);
    for (i = 0; rc == KRING_OK && i < c->n_choices; i++)
        rc = insert_choice(s, &pp, c->code, &c->choices[i], err);
    for (i = 0; rc == KRING_OK && i < c->n_suggestions; i++)
        rc = insert_suggestion(s, &pp, c->code, &c->suggestions[i], err);
    for (i = 0; rc == KRING_OK && i < c->n_outcomes; i++)
        rc = insert_outcome(s, &pp, c->code, &c->outcomes[i], err);
    kr_pg_audit_send(s, &pp, event, c->code, NULL, NULL);
    {
        kring_status sent = kr_pg_pipe_end(s, &pp, NULL, 0, err);
        if (rc == KRING_OK)
            rc = sent;
    }
    /* Another made a case of this code since the lock was looked for. */
    if (rc == KRING_ERR_INVALID && pp.failed_at == at_case && !o->found &&
        kr_pg_taken(s))
        rc = kr_error_set(err, KRING_ERR_EXISTS, _("case '%s' already exists"),
                          c->code);
    return rc;
}

kring_status kr_pg_put_case(kring_store *s, const kring_case *c, bool replace,
                            kring_error *err)
{
    struct old o;
    kring_status rc;

    if ((rc = kr_pg_op_begin(s, err)))
        return rc;
    rc = read_old(s, c->code, &o, err);
    if (rc == KRING_OK && o.found && !replace)
        rc = kr_error_set(err, KRING_ERR_EXISTS, _("case '%s' already exists"),
                          c->code);
    if (rc == KRING_OK)
        rc = insert_case(s, c, &o, o.found ? "case replaced" : "case stored",
                         err);
    PQclear(o.people);
    return kr_pg_op_end(s, rc, err);
}

kring_status kr_pg_new_case_key(kring_store *s, long long *key,
                                kring_error *err)
{
    PGresult *r = NULL;
    kring_status rc =
        kr_pg_run(s, "SELECT nextval('case_keys')", NULL, &r, err);

    *key = rc == KRING_OK ? kr_pg_int(r, 0, 0, 0) : 0;
    PQclear(r);
    return rc;
}

kring_status kr_pg_delete_case(kring_store *s, const char *code,
                               const char *event, kring_error *err)
{
    int erased = strcmp(event, "case removed") != 0;
    kr_params q = {0};
    long long key = 0;
    kring_status rc;

    if ((rc = kr_pg_op_begin(s, err)))
        return rc;
    rc = kr_pg_lock_case(s, code, &key, err);
    /* Logged first: the line needs the case's number. An erasure is a
     * line of its own kind; the reasons given for opening the case by
     * break-glass may name the child, and go with it. */
    if (rc == KRING_OK && !erased)
        rc = kr_pg_audit_line(s, event, code, NULL, NULL, err);
    else if (rc == KRING_OK)
        rc = kr_pg_org_line(s, "erase", event, key, 0, err);
    if (rc == KRING_OK && erased) {
        kr_params b = {0};
        kr_param_int(&b, key);
        rc = kr_pg_run(s,
                       "UPDATE break_glass SET reason = '(erased with the "
                       "case)' WHERE case_key = $1",
                       &b, NULL, err);
    }
    kr_param_text(&q, code);
    if (rc == KRING_OK)
        rc = kr_pg_run(s, "DELETE FROM cases WHERE code = $1", &q, NULL, err);
    if (rc == KRING_OK)
        PG(s)->erased = 1;
    return kr_pg_op_end(s, rc, err);
}

/* --- single changes ----------------------------------------------------- */

/* Ends a change begun with kr_pg_op_begin(): its line EVENT in the audit
 * log when all went well, then commits or rolls back. */
static kring_status end_change(kring_store *s, kring_status rc,
                               const char *event, const char *code,
                               const char *a, const char *b, kring_error *err)
{
    if (rc == KRING_OK)
        rc = kr_pg_audit_line(s, event, code, a, b, err);
    return kr_pg_op_end(s, rc, err);
}

static kring_status write_person(kring_store *s, const char *code,
                                 const kring_person *p, int update,
                                 kring_error *err)
{
    kr_params q = {0};
    kring_status rc;
    long n = 0;

    if ((rc = kr_pg_op_begin(s, err)))
        return rc;
    rc = kr_pg_lock_case(s, code, NULL, err);
    kr_pg_bind_person(&q, code, p);
    if (rc == KRING_OK)
        rc = kr_pg_changed(s, update ? update_person_sql : insert_person_sql,
                           &q, &n, err);
    if (rc == KRING_ERR_INVALID && !update && kr_pg_taken(s))
        rc = kr_error_set(err, KRING_ERR_EXISTS,
                          _("case '%s' already has a person with id '%s'"),
                          code, p->id);
    if (rc == KRING_OK && update && n == 0)
        rc = kr_error_set(err, KRING_ERR_NOT_FOUND,
                          _("case '%s' has no person '%s'"), code, p->id);
    return end_change(s, rc, update ? "person changed" : "person added", code,
                      p->id, NULL, err);
}

kring_status kr_pg_insert_person(kring_store *s, const char *code,
                                 const kring_person *p, kring_error *err)
{
    return write_person(s, code, p, 0, err);
}

kring_status kr_pg_update_person(kring_store *s, const char *code,
                                 const kring_person *p, kring_error *err)
{
    return write_person(s, code, p, 1, err);
}

kring_status kr_pg_delete_person(kring_store *s, const char *code,
                                 const char *id, kring_error *err)
{
    PGresult *r = NULL;
    kr_params q = {0};
    kring_status rc;
    long choices = 0, n = 0;

    if ((rc = kr_pg_op_begin(s, err)))
        return rc;
    kr_param_text(&q, code);
    kr_param_text(&q, id);
    rc = kr_pg_lock_case(s, code, NULL, err);
    if (rc == KRING_OK &&
        (rc = kr_pg_run(s,
                        "SELECT count(*) FROM choices WHERE case_code = $1 "
                        "AND person = $2",
                        &q, &r, err)) == KRING_OK)
        choices = (long)kr_pg_int(r, 0, 0, 0);
    PQclear(r);
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
                          id, (int)choices);
    /* Logged first: the line needs the person's number. */
    if (rc == KRING_OK)
        rc = kr_pg_audit_line(s, "person removed", code, id, NULL, err);
    if (rc == KRING_OK)
        rc = kr_pg_changed(s,
                           "DELETE FROM people WHERE case_code = $1 AND id = "
                           "$2",
                           &q, &n, err);
    if (rc == KRING_OK && n == 0)
        rc = kr_error_set(err, KRING_ERR_NOT_FOUND,
                          _("case '%s' has no person '%s'"), code, id);
    return kr_pg_op_end(s, rc, err);
}

kring_status kr_pg_insert_tie(kring_store *s, const char *code,
                              const kring_tie *t, kring_error *err)
{
    kr_params q = {0};
    kring_status rc;

    if ((rc = kr_pg_op_begin(s, err)))
        return rc;
    rc = kr_pg_lock_case(s, code, NULL, err);
    kr_pg_bind_tie(&q, code, t);
    if (rc == KRING_OK)
        rc = kr_pg_run(s, insert_tie_sql, &q, NULL, err);
    if (rc == KRING_ERR_INVALID)
        rc = kr_error_set(err, KRING_ERR_INVALID,
                          _("'%s' and '%s' already have a tie, or one of "
                            "them is not a person of case '%s'"),
                          t->a, t->b, code);
    return end_change(s, rc, "tie added", code, t->a, t->b, err);
}

/* Removes the tie A-B of case CODE or, with T, sets its strength and
 * quality to T's in its place. */
static kring_status write_tie(kring_store *s, const char *code, const char *a,
                              const char *b, const kring_tie *t,
                              kring_error *err)
{
    kr_params q = {0};
    kring_status rc;
    long n = 0;

    if ((rc = kr_pg_op_begin(s, err)))
        return rc;
    rc = kr_pg_lock_case(s, code, NULL, err);
    kr_param_text(&q, code);
    kr_param_text(&q, a);
    kr_param_text(&q, b);
    if (t != NULL) {
        kr_param_enum(&q, KRING_ENUM_STRENGTH, (int)t->strength);
        kr_param_enum(&q, KRING_ENUM_TIE_QUALITY, (int)t->quality);
    }
    if (rc == KRING_OK)
        rc = kr_pg_changed(
            s,
            t == NULL ? "DELETE FROM ties WHERE case_code = $1 AND ((a = $2 "
                        "AND b = $3) OR (a = $3 AND b = $2))"
                      : "UPDATE ties SET strength = $4, quality = $5 WHERE "
                        "case_code = $1 AND ((a = $2 AND b = $3) OR (a = $3 "
                        "AND b = $2))",
            &q, &n, err);
    if (rc == KRING_OK && n == 0)
        rc = kr_error_set(err, KRING_ERR_NOT_FOUND,
                          _("'%s' and '%s' have no tie"), a, b);
    return end_change(s, rc, t == NULL ? "tie removed" : "tie changed", code, a,
                      b, err);
}

kring_status kr_pg_delete_tie(kring_store *s, const char *code, const char *a,
                              const char *b, kring_error *err)
{
    return write_tie(s, code, a, b, NULL, err);
}

kring_status kr_pg_update_tie(kring_store *s, const char *code,
                              const kring_tie *t, kring_error *err)
{
    return write_tie(s, code, t->a, t->b, t, err);
}

kring_status kr_pg_insert_snapshot(kring_store *s, const char *code,
                                   const kring_snapshot *sn, kring_error *err)
{
    kring_status rc;

    if ((rc = kr_pg_op_begin(s, err)))
        return rc;
    rc = kr_pg_lock_case(s, code, NULL, err);
    if (rc == KRING_OK)
        rc = insert_snapshot(s, NULL, code, sn, err);
    if (rc == KRING_ERR_INVALID && kr_pg_taken(s))
        rc = kr_error_set(err, KRING_ERR_EXISTS,
                          _("case '%s' has a snapshot '%s' already"), code,
                          sn->label);
    return end_change(s, rc, "snapshot taken", code, NULL, NULL, err);
}

kring_status kr_pg_insert_choice(kring_store *s, const char *code,
                                 const kring_choice *ch, kring_error *err)
{
    kring_status rc;

    if ((rc = kr_pg_op_begin(s, err)))
        return rc;
    rc = kr_pg_lock_case(s, code, NULL, err);
    if (rc == KRING_OK)
        rc = insert_choice(s, NULL, code, ch, err);
    if (rc == KRING_ERR_INVALID)
        rc = kr_error_set(err, KRING_ERR_INVALID,
                          _("'%s' is not a person of case '%s'"), ch->person,
                          code);
    return end_change(s, rc, "choice recorded", code, ch->person, NULL, err);
}

kring_status kr_pg_set_case_extra(kring_store *s, const char *code,
                                  const char *extra, kring_error *err)
{
    kr_params q = {0};
    kring_status rc;

    if ((rc = kr_pg_op_begin(s, err)))
        return rc;
    rc = kr_pg_lock_case(s, code, NULL, err);
    kr_param_text(&q, code);
    kr_param_text(&q, extra);
    if (rc == KRING_OK)
        rc = kr_pg_run(s, "UPDATE cases SET extra = $2 WHERE code = $1", &q,
                       NULL, err);
    return end_change(s, rc, "case details changed", code, NULL, NULL, err);
}

kring_status kr_pg_insert_suggestion(kring_store *s, const char *code,
                                     const kring_suggestion *sg,
                                     kring_error *err)
{
    kring_status rc;

    if ((rc = kr_pg_op_begin(s, err)))
        return rc;
    rc = kr_pg_lock_case(s, code, NULL, err);
    if (rc == KRING_OK)
        rc = insert_suggestion(s, NULL, code, sg, err);
    return end_change(s, rc, "suggestion made", code, sg->person, NULL, err);
}

kring_status kr_pg_insert_outcome(kring_store *s, const char *code,
                                  const kring_outcome *o, kring_error *err)
{
    kring_status rc;

    if ((rc = kr_pg_op_begin(s, err)))
        return rc;
    rc = kr_pg_lock_case(s, code, NULL, err);
    if (rc == KRING_OK)
        rc = insert_outcome(s, NULL, code, o, err);
    return end_change(s, rc, "outcome recorded", code, NULL, NULL, err);
}

kring_status kr_pg_decide_suggestion(kring_store *s, const char *code, size_t n,
                                     kring_suggestion_status status,
                                     const char *date, kring_error *err)
{
    kr_params q = {0};
    kring_status rc;
    long changed = 0;

    if ((rc = kr_pg_op_begin(s, err)))
        return rc;
    rc = kr_pg_lock_case(s, code, NULL, err);
    kr_param_text(&q, code);
    kr_param_int(&q, (long long)n - 1);
    kr_param_enum(&q, KRING_ENUM_SUGGESTION_STATUS, (int)status);
    kr_param_text(&q, date);
    /* The Nth of the case's suggestions in their order, if still open. */
    if (rc == KRING_OK)
        rc = kr_pg_changed(s,
                           "UPDATE suggestions SET status = $3, decided = $4 "
                           "WHERE case_code = $1 AND status = 'open' AND seq "
                           "= (SELECT seq FROM suggestions WHERE case_code = "
                           "$1 ORDER BY seq LIMIT 1 OFFSET $2)",
                           &q, &changed, err);
    if (rc == KRING_OK && changed == 0)
        rc = kr_error_set(err, KRING_ERR_NOT_FOUND,
                          _("case '%s' has no open suggestion %zu"), code, n);
    return end_change(s, rc,
                      status == KRING_SUGGESTION_ACCEPTED
                          ? "suggestion accepted"
                          : "suggestion declined",
                      code, NULL, NULL, err);
}
