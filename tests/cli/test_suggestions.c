/* kring suggestions, run in process: the list, the answers, and what the
 * command line refuses. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

/* Noah's database with three suggestions: Ayla missing (middle circle,
 * friends), Tante Sandra closer, and "the map is right", declined. */
static const char *suggested_db(void)
{
    const char *db = t_noah_db();

    cr_assert_eq(
        t_sql_exec(db, "INSERT INTO suggestions (case_code, seq, date, kind, "
                       "name, ring, sector) VALUES ('2026-014', 1, "
                       "'2026-12-10', 'missing', 'Ayla', 2, 'friends');"
                       "INSERT INTO suggestions (case_code, seq, date, kind, "
                       "person) VALUES ('2026-014', 2, '2026-12-10', "
                       "'closer', 'tante-sandra');"
                       "INSERT INTO suggestions (case_code, seq, date, kind, "
                       "status, decided) VALUES ('2026-014', 3, "
                       "'2026-12-11', 'right', 'declined', '2026-12-12')"),
        0);
    return db;
}

Test(suggestions_cmd, lists_them_numbered_in_both_languages)
{
    const char *db = suggested_db();
    struct t_run r;

    r = t_cli(NULL, "--db", db, "--lang", "en", "suggestions", "2026-014",
              NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_str_eq(r.out,
                     "N  DATE        SUGGESTION          ABOUT                 "
                     "  STATUS\n"
                     "1  2026-12-10  someone is missing  Ayla (middle, "
                     "friends)  open\n"
                     "2  2026-12-10  closer              Tante Sandra          "
                     "  open\n"
                     "3  2026-12-11  the map is right                          "
                     "  declined 2026-12-12\n");
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "--lang", "nl", "suggestions", "2026-014",
              NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.out, "SUGGESTIE") != NULL, "%s", r.out);
    cr_assert(strstr(r.out, "er ontbreekt iemand  Ayla (midden, vrienden)") !=
                  NULL,
              "%s", r.out);
    cr_assert(strstr(r.out, "afgewezen 2026-12-12") != NULL, "%s", r.out);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "--json", "suggestions", "2026-014", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.out, "\"n\": 2,\n      \"date\": \"2026-12-10\",\n"
                            "      \"kind\": \"closer\",\n      \"person\": "
                            "\"tante-sandra\",\n      \"person_name\": "
                            "\"Tante Sandra\",\n      \"status\": \"open\",\n"
                            "      \"decided\": null") != NULL,
              "%s", r.out);
    t_run_free(&r);
}

Test(suggestions_cmd, accept_makes_the_change_and_decline_none)
{
    const char *db = suggested_db();
    struct t_run r;
    char *before;

    r = t_cli(NULL, "--db", db, "--lang", "en", "suggestions", "2026-014",
              "accept", "2", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_str_eq(r.out, "accepted suggestion 2: closer Tante Sandra\n");
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "--json", "case", "show", "2026-014", NULL);
    cr_assert(strstr(r.out, "\"id\": \"tante-sandra\",\n      \"name\": "
                            "\"Tante Sandra\",\n      \"role\": "
                            "\"aunt_uncle\",\n      \"sector\": \"family\",\n"
                            "      \"ring\": 1,") != NULL,
              "%s", r.out);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "--lang", "en", "suggestions", "2026-014",
              "accept", "1", "--role", "classmate", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "--lang", "en", "case", "show", "2026-014",
              NULL);
    cr_assert(strstr(r.out, "Ayla") != NULL, "%s", r.out);
    t_run_free(&r);
    /* Answered once: no second answer, and nothing changes. */
    before = t_dump_db(db);
    r = t_cli(NULL, "--db", db, "--lang", "en", "suggestions", "2026-014",
              "decline", "1", NULL);
    T_REFUSED(r, 1, "case '2026-014' has no open suggestion 1", db, before);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "--lang", "en", "suggestions", "2026-014",
              "accept", "9", NULL);
    T_REFUSED(r, 1, "case '2026-014' has no open suggestion 9", db, before);
    t_run_free(&r);
    free(before);
    /* The audit log says whose suggestion the change was. */
    r = t_cli(NULL, "--db", db, "--lang", "en", "audit", "2026-014",
              "--changes", NULL);
    cr_assert(strstr(r.out, "suggestions accept (the young person's suggestion "
                            "2)  person changed") != NULL,
              "%s", r.out);
    t_run_free(&r);
}

Test(suggestions_cmd, a_wrong_command_line_is_refused_before_anything)
{
    const char *db = suggested_db();
    char *before = t_dump_db(db);
    struct t_run r;

    r = t_cli(NULL, "--db", db, "--lang", "en", "suggestions", "2026-014",
              "accept", NULL);
    cr_assert_eq(r.status, 2, "%s", r.err);
    cr_assert(strstr(r.err, "need the number of a suggestion") != NULL, "%s",
              r.err);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "--lang", "en", "suggestions", "2026-014",
              "maybe", "1", NULL);
    cr_assert_eq(r.status, 2, "%s", r.err);
    cr_assert(strstr(r.err, "'maybe' is not accept or decline") != NULL, "%s",
              r.err);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "--lang", "en", "suggestions", "2026-014",
              "accept", "one", NULL);
    cr_assert_eq(r.status, 2, "%s", r.err);
    cr_assert(strstr(r.err, "'one' is not the number of a suggestion") != NULL,
              "%s", r.err);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "--lang", "en", "suggestions", "2026-014",
              "decline", "1", "--role", "friend", NULL);
    cr_assert_eq(r.status, 2, "%s", r.err);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "--lang", "en", "suggestions", "2026-014",
              "accept", "1", "--role", "wizard", NULL);
    cr_assert_eq(r.status, 1, "%s", r.err);
    cr_assert(strstr(r.err, "--role must be one of") != NULL, "%s", r.err);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "--lang", "en", "suggestions", NULL);
    cr_assert_eq(r.status, 2, "%s", r.err);
    cr_assert(strstr(r.err, "suggestions needs a CODE") != NULL, "%s", r.err);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "--lang", "en", "suggestions", "2099-001",
              NULL);
    cr_assert_eq(r.status, 1, "%s", r.err);
    cr_assert_str_eq(r.err, "kring: no case '2099-001'\n");
    t_run_free(&r);
    {
        char *after = t_dump_db(db);
        cr_assert_str_eq(after, before);
        free(after);
    }
    free(before);
}
