/* The interface of kring-auth.so (src/web/auth.c), which the commands of
 * kring server's accounts load with dlopen(): the one file that knows
 * libsodium (passwords hashed with argon2id, random tokens, SHA-256),
 * liboath (TOTP, RFC 6238) and libqrencode (QR codes as SVG), so that no
 * other command pays for them at start-up (docs/design.md). Plain C,
 * nothing of libkring. Every function is safe on several threads at once
 * once init() returned 0. */
#ifndef KRING_AUTH_H
#define KRING_AUTH_H

#include <stddef.h>

/* A password's hash as stored (libsodium's crypto_pwhash_STRBYTES). */
#define KA_HASH_MAX 128
/* A TOTP secret in base32: 20 random bytes (160 bits, RFC 4226's
 * recommended length) are 32 characters. */
#define KA_SECRET_MAX 40
/* A TOTP code's time step, in seconds (RFC 6238's default, which every
 * authenticator app uses). */
#define KA_TOTP_STEP 30

/* A passkey's answer as the phone's browser gave it (WebAuthn Level 2),
 * each field base64url without padding, as the form sent it; with what
 * the server expects of it. */
struct ka_webauthn {
    const char *rp_id;       /* the server's host name */
    const char *origin;      /* "https://kring.example" */
    const char *challenge;   /* the one the server asked (ka challenge()) */
    const char *client_data; /* clientDataJSON */
    const char *attestation; /* a registration's attestationObject */
    const char *auth_data;   /* an assertion's authenticatorData */
    const char *signature;   /* an assertion's signature */
    const char *id;          /* the credential's id (rawId) */
};
/* Each field's bytes once decoded, at most. */
#define KA_WEBAUTHN_MAX 4096
/* A passkey as kept: its id (at most 1023 bytes, WebAuthn's limit) and
 * its COSE public key, base64url. */
#define KA_PASSKEY_ID_MAX 1368
#define KA_PASSKEY_KEY_MAX 1400
/* A challenge: its time, 16 random bytes and their HMAC, base64url. */
#define KA_CHALLENGE_MAX 80

struct ka_api {
    /* Readies the libraries; 0, or -1 when they cannot be used. */
    int (*init)(void);
    /* PASSWORD's argon2id hash (libsodium's interactive limits: 2 passes
     * over 64 MiB) into OUT, of KA_HASH_MAX bytes. 0, or -1 out of
     * memory. */
    int (*password_hash)(const char *password, char *out);
    /* 1 when PASSWORD is the one HASH was made of, else 0. */
    int (*password_verify)(const char *hash, const char *password);
    /* A new TOTP secret, in base32 (no padding), into OUT of
     * KA_SECRET_MAX bytes. 0, or -1. */
    int (*totp_secret)(char *out);
    /* Whether CODE (6 digits) is SECRET's code at NOW or one step before
     * or after it (a phone's clock a little off): the step it belongs to
     * (NOW / KA_TOTP_STEP, +-1) into *STEP and 1, else 0 (also for a code
     * that is not 6 digits, or a secret that is not base32). */
    int (*totp_check)(const char *secret, const char *code, long long now,
                      long long *step);
    /* The code of SECRET at NOW into OUT (7 bytes): for the tests. 0, or
     * -1. */
    int (*totp_code)(const char *secret, long long now, char *out);
    /* BYTES random bytes as hex into OUT (2 * BYTES + 1). */
    void (*random_hex)(char *out, size_t bytes);
    /* SHA-256 of TEXT as hex into OUT (65 bytes): how a session's or an
     * enrolment's token is kept, never the token itself. */
    void (*sha256_hex)(const char *text, char *out);
    /* TEXT as a QR code (error correction M), an SVG document of its own,
     * into *SVG (malloc()ed, the caller frees). 0, or -1. */
    int (*qr_svg)(const char *text, char **svg);
    /* A passkey's challenge for CONTEXT (what it is asked for: the
     * invitation, a session), valid until UNTIL (Unix seconds), into OUT
     * (KA_CHALLENGE_MAX bytes): signed by a key of this process, so that
     * nothing is stored before the phone answers. 0, or -1. */
    int (*challenge)(const char *context, long long until, char *out);
    /* 1 when CHALLENGE is one challenge() made for CONTEXT and NOW is
     * not past its time, else 0. */
    int (*challenge_ok)(const char *challenge, const char *context,
                        long long now);
    /* A passkey's registration (navigator.credentials.create()) read and
     * checked: clientDataJSON of type webauthn.create for IN's challenge
     * and origin; authenticatorData for IN's host name, the user present
     * and verified, with the credential IN names and a public key kring
     * accepts (ES256, EdDSA, RS256). Its id into ID (KA_PASSKEY_ID_MAX
     * bytes), its key into KEY (KA_PASSKEY_KEY_MAX), its counter into
     * *COUNT: 0. Else -1 and *WHY says what is wrong. */
    int (*passkey_made)(const struct ka_webauthn *in, char *id, char *key,
                        unsigned long long *count, const char **why);
    /* An assertion (navigator.credentials.get()) checked against KEY:
     * clientDataJSON of type webauthn.get for IN's challenge and origin,
     * authenticatorData for IN's host name with the user present and
     * verified, signed by KEY, its counter above *COUNT (unless both are
     * 0). 1 and the new counter into *COUNT; else 0 and *WHY. */
    int (*passkey_check)(const struct ka_webauthn *in, const char *key,
                         unsigned long long *count, const char **why);
};

/* The one symbol kring-auth.so exports. */
const struct ka_api *ka_api(void);

#endif
