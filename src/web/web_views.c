/* kring serve: the two views of a case. The young person's: their map,
 * large, and for everyone on it what was recorded in plain words, with a
 * button to say "I would like to ask this person" (their nomination). The
 * team's: the team map, the candidates with their scores and every
 * reason, who is not a candidate and why, the indicators, the steps of
 * the mentor choice, and the print map as PDF. */
#include <libintl.h>
#include <stdlib.h>
#include <string.h>

#include "web.h"

#define _(s) dgettext("kring", s)
#define N_(s) s

/* Plain words for the young person, by the enumerations' values. */
static const char *const contact_words[] = {
    NULL,
    N_("You see or speak each other every day."),
    N_("You see or speak each other every week."),
    N_("You see or speak each other every month."),
    N_("You see or speak each other a few times a year."),
    N_("You rarely see or speak each other."),
};
static const char *const support_words[] = {
    N_("listens and comforts"),
    N_("helps with practical things"),
    N_("gives advice"),
    N_("does fun things with you"),
    N_("gives you a place to stay"),
    N_("stands up for you"),
};

static kring_case *load_case(struct web *w, struct kh_response *res,
                             const char *code)
{
    kring_store *s = NULL;
    kring_case *c = NULL;
    kring_error err;

    if (web_store(w, &s, &err) || kring_store_load_case(s, code, &c, &err))
        page_problem(w, res, err.code == KRING_ERR_NOT_FOUND ? 404 : 500,
                     err.text);
    kring_store_close(s);
    return c;
}

/* --- the young person's view ------------------------------------------ */

/* Words of a name that say little alone: left out of the test below. */
static const char *const particles[] = {"van", "von", "der", "den", "het",
                                        "ter", "ten", "del", "las", "los"};

static int is_word_byte(unsigned char ch)
{
    return ch >= 0x80 || (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') ||
           (ch >= 'A' && ch <= 'Z');
}

static int same_letters(const char *a, const char *b, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
        if (x >= 'A' && x <= 'Z')
            x = (unsigned char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z')
            y = (unsigned char)(y - 'A' + 'a');
        if (x != y)
            return 0;
    }
    return 1;
}

/* Whether TEXT holds the N bytes of WORD (A-Z in either case); WHOLE: only
 * as a word of its own. */
static int holds(const char *text, const char *word, size_t n, int whole)
{
    size_t len = strlen(text), i;

    for (i = 0; n > 0 && i + n <= len; i++)
        if (same_letters(text + i, word, n) &&
            (!whole || ((i == 0 || !is_word_byte((unsigned char)text[i - 1])) &&
                        !is_word_byte((unsigned char)text[i + n]))))
            return 1;
    return 0;
}

/* Whether TEXT names someone of C the young person is afraid of: their
 * whole name, or a word of it of three letters or more (not "van", "der",
 * ...) as a word of TEXT. Rather a line too many withheld than one too
 * few shown. */
static int names_feared(const kring_case *c, const char *text)
{
    size_t i, k;

    for (i = 0; i < c->n_people; i++) {
        const char *name = c->people[i].name, *at;
        if (!c->people[i].frightens || name == NULL)
            continue;
        if (holds(text, name, strlen(name), 0))
            return 1;
        for (at = name; *at;) {
            size_t n = 0;
            int particle = 0;
            while (at[n] && is_word_byte((unsigned char)at[n]))
                n++;
            for (k = 0; k < sizeof particles / sizeof particles[0]; k++)
                particle |= n == strlen(particles[k]) &&
                            same_letters(at, particles[k], n);
            if (n >= 3 && !particle && holds(text, at, n, 1))
                return 1;
            at += n;
            while (*at && !is_word_byte((unsigned char)*at))
                at++;
        }
    }
    return 0;
}

const char *youth_note_shown(const kring_case *c, const kring_person *p)
{
    if (p->youth_note == NULL || p->youth_note[0] == '\0' ||
        names_feared(c, p->youth_note))
        return NULL;
    return p->youth_note;
}

/* The exclusions of the person at index I of C as scored in S. */
static unsigned exclusions_of(const kring_scores *s, size_t i)
{
    size_t k;

    for (k = 0; k < s->n_excluded; k++)
        if (s->excluded[k].person == i)
            return s->excluded[k].exclusions;
    return 0;
}

static const char *cannot_ask(unsigned exclusions)
{
    if ((exclusions >> KRING_EXCL_DECEASED) & 1u)
        return _("This person has died. They are still part of your story.");
    if ((exclusions >> KRING_EXCL_PARENT) & 1u ||
        (exclusions >> KRING_EXCL_FORMAL) & 1u)
        return _("Your mentor is someone besides your parents and the people "
                 "whose job it is to help you. Is there someone else you "
                 "trust?");
    return NULL;
}

const char *youth_cannot_ask(const kring_case *c, const kring_person *p)
{
    kring_scores s;
    kring_error err;
    const char *why = NULL;

    memset(&s, 0, sizeof s);
    if (kring_score_case(c, NULL, &s, &err) == KRING_OK)
        why = cannot_ask(exclusions_of(&s, (size_t)(p - c->people)));
    else /* not scored: no nomination rather than a wrong one */
        why = _("This person cannot be asked.");
    kring_scores_release(&s);
    return why;
}

/* What was recorded of P, in plain words, with the button. Never the
 * professional's notes: only the line written for the young person. */
static void youth_panel(FILE *f, const struct web *w, const kring_case *c,
                        const kring_person *p, long number, size_t node,
                        int open, unsigned exclusions)
{
    const char *why = cannot_ask(exclusions), *note = youth_note_shown(c, p);
    int gone = (exclusions >> KRING_EXCL_DECEASED) & 1u;
    char line[200];
    int k, n = 0;

    htmlf(f,
          "<section class=\"who\" id=\"who-%d\" data-node=\"p%zu\"%s>\n"
          "<a class=\"close\" href=\"%s?map=1\">%s</a>"
          "<h2>%s</h2>\n<p class=\"role\">%s</p>\n<ul>\n",
          (int)number, node, open ? "" : " hidden", web_youth_base(c->code),
          _("Close"), p->name, kring_role_word(p->role));
    htmlf(f, "<li>%s: %s</li>\n", _("Circle"), kring_ring_word(p->ring));
    if (!gone && p->contact > 0 &&
        (size_t)p->contact < sizeof contact_words / sizeof contact_words[0])
        htmlf(f, "<li>%s</li>\n", _(contact_words[p->contact]));
    for (k = 0; k < (int)(sizeof support_words / sizeof support_words[0]);
         k++) {
        if (gone || !((p->support >> k) & 1u))
            continue;
        if (n++ == 0)
            htmlf(f, "<li>%s: %s", _("Helps you"), _(support_words[k]));
        else
            htmlf(f, ", %s", _(support_words[k]));
    }
    if (n > 0)
        fputs("</li>\n", f);
    if (!gone && p->travel_minutes >= 0) {
        snprintf(line, sizeof line,
                 dngettext("kring", "Lives %d minute away from you.",
                           "Lives %d minutes away from you.",
                           (unsigned long)p->travel_minutes),
                 p->travel_minutes);
        htmlf(f, "<li>%s</li>\n", line);
    }
    fputs("</ul>\n", f);
    if (note != NULL)
        htmlf(f, "<p class=\"for-you\">%s</p>\n", note);
    if (gone) {
        htmlf(f, "<p class=\"remembered\">%s</p>\n</section>\n", why);
        return;
    }
    if (why != NULL) {
        /* A button that explains, and sends nothing. */
        htmlf(f,
              "<details class=\"cannot-ask\"><summary class=\"big\">%s"
              "</summary><p>%s</p></details>\n",
              _("I would like to ask this person"), why);
        youth_suggest_person(f, w, c, p, number);
        fputs("</section>\n", f);
        return;
    }
    htmlf(f,
          "<form method=\"post\" action=\"%s/%d/ask\">"
          "<input type=\"hidden\" name=\"csrf\" value=\"%s\">"
          "<input type=\"hidden\" name=\"ask\" value=\"%s\">",
          web_youth_base(c->code), (int)number, web_csrf(w),
          p->nominated ? "no" : "yes");
    if (p->nominated)
        htmlf(f,
              "<p class=\"asked\">%s</p><button type=\"submit\" "
              "class=\"quiet\">%s</button>",
              _("You would like to ask this person."), _("I changed my mind"));
    else
        htmlf(f, "<button type=\"submit\" class=\"big\">%s</button>",
              _("I would like to ask this person"));
    fputs("</form>\n", f);
    youth_suggest_person(f, w, c, p, number);
    fputs("</section>\n", f);
}

kring_status youth_people(FILE *f, const struct web *w, const kring_case *c,
                          const long *numbers, const char *open,
                          kring_error *err)
{
    kring_map_options o;
    kring_map *m = NULL;
    kring_scores s;
    kring_status rc;
    long at = web_person_at(c, numbers, open);
    size_t b;

    memset(&s, 0, sizeof s);
    kring_map_options_init(&o, KRING_THEME_YOUTH);
    if ((rc = kring_map_layout(c, NULL, &o, &m, err)) ||
        (rc = kring_score_case(c, NULL, &s, err)))
        goto out;
    /* Where the rings are: a person dragged to another circle is the
     * young person's "closer" or "further away". */
    fputs("<aside class=\"people\"", f);
    web_map_geometry(f, m);
    htmlf(f,
          "><p class=\"hint\">%s</p>\n"
          "<p class=\"find\" id=\"find-who\" hidden><label>%s "
          "<input type=\"search\" autocomplete=\"off\"></label></p>\n"
          "<ul class=\"who-list\">\n",
          _("Tap a person to see what was written down."), _("Find someone"));
    /* Only the people on the map: those the young person fears are left
     * out of it, and out of this list. */
    for (b = 0; b < m->n_boxes; b++) {
        const kring_person *q = m->boxes[b].who;
        size_t i = (size_t)(q - c->people);
        int asked = q->nominated && cannot_ask(exclusions_of(&s, i)) == NULL;
        htmlf(f,
              "<li><a class=\"who-link%s\" href=\"%s?person=%d\" "
              "data-node=\"p%zu\">%s</a></li>\n",
              asked ? " asked" : "", web_youth_base(c->code), (int)numbers[i],
              b + 1, q->name);
    }
    fputs("</ul>\n", f);
    for (b = 0; b < m->n_boxes; b++) {
        size_t i = (size_t)(m->boxes[b].who - c->people);
        youth_panel(f, w, c, m->boxes[b].who, numbers[i], b + 1,
                    at >= 0 && (size_t)at == i, exclusions_of(&s, i));
    }
    youth_suggest_forms(f, w, c);
    fputs("</aside>\n", f);
out:
    kring_scores_release(&s);
    kring_map_free(m);
    return rc;
}

void page_youth_problem(struct web *w, struct kh_response *res, int status,
                        const char *code, const char *text)
{
    struct page p;

    if (page_open(&p) < 0) {
        page_problem(w, res, 500, "out of memory");
        return;
    }
    page_head(p.f, w, _("Something is wrong"), NULL, "youth");
    page_message(p.f, text, 1);
    if (code != NULL)
        htmlf(p.f, "<p><a href=\"%s\">%s</a></p>\n", web_youth_base(code),
              _("Back"));
    page_foot(p.f);
    web_page(res, status, &p);
}

/* The first screen: what the map is and what a JIM is, in plain words
 * (for a 12-year-old; B1 in Dutch), over the map until it is closed. */
static void youth_intro(FILE *f, const kring_case *c)
{
    htmlf(f,
          "<section class=\"intro\" id=\"intro\" aria-labelledby=\"intro-h\">"
          "<h1 id=\"intro-h\">%s</h1>\n<p>%s</p>\n<p>%s</p>\n<p>%s</p>\n"
          "<p>%s</p>\n<p>%s</p>\n"
          "<a class=\"button big\" id=\"intro-go\" "
          "href=\"%s?map=1\">%s</a></section>\n",
          _("This is your map"),
          _("These are the people around you. You are in the middle. The "
            "closer someone is to the middle, the closer they are to you."),
          _("The colours show where you know them from: home, family, "
            "friends, school, free time."),
          _("A JIM is an adult from your own life who stands by you. Not "
            "your parent, and not someone whose job it is to help you. You "
            "choose who. Nobody else does."),
          _("Tap a person to see what was written down. If you like, you "
            "can say \"I would like to ask this person\": then you talk "
            "about it together first."),
          _("What you say here goes only to the person you made this map "
            "with. Nothing is passed on without you."),
          web_youth_base(c->code), _("Show my map"));
}

void page_youth(struct web *w, struct kh_response *res, const char *code,
                const char *open, const char *message, int said, int intro)
{
    kring_store *s = NULL;
    kring_case *c = NULL;
    long *numbers = NULL;
    kring_error err;
    struct page p;

    /* Every answer stays on the young person's screen, even a missing
     * case: no link away from it. */
    if (web_store(w, &s, &err) || kring_store_load_case(s, code, &c, &err)) {
        page_youth_problem(w, res, err.code == KRING_ERR_NOT_FOUND ? 404 : 500,
                           NULL, err.text);
        kring_store_close(s);
        return;
    }
    numbers = web_numbers(s, c);
    kring_store_close(s);
    if (numbers == NULL || page_open(&p) < 0) {
        page_youth_problem(w, res, 500, NULL, "out of memory");
        goto out;
    }
    page_head(p.f, w, _("Your people"), c->code, "youth");
    if (message != NULL)
        page_message(p.f, message, 1);
    else if (said)
        page_message(p.f,
                     _("Thank you. The person you made the map with will "
                       "see it, and you can talk about it together."),
                     0);
    if (intro)
        youth_intro(p.f, c);
    fputs("<div class=\"youth-view\">\n", p.f);
    page_map(p.f, w, c->code, KRING_THEME_YOUTH, _("Your people"));
    if (youth_people(p.f, w, c, numbers, open, &err))
        page_message(p.f, err.text, 1);
    fputs("</div>\n", p.f);
    if (web_on_phone())
        youth_phone_menu(p.f, w);
    page_foot(p.f);
    web_page(res, message != NULL ? 422 : 200, &p);
out:
    free(numbers);
    kring_case_free(c);
}

static void candidates(FILE *f, const kring_case *c, const kring_scores *s,
                       const kring_weights *weights)
{
    char buf[512];
    size_t i;
    int r, k;

    htmlf(f, "<h2>%s</h2>\n<p class=\"hint\">%s</p>\n",
          _("Who could be the mentor"),
          _("A suggestion for the conversation: the young person chooses."));
    for (i = 0; i < s->n_ranked; i++) {
        const kring_candidate *k0 = &s->ranked[i];
        const kring_person *p = &c->people[k0->person];
        htmlf(f,
              "<article class=\"candidate\"><h3><span class=\"rank\">%d"
              "</span> %s%s <span class=\"score\">",
              k0->rank, p->name, p->nominated ? " \xe2\x98\x85" : "");
        /* Numbers with the language's decimal sign, as the map's. */
        fputs(kring_number_format(buf, sizeof buf, k0->score, 2), f);
        htmlf(f, "</span></h3>\n<p class=\"parts\">%s ", _("closeness"));
        fputs(kring_number_format(buf, sizeof buf, k0->closeness, 2), f);
        htmlf(f, " \xc2\xb7 %s ", _("availability"));
        fputs(kring_number_format(buf, sizeof buf, k0->availability, 2), f);
        htmlf(f, " \xc2\xb7 %s ", _("embeddedness"));
        fputs(kring_number_format(buf, sizeof buf, k0->embeddedness, 2), f);
        fputs("</p>\n<ul class=\"reasons\">", f);
        for (r = 0; r < k0->n_reasons; r++)
            htmlf(f, "<li>%s</li>",
                  kring_reason_text(c, k0, (kring_reason)k0->reason[r], buf,
                                    sizeof buf));
        for (k = 0; k < KRING_WARN_COUNT; k++)
            if ((k0->warnings >> k) & 1u)
                htmlf(f, "<li class=\"warn\">%s</li>",
                      kring_warning_text(c, k0, (kring_warning)k, buf,
                                         sizeof buf));
        fputs("</ul></article>\n", f);
    }
    if (s->n_excluded == 0)
        return;
    htmlf(f, "<h3>%s</h3>\n<ul class=\"excluded\">\n",
          _("Not a candidate, and why"));
    for (i = 0; i < s->n_excluded; i++) {
        const kring_candidate *k0 = &s->excluded[i];
        int first = 1;
        htmlf(f, "<li><strong>%s</strong>%s: ", c->people[k0->person].name,
              c->people[k0->person].nominated ? " \xe2\x98\x85" : "");
        for (k = 0; k < KRING_EXCL_COUNT; k++) {
            if (!((k0->exclusions >> k) & 1u))
                continue;
            htmlf(f, "%s%s", first ? "" : "; ",
                  kring_exclusion_text(c, k0, (kring_exclusion)k, weights, buf,
                                       sizeof buf));
            first = 0;
        }
        fputs("</li>\n", f);
    }
    fputs("</ul>\n", f);
}

static void indicators(FILE *f, const kring_indicators *in)
{
    int k;

    htmlf(f,
          "<h2>%s</h2>\n<dl class=\"indicators\">"
          "<dt>%s</dt><dd>%zu</dd><dt>%s</dt><dd>%zu</dd>"
          "<dt>%s</dt><dd>%zu</dd><dt>%s</dt><dd>%zu</dd>"
          "<dt>%s</dt><dd>%s</dd></dl>\n",
          _("The network"), _("People"), in->size,
          _("Supportive informal adults"), in->supportive_informal_adults,
          _("Candidates"), in->candidates, _("Professionals"), in->formal,
          _("ZRM level"), kring_zrm_text(in->zrm_level));
    if (in->flags == 0)
        return;
    htmlf(f, "<h3>%s</h3>\n<ul class=\"flags\">", _("Points to discuss"));
    for (k = 0; k < KRING_FLAG_COUNT; k++)
        if ((in->flags >> k) & 1u)
            htmlf(f, "<li>%s</li>", kring_flag_text((kring_flag)k));
    fputs("</ul>\n", f);
}

static void choice_steps(FILE *f, const struct web *w, const kring_case *c,
                         const struct form *sent)
{
    const char *v;
    size_t i;
    int k;

    htmlf(f, "<h2 id=\"choice\">%s</h2>\n", _("The mentor choice"));
    if (c->n_choices == 0)
        page_message(f, _("No step has been recorded yet."), 0);
    else
        fputs("<ol class=\"steps\">", f);
    for (i = 0; i < c->n_choices; i++) {
        const kring_choice *ch = &c->choices[i];
        long at = kring_case_find_id(c, ch->person);
        char step[WEB_WORD_MAX];
        htmlf(f, "<li>%s: %s \xe2\x80\x94 %s%s%s</li>", ch->date,
              at >= 0 ? c->people[at].name : ch->person,
              web_word(KRING_ENUM_CHOICE_STATUS, ch->status, step),
              ch->note[0] ? ". " : "", ch->note);
    }
    if (c->n_choices > 0)
        fputs("</ol>\n", f);
    htmlf(f,
          "<form method=\"post\" action=\"/case/%s/choose\" class=\"add\">"
          "<input type=\"hidden\" name=\"csrf\" value=\"%s\"><div "
          "class=\"row\"><label>%s <select name=\"person\" required>"
          "<option value=\"\"></option>",
          c->code, web_csrf(w), _("Person"));
    v = sent != NULL ? form_get(sent, "person") : NULL;
    for (i = 0; i < c->n_people; i++)
        htmlf(f, "<option value=\"%s\"%s>%s</option>", c->people[i].id,
              v != NULL && strcmp(v, c->people[i].id) == 0 ? " selected" : "",
              c->people[i].name);
    htmlf(f, "</select></label><label>%s <select name=\"status\">", _("Step"));
    v = sent != NULL ? form_get(sent, "status") : NULL;
    for (k = 0; k < kring_enum_count(KRING_ENUM_CHOICE_STATUS); k++) {
        const char *word = kring_enum_name(KRING_ENUM_CHOICE_STATUS, k);
        char shown[WEB_WORD_MAX];
        htmlf(f, "<option value=\"%s\"%s>%s</option>", word,
              v != NULL && strcmp(v, word) == 0 ? " selected" : "",
              web_word(KRING_ENUM_CHOICE_STATUS, k, shown));
    }
    htmlf(f,
          "</select></label><label>%s <input type=\"date\" name=\"date\">"
          "</label><label class=\"wide\">%s <input type=\"text\" "
          "name=\"note\" maxlength=\"4000\" value=\"%s\"></label>"
          "<label class=\"check\"><input type=\"checkbox\" name=\"force\" "
          "value=\"yes\"> %s</label></div><button type=\"submit\">%s</button>"
          "</form>\n",
          _("Date"), _("Note"),
          sent != NULL && form_get(sent, "note") ? form_get(sent, "note") : "",
          _("record an unusual step anyway"), _("Record the step"));
}

void page_team(struct web *w, struct kh_response *res, const char *code,
               const char *message, const struct form *form)
{
    kring_case *c = load_case(w, res, code);
    kring_scores s;
    kring_indicators in;
    kring_weights weights;
    kring_error err;
    struct page p;
    char title[200];

    if (c == NULL)
        return;
    memset(&s, 0, sizeof s);
    if (kring_weights_default(&weights, &err) ||
        kring_score_case(c, &weights, &s, &err) ||
        kring_indicators_compute(c, &weights, &in, &err)) {
        page_problem(w, res, 500, err.text);
        kring_scores_release(&s);
        kring_case_free(c);
        return;
    }
    if (page_open(&p) < 0) {
        page_problem(w, res, 500, "out of memory");
        kring_scores_release(&s);
        kring_case_free(c);
        return;
    }
    snprintf(title, sizeof title, _("Team view of case %s"), c->code);
    page_head(p.f, w, title, c->code, "team");
    htmlf(p.f, "<h1>%s <span class=\"code\">%s</span></h1>\n", c->name,
          c->code);
    if (message != NULL)
        page_message(p.f, message, 1);
    htmlf(p.f,
          "<p class=\"links\"><a class=\"button\" href=\"/case/%s/"
          "sheet.pdf\">%s</a> <a href=\"/case/%s/map.pdf?theme=print\">%s"
          "</a> <a href=\"/case/%s/map.pdf?theme=team\">%s</a></p>\n",
          c->code, _("Print the sheet for the meeting (PDF)"), c->code,
          _("Print map (PDF)"), c->code, _("Team map (PDF)"));
    fputs("<div class=\"split\"><div class=\"left\">\n", p.f);
    page_map(p.f, w, c->code, KRING_THEME_TEAM, _("The team map"));
    indicators(p.f, &in);
    fputs("</div><div class=\"right\">\n", p.f);
    candidates(p.f, c, &s, &weights);
    choice_steps(p.f, w, c, form);
    web_outcomes_section(
        p.f, w, c,
        form != NULL && form_get(form, "satisfaction") != NULL ? form : NULL);
    suggestions_section(p.f, w, c, 0);
    fputs("</div></div>\n", p.f);
    page_foot(p.f);
    kring_scores_release(&s);
    kring_case_free(c);
    web_page(res, message != NULL ? 422 : 200, &p);
}
