/* The interface of kring-graphviz.so (src/map/graphviz.c), which kring loads
 * with dlopen() to draw (src/map/render.c). Plain C, nothing of libkring. */
#ifndef KRING_GRAPHVIZ_H
#define KRING_GRAPHVIZ_H

#include <stddef.h>

struct kr_gv;

/* Starts Graphviz; NULL when it cannot. */
struct kr_gv *kr_gv_new(void);
void kr_gv_free(struct kr_gv *g);
/* Lays DOT out with nop2 (every position kept) and renders it as FORMAT
 * ("svg", "png", "pdf") at DPI into *OUT, *LEN bytes (free() it). 0, or
 * -1 with the reason in WHY. */
int kr_gv_draw(struct kr_gv *g, const char *dot, const char *format, int dpi,
               char **out, size_t *len, char *why, size_t cap);

#endif
