/* kring server: a passkey on the young person's phone (docs/youth-phone.md).
 *
 * Where the phone offers one (its screen lock: a fingerprint, a face, the
 * phone's own code), the young person may open the invitation with a
 * passkey instead of choosing a PIN; the phone then unlocks their map
 * with it where it would ask the PIN. The questions (WebAuthn's
 * challenges) are signed by kring-auth.so, so nothing is stored before
 * the phone answers; the answers are checked there too (webauthn.c). A
 * refused answer counts as a wrong PIN: 5 lock the invitation.
 *
 * The script (passkey.js) asks the phone; without it, or on a phone
 * without a screen lock, the PIN is all there is. Passkeys need HTTPS
 * and a host name: a server reached by its IP address offers none. */
#include <libintl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "auth.h"
#include "web.h"

#define _(s) dgettext("kring", s)

/* How long the phone may take to answer, in seconds. */
#define ASK_SECONDS 600

_Static_assert(KA_PASSKEY_ID_MAX == KRING_PASSKEY_ID_MAX &&
                   KA_PASSKEY_KEY_MAX == KRING_PASSKEY_KEY_MAX,
               "a passkey as kring-auth.so reads it is one the store keeps");

/* The passkeys' host name (WebAuthn's RP ID): the server's host without
 * its port, into OUT (CAP bytes); 0 when passkeys cannot be used here:
 * not over HTTPS, or reached by an IP address. */
static int rp_id(const struct web *w, char *out, size_t cap)
{
    const char *h = w->server->host;
    size_t n = strcspn(h, ":");

    if (!w->server->secure || h[0] == '[' || n == 0 || n >= cap)
        return 0;
    snprintf(out, cap, "%.*s", (int)n, h);
    return strspn(out, "0123456789.") != n;
}

/* What the question for unlocking session TOKEN_HASH is bound to. */
static void unlock_context(const char *token_hash, char *out, size_t cap)
{
    snprintf(out, cap, "unlock %s", token_hash);
}

/* The hidden fields an answer comes back in, and the words around the
 * button; the script shows them when the phone can answer. */
static void ask_box(FILE *f, const char *mode, const char *rp,
                    const char *challenge, const char *id, const char *text,
                    const char *button, const char *failed, const char *alt)
{
    htmlf(f,
          "<div class=\"passkey\" data-passkey=\"%s\" data-rp=\"%s\" "
          "data-challenge=\"%s\" data-id=\"%s\" data-name=\"%s\" hidden>\n"
          "<p>%s</p>\n<button type=\"button\" class=\"big\">%s</button>\n"
          "<p class=\"problem passkey-failed\" role=\"alert\" hidden>%s</p>\n"
          "<input type=\"hidden\" name=\"challenge\" value=\"%s\">\n"
          "<input type=\"hidden\" name=\"client_data\">\n"
          "<input type=\"hidden\" name=\"attestation\">\n"
          "<input type=\"hidden\" name=\"auth_data\">\n"
          "<input type=\"hidden\" name=\"signature\">\n"
          "<input type=\"hidden\" name=\"id\">\n",
          mode, rp, challenge, id, _("My map"), text, button, failed,
          challenge);
    if (alt != NULL)
        htmlf(f, "<p class=\"passkey-or\">%s</p>\n", alt);
    fputs("</div>\n", f);
}

void web_passkey_offer(FILE *f, const struct web *w)
{
    char rp[256], challenge[KA_CHALLENGE_MAX];

    if (!rp_id(w, rp, sizeof rp) ||
        w->server->auth->challenge("claim", (long long)time(NULL) + ASK_SECONDS,
                                   challenge) < 0)
        return;
    ask_box(f, "create", rp, challenge, "",
            _("You can also open your map with your phone's screen lock: "
              "your fingerprint, your face or your phone's code. kring never "
              "sees them: they stay on your phone. Then you don't need a "
              "PIN."),
            _("Use my screen lock"),
            _("That did not work. Choose a PIN below instead."),
            _("Or choose a PIN:"));
}

int web_passkey_made(const struct web *w, const struct form *f,
                     kring_passkey *key, const char **why)
{
    const struct ka_api *auth = w->server->auth;
    struct ka_webauthn in;
    char rp[256];

    memset(&in, 0, sizeof in);
    memset(key, 0, sizeof *key);
    if (!rp_id(w, rp, sizeof rp)) {
        *why = "passkeys need HTTPS and a host name";
        return -1;
    }
    in.rp_id = rp;
    in.origin = w->server->origin;
    in.challenge = form_get(f, "challenge");
    in.client_data = form_get(f, "client_data");
    in.attestation = form_get(f, "attestation");
    in.id = form_get(f, "id");
    if (!auth->challenge_ok(in.challenge, "claim", (long long)time(NULL))) {
        *why = "the question is not this server's, or too old";
        return -1;
    }
    return auth->passkey_made(&in, key->id, key->key, &key->count, why);
}

void web_passkey_page(struct web *w, struct kh_response *res, int status,
                      const char *token_hash, const char *key_id,
                      const char *message)
{
    char rp[256], context[80], challenge[KA_CHALLENGE_MAX];
    struct page p;

    unlock_context(token_hash, context, sizeof context);
    if (!rp_id(w, rp, sizeof rp)) {
        /* The server's address changed since (no HTTPS, or an IP
         * address): a passkey cannot be asked for here any more. */
        web_phone_said(w, res, 403, _("Your map"),
                       _("Your map cannot be opened with your phone's screen "
                         "lock here. Ask the person you made the map with "
                         "for a new invitation."),
                       NULL);
        return;
    }
    /* An answer is good no longer than the map stays open unused: a
     * copied answer cannot reopen a map that closed for being idle. */
    if (w->server->auth->challenge(context,
                                   (long long)time(NULL) +
                                       (w->server->phone_idle < ASK_SECONDS
                                            ? w->server->phone_idle
                                            : ASK_SECONDS),
                                   challenge) < 0 ||
        web_phone_begin(w, &p, _("Your map"), message, message != NULL) < 0) {
        web_text(res, 500, "out of memory\n");
        return;
    }
    htmlf(p.f,
          "<h1>%s</h1>\n<form method=\"post\" action=\"/y/passkey\" "
          "class=\"pin\">\n",
          _("Open your map"));
    ask_box(p.f, "get", rp, challenge, key_id,
            _("Your map locked itself because it was not used for a while. "
              "Open it with your phone's screen lock, as you always do."),
            _("Open my map"), _("That did not work. Try again."), NULL);
    htmlf(p.f, "</form>\n<p class=\"passkey-none\">%s</p>\n",
          _("This browser cannot use your phone's screen lock. Open your "
            "map in the browser you first opened it in, or ask the person "
            "you made the map with for a new invitation."));
    fputs("<script src=\"/static/passkey.js\" defer></script>\n", p.f);
    web_phone_end(res, status, &p, NULL);
}

void web_passkey_unlock(struct web *w, const struct kh_request *req,
                        struct kh_response *res, const char *token_hash,
                        const char *key_id, const struct form *f)
{
    const struct ka_api *auth = w->server->auth;
    char rp[256], context[80], address[48], said[200];
    struct ka_webauthn in;
    kring_passkey key;
    kring_store *s = NULL;
    kring_error err;
    const char *why = "the passkey's id is not the session's", *id;
    unsigned long long count;
    int right = 0, left = 0;
    kring_status rc;

    memset(&in, 0, sizeof in);
    unlock_context(token_hash, context, sizeof context);
    web_address_of(w, req, address, sizeof address);
    in.challenge = form_get(f, "challenge");
    /* A question of another session, or too old: asked again, and not
     * counted (the server made it, the phone did not answer wrongly). */
    if (!rp_id(w, rp, sizeof rp) ||
        !auth->challenge_ok(in.challenge, context, (long long)time(NULL))) {
        web_passkey_page(w, res, 403, token_hash, key_id,
                         _("That took too long: try again."));
        return;
    }
    if (web_store_write(w, &s, &err) != KRING_OK ||
        kring_youth_key_try(s, token_hash, &key, &err) != KRING_OK) {
        kring_store_close(s);
        web_phone_gone(w, res);
        return;
    }
    in.rp_id = rp;
    in.origin = w->server->origin;
    in.client_data = form_get(f, "client_data");
    in.auth_data = form_get(f, "auth_data");
    in.signature = form_get(f, "signature");
    id = form_get(f, "id");
    count = key.count;
    if (id != NULL && strcmp(id, key.id) == 0)
        right = auth->passkey_check(&in, key.key, &count, &why);
    if (!right)
        web_event(w, "phone's passkey refused: %s (%s)", why, address);
    rc = kring_youth_key_said(s, token_hash, right, right ? count : key.count,
                              w->server->phone_idle, address, &left, &err);
    kring_store_close(s);
    if (web_phone_tried(w, res, rc, right, left, "passkey refused too often",
                        address)) {
        snprintf(said, sizeof said,
                 dngettext("kring",
                           "Your phone did not recognise you. You can try %d "
                           "more time.",
                           "Your phone did not recognise you. You can try %d "
                           "more times.",
                           (unsigned long)left),
                 left);
        web_passkey_page(w, res, 403, token_hash, key_id, said);
    }
}
