/* The person fields of issue 17 in the library: known_years in tenths of a
 * year and youth_note, through the case file, the store (schema version 4
 * and its migration), snapshots and kring's own GraphML and CSV. */
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "kring/kring.h"

static const char head[] =
    "{\"kring\": 1, \"case\": {\"code\": \"a\", \"name\": \"Noah\"},\n"
    "\"people\": [";

/* A file of one person whose other keys are FIELDS. */
static kring_status one_person(const char *fields, kring_case **c,
                               kring_error *err)
{
    char text[2048];

    snprintf(text, sizeof text,
             "%s{\"id\": \"oma\", \"name\": \"Oma\", \"role\": "
             "\"grandparent\", \"ring\": 1%s%s}]}",
             head, fields[0] ? ", " : "", fields);
    return kring_casefile_parse(text, strlen(text), "t.json", c, err);
}

static char *dump(const kring_case *c)
{
    char *text = NULL;
    kring_error err;

    cr_assert_eq(kring_casefile_dump(c, &text, NULL, &err), KRING_OK, "%s",
                 err.text);
    return text;
}

Test(person_fields, known_years_with_one_decimal_is_read_and_written_exactly)
{
    static const struct {
        const char *in, *out;
        double value;
    } cases[] = {
        {"4.9", "4.9", 4.9},  {"0.5", "0.5", 0.5},       {"13", "13", 13.0},
        {"13.0", "13", 13.0}, {"0.1", "0.1", 0.1},       {"120", "120", 120.0},
        {"0.3", "0.3", 0.3},  {"119.9", "119.9", 119.9}, {"0", "0", 0.0},
    };
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char fields[64], want[64];
        kring_case *c = NULL;
        kring_error err;
        char *text;
        snprintf(fields, sizeof fields, "\"known_years\": %s", cases[i].in);
        cr_assert_eq(one_person(fields, &c, &err), KRING_OK, "%s: %s",
                     cases[i].in, err.text);
        cr_assert_eq(c->people[0].known_years, cases[i].value, "%s",
                     cases[i].in);
        text = dump(c);
        snprintf(want, sizeof want, "\"known_years\": %s,\n", cases[i].out);
        cr_assert(strstr(text, want), "%s: %s", cases[i].in, text);
        free(text);
        kring_case_free(c);
    }
}

Test(person_fields, known_years_with_two_decimals_is_refused_at_its_place)
{
    static const char *const bad[] = {"4.95", "0.05", "120.1", "-0.5", "121"};
    size_t i;

    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char fields[64];
        kring_case *c = NULL;
        kring_error err;
        snprintf(fields, sizeof fields, "\"known_years\": %s", bad[i]);
        cr_assert_eq(one_person(fields, &c, &err), KRING_ERR_INVALID, "%s",
                     bad[i]);
        cr_assert_str_eq(err.text,
                         "t.json:2:75: people[0].known_years: known_years "
                         "must be a number from 0 to 120 with at most one "
                         "decimal");
        cr_assert_null(c);
    }
}

Test(person_fields, youth_note_goes_out_and_back_key_for_key)
{
    kring_case *c = NULL, *back = NULL;
    kring_error err;
    char *text, *again;

    cr_assert_eq(one_person("\"notes\": \"alleen voor de professional\", "
                            "\"youth_note\": \"Oma komt op zondag \\u2764\"",
                            &c, &err),
                 KRING_OK, "%s", err.text);
    cr_assert_str_eq(c->people[0].youth_note,
                     "Oma komt op zondag \xe2\x9d\xa4");
    text = dump(c);
    cr_assert(strstr(text, "\"notes\": \"alleen voor de professional\",\n"
                           "      \"youth_note\": \"Oma komt op zondag "
                           "\xe2\x9d\xa4\"\n"),
              "%s", text);
    cr_assert_eq(
        kring_casefile_parse(text, strlen(text), "t.json", &back, &err),
        KRING_OK, "%s", err.text);
    again = dump(back);
    cr_assert_str_eq(again, text);
    free(text);
    free(again);
    kring_case_free(c);
    kring_case_free(back);
}

Test(person_fields, a_file_without_youth_note_stays_valid_and_without_it)
{
    kring_case *c = NULL;
    kring_error err;
    char *text;

    cr_assert_eq(one_person("", &c, &err), KRING_OK, "%s", err.text);
    cr_assert_null(c->people[0].youth_note);
    text = dump(c);
    cr_assert_null(strstr(text, "youth_note"), "%s", text);
    free(text);
    kring_case_free(c);
    /* An empty line is the same as none. */
    cr_assert_eq(one_person("\"youth_note\": \"\"", &c, &err), KRING_OK, "%s",
                 err.text);
    cr_assert_null(c->people[0].youth_note);
    kring_case_free(c);
}

Test(person_fields, a_youth_note_that_is_not_one_short_line_is_refused)
{
    char fields[700];
    kring_case *c = NULL;
    kring_error err;

    cr_assert_eq(one_person("\"youth_note\": \"een\\ntwee\"", &c, &err),
                 KRING_ERR_INVALID);
    cr_assert_str_eq(err.text, "t.json:2:75: people[0].youth_note: "
                               "youth_note must not contain control "
                               "characters");
    cr_assert_eq(one_person("\"youth_note\": 3", &c, &err), KRING_ERR_INVALID);
    cr_assert_str_eq(err.text, "t.json:2:75: people[0].youth_note: "
                               "youth_note must be a string");
    strcpy(fields, "\"youth_note\": \"");
    memset(fields + strlen(fields), 'a', 501);
    strcpy(fields + 15 + 501, "\"");
    cr_assert_eq(one_person(fields, &c, &err), KRING_ERR_LIMIT);
    cr_assert_str_eq(err.text, "t.json:2:75: people[0].youth_note: "
                               "youth_note is longer than 500 bytes");
    fields[15 + 500] = '"';
    fields[15 + 501] = '\0';
    cr_assert_eq(one_person(fields, &c, &err), KRING_OK, "%s", err.text);
    kring_case_free(c);
}

/* The case of one person with a youth_note and 4.9 years, stored. */
static kring_store *stored(const char *db, kring_case **c)
{
    kring_store *s = NULL;
    kring_error err;

    cr_assert_eq(one_person("\"known_years\": 4.9, \"youth_note\": \"Tot "
                            "zondag!\"",
                            c, &err),
                 KRING_OK, "%s", err.text);
    cr_assert_eq(kring_store_open(db, 0, &s, &err), KRING_OK, "%s", err.text);
    cr_assert_eq(kring_store_put_case(s, *c, 0, &err), KRING_OK, "%s",
                 err.text);
    return s;
}

Test(person_fields, the_store_keeps_tenths_and_the_youth_note)
{
    char *dir = t_tmpdir();
    const char *db = t_db(dir, "k.db");
    kring_case *c = NULL, *back = NULL;
    kring_store *s = stored(db, &c);
    kring_error err;
    char *want, *got;

    cr_assert_eq(kring_store_load_case(s, "a", &back, &err), KRING_OK, "%s",
                 err.text);
    cr_assert_eq(back->people[0].known_years, 4.9);
    cr_assert_str_eq(back->people[0].youth_note, "Tot zondag!");
    want = dump(c);
    got = dump(back);
    cr_assert_str_eq(got, want);
    free(want);
    free(got);
    /* Cleared, it is NULL in the table. */
    free(back->people[0].youth_note);
    back->people[0].youth_note = NULL;
    back->people[0].known_years = 0.5;
    cr_assert_eq(kring_store_update_person(s, "a", &back->people[0], &err),
                 KRING_OK, "%s", err.text);
    kring_case_free(back);
    cr_assert_eq(kring_store_load_network(s, "a", &back, &err), KRING_OK);
    cr_assert_null(back->people[0].youth_note);
    cr_assert_eq(back->people[0].known_years, 0.5);
    kring_case_free(back);
    kring_case_free(c);
    kring_store_close(s);
    free(dir);
}

Test(person_fields, the_table_itself_refuses_two_decimals_and_two_lines)
{
    char *dir = t_tmpdir();
    const char *db = t_db(dir, "k.db");
    kring_case *c = NULL;
    kring_store *s = stored(db, &c);

    kring_store_close(s);
    kring_case_free(c);
    cr_assert_eq(t_sql_exec(db, "UPDATE people SET known_years = 4.95"),
                 SQLITE_CONSTRAINT);
    cr_assert_eq(t_sql_exec(db, "UPDATE people SET known_years = 120.5"),
                 SQLITE_CONSTRAINT);
    cr_assert_eq(t_sql_exec(db, t_pg() ? "UPDATE people SET youth_note = "
                                         "'a' || chr(10) || 'b'"
                                       : "UPDATE people SET youth_note = "
                                         "'a' || char(10) || 'b'"),
                 SQLITE_CONSTRAINT);
    cr_assert_eq(t_sql_exec(db, "UPDATE people SET youth_note = ''"),
                 SQLITE_CONSTRAINT);
    cr_assert_eq(t_sql_exec(db, t_pg() ? "UPDATE people SET youth_note = "
                                         "repeat('x', 501)"
                                       : "UPDATE people SET youth_note = "
                                         "printf('%501s', 'x')"),
                 SQLITE_CONSTRAINT);
    cr_assert_eq(t_sql_exec(db, t_pg() ? "UPDATE people SET known_years = "
                                         "0.3, youth_note = repeat('x', 500)"
                                       : "UPDATE people SET known_years = "
                                         "0.3, youth_note = printf('%500s', "
                                         "'x')"),
                 SQLITE_OK);
    free(dir);
}

extern const char *const *const kr_migrations[];
extern const int kr_migration_count;

Test(person_fields, a_version_3_database_keeps_its_years_and_order)
{
    char *dir = t_tmpdir();
    const char *db = t_db(dir, "k.db");
    const char *const *st;
    kring_store *s = NULL;
    kring_case *c = NULL;
    kring_error err;
    char sql[600];
    int v;

    T_SQLITE_ONLY("SQLite's schema of version 3; PostgreSQL's starts at 7");
    /* The schema as versions 1 to 3 left it, and rows in it. */
    for (v = 0; v < 3; v++)
        for (st = kr_migrations[v]; *st; st++)
            cr_assert_eq(t_sql_exec(db, *st), SQLITE_OK, "%s", *st);
    snprintf(sql, sizeof sql,
             "PRAGMA user_version = 3; PRAGMA application_id = %d;"
             "INSERT INTO cases (code, name) VALUES ('a', 'A');"
             "INSERT INTO people (case_code, seq, id, name, role, sector, "
             "ring, known_years) VALUES ('a', 1, 'zed', 'Zed', 'friend', "
             "'friends', 1, 14), ('a', 2, 'amy', 'Amy', 'coach', 'leisure', "
             "2, NULL);"
             "INSERT INTO ties (case_code, seq, a, b) VALUES ('a', 1, 'zed', "
             "'amy');",
             0x6b726e67);
    cr_assert_eq(t_sql_exec(db, sql), SQLITE_OK, "%s", sql);
    cr_assert_eq(kring_store_open(db, 0, &s, &err), KRING_OK, "%s", err.text);
    cr_assert_eq(kring_store_load_case(s, "a", &c, &err), KRING_OK, "%s",
                 err.text);
    cr_assert_eq(c->n_people, 2);
    cr_assert_str_eq(c->people[0].id, "zed");
    cr_assert_eq(c->people[0].known_years, 14.0);
    cr_assert_null(c->people[0].youth_note);
    cr_assert_eq(c->people[1].known_years, -1);
    cr_assert_eq(c->n_ties, 1);
    /* The migrated table takes tenths. */
    c->people[1].known_years = 2.5;
    cr_assert_eq(kring_store_update_person(s, "a", &c->people[1], &err),
                 KRING_OK, "%s", err.text);
    kring_case_free(c);
    cr_assert_eq(kring_store_load_network(s, "a", &c, &err), KRING_OK);
    cr_assert_eq(c->people[1].known_years, 2.5);
    kring_case_free(c);
    kring_store_close(s);
    cr_assert_geq(kr_migration_count, 4);
    free(dir);
}

Test(person_fields, graphml_and_csv_carry_both_fields)
{
    kring_import_options o = {KRING_FROM_AUTO, NULL, NULL, 0, 0};
    kring_import im = {0};
    kring_case *c = NULL;
    kring_error err;
    char *graphml = NULL, *csv = NULL, *want, *got;

    cr_assert_eq(one_person("\"known_years\": 4.9, \"youth_note\": \"Tot "
                            "zondag, \\\"lieverd\\\" & <3\"",
                            &c, &err),
                 KRING_OK, "%s", err.text);
    cr_assert_eq(kring_export_graphml(c, &graphml, &err), KRING_OK);
    cr_assert(strstr(graphml, "<key id=\"n_known_years\" for=\"node\" "
                              "attr.name=\"known_years\" "
                              "attr.type=\"double\"/>"),
              "%s", graphml);
    cr_assert(strstr(graphml, "<data key=\"n_known_years\">4.9</data>"), "%s",
              graphml);
    cr_assert(strstr(graphml, "<data key=\"n_youth_note\">Tot zondag, "
                              "&quot;lieverd&quot; &amp; &lt;3</data>"),
              "%s", graphml);
    cr_assert_eq(
        kring_import_data(graphml, strlen(graphml), "t.graphml", &o, &im, &err),
        KRING_OK, "%s", err.text);
    cr_assert_eq(im.n_cases, 1);
    want = dump(c);
    got = dump(im.cases[0]);
    cr_assert_str_eq(got, want);
    free(want);
    free(got);
    kring_import_release(&im);
    cr_assert_eq(kring_export_csv(c, KRING_CSV_PEOPLE, ',', false, &csv, &err),
                 KRING_OK);
    cr_assert(strstr(csv, ",notes,youth_note,extra\r\n"), "%s", csv);
    cr_assert(strstr(csv, ",grandparent,family,1,,,4.9,"), "%s", csv);
    cr_assert(strstr(csv, ",,\"Tot zondag, \"\"lieverd\"\" & <3\",\r\n"), "%s",
              csv);
    free(graphml);
    free(csv);
    kring_case_free(c);
}

Test(person_fields, a_snapshot_holds_both_fields)
{
    char *dir = t_tmpdir();
    const char *db = t_db(dir, "k.db");
    kring_case *c = NULL, *back = NULL;
    kring_store *s = stored(db, &c);
    kring_error err;

    kring_store_close(s);
    kring_case_free(c);
    {
        struct t_run r =
            t_cli(NULL, "--db", db, "snapshot", "a", "intake", NULL);
        cr_assert_eq(r.status, 0, "%s", r.err);
        t_run_free(&r);
    }
    cr_assert_eq(kring_store_open(db, 0, &s, &err), KRING_OK);
    cr_assert_eq(kring_store_load_case(s, "a", &back, &err), KRING_OK, "%s",
                 err.text);
    cr_assert_eq(back->n_snapshots, 1);
    cr_assert_eq(back->snapshots[0].people[0].known_years, 4.9);
    cr_assert_str_eq(back->snapshots[0].people[0].youth_note, "Tot zondag!");
    kring_case_free(back);
    kring_store_close(s);
    free(dir);
}
