/* The map as a graph for Graphviz: the records of src/map/graphviz.h,
 * which kring-graphviz.so builds with cgraph's calls, and the DOT text
 * written from the same records (`--format dot`, the web's cache, the
 * sheet), so that the two cannot say different things. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "graphviz.h"
#include "map_internal.h"

void kr_graph_begin(struct kr_text *g, char kind, const char *a, const char *b)
{
    kr_put(g, &kind, 1);
    if (a != NULL)
        kr_put(g, a, strlen(a) + 1);
    if (b != NULL)
        kr_put(g, b, strlen(b) + 1);
}

void kr_graph_key(struct kr_text *g, char type, const char *key)
{
    kr_put(g, &type, 1);
    kr_put(g, key, strlen(key) + 1);
}

void kr_graph_value_end(struct kr_text *g)
{
    kr_put(g, "", 1);
}

void kr_graph_attr(struct kr_text *g, char type, const char *key,
                   const char *fmt, ...)
{
    va_list ap;
    char small[64];
    int n;

    kr_graph_key(g, type, key);
    /* Most values are short: formatted on the stack, copied once. */
    va_start(ap, fmt);
    n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        g->failed = 1;
        return;
    }
    if ((size_t)n < sizeof small) {
        kr_put(g, small, (size_t)n + 1);
        return;
    }
    {
        char *big = kr_malloc((size_t)n + 1);
        if (big == NULL) {
            g->failed = 1;
            return;
        }
        va_start(ap, fmt);
        vsnprintf(big, (size_t)n + 1, fmt, ap);
        va_end(ap);
        kr_put(g, big, (size_t)n + 1);
        kr_free(big);
    }
}

void kr_graph_end(struct kr_text *g)
{
    kr_put(g, "", 1);
}

/* The string at *P, and *P past it. */
static const char *field(const char **p)
{
    const char *s = *p;

    *p += strlen(s) + 1;
    return s;
}

kring_status kr_graph_dot(const char *graph, size_t len, char **out,
                          kring_error *err)
{
    struct kr_text t = {0};
    const char *p = graph, *end = graph + len;

    *out = NULL;
    while (p < end) {
        char kind = *p++;
        int first = 1;
        switch (kind) {
        case KR_GV_GRAPH:
            kr_puts(&t, "graph ");
            kr_quoted(&t, field(&p));
            kr_puts(&t, " {\n  graph [");
            break;
        case KR_GV_NODES:
            kr_puts(&t, "  node [");
            break;
        case KR_GV_EDGES:
            kr_puts(&t, "  edge [");
            break;
        case KR_GV_NODE:
            kr_puts(&t, "  ");
            kr_puts(&t, field(&p));
            kr_puts(&t, " [");
            break;
        default: /* KR_GV_EDGE */
            kr_puts(&t, "  ");
            kr_puts(&t, field(&p));
            kr_puts(&t, " -- ");
            kr_puts(&t, field(&p));
            kr_puts(&t, " [");
            break;
        }
        while (*p) {
            char type = *p++;
            const char *key = field(&p), *value = field(&p);
            if (!first)
                kr_puts(&t, ", ");
            first = 0;
            kr_puts(&t, key);
            kr_puts(&t, "=");
            if (type == KR_GV_QUOTED)
                kr_quoted(&t, value);
            else if (type == KR_GV_LONG)
                kr_long_string(&t, value);
            else if (type == KR_GV_HTML) {
                kr_puts(&t, "<");
                kr_puts(&t, value);
                kr_puts(&t, ">");
            } else
                kr_puts(&t, value);
        }
        p++;
        kr_puts(&t, "];\n");
    }
    kr_puts(&t, "}\n");
    if (t.failed) {
        kr_free(t.s);
        return kr_nomem(err);
    }
    *out = t.s;
    return KRING_OK;
}
