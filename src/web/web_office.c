/* kring server's start page for the accounts that see no case
 * (docs/server.md "Roles"): the privacy officer's access log, newest
 * first, and the admin's accounts and teams. Read as the account: the
 * database's row-level security shows the log to a privacy officer only. */
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "web.h"

#define _(s) dgettext("kring", s)
#define N_(s) s

/* Lines of the log the page shows, the newest. */
#define OFFICE_LINES 500

/* A line's role as stored ("team_lead"), in the page's language; a line
 * without one (the command line's) keeps its "". */
static const char *line_role(const char *stored)
{
    kring_account_role r;

    return kring_account_role_parse(stored, &r) == 0 ? web_role_word(r)
                                                     : stored;
}

/* Whether line E is of case number CASE_NO ("" or NULL: any) and account
 * LOGIN ("" or NULL: any). */
static int wanted(const kring_audit_entry *e, const char *case_no,
                  const char *login)
{
    char key[24];

    snprintf(key, sizeof key, "%lld", e->case_key);
    return (case_no == NULL || case_no[0] == '\0' ||
            (e->case_key && strcmp(key, case_no) == 0)) &&
           (login == NULL || login[0] == '\0' || strcmp(e->user, login) == 0);
}

static void access_log(FILE *f, const struct web *w, kring_store *s,
                       const char *case_no, const char *login)
{
    kring_audit_entry *log = NULL;
    kring_error err;
    size_t n = 0, i, shown = 0;
    char query[160];

    if (kring_store_audit(s, NULL, KRING_AUDIT_ALL, NULL, &log, &n, &err)) {
        page_message(f, err.text, 1);
        return;
    }
    snprintf(query, sizeof query, "case=%s&user=%s", case_no ? case_no : "",
             login ? login : "");
    htmlf(f,
          "<h2>%s</h2>\n<p>%s</p>\n<form method=\"get\" action=\"/\" "
          "class=\"filter\"><label>%s <input name=\"case\" value=\"%s\" "
          "inputmode=\"numeric\" size=\"8\"></label> <label>%s <input "
          "name=\"user\" value=\"%s\" size=\"12\"></label> <button>%s"
          "</button> <a href=\"/log.csv?%s\" download>%s</a></form>\n"
          "<table class=\"list log\"><thead><tr><th>%s</th><th>%s</th>"
          "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>"
          "</thead><tbody>\n",
          _("Access log"),
          _("Every look at and change of a case, newest first; a case by its "
            "number. kring audit verify proves it unbroken."),
          _("Case"), case_no ? case_no : "", _("Login"), login ? login : "",
          _("Show"), query, _("Download as CSV"), _("When"), _("Who"),
          _("Role"), _("From"), _("What"), _("Case"), _("Command"));
    (void)w;
    for (i = n; i > 0 && shown < OFFICE_LINES; i--) {
        const kring_audit_entry *e = &log[i - 1];
        char key[24] = "";
        if (!wanted(e, case_no, login))
            continue;
        if (e->case_key)
            snprintf(key, sizeof key, "%lld", e->case_key);
        htmlf(f,
              "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s%s</td>"
              "<td>%s</td><td>%s</td></tr>\n",
              e->at, e->user, line_role(e->role), e->address,
              kring_audit_event_word(e->event),
              e->refused ? _(" (refused)") : "", key, e->command);
        shown++;
    }
    fputs("</tbody></table>\n", f);
    kring_audit_free(log, n);
}

/* A field of CSV (RFC 4180): quoted, quotes doubled; a text a
 * spreadsheet would take for a formula starts with a quote. */
static void csv(FILE *f, const char *text, int last)
{
    fputc('"', f);
    if (strchr("=+-@\t\r", text[0]) != NULL && text[0] != '\0')
        fputc('\'', f);
    for (; *text; text++) {
        if (*text == '"')
            fputc('"', f);
        fputc(*text, f);
    }
    fputs(last ? "\"\r\n" : "\",", f);
}

void web_log_csv(struct web *w, struct kh_response *res, const char *case_no,
                 const char *login)
{
    kring_audit_entry *log = NULL;
    kring_store *s = NULL;
    kring_error err;
    struct page p;
    size_t n = 0, i;

    if (web_account() == NULL ||
        web_account()->role != KRING_ACCOUNT_PRIVACY_OFFICER) {
        page_problem(w, res, 404, _("There is no such page."));
        return;
    }
    if (web_store(w, &s, &err) ||
        kring_store_audit(s, NULL, KRING_AUDIT_ALL, NULL, &log, &n, &err)) {
        kring_store_close(s);
        page_problem(w, res, 500, err.text);
        return;
    }
    kring_store_close(s);
    if (page_open(&p) < 0) {
        kring_audit_free(log, n);
        web_text(res, 500, "out of memory\n");
        return;
    }
    fputs("seq,at,user,role,address,command,kind,event,case,person,other,"
          "outcome\r\n",
          p.f);
    for (i = 0; i < n; i++) {
        const kring_audit_entry *e = &log[i];
        char num[4][24];
        if (!wanted(e, case_no, login))
            continue;
        snprintf(num[0], sizeof num[0], "%lld", e->seq);
        snprintf(num[1], sizeof num[1], "%lld", e->case_key);
        snprintf(num[2], sizeof num[2], "%lld", e->person_key);
        snprintf(num[3], sizeof num[3], "%lld", e->other_key);
        csv(p.f, num[0], 0);
        csv(p.f, e->at, 0);
        csv(p.f, e->user, 0);
        csv(p.f, e->role, 0);
        csv(p.f, e->address, 0);
        csv(p.f, e->command, 0);
        csv(p.f, e->kind, 0);
        csv(p.f, e->event, 0);
        csv(p.f, e->case_key ? num[1] : "", 0);
        csv(p.f, e->person_key ? num[2] : "", 0);
        csv(p.f, e->other_key ? num[3] : "", 0);
        csv(p.f, e->refused ? "refused" : "done", 1);
    }
    kring_audit_free(log, n);
    if (fclose(p.f) != 0 || p.buf == NULL) {
        free(p.buf);
        web_text(res, 500, "out of memory\n");
        return;
    }
    web_answer(
        res, 200, "text/csv; charset=utf-8", p.buf, p.len,
        "Content-Disposition: attachment; filename=\"access-log.csv\"\n");
}

/* A button that POSTs LOGIN to ACTION. */
static void row_button(FILE *f, const struct web *w, const char *action,
                       const char *login, const char *label)
{
    web_form_start(f, w, action, "inline");
    htmlf(f,
          "<input type=\"hidden\" name=\"login\" value=\"%s\"><button "
          "type=\"submit\">%s</button></form>",
          login, label);
}

/* The teams of account U, as boxes to tick (every team of the NT T). */
static void teams_form(FILE *f, const struct web *w, const kring_user *u,
                       const kring_team *t, size_t nt)
{
    size_t i;

    web_form_start(f, w, "/admin/teams", "teams");
    htmlf(f,
          "<input type=\"hidden\" name=\"login\" value=\"%s\"><fieldset>"
          "<legend>%s</legend>",
          u->login, _("Teams"));
    for (i = 0; i < nt; i++)
        htmlf(f,
              "<label class=\"check\"><input type=\"checkbox\" name=\"team\" "
              "value=\"%s\"%s>"
              " %s</label> ",
              t[i].name, web_in_team(u, t[i].name) ? " checked" : "",
              t[i].name);
    htmlf(f, "</fieldset><button type=\"submit\">%s</button></form>",
          _("Save the teams"));
}

static void accounts(FILE *f, const struct web *w, kring_store *s)
{
    kring_user *u = NULL;
    kring_team *t = NULL;
    kring_error err;
    size_t nu = 0, nt = 0, i;

    if (kring_user_list(s, &u, &nu, &err) ||
        kring_team_list(s, &t, &nt, &err)) {
        page_message(f, err.text, 1);
        kring_user_free(u, nu);
        return;
    }
    htmlf(f,
          "<h2>%s</h2>\n<table class=\"list\"><thead><tr><th>%s</th><th>%s"
          "</th><th>%s</th><th>%s</th><th>%s</th><th></th></tr></thead>"
          "<tbody>\n",
          _("Accounts"), _("Login"), _("Name"), _("Role"), _("Teams"),
          _("Disabled"));
    for (i = 0; i < nu; i++) {
        htmlf(f,
              "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td>"
              "<td>",
              u[i].login, u[i].name, web_role_word(u[i].role), u[i].teams,
              u[i].disabled);
        if (u[i].disabled[0] == '\0') {
            row_button(f, w, "/admin/reset", u[i].login, _("New enrolment"));
            /* An admin does not lock themselves out by a slip. */
            if (web_account() == NULL || u[i].id != web_account()->user_id)
                row_button(f, w, "/admin/disable", u[i].login, _("Disable"));
        }
        if (u[i].disabled[0] == '\0' &&
            (u[i].role == KRING_ACCOUNT_PROFESSIONAL ||
             u[i].role == KRING_ACCOUNT_TEAM_LEAD))
            teams_form(f, w, &u[i], t, nt);
        fputs("</td></tr>\n", f);
    }
    htmlf(f, "</tbody></table>\n<h3>%s</h3>\n", _("A new account"));
    web_form_start(f, w, "/admin/user", "add");
    htmlf(f,
          "<p><label for=\"new-login\">%s</label><br><input id=\"new-login\" "
          "name=\"login\" required maxlength=\"64\" "
          "pattern=\"[a-z0-9][a-z0-9._-]*\"></p>\n<p><label "
          "for=\"new-name\">%s</label><br><input id=\"new-name\" "
          "name=\"name\" required maxlength=\"200\"></p>\n<p><label "
          "for=\"new-role\">%s</label><br><select id=\"new-role\" "
          "name=\"role\">",
          _("Login"), _("Name"), _("Role"));
    for (i = 0; i < KRING_ACCOUNT_ROLES; i++)
        htmlf(f, "<option value=\"%s\">%s</option>",
              kring_account_role_name((kring_account_role)i),
              web_role_word((kring_account_role)i));
    htmlf(f, "</select></p>\n<fieldset><legend>%s</legend>", _("Teams"));
    for (i = 0; i < nt; i++)
        htmlf(f,
              "<label class=\"check\"><input type=\"checkbox\" "
              "name=\"team\" value=\"%s\"> %s</label> ",
              t[i].name, t[i].name);
    htmlf(f, "</fieldset>\n<p><button type=\"submit\">%s</button></p></form>\n",
          _("Add the account"));
    htmlf(f,
          "<h2>%s</h2>\n<table class=\"list\"><thead><tr><th>%s</th>"
          "<th>%s</th></tr></thead><tbody>\n",
          _("Teams"), _("Team"), _("Members"));
    for (i = 0; i < nt; i++) {
        char members[24];
        snprintf(members, sizeof members, "%ld", t[i].members);
        htmlf(f, "<tr><td>%s</td><td>%s</td></tr>\n", t[i].name, members);
    }
    fputs("</tbody></table>\n", f);
    web_form_start(f, w, "/admin/team", "add");
    htmlf(f,
          "<p><label for=\"new-team\">%s</label><br><input id=\"new-team\" "
          "name=\"name\" required maxlength=\"100\"></p><p><button "
          "type=\"submit\">%s</button></p></form>\n",
          _("A new team"), _("Add the team"));
    kring_user_free(u, nu);
    kring_team_free(t, nt);
}

void page_office(struct web *w, struct kh_response *res, const char *message,
                 int error, const char *case_no, const char *login)
{
    const struct web_account *acct = web_account();
    kring_store *s = NULL;
    kring_error err;
    struct page p;

    if (page_open(&p) < 0) {
        web_text(res, 500, "out of memory\n");
        return;
    }
    page_head(p.f, w, w->server->org, NULL, "office");
    htmlf(p.f, "<h1>%s</h1>\n", w->server->org);
    if (message != NULL)
        page_message(p.f, message, error);
    if (web_store(w, &s, &err) != KRING_OK)
        page_message(p.f, err.text, 1);
    else if (acct->role == KRING_ACCOUNT_PRIVACY_OFFICER) {
        glass_list(p.f, s);
        access_log(p.f, w, s, case_no, login);
    } else
        accounts(p.f, w, s);
    kring_store_close(s);
    page_foot(p.f);
    web_page(res, message != NULL && error ? 422 : 200, &p);
}

/* --- the admin's changes ------------------------------------------------ */

/* A new enrolment of LOGIN, in S's transaction: its code said in SAID. */
static kring_status enrol_anew(struct web *w, kring_store *s, const char *login,
                               char *said, size_t cap, kring_error *err)
{
    char code[33], hash[65], shown[48];
    kring_status rc;
    int i, k = 0;

    w->server->auth->random_hex(code, 16);
    w->server->auth->sha256_hex(code, hash);
    if ((rc = kring_user_enrolment(s, login, hash, 72, err)))
        return rc;
    for (i = 0; code[i]; i++) {
        if (i > 0 && i % 4 == 0)
            shown[k++] = '-';
        shown[k++] = code[i];
    }
    shown[k] = '\0';
    snprintf(said, cap,
             _("%s sets a password and a second factor at %s/enrol with the "
               "one-time code %s, valid for 72 hours. Hand it over in person "
               "or by the organisation's own mail."),
             login, w->server->origin, shown);
    return KRING_OK;
}

/* Each ticked team of form F into TEAM (32 at most; a name may hold a
 * comma), how many into *N. */
static void ticked(const struct form *f, const char **team, size_t *n)
{
    int i;

    *n = 0;
    for (i = 0; i < f->n && *n < 32; i++)
        if (strcmp(f->key[i], "team") == 0)
            team[(*n)++] = f->value[i];
}

void web_admin(struct web *w, struct kh_response *res, const char *what,
               const struct form *f)
{
    const struct web_account *acct = web_account();
    const char *login = form_get(f, "login"), *name = form_get(f, "name");
    char said[800] = "";
    const char *team[32];
    kring_account_role role;
    kring_store *s = NULL;
    kring_error err;
    kring_status rc;
    size_t n = 0;

    if (acct == NULL || acct->role != KRING_ACCOUNT_ADMIN ||
        (strcmp(what, "user") != 0 && strcmp(what, "team") != 0 &&
         strcmp(what, "disable") != 0 && strcmp(what, "reset") != 0 &&
         strcmp(what, "teams") != 0)) {
        page_problem(w, res, 404, _("There is no such page."));
        return;
    }
    if ((rc = web_store_write(w, &s, &err)) == KRING_OK &&
        (rc = kring_store_begin(s, &err)) == KRING_OK) {
        if (strcmp(what, "team") == 0) {
            rc = kring_team_add(s, name, NULL, &err);
            snprintf(said, sizeof said, _("added team '%s'"), name ? name : "");
        } else if (strcmp(what, "disable") == 0) {
            rc = kring_user_disable(s, login, &err);
            snprintf(said, sizeof said, _("disabled account '%s'"),
                     login ? login : "");
        } else if (strcmp(what, "reset") == 0) {
            rc = enrol_anew(w, s, login, said, sizeof said, &err);
        } else if (strcmp(what, "teams") == 0) {
            ticked(f, team, &n);
            rc = kring_user_teams(s, login, team, n, &err);
            snprintf(said, sizeof said, _("set the teams of account '%s'"),
                     login ? login : "");
        } else if (kring_account_role_parse(form_get(f, "role"), &role) < 0) {
            rc = err.code = KRING_ERR_INVALID;
            snprintf(err.text, sizeof err.text, "%s", _("no such role"));
        } else {
            ticked(f, team, &n);
            if ((rc = kring_user_add(s, login, name, role, team, n, NULL,
                                     &err)) == KRING_OK)
                rc = enrol_anew(w, s, login, said, sizeof said, &err);
        }
        if (rc == KRING_OK)
            rc = kring_store_commit(s, &err);
        else
            kring_store_rollback(s);
    }
    kring_store_close(s);
    page_office(w, res, rc == KRING_OK ? said : err.text, rc != KRING_OK, NULL,
                NULL);
}
