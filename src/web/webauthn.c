/* Passkeys (WebAuthn Level 2, https://www.w3.org/TR/webauthn-2/) on the
 * server's side, part of kring-auth.so (src/web/auth.h): a registration
 * read (the credential's id and public key kept), an assertion checked
 * against that key, and the challenges both answer.
 *
 * libcbor reads the CBOR (the attestation object, the COSE key), GnuTLS
 * checks the signatures (ES256, EdDSA, RS256), libsodium makes the
 * challenges and the SHA-256, jansson reads clientDataJSON. What is
 * written here is only what WebAuthn itself lays down: which fields, in
 * which order, must say what (section 7, "Relying Party Operations").
 *
 * Attestation is not asked for ("none"): kring does not restrict which
 * authenticators a young person's phone may use, so a statement about
 * the authenticator's make is neither needed nor checked. What is checked
 * is that the phone's browser answered this server's own challenge, for
 * this server's origin and host name, with the user present and verified
 * (the phone's screen lock: what replaces the PIN), and later that each
 * assertion is signed by the key registered then. */
#include <cbor.h>
#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>
#include <jansson.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "webauthn.h"

#define FLAG_UP 0x01 /* the user was present */
#define FLAG_UV 0x04 /* and verified (screen lock, fingerprint, face) */
#define FLAG_AT 0x40 /* attested credential data follows */
#define FLAG_ED 0x80 /* and extensions after it */
#define RP_HASH 32
#define HEAD 37 /* rpIdHash, flags, signCount */
#define ID_MAX 1023
#define COSE_ES256 (-7)
#define COSE_EDDSA (-8)
#define COSE_RS256 (-257)
#define CHALLENGE_RAW (8 + 16 + crypto_auth_hmacsha256_BYTES)

/* The key the challenges are signed with: new each time the server
 * starts (a page asked before a restart is asked again). */
static unsigned char challenge_key[crypto_auth_hmacsha256_KEYBYTES];

int ka_webauthn_init(void)
{
    crypto_auth_hmacsha256_keygen(challenge_key);
    return 0;
}

/* TEXT (base64url without padding, at most CAP bytes once decoded) into
 * *OUT (malloc()ed) and *LEN; -1 when it is not. */
static int unbase64(const char *text, size_t cap, unsigned char **out,
                    size_t *len)
{
    size_t n = text != NULL ? strlen(text) : 0;

    *out = NULL;
    if (n == 0 || n > cap / 3 * 4 + 4 || (*out = malloc(n)) == NULL)
        return -1;
    if (sodium_base642bin(*out, n, text, n, NULL, len, NULL,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
        *len == 0 || *len > cap) {
        free(*out);
        *out = NULL;
        return -1;
    }
    return 0;
}

/* BYTES (LEN) as base64url without padding into OUT (CAP bytes); -1 when
 * it does not fit. */
static int base64(const unsigned char *bytes, size_t len, char *out, size_t cap)
{
    if (sodium_base64_ENCODED_LEN(
            len, sodium_base64_VARIANT_URLSAFE_NO_PADDING) > cap)
        return -1;
    sodium_bin2base64(out, cap, bytes, len,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return 0;
}

/* The challenge's signature over its time and nonce, and CONTEXT. */
static void challenge_mac(const unsigned char *head, const char *context,
                          unsigned char *mac)
{
    crypto_auth_hmacsha256_state st;

    crypto_auth_hmacsha256_init(&st, challenge_key, sizeof challenge_key);
    crypto_auth_hmacsha256_update(&st, head, 24);
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)context,
                                  strlen(context));
    crypto_auth_hmacsha256_final(&st, mac);
}

int ka_challenge(const char *context, long long until, char *out)
{
    unsigned char raw[CHALLENGE_RAW];
    int i;

    for (i = 0; i < 8; i++)
        raw[i] = (unsigned char)((unsigned long long)until >> (56 - 8 * i));
    randombytes_buf(raw + 8, 16);
    challenge_mac(raw, context, raw + 24);
    return base64(raw, sizeof raw, out, KA_CHALLENGE_MAX);
}

int ka_challenge_ok(const char *challenge, const char *context, long long now)
{
    unsigned char *raw = NULL, mac[crypto_auth_hmacsha256_BYTES];
    unsigned long long until = 0;
    size_t len = 0;
    int i, ok;

    if (challenge == NULL || unbase64(challenge, CHALLENGE_RAW, &raw, &len) < 0)
        return 0;
    ok = len == CHALLENGE_RAW;
    if (ok) {
        challenge_mac(raw, context, mac);
        ok = sodium_memcmp(mac, raw + 24, sizeof mac) == 0;
        for (i = 0; i < 8; i++)
            until = until << 8 | raw[i];
        ok = ok && (long long)until >= now;
    }
    free(raw);
    return ok;
}

/* clientDataJSON (LEN bytes) said TYPE, for IN's challenge and origin,
 * not from a frame of another site. */
static int client_data_ok(const unsigned char *json, size_t len,
                          const char *type, const struct ka_webauthn *in,
                          const char **why)
{
    json_t *root = json_loadb((const char *)json, len, 0, NULL), *cross;
    const char *t, *c, *o;
    int ok = 0;

    t = json_string_value(json_object_get(root, "type"));
    c = json_string_value(json_object_get(root, "challenge"));
    o = json_string_value(json_object_get(root, "origin"));
    cross = json_object_get(root, "crossOrigin");
    if (root == NULL || t == NULL || c == NULL || o == NULL ||
        in->challenge == NULL)
        *why = "clientDataJSON is not what a browser sends";
    else if (strcmp(t, type) != 0)
        *why = "clientDataJSON is of another ceremony";
    else if (strcmp(c, in->challenge) != 0)
        *why = "clientDataJSON answers another challenge";
    else if (strcmp(o, in->origin) != 0)
        *why = "clientDataJSON is from another origin";
    else if (cross != NULL && !json_is_false(cross))
        *why = "clientDataJSON is from a frame of another site";
    else
        ok = 1;
    json_decref(root);
    return ok;
}

/* authenticatorData's head (at least HEAD bytes): for IN's host name,
 * the user present and verified, and FLAGS too. */
static int auth_head_ok(const unsigned char *a, size_t len, int flags,
                        const struct ka_webauthn *in, const char **why)
{
    unsigned char rp[RP_HASH];

    crypto_hash_sha256(rp, (const unsigned char *)in->rp_id, strlen(in->rp_id));
    if (len < HEAD)
        *why = "authenticatorData is too short";
    else if (sodium_memcmp(a, rp, RP_HASH) != 0)
        *why = "authenticatorData is for another host name";
    else if ((a[32] & (FLAG_UP | FLAG_UV)) != (FLAG_UP | FLAG_UV))
        *why = "the user was not verified on the phone";
    else if ((a[32] & flags) != flags)
        *why = "authenticatorData holds no credential";
    else
        return 1;
    return 0;
}

static unsigned long long sign_count(const unsigned char *a)
{
    return (unsigned long long)a[33] << 24 | (unsigned long long)a[34] << 16 |
           (unsigned long long)a[35] << 8 | a[36];
}

/* libcbor allocates an array's or a map's items as their head declares
 * them, before it reads them: 9 bytes declaring 2^32 items would have it
 * ask for gigabytes (found by fuzz_webauthn). So the heads are first read
 * by its streaming decoder, which allocates nothing, and items declared
 * in all that the bytes could not hold (each takes one byte at least, a
 * map's pair two) refuse the whole: nested heads cannot add up to more
 * than the bytes either. */
struct sane {
    uint64_t declared, len;
    int bad;
};

static void declare(struct sane *s, uint64_t items)
{
    if (items > s->len || s->declared + items > s->len)
        s->bad = 1;
    else
        s->declared += items;
}

static void array_head(void *ctx, uint64_t n)
{
    declare(ctx, n);
}

static void map_head(void *ctx, uint64_t n)
{
    declare(ctx, n > UINT64_MAX / 2 ? UINT64_MAX : 2 * n);
}

/* The first CBOR item of BYTES (LEN), as cbor_load() reads it, or NULL
 * (and *WHY when BYTES declare more than they hold). */
static cbor_item_t *load(const unsigned char *bytes, size_t len,
                         struct cbor_load_result *res, const char **why)
{
    struct cbor_callbacks cb = cbor_empty_callbacks;
    struct cbor_decoder_result r;
    struct sane s = {0, len, 0};
    size_t at = 0;

    cb.array_start = array_head;
    cb.map_start = map_head;
    while (at < len) {
        r = cbor_stream_decode(bytes + at, len - at, &cb, &s);
        if (s.bad)
            *why = "the CBOR declares more items than its bytes hold";
        if (r.status != CBOR_DECODER_FINISHED || r.read == 0 || s.bad)
            return NULL;
        at += r.read;
    }
    return cbor_load(bytes, len, res);
}

/* The value of integer KEY in CBOR map M, or NULL. */
static cbor_item_t *map_get(const cbor_item_t *m, int key)
{
    struct cbor_pair *p = cbor_map_handle(m);
    size_t i, n = cbor_map_size(m);

    for (i = 0; i < n; i++) {
        const cbor_item_t *k = p[i].key;
        if (cbor_isa_uint(k) && key >= 0 && cbor_get_int(k) == (uint64_t)key)
            return p[i].value;
        if (cbor_isa_negint(k) && key < 0 &&
            cbor_get_int(k) == (uint64_t)(-1 - key))
            return p[i].value;
    }
    return NULL;
}

/* Integer KEY of map M into *V (within +-2^31); 0 when absent. */
static int map_int(const cbor_item_t *m, int key, long *v)
{
    cbor_item_t *i = map_get(m, key);

    if (i == NULL || (!cbor_isa_uint(i) && !cbor_isa_negint(i)) ||
        cbor_get_int(i) > 0x7fffffff)
        return 0;
    *v = cbor_isa_uint(i) ? (long)cbor_get_int(i) : -1 - (long)cbor_get_int(i);
    return 1;
}

/* Byte string KEY of map M as a gnutls_datum_t (pointing into M). */
static int map_bytes(const cbor_item_t *m, int key, gnutls_datum_t *d)
{
    cbor_item_t *i = map_get(m, key);

    if (i == NULL || !cbor_isa_bytestring(i) || !cbor_bytestring_is_definite(i))
        return 0;
    d->data = cbor_bytestring_handle(i);
    d->size = (unsigned int)cbor_bytestring_length(i);
    return 1;
}

/* An RSA key's modulus N (its leading zeros taken off) of 2048 to 8192
 * bits, its exponent E odd and at least 65537: no small exponent (e = 1
 * signs anything), no short modulus padded with zeros. */
static int rsa_ok(gnutls_datum_t *n, gnutls_datum_t *e)
{
    unsigned long long v = 0;
    unsigned i;

    while (n->size > 0 && n->data[0] == 0) {
        n->data++;
        n->size--;
    }
    while (e->size > 0 && e->data[0] == 0) {
        e->data++;
        e->size--;
    }
    if (n->size < 256 || n->size > 1024 || e->size < 1 || e->size > 8)
        return 0;
    for (i = 0; i < e->size; i++)
        v = v << 8 | e->data[i];
    return (v & 1) && v >= 65537;
}

/* The COSE public key KEY (LEN bytes) into *PUB and its signature
 * algorithm into *ALGO: ES256 (P-256), EdDSA (Ed25519) or RS256 (2048
 * bits or more). *READ: the key's bytes (it may be followed by more). */
static int cose_key(const unsigned char *key, size_t len, gnutls_pubkey_t *pub,
                    gnutls_sign_algorithm_t *algo, size_t *read,
                    const char **why)
{
    struct cbor_load_result res;
    cbor_item_t *m;
    gnutls_datum_t x, y, n, e;
    long kty = 0, alg = 0, crv = 0;
    int rc = -1;

    *why = "the passkey's public key cannot be read";
    m = load(key, len, &res, why);
    if (m == NULL || res.error.code != CBOR_ERR_NONE || !cbor_isa_map(m) ||
        !cbor_map_is_definite(m) || !map_int(m, 1, &kty) ||
        !map_int(m, 3, &alg) || gnutls_pubkey_init(pub) < 0) {
        if (m != NULL)
            cbor_decref(&m);
        return -1;
    }
    *read = res.read;
    if (kty == 2 && alg == COSE_ES256 && map_int(m, -1, &crv) && crv == 1 &&
        map_bytes(m, -2, &x) && map_bytes(m, -3, &y) && x.size == 32 &&
        y.size == 32) {
        rc = gnutls_pubkey_import_ecc_raw(*pub, GNUTLS_ECC_CURVE_SECP256R1, &x,
                                          &y);
        *algo = GNUTLS_SIGN_ECDSA_SHA256;
    } else if (kty == 1 && alg == COSE_EDDSA && map_int(m, -1, &crv) &&
               crv == 6 && map_bytes(m, -2, &x) && x.size == 32) {
        rc = gnutls_pubkey_import_ecc_raw(*pub, GNUTLS_ECC_CURVE_ED25519, &x,
                                          NULL);
        *algo = GNUTLS_SIGN_EDDSA_ED25519;
    } else if (kty == 3 && alg == COSE_RS256 && map_bytes(m, -1, &n) &&
               map_bytes(m, -2, &e) && rsa_ok(&n, &e)) {
        rc = gnutls_pubkey_import_rsa_raw(*pub, &n, &e);
        *algo = GNUTLS_SIGN_RSA_SHA256;
    } else {
        *why = "the passkey's kind of key is not one kring accepts (ES256, "
               "EdDSA, RS256)";
    }
    cbor_decref(&m);
    if (rc < 0) {
        gnutls_pubkey_deinit(*pub);
        return -1;
    }
    return 0;
}

/* The attestation object (LEN bytes): its authData, pointing into the
 * CBOR item *OBJ (the caller frees it with cbor_decref()). */
static int attestation_auth_data(const unsigned char *att, size_t len,
                                 cbor_item_t **obj, const unsigned char **a,
                                 size_t *alen, const char **why)
{
    struct cbor_load_result res;
    struct cbor_pair *p;
    size_t i;

    *obj = load(att, len, &res, why);
    if (*obj == NULL || res.error.code != CBOR_ERR_NONE ||
        !cbor_isa_map(*obj) || !cbor_map_is_definite(*obj))
        return -1;
    p = cbor_map_handle(*obj);
    for (i = 0; i < cbor_map_size(*obj); i++)
        if (cbor_isa_string(p[i].key) && cbor_string_is_definite(p[i].key) &&
            cbor_string_length(p[i].key) == 8 &&
            memcmp(cbor_string_handle(p[i].key), "authData", 8) == 0 &&
            cbor_isa_bytestring(p[i].value) &&
            cbor_bytestring_is_definite(p[i].value)) {
            *a = cbor_bytestring_handle(p[i].value);
            *alen = cbor_bytestring_length(p[i].value);
            return 0;
        }
    return -1;
}

/* What registration and assertion both read: the fields decoded. */
struct fields {
    unsigned char *client, *data, *sig, *id;
    size_t client_len, data_len, sig_len, id_len;
};

static void fields_free(struct fields *f)
{
    free(f->client);
    free(f->data);
    free(f->sig);
    free(f->id);
}

int ka_passkey_made(const struct ka_webauthn *in, char *id, char *key,
                    unsigned long long *count, const char **why)
{
    struct fields f = {0};
    cbor_item_t *obj = NULL;
    const unsigned char *a = NULL;
    size_t alen = 0, idlen, read = 0;
    gnutls_pubkey_t pub;
    gnutls_sign_algorithm_t algo;
    int rc = -1;

    *why = "the answer is not base64url or too long";
    if (unbase64(in->client_data, KA_WEBAUTHN_MAX, &f.client, &f.client_len) <
            0 ||
        unbase64(in->attestation, KA_WEBAUTHN_MAX, &f.data, &f.data_len) < 0 ||
        unbase64(in->id, ID_MAX, &f.id, &f.id_len) < 0)
        goto out;
    if (!client_data_ok(f.client, f.client_len, "webauthn.create", in, why))
        goto out;
    *why = "the attestation object cannot be read";
    if (attestation_auth_data(f.data, f.data_len, &obj, &a, &alen, why) < 0)
        goto out;
    if (!auth_head_ok(a, alen, FLAG_AT, in, why))
        goto out;
    *why = "authenticatorData's credential is cut short";
    if (alen < HEAD + 18)
        goto out;
    idlen = (size_t)a[HEAD + 16] << 8 | a[HEAD + 17];
    if (idlen == 0 || idlen > ID_MAX || alen < HEAD + 18 + idlen + 1)
        goto out;
    *why = "the credential's id is not the one the browser named";
    if (idlen != f.id_len || memcmp(a + HEAD + 18, f.id, idlen) != 0)
        goto out;
    if (cose_key(a + HEAD + 18 + idlen, alen - HEAD - 18 - idlen, &pub, &algo,
                 &read, why) < 0)
        goto out;
    gnutls_pubkey_deinit(pub);
    /* Without extensions (flag ED), the key is the end of the data. */
    *why = "authenticatorData holds more than its credential";
    if (!(a[32] & FLAG_ED) && HEAD + 18 + idlen + read != alen)
        goto out;
    *why = "the passkey's id or key is too long to keep";
    if (base64(f.id, f.id_len, id, KA_PASSKEY_ID_MAX) < 0 ||
        base64(a + HEAD + 18 + idlen, read, key, KA_PASSKEY_KEY_MAX) < 0)
        goto out;
    *count = sign_count(a);
    *why = NULL;
    rc = 0;
out:
    if (obj != NULL)
        cbor_decref(&obj);
    fields_free(&f);
    return rc;
}

int ka_passkey_check(const struct ka_webauthn *in, const char *key,
                     unsigned long long *count, const char **why)
{
    struct fields f = {0};
    unsigned char *cose = NULL, *msg = NULL;
    size_t cose_len = 0, read = 0;
    unsigned long long now;
    gnutls_pubkey_t pub;
    gnutls_sign_algorithm_t algo;
    gnutls_datum_t data, sig;
    int ok = 0;

    *why = "the answer is not base64url or too long";
    if (unbase64(in->client_data, KA_WEBAUTHN_MAX, &f.client, &f.client_len) <
            0 ||
        unbase64(in->auth_data, KA_WEBAUTHN_MAX, &f.data, &f.data_len) < 0 ||
        unbase64(in->signature, KA_WEBAUTHN_MAX, &f.sig, &f.sig_len) < 0 ||
        unbase64(key, KA_PASSKEY_KEY_MAX, &cose, &cose_len) < 0)
        goto out;
    if (!client_data_ok(f.client, f.client_len, "webauthn.get", in, why) ||
        !auth_head_ok(f.data, f.data_len, 0, in, why) ||
        cose_key(cose, cose_len, &pub, &algo, &read, why) < 0)
        goto out;
    /* What the authenticator signed: authenticatorData, then the SHA-256
     * of clientDataJSON. */
    msg = malloc(f.data_len + crypto_hash_sha256_BYTES);
    if (msg != NULL) {
        memcpy(msg, f.data, f.data_len);
        crypto_hash_sha256(msg + f.data_len, f.client, f.client_len);
        data.data = msg;
        data.size = (unsigned int)(f.data_len + crypto_hash_sha256_BYTES);
        sig.data = f.sig;
        sig.size = (unsigned int)f.sig_len;
        ok = gnutls_pubkey_verify_data2(pub, algo, 0, &data, &sig) >= 0;
    }
    gnutls_pubkey_deinit(pub);
    *why = "the signature is not the passkey's";
    if (!ok)
        goto out;
    /* A counter that does not go up (where the authenticator keeps one:
     * phones' passkeys often say 0 always) is a copied authenticator. */
    now = sign_count(f.data);
    if ((now != 0 || *count != 0) && now <= *count) {
        *why = "the passkey's counter went back: it may have been copied";
        ok = 0;
        goto out;
    }
    *count = now;
    *why = NULL;
out:
    free(msg);
    free(cose);
    fields_free(&f);
    return ok;
}
