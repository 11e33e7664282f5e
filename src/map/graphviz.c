/* kring-graphviz.so: the one piece of kring that calls Graphviz (cgraph +
 * gvc). kring loads it with dlopen() when it draws a map, and never
 * otherwise, so that no other command pays for Graphviz and the libraries
 * it brings (cairo, pango, fontconfig, ...). Its interface is plain C
 * (src/map/graphviz.h); it uses nothing of libkring. */
#define _GNU_SOURCE /* memmem */
#include <cairo.h>
#include <fontconfig/fontconfig.h>
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
    /* fontconfig reads its configuration (XML files) and its font caches
     * now rather than at the first label's width: a fifth of a map's
     * instructions, which kring_renderer_start() overlaps with reading
     * and laying out the case. It is the configuration pango would read. */
    if (g != NULL)
        FcInit();
    return g;
}

void kr_gv_free(struct kr_gv *g)
{
    if (g == NULL)
        return;
    gvFreeContext(g->gvc);
    free(g);
}

/* The attribute symbols of one graph, each looked up or made once: a
 * map's nodes and edges all have the same few keys. */
#define SYMBOLS 32
struct symbols {
    int n;
    struct {
        int kind;        /* AGNODE or AGEDGE */
        const char *key; /* in the graph's bytes */
        Agsym_t *sym;
    } at[SYMBOLS];
};

static Agsym_t *symbol(Agraph_t *graph, struct symbols *s, int kind,
                       const char *key)
{
    Agsym_t *sym;
    int i;

    for (i = 0; i < s->n; i++)
        if (s->at[i].kind == kind && strcmp(s->at[i].key, key) == 0)
            return s->at[i].sym;
    /* As the DOT reader does: a key first met on an object is declared
     * with the default "". */
    if ((sym = agattr(graph, kind, (char *)key, NULL)) == NULL)
        sym = agattr(graph, kind, (char *)key, "");
    if (sym != NULL && s->n < SYMBOLS) {
        s->at[s->n].kind = kind;
        s->at[s->n].key = key;
        s->at[s->n++].sym = sym;
    }
    return sym;
}

/* The string at *P before END, and *P past it; NULL when it does not end
 * before END. */
static const char *field(const char **p, const char *end)
{
    const char *s = *p, *nul = memchr(s, '\0', (size_t)(end - s));

    if (nul == NULL)
        return NULL;
    *p = nul + 1;
    return s;
}

/* Sets the attribute of TYPE (src/map/graphviz.h) on OBJ, of KIND. */
static int set(Agraph_t *graph, struct symbols *s, void *obj, int kind,
               char type, const char *key, const char *value)
{
    Agsym_t *sym;

    if (kind == AGRAPH || kind == -AGNODE || kind == -AGEDGE)
        /* The graph's own, or a default: as the DOT reader sets them. */
        return agattr(graph, kind < 0 ? -kind : kind, (char *)key,
                      (char *)value) != NULL
                   ? 0
                   : -1;
    if ((sym = symbol(graph, s, kind, key)) == NULL)
        return -1;
    if (type == KR_GV_HTML) {
        /* An HTML-like label is a string marked as such in the graph's
         * pool: agxset() takes the marked one that agstrdup_html made. */
        char *html = agstrdup_html(graph, (char *)value);
        int rc = html != NULL ? agxset(obj, sym, html) : -1;
        agstrfree(graph, html);
        return rc;
    }
    return agxset(obj, sym, (char *)value);
}

/* The graph of LEN bytes at BYTES (src/map/graphviz.h), built with
 * cgraph's calls in the order the DOT reader would make them from the
 * map's DOT; NULL when the bytes are not such a graph. */
static Agraph_t *build(const char *bytes, size_t len)
{
    const char *p = bytes, *end = bytes + len, *a, *b;
    Agraph_t *graph = NULL;
    struct symbols syms = {0};

    while (p < end) {
        char kind = *p++;
        void *obj = NULL;
        int on = 0;
        if (kind == KR_GV_GRAPH && graph == NULL) {
            if ((a = field(&p, end)) == NULL ||
                (graph = agopen((char *)a, Agundirected, NULL)) == NULL)
                return NULL;
            on = AGRAPH;
        } else if (graph == NULL) {
            return NULL;
        } else if (kind == KR_GV_NODES || kind == KR_GV_EDGES) {
            on = kind == KR_GV_NODES ? -AGNODE : -AGEDGE;
        } else if (kind == KR_GV_NODE) {
            if ((a = field(&p, end)) == NULL ||
                (obj = agnode(graph, (char *)a, 1)) == NULL)
                goto fail;
            on = AGNODE;
        } else if (kind == KR_GV_EDGE) {
            Agnode_t *t, *h;
            if ((a = field(&p, end)) == NULL || (b = field(&p, end)) == NULL ||
                (t = agnode(graph, (char *)a, 0)) == NULL ||
                (h = agnode(graph, (char *)b, 0)) == NULL ||
                (obj = agedge(graph, t, h, NULL, 1)) == NULL)
                goto fail;
            on = AGEDGE;
        } else
            goto fail;
        while (p < end && *p) {
            char type = *p++;
            const char *key = field(&p, end), *value;
            if (key == NULL || (value = field(&p, end)) == NULL ||
                set(graph, &syms, obj, on, type, key, value))
                goto fail;
        }
        if (p >= end)
            goto fail;
        p++;
    }
    return graph;
fail:
    if (graph != NULL)
        agclose(graph);
    return NULL;
}

/* Lays GRAPH out and renders it as FORMAT at DPI into *OUT, *LEN bytes;
 * closes GRAPH. */
static int draw(struct kr_gv *g, Agraph_t *graph, const char *format, int dpi,
                char **out, size_t *len, char *why, size_t cap)
{
    char *data = NULL, value[16];
    unsigned int n = 0;
    int rc;

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

int kr_gv_draw(struct kr_gv *g, const char *dot, const char *format, int dpi,
               char **out, size_t *len, char *why, size_t cap)
{
    Agraph_t *graph;

    *out = NULL;
    *len = 0;
    if ((graph = agmemread(dot)) == NULL) {
        snprintf(why, cap, "%s", _("Graphviz could not read the map"));
        return -1;
    }
    return draw(g, graph, format, dpi, out, len, why, cap);
}

int kr_gv_draw_graph(struct kr_gv *g, const char *bytes, size_t len,
                     const char *format, int dpi, char **out, size_t *len_out,
                     char *why, size_t cap)
{
    Agraph_t *graph;

    *out = NULL;
    *len_out = 0;
    if ((graph = build(bytes, len)) == NULL) {
        snprintf(why, cap, "%s", _("Graphviz could not read the map"));
        return -1;
    }
    return draw(g, graph, format, dpi, out, len_out, why, cap);
}

int kr_gv_draw_into(struct kr_gv *g, const char *bytes, size_t len, void *cairo,
                    double x, double y, double scale, char *why, size_t cap)
{
    cairo_t *cr = cairo;
    Agraph_t *graph;
    int rc;

    if ((graph = build(bytes, len)) == NULL) {
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
