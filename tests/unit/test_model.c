/* The model: defaults that follow from a role, the adult rule, checks of
 * fields, ids, and finding people. Known answers are from PRODUCT.md. */
#include <criterion/criterion.h>
#include <string.h>

#include "helpers.h"
#include "kring/kring.h"
#include "model_internal.h"

/* The sector of each role, typed from the contract's list. */
static const struct {
    const char *role, *sector;
    int adult;
} roles[] = {
    {"parent", "household", 1},        {"stepparent", "household", 1},
    {"foster_parent", "household", 1}, {"sibling", "household", 0},
    {"grandparent", "family", 1},      {"aunt_uncle", "family", 1},
    {"cousin", "family", 0},           {"relative", "family", 0},
    {"friend", "friends", 0},          {"partner", "friends", 0},
    {"family_friend", "friends", 1},   {"classmate", "school", 0},
    {"teacher", "school", 1},          {"school_staff", "school", 1},
    {"coach", "leisure", 1},           {"neighbour", "neighbourhood", 1},
    {"faith_leader", "community", 1},  {"youth_worker", "community", 1},
    {"other", "community", 0},         {"professional", "care", 1},
};

Test(model, every_role_has_the_sector_and_adulthood_of_the_contract)
{
    size_t i;

    cr_assert_eq(kring_enum_count(KRING_ENUM_ROLE), 20);
    for (i = 0; i < sizeof roles / sizeof roles[0]; i++) {
        int r = kring_enum_parse(KRING_ENUM_ROLE, roles[i].role);
        cr_assert_geq(r, 0, "role %s", roles[i].role);
        cr_assert_str_eq(kring_enum_name(KRING_ENUM_SECTOR,
                                         (int)kring_role_sector((kring_role)r)),
                         roles[i].sector, "sector of %s", roles[i].role);
        cr_assert_eq(kring_role_is_adult((kring_role)r), roles[i].adult,
                     "adulthood of %s", roles[i].role);
        cr_assert_eq(kring_role_is_formal((kring_role)r),
                     strcmp(roles[i].role, "professional") == 0);
    }
}

Test(model, a_new_person_has_the_documented_defaults)
{
    kring_person p;

    kring_person_init(&p, KRING_ROLE_PROFESSIONAL, 2);
    cr_assert_eq(p.sector, KRING_SECTOR_CARE);
    cr_assert_eq(p.status, KRING_STATUS_ACTIVE);
    cr_assert_eq(p.quality, KRING_QUALITY_POSITIVE);
    cr_assert_eq(p.willing, KRING_WILLING_UNKNOWN);
    cr_assert(p.formal);
    cr_assert(!p.concern && !p.frightens && !p.nominated);
    cr_assert(!p.lives_with_child);
    cr_assert_eq(p.support, 0u);
    cr_assert_eq(p.age, -1);
    cr_assert_eq(p.adult, -1);
}

Test(model, age_decides_adulthood_then_explicit_adult_then_role)
{
    kring_person p;

    kring_person_init(&p, KRING_ROLE_FRIEND, 1);
    cr_assert(!kring_person_is_adult(&p), "a friend is not assumed adult");
    p.adult = 1;
    cr_assert(kring_person_is_adult(&p), "explicit adult decides");
    p.adult = -1;
    p.age = 18;
    cr_assert(kring_person_is_adult(&p), "18 is adult");
    p.age = 17;
    cr_assert(!kring_person_is_adult(&p), "17 is not");
    kring_person_init(&p, KRING_ROLE_COACH, 1);
    cr_assert(kring_person_is_adult(&p), "a coach is taken as adult");
    p.age = 16;
    cr_assert(!kring_person_is_adult(&p), "but age wins");
}

Test(model, household_is_lives_with_child_or_the_household_sector)
{
    kring_person p;

    kring_person_init(&p, KRING_ROLE_GRANDPARENT, 1);
    cr_assert(!kring_person_in_household(&p));
    p.lives_with_child = true;
    cr_assert(kring_person_in_household(&p));
    kring_person_init(&p, KRING_ROLE_SIBLING, 1);
    cr_assert(kring_person_in_household(&p));
}

static kring_person valid_person(void)
{
    kring_person p;

    kring_person_init(&p, KRING_ROLE_GRANDPARENT, 1);
    p.id = "oma-ria";
    p.name = "Oma Ria";
    p.notes = "";
    return p;
}

struct bad_field {
    const char *what;
    void (*spoil)(kring_person *);
    const char *message;
};

static void ring0(kring_person *p)
{
    p->ring = 0;
}
static void ring4(kring_person *p)
{
    p->ring = 4;
}
static void age121(kring_person *p)
{
    p->age = 121;
}
static void hours169(kring_person *p)
{
    p->hours_per_week = 168.5;
}
static void travel(kring_person *p)
{
    p->travel_minutes = 1441;
}
static void known(kring_person *p)
{
    p->known_years = 200;
}
static void noname(kring_person *p)
{
    p->name = "";
}
static void badid(kring_person *p)
{
    p->id = "Oma Ria";
}
static void contradiction(kring_person *p)
{
    p->age = 12;
    p->adult = 1;
}
static void control(kring_person *p)
{
    p->name = "Oma\nRia";
}
static void badutf8(kring_person *p)
{
    p->name = "Zo\xe9";
}
static void longname(kring_person *p)
{
    static char name[202];
    memset(name, 'a', 201);
    name[201] = '\0';
    p->name = name;
}

Test(model, every_broken_rule_is_refused_with_its_field_first)
{
    static const struct bad_field cases[] = {
        {"ring 0", ring0, "ring must be 1, 2 or 3"},
        {"ring 4", ring4, "ring must be 1, 2 or 3"},
        {"age", age121, "age must be a whole number from 0 to 120"},
        {"hours", hours169, "hours_per_week must be a number from 0 to 168"},
        {"travel", travel,
         "travel_minutes must be a whole number from 0 to 1440"},
        {"known", known,
         "known_years must be a number from 0 to 120 with at most one "
         "decimal"},
        {"empty name", noname, "name must not be empty"},
        {"id", badid, "id 'Oma Ria' must be lowercase"},
        {"adult", contradiction,
         "adult is true but age 12 says the person is not an adult"},
        {"control", control, "name must not contain control characters"},
        {"utf8", badutf8, "name is not valid UTF-8"},
        {"long", longname, "name is longer than 200 bytes"},
    };
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        kring_person p = valid_person();
        kring_error err;
        cr_assert_eq(kring_person_validate(&p, &err), KRING_OK);
        cases[i].spoil(&p);
        cr_assert_neq(kring_person_validate(&p, &err), KRING_OK, "%s",
                      cases[i].what);
        cr_assert(
            strncmp(err.text, cases[i].message, strlen(cases[i].message)) == 0,
            "%s: got '%s'", cases[i].what, err.text);
    }
}

Test(model, a_failed_check_names_its_field_without_reading_the_message)
{
    static const struct {
        void (*spoil)(kring_person *);
        const char *field;
    } cases[] = {
        {ring4, "ring"},
        {age121, "age"},
        {hours169, "hours_per_week"},
        {travel, "travel_minutes"},
        {known, "known_years"},
        {noname, "name"},
        {badid, "id"},
        {contradiction, "adult"},
    };
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        kring_person p = valid_person();
        const char *field = "unset";
        cases[i].spoil(&p);
        /* No error record at all: the field must not come from its text. */
        cr_assert_neq(kr_person_check(&p, &field, NULL), KRING_OK);
        cr_assert_str_eq(field, cases[i].field);
    }
}

Test(model, ids_are_lowercase_slugs)
{
    cr_assert(kring_id_valid("oma-ria"));
    cr_assert(kring_id_valid("a1"));
    cr_assert(!kring_id_valid(""));
    cr_assert(!kring_id_valid("-a"));
    cr_assert(!kring_id_valid("a-"));
    cr_assert(!kring_id_valid("a--b"));
    cr_assert(!kring_id_valid("Oma"));
    cr_assert(!kring_id_valid("oma ria"));
    cr_assert(!kring_id_valid("zoë"));
    cr_assert(kring_id_valid(
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
    cr_assert(!kring_id_valid(
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
}

Test(model, an_id_is_made_from_any_name)
{
    static const char *const pairs[][2] = {
        {"Oma Ria", "oma-ria"},
        {"Zoë", "zoe"},
        {"Jeroen Ĳsselmuiden", "jeroen-ijsselmuiden"},
        {"Anneke van 't Hoff", "anneke-van-t-hoff"},
        {"  Ömer   Çelik ", "omer-celik"},
        {"<script>", "script"},
        {"李小龙", "person"},
        {"Straße", "strasse"},
    };
    size_t i;

    for (i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        char *id = kring_id_from_name(NULL, pairs[i][0]);
        cr_assert_str_eq(id, pairs[i][1], "from '%s'", pairs[i][0]);
        cr_assert(kring_id_valid(id));
        free(id);
    }
}

static kring_case *small_case(void)
{
    kring_case *c = kring_case_new();
    const char *names[] = {"Sanne", "Sanne", "Oma Ria"};
    size_t i;

    c->code = strdup("2026-001");
    c->name = strdup("Test");
    c->notes = strdup("");
    for (i = 0; i < 3; i++) {
        kring_person p;
        kring_error err;
        kring_person_init(&p, KRING_ROLE_FRIEND, 1);
        p.name = strdup(names[i]);
        p.notes = strdup("");
        cr_assert_eq(kring_case_add_person(c, &p, &err), KRING_OK, "%s",
                     err.text);
    }
    return c;
}

Test(model, same_names_get_numbered_ids_and_are_ambiguous_by_name)
{
    kring_case *c = small_case();
    kring_error err;
    size_t at;

    cr_assert_str_eq(c->people[0].id, "sanne");
    cr_assert_str_eq(c->people[1].id, "sanne-2");
    cr_assert_eq(kring_case_resolve(c, "Sanne", &at, &err),
                 KRING_ERR_AMBIGUOUS);
    cr_assert(strstr(err.text, "sanne, sanne-2") != NULL, "%s", err.text);
    cr_assert_eq(kring_case_resolve(c, "sanne-2", &at, &err), KRING_OK);
    cr_assert_eq(at, 1);
    cr_assert_eq(kring_case_resolve(c, "oma ria", &at, &err), KRING_OK);
    cr_assert_eq(at, 2);
    cr_assert_eq(kring_case_resolve(c, "nobody", &at, &err),
                 KRING_ERR_NOT_FOUND);
    cr_assert_str_eq(err.text, "case '2026-001' has no person 'nobody'");
    kring_case_free(c);
}

static kring_tie tie(const char *a, const char *b)
{
    kring_tie t;

    kring_tie_init(&t);
    t.a = strdup(a);
    t.b = strdup(b);
    return t;
}

Test(model, a_tie_joins_two_distinct_existing_people_once)
{
    kring_case *c = small_case();
    kring_error err;
    kring_tie t;

    t = tie("sanne", "oma-ria");
    cr_assert_eq(kring_case_add_tie(c, &t, &err), KRING_OK);
    t = tie("oma-ria", "sanne");
    cr_assert_eq(kring_case_add_tie(c, &t, &err), KRING_ERR_EXISTS);
    kring_tie_release(&t);
    t = tie("sanne", "sanne");
    cr_assert_eq(kring_case_add_tie(c, &t, &err), KRING_ERR_INVALID);
    kring_tie_release(&t);
    t = tie("sanne", "nobody");
    cr_assert_eq(kring_case_add_tie(c, &t, &err), KRING_ERR_NOT_FOUND);
    kring_tie_release(&t);
    cr_assert_eq(c->n_ties, 1);
    kring_case_remove_person(c, 0);
    cr_assert_eq(c->n_ties, 0, "removing a person removes their ties");
    kring_case_free(c);
}

Test(model, a_case_with_no_people_is_valid)
{
    kring_case c = {0};
    kring_error err;

    c.code = "2026-000";
    c.name = "Leeg";
    cr_assert_eq(kring_case_validate(&c, &err), KRING_OK);
    c.code = "has space";
    cr_assert_eq(kring_case_validate(&c, &err), KRING_ERR_INVALID);
    cr_assert(strstr(err.text, "case.code") != NULL, "%s", err.text);
}

Test(model, enums_parse_and_list_their_names)
{
    cr_assert_eq(kring_enum_parse(KRING_ENUM_CONTACT, "weekly"),
                 KRING_CONTACT_WEEKLY);
    cr_assert_eq(kring_enum_parse(KRING_ENUM_CONTACT, "Weekly"), -1);
    cr_assert_str_eq(kring_enum_list(KRING_ENUM_CONTACT),
                     "daily, weekly, monthly, yearly, rarely");
    cr_assert_str_eq(kring_enum_list(KRING_ENUM_STRENGTH), "weak, strong");
}
