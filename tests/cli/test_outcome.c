/* kring outcome, run in process: recording an evaluation's outcome, the
 * list, when the next evaluation is due (dates worked out by hand), the
 * case list's reminder, the case file, and what is refused. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

#define RUN(...) t_cli(NULL, "--db", db, "--lang", "en", __VA_ARGS__, NULL)

static void ok(struct t_run r)
{
    cr_assert_eq(r.status, 0, "status %d: %s", r.status, r.err);
    t_run_free(&r);
}

/* Noah's case with Oma Ria asked on 2020-01-02 and active on 2020-01-10:
 * the first evaluation was due two months later, 2020-03-10. */
static const char *active_db(void)
{
    const char *db = t_noah_db();

    ok(RUN("choose", "2026-014", "oma-ria", "--status", "asked", "--date",
           "2020-01-02"));
    ok(RUN("choose", "2026-014", "oma-ria", "--status", "active", "--date",
           "2020-01-10", "--force"));
    return db;
}

Test(outcome_cmd, records_lists_and_says_when_the_next_is_due)
{
    const char *db = active_db();
    struct t_run r;

    r = RUN("outcome", "2026-014");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_str_eq(r.out, "No outcomes recorded yet.\n"
                            "Evaluation due since 2020-03-10: record its "
                            "outcome with kring outcome.\n");
    t_run_free(&r);
    r = RUN("outcome", "2026-014", "--date", "2020-03-12", "--placement",
            "averted", "--school", "stayed", "--goals", "partly",
            "--satisfaction", "8", "--notes", "Goed gesprek");
    cr_assert_eq(r.status, 0, "%s", r.err);
    /* 2020-03-12 + 2 months = 2020-05-12, long past. */
    cr_assert_str_eq(r.out, "recorded outcome 1 of case '2026-014' "
                            "(2020-03-12)\n"
                            "Evaluation due since 2020-05-12: record its "
                            "outcome with kring outcome.\n");
    t_run_free(&r);
    ok(RUN("outcome", "2026-014", "--date", "2020-05-11", "--secure-care",
           "not_at_issue", "--goals", "met"));
    r = RUN("outcome", "2026-014");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_str_eq(r.out,
                     "N  DATE        PLACEMENT  SECURE        SCHOOL  GOALS   "
                     "ENDED  MARK\n"
                     "1  2020-03-12  averted    -             stayed  partly  "
                     "-      8\n"
                     "2  2020-05-11  -          not_at_issue  -       met     "
                     "-      -\n"
                     "Evaluation due since 2020-07-11: record its outcome "
                     "with kring outcome.\n");
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "--lang", "nl", "outcome", "2026-014", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.out, "Evaluatie") != NULL, "%s", r.out);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "--json", "outcome", "2026-014", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.out, "\"n\": 1,\n      \"date\": \"2020-03-12\",\n"
                            "      \"placement\": \"averted\",\n"
                            "      \"secure_care\": null,\n"
                            "      \"school\": \"stayed\",\n"
                            "      \"goals\": \"partly\",\n"
                            "      \"ended_as_planned\": null,\n"
                            "      \"satisfaction\": 8,\n"
                            "      \"notes\": \"Goed gesprek\"") != NULL,
              "%s", r.out);
    cr_assert(strstr(r.out, "\"evaluation_due\": \"2020-07-11\"") != NULL, "%s",
              r.out);
    t_run_free(&r);
    /* The case list reminds; the case shows it too. */
    r = RUN("case", "list");
    cr_assert(strstr(r.out, "EVALUATION") != NULL, "%s", r.out);
    cr_assert(strstr(r.out, "2020-07-11 (due)") != NULL, "%s", r.out);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "--json", "case", "list", NULL);
    cr_assert(strstr(r.out, "\"evaluation_due\": \"2020-07-11\"") != NULL, "%s",
              r.out);
    t_run_free(&r);
    r = RUN("case", "show", "2026-014");
    cr_assert(strstr(r.out, "Evaluation due since 2020-07-11") != NULL, "%s",
              r.out);
    t_run_free(&r);
    /* One line in the audit log for each. */
    r = RUN("audit", "2026-014");
    cr_assert(strstr(r.out, "outcome recorded") != NULL, "%s", r.out);
    t_run_free(&r);
}

Test(outcome_cmd, an_ended_trajectory_asks_no_more)
{
    const char *db = active_db();
    struct t_run r;

    ok(RUN("outcome", "2026-014", "--date", "2020-09-01", "--ended-as-planned",
           "yes", "--placement", "averted"));
    r = RUN("outcome", "2026-014");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.out, "as planned") != NULL, "%s", r.out);
    cr_assert(strstr(r.out, "due") == NULL, "%s", r.out);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "--json", "case", "list", NULL);
    cr_assert(strstr(r.out, "\"evaluation_due\"") == NULL, "%s", r.out);
    t_run_free(&r);
    /* Nothing due in any case: the list as it was, without the column. */
    r = RUN("case", "list");
    cr_assert(strstr(r.out, "EVALUATION") == NULL, "%s", r.out);
    cr_assert(strstr(r.out, "TIES\n") != NULL, "%s", r.out);
    t_run_free(&r);
}

Test(outcome_cmd, a_mentor_ended_asks_no_more_and_none_active_asks_none)
{
    const char *db = t_noah_db();
    struct t_run r;

    r = t_cli(NULL, "--db", db, "--json", "outcome", "2026-014", NULL);
    cr_assert(strstr(r.out, "\"evaluation_due\": null") != NULL, "%s", r.out);
    t_run_free(&r);
    ok(RUN("choose", "2026-014", "oma-ria", "--status", "active", "--date",
           "2021-12-31", "--force"));
    /* 2021-12-31 + 2 months: February 2022 has 28 days. */
    r = t_cli(NULL, "--db", db, "--json", "outcome", "2026-014", NULL);
    cr_assert(strstr(r.out, "\"evaluation_due\": \"2022-02-28\"") != NULL, "%s",
              r.out);
    t_run_free(&r);
    ok(RUN("outcome", "2026-014", "--date", "2023-12-31"));
    /* 2024 is a leap year. */
    r = t_cli(NULL, "--db", db, "--json", "outcome", "2026-014", NULL);
    cr_assert(strstr(r.out, "\"evaluation_due\": \"2024-02-29\"") != NULL, "%s",
              r.out);
    t_run_free(&r);
    ok(RUN("choose", "2026-014", "oma-ria", "--status", "ended", "--date",
           "2024-01-15", "--force"));
    r = t_cli(NULL, "--db", db, "--json", "outcome", "2026-014", NULL);
    cr_assert(strstr(r.out, "\"evaluation_due\": null") != NULL, "%s", r.out);
    t_run_free(&r);
}

Test(outcome_cmd, refuses_what_is_not_an_outcome_and_changes_nothing)
{
    const char *db = active_db();
    char *before = t_dump_db(db);
    struct t_run r;

    r = RUN("outcome", "2026-014", "--satisfaction", "11");
    T_REFUSED(r, 1, "satisfaction must be a whole number from 1 to 10", db,
              before);
    t_run_free(&r);
    r = RUN("outcome", "2026-014", "--satisfaction", "0");
    T_REFUSED(r, 1, "satisfaction must be a whole number from 1 to 10", db,
              before);
    t_run_free(&r);
    r = RUN("outcome", "2026-014", "--placement", "gone");
    T_REFUSED(r, 1,
              "--placement must be one of: averted, shortened, happened, "
              "not_at_issue (not 'gone')",
              db, before);
    t_run_free(&r);
    r = RUN("outcome", "2026-014", "--date", "2020-02-30");
    T_REFUSED(r, 1, "date must be a date YYYY-MM-DD", db, before);
    t_run_free(&r);
    r = RUN("outcome", "2026-014", "--ended-as-planned", "maybe");
    T_REFUSED(r, 1, "--ended-as-planned must be yes or no", db, before);
    t_run_free(&r);
    r = RUN("outcome", "2099-999", "--goals", "met");
    T_REFUSED(r, 1, "no case '2099-999'", db, before);
    t_run_free(&r);
    free(before);
}

Test(outcome_cmd, the_case_file_carries_them_both_ways)
{
    const char *db = t_noah_db();
    char *dir = t_tmpdir();
    const char *file = t_path(dir, "o.json");
    struct t_run r;

    t_write(file,
            "{\"kring\": 1, \"case\": {\"code\": \"o-1\", \"name\": \"Ila\"},"
            " \"people\": [], \"outcomes\": [{\"date\": \"2027-02-01\","
            " \"placement\": \"averted\", \"secure_care\": \"not_at_issue\","
            " \"school\": \"stayed\", \"goals\": \"partly\","
            " \"ended_as_planned\": null, \"satisfaction\": 8,"
            " \"notes\": \"\"}, {\"date\": \"2027-04-01\","
            " \"ended_as_planned\": false, \"x-own\": 1}]}");
    ok(RUN("import", file));
    r = RUN("export", "o-1");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.out, "  \"outcomes\": [\n    {\n"
                            "      \"date\": \"2027-02-01\",\n"
                            "      \"placement\": \"averted\",\n"
                            "      \"secure_care\": \"not_at_issue\",\n"
                            "      \"school\": \"stayed\",\n"
                            "      \"goals\": \"partly\",\n"
                            "      \"ended_as_planned\": null,\n"
                            "      \"satisfaction\": 8,\n"
                            "      \"notes\": \"\"\n    },\n    {\n"
                            "      \"date\": \"2027-04-01\",\n"
                            "      \"placement\": null,\n"
                            "      \"secure_care\": null,\n"
                            "      \"school\": null,\n"
                            "      \"goals\": null,\n"
                            "      \"ended_as_planned\": false,\n"
                            "      \"satisfaction\": null,\n"
                            "      \"notes\": \"\",\n"
                            "      \"x-own\": 1\n    }\n  ]") != NULL,
              "%s", r.out);
    t_run_free(&r);
    /* Where a file's outcome is wrong, the place is named. */
    t_write(file, "{\"kring\": 1, \"case\": {\"code\": \"o-2\", \"name\": "
                  "\"Ila\"}, \"people\": [], \"outcomes\": [{\"date\": "
                  "\"2027-02-01\", \"school\": \"left\"}]}");
    r = RUN("import", file);
    cr_assert_eq(r.status, 1);
    cr_assert(strstr(r.err, ":1:") != NULL && strstr(r.err, "school must be "
                                                            "one of: stayed, "
                                                            "returned, "
                                                            "dropped_out, "
                                                            "not_at_issue"),
              "%s", r.err);
    t_run_free(&r);
    free(dir);
}
