/* A person's fields from their text, as the command line's options and
 * the web pages' forms give them, and a person's version: one set of
 * rules and messages for every way a person is changed. */
#include <libintl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"
#include "kring/model.h"

kring_status kring_enum_value(kring_enum e, const char *field,
                              const char *value, int *out, kring_error *err)
{
    int v = kring_enum_parse_word(e, value);
    char words[512];

    if (v < 0) {
        kring_enum_words(e, words, sizeof words);
        return kr_error_set(err, KRING_ERR_INVALID,
                            _("--%s must be one of: %s (not '%s')"), field,
                            words, value);
    }
    *out = v;
    return KRING_OK;
}

kring_status kring_int_value(const char *field, const char *value, int optional,
                             int *out, kring_error *err)
{
    char *end;
    long v;

    if (value[0] == '\0' && optional) {
        *out = -1;
        return KRING_OK;
    }
    v = strtol(value, &end, 10);
    if (value[0] == '\0' || *end != '\0' || v < 0 || v > 100000)
        return kr_error_set(err, KRING_ERR_INVALID,
                            _("--%s must be a whole number, not '%s'"), field,
                            value);
    *out = (int)v;
    return KRING_OK;
}

/* yes or no, in the case file's words or the language's ("ja", "nee");
 * NULL is yes (a flag given alone). */
static kring_status bool_value(const char *field, const char *value, int *out,
                               kring_error *err)
{
    if (value == NULL || strcmp(value, "yes") == 0 ||
        strcmp(value, "true") == 0 || strcmp(value, "1") == 0 ||
        strcasecmp(value, _("yes")) == 0)
        *out = 1;
    else if (strcmp(value, "no") == 0 || strcmp(value, "false") == 0 ||
             strcmp(value, "0") == 0 || strcasecmp(value, _("no")) == 0)
        *out = 0;
    else
        return kr_error_set(err, KRING_ERR_INVALID,
                            _("--%s takes yes or no, not '%s'"), field, value);
    return KRING_OK;
}

static kring_status support_value(const char *value, unsigned *out,
                                  kring_error *err)
{
    char buf[256], words[256];
    char *tok, *save = NULL;
    unsigned set = 0;
    kring_status rc;
    int v = 0;

    if (strlen(value) >= sizeof buf) {
        kring_enum_words(KRING_ENUM_SUPPORT, words, sizeof words);
        return kr_error_set(err, KRING_ERR_INVALID,
                            _("--support must be a set of: %s"), words);
    }
    strcpy(buf, value);
    for (tok = strtok_r(buf, ", ", &save); tok;
         tok = strtok_r(NULL, ", ", &save)) {
        if ((rc =
                 kring_enum_value(KRING_ENUM_SUPPORT, "support", tok, &v, err)))
            return rc;
        set |= 1u << v;
    }
    *out = set;
    return KRING_OK;
}

/* Years known: a number from 0 to 120 with at most one decimal ("4.9",
 * "13", "13.0"), into *OUT as tenths made exact; "" is not recorded. */
static kring_status years_value(const char *value, double *out,
                                kring_error *err)
{
    const char *s = value;
    long tenths = 0;
    int digits = 0;

    if (value[0] == '\0') {
        *out = -1;
        return KRING_OK;
    }
    while (*s >= '0' && *s <= '9' && digits < 4) {
        tenths = tenths * 10 + (*s++ - '0');
        digits++;
    }
    tenths *= 10;
    if (digits > 0 && *s == '.' && s[1] >= '0' && s[1] <= '9') {
        tenths += s[1] - '0';
        s += 2;
    }
    if (digits == 0 || digits == 4 || *s != '\0' || tenths > 10 * KRING_AGE_MAX)
        return kr_error_set(err, KRING_ERR_INVALID,
                            _("--known-years must be a number from 0 to 120 "
                              "with at most one decimal, not '%s'"),
                            value);
    *out = (double)tenths / 10.0;
    return KRING_OK;
}

static kring_status hours_value(const char *value, double *out,
                                kring_error *err)
{
    char *end;

    if (value[0] == '\0') {
        *out = -1;
        return KRING_OK;
    }
    *out = strtod(value, &end);
    if (*end != '\0' || !(*out >= 0))
        return kr_error_set(err, KRING_ERR_INVALID,
                            _("--hours-per-week must be a number, not '%s'"),
                            value);
    return KRING_OK;
}

/* A text field: VALUE copied into *SLOT; with EMPTY_NONE, "" is none. */
static kring_status text_value(char **slot, const char *value, int empty_none,
                               kring_error *err)
{
    char *copy = NULL;

    if (!(empty_none && value[0] == '\0') && (copy = kr_strdup(value)) == NULL)
        return kr_nomem(err);
    kr_free(*slot);
    *slot = copy;
    return KRING_OK;
}

/* The enumerated fields, by name: which enumeration; -1 for none. */
static int enum_of(const char *name)
{
    static const struct {
        const char *name;
        kring_enum e;
    } fields[] = {
        {"role", KRING_ENUM_ROLE},           {"sector", KRING_ENUM_SECTOR},
        {"quality", KRING_ENUM_QUALITY},     {"status", KRING_ENUM_STATUS},
        {"willing", KRING_ENUM_WILLING},     {"contact", KRING_ENUM_CONTACT},
        {"reachable", KRING_ENUM_REACHABLE},
    };
    size_t i;

    for (i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (strcmp(name, fields[i].name) == 0)
            return (int)fields[i].e;
    return -1;
}

static void set_enum(kring_person *p, kring_enum e, int v)
{
    switch (e) {
    case KRING_ENUM_ROLE:
        p->role = (kring_role)v;
        break;
    case KRING_ENUM_SECTOR:
        p->sector = (kring_sector)v;
        break;
    case KRING_ENUM_QUALITY:
        p->quality = (kring_quality)v;
        break;
    case KRING_ENUM_STATUS:
        p->status = (kring_pstatus)v;
        break;
    case KRING_ENUM_WILLING:
        p->willing = (kring_willing)v;
        break;
    case KRING_ENUM_CONTACT:
        p->contact = (kring_contact)v;
        break;
    case KRING_ENUM_REACHABLE:
        p->reachable = (kring_reachable)v;
        break;
    default:
        break;
    }
}

/* The yes/no fields. */
static bool *flag_slot(kring_person *p, const char *name)
{
    if (strcmp(name, "formal") == 0)
        return &p->formal;
    if (strcmp(name, "concern") == 0)
        return &p->concern;
    if (strcmp(name, "frightens") == 0)
        return &p->frightens;
    if (strcmp(name, "nominated") == 0)
        return &p->nominated;
    if (strcmp(name, "lives-with-child") == 0)
        return &p->lives_with_child;
    return NULL;
}

kring_status kring_person_set_field(kring_person *p, const char *name,
                                    const char *value, kring_error *err)
{
    bool *slot;
    int v = 0;
    kring_status rc;

    if (value == NULL && flag_slot(p, name) == NULL &&
        strcmp(name, "adult") != 0)
        return kr_error_set(err, KRING_ERR_INVALID, _("--%s needs a value"),
                            name);
    if ((slot = flag_slot(p, name)) != NULL) {
        if ((rc = bool_value(name, value, &v, err)))
            return rc;
        *slot = v != 0;
        return KRING_OK;
    }
    if ((v = enum_of(name)) >= 0) {
        /* Contact and reachable are optional: "" is not recorded. */
        kring_enum e = (kring_enum)v;
        int optional = e == KRING_ENUM_CONTACT || e == KRING_ENUM_REACHABLE;
        v = 0;
        if (!(optional && value[0] == '\0') &&
            (rc = kring_enum_value(e, name, value, &v, err)))
            return rc;
        set_enum(p, e, v);
        return KRING_OK;
    }
    if (strcmp(name, "ring") == 0) {
        if (strcmp(value, "1") && strcmp(value, "2") && strcmp(value, "3"))
            return kr_error_set(err, KRING_ERR_INVALID, "%s",
                                _("ring must be 1, 2 or 3"));
        p->ring = value[0] - '0';
        return KRING_OK;
    }
    if (strcmp(name, "age") == 0)
        return kring_int_value("age", value, 1, &p->age, err);
    if (strcmp(name, "travel-minutes") == 0)
        return kring_int_value("travel-minutes", value, 1, &p->travel_minutes,
                               err);
    if (strcmp(name, "known-years") == 0)
        return years_value(value, &p->known_years, err);
    if (strcmp(name, "hours-per-week") == 0)
        return hours_value(value, &p->hours_per_week, err);
    if (strcmp(name, "support") == 0)
        return support_value(value, &p->support, err);
    if (strcmp(name, "adult") == 0) {
        if (value != NULL && value[0] == '\0') {
            p->adult = -1;
            return KRING_OK;
        }
        if ((rc = bool_value(name, value, &v, err)))
            return rc;
        p->adult = v;
        return KRING_OK;
    }
    /* An empty line for the young person is none. */
    if (strcmp(name, "youth-note") == 0)
        return text_value(&p->youth_note, value, 1, err);
    if (strcmp(name, "notes") == 0)
        return text_value(&p->notes, value, 0, err);
    if (strcmp(name, "name") == 0)
        return text_value(&p->name, value, 0, err);
    if (strcmp(name, "id") == 0)
        return text_value(&p->id, value, 0, err);
    return kr_error_set(err, KRING_ERR_INVALID, _("a person has no field '%s'"),
                        name);
}

/* FNV-1a over N bytes of DATA, then a separator, into *H. */
static void mix(uint64_t *h, const void *data, size_t n)
{
    const unsigned char *b = data;
    size_t i;

    for (i = 0; i < n; i++) {
        *h ^= b[i];
        *h *= 1099511628211u;
    }
    *h ^= 0xff; /* no field runs into the next */
    *h *= 1099511628211u;
}

static void mix_text(uint64_t *h, const char *s)
{
    /* NULL and "" differ: the length first, -1 for NULL. */
    long n = s != NULL ? (long)strlen(s) : -1;

    mix(h, &n, sizeof n);
    if (s != NULL)
        mix(h, s, strlen(s));
}

void kring_person_version(const kring_person *p,
                          char out[KRING_VERSION_LEN + 1])
{
    uint64_t h = 14695981039346656037u;
    const int numbers[] = {(int)p->role,      (int)p->sector,
                           p->ring,           p->age,
                           (int)p->contact,   (int)p->support,
                           p->travel_minutes, (int)p->reachable,
                           (int)p->quality,   (int)p->status,
                           p->formal,         (int)p->willing,
                           p->concern,        p->frightens,
                           p->nominated,      p->lives_with_child,
                           p->adult};
    char hours[32];

    mix_text(&h, p->id);
    mix_text(&h, p->name);
    mix(&h, numbers, sizeof numbers);
    snprintf(hours, sizeof hours, "%.17g", p->hours_per_week);
    mix_text(&h, hours);
    snprintf(hours, sizeof hours, "%.17g", p->known_years);
    mix_text(&h, hours);
    mix_text(&h, p->notes);
    mix_text(&h, p->youth_note);
    mix_text(&h, p->extra);
    snprintf(out, KRING_VERSION_LEN + 1, "%016llx", (unsigned long long)h);
}

void kring_tie_version(const kring_tie *t, char out[KRING_VERSION_LEN + 1])
{
    uint64_t h = 14695981039346656037u;
    const int numbers[] = {(int)t->strength, (int)t->quality};
    /* The pair in either order is the same tie. */
    int swap = t->a != NULL && t->b != NULL && strcmp(t->a, t->b) > 0;

    mix_text(&h, swap ? t->b : t->a);
    mix_text(&h, swap ? t->a : t->b);
    mix(&h, numbers, sizeof numbers);
    mix_text(&h, t->extra);
    snprintf(out, KRING_VERSION_LEN + 1, "%016llx", (unsigned long long)h);
}

kring_status kring_person_set_fields(kring_person *p, const kring_field *f,
                                     size_t n, kring_error *err)
{
    kring_status rc;
    size_t i;

    for (i = 0; i < n; i++)
        if ((rc = kring_person_set_field(p, f[i].name, f[i].value, err)))
            return rc;
    return KRING_OK;
}

/* The value of the field NAME among the N fields F, or NULL. */
static const char *field(const kring_field *f, size_t n, const char *name)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (strcmp(f[i].name, name) == 0)
            return f[i].value;
    return NULL;
}

kring_status kring_person_from_fields(kring_person *p, const kring_field *f,
                                      size_t n, kring_error *err)
{
    const char *role_word = field(f, n, "role");
    kring_status rc = KRING_OK;
    int role = 0;

    kring_person_init(p, KRING_ROLE_OTHER, 1);
    if (role_word != NULL &&
        (rc = kring_enum_value(KRING_ENUM_ROLE, "role", role_word, &role, err)))
        return rc;
    if (role_word == NULL || field(f, n, "ring") == NULL)
        return kr_error_set(err, KRING_ERR_INVALID, "%s",
                            _("person add needs --role and --ring"));
    /* The defaults follow the role; the fields then change what they
     * name. */
    kring_person_init(p, (kring_role)role, 1);
    if ((p->notes = kr_strdup("")) == NULL)
        rc = kr_nomem(err);
    if (rc == KRING_OK)
        rc = kring_person_set_fields(p, f, n, err);
    if (rc == KRING_OK && p->name == NULL)
        rc = kr_error_set(err, KRING_ERR_INVALID, "%s",
                          _("a person needs a name"));
    if (rc != KRING_OK)
        kring_person_release(p);
    return rc;
}
