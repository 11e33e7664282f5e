/* The evaluations on the team view (docs/web.md, docs/case-file.md): when
 * the next is due, the outcomes recorded, and the form that records one
 * (web_change.c makes it, kring_change_outcome()); the reminder on the
 * case page and the list of cases. */
#include <libintl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "web.h"

#define _(s) dgettext("kring", s)

/* Whether DUE ("YYYY-MM-DD") is today or past, by the server's clock. */
static int due_now(const char *due)
{
    char today[11];
    time_t now = time(NULL);
    struct tm tm;

    localtime_r(&now, &tm);
    strftime(today, sizeof today, "%Y-%m-%d", &tm);
    return strcmp(due, today) <= 0;
}

void web_due_line(FILE *f, const kring_case *c, const char *link)
{
    char due[11];

    if (kring_evaluation_due(c, due) == NULL)
        return;
    if (due_now(due))
        htmlf(f, "<p class=\"due now\">%s", _("An evaluation is due"));
    else
        htmlf(f, "<p class=\"due\">%s", _("Next evaluation"));
    htmlf(f, ": %s", due);
    if (link != NULL)
        htmlf(f, " <a href=\"%s\">%s</a>", link, _("Record its outcome"));
    fputs("</p>\n", f);
}

const char *web_due_cell(const char *due, char *buf, size_t cap)
{
    if (due[0] == '\0')
        snprintf(buf, cap, "%s", "");
    else
        snprintf(buf, cap, due_now(due) ? _("%s (due)") : "%s", due);
    return buf;
}

/* A word of E for V, or a dash where nothing is recorded. */
static const char *word_or_dash(kring_enum e, int v, char *buf)
{
    const char *w = web_word(e, v, buf);

    return w[0] ? w : "\xe2\x80\x93";
}

static void outcome_item(FILE *f, const kring_outcome *o)
{
    char a[WEB_WORD_MAX], b[WEB_WORD_MAX], s[WEB_WORD_MAX], g[WEB_WORD_MAX];

    htmlf(f,
          "<li><span class=\"date\">%s</span> %s: %s; %s: %s; %s: %s; %s: "
          "%s",
          o->date, _("placement"),
          word_or_dash(KRING_ENUM_PLACEMENT, (int)o->placement, a),
          _("secure care"),
          word_or_dash(KRING_ENUM_PLACEMENT, (int)o->secure_care, b),
          _("school"), word_or_dash(KRING_ENUM_SCHOOL, (int)o->school, s),
          _("goals"), word_or_dash(KRING_ENUM_GOALS, (int)o->goals, g));
    if (o->ended_as_planned >= 0)
        htmlf(f, "; %s",
              o->ended_as_planned ? _("ended as planned")
                                  : _("ended, not as planned"));
    if (o->satisfaction > 0)
        htmlf(f, "; %s: %d", _("the young person's mark"), o->satisfaction);
    if (o->notes != NULL && o->notes[0])
        htmlf(f, ". %s", o->notes);
    fputs("</li>\n", f);
}

/* A select of E's words with an empty first choice, SENT's value (of
 * NAME) chosen. */
static void choice(FILE *f, const struct form *sent, const char *name,
                   const char *label, kring_enum e)
{
    web_select_enum(f, name, label, e,
                    sent != NULL ? form_get(sent, name) : NULL,
                    _("not recorded"));
}

void web_outcomes_section(FILE *f, const struct web *w, const kring_case *c,
                          const struct form *sent)
{
    const char *v = sent != NULL ? form_get(sent, "ended") : NULL;
    char action[200];
    size_t i;

    htmlf(f, "<h2 id=\"evaluations\">%s</h2>\n", _("Evaluations"));
    web_due_line(f, c, NULL);
    if (c->n_outcomes == 0)
        page_message(f, _("No outcomes recorded yet."), 0);
    else {
        fputs("<ol class=\"outcomes\">\n", f);
        for (i = 0; i < c->n_outcomes; i++)
            outcome_item(f, &c->outcomes[i]);
        fputs("</ol>\n", f);
    }
    snprintf(action, sizeof action, "/case/%s/outcome", c->code);
    web_form_start(f, w, action, "add");
    htmlf(f,
          "<div class=\"row\"><label>%s <input type=\"date\" "
          "name=\"date\"></label>",
          _("Date"));
    choice(f, sent, "placement", _("Out-of-home placement"),
           KRING_ENUM_PLACEMENT);
    choice(f, sent, "secure_care", _("Secure youth care"),
           KRING_ENUM_PLACEMENT);
    choice(f, sent, "school", _("School"), KRING_ENUM_SCHOOL);
    choice(f, sent, "goals", _("Goals"), KRING_ENUM_GOALS);
    htmlf(f,
          "<label>%s <select name=\"ended\"><option value=\"\">%s</option>"
          "<option value=\"yes\"%s>%s</option><option value=\"no\"%s>%s"
          "</option></select></label>",
          _("The trajectory"), _("still running"),
          v != NULL && strcmp(v, "yes") == 0 ? " selected" : "",
          _("ended as planned"),
          v != NULL && strcmp(v, "no") == 0 ? " selected" : "",
          _("ended, not as planned"));
    htmlf(f,
          "<label>%s <input type=\"number\" name=\"satisfaction\" min=\"1\" "
          "max=\"10\" step=\"1\"></label><label class=\"wide\">%s <input "
          "type=\"text\" name=\"notes\" maxlength=\"4000\"></label></div>"
          "<button type=\"submit\">%s</button></form>\n",
          _("The young person's mark (1 to 10)"), _("Note"),
          _("Record the evaluation"));
}

void web_cases_table(FILE *f, const kring_case_summary *list, size_t n)
{
    size_t i;
    int due = 0;

    for (i = 0; i < n; i++)
        due |= list[i].evaluation_due[0] != '\0';
    htmlf(f,
          "<table class=\"list\"><thead><tr><th>%s</th><th>%s</th>"
          "<th>%s</th><th>%s</th><th>%s</th>",
          _("Code"), _("Name"), _("Born"), _("People"), _("Ties"));
    /* The evaluations' column when a case has one due. */
    if (due)
        htmlf(f, "<th>%s</th>", _("Next evaluation"));
    fputs("</tr></thead><tbody>\n", f);
    for (i = 0; i < n; i++) {
        char born[16] = "", when[64];
        if (list[i].birth_year > 0)
            snprintf(born, sizeof born, "%d", list[i].birth_year);
        htmlf(f,
              "<tr><td><a href=\"/case/%s\">%s</a></td><td>%s</td>"
              "<td>%s</td><td>%zu</td><td>%zu</td>",
              list[i].code, list[i].code, list[i].name, born, list[i].n_people,
              list[i].n_ties);
        if (due)
            htmlf(f, "<td>%s</td>",
                  web_due_cell(list[i].evaluation_due, when, sizeof when));
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table>\n", f);
}
