/* The organisation: teams, accounts and their roles, who a case is
 * assigned to, break-glass, and the access log's chain (docs/server.md).
 * They are kept in an organisation's PostgreSQL database only: on a file
 * (SQLite, one professional's kring) each call refuses with
 * KRING_ERR_INVALID and says so. Every change here is one line of the
 * access log, in the change's own transaction. */
#ifndef KRING_ORG_H
#define KRING_ORG_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "store.h"

/* What an account may do (docs/server.md "Roles"). */
typedef enum kring_account_role {
    KRING_ACCOUNT_PROFESSIONAL,    /* the cases of their teams, and their own */
    KRING_ACCOUNT_TEAM_LEAD,       /* as a professional, and assigns cases */
    KRING_ACCOUNT_PRIVACY_OFFICER, /* the access log, no case content */
    KRING_ACCOUNT_ADMIN,           /* accounts and teams, no case content */
    KRING_ACCOUNT_ROLES
} kring_account_role;

/* "professional", "team_lead", "privacy_officer", "admin"; NULL out of
 * range. */
const char *kring_account_role_name(kring_account_role r);
/* The role named TEXT into *R; -1 when it names none. */
int kring_account_role_parse(const char *text, kring_account_role *r);

/* A team, with how many accounts and cases it has. */
typedef struct kring_team {
    long long id;
    char *name;
    char created[21]; /* UTC, "YYYY-MM-DDTHH:MM:SSZ" */
    long members;
    long cases;
} kring_team;

/* An account. */
typedef struct kring_user {
    long long id;
    char *login;
    char *name;
    kring_account_role role;
    char *teams;       /* the teams' names, ", " between them; "" none */
    char created[21];  /* UTC */
    char disabled[21]; /* UTC, "" while it is not */
} kring_user;

/* A team named NAME (1 to 100 characters, no control character, not
 * taken: KRING_ERR_EXISTS); its number into *ID unless NULL. */
kring_status kring_team_add(kring_store *s, const char *name, long long *id,
                            kring_error *err);
/* Every team, by name. Free with kring_team_free(). */
kring_status kring_team_list(kring_store *s, kring_team **out, size_t *n,
                             kring_error *err);
void kring_team_free(kring_team *list, size_t n);

/* An account LOGIN (a lowercase letter or digit, then up to 63 of
 * letters, digits, '.', '_', '-'), named NAME, with ROLE, a member of the
 * N teams TEAMS (each must exist; a team lead needs one at least). Its
 * number into *ID unless NULL. It cannot log in until its holder sets a
 * password and second factor (docs/server.md). */
kring_status kring_user_add(kring_store *s, const char *login, const char *name,
                            kring_account_role role, const char *const *teams,
                            size_t n, long long *id, kring_error *err);
/* Every account, by login. Free with kring_user_free(). */
kring_status kring_user_list(kring_store *s, kring_user **out, size_t *n,
                             kring_error *err);
void kring_user_free(kring_user *list, size_t n);
/* Disables account LOGIN for good: it logs in no more and sees no case;
 * its lines in the access log stay. KRING_ERR_NOT_FOUND without it,
 * KRING_ERR_CONFLICT when it is disabled already. */
kring_status kring_user_disable(kring_store *s, const char *login,
                                kring_error *err);
/* The teams of account LOGIN are the N TEAMS from now on (each must
 * exist): a team lead keeps one at least, a privacy officer or admin is
 * in none. One line of the access log. The cases it sees change with
 * them at once. */
kring_status kring_user_teams(kring_store *s, const char *login,
                              const char *const *teams, size_t n,
                              kring_error *err);

/* Assigns case CODE to team TEAM and professional RESPONSIBLE (a login);
 * NULL leaves either as it is, "" takes it away. The responsible must be a
 * professional or team lead who is not disabled. Acting as a user
 * (kring_store_act_as()), only a team lead of the case's team may, and
 * only to a team of their own. One line of the access log (kind
 * "assign"). */
kring_status kring_case_assign(kring_store *s, const char *code,
                               const char *team, const char *responsible,
                               kring_error *err);

/* Break-glass: the account S acts as (a professional or team lead) opens
 * case CODE, which is not theirs, for MINUTES (1 to 1440), giving REASON
 * (10 to 2000 bytes, said in their own words): the case is theirs to see
 * and change until then. One line of the access log (kind "break_glass"),
 * which the privacy officer sees. KRING_ERR_NOT_FOUND when there is no
 * such case; KRING_ERR_INVALID when S acts as nobody, or as an account of
 * another role, or the reason is too short. */
kring_status kring_case_break_glass(kring_store *s, const char *code,
                                    const char *reason, int minutes,
                                    kring_error *err);

/* An opening by break-glass, as the privacy officer reads it. */
typedef struct kring_glass {
    char *login;
    long long case_key; /* the case's number, as the access log names it */
    char *reason;
    char opened[21], until[21]; /* UTC */
} kring_glass;

/* Every opening by break-glass, newest first: for a store acting as a
 * privacy officer, or the tables' owner's; none for anyone else. Free
 * with kring_glass_free(). */
kring_status kring_break_glass_list(kring_store *s, kring_glass **out,
                                    size_t *n, kring_error *err);
void kring_glass_free(kring_glass *list, size_t n);

/* From now on S acts as account USER_ID (0: nobody): PostgreSQL's
 * row-level security lets it see and change only the cases that account
 * may (kring.user, docs/server.md), and the access log names the account,
 * its role and ADDRESS (where the request came from; NULL: none).
 * KRING_ERR_NOT_FOUND when there is no such account that is not
 * disabled. */
kring_status kring_store_act_as(kring_store *s, long long user_id,
                                const char *address, kring_error *err);

/* What kring_audit_verify() found. */
typedef struct kring_audit_verdict {
    long long lines;    /* in the chain */
    long long sealed;   /* of them sealed by this call */
    long long unsealed; /* lines of transactions still open: not yet */
    /* The first line (its number in the chain) whose hash, predecessor or
     * number is not what it must be; 0 when the chain is unbroken. */
    long long broken_at;
    char head[65]; /* the last line's hash, in hex ("" for none) */
} kring_audit_verdict;

/* Seals the lines not yet in the chain, then recomputes every line's hash
 * (SHA-256 of the hash before it and the line) with kring's own formula,
 * not the database's, and checks the numbers run 1, 2, 3, ... */
kring_status kring_audit_verify(kring_store *s, kring_audit_verdict *v,
                                kring_error *err);

/* Seals the access log's lines that wait for the chain (a store seals
 * its own as it closes; kring server, whose stores stay open, every few
 * seconds); how many into *N unless NULL. */
kring_status kring_audit_seal(kring_store *s, long long *n, kring_error *err);

/* Gives the database role ROLE what kring server needs, and nothing more:
 * to read and change cases under row-level security, to add to the access
 * log. Run as the owner of kring's tables. */
kring_status kring_store_grant(kring_store *s, const char *role,
                               kring_error *err);

/* Whom case CODE is for, as kring's own check of need to know reads it
 * (kring server checks it before PostgreSQL's row-level security does):
 * its team and responsible (0: none), and whether the account S acts as
 * opened it by break-glass that is still open. KRING_ERR_NOT_FOUND when
 * there is no such case. */
kring_status kring_case_holder(kring_store *s, const char *code,
                               long long *team, long long *responsible,
                               bool *glass, kring_error *err);
/* The names of team TEAM and account USER (as kring_case_holder() gives
 * them) into TEAM_NAME and USER_NAME, each of CAP bytes; "" for 0 or
 * none. */
kring_status kring_holder_names(kring_store *s, long long team, long long user,
                                char *team_name, char *user_name, size_t cap,
                                kring_error *err);
/* A refused look at case CODE (kring server's own check said no): one
 * line of the access log, the case by its number (none when there is no
 * such case), outcome "refused". */
kring_status kring_audit_refused(kring_store *s, const char *code,
                                 kring_error *err);
/* The teams of account USER_ID, at most CAP of them into TEAMS, how many
 * into *N. */
kring_status kring_account_teams(kring_store *s, long long user_id,
                                 long long *teams, size_t cap, size_t *n,
                                 kring_error *err);

/* Whether S is connected as a role kring server may run as: one that does
 * not own kring's tables, is no superuser and does not pass row-level
 * security (else PostgreSQL's check of need to know would not bind it).
 * KRING_ERR_INVALID with the reason. */
kring_status kring_store_server_role(kring_store *s, kring_error *err);

/* --- logging in to kring server (docs/server.md "Logging in") ---------- */

/* Starts account LOGIN's enrolment anew: CODE_HASH, the SHA-256 (hex) of a
 * one-time code its holder is given, is valid for HOURS (1 to 168); the
 * password and second factor it had are void and all its sessions end.
 * KRING_ERR_NOT_FOUND without the account, KRING_ERR_CONFLICT when it is
 * disabled. One line in the access log. */
kring_status kring_user_enrolment(kring_store *s, const char *login,
                                  const char *code_hash, int hours,
                                  kring_error *err);
/* The account whose live enrolment CODE_HASH is: its number, and its
 * login into LOGIN (65 bytes). KRING_ERR_NOT_FOUND when there is none
 * (spent, past its time, or never given). */
kring_status kring_enrolment_find(kring_store *s, const char *code_hash,
                                  long long *user_id, char *login,
                                  kring_error *err);
/* Spends enrolment CODE_HASH: the account's password is PASSWORD_HASH
 * (argon2id), its TOTP secret TOTP_SECRET, whose code of STEP confirmed
 * it. KRING_ERR_NOT_FOUND when it is not live (spent meanwhile). */
kring_status kring_enrolment_finish(kring_store *s, const char *code_hash,
                                    const char *password_hash,
                                    const char *totp_secret, long long step,
                                    kring_error *err);

/* What a login is checked against. */
typedef struct kring_login {
    long long user_id;
    kring_account_role role;
    int enrolled;         /* a password and second factor are set */
    char *password_hash;  /* NULL unless ENROLLED */
    char *totp_secret;    /* NULL unless ENROLLED */
    long long totp_step;  /* the last step whose code was taken */
    long long locked_for; /* seconds the account stays locked; 0: not */
} kring_login;

/* Failures in a row that lock an account, and for how long the first
 * lock lasts (seconds): each lock after it twice as long as the one
 * before, up to KRING_LOCK_MAX (docs/server.md). */
#define KRING_LOCK_AFTER 5
#define KRING_LOCK_FIRST 60
#define KRING_LOCK_MAX (15 * 60)

/* Account LOGIN as a login is checked against; inside kring_store_begin()
 * its row stays locked until the commit, so that tries at once are
 * checked one after the other. KRING_ERR_NOT_FOUND when there is no such
 * account, it is disabled or its enrolment never began. Release with
 * kring_login_release(). */
kring_status kring_login_read(kring_store *s, const char *login, kring_login *l,
                              kring_error *err);
void kring_login_release(kring_login *l);
/* A try of account USER_ID: OK with the TOTP code of STEP, which is taken
 * only once (KRING_ERR_CONFLICT when a code of it or a later step was
 * taken: a replay; the try counts as failed), clears its failures; a
 * failure counts, and each KRING_LOCK_AFTER-th in a row locks it. */
kring_status kring_login_outcome(kring_store *s, long long user_id, bool ok,
                                 long long step, kring_error *err);

/* --- logging in through the organisation's identity provider ---------- */

/* The account that logs in as SUBJECT (the identity provider's "sub",
 * 1 to 255 characters): the one bound to it; else, the first time, the
 * enabled account whose login is LOGIN (the claim the configuration
 * names; NULL or "": none) and that is bound to no subject, which is
 * bound to SUBJECT from now on (*BOUND true, one line in the access log).
 * Its number into *USER_ID. KRING_ERR_NOT_FOUND when there is no such
 * account, it is disabled, or LOGIN's account is bound to another
 * subject: one answer for each, so that a refusal tells nothing apart.
 * The account may log in with no password or TOTP of kring's: the
 * identity provider asks for its second factor (docs/server.md). */
kring_status kring_oidc_account(kring_store *s, const char *subject,
                                const char *login, long long *user_id,
                                bool *bound, kring_error *err);
/* Binds account LOGIN to SUBJECT at the identity provider, or with NULL
 * unbinds it (its next login through the provider binds it again by its
 * login claim). KRING_ERR_NOT_FOUND without the account,
 * KRING_ERR_EXISTS when another account has SUBJECT. One line in the
 * access log. For the tables' owner or an admin. */
kring_status kring_user_oidc(kring_store *s, const char *login,
                             const char *subject, kring_error *err);

/* A session of kring server. */
typedef struct kring_session {
    long long user_id;
    kring_account_role role;
    char login[65];
    char csrf[129];
} kring_session;

/* Begins a session of USER_ID: TOKEN_HASH the SHA-256 (hex) of its
 * cookie's token, CSRF its forms' token, ADDRESS where it began. */
kring_status kring_session_begin(kring_store *s, long long user_id,
                                 const char *token_hash, const char *csrf,
                                 const char *address, kring_error *err);
/* The live session TOKEN_HASH into *OUT, its last use now: one used
 * within IDLE seconds, begun within ABSOLUTE seconds, after its account's
 * last "log out everywhere", of an account not disabled.
 * KRING_ERR_NOT_FOUND otherwise (and a session past its time is ended). */
kring_status kring_session_find(kring_store *s, const char *token_hash,
                                int idle, int absolute, kring_session *out,
                                kring_error *err);
/* Removes every session past its time (IDLE, ABSOLUTE seconds, or ended
 * everywhere): none is kept with its address longer than it lives. */
kring_status kring_session_purge(kring_store *s, int idle, int absolute,
                                 kring_error *err);
/* Ends session TOKEN_HASH; with EVERYWHERE, every session of its account
 * (log out everywhere). */
kring_status kring_session_end(kring_store *s, const char *token_hash,
                               bool everywhere, kring_error *err);

/* Closes case CODE on DAY (YYYY-MM-DD), from which the time it is kept
 * counts (docs/privacy.md), or with DAY NULL opens it again; a line of
 * the access log. A closed case is read and changed as before. */
kring_status kring_case_close(kring_store *s, const char *code, const char *day,
                              kring_error *err);

/* A closed case, as kring retention lists it. */
typedef struct kring_closed {
    char *code;
    long long key;   /* its number in the access log */
    char closed[11]; /* YYYY-MM-DD */
} kring_closed;

/* Every case closed on or before DAY (YYYY-MM-DD), oldest first; one
 * "cases listed" line of the access log. Free with kring_closed_free(). */
kring_status kring_closed_list(kring_store *s, const char *day,
                               kring_closed **out, size_t *n, kring_error *err);
void kring_closed_free(kring_closed *list, size_t n);

#endif
