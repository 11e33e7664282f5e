/* kring-auth.so (src/web/auth.h), loaded as kring loads it: TOTP codes
 * against RFC 6238's own test values (Appendix B, SHA-1, its secret
 * "12345678901234567890"; six digits are the last six of its eight),
 * SHA-256 against FIPS 180-2's "abc", argon2id hashes that verify only
 * their password, secrets and tokens that do not repeat, a QR code's
 * SVG, and passkeys: registrations and assertions made by a second
 * implementation (webauthn_vectors.py, Python's cryptography) read and
 * checked, and each way of being wrong refused. */
#include <criterion/criterion.h>
#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "kring/kring.h"
#include "webauthn_vectors.h"

static const struct ka_api *api(void)
{
    static const struct ka_api *a;
    char path[PATH_MAX];
    const char *bin = getenv("KRING_BIN");
    const struct ka_api *(*get)(void);
    void *m;

    if (a != NULL)
        return a;
    if (bin != NULL && strrchr(bin, '/') != NULL)
        snprintf(path, sizeof path, "%.*s/kring-auth.so",
                 (int)(strrchr(bin, '/') - bin), bin);
    else
        cr_assert(
            kring_module_find("kring-auth.so", "KRING_AUTH", path, sizeof path),
            "kring-auth.so is not built");
    m = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    cr_assert_not_null(m, "%s", dlerror());
    *(void **)&get = dlsym(m, "ka_api");
    cr_assert_not_null(get);
    a = get();
    cr_assert_eq(a->init(), 0);
    return a;
}

/* "12345678901234567890" in base32. */
#define RFC_SECRET "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

Test(auth, totp_codes_are_rfc_6238s)
{
    static const struct {
        long long t;
        const char *code;
    } rfc[] = {{59, "287082"},         {1111111109, "081804"},
               {1111111111, "050471"}, {1234567890, "005924"},
               {2000000000, "279037"}, {20000000000LL, "353130"}};
    char code[8];
    size_t i;

    for (i = 0; i < sizeof rfc / sizeof rfc[0]; i++) {
        cr_assert_eq(api()->totp_code(RFC_SECRET, rfc[i].t, code), 0);
        cr_assert_str_eq(code, rfc[i].code, "T = %lld", rfc[i].t);
    }
}

Test(auth, a_totp_code_is_taken_one_step_either_side_and_no_further)
{
    const struct ka_api *a = api();
    long long step = 0;

    /* 1111111109 is step 37037036; its code, read at the step after. */
    cr_assert_eq(a->totp_check(RFC_SECRET, "081804", 1111111109, &step), 1);
    cr_assert_eq(step, 37037036);
    cr_assert_eq(a->totp_check(RFC_SECRET, "081804", 1111111109 + 30, &step),
                 1);
    cr_assert_eq(step, 37037036);
    cr_assert_eq(a->totp_check(RFC_SECRET, "081804", 1111111109 - 30, &step),
                 1);
    cr_assert_eq(step, 37037036);
    cr_assert_eq(a->totp_check(RFC_SECRET, "081804", 1111111109 + 60, &step),
                 0);
    cr_assert_eq(a->totp_check(RFC_SECRET, "081805", 1111111109, &step), 0);
    cr_assert_eq(a->totp_check(RFC_SECRET, "81804", 1111111109, &step), 0);
    cr_assert_eq(a->totp_check(RFC_SECRET, "0818040", 1111111109, &step), 0);
    cr_assert_eq(a->totp_check(RFC_SECRET, "08180a", 1111111109, &step), 0);
    cr_assert_eq(a->totp_check("not base32!", "081804", 1111111109, &step), 0);
    cr_assert_eq(a->totp_check("", "081804", 1111111109, &step), 0);
}

Test(auth, a_new_secret_is_32_letters_of_base32_and_never_the_same)
{
    char s1[KA_SECRET_MAX], s2[KA_SECRET_MAX], code[8];
    long long step;

    cr_assert_eq(api()->totp_secret(s1), 0);
    cr_assert_eq(api()->totp_secret(s2), 0);
    cr_assert_eq(strlen(s1), 32);
    cr_assert_eq(strspn(s1, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"), 32);
    cr_assert_str_neq(s1, s2);
    cr_assert_eq(api()->totp_code(s1, 1700000000, code), 0);
    cr_assert_eq(api()->totp_check(s1, code, 1700000000, &step), 1);
    cr_assert_eq(step, 1700000000 / 30);
}

Test(auth, a_password_hash_is_argon2id_and_verifies_only_its_password)
{
    char h1[KA_HASH_MAX], h2[KA_HASH_MAX];

    cr_assert_eq(api()->password_hash("correct horse battery", h1), 0);
    cr_assert_eq(api()->password_hash("correct horse battery", h2), 0);
    cr_assert(strncmp(h1, "$argon2id$v=19$m=32768,t=2,p=1$", 31) == 0, "%s",
              h1);
    cr_assert_str_neq(h1, h2, "a salt of its own");
    cr_assert_eq(api()->password_verify(h1, "correct horse battery"), 1);
    cr_assert_eq(api()->password_verify(h2, "correct horse battery"), 1);
    cr_assert_eq(api()->password_verify(h1, "correct horse batterY"), 0);
    cr_assert_eq(api()->password_verify(h1, ""), 0);
    cr_assert_eq(api()->password_verify(NULL, "x"), 0);
    cr_assert_eq(api()->password_verify("$2b$10$notargon", "x"), 0);
}

Test(auth, sha256_and_random_tokens)
{
    char h[65], t1[65], t2[65];

    api()->sha256_hex("abc", h);
    cr_assert_str_eq(h, "ba7816bf8f01cfea414140de5dae2223"
                        "b00361a396177a9cb410ff61f20015ad");
    api()->random_hex(t1, 32);
    api()->random_hex(t2, 32);
    cr_assert_eq(strlen(t1), 64);
    cr_assert_eq(strspn(t1, "0123456789abcdef"), 64);
    cr_assert_str_neq(t1, t2);
}

Test(auth, a_qr_code_is_an_svg_with_its_quiet_zone)
{
    char *svg = NULL;

    /* Up to 14 bytes fit version 1 at level M: 21 modules, and 4 of
     * quiet zone on each side. */
    cr_assert_eq(api()->qr_svg("kring 12345", &svg), 0);
    cr_assert(strncmp(svg,
                      "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                      "viewBox=\"0 0 29 29\"",
                      59) == 0,
              "%s", svg);
    /* The three finders' corners are dark. */
    cr_assert(strstr(svg, "M4 4h1v1h-1z") != NULL);
    cr_assert(strstr(svg, "M24 4h1v1h-1z") != NULL);
    cr_assert(strstr(svg, "M4 24h1v1h-1z") != NULL);
    /* Hidden from screen readers (the page names it): an SVG of role img
     * without a name of its own is an axe violation. */
    cr_assert(strstr(svg, "aria-hidden=\"true\"") != NULL);
    cr_assert(strstr(svg, "role=") == NULL);
    free(svg);
}

/* The vector named NAME of the passkeys' registrations or assertions. */
static const struct reg_vector *reg(const char *name)
{
    size_t i;

    for (i = 0; i < sizeof regs / sizeof regs[0]; i++)
        if (strcmp(regs[i].name, name) == 0)
            return &regs[i];
    cr_assert_fail("no registration %s", name);
    return NULL;
}

static const struct assert_vector *assertion(const char *name)
{
    size_t i;

    for (i = 0; i < sizeof asserts / sizeof asserts[0]; i++)
        if (strcmp(asserts[i].name, name) == 0)
            return &asserts[i];
    cr_assert_fail("no assertion %s", name);
    return NULL;
}

static struct ka_webauthn made_in(const struct reg_vector *v)
{
    struct ka_webauthn in = {.rp_id = "kring.example",
                             .origin = "https://kring.example",
                             .challenge = "Q0hBTExFTkdFLTE",
                             .client_data = v->client_data,
                             .attestation = v->attestation,
                             .id = v->id};
    return in;
}

static struct ka_webauthn check_in(const struct assert_vector *v)
{
    struct ka_webauthn in = {.rp_id = "kring.example",
                             .origin = "https://kring.example",
                             .challenge = "Q0hBTExFTkdFLTI",
                             .client_data = v->client_data,
                             .auth_data = v->auth_data,
                             .signature = v->signature};
    return in;
}

/* Registration VECTOR read as IN says: 0, or -1 with *WHY. */
static int made(struct ka_webauthn in, char *key, const char **why)
{
    char id[KA_PASSKEY_ID_MAX];
    unsigned long long count = 99;
    int rc = api()->passkey_made(&in, id, key, &count, why);

    if (rc == 0)
        cr_assert_eq(count, 0);
    return rc;
}

Test(auth, passkeys_of_three_kinds_register_and_sign)
{
    static const char *const kind[][2] = {
        {"es256", "es256_count7"}, {"eddsa", "eddsa"}, {"rs256", "rs256"}};
    char id[KA_PASSKEY_ID_MAX], key[KA_PASSKEY_KEY_MAX];
    struct ka_webauthn in;
    const char *why = NULL;
    unsigned long long count = 99;
    size_t i;

    for (i = 0; i < 3; i++) {
        in = made_in(reg(kind[i][0]));
        cr_assert_eq(api()->passkey_made(&in, id, key, &count, &why), 0,
                     "%s: %s", kind[i][0], why);
        /* The id and key as the browser and the second implementation
         * have them: nothing added, nothing lost. */
        cr_assert_str_eq(id, reg(kind[i][0])->id);
        cr_assert_str_eq(key, reg(kind[i][0])->key);
        cr_assert_eq(count, 0);
        in = check_in(assertion(kind[i][1]));
        count = 0;
        cr_assert_eq(api()->passkey_check(&in, key, &count, &why), 1, "%s: %s",
                     kind[i][1], why);
        cr_assert_gt(count, 0);
    }
}

Test(auth, a_registration_that_is_wrong_is_refused)
{
    char key[KA_PASSKEY_KEY_MAX];
    struct ka_webauthn in = made_in(reg("es256"));
    const char *why = NULL;

    cr_assert_eq(made(made_in(reg("p384")), key, &why), -1);
    cr_assert(strstr(why, "kind of key") != NULL, "%s", why);
    cr_assert_eq(made(made_in(reg("no_uv")), key, &why), -1);
    cr_assert(strstr(why, "not verified") != NULL, "%s", why);
    cr_assert_eq(made(made_in(reg("cross")), key, &why), -1);
    cr_assert(strstr(why, "frame") != NULL, "%s", why);
    cr_assert_eq(made(made_in(reg("other_origin")), key, &why), -1);
    cr_assert(strstr(why, "another origin") != NULL, "%s", why);
    cr_assert_eq(made(made_in(reg("rs_e1")), key, &why), -1);
    cr_assert(strstr(why, "kind of key") != NULL, "%s", why);
    cr_assert_eq(made(made_in(reg("rs_short")), key, &why), -1);
    cr_assert(strstr(why, "kind of key") != NULL, "%s", why);
    cr_assert_eq(made(made_in(reg("trailing")), key, &why), -1);
    cr_assert(strstr(why, "more than its credential") != NULL, "%s", why);
    /* Nested heads that each declare what is left: in all, 50 times the
     * bytes there are (libcbor would allocate for every one): refused
     * before libcbor reads them. */
    in.attestation = nested_heads;
    cr_assert_eq(made(in, key, &why), -1);
    cr_assert(strstr(why, "declares more") != NULL, "%s", why);
    in.challenge = "Q0hBTExFTkdFLTI";
    cr_assert_eq(made(in, key, &why), -1);
    cr_assert(strstr(why, "another challenge") != NULL, "%s", why);
    in = made_in(reg("es256"));
    in.rp_id = "kring.example.org";
    cr_assert_eq(made(in, key, &why), -1);
    cr_assert(strstr(why, "host name") != NULL, "%s", why);
    in = made_in(reg("es256"));
    in.id = reg("eddsa")->id;
    cr_assert_eq(made(in, key, &why), -1);
    cr_assert(strstr(why, "id") != NULL, "%s", why);
    in = made_in(reg("es256"));
    in.client_data = reg("es256")->attestation; /* not JSON */
    cr_assert_eq(made(in, key, &why), -1);
    in = made_in(reg("es256"));
    in.attestation = reg("es256")->client_data; /* not CBOR */
    cr_assert_eq(made(in, key, &why), -1);
    /* CBOR that declares more than it holds: an array of 2.4 billion
     * items, a map of 2^64 - 2^32 pairs, in a few bytes (fuzz_webauthn
     * found libcbor allocating for them before reading them). */
    in.attestation = "oWhhdXRoRGF0YZqPVQAA";
    cr_assert_eq(made(in, key, &why), -1);
    cr_assert(strstr(why, "declares more") != NULL, "%s", why);
    in.attestation = "u_____8AAAAA";
    cr_assert_eq(made(in, key, &why), -1);
    in.attestation = "not base64url!";
    cr_assert_eq(made(in, key, &why), -1);
    in.attestation = NULL;
    cr_assert_eq(made(in, key, &why), -1);
}

Test(auth, an_assertion_that_is_wrong_is_refused)
{
    const char *key = reg("es256")->key, *why = NULL;
    struct ka_webauthn in;
    unsigned long long count = 0;
    char *bent;

    /* A phone's passkey that keeps no counter (0 each time) passes. */
    in = check_in(assertion("es256_zero"));
    cr_assert_eq(api()->passkey_check(&in, key, &count, &why), 1, "%s", why);
    cr_assert_eq(count, 0);
    in = check_in(assertion("es256_other_key"));
    cr_assert_eq(api()->passkey_check(&in, key, &count, &why), 0);
    cr_assert(strstr(why, "signature") != NULL, "%s", why);
    in = check_in(assertion("es256_no_uv"));
    cr_assert_eq(api()->passkey_check(&in, key, &count, &why), 0);
    cr_assert(strstr(why, "not verified") != NULL, "%s", why);
    in = check_in(assertion("es256_other_rp"));
    cr_assert_eq(api()->passkey_check(&in, key, &count, &why), 0);
    cr_assert(strstr(why, "host name") != NULL, "%s", why);
    in = check_in(assertion("es256_create"));
    cr_assert_eq(api()->passkey_check(&in, key, &count, &why), 0);
    cr_assert(strstr(why, "another ceremony") != NULL, "%s", why);
    /* Another key's registration, the other challenge, another origin. */
    in = check_in(assertion("es256_count7"));
    cr_assert_eq(api()->passkey_check(&in, reg("eddsa")->key, &count, &why), 0);
    in.challenge = "Q0hBTExFTkdFLTE";
    cr_assert_eq(api()->passkey_check(&in, key, &count, &why), 0);
    cr_assert(strstr(why, "another challenge") != NULL, "%s", why);
    in = check_in(assertion("es256_count7"));
    in.origin = "https://kring.example:8443";
    cr_assert_eq(api()->passkey_check(&in, key, &count, &why), 0);
    /* The counter: 7 after 7 is a copy; 7 after 3 is the next use. */
    in = check_in(assertion("es256_count7"));
    count = 7;
    cr_assert_eq(api()->passkey_check(&in, key, &count, &why), 0);
    cr_assert(strstr(why, "counter") != NULL, "%s", why);
    count = 3;
    cr_assert_eq(api()->passkey_check(&in, key, &count, &why), 1, "%s", why);
    cr_assert_eq(count, 7);
    /* One signed byte changed (the counter's last): the signature fails. */
    bent = strdup(in.auth_data);
    cr_assert_not_null(bent);
    bent[strlen(bent) - 2] = bent[strlen(bent) - 2] == 'A' ? 'B' : 'A';
    in.auth_data = bent;
    count = 0;
    cr_assert_eq(api()->passkey_check(&in, key, &count, &why), 0);
    free(bent);
}

Test(auth, challenges_hold_for_their_context_and_time)
{
    char c[KA_CHALLENGE_MAX], d[KA_CHALLENGE_MAX];

    cr_assert_eq(api()->challenge("claim", 1000, c), 0);
    cr_assert_eq(api()->challenge("claim", 1000, d), 0);
    cr_assert_str_neq(c, d);
    cr_assert_eq(api()->challenge_ok(c, "claim", 999), 1);
    cr_assert_eq(api()->challenge_ok(c, "claim", 1000), 1);
    cr_assert_eq(api()->challenge_ok(c, "claim", 1001), 0);
    cr_assert_eq(api()->challenge_ok(c, "session abc", 999), 0);
    c[10] = c[10] == 'A' ? 'B' : 'A';
    cr_assert_eq(api()->challenge_ok(c, "claim", 999), 0);
    cr_assert_eq(api()->challenge_ok("", "claim", 999), 0);
    cr_assert_eq(api()->challenge_ok(NULL, "claim", 999), 0);
}
