/* The words of the model: enumerations, the defaults that follow from a
 * role, and the checks of a person's fields. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "model_internal.h"

static const char *const sector_names[] = {
    "household", "family",    "friends", "school", "neighbourhood",
    "leisure",   "community", "online",  "care",
};
static const char *const role_names[] = {
    "parent",       "stepparent",   "foster_parent", "sibling",
    "grandparent",  "aunt_uncle",   "cousin",        "relative",
    "friend",       "partner",      "classmate",     "teacher",
    "school_staff", "coach",        "neighbour",     "family_friend",
    "faith_leader", "youth_worker", "professional",  "other",
};
static const char *const support_names[] = {
    "emotional", "practical", "advice", "fun", "shelter", "advocacy",
};
static const char *const contact_names[] = {
    NULL, "daily", "weekly", "monthly", "yearly", "rarely",
};
static const char *const reachable_names[] = {
    NULL, "anytime", "evenings_weekends", "office_hours", "rarely",
};
static const char *const quality_names[] = {
    "positive",
    "mixed",
    "strained",
    "broken",
};
static const char *const status_names[] = {"active", "absent", "deceased"};
static const char *const willing_names[] = {"unknown", "yes", "no"};
static const char *const strength_names[] = {"weak", "strong"};
static const char *const tie_quality_names[] = {
    "positive",
    "mixed",
    "conflict",
};
static const char *const choice_status_names[] = {
    "asked",     "parents_agreed", "accepted", "active",
    "evaluated", "ended",          "declined",
};
static const char *const suggestion_kind_names[] = {"right", "closer",
                                                    "further", "missing"};
static const char *const suggestion_status_names[] = {"open", "accepted",
                                                      "declined"};
static const char *const placement_names[] = {
    NULL, "averted", "shortened", "happened", "not_at_issue",
};
static const char *const school_names[] = {
    NULL, "stayed", "returned", "dropped_out", "not_at_issue",
};
static const char *const goals_names[] = {NULL, "met", "partly", "not_met"};

#define ENUM(a)                                                                \
    {                                                                          \
        a, (int)(sizeof a / sizeof a[0])                                       \
    }
static const struct {
    const char *const *names;
    int count;
} enums[KRING_ENUM_COUNT] = {
    ENUM(sector_names),
    ENUM(role_names),
    ENUM(support_names),
    ENUM(contact_names),
    ENUM(reachable_names),
    ENUM(quality_names),
    ENUM(status_names),
    ENUM(willing_names),
    ENUM(strength_names),
    ENUM(tie_quality_names),
    ENUM(choice_status_names),
    ENUM(suggestion_kind_names),
    ENUM(suggestion_status_names),
    ENUM(placement_names),
    ENUM(school_names),
    ENUM(goals_names),
};

const char *kring_enum_name(kring_enum e, int value)
{
    if ((unsigned)e >= KRING_ENUM_COUNT || value < 0 || value >= enums[e].count)
        return NULL;
    return enums[e].names[value];
}

int kring_enum_count(kring_enum e)
{
    return (unsigned)e < KRING_ENUM_COUNT ? enums[e].count : 0;
}

int kring_enum_parse(kring_enum e, const char *name)
{
    int i;

    if ((unsigned)e >= KRING_ENUM_COUNT || name == NULL)
        return -1;
    for (i = 0; i < enums[e].count; i++)
        if (enums[e].names[i] && enums[e].names[i][0] == name[0] &&
            strcmp(enums[e].names[i], name) == 0)
            return i;
    return -1;
}

const char *kring_enum_list(kring_enum e)
{
    static char lists[KRING_ENUM_COUNT][256];
    char *buf;
    size_t used = 0;
    int i;

    if ((unsigned)e >= KRING_ENUM_COUNT)
        return "";
    buf = lists[e];
    if (buf[0] != '\0')
        return buf;
    for (i = 0; i < enums[e].count; i++) {
        if (enums[e].names[i] == NULL)
            continue;
        used += (size_t)snprintf(buf + used, sizeof lists[e] - used, "%s%s",
                                 used ? ", " : "", enums[e].names[i]);
    }
    return buf;
}

kring_sector kring_role_sector(kring_role r)
{
    switch (r) {
    case KRING_ROLE_PARENT:
    case KRING_ROLE_STEPPARENT:
    case KRING_ROLE_FOSTER_PARENT:
    case KRING_ROLE_SIBLING:
        return KRING_SECTOR_HOUSEHOLD;
    case KRING_ROLE_GRANDPARENT:
    case KRING_ROLE_AUNT_UNCLE:
    case KRING_ROLE_COUSIN:
    case KRING_ROLE_RELATIVE:
        return KRING_SECTOR_FAMILY;
    case KRING_ROLE_FRIEND:
    case KRING_ROLE_PARTNER:
    case KRING_ROLE_FAMILY_FRIEND:
        return KRING_SECTOR_FRIENDS;
    case KRING_ROLE_CLASSMATE:
    case KRING_ROLE_TEACHER:
    case KRING_ROLE_SCHOOL_STAFF:
        return KRING_SECTOR_SCHOOL;
    case KRING_ROLE_COACH:
        return KRING_SECTOR_LEISURE;
    case KRING_ROLE_NEIGHBOUR:
        return KRING_SECTOR_NEIGHBOURHOOD;
    case KRING_ROLE_PROFESSIONAL:
        return KRING_SECTOR_CARE;
    case KRING_ROLE_FAITH_LEADER:
    case KRING_ROLE_YOUTH_WORKER:
    case KRING_ROLE_OTHER:
    default:
        return KRING_SECTOR_COMMUNITY;
    }
}

bool kring_role_is_formal(kring_role r)
{
    return r == KRING_ROLE_PROFESSIONAL;
}

bool kring_role_is_adult(kring_role r)
{
    switch (r) {
    case KRING_ROLE_PARENT:
    case KRING_ROLE_STEPPARENT:
    case KRING_ROLE_FOSTER_PARENT:
    case KRING_ROLE_GRANDPARENT:
    case KRING_ROLE_AUNT_UNCLE:
    case KRING_ROLE_TEACHER:
    case KRING_ROLE_SCHOOL_STAFF:
    case KRING_ROLE_COACH:
    case KRING_ROLE_NEIGHBOUR:
    case KRING_ROLE_FAMILY_FRIEND:
    case KRING_ROLE_FAITH_LEADER:
    case KRING_ROLE_YOUTH_WORKER:
    case KRING_ROLE_PROFESSIONAL:
        return true;
    default:
        return false;
    }
}

bool kring_person_is_adult(const kring_person *p)
{
    if (p->age >= 0)
        return p->age >= KRING_ADULT_AGE;
    if (p->adult >= 0)
        return p->adult != 0;
    return kring_role_is_adult(p->role);
}

bool kring_person_in_household(const kring_person *p)
{
    return p->lives_with_child || p->sector == KRING_SECTOR_HOUSEHOLD;
}

void kring_person_init(kring_person *p, kring_role role, int ring)
{
    memset(p, 0, sizeof *p);
    p->role = role;
    p->sector = kring_role_sector(role);
    p->ring = ring;
    p->age = -1;
    p->known_years = -1;
    p->hours_per_week = -1;
    p->travel_minutes = -1;
    p->formal = kring_role_is_formal(role);
    p->willing = KRING_WILLING_UNKNOWN;
    p->adult = -1;
}

void kring_person_release(kring_person *p)
{
    if (p == NULL)
        return;
    kr_free(p->id);
    kr_free(p->name);
    kr_free(p->notes);
    kr_free(p->youth_note);
    kr_free(p->extra);
    p->id = p->name = p->notes = p->youth_note = p->extra = NULL;
}

void kring_tie_init(kring_tie *t)
{
    memset(t, 0, sizeof *t);
}

void kring_tie_release(kring_tie *t)
{
    if (t == NULL)
        return;
    kr_free(t->a);
    kr_free(t->b);
    kr_free(t->extra);
    t->a = t->b = t->extra = NULL;
}

static const struct {
    const char *name;
    double min, max;
    int integer; /* 1: whole numbers; 2: at most one decimal */
    const char *rule;
} ranges[KR_FIELD_COUNT] = {
    {"ring", 1, 3, 1, N_("ring must be 1, 2 or 3")},
    {"age", 0, KRING_AGE_MAX, 1,
     N_("age must be a whole number from 0 to 120")},
    {"known_years", 0, KRING_AGE_MAX, 2,
     N_("known_years must be a number from 0 to 120 with at most one "
        "decimal")},
    {"hours_per_week", 0, KRING_HOURS_MAX, 0,
     N_("hours_per_week must be a number from 0 to 168")},
    {"travel_minutes", 0, KRING_TRAVEL_MAX, 1,
     N_("travel_minutes must be a whole number from 0 to 1440")},
    {"birth_year", KRING_BIRTH_YEAR_MIN, KRING_BIRTH_YEAR_MAX, 1,
     N_("birth_year must be a year from 1900 to 2100")},
    {"satisfaction", 1, 10, 1,
     N_("satisfaction must be a whole number from 1 to 10")},
};

const char *kr_field_name(kr_field field)
{
    return ranges[field].name;
}

int kr_field_is_integer(kr_field field)
{
    return ranges[field].integer == 1;
}

double kr_tenths(double v)
{
    return round(v * 10.0) / 10.0;
}

/* Whether V has at most one decimal: 4.9 read from text is 49.00000000000001
 * tenths, 4.95 is 49.5. */
static int one_decimal(double v)
{
    return fabs(v * 10.0 - round(v * 10.0)) < 1e-6;
}

kring_status kr_check_range(kr_field field, double v, kring_error *err)
{
    if (isnan(v) || v < ranges[field].min || v > ranges[field].max ||
        (ranges[field].integer == 1 && v != floor(v)) ||
        (ranges[field].integer == 2 && !one_decimal(v)))
        return kr_error_set(err, KRING_ERR_INVALID, "%s",
                            _(ranges[field].rule));
    return KRING_OK;
}

void kr_field_store(kr_field field, void *at, double v)
{
    if (field == KR_FIELD_HOURS_PER_WEEK)
        *(double *)at = v;
    else if (field == KR_FIELD_KNOWN_YEARS)
        *(double *)at = kr_tenths(v);
    else
        *(int *)at = (int)v;
}

kring_status kr_check_adult(int age, int adult, kring_error *err)
{
    if (age >= 0 && adult >= 0 && (age >= KRING_ADULT_AGE) != (adult != 0))
        return kr_error_set(err, KRING_ERR_INVALID,
                            _("adult is %s but age %d says the person is %s"),
                            adult ? "true" : "false", age,
                            age >= KRING_ADULT_AGE ? _("an adult")
                                                   : _("not an adult"));
    return KRING_OK;
}

static kring_status check_enum(kring_enum e, const char *field, int value,
                               int allow_unknown, kring_error *err)
{
    if (value < 0 || value >= kring_enum_count(e) ||
        (!allow_unknown && kring_enum_name(e, value) == NULL))
        return kr_error_set(err, KRING_ERR_INVALID, _("%s must be one of: %s"),
                            field, kring_enum_list(e));
    return KRING_OK;
}

static kring_status check_id(const char *id, kring_error *err)
{
    if (id != NULL && kring_id_valid(id))
        return KRING_OK;
    return kr_error_set(err, KRING_ERR_INVALID,
                        _("id '%s' must be lowercase letters and digits in "
                          "groups joined by '-', at most %d bytes"),
                        id ? id : "", KRING_ID_MAX);
}

/* A number not recorded (-1) is fine; else it must be in FIELD's range. */
static kring_status check_optional(kr_field field, double v, kring_error *err)
{
    return v == -1 ? KRING_OK : kr_check_range(field, v, err);
}

static kring_status check_adult(const kring_person *p, kring_error *err)
{
    if (p->adult < -1 || p->adult > 1)
        return kr_error_set(err, KRING_ERR_INVALID, "%s",
                            _("adult must be true or false"));
    return kr_check_adult(p->age, p->adult, err);
}

static kring_status check_support(unsigned support, kring_error *err)
{
    if (support < (1u << KRING_SUPPORT_KINDS))
        return KRING_OK;
    return kr_error_set(err, KRING_ERR_INVALID,
                        _("support must be a set of: %s"),
                        kring_enum_list(KRING_ENUM_SUPPORT));
}

/* Each step names its field before it runs, so that a failure says where
 * it is without reading the (translated) message. */
#define CHECK(name, call)                                                      \
    do {                                                                       \
        *field = (name);                                                       \
        if ((rc = (call)) != KRING_OK)                                         \
            return rc;                                                         \
    } while (0)

kring_status kr_person_check(const kring_person *p, const char **field,
                             kring_error *err)
{
    kring_status rc;

    CHECK("id", check_id(p->id, err));
    CHECK("name", kr_check_name("name", p->name, err));
    CHECK("role", check_enum(KRING_ENUM_ROLE, "role", (int)p->role, 0, err));
    CHECK("sector",
          check_enum(KRING_ENUM_SECTOR, "sector", (int)p->sector, 0, err));
    CHECK("ring", kr_check_range(KR_FIELD_RING, p->ring, err));
    CHECK("age", check_optional(KR_FIELD_AGE, p->age, err));
    CHECK("contact",
          check_enum(KRING_ENUM_CONTACT, "contact", (int)p->contact, 1, err));
    CHECK("known_years",
          check_optional(KR_FIELD_KNOWN_YEARS, p->known_years, err));
    CHECK("support", check_support(p->support, err));
    CHECK("hours_per_week",
          check_optional(KR_FIELD_HOURS_PER_WEEK, p->hours_per_week, err));
    CHECK("travel_minutes",
          check_optional(KR_FIELD_TRAVEL_MINUTES, p->travel_minutes, err));
    CHECK("reachable", check_enum(KRING_ENUM_REACHABLE, "reachable",
                                  (int)p->reachable, 1, err));
    CHECK("quality",
          check_enum(KRING_ENUM_QUALITY, "quality", (int)p->quality, 0, err));
    CHECK("status",
          check_enum(KRING_ENUM_STATUS, "status", (int)p->status, 0, err));
    CHECK("willing",
          check_enum(KRING_ENUM_WILLING, "willing", (int)p->willing, 0, err));
    CHECK("adult", check_adult(p, err));
    CHECK("notes", kr_check_notes("notes", p->notes, err));
    CHECK("youth_note", kr_check_line("youth_note", p->youth_note,
                                      KRING_YOUTH_NOTE_MAX, err));
    *field = NULL;
    return KRING_OK;
}

kring_status kr_case_header_check(const kring_case *c, const char **field,
                                  kring_error *err)
{
    kring_status rc;

    *field = "code";
    if (!kring_code_valid(c->code, KRING_CODE_MAX))
        return kr_error_set(err, KRING_ERR_INVALID,
                            _("code '%s' must be 1 to %d letters, digits, "
                              "'-', '_' or '.', starting with a letter or "
                              "digit"),
                            c->code ? c->code : "", KRING_CODE_MAX);
    CHECK("name", kr_check_name("name", c->name, err));
    CHECK("birth_year",
          c->birth_year == 0
              ? KRING_OK
              : kr_check_range(KR_FIELD_BIRTH_YEAR, c->birth_year, err));
    CHECK("notes", kr_check_notes("notes", c->notes, err));
    *field = NULL;
    return KRING_OK;
}

#undef CHECK

kring_status kring_person_validate(const kring_person *p, kring_error *err)
{
    const char *field;

    return kr_person_check(p, &field, err);
}

kring_status kring_case_validate_header(const kring_case *c, kring_error *err)
{
    const char *field;

    return kr_case_header_check(c, &field, err);
}
