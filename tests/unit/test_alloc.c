/* Fault injection: the Nth allocation fails, for every N along the main
 * paths; each must end in a clean error (or success), never a crash, and
 * (under `make sanitize`) never a leak. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "kring/kring.h"

Test(alloc, reading_and_writing_a_case_file_survive_every_failed_allocation)
{
    size_t len;
    char *text = t_read("samples/2026-041-kevin.json", &len);
    char *want = NULL;
    kring_case *ref = NULL;
    unsigned long n;
    int ok = 0, nomem = 0;

    cr_assert_not_null(text);
    cr_assert_eq(kring_casefile_parse(text, len, "k.json", &ref, NULL),
                 KRING_OK);
    cr_assert_eq(kring_casefile_dump(ref, &want, NULL, NULL), KRING_OK);
    kring_case_free(ref);
    for (n = 1; n < 20000 && !ok; n++) {
        kring_case *c = NULL;
        char *out = NULL;
        kring_error err;
        kring_status rc;
        kring_debug_fail_alloc(n);
        rc = kring_casefile_parse(text, len, "k.json", &c, &err);
        if (rc == KRING_OK)
            rc = kring_casefile_dump(c, &out, NULL, &err);
        kring_debug_fail_alloc(0);
        /* jansson turns a failed allocation inside its lexer into a syntax
         * error: a clean error too, with a message. */
        cr_assert(rc == KRING_OK || rc == KRING_ERR_NOMEM ||
                      (rc == KRING_ERR_INVALID && err.text[0] != '\0'),
                  "allocation %lu: %d %s", n, rc, err.text);
        if (rc == KRING_OK) {
            /* Never a silently damaged case. */
            cr_assert_str_eq(out, want, "allocation %lu", n);
            ok = 1;
        } else {
            nomem++;
        }
        free(out);
        kring_case_free(c);
    }
    cr_assert(ok, "the sweep reached a run with no failure");
    cr_assert_gt(nomem, 100, "many allocations were failed on the way");
    free(want);
    free(text);
}

Test(alloc, storing_and_loading_survive_every_failed_allocation)
{
    char *dir = t_tmpdir();
    kring_case *c = NULL;
    unsigned long n;
    int ok = 0;

    cr_assert_eq(kring_casefile_load("samples/2026-014-noah.json", &c, NULL),
                 KRING_OK);
    for (n = 1; n < 5000 && !ok; n++) {
        kring_store *s = NULL;
        kring_case *back = NULL;
        kring_error err;
        kring_status rc;
        char name[32];
        snprintf(name, sizeof name, "%lu.db", n);
        kring_debug_fail_alloc(n);
        rc = kring_store_open(t_path(dir, name), 0, &s, &err);
        if (rc == KRING_OK)
            rc = kring_store_put_case(s, c, false, &err);
        if (rc == KRING_OK)
            rc = kring_store_load_case(s, c->code, &back, &err);
        kring_debug_fail_alloc(0);
        cr_assert(rc == KRING_OK || rc == KRING_ERR_NOMEM,
                  "allocation %lu: %d %s", n, rc, err.text);
        ok = rc == KRING_OK;
        kring_case_free(back);
        kring_store_close(s);
    }
    cr_assert(ok);
    kring_case_free(c);
    free(dir);
}

/* Every case of PATH as case files, one after the other. */
static char *import_text(const char *path, kring_status *rc, kring_error *err)
{
    kring_import_options o = {KRING_FROM_AUTO, NULL, NULL, 0, 0};
    kring_import im;
    char *all = NULL;
    size_t i, len = 0;

    if ((*rc = kring_import_file(path, &o, &im, err)))
        return NULL;
    for (i = 0; *rc == KRING_OK && i < im.n_cases; i++) {
        char *one = NULL, *grown;
        size_t n = 0;
        if ((*rc = kring_casefile_dump(im.cases[i], &one, &n, err)))
            break;
        if ((grown = realloc(all, len + n + 1)) == NULL) {
            free(one);
            *rc = KRING_ERR_NOMEM;
            break;
        }
        all = grown;
        memcpy(all + len, one, n + 1);
        len += n;
        free(one);
    }
    kring_import_release(&im);
    if (*rc) {
        free(all);
        all = NULL;
    }
    return all;
}

Test(alloc, importing_other_formats_survives_every_failed_allocation)
{
    static const char *const files[] = {
        "tests/data/external/networkcanvas/"
        "case_2_2d27df3c-e43b-43f9-a000-02d6e3a862c1.graphml",
        "tests/data/external/networkcanvas/"
        "case_2_2d27df3c-e43b-43f9-a000-02d6e3a862c1_ego.csv",
        "tests/data/external/easynwk/Rosa_Braunsteigl-Mueller.json",
        NULL, /* kring's own GraphML, written below */
    };
    char *dir = t_tmpdir(), *graphml = NULL;
    const char *own = t_path(dir, "kevin.graphml");
    kring_case *kevin = NULL;
    size_t f;

    cr_assert_eq(
        kring_casefile_load("samples/2026-041-kevin.json", &kevin, NULL),
        KRING_OK);
    cr_assert_eq(kring_export_graphml(kevin, &graphml, NULL), KRING_OK);
    t_write(own, graphml);
    for (f = 0; f < 4; f++) {
        const char *path = files[f] ? files[f] : own;
        kring_status rc;
        kring_error err;
        char *want = import_text(path, &rc, &err);
        unsigned long n;
        int ok = 0, nomem = 0;
        cr_assert_eq(rc, KRING_OK, "%s: %s", path, err.text);
        for (n = 1; n < 40000 && !ok; n++) {
            char *got;
            kring_debug_fail_alloc(n);
            got = import_text(path, &rc, &err);
            kring_debug_fail_alloc(0);
            cr_assert(rc == KRING_OK || rc == KRING_ERR_NOMEM ||
                          (rc == KRING_ERR_INVALID && err.text[0] != '\0'),
                      "%s, allocation %lu: %d %s", path, n, rc, err.text);
            if (rc == KRING_OK) {
                cr_assert_str_eq(got, want, "%s, allocation %lu", path, n);
                ok = 1;
            } else {
                nomem++;
            }
            free(got);
        }
        cr_assert(ok, "%s: the sweep reached a run with no failure", path);
        cr_assert_gt(nomem, 50, "%s: allocations were failed", path);
        free(want);
    }
    free(graphml);
    kring_case_free(kevin);
    free(dir);
}

Test(alloc, scoring_and_drawing_survive_every_failed_allocation)
{
    kring_case *c = NULL;
    kring_weights w;
    kring_map_options mo;
    char *want = NULL;
    unsigned long n, total;
    int nomem = 0;

    cr_assert_eq(kring_casefile_load("samples/2026-033-sara.json", &c, NULL),
                 KRING_OK);
    cr_assert_eq(kring_weights_default(&w, NULL), KRING_OK);
    kring_map_options_init(&mo, KRING_THEME_TEAM);
    snprintf(mo.date, sizeof mo.date, "2026-11-23");
    mo.weights = &w;
    /* The team map scores, measures and lays out: the whole analysis.
     * Every one of its allocations is failed in turn: some are of caches
     * that do without (a translation), so each run either fails cleanly or
     * gives the very same map. */
    total = kring_debug_alloc_count();
    cr_assert_eq(kring_map_make_dot(c, &mo, &want, NULL), KRING_OK);
    total = kring_debug_alloc_count() - total;
    cr_assert_gt(total, 30, "%lu allocations", total);
    for (n = 1; n <= total; n++) {
        char *dot = NULL;
        kring_error err;
        kring_status rc;
        kring_debug_fail_alloc(n);
        rc = kring_map_make_dot(c, &mo, &dot, &err);
        kring_debug_fail_alloc(0);
        cr_assert(rc == KRING_OK || rc == KRING_ERR_NOMEM,
                  "allocation %lu: %d %s", n, rc, err.text);
        if (rc == KRING_OK)
            cr_assert_str_eq(dot, want, "allocation %lu", n);
        else
            nomem++;
        free(dot);
    }
    cr_assert_gt(nomem, total / 2, "%d of %lu failed cleanly", nomem, total);
    free(want);
    kring_case_free(c);
}
