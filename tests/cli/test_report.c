/* kring report, run in process: what the command line refuses, the CSV's
 * form, and the access log. Every figure is checked against a second
 * implementation by tests/report/report_check.py. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

Test(report_cmd, refuses_a_wrong_command_line)
{
    const char *db = t_noah_db();
    struct t_run r;

    r = t_cli(NULL, "--db", db, "--lang", "en", "report", "--from",
              "2026-13-01", NULL);
    cr_assert_eq(r.status, 2);
    cr_assert(strstr(r.err, "--from must be a date YYYY-MM-DD"), "%s", r.err);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "--lang", "en", "report", "--threshold", "2",
              NULL);
    cr_assert_eq(r.status, 2);
    cr_assert(strstr(r.err, "--threshold must be a whole number from 3"), "%s",
              r.err);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "--lang", "en", "report", "--from",
              "2026-02-01", "--to", "2026-01-01", NULL);
    cr_assert_eq(r.status, 2);
    cr_assert(strstr(r.err, "--from comes after --to"), "%s", r.err);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "--lang", "en", "report", "--format", "xml",
              NULL);
    cr_assert_eq(r.status, 2);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "--lang", "en", "report", "extra", NULL);
    cr_assert_eq(r.status, 2);
    t_run_free(&r);
}

Test(report_cmd, a_file_keeps_no_teams)
{
    const char *db = t_noah_db();
    struct t_run r;

    T_SQLITE_ONLY("a file keeps no teams");
    r = t_cli(NULL, "--db", db, "--lang", "en", "report", "--team", "Noord",
              NULL);
    cr_assert_eq(r.status, 1);
    cr_assert(strstr(r.err, "not in a file"), "%s", r.err);
    cr_assert_str_eq(r.out, "");
    t_run_free(&r);
}

Test(report_cmd, one_young_person_shows_no_count_and_is_logged)
{
    const char *db = t_noah_db();
    struct t_run r;

    r = t_cli(NULL, "--db", db, "--lang", "en", "--json", "report", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.out, "\"young_people\": \"< 5\""), "%s", r.out);
    /* Nothing that names: not the code, not the name. */
    cr_assert(strstr(r.out, "2026-014") == NULL, "%s", r.out);
    cr_assert(strstr(r.out, "Noah") == NULL, "%s", r.out);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "--lang", "en", "report", "--format", "csv",
              NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strncmp(r.out,
                      "section,table,row,column,count,percent\r\n"
                      "reach,funnel,all,total,< 5,\r\n",
                      strlen("section,table,row,column,count,percent\r\n"
                             "reach,funnel,all,total,< 5,\r\n")) == 0,
              "%s", r.out);
    cr_assert(strstr(r.out, "Noah") == NULL);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "--lang", "en", "--json", "audit", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.out, "\"command\": \"report\""), "%s", r.out);
    t_run_free(&r);
}
