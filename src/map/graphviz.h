/* The interface of kring-graphviz.so (src/map/graphviz.c), which kring loads
 * with dlopen() to draw (src/map/render.c). Plain C, nothing of libkring. */
#ifndef KRING_GRAPHVIZ_H
#define KRING_GRAPHVIZ_H

#include <stddef.h>

#include "kring/render.h" /* the sheet's plain types */

struct kr_gv;

/* Starts Graphviz; NULL when it cannot. */
struct kr_gv *kr_gv_new(void);
void kr_gv_free(struct kr_gv *g);
/* The next drawing is the process's last: its graph and layout are not
 * freed, the system takes their pages back at exit in one go (freeing a
 * map of 2,000 people was 6% of its drawing: bench/README.md). */
void kr_gv_last(struct kr_gv *g);
/* Lays DOT out with nop2 (every position kept) and renders it as FORMAT
 * ("svg", "png", "pdf") at DPI into *OUT, *LEN bytes and a NUL after them
 * (free() it). 0, or -1 with the reason in WHY. */
int kr_gv_draw(struct kr_gv *g, const char *dot, const char *format, int dpi,
               char **out, size_t *len, char *why, size_t cap);

/* The map as a graph, handed to the module as bytes rather than as DOT
 * text for Graphviz to parse (src/map/map_graph.c writes them, and the
 * DOT of `--format dot` from them). A sequence of records, each a kind
 * byte, its names as NUL-ended strings, its attributes, and a 0 byte:
 *   'g' NAME    the graph (undirected), its attributes the graph's
 *   'N', 'E'    the defaults of the nodes, of the edges
 *   'n' NAME    a node
 *   'e' A B     an edge from node A to node B (both made before)
 * An attribute is a type byte, its key and its value as NUL-ended
 * strings; the type tells how DOT writes the value and whether it is an
 * HTML-like label: 'b' as it is, 'q' quoted, 'l' quoted in parts joined
 * by '+' (a long string), 'h' HTML-like (<...>). The graph comes first. */
#define KR_GV_GRAPH 'g'
#define KR_GV_NODES 'N'
#define KR_GV_EDGES 'E'
#define KR_GV_NODE 'n'
#define KR_GV_EDGE 'e'
#define KR_GV_BARE 'b'
#define KR_GV_QUOTED 'q'
#define KR_GV_LONG 'l'
#define KR_GV_HTML 'h'

/* As kr_gv_draw, for the graph of LEN bytes at GRAPH (above), built with
 * cgraph's calls (agopen, agnode, agedge, agxset) without DOT. */
int kr_gv_draw_graph(struct kr_gv *g, const char *graph, size_t len,
                     const char *format, int dpi, char **out, size_t *len_out,
                     char *why, size_t cap);

/* As kr_gv_draw_graph, written as it comes to the file FD (left open)
 * rather than held: 0, or -1 with the reason in WHY, or, when a write
 * failed, its errno in *WRITE_ERRNO. */
int kr_gv_draw_graph_fd(struct kr_gv *g, const char *graph, size_t len,
                        const char *format, int dpi, int fd, int *write_errno,
                        char *why, size_t cap);

/* Within the module: bytes written out (a drawing, a sheet), in a buffer
 * that doubles with realloc() (past glibc's mmap threshold that moves no
 * bytes) and keeps a NUL after them, not counted: kring takes P as it is,
 * without a copy (a page first touched costs a fault, bench/README.md).
 * kr_gv_buf_put() adds N bytes of DATA: 0, or -1 (and FAILED set) when
 * out of memory. */
struct kr_gv_buf {
    char *p;
    size_t len, cap;
    int failed;
};
int kr_gv_buf_put(struct kr_gv_buf *b, const void *data, size_t n);

/* Within the module: lays the graph of LEN bytes at GRAPH (above) out and
 * draws it into the cairo context CAIRO (a cairo_t *) with its top left
 * corner at (X, Y), at SCALE. 0, or -1 with the reason in WHY. */
int kr_gv_draw_into(struct kr_gv *g, const char *graph, size_t len, void *cairo,
                    double x, double y, double scale, char *why, size_t cap);

/* Draws the meeting sheet DOC (include/kring/render.h) as an A4 PDF with
 * cairo into *OUT, *LEN bytes and a NUL after them (free() it), its number of
 * pages into *PAGES (PAGES may be NULL); with OUT NULL, only counts the pages.
 * 0, or -1 with the reason in WHY. */
int kr_gv_sheet(struct kr_gv *g, const kring_sheet_doc *doc, char **out,
                size_t *len, int *pages, char *why, size_t cap);

#endif
