/* The sentences behind every score: reasons, warnings and exclusions in
 * words a professional can read aloud to a young person or a team. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analyze_internal.h"

/* Sentences are made for every candidate of every case in a batch: their
 * translations are remembered, and they are put together by kr_say(). */
#undef _
#define _(s) TR_(s)
#undef P_
#define P_(s, p, n) kr_ntr(s, p, n)

/* The count a number V takes its plural form by: V itself when whole, else
 * 2 (4.5 years, 1.5 hours take the plural as any number but 1 does). */
static unsigned long plural_of(double v)
{
    return v == floor(v) && v >= 0 ? (unsigned long)v : 2;
}

/* Cuts BUF back to whole UTF-8 characters when kr_say() filled it. */
static const char *whole(char *buf, size_t cap)
{
    size_t n = strlen(buf), start = n, need;
    unsigned char lead;

    if (n == 0 || n + 1 < cap)
        return buf;
    while (start > 0 && ((unsigned char)buf[start - 1] & 0xC0) == 0x80)
        start--;
    if (start == 0)
        return buf;
    lead = (unsigned char)buf[start - 1];
    need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (n - (start - 1) < need)
        buf[start - 1] = '\0';
    return buf;
}

static const char *support_label(int bit)
{
    switch (bit) {
    case 0:
        return _("emotional");
    case 1:
        return _("practical");
    case 2:
        return _("advice");
    case 3:
        return _("fun");
    case 4:
        return _("shelter");
    default:
        return _("standing up for them");
    }
}

static const char *sector_label(int s)
{
    switch (s) {
    case KRING_SECTOR_HOUSEHOLD:
        return _("household");
    case KRING_SECTOR_FAMILY:
        return _("family");
    case KRING_SECTOR_FRIENDS:
        return _("friends");
    case KRING_SECTOR_SCHOOL:
        return _("school");
    case KRING_SECTOR_NEIGHBOURHOOD:
        return _("neighbourhood");
    case KRING_SECTOR_LEISURE:
        return _("leisure");
    case KRING_SECTOR_COMMUNITY:
        return _("community");
    case KRING_SECTOR_ONLINE:
        return _("online");
    default:
        return _("care");
    }
}

/* "a, b, c" of the labels of the bits of SET. */
static void list_bits(unsigned set, int count, const char *(*label)(int),
                      char *buf, size_t cap)
{
    size_t used = 0;
    int i, first = 1;

    buf[0] = '\0';
    for (i = 0; i < count && used < cap; i++) {
        const char *sep = first ? "" : ", ", *word;
        if (!(set & (1u << i)))
            continue;
        word = label(i);
        kr_say(buf + used, cap - used, "%s%s", sep, word);
        used += strlen(sep) + strlen(word); /* as snprintf counts */
        first = 0;
    }
}

static const char *missing_label(int bit)
{
    switch (bit) {
    case 0:
        return _("how often they meet");
    case 1:
        return _("hours a week");
    case 2:
        return _("travel time");
    case 3:
        return _("when they can be reached");
    default:
        return _("years known");
    }
}

const char *kring_reason_text(const kring_case *c, const kring_candidate *k,
                              kring_reason r, char *buf, size_t cap)
{
    const kring_person *p = &c->people[k->person];
    const char *yp = c->name;
    char list[300];

    if (cap == 0)
        return buf;
    switch (r) {
    case KRING_REASON_NOMINATED:
        kr_say(buf, cap,
               _("%s named this person as the mentor they would "
                 "like."),
               yp);
        break;
    case KRING_REASON_RING1:
        kr_say(buf, cap,
               _("In the inner circle: one of the people %s feels closest "
                 "to."),
               yp);
        break;
    case KRING_REASON_RING2:
        kr_say(buf, cap, _("In the middle circle: close to %s."), yp);
        break;
    case KRING_REASON_RING3:
        kr_say(buf, cap, _("In the outer circle: further from %s."), yp);
        break;
    case KRING_REASON_CONTACT:
        if (p->contact == KRING_CONTACT_DAILY)
            kr_say(buf, cap, _("Sees %s every day."), yp);
        else if (p->contact == KRING_CONTACT_WEEKLY)
            kr_say(buf, cap, _("Sees %s every week."), yp);
        else if (p->contact == KRING_CONTACT_MONTHLY)
            kr_say(buf, cap, _("Sees %s about once a month."), yp);
        else if (p->contact == KRING_CONTACT_YEARLY)
            kr_say(buf, cap, _("Sees %s about once a year."), yp);
        else
            kr_say(buf, cap, _("Rarely sees %s."), yp);
        break;
    case KRING_REASON_KNOWN_YEARS: {
        char years[32];
        kr_say(buf, cap,
               P_("Has known %s for %s year.", "Has known %s for %s years.",
                  plural_of(p->known_years)),
               yp,
               kring_number_format(years, sizeof years, p->known_years, -1));
        break;
    }
    case KRING_REASON_EMOTIONAL_SUPPORT:
        kr_say(buf, cap,
               _("Gives emotional support: %s can go to them with worries."),
               yp);
        break;
    case KRING_REASON_SUPPORT_BREADTH:
        list_bits(p->support, KRING_SUPPORT_KINDS, support_label, list,
                  sizeof list);
        kr_say(buf, cap, _("Gives several kinds of support: %s."), list);
        break;
    case KRING_REASON_POSITIVE_RELATION:
        kr_say(buf, cap, _("The relation with %s is good."), yp);
        break;
    case KRING_REASON_MIXED_RELATION:
        kr_say(buf, cap,
               _("The relation with %s is mixed: good and difficult "
                 "moments."),
               yp);
        break;
    case KRING_REASON_HOURS: {
        char hours[32];
        kr_say(buf, cap,
               P_("Has about %s hour a week.", "Has about %s hours a week.",
                  plural_of(p->hours_per_week)),
               kring_number_format(hours, sizeof hours, p->hours_per_week, -1));
        break;
    }
    case KRING_REASON_CLOSE_BY:
        if (p->travel_minutes <= 15)
            kr_say(buf, cap,
                   P_("Lives close by: %d minute away.",
                      "Lives close by: %d minutes away.",
                      (unsigned long)p->travel_minutes),
                   p->travel_minutes);
        else
            kr_say(buf, cap,
                   P_("Lives %d minute away.", "Lives %d minutes away.",
                      (unsigned long)p->travel_minutes),
                   p->travel_minutes);
        break;
    case KRING_REASON_REACHABLE:
        if (p->reachable == KRING_REACHABLE_ANYTIME)
            kr_say(buf, cap, "%s", _("Can be reached at any time."));
        else
            kr_say(buf, cap, "%s",
                   _("Can be reached in the evenings and at weekends, when "
                     "a mentor is needed most."));
        break;
    case KRING_REASON_IN_HOUSEHOLD:
        kr_say(buf, cap, _("Lives with %s."), yp);
        break;
    case KRING_REASON_KNOWS_HOUSEHOLD:
        if (k->household_known == 1)
            kr_say(buf, cap, _("Knows %s, who lives with %s."),
                   c->people[k->household_known1].name, yp);
        else
            kr_say(buf, cap,
                   P_("Knows %s and %zu other person who live with %s.",
                      "Knows %s and %zu other people who live with %s.",
                      (unsigned long)(k->household_known - 1)),
                   c->people[k->household_known1].name, k->household_known - 1,
                   yp);
        break;
    case KRING_REASON_BRIDGES:
        list_bits(k->bridged, KRING_SECTOR_COUNT, sector_label, list,
                  sizeof list);
        kr_say(buf, cap, _("Knows people in other parts of %s's life: %s."), yp,
               list);
        break;
    case KRING_REASON_WILLING:
        kr_say(buf, cap, "%s", _("Has said yes to being a mentor."));
        break;
    case KRING_REASON_NOT_RECORDED:
        list_bits(k->not_recorded, 5, missing_label, list, sizeof list);
        kr_say(buf, cap,
               _("Not recorded yet: %s. What is not recorded counts as "
                 "nothing."),
               list);
        break;
    default:
        buf[0] = '\0';
        break;
    }
    return whole(buf, cap);
}

const char *kring_warning_text(const kring_case *c, const kring_candidate *k,
                               kring_warning w, char *buf, size_t cap)
{
    const kring_person *p = &c->people[k->person];
    const char *yp = c->name;

    if (cap == 0)
        return buf;
    switch (w) {
    case KRING_WARN_CONCERN:
        kr_say(buf, cap, "%s",
               _("A concern is noted: talk it over. In JIM practice the "
                 "relation counts, not the past."));
        break;
    case KRING_WARN_ABSENT:
        kr_say(buf, cap, "%s", _("Out of reach for now."));
        break;
    case KRING_WARN_CONFLICT_WITH_PARENT:
        if (k->household_conflict == 1)
            kr_say(buf, cap, _("In conflict with %s, who lives with %s."),
                   c->people[k->household_conflict1].name, yp);
        else
            kr_say(buf, cap,
                   P_("In conflict with %s and %zu other person who live "
                      "with %s.",
                      "In conflict with %s and %zu other people who live "
                      "with %s.",
                      (unsigned long)(k->household_conflict - 1)),
                   c->people[k->household_conflict1].name,
                   k->household_conflict - 1, yp);
        break;
    case KRING_WARN_STRAINED_RELATION:
        if (p->quality == KRING_QUALITY_BROKEN)
            kr_say(buf, cap, _("The relation with %s is broken."), yp);
        else
            kr_say(buf, cap, _("The relation with %s is strained."), yp);
        break;
    case KRING_WARN_FAR_AWAY:
        kr_say(buf, cap,
               P_("Lives %d minute away: far for meeting regularly.",
                  "Lives %d minutes away: far for meeting regularly.",
                  (unsigned long)p->travel_minutes),
               p->travel_minutes);
        break;
    case KRING_WARN_NOT_EVENINGS_WEEKENDS:
        if (p->reachable == KRING_REACHABLE_OFFICE_HOURS)
            kr_say(buf, cap, "%s",
                   _("Reachable in office hours only; a mentor is needed "
                     "most in the evenings and at weekends."));
        else
            kr_say(buf, cap, "%s", _("Hard to reach."));
        break;
    case KRING_WARN_RARE_CONTACT:
        kr_say(buf, cap, _("Sees %s once a year or less."), yp);
        break;
    default:
        buf[0] = '\0';
        break;
    }
    return whole(buf, cap);
}

const char *kring_exclusion_text(const kring_case *c, const kring_candidate *k,
                                 kring_exclusion e, const kring_weights *w,
                                 char *buf, size_t cap)
{
    const kring_person *p = &c->people[k->person];
    int min_age = w ? w->minimum_age : KRING_ADULT_AGE;

    if (cap == 0)
        return buf;
    switch (e) {
    case KRING_EXCL_PARENT:
        kr_say(buf, cap, "%s",
               _("A parent: JIM practice looks for a mentor beside the "
                 "parents, not one of them."));
        break;
    case KRING_EXCL_FORMAL:
        kr_say(buf, cap, "%s",
               _("A paid professional: a mentor comes from the young "
                 "person's own network."));
        break;
    case KRING_EXCL_MINOR:
        if (p->age >= 0)
            kr_say(buf, cap,
                   P_("%d year old: a mentor is at least %d.",
                      "%d years old: a mentor is at least %d.",
                      (unsigned long)p->age),
                   p->age, min_age);
        else if (kring_person_is_adult(p))
            kr_say(buf, cap,
                   _("Age not recorded: a mentor must be at least %d."),
                   min_age);
        else
            kr_say(buf, cap,
                   _("Not known to be an adult: record an age or 'adult' "
                     "if they are %d or older."),
                   min_age);
        break;
    case KRING_EXCL_DECEASED:
        kr_say(buf, cap, "%s", _("Has died."));
        break;
    case KRING_EXCL_UNWILLING:
        kr_say(buf, cap, "%s", _("Has said no to being a mentor."));
        break;
    case KRING_EXCL_UNSAFE:
        kr_say(buf, cap, _("%s says this person frightens them."), c->name);
        break;
    default:
        buf[0] = '\0';
        break;
    }
    return whole(buf, cap);
}
