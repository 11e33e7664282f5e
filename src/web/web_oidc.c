/* kring server's login through the organisation's identity provider
 * (docs/server.md "OpenID Connect"): the authorization code flow with
 * PKCE (S256), a state and a nonce, each login under way kept here, in
 * memory, by the SHA-256 of its cookie's value, taken once, for
 * WEB_OIDC_SECONDS at most; the code exchanged and the ID token verified
 * by kring-oidc.so. Which account it is, and the session, are the door's
 * (web_login.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth.h"
#include "oidc.h"
#include "web.h"

/* The cookie of a login under way. SameSite=Lax, not Strict: the
 * browser comes back from the provider's site, a top-level GET from
 * another site, which a Strict cookie would not be sent with. */
#define OIDC_COOKIE(w)                                                         \
    ((w)->server->secure ? "__Host-kring-oidc" : "kring-oidc")

static double now(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int web_cookie(const char *header, const char *name, char *out, size_t cap)
{
    size_t n = strlen(name);
    const char *at = header;

    while (at != NULL && *at) {
        while (*at == ' ' || *at == ';')
            at++;
        if (strncmp(at, name, n) == 0 && at[n] == '=') {
            size_t len = strcspn(at + n + 1, ";");
            if (len < cap) {
                snprintf(out, cap, "%.*s", (int)len, at + n + 1);
                return 1;
            }
        }
        at = strchr(at, ';');
    }
    return 0;
}

/* TEXT percent-encoded for a query (all but RFC 3986's unreserved) onto
 * F. */
static void query_text(FILE *f, const char *text)
{
    for (; *text; text++) {
        unsigned char c = (unsigned char)*text;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
            (c >= '0' && c <= '9') || strchr("-._~", c) != NULL)
            fputc(c, f);
        else
            fprintf(f, "%%%02X", c);
    }
}

const char *web_oidc_cookie_gone(const struct web *w)
{
    return w->server->secure
               ? "Set-Cookie: __Host-kring-oidc=; Path=/; Max-Age=0; "
                 "HttpOnly; SameSite=Lax; Secure\n"
               : "Set-Cookie: kring-oidc=; Path=/; Max-Age=0; HttpOnly; "
                 "SameSite=Lax\n";
}

/* The place for a new login under way from address KEY, with the lock
 * held: its own oldest when it has WEB_OIDC_PER_ADDRESS already, else a
 * free one (or one past its time), else the oldest of all. */
static struct web_oidc_pending *place(struct web_oidc *o, const char *key,
                                      double t)
{
    struct web_oidc_pending *free_one = NULL, *oldest = &o->pending[0];
    struct web_oidc_pending *mine = NULL;
    int i, n = 0;

    for (i = 0; i < WEB_OIDC_PENDING; i++) {
        struct web_oidc_pending *p = &o->pending[i];
        if (p->key[0] == '\0' || t - p->since > WEB_OIDC_SECONDS) {
            if (free_one == NULL)
                free_one = p;
            continue;
        }
        if (p->since < oldest->since)
            oldest = p;
        if (strcmp(p->address, key) == 0) {
            n++;
            if (mine == NULL || p->since < mine->since)
                mine = p;
        }
    }
    if (n >= WEB_OIDC_PER_ADDRESS)
        return mine;
    return free_one != NULL ? free_one : oldest;
}

void web_oidc_start(struct web *w, const struct kh_request *req,
                    struct kh_response *res)
{
    struct web_oidc *o = w->server->oidc;
    const struct ka_api *a = w->server->auth;
    struct web_oidc_pending *slot;
    char value[65], challenge[KO_CHALLENGE_MAX], *loc = NULL, more[2048];
    char address[48], key[48];
    const char *endpoint = o->api->authorization_endpoint(o->provider);
    size_t len = 0;
    double t = now();
    FILE *f;

    web_address_of(w, req, address, sizeof address);
    web_address_key(address, key, sizeof key);
    /* The browser's cookie, and what the provider is sent: each 256
     * random bits. */
    a->random_hex(value, 32);
    pthread_mutex_lock(&o->lock);
    slot = place(o, key, t);
    snprintf(slot->address, sizeof slot->address, "%s", key);
    a->sha256_hex(value, slot->key);
    a->random_hex(slot->state, 32);
    a->random_hex(slot->nonce, 32);
    a->random_hex(slot->verifier, 32);
    slot->since = t;
    o->api->challenge(slot->verifier, challenge);
    if ((f = open_memstream(&loc, &len)) != NULL) {
        fprintf(f,
                "Location: %s%cresponse_type=code&scope=openid%%20profile"
                "&client_id=",
                endpoint, strchr(endpoint, '?') ? '&' : '?');
        query_text(f, o->client_id);
        fputs("&redirect_uri=", f);
        query_text(f, o->redirect);
        fprintf(f,
                "&state=%s&nonce=%s&code_challenge=%s"
                "&code_challenge_method=S256\n",
                slot->state, slot->nonce, challenge);
    }
    pthread_mutex_unlock(&o->lock);
    if (f == NULL || fclose(f) != 0 || loc == NULL) {
        free(loc);
        web_text(res, 500, "out of memory\n");
        return;
    }
    snprintf(more, sizeof more,
             "Set-Cookie: %s=%s; Path=/; Max-Age=%d; HttpOnly; "
             "SameSite=Lax%s\n%s",
             OIDC_COOKIE(w), value, WEB_OIDC_SECONDS,
             w->server->secure ? "; Secure" : "", loc);
    free(loc);
    web_answer(res, 303, "text/plain; charset=utf-8", strdup(""), 0, more);
}

/* The login under way whose cookie REQ brings, taken out (copied into
 * *OUT) so that it serves once; 0 when there is none, or it is past its
 * time. */
static int take_pending(struct web *w, const struct kh_request *req,
                        struct web_oidc_pending *out)
{
    struct web_oidc *o = w->server->oidc;
    char value[80], key[65];
    int i, found = 0;

    if (!web_cookie(req->header(req, "Cookie"), OIDC_COOKIE(w), value,
                    sizeof value) ||
        strlen(value) != 64)
        return 0;
    w->server->auth->sha256_hex(value, key);
    pthread_mutex_lock(&o->lock);
    for (i = 0; i < WEB_OIDC_PENDING && !found; i++) {
        struct web_oidc_pending *p = &o->pending[i];
        if (p->key[0] != '\0' && web_same_secret(p->key, key)) {
            *out = *p;
            memset(p, 0, sizeof *p);
            found = now() - out->since <= WEB_OIDC_SECONDS;
        }
    }
    pthread_mutex_unlock(&o->lock);
    return found;
}

int web_oidc_finish(struct web *w, const struct kh_request *req, char *subject,
                    char *login, char *why, size_t cap)
{
    struct web_oidc *o = w->server->oidc;
    const char *state = req->query(req, "state");
    const char *code = req->query(req, "code");
    const char *error = req->query(req, "error");
    const char *iss = req->query(req, "iss");
    struct web_oidc_pending p;
    struct ko_identity id;
    struct ko_login l;
    int rc;

    if (!take_pending(w, req, &p)) {
        snprintf(why, cap,
                 "no login under way in this browser, or past "
                 "its time");
        return -1;
    }
    if (state == NULL || strlen(state) != 64 ||
        !web_same_secret(state, p.state)) {
        snprintf(why, cap,
                 "the state is not the one this browser was sent "
                 "with");
        return -1;
    }
    /* RFC 9207: a provider that names itself in its answer must name
     * the one this login went to. */
    if (iss != NULL && strcmp(iss, o->issuer) != 0) {
        snprintf(why, cap, "the answer names another issuer");
        return -1;
    }
    if (error != NULL || code == NULL || code[0] == '\0' ||
        strlen(code) > 1024) {
        snprintf(why, cap, "the provider answered %.60s",
                 error ? error : "no code");
        /* Its own words, if they are its words: else not at all. */
        if (error != NULL &&
            strspn(error, "abcdefghijklmnopqrstuvwxyz_") != strlen(error))
            snprintf(why, cap, "the provider answered an error");
        return -1;
    }
    memset(&l, 0, sizeof l);
    l.client_id = o->client_id;
    l.client_secret = o->client_secret;
    l.redirect_uri = o->redirect;
    l.code = code;
    l.verifier = p.verifier;
    l.nonce = p.nonce;
    l.claim = o->claim;
    l.now = (long long)time(NULL);
    rc = o->api->login(o->provider, &l, &id, why, cap);
    memset(&p, 0, sizeof p);
    if (rc < 0)
        return -1;
    snprintf(subject, KO_CLAIM_MAX, "%s", id.subject);
    snprintf(login, KO_CLAIM_MAX, "%s", id.login);
    return 0;
}
