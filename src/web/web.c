/* kring serve: every request comes in here. web_access.c checks the Host
 * and the access token (in the address once, then a cookie); here, on a
 * change, the form's CSRF token; then routes. Changes (web_change.c) call
 * the library's changes (include/kring/change.h), as the command line does,
 * and are answered with a redirect (POST, then GET); /api/ answers with the
 * library's JSON (include/kring/report.h). Every answer carries a strict
 * Content-Security-Policy and is not cached (web_out.c, docs/web.md). */
#include <errno.h>
#include <libintl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "web.h"

#define _(s) dgettext("kring", s)

int web_init(struct web *w, const char *db, int shared_ok, const char *lang)
{
    int i;

    memset(w, 0, sizeof *w);
    snprintf(w->lang, sizeof w->lang, "%s", lang);
    snprintf(w->bind, sizeof w->bind, "127.0.0.1");
    w->shared_ok = shared_ok;
    w->loopback = 1;
    w->named = 1;
    /* The language is set up once, here: every command the pages run
     * asks for the same one, and kring_i18n_init() then changes nothing
     * while other threads run. The lists of words are made now too,
     * before threads share them. */
    kring_i18n_init(w->lang);
    for (i = 0; i < KRING_ENUM_COUNT; i++)
        kring_enum_list((kring_enum)i);
    if ((w->db = strdup(db)) == NULL ||
        (w->renderer = kring_renderer_new()) == NULL ||
        (w->cache = calloc(WEB_CACHE, sizeof *w->cache)) == NULL) {
        web_release(w);
        return -1;
    }
    memcpy(w->cookie, "kring-", 6);
    w->name[0] = 'k';
    if (web_random_hex(w->token, WEB_TOKEN_HEX / 2) < 0 ||
        web_random_hex(w->csrf, WEB_TOKEN_HEX / 2) < 0 ||
        web_random_hex(w->cookie + 6, 8) < 0 ||
        web_random_hex(w->name + 1, 8) < 0) {
        web_release(w);
        return -2;
    }
    strcat(w->name, ".localhost");
    w->cache_n = WEB_CACHE;
    w->cache_bytes = SIZE_MAX;
    pthread_mutex_init(&w->render, NULL);
    pthread_mutex_init(&w->cache_lock, NULL);
    pthread_cond_init(&w->drawn, NULL);
    pthread_mutex_init(&w->session_lock, NULL);
    w->locks = 1;
    return 0;
}

/* Frees the maps kept and their places. */
static void web_release_maps(struct web *w)
{
    int i;

    for (i = 0; w->cache != NULL && i < w->cache_n; i++) {
        free(w->cache[i].dot);
        free(w->cache[i].code);
        free(w->cache[i].data);
    }
    free(w->cache);
    w->cache = NULL;
    w->cache_n = 0;
    w->cache_kept = 0;
}

int web_keep_maps(struct web *w, int n, size_t bytes)
{
    struct web_map *more = calloc((size_t)n, sizeof *more);

    if (more == NULL)
        return -1;
    web_release_maps(w);
    w->cache = more;
    w->cache_n = n;
    w->cache_bytes = bytes;
    return 0;
}

void web_release(struct web *w)
{
    web_release_maps(w);
    /* The stores this thread kept open (those of the server's threads
     * are closed as they end). */
    kring_store_keep_open(0);
    kring_renderer_free(w->renderer);
    free(w->db);
    if (w->locks) {
        pthread_mutex_destroy(&w->render);
        pthread_mutex_destroy(&w->cache_lock);
        pthread_cond_destroy(&w->drawn);
        pthread_mutex_destroy(&w->session_lock);
    }
    memset(w, 0, sizeof *w);
}

/* --- the request ------------------------------------------------------- */

/* Splits PATH into its parts ("/case/x/team" -> case, x, team). */
static int split(const char *path, char *buf, size_t cap, char **part, int max)
{
    int n = 0;
    char *at, *save = NULL;

    if (strlen(path) >= cap)
        return -1;
    strcpy(buf, path);
    for (at = strtok_r(buf, "/", &save); at != NULL;
         at = strtok_r(NULL, "/", &save)) {
        if (n == max)
            return -1;
        part[n++] = at;
    }
    return n;
}

static void static_file(struct kh_response *res, const char *type,
                        const char *text)
{
    char *body = strdup(text);

    web_answer(res, 200, type, body, body ? strlen(body) : 0, NULL);
}

/* What an /api/ address answers. */
enum api_kind {
    API_CASES,
    API_WEIGHTS,
    API_CASE,
    API_SCORE,
    API_INDICATORS,
    API_HISTORY
};

/* The JSON of KIND for case CODE into OUT, as the command line's --json
 * writes it (include/kring/report.h). */
static kring_status api_json(struct web *w, enum api_kind kind,
                             const char *code, FILE *out, kring_error *err)
{
    kring_case_summary *list = NULL;
    kring_store *s = NULL;
    kring_case *c = NULL;
    kring_weights weights;
    kring_scores scores;
    kring_indicators in;
    kring_status rc;
    kring_jw jw;
    char *text = NULL;
    size_t n = 0;

    if (kind == API_WEIGHTS) {
        fputs(kring_weights_default_text(), out);
        return KRING_OK;
    }
    if ((rc = web_store(w, &s, err))) {
        /* As the command line says it: the database first. */
        char said[KRING_ERROR_TEXT_MAX + PATH_MAX + 4];
        int room = (int)sizeof err->text - 1;
        snprintf(said, sizeof said, "%s: %s", w->db, err->text);
        snprintf(err->text, sizeof err->text, "%.*s", room, said);
        return rc;
    }
    kring_jw_init(&jw, out, 1);
    if (kind == API_CASES) {
        if ((rc = kring_store_list_cases(s, &list, &n, err)) == KRING_OK)
            kring_report_case_list(out, list, n);
        kring_case_summaries_free(list, n);
    } else if (kind == API_CASE || kind == API_HISTORY) {
        if ((rc = kring_store_load_case(s, code, &c, err)) == KRING_OK &&
            kind == API_CASE &&
            (rc = kring_casefile_dump(c, &text, NULL, err)) == KRING_OK)
            fputs(text, out);
        else if (rc == KRING_OK)
            kring_report_history(&jw, c);
    } else if ((rc = kring_weights_default(&weights, err)) == KRING_OK &&
               (rc = kring_store_load_network(s, code, &c, err)) == KRING_OK) {
        if (kind == API_SCORE &&
            (rc = kring_score_case(c, &weights, &scores, err)) == KRING_OK) {
            kring_report_scores(&jw, c, &scores, &weights, -1);
            kring_scores_release(&scores);
        } else if (kind == API_INDICATORS &&
                   (rc = kring_indicators_compute(c, &weights, &in, err)) ==
                       KRING_OK) {
            kring_report_indicators(&jw, c, &in);
        }
    }
    if (rc == KRING_OK && jw.failed) {
        rc = err->code = KRING_ERR_NOMEM;
        snprintf(err->text, sizeof err->text, "%s", _("out of memory"));
    }
    kring_jw_release(&jw);
    free(text);
    kring_case_free(c);
    kring_store_close(s);
    return rc;
}

/* The JSON of an /api/ address; a refusal as {"error": message}, 404. */
static void api(struct web *w, struct kh_response *res, enum api_kind kind,
                const char *code)
{
    kring_error err;
    struct page p;
    char *shown = NULL;
    kring_status rc;

    if (page_open(&p) < 0) {
        web_text(res, 500, "out of memory\n");
        return;
    }
    rc = api_json(w, kind, code, p.f, &err);
    if (rc != KRING_OK) {
        /* What was written so far is dropped: only the refusal. */
        fclose(p.f);
        free(p.buf);
        if (page_open(&p) < 0) {
            web_text(res, 500, "out of memory\n");
            return;
        }
        if (kring_controls_escape(err.text, 0, &shown))
            shown = NULL;
        fputs("{\"error\": ", p.f);
        kring_json_put_string(p.f, shown != NULL ? shown : err.text);
        fputs("}\n", p.f);
        free(shown);
    }
    if (fclose(p.f) == 0 && p.buf != NULL)
        web_answer(res, rc == KRING_OK ? 200 : 404, "application/json", p.buf,
                   p.len, NULL);
    else
        web_text(res, 500, "out of memory\n");
}

static void route_api(struct web *w, struct kh_response *res, char **part,
                      int n)
{
    if (n == 2 && strcmp(part[1], "cases") == 0)
        api(w, res, API_CASES, NULL);
    else if (n == 2 && strcmp(part[1], "weights") == 0)
        api(w, res, API_WEIGHTS, NULL);
    else if (n == 3 && strcmp(part[1], "cases") == 0)
        api(w, res, API_CASE, part[2]);
    else if (n == 4 && strcmp(part[1], "cases") == 0 &&
             strcmp(part[3], "score") == 0)
        api(w, res, API_SCORE, part[2]);
    else if (n == 4 && strcmp(part[1], "cases") == 0 &&
             strcmp(part[3], "indicators") == 0)
        api(w, res, API_INDICATORS, part[2]);
    else if (n == 4 && strcmp(part[1], "cases") == 0 &&
             strcmp(part[3], "history") == 0)
        api(w, res, API_HISTORY, part[2]);
    else
        web_answer(res, 404, "application/json",
                   strdup("{\"error\": \"no such address\"}\n"), 31, NULL);
}

/* The map of a case as a file: SVG shown in the page, PDF downloaded. */
static void map_file(struct web *w, struct kh_response *res, const char *code,
                     kring_format f, const char *theme_name)
{
    kring_error err;
    char *data = NULL, more[160];
    size_t len = 0;
    int theme = theme_name != NULL      ? kring_theme_parse(theme_name)
                : f == KRING_FORMAT_PDF ? KRING_THEME_PRINT
                                        : KRING_THEME_YOUTH;

    if (theme < 0) {
        page_problem(w, res, 400, _("theme must be youth, team or print"));
        return;
    }
    /* A PDF is downloaded to print: the access log says so. */
    if (f == KRING_FORMAT_PDF)
        kring_store_set_read_kind(KRING_READ_PRINT);
    if (web_map(w, code, (kring_theme)theme, f, &data, &len, &err)) {
        page_problem(w, res, err.code == KRING_ERR_NOT_FOUND ? 404 : 500,
                     err.text);
    } else if (f == KRING_FORMAT_PDF) {
        snprintf(more, sizeof more,
                 "Content-Disposition: attachment; filename=\"%s-%s.pdf\"\n",
                 code, kring_theme_name((kring_theme)theme));
        web_answer(res, 200, "application/pdf", data, len, more);
        data = NULL;
    } else {
        web_answer(res, 200, "image/svg+xml", data, len, NULL);
        data = NULL;
    }
    free(data);
}

/* The meeting sheet, downloaded. */
static void sheet_file(struct web *w, struct kh_response *res, const char *code)
{
    kring_error err;
    char *data = NULL, more[160];
    size_t len = 0;

    kring_store_set_read_kind(KRING_READ_PRINT);
    if (web_sheet(w, code, &data, &len, &err)) {
        page_problem(w, res, err.code == KRING_ERR_NOT_FOUND ? 404 : 500,
                     err.text);
        return;
    }
    snprintf(more, sizeof more,
             "Content-Disposition: attachment; filename=\"%s-sheet.pdf\"\n",
             code);
    web_answer(res, 200, "application/pdf", data, len, more);
}

/* A refused POST; from the young person's view, on their screen. */
static void refuse(struct web *w, struct kh_response *res, char **part, int n,
                   int status, const char *text)
{
    if (n >= 3 && strcmp(part[0], "case") == 0 && strcmp(part[2], "youth") == 0)
        page_youth_problem(w, res, status, part[1], text);
    else
        page_problem(w, res, status, text);
}

/* kring server: a professional opens case CODE of the form F by
 * break-glass, and goes to it; a refusal on the list of cases. */
static void break_glass(struct web *w, struct kh_response *res,
                        const struct form *f)
{
    const char *code = form_get(f, "code"), *minutes = form_get(f, "minutes");
    char to[128];
    kring_store *s = NULL;
    kring_error err;
    int m = minutes != NULL ? atoi(minutes) : 0;

    if (code == NULL || !kring_code_valid(code, 64) ||
        (m != 60 && m != 240 && m != 480)) {
        page_cases(w, res, _("Give the case's code, why, and for how long."),
                   NULL);
        return;
    }
    if (web_store_write(w, &s, &err) ||
        kring_case_break_glass(s, code, form_get(f, "reason"), m, &err)) {
        kring_store_close(s);
        page_cases(w, res, err.text, NULL);
        return;
    }
    kring_store_close(s);
    snprintf(to, sizeof to, "/case/%s", code);
    web_redirect(res, to);
}

static void post(struct web *w, const struct kh_request *req,
                 struct kh_response *res, char **part, int n)
{
    const char *type = req->header(req, "Content-Type");
    const char *origin = req->header(req, "Origin");
    const char *host = req->header(req, "Host");
    const char *token;
    struct form f;

    if (w->server == NULL && origin != NULL && host != NULL &&
        !(strncmp(origin, "http://", 7) == 0 &&
          strcmp(origin + 7, host) == 0)) {
        refuse(w, res, part, n, 403, _("This change came from another site."));
        return;
    }
    if (type == NULL ||
        strncmp(type, "application/x-www-form-urlencoded", 33) != 0 ||
        form_parse(&f, req->body, req->body_len) < 0) {
        refuse(w, res, part, n, 400, _("The form could not be read."));
        return;
    }
    token = form_get(&f, "csrf");
    if (token == NULL || !web_csrf_ok(w, token)) {
        refuse(w, res, part, n, 403,
               _("This form has expired: load the page again."));
    } else if (n == 2 && strcmp(part[0], "admin") == 0 && w->server != NULL) {
        web_admin(w, res, part[1], &f);
    } else if (n == 1 && strcmp(part[0], "break-glass") == 0 &&
               w->server != NULL) {
        break_glass(w, res, &f);
    } else if (n >= 2 && strcmp(part[0], "case") == 0 && w->server != NULL &&
               !web_may_see(w, part[1])) {
        page_problem(w, res, 404, _("There is no such page."));
    } else if (n == 3 && strcmp(part[0], "case") == 0 &&
               strcmp(part[2], "assign") == 0 && w->server != NULL) {
        web_assign(w, res, part[1], &f);
    } else if ((n == 3 || n == 4) && strcmp(part[0], "case") == 0 &&
               strcmp(part[2], "invite") == 0 && w->server != NULL &&
               (n == 3 || strcmp(part[3], "revoke") == 0)) {
        web_invite(w, res, part[1], n == 4);
    } else if (n >= 1 && strcmp(part[0], "case") == 0) {
        web_change(w, res, part, n, &f);
    } else {
        page_problem(w, res, 404, _("There is no such page."));
    }
    form_release(&f);
}

/* kring server, before a GET goes on: an account that sees no case gets
 * its own start page and nothing else; a case's address, and an /api/
 * address of a case, kring's own check of need to know. 0: answered. */
static int server_get_ok(struct web *w, const struct kh_request *req,
                         struct kh_response *res, char **part, int n)
{
    const struct web_account *acct = web_account();
    const char *code = NULL;

    if (n == 1 && strcmp(part[0], "account") == 0) {
        page_account(w, res);
        return 0;
    }
    if (acct->role != KRING_ACCOUNT_PROFESSIONAL &&
        acct->role != KRING_ACCOUNT_TEAM_LEAD) {
        if (n == 0)
            page_office(w, res, NULL, 0, req->query(req, "case"),
                        req->query(req, "user"));
        else if (n == 1 && strcmp(part[0], "log.csv") == 0)
            web_log_csv(w, res, req->query(req, "case"),
                        req->query(req, "user"));
        else
            page_problem(w, res, 404, _("There is no such page."));
        return 0;
    }
    if (n >= 2 && strcmp(part[0], "case") == 0)
        code = part[1];
    else if (n >= 3 && strcmp(part[0], "api") == 0 &&
             strcmp(part[1], "cases") == 0)
        code = part[2];
    if (code != NULL && !web_may_see(w, code)) {
        page_problem(w, res, 404, _("There is no such page."));
        return 0;
    }
    return 1;
}

static void get(struct web *w, const struct kh_request *req,
                struct kh_response *res, char **part, int n)
{
    if (n == 2 && strcmp(part[0], "static") == 0) {
        if (strcmp(part[1], "kring.css") == 0)
            static_file(res, "text/css; charset=utf-8", web_css);
        else if (strcmp(part[1], "kring.js") == 0)
            static_file(res, "text/javascript; charset=utf-8", web_js);
        else if (!web_phone_static(w, res, part, n))
            web_text(res, 404, "not found\n");
        return;
    }
    if (w->server != NULL && !server_get_ok(w, req, res, part, n))
        return;
    if (n == 0)
        page_cases(w, res, NULL, NULL);
    else if (strcmp(part[0], "api") == 0)
        route_api(w, res, part, n);
    else if (strcmp(part[0], "case") != 0 || n < 2)
        page_problem(w, res, 404, _("There is no such page."));
    else if (n == 2)
        page_case(w, res, part[1], NULL, NULL);
    else if (n == 3 && strcmp(part[2], "intake") == 0)
        page_intake_map(w, res, part[1]);
    else if (n == 4 && strcmp(part[2], "person") == 0)
        page_person(w, res, part[1], part[3], NULL, NULL);
    else if (n == 3 && strcmp(part[2], "youth") == 0)
        page_youth(w, res, part[1], req->query(req, "person"), NULL,
                   req->query(req, "said") != NULL,
                   req->query(req, "person") == NULL &&
                       req->query(req, "said") == NULL &&
                       req->query(req, "map") == NULL);
    else if (n == 3 && strcmp(part[2], "team") == 0)
        page_team(w, res, part[1], NULL, NULL);
    else if (n == 3 && strcmp(part[2], "map.svg") == 0)
        map_file(w, res, part[1], KRING_FORMAT_SVG, req->query(req, "theme"));
    else if (n == 3 && strcmp(part[2], "map.pdf") == 0)
        map_file(w, res, part[1], KRING_FORMAT_PDF, req->query(req, "theme"));
    else if (n == 3 && strcmp(part[2], "sheet.pdf") == 0)
        sheet_file(w, res, part[1]);
    else
        page_problem(w, res, 404, _("There is no such page."));
}

/* Case codes and person ids are the only data in an address: anything
 * else in a part is refused before it reaches kring. */
static int parts_ok(char **part, int n)
{
    int i;

    for (i = 0; i < n; i++)
        if (!kring_code_valid(part[i], 64))
            return 0;
    return 1;
}

/* What the audit log calls a request's reads: its address with the case
 * and the person left out ("serve: /case/N/person/P"), never a code or an
 * id. The other parts are routes' words (parts_ok() held them): kring
 * server's "serve: /admin/team" and "serve: /break-glass" name the lines
 * of the organisation too. */
static void read_command(char **part, int n, char *buf, size_t cap)
{
    int i, api = n > 0 && strcmp(part[0], "api") == 0;
    /* A case's address; its fourth part a person's, but for invite/. */
    int one = n > 0 && strcmp(part[0], "case") == 0;
    int whom = one && n > 3 && strcmp(part[2], "invite") != 0;
    int link = n > 0 && strcmp(part[0], "j") == 0; /* an invitation's */
    size_t at = (size_t)snprintf(buf, cap, n ? "serve: " : "serve: /");

    for (i = 0; i < n && at < cap; i++)
        at += (size_t)snprintf(buf + at, cap - at, "/%s",
                               (api && i == 2) || (one && i == 1) ? "N"
                               : whom && i == 3                   ? "P"
                               : link && i == 1                   ? "S"
                                                                  : part[i]);
}

void web_handle(void *ctx, const struct kh_request *req,
                struct kh_response *res)
{
    struct web *w = ctx;
    char buf[512], *part[8], what[64];
    int n;

    if (!w->ready) {
        web_text(res, 503, "kring serve is starting\n");
        return;
    }
    if (w->server == NULL && !web_access(w, req, res))
        return;
    /* The server's threads keep their stores open between requests. */
    kring_store_keep_open(1);
    n = split(req->path, buf, sizeof buf, part, 8);
    if (n < 0 || !parts_ok(part, n)) {
        page_problem(w, res, 404, _("There is no such page."));
        return;
    }
    /* The request's address names its reads, and on kring server the
     * lines of its door, break-glass and accounts too. */
    read_command(part, n, what, sizeof what);
    kring_store_set_read_command(what);
    /* kring server: the door, then the account's session. */
    if (w->server != NULL && !web_server_access(w, req, res, part, n)) {
        kring_store_set_read_command(NULL);
        web_account_set(NULL);
        return;
    }
    if (strcmp(req->method, "GET") == 0 || strcmp(req->method, "HEAD") == 0)
        get(w, req, res, part, n);
    else if (strcmp(req->method, "POST") == 0)
        post(w, req, res, part, n);
    else
        web_text(res, 405, "method not allowed\n");
    kring_store_set_read_command(NULL);
    web_account_set(NULL);
}
