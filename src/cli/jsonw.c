/* A streaming JSON writer for the --json outputs: a document is built in a
 * buffer of bytes, with no tree, and written out at its end, so that a
 * batch of thousands of cases costs one write each. Numbers are written
 * at full precision (they read back as the same double). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

void jw_init(struct jw *w, FILE *out, int pretty)
{
    memset(w, 0, sizeof *w);
    w->out = out;
    w->pretty = pretty;
}

void jw_release(struct jw *w)
{
    free(w->buf);
    w->buf = NULL;
    w->len = w->cap = 0;
}

/* Makes room for N more bytes; on failure the document is marked broken
 * and further output dropped (jw_object_end reports it). */
static int room(struct jw *w, size_t n)
{
    char *more;
    size_t cap;

    if (w->failed)
        return 0;
    if (w->len + n <= w->cap)
        return 1;
    cap = w->cap ? w->cap : 4096;
    while (cap < w->len + n)
        cap *= 2;
    if ((more = realloc(w->buf, cap)) == NULL) {
        w->failed = 1;
        return 0;
    }
    w->buf = more;
    w->cap = cap;
    return 1;
}

static void put(struct jw *w, const char *s, size_t n)
{
    if (room(w, n)) {
        memcpy(w->buf + w->len, s, n);
        w->len += n;
    }
}

static void putch(struct jw *w, char c)
{
    if (room(w, 1))
        w->buf[w->len++] = c;
}

static void puts_(struct jw *w, const char *s)
{
    put(w, s, strlen(s));
}

/* S as a JSON string, with quotes. */
static void quoted(struct jw *w, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    size_t n = strlen(s);
    char *o;

    /* At worst every byte becomes \u00XX. */
    if (!room(w, 6 * n + 2))
        return;
    o = w->buf + w->len;
    *o++ = '"';
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7f) {
            *o++ = (char)c;
            continue;
        }
        *o++ = '\\';
        if (c == '"' || c == '\\')
            *o++ = (char)c;
        else if (c == '\n')
            *o++ = 'n';
        else if (c == '\t')
            *o++ = 't';
        else {
            *o++ = 'u';
            *o++ = '0';
            *o++ = '0';
            *o++ = hex[c >> 4];
            *o++ = hex[c & 15];
        }
    }
    *o++ = '"';
    w->len = (size_t)(o - w->buf);
}

static void newline(struct jw *w)
{
    int i;

    if (!w->pretty)
        return;
    putch(w, '\n');
    for (i = 0; i < w->depth; i++)
        put(w, "  ", 2);
}

/* Before a value or key: the comma and the line break it needs. */
static void before(struct jw *w)
{
    if (w->after_key) {
        w->after_key = 0;
        return;
    }
    if (w->depth > 0) {
        if (w->count[w->depth - 1]++ > 0)
            putch(w, ',');
        newline(w);
    }
}

static void begin(struct jw *w, int ch)
{
    before(w);
    putch(w, (char)ch);
    if (w->depth < JW_DEPTH_MAX)
        w->count[w->depth] = 0;
    w->depth++;
}

static void end(struct jw *w, int ch)
{
    int empty = w->count[w->depth - 1] == 0;

    w->depth--;
    if (!empty)
        newline(w);
    putch(w, (char)ch);
    if (w->depth > 0)
        return;
    /* The document is whole: out it goes. */
    putch(w, '\n');
    if (!w->failed)
        fwrite(w->buf, 1, w->len, w->out);
    w->len = 0;
}

void jw_object(struct jw *w)
{
    begin(w, '{');
}

void jw_object_end(struct jw *w)
{
    end(w, '}');
}

void jw_array(struct jw *w)
{
    begin(w, '[');
}

void jw_array_end(struct jw *w)
{
    end(w, ']');
}

void jw_key(struct jw *w, const char *key)
{
    before(w);
    quoted(w, key);
    puts_(w, w->pretty ? ": " : ":");
    w->after_key = 1;
}

void jw_string(struct jw *w, const char *s)
{
    before(w);
    quoted(w, s);
}

void jw_int(struct jw *w, long long v)
{
    char buf[24];

    before(w);
    snprintf(buf, sizeof buf, "%lld", v);
    puts_(w, buf);
}

void jw_bool(struct jw *w, int v)
{
    before(w);
    puts_(w, v ? "true" : "false");
}

void jw_null(struct jw *w)
{
    before(w);
    puts_(w, "null");
}

void jw_double(struct jw *w, double v)
{
    char buf[32];

    before(w);
    if (!isfinite(v)) {
        puts_(w, "null");
        return;
    }
    /* 17 significant digits always read back as the same double; whole
     * numbers are written as such. */
    if (v == (double)(long long)v && fabs(v) < 1e15)
        snprintf(buf, sizeof buf, "%lld", (long long)v);
    else
        snprintf(buf, sizeof buf, "%.17g", v);
    puts_(w, buf);
}
