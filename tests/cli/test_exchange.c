/* kring import and export, run in process. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bad_files.h"
#include "helpers.h"
#include "kring/kring.h"

Test(exchange, every_sample_imports_and_exports_back_the_same)
{
    const char *const *files = t_samples;
    const char *const *codes = t_sample_codes;
    char *dir = t_tmpdir();
    size_t i;

    for (i = 0; i < T_SAMPLES; i++) {
        struct t_run a, b, c;
        const char *out = t_path(dir, "out.json");
        a = t_cli(NULL, "--db", t_db(dir, "1.db"), "import", files[i], NULL);
        cr_assert_eq(a.status, 0, "%s", a.err);
        b = t_cli(NULL, "--db", t_db(dir, "1.db"), "export", codes[i], "-o",
                  out, NULL);
        cr_assert_eq(b.status, 0, "%s", b.err);
        cr_assert_eq(t_mode(out), 0600);
        c = t_cli(NULL, "--db", t_db(dir, "2.db"), "import", out, NULL);
        cr_assert_eq(c.status, 0, "%s", c.err);
        t_run_free(&a);
        t_run_free(&b);
        t_run_free(&c);
        a = t_cli(NULL, "--db", t_db(dir, "1.db"), "export", codes[i], NULL);
        b = t_cli(NULL, "--db", t_db(dir, "2.db"), "export", codes[i], NULL);
        cr_assert_str_eq(a.out, b.out, "%s", files[i]);
        t_run_free(&a);
        t_run_free(&b);
    }
    free(dir);
}

Test(exchange, every_bad_file_is_refused_with_its_place_and_stores_nothing)
{
    const char *db = t_noah_db();
    char *before = t_dump_db(db), *dir = t_tmpdir();
    size_t i;

    for (i = 0; i < BAD_FILES; i++) {
        const char *file = t_path(dir, "t.json");
        struct t_run r;
        char *after, want[600];
        /* The same file under the name the reader's tests give it. */
        t_write(file, bad_files[i].text);
        r = t_cli(NULL, "--db", db, "import", file, NULL);
        snprintf(want, sizeof want, "kring: %s/%s\n", dir,
                 bad_files[i].message);
        after = t_dump_db(db);
        cr_assert_eq(r.status, 1, "file %zu", i);
        cr_assert_str_eq(r.err, want, "file %zu", i);
        cr_assert_str_eq(r.out, "", "file %zu", i);
        cr_assert_str_eq(after, before, "file %zu changed the database", i);
        free(after);
        t_run_free(&r);
    }
    free(before);
    free(dir);
}

Test(exchange, import_says_what_came_in)
{
    char *dir = t_tmpdir();
    struct t_run r = t_cli(NULL, "--db", t_db(dir, "k.db"), "import",
                           "samples/2026-033-sara.json", NULL);

    cr_assert_str_eq(r.out, "imported case '2026-033' (Sara): 18 people, 29 "
                            "ties\n");
    t_run_free(&r);
    free(dir);
}

Test(exchange, a_bad_file_stores_nothing)
{
    const char *db = t_noah_db();
    char *before = t_dump_db(db);
    struct t_run r;

    r = t_cli("{\"kring\": 1, \"case\": {\"code\": \"n\", \"name\": \"N\"},\n"
              " \"people\": [{\"id\": \"a\", \"name\": \"A\", \"role\": "
              "\"friend\", \"ring\": 1}],\n \"ties\": [{\"a\": \"a\", \"b\": "
              "\"ghost\"}]}",
              "--db", db, "import", "-", NULL);
    T_REFUSED(r, 1,
              "stdin:3:22: ties[0].b: tie names 'ghost', who is not a person "
              "of the case",
              db, before);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "import", "samples/2026-014-noah.json", NULL);
    T_REFUSED(r, 1, "case '2026-014' already exists", db, before);
    t_run_free(&r);
    r = t_cli("", "--db", db, "import", "-", NULL);
    T_REFUSED(r, 1, "stdin:1:0: '[' or '{' expected near end of file", db,
              before);
    t_run_free(&r);
    /* A case file read as the wrong format. */
    r = t_cli(NULL, "--db", db, "import", "samples/2026-014-noah.json",
              "--from", "graphml", NULL);
    T_REFUSED(r, 1,
              "samples/2026-014-noah.json:1:1: Start tag expected, '<' not "
              "found",
              db, before);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "import", "samples/2026-014-noah.json",
              "--from", "easynwk", NULL);
    T_REFUSED(r, 1,
              "samples/2026-014-noah.json:1: this is not an easyNWK file: it "
              "has no 'versions'",
              db, before);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "import", "samples/2026-014-noah.json",
              "--from", "pajek", NULL);
    cr_assert_eq(r.status, 2);
    cr_assert(strstr(r.err, "unknown format 'pajek' (one of: kring, "
                            "graphml, networkcanvas, easynwk)"));
    t_run_free(&r);
    free(before);
}

Test(exchange, replace_swaps_the_whole_case)
{
    const char *db = t_noah_db();
    struct t_run r;

    r = t_cli("{\"kring\": 1, \"case\": {\"code\": \"2026-014\", \"name\": "
              "\"Noah\"}}",
              "--db", db, "import", "-", "--replace", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "case", "list", NULL);
    cr_assert(strstr(r.out, "2026-014  Noah        0       0\n"), "%s", r.out);
    t_run_free(&r);
}

Test(exchange, export_reads_a_file_too_and_refuses_other_formats)
{
    struct t_run r;

    r = t_cli(NULL, "export", "-f", "samples/2026-041-kevin.json", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.out, "\"x-traject\": \"18-/18+ overgang\""));
    cr_assert(strstr(r.out, "\"label\": \"intake\""));
    t_run_free(&r);
    r = t_cli(NULL, "export", "-f", "samples/2026-041-kevin.json", "--format",
              "xml", NULL);
    cr_assert_eq(r.status, 2);
    t_run_free(&r);
    r = t_cli(NULL, "export", "-f", "samples/2026-041-kevin.json", "-o",
              "/nonexistent/dir/out.json", NULL);
    cr_assert_eq(r.status, 1);
    cr_assert(strstr(r.err, "kring: /nonexistent/dir/out.json: cannot write"));
    t_run_free(&r);
}

Test(exchange, a_file_that_is_not_a_database_is_refused_clearly)
{
    char *dir = t_tmpdir();
    const char *db = t_path(dir, "notes.txt");
    char *text;
    struct t_run r;

    t_write(db, "these are my notes, not a database; please do not touch "
                "them, they matter to me a great deal\n");
    r = t_cli(NULL, "--db", db, "import", "samples/2026-014-noah.json", NULL);
    cr_assert_eq(r.status, 1);
    cr_assert(strstr(r.err, "the file is not a kring database, or it is "
                            "damaged"),
              "%s", r.err);
    t_run_free(&r);
    text = t_read(db, NULL);
    cr_assert_str_eq(text, "these are my notes, not a database; please do "
                           "not touch them, they matter to me a great "
                           "deal\n");
    free(text);
    free(dir);
}

/* ---- other formats: what a bad file gets ---------------------------- */

#define GRAPHML_HEAD                                                           \
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                             \
    "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n"

/* Imports TEXT, written to NAME in a new folder, with the options that
 * follow; the run is refused with exit 1, MESSAGE after "kring: FOLDER/",
 * and the database is as it was. */
static void refused(const char *name, const char *text, const char *message,
                    const char *opt1, const char *opt2)
{
    const char *db = t_noah_db();
    char *before = t_dump_db(db), *dir = t_tmpdir(), *after, want[1000];
    const char *file = t_path(dir, name);
    struct t_run r;

    t_write(file, text);
    r = t_cli(NULL, "--db", db, "import", file, opt1, opt2, NULL);
    snprintf(want, sizeof want, "kring: %s/%s\n", dir, message);
    after = t_dump_db(db);
    cr_assert_eq(r.status, 1, "%s", r.err);
    cr_assert_str_eq(r.err, want);
    cr_assert_str_eq(r.out, "");
    cr_assert_str_eq(after, before, "the database changed");
    free(after);
    free(before);
    t_run_free(&r);
    free(dir);
}

Test(exchange, graphml_edge_to_an_unknown_node_is_refused_with_its_line)
{
    refused("g.graphml",
            GRAPHML_HEAD
            "  <key id=\"k\" for=\"node\" attr.name=\"name\" "
            "attr.type=\"string\"/>\n"
            "  <graph id=\"g1\" edgedefault=\"undirected\">\n"
            "    <node id=\"a\"><data key=\"k\">Ann</data></node>\n"
            "    <edge source=\"a\" target=\"zed\"/>\n"
            "  </graph>\n</graphml>\n",
            "g.graphml:6: the edge from 'a' to 'zed' names a node that is not "
            "in the graph",
            NULL, NULL);
}

Test(exchange, truncated_xml_is_refused_with_its_place)
{
    const char *db = t_noah_db();
    char *before = t_dump_db(db), *dir = t_tmpdir(), *after, want[600];
    const char *file = t_path(dir, "t.graphml");
    struct t_run r;

    t_write(file, GRAPHML_HEAD "  <graph edgedefault=\"undirected\">\n"
                               "    <node id=\"a\">");
    r = t_cli(NULL, "--db", db, "import", file, NULL);
    after = t_dump_db(db);
    /* libxml2 words the reason; the place is the end of line 4. */
    snprintf(want, sizeof want, "kring: %s:4:", file);
    cr_assert_eq(r.status, 1);
    cr_assert(strncmp(r.err, want, strlen(want)) == 0, "%s", r.err);
    cr_assert(strstr(r.err, "Premature end of data"), "%s", r.err);
    cr_assert_str_eq(after, before);
    free(after);
    free(before);
    t_run_free(&r);
    free(dir);
}

Test(exchange, kring_graphml_with_a_bad_value_names_its_line)
{
    refused("k.graphml",
            GRAPHML_HEAD
            "  <key id=\"g_kring\" for=\"graph\" attr.name=\"kring\" "
            "attr.type=\"int\"/>\n"
            "  <key id=\"g_code\" for=\"graph\" attr.name=\"code\" "
            "attr.type=\"string\"/>\n"
            "  <key id=\"g_name\" for=\"graph\" attr.name=\"name\" "
            "attr.type=\"string\"/>\n"
            "  <key id=\"n_name\" for=\"node\" attr.name=\"name\" "
            "attr.type=\"string\"/>\n"
            "  <key id=\"n_role\" for=\"node\" attr.name=\"role\" "
            "attr.type=\"string\"/>\n"
            "  <key id=\"n_ring\" for=\"node\" attr.name=\"ring\" "
            "attr.type=\"int\"/>\n"
            "  <graph id=\"x1\" edgedefault=\"undirected\">\n"
            "    <data key=\"g_kring\">1</data>\n"
            "    <data key=\"g_code\">x1</data>\n"
            "    <data key=\"g_name\">X</data>\n"
            "    <node id=\"ann\">\n"
            "      <data key=\"n_name\">Ann</data>\n"
            "      <data key=\"n_role\">friend</data>\n"
            "      <data key=\"n_ring\">7</data>\n"
            "    </node>\n"
            "  </graph>\n</graphml>\n",
            "k.graphml:16: people[0].ring: ring must be 1, 2 or 3", NULL, NULL);
}

Test(exchange, a_ragged_csv_row_is_refused_with_its_line)
{
    refused("s_attributeList_Person.csv",
            "nodeID,name\r\n1,Ann\r\n2,Bob,\"x\"\r\n",
            "s_attributeList_Person.csv:3: this row has 3 fields, the header "
            "2",
            "--from", "networkcanvas");
}

Test(exchange, a_mapping_naming_a_missing_variable_is_refused)
{
    const char *db = t_noah_db();
    char *before = t_dump_db(db), *dir = t_tmpdir(), *after, want[1000];
    const char *map = t_path(dir, "m.json");
    const char *nc = "tests/data/external/networkcanvas/"
                     "case_2_2d27df3c-e43b-43f9-a000-02d6e3a862c1.graphml";
    struct t_run r;

    t_write(map, "{\"person\": {\"ring\": \"closeness\"}}");
    r = t_cli(NULL, "--db", db, "import", nc, "--map", map, NULL);
    snprintf(want, sizeof want,
             "kring: %s: person.ring names the variable 'closeness', which "
             "%s does not have\n",
             map, nc);
    after = t_dump_db(db);
    cr_assert_eq(r.status, 1);
    cr_assert_str_eq(r.err, want);
    cr_assert_str_eq(after, before);
    free(after);
    free(before);
    t_run_free(&r);
    free(dir);
}

/* Found by the long fuzzing run (docs/security.md): a number too large for
 * a whole number was converted to one, which C leaves undefined. A value
 * outside long long is kept as a real; one inside it as a whole number. */
Test(exchange, a_huge_number_in_a_foreign_variable_is_kept_as_a_real)
{
    static const char *values[] = {"2e72", "1e19", "-9.3e18", "42",
                                   "-9223372036854775808"};
    char text[4000];
    size_t i, len = 0;
    kring_import_options o = {KRING_FROM_AUTO, NULL, NULL, 0, 0};
    kring_import im;
    kring_error err;

    len += (size_t)snprintf(text + len, sizeof text - len,
                            "%s  <key id=\"k\" for=\"node\" attr.name=\"name\" "
                            "attr.type=\"string\"/>\n"
                            "  <key id=\"s\" for=\"node\" attr.name=\"score\" "
                            "attr.type=\"double\"/>\n"
                            "  <graph id=\"g\" edgedefault=\"undirected\">\n",
                            GRAPHML_HEAD);
    for (i = 0; i < sizeof values / sizeof *values; i++)
        len += (size_t)snprintf(text + len, sizeof text - len,
                                "    <node id=\"n%zu\"><data key=\"k\">P%zu"
                                "</data><data key=\"s\">%s</data></node>\n",
                                i, i, values[i]);
    len += (size_t)snprintf(text + len, sizeof text - len,
                            "  </graph>\n</graphml>\n");
    cr_assert_eq(kring_import_data(text, len, "g.graphml", &o, &im, &err),
                 KRING_OK, "%s", err.text);
    cr_assert_eq(im.n_cases, 1);
    cr_assert_eq(im.cases[0]->n_people, 5);
    for (i = 0; i < 5; i++) {
        const kring_person *p = &im.cases[0]->people[i];
        json_t *x = json_loads(p->extra, 0, NULL), *v = NULL;
        const char *key;
        json_t *val;
        cr_assert_not_null(x, "%s", p->extra);
        json_object_foreach(x, key, val) if (strstr(key, "score")) v = val;
        cr_assert_not_null(v, "%s", p->extra);
        if (i == 3) /* 42 */
            cr_assert(json_is_integer(v) && json_integer_value(v) == 42);
        else if (i == 4) /* the least long long: a whole number */
            cr_assert(json_is_integer(v) &&
                      json_integer_value(v) == -9223372036854775807LL - 1);
        else
            cr_assert(json_is_real(v) &&
                          json_real_value(v) == strtod(values[i], NULL),
                      "%s", p->extra);
        json_decref(x);
    }
    kring_import_release(&im);
}
