/* The map's legend: only the symbols a map uses, each drawn as on the
 * map, with its word. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "map_internal.h"

const char *kr_symbol_word(enum kr_symbol s)
{
    switch (s) {
    case SYM_CLOSE:
        return _("very close");
    case SYM_PLAIN:
        return _("good relation");
    case SYM_MIXED:
        return _("weak or mixed relation");
    case SYM_STRAINED:
        return _("strained relation");
    case SYM_BROKEN:
        return _("broken contact");
    case SYM_KNOWS:
        return _("know each other");
    case SYM_CONFLICT:
        return _("conflict");
    case SYM_FORMAL:
        return _("professional");
    case SYM_GONE:
        return _("passed away or absent");
    case SYM_NEW:
        return _("new since then");
    case SYM_LEFT:
        return _("gone since then");
    case SYM_CLOSER:
        return _("moved closer");
    case SYM_FURTHER:
        return _("moved further away");
    default:
        return _("chosen by the young person");
    }
}

/* A good relation that is weak: the young person sees them once a year
 * or less. Drawn dashed, like a mixed one. */
int kr_weak(const kring_person *p)
{
    return p->quality == KRING_QUALITY_POSITIVE &&
           (p->contact == KRING_CONTACT_YEARLY ||
            p->contact == KRING_CONTACT_RARELY);
}

/* The symbols map M uses, from the people and ties of C. */
void kr_symbols_used(const kring_case *c, const kring_map *m,
                     const long *box_of, const size_t *ends,
                     const kring_map_options *o, int *used)
{
    size_t i;

    memset(used, 0, SYM_COUNT * sizeof *used);
    for (i = 0; i < m->n_boxes; i++) {
        const kring_person *p = m->boxes[i].who;
        if (kr_weak(p))
            used[SYM_MIXED] = 1;
        else if (p->quality == KRING_QUALITY_POSITIVE)
            used[p->ring == 1 ? SYM_CLOSE : SYM_PLAIN] = 1;
        else if (p->quality == KRING_QUALITY_MIXED)
            used[SYM_MIXED] = 1;
        else if (p->quality == KRING_QUALITY_STRAINED)
            used[SYM_STRAINED] = 1;
        else
            used[SYM_BROKEN] = 1;
        if (p->formal)
            used[SYM_FORMAL] = 1;
        if (p->status != KRING_STATUS_ACTIVE)
            used[SYM_GONE] = 1;
        if (p->nominated && o->theme != KRING_THEME_YOUTH)
            used[SYM_STAR] = 1;
        if (m->boxes[i].change == KRING_MAP_NEW)
            used[SYM_NEW] = 1;
        else if (m->boxes[i].change == KRING_MAP_GONE)
            used[SYM_LEFT] = 1;
        else if (m->boxes[i].change == KRING_MAP_CLOSER)
            used[SYM_CLOSER] = 1;
        else if (m->boxes[i].change == KRING_MAP_FURTHER)
            used[SYM_FURTHER] = 1;
    }
    for (i = 0; i < c->n_ties; i++) {
        const kring_tie *t = &c->ties[i];
        long a = box_of[ends[2 * i]], b = box_of[ends[2 * i + 1]];
        if (a < 0 || b < 0)
            continue;
        used[t->quality == KRING_TIE_CONFLICT ? SYM_CONFLICT
             : t->quality == KRING_TIE_MIXED  ? SYM_MIXED
                                              : SYM_KNOWS] = 1;
    }
}

void kr_tie_look(const struct kr_look *lk, size_t people,
                 struct kr_tie_look *out)
{
    int many = people >= KR_MANY;

    /* In black and white, ties stay solid (or a zigzag) and darker than
     * the frame's dotted and dashed grey, which is lighter still. */
    if (!lk->colour) {
        out->ink = many ? "#8C8C8C" : PRINT_KNOWS;
        out->conflict = many ? PRINT_KNOWS : lk->conflict;
    } else {
        out->ink = many ? "#B4B4B4" : "#8A8A8A";
        out->conflict = many ? "#E08A8A" : lk->conflict;
    }
    out->strong = many ? 1.0 : 1.4;
    out->plain = many ? 0.6 : 0.8;
    out->fight = many ? 0.9 : 1.2;
}

/* An arrow from (X0, Y0) to (X1, Y1), its head at the end. */
void kr_arrow(struct kr_text *t, double x0, double y0, double x1, double y1)
{
    double len = hypot(x1 - x0, y1 - y0), ux, uy;

    if (len < 1)
        return;
    ux = (x1 - x0) / len;
    uy = (y1 - y0) / len;
    kr_puts(t, "L 2 ");
    kr_num(t, x0);
    kr_num(t, y0);
    kr_num(t, x1 - ux * 8);
    kr_num(t, y1 - uy * 8);
    kr_puts(t, "P 3 ");
    kr_num(t, x1);
    kr_num(t, y1);
    kr_num(t, x1 - ux * 10 - uy * 5);
    kr_num(t, y1 - uy * 10 + ux * 5);
    kr_num(t, x1 - ux * 10 + uy * 5);
    kr_num(t, y1 - uy * 10 - ux * 5);
}

/* The legend: each symbol the map uses, drawn as on the map, and its
 * word. */
void kr_draw_legend(struct kr_text *t, const struct kr_look *lk,
                    const kring_map_options *o, const kring_indicators *in,
                    const int *used, const struct kr_frame *f)
{
    double width = f->legend_width, x = 0, y = f->legend_y, total = 0;
    double left, row_start;
    struct kr_tie_look ties;
    int s, k;

    kr_tie_look(lk, f->people, &ties);
    /* Rows are centred: measure the first row's width first. The rows
     * break where frame() broke them, which made room for them. */
    for (s = 0; s < SYM_COUNT; s++)
        if (used[s]) {
            if (total > 0 && total + f->legend_w[s] > width)
                break;
            total += f->legend_w[s];
        }
    left = -total / 2;
    row_start = left;
    x = row_start;
    for (s = 0; s < SYM_COUNT; s++) {
        double sx, sy;
        if (!used[s])
            continue;
        if (x > row_start && x - row_start + f->legend_w[s] > width) {
            x = row_start;
            y -= LEGEND_ROW;
        }
        sx = f->ox + x;
        sy = f->oy + y;
        kr_pen(t, lk->ink);
        switch ((enum kr_symbol)s) {
        case SYM_CLOSE:
        case SYM_PLAIN:
        case SYM_MIXED:
        case SYM_KNOWS:
            kr_line_width(t, s == SYM_CLOSE   ? 3
                             : s == SYM_KNOWS ? ties.plain
                                              : 2);
            if (s == SYM_KNOWS)
                kr_pen(t, ties.ink);
            if (s == SYM_MIXED)
                kr_style(t, "dashed");
            kr_add(t, "L 2 %.2f %.2f %.2f %.2f ", sx, sy, sx + LEGEND_SYMBOL,
                   sy);
            kr_style(t, "solid");
            break;
        case SYM_STRAINED:
        case SYM_CONFLICT: {
            int i;
            kr_pen(t, s == SYM_STRAINED ? lk->conflict : ties.conflict);
            kr_line_width(t, s == SYM_STRAINED ? 2 : ties.fight);
            kr_add(t, "L 9 ");
            for (i = 0; i < 9; i++)
                kr_add(t, "%.2f %.2f ", sx + LEGEND_SYMBOL * i / 8,
                       sy + (i % 2 ? 3.5 : -3.5) * (i > 0 && i < 8));
            break;
        }
        case SYM_BROKEN:
            kr_line_width(t, 2);
            kr_add(t, "L 2 %.2f %.2f %.2f %.2f ", sx, sy,
                   sx + LEGEND_SYMBOL * 0.38, sy);
            kr_add(t, "L 2 %.2f %.2f %.2f %.2f ", sx + LEGEND_SYMBOL * 0.62, sy,
                   sx + LEGEND_SYMBOL, sy);
            break;
        case SYM_FORMAL:
        case SYM_GONE:
            kr_line_width(t, 1);
            if (s == SYM_GONE)
                kr_style(t, "dashed");
            kr_add(t, "p 4 %.2f %.2f %.2f %.2f %.2f %.2f %.2f %.2f ", sx + 6,
                   sy - 7, sx + 28, sy - 7, sx + 28, sy + 7, sx + 6, sy + 7);
            kr_style(t, "solid");
            break;
        case SYM_NEW:
        case SYM_LEFT:
            kr_pen(t, s == SYM_LEFT ? lk->soft
                      : lk->colour  ? NEW_GREEN
                                    : lk->ink);
            kr_line_width(t, s == SYM_NEW ? 3 : 1);
            if (s == SYM_LEFT)
                kr_style(t, "dashed");
            kr_add(t, "p 4 %.2f %.2f %.2f %.2f %.2f %.2f %.2f %.2f ", sx + 6,
                   sy - 7, sx + 28, sy - 7, sx + 28, sy + 7, sx + 6, sy + 7);
            kr_style(t, "solid");
            break;
        case SYM_CLOSER:
        case SYM_FURTHER: {
            const char *ink = !lk->colour       ? lk->ink
                              : s == SYM_CLOSER ? NEW_GREEN
                                                : MOVE_ORANGE;
            kr_pen(t, ink);
            kr_fill(t, ink);
            kr_line_width(t, 2.5);
            kr_arrow(t, sx, sy, sx + LEGEND_SYMBOL, sy);
            break;
        }
        default:
            kr_words(t, sx + LEGEND_SYMBOL / 2, sy - 5, 14, 0, lk->ink,
                     "\u2605");
        }
        kr_line_width(t, 1);
        kr_add(t, "F %.2f 11 -DejaVu Sans ", lk->small);
        kr_pen(t, lk->ink);
        kr_add(
            t, "T %.2f %.2f -1 %.2f %zu -%s ", sx + LEGEND_SYMBOL + 8,
            sy - lk->small * 0.35,
            kring_text_width(kr_symbol_word((enum kr_symbol)s), lk->small, 0),
            strlen(kr_symbol_word((enum kr_symbol)s)),
            kr_symbol_word((enum kr_symbol)s));
        x += f->legend_w[s];
    }
    if (o->theme != KRING_THEME_TEAM || in == NULL || !in->flags)
        return;
    /* The points a team should discuss, in the corner under the legend. */
    y = f->flags_y;
    kr_words(t,
             f->ox + f->left + 18 +
                 kring_text_width(_("To discuss:"), lk->small, 1) / 2,
             f->oy + y, lk->small, 1, lk->ink, _("To discuss:"));
    for (k = 0; k < KRING_FLAG_COUNT; k++) {
        const char *text = kring_flag_text((kring_flag)k);
        if (!(in->flags & (1u << k)))
            continue;
        y -= lk->small * 1.4;
        kr_add(t, "F %.2f 11 -DejaVu Sans ", lk->small);
        kr_pen(t, lk->ink);
        kr_add(t, "T %.2f %.2f -1 %.2f %zu -%s ", f->ox + f->left + 30,
               f->oy + y, kring_text_width(text, lk->small, 0), strlen(text),
               text);
    }
}
