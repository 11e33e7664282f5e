/* The young person's phone in PostgreSQL (include/kring/youth.h): the
 * professional's side through row-level security (an invitation is its
 * case's), the phone's through schema_youth.c's SECURITY DEFINER
 * functions, each one statement. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pg_internal.h"

#define UTC(col)                                                               \
    "coalesce(to_char(" col " AT TIME ZONE 'UTC', "                            \
    "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), '')"

/* Case CODE locked (a case the account does not see is no case), its
 * number into *KEY, and its invitations revoked: every one, or with
 * UNUSED those not opened yet. */
static kring_status revoke_in(kring_store *s, const char *code, bool unused,
                              long long *key, kring_error *err)
{
    kr_params q = {0};
    kring_status rc = kr_pg_lock_case(s, code, key, err);

    kr_param_text(&q, code);
    kr_param_bool(&q, unused);
    if (rc == KRING_OK)
        rc = kr_pg_run(s,
                       "UPDATE youth_invitations SET revoked = now() WHERE "
                       "case_code = $1 AND revoked IS NULL AND (used IS NULL "
                       "OR NOT $2)",
                       &q, NULL, err);
    return rc;
}

static kring_status invite(kring_store *s, const char *code,
                           const char *link_hash, const char *short_hash,
                           int minutes, kring_error *err)
{
    PGresult *r = NULL;
    kr_params q = {0};
    long long key = 0, id = 0;
    kring_status rc;

    if ((rc = kr_pg_op_begin(s, err)))
        return rc;
    rc = revoke_in(s, code, true, &key, err);
    kr_param_text(&q, code);
    kr_param_text(&q, link_hash);
    kr_param_text(&q, short_hash);
    kr_param_int(&q, minutes);
    if (rc == KRING_OK)
        rc = kr_pg_run(s,
                       "INSERT INTO youth_invitations (case_code, link_hash, "
                       "short_hash, made_by, open_by) VALUES ($1, $2, $3, "
                       "acting_user(), now() + $4 * interval '1 minute') "
                       "RETURNING id",
                       &q, &r, err);
    if (rc == KRING_OK)
        id = kr_pg_int(r, 0, 0, 0);
    PQclear(r);
    if (rc == KRING_OK)
        rc = kr_pg_org_line(s, "change", "invitation to the phone made", key,
                            id, err);
    return kr_pg_op_end(s, rc, err);
}

static kring_status revoke(kring_store *s, const char *code, kring_error *err)
{
    long long key = 0;
    kring_status rc;

    if ((rc = kr_pg_op_begin(s, err)))
        return rc;
    rc = revoke_in(s, code, false, &key, err);
    if (rc == KRING_OK)
        rc = kr_pg_org_line(s, "change", "invitations to the phone revoked",
                            key, 0, err);
    return kr_pg_op_end(s, rc, err);
}

static kring_status latest(kring_store *s, const char *code,
                           kring_invitation *out, bool *found, kring_error *err)
{
    char *at[] = {out->made,        out->open_by, out->used,
                  out->last_opened, out->revoked, out->locked};
    PGresult *r = NULL;
    kr_params q = {0};
    kring_status rc;
    int i;

    kr_param_text(&q, code);
    rc = kr_pg_run(
        s,
        "SELECT id, " UTC("made") ", " UTC("open_by") ", " UTC("used") ", " UTC(
            "last_opened") ", " UTC("revoked") ", " UTC("locked") ", "
                                                                  "passkey_id "
                                                                  "IS NOT NULL "
                                                                  "FROM "
                                                                  "youth_"
                                                                  "invitations "
                                                                  "WHERE "
                                                                  "case_code = "
                                                                  "$1 "
                                                                  "ORDER BY id "
                                                                  "DESC LIMIT "
                                                                  "1",
        &q, &r, err);
    if (rc == KRING_OK && PQntuples(r) == 1) {
        *found = true;
        out->id = kr_pg_int(r, 0, 0, 0);
        for (i = 0; i < 6; i++)
            snprintf(at[i], 21, "%s", PQgetvalue(r, 0, i + 1));
        out->passkey = PQgetvalue(r, 0, 7)[0] == 't';
    }
    PQclear(r);
    return rc;
}

static kring_status claim(kring_store *s, const char *link_hash,
                          const char *short_hash, const char *pin_hash,
                          const kring_passkey *key, const char *token_hash,
                          int idle, const char *address, char *code, size_t cap,
                          kring_error *err)
{
    PGresult *r = NULL;
    kr_params q = {0};
    kring_status rc;

    kr_param_text(&q, link_hash);
    kr_param_text(&q, short_hash);
    kr_param_text(&q, pin_hash);
    kr_param_text(&q, key != NULL ? key->id : NULL);
    kr_param_text(&q, key != NULL ? key->key : NULL);
    kr_param_int(&q, key != NULL ? (long long)key->count : 0);
    kr_param_text(&q, token_hash);
    kr_param_int(&q, idle);
    kr_param_text(&q, address);
    rc = kr_pg_run(s,
                   "SELECT youth_claim($1, $2, $3, $4, $5, $6::bigint, $7, $8, "
                   "$9)",
                   &q, &r, err);
    if (rc == KRING_OK && (PQntuples(r) != 1 || PQgetisnull(r, 0, 0)))
        rc = kr_error_set(err, KRING_ERR_NOT_FOUND, "%s",
                          _("no invitation to open"));
    else if (rc == KRING_OK)
        snprintf(code, cap, "%s", PQgetvalue(r, 0, 0));
    PQclear(r);
    return rc;
}

static kring_status session(kring_store *s, const char *token_hash, int idle,
                            int life, kring_phone_state *state, char *code,
                            size_t cap, char *key_id, kring_error *err)
{
    PGresult *r = NULL;
    kr_params q = {0};
    kring_status rc;

    kr_param_text(&q, token_hash);
    kr_param_int(&q, idle);
    kr_param_int(&q, life);
    rc = kr_pg_run(s, "SELECT youth_session($1, $2, $3)", &q, &r, err);
    if (rc == KRING_OK) {
        /* "open CODE", "pin CODE", "key ID CODE" or "gone". */
        const char *v = PQgetvalue(r, 0, 0);
        size_t n;
        *state = strncmp(v, "open ", 5) == 0  ? KRING_PHONE_OPEN
                 : strncmp(v, "pin ", 4) == 0 ? KRING_PHONE_PIN
                 : strncmp(v, "key ", 4) == 0 ? KRING_PHONE_KEY
                                              : KRING_PHONE_GONE;
        if (*state == KRING_PHONE_KEY) {
            /* The id is base64url (the schema checks): no space in it. */
            v += 4;
            n = strcspn(v, " ");
            if (key_id != NULL)
                snprintf(key_id, KRING_PASSKEY_ID_MAX, "%.*s", (int)n, v);
            v += n;
        }
        if (*state != KRING_PHONE_GONE && strchr(v, ' ') != NULL)
            snprintf(code, cap, "%s", strchr(v, ' ') + 1);
        else
            *state = KRING_PHONE_GONE;
    }
    PQclear(r);
    return rc;
}

static kring_status pin_try(kring_store *s, const char *token_hash, char *hash,
                            size_t cap, kring_error *err)
{
    PGresult *r = NULL;
    kr_params q = {0};
    kring_status rc;

    kr_param_text(&q, token_hash);
    kr_param_int(&q, KRING_YOUTH_PIN_TRIES);
    rc = kr_pg_run(s, "SELECT youth_pin_try($1, $2)", &q, &r, err);
    if (rc == KRING_OK && (PQntuples(r) != 1 || PQgetisnull(r, 0, 0)))
        rc = kr_error_set(err, KRING_ERR_NOT_FOUND, "%s",
                          _("this phone's session has ended"));
    else if (rc == KRING_OK && strlen(PQgetvalue(r, 0, 0)) >= cap)
        rc = kr_error_set(err, KRING_ERR_DB, "%s",
                          _("a PIN's hash is too long"));
    else if (rc == KRING_OK)
        snprintf(hash, cap, "%s", PQgetvalue(r, 0, 0));
    PQclear(r);
    return rc;
}

static kring_status pin_said(kring_store *s, const char *token_hash, bool right,
                             int idle, const char *address, int *left,
                             kring_error *err)
{
    PGresult *r = NULL;
    kr_params q = {0};
    kring_status rc;

    kr_param_text(&q, token_hash);
    kr_param_bool(&q, right);
    kr_param_int(&q, KRING_YOUTH_PIN_TRIES);
    kr_param_int(&q, idle);
    kr_param_text(&q, address);
    rc = kr_pg_run(s, "SELECT youth_pin_said($1, $2, $3, $4, $5)", &q, &r, err);
    if (rc == KRING_OK)
        *left = (int)kr_pg_int(r, 0, 0, 0);
    PQclear(r);
    return rc;
}

static kring_status key_try(kring_store *s, const char *token_hash,
                            kring_passkey *key, kring_error *err)
{
    PGresult *r = NULL;
    kr_params q = {0};
    kring_status rc;
    int n = 0;

    kr_param_text(&q, token_hash);
    kr_param_int(&q, KRING_YOUTH_PIN_TRIES);
    rc = kr_pg_run(s, "SELECT youth_key_try($1, $2)", &q, &r, err);
    if (rc == KRING_OK && (PQntuples(r) != 1 || PQgetisnull(r, 0, 0)))
        rc = kr_error_set(err, KRING_ERR_NOT_FOUND, "%s",
                          _("this phone's session has ended"));
    /* "ID KEY COUNT": base64url and a number, as the schema checks. */
    else if (rc == KRING_OK &&
             (sscanf(PQgetvalue(r, 0, 0), "%1367s %1399s %llu%n", key->id,
                     key->key, &key->count, &n) != 3 ||
              PQgetvalue(r, 0, 0)[n] != '\0'))
        rc = kr_error_set(err, KRING_ERR_DB, "%s",
                          _("a passkey in the database cannot be read"));
    PQclear(r);
    return rc;
}

static kring_status key_said(kring_store *s, const char *token_hash, bool right,
                             unsigned long long count, int idle,
                             const char *address, int *left, kring_error *err)
{
    PGresult *r = NULL;
    kr_params q = {0};
    kring_status rc;

    kr_param_text(&q, token_hash);
    kr_param_bool(&q, right);
    kr_param_int(&q, (long long)count);
    kr_param_int(&q, KRING_YOUTH_PIN_TRIES);
    kr_param_int(&q, idle);
    kr_param_text(&q, address);
    rc = kr_pg_run(s, "SELECT youth_key_said($1, $2, $3::bigint, $4, $5, $6)",
                   &q, &r, err);
    if (rc == KRING_OK)
        *left = (int)kr_pg_int(r, 0, 0, 0);
    PQclear(r);
    return rc;
}

static kring_status end(kring_store *s, const char *token_hash,
                        kring_error *err)
{
    kr_params q = {0};

    kr_param_text(&q, token_hash);
    return kr_pg_run(s, "SELECT youth_session_end($1)", &q, NULL, err);
}

static kring_status purge(kring_store *s, int life, kring_error *err)
{
    kr_params q = {0};

    kr_param_int(&q, life);
    return kr_pg_run(s, "SELECT youth_purge($1)", &q, NULL, err);
}

static kring_status act_as(kring_store *s, const char *token_hash,
                           kring_error *err)
{
    PGresult *r = NULL;
    kr_params q = {0};
    kring_status rc;

    kr_param_text(&q, token_hash);
    /* Nobody, then the young person, then asked: the session must be
     * open now (else it acts as nobody). One round trip. */
    rc = kr_pg_run(s, "SELECT youth_act($1)", &q, &r, err);
    if (rc == KRING_OK && PQgetisnull(r, 0, 0))
        rc = kr_error_set(err, KRING_ERR_NOT_FOUND, "%s",
                          _("this phone's session has ended"));
    PQclear(r);
    return rc;
}

static kring_status looked(kring_store *s, kring_look **out, size_t *n,
                           kring_error *err)
{
    PGresult *r = NULL;
    kring_status rc;
    int i, rows;

    rc = kr_pg_run(s, "SELECT role, day, times FROM youth_looked()", NULL, &r,
                   err);
    rows = rc == KRING_OK ? PQntuples(r) : 0;
    if (rc == KRING_OK && rows > 0 &&
        (*out = calloc((size_t)rows, sizeof **out)) == NULL)
        rc = kr_nomem(err);
    for (i = 0; rc == KRING_OK && i < rows; i++) {
        snprintf((*out)[i].role, sizeof(*out)[i].role, "%s",
                 PQgetvalue(r, i, 0));
        snprintf((*out)[i].day, sizeof(*out)[i].day, "%s", PQgetvalue(r, i, 1));
        (*out)[i].times = (long)kr_pg_int(r, i, 2, 0);
    }
    if (rc == KRING_OK)
        *n = (size_t)rows;
    PQclear(r);
    return rc;
}

const kr_youth_ops kr_pg_youth = {
    .invite = invite,
    .revoke = revoke,
    .latest = latest,
    .claim = claim,
    .session = session,
    .pin_try = pin_try,
    .pin_said = pin_said,
    .key_try = key_try,
    .key_said = key_said,
    .end = end,
    .purge = purge,
    .act_as = act_as,
    .looked = looked,
};
