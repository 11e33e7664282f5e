/* kring server's start page for the accounts that see no case
 * (docs/server.md "Roles"): the privacy officer's access log, newest
 * first, and the admin's accounts and teams. Read as the account: the
 * database's row-level security shows the log to a privacy officer only. */
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web.h"

#define _(s) dgettext("kring", s)

/* Lines of the log the page shows, the newest. */
#define OFFICE_LINES 500

static void access_log(FILE *f, kring_store *s)
{
    kring_audit_entry *log = NULL;
    kring_error err;
    size_t n = 0, i;

    if (kring_store_audit(s, NULL, KRING_AUDIT_ALL, NULL, &log, &n, &err)) {
        page_message(f, err.text, 1);
        return;
    }
    htmlf(f,
          "<h2>%s</h2>\n<p>%s</p>\n<table class=\"log\"><thead><tr>"
          "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
          "<th>%s</th></tr></thead><tbody>\n",
          _("Access log"),
          _("Every look at and change of a case, newest first; a case by its "
            "number. kring audit verify proves it unbroken."),
          _("When"), _("Who"), _("Kind"), _("What"), _("Case"), _("Command"));
    for (i = n; i > 0 && n - i < OFFICE_LINES; i--) {
        const kring_audit_entry *e = &log[i - 1];
        char key[24] = "";
        if (e->case_key)
            snprintf(key, sizeof key, "%lld", e->case_key);
        htmlf(f,
              "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td>"
              "<td>%s</td></tr>\n",
              e->at, e->user, e->kind, e->event, key, e->command);
    }
    fputs("</tbody></table>\n", f);
    kring_audit_free(log, n);
}

static void accounts(FILE *f, kring_store *s)
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
          "<h2>%s</h2>\n<table><thead><tr><th>%s</th><th>%s</th><th>%s</th>"
          "<th>%s</th><th>%s</th></tr></thead><tbody>\n",
          _("Accounts"), _("Login"), _("Name"), _("Role"), _("Teams"),
          _("Disabled"));
    for (i = 0; i < nu; i++)
        htmlf(f,
              "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td>"
              "</tr>\n",
              u[i].login, u[i].name, kring_account_role_name(u[i].role),
              u[i].teams, u[i].disabled);
    htmlf(f,
          "</tbody></table>\n<h2>%s</h2>\n<table><thead><tr><th>%s</th>"
          "<th>%s</th></tr></thead><tbody>\n",
          _("Teams"), _("Team"), _("Members"));
    for (i = 0; i < nt; i++) {
        char members[24];
        snprintf(members, sizeof members, "%ld", t[i].members);
        htmlf(f, "<tr><td>%s</td><td>%s</td></tr>\n", t[i].name, members);
    }
    fputs("</tbody></table>\n", f);
    kring_user_free(u, nu);
    kring_team_free(t, nt);
}

void page_office(struct web *w, struct kh_response *res)
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
    if (web_store(w, &s, &err) != KRING_OK)
        page_message(p.f, err.text, 1);
    else if (acct->role == KRING_ACCOUNT_PRIVACY_OFFICER) {
        glass_list(p.f, s);
        access_log(p.f, s);
    } else
        accounts(p.f, s);
    kring_store_close(s);
    page_foot(p.f);
    web_page(res, 200, &p);
}
