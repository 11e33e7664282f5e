/* kring server's pages of who holds a case and who one is
 * (docs/server.md): on a case page, its team and the professional
 * responsible for it, and for a team lead of its team the form that gives
 * it to another (kring case assign, which web_change.c makes); the
 * account's own page, with "log out everywhere". What an account may do is the
 * database's to say (case_assign()): the form offers what it would allow. */
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web.h"

#define _(s) dgettext("kring", s)
#define N_(s) s

/* The teams and accounts of the organisation, and the case's holders. */
struct holders {
    kring_team *teams;
    size_t n_teams;
    kring_user *users;
    size_t n_users;
    long long mine[64]; /* the acting account's teams */
    size_t n_mine;
};

static void holders_free(struct holders *h)
{
    kring_team_free(h->teams, h->n_teams);
    kring_user_free(h->users, h->n_users);
}

static kring_status holders_read(kring_store *s, long long user_id,
                                 struct holders *h, kring_error *err)
{
    kring_status rc;

    memset(h, 0, sizeof *h);
    if ((rc = kring_team_list(s, &h->teams, &h->n_teams, err)) ||
        (rc = kring_user_list(s, &h->users, &h->n_users, err)))
        return rc;
    return kring_account_teams(s, user_id, h->mine,
                               sizeof h->mine / sizeof h->mine[0], &h->n_mine,
                               err);
}

static int is_mine(const struct holders *h, long long team)
{
    size_t i;

    for (i = 0; i < h->n_mine; i++)
        if (h->mine[i] == team)
            return 1;
    return 0;
}

const char *web_role_word(kring_account_role r)
{
    static const char *const words[KRING_ACCOUNT_ROLES] = {
        N_("professional"), N_("team lead"), N_("privacy officer"),
        N_("admin")};
    return (unsigned)r < KRING_ACCOUNT_ROLES ? _(words[r]) : "?";
}

int web_in_team(const kring_user *u, const char *team)
{
    size_t n = strlen(team);
    const char *p = u->teams;

    while ((p = strstr(p, team)) != NULL) {
        if ((p == u->teams || (p >= u->teams + 2 && p[-2] == ',')) &&
            (p[n] == '\0' || p[n] == ','))
            return 1;
        p += n;
    }
    return 0;
}

/* The team lead's form: the case to one of their teams, and to a member
 * of those teams. */
static void assign_form(FILE *f, const struct web *w, const char *code,
                        const struct holders *h, long long team,
                        long long responsible)
{
    char action[128];
    size_t i, k;

    snprintf(action, sizeof action, "/case/%s/assign", code);
    web_form_start(f, w, action, "assign");
    htmlf(f,
          "<p><label for=\"assign-team\">%s</label><br><select "
          "id=\"assign-team\" name=\"team\">",
          _("Team"));
    for (i = 0; i < h->n_teams; i++)
        if (is_mine(h, h->teams[i].id))
            htmlf(f, "<option value=\"%s\"%s>%s</option>", h->teams[i].name,
                  h->teams[i].id == team ? " selected" : "", h->teams[i].name);
    htmlf(f,
          "</select></p>\n<p><label for=\"assign-who\">%s</label><br><select "
          "id=\"assign-who\" name=\"responsible\"><option value=\"\">%s"
          "</option>",
          _("Responsible"), _("nobody yet"));
    for (i = 0; i < h->n_users; i++) {
        const kring_user *u = &h->users[i];
        int in = 0;
        if (u->disabled[0] != '\0' || (u->role != KRING_ACCOUNT_PROFESSIONAL &&
                                       u->role != KRING_ACCOUNT_TEAM_LEAD))
            continue;
        for (k = 0; k < h->n_teams && !in; k++)
            in = is_mine(h, h->teams[k].id) && web_in_team(u, h->teams[k].name);
        if (in)
            htmlf(f, "<option value=\"%s\"%s>%s (%s)</option>", u->login,
                  u->id == responsible ? " selected" : "", u->name, u->login);
    }
    htmlf(f,
          "</select></p>\n<p><button type=\"submit\">%s</button></p></form>\n",
          _("Assign"));
}

/* 200 characters of UTF-8 at most (schema.c), and the end. */
#define HOLDER_NAME 801

void web_case_holders(FILE *f, struct web *w, const char *code)
{
    const struct web_account *acct = web_account();
    long long team = 0, responsible = 0;
    char team_name[HOLDER_NAME], user_name[HOLDER_NAME];
    struct holders h;
    kring_store *s = NULL;
    kring_error err;
    bool glass = false, lead;

    if (w->server == NULL || acct == NULL)
        return;
    /* The organisation's teams and accounts only for a team lead's form;
     * the names alone for everyone else. */
    lead = acct->role == KRING_ACCOUNT_TEAM_LEAD;
    memset(&h, 0, sizeof h);
    if (web_store(w, &s, &err) ||
        kring_case_holder(s, code, &team, &responsible, &glass, &err) ||
        kring_holder_names(s, team, responsible, team_name, user_name,
                           sizeof team_name, &err) ||
        (lead && holders_read(s, acct->user_id, &h, &err))) {
        kring_store_close(s);
        holders_free(&h);
        page_message(f, err.text, 1);
        return;
    }
    kring_store_close(s);
    htmlf(f, "<h3>%s</h3>\n<p>", _("Who holds the case"));
    htmlf(f, _("Team: %s. Responsible: %s."),
          team_name[0] ? team_name : _("none"),
          user_name[0] ? user_name : _("nobody yet"));
    fputs("</p>\n", f);
    if (lead && is_mine(&h, team))
        assign_form(f, w, code, &h, team, responsible);
    holders_free(&h);
}

void page_account(struct web *w, struct kh_response *res)
{
    const struct web_account *acct = web_account();
    kring_user *users = NULL;
    kring_store *s = NULL;
    kring_error err;
    size_t n = 0, i;
    struct page p;

    if (page_open(&p) < 0) {
        web_text(res, 500, "out of memory\n");
        return;
    }
    page_head(p.f, w, _("Your account"), NULL, "office");
    htmlf(p.f, "<h1>%s</h1>\n", _("Your account"));
    if (web_store(w, &s, &err) || kring_user_list(s, &users, &n, &err))
        page_message(p.f, err.text, 1);
    for (i = 0; i < n; i++)
        if (users[i].id == acct->user_id)
            htmlf(p.f,
                  "<dl><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s"
                  "</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd></dl>\n",
                  _("Login"), users[i].login, _("Name"), users[i].name,
                  _("Role"), web_role_word(users[i].role), _("Teams"),
                  users[i].teams[0] ? users[i].teams : _("none"));
    kring_user_free(users, n);
    kring_store_close(s);
    htmlf(p.f, "<h2>%s</h2>\n<p>%s</p>\n", _("Log out everywhere"),
          _("Ends every session of your account, on every computer and "
            "phone: for a device lost, or left logged in somewhere."));
    web_form_start(p.f, w, "/logout-everywhere", "everywhere");
    htmlf(p.f, "<button type=\"submit\">%s</button></form>\n",
          _("Log out everywhere"));
    page_foot(p.f);
    web_page(res, 200, &p);
}
