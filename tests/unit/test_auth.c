/* kring-auth.so (src/web/auth.h), loaded as kring loads it: TOTP codes
 * against RFC 6238's own test values (Appendix B, SHA-1, its secret
 * "12345678901234567890"; six digits are the last six of its eight),
 * SHA-256 against FIPS 180-2's "abc", argon2id hashes that verify only
 * their password, secrets and tokens that do not repeat, and a QR code's
 * SVG. */
#include <criterion/criterion.h>
#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "kring/kring.h"

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
