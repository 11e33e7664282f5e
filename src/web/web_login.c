/* kring server's door (docs/server.md "Logging in"): the pages to enrol,
 * log in and log out, the session of every other request, kring's own
 * check of need to know, and the start page of the accounts that see no
 * case. kring serve (one professional, a token) never comes here. */
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "auth.h"
#include "oidc.h"
#include "web.h"

#define _(s) dgettext("kring", s)
#define N_(s) s

/* The cookies: a session's, and the one a login or enrolment form is sent
 * with (its token in the form too: a form from another site has not
 * got it). __Host-: Secure, this host only, path /. */
#define SESSION_COOKIE(w) ((w)->server->secure ? "__Host-kring" : "kring")
#define FORM_COOKIE(w)                                                         \
    ((w)->server->secure ? "__Host-kring-form" : "kring-form")
#define TOKEN_BYTES 32 /* a session's token: 256 bits */
#define PASSWORD_MIN 12
#define PASSWORD_MAX 128

/* --- the pages ---------------------------------------------------------- */

/* A page of the door: no account yet, no links into kring. */
static void door_head(FILE *f, struct web *w, const char *title)
{
    htmlf(f,
          "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta "
          "charset=\"utf-8\">\n<meta name=\"viewport\" "
          "content=\"width=device-width, initial-scale=1\">\n<title>%s "
          "\xe2\x80\x94 kring</title>\n<link rel=\"icon\" href=\"data:,\">\n"
          "<link rel=\"stylesheet\" href=\"/static/kring.css\">\n</head>\n"
          "<body class=\"door\">\n<header class=\"top\"><span "
          "class=\"home\">kring</span> <span>%s</span></header>\n<main>\n"
          "<h1>%s</h1>\n",
          w->lang, title, w->server->org, title);
}

/* Answers page P with the form cookie FORM_TOKEN set. */
static void door_answer(struct web *w, struct kh_response *res, int status,
                        struct page *p, const char *form_token)
{
    char more[200];

    page_foot(p->f);
    if (fclose(p->f) != 0 || p->buf == NULL) {
        free(p->buf);
        web_text(res, 500, "out of memory\n");
        return;
    }
    snprintf(more, sizeof more,
             "Set-Cookie: %s=%s; Path=/; HttpOnly; SameSite=Strict%s\n",
             FORM_COOKIE(w), form_token, w->server->secure ? "; Secure" : "");
    web_answer(res, status, "text/html; charset=utf-8", p->buf, p->len, more);
}

static void field(FILE *f, const char *name, const char *label,
                  const char *type, const char *autocomplete)
{
    htmlf(f,
          "<p><label for=\"%s\">%s</label><br><input id=\"%s\" name=\"%s\" "
          "type=\"%s\" autocomplete=\"%s\" required></p>\n",
          name, label, name, name, type, autocomplete);
}

static void login_page(struct web *w, struct kh_response *res, int status,
                       const char *message, int error)
{
    char token[WEB_TOKEN_HEX + 1];
    struct page p;

    if (page_open(&p) < 0) {
        web_text(res, 500, "out of memory\n");
        return;
    }
    w->server->auth->random_hex(token, WEB_TOKEN_HEX / 2);
    door_head(p.f, w, _("Log in"));
    if (message != NULL)
        page_message(p.f, message, error);
    if (w->server->oidc != NULL) {
        char label[200];
        snprintf(label, sizeof label, _("Log in with %s"),
                 w->server->oidc->name);
        htmlf(p.f, "<p><a class=\"button\" href=\"/oidc/login\">%s</a></p>\n",
              label);
    }
    if (!w->server->local_login) {
        door_answer(w, res, status, &p, token);
        return;
    }
    htmlf(p.f,
          "<form method=\"post\" action=\"/login\" class=\"door\">\n"
          "<input type=\"hidden\" name=\"form\" value=\"%s\">\n",
          token);
    field(p.f, "login", _("Login"), "text", "username");
    field(p.f, "password", _("Password"), "password", "current-password");
    htmlf(p.f,
          "<p><label for=\"code\">%s</label><br><input id=\"code\" "
          "name=\"code\" inputmode=\"numeric\" pattern=\"[0-9]{6}\" "
          "maxlength=\"6\" autocomplete=\"one-time-code\" required></p>\n"
          "<p><button>%s</button></p>\n</form>\n<p><a "
          "href=\"/enrol\">%s</a></p>\n",
          _("Code from your authenticator app"), _("Log in"),
          _("First time here? Enrol with the code you were given"));
    door_answer(w, res, status, &p, token);
}

static void enrol_page(struct web *w, struct kh_response *res, int status,
                       const char *message)
{
    char token[WEB_TOKEN_HEX + 1];
    struct page p;

    if (page_open(&p) < 0) {
        web_text(res, 500, "out of memory\n");
        return;
    }
    w->server->auth->random_hex(token, WEB_TOKEN_HEX / 2);
    door_head(p.f, w, _("Enrol"));
    if (message != NULL)
        page_message(p.f, message, 1);
    htmlf(p.f,
          "<p>%s</p>\n<form method=\"post\" action=\"/enrol\" "
          "class=\"door\">\n<input type=\"hidden\" name=\"form\" "
          "value=\"%s\">\n",
          _("Type the one-time code you were given with your account."), token);
    field(p.f, "enrolment", _("Enrolment code"), "text", "off");
    htmlf(p.f, "<p><button>%s</button></p>\n</form>\n", _("Next"));
    door_answer(w, res, status, &p, token);
}

/* The enrolment's second page: a new TOTP SECRET as a QR code and as
 * text, and the password chosen. */
static void enrol_secret_page(struct web *w, struct kh_response *res,
                              const char *code, const char *login,
                              const char *secret, const char *message)
{
    char token[WEB_TOKEN_HEX + 1], uri[512], *svg = NULL;
    struct page p;
    int i;

    if (page_open(&p) < 0) {
        web_text(res, 500, "out of memory\n");
        return;
    }
    w->server->auth->random_hex(token, WEB_TOKEN_HEX / 2);
    /* Key Uri Format (otpauth://): the issuer and the login, which the
     * app shows beside its codes. */
    snprintf(uri, sizeof uri,
             "otpauth://totp/kring:%s?secret=%s&issuer=kring&algorithm=SHA1&"
             "digits=6&period=%d",
             login, secret, KA_TOTP_STEP);
    door_head(p.f, w, _("Enrol"));
    if (message != NULL)
        page_message(p.f, message, 1);
    /* The image is named on its box: an <svg role="img"> needs a name of
     * its own, which the module that draws it cannot translate. */
    htmlf(p.f,
          "<p>%s</p>\n<figure class=\"qr\"><div role=\"img\" "
          "aria-label=\"%s\">",
          _("Scan this code with your authenticator app (FreeOTP, Aegis, "
            "Google or Microsoft Authenticator), or type the key below it."),
          _("QR code of your second factor"));
    if (w->server->auth->qr_svg(uri, &svg) == 0)
        fputs(svg, p.f);
    free(svg);
    fputs("</div><figcaption><code>", p.f);
    for (i = 0; secret[i]; i++)
        fprintf(p.f, "%s%c", i && i % 4 == 0 ? " " : "", secret[i]);
    htmlf(p.f,
          "</code></figcaption></figure>\n<form method=\"post\" "
          "action=\"/enrol/finish\" class=\"door\">\n<input type=\"hidden\" "
          "name=\"form\" value=\"%s\">\n<input type=\"hidden\" "
          "name=\"enrolment\" value=\"%s\">\n<input type=\"hidden\" "
          "name=\"secret\" value=\"%s\">\n<p>%s</p>\n",
          token, code, secret,
          _("Choose a password of 12 characters or more: a sentence you "
            "remember is good."));
    field(p.f, "password", _("Password"), "password", "new-password");
    field(p.f, "password2", _("The same password again"), "password",
          "new-password");
    htmlf(p.f,
          "<p><label for=\"code\">%s</label><br><input id=\"code\" "
          "name=\"code\" inputmode=\"numeric\" pattern=\"[0-9]{6}\" "
          "maxlength=\"6\" autocomplete=\"one-time-code\" required></p>\n"
          "<p><button>%s</button></p>\n</form>\n",
          _("The code your app shows now"), _("Enrol"));
    door_answer(w, res, 200, &p, token);
}

/* --- logging in, enrolling, logging out --------------------------------- */

/* Whether the form F came with the form cookie of the page it is on. */
static int form_fresh(struct web *w, const struct kh_request *req,
                      const struct form *f)
{
    char mine[WEB_TOKEN_HEX + 8];
    const char *sent = form_get(f, "form");

    return sent != NULL &&
           web_cookie(req->header(req, "Cookie"), FORM_COOKIE(w), mine,
                      sizeof mine) &&
           strlen(mine) == WEB_TOKEN_HEX && web_same_secret(sent, mine);
}

/* A store that acts as nobody: for the door's own reads and writes. */
static kring_status door_store(struct web *w, kring_store **s, kring_error *err)
{
    return kring_store_open(w->db, 0, s, err);
}

/* A new session of account USER_ID, begun from ADDRESS. After a login
 * through the identity provider (VIA_PROVIDER) the browser comes from
 * another site: a redirect would carry that over, and the Strict session
 * cookie would not be sent with it; a page of kring's sends it on
 * instead. */
static void let_in(struct web *w, struct kh_response *res, long long user_id,
                   const char *address, int via_provider)
{
    char token[2 * TOKEN_BYTES + 1], hash[65], csrf[WEB_TOKEN_HEX + 1];
    char more[600];
    kring_store *s = NULL;
    kring_error err;
    struct page p;

    w->server->auth->random_hex(token, TOKEN_BYTES);
    w->server->auth->sha256_hex(token, hash);
    w->server->auth->random_hex(csrf, WEB_TOKEN_HEX / 2);
    if (door_store(w, &s, &err) ||
        kring_session_begin(s, user_id, hash, csrf, address, &err)) {
        kring_store_close(s);
        login_page(w, res, 500, err.text, 1);
        return;
    }
    kring_store_close(s);
    web_event(w, "login of account %lld from %s%s", user_id, address,
              via_provider ? " through the identity provider" : "");
    /* A new session at every login (no fixation); the form's cookie goes. */
    snprintf(more, sizeof more,
             "Set-Cookie: %s=%s; Path=/; HttpOnly; SameSite=Strict%s\n"
             "Set-Cookie: %s=; Path=/; Max-Age=0; HttpOnly; "
             "SameSite=Strict%s\n%s",
             SESSION_COOKIE(w), token, w->server->secure ? "; Secure" : "",
             FORM_COOKIE(w), w->server->secure ? "; Secure" : "",
             via_provider ? web_oidc_cookie_gone(w) : "");
    if (!via_provider) {
        web_redirect_with(res, "/", NULL, more);
        return;
    }
    if (page_open(&p) < 0) {
        web_text(res, 500, "out of memory\n");
        return;
    }
    htmlf(p.f,
          "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta "
          "charset=\"utf-8\">\n<meta http-equiv=\"refresh\" "
          "content=\"0; url=/\">\n<title>kring</title>\n</head>\n<body>\n"
          "<p><a href=\"/\">%s</a></p>\n</body>\n</html>\n",
          w->lang, _("You are logged in: go on to kring"));
    if (fclose(p.f) != 0 || p.buf == NULL) {
        free(p.buf);
        web_text(res, 500, "out of memory\n");
        return;
    }
    web_answer(res, 200, "text/html; charset=utf-8", p.buf, p.len, more);
}

/* What a refused login is told: the same for every reason (no such
 * account, wrong password or code, a used code, a lock), so that no
 * answer tells accounts apart. */
#define NOT_RIGHT                                                              \
    N_("The login, password or code is not right, or the account is locked "   \
       "for a while after too many failed tries.")

/* A password checked with at most WEB_HASHING others at once: argon2id
 * takes 32 MiB each (docs/server.md). */
static int verify_password(struct web *w, const char *hash, const char *pw)
{
    int ok;

    sem_wait(&w->server->hashing);
    ok = w->server->auth->password_verify(hash, pw);
    sem_post(&w->server->hashing);
    return ok;
}

static void do_login(struct web *w, const struct kh_request *req,
                     struct kh_response *res, const struct form *f)
{
    const char *login = form_get(f, "login"), *pw = form_get(f, "password");
    const char *code = form_get(f, "code");
    char address[48];
    kring_store *s = NULL;
    kring_login l;
    kring_error err;
    long long step = 0;
    int ok = 0, known;

    web_address_of(w, req, address, sizeof address);
    if (!form_fresh(w, req, f)) {
        login_page(w, res, 403, _("This form has expired: try again."), 1);
        return;
    }
    /* The try counts against the address before it is checked: tries at
     * once cannot pass the limit together. */
    if (!web_address_try(w->server, address)) {
        web_event(w, "login refused: too many failures from %s", address);
        login_page(w, res, 429,
                   _("Too many failed logins from this computer: try again "
                     "in 15 minutes."),
                   1);
        return;
    }
    memset(&l, 0, sizeof l);
    /* The account's row stays locked while its try is checked: tries at
     * once are checked one after the other, each seeing the failures and
     * the lock of the one before. */
    known = door_store(w, &s, &err) == KRING_OK &&
            kring_store_begin(s, &err) == KRING_OK &&
            kring_login_read(s, login ? login : "", &l, &err) == KRING_OK &&
            l.enrolled && l.locked_for == 0;
    if (!known) {
        /* The same work as for an account: no account is told apart by
         * the time its answer takes. */
        verify_password(w,
                        "$argon2id$v=19$m=32768,t=2,p=1$c2FsdHNhbHRzYWx0$"
                        "aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
                        pw ? pw : "");
        if (l.locked_for > 0)
            web_event(w, "login refused: account %lld is locked", l.user_id);
    } else {
        ok = verify_password(w, l.password_hash, pw ? pw : "") &&
             w->server->auth->totp_check(l.totp_secret, code,
                                         (long long)time(NULL), &step);
        if (kring_login_outcome(s, l.user_id, ok, step, &err) != KRING_OK) {
            if (ok && err.code == KRING_ERR_CONFLICT)
                web_event(w, "login refused: account %lld sent a used code",
                          l.user_id);
            ok = 0;
        }
    }
    if (s != NULL && (kring_store_commit(s, &err) != KRING_OK))
        ok = 0;
    kring_store_close(s);
    if (!ok) {
        web_event(w, "login failed%s from %s", known ? " for an account" : "",
                  address);
        kring_login_release(&l);
        login_page(w, res, 403, _(NOT_RIGHT), 1);
        return;
    }
    web_address_ok(w->server, address);
    let_in(w, res, l.user_id, address, 0);
    kring_login_release(&l);
}

/* The enrolment code as typed: its hex digits, lowercase (dashes and
 * spaces dropped), into OUT (33 bytes); 0 when it is not 32 of them. */
static int enrolment_code(const char *typed, char *out)
{
    int n = 0;

    for (; typed != NULL && *typed; typed++) {
        char c = *typed >= 'A' && *typed <= 'F' ? (char)(*typed - 'A' + 'a')
                                                : *typed;
        if (c == '-' || c == ' ')
            continue;
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) || n == 32)
            return 0;
        out[n++] = c;
    }
    out[n] = '\0';
    return n == 32;
}

static void do_enrol(struct web *w, const struct kh_request *req,
                     struct kh_response *res, const struct form *f, int finish)
{
    const struct ka_api *a = w->server->auth;
    char code[33], hash[65], login[65], secret[KA_SECRET_MAX], address[48];
    char pwhash[KA_HASH_MAX];
    const char *pw = form_get(f, "password"), *pw2 = form_get(f, "password2");
    const char *given = form_get(f, "secret");
    kring_store *s = NULL;
    kring_error err;
    long long id = 0, step = 0;
    int ok;

    web_address_of(w, req, address, sizeof address);
    if (!web_address_try(w->server, address)) {
        enrol_page(w, res, 429,
                   _("Too many failed tries from this computer: try again in "
                     "15 minutes."));
        return;
    }
    if (!form_fresh(w, req, f)) {
        enrol_page(w, res, 403, _("This form has expired: try again."));
        return;
    }
    if (!enrolment_code(form_get(f, "enrolment"), code) ||
        (a->sha256_hex(code, hash), door_store(w, &s, &err)) ||
        kring_enrolment_find(s, hash, &id, login, &err)) {
        kring_store_close(s);
        web_event(w, "enrolment refused from %s", address);
        enrol_page(w, res, 403,
                   _("This enrolment code is spent, past its time or was "
                     "never given: ask for a new one."));
        return;
    }
    /* A live code is no failure. */
    web_address_ok(w->server, address);
    if (!finish) {
        kring_store_close(s);
        if (a->totp_secret(secret) < 0) {
            web_text(res, 500, "no random bytes\n");
            return;
        }
        enrol_secret_page(w, res, code, login, secret, NULL);
        return;
    }
    snprintf(secret, sizeof secret, "%s", given ? given : "");
    if (strlen(secret) != 32 ||
        strspn(secret, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") != 32) {
        kring_store_close(s);
        enrol_page(w, res, 400, _("This form has expired: try again."));
        return;
    }
    if (pw == NULL || pw2 == NULL || strcmp(pw, pw2) != 0 ||
        strlen(pw) < PASSWORD_MIN || strlen(pw) > PASSWORD_MAX ||
        strstr(pw, login) != NULL) {
        kring_store_close(s);
        enrol_secret_page(w, res, code, login, secret,
                          _("The two passwords must be the same, of 12 to "
                            "128 characters, without your login in them."));
        return;
    }
    if (!a->totp_check(secret, form_get(f, "code"), (long long)time(NULL),
                       &step)) {
        kring_store_close(s);
        enrol_secret_page(w, res, code, login, secret,
                          _("That is not the code your app shows now: try "
                            "the next one."));
        return;
    }
    sem_wait(&w->server->hashing);
    ok = a->password_hash(pw, pwhash) == 0;
    sem_post(&w->server->hashing);
    if (!ok) {
        kring_store_close(s);
        web_text(res, 500, "out of memory\n");
        return;
    }
    if (kring_enrolment_finish(s, hash, pwhash, secret, step, &err)) {
        kring_store_close(s);
        enrol_page(w, res, 403, err.text);
        return;
    }
    kring_store_close(s);
    web_event(w, "account %lld enrolled from %s", id, address);
    login_page(w, res, 200,
               _("You are enrolled: log in with your password and the next "
                 "code of your app."),
               0);
}

/* The browser back from the identity provider: the login checked
 * (web_oidc.c), then its account (kring_oidc_account()). Every refusal
 * gets the same page and one line on standard error with its reason. */
static void do_oidc_callback(struct web *w, const struct kh_request *req,
                             struct kh_response *res)
{
    char subject[KO_CLAIM_MAX], login[KO_CLAIM_MAX], why[512], address[48];
    kring_store *s = NULL;
    kring_error err;
    long long id = 0;
    bool bound = false;

    web_address_of(w, req, address, sizeof address);
    if (!web_address_try(w->server, address)) {
        web_event(w,
                  "identity provider's login refused: too many failures from "
                  "%s",
                  address);
        login_page(w, res, 429,
                   _("Too many failed logins from this computer: try again "
                     "in 15 minutes."),
                   1);
        return;
    }
    if (web_oidc_finish(w, req, subject, login, why, sizeof why) < 0) {
        web_event(w, "identity provider's login refused from %s: %s", address,
                  why);
    } else if (door_store(w, &s, &err) ||
               kring_oidc_account(s, subject, login, &id, &bound, &err)) {
        web_event(w,
                  "identity provider's login refused from %s: no enabled "
                  "account for its subject or login claim",
                  address);
        id = 0;
    } else if (bound) {
        web_event(w,
                  "account %lld bound to its subject at the identity provider",
                  id);
    }
    kring_store_close(s);
    if (id == 0) {
        login_page(w, res, 403,
                   _("Logging in through your organisation's account did not "
                     "succeed. Try again, or ask your administrator whether "
                     "your account may use kring."),
                   1);
        return;
    }
    web_address_ok(w->server, address);
    let_in(w, res, id, address, 1);
}

static void do_logout(struct web *w, const struct kh_request *req,
                      struct kh_response *res, int everywhere)
{
    char token[2 * TOKEN_BYTES + 8], hash[65], more[200];
    const struct web_account *acct = web_account();
    kring_store *s = NULL;
    kring_error err;

    if (web_cookie(req->header(req, "Cookie"), SESSION_COOKIE(w), token,
                   sizeof token)) {
        w->server->auth->sha256_hex(token, hash);
        if (door_store(w, &s, &err) == KRING_OK)
            kring_session_end(s, hash, everywhere, &err);
        kring_store_close(s);
    }
    if (acct != NULL)
        web_event(w, "logout%s of account %lld",
                  everywhere ? " everywhere" : "", acct->user_id);
    snprintf(more, sizeof more,
             "Set-Cookie: %s=; Path=/; Max-Age=0; HttpOnly; "
             "SameSite=Strict%s\n",
             SESSION_COOKIE(w), w->server->secure ? "; Secure" : "");
    web_redirect_with(res, "/login", NULL, more);
}

/* The session of the request, its account set; 0 when it has none. */
static int session(struct web *w, const struct kh_request *req)
{
    char token[2 * TOKEN_BYTES + 8], hash[65];
    struct web_account acct;
    kring_session se;
    kring_store *s = NULL;
    kring_error err;
    kring_status rc;

    if (!web_cookie(req->header(req, "Cookie"), SESSION_COOKIE(w), token,
                    sizeof token) ||
        strlen(token) != 2 * TOKEN_BYTES)
        return 0;
    w->server->auth->sha256_hex(token, hash);
    if ((rc = door_store(w, &s, &err)) == KRING_OK)
        rc = kring_session_find(s, hash, w->server->idle, w->server->absolute,
                                &se, &err);
    kring_store_close(s);
    if (rc != KRING_OK)
        return 0;
    memset(&acct, 0, sizeof acct);
    acct.user_id = se.user_id;
    acct.role = se.role;
    snprintf(acct.login, sizeof acct.login, "%s", se.login);
    snprintf(acct.csrf, sizeof acct.csrf, "%s", se.csrf);
    web_address_of(w, req, acct.address, sizeof acct.address);
    web_account_set(&acct);
    return 1;
}

int web_server_access(struct web *w, const struct kh_request *req,
                      struct kh_response *res, char **part, int n)
{
    const char *host = req->header(req, "Host");
    const char *origin = req->header(req, "Origin");
    int is_post = strcmp(req->method, "POST") == 0;
    struct form f;

    web_account_set(NULL);
    if (host == NULL || strcasecmp(host, w->server->host) != 0) {
        web_text(res, 421, "kring server answers only its own address\n");
        return 0;
    }
    /* A change comes from kring's own pages only. */
    if (is_post &&
        (origin == NULL || strcasecmp(origin, w->server->origin) != 0)) {
        page_problem(w, res, 403, _("This change came from another site."));
        return 0;
    }
    if (n == 2 && strcmp(part[0], "static") == 0)
        return 1;
    if (n == 2 && strcmp(part[0], "oidc") == 0 && w->server->oidc != NULL &&
        !is_post &&
        (strcmp(part[1], "login") == 0 || strcmp(part[1], "callback") == 0)) {
        if (part[1][0] == 'l')
            web_oidc_start(w, req, res);
        else
            do_oidc_callback(w, req, res);
        return 0;
    }
    /* Without local_login, only the identity provider lets in. */
    if (n >= 1 && !w->server->local_login && strcmp(part[0], "enrol") == 0) {
        page_problem(w, res, 404, _("There is no such page."));
        return 0;
    }
    if (n == 1 && !w->server->local_login && is_post &&
        strcmp(part[0], "login") == 0) {
        login_page(w, res, 403, NULL, 0);
        return 0;
    }
    if (n >= 1 &&
        (strcmp(part[0], "login") == 0 || strcmp(part[0], "enrol") == 0)) {
        int enrol = strcmp(part[0], "enrol") == 0;
        if (n > (enrol ? 2 : 1) || (n == 2 && strcmp(part[1], "finish") != 0)) {
            page_problem(w, res, 404, _("There is no such page."));
        } else if (!is_post) {
            if (enrol)
                enrol_page(w, res, 200, NULL);
            else
                login_page(w, res, 200, NULL, 0);
        } else if (form_parse(&f, req->body, req->body_len) < 0) {
            page_problem(w, res, 400, _("The form could not be read."));
        } else {
            if (enrol)
                do_enrol(w, req, res, &f, n == 2);
            else
                do_login(w, req, res, &f);
            form_release(&f);
        }
        return 0;
    }
    /* The young person's phone: its own door and pages. */
    if (n >= 1 && (strcmp(part[0], "j") == 0 || strcmp(part[0], "y") == 0)) {
        web_phone(w, req, res, part, n);
        return 0;
    }
    if (!session(w, req)) {
        /* A phone is shown no professional's door. */
        if (web_phone_cookie(req))
            web_phone_nowhere(w, res);
        else
            web_redirect(res, "/login");
        return 0;
    }
    if (n == 1 && is_post &&
        (strcmp(part[0], "logout") == 0 ||
         strcmp(part[0], "logout-everywhere") == 0)) {
        if (form_parse(&f, req->body, req->body_len) < 0) {
            page_problem(w, res, 400, _("The form could not be read."));
            return 0;
        }
        if (form_get(&f, "csrf") == NULL ||
            !web_csrf_ok(w, form_get(&f, "csrf")))
            page_problem(w, res, 403,
                         _("This form has expired: load the page again."));
        else
            do_logout(w, req, res, part[0][6] == '-');
        form_release(&f);
        return 0;
    }
    return 1;
}

int web_may_see(struct web *w, const char *code)
{
    const struct web_account *acct = web_account();
    long long team = 0, responsible = 0, teams[64];
    kring_store *s = NULL;
    kring_error err;
    bool glass = false;
    size_t n = 0, i;
    int may = 0;

    if (acct == NULL || web_store_write(w, &s, &err) != KRING_OK)
        return 0;
#ifndef KRING_TEST_NO_OWN_CHECKS
    if ((acct->role == KRING_ACCOUNT_PROFESSIONAL ||
         acct->role == KRING_ACCOUNT_TEAM_LEAD) &&
        kring_case_holder(s, code, &team, &responsible, &glass, &err) ==
            KRING_OK &&
        kring_account_teams(s, acct->user_id, teams, 64, &n, &err) ==
            KRING_OK) {
        may = glass || (responsible != 0 && responsible == acct->user_id);
        for (i = 0; i < n && !may; i++)
            may = team != 0 && teams[i] == team;
    }
    if (!may) {
        kring_audit_refused(s, code, &err);
        web_event(w, "account %lld refused a case it may not see",
                  acct->user_id);
    }
#else
    /* The test build: kring's own check off, PostgreSQL's alone. */
    may = 1;
    (void)code;
    (void)team;
    (void)responsible;
    (void)glass;
    (void)teams;
    (void)n;
    (void)i;
#endif
    kring_store_close(s);
    return may;
}
