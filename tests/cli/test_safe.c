/* Safekeeping: the audit log, backup, check, a shared database refused, a
 * full disk, erasing for real, and export --anonymize. In process. */
#define _GNU_SOURCE /* memmem */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers.h"
#include "kring/kring.h"

/* Whether the bytes of the file at PATH hold S. */
static int file_holds(const char *path, const char *s)
{
    size_t len = 0;
    char *data = t_read(path, &len);
    int found = data != NULL && memmem(data, len, s, strlen(s)) != NULL;

    free(data);
    return found;
}

Test(safe, the_audit_log_tells_every_change_and_keeps_no_data)
{
    const char *db = t_noah_db();
    static const char *const steps[][8] = {
        {"person", "add", "2026-014", "Jan Buur", "--role", "neighbour",
         "--ring", "3"},
        {"person", "set", "2026-014", "jan-buur", "--ring", "2", NULL, NULL},
        {"tie", "add", "2026-014", "jan-buur", "oma-ria", NULL, NULL, NULL},
        {"tie", "rm", "2026-014", "jan-buur", "oma-ria", NULL, NULL, NULL},
        {"person", "rm", "2026-014", "jan-buur", NULL, NULL, NULL, NULL},
        {"snapshot", "2026-014", "later", NULL, NULL, NULL, NULL, NULL},
        {"case", "rm", "2026-014", "--yes", NULL, NULL, NULL, NULL},
    };
    struct t_run r;
    size_t i;

    for (i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        r = t_cli(NULL, "--db", db, steps[i][0], steps[i][1], steps[i][2],
                  steps[i][3], steps[i][4], steps[i][5], steps[i][6],
                  steps[i][7], NULL);
        cr_assert_eq(r.status, 0, "step %zu: %s", i, r.err);
        t_run_free(&r);
    }
    /* The case is gone: its lines stay, under its number only. */
    r = t_cli(NULL, "--db", db, "--json", "audit", "--changes", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    /* The import of Noah by t_noah_db(), then the steps above, in order;
     * the log outlives the case. Noah is case 1; Noah's 11 people are
     * numbered 1 to 11 in the file's order (oma-ria is the 4th), so Jan
     * Buur is 12. */
    {
        static const char *const want[][3] = {
            {"import", "case stored", "null,\n    \"other\": null"},
            {"person add", "person added", "12,\n    \"other\": null"},
            {"person set", "person changed", "12,\n    \"other\": null"},
            {"tie add", "tie added", "12,\n    \"other\": 4"},
            {"tie rm", "tie removed", "12,\n    \"other\": 4"},
            {"person rm", "person removed", "12,\n    \"other\": null"},
            {"snapshot", "snapshot taken", "null,\n    \"other\": null"},
            {"case rm", "case removed", "null,\n    \"other\": null"},
        };
        const char *at = r.out;
        for (i = 0; i < sizeof want / sizeof want[0]; i++) {
            char line[300];
            snprintf(line, sizeof line,
                     "\"command\": \"%s\",\n    \"kind\": \"change\",\n"
                     "    \"event\": \"%s\",\n    \"case\": 1,\n"
                     "    \"person\": %s",
                     want[i][0], want[i][1], want[i][2]);
            at = strstr(at, line);
            cr_assert_not_null(at, "entry %zu (%s) not found in order:\n%s", i,
                               line, r.out);
        }
    }
    /* No name, id or code is in the log: only numbers. */
    cr_assert_null(strstr(r.out, "Jan Buur"));
    cr_assert_null(strstr(r.out, "Oma Ria"));
    cr_assert_null(strstr(r.out, "jan-buur"));
    cr_assert_null(strstr(r.out, "oma-ria"));
    cr_assert_null(strstr(r.out, "2026-014"));
    t_run_free(&r);
}

Test(safe, a_database_others_can_read_is_refused_unless_allowed)
{
    const char *db = t_noah_db();
    char *before;
    struct t_run r;

    T_SQLITE_ONLY(
        "a file's mode; test_store_pg checks who may read on PostgreSQL");
    cr_assert_eq(chmod(db, 0644), 0);
    before = t_dump_db(db);
    r = t_cli(NULL, "--db", db, "person", "add", "2026-014", "Ann", "--role",
              "friend", "--ring", "2", NULL);
    cr_assert_eq(r.status, 1);
    cr_assert(strstr(r.err, "the database can be read by others (mode 0644)"),
              "%s", r.err);
    cr_assert(strstr(r.err, "--allow-shared-db"), "%s", r.err);
    t_run_free(&r);
    {
        char *after = t_dump_db(db);
        cr_assert_str_eq(after, before);
        free(after);
    }
    r = t_cli(NULL, "--allow-shared-db", "--db", db, "case", "list", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    t_run_free(&r);
    free(before);
}

Test(safe, a_backup_is_a_whole_private_copy_and_never_overwrites)
{
    const char *db = t_noah_db();
    char *dir = t_tmpdir();
    const char *copy = t_pg() ? t_path(dir, "copy.dump") : t_db(dir, "copy.db");
    struct t_run a, b;

    a = t_cli(NULL, "--db", db, "backup", copy, NULL);
    cr_assert_eq(a.status, 0, "%s", a.err);
    t_run_free(&a);
    cr_assert_eq(t_mode(copy), 0600);
    if (t_pg()) {
        /* pg_dump's archive: test_store_pg restores one. */
        a = t_cli(NULL, "--db", db, "backup", copy, NULL);
        cr_assert_eq(a.status, 1);
        cr_assert(strstr(a.err, "exists already"), "%s", a.err);
        t_run_free(&a);
        a = t_cli(NULL, "--db", t_db(dir, "none.db"), "backup",
                  t_path(dir, "none.dump"), NULL);
        cr_assert_eq(a.status, 1);
        cr_assert(strstr(a.err, "has no kring schema"), "%s", a.err);
        cr_assert_eq(access(t_path(dir, "none.dump"), F_OK), -1);
        t_run_free(&a);
        free(dir);
        return;
    }
    a = t_cli(NULL, "--db", db, "export", "2026-014", NULL);
    b = t_cli(NULL, "--db", copy, "export", "2026-014", NULL);
    cr_assert_str_eq(a.out, b.out);
    t_run_free(&a);
    t_run_free(&b);
    a = t_cli(NULL, "--db", db, "backup", copy, NULL);
    cr_assert_eq(a.status, 1);
    cr_assert(strstr(a.err, "exists already"), "%s", a.err);
    t_run_free(&a);
    a = t_cli(NULL, "--db", t_db(dir, "none.db"), "backup",
              t_db(dir, "none-copy.db"), NULL);
    cr_assert_eq(a.status, 1);
    cr_assert(strstr(a.err, "there is no database at"), "%s", a.err);
    t_run_free(&a);
    a = t_cli(NULL, "--db", copy, "check", NULL);
    cr_assert_eq(a.status, 0, "%s", a.out);
    cr_assert_str_eq(a.out,
                     "checked: cases 1, people 11, ties 12: all sound\n");
    t_run_free(&a);
    free(dir);
}

Test(safe, check_finds_a_damaged_file)
{
    const char *db = t_noah_db();
    struct t_run r;
    size_t len = 0, i;
    char *data = t_read(db, &len);
    FILE *f;

    T_SQLITE_ONLY(
        "SQLite's pages scribbled over; PostgreSQL checks its own pages");
    /* Scribble over the pages after the first two (the header and the
     * schema stay, so that the file still opens). */
    cr_assert_gt(len, 3 * 4096);
    for (i = 2 * 4096; i < len; i += 7)
        data[i] = (char)(i * 31);
    cr_assert_not_null(f = fopen(db, "wb"));
    fwrite(data, 1, len, f);
    fclose(f);
    free(data);
    r = t_cli(NULL, "--db", db, "check", NULL);
    cr_assert_neq(r.status, 0);
    cr_assert(strstr(r.out, "problem: ") || strstr(r.err, "kring: "), "%s%s",
              r.out, r.err);
    t_run_free(&r);
}

Test(safe, a_full_disk_changes_nothing)
{
    const char *db = t_noah_db();
    char *before = t_dump_db(db), *after, *dir = t_tmpdir(), *text;
    const char *big = t_path(dir, "big.json");
    struct t_run r;
    size_t used = 0, cap = 200000;
    int i;

    T_SQLITE_ONLY(
        "a full disk made by SQLite's page limit; PostgreSQL's is a server's");
    /* A case of 50 people with long notes: more than the free room of the
     * pages there are. */
    cr_assert_not_null(text = malloc(cap));
    used += (size_t)snprintf(text, cap,
                             "{\"kring\": 1, \"case\": {\"code\": "
                             "\"big\", \"name\": \"B\"}, "
                             "\"people\": [");
    for (i = 0; i < 50; i++)
        used += (size_t)snprintf(text + used, cap - used,
                                 "%s{\"id\": \"p%d\", \"name\": \"P\", "
                                 "\"role\": \"friend\", \"ring\": 2, "
                                 "\"notes\": \"%0900d\"}",
                                 i ? ", " : "", i, i);
    snprintf(text + used, cap - used, "]}");
    t_write(big, text);
    free(text);
    kring_debug_max_pages(1);
    r = t_cli(NULL, "--db", db, "import", big, NULL);
    kring_debug_max_pages(0);
    after = t_dump_db(db);
    cr_assert_eq(r.status, 1);
    cr_assert_str_eq(r.err, "kring: the disk or the database is full; nothing "
                            "was changed\n");
    cr_assert_str_eq(after, before);
    free(after);
    free(before);
    free(dir);
    t_run_free(&r);
}

Test(safe, removing_erases_the_name_from_the_file)
{
    const char *db = t_noah_db();
    char wal[600];
    struct t_run r;

    T_SQLITE_ONLY("the bytes of SQLite's file; docs/security.md says what "
                  "PostgreSQL keeps");
    cr_assert(file_holds(db, "Sanne de Vries") ||
              file_holds(strcat(strcpy(wal, db), "-wal"), "Sanne de Vries"));
    r = t_cli(NULL, "--db", db, "case", "rm", "2026-014", "--yes", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    t_run_free(&r);
    /* The run is over: SQLite has checkpointed and removed its log. */
    snprintf(wal, sizeof wal, "%s-wal", db);
    cr_assert_not(file_holds(db, "Sanne de Vries"));
    cr_assert_not(file_holds(wal, "Sanne de Vries"));
    cr_assert_not(file_holds(db, "Oma Ria"));
}

Test(safe, an_anonymized_export_holds_no_name)
{
    static const char *const formats[] = {"json", "graphml", "dot"};
    static const char *const names[] = {"Sanne", "Vries", "Marco",   "Jansen",
                                        "Ria",   "Noah",  "oma-ria", "mama"};
    size_t f, k;

    for (f = 0; f < 3; f++) {
        struct t_run r =
            t_cli(NULL, "export", "-f", "samples/2026-014-noah.json",
                  "--format", formats[f], "--anonymize", NULL);
        cr_assert_eq(r.status, 0, "%s", r.err);
        for (k = 0; k < sizeof names / sizeof names[0]; k++)
            cr_assert_null(strstr(r.out, names[k]), "%s holds %s", formats[f],
                           names[k]);
        t_run_free(&r);
    }
}
