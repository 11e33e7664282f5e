/* The person fields of issue 17: known_years in tenths of a year and the
 * line for the young person (youth_note), through person add|set, case
 * show and export; run in process. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "helpers.h"

Test(person_fields, known_years_takes_one_decimal_and_writes_it_exactly)
{
    const char *db = t_noah_db();
    struct t_run r;

    r = t_cli(NULL, "--db", db, "person", "add", "2026-014", "Buurvrouw Els",
              "--role", "neighbour", "--ring", "2", "--known-years", "4.9",
              NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "person", "add", "2026-014", "Meester Bas",
              "--role", "teacher", "--ring", "3", "--known-years", "0.5", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    t_run_free(&r);
    /* 13.0 is the whole number 13, written as such. */
    r = t_cli(NULL, "--db", db, "person", "add", "2026-014", "Coach Kim",
              "--role", "coach", "--ring", "3", "--known-years", "13.0", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "export", "2026-014", NULL);
    cr_assert(strstr(r.out, "\"known_years\": 4.9,\n"), "%s", r.out);
    cr_assert(strstr(r.out, "\"known_years\": 0.5,\n"), "%s", r.out);
    cr_assert(strstr(r.out, "\"known_years\": 13,\n"), "%s", r.out);
    cr_assert_null(strstr(r.out, "4.90000"), "%s", r.out);
    t_run_free(&r);
    /* Set again, from 4.9 to 7.3, and cleared. */
    r = t_cli(NULL, "--db", db, "person", "set", "2026-014", "buurvrouw-els",
              "--known-years", "7.3", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "export", "2026-014", NULL);
    cr_assert(strstr(r.out, "\"known_years\": 7.3,\n"), "%s", r.out);
    t_run_free(&r);
}

Test(person_fields, known_years_with_two_decimals_or_out_of_range_is_refused)
{
    static const char *const bad[] = {"4.95", "121", "-1",  "4,9",
                                      "4.",   ".5",  "1e1", "120.1"};
    const char *db = t_noah_db();
    char *before = t_dump_db(db);
    char message[200];
    size_t i;

    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct t_run r = t_cli(NULL, "--db", db, "person", "set", "2026-014",
                               "oma-ria", "--known-years", bad[i], NULL);
        snprintf(message, sizeof message,
                 "kring: --known-years must be a number from 0 to 120 with "
                 "at most one decimal, not '%s'\n",
                 bad[i]);
        cr_assert_eq(r.status, 1, "%s: %d", bad[i], r.status);
        cr_assert_str_eq(r.err, message);
        t_run_free(&r);
    }
    {
        char *after = t_dump_db(db);
        cr_assert_str_eq(after, before);
        free(after);
    }
    free(before);
}

Test(person_fields, a_file_with_two_decimals_is_refused_at_its_place)
{
    char *dir = t_tmpdir();
    const char *file = t_path(dir, "t.json");
    struct t_run r;

    t_write(file, "{\"kring\": 1, \"case\": {\"code\": \"a\", \"name\": "
                  "\"b\"},\n\"people\": [{\"id\": \"a\", \"name\": \"A\", "
                  "\"role\": \"friend\", \"ring\": 1,\n  \"known_years\": "
                  "4.95}]}\n");
    r = t_cli(NULL, "case", "show", "-f", file, NULL);
    cr_assert_eq(r.status, 1);
    cr_assert(strstr(r.err, "t.json:3:3: people[0].known_years: known_years "
                            "must be a number from 0 to 120 with at most one "
                            "decimal\n"),
              "%s", r.err);
    t_run_free(&r);
    free(dir);
}

Test(person_fields, youth_note_is_set_shown_exported_and_cleared)
{
    const char *db = t_noah_db();
    struct t_run r;

    r = t_cli(NULL, "--db", db, "person", "set", "2026-014", "oma-ria",
              "--youth-note", "Oma Ria wil graag met je naar de markt", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "case", "show", "2026-014", NULL);
    cr_assert(strstr(r.out, "\nfor the young person\n  Oma Ria (oma-ria): "
                            "Oma Ria wil graag met je naar de markt\n"),
              "%s", r.out);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "export", "2026-014", NULL);
    cr_assert(strstr(r.out, "\"notes\": \"Noah eet op woensdag bij oma.\",\n"
                            "      \"youth_note\": \"Oma Ria wil graag met "
                            "je naar de markt\"\n"),
              "%s", r.out);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "--lang", "nl", "case", "show", "2026-014",
              NULL);
    cr_assert(strstr(r.out, "\nvoor de jongere\n  Oma Ria (oma-ria): "), "%s",
              r.out);
    t_run_free(&r);
    /* An empty value clears it: the key is gone. */
    r = t_cli(NULL, "--db", db, "person", "set", "2026-014", "oma-ria",
              "--youth-note", "", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "export", "2026-014", NULL);
    cr_assert_null(strstr(r.out, "youth_note"), "%s", r.out);
    t_run_free(&r);
}

Test(person_fields, youth_note_is_taken_by_person_add)
{
    const char *db = t_noah_db();
    struct t_run r;

    r = t_cli(NULL, "--db", db, "person", "add", "2026-014", "Tante Sandra",
              "--role", "aunt_uncle", "--ring", "2", "--youth-note",
              "Tante Sandra belt je op vrijdag", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "export", "2026-014", NULL);
    cr_assert(strstr(r.out, "\"youth_note\": \"Tante Sandra belt je op "
                            "vrijdag\"\n"),
              "%s", r.out);
    t_run_free(&r);
}

Test(person_fields, a_youth_note_of_two_lines_or_too_long_is_refused)
{
    const char *db = t_noah_db();
    char *before = t_dump_db(db);
    char *after;
    char long_note[502];
    struct t_run r;

    r = t_cli(NULL, "--db", db, "person", "set", "2026-014", "oma-ria",
              "--youth-note", "een\ntwee", NULL);
    cr_assert_eq(r.status, 1);
    cr_assert_str_eq(r.err, "kring: youth_note must not contain control "
                            "characters\n");
    t_run_free(&r);
    memset(long_note, 'a', 501);
    long_note[501] = '\0';
    r = t_cli(NULL, "--db", db, "person", "set", "2026-014", "oma-ria",
              "--youth-note", long_note, NULL);
    cr_assert_eq(r.status, 1);
    cr_assert_str_eq(r.err, "kring: youth_note is longer than 500 bytes\n");
    t_run_free(&r);
    /* 500 bytes is the most, and fits. */
    long_note[500] = '\0';
    after = t_dump_db(db);
    cr_assert_str_eq(after, before);
    free(after);
    r = t_cli(NULL, "--db", db, "person", "set", "2026-014", "oma-ria",
              "--youth-note", long_note, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    t_run_free(&r);
    free(before);
}

Test(person_fields, anonymize_leaves_the_youth_note_out)
{
    const char *db = t_noah_db();
    struct t_run r;

    r = t_cli(NULL, "--db", db, "person", "set", "2026-014", "oma-ria",
              "--youth-note", "Oma Ria en Daan komen kijken", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "export", "2026-014", "--anonymize", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_null(strstr(r.out, "youth_note"), "%s", r.out);
    cr_assert_null(strstr(r.out, "komen kijken"), "%s", r.out);
    t_run_free(&r);
}

/* The version a web form carries (against lost updates) tells every field
 * apart, a tenth of a year known and the line for the young person too. */
Test(person_fields, the_form_version_sees_a_tenth_of_a_year_and_the_line)
{
    kring_person p;
    char a[KRING_VERSION_LEN + 1], b[KRING_VERSION_LEN + 1];

    kring_person_init(&p, KRING_ROLE_GRANDPARENT, 1);
    p.id = "oma-ria";
    p.name = "Oma Ria";
    p.notes = "";
    p.known_years = 4.5;
    kring_person_version(&p, a);
    p.known_years = 4.9;
    kring_person_version(&p, b);
    cr_assert_str_neq(a, b, "4.5 and 4.9 years known have one version");
    p.youth_note = "Oma bakt een taart voor je";
    kring_person_version(&p, a);
    cr_assert_str_neq(a, b, "a new line for the young person is no change");
}
