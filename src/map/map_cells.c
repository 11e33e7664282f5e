/* Packing the labels of one ring of one wedge (a cell) into rows
 * (docs/map.md, "Placement"): a row packed from the wedge's edge, the
 * space left shared out, as few rows as fit, spread evenly across the
 * ring or else packed from its outer circle in; every label checked
 * exactly to lie inside its cell and over no other. For map_layout.c. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "map_internal.h"

#define PI 3.14159265358979323846
#define ROWS_MAX 12  /* rows of labels in one ring of one sector */
#define SAMPLES 6    /* points per side of a label checked for angle */
#define SWEEP_MIN 24 /* boxes in a cell below which all pairs are compared */

/* The angle of point (X, Y), clockwise from the top, in [0, 2pi). */
static double angle_of(double x, double y)
{
    double a = atan2(x, y);
    return a < 0 ? a + 2 * PI : a;
}

/* Whether box B (centre X, Y) lies inside cell C, MARGIN away from its
 * lines. The distances to the circles are exact (the nearest point of a
 * box to the centre, its farthest corner). For a wedge of half a turn or
 * less (a convex region) so are the distances to its two sides, checked
 * at the corners, where a box comes nearest to a straight line; a wider
 * wedge is checked at points along the box's sides. */
static int inside(const struct kr_cell *c, double x, double y, double w,
                  double h, double margin)
{
    double hw = w / 2, hh = h / 2;
    double nx = fmax(fabs(x) - hw, 0.0), ny = fmax(fabs(y) - hh, 0.0);
    double fx = fabs(x) + hw, fy = fabs(y) + hh;
    int i, side;

    if (hypot(nx, ny) < c->in + margin)
        return 0;
    if (hypot(fx, fy) > c->out - margin)
        return 0;
    if (c->to - c->from <= PI) {
        double cf = cos(c->from), sf = sin(c->from);
        double ct = cos(c->to), st = sin(c->to);
        for (i = 0; i < 4; i++) {
            double px = x + (i & 1 ? hw : -hw), py = y + (i & 2 ? hh : -hh);
            /* Distances from the two sides, positive inside. */
            if (px * cf - py * sf < margin || py * st - px * ct < margin)
                return 0;
        }
        return 1;
    }
    for (side = 0; side < 4; side++)
        for (i = 0; i < SAMPLES; i++) {
            double t = (double)i / (SAMPLES - 1) * 2 - 1, px, py, a, r;
            px = x + (side < 2 ? t * hw : (side == 2 ? -hw : hw));
            py = y + (side < 2 ? (side == 0 ? -hh : hh) : t * hh);
            r = hypot(px, py);
            a = angle_of(px, py) - c->from;
            if (a < 0)
                a += 2 * PI;
            /* MARGIN from the wedge's lines, as a distance. */
            if (a * r < margin || (c->to - c->from - a) * r < margin ||
                a > c->to - c->from)
                return 0;
        }
    return 1;
}

static int overlap(const kring_map_box *a, const kring_map_box *b, double gap)
{
    return fabs(a->x - b->x) < (a->w + b->w) / 2 + gap &&
           fabs(a->y - b->y) < (a->h + b->h) / 2 + gap;
}

/* angle_of() within 1e-5 rad, at a fifth of atan2()'s cost (Abramowitz
 * and Stegun 4.4.49): for packing a row, which inside() checks exactly. */
static double quick_angle(double x, double y)
{
    double ax = fabs(x), ay = fabs(y), z, z2, a;

    if (ax == 0 && ay == 0)
        return 0;
    z = ax < ay ? ax / ay : ay / ax;
    z2 = z * z;
    a = z * (0.99997726 +
             z2 * (-0.33262347 +
                   z2 * (0.19354346 +
                         z2 * (-0.11643287 +
                               z2 * (0.05265332 + z2 * -0.01172120)))));
    if (ax > ay)
        a = PI / 2 - a; /* clockwise from the top: atan(x / y) */
    if (y < 0)
        a = PI - a;
    return x < 0 ? 2 * PI - a : a;
}

/* The angles the box of size W x H centred at angle A and radius R spans,
 * relative to the cell's start FROM: those of its corners, since seen
 * from outside a box its corners are where it begins and ends. */
static void span_at(double a, double r, double w, double h, double from,
                    double *lo, double *hi)
{
    double x = r * sin(a), y = r * cos(a);
    int i;

    *lo = 1e9;
    *hi = -1e9;
    for (i = 0; i < 4; i++) {
        double q = quick_angle(x + (i & 1 ? w / 2 : -w / 2),
                               y + (i & 2 ? h / 2 : -h / 2)) -
                   from;
        /* Unwrap around the start: the box is near the cell. */
        if (q > PI + (a - from))
            q -= 2 * PI;
        else if (q < (a - from) - PI)
            q += 2 * PI;
        *lo = fmin(*lo, q);
        *hi = fmax(*hi, q);
    }
}

/* Packs boxes of ROW (N of them) one after the other at radius R across
 * cell C from its start, their centres' angles into AT, and stops before
 * the first that would pass the cell's end: how many fit, with the room
 * they leave into *LEFT. A box's place depends only on those before it,
 * so the first K boxes fit whenever K + 1 do (pack_out() relies on it). */
static size_t packed(const struct kr_cell *c, kring_map_box **row, size_t n,
                     double r, double gap, double margin, double *at,
                     double *left)
{
    double edge = margin / r, end = c->to - c->from - margin / r;
    size_t i;
    int k;

    *left = end - edge;
    for (i = 0; i < n; i++) {
        double a = c->from + edge + row[i]->w / 2 / r, lo, hi, next, room;
        /* Move the centre until the box's near side meets the edge. */
        for (k = 0; k < 4; k++) {
            span_at(a, r, row[i]->w, row[i]->h, c->from, &lo, &hi);
            if (k == 3 || fabs(edge - lo) < 1e-6)
                break;
            a += edge - lo;
        }
        /* The room left as the whole row's was worked out before this
         * packing stopped early, to the last bit: (hi + g) - g is not
         * always hi, and only ever grows with hi. */
        next = hi + gap / r;
        room = end - (next - gap / r);
        if (room < 0)
            break;
        at[i] = a;
        *left = room;
        edge = next;
    }
    return i;
}

/* Puts the N boxes of ROW, packed at the angles AT at radius R, in their
 * places: the room LEFT shared out evenly between and around them. */
static void spread(kring_map_box **row, size_t n, double r, const double *at,
                   double left)
{
    size_t i;

    for (i = 0; i < n; i++) {
        double a = at[i] + left * (double)(i + 1) / (double)(n + 1);
        row[i]->x = r * sin(a);
        row[i]->y = r * cos(a);
    }
}

/* Places the N boxes of ROW in one row at radius R across cell C: packed
 * from the start, then the space left shared out evenly. 0 when they do
 * not fit, -1 when out of memory. */
static int place_row(const struct kr_cell *c, kring_map_box **row, size_t n,
                     double r, double gap, double margin)
{
    double *at = NULL, left;
    int fits;

    if (n == 0)
        return 1;
    if ((at = kr_malloc(n * sizeof *at)) == NULL)
        return -1;
    fits = packed(c, row, n, r, gap, margin, at, &left) == n;
    if (fits)
        spread(row, n, r, at, left);
    kr_free(at);
    return fits;
}

static int by_x(const void *a, const void *b)
{
    double xa = (*(kring_map_box *const *)a)->x;
    double xb = (*(kring_map_box *const *)b)->x;

    return (xa > xb) - (xa < xb);
}

/* Whether the N boxes lie inside cell C, out of the square around the
 * young person, and over no other: 1 or 0, -1 when out of memory. The
 * pairs are swept in order of x: two boxes whose centres are further
 * apart than half their widths and the gap cannot overlap, so each box
 * is compared only with those after it that are nearer than half its
 * width, half the widest and the gap (the same answer as every pair,
 * without the n^2 pairs of a crowded cell; a few boxes are compared pair
 * by pair, cheaper than sorting them). */
static int all_clear(const struct kr_cell *c, kring_map_box **boxes, size_t n,
                     double gap, double margin)
{
    kring_map_box **order;
    double wide = 0;
    size_t i, j;

    for (i = 0; i < n; i++) {
        if (!inside(c, boxes[i]->x, boxes[i]->y, boxes[i]->w, boxes[i]->h,
                    margin) ||
            (fabs(boxes[i]->x) - boxes[i]->w / 2 < c->keep &&
             fabs(boxes[i]->y) - boxes[i]->h / 2 < c->keep))
            return 0;
        wide = fmax(wide, boxes[i]->w);
    }
    if (n <= SWEEP_MIN) {
        for (i = 0; i < n; i++)
            for (j = i + 1; j < n; j++)
                if (overlap(boxes[i], boxes[j], gap))
                    return 0;
        return 1;
    }
    if ((order = kr_malloc(n * sizeof *order)) == NULL)
        return -1;
    memcpy(order, boxes, n * sizeof *order);
    qsort(order, n, sizeof *order, by_x);
    for (i = 0; i < n; i++) {
        double reach = (order[i]->w + wide) / 2 + gap;
        for (j = i + 1; j < n && order[j]->x - order[i]->x < reach; j++)
            if (overlap(order[i], order[j], gap)) {
                kr_free(order);
                return 0;
            }
    }
    kr_free(order);
    return 1;
}

/* The rows packed from the outer circle in, each holding as many of the
 * boxes left as it can, as the outer rows are the longest: a crowded
 * cell near the young person, where even rows put the first row on a
 * short arc, needs a thinner ring so. Rows are as far apart as the
 * largest box reaches along the radius within the cell: w |sin a| +
 * h |cos a| at angle a, the most at its sides or, where a corner points
 * at the centre inside it, the diagonal. */
static int pack_out(const struct kr_cell *c, kring_map_box **boxes, size_t n,
                    double gap, double margin)
{
    double w = 0, h = 0, reach = 0, r;
    double at[3] = {c->from, (c->from + c->to) / 2, c->to}, *at_row;
    size_t placed = 0, i;
    int k;

    for (i = 0; i < n; i++) {
        w = fmax(w, boxes[i]->w);
        h = fmax(h, boxes[i]->h);
    }
    for (k = 0; k < 3; k++)
        reach = fmax(reach, w * fabs(sin(at[k])) + h * fabs(cos(at[k])));
    /* The most, the diagonal, where a corner points at the centre: at
     * atan(w / h) from the vertical, in each quarter. */
    for (k = 0; k < 4; k++) {
        double a = (k & 1 ? PI - atan2(w, h) : atan2(w, h)) + (k & 2 ? PI : 0);
        if ((a >= c->from && a <= c->to) ||
            (a + 2 * PI >= c->from && a + 2 * PI <= c->to))
            reach = hypot(w, h);
    }
    /* The outer row as far out as the farthest corners allow. */
    r = (c->out - margin) * (c->out - margin) - (w * w + h * h) / 4;
    r = r > 0 ? sqrt(r) - reach / 2 - 0.01 : 0;
    if ((at_row = kr_malloc(n * sizeof *at_row)) == NULL)
        return -1;
    for (; placed < n; r -= reach + gap) {
        double left;
        size_t fit;
        if (r - reach / 2 < c->in + margin)
            break;
        /* As many as fit in this row. */
        fit = packed(c, boxes + placed, n - placed, r, gap, margin, at_row,
                     &left);
        if (fit == 0)
            break;
        spread(boxes + placed, fit, r, at_row, left);
        placed += fit;
    }
    kr_free(at_row);
    if (placed < n)
        return 0;
    return all_clear(c, boxes, n, gap, margin);
}

int kr_place_cell(const struct kr_cell *c, kring_map_box **boxes, size_t n,
                  double gap, double margin)
{
    size_t rows, j;

    if (n == 0)
        return 1;
    for (rows = 1; rows <= ROWS_MAX && rows <= n; rows++) {
        int ok = 1;
        for (j = 0; j < rows && ok; j++) {
            size_t first = j * n / rows, last = (j + 1) * n / rows;
            double r =
                c->in + (c->out - c->in) * ((double)j + 0.5) / (double)rows;
            ok = place_row(c, boxes + first, last - first, r, gap, margin);
            if (ok < 0)
                return -1;
        }
        if (ok && (ok = all_clear(c, boxes, n, gap, margin)) != 0)
            return ok;
    }
    return c->pack ? pack_out(c, boxes, n, gap, margin) : 0;
}
