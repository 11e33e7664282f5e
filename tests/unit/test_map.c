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

Test(map_layout, generated_cases_of_1_to_120_people_in_every_theme)
{
    struct gen_rng r = {0x6d6170ULL};
    int n, t;

    for (n = 1; n <= 120; n++)
        for (t = 0; t < KRING_THEME_COUNT; t++) {
            char code[32], what[64];
            kring_case *c;
            kring_map_options o;
            kring_map *m = NULL;
            kring_scores s;
            kring_error err;

            snprintf(code, sizeof code, "m-%d", n);
            c = gen_case(&r, code, n);
            cr_assert_not_null(c);
            cr_assert_eq(kring_score_case(c, NULL, &s, &err), KRING_OK);
            kring_map_options_init(&o, (kring_theme)t);
            o.anonymize = n % 3 == 0;
            cr_assert_eq(kring_map_layout(c, &s, &o, &m, &err), KRING_OK, "%s",
                         err.text);
            snprintf(what, sizeof what, "%d people, %s", n,
                     kring_theme_name((kring_theme)t));
            check_map(m, what);
            kring_map_free(m);
            kring_scores_release(&s);
            kring_case_free(c);
        }
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
    /* A letter beyond the table counts as an M, the widest. */
    cr_assert_float_eq(kring_text_width("\u05d0", 10, false),
                       kring_text_width("M", 10, false), 1e-9);
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
