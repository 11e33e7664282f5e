/* kring import and export, run in process. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bad_files.h"
#include "helpers.h"

Test(exchange, every_sample_imports_and_exports_back_the_same)
{
    const char *const *files = t_samples;
    const char *const *codes = t_sample_codes;
    char *dir = t_tmpdir();
    size_t i;

    for (i = 0; i < T_SAMPLES; i++) {
        struct t_run a, b, c;
        const char *out = t_path(dir, "out.json");
        a = t_cli(NULL, "--db", t_path(dir, "1.db"), "import", files[i], NULL);
        cr_assert_eq(a.status, 0, "%s", a.err);
        b = t_cli(NULL, "--db", t_path(dir, "1.db"), "export", codes[i], "-o",
                  out, NULL);
        cr_assert_eq(b.status, 0, "%s", b.err);
        cr_assert_eq(t_mode(out), 0600);
        c = t_cli(NULL, "--db", t_path(dir, "2.db"), "import", out, NULL);
        cr_assert_eq(c.status, 0, "%s", c.err);
        t_run_free(&a);
        t_run_free(&b);
        t_run_free(&c);
        a = t_cli(NULL, "--db", t_path(dir, "1.db"), "export", codes[i], NULL);
        b = t_cli(NULL, "--db", t_path(dir, "2.db"), "export", codes[i], NULL);
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
    struct t_run r = t_cli(NULL, "--db", t_path(dir, "k.db"), "import",
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
    r = t_cli(NULL, "--db", db, "import", "samples/2026-014-noah.json",
              "--from", "graphml", NULL);
    cr_assert_eq(r.status, 2);
    cr_assert(strstr(r.err, "unknown format 'graphml' (this version reads: "
                            "kring)"));
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
