/* The network map: an ecogram in the Dutch practice of the netwerkcirkel.
 * The young person in the centre, three rings for closeness, sectors as
 * wedges, every person in their own sector and ring, no label over
 * another (docs/map.md). The layout is computed here, in plain C, and
 * written as DOT with fixed positions; Graphviz only draws that DOT (the
 * kring-render helper), so that nothing else pays for Graphviz. */
#ifndef KRING_MAP_H
#define KRING_MAP_H

#include <stdbool.h>
#include <stddef.h>

#include "analyze.h"
#include "error.h"
#include "model.h"

typedef enum kring_theme {
    KRING_THEME_YOUTH, /* warm, large, first names, no numbers */
    KRING_THEME_TEAM,  /* ranks and scores, the nomination, the flags */
    KRING_THEME_PRINT, /* black and white, for the photocopier, A4 */
    KRING_THEME_COUNT
} kring_theme;

/* "youth", "team", "print"; -1 for another word. */
int kring_theme_parse(const char *name);
const char *kring_theme_name(kring_theme t);
/* The size in points of a person's name on a map in theme T. */
double kring_map_name_size(kring_theme t);

typedef struct kring_map_options {
    kring_theme theme;
    bool anonymize;   /* initials and roles instead of names, everywhere */
    bool show_unsafe; /* youth: also the people the young person fears */
    char date[11];    /* YYYY-MM-DD for the title */
    const kring_weights *weights; /* team: the profile; NULL the default */
    /* A map of change: the network it changed from (NULL for none). Who
     * came is marked new, who left is drawn faintly where they were, a
     * move between rings gets an arrow. */
    const kring_case *before;
    char moment[96]; /* under the title: a snapshot's label, "" none */
    /* Only the people of rings 1..RINGS drawn (0: all): the meeting sheet
     * lists the others beside the map. */
    int rings;
    /* print: the meeting sheet's map: no title (the sheet's header says
     * it), not padded to the shape of A4. */
    bool sheet;
} kring_map_options;

/* Options for THEME with today's date (or that of $SOURCE_DATE_EPOCH). */
void kring_map_options_init(kring_map_options *o, kring_theme theme);

/* A label's lines: the name (wrapped onto up to six lines), the role,
 * the rank. */
#define KRING_MAP_LINES 8

/* One person on the map. Coordinates are points, the young person at
 * (0, 0), y upwards. */
/* What a map of change says about a person (kring_map_options.before). */
typedef enum kring_map_change {
    KRING_MAP_SAME,
    KRING_MAP_NEW,     /* not there before */
    KRING_MAP_GONE,    /* there before, not now: drawn faintly */
    KRING_MAP_CLOSER,  /* now in a ring further in */
    KRING_MAP_FURTHER, /* now in a ring further out */
} kring_map_change;

typedef struct kring_map_box {
    size_t person;                /* index in the case, or in the network
                                     before when GONE */
    const kring_person *who;      /* that person */
    kring_map_change change;      /* SAME without a before */
    int was_ring;                 /* CLOSER, FURTHER: the ring before */
    kring_sector sector;          /* the person's sector */
    int ring;                     /* and ring, 1..3 */
    double x, y;                  /* centre */
    double w, h;                  /* size */
    char *line[KRING_MAP_LINES];  /* the label, NULL-ended lines */
    double size[KRING_MAP_LINES]; /* font size of each line */
    int rank;                     /* team: rank shown, or 0 */
} kring_map_box;

/* A sector's wedge: from angle FROM to TO, in radians clockwise from the
 * top (0 is up, pi/2 to the right). */
typedef struct kring_map_wedge {
    kring_sector sector;
    double from, to;
    size_t people;
} kring_map_wedge;

typedef struct kring_map {
    kring_map_box *boxes; /* the people shown, in the case's order */
    size_t n_boxes;
    char *centre[2];  /* the young person's label: name, code */
    double centre_r;  /* radius of the young person's circle */
    double ring_r[3]; /* outer radius of rings 1, 2, 3 */
    double gap;       /* the wedge at the top kept for ring names */
    kring_map_wedge wedge[KRING_SECTOR_COUNT];
    int n_wedges;
    double margin; /* the least space between a label and a line */
    bool packed;   /* rows that do not fit evenly across a ring packed
                      from its outer circle in (docs/map.md) */
    /* The young person's label, centred at (0, 0): the name wrapped onto
     * lines (bold, at size[0], smaller for a long word), then the code
     * (not in youth) at a smaller size. Its corners are inside the
     * circle, and no person's box comes into the square around it. */
    kring_map_box centre_label;
} kring_map;

/* Lays out C's map (C valid). S: C's scores, needed by the team theme
 * (else NULL). */
kring_status kring_map_layout(const kring_case *c, const kring_scores *s,
                              const kring_map_options *o, kring_map **out,
                              kring_error *err);
void kring_map_free(kring_map *m);

/* Map M of case C as DOT, with every position fixed (Graphviz draws it
 * with nop2, as `neato -n2` would), into *OUT (caller frees). IN: C's
 * indicators, whose flags the team theme shows (else NULL). No name of a
 * person is in node or edge ids, nor in the graph's name. */
kring_status kring_map_dot(const kring_case *c, const kring_map *m,
                           const kring_indicators *in,
                           const kring_map_options *o, char **out,
                           kring_error *err);

/* The whole way from case C to its map's DOT: scores and indicators (for
 * the team theme, with O->weights or the default profile), layout, DOT.
 * Caller frees *OUT. */
kring_status kring_map_make_dot(const kring_case *c, const kring_map_options *o,
                                char **out, kring_error *err);

/* kring_map_dot, and the drawing's width and height in points into
 * SIZE[0], SIZE[1] (SIZE may be NULL). */
kring_status kring_map_dot_sized(const kring_case *c, const kring_map *m,
                                 const kring_indicators *in,
                                 const kring_map_options *o, char **out,
                                 double *size, kring_error *err);

/* The map as a graph: records that kring-graphviz.so builds with
 * cgraph's calls (agopen, agnode, agedge, agxset), so that Graphviz need
 * not parse DOT text (docs/map.md); its DOT is kring_map_graph_dot(). */
typedef struct kring_map_graph {
    char *bytes; /* the records (src/map/graphviz.h), owned */
    size_t len;  /* their length in bytes */
} kring_map_graph;

/* kring_map_dot_sized, as a graph into *OUT (release it with
 * kring_map_graph_release()). */
kring_status kring_map_graph_of(const kring_case *c, const kring_map *m,
                                const kring_indicators *in,
                                const kring_map_options *o,
                                kring_map_graph *out, double *size,
                                kring_error *err);
/* kring_map_make_dot, as a graph into *OUT. */
kring_status kring_map_make_graph(const kring_case *c,
                                  const kring_map_options *o,
                                  kring_map_graph *out, kring_error *err);
/* G's DOT text into *OUT (caller frees): the same text kring_map_dot
 * writes. */
kring_status kring_map_graph_dot(const kring_map_graph *g, char **out,
                                 kring_error *err);
/* Frees G's bytes (G itself is the caller's); NULL-safe. */
void kring_map_graph_release(kring_map_graph *g);

/* A short, plain word for role R in the current language ("grandparent",
 * "opa of oma"). */
const char *kring_role_word(kring_role r);
/* The name of ring R (1..3) in the current language ("close", "dichtbij"),
 * as the map writes it. */
const char *kring_ring_word(int r);
/* The name of sector S in the current language, as the map writes it
 * ("Home", "Free time"). */
const char *kring_sector_word(kring_sector s);

/* The width in points of UTF-8 TEXT in DejaVu Sans (BOLD or book) at SIZE
 * points, as the font draws it without kerning; a character beyond its
 * Latin letters counts as the widest of them. */
double kring_text_width(const char *text, double size, bool bold);

#endif
