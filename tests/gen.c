/* Realistic random cases (gen.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

uint64_t gen_next(struct gen_rng *r)
{
    r->s ^= r->s >> 12;
    r->s ^= r->s << 25;
    r->s ^= r->s >> 27;
    return r->s * 2685821657736338717ULL;
}

unsigned gen_below(struct gen_rng *r, unsigned n)
{
    return n ? (unsigned)(gen_next(r) >> 33) % n : 0;
}

static int chance(struct gen_rng *r, unsigned percent)
{
    return gen_below(r, 100) < percent;
}

static const char *const first_names[] = {
    "Anna",  "Bram",  "Chantal", "Daan", "Eva",   "Fatima",  "Gijs",
    "Hanna", "Ivo",   "Jamal",   "Kim",  "Lotte", "Mohamed", "Noor",
    "Oscar", "Priya", "Quinten", "Rosa", "Sem",   "Tess",    "Umut",
    "Vera",  "Wim",   "Yara",    "Zoë",  "Ayşe",  "Bas",     "Ilse"};
#define N_FIRST (sizeof first_names / sizeof first_names[0])

/* The parts of a network, in the order they are made. */
struct part {
    kring_role role;
    int min_age, max_age; /* ages drawn; -1 leaves the age out */
};

static const struct part household[] = {
    {KRING_ROLE_PARENT, 28, 55},
    {KRING_ROLE_STEPPARENT, 28, 55},
    {KRING_ROLE_SIBLING, 4, 24},
};
static const struct part others[] = {
    {KRING_ROLE_GRANDPARENT, 55, 90},   {KRING_ROLE_AUNT_UNCLE, 25, 65},
    {KRING_ROLE_COUSIN, 5, 35},         {KRING_ROLE_FRIEND, 10, 20},
    {KRING_ROLE_CLASSMATE, 10, 18},     {KRING_ROLE_TEACHER, 25, 64},
    {KRING_ROLE_COACH, 20, 70},         {KRING_ROLE_NEIGHBOUR, 25, 85},
    {KRING_ROLE_FAMILY_FRIEND, 25, 75}, {KRING_ROLE_YOUTH_WORKER, -1, -1},
    {KRING_ROLE_PROFESSIONAL, -1, -1},  {KRING_ROLE_FAITH_LEADER, -1, -1},
};
#define N_OTHERS (sizeof others / sizeof others[0])

static void random_fields(struct gen_rng *r, kring_person *p,
                          const struct part *part)
{
    if (part->min_age >= 0 && chance(r, 80))
        p->age =
            part->min_age +
            (int)gen_below(r, (unsigned)(part->max_age - part->min_age + 1));
    if (chance(r, 85))
        p->contact = (kring_contact)(1 + gen_below(r, KRING_CONTACT_COUNT - 1));
    if (chance(r, 70))
        p->known_years = (int)gen_below(r, 18);
    p->support = gen_below(r, 64) & gen_below(r, 64);
    if (chance(r, 60))
        p->hours_per_week = gen_below(r, 17) / 2.0;
    if (chance(r, 60))
        p->travel_minutes = (int)gen_below(r, 120);
    if (chance(r, 65))
        p->reachable =
            (kring_reachable)(1 + gen_below(r, KRING_REACHABLE_COUNT - 1));
    p->quality = chance(r, 75)
                     ? KRING_QUALITY_POSITIVE
                     : (kring_quality)gen_below(r, KRING_QUALITY_COUNT);
    if (chance(r, 6))
        p->status = chance(r, 50) ? KRING_STATUS_ABSENT : KRING_STATUS_DECEASED;
    if (chance(r, 15))
        p->willing = chance(r, 70) ? KRING_WILLING_YES : KRING_WILLING_NO;
    p->concern = chance(r, 8);
    p->frightens = chance(r, 3);
    p->nominated = chance(r, 6);
    if (p->age < 0 && chance(r, 30))
        p->adult = 1;
}

static int add(struct gen_rng *r, kring_case *c, const struct part *part,
               int ring_bias)
{
    kring_person p;
    kring_error err;
    char name[64];
    int ring = 1 + (int)gen_below(r, 3);

    if (ring_bias && ring > 1 && chance(r, 50))
        ring--;
    kring_person_init(&p, part->role, ring);
    snprintf(name, sizeof name, "%s %u", first_names[gen_below(r, N_FIRST)],
             (unsigned)c->n_people + 1);
    p.name = strdup(name);
    p.notes = strdup("");
    if (p.name == NULL || p.notes == NULL) {
        kring_person_release(&p);
        return -1;
    }
    random_fields(r, &p, part);
    if (kring_case_add_person(c, &p, &err)) {
        kring_person_release(&p);
        return -1;
    }
    return 0;
}

static int tie(struct gen_rng *r, kring_case *c, size_t a, size_t b,
               int conflict_percent)
{
    kring_tie t;
    kring_error err;

    if (a == b || kring_case_find_tie(c, c->people[a].id, c->people[b].id) >= 0)
        return 0;
    kring_tie_init(&t);
    t.a = strdup(c->people[a].id);
    t.b = strdup(c->people[b].id);
    if (t.a == NULL || t.b == NULL) {
        kring_tie_release(&t);
        return -1;
    }
    t.strength = chance(r, 40) ? KRING_STRENGTH_STRONG : KRING_STRENGTH_WEAK;
    if (chance(r, (unsigned)conflict_percent))
        t.quality = KRING_TIE_CONFLICT;
    else if (chance(r, 15))
        t.quality = KRING_TIE_MIXED;
    if (kring_case_add_tie(c, &t, &err)) {
        kring_tie_release(&t);
        return -1;
    }
    return 0;
}

kring_case *gen_case(struct gen_rng *r, const char *code, int n_people)
{
    kring_case *c = kring_case_new();
    size_t i, j, home;
    int n = n_people < 0                  ? 0
            : n_people > KRING_PEOPLE_MAX ? KRING_PEOPLE_MAX
                                          : n_people;

    if (c == NULL)
        return NULL;
    c->code = strdup(code);
    c->name = strdup(first_names[gen_below(r, N_FIRST)]);
    c->notes = strdup("");
    c->birth_year = 2005 + (int)gen_below(r, 15);
    if (c->code == NULL || c->name == NULL || c->notes == NULL)
        goto fail;
    /* The household: one or two parents, maybe a step-parent, siblings. */
    home = n < 3 ? (size_t)n : 1 + gen_below(r, 4);
    for (i = 0; i < home && (int)c->n_people < n; i++)
        if (add(r, c, &household[i == 0 ? 0 : i == 1 ? gen_below(r, 2) : 2], 1))
            goto fail;
    while ((int)c->n_people < n)
        if (add(r, c, &others[gen_below(r, N_OTHERS)], 0))
            goto fail;
    /* Ties: the household knows itself, each part of life mostly knows
     * itself, a few bridges and a few conflicts. */
    for (i = 0; i < c->n_people; i++)
        for (j = i + 1; j < c->n_people; j++) {
            int same = c->people[i].sector == c->people[j].sector;
            int at_home = kring_person_in_household(&c->people[i]) &&
                          kring_person_in_household(&c->people[j]);
            unsigned p = at_home ? 90 : same ? 45 : 4;
            if (chance(r, p) && tie(r, c, i, j, at_home ? 15 : 5))
                goto fail;
        }
    return c;
fail:
    kring_case_free(c);
    return NULL;
}
