/* The young person's phone, the store's front (include/kring/youth.h):
 * the hashes and numbers checked for their form, a store that keeps no
 * organisation refused, the rest the backend's. */
#include <stdlib.h>
#include <string.h>

#include "backend.h"

/* The phone's operations, or the reason there are none. */
static const kr_youth_ops *youth(kring_store *s, kring_error *err)
{
    if (s->ops->org != NULL && s->ops->org->youth != NULL)
        return s->ops->org->youth;
    kr_error_set(err, KRING_ERR_INVALID, "%s",
                 _("the young person's phone is part of kring server, on an "
                   "organisation's PostgreSQL database, not of a file"));
    return NULL;
}

/* Whether TEXT is a SHA-256 in lowercase hex. */
static int sha256_hex(const char *text)
{
    return text != NULL && strlen(text) == 64 &&
           strspn(text, "0123456789abcdef") == 64;
}

static kring_status bad_hash(kring_error *err)
{
    return kr_error_set(err, KRING_ERR_INVALID, "%s",
                        _("not a hash or token kring made"));
}

/* The operations of S for a call with token or hash TOKEN, or NULL with
 * ERR said. */
static const kr_youth_ops *youth_of(kring_store *s, const char *token,
                                    kring_error *err)
{
    const kr_youth_ops *y = youth(s, err);

    if (y != NULL && !sha256_hex(token)) {
        bad_hash(err);
        return NULL;
    }
    return y;
}

kring_status kring_youth_invite(kring_store *s, const char *code,
                                const char *link_hash, const char *short_hash,
                                int minutes, kring_error *err)
{
    const kr_youth_ops *y = youth_of(s, link_hash, err);

    if (y == NULL)
        return err->code;
    if (!sha256_hex(short_hash))
        return bad_hash(err);
    if (minutes < 1 || minutes > 1440)
        return kr_error_set(err, KRING_ERR_INVALID, "%s",
                            _("an invitation may be opened for 1 to 1440 "
                              "minutes"));
    return y->invite(s, code, link_hash, short_hash, minutes, err);
}

kring_status kring_youth_revoke(kring_store *s, const char *code,
                                kring_error *err)
{
    const kr_youth_ops *y = youth(s, err);

    return y ? y->revoke(s, code, err) : KRING_ERR_INVALID;
}

kring_status kring_youth_latest(kring_store *s, const char *code,
                                kring_invitation *out, bool *found,
                                kring_error *err)
{
    const kr_youth_ops *y = youth(s, err);

    memset(out, 0, sizeof *out);
    *found = false;
    return y ? y->latest(s, code, out, found, err) : KRING_ERR_INVALID;
}

/* Whether TEXT is base64url without padding, 1 to MAX - 1 characters. */
static int base64url(const char *text, size_t max)
{
    size_t n = strlen(text);

    return n > 0 && n < max &&
           strspn(text, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                        "0123456789-_") == n;
}

static int passkey_ok(const kring_passkey *key)
{
    return base64url(key->id, sizeof key->id) &&
           base64url(key->key, sizeof key->key) && key->count <= 0xffffffffu;
}

kring_status kring_youth_claim(kring_store *s, const char *link_hash,
                               const char *short_hash, const char *pin_hash,
                               const kring_passkey *key, const char *token_hash,
                               int idle, const char *address, char *code,
                               size_t cap, kring_error *err)
{
    const kr_youth_ops *y = youth_of(s, token_hash, err);

    if (y == NULL)
        return err->code;
    if ((link_hash == NULL) == (short_hash == NULL) ||
        !sha256_hex(link_hash ? link_hash : short_hash))
        return bad_hash(err);
    if ((pin_hash == NULL) == (key == NULL) ||
        (pin_hash != NULL && strncmp(pin_hash, "$argon2id$", 10) != 0))
        return kr_error_set(err, KRING_ERR_INVALID, "%s",
                            _("a PIN is kept only as its argon2id hash"));
    if (key != NULL && !passkey_ok(key))
        return kr_error_set(err, KRING_ERR_INVALID, "%s",
                            _("not a passkey kring read"));
    if (idle < 60 || cap < 65)
        return kr_error_set(err, KRING_ERR_INVALID, "%s",
                            _("a phone's session is unlocked for a minute "
                              "at least"));
    return y->claim(s, link_hash, short_hash, pin_hash, key, token_hash, idle,
                    address, code, cap, err);
}

kring_status kring_youth_session(kring_store *s, const char *token_hash,
                                 int idle, int life, kring_phone_state *state,
                                 char *code, size_t cap, char *key_id,
                                 kring_error *err)
{
    const kr_youth_ops *y = youth_of(s, token_hash, err);

    *state = KRING_PHONE_GONE;
    if (cap > 0)
        code[0] = '\0';
    if (y != NULL && (idle < 60 || life < idle))
        return kr_error_set(err, KRING_ERR_INVALID, "%s",
                            _("a phone's session is unlocked for a minute "
                              "at least"));
    if (key_id != NULL)
        key_id[0] = '\0';
    return y ? y->session(s, token_hash, idle, life, state, code, cap, key_id,
                          err)
             : err->code;
}

kring_status kring_youth_pin_try(kring_store *s, const char *token_hash,
                                 char *hash, size_t cap, kring_error *err)
{
    const kr_youth_ops *y = youth_of(s, token_hash, err);

    if (cap > 0)
        hash[0] = '\0';
    return y ? y->pin_try(s, token_hash, hash, cap, err) : err->code;
}

kring_status kring_youth_pin_said(kring_store *s, const char *token_hash,
                                  bool right, int idle, const char *address,
                                  int *left, kring_error *err)
{
    const kr_youth_ops *y = youth_of(s, token_hash, err);

    *left = 0;
    return y ? y->pin_said(s, token_hash, right, idle, address, left, err)
             : err->code;
}

kring_status kring_youth_key_try(kring_store *s, const char *token_hash,
                                 kring_passkey *key, kring_error *err)
{
    const kr_youth_ops *y = youth_of(s, token_hash, err);

    memset(key, 0, sizeof *key);
    return y ? y->key_try(s, token_hash, key, err) : err->code;
}

kring_status kring_youth_key_said(kring_store *s, const char *token_hash,
                                  bool right, unsigned long long count,
                                  int idle, const char *address, int *left,
                                  kring_error *err)
{
    const kr_youth_ops *y = youth_of(s, token_hash, err);

    *left = 0;
    if (y != NULL && count > 0xffffffffu)
        return kr_error_set(err, KRING_ERR_INVALID, "%s",
                            _("not a passkey kring read"));
    return y ? y->key_said(s, token_hash, right, count, idle, address, left,
                           err)
             : err->code;
}

kring_status kring_youth_end(kring_store *s, const char *token_hash,
                             kring_error *err)
{
    const kr_youth_ops *y = youth_of(s, token_hash, err);

    return y ? y->end(s, token_hash, err) : err->code;
}

kring_status kring_youth_purge(kring_store *s, int life, kring_error *err)
{
    const kr_youth_ops *y = youth(s, err);

    if (y != NULL && life < 60)
        return kr_error_set(err, KRING_ERR_INVALID, "%s",
                            _("a phone's session is unlocked for a minute "
                              "at least"));
    return y ? y->purge(s, life, err) : KRING_ERR_INVALID;
}

kring_status kring_store_act_as_youth(kring_store *s, const char *token_hash,
                                      const char *address, kring_error *err)
{
    const kr_youth_ops *y = youth_of(s, token_hash, err);
    kring_status rc;

    if (y == NULL)
        return err->code;
    /* Nobody first, as kring_store_act_as(): a failure below leaves a
     * store that sees no case (the backend's act_as() sets nobody and
     * then the young person in one step). */
    s->user_id = 0;
    kr_free(s->role);
    kr_free(s->address);
    s->role = s->address = NULL;
    if ((rc = y->act_as(s, token_hash, err)))
        return rc;
    if ((rc = kring_store_set_user(s, "young person", err)) == KRING_OK &&
        (rc = kr_set_string(&s->role, "young_person", err)) == KRING_OK &&
        address != NULL)
        rc = kr_set_string(&s->address, address, err);
    if (rc != KRING_OK)
        kring_store_act_as(s, 0, NULL, NULL);
    return rc;
}

kring_status kring_youth_looked(kring_store *s, kring_look **out, size_t *n,
                                kring_error *err)
{
    const kr_youth_ops *y = youth(s, err);

    *out = NULL;
    *n = 0;
    return y ? y->looked(s, out, n, err) : KRING_ERR_INVALID;
}
