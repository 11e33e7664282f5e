/* kring-auth.so (auth.h): passwords hashed with argon2id and random
 * tokens (libsodium), TOTP codes (liboath, RFC 6238), QR codes as SVG
 * (libqrencode). Debian's libraries, not code of our own: each is kept by
 * people who do nothing else (docs/design.md). */
#include <liboath/oath.h>
#include <qrencode.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "webauthn.h"

/* argon2id: 2 passes over 32 MiB, above OWASP's floor for argon2id
 * (19 MiB, 2 passes), and bounded: a server checking eight logins at
 * once holds 256 MiB for them (docs/server.md). */
#define PW_OPS 2
#define PW_MEM (32u * 1024u * 1024u)
#define TOTP_DIGITS 6
#define SECRET_BYTES 20

static int init(void)
{
    if (sodium_init() < 0 || oath_init() != OATH_OK || ka_webauthn_init() < 0)
        return -1;
    return 0;
}

static int password_hash(const char *password, char *out)
{
    /* crypto_pwhash_argon2id_STRBYTES is 128: KA_HASH_MAX. */
    return crypto_pwhash_argon2id_str(out, password, strlen(password), PW_OPS,
                                      PW_MEM) == 0
               ? 0
               : -1;
}

static int password_verify(const char *hash, const char *password)
{
    /* libsodium takes the hash as an array of its full size. */
    char whole[crypto_pwhash_argon2id_STRBYTES] = {0};

    if (hash == NULL || strncmp(hash, "$argon2id$", 10) != 0 ||
        strlen(hash) >= sizeof whole)
        return 0;
    memcpy(whole, hash, strlen(hash));
    return crypto_pwhash_argon2id_str_verify(whole, password,
                                             strlen(password)) == 0;
}

static int totp_secret(char *out)
{
    unsigned char raw[SECRET_BYTES];
    char *b32 = NULL;
    size_t len = 0, i;

    randombytes_buf(raw, sizeof raw);
    if (oath_base32_encode((const char *)raw, sizeof raw, &b32, &len) !=
            OATH_OK ||
        len >= KA_SECRET_MAX) {
        free(b32);
        return -1;
    }
    /* 20 bytes are 32 characters: no '=' to strip. */
    for (i = 0; i < len && b32[i] != '='; i++)
        out[i] = b32[i];
    out[i] = '\0';
    sodium_memzero(raw, sizeof raw);
    sodium_memzero(b32, len);
    free(b32);
    return 0;
}

/* SECRET decoded into *RAW (malloc()ed), or -1. */
static int decode(const char *secret, char **raw, size_t *len)
{
    *raw = NULL;
    if (secret == NULL || secret[0] == '\0' ||
        oath_base32_decode(secret, strlen(secret), raw, len) != OATH_OK)
        return -1;
    return 0;
}

static int totp_check(const char *secret, const char *code, long long now,
                      long long *step)
{
    char *raw;
    size_t len;
    int pos = 0, rc;

    if (code == NULL || strlen(code) != TOTP_DIGITS ||
        strspn(code, "0123456789") != TOTP_DIGITS || now < 0 ||
        decode(secret, &raw, &len) < 0)
        return 0;
    rc = oath_totp_validate2(raw, len, (time_t)now, KA_TOTP_STEP, 0, 1, &pos,
                             code);
    sodium_memzero(raw, len);
    free(raw);
    if (rc < 0)
        return 0;
    *step = now / KA_TOTP_STEP + pos;
    return 1;
}

static int totp_code(const char *secret, long long now, char *out)
{
    char *raw;
    size_t len;
    int rc;

    if (decode(secret, &raw, &len) < 0)
        return -1;
    rc = oath_totp_generate(raw, len, (time_t)now, KA_TOTP_STEP, 0, TOTP_DIGITS,
                            out);
    sodium_memzero(raw, len);
    free(raw);
    return rc == OATH_OK ? 0 : -1;
}

static void random_hex(char *out, size_t bytes)
{
    unsigned char raw[64];

    if (bytes > sizeof raw)
        bytes = sizeof raw;
    randombytes_buf(raw, bytes);
    sodium_bin2hex(out, 2 * bytes + 1, raw, bytes);
    sodium_memzero(raw, sizeof raw);
}

static void sha256_hex(const char *text, char *out)
{
    unsigned char h[crypto_hash_sha256_BYTES];

    crypto_hash_sha256(h, (const unsigned char *)text, strlen(text));
    sodium_bin2hex(out, 2 * sizeof h + 1, h, sizeof h);
}

/* The QR code's dark modules as one SVG path, with the quiet zone of four
 * modules the standard asks for; black on white, for any phone to read.
 * Hidden from screen readers: the page names it, and gives its key as
 * text. */
static int qr_svg(const char *text, char **svg)
{
    QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    char *buf = NULL;
    size_t len = 0;
    FILE *f;
    int x, y, size;

    *svg = NULL;
    if (q == NULL)
        return -1;
    if ((f = open_memstream(&buf, &len)) == NULL) {
        QRcode_free(q);
        return -1;
    }
    size = q->width + 8;
    fprintf(f,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
            "shape-rendering=\"crispEdges\" aria-hidden=\"true\">"
            "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path "
            "fill=\"#000\" d=\"",
            size, size, size, size);
    for (y = 0; y < q->width; y++)
        for (x = 0; x < q->width; x++)
            if (q->data[y * q->width + x] & 1)
                fprintf(f, "M%d %dh1v1h-1z", x + 4, y + 4);
    fputs("\"/></svg>", f);
    QRcode_free(q);
    if (fclose(f) != 0) {
        free(buf);
        return -1;
    }
    *svg = buf;
    return 0;
}

static const struct ka_api api = {
    .init = init,
    .password_hash = password_hash,
    .password_verify = password_verify,
    .totp_secret = totp_secret,
    .totp_check = totp_check,
    .totp_code = totp_code,
    .random_hex = random_hex,
    .sha256_hex = sha256_hex,
    .qr_svg = qr_svg,
    .challenge = ka_challenge,
    .challenge_ok = ka_challenge_ok,
    .passkey_made = ka_passkey_made,
    .passkey_check = ka_passkey_check,
};

const struct ka_api *ka_api(void)
{
    return &api;
}
