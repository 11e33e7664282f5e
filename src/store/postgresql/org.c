/* The organisation in PostgreSQL (include/kring/org.h): teams, accounts,
 * a case's assignment, the account acted as, the access log's chain and
 * the rights of kring server's role. The rules themselves are the
 * schema's (schema.c, version 8 on): row-level security and case_assign();
 * kring's own checks come before them (src/web/), so that a mistake in
 * one does not open a case. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pg_internal.h"

/* Every change here: a transaction of its own, or a savepoint in one. */
#define ORG_BEGIN(s, err)                                                      \
    do {                                                                       \
        kring_status b_ = kr_pg_op_begin(s, err);                              \
        if (b_ != KRING_OK)                                                    \
            return b_;                                                         \
    } while (0)

static kring_status team_add(kring_store *s, const char *name, long long *id,
                             kring_error *err)
{
    PGresult *r = NULL;
    kr_params q = {0};
    kring_status rc;
    long long key = 0;

    ORG_BEGIN(s, err);
    kr_param_text(&q, name);
    rc = kr_pg_run(s, "INSERT INTO teams (name) VALUES ($1) RETURNING id", &q,
                   &r, err);
    if (rc != KRING_OK && kr_pg_taken(s))
        rc = kr_error_set(err, KRING_ERR_EXISTS,
                          _("a team '%s' exists already"), name);
    if (rc == KRING_OK) {
        key = kr_pg_int(r, 0, 0, 0);
        rc = kr_pg_org_line(s, "change", "team added", 0, key, err);
    }
    PQclear(r);
    if ((rc = kr_pg_op_end(s, rc, err)) == KRING_OK && id != NULL)
        *id = key;
    return rc;
}

static kring_status team_list(kring_store *s, kring_team **out, size_t *n,
                              kring_error *err)
{
    PGresult *r = NULL;
    kring_team *list;
    kring_status rc;
    int i, rows;

    rc = kr_pg_run(s,
                   "SELECT t.id, t.name, t.created, (SELECT count(*) FROM "
                   "members m JOIN users u ON u.id = m.user_id WHERE "
                   "m.team_id = t.id AND u.disabled IS NULL), (SELECT "
                   "count(*) FROM cases c WHERE c.team_id = t.id) FROM teams "
                   "t ORDER BY t.name COLLATE \"C\"",
                   NULL, &r, err);
    if (rc != KRING_OK)
        return rc;
    rows = PQntuples(r);
    if ((list = kr_calloc((size_t)rows + 1, sizeof *list)) == NULL) {
        PQclear(r);
        return kr_nomem(err);
    }
    for (i = 0; i < rows; i++) {
        list[i].id = kr_pg_int(r, i, 0, 0);
        snprintf(list[i].created, sizeof list[i].created, "%s",
                 PQgetvalue(r, i, 2));
        list[i].members = (long)kr_pg_int(r, i, 3, 0);
        list[i].cases = (long)kr_pg_int(r, i, 4, 0);
        if (kr_pg_dup(r, i, 1, 1, &list[i].name)) {
            kring_team_free(list, (size_t)i + 1);
            PQclear(r);
            return kr_nomem(err);
        }
    }
    PQclear(r);
    *out = list;
    *n = (size_t)rows;
    return KRING_OK;
}

/* Account KEY made a member of the N teams TEAMS, each of which must
 * exist. */
static kring_status add_members(kring_store *s, long long key,
                                const char *const *teams, size_t n,
                                kring_error *err)
{
    kring_status rc = KRING_OK;
    PGresult *r = NULL;
    size_t i;

    for (i = 0; rc == KRING_OK && i < n; i++) {
        long added = 0;
        kr_params m = {0};
        kr_param_int(&m, key);
        kr_param_text(&m, teams[i]);
        rc = kr_pg_changed(s,
                           "INSERT INTO members (user_id, team_id) SELECT $1, "
                           "id FROM teams WHERE name = $2 ON CONFLICT DO "
                           "NOTHING",
                           &m, &added, err);
        if (rc == KRING_OK && added == 0) {
            kr_params t = {0};
            kr_param_text(&t, teams[i]);
            rc = kr_pg_run(s, "SELECT 1 FROM teams WHERE name = $1", &t, &r,
                           err);
            if (rc == KRING_OK && PQntuples(r) == 0)
                rc = kr_error_set(err, KRING_ERR_NOT_FOUND, _("no team '%s'"),
                                  teams[i]);
            PQclear(r);
        }
    }
    return rc;
}

static kring_status user_add(kring_store *s, const char *login,
                             const char *name, kring_account_role role,
                             const char *const *teams, size_t n, long long *id,
                             kring_error *err)
{
    PGresult *r = NULL;
    kr_params q = {0};
    kring_status rc;
    long long key = 0;

    ORG_BEGIN(s, err);
    kr_param_text(&q, login);
    kr_param_text(&q, name);
    kr_param_text(&q, kring_account_role_name(role));
    rc = kr_pg_run(s,
                   "INSERT INTO users (login, name, role) VALUES ($1, $2, $3) "
                   "RETURNING id",
                   &q, &r, err);
    if (rc != KRING_OK && kr_pg_taken(s))
        rc = kr_error_set(err, KRING_ERR_EXISTS,
                          _("an account '%s' exists already"), login);
    if (rc == KRING_OK)
        key = kr_pg_int(r, 0, 0, 0);
    PQclear(r);
    if (rc == KRING_OK)
        rc = add_members(s, key, teams, n, err);
    if (rc == KRING_OK)
        rc = kr_pg_org_line(s, "change", "account added", 0, key, err);
    if ((rc = kr_pg_op_end(s, rc, err)) == KRING_OK && id != NULL)
        *id = key;
    return rc;
}

static kring_status user_list(kring_store *s, kring_user **out, size_t *n,
                              kring_error *err)
{
    PGresult *r = NULL;
    kring_user *list;
    kring_status rc;
    int i, rows;

    rc = kr_pg_run(s,
                   "SELECT u.id, u.login, u.name, u.role, coalesce((SELECT "
                   "string_agg(t.name, ', ' ORDER BY t.name COLLATE \"C\") "
                   "FROM members m JOIN teams t ON t.id = m.team_id WHERE "
                   "m.user_id = u.id), ''), u.created, coalesce(u.disabled, "
                   "'') FROM users u ORDER BY u.login",
                   NULL, &r, err);
    if (rc != KRING_OK)
        return rc;
    rows = PQntuples(r);
    if ((list = kr_calloc((size_t)rows + 1, sizeof *list)) == NULL) {
        PQclear(r);
        return kr_nomem(err);
    }
    for (i = 0; i < rows; i++) {
        kring_user *u = &list[i];
        u->id = kr_pg_int(r, i, 0, 0);
        if (kring_account_role_parse(PQgetvalue(r, i, 3), &u->role) < 0)
            u->role = KRING_ACCOUNT_PROFESSIONAL;
        snprintf(u->created, sizeof u->created, "%s", PQgetvalue(r, i, 5));
        snprintf(u->disabled, sizeof u->disabled, "%s", PQgetvalue(r, i, 6));
        if (kr_pg_dup(r, i, 1, 1, &u->login) ||
            kr_pg_dup(r, i, 2, 1, &u->name) ||
            kr_pg_dup(r, i, 4, 1, &u->teams)) {
            kring_user_free(list, (size_t)i + 1);
            PQclear(r);
            return kr_nomem(err);
        }
    }
    PQclear(r);
    *out = list;
    *n = (size_t)rows;
    return KRING_OK;
}

static kring_status user_disable(kring_store *s, const char *login,
                                 kring_error *err)
{
    kring_status rc;
    long long key = 0;
    int disabled = 0;

    ORG_BEGIN(s, err);
    rc = kr_pg_lock_account(s, login, &key, &disabled, err);
    if (rc == KRING_OK && disabled)
        rc = kr_error_set(err, KRING_ERR_CONFLICT,
                          _("the account '%s' is disabled already"), login);
    if (rc == KRING_OK) {
        kr_params u = {0};
        kr_param_int(&u, key);
        rc = kr_pg_run(s,
                       "UPDATE users SET disabled = to_char(clock_timestamp() "
                       "AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') "
                       "WHERE id = $1",
                       &u, NULL, err);
    }
    if (rc == KRING_OK)
        rc = kr_pg_org_line(s, "change", "account disabled", 0, key, err);
    return kr_pg_op_end(s, rc, err);
}

/* The teams of LOGIN set to the N TEAMS: a team lead keeps one at least,
 * a privacy officer or admin has none. */
static kring_status user_teams(kring_store *s, const char *login,
                               const char *const *teams, size_t n,
                               kring_error *err)
{
    PGresult *r = NULL;
    kr_params q = {0};
    long long key = 0;
    kring_status rc;
    int disabled = 0;

    ORG_BEGIN(s, err);
    rc = kr_pg_lock_account(s, login, &key, &disabled, err);
    kr_param_int(&q, key);
    if (rc == KRING_OK)
        rc = kr_pg_run(s, "SELECT role FROM users WHERE id = $1", &q, &r, err);
    if (rc == KRING_OK && strcmp(PQgetvalue(r, 0, 0), "team_lead") == 0 &&
        n == 0)
        rc = kr_error_set(err, KRING_ERR_INVALID, "%s",
                          _("a team lead leads a team: give --team"));
    else if (rc == KRING_OK && n > 0 &&
             (strcmp(PQgetvalue(r, 0, 0), "privacy_officer") == 0 ||
              strcmp(PQgetvalue(r, 0, 0), "admin") == 0))
        rc = kr_error_set(err, KRING_ERR_INVALID, "%s",
                          _("a privacy officer or an admin sees no case, "
                            "and is in no team"));
    PQclear(r);
    if (rc == KRING_OK)
        rc = kr_pg_run(s, "DELETE FROM members WHERE user_id = $1", &q, NULL,
                       err);
    if (rc == KRING_OK)
        rc = add_members(s, key, teams, n, err);
    if (rc == KRING_OK)
        rc =
            kr_pg_org_line(s, "change", "account's teams changed", 0, key, err);
    return kr_pg_op_end(s, rc, err);
}

/* case_assign()'s answer as kring's message. */
static kring_status assign_refused(const char *why, const char *code,
                                   const char *team, const char *user,
                                   kring_error *err)
{
    if (strcmp(why, "no case") == 0)
        return kr_error_set(err, KRING_ERR_NOT_FOUND, _("no case '%s'"), code);
    if (strcmp(why, "no team") == 0)
        return kr_error_set(err, KRING_ERR_NOT_FOUND, _("no team '%s'"),
                            team ? team : "");
    if (strcmp(why, "no user") == 0)
        return kr_error_set(err, KRING_ERR_NOT_FOUND, _("no account '%s'"),
                            user ? user : "");
    if (strcmp(why, "not a professional") == 0)
        return kr_error_set(err, KRING_ERR_INVALID,
                            _("'%s' cannot be responsible for a case: only a "
                              "professional or team lead whose account is not "
                              "disabled"),
                            user ? user : "");
    if (strcmp(why, "not your team") == 0)
        return kr_error_set(err, KRING_ERR_INVALID, "%s",
                            _("a team lead assigns cases within their own "
                              "teams"));
    return kr_error_set(err, KRING_ERR_INVALID,
                        _("only a team lead of its "
                          "team may assign case '%s'"),
                        code);
}

static kring_status case_assign(kring_store *s, const char *code,
                                const char *team, const char *responsible,
                                kring_error *err)
{
    PGresult *r = NULL;
    kr_params q = {0};
    kring_status rc;
    long long key = 0;

    ORG_BEGIN(s, err);
    kr_param_text(&q, code);
    kr_param_text(&q, team);
    kr_param_text(&q, responsible);
    rc = kr_pg_run(s, "SELECT case_assign($1, $2, $3)", &q, &r, err);
    if (rc == KRING_OK) {
        const char *said = PQgetvalue(r, 0, 0);
        if (strncmp(said, "ok ", 3) == 0)
            key = strtoll(said + 3, NULL, 10);
        else
            rc = assign_refused(said, code, team, responsible, err);
    }
    PQclear(r);
    if (rc == KRING_OK)
        rc = kr_pg_org_line(s, "assign", "case assigned", key, 0, err);
    return kr_pg_op_end(s, rc, err);
}

static kring_status break_glass(kring_store *s, const char *code,
                                const char *reason, int minutes,
                                kring_error *err)
{
    PGresult *r = NULL;
    kr_params q = {0};
    kring_status rc;
    long long key = 0;

    ORG_BEGIN(s, err);
    kr_param_text(&q, code);
    kr_param_text(&q, reason);
    kr_param_int(&q, minutes);
    rc = kr_pg_run(s, "SELECT break_glass_open($1, $2, $3)", &q, &r, err);
    if (rc == KRING_OK && PQgetisnull(r, 0, 0))
        rc = kr_error_set(err, KRING_ERR_NOT_FOUND, _("no case '%s'"), code);
    else if (rc == KRING_OK)
        key = kr_pg_int(r, 0, 0, 0);
    PQclear(r);
    if (rc == KRING_OK)
        rc = kr_pg_org_line(s, "break_glass", "case opened by break-glass", key,
                            0, err);
    return kr_pg_op_end(s, rc, err);
}

static kring_status act_as(kring_store *s, long long user_id,
                           kring_account_role *role, char **login,
                           kring_error *err)
{
    PGresult *r = NULL;
    kr_params q = {0};
    kring_status rc;

    if (user_id == 0)
        return kr_pg_run(s,
                         "SELECT set_config('kring.user', '', false), "
                         "set_config('kring.youth', '', false)",
                         NULL, NULL, err);
    kr_param_int(&q, user_id);
    /* One statement: the account read and set, or neither. */
    rc = kr_pg_run(s,
                   "SELECT login, role, set_config('kring.user', id::text, "
                   "false), set_config('kring.youth', '', false) FROM users "
                   "WHERE id = $1 AND disabled IS NULL",
                   &q, &r, err);
    if (rc == KRING_OK && PQntuples(r) == 0)
        rc = kr_error_set(err, KRING_ERR_NOT_FOUND, "%s",
                          _("no such account, or it is disabled"));
    if (rc == KRING_OK &&
        kring_account_role_parse(PQgetvalue(r, 0, 1), role) < 0)
        rc = kr_error_set(err, KRING_ERR_DB, "%s",
                          _("an account has a role kring does not know"));
    if (rc == KRING_OK && kr_pg_dup(r, 0, 0, 1, login))
        rc = kr_nomem(err);
    PQclear(r);
    if (rc != KRING_OK)
        kr_pg_run(s, "SELECT set_config('kring.user', '', false)", NULL, NULL,
                  NULL);
    return rc;
}

static kring_status case_holder(kring_store *s, const char *code,
                                long long *team, long long *responsible,
                                bool *glass, kring_error *err)
{
    PGresult *r = NULL;
    kr_params q = {0};
    kring_status rc;

    kr_param_text(&q, code);
    rc = kr_pg_run(s,
                   "SELECT coalesce(team_id, 0), coalesce(responsible, 0), "
                   "coalesce(glass, false) FROM case_holder($1)",
                   &q, &r, err);
    if (rc == KRING_OK && PQntuples(r) == 0)
        rc = kr_error_set(err, KRING_ERR_NOT_FOUND, _("no case '%s'"), code);
    if (rc == KRING_OK) {
        *team = kr_pg_int(r, 0, 0, 0);
        *responsible = kr_pg_int(r, 0, 1, 0);
        *glass = strcmp(PQgetvalue(r, 0, 2), "t") == 0;
    }
    PQclear(r);
    return rc;
}

static kring_status holder_names(kring_store *s, long long team, long long user,
                                 char *team_name, char *user_name, size_t cap,
                                 kring_error *err)
{
    PGresult *r = NULL;
    kr_params q = {0};
    kring_status rc;

    kr_param_int(&q, team);
    kr_param_int(&q, user);
    rc = kr_pg_run(s,
                   "SELECT coalesce((SELECT name FROM teams WHERE id = $1), "
                   "''), coalesce((SELECT name FROM users WHERE id = $2), '')",
                   &q, &r, err);
    if (rc == KRING_OK) {
        snprintf(team_name, cap, "%s", PQgetvalue(r, 0, 0));
        snprintf(user_name, cap, "%s", PQgetvalue(r, 0, 1));
    }
    PQclear(r);
    return rc;
}

static kring_status account_teams(kring_store *s, long long user_id,
                                  long long *teams, size_t cap, size_t *n,
                                  kring_error *err)
{
    PGresult *r = NULL;
    kr_params q = {0};
    kring_status rc;
    int i;

    kr_param_int(&q, user_id);
    rc = kr_pg_run(s,
                   "SELECT team_id FROM members WHERE user_id = $1 ORDER BY "
                   "team_id",
                   &q, &r, err);
    for (i = 0; rc == KRING_OK && i < PQntuples(r) && (size_t)i < cap; i++)
        teams[(*n)++] = kr_pg_int(r, i, 0, 0);
    PQclear(r);
    return rc;
}

static kring_status glass_list(kring_store *s, kring_glass **out, size_t *n,
                               kring_error *err)
{
    PGresult *r = NULL;
    kring_glass *list;
    kring_status rc;
    int i, rows;

    if ((rc = kr_pg_run(s,
                        "SELECT login, case_key, reason, opened, until FROM "
                        "break_glass_log()",
                        NULL, &r, err)))
        return rc;
    rows = PQntuples(r);
    if ((list = kr_calloc((size_t)rows + 1, sizeof *list)) == NULL) {
        PQclear(r);
        return kr_nomem(err);
    }
    for (i = 0; i < rows; i++) {
        list[i].case_key = kr_pg_int(r, i, 1, 0);
        snprintf(list[i].opened, sizeof list[i].opened, "%s",
                 PQgetvalue(r, i, 3));
        snprintf(list[i].until, sizeof list[i].until, "%s",
                 PQgetvalue(r, i, 4));
        if (kr_pg_dup(r, i, 0, 1, &list[i].login) ||
            kr_pg_dup(r, i, 2, 1, &list[i].reason)) {
            kring_glass_free(list, (size_t)i + 1);
            PQclear(r);
            return kr_nomem(err);
        }
    }
    PQclear(r);
    *out = list;
    *n = (size_t)rows;
    return KRING_OK;
}

/* The chain recomputed line by line, with kring's formula (pg_internal.h),
 * not the database's audit_line(): a line's hash must be SHA-256 of the
 * hash before it (32 zero bytes before the first) and the line, its prev
 * that hash, and its number one more than the one before. */
#define VERIFY                                                                 \
    "WITH c AS (SELECT a.chain, a.prev, a.hash, sha256(a.prev || "             \
    "convert_to(" AUDIT_LINE_JSON(                                             \
        "a") ", 'UTF8')) AS made, coalesce(lag("                               \
             "a.hash) OVER w, decode(repeat('00', 32), 'hex')) AS before, "    \
             "row_number() OVER w AS n FROM audit a WHERE a.chain IS NOT "     \
             "NULL WINDOW "                                                    \
             "w AS (ORDER BY a.chain)) SELECT (SELECT count(*) FROM c), "      \
             "(SELECT "                                                        \
             "min(chain) FROM c WHERE hash IS DISTINCT FROM made OR prev IS "  \
             "DISTINCT "                                                       \
             "FROM before OR chain <> n), (SELECT encode(hash, 'hex') FROM c " \
             "ORDER BY "                                                       \
             "chain DESC LIMIT 1), (SELECT count(*) FROM audit WHERE chain "   \
             "IS NULL)"

static kring_status audit_verify(kring_store *s, kring_audit_verdict *v,
                                 kring_error *err)
{
    PGresult *r = NULL;
    kring_status rc;

    if (PQtransactionStatus(PG(s)->conn) != PQTRANS_IDLE)
        return kr_error_set(err, KRING_ERR_INVALID, "%s",
                            _("the access log is verified outside a "
                              "transaction"));
    if ((rc = kr_pg_seal(s, &v->sealed, err)) ||
        (rc = kr_pg_run(s, VERIFY, NULL, &r, err)))
        return rc;
    v->lines = kr_pg_int(r, 0, 0, 0);
    v->broken_at = kr_pg_int(r, 0, 1, 0);
    snprintf(v->head, sizeof v->head, "%s", PQgetvalue(r, 0, 2));
    v->unsealed = kr_pg_int(r, 0, 3, 0);
    PQclear(r);
    return KRING_OK;
}

/* What kring server's role may: read and change cases (row-level security
 * says which), read the accounts (an admin's changes pass the policies
 * only), open a case by break-glass, add to the access log; never change
 * or remove a line of it, never change the schema. */
static const char *const grants[] = {
    "GRANT SELECT ON kring_schema TO ",
    "GRANT SELECT, INSERT, UPDATE, DELETE ON cases, people, ties, "
    "snapshots, choices, suggestions, outcomes, case_facts TO ",
    "GRANT SELECT, INSERT, UPDATE ON teams, users TO ",
    "GRANT SELECT, INSERT, DELETE ON members TO ",
    "GRANT SELECT ON break_glass TO ",
    "GRANT SELECT, INSERT ON audit TO ",
    "GRANT SELECT, INSERT, UPDATE ON credentials TO ",
    "GRANT SELECT, INSERT, UPDATE, DELETE ON sessions TO ",
    "GRANT SELECT, INSERT, UPDATE ON youth_invitations TO ",
    "GRANT USAGE, SELECT, UPDATE ON SEQUENCE case_keys TO ",
    NULL};

/* Whether ROLE (NULL: the role connected) may be kring server's: one
 * that does not own kring's tables, is no superuser and does not pass
 * row-level security. */
static kring_status role_ok(kring_store *s, const char *role, kring_error *err)
{
    kring_status rc = KRING_OK;
    PGresult *r = NULL;
    kr_params q = {0};

    kr_param_text(&q, role);
    if ((rc = kr_pg_run(s,
                        "SELECT rolsuper OR rolbypassrls, pg_has_role("
                        "rolname, (SELECT relowner FROM pg_class WHERE oid = "
                        "'cases'::regclass), 'MEMBER'), rolname FROM pg_roles "
                        "WHERE rolname = coalesce($1, current_user)",
                        &q, &r, err)))
        return rc;
    if (PQntuples(r) == 0)
        rc = kr_error_set(err, KRING_ERR_NOT_FOUND,
                          _("the database has no role '%s' (CREATE ROLE, "
                            "docs/deploy.md)"),
                          role ? role : "?");
    else if (strcmp(PQgetvalue(r, 0, 0), "t") == 0 ||
             strcmp(PQgetvalue(r, 0, 1), "t") == 0)
        rc = kr_error_set(err, KRING_ERR_INVALID,
                          _("the role '%s' owns kring's tables, is a "
                            "superuser or passes row-level security: kring "
                            "server must connect as a role that does not"),
                          PQgetvalue(r, 0, 2));
    PQclear(r);
    return rc;
}

static kring_status server_role(kring_store *s, kring_error *err)
{
    return role_ok(s, NULL, err);
}

static kring_status grant(kring_store *s, const char *role, kring_error *err)
{
    char *who, *schema, sql[400];
    kring_status rc;
    int i;

    if ((rc = role_ok(s, role, err)))
        return rc;
    ORG_BEGIN(s, err);
    who = PQescapeIdentifier(PG(s)->conn, role, strlen(role));
    schema =
        PQescapeIdentifier(PG(s)->conn, PG(s)->schema, strlen(PG(s)->schema));
    if (who == NULL || schema == NULL)
        rc = kr_nomem(err);
    if (rc == KRING_OK) {
        snprintf(sql, sizeof sql, "GRANT USAGE ON SCHEMA %s TO %s", schema,
                 who);
        rc = kr_pg_run(s, sql, NULL, NULL, err);
    }
    for (i = 0; rc == KRING_OK && grants[i] != NULL; i++) {
        snprintf(sql, sizeof sql, "%s%s", grants[i], who);
        rc = kr_pg_run(s, sql, NULL, NULL, err);
    }
    if (who)
        PQfreemem(who);
    if (schema)
        PQfreemem(schema);
    return kr_pg_op_end(s, rc, err);
}

static kring_status seal(kring_store *s, long long *n, kring_error *err)
{
    return kr_pg_seal(s, n, err);
}

const kr_org_ops kr_pg_org = {
    .seal = seal,
    .session_purge = kr_pg_session_purge,
    .team_add = team_add,
    .team_list = team_list,
    .user_add = user_add,
    .user_list = user_list,
    .user_disable = user_disable,
    .user_teams = user_teams,
    .case_assign = case_assign,
    .break_glass = break_glass,
    .act_as = act_as,
    .audit_verify = audit_verify,
    .grant = grant,
    .server_role = server_role,
    .case_holder = case_holder,
    .account_teams = account_teams,
    .holder_names = holder_names,
    .audit_refused = kr_pg_audit_refused,
    .glass_list = glass_list,
    .enrolment = kr_pg_enrolment,
    .enrolment_find = kr_pg_enrolment_find,
    .enrolment_finish = kr_pg_enrolment_finish,
    .login_read = kr_pg_login_read,
    .login_outcome = kr_pg_login_outcome,
    .case_close = kr_pg_case_close,
    .closed_list = kr_pg_closed_list,
    .session_begin = kr_pg_session_begin,
    .session_find = kr_pg_session_find,
    .session_end = kr_pg_session_end,
    .oidc_account = kr_pg_oidc_account,
    .user_oidc = kr_pg_user_oidc,
    .youth = &kr_pg_youth,
};
