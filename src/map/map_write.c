/* Writing the map's text: a growing buffer, numbers without printf, DOT
 * and HTML-label quoting, and the xdot operations the background is drawn
 * with. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "kring/markup.h"
#include "map_internal.h"

void kr_add(struct kr_text *t, const char *fmt, ...)
{
    va_list ap;
    int n;

    if (t->failed)
        return;
    for (;;) {
        size_t room = t->cap - t->len;
        va_start(ap, fmt);
        n = vsnprintf(t->s ? t->s + t->len : NULL, t->s ? room : 0, fmt, ap);
        va_end(ap);
        if (n < 0) {
            t->failed = 1;
            return;
        }
        if (t->s != NULL && (size_t)n < room) {
            t->len += (size_t)n;
            return;
        }
        if (kr_grow_raw(&t->s, &t->cap, t->len + (size_t)n + 1, 1)) {
            t->failed = 1;
            return;
        }
    }
}

/* N bytes of S, as they are. */
void kr_put(struct kr_text *t, const char *s, size_t n)
{
    if (t->failed)
        return;
    if (kr_grow_raw(&t->s, &t->cap, t->len + n + 1, 1)) {
        t->failed = 1;
        return;
    }
    memcpy(t->s + t->len, s, n);
    t->len += n;
    t->s[t->len] = '\0';
}

void kr_puts(struct kr_text *t, const char *s)
{
    kr_put(t, s, strlen(s));
}

/* A whole number and a space. */
void kr_whole(struct kr_text *t, size_t v)
{
    char buf[24], *o = buf + sizeof buf;

    *--o = ' ';
    do {
        *--o = (char)('0' + v % 10);
        v /= 10;
    } while (v > 0);
    kr_put(t, o, (size_t)(buf + sizeof buf - o));
}

/* An xdot operation with a string: "OP LEN -S ". */
void kr_op_text(struct kr_text *t, const char *op, const char *s)
{
    size_t n = strlen(s);

    kr_puts(t, op);
    kr_whole(t, n);
    kr_put(t, "-", 1);
    kr_put(t, s, n);
    kr_put(t, " ", 1);
}

/* V with two decimals, as "%.2f" writes it, and a space: the map has
 * thousands of coordinates, and printf would be most of its cost. */
void kr_num(struct kr_text *t, double v)
{
    char buf[32], *o = buf + sizeof buf;
    long long q;
    int i, negative;

    if (t->failed)
        return;
    if (!(fabs(v) < 1e15)) { /* not a coordinate: let printf say it */
        kr_add(t, "%.2f ", v);
        return;
    }
    q = llround(fabs(v) * 100.0);
    negative = v < 0 && q > 0;
    *--o = ' ';
    for (i = 0; i < 2; i++, q /= 10)
        *--o = (char)('0' + q % 10);
    *--o = '.';
    do {
        *--o = (char)('0' + q % 10);
        q /= 10;
    } while (q > 0);
    if (negative)
        *--o = '-';
    if (kr_grow_raw(&t->s, &t->cap, t->len + (size_t)(buf + sizeof buf - o) + 1,
                    1)) {
        t->failed = 1;
        return;
    }
    memcpy(t->s + t->len, o, (size_t)(buf + sizeof buf - o));
    t->len += (size_t)(buf + sizeof buf - o);
    t->s[t->len] = '\0';
}

/* A point of an edge's pos: "X,Y ". */
void kr_point(struct kr_text *t, double x, double y)
{
    kr_num(t, x);
    if (!t->failed && t->len > 0)
        t->s[t->len - 1] = ',';
    kr_num(t, y);
}

/* Text for a DOT string, read back by Graphviz exactly as S. The DOT
 * reader turns \" into a quote and keeps every other backslash, but it
 * reads a backslash together with a quote, a newline or the string's end
 * after it, and may drop a newline: such a run of backslashes and
 * newlines goes into an HTML-like string of its own (<\>, read as it
 * stands), joined to the rest with '+'. Runs with nothing to escape are
 * copied whole. */
void kr_quoted(struct kr_text *t, const char *s)
{
    kr_put(t, "\"", 1);
    while (*s) {
        size_t run = strcspn(s, "\"\\\n");
        kr_put(t, s, run);
        s += run;
        if (*s == '"') {
            kr_put(t, "\\\"", 2);
            s++;
        } else if (*s) {
            run = strspn(s, "\\\n");
            if (s[run] == '"' || s[run] == '\0' || memchr(s, '\n', run)) {
                kr_put(t, "\" + <", 5);
                kr_put(t, s, run);
                kr_put(t, "> + \"", 5);
            } else
                kr_put(t, s, run);
            s += run;
        }
    }
    kr_put(t, "\"", 1);
}

/* Long text as DOT strings joined by '+', each under Graphviz's limit of
 * 16,384 bytes for one quoted string, cut only at a space. */
void kr_long_string(struct kr_text *t, const char *s)
{
    size_t n = strlen(s);

    for (;;) {
        size_t take = n;
        char *part;
        if (take > 8000) {
            for (take = 8000; take > 0 && s[take - 1] != ' '; take--)
                ;
            if (take == 0)
                take = 8000;
        }
        if ((part = kr_strndup(s, take)) == NULL) {
            t->failed = 1;
            return;
        }
        kr_quoted(t, part);
        kr_free(part);
        s += take;
        n -= take;
        if (n == 0)
            return;
        kr_add(t, " +\n    ");
    }
}

static void put_text(void *ctx, const char *p, size_t n)
{
    kr_put(ctx, p, n);
}

/* Text for an HTML-like label: &, <, >, " as entities, and each
 * backslash doubled (include/kring/markup.h). */
void kr_html(struct kr_text *t, const char *s)
{
    kring_markup_escape(s, KRING_MARKUP_BACKSLASH, put_text, t);
}

/* xdot: the pen and fill colours, a style, a font. */
void kr_pen(struct kr_text *t, const char *c)
{
    kr_op_text(t, "c ", c);
}

void kr_fill(struct kr_text *t, const char *c)
{
    kr_op_text(t, "C ", c);
}

void kr_style(struct kr_text *t, const char *s)
{
    kr_op_text(t, "S ", s);
}

void kr_line_width(struct kr_text *t, double w)
{
    char s[32];

    snprintf(s, sizeof s, "setlinewidth(%g)", w);
    kr_style(t, s);
}

/* Text centred at (X, Y) (its baseline), SIZE points, BOLD or not. */
void kr_words(struct kr_text *t, double x, double y, double size, int bold,
              const char *ink, const char *s)
{
    kr_puts(t, "F ");
    kr_num(t, size);
    kr_op_text(t, "", "DejaVu Sans");
    kr_pen(t, ink);
    kr_puts(t, bold ? "t 1 T " : "t 0 T ");
    kr_num(t, x);
    kr_num(t, y);
    kr_puts(t, "0 ");
    kr_num(t, kring_text_width(s, size, bold));
    kr_op_text(t, "", s);
    kr_puts(t, "t 0 ");
}
