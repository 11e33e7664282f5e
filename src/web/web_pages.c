/* kring serve: the pages of the intake. The list of cases; a case with
 * its map, its people and ties and the forms to add and change them; the
 * form of one person. Every text is escaped (html(), htmlf()); forms
 * carry the CSRF token and post to the page's own address. */
#include <libintl.h>
#include <stdlib.h>
#include <string.h>

#include "web.h"

#define _(s) dgettext("kring", s)
#define N_(s) s

/* --- pieces ------------------------------------------------------------ */

/* A value for field KEY: what was sent back, else FALLBACK. */
static const char *value_of(const struct form *sent, const char *key,
                            const char *fallback)
{
    const char *v = sent != NULL ? form_get(sent, key) : NULL;

    return v != NULL ? v : sent != NULL ? "" : fallback;
}

static void text_input(FILE *f, const char *name, const char *label,
                       const char *value, const char *type, const char *extra)
{
    htmlf(f, "<label>%s <input type=\"%s\" name=\"%s\" value=\"%s\"", label,
          type, name, value);
    fprintf(f, "%s></label>\n", extra != NULL ? extra : "");
}

static void checkbox(FILE *f, const char *name, const char *value,
                     const char *label, int checked)
{
    htmlf(f,
          "<label class=\"check\"><input type=\"checkbox\" name=\"%s\" "
          "value=\"%s\"%s> %s</label>\n",
          name, value, checked ? " checked" : "", label);
}

static void number(char *buf, size_t cap, int v)
{
    if (v < 0)
        buf[0] = '\0';
    else
        snprintf(buf, cap, "%d", v);
}

/* Whether the sent form, or else the person, has support kind K. */
static int has_support(const struct form *sent, const kring_person *p,
                       const char *word, int k)
{
    int i;

    if (sent == NULL)
        return p != NULL && (p->support >> k) & 1u;
    for (i = 0; i < sent->n; i++)
        if (strcmp(sent->key[i], "support") == 0 &&
            strcmp(sent->value[i], word) == 0)
            return 1;
    return 0;
}

/* The form of a person: empty to add one (P NULL), else P's fields; SENT
 * holds what was sent back after a refused change. */
static void person_fields(FILE *f, const kring_person *p,
                          const struct form *sent)
{
    static const struct {
        const char *name;
        const char *label;
    } flags[] = {
        {"formal", N_("paid care professional")},
        {"nominated", N_("the young person would ask them")},
        {"lives-with-child", N_("lives with the young person")},
        {"concern", N_("there is a concern")},
        {"frightens", N_("the young person is afraid of them")},
    };
    char age[16] = "", years[16] = "", travel[16] = "", hours[32] = "";
    const char *adult = "";
    size_t i;
    int k;

    if (p != NULL) {
        number(age, sizeof age, p->age);
        if (p->known_years >= 0)
            snprintf(years, sizeof years, "%g", p->known_years);
        number(travel, sizeof travel, p->travel_minutes);
        if (p->hours_per_week >= 0)
            snprintf(hours, sizeof hours, "%g", p->hours_per_week);
        adult = p->adult < 0 ? "" : p->adult ? "yes" : "no";
    }
    fputs("<input type=\"hidden\" name=\"fields\" value=\"1\">\n"
          "<div class=\"row\">",
          f);
    text_input(f, "name", _("Name"), value_of(sent, "name", p ? p->name : ""),
               "text", " required maxlength=\"200\"");
    web_select_enum(
        f, "role", _("Role"), KRING_ENUM_ROLE,
        value_of(sent, "role",
                 p ? kring_enum_name(KRING_ENUM_ROLE, p->role) : ""),
        p == NULL ? "" : NULL);
    {
        const char *now = value_of(sent, "ring", p ? "" : "2");
        web_select_ring(f, p != NULL && sent == NULL ? p->ring
                           : now[0] >= '1' && now[0] <= '3' && !now[1]
                               ? now[0] - '0'
                               : 0);
    }
    web_select_enum(
        f, "sector", _("Part of life"), KRING_ENUM_SECTOR,
        value_of(sent, "sector",
                 p ? kring_enum_name(KRING_ENUM_SECTOR, p->sector) : ""),
        p == NULL ? _("as the role says") : NULL);
    fputs("</div>\n<details class=\"more\"", f);
    fputs(p != NULL || sent != NULL ? " open" : "", f);
    htmlf(f, "><summary>%s</summary>\n<div class=\"row\">",
          _("More about this person"));
    web_select_enum(
        f, "contact", _("Contact"), KRING_ENUM_CONTACT,
        value_of(sent, "contact",
                 p ? kring_enum_name(KRING_ENUM_CONTACT, p->contact) : ""),
        _("not recorded"));
    text_input(f, "age", _("Age"), value_of(sent, "age", age), "number",
               " min=\"0\"");
    text_input(f, "known-years", _("Years known"),
               value_of(sent, "known-years", years), "number",
               " min=\"0\" max=\"120\" step=\"0.1\"");
    text_input(f, "hours-per-week", _("Hours a week"),
               value_of(sent, "hours-per-week", hours), "number",
               " min=\"0\" step=\"any\"");
    text_input(f, "travel-minutes", _("Travel minutes"),
               value_of(sent, "travel-minutes", travel), "number",
               " min=\"0\"");
    web_select_enum(
        f, "reachable", _("Reachable"), KRING_ENUM_REACHABLE,
        value_of(sent, "reachable",
                 p ? kring_enum_name(KRING_ENUM_REACHABLE, p->reachable) : ""),
        _("not recorded"));
    web_select_enum(
        f, "quality", _("Relation"), KRING_ENUM_QUALITY,
        value_of(sent, "quality",
                 p ? kring_enum_name(KRING_ENUM_QUALITY, p->quality) : ""),
        p == NULL ? _("as usual (positive)") : NULL);
    web_select_enum(
        f, "status", _("Status"), KRING_ENUM_STATUS,
        value_of(sent, "status",
                 p ? kring_enum_name(KRING_ENUM_STATUS, p->status) : ""),
        p == NULL ? _("active") : NULL);
    web_select_enum(
        f, "willing", _("Willing to be a mentor"), KRING_ENUM_WILLING,
        value_of(sent, "willing",
                 p ? kring_enum_name(KRING_ENUM_WILLING, p->willing) : ""),
        p == NULL ? _("unknown") : NULL);
    htmlf(f, "<label>%s <select name=\"adult\">", _("Adult"));
    adult = value_of(sent, "adult", adult);
    htmlf(f,
          "<option value=\"\"%s>%s</option><option value=\"yes\"%s>%s</option>"
          "<option value=\"no\"%s>%s</option></select></label>\n",
          adult[0] == '\0' ? " selected" : "", _("as age or role says"),
          strcmp(adult, "yes") == 0 ? " selected" : "", _("yes"),
          strcmp(adult, "no") == 0 ? " selected" : "", _("no"));
    fputs("</div>\n<fieldset><legend>", f);
    html(f, _("Support"));
    fputs("</legend>", f);
    for (k = 0; k < kring_enum_count(KRING_ENUM_SUPPORT); k++) {
        const char *word = kring_enum_name(KRING_ENUM_SUPPORT, k);
        char shown[WEB_WORD_MAX];
        checkbox(f, "support", word, web_word(KRING_ENUM_SUPPORT, k, shown),
                 has_support(sent, p, word, k));
    }
    fputs("</fieldset>\n<fieldset><legend>", f);
    html(f, _("Yes or no"));
    fputs("</legend>", f);
    for (i = 0; i < sizeof flags / sizeof flags[0]; i++) {
        int on = sent != NULL ? form_get(sent, flags[i].name) != NULL
                 : p == NULL  ? 0
                 : strcmp(flags[i].name, "formal") == 0    ? p->formal
                 : strcmp(flags[i].name, "nominated") == 0 ? p->nominated
                 : strcmp(flags[i].name, "concern") == 0   ? p->concern
                 : strcmp(flags[i].name, "frightens") == 0
                     ? p->frightens
                     : p->lives_with_child;
        checkbox(f, flags[i].name, "yes", _(flags[i].label), on);
    }
    htmlf(f,
          "</fieldset>\n<label class=\"wide\">%s <textarea name=\"notes\" "
          "rows=\"3\" maxlength=\"4000\">%s</textarea></label>\n",
          _("Notes"), value_of(sent, "notes", p ? p->notes : ""));
    /* Beside the notes, which are the professional's: the one line the
     * young person's own page shows of this person. */
    htmlf(
        f,
        "<label class=\"wide\">%s <input type=\"text\" "
        "name=\"youth-note\" maxlength=\"500\" value=\"%s\"></label>\n"
        "</details>\n",
        _("For the young person"),
        value_of(sent, "youth-note", p && p->youth_note ? p->youth_note : ""));
}

void page_map(FILE *f, struct web *w, const char *code, kring_theme theme,
              const char *label)
{
    kring_error err;
    char *svg = NULL, *at;
    size_t len = 0;

    if (web_map(w, code, theme, KRING_FORMAT_SVG, &svg, &len, &err)) {
        page_message(f, err.text, 1);
        return;
    }
    htmlf(f, "<figure class=\"map\" aria-label=\"%s\">\n", label);
    /* Zoom and pan, shown by the script (kring.js), which does them. */
    htmlf(f,
          "<div class=\"zoom\" hidden><button type=\"button\" "
          "data-zoom=\"in\" aria-label=\"%s\">+</button><button "
          "type=\"button\" data-zoom=\"out\" aria-label=\"%s\">&#8722;"
          "</button><button type=\"button\" data-zoom=\"all\">%s</button>"
          "</div>\n",
          _("Closer in"), _("Further out"), _("Whole map"));
    if ((at = strstr(svg, "<svg")) != NULL)
        fwrite(at, 1, len - (size_t)(at - svg), f);
    fputs("</figure>\n", f);
    free(svg);
}

long *web_numbers(kring_store *s, const kring_case *c)
{
    long *numbers = calloc(c->n_people + 1, sizeof *numbers);
    kring_error err;

    if (numbers != NULL && kring_store_people_numbers(s, c, numbers, &err)) {
        free(numbers);
        numbers = NULL;
    }
    return numbers;
}

long web_person_at(const kring_case *c, const long *numbers, const char *text)
{
    long n;
    size_t i;

    /* Digits only, no sign, no leading zero: one address per person. */
    if (text == NULL || text[0] < '1' || text[0] > '9' ||
        strspn(text, "0123456789") != strlen(text) || strlen(text) > 12)
        return -1;
    n = strtol(text, NULL, 10);
    for (i = 0; i < c->n_people; i++)
        if (numbers[i] == n)
            return (long)i;
    return -1;
}

/* Loads case CODE for a page; on failure answers and returns NULL. */
static kring_case *load(struct web *w, struct kh_response *res,
                        const char *code, kring_store **s, int whole)
{
    kring_case *c = NULL;
    kring_error err;

    *s = NULL;
    if (web_store(w, s, &err) ||
        (whole ? kring_store_load_case(*s, code, &c, &err)
               : kring_store_load_network(*s, code, &c, &err))) {
        page_problem(w, res, err.code == KRING_ERR_NOT_FOUND ? 404 : 500,
                     err.text);
        kring_store_close(*s);
        *s = NULL;
        return NULL;
    }
    return c;
}

/* --- the list of cases ------------------------------------------------- */

void page_cases(struct web *w, struct kh_response *res, const char *message,
                const struct form *form)
{
    kring_store *s = NULL;
    kring_case_summary *list = NULL;
    kring_error err;
    struct page p;
    size_t n = 0;

    if (web_store(w, &s, &err) || kring_store_list_cases(s, &list, &n, &err)) {
        kring_store_close(s);
        page_problem(w, res, 500, err.text);
        return;
    }
    kring_store_close(s);
    if (page_open(&p) < 0) {
        kring_case_summaries_free(list, n);
        page_problem(w, res, 500, "out of memory");
        return;
    }
    page_head(p.f, w, _("Cases"), NULL, "cases");
    htmlf(p.f, "<h1>%s</h1>\n", _("Cases"));
    if (message != NULL)
        page_message(p.f, message, 1);
    if (n == 0) {
        page_message(p.f, _("There are no cases yet."), 0);
    } else {
        web_cases_table(p.f, list, n);
    }
    htmlf(p.f, "<h2>%s</h2>\n", _("A new case"));
    web_form_start(p.f, w, "/case", "add");
    fputs("<div class=\"row\">", p.f);
    text_input(
        p.f, "code", _("Code"), value_of(form, "code", ""), "text",
        " required maxlength=\"64\" pattern=\"[A-Za-z0-9][A-Za-z0-9_.,-]*\"");
    text_input(p.f, "name", _("Name of the young person"),
               value_of(form, "name", ""), "text",
               " required maxlength=\"200\"");
    text_input(p.f, "birth-year", _("Birth year"),
               value_of(form, "birth-year", ""), "number",
               " min=\"1900\" max=\"2100\"");
    htmlf(p.f, "</div><button type=\"submit\">%s</button></form>\n",
          _("Add the case"));
    if (w->server != NULL)
        glass_form(p.f, w);
    page_foot(p.f);
    kring_case_summaries_free(list, n);
    web_page(res, message != NULL ? 422 : 200, &p);
}

/* --- a case ------------------------------------------------------------ */

static const char *name_of(const kring_case *c, const char *id)
{
    long i = kring_case_find_id(c, id);

    return i >= 0 ? c->people[i].name : id;
}

static void person_select(FILE *f, const kring_case *c, const char *name,
                          const char *label, const char *current)
{
    size_t i;

    htmlf(f,
          "<label>%s <select name=\"%s\" required><option value=\"\">"
          "</option>",
          label, name);
    for (i = 0; i < c->n_people; i++)
        htmlf(f, "<option value=\"%s\"%s>%s</option>", c->people[i].id,
              current != NULL && strcmp(current, c->people[i].id) == 0
                  ? " selected"
                  : "",
              c->people[i].name);
    fputs("</select></label>\n", f);
}

static void people_table(FILE *f, const kring_case *c, const long *numbers)
{
    size_t i;

    htmlf(f,
          "<h2 id=\"people\">%s</h2>\n<table class=\"list people\"><thead><tr>"
          "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
          "<th>%s</th></tr></thead><tbody>\n",
          _("People"), _("Name"), _("Role"), _("Circle"), _("Part of life"),
          _("Contact"), _("Would ask"));
    for (i = 0; i < c->n_people; i++) {
        const kring_person *p = &c->people[i];
        char sector[WEB_WORD_MAX], contact[WEB_WORD_MAX];
        htmlf(f,
              "<tr><td><a href=\"/case/%s/person/%d\">%s</a></td><td>%s</td>"
              "<td>%d</td><td>%s</td><td>%s</td><td>%s</td></tr>\n",
              c->code, (int)numbers[i], p->name, kring_role_word(p->role),
              p->ring, web_word(KRING_ENUM_SECTOR, p->sector, sector),
              web_word(KRING_ENUM_CONTACT, p->contact, contact),
              p->nominated ? _("yes") : "");
    }
    fputs("</tbody></table>\n", f);
}

/* The tie T's pair and VERSION, in its forms. */
static void tie_hidden(FILE *f, const kring_tie *t, const char *version)
{
    htmlf(f,
          "<input type=\"hidden\" name=\"a\" value=\"%s\">"
          "<input type=\"hidden\" name=\"b\" value=\"%s\">"
          "<input type=\"hidden\" name=\"version\" value=\"%s\">",
          t->a, t->b, version);
}

static void ties_table(FILE *f, const struct web *w, const kring_case *c,
                       const struct form *sent)
{
    char action[200];
    size_t i;

    htmlf(f, "<h2 id=\"ties\">%s</h2>\n", _("Who knows whom"));
    if (c->n_ties > 0) {
        htmlf(f,
              "<table class=\"list ties\"><thead><tr><th>%s</th><th>%s</th>"
              "<th>%s</th><th></th></tr></thead><tbody>\n",
              _("Person"), _("Person"), _("Strength and relation"));
        for (i = 0; i < c->n_ties; i++) {
            const kring_tie *t = &c->ties[i];
            char version[KRING_VERSION_LEN + 1];
            /* Each form carries the tie as this page read it. */
            kring_tie_version(t, version);
            htmlf(f, "<tr><td>%s</td><td>%s</td><td>", name_of(c, t->a),
                  name_of(c, t->b));
            snprintf(action, sizeof action, "/case/%s/tie/change", c->code);
            web_form_start(f, w, action, "inline");
            tie_hidden(f, t, version);
            web_select_enum(f, "strength", _("Strength"), KRING_ENUM_STRENGTH,
                            kring_enum_name(KRING_ENUM_STRENGTH, t->strength),
                            NULL);
            web_select_enum(f, "quality", _("Relation"), KRING_ENUM_TIE_QUALITY,
                            kring_enum_name(KRING_ENUM_TIE_QUALITY, t->quality),
                            NULL);
            htmlf(f,
                  "<button type=\"submit\" class=\"small\">%s</button>"
                  "</form></td><td>",
                  _("Save"));
            snprintf(action, sizeof action, "/case/%s/tie/remove", c->code);
            web_form_start(f, w, action, "inline");
            tie_hidden(f, t, version);
            htmlf(f,
                  "<button type=\"submit\" class=\"small\">%s</button>"
                  "</form></td></tr>\n",
                  _("Remove"));
        }
        fputs("</tbody></table>\n", f);
    }
    if (c->n_people < 2)
        return;
    snprintf(action, sizeof action, "/case/%s/tie", c->code);
    web_form_start(f, w, action, "add");
    fputs("<div class=\"row\">", f);
    person_select(f, c, "a", _("Person"), value_of(sent, "a", ""));
    person_select(f, c, "b", _("knows"), value_of(sent, "b", ""));
    web_select_enum(f, "strength", _("Strength"), KRING_ENUM_STRENGTH,
                    value_of(sent, "strength", "weak"), NULL);
    web_select_enum(f, "quality", _("Relation"), KRING_ENUM_TIE_QUALITY,
                    value_of(sent, "quality", "positive"), NULL);
    htmlf(f, "</div><button type=\"submit\">%s</button></form>\n",
          _("Add the tie"));
}

void page_case(struct web *w, struct kh_response *res, const char *code,
               const char *message, const struct form *form)
{
    kring_store *s;
    kring_case *c = load(w, res, code, &s, 1);
    const struct form *person_form = NULL, *tie_form = NULL;
    char action[200], title[200];
    long *numbers;
    struct page p;

    if (c == NULL)
        return;
    numbers = web_numbers(s, c);
    kring_store_close(s);
    if (numbers == NULL) {
        kring_case_free(c);
        page_problem(w, res, 500, "out of memory");
        return;
    }
    if (form != NULL && form_get(form, "a") != NULL)
        tie_form = form;
    else
        person_form = form;
    if (page_open(&p) < 0) {
        free(numbers);
        kring_case_free(c);
        page_problem(w, res, 500, "out of memory");
        return;
    }
    /* Names stay out of titles: the browser's history keeps them. */
    snprintf(title, sizeof title, _("Case %s"), c->code);
    page_head(p.f, w, title, c->code, "case");
    htmlf(p.f, "<h1>%s <span class=\"code\">%s</span></h1>\n", c->name,
          c->code);
    if (message != NULL)
        page_message(p.f, message, 1);
    {
        char link[200];
        snprintf(link, sizeof link, "/case/%s/team#evaluations", c->code);
        web_due_line(p.f, c, link);
    }
    fputs("<div class=\"split\"><div class=\"left\">\n", p.f);
    page_map(p.f, w, c->code, KRING_THEME_YOUTH, _("The network map"));
    page_intake(p.f, w, c, numbers);
    htmlf(p.f,
          "<p class=\"links\"><a href=\"/case/%s/youth\" target=\"_blank\" "
          "rel=\"noopener noreferrer\">%s</a> "
          "<a href=\"/case/%s/team\">%s</a> "
          "<a href=\"/case/%s/map.pdf?theme=print\">%s</a></p>\n",
          c->code, _("Show the young person"), c->code, _("For the team"),
          c->code, _("Map as PDF"));
    fputs("</div><div class=\"right\">\n", p.f);
    people_table(p.f, c, numbers);
    htmlf(p.f, "<h3>%s</h3>\n", _("Add a person"));
    snprintf(action, sizeof action, "/case/%s/person", c->code);
    web_form_start(p.f, w, action, "add person");
    person_fields(p.f, NULL, person_form);
    htmlf(p.f, "<button type=\"submit\">%s</button></form>\n",
          _("Add the person"));
    ties_table(p.f, w, c, tie_form);
    suggestions_section(p.f, w, c, 1);
    web_case_holders(p.f, w, c->code);
    web_phone_section(p.f, w, c->code);
    fputs("</div></div>\n", p.f);
    page_foot(p.f);
    free(numbers);
    kring_case_free(c);
    web_page(res, message != NULL ? 422 : 200, &p);
}

void page_intake_map(struct web *w, struct kh_response *res, const char *code)
{
    kring_store *s = NULL;
    kring_case *c;
    long *numbers = NULL;
    struct page p;

    if ((c = load(w, res, code, &s, 0)) == NULL)
        return;
    numbers = web_numbers(s, c);
    kring_store_close(s);
    if (numbers == NULL || page_open(&p) < 0) {
        free(numbers);
        kring_case_free(c);
        page_problem(w, res, 500, "out of memory");
        return;
    }
    /* Only the map and what the script needs of it: the rest of the case
     * page is fetched after the new map is shown. */
    page_map(p.f, w, c->code, KRING_THEME_YOUTH, _("The network map"));
    page_intake(p.f, w, c, numbers);
    free(numbers);
    kring_case_free(c);
    web_page(res, 200, &p);
}

/* --- one person -------------------------------------------------------- */

/* The fields of the person form, for showing a stored person beside what
 * a stale form sent (a lost update refused). */
enum field_kind { FK_TEXT, FK_ENUM, FK_NUMBER, FK_FLAG, FK_SUPPORT };
static const struct {
    const char *key, *label;
    enum field_kind kind;
    kring_enum e;
} compared[] = {
    {"name", N_("Name"), FK_TEXT, 0},
    {"role", N_("Role"), FK_ENUM, KRING_ENUM_ROLE},
    {"ring", N_("Circle"), FK_NUMBER, 0},
    {"sector", N_("Part of life"), FK_ENUM, KRING_ENUM_SECTOR},
    {"contact", N_("Contact"), FK_ENUM, KRING_ENUM_CONTACT},
    {"age", N_("Age"), FK_NUMBER, 0},
    {"known-years", N_("Years known"), FK_NUMBER, 0},
    {"hours-per-week", N_("Hours a week"), FK_NUMBER, 0},
    {"travel-minutes", N_("Travel minutes"), FK_NUMBER, 0},
    {"reachable", N_("Reachable"), FK_ENUM, KRING_ENUM_REACHABLE},
    {"quality", N_("Relation"), FK_ENUM, KRING_ENUM_QUALITY},
    {"status", N_("Status"), FK_ENUM, KRING_ENUM_STATUS},
    {"willing", N_("Willing to be a mentor"), FK_ENUM, KRING_ENUM_WILLING},
    {"adult", N_("Adult"), FK_TEXT, 0},
    {"support", N_("Support"), FK_SUPPORT, KRING_ENUM_SUPPORT},
    {"formal", N_("paid care professional"), FK_FLAG, 0},
    {"nominated", N_("the young person would ask them"), FK_FLAG, 0},
    {"lives-with-child", N_("lives with the young person"), FK_FLAG, 0},
    {"concern", N_("there is a concern"), FK_FLAG, 0},
    {"frightens", N_("the young person is afraid of them"), FK_FLAG, 0},
    {"notes", N_("Notes"), FK_TEXT, 0},
    {"youth-note", N_("For the young person"), FK_TEXT, 0},
};

/* Field K of P as its form would send it, into BUF. */
static const char *stored_value(const kring_person *p, size_t k, char *buf,
                                size_t cap)
{
    const char *key = compared[k].key;
    const char *word;
    int i, flag;

    buf[0] = '\0';
    if (strcmp(key, "name") == 0)
        return p->name;
    if (strcmp(key, "notes") == 0)
        return p->notes != NULL ? p->notes : "";
    if (strcmp(key, "youth-note") == 0)
        return p->youth_note != NULL ? p->youth_note : "";
    if (strcmp(key, "ring") == 0)
        number(buf, cap, p->ring);
    else if (strcmp(key, "age") == 0)
        number(buf, cap, p->age);
    else if (strcmp(key, "known-years") == 0 && p->known_years >= 0)
        snprintf(buf, cap, "%g", p->known_years);
    else if (strcmp(key, "travel-minutes") == 0)
        number(buf, cap, p->travel_minutes);
    else if (strcmp(key, "hours-per-week") == 0 && p->hours_per_week >= 0)
        snprintf(buf, cap, "%g", p->hours_per_week);
    else if (strcmp(key, "adult") == 0)
        snprintf(buf, cap, "%s", p->adult < 0 ? "" : p->adult ? "yes" : "no");
    else if (compared[k].kind == FK_ENUM) {
        int v = strcmp(key, "role") == 0        ? (int)p->role
                : strcmp(key, "sector") == 0    ? (int)p->sector
                : strcmp(key, "contact") == 0   ? (int)p->contact
                : strcmp(key, "reachable") == 0 ? (int)p->reachable
                : strcmp(key, "quality") == 0   ? (int)p->quality
                : strcmp(key, "status") == 0    ? (int)p->status
                                                : (int)p->willing;
        word = kring_enum_name(compared[k].e, v);
        snprintf(buf, cap, "%s", word != NULL ? word : "");
    } else if (compared[k].kind == FK_SUPPORT) {
        size_t len = 0;
        for (i = 0; i < kring_enum_count(KRING_ENUM_SUPPORT); i++)
            if ((p->support >> i) & 1u && len < cap)
                len += (size_t)snprintf(buf + len, cap - len, "%s%s",
                                        len ? "," : "",
                                        kring_enum_name(KRING_ENUM_SUPPORT, i));
    } else if (compared[k].kind == FK_FLAG) {
        flag = strcmp(key, "formal") == 0      ? p->formal
               : strcmp(key, "nominated") == 0 ? p->nominated
               : strcmp(key, "concern") == 0   ? p->concern
               : strcmp(key, "frightens") == 0 ? p->frightens
                                               : p->lives_with_child;
        snprintf(buf, cap, "%s", flag ? "yes" : "");
    }
    return buf;
}

/* Field K as the stale form sent it, into BUF; NULL if it did not. */
static const char *sent_value(const struct form *f, size_t k, char *buf,
                              size_t cap)
{
    const char *v = form_get(f, compared[k].key);

    if (compared[k].kind == FK_SUPPORT || compared[k].kind == FK_FLAG) {
        if (form_get(f, "fields") == NULL) /* no checkboxes shown */
            return NULL;
        if (compared[k].kind == FK_SUPPORT)
            form_join(f, "support", buf, cap);
        else
            snprintf(buf, cap, "%s", v != NULL ? "yes" : "");
        return buf;
    }
    return v;
}

/* A value of field K in words, as the pages show it. */
static void show_value(FILE *f, size_t k, const char *raw)
{
    char word[WEB_WORD_MAX], list[256], *at, *save = NULL;
    int v;

    if (compared[k].kind == FK_FLAG || strcmp(compared[k].key, "adult") == 0) {
        html(f, raw[0] == '\0' && compared[k].kind == FK_FLAG ? _("no")
                : strcmp(raw, "yes") == 0                     ? _("yes")
                : strcmp(raw, "no") == 0                      ? _("no")
                                                              : raw);
    } else if (compared[k].kind == FK_ENUM &&
               (v = kring_enum_parse(compared[k].e, raw)) >= 0) {
        html(f, compared[k].e == KRING_ENUM_ROLE
                    ? kring_role_word((kring_role)v)
                    : web_word(compared[k].e, v, word));
    } else if (compared[k].kind == FK_SUPPORT) {
        snprintf(list, sizeof list, "%s", raw);
        for (at = strtok_r(list, ",", &save); at != NULL;
             at = strtok_r(NULL, ",", &save)) {
            v = kring_enum_parse(KRING_ENUM_SUPPORT, at);
            html(f, v >= 0 ? web_word(KRING_ENUM_SUPPORT, v, word) : at);
            if (save != NULL && *save != '\0')
                fputs(", ", f);
        }
    } else {
        html(f, raw);
    }
}

/* What a stale form SENT beside the person P as stored now: the fields
 * that differ. */
static void compare_table(FILE *f, const kring_person *p,
                          const struct form *sent)
{
    char stored[512], got[512];
    const char *s, *g;
    size_t k;

    htmlf(f,
          "<table class=\"list compare\"><thead><tr><th></th><th>%s</th>"
          "<th>%s</th></tr></thead><tbody>\n",
          _("What you sent"), _("Stored now"));
    for (k = 0; k < sizeof compared / sizeof compared[0]; k++) {
        s = stored_value(p, k, stored, sizeof stored);
        if ((g = sent_value(sent, k, got, sizeof got)) == NULL ||
            strcmp(s, g) == 0)
            continue;
        htmlf(f, "<tr><th>%s</th><td>", _(compared[k].label));
        show_value(f, k, g);
        fputs("</td><td>", f);
        show_value(f, k, s);
        fputs("</td></tr>\n", f);
    }
    fputs("</tbody></table>\n", f);
}

void page_person(struct web *w, struct kh_response *res, const char *code,
                 const char *number, const char *message,
                 const struct form *form)
{
    kring_store *s;
    kring_case *c = load(w, res, code, &s, 0);
    char action[300], title[200], version[KRING_VERSION_LEN + 1];
    const char *read_at = form != NULL ? form_get(form, "version") : NULL;
    long *numbers, at;
    struct page p;
    int stale;

    if (c == NULL)
        return;
    numbers = web_numbers(s, c);
    kring_store_close(s);
    at = numbers != NULL ? web_person_at(c, numbers, number) : -1;
    free(numbers);
    if (at < 0) {
        kring_case_free(c);
        page_problem(w, res, 404, _("There is no such person in this case."));
        return;
    }
    if (page_open(&p) < 0) {
        kring_case_free(c);
        page_problem(w, res, 500, "out of memory");
        return;
    }
    /* Every form that changes the person carries the version it was read
     * at; a stale one is refused (409) and shown beside the person as
     * stored now, the form keeping what was sent, ready to be saved over
     * it (docs/web.md). */
    kring_person_version(&c->people[at], version);
    stale = read_at != NULL && strcmp(read_at, version) != 0;
    snprintf(title, sizeof title, _("A person in case %s"), c->code);
    page_head(p.f, w, title, c->code, "person");
    htmlf(p.f, "<h1>%s <span class=\"code\">%s</span></h1>\n",
          c->people[at].name, c->name);
    if (message != NULL)
        page_message(p.f, message, 1);
    if (stale) {
        page_message(p.f,
                     _("Someone changed this person after you opened the "
                       "form. What you sent and what is stored now differ "
                       "here; the form below holds what you sent: save it "
                       "to store that instead."),
                     0);
        compare_table(p.f, &c->people[at], form);
    }
    snprintf(action, sizeof action, "/case/%s/person/%s", c->code, number);
    web_form_start(p.f, w, action, "edit person");
    htmlf(p.f, "<input type=\"hidden\" name=\"version\" value=\"%s\">\n",
          version);
    /* The number in the address, the id in the body: a change is refused
     * when the number has come to mean someone else. */
    htmlf(p.f, "<input type=\"hidden\" name=\"id\" value=\"%s\">\n",
          c->people[at].id);
    person_fields(p.f, &c->people[at], form);
    htmlf(p.f,
          "<button type=\"submit\">%s</button> <a href=\"/case/%s\">%s</a>"
          "</form>\n",
          _("Save"), c->code, _("Back"));
    snprintf(action, sizeof action, "/case/%s/person/%s/remove", c->code,
             number);
    web_form_start(p.f, w, action, "remove confirm");
    htmlf(p.f, "<input type=\"hidden\" name=\"version\" value=\"%s\">",
          version);
    htmlf(p.f, "<input type=\"hidden\" name=\"id\" value=\"%s\">",
          c->people[at].id);
    htmlf(p.f,
          "<button type=\"submit\" class=\"danger\" data-confirm=\"%s\">%s"
          "</button></form>\n",
          _("Remove this person and their ties?"), _("Remove this person"));
    page_foot(p.f);
    kring_case_free(c);
    web_page(res, message == NULL ? 200 : stale ? 409 : 422, &p);
}
