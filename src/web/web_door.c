/* kring server's door, what its ways in share (web_oidc.c, web_login.c):
 * one line on standard error per event, where a request came from, and
 * the failed logins counted per address. */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "web.h"

static double now(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* One line on standard error per event (journald keeps them). */
void web_event(struct web *w, const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    size_t i;

    if (w->err == NULL)
        return;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    /* One line, whatever a provider's answer or a token put in it. */
    for (i = 0; line[i]; i++)
        if ((unsigned char)line[i] < 0x20 || line[i] == 0x7f)
            line[i] = '?';
    flockfile(w->err);
    fprintf(w->err, "kring server: %s\n", line);
    fflush(w->err);
    funlockfile(w->err);
}

/* Where the request came from: the client's address; behind a proxy on
 * loopback, the last address the proxy put in X-Forwarded-For. */
void web_address_of(struct web *w, const struct kh_request *req, char *out,
                    size_t cap)
{
    const char *fwd = req->header(req, "X-Forwarded-For");
    const char *last;

    snprintf(out, cap, "%s", req->address ? req->address : "?");
    if (!w->server->proxied || fwd == NULL)
        return;
    last = strrchr(fwd, ',');
    last = last ? last + 1 : fwd;
    while (*last == ' ')
        last++;
    if (strlen(last) < cap &&
        strspn(last, "0123456789abcdefABCDEF.:") == strlen(last))
        snprintf(out, cap, "%s", last);
}

/* --- failed logins per address ------------------------------------------ */

void web_address_key(const char *address, char *out, size_t cap)
{
    unsigned char a[16];

    snprintf(out, cap, "%s", address);
    if (strchr(address, ':') != NULL && inet_pton(AF_INET6, address, a) == 1) {
        memset(a + 8, 0, 8);
        inet_ntop(AF_INET6, a, out, (socklen_t)cap);
    }
}

/* The slot of KEY (a new one when it has none, the oldest then); with the
 * lock held. */
static struct web_tries *slot(struct web_server *sv, const char *key)
{
    struct web_tries *oldest = &sv->tries[0];
    double t = now();
    int i;

    for (i = 0; i < WEB_TRIES; i++) {
        struct web_tries *x = &sv->tries[i];
        if (strcmp(x->address, key) == 0) {
            if (t - x->since > WEB_TRY_WINDOW) {
                x->since = t;
                x->failures = 0;
            }
            return x;
        }
        if (x->since < oldest->since)
            oldest = x;
    }
    snprintf(oldest->address, sizeof oldest->address, "%s", key);
    oldest->since = t;
    oldest->failures = 0;
    return oldest;
}

/* A try from ADDRESS, counted as failed until address_ok() says it was
 * not; 0 when the address has failed WEB_TRY_LIMIT times already. */
int web_address_try(struct web_server *sv, const char *address)
{
    struct web_tries *x;
    char key[48];
    int go;

    web_address_key(address, key, sizeof key);
    pthread_mutex_lock(&sv->lock);
    x = slot(sv, key);
    if ((go = x->failures < WEB_TRY_LIMIT))
        x->failures++;
    pthread_mutex_unlock(&sv->lock);
    return go;
}

void web_address_ok(struct web_server *sv, const char *address)
{
    struct web_tries *x;
    char key[48];

    web_address_key(address, key, sizeof key);
    pthread_mutex_lock(&sv->lock);
    x = slot(sv, key);
    if (x->failures > 0)
        x->failures--;
    pthread_mutex_unlock(&sv->lock);
}
