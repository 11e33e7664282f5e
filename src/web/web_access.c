/* kring serve: who is let in (docs/web.md "Safety"). The Host names
 * kring, on loopback its run's own name under ".localhost"; the token of
 * the printed address opens one browser session, in a cookie under that
 * name, and is replaced by the next, printed for another browser; scripts
 * send the live token as a bearer token. */
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <time.h>

#include "web.h"

#define _(s) dgettext("kring", s)

static double now(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int web_random_hex(char *out, size_t bytes)
{
    unsigned char raw[64];
    size_t i;

    if (bytes > sizeof raw || getrandom(raw, bytes, 0) != (ssize_t)bytes)
        return -1;
    for (i = 0; i < bytes; i++)
        snprintf(out + 2 * i, 3, "%02x", raw[i]);
    return 0;
}

/* Whether VALUE is a session the token opened, not yet expired. */
static int live_session(struct web *w, const char *value)
{
    double t = now();
    int i, found = 0;

    pthread_mutex_lock(&w->session_lock);
    for (i = 0; i < WEB_SESSIONS; i++)
        found |= w->session[i].expires > t &&
                 web_same_secret(value, w->session[i].value);
    pthread_mutex_unlock(&w->session_lock);
    return found;
}

/* A new session, in place of an expired or else the oldest one: its
 * cookie's value into VALUE. Called with SESSION_LOCK held. -1 without
 * random bytes. */
static int new_session(struct web *w, char *value)
{
    struct web_session *s = &w->session[0];
    int i;

    if (web_random_hex(value, WEB_TOKEN_HEX / 2) < 0)
        return -1;
    for (i = 1; i < WEB_SESSIONS; i++)
        if (w->session[i].expires < s->expires)
            s = &w->session[i];
    memcpy(s->value, value, WEB_TOKEN_HEX + 1);
    s->expires = now() + WEB_SESSION_SECONDS;
    return 0;
}

/* Whether S is the token of the address now printed (not one that was
 * used). Called with SESSION_LOCK held. */
static int live_token_locked(struct web *w, const char *s)
{
    return s != NULL && strlen(s) == WEB_TOKEN_HEX &&
           strlen(w->token) == WEB_TOKEN_HEX && web_same_secret(s, w->token);
}

static int live_token(struct web *w, const char *s)
{
    int live;

    pthread_mutex_lock(&w->session_lock);
    live = live_token_locked(w, s);
    pthread_mutex_unlock(&w->session_lock);
    return live;
}

static void address_locked(const struct web *w, char *buf, size_t cap)
{
    snprintf(buf, cap, "http://%s:%u/?token=%s", w->named ? w->name : w->bind,
             w->port, w->token);
}

void web_address(struct web *w, char *buf, size_t cap)
{
    pthread_mutex_lock(&w->session_lock);
    address_locked(w, buf, cap);
    pthread_mutex_unlock(&w->session_lock);
}

/* The visit with TOKEN, if it is the live one, takes it: a new session
 * (its cookie's value into VALUE), and the next token, whose address is
 * printed for another browser. So the address a browser keeps in its
 * history lets no one in. 1 taken, 0 not the live token, -1 without
 * random bytes (the token is dead then too). */
static int take_token(struct web *w, const char *token, char *value)
{
    char next[WEB_TOKEN_HEX + 1], address[160];
    int taken = 0;

    pthread_mutex_lock(&w->session_lock);
    if (live_token_locked(w, token)) {
        taken = new_session(w, value) == 0 ? 1 : -1;
        if (web_random_hex(next, WEB_TOKEN_HEX / 2) < 0) {
            w->token[0] = '\0';
            taken = -1;
        } else {
            memcpy(w->token, next, sizeof next);
            address_locked(w, address, sizeof address);
            if (w->err != NULL) {
                fprintf(w->err, "%s\n",
                        _("kring: the address was opened, and now lets no "
                          "one else in; for another browser, open this one:"));
                fflush(w->err);
            }
            if (w->out != NULL) {
                fprintf(w->out, "%s\n", address);
                fflush(w->out);
            }
        }
    }
    pthread_mutex_unlock(&w->session_lock);
    return taken;
}

/* Whether a cookie called NAME in a Cookie header holds a live session
 * (a browser may send two of one name: any may be ours). */
static int cookie_ok(struct web *w, const char *header, const char *name)
{
    size_t n = strlen(name);
    const char *at = header;
    char value[WEB_TOKEN_HEX + 8];

    while (at != NULL && *at) {
        while (*at == ' ' || *at == ';')
            at++;
        if (strncmp(at, name, n) == 0 && at[n] == '=') {
            size_t len = strcspn(at + n + 1, ";");
            if (len < sizeof value) {
                snprintf(value, sizeof value, "%.*s", (int)len, at + n + 1);
                if (live_session(w, value))
                    return 1;
            }
        }
        at = strchr(at, ';');
    }
    return 0;
}

/* How the Host of a request names kring. */
enum host { HOST_REFUSED, HOST_OWN, HOST_OTHER };

/* Scripts send the live token as "Authorization: Bearer", which does not
 * take it; browsers a session cookie, under kring's own name only. */
static int authorised(struct web *w, const struct kh_request *req,
                      enum host host)
{
    const char *auth = req->header(req, "Authorization");

    if (auth != NULL && strncasecmp(auth, "Bearer ", 7) == 0 &&
        live_token(w, auth + 7))
        return 1;
    return host == HOST_OWN &&
           cookie_ok(w, req->header(req, "Cookie"), w->cookie);
}

/* The live token in the address: a session in a cookie of this run's own
 * name, host-only (no Domain: sent to this host name alone), then the same
 * path without the token, so that the address bar, the history and the
 * pages' links never hold it (docs/web.md). */
static void let_in(struct web *w, const struct kh_request *req,
                   struct kh_response *res, const char *value)
{
    char more[300];

    snprintf(more, sizeof more,
             "Set-Cookie: %s=%s; Path=/; Max-Age=%d; HttpOnly; "
             "SameSite=Strict\n",
             w->cookie, value, WEB_SESSION_SECONDS);
    web_redirect_with(res, req->path, NULL, more);
}

/* The live TOKEN at 127.0.0.1 or localhost: the same address under
 * kring's own name (the token still live), where the cookie is set. */
static void to_own_name(struct web *w, const struct kh_request *req,
                        struct kh_response *res, const char *token)
{
    char tail[WEB_TOKEN_HEX + 8], at[1024], headers[1200];

    snprintf(tail, sizeof tail, "?token=%s", token);
    if (web_location(at, sizeof at, req->path, tail) < 0)
        snprintf(at, sizeof at, "/%s", tail);
    snprintf(headers, sizeof headers, "Location: http://%s:%u%s\n", w->name,
             w->port, at);
    web_answer(res, 303, "text/plain; charset=utf-8", strdup(""), 0, headers);
}

/* Whether the browser only fetches ahead (prefetch, prerender): such a
 * visit must not take the token. */
static int prefetch(const struct kh_request *req)
{
    static const char *const names[] = {"Sec-Purpose", "Purpose", "X-Purpose",
                                        "X-Moz"};
    size_t i;

    for (i = 0; i < sizeof names / sizeof names[0]; i++)
        if (req->header(req, names[i]) != NULL)
            return 1;
    return 0;
}

/* Whether HOST is NAME:PORT (host names in any case). */
static int host_is(const char *host, const char *name, unsigned port)
{
    char expect[64];

    snprintf(expect, sizeof expect, "%s:%u", name, port);
    return strcasecmp(host, expect) == 0;
}

/* On loopback only our own names are answered: a page elsewhere cannot
 * reach the server under a name of its own (DNS rebinding). Under a
 * run's own name (NAMED), 127.0.0.1 and localhost are HOST_OTHER: no
 * cookie is set or read there. */
static enum host host_kind(struct web *w, const struct kh_request *req)
{
    const char *host = req->header(req, "Host");
    static const char *const names[] = {"127.0.0.1", "localhost", "[::1]"};
    size_t i;

    if (!w->loopback)
        return HOST_OWN;
    if (host == NULL)
        return HOST_REFUSED;
    if (w->named && host_is(host, w->name, w->port))
        return HOST_OWN;
    for (i = 0; i < sizeof names / sizeof names[0]; i++)
        if (host_is(host, names[i], w->port))
            return w->named ? HOST_OTHER : HOST_OWN;
    if (host_is(host, w->bind, w->port))
        return w->named ? HOST_OTHER : HOST_OWN;
    return HOST_REFUSED;
}

int web_access(struct web *w, const struct kh_request *req,
               struct kh_response *res)
{
    const char *token = req->query(req, "token");
    char value[WEB_TOKEN_HEX + 1];
    enum host host;
    int taken;

    if ((host = host_kind(w, req)) == HOST_REFUSED) {
        web_text(res, 421, "kring serve answers only its own address\n");
        return 0;
    }
    if (token != NULL && strcmp(req->method, "GET") == 0) {
        if (host == HOST_OTHER && live_token(w, token)) {
            to_own_name(w, req, res, token);
            return 0;
        }
        if (host == HOST_OWN && prefetch(req)) {
            web_text(res, 403,
                     _("kring: the address opens on a visit, not on a "
                       "prefetch\n"));
            return 0;
        }
        taken = host == HOST_OWN ? take_token(w, token, value) : 0;
        if (taken < 0) {
            web_text(res, 500, "no random bytes\n");
            return 0;
        }
        if (taken) {
            let_in(w, req, res, value);
            return 0;
        }
        if (authorised(w, req, host)) {
            /* A used address in a browser let in already. */
            web_redirect_with(res, req->path, NULL, NULL);
            return 0;
        }
        web_text(res, 403,
                 _("kring: this address was opened already and lets no "
                   "one in again; open the newest address that 'kring "
                   "serve' printed\n"));
        return 0;
    }
    if (!authorised(w, req, host)) {
        web_text(res, 403,
                 _("kring: open the address that 'kring serve' printed; "
                   "it holds the access token\n"));
        return 0;
    }
    return 1;
}
