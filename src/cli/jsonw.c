/* A streaming JSON writer for the --json outputs: values go straight to
 * the stream, so that a batch of thousands of cases needs no tree in
 * memory. Numbers are written at full precision (they read back as the
 * same double). */
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

static void newline(struct jw *w)
{
    int i;

    if (!w->pretty)
        return;
    putc('\n', w->out);
    for (i = 0; i < w->depth; i++)
        fputs("  ", w->out);
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
            putc(',', w->out);
        newline(w);
    }
}

static void begin(struct jw *w, int ch)
{
    before(w);
    putc(ch, w->out);
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
    putc(ch, w->out);
    if (w->depth == 0)
        putc('\n', w->out);
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
    json_put_string(w->out, key);
    fputs(w->pretty ? ": " : ":", w->out);
    w->after_key = 1;
}

void jw_string(struct jw *w, const char *s)
{
    before(w);
    json_put_string(w->out, s);
}

void jw_int(struct jw *w, long long v)
{
    before(w);
    fprintf(w->out, "%lld", v);
}

void jw_bool(struct jw *w, int v)
{
    before(w);
    fputs(v ? "true" : "false", w->out);
}

void jw_null(struct jw *w)
{
    before(w);
    fputs("null", w->out);
}

void jw_double(struct jw *w, double v)
{
    char buf[40];
    int prec;

    before(w);
    if (!isfinite(v)) {
        fputs("null", w->out);
        return;
    }
    /* The shortest of 15, 16 or 17 digits that reads back as V. */
    for (prec = 15; prec < 17; prec++) {
        snprintf(buf, sizeof buf, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    if (prec == 17)
        snprintf(buf, sizeof buf, "%.17g", v);
    fputs(buf, w->out);
}
