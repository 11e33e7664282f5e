/* The team's meeting sheet (kring sheet, docs/sheet.md): on A4 upright,
 * the map in the print theme with every name at least 8 pt (the outer
 * circles listed by part of life when the map cannot hold them at that
 * size), the candidates with rank, score and reasons, who is not a
 * candidate and why, the points to discuss, where the choice stands; the
 * case, the meeting's date, who prepared it, page numbers. */
#ifndef KRING_SHEET_H
#define KRING_SHEET_H

#include <stdbool.h>
#include <stddef.h>

#include "analyze.h"
#include "error.h"
#include "model.h"
#include "render.h"

/* The least size of a name on the sheet, in points. */
#define KRING_SHEET_NAME_MIN 8.0

/* The longest name of who prepared a sheet, in bytes. */
#define KRING_SHEET_BY_MAX 127

typedef struct kring_sheet_options {
    char date[11];                   /* the meeting's date, YYYY-MM-DD */
    char by[KRING_SHEET_BY_MAX + 1]; /* who prepared it ("" leaves it out) */
    bool anonymize; /* initials and roles, "anon" for the code, no notes,
                       and not who prepared it */
    const kring_weights *weights; /* NULL: the default profile */
} kring_sheet_options;

/* Today's date where kring runs (or $SOURCE_DATE_EPOCH's), and as BY the
 * user's name from the system's account (its full name, else its login,
 * else none). */
void kring_sheet_options_init(kring_sheet_options *o);
/* Whether S can be who prepared a sheet: 1 to KRING_SHEET_BY_MAX bytes of
 * UTF-8, no control characters. */
bool kring_sheet_by_valid(const char *s);

/* The sheet of case C (valid, with its choices) as a PDF into *OUT, *LEN
 * bytes (caller frees), drawn with R. The same case, options and
 * language give the same bytes. */
kring_status kring_sheet_pdf(kring_renderer *r, const kring_case *c,
                             const kring_sheet_options *o, char **out,
                             size_t *len, kring_error *err);

/* The DOT of the map the sheet of C draws (the circles that fit with every
 * name at KRING_SHEET_NAME_MIN) into *OUT (caller frees), and into *RINGS
 * how many circles it draws (3, 2 or 1); *OUT NULL and *RINGS 0 when the
 * sheet draws no map. */
kring_status kring_sheet_map_dot(const kring_case *c,
                                 const kring_sheet_options *o, char **out,
                                 int *rings, kring_error *err);

#endif
