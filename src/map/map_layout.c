/* The ecogram's geometry (docs/map.md): sectors as wedges whose angle
 * grows with what they must hold, three rings that grow until every label
 * fits, and every label placed inside its own sector and ring, in rows
 * along the ring, with no label over another or over a line. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "map_internal.h"

#define PI 3.14159265358979323846
#define PAD_X 7.0 /* inside a label, left and right */
#define PAD_Y 4.0 /* inside a label, above and below */
#define LINE 1.25 /* line height, times the font size */
#ifndef FIRST_PASSES
#define FIRST_PASSES 2
#endif
/* The wedges shared out by what they take: passes, and halvings of a
 * wedge's angle; more from BALANCE_MANY people, where it pays. */
#define BALANCE_MANY 40
#define BALANCE_PASSES(m) ((m)->n_boxes >= BALANCE_MANY ? 2 : 1)
#define BALANCE_STEPS(m) ((m)->n_boxes >= BALANCE_MANY ? 7 : 5)
/* From this many people, the layout is also tried with rows packed from
 * the outer circles in, and the smaller kept. */
#define PACK_MANY 40

/* Font sizes per theme: name, role line, the young person. */
static const double name_size[KRING_THEME_COUNT] = {15.0, 11.0, 11.0};
static const double role_size[KRING_THEME_COUNT] = {11.0, 8.5, 8.5};
static const double centre_size[KRING_THEME_COUNT] = {20.0, 15.0, 15.0};

static const char *const theme_names[KRING_THEME_COUNT] = {"youth", "team",
                                                           "print"};

int kring_theme_parse(const char *name)
{
    int i;

    for (i = 0; name != NULL && i < KRING_THEME_COUNT; i++)
        if (strcmp(name, theme_names[i]) == 0)
            return i;
    return -1;
}

double kring_map_name_size(kring_theme t)
{
    return (unsigned)t < KRING_THEME_COUNT ? name_size[t] : 0;
}

const char *kring_theme_name(kring_theme t)
{
    return (unsigned)t < KRING_THEME_COUNT ? theme_names[t] : NULL;
}

/* The order of the sectors, clockwise from the top: home next to family,
 * care last, beside home again. */
static const kring_sector order[KRING_SECTOR_COUNT] = {
    KRING_SECTOR_HOUSEHOLD, KRING_SECTOR_FAMILY,        KRING_SECTOR_FRIENDS,
    KRING_SECTOR_SCHOOL,    KRING_SECTOR_NEIGHBOURHOOD, KRING_SECTOR_LEISURE,
    KRING_SECTOR_COMMUNITY, KRING_SECTOR_ONLINE,        KRING_SECTOR_CARE};

/* Sectors drawn even when empty: an empty wedge for family, friends,
 * school or care is itself something to talk about. */
static int always_shown(kring_sector s)
{
    return s == KRING_SECTOR_FAMILY || s == KRING_SECTOR_FRIENDS ||
           s == KRING_SECTOR_SCHOOL || s == KRING_SECTOR_CARE;
}

/* The widest a line of a name may be before it wraps, in points: about
 * 24 letters. */
static const double name_width[KRING_THEME_COUNT] = {210.0, 170.0, 170.0};
#define NAME_LINES 6

/* Puts TEXT (a name, owned) into B's lines from *N, at SIZE points (BOLD
 * or not), cut at spaces into lines no wider than MAX where it can be (a
 * single word wider than that keeps its own line; past NAME_LINES the
 * last line takes the rest). Takes TEXT over. */
static int wrap(kring_map_box *b, int *n, char *text, double size, bool bold,
                double max)
{
    char *rest = text;
    int lines = 0;

    while (*rest && *n < KRING_MAP_LINES) {
        size_t cut = strlen(rest), at;
        if (lines < NAME_LINES - 1 &&
            kring_text_width(rest, size, bold) > max) {
            /* The last space at which the line still fits, else the
             * first one. */
            size_t best = 0;
            for (at = 0; rest[at]; at++)
                if (rest[at] == ' ') {
                    char keep = rest[at];
                    rest[at] = '\0';
                    if (best == 0 || kring_text_width(rest, size, bold) <= max)
                        best = at;
                    rest[at] = keep;
                    if (best != at)
                        break;
                }
            if (best > 0)
                cut = best;
        }
        if ((b->line[*n] = kr_strndup(rest, cut)) == NULL) {
            kr_free(text);
            return -1;
        }
        b->size[(*n)++] = size;
        lines++;
        rest += cut;
        while (*rest == ' ')
            rest++;
    }
    kr_free(text);
    return 0;
}

/* The label of person P: name, role, and in the team theme the rank. */
static int label(kring_map_box *b, const kring_case *c, const kring_person *p,
                 const kring_map_options *o, const kring_candidate *k)
{
    kring_theme t = o->theme;
    char buf[64];
    int n = 0;

    /* Anonymized: "R. (oma)", "S. (friend)" say the role already. */
    char *name = o->anonymize
                     ? kr_map_initials(p->name, (int)p->role)
                     : kr_map_name(p->name, t == KRING_THEME_YOUTH, false);

    if (name == NULL)
        return -1;
    if (wrap(b, &n, name, name_size[t], false, name_width[t]))
        return -1;
    if (!o->anonymize) {
        if ((b->line[n] = kr_strdup(kr_role_word(p->role))) == NULL)
            return -1;
        b->size[n++] = role_size[t];
    }
    if ((b->change == KRING_MAP_NEW || b->change == KRING_MAP_GONE) &&
        n < KRING_MAP_LINES) {
        if ((b->line[n] = kr_strdup(
                 b->change == KRING_MAP_NEW ? _("new") : _("gone"))) == NULL)
            return -1;
        b->size[n++] = role_size[t];
    }
    if (t != KRING_THEME_YOUTH && k != NULL) {
        /* The rank and score of the first five, and the nomination. */
        if (k->rank >= 1 && k->rank <= 5) {
            b->rank = k->rank;
            char score[32];
            kring_number_format(score, sizeof score, k->score, 2);
            snprintf(buf, sizeof buf,
                     p->nominated ? "\u2605 %d \u00b7 %s" : "%d \u00b7 %s",
                     k->rank, score);
        } else if (p->nominated)
            snprintf(buf, sizeof buf, "\u2605 %s", _("nominated"));
        else
            buf[0] = '\0';
        if (buf[0] != '\0' && n < KRING_MAP_LINES) {
            if ((b->line[n] = kr_strdup(buf)) == NULL)
                return -1;
            b->size[n++] = role_size[t];
        }
    } else if (t != KRING_THEME_YOUTH && p->nominated && n < KRING_MAP_LINES) {
        /* Nominated but excluded: still shown as the young person's. */
        snprintf(buf, sizeof buf, "\u2605 %s", _("nominated"));
        if ((b->line[n] = kr_strdup(buf)) == NULL)
            return -1;
        b->size[n++] = role_size[t];
    }
    (void)c;
    return 0;
}

static void measure(kring_map_box *b)
{
    double w = 0, h = 0;
    int i;

    for (i = 0; i < KRING_MAP_LINES && b->line[i]; i++) {
        w = fmax(w, kr_drawn_width(b->line[i], b->size[i], false));
        h += b->size[i] * LINE;
    }
    b->w = ceil(w + 2 * PAD_X);
    b->h = ceil(h + 2 * PAD_Y);
}

/* The candidate of person I in S, or NULL (excluded or no scores). */
static const kring_candidate *candidate(const kring_scores *s, size_t i)
{
    size_t j;

    for (j = 0; s != NULL && j < s->n_ranked; j++)
        if (s->ranked[j].person == i)
            return &s->ranked[j];
    return NULL;
}

void kring_map_free(kring_map *m)
{
    size_t i;
    int j;

    if (m == NULL)
        return;
    for (i = 0; i < m->n_boxes; i++)
        for (j = 0; j < KRING_MAP_LINES; j++)
            kr_free(m->boxes[i].line[j]);
    kr_free(m->boxes);
    for (j = 0; j < KRING_MAP_LINES; j++)
        kr_free(m->centre_label.line[j]);
    kr_free(m->centre[0]);
    kr_free(m->centre[1]);
    kr_free(m);
}

/* The widest a line of the young person's name may be before it wraps
 * (about ten letters), and the least size a long word is drawn at to fit
 * in that width. */
static const double centre_width[KRING_THEME_COUNT] = {150.0, 130.0, 130.0};
static const double centre_least[KRING_THEME_COUNT] = {14.0, 11.0, 11.0};
#define CENTRE_PAD 6.0 /* between the label's corners and the circle */

/* The young person's label, and the circle around it. The name is cut
 * at spaces into lines no wider than CENTRE_WIDTH; a word wider than that
 * makes the name smaller, down to CENTRE_LEAST, rather than the circle
 * huge. The circle holds the corners of the label's lines. */
static int centre_label(kring_map *m, kring_theme t)
{
    kring_map_box *b = &m->centre_label;
    double size = centre_size[t], widest = 0, w = 0, h = 0;
    const char *s = m->centre[0];
    char *name;
    int n = 0, names, i;

    while (*s) {
        size_t len = strcspn(s, " ");
        char *word = kr_strndup(s, len);
        if (word == NULL)
            return -1;
        widest = fmax(widest, kring_text_width(word, size, true));
        kr_free(word);
        s += len;
        s += strspn(s, " ");
    }
    if (widest > centre_width[t])
        size = fmax(centre_least[t], size * centre_width[t] / widest);
    if ((name = kr_strdup(m->centre[0])) == NULL ||
        wrap(b, &n, name, size, true, centre_width[t]))
        return -1;
    names = n;
    if (m->centre[1] != NULL && n < KRING_MAP_LINES) {
        if ((b->line[n] = kr_strdup(m->centre[1])) == NULL)
            return -1;
        b->size[n++] = role_size[t];
    }
    for (i = 0; i < n; i++) {
        w = fmax(w, kr_drawn_width(b->line[i], b->size[i], i < names));
        h += b->size[i] * LINE;
    }
    b->w = w;
    b->h = h;
    m->centre_r = fmax(32.0, hypot(w / 2, h / 2) + CENTRE_PAD);
    return 0;
}

static kring_status boxes(kring_map *m, const kring_case *c,
                          const kring_scores *s, const kring_map_options *o,
                          kring_error *err)
{
    size_t i;

    size_t before = o->before ? o->before->n_people : 0;

    m->boxes = kr_calloc(c->n_people + before + 1, sizeof *m->boxes);
    if (m->boxes == NULL)
        return kr_nomem(err);
    /* The people now, then (on a map of change) those who left. */
    for (i = 0; i < c->n_people + before; i++) {
        int gone = i >= c->n_people;
        const kring_person *p =
            gone ? &o->before->people[i - c->n_people] : &c->people[i];
        kring_map_box *b = &m->boxes[m->n_boxes];
        long was = o->before ? kring_case_find_id(o->before, p->id) : -1;
        /* The young person's own map leaves out whom they fear. */
        if (o->theme == KRING_THEME_YOUTH && p->frightens && !o->show_unsafe)
            continue;
        /* (The sheet lists the outer circles beside the map.) */
        if ((gone && kring_case_find_id(c, p->id) >= 0) ||
            (o->rings > 0 && p->ring > o->rings))
            continue;
        m->n_boxes++;
        b->person = gone ? i - c->n_people : i;
        b->who = p;
        b->sector = p->sector;
        b->ring = p->ring;
        if (gone)
            b->change = KRING_MAP_GONE;
        else if (o->before && was < 0)
            b->change = KRING_MAP_NEW;
        else if (was >= 0 && o->before->people[was].ring != p->ring) {
            b->was_ring = o->before->people[was].ring;
            b->change =
                b->was_ring > p->ring ? KRING_MAP_CLOSER : KRING_MAP_FURTHER;
        }
        if (label(b, c, p, o, gone ? NULL : candidate(s, i)))
            return kr_nomem(err);
        measure(b);
    }
    m->centre[0] =
        o->anonymize
            ? kr_map_initials(c->name, -1)
            : kr_map_name(c->name, o->theme == KRING_THEME_YOUTH, false);
    if (o->theme != KRING_THEME_YOUTH)
        m->centre[1] = kr_strdup(kr_map_code(c, o));
    if (m->centre[0] == NULL ||
        (o->theme != KRING_THEME_YOUTH && m->centre[1] == NULL) ||
        centre_label(m, o->theme))
        return kr_nomem(err);
    return KRING_OK;
}

/* The wedges, after the gap at the top. A sector's angle follows what it
 * must hold: for each ring, its labels there set side by side (each at its
 * diagonal, the most a box spans seen from the centre) as an angle at the
 * ring's middle radius MID; the largest of the three counts. So a wedge
 * grows with the number of people in it, and the inner ring, shortest
 * around, weighs most. An empty wedge keeps room for a short word. */
static void wedges(kring_map *m, const double *mid)
{
    double need[KRING_SECTOR_COUNT] = {0}, len[KRING_SECTOR_COUNT][3] = {{0}};
    double total = 0, from = m->gap / 2, room = 2 * PI - m->gap;
    size_t i, n[KRING_SECTOR_COUNT] = {0};
    int j, k;

    for (i = 0; i < m->n_boxes; i++) {
        const kring_map_box *b = &m->boxes[i];
        len[b->sector][b->ring - 1] += hypot(b->w, b->h) + 2 * m->margin;
        n[b->sector]++;
    }
    m->n_wedges = 0;
    for (j = 0; j < KRING_SECTOR_COUNT; j++) {
        kring_sector s = order[j];
        if (n[s] == 0 && !always_shown(s))
            continue;
        need[s] = 60.0 / mid[1];
        for (k = 0; k < 3; k++)
            need[s] = fmax(need[s], len[s][k] / mid[k]);
        total += need[s];
        m->wedge[m->n_wedges].sector = s;
        m->wedge[m->n_wedges].people = n[s];
        m->n_wedges++;
    }
    for (k = 0; k < m->n_wedges; k++) {
        m->wedge[k].from = from;
        from += room * need[m->wedge[k].sector] / total;
        m->wedge[k].to = from;
    }
    m->wedge[m->n_wedges - 1].to = 2 * PI - m->gap / 2;
}

/* Places the boxes of ring K (0..2) between radii IN and OUT; 1 when all
 * of that ring's labels fit in their wedges. Out of memory, *RC says so
 * (and the answer is 1, to end the search). */
static int place_ring(kring_map *m, int k, double in, double out,
                      kring_map_box **cell, kring_error *err, kring_status *rc)
{
    size_t i, n;
    int w, fits;

    *rc = KRING_OK;
    for (w = 0; w < m->n_wedges; w++) {
        /* Labels keep out of the square around the young person's
         * circle too: not only the circle but its bounding box is clear
         * (it is the node's size to Graphviz). That matters in the inner
         * ring, and in the others when a long name makes the circle
         * large. */
        struct kr_cell c = {m->wedge[w].from,        m->wedge[w].to, in, out,
                            m->centre_r + m->margin, m->packed};
        for (i = 0, n = 0; i < m->n_boxes; i++)
            if (m->boxes[i].sector == m->wedge[w].sector &&
                m->boxes[i].ring == k + 1)
                cell[n++] = &m->boxes[i];
        if ((fits = kr_place_cell(&c, cell, n, m->margin, m->margin)) < 0) {
            *rc = kr_nomem(err);
            return 1;
        }
        if (!fits)
            return 0;
    }
    return 1;
}

/* Ring by ring, from the centre out, the least thickness (from BASE) at
 * which all its labels fit in their wedges: double until they do, then
 * halve the distance six times (to within 2%). */
static kring_status size_rings(kring_map *m, const double *base,
                               const double *guess, kring_map_box **cell,
                               kring_error *err)
{
    kring_status rc = KRING_OK;
    double in = m->centre_r;
    int k, step, placed;

    for (k = 0; k < 3; in = m->ring_r[k], k++) {
        /* From a size that held them before, when there is one. */
        double lo = base[k], hi = guess ? fmax(guess[k], base[k]) : base[k];
        while (!place_ring(m, k, in, in + hi, cell, err, &rc)) {
            lo = hi;
            hi *= 2;
            if (hi > 1e6)
                return kr_error_set(err, KRING_ERR_INVALID, "%s",
                                    _("the map could not be laid out: too "
                                      "many people in one sector and ring"));
        }
        if (rc)
            return rc;
        for (step = 0, placed = 1; step < 6 && hi > lo; step++) {
            double mid = (lo + hi) / 2;
            if ((placed = place_ring(m, k, in, in + mid, cell, err, &rc)))
                hi = mid;
            else
                lo = mid;
            if (rc)
                return rc;
        }
        /* Place again at the size found if the last try failed. */
        if (!placed)
            place_ring(m, k, in, in + hi, cell, err, &rc);
        if (rc)
            return rc;
        m->ring_r[k] = in + hi;
    }
    return rc;
}

/* Whether the labels of wedge W fit in it, spanning FROM to TO, at the
 * rings' present sizes; -1 when out of memory. */
static int wedge_fits(kring_map *m, int w, double from, double to,
                      kring_map_box **cell)
{
    double in = m->centre_r;
    size_t i, n;
    int k, fits = 1;

    for (k = 0; k < 3 && fits > 0; in = m->ring_r[k], k++) {
        struct kr_cell c = {
            from, to, in, m->ring_r[k], m->centre_r + m->margin, m->packed};
        for (i = 0, n = 0; i < m->n_boxes; i++)
            if (m->boxes[i].sector == m->wedge[w].sector &&
                m->boxes[i].ring == k + 1)
                cell[n++] = &m->boxes[i];
        fits = kr_place_cell(&c, cell, n, m->margin, m->margin);
    }
    return fits;
}

/* The wedges shared out again by the space their labels take at the
 * rings' present sizes, so that no wedge stands empty while another is
 * crowded: each wedge's least angle at which its labels still fit (by
 * halving, around its present middle; no less than room for a short
 * word), and what is left over in proportion to it. */
static kring_status balance(kring_map *m, kring_map_box **cell,
                            kring_error *err)
{
    double least[KRING_SECTOR_COUNT], total = 0, from = m->gap / 2;
    double word = 60.0 / ((m->ring_r[0] + m->ring_r[1]) / 2);
    int w, step;

    for (w = 0; w < m->n_wedges; w++) {
        double mid = (m->wedge[w].from + m->wedge[w].to) / 2;
        double lo = word, hi = m->wedge[w].to - m->wedge[w].from;
        for (step = 0; step < BALANCE_STEPS(m) && hi > lo; step++) {
            double a = (lo + hi) / 2;
            int fits = wedge_fits(m, w, mid - a / 2, mid + a / 2, cell);
            if (fits < 0)
                return kr_nomem(err);
            if (fits)
                hi = a;
            else
                lo = a;
        }
        least[w] = hi;
        total += hi;
    }
    for (w = 0; w < m->n_wedges; w++) {
        m->wedge[w].from = from;
        from += (2 * PI - m->gap) * least[w] / total;
        m->wedge[w].to = from;
    }
    m->wedge[m->n_wedges - 1].to = 2 * PI - m->gap / 2;
    return KRING_OK;
}

/* BALANCE_PASSES(m) times: the wedges shared out by what they take at the
 * rings' present sizes, and the rings sized again, smaller where a crowded
 * wedge grew. A map that would grow keeps the wedges, rings and places it
 * had. */
static kring_status balance_rings(kring_map *m, const double *base,
                                  kring_map_box **cell, kring_error *err)
{
    kring_map_wedge wedge[KRING_SECTOR_COUNT];
    double ring[3], thick[3];
    double *at = kr_malloc((2 * m->n_boxes + 1) * sizeof *at);
    kring_status rc = KRING_OK;
    size_t i;
    int pass, k;

    if (at == NULL)
        return kr_nomem(err);
    for (pass = 0; pass < BALANCE_PASSES(m); pass++) {
        memcpy(wedge, m->wedge, sizeof wedge);
        memcpy(ring, m->ring_r, sizeof ring);
        for (i = 0; i < m->n_boxes; i++) {
            at[2 * i] = m->boxes[i].x;
            at[2 * i + 1] = m->boxes[i].y;
        }
        for (k = 0; k < 3; k++)
            thick[k] = ring[k] - (k ? ring[k - 1] : m->centre_r);
        if ((rc = balance(m, cell, err)) ||
            (rc = size_rings(m, base, thick, cell, err)))
            break;
        if (m->ring_r[2] > ring[2]) {
            memcpy(m->wedge, wedge, sizeof wedge);
            memcpy(m->ring_r, ring, sizeof ring);
            for (i = 0; i < m->n_boxes; i++) {
                m->boxes[i].x = at[2 * i];
                m->boxes[i].y = at[2 * i + 1];
            }
            break;
        }
    }
    kr_free(at);
    return rc;
}

/* Wedges and rings for the boxes of M, and every box placed: the rings
 * at their least sizes, the wedges shared out, the rings sized to hold
 * them; the wedges shared out again at those sizes, and balanced. */
static kring_status arrange(kring_map *m, const kring_map_options *o,
                            kring_map_box **cell, kring_error *err)
{
    double base[3], mid[3], label_w = 0, label_h, in, area = 0;
    kring_status rc;
    size_t i;
    int k, pass;

    /* A ring is at least as thick as its tallest label, and a little; one
     * whose people the sheet lists beside the map, as its name and 2.5 pt
     * above and below it. */
    for (k = 0; k < 3; k++)
        base[k] = o->rings > 0 && k + 1 > o->rings
                      ? role_size[o->theme] * LINE + 5
                  : o->theme == KRING_THEME_YOUTH ? 48.0
                                                  : 40.0;
    for (i = 0; i < m->n_boxes; i++) {
        const kring_map_box *b = &m->boxes[i];
        base[b->ring - 1] = fmax(base[b->ring - 1], b->h + 4 * m->margin);
        if (b->ring == 1)
            area += (b->w + 2 * m->margin) * (b->h + 2 * m->margin);
    }
    /* On the sheet's map without its outer circles, the inner circle is
     * what counts (its labels' area below). The gap is sized for the ring names
     * at the middle of the inner ring at its least thickness: made at least
     * half the radius its labels' area needs at half packing, the gap is no
     * wider than a circle of that size needs. */
    if (o->rings > 0)
        base[0] = fmax(base[0], sqrt(area / (PI * 0.5)) - 2 * m->centre_r);
    /* The gap at the top holds the ring names, each in the middle of its
     * ring; the innermost at its thinnest is the widest in angle. */
    for (k = 1; k <= 3; k++)
        label_w = fmax(label_w, kring_text_width(kr_ring_word(k),
                                                 role_size[o->theme], false));
    label_h = role_size[o->theme] * LINE;
    m->gap = 2 * atan2(label_w / 2 + 2 * m->margin,
                       m->centre_r + base[0] / 2 - label_h / 2);
    for (k = 0, in = m->centre_r; k < 3; k++) {
        mid[k] = in + base[k] / 2;
        in += base[k];
    }
    for (pass = 0; pass < FIRST_PASSES; pass++) {
        wedges(m, mid);
        if ((rc = size_rings(m, base, NULL, cell, err)))
            return rc;
        for (k = 0, in = m->centre_r; k < 3; in = m->ring_r[k], k++)
            mid[k] = (in + m->ring_r[k]) / 2;
    }
    return balance_rings(m, base, cell, err);
}

/* The layout of M laid out again with its rows packed from the outer
 * circles in (kr_place_cell()), kept when its outer ring is smaller. */
static kring_status try_packed(kring_map *m, const kring_map_options *o,
                               kring_map_box **cell, kring_error *err)
{
    kring_map keep = *m;
    double *at = kr_malloc((2 * m->n_boxes + 1) * sizeof *at);
    kring_status rc;
    size_t i;

    if (at == NULL)
        return kr_nomem(err);
    for (i = 0; i < m->n_boxes; i++) {
        at[2 * i] = m->boxes[i].x;
        at[2 * i + 1] = m->boxes[i].y;
    }
    m->packed = true;
    rc = arrange(m, o, cell, err);
    /* A packed layout that could not be made (its rows never fit) leaves
     * the one there was. */
    if (rc == KRING_ERR_INVALID ||
        (rc == KRING_OK && m->ring_r[2] >= keep.ring_r[2])) {
        *m = keep;
        for (i = 0; i < m->n_boxes; i++) {
            m->boxes[i].x = at[2 * i];
            m->boxes[i].y = at[2 * i + 1];
        }
        rc = KRING_OK;
    }
    kr_free(at);
    return rc;
}

kring_status kring_map_layout(const kring_case *c, const kring_scores *s,
                              const kring_map_options *o, kring_map **out,
                              kring_error *err)
{
    kring_map *m = kr_calloc(1, sizeof *m);
    kring_map_box **cell = NULL;
    kring_status rc = KRING_OK;

    *out = NULL;
    if (m == NULL)
        return kr_nomem(err);
    m->margin = 6.0;
    if ((rc = boxes(m, c, s, o, err)))
        goto fail;
    if ((cell = kr_malloc((m->n_boxes ? m->n_boxes : 1) * sizeof *cell)) ==
        NULL) {
        rc = kr_nomem(err);
        goto fail;
    }
    /* Rows spread evenly across each ring; from PACK_MANY people, and on
     * the sheet's map without its outer circles (where the inner circle's
     * size is all that counts), also packed from the outer circles in,
     * and the smaller kept (docs/map.md). */
    if ((rc = arrange(m, o, cell, err)) ||
        ((m->n_boxes >= PACK_MANY || o->rings > 0) &&
         (rc = try_packed(m, o, cell, err))))
        goto fail;
    kr_free(cell);
    *out = m;
    return KRING_OK;
fail:
    kr_free(cell);
    kring_map_free(m);
    return rc;
}

void kring_map_options_init(kring_map_options *o, kring_theme theme)
{
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    time_t now =
        epoch && *epoch ? (time_t)strtoll(epoch, NULL, 10) : time(NULL);
    struct tm tm;

    memset(o, 0, sizeof *o);
    o->theme = theme;
    gmtime_r(&now, &tm);
    strftime(o->date, sizeof o->date, "%Y-%m-%d", &tm);
}
