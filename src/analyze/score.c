/* Scoring mentor candidates: exclusions, warnings, the three parts and
 * their reasons (docs/scoring.md). Every value of a part lies in [0, 1]
 * and grows with what it measures, so that the model's promises hold:
 * a closer ring, more contact, more hours, less travel or a better
 * relation never lowers a score. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analyze_internal.h"

static const char *const exclusion_codes[KRING_EXCL_COUNT] = {
    "parent", "formal", "minor", "deceased", "unwilling", "unsafe"};
static const char *const warning_codes[KRING_WARN_COUNT] = {
    "concern",           "absent",   "conflict_with_parent",
    "strained_relation", "far_away", "not_evenings_weekends",
    "rare_contact"};
static const char *const reason_codes[KRING_REASON_COUNT] = {
    "nominated",
    "ring1",
    "ring2",
    "ring3",
    "contact",
    "known_years",
    "emotional_support",
    "support_breadth",
    "positive_relation",
    "mixed_relation",
    "hours",
    "close_by",
    "reachable",
    "in_household",
    "knows_household",
    "bridges",
    "willing",
    "not_recorded"};

const char *kring_exclusion_code(kring_exclusion e)
{
    return (unsigned)e < KRING_EXCL_COUNT ? exclusion_codes[e] : NULL;
}

const char *kring_warning_code(kring_warning w)
{
    return (unsigned)w < KRING_WARN_COUNT ? warning_codes[w] : NULL;
}

const char *kring_reason_code(kring_reason r)
{
    return (unsigned)r < KRING_REASON_COUNT ? reason_codes[r] : NULL;
}

unsigned kr_exclusions(const kring_person *p, const kring_weights *w)
{
    unsigned x = 0;
    int old_enough;

    if (p->role == KRING_ROLE_PARENT || p->role == KRING_ROLE_STEPPARENT ||
        p->role == KRING_ROLE_FOSTER_PARENT)
        x |= 1u << KRING_EXCL_PARENT;
    if (p->formal)
        x |= 1u << KRING_EXCL_FORMAL;
    /* With an age, the age decides; without, being an adult is enough
     * only when the profile asks no more than adulthood. */
    if (p->age >= 0)
        old_enough = p->age >= w->minimum_age;
    else
        old_enough =
            kring_person_is_adult(p) && w->minimum_age <= KRING_ADULT_AGE;
    if (!old_enough)
        x |= 1u << KRING_EXCL_MINOR;
    if (p->status == KRING_STATUS_DECEASED)
        x |= 1u << KRING_EXCL_DECEASED;
    if (p->willing == KRING_WILLING_NO)
        x |= 1u << KRING_EXCL_UNWILLING;
    if (p->frightens)
        x |= 1u << KRING_EXCL_UNSAFE;
    return x;
}

/* The values of the features, each in [0, 1] (docs/scoring.md). */
static double ring_value(int ring)
{
    return ring == 1 ? 1.0 : ring == 2 ? 0.55 : 0.2;
}

static double contact_value(kring_contact c)
{
    static const double v[KRING_CONTACT_COUNT] = {0.0, 1.0, 0.8,
                                                  0.5, 0.2, 0.05};
    return (unsigned)c < KRING_CONTACT_COUNT ? v[c] : 0.0;
}

static double quality_value(kring_quality q)
{
    static const double v[KRING_QUALITY_COUNT] = {1.0, 0.5, 0.15, 0.0};
    return (unsigned)q < KRING_QUALITY_COUNT ? v[q] : 0.0;
}

static double reachable_value(kring_reachable r)
{
    static const double v[KRING_REACHABLE_COUNT] = {0.0, 1.0, 1.0, 0.3, 0.05};
    return (unsigned)r < KRING_REACHABLE_COUNT ? v[r] : 0.0;
}

static double capped(double x, double full)
{
    return x <= 0.0 ? 0.0 : x >= full ? 1.0 : x / full;
}

static double travel_value(int minutes)
{
    if (minutes < 0 || minutes >= 90)
        return 0.0;
    if (minutes <= 15)
        return 1.0;
    return (90.0 - minutes) / 75.0;
}

static int popcount(unsigned x)
{
    int n = 0;
    for (; x; x &= x - 1)
        n++;
    return n;
}

/* A weighed mean of N values; the weights sum to a positive number (the
 * profile reader sees to that). */
static double weighed(const double *w, const double *v, int n, double *share)
{
    double sum = 0.0, total = 0.0;
    int i;

    for (i = 0; i < n; i++)
        total += w[i];
    for (i = 0; i < n; i++) {
        share[i] = total > 0.0 ? w[i] / total : 0.0;
        sum += share[i] * v[i];
    }
    return sum < 0.0 ? 0.0 : sum > 1.0 ? 1.0 : sum;
}

/* What tie T, from person I to person J, says about I's place: household
 * people known and in conflict, the sectors reached. */
static void place(const kring_case *c, size_t t, size_t i, size_t j,
                  kring_candidate *k)
{
    const kring_person *other = &c->people[j];

    /* The people named in the texts are the first by id, so that the
     * order of the case does not change a word. */
    if (c->ties[t].quality == KRING_TIE_CONFLICT) {
        if (kring_person_in_household(other) &&
            (k->household_conflict++ == 0 ||
             strcmp(other->id, c->people[k->household_conflict1].id) < 0))
            k->household_conflict1 = j;
        return;
    }
    if (kring_person_in_household(other) &&
        (k->household_known++ == 0 ||
         strcmp(other->id, c->people[k->household_known1].id) < 0))
        k->household_known1 = j;
    if (other->sector != c->people[i].sector)
        k->bridged |= 1u << other->sector;
}

struct contribution {
    kring_reason reason;
    double weight;
};

/* Whether contribution X goes before Y: the larger first, then by code. */
static int goes_before(const struct contribution *x,
                       const struct contribution *y)
{
    if (x->weight != y->weight)
        return x->weight > y->weight;
    return x->reason < y->reason;
}

/* Sorts the N (at most KRING_REASON_COUNT) contributions by insertion,
 * which for a dozen beats qsort and its calls. */
static void sort_contributions(struct contribution *con, int n)
{
    int i, j;

    for (i = 1; i < n; i++) {
        struct contribution x = con[i];
        for (j = i; j > 0 && goes_before(&x, &con[j - 1]); j--)
            con[j] = con[j - 1];
        con[j] = x;
    }
}

/* Scores person I into K, whose place (place()) is already noted. */
static void score_person(const kring_case *c, const kring_metrics *m,
                         const kring_weights *w, size_t i, kring_candidate *k)
{
    const kring_person *p = &c->people[i];
    double cv[KRING_C_COUNT], cs[KRING_C_COUNT];
    double av[KRING_A_COUNT], as[KRING_A_COUNT];
    double ev[KRING_E_COUNT], es[KRING_E_COUNT];
    double parts[KRING_PART_COUNT], ps[KRING_PART_COUNT];
    struct contribution con[KRING_REASON_COUNT];
    int n = 0, j;
    int in_home = kring_person_in_household(p);

    k->person = i;
    k->id = p->id;
    k->exclusions = kr_exclusions(p, w);

    cv[KRING_C_RING] = ring_value(p->ring);
    cv[KRING_C_CONTACT] = contact_value(p->contact);
    cv[KRING_C_KNOWN_YEARS] = capped(p->known_years, 10.0);
    cv[KRING_C_EMOTIONAL_SUPPORT] =
        (p->support & KRING_SUPPORT_EMOTIONAL) ? 1.0 : 0.0;
    cv[KRING_C_SUPPORT_BREADTH] = capped(popcount(p->support), 4.0);
    cv[KRING_C_QUALITY] = quality_value(p->quality);
    av[KRING_A_HOURS] = capped(p->hours_per_week, 4.0);
    av[KRING_A_TRAVEL] = travel_value(p->travel_minutes);
    av[KRING_A_REACHABLE] = reachable_value(p->reachable);
    ev[KRING_E_KNOWS_HOUSEHOLD] =
        in_home ? 1.0 : capped((double)k->household_known, 2.0);
    ev[KRING_E_BRIDGES] = capped(popcount(k->bridged), 2.0);
    ev[KRING_E_TIES] = capped((double)m->degree[i], 4.0);
    ev[KRING_E_NO_HOUSEHOLD_CONFLICT] = k->household_conflict ? 0.0 : 1.0;

    parts[KRING_PART_CLOSENESS] = k->closeness =
        weighed(w->closeness, cv, KRING_C_COUNT, cs);
    parts[KRING_PART_AVAILABILITY] = k->availability =
        weighed(w->availability, av, KRING_A_COUNT, as);
    parts[KRING_PART_EMBEDDEDNESS] = k->embeddedness =
        weighed(w->embeddedness, ev, KRING_E_COUNT, es);
    k->score = weighed(w->part, parts, KRING_PART_COUNT, ps);

    /* Reasons, by what they add to the score. */
#define ADD(r, part, share, value)                                             \
    do {                                                                       \
        if ((share) > 0.0) {                                                   \
            con[n].reason = (r);                                               \
            con[n++].weight = ps[part] * (share) * (value);                    \
        }                                                                      \
    } while (0)
    ADD(KRING_REASON_RING1 + (p->ring - 1), KRING_PART_CLOSENESS,
        cs[KRING_C_RING], cv[KRING_C_RING]);
    if (p->contact != KRING_CONTACT_UNKNOWN)
        ADD(KRING_REASON_CONTACT, KRING_PART_CLOSENESS, cs[KRING_C_CONTACT],
            cv[KRING_C_CONTACT]);
    if (p->known_years >= 1)
        ADD(KRING_REASON_KNOWN_YEARS, KRING_PART_CLOSENESS,
            cs[KRING_C_KNOWN_YEARS], cv[KRING_C_KNOWN_YEARS]);
    if (p->support & KRING_SUPPORT_EMOTIONAL)
        ADD(KRING_REASON_EMOTIONAL_SUPPORT, KRING_PART_CLOSENESS,
            cs[KRING_C_EMOTIONAL_SUPPORT], 1.0);
    if (popcount(p->support) >= 2)
        ADD(KRING_REASON_SUPPORT_BREADTH, KRING_PART_CLOSENESS,
            cs[KRING_C_SUPPORT_BREADTH], cv[KRING_C_SUPPORT_BREADTH]);
    if (p->quality == KRING_QUALITY_POSITIVE)
        ADD(KRING_REASON_POSITIVE_RELATION, KRING_PART_CLOSENESS,
            cs[KRING_C_QUALITY], 1.0);
    else if (p->quality == KRING_QUALITY_MIXED)
        ADD(KRING_REASON_MIXED_RELATION, KRING_PART_CLOSENESS,
            cs[KRING_C_QUALITY], cv[KRING_C_QUALITY]);
    if (p->hours_per_week > 0)
        ADD(KRING_REASON_HOURS, KRING_PART_AVAILABILITY, as[KRING_A_HOURS],
            av[KRING_A_HOURS]);
    if (av[KRING_A_TRAVEL] > 0.0)
        ADD(KRING_REASON_CLOSE_BY, KRING_PART_AVAILABILITY, as[KRING_A_TRAVEL],
            av[KRING_A_TRAVEL]);
    if (p->reachable == KRING_REACHABLE_ANYTIME ||
        p->reachable == KRING_REACHABLE_EVENINGS_WEEKENDS)
        ADD(KRING_REASON_REACHABLE, KRING_PART_AVAILABILITY,
            as[KRING_A_REACHABLE], 1.0);
    if (in_home)
        ADD(KRING_REASON_IN_HOUSEHOLD, KRING_PART_EMBEDDEDNESS,
            es[KRING_E_KNOWS_HOUSEHOLD], 1.0);
    else if (k->household_known > 0)
        ADD(KRING_REASON_KNOWS_HOUSEHOLD, KRING_PART_EMBEDDEDNESS,
            es[KRING_E_KNOWS_HOUSEHOLD], ev[KRING_E_KNOWS_HOUSEHOLD]);
    if (k->bridged)
        ADD(KRING_REASON_BRIDGES, KRING_PART_EMBEDDEDNESS, es[KRING_E_BRIDGES],
            ev[KRING_E_BRIDGES]);
#undef ADD
    sort_contributions(con, n);

    if (p->nominated)
        k->reason[k->n_reasons++] = KRING_REASON_NOMINATED;
    if (p->willing == KRING_WILLING_YES)
        k->reason[k->n_reasons++] = KRING_REASON_WILLING;
    for (j = 0; j < n; j++)
        k->reason[k->n_reasons++] = (unsigned char)con[j].reason;
    if (p->contact == KRING_CONTACT_UNKNOWN)
        k->not_recorded |= 1u << 0;
    if (p->hours_per_week < 0)
        k->not_recorded |= 1u << 1;
    if (p->travel_minutes < 0)
        k->not_recorded |= 1u << 2;
    if (p->reachable == KRING_REACHABLE_UNKNOWN)
        k->not_recorded |= 1u << 3;
    if (p->known_years < 0)
        k->not_recorded |= 1u << 4;
    if (k->not_recorded)
        k->reason[k->n_reasons++] = KRING_REASON_NOT_RECORDED;

    if (p->concern)
        k->warnings |= 1u << KRING_WARN_CONCERN;
    if (p->status == KRING_STATUS_ABSENT)
        k->warnings |= 1u << KRING_WARN_ABSENT;
    if (k->household_conflict)
        k->warnings |= 1u << KRING_WARN_CONFLICT_WITH_PARENT;
    if (p->quality == KRING_QUALITY_STRAINED ||
        p->quality == KRING_QUALITY_BROKEN)
        k->warnings |= 1u << KRING_WARN_STRAINED_RELATION;
    if (p->travel_minutes > w->far_travel_minutes)
        k->warnings |= 1u << KRING_WARN_FAR_AWAY;
    if (p->reachable == KRING_REACHABLE_OFFICE_HOURS ||
        p->reachable == KRING_REACHABLE_RARELY)
        k->warnings |= 1u << KRING_WARN_NOT_EVENINGS_WEEKENDS;
    if (p->contact == KRING_CONTACT_YEARLY ||
        p->contact == KRING_CONTACT_RARELY)
        k->warnings |= 1u << KRING_WARN_RARE_CONTACT;
}

static int cmp_rank(const void *a, const void *b)
{
    const kring_candidate *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return strcmp(x->id, y->id);
}

static int cmp_id(const void *a, const void *b)
{
    const kring_candidate *x = a, *y = b;
    return strcmp(x->id, y->id);
}

kring_status kring_score_case(const kring_case *c, const kring_weights *w,
                              kring_scores *s, kring_error *err)
{
    kring_weights defaults;
    size_t *ends, i, slots = c->n_people ? c->n_people : 1;
    kring_candidate *all = NULL;
    kring_status rc;

    memset(s, 0, sizeof *s);
    if (w == NULL) {
        if ((rc = kring_weights_default(&defaults, err)))
            return rc;
        w = &defaults;
    }
    if ((rc = kring_metrics_compute(c, &s->metrics, err)))
        return rc;
    s->ranked = kr_malloc(slots * sizeof *s->ranked);
    s->excluded = kr_malloc(slots * sizeof *s->excluded);
    all = kr_calloc(slots, sizeof *all);
    ends = s->metrics.ends;
    if (s->ranked == NULL || s->excluded == NULL || all == NULL) {
        rc = kr_nomem(err);
        goto out;
    }
    /* One pass over the ties notes the place of both their people. */
    for (i = 0; i < c->n_ties; i++) {
        place(c, i, ends[2 * i], ends[2 * i + 1], &all[ends[2 * i]]);
        place(c, i, ends[2 * i + 1], ends[2 * i], &all[ends[2 * i + 1]]);
    }
    for (i = 0; i < c->n_people; i++) {
        score_person(c, &s->metrics, w, i, &all[i]);
        if (all[i].exclusions)
            s->excluded[s->n_excluded++] = all[i];
        else
            s->ranked[s->n_ranked++] = all[i];
    }
    qsort(s->ranked, s->n_ranked, sizeof *s->ranked, cmp_rank);
    qsort(s->excluded, s->n_excluded, sizeof *s->excluded, cmp_id);
    for (i = 0; i < s->n_ranked; i++)
        s->ranked[i].rank = (int)i + 1;
out:
    kr_free(all);
    if (rc != KRING_OK)
        kring_scores_release(s);
    return rc;
}

void kring_scores_release(kring_scores *s)
{
    if (s == NULL)
        return;
    kr_free(s->ranked);
    kr_free(s->excluded);
    s->ranked = s->excluded = NULL;
    s->n_ranked = s->n_excluded = 0;
    kring_metrics_release(&s->metrics);
}
