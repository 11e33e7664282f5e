/* kring server's break-glass (docs/server.md "Break-glass"): the form on
 * a professional's list of cases to open a case outside their teams,
 * with a reason, and the privacy officer's list of every opening. */
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web.h"

#define _(s) dgettext("kring", s)

void glass_form(FILE *f, const struct web *w)
{
    htmlf(f, "<h2>%s</h2>\n<p>%s</p>\n",
          _("A case outside your teams (break-glass)"),
          _("In an emergency you may open a case that is not yours. Say "
            "why: the privacy officer reads it, and the opening is in the "
            "access log."));
    web_form_start(f, w, "/break-glass", "glass");
    htmlf(f,
          "<p><label for=\"glass-code\">%s</label><br><input id=\"glass-code\" "
          "name=\"code\" required maxlength=\"64\"></p>\n<p><label "
          "for=\"glass-reason\">%s</label><br><textarea id=\"glass-reason\" "
          "name=\"reason\" required minlength=\"10\" maxlength=\"2000\" "
          "rows=\"3\"></textarea></p>\n<p><label for=\"glass-minutes\">%s"
          "</label><br><select id=\"glass-minutes\" name=\"minutes\">"
          "<option value=\"60\">%s</option><option value=\"240\">%s</option>"
          "<option value=\"480\">%s</option></select></p>\n<p><button "
          "type=\"submit\">%s</button></p></form>\n",
          _("Case code"), _("Why you open it"), _("For"), _("one hour"),
          _("four hours"), _("eight hours"), _("Open it, and log why"));
}

void glass_list(FILE *f, kring_store *s)
{
    kring_glass *g = NULL;
    kring_error err;
    size_t n = 0, i;

    if (kring_break_glass_list(s, &g, &n, &err)) {
        page_message(f, err.text, 1);
        return;
    }
    htmlf(f,
          "<h2>%s</h2>\n<table class=\"list log\"><thead><tr><th>%s</th><th>%s"
          "</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>\n",
          _("Break-glass"), _("When"), _("Who"), _("Case"), _("Until"),
          _("Why"));
    for (i = 0; i < n; i++) {
        char key[24];
        snprintf(key, sizeof key, "%lld", g[i].case_key);
        htmlf(f,
              "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td>"
              "</tr>\n",
              g[i].opened, g[i].login, key, g[i].until, g[i].reason);
    }
    if (n == 0)
        htmlf(f, "<tr><td colspan=\"5\">%s</td></tr>\n",
              _("No case was opened by break-glass."));
    fputs("</tbody></table>\n", f);
    kring_glass_free(g, n);
}
