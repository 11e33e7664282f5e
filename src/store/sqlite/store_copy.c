/* A case and the audit log copied in from another store (kring db copy):
 * the case under its people's numbers, the log's lines as they were. */
#include <sqlite3.h>
#include <string.h>

#include "store_internal.h"

static kring_status case_keys_row(sqlite3_stmt *st, void *ctx, kring_error *err)
{
    kring_case_keys *k = ctx;

    (void)err;
    k->case_key = sqlite3_column_int64(st, 0);
    k->last_person_key = sqlite3_column_int64(st, 1);
    return KRING_OK;
}

kring_status kr_sq_case_keys(kring_store *s, const kring_case *c,
                             kring_case_keys *k, kring_error *err)
{
    kring_status rc = kr_each_row(s,
                                  "SELECT case_key, last_person_key FROM "
                                  "cases WHERE code = ?1",
                                  c->code, case_keys_row, k, err);

    return rc != KRING_OK ? rc : kr_sq_people_numbers(s, c, k->person, err);
}

static kring_status key_row(sqlite3_stmt *st, void *ctx, kring_error *err)
{
    (void)err;
    *(long long *)ctx = sqlite3_column_int64(st, 0);
    return KRING_OK;
}

kring_status kr_sq_new_case_key(kring_store *s, long long *key,
                                kring_error *err)
{
    kring_status rc;

    *key = 0;
    if ((rc = kr_op_begin(s, err)))
        return rc;
    rc = kr_exec(s, "UPDATE counters SET value = value + 1 WHERE name = 'case'",
                 err);
    if (rc == KRING_OK)
        rc = kr_each_row(s, "SELECT value FROM counters WHERE name = 'case'",
                         NULL, key_row, key, err);
    return kr_op_end(s, rc, err);
}

/* One case of kr_sq_put_copies(): SQLite is in the same process, a case
 * at a time costs it nothing more. */
static kring_status put_copy(kring_store *s, const kring_case *c,
                             const kring_case_keys *k, bool replace,
                             long long *case_key, kring_error *err)
{
    struct keys old = {0}, keys = {0};
    kring_status rc;
    int found = 0;
    size_t i;

    *case_key = 0;
    if ((rc = kr_op_begin(s, err)))
        return rc;
    rc = kr_case_exists(s, c->code, &found, err);
    if (rc == KRING_OK && found && !replace)
        rc = kr_error_set(err, KRING_ERR_EXISTS, _("case '%s' already exists"),
                          c->code);
    if (rc == KRING_OK && found)
        rc = kr_keys_read(s, c->code, &old, err);
    if (rc == KRING_OK && found) {
        rc = kr_delete_where_code(s, "DELETE FROM cases WHERE code = ?1",
                                  c->code, NULL, err);
        SQ(s)->erased = 1;
    }
    if (rc == KRING_OK && !found)
        rc = kr_sq_new_case_key(s, &old.case_key, err);
    /* The copied people keep their numbers: each id is given its own. */
    keys.case_key = old.case_key;
    keys.version = found ? old.version : -1;
    /* The higher counter of the two: a number the replaced case's log
     * used is never given again. */
    keys.last_person_key = k->last_person_key > old.last_person_key
                               ? k->last_person_key
                               : old.last_person_key;
    if (rc == KRING_OK && c->n_people > 0 &&
        ((keys.ids = kr_calloc(c->n_people, sizeof *keys.ids)) == NULL ||
         (keys.people = kr_calloc(c->n_people, sizeof *keys.people)) == NULL))
        rc = kr_nomem(err);
    for (i = 0; rc == KRING_OK && i < c->n_people; i++) {
        keys.ids[i] = c->people[i].id;
        keys.people[i] = k->person[i];
    }
    keys.n = c->n_people;
    if (rc == KRING_OK)
        rc = kr_insert_case(s, c, &keys, err);
    kr_free(keys.ids); /* the ids are the case's */
    kr_free(keys.people);
    kr_keys_release(&old);
    if (rc == KRING_OK)
        *case_key = keys.case_key;
    if (rc == KRING_OK)
        rc = kr_audit(s, "case copied in", c->code, NULL, NULL, err);
    return kr_op_end(s, rc, err);
}

kring_status kr_sq_put_copies(kring_store *s, const kring_case *const *c,
                              const kring_case_keys *k, size_t n, bool replace,
                              long long *case_key, size_t *taken,
                              kring_error *err)
{
    kring_status rc;
    size_t i;

    if ((rc = kr_op_begin(s, err)))
        return rc;
    for (i = 0; rc == KRING_OK && i < n; i++)
        if ((rc = put_copy(s, c[i], &k[i], replace, &case_key[i], err)) ==
            KRING_ERR_EXISTS)
            *taken = i;
    return kr_op_end(s, rc, err);
}

kring_status kr_sq_append_audit(kring_store *s, const kring_audit_entry *e,
                                size_t n, kring_error *err)
{
    sqlite3_stmt *st = NULL;
    kring_status rc;
    size_t i;

    if ((rc = kr_op_begin(s, err)))
        return rc;
    rc = kr_prepare(s,
                    "INSERT INTO audit (at, user, command, kind, event, "
                    "case_key, person_key, other_key) VALUES (?1, ?2, ?3, "
                    "?4, ?5, ?6, ?7, ?8)",
                    &st, err);
    for (i = 0; rc == KRING_OK && i < n; i++) {
        sqlite3_bind_text(st, 1, e[i].at, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, e[i].user, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, e[i].command, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, e[i].read ? "read" : "change", -1,
                          SQLITE_STATIC);
        sqlite3_bind_text(st, 5, e[i].event, -1, SQLITE_STATIC);
        if (e[i].case_key)
            sqlite3_bind_int64(st, 6, e[i].case_key);
        else
            sqlite3_bind_null(st, 6);
        if (e[i].person_key)
            sqlite3_bind_int64(st, 7, e[i].person_key);
        else
            sqlite3_bind_null(st, 7);
        if (e[i].other_key)
            sqlite3_bind_int64(st, 8, e[i].other_key);
        else
            sqlite3_bind_null(st, 8);
        rc = kr_step_done(s, st, err);
    }
    kr_finalize(s, st);
    return kr_op_end(s, rc, err);
}
