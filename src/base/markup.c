/* The one escaper of text put into markup, and the one of control
 * characters in text shown (include/kring/markup.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kring/markup.h"

/* The entity of C under FLAGS; NULL if C stays as it is. */
static const char *entity(char c, unsigned flags)
{
    switch (c) {
    case '&':
        return "&amp;";
    case '<':
        return "&lt;";
    case '>':
        return "&gt;";
    case '"':
        return "&quot;";
    case '\'':
        return flags & KRING_MARKUP_APOS_HTML  ? "&#39;"
               : flags & KRING_MARKUP_APOS_XML ? "&apos;"
                                               : NULL;
    case '\r':
        return flags & KRING_MARKUP_CR ? "&#13;" : NULL;
    case '\\':
        return flags & KRING_MARKUP_BACKSLASH ? "\\\\" : NULL;
    default:
        return NULL;
    }
}

void kring_markup_escape(const char *s, unsigned flags, kring_markup_put put,
                         void *ctx)
{
    const char *run = s, *e;

    if (s == NULL)
        return;
    for (; *s; s++) {
        if ((e = entity(*s, flags)) == NULL)
            continue;
        if (s > run)
            put(ctx, run, (size_t)(s - run));
        put(ctx, e, strlen(e));
        run = s + 1;
    }
    if (s > run)
        put(ctx, run, (size_t)(s - run));
}

/* The code point of a bidirectional embedding, override or isolate
 * (U+202A-U+202E, U+2066-U+2069) that P begins with, else 0: they turn
 * the text after them around on a terminal, so that what is shown is not
 * what is there. */
static unsigned bidi_control(const unsigned char *p)
{
    if (p[0] == 0xe2 && p[1] == 0x80 && p[2] >= 0xaa && p[2] <= 0xae)
        return 0x2000u + (p[2] - 0x80u);
    if (p[0] == 0xe2 && p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9)
        return 0x2040u + (p[2] - 0x80u);
    return 0;
}

int kring_controls_escape(const char *s, int lines, char **out)
{
    const unsigned char *p;
    size_t n = 0;
    char *d, *o;

    *out = NULL;
    for (p = (const unsigned char *)s; *p; p++)
        if ((*p < 0x20 && !(lines && (*p == '\n' || *p == '\t'))) ||
            *p == 0x7f || (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) ||
            bidi_control(p))
            n += 6;
    if (n == 0)
        return 0;
    if ((d = o = malloc(strlen(s) + n + 1)) == NULL)
        return 1;
    for (p = (const unsigned char *)s; *p; p++) {
        if (*p == 0x1b) {
            memcpy(o, "\\e", 2);
            o += 2;
        } else if (*p == '\n' && !lines) {
            memcpy(o, "\\n", 2);
            o += 2;
        } else if (*p == '\t' && !lines) {
            memcpy(o, "\\t", 2);
            o += 2;
        } else if ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7f) {
            o += sprintf(o, "\\x%02x", *p);
        } else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
            o += sprintf(o, "\\u%04x", p[1]);
            p++;
        } else if (bidi_control(p)) {
            o += sprintf(o, "\\u%04x", bidi_control(p));
            p += 2;
        } else {
            *o++ = (char)*p;
        }
    }
    *o = '\0';
    *out = d;
    return 0;
}
