/* A streaming JSON writer for the --json outputs: a document is built in a
 * buffer of bytes, with no tree, and written out at its end, so that a
 * batch of thousands of cases costs one write each. Numbers are written
 * at full precision (they read back as the same double). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kring/json.h"

void kring_jw_init(kring_jw *w, FILE *out, int pretty)
{
    memset(w, 0, sizeof *w);
    w->out = out;
    w->pretty = pretty;
}

void kring_jw_release(kring_jw *w)
{
    free(w->buf);
    w->buf = NULL;
    w->len = w->cap = 0;
}

/* Makes room for N more bytes; on failure the document is marked broken
 * and further output dropped (kring_jw_object_end reports it). */
static int room(kring_jw *w, size_t n)
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

static void put(kring_jw *w, const char *s, size_t n)
{
    if (room(w, n)) {
        memcpy(w->buf + w->len, s, n);
        w->len += n;
    }
}

static void putch(kring_jw *w, char c)
{
    if (room(w, 1))
        w->buf[w->len++] = c;
}

static void puts_(kring_jw *w, const char *s)
{
    put(w, s, strlen(s));
}

/* Bytes that must be escaped in a JSON string: controls, '"', '\\' and
 * DEL (escaped too, so that no terminal control reaches a reader). */
static int needs_escape(unsigned char c)
{
    return c < 0x20 || c == '"' || c == '\\' || c == 0x7f;
}

/* S as a JSON string, with quotes. Runs that need no escape (nearly all
 * text) are copied whole. */
static void quoted(kring_jw *w, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    size_t n = strlen(s), run;
    char *o;

    /* At worst every byte becomes \u00XX. */
    if (!room(w, 6 * n + 2))
        return;
    o = w->buf + w->len;
    *o++ = '"';
    while (*s) {
        for (run = 0; s[run] && !needs_escape((unsigned char)s[run]); run++)
            ;
        memcpy(o, s, run);
        o += run;
        s += run;
        if (*s == '\0')
            break;
        *o++ = '\\';
        if (*s == '"' || *s == '\\')
            *o++ = *s;
        else if (*s == '\n')
            *o++ = 'n';
        else if (*s == '\t')
            *o++ = 't';
        else {
            *o++ = 'u';
            *o++ = '0';
            *o++ = '0';
            *o++ = hex[(unsigned char)*s >> 4];
            *o++ = hex[*s & 15];
        }
        s++;
    }
    *o++ = '"';
    w->len = (size_t)(o - w->buf);
}

static void newline(kring_jw *w)
{
    int i;

    if (!w->pretty)
        return;
    putch(w, '\n');
    for (i = 0; i < w->depth; i++)
        put(w, "  ", 2);
}

/* Before a value or key: the comma and the line break it needs. */
static void before(kring_jw *w)
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

static void begin(kring_jw *w, int ch)
{
    before(w);
    putch(w, (char)ch);
    if (w->depth < KRING_JW_DEPTH_MAX)
        w->count[w->depth] = 0;
    w->depth++;
}

static void end(kring_jw *w, int ch)
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

void kring_jw_object(kring_jw *w)
{
    begin(w, '{');
}

void kring_jw_object_end(kring_jw *w)
{
    end(w, '}');
}

void kring_jw_array(kring_jw *w)
{
    begin(w, '[');
}

void kring_jw_array_end(kring_jw *w)
{
    end(w, ']');
}

void kring_jw_key(kring_jw *w, const char *key)
{
    size_t n = strlen(key);

    /* Keys are kring's own words: plain ASCII, nothing to escape. */
    before(w);
    if (room(w, n + 4)) {
        w->buf[w->len++] = '"';
        memcpy(w->buf + w->len, key, n);
        w->len += n;
        w->buf[w->len++] = '"';
        w->buf[w->len++] = ':';
        if (w->pretty)
            w->buf[w->len++] = ' ';
    }
    w->after_key = 1;
}

void kring_jw_string(kring_jw *w, const char *s)
{
    before(w);
    quoted(w, s);
}

void kring_jw_int(kring_jw *w, long long v)
{
    char buf[24];

    before(w);
    snprintf(buf, sizeof buf, "%lld", v);
    puts_(w, buf);
}

void kring_jw_bool(kring_jw *w, int v)
{
    before(w);
    puts_(w, v ? "true" : "false");
}

void kring_jw_null(kring_jw *w)
{
    before(w);
    puts_(w, "null");
}

/* Exact powers of ten (every one up to 1e22 is a double). */
static const double tens[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                              1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                              1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* V (positive, in [1e-5, 1e15)) in at most DIGITS significant digits as
 * R / 10^K, when that reads back as V; else 0. The check is exact: R is
 * below 2^53 and 10^K a double, so R / 10^K is rounded once, as strtod()
 * rounds the decimal R·10^-K. */
static int short_digits(double v, int digits, long long *r, int *k)
{
    /* The decimal exponent of V; were it one off, the check below would
     * catch it (or a digit too many be printed, still exact). */
    int e = (int)floor(log10(v));

    *k = digits - 1 - e; /* V·10^K has DIGITS digits before the point */
    if (*k < 0 || *k > 22)
        return 0;
    *r = llroundl((long double)v * (long double)tens[*k]);
    if (*r <= 0 || *r > (1LL << 53))
        return 0;
    return (double)*r / tens[*k] == v;
}

void kring_jw_format_double(char *buf, double v)
{
    char digits[24];
    long long r;
    int k = 0, n, p, ok = 0;
    char *o = buf;

    if (!isfinite(v)) {
        strcpy(buf, "null");
        return;
    }
    if (v == (double)(long long)v && fabs(v) < 1e15) {
        snprintf(buf, 32, "%lld", (long long)v);
        return;
    }
    if (fabs(v) >= 1e-5 && fabs(v) < 1e15)
        ok = short_digits(fabs(v), 15, &r, &k) ||
             short_digits(fabs(v), 16, &r, &k);
    if (!ok) {
        /* 17 significant digits always read back as the same double. */
        snprintf(buf, 32, "%.17g", v);
        return;
    }
    /* R·10^-K in plain decimal notation, trailing zeros dropped. */
    for (n = 0; r > 0; r /= 10)
        digits[n++] = (char)('0' + r % 10);
    for (p = 0; p < n / 2; p++) {
        char t = digits[p];
        digits[p] = digits[n - 1 - p];
        digits[n - 1 - p] = t;
    }
    digits[n] = '\0';
    while (k > 0 && digits[n - 1] == '0') {
        digits[--n] = '\0';
        k--;
    }
    if (v < 0)
        *o++ = '-';
    p = n - k; /* digits before the point */
    if (p <= 0) {
        *o++ = '0';
        *o++ = '.';
        for (; p < 0; p++)
            *o++ = '0';
        memcpy(o, digits, (size_t)n + 1);
        return;
    }
    memcpy(o, digits, (size_t)p);
    o += p;
    if (k > 0) {
        *o++ = '.';
        memcpy(o, digits + p, (size_t)k);
        o += k;
    }
    *o = '\0';
}

void kring_jw_double(kring_jw *w, double v)
{
    char buf[32];

    before(w);
    kring_jw_format_double(buf, v);
    puts_(w, buf);
}

void kring_json_put_string(FILE *out, const char *s)
{
    const char *run;

    putc('"', out);
    while (s && *s) {
        /* Copy runs of plain characters at once. */
        for (run = s; *s && (unsigned char)*s >= 0x20 && *s != '"' &&
                      *s != '\\' && *s != 0x7f;
             s++)
            ;
        if (s > run)
            fwrite(run, 1, (size_t)(s - run), out);
        if (*s == '\0')
            break;
        if (*s == '"' || *s == '\\')
            fprintf(out, "\\%c", *s);
        else if (*s == '\n')
            fputs("\\n", out);
        else if (*s == '\t')
            fputs("\\t", out);
        else
            fprintf(out, "\\u%04x", (unsigned char)*s);
        s++;
    }
    putc('"', out);
}
