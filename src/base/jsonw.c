/* A streaming JSON writer for the --json outputs: a document is built in a
 * buffer of bytes, with no tree, and written out at its end, so that a
 * batch of thousands of cases costs one write each. Numbers are written
 * at full precision (they read back as the same double). */
#include <math.h>
#include <stdint.h>
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
 * DEL (escaped too, so that no terminal control reaches a reader). A
 * table: every byte of every string is looked up. */
static const unsigned char escaped[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1,         1,          1,         1,
    1, 1, 1, 1, 1, 1, 1, 1, 1,         1,          1,         1,
    1, 1, 1, 1, 1, 1, 1, 1, ['"'] = 1, ['\\'] = 1, [0x7f] = 1};

static int needs_escape(unsigned char c)
{
    return escaped[c];
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
        for (run = 0; !needs_escape((unsigned char)s[run]); run++)
            ; /* the NUL is in the table too */
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
    char buf[24], *o = buf + sizeof buf;
    unsigned long long u =
        v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;

    before(w);
    do
        *--o = (char)('0' + u % 10);
    while ((u /= 10) > 0);
    if (v < 0)
        *--o = '-';
    put(w, o, (size_t)(buf + sizeof buf - o));
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

/* Numbers in the fewest significant digits that read back as the same
 * double (what strtod() makes of them, rounding to nearest, ties to even).
 * Of p digits, the one candidate worth trying is V rounded to p digits:
 * any p-digit decimal that reads back as V is at least as far from V. And
 * up to 15 digits every decimal survives the trip to a double and back
 * (DBL_DIG), so when V's 15-digit rounding reads back, its trailing zeros
 * dropped are the shortest; else 16, else 17 digits. For normal doubles
 * from 1e-5 up to 1e15 both the rounding and the check are exact integer
 * arithmetic in 128 bits; the rest (rare in kring's outputs) take
 * snprintf("%.*e") and strtod() for each number of digits from 1 up. The
 * digits are written without an exponent when the decimal exponent is
 * from -5 to 16, with one otherwise ("1e+22", "5e-324"), as printf's %e. */
__extension__ typedef unsigned __int128 u128;

static const uint64_t tens64[] = {1ULL,
                                  10ULL,
                                  100ULL,
                                  1000ULL,
                                  10000ULL,
                                  100000ULL,
                                  1000000ULL,
                                  10000000ULL,
                                  100000000ULL,
                                  1000000000ULL,
                                  10000000000ULL,
                                  100000000000ULL,
                                  1000000000000ULL,
                                  10000000000000ULL,
                                  100000000000000ULL,
                                  1000000000000000ULL,
                                  10000000000000000ULL,
                                  100000000000000000ULL,
                                  1000000000000000000ULL,
                                  10000000000000000000ULL};

static u128 ten_to(int k)
{
    return k < 20 ? (u128)tens64[k] : (u128)tens64[19] * tens64[k - 19];
}

/* V = M * 2^E (V positive, normal, in [1e-5, 1e15)) rounded to P digits:
 * *R * 10^-K with *R below 10^P, X V's decimal exponent. Returns whether
 * *R * 10^-K reads back as V. */
static int round_digits(uint64_t m, int e, int x, int p, uint64_t *r, int *k)
{
    u128 n, q, rest, half, ten, lo, hi, at;
    int shift = -e; /* 1 to 69 */

    *k = p - 1 - x; /* 0 to 21 */
    ten = ten_to(*k);
    n = (u128)m * ten; /* V * 10^K * 2^SHIFT, exactly */
    q = n >> shift;
    rest = n - (q << shift);
    half = (u128)1 << (shift - 1);
    if (rest > half || (rest == half && (q & 1)))
        q++;
    *r = (uint64_t)q;
    /* Reads back as V when within half a step of V's neighbours, both
     * scaled by 4 * 10^K * 2^SHIFT; the step below a power of two is half
     * the one above; a tie goes to the even M. */
    at = q << (shift + 2);
    hi = (u128)4 * n + 2 * ten;
    lo = (u128)4 * n - (m == (1ULL << 52) ? ten : 2 * ten);
    return (m & 1) ? at > lo && at < hi : at >= lo && at <= hi;
}

/* TEXT, "d.ddde±X" as "%.*e" writes a positive number, one unit up in
 * its last digit ("9.99e+05" becomes "1.00e+06"); 0 when it cannot be
 * written so (it would not fit). */
static int one_up(char *text)
{
    char *e = strchr(text, 'e'), *d;
    int x;

    if (e == NULL)
        return 0;
    for (d = e - 1; d >= text; d--) {
        if (*d == '.')
            continue;
        if (*d < '9') {
            ++*d;
            return 1;
        }
        *d = '0';
    }
    /* Carried out of the first digit: 10.00 is 1.000 times ten. */
    text[0] = '1';
    x = atoi(e + 1) + 1;
    return snprintf(e, 8, "e%+d", x) < 8;
}

/* The shortest digits of positive finite V into DIGITS (no trailing
 * zeros), their count returned, V's decimal exponent into *X. */
static int shortest_digits(double v, char *digits, int *x)
{
    uint64_t bits, m, r = 0;
    int e, p, k = 0, n, ok = 0;

    memcpy(&bits, &v, sizeof bits);
    e = (int)(bits >> 52 & 0x7ff);
    m = bits & ((1ULL << 52) - 1);
    if (e != 0 && v >= 1e-5 && v < 1e15) {
        int nd, i;
        m |= 1ULL << 52;
        e -= 1075; /* V = M * 2^E, E from -69 to -3 */
        /* V's decimal exponent, from -5 to 14: log10 may be one off near a
         * power of ten, so V * 10^(14-X) must have 15 digits before the
         * point. */
        *x = (int)floor(log10(v));
        *x = *x < -5 ? -5 : *x > 14 ? 14 : *x;
        if (((u128)m * ten_to(14 - *x) >> -e) < tens64[14])
            --*x;
        else if (((u128)m * ten_to(14 - *x) >> -e) >= tens64[15])
            ++*x;
        for (p = 15; p <= 17 && !ok; p++)
            ok = round_digits(m, e, *x, p, &r, &k);
        /* The trailing zeros off R (by halves: most numbers have many),
         * then its digits; rounding up may have carried into one more
         * digit (9.99.. to 10.0..), so X is taken from R. */
        for (i = 3; i >= 0; i--)
            if (r % tens64[1 << i] == 0) {
                r /= tens64[1 << i];
                k -= 1 << i;
            }
        for (nd = 1; nd < 20 && r >= tens64[nd]; nd++)
            ;
        *x = nd - 1 - k;
        for (n = nd; n-- > 0; r /= 10)
            digits[n] = (char)('0' + r % 10);
        n = nd;
    } else {
        char text[40];
        for (p = 1; p <= 17; p++) {
            snprintf(text, sizeof text, "%.*e", p - 1, v);
            if (strtod(text, NULL) == v)
                break;
            /* Below a power of two the step to the next double down is
             * half the one up: the nearest P digits may fall short below
             * V while the next P digits up still read back (2^-44:
             * 5.684341886080802e-14, not ...8015e-14). */
            if (strtod(text, NULL) < v && one_up(text) &&
                strtod(text, NULL) == v)
                break;
        }
        /* "d.ddde±X" */
        for (n = 0, k = 0; text[k] != 'e'; k++)
            if (text[k] != '.')
                digits[n++] = text[k];
        *x = atoi(text + k + 1);
    }
    while (n > 1 && digits[n - 1] == '0')
        n--;
    digits[n] = '\0';
    return n;
}

/* The digits of |V| < 2^63 (an integer) into BUF; returns the end. */
static char *put_integer(char *o, uint64_t v)
{
    char t[24];
    int n = 0;

    do
        t[n++] = (char)('0' + v % 10);
    while ((v /= 10) > 0);
    while (n > 0)
        *o++ = t[--n];
    return o;
}

void kring_jw_format_double(char *buf, double v)
{
    char digits[24];
    char *o = buf;
    int n, x, i;

    if (!isfinite(v)) {
        strcpy(buf, "null");
        return;
    }
    if (signbit(v)) {
        *o++ = '-';
        v = -v;
    }
    if (v < 9007199254740992.0 && v == (double)(uint64_t)v) {
        *put_integer(o, (uint64_t)v) = '\0';
        return;
    }
    n = shortest_digits(v, digits, &x);
    if (x >= -5 && x < 17) {
        if (x < 0) { /* 0.000ddd */
            *o++ = '0';
            *o++ = '.';
            for (i = -1; i > x; i--)
                *o++ = '0';
            memcpy(o, digits, (size_t)n);
            o += n;
        } else { /* ddd[.ddd] or ddd000 */
            for (i = 0; i <= x || i < n; i++) {
                if (i == x + 1)
                    *o++ = '.';
                *o++ = i < n ? digits[i] : '0';
            }
        }
        *o = '\0';
        return;
    }
    *o++ = digits[0];
    if (n > 1) {
        *o++ = '.';
        memcpy(o, digits + 1, (size_t)n - 1);
        o += n - 1;
    }
    *o++ = 'e';
    *o++ = x < 0 ? '-' : '+';
    if (x < 0)
        x = -x;
    if (x < 10)
        *o++ = '0';
    *put_integer(o, (uint64_t)x) = '\0';
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
