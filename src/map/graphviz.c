/* kring-graphviz.so: the one piece of kring that calls Graphviz (cgraph +
 * gvc). kring loads it with dlopen() when it draws a map, and never
 * otherwise, so that no other command pays for Graphviz and the libraries
 * it brings (cairo, pango, fontconfig, ...). Its interface is plain C
 * (src/map/graphviz.h); it uses nothing of libkring. */
#define _GNU_SOURCE /* memmem, fopencookie */
#include <cairo.h>
#include <errno.h>
#include <fontconfig/fontconfig.h>
#include <gvc.h>
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
    int last; /* kr_gv_last() */
};

/* The graph of the process's last drawing, left for the system to take
 * back at exit (kr_gv_last()); held here, it is not a leak to a leak
 * checker. */
static Agraph_t *kept;

void kr_gv_last(struct kr_gv *g)
{
    g->last = 1;
}

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

int kr_gv_buf_put(struct kr_gv_buf *b, const void *data, size_t n)
{
    if (b->failed)
        return -1;
    if (n >= b->cap - b->len) {
        size_t cap = b->cap ? b->cap : 65536;
        char *p;
        while (n >= cap - b->len) {
            if (cap > SIZE_MAX / 2) {
                b->failed = 1;
                return -1;
            }
            cap *= 2;
        }
        if ((p = realloc(b->p, cap)) == NULL) {
            b->failed = 1;
            return -1;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, data, n);
    b->len += n;
    b->p[b->len] = '\0';
    return 0;
}

/* Where Graphviz's bytes go: a kr_gv_buf (FD < 0) or the file FD, with
 * ERRNO that of a write that failed. */
struct sink {
    struct kr_gv_buf buf;
    int fd, errno_;
    char io[65536]; /* the stream's buffer */
};

/* Graphviz writes through a stream into the sink: gvRenderData grows its
 * buffer a page at a time, moving it as it goes, and its result had to
 * be copied out; open_memstream copies and clears at every doubling; a
 * file is written as it comes, as neato does, and its bytes never held.
 * The stream takes every byte, failure or not: Graphviz ends the process
 * when a write falls short (gvwrite). The failure is reported after. */
static ssize_t sink_write(void *cookie, const char *data, size_t n)
{
    struct sink *k = cookie;
    size_t left = n;

    if (k->fd < 0) {
        kr_gv_buf_put(&k->buf, data, n);
        return (ssize_t)n;
    }
    while (left > 0 && k->errno_ == 0) {
        ssize_t w = write(k->fd, data, left);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            k->errno_ = w < 0 ? errno : ENOSPC;
        else {
            data += w;
            left -= (size_t)w;
        }
    }
    return (ssize_t)n;
}

/* Lays GRAPH out and renders it as FORMAT at DPI into the sink K; closes
 * GRAPH. 0, or -1 with the reason in WHY (a write's failure in K). */
static int draw(struct kr_gv *g, Agraph_t *graph, const char *format, int dpi,
                struct sink *k, char *why, size_t cap)
{
    static const cookie_io_functions_t io = {.write = sink_write};
    char value[16];
    FILE *stream;
    int laid, rc;

    /* dpi is read at layout; anything but 72 would break SVG. */
    if (dpi != 72) {
        snprintf(value, sizeof value, "%d", dpi);
        agsafeset(graph, "dpi", value, "");
    }
    if ((stream = fopencookie(k, "w", io)) == NULL) {
        agclose(graph);
        snprintf(why, cap, "%s", _("out of memory"));
        return -1;
    }
    /* Graphviz writes in small pieces: 64 KiB at a time reach the sink
     * (glibc would give a stream of its own 4 KiB). */
    setvbuf(stream, k->io, _IOFBF, sizeof k->io);
    laid = gvLayout(g->gvc, graph, "nop2") == 0;
    rc = laid ? gvRender(g->gvc, graph, format, stream) : -1;
    if (g->last && kept == NULL) {
        kept = graph;
        g->last = 0;
    } else {
        if (laid)
            gvFreeLayout(g->gvc, graph);
        agclose(graph);
    }
    fclose(stream); /* the sink's write never fails */
    if (rc != 0) {
        snprintf(why, cap, "%s", _("Graphviz could not draw the map"));
        return -1;
    }
    if (k->fd < 0 && (k->buf.failed ||
                      (k->buf.p == NULL && kr_gv_buf_put(&k->buf, "", 0)))) {
        snprintf(why, cap, "%s", _("out of memory"));
        return -1;
    }
    return k->errno_ != 0 ? -1 : 0;
}

/* draw() into a buffer handed out as *OUT, *LEN. */
static int draw_out(struct kr_gv *g, Agraph_t *graph, const char *format,
                    int dpi, char **out, size_t *len, char *why, size_t cap)
{
    struct sink k = {.fd = -1};

    if (draw(g, graph, format, dpi, &k, why, cap)) {
        free(k.buf.p);
        return -1;
    }
    *out = k.buf.p;
    *len = k.buf.len;
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
    return draw_out(g, graph, format, dpi, out, len, why, cap);
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
    return draw_out(g, graph, format, dpi, out, len_out, why, cap);
}

int kr_gv_draw_graph_fd(struct kr_gv *g, const char *bytes, size_t len,
                        const char *format, int dpi, int fd, int *write_errno,
                        char *why, size_t cap)
{
    struct sink k = {.fd = fd};
    Agraph_t *graph;
    int rc;

    *write_errno = 0;
    if ((graph = build(bytes, len)) == NULL) {
        snprintf(why, cap, "%s", _("Graphviz could not read the map"));
        return -1;
    }
    rc = draw(g, graph, format, dpi, &k, why, cap);
    *write_errno = k.errno_;
    return rc;
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
