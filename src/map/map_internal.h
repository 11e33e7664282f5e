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

/* The most width Graphviz gives TEXT at SIZE points (BOLD or not): the
 * font's advances, each rounded up to a whole pixel at 96 dpi, as pango
 * hints them. At least kring_text_width(). */
double kr_drawn_width(const char *text, double size, bool bold);

/* The name a map shows for NAME: as recorded; with FIRST only the first
 * name (and a title the young person uses before it: "Oma Ria", "Juf
 * Anna"); with INITIALS an initial and, where the name starts with one,
 * the title in brackets instead ("R. (oma)"). Caller frees; NULL when out
 * of memory. */
char *kr_map_name(const char *name, bool first, bool initials);
/* NAME as anonymized outputs write it: an initial and, in brackets, the
 * title the name starts with ("R. (oma)") or else the word for ROLE
 * ("S. (friend)"). A title of kinship counts only before a relative's name
 * (PARENT to RELATIVE): before anyone else's it is a given name. ROLE -1
 * is the young person: the initial of the first word alone ("D." for
 * "Dede Yilmaz"). Caller frees; NULL when out of memory. */
char *kr_map_initials(const char *name, int role);
/* The code the map shows for C: its own, or KRING_CODE_ANONYMOUS when O
 * anonymizes (a code can be made of a name). */
const char *kr_map_code(const kring_case *c, const kring_map_options *o);
/* The title word that NAME starts with ("oma" in "Oma Ria"), lower case,
 * into BUF; "" when there is none. */
void kr_name_title(const char *name, char *buf, size_t cap);
/* A short word for role R in the current language ("grandparent"). */
const char *kr_role_word(kring_role r);
/* The name of sector S and of ring R (1..3) in the current language. */
const char *kr_sector_word(kring_sector s);
const char *kr_ring_word(int r);

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

/* map_graph.c: the map as a graph (the records of src/map/graphviz.h).
 * A record of KIND with its names A and B (NULL: none); an attribute of
 * TYPE with KEY, its value printed by FMT, or written after
 * kr_graph_key() and ended by kr_graph_value_end(); the end of the
 * record's attributes. */
void kr_graph_begin(struct kr_text *g, char kind, const char *a, const char *b);
void kr_graph_attr(struct kr_text *g, char type, const char *key,
                   const char *fmt, ...) KR_PRINTF(4, 5);
void kr_graph_key(struct kr_text *g, char type, const char *key);
void kr_graph_value_end(struct kr_text *g);
void kr_graph_end(struct kr_text *g);
/* The DOT text of the graph of LEN bytes at GRAPH into *OUT (caller
 * frees). */
kring_status kr_graph_dot(const char *graph, size_t len, char **out,
                          kring_error *err);

/* map_dot.c and map_legend.c: how a theme looks. */
struct kr_look {
    const char *paper, *ink, *soft; /* background, text, faint text */
    const char *conflict;           /* conflict ties, strained lines */
    int colour;                     /* sectors in colour */
    double name, small, title;      /* font sizes */
};

/* What the legend shows: only the symbols the map uses. */
enum kr_symbol {
    SYM_CLOSE,    /* thick line: ring 1, a good relation */
    SYM_PLAIN,    /* line: a good relation */
    SYM_MIXED,    /* dashed: weak (seen rarely) or mixed */
    SYM_STRAINED, /* zigzag: strained */
    SYM_BROKEN,   /* a gap: broken */
    SYM_KNOWS,    /* thin: two people know each other */
    SYM_CONFLICT, /* thin zigzag: a conflict between two people */
    SYM_FORMAL,   /* square corners: a professional */
    SYM_GONE,     /* dashed outline: deceased or absent */
    SYM_STAR,     /* the young person's own choice */
    SYM_NEW,      /* a thick green outline: came since before */
    SYM_LEFT,     /* a faint dashed box: left since before */
    SYM_CLOSER,   /* a green arrow: moved to a ring further in */
    SYM_FURTHER,  /* an orange arrow: moved to a ring further out */
    SYM_COUNT
};

/* Black and white (the print theme): the rings and the wedges' sides in
 * a light grey, two people who know each other in a darker grey, thin;
 * a relation with the young person is black. */
#define PRINT_FRAME "#A0A0A0"
#define PRINT_KNOWS "#6E6E6E"

/* From this many people on a map, the ties between two people are drawn
 * lighter and thinner, so that the young person's own lines stand out. */
#define KR_MANY 40

/* How the ties between two people look. */
struct kr_tie_look {
    const char *ink;      /* knowing each other */
    const char *conflict; /* a conflict (a zigzag) */
    double strong, plain; /* widths: a strong tie, another */
    double fight;         /* a conflict's width */
};
/* The ties' look in theme LK on a map of PEOPLE people (map_legend.c). */
void kr_tie_look(const struct kr_look *lk, size_t people,
                 struct kr_tie_look *out);

#define NEW_GREEN "#2E7D32"
#define MOVE_ORANGE "#EF6C00"

/* Where the map's parts go, in the layout's coordinates (y up). */
struct kr_frame {
    double ox, oy;                   /* added to every coordinate */
    double left, right, top, bottom; /* the drawing */
    double sx[KRING_SECTOR_COUNT], sy[KRING_SECTOR_COUNT]; /* sector names */
    double legend_y;            /* first legend row's middle */
    double legend_width;        /* where its rows break */
    double legend_w[SYM_COUNT]; /* each item's width */
    double flags_y;             /* first line of the flags */
    size_t people;              /* people on the map (ties lighter: KR_MANY) */
};

#define LEGEND_SYMBOL 34.0 /* the symbol's length in the legend */
#define LEGEND_ROW 22.0

/* map_legend.c: the legend's symbols and words; whether a good relation
 * is weak (seen once a year or less, drawn dashed); an arrow. BOX_OF is
 * each person's box (-1: none), ENDS each tie's two people
 * (kr_tie_ends()). */
const char *kr_symbol_word(enum kr_symbol s);
int kr_weak(const kring_person *p);
void kr_symbols_used(const kring_case *c, const kring_map *m,
                     const long *box_of, const size_t *ends,
                     const kring_map_options *o, int *used);
void kr_arrow(struct kr_text *t, double x0, double y0, double x1, double y1);
void kr_draw_legend(struct kr_text *t, const struct kr_look *lk,
                    const kring_map_options *o, const kring_indicators *in,
                    const int *used, const struct kr_frame *f);

/* map_route.c: the lines drawn around the labels. */
#define KR_LINE_MAX 256
#define KR_ROUTE_LIMIT                                                         \
    150 /* people on a map, past which lines are straight                      \
         */
struct kr_path {
    int n;                                 /* points, at least 2 */
    double x[KR_LINE_MAX], y[KR_LINE_MAX]; /* from the start to the end */
};
struct kr_obstacle {
    double x, y, w, h; /* a box: its centre and size */
    int round;         /* a line ends on the circle inside it */
};
struct kr_router;
/* A router among the N boxes of OB (borrowed; they must stay). Routes
 * only up to KR_ROUTE_LIMIT + 1 boxes (the people and the young person):
 * past that, lines are straight. Caller frees with kr_router_free().
 * Memory: 16 N^2 bytes and a grid of at most 128 x 128 cells. */
kring_status kr_router_new(const struct kr_obstacle *ob, size_t n,
                           struct kr_router **out, kring_error *err);
void kr_router_free(struct kr_router *r);
/* The line from box A to box B into P: straight when no other box is in
 * the way, else the shortest way around the boxes (A* over their
 * corners), from A's edge to B's. It passes through no other box. */
void kr_route(struct kr_router *r, size_t a, size_t b, struct kr_path *p);
/* Whether the segment from (X0, Y0) to (X1, Y1) passes through a box
 * other than SKIP1 and SKIP2, each grown by GROW. */
int kr_route_blocked(const struct kr_router *r, double x0, double y0, double x1,
                     double y1, size_t skip1, size_t skip2, double grow);
/* Where the line from the centre of box B to (*X, *Y) outside it leaves
 * the box (or its circle, when it is round): into *X, *Y. */
void kr_route_leave(const struct kr_obstacle *b, double *x, double *y);
double kr_path_length(const struct kr_path *p);
/* IN, the line from box A to box B, as a zigzag into OUT: teeth of 3.5 pt
 * on either side, every 8 pt or more; a tooth that would reach into
 * another box is half as tall, or else flat. */
void kr_path_zigzag(const struct kr_router *r, size_t a, size_t b,
                    const struct kr_path *in, struct kr_path *out);

/* map_cells.c: one ring of one wedge, and its labels packed into rows. */
struct kr_cell {
    double from, to; /* angles */
    double in, out;  /* radii */
    double keep;     /* no box within this of the centre in both x and y
                        (the square around the young person's circle) */
    int pack;        /* when even rows do not fit, rows packed from OUT in */
};
/* Places the N boxes of CELL C in as few rows as fit, GAP apart and
 * MARGIN inside its lines: rows spread evenly across the ring, else (with
 * C->pack) rows packed from the outer circle in, each holding as many as
 * it can; 0 when none do, -1 when out of memory. */
int kr_place_cell(const struct kr_cell *c, kring_map_box **boxes, size_t n,
                  double gap, double margin);

#endif
