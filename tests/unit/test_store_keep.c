/* Stores kept open for a server's threads (kring_store_keep_open()) and
 * the stamp a case is loaded with (kring_store_load_stamped()), and the
 * statements a store keeps prepared (kr_prepare(), kr_finalize()). */
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers.h"
#include "kring/kring.h"
#include "sqlite/store_internal.h"

#define NOAH "samples/2026-014-noah.json"
#define SARA "samples/2026-033-sara.json"

static kring_case *sample(const char *file)
{
    kring_case *c = NULL;
    kring_error err;

    cr_assert_eq(kring_casefile_load(file, &c, &err), KRING_OK, "%s", err.text);
    return c;
}

/* A new database at DB holding the sample FILE. */
static void put_sample(const char *db, const char *file)
{
    kring_store *s = NULL;
    kring_case *c = sample(file);
    kring_error err;

    cr_assert_eq(kring_store_open(db, 0, &s, &err), KRING_OK, "%s", err.text);
    cr_assert_eq(kring_store_put_case(s, c, false, &err), KRING_OK, "%s",
                 err.text);
    kring_store_close(s);
    kring_case_free(c);
}

static uint64_t stamp_of(kring_store *s, const char *code)
{
    kring_case *c = NULL;
    kring_error err;
    uint64_t stamp = 0;

    cr_assert_eq(kring_store_load_stamped(s, code, &c, &stamp, &err), KRING_OK,
                 "%s", err.text);
    kring_case_free(c);
    cr_assert_neq(stamp, 0);
    return stamp;
}

Test(store_stamp, follows_every_change_of_the_case_and_no_other)
{
    char *dir = t_tmpdir();
    const char *db = t_db(dir, "k.db");
    kring_store *s = NULL;
    kring_case *c = NULL, *plain = NULL;
    kring_error err;
    uint64_t first, again;
    kring_person p;

    put_sample(db, NOAH);
    cr_assert_eq(kring_store_open(db, 0, &s, &err), KRING_OK, "%s", err.text);
    {
        kring_case *sara = sample(SARA);
        cr_assert_eq(kring_store_put_case(s, sara, false, &err), KRING_OK);
        kring_case_free(sara);
    }
    first = stamp_of(s, "2026-014");
    again = stamp_of(s, "2026-014");
    cr_assert_eq(first, again);
    cr_assert_neq(first, stamp_of(s, "2026-033"));
    /* The case loaded with its stamp is the one loaded without. */
    cr_assert_eq(kring_store_load_stamped(s, "2026-014", &c, &again, &err),
                 KRING_OK);
    cr_assert_eq(kring_store_load_network(s, "2026-014", &plain, &err),
                 KRING_OK);
    cr_assert_eq(c->n_people, plain->n_people);
    cr_assert_eq(c->n_ties, plain->n_ties);
    cr_assert_str_eq(c->people[0].name, plain->people[0].name);
    kring_case_free(plain);

    /* Another case changes: this one's stamp stays. */
    {
        kring_case *sara = NULL;
        cr_assert_eq(kring_store_load_network(s, "2026-033", &sara, &err),
                     KRING_OK);
        p = sara->people[0];
        p.notes = "another line";
        cr_assert_eq(kring_store_update_person(s, "2026-033", &p, &err),
                     KRING_OK, "%s", err.text);
        kring_case_free(sara);
    }
    cr_assert_eq(stamp_of(s, "2026-014"), first);

    /* A field the map never shows changes it too: the stamp is of the
     * rows, not of a drawing. */
    p = c->people[0];
    p.notes = "a new note";
    cr_assert_eq(kring_store_update_person(s, "2026-014", &p, &err), KRING_OK,
                 "%s", err.text);
    again = stamp_of(s, "2026-014");
    cr_assert_neq(again, first);
    /* Back as it was: the stamp is of the values, not a counter. */
    p.notes = c->people[0].notes;
    cr_assert_eq(kring_store_update_person(s, "2026-014", &p, &err), KRING_OK);
    cr_assert_eq(stamp_of(s, "2026-014"), first);
    /* A tie less. */
    cr_assert_eq(
        kring_store_delete_tie(s, "2026-014", c->ties[0].a, c->ties[0].b, &err),
        KRING_OK, "%s", err.text);
    cr_assert_neq(stamp_of(s, "2026-014"), first);
    cr_assert_eq(kring_store_load_stamped(s, "nobody", &plain, &again, &err),
                 KRING_ERR_NOT_FOUND);
    kring_case_free(c);
    kring_store_close(s);
    free(dir);
}

Test(store_keep, a_closed_store_is_opened_again_only_as_it_was)
{
    char *dir = t_tmpdir();
    const char *db = t_db(dir, "k.db");
    kring_store *s = NULL, *again = NULL, *rw = NULL;
    kring_error err;

    put_sample(db, NOAH);
    kring_store_keep_open(1);
    cr_assert_eq(kring_store_open(db, KRING_STORE_READONLY, &s, &err),
                 KRING_OK);
    kring_store_close(s);
    cr_assert_eq(kring_store_open(db, KRING_STORE_READONLY, &again, &err),
                 KRING_OK);
    cr_assert_eq(again, s, "the kept store is taken again");
    /* Other flags: another store. */
    cr_assert_eq(kring_store_open(db, 0, &rw, &err), KRING_OK);
    cr_assert_neq(rw, again);
    kring_store_close(rw);
    kring_store_close(again);

    /* Closed inside a transaction: rolled back, and kept. */
    cr_assert_eq(kring_store_open(db, 0, &s, &err), KRING_OK);
    cr_assert_eq(s, rw);
    cr_assert_eq(kring_store_begin(s, &err), KRING_OK);
    cr_assert_eq(kring_store_delete_case(s, "2026-014", &err), KRING_OK);
    kring_store_close(s);
    cr_assert_eq(kring_store_open(db, KRING_STORE_READONLY, &s, &err),
                 KRING_OK);
    cr_assert_neq(stamp_of(s, "2026-014"), 0);
    kring_store_close(s);
    kring_store_keep_open(0);
    free(dir);
}

Test(store_keep, a_file_put_in_its_place_or_made_public_is_not_read_by_it)
{
    char *dir = t_tmpdir();
    const char *db = t_db(dir, "k.db"), *other = t_db(dir, "o.db");
    kring_store *s = NULL;
    kring_case *c = NULL;
    kring_error err;
    char path[600];

    T_SQLITE_ONLY("a file replaced and its mode; test_store_pg has a kept "
                  "connection that is lost");
    put_sample(db, NOAH);
    put_sample(other, SARA);
    kring_store_keep_open(1);
    cr_assert_eq(kring_store_open(db, KRING_STORE_READONLY, &s, &err),
                 KRING_OK);
    kring_store_close(s);
    cr_assert_eq(rename(other, db), 0);
    snprintf(path, sizeof path, "%s-wal", db);
    unlink(path);
    snprintf(path, sizeof path, "%s-shm", db);
    unlink(path);
    cr_assert_eq(kring_store_open(db, KRING_STORE_READONLY, &s, &err),
                 KRING_OK);
    cr_assert_eq(kring_store_load_network(s, "2026-033", &c, &err), KRING_OK,
                 "%s", err.text);
    kring_case_free(c);
    cr_assert_eq(kring_store_load_network(s, "2026-014", &c, &err),
                 KRING_ERR_NOT_FOUND);
    kring_store_close(s);

    /* Made readable by others: refused as when it is first opened. */
    cr_assert_eq(chmod(db, 0644), 0);
    cr_assert_neq(kring_store_open(db, KRING_STORE_READONLY, &s, &err),
                  KRING_OK);
    cr_assert_null(s);
    cr_assert_not_null(strstr(err.text, "read by others"), "%s", err.text);
    cr_assert_eq(chmod(db, 0600), 0);

    /* A newer kring's schema: refused. */
    cr_assert_eq(kring_store_open(db, KRING_STORE_READONLY, &s, &err),
                 KRING_OK);
    kring_store_close(s);
    cr_assert_eq(t_sql_exec(db, "PRAGMA user_version = 99"), SQLITE_OK);
    cr_assert_eq(kring_store_open(db, KRING_STORE_READONLY, &s, &err),
                 KRING_ERR_VERSION);
    kring_store_keep_open(0);
    free(dir);
}

Test(store_keep, without_it_a_store_is_closed)
{
    char *dir = t_tmpdir();
    const char *db = t_db(dir, "k.db");
    kring_store *s = NULL;
    kring_error err;
    char path[600];

    T_SQLITE_ONLY("SQLite's WAL file; test_store_pg counts the server's "
                  "connections");
    put_sample(db, NOAH);
    /* Closed for real: the last connection removes the WAL. */
    cr_assert_eq(kring_store_open(db, KRING_STORE_READONLY, &s, &err),
                 KRING_OK);
    cr_assert_neq(stamp_of(s, "2026-014"), 0);
    kring_store_close(s);
    snprintf(path, sizeof path, "%s-wal", db);
    cr_assert_neq(access(path, F_OK), 0);
    /* Kept: the connection stays, and with it the WAL; closed by
     * kring_store_keep_open(0). */
    kring_store_keep_open(1);
    cr_assert_eq(kring_store_open(db, KRING_STORE_READONLY, &s, &err),
                 KRING_OK);
    cr_assert_neq(stamp_of(s, "2026-014"), 0);
    kring_store_close(s);
    cr_assert_eq(access(path, F_OK), 0);
    kring_store_keep_open(0);
    cr_assert_neq(access(path, F_OK), 0);
    free(dir);
}

/* The statements of S that SQLite holds, kept or in use. */
static int statements(kring_store *s)
{
    sqlite3_stmt *st = NULL;
    int n = 0;

    while ((st = sqlite3_next_stmt(SQ(s)->db, st)) != NULL)
        n++;
    return n;
}

Test(store_statements, are_kept_prepared_with_their_values_cleared)
{
    char *dir = t_tmpdir();
    kring_store *s = NULL;
    sqlite3_stmt *st = NULL, *again = NULL, *other = NULL;
    kring_error err;
    char sql[64], *text;
    int i, before, kept;

    T_SQLITE_ONLY("the SQLite backend's statements kept prepared");
    cr_assert_eq(kring_store_open(t_db(dir, "k.db"), 0, &s, &err), KRING_OK,
                 "%s", err.text);
    /* Opening kept the statements that checked the file. */
    before = statements(s);
    kept = SQ(s)->n_idle;
    cr_assert_eq(kr_prepare(s, "SELECT ?1, 'kept'", &st, &err), KRING_OK);
    cr_assert_eq(sqlite3_bind_text(st, 1, "Noah", -1, SQLITE_TRANSIENT),
                 SQLITE_OK);
    cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
    /* Given back in the middle of its rows: reset, and the name is gone. */
    kr_finalize(s, st);
    cr_assert_eq(SQ(s)->n_idle, kept + 1);
    cr_assert_eq(kr_prepare(s, "SELECT ?1, 'kept'", &again, &err), KRING_OK);
    cr_assert_eq(again, st, "the same SQL takes the kept statement");
    cr_assert_eq(SQ(s)->n_idle, kept);
    text = sqlite3_expanded_sql(again);
    cr_assert_str_eq(text, "SELECT NULL, 'kept'");
    sqlite3_free(text);
    /* Other SQL is prepared anew, and both are kept. */
    cr_assert_eq(kr_prepare(s, "SELECT ?1, 'other'", &other, &err), KRING_OK);
    cr_assert_neq(other, again);
    kr_finalize(s, again);
    kr_finalize(s, other);
    cr_assert_eq(SQ(s)->n_idle, kept + 2);
    /* At most KR_IDLE are kept: the longest kept are finalized. */
    for (i = 0; i < KR_IDLE + 5; i++) {
        snprintf(sql, sizeof sql, "SELECT %d", i);
        cr_assert_eq(kr_prepare(s, sql, &st, &err), KRING_OK);
        kr_finalize(s, st);
    }
    cr_assert_eq(SQ(s)->n_idle, KR_IDLE);
    cr_assert_eq(statements(s), before - kept + KR_IDLE);
    for (i = 0; i < SQ(s)->n_idle; i++)
        cr_assert(strstr(sqlite3_sql(SQ(s)->idle[i]), "kept") == NULL &&
                      strstr(sqlite3_sql(SQ(s)->idle[i]), "other") == NULL,
                  "the two first are no longer kept");
    /* A kept statement is used inside a transaction and after one. */
    cr_assert_eq(kring_store_begin(s, &err), KRING_OK);
    cr_assert_eq(kr_prepare(s, "SELECT 3", &st, &err), KRING_OK);
    cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
    cr_assert_eq(sqlite3_column_int(st, 0), 3);
    kr_finalize(s, st);
    cr_assert_eq(kring_store_commit(s, &err), KRING_OK, "%s", err.text);
    kring_store_close(s);
    free(dir);
}
