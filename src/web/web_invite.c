/* kring server: the professional invites the young person to their map on
 * their own phone (docs/youth-phone.md). The case page says whether the
 * newest invitation was used and when the map was last opened, and has
 * the two forms: invite (a page with the QR code of a link of 128 random
 * bits and a short code of 50, for the server's invite_minutes, shown once and
 * kept only as hashes) and revoke (every phone of the case is out at its
 * next request). web_phone.c is the phone's side. */
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "auth.h"
#include "web.h"

#define _(s) dgettext("kring", s)

/* A UTC time of the store ("YYYY-MM-DDTHH:MM:SSZ") as the server's local
 * day and time into OUT. */
static void local_time(const char *utc, char *out, size_t cap)
{
    struct tm tm;
    time_t t;

    memset(&tm, 0, sizeof tm);
    if (sscanf(utc, "%4d-%2d-%2dT%2d:%2d:%2dZ", &tm.tm_year, &tm.tm_mon,
               &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6 ||
        (tm.tm_year -= 1900, tm.tm_mon -= 1, t = timegm(&tm)) == (time_t)-1 ||
        localtime_r(&t, &tm) == NULL ||
        strftime(out, cap, "%Y-%m-%d %H:%M", &tm) == 0)
        snprintf(out, cap, "%s", utc);
}

void web_phone_section(FILE *f, struct web *w, const char *code)
{
    char action[120], a[40], b[40];
    kring_invitation inv;
    kring_store *s = NULL;
    kring_error err;
    bool found = false;
    int live;

    if (w->server == NULL || web_account() == NULL)
        return;
    if (web_store(w, &s, &err) ||
        kring_youth_latest(s, code, &inv, &found, &err)) {
        kring_store_close(s);
        page_message(f, err.text, 1);
        return;
    }
    kring_store_close(s);
    htmlf(f, "<h3 id=\"phone\">%s</h3>\n<p class=\"phone-state\">",
          _("On the young person's phone"));
    live = found && !inv.revoked[0] && !inv.locked[0];
    if (!found) {
        html(f, _("Not invited yet."));
    } else if (inv.locked[0]) {
        local_time(inv.locked, a, sizeof a);
        htmlf(f,
              inv.passkey ? _("Locked on %s: the phone's passkey was refused "
                              "5 times. Make a new invitation.")
                          : _("Locked on %s: the PIN was wrong 5 times. Make "
                              "a new invitation."),
              a);
    } else if (inv.revoked[0]) {
        local_time(inv.revoked, a, sizeof a);
        htmlf(f, _("Taken back on %s."), a);
    } else if (!inv.used[0]) {
        local_time(inv.open_by, a, sizeof a);
        htmlf(f, _("Invited; not opened yet. It can be opened until %s."), a);
    } else {
        local_time(inv.used, a, sizeof a);
        local_time(inv.last_opened, b, sizeof b);
        htmlf(f,
              inv.passkey ? _("Opened on the phone on %s, with its screen "
                              "lock (a passkey); the map was last looked at "
                              "on %s.")
                          : _("Opened on the phone on %s; the map was last "
                              "looked at on %s."),
              a, b);
    }
    htmlf(f, "</p>\n<p class=\"hint\">%s</p>\n",
          _("A new invitation takes back one not opened yet; a phone that "
            "opened one keeps its map until you take it back. Taking it "
            "back logs the phone out; a map the young person saved stays "
            "theirs."));
    snprintf(action, sizeof action, "/case/%s/invite", code);
    web_form_start(f, w, action, "invite");
    htmlf(f, "<button type=\"submit\">%s</button></form>\n",
          found ? _("Make a new invitation") : _("Invite to the phone"));
    if (live) {
        snprintf(action, sizeof action, "/case/%s/invite/revoke", code);
        web_form_start(f, w, action, "revoke");
        htmlf(f,
              "<button type=\"submit\" class=\"danger\">%s</button></form>\n",
              _("Take back: log the phone out now"));
    }
}

/* 10 random letters and digits of WEB_SHORT_ALPHABET into OUT (11
 * bytes); -1 without randomness. */
static int short_code_new(char *out)
{
    unsigned char r[10];
    int i;

    if (getrandom(r, sizeof r, 0) != (ssize_t)sizeof r)
        return -1;
    for (i = 0; i < 10; i++)
        out[i] = WEB_SHORT_ALPHABET[r[i] & 31];
    out[10] = '\0';
    return 0;
}

/* The page shown once: the QR code, the short code, until when. */
static void invitation_page(struct web *w, struct kh_response *res,
                            const char *code, const char *short_code,
                            const char *svg)
{
    char until[40], shown[16], action[120];
    time_t t = time(NULL) + w->server->invite_minutes * 60;
    struct tm tm;
    struct page p;

    if (localtime_r(&t, &tm) == NULL ||
        strftime(until, sizeof until, "%H:%M", &tm) == 0)
        snprintf(until, sizeof until, "?");
    snprintf(shown, sizeof shown, "%.5s-%.5s", short_code, short_code + 5);
    if (page_open(&p) < 0) {
        page_problem(w, res, 500, "out of memory");
        return;
    }
    page_head(p.f, w, _("Invitation to the phone"), code, "case");
    htmlf(p.f,
          "<section class=\"invitation\">\n<h1>%s</h1>\n<p>%s %s</p>\n"
          "<p>%s</p>\n<figure class=\"qr\" aria-label=\"%s\">",
          _("Invitation to the phone"), _("Case"), code,
          _("Let the young person scan this code with their phone's "
            "camera. Show it to them only: it opens their map once."),
          _("QR code of the invitation"));
    if (svg != NULL && strstr(svg, "<svg") != NULL)
        fputs(strstr(svg, "<svg"), p.f);
    htmlf(p.f, "</figure>\n<p>%s <strong class=\"short-code\">%s</strong>",
          _("No camera? Open this address on the phone:"), w->server->origin);
    htmlf(p.f,
          "<strong>/j</strong> %s <strong class=\"short-code\" "
          "id=\"short-code\">%s</strong></p>\n",
          _("and type the code"), shown);
    htmlf(p.f, "<p>");
    htmlf(p.f,
          _("It can be opened until %s (%d minutes). This page is not "
            "shown again."),
          until, w->server->invite_minutes);
    htmlf(p.f, "</p>\n<p><a href=\"/case/%s#phone\">%s</a></p>\n", code,
          _("Back to the case"));
    /* Shown to the wrong person, or scanned by someone else: taken back
     * here at once. */
    snprintf(action, sizeof action, "/case/%s/invite/revoke", code);
    web_form_start(p.f, w, action, "revoke");
    htmlf(p.f,
          "<button type=\"submit\" class=\"danger\">%s</button></form>\n"
          "</section>\n",
          _("Take back: log the phone out now"));
    page_foot(p.f);
    web_page(res, 200, &p);
}

void web_invite(struct web *w, struct kh_response *res, const char *code,
                int revoke)
{
    const struct ka_api *auth = w->server->auth;
    char secret[33], link[400], short_code[11], link_hash[65];
    char short_hash[65], back[120];
    kring_store *s = NULL;
    kring_error err;
    kring_status rc;
    char *svg = NULL;

    if (revoke) {
        if (web_store_write(w, &s, &err) == KRING_OK)
            kring_youth_revoke(s, code, &err);
        kring_store_close(s);
        web_event(w, "phone invitations of a case taken back by account %lld",
                  web_account()->user_id);
        snprintf(back, sizeof back, "/case/%s#phone", code);
        web_redirect(res, back);
        return;
    }
    auth->random_hex(secret, 16);
    if (short_code_new(short_code) < 0) {
        page_problem(w, res, 500, "no random bytes");
        return;
    }
    auth->sha256_hex(secret, link_hash);
    auth->sha256_hex(short_code, short_hash);
    snprintf(link, sizeof link, "%s/j/%s", w->server->origin, secret);
    rc = web_store_write(w, &s, &err);
    if (rc == KRING_OK)
        rc = kring_youth_invite(s, code, link_hash, short_hash,
                                w->server->invite_minutes, &err);
    kring_store_close(s);
    if (rc != KRING_OK) {
        page_problem(w, res, rc == KRING_ERR_NOT_FOUND ? 404 : 500, err.text);
        return;
    }
    if (auth->qr_svg(link, &svg) < 0) {
        page_problem(w, res, 500, "out of memory");
        return;
    }
    /* The link is in the QR code only: the phone's camera reads it. */
    invitation_page(w, res, code, short_code, svg);
    free(svg);
}
