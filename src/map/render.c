/* Drawing a map's DOT: kring-graphviz.so (src/map/graphviz.c), loaded with
 * dlopen() at the first drawing, does the Graphviz part; this file finds
 * and loads it, and names the formats. Nothing here links Graphviz. */
#define _GNU_SOURCE /* memmem */
#include <dlfcn.h>
#include <limits.h>
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
    void *module; /* dlopen() handle, once loaded */
    struct kr_gv *gv;
    struct kr_gv *(*gv_new)(void);
    void (*gv_free)(struct kr_gv *);
    int (*gv_draw)(struct kr_gv *, const char *, const char *, int, char **,
                   size_t *, char *, size_t);
};

kring_renderer *kring_renderer_new(void)
{
    return kr_calloc(1, sizeof(kring_renderer));
}

void kring_renderer_free(kring_renderer *r)
{
    if (r == NULL)
        return;
    if (r->gv != NULL)
        r->gv_free(r->gv);
    /* The module stays loaded: Graphviz's libraries do not take well to
     * being unloaded, and the process ends soon. */
    kr_free(r);
}

static kring_status load(kring_renderer *r, kring_error *err)
{
    char path[PATH_MAX + 32];

    if (!kr_module_find(MODULE, "KRING_GRAPHVIZ", path, sizeof path))
        return kr_error_set(err, KRING_ERR_IO,
                            _("cannot draw maps: %s is not installed"), path);
    if ((r->module = dlopen(path, RTLD_NOW | RTLD_LOCAL)) == NULL)
        return kr_error_set(err, KRING_ERR_IO, _("cannot draw maps: %s"),
                            dlerror());
    *(void **)&r->gv_new = dlsym(r->module, "kr_gv_new");
    *(void **)&r->gv_free = dlsym(r->module, "kr_gv_free");
    *(void **)&r->gv_draw = dlsym(r->module, "kr_gv_draw");
    if (r->gv_new == NULL || r->gv_free == NULL || r->gv_draw == NULL)
        return kr_error_set(err, KRING_ERR_IO,
                            _("cannot draw maps: %s is not kring's"), path);
    if ((r->gv = r->gv_new()) == NULL)
        return kr_error_set(err, KRING_ERR_IO, "%s",
                            _("Graphviz could not start"));
    return KRING_OK;
}

/* cairo writes the time of writing into a PDF; the map's date goes there
 * instead (same length, so no offset moves). */
static void pdf_dates(char *pdf, size_t len, const char *date)
{
    static const char *const keys[] = {"/CreationDate (D:", "/ModDate (D:"};
    size_t k;

    for (k = 0; k < 2; k++) {
        char *at = memmem(pdf, len, keys[k], strlen(keys[k]));
        char digits[15];
        size_t i;
        if (at == NULL)
            continue;
        at += strlen(keys[k]);
        snprintf(digits, sizeof digits, "%.4s%.2s%.2s000000", date, date + 5,
                 date + 8);
        for (i = 0;
             i < 14 && at + i < pdf + len && at[i] >= '0' && at[i] <= '9'; i++)
            at[i] = digits[i];
    }
}

kring_status kring_render_dot(kring_renderer *r, const char *dot,
                              kring_format f, const char *date, char **out,
                              size_t *len, kring_error *err)
{
    char why[256], *data = NULL;
    size_t n = 0;
    kring_status rc;

    *out = NULL;
    *len = 0;
    if ((unsigned)f >= KRING_FORMAT_DOT)
        return kr_error_set(err, KRING_ERR_INVALID, "%s",
                            _("Graphviz draws SVG, PNG or PDF"));
    if (r->gv == NULL && (rc = load(r, err)))
        return rc;
    if (r->gv_draw(r->gv, dot, format_names[f],
                   f == KRING_FORMAT_PNG ? 144 : 72, &data, &n, why,
                   sizeof why))
        return kr_error_set(err, KRING_ERR_IO, "%s", why);
    /* Into kring's own allocation, which the caller frees. */
    if ((*out = kr_malloc(n ? n : 1)) == NULL) {
        free(data);
        return kr_nomem(err);
    }
    memcpy(*out, data, n);
    *len = n;
    free(data);
    if (f == KRING_FORMAT_PDF && date != NULL && strlen(date) == 10)
        pdf_dates(*out, *len, date);
    return KRING_OK;
}
