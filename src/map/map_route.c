/* Lines drawn around the labels (docs/map.md): a line from one box to
 * another that would cross a third box goes around it instead, along the
 * shortest path A* finds over the corners of the boxes, each moved a
 * little out into the free space between them. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "map_internal.h"

/* A corner of a box is a node this far out from the box, in x and in y;
 * a line keeps ROUTE_CLEAR - 0.5 from every box it passes. Labels are at
 * least 6 pt apart, so a node lies in the free space between them. */
#define ROUTE_CLEAR 3.0
#define ROUTE_KEEP (ROUTE_CLEAR - 0.5)
/* The grid's cells are at least GRID_CELL wide, at most GRID_MAX a side;
 * a box is in every cell it comes within GRID_GROW of, the most any test
 * grows it by. */
#define GRID_CELL 40.0
#define GRID_MAX 128
#define GRID_GROW 4.5

/* hypot() without its care for overflow, which costs here. */
static double dist(double dx, double dy)
{
    return sqrt(dx * dx + dy * dy);
}

struct kr_router {
    const struct kr_obstacle *ob; /* the boxes, borrowed */
    size_t n;                     /* how many */
    int route;                    /* 0: straight lines only (too many) */
    size_t nodes;                 /* 4 * n corners, then start and end */
    double *nx, *ny;              /* each node's place */
    unsigned char *free;          /* node outside every other box */
    unsigned char *seen;          /* corner to corner: 0 not yet known, 1 clear,
                                     2 blocked (nodes x nodes, lazily) */
    double *g;                    /* A*: length of the best path found so far */
    double *h;                    /* A*: straight distance to the end */
    unsigned char *ok;    /* A*: the way from the node before is clear */
    size_t *from;         /* A*: the node before on it */
    unsigned char *state; /* A*: 0 not reached, 1 open, 2 done */
    size_t *cand;         /* A*: the nodes a route may use */
    double gx, gy, cell;  /* the grid: its corner, a cell's side */
    int gw, gh;           /* its columns and rows */
    size_t *first;        /* where each cell's boxes start in IN */
    size_t *in;           /* the boxes in each cell, cell after cell */
};

/* The cells of the grid that box I, grown by GRID_GROW, covers. */
static void cells_of(const struct kr_router *r, size_t i, int *c0, int *c1,
                     int *r0, int *r1)
{
    const struct kr_obstacle *b = &r->ob[i];

    *c0 = (int)((b->x - b->w / 2 - GRID_GROW - r->gx) / r->cell);
    *c1 = (int)((b->x + b->w / 2 + GRID_GROW - r->gx) / r->cell);
    *r0 = (int)((b->y - b->h / 2 - GRID_GROW - r->gy) / r->cell);
    *r1 = (int)((b->y + b->h / 2 + GRID_GROW - r->gy) / r->cell);
}

/* A grid over the boxes, so that a line is checked only against the
 * boxes of the cells it crosses. -1 when out of memory. */
static int grid(struct kr_router *r)
{
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    size_t i, cells;
    int c, row, c0, c1, r0, r1;

    for (i = 0; i < r->n; i++) {
        const struct kr_obstacle *b = &r->ob[i];
        x0 = fmin(x0, b->x - b->w / 2 - GRID_GROW - 1);
        x1 = fmax(x1, b->x + b->w / 2 + GRID_GROW + 1);
        y0 = fmin(y0, b->y - b->h / 2 - GRID_GROW - 1);
        y1 = fmax(y1, b->y + b->h / 2 + GRID_GROW + 1);
    }
    r->gx = x0;
    r->gy = y0;
    r->cell = fmax(GRID_CELL, fmax(x1 - x0, y1 - y0) / GRID_MAX);
    r->gw = (int)((x1 - x0) / r->cell) + 1;
    r->gh = (int)((y1 - y0) / r->cell) + 1;
    cells = (size_t)r->gw * (size_t)r->gh;
    if ((r->first = kr_calloc(cells + 1, sizeof *r->first)) == NULL)
        return -1;
    for (i = 0; i < r->n; i++) {
        cells_of(r, i, &c0, &c1, &r0, &r1);
        for (row = r0; row <= r1; row++)
            for (c = c0; c <= c1; c++)
                r->first[(size_t)row * r->gw + c + 1]++;
    }
    for (i = 0; i < cells; i++)
        r->first[i + 1] += r->first[i];
    if ((r->in = kr_malloc((r->first[cells] + 1) * sizeof *r->in)) == NULL)
        return -1;
    /* Filled from each cell's end backwards: FIRST ends where it began. */
    for (i = 0; i < cells; i++)
        r->first[i] = r->first[i + 1];
    for (i = r->n; i-- > 0;) {
        cells_of(r, i, &c0, &c1, &r0, &r1);
        for (row = r0; row <= r1; row++)
            for (c = c0; c <= c1; c++)
                r->in[--r->first[(size_t)row * r->gw + c]] = i;
    }
    return 0;
}

kring_status kr_router_new(const struct kr_obstacle *ob, size_t n,
                           struct kr_router **out, kring_error *err)
{
    struct kr_router *r = kr_calloc(1, sizeof *r);
    size_t i, k, v;

    *out = NULL;
    if (r == NULL)
        return kr_nomem(err);
    r->ob = ob;
    r->n = n;
    r->route = n > 0 && n <= KR_ROUTE_LIMIT + 1;
    if (!r->route) {
        *out = r;
        return KRING_OK;
    }
    r->nodes = 4 * n + 2;
    r->nx = kr_malloc(r->nodes * sizeof *r->nx);
    r->ny = kr_malloc(r->nodes * sizeof *r->ny);
    r->free = kr_calloc(r->nodes, 1);
    r->seen = kr_calloc(4 * n * 4 * n, 1);
    r->g = kr_malloc(r->nodes * sizeof *r->g);
    r->h = kr_malloc(r->nodes * sizeof *r->h);
    r->ok = kr_calloc(r->nodes, 1);
    r->from = kr_malloc(r->nodes * sizeof *r->from);
    r->state = kr_calloc(r->nodes, 1);
    r->cand = kr_malloc(r->nodes * sizeof *r->cand);
    if (!r->nx || !r->ny || !r->free || !r->seen || !r->g || !r->h || !r->ok ||
        !r->from || !r->state || !r->cand || grid(r)) {
        kr_router_free(r);
        return kr_nomem(err);
    }
    for (i = 0; i < n; i++)
        for (k = 0; k < 4; k++) {
            v = 4 * i + k;
            r->nx[v] = ob[i].x + (k & 1 ? 1 : -1) * (ob[i].w / 2 + ROUTE_CLEAR);
            r->ny[v] = ob[i].y + (k & 2 ? 1 : -1) * (ob[i].h / 2 + ROUTE_CLEAR);
            r->free[v] = 1;
        }
    /* A corner inside another box (never, when the labels keep their
     * distance) is no place to turn. */
    for (v = 0; v < 4 * n; v++)
        for (i = 0; i < n && r->free[v]; i++)
            if (i != v / 4 &&
                fabs(r->nx[v] - ob[i].x) < ob[i].w / 2 + ROUTE_KEEP &&
                fabs(r->ny[v] - ob[i].y) < ob[i].h / 2 + ROUTE_KEEP)
                r->free[v] = 0;
    *out = r;
    return KRING_OK;
}

void kr_router_free(struct kr_router *r)
{
    if (r == NULL)
        return;
    kr_free(r->nx);
    kr_free(r->ny);
    kr_free(r->free);
    kr_free(r->seen);
    kr_free(r->g);
    kr_free(r->h);
    kr_free(r->ok);
    kr_free(r->from);
    kr_free(r->state);
    kr_free(r->cand);
    kr_free(r->first);
    kr_free(r->in);
    kr_free(r);
}

/* The part [*T0, *T1] of the segment from (X0, Y0) to (X1, Y1) inside
 * box B (Liang and Barsky's clipping); 0 when it is not inside at all. */
static int clip(const struct kr_obstacle *b, double x0, double y0, double x1,
                double y1, double *t0, double *t1)
{
    double lo[2] = {b->x - b->w / 2, b->y - b->h / 2};
    double hi[2] = {b->x + b->w / 2, b->y + b->h / 2};
    double p0[2] = {x0, y0}, d[2] = {x1 - x0, y1 - y0};
    int k;

    for (k = 0; k < 2; k++) {
        double e0, e1;
        if (fabs(d[k]) < 1e-12) {
            if (p0[k] <= lo[k] || p0[k] >= hi[k])
                return 0;
            continue;
        }
        e0 = (lo[k] - p0[k]) / d[k];
        e1 = (hi[k] - p0[k]) / d[k];
        if (e0 > e1) {
            double swap = e0;
            e0 = e1;
            e1 = swap;
        }
        if (e0 > *t0)
            *t0 = e0;
        if (e1 < *t1)
            *t1 = e1;
        if (*t1 - *t0 <= 1e-9)
            return 0;
    }
    return 1;
}

/* Whether the segment from (X0, Y0) to (X1, Y1) passes through box B
 * grown by GROW on every side. */
static int crosses(const struct kr_obstacle *b, double grow, double x0,
                   double y0, double x1, double y1)
{
    struct kr_obstacle big = {b->x, b->y, b->w + 2 * grow, b->h + 2 * grow, 0};
    double hw = big.w / 2, hh = big.h / 2, t0 = 0, t1 = 1;

    /* The cheap test first: the boxes around both do not meet. */
    if ((x0 > x1 ? x0 : x1) <= b->x - hw || (x0 < x1 ? x0 : x1) >= b->x + hw ||
        (y0 > y1 ? y0 : y1) <= b->y - hh || (y0 < y1 ? y0 : y1) >= b->y + hh)
        return 0;
    return clip(&big, x0, y0, x1, y1, &t0, &t1);
}

/* The cell of coordinate V (in cells), within [0, N). */
static int cell_at(double v, int n)
{
    return v < 0 ? 0 : v >= n ? n - 1 : (int)v;
}

int kr_route_blocked(const struct kr_router *r, double x0, double y0, double x1,
                     double y1, size_t skip1, size_t skip2, double grow)
{
    double dx = x1 - x0, dy = y1 - y0, t0 = 0, t1 = 1, tx, ty, sx, sy;
    int c, row, c1, r1, stepc, stepr, left;
    size_t i;

    if (r->first == NULL || grow > GRID_GROW) {
        for (i = 0; i < r->n; i++)
            if (i != skip1 && i != skip2 &&
                crosses(&r->ob[i], grow, x0, y0, x1, y1))
                return 1;
        return 0;
    }
    /* The part of the segment over the grid (every box is inside it),
     * then cell by cell along it (Amanatides and Woo). */
    {
        struct kr_obstacle all = {r->gx + r->gw * r->cell / 2,
                                  r->gy + r->gh * r->cell / 2, r->gw * r->cell,
                                  r->gh * r->cell, 0};
        if (!clip(&all, x0, y0, x1, y1, &t0, &t1))
            return 0;
    }
    sx = x0 + dx * t0 - r->gx;
    sy = y0 + dy * t0 - r->gy;
    c = cell_at(sx / r->cell, r->gw);
    row = cell_at(sy / r->cell, r->gh);
    c1 = cell_at((x0 + dx * t1 - r->gx) / r->cell, r->gw);
    r1 = cell_at((y0 + dy * t1 - r->gy) / r->cell, r->gh);
    stepc = dx > 0 ? 1 : -1;
    stepr = dy > 0 ? 1 : -1;
    /* Where (in t) the segment crosses the next column and row line. */
    tx =
        fabs(dx) > 1e-12 ? t0 + ((c + (dx > 0)) * r->cell - sx) / dx : INFINITY;
    ty = fabs(dy) > 1e-12 ? t0 + ((row + (dy > 0)) * r->cell - sy) / dy
                          : INFINITY;
    for (left = r->gw + r->gh + 2; left > 0; left--) {
        size_t k = (size_t)row * r->gw + c, j;
        for (j = r->first[k]; j < r->first[k + 1]; j++) {
            i = r->in[j];
            if (i != skip1 && i != skip2 &&
                crosses(&r->ob[i], grow, x0, y0, x1, y1))
                return 1;
        }
        if (c == c1 && row == r1)
            break;
        if (tx < ty) {
            c += stepc;
            tx += r->cell / fabs(dx);
        } else {
            row += stepr;
            ty += r->cell / fabs(dy);
        }
        if (c < 0 || c >= r->gw || row < 0 || row >= r->gh)
            break;
    }
    return 0;
}

/* Whether the route may go straight from node U to node V: corners are
 * remembered, the start and end (whose boxes a line may leave or enter)
 * worked out each time. */
static int clear(struct kr_router *r, size_t u, size_t v, size_t a, size_t b)
{
    size_t s = r->nodes - 2, t = r->nodes - 1, corners = r->nodes - 2;
    unsigned char *seen;
    int blocked;

    if (u >= corners || v >= corners)
        return !kr_route_blocked(r, r->nx[u], r->ny[u], r->nx[v], r->ny[v],
                                 u == s || v == s ? a : (size_t)-1,
                                 u == t || v == t ? b : (size_t)-1, ROUTE_KEEP);
    seen = &r->seen[u < v ? u * corners + v : v * corners + u];
    if (*seen == 0) {
        blocked = kr_route_blocked(r, r->nx[u], r->ny[u], r->nx[v], r->ny[v],
                                   (size_t)-1, (size_t)-1, ROUTE_KEEP);
        *seen = blocked ? 2 : 1;
    }
    return *seen == 1;
}

/* Whether a path from U turning at corner V could be taut: the line from
 * U through V leaves V's box on one side, as a string pulled round it. */
static int tangent(const struct kr_router *r, size_t u, size_t v)
{
    const struct kr_obstacle *b = &r->ob[v / 4];
    double dx = r->nx[v] - r->nx[u], dy = r->ny[v] - r->ny[u];
    int k, left = 0, right = 0;

    for (k = 0; k < 4; k++) {
        double qx = b->x + (k & 1 ? 1 : -1) * b->w / 2 - r->nx[u];
        double qy = b->y + (k & 2 ? 1 : -1) * b->h / 2 - r->ny[u];
        double c = dx * qy - dy * qx;
        left |= c > 1e-9;
        right |= c < -1e-9;
    }
    return !(left && right);
}

/* Lazily checks the way to U that the search took, when it is taken
 * from the open nodes: if U cannot be seen from the node before, the best
 * of the done nodes from which it can be becomes that node instead (as
 * Lazy Theta* does). 0 when none can see it: U is unreached again. */
static int settle(struct kr_router *r, size_t u, size_t a, size_t b, size_t nc)
{
    size_t i, c, best = (size_t)-1;
    double g = INFINITY;

    if (r->ok[u])
        return 1;
    r->ok[u] = 1;
    if (clear(r, r->from[u], u, a, b))
        return 1;
    for (i = 0; i < nc; i++) {
        double d;
        c = r->cand[i];
        if (r->state[c] != 2)
            continue;
        d = r->g[c] + dist(r->nx[u] - r->nx[c], r->ny[u] - r->ny[c]);
        if (d < g && (u == r->nodes - 1 || tangent(r, c, u)) &&
            clear(r, c, u, a, b)) {
            g = d;
            best = c;
        }
    }
    r->g[u] = g;
    r->from[u] = best;
    r->state[u] = best == (size_t)-1 ? 0 : 1;
    return 0;
}

/* A* from the start to the end over the nodes no further than BOUND by
 * way of them; the number of points put in P, 0 when there is no way.
 * Whether a node can be seen from another is asked only when the search
 * takes it (settle()), which spares most of the questions. */
static int search(struct kr_router *r, size_t a, size_t b, double bound,
                  struct kr_path *p)
{
    size_t s = r->nodes - 2, t = r->nodes - 1, nc = 0, i, u, v;
    double sx = r->nx[s], sy = r->ny[s], tx = r->nx[t], ty = r->ny[t];
    int n, k;

    /* The ellipse of the ways no longer than BOUND reaches half its minor
     * axis out from the line between the ends, and (less) half of what
     * the way may be longer than that line past each end: the box around
     * the two ends grown by the first holds it. */
    double len = dist(tx - sx, ty - sy);
    double grow = sqrt(bound * bound - len * len) / 2;
    double x0 = fmin(sx, tx) - grow, x1 = fmax(sx, tx) + grow;
    double y0 = fmin(sy, ty) - grow, y1 = fmax(sy, ty) + grow;

    for (v = 0; v < r->nodes - 2; v++)
        if (r->free[v] && r->nx[v] >= x0 && r->nx[v] <= x1 && r->ny[v] >= y0 &&
            r->ny[v] <= y1 &&
            dist(r->nx[v] - sx, r->ny[v] - sy) +
                    dist(r->nx[v] - tx, r->ny[v] - ty) <=
                bound)
            r->cand[nc++] = v;
    r->cand[nc++] = s;
    r->cand[nc++] = t;
    for (i = 0; i < nc; i++) {
        r->state[r->cand[i]] = 0;
        r->g[r->cand[i]] = INFINITY;
        r->h[r->cand[i]] = dist(r->nx[r->cand[i]] - tx, r->ny[r->cand[i]] - ty);
    }
    r->g[s] = 0;
    r->state[s] = 1;
    r->ok[s] = 1;
    for (;;) {
        double best = INFINITY;
        u = (size_t)-1;
        for (i = 0; i < nc; i++) {
            v = r->cand[i];
            if (r->state[v] == 1 && r->g[v] + r->h[v] < best) {
                best = r->g[v] + r->h[v];
                u = v;
            }
        }
        if (u == (size_t)-1)
            return 0;
        if (!settle(r, u, a, b, nc))
            continue;
        if (u == t)
            break;
        r->state[u] = 2;
        for (i = 0; i < nc; i++) {
            double d;
            v = r->cand[i];
            if (r->state[v] == 2 || v == s)
                continue;
            d = r->g[u] + dist(r->nx[v] - r->nx[u], r->ny[v] - r->ny[u]);
            if (d >= r->g[v] || (v != t && !tangent(r, u, v)))
                continue;
            r->g[v] = d;
            r->from[v] = u;
            r->ok[v] = 0;
            r->state[v] = 1;
        }
    }
    /* A way of more than half KR_LINE_MAX points leaves its zigzag too
     * few teeth (kr_path_zigzag()): not taken. */
    for (n = 1, v = t; v != s; v = r->from[v])
        n++;
    if (n > KR_LINE_MAX / 2)
        return 0;
    for (k = n - 1, v = t;; v = r->from[v], k--) {
        p->x[k] = r->nx[v];
        p->y[k] = r->ny[v];
        if (v == s)
            break;
    }
    return p->n = n;
}

/* Where the line from the centre of box B to (X, Y) outside it leaves
 * the box (or its circle, when it is round): into *X, *Y. */
void kr_route_leave(const struct kr_obstacle *b, double *x, double *y)
{
    double dx = *x - b->x, dy = *y - b->y, s = 1e9;

    if (b->round) {
        double d = dist(dx, dy);
        s = d > 0 ? b->w / 2 / d : 1;
    } else {
        if (fabs(dx) > 1e-9)
            s = fmin(s, b->w / 2 / fabs(dx));
        if (fabs(dy) > 1e-9)
            s = fmin(s, b->h / 2 / fabs(dy));
    }
    if (s > 1)
        s = 1;
    *x = b->x + dx * s;
    *y = b->y + dy * s;
}

void kr_route(struct kr_router *r, size_t a, size_t b, struct kr_path *p)
{
    const struct kr_obstacle *A = &r->ob[a], *B = &r->ob[b];
    double len = dist(B->x - A->x, B->y - A->y);

    p->n = 2;
    p->x[0] = A->x;
    p->y[0] = A->y;
    p->x[1] = B->x;
    p->y[1] = B->y;
    if (r->route &&
        kr_route_blocked(r, A->x, A->y, B->x, B->y, a, b, ROUTE_KEEP)) {
        r->nx[r->nodes - 2] = A->x;
        r->ny[r->nodes - 2] = A->y;
        r->nx[r->nodes - 1] = B->x;
        r->ny[r->nodes - 1] = B->y;
        /* Near the straight line first, which is quick; then anywhere;
         * else straight after all. */
        if (!search(r, a, b, len + 40, p) &&
            !search(r, a, b, len * 1.5 + 80, p) &&
            !search(r, a, b, INFINITY, p)) {
            p->n = 2;
            p->x[1] = B->x;
            p->y[1] = B->y;
        }
    }
    p->x[0] = p->x[1];
    p->y[0] = p->y[1];
    kr_route_leave(A, &p->x[0], &p->y[0]);
    p->x[p->n - 1] = p->x[p->n - 2];
    p->y[p->n - 1] = p->y[p->n - 2];
    kr_route_leave(B, &p->x[p->n - 1], &p->y[p->n - 1]);
}

double kr_path_length(const struct kr_path *p)
{
    double len = 0;
    int i;

    for (i = 1; i < p->n; i++)
        len += dist(p->x[i] - p->x[i - 1], p->y[i] - p->y[i - 1]);
    return len;
}

/* Whether (X, Y) is inside box A or box B, grown by 0.5 pt. */
static int in_ends(const struct kr_router *r, size_t a, size_t b, double x,
                   double y)
{
    const struct kr_obstacle *e[2] = {&r->ob[a], &r->ob[b]};
    int k;

    for (k = 0; k < 2; k++)
        if (fabs(x - e[k]->x) < e[k]->w / 2 + 0.5 &&
            fabs(y - e[k]->y) < e[k]->h / 2 + 0.5)
            return 1;
    return 0;
}

/* Whether the tooth at I of OUT, or the pieces to its neighbours, reach
 * into a label: another one, or (by the tooth and the pieces' middles,
 * as the pieces begin and end on them) the two the line joins. */
static int tooth_hits(const struct kr_router *r, size_t a, size_t b,
                      const struct kr_path *out, int i)
{
    const double *x = out->x, *y = out->y;

    return (r->route &&
            (kr_route_blocked(r, x[i - 1], y[i - 1], x[i], y[i], a, b, 0.5) ||
             kr_route_blocked(r, x[i], y[i], x[i + 1], y[i + 1], a, b, 0.5))) ||
           in_ends(r, a, b, x[i], y[i]) ||
           in_ends(r, a, b, (x[i - 1] + x[i]) / 2, (y[i - 1] + y[i]) / 2) ||
           in_ends(r, a, b, (x[i] + x[i + 1]) / 2, (y[i] + y[i + 1]) / 2);
}

void kr_path_zigzag(const struct kr_router *r, size_t a, size_t b,
                    const struct kr_path *in, struct kr_path *out)
{
    double step = fmax(8.0, kr_path_length(in) / (KR_LINE_MAX / 2));
    double cx[KR_LINE_MAX], cy[KR_LINE_MAX], px[KR_LINE_MAX], py[KR_LINE_MAX];
    int tooth[KR_LINE_MAX];
    int i, k, n = 0, side = 1, changed, pass;

    /* The teeth along each piece of the line; its bends stay on it. Only
     * the teeth of a piece that passes near a label (closer than a tooth
     * reaches) are checked (TOOTH 2): the first and the last piece always,
     * as they start and end on one. */
    for (i = 0; i + 1 < in->n; i++) {
        double dx = in->x[i + 1] - in->x[i], dy = in->y[i + 1] - in->y[i];
        double len = dist(dx, dy);
        int teeth = (int)(len / step);
        int near =
            i == 0 || i + 2 == in->n ||
            (r->route && kr_route_blocked(r, in->x[i], in->y[i], in->x[i + 1],
                                          in->y[i + 1], a, b, 4.5));
        if (n < KR_LINE_MAX - 1) {
            cx[n] = out->x[n] = in->x[i];
            cy[n] = out->y[n] = in->y[i];
            tooth[n++] = 0;
        }
        for (k = 1; k < teeth && n < KR_LINE_MAX - 1; k++, side = -side) {
            double along = (double)k / teeth;
            cx[n] = in->x[i] + dx * along;
            cy[n] = in->y[i] + dy * along;
            px[n] = -dy / len * side * 3.5;
            py[n] = dx / len * side * 3.5;
            out->x[n] = cx[n] + px[n];
            out->y[n] = cy[n] + py[n];
            tooth[n++] = near ? 2 : 0;
        }
    }
    out->x[n] = in->x[in->n - 1];
    out->y[n] = in->y[in->n - 1];
    tooth[n++] = 0;
    out->n = n;
    /* A tooth that would reach into a label is made half as tall, then
     * flat on the line, until none does: the line itself keeps clear of
     * them. */
    for (pass = 0, changed = 1; changed && pass < 8; pass++) {
        changed = 0;
        for (i = 1; i + 1 < n; i++)
            if (tooth[i] && tooth_hits(r, a, b, out, i)) {
                tooth[i]--;
                out->x[i] = cx[i] + (tooth[i] ? px[i] / 2 : 0);
                out->y[i] = cy[i] + (tooth[i] ? py[i] / 2 : 0);
                changed = 1;
            }
    }
    for (i = 1; changed && i + 1 < n; i++) {
        out->x[i] = cx[i];
        out->y[i] = cy[i];
    }
}
