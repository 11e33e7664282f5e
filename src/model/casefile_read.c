/* Reading a case file (version 1): strict, every error with its place. */
#include <jansson.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "case_internal.h"
#include "casefile_internal.h"
#include "jsonpos.h"

struct reader {
    const char *source; /* file name for messages */
    const char *text;   /* the JSON text, after a byte-order mark */
    size_t len;
    kring_error *err;
    kr_locate_fn locate; /* when not NULL, finds places instead of TEXT */
    void *locate_arg;
};

/* Fills the error with "source:line:col: path: message". KEY, when not
 * NULL, points at that key of the object at PATH instead of at PATH. */
static kring_status failv(struct reader *r, const char *path, const char *key,
                          kring_status code, const char *fmt, va_list ap)
    KR_PRINTF(5, 0);

static kring_status failv(struct reader *r, const char *path, const char *key,
                          kring_status code, const char *fmt, va_list ap)
{
    char msg[KRING_ERROR_TEXT_MAX];
    char where[KR_PATH_MAX + 260];
    int line, col;

    vsnprintf(msg, sizeof msg, fmt, ap);
    if (key != NULL)
        snprintf(where, sizeof where, "%s%s%.256s", path, path[0] ? "." : "",
                 key);
    else
        snprintf(where, sizeof where, "%s", path);
    if (r->locate != NULL) {
        if (r->locate(r->locate_arg, path, key, &line) == 0)
            return kr_error_set(r->err, code, "%s:%d: %s%s%s", r->source, line,
                                where, where[0] ? ": " : "", msg);
    } else if (kr_json_locate(r->text, r->len, path, key, &line, &col) == 0)
        return kr_error_set(r->err, code, "%s:%d:%d: %s%s%s", r->source, line,
                            col, where, where[0] ? ": " : "", msg);
    return kr_error_set(r->err, code, "%s: %s%s%s", r->source, where,
                        where[0] ? ": " : "", msg);
}

static kring_status fail(struct reader *r, const char *path, const char *key,
                         kring_status code, const char *fmt, ...)
    KR_PRINTF(5, 6);

static kring_status fail(struct reader *r, const char *path, const char *key,
                         kring_status code, const char *fmt, ...)
{
    va_list ap;
    kring_status rc;

    va_start(ap, fmt);
    rc = failv(r, path, key, code, fmt, ap);
    va_end(ap);
    return rc;
}

static int json_depth(const json_t *v, int limit)
{
    const char *k;
    json_t *child;
    size_t i;
    int d, max = 0;

    if (limit < 0)
        return 1;
    if (json_is_object(v)) {
        json_object_foreach((json_t *)v, k, child)
        {
            if ((d = json_depth(child, limit - 1)) > max)
                max = d;
            if (max > limit)
                break;
        }
        return max + 1;
    }
    if (json_is_array(v)) {
        json_array_foreach(v, i, child)
        {
            if ((d = json_depth(child, limit - 1)) > max)
                max = d;
            if (max > limit)
                break;
        }
        return max + 1;
    }
    return 0;
}

/* Keeps an x- key of an object in *EXTRA (a JSON object). */
static kring_status keep_extra(struct reader *r, const char *path,
                               const char *key, json_t *value, json_t **extra)
{
    if (json_depth(value, KRING_EXTRA_DEPTH_MAX) > KRING_EXTRA_DEPTH_MAX)
        return fail(r, path, key, KRING_ERR_LIMIT,
                    _("nested more than %d levels deep"),
                    KRING_EXTRA_DEPTH_MAX);
    if (*extra == NULL && (*extra = json_object()) == NULL)
        return kr_nomem(r->err);
    if (json_object_set(*extra, key, value))
        return kr_nomem(r->err);
    return KRING_OK;
}

static kring_status extra_text(struct reader *r, json_t *extra, char **out)
{
    if (extra == NULL)
        return KRING_OK;
    *out = json_dumps(extra, JSON_COMPACT);
    if (*out == NULL)
        return kr_nomem(r->err);
    return KRING_OK;
}

/* The kinds of value a key can hold. */
enum kind {
    K_STRING, /* any string, checked later */
    K_TEXT,   /* notes: a string */
    K_LINE,   /* youth_note: a string, "" the same as none (NULL) */
    K_ENUM,   /* a name of an enumeration */
    K_ENUM_OPT,
    K_NUMBER, /* a number in a field's range */
    K_NUMBER_OPT,
    K_BOOL,
    K_BOOL_OPT, /* true, false or null (as -1) */
    K_SUPPORT,
    K_ARRAY /* handled by the caller */
};

struct key {
    const char *name;
    enum kind kind;
    int arg;       /* kring_enum or kr_field */
    size_t offset; /* where the value goes */
    int required;
};

#define P(f) offsetof(kring_person, f)
static const struct key person_keys[] = {
    {"id", K_STRING, 0, P(id), 1},
    {"name", K_STRING, 0, P(name), 1},
    {"role", K_ENUM, KRING_ENUM_ROLE, P(role), 1},
    {"sector", K_ENUM, KRING_ENUM_SECTOR, P(sector), 0},
    {"ring", K_NUMBER, KR_FIELD_RING, P(ring), 1},
    {"age", K_NUMBER_OPT, KR_FIELD_AGE, P(age), 0},
    {"contact", K_ENUM_OPT, KRING_ENUM_CONTACT, P(contact), 0},
    {"known_years", K_NUMBER_OPT, KR_FIELD_KNOWN_YEARS, P(known_years), 0},
    {"support", K_SUPPORT, 0, P(support), 0},
    {"hours_per_week", K_NUMBER_OPT, KR_FIELD_HOURS_PER_WEEK, P(hours_per_week),
     0},
    {"travel_minutes", K_NUMBER_OPT, KR_FIELD_TRAVEL_MINUTES, P(travel_minutes),
     0},
    {"reachable", K_ENUM_OPT, KRING_ENUM_REACHABLE, P(reachable), 0},
    {"quality", K_ENUM, KRING_ENUM_QUALITY, P(quality), 0},
    {"status", K_ENUM, KRING_ENUM_STATUS, P(status), 0},
    {"formal", K_BOOL, 0, P(formal), 0},
    {"willing", K_ENUM, KRING_ENUM_WILLING, P(willing), 0},
    {"concern", K_BOOL, 0, P(concern), 0},
    {"frightens", K_BOOL, 0, P(frightens), 0},
    {"nominated", K_BOOL, 0, P(nominated), 0},
    {"lives_with_child", K_BOOL, 0, P(lives_with_child), 0},
    {"adult", K_BOOL_OPT, 0, P(adult), 0},
    {"notes", K_TEXT, 0, P(notes), 0},
    {"youth_note", K_LINE, 0, P(youth_note), 0},
    {NULL, K_STRING, 0, 0, 0},
};
#undef P

#define T(f) offsetof(kring_tie, f)
static const struct key tie_keys[] = {
    {"a", K_STRING, 0, T(a), 1},
    {"b", K_STRING, 0, T(b), 1},
    {"strength", K_ENUM, KRING_ENUM_STRENGTH, T(strength), 0},
    {"quality", K_ENUM, KRING_ENUM_TIE_QUALITY, T(quality), 0},
    {NULL, K_STRING, 0, 0, 0},
};
#undef T

#define C(f) offsetof(kring_case, f)
static const struct key case_keys[] = {
    {"code", K_STRING, 0, C(code), 1},
    {"name", K_STRING, 0, C(name), 1},
    {"birth_year", K_NUMBER_OPT, KR_FIELD_BIRTH_YEAR, C(birth_year), 0},
    {"notes", K_TEXT, 0, C(notes), 0},
    {NULL, K_STRING, 0, 0, 0},
};
#undef C

#define S(f) offsetof(kring_snapshot, f)
static const struct key snapshot_keys[] = {
    {"label", K_STRING, 0, S(label), 1}, {"taken", K_STRING, 0, S(taken), 1},
    {"people", K_ARRAY, 0, 0, 0},        {"ties", K_ARRAY, 0, 0, 0},
    {NULL, K_STRING, 0, 0, 0},
};
#undef S

#define H(f) offsetof(kring_choice, f)
static const struct key choice_keys[] = {
    {"person", K_STRING, 0, H(person), 1},
    {"date", K_STRING, 0, H(date), 1},
    {"status", K_ENUM, KRING_ENUM_CHOICE_STATUS, H(status), 0},
    {"note", K_TEXT, 0, H(note), 0},
    {NULL, K_STRING, 0, 0, 0},
};
#undef H

static const struct key *find_key(const struct key *keys, const char *name)
{
    for (; keys->name; keys++)
        if (strcmp(keys->name, name) == 0)
            return keys;
    return NULL;
}

/* Stores VALUE of KEY into the struct at BASE. */
static kring_status read_value(struct reader *r, const char *path,
                               const struct key *k, json_t *value, void *base)
{
    char *field = (char *)base + k->offset;
    kring_error e;
    double d;
    size_t i;
    json_t *item;
    int v;

    switch (k->kind) {
    case K_LINE:
        if (json_is_string(value) && json_string_length(value) == 0)
            return KRING_OK;
        /* fall through */
    case K_STRING:
    case K_TEXT:
        if (!json_is_string(value))
            return fail(r, path, k->name, KRING_ERR_INVALID,
                        _("%s must be a string"), k->name);
        if ((*(char **)field = kr_strdup(json_string_value(value))) == NULL)
            return kr_nomem(r->err);
        return KRING_OK;
    case K_ENUM_OPT:
        if (json_is_null(value))
            return KRING_OK;
        /* fall through */
    case K_ENUM:
        v = kring_enum_parse((kring_enum)k->arg, json_string_value(value));
        if (!json_is_string(value) || v < 0)
            return fail(r, path, k->name, KRING_ERR_INVALID,
                        _("%s must be one of: %s"), k->name,
                        kring_enum_list((kring_enum)k->arg));
        *(int *)field = v;
        return KRING_OK;
    case K_NUMBER_OPT:
        if (json_is_null(value))
            return KRING_OK;
        /* fall through */
    case K_NUMBER:
        d = json_is_number(value) ? json_number_value(value) : NAN;
        if (kr_check_range((kr_field)k->arg, d, &e))
            return fail(r, path, k->name, KRING_ERR_INVALID, "%s", e.text);
        kr_field_store((kr_field)k->arg, field, d);
        return KRING_OK;
    case K_BOOL_OPT:
        if (json_is_null(value)) {
            *(int *)field = -1;
            return KRING_OK;
        }
        if (!json_is_boolean(value))
            return fail(r, path, k->name, KRING_ERR_INVALID,
                        _("%s must be true, false or null"), k->name);
        *(int *)field = json_is_true(value);
        return KRING_OK;
    case K_BOOL:
        if (!json_is_boolean(value))
            return fail(r, path, k->name, KRING_ERR_INVALID,
                        _("%s must be true or false"), k->name);
        *(bool *)field = json_is_true(value);
        return KRING_OK;
    case K_SUPPORT:
        if (!json_is_array(value))
            return fail(r, path, k->name, KRING_ERR_INVALID,
                        _("support must be a list of: %s"),
                        kring_enum_list(KRING_ENUM_SUPPORT));
        json_array_foreach(value, i, item)
        {
            char at[KR_PATH_MAX];
            snprintf(at, sizeof at, "%s%ssupport[%zu]", path,
                     path[0] ? "." : "", i);
            v = kring_enum_parse(KRING_ENUM_SUPPORT, json_string_value(item));
            if (v < 0)
                return fail(r, at, NULL, KRING_ERR_INVALID,
                            _("support must be a list of: %s"),
                            kring_enum_list(KRING_ENUM_SUPPORT));
            if (*(unsigned *)field & (1u << v))
                return fail(r, at, NULL, KRING_ERR_INVALID,
                            _("support lists '%s' twice"),
                            json_string_value(item));
            *(unsigned *)field |= 1u << v;
        }
        return KRING_OK;
    case K_ARRAY:
        break;
    }
    return KRING_OK;
}

/* Reads the keys of object OBJ at PATH into BASE by the table KEYS;
 * keeps x- keys in *EXTRA; leaves K_ARRAY keys to the caller. */
static kring_status read_object(struct reader *r, const char *path, json_t *obj,
                                const struct key *keys, void *base,
                                json_t **extra, const char *what)
{
    const struct key *k;
    const char *name;
    json_t *value;
    kring_status rc;

    if (!json_is_object(obj))
        return fail(r, path, NULL, KRING_ERR_INVALID,
                    _("%s must be a JSON object"), what);
    for (k = keys; k->name; k++)
        if (k->required && json_object_get(obj, k->name) == NULL)
            return fail(r, path, NULL, KRING_ERR_INVALID,
                        _("%s has no '%s', which is required"), what, k->name);
    json_object_foreach(obj, name, value)
    {
        if (strncmp(name, "x-", 2) == 0) {
            if ((rc = keep_extra(r, path, name, value, extra)))
                return rc;
            continue;
        }
        if ((k = find_key(keys, name)) == NULL)
            return fail(r, path, name, KRING_ERR_INVALID,
                        _("unknown key '%s' (keys of your own must begin "
                          "with 'x-')"),
                        name);
        if ((rc = read_value(r, path, k, value, base)))
            return rc;
    }
    return KRING_OK;
}

static kring_status read_person(struct reader *r, const char *path, json_t *obj,
                                kring_person *p)
{
    json_t *extra = NULL;
    json_t *role = json_object_get(obj, "role");
    int v = kring_enum_parse(KRING_ENUM_ROLE, json_string_value(role));
    kring_status rc;

    /* The role comes first: the defaults of sector and formal follow it. */
    kring_person_init(p, v >= 0 ? (kring_role)v : KRING_ROLE_OTHER, 0);
    rc = read_object(r, path, obj, person_keys, p, &extra, _("a person"));
    if (rc == KRING_OK && p->notes == NULL &&
        (p->notes = kr_strdup("")) == NULL)
        rc = kr_nomem(r->err);
    if (rc == KRING_OK)
        rc = extra_text(r, extra, &p->extra);
    json_decref(extra);
    return rc;
}

static kring_status read_tie(struct reader *r, const char *path, json_t *obj,
                             kring_tie *t)
{
    json_t *extra = NULL;
    kring_status rc;

    kring_tie_init(t);
    rc = read_object(r, path, obj, tie_keys, t, &extra, _("a tie"));
    if (rc == KRING_OK)
        rc = extra_text(r, extra, &t->extra);
    json_decref(extra);
    return rc;
}

/* Checks that ARRAY at PATH.KEY is a list of at most MAX items and makes
 * room for them in *ITEMS. */
static kring_status start_list(struct reader *r, const char *path,
                               const char *key, json_t *array, size_t max,
                               size_t elem, void *items)
{
    size_t n;

    if (array == NULL)
        return KRING_OK;
    if (!json_is_array(array))
        return fail(r, path, key, KRING_ERR_INVALID, _("%s must be a list"),
                    key);
    n = json_array_size(array);
    if (n > max)
        return fail(r, path, key, KRING_ERR_LIMIT,
                    _("%s has %zu entries; at most %zu are allowed"), key, n,
                    max);
    if ((*(void **)items = kr_calloc(n, elem)) == NULL)
        return kr_nomem(r->err);
    return KRING_OK;
}

static void list_path(char *buf, const char *path, const char *key, size_t i)
{
    snprintf(buf, KR_PATH_MAX, "%s%s%s[%zu]", path, path[0] ? "." : "", key, i);
}

static kring_status read_network(struct reader *r, const char *path,
                                 json_t *obj, kring_person **people,
                                 size_t *n_people, kring_tie **ties,
                                 size_t *n_ties)
{
    json_t *jp = json_object_get(obj, "people");
    json_t *jt = json_object_get(obj, "ties");
    char at[KR_PATH_MAX];
    kring_status rc;
    size_t i;

    if ((rc = start_list(r, path, "people", jp, KRING_PEOPLE_MAX,
                         sizeof **people, people)) ||
        (rc = start_list(r, path, "ties", jt, KRING_TIES_MAX, sizeof **ties,
                         ties)))
        return rc;
    for (i = 0; jp && i < json_array_size(jp); i++) {
        list_path(at, path, "people", i);
        rc = read_person(r, at, json_array_get(jp, i), &(*people)[i]);
        (*n_people)++;
        if (rc)
            return rc;
    }
    for (i = 0; jt && i < json_array_size(jt); i++) {
        list_path(at, path, "ties", i);
        rc = read_tie(r, at, json_array_get(jt, i), &(*ties)[i]);
        (*n_ties)++;
        if (rc)
            return rc;
    }
    return KRING_OK;
}

static kring_status read_snapshots(struct reader *r, json_t *array,
                                   kring_case *c)
{
    char at[KR_PATH_MAX];
    kring_status rc;
    size_t i;

    if ((rc = start_list(r, "", "snapshots", array, KRING_SNAPSHOTS_MAX,
                         sizeof *c->snapshots, &c->snapshots)))
        return rc;
    for (i = 0; array && i < json_array_size(array); i++) {
        kring_snapshot *s = &c->snapshots[i];
        json_t *obj = json_array_get(array, i), *extra = NULL;
        c->n_snapshots++;
        list_path(at, "", "snapshots", i);
        rc = read_object(r, at, obj, snapshot_keys, s, &extra, _("a snapshot"));
        if (rc == KRING_OK)
            rc = extra_text(r, extra, &s->extra);
        json_decref(extra);
        if (rc == KRING_OK)
            rc = read_network(r, at, obj, &s->people, &s->n_people, &s->ties,
                              &s->n_ties);
        if (rc)
            return rc;
    }
    return KRING_OK;
}

static kring_status read_choices(struct reader *r, json_t *array, kring_case *c)
{
    char at[KR_PATH_MAX];
    kring_status rc;
    size_t i;

    if ((rc = start_list(r, "", "choices", array, KRING_CHOICES_MAX,
                         sizeof *c->choices, &c->choices)))
        return rc;
    for (i = 0; array && i < json_array_size(array); i++) {
        kring_choice *ch = &c->choices[i];
        json_t *extra = NULL;
        c->n_choices++;
        list_path(at, "", "choices", i);
        rc = read_object(r, at, json_array_get(array, i), choice_keys, ch,
                         &extra, _("a choice"));
        if (rc == KRING_OK && ch->note == NULL &&
            (ch->note = kr_strdup("")) == NULL)
            rc = kr_nomem(r->err);
        if (rc == KRING_OK)
            rc = extra_text(r, extra, &ch->extra);
        json_decref(extra);
        if (rc)
            return rc;
    }
    return KRING_OK;
}

#define G(f) offsetof(kring_suggestion, f)
static const struct key suggestion_keys[] = {
    {"date", K_STRING, 0, G(date), 1},
    {"kind", K_ENUM, KRING_ENUM_SUGGESTION_KIND, G(kind), 1},
    {"person", K_STRING, 0, G(person), 0},
    {"name", K_STRING, 0, G(name), 0},
    {"ring", K_NUMBER, KR_FIELD_RING, G(ring), 0},
    {"sector", K_ENUM_OPT, KRING_ENUM_SECTOR, G(sector), 0},
    {"status", K_ENUM, KRING_ENUM_SUGGESTION_STATUS, G(status), 0},
    {"decided", K_STRING, 0, G(decided), 0},
    {NULL, K_STRING, 0, 0, 0},
};
#undef G

static kring_status read_suggestions(struct reader *r, json_t *array,
                                     kring_case *c)
{
    char at[KR_PATH_MAX];
    kring_status rc;
    size_t i;

    if ((rc = start_list(r, "", "suggestions", array, KRING_SUGGESTIONS_MAX,
                         sizeof *c->suggestions, &c->suggestions)))
        return rc;
    for (i = 0; array && i < json_array_size(array); i++) {
        kring_suggestion *sg = &c->suggestions[i];
        json_t *extra = NULL;
        c->n_suggestions++;
        sg->sector = KRING_SECTOR_COUNT; /* not said */
        list_path(at, "", "suggestions", i);
        rc = read_object(r, at, json_array_get(array, i), suggestion_keys, sg,
                         &extra, _("a suggestion"));
        if (rc == KRING_OK)
            rc = extra_text(r, extra, &sg->extra);
        json_decref(extra);
        if (rc)
            return rc;
    }
    return KRING_OK;
}

#define O(f) offsetof(kring_outcome, f)
static const struct key outcome_keys[] = {
    {"date", K_STRING, 0, O(date), 1},
    {"placement", K_ENUM_OPT, KRING_ENUM_PLACEMENT, O(placement), 0},
    {"secure_care", K_ENUM_OPT, KRING_ENUM_PLACEMENT, O(secure_care), 0},
    {"school", K_ENUM_OPT, KRING_ENUM_SCHOOL, O(school), 0},
    {"goals", K_ENUM_OPT, KRING_ENUM_GOALS, O(goals), 0},
    {"ended_as_planned", K_BOOL_OPT, 0, O(ended_as_planned), 0},
    {"satisfaction", K_NUMBER_OPT, KR_FIELD_SATISFACTION, O(satisfaction), 0},
    {"notes", K_TEXT, 0, O(notes), 0},
    {NULL, K_STRING, 0, 0, 0},
};
#undef O

static kring_status read_outcomes(struct reader *r, json_t *array,
                                  kring_case *c)
{
    char at[KR_PATH_MAX];
    kring_status rc;
    size_t i;

    if ((rc = start_list(r, "", "outcomes", array, KRING_OUTCOMES_MAX,
                         sizeof *c->outcomes, &c->outcomes)))
        return rc;
    for (i = 0; array && i < json_array_size(array); i++) {
        kring_outcome *o = &c->outcomes[i];
        json_t *extra = NULL;
        c->n_outcomes++;
        kring_outcome_init(o);
        list_path(at, "", "outcomes", i);
        rc = read_object(r, at, json_array_get(array, i), outcome_keys, o,
                         &extra, _("an outcome"));
        if (rc == KRING_OK && o->notes == NULL &&
            (o->notes = kr_strdup("")) == NULL)
            rc = kr_nomem(r->err);
        if (rc == KRING_OK)
            rc = extra_text(r, extra, &o->extra);
        json_decref(extra);
        if (rc)
            return rc;
    }
    return KRING_OK;
}

static kring_status read_top(struct reader *r, json_t *root, kring_case *c)
{
    static const char *const known[] = {"kring",       "case",      "people",
                                        "ties",        "snapshots", "choices",
                                        "suggestions", "outcomes"};
    json_t *extra = NULL, *value, *version;
    const char *name;
    kring_status rc = KRING_OK;
    size_t i;

    if (!json_is_object(root))
        return fail(r, "", NULL, KRING_ERR_INVALID, "%s",
                    _("a case file must be a JSON object"));
    version = json_object_get(root, "kring");
    if (version == NULL)
        return fail(r, "", NULL, KRING_ERR_INVALID, "%s",
                    _("this is not a kring case file: it has no key "
                      "'kring'"));
    if (!json_is_integer(version) ||
        json_integer_value(version) != KRING_CASEFILE_VERSION)
        return fail(r, "kring", NULL, KRING_ERR_INVALID,
                    _("kring must be %d: this kring reads case files of "
                      "version %d"),
                    KRING_CASEFILE_VERSION, KRING_CASEFILE_VERSION);
    if (json_object_get(root, "case") == NULL)
        return fail(r, "", NULL, KRING_ERR_INVALID, "%s",
                    _("a case file has no 'case', which is required"));
    json_object_foreach(root, name, value)
    {
        for (i = 0; i < sizeof known / sizeof known[0]; i++)
            if (strcmp(name, known[i]) == 0)
                break;
        if (i < sizeof known / sizeof known[0])
            continue;
        if (strncmp(name, "x-", 2) != 0) {
            rc = fail(r, "", name, KRING_ERR_INVALID,
                      _("unknown key '%s' (keys of your own must begin "
                        "with 'x-')"),
                      name);
            break;
        }
        if ((rc = keep_extra(r, "", name, value, &extra)))
            break;
    }
    if (rc == KRING_OK)
        rc = extra_text(r, extra, &c->file_extra);
    json_decref(extra);
    extra = NULL;
    if (rc)
        return rc;
    rc = read_object(r, "case", json_object_get(root, "case"), case_keys, c,
                     &extra, _("case"));
    if (rc == KRING_OK)
        rc = extra_text(r, extra, &c->extra);
    json_decref(extra);
    if (rc == KRING_OK && c->notes == NULL &&
        (c->notes = kr_strdup("")) == NULL)
        rc = kr_nomem(r->err);
    if (rc)
        return rc;
    if ((rc = read_network(r, "", root, &c->people, &c->n_people, &c->ties,
                           &c->n_ties)))
        return rc;
    c->cap_people = c->n_people;
    c->cap_ties = c->n_ties;
    if ((rc = read_snapshots(r, json_object_get(root, "snapshots"), c)))
        return rc;
    if ((rc = read_choices(r, json_object_get(root, "choices"), c)))
        return rc;
    if ((rc = read_suggestions(r, json_object_get(root, "suggestions"), c)))
        return rc;
    return read_outcomes(r, json_object_get(root, "outcomes"), c);
}

/* Reads ROOT into a new case *OUT and checks it, as R says. */
static kring_status read_root(struct reader *r, json_t *root, kring_case **out)
{
    kring_case *c;
    kring_status rc;
    char path[KR_PATH_MAX];
    kring_error e;

    *out = NULL;
    if ((c = kring_case_new()) == NULL)
        return kr_nomem(r->err);
    if ((rc = read_top(r, root, c)))
        goto out;
    if ((rc = kr_case_check(c, path, &e))) {
        const char *dot = strrchr(path, '.');
        char parent[KR_PATH_MAX];
        /* Point at the key when the path ends in one; else at the value. */
        if (dot != NULL && dot[1] != '\0' && strchr(dot, '[') == NULL) {
            snprintf(parent, sizeof parent, "%.*s", (int)(dot - path), path);
            rc = fail(r, parent, dot + 1, e.code, "%s", e.text);
        } else {
            rc = fail(r, path, NULL, e.code, "%s", e.text);
        }
        goto out;
    }
    *out = c;
    c = NULL;
out:
    kring_case_free(c);
    return rc;
}

kring_status kring_casefile_parse(const char *data, size_t len,
                                  const char *source, kring_case **out,
                                  kring_error *err)
{
    struct reader r = {source, data, len, err, NULL, NULL};
    json_t *root = NULL;
    kring_status rc;

    *out = NULL;
    if (len > KRING_FILE_MAX)
        return kr_error_set(err, KRING_ERR_LIMIT,
                            _("%s: the file is larger than %u bytes"), source,
                            KRING_FILE_MAX);
    if ((rc = kr_json_load(&r.text, &r.len, source, &root, err)))
        return rc;
    rc = read_root(&r, root, out);
    json_decref(root);
    return rc;
}

kring_status kr_casefile_from_json(json_t *root, const char *source,
                                   kr_locate_fn locate, void *arg,
                                   kring_case **out, kring_error *err)
{
    struct reader r = {source, "", 0, err, locate, arg};

    return read_root(&r, root, out);
}

kring_status kr_network_parse(const char *text, kring_snapshot *s,
                              kring_error *err)
{
    struct reader r = {"snapshot", text, strlen(text), err, NULL, NULL};
    json_error_t jerr;
    json_t *root;
    kring_status rc;
    unsigned long failures = kr_alloc_failures();

    kr_json_setup();
    root = kr_json_loadb(text, strlen(text), JSON_REJECT_DUPLICATES, &jerr);
    if (kr_alloc_failures() != failures) {
        json_decref(root);
        return kr_nomem(err);
    }
    if (root == NULL)
        return kr_error_set(err, KRING_ERR_DB,
                            _("snapshot '%s' in the database is damaged: %s"),
                            s->label, jerr.text);
    rc = read_network(&r, "", root, &s->people, &s->n_people, &s->ties,
                      &s->n_ties);
    json_decref(root);
    return rc;
}
