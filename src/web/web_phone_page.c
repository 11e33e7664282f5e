/* kring server: the pages of the young person's phone (docs/youth-phone.md),
 * what web_phone.c and web_passkey.c both answer with: a page of the
 * phone's, one of a single text, "no such page", and the session's end,
 * which takes the phone's cookie back. */
#include <libintl.h>
#include <stdio.h>

#include "web.h"

#define _(s) dgettext("kring", s)

void web_phone_cookie_header(const struct web *w, const char *token, char *out,
                             size_t cap)
{
    /* Lax: opened from the camera's app, a chat or the home screen, the
     * phone brings it; a form from another site never (and a change
     * needs this site's Origin and the session's token as well). */
    if (token != NULL)
        snprintf(out, cap,
                 "Set-Cookie: " WEB_PHONE_COOKIE "=%s; Path=/; Max-Age=%d; "
                 "HttpOnly; SameSite=Lax%s\n",
                 token, w->server->phone_life,
                 w->server->secure ? "; Secure" : "");
    else
        snprintf(out, cap,
                 "Set-Cookie: " WEB_PHONE_COOKIE
                 "=; Path=/; Max-Age=0; HttpOnly; "
                 "SameSite=Lax%s\n",
                 w->server->secure ? "; Secure" : "");
}

/* A page of the phone's: its head, MESSAGE (an error when ERROR), the
 * caller's body, which it ends with web_phone_end(). */
int web_phone_begin(struct web *w, struct page *p, const char *title,
                    const char *message, int error)
{
    if (page_open(p) < 0)
        return -1;
    page_head(p->f, w, title, NULL, "youth");
    if (message != NULL)
        page_message(p->f, message, error);
    return 0;
}

void web_phone_end(struct kh_response *res, int status, struct page *p,
                   const char *more)
{
    page_foot(p->f);
    web_page_with(res, status, p, more);
}

void web_phone_said(struct web *w, struct kh_response *res, int status,
                    const char *title, const char *text, const char *more)
{
    struct page p;

    if (web_phone_begin(w, &p, title, NULL, 0) < 0) {
        web_text(res, 500, "out of memory\n");
        return;
    }
    htmlf(p.f, "<h1>%s</h1>\n<p>%s</p>\n", title, text);
    web_phone_end(res, status, &p, more);
}

int web_phone_tried(struct web *w, struct kh_response *res, kring_status rc,
                    int right, int left, const char *locked,
                    const char *address)
{
    if (rc != KRING_OK) {
        web_phone_said(w, res, 500, _("Something is wrong"),
                       _("Try again in a moment."), NULL);
    } else if (right) {
        web_redirect(res, "/y");
    } else if (left <= 0) {
        web_event(w, "phone locked: %s (%s)", locked, address);
        web_phone_gone(w, res);
    } else {
        return 1;
    }
    return 0;
}

void web_phone_nowhere(struct web *w, struct kh_response *res)
{
    web_phone_said(w, res, 404, _("There is no such page."),
                   _("Open your map with the link or the code you were given."),
                   NULL);
}

void web_phone_gone(struct web *w, struct kh_response *res)
{
    char more[200];

    web_phone_cookie_header(w, NULL, more, sizeof more);
    web_phone_said(w, res, 404, _("Your map is closed on this phone"),
                   _("Ask the person you made the map with for a new "
                     "invitation."),
                   more);
}
