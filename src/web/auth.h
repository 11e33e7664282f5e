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
};

/* The one symbol kring-auth.so exports. */
const struct ka_api *ka_api(void);

#endif
