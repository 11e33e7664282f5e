/* kring serve's maps: drawn one at a time (Graphviz is not thread-safe),
 * and kept, found again by the case's stamp or by their DOT, so that a case
 * that did not change is not laid out again and a map that did not change
 * is not drawn again (docs/web.md, "Many requests at once"). */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <kring/sheet.h>

#include "web.h"

static double now(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void cache_copy(struct web *w, struct web_map *m, char **out,
                       size_t *len)
{
    if ((*out = malloc(m->len + 1)) != NULL) {
        memcpy(*out, m->data, m->len);
        (*out)[m->len] = '\0';
        *len = m->len;
        m->used = ++w->tick;
    }
}

/* What a kept drawing is looked for by: exactly this DOT; or with DOT
 * NULL, the case CODE in THEME, read with this STAMP, or with STAMP 0 read
 * at SINCE or later (the latest such). */
struct map_key {
    char *dot;
    const char *code;
    int theme;
    uint64_t stamp;
    const char *date; /* with STAMP: the map's date (in its title) */
    double since;
    double read_at; /* set by current_map(): when it read the case */
};

static int map_matches(const struct web_map *m, const struct map_key *k)
{
    if (k->dot != NULL)
        return strcmp(m->dot, k->dot) == 0;
    if (strcmp(m->code, k->code) != 0 || m->theme != k->theme)
        return 0;
    return k->stamp != 0 ? m->stamp == k->stamp && strcmp(m->date, k->date) == 0
                         : m->read_at >= k->since;
}

/* A kept drawing as F that matches K, copied into *OUT. */
static int cache_find(struct web *w, const struct map_key *k, kring_format f,
                      char **out, size_t *len)
{
    struct web_map *found = NULL;
    int i;

    pthread_mutex_lock(&w->cache_lock);
    for (i = 0; i < WEB_CACHE; i++) {
        struct web_map *m = &w->cache[i];
        if (m->dot == NULL || m->format != f || !map_matches(m, k))
            continue;
        if (k->dot != NULL || k->stamp != 0) {
            found = m;
            break;
        }
        if (found == NULL || m->read_at > found->read_at)
            found = m;
    }
    if (found != NULL)
        cache_copy(w, found, out, len);
    pthread_mutex_unlock(&w->cache_lock);
    return found != NULL && *out != NULL;
}

/* Keeps a copy of a drawn map in place of the least recently used. */
static void cache_keep(struct web *w, const struct map_key *k, double read_at,
                       kring_format f, const char *data, size_t len)
{
    struct web_map *m = &w->cache[0];
    char *d = strdup(k->dot), *c = strdup(k->code), *copy = malloc(len);
    int i;

    if (d == NULL || c == NULL || copy == NULL) {
        free(d);
        free(c);
        free(copy);
        return;
    }
    memcpy(copy, data, len);
    pthread_mutex_lock(&w->cache_lock);
    for (i = 1; i < WEB_CACHE; i++)
        if (w->cache[i].used < m->used)
            m = &w->cache[i];
    free(m->dot);
    free(m->code);
    free(m->data);
    m->dot = d;
    m->code = c;
    m->theme = k->theme;
    m->stamp = k->stamp;
    snprintf(m->date, sizeof m->date, "%s", k->date);
    m->read_at = read_at;
    m->format = f;
    m->data = copy;
    m->len = len;
    m->used = ++w->tick;
    pthread_mutex_unlock(&w->cache_lock);
}

/* The map of case CODE as it is stored now, as F: a kept drawing of the
 * case as it is now (found by its stamp, or with O by the DOT made of it)
 * into *OUT; or else *OUT NULL, K->stamp the case's stamp and, with O, K->dot
 * the DOT to draw (the caller's to free). */
static kring_status current_map(struct web *w, struct map_key *k,
                                const kring_map_options *o, kring_format f,
                                char **out, size_t *len, kring_error *err)
{
    kring_store *s = NULL;
    kring_case *c = NULL;
    char *dot = NULL;
    kring_status rc;

    k->dot = NULL;
    k->read_at = now();
    if ((rc = web_store(w, &s, err)) == KRING_OK &&
        (rc = kring_store_load_stamped(s, k->code, &c, &k->stamp, err)) ==
            KRING_OK &&
        !cache_find(w, k, f, out, len) && o != NULL &&
        (rc = kring_map_make_dot(c, o, &dot, err)) == KRING_OK) {
        struct map_key by_dot = *k;

        /* The same drawing (a change that is not on the map): kept again
         * under the new stamp, for those who come next. */
        by_dot.dot = dot;
        if (cache_find(w, &by_dot, f, out, len))
            cache_keep(w, &by_dot, k->read_at, f, *out, *len);
        else
            k->dot = dot;
        if (k->dot == NULL)
            free(dot);
    }
    kring_case_free(c);
    kring_store_close(s);
    return rc;
}

kring_status web_map(struct web *w, const char *code, kring_theme theme,
                     kring_format f, char **out, size_t *len, kring_error *err)
{
    kring_map_options o;
    struct map_key k = {NULL, code, (int)theme, 0, NULL, 0, 0};
    kring_status rc;

    *out = NULL;
    kring_map_options_init(&o, theme);
    k.date = o.date;
    k.since = now();
    if ((rc = current_map(w, &k, NULL, f, out, len, err)) || *out != NULL)
        return rc;
    /* Drawing takes a while, and only one map is drawn at a time; other
     * requests go on meanwhile. A map drawn from the case as it was read
     * after this request came in answers it too: while a case changes
     * fast, each drawing serves all who waited for it. The case is read
     * again for the drawing, so that it serves as many as it can. */
    pthread_mutex_lock(&w->render);
    k.stamp = 0;
    if (!cache_find(w, &k, f, out, len) &&
        (rc = current_map(w, &k, &o, f, out, len, err)) == KRING_OK &&
        *out == NULL) {
        rc = kring_render_dot(w->renderer, k.dot, f, o.date, out, len, err);
        if (rc == KRING_OK)
            cache_keep(w, &k, k.read_at, f, *out, *len);
    }
    pthread_mutex_unlock(&w->render);
    free(k.dot);
    return rc;
}

kring_status web_sheet(struct web *w, const char *code, char **out, size_t *len,
                       kring_error *err)
{
    kring_sheet_options o;
    kring_store *s = NULL;
    kring_case *c = NULL;
    kring_status rc;

    *out = NULL;
    *len = 0;
    kring_sheet_options_init(&o);
    if ((rc = web_store(w, &s, err)) == KRING_OK &&
        (rc = kring_store_load_case(s, code, &c, err)) == KRING_OK) {
        /* One drawing at a time, as every map. */
        pthread_mutex_lock(&w->render);
        rc = kring_sheet_pdf(w->renderer, c, &o, out, len, err);
        pthread_mutex_unlock(&w->render);
    }
    kring_case_free(c);
    kring_store_close(s);
    return rc;
}
