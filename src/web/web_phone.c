/* kring server: the young person's own phone (docs/youth-phone.md).
 *
 * /j/SECRET (the link in the QR code) and /j (with the short code) open
 * an invitation, once: the young person chooses a PIN, and the phone gets
 * a cookie of its own (WEB_PHONE_COOKIE), whose SHA-256 is the session the
 * store then acts as (kring_store_act_as_youth(): their case alone, in
 * PostgreSQL too). /y is their view of their own case (page_youth(), under
 * the phone's addresses), /y/looked who looked at it, /y/map.png and
 * /y/map.pdf their map to keep, /y/logout ends the session on the phone.
 * After the server's phone_idle unused, the PIN is asked again; 5 wrong PINs
 * lock the invitation. Nothing here leads to a professional's page, and a
 * phone's cookie on any other address gets "no such page". */
#include <libintl.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "web.h"

#define _(s) dgettext("kring", s)
#define N_(s) s

#define TOKEN_HEX 64 /* the cookie: 32 random bytes */

/* The phone's cookie of REQ into TOKEN (TOKEN_HEX + 1 bytes); 0 none. */
static int phone_cookie(const struct kh_request *req, char *token)
{
    char v[TOKEN_HEX + 8];

    if (!web_cookie(req->header(req, "Cookie"), WEB_PHONE_COOKIE, v,
                    sizeof v) ||
        strlen(v) != TOKEN_HEX || strspn(v, "0123456789abcdef") != TOKEN_HEX)
        return 0;
    memcpy(token, v, TOKEN_HEX + 1);
    return 1;
}

int web_phone_cookie(const struct kh_request *req)
{
    char token[TOKEN_HEX + 1];

    return phone_cookie(req, token);
}

/* The fields of a PIN to choose (TWICE: and once more) or type. */
static void pin_fields(FILE *f, int twice)
{
    htmlf(f,
          "<label>%s <input name=\"pin\" type=\"password\" "
          "inputmode=\"numeric\" pattern=\"[0-9]{6}\" minlength=\"6\" "
          "maxlength=\"6\" autocomplete=\"%s\" required></label>\n",
          twice ? _("Choose a PIN of 6 digits") : _("Your PIN"),
          twice ? "new-password" : "current-password");
    if (twice)
        htmlf(f,
              "<label>%s <input name=\"pin2\" type=\"password\" "
              "inputmode=\"numeric\" pattern=\"[0-9]{6}\" minlength=\"6\" "
              "maxlength=\"6\" autocomplete=\"new-password\" "
              "required></label>\n",
              _("The same PIN again"));
}

/* Opening the invitation: SECRET the link's (NULL: the short code is
 * asked for too). */
static void open_page(struct web *w, struct kh_response *res, int status,
                      const char *secret, const char *message)
{
    struct page p;

    if (web_phone_begin(w, &p, _("Your map"), message, 1) < 0) {
        web_text(res, 500, "out of memory\n");
        return;
    }
    htmlf(p.f, "<h1>%s</h1>\n<p>%s</p>\n<p>%s</p>\n", _("Your map"),
          _("The person you made your map with invited you to look at it "
            "on your own phone."),
          _("Choose a PIN: you type it when you open your map again. Keep "
            "it to yourself."));
    if (secret != NULL)
        htmlf(p.f, "<form method=\"post\" action=\"/j/%s\" class=\"pin\">\n",
              secret);
    else
        htmlf(p.f,
              "<form method=\"post\" action=\"/j\" class=\"pin\">\n"
              "<label>%s <input name=\"code\" maxlength=\"20\" "
              "autocapitalize=\"characters\" autocomplete=\"off\" "
              "spellcheck=\"false\" required></label>\n",
              _("The code you were given"));
    web_passkey_offer(p.f, w);
    pin_fields(p.f, 1);
    htmlf(p.f,
          "<button type=\"submit\" class=\"big\">%s</button></form>\n"
          "<script src=\"/static/passkey.js\" defer></script>\n",
          _("Open my map"));
    web_phone_end(res, status, &p, NULL);
}

/* Whether PIN is 6 digits, not all the same and not a run (123456,
 * 987654): the first PINs a finder tries. */
static int pin_ok(const char *pin)
{
    int i, same = 1, up = 1, down = 1;

    if (pin == NULL || strlen(pin) != 6 || strspn(pin, "0123456789") != 6)
        return 0;
    for (i = 1; i < 6; i++) {
        same &= pin[i] == pin[0];
        up &= pin[i] == pin[i - 1] + 1;
        down &= pin[i] == pin[i - 1] - 1;
    }
    return !(same || up || down);
}

/* The short code as typed, into OUT (11 bytes): its 10 letters and
 * digits in capitals, without spaces or dashes; 0 when it is not one. */
static int short_code(const char *typed, char *out)
{
    size_t n = 0;

    for (; typed != NULL && *typed; typed++) {
        char c = *typed;
        if (c == ' ' || c == '-')
            continue;
        if (c >= 'a' && c <= 'z')
            c = (char)(c - 'a' + 'A');
        if (n == 10 || strchr(WEB_SHORT_ALPHABET, c) == NULL || c == '\0')
            return 0;
        out[n++] = c;
    }
    out[n] = '\0';
    return n == 10;
}

/* POST /j/SECRET, or /j with the short code: the invitation opened, the
 * PIN kept as its hash, the phone's cookie set. */
static void do_open(struct web *w, const struct kh_request *req,
                    struct kh_response *res, const char *secret,
                    const struct form *f)
{
    const struct ka_api *auth = w->server->auth;
    const char *pin = form_get(f, "pin"), *pin2 = form_get(f, "pin2");
    const char *why = NULL;
    char address[48], code[11], hash[65], token[TOKEN_HEX + 1];
    char token_hash[65], pin_hash[KA_HASH_MAX], more[300], kase[80];
    int with_key = form_get(f, "passkey") != NULL;
    kring_passkey key;
    kring_store *s = NULL;
    kring_error err;
    kring_status rc;

    web_address_of(w, req, address, sizeof address);
    if (secret == NULL && !short_code(form_get(f, "code"), code)) {
        open_page(w, res, 422, NULL,
                  _("The code has 10 letters and digits, like "
                    "ABCDE-23456."));
        return;
    }
    if (!with_key && (!pin_ok(pin) || pin2 == NULL || strcmp(pin, pin2) != 0)) {
        open_page(w, res, 422, secret,
                  !pin_ok(pin) ? _("Choose 6 digits that are not all the "
                                   "same and not in a row (like 123456).")
                               : _("The two PINs are not the same."));
        return;
    }
    /* The try counts against the address before it is checked: codes
     * cannot be guessed faster than logins. */
    if (!web_address_try(w->server, address)) {
        web_event(w, "phone opening refused: too many failures from %s",
                  address);
        open_page(w, res, 429, secret,
                  _("Too many tries from this phone: try again in 15 "
                    "minutes."));
        return;
    }
    if (with_key && web_passkey_made(w, f, &key, &why) < 0) {
        web_event(w, "phone's passkey not linked: %s (%s)", why, address);
        open_page(w, res, 422, secret,
                  _("Your phone's screen lock could not be linked. Choose a "
                    "PIN instead."));
        return;
    }
    auth->sha256_hex(secret != NULL ? secret : code, hash);
    auth->random_hex(token, TOKEN_HEX / 2);
    auth->sha256_hex(token, token_hash);
    rc = KRING_OK;
    if (!with_key) {
        sem_wait(&w->server->hashing);
        if (auth->password_hash(pin, pin_hash) != 0)
            rc = KRING_ERR_NOMEM;
        sem_post(&w->server->hashing);
    }
    if (rc == KRING_OK && (rc = web_store_write(w, &s, &err)) == KRING_OK)
        rc = kring_youth_claim(
            s, secret != NULL ? hash : NULL, secret != NULL ? NULL : hash,
            with_key ? NULL : pin_hash, with_key ? &key : NULL, token_hash,
            w->server->phone_idle, address, kase, sizeof kase, &err);
    kring_store_close(s);
    if (rc == KRING_ERR_NOT_FOUND) {
        web_event(w, "phone opening refused: no invitation (%s)", address);
        web_phone_said(w, res, 404, _("This invitation cannot be opened"),
                       _("It was used already, is too old or was taken back. "
                         "Ask the person you made the map with for a new "
                         "one."),
                       NULL);
        return;
    }
    if (rc != KRING_OK) {
        web_phone_said(w, res, 500, _("Something is wrong"),
                       _("Try again in a moment."), NULL);
        return;
    }
    web_address_ok(w->server, address);
    web_event(w, "invitation opened on a phone (%s)", address);
    web_phone_cookie_header(w, token, more, sizeof more);
    web_redirect_with(res, "/y", NULL, more);
}

/* The PIN asked again (the session unused for a while). */
static void pin_page(struct web *w, struct kh_response *res, int status,
                     const char *message)
{
    struct page p;

    if (web_phone_begin(w, &p, _("Your map"), message, message != NULL) < 0) {
        web_text(res, 500, "out of memory\n");
        return;
    }
    htmlf(p.f,
          "<h1>%s</h1>\n<form method=\"post\" action=\"/y/pin\" "
          "class=\"pin\">\n",
          _("Type your PIN"));
    pin_fields(p.f, 0);
    htmlf(p.f, "<button type=\"submit\" class=\"big\">%s</button></form>\n",
          _("Open my map"));
    web_phone_end(res, status, &p, NULL);
}

static void do_pin(struct web *w, const struct kh_request *req,
                   struct kh_response *res, const char *token_hash,
                   const struct form *f)
{
    const char *pin = form_get(f, "pin");
    char address[48], hash[KA_HASH_MAX], said[200];
    kring_store *s = NULL;
    kring_error err;
    kring_status rc;
    int right = 0, left = 0;

    web_address_of(w, req, address, sizeof address);
    if (web_store_write(w, &s, &err) != KRING_OK ||
        kring_youth_pin_try(s, token_hash, hash, sizeof hash, &err) !=
            KRING_OK) {
        kring_store_close(s);
        web_phone_gone(w, res);
        return;
    }
    if (pin != NULL && strlen(pin) == 6) {
        sem_wait(&w->server->hashing);
        right = w->server->auth->password_verify(hash, pin);
        sem_post(&w->server->hashing);
    }
    rc = kring_youth_pin_said(s, token_hash, right, w->server->phone_idle,
                              address, &left, &err);
    kring_store_close(s);
    if (web_phone_tried(w, res, rc, right, left, "PIN wrong too often",
                        address)) {
        snprintf(said, sizeof said,
                 dngettext("kring",
                           "That PIN is not right. You can try %d "
                           "more time.",
                           "That PIN is not right. You can try %d more times.",
                           (unsigned long)left),
                 left);
        pin_page(w, res, 403, said);
    }
}

/* DAY (YYYY-MM-DD) as a young person reads a date, "7 December 2026" (in
 * Dutch "7 december 2026"), into OUT (CAP bytes); DAY itself when it is
 * not one. */
static void day_words(const char *day, char *out, size_t cap)
{
    static const char *const months[] = {
        N_("January"),   N_("February"), N_("March"),    N_("April"),
        N_("May"),       N_("June"),     N_("July"),     N_("August"),
        N_("September"), N_("October"),  N_("November"), N_("December")};
    int y, m, d, n = 0;

    if (sscanf(day, "%4d-%2d-%2d%n", &y, &m, &d, &n) == 3 && day[n] == '\0' &&
        m >= 1 && m <= 12 && d >= 1 && d <= 31)
        /* TRANSLATORS: a day: its number, the month's name, the year. */
        snprintf(out, cap, _("%d %s %d"), d, _(months[m - 1]), y);
    else
        snprintf(out, cap, "%s", day);
}

/* Who looked at the young person's map, in plain words. */
static const char *role_words(const char *role)
{
    if (strcmp(role, "young_person") == 0)
        return _("You, on your phone");
    if (strcmp(role, "professional") == 0)
        return _("A professional of the team that helps you");
    if (strcmp(role, "team_lead") == 0)
        return _("The leader of that team");
    if (strcmp(role, "privacy_officer") == 0)
        return _("The person who checks that your data is safe");
    return _("The organisation's own programs, used by its staff (for "
             "example for a backup)");
}

static void looked_page(struct web *w, struct kh_response *res)
{
    kring_look *l = NULL;
    kring_store *s = NULL;
    kring_error err;
    struct page p;
    size_t n = 0, i;
    char day[64];

    if (web_store(w, &s, &err) != KRING_OK ||
        kring_youth_looked(s, &l, &n, &err) != KRING_OK) {
        kring_store_close(s);
        web_phone_gone(w, res);
        return;
    }
    kring_store_close(s);
    if (web_phone_begin(w, &p, _("Who looked at my map?"), NULL, 0) < 0) {
        free(l);
        web_text(res, 500, "out of memory\n");
        return;
    }
    htmlf(p.f,
          "<h1>%s</h1>\n<p>%s</p>\n<table class=\"looked\">\n"
          "<thead><tr><th>%s</th><th>%s</th><th>%s</th></tr></thead>\n"
          "<tbody>\n",
          _("Who looked at my map?"),
          _("Every time someone opens or changes your map, kring writes "
            "it down. This is that list: who (not their name, but what "
            "they do), on which day, how often."),
          _("Day"), _("Who"), _("Times"));
    for (i = 0; i < n; i++) {
        day_words(l[i].day, day, sizeof day);
        htmlf(p.f,
              "<tr><td class=\"day\"><time datetime=\"%s\">%s</time></td>"
              "<td>%s</td><td>%d</td></tr>\n",
              l[i].day, day, role_words(l[i].role),
              l[i].times > 1000000 ? 1000000 : (int)l[i].times);
    }
    htmlf(p.f,
          "</tbody></table>\n<p>%s</p>\n<p><a class=\"button\" "
          "href=\"/y?map=1\">%s</a></p>\n",
          _("Questions about this? Ask the person you made the map with, "
            "or the organisation's privacy officer."),
          _("Back to my map"));
    free(l);
    web_phone_end(res, 200, &p, NULL);
}

/* The young person's map as a file to keep: theirs by right (AVG art.
 * 15), as they see it (the youth theme). */
static void map_download(struct web *w, struct kh_response *res,
                         const char *code, kring_format format)
{
    char *data = NULL, more[160];
    size_t len = 0;
    kring_error err;

    kring_store_set_read_kind(KRING_READ_EXPORT);
    if (web_map(w, code, KRING_THEME_YOUTH, format, &data, &len, &err)) {
        web_phone_gone(w, res);
        return;
    }
    snprintf(more, sizeof more,
             "Content-Disposition: attachment; filename=\"%s.%s\"\n",
             _("my-map"), format == KRING_FORMAT_PDF ? "pdf" : "png");
    web_answer(res, 200,
               format == KRING_FORMAT_PDF ? "application/pdf" : "image/png",
               data, len, more);
}

static void do_logout(struct web *w, struct kh_response *res,
                      const char *token_hash)
{
    kring_store *s = NULL;
    kring_error err;
    char more[200];

    if (web_store_write(w, &s, &err) == KRING_OK)
        kring_youth_end(s, token_hash, &err);
    kring_store_close(s);
    web_phone_cookie_header(w, NULL, more, sizeof more);
    web_phone_said(w, res, 200, _("You are logged out on this phone"),
                   _("Your map is still there. To see it on this phone again, "
                     "ask the person you made the map with for a new "
                     "invitation."),
                   more);
}

/* /y and below, for the phone's open session TOKEN_HASH of case CODE: its
 * account is the young person from here on. */
static void youth_route(struct web *w, const struct kh_request *req,
                        struct kh_response *res, char **part, int n,
                        const char *code, const char *token,
                        const char *token_hash)
{
    struct web_account acct;
    char salted[TOKEN_HEX + 8];
    struct form f;
    char *as_case[5];
    int is_post = strcmp(req->method, "POST") == 0, i;

    memset(&acct, 0, sizeof acct);
    snprintf(acct.youth, sizeof acct.youth, "%s", token_hash);
    web_address_of(w, req, acct.address, sizeof acct.address);
    /* The forms' token: made from the cookie, never the cookie, nor
     * the hash the store keeps. */
    snprintf(salted, sizeof salted, "%s csrf", token);
    w->server->auth->sha256_hex(salted, acct.csrf);
    acct.csrf[WEB_TOKEN_HEX] = '\0';
    web_account_set(&acct);
    if (!is_post) {
        if (n == 1)
            page_youth(w, res, code, req->query(req, "person"), NULL,
                       req->query(req, "said") != NULL,
                       req->query(req, "person") == NULL &&
                           req->query(req, "said") == NULL &&
                           req->query(req, "map") == NULL);
        else if (n == 2 && strcmp(part[1], "looked") == 0)
            looked_page(w, res);
        else if (n == 2 && strcmp(part[1], "map.pdf") == 0)
            map_download(w, res, code, KRING_FORMAT_PDF);
        else if (n == 2 && strcmp(part[1], "map.png") == 0)
            map_download(w, res, code, KRING_FORMAT_PNG);
        else
            web_phone_nowhere(w, res);
        return;
    }
    if (form_parse(&f, req->body, req->body_len) < 0) {
        page_youth_problem(w, res, 400, code, _("The form could not be read."));
        return;
    }
    if (form_get(&f, "csrf") == NULL || !web_csrf_ok(w, form_get(&f, "csrf")))
        page_youth_problem(w, res, 403, code,
                           _("This form has expired: load the page again."));
    else if (n == 2 && strcmp(part[1], "logout") == 0)
        do_logout(w, res, token_hash);
    else if ((n == 2 && strcmp(part[1], "suggest") == 0) ||
             (n == 3 && (strcmp(part[2], "suggest") == 0 ||
                         strcmp(part[2], "ask") == 0))) {
        /* The young person's view's own changes, as on the laptop. */
        as_case[0] = "case";
        as_case[1] = (char *)code;
        as_case[2] = "youth";
        for (i = 1; i < n; i++)
            as_case[2 + i] = part[i];
        web_change(w, res, as_case, n + 2, &f);
    } else
        web_phone_nowhere(w, res);
    form_release(&f);
}

void web_phone(struct web *w, const struct kh_request *req,
               struct kh_response *res, char **part, int n)
{
    int is_post = strcmp(req->method, "POST") == 0;
    char token[TOKEN_HEX + 1], token_hash[65], kase[80];
    char key_id[KRING_PASSKEY_ID_MAX];
    kring_phone_state state = KRING_PHONE_GONE;
    kring_store *s = NULL;
    kring_error err;
    struct form f;

    if (strcmp(part[0], "j") == 0) {
        if (n > 2) {
            web_phone_nowhere(w, res);
        } else if (!is_post) {
            open_page(w, res, 200, n == 2 ? part[1] : NULL, NULL);
        } else if (form_parse(&f, req->body, req->body_len) < 0) {
            open_page(w, res, 400, n == 2 ? part[1] : NULL,
                      _("The form could not be read."));
        } else {
            do_open(w, req, res, n == 2 ? part[1] : NULL, &f);
            form_release(&f);
        }
        return;
    }
    if (!phone_cookie(req, token)) {
        web_phone_nowhere(w, res);
        return;
    }
    w->server->auth->sha256_hex(token, token_hash);
    if (web_store_write(w, &s, &err) == KRING_OK)
        kring_youth_session(s, token_hash, w->server->phone_idle,
                            w->server->phone_life, &state, kase, sizeof kase,
                            key_id, &err);
    kring_store_close(s);
    if (state == KRING_PHONE_GONE) {
        web_phone_gone(w, res);
    } else if (state == KRING_PHONE_KEY) {
        if (n == 2 && is_post && strcmp(part[1], "passkey") == 0) {
            if (form_parse(&f, req->body, req->body_len) < 0) {
                web_passkey_page(w, res, 400, token_hash, key_id,
                                 _("The form could not be read."));
                return;
            }
            web_passkey_unlock(w, req, res, token_hash, key_id, &f);
            form_release(&f);
        } else {
            web_passkey_page(w, res, 200, token_hash, key_id, NULL);
        }
    } else if (state == KRING_PHONE_PIN) {
        if (n == 2 && is_post && strcmp(part[1], "pin") == 0) {
            if (form_parse(&f, req->body, req->body_len) < 0) {
                pin_page(w, res, 400, _("The form could not be read."));
                return;
            }
            do_pin(w, req, res, token_hash, &f);
            form_release(&f);
        } else {
            pin_page(w, res, 200, NULL);
        }
    } else if (n == 2 && (strcmp(part[1], "pin") == 0 ||
                          strcmp(part[1], "passkey") == 0)) {
        web_redirect(res, "/y");
    } else {
        youth_route(w, req, res, part, n, kase, token, token_hash);
    }
}

/* The web app manifest: the phone's map on the home screen, in the
 * server's language, naming nobody. */
static void manifest(struct web *w, struct kh_response *res)
{
    static const char *const icons[][3] = {
        {"/static/icon-192.png", "192x192", "image/png"},
        {"/static/icon-512.png", "512x512", "image/png"},
        {"/static/icon.svg", "any", "image/svg+xml"}};
    struct page p;
    kring_jw jw;
    size_t i;

    if (page_open(&p) < 0) {
        web_text(res, 500, "out of memory\n");
        return;
    }
    kring_jw_init(&jw, p.f, 1);
    kring_jw_object(&jw);
    kring_jw_key(&jw, "name");
    kring_jw_string(&jw, _("My map"));
    kring_jw_key(&jw, "short_name");
    kring_jw_string(&jw, _("My map"));
    kring_jw_key(&jw, "lang");
    kring_jw_string(&jw, w->lang);
    kring_jw_key(&jw, "start_url");
    kring_jw_string(&jw, "/y");
    kring_jw_key(&jw, "scope");
    kring_jw_string(&jw, "/y");
    kring_jw_key(&jw, "display");
    kring_jw_string(&jw, "standalone");
    kring_jw_key(&jw, "background_color");
    kring_jw_string(&jw, "#fffaf4");
    kring_jw_key(&jw, "theme_color");
    kring_jw_string(&jw, "#a84a22");
    kring_jw_key(&jw, "icons");
    kring_jw_array(&jw);
    for (i = 0; i < sizeof icons / sizeof icons[0]; i++) {
        kring_jw_object(&jw);
        kring_jw_key(&jw, "src");
        kring_jw_string(&jw, icons[i][0]);
        kring_jw_key(&jw, "sizes");
        kring_jw_string(&jw, icons[i][1]);
        kring_jw_key(&jw, "type");
        kring_jw_string(&jw, icons[i][2]);
        kring_jw_object_end(&jw);
    }
    kring_jw_array_end(&jw);
    kring_jw_object_end(&jw);
    kring_jw_release(&jw);
    fputc('\n', p.f);
    if (fclose(p.f) != 0) {
        free(p.buf);
        web_text(res, 500, "out of memory\n");
        return;
    }
    web_answer(res, 200, "application/manifest+json", p.buf, p.len, NULL);
}

/* BYTES (LEN of them) answered as TYPE, with MORE headers. */
static void bytes(struct kh_response *res, const char *type, const void *bytes,
                  size_t len, const char *more)
{
    char *copy = malloc(len + 1);

    if (copy == NULL) {
        web_text(res, 500, "out of memory\n");
        return;
    }
    memcpy(copy, bytes, len);
    copy[len] = '\0';
    web_answer(res, 200, type, copy, len, more);
}

/* The service worker, told the phone's idle time: its copy is shown
 * offline no longer than the server would show the map without the PIN.
 * Its pages are the phone's: /y and below. */
static void service_worker(struct web *w, struct kh_response *res)
{
    size_t n = strlen(web_phone_sw) + 64;
    char *text = malloc(n);

    if (text == NULL) {
        web_text(res, 500, "out of memory\n");
        return;
    }
    snprintf(text, n, "self.kringIdle = %d;\n%s", w->server->phone_idle,
             web_phone_sw);
    web_answer(res, 200, "text/javascript; charset=utf-8", text, strlen(text),
               "Service-Worker-Allowed: /y\n");
}

int web_phone_static(struct web *w, struct kh_response *res, char **part, int n)
{
    if (w->server == NULL || n != 2)
        return 0;
    if (strcmp(part[1], "phone.webmanifest") == 0)
        manifest(w, res);
    else if (strcmp(part[1], "phone-sw.js") == 0)
        service_worker(w, res);
    else if (strcmp(part[1], "passkey.js") == 0)
        bytes(res, "text/javascript; charset=utf-8", web_passkey_js,
              strlen(web_passkey_js), NULL);
    else if (strcmp(part[1], "icon.svg") == 0)
        bytes(res, "image/svg+xml", web_icon_svg, web_icon_svg_len, NULL);
    else if (strcmp(part[1], "icon-180.png") == 0)
        bytes(res, "image/png", web_icon_180_png, web_icon_180_png_len, NULL);
    else if (strcmp(part[1], "icon-192.png") == 0)
        bytes(res, "image/png", web_icon_192_png, web_icon_192_png_len, NULL);
    else if (strcmp(part[1], "icon-512.png") == 0)
        bytes(res, "image/png", web_icon_512_png, web_icon_512_png_len, NULL);
    else
        return 0;
    return 1;
}
