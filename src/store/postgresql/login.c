/* Logging in to kring server in PostgreSQL (include/kring/org.h):
 * enrolments, what a login is checked against, the failures and locks of
 * an account, TOTP steps taken once, and sessions (schema.c's credentials
 * and sessions). Only hashes are kept: of passwords (argon2id), of
 * enrolment codes and session tokens (SHA-256). */
#include <stdio.h>
#include <string.h>

#include "pg_internal.h"

kring_status kr_pg_lock_account(kring_store *s, const char *login,
                                long long *id, int *disabled, kring_error *err)
{
    PGresult *r = NULL;
    kr_params q = {0};
    kring_status rc;

    kr_param_text(&q, login);
    rc = kr_pg_run(s,
                   "SELECT id, disabled IS NOT NULL FROM users WHERE login = "
                   "$1 FOR UPDATE",
                   &q, &r, err);
    if (rc == KRING_OK && PQntuples(r) == 0)
        rc =
            kr_error_set(err, KRING_ERR_NOT_FOUND, _("no account '%s'"), login);
    if (rc == KRING_OK) {
        *id = kr_pg_int(r, 0, 0, 0);
        *disabled = strcmp(PQgetvalue(r, 0, 1), "t") == 0;
    }
    PQclear(r);
    return rc;
}

/* An enrolment that is not live. */
static kring_status spent(kring_error *err)
{
    return kr_error_set(err, KRING_ERR_NOT_FOUND, "%s",
                        _("this enrolment code is spent, past its time or "
                          "was never given: ask for a new one"));
}

kring_status kr_pg_enrolment(kring_store *s, const char *login,
                             const char *code_hash, int hours, kring_error *err)
{
    kring_status rc;
    long long id = 0;
    int disabled = 0;

    if ((rc = kr_pg_op_begin(s, err)))
        return rc;
    rc = kr_pg_lock_account(s, login, &id, &disabled, err);
    if (rc == KRING_OK && disabled)
        rc = kr_error_set(err, KRING_ERR_CONFLICT,
                          _("the account '%s' is disabled"), login);
    if (rc == KRING_OK) {
        kr_params u = {0};
        kr_param_int(&u, id);
        kr_param_text(&u, code_hash);
        kr_param_int(&u, hours);
        /* Whatever it had is void, and every session of it ends. */
        rc = kr_pg_run(s,
                       "INSERT INTO credentials (user_id, enrol_hash, "
                       "enrol_until, sessions_from) VALUES ($1, $2, now() + "
                       "$3 * interval '1 hour', now()) ON CONFLICT (user_id) "
                       "DO UPDATE SET password_hash = NULL, totp_secret = "
                       "NULL, totp_step = 0, enrol_hash = excluded.enrol_hash, "
                       "enrol_until = excluded.enrol_until, failures = 0, "
                       "locked_until = NULL, sessions_from = now()",
                       &u, NULL, err);
    }
    if (rc == KRING_OK) {
        kr_params d = {0};
        kr_param_int(&d, id);
        rc = kr_pg_run(s, "DELETE FROM sessions WHERE user_id = $1", &d, NULL,
                       err);
    }
    if (rc == KRING_OK)
        rc = kr_pg_org_line(s, "change", "enrolment started", 0, id, err);
    return kr_pg_op_end(s, rc, err);
}

#define LIVE_ENROLMENT                                                         \
    "c.enrol_hash = $1 AND c.enrol_until > now() AND u.id = c.user_id AND "    \
    "u.disabled IS NULL"

kring_status kr_pg_enrolment_find(kring_store *s, const char *code_hash,
                                  long long *user_id, char *login,
                                  kring_error *err)
{
    PGresult *r = NULL;
    kr_params q = {0};
    kring_status rc;

    kr_param_text(&q, code_hash);
    rc = kr_pg_run(s,
                   "SELECT u.id, u.login FROM credentials c, users u "
                   "WHERE " LIVE_ENROLMENT,
                   &q, &r, err);
    if (rc == KRING_OK && PQntuples(r) == 0)
        rc = spent(err);
    if (rc == KRING_OK) {
        *user_id = kr_pg_int(r, 0, 0, 0);
        snprintf(login, 65, "%s", PQgetvalue(r, 0, 1));
    }
    PQclear(r);
    return rc;
}

kring_status kr_pg_enrolment_finish(kring_store *s, const char *code_hash,
                                    const char *password_hash,
                                    const char *totp_secret, long long step,
                                    kring_error *err)
{
    PGresult *r = NULL;
    kr_params q = {0};
    kring_status rc;
    long long id = 0;

    if ((rc = kr_pg_op_begin(s, err)))
        return rc;
    kr_param_text(&q, code_hash);
    kr_param_text(&q, password_hash);
    kr_param_text(&q, totp_secret);
    kr_param_int(&q, step);
    rc = kr_pg_run(s,
                   "UPDATE credentials c SET password_hash = $2, totp_secret "
                   "= $3, totp_step = $4, enrol_hash = NULL, enrol_until = "
                   "NULL, failures = 0, locked_until = NULL FROM users u "
                   "WHERE " LIVE_ENROLMENT " RETURNING c.user_id",
                   &q, &r, err);
    if (rc == KRING_OK && PQntuples(r) == 0)
        rc = spent(err);
    if (rc == KRING_OK)
        id = kr_pg_int(r, 0, 0, 0);
    PQclear(r);
    if (rc == KRING_OK)
        rc = kr_pg_org_line(s, "change", "account enrolled", 0, id, err);
    return kr_pg_op_end(s, rc, err);
}

kring_status kr_pg_login_read(kring_store *s, const char *login, kring_login *l,
                              kring_error *err)
{
    PGresult *r = NULL;
    kr_params q = {0};
    kring_status rc;

    kr_param_text(&q, login);
    rc = kr_pg_run(s,
                   "SELECT u.id, u.role, c.password_hash, c.totp_secret, "
                   "coalesce(c.totp_step, 0), coalesce(ceil(extract(epoch "
                   "FROM greatest(c.locked_until - now(), interval '0')))"
                   "::bigint, 0) FROM users u JOIN credentials c ON "
                   "c.user_id = u.id WHERE u.login = $1 AND u.disabled IS "
                   "NULL FOR UPDATE OF c",
                   &q, &r, err);
    if (rc == KRING_OK && PQntuples(r) == 0)
        rc =
            kr_error_set(err, KRING_ERR_NOT_FOUND, _("no account '%s'"), login);
    if (rc == KRING_OK) {
        l->user_id = kr_pg_int(r, 0, 0, 0);
        if (kring_account_role_parse(PQgetvalue(r, 0, 1), &l->role) < 0)
            rc = kr_error_set(err, KRING_ERR_DB, "%s",
                              _("an account has a role kring does not know"));
        l->enrolled = !PQgetisnull(r, 0, 2);
        l->totp_step = kr_pg_int(r, 0, 4, 0);
        l->locked_for = kr_pg_int(r, 0, 5, 0);
        if (rc == KRING_OK && (kr_pg_dup(r, 0, 2, 0, &l->password_hash) ||
                               kr_pg_dup(r, 0, 3, 0, &l->totp_secret)))
            rc = kr_nomem(err);
    }
    PQclear(r);
    if (rc != KRING_OK)
        kring_login_release(l);
    return rc;
}

/* A failure counts; each KRING_LOCK_AFTER-th in a row locks the account,
 * the first time for KRING_LOCK_FIRST seconds, then twice as long as the
 * lock before, up to KRING_LOCK_MAX. */
#define STR_(x) #x
#define STR(x) STR_(x)
#define FAILED                                                                 \
    "UPDATE credentials SET failures = failures + 1, locked_until = CASE "     \
    "WHEN (failures + 1) % " STR(                                              \
        KRING_LOCK_AFTER) " = 0 THEN now() + "                                 \
                          "least(" STR(KRING_LOCK_MAX) ", " STR(               \
                              KRING_LOCK_FIRST) " * power(2, "                 \
                                                "(failures + 1) / " STR(       \
                                                    KRING_LOCK_AFTER) " - "    \
                                                                      "1)) * " \
                                                                      "interv" \
                                                                      "al '1 " \
                                                                      "second" \
                                                                      "' "     \
                                                                      "ELSE "  \
                                                                      "locked" \
                                                                      "_until" \
                                                                      " END "  \
                                                                      "WHERE " \
                                                                      "user_"  \
                                                                      "id = "  \
                                                                      "$1"

kring_status kr_pg_login_outcome(kring_store *s, long long user_id, bool ok,
                                 long long step, kring_error *err)
{
    kr_params q = {0};
    kring_status rc;
    long n = 0;

    kr_param_int(&q, user_id);
    if (!ok)
        return kr_pg_run(s, FAILED, &q, NULL, err);
    kr_param_int(&q, step);
    /* The code's step, once: a later try with it, or an earlier one, is a
     * replay. */
    rc = kr_pg_changed(s,
                       "UPDATE credentials SET failures = 0, locked_until = "
                       "NULL, totp_step = $2 WHERE user_id = $1 AND totp_step "
                       "< $2 AND (locked_until IS NULL OR locked_until <= "
                       "now())",
                       &q, &n, err);
    if (rc != KRING_OK || n == 1)
        return rc;
    q.n = 1;
    if ((rc = kr_pg_run(s, FAILED, &q, NULL, err)))
        return rc;
    return kr_error_set(err, KRING_ERR_CONFLICT, "%s",
                        _("this code was used already: wait for the next "
                          "one"));
}

kring_status kr_pg_session_begin(kring_store *s, long long user_id,
                                 const char *token_hash, const char *csrf,
                                 const char *address, kring_error *err)
{
    kr_params q = {0};

    kr_param_text(&q, token_hash);
    kr_param_int(&q, user_id);
    kr_param_text(&q, csrf);
    kr_param_text(&q, address);
    return kr_pg_run(s,
                     "INSERT INTO sessions (token_hash, user_id, csrf, "
                     "address) VALUES ($1, $2, $3, $4)",
                     &q, NULL, err);
}

/* A live session, its last use noted (at most every 15 seconds: a page
 * and its map are one use, not three writes). */
#define FIND_SESSION                                                           \
    "WITH s AS (SELECT s.token_hash, s.user_id, u.role, u.login, s.csrf FROM " \
    "sessions s JOIN users u ON u.id = s.user_id JOIN credentials c ON "       \
    "c.user_id = u.id WHERE s.token_hash = $1 AND u.disabled IS NULL AND "     \
    "s.seen > now() - $2 * interval '1 second' AND s.began > now() - $3 * "    \
    "interval '1 second' AND s.began >= c.sessions_from), t AS (UPDATE "       \
    "sessions x SET seen = now() FROM s WHERE x.token_hash = s.token_hash "    \
    "AND x.seen < now() - interval '15 seconds') SELECT user_id, role, "       \
    "login, csrf FROM s"

kring_status kr_pg_session_find(kring_store *s, const char *token_hash,
                                int idle, int absolute, kring_session *out,
                                kring_error *err)
{
    PGresult *r = NULL;
    kr_params q = {0};
    kring_status rc;

    kr_param_text(&q, token_hash);
    kr_param_int(&q, idle);
    kr_param_int(&q, absolute);
    if ((rc = kr_pg_run(s, FIND_SESSION, &q, &r, err)))
        return rc;
    if (PQntuples(r) == 1) {
        out->user_id = kr_pg_int(r, 0, 0, 0);
        if (kring_account_role_parse(PQgetvalue(r, 0, 1), &out->role) < 0)
            rc = kr_error_set(err, KRING_ERR_DB, "%s",
                              _("an account has a role kring does not know"));
        snprintf(out->login, sizeof out->login, "%s", PQgetvalue(r, 0, 2));
        snprintf(out->csrf, sizeof out->csrf, "%s", PQgetvalue(r, 0, 3));
        PQclear(r);
        return rc;
    }
    PQclear(r);
    /* Past its time, or ended: gone for good. */
    q.n = 1;
    kr_pg_run(s, "DELETE FROM sessions WHERE token_hash = $1", &q, NULL, NULL);
    return kr_error_set(err, KRING_ERR_NOT_FOUND, "%s", _("no session"));
}

kring_status kr_pg_session_end(kring_store *s, const char *token_hash,
                               bool everywhere, kring_error *err)
{
    kr_params q = {0};

    kr_param_text(&q, token_hash);
    if (!everywhere)
        return kr_pg_run(s, "DELETE FROM sessions WHERE token_hash = $1", &q,
                         NULL, err);
    /* One statement: the account's sessions from now on void, and gone. */
    return kr_pg_run(s,
                     "WITH u AS (SELECT user_id FROM sessions WHERE "
                     "token_hash = $1), c AS (UPDATE credentials SET "
                     "sessions_from = now() WHERE user_id IN (SELECT user_id "
                     "FROM u)) DELETE FROM sessions WHERE user_id IN (SELECT "
                     "user_id FROM u)",
                     &q, NULL, err);
}

kring_status kr_pg_session_purge(kring_store *s, int idle, int absolute,
                                 kring_error *err)
{
    kr_params q = {0};

    kr_param_int(&q, idle);
    kr_param_int(&q, absolute);
    return kr_pg_run(s,
                     "DELETE FROM sessions s USING credentials c WHERE "
                     "c.user_id = s.user_id AND (s.seen < now() - $1 * "
                     "interval '1 second' OR s.began < now() - $2 * interval "
                     "'1 second' OR s.began < c.sessions_from)",
                     &q, NULL, err);
}

kring_status kr_pg_oidc_account(kring_store *s, const char *subject,
                                const char *login, long long *user_id,
                                bool *bound, kring_error *err)
{
    PGresult *r = NULL;
    kr_params q = {0};
    kring_status rc;

    if ((rc = kr_pg_op_begin(s, err)))
        return rc;
    kr_param_text(&q, subject);
    kr_param_text(&q, login);
    rc = kr_pg_run(s, "SELECT user_id, bound FROM oidc_account($1, $2)", &q, &r,
                   err);
    if (rc == KRING_OK && (PQntuples(r) != 1 || PQgetisnull(r, 0, 0)))
        rc = kr_error_set(err, KRING_ERR_NOT_FOUND, "%s", _("no account"));
    if (rc == KRING_OK) {
        *user_id = kr_pg_int(r, 0, 0, 0);
        *bound = strcmp(PQgetvalue(r, 0, 1), "t") == 0;
    }
    PQclear(r);
    /* Its sessions need the row of credentials an enrolment would have
     * made (sessions_from); one with no password, nor TOTP. */
    if (rc == KRING_OK) {
        kr_params c = {0};
        kr_param_int(&c, *user_id);
        rc = kr_pg_run(s,
                       "INSERT INTO credentials (user_id) VALUES ($1) ON "
                       "CONFLICT (user_id) DO NOTHING",
                       &c, NULL, err);
    }
    if (rc == KRING_OK && *bound)
        rc = kr_pg_org_line(s, "change", "identity provider's subject bound", 0,
                            *user_id, err);
    return kr_pg_op_end(s, rc, err);
}

kring_status kr_pg_user_oidc(kring_store *s, const char *login,
                             const char *subject, kring_error *err)
{
    kr_params q = {0};
    kring_status rc;
    long long id = 0;
    long n = 0;
    int disabled = 0;

    if ((rc = kr_pg_op_begin(s, err)))
        return rc;
    rc = kr_pg_lock_account(s, login, &id, &disabled, err);
    if (rc == KRING_OK) {
        kr_param_int(&q, id);
        kr_param_text(&q, subject);
        rc = kr_pg_changed(s,
                           "SELECT 1 FROM users WHERE oidc_subject = $2 AND "
                           "id <> $1",
                           &q, &n, err);
        if (rc == KRING_OK && n > 0)
            rc = kr_error_set(err, KRING_ERR_EXISTS,
                              _("another account has the subject '%s'"),
                              subject ? subject : "");
    }
    /* Row-level security lets an admin, and the tables' owner, lock and
     * change an account: for anyone else there was none to lock. */
    if (rc == KRING_OK)
        rc = kr_pg_run(s, "UPDATE users SET oidc_subject = $2 WHERE id = $1",
                       &q, NULL, err);
    if (rc == KRING_OK)
        rc = kr_pg_org_line(s, "change",
                            subject ? "identity provider's subject set"
                                    : "identity provider's subject removed",
                            0, id, err);
    return kr_pg_op_end(s, rc, err);
}
