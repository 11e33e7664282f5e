/* libkring-render: a map's DOT drawn by Graphviz (cgraph + gvc). Graphviz
 * lays the DOT out with nop2, which keeps every position the layout
 * chose, and renders it. */
#define _GNU_SOURCE /* memmem */
#include <gvc.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "kring/render.h"

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
    GVC_t *gvc; /* made when the first map is drawn */
};

kring_renderer *kring_renderer_new(void)
{
    return kr_calloc(1, sizeof(kring_renderer));
}

void kring_renderer_free(kring_renderer *r)
{
    if (r == NULL)
        return;
    if (r->gvc != NULL)
        gvFreeContext(r->gvc);
    kr_free(r);
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

/* The Graphviz plugins kring draws with, linked in rather than looked up
 * in Graphviz's plugin configuration at every start: the core renderers
 * (SVG), nop2, and pango and cairo (text sizes, PNG, PDF). */
extern gvplugin_library_t gvplugin_core_LTX_library;
extern gvplugin_library_t gvplugin_neato_layout_LTX_library;
extern gvplugin_library_t gvplugin_pango_LTX_library;

static const lt_symlist_t plugins[] = {
    {"gvplugin_core_LTX_library", &gvplugin_core_LTX_library},
    {"gvplugin_neato_layout_LTX_library", &gvplugin_neato_layout_LTX_library},
    {"gvplugin_pango_LTX_library", &gvplugin_pango_LTX_library},
    {0, 0},
};

kring_status kring_render_dot(kring_renderer *r, const char *dot,
                              kring_format f, const char *date, char **out,
                              size_t *len, kring_error *err)
{
    char *data = NULL;
    unsigned int n = 0;
    Agraph_t *g;
    int rc;

    *out = NULL;
    *len = 0;
    if ((unsigned)f >= KRING_FORMAT_DOT)
        return kr_error_set(err, KRING_ERR_INVALID, "%s",
                            _("Graphviz draws SVG, PNG or PDF"));
    /* pango measures the labels' lines, which Graphviz places by their
     * width. */
    if (r->gvc == NULL && (r->gvc = gvContextPlugins(plugins, 0)) == NULL)
        return kr_error_set(err, KRING_ERR_IO, "%s",
                            _("Graphviz could not start"));
    if ((g = agmemread(dot)) == NULL)
        return kr_error_set(err, KRING_ERR_INVALID, "%s",
                            _("Graphviz could not read the map"));
    /* dpi is read at layout; anything but 72 would break SVG. */
    if (f == KRING_FORMAT_PNG)
        agsafeset(g, "dpi", "144", "");
    rc = gvLayout(r->gvc, g, "nop2");
    if (rc == 0)
        rc = gvRenderData(r->gvc, g, format_names[f], &data, &n);
    if (rc == 0 && (*out = kr_malloc(n ? n : 1)) != NULL) {
        memcpy(*out, data, n);
        *len = n;
    }
    if (data != NULL)
        gvFreeRenderData(data);
    gvFreeLayout(r->gvc, g);
    agclose(g);
    if (rc != 0)
        return kr_error_set(err, KRING_ERR_IO, "%s",
                            _("Graphviz could not draw the map"));
    if (*out == NULL)
        return kr_nomem(err);
    if (f == KRING_FORMAT_PDF && date != NULL && strlen(date) == 10)
        pdf_dates(*out, *len, date);
    return KRING_OK;
}
