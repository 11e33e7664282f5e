/* The map as a graph (map_graph.c writes its DOT): every person a node
 * pinned where the layout put them, the lines from the young person and
 * the ties as edges with their own shape, and the rings, wedges, names,
 * title and legend drawn as xdot in the graph's _background. Graphviz
 * lays it out with nop2 (neato -n2), which keeps every position, and only
 * draws it. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze_internal.h" /* kr_tie_ends */
#include "graphviz.h"         /* the graph's records */
#include "map_internal.h"

#define PI 3.14159265358979323846

/* Colours: by sector, safe for colour blindness (Okabe and Ito's palette,
 * with grey for care and brown for online). */
static const char *const sector_colour[KRING_SECTOR_COUNT] = {
    "#D55E00", "#E69F00", "#009E73", "#0072B2", "#B8A000",
    "#CC79A7", "#56B4E9", "#8C6D31", "#777777"};
/* The same hues darkened for the sectors' names: 4.5:1 or more (WCAG
 * 1.4.3) against the paper and every wedge's tint, even the darkest
 * (three tints over one another), as tests/render checks. */
static const char *const sector_text[KRING_SECTOR_COUNT] = {
    "#863B00", "#6C4B00", "#005D44", "#005585", "#5E5200",
    "#70435C", "#295670", "#654E23", "#515151"};

static const struct kr_look looks[KRING_THEME_COUNT] = {
    {"#FFF9F0", "#3A2E26", "#5B4F46", "#C62828", 1, 15.0, 11.0, 24.0},
    {"#FFFFFF", "#222222", "#525252", "#C62828", 1, 11.0, 8.5, 18.0},
    {"#FFFFFF", "#000000", "#000000", "#000000", 0, 11.0, 8.5, 18.0},
};

/* A pie slice from FROM to TO (clockwise from the top), of radius R,
 * filled, as a polygon; (OX, OY) is the centre. One point every 3
 * degrees: on a ring of 600 pt the arc strays 0.2 pt from the circle. */
static void wedge_shape(struct kr_text *t, double ox, double oy, double from,
                        double to, double r)
{
    int steps = 1 + (int)((to - from) / (PI / 60)), i;

    kr_add(t, "P %d ", steps + 2);
    kr_num(t, ox);
    kr_num(t, oy);
    for (i = 0; i <= steps; i++) {
        double a = from + (to - from) * i / steps;
        kr_num(t, ox + r * sin(a));
        kr_num(t, oy + r * cos(a));
    }
}

/* An edge's shape as Graphviz's pos (a quoted value): cubic pieces
 * through the points of the line P from box A to box B, as it is or as a
 * zigzag. */
static void add_pos(struct kr_text *t, double ox, double oy,
                    const struct kr_router *r, size_t a, size_t b,
                    const struct kr_path *line, int zigzag)
{
    struct kr_path z;
    const struct kr_path *p = line;
    int i;

    if (zigzag) {
        kr_path_zigzag(r, a, b, line, &z);
        p = &z;
    }
    kr_graph_key(t, KR_GV_QUOTED, "pos");
    kr_point(t, ox + p->x[0], oy + p->y[0]);
    for (i = 1; i < p->n; i++) {
        /* A straight piece as a cubic: its thirds as control points. */
        kr_point(t, ox + p->x[i - 1] + (p->x[i] - p->x[i - 1]) / 3,
                 oy + p->y[i - 1] + (p->y[i] - p->y[i - 1]) / 3);
        kr_point(t, ox + p->x[i - 1] + 2 * (p->x[i] - p->x[i - 1]) / 3,
                 oy + p->y[i - 1] + 2 * (p->y[i] - p->y[i - 1]) / 3);
        kr_point(t, ox + p->x[i], oy + p->y[i]);
    }
    if (!t->failed && t->len > 0 && t->s[t->len - 1] == ' ')
        t->len--;
    kr_graph_value_end(t);
}

/* The title's two lines. */
static void title_lines(const kring_case *c, const kring_map *m,
                        const kring_map_options *o, char *one, size_t cap1,
                        char *two, size_t cap2)
{
    if (o->theme == KRING_THEME_YOUTH)
        snprintf(one, cap1, _("The people around %s"), m->centre[0]);
    else
        snprintf(one, cap1, _("The network of %s"), m->centre[0]);
    if (o->moment[0] != '\0')
        snprintf(two, cap2, "%s \u00b7 %s \u00b7 %s", kr_map_code(c, o),
                 o->date, o->moment);
    else
        snprintf(two, cap2, "%s \u00b7 %s", kr_map_code(c, o), o->date);
}

/* Places the sector names just outside the rings, each at its wedge's
 * middle, moved outwards while it would touch one placed before. */
static void place_sector_names(const kring_map *m, const struct kr_look *lk,
                               struct kr_frame *f)
{
    double R = m->ring_r[2], size = lk->small + 2, h = size * 1.25;
    double w[KRING_SECTOR_COUNT];
    int i, j, tries;

    for (i = 0; i < m->n_wedges; i++) {
        double a = (m->wedge[i].from + m->wedge[i].to) / 2, r;
        w[i] = kring_text_width(kr_sector_word(m->wedge[i].sector), size, 1);
        r = R + 8 + fabs(sin(a)) * w[i] / 2 + fabs(cos(a)) * h / 2;
        for (tries = 0; tries < 400; tries++, r += 4) {
            int clear = 1;
            f->sx[i] = r * sin(a);
            f->sy[i] = r * cos(a);
            for (j = 0; j < i && clear; j++)
                clear = fabs(f->sx[i] - f->sx[j]) >= (w[i] + w[j]) / 2 + 6 ||
                        fabs(f->sy[i] - f->sy[j]) >= h + 4;
            if (clear)
                break;
        }
        f->left = fmin(f->left, f->sx[i] - w[i] / 2);
        f->right = fmax(f->right, f->sx[i] + w[i] / 2);
        f->top = fmax(f->top, f->sy[i] + h / 2);
        f->bottom = fmin(f->bottom, f->sy[i] - h / 2);
    }
}

static void frame(const kring_case *c, const kring_map *m,
                  const kring_map_options *o, const kring_indicators *in,
                  const int *used, struct kr_frame *f)
{
    const struct kr_look *lk = &looks[o->theme];
    char one[300], two[120];
    double width, x, rows = 1;
    int s, k;

    memset(f, 0, sizeof *f);
    f->people = m->n_boxes;
    f->left = f->bottom = -m->ring_r[2];
    f->right = f->top = m->ring_r[2];
    place_sector_names(m, lk, f);
    title_lines(c, m, o, one, sizeof one, two, sizeof two);
    width = f->right - f->left;
    if (!o->sheet)
        width = fmax(width, kring_text_width(one, lk->title, true) + 20);
    /* The legend under the rings, in rows as wide as the drawing. */
    for (s = 0, x = 0; s < SYM_COUNT; s++) {
        if (!used[s])
            continue;
        f->legend_w[s] =
            LEGEND_SYMBOL + 8 +
            kring_text_width(kr_symbol_word((enum kr_symbol)s), lk->small, 0) +
            18;
        if (x > 0 && x + f->legend_w[s] > width) {
            rows++;
            x = 0;
        }
        x += f->legend_w[s];
    }
    f->legend_width = width;
    f->legend_y = f->bottom - 24 - LEGEND_ROW / 2;
    f->bottom -= 24 + rows * LEGEND_ROW;
    if (o->theme == KRING_THEME_TEAM && in != NULL && in->flags) {
        f->flags_y = f->bottom - 18 - lk->small;
        for (k = 0; k < KRING_FLAG_COUNT; k++)
            if (in->flags & (1u << k)) {
                width =
                    fmax(width, kring_text_width(kring_flag_text((kring_flag)k),
                                                 lk->small, 0) +
                                    24);
                f->bottom -= lk->small * 1.4;
            }
        f->bottom -= 18 + lk->small * 1.4;
    }
    /* The title above the rings; the sheet has it in its header. */
    if (!o->sheet)
        f->top += 20 + lk->title * 1.25 + lk->small * 1.4;
    f->left = fmin(f->left, -width / 2);
    f->right = fmax(f->right, width / 2);
    if (o->theme == KRING_THEME_PRINT && !o->sheet) {
        /* The shape of A4, upright or on its side as the map is: the
         * drawing is then scaled to the page exactly. */
        double w = f->right - f->left + 36, h = f->top - f->bottom + 36;
        double a4 = 297.0 / 210.0, want = w > h ? 1 / a4 : a4;
        if (h / w < want) {
            f->top += (w * want - h) / 2;
            f->bottom -= (w * want - h) / 2;
        } else {
            f->left -= (h / want - w) / 2;
            f->right += (h / want - w) / 2;
        }
    } else if (o->sheet) {
        /* On the sheet, whose page has its own margin, the paper's is 4
         * pt, not 18: the frame takes 14 of it. */
        f->left += 14;
        f->right -= 14;
        f->top -= 14;
        f->bottom += 14;
    }
    f->ox = -f->left + 18;
    f->oy = -f->bottom + 18;
}

/* A sector's colour, or the ink in black and white. */
static const char *sector_ink(const struct kr_look *lk, kring_sector s)
{
    return lk->colour ? sector_colour[s] : lk->ink;
}

/* The rings and wedges, their names, the title. */
static void draw_rings(struct kr_text *t, const kring_case *c,
                       const kring_map *m, const kring_map_options *o,
                       const struct kr_frame *f)
{
    /* Each ring's tint over the one outside it: slices laid one on the
     * other from the outside in give the rings 9%, 19% and 33% of the
     * sector's colour. */
    static const char *const tint[3] = {"2E", "1A", "18"};
    const struct kr_look *lk = &looks[o->theme];
    double ox = f->ox, oy = f->oy, in;
    char one[300], two[120], fillc[16];
    int w, k;

    /* The paper, so that PNG and PDF are not transparent. */
    kr_fill(t, lk->paper);
    kr_pen(t, lk->paper);
    kr_add(t, "P 4 0 0 %.2f 0 %.2f %.2f 0 %.2f ", f->right - f->left + 36,
           f->right - f->left + 36, f->top - f->bottom + 36,
           f->top - f->bottom + 36);
    for (w = 0; w < m->n_wedges && lk->colour; w++)
        for (k = 2; k >= 0; k--) {
            snprintf(fillc, sizeof fillc, "%s%s",
                     sector_colour[m->wedge[w].sector], tint[k]);
            kr_fill(t, fillc);
            kr_pen(t, fillc);
            wedge_shape(t, ox, oy, m->wedge[w].from, m->wedge[w].to,
                        m->ring_r[k]);
        }
    in = m->centre_r;
    /* The rings, dashed; the wedges' sides, thin. In black and white both
     * are grey, and the sides dotted: no line of the drawing looks like
     * a relation, which is black and solid (or its own pattern). */
    kr_pen(t, lk->colour ? "#8A8078" : PRINT_FRAME);
    kr_style(t, "dashed");
    for (k = 0; k < 3; k++)
        kr_add(t, "e %.2f %.2f %.2f %.2f ", ox, oy, m->ring_r[k], m->ring_r[k]);
    kr_style(t, lk->colour ? "solid" : "dotted");
    kr_line_width(t, 1);
    kr_pen(t, lk->colour ? "#FFFFFF" : PRINT_FRAME);
    for (w = 0; w < m->n_wedges; w++) {
        double a = m->wedge[w].from;
        kr_add(t, "L 2 %.2f %.2f %.2f %.2f ", ox + m->centre_r * sin(a),
               oy + m->centre_r * cos(a), ox + m->ring_r[2] * sin(a),
               oy + m->ring_r[2] * cos(a));
    }
    {
        double a = m->wedge[m->n_wedges - 1].to;
        kr_add(t, "L 2 %.2f %.2f %.2f %.2f ", ox + m->centre_r * sin(a),
               oy + m->centre_r * cos(a), ox + m->ring_r[2] * sin(a),
               oy + m->ring_r[2] * cos(a));
    }
    if (!lk->colour)
        kr_style(t, "solid");
    /* The ring names, in the gap at the top. */
    for (k = 0, in = m->centre_r; k < 3; in = m->ring_r[k], k++)
        kr_words(t, ox, oy + (in + m->ring_r[k]) / 2 - lk->small * 0.35,
                 lk->small, 0, lk->soft, kr_ring_word(k + 1));
    for (w = 0; w < m->n_wedges; w++)
        kr_words(t, ox + f->sx[w], oy + f->sy[w] - (lk->small + 2) * 0.35,
                 lk->small + 2, 1,
                 lk->colour ? sector_text[m->wedge[w].sector] : lk->ink,
                 kr_sector_word(m->wedge[w].sector));
    if (o->sheet)
        return;
    title_lines(c, m, o, one, sizeof one, two, sizeof two);
    kr_words(t, ox, oy + f->top - lk->title, lk->title, 1, lk->ink, one);
    kr_words(t, ox, oy + f->top - lk->title * 1.25 - lk->small * 1.2, lk->small,
             0, lk->soft, two);
}

/* The part of line P from FROM to TO (fractions of its length) as an
 * xdot polyline. */
static void path_part(struct kr_text *t, const struct kr_path *p, double ox,
                      double oy, double from, double to)
{
    double len = kr_path_length(p), at = 0, x[KR_LINE_MAX], y[KR_LINE_MAX];
    int i, n = 0;

    from *= len;
    to *= len;
    for (i = 1; i < p->n; i++) {
        double d = hypot(p->x[i] - p->x[i - 1], p->y[i] - p->y[i - 1]);
        double s0 = fmax(from, at), s1 = fmin(to, at + d);
        if (d > 0 && s1 >= s0) {
            if (n == 0) {
                x[n] = p->x[i - 1] + (p->x[i] - p->x[i - 1]) * (s0 - at) / d;
                y[n++] = p->y[i - 1] + (p->y[i] - p->y[i - 1]) * (s0 - at) / d;
            }
            x[n] = p->x[i - 1] + (p->x[i] - p->x[i - 1]) * (s1 - at) / d;
            y[n++] = p->y[i - 1] + (p->y[i] - p->y[i - 1]) * (s1 - at) / d;
        }
        at += d;
    }
    if (n < 2)
        return;
    kr_add(t, "L %d ", n);
    for (i = 0; i < n; i++)
        kr_add(t, "%.2f %.2f ", ox + x[i], oy + y[i]);
}

/* The broken contacts' lines, with a gap in their middle, drawn in the
 * background (an edge cannot have a gap). */
static void draw_broken(struct kr_text *t, const kring_map *m,
                        struct kr_router *r, const struct kr_look *lk,
                        const struct kr_frame *f)
{
    struct kr_path p;
    size_t i;

    for (i = 0; i < m->n_boxes; i++) {
        const kring_map_box *b = &m->boxes[i];
        if (b->change == KRING_MAP_GONE ||
            b->who->quality != KRING_QUALITY_BROKEN)
            continue;
        kr_route(r, m->n_boxes, i, &p);
        kr_pen(t, lk->ink);
        kr_line_width(t, 1.5);
        path_part(t, &p, f->ox, f->oy, 0, 0.42);
        path_part(t, &p, f->ox, f->oy, 0.58, 1);
    }
    kr_line_width(t, 1);
}

/* A move between rings: an arrow along the line from the young person,
 * from the middle of the ring the person was in to their label now. */
static void draw_moves(struct kr_text *t, const kring_map *m,
                       const struct kr_look *lk, const struct kr_frame *f)
{
    size_t i;
    int drew = 0;

    for (i = 0; i < m->n_boxes; i++) {
        const kring_map_box *b = &m->boxes[i];
        struct kr_obstacle box = {b->x, b->y, b->w, b->h, 0};
        double in, out, r, d, x0, y0, x1, y1;
        const char *ink;
        if (b->change != KRING_MAP_CLOSER && b->change != KRING_MAP_FURTHER)
            continue;
        drew = 1;
        in = b->was_ring == 1 ? m->centre_r : m->ring_r[b->was_ring - 2];
        out = m->ring_r[b->was_ring - 1];
        r = (in + out) / 2;
        d = hypot(b->x, b->y);
        x0 = b->x / d * r;
        y0 = b->y / d * r;
        x1 = x0;
        y1 = y0;
        kr_route_leave(&box, &x1, &y1);
        /* Beside the line from the young person, not on it (edges are
         * drawn over the background). */
        x0 += b->y / d * 9;
        y0 -= b->x / d * 9;
        x1 += b->y / d * 9;
        y1 -= b->x / d * 9;
        ink = !lk->colour                     ? lk->ink
              : b->change == KRING_MAP_CLOSER ? NEW_GREEN
                                              : MOVE_ORANGE;
        kr_pen(t, ink);
        kr_fill(t, ink);
        kr_line_width(t, 2.5);
        kr_arrow(t, f->ox + x0, f->oy + y0, f->ox + x1, f->oy + y1);
    }
    if (drew)
        kr_line_width(t, 1);
}

static void node(struct kr_text *t, const kring_map *m, size_t i,
                 const kring_map_options *o, const struct kr_frame *f)
{
    const struct kr_look *lk = &looks[o->theme];
    const kring_map_box *b = &m->boxes[i];
    const kring_person *p = b->who;
    char id[32];
    int k;

    const char *outline = sector_ink(lk, p->sector);
    const char *pen = p->ring == 1 ? "2" : "1.4";

    /* A map of change: who came has a thick green outline; who left is
     * faint and dashed, where they were. */
    if (b->change == KRING_MAP_NEW) {
        outline = lk->colour ? NEW_GREEN : lk->ink;
        pen = "3.5";
    } else if (b->change == KRING_MAP_GONE) {
        outline = lk->soft;
        pen = "1";
    }
    snprintf(id, sizeof id, "p%zu", i + 1);
    kr_graph_begin(t, KR_GV_NODE, id, NULL);
    kr_graph_attr(t, KR_GV_QUOTED, "pos", "%.2f,%.2f", f->ox + b->x,
                  f->oy + b->y);
    kr_graph_attr(t, KR_GV_BARE, "width", "%.4f", b->w / 72.0);
    kr_graph_attr(t, KR_GV_BARE, "height", "%.4f", b->h / 72.0);
    kr_graph_attr(t, KR_GV_QUOTED, "id", "%s", id);
    kr_graph_attr(t, KR_GV_QUOTED, "color", "%s", outline);
    kr_graph_attr(t, KR_GV_BARE, "penwidth", "%s", pen);
    kr_graph_attr(t, KR_GV_QUOTED, "style", "%s%s",
                  p->formal ? "filled" : "rounded,filled",
                  p->status != KRING_STATUS_ACTIVE ||
                          b->change == KRING_MAP_GONE
                      ? ",dashed"
                      : "");
    if (b->change == KRING_MAP_GONE)
        kr_graph_attr(t, KR_GV_QUOTED, "fontcolor", "#9A9A9A");
    kr_graph_key(t, KR_GV_HTML, "label");
    for (k = 0; k < KRING_MAP_LINES && b->line[k]; k++) {
        /* The name's lines in ink, the smaller ones (role, rank) soft. */
        int soft = b->size[k] < b->size[0];
        kr_add(t, "%s<FONT POINT-SIZE=\"%g\"%s%s%s>", k ? "<BR/>" : "",
               b->size[k], soft ? " COLOR=\"" : "", soft ? lk->soft : "",
               soft ? "\"" : "");
        kr_html(t, b->line[k]);
        kr_add(t, "</FONT>");
    }
    kr_graph_value_end(t);
    kr_graph_end(t);
}

/* The line from the young person to box I, drawn by the relation. */
static void spoke_edge(struct kr_text *t, const kring_map *m,
                       struct kr_router *r, size_t i, const struct kr_look *lk,
                       const struct kr_frame *f)
{
    const kring_map_box *b = &m->boxes[i];
    const kring_person *p = b->who;
    struct kr_path line;
    const char *colour = lk->ink, *how = "solid";
    char id[32];
    double width = p->ring == 1 ? 3.0 : p->ring == 2 ? 2.0 : 1.3;

    kr_route(r, m->n_boxes, i, &line);
    if (kr_weak(p)) {
        how = "dashed";
        width = 1.5;
    }
    switch (p->quality) {
    case KRING_QUALITY_MIXED:
        how = "dashed";
        width = 1.5;
        break;
    case KRING_QUALITY_STRAINED:
        colour = lk->conflict;
        width = 1.5;
        break;
    case KRING_QUALITY_BROKEN:
        how = "invis";
        break;
    default:
        break;
    }
    snprintf(id, sizeof id, "p%zu", i + 1);
    kr_graph_begin(t, KR_GV_EDGE, "yp", id);
    kr_graph_attr(t, KR_GV_QUOTED, "id", "s%zu", i + 1);
    kr_graph_attr(t, KR_GV_QUOTED, "color", "%s", colour);
    kr_graph_attr(t, KR_GV_BARE, "penwidth", "%g", width);
    kr_graph_attr(t, KR_GV_BARE, "style", "%s", how);
    add_pos(t, f->ox, f->oy, r, m->n_boxes, i, &line,
            p->quality == KRING_QUALITY_STRAINED);
    kr_graph_end(t);
}

/* The tie between boxes A and B. */
static void tie_edge(struct kr_text *t, const kring_tie *tie,
                     struct kr_router *r, long a, long b,
                     const struct kr_look *lk, const struct kr_frame *f)
{
    struct kr_path line;
    struct kr_tie_look look;
    int conflict = tie->quality == KRING_TIE_CONFLICT;
    char ida[32], idb[32];

    kr_tie_look(lk, f->people, &look);
    kr_route(r, (size_t)a, (size_t)b, &line);
    snprintf(ida, sizeof ida, "p%ld", a + 1);
    snprintf(idb, sizeof idb, "p%ld", b + 1);
    kr_graph_begin(t, KR_GV_EDGE, ida, idb);
    kr_graph_attr(t, KR_GV_QUOTED, "id", "t%ld-%ld", a + 1, b + 1);
    kr_graph_attr(t, KR_GV_QUOTED, "color", "%s",
                  conflict ? look.conflict : look.ink);
    kr_graph_attr(t, KR_GV_BARE, "penwidth", "%g",
                  conflict                                 ? look.fight
                  : tie->strength == KRING_STRENGTH_STRONG ? look.strong
                                                           : look.plain);
    kr_graph_attr(t, KR_GV_BARE, "style", "%s",
                  tie->quality == KRING_TIE_MIXED ? "dashed" : "solid");
    add_pos(t, f->ox, f->oy, r, (size_t)a, (size_t)b, &line, conflict);
    kr_graph_end(t);
}

kring_status kring_map_dot(const kring_case *c, const kring_map *m,
                           const kring_indicators *in,
                           const kring_map_options *o, char **out,
                           kring_error *err)
{
    return kring_map_dot_sized(c, m, in, o, out, NULL, err);
}

kring_status kring_map_dot_sized(const kring_case *c, const kring_map *m,
                                 const kring_indicators *in,
                                 const kring_map_options *o, char **out,
                                 double *size, kring_error *err)
{
    kring_map_graph g;
    kring_status rc;

    *out = NULL;
    if ((rc = kring_map_graph_of(c, m, in, o, &g, size, err)) == KRING_OK)
        rc = kring_map_graph_dot(&g, out, err);
    kring_map_graph_release(&g);
    return rc;
}

kring_status kring_map_graph_dot(const kring_map_graph *g, char **out,
                                 kring_error *err)
{
    return kr_graph_dot(g->bytes, g->len, out, err);
}

void kring_map_graph_release(kring_map_graph *g)
{
    if (g == NULL)
        return;
    kr_free(g->bytes);
    g->bytes = NULL;
    g->len = 0;
}

kring_status kring_map_graph_of(const kring_case *c, const kring_map *m,
                                const kring_indicators *in,
                                const kring_map_options *o,
                                kring_map_graph *out, double *size,
                                kring_error *err)
{
    const struct kr_look *lk = &looks[o->theme];
    struct kr_text bg = {0}, t = {0};
    struct kr_frame f;
    int used[SYM_COUNT];
    long *box_of = kr_malloc((c->n_people ? c->n_people : 1) * sizeof *box_of);
    struct kr_obstacle *ob = kr_malloc((m->n_boxes + 1) * sizeof *ob);
    /* Each tie's two people, found by id once (a hash table), not by a
     * search of the people for every tie. */
    size_t *ends = kr_malloc((c->n_ties ? 2 * c->n_ties : 1) * sizeof *ends);
    struct kr_router *r = NULL;
    kring_status rc = KRING_OK;
    double w, h;
    size_t i;
    int k;

    out->bytes = NULL;
    out->len = 0;
    if (box_of == NULL || ob == NULL || ends == NULL) {
        rc = kr_nomem(err);
        goto out;
    }
    if ((rc = kr_tie_ends(c, ends, err)))
        goto out;
    /* The lines go around every label and the young person's circle
     * (the square around it, as Graphviz counts the node), which is the
     * last of them. */
    for (i = 0; i < m->n_boxes; i++)
        ob[i] = (struct kr_obstacle){m->boxes[i].x, m->boxes[i].y,
                                     m->boxes[i].w, m->boxes[i].h, 0};
    ob[m->n_boxes] =
        (struct kr_obstacle){0, 0, 2 * m->centre_r, 2 * m->centre_r, 1};
    if ((rc = kr_router_new(ob, m->n_boxes + 1, &r, err)))
        goto out;
    for (i = 0; i < c->n_people; i++)
        box_of[i] = -1;
    for (i = 0; i < m->n_boxes; i++)
        if (m->boxes[i].change != KRING_MAP_GONE)
            box_of[m->boxes[i].person] = (long)i;
    kr_symbols_used(c, m, box_of, ends, o, used);
    frame(c, m, o, in, used, &f);
    draw_rings(&bg, c, m, o, &f);
    draw_broken(&bg, m, r, lk, &f);
    draw_moves(&bg, m, lk, &f);
    kr_draw_legend(&bg, lk, o, in, used, &f);

    /* The graph is named by the case's code, never by a name (and the
     * SVG's <title> by it): "anon" when anonymized. */
    kr_graph_begin(&t, KR_GV_GRAPH, kr_map_code(c, o), NULL);
    kr_graph_attr(&t, KR_GV_QUOTED, "bgcolor", "%s", lk->paper);
    kr_graph_attr(&t, KR_GV_BARE, "notranslate", "true");
    kr_graph_attr(&t, KR_GV_BARE, "outputorder", "edgesfirst");
    kr_graph_attr(&t, KR_GV_BARE, "pad", "0");
    kr_graph_attr(&t, KR_GV_QUOTED, "fontname", "DejaVu Sans");
    w = (f.right - f.left + 36) / 72.0;
    h = (f.top - f.bottom + 36) / 72.0;
    if (size != NULL) {
        size[0] = w * 72.0;
        size[1] = h * 72.0;
    }
    if (o->theme == KRING_THEME_PRINT && !o->sheet) {
        /* A4, turned to suit the map's shape; the paper's own margin is
         * in the drawing. */
        kr_graph_attr(&t, KR_GV_BARE, "margin", "0");
        kr_graph_attr(&t, KR_GV_QUOTED, "size", "%s",
                      w > h ? "11.69,8.27!" : "8.27,11.69!");
    } else if (o->sheet)
        /* Drawn into the sheet's page, where it is placed: no margin of
         * Graphviz's own (its PostScript devices keep half an inch). */
        kr_graph_attr(&t, KR_GV_BARE, "margin", "0");
    kr_graph_key(&t, KR_GV_LONG, "_background");
    kr_puts(&t, bg.s ? bg.s : "");
    kr_graph_value_end(&t);
    kr_graph_end(&t);
    kr_graph_begin(&t, KR_GV_NODES, NULL, NULL);
    kr_graph_attr(&t, KR_GV_BARE, "shape", "box");
    kr_graph_attr(&t, KR_GV_BARE, "fixedsize", "true");
    kr_graph_attr(&t, KR_GV_QUOTED, "fontname", "DejaVu Sans");
    kr_graph_attr(&t, KR_GV_QUOTED, "fontcolor", "%s", lk->ink);
    kr_graph_attr(&t, KR_GV_QUOTED, "fillcolor", "#FFFFFF");
    kr_graph_attr(&t, KR_GV_BARE, "margin", "0");
    kr_graph_end(&t);
    kr_graph_begin(&t, KR_GV_EDGES, NULL, NULL);
    kr_graph_attr(&t, KR_GV_QUOTED, "fontname", "DejaVu Sans");
    kr_graph_end(&t);
    kr_graph_begin(&t, KR_GV_NODE, "yp", NULL);
    kr_graph_attr(&t, KR_GV_BARE, "shape", "circle");
    kr_graph_attr(&t, KR_GV_QUOTED, "pos", "%.2f,%.2f", f.ox, f.oy);
    kr_graph_attr(&t, KR_GV_BARE, "width", "%.4f", 2 * m->centre_r / 72.0);
    kr_graph_attr(&t, KR_GV_QUOTED, "id", "yp");
    kr_graph_attr(&t, KR_GV_BARE, "style", "filled");
    kr_graph_attr(&t, KR_GV_QUOTED, "fillcolor", "%s",
                  o->theme == KRING_THEME_YOUTH
                      ? "#FFD166"
                      : (o->theme == KRING_THEME_TEAM ? "#FFE8A3" : "#FFFFFF"));
    kr_graph_attr(&t, KR_GV_QUOTED, "color", "%s",
                  lk->colour ? "#B8860B" : lk->ink);
    kr_graph_attr(&t, KR_GV_BARE, "penwidth", "2");
    kr_graph_key(&t, KR_GV_HTML, "label");
    /* The name's lines in bold, the code smaller. */
    for (k = 0; k < KRING_MAP_LINES && m->centre_label.line[k]; k++) {
        int name = m->centre_label.size[k] >= m->centre_label.size[0];
        kr_add(&t, "%s%s<FONT POINT-SIZE=\"%g\">", k ? "<BR/>" : "",
               name ? "<B>" : "", m->centre_label.size[k]);
        kr_html(&t, m->centre_label.line[k]);
        kr_add(&t, "</FONT>%s", name ? "</B>" : "");
    }
    kr_graph_value_end(&t);
    kr_graph_end(&t);
    for (i = 0; i < m->n_boxes; i++)
        node(&t, m, i, o, &f);
    for (i = 0; i < m->n_boxes; i++)
        if (m->boxes[i].change != KRING_MAP_GONE)
            spoke_edge(&t, m, r, i, lk, &f);
    for (i = 0; i < c->n_ties; i++) {
        long a = box_of[ends[2 * i]], b = box_of[ends[2 * i + 1]];
        if (a >= 0 && b >= 0)
            tie_edge(&t, &c->ties[i], r, a, b, lk, &f);
    }
    if (t.failed || bg.failed) {
        rc = kr_nomem(err);
        goto out;
    }
    out->bytes = t.s;
    out->len = t.len;
    t.s = NULL;
out:
    kr_router_free(r);
    kr_free(ob);
    kr_free(box_of);
    kr_free(ends);
    kr_free(bg.s);
    kr_free(t.s);
    return rc;
}

kring_status kring_map_make_dot(const kring_case *c, const kring_map_options *o,
                                char **out, kring_error *err)
{
    kring_map_graph g;
    kring_status rc;

    *out = NULL;
    if ((rc = kring_map_make_graph(c, o, &g, err)) == KRING_OK)
        rc = kring_map_graph_dot(&g, out, err);
    kring_map_graph_release(&g);
    return rc;
}

kring_status kring_map_make_graph(const kring_case *c,
                                  const kring_map_options *o,
                                  kring_map_graph *out, kring_error *err)
{
    kring_scores scores, *s = NULL;
    kring_indicators in, *inp = NULL;
    kring_weights w;
    const kring_weights *wp = o->weights;
    kring_map *m = NULL;
    kring_status rc = KRING_OK;

    out->bytes = NULL;
    out->len = 0;
    /* The team and print themes show the first five's ranks and scores;
     * only the team theme the flags. */
    if (o->theme != KRING_THEME_YOUTH) {
        if (wp == NULL) {
            if ((rc = kring_weights_default(&w, err)))
                return rc;
            wp = &w;
        }
        if ((rc = kring_score_case(c, wp, &scores, err)))
            return rc;
        s = &scores;
        if (o->theme == KRING_THEME_TEAM) {
            if ((rc = kring_indicators_compute(c, wp, &in, err)))
                goto out;
            inp = &in;
        }
    }
    if ((rc = kring_map_layout(c, s, o, &m, err)) == KRING_OK)
        rc = kring_map_graph_of(c, m, inp, o, out, NULL, err);
out:
    kring_map_free(m);
    if (s != NULL)
        kring_scores_release(s);
    return rc;
}
