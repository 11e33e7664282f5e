/* kring-oidc.so (oidc.h): the organisation's identity provider, spoken to
 * by libcurl (its discovery document, its keys, its token endpoint), and
 * its ID tokens verified by libcjose (the JWS signature against the
 * provider's JWK) and jansson (the claims). Debian's libraries, not code
 * of our own; libcjose is what Debian's mod_auth_openidc verifies the same
 * tokens with (docs/security.md "OpenID Connect"). */
#include <cjose/cjose.h>
#include <curl/curl.h>
#include <jansson.h>
#include <openssl/sha.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "oidc.h"

#define FETCH_MAX (256 * 1024) /* a document, key set or token answer */
#define FETCH_SECONDS 10L      /* a request to the provider, at most */
#define KEYS_MAX 32            /* keys of the provider kept */
#define REFETCH_SECONDS 10     /* keys fetched again at most this often */
#define KEYS_SECONDS 3600      /* and at least this often: a key withdrawn */

struct ko_provider {
    char *issuer;
    char *ca_file;        /* NULL: the system's */
    int plain;            /* the issuer is http:// (loopback, the tests) */
    char *authorize;      /* authorization_endpoint */
    char *token;          /* token_endpoint */
    char *jwks;           /* jwks_uri */
    pthread_mutex_t lock; /* over the keys */
    cjose_jwk_t *key[KEYS_MAX];
    char *kid[KEYS_MAX]; /* each key's "kid" (NULL: none) */
    int nkeys;
    time_t fetched; /* when the keys were last fetched */
};

static int init(void)
{
    return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}

/* --- fetching ----------------------------------------------------------- */

struct body {
    char *data;
    size_t len;
    int over; /* more than FETCH_MAX */
};

static size_t take(char *data, size_t size, size_t n, void *ctx)
{
    struct body *b = ctx;
    size_t len = size * n;
    char *more;

    if (b->len + len > FETCH_MAX) {
        b->over = 1;
        return 0;
    }
    if ((more = realloc(b->data, b->len + len + 1)) == NULL)
        return 0;
    b->data = more;
    memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
    return len;
}

/* URL fetched (with FORM: POSTed as a form, as USER:SECRET by HTTP basic
 * authentication) into a JSON object *OUT. Only http(s), no redirect
 * followed, FETCH_SECONDS at most; -1 with the reason in WHY. */
static int fetch(const struct ko_provider *p, const char *url, const char *form,
                 const char *user, const char *secret, json_t **out, char *why,
                 size_t cap)
{
    struct body b = {NULL, 0, 0};
    char curl_why[CURL_ERROR_SIZE] = "";
    struct curl_slist *head = NULL;
    json_error_t jerr;
    long status = 0;
    CURLcode rc;
    CURL *c;

    *out = NULL;
    if ((c = curl_easy_init()) == NULL) {
        snprintf(why, cap, "out of memory");
        return -1;
    }
    head = curl_slist_append(head, "Accept: application/json");
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR,
                     p->plain ? "http,https" : "https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, FETCH_SECONDS);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, curl_why);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, take);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, head);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "kring-server");
    /* Every proxy setting of the environment ignored: only the
     * configured provider is spoken to, directly. */
    curl_easy_setopt(c, CURLOPT_PROXY, "");
    if (p->ca_file != NULL)
        curl_easy_setopt(c, CURLOPT_CAINFO, p->ca_file);
    if (form != NULL) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, form);
        curl_easy_setopt(c, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
        curl_easy_setopt(c, CURLOPT_USERNAME, user);
        curl_easy_setopt(c, CURLOPT_PASSWORD, secret);
    }
    rc = curl_easy_perform(c);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(c);
    curl_slist_free_all(head);
    if (rc != CURLE_OK) {
        snprintf(why, cap, "%s: %s", url,
                 b.over        ? "the answer is too large"
                 : curl_why[0] ? curl_why
                               : curl_easy_strerror(rc));
        free(b.data);
        return -1;
    }
    if (status != 200) {
        snprintf(why, cap, "%s answered %ld", url, status);
        free(b.data);
        return -1;
    }
    *out =
        json_loadb(b.data ? b.data : "", b.len, JSON_REJECT_DUPLICATES, &jerr);
    free(b.data);
    if (*out == NULL || !json_is_object(*out)) {
        json_decref(*out);
        *out = NULL;
        snprintf(why, cap, "%s: not a JSON object", url);
        return -1;
    }
    return 0;
}

/* --- the provider ------------------------------------------------------- */

static void drop_keys(struct ko_provider *p)
{
    int i;

    for (i = 0; i < p->nkeys; i++) {
        cjose_jwk_release(p->key[i]);
        free(p->kid[i]);
    }
    p->nkeys = 0;
}

/* The provider's signing keys fetched anew (with its lock held): the RSA
 * and P-256 keys meant for signatures; the others are left out. */
static int fetch_keys(struct ko_provider *p, char *why, size_t cap)
{
    json_t *set = NULL, *keys, *k;
    size_t i;

    p->fetched = time(NULL);
    if (fetch(p, p->jwks, NULL, NULL, NULL, &set, why, cap) < 0)
        return -1;
    keys = json_object_get(set, "keys");
    if (!json_is_array(keys)) {
        snprintf(why, cap, "%s: no \"keys\"", p->jwks);
        json_decref(set);
        return -1;
    }
    drop_keys(p);
    json_array_foreach(keys, i, k)
    {
        const char *kty = json_string_value(json_object_get(k, "kty"));
        const char *use = json_string_value(json_object_get(k, "use"));
        const char *kid = json_string_value(json_object_get(k, "kid"));
        const char *crv = json_string_value(json_object_get(k, "crv"));
        cjose_jwk_t *jwk;
        cjose_err err;

        if (p->nkeys == KEYS_MAX || kty == NULL ||
            (use != NULL && strcmp(use, "sig") != 0) ||
            !(strcmp(kty, "RSA") == 0 ||
              (strcmp(kty, "EC") == 0 && crv && strcmp(crv, "P-256") == 0)))
            continue;
        if ((jwk = cjose_jwk_import_json((cjose_header_t *)k, &err)) == NULL)
            continue;
        p->key[p->nkeys] = jwk;
        p->kid[p->nkeys] = kid ? strdup(kid) : NULL;
        p->nkeys++;
    }
    json_decref(set);
    if (p->nkeys == 0) {
        snprintf(why, cap, "%s: no RSA or P-256 signing key", p->jwks);
        return -1;
    }
    return 0;
}

/* Whether URL is one the provider may name: https://, or http:// when
 * the issuer is. */
static int endpoint_ok(const struct ko_provider *p, const char *url)
{
    size_t i;

    if (url == NULL || strlen(url) > 900)
        return 0;
    /* Nothing a header could be split by: it becomes a Location. */
    for (i = 0; url[i]; i++)
        if ((unsigned char)url[i] <= 0x20 || url[i] == 0x7f || url[i] == '"' ||
            url[i] == '<' || url[i] == '>' || url[i] == '#')
            return 0;
    return strncmp(url, "https://", 8) == 0 ||
           (p->plain && strncmp(url, "http://", 7) == 0);
}

/* Whether the array ARR of strings holds TEXT. */
static int holds(const json_t *arr, const char *text)
{
    const json_t *v;
    size_t i;

    json_array_foreach(arr, i, v)
    {
        if (json_is_string(v) && strcmp(json_string_value(v), text) == 0)
            return 1;
    }
    return 0;
}

static void release(struct ko_provider *p)
{
    if (p == NULL)
        return;
    drop_keys(p);
    pthread_mutex_destroy(&p->lock);
    free(p->issuer);
    free(p->ca_file);
    free(p->authorize);
    free(p->token);
    free(p->jwks);
    free(p);
}

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

static struct ko_provider *discover(const char *issuer, const char *ca_file,
                                    char *why, size_t cap)
{
    struct ko_provider *p = calloc(1, sizeof *p);
    char url[1024];
    json_t *doc = NULL, *types, *methods;
    const char *iss;

    if (p == NULL) {
        snprintf(why, cap, "out of memory");
        return NULL;
    }
    pthread_mutex_init(&p->lock, NULL);
    p->plain = strncmp(issuer, "http://", 7) == 0;
    p->issuer = strdup(issuer);
    p->ca_file = dup_or_null(ca_file);
    /* OpenID Connect Discovery 1.0, section 4: the issuer without a
     * trailing slash, then the well-known path. */
    snprintf(url, sizeof url, "%.*s/.well-known/openid-configuration",
             (int)(strlen(issuer) -
                   (issuer[0] && issuer[strlen(issuer) - 1] == '/')),
             issuer);
    if (p->issuer == NULL || fetch(p, url, NULL, NULL, NULL, &doc, why, cap)) {
        release(p);
        return NULL;
    }
    iss = json_string_value(json_object_get(doc, "issuer"));
    types = json_object_get(doc, "response_types_supported");
    methods = json_object_get(doc, "code_challenge_methods_supported");
    p->authorize = dup_or_null(
        json_string_value(json_object_get(doc, "authorization_endpoint")));
    p->token =
        dup_or_null(json_string_value(json_object_get(doc, "token_endpoint")));
    p->jwks = dup_or_null(json_string_value(json_object_get(doc, "jwks_uri")));
    if (iss == NULL || strcmp(iss, issuer) != 0)
        snprintf(why, cap, "%s: the issuer is '%s', not '%s'", url,
                 iss ? iss : "", issuer);
    else if (!endpoint_ok(p, p->authorize) || !endpoint_ok(p, p->token) ||
             !endpoint_ok(p, p->jwks))
        snprintf(why, cap,
                 "%s: an authorization endpoint, token endpoint and jwks_uri "
                 "of https:// are needed",
                 url);
    else if (!holds(types, "code"))
        snprintf(why, cap, "%s: the provider does not offer the code flow",
                 url);
    else if (json_is_array(methods) && !holds(methods, "S256"))
        snprintf(why, cap, "%s: the provider does not offer PKCE with S256",
                 url);
    else if (fetch_keys(p, why, cap) == 0) {
        json_decref(doc);
        return p;
    }
    json_decref(doc);
    release(p);
    return NULL;
}

static const char *authorization_endpoint(const struct ko_provider *p)
{
    return p->authorize;
}

/* DATA (LEN bytes) in base64url without padding into OUT (CAP bytes). */
static int b64url(const uint8_t *data, size_t len, char *out, size_t cap)
{
    char *text = NULL;
    size_t n = 0;
    cjose_err err;

    if (!cjose_base64url_encode(data, len, &text, &n, &err) || n >= cap) {
        cjose_get_dealloc()(text);
        return -1;
    }
    memcpy(out, text, n);
    out[n] = '\0';
    cjose_get_dealloc()(text);
    return 0;
}

static void challenge(const char *verifier, char *out)
{
    uint8_t h[SHA256_DIGEST_LENGTH];

    SHA256((const unsigned char *)verifier, strlen(verifier), h);
    if (b64url(h, sizeof h, out, KO_CHALLENGE_MAX) < 0)
        out[0] = '\0';
}

/* --- the ID token ------------------------------------------------------- */

/* The key that signed with ALG and names KID (NULL: the only one of its
 * type), with the provider's lock held; NULL when there is none. */
static cjose_jwk_t *key_for(struct ko_provider *p, const char *alg,
                            const char *kid)
{
    cjose_jwk_kty_t want =
        strcmp(alg, "RS256") == 0 ? CJOSE_JWK_KTY_RSA : CJOSE_JWK_KTY_EC;
    cjose_jwk_t *found = NULL;
    int i, n = 0;

    for (i = 0; i < p->nkeys; i++) {
        cjose_err err;
        if (cjose_jwk_get_kty(p->key[i], &err) != want)
            continue;
        if (kid != NULL) {
            if (p->kid[i] != NULL && strcmp(p->kid[i], kid) == 0)
                return p->key[i];
        } else {
            found = p->key[i];
            n++;
        }
    }
    return n == 1 ? found : NULL;
}

/* The signature of JWS checked against the provider's key named in its
 * header; its payload into *CLAIMS. */
static int verify_signature(struct ko_provider *p, const char *token,
                            json_t **claims, char *why, size_t cap)
{
    cjose_jws_t *jws;
    cjose_header_t *h;
    cjose_jwk_t *key;
    cjose_err err;
    const char *alg, *kid;
    uint8_t *plain = NULL;
    size_t len = 0;
    int ok;

    *claims = NULL;
    if ((jws = cjose_jws_import(token, strlen(token), &err)) == NULL) {
        snprintf(why, cap, "the ID token is not a JWS: %s", err.message);
        return -1;
    }
    h = cjose_jws_get_protected(jws);
    alg = h ? cjose_header_get(h, CJOSE_HDR_ALG, &err) : NULL;
    kid = h ? cjose_header_get(h, CJOSE_HDR_KID, &err) : NULL;
    /* Only the provider's asymmetric algorithms: never "none", never an
     * HMAC keyed with something public. */
    if (alg == NULL || (strcmp(alg, "RS256") != 0 && strcmp(alg, "ES256"))) {
        snprintf(why, cap,
                 "the ID token is signed with '%s', not RS256 or "
                 "ES256",
                 alg ? alg : "");
        cjose_jws_release(jws);
        return -1;
    }
    pthread_mutex_lock(&p->lock);
    /* A key the provider withdrew is trusted no longer than an hour: the
     * keys are fetched again first (kept as they were if that fails). */
    if (time(NULL) - p->fetched >= KEYS_SECONDS)
        fetch_keys(p, why, cap);
    key = key_for(p, alg, kid);
    /* A key not seen yet: the provider may have rolled its keys over.
     * Fetched again at most every REFETCH_SECONDS, so that tokens naming
     * keys that do not exist cannot make kring hammer the provider. */
    if (key == NULL && time(NULL) - p->fetched >= REFETCH_SECONDS &&
        fetch_keys(p, why, cap) == 0)
        key = key_for(p, alg, kid);
    ok = key != NULL && cjose_jws_verify(jws, key, &err);
    pthread_mutex_unlock(&p->lock);
    if (key == NULL) {
        snprintf(why, cap,
                 "the ID token names a key the provider has not "
                 "got ('%s')",
                 kid ? kid : "");
        cjose_jws_release(jws);
        return -1;
    }
    if (!ok || !cjose_jws_get_plaintext(jws, &plain, &len, &err)) {
        snprintf(why, cap, "the ID token's signature is not the provider's");
        cjose_jws_release(jws);
        return -1;
    }
    *claims =
        json_loadb((const char *)plain, len, JSON_REJECT_DUPLICATES, NULL);
    cjose_jws_release(jws);
    if (!json_is_object(*claims)) {
        json_decref(*claims);
        *claims = NULL;
        snprintf(why, cap, "the ID token's claims are not a JSON object");
        return -1;
    }
    return 0;
}

/* Whether TEXT is a claim kring keeps: 1 to 255 bytes, no control
 * character. */
static int claim_ok(const char *text)
{
    size_t i, n = text ? strlen(text) : 0;

    for (i = 0; i < n; i++)
        if ((unsigned char)text[i] < 0x20 || text[i] == 0x7f)
            return 0;
    return n >= 1 && n < KO_CLAIM_MAX;
}

/* The claims of an ID token checked (OpenID Connect Core 1.0, 3.1.3.7). */
static int check_claims(const struct ko_provider *p, const struct ko_login *l,
                        json_t *c, struct ko_identity *id, char *why,
                        size_t cap)
{
    const char *iss = json_string_value(json_object_get(c, "iss"));
    const char *sub = json_string_value(json_object_get(c, "sub"));
    const char *nonce = json_string_value(json_object_get(c, "nonce"));
    const char *azp = json_string_value(json_object_get(c, "azp"));
    const char *login = json_string_value(json_object_get(c, l->claim));
    json_t *aud = json_object_get(c, "aud"), *exp = json_object_get(c, "exp");
    json_t *iat = json_object_get(c, "iat");
    size_t auds = json_is_array(aud) ? json_array_size(aud) : 1;

    if (iss == NULL || strcmp(iss, p->issuer) != 0)
        snprintf(why, cap, "the ID token's issuer is '%s'", iss ? iss : "");
    else if (!(json_is_string(aud) &&
               strcmp(json_string_value(aud), l->client_id) == 0) &&
             !(json_is_array(aud) && holds(aud, l->client_id)))
        snprintf(why, cap, "the ID token is not meant for this client");
    else if ((auds > 1 || azp != NULL) &&
             (azp == NULL || strcmp(azp, l->client_id) != 0))
        snprintf(why, cap,
                 "the ID token's authorized party is not this "
                 "client");
    else if (!json_is_integer(exp) && !json_is_real(exp))
        snprintf(why, cap, "the ID token has no expiry");
    else if (json_number_value(exp) + KO_SKEW <= (double)l->now)
        snprintf(why, cap, "the ID token has expired");
    else if (!json_is_integer(iat) && !json_is_real(iat))
        snprintf(why, cap, "the ID token has no time of issue");
    else if (json_number_value(iat) > (double)(l->now + KO_SKEW))
        snprintf(why, cap, "the ID token was issued in the future");
    else if (nonce == NULL || strcmp(nonce, l->nonce) != 0)
        snprintf(why, cap, "the ID token's nonce is not this login's");
    else if (!claim_ok(sub))
        snprintf(why, cap, "the ID token's subject is missing or unusable");
    else {
        snprintf(id->subject, sizeof id->subject, "%s", sub);
        snprintf(id->login, sizeof id->login, "%s",
                 claim_ok(login) ? login : "");
        return 0;
    }
    return -1;
}

/* NAME=VALUE (escaped) appended to the form F. */
static int form_add(CURL *c, char *f, size_t cap, const char *name,
                    const char *value)
{
    char *v = curl_easy_escape(c, value, 0);
    size_t n = strlen(f);
    int w;

    if (v == NULL)
        return -1;
    w = snprintf(f + n, cap - n, "%s%s=%s", n ? "&" : "", name, v);
    curl_free(v);
    return w < 0 || (size_t)w >= cap - n ? -1 : 0;
}

static int login(struct ko_provider *p, const struct ko_login *l,
                 struct ko_identity *id, char *why, size_t cap)
{
    char form[4096] = "", *user = NULL, *secret = NULL;
    json_t *answer = NULL, *claims = NULL;
    const char *token;
    CURL *c = curl_easy_init();
    int rc = -1;

    memset(id, 0, sizeof *id);
    /* RFC 6749 2.3.1: the client's id and secret form-encoded, then
     * given to HTTP basic authentication. */
    if (c == NULL || (user = curl_easy_escape(c, l->client_id, 0)) == NULL ||
        (secret = curl_easy_escape(c, l->client_secret, 0)) == NULL ||
        form_add(c, form, sizeof form, "grant_type", "authorization_code") ||
        form_add(c, form, sizeof form, "code", l->code) ||
        form_add(c, form, sizeof form, "redirect_uri", l->redirect_uri) ||
        form_add(c, form, sizeof form, "code_verifier", l->verifier)) {
        snprintf(why, cap, "the code is too long, or out of memory");
        goto out;
    }
    if (fetch(p, p->token, form, user, secret, &answer, why, cap) < 0)
        goto out;
    token = json_string_value(json_object_get(answer, "id_token"));
    if (token == NULL) {
        snprintf(why, cap, "the token endpoint gave no ID token");
        goto out;
    }
    if (verify_signature(p, token, &claims, why, cap) < 0 ||
        check_claims(p, l, claims, id, why, cap) < 0)
        goto out;
    rc = 0;
out:
    json_decref(answer);
    json_decref(claims);
    curl_free(user);
    curl_free(secret);
    curl_easy_cleanup(c);
    return rc;
}

static const struct ko_api api = {
    .init = init,
    .discover = discover,
    .release = release,
    .authorization_endpoint = authorization_endpoint,
    .challenge = challenge,
    .login = login,
};

const struct ko_api *ko_api(void)
{
    return &api;
}
