/* The one escaper of text put into markup (include/kring/markup.h). */
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
