/* The one escaper of text put into markup: HTML pages, XML (GraphML),
 * and Graphviz's HTML-like labels. The rules are one table; FLAGS pick
 * the few differences between the three. */
#ifndef KRING_MARKUP_H
#define KRING_MARKUP_H

#include <stddef.h>

/* &, <, > and " always become &amp; &lt; &gt; &quot;. */
#define KRING_MARKUP_APOS_HTML 1u /* ' as &#39; (HTML pages, attributes) */
#define KRING_MARKUP_APOS_XML 2u  /* ' as &apos; (XML) */
#define KRING_MARKUP_CR 4u        /* CR as &#13;: XML makes a bare CR a LF */
/* \ doubled: Graphviz reads \N, \G, ... in a label's text as names and
 * \\ as one backslash (an entity would not do: it is read first). */
#define KRING_MARKUP_BACKSLASH 8u

/* What kring_markup_escape() hands on: N bytes at P. */
typedef void (*kring_markup_put)(void *ctx, const char *p, size_t n);

/* Hands S on to PUT escaped under FLAGS, in runs: the bytes that stay
 * as they are, and the entity of each that does not. NULL is "". */
void kring_markup_escape(const char *s, unsigned flags, kring_markup_put put,
                         void *ctx);

/* Control characters (C0 but line feed and tab with LINES, DEL, C1) and
 * the bidirectional embeddings, overrides and isolates of S shown by their
 * number (\e, \x01, \u0085, \u202e), so that text shown on a terminal
 * or a page is what is there: the escaped form in a new string *OUT
 * (caller frees), or NULL in *OUT when S has nothing to escape. 1 when
 * out of memory, else 0. Without LINES, line feed and tab are shown as \n
 * and \t too. */
int kring_controls_escape(const char *s, int lines, char **out);

#endif
