/* kring db copy: every case and the audit log from a SQLite file into the
 * store of the run (a second file, or PostgreSQL with
 * KRING_TEST_DB=postgresql) and back, checked equal; an existing case
 * refused with nothing copied. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"
#include "helpers.h"
#include "kring/casefile.h"
#include "kring/store.h"

static void ok(struct t_run r)
{
    cr_assert_eq(r.status, 0, "%s", r.err);
    t_run_free(&r);
}

/* A SQLite file of the four samples, in which Jesse (case number 2) was
 * removed and imported again (number 5). */
static const char *source(const char *dir)
{
    static char from[600];
    size_t i;

    snprintf(from, sizeof from, "%s", t_path(dir, "from.db"));
    for (i = 0; i < T_SAMPLES; i++)
        ok(t_cli(NULL, "--db", from, "import", t_samples[i], NULL));
    ok(t_cli(NULL, "--db", from, "case", "rm", "2026-027", "--yes", NULL));
    ok(t_cli(NULL, "--db", from, "import", "samples/2026-027-jesse.json",
             NULL));
    return from;
}

static char *out_of(struct t_run r)
{
    char *out = r.out;

    cr_assert_eq(r.status, 0, "%s", r.err);
    r.out = NULL;
    t_run_free(&r);
    return out;
}

Test(db_copy, every_case_and_the_log_go_there_and_back_the_same)
{
    char *dir = t_tmpdir(), *a, *b;
    const char *from = source(dir);
    char to[600], back[600];
    struct t_run r;
    size_t i;

    snprintf(to, sizeof to, "%s", t_db(dir, "to.db"));
    snprintf(back, sizeof back, "%s", t_path(dir, "back.db"));
    r = t_cli(NULL, "--json", "db", "copy", from, to, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    /* The log: 6 changes, the read of case rm (it shows what it removes)
     * and the copy's reads (1 list, 4 cases). */
    cr_assert_str_eq(r.out, "{\"cases\": 4, \"audit_lines\": 12}\n");
    t_run_free(&r);
    ok(t_cli(NULL, "db", "copy", to, back, NULL));
    for (i = 0; i < T_SAMPLES; i++) {
        a = out_of(
            t_cli(NULL, "--db", from, "export", t_sample_codes[i], NULL));
        b = out_of(
            t_cli(NULL, "--db", back, "export", t_sample_codes[i], NULL));
        cr_assert_str_eq(a, b, "%s", t_sample_codes[i]);
        free(a);
        free(b);
        a = out_of(t_cli(NULL, "--db", to, "score", t_sample_codes[i], "--json",
                         NULL));
        b = out_of(t_cli(NULL, "--db", from, "score", t_sample_codes[i],
                         "--json", NULL));
        cr_assert_str_eq(a, b, "%s", t_sample_codes[i]);
        free(a);
        free(b);
    }
    /* By hand: in TO the copies are 1 to 4 in the order of their codes
     * (Noah 1, Jesse 2, Sara 3, Kevin 4); FROM's removed Jesse (its 2) is
     * a new number, 5, and FROM's Jesse again (its 5) is TO's 2. */
    a = out_of(t_cli(NULL, "--db", to, "audit", "--changes", NULL));
    cr_assert(strstr(a, "case copied in  1\n") &&
                  strstr(a, "case copied in  4\n"),
              "%s", a);
    cr_assert(strstr(a, "case rm  case removed    5\n"), "%s", a);
    cr_assert(strstr(a, "import   case stored     2\n"), "%s", a);
    free(a);
    a = out_of(t_cli(NULL, "--db", to, "audit", "2026-027", "--changes", NULL));
    cr_assert(strstr(a, "case rm") == NULL,
              "the removed case is not Jesse's now");
    free(a);
    free(dir);
}

Test(db_copy, a_case_there_already_copies_nothing_unless_replaced)
{
    char *dir = t_tmpdir(), *before, *after;
    const char *from = source(dir);
    char to[600];
    struct t_run r;

    snprintf(to, sizeof to, "%s", t_db(dir, "to.db"));
    ok(t_cli(NULL, "--db", to, "import", "samples/2026-041-kevin.json", NULL));
    ok(t_cli(NULL, "--db", to, "person", "rm", "2026-041", "vriend-jordy",
             NULL));
    before = t_dump_db(to);
    r = t_cli(NULL, "db", "copy", from, to, NULL);
    T_REFUSED(r, 1,
              "case '2026-041' is in the store copied to already: nothing "
              "was copied (--replace replaces it)",
              to, before);
    t_run_free(&r);
    ok(t_cli(NULL, "db", "copy", from, to, "--replace", NULL));
    after = out_of(t_cli(NULL, "--db", to, "case", "list", NULL));
    cr_assert(strstr(after, "2026-041  Kevin  2007  9       9"), "%s", after);
    free(after);
    r = t_cli(NULL, "db", "copy", to, to, NULL);
    cr_assert_eq(r.status, 2);
    cr_assert(strncmp(r.err, "kring: FROM and TO are the same store\n", 38) ==
                  0,
              "%s", r.err);
    t_run_free(&r);
    free(before);
    free(dir);
}

Test(db_copy, a_source_that_is_not_there_is_refused_and_nothing_made)
{
    char *dir = t_tmpdir();
    char to[600];
    struct t_run r;

    snprintf(to, sizeof to, "%s", t_db(dir, "to.db"));
    r = t_cli(NULL, "db", "copy", t_path(dir, "typo.db"), to, NULL);
    cr_assert_eq(r.status, 1);
    cr_assert(strstr(r.err, "there is no database at"), "%s", r.err);
    cr_assert(t_db_empty(to), "nothing was made");
    t_run_free(&r);
    free(dir);
}

/* Case I of the many: generated, every seventh with notes of the
 * characters COPY's text format escapes (a tab, a newline, a carriage
 * return, a backslash and "\N", its NULL). */
static kring_case *many_case(struct gen_rng *g, size_t i)
{
    char code[32];
    kring_case *c;

    snprintf(code, sizeof code, "2025-%03zu", i);
    c = gen_case(g, code, 3 + (int)(i % 25));
    cr_assert_not_null(c);
    if (i % 7 == 0) {
        free(c->notes);
        c->notes = strdup("tab\there\nline \\N back\\slash\r\"q\" é");
        if (c->n_people > 0) {
            free(c->people[0].notes);
            c->people[0].notes = strdup("\\\t\\N\n");
        }
    }
    return c;
}

/* A SQLite file of the four samples and N generated cases. */
static const char *many(const char *dir, size_t n)
{
    const char *from = source(dir);
    struct gen_rng g = {20261206};
    kring_store *s = NULL;
    size_t i;

    cr_assert_eq(kring_store_open(from, 0, &s, NULL), KRING_OK);
    for (i = 0; i < n; i++) {
        kring_case *c = many_case(&g, i);
        kring_error err;
        cr_assert_eq(kring_store_put_case(s, c, false, &err), KRING_OK, "%s",
                     err.text);
        kring_case_free(c);
    }
    kring_store_close(s);
    return from;
}

/* Each case of A is in B, its case file the same. */
static void same_cases(const char *a, const char *b, size_t n)
{
    kring_case_summary *list = NULL;
    kring_store *sa = NULL, *sb = NULL;
    size_t count = 0, i;

    cr_assert_eq(kring_store_open(a, KRING_STORE_READONLY, &sa, NULL),
                 KRING_OK);
    cr_assert_eq(kring_store_open(b, KRING_STORE_READONLY, &sb, NULL),
                 KRING_OK);
    cr_assert_eq(kring_store_list_cases(sa, &list, &count, NULL), KRING_OK);
    cr_assert_eq(count, n);
    for (i = 0; i < count; i++) {
        kring_case *ca = NULL, *cb = NULL;
        char *da = NULL, *db = NULL;
        cr_assert_eq(kring_store_load_case(sa, list[i].code, &ca, NULL),
                     KRING_OK);
        cr_assert_eq(kring_store_load_case(sb, list[i].code, &cb, NULL),
                     KRING_OK, "%s", list[i].code);
        cr_assert_eq(kring_casefile_dump(ca, &da, NULL, NULL), KRING_OK);
        cr_assert_eq(kring_casefile_dump(cb, &db, NULL, NULL), KRING_OK);
        cr_assert_str_eq(da, db, "%s", list[i].code);
        free(da);
        free(db);
        kring_case_free(ca);
        kring_case_free(cb);
    }
    kring_case_summaries_free(list, count);
    kring_store_close(sa);
    kring_store_close(sb);
}

/* More cases than go at a time (100 into PostgreSQL), with the text its
 * bulk rows escape: there and back, every case the same. */
Test(db_copy, many_cases_go_in_batches_and_come_back_the_same)
{
    char *dir = t_tmpdir();
    const char *from = many(dir, 230);
    char to[600], back[600];
    struct t_run r;

    snprintf(to, sizeof to, "%s", t_db(dir, "to.db"));
    snprintf(back, sizeof back, "%s", t_path(dir, "back.db"));
    r = t_cli(NULL, "--json", "db", "copy", from, to, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    /* The log: the samples' 7 lines (as above), 230 cases stored, and the
     * copy's reads (1 list, 234 cases). */
    cr_assert_str_eq(r.out, "{\"cases\": 234, \"audit_lines\": 472}\n");
    t_run_free(&r);
    ok(t_cli(NULL, "db", "copy", to, back, NULL));
    same_cases(from, back, 234);
    free(dir);
}

/* A case there already in the third hundred: named, and nothing of the
 * hundreds before it stays. */
Test(db_copy, a_case_there_in_a_later_batch_is_named_and_nothing_stays)
{
    char *dir = t_tmpdir(), *before;
    const char *from = many(dir, 230);
    char to[600];
    struct gen_rng g = {7};
    kring_case *c = gen_case(&g, "2025-201", 5);
    kring_store *s = NULL;
    struct t_run r;

    snprintf(to, sizeof to, "%s", t_db(dir, "to.db"));
    cr_assert_eq(kring_store_open(to, 0, &s, NULL), KRING_OK);
    cr_assert_eq(kring_store_put_case(s, c, false, NULL), KRING_OK);
    kring_store_close(s);
    kring_case_free(c);
    before = t_dump_db(to);
    r = t_cli(NULL, "db", "copy", from, to, NULL);
    T_REFUSED(r, 1,
              "case '2025-201' is in the store copied to already: nothing "
              "was copied (--replace replaces it)",
              to, before);
    t_run_free(&r);
    ok(t_cli(NULL, "db", "copy", from, to, "--replace", NULL));
    same_cases(from, to, 234);
    free(before);
    free(dir);
}
