/* kring-graphviz.so: the one piece of kring that calls Graphviz (cgraph +
 * gvc). kring loads it with dlopen() when it draws a map, and never
 * otherwise, so that no other command pays for Graphviz and the libraries
 * it brings (cairo, pango, fontconfig, ...). Its interface is plain C
 * (src/map/graphviz.h); it uses nothing of libkring. */
#define _GNU_SOURCE /* memmem */
#include <cairo.h>
#include <gvc.h>
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graphviz.h"

#define _(s) dgettext("kring", s)

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

struct kr_gv {
    GVC_t *gvc;
};

struct kr_gv *kr_gv_new(void)
{
    struct kr_gv *g = calloc(1, sizeof *g);

    /* pango measures the labels' lines, which Graphviz places by their
     * width. */
    if (g != NULL && (g->gvc = gvContextPlugins(plugins, 0)) == NULL) {
        free(g);
        g = NULL;
    }
    return g;
}

void kr_gv_free(struct kr_gv *g)
{
    if (g == NULL)
        return;
    gvFreeContext(g->gvc);
    free(g);
}

int kr_gv_draw(struct kr_gv *g, const char *dot, const char *format, int dpi,
               char **out, size_t *len, char *why, size_t cap)
{
    char *data = NULL, value[16];
    unsigned int n = 0;
    Agraph_t *graph;
    int rc;

    *out = NULL;
    *len = 0;
    if ((graph = agmemread(dot)) == NULL) {
        snprintf(why, cap, "%s", _("Graphviz could not read the map"));
        return -1;
    }
    /* dpi is read at layout; anything but 72 would break SVG. */
    if (dpi != 72) {
        snprintf(value, sizeof value, "%d", dpi);
        agsafeset(graph, "dpi", value, "");
    }
    rc = gvLayout(g->gvc, graph, "nop2");
    if (rc == 0)
        rc = gvRenderData(g->gvc, graph, format, &data, &n);
    if (rc == 0 && (*out = malloc(n ? n : 1)) != NULL) {
        memcpy(*out, data, n);
        *len = n;
    }
    if (data != NULL)
        gvFreeRenderData(data);
    gvFreeLayout(g->gvc, graph);
    agclose(graph);
    if (rc != 0) {
        snprintf(why, cap, "%s", _("Graphviz could not draw the map"));
        return -1;
    }
    if (*out == NULL) {
        snprintf(why, cap, "%s", _("out of memory"));
        return -1;
    }
    return 0;
}

int kr_gv_draw_into(struct kr_gv *g, const char *dot, void *cairo, double x,
                    double y, double scale, char *why, size_t cap)
{
    cairo_t *cr = cairo;
    Agraph_t *graph;
    int rc;

    if ((graph = agmemread(dot)) == NULL) {
        snprintf(why, cap, "%s", _("Graphviz could not read the map"));
        return -1;
    }
    rc = gvLayout(g->gvc, graph, "nop2");
    if (rc == 0) {
        /* "eps:cairo" draws into the context it is given and neither
         * finishes its surface nor writes anywhere else. */
        cairo_save(cr);
        cairo_translate(cr, x, y);
        cairo_scale(cr, scale, scale);
        rc = gvRenderContext(g->gvc, graph, "eps:cairo", cr);
        cairo_restore(cr);
        gvFreeLayout(g->gvc, graph);
    }
    agclose(graph);
    if (rc != 0) {
        snprintf(why, cap, "%s", _("Graphviz could not draw the map"));
        return -1;
    }
    return 0;
}
