/* Logging in to kring server, the store's front (include/kring/org.h):
 * the hashes and tokens checked for their form, a store that keeps no
 * organisation refused, the rest the backend's. The passwords and codes
 * themselves never reach the store: kring-auth.so checks them, and only
 * hashes are kept. */
#include <stdlib.h>
#include <string.h>

#include "backend.h"

/* The organisation's operations, or the reason there are none. */
static const kr_org_ops *org(kring_store *s, kring_error *err)
{
    if (s->ops->org != NULL)
        return s->ops->org;
    kr_error_set(err, KRING_ERR_INVALID, "%s",
                 _("accounts log in to kring server, on an organisation's "
                   "PostgreSQL database, not on a file"));
    return NULL;
}

/* Whether TEXT is N lowercase hex digits (a SHA-256, a token). */
static int hex_of(const char *text, size_t min, size_t max)
{
    size_t n = text ? strlen(text) : 0;

    return n >= min && n <= max && strspn(text, "0123456789abcdef") == n;
}

static kring_status bad_hash(kring_error *err)
{
    return kr_error_set(err, KRING_ERR_INVALID, "%s",
                        _("not a hash or token kring made"));
}

kring_status kring_user_enrolment(kring_store *s, const char *login,
                                  const char *code_hash, int hours,
                                  kring_error *err)
{
    const kr_org_ops *o = org(s, err);

    if (o == NULL)
        return KRING_ERR_INVALID;
    if (!hex_of(code_hash, 64, 64))
        return bad_hash(err);
    if (hours < 1 || hours > 168)
        return kr_error_set(err, KRING_ERR_INVALID, "%s",
                            _("an enrolment is valid for 1 to 168 hours"));
    return o->enrolment(s, login, code_hash, hours, err);
}

kring_status kring_enrolment_find(kring_store *s, const char *code_hash,
                                  long long *user_id, char *login,
                                  kring_error *err)
{
    const kr_org_ops *o = org(s, err);

    if (o == NULL)
        return KRING_ERR_INVALID;
    if (!hex_of(code_hash, 64, 64))
        return bad_hash(err);
    return o->enrolment_find(s, code_hash, user_id, login, err);
}

kring_status kring_enrolment_finish(kring_store *s, const char *code_hash,
                                    const char *password_hash,
                                    const char *totp_secret, long long step,
                                    kring_error *err)
{
    const kr_org_ops *o = org(s, err);

    if (o == NULL)
        return KRING_ERR_INVALID;
    if (!hex_of(code_hash, 64, 64) || password_hash == NULL ||
        strncmp(password_hash, "$argon2id$", 10) != 0 || totp_secret == NULL ||
        step < 0)
        return bad_hash(err);
    return o->enrolment_finish(s, code_hash, password_hash, totp_secret, step,
                               err);
}

kring_status kring_login_read(kring_store *s, const char *login, kring_login *l,
                              kring_error *err)
{
    const kr_org_ops *o = org(s, err);

    memset(l, 0, sizeof *l);
    if (o == NULL)
        return KRING_ERR_INVALID;
    return o->login_read(s, login ? login : "", l, err);
}

void kring_login_release(kring_login *l)
{
    if (l == NULL)
        return;
    kr_free(l->password_hash);
    kr_free(l->totp_secret);
    l->password_hash = l->totp_secret = NULL;
}

kring_status kring_login_outcome(kring_store *s, long long user_id, bool ok,
                                 long long step, kring_error *err)
{
    const kr_org_ops *o = org(s, err);

    return o ? o->login_outcome(s, user_id, ok, step, err) : KRING_ERR_INVALID;
}

kring_status kring_session_begin(kring_store *s, long long user_id,
                                 const char *token_hash, const char *csrf,
                                 const char *address, kring_error *err)
{
    const kr_org_ops *o = org(s, err);

    if (o == NULL)
        return KRING_ERR_INVALID;
    if (!hex_of(token_hash, 64, 64) || !hex_of(csrf, 32, 128))
        return bad_hash(err);
    return o->session_begin(s, user_id, token_hash, csrf, address, err);
}

kring_status kring_session_find(kring_store *s, const char *token_hash,
                                int idle, int absolute, kring_session *out,
                                kring_error *err)
{
    const kr_org_ops *o = org(s, err);

    memset(out, 0, sizeof *out);
    if (o == NULL)
        return KRING_ERR_INVALID;
    if (!hex_of(token_hash, 64, 64))
        return kr_error_set(err, KRING_ERR_NOT_FOUND, "%s", _("no session"));
    return o->session_find(s, token_hash, idle, absolute, out, err);
}

kring_status kring_session_end(kring_store *s, const char *token_hash,
                               bool everywhere, kring_error *err)
{
    const kr_org_ops *o = org(s, err);

    if (o == NULL)
        return KRING_ERR_INVALID;
    if (!hex_of(token_hash, 64, 64))
        return KRING_OK;
    return o->session_end(s, token_hash, everywhere, err);
}

kring_status kring_session_purge(kring_store *s, int idle, int absolute,
                                 kring_error *err)
{
    const kr_org_ops *o = org(s, err);

    return o ? o->session_purge(s, idle, absolute, err) : KRING_ERR_INVALID;
}

/* Whether TEXT is a subject kring keeps: 1 to 255 bytes, no control
 * character (the column's check). */
static int subject_ok(const char *text)
{
    size_t i, n = text ? strlen(text) : 0;

    for (i = 0; i < n; i++)
        if ((unsigned char)text[i] < 0x20 || text[i] == 0x7f)
            return 0;
    return n >= 1 && n <= 255;
}

kring_status kring_oidc_account(kring_store *s, const char *subject,
                                const char *login, long long *user_id,
                                bool *bound, kring_error *err)
{
    const kr_org_ops *o = org(s, err);

    *user_id = 0;
    *bound = false;
    if (o == NULL)
        return KRING_ERR_INVALID;
    if (!subject_ok(subject))
        return kr_error_set(err, KRING_ERR_NOT_FOUND, "%s", _("no account"));
    return o->oidc_account(s, subject, login ? login : "", user_id, bound, err);
}

kring_status kring_user_oidc(kring_store *s, const char *login,
                             const char *subject, kring_error *err)
{
    const kr_org_ops *o = org(s, err);

    if (o == NULL)
        return KRING_ERR_INVALID;
    if (subject != NULL && !subject_ok(subject))
        return kr_error_set(err, KRING_ERR_INVALID, "%s",
                            _("a subject is 1 to 255 characters, without "
                              "control characters"));
    return o->user_oidc(s, login ? login : "", subject, err);
}
