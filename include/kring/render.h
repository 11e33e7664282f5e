/* Drawing a map's DOT (kring_map_dot) with Graphviz, as SVG, PNG or PDF.
 * Graphviz is in a module, kring-graphviz.so, loaded with dlopen() at the
 * first drawing: nothing that does not draw loads it (docs/design.md).
 * Not thread-safe, like Graphviz: one renderer, used from one thread. */
#ifndef KRING_RENDER_H
#define KRING_RENDER_H

#include <stddef.h>

#include "error.h"
#include "map.h"

typedef enum kring_format {
    KRING_FORMAT_SVG,
    KRING_FORMAT_PNG, /* at 144 dpi */
    KRING_FORMAT_PDF,
    KRING_FORMAT_DOT, /* the DOT itself: no Graphviz needed */
    KRING_FORMAT_COUNT
} kring_format;

/* "svg", "png", "pdf", "dot"; -1 for another word. */
int kring_format_parse(const char *name);
const char *kring_format_name(kring_format f);
/* The format a file name's extension says, or -1. */
int kring_format_of_path(const char *path);

typedef struct kring_renderer kring_renderer;

/* A renderer; the module is loaded and Graphviz started with the first
 * drawing. NULL when out of memory. */
kring_renderer *kring_renderer_new(void);
void kring_renderer_free(kring_renderer *r);
/* Starts loading the module and Graphviz (and fontconfig's configuration)
 * in a thread of its own, so that it overlaps the caller's reading and
 * laying out; the first drawing waits for it, and reports its error as it
 * would have. Harmless when it cannot start a thread. Not before fork():
 * a worker process must start its own Graphviz. */
void kring_renderer_start(kring_renderer *r);
/* The next drawing is the process's last: Graphviz's graph and layout are
 * left for the system to take back at exit, not freed one by one. */
void kring_renderer_last(kring_renderer *r);

/* Lays DOT out with nop2 (every position kept) and draws it as F (not
 * KRING_FORMAT_DOT) into *OUT, *LEN bytes (caller frees). DATE
 * (YYYY-MM-DD) goes into a PDF's dates in place of the time of drawing,
 * so that the same map gives the same bytes. */
kring_status kring_render_dot(kring_renderer *r, const char *dot,
                              kring_format f, const char *date, char **out,
                              size_t *len, kring_error *err);

/* As kring_render_dot, for the map's graph G (kring_map_graph_of()):
 * built in Graphviz's memory with cgraph's calls, without DOT text to
 * parse; the same drawing, byte for byte. */
kring_status kring_render_graph(kring_renderer *r, const kring_map_graph *g,
                                kring_format f, const char *date, char **out,
                                size_t *len, kring_error *err);

/* As kring_render_graph, into the file PATH (mode 0600, through a
 * temporary file and rename, as kring_file_write()): an SVG or PNG is
 * written as Graphviz makes it, never held whole in memory. */
kring_status kring_render_graph_file(kring_renderer *r,
                                     const kring_map_graph *g, kring_format f,
                                     const char *date, const char *path,
                                     kring_error *err);

/* The team's meeting sheet (kring sheet, docs/sheet.md): A4 upright, the
 * map on the first page under a header, then the text, flowed onto as
 * many pages as it needs, with "page N of M" at the foot of each. */
typedef enum kring_sheet_style {
    KRING_SHEET_HEADING, /* a section's title, bold */
    KRING_SHEET_TEXT,    /* a paragraph */
    KRING_SHEET_ITEM,    /* a line of a list that stands out (bold) */
    KRING_SHEET_SUBITEM, /* a line under an item (a reason), further in */
    KRING_SHEET_STYLE_COUNT
} kring_sheet_style;

typedef struct kring_sheet_line {
    kring_sheet_style style;
    const char *text; /* UTF-8 */
} kring_sheet_line;

typedef struct kring_sheet_doc {
    const char *title;    /* the header's first line, and the PDF's title */
    const char *subtitle; /* the header's second line */
    kring_map_graph map;  /* the map's graph (not padded to A4), or none
                             (bytes NULL) */
    double map_w, map_h;  /* its size in points */
    double map_scale;     /* the map drawn at this scale (at most 1) */
    const kring_sheet_line *lines; /* after the map */
    size_t n_lines;
    const char *foot; /* at the foot of every page, left */
    /* The page's number at the foot, right: a printf format with the page
     * and the number of pages, in that order ("page %d of %d"). */
    const char *page_of;
    const char *date; /* YYYY-MM-DD: the PDF's dates */
} kring_sheet_doc;

/* The sheet's page, and the room the map may take on the first one, in
 * points (A4 upright, the margins and the header taken off). */
#define KRING_SHEET_PAGE_W 595.28
#define KRING_SHEET_PAGE_H 841.89
#define KRING_SHEET_MAP_W 539.0
#define KRING_SHEET_MAP_H 660.0

/* Draws DOC as a PDF into *OUT, *LEN bytes (caller frees), and its number
 * of pages into *PAGES (PAGES may be NULL). With OUT NULL, only counts the
 * pages (the map is not drawn). */
kring_status kring_render_sheet(kring_renderer *r, const kring_sheet_doc *doc,
                                char **out, size_t *len, int *pages,
                                kring_error *err);

#endif
