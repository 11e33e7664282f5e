/* The store: private files, the schema and its constraints, migrations,
 * transactions, and cases stored and loaded whole. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers.h"
#include "kring/kring.h"

static kring_case *sample(const char *file)
{
    kring_case *c = NULL;
    kring_error err;

    cr_assert_eq(kring_casefile_load(file, &c, &err), KRING_OK, "%s", err.text);
    return c;
}

Test(store, a_new_database_is_private_in_a_private_folder)
{
    char *dir = t_tmpdir();
    const char *db = t_db(dir, "a/b/kring.db");
    kring_store *s = NULL;
    kring_case *c = sample("samples/2026-014-noah.json");
    kring_error err;

    T_SQLITE_ONLY("files and folders; a PostgreSQL schema's privacy is "
                  "test_store_pg's");
    cr_assert_eq(kring_store_open(db, 0, &s, &err), KRING_OK, "%s", err.text);
    cr_assert_eq(t_mode(db), 0600);
    cr_assert_eq(t_mode(t_path(dir, "a/b")), 0700);
    cr_assert_eq(t_mode(t_path(dir, "a")), 0700);
    cr_assert_eq(kring_store_put_case(s, c, false, &err), KRING_OK, "%s",
                 err.text);
    cr_assert_eq(t_mode(t_path(dir, "a/b/kring.db-wal")), 0600);
    kring_store_close(s);
    kring_case_free(c);
    free(dir);
}

Test(store, the_default_path_follows_kring_db_then_xdg_then_home)
{
    char *p;

    setenv("KRING_DB", "/x/k.db", 1);
    p = kring_store_default_path(NULL);
    cr_assert_str_eq(p, "/x/k.db");
    free(p);
    unsetenv("KRING_DB");
    setenv("XDG_DATA_HOME", "/data", 1);
    p = kring_store_default_path(NULL);
    cr_assert_str_eq(p, "/data/kring/kring.db");
    free(p);
    setenv("XDG_DATA_HOME", "relative", 1); /* ignored, as XDG says */
    setenv("HOME", "/home/jo", 1);
    p = kring_store_default_path(NULL);
    cr_assert_str_eq(p, "/home/jo/.local/share/kring/kring.db");
    free(p);
}

/* How many entries DIR holds, besides . and ..*/
static int entries(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;

    cr_assert_not_null(d);
    while ((e = readdir(d)) != NULL)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

/* An address is no file: an address no backend claims is refused, and
 * SQLite must not make a folder "x+y.z-1:" of it. (postgresql:// is
 * PostgreSQL's: test_store_pg.) */
Test(store, an_address_no_backend_claims_is_refused_and_nothing_made)
{
    char *dir = t_tmpdir(), *cwd = getcwd(NULL, 0);
    const char *where[] = {"x+y.z-1://a", "mysql://db/kring",
                           "Postgresql+x://db"};
    kring_store *s = NULL;
    kring_error err;
    size_t i;

    cr_assert_eq(chdir(dir), 0);
    for (i = 0; i < sizeof where / sizeof where[0]; i++) {
        cr_assert_eq(kring_store_open(where[i], 0, &s, &err), KRING_ERR_INVALID,
                     "%s", where[i]);
        cr_assert_null(s);
        cr_assert(strstr(err.text, "not at an address") != NULL, "%s",
                  err.text);
    }
    cr_assert_eq(entries(dir), 0, "nothing was made");
    /* A path with "://" further in, or none before it, is a file's. */
    cr_assert_eq(kring_store_open("./a://b.db", 0, &s, &err), KRING_OK, "%s",
                 err.text);
    kring_store_close(s);
    cr_assert_eq(access("a:/b.db", F_OK), 0);
    cr_assert_eq(chdir(cwd), 0);
    free(cwd);
    free(dir);
}

Test(store, the_schema_is_versioned_wal_and_strict)
{
    char *dir = t_tmpdir();
    const char *db = t_db(dir, "k.db");
    kring_store *s = NULL;

    T_SQLITE_ONLY("SQLite's pragmas; test_store_pg checks PostgreSQL's "
                  "schema and version");
    cr_assert_eq(kring_store_open(db, 0, &s, NULL), KRING_OK);
    kring_store_close(s);
    cr_assert_eq(t_sql_int(db, "PRAGMA user_version"), KRING_SCHEMA_VERSION);
    cr_assert_eq(t_sql_int(db, "PRAGMA application_id"), 0x6b726e67);
    cr_assert_eq(t_sql_int(db, "SELECT journal_mode = 'wal' FROM "
                               "pragma_journal_mode"),
                 1);
    cr_assert_eq(t_sql_int(db, "SELECT count(*) FROM pragma_table_list WHERE "
                               "strict = 1 AND name IN ('cases', 'people', "
                               "'ties', 'snapshots', 'choices')"),
                 5);
    free(dir);
}

/* Each bad row differs from a good one (checked last) in one field. */
#define PERSON_INTO "INSERT INTO people (case_code, seq, id, name, role, "
#define TIE_INTO "INSERT INTO ties (case_code, seq, a, b"

/* "adult" is SQLite's 1 and PostgreSQL's true. */
#define ADULT "(1 = 1)"

Test(store, the_database_refuses_what_the_model_refuses)
{
    static const char *const bad[] = {
        PERSON_INTO "sector, ring) VALUES ('c', 9, 'p2', 'P', 'friend', "
                    "'friends', 4)",
        PERSON_INTO "sector, ring) VALUES ('c', 9, 'p2', 'P', 'astronaut', "
                    "'friends', 1)",
        PERSON_INTO "sector, ring) VALUES ('c', 9, 'P 2', 'P', 'friend', "
                    "'friends', 1)",
        PERSON_INTO "sector, ring, age, adult) VALUES ('c', 9, 'p2', 'P', "
                    "'friend', 'friends', 1, 12, " ADULT ")",
        PERSON_INTO "sector, ring) VALUES ('c', 9, 'p2', 'P', 'friend', "
                    "'friends', 'one')",
        PERSON_INTO "sector, ring) VALUES ('nocase', 9, 'p2', 'P', 'friend', "
                    "'friends', 1)",
        PERSON_INTO "sector, ring) VALUES ('c', 9, 'p', 'P', 'friend', "
                    "'friends', 1)",
        PERSON_INTO "sector, ring) VALUES ('c', 1, 'p2', 'P', 'friend', "
                    "'friends', 1)",
        PERSON_INTO "sector, ring) VALUES ('c', 0, 'p2', 'P', 'friend', "
                    "'friends', 1)",
        TIE_INTO ") VALUES ('c', 9, 'p', 'p')",
        TIE_INTO ") VALUES ('c', 9, 'p', 'nobody')",
        TIE_INTO ") VALUES ('c', 9, 'q', 'p')",
        TIE_INTO ") VALUES ('c', 1, 'p', 'r')",
        TIE_INTO ", quality) VALUES ('c', 9, 'p', 'r', 'awful')",
        "INSERT INTO cases (code, name) VALUES ('d', '')",
    };
    char *dir = t_tmpdir();
    const char *db = t_db(dir, "k.db");
    kring_store *s = NULL;
    size_t i;

    cr_assert_eq(kring_store_open(db, 0, &s, NULL), KRING_OK);
    kring_store_close(s);
    cr_assert_eq(t_sql_exec(db, "INSERT INTO cases (code, name) VALUES ('c', "
                                "'C');" PERSON_INTO
                                "sector, ring) VALUES ('c', 1, 'p', 'P', "
                                "'friend', 'friends', 1), ('c', 2, 'q', 'Q', "
                                "'friend', 'friends', 1), ('c', 3, 'r', 'R', "
                                "'friend', 'friends', 1);" TIE_INTO
                                ") VALUES ('c', 1, 'p', 'q')"),
                 SQLITE_OK);
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
        cr_assert_eq(t_sql_exec(db, bad[i]) & 0xff, SQLITE_CONSTRAINT, "%s",
                     bad[i]);
    /* PostgreSQL has no STRICT tables: its columns have types. */
    cr_assert_eq(t_sql_exec(db, PERSON_INTO
                            "sector, ring) VALUES ('c', 9, "
                            "'p2', 'P', 'friend', 'friends', 1);" TIE_INTO
                            ") VALUES ('c', 9, 'p', "
                            "'r')"),
                 SQLITE_OK);
    free(dir);
}

Test(store, a_case_is_stored_and_loaded_whole)
{
    char *dir = t_tmpdir();
    kring_store *s = NULL;
    kring_case *a = sample("samples/2026-041-kevin.json"), *b = NULL;
    char *ta, *tb;
    kring_error err;

    cr_assert_eq(kring_store_open(t_db(dir, "k.db"), 0, &s, &err), KRING_OK);
    cr_assert_eq(kring_store_put_case(s, a, false, &err), KRING_OK, "%s",
                 err.text);
    cr_assert_eq(kring_store_load_case(s, "2026-041", &b, &err), KRING_OK, "%s",
                 err.text);
    kring_casefile_dump(a, &ta, NULL, NULL);
    kring_casefile_dump(b, &tb, NULL, NULL);
    cr_assert_str_eq(ta, tb);
    cr_assert_eq(b->n_snapshots, 1);
    cr_assert_eq(b->snapshots[0].n_people, 4);
    cr_assert_eq(b->n_choices, 2);
    cr_assert_eq(kring_store_put_case(s, a, false, &err), KRING_ERR_EXISTS);
    cr_assert_str_eq(err.text, "case '2026-041' already exists");
    cr_assert_eq(kring_store_put_case(s, a, true, &err), KRING_OK);
    free(ta);
    free(tb);
    kring_case_free(a);
    kring_case_free(b);
    kring_store_close(s);
    free(dir);
}

Test(store, removing_a_case_removes_everything_in_it)
{
    char *dir = t_tmpdir();
    const char *db = t_db(dir, "k.db");
    kring_store *s = NULL;
    kring_case *c = sample("samples/2026-041-kevin.json");
    kring_error err;

    kring_store_open(db, 0, &s, NULL);
    kring_store_put_case(s, c, false, NULL);
    cr_assert_eq(kring_store_delete_case(s, "2026-041", &err), KRING_OK, "%s",
                 err.text);
    cr_assert_eq(kring_store_delete_case(s, "2026-041", &err),
                 KRING_ERR_NOT_FOUND);
    kring_store_close(s);
    cr_assert_eq(t_sql_int(db, "SELECT (SELECT count(*) FROM people) + (SELECT "
                               "count(*) FROM ties) + (SELECT count(*) FROM "
                               "snapshots) + (SELECT count(*) FROM choices)"),
                 0);
    kring_case_free(c);
    free(dir);
}

Test(store, a_person_with_recorded_choices_is_not_removed)
{
    char *dir = t_tmpdir();
    kring_store *s = NULL;
    kring_case *c = sample("samples/2026-041-kevin.json");
    kring_error err;

    kring_store_open(t_db(dir, "k.db"), 0, &s, NULL);
    kring_store_put_case(s, c, false, NULL);
    cr_assert_eq(kring_store_delete_person(s, "2026-041", "ahmed", &err),
                 KRING_ERR_INVALID);
    cr_assert_str_eq(err.text, "'ahmed' has 2 recorded steps in the mentor "
                               "choice; removing them would lose that "
                               "history");
    cr_assert_eq(kring_store_delete_person(s, "2026-041", "vriend-jordy", &err),
                 KRING_OK);
    kring_store_close(s);
    kring_case_free(c);
    free(dir);
}

Test(store, a_rolled_back_transaction_changes_nothing)
{
    char *dir = t_tmpdir();
    const char *db = t_db(dir, "k.db");
    kring_store *s = NULL;
    kring_case *c = sample("samples/2026-014-noah.json");
    char *before, *after;

    kring_store_open(db, 0, &s, NULL);
    kring_store_put_case(s, c, false, NULL);
    before = t_dump_db(db);
    cr_assert_eq(kring_store_begin(s, NULL), KRING_OK);
    cr_assert_eq(kring_store_delete_person(s, "2026-014", "daan", NULL),
                 KRING_OK);
    cr_assert_eq(kring_store_delete_tie(s, "2026-014", "mama", "oma-ria", NULL),
                 KRING_OK, "either order names the tie");
    kring_store_rollback(s);
    kring_store_close(s);
    after = t_dump_db(db);
    cr_assert_str_eq(before, after);
    free(before);
    free(after);
    kring_case_free(c);
    free(dir);
}

Test(store, a_file_that_is_not_a_kring_database_is_refused)
{
    char *dir = t_tmpdir();
    kring_store *s = NULL;
    kring_error err;

    T_SQLITE_ONLY("a file that is not SQLite's; test_store_pg has a schema "
                  "of another program");
    t_write(t_db(dir, "text.db"), "hello, this is not SQLite at all....."
                                  "....................................");
    cr_assert_eq(kring_store_open(t_db(dir, "text.db"), 0, &s, &err),
                 KRING_ERR_DB);
    cr_assert_str_eq(err.text,
                     "the file is not a kring database, or it is damaged");
    t_sql_exec(t_db(dir, "other.db"), "CREATE TABLE t (x)");
    cr_assert_eq(kring_store_open(t_db(dir, "other.db"), 0, &s, &err),
                 KRING_ERR_DB);
    cr_assert_str_eq(err.text, "the file is a database of another program, "
                               "not of kring");
    free(dir);
}

Test(store, a_newer_schema_is_refused_and_an_empty_file_is_set_up)
{
    char *dir = t_tmpdir();
    const char *db = t_db(dir, "k.db");
    kring_store *s = NULL;
    kring_error err;

    if (!t_pg()) {
        t_write(t_db(dir, "empty.db"), "");
        cr_assert_eq(kring_store_open(t_db(dir, "empty.db"), 0, &s, &err),
                     KRING_OK, "%s", err.text);
        kring_store_close(s);
    }
    kring_store_open(db, 0, &s, NULL);
    kring_store_close(s);
    cr_assert_eq(t_sql_exec(db, t_pg() ? "UPDATE kring_schema SET version = "
                                         "99"
                                       : "PRAGMA user_version = 99"),
                 SQLITE_OK);
    cr_assert_eq(kring_store_open(db, 0, &s, &err), KRING_ERR_VERSION);
    cr_assert(strstr(err.text, "newer kring (schema 99"), "%s", err.text);
    free(dir);
}

Test(store, reading_a_missing_database_creates_nothing)
{
    char *dir = t_tmpdir();
    const char *db = t_db(dir, "none/k.db");
    kring_case_summary *list = NULL;
    kring_store *s = NULL;
    kring_error err;
    size_t n = 99;

    /* On PostgreSQL a database without kring's schema is refused (the
     * address is more likely wrong than the store new: docs/store.md). */
    if (t_pg()) {
        cr_assert_eq(kring_store_open(db, KRING_STORE_READONLY, &s, &err),
                     KRING_ERR_DB);
        cr_assert(strstr(err.text, "has no kring schema"), "%s", err.text);
        cr_assert(t_db_empty(db), "no schema was made");
        free(dir);
        return;
    }
    cr_assert_eq(kring_store_open(db, KRING_STORE_READONLY, &s, NULL),
                 KRING_OK);
    cr_assert_eq(kring_store_list_cases(s, &list, &n, NULL), KRING_OK);
    cr_assert_eq(n, 0);
    kring_store_close(s);
    cr_assert_eq(access(t_path(dir, "none"), F_OK), -1);
    free(dir);
}

Test(store, a_single_change_is_checked_before_it_is_written)
{
    char *dir = t_tmpdir();
    kring_store *s = NULL;
    kring_case *c = sample("samples/2026-014-noah.json");
    kring_person p;
    kring_tie t;
    kring_error err;

    kring_store_open(t_db(dir, "k.db"), 0, &s, NULL);
    kring_store_put_case(s, c, false, NULL);
    kring_person_init(&p, KRING_ROLE_FRIEND, 2);
    p.id = "daan";
    p.name = "Daan";
    p.notes = "";
    cr_assert_eq(kring_store_insert_person(s, "2026-014", &p, &err),
                 KRING_ERR_EXISTS);
    p.id = "nieuw";
    cr_assert_eq(kring_store_insert_person(s, "none", &p, &err),
                 KRING_ERR_NOT_FOUND);
    p.ring = 5;
    cr_assert_eq(kring_store_insert_person(s, "2026-014", &p, &err),
                 KRING_ERR_INVALID);
    p.ring = 2;
    cr_assert_eq(kring_store_update_person(s, "2026-014", &p, &err),
                 KRING_ERR_NOT_FOUND);
    kring_tie_init(&t);
    t.a = "daan";
    t.b = "kees";
    cr_assert_eq(kring_store_insert_tie(s, "2026-014", &t, &err),
                 KRING_ERR_INVALID, "daan and kees already have a tie");
    cr_assert_eq(kring_store_delete_tie(s, "2026-014", "daan", "mama", &err),
                 KRING_ERR_NOT_FOUND);
    cr_assert_str_eq(err.text, "'daan' and 'mama' have no tie");
    kring_store_close(s);
    kring_case_free(c);
    free(dir);
}

Test(store, loading_the_network_leaves_out_snapshots_and_choices)
{
    char *dir = t_tmpdir();
    kring_store *s = NULL;
    kring_case *c = sample("samples/2026-041-kevin.json"), *n = NULL;
    kring_error err;

    kring_store_open(t_db(dir, "k.db"), 0, &s, NULL);
    kring_store_put_case(s, c, false, NULL);
    cr_assert_eq(kring_store_load_network(s, "2026-041", &n, &err), KRING_OK,
                 "%s", err.text);
    cr_assert_eq(n->n_people, 9);
    cr_assert_eq(n->n_ties, 9);
    cr_assert_eq(n->n_snapshots, 0);
    cr_assert_eq(n->n_choices, 0);
    cr_assert_str_eq(n->name, "Kevin");
    kring_case_free(n);
    cr_assert_eq(kring_store_load_network(s, "none", &n, &err),
                 KRING_ERR_NOT_FOUND);
    cr_assert_null(n);
    kring_store_close(s);
    kring_case_free(c);
    free(dir);
}

/* A database as kring's first schema left it: the statements of version
 * 1 exactly, then rows added in the order a professional might have, a
 * person joining case a after case b was made. */
extern const char *const *const kr_migrations[];

static void write_v1(const char *db)
{
    const char *const *st;
    char sql[1024];

    for (st = kr_migrations[0]; *st; st++)
        cr_assert_eq(t_sql_exec(db, *st), SQLITE_OK, "%s", *st);
    snprintf(sql, sizeof sql,
             "PRAGMA user_version = 1; PRAGMA application_id = %d;"
             "INSERT INTO cases (code, name) VALUES ('a', 'A'), ('b', 'B');"
             "INSERT INTO people (case_code, id, name, role, sector, ring)"
             " VALUES ('a', 'zed', 'Zed', 'friend', 'friends', 1),"
             " ('a', 'amy', 'Amy', 'coach', 'leisure', 2),"
             " ('b', 'bob', 'Bob', 'friend', 'friends', 1),"
             " ('a', 'kim', 'Kim', 'friend', 'friends', 3);"
             "INSERT INTO ties (case_code, a, b) VALUES ('a', 'zed', 'amy'),"
             " ('a', 'kim', 'zed');"
             "INSERT INTO choices (case_code, person, date) VALUES"
             " ('a', 'amy', '2026-01-05');",
             0x6b726e67);
    cr_assert_eq(t_sql_exec(db, sql), SQLITE_OK, "%s", sql);
}

static kring_status count_case(const kring_case *c, void *ctx, kring_error *err)
{
    char *seen = ctx;

    (void)err;
    snprintf(seen + strlen(seen), 64, "%s:%zu/%zu ", c->code, c->n_people,
             c->n_ties);
    return KRING_OK;
}

Test(store, a_first_schema_database_is_migrated_keeping_every_row_and_order)
{
    char *dir = t_tmpdir();
    const char *db = t_db(dir, "k.db");
    kring_store *s = NULL;
    kring_case *c = NULL;
    kring_error err;
    char seen[256] = "";

    T_SQLITE_ONLY("SQLite's first schema; PostgreSQL's starts at version 7");
    write_v1(db);
    cr_assert_eq(kring_store_open(db, 0, &s, &err), KRING_OK, "%s", err.text);
    cr_assert_eq(t_sql_int(db, "PRAGMA user_version"), KRING_SCHEMA_VERSION);
    cr_assert_eq(t_sql_int(db, "SELECT count(*) FROM audit"), 0);
    cr_assert_eq(t_sql_int(db, "SELECT count(*) FROM pragma_integrity_check "
                               "WHERE integrity_check <> 'ok'"),
                 0);
    cr_assert_eq(t_sql_int(db, "SELECT count(*) FROM pragma_foreign_key_check"),
                 0);
    cr_assert_eq(kring_store_load_case(s, "a", &c, &err), KRING_OK, "%s",
                 err.text);
    cr_assert_eq(c->n_people, 3);
    cr_assert_str_eq(c->people[0].id, "zed");
    cr_assert_str_eq(c->people[1].id, "amy");
    cr_assert_str_eq(c->people[2].id, "kim");
    cr_assert_eq(c->n_ties, 2);
    cr_assert_str_eq(c->ties[1].a, "kim");
    cr_assert_eq(c->n_choices, 1);
    kring_case_free(c);
    cr_assert_eq(kring_store_each_network(s, count_case, seen, &err), KRING_OK);
    cr_assert_str_eq(seen, "a:3/2 b:1/0 ");
    /* Foreign keys are on again: a person's ties go with them. */
    cr_assert_eq(kring_store_delete_person(s, "a", "kim", &err), KRING_OK, "%s",
                 err.text);
    cr_assert_eq(t_sql_int(db, "SELECT count(*) FROM ties"), 1);
    kring_store_close(s);
    free(dir);
}

Test(store, a_migration_that_would_break_a_reference_changes_nothing)
{
    char *dir = t_tmpdir();
    const char *db = t_db(dir, "k.db");
    kring_store *s = NULL;
    kring_error err;

    /* The sqlite3 shell does not check references unless asked. */
    T_SQLITE_ONLY("SQLite's first schema; PostgreSQL's starts at version 7");
    write_v1(db);
    cr_assert_eq(t_sql_exec(db, "PRAGMA foreign_keys = OFF; INSERT INTO ties "
                                "(case_code, a, b) VALUES ('b', 'bob', "
                                "'ghost')"),
                 SQLITE_OK);
    cr_assert_eq(kring_store_open(db, 0, &s, &err), KRING_ERR_DB);
    cr_assert(strstr(err.text, "1 row refers to a row that does not exist"),
              "%s", err.text);
    cr_assert_null(s);
    cr_assert_eq(t_sql_int(db, "PRAGMA user_version"), 1);
    cr_assert_eq(t_sql_int(db, "SELECT count(*) FROM ties"), 3);
    cr_assert_eq(t_sql_int(db, "SELECT count(*) FROM sqlite_schema WHERE name "
                               "LIKE '%_v2'"),
                 0);
    free(dir);
}

/* kring_store_each_summary() against kring_store_list_cases(): the same
 * lines in the same order on every pass, one line "cases listed". */
struct walked {
    kring_case_summary *list; /* the lines of kring_store_list_cases() */
    size_t n;
    size_t seen[3]; /* lines seen per pass */
    int stop_at;    /* fail at this line of pass 0 (-1 never) */
};

static kring_status walked_line(const kring_case_summary *cs, int pass,
                                void *ctx, kring_error *err)
{
    struct walked *w = ctx;
    const kring_case_summary *want;

    cr_assert_lt(pass, 3);
    cr_assert_lt(w->seen[pass], w->n);
    want = &w->list[w->seen[pass]];
    cr_assert_str_eq(cs->code, want->code);
    cr_assert_str_eq(cs->name, want->name);
    cr_assert_eq(cs->birth_year, want->birth_year);
    cr_assert_eq(cs->n_people, want->n_people);
    cr_assert_eq(cs->n_ties, want->n_ties);
    if (pass == 0 && (int)w->seen[0] == w->stop_at) {
        err->code = KRING_ERR_INVALID;
        snprintf(err->text, sizeof err->text, "stopped");
        return KRING_ERR_INVALID;
    }
    w->seen[pass]++;
    return KRING_OK;
}

Test(store, the_cases_handed_on_one_by_one_are_those_of_the_list)
{
    static const char *const files[] = {
        "samples/2026-014-noah.json", "samples/2026-027-jesse.json",
        "samples/2026-033-sara.json", "samples/2026-041-kevin.json"};
    char *dir = t_tmpdir();
    const char *db = t_db(dir, "k.db");
    struct walked w = {NULL, 0, {0, 0, 0}, -1};
    kring_store *s = NULL;
    kring_error err;
    size_t i;
    int listed;

    kring_store_open(db, 0, &s, NULL);
    for (i = 0; i < sizeof files / sizeof files[0]; i++) {
        kring_case *c = sample(files[i]);
        cr_assert_eq(kring_store_put_case(s, c, false, &err), KRING_OK, "%s",
                     err.text);
        kring_case_free(c);
    }
    kring_store_close(s);
    kring_store_open(db, KRING_STORE_READONLY, &s, NULL);
    cr_assert_eq(kring_store_list_cases(s, &w.list, &w.n, NULL), KRING_OK);
    cr_assert_eq(w.n, 4);
    listed = t_sql_int(db, "SELECT count(*) FROM audit WHERE event = "
                           "'cases listed'");
    cr_assert_eq(kring_store_each_summary(s, 3, walked_line, &w, &err),
                 KRING_OK, "%s", err.text);
    for (i = 0; i < 3; i++)
        cr_assert_eq(w.seen[i], 4);
    cr_assert_eq(t_sql_int(db, "SELECT count(*) FROM audit WHERE event = "
                               "'cases listed'"),
                 listed + 1);
    /* FN's error stops the walk and is returned; the store stays usable. */
    memset(w.seen, 0, sizeof w.seen);
    w.stop_at = 2;
    cr_assert_eq(kring_store_each_summary(s, 2, walked_line, &w, &err),
                 KRING_ERR_INVALID);
    cr_assert_str_eq(err.text, "stopped");
    cr_assert_eq(w.seen[0], 2);
    cr_assert_eq(w.seen[1], 0);
    cr_assert(kring_store_reusable(s, db));
    kring_case_summaries_free(w.list, w.n);
    kring_store_close(s);
    free(dir);
}

/* kring_store_case_version() read on a store of its own each time, as a
 * server's request does. */
static uint64_t version_of(const char *db, const char *code)
{
    kring_store *s = NULL;
    kring_error err;
    uint64_t v = 0;

    cr_assert_eq(kring_store_open(db, KRING_STORE_READONLY, &s, NULL),
                 KRING_OK);
    cr_assert_eq(kring_store_case_version(s, code, &v, &err), KRING_OK, "%s",
                 err.text);
    kring_store_close(s);
    cr_assert_neq(v, 0);
    return v;
}

Test(store, a_cases_version_changes_with_every_writer_and_only_then)
{
    char *dir = t_tmpdir();
    const char *db = t_db(dir, "k.db");
    kring_case *c = sample("samples/2026-014-noah.json");
    kring_case *loaded = NULL;
    kring_store *s = NULL;
    kring_error err;
    uint64_t v[10], other;
    int reads, i, j;

    kring_store_open(db, 0, &s, NULL);
    kring_store_put_case(s, c, false, NULL);
    kring_case_free(c);
    c = sample("samples/2026-027-jesse.json");
    kring_store_put_case(s, c, false, NULL);
    kring_store_close(s);
    v[0] = version_of(db, "2026-014");
    other = version_of(db, "2026-027");
    /* Reads change nothing; each logs one line. */
    reads = t_sql_int(db, "SELECT count(*) FROM audit WHERE event = "
                          "'case read'");
    cr_assert_eq(version_of(db, "2026-014"), v[0]);
    cr_assert_eq(t_sql_int(db, "SELECT count(*) FROM audit WHERE event = "
                               "'case read'"),
                 reads + 1);
    kring_store_open(db, KRING_STORE_READONLY, &s, NULL);
    kring_store_load_case(s, "2026-014", &loaded, NULL);
    kring_case_free(loaded);
    kring_store_close(s);
    cr_assert_eq(version_of(db, "2026-014"), v[0]);
    /* Every kind of row, changed by kring or by any other writer. */
    cr_assert_eq(t_sql_exec(db, "UPDATE people SET ring = 3 WHERE "
                                "case_code = '2026-014' AND id = 'marco'"),
                 SQLITE_OK);
    v[1] = version_of(db, "2026-014");
    cr_assert_eq(t_sql_exec(db, "UPDATE ties SET quality = 'mixed' WHERE "
                                "case_code = '2026-014' AND a = 'oma-ria'"),
                 SQLITE_OK);
    v[2] = version_of(db, "2026-014");
    cr_assert_eq(t_sql_exec(db, "UPDATE cases SET name = 'Noa' WHERE "
                                "code = '2026-014'"),
                 SQLITE_OK);
    v[3] = version_of(db, "2026-014");
    cr_assert_eq(t_sql_exec(db, "DELETE FROM ties WHERE case_code = "
                                "'2026-014' AND a = 'oma-ria'"),
                 SQLITE_OK);
    v[4] = version_of(db, "2026-014");
    kring_store_open(db, 0, &s, NULL);
    cr_assert_eq(kring_store_delete_person(s, "2026-014", "marco", &err),
                 KRING_OK, "%s", err.text);
    kring_store_close(s);
    v[5] = version_of(db, "2026-014");
    /* Removed and made again under its code: not the version it had. */
    kring_store_open(db, 0, &s, NULL);
    cr_assert_eq(kring_store_delete_case(s, "2026-014", NULL), KRING_OK);
    kring_case_free(c);
    c = sample("samples/2026-014-noah.json");
    cr_assert_eq(kring_store_put_case(s, c, false, &err), KRING_OK, "%s",
                 err.text);
    kring_store_close(s);
    v[6] = version_of(db, "2026-014");
    /* Replaced (import --replace) by the same case, then by one that
     * differs only in a name: the same rows in number, so a version that
     * started again from 0 would come back to the same value. */
    kring_store_open(db, 0, &s, NULL);
    cr_assert_eq(kring_store_put_case(s, c, true, &err), KRING_OK, "%s",
                 err.text);
    kring_store_close(s);
    v[7] = version_of(db, "2026-014");
    kring_store_open(db, 0, &s, NULL);
    free(c->people[0].name);
    c->people[0].name = strdup("Another Name");
    cr_assert_eq(kring_store_put_case(s, c, true, &err), KRING_OK, "%s",
                 err.text);
    kring_store_close(s);
    v[8] = version_of(db, "2026-014");
    v[9] = other;
    for (i = 0; i < 10; i++)
        for (j = i + 1; j < 10; j++)
            cr_assert_neq(v[i], v[j], "versions %d and %d", i, j);
    cr_assert_eq(version_of(db, "2026-027"), other);
    kring_store_open(db, KRING_STORE_READONLY, &s, NULL);
    cr_assert_eq(kring_store_case_version(s, "2026-999", &v[0], &err),
                 KRING_ERR_NOT_FOUND);
    cr_assert_str_eq(err.text, "no case '2026-999'");
    kring_store_close(s);
    kring_case_free(c);
    free(dir);
}
