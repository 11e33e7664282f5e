/* Writing a case as a version 1 case file. */
#include <jansson.h>
#include <string.h>

#include "case_internal.h"
#include "casefile_internal.h"
#include "kring/exchange.h"

static void *json_alloc(size_t n)
{
    return kr_malloc(n);
}

void kr_json_setup(void)
{
    json_set_alloc_funcs(json_alloc, kr_free);
}

json_t *kr_json_loadb(const char *text, size_t len, size_t flags,
                      json_error_t *error)
{
    json_t *v;

    kr_json_setup();
    kr_alloc_hold(1);
    v = json_loadb(text, len, flags, error);
    kr_alloc_hold(0);
    return v;
}

/* Small builders that remember the first failure, so that a document can
 * be put together without a check after every call. */
struct builder {
    int failed;
};

static void set(struct builder *b, json_t *obj, const char *key, json_t *v)
{
    if (v == NULL || json_object_set_new(obj, key, v))
        b->failed = 1;
}

static void set_str(struct builder *b, json_t *obj, const char *key,
                    const char *s)
{
    set(b, obj, key, json_string(s ? s : ""));
}

static void set_enum(struct builder *b, json_t *obj, const char *key,
                     kring_enum e, int value)
{
    const char *name = kring_enum_name(e, value);

    if (name != NULL)
        set(b, obj, key, json_string(name));
}

static void set_int_opt(struct builder *b, json_t *obj, const char *key,
                        long long v, long long unknown)
{
    if (v != unknown)
        set(b, obj, key, json_integer(v));
}

/* A number not recorded (below 0) is left out; a whole one is written as
 * an integer (13, not 13.0). */
static void set_num_opt(struct builder *b, json_t *obj, const char *key,
                        double v)
{
    if (v >= 0)
        set(b, obj, key,
            v == (double)(long long)v ? json_integer((long long)v)
                                      : json_real(v));
}

static void add_extra(struct builder *b, json_t *obj, const char *text)
{
    json_t *extra, *v;
    const char *key;

    if (text == NULL)
        return;
    extra = kr_json_loadb(text, strlen(text), 0, NULL);
    if (!json_is_object(extra)) {
        b->failed = 1;
        json_decref(extra);
        return;
    }
    json_object_foreach(extra, key, v) set(b, obj, key, json_incref(v));
    json_decref(extra);
}

static json_t *person_json(struct builder *b, const kring_person *p)
{
    json_t *o = json_object(), *support = json_array();
    int i;

    if (o == NULL || support == NULL) {
        b->failed = 1;
        json_decref(o);
        json_decref(support);
        return NULL;
    }
    set_str(b, o, "id", p->id);
    set_str(b, o, "name", p->name);
    set_enum(b, o, "role", KRING_ENUM_ROLE, (int)p->role);
    set_enum(b, o, "sector", KRING_ENUM_SECTOR, (int)p->sector);
    set(b, o, "ring", json_integer(p->ring));
    set_int_opt(b, o, "age", p->age, -1);
    set_enum(b, o, "contact", KRING_ENUM_CONTACT, (int)p->contact);
    set_num_opt(b, o, "known_years", p->known_years);
    for (i = 0; i < KRING_SUPPORT_KINDS; i++)
        if (p->support & (1u << i) &&
            json_array_append_new(
                support, json_string(kring_enum_name(KRING_ENUM_SUPPORT, i))))
            b->failed = 1;
    set(b, o, "support", support);
    set_num_opt(b, o, "hours_per_week", p->hours_per_week);
    set_int_opt(b, o, "travel_minutes", p->travel_minutes, -1);
    set_enum(b, o, "reachable", KRING_ENUM_REACHABLE, (int)p->reachable);
    set_enum(b, o, "quality", KRING_ENUM_QUALITY, (int)p->quality);
    set_enum(b, o, "status", KRING_ENUM_STATUS, (int)p->status);
    set(b, o, "formal", json_boolean(p->formal));
    set_enum(b, o, "willing", KRING_ENUM_WILLING, (int)p->willing);
    set(b, o, "concern", json_boolean(p->concern));
    set(b, o, "frightens", json_boolean(p->frightens));
    set(b, o, "nominated", json_boolean(p->nominated));
    set(b, o, "lives_with_child", json_boolean(p->lives_with_child));
    set(b, o, "adult", json_boolean(kring_person_is_adult(p)));
    set_str(b, o, "notes", p->notes);
    if (p->youth_note != NULL && p->youth_note[0] != '\0')
        set_str(b, o, "youth_note", p->youth_note);
    add_extra(b, o, p->extra);
    return o;
}

static json_t *tie_json(struct builder *b, const kring_tie *t)
{
    json_t *o = json_object();

    if (o == NULL) {
        b->failed = 1;
        return NULL;
    }
    set_str(b, o, "a", t->a);
    set_str(b, o, "b", t->b);
    set_enum(b, o, "strength", KRING_ENUM_STRENGTH, (int)t->strength);
    set_enum(b, o, "quality", KRING_ENUM_TIE_QUALITY, (int)t->quality);
    add_extra(b, o, t->extra);
    return o;
}

static json_t *list(struct builder *b)
{
    json_t *a = json_array();

    if (a == NULL)
        b->failed = 1;
    return a;
}

static void append(struct builder *b, json_t *array, json_t *v)
{
    /* json_array_append_new() takes V even when it fails. */
    if (v == NULL || json_array_append_new(array, v))
        b->failed = 1;
}

static void set_network(struct builder *b, json_t *o,
                        const kring_person *people, size_t n_people,
                        const kring_tie *ties, size_t n_ties)
{
    json_t *jp = list(b), *jt = list(b);
    size_t i;

    for (i = 0; i < n_people; i++)
        append(b, jp, person_json(b, &people[i]));
    for (i = 0; i < n_ties; i++)
        append(b, jt, tie_json(b, &ties[i]));
    set(b, o, "people", jp);
    set(b, o, "ties", jt);
}

/* The case's snapshots and choices, set on O. */
static void set_history(struct builder *b, json_t *o, const kring_case *c)
{
    json_t *snaps = list(b), *choices = list(b);
    size_t i;

    for (i = 0; i < c->n_snapshots; i++) {
        const kring_snapshot *s = &c->snapshots[i];
        json_t *so = json_object();
        if (so == NULL) {
            b->failed = 1;
            continue;
        }
        set_str(b, so, "label", s->label);
        set_str(b, so, "taken", s->taken);
        set_network(b, so, s->people, s->n_people, s->ties, s->n_ties);
        add_extra(b, so, s->extra);
        append(b, snaps, so);
    }
    set(b, o, "snapshots", snaps);
    for (i = 0; i < c->n_choices; i++) {
        const kring_choice *ch = &c->choices[i];
        json_t *co = json_object();
        if (co == NULL) {
            b->failed = 1;
            continue;
        }
        set_str(b, co, "person", ch->person);
        set_str(b, co, "date", ch->date);
        set_enum(b, co, "status", KRING_ENUM_CHOICE_STATUS, (int)ch->status);
        set_str(b, co, "note", ch->note);
        add_extra(b, co, ch->extra);
        append(b, choices, co);
    }
    set(b, o, "choices", choices);
}

/* The young person's suggestions, set on O when there are any (a case file
 * without them stays as it was). */
static void set_suggestions(struct builder *b, json_t *o, const kring_case *c)
{
    json_t *list_json;
    size_t i;

    if (c->n_suggestions == 0)
        return;
    list_json = list(b);
    for (i = 0; i < c->n_suggestions; i++) {
        const kring_suggestion *sg = &c->suggestions[i];
        json_t *so = json_object();
        if (so == NULL) {
            b->failed = 1;
            continue;
        }
        set_str(b, so, "date", sg->date);
        set_enum(b, so, "kind", KRING_ENUM_SUGGESTION_KIND, (int)sg->kind);
        if (sg->person != NULL)
            set_str(b, so, "person", sg->person);
        if (sg->name != NULL)
            set_str(b, so, "name", sg->name);
        if (sg->ring > 0)
            set(b, so, "ring", json_integer(sg->ring));
        if (sg->sector < KRING_SECTOR_COUNT)
            set_enum(b, so, "sector", KRING_ENUM_SECTOR, (int)sg->sector);
        set_enum(b, so, "status", KRING_ENUM_SUGGESTION_STATUS,
                 (int)sg->status);
        if (sg->decided != NULL)
            set_str(b, so, "decided", sg->decided);
        add_extra(b, so, sg->extra);
        append(b, list_json, so);
    }
    set(b, o, "suggestions", list_json);
}

/* A word of E, or null when not recorded. */
static void set_enum_null(struct builder *b, json_t *obj, const char *key,
                          kring_enum e, int value)
{
    const char *name = kring_enum_name(e, value);

    set(b, obj, key, name ? json_string(name) : json_null());
}

/* The evaluations' outcomes, set on O when there are any; every key is
 * written, null where nothing is recorded (ended_as_planned null: the
 * trajectory runs). */
static void set_outcomes(struct builder *b, json_t *o, const kring_case *c)
{
    json_t *list_json;
    size_t i;

    if (c->n_outcomes == 0)
        return;
    list_json = list(b);
    for (i = 0; i < c->n_outcomes; i++) {
        const kring_outcome *oc = &c->outcomes[i];
        json_t *oo = json_object();
        if (oo == NULL) {
            b->failed = 1;
            continue;
        }
        set_str(b, oo, "date", oc->date);
        set_enum_null(b, oo, "placement", KRING_ENUM_PLACEMENT,
                      (int)oc->placement);
        set_enum_null(b, oo, "secure_care", KRING_ENUM_PLACEMENT,
                      (int)oc->secure_care);
        set_enum_null(b, oo, "school", KRING_ENUM_SCHOOL, (int)oc->school);
        set_enum_null(b, oo, "goals", KRING_ENUM_GOALS, (int)oc->goals);
        set(b, oo, "ended_as_planned",
            oc->ended_as_planned < 0 ? json_null()
                                     : json_boolean(oc->ended_as_planned));
        set(b, oo, "satisfaction",
            oc->satisfaction < 0 ? json_null()
                                 : json_integer(oc->satisfaction));
        set_str(b, oo, "notes", oc->notes);
        add_extra(b, oo, oc->extra);
        append(b, list_json, oo);
    }
    set(b, o, "outcomes", list_json);
}

static json_t *case_json(struct builder *b, const kring_case *c)
{
    json_t *root = json_object(), *head = json_object();

    if (root == NULL || head == NULL)
        b->failed = 1;
    set(b, root, "kring", json_integer(KRING_CASEFILE_VERSION));
    set_str(b, head, "code", c->code);
    set_str(b, head, "name", c->name);
    set_int_opt(b, head, "birth_year", c->birth_year, 0);
    set_str(b, head, "notes", c->notes);
    add_extra(b, head, c->extra);
    set(b, root, "case", head);
    set_network(b, root, c->people, c->n_people, c->ties, c->n_ties);
    set_history(b, root, c);
    set_suggestions(b, root, c);
    set_outcomes(b, root, c);
    add_extra(b, root, c->file_extra);
    return root;
}

/* O as compact JSON text into *OUT; O is released. */
static kring_status dump_compact(struct builder *b, json_t *o,
                                 unsigned long failures, char **out,
                                 kring_error *err)
{
    *out = NULL;
    if (!b->failed && kr_alloc_failures() == failures)
        *out = json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(15));
    json_decref(o);
    if (*out != NULL && kr_alloc_failures() != failures) {
        kr_free(*out);
        *out = NULL;
    }
    return *out ? KRING_OK : kr_nomem(err);
}

kring_status kring_history_dump(const kring_case *c, char **out,
                                kring_error *err)
{
    struct builder b = {0};
    unsigned long failures = kr_alloc_failures();
    json_t *o;

    kr_json_setup();
    *out = NULL;
    if ((o = json_object()) == NULL)
        return kr_nomem(err);
    set_history(&b, o, c);
    set_suggestions(&b, o, c);
    set_outcomes(&b, o, c);
    return dump_compact(&b, o, failures, out, err);
}

kring_status kring_casefile_dump(const kring_case *c, char **out, size_t *len,
                                 kring_error *err)
{
    struct builder b = {0};
    json_t *root;
    char *text = NULL, *withnl;
    size_t n;
    unsigned long failures = kr_alloc_failures();

    *out = NULL;
    kr_json_setup();
    root = case_json(&b, c);
    /* x- values pass through jansson's lexer, which may drop bytes when an
     * allocation fails: any failure spoils the document. */
    if (!b.failed && kr_alloc_failures() == failures)
        text = json_dumps(root, JSON_INDENT(2) | JSON_REAL_PRECISION(15));
    json_decref(root);
    if (text != NULL && kr_alloc_failures() != failures) {
        kr_free(text);
        text = NULL;
    }
    if (text == NULL)
        return kr_nomem(err);
    n = strlen(text);
    /* End with a newline, as a text file should. */
    withnl = kr_realloc(text, n + 2);
    if (withnl == NULL) {
        kr_free(text);
        return kr_nomem(err);
    }
    withnl[n] = '\n';
    withnl[n + 1] = '\0';
    *out = withnl;
    if (len != NULL)
        *len = n + 1;
    return KRING_OK;
}

kring_status kr_network_dump(const kring_person *people, size_t n_people,
                             const kring_tie *ties, size_t n_ties, char **out,
                             kring_error *err)
{
    struct builder b = {0};
    json_t *o;
    unsigned long failures = kr_alloc_failures();

    kr_json_setup();
    *out = NULL;
    o = json_object();
    if (o == NULL)
        return kr_nomem(err);
    set_network(&b, o, people, n_people, ties, n_ties);
    return dump_compact(&b, o, failures, out, err);
}
