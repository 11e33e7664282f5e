/* The map's geometry, checked from the outside: every label inside its own
 * sector and ring (at a margin from the lines), no two labels over each
 * other, on generated cases of 1 to 120 people and on crowded ones. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kring/kring.h>

#include "gen.h"
#include "map_internal.h"

#define PI 3.14159265358979323846

/* Angle of (x, y), clockwise from the top, in [0, 2pi). */
static double clock_angle(double x, double y)
{
    double a = atan2(x, y);
    return a < 0 ? a + 2 * PI : a;
}

static const kring_map_wedge *wedge_of(const kring_map *m, kring_sector s)
{
    int i;

    for (i = 0; i < m->n_wedges; i++)
        if (m->wedge[i].sector == s)
            return &m->wedge[i];
    return NULL;
}

/* Checks every point on the outline of box B, 40 to a side. */
static void check_inside(const kring_map *m, const kring_map_box *b,
                         const char *what)
{
    const kring_map_wedge *w = wedge_of(m, b->sector);
    double in = b->ring == 1 ? m->centre_r : m->ring_r[b->ring - 2];
    double out = m->ring_r[b->ring - 1];
    int side, i;

    cr_assert_not_null(w, "%s: no wedge for the sector", what);
    for (side = 0; side < 4; side++)
        for (i = 0; i <= 40; i++) {
            double t = i / 40.0 - 0.5, x, y, r, a;
            x = b->x + (side < 2 ? t * b->w : (side == 2 ? -0.5 : 0.5) * b->w);
            y = b->y + (side < 2 ? (side == 0 ? -0.5 : 0.5) * b->h : t * b->h);
            r = hypot(x, y);
            a = clock_angle(x, y);
            cr_assert(r >= in && r <= out,
                      "%s: %s out of ring %d (%g not in "
                      "%g..%g)",
                      what, b->line[0], b->ring, r, in, out);
            cr_assert(a >= w->from && a <= w->to,
                      "%s: %s out of its sector (%g not in %g..%g)", what,
                      b->line[0], a, w->from, w->to);
        }
}

static void check_map(const kring_map *m, const char *what)
{
    size_t i, j;

    for (i = 0; i < m->n_boxes; i++) {
        check_inside(m, &m->boxes[i], what);
        for (j = i + 1; j < m->n_boxes; j++) {
            const kring_map_box *a = &m->boxes[i], *b = &m->boxes[j];
            cr_assert(fabs(a->x - b->x) >= (a->w + b->w) / 2 ||
                          fabs(a->y - b->y) >= (a->h + b->h) / 2,
                      "%s: %s over %s", what, a->line[0], b->line[0]);
        }
    }
    /* The wedges follow each other clockwise and leave the gap at the
     * top free. */
    for (i = 0; i < (size_t)m->n_wedges; i++) {
        cr_assert_lt(m->wedge[i].from, m->wedge[i].to);
        if (i > 0)
            cr_assert_float_eq(m->wedge[i].from, m->wedge[i - 1].to, 1e-9);
    }
    cr_assert_float_eq(m->wedge[0].from, m->gap / 2, 1e-9);
    cr_assert_float_eq(m->wedge[m->n_wedges - 1].to, 2 * PI - m->gap / 2, 1e-9);
}

/* A generated case of N people laid out with options O and checked
 * (check_map()); on a map without its outer circles (O->rings), only the
 * people of the circles drawn are on it. */
static void check_generated(struct gen_rng *r, int n,
                            const kring_map_options *o, const char *what)
{
    char code[32];
    kring_case *c;
    kring_map *m = NULL;
    kring_scores s;
    kring_error err;
    size_t i, drawn = 0;

    snprintf(code, sizeof code, "m-%d", n);
    c = gen_case(r, code, n);
    cr_assert_not_null(c);
    cr_assert_eq(kring_score_case(c, NULL, &s, &err), KRING_OK);
    cr_assert_eq(kring_map_layout(c, &s, o, &m, &err), KRING_OK, "%s",
                 err.text);
    for (i = 0; i < c->n_people; i++)
        drawn += o->rings == 0 || c->people[i].ring <= o->rings;
    if (o->theme != KRING_THEME_YOUTH)
        cr_assert_eq(m->n_boxes, drawn, "%s", what);
    for (i = 0; i < m->n_boxes && o->rings > 0; i++)
        cr_assert_leq(m->boxes[i].ring, o->rings);
    check_map(m, what);
    kring_map_free(m);
    kring_scores_release(&s);
    kring_case_free(c);
}

Test(map_layout, generated_cases_of_1_to_120_people_in_every_theme)
{
    struct gen_rng r = {0x6d6170ULL};
    int n, t;

    for (n = 1; n <= 120; n++)
        for (t = 0; t < KRING_THEME_COUNT; t++) {
            kring_map_options o;
            char what[64];

            kring_map_options_init(&o, (kring_theme)t);
            o.anonymize = n % 3 == 0;
            snprintf(what, sizeof what, "%d people, %s", n,
                     kring_theme_name((kring_theme)t));
            check_generated(&r, n, &o, what);
        }
}

/* The sheet's maps without their outer circles (o.rings 1 and 2, where
 * the layout also tries rows packed from the outside in), over generated
 * cases: only the people of the circles drawn, every one inside its cell
 * and over no other. */
Test(map_layout, the_sheets_maps_without_their_outer_circles)
{
    struct gen_rng r = {0x736865ULL};
    int n, rings;

    for (n = 1; n <= 120; n += 7)
        for (rings = 1; rings <= 2; rings++) {
            kring_map_options o;
            char what[64];

            kring_map_options_init(&o, KRING_THEME_PRINT);
            o.sheet = true;
            o.rings = rings;
            snprintf(what, sizeof what, "%d people, circles 1 to %d", n, rings);
            check_generated(&r, n, &o, what);
        }
}

/* Three labels of 60 x 20 in a cell of 0.7 rad around 45 degrees, from
 * radius 30 to 260. Spread evenly, no number of rows holds them: an even
 * row nearer the centre than about 100 has room for none (a label spans
 * 56.6 / r rad there, worked out by hand, and the margins 12 / r more).
 * Packed from the outside in, two fit in the outer row (near radius 220)
 * and one in the next (near 150). */
Test(map_cell, a_crowded_cell_packs_its_rows_from_the_outside_in)
{
    kring_map_box b[3], *p[3];
    struct kr_cell c = {PI / 4 - 0.35, PI / 4 + 0.35, 30, 260, 0, 0};
    kring_map m = {0};
    int i;

    memset(b, 0, sizeof b);
    for (i = 0; i < 3; i++) {
        b[i].w = 60;
        b[i].h = 20;
        b[i].ring = 1;
        b[i].sector = KRING_SECTOR_FAMILY;
        b[i].line[0] = "label";
        p[i] = &b[i];
    }
    cr_assert_eq(kr_place_cell(&c, p, 3, 6, 6), 0, "even rows fit after all");
    c.pack = 1;
    cr_assert_eq(kr_place_cell(&c, p, 3, 6, 6), 1, "packed rows do not fit");
    /* Checked as a map of one wedge: inside the cell, over no other. */
    m.boxes = b;
    m.n_boxes = 3;
    m.centre_r = 30;
    m.ring_r[0] = 260;
    m.gap = 2 * (PI / 4 - 0.35);
    m.n_wedges = 1;
    m.wedge[0] = (kring_map_wedge){KRING_SECTOR_FAMILY, c.from, c.to, 3};
    for (i = 0; i < 3; i++)
        check_inside(&m, &b[i], "packed");
    for (i = 0; i < 3; i++)
        cr_assert(fabs(b[i].x - b[(i + 1) % 3].x) >= 60 ||
                      fabs(b[i].y - b[(i + 1) % 3].y) >= 20,
                  "label %d over label %d", i, (i + 1) % 3);
    /* Two rows: two labels at one radius, the third further in. */
    cr_assert_float_eq(hypot(b[0].x, b[0].y), hypot(b[1].x, b[1].y), 1e-9);
    cr_assert_lt(hypot(b[2].x, b[2].y), hypot(b[0].x, b[0].y) - 20);
}

/* Sixty people in one sector and one ring, with long names. */
Test(map_layout, sixty_friends_in_the_middle_ring)
{
    kring_case *c = kring_case_new();
    kring_map_options o;
    kring_map *m = NULL;
    kring_error err;
    int i;

    cr_assert_not_null(c);
    c->code = strdup("crowd");
    c->name = strdup("Daan");
    for (i = 0; i < 60; i++) {
        kring_person p;
        char name[64];
        kring_person_init(&p, KRING_ROLE_FRIEND, 2);
        snprintf(name, sizeof name, "Vriend Nummer %d van der Berg", i);
        p.name = strdup(name);
        snprintf(name, sizeof name, "v-%d", i);
        p.id = strdup(name);
        cr_assert_eq(kring_case_add_person(c, &p, &err), KRING_OK, "%s",
                     err.text);
    }
    for (i = 0; i < KRING_THEME_COUNT; i++) {
        kring_map_options_init(&o, (kring_theme)i);
        cr_assert_eq(kring_map_layout(c, NULL, &o, &m, &err), KRING_OK, "%s",
                     err.text);
        cr_assert_eq(m->n_boxes, 60);
        check_map(m, "sixty friends");
        kring_map_free(m);
    }
    kring_case_free(c);
}

/* Names as the map shows them (worked out by hand). */

struct shown {
    char name[40];
    bool first, initials;
    char text[40];
};

ParameterizedTestParameters(map_text, names_as_the_map_shows_them)
{
    static struct shown cases[] = {
        {"Oma Ria", false, false, "Oma Ria"},
        {"Oma Ria", true, false, "Oma Ria"},
        {"Oma Ria", false, true, "R. (oma)"},
        {"Sanne de Vries", true, false, "Sanne"},
        {"Sanne de Vries", false, true, "S."},
        {"Meneer Bakker", true, false, "Meneer Bakker"},
        {"Dayı Murat", false, true, "M. (dayı)"},
        {"Ömer", false, true, "Ö."},
        {"anna", false, true, "A."},
        {"Juf", true, false, "Juf"},
    };
    return cr_make_param_array(struct shown, cases,
                               sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct shown *s, map_text, names_as_the_map_shows_them)
{
    char *got = kr_map_name(s->name, s->first, s->initials);

    cr_assert_str_eq(got, s->text, "%s", s->name);
    free(got);
}

Test(map_text, widths_add_up_scale_and_never_measure_too_small)
{
    double a = kring_text_width("a", 10, false),
           b = kring_text_width("b", 10, false);

    cr_assert_float_eq(kring_text_width("ab", 10, false), a + b, 1e-9);
    cr_assert_float_eq(kring_text_width("ab", 20, false), 2 * (a + b), 1e-9);
    cr_assert_gt(kring_text_width("Noah", 10, true),
                 kring_text_width("Noah", 10, false));
    /* A letter beyond the table counts as the widest in it, the DZ
     * (an M, as it once was, is narrower than a W, and than what draws a
     * letter DejaVu Sans lacks). */
    cr_assert_float_eq(kring_text_width("\u05d0", 10, false),
                       kring_text_width("\u01f1", 10, false), 1e-9);
    cr_assert_float_eq(kring_text_width("", 10, false), 0.0, 1e-12);
    /* U+00E9 is one letter, not two bytes' worth. */
    cr_assert_float_eq(kring_text_width("\u00e9", 10, false),
                       kring_text_width("e", 10, false), 1e-9);
}

/* A long name is cut at spaces into lines no wider than a label may be
 * (a word wider than that keeps a line of its own), and nothing of it is
 * lost. */
Test(map_layout, long_names_wrap_and_keep_every_word)
{
    static const char *const names[] = {
        "Wolfeschlegelsteinhausenbergerdorff Hubert Blaine de la Vega y "
        "Martínez-Fernández van der Heijden tot Ruiven",
        "Maria Magdalena Johanna Wilhelmina van Oldenbarnevelt-Smit",
        "Kim",
    };
    kring_case *c = kring_case_new();
    kring_map_options o;
    kring_map *m = NULL;
    kring_error err;
    size_t i;

    c->code = strdup("long");
    c->name = strdup("Daan");
    for (i = 0; i < 3; i++) {
        kring_person p;
        char id[8];
        kring_person_init(&p, KRING_ROLE_COACH, 1 + (int)i);
        p.name = strdup(names[i]);
        snprintf(id, sizeof id, "p-%zu", i);
        p.id = strdup(id);
        cr_assert_eq(kring_case_add_person(c, &p, &err), KRING_OK, "%s",
                     err.text);
    }
    kring_map_options_init(&o, KRING_THEME_TEAM);
    cr_assert_eq(kring_map_layout(c, NULL, &o, &m, &err), KRING_OK, "%s",
                 err.text);
    check_map(m, "long names");
    for (i = 0; i < m->n_boxes; i++) {
        const kring_map_box *b = &m->boxes[i];
        char joined[400] = "";
        int k;
        for (k = 0; b->line[k] && b->size[k] == b->size[0]; k++) {
            cr_assert(kring_text_width(b->line[k], b->size[k], false) <=
                              170.0 ||
                          strchr(b->line[k], ' ') == NULL,
                      "line %d of %s too wide: %s", k, names[i], b->line[k]);
            if (k > 0)
                strcat(joined, " ");
            strcat(joined, b->line[k]);
        }
        cr_assert_str_eq(joined, names[i]);
        cr_assert_eq(k,
                     i == 0   ? 4
                     : i == 1 ? 3
                              : 1,
                     "%s in %d lines", names[i], k);
    }
    kring_map_free(m);
    kring_case_free(c);
}

/* The widest letter of the table is the widest: no letter in it, book or
 * bold, is wider, and what is not in it counts as that wide. */
Test(map_text, a_letter_beyond_the_table_is_never_narrower_than_one_in_it)
{
    unsigned c;
    int bold;

    for (bold = 0; bold < 2; bold++) {
        double beyond = kring_text_width("\u674e", 10, bold);
        for (c = kr_font_first; c <= kr_font_last; c++) {
            char s[4] = {0};
            if (c < 0x80)
                s[0] = (char)c;
            else {
                s[0] = (char)(0xc0 | (c >> 6));
                s[1] = (char)(0x80 | (c & 0x3f));
            }
            cr_assert_leq(kring_text_width(s, 10, bold), beyond,
                          "U+%04X wider than a letter beyond the table", c);
        }
    }
}

/* Graphviz draws with the advances hinted to whole pixels at 96 dpi: the
 * width a label is given allows for that, never less than the font's and
 * never more than a pixel (0.75 pt) a letter over it. Sixty W's at 11 pt:
 * the W is 2025/2048 em, 14.50 px, hinted to 15 px = 11.25 pt; 675 pt. */
Test(map_text, drawn_widths_allow_for_whole_pixels)
{
    static const char *const texts[] = {"Noah", "Zo\u00eb-\u0132sbrand",
                                        "iiiiiiiiii", "\u674e\u5c0f\u9f8d",
                                        "Sanne de Vries"};
    char w60[61];
    size_t i;
    int bold;

    memset(w60, 'W', 60);
    w60[60] = '\0';
    cr_assert_float_eq(kr_drawn_width(w60, 11, false), 675.0, 1e-9);
    for (i = 0; i < sizeof texts / sizeof texts[0]; i++)
        for (bold = 0; bold < 2; bold++) {
            double font = kring_text_width(texts[i], 15, bold);
            double drawn = kr_drawn_width(texts[i], 15, bold);
            cr_assert_geq(drawn, font, "%s", texts[i]);
            cr_assert_leq(drawn, font + 0.75 * strlen(texts[i]), "%s",
                          texts[i]);
        }
}

/* The young person's circle holds their label, and no person's box comes
 * into the square around the circle (the node's size to Graphviz), for
 * names of any length: short, long in one word, sixty letters in words,
 * wide letters, letters the font lacks. */
Test(map_layout, the_centre_is_clear_for_names_of_any_length)
{
    static const char *const names[] = {
        "Jo",
        "Zo\u00eb-\u0132sbrand",
        "Anna Maria Josephina Wilhelmina van Oranje-Nassau tot Lippe",
        "WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW",
        "\u01f1\u01f1\u01f1\u01f1\u01f1\u01f1 \u674e\u5c0f\u9f8d",
    };
    struct gen_rng r = {0x63656e7472ULL};
    size_t i, j;
    int n, t;

    for (i = 0; i < sizeof names / sizeof names[0]; i++)
        for (n = 1; n <= 40; n += 13)
            for (t = 0; t < KRING_THEME_COUNT; t++) {
                kring_case *c = gen_case(&r, "centre", n);
                kring_map_options o;
                kring_map *m = NULL;
                kring_scores s;
                kring_error err;
                const kring_map_box *l;
                double half = 0, h = 0;
                char what[160];
                int k;

                cr_assert_not_null(c);
                free(c->name);
                c->name = strdup(names[i]);
                cr_assert_eq(kring_score_case(c, NULL, &s, &err), KRING_OK);
                kring_map_options_init(&o, (kring_theme)t);
                cr_assert_eq(kring_map_layout(c, &s, &o, &m, &err), KRING_OK,
                             "%s", err.text);
                snprintf(what, sizeof what, "%s, %d people, %s", names[i], n,
                         kring_theme_name((kring_theme)t));
                check_map(m, what);
                /* The label: its lines' corners inside the circle. */
                l = &m->centre_label;
                cr_assert_not_null(l->line[0], "%s: no label", what);
                for (k = 0; k < KRING_MAP_LINES && l->line[k]; k++) {
                    half = fmax(half,
                                kring_text_width(l->line[k], l->size[k], true) /
                                    2);
                    h += l->size[k] * 1.2;
                }
                cr_assert_leq(hypot(half, h / 2), m->centre_r, "%s", what);
                /* The people: outside the square around the circle. */
                for (j = 0; j < m->n_boxes; j++) {
                    const kring_map_box *b = &m->boxes[j];
                    cr_assert(fabs(b->x) - b->w / 2 >= m->centre_r ||
                                  fabs(b->y) - b->h / 2 >= m->centre_r,
                              "%s: %s (%g, %g, %g x %g) in the square of "
                              "the circle (radius %g)",
                              what, b->line[0], b->x, b->y, b->w, b->h,
                              m->centre_r);
                }
                kring_map_free(m);
                kring_scores_release(&s);
                kring_case_free(c);
            }
}

/* Text as DOT writes it, worked out from the DOT reader's rules: in a
 * "..." string only \" is read as a quote, \\ stays two backslashes, a
 * backslash and a newline vanish; a <...> string is read as it stands.
 * In an HTML-like label Graphviz reads \N, \G, ... as names, \\ as one
 * backslash. */
struct written {
    char text[24];
    char dot[48];
    char html[48];
};

ParameterizedTestParameters(map_write, text_is_written_to_be_read_back_as_it_is)
{
    static struct written cases[] = {
        {"Noah", "\"Noah\"", "Noah"},
        {"\\N \\G", "\"\\N \\G\"", "\\\\N \\\\G"},
        {"\"q\"", "\"\\\"q\\\"\"", "&quot;q&quot;"},
        {"<b>x</b>", "\"<b>x</b>\"", "&lt;b&gt;x&lt;/b&gt;"},
        {"&amp;", "\"&amp;\"", "&amp;amp;"},
        {"a\\\"b", "\"a\" + <\\> + \"\\\"b\"", "a\\\\&quot;b"},
        {"x\\", "\"x\" + <\\> + \"\"", "x\\\\"},
        {"\\\\a", "\"\\\\a\"", "\\\\\\\\a"},
        {"a\nb", "\"a\" + <\n> + \"b\"", "a\nb"},
    };
    return cr_make_param_array(struct written, cases,
                               sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct written *w, map_write,
                  text_is_written_to_be_read_back_as_it_is)
{
    struct kr_text dot = {0}, html = {0};

    kr_quoted(&dot, w->text);
    kr_html(&html, w->text);
    cr_assert(!dot.failed && !html.failed);
    cr_assert_str_eq(dot.s, w->dot, "%s", w->text);
    cr_assert_str_eq(html.s ? html.s : "", w->html, "%s", w->text);
    free(dot.s);
    free(html.s);
}

/* Names as anonymized outputs write them (docs/map.md), worked out by
 * hand: a title only before another word, a title of kinship only before
 * a relative's name, and the young person (role -1) by an initial alone. */
struct initials {
    char name[40];
    int role;
    char text[40];
};

ParameterizedTestParameters(map_text, initials_as_anonymized_outputs_write_them)
{
    static struct initials cases[] = {
        {"Oma Ria", KRING_ROLE_GRANDPARENT, "R. (oma)"},
        {"Dede Hasan", KRING_ROLE_GRANDPARENT, "H. (dede)"},
        {"Dede Hasan", KRING_ROLE_FRIEND, "D. (friend)"},
        {"Hala Yusuf", KRING_ROLE_NEIGHBOUR, "H. (neighbour)"},
        {"Juf Anna", KRING_ROLE_COACH, "A. (juf)"},
        {"Dede", KRING_ROLE_GRANDPARENT, "D. (grandparent)"},
        {"Dede ", KRING_ROLE_GRANDPARENT, "D. (grandparent)"},
        {"Oma  ", KRING_ROLE_GRANDPARENT, "O. (grandparent)"},
        {"Dede Yilmaz", -1, "D."},
        {"Oma Ria", -1, "O."},
        {"sanne de Vries", KRING_ROLE_FRIEND, "S. (friend)"},
        {"Ömer", KRING_ROLE_CLASSMATE, "Ö. (classmate)"},
    };
    return cr_make_param_array(struct initials, cases,
                               sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct initials *s, map_text,
                  initials_as_anonymized_outputs_write_them)
{
    char *got = kr_map_initials(s->name, s->role);

    cr_assert_str_eq(got, s->text, "%s (%d)", s->name, s->role);
    free(got);
}

/* Whether line P comes into box B (shrunk by 0.5 pt), by points every
 * 0.25 pt along it: a second way to see it, not the router's. */
static int line_enters(const struct kr_path *p, const struct kr_obstacle *b)
{
    int i, k;

    for (i = 1; i < p->n; i++) {
        double len = hypot(p->x[i] - p->x[i - 1], p->y[i] - p->y[i - 1]);
        int steps = (int)(len / 0.25) + 1;
        for (k = 0; k <= steps; k++) {
            double x = p->x[i - 1] + (p->x[i] - p->x[i - 1]) * k / steps;
            double y = p->y[i - 1] + (p->y[i] - p->y[i - 1]) * k / steps;
            if (fabs(x - b->x) < b->w / 2 - 0.5 &&
                fabs(y - b->y) < b->h / 2 - 0.5)
                return 1;
        }
    }
    return 0;
}

/* Two labels 300 pt apart and a third in the middle, in the way. */
Test(map_route, a_line_that_must_go_around_a_box_goes_around_it_and_stays_short)
{
    struct kr_obstacle ob[] = {
        {0, 0, 40, 20, 0}, {300, 0, 40, 20, 0}, {150, 0, 60, 40, 0}};
    struct kr_router *r = NULL;
    struct kr_path p, z;
    double len, way;

    cr_assert_eq(kr_router_new(ob, 3, &r, NULL), KRING_OK);
    kr_route(r, 0, 1, &p);
    cr_assert_gt(p.n, 2, "the line bends");
    cr_assert_not(line_enters(&p, &ob[2]), "the line crosses the box");
    /* From box to box: it starts and ends on their edges. */
    cr_assert_lt(fabs(p.x[0] - 20), 1e-6);
    cr_assert_lt(fabs(p.x[p.n - 1] - 280), 1e-6);
    /* The shortest way over the box's corners, 3 pt out, from the
     * labels' edges: (20, 0) to (117, 23) to (183, 23) to (280, 0),
     * worked out by hand (the line leaves the label's side where it
     * meets it, a little above the middle). */
    len = kr_path_length(&p);
    way = 2 * hypot(97, 23) + 66;
    cr_assert(len <= way + 1 && len >= 260, "length %g, not about %g", len,
              way);
    /* Its zigzag stays out of the box too. */
    kr_path_zigzag(r, 0, 1, &p, &z);
    cr_assert_gt(z.n, p.n);
    cr_assert_not(line_enters(&z, &ob[2]), "a tooth reaches into the box");
    kr_router_free(r);
}

/* Two wide, low labels, the line between them leaving the first through
 * its top at a shallow angle (1 in 10): a tooth on the lower side, 8 pt
 * along and 3.5 pt across, would be 2.3 pt above its middle, inside it
 * (worked out by hand). The zigzag stays out of both. */
Test(map_route, a_zigzag_stays_out_of_the_labels_it_joins)
{
    struct kr_obstacle ob[] = {{0, 0, 200, 10, 0}, {300, 30, 200, 10, 0}};
    struct kr_router *r = NULL;
    struct kr_path p, z;

    cr_assert_eq(kr_router_new(ob, 2, &r, NULL), KRING_OK);
    kr_route(r, 0, 1, &p);
    cr_assert_eq(p.n, 2);
    cr_assert_float_eq(p.x[0], 50, 1e-9);
    cr_assert_float_eq(p.y[0], 5, 1e-9);
    kr_path_zigzag(r, 0, 1, &p, &z);
    cr_assert_gt(z.n, 20, "teeth every 8 pt along 201 pt");
    cr_assert_not(line_enters(&z, &ob[0]), "a tooth reaches into the first");
    cr_assert_not(line_enters(&z, &ob[1]), "a tooth reaches into the second");
    kr_router_free(r);
}

Test(map_route, a_line_with_nothing_in_the_way_stays_straight)
{
    struct kr_obstacle ob[] = {
        {0, 0, 40, 20, 0}, {300, 0, 40, 20, 0}, {150, 40, 60, 40, 0}};
    struct kr_router *r = NULL;
    struct kr_path p;

    cr_assert_eq(kr_router_new(ob, 3, &r, NULL), KRING_OK);
    kr_route(r, 0, 1, &p);
    cr_assert_eq(p.n, 2);
    cr_assert_float_eq(p.x[0], 20, 1e-9);
    cr_assert_float_eq(p.y[0], 0, 1e-9);
    cr_assert_float_eq(p.x[1], 280, 1e-9);
    cr_assert_float_eq(p.y[1], 0, 1e-9);
    kr_router_free(r);
}

/* A line from the young person's circle (round: it ends on the circle)
 * past a label, and a tie across the centre, which goes around the
 * square around the circle. */
Test(map_route, lines_start_on_the_circle_and_ties_go_around_it)
{
    struct kr_obstacle ob[] = {{0, 0, 64, 64, 1},
                               {0, 200, 40, 20, 0},
                               {0, 100, 40, 20, 0},
                               {-150, 0, 40, 20, 0},
                               {150, 0, 40, 20, 0}};
    struct kr_router *r = NULL;
    struct kr_path p;
    int i;

    cr_assert_eq(kr_router_new(ob, 5, &r, NULL), KRING_OK);
    kr_route(r, 0, 1, &p);
    cr_assert_gt(p.n, 2);
    cr_assert_float_eq(hypot(p.x[0], p.y[0]), 32, 1e-9);
    cr_assert_not(line_enters(&p, &ob[2]));
    kr_route(r, 3, 4, &p);
    cr_assert_gt(p.n, 2);
    cr_assert_not(line_enters(&p, &ob[0]));
    for (i = 1; i + 1 < p.n; i++)
        cr_assert_geq(fabs(p.y[i]), 32, "bend %d inside the square", i);
    kr_router_free(r);
}

/* Past KR_ROUTE_LIMIT people, lines are straight. */
Test(map_route, past_the_limit_lines_are_straight)
{
    size_t n = KR_ROUTE_LIMIT + 2, i;
    struct kr_obstacle *ob = calloc(n, sizeof *ob);
    struct kr_router *r = NULL;
    struct kr_path p;

    cr_assert_not_null(ob);
    for (i = 0; i < n; i++)
        ob[i] = (struct kr_obstacle){100.0 * (double)i, 0, 40, 20, 0};
    cr_assert_eq(kr_router_new(ob, n, &r, NULL), KRING_OK);
    kr_route(r, 0, 2, &p);
    cr_assert_eq(p.n, 2);
    kr_router_free(r);
    cr_assert_eq(kr_router_new(ob, n - 1, &r, NULL), KRING_OK);
    kr_route(r, 0, 2, &p);
    cr_assert_gt(p.n, 2, "at the limit, the line goes around");
    kr_router_free(r);
    free(ob);
}
