/* The interface of kring-oidc.so (src/web/oidc.c), which kring server
 * loads with dlopen() when its configuration names an identity provider:
 * the one file that knows libcurl (the provider's discovery document, its
 * keys and its token endpoint) and libcjose (the ID token's signature),
 * so that no other command, and no server without OpenID Connect, pays
 * for them at start-up (docs/design.md). Plain C, nothing of libkring.
 * Every function is safe on several threads at once once init() returned
 * 0. */
#ifndef KRING_OIDC_H
#define KRING_OIDC_H

#include <stddef.h>

/* An identity provider: its discovery document and its keys, cached. */
struct ko_provider;

/* The room for a subject or a login claim, with its NUL: OpenID Connect
 * allows 255 ASCII characters for a subject. */
#define KO_CLAIM_MAX 256
/* A PKCE challenge (S256): 43 base64url characters and a NUL. */
#define KO_CHALLENGE_MAX 44
/* Seconds an ID token's times may be off this computer's clock. */
#define KO_SKEW 60

/* What a finished login is checked against. */
struct ko_login {
    const char *client_id;
    const char *client_secret;
    const char *redirect_uri;
    const char *code;     /* the authorization code, as the browser sent it */
    const char *verifier; /* the PKCE verifier of this login */
    const char *nonce;    /* the nonce of this login */
    const char *claim;    /* the claim that names kring's login */
    long long now;        /* seconds since 1970 (UTC) */
};

/* Who the identity provider says logged in. */
struct ko_identity {
    char subject[KO_CLAIM_MAX]; /* "sub": never reassigned by the provider */
    char login[KO_CLAIM_MAX];   /* the login claim; "" when it has none */
};

struct ko_api {
    /* Readies libcurl; 0, or -1 when it cannot be used. */
    int (*init)(void);
    /* ISSUER's discovery document (ISSUER/.well-known/openid-configuration)
     * fetched and checked: its issuer is ISSUER exactly, it names an
     * authorization endpoint, a token endpoint and the keys (jwks_uri),
     * each https:// (http:// only when ISSUER is, which the caller allows
     * on loopback alone), and it offers the code flow and S256. CA_FILE
     * (PEM; NULL: the system's) is what the provider's certificate must
     * chain to. The keys are fetched too. NULL with the reason in WHY. */
    struct ko_provider *(*discover)(const char *issuer, const char *ca_file,
                                    char *why, size_t cap);
    void (*release)(struct ko_provider *p);
    /* Its authorization endpoint (borrowed). */
    const char *(*authorization_endpoint)(const struct ko_provider *p);
    /* The S256 challenge of VERIFIER into OUT (KO_CHALLENGE_MAX bytes). */
    void (*challenge)(const char *verifier, char *out);
    /* Finishes a login: L's code exchanged at the token endpoint (client
     * secret basic, with the verifier), the ID token in the answer
     * verified: signed RS256 or ES256 (nothing else) by a key of the
     * provider's (fetched again once when the token names a key not
     * cached), its issuer the provider's, its audience L's client (and
     * authorized party when it names others), not expired, not issued in
     * the future (KO_SKEW seconds either way), its nonce L's. The subject
     * and the login claim into *ID, and 0; -1 with the reason in WHY (for
     * the server's log, never for the browser). */
    int (*login)(struct ko_provider *p, const struct ko_login *l,
                 struct ko_identity *id, char *why, size_t cap);
};

/* The one symbol kring-oidc.so exports. */
const struct ko_api *ko_api(void);

#endif
