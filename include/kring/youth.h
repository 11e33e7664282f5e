/* The young person's own phone (docs/youth-phone.md): a professional
 * invites the young person to their map; the phone, once it opens the
 * invitation and sets a PIN, keeps a session of that one case. Kept in an
 * organisation's PostgreSQL database only: on a file (SQLite) each call
 * refuses with KRING_ERR_INVALID and says so. Links, short codes, PINs and
 * cookies never reach the store: only their SHA-256 (64 lowercase hex
 * digits) and the PIN's argon2id hash. */
#ifndef KRING_YOUTH_H
#define KRING_YOUTH_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "store.h"

/* Wrong PINs in a row before an invitation locks: the professional then
 * makes a new one. */
#define KRING_YOUTH_PIN_TRIES 5

/* An invitation to case CODE, as its professional sees it. Times UTC,
 * "YYYY-MM-DDTHH:MM:SSZ"; "" for never. */
typedef struct kring_invitation {
    long long id;
    char made[21];
    char open_by[21];     /* may be opened until then, once */
    char used[21];        /* opened on the phone */
    char last_opened[21]; /* the map last opened on the phone */
    char revoked[21];
    char locked[21]; /* the PIN was wrong KRING_YOUTH_PIN_TRIES times */
    bool passkey;    /* opened with a passkey, not a PIN */
} kring_invitation;

/* A new invitation to case CODE, made by the account S acts as (a
 * professional or team lead who sees the case), to be opened within
 * MINUTES (1 to 1440) by the link whose secret has hash LINK_HASH or by
 * the short code whose hash is SHORT_HASH. Invitations of the case made
 * before and not yet used are revoked. One line of the access log. */
kring_status kring_youth_invite(kring_store *s, const char *code,
                                const char *link_hash, const char *short_hash,
                                int minutes, kring_error *err);
/* Every invitation of case CODE revoked: the phones' sessions end at their
 * next request. One line of the access log. */
kring_status kring_youth_revoke(kring_store *s, const char *code,
                                kring_error *err);
/* The newest invitation of case CODE into *OUT; *FOUND false when there
 * is none. */
kring_status kring_youth_latest(kring_store *s, const char *code,
                                kring_invitation *out, bool *found,
                                kring_error *err);

/* A passkey (WebAuthn) as kept: its credential's id and COSE public key,
 * base64url without padding, and its signature counter. */
#define KRING_PASSKEY_ID_MAX 1368
#define KRING_PASSKEY_KEY_MAX 1400
typedef struct kring_passkey {
    char id[KRING_PASSKEY_ID_MAX];
    char key[KRING_PASSKEY_KEY_MAX];
    unsigned long long count;
} kring_passkey;

/* The invitation of link LINK_HASH (or, with LINK_HASH NULL, of short code
 * SHORT_HASH) opened on a phone: PIN_HASH (argon2id) its PIN from now on,
 * or (PIN_HASH NULL) KEY the passkey the phone unlocks with instead,
 * TOKEN_HASH the phone's session, unlocked for IDLE seconds; ADDRESS where
 * from (NULL: none). Its case's code into CODE (CAP bytes).
 * KRING_ERR_NOT_FOUND when there is no such invitation to open: never
 * made, used, revoked, locked, past its time, or its case closed. */
kring_status kring_youth_claim(kring_store *s, const char *link_hash,
                               const char *short_hash, const char *pin_hash,
                               const kring_passkey *key, const char *token_hash,
                               int idle, const char *address, char *code,
                               size_t cap, kring_error *err);

/* What a phone's session may do now. */
typedef enum kring_phone_state {
    KRING_PHONE_GONE, /* ended, revoked, locked, too old, case closed */
    KRING_PHONE_PIN,  /* unused for longer than its idle time: PIN first */
    KRING_PHONE_KEY,  /* the same, where it unlocks with its passkey */
    KRING_PHONE_OPEN  /* unlocked, for IDLE seconds more from now */
} kring_phone_state;

/* Session TOKEN_HASH's state into *STATE, and unless gone its case's
 * code into CODE (CAP bytes); when open, it is used now: it stays
 * unlocked for IDLE seconds more, and the invitation's last opening is
 * now. A session older than LIFE seconds is gone. When KRING_PHONE_KEY,
 * its passkey's id into KEY_ID (KRING_PASSKEY_ID_MAX bytes) unless NULL:
 * what the phone is asked to sign with. */
kring_status kring_youth_session(kring_store *s, const char *token_hash,
                                 int idle, int life, kring_phone_state *state,
                                 char *code, size_t cap, char *key_id,
                                 kring_error *err);
/* A PIN typed on session TOKEN_HASH: the try is counted, then the PIN's
 * hash is given into HASH (CAP bytes) to check it against.
 * KRING_ERR_NOT_FOUND when the session is gone or its invitation locked. */
kring_status kring_youth_pin_try(kring_store *s, const char *token_hash,
                                 char *hash, size_t cap, kring_error *err);
/* What the check of the PIN found (RIGHT): right, the session is unlocked
 * for IDLE seconds; wrong KRING_YOUTH_PIN_TRIES times in a row, the
 * invitation is locked and its sessions end (one line of the access log).
 * The tries left into *LEFT (0: locked). ADDRESS as for claim. */
kring_status kring_youth_pin_said(kring_store *s, const char *token_hash,
                                  bool right, int idle, const char *address,
                                  int *left, kring_error *err);
/* A passkey's answer on session TOKEN_HASH: the try is counted (as a
 * PIN's), then the passkey to check it against is given into *KEY.
 * KRING_ERR_NOT_FOUND when the session is gone, locked or has no
 * passkey. */
kring_status kring_youth_key_try(kring_store *s, const char *token_hash,
                                 kring_passkey *key, kring_error *err);
/* What the check of the passkey's answer found: as kring_youth_pin_said(),
 * and when RIGHT its counter COUNT is kept. */
kring_status kring_youth_key_said(kring_store *s, const char *token_hash,
                                  bool right, unsigned long long count,
                                  int idle, const char *address, int *left,
                                  kring_error *err);
/* The phones' sessions that ended (logged out, taken back, locked) or
 * began more than LIFE seconds ago, removed: kring server's upkeep. */
kring_status kring_youth_purge(kring_store *s, int life, kring_error *err);
/* "Log out on this phone": session TOKEN_HASH ends. */
kring_status kring_youth_end(kring_store *s, const char *token_hash,
                             kring_error *err);

/* From now on S acts as the young person of the open session TOKEN_HASH:
 * PostgreSQL's row-level security shows it their case only, without the
 * people who frighten them, and lets it change only their nomination and
 * suggestions; the access log names them "young person" (role
 * young_person) and ADDRESS. */
kring_status kring_store_act_as_youth(kring_store *s, const char *token_hash,
                                      const char *address, kring_error *err);

/* Who looked at the young person's case, for a store acting as them: by
 * role ("professional", "team_lead", "young_person", "" for the
 * organisation's own tools) and day, newest first. */
typedef struct kring_look {
    char role[24];
    char day[11]; /* YYYY-MM-DD, UTC */
    long times;
} kring_look;
kring_status kring_youth_looked(kring_store *s, kring_look **out, size_t *n,
                                kring_error *err);

#endif
