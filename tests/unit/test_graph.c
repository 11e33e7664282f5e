/* The map's graph built in Graphviz's memory with cgraph's calls
 * (kring_render_graph) against the same map's DOT text parsed by Graphviz
 * (kring_render_dot), the way kring drew every map before: the same
 * layout and the same drawing, byte for byte, on the samples in every
 * theme and on generated cases of several sizes. The DOT path is the
 * second implementation: Graphviz's own reader decides what the text
 * means. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <kring/kring.h>

#include "gen.h"
#include "helpers.h"

static kring_renderer *renderer;

static void setup(void)
{
    renderer = kring_renderer_new();
    cr_assert_not_null(renderer);
}

static void teardown(void)
{
    kring_renderer_free(renderer);
}

TestSuite(graph, .init = setup, .fini = teardown);

/* Draws C's map with options O both ways as F and asserts the bytes are
 * the same. */
static void same_both_ways(const kring_case *c, const kring_map_options *o,
                           kring_format f, const char *what)
{
    kring_map_graph g;
    kring_error err;
    char *dot = NULL, *a = NULL, *b = NULL;
    size_t na = 0, nb = 0;

    cr_assert_eq(kring_map_make_graph(c, o, &g, &err), KRING_OK, "%s: %s", what,
                 err.text);
    cr_assert_eq(kring_map_graph_dot(&g, &dot, &err), KRING_OK);
    cr_assert_eq(kring_render_graph(renderer, &g, f, o->date, &a, &na, &err),
                 KRING_OK, "%s: %s", what, err.text);
    cr_assert_eq(kring_render_dot(renderer, dot, f, o->date, &b, &nb, &err),
                 KRING_OK, "%s: %s", what, err.text);
    cr_assert_gt(na, 1000, "%s: %zu bytes", what, na);
    cr_assert_eq(na, nb, "%s: %zu bytes in memory, %zu from DOT", what, na, nb);
    cr_assert(memcmp(a, b, na) == 0, "%s: the drawings differ", what);
    free(a);
    free(b);
    free(dot);
    kring_map_graph_release(&g);
}

static void options(kring_map_options *o, kring_theme t)
{
    kring_map_options_init(o, t);
    snprintf(o->date, sizeof o->date, "2026-11-23");
}

/* Draws G as SVG with X and with Y and asserts the bytes are the same. */
static void same_from(kring_renderer *x, kring_renderer *y,
                      const kring_map_graph *g, const char *date)
{
    kring_error err;
    char *a = NULL, *b = NULL;
    size_t na = 0, nb = 0;

    cr_assert_eq(
        kring_render_graph(x, g, KRING_FORMAT_SVG, date, &a, &na, &err),
        KRING_OK, "%s", err.text);
    cr_assert_eq(
        kring_render_graph(y, g, KRING_FORMAT_SVG, date, &b, &nb, &err),
        KRING_OK, "%s", err.text);
    cr_assert_eq(na, nb);
    cr_assert(memcmp(a, b, na) == 0);
    free(a);
    free(b);
}

Test(graph, samples_draw_the_same_in_every_theme_from_memory_as_from_dot)
{
    int s, t;

    for (s = 0; s < T_SAMPLES; s++) {
        kring_case *c = NULL;
        kring_error err;
        cr_assert_eq(kring_casefile_load(t_samples[s], &c, &err), KRING_OK,
                     "%s", err.text);
        for (t = 0; t < KRING_THEME_COUNT; t++) {
            kring_map_options o;
            char what[160];
            options(&o, (kring_theme)t);
            snprintf(what, sizeof what, "%s %s", t_samples[s],
                     kring_theme_name((kring_theme)t));
            same_both_ways(c, &o, KRING_FORMAT_SVG, what);
            o.anonymize = true;
            same_both_ways(c, &o, KRING_FORMAT_SVG, what);
        }
        kring_case_free(c);
    }
}

Test(graph, generated_cases_of_every_size_draw_the_same)
{
    static const int sizes[] = {1, 3, 12, 25, 40, 41, 80, 150, 400};
    struct gen_rng r = {0x2126};
    size_t i;

    for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        char code[32], what[64];
        kring_case *c;
        kring_map_options o;
        snprintf(code, sizeof code, "g-%d", sizes[i]);
        c = gen_case(&r, code, sizes[i]);
        cr_assert_not_null(c);
        options(&o, (kring_theme)(i % KRING_THEME_COUNT));
        snprintf(what, sizeof what, "%d people", sizes[i]);
        same_both_ways(c, &o, KRING_FORMAT_SVG, what);
        kring_case_free(c);
    }
}

Test(graph, png_and_pdf_draw_the_same)
{
    struct gen_rng r = {21};
    kring_case *c = gen_case(&r, "g-png", 30);
    kring_map_options o;

    cr_assert_not_null(c);
    options(&o, KRING_THEME_TEAM);
    same_both_ways(c, &o, KRING_FORMAT_PNG, "png");
    options(&o, KRING_THEME_PRINT);
    same_both_ways(c, &o, KRING_FORMAT_PDF, "pdf");
    kring_case_free(c);
}

Test(graph, the_dot_of_the_graph_is_kring_map_dot)
{
    struct gen_rng r = {7};
    kring_case *c = gen_case(&r, "g-dot", 20);
    kring_map_options o;
    kring_map_graph g;
    kring_error err;
    char *from_graph = NULL, *dot = NULL;

    cr_assert_not_null(c);
    options(&o, KRING_THEME_TEAM);
    cr_assert_eq(kring_map_make_graph(c, &o, &g, &err), KRING_OK);
    cr_assert_eq(kring_map_graph_dot(&g, &from_graph, &err), KRING_OK);
    cr_assert_eq(kring_map_make_dot(c, &o, &dot, &err), KRING_OK);
    cr_assert_str_eq(from_graph, dot);
    /* The DOT reader's view: one statement per line, the graph first. */
    cr_assert(strncmp(dot, "graph \"g-dot\" {\n  graph [", 25) == 0);
    free(from_graph);
    free(dot);
    kring_map_graph_release(&g);
    kring_case_free(c);
}

Test(graph, a_cut_graph_is_an_error_not_a_crash)
{
    struct gen_rng r = {9};
    kring_case *c = gen_case(&r, "g-cut", 10);
    kring_map_options o;
    kring_map_graph g;
    kring_error err;
    char *out = NULL;
    size_t len = 0, keep;

    cr_assert_not_null(c);
    options(&o, KRING_THEME_YOUTH);
    cr_assert_eq(kring_map_make_graph(c, &o, &g, &err), KRING_OK);
    keep = g.len;
    /* Cut inside a record, after its first byte, and with no bytes. */
    g.len = keep / 2;
    cr_assert_eq(kring_render_graph(renderer, &g, KRING_FORMAT_SVG, o.date,
                                    &out, &len, &err),
                 KRING_ERR_IO);
    cr_assert_null(out);
    cr_assert_str_eq(err.text, "Graphviz could not read the map");
    g.len = 0;
    cr_assert_eq(kring_render_graph(renderer, &g, KRING_FORMAT_SVG, o.date,
                                    &out, &len, &err),
                 KRING_ERR_IO);
    g.len = keep;
    cr_assert_eq(kring_render_graph(renderer, &g, KRING_FORMAT_SVG, o.date,
                                    &out, &len, &err),
                 KRING_OK);
    free(out);
    kring_map_graph_release(&g);
    kring_case_free(c);
}

Test(graph, a_renderer_started_early_draws_the_same_and_fails_the_same)
{
    struct gen_rng r = {11};
    kring_case *c = gen_case(&r, "g-early", 25);
    kring_renderer *early = kring_renderer_new(), *missing;
    kring_map_options o;
    kring_map_graph g;
    kring_error err;
    char *a = NULL;
    size_t na = 0;

    cr_assert_not_null(c);
    cr_assert_not_null(early);
    kring_renderer_start(early);
    options(&o, KRING_THEME_TEAM);
    cr_assert_eq(kring_map_make_graph(c, &o, &g, &err), KRING_OK);
    same_from(early, renderer, &g, o.date);
    kring_renderer_free(early);
    /* Without the module: the thread's error, at the first drawing. */
    setenv("KRING_GRAPHVIZ", "/nonexistent/kring-graphviz.so", 1);
    missing = kring_renderer_new();
    kring_renderer_start(missing);
    cr_assert_eq(kring_render_graph(missing, &g, KRING_FORMAT_SVG, o.date, &a,
                                    &na, &err),
                 KRING_ERR_IO);
    cr_assert_null(a);
    cr_assert_str_eq(err.text, "cannot draw maps: "
                               "/nonexistent/kring-graphviz.so is not "
                               "installed");
    kring_renderer_free(missing);
    /* A renderer started and never used is freed without a leak. */
    missing = kring_renderer_new();
    kring_renderer_start(missing);
    kring_renderer_free(missing);
    kring_map_graph_release(&g);
    kring_case_free(c);
}

/* The number of entries of folder DIR, "." and ".." not counted. */
static int entries(const char *dir)
{
    char cmd[512], out[32] = "";
    FILE *p;

    snprintf(cmd, sizeof cmd, "ls -A '%s' | wc -l", dir);
    cr_assert_not_null(p = popen(cmd, "r"));
    cr_assert_not_null(fgets(out, sizeof out, p));
    pclose(p);
    return atoi(out);
}

Test(graph, a_map_drawn_into_a_file_is_the_same_and_private)
{
    struct gen_rng r = {31};
    kring_case *c = gen_case(&r, "g-file", 30);
    static const kring_format formats[] = {KRING_FORMAT_SVG, KRING_FORMAT_PNG,
                                           KRING_FORMAT_PDF};
    char *dir = t_tmpdir(), *a = NULL, *b = NULL, path[4096];
    kring_map_options o;
    kring_map_graph g;
    kring_error err;
    size_t na = 0, nb = 0, i;
    struct stat st;

    cr_assert_not_null(c);
    options(&o, KRING_THEME_TEAM);
    cr_assert_eq(kring_map_make_graph(c, &o, &g, &err), KRING_OK);
    for (i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/map.%s", dir,
                 kring_format_name(formats[i]));
        cr_assert_eq(kring_render_graph_file(renderer, &g, formats[i], o.date,
                                             path, &err),
                     KRING_OK, "%s", err.text);
        cr_assert_eq(
            kring_render_graph(renderer, &g, formats[i], o.date, &a, &na, &err),
            KRING_OK);
        cr_assert_not_null(b = t_read(path, &nb));
        cr_assert_gt(na, 1000);
        cr_assert_eq(na, nb, "%s: %zu bytes in memory, %zu in the file", path,
                     na, nb);
        cr_assert(memcmp(a, b, na) == 0, "%s differs", path);
        cr_assert_eq(stat(path, &st), 0);
        cr_assert_eq(st.st_mode & 0777, 0600, "%s: mode %o", path,
                     st.st_mode & 0777);
        free(a);
        free(b);
        a = b = NULL;
    }
    cr_assert_eq(entries(dir), 3, "a temporary file was left");
    /* A folder that is not there: the reason, and nothing written. */
    snprintf(path, sizeof path, "%s/none/map.svg", dir);
    cr_assert_eq(kring_render_graph_file(renderer, &g, KRING_FORMAT_SVG, o.date,
                                         path, &err),
                 KRING_ERR_IO);
    cr_assert(strstr(err.text, "cannot write: No such file or directory"), "%s",
              err.text);
    cr_assert_eq(entries(dir), 3);
    kring_map_graph_release(&g);
    kring_case_free(c);
    free(dir);
}

Test(graph, the_last_drawing_of_a_process_draws_the_same)
{
    struct gen_rng r = {37};
    kring_case *c = gen_case(&r, "g-last", 25);
    kring_renderer *last = kring_renderer_new();
    kring_map_options o;
    kring_map_graph g;
    kring_error err;

    cr_assert_not_null(c);
    cr_assert_not_null(last);
    options(&o, KRING_THEME_YOUTH);
    cr_assert_eq(kring_map_make_graph(c, &o, &g, &err), KRING_OK);
    kring_renderer_last(last);
    same_from(last, renderer, &g, o.date);
    /* A drawing after the last (not how kring uses it) frees as ever. */
    same_from(last, renderer, &g, o.date);
    kring_renderer_free(last);
    kring_map_graph_release(&g);
    kring_case_free(c);
}
