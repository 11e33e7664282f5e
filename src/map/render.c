/* Drawing a map's DOT: kring-graphviz.so (src/map/graphviz.c), loaded with
 * dlopen() at the first drawing, does the Graphviz part; this file finds
 * and loads it, and names the formats. Nothing here links Graphviz. */
#define _GNU_SOURCE /* memmem */
#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "graphviz.h"
#include "internal.h"
#include "kring/render.h"

#define MODULE "kring-graphviz.so"

static const char *const format_names[KRING_FORMAT_COUNT] = {"svg", "png",
                                                             "pdf", "dot"};

int kring_format_parse(const char *name)
{
    int f;

    for (f = 0; name != NULL && f < KRING_FORMAT_COUNT; f++)
        if (strcmp(name, format_names[f]) == 0)
            return f;
    return -1;
}

const char *kring_format_name(kring_format f)
{
    return (unsigned)f < KRING_FORMAT_COUNT ? format_names[f] : NULL;
}

int kring_format_of_path(const char *file)
{
    const char *dot = strrchr(file, '.');

    return dot != NULL && strchr(dot, '/') == NULL ? kring_format_parse(dot + 1)
                                                   : -1;
}

struct kring_renderer {
    pthread_t loader;     /* kring_renderer_start()'s thread */
    int loading;          /* it has not been joined yet */
    kring_status loaded;  /* what it found */
    kring_error load_err; /* and its error */
    void *module;         /* dlopen() handle, once loaded */
    struct kr_gv *gv;
    struct kr_gv *(*gv_new)(void);
    void (*gv_free)(struct kr_gv *);
    int (*gv_draw)(struct kr_gv *, const char *, const char *, int, char **,
                   size_t *, char *, size_t);
    int (*gv_draw_graph)(struct kr_gv *, const char *, size_t, const char *,
                         int, char **, size_t *, char *, size_t);
    int (*gv_draw_graph_fd)(struct kr_gv *, const char *, size_t, const char *,
                            int, int, int *, char *, size_t);
    void (*gv_last)(struct kr_gv *);
    int last; /* kring_renderer_last() */
    int (*gv_sheet)(struct kr_gv *, const kring_sheet_doc *, char **, size_t *,
                    int *, char *, size_t);
};

kring_renderer *kring_renderer_new(void)
{
    return kr_calloc(1, sizeof(kring_renderer));
}

static kring_status load_module(kring_renderer *r, kring_error *err);
static kring_status start(kring_renderer *r, kring_error *err);

/* fontconfig's FcInit(), from the library Graphviz's text sizes come
 * through (its soname: Debian's libfontconfig1). */
struct fonts {
    int (*init)(void);
};

static void *fonts_thread(void *arg)
{
    struct fonts *f = arg;

    f->init();
    return NULL;
}

/* kring_renderer_start()'s thread. fontconfig reads its configuration
 * (some sixty XML files) on a thread of its own while this one loads the
 * module and Graphviz's fifty libraries: the two longest parts of a
 * map's start (a fifth and an eighth of its instructions), of which
 * neither needs the other. kr_gv_new()'s FcInit() then finds it done. */
static void *load_thread(void *arg)
{
    kring_renderer *r = arg;
    void *fc = dlopen("libfontconfig.so.1", RTLD_LAZY | RTLD_LOCAL);
    struct fonts f = {NULL};
    pthread_t fonts;
    int reading = 0;

    if (fc != NULL && (*(void **)&f.init = dlsym(fc, "FcInit")) != NULL)
        reading = pthread_create(&fonts, NULL, fonts_thread, &f) == 0;
    r->loaded = load_module(r, &r->load_err);
    if (reading)
        pthread_join(fonts, NULL);
    if (r->loaded == KRING_OK)
        r->loaded = start(r, &r->load_err);
    return NULL;
}

void kring_renderer_last(kring_renderer *r)
{
    r->last = 1;
}

void kring_renderer_start(kring_renderer *r)
{
    if (r->gv == NULL && !r->loading &&
        pthread_create(&r->loader, NULL, load_thread, r) == 0)
        r->loading = 1;
}

/* kring_renderer_last(), told to the module just before the drawing it
 * is for. */
static void tell_last(kring_renderer *r)
{
    if (r->last) {
        r->gv_last(r->gv);
        r->last = 0;
    }
}

/* Graphviz, loaded by kring_renderer_start()'s thread or now. */
static kring_status ready(kring_renderer *r, kring_error *err)
{
    kring_status rc;

    if (r->loading) {
        pthread_join(r->loader, NULL);
        r->loading = 0;
        if (r->loaded != KRING_OK) {
            if (err != NULL)
                *err = r->load_err;
            return r->loaded;
        }
    }
    if (r->gv == NULL && ((rc = load_module(r, err)) || (rc = start(r, err))))
        return rc;
    return KRING_OK;
}

void kring_renderer_free(kring_renderer *r)
{
    if (r == NULL)
        return;
    if (r->loading)
        pthread_join(r->loader, NULL);
    if (r->gv != NULL)
        r->gv_free(r->gv);
    /* The module stays loaded: Graphviz's libraries do not take well to
     * being unloaded, and the process ends soon. */
    kr_free(r);
}

static kring_status load_module(kring_renderer *r, kring_error *err)
{
    char path[PATH_MAX + 32];

    if (!kr_module_find(MODULE, "KRING_GRAPHVIZ", path, sizeof path))
        return kr_error_set(err, KRING_ERR_IO,
                            _("cannot draw maps: %s is not installed"), path);
    if ((r->module = dlopen(path, RTLD_LAZY | RTLD_LOCAL)) == NULL)
        return kr_error_set(err, KRING_ERR_IO, _("cannot draw maps: %s"),
                            dlerror());
    *(void **)&r->gv_new = dlsym(r->module, "kr_gv_new");
    *(void **)&r->gv_free = dlsym(r->module, "kr_gv_free");
    *(void **)&r->gv_draw = dlsym(r->module, "kr_gv_draw");
    *(void **)&r->gv_sheet = dlsym(r->module, "kr_gv_sheet");
    *(void **)&r->gv_draw_graph = dlsym(r->module, "kr_gv_draw_graph");
    *(void **)&r->gv_draw_graph_fd = dlsym(r->module, "kr_gv_draw_graph_fd");
    *(void **)&r->gv_last = dlsym(r->module, "kr_gv_last");
    if (r->gv_new == NULL || r->gv_free == NULL || r->gv_draw == NULL ||
        r->gv_sheet == NULL || r->gv_draw_graph == NULL ||
        r->gv_draw_graph_fd == NULL || r->gv_last == NULL)
        return kr_error_set(err, KRING_ERR_IO,
                            _("cannot draw maps: %s is not kring's"), path);
    return KRING_OK;
}

/* Starts Graphviz in the loaded module. */
static kring_status start(kring_renderer *r, kring_error *err)
{
    if ((r->gv = r->gv_new()) == NULL)
        return kr_error_set(err, KRING_ERR_IO, "%s",
                            _("Graphviz could not start"));
    return KRING_OK;
}

/* Moves the cross-reference table of PDF (*LEN bytes) back by DELTA bytes
 * for every object at or after AT: cairo writes a classic table (entries
 * of 20 bytes, offsets of 10 digits) and startxref at the end. */
static void pdf_shift(char *pdf, size_t *len, size_t at, size_t delta)
{
    char *x = NULL, *p, *end = pdf + *len;
    unsigned long first, n, i;

    for (p = pdf; (p = memmem(p, (size_t)(end - p), "\nxref\n", 6)) != NULL;
         p++)
        x = p + 1;
    if (x == NULL || sscanf(x + 5, "%lu %lu", &first, &n) != 2)
        return;
    if ((p = memchr(x + 5, '\n', (size_t)(end - x - 5))) == NULL)
        return;
    for (p++, i = 0; i < n && p + 20 <= end; i++, p += 20) {
        unsigned long off = strtoul(p, NULL, 10);
        if (p[17] == 'n' && off >= at) {
            char digits[11];
            snprintf(digits, sizeof digits, "%010lu", off - delta);
            memcpy(p, digits, 10);
        }
    }
    /* startxref: where the table now is (the file's last number). */
    if ((p = memmem(p, (size_t)(end - p), "startxref\n", 10)) != NULL) {
        char *num = p + 10, tail[64];
        size_t rest = (size_t)(end - num) - strspn(num, "0123456789");
        int w = snprintf(tail, sizeof tail, "%lu", (unsigned long)(x - pdf));
        if (w > 0 && (size_t)w + rest <= (size_t)(end - num)) {
            memmove(num + w, end - rest, rest);
            memcpy(num, tail, (size_t)w);
            *len = (size_t)(num + w + rest - pdf);
        }
    }
}

/* cairo writes the time of writing into a PDF, in the time zone of the
 * machine ("D:20261205223000+01'00"); the map's date goes there instead,
 * in UTC and at midnight ("D:20261205000000Z"), so that the same case
 * gives the same bytes in every time zone. The table of offsets follows. */
static void pdf_dates(char *pdf, size_t *len, const char *date)
{
    static const char *const keys[] = {"/CreationDate (", "/ModDate ("};
    char want[32];
    size_t k;

    snprintf(want, sizeof want, "D:%.4s%.2s%.2s000000Z", date, date + 5,
             date + 8);
    for (k = 0; k < 2; k++) {
        char *at = memmem(pdf, *len, keys[k], strlen(keys[k])), *close;
        size_t was, now = strlen(want);
        if (at == NULL)
            continue;
        at += strlen(keys[k]);
        close = memchr(at, ')', *len - (size_t)(at - pdf));
        if (close == NULL || (was = (size_t)(close - at)) < now ||
            was > now + 8)
            continue;
        memmove(at + now, close, *len - (size_t)(close - pdf));
        memcpy(at, want, now);
        *len -= was - now;
        if (was > now)
            pdf_shift(pdf, len, (size_t)(at - pdf), was - now);
    }
}

/* Draws the map as F into *OUT: from its DOT text, or (DOT NULL) from its
 * graph G. The module's bytes (from its malloc(), a NUL after them) are
 * the caller's as they are, freed with kr_free() (which is free()): a
 * copy of a large map would touch as many new pages (bench/README.md);
 * the NUL lets a PDF's numbers be read as text. */
static kring_status render(kring_renderer *r, const char *dot,
                           const kring_map_graph *g, kring_format f,
                           const char *date, char **out, size_t *len,
                           kring_error *err)
{
    char why[256], *data = NULL;
    int dpi = f == KRING_FORMAT_PNG ? 144 : 72;
    size_t n = 0;
    kring_status rc;

    *out = NULL;
    *len = 0;
    if ((unsigned)f >= KRING_FORMAT_DOT)
        return kr_error_set(err, KRING_ERR_INVALID, "%s",
                            _("Graphviz draws SVG, PNG or PDF"));
    if ((rc = ready(r, err)))
        return rc;
    tell_last(r);
    if (dot != NULL ? r->gv_draw(r->gv, dot, format_names[f], dpi, &data, &n,
                                 why, sizeof why)
                    : r->gv_draw_graph(r->gv, g->bytes, g->len, format_names[f],
                                       dpi, &data, &n, why, sizeof why))
        return kr_error_set(err, KRING_ERR_IO, "%s", why);
    *out = data;
    *len = n;
    if (f == KRING_FORMAT_PDF && date != NULL && strlen(date) == 10)
        pdf_dates(*out, len, date);
    return KRING_OK;
}

kring_status kring_render_dot(kring_renderer *r, const char *dot,
                              kring_format f, const char *date, char **out,
                              size_t *len, kring_error *err)
{
    return render(r, dot, NULL, f, date, out, len, err);
}

kring_status kring_render_graph(kring_renderer *r, const kring_map_graph *g,
                                kring_format f, const char *date, char **out,
                                size_t *len, kring_error *err)
{
    return render(r, NULL, g, f, date, out, len, err);
}

kring_status kring_render_graph_file(kring_renderer *r,
                                     const kring_map_graph *g, kring_format f,
                                     const char *date, const char *path,
                                     kring_error *err)
{
    char why[256], *data = NULL;
    struct kr_file file;
    int write_errno = 0;
    size_t n = 0;
    kring_status rc;

    /* A PDF's dates are mended in its bytes: drawn, then written. */
    if (f == KRING_FORMAT_PDF || (unsigned)f >= KRING_FORMAT_DOT) {
        if ((rc = render(r, NULL, g, f, date, &data, &n, err)) == KRING_OK)
            rc = kring_file_write(path, data, n, 0, err);
        kr_free(data);
        return rc;
    }
    if ((rc = ready(r, err)) || (rc = kr_file_begin(path, &file, err)))
        return rc;
    tell_last(r);
    if (r->gv_draw_graph_fd(r->gv, g->bytes, g->len, format_names[f],
                            f == KRING_FORMAT_PNG ? 144 : 72, file.fd,
                            &write_errno, why, sizeof why))
        rc = write_errno
                 ? kr_error_set(err, KRING_ERR_IO, _("%s: cannot write: %s"),
                                path, strerror(write_errno))
                 : kr_error_set(err, KRING_ERR_IO, "%s", why);
    return kr_file_end(path, &file, 0, rc, err);
}

kring_status kring_render_sheet(kring_renderer *r, const kring_sheet_doc *doc,
                                char **out, size_t *len, int *pages,
                                kring_error *err)
{
    char why[256], *data = NULL;
    size_t n = 0;
    kring_status rc;

    if (out != NULL) {
        *out = NULL;
        *len = 0;
    }
    if ((rc = ready(r, err)))
        return rc;
    if (r->gv_sheet(r->gv, doc, out != NULL ? &data : NULL, &n, pages, why,
                    sizeof why))
        return kr_error_set(err, KRING_ERR_IO, "%s", why);
    if (out != NULL) {
        *out = data; /* as in render() */
        *len = n;
    }
    return KRING_OK;
}
