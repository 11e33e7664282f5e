/* The model's promises (docs/product.md) as properties of many random,
 * realistic cases: exclusions, warnings that never exclude, monotone
 * scores, conflict with the household never unmentioned, determinism. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kring/kring.h>

#include "gen.h"

#define CASES 400

static kring_case *random_case(struct gen_rng *r, int i)
{
    char code[32];
    kring_case *c;

    snprintf(code, sizeof code, "p-%d", i);
    c = gen_case(r, code, (int)gen_below(r, 40));
    cr_assert_not_null(c);
    return c;
}

static void score(const kring_case *c, kring_scores *s)
{
    kring_error err;

    cr_assert_eq(kring_score_case(c, NULL, s, &err), KRING_OK, "%s", err.text);
}

/* The score of the person with ID, ranked or not (excluded people are
 * scored too, though never ranked). */
static const kring_candidate *find(const kring_scores *s, const char *id)
{
    size_t i;

    for (i = 0; i < s->n_ranked; i++)
        if (strcmp(s->ranked[i].id, id) == 0)
            return &s->ranked[i];
    for (i = 0; i < s->n_excluded; i++)
        if (strcmp(s->excluded[i].id, id) == 0)
            return &s->excluded[i];
    return NULL;
}

/* The exclusion rules of docs/product.md, written again. */
static unsigned expected_exclusions(const kring_person *p)
{
    unsigned x = 0;
    int adult = p->age >= 0     ? p->age >= 18
                : p->adult >= 0 ? p->adult
                                : kring_role_is_adult(p->role);

    if (p->role == KRING_ROLE_PARENT || p->role == KRING_ROLE_STEPPARENT ||
        p->role == KRING_ROLE_FOSTER_PARENT)
        x |= 1u << KRING_EXCL_PARENT;
    if (p->formal)
        x |= 1u << KRING_EXCL_FORMAL;
    if (!adult)
        x |= 1u << KRING_EXCL_MINOR;
    if (p->status == KRING_STATUS_DECEASED)
        x |= 1u << KRING_EXCL_DECEASED;
    if (p->willing == KRING_WILLING_NO)
        x |= 1u << KRING_EXCL_UNWILLING;
    if (p->frightens)
        x |= 1u << KRING_EXCL_UNSAFE;
    return x;
}

Test(promises, excluded_people_are_never_ranked_and_carry_every_code)
{
    struct gen_rng r = {0x1234567};
    int i;

    for (i = 0; i < CASES; i++) {
        kring_case *c = random_case(&r, i);
        kring_scores s;
        size_t k;
        score(c, &s);
        cr_assert_eq(s.n_ranked + s.n_excluded, c->n_people);
        for (k = 0; k < s.n_ranked; k++) {
            cr_assert_eq(expected_exclusions(&c->people[s.ranked[k].person]), 0,
                         "case %d: %s ranked", i, s.ranked[k].id);
            cr_assert_eq(s.ranked[k].exclusions, 0);
        }
        for (k = 0; k < s.n_excluded; k++) {
            const kring_candidate *x = &s.excluded[k];
            cr_assert_eq(x->exclusions,
                         expected_exclusions(&c->people[x->person]),
                         "case %d: %s", i, x->id);
            cr_assert_eq(x->rank, 0);
        }
        kring_scores_release(&s);
        kring_case_free(c);
    }
}

Test(promises, ranks_run_from_one_by_score_then_id)
{
    struct gen_rng r = {0xabcdef};
    int i;

    for (i = 0; i < CASES; i++) {
        kring_case *c = random_case(&r, i);
        kring_scores s;
        size_t k;
        score(c, &s);
        for (k = 0; k < s.n_ranked; k++) {
            const kring_candidate *a = &s.ranked[k];
            cr_assert_eq(a->rank, (int)k + 1);
            cr_assert(a->score >= 0 && a->score <= 1);
            cr_assert(a->closeness >= 0 && a->closeness <= 1);
            cr_assert(a->availability >= 0 && a->availability <= 1);
            cr_assert(a->embeddedness >= 0 && a->embeddedness <= 1);
            if (k > 0) {
                const kring_candidate *b = &s.ranked[k - 1];
                cr_assert(b->score > a->score || (b->score == a->score &&
                                                  strcmp(b->id, a->id) < 0),
                          "case %d: rank %zu", i, k);
            }
            /* The young person's nomination is shown, first. */
            if (c->people[a->person].nominated)
                cr_assert_eq(a->reason[0], KRING_REASON_NOMINATED);
        }
        kring_scores_release(&s);
        kring_case_free(c);
    }
}

/* One step better on one field, or 0 when there is no better value. */
static int improve(kring_person *p, int field)
{
    switch (field) {
    case 0:
        if (p->ring == 1)
            return 0;
        p->ring--;
        return 1;
    case 1:
        if (p->contact == KRING_CONTACT_DAILY)
            return 0;
        /* Unknown counts as nothing: any recorded value is better. */
        p->contact = p->contact == KRING_CONTACT_UNKNOWN
                         ? KRING_CONTACT_RARELY
                         : (kring_contact)(p->contact - 1);
        return 1;
    case 2:
        if (p->hours_per_week >= KRING_HOURS_MAX - 1)
            return 0;
        p->hours_per_week = p->hours_per_week < 0 ? 0.5 : p->hours_per_week + 1;
        return 1;
    case 3:
        if (p->travel_minutes == 0)
            return 0;
        p->travel_minutes =
            p->travel_minutes < 0 ? KRING_TRAVEL_MAX : p->travel_minutes / 2;
        return 1;
    default:
        if (p->quality == KRING_QUALITY_POSITIVE)
            return 0;
        p->quality = (kring_quality)(p->quality - 1);
        return 1;
    }
}

Test(
    promises,
    a_closer_ring_more_contact_hours_less_travel_or_better_relation_never_lower_a_score)
{
    struct gen_rng r = {0x5eed};
    int i, checked = 0;

    for (i = 0; i < CASES; i++) {
        kring_case *c = random_case(&r, i);
        kring_scores before;
        size_t k;
        score(c, &before);
        for (k = 0; k < c->n_people; k++) {
            int field;
            for (field = 0; field < 5; field++) {
                kring_person saved = c->people[k];
                kring_scores after;
                const kring_candidate *was, *now;
                if (!improve(&c->people[k], field))
                    continue;
                score(c, &after);
                was = find(&before, c->people[k].id);
                now = find(&after, c->people[k].id);
                cr_assert(now->score >= was->score,
                          "case %d, %s, field %d: %.17g < %.17g", i,
                          c->people[k].id, field, now->score, was->score);
                /* Exclusions do not move with these fields. */
                cr_assert_eq(now->exclusions, was->exclusions);
                checked++;
                kring_scores_release(&after);
                c->people[k] = saved;
            }
        }
        kring_scores_release(&before);
        kring_case_free(c);
    }
    cr_assert_gt(checked, 1000, "only %d changes were tried", checked);
}

Test(promises, warnings_never_exclude)
{
    struct gen_rng r = {0x77};
    int i;

    for (i = 0; i < CASES; i++) {
        kring_case *c = random_case(&r, i);
        kring_scores before, after;
        size_t k;
        score(c, &before);
        for (k = 0; k < c->n_people; k++) {
            kring_person *p = &c->people[k];
            p->concern = true;
            if (p->status == KRING_STATUS_ACTIVE)
                p->status = KRING_STATUS_ABSENT;
            p->travel_minutes = KRING_TRAVEL_MAX;
            p->reachable = KRING_REACHABLE_RARELY;
            p->contact = KRING_CONTACT_RARELY;
            p->quality = KRING_QUALITY_BROKEN;
        }
        score(c, &after);
        cr_assert_eq(after.n_ranked, before.n_ranked, "case %d", i);
        for (k = 0; k < after.n_excluded; k++)
            cr_assert_eq(after.excluded[k].exclusions,
                         find(&before, after.excluded[k].id)->exclusions);
        for (k = 0; k < after.n_ranked; k++)
            cr_assert(after.ranked[k].warnings & (1u << KRING_WARN_CONCERN));
        kring_scores_release(&before);
        kring_scores_release(&after);
        kring_case_free(c);
    }
}

Test(promises, a_conflict_with_the_household_is_never_unmentioned)
{
    struct gen_rng r = {0xc0ff1c7};
    int i, seen = 0;

    for (i = 0; i < CASES; i++) {
        kring_case *c = random_case(&r, i);
        kring_scores s;
        size_t t;
        score(c, &s);
        for (t = 0; t < c->n_ties; t++) {
            long a = kring_case_find_id(c, c->ties[t].a);
            long b = kring_case_find_id(c, c->ties[t].b);
            int ends[2] = {(int)a, (int)b}, e;
            if (c->ties[t].quality != KRING_TIE_CONFLICT)
                continue;
            for (e = 0; e < 2; e++) {
                const kring_person *other = &c->people[ends[1 - e]];
                const kring_candidate *k = find(&s, c->people[ends[e]].id);
                if (!kring_person_in_household(other))
                    continue;
                cr_assert(k->warnings & (1u << KRING_WARN_CONFLICT_WITH_PARENT),
                          "case %d: %s", i, k->id);
                seen++;
            }
        }
        kring_scores_release(&s);
        kring_case_free(c);
    }
    cr_assert_gt(seen, 50, "only %d conflicts with the household", seen);
}

Test(promises, a_new_conflict_with_the_household_never_raises_a_score)
{
    struct gen_rng r = {0xfeed};
    int i, tried = 0;

    for (i = 0; i < CASES; i++) {
        kring_case *c = random_case(&r, i);
        kring_scores before, after;
        size_t t;
        score(c, &before);
        for (t = 0; t < c->n_ties; t++) {
            long a = kring_case_find_id(c, c->ties[t].a);
            long b = kring_case_find_id(c, c->ties[t].b);
            kring_tie_quality q = c->ties[t].quality;
            if (q == KRING_TIE_CONFLICT ||
                !kring_person_in_household(&c->people[b]))
                continue;
            c->ties[t].quality = KRING_TIE_CONFLICT;
            score(c, &after);
            cr_assert(find(&after, c->people[a].id)->score <=
                          find(&before, c->people[a].id)->score,
                      "case %d", i);
            kring_scores_release(&after);
            c->ties[t].quality = q;
            tried++;
        }
        kring_scores_release(&before);
        kring_case_free(c);
    }
    cr_assert_gt(tried, 100);
}

/* A copy of C with its people and ties in reverse order. */
static kring_case *reversed(const kring_case *c)
{
    kring_case *r = kring_case_new();
    kring_error err;
    size_t i;

    r->code = strdup(c->code);
    r->name = strdup(c->name);
    r->notes = strdup("");
    for (i = c->n_people; i-- > 0;) {
        kring_person p = c->people[i];
        p.id = strdup(p.id);
        p.name = strdup(p.name);
        p.notes = strdup(p.notes);
        p.extra = NULL;
        cr_assert_eq(kring_case_add_person(r, &p, &err), KRING_OK);
    }
    for (i = c->n_ties; i-- > 0;) {
        kring_tie t = c->ties[i];
        t.a = strdup(c->ties[i].b);
        t.b = strdup(c->ties[i].a);
        t.extra = NULL;
        cr_assert_eq(kring_case_add_tie(r, &t, &err), KRING_OK);
    }
    return r;
}

Test(promises, same_input_same_output_whatever_the_order_of_people_and_ties)
{
    struct gen_rng r = {0xd00d};
    int i;

    for (i = 0; i < CASES; i++) {
        kring_case *c = random_case(&r, i), *back = reversed(c);
        kring_scores a, b, again;
        size_t k;
        score(c, &a);
        score(c, &again);
        score(back, &b);
        cr_assert_eq(a.n_ranked, b.n_ranked);
        for (k = 0; k < a.n_ranked; k++) {
            cr_assert_str_eq(a.ranked[k].id, b.ranked[k].id, "case %d", i);
            cr_assert_eq(a.ranked[k].score, b.ranked[k].score);
            cr_assert_eq(a.ranked[k].score, again.ranked[k].score);
            cr_assert_eq(a.ranked[k].n_reasons, b.ranked[k].n_reasons);
            cr_assert_eq(memcmp(a.ranked[k].reason, b.ranked[k].reason,
                                (size_t)a.ranked[k].n_reasons),
                         0);
            cr_assert_eq(a.ranked[k].warnings, b.ranked[k].warnings);
        }
        for (k = 0; k < a.n_excluded; k++)
            cr_assert_str_eq(a.excluded[k].id, b.excluded[k].id);
        kring_scores_release(&a);
        kring_scores_release(&b);
        kring_scores_release(&again);
        kring_case_free(c);
        kring_case_free(back);
    }
}

Test(promises, a_tenth_of_a_year_longer_known_never_lowers_a_score)
{
    struct gen_rng r = {0x7e47};
    int i, checked = 0;

    for (i = 0; i < CASES; i++) {
        kring_case *c = random_case(&r, i);
        kring_scores before;
        size_t k;
        score(c, &before);
        for (k = 0; k < c->n_people; k++) {
            kring_person saved = c->people[k];
            kring_scores after;
            const kring_candidate *was, *now;
            double y = c->people[k].known_years;
            if (y >= KRING_AGE_MAX)
                continue;
            /* Not recorded counts as nothing; then 0, 0.1, ... */
            c->people[k].known_years =
                y < 0 ? 0 : (double)((long)(y * 10 + 0.5) + 1) / 10.0;
            score(c, &after);
            was = find(&before, c->people[k].id);
            now = find(&after, c->people[k].id);
            cr_assert(now->score >= was->score,
                      "case %d, %s, %g -> %g years: %.17g < %.17g", i,
                      c->people[k].id, y, c->people[k].known_years, now->score,
                      was->score);
            checked++;
            kring_scores_release(&after);
            c->people[k] = saved;
        }
        kring_scores_release(&before);
        kring_case_free(c);
    }
    cr_assert_gt(checked, 1000, "only %d changes were tried", checked);
}
