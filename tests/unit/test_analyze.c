/* Measures, scores, indicators and weight profiles against answers worked
 * out by hand (the sums are written out beside each number). */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kring/kring.h>

#include "helpers.h"

#define EPS 1e-12

/* A case from people "a", "b", ... (N of them) and ties "ab cd ...". */
static kring_case *graph(int n, const char *ties)
{
    kring_case *c = kring_case_new();
    kring_error err;
    int i;

    c->code = strdup("t-1");
    c->name = strdup("Noor");
    c->notes = strdup("");
    for (i = 0; i < n; i++) {
        kring_person p;
        char id[2] = {(char)('a' + i), '\0'};
        kring_person_init(&p, KRING_ROLE_AUNT_UNCLE, 1);
        p.id = strdup(id);
        p.name = strdup(id);
        p.notes = strdup("");
        cr_assert_eq(kring_case_add_person(c, &p, &err), KRING_OK, "%s",
                     err.text);
    }
    for (; ties && ties[0] && ties[1]; ties += ties[2] ? 3 : 2) {
        kring_tie t;
        char a[2] = {ties[0], '\0'}, b[2] = {ties[1], '\0'};
        kring_tie_init(&t);
        t.a = strdup(a);
        t.b = strdup(b);
        cr_assert_eq(kring_case_add_tie(c, &t, &err), KRING_OK, "%s", err.text);
    }
    return c;
}

/* Criterion copies parameters into another process: no pointers. */
struct known {
    char name[32];
    int n;
    char ties[32];
    long degree[6];
    double betweenness[6];
    double density;
    size_t components, isolates;
    double effective_size; /* NAN: undefined */
    double constraint;     /* NAN: undefined */
};

/* Constraint by hand: ego is tied to all n people, so p(ego, j) = 1/n;
 * p(q, j) = 1 / (q's ties + 1). c(j) = p(ego, j) + sum over q tied to j
 * of p(ego, q) p(q, j); the constraint is the sum of c(j)^2. */
static const struct known known[] = {
    {"empty", 0, "", {0}, {0}, 0.0, 0, 0, NAN, NAN},
    /* One person: c = 1, effective size 1 - 0. */
    {"one person", 1, "", {0}, {0}, 0.0, 1, 1, 1.0, 1.0},
    /* Star: a in the middle of b, c, d, e. Betweenness of a: the 6 pairs of
     * leaves. Effective size 5 - 2*4/5 = 3.4. c(a) = 1/5 + 4 (1/5)(1/2) =
     * 3/5; c(leaf) = 1/5 + (1/5)(1/5) = 6/25; 9/25 + 4 * 36/625 = 369/625. */
    {"star",
     5,
     "ab ac ad ae",
     {4, 1, 1, 1, 1},
     {6, 0, 0, 0, 0},
     0.4,
     1,
     0,
     3.4,
     369.0 / 625.0},
    /* Path a-b-c-d: b lies between a and c, a and d; c between b and d, a
     * and d. Effective size 4 - 6/4. c(a) = 1/4 + (1/4)(1/3) = 1/3;
     * c(b) = 1/4 + (1/4)(1/2) + (1/4)(1/3) = 11/24; 2/9 + 2 (121/576) =
     * 185/288. */
    {"path",
     4,
     "ab bc cd",
     {1, 2, 2, 1},
     {0, 2, 2, 0},
     0.5,
     1,
     0,
     2.5,
     185.0 / 288.0},
    /* Triangle a, b, c with d hanging from c: c lies between d and a, d
     * and b. c(a) = c(b) = 1/4 + (1/4)(1/3) + (1/4)(1/4) = 19/48; c(c) =
     * 1/4 + 2 (1/4)(1/3) + (1/4)(1/2) = 13/24; c(d) = 1/4 + (1/4)(1/4) =
     * 5/16. (361 + 361 + 676 + 225) / 2304 = 1623/2304. */
    {"triangle with a pendant",
     4,
     "ab bc ac cd",
     {2, 2, 3, 1},
     {0, 0, 2, 0},
     4.0 / 6.0,
     1,
     0,
     2.0,
     1623.0 / 2304.0},
    /* Two components a-b and c-d-e: d lies between c and e. c(a) = c(b) =
     * 1/5 + (1/5)(1/2) = 3/10; c(c) = c(e) = 1/5 + (1/5)(1/3) = 4/15;
     * c(d) = 1/5 + 2 (1/5)(1/2) = 2/5. 18/100 + 32/225 + 4/25 = 217/450. */
    {"two components",
     5,
     "ab cd de",
     {1, 1, 1, 2, 1},
     {0, 0, 0, 1, 0},
     0.3,
     2,
     0,
     3.8,
     217.0 / 450.0},
    /* A pair and an isolate: 2 components, 1 isolate. c(a) = c(b) = 1/3 +
     * (1/3)(1/2) = 1/2; c(c) = 1/3. 1/4 + 1/4 + 1/9 = 11/18. */
    {"a pair and an isolate",
     3,
     "ab",
     {1, 1, 0},
     {0, 0, 0},
     1.0 / 3.0,
     2,
     1,
     3.0 - 2.0 / 3.0,
     11.0 / 18.0},
};

ParameterizedTestParameters(metrics, known_graphs)
{
    return cr_make_param_array(struct known, known,
                               sizeof known / sizeof known[0]);
}

static void same(double got, double want, const char *what, const char *name)
{
    if (isnan(want))
        cr_assert(isnan(got), "%s of %s: %.17g, not undefined", what, name,
                  got);
    else
        cr_assert(fabs(got - want) < EPS, "%s of %s: %.17g, not %.17g", what,
                  name, got, want);
}

ParameterizedTest(const struct known *k, metrics, known_graphs)
{
    kring_case *c = graph(k->n, k->ties);
    kring_metrics m;
    kring_error err;
    int i;

    cr_assert_eq(kring_metrics_compute(c, &m, &err), KRING_OK, "%s", err.text);
    cr_assert_eq(m.n, (size_t)k->n);
    for (i = 0; i < k->n; i++) {
        cr_assert_eq(m.degree[i], k->degree[i], "%s: degree of %c", k->name,
                     'a' + i);
        same(m.betweenness[i], k->betweenness[i], "betweenness", k->name);
    }
    same(m.density, k->density, "density", k->name);
    cr_assert_eq(m.components, k->components, "%s: components", k->name);
    cr_assert_eq(m.isolates, k->isolates, "%s: isolates", k->name);
    same(m.ego_effective_size, k->effective_size, "effective size", k->name);
    same(m.ego_constraint, k->constraint, "constraint", k->name);
    kring_metrics_release(&m);
    kring_case_free(c);
}

Test(metrics, reports_a_tie_to_a_missing_person_instead_of_aborting)
{
    kring_case *c = graph(2, "ab");
    kring_metrics m;
    kring_error err;

    free(c->ties[0].b);
    c->ties[0].b = strdup("zz");
    cr_assert_eq(kring_metrics_compute(c, &m, &err), KRING_ERR_INVALID);
    cr_assert_str_eq(err.text, "tie 'a'-'zz' names a person not in the case");
    kring_metrics_release(&m);
    kring_case_free(c);
}

/* One aunt with every field set; the parts worked out by hand with the
 * default profile of docs/scoring.md. */
Test(score, matches_the_parts_worked_out_by_hand)
{
    kring_case *c = graph(1, "");
    kring_person *p = &c->people[0];
    kring_scores s;
    kring_error err;

    p->ring = 2;                                                    /* 0.55 */
    p->contact = KRING_CONTACT_WEEKLY;                              /* 0.8 */
    p->known_years = 5;                                             /* 5/10 */
    p->support = KRING_SUPPORT_EMOTIONAL | KRING_SUPPORT_PRACTICAL; /* 1, 2/4 */
    p->quality = KRING_QUALITY_MIXED;                               /* 0.5 */
    p->hours_per_week = 2;                                          /* 2/4 */
    p->travel_minutes = 30;                           /* (90 - 30) / 75 = 0.8 */
    p->reachable = KRING_REACHABLE_EVENINGS_WEEKENDS; /* 1 */
    p->age = 40;
    cr_assert_eq(kring_score_case(c, NULL, &s, &err), KRING_OK, "%s", err.text);
    cr_assert_eq(s.n_ranked, 1);
    /* .25 .55 + .15 .8 + .10 .5 + .15 1 + .10 .5 + .25 .5 = 0.6325 */
    cr_assert_float_eq(s.ranked[0].closeness, 0.6325, EPS);
    /* .35 .5 + .25 .8 + .40 1 = 0.775 */
    cr_assert_float_eq(s.ranked[0].availability, 0.775, EPS);
    /* no household, no ties: only "no conflict with the household", .25 */
    cr_assert_float_eq(s.ranked[0].embeddedness, 0.25, EPS);
    /* .5 .6325 + .3 .775 + .2 .25 = 0.59875 */
    cr_assert_float_eq(s.ranked[0].score, 0.59875, EPS);
    cr_assert_eq(s.ranked[0].rank, 1);
    kring_scores_release(&s);
    kring_case_free(c);
}

/* The household's place in the score: b lives with the young person; a
 * knows b; c is in conflict with b. */
Test(score, counts_knowing_the_household_and_warns_of_conflict_with_it)
{
    kring_case *c = graph(3, "ab");
    kring_tie t;
    kring_scores s;
    kring_error err;
    size_t i;

    c->people[1].lives_with_child = true;
    kring_tie_init(&t);
    t.a = strdup("c");
    t.b = strdup("b");
    t.quality = KRING_TIE_CONFLICT;
    cr_assert_eq(kring_case_add_tie(c, &t, &err), KRING_OK);
    cr_assert_eq(kring_score_case(c, NULL, &s, &err), KRING_OK);
    cr_assert_eq(s.n_ranked, 3);
    for (i = 0; i < s.n_ranked; i++) {
        const kring_candidate *k = &s.ranked[i];
        if (strcmp(k->id, "a") == 0) {
            /* knows 1 of the household: 1/2; bridges none (same sector);
             * 1 tie: 1/4; no conflict: 1.
             * .35 .5 + .25 0 + .15 .25 + .25 1 = 0.4625 */
            cr_assert_float_eq(k->embeddedness, 0.4625, EPS);
            cr_assert_eq(k->warnings, 0);
        } else if (strcmp(k->id, "b") == 0) {
            /* lives there: 1; ties 2: 2/4; no conflict with the household
             * (b is in conflict with c, who is not in it).
             * .35 + .15 .5 + .25 = 0.675 */
            cr_assert_float_eq(k->embeddedness, 0.675, EPS);
        } else {
            /* a conflict with b: 0 for knowing the household and for no
             * conflict; 1 tie: .15 .25 = 0.0375 */
            cr_assert_float_eq(k->embeddedness, 0.0375, EPS);
            cr_assert(k->warnings & (1u << KRING_WARN_CONFLICT_WITH_PARENT));
            cr_assert_eq(k->household_conflict, 1);
        }
    }
    kring_scores_release(&s);
    kring_case_free(c);
}

Test(score, lists_every_exclusion_code_of_a_person)
{
    kring_case *c = graph(2, "");
    kring_person *p = &c->people[0];
    kring_scores s;
    kring_error err;
    unsigned all = 0;
    int i;

    p->role = KRING_ROLE_PARENT;
    p->formal = true;
    p->age = 16;
    p->status = KRING_STATUS_DECEASED;
    p->willing = KRING_WILLING_NO;
    p->frightens = true;
    p->nominated = true;
    for (i = 0; i < KRING_EXCL_COUNT; i++)
        all |= 1u << i;
    cr_assert_eq(kring_score_case(c, NULL, &s, &err), KRING_OK);
    cr_assert_eq(s.n_excluded, 1);
    cr_assert_eq(s.excluded[0].exclusions, all);
    cr_assert_eq(s.excluded[0].rank, 0);
    cr_assert_eq(s.n_ranked, 1);
    cr_assert_str_eq(s.ranked[0].id, "b");
    kring_scores_release(&s);
    kring_case_free(c);
}

Test(score, takes_a_cousin_without_an_age_as_not_known_adult)
{
    kring_case *c = graph(1, "");
    kring_scores s;
    kring_error err;
    char text[300];

    c->people[0].role = KRING_ROLE_COUSIN;
    cr_assert_eq(kring_score_case(c, NULL, &s, &err), KRING_OK);
    cr_assert_eq(s.excluded[0].exclusions, 1u << KRING_EXCL_MINOR);
    kring_exclusion_text(c, &s.excluded[0], KRING_EXCL_MINOR, NULL, text,
                         sizeof text);
    cr_assert_str_eq(text, "Not known to be an adult: record an age or "
                           "'adult' if they are 18 or older.");
    kring_scores_release(&s);
    kring_case_free(c);
}

Test(score, asks_an_age_when_the_profile_asks_more_than_adulthood)
{
    kring_case *c = graph(2, "");
    kring_weights w;
    kring_scores s;
    kring_error err;
    const char *profile = "{\"minimum_age\": 21}";

    c->people[1].age = 21;
    cr_assert_eq(
        kring_weights_parse(profile, strlen(profile), "p.json", &w, &err),
        KRING_OK, "%s", err.text);
    cr_assert_eq(kring_score_case(c, &w, &s, &err), KRING_OK);
    /* a: an aunt without an age is an adult, but not known to be 21. */
    cr_assert_eq(s.n_excluded, 1);
    cr_assert_str_eq(s.excluded[0].id, "a");
    cr_assert_str_eq(s.ranked[0].id, "b");
    kring_scores_release(&s);
    kring_case_free(c);
}

Test(score, breaks_equal_scores_on_id_in_byte_order)
{
    kring_case *c = graph(3, "");
    kring_scores s;
    kring_error err;

    /* Same fields, ids "a", "b", "c" added in the order c, a, b. */
    free(c->people[0].id);
    c->people[0].id = strdup("c");
    free(c->people[2].id);
    c->people[2].id = strdup("a");
    cr_assert_eq(kring_score_case(c, NULL, &s, &err), KRING_OK);
    cr_assert_str_eq(s.ranked[0].id, "a");
    cr_assert_str_eq(s.ranked[1].id, "b");
    cr_assert_str_eq(s.ranked[2].id, "c");
    cr_assert_eq(s.ranked[2].rank, 3);
    kring_scores_release(&s);
    kring_case_free(c);
}

Test(weights, default_profile_is_the_documented_one)
{
    kring_weights w;
    kring_error err;

    cr_assert_eq(kring_weights_default(&w, &err), KRING_OK, "%s", err.text);
    cr_assert_float_eq(w.part[KRING_PART_CLOSENESS], 0.5, EPS);
    cr_assert_float_eq(w.part[KRING_PART_AVAILABILITY], 0.3, EPS);
    cr_assert_float_eq(w.part[KRING_PART_EMBEDDEDNESS], 0.2, EPS);
    cr_assert_float_eq(w.closeness[KRING_C_QUALITY], 0.25, EPS);
    cr_assert_float_eq(w.availability[KRING_A_REACHABLE], 0.4, EPS);
    cr_assert_float_eq(w.embeddedness[KRING_E_NO_HOUSEHOLD_CONFLICT], 0.25,
                       EPS);
    cr_assert_eq(w.minimum_age, 18);
    cr_assert_eq(w.far_travel_minutes, 60);
}

Test(weights, a_given_group_replaces_the_whole_group)
{
    const char *text = "{\"parts\": {\"closeness\": 1}}";
    kring_weights w;
    kring_error err;

    cr_assert_eq(kring_weights_parse(text, strlen(text), "p", &w, &err),
                 KRING_OK, "%s", err.text);
    cr_assert_float_eq(w.part[KRING_PART_CLOSENESS], 1.0, EPS);
    cr_assert_float_eq(w.part[KRING_PART_AVAILABILITY], 0.0, EPS);
    cr_assert_float_eq(w.closeness[KRING_C_RING], 0.25, EPS);
}

struct bad_profile {
    char text[64];
    char message[200];
};

static const struct bad_profile bad_profiles[] = {
    {"{\"closeness\": {\"ring\": 1, \"smile\": 2}}",
     "w.json:1:27: unknown weight 'smile' in 'closeness' (known: ring, "
     "contact, known_years, emotional_support, support_breadth, quality)"},
    {"{\n  \"speed\": 1\n}",
     "w.json:2:3: unknown key 'speed' (known: kring_weights, minimum_age, "
     "far_travel_minutes, parts, closeness, availability, embeddedness)"},
    {"{\"parts\": {\"closeness\": 0, \"availability\": 0}}",
     "w.json:1:2: the weights of 'parts' must sum to a positive number"},
    {"{\"availability\": {}}",
     "w.json:1:2: the weights of 'availability' must sum to a positive "
     "number"},
    {"{\"parts\": {\"closeness\": -1, \"availability\": 3}}",
     "w.json:1:12: weight 'parts.closeness' must not be negative"},
    {"{\"parts\": {\"closeness\": \"high\"}}",
     "w.json:1:12: weight 'parts.closeness' must be a number"},
    {"{\"parts\": [1, 2]}",
     "w.json:1:11: 'parts' must be an object of weights"},
    {"{\"minimum_age\": 17.5}",
     "w.json:1:2: 'minimum_age' must be a whole number from 0 to 120"},
    {"{\"kring_weights\": 2}",
     "w.json:1:2: 'kring_weights' must be 1 (this version of the profile "
     "format)"},
    {"[1]", "w.json:1:1: a weight profile must be an object"},
    {"{\"parts\": {\"closeness\": 1,}}",
     "w.json:1:27: string or '}' expected near '}'"},
    {"", "w.json:1:0: '[' or '{' expected near end of file"},
};

ParameterizedTestParameters(weights, bad_profiles_are_refused_with_place)
{
    return cr_make_param_array(struct bad_profile, bad_profiles,
                               sizeof bad_profiles / sizeof bad_profiles[0]);
}

ParameterizedTest(const struct bad_profile *b, weights,
                  bad_profiles_are_refused_with_place)
{
    kring_weights w, before;
    kring_error err;

    memset(&w, 0x5a, sizeof w);
    before = w;
    cr_assert_eq(
        kring_weights_parse(b->text, strlen(b->text), "w.json", &w, &err),
        KRING_ERR_INVALID, "%s", b->text);
    cr_assert_str_eq(err.text, b->message);
    cr_assert_eq(memcmp(&w, &before, sizeof w), 0, "the profile changed");
}

/* Indicators of a small case worked out by hand:
 * a: aunt, ring 1, emotional support       -> informal adult, supportive,
 *                                             inner adult, candidate
 * b: parent, household, practical support -> informal adult, supportive
 * c: professional (formal)                -> formal
 * d: classmate without an age             -> not adult
 * ties: a-b conflict (into the household), c-d. */
Test(indicators, matches_a_case_worked_out_by_hand)
{
    kring_case *c = graph(4, "cd");
    kring_indicators in;
    kring_tie t;
    kring_error err;

    c->people[0].support = KRING_SUPPORT_EMOTIONAL;
    c->people[1].role = KRING_ROLE_PARENT;
    c->people[1].sector = KRING_SECTOR_HOUSEHOLD;
    c->people[1].support = KRING_SUPPORT_PRACTICAL;
    c->people[2].role = KRING_ROLE_PROFESSIONAL;
    c->people[2].sector = KRING_SECTOR_CARE;
    c->people[2].formal = true;
    c->people[3].role = KRING_ROLE_CLASSMATE;
    c->people[3].sector = KRING_SECTOR_SCHOOL;
    kring_tie_init(&t);
    t.a = strdup("a");
    t.b = strdup("b");
    t.quality = KRING_TIE_CONFLICT;
    cr_assert_eq(kring_case_add_tie(c, &t, &err), KRING_OK);
    cr_assert_eq(kring_indicators_compute(c, NULL, &in, &err), KRING_OK);
    cr_assert_eq(in.size, 4);
    cr_assert_eq(in.adults_informal, 2);
    cr_assert_eq(in.supportive_informal_adults, 2);
    cr_assert_eq(in.inner_adults, 2); /* a and b are both in ring 1 */
    cr_assert_eq(in.formal, 1);
    cr_assert_eq(in.household, 1);
    cr_assert_eq(in.candidates, 1);
    cr_assert_eq(in.ties, 2);
    cr_assert_eq(in.conflict_ties, 1);
    cr_assert_float_eq(in.density, 2.0 / 6.0, EPS);
    cr_assert_eq(in.components, 2);
    cr_assert_eq(in.isolates, 0);
    cr_assert_float_eq(in.formal_share, 0.25, EPS);
    /* 4 - 2*2/4 */
    cr_assert_float_eq(in.ego_effective_size, 3.0, EPS);
    cr_assert_eq(in.sectors,
                 (1u << KRING_SECTOR_HOUSEHOLD) | (1u << KRING_SECTOR_FAMILY) |
                     (1u << KRING_SECTOR_SCHOOL) | (1u << KRING_SECTOR_CARE));
    cr_assert_eq(in.flags, (1u << KRING_FLAG_SOCIALLY_POOR) |
                               (1u << KRING_FLAG_HOUSEHOLD_CONFLICT));
    /* two supportive adults, one inner: level 3 */
    cr_assert_eq(in.zrm_level, 3);
    kring_case_free(c);
}

struct zrm {
    char name[48];
    int supportive;    /* aunts giving support, ring 1 */
    int others;        /* aunts without support, ring 2 */
    int frighten_home; /* a parent at home who frightens */
    int formal;        /* professionals */
    int sectors;       /* spread the supporters over this many sectors */
    int level;
};

static const struct zrm zrm_cases[] = {
    {"nobody", 0, 0, 0, 0, 1, 1},
    {"only professionals", 0, 0, 0, 2, 1, 1},
    {"contacts without support", 0, 2, 0, 0, 1, 2},
    {"a parent who frightens, no support", 0, 2, 1, 0, 1, 1},
    {"one supporter", 1, 1, 0, 0, 1, 3},
    {"two supporters", 2, 0, 0, 0, 1, 3},
    {"three supporters in one sector", 3, 0, 0, 0, 1, 4},
    {"three supporters, professionalised", 3, 0, 0, 3, 3, 4},
    {"three supporters in three sectors", 3, 0, 0, 1, 3, 5},
};

ParameterizedTestParameters(indicators, zrm_levels_follow_the_rules)
{
    return cr_make_param_array(struct zrm, zrm_cases,
                               sizeof zrm_cases / sizeof zrm_cases[0]);
}

ParameterizedTest(const struct zrm *z, indicators, zrm_levels_follow_the_rules)
{
    static const kring_sector spread[] = {
        KRING_SECTOR_FAMILY, KRING_SECTOR_FRIENDS, KRING_SECTOR_LEISURE};
    int n = z->supportive + z->others + z->frighten_home + z->formal, i = 0;
    kring_case *c = graph(n, "");
    kring_indicators in;
    kring_error err;
    int k;

    for (k = 0; k < z->supportive; k++, i++) {
        c->people[i].support = KRING_SUPPORT_EMOTIONAL;
        c->people[i].sector = spread[k % z->sectors];
    }
    for (k = 0; k < z->others; k++, i++)
        c->people[i].ring = 2;
    for (k = 0; k < z->frighten_home; k++, i++) {
        c->people[i].role = KRING_ROLE_PARENT;
        c->people[i].sector = KRING_SECTOR_HOUSEHOLD;
        c->people[i].frightens = true;
    }
    for (k = 0; k < z->formal; k++, i++) {
        c->people[i].role = KRING_ROLE_PROFESSIONAL;
        c->people[i].sector = KRING_SECTOR_CARE;
        c->people[i].formal = true;
    }
    cr_assert_eq(kring_indicators_compute(c, NULL, &in, &err), KRING_OK);
    cr_assert_eq(in.zrm_level, z->level, "%s: level %d", z->name, in.zrm_level);
    kring_case_free(c);
}
