/* kring serve: the intake on the map. The case page's map is where the
 * network is built (docs/web.md, "The intake on the map"). What the script
 * (kring.js) needs for it is written here, beside the map: where the
 * rings and wedges are, who each mark on the map is (their number, id,
 * version, circle and part of life), every tie with its version, and the
 * panels it opens: a person's (move them, connect them with someone, their
 * ties, their form), a tie's (strength and relation, or remove it), and a
 * new person's (name and role, at the circle and part of life tapped).
 * Every change goes to the address a form of the page posts to, so the
 * map changes nothing the forms could not; without the script all of
 * this stays hidden. After a change the script fetches the new map alone
 * (/case/CODE/intake), then the rest of the page. */
#include <libintl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "web.h"

#define _(s) dgettext("kring", s)

void web_map_geometry(FILE *f, const kring_map *m)
{
    int k;

    /* Whole points and thousandths of a radian: no decimal sign, whatever
     * the language's. */
    htmlf(f, " data-rings=\"%d %d %d %d\" data-wedges=\"",
          (int)lround(m->centre_r), (int)lround(m->ring_r[0]),
          (int)lround(m->ring_r[1]), (int)lround(m->ring_r[2]));
    for (k = 0; k < m->n_wedges; k++)
        htmlf(f, "%s%s %d %d", k ? "," : "",
              kring_enum_name(KRING_ENUM_SECTOR, (int)m->wedge[k].sector),
              (int)lround(m->wedge[k].from * 1000),
              (int)lround(m->wedge[k].to * 1000));
    fputs("\"", f);
}

/* The map's node of person I of C ("p3"), or "" when they are not on it
 * (someone the young person fears, on their map). */
static const char *node_of(const kring_map *m, size_t i, char *buf, size_t cap)
{
    size_t b;

    buf[0] = '\0';
    for (b = 0; b < m->n_boxes; b++)
        if (m->boxes[b].person == i)
            snprintf(buf, cap, "p%zu", b + 1);
    return buf;
}

/* The people and ties as the page read them. */
static void intake_data(FILE *f, const kring_case *c, const kring_map *m,
                        const long *numbers)
{
    char node[32], version[KRING_VERSION_LEN + 1];
    size_t i;

    fputs("<ul class=\"intake-people\">\n", f);
    for (i = 0; i < c->n_people; i++) {
        const kring_person *p = &c->people[i];
        kring_person_version(p, version);
        htmlf(f,
              "<li data-node=\"%s\" data-number=\"%d\" data-id=\"%s\" "
              "data-ring=\"%d\" data-sector=\"%s\" data-version=\"%s\">%s"
              "</li>\n",
              node_of(m, i, node, sizeof node), (int)numbers[i], p->id, p->ring,
              kring_enum_name(KRING_ENUM_SECTOR, (int)p->sector), version,
              p->name);
    }
    fputs("</ul>\n<ul class=\"intake-ties\">\n", f);
    for (i = 0; i < c->n_ties; i++) {
        const kring_tie *t = &c->ties[i];
        kring_tie_version(t, version);
        htmlf(f,
              "<li data-a=\"%s\" data-b=\"%s\" data-strength=\"%s\" "
              "data-quality=\"%s\" data-version=\"%s\"></li>\n",
              t->a, t->b, kring_enum_name(KRING_ENUM_STRENGTH, t->strength),
              kring_enum_name(KRING_ENUM_TIE_QUALITY, t->quality), version);
    }
    fputs("</ul>\n", f);
}

/* The tie's two selects, as the tie form has them. */
static void tie_selects(FILE *f)
{
    web_select_enum(f, "strength", _("Strength"), KRING_ENUM_STRENGTH, "weak",
                    NULL);
    web_select_enum(f, "quality", _("Relation"), KRING_ENUM_TIE_QUALITY,
                    "positive", NULL);
}

static void panels(FILE *f)
{
    htmlf(f, "<section class=\"map-panel\" id=\"panel-person\" role=\"group\" "
             "aria-labelledby=\"pp-name\" hidden>\n<h3 id=\"pp-name\"></h3>\n"
             "<div class=\"row\">");
    web_select_ring(f, 0);
    web_select_enum(f, "sector", _("Part of life"), KRING_ENUM_SECTOR, NULL,
                    NULL);
    htmlf(f,
          "<button type=\"button\" data-act=\"move\">%s</button></div>\n"
          "<ul class=\"their-ties\"></ul>\n<div class=\"row\">"
          "<label>%s <select name=\"other\"></select></label>",
          _("Move"), _("knows"));
    tie_selects(f);
    htmlf(f,
          "<button type=\"button\" data-act=\"tie\">%s</button></div>\n"
          "<p class=\"actions\"><button type=\"button\" class=\"quiet\" "
          "data-act=\"connect\">%s</button> <a data-act=\"form\" href=\"\">"
          "%s</a> <button type=\"button\" class=\"quiet\" "
          "data-act=\"close\">%s</button></p>\n</section>\n",
          _("Add the tie"), _("Connect by tapping someone"),
          _("The whole form"), _("Close"));
    htmlf(f, "<section class=\"map-panel\" id=\"panel-tie\" role=\"group\" "
             "aria-labelledby=\"pt-name\" hidden>\n<h3 id=\"pt-name\"></h3>\n"
             "<div class=\"row\">");
    tie_selects(f);
    htmlf(f,
          "</div>\n<p class=\"actions\"><button type=\"button\" "
          "data-act=\"tie-save\" data-add=\"%s\" data-save=\"%s\" "
          "data-change=\"%s\"></button> "
          "<button type=\"button\" class=\"quiet\" data-act=\"tie-remove\">"
          "%s</button> <button type=\"button\" class=\"quiet\" "
          "data-act=\"close\">%s</button></p>\n</section>\n",
          _("Add the tie"), _("Save"), _("Change"), _("Remove the tie"),
          _("Close"));
    htmlf(f,
          "<section class=\"map-panel\" id=\"panel-add\" role=\"group\" "
          "aria-labelledby=\"pa-where\" hidden>\n<h3 id=\"pa-where\"></h3>\n"
          "<div class=\"row\"><label>%s <input type=\"text\" name=\"name\" "
          "maxlength=\"200\" autocomplete=\"off\"></label>",
          _("Name"));
    web_select_enum(f, "role", _("Role"), KRING_ENUM_ROLE, "other", NULL);
    htmlf(f,
          "</div>\n<p class=\"actions\"><button type=\"button\" "
          "data-act=\"add\">%s</button> <button type=\"button\" "
          "class=\"quiet\" data-act=\"close\">%s</button></p>\n</section>\n",
          _("Add the person"), _("Cancel"));
}

void page_intake(FILE *f, const struct web *w, const kring_case *c,
                 const long *numbers)
{
    kring_map_options o;
    kring_map *m = NULL;
    kring_error err;

    kring_map_options_init(&o, KRING_THEME_YOUTH);
    if (kring_map_layout(c, NULL, &o, &m, &err) != KRING_OK)
        return; /* the map above said why */
    htmlf(f, "<div id=\"intake\" data-code=\"%s\" data-csrf=\"%s\"", c->code,
          web_csrf(w));
    web_map_geometry(f, m);
    /* What the script says, the names put in for each %s. */
    htmlf(f,
          " data-moved=\"%s\" data-tied=\"%s\" data-retied=\"%s\" "
          "data-untied=\"%s\" data-added=\"%s\" data-undone=\"%s\" "
          "data-connect=\"%s\" data-outside=\"%s\" data-drop-move=\"%s\" "
          "data-drop-tie=\"%s\" data-new-at=\"%s\" data-both=\"%s\" "
          "data-name-needed=\"%s\" data-offline=\"%s\" hidden>\n",
          _("%s is now in: %s, %s."), _("%s and %s now know each other."),
          _("The tie between %s and %s was changed."),
          _("The tie between %s and %s was removed."), _("%s was added."),
          _("Undone: %s"), _("Tap the person %s knows."),
          _("Let go inside the circles to move someone there."),
          _("Let go to move them to: %s, %s"),
          _("Let go to say %s and %s know each other"),
          _("Someone new in: %s, %s"), _("%s and %s"),
          _("Write the person's name first."),
          _("Nothing was saved: kring could not be reached."));
    htmlf(
        f,
        "<p class=\"hint\">%s</p>\n<p class=\"edit-bar empty\" role=\"status\">"
        "<span></span> <button type=\"button\" class=\"quiet\" "
        "data-act=\"undo\" hidden>%s</button></p>\n",
        _("Drag a person to another circle or part of life, or onto "
          "someone they know. Tap a line to change it, an empty place to "
          "add someone there. Or tap a person: everything can also be done "
          "there, by keyboard too."),
        _("Undo"));
    panels(f);
    intake_data(f, c, m, numbers);
    fputs("</div>\n", f);
    kring_map_free(m);
}
