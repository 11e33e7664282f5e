/* kring serve's maps: drawn one at a time (Graphviz is not thread-safe),
 * and kept, found again by the case's version or by their DOT, so that a
 * case that did not change is not read or laid out again and a map that
 * did not change is not drawn again (docs/web.md, "Many requests at
 * once"). */
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
 * NULL, the case CODE in THEME at this VERSION (kring_store_case_version())
 * with the map's DATE, or with VERSION 0 read at SINCE or later (the latest
 * such). */
struct map_key {
    char *dot;
    uint64_t dot_hash; /* of DOT, when DOT is set */
    const char *code;
    int theme;
    uint64_t version;
    const char *date; /* with VERSION: the map's date (in its title) */
    double since;
    double read_at; /* set by case_version(): when it asked */
};

static uint64_t dot_hash(const char *dot)
{
    uint64_t h = 14695981039346656037ULL;

    for (; *dot != '\0'; dot++)
        h = (h ^ (unsigned char)*dot) * 1099511628211ULL;
    return h;
}

static int map_matches(const struct web_map *m, const struct map_key *k)
{
    if (k->dot != NULL)
        return m->dot_hash == k->dot_hash && strcmp(m->dot, k->dot) == 0;
    if (strcmp(m->code, k->code) != 0 || m->theme != k->theme)
        return 0;
    return k->version != 0
               ? m->version == k->version && strcmp(m->date, k->date) == 0
               : m->read_at >= k->since;
}

/* A kept drawing as F that matches K, copied into *OUT; under
 * W->cache_lock. */
static int cache_find_locked(struct web *w, const struct map_key *k,
                             kring_format f, char **out, size_t *len)
{
    struct web_map *found = NULL;
    int i;

    for (i = 0; i < w->cache_n; i++) {
        struct web_map *m = &w->cache[i];
        if (m->dot == NULL || m->format != f || !map_matches(m, k))
            continue;
        if (k->dot != NULL || k->version != 0) {
            found = m;
            break;
        }
        if (found == NULL || m->read_at > found->read_at)
            found = m;
    }
    if (found != NULL)
        cache_copy(w, found, out, len);
    return found != NULL && *out != NULL;
}

static int cache_find(struct web *w, const struct map_key *k, kring_format f,
                      char **out, size_t *len)
{
    int found;

    pthread_mutex_lock(&w->cache_lock);
    found = cache_find_locked(w, k, f, out, len);
    pthread_mutex_unlock(&w->cache_lock);
    return found;
}

/* The turn of the map of K's case in K's theme as F, if one is being made
 * (under W->cache_lock); -1 if none. */
static int turn_of(const struct web *w, const struct map_key *k, kring_format f)
{
    int i;

    for (i = 0; i < w->turns; i++)
        if (w->turn[i].theme == k->theme && w->turn[i].format == f &&
            strcmp(w->turn[i].code, k->code) == 0)
            return i;
    return -1;
}

/* Waits while this map (K's case and theme, as F) is being made: 1 when a
 * drawing answers K (of the case at K's version, or read after K came
 * in), copied into *OUT; 0 when this thread is to make it (its turn
 * taken). The maps of other cases are made meanwhile, up to WEB_TURNS at
 * once. */
static int wait_turn(struct web *w, const struct map_key *k, kring_format f,
                     char **out, size_t *len)
{
    struct map_key since = *k;
    int found = 0;

    since.version = 0;
    pthread_mutex_lock(&w->cache_lock);
    while (!(found = cache_find_locked(w, k, f, out, len) ||
                     cache_find_locked(w, &since, f, out, len)) &&
           (turn_of(w, k, f) >= 0 || w->turns == WEB_TURNS))
        pthread_cond_wait(&w->drawn, &w->cache_lock);
    if (!found) {
        struct web_turn *t = &w->turn[w->turns++];
        snprintf(t->code, sizeof t->code, "%s", k->code);
        t->theme = k->theme;
        t->format = f;
    }
    pthread_mutex_unlock(&w->cache_lock);
    return found;
}

/* This thread's map is made (kept, or failed): its turn is over, and those
 * who waited look at what it left. */
static void end_turn(struct web *w, const struct map_key *k, kring_format f)
{
    int i;

    pthread_mutex_lock(&w->cache_lock);
    if ((i = turn_of(w, k, f)) >= 0)
        w->turn[i] = w->turn[--w->turns];
    pthread_cond_broadcast(&w->drawn);
    pthread_mutex_unlock(&w->cache_lock);
}

/* The bytes a kept map holds. */
static size_t kept_bytes(const struct web_map *m)
{
    return m->dot == NULL ? 0 : strlen(m->dot) + strlen(m->code) + m->len;
}

/* The least recently used kept map, or an empty place; not SPARE. */
static struct web_map *least_used(struct web *w, const struct web_map *spare)
{
    struct web_map *m = NULL;
    int i;

    for (i = 0; i < w->cache_n; i++) {
        struct web_map *x = &w->cache[i];
        if (x == spare)
            continue;
        if (x->dot == NULL)
            return x;
        if (m == NULL || x->used < m->used)
            m = x;
    }
    return m;
}

static void forget(struct web *w, struct web_map *m)
{
    w->cache_kept -= kept_bytes(m);
    free(m->dot);
    free(m->code);
    free(m->data);
    memset(m, 0, sizeof *m);
}

/* The kept map of K's case in K's theme as F, if there is one (of any
 * version); NULL if none. */
static struct web_map *of_case(struct web *w, const struct map_key *k,
                               kring_format f)
{
    int i;

    for (i = 0; i < w->cache_n; i++) {
        struct web_map *x = &w->cache[i];
        if (x->dot != NULL && x->format == f && x->theme == k->theme &&
            strcmp(x->code, k->code) == 0)
            return x;
    }
    return NULL;
}

/* Keeps a copy of a drawn map in place of the case's older one, else of
 * the least recently used (and forgets more while the maps kept hold more
 * than W->cache_bytes): drawn from K->dot, kept under K's case, theme,
 * version and date. One map a case, theme and format: a case edited
 * often (a notes edit keeps its map, found by its DOT, under a new
 * version) does not push the other cases' maps out. */
static void cache_keep(struct web *w, const struct map_key *k, double read_at,
                       kring_format f, const char *data, size_t len)
{
    struct web_map *m, *old;
    char *d = strdup(k->dot), *c = strdup(k->code), *copy = malloc(len);

    if (d == NULL || c == NULL || copy == NULL) {
        free(d);
        free(c);
        free(copy);
        return;
    }
    memcpy(copy, data, len);
    pthread_mutex_lock(&w->cache_lock);
    if ((m = of_case(w, k, f)) == NULL)
        m = least_used(w, NULL);
    forget(w, m);
    m->dot = d;
    m->dot_hash = k->dot_hash;
    m->code = c;
    m->theme = k->theme;
    m->version = k->version;
    snprintf(m->date, sizeof m->date, "%s", k->date);
    m->read_at = read_at;
    m->format = f;
    m->data = copy;
    m->len = len;
    m->used = ++w->tick;
    w->cache_kept += kept_bytes(m);
    while (w->cache_kept > w->cache_bytes && (old = least_used(w, m)) != NULL &&
           old->dot != NULL)
        forget(w, old);
    pthread_mutex_unlock(&w->cache_lock);
}

/* K->version: the case's version now, from one row (the read logged: one
 * line per request, however often it asks); K->read_at: just before. */
static kring_status case_version(struct web *w, struct map_key *k,
                                 kring_error *err)
{
    kring_store *s = NULL;
    kring_status rc;

    k->read_at = now();
    if ((rc = web_store(w, &s, err)) == KRING_OK)
        rc = kring_store_case_version(s, k->code, &k->version, err);
    kring_store_close(s);
    return rc;
}

/* On the young person's phone, alone, the map shows who knows whom, not
 * how the professional judged the ties between others (mixed, conflict):
 * that is for the conversation with them (docs/youth-phone.md). Their own
 * relation with each person stays. KRING_OK. */
static kring_status phone_ties(kring_case *c)
{
    size_t i;

    for (i = 0; web_on_phone() && i < c->n_ties; i++)
        c->ties[i].quality = KRING_TIE_POSITIVE;
    return KRING_OK;
}

/* Draws the case as stored now, read after K->version was (so the drawing
 * is of that version or a later one), as F into *OUT, and keeps it under
 * K. The graph and its DOT are made once; a drawing of the same DOT (a change
 * that is not on the map) is kept again under K instead of being drawn anew. */
static kring_status draw(struct web *w, struct map_key *k,
                         const kring_map_options *o, kring_format f, char **out,
                         size_t *len, kring_error *err)
{
    kring_store *s = NULL;
    kring_case *c = NULL;
    kring_map_graph g = {NULL, 0};
    kring_status rc;

    /* The map is handed to Graphviz as a graph built in its memory, not as
     * DOT text for it to parse (docs/map.md); its DOT is the key under
     * which the drawing is kept. */
    if ((rc = web_store(w, &s, err)) == KRING_OK &&
        (rc = kring_store_load_network(s, k->code, &c, err)) == KRING_OK &&
        (rc = phone_ties(c), kring_map_make_graph(c, o, &g, err)) == KRING_OK &&
        (rc = kring_map_graph_dot(&g, &k->dot, err)) == KRING_OK &&
        (k->dot_hash = dot_hash(k->dot), !cache_find(w, k, f, out, len))) {
        /* Graphviz draws one thing at a time: a sheet too. */
        pthread_mutex_lock(&w->render);
        rc = kring_render_graph(w->renderer, &g, f, o->date, out, len, err);
        pthread_mutex_unlock(&w->render);
    }
    if (rc == KRING_OK)
        cache_keep(w, k, k->read_at, f, *out, *len);
    kring_map_graph_release(&g);
    kring_case_free(c);
    kring_store_close(s);
    free(k->dot);
    k->dot = NULL;
    return rc;
}

kring_status web_map(struct web *w, const char *code, kring_theme theme,
                     kring_format f, char **out, size_t *len, kring_error *err)
{
    kring_map_options o;
    /* The phone's drawings are kept apart from the laptop's: drawn from
     * what the young person may see (phone_ties()). */
    struct map_key k = {
        NULL, 0, code, (int)theme + (web_on_phone() ? 64 : 0), 0, NULL, 0, 0};
    kring_status rc;

    *out = NULL;
    kring_map_options_init(&o, theme);
    k.date = o.date;
    k.since = now();
    /* A case that did not change since it was drawn is answered from one
     * row: its version. */
    if ((rc = case_version(w, &k, err)) || cache_find(w, &k, f, out, len))
        return rc;
    /* Drawing takes a while, and only one map is drawn at a time; other
     * requests go on meanwhile. A drawing of the case at the version this
     * request found, or read after it came in, answers it: while a case
     * changes fast, each drawing serves all who waited for it, and they
     * all look as soon as it is kept. The version is asked again for the
     * drawing, so that it serves as many as it can. */
    if (wait_turn(w, &k, f, out, len))
        return KRING_OK;
    if ((rc = case_version(w, &k, err)) == KRING_OK &&
        !cache_find(w, &k, f, out, len))
        rc = draw(w, &k, &o, f, out, len, err);
    end_turn(w, &k, f);
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
