/* The code an import gives a case whose file has none: a neutral
 * YEAR-NNN, never one made of the file's name (docs/exchange.md). Run in
 * process. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "helpers.h"

#define ROSA "tests/data/external/easynwk/Rosa_Braunsteigl-Mueller.json"

static int this_year(void)
{
    time_t now = time(NULL);
    struct tm tm;

    cr_assert(gmtime_r(&now, &tm) != NULL);
    return tm.tm_year + 1900;
}

static void has(const char *text, const char *part)
{
    cr_assert(strstr(text, part) != NULL, "no '%s' in:\n%s", part, text);
}

static void lacks(const char *text, const char *part)
{
    cr_assert(strstr(text, part) == NULL, "'%s' in:\n%s", part, text);
}

Test(anon_code, an_easynwk_import_gets_a_neutral_code_not_the_file_name)
{
    char *dir = t_tmpdir(), code[32], want[400];
    const char *db = t_db(dir, "k.db");
    struct t_run r;

    snprintf(code, sizeof code, "%d-001", this_year());
    r = t_cli(NULL, "--db", db, "import", ROSA, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    snprintf(want, sizeof want,
             "kring: note: %s: the file gives no case code: the case gets "
             "'%s', a neutral one, not one made of the file's name, which "
             "may be the young person's (--code gives another)\n",
             ROSA, code);
    has(r.err, want);
    snprintf(want, sizeof want, "imported case '%s' (", code);
    has(r.out, want);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "case", "list", NULL);
    has(r.out, code);
    lacks(r.out, "Rosa_");
    lacks(r.out, "Mueller");
    t_run_free(&r);
    free(dir);
}

Test(anon_code, the_neutral_code_takes_the_next_number_of_the_year)
{
    char *dir = t_tmpdir(), c[4][32];
    const char *db = t_db(dir, "k.db");
    int y = this_year();
    struct t_run r;
    int i;

    /* This year's highest is 041; another year's and other codes do not
     * count. */
    snprintf(c[0], sizeof c[0], "%d-007", y);
    snprintf(c[1], sizeof c[1], "%d-041", y);
    snprintf(c[2], sizeof c[2], "%d-900", y - 1);
    snprintf(c[3], sizeof c[3], "%d-999x", y);
    for (i = 0; i < 4; i++) {
        r = t_cli(NULL, "--db", db, "case", "new", c[i], "--name", "X", NULL);
        cr_assert_eq(r.status, 0, "%s", r.err);
        t_run_free(&r);
    }
    r = t_cli(NULL, "--db", db, "import", ROSA, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    snprintf(c[0], sizeof c[0], "imported case '%d-042' (", y);
    has(r.out, c[0]);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "import", ROSA, NULL);
    snprintf(c[0], sizeof c[0], "imported case '%d-043' (", y);
    has(r.out, c[0]);
    t_run_free(&r);
    free(dir);
}

Test(anon_code, code_still_wins_and_then_no_note_is_said)
{
    char *dir = t_tmpdir();
    const char *db = t_db(dir, "k.db");
    struct t_run r;

    r = t_cli(NULL, "--db", db, "import", ROSA, "--code", "2025-300", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    has(r.out, "imported case '2025-300' (");
    lacks(r.err, "case code");
    t_run_free(&r);
    free(dir);
}

Test(anon_code, the_note_is_said_in_dutch_too)
{
    char *dir = t_tmpdir(), want[400];
    const char *db = t_db(dir, "k.db");
    struct t_run r;

    r = t_cli(NULL, "--db", db, "--lang", "nl", "import", ROSA, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    snprintf(want, sizeof want,
             "het bestand geeft geen casuscode: de casus krijgt '%d-001', "
             "een neutrale, niet een uit de bestandsnaam, want die kan de "
             "naam van de jongere zijn (--code geeft een andere)\n",
             this_year());
    has(r.err, want);
    t_run_free(&r);
    free(dir);
}

/* A GraphML graph without an id: the file's name is not the code. */
Test(anon_code, a_graphml_file_without_a_code_gets_a_neutral_one)
{
    char *dir = t_tmpdir(), want[64];
    const char *db = t_db(dir, "k.db"),
               *file = t_path(dir, "Noah_de_Vries.graphml");
    struct t_run r;

    t_write(file, "<?xml version=\"1.0\"?>\n"
                  "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n"
                  "<key id=\"n\" for=\"node\" attr.name=\"name\" "
                  "attr.type=\"string\"/>\n"
                  "<graph edgedefault=\"undirected\">\n"
                  "<node id=\"a\"><data key=\"n\">Ann</data></node>\n"
                  "</graph>\n</graphml>\n");
    r = t_cli(NULL, "--db", db, "import", file, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    snprintf(want, sizeof want, "imported case '%d-001' (", this_year());
    has(r.out, want);
    lacks(r.out, "Noah");
    t_run_free(&r);
    free(dir);
}

/* A given name that is also a title word: the young person is an initial
 * alone, and a title of kinship is one only before a relative's name; a
 * name that is only a title word still gets an initial and a role
 * (docs/map.md). */
Test(anon_code, a_given_name_that_is_a_title_is_not_kept)
{
    static const char *const people[][3] = {
        {"Dede Hasan", "grandparent", "H. (dede)"},
        {"Dede Korkmaz", "friend", "D. (friend)"},
        {"Hala Yusuf", "neighbour", "H. (neighbour)"},
        {"Dede ", "grandparent", "D. (grandparent)"},
    };
    char *dir = t_tmpdir(), want[100];
    const char *db = t_db(dir, "k.db");
    struct t_run r;
    size_t i;

    r = t_cli(NULL, "--db", db, "case", "new", "2026-001", "--name",
              "Dede Yilmaz", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    t_run_free(&r);
    for (i = 0; i < 4; i++) {
        r = t_cli(NULL, "--db", db, "person", "add", "2026-001", people[i][0],
                  "--role", people[i][1], "--ring", "2", NULL);
        cr_assert_eq(r.status, 0, "%s", r.err);
        t_run_free(&r);
    }
    r = t_cli(NULL, "--db", db, "export", "2026-001", "--anonymize", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    has(r.out, "\"name\": \"D.\"");
    for (i = 0; i < 4; i++) {
        snprintf(want, sizeof want, "\"name\": \"%s\"", people[i][2]);
        has(r.out, want);
    }
    lacks(r.out, "dede)\"\n");
    lacks(r.out, "Yilmaz");
    lacks(r.out, "Korkmaz");
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "render", "2026-001", "--anonymize", "--theme",
              "team", "--format", "dot", "-o", "-", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    for (i = 0; i < 4; i++)
        has(r.out, people[i][2]);
    lacks(r.out, "(hala)");
    t_run_free(&r);
    free(dir);
}
