/* Indicators of the network as a whole: counts, the measures of the graph,
 * the level of the Zelfredzaamheid-Matrix's Sociaal netwerk domain and
 * the flags a team should discuss (docs/scoring.md, "Indicators"). */
#include <math.h>
#include <string.h>

#include "analyze_internal.h"

static const char *const flag_codes[KRING_FLAG_COUNT] = {
    "socially_poor", "no_inner_adult",     "single_support", "professionalised",
    "no_candidate",  "household_conflict", "unsafe_person"};

const char *kring_flag_code(kring_flag f)
{
    return (unsigned)f < KRING_FLAG_COUNT ? flag_codes[f] : NULL;
}

const char *kring_flag_text(kring_flag f)
{
    switch (f) {
    case KRING_FLAG_SOCIALLY_POOR:
        return _("Socially poor: fewer than three adults outside the "
                 "professionals who support the young person.");
    case KRING_FLAG_NO_INNER_ADULT:
        return _("No adult in the inner circle who is always there, outside "
                 "the professionals.");
    case KRING_FLAG_SINGLE_SUPPORT:
        return _("Everything rests on one supportive adult.");
    case KRING_FLAG_PROFESSIONALISED:
        return _("Professionalised: as many paid professionals as "
                 "supportive adults from the young person's own network.");
    case KRING_FLAG_NO_CANDIDATE:
        return _("Nobody in the network can be a mentor yet.");
    case KRING_FLAG_HOUSEHOLD_CONFLICT:
        return _("A conflict between people in or around the household.");
    case KRING_FLAG_UNSAFE_PERSON:
        return _("Someone in the network frightens the young person.");
    default:
        return "";
    }
}

const char *kring_zrm_text(int level)
{
    switch (level) {
    case 1:
        return _("1 - acute problems: isolated, or the network does harm.");
    case 2:
        return _("2 - not self-reliant: contacts, but no supportive adult "
                 "outside the professionals.");
    case 3:
        return _("3 - limited: one or two supportive adults, or none in the "
                 "inner circle.");
    case 4:
        return _("4 - sufficient: enough support, with a point to work on.");
    case 5:
        return _("5 - fully self-reliant: a healthy network that supports "
                 "the young person.");
    default:
        return "";
    }
}

static int good_relation(const kring_person *p)
{
    return p->status == KRING_STATUS_ACTIVE && !p->frightens &&
           (p->quality == KRING_QUALITY_POSITIVE ||
            p->quality == KRING_QUALITY_MIXED);
}

static int popcount(unsigned x)
{
    int n = 0;
    for (; x; x &= x - 1)
        n++;
    return n;
}

/* The ZRM level by the rules of docs/scoring.md, the first that holds. */
static int zrm_level(const kring_indicators *in, size_t good_informal,
                     int unsafe_at_home, unsigned informal_sectors)
{
    size_t s = in->supportive_informal_adults;

    if (good_informal == 0 || (unsafe_at_home && s == 0))
        return 1;
    if (s == 0)
        return 2;
    if (s <= 2 || in->inner_adults == 0)
        return 3;
    if ((in->flags & ((1u << KRING_FLAG_PROFESSIONALISED) |
                      (1u << KRING_FLAG_HOUSEHOLD_CONFLICT) |
                      (1u << KRING_FLAG_UNSAFE_PERSON))) ||
        popcount(informal_sectors) < 3)
        return 4;
    return 5;
}

kring_status kring_indicators_compute(const kring_case *c,
                                      const kring_weights *w,
                                      kring_indicators *out, kring_error *err)
{
    kring_weights defaults;
    kring_metrics m;
    size_t *ends = NULL, i, good_informal = 0;
    unsigned informal_sectors = 0;
    int unsafe_at_home = 0;
    kring_status rc;

    memset(out, 0, sizeof *out);
    if (w == NULL) {
        if ((rc = kring_weights_default(&defaults, err)))
            return rc;
        w = &defaults;
    }
    if ((rc = kring_metrics_compute(c, &m, err)))
        goto out;
    ends = m.ends;

    out->size = c->n_people;
    for (i = 0; i < c->n_people; i++) {
        const kring_person *p = &c->people[i];
        int adult = kring_person_is_adult(p);
        out->sectors |= 1u << p->sector;
        if (p->formal)
            out->formal++;
        if (kring_person_in_household(p))
            out->household++;
        if (p->nominated)
            out->nominated++;
        if (kr_exclusions(p, w) == 0)
            out->candidates++;
        if (p->frightens)
            out->flags |= 1u << KRING_FLAG_UNSAFE_PERSON;
        if (p->frightens && kring_person_in_household(p))
            unsafe_at_home = 1;
        if (p->formal)
            continue;
        if (good_relation(p)) {
            good_informal++;
            informal_sectors |= 1u << p->sector;
        }
        if (!adult)
            continue;
        out->adults_informal++;
        if (p->status == KRING_STATUS_ACTIVE && p->support != 0 &&
            (p->quality == KRING_QUALITY_POSITIVE ||
             p->quality == KRING_QUALITY_MIXED))
            out->supportive_informal_adults++;
        if (p->ring == 1 && good_relation(p))
            out->inner_adults++;
    }
    out->ties = c->n_ties;
    for (i = 0; i < c->n_ties; i++) {
        if (c->ties[i].quality != KRING_TIE_CONFLICT)
            continue;
        out->conflict_ties++;
        if (kring_person_in_household(&c->people[ends[2 * i]]) ||
            kring_person_in_household(&c->people[ends[2 * i + 1]]))
            out->flags |= 1u << KRING_FLAG_HOUSEHOLD_CONFLICT;
    }
    out->density = m.density;
    out->components = m.components;
    out->isolates = m.isolates;
    out->formal_share =
        out->size ? (double)out->formal / (double)out->size : 0.0;
    out->ego_effective_size = m.ego_effective_size;
    out->ego_constraint = m.ego_constraint;

    if (out->supportive_informal_adults < 3)
        out->flags |= 1u << KRING_FLAG_SOCIALLY_POOR;
    if (out->inner_adults == 0)
        out->flags |= 1u << KRING_FLAG_NO_INNER_ADULT;
    if (out->supportive_informal_adults == 1)
        out->flags |= 1u << KRING_FLAG_SINGLE_SUPPORT;
    if (out->formal > 0 && out->formal >= out->supportive_informal_adults)
        out->flags |= 1u << KRING_FLAG_PROFESSIONALISED;
    if (out->candidates == 0)
        out->flags |= 1u << KRING_FLAG_NO_CANDIDATE;
    out->zrm_level =
        zrm_level(out, good_informal, unsafe_at_home, informal_sectors);
out:
    kring_metrics_release(&m);
    return rc;
}
