/* kring score, indicators and weights, run in process. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

static json_t *parse(const char *text)
{
    json_error_t e;
    json_t *v = json_loads(text, 0, &e);

    cr_assert_not_null(v, "not JSON (%s): %s", e.text, text);
    return v;
}

static json_t *by_id(json_t *list, const char *id)
{
    size_t i;
    json_t *v;

    json_array_foreach(
        list, i, v) if (strcmp(json_string_value(json_object_get(v, "id")),
                               id) == 0) return v;
    return NULL;
}

static int has_code(json_t *list, const char *code)
{
    size_t i;
    json_t *v;

    json_array_foreach(list, i, v)
    {
        json_t *c = json_is_object(v) ? json_object_get(v, "code") : v;
        if (strcmp(json_string_value(c), code) == 0)
            return 1;
    }
    return 0;
}

/* What the sample of Noah holds (samples/2026-014-noah.json): Sanne and
 * Marco are his parents, Inge his paid care worker, Daan and Lotte his
 * brother (14) and sister (6), Opa Henk has died; Oma Ria is nominated and
 * in conflict with Sanne, who lives with Noah. */
Test(score, follows_the_contract_on_the_sample_of_noah)
{
    struct t_run r =
        t_cli(NULL, "--db", t_noah_db(), "score", "2026-014", "--json", NULL);
    json_t *doc, *cands, *excl, *x, *oma;
    size_t i;

    cr_assert_eq(r.status, 0, "%s", r.err);
    doc = parse(r.out);
    cr_assert_str_eq(json_string_value(json_object_get(doc, "case")),
                     "2026-014");
    cands = json_object_get(doc, "candidates");
    excl = json_object_get(doc, "excluded");
    cr_assert_eq(json_array_size(cands) + json_array_size(excl), 11);
    json_array_foreach(cands, i, x)
    {
        static const char *const parts[] = {"score", "closeness",
                                            "availability", "embeddedness"};
        size_t k;
        cr_assert_eq(json_integer_value(json_object_get(x, "rank")),
                     (json_int_t)i + 1);
        for (k = 0; k < 4; k++) {
            double v = json_number_value(json_object_get(x, parts[k]));
            cr_assert(v >= 0 && v <= 1, "%s %g", parts[k], v);
        }
        cr_assert(json_is_boolean(json_object_get(x, "nominated")));
        cr_assert(json_is_integer(
            json_object_get(json_object_get(x, "metrics"), "degree")));
        cr_assert(json_is_number(
            json_object_get(json_object_get(x, "metrics"), "betweenness")));
        cr_assert_gt(json_array_size(json_object_get(x, "reasons")), 0);
        cr_assert(json_is_array(json_object_get(x, "warnings")));
    }
    oma = by_id(cands, "oma-ria");
    cr_assert_not_null(oma);
    cr_assert(json_is_true(json_object_get(oma, "nominated")));
    cr_assert(has_code(json_object_get(oma, "reasons"), "nominated"));
    cr_assert(has_code(json_object_get(oma, "reasons"), "ring1"));
    cr_assert(
        has_code(json_object_get(oma, "warnings"), "conflict_with_parent"));
    cr_assert(
        has_code(json_object_get(by_id(excl, "mama"), "reasons"), "parent"));
    cr_assert(
        has_code(json_object_get(by_id(excl, "inge"), "reasons"), "formal"));
    cr_assert(
        has_code(json_object_get(by_id(excl, "daan"), "reasons"), "minor"));
    cr_assert(has_code(json_object_get(by_id(excl, "opa-henk"), "reasons"),
                       "deceased"));
    json_decref(doc);
    t_run_free(&r);
}

Test(score, prints_a_table_with_reasons_warnings_and_exclusions)
{
    struct t_run r =
        t_cli(NULL, "--db", t_noah_db(), "score", "2026-014", NULL);

    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.out, "Mentor candidates for Noah (2026-014)"));
    cr_assert(strstr(r.out, "RANK  NAME"));
    cr_assert(strstr(r.out, "NOMINATED"));
    cr_assert(strstr(r.out, "1. Oma Ria\n"));
    cr_assert(strstr(r.out,
                     "   + Noah named this person as the mentor they would "
                     "like.\n"));
    cr_assert(strstr(r.out, "   ! In conflict with Sanne de Vries, who lives "
                            "with Noah.\n"));
    cr_assert(strstr(r.out, "Not a candidate:\n"));
    cr_assert(strstr(r.out, "   - Has died.\n"));
    cr_assert(strstr(r.out, "the young person chooses."));
    t_run_free(&r);
}

Test(score, top_keeps_the_nominated_person_in_view)
{
    char *dir = t_tmpdir();
    const char *db = t_db(dir, "k.db");
    struct t_run r;
    json_t *doc, *cands;

    /* Kevin's sample: whom he nominated is not the first. */
    r = t_cli(NULL, "--db", db, "import", "samples/2026-041-kevin.json", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "score", "2026-041", "--top", "1", "--json",
              NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    doc = parse(r.out);
    cands = json_object_get(doc, "candidates");
    cr_assert_geq(json_array_size(cands), 1);
    cr_assert_eq(
        json_integer_value(json_object_get(json_array_get(cands, 0), "rank")),
        1);
    if (json_array_size(cands) > 1)
        cr_assert(json_is_true(
            json_object_get(json_array_get(cands, 1), "nominated")));
    json_decref(doc);
    t_run_free(&r);
    free(dir);
}

Test(score, reads_a_case_file_and_a_weight_profile)
{
    char *dir = t_tmpdir();
    const char *w = t_path(dir, "w.json");
    struct t_run a, b;
    json_t *da, *db;
    double sa, sb;

    /* Only availability counts. */
    t_write(w, "{\"parts\": {\"availability\": 1}}");
    a = t_cli(NULL, "score", "-f", "samples/2026-014-noah.json", "--json",
              NULL);
    b = t_cli(NULL, "score", "-f", "samples/2026-014-noah.json", "--weights", w,
              "--json", NULL);
    cr_assert_eq(a.status, 0, "%s", a.err);
    cr_assert_eq(b.status, 0, "%s", b.err);
    da = parse(a.out);
    db = parse(b.out);
    sa = json_number_value(json_object_get(
        by_id(json_object_get(da, "candidates"), "oma-ria"), "score"));
    sb = json_number_value(json_object_get(
        by_id(json_object_get(db, "candidates"), "oma-ria"), "availability"));
    cr_assert(sa > 0);
    cr_assert_float_eq(
        json_number_value(json_object_get(
            by_id(json_object_get(db, "candidates"), "oma-ria"), "score")),
        sb, 1e-12);
    json_decref(da);
    json_decref(db);
    t_run_free(&a);
    t_run_free(&b);
    free(dir);
}

Test(score, the_default_profile_given_as_a_file_changes_nothing)
{
    char *dir = t_tmpdir();
    const char *w = t_path(dir, "w.json");
    struct t_run p, a, b;

    p = t_cli(NULL, "weights", NULL);
    cr_assert_eq(p.status, 0);
    t_write(w, p.out);
    a = t_cli(NULL, "--db", t_noah_db(), "score", "2026-014", "--json", NULL);
    b = t_cli(NULL, "--db", t_noah_db(), "score", "2026-014", "--weights", w,
              "--json", NULL);
    cr_assert_str_eq(a.out, b.out);
    t_run_free(&p);
    t_run_free(&a);
    t_run_free(&b);
    free(dir);
}

Test(weights, prints_the_shipped_profile)
{
    struct t_run r = t_cli(NULL, "weights", NULL);
    char *file = t_read("src/analyze/weights.json", NULL);

    cr_assert_eq(r.status, 0);
    cr_assert_str_eq(r.out, file);
    free(file);
    t_run_free(&r);
}

Test(score, refuses_bad_input_with_exit_1_and_changes_nothing)
{
    const char *db = t_noah_db();
    char *before = t_dump_db(db), *dir = t_tmpdir();
    const char *w = t_path(dir, "w.json");
    char want[400];
    struct t_run r;

    r = t_cli(NULL, "--db", db, "score", "2099-001", NULL);
    T_REFUSED(r, 1, "no case '2099-001'", db, before);
    t_run_free(&r);

    t_write(w, "{\"closeness\": {\"warmth\": 1}}");
    r = t_cli(NULL, "--db", db, "score", "2026-014", "--weights", w, NULL);
    snprintf(want, sizeof want,
             "kring: %s:1:16: unknown weight 'warmth' in 'closeness' (known: "
             "ring, contact, known_years, emotional_support, support_breadth, "
             "quality)\n",
             w);
    cr_assert_eq(r.status, 1);
    cr_assert_str_eq(r.err, want);
    cr_assert_str_eq(r.out, "");
    t_run_free(&r);

    t_write(w, "weights!");
    r = t_cli(NULL, "--db", db, "score", "2026-014", "--weights", w, NULL);
    cr_assert_eq(r.status, 1);
    cr_assert(strstr(r.err, "w.json:1:7: '[' or '{' expected near 'weights'"),
              "%s", r.err);
    t_run_free(&r);

    t_write(w, "{\"parts\": {\"closeness\": 0}}");
    r = t_cli(NULL, "--db", db, "score", "2026-014", "--weights", w, NULL);
    cr_assert_eq(r.status, 1);
    cr_assert(strstr(r.err, "the weights of 'parts' must sum to a positive "
                            "number"));
    t_run_free(&r);

    r = t_cli(NULL, "--db", db, "score", "2026-014", "--weights",
              t_path(dir, "none.json"), NULL);
    cr_assert_eq(r.status, 1);
    cr_assert(strstr(r.err, "none.json: cannot open: No such file"));
    t_run_free(&r);

    r = t_cli(NULL, "--db", db, "indicators", "nope", NULL);
    T_REFUSED(r, 1, "no case 'nope'", db, before);
    t_run_free(&r);
    free(before);
    free(dir);
}

Test(score, refuses_a_wrong_command_line_with_exit_2)
{
    static const char *const bad[][6] = {
        {"score", NULL},
        {"score", "2026-014", "--top", "0", NULL},
        {"score", "2026-014", "--top", "many", NULL},
        {"score", "--all", "2026-014", NULL},
        {"score", "--all", "--top", "3", NULL},
        {"score", "2026-014", "--color", NULL},
        {"indicators", "--all", "-f", "x.json", NULL},
        {"indicators", "2026-014", "--top", "2", NULL},
        {"weights", "extra", NULL},
    };
    size_t i;

    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct t_run r = t_cli(NULL, "--db", t_noah_db(), bad[i][0], bad[i][1],
                               bad[i][2], bad[i][3], bad[i][4], NULL);
        cr_assert_eq(r.status, 2, "case %zu: %d %s", i, r.status, r.err);
        cr_assert_str_eq(r.out, "", "case %zu", i);
        cr_assert(strncmp(r.err, "kring: ", 7) == 0, "case %zu", i);
        t_run_free(&r);
    }
}

Test(indicators, follows_the_contract_on_the_sample_of_noah)
{
    static const char *const keys[] = {"size",
                                       "adults_informal",
                                       "supportive_informal_adults",
                                       "sectors",
                                       "density",
                                       "components",
                                       "isolates",
                                       "formal_share",
                                       "conflict_ties",
                                       "ego_effective_size",
                                       "ego_constraint",
                                       "zrm_level",
                                       "flags"};
    struct t_run r = t_cli(NULL, "--db", t_noah_db(), "indicators", "2026-014",
                           "--json", NULL);
    json_t *doc;
    size_t i;

    cr_assert_eq(r.status, 0, "%s", r.err);
    doc = parse(r.out);
    for (i = 0; i < sizeof keys / sizeof keys[0]; i++)
        cr_assert_not_null(json_object_get(doc, keys[i]), "%s", keys[i]);
    cr_assert_eq(json_integer_value(json_object_get(doc, "size")), 11);
    /* One professional of eleven. */
    cr_assert_float_eq(json_number_value(json_object_get(doc, "formal_share")),
                       1.0 / 11.0, 1e-15);
    cr_assert_eq(json_integer_value(json_object_get(doc, "conflict_ties")), 1);
    cr_assert(json_integer_value(json_object_get(doc, "zrm_level")) >= 1 &&
              json_integer_value(json_object_get(doc, "zrm_level")) <= 5);
    json_decref(doc);
    t_run_free(&r);
}

Test(indicators, an_empty_case_has_null_ego_measures)
{
    char *dir = t_tmpdir();
    const char *f = t_path(dir, "e.json");
    struct t_run r;
    json_t *doc;

    t_write(f,
            "{\"kring\": 1, \"case\": {\"code\": \"e-1\", \"name\": \"E\"}}");
    r = t_cli(NULL, "indicators", "-f", f, "--json", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    doc = parse(r.out);
    cr_assert(json_is_null(json_object_get(doc, "ego_effective_size")));
    cr_assert(json_is_null(json_object_get(doc, "ego_constraint")));
    cr_assert_eq(json_integer_value(json_object_get(doc, "components")), 0);
    cr_assert_eq(json_real_value(json_object_get(doc, "density")) +
                     json_integer_value(json_object_get(doc, "density")),
                 0);
    cr_assert_eq(json_integer_value(json_object_get(doc, "zrm_level")), 1);
    json_decref(doc);
    t_run_free(&r);
    r = t_cli(NULL, "indicators", "-f", f, NULL);
    cr_assert_eq(r.status, 0);
    cr_assert(strstr(r.out, "Ego network: no people recorded"));
    t_run_free(&r);
    free(dir);
}

Test(indicators, reads_like_a_summary)
{
    struct t_run r =
        t_cli(NULL, "--db", t_noah_db(), "indicators", "2026-014", NULL);

    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.out, "The network of Noah (2026-014)"));
    cr_assert(strstr(r.out, "ZRM Sociaal netwerk: "));
    cr_assert(strstr(r.out, "To discuss:\n"));
    cr_assert(strstr(r.out, "(household_conflict)"));
    t_run_free(&r);
}

/* --all gives, per case, the line the single command gives. */
Test(batch, streams_one_line_per_case_equal_to_the_single_command)
{
    char *dir = t_tmpdir();
    const char *db = t_db(dir, "all.db");
    const char *cmds[] = {"score", "indicators"};
    size_t i, k;

    for (i = 0; i < T_SAMPLES; i++) {
        struct t_run r = t_cli(NULL, "--db", db, "import", t_samples[i], NULL);
        cr_assert_eq(r.status, 0, "%s", r.err);
        t_run_free(&r);
    }
    for (k = 0; k < 2; k++) {
        struct t_run all =
            t_cli(NULL, "--db", db, cmds[k], "--all", "--json", NULL);
        char *line = all.out, *nl;
        cr_assert_eq(all.status, 0, "%s", all.err);
        for (i = 0; i < T_SAMPLES; i++) {
            struct t_run one = t_cli(NULL, "--db", db, cmds[k],
                                     t_sample_codes[i], "--json", NULL);
            json_t *a, *b;
            nl = strchr(line, '\n');
            cr_assert_not_null(nl, "%s: %zu lines", cmds[k], i);
            *nl = '\0';
            a = parse(line);
            b = parse(one.out);
            cr_assert(json_equal(a, b), "%s %s", cmds[k], t_sample_codes[i]);
            json_decref(a);
            json_decref(b);
            t_run_free(&one);
            line = nl + 1;
        }
        cr_assert_str_eq(line, "", "more lines than cases");
        t_run_free(&all);
    }
    free(dir);
}

Test(batch, an_empty_database_gives_no_lines)
{
    char *dir = t_tmpdir();
    struct t_run r;

    /* On PostgreSQL a database without kring's schema is refused (not
     * empty): the schema is made, empty. */
    if (t_pg())
        t_db_make(t_db(dir, "none.db"));
    r = t_cli(NULL, "--db", t_db(dir, "none.db"), "score", "--all", "--json",
              NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_str_eq(r.out, "");
    t_run_free(&r);
    free(dir);
}
