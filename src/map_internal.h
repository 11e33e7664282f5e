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

#endif
