/* kring serve: the forms' decoding, the escaping, and web_handle()
 * answering made-up requests in process (no socket): the token, the Host,
 * the CSRF token, the routes, the changes and their refusals. The browser
 * test (tests/web/web_check.js) does the same through real HTTP. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"
#include "web.h"

/* --- forms and escaping --------------------------------------------- */

Test(serve_form, decodes_fields)
{
    static const char body[] = "a=1&name=Oma+Ria&x=%3Cb%3E%26&empty=&flag&"
                               "s=emotional&s=fun&utf=Zo%C3%AB";
    struct form f;
    char joined[64];

    cr_assert_eq(form_parse(&f, body, strlen(body)), 0);
    cr_assert_eq(f.n, 8);
    cr_assert_str_eq(form_get(&f, "a"), "1");
    cr_assert_str_eq(form_get(&f, "name"), "Oma Ria");
    cr_assert_str_eq(form_get(&f, "x"), "<b>&");
    cr_assert_str_eq(form_get(&f, "empty"), "");
    cr_assert_str_eq(form_get(&f, "flag"), "");
    cr_assert_str_eq(form_get(&f, "utf"), "Zo\xc3\xab");
    cr_assert_null(form_get(&f, "nope"));
    form_join(&f, "s", joined, sizeof joined);
    cr_assert_str_eq(joined, "emotional,fun");
    form_release(&f);
    cr_assert_eq(form_parse(&f, "", 0), 0);
    cr_assert_eq(f.n, 0);
}

Test(serve_form, refuses_what_is_not_a_form)
{
    static const char *const bad[] = {"a=%zz", "a=%4",      "a=%", "a=%00",
                                      "%00=1", "a=1&b=%G1", "a=x%"};
    char many[64 * 4 + 16] = "";
    struct form f;
    size_t i;

    for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
        cr_assert_eq(form_parse(&f, bad[i], strlen(bad[i])), -1, "%s", bad[i]);
    /* A NUL inside the body, not escaped. */
    cr_assert_eq(form_parse(&f, "a=b\0c", 5), -1);
    for (i = 0; i < FORM_MAX + 1; i++)
        strcat(many, "k=v&");
    cr_assert_eq(form_parse(&f, many, strlen(many)), -1);
}

Test(serve_html, escapes_every_special_character)
{
    struct page p;

    cr_assert_eq(page_open(&p), 0);
    html(p.f, "<script>alert('x') & \"y\"</script>");
    htmlf(p.f, "|%s|%d|%zu|%%", "<i>", -3, (size_t)7);
    fclose(p.f);
    cr_assert_str_eq(p.buf, "&lt;script&gt;alert(&#39;x&#39;) &amp; "
                            "&quot;y&quot;&lt;/script&gt;|&lt;i&gt;|-3|7|%");
    free(p.buf);
}

/* --- requests in process -------------------------------------------- */

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
static char own_host[64], own_origin[80]; /* this run's own name:8730 */

static void fake_init(struct fake *f, const char *method, const char *path);

/* Opens the address with the live token, as the browser does first, and
 * keeps the cookie it sets (after another one, as a browser may send).
 * The visit takes the token: w.token is the next one after it. */
static void log_in(void)
{
    struct kh_response res;
    struct fake f;
    const char *at;

    fake_init(&f, "GET", "/");
    f.query_name = "token";
    f.query_value = w.token;
    memset(&res, 0, sizeof res);
    web_handle(&w, &f.req, &res);
    cr_assert_eq(res.status, 303);
    at = strstr(res.headers, "Set-Cookie: ");
    cr_assert_not_null(at);
    at += strlen("Set-Cookie: ");
    snprintf(cookie, sizeof cookie, "other=1; %.*s", (int)strcspn(at, ";\n"),
             at);
    free(res.body);
    free(res.headers);
}

static void start_in(const char *db, const char *lang)
{
    cr_assert_eq(web_init(&w, db, 0, lang), 0);
    w.port = 8730;
    snprintf(own_host, sizeof own_host, "%s:8730", w.name);
    snprintf(own_origin, sizeof own_origin, "http://%s", own_host);
    w.ready = 1;
    log_in();
}

static void start(const char *db)
{
    start_in(db, "en");
}

static void stop(void)
{
    web_release(&w);
}

static void fake_init(struct fake *f, const char *method, const char *path)
{
    memset(f, 0, sizeof *f);
    f->req.method = method;
    f->req.path = path;
    f->req.body = "";
    f->req.header = fake_header;
    f->req.query = fake_query;
    f->names[f->n] = "Host";
    f->values[f->n++] = own_host;
}

static void fake_header_add(struct fake *f, const char *name, const char *value)
{
    f->names[f->n] = name;
    f->values[f->n++] = value;
}

/* Answers METHOD PATH with the cookie (AUTHED) and BODY (a form). */
static struct kh_response ask(const char *method, const char *path, int authed,
                              const char *body)
{
    struct fake f;
    struct kh_response res;

    fake_init(&f, method, path);
    if (authed)
        fake_header_add(&f, "Cookie", cookie);
    if (body != NULL) {
        f.req.body = body;
        f.req.body_len = strlen(body);
        fake_header_add(&f, "Content-Type",
                        "application/x-www-form-urlencoded");
        fake_header_add(&f, "Origin", own_origin);
    }
    memset(&res, 0, sizeof res);
    web_handle(&w, &f.req, &res);
    return res;
}

/* The stored person called NAME in Noah's case, as the case file has it. */
static json_t *stored_person(const char *db, const char *name)
{
    struct t_run r =
        t_cli(NULL, "--db", db, "--json", "case", "show", "2026-014", NULL);
    json_t *doc = json_loads(r.out, 0, NULL), *p, *found = NULL;
    size_t i;

    cr_assert_not_null(doc, "%s", r.err);
    json_array_foreach(json_object_get(doc, "people"), i, p)
    {
        if (strcmp(json_string_value(json_object_get(p, "name")), name) == 0)
            found = json_incref(p);
    }
    json_decref(doc);
    t_run_free(&r);
    cr_assert_not_null(found, "no %s", name);
    return found;
}

static void release(struct kh_response *res)
{
    free(res->body);
    free(res->headers);
}

/* The body as a string (bodies are text here). */
static char *text(const struct kh_response *res)
{
    char *s = malloc(res->len + 1);

    memcpy(s, res->body, res->len);
    s[res->len] = '\0';
    return s;
}

/* PATH answers a PDF, downloaded as NAME. */
static void pdf_download(const char *path, const char *name)
{
    struct kh_response res = ask("GET", path, 1, NULL);
    char want[128];

    cr_assert_eq(res.status, 200, "%s: %d", path, res.status);
    cr_assert_str_eq(res.type, "application/pdf");
    cr_assert(res.len > 1000 && memcmp(res.body, "%PDF-", 5) == 0);
    snprintf(want, sizeof want, "attachment; filename=\"%s\"", name);
    cr_assert_not_null(strstr(res.headers, want), "%s", res.headers);
    release(&res);
}

Test(serve_web, nothing_without_the_token)
{
    static const char *const paths[] = {"/",
                                        "/case/2026-014",
                                        "/api/cases",
                                        "/static/kring.js",
                                        "/case/2026-014/map.svg",
                                        "/case/2026-014/intake",
                                        "/case/2026-014/sheet.pdf"};
    struct kh_response res;
    struct fake f;
    size_t i;
    char *body;

    start(t_noah_db());
    /* Before the server knows its port, nothing is answered. */
    w.ready = 0;
    res = ask("GET", "/", 1, NULL);
    cr_assert_eq(res.status, 503);
    release(&res);
    w.ready = 1;
    for (i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        res = ask("GET", paths[i], 0, NULL);
        cr_assert_eq(res.status, 403, "%s: %d", paths[i], res.status);
        body = text(&res);
        cr_assert_null(strstr(body, "Noah"));
        free(body);
        release(&res);
    }
    /* A wrong cookie, a wrong bearer token. */
    fake_init(&f, "GET", "/api/cases");
    fake_header_add(&f, "Cookie", "kring-8730=0123");
    fake_header_add(&f, "Authorization", "Bearer 0123");
    memset(&res, 0, sizeof res);
    web_handle(&w, &f.req, &res);
    cr_assert_eq(res.status, 403);
    release(&res);
    /* The token in the address: a cookie, and the address without it. */
    fake_init(&f, "GET", "/case/2026-014");
    f.query_name = "token";
    f.query_value = w.token;
    memset(&res, 0, sizeof res);
    web_handle(&w, &f.req, &res);
    cr_assert_eq(res.status, 303);
    cr_assert_not_null(strstr(res.headers, "Location: /case/2026-014\n"));
    cr_assert_not_null(strstr(res.headers, "HttpOnly; SameSite=Strict"));
    /* The cookie holds a session of its own, not the token. */
    cr_assert_null(strstr(res.headers, w.token));
    release(&res);
    /* The bearer token, for scripts. */
    fake_init(&f, "GET", "/api/cases");
    {
        char bearer[80];
        snprintf(bearer, sizeof bearer, "Bearer %s", w.token);
        fake_header_add(&f, "Authorization", bearer);
        memset(&res, 0, sizeof res);
        web_handle(&w, &f.req, &res);
    }
    cr_assert_eq(res.status, 200);
    release(&res);
    /* Another Host name is not answered, token or not. */
    fake_init(&f, "GET", "/api/cases");
    f.values[0] = "evil.example:8730";
    fake_header_add(&f, "Cookie", cookie);
    memset(&res, 0, sizeof res);
    web_handle(&w, &f.req, &res);
    cr_assert_eq(res.status, 421);
    release(&res);
    stop();
}

Test(serve_web, every_answer_is_locked_down)
{
    struct kh_response res;

    start(t_noah_db());
    /* Oma Ria is the fourth person of the sample's file. */
    res = ask("GET", "/case/2026-014/person/4", 1, NULL);
    cr_assert_eq(res.status, 200);
    cr_assert_str_eq(res.type, "text/html; charset=utf-8");
    cr_assert_not_null(strstr(res.headers, "Content-Security-Policy: "
                                           "default-src 'none'; script-src "
                                           "'self'; style-src 'self'"));
    cr_assert_not_null(strstr(res.headers, "Cache-Control: no-store\n"));
    cr_assert_not_null(strstr(res.headers, "X-Frame-Options: DENY\n"));
    release(&res);
    /* Only codes and ids in a path. */
    res = ask("GET", "/case/..", 1, NULL);
    cr_assert_eq(res.status, 404);
    release(&res);
    res = ask("GET", "/case/2026-014/person/<b>", 1, NULL);
    cr_assert_eq(res.status, 404);
    release(&res);
    res = ask("DELETE", "/case/2026-014", 1, NULL);
    cr_assert_eq(res.status, 405);
    release(&res);
    res = ask("GET", "/case/nope", 1, NULL);
    cr_assert_eq(res.status, 404);
    release(&res);
    stop();
}

Test(serve_web, changes_need_the_csrf_token)
{
    const char *db = t_noah_db();
    char *before = t_dump_db(db), *after, body[256];
    struct kh_response res;
    struct fake f;

    start(db);
    res = ask("POST", "/case/2026-014/person", 1,
              "name=Indringer&role=friend&ring=1");
    cr_assert_eq(res.status, 403);
    release(&res);
    snprintf(body, sizeof body, "csrf=%s0&name=Indringer&role=friend&ring=1",
             w.csrf);
    res = ask("POST", "/case/2026-014/person", 1, body);
    cr_assert_eq(res.status, 403);
    release(&res);
    /* The right token from another origin. */
    snprintf(body, sizeof body, "csrf=%s&name=Indringer&role=friend&ring=1",
             w.csrf);
    fake_init(&f, "POST", "/case/2026-014/person");
    fake_header_add(&f, "Cookie", cookie);
    fake_header_add(&f, "Content-Type", "application/x-www-form-urlencoded");
    fake_header_add(&f, "Origin", "http://evil.example");
    f.req.body = body;
    f.req.body_len = strlen(body);
    memset(&res, 0, sizeof res);
    web_handle(&w, &f.req, &res);
    cr_assert_eq(res.status, 403);
    release(&res);
    /* Not a form. */
    res = ask("POST", "/case/2026-014/person", 1, "csrf=%zz");
    cr_assert_eq(res.status, 400);
    release(&res);
    after = t_dump_db(db);
    cr_assert_str_eq(after, before, "a refused change changed the database");
    free(after);
    free(before);
    stop();
}

Test(serve_web, a_change_follows_the_command_line_rules)
{
    const char *db = t_noah_db();
    char body[512], *before, *after, *page;
    struct kh_response res;
    struct t_run r;

    start(db);
    /* Added, with a name that is a script: stored as given, shown as
     * text. */
    snprintf(body, sizeof body,
             "csrf=%s&fields=1&name=%%3Cscript%%3Ealert(1)%%3C%%2Fscript%%3E"
             "&role=friend&ring=2&sector=&contact=weekly&age=&support="
             "emotional&support=fun&notes=",
             w.csrf);
    res = ask("POST", "/case/2026-014/person", 1, body);
    cr_assert_eq(res.status, 303, "%d", res.status);
    cr_assert_not_null(strstr(res.headers, "Location: /case/2026-014#people"));
    release(&res);
    {
        json_t *p = stored_person(db, "<script>alert(1)</script>");
        json_t *support = json_object_get(p, "support");
        cr_assert_str_eq(json_string_value(json_object_get(p, "contact")),
                         "weekly");
        cr_assert_eq(json_array_size(support), 2);
        cr_assert_str_eq(json_string_value(json_array_get(support, 0)),
                         "emotional");
        cr_assert_str_eq(json_string_value(json_array_get(support, 1)), "fun");
        json_decref(p);
    }
    res = ask("GET", "/case/2026-014", 1, NULL);
    page = text(&res);
    cr_assert_null(strstr(page, "<script>alert"));
    cr_assert_not_null(strstr(page, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    free(page);
    release(&res);

    /* Refused with the command line's message; nothing changes. */
    before = t_dump_db(db);
    snprintf(body, sizeof body,
             "csrf=%s&name=Te+Oud&role=neighbour&ring=2&age=200", w.csrf);
    res = ask("POST", "/case/2026-014/person", 1, body);
    cr_assert_eq(res.status, 422);
    page = text(&res);
    cr_assert_not_null(strstr(page, "age must be"), "%s", page);
    cr_assert_not_null(strstr(page, "value=\"Te Oud\""),
                       "the form keeps what was typed");
    free(page);
    release(&res);
    snprintf(body, sizeof body, "csrf=%s&ring=4", w.csrf);
    res = ask("POST", "/case/2026-014/person/4", 1, body);
    cr_assert_eq(res.status, 422);
    page = text(&res);
    cr_assert_not_null(strstr(page, "ring must be 1, 2 or 3"));
    free(page);
    release(&res);
    snprintf(body, sizeof body, "csrf=%s&a=oma-ria&b=oma-ria", w.csrf);
    res = ask("POST", "/case/2026-014/tie", 1, body);
    cr_assert_eq(res.status, 422);
    release(&res);
    after = t_dump_db(db);
    cr_assert_str_eq(after, before);
    free(after);
    free(before);

    /* An edit changes only what the form names. */
    snprintf(body, sizeof body, "csrf=%s&ring=3&notes=Belt+op+zondag", w.csrf);
    res = ask("POST", "/case/2026-014/person/4", 1, body);
    cr_assert_eq(res.status, 303);
    release(&res);
    {
        json_t *p = stored_person(db, "Oma Ria");
        cr_assert_eq(json_integer_value(json_object_get(p, "ring")), 3);
        cr_assert_str_eq(json_string_value(json_object_get(p, "notes")),
                         "Belt op zondag");
        cr_assert(json_is_true(json_object_get(p, "nominated")),
                  "an edit leaves the fields it does not name");
        json_decref(p);
    }

    /* The young person's wish, and a step of the choice. */
    snprintf(body, sizeof body, "csrf=%s&ask=yes", w.csrf);
    res = ask("POST", "/case/2026-014/youth/7/ask", 1, body); /* Daan */
    cr_assert_eq(res.status, 303);
    cr_assert_not_null(
        strstr(res.headers, "Location: /case/2026-014/youth?person=7"));
    release(&res);
    snprintf(
        body, sizeof body,
        "csrf=%s&person=oma-ria&status=asked&date=2026-11-20&note=", w.csrf);
    res = ask("POST", "/case/2026-014/choose", 1, body);
    cr_assert_eq(res.status, 303);
    release(&res);
    {
        json_t *p = stored_person(db, "Daan");
        cr_assert(json_is_true(json_object_get(p, "nominated")));
        json_decref(p);
        r = t_cli(NULL, "--db", db, "--json", "case", "show", "2026-014", NULL);
        p = json_loads(r.out, 0, NULL);
        json_t *ch = json_array_get(json_object_get(p, "choices"), 0);
        cr_assert_str_eq(json_string_value(json_object_get(ch, "person")),
                         "oma-ria");
        cr_assert_str_eq(json_string_value(json_object_get(ch, "date")),
                         "2026-11-20");
        cr_assert_str_eq(json_string_value(json_object_get(ch, "status")),
                         "asked");
        json_decref(p);
        t_run_free(&r);
    }
    r = t_cli(NULL, "--db", db, "audit", "2026-014", NULL);
    cr_assert_not_null(strstr(r.out, "person add"));
    cr_assert_not_null(strstr(r.out, "choose"));
    t_run_free(&r);
    stop();
}

Test(serve_web, the_api_is_the_command_line_json)
{
    static const char *const pairs[][2] = {
        {"/api/cases", "case list"},
        {"/api/cases/2026-014", "case show 2026-014"},
        {"/api/cases/2026-014/score", "score 2026-014"},
        {"/api/cases/2026-014/indicators", "indicators 2026-014"},
        {"/api/cases/2026-014/history", "history 2026-014"},
        {"/api/weights", "weights"},
    };
    const char *db = t_noah_db();
    struct kh_response res;
    struct t_run r;
    size_t i;
    char *body;

    start(db);
    for (i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        char words[64], *a, *b = NULL, *c = NULL;
        res = ask("GET", pairs[i][0], 1, NULL);
        cr_assert_eq(res.status, 200, "%s", pairs[i][0]);
        cr_assert_str_eq(res.type, "application/json");
        snprintf(words, sizeof words, "%s", pairs[i][1]);
        a = strtok(words, " ");
        b = strtok(NULL, " ");
        if (b != NULL)
            c = strtok(NULL, " ");
        r = t_cli(NULL, "--db", db, "--json", a, b, c, NULL);
        body = text(&res);
        cr_assert_str_eq(body, r.out, "%s", pairs[i][0]);
        free(body);
        t_run_free(&r);
        release(&res);
    }
    res = ask("GET", "/api/cases/nope/score", 1, NULL);
    cr_assert_eq(res.status, 404);
    body = text(&res);
    cr_assert_str_eq(body, "{\"error\": \"no case 'nope'\"}\n");
    free(body);
    release(&res);
    stop();
}

Test(serve_web, the_pages_show_the_case)
{
    const char *db = t_noah_db();
    struct kh_response res;
    struct fake f;
    char *page;

    start(db);
    res = ask("GET", "/", 1, NULL);
    page = text(&res);
    cr_assert_not_null(strstr(page, "<a href=\"/case/2026-014\">2026-014</a>"));
    free(page);
    release(&res);
    res = ask("GET", "/case/2026-014/team", 1, NULL);
    cr_assert_eq(res.status, 200);
    page = text(&res);
    /* The candidates in the order of `kring score`, each with their rank
     * and Oma Ria with Noah's nomination (the case file says so). */
    {
        struct t_run r =
            t_cli(NULL, "--db", db, "--json", "score", "2026-014", NULL);
        json_t *doc = json_loads(r.out, 0, NULL), *k;
        const char *at = page;
        size_t i;
        cr_assert_not_null(doc);
        json_array_foreach(json_object_get(doc, "candidates"), i, k)
        {
            char want[200];
            snprintf(want, sizeof want, "<span class=\"rank\">%d</span> %s",
                     (int)json_integer_value(json_object_get(k, "rank")),
                     json_string_value(json_object_get(k, "name")));
            at = strstr(at, want);
            cr_assert_not_null(at, "%s is not in its place", want);
        }
        cr_assert(i > 0);
        json_decref(doc);
        t_run_free(&r);
    }
    cr_assert_not_null(strstr(page, "Oma Ria \xe2\x98\x85"));
    cr_assert_not_null(strstr(page, "<svg"), "the team map is in the page");
    free(page);
    release(&res);
    pdf_download("/case/2026-014/map.pdf", "2026-014-print.pdf");
    /* The meeting sheet, linked from the team view. */
    res = ask("GET", "/case/2026-014/team", 1, NULL);
    page = text(&res);
    cr_assert_not_null(strstr(page, "href=\"/case/2026-014/sheet.pdf\""));
    free(page);
    release(&res);
    pdf_download("/case/2026-014/sheet.pdf", "2026-014-sheet.pdf");
    res = ask("GET", "/case/2099-999/sheet.pdf", 1, NULL);
    cr_assert_eq(res.status, 404);
    release(&res);
    fake_init(&f, "GET", "/case/2026-014/map.svg");
    fake_header_add(&f, "Cookie", cookie);
    f.query_name = "theme";
    f.query_value = "team";
    memset(&res, 0, sizeof res);
    web_handle(&w, &f.req, &res);
    cr_assert_eq(res.status, 200);
    cr_assert_str_eq(res.type, "image/svg+xml");
    page = text(&res);
    cr_assert_not_null(strstr(page, "</svg>"));
    free(page);
    release(&res);
    f.query_value = "nope";
    memset(&res, 0, sizeof res);
    web_handle(&w, &f.req, &res);
    cr_assert_eq(res.status, 400);
    release(&res);
    stop();
}

Test(serve_cmd, refuses_a_bad_command_line)
{
    const char *db = t_noah_db();
    char *before = t_dump_db(db);
    struct t_run r;

    r = t_cli(NULL, "--db", db, "serve", "--bind", "0.0.0.0", NULL);
    cr_assert_eq(r.status, 2);
    cr_assert_not_null(strstr(r.err, "kring: 0.0.0.0 is reachable from other "
                                     "computers; kring serves on this "
                                     "computer only (127.0.0.1) unless "
                                     "--allow-remote is given\n"));
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "serve", "--port", "70000", NULL);
    cr_assert_eq(r.status, 2);
    cr_assert_not_null(strstr(r.err, "--port must be a number from 0 to "
                                     "65535, not '70000'"));
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "serve", "--bind", "my.host", NULL);
    cr_assert_eq(r.status, 2);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "serve", "extra", NULL);
    cr_assert_eq(r.status, 2);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "serve", "--help", NULL);
    cr_assert_eq(r.status, 0);
    cr_assert_not_null(strstr(r.out, "usage: kring serve"));
    t_run_free(&r);
    {
        char *after = t_dump_db(db);
        cr_assert_str_eq(after, before);
        free(after);
    }
    free(before);
}

Test(serve_web, the_pages_speak_dutch)
{
    struct kh_response res;
    char *page;

    start_in(t_noah_db(), "nl");
    res = ask("GET", "/case/2026-014/youth", 1, NULL);
    cr_assert_eq(res.status, 200);
    page = text(&res);
    cr_assert_not_null(strstr(page, "<html lang=\"nl\">"));
    cr_assert_not_null(strstr(page, "Tik op iemand om te zien wat er is "
                                    "opgeschreven."));
    cr_assert_not_null(strstr(page, "Deze persoon wil ik vragen"));
    cr_assert_not_null(strstr(page, "opa of oma"));
    free(page);
    release(&res);
    stop();
}

/* --- the session's cookie, and redirects (issue 17) ------------------- */

/* The Set-Cookie and Location of the first visit to PATH with the token. */
static struct kh_response visit_with_token(const char *path)
{
    struct kh_response res;
    struct fake f;

    fake_init(&f, "GET", path);
    f.query_name = "token";
    f.query_value = w.token;
    memset(&res, 0, sizeof res);
    web_handle(&w, &f.req, &res);
    return res;
}

/* The status of GET /api/cases with COOKIE as the Cookie header. */
static int status_with_cookie(const char *value)
{
    struct kh_response res;
    struct fake f;
    int status;

    fake_init(&f, "GET", "/api/cases");
    fake_header_add(&f, "Cookie", value);
    memset(&res, 0, sizeof res);
    web_handle(&w, &f.req, &res);
    status = res.status;
    release(&res);
    return status;
}

Test(serve_web, the_cookie_is_this_runs_own_and_expires)
{
    struct web other;
    struct kh_response res;
    char first[128], forged[160];
    size_t i;

    start(t_noah_db());
    /* A name of this run: "kring-" and 16 random hex digits, not the
     * port (cookies ignore ports); another run has another. */
    cr_assert_eq(strlen(w.cookie), 22, "%s", w.cookie);
    cr_assert_eq(strncmp(w.cookie, "kring-", 6), 0);
    cr_assert_eq(strspn(w.cookie + 6, "0123456789abcdef"), 16);
    cr_assert_eq(web_init(&other, t_noah_db(), 0, "en"), 0);
    cr_assert_str_neq(other.cookie, w.cookie);
    web_release(&other);
    res = visit_with_token("/");
    cr_assert_eq(res.status, 303);
    cr_assert_not_null(strstr(res.headers, "Set-Cookie: "));
    cr_assert_not_null(strstr(res.headers, w.cookie));
    cr_assert_not_null(strstr(res.headers, "; Path=/; Max-Age=43200; HttpOnly; "
                                           "SameSite=Strict\n"),
                       "%s", res.headers);
    cr_assert_null(strstr(res.headers, w.token), "the cookie is no token");
    release(&res);
    /* The session works; so does a second browser's, beside it. */
    snprintf(first, sizeof first, "%s", cookie);
    cr_assert_eq(status_with_cookie(first), 200);
    log_in();
    cr_assert_str_neq(cookie, first, "each visit has a session of its own");
    cr_assert_eq(status_with_cookie(cookie), 200);
    cr_assert_eq(status_with_cookie(first), 200);
    /* The token itself is no cookie; nor the session under another name
     * (such as another server's on another port), nor a value made up. */
    snprintf(forged, sizeof forged, "%s=%s", w.cookie, w.token);
    cr_assert_eq(status_with_cookie(forged), 403);
    snprintf(forged, sizeof forged, "kring-8730=%s",
             strchr(cookie, '=') != NULL ? strrchr(cookie, '=') + 1 : "");
    cr_assert_eq(status_with_cookie(forged), 403);
    snprintf(forged, sizeof forged, "%s=%.48s", w.cookie,
             "000000000000000000000000000000000000000000000000");
    cr_assert_eq(status_with_cookie(forged), 403);
    snprintf(forged, sizeof forged, "%s=", w.cookie);
    cr_assert_eq(status_with_cookie(forged), 403);
    /* A session ends with its lifetime, whatever the browser keeps. */
    for (i = 0; i < WEB_SESSIONS; i++)
        if (w.session[i].expires > 0)
            w.session[i].expires = 1;
    cr_assert_eq(status_with_cookie(cookie), 403);
    cr_assert_eq(status_with_cookie(first), 403);
    /* The next token lets in again. */
    log_in();
    cr_assert_eq(status_with_cookie(cookie), 200);
    stop();
}

Test(serve_web, a_redirect_stays_on_kring)
{
    /* Paths as libmicrohttpd hands them over: decoded. */
    static const char *const bad[] = {
        "/x\nX-Injected: yes",
        "/x\r\nX-Injected: yes",
        "/x\rX-Injected: yes",
        "//evil.example/",
        "/\\evil.example/",
        "///evil.example",
        "//evil.example/%0aX",
        "/a\tb",
        "/a\x7f",
        "x",
        "",
    };
    char buf[128];
    struct kh_response res;
    size_t i;

    start(t_noah_db());
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        res = visit_with_token(bad[i]);
        cr_assert_eq(res.status, 303, "%zu", i);
        cr_assert_not_null(strstr(res.headers, "\nLocation: /\n"), "%zu: %s", i,
                           res.headers);
        cr_assert_null(strstr(res.headers, "X-Injected"), "%zu", i);
        cr_assert_null(strstr(res.headers, "evil"), "%zu", i);
        release(&res);
        cr_assert_eq(web_location(buf, sizeof buf, bad[i], NULL), -1, "%zu", i);
    }
    /* A path of ours is kept, percent-encoded where it must be. */
    res = visit_with_token("/case/2026-014/youth");
    cr_assert_not_null(
        strstr(res.headers, "\nLocation: /case/2026-014/youth\n"));
    release(&res);
    res = visit_with_token("/case/a b?c#d%e\"<zo\xc3\xab>");
    cr_assert_not_null(
        strstr(res.headers,
               "\nLocation: /case/a%20b%3Fc%23d%25e%22%3Czo%C3%AB%3E\n"),
        "%s", res.headers);
    release(&res);
    cr_assert_eq(web_location(buf, sizeof buf, "/case/x", "#people"), 0);
    cr_assert_str_eq(buf, "/case/x#people");
    cr_assert_eq(web_location(buf, sizeof buf, "/a", "?person=b\nX: y"), -1);
    cr_assert_eq(web_location(buf, 8, "/case/x", NULL), 0);
    cr_assert_str_eq(buf, "/case/x");
    cr_assert_eq(web_location(buf, 7, "/case/x", NULL), -1, "too long");
    /* The redirects after a change go the same way. */
    memset(&res, 0, sizeof res);
    web_redirect(&res, "/case/2026-014/youth?person=daan");
    cr_assert_not_null(
        strstr(res.headers, "\nLocation: /case/2026-014/youth?person=daan\n"));
    release(&res);
    memset(&res, 0, sizeof res);
    web_redirect(&res, "//evil.example/#x");
    cr_assert_not_null(strstr(res.headers, "\nLocation: /\n"));
    release(&res);
    stop();
}

/* --- a lost update (issue 17) ----------------------------------------- */

/* The version in the first form of the page at PATH (the hidden field),
 * into BUF; the page's status. */
static int version_in(const char *path, char *buf, size_t cap)
{
    struct kh_response res = ask("GET", path, 1, NULL);
    char *page = text(&res), *at = strstr(page, "name=\"version\" value=\"");
    int status = res.status;

    cr_assert_not_null(at, "%s has no version", path);
    at += strlen("name=\"version\" value=\"");
    snprintf(buf, cap, "%.*s", (int)strcspn(at, "\""), at);
    cr_assert_eq(strlen(buf), 16);
    cr_assert_eq(strspn(buf, "0123456789abcdef"), 16);
    free(page);
    release(&res);
    return status;
}

static const char *oma = "/case/2026-014/person/4";

Test(serve_web, a_stale_edit_is_refused_and_shows_both)
{
    const char *db = t_noah_db();
    char read_a[32], read_b[32], again[32], body[512], *before, *after, *page;
    struct kh_response res;
    struct t_run r;

    start(db);
    /* Two browsers open Oma Ria's form: the same version, twice. */
    cr_assert_eq(version_in(oma, read_a, sizeof read_a), 200);
    cr_assert_eq(version_in(oma, read_b, sizeof read_b), 200);
    cr_assert_str_eq(read_a, read_b);
    /* The first saves: her circle becomes 3. */
    snprintf(body, sizeof body, "csrf=%s&version=%s&ring=3", w.csrf, read_a);
    res = ask("POST", oma, 1, body);
    cr_assert_eq(res.status, 303);
    release(&res);
    /* The second saves what it read before: refused, nothing written. */
    before = t_dump_db(db);
    snprintf(body, sizeof body,
             "csrf=%s&version=%s&ring=2&notes=Belt+op+maandag", w.csrf, read_b);
    res = ask("POST", oma, 1, body);
    cr_assert_eq(res.status, 409);
    page = text(&res);
    cr_assert_not_null(strstr(page, "&#39;Oma Ria&#39; has changed since this "
                                    "form was opened; nothing was saved"),
                       "%s", page);
    /* Both values: what was sent (2) and what is stored now (3). */
    cr_assert_not_null(strstr(page, "<th>What you sent</th><th>Stored now"));
    cr_assert_not_null(strstr(page, "<tr><th>Circle</th><td>2</td><td>3</td>"
                                    "</tr>"),
                       "%s", page);
    cr_assert_not_null(strstr(page, "Belt op maandag</textarea>"),
                       "the form keeps what was sent");
    free(page);
    release(&res);
    after = t_dump_db(db);
    cr_assert_str_eq(after, before, "a stale save changed the database");
    free(after);
    free(before);
    {
        json_t *p = stored_person(db, "Oma Ria");
        cr_assert_eq(json_integer_value(json_object_get(p, "ring")), 3);
        json_decref(p);
    }
    /* The page now carries the version stored: saved again, on purpose,
     * it stores what was sent. */
    cr_assert_eq(version_in(oma, again, sizeof again), 200);
    cr_assert_str_neq(again, read_b);
    snprintf(body, sizeof body,
             "csrf=%s&version=%s&ring=2&notes=Belt+op+maandag", w.csrf, again);
    res = ask("POST", oma, 1, body);
    cr_assert_eq(res.status, 303);
    release(&res);
    {
        json_t *p = stored_person(db, "Oma Ria");
        cr_assert_eq(json_integer_value(json_object_get(p, "ring")), 2);
        cr_assert_str_eq(json_string_value(json_object_get(p, "notes")),
                         "Belt op maandag");
        json_decref(p);
    }
    /* A change from the command line counts too, and so does a field the
     * form does not show. */
    cr_assert_eq(version_in(oma, read_a, sizeof read_a), 200);
    r = t_cli(NULL, "--db", db, "person", "set", "2026-014", "oma-ria",
              "--concern", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    t_run_free(&r);
    snprintf(body, sizeof body, "csrf=%s&version=%s&ring=1", w.csrf, read_a);
    res = ask("POST", oma, 1, body);
    cr_assert_eq(res.status, 409);
    release(&res);
    /* A mistake in a form that is not stale is still a 422. */
    cr_assert_eq(version_in(oma, read_a, sizeof read_a), 200);
    snprintf(body, sizeof body, "csrf=%s&version=%s&ring=4", w.csrf, read_a);
    res = ask("POST", oma, 1, body);
    cr_assert_eq(res.status, 422);
    release(&res);
    /* Removing after someone changed the person: refused, still there. */
    r = t_cli(NULL, "--db", db, "person", "set", "2026-014", "oma-ria",
              "--no-concern", NULL);
    t_run_free(&r);
    snprintf(body, sizeof body, "csrf=%s&version=%s", w.csrf, read_a);
    res = ask("POST", "/case/2026-014/person/4/remove", 1, body);
    cr_assert_eq(res.status, 409);
    page = text(&res);
    cr_assert_not_null(strstr(page, "nothing was removed"));
    free(page);
    release(&res);
    json_decref(stored_person(db, "Oma Ria"));
    cr_assert_eq(version_in(oma, read_a, sizeof read_a), 200);
    snprintf(body, sizeof body, "csrf=%s&version=%s", w.csrf, read_a);
    res = ask("POST", "/case/2026-014/person/4/remove", 1, body);
    cr_assert_eq(res.status, 303);
    release(&res);
    r = t_cli(NULL, "--db", db, "--json", "case", "show", "2026-014", NULL);
    {
        json_t *doc = json_loads(r.out, 0, NULL), *p;
        size_t i;
        json_array_foreach(json_object_get(doc, "people"), i, p)
        {
            cr_assert_str_neq(json_string_value(json_object_get(p, "name")),
                              "Oma Ria");
        }
        json_decref(doc);
    }
    t_run_free(&r);
    stop();
}

struct racer {
    char body[256];
    int status;
};

static void *race(void *arg)
{
    struct racer *r = arg;
    struct kh_response res = ask("POST", oma, 1, r->body);

    r->status = res.status;
    release(&res);
    return NULL;
}

Test(serve_web, two_saves_at_once_one_wins)
{
    char version[32];
    struct racer r[2];
    pthread_t t[2];
    int round, i, won;

    start(t_noah_db());
    /* Two saves of the same version at the same moment: the check is in
     * the write's transaction, so exactly one is stored. */
    for (round = 0; round < 10; round++) {
        cr_assert_eq(version_in(oma, version, sizeof version), 200);
        for (i = 0; i < 2; i++) {
            snprintf(r[i].body, sizeof r[i].body,
                     "csrf=%s&version=%s&ring=%d&notes=ronde+%d+van+%d", w.csrf,
                     version, i + 1, round, i);
            pthread_create(&t[i], NULL, race, &r[i]);
        }
        for (i = 0; i < 2; i++)
            pthread_join(t[i], NULL);
        won = (r[0].status == 303) + (r[1].status == 303);
        cr_assert_eq(won, 1, "round %d: %d and %d", round, r[0].status,
                     r[1].status);
        cr_assert(r[0].status == 409 || r[1].status == 409);
    }
    stop();
}

Test(serve_web, a_stale_edit_is_said_in_dutch)
{
    char version[32], body[256], *page;
    struct kh_response res;
    struct t_run r;
    const char *db = t_noah_db();

    start_in(db, "nl");
    cr_assert_eq(version_in(oma, version, sizeof version), 200);
    /* Someone else's change, here in the server's own process: where the
     * language is one for the whole process, so the command keeps it. */
    r = t_cli(NULL, "--db", db, "--lang", "nl", "person", "set", "2026-014",
              "oma-ria", "--ring", "3", NULL);
    t_run_free(&r);
    snprintf(body, sizeof body, "csrf=%s&version=%s&ring=2", w.csrf, version);
    res = ask("POST", oma, 1, body);
    cr_assert_eq(res.status, 409);
    page = text(&res);
    cr_assert_not_null(strstr(page, "&#39;Oma Ria&#39; is veranderd nadat dit "
                                    "formulier werd geopend; er is niets "
                                    "opgeslagen"),
                       "%s", page);
    cr_assert_not_null(strstr(page, "<th>Wat je stuurde</th><th>Nu "
                                    "opgeslagen</th>"));
    free(page);
    release(&res);
    stop();
}

Test(serve_web, the_person_form_has_the_line_for_the_young_person)
{
    const char *db = t_noah_db();
    char body[512], *page;
    struct kh_response res;

    start(db);
    /* Beside the notes; typed, it is stored; with years in tenths. */
    snprintf(body, sizeof body,
             "csrf=%s&youth-note=Oma+bakt+een+taart+voor+je&"
             "known-years=4.5",
             w.csrf);
    res = ask("POST", "/case/2026-014/person/4", 1, body);
    cr_assert_eq(res.status, 303, "%d", res.status);
    release(&res);
    {
        json_t *p = stored_person(db, "Oma Ria");
        cr_assert_str_eq(json_string_value(json_object_get(p, "youth_note")),
                         "Oma bakt een taart voor je");
        cr_assert_eq(json_real_value(json_object_get(p, "known_years")), 4.5);
        json_decref(p);
    }
    res = ask("GET", "/case/2026-014/person/4", 1, NULL);
    cr_assert_eq(res.status, 200);
    page = text(&res);
    cr_assert_not_null(strstr(page, "<label class=\"wide\">For the young "
                                    "person <input type=\"text\" "
                                    "name=\"youth-note\" maxlength=\"500\" "
                                    "value=\"Oma bakt een taart voor "
                                    "je\"></label>"),
                       "%s", page);
    cr_assert_not_null(strstr(page, "name=\"known-years\" value=\"4.5\""), "%s",
                       page);
    free(page);
    release(&res);
    /* Emptied in the form of a person, it is gone. */
    snprintf(body, sizeof body, "csrf=%s&youth-note=", w.csrf);
    res = ask("POST", "/case/2026-014/person/4", 1, body);
    cr_assert_eq(res.status, 303, "%d", res.status);
    release(&res);
    {
        json_t *p = stored_person(db, "Oma Ria");
        cr_assert_null(json_object_get(p, "youth_note"));
        json_decref(p);
    }
    stop();
}

/* One minute, in each language: one server per test (Graphviz keeps a
 * pointer into the first server's renderer, so a second one in the same
 * process is not drawn safely). */
static void youth_page_says(const char *lang, const char *want)
{
    const char *db = t_noah_db();
    struct kh_response res;
    struct t_run r;
    char *page;

    r = t_cli(NULL, "--db", db, "person", "set", "2026-014", "oma-ria",
              "--travel-minutes", "1", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    t_run_free(&r);
    start_in(db, lang);
    res = ask("GET", "/case/2026-014/youth", 1, NULL);
    page = text(&res);
    cr_assert_not_null(strstr(page, want), "%s", page);
    free(page);
    release(&res);
    stop();
}

Test(serve_web, the_youth_page_counts_one_minute)
{
    youth_page_says("en", "Lives 1 minute away from you.");
}

Test(serve_web, the_youth_page_counts_one_minute_in_dutch)
{
    youth_page_says("nl", "Woont op 1 minuut van je af.");
}

Test(serve_web, every_page_and_api_read_of_a_case_is_in_the_audit_log)
{
    static const char *const asks[][2] = {
        {"/case/2026-014", "serve: /case/N"},
        {"/case/2026-014/youth", "serve: /case/N/youth"},
        {"/case/2026-014/person/4", "serve: /case/N/person/P"},
        {"/case/2026-014/map.svg", "serve: /case/N/map.svg"},
        {"/case/2026-014/intake", "serve: /case/N/intake"},
        {"/case/2026-014/sheet.pdf", "serve: /case/N/sheet.pdf"},
        {"/api/cases/2026-014", "serve: /api/cases/N"},
        {"/api/cases/2026-014/score", "serve: /api/cases/N/score"},
        {"/", "serve: /"},
    };
    const char *db = t_noah_db();
    struct kh_response res;
    size_t i, j, before = 0;

    start(db);
    for (i = 0; i < sizeof asks / sizeof asks[0]; i++) {
        struct t_run r;
        json_t *log, *e;
        size_t n;
        res = ask("GET", asks[i][0], 1, NULL);
        cr_assert_eq(res.status, 200, "%s", asks[i][0]);
        release(&res);
        r = t_cli(NULL, "--db", db, "--json", "audit", "--reads", NULL);
        log = json_loads(r.out, 0, NULL);
        cr_assert_not_null(log, "%s", r.err);
        n = json_array_size(log);
        /* Each request's reads are one line, under its address, with no
         * code or id in it (a page loads its case more than once). */
        cr_assert_eq(n, before + 1, "%s: %zu lines", asks[i][0], n - before);
        for (j = before; j < n; j++) {
            e = json_array_get(log, j);
            cr_assert_str_eq(json_string_value(json_object_get(e, "command")),
                             asks[i][1]);
            if (i + 1 < sizeof asks / sizeof asks[0])
                cr_assert_eq(json_integer_value(json_object_get(e, "case")), 1);
            else
                cr_assert_str_eq(json_string_value(json_object_get(e, "event")),
                                 "cases listed");
        }
        before = n;
        json_decref(log);
        t_run_free(&r);
    }
    stop();
}

/* --- one browser session per address (issue 17) ---------------------- */

/* GET PATH at HOST with the query TOKEN (or none), and perhaps one more
 * header NAME: VALUE. */
static struct kh_response visit_at(const char *host, const char *path,
                                   const char *token, const char *name,
                                   const char *value)
{
    struct kh_response res;
    struct fake f;

    fake_init(&f, "GET", path);
    f.values[0] = host;
    if (token != NULL) {
        f.query_name = "token";
        f.query_value = token;
    }
    if (name != NULL)
        fake_header_add(&f, name, value);
    memset(&res, 0, sizeof res);
    web_handle(&w, &f.req, &res);
    return res;
}

Test(serve_web, the_token_opens_one_session)
{
    char used[WEB_TOKEN_HEX + 1], expect[200], bearer[80], dead[160];
    char *said = NULL, *printed = NULL;
    size_t said_len = 0, printed_len = 0;
    struct kh_response res;
    char *body;

    start(t_noah_db());
    w.out = open_memstream(&printed, &printed_len);
    w.err = open_memstream(&said, &said_len);
    snprintf(used, sizeof used, "%s", w.token);
    res = visit_at(own_host, "/case/2026-014", used, NULL, NULL);
    cr_assert_eq(res.status, 303);
    cr_assert_not_null(strstr(res.headers, "Set-Cookie: "));
    release(&res);
    /* The token is taken: the next one is kept and printed, said on
     * standard error. */
    cr_assert_eq(strlen(w.token), WEB_TOKEN_HEX);
    cr_assert_eq(strspn(w.token, "0123456789abcdef"), WEB_TOKEN_HEX);
    cr_assert_str_neq(w.token, used);
    fflush(w.out);
    fflush(w.err);
    snprintf(expect, sizeof expect, "http://%s:8730/?token=%s\n", w.name,
             w.token);
    cr_assert_str_eq(printed, expect);
    cr_assert_not_null(strstr(said, "for another browser, open this one"), "%s",
                       said);
    /* The used address (the browser's history keeps it) lets no one in
     * again: not in the address, not as a bearer token. */
    res = visit_at(own_host, "/case/2026-014", used, NULL, NULL);
    cr_assert_eq(res.status, 403);
    cr_assert_null(res.headers != NULL ? strstr(res.headers, "Set-Cookie")
                                       : NULL);
    body = text(&res);
    cr_assert_not_null(strstr(body, "opened already"), "%s", body);
    cr_assert_null(strstr(body, "Noah"));
    free(body);
    release(&res);
    snprintf(bearer, sizeof bearer, "Bearer %s", used);
    res = visit_at(own_host, "/api/cases", NULL, "Authorization", bearer);
    cr_assert_eq(res.status, 403);
    release(&res);
    /* The live token as a bearer token, for scripts: it does not take it. */
    snprintf(bearer, sizeof bearer, "Bearer %s", w.token);
    snprintf(used, sizeof used, "%s", w.token);
    res = visit_at(own_host, "/api/cases", NULL, "Authorization", bearer);
    cr_assert_eq(res.status, 200);
    release(&res);
    cr_assert_str_eq(w.token, used);
    /* A used address in a browser let in already: only the address is
     * cleaned, no new session. */
    snprintf(dead, sizeof dead, "%s", strstr(printed, "token=") + 6);
    dead[strcspn(dead, "\n")] = '\0';
    log_in();
    {
        struct fake f;
        fake_init(&f, "GET", "/case/2026-014");
        f.query_name = "token";
        f.query_value = dead;
        fake_header_add(&f, "Cookie", cookie);
        memset(&res, 0, sizeof res);
        web_handle(&w, &f.req, &res);
    }
    cr_assert_eq(res.status, 303);
    cr_assert_not_null(strstr(res.headers, "Location: /case/2026-014\n"));
    cr_assert_null(strstr(res.headers, "Set-Cookie"));
    release(&res);
    /* No token is no token. */
    res = visit_at(own_host, "/", "", NULL, NULL);
    cr_assert_eq(res.status, 403);
    release(&res);
    fclose(w.out);
    fclose(w.err);
    w.out = w.err = NULL;
    free(printed);
    free(said);
    stop();
}

Test(serve_web, a_prefetch_does_not_take_the_token)
{
    static const char *const ahead[][2] = {
        {"Sec-Purpose", "prefetch;prerender"},
        {"Sec-Purpose", "prefetch"},
        {"Purpose", "prefetch"},
        {"X-Moz", "prefetch"},
    };
    char live[WEB_TOKEN_HEX + 1];
    struct kh_response res;
    size_t i;

    start(t_noah_db());
    snprintf(live, sizeof live, "%s", w.token);
    for (i = 0; i < sizeof ahead / sizeof ahead[0]; i++) {
        res = visit_at(own_host, "/", live, ahead[i][0], ahead[i][1]);
        cr_assert_eq(res.status, 403, "%s: %d", ahead[i][0], res.status);
        cr_assert_null(res.headers != NULL ? strstr(res.headers, "Set-Cookie")
                                           : NULL);
        release(&res);
        cr_assert_str_eq(w.token, live, "a prefetch took the token");
    }
    /* The visit itself still opens. */
    res = visit_at(own_host, "/", live, NULL, NULL);
    cr_assert_eq(res.status, 303);
    cr_assert_not_null(strstr(res.headers, "Set-Cookie: "));
    release(&res);
    stop();
}

Test(serve_web, the_cookie_is_set_under_the_runs_own_name_only)
{
    static const char *const others[] = {"127.0.0.1:8730", "localhost:8730"};
    char live[WEB_TOKEN_HEX + 1], expect[200], bearer[80];
    struct kh_response res;
    struct web other;
    size_t i;

    start(t_noah_db());
    /* "k", 16 random hex digits, ".localhost"; another run has another. */
    cr_assert_eq(strlen(w.name), 27, "%s", w.name);
    cr_assert_eq(w.name[0], 'k');
    cr_assert_eq(strspn(w.name + 1, "0123456789abcdef"), 16, "%s", w.name);
    cr_assert_str_eq(w.name + 17, ".localhost");
    cr_assert_eq(web_init(&other, t_noah_db(), 0, "en"), 0);
    cr_assert_str_neq(other.name, w.name);
    web_release(&other);
    snprintf(live, sizeof live, "%s", w.token);
    for (i = 0; i < sizeof others / sizeof others[0]; i++) {
        /* The token at 127.0.0.1 or localhost: on to the own name, with
         * the token still live; no cookie there. */
        res = visit_at(others[i], "/case/2026-014", live, NULL, NULL);
        cr_assert_eq(res.status, 303, "%s", others[i]);
        snprintf(expect, sizeof expect,
                 "Location: http://%s:8730/case/2026-014?token=%s\n", w.name,
                 live);
        cr_assert_not_null(strstr(res.headers, expect), "%s", res.headers);
        cr_assert_null(strstr(res.headers, "Set-Cookie"), "%s", res.headers);
        release(&res);
        cr_assert_str_eq(w.token, live);
        /* The session's cookie is not read there either (the browser
         * would not send it, and no other server may use it). */
        res = visit_at(others[i], "/api/cases", NULL, "Cookie", cookie);
        cr_assert_eq(res.status, 403, "%s", others[i]);
        release(&res);
        /* Scripts may use 127.0.0.1 with the bearer token. */
        snprintf(bearer, sizeof bearer, "Bearer %s", live);
        res = visit_at(others[i], "/api/cases", NULL, "Authorization", bearer);
        cr_assert_eq(res.status, 200, "%s", others[i]);
        release(&res);
    }
    /* The own name on another port is not kring. */
    snprintf(expect, sizeof expect, "%s:8731", w.name);
    res = visit_at(expect, "/", live, NULL, NULL);
    cr_assert_eq(res.status, 421);
    release(&res);
    cr_assert_str_eq(w.token, live);
    /* Bound to another loopback address (--bind 127.0.0.2), where the own
     * name does not lead: the address bound to, as before. */
    w.named = 0;
    res = visit_at("127.0.0.1:8730", "/", live, NULL, NULL);
    cr_assert_eq(res.status, 303);
    cr_assert_not_null(strstr(res.headers, "Set-Cookie: "));
    release(&res);
    stop();
}

Test(serve_web, the_next_address_is_said_in_dutch)
{
    char used[WEB_TOKEN_HEX + 1], *said = NULL, *body;
    size_t said_len = 0;
    struct kh_response res;

    start_in(t_noah_db(), "nl");
    w.err = open_memstream(&said, &said_len);
    snprintf(used, sizeof used, "%s", w.token);
    log_in();
    fflush(w.err);
    cr_assert_not_null(strstr(said, "kring: het adres is geopend en laat nu "
                                    "niemand anders meer binnen; open voor "
                                    "een andere browser dit adres:\n"),
                       "%s", said);
    res = visit_at(own_host, "/", used, NULL, NULL);
    cr_assert_eq(res.status, 403);
    body = text(&res);
    cr_assert_not_null(strstr(body, "dit adres is al geopend"), "%s", body);
    free(body);
    release(&res);
    res = visit_at(own_host, "/", w.token, "Sec-Purpose", "prefetch");
    cr_assert_eq(res.status, 403);
    body = text(&res);
    cr_assert_not_null(strstr(body, "niet bij vooraf laden"), "%s", body);
    free(body);
    release(&res);
    fclose(w.err);
    w.err = NULL;
    free(said);
    stop();
}

/* A thread keeps its store open between requests (docs/web.md): it sees
 * a case another kring added meanwhile, and after a file is put in the
 * database's place (as by a restore) it reads that file, not the one it
 * had open. A file with a newer schema is refused, not read. */
Test(serve_web, a_kept_store_sees_changes_and_a_file_put_in_its_place)
{
    const char *db = t_noah_db();
    char *dir = t_tmpdir(), *page, path[600];
    const char *other = t_db(dir, "other.db");
    struct kh_response res;
    struct t_run r;

    start(db);
    res = ask("GET", "/", 1, NULL);
    page = text(&res);
    cr_assert_not_null(strstr(page, ">2026-014</a>"));
    cr_assert_null(strstr(page, "2026-900"));
    free(page);
    release(&res);
    r = t_cli(NULL, "--db", db, "case", "new", "2026-900", "--name", "Zo",
              NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    t_run_free(&r);
    res = ask("GET", "/", 1, NULL);
    page = text(&res);
    cr_assert_not_null(strstr(page, ">2026-900</a>"));
    free(page);
    release(&res);

    /* What follows is a file put in the store's place: SQLite's. */
    if (t_pg()) {
        stop();
        free(dir);
        return;
    }
    /* The other file is made as by another kring (this thread's commands
     * would keep it open, its last change still in its WAL), then the
     * server reads again (keeping its store of DB) before the file is
     * put in DB's place. */
    kring_store_keep_open(0);
    r = t_cli(NULL, "--db", other, "case", "new", "2026-901", "--name", "Ty",
              NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    t_run_free(&r);
    res = ask("GET", "/", 1, NULL);
    cr_assert_eq(res.status, 200);
    release(&res);
    cr_assert_eq(rename(other, db), 0);
    snprintf(path, sizeof path, "%s-wal", db);
    unlink(path);
    snprintf(path, sizeof path, "%s-shm", db);
    unlink(path);
    res = ask("GET", "/", 1, NULL);
    cr_assert_eq(res.status, 200);
    page = text(&res);
    cr_assert_not_null(strstr(page, ">2026-901</a>"));
    cr_assert_null(strstr(page, "2026-014"));
    free(page);
    release(&res);

    cr_assert_eq(t_sql_exec(db, "PRAGMA user_version = 99"), SQLITE_OK);
    res = ask("GET", "/", 1, NULL);
    cr_assert_eq(res.status, 500);
    page = text(&res);
    cr_assert_null(strstr(page, "2026-901"));
    cr_assert_not_null(strstr(page, "newer kring"), "%s", page);
    free(page);
    release(&res);
    stop();
    free(dir);
}

/* The version of the tie A-B in the intake's data of the case page. */
static void tie_version(const char *a, const char *b, char *buf, size_t cap)
{
    struct kh_response res = ask("GET", "/case/2026-014", 1, NULL);
    char *page = text(&res), want[160], *at;

    snprintf(want, sizeof want, "data-a=\"%s\" data-b=\"%s\"", a, b);
    cr_assert_not_null(at = strstr(page, want), "no tie %s", want);
    cr_assert_not_null(at = strstr(at, "data-version=\""));
    at += strlen("data-version=\"");
    snprintf(buf, cap, "%.*s", (int)strcspn(at, "\""), at);
    cr_assert_eq(strlen(buf), 16);
    free(page);
    release(&res);
}

/* The intake on the map changes a tie as its form does: in place, with
 * the version the page read; a stale change or removal is refused (409)
 * and changes nothing. The page gives the script the map's geometry. */
Test(serve_web, a_tie_is_changed_with_the_version_it_was_read_at)
{
    const char *db = t_noah_db();
    char was[32], now[32], body[512], *before, *after, *page;
    struct kh_response res;
    struct t_run r;

    start(db);
    res = ask("GET", "/case/2026-014", 1, NULL);
    page = text(&res);
    cr_assert_not_null(
        strstr(page, "<div id=\"intake\" data-code=\"2026-014\""));
    cr_assert_not_null(strstr(page, " data-rings=\""));
    cr_assert_not_null(strstr(page, " data-wedges=\"household "));
    cr_assert_not_null(strstr(page, "data-node=\"p4\" data-number=\"4\" "
                                    "data-id=\"oma-ria\" data-ring=\"1\" "
                                    "data-sector=\"family\""));
    free(page);
    release(&res);
    tie_version("oma-ria", "lotte", was, sizeof was);
    snprintf(body, sizeof body,
             "csrf=%s&a=lotte&b=oma-ria&strength=strong&quality=mixed&"
             "version=%s",
             w.csrf, was);
    res = ask("POST", "/case/2026-014/tie/change", 1, body);
    cr_assert_eq(res.status, 303);
    release(&res);
    r = t_cli(NULL, "--db", db, "--json", "case", "show", "2026-014", NULL);
    cr_assert_not_null(strstr(r.out,
                              "\"a\": \"oma-ria\",\n      \"b\": "
                              "\"lotte\",\n      \"strength\": "
                              "\"strong\",\n      \"quality\": \"mixed\""),
                       "%s", r.out);
    t_run_free(&r);
    tie_version("oma-ria", "lotte", now, sizeof now);
    cr_assert_str_neq(was, now);
    /* A page read before that change: refused, nothing changed. */
    before = t_dump_db(db);
    snprintf(body, sizeof body,
             "csrf=%s&a=oma-ria&b=lotte&strength=weak&quality=positive&"
             "version=%s",
             w.csrf, was);
    res = ask("POST", "/case/2026-014/tie/change", 1, body);
    cr_assert_eq(res.status, 409);
    page = text(&res);
    cr_assert_not_null(strstr(page, "has changed since this page was opened"));
    free(page);
    release(&res);
    snprintf(body, sizeof body, "csrf=%s&a=oma-ria&b=lotte&version=%s", w.csrf,
             was);
    res = ask("POST", "/case/2026-014/tie/remove", 1, body);
    cr_assert_eq(res.status, 409);
    release(&res);
    after = t_dump_db(db);
    cr_assert_str_eq(after, before);
    free(after);
    free(before);
    stop();
}

/* The CSRF token a page carries, as the form of PATH has it. */
static void csrf_in(const char *path, char *buf, size_t cap)
{
    struct kh_response res = ask("GET", path, 1, NULL);
    char *page = text(&res), *at = strstr(page, "name=\"csrf\" value=\"");

    cr_assert_not_null(at);
    at += strlen("name=\"csrf\" value=\"");
    snprintf(buf, cap, "%.*s", (int)strcspn(at, "\""), at);
    free(page);
    release(&res);
}

/* No two answers carry the CSRF token as the same text (a page sent in
 * gzip gives nothing away by its size): each is the token under a mask
 * of its own, and each is taken; one digit changed is refused. */
Test(serve_web, every_page_carries_the_csrf_token_masked_anew)
{
    const char *db = t_noah_db();
    char one[256], two[256], body[512];
    struct kh_response res;

    start(db);
    csrf_in("/case/2026-014", one, sizeof one);
    csrf_in("/case/2026-014", two, sizeof two);
    cr_assert_eq(strlen(one), 96);
    cr_assert_eq(strspn(one, "0123456789abcdef"), 96);
    cr_assert_str_neq(one, two);
    cr_assert_null(strstr(one, w.csrf));
    snprintf(body, sizeof body, "csrf=%s&name=Yara&role=friend&ring=2", one);
    res = ask("POST", "/case/2026-014/person", 1, body);
    cr_assert_eq(res.status, 303);
    release(&res);
    two[95] = two[95] == '0' ? '1' : '0';
    snprintf(body, sizeof body, "csrf=%s&name=Yusuf&role=friend&ring=2", two);
    res = ask("POST", "/case/2026-014/person", 1, body);
    cr_assert_eq(res.status, 403);
    release(&res);
    snprintf(body, sizeof body, "csrf=%.95s&name=Yusuf&role=friend&ring=2",
             one);
    res = ask("POST", "/case/2026-014/person", 1, body);
    cr_assert_eq(res.status, 403);
    release(&res);
    stop();
}
