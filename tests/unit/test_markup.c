/* The one escaper of text put into markup (include/kring/markup.h): the
 * same rules for the web pages, GraphML and the map's labels, with the
 * flags choosing the few differences. The answers are written by hand. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kring/kring.h"

struct out {
    char buf[256];
    size_t len;
    int runs;
};

static void put(void *ctx, const char *p, size_t n)
{
    struct out *o = ctx;

    cr_assert(n > 0, "no empty run is handed on");
    cr_assert(o->len + n < sizeof o->buf);
    memcpy(o->buf + o->len, p, n);
    o->len += n;
    o->buf[o->len] = '\0';
    o->runs++;
}

static const char *escaped(const char *s, unsigned flags)
{
    static struct out o;

    memset(&o, 0, sizeof o);
    kring_markup_escape(s, flags, put, &o);
    return o.buf;
}

Test(markup, the_four_are_always_entities)
{
    static const unsigned all[] = {0, KRING_MARKUP_APOS_HTML,
                                   KRING_MARKUP_APOS_XML | KRING_MARKUP_CR,
                                   KRING_MARKUP_BACKSLASH};
    size_t i;

    for (i = 0; i < sizeof all / sizeof all[0]; i++)
        cr_assert_str_eq(escaped("a&b<c>d\"e", all[i]),
                         "a&amp;b&lt;c&gt;d&quot;e");
}

Test(markup, each_place_has_its_apostrophe_cr_and_backslash)
{
    const char *s = "Ria's\r\\N";

    /* The web pages. */
    cr_assert_str_eq(escaped(s, KRING_MARKUP_APOS_HTML), "Ria&#39;s\r\\N");
    /* GraphML. */
    cr_assert_str_eq(escaped(s, KRING_MARKUP_APOS_XML | KRING_MARKUP_CR),
                     "Ria&apos;s&#13;\\N");
    /* Graphviz's HTML-like labels. */
    cr_assert_str_eq(escaped(s, KRING_MARKUP_BACKSLASH), "Ria's\r\\\\N");
}

Test(markup, plain_text_is_one_run_and_null_is_nothing)
{
    static struct out o;

    kring_markup_escape("Oma Ria \xe2\x98\x85", KRING_MARKUP_APOS_HTML, put,
                        &o);
    cr_assert_str_eq(o.buf, "Oma Ria \xe2\x98\x85");
    cr_assert_eq(o.runs, 1);
    memset(&o, 0, sizeof o);
    kring_markup_escape(NULL, KRING_MARKUP_APOS_HTML, put, &o);
    kring_markup_escape("", KRING_MARKUP_APOS_HTML, put, &o);
    cr_assert_eq(o.runs, 0);
    cr_assert_str_eq(escaped("&&", 0), "&amp;&amp;");
}
