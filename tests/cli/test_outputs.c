/* What kring writes and prints of user data: CSV cells a spreadsheet would
 * take for formulas, outputs that are the database itself, and control
 * characters on a terminal (issue 17). Run in process. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"

/* A case file with one person whose name and notes are given; the path is
 * in DIR. */
static const char *one_person(const char *dir, const char *name,
                              const char *notes)
{
    const char *file = t_path(dir, "c.json");
    char *json = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&json, &n);

    /* NAME and NOTES are JSON string bodies, already escaped. */
    fprintf(f,
            "{\"kring\": 1, \"case\": {\"code\": \"t-1\", \"name\": \"T\"},"
            " \"people\": [{\"id\": \"p\", \"name\": \"%s\", \"role\": "
            "\"neighbour\", \"ring\": 2, \"age\": 40, \"notes\": \"%s\"}],"
            " \"ties\": []}",
            name, notes);
    fclose(f);
    t_write(file, json);
    free(json);
    return file;
}

Test(outputs, csv_cells_that_would_be_formulas_get_an_apostrophe_in_front)
{
    char *dir = t_tmpdir();
    const char *file = one_person(dir, "=1+1", "-2+3+cmd|' /C calc'!A0");
    struct t_run r = t_cli(NULL, "export", "-f", file, "--format", "csv",
                           "--table", "people", NULL);
    const char *row;

    cr_assert_eq(r.status, 0, "%s", r.err);
    row = strstr(r.out, "\r\n");
    cr_assert_not_null(row);
    /* id, name, role, sector, ring, age, ...: the name marked, the age (a
     * number) and the notes (marked, then quoted for the quote) as said. */
    cr_assert(strncmp(row + 2, "p,'=1+1,neighbour,neighbourhood,2,40,", 37) ==
                  0,
              "%s", row + 2);
    cr_assert_not_null(strstr(row, ",'-2+3+cmd|' /C calc'!A0,"), "%s", row);
    t_run_free(&r);
    free(dir);
}

Test(outputs, every_formula_sign_is_marked_and_quoted_fields_too)
{
    static const struct {
        const char *json, *want;
    } cases[] = {
        {"+31 6 1234", "'+31 6 1234"},
        {"@SUM(A1)", "'@SUM(A1)"},
        {"\\tx", "'\tx"},
        {"\\rx", "\"'\rx\""},
        {"=a,b", "\"'=a,b\""},
        {"=\\\"q\\\"", "\"'=\"\"q\"\"\""},
        /* Apostrophes already there: one more, so one taken off is the
         * name again. */
        {"'=x", "''=x"},
        /* A Dutch name with an apostrophe and no sign after it stays. */
        {"'t Hart", "'t Hart"},
        {"Jan-Piet", "Jan-Piet"},
    };
    char *dir = t_tmpdir();
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        /* In the notes, which may hold a tab and a carriage return; the
         * youth_note and extra fields, empty, end the row. */
        const char *file = one_person(dir, "N", cases[i].json);
        struct t_run r = t_cli(NULL, "export", "-f", file, "--format", "csv",
                               "--table", "people", NULL);
        char want[64];
        snprintf(want, sizeof want, ",%s,,\r\n", cases[i].want);
        cr_assert_eq(r.status, 0, "%s", r.err);
        cr_assert_not_null(strstr(r.out, want), "%zu: %s", i, r.out);
        t_run_free(&r);
    }
    free(dir);
}

/* R is a run that had to refuse OUT as a file of the database: exit 2,
 * the message, and no file OUT made unless it was there (MADE). */
static void refused_output(const char *out, int made, struct t_run r)
{
    char want[1200];

    snprintf(want, sizeof want,
             "kring: '%s' is the database kring uses, or one of its files: "
             "write to another file\n",
             out);
    cr_assert_eq(r.status, 2, "%s: status %d, %s", out, r.status, r.err);
    cr_assert_str_eq(r.err, want);
    cr_assert_str_eq(r.out, "");
    if (!made)
        cr_assert_eq(access(out, F_OK), -1, "%s was made", out);
    t_run_free(&r);
}

Test(outputs, export_render_and_backup_never_write_onto_the_database)
{
    const char *db = t_noah_db();
    char *before = t_dump_db(db), *after, dir[900], other[1000], wal[1000],
         journal[1000], shm[1000];
    const char *slash = strrchr(db, '/');

    T_SQLITE_ONLY("a database that is a file");
    snprintf(dir, sizeof dir, "%.*s", (int)(slash - db), db);
    snprintf(other, sizeof other, "%s/./%s", dir, slash + 1);
    snprintf(wal, sizeof wal, "%s-wal", db);
    snprintf(shm, sizeof shm, "%s-shm", db);
    snprintf(journal, sizeof journal, "%s-journal", db);
    /* SQLite may keep the -wal and -shm after a reader; the -journal of a
     * database in WAL mode is never there. */
    int had_wal = access(wal, F_OK) == 0, had_shm = access(shm, F_OK) == 0;
    refused_output(
        db, 1, t_cli(NULL, "--db", db, "export", "2026-014", "-o", db, NULL));
    refused_output(other, 1,
                   t_cli(NULL, "--db", db, "export", "2026-014", "--format",
                         "graphml", "-o", other, NULL));
    refused_output(
        journal, 0,
        t_cli(NULL, "--db", db, "export", "2026-014", "-o", journal, NULL));
    refused_output(wal, had_wal,
                   t_cli(NULL, "--db", db, "export", "-f",
                         "samples/2026-014-noah.json", "-o", wal, NULL));
    refused_output(db, 1,
                   t_cli(NULL, "--db", db, "render", "2026-014", "--format",
                         "dot", "-o", db, NULL));
    refused_output(shm, had_shm,
                   t_cli(NULL, "--db", db, "render", "2026-014", "--format",
                         "svg", "-o", shm, NULL));
    refused_output(journal, 0,
                   t_cli(NULL, "--db", db, "backup", journal, NULL));
    after = t_dump_db(db);
    cr_assert_str_eq(after, before);
    free(after);
    free(before);
}

Test(outputs, a_link_to_the_database_is_the_database)
{
    const char *db = t_noah_db();
    char *before = t_dump_db(db), *after, *dir = t_tmpdir();
    char sym[1000], hard[1000];

    T_SQLITE_ONLY("a database that is a file");
    snprintf(sym, sizeof sym, "%s", t_path(dir, "sym.json"));
    snprintf(hard, sizeof hard, "%s", t_path(dir, "hard.json"));
    cr_assert_eq(symlink(db, sym), 0);
    cr_assert_eq(link(db, hard), 0);
    refused_output(
        sym, 1, t_cli(NULL, "--db", db, "export", "2026-014", "-o", sym, NULL));
    refused_output(
        hard, 1,
        t_cli(NULL, "--db", db, "export", "2026-014", "-o", hard, NULL));
    /* The database named through the link: its -wal is beside the file
     * the link leads to. */
    {
        char wal[1000];
        snprintf(wal, sizeof wal, "%s-wal", db);
        int had_wal = access(wal, F_OK) == 0;
        refused_output(
            wal, had_wal,
            t_cli(NULL, "--db", sym, "export", "2026-014", "-o", wal, NULL));
    }
    after = t_dump_db(db);
    cr_assert_str_eq(after, before);
    free(after);
    free(before);
    free(dir);
}

Test(outputs, both_csv_tables_are_checked_before_either_is_written)
{
    char *dir = t_tmpdir();
    char db[1000];
    struct t_run r;

    snprintf(db, sizeof db, "%s", t_path(dir, "n-ties.csv"));
    r = t_cli(NULL, "--db", db, "import", "samples/2026-014-noah.json", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    t_run_free(&r);
    refused_output(db, 1,
                   t_cli(NULL, "--db", db, "export", "2026-014", "-o",
                         t_path(dir, "n.csv"), NULL));
    cr_assert_eq(access(t_path(dir, "n-people.csv"), F_OK), -1);
    free(dir);
}

Test(outputs, other_files_are_still_written)
{
    const char *db = t_noah_db();
    char *dir = t_tmpdir();
    struct t_run r = t_cli(NULL, "--db", db, "export", "2026-014", "-o",
                           t_path(dir, "kring.db.json"), NULL);

    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_eq(access(t_path(dir, "kring.db.json"), F_OK), 0);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "backup", t_path(dir, "copy.db"), NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    t_run_free(&r);
    free(dir);
}

/* Control characters from an imported file are shown, never sent to the
 * terminal: ESC as \e, other C0 and DEL as \xNN, C1 as \uNNNN. */
Test(outputs, case_show_shows_control_characters_instead_of_sending_them)
{
    char *dir = t_tmpdir();
    const char *db = t_db(dir, "k.db"), *file = t_path(dir, "e.json");
    struct t_run r;

    /* The name holds U+009B (C1 CSI); the notes ESC, BEL, CR, DEL, a
     * line feed and a tab. */
    t_write(file, "{\"kring\": 1, \"case\": {\"code\": \"e-1\", \"name\": "
                  "\"Ann\\u009b2J\", \"notes\": \"a\\u001b]0;pwned\\u0007b"
                  "\\r\\u007fc\\nd\\te\"}, \"people\": [{\"id\": \"p\", "
                  "\"name\": \"Piet\\u0085\", \"role\": \"friend\", \"ring\":"
                  " 2}], \"ties\": []}");
    r = t_cli(NULL, "--db", db, "import", file, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "case", "show", "e-1", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_not_null(strstr(r.out, "case e-1: Ann\\u009b2J\n"), "%s", r.out);
    cr_assert_not_null(
        strstr(r.out, "notes: a\\e]0;pwned\\x07b\\x0d\\x7fc\nd\te\n"), "%s",
        r.out);
    cr_assert_not_null(strstr(r.out, "Piet\\u0085"), "%s", r.out);
    cr_assert_null(strpbrk(r.out, "\x1b\x07\r\x7f"), "%s", r.out);
    cr_assert_null(strstr(r.out, "\xc2\x9b"));
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "case", "list", NULL);
    cr_assert_not_null(strstr(r.out, "Ann\\u009b2J"), "%s", r.out);
    t_run_free(&r);
    /* JSON keeps the text as it is, escaped the JSON way. */
    r = t_cli(NULL, "--db", db, "--json", "case", "show", "e-1", NULL);
    cr_assert_not_null(strstr(r.out, "\"Ann\xc2\x9b"
                                     "2J\""),
                       "%s", r.out);
    t_run_free(&r);
    free(dir);
}

Test(outputs, score_tables_and_messages_show_control_characters_too)
{
    char *dir = t_tmpdir();
    const char *db = t_db(dir, "k.db"), *file = t_path(dir, "e.json");
    struct t_run r;

    t_write(file, "{\"kring\": 1, \"case\": {\"code\": \"e-1\", \"name\": "
                  "\"Ann\"}, \"people\": [{\"id\": \"p\", \"name\": "
                  "\"Oma\\u009b31m\", \"role\": \"grandparent\", \"ring\": 1,"
                  " \"age\": 60, \"contact\": \"weekly\"}], \"ties\": []}");
    r = t_cli(NULL, "--db", db, "import", file, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "score", "e-1", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_not_null(strstr(r.out, "Oma\\u009b31m"), "%s", r.out);
    cr_assert_null(strstr(r.out, "\xc2\x9b"), "%s", r.out);
    t_run_free(&r);
    /* A message that quotes what it was given. */
    r = t_cli(NULL, "--db", db, "person", "rm", "e-1", "x\x1b[2J", NULL);
    cr_assert_eq(r.status, 1, "%s", r.err);
    cr_assert_null(strchr(r.err, '\x1b'), "%s", r.err);
    cr_assert_not_null(strstr(r.err, "x\\e[2J"), "%s", r.err);
    t_run_free(&r);
    free(dir);
}

/* A bidirectional override turns the text after it around on a terminal
 * ("Trojan Source"): a note that reads one way and says another. They are
 * shown by their number, never sent; a right-to-left name itself (Arabic,
 * Hebrew) is shown as it is. */
Test(outputs, bidirectional_overrides_are_shown_by_their_number)
{
    char *dir = t_tmpdir();
    const char *db = t_db(dir, "k.db"), *file = t_path(dir, "b.json");
    struct t_run r;

    t_write(file, "{\"kring\": 1, \"case\": {\"code\": \"b-1\", \"name\": "
                  "\"Sam\", \"notes\": \"a\\u202egnitsaor\\u202c b "
                  "\\u2066c\\u2069\"}, \"people\": [{\"id\": \"p\", "
                  "\"name\": \"\\u0639\\u0644\\u064a\", \"role\": "
                  "\"friend\", \"ring\": 2}], \"ties\": []}");
    r = t_cli(NULL, "--db", db, "import", file, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "case", "show", "b-1", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_not_null(
        strstr(r.out, "notes: a\\u202egnitsaor\\u202c b \\u2066c\\u2069\n"),
        "%s", r.out);
    cr_assert_null(strstr(r.out, "\xe2\x80\xae"), "%s", r.out);
    cr_assert_null(strstr(r.out, "\xe2\x81\xa6"), "%s", r.out);
    /* The name in Arabic letters (Ali) is no control: as it is. */
    cr_assert_not_null(strstr(r.out, "\xd8\xb9\xd9\x84\xd9\x8a"), "%s", r.out);
    t_run_free(&r);
    free(dir);
}
