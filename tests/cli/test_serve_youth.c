/* kring serve: the young person's view and the pages' addresses and
 * titles (docs/web.md). The view leads nowhere but to itself; it shows no
 * professional's notes and never names whom the young person fears; who
 * cannot be asked gets no button, and the server refuses their
 * nomination; titles and paths carry no names; numbers have the
 * language's decimal sign. Requests are made up and answered in process,
 * as in test_serve.c. */
#define _GNU_SOURCE /* strcasestr */
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "helpers.h"
#include "web.h"

struct fake {
    struct kh_request req;
    const char *names[8], *values[8];
    int n;
    const char *query_name, *query_value;
};

static const char *fake_header(const struct kh_request *r, const char *name)
{
    const struct fake *f = (const struct fake *)r;
    int i;

    for (i = 0; i < f->n; i++)
        if (strcasecmp(f->names[i], name) == 0)
            return f->values[i];
    return NULL;
}

static const char *fake_query(const struct kh_request *r, const char *name)
{
    const struct fake *f = (const struct fake *)r;

    return f->query_name && strcmp(f->query_name, name) == 0 ? f->query_value
                                                             : NULL;
}

static struct web w;
static char cookie[128];
static char own_host[64]; /* this run's own name:8730 */

static int ask_q(const char *method, const char *path, const char *name,
                 const char *value, const char *body, char **page,
                 char *location, size_t cap);

/* Starts the pages of DB in LANG and opens the address with the token, as
 * the browser does first, keeping the session cookie it is given. */
static void start(const char *db, const char *lang)
{
    struct fake f;
    struct kh_response res;
    const char *at;

    cr_assert_eq(web_init(&w, db, 0, lang), 0);
    w.port = 8730;
    snprintf(own_host, sizeof own_host, "%s:8730", w.name);
    w.ready = 1;
    memset(&f, 0, sizeof f);
    f.req.method = "GET";
    f.req.path = "/";
    f.req.body = "";
    f.req.header = fake_header;
    f.req.query = fake_query;
    f.query_name = "token";
    f.query_value = w.token;
    f.names[f.n] = "Host";
    f.values[f.n++] = own_host;
    memset(&res, 0, sizeof res);
    web_handle(&w, &f.req, &res);
    cr_assert_eq(res.status, 303);
    at = strstr(res.headers, "Set-Cookie: ");
    cr_assert_not_null(at);
    at += strlen("Set-Cookie: ");
    snprintf(cookie, sizeof cookie, "%.*s", (int)strcspn(at, ";\n"), at);
    free(res.body);
    free(res.headers);
}

/* Answers METHOD PATH (with the query NAME=VALUE when NAME is given) with
 * the cookie and BODY (a form, or NULL); the body as a string in *PAGE
 * (caller frees). Returns the status; LOCATION (if not NULL) gets the
 * Location header's value. */
static int ask_q(const char *method, const char *path, const char *name,
                 const char *value, const char *body, char **page,
                 char *location, size_t cap)
{
    struct fake f;
    struct kh_response res;
    int status;

    memset(&f, 0, sizeof f);
    f.req.method = method;
    f.req.path = path;
    f.req.body = "";
    f.req.header = fake_header;
    f.req.query = fake_query;
    f.query_name = name;
    f.query_value = value;
    f.names[f.n] = "Host";
    f.values[f.n++] = own_host;
    f.names[f.n] = "Cookie";
    f.values[f.n++] = cookie;
    if (body != NULL) {
        f.req.body = body;
        f.req.body_len = strlen(body);
        f.names[f.n] = "Content-Type";
        f.values[f.n++] = "application/x-www-form-urlencoded";
    }
    memset(&res, 0, sizeof res);
    web_handle(&w, &f.req, &res);
    if (page != NULL) {
        *page = malloc(res.len + 1);
        memcpy(*page, res.body, res.len);
        (*page)[res.len] = '\0';
    }
    if (location != NULL) {
        const char *at = res.headers ? strstr(res.headers, "Location: ") : 0;
        snprintf(location, cap, "%.*s", at ? (int)strcspn(at + 10, "\n") : 0,
                 at ? at + 10 : "");
    }
    status = res.status;
    free(res.body);
    free(res.headers);
    return status;
}

static int ask(const char *method, const char *path, const char *body,
               char **page)
{
    return ask_q(method, path, NULL, NULL, body, page, NULL, 0);
}

static void cli_ok(const char *db, const char *a, const char *b, const char *c,
                   const char *d, const char *e)
{
    struct t_run r = t_cli(NULL, "--db", db, a, b, c, d, e, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    t_run_free(&r);
}

/* Whether TEXT holds WORD, in any case. */
static int mentions(const char *text, const char *word)
{
    return strcasestr(text, word) != NULL;
}

/* Every address a page leads to (href=, action=, src=) must be one of
 * the young person's view of case 2026-014, or the page's own stylesheet,
 * script and icon. */
static void only_youth_addresses(const char *page, const char *where)
{
    static const char *const attrs[] = {"href=\"", "action=\"", "src=\"",
                                        "formaction=\""};
    size_t i;

    for (i = 0; i < sizeof attrs / sizeof attrs[0]; i++) {
        const char *at = page;
        while ((at = strstr(at, attrs[i])) != NULL) {
            char url[300];
            at += strlen(attrs[i]);
            snprintf(url, sizeof url, "%.*s", (int)strcspn(at, "\""), at);
            cr_assert(strcmp(url, "/case/2026-014/youth") == 0 ||
                          strcmp(url, "/case/2026-014/youth?map=1") == 0 ||
                          strncmp(url, "/case/2026-014/youth?person=", 28) ==
                              0 ||
                          (strncmp(url, "/case/2026-014/youth/", 21) == 0 &&
                           strlen(url) > 25 &&
                           strcmp(url + strlen(url) - 4, "/ask") == 0) ||
                          (strncmp(url, "/case/2026-014/youth/", 21) == 0 &&
                           strcmp(url + strlen(url) - 8, "/suggest") == 0) ||
                          strcmp(url, "/static/kring.css") == 0 ||
                          strcmp(url, "/static/kring.js") == 0 ||
                          strcmp(url, "data:,") == 0,
                      "%s leads to %s", where, url);
        }
    }
    cr_assert_null(strstr(page, "accesskey"), "%s has a key to elsewhere",
                   where);
}

/* The first screen says what the map is, what a JIM is, and that
 * nothing is passed on without them, in both languages; a panel, a thank
 * you or the map's own button skip it. */
Test(serve_youth, explains_itself_first)
{
    const char *db = t_noah_db();
    char *page;

    start(db, "en");
    cr_assert_eq(ask("GET", "/case/2026-014/youth", NULL, &page), 200);
    cr_assert_not_null(strstr(page, "<section class=\"intro\" id=\"intro\""));
    cr_assert_not_null(strstr(page, "This is your map"));
    cr_assert_not_null(strstr(page, "A JIM is an adult from your own life"));
    cr_assert_not_null(strstr(page, "You choose who. Nobody else does."));
    cr_assert_not_null(strstr(page, "Nothing is passed on without you."));
    cr_assert_not_null(
        strstr(page, "href=\"/case/2026-014/youth?map=1\">Show my map</a>"));
    only_youth_addresses(page, "the first screen");
    free(page);
    cr_assert_eq(
        ask_q("GET", "/case/2026-014/youth", "map", "1", NULL, &page, NULL, 0),
        200);
    cr_assert_null(strstr(page, "class=\"intro\""));
    free(page);
    cr_assert_eq(ask_q("GET", "/case/2026-014/youth", "person", "7", NULL,
                       &page, NULL, 0),
                 200);
    cr_assert_null(strstr(page, "class=\"intro\""));
    free(page);
    web_release(&w);
}

/* The same in Dutch; a server of its own, in a process of its own
 * (Graphviz keeps state past a context freed: one server a process). */
Test(serve_youth, explains_itself_first_in_dutch)
{
    const char *db = t_noah_db();
    char *page;

    start(db, "nl");
    cr_assert_eq(ask("GET", "/case/2026-014/youth", NULL, &page), 200);
    cr_assert_not_null(strstr(page, "Dit is jouw kaart"), "%s", page);
    cr_assert_not_null(strstr(page, "Jij kiest wie. Niemand anders."));
    only_youth_addresses(page, "het eerste scherm");
    free(page);
    web_release(&w);
}

Test(serve_youth, leads_nowhere_but_to_itself)
{
    const char *db = t_noah_db();
    char *page, body[200], location[300];

    start(db, "en");
    cr_assert_eq(ask("GET", "/case/2026-014/youth", NULL, &page), 200);
    cr_assert_not_null(strstr(page, "who-link"));
    only_youth_addresses(page, "the youth view");
    cr_assert_null(strstr(page, "href=\"/\""));
    cr_assert_null(strstr(page, "href=\"/case/2026-014\""));
    cr_assert_null(strstr(page, "/team"));
    free(page);
    cr_assert_eq(ask_q("GET", "/case/2026-014/youth", "person", "7", NULL,
                       &page, NULL, 0),
                 200);
    only_youth_addresses(page, "the youth view with Daan's panel");
    free(page);
    /* A nomination goes back to the view. */
    snprintf(body, sizeof body, "csrf=%s&ask=yes", w.csrf);
    cr_assert_eq(ask_q("POST", "/case/2026-014/youth/7/ask", NULL, NULL, body,
                       NULL, location, sizeof location),
                 303);
    cr_assert_str_eq(location, "/case/2026-014/youth?person=7");
    /* Its refusals stay on the young person's screen too: an expired
     * form, someone not there, a form that cannot be read, a missing
     * case. */
    cr_assert_eq(
        ask("POST", "/case/2026-014/youth/7/ask", "csrf=0&ask=yes", &page),
        403);
    only_youth_addresses(page, "an expired form");
    cr_assert_null(strstr(page, "href=\"/\""));
    free(page);
    snprintf(body, sizeof body, "csrf=%s&ask=yes", w.csrf);
    cr_assert_eq(ask("POST", "/case/2026-014/youth/99/ask", body, &page), 404);
    only_youth_addresses(page, "someone not there");
    free(page);
    cr_assert_eq(ask("POST", "/case/2026-014/youth/7/ask", "csrf=%zz", &page),
                 400);
    only_youth_addresses(page, "a form that cannot be read");
    free(page);
    cr_assert_eq(ask("GET", "/case/2099-001/youth", NULL, &page), 404);
    only_youth_addresses(page, "a missing case");
    cr_assert_null(strstr(page, "href=\"/\""));
    free(page);
    /* The case page opens it in a tab of its own: no history behind it
     * to go back to. */
    cr_assert_eq(ask("GET", "/case/2026-014", NULL, &page), 200);
    {
        const char *at = page;
        int n = 0;
        while ((at = strstr(at, "href=\"/case/2026-014/youth\"")) != NULL) {
            at += 27;
            cr_assert_eq(strncmp(at,
                                 " target=\"_blank\" rel=\"noopener "
                                 "noreferrer\">",
                                 43),
                         0, "a link to the youth view in the same tab");
            n++;
        }
        cr_assert_eq(n, 2, "the header's and the page's link");
    }
    free(page);
    web_release(&w);
}

Test(serve_youth, shows_no_notes_and_never_whom_they_fear)
{
    const char *db = t_noah_db();
    char *page;

    /* Marco frightens Noah; other people's notes name him. */
    cli_ok(db, "person", "set", "2026-014", "marco", "--frightens");
    cli_ok(db, "person", "set", "2026-014", "daan",
           "--notes=Vader van Daan kent marco jansen van de club");
    start(db, "en");
    cr_assert_eq(ask_q("GET", "/case/2026-014/youth", "person", "4", NULL,
                       &page, NULL, 0),
                 200);
    cr_assert(!mentions(page, "Marco"), "the youth view names Marco");
    cr_assert(!mentions(page, "Jansen"));
    /* No professional's notes: Oma Ria's and Daan's are in the case. */
    cr_assert_null(strstr(page, "Noah eet op woensdag bij oma."));
    cr_assert_null(strstr(page, "Vader van Daan"));
    cr_assert_null(strstr(page, "Written down:"));
    /* But what was recorded, in plain words. */
    cr_assert_not_null(strstr(page, "<h2>Oma Ria</h2>"));
    cr_assert_not_null(strstr(page, "<title>Your people \xe2\x80\x94 kring"
                                    "</title>"));
    free(page);
    /* Nor the map the view shows, when fetched on its own. */
    cr_assert_eq(ask_q("GET", "/case/2026-014/map.svg", "theme", "youth", NULL,
                       &page, NULL, 0),
                 200);
    cr_assert_not_null(strstr(page, "</svg>"));
    cr_assert(!mentions(page, "Marco"), "the youth map names Marco");
    cr_assert(!mentions(page, "Jansen"));
    free(page);
    web_release(&w);
}

/* The panels of Noah's case with youth notes set in memory (the store
 * keeps them once the case file does: wt-model). */
Test(serve_youth, shows_the_youth_note_unless_it_names_whom_they_fear)
{
    const char *db = t_noah_db();
    kring_store *s = NULL;
    kring_case *c = NULL;
    kring_error err;
    struct page p;
    long *numbers;
    size_t i;

    cli_ok(db, "person", "set", "2026-014", "marco", "--frightens");
    start(db, "en");
    cr_assert_eq(web_store(&w, &s, &err), KRING_OK);
    cr_assert_eq(kring_store_load_case(s, "2026-014", &c, &err), KRING_OK);
    numbers = web_numbers(s, c);
    cr_assert_not_null(numbers);
    kring_store_close(s);
    for (i = 0; i < c->n_people; i++) {
        const char *id = c->people[i].id, *note = NULL;
        if (strcmp(id, "oma-ria") == 0)
            note = "Oma kookt graag voor je & belt op zondag.";
        else if (strcmp(id, "daan") == 0)
            note = "Daan gaat met MARCO vissen."; /* a word of his name */
        else if (strcmp(id, "kees") == 0)
            note = "Kees kent marco jansen."; /* his whole name */
        else if (strcmp(id, "fatima") == 0)
            note = "Fatima zag Marcolino gisteren."; /* not his name */
        else if (strcmp(id, "marco") == 0)
            note = "Marco zelf.";
        else if (strcmp(id, "lotte") == 0)
            note = "Lotte, de zus van Jansens buurman."; /* no whole word */
        if (note != NULL)
            cr_assert_not_null(c->people[i].youth_note = strdup(note));
    }
    cr_assert_eq(page_open(&p), 0);
    cr_assert_eq(youth_people(p.f, &w, c, numbers, "4", &err), KRING_OK);
    fclose(p.f);
    cr_assert_not_null(
        strstr(p.buf, "<p class=\"for-you\">Oma kookt graag voor je &amp; "
                      "belt op zondag.</p>"));
    cr_assert_not_null(strstr(p.buf, "Fatima zag Marcolino gisteren."));
    cr_assert_not_null(strstr(p.buf, "Lotte, de zus van Jansens buurman."));
    cr_assert_null(strstr(p.buf, "vissen"), "a note naming Marco is shown");
    cr_assert_null(strstr(p.buf, "Kees kent"), "a note naming Marco is shown");
    cr_assert_null(strstr(p.buf, "Marco zelf"));
    cr_assert_null(strstr(p.buf, "Noah eet op woensdag"), "notes are shown");
    /* Oma Ria's panel (number 4) is the open one. */
    {
        const char *four = strstr(p.buf, "id=\"who-4\" data-node=\"p");
        const char *seven = strstr(p.buf, "id=\"who-7\" data-node=\"p");
        cr_assert_not_null(four);
        cr_assert_not_null(seven);
        cr_assert_null(memmem(four, strcspn(four, ">"), "hidden", 6));
        cr_assert_not_null(memmem(seven, strcspn(seven, ">"), "hidden", 6));
    }
    free(p.buf);
    cr_assert_str_eq(
        youth_note_shown(c, &c->people[kring_case_find_id(c, "oma-ria")]),
        "Oma kookt graag voor je & belt op zondag.");
    cr_assert_null(
        youth_note_shown(c, &c->people[kring_case_find_id(c, "daan")]));
    free(numbers);
    kring_case_free(c);
    web_release(&w);
}

/* The panel of the person numbered N in PAGE, up to its end. */
static char *panel(const char *page, int n)
{
    char id[32];
    const char *at, *end;

    snprintf(id, sizeof id, "id=\"who-%d\"", n);
    at = strstr(page, id);
    cr_assert_not_null(at, "no panel %d", n);
    end = strstr(at, "</section>");
    cr_assert_not_null(end);
    return strndup(at, (size_t)(end - at));
}

Test(serve_youth, no_nomination_of_who_cannot_be_asked)
{
    /* By the sample's order: 1 mama Sanne (parent), 2 Marco (stepparent),
     * 5 Opa Henk (deceased), 11 Inge Smit (formal), 7 Daan (a friend). */
    static const int parents[] = {1, 2, 11};
    const char *db = t_noah_db();
    char *page, *one, *before, *after, path[64], body[200];
    size_t i;

    start(db, "en");
    cr_assert_eq(ask("GET", "/case/2026-014/youth", NULL, &page), 200);
    one = panel(page, 5);
    cr_assert_not_null(strstr(one, "This person has died. They are still "
                                   "part of your story."));
    cr_assert_null(strstr(one, "<form"));
    cr_assert_null(strstr(one, "I would like to ask"));
    free(one);
    for (i = 0; i < sizeof parents / sizeof parents[0]; i++) {
        one = panel(page, parents[i]);
        cr_assert_null(strstr(one, "/ask\""), "%d has a form to ask",
                       parents[i]);
        cr_assert_not_null(
            strstr(one, "<details class=\"cannot-ask\"><summary "
                        "class=\"big\">I would like to ask this person"
                        "</summary><p>Your mentor is someone besides your "
                        "parents and the people whose job it is to help "
                        "you. Is there someone else you trust?</p>"),
            "%d", parents[i]);
        free(one);
    }
    one = panel(page, 7);
    cr_assert_not_null(strstr(one, "action=\"/case/2026-014/youth/7/ask\""));
    free(one);
    free(page);
    /* The server refuses them too, and stores nothing. */
    before = t_dump_db(db);
    snprintf(body, sizeof body, "csrf=%s&ask=yes", w.csrf);
    for (i = 0; i < 4; i++) {
        int n = i < 3 ? parents[i] : 5;
        snprintf(path, sizeof path, "/case/2026-014/youth/%d/ask", n);
        cr_assert_eq(ask("POST", path, body, &page), 422, "%d", n);
        cr_assert_not_null(strstr(page, "class=\"error\""));
        only_youth_addresses(page, "a refused nomination");
        free(page);
    }
    /* Nor whom they fear, who is not in their view. */
    cli_ok(db, "person", "set", "2026-014", "daan", "--frightens");
    free(before);
    before = t_dump_db(db);
    cr_assert_eq(ask("POST", "/case/2026-014/youth/7/ask", body, &page), 404);
    free(page);
    after = t_dump_db(db);
    cr_assert_str_eq(after, before, "a refused nomination was stored");
    free(after);
    free(before);
    web_release(&w);
}

/* What `kring suggestions 2026-014 --json` says of DB. */
static char *suggestions_json(const char *db)
{
    struct t_run r =
        t_cli(NULL, "--db", db, "--json", "suggestions", "2026-014", NULL);
    char *out;

    cr_assert_eq(r.status, 0, "%s", r.err);
    out = strdup(r.out);
    t_run_free(&r);
    return out;
}

/* The young person's suggestions: stored, never made, and said thank you
 * for on their own screen, which they never leave. */
Test(serve_youth, suggestions_are_kept_and_change_nothing)
{
    const char *db = t_noah_db();
    char *page, *json, *before, *after, body[300], location[300];
    struct t_run r;

    start(db, "en");
    cr_assert_eq(ask("GET", "/case/2026-014/youth", NULL, &page), 200);
    cr_assert_not_null(
        strstr(page, "action=\"/case/2026-014/youth/6/suggest\""));
    cr_assert_not_null(strstr(page, "Someone is missing"));
    only_youth_addresses(page, "the youth view with its suggestions");
    free(page);
    /* Tante Sandra (6) is closer: kept, and she stays in the middle. */
    snprintf(body, sizeof body, "csrf=%s&kind=closer", w.csrf);
    cr_assert_eq(ask_q("POST", "/case/2026-014/youth/6/suggest", NULL, NULL,
                       body, NULL, location, sizeof location),
                 303);
    cr_assert_str_eq(location, "/case/2026-014/youth?person=6&said=1");
    cr_assert_eq(
        ask_q("GET", "/case/2026-014/youth", "said", "1", NULL, &page, NULL, 0),
        200);
    cr_assert_not_null(strstr(page, "Thank you."));
    only_youth_addresses(page, "the thanks");
    free(page);
    /* Ayla is missing, close. */
    snprintf(body, sizeof body, "csrf=%s&kind=missing&name=Ayla&ring=1",
             w.csrf);
    cr_assert_eq(ask_q("POST", "/case/2026-014/youth/suggest", NULL, NULL, body,
                       NULL, location, sizeof location),
                 303);
    cr_assert_str_eq(location, "/case/2026-014/youth?said=1");
    json = suggestions_json(db);
    cr_assert_not_null(strstr(json, "\"kind\": \"closer\",\n"
                                    "      \"person\": \"tante-sandra\""),
                       "%s", json);
    cr_assert_not_null(strstr(json, "\"name\": \"Ayla\",\n"
                                    "      \"ring\": 1,"),
                       "%s", json);
    free(json);
    r = t_cli(NULL, "--db", db, "--json", "case", "show", "2026-014", NULL);
    cr_assert_null(strstr(r.out, "\"id\": \"ayla\""),
                   "a suggestion made a person");
    cr_assert_not_null(strstr(r.out, "\"name\": \"Tante Sandra\",\n"
                                     "      \"role\": \"aunt_uncle\",\n"
                                     "      \"sector\": \"family\",\n"
                                     "      \"ring\": 2,"));
    t_run_free(&r);
    /* What is wrong is said on their screen, and nothing is kept. */
    before = t_dump_db(db);
    snprintf(body, sizeof body, "csrf=%s&kind=missing&name=&ring=2", w.csrf);
    cr_assert_eq(ask("POST", "/case/2026-014/youth/suggest", body, &page), 422);
    cr_assert_not_null(strstr(page, "class=\"error\""));
    only_youth_addresses(page, "a refused suggestion");
    free(page);
    snprintf(body, sizeof body, "csrf=%s&kind=closer", w.csrf);
    cr_assert_eq(ask("POST", "/case/2026-014/youth/suggest", body, &page), 400);
    only_youth_addresses(page, "a suggestion about nobody");
    free(page);
    snprintf(body, sizeof body, "csrf=%s&kind=wrong", w.csrf);
    cr_assert_eq(ask("POST", "/case/2026-014/youth/6/suggest", body, &page),
                 400);
    free(page);
    snprintf(body, sizeof body, "kind=right");
    cr_assert_eq(ask("POST", "/case/2026-014/youth/suggest", body, &page), 403,
                 "no CSRF token");
    free(page);
    /* Whom they fear is not in their view, nor can be suggested about. */
    cli_ok(db, "person", "set", "2026-014", "daan", "--frightens");
    free(before);
    before = t_dump_db(db);
    snprintf(body, sizeof body, "csrf=%s&kind=further", w.csrf);
    cr_assert_eq(ask("POST", "/case/2026-014/youth/7/suggest", body, &page),
                 404);
    only_youth_addresses(page, "a suggestion about whom they fear");
    free(page);
    after = t_dump_db(db);
    cr_assert_str_eq(after, before, "a refused suggestion was stored");
    free(after);
    free(before);
    web_release(&w);
}

/* The professional answers each on the case page; the team reads them. */
Test(serve_pages, suggestions_are_answered_on_the_case_page)
{
    const char *db = t_noah_db();
    char *page, *before, *after, body[400], location[300];
    const char *was;
    struct t_run r;

    start(db, "en");
    snprintf(body, sizeof body, "csrf=%s&kind=closer", w.csrf);
    cr_assert_eq(ask("POST", "/case/2026-014/youth/6/suggest", body, NULL),
                 303);
    snprintf(body, sizeof body, "csrf=%s&kind=missing&name=Ayla&ring=2",
             w.csrf);
    cr_assert_eq(ask("POST", "/case/2026-014/youth/suggest", body, NULL), 303);
    cr_assert_eq(ask("GET", "/case/2026-014", NULL, &page), 200);
    cr_assert_not_null(strstr(page, "id=\"suggestions\""));
    cr_assert_not_null(
        strstr(page, "action=\"/case/2026-014/suggestion/1/accept\""));
    cr_assert_not_null(
        strstr(page, "action=\"/case/2026-014/suggestion/2/decline\""));
    was = strstr(page, "name=\"was\" value=\"closer ");
    cr_assert_not_null(was);
    free(page);
    cr_assert_eq(ask("GET", "/case/2026-014/team", NULL, &page), 200);
    cr_assert_not_null(strstr(page, "id=\"suggestions\""));
    cr_assert_null(strstr(page, "/suggestion/1/accept"), "the team only reads");
    free(page);
    /* A page that shows another first suggestion: refused, nothing done. */
    before = t_dump_db(db);
    snprintf(body, sizeof body, "csrf=%s&was=missing+2026-01-01+Ayla", w.csrf);
    cr_assert_eq(ask("POST", "/case/2026-014/suggestion/1/accept", body, &page),
                 422);
    cr_assert_not_null(strstr(page, "have changed since this page"));
    free(page);
    after = t_dump_db(db);
    cr_assert_str_eq(after, before, "a stale answer changed the case");
    free(after);
    free(before);
    /* Accepted: Tante Sandra moves into the closest circle. */
    r = t_cli(NULL, "--db", db, "--json", "suggestions", "2026-014", NULL);
    {
        char date[11], version[100];
        const char *at = strstr(r.out, "\"date\": \"");
        cr_assert_not_null(at);
        snprintf(date, sizeof date, "%.10s", at + 9);
        snprintf(version, sizeof version, "closer+%s+tante-sandra", date);
        snprintf(body, sizeof body, "csrf=%s&was=%s", w.csrf, version);
    }
    t_run_free(&r);
    cr_assert_eq(ask_q("POST", "/case/2026-014/suggestion/1/accept", NULL, NULL,
                       body, NULL, location, sizeof location),
                 303);
    cr_assert_str_eq(location, "/case/2026-014#suggestions");
    r = t_cli(NULL, "--db", db, "--json", "case", "show", "2026-014", NULL);
    cr_assert_not_null(strstr(r.out, "\"name\": \"Tante Sandra\",\n"
                                     "      \"role\": \"aunt_uncle\",\n"
                                     "      \"sector\": \"family\",\n"
                                     "      \"ring\": 1,"));
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "audit", "2026-014", "--changes", NULL);
    cr_assert_not_null(strstr(r.out, "serve: suggestion accept (the young "
                                     "person's suggestion 1)"),
                       "%s", r.out);
    t_run_free(&r);
    /* Never an answer without the page's text of the suggestion. */
    snprintf(body, sizeof body, "csrf=%s", w.csrf);
    cr_assert_eq(ask("POST", "/case/2026-014/suggestion/2/decline", body, NULL),
                 404);
    /* Declined: nothing else changes. */
    r = t_cli(NULL, "--db", db, "--json", "suggestions", "2026-014", NULL);
    {
        const char *at = strstr(r.out, "\"name\": \"Ayla\"");
        const char *d = at ? strstr(r.out, "\"date\": \"") : NULL;
        cr_assert_not_null(d);
        snprintf(body, sizeof body, "csrf=%s&was=missing+%.10s+Ayla", w.csrf,
                 d + 9);
    }
    t_run_free(&r);
    cr_assert_eq(ask("POST", "/case/2026-014/suggestion/2/decline", body, NULL),
                 303);
    r = t_cli(NULL, "--db", db, "--json", "case", "show", "2026-014", NULL);
    cr_assert_null(strstr(r.out, "\"id\": \"ayla\""));
    t_run_free(&r);
    cr_assert_eq(ask("POST", "/case/2026-014/suggestion/x/accept", body, NULL),
                 404);
    web_release(&w);
}

/* The <title> of PAGE. */
static char *title_of(const char *page)
{
    const char *at = strstr(page, "<title>"), *end;

    cr_assert_not_null(at);
    at += 7;
    end = strstr(at, "</title>");
    cr_assert_not_null(end);
    return strndup(at, (size_t)(end - at));
}

Test(serve_pages, no_names_in_titles_or_paths)
{
    static const char *const paths[] = {"/",
                                        "/case/2026-014",
                                        "/case/2026-014/person/4",
                                        "/case/2026-014/youth",
                                        "/case/2026-014/team",
                                        "/case/nope"};
    const char *db = t_noah_db();
    char *page, *title, *before, *after, body[200], location[300];
    size_t i;
    json_t *doc, *p;
    struct t_run r;

    start(db, "en");
    r = t_cli(NULL, "--db", db, "--json", "case", "show", "2026-014", NULL);
    doc = json_loads(r.out, 0, NULL);
    cr_assert_not_null(doc);
    t_run_free(&r);
    for (i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        size_t k;
        ask("GET", paths[i], NULL, &page);
        title = title_of(page);
        cr_assert(!mentions(title, "Noah"), "%s: %s", paths[i], title);
        json_array_foreach(json_object_get(doc, "people"), k, p)
        {
            const char *name = json_string_value(json_object_get(p, "name"));
            cr_assert_null(strstr(title, name), "%s: %s", paths[i], title);
        }
        free(title);
        free(page);
    }
    json_decref(doc);
    /* A person is addressed by a number, not by the id made of their
     * name: every link, form and redirect. */
    cr_assert_eq(ask("GET", "/case/2026-014", NULL, &page), 200);
    cr_assert_not_null(strstr(page, "<a href=\"/case/2026-014/person/4\">Oma "
                                    "Ria</a>"));
    cr_assert_null(strstr(page, "/person/oma-ria"));
    free(page);
    cr_assert_eq(ask("GET", "/case/2026-014/person/4", NULL, &page), 200);
    cr_assert_not_null(strstr(page, "action=\"/case/2026-014/person/4\""));
    cr_assert_not_null(
        strstr(page, "action=\"/case/2026-014/person/4/remove\""));
    cr_assert_not_null(strstr(page, "value=\"Oma Ria\""));
    free(page);
    cr_assert_eq(ask("GET", "/case/2026-014/youth", NULL, &page), 200);
    cr_assert_null(strstr(page, "oma-ria"));
    cr_assert_null(strstr(page, "person=daan"));
    free(page);
    cr_assert_eq(ask("GET", "/case/2026-014/person/oma-ria", NULL, &page), 404);
    free(page);
    cr_assert_eq(ask("GET", "/case/2026-014/person/04", NULL, &page), 404);
    free(page);
    cr_assert_eq(ask("GET", "/case/2026-014/person/12", NULL, &page), 404);
    free(page);
    /* The number stays with the person when someone before them goes:
     * Lotte (3) removed, 4 is still Oma Ria. */
    snprintf(body, sizeof body, "csrf=%s&id=lotte", w.csrf);
    cr_assert_eq(ask_q("POST", "/case/2026-014/person/3/remove", NULL, NULL,
                       body, NULL, location, sizeof location),
                 303);
    cr_assert_str_eq(location, "/case/2026-014#people");
    cr_assert_eq(ask("GET", "/case/2026-014/person/4", NULL, &page), 200);
    cr_assert_not_null(strstr(page, "value=\"Oma Ria\""));
    free(page);
    cr_assert_eq(ask("GET", "/case/2026-014/person/3", NULL, &page), 404);
    free(page);
    /* A form of a page whose number has come to mean someone else
     * changes nothing. */
    before = t_dump_db(db);
    snprintf(body, sizeof body, "csrf=%s&id=daan&ring=3", w.csrf);
    cr_assert_eq(ask("POST", "/case/2026-014/person/4", body, &page), 404);
    free(page);
    snprintf(body, sizeof body, "csrf=%s&ring=3", w.csrf);
    cr_assert_eq(ask("POST", "/case/2026-014/person/oma-ria", body, &page),
                 404);
    free(page);
    after = t_dump_db(db);
    cr_assert_str_eq(after, before);
    free(after);
    free(before);
    web_release(&w);
}

/* The first score on the team page: its four characters after the tag. */
static void first_score(const char *page, char *out)
{
    const char *at = strstr(page, "<span class=\"score\">");

    cr_assert_not_null(at);
    snprintf(out, 5, "%s", at + strlen("<span class=\"score\">"));
}

Test(serve_pages, numbers_have_the_language_decimal_sign)
{
    const char *db = t_noah_db();
    char *page, score[8];

    start(db, "nl");
    cr_assert_eq(ask("GET", "/case/2026-014/team", NULL, &page), 200);
    first_score(page, score);
    cr_assert(score[0] >= '0' && score[0] <= '1' && score[1] == ',' &&
                  score[2] >= '0' && score[2] <= '9' && score[3] >= '0' &&
                  score[3] <= '9',
              "a Dutch score is %s", score);
    cr_assert_not_null(strstr(page, "nabijheid 0,"), "the parts too");
    free(page);
    web_release(&w);
}

/* One server a test: Graphviz's text plugin keeps a pointer into the
 * first renderer of a process after it is freed. */
Test(serve_pages, numbers_in_english_have_a_decimal_point)
{
    const char *db = t_noah_db();
    char *page, score[8];

    start(db, "en");
    cr_assert_eq(ask("GET", "/case/2026-014/team", NULL, &page), 200);
    first_score(page, score);
    cr_assert(score[1] == '.', "an English score is %s", score);
    free(page);
    web_release(&w);
}

/* The number in a person's address is never given to someone else of the
 * case: remove the person added last, add another, and the newcomer has a
 * number of their own (a page or a bookmark of the removed one leads to
 * nobody). */
Test(serve_pages, a_removed_persons_number_is_never_given_again)
{
    const char *db = t_noah_db();
    kring_store *s = NULL;
    kring_case *c = NULL;
    long numbers[64], gone = 0, now = 0;
    size_t i;

    struct t_run r =
        t_cli(NULL, "--db", db, "person", "add", "2026-014", "Buurman Piet",
              "--role=neighbour", "--ring=3", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    t_run_free(&r);
    cr_assert_eq(kring_store_open(db, 0, &s, NULL), KRING_OK);
    cr_assert_eq(kring_store_load_case(s, "2026-014", &c, NULL), KRING_OK);
    cr_assert_lt(c->n_people, 64);
    cr_assert_eq(kring_store_people_numbers(s, c, numbers, NULL), KRING_OK);
    for (i = 0; i < c->n_people; i++)
        if (strcmp(c->people[i].name, "Buurman Piet") == 0)
            gone = numbers[i];
    kring_case_free(c);
    kring_store_close(s);
    cr_assert_gt(gone, 0);
    r = t_cli(NULL, "--db", db, "person", "rm", "2026-014", "Buurman Piet",
              NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "person", "add", "2026-014", "Buurvrouw Els",
              "--role=neighbour", "--ring=3", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    t_run_free(&r);
    cr_assert_eq(kring_store_open(db, 0, &s, NULL), KRING_OK);
    cr_assert_eq(kring_store_load_case(s, "2026-014", &c, NULL), KRING_OK);
    cr_assert_eq(kring_store_people_numbers(s, c, numbers, NULL), KRING_OK);
    for (i = 0; i < c->n_people; i++) {
        cr_assert_neq(numbers[i], gone, "%s has the removed one's number",
                      c->people[i].name);
        if (strcmp(c->people[i].name, "Buurvrouw Els") == 0)
            now = numbers[i];
    }
    cr_assert_gt(now, 0);
    kring_case_free(c);
    kring_store_close(s);
}
