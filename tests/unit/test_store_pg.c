/* What only the PostgreSQL store has: its address (no password on the
 * command line), its schema (private, versioned, refused when another
 * program's), writers of one case taking turns, a connection lost, a
 * backup restored, and `kring check` of who else may read. Every other
 * store test runs on both stores (KRING_TEST_DB=postgresql). */
#include <criterion/criterion.h>
#include <libpq-fe.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

/* A new store of DIR holding the sample FILE; with NAME, its address
 * names kring's connections so (application_name), for a test to find
 * them among others' on the server. */
static const char *stored_as(const char *dir, const char *file,
                             const char *name)
{
    static char where[600];
    const char *db = where;
    kring_store *s = NULL;
    kring_case *c = sample(file);
    kring_error err;

    snprintf(where, sizeof where, "%s%s%s", t_db(dir, "k.db"),
             name ? "&application_name=" : "", name ? name : "");
    cr_assert_eq(kring_store_open(db, 0, &s, &err), KRING_OK, "%s", err.text);
    cr_assert_eq(kring_store_put_case(s, c, false, &err), KRING_OK, "%s",
                 err.text);
    kring_store_close(s);
    kring_case_free(c);
    return db;
}

static const char *stored(const char *dir, const char *file)
{
    return stored_as(dir, file, NULL);
}

/* These need no server: the address is checked before any connection. */
Test(store_pg, an_address_with_a_password_is_refused_before_connecting)
{
    const char *where[] = {"postgresql://kring:secret@db.example/kring",
                           "postgresql:///kring?password=secret",
                           "postgres://u:p@[::1]:5/k"};
    kring_store *s = NULL;
    kring_error err;
    size_t i;

    for (i = 0; i < sizeof where / sizeof where[0]; i++) {
        cr_assert_eq(kring_store_open(where[i], 0, &s, &err), KRING_ERR_INVALID,
                     "%s", where[i]);
        cr_assert_null(s);
        cr_assert(strstr(err.text, "holds a password") != NULL, "%s", err.text);
        cr_assert(strstr(err.text, "~/.pgpass") != NULL, "%s", err.text);
    }
}

Test(store_pg, an_unreachable_server_says_so_and_makes_nothing)
{
    kring_store *s = NULL;
    kring_error err;

    /* Port 1 on this machine: nothing listens there. */
    cr_assert_eq(
        kring_store_open("postgresql://127.0.0.1:1/kring", 0, &s, &err),
        KRING_ERR_IO);
    cr_assert_null(s);
    cr_assert(strstr(err.text, "cannot connect to the database") != NULL, "%s",
              err.text);
    cr_assert_eq(
        kring_store_open("postgresql://db.example/kring?nosuch=1", 0, &s, &err),
        KRING_ERR_INVALID);
    cr_assert(strstr(err.text, "is not a PostgreSQL address") != NULL, "%s",
              err.text);
}

Test(store_pg, a_new_schema_is_kring_s_versioned_and_private)
{
    char *dir = t_tmpdir();
    const char *db;
    char sql[256];

    T_POSTGRESQL_ONLY("a schema in a server");
    db = stored(dir, "samples/2026-014-noah.json");
    cr_assert_eq(t_sql_int(db, "SELECT version FROM kring_schema"),
                 15); /* 7, the organisation, closed cases, OIDC, acting in
                        PL/pgSQL, the young person's phone, a passkey, the
                        outcomes, the report's facts */
    snprintf(sql, sizeof sql,
             "SELECT has_schema_privilege('public', '%s', 'USAGE')",
             t_schema(db));
    cr_assert_eq(t_sql_int(db, sql), 0, "PUBLIC may not look in");
    cr_assert_eq(t_sql_int(db, "SELECT count(*) FROM people"), 11);
    free(dir);
}

Test(store_pg, a_schema_of_another_program_is_refused)
{
    char *dir = t_tmpdir();
    const char *db = t_db(dir, "k.db");
    kring_store *s = NULL;
    kring_error err;
    char sql[256];

    T_POSTGRESQL_ONLY("a schema in a server");
    snprintf(sql, sizeof sql, "CREATE SCHEMA %s; CREATE TABLE t (x int)",
             t_schema(db));
    cr_assert_eq(t_sql_exec(db, sql), 0);
    cr_assert_eq(kring_store_open(db, 0, &s, &err), KRING_ERR_DB);
    cr_assert(strstr(err.text, "holds tables of another program") != NULL, "%s",
              err.text);
    cr_assert_eq(t_sql_int(db, "SELECT count(*) FROM pg_tables WHERE "
                               "schemaname = current_schema()"),
                 1, "nothing was made beside it");
    free(dir);
}

/* Two professionals change the same person at once: the second waits for
 * the first and changes the person as the first left them. */
struct writer {
    const char *db;
    const char *field, *value;
    int hold_ms; /* keeps the case locked this long before writing */
    kring_status rc;
    char text[KRING_ERROR_TEXT_MAX];
};

static void *first_writer(void *arg)
{
    struct writer *w = arg;
    kring_store *s = NULL;
    kring_case *c = NULL;
    kring_person p;
    kring_error err;

    cr_assert_eq(kring_store_open(w->db, 0, &s, &err), KRING_OK);
    cr_assert_eq(kring_store_begin(s, &err), KRING_OK);
    cr_assert_eq(kring_store_load_network(s, "2026-014", &c, &err), KRING_OK);
    usleep((useconds_t)w->hold_ms * 1000);
    p = c->people[kring_case_find_id(c, "daan")];
    p.ring = 3;
    w->rc = kring_store_update_person(s, "2026-014", &p, &err);
    if (w->rc == KRING_OK)
        w->rc = kring_store_commit(s, &err);
    kring_case_free(c);
    kring_store_close(s);
    return NULL;
}

Test(store_pg, two_writers_of_one_person_lose_no_update)
{
    char *dir = t_tmpdir();
    const char *db;
    struct writer w = {0};
    kring_field f = {"travel-minutes", "25"};
    kring_store *s = NULL;
    kring_case *c = NULL;
    kring_error err;
    pthread_t t;
    long at;

    T_POSTGRESQL_ONLY("row locks of a server; SQLite's writers take turns "
                      "for the whole file (e2e_test_busy)");
    db = stored(dir, "samples/2026-014-noah.json");
    w.db = db;
    w.hold_ms = 400;
    cr_assert_eq(pthread_create(&t, NULL, first_writer, &w), 0);
    usleep(150 * 1000); /* the first holds the case now */
    cr_assert_eq(kring_store_open(db, 0, &s, &err), KRING_OK);
    cr_assert_eq(kring_change_person_set(s, NULL, "2026-014", "daan", &f, 1,
                                         NULL, NULL, NULL, &err),
                 KRING_OK, "%s", err.text);
    pthread_join(t, NULL);
    cr_assert_eq(w.rc, KRING_OK);
    cr_assert_eq(kring_store_load_network(s, "2026-014", &c, &err), KRING_OK);
    at = kring_case_find_id(c, "daan");
    cr_assert_eq(c->people[at].ring, 3, "the first writer's change");
    cr_assert_eq(c->people[at].travel_minutes, 25, "the second's, on top");
    kring_case_free(c);
    kring_store_close(s);
    free(dir);
}

Test(store_pg, a_connection_lost_in_a_change_changes_nothing)
{
    char *dir = t_tmpdir();
    const char *db;
    kring_store *s = NULL;
    kring_case *c = NULL;
    kring_person p;
    kring_error err;
    char *before, *after;

    T_POSTGRESQL_ONLY("a connection to a server");
    db = stored_as(dir, "samples/2026-014-noah.json", "kring_lost_in_change");
    before = t_dump_db(db);
    cr_assert_eq(kring_store_open(db, 0, &s, &err), KRING_OK);
    cr_assert_eq(kring_store_begin(s, &err), KRING_OK);
    cr_assert_eq(kring_store_load_network(s, "2026-014", &c, &err), KRING_OK);
    p = c->people[kring_case_find_id(c, "daan")];
    p.ring = 3;
    cr_assert_eq(kring_store_update_person(s, "2026-014", &p, &err), KRING_OK);
    /* The server drops kring's connection (a restart, a network cut). */
    cr_assert_eq(t_sql_exec(db, "SELECT pg_terminate_backend(pid) FROM "
                                "pg_stat_activity WHERE application_name = "
                                "'kring_lost_in_change' AND pid <> "
                                "pg_backend_pid()"),
                 0);
    usleep(100 * 1000);
    cr_assert_eq(kring_store_commit(s, &err), KRING_ERR_IO);
    cr_assert(strstr(err.text, "was lost") != NULL, "%s", err.text);
    kring_store_close(s);
    kring_case_free(c);
    after = t_dump_db(db);
    cr_assert_str_eq(after, before);
    free(before);
    free(after);
    free(dir);
}

Test(store_pg, a_kept_store_whose_connection_was_lost_is_not_used_again)
{
    char *dir = t_tmpdir();
    const char *db;
    kring_store *s = NULL, *again = NULL;
    kring_case *c = NULL;
    kring_error err;

    T_POSTGRESQL_ONLY("a connection to a server");
    db = stored_as(dir, "samples/2026-014-noah.json", "kring_kept_lost");
    kring_store_keep_open(1);
    cr_assert_eq(kring_store_open(db, KRING_STORE_READONLY, &s, &err),
                 KRING_OK);
    cr_assert(kring_store_reusable(s, db));
    kring_store_close(s);
    cr_assert_eq(t_sql_exec(db, "SELECT pg_terminate_backend(pid) FROM "
                                "pg_stat_activity WHERE application_name = "
                                "'kring_kept_lost' AND pid <> "
                                "pg_backend_pid()"),
                 0);
    usleep(100 * 1000);
    cr_assert_eq(kring_store_open(db, KRING_STORE_READONLY, &again, &err),
                 KRING_OK, "%s", err.text);
    cr_assert_eq(kring_store_load_network(again, "2026-014", &c, &err),
                 KRING_OK, "%s", err.text);
    kring_case_free(c);
    kring_store_close(again);
    /* A newer kring's schema: refused, kept or not. */
    cr_assert_eq(t_sql_exec(db, "UPDATE kring_schema SET version = 99"), 0);
    cr_assert_eq(kring_store_open(db, KRING_STORE_READONLY, &s, &err),
                 KRING_ERR_VERSION);
    kring_store_keep_open(0);
    free(dir);
}

Test(store_pg, a_backup_is_pg_dump_s_and_restores_every_case)
{
    char *dir = t_tmpdir();
    const char *db;
    kring_store *s = NULL;
    kring_case *c = NULL;
    kring_error err;
    char *before, *after, cmd[1200];
    const char *file;

    T_POSTGRESQL_ONLY("pg_dump and pg_restore");
    db = stored(dir, "samples/2026-041-kevin.json");
    before = t_dump_db(db);
    file = t_path(dir, "k.dump");
    cr_assert_eq(kring_store_open(db, 0, &s, &err), KRING_OK);
    cr_assert_eq(kring_store_backup(s, file, &err), KRING_OK, "%s", err.text);
    cr_assert_eq(kring_store_backup(s, file, &err), KRING_ERR_EXISTS);
    kring_store_close(s);
    cr_assert_eq(t_mode(file), 0600);
    /* Gone, and back from the archive. */
    snprintf(cmd, sizeof cmd, "DROP SCHEMA %s CASCADE", t_schema(db));
    cr_assert_eq(t_sql_exec(db, cmd), 0);
    cr_assert(t_db_empty(db));
    snprintf(cmd, sizeof cmd,
             "pg_restore --no-owner --dbname=\"$PGDATABASE\" "
             "'%s' 2>&1",
             file);
    cr_assert_eq(system(cmd), 0, "%s", cmd);
    after = t_dump_db(db);
    cr_assert_str_eq(after, before);
    cr_assert_eq(kring_store_open(db, 0, &s, &err), KRING_OK, "%s", err.text);
    cr_assert_eq(kring_store_load_case(s, "2026-041", &c, &err), KRING_OK);
    cr_assert_eq(c->n_choices, 2);
    kring_case_free(c);
    kring_store_close(s);
    free(before);
    free(after);
    free(dir);
}

Test(store_pg, check_says_who_else_may_read_and_rules_switched_off)
{
    char *dir = t_tmpdir();
    const char *db;
    kring_store *s = NULL;
    kring_check_report r;
    kring_error err;

    T_POSTGRESQL_ONLY("a server's grants and triggers");
    db = stored(dir, "samples/2026-014-noah.json");
    cr_assert_eq(kring_store_open(db, 0, &s, &err), KRING_OK);
    cr_assert_eq(kring_store_check(s, NULL, &r, &err), KRING_OK, "%s",
                 err.text);
    cr_assert_eq(r.n_problems, 0, "%s", r.n_problems ? r.problems[0] : "");
    cr_assert_eq(r.cases, 1);
    kring_check_report_release(&r);
    /* kring server's role, given its rights by kring db grant, is no
     * other: row-level security binds it (docs/deploy.md). */
    t_as_server(db);
    cr_assert_eq(kring_store_check(s, NULL, &r, &err), KRING_OK);
    cr_assert_eq(r.n_problems, 0, "%s", r.n_problems ? r.problems[0] : "");
    kring_check_report_release(&r);
    cr_assert_eq(t_sql_exec(db, "GRANT SELECT ON people TO PUBLIC; ALTER "
                                "TABLE ties DISABLE TRIGGER "
                                "ties_version_new"),
                 0);
    cr_assert_eq(kring_store_check(s, NULL, &r, &err), KRING_OK);
    cr_assert_eq(r.n_problems, 2);
    cr_assert_str_eq(r.problems[0], "others may read kring's table people: "
                                    "PUBLIC");
    cr_assert(strstr(r.problems[1], "switched off") != NULL, "%s",
              r.problems[1]);
    kring_check_report_release(&r);
    kring_store_close(s);
    free(dir);
}

/* Another program's transaction locks Noah's case, then Kevin's, while
 * kring imports Kevin's and then Noah's: a deadlock, which PostgreSQL
 * breaks by failing kring's transaction. kring tries it again and the
 * import is made once. */
struct importer {
    const char *db;
    kring_status rc;
    char text[KRING_ERROR_TEXT_MAX];
};

static void *import_two(void *arg)
{
    struct importer *im = arg;
    kring_case *cases[2] = {sample("samples/2026-041-kevin.json"),
                            sample("samples/2026-014-noah.json")};
    kring_import two = {0};
    kring_actor who = {NULL, "import"};
    kring_store *s = NULL;
    kring_error err;

    two.cases = cases;
    two.n_cases = 2;
    cr_assert_eq(kring_store_open(im->db, 0, &s, &err), KRING_OK);
    im->rc = kring_change_import(s, &who, &two, true, &err);
    snprintf(im->text, sizeof im->text, "%s", im->rc ? err.text : "");
    kring_store_close(s);
    kring_case_free(cases[0]);
    kring_case_free(cases[1]);
    return NULL;
}

/* Runs SQL on C; whether it went well. */
static int on(PGconn *c, const char *sql)
{
    PGresult *r = PQexec(c, sql);
    int ok = PQresultStatus(r) == PGRES_COMMAND_OK ||
             PQresultStatus(r) == PGRES_TUPLES_OK;

    PQclear(r);
    return ok;
}

Test(store_pg, a_deadlock_with_another_program_is_tried_again)
{
    char *dir = t_tmpdir(), sql[200];
    const char *db;
    struct importer im = {0};
    PGconn *other;
    pthread_t t;
    int i;

    T_POSTGRESQL_ONLY("PostgreSQL's deadlocks");
    db = stored(dir, "samples/2026-014-noah.json");
    {
        kring_store *s = NULL;
        kring_case *c = sample("samples/2026-041-kevin.json");
        cr_assert_eq(kring_store_open(db, 0, &s, NULL), KRING_OK);
        cr_assert_eq(kring_store_put_case(s, c, false, NULL), KRING_OK);
        kring_store_close(s);
        kring_case_free(c);
    }
    im.db = db;
    other = PQconnectdb(db);
    cr_assert_eq(PQstatus(other), CONNECTION_OK);
    snprintf(sql, sizeof sql, "SET search_path = %s", t_schema(db));
    cr_assert(on(other, sql));
    cr_assert(on(other, "BEGIN"));
    cr_assert(on(other, "UPDATE cases SET notes = 'other' WHERE code = "
                        "'2026-014'"));
    cr_assert_eq(pthread_create(&t, NULL, import_two, &im), 0);
    /* Kring holds Kevin's case and waits for Noah's: then the other waits
     * for Kevin's. Kring has waited longer and is the one PostgreSQL
     * stops (its deadlock_timeout ends first). */
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM pg_stat_activity WHERE %d = "
             "ANY(pg_blocking_pids(pid))",
             PQbackendPID(other));
    for (i = 0; i < 1000 && t_sql_int(db, sql) == 0; i++)
        usleep(10 * 1000);
    cr_assert(i < 1000, "kring never waited for the other program");
    usleep(200 * 1000);
    cr_assert(on(other, "UPDATE cases SET notes = 'other' WHERE code = "
                        "'2026-041'"),
              "%s", PQerrorMessage(other));
    cr_assert(on(other, "COMMIT"));
    PQfinish(other);
    pthread_join(t, NULL);
    cr_assert_eq(im.rc, KRING_OK, "%s", im.text);
    /* Made once, after the other program's change. */
    cr_assert_eq(t_sql_int(db, "SELECT count(*) FROM audit WHERE event = "
                               "'case replaced'"),
                 2);
    cr_assert_eq(t_sql_int(db, "SELECT count(*) FROM cases WHERE notes = "
                               "'other'"),
                 0);
    free(dir);
}

/* A message names an address without its password (no server needed). */
Test(store_pg, an_address_is_shown_without_its_password)
{
    static const char *const cases[][2] = {
        {"postgresql://kring:geheim@db.example/kring",
         "postgresql://kring@db.example/kring"},
        {"postgres://u:p@h1,h2:5433/k?sslmode=verify-full",
         "postgres://u@h1,h2:5433/k?sslmode=verify-full"},
        {"postgresql:///kring?password=geheim&sslmode=require",
         "postgresql:///kring?password=&sslmode=require"},
        {"postgresql://db/k?application_name=a&password=x",
         "postgresql://db/k?application_name=a&password="},
        {"postgresql://db/k?x_password=1", "postgresql://db/k?x_password=1"},
        {"/home/jo/kring.db", "/home/jo/kring.db"},
        {"./a:b@c/kring.db", "./a:b@c/kring.db"},
    };
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *shown = kring_store_shown(cases[i][0]);
        cr_assert_str_eq(shown, cases[i][1]);
        free(shown);
    }
}

/* A person stored with a number by another writer moves the case's
 * counter past it: kring never gives that number again. */
Test(store_pg, a_number_given_by_another_writer_is_never_given_again)
{
    char *dir = t_tmpdir();
    const char *db;
    kring_field f[3] = {{"name", "Nieuw"}, {"role", "friend"}, {"ring", "2"}};
    kring_person p;
    kring_store *s = NULL;
    kring_error err;

    T_POSTGRESQL_ONLY("PostgreSQL's trigger");
    db = stored(dir, "samples/2026-014-noah.json");
    cr_assert_eq(t_sql_exec(db, "INSERT INTO people (case_code, seq, id, "
                                "name, role, sector, ring, person_key) VALUES "
                                "('2026-014', 99, 'ander', 'Ander', 'friend', "
                                "'friends', 2, 40)"),
                 0);
    cr_assert_eq(kring_person_from_fields(&p, f, 3, &err), KRING_OK);
    cr_assert_eq(kring_store_open(db, 0, &s, &err), KRING_OK);
    cr_assert_eq(kring_change_person_add(s, NULL, "2026-014", &p, NULL, &err),
                 KRING_OK, "%s", err.text);
    kring_person_release(&p);
    kring_store_close(s);
    cr_assert_eq(t_sql_int(db, "SELECT person_key FROM people WHERE id = "
                               "'nieuw'"),
                 41);
    free(dir);
}

/* A case's version is raised once a transaction: the mark of the
 * transaction that raised it last is its number and its start. A row
 * restored into another cluster may carry a number that cluster gives
 * again: with another start, the change is still counted. */
Test(store_pg, a_restored_mark_of_another_cluster_does_not_hide_a_change)
{
    char *dir = t_tmpdir(), sql[300];
    const char *db;
    PGconn *c;
    long long before;

    T_POSTGRESQL_ONLY("PostgreSQL's version triggers");
    db = stored(dir, "samples/2026-014-noah.json");
    before = t_sql_int(db, "SELECT version FROM cases");
    c = PQconnectdb(db);
    cr_assert_eq(PQstatus(c), CONNECTION_OK);
    snprintf(sql, sizeof sql, "SET search_path = %s", t_schema(db));
    cr_assert(on(c, sql));
    cr_assert(on(c, "BEGIN"));
    /* As a restore left it: this transaction's number, another start. */
    cr_assert(on(c, "ALTER TABLE cases DISABLE TRIGGER cases_version"));
    cr_assert(on(c, "UPDATE cases SET bumped_in = txid_current() || ' "
                    "2020-01-01 00:00:00+00'"));
    cr_assert(on(c, "ALTER TABLE cases ENABLE TRIGGER cases_version"));
    cr_assert(on(c, "UPDATE people SET notes = 'x' WHERE id = 'oma-ria'"), "%s",
              PQerrorMessage(c));
    cr_assert(on(c, "UPDATE ties SET strength = 'weak' WHERE a = 'oma-ria' "
                    "OR b = 'oma-ria'"));
    cr_assert(on(c, "COMMIT"));
    PQfinish(c);
    /* Once, for the transaction's two statements. */
    cr_assert_eq(t_sql_int(db, "SELECT version FROM cases"), before + 1);
    free(dir);
}

/* The cases of a backup are logged as read in the snapshot pg_dump reads,
 * and kept only with a whole archive: pg_dump missing, no line, no
 * file. */
Test(store_pg, a_backup_that_fails_logs_no_read)
{
    char *dir = t_tmpdir(), *path = getenv("PATH") ? strdup(getenv("PATH"))
                                                   : strdup("/usr/bin:/bin");
    const char *db, *file;
    kring_store *s = NULL;
    kring_error err;
    long long lines;

    T_POSTGRESQL_ONLY("pg_dump's archive");
    db = stored(dir, "samples/2026-014-noah.json");
    lines = t_sql_int(db, "SELECT count(*) FROM audit");
    file = t_path(dir, "k.dump");
    cr_assert_eq(kring_store_open(db, 0, &s, &err), KRING_OK);
    setenv("PATH", "/nonexistent", 1);
    cr_assert_eq(kring_store_backup(s, file, &err), KRING_ERR_IO);
    setenv("PATH", path, 1);
    cr_assert(strstr(err.text, "cannot run pg_dump"), "%s", err.text);
    cr_assert_eq(t_sql_int(db, "SELECT count(*) FROM audit"), lines);
    cr_assert_eq(access(file, F_OK), -1);
    /* Whole: one line for the one case. */
    cr_assert_eq(kring_store_backup(s, file, &err), KRING_OK, "%s", err.text);
    kring_store_close(s);
    cr_assert_eq(t_sql_int(db, "SELECT count(*) FROM audit WHERE event = "
                               "'case read'"),
                 1);
    free(path);
    free(dir);
}
