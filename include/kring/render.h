/* Drawing a map's DOT (kring_map_dot) with Graphviz, as SVG, PNG or PDF.
 * Graphviz is in a module, kring-graphviz.so, loaded with dlopen() at the
 * first drawing: nothing that does not draw loads it (docs/design.md).
 * Not thread-safe, like Graphviz: one renderer, used from one thread. */
#ifndef KRING_RENDER_H
#define KRING_RENDER_H

#include <stddef.h>

#include "error.h"

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

/* Lays DOT out with nop2 (every position kept) and draws it as F (not
 * KRING_FORMAT_DOT) into *OUT, *LEN bytes (caller frees). DATE
 * (YYYY-MM-DD) goes into a PDF's dates in place of the time of drawing,
 * so that the same map gives the same bytes. */
kring_status kring_render_dot(kring_renderer *r, const char *dot,
                              kring_format f, const char *date, char **out,
                              size_t *len, kring_error *err);

#endif
