/* Shared by the map files: font widths and the words on the labels. */
#ifndef KRING_MAP_INTERNAL_H
#define KRING_MAP_INTERNAL_H

#include "internal.h"
#include "kring/map.h"

/* map_font.c (generated): advance widths in font units per code point
 * from kr_font_first to kr_font_last. */
extern const unsigned short kr_font_book[];
extern const unsigned short kr_font_bold[];
extern const unsigned kr_font_units;
extern const unsigned kr_font_first, kr_font_last;

/* The name a map shows for NAME: as recorded; with FIRST only the first
 * name (and a title the young person uses before it: "Oma Ria", "Juf
 * Anna"); with INITIALS an initial and, where the name starts with one,
 * the title in brackets instead ("R. (oma)"). Caller frees; NULL when out
 * of memory. */
char *kr_map_name(const char *name, bool first, bool initials);
/* The title word that NAME starts with ("oma" in "Oma Ria"), lower case,
 * into BUF; "" when there is none. */
void kr_name_title(const char *name, char *buf, size_t cap);
/* A short word for role R in the current language ("grandparent"). */
const char *kr_role_word(kring_role r);
/* The name of sector S and of ring R (1..3) in the current language. */
const char *kr_sector_word(kring_sector s);
const char *kr_ring_word(int r);

/* map_write.c: a growing text. On running out of memory it keeps failing
 * quietly, and the caller learns it at the end (FAILED). */
struct kr_text {
    char *s;
    size_t len, cap;
    int failed;
};
void kr_add(struct kr_text *t, const char *fmt, ...) KR_PRINTF(2, 3);
/* N bytes of S, or S, as they are. */
void kr_put(struct kr_text *t, const char *s, size_t n);
void kr_puts(struct kr_text *t, const char *s);
/* A whole number, and a space. */
void kr_whole(struct kr_text *t, size_t v);
/* V with two decimals (as "%.2f"), and a space: without printf, since a
 * map has thousands of coordinates. */
void kr_num(struct kr_text *t, double v);
/* "X,Y ", a point of an edge's pos. */
void kr_point(struct kr_text *t, double x, double y);
/* S as a DOT string; long S as several joined by '+', each under the DOT
 * reader's limit of 16,384 bytes; S for an HTML-like label. */
void kr_quoted(struct kr_text *t, const char *s);
void kr_long_string(struct kr_text *t, const char *s);
void kr_html(struct kr_text *t, const char *s);
/* xdot operations: one with a string ("OP LEN -S "), the pen and fill
 * colours, a style, a line width, a text centred at (X, Y). */
void kr_op_text(struct kr_text *t, const char *op, const char *s);
void kr_pen(struct kr_text *t, const char *c);
void kr_fill(struct kr_text *t, const char *c);
void kr_style(struct kr_text *t, const char *s);
void kr_line_width(struct kr_text *t, double w);
void kr_words(struct kr_text *t, double x, double y, double size, int bold,
              const char *ink, const char *s);

#endif
