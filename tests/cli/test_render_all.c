/* `render --all` with worker processes against the same in kring's own
 * process ($KRING_WORKERS=1, the way every map was drawn before): the
 * same files, byte for byte, and the same message and exit status when a
 * map cannot be written. Run in process. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <kring/kring.h>

#include "gen.h"
#include "helpers.h"

/* A database in DIR of N generated cases of 1 to MOST people; its path
 * is the caller's. */
static char *cases_db(const char *dir, int n, int most)
{
    char *db = strdup(t_db(dir, "k.db"));
    struct gen_rng r = {2121};
    kring_store *s = NULL;
    kring_error err;
    int i;

    cr_assert_eq(kring_store_open(db, 0, &s, &err), KRING_OK, "%s", err.text);
    cr_assert_eq(kring_store_begin(s, &err), KRING_OK);
    for (i = 0; i < n; i++) {
        char code[32];
        kring_case *c;
        snprintf(code, sizeof code, "r-%03d", i + 1);
        c = gen_case(&r, code, 1 + (i * 7) % most);
        cr_assert_not_null(c);
        cr_assert_eq(kring_store_put_case(s, c, 0, &err), KRING_OK, "%s",
                     err.text);
        kring_case_free(c);
    }
    cr_assert_eq(kring_store_commit(s, &err), KRING_OK);
    kring_store_close(s);
    return db;
}

/* The names in folder DIR, sorted, one a line. */
static char *listing(const char *dir)
{
    struct dirent **e;
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    int n = scandir(dir, &e, NULL, alphasort), i;

    cr_assert_geq(n, 0, "%s", dir);
    for (i = 0; i < n; i++) {
        if (e[i]->d_name[0] != '.')
            fprintf(f, "%s\n", e[i]->d_name);
        free(e[i]);
    }
    free(e);
    fclose(f);
    return out;
}

/* Draws every case of DB into DIR/SUB with WORKERS workers, then the
 * same with one, and asserts both folders hold the same files. */
static void same_folders(const char *dir, const char *db, const char *workers,
                         const char *format)
{
    char one[512], many[512];
    struct t_run r;
    char *a, *b, *name, *save = NULL;

    snprintf(one, sizeof one, "%s/one-%s", dir, format);
    snprintf(many, sizeof many, "%s/many-%s", dir, format);
    /* The workers first: kring forks them before anything has loaded
     * Graphviz, and this test runs kring twice in one process. */
    setenv("KRING_WORKERS", workers, 1);
    r = t_cli(NULL, "--db", db, "render", "--all", "-o", many, "--format",
              format, "--date", "2026-11-23", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_str_eq(r.err, "");
    cr_assert_str_eq(r.out, "");
    t_run_free(&r);
    setenv("KRING_WORKERS", "1", 1);
    r = t_cli(NULL, "--db", db, "render", "--all", "-o", one, "--format",
              format, "--date", "2026-11-23", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    t_run_free(&r);
    unsetenv("KRING_WORKERS");
    a = listing(one);
    b = listing(many);
    cr_assert_str_eq(a, b);
    for (name = strtok_r(a, "\n", &save); name != NULL;
         name = strtok_r(NULL, "\n", &save)) {
        size_t na = 0, nb = 0;
        char *x = t_read(t_path(one, name), &na);
        char *y = t_read(t_path(many, name), &nb);
        cr_assert_not_null(x);
        cr_assert_not_null(y);
        cr_assert_eq(na, nb, "%s: %zu and %zu bytes", name, na, nb);
        cr_assert(memcmp(x, y, na) == 0, "%s differs", name);
        cr_assert_eq(t_mode(t_path(many, name)), 0600, "%s", name);
        free(x);
        free(y);
    }
    free(a);
    free(b);
}

Test(render_all, workers_write_the_same_files_as_one_process)
{
    char *dir = t_tmpdir();
    char *db = cases_db(dir, 24, 60);
    char *names;

    same_folders(dir, db, "2", "svg");
    names = listing(t_path(dir, "many-svg"));
    cr_assert(strncmp(names, "r-001.svg\nr-002.svg\n", 20) == 0, "%s", names);
    cr_assert(strstr(names, "r-024.svg\n") != NULL);
    free(names);
    free(db);
    free(dir);
}

/* Each run of kring in its own test: a process that has drawn in itself
 * must not fork workers after (Graphviz's pango plugin keeps a pointer
 * into the context it drew with). */
Test(render_all, three_workers_write_the_same_pdf_files_as_one_process)
{
    char *dir = t_tmpdir();
    char *db = cases_db(dir, 24, 60);

    same_folders(dir, db, "3", "pdf");
    free(db);
    free(dir);
}

Test(render_all, anonymized_files_are_numbered_as_in_one_process)
{
    char *dir = t_tmpdir();
    char *db = cases_db(dir, 9, 60);
    struct t_run r;
    char *names;

    setenv("KRING_WORKERS", "2", 1);
    r = t_cli(NULL, "--db", db, "render", "--all", "--anonymize", "-o",
              t_path(dir, "anon"), "--date", "2026-11-23", NULL);
    unsetenv("KRING_WORKERS");
    cr_assert_eq(r.status, 0, "%s", r.err);
    t_run_free(&r);
    names = listing(t_path(dir, "anon"));
    cr_assert_str_eq(names, "anon-1.svg\nanon-2.svg\nanon-3.svg\nanon-4.svg\n"
                            "anon-5.svg\nanon-6.svg\nanon-7.svg\nanon-8.svg\n"
                            "anon-9.svg\n");
    free(names);
    free(db);
    free(dir);
}

/* A map that cannot be written: its file's name is a folder. */
static struct t_run blocked(const char *dir, const char *db, const char *out,
                            const char *workers)
{
    char path[512];
    struct t_run r;

    snprintf(path, sizeof path, "%s/%s", dir, out);
    cr_assert_eq(mkdir(path, 0700), 0);
    snprintf(path, sizeof path, "%s/%s/r-005.svg", dir, out);
    cr_assert_eq(mkdir(path, 0700), 0);
    setenv("KRING_WORKERS", workers, 1);
    r = t_cli(NULL, "--db", db, "render", "--all", "-o", t_path(dir, out),
              "--date", "2026-11-23", NULL);
    unsetenv("KRING_WORKERS");
    return r;
}

Test(render_all, a_worker_that_cannot_write_says_so_as_one_process_does)
{
    char *dir = t_tmpdir();
    char *db = cases_db(dir, 12, 60);
    /* The workers first (see same_folders). */
    struct t_run two = blocked(dir, db, "two", "2");
    struct t_run one = blocked(dir, db, "one", "1");
    char want[600];

    cr_assert_eq(one.status, 1);
    cr_assert_eq(two.status, 1);
    snprintf(want, sizeof want,
             "kring: %s/one/r-005.svg: cannot write: Is a directory\n", dir);
    cr_assert_str_eq(one.err, want);
    snprintf(want, sizeof want,
             "kring: %s/two/r-005.svg: cannot write: Is a directory\n", dir);
    cr_assert_str_eq(two.err, want);
    /* The maps before it are written whole, and no temporary file is
     * left. */
    {
        char *names = listing(t_path(dir, "two"));
        cr_assert(strncmp(names,
                          "r-001.svg\nr-002.svg\nr-003.svg\nr-004.svg\n"
                          "r-005.svg\n",
                          50) == 0,
                  "%s", names);
        cr_assert_null(strstr(names, ".svg."), "%s", names);
        free(names);
    }
    t_run_free(&one);
    t_run_free(&two);
    free(db);
    free(dir);
}

Test(render_all, without_graphviz_every_worker_says_so_once)
{
    char *dir = t_tmpdir();
    char *db = cases_db(dir, 6, 60);
    struct t_run r;

    setenv("KRING_GRAPHVIZ", "/nonexistent/kring-graphviz.so", 1);
    setenv("KRING_WORKERS", "2", 1);
    r = t_cli(NULL, "--db", db, "render", "--all", "-o", t_path(dir, "m"),
              "--date", "2026-11-23", NULL);
    unsetenv("KRING_WORKERS");
    cr_assert_eq(r.status, 1);
    cr_assert_str_eq(r.err, "kring: cannot draw maps: "
                            "/nonexistent/kring-graphviz.so is not "
                            "installed\n");
    t_run_free(&r);
    free(db);
    free(dir);
}

Test(render_all, the_audit_log_has_one_read_a_case_as_with_one_process)
{
    char *dir = t_tmpdir();
    char *db = cases_db(dir, 5, 60);
    struct t_run r;
    const char *p;
    int reads = 0;

    setenv("KRING_WORKERS", "2", 1);
    r = t_cli(NULL, "--db", db, "render", "--all", "-o", t_path(dir, "m"),
              "--date", "2026-11-23", NULL);
    unsetenv("KRING_WORKERS");
    cr_assert_eq(r.status, 0, "%s", r.err);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "audit", "--reads", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    for (p = r.out; (p = strstr(p, "  render   case read  ")) != NULL; p++)
        reads++;
    cr_assert_eq(reads, 5, "%s", r.out);
    t_run_free(&r);
    free(db);
    free(dir);
}

Test(render_all, workers_replaced_after_many_maps_draw_the_same, .timeout = 300)
{
    /* Each of two workers is replaced by a new one after 256 maps
     * (src/cli/workers.c): 600 small maps need three or more. */
    char *dir = t_tmpdir();
    char *db = cases_db(dir, 600, 3);

    same_folders(dir, db, "2", "svg");
    free(db);
    free(dir);
}
