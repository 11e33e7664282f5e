/* kring serve: the young person's suggestions about their map. On their
 * view: "closer" and "further away" by each person, "this is right" and
 * "someone is missing" below the people. On the case page: each
 * suggestion with the professional's answer (accept makes the change,
 * decline changes nothing); on the team's view the same, to read. The
 * changes they post are made in web_change.c. */
#include <libintl.h>
#include <stdlib.h>
#include <string.h>

#include "web.h"

#define _(s) dgettext("kring", s)

void youth_suggest_person(FILE *f, const struct web *w, const kring_case *c,
                          const kring_person *p, long number)
{
    htmlf(f,
          "<form method=\"post\" action=\"%s/%d/suggest\" "
          "class=\"suggest\"><input type=\"hidden\" name=\"csrf\" "
          "value=\"%s\"><p>%s</p>",
          web_youth_base(c->code), (int)number, web_csrf(w),
          _("Is this person really closer to you, or further away?"));
    if (p->ring > 1)
        htmlf(f,
              "<button type=\"submit\" name=\"kind\" value=\"closer\" "
              "class=\"quiet\">%s</button>",
              _("Closer to me"));
    if (p->ring < 3)
        htmlf(f,
              "<button type=\"submit\" name=\"kind\" value=\"further\" "
              "class=\"quiet\">%s</button>",
              _("Further away"));
    fputs("</form>\n", f);
}

void youth_suggest_forms(FILE *f, const struct web *w, const kring_case *c)
{
    int k;

    htmlf(f,
          "<section class=\"your-say\" id=\"your-say\"><h2>%s</h2>\n"
          "<p>%s</p>\n",
          _("Is your map right?"),
          _("What you say here goes to the person you made the map with. "
            "It changes nothing by itself: you talk about it together."));
    htmlf(f,
          "<form method=\"post\" action=\"%s/suggest\">"
          "<input type=\"hidden\" name=\"csrf\" value=\"%s\">"
          "<button type=\"submit\" name=\"kind\" value=\"right\" "
          "class=\"big\">%s</button></form>\n",
          web_youth_base(c->code), web_csrf(w), _("Yes, this is right"));
    htmlf(f,
          "<form method=\"post\" action=\"%s/suggest\" "
          "class=\"missing\"><input type=\"hidden\" name=\"csrf\" "
          "value=\"%s\"><input type=\"hidden\" name=\"kind\" "
          "value=\"missing\"><h3>%s</h3>"
          "<label>%s <input name=\"name\" maxlength=\"60\" "
          "autocomplete=\"off\" required></label>"
          "<fieldset><legend>%s</legend>",
          web_youth_base(c->code), web_csrf(w), _("Someone is missing"),
          _("Their first name"), _("How close are they?"));
    for (k = 1; k <= 3; k++)
        htmlf(f,
              "<label class=\"ring\"><input type=\"radio\" name=\"ring\" "
              "value=\"%d\"%s> %s</label>",
              k, k == 2 ? " checked" : "", kring_ring_word(k));
    htmlf(f,
          "</fieldset><button type=\"submit\" class=\"big\">%s</button>"
          "</form>\n</section>\n",
          _("Add them to my suggestions"));
}

void suggestions_section(FILE *f, const struct web *w, const kring_case *c,
                         int answer)
{
    char version[KRING_NAME_MAX + 64], action[200];
    size_t i, open = 0;

    for (i = 0; i < c->n_suggestions; i++)
        open += c->suggestions[i].status == KRING_SUGGESTION_OPEN;
    htmlf(f, "<h2 id=\"suggestions\">%s</h2>\n",
          _("What the young person suggests"));
    if (c->n_suggestions == 0) {
        htmlf(f, "<p class=\"none\">%s</p>\n",
              _("No suggestions from the young person yet."));
        return;
    }
    htmlf(f, "<ul class=\"suggestions\">\n");
    for (i = 0; i < c->n_suggestions; i++) {
        const kring_suggestion *sg = &c->suggestions[i];
        long at = sg->person ? kring_case_find_id(c, sg->person) : -1;
        htmlf(f, "<li class=\"%s\"><span class=\"date\">%s</span> %s",
              kring_enum_name(KRING_ENUM_SUGGESTION_STATUS, (int)sg->status),
              sg->date, kring_suggestion_saying(sg->kind));
        if (at >= 0)
            htmlf(f, ": <strong>%s</strong>", c->people[at].name);
        if (sg->kind == KRING_SUGGEST_MISSING)
            htmlf(f, ": <strong>%s</strong> (%s)", sg->name,
                  kring_ring_word(sg->ring));
        if (sg->status != KRING_SUGGESTION_OPEN) {
            htmlf(
                f, " <span class=\"answer\">%s %s</span></li>\n",
                kring_enum_word(KRING_ENUM_SUGGESTION_STATUS, (int)sg->status),
                sg->decided);
            continue;
        }
        if (!answer) {
            htmlf(
                f, " <span class=\"answer\">%s</span></li>\n",
                kring_enum_word(KRING_ENUM_SUGGESTION_STATUS, (int)sg->status));
            continue;
        }
        kring_suggestion_version(sg, version, sizeof version);
        snprintf(action, sizeof action, "/case/%s/suggestion/%zu/accept",
                 c->code, i + 1);
        web_form_start(f, w, action, "answer");
        htmlf(f, "<input type=\"hidden\" name=\"was\" value=\"%s\">", version);
        if (sg->kind == KRING_SUGGEST_MISSING)
            web_select_enum(f, "role", _("Role"), KRING_ENUM_ROLE, "other",
                            NULL);
        htmlf(f, "<button type=\"submit\">%s</button></form>",
              sg->kind == KRING_SUGGEST_RIGHT     ? _("Noted")
              : sg->kind == KRING_SUGGEST_MISSING ? _("Accept: add them")
                                                  : _("Accept: move them"));
        snprintf(action, sizeof action, "/case/%s/suggestion/%zu/decline",
                 c->code, i + 1);
        web_form_start(f, w, action, "answer");
        htmlf(f,
              "<input type=\"hidden\" name=\"was\" value=\"%s\">"
              "<button type=\"submit\" class=\"quiet\">%s</button></form>"
              "</li>\n",
              version, _("Decline"));
    }
    fputs("</ul>\n", f);
    if (open > 0 && answer)
        htmlf(f, "<p class=\"hint\">%s</p>\n",
              _("Talk about each with the young person before you answer."));
}

void youth_phone_menu(FILE *f, const struct web *w)
{
    htmlf(f,
          "<nav class=\"phone-menu\" aria-label=\"%s\">"
          "<a class=\"button\" href=\"/y/looked\">%s</a> "
          "<a class=\"button\" href=\"/y/map.png\" download>%s</a> "
          "<a class=\"button\" href=\"/y/map.pdf\" download>%s</a>"
          "<form method=\"post\" action=\"/y/logout\">"
          "<input type=\"hidden\" name=\"csrf\" value=\"%s\">"
          "<button>%s</button></form></nav>\n",
          _("Your map on this phone"), _("Who looked at my map"),
          _("Save my map (picture)"), _("Save my map (PDF)"), web_csrf(w),
          _("Log out on this phone"));
}
