/* kring serve's answers: pages (HTML escaped as it is written), their
 * head and foot, messages and problems, plain answers and redirects, each
 * with the same strict headers (docs/web.md), and the store a request
 * reads. Every other file of src/web/ writes through these. */
#include <libintl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "web.h"

#define _(s) dgettext("kring", s)

static const char security_headers[] =
    "Content-Security-Policy: default-src 'none'; script-src 'self'; "
    "style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "manifest-src 'self'; worker-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'\n"
    "X-Content-Type-Options: nosniff\n"
    "X-Frame-Options: DENY\n"
    "Referrer-Policy: same-origin\n"
    "X-Robots-Tag: noindex, nofollow\n"
    "Cache-Control: no-store\n";

/* --- pages ------------------------------------------------------------- */

int page_open(struct page *p)
{
    p->buf = NULL;
    p->len = 0;
    p->f = open_memstream(&p->buf, &p->len);
    return p->f != NULL ? 0 : -1;
}

const char *web_word(kring_enum e, int value, char *buf)
{
    const char *w = kring_enum_word(e, value);
    char *u;

    snprintf(buf, WEB_WORD_MAX, "%s", w != NULL ? w : "");
    for (u = buf; (u = strchr(u, '_')) != NULL;)
        *u = ' ';
    return buf;
}

static void put_file(void *ctx, const char *p, size_t n)
{
    fwrite(p, 1, n, ctx);
}

void html(FILE *f, const char *s)
{
    kring_markup_escape(s, KRING_MARKUP_APOS_HTML, put_file, f);
}

void htmlf(FILE *f, const char *fmt, ...)
{
    va_list ap;
    const char *p;

    va_start(ap, fmt);
    for (p = fmt; *p; p++) {
        if (*p != '%') {
            fputc(*p, f);
            continue;
        }
        switch (*++p) {
        case 's':
            html(f, va_arg(ap, const char *));
            break;
        case 'd':
            fprintf(f, "%d", va_arg(ap, int));
            break;
        case 'z':
            p++; /* %zu */
            fprintf(f, "%zu", va_arg(ap, size_t));
            break;
        case '%':
            fputc('%', f);
            break;
        default: /* only the conversions above are used */
            p--;
            fputc('%', f);
        }
    }
    va_end(ap);
}

static char *copy_text(const char *s)
{
    return strdup(s != NULL ? s : "");
}

/* kring server over HTTPS: every answer tells the browser to come back
 * over HTTPS only, for a year (HSTS). */
static int hsts;
#define HSTS "Strict-Transport-Security: max-age=31536000\n"

void web_hsts(int on)
{
    hsts = on;
}

static void answer_bytes(struct kh_response *res, int status, const char *type,
                         char *body, size_t len, const char *more)
{
    size_t n =
        strlen(security_headers) + (more ? strlen(more) : 0) + sizeof HSTS + 1;

    res->status = status;
    res->type = type;
    res->body = body;
    res->len = len;
    if ((res->headers = malloc(n)) != NULL)
        snprintf(res->headers, n, "%s%s%s", security_headers, hsts ? HSTS : "",
                 more ? more : "");
}

/* --- kring server: the account of this thread's request ---------------- */

static _Thread_local struct web_account account;

void web_account_set(const struct web_account *a)
{
    if (a != NULL)
        account = *a;
    else
        memset(&account, 0, sizeof account);
}

const struct web_account *web_account(void)
{
    return account.user_id != 0 ? &account : NULL;
}

int web_on_phone(void)
{
    return account.youth[0] != '\0';
}

const char *web_youth_base(const char *code)
{
    static _Thread_local char base[80];

    if (account.youth[0] != '\0')
        return "/y";
    snprintf(base, sizeof base, "/case/%s/youth", code);
    return base;
}

const char *web_actor_user(void)
{
    return account.user_id != 0 ? account.login : NULL;
}

/* The CSRF token of this request: its session's on kring server, else the
 * run's. */
static const char *csrf_secret(const struct web *w)
{
    return w->server != NULL ? account.csrf : w->csrf;
}

static void answer_text(struct kh_response *res, int status, const char *text)
{
    char *body = copy_text(text);

    answer_bytes(res, status, "text/plain; charset=utf-8", body,
                 body ? strlen(body) : 0, NULL);
}

void web_page_with(struct kh_response *res, int status, struct page *p,
                   const char *more)
{
    if (fclose(p->f) != 0 || p->buf == NULL) {
        free(p->buf);
        answer_text(res, 500, "out of memory\n");
        return;
    }
    /* Through answer_bytes(), as every answer: HSTS on kring server. */
    answer_bytes(res, status, "text/html; charset=utf-8", p->buf, p->len, more);
}

void web_page(struct kh_response *res, int status, struct page *p)
{
    web_page_with(res, status, p, NULL);
}

void web_text(struct kh_response *res, int status, const char *text)
{
    answer_text(res, status, text);
}

void web_answer(struct kh_response *res, int status, const char *type,
                char *body, size_t len, const char *more)
{
    answer_bytes(res, status, type, body, len, more);
}

int web_location(char *buf, size_t cap, const char *path, const char *tail)
{
    static const char keep[] = "/-._~!$&'()*+,;=:@";
    static const char hex[] = "0123456789ABCDEF";
    const unsigned char *s;
    size_t n = 0;

    if (path == NULL || path[0] != '/' || path[1] == '/' || path[1] == '\\')
        return -1;
    for (s = (const unsigned char *)path; *s; s++) {
        int plain = (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
                    (*s >= '0' && *s <= '9') || strchr(keep, *s) != NULL;
        if (*s < 0x20 || *s == 0x7f || n + (plain ? 1 : 3) + 1 > cap)
            return -1;
        if (plain) {
            buf[n++] = (char)*s;
        } else {
            buf[n++] = '%';
            buf[n++] = hex[*s >> 4];
            buf[n++] = hex[*s & 15];
        }
    }
    for (s = (const unsigned char *)(tail ? tail : ""); *s; s++) {
        /* kring's own query or fragment: ids and codes, nothing to
         * encode, and nothing that could end the header. */
        if (*s <= 0x20 || *s >= 0x7f || strchr("\"<>\\^`{|}", *s) != NULL ||
            n + 1 + 1 > cap)
            return -1;
        buf[n++] = (char)*s;
    }
    if (n + 1 > cap)
        return -1;
    buf[n] = '\0';
    return 0;
}

/* A 303 to PATH and TAIL (web_location()), or to "/" if they are not a
 * path of ours, with MORE headers before it. */
static void redirect(struct kh_response *res, const char *path,
                     const char *tail, const char *more)
{
    char at[1024], headers[1200];

    if (web_location(at, sizeof at, path, tail) < 0)
        snprintf(at, sizeof at, "/");
    snprintf(headers, sizeof headers, "%sLocation: %s\n", more ? more : "", at);
    answer_bytes(res, 303, "text/plain; charset=utf-8", copy_text(""), 0,
                 headers);
}

void web_redirect_with(struct kh_response *res, const char *path,
                       const char *tail, const char *more)
{
    redirect(res, path, tail, more);
}

void web_redirect(struct kh_response *res, const char *location)
{
    char path[1024];
    size_t n = strcspn(location, "?#");

    snprintf(path, sizeof path, "%.*s", (int)n, location);
    redirect(res, path, location + n, NULL);
}

void page_head(FILE *f, const struct web *w, const char *title,
               const char *code, const char *body_class)
{
    htmlf(f,
          "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
          "<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, "
          "initial-scale=1\">\n"
          /* Nothing of kring's for search engines (X-Robots-Tag too). */
          "<meta name=\"robots\" content=\"noindex, nofollow\">\n"
          "<title>%s \xe2\x80\x94 kring</title>\n"
          "<link rel=\"icon\" href=\"data:,\">\n"
          "<link rel=\"stylesheet\" href=\"/static/kring.css\">\n"
          "<script src=\"/static/kring.js\" defer></script>\n",
          w->lang, title);
    /* The young person's phone: their map on the home screen. */
    if (account.youth[0])
        fputs("<link rel=\"manifest\" href=\"/static/phone.webmanifest\">\n"
              "<link rel=\"apple-touch-icon\" href=\"/static/icon-180.png\">\n"
              "<meta name=\"theme-color\" content=\"#a84a22\">\n",
              f);
    htmlf(f, "</head>\n<body class=\"%s%s\">\n<header class=\"top\">",
          body_class, account.youth[0] ? " phone" : "");
    if (strcmp(body_class, "youth") == 0)
        /* The young person's screen leads nowhere: not to the case, not
         * to the list of cases. The professional closes the tab. */
        fputs("<span class=\"home\">kring</span>", f);
    else
        fputs("<a class=\"home\" href=\"/\">kring</a>", f);
    if (code != NULL && strcmp(body_class, "youth") != 0)
        /* The young person's view opens in a tab of its own: no page
         * of the professional's in its history to go back to. */
        htmlf(f,
              "<nav><a href=\"/case/%s\">%s</a> <a href=\"/case/%s/youth\" "
              "target=\"_blank\" rel=\"noopener noreferrer\">%s</a> "
              "<a href=\"/case/%s/team\">%s</a></nav>",
              code, _("Network"), code, _("Youth view"), code, _("Team view"));
    if (w->server != NULL && account.user_id != 0 &&
        strcmp(body_class, "youth") != 0) {
        fputs("<form class=\"account\" method=\"post\" action=\"/logout\">", f);
        htmlf(f,
              "<a href=\"/account\">%s</a> <input type=\"hidden\" "
              "name=\"csrf\" value=\"%s\"><button>%s</button></form>",
              account.login, web_csrf(w), _("Log out"));
    }
    fputs("</header>\n<main>\n", f);
    /* Shown by the phone's service worker (phone-sw.js) on its copy. */
    if (account.youth[0])
        htmlf(f,
              "<p id=\"offline\" hidden class=\"note\" role=\"status\">%s"
              "</p>\n<p id=\"queued\" hidden class=\"note\" "
              "role=\"status\">%s</p>\n",
              _("You are offline: this is your map as it was when you last "
                "opened it."),
              _("Saved on your phone: it is sent when you are online "
                "again."));
}

void page_foot(FILE *f)
{
    fputs("</main>\n</body>\n</html>\n", f);
}

void page_message(FILE *f, const char *text, int error)
{
    htmlf(f, "<p class=\"%s\" role=\"%s\">", error ? "error" : "note",
          error ? "alert" : "status");
    html(f, text);
    fputs("</p>\n", f);
}

void page_problem(struct web *w, struct kh_response *res, int status,
                  const char *text)
{
    struct page p;

    if (page_open(&p) < 0) {
        answer_text(res, 500, "out of memory\n");
        return;
    }
    page_head(p.f, w, _("Something is wrong"), NULL, "plain");
    page_message(p.f, text, 1);
    htmlf(p.f, "<p><a href=\"/\">%s</a></p>\n", _("Back to the cases"));
    page_foot(p.f);
    web_page(res, status, &p);
}

/* --- the engine: commands, the store, maps ----------------------------- */

/* --- pieces of forms ------------------------------------------------- */

/* Compares without stopping at the first difference. */
int web_same_secret(const char *a, const char *b)
{
    size_t i, n = strlen(b);
    unsigned diff = strlen(a) != n;

    for (i = 0; i < n; i++)
        diff |= (unsigned)(a[i < strlen(a) ? i : 0] ^ b[i]);
    return diff == 0;
}

static const char hex[] = "0123456789abcdef";

static int hex_value(char c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                  : -1;
}

const char *web_csrf(const struct web *w)
{
    static _Thread_local char out[2 * WEB_TOKEN_HEX + 1];
    unsigned char mask[WEB_TOKEN_HEX / 2];
    size_t i;

    const char *secret = csrf_secret(w);

    /* Without a mask (no randomness to be had), the token as it is. */
    if (strlen(secret) != WEB_TOKEN_HEX ||
        getrandom(mask, sizeof mask, 0) != (ssize_t)sizeof mask)
        return secret;
    for (i = 0; i < sizeof mask; i++) {
        int t = hex_value(secret[2 * i]) * 16 + hex_value(secret[2 * i + 1]);
        int x = t ^ mask[i];
        out[2 * i] = hex[mask[i] >> 4];
        out[2 * i + 1] = hex[mask[i] & 15];
        out[WEB_TOKEN_HEX + 2 * i] = hex[x >> 4];
        out[WEB_TOKEN_HEX + 2 * i + 1] = hex[x & 15];
    }
    out[2 * WEB_TOKEN_HEX] = '\0';
    return out;
}

int web_csrf_ok(const struct web *w, const char *sent)
{
    char token[WEB_TOKEN_HEX + 1];
    size_t i;

    const char *secret = csrf_secret(w);

    if (strlen(secret) != WEB_TOKEN_HEX)
        return 0;
    if (strlen(sent) == WEB_TOKEN_HEX) /* as web_csrf() had no mask */
        return web_same_secret(sent, secret);
    if (strlen(sent) != 2 * WEB_TOKEN_HEX)
        return 0;
    /* Digit I of the token: digit I of the mask XOR digit I of the rest
     * (hex digits are nibbles: no carry between them). */
    for (i = 0; i < WEB_TOKEN_HEX; i++) {
        int m = hex_value(sent[i]), x = hex_value(sent[WEB_TOKEN_HEX + i]);
        if (m < 0 || x < 0)
            return 0;
        token[i] = hex[m ^ x];
    }
    token[WEB_TOKEN_HEX] = '\0';
    return web_same_secret(token, secret);
}

void web_form_start(FILE *f, const struct web *w, const char *action,
                    const char *cls)
{
    htmlf(f,
          "<form method=\"post\" action=\"%s\" class=\"%s\">"
          "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n",
          action, cls, web_csrf(w));
}

void web_select_ring(FILE *f, int chosen)
{
    int k;

    htmlf(f, "<label>%s <select name=\"ring\">", _("Circle"));
    for (k = 1; k <= 3; k++)
        htmlf(f, "<option value=\"%d\"%s>%d \xe2\x80\x94 %s</option>", k,
              chosen == k ? " selected" : "", k, kring_ring_word(k));
    fputs("</select></label>\n", f);
}

/* A select of enumeration E's words; EMPTY labels a first, empty choice. */
void web_select_enum(FILE *f, const char *name, const char *label, kring_enum e,
                     const char *current, const char *empty)
{
    int i;

    htmlf(f, "<label>%s <select name=\"%s\">", label, name);
    if (empty != NULL)
        htmlf(f, "<option value=\"\">%s</option>", empty);
    for (i = 0; i < kring_enum_count(e); i++) {
        const char *word = kring_enum_name(e, i);
        char shown[WEB_WORD_MAX];
        if (word == NULL)
            continue;
        if (e == KRING_ENUM_ROLE)
            snprintf(shown, sizeof shown, "%s", kring_role_word((kring_role)i));
        else
            web_word(e, i, shown);
        htmlf(f, "<option value=\"%s\"%s>%s</option>", word,
              current != NULL && strcmp(current, word) == 0 ? " selected" : "",
              shown);
    }
    fputs("</select></label>\n", f);
}

/* The store, on kring server acting as the request's account: from its
 * first statement PostgreSQL's row-level security shows it only that
 * account's cases, and the access log names it. */
static kring_status store(struct web *w, unsigned flags, kring_store **s,
                          kring_error *err)
{
    kring_status rc = kring_store_open(
        w->db, flags | (w->shared_ok ? KRING_STORE_SHARED_OK : 0), s, err);

    if (rc == KRING_OK && w->server != NULL &&
        (rc = account.youth[0] != '\0'
                  ? kring_store_act_as_youth(*s, account.youth, account.address,
                                             err)
                  : kring_store_act_as(*s, account.user_id, account.address,
                                       err))) {
        kring_store_close(*s);
        *s = NULL;
    }
    return rc;
}

kring_status web_store(struct web *w, kring_store **s, kring_error *err)
{
    return store(w, KRING_STORE_READONLY, s, err);
}

kring_status web_store_write(struct web *w, kring_store **s, kring_error *err)
{
    return store(w, 0, s, err);
}

/* --- the server's state ----------------------------------------------- */
