/* The organisation's front (include/kring/org.h): checks names, logins and
 * roles, refuses a store that keeps no organisation (a file), and hands
 * the rest to the backend's kr_org_ops. */
#include <stdlib.h>
#include <string.h>

#include "backend.h"

/* The backend's organisation, or the reason there is none. */
static const kr_org_ops *org_of(kring_store *s, kring_error *err)
{
    if (s->ops->org != NULL)
        return s->ops->org;
    kr_error_set(err, KRING_ERR_INVALID, "%s",
                 _("teams, accounts, the access log's chain and closed cases "
                   "are kept in an organisation's PostgreSQL database (--db "
                   "postgresql://...), not in a file: on one laptop, kring "
                   "serve is for one professional (docs/server.md)"));
    return NULL;
}

/* Whether TEXT is a name of 1 to MAX bytes without a control character. */
static int plain_name(const char *text, size_t max)
{
    size_t n = text ? strlen(text) : 0, i;

    if (n == 0 || n > max)
        return 0;
    for (i = 0; i < n; i++)
        if ((unsigned char)text[i] < 0x20 || text[i] == 0x7f)
            return 0;
    return 1;
}

static kring_status team_name_ok(const char *name, kring_error *err)
{
    if (plain_name(name, 100))
        return KRING_OK;
    return kr_error_set(err, KRING_ERR_INVALID, "%s",
                        _("a team's name must be 1 to 100 characters, without "
                          "control characters"));
}

kring_status kring_team_add(kring_store *s, const char *name, long long *id,
                            kring_error *err)
{
    const kr_org_ops *o = org_of(s, err);
    kring_status rc;

    if (o == NULL)
        return KRING_ERR_INVALID;
    if ((rc = team_name_ok(name, err)))
        return rc;
    return o->team_add(s, name, id, err);
}

kring_status kring_team_list(kring_store *s, kring_team **out, size_t *n,
                             kring_error *err)
{
    const kr_org_ops *o = org_of(s, err);

    *out = NULL;
    *n = 0;
    return o ? o->team_list(s, out, n, err) : KRING_ERR_INVALID;
}

/* A login: a lowercase letter or digit, then up to 63 of lowercase
 * letters, digits, '.', '_' and '-' (the schema's CHECK says the same). */
static int login_ok(const char *login)
{
    size_t n = login ? strlen(login) : 0;

    return n >= 1 && n <= 64 &&
           strspn(login, "abcdefghijklmnopqrstuvwxyz0123456789") >= 1 &&
           strspn(login, "abcdefghijklmnopqrstuvwxyz0123456789._-") == n;
}

kring_status kring_user_add(kring_store *s, const char *login, const char *name,
                            kring_account_role role, const char *const *teams,
                            size_t n, long long *id, kring_error *err)
{
    const kr_org_ops *o = org_of(s, err);
    kring_status rc;
    size_t i;

    if (o == NULL)
        return KRING_ERR_INVALID;
    if (!login_ok(login))
        return kr_error_set(err, KRING_ERR_INVALID,
                            _("'%s' is not a login: a lowercase letter or "
                              "digit, then up to 63 lowercase letters, digits, "
                              "'.', '_' or '-'"),
                            login ? login : "");
    if (!plain_name(name, 200))
        return kr_error_set(err, KRING_ERR_INVALID, "%s",
                            _("an account's name must be 1 to 200 characters, "
                              "without control characters"));
    if (kring_account_role_name(role) == NULL)
        return kr_error_set(err, KRING_ERR_INVALID, "%s", _("no such role"));
    if (role == KRING_ACCOUNT_TEAM_LEAD && n == 0)
        return kr_error_set(err, KRING_ERR_INVALID, "%s",
                            _("a team lead leads a team: give --team"));
    if ((role == KRING_ACCOUNT_PRIVACY_OFFICER ||
         role == KRING_ACCOUNT_ADMIN) &&
        n > 0)
        return kr_error_set(err, KRING_ERR_INVALID, "%s",
                            _("a privacy officer or an admin sees no case, "
                              "and is in no team"));
    for (i = 0; i < n; i++)
        if ((rc = team_name_ok(teams[i], err)))
            return rc;
    return o->user_add(s, login, name, role, teams, n, id, err);
}

kring_status kring_user_teams(kring_store *s, const char *login,
                              const char *const *teams, size_t n,
                              kring_error *err)
{
    const kr_org_ops *o = org_of(s, err);
    kring_status rc;
    size_t i;

    if (o == NULL)
        return KRING_ERR_INVALID;
    for (i = 0; i < n; i++)
        if ((rc = team_name_ok(teams[i], err)))
            return rc;
    return o->user_teams(s, login, teams, n, err);
}

kring_status kring_user_list(kring_store *s, kring_user **out, size_t *n,
                             kring_error *err)
{
    const kr_org_ops *o = org_of(s, err);

    *out = NULL;
    *n = 0;
    return o ? o->user_list(s, out, n, err) : KRING_ERR_INVALID;
}

kring_status kring_user_disable(kring_store *s, const char *login,
                                kring_error *err)
{
    const kr_org_ops *o = org_of(s, err);

    if (o == NULL)
        return KRING_ERR_INVALID;
    if (!login_ok(login))
        return kr_error_set(err, KRING_ERR_NOT_FOUND, _("no account '%s'"),
                            login ? login : "");
    return o->user_disable(s, login, err);
}

kring_status kring_case_assign(kring_store *s, const char *code,
                               const char *team, const char *responsible,
                               kring_error *err)
{
    const kr_org_ops *o = org_of(s, err);
    kring_status rc;

    if (o == NULL)
        return KRING_ERR_INVALID;
    if (team == NULL && responsible == NULL)
        return kr_error_set(err, KRING_ERR_INVALID, "%s",
                            _("give a team, a responsible professional or "
                              "both"));
    if (team != NULL && team[0] != '\0' && (rc = team_name_ok(team, err)))
        return rc;
    if (responsible != NULL && responsible[0] != '\0' && !login_ok(responsible))
        return kr_error_set(err, KRING_ERR_NOT_FOUND, _("no account '%s'"),
                            responsible);
    return o->case_assign(s, code, team, responsible, err);
}

kring_status kring_case_break_glass(kring_store *s, const char *code,
                                    const char *reason, int minutes,
                                    kring_error *err)
{
    const kr_org_ops *o = org_of(s, err);
    size_t n = reason ? strlen(reason) : 0, lead = 0, trail = 0;

    if (o == NULL)
        return KRING_ERR_INVALID;
    if (s->user_id == 0 || s->role == NULL ||
        (strcmp(s->role, "professional") != 0 &&
         strcmp(s->role, "team_lead") != 0))
        return kr_error_set(err, KRING_ERR_INVALID, "%s",
                            _("only a professional or team lead opens a case "
                              "by break-glass"));
    while (lead < n && (reason[lead] == ' ' || reason[lead] == '\t'))
        lead++;
    while (trail < n - lead &&
           (reason[n - 1 - trail] == ' ' || reason[n - 1 - trail] == '\t'))
        trail++;
    if (n - lead - trail < 10 || n > 2000)
        return kr_error_set(err, KRING_ERR_INVALID, "%s",
                            _("say why you open this case: a reason of 10 "
                              "characters at least (the privacy officer "
                              "reads it)"));
    if (minutes < 1 || minutes > 1440)
        return kr_error_set(err, KRING_ERR_INVALID, "%s",
                            _("break-glass lasts 1 to 1440 minutes"));
    return o->break_glass(s, code, reason, minutes, err);
}

kring_status kring_store_act_as(kring_store *s, long long user_id,
                                const char *address, kring_error *err)
{
    const kr_org_ops *o = org_of(s, err);
    kring_account_role role = KRING_ACCOUNT_PROFESSIONAL;
    char *login = NULL;
    kring_status rc;

    if (o == NULL)
        return KRING_ERR_INVALID;
    /* Nobody first: a failure below leaves a store that sees no case. */
    s->user_id = 0;
    kr_free(s->role);
    kr_free(s->address);
    s->role = s->address = NULL;
    if ((rc = o->act_as(s, user_id, &role, &login, err)))
        return rc;
    /* The log names the account, or again the one kring runs as. */
    if ((rc = kring_store_set_user(s, login, err)) == KRING_OK &&
        user_id != 0 &&
        (rc = kr_set_string(&s->role, kring_account_role_name(role), err)) ==
            KRING_OK &&
        address != NULL)
        rc = kr_set_string(&s->address, address, err);
    kr_free(login);
    if (rc == KRING_OK) {
        s->user_id = user_id;
        return KRING_OK;
    }
    o->act_as(s, 0, &role, NULL, NULL);
    kring_store_set_user(s, NULL, NULL);
    return rc;
}

kring_status kring_audit_verify(kring_store *s, kring_audit_verdict *v,
                                kring_error *err)
{
    const kr_org_ops *o = org_of(s, err);

    memset(v, 0, sizeof *v);
    return o ? o->audit_verify(s, v, err) : KRING_ERR_INVALID;
}

kring_status kring_store_grant(kring_store *s, const char *role,
                               kring_error *err)
{
    const kr_org_ops *o = org_of(s, err);

    if (o == NULL)
        return KRING_ERR_INVALID;
    if (!plain_name(role, 63))
        return kr_error_set(err, KRING_ERR_INVALID, "%s",
                            _("a database role's name must be 1 to 63 "
                              "characters"));
    return o->grant(s, role, err);
}

kring_status kring_case_holder(kring_store *s, const char *code,
                               long long *team, long long *responsible,
                               bool *glass, kring_error *err)
{
    const kr_org_ops *o = org_of(s, err);

    *team = *responsible = 0;
    *glass = false;
    return o ? o->case_holder(s, code, team, responsible, glass, err)
             : KRING_ERR_INVALID;
}

kring_status kring_holder_names(kring_store *s, long long team, long long user,
                                char *team_name, char *user_name, size_t cap,
                                kring_error *err)
{
    const kr_org_ops *o = org_of(s, err);

    team_name[0] = user_name[0] = '\0';
    return o ? o->holder_names(s, team, user, team_name, user_name, cap, err)
             : KRING_ERR_INVALID;
}

kring_status kring_account_teams(kring_store *s, long long user_id,
                                 long long *teams, size_t cap, size_t *n,
                                 kring_error *err)
{
    const kr_org_ops *o = org_of(s, err);

    *n = 0;
    return o ? o->account_teams(s, user_id, teams, cap, n, err)
             : KRING_ERR_INVALID;
}

kring_status kring_audit_refused(kring_store *s, const char *code,
                                 kring_error *err)
{
    const kr_org_ops *o = org_of(s, err);

    return o ? o->audit_refused(s, code, err) : KRING_ERR_INVALID;
}

kring_status kring_store_server_role(kring_store *s, kring_error *err)
{
    const kr_org_ops *o = org_of(s, err);

    return o ? o->server_role(s, err) : KRING_ERR_INVALID;
}

kring_status kring_break_glass_list(kring_store *s, kring_glass **out,
                                    size_t *n, kring_error *err)
{
    const kr_org_ops *o = org_of(s, err);

    *out = NULL;
    *n = 0;
    return o ? o->glass_list(s, out, n, err) : KRING_ERR_INVALID;
}

kring_status kring_audit_seal(kring_store *s, long long *n, kring_error *err)
{
    const kr_org_ops *o = org_of(s, err);

    return o ? o->seal(s, n, err) : KRING_ERR_INVALID;
}

kring_status kring_case_close(kring_store *s, const char *code, const char *day,
                              kring_error *err)
{
    const kr_org_ops *o = org_of(s, err);

    if (o == NULL)
        return KRING_ERR_INVALID;
    if (day != NULL && !kring_date_valid(day))
        return kr_error_set(err, KRING_ERR_INVALID,
                            _("'%s' is not a date (YYYY-MM-DD)"), day);
    return o->case_close(s, code, day, err);
}

kring_status kring_closed_list(kring_store *s, const char *day,
                               kring_closed **out, size_t *n, kring_error *err)
{
    const kr_org_ops *o = org_of(s, err);

    *out = NULL;
    *n = 0;
    if (o == NULL)
        return KRING_ERR_INVALID;
    if (!kring_date_valid(day))
        return kr_error_set(err, KRING_ERR_INVALID,
                            _("'%s' is not a date (YYYY-MM-DD)"), day);
    return o->closed_list(s, day, out, n, err);
}
