/* kring import of odd and hostile files, run in process: each error names
 * the file and line it belongs to, entities are never lost silently, and
 * the notes sum up what is routine (issue 17). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

#define HEAD                                                                   \
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                             \
    "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n"
#define NC "tests/data/external/networkcanvas/"
#define NC1 NC "case_1_3b9d9e67-d097-4e53-9480-1b86863275b2"

/* Imports FILE (in DIR) into a new database there; the run. */
static struct t_run import(const char *dir, const char *file, const char *opt)
{
    return t_cli(NULL, "--db", t_db(dir, "k.db"), "import", file, opt, NULL);
}

/* Lines of TEXT that hold WHAT. */
static int count(const char *text, const char *what)
{
    int n = 0;

    for (; (text = strstr(text, what)) != NULL; text += strlen(what))
        n++;
    return n;
}

Test(import_input, a_doctype_is_refused_with_its_line)
{
    char *dir = t_tmpdir(), want[600];
    const char *f = t_path(dir, "e.graphml");
    struct t_run r;

    t_write(f, "<?xml version=\"1.0\"?>\n<!-- a comment <!DOCTYPE x> -->\n"
               "<!DOCTYPE graphml [<!ENTITY e \"xxxxxxxx\">]>\n"
               "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n"
               "<graph><node id=\"a\">&e;&e;</node></graph></graphml>\n");
    r = import(dir, f, NULL);
    snprintf(want, sizeof want,
             "kring: %s:3: the file has a DOCTYPE, which kring does not "
             "read (no DTD, no entities of its own)\n",
             f);
    cr_assert_eq(r.status, 1);
    cr_assert_str_eq(r.err, want);
    t_run_free(&r);
    free(dir);
}

Test(import_input, character_and_predefined_references_are_kept)
{
    char *dir = t_tmpdir();
    const char *f = t_path(dir, "amp.graphml");
    struct t_run r, x;

    t_write(f, HEAD "<key id=\"k\" for=\"node\" attr.name=\"name\" "
                    "attr.type=\"string\"/>\n"
                    "<key id=\"n\" for=\"node\" attr.name=\"notes\" "
                    "attr.type=\"string\"/>\n"
                    "<graph><node id=\"a\"><data key=\"k\">Zo&#235; &amp; "
                    "&#x4A;an</data><data key=\"n\">&lt;b&gt; &quot;x&quot; "
                    "&apos;y&apos;</data></node></graph></graphml>\n");
    r = import(dir, f, "--code=amp");
    cr_assert_eq(r.status, 0, "%s", r.err);
    x = t_cli(NULL, "--db", t_db(dir, "k.db"), "export", "amp", NULL);
    cr_assert(strstr(x.out, "\"name\": \"Zo\xc3\xab & Jan\""), "%s", x.out);
    cr_assert(strstr(x.out, "\"notes\": \"<b> \\\"x\\\" 'y'\""), "%s", x.out);
    t_run_free(&r);
    t_run_free(&x);
    free(dir);
}

Test(import_input, an_undefined_entity_is_an_error_with_its_line)
{
    char *dir = t_tmpdir(), want[600];
    const char *f = t_path(dir, "u.graphml");
    struct t_run r;

    t_write(f, HEAD "<key id=\"k\" for=\"node\" attr.name=\"name\"/>\n"
                    "<graph><node id=\"a\"><data key=\"k\">A&nbsp;B</data>"
                    "</node></graph></graphml>\n");
    r = import(dir, f, NULL);
    snprintf(want, sizeof want, "kring: %s:4:", f);
    cr_assert_eq(r.status, 1);
    cr_assert(strncmp(r.err, want, strlen(want)) == 0, "%s", r.err);
    cr_assert(strstr(r.err, "'nbsp'"), "%s", r.err);
    t_run_free(&r);
    free(dir);
}

Test(import_input, too_many_attributes_are_refused_with_their_line)
{
    char *dir = t_tmpdir(), want[600];
    const char *f = t_path(dir, "a.graphml");
    static char text[8000];
    size_t n = 0, i;
    struct t_run r;

    n += (size_t)snprintf(text, sizeof text, HEAD "<graph>\n<node id=\"a\"");
    for (i = 0; i < 101; i++)
        n += (size_t)snprintf(text + n, sizeof text - n, " a%zu='%s'", i,
                              i == 50 ? "x=\"y\"" : "v");
    snprintf(text + n, sizeof text - n, "/>\n</graph></graphml>\n");
    t_write(f, text);
    r = import(dir, f, NULL);
    snprintf(want, sizeof want,
             "kring: %s:4: an element with more than 100 attributes: kring "
             "reads at most that many\n",
             f);
    cr_assert_eq(r.status, 1);
    cr_assert_str_eq(r.err, want);
    t_run_free(&r);
    free(dir);
}

/* Writes a Network Canvas CSV set s_*.csv in DIR. */
static void nc_set(const char *dir, const char *people, const char *edges)
{
    t_write(t_path(dir, "s_ego.csv"),
            "networkCanvasEgoUUID,networkCanvasCaseID\nu,c\n");
    t_write(t_path(dir, "s_attributeList_Person.csv"), people);
    t_write(t_path(dir, "s_edgeList_friends.csv"), edges);
}

Test(import_input, nc_csv_errors_name_the_file_of_their_line)
{
    char *dir = t_tmpdir(), want[600];
    struct t_run r;

    /* An edge to nobody: the edge list's line, not the ego file's. */
    nc_set(dir, "nodeID,name\n1,Ann\n2,Bob\n",
           "edgeID,from,to\ne1,1,2\ne2,1,9\n");
    r = import(dir, t_path(dir, "s_ego.csv"), NULL);
    snprintf(want, sizeof want,
             "kring: %s/s_edgeList_friends.csv:3: the tie from '1' to '9' "
             "names someone who is not in the network\n",
             dir);
    cr_assert_eq(r.status, 1);
    cr_assert_str_eq(r.err, want);
    t_run_free(&r);
    /* A person too many: the attribute list's line. */
    {
        static char people[40000];
        size_t n = (size_t)snprintf(people, sizeof people, "nodeID,name\n"), i;
        for (i = 1; i <= 2001; i++)
            n += (size_t)snprintf(people + n, sizeof people - n, "%zu,P%zu\n",
                                  i, i);
        nc_set(dir, people, "edgeID,from,to\n");
    }
    r = import(dir, t_path(dir, "s_ego.csv"), NULL);
    snprintf(want, sizeof want,
             "kring: %s/s_attributeList_Person.csv:2002: node 2001: more "
             "than 2000 people: a case holds at most that many\n",
             dir);
    cr_assert_eq(r.status, 1);
    cr_assert_str_eq(r.err, want);
    t_run_free(&r);
    free(dir);
}

Test(import_input, nc_csv_with_too_many_columns_is_refused_with_its_line)
{
    char *dir = t_tmpdir(), want[600];
    static char head[20000];
    size_t n = 0, i;
    struct t_run r;

    n += (size_t)snprintf(head, sizeof head, "nodeID");
    for (i = 0; i < 1000; i++)
        n += (size_t)snprintf(head + n, sizeof head - n, ",c%zu", i);
    snprintf(head + n, sizeof head - n, "\n");
    nc_set(dir, head, "edgeID,from,to\n");
    r = import(dir, t_path(dir, "s_ego.csv"), NULL);
    snprintf(want, sizeof want,
             "kring: %s/s_attributeList_Person.csv:1: more than 1000 "
             "columns: kring reads at most that many\n",
             dir);
    cr_assert_eq(r.status, 1);
    cr_assert_str_eq(r.err, want);
    t_run_free(&r);
    free(dir);
}

Test(import_input, easynwk_with_too_many_alteri_says_where_not_null)
{
    char *dir = t_tmpdir(), want[600];
    const char *f = t_path(dir, "m.json");
    static char text[100000];
    size_t n = 0, i;
    struct t_run r;

    n += (size_t)snprintf(text, sizeof text,
                          "{\"versions\": [\n {\"id\": 1, \"nwk\": {\n"
                          "  \"alteri\": [");
    for (i = 0; i < 2001; i++)
        n += (size_t)snprintf(text + n, sizeof text - n,
                              "%s{\"id\": %zu, \"name\": \"P%zu\"}",
                              i ? ",\n" : "\n", i, i);
    snprintf(text + n, sizeof text - n, "]}}]}\n");
    t_write(f, text);
    r = import(dir, f, NULL);
    snprintf(want, sizeof want,
             "kring: %s:2: versions[0].nwk.alteri: more than 2000 alteri: a "
             "case holds at most 2000 people\n",
             f);
    cr_assert_eq(r.status, 1);
    cr_assert_str_eq(r.err, want);
    cr_assert(strstr(r.err, "(null)") == NULL);
    t_run_free(&r);
    free(dir);
}

Test(import_input, nc_variables_kept_are_one_note_and_verbose_lists_each)
{
    char *dir = t_tmpdir();
    struct t_run r, v;
    int kept, each;

    r = import(dir, NC1 "_ego.csv", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    /* One note counts them; no note names one by one. */
    kept = count(r.err, "variables as x-nc-\xe2\x80\xa6: ");
    cr_assert_eq(kept, 1, "%s", r.err);
    cr_assert_eq(count(r.err, "is not a kring field"), 0, "%s", r.err);
    cr_assert(strstr(r.err, "; --verbose lists each\n"), "%s", r.err);
    /* Real oddities keep a note of their own, with file and line. */
    cr_assert(strstr(r.err, "_edgeList_friends.csv:"), "%s", r.err);
    v = t_cli(NULL, "--db", t_db(dir, "v.db"), "import", NC1 "_ego.csv",
              "--verbose", NULL);
    cr_assert_eq(v.status, 0, "%s", v.err);
    each = count(v.err, "is not a kring field: kept as x-nc-");
    cr_assert(strstr(r.err, ": kept 3 variables as x-nc-\xe2\x80\xa6: dob, "
                            "heard_about, enjoy_conferences; --verbose lists "
                            "each\n"),
              "%s", r.err);
    /* "kept N variables": N lines, one per variable. */
    {
        const char *p;
        int n = -1;
        for (p = v.err; (p = strstr(p, ": kept ")) != NULL; p++)
            if (sscanf(p, ": kept %d variables", &n) == 1)
                break;
        cr_assert_gt(n, 1, "%s", v.err);
        cr_assert_eq(each, n, "%s", v.err);
    }
    cr_assert_eq(count(v.err, "'dob' is not a kring field"), 1, "%s", v.err);
    t_run_free(&r);
    t_run_free(&v);
    free(dir);
}

Test(import_input, a_value_too_long_for_its_field_is_a_note_not_a_cut)
{
    char *dir = t_tmpdir(), want[600];
    static char people[12000];
    size_t n;
    struct t_run r, x;

    n = (size_t)snprintf(people, sizeof people, "nodeID,name,notes\n1,Ann,");
    memset(people + n, 'x', 10001);
    snprintf(people + n + 10001, sizeof people - n - 10001, "\n2,Bob,ok\n");
    nc_set(dir, people, "edgeID,from,to\n");
    r = import(dir, t_path(dir, "s_ego.csv"), NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    snprintf(want, sizeof want,
             "kring: note: %s/s_attributeList_Person.csv:2: notes is longer "
             "than 10000 bytes: left unrecorded\n",
             dir);
    cr_assert(strstr(r.err, want), "%s", r.err);
    x = t_cli(NULL, "--db", t_db(dir, "k.db"), "export", "c", NULL);
    cr_assert(strstr(x.out, "\"notes\": \"ok\""), "%s", x.out);
    cr_assert(strstr(x.out, "xxxxxxxxxx") == NULL, "%s", x.out);
    t_run_free(&r);
    t_run_free(&x);
    free(dir);
}

/* A file without the young person's name, imported under --code: the case
 * is called by the code it has, not by the neutral one it would have got
 * (found by trying kring as a user would). */
Test(import_input, a_case_without_a_name_is_called_by_the_code_given)
{
    char *dir = t_tmpdir();
    const char *f = t_path(dir, "noname.graphml");
    struct t_run r, x;

    t_write(f, HEAD "<graph><node id=\"a\"/></graph></graphml>\n");
    r = import(dir, f, "--code=2026-700");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.err, "case '2026-700' is called by its code"), "%s",
              r.err);
    x = t_cli(NULL, "--db", t_db(dir, "k.db"), "--json", "case", "show",
              "2026-700", NULL);
    cr_assert_eq(x.status, 0, "%s", x.err);
    cr_assert(strstr(x.out, "\"name\": \"2026-700\""), "%s", x.out);
    t_run_free(&r);
    t_run_free(&x);
    free(dir);
}
