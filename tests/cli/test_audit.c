/* The audit log (docs/security.md): numbers instead of codes and ids,
 * numbers never given again, every read of a case logged, the old log
 * rewritten by the migration, and a removed case leaving no trace in the
 * database, its WAL or a backup made after. In process. */
#define _GNU_SOURCE /* memmem */
#include <criterion/criterion.h>
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "helpers.h"
#include "kring/kring.h"

/* Whether the bytes of the file at PATH hold S (no file holds nothing). */
static int file_holds(const char *path, const char *s)
{
    size_t len = 0;
    char *data = t_read(path, &len);
    int found = data != NULL && memmem(data, len, s, strlen(s)) != NULL;

    free(data);
    return found;
}

static void ok(struct t_run r)
{
    cr_assert_eq(r.status, 0, "%s", r.err);
    t_run_free(&r);
}

/* The audit log as JSON, of WHICH ("--reads", "--changes"). */
static json_t *audit(const char *db, const char *which)
{
    struct t_run r = t_cli(NULL, "--db", db, "--json", "audit", which, NULL);
    json_t *doc;

    cr_assert_eq(r.status, 0, "%s", r.err);
    doc = json_loads(r.out, 0, NULL);
    cr_assert_not_null(doc, "%s", r.out);
    t_run_free(&r);
    return doc;
}

/* Line I of LOG from its end (0 the last): command, event, case, person,
 * other (0 for null). */
static void line_is(json_t *log, size_t from_end, const char *command,
                    const char *event, long long c, long long person,
                    long long other)
{
    json_t *e = json_array_get(log, json_array_size(log) - 1 - from_end);
    const char *keys[] = {"case", "person", "other"};
    long long want[] = {c, person, other};
    size_t k;

    cr_assert_not_null(e);
    cr_assert_str_eq(json_string_value(json_object_get(e, "command")), command);
    cr_assert_str_eq(json_string_value(json_object_get(e, "event")), event);
    for (k = 0; k < 3; k++) {
        json_t *v = json_object_get(e, keys[k]);
        if (want[k] == 0)
            cr_assert(json_is_null(v), "%s: %s should be null", event, keys[k]);
        else
            cr_assert_eq(json_integer_value(v), want[k], "%s: %s", event,
                         keys[k]);
    }
}

Test(audit, numbers_are_never_given_again)
{
    const char *db = t_noah_db();
    char *dir = t_tmpdir();
    const char *file = t_path(dir, "noah.json");
    struct t_run r;
    json_t *log;

    /* Noah is case 1; the file's 11 people are 1 to 11 (oma-ria 4th). */
    ok(t_cli(NULL, "--db", db, "person", "add", "2026-014", "Jan Buur",
             "--role", "neighbour", "--ring", "3", NULL));
    ok(t_cli(NULL, "--db", db, "person", "rm", "2026-014", "jan-buur", NULL));
    /* people.seq would be 12 again: the number is 13. */
    ok(t_cli(NULL, "--db", db, "person", "add", "2026-014", "Piet Buur",
             "--role", "neighbour", "--ring", "3", NULL));
    log = audit(db, "--changes");
    line_is(log, 2, "person add", "person added", 1, 12, 0);
    line_is(log, 1, "person rm", "person removed", 1, 12, 0);
    line_is(log, 0, "person add", "person added", 1, 13, 0);
    json_decref(log);

    /* A replacement keeps the case's number, and each person's whose id
     * stays; a new person gets a number never used (14, not 12). */
    r = t_cli(NULL, "--db", db, "export", "2026-014", "-o", file, NULL);
    ok(r);
    ok(t_cli(NULL, "--db", db, "import", file, "--replace", NULL));
    ok(t_cli(NULL, "--db", db, "person", "set", "2026-014", "oma-ria", "--ring",
             "2", NULL));
    ok(t_cli(NULL, "--db", db, "person", "set", "2026-014", "piet-buur",
             "--ring", "2", NULL));
    ok(t_cli(NULL, "--db", db, "person", "add", "2026-014", "Kim", "--role",
             "friend", "--ring", "2", "--age", "30", NULL));
    log = audit(db, "--changes");
    line_is(log, 3, "import", "case replaced", 1, 0, 0);
    line_is(log, 2, "person set", "person changed", 1, 4, 0);
    line_is(log, 1, "person set", "person changed", 1, 13, 0);
    line_is(log, 0, "person add", "person added", 1, 14, 0);
    json_decref(log);

    /* A case made again under a removed case's code is another case. */
    ok(t_cli(NULL, "--db", db, "case", "rm", "2026-014", "--yes", NULL));
    ok(t_cli(NULL, "--db", db, "case", "new", "2026-014", "--name", "Noah",
             NULL));
    log = audit(db, "--changes");
    line_is(log, 1, "case rm", "case removed", 1, 0, 0);
    line_is(log, 0, "case new", "case stored", 2, 0, 0);
    json_decref(log);
    r = t_cli(NULL, "--db", db, "audit", "2026-014", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strncmp(r.out, "Case '2026-014' is case 2 in the audit log.\n",
                      44) == 0,
              "%s", r.out);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "audit", "2026-999", NULL);
    cr_assert_eq(r.status, 1);
    cr_assert_str_eq(r.err, "kring: no case '2026-999': the log of a removed "
                            "case is kept under its number only (see "
                            "'kring audit')\n");
    t_run_free(&r);
    free(dir);
}

Test(audit, every_read_of_a_case_is_logged_with_its_command)
{
    const char *db = t_noah_db();
    char *dir = t_tmpdir();
    /* The command, the case, and on PostgreSQL the kind when it is not a
     * look: a copy taken out of kring is an export (a file's log knows
     * reads and changes only). */
    static const char *const reads[][3] = {
        {"case show", "1", NULL},  {"export", "1", "export"},
        {"render", "1", "export"}, {"score", "1", NULL},
        {"indicators", "1", NULL}, {"history", "1", NULL},
        {"diff", "1", NULL},       {"score", "1", NULL},
        {"score", "2", NULL},      {"backup", "1", NULL},
        {"backup", "2", NULL},     {"case list", NULL, NULL},
    };
    json_t *log;
    size_t i, n = sizeof reads / sizeof reads[0];

    ok(t_cli(NULL, "--db", db, "case", "new", "2099-001", "--name", "Zed",
             NULL));
    ok(t_cli(NULL, "--db", db, "snapshot", "2026-014", "intake", NULL));
    ok(t_cli(NULL, "--db", db, "case", "show", "2026-014", NULL));
    ok(t_cli(NULL, "--db", db, "export", "2026-014", NULL));
    ok(t_cli(NULL, "--db", db, "render", "2026-014", "--format", "dot", "-o",
             t_path(dir, "map.dot"), NULL));
    ok(t_cli(NULL, "--db", db, "score", "2026-014", NULL));
    ok(t_cli(NULL, "--db", db, "indicators", "2026-014", NULL));
    ok(t_cli(NULL, "--db", db, "history", "2026-014", NULL));
    ok(t_cli(NULL, "--db", db, "diff", "2026-014", "intake", NULL));
    ok(t_cli(NULL, "--db", db, "score", "--all", NULL));
    /* On PostgreSQL a backup is pg_dump's archive (test_store_pg restores
     * one), not a store kring opens. */
    ok(t_cli(NULL, "--db", db, "backup",
             t_pg() ? t_path(dir, "b.dump") : t_db(dir, "b.db"), NULL));
    ok(t_cli(NULL, "--db", db, "case", "list", NULL));
    /* A check reads every case but shows none: not logged. */
    ok(t_cli(NULL, "--db", db, "check", NULL));
    /* Reading the log is not a read of a case. */
    ok(t_cli(NULL, "--db", db, "audit", NULL));
    log = audit(db, "--reads");
    cr_assert_eq(json_array_size(log), n, "%s", json_dumps(log, 0));
    for (i = 0; i < n; i++) {
        json_t *e = json_array_get(log, i);
        json_t *c = json_object_get(e, "case");
        cr_assert_str_eq(json_string_value(json_object_get(e, "command")),
                         reads[i][0], "line %zu", i);
        cr_assert_str_eq(json_string_value(json_object_get(e, "kind")),
                         t_pg() && reads[i][2] ? reads[i][2] : "read",
                         "line %zu", i);
        cr_assert_str_eq(json_string_value(json_object_get(e, "event")),
                         reads[i][1] ? "case read" : "cases listed");
        if (reads[i][1] == NULL)
            cr_assert(json_is_null(c));
        else
            cr_assert_eq(json_integer_value(c), atoi(reads[i][1]), "line %zu",
                         i);
        cr_assert(json_is_null(json_object_get(e, "person")));
    }
    json_decref(log);
    /* The backup holds the log as it was before the copy. */
    if (!t_pg()) {
        log = audit(t_db(dir, "b.db"), "--reads");
        cr_assert_eq(json_array_size(log), 9);
        json_decref(log);
    }
    free(dir);
}

/* Another kring with the database open: the WAL is not removed when case
 * rm closes. */
static void hold_open(const char *db, kring_store **held)
{
    kring_error err;

    cr_assert_eq(kring_store_open(db, KRING_STORE_READONLY, held, &err),
                 KRING_OK, "%s", err.text);
}

Test(audit, a_removed_case_leaves_no_name_id_or_code_in_any_file)
{
    /* Every name, every id and the code of Noah's case. */
    static const char *const traces[] = {
        "2026-014",     "Noah",          "Sanne de Vries", "Marco Jansen",
        "Lotte",        "Oma Ria",       "Opa Henk",       "Tante Sandra",
        "Daan",         "Bakker",        "Kees van Dijk",  "Fatima El Amrani",
        "Inge Smit",    "Jan Buur",      "oma-ria",        "opa-henk",
        "tante-sandra", "meneer-bakker", "fatima",         "marco",
        "jan-buur"};
    const char *db = t_noah_db();
    char *dir = t_tmpdir();
    char wal[600], journal[600];
    const char *files[4];
    kring_store *held = NULL;
    size_t f, k;

    T_SQLITE_ONLY("the bytes of SQLite's files; docs/security.md says what "
                  "PostgreSQL keeps");
    snprintf(wal, sizeof wal, "%s-wal", db);
    snprintf(journal, sizeof journal, "%s-journal", db);
    ok(t_cli(NULL, "--db", db, "case", "new", "2099-001", "--name", "Zed",
             NULL));
    ok(t_cli(NULL, "--db", db, "person", "add", "2026-014", "Jan Buur",
             "--role", "neighbour", "--ring", "3", NULL));
    ok(t_cli(NULL, "--db", db, "tie", "add", "2026-014", "jan-buur", "oma-ria",
             NULL));
    ok(t_cli(NULL, "--db", db, "snapshot", "2026-014", "intake", NULL));
    ok(t_cli(NULL, "--db", db, "choose", "2026-014", "oma-ria", NULL));
    ok(t_cli(NULL, "--db", db, "case", "show", "2026-014", NULL));
    hold_open(db, &held);
    cr_assert(file_holds(db, "Sanne de Vries") ||
              file_holds(wal, "Sanne de Vries"));
    ok(t_cli(NULL, "--db", db, "case", "rm", "2026-014", "--yes", NULL));
    ok(t_cli(NULL, "--db", db, "backup", t_db(dir, "after.db"), NULL));
    files[0] = db;
    files[1] = wal;
    files[2] = journal;
    files[3] = t_db(dir, "after.db");
    /* While the other kring still has the database open. */
    for (f = 0; f < 4; f++)
        for (k = 0; k < sizeof traces / sizeof traces[0]; k++)
            cr_assert_not(file_holds(files[f], traces[k]), "%s holds '%s'",
                          files[f], traces[k]);
    kring_store_close(held);
    for (f = 0; f < 4; f++)
        for (k = 0; k < sizeof traces / sizeof traces[0]; k++)
            cr_assert_not(file_holds(files[f], traces[k]), "%s holds '%s'",
                          files[f], traces[k]);
    /* The other case is still there, whole. */
    ok(t_cli(NULL, "--db", db, "case", "show", "2099-001", NULL));
    free(dir);
}

/* A database in which removing a case made SQLite move a row of it to
 * another page, leaving a copy in that page's unused space, which
 * secure_delete does not reach (found by trying kring as a user would:
 * tests/data/erasure/rows-moved.db, the samples and easyNWK's Rosa, case
 * 2026-601). After `case rm` no name, id or code of it is in any file. */
Test(audit, a_removed_case_moved_between_pages_leaves_no_trace)
{
    static const char *const traces[] = {
        "2026-601", "Braunsteigl", "Richard", "richard",    "Josefine",
        "josefine", "Strolchi",    "Hubert",  "hubert",     "Ewald",
        "dr-maier", "Dr. Maier",   "susi",    "lorem ipsum"};
    char *dir = t_tmpdir();
    const char *db = t_db(dir, "k.db");
    char wal[600], journal[600];
    const char *files[3];
    size_t len = 0, f, k;
    char *data = t_read("tests/data/erasure/rows-moved.db", &len);
    FILE *out;

    T_SQLITE_ONLY("the bytes of SQLite's files; docs/security.md says what "
                  "PostgreSQL keeps");
    cr_assert_not_null(data);
    cr_assert(file_holds("tests/data/erasure/rows-moved.db", "Richard"));
    out = fopen(db, "wb");
    cr_assert_not_null(out);
    cr_assert_eq(fwrite(data, 1, len, out), len);
    fclose(out);
    free(data);
    cr_assert_eq(chmod(db, 0600), 0);
    snprintf(wal, sizeof wal, "%s-wal", db);
    snprintf(journal, sizeof journal, "%s-journal", db);
    ok(t_cli(NULL, "--db", db, "case", "rm", "2026-601", "--yes", NULL));
    files[0] = db;
    files[1] = wal;
    files[2] = journal;
    for (f = 0; f < 3; f++)
        for (k = 0; k < sizeof traces / sizeof traces[0]; k++)
            cr_assert_not(file_holds(files[f], traces[k]), "%s holds '%s'",
                          files[f], traces[k]);
    ok(t_cli(NULL, "--db", db, "case", "show", "2026-014", NULL));
    ok(t_cli(NULL, "--db", db, "check", NULL));
    free(dir);
}

/* --- the migration of an old log ---------------------------------------- */

extern const char *const *const kr_migrations[];

static void sql(sqlite3 *db, const char *text)
{
    char *msg = NULL;

    cr_assert_eq(sqlite3_exec(db, text, NULL, NULL, &msg), SQLITE_OK, "%s: %s",
                 text, msg ? msg : "");
}

/* A database of schema 3 whose log tells of a case removed (2026-099), a
 * case removed and made again (b), and a person removed and added again
 * (kim of case a), in the words of schema 3: codes and ids. */
static void write_v3(const char *path)
{
    sqlite3 *db = NULL;
    const char *const *st;
    int v;

    cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
    for (v = 0; v < 3; v++)
        for (st = kr_migrations[v]; *st; st++)
            sql(db, *st);
    sql(db, "PRAGMA user_version = 3; PRAGMA application_id = 1802661479;"
            "PRAGMA journal_mode = WAL;"
            "INSERT INTO cases (code, name) VALUES ('a', 'A'), ('b', 'B');"
            "INSERT INTO people (case_code, seq, id, name, role, sector, ring)"
            " VALUES ('a', 1, 'zed', 'Zed', 'friend', 'friends', 1),"
            " ('a', 2, 'amy', 'Amy', 'coach', 'leisure', 2),"
            " ('a', 3, 'kim', 'Kim', 'friend', 'friends', 3),"
            " ('b', 1, 'bob', 'Bob', 'friend', 'friends', 1);"
            "INSERT INTO audit (user, command, change, case_code, person)"
            " VALUES ('u', 'import', 'case stored', 'a', NULL),"
            " ('u', 'person add', 'person added', 'a', 'zed'),"
            " ('u', 'tie add', 'tie added', 'a', 'zed amy'),"
            " ('u', 'person add', 'person added', 'a', 'kim'),"
            " ('u', 'person rm', 'person removed', 'a', 'kim'),"
            " ('u', 'person add', 'person added', 'a', 'kim'),"
            " ('u', 'case new', 'case stored', '2026-099', NULL),"
            " ('u', 'person add', 'person added', '2026-099', 'wendy-gone'),"
            " ('u', 'case rm', 'case removed', '2026-099', NULL),"
            " ('u', 'case new', 'case stored', 'b', NULL),"
            " ('u', 'person add', 'person added', 'b', 'bob'),"
            " ('u', 'case rm', 'case removed', 'b', NULL),"
            " ('u', 'case new', 'case stored', 'b', NULL),"
            " ('u', 'person add', 'person added', 'b', 'bob');");
    sqlite3_close(db);
}

Test(audit, the_migration_gives_the_old_log_numbers_and_scrubs_the_removed)
{
    char *dir = t_tmpdir();
    const char *db = t_db(dir, "k.db");
    char wal[600];
    kring_store *s = NULL;
    kring_error err;
    json_t *log;
    /* By hand: a is case 1 and b case 2 (their order in the file); people
     * are numbered as they are ordered (zed 1, amy 2, kim 3; bob 1). A
     * line of a case or person removed at or after it keeps no number. */
    static const long long want[][3] = {
        {1, 0, 0}, {1, 1, 0}, {1, 1, 2}, {1, 0, 0}, {1, 0, 0},
        {1, 3, 0}, {0, 0, 0}, {0, 0, 0}, {0, 0, 0}, {0, 0, 0},
        {0, 0, 0}, {0, 0, 0}, {2, 0, 0}, {2, 1, 0},
    };
    size_t i;

    T_SQLITE_ONLY("SQLite's schema of version 4; PostgreSQL's starts at 7");
    snprintf(wal, sizeof wal, "%s-wal", db);
    write_v3(db);
    cr_assert(file_holds(db, "2026-099") || file_holds(wal, "2026-099"));
    /* Open (migrate) and keep open: the WAL stays as long as it is. */
    cr_assert_eq(kring_store_open(db, 0, &s, &err), KRING_OK, "%s", err.text);
    cr_assert_not(file_holds(db, "2026-099"));
    cr_assert_not(file_holds(wal, "2026-099"));
    cr_assert_not(file_holds(db, "wendy-gone"));
    cr_assert_not(file_holds(wal, "wendy-gone"));
    log = audit(db, "--changes");
    cr_assert_eq(json_array_size(log), 14);
    for (i = 0; i < 14; i++) {
        json_t *e = json_array_get(log, i);
        const char *keys[] = {"case", "person", "other"};
        size_t k;
        cr_assert_str_eq(json_string_value(json_object_get(e, "user")), "u");
        for (k = 0; k < 3; k++) {
            json_t *v = json_object_get(e, keys[k]);
            if (want[i][k] == 0)
                cr_assert(json_is_null(v), "line %zu: %s", i, keys[k]);
            else
                cr_assert_eq(json_integer_value(v), want[i][k], "line %zu: %s",
                             i, keys[k]);
        }
    }
    json_decref(log);
    kring_store_close(s);
    /* New numbers follow the old ones: case 3, and person 4 of case a. */
    ok(t_cli(NULL, "--db", db, "case", "new", "c", "--name", "C", NULL));
    ok(t_cli(NULL, "--db", db, "person", "add", "a", "Lou", "--role", "friend",
             "--ring", "2", NULL));
    log = audit(db, "--changes");
    line_is(log, 1, "case new", "case stored", 3, 0, 0);
    line_is(log, 0, "person add", "person added", 1, 4, 0);
    json_decref(log);
    free(dir);
}
