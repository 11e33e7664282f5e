/* Weight profiles: the default one shipped in src/analyze/weights.json
 * (compiled in), and profiles read from a file with --weights. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "casefile_internal.h"
#include "internal.h"
#include "jsonpos.h"
#include "kring/analyze.h"

static const char default_text[] =
#include "weights_default.h"
    ;

static const char *const part_keys[] = {"closeness", "availability",
                                        "embeddedness", NULL};
static const char *const closeness_keys[] = {
    "ring",    "contact", "known_years", "emotional_support", "support_breadth",
    "quality", NULL};
static const char *const availability_keys[] = {"hours", "travel", "reachable",
                                                NULL};
static const char *const embeddedness_keys[] = {
    "knows_household", "bridges", "ties", "no_household_conflict", NULL};

/* The groups of weights: a name in the file, its keys, where they go. */
struct group {
    const char *name;
    const char *const *keys;
    size_t offset; /* of the double array in kring_weights */
};

static const struct group groups[] = {
    {"parts", part_keys, offsetof(kring_weights, part)},
    {"closeness", closeness_keys, offsetof(kring_weights, closeness)},
    {"availability", availability_keys, offsetof(kring_weights, availability)},
    {"embeddedness", embeddedness_keys, offsetof(kring_weights, embeddedness)},
};
#define N_GROUPS (sizeof groups / sizeof groups[0])

struct wreader {
    const char *source;
    const char *text;
    size_t len;
    kring_error *err;
};

static kring_status fail(struct wreader *r, const char *path, const char *key,
                         const char *fmt, ...) KR_PRINTF(4, 5);

static kring_status fail(struct wreader *r, const char *path, const char *key,
                         const char *fmt, ...)
{
    char msg[KRING_ERROR_TEXT_MAX];
    int line, col;
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (kr_json_locate(r->text, r->len, path, key, &line, &col) == 0)
        return kr_error_set(r->err, KRING_ERR_INVALID, "%s:%d:%d: %s",
                            r->source, line, col, msg);
    return kr_error_set(r->err, KRING_ERR_INVALID, "%s: %s", r->source, msg);
}

static void join_keys(const char *const *keys, char *buf, size_t cap)
{
    size_t used = 0;
    int i;

    buf[0] = '\0';
    for (i = 0; keys[i] != NULL && used < cap; i++)
        used += (size_t)snprintf(buf + used, cap - used, "%s%s", i ? ", " : "",
                                 keys[i]);
}

static kring_status read_group(struct wreader *r, const struct group *g,
                               json_t *obj, kring_weights *w)
{
    double *slot = (double *)((char *)w + g->offset);
    double sum = 0.0;
    const char *key;
    json_t *v;
    int i, n;
    char known[200];

    if (!json_is_object(obj))
        return fail(r, g->name, NULL, _("'%s' must be an object of weights"),
                    g->name);
    for (n = 0; g->keys[n] != NULL; n++)
        slot[n] = 0.0;
    json_object_foreach(obj, key, v)
    {
        for (i = 0; i < n && strcmp(g->keys[i], key) != 0; i++)
            ;
        if (i == n) {
            join_keys(g->keys, known, sizeof known);
            return fail(r, g->name, key,
                        _("unknown weight '%s' in '%s' (known: %s)"), key,
                        g->name, known);
        }
        if (!json_is_number(v) || !isfinite(json_number_value(v)))
            return fail(r, g->name, key, _("weight '%s.%s' must be a number"),
                        g->name, key);
        if (json_number_value(v) < 0)
            return fail(r, g->name, key,
                        _("weight '%s.%s' must not be negative"), g->name, key);
        slot[i] = json_number_value(v);
    }
    for (i = 0; i < n; i++)
        sum += slot[i];
    if (!(sum > 0.0) || !isfinite(sum))
        return fail(r, "", g->name,
                    _("the weights of '%s' must sum to a positive number"),
                    g->name);
    return KRING_OK;
}

static kring_status read_int(struct wreader *r, const char *key, json_t *v,
                             int min, int max, int *out)
{
    if (!json_is_integer(v) || json_integer_value(v) < min ||
        json_integer_value(v) > max)
        return fail(r, "", key, _("'%s' must be a whole number from %d to %d"),
                    key, min, max);
    *out = (int)json_integer_value(v);
    return KRING_OK;
}

static kring_status read_profile(struct wreader *r, json_t *root,
                                 kring_weights *w)
{
    const char *key;
    json_t *v;
    size_t g;
    kring_status rc;

    if (!json_is_object(root))
        return fail(r, "", NULL, "%s", _("a weight profile must be an object"));
    json_object_foreach(root, key, v)
    {
        if (strcmp(key, "kring_weights") == 0) {
            if (!json_is_integer(v) || json_integer_value(v) != 1)
                return fail(r, "", key, "%s",
                            _("'kring_weights' must be 1 (this version of "
                              "the profile format)"));
            continue;
        }
        if (strcmp(key, "minimum_age") == 0) {
            if ((rc = read_int(r, key, v, 0, KRING_AGE_MAX, &w->minimum_age)))
                return rc;
            continue;
        }
        if (strcmp(key, "far_travel_minutes") == 0) {
            if ((rc = read_int(r, key, v, 0, KRING_TRAVEL_MAX,
                               &w->far_travel_minutes)))
                return rc;
            continue;
        }
        for (g = 0; g < N_GROUPS && strcmp(groups[g].name, key) != 0; g++)
            ;
        if (g == N_GROUPS)
            return fail(r, "", key,
                        _("unknown key '%s' (known: kring_weights, "
                          "minimum_age, far_travel_minutes, parts, closeness, "
                          "availability, embeddedness)"),
                        key);
        if ((rc = read_group(r, &groups[g], v, w)))
            return rc;
    }
    return KRING_OK;
}

/* Reads TEXT over *W, which holds the profile it starts from. */
static kring_status parse_over(const char *text, size_t len, const char *source,
                               kring_weights *w, kring_error *err)
{
    struct wreader r = {source, text, len, err};
    kring_weights tmp = *w;
    json_t *root;
    kring_status rc;

    if ((rc = kr_json_load(&r.text, &r.len, source, &root, err)))
        return rc;
    rc = read_profile(&r, root, &tmp);
    json_decref(root);
    if (rc == KRING_OK)
        *w = tmp;
    return rc;
}

const char *kring_weights_default_text(void)
{
    return default_text;
}

kring_status kring_weights_default(kring_weights *w, kring_error *err)
{
    kring_weights base = {{0}, {0}, {0}, {0}, KRING_ADULT_AGE, 60};
    kring_status rc;

    rc = parse_over(default_text, sizeof default_text - 1, "weights.json",
                    &base, err);
    if (rc == KRING_OK)
        *w = base;
    return rc;
}

kring_status kring_weights_parse(const char *text, size_t len,
                                 const char *source, kring_weights *w,
                                 kring_error *err)
{
    kring_weights base;
    kring_status rc;

    if ((rc = kring_weights_default(&base, err)))
        return rc;
    if ((rc = parse_over(text, len, source, &base, err)))
        return rc;
    *w = base;
    return KRING_OK;
}

kring_status kring_weights_load(const char *path, kring_weights *w,
                                kring_error *err)
{
    char *text = NULL;
    size_t len = 0;
    kring_status rc;

    rc = kr_file_load(path, &text, &len, err);
    if (rc == KRING_OK)
        rc = kring_weights_parse(text, len, strcmp(path, "-") ? path : "stdin",
                                 w, err);
    kr_free(text);
    return rc;
}
