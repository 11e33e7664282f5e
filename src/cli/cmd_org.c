/* The organisation on the command line (docs/server.md): kring team
 * add|list, kring user add|list|disable, kring case assign, kring audit
 * verify and kring db grant. Each works on an organisation's PostgreSQL
 * database only; on a file the store says why not. */
#include <libintl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "cli.h"

#define _(s) dgettext("kring", s)
#define N_(s) s

/* Opens the store, runs FN on it, closes it. */
static int with_store(struct cli *cli, unsigned flags,
                      int (*fn)(struct cli *, struct opts *, kring_store *),
                      struct opts *o)
{
    kring_store *s = NULL;
    int status;

    if ((status = cli_open_store(cli, flags, &s)))
        return status;
    status = fn(cli, o, s);
    kring_store_close(s);
    return status;
}

/* A change done: its JSON, or the sentence FMT says (in the language). */
static int changed(struct cli *cli, const char *json, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int changed(struct cli *cli, const char *json, const char *fmt, ...)
{
    va_list ap;

    if (cli->json) {
        fprintf(cli->io->out, "%s\n", json);
        return CLI_OK;
    }
    va_start(ap, fmt);
    vfprintf(cli->io->out, fmt, ap);
    va_end(ap);
    return CLI_OK;
}

/* --- kring team add NAME / kring team list ------------------------------ */

static const char team_add_usage[] =
    N_("usage: kring team add NAME\n"
       "\n"
       "Adds a team of the organisation: its professionals see its cases\n"
       "(docs/server.md). Teams are kept in the organisation's PostgreSQL\n"
       "database. One line in the access log.\n");

static int team_add(struct cli *cli, struct opts *o, kring_store *s)
{
    kring_error err;
    long long id;

    if (kring_team_add(s, o->pos[0], &id, &err))
        return cli_fail(cli, &err);
    if (cli->json)
        fprintf(cli->io->out, "{\"team\": %lld}\n", id);
    else
        fprintf(cli->io->out, _("added team '%s'\n"),
                cli_shown(cli, o->pos[0]));
    return CLI_OK;
}

static int run_team_add(struct cli *cli, struct opts *o)
{
    return with_store(cli, 0, team_add, o);
}

const struct cli_command cmd_team_add = {
    .group = "team",
    .name = "add",
    .usage = team_add_usage,
    .min_pos = 1,
    .max_pos = 1,
    .count_error = N_("team add takes a NAME"),
    .run = run_team_add,
};

static const char team_list_usage[] =
    N_("usage: kring team list\n"
       "\n"
       "Lists the teams: their names, how many accounts that are not disabled\n"
       "are members, and how many cases are the team's.\n");

static int team_list(struct cli *cli, struct opts *o, kring_store *s)
{
    static const char *const heads[] = {N_("TEAM"), N_("MEMBERS"), N_("CASES"),
                                        N_("SINCE")};
    const char *h[4];
    kring_team *t = NULL;
    kring_error err;
    struct table *tab;
    size_t n = 0, i;
    kring_jw w;

    (void)o;
    if (kring_team_list(s, &t, &n, &err))
        return cli_fail(cli, &err);
    if (cli->json) {
        kring_jw_init(&w, cli->io->out, 1);
        kring_jw_array(&w);
        for (i = 0; i < n; i++) {
            kring_jw_object(&w);
            kring_jw_key(&w, "name");
            kring_jw_string(&w, t[i].name);
            kring_jw_key(&w, "members");
            kring_jw_int(&w, t[i].members);
            kring_jw_key(&w, "cases");
            kring_jw_int(&w, t[i].cases);
            kring_jw_key(&w, "created");
            kring_jw_string(&w, t[i].created);
            kring_jw_object_end(&w);
        }
        kring_jw_array_end(&w);
        kring_jw_release(&w);
        kring_team_free(t, n);
        return CLI_OK;
    }
    if (n == 0) {
        fprintf(cli->io->out, "%s\n", _("There are no teams yet."));
        kring_team_free(t, n);
        return CLI_OK;
    }
    for (i = 0; i < 4; i++)
        h[i] = _(heads[i]);
    if ((tab = table_new(4, h)) == NULL) {
        kring_team_free(t, n);
        return cli_failf(cli, "%s", _("out of memory"));
    }
    for (i = 0; i < n; i++) {
        char m[24], c[24], day[11];
        const char *cells[4] = {t[i].name, m, c, day};
        snprintf(m, sizeof m, "%ld", t[i].members);
        snprintf(c, sizeof c, "%ld", t[i].cases);
        snprintf(day, sizeof day, "%.10s", t[i].created);
        table_add(tab, cells);
    }
    table_print(tab, cli);
    table_free(tab);
    kring_team_free(t, n);
    return CLI_OK;
}

static int run_team_list(struct cli *cli, struct opts *o)
{
    return with_store(cli, KRING_STORE_READONLY, team_list, o);
}

const struct cli_command cmd_team_list = {
    .group = "team",
    .name = "list",
    .usage = team_list_usage,
    .min_pos = 0,
    .max_pos = 0,
    .count_error = N_("team list takes no arguments"),
    .run = run_team_list,
};

/* --- kring user add|list|disable ---------------------------------------- */

static const char user_add_usage[] = N_(
    "usage: kring user add LOGIN --name NAME --role ROLE [--team TEAM]...\n"
    "\n"
    "Adds an account for kring server. LOGIN: a lowercase letter or digit,\n"
    "then up to 63 lowercase letters, digits, '.', '_' or '-'. ROLE:\n"
    "  professional     the cases of their teams and those assigned to them\n"
    "  team_lead        the same, and assigns the cases of their teams\n"
    "  privacy_officer  the access log; no case\n"
    "  admin            accounts and teams; no case\n"
    "A professional may be in several teams (--team again), a team lead\n"
    "leads one at least; a privacy officer and an admin are in none. The\n"
    "account holder sets their password and second factor at their first\n"
    "login (docs/server.md). One line in the access log.\n"
    "\n"
    "  --name NAME   the person's name, as colleagues know it\n"
    "  --role ROLE   one of the four above\n"
    "  --team TEAM   a team (kring team add) the account is a member of\n");

enum { O_NAME = 1, O_ROLE, O_TEAM, O_RESPONSIBLE };

static const struct opt_spec user_add_spec[] = {{"name", 0, OPT_VALUE, O_NAME},
                                                {"role", 0, OPT_VALUE, O_ROLE},
                                                {"team", 0, OPT_VALUE, O_TEAM},
                                                {NULL, 0, 0, 0}};

/* Hours an enrolment code is valid: three days, for a code handed over
 * in person or by the organisation's own mail. */
#define ENROL_HOURS 72

/* Starts LOGIN's enrolment: a new one-time code (128 bits) into CODE (33
 * bytes), only its hash kept. */
static int new_enrolment(struct cli *cli, kring_store *s, const char *login,
                         char *code, kring_error *err)
{
    const struct ka_api *a = cli_auth(cli);
    char hash[65];

    if (a == NULL)
        return -1;
    a->random_hex(code, 16);
    a->sha256_hex(code, hash);
    return kring_user_enrolment(s, login, hash, ENROL_HOURS, err) ? -2 : 0;
}

/* The enrolment code of LOGIN as its holder types it at kring server's
 * /enrol (eight groups of four), with the account's number ID unless 0
 * in JSON. */
static void say_enrolment(struct cli *cli, const char *login, const char *code,
                          long long id)
{
    char shown[48];
    int i, k = 0;

    for (i = 0; code[i]; i++) {
        if (i > 0 && i % 4 == 0)
            shown[k++] = '-';
        shown[k++] = code[i];
    }
    shown[k] = '\0';
    if (cli->json) {
        fputc('{', cli->io->out);
        if (id)
            fprintf(cli->io->out, "\"account\": %lld, ", id);
        fprintf(cli->io->out, "\"enrolment\": \"%s\", \"hours\": %d}\n", shown,
                ENROL_HOURS);
        return;
    }
    fprintf(cli->io->out,
            _("%s sets a password and a second factor at kring server's "
              "page /enrol, with the one-time code\n  %s\nvalid for %d "
              "hours. Hand it over in person or by the organisation's own "
              "mail.\n"),
            cli_shown(cli, login), shown, ENROL_HOURS);
}

static int user_add(struct cli *cli, struct opts *o, kring_store *s)
{
    const char *name = NULL, *role_text = NULL, *teams[OPTS_MAX];
    kring_account_role role = KRING_ACCOUNT_PROFESSIONAL;
    kring_error err;
    size_t n = 0;
    long long id = 0;
    char code[33];
    int i, rc = 0;

    for (i = 0; i < o->n; i++) {
        if (o->o[i].id == O_NAME)
            name = o->o[i].value;
        else if (o->o[i].id == O_ROLE)
            role_text = o->o[i].value;
        else if (o->o[i].id == O_TEAM)
            teams[n++] = o->o[i].value;
    }
    /* run_user_add() checked it. */
    kring_account_role_parse(role_text, &role);
    /* The account and its enrolment, or neither. */
    if (kring_store_begin(s, &err) ||
        kring_user_add(s, o->pos[0], name, role, teams, n, &id, &err) ||
        (rc = new_enrolment(cli, s, o->pos[0], code, &err)) != 0 ||
        kring_store_commit(s, &err)) {
        kring_store_rollback(s);
        return rc == -1 ? CLI_DATA : cli_fail(cli, &err);
    }
    if (!cli->json)
        fprintf(cli->io->out, _("added account '%s' (%s)\n"),
                cli_shown(cli, o->pos[0]), kring_account_role_name(role));
    say_enrolment(cli, o->pos[0], code, id);
    return CLI_OK;
}

static int run_user_add(struct cli *cli, struct opts *o)
{
    kring_account_role role;
    const char *name = NULL, *role_text = NULL;
    int i;

    for (i = 0; i < o->n; i++) {
        if (o->o[i].id == O_NAME)
            name = o->o[i].value;
        else if (o->o[i].id == O_ROLE)
            role_text = o->o[i].value;
    }
    if (name == NULL || role_text == NULL)
        return cli_usage_error(cli, user_add_usage, "%s",
                               _("user add needs --name and --role"));
    if (kring_account_role_parse(role_text, &role) < 0)
        return cli_usage_error(cli, user_add_usage, "%s",
                               _("--role must be one of: professional, "
                                 "team_lead, privacy_officer, admin"));
    return with_store(cli, 0, user_add, o);
}

const struct cli_command cmd_user_add = {
    .group = "user",
    .name = "add",
    .spec = user_add_spec,
    .usage = user_add_usage,
    .min_pos = 1,
    .max_pos = 1,
    .count_error = N_("user add takes a LOGIN"),
    .run = run_user_add,
};

static const char user_list_usage[] =
    N_("usage: kring user list\n"
       "\n"
       "Lists the accounts: login, name, role, teams, since when, and when an\n"
       "account was disabled.\n");

/* The role as the table shows it, in the language. */
static const char *role_word(kring_account_role r)
{
    static const char *const words[KRING_ACCOUNT_ROLES] = {
        N_("professional"), N_("team lead"), N_("privacy officer"),
        N_("admin")};
    return (unsigned)r < KRING_ACCOUNT_ROLES ? _(words[r]) : "?";
}

static void user_json(struct cli *cli, const kring_user *u, size_t n)
{
    kring_jw w;
    size_t i;

    kring_jw_init(&w, cli->io->out, 1);
    kring_jw_array(&w);
    for (i = 0; i < n; i++) {
        kring_jw_object(&w);
        /* The number kring server's events name an account by. */
        kring_jw_key(&w, "id");
        kring_jw_int(&w, u[i].id);
        kring_jw_key(&w, "login");
        kring_jw_string(&w, u[i].login);
        kring_jw_key(&w, "name");
        kring_jw_string(&w, u[i].name);
        kring_jw_key(&w, "role");
        kring_jw_string(&w, kring_account_role_name(u[i].role));
        kring_jw_key(&w, "teams");
        kring_jw_string(&w, u[i].teams);
        kring_jw_key(&w, "created");
        kring_jw_string(&w, u[i].created);
        kring_jw_key(&w, "disabled");
        if (u[i].disabled[0])
            kring_jw_string(&w, u[i].disabled);
        else
            kring_jw_null(&w);
        kring_jw_object_end(&w);
    }
    kring_jw_array_end(&w);
    kring_jw_release(&w);
}

static int user_list(struct cli *cli, struct opts *o, kring_store *s)
{
    static const char *const heads[] = {N_("LOGIN"), N_("NAME"),
                                        N_("ROLE"),  N_("TEAMS"),
                                        N_("SINCE"), N_("DISABLED")};
    const char *h[6];
    kring_user *u = NULL;
    kring_error err;
    struct table *tab;
    size_t n = 0, i;

    (void)o;
    if (kring_user_list(s, &u, &n, &err))
        return cli_fail(cli, &err);
    if (cli->json || n == 0) {
        if (cli->json)
            user_json(cli, u, n);
        else
            fprintf(cli->io->out, "%s\n", _("There are no accounts yet."));
        kring_user_free(u, n);
        return CLI_OK;
    }
    for (i = 0; i < 6; i++)
        h[i] = _(heads[i]);
    if ((tab = table_new(6, h)) == NULL) {
        kring_user_free(u, n);
        return cli_failf(cli, "%s", _("out of memory"));
    }
    for (i = 0; i < n; i++) {
        char day[11], off[11];
        const char *cells[6] = {u[i].login, u[i].name, role_word(u[i].role),
                                u[i].teams, day,       off};
        snprintf(day, sizeof day, "%.10s", u[i].created);
        snprintf(off, sizeof off, "%.10s", u[i].disabled);
        table_add(tab, cells);
    }
    table_print(tab, cli);
    table_free(tab);
    kring_user_free(u, n);
    return CLI_OK;
}

static int run_user_list(struct cli *cli, struct opts *o)
{
    return with_store(cli, KRING_STORE_READONLY, user_list, o);
}

const struct cli_command cmd_user_list = {
    .group = "user",
    .name = "list",
    .usage = user_list_usage,
    .min_pos = 0,
    .max_pos = 0,
    .count_error = N_("user list takes no arguments"),
    .run = run_user_list,
};

static const char user_disable_usage[] =
    N_("usage: kring user disable LOGIN\n"
       "\n"
       "Disables the account LOGIN for good: it logs in no more and sees no\n"
       "case, at once. Its lines in the access log stay. One line in the\n"
       "access log.\n");

static int user_disable(struct cli *cli, struct opts *o, kring_store *s)
{
    kring_error err;

    if (kring_user_disable(s, o->pos[0], &err))
        return cli_fail(cli, &err);
    return changed(cli, "{\"disabled\": true}", _("disabled account '%s'\n"),
                   cli_shown(cli, o->pos[0]));
}

static int run_user_disable(struct cli *cli, struct opts *o)
{
    return with_store(cli, 0, user_disable, o);
}

const struct cli_command cmd_user_disable = {
    .group = "user",
    .name = "disable",
    .usage = user_disable_usage,
    .min_pos = 1,
    .max_pos = 1,
    .count_error = N_("user disable takes a LOGIN"),
    .run = run_user_disable,
};

static const char user_teams_usage[] = N_(
    "usage: kring user teams LOGIN [--team TEAM]...\n"
    "\n"
    "Sets the teams of the account LOGIN to those given (none: in no team).\n"
    "A team lead keeps one at least; a privacy officer or an admin is in\n"
    "none. The cases the account sees change with them at once. One line\n"
    "in the access log.\n");

static const struct opt_spec user_teams_spec[] = {
    {"team", 0, OPT_VALUE, O_TEAM},
    {NULL, 0, 0, 0},
};

static int user_teams(struct cli *cli, struct opts *o, kring_store *s)
{
    const char *teams[OPTS_MAX];
    kring_error err;
    size_t n = 0;
    int i;

    for (i = 0; i < o->n; i++)
        teams[n++] = o->o[i].value;
    if (kring_user_teams(s, o->pos[0], teams, n, &err))
        return cli_fail(cli, &err);
    return changed(cli, "{\"teams\": true}",
                   _("set the teams of account '%s'\n"),
                   cli_shown(cli, o->pos[0]));
}

static int run_user_teams(struct cli *cli, struct opts *o)
{
    return with_store(cli, 0, user_teams, o);
}

const struct cli_command cmd_user_teams = {
    .group = "user",
    .name = "teams",
    .spec = user_teams_spec,
    .usage = user_teams_usage,
    .min_pos = 1,
    .max_pos = 1,
    .count_error = N_("user teams takes a LOGIN"),
    .run = run_user_teams,
};

static const char user_reset_usage[] =
    N_("usage: kring user reset LOGIN\n"
       "\n"
       "Starts the account's enrolment anew, for a forgotten password or a\n"
       "lost phone: its password and second factor are void at once, every\n"
       "session of it ends, and a new one-time code is printed for its\n"
       "holder to set them again at kring server's page /enrol. One line in\n"
       "the access log.\n");

static int user_reset(struct cli *cli, struct opts *o, kring_store *s)
{
    kring_error err;
    char code[33];
    int rc;

    if ((rc = new_enrolment(cli, s, o->pos[0], code, &err)) != 0)
        return rc == -1 ? CLI_DATA : cli_fail(cli, &err);
    say_enrolment(cli, o->pos[0], code, 0);
    return CLI_OK;
}

static int run_user_reset(struct cli *cli, struct opts *o)
{
    return with_store(cli, 0, user_reset, o);
}

const struct cli_command cmd_user_reset = {
    .group = "user",
    .name = "reset",
    .usage = user_reset_usage,
    .min_pos = 1,
    .max_pos = 1,
    .count_error = N_("user reset takes a LOGIN"),
    .run = run_user_reset,
};

static const char user_oidc_usage[] =
    N_("usage: kring user oidc LOGIN SUBJECT\n"
       "\n"
       "Binds the account LOGIN to SUBJECT, its subject (\"sub\") at the\n"
       "organisation's identity provider: kring server lets that subject in\n"
       "as the account (docs/server.md). \"\" unbinds it; its next login\n"
       "through the provider binds it again by its login claim. One line in\n"
       "the access log.\n");

static int user_oidc(struct cli *cli, struct opts *o, kring_store *s)
{
    const char *subject = o->pos[1][0] ? o->pos[1] : NULL;
    kring_error err;

    if (kring_user_oidc(s, o->pos[0], subject, &err))
        return cli_fail(cli, &err);
    if (subject == NULL)
        return changed(cli, "{\"oidc_subject\": null}",
                       _("account '%s' bound to no subject\n"),
                       cli_shown(cli, o->pos[0]));
    return changed(cli, "{\"oidc_subject\": true}",
                   _("account '%s' bound to its subject at the identity "
                     "provider\n"),
                   cli_shown(cli, o->pos[0]));
}

static int run_user_oidc(struct cli *cli, struct opts *o)
{
    return with_store(cli, 0, user_oidc, o);
}

const struct cli_command cmd_user_oidc = {
    .group = "user",
    .name = "oidc",
    .usage = user_oidc_usage,
    .min_pos = 2,
    .max_pos = 2,
    .count_error = N_("user oidc takes a LOGIN and a SUBJECT"),
    .run = run_user_oidc,
};

/* --- kring case assign CODE --------------------------------------------- */

static const char assign_usage[] =
    N_("usage: kring case assign CODE [--team TEAM] [--responsible LOGIN]\n"
       "\n"
       "Assigns the case to a team, whose professionals see it, and to the\n"
       "professional responsible for it; \"\" takes either away. The\n"
       "responsible must be a professional or team lead. One line in the\n"
       "access log. On kring server a team lead assigns the cases of their\n"
       "teams (docs/server.md).\n"
       "\n"
       "  --team TEAM          the case's team\n"
       "  --responsible LOGIN  the account responsible for it\n");

static const struct opt_spec assign_spec[] = {
    {"team", 0, OPT_VALUE, O_TEAM},
    {"responsible", 0, OPT_VALUE, O_RESPONSIBLE},
    {NULL, 0, 0, 0}};

static int assign(struct cli *cli, struct opts *o, kring_store *s)
{
    const char *team = NULL, *who = NULL;
    kring_error err;
    int i;

    for (i = 0; i < o->n; i++) {
        if (o->o[i].id == O_TEAM)
            team = o->o[i].value;
        else if (o->o[i].id == O_RESPONSIBLE)
            who = o->o[i].value;
    }
    if (kring_case_assign(s, o->pos[0], team, who, &err))
        return cli_fail(cli, &err);
    return changed(cli, "{\"assigned\": true}", _("assigned case '%s'\n"),
                   cli_shown(cli, o->pos[0]));
}

static int run_assign(struct cli *cli, struct opts *o)
{
    return with_store(cli, 0, assign, o);
}

const struct cli_command cmd_case_assign = {
    .group = "case",
    .name = "assign",
    .spec = assign_spec,
    .usage = assign_usage,
    .min_pos = 1,
    .max_pos = 1,
    .count_error = N_("case assign takes a CODE"),
    .run = run_assign,
};

/* --- kring audit verify ------------------------------------------------- */

static const char verify_usage[] = N_(
    "usage: kring audit verify\n"
    "\n"
    "Proves the access log unbroken: seals the lines not yet in its chain,\n"
    "then recomputes every line's hash (SHA-256 of the hash before it and\n"
    "the line) and checks that the lines are numbered 1, 2, 3, ... without a\n"
    "gap. Prints how many lines, and the last line's hash: note it, and a\n"
    "later verify shows the line it ends is still there. Exit status 1 when\n"
    "a line was changed, removed or put in between (docs/security.md).\n");

static int verify(struct cli *cli, struct opts *o, kring_store *s)
{
    kring_audit_verdict v;
    kring_error err;

    (void)o;
    if (kring_audit_verify(s, &v, &err))
        return cli_fail(cli, &err);
    if (cli->json)
        fprintf(cli->io->out,
                "{\"lines\": %lld, \"unbroken\": %s, \"broken_at\": %lld, "
                "\"head\": \"%s\", \"unsealed\": %lld}\n",
                v.lines, v.broken_at ? "false" : "true", v.broken_at, v.head,
                v.unsealed);
    else if (v.broken_at == 0)
        fprintf(cli->io->out,
                _("the access log is unbroken: %lld lines, the last one's "
                  "hash %s\n"),
                v.lines, v.head[0] ? v.head : "-");
    if (!cli->json && v.unsealed > 0)
        fprintf(cli->io->out,
                _("%lld lines of transactions still open are not in the "
                  "chain yet\n"),
                v.unsealed);
    if (v.broken_at != 0)
        return cli_failf(cli,
                         _("the access log was changed: line %lld of the "
                           "chain is not what was written (a line changed, "
                           "removed or put in between)"),
                         v.broken_at);
    return CLI_OK;
}

static int run_verify(struct cli *cli, struct opts *o)
{
    return with_store(cli, 0, verify, o);
}

const struct cli_command cmd_audit_verify = {
    .group = "audit",
    .name = "verify",
    .usage = verify_usage,
    .min_pos = 0,
    .max_pos = 0,
    .count_error = N_("audit verify takes no arguments"),
    .run = run_verify,
};

/* --- kring db grant ROLE ------------------------------------------------ */

static const char grant_usage[] =
    N_("usage: kring db grant ROLE\n"
       "\n"
       "Gives the database role ROLE, which kring server connects as, what it\n"
       "needs and no more: to read and change cases, as row-level security\n"
       "lets the account it acts for; to read the accounts; to add to the\n"
       "access log, never to change it. Run as the owner of kring's tables.\n"
       "ROLE must not own them, be a superuser or pass row-level security\n"
       "(docs/deploy.md).\n");

static int grant(struct cli *cli, struct opts *o, kring_store *s)
{
    kring_error err;

    if (kring_store_grant(s, o->pos[0], &err))
        return cli_fail(cli, &err);
    return changed(cli, "{\"granted\": true}",
                   _("granted kring server's rights to '%s'\n"),
                   cli_shown(cli, o->pos[0]));
}

static int run_grant(struct cli *cli, struct opts *o)
{
    return with_store(cli, 0, grant, o);
}

const struct cli_command cmd_db_grant = {
    .group = "db",
    .name = "grant",
    .usage = grant_usage,
    .min_pos = 1,
    .max_pos = 1,
    .count_error = N_("db grant takes a ROLE"),
    .run = run_grant,
};
