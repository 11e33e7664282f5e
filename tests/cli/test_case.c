/* kring case new|list|show|rm, run in process. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

Test(case_cmd, new_creates_a_case_and_list_shows_it)
{
    char *dir = t_tmpdir();
    const char *db = t_db(dir, "k.db");
    struct t_run r;

    r = t_cli(NULL, "--db", db, "case", "new", "2026-101", "--name", "Zoë",
              "--birth-year", "2012", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_str_eq(r.out, "created case '2026-101' (Zoë)\n");
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "case", "list", NULL);
    cr_assert_str_eq(r.out, "CODE      NAME  BORN  PEOPLE  TIES\n"
                            "2026-101  Zoë   2012  0       0\n");
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "--json", "case", "list", NULL);
    cr_assert_str_eq(r.out, "{\"cases\": [\n  {\"code\": \"2026-101\", "
                            "\"name\": \"Zoë\", \"birth_year\": 2012, "
                            "\"people\": 0, \"ties\": 0}\n]}\n");
    t_run_free(&r);
    free(dir);
}

Test(case_cmd, bad_new_cases_change_nothing)
{
    const char *db = t_noah_db();
    char *before = t_dump_db(db);
    struct t_run r;

    r = t_cli(NULL, "--db", db, "case", "new", "2026-014", "--name", "X", NULL);
    T_REFUSED(r, 1, "case '2026-014' already exists", db, before);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "case", "new", "a/b", "--name", "X", NULL);
    T_REFUSED(r, 1,
              "case.code: code 'a/b' must be 1 to 32 letters, digits, '-', "
              "'_' or '.', starting with a letter or digit",
              db, before);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "case", "new", "2026-200", "--name", "X",
              "--birth-year", "12", NULL);
    T_REFUSED(r, 1,
              "case.birth_year: birth_year must be a year from 1900 to 2100",
              db, before);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "case", "new", "2026-200", "--name", "X",
              "--birth-year", "twelve", NULL);
    T_REFUSED(r, 1, "--birth-year must be a whole number, not 'twelve'", db,
              before);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "case", "new", "2026-200", "--name", "", NULL);
    T_REFUSED(r, 1, "case.name: name must not be empty", db, before);
    t_run_free(&r);
    free(before);
}

Test(case_cmd, command_line_mistakes_exit_2)
{
    const char *db = t_noah_db();
    char *before = t_dump_db(db), *after;
    struct t_run r;

    r = t_cli(NULL, "--db", db, "case", "new", "2026-200", NULL);
    cr_assert_eq(r.status, 2);
    cr_assert(strstr(r.err, "kring: case new needs --name NAME\nusage:"), "%s",
              r.err);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "case", "new", "2026-200", "--name", "X",
              "--colour", "red", NULL);
    cr_assert_eq(r.status, 2);
    cr_assert(strstr(r.err, "kring: unknown option '--colour'"), "%s", r.err);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "case", "frobnicate", NULL);
    cr_assert_eq(r.status, 2);
    cr_assert_str_eq(r.err, "kring: 'case frobnicate' is not a kring "
                            "command\n(see 'kring --help')\n");
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "case", "new", "x", "--name", NULL);
    cr_assert_eq(r.status, 2);
    cr_assert(strstr(r.err, "option '--name' needs a value"));
    t_run_free(&r);
    r = t_cli(NULL, NULL);
    cr_assert_eq(r.status, 2);
    t_run_free(&r);
    after = t_dump_db(db);
    cr_assert_str_eq(after, before);
    free(after);
    free(before);
}

Test(case_cmd, every_command_has_help)
{
    static const char *const cmds[][2] = {
        {"case", "new"},   {"case", "list"},  {"case", "show"}, {"case", "rm"},
        {"person", "add"}, {"person", "set"}, {"person", "rm"}, {"tie", "add"},
        {"tie", "rm"},     {"import", NULL},  {"export", NULL},
    };
    size_t i;

    for (i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        struct t_run r =
            cmds[i][1] ? t_cli(NULL, cmds[i][0], cmds[i][1], "--help", NULL)
                       : t_cli(NULL, cmds[i][0], "--help", NULL);
        char want[64];
        snprintf(want, sizeof want, "usage: kring %s%s%s", cmds[i][0],
                 cmds[i][1] ? " " : "", cmds[i][1] ? cmds[i][1] : "");
        cr_assert_eq(r.status, 0, "%s", want);
        cr_assert(strncmp(r.out, want, strlen(want)) == 0, "%s: %s", want,
                  r.out);
        t_run_free(&r);
    }
    {
        struct t_run r = t_cli(NULL, "--version", NULL);
        cr_assert_str_eq(r.out, "kring 0.1.0\n");
        t_run_free(&r);
        r = t_cli(NULL, "--help", NULL);
        cr_assert(strstr(r.out, "person add CODE NAME --role R --ring N"));
        t_run_free(&r);
    }
}

Test(case_cmd, show_prints_people_and_ties)
{
    const char *db = t_noah_db();
    struct t_run r = t_cli(NULL, "--db", db, "case", "show", "2026-014", NULL);

    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.out, "case 2026-014: Noah, born 2012\n"), "%s", r.out);
    cr_assert(strstr(r.out, "people (11)\n"));
    cr_assert(strstr(r.out, "ties (12)\n"));
    cr_assert(strstr(r.out, "oma-ria"));
    cr_assert(strstr(r.out, "nominated"));
    t_run_free(&r);
}

Test(case_cmd, show_reads_a_file_or_stdin_without_a_database)
{
    char *text = t_read("samples/2026-027-jesse.json", NULL);
    struct t_run r;

    r = t_cli(text, "--db", "/nonexistent/never.db", "case", "show", "-f", "-",
              NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.out, "case 2026-027: Jesse"));
    t_run_free(&r);
    r = t_cli(NULL, "case", "show", "-f", "samples/2026-027-jesse.json",
              "--json", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strncmp(r.out, "{\n  \"kring\": 1,", 15) == 0, "%s", r.out);
    t_run_free(&r);
    r = t_cli("{\"kring\": 1}", "case", "show", "-f", "-", NULL);
    cr_assert_eq(r.status, 1);
    cr_assert_str_eq(r.err, "kring: stdin:1:1: a case file has no 'case', "
                            "which is required\n");
    t_run_free(&r);
    free(text);
}

Test(case_cmd, show_of_an_unknown_case_says_so)
{
    const char *db = t_noah_db();
    char *before = t_dump_db(db);
    struct t_run r = t_cli(NULL, "--db", db, "case", "show", "2026-999", NULL);

    T_REFUSED(r, 1, "no case '2026-999'", db, before);
    t_run_free(&r);
    free(before);
}

Test(case_cmd, rm_needs_yes_without_a_terminal)
{
    const char *db = t_noah_db();
    char *before = t_dump_db(db), *after;
    struct t_run r;

    r = t_cli(NULL, "--db", db, "case", "rm", "2026-014", NULL);
    cr_assert_eq(r.status, 2);
    cr_assert(strstr(r.err, "kring: not removing case '2026-014': confirm "
                            "with --yes (there is no terminal to ask on)\n"));
    t_run_free(&r);
    after = t_dump_db(db);
    cr_assert_str_eq(after, before);
    free(after);
    r = t_cli(NULL, "--db", db, "case", "rm", "2026-014", "--yes", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_str_eq(r.out, "removed case '2026-014'\n");
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "case", "list", "--json", NULL);
    cr_assert_str_eq(r.out, "{\"cases\": []}\n");
    t_run_free(&r);
    free(before);
}

Test(case_cmd, rm_at_a_terminal_asks_and_no_keeps_the_case)
{
    const char *db = t_noah_db();
    char *before = t_dump_db(db), *after;
    struct t_run r;

    r = t_cli_tty("n\n", "--db", db, "case", "rm", "2026-014", NULL);
    cr_assert_eq(r.status, 1);
    cr_assert_str_eq(r.err, "remove case '2026-014' (Noah) with 11 people and "
                            "12 ties? This cannot be undone. [y/N] kring: "
                            "case '2026-014' was not removed\n");
    t_run_free(&r);
    after = t_dump_db(db);
    cr_assert_str_eq(after, before);
    free(after);
    r = t_cli_tty("y\n", "--db", db, "case", "rm", "2026-014", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    t_run_free(&r);
    free(before);
}

Test(case_cmd, the_database_comes_from_kring_db_when_no_db_is_given)
{
    char *dir = t_tmpdir();
    struct t_run r;

    setenv("KRING_DB", t_db(dir, "env.db"), 1);
    r = t_cli(NULL, "case", "new", "e-1", "--name", "Env", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    t_run_free(&r);
    if (!t_pg())
        cr_assert_eq(t_mode(t_db(dir, "env.db")), 0600);
    unsetenv("KRING_DB");
    setenv("XDG_DATA_HOME", t_path(dir, "xdg"), 1);
    r = t_cli(NULL, "case", "new", "e-2", "--name", "Xdg", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    t_run_free(&r);
    cr_assert_eq(t_mode(t_path(dir, "xdg/kring/kring.db")), 0600);
    cr_assert_eq(t_mode(t_path(dir, "xdg/kring")), 0700);
    free(dir);
}

/* A case code is seen where names are not (lists, the audit log, file
 * names): one that looks like a name is warned about, and still made. */
Test(case_cmd, new_warns_when_a_code_looks_like_a_name)
{
    static const char *const names[] = {"rosa-braunsteigl", "Noah", "Eva",
                                        "rosa_2026"};
    static const char *const numbers[] = {"2026-014", "JIM-12", "wt-2026-3",
                                          "x", "e-1"};
    char *dir = t_tmpdir(), want[300];
    const char *db = t_db(dir, "k.db");
    struct t_run r;
    size_t i;

    for (i = 0; i < sizeof names / sizeof names[0]; i++) {
        r = t_cli(NULL, "--db", db, "case", "new", names[i], "--name", "X",
                  NULL);
        snprintf(want, sizeof want,
                 "kring: warning: the code '%s' looks like a name: a case "
                 "code is seen in lists, the audit log and file names; a "
                 "number such as 2026-014 names no one\n",
                 names[i]);
        cr_assert_eq(r.status, 0, "%s", r.err);
        cr_assert_str_eq(r.err, want);
        snprintf(want, sizeof want, "created case '%s' (X)\n", names[i]);
        cr_assert_str_eq(r.out, want);
        t_run_free(&r);
    }
    for (i = 0; i < sizeof numbers / sizeof numbers[0]; i++) {
        r = t_cli(NULL, "--db", db, "case", "new", numbers[i], "--name", "X",
                  NULL);
        cr_assert_eq(r.status, 0, "%s", r.err);
        cr_assert_str_eq(r.err, "", "%s", numbers[i]);
        t_run_free(&r);
    }
    r = t_cli(NULL, "--db", db, "--lang", "nl", "case", "new", "Sanne",
              "--name", "X", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_str_eq(r.err,
                     "kring: let op: de code 'Sanne' lijkt op een naam: een "
                     "casuscode staat in lijsten, het logboek en "
                     "bestandsnamen; een nummer zoals 2026-014 noemt "
                     "niemand\n");
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "case", "list", NULL);
    for (i = 0; i < sizeof names / sizeof names[0]; i++)
        cr_assert(strstr(r.out, names[i]) != NULL, "%s", r.out);
    t_run_free(&r);
    free(dir);
}

/* The list is printed as the cases come from the store: every column as
 * wide as its widest cell over all of them, counted in characters. The
 * table here is written out by hand. */
Test(case_cmd, list_aligns_its_columns_over_every_case)
{
    char *dir = t_tmpdir();
    const char *db = t_db(dir, "k.db");
    struct t_run r;

    r = t_cli(NULL, "--db", db, "case", "new", "2026-9", "--name",
              "Ëlla-Ŋoor Øster", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "case", "new", "2026-12345", "--name", "Bo",
              "--birth-year", "2011", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "person", "add", "2026-9", "Oma", "--role",
              "grandparent", "--ring", "1", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "case", "list", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_str_eq(r.out, "CODE        NAME             BORN  PEOPLE  TIES\n"
                            "2026-12345  Bo               2011  0       0\n"
                            "2026-9      Ëlla-Ŋoor Øster        1       0\n");
    t_run_free(&r);
    free(dir);
}
