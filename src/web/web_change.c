/* kring serve: the forms, and the changes they make. A form is decoded
 * here (application/x-www-form-urlencoded); its values become the fields
 * of the library's change (include/kring/change.h), the same call the
 * command line makes, so that a change from the browser is checked, made,
 * logged and refused as on the command line (docs/web.md). */
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web.h"

#define _(s) dgettext("kring", s)

/* The person form's fields, as kring_person_set_field() takes them: their
 * values stay the form's. */
struct fields {
    size_t n;
    kring_field f[40];
    char support[256];
};

static void put(struct fields *x, const char *name, const char *value)
{
    if (x->n < sizeof x->f / sizeof x->f[0]) {
        x->f[x->n].name = name;
        x->f[x->n].value = value;
        x->n++;
    }
}

/* The person form's fields into X, for a new person (ADD) or a change. An
 * empty value is left out of a new person, and clears a field otherwise. */
static void person_fields(struct fields *x, const struct form *f, int add)
{
    static const char *const text[] = {
        "role",      "ring",        "sector",         "age",
        "contact",   "known-years", "hours-per-week", "travel-minutes",
        "reachable", "quality",     "status",         "willing"};
    static const char *const clearable[] = {"age",
                                            "contact",
                                            "known-years",
                                            "hours-per-week",
                                            "travel-minutes",
                                            "reachable"};
    static const char *const flags[] = {"formal", "concern", "frightens",
                                        "nominated", "lives-with-child"};
    const char *v;
    size_t i, k;

    for (i = 0; i < sizeof text / sizeof text[0]; i++) {
        int clear = 0;
        if ((v = form_get(f, text[i])) == NULL)
            continue;
        for (k = 0; k < sizeof clearable / sizeof clearable[0]; k++)
            clear |= strcmp(text[i], clearable[k]) == 0;
        if (v[0] != '\0' || (clear && !add))
            put(x, text[i], v);
    }
    if (form_get(f, "fields") != NULL) { /* the checkboxes were shown */
        form_join(f, "support", x->support, sizeof x->support);
        if (x->support[0] != '\0' || !add)
            put(x, "support", x->support);
        for (i = 0; i < sizeof flags / sizeof flags[0]; i++)
            put(x, flags[i], form_get(f, flags[i]) != NULL ? "yes" : "no");
    }
    if ((v = form_get(f, "adult")) != NULL && (v[0] != '\0' || !add))
        put(x, "adult", v);
    if ((v = form_get(f, "notes")) != NULL && (v[0] != '\0' || !add))
        put(x, "notes", v);
    if ((v = form_get(f, "youth-note")) != NULL && (v[0] != '\0' || !add))
        put(x, "youth-note", v);
}

/* What a refused change says on the page: ERR's first line, its control
 * characters shown by their number (caller frees). */
static char *refusal(const kring_error *err)
{
    char *shown = NULL, *msg;
    const char *text = err->text;

    if (kring_controls_escape(text, 1, &shown))
        return strdup("out of memory");
    if (shown != NULL)
        text = shown;
    msg = strndup(text, strcspn(text, "\n"));
    free(shown);
    return msg != NULL ? msg : strdup("out of memory");
}

/* Makes the change CHANGE (one of the kring_change_* calls below, as
 * COMMAND in the audit log) and frees what it made; NULL when it was
 * made, else what the page says (caller frees). */
enum change_kind {
    C_CASE_NEW,
    C_PERSON_ADD,
    C_PERSON_SET,
    C_PERSON_RM,
    C_TIE_ADD,
    C_TIE_RM,
    C_TIE_SET,
    C_CHOOSE
};

struct change {
    enum change_kind kind;
    const char *code, *person, *other, *version;
    const struct fields *fields;
    kring_case *c;                    /* C_CASE_NEW */
    kring_person *p;                  /* C_PERSON_ADD */
    const char *strength, *quality;   /* C_TIE_ADD, _SET: "" the default */
    const char *status, *date, *note; /* C_CHOOSE: "" asked, NULL today */
    int force;                        /* C_CHOOSE */
    int conflict;                     /* set: refused for a stale version */
};

/* What a change's form says, checked as the command line checks its
 * options: before the store is opened. */
static kring_status check_form(struct change *ch, int *strength, int *quality,
                               int *status, kring_error *err)
{
    kring_status rc = KRING_OK;

    if (ch->kind == C_CASE_NEW)
        rc = kring_case_validate(ch->c, err);
    int tie = ch->kind == C_TIE_ADD || ch->kind == C_TIE_SET;

    if (tie && ch->strength[0] != '\0')
        rc = kring_enum_value(KRING_ENUM_STRENGTH, "strength", ch->strength,
                              strength, err);
    if (tie && rc == KRING_OK && ch->quality[0] != '\0')
        rc = kring_enum_value(KRING_ENUM_TIE_QUALITY, "quality", ch->quality,
                              quality, err);
    if (ch->kind == C_CHOOSE && ch->status[0] != '\0')
        rc = kring_enum_value(KRING_ENUM_CHOICE_STATUS, "status", ch->status,
                              status, err);
    if (ch->kind == C_CHOOSE && rc == KRING_OK && ch->date != NULL &&
        !kring_date_valid(ch->date)) {
        rc = err->code = KRING_ERR_INVALID;
        snprintf(err->text, sizeof err->text,
                 _("--date must be a date as YYYY-MM-DD, not '%s'"), ch->date);
    }
    return rc;
}

static char *make(struct web *w, struct change *ch)
{
    static const char *const command[] = {
        "case new", "person add", "person set", "person rm",
        "tie add",  "tie rm",     "tie set",    "choose"};
    const kring_actor who = {web_actor_user(), command[ch->kind]};
    kring_store *s = NULL;
    kring_error err;
    kring_status rc;
    int strength = KRING_STRENGTH_WEAK, quality = KRING_TIE_POSITIVE;
    int status = KRING_CHOICE_ASKED;

    /* A change of a tie keeps what its form does not send. */
    if (ch->kind == C_TIE_SET)
        strength = quality = -1;
    if ((rc = check_form(ch, &strength, &quality, &status, &err)))
        return refusal(&err);
    /* The change names its command in the audit log (the actor). */
    if ((rc = web_store_write(w, &s, &err))) {
        /* As the command line says it: the database first. */
        char said[KRING_ERROR_TEXT_MAX + 4096];
        snprintf(said, sizeof said, "%s: %s", w->db, err.text);
        snprintf(err.text, sizeof err.text, "%.*s", (int)sizeof err.text - 1,
                 said);
        return refusal(&err);
    }
    switch (ch->kind) {
    case C_CASE_NEW:
        rc = kring_change_case_new(s, &who, ch->c, &err);
        break;
    case C_PERSON_ADD:
        rc = kring_change_person_add(s, &who, ch->code, ch->p, NULL, &err);
        break;
    case C_PERSON_SET:
        rc = kring_change_person_set(s, &who, ch->code, ch->person,
                                     ch->fields->f, ch->fields->n, ch->version,
                                     NULL, NULL, &err);
        break;
    case C_PERSON_RM:
        rc = kring_change_person_rm(s, &who, ch->code, ch->person, ch->version,
                                    NULL, NULL, &err);
        break;
    case C_TIE_ADD:
        rc = kring_change_tie_add(s, &who, ch->code, ch->person, ch->other,
                                  (kring_strength)strength,
                                  (kring_tie_quality)quality, NULL, &err);
        break;
    case C_TIE_RM:
        rc = kring_change_tie_rm(s, &who, ch->code, ch->person, ch->other,
                                 ch->version, NULL, &err);
        break;
    case C_TIE_SET:
        rc = kring_change_tie_set(
            s, &who, ch->code, ch->person, ch->other, (kring_strength)strength,
            (kring_tie_quality)quality, ch->version, NULL, &err);
        break;
    case C_CHOOSE:
        rc = kring_change_choose(s, &who, ch->code, ch->person,
                                 (kring_choice_status)status, ch->date,
                                 ch->note, ch->force, NULL, NULL, NULL, &err);
        break;
    }
    kring_store_close(s);
    ch->conflict = rc == KRING_ERR_CONFLICT;
    return rc == KRING_OK ? NULL : refusal(&err);
}

/* The id of the person of case CODE whose number (in the address) is
 * NUMBER, into ID; with YOUTH, also why the young person cannot nominate
 * them (*WHY), or that they are not on the young person's map. 0 found,
 * -1 not: nobody has the number, or the form's id (the person the page
 * showed) is someone else's. */
static int person_of(struct web *w, const char *code, const char *number,
                     const struct form *f, char *id, size_t cap, int youth,
                     const char **why)
{
    kring_store *s = NULL;
    kring_case *c = NULL;
    kring_error err;
    long *numbers = NULL, at = -1;
    const char *sent = form_get(f, "id");

    /* Finding the person is part of the change, not a look at the case:
     * loaded inside a transaction of a store that writes, it logs no read
     * (the change's own line is the request's one line; a refusal's page
     * logs its read). Nothing is written: rolled back. */
    if (web_store_write(w, &s, &err) == KRING_OK &&
        kring_store_begin(s, &err) == KRING_OK &&
        kring_store_load_network(s, code, &c, &err) == KRING_OK &&
        (numbers = web_numbers(s, c)) != NULL)
        at = web_person_at(c, numbers, number);
    if (s != NULL)
        kring_store_rollback(s);
    if (at >= 0 && sent != NULL && strcmp(sent, c->people[at].id) != 0)
        at = -1;
    /* Whom the young person fears is not in their view: not to be
     * nominated from it either. */
    if (at >= 0 && youth && c->people[at].frightens)
        at = -1;
    if (at >= 0) {
        snprintf(id, cap, "%s", c->people[at].id);
        if (youth)
            *why = youth_cannot_ask(c, &c->people[at]);
    }
    free(numbers);
    kring_case_free(c);
    kring_store_close(s);
    return at >= 0 ? 0 : -1;
}

/* A word of E from the form's NAME into *V: "" not recorded. */
static int form_word(const struct form *f, const char *name, kring_enum e,
                     int *v, kring_error *err)
{
    const char *s = form_get(f, name);

    *v = 0;
    if (s == NULL || s[0] == '\0')
        return 0;
    if ((*v = kring_enum_parse(e, s)) > 0)
        return 0;
    err->code = KRING_ERR_INVALID;
    snprintf(err->text, sizeof err->text, _("%s must be one of: %s"), name,
             kring_enum_list(e));
    return -1;
}

/* The evaluation's outcome of case CODE from the team view's form F,
 * recorded; NULL when it was, else what the page says (caller frees). */
static char *outcome(struct web *w, const char *code, const struct form *f)
{
    const kring_actor who = {web_actor_user(), "outcome"};
    const char *date = form_get(f, "date"), *ended = form_get(f, "ended"),
               *mark = form_get(f, "satisfaction");
    kring_store *s = NULL;
    kring_outcome o;
    kring_error err;
    int v[4] = {0, 0, 0, 0}, bad;
    char *end = NULL;
    kring_status rc;

    kring_outcome_init(&o);
    bad = form_word(f, "placement", KRING_ENUM_PLACEMENT, &v[0], &err) ||
          form_word(f, "secure_care", KRING_ENUM_PLACEMENT, &v[1], &err) ||
          form_word(f, "school", KRING_ENUM_SCHOOL, &v[2], &err) ||
          form_word(f, "goals", KRING_ENUM_GOALS, &v[3], &err);
    o.placement = (kring_placement)v[0];
    o.secure_care = (kring_placement)v[1];
    o.school = (kring_school)v[2];
    o.goals = (kring_goals)v[3];
    o.ended_as_planned = ended != NULL && strcmp(ended, "yes") == 0  ? 1
                         : ended != NULL && strcmp(ended, "no") == 0 ? 0
                                                                     : -1;
    if (!bad && mark != NULL && mark[0]) {
        long m = strtol(mark, &end, 10);
        o.satisfaction = *end == '\0' && m >= -1 && m <= 100 ? (int)m : 0;
    }
    /* Borrowed: the form's, never freed here. */
    o.date = date != NULL && date[0] ? (char *)date : NULL;
    o.notes = (char *)((end = (char *)form_get(f, "notes")) ? end : "");
    if (bad)
        return refusal(&err);
    if ((rc = web_store_write(w, &s, &err)) == KRING_OK)
        rc = kring_change_outcome(s, &who, code, &o, &err);
    kring_store_close(s);
    /* kring_change_outcome() set a date of today's: its own, freed. */
    if (o.date != NULL && o.date != date)
        free(o.date);
    return rc == KRING_OK ? NULL : refusal(&err);
}

/* A new case from the form F, made; NULL when it was, else what the page
 * says (caller frees). */
static char *case_new(struct web *w, const struct form *f)
{
    struct change ch = {.kind = C_CASE_NEW};
    kring_case c = {0};
    kring_error err;
    const char *v;

    c.code = (char *)((v = form_get(f, "code")) ? v : "");
    c.name = (char *)((v = form_get(f, "name")) ? v : "");
    c.notes = "";
    if ((v = form_get(f, "birth-year")) != NULL && v[0] != '\0' &&
        kring_int_value("birth-year", v, 0, &c.birth_year, &err))
        return refusal(&err);
    ch.c = &c;
    return make(w, &ch);
}

/* The person of the form F as a new person of case CODE, added; NULL when
 * they were, else what the page says (caller frees). */
static char *person_add(struct web *w, const char *code, const struct form *f)
{
    struct fields x = {0};
    struct change ch = {.kind = C_PERSON_ADD, .code = code};
    kring_person p;
    kring_error err;
    const char *v;
    char *msg;

    put(&x, "name", (v = form_get(f, "name")) ? v : "");
    person_fields(&x, f, 1);
    if (kring_person_from_fields(&p, x.f, x.n, &err))
        return refusal(&err);
    ch.p = &p;
    msg = make(w, &ch);
    kring_person_release(&p);
    return msg;
}

/* A change to a case: CODE and ID are checked by the router; the form by
 * the library's change. */
/* The young person's suggestion, from their view: about person NUMBER
 * (closer, further), or not about one (right, missing). Stored, never
 * made; answered on their screen, which they never leave. */
static void youth_suggests(struct web *w, struct kh_response *res,
                           const char *code, const char *number,
                           const struct form *f)
{
    const kring_actor youth = {web_actor_user(), "serve: youth suggestion"};
    const char *kind = form_get(f, "kind"), *name = form_get(f, "name");
    const char *ring = form_get(f, "ring"), *why = NULL;
    kring_suggestion sg;
    kring_store *s = NULL;
    kring_error err;
    char id[KRING_ID_MAX + 1], back[300];
    int k = kind ? kring_enum_parse(KRING_ENUM_SUGGESTION_KIND, kind) : -1;
    int about = k == KRING_SUGGEST_CLOSER || k == KRING_SUGGEST_FURTHER;

    if (k < 0 || about != (number != NULL)) {
        page_youth_problem(w, res, 400, code, _("The form could not be read."));
        return;
    }
    kring_suggestion_init(&sg, (kring_suggestion_kind)k);
    /* Nobody the young person fears: they are not on the view. */
    if (about && person_of(w, code, number, f, id, sizeof id, 1, &why) < 0) {
        page_youth_problem(w, res, 404, code,
                           _("There is no such person in this case."));
        return;
    }
    if ((about && (sg.person = strdup(id)) == NULL) ||
        (k == KRING_SUGGEST_MISSING &&
         (sg.name = strdup(name != NULL ? name : "")) == NULL)) {
        kring_suggestion_release(&sg);
        page_youth_problem(w, res, 500, code, "out of memory");
        return;
    }
    if (k == KRING_SUGGEST_MISSING)
        sg.ring =
            ring != NULL && ring[0] >= '1' && ring[0] <= '3' && ring[1] == '\0'
                ? ring[0] - '0'
                : 0;
    if (web_store_write(w, &s, &err) ||
        kring_change_suggest(s, &youth, code, &sg, &err)) {
        char *said = refusal(&err);
        page_youth(w, res, code, number, said ? said : "out of memory", 0, 0);
        free(said);
    } else {
        snprintf(back, sizeof back, "%s?%s%s%ssaid=1", web_youth_base(code),
                 number ? "person=" : "", number ? number : "",
                 number ? "&" : "");
        web_redirect(res, back);
    }
    kring_store_close(s);
    kring_suggestion_release(&sg);
}

/* The professional's answer to suggestion N (its text as the page showed
 * it in "was"): accepted, the change it asks for is made. */
static void answer(struct web *w, struct kh_response *res, const char *code,
                   const char *n, int accept, const struct form *f)
{
    const kring_actor who = {web_actor_user(),
                             accept ? "serve: suggestion accept"
                                    : "serve: suggestion decline"};
    const char *role_word = form_get(f, "role");
    int role = role_word != NULL ? kring_enum_parse(KRING_ENUM_ROLE, role_word)
                                 : (int)KRING_ROLE_OTHER;
    kring_store *s = NULL;
    kring_error err;
    char *end = NULL, back[200];
    unsigned long number = strtoul(n, &end, 10);

    /* The page's text of the suggestion: never an answer without it. */
    if (end == n || *end != '\0' || number == 0 || number > 1000000 ||
        role < 0 || form_get(f, "was") == NULL) {
        page_problem(w, res, 404, _("There is no such page."));
        return;
    }
    if (web_store_write(w, &s, &err) ||
        kring_change_suggestion_decide(s, &who, code, (size_t)number,
                                       form_get(f, "was"), accept,
                                       (kring_role)role, NULL, &err)) {
        char *said = refusal(&err);
        kring_store_close(s);
        page_case(w, res, code, said ? said : "out of memory", NULL);
        free(said);
        return;
    }
    kring_store_close(s);
    snprintf(back, sizeof back, "/case/%s#suggestions", code);
    web_redirect(res, back);
}

void web_change(struct web *w, struct kh_response *res, char **part, int n,
                const struct form *f)
{
    struct fields x = {0};
    struct change ch = {.kind = C_PERSON_SET, .fields = &x};
    const char *code = n >= 2 ? part[1] : NULL, *v, *why = NULL;
    char *msg = NULL, back[300], id[256];

    ch.code = code;
    ch.person = id;
    if (n == 1) { /* POST /case: a new case */
        if ((msg = case_new(w, f)) != NULL)
            page_cases(w, res, msg, f);
        else {
            snprintf(back, sizeof back, "/case/%s", form_get(f, "code"));
            web_redirect(res, back);
        }
    } else if (n == 3 && strcmp(part[2], "person") == 0) {
        if ((msg = person_add(w, code, f)) != NULL)
            page_case(w, res, code, msg, f);
        else {
            snprintf(back, sizeof back, "/case/%s#people", code);
            web_redirect(res, back);
        }
    } else if ((n == 4 || (n == 5 && strcmp(part[4], "remove") == 0)) &&
               strcmp(part[2], "person") == 0 &&
               person_of(w, code, part[3], f, id, sizeof id, 0, &why) < 0) {
        page_problem(w, res, 404, _("There is no such person in this case."));
    } else if (n == 4 && strcmp(part[2], "person") == 0) {
        person_fields(&x, f, 0);
        if ((v = form_get(f, "name")) != NULL)
            put(&x, "name", v);
        /* Refused if the person changed since the form was read: the page
         * then shows both (409). */
        ch.version = form_get(f, "version");
        if ((msg = make(w, &ch)) != NULL)
            page_person(w, res, code, part[3], msg, f);
        else {
            snprintf(back, sizeof back, "/case/%s#people", code);
            web_redirect(res, back);
        }
    } else if (n == 5 && strcmp(part[2], "person") == 0 &&
               strcmp(part[4], "remove") == 0) {
        ch.kind = C_PERSON_RM;
        ch.version = form_get(f, "version");
        if ((msg = make(w, &ch)) != NULL && ch.conflict)
            page_problem(w, res, 409, msg);
        else if (msg != NULL)
            page_person(w, res, code, part[3], msg, NULL);
        else {
            snprintf(back, sizeof back, "/case/%s#people", code);
            web_redirect(res, back);
        }
    } else if ((n == 3 || n == 4) && strcmp(part[2], "tie") == 0 &&
               (n == 3 || strcmp(part[3], "remove") == 0 ||
                strcmp(part[3], "change") == 0)) {
        ch.kind = n == 3                           ? C_TIE_ADD
                  : strcmp(part[3], "remove") == 0 ? C_TIE_RM
                                                   : C_TIE_SET;
        /* Refused if the tie changed since the page was read (409). */
        ch.version = form_get(f, "version");
        ch.person = (v = form_get(f, "a")) ? v : "";
        ch.other = (v = form_get(f, "b")) ? v : "";
        ch.strength = (v = form_get(f, "strength")) ? v : "";
        ch.quality = (v = form_get(f, "quality")) ? v : "";
        if ((msg = make(w, &ch)) != NULL) {
            page_case(w, res, code, msg, n == 3 ? f : NULL);
            if (ch.conflict && res->status == 422)
                res->status = 409;
        } else {
            snprintf(back, sizeof back, "/case/%s#ties", code);
            web_redirect(res, back);
        }
    } else if (n == 5 && strcmp(part[2], "youth") == 0 &&
               strcmp(part[4], "ask") == 0 &&
               person_of(w, code, part[3], f, id, sizeof id, 1, &why) < 0) {
        page_youth_problem(w, res, 404, code,
                           _("There is no such person in this case."));
    } else if (n == 5 && strcmp(part[2], "youth") == 0 &&
               strcmp(part[4], "ask") == 0 && why != NULL &&
               !((v = form_get(f, "ask")) != NULL && strcmp(v, "no") == 0)) {
        /* Someone who cannot be asked: said why, nothing stored. */
        page_youth(w, res, code, part[3], why, 0, 0);
    } else if (n == 5 && strcmp(part[2], "youth") == 0 &&
               strcmp(part[4], "ask") == 0) {
        /* The young person's wish: their nomination. */
        v = form_get(f, "ask");
        put(&x, "nominated", v != NULL && strcmp(v, "no") == 0 ? "no" : "yes");
        if ((msg = make(w, &ch)) != NULL)
            page_youth(w, res, code, part[3], msg, 0, 0);
        else {
            snprintf(back, sizeof back, "%s?person=%s", web_youth_base(code),
                     part[3]);
            web_redirect(res, back);
        }
    } else if ((n == 4 || n == 5) && strcmp(part[2], "youth") == 0 &&
               strcmp(part[n - 1], "suggest") == 0) {
        youth_suggests(w, res, code, n == 5 ? part[3] : NULL, f);
    } else if (n == 5 && strcmp(part[2], "suggestion") == 0 &&
               (strcmp(part[4], "accept") == 0 ||
                strcmp(part[4], "decline") == 0)) {
        answer(w, res, code, part[3], strcmp(part[4], "accept") == 0, f);
    } else if (n == 3 && strcmp(part[2], "outcome") == 0) {
        if ((msg = outcome(w, code, f)) != NULL)
            page_team(w, res, code, msg, f);
        else {
            snprintf(back, sizeof back, "/case/%s/team#evaluations", code);
            web_redirect(res, back);
        }
    } else if (n == 3 && strcmp(part[2], "choose") == 0) {
        ch.kind = C_CHOOSE;
        ch.person = (v = form_get(f, "person")) ? v : "";
        ch.status = (v = form_get(f, "status")) ? v : "";
        ch.date = (v = form_get(f, "date")) != NULL && v[0] ? v : NULL;
        ch.note = (v = form_get(f, "note")) ? v : "";
        ch.force = form_get(f, "force") != NULL;
        if ((msg = make(w, &ch)) != NULL)
            page_team(w, res, code, msg, f);
        else {
            snprintf(back, sizeof back, "/case/%s/team#choice", code);
            web_redirect(res, back);
        }
    } else {
        page_problem(w, res, 404, _("There is no such page."));
    }
    free(msg);
}

/* kring server: a team lead's form of the case page (web_team.c) gives
 * case CODE to a team and a professional; the database says whether they
 * may (case_assign()). */
void web_assign(struct web *w, struct kh_response *res, const char *code,
                const struct form *f)
{
    const char *team = form_get(f, "team"), *who = form_get(f, "responsible");
    kring_store *s = NULL;
    kring_error err;
    char to[128];

    if (web_store_write(w, &s, &err) ||
        kring_case_assign(s, code, team, who ? who : "", &err)) {
        kring_store_close(s);
        page_case(w, res, code, err.text, NULL);
        return;
    }
    kring_store_close(s);
    snprintf(to, sizeof to, "/case/%s", code);
    web_redirect(res, to);
}
