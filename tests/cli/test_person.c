/* kring person add|set|rm, run in process. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

Test(person_cmd, add_prints_the_id_made_from_the_name)
{
    const char *db = t_noah_db();
    struct t_run r;

    r = t_cli(NULL, "--db", db, "person", "add", "2026-014",
              "Jeroen Ĳsselmuiden", "--role", "coach", "--ring", "3",
              "--support", "fun,advice", "--hours-per-week", "1.5",
              "--reachable", "evenings_weekends", "--willing", "yes", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_str_eq(r.out, "jeroen-ijsselmuiden\n");
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "export", "2026-014", NULL);
    cr_assert(strstr(r.out, "\"id\": \"jeroen-ijsselmuiden\",\n"
                            "      \"name\": \"Jeroen Ĳsselmuiden\",\n"
                            "      \"role\": \"coach\",\n"
                            "      \"sector\": \"leisure\",\n"
                            "      \"ring\": 3,\n"
                            "      \"support\": [\n"
                            "        \"advice\",\n"
                            "        \"fun\"\n"
                            "      ],\n"
                            "      \"hours_per_week\": 1.5,\n"
                            "      \"reachable\": \"evenings_weekends\",\n"
                            "      \"quality\": \"positive\",\n"
                            "      \"status\": \"active\",\n"
                            "      \"formal\": false,\n"
                            "      \"willing\": \"yes\",\n"),
              "%s", r.out);
    t_run_free(&r);
}

Test(person_cmd, a_second_person_of_the_same_name_gets_a_new_id)
{
    const char *db = t_noah_db();
    struct t_run r = t_cli(NULL, "--db", db, "person", "add", "2026-014",
                           "Daan", "--role", "classmate", "--ring", "2", NULL);

    cr_assert_str_eq(r.out, "daan-2\n");
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "person", "set", "2026-014", "Daan", "--ring",
              "3", NULL);
    cr_assert_eq(r.status, 1);
    cr_assert_str_eq(r.err, "kring: 'Daan' is ambiguous in case '2026-014': "
                            "it is the name of 2 people (daan, daan-2); use "
                            "the id\n");
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "person", "set", "2026-014", "daan-2", "--ring",
              "3", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_str_eq(r.out, "changed: Daan (daan-2)\n");
    t_run_free(&r);
}

Test(person_cmd, bad_values_are_refused_and_change_nothing)
{
    static const struct {
        const char *flag, *value, *message;
    } bad[] = {
        {"--ring", "4", "kring: ring must be 1, 2 or 3\n"},
        {"--ring", "", "kring: ring must be 1, 2 or 3\n"},
        {"--age", "200", "kring: age must be a whole number from 0 to 120\n"},
        {"--age", "-3", "kring: --age must be a whole number, not '-3'\n"},
        {"--age", "99999999999999999999",
         "kring: --age must be a whole number, not '99999999999999999999'\n"},
        {"--contact", "often",
         "kring: --contact must be one of: daily, weekly, monthly, yearly, "
         "rarely (not 'often')\n"},
        {"--support", "money",
         "kring: --support must be one of: emotional, practical, advice, fun, "
         "shelter, advocacy (not 'money')\n"},
        {"--hours-per-week", "200",
         "kring: hours_per_week must be a number from 0 to 168\n"},
        {"--hours-per-week", "nan",
         "kring: --hours-per-week must be a number, not 'nan'\n"},
        {"--formal=maybe", NULL,
         "kring: --formal takes yes or no, not "
         "'maybe'\n"},
        {"--name", "", "kring: name must not be empty\n"},
    };
    const char *db = t_noah_db();
    char *before = t_dump_db(db);
    size_t i;

    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct t_run r = t_cli(NULL, "--db", db, "person", "set", "2026-014",
                               "oma-ria", bad[i].flag, bad[i].value, NULL);
        char *after = t_dump_db(db);
        cr_assert_eq(r.status, 1, "%s %s: %d %s", bad[i].flag,
                     bad[i].value ? bad[i].value : "", r.status, r.err);
        cr_assert_str_eq(r.err, bad[i].message);
        cr_assert_str_eq(after, before);
        free(after);
        t_run_free(&r);
    }
    free(before);
}

Test(person_cmd, an_age_that_contradicts_adult_is_an_error)
{
    const char *db = t_noah_db();
    char *before = t_dump_db(db);
    struct t_run r =
        t_cli(NULL, "--db", db, "person", "add", "2026-014", "Sem", "--role",
              "friend", "--ring", "2", "--age", "15", "--adult", NULL);

    T_REFUSED(r, 1, "adult is true but age 15 says the person is not an adult",
              db, before);
    t_run_free(&r);
    free(before);
}

Test(person_cmd, add_to_a_missing_case_or_with_a_taken_id_fails)
{
    const char *db = t_noah_db();
    char *before = t_dump_db(db);
    struct t_run r;

    r = t_cli(NULL, "--db", db, "person", "add", "2026-999", "X", "--role",
              "friend", "--ring", "1", NULL);
    T_REFUSED(r, 1, "no case '2026-999'", db, before);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "person", "add", "2026-014", "X", "--role",
              "friend", "--ring", "1", "--id", "mama", NULL);
    T_REFUSED(r, 1, "case '2026-014' already has a person with id 'mama'", db,
              before);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "person", "add", "2026-014", "X", "--role",
              "friend", "--ring", "1", "--id", "Bad Id", NULL);
    T_REFUSED(r, 1,
              "id 'Bad Id' must be lowercase letters and digits in groups "
              "joined by '-', at most 64 bytes",
              db, before);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "person", "add", "2026-014", "X", "--ring", "1",
              NULL);
    cr_assert_eq(r.status, 2);
    t_run_free(&r);
    free(before);
}

Test(person_cmd, set_changes_only_what_it_names)
{
    const char *db = t_noah_db();
    struct t_run r;

    r = t_cli(NULL, "--db", db, "person", "set", "2026-014", "Oma Ria", "--age",
              "", "--contact", "daily", "--no-nominated", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "--json", "case", "show", "2026-014", NULL);
    cr_assert(strstr(r.out, "\"name\": \"Oma Ria\",\n      \"role\": "
                            "\"grandparent\",\n      \"sector\": \"family\",\n"
                            "      \"ring\": 1,\n      \"contact\": "
                            "\"daily\",\n      \"known_years\": 14,"),
              "%s", r.out);
    cr_assert(strstr(r.out, "\"nominated\": false,\n      "
                            "\"lives_with_child\": false,\n      \"adult\": "
                            "true,\n      \"notes\": \"Noah eet op woensdag "
                            "bij oma.\""),
              "%s", r.out);
    t_run_free(&r);
}

Test(person_cmd, rm_removes_the_person_and_their_ties)
{
    const char *db = t_noah_db();
    struct t_run r;

    r = t_cli(NULL, "--db", db, "person", "rm", "2026-014", "Oma Ria", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_str_eq(r.out, "removed: Oma Ria (oma-ria)\n");
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "case", "list", NULL);
    /* Oma Ria had 4 of the 12 ties. */
    cr_assert(strstr(r.out, "2026-014  Noah  2012  10      8\n"), "%s", r.out);
    t_run_free(&r);
}
