/* kring server: the organisation's web server (docs/server.md). Reads one
 * plain configuration file, checks it (--check-config stops there),
 * loads kring-http.so and kring-auth.so, serves kring serve's pages over
 * HTTPS to logged-in accounts until SIGTERM, one line on standard error
 * per event. */
#include <errno.h>
#include <fcntl.h>
#include <libintl.h>
#include <limits.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "auth.h"
#include "cli.h"
#include "oidc.h"
#include "web.h"

#define _(s) dgettext("kring", s)
#define N_(s) s

#define CONF_MAX (64 * 1024) /* a configuration file */
#define PEM_MAX (256 * 1024) /* a certificate chain or key */

static const char server_usage[] =
    N_("usage: kring server --config FILE [--check-config]\n"
       "                    [--tls-cert FILE --tls-key FILE]\n"
       "\n"
       "The organisation's web server: kring serve's pages for many accounts,\n"
       "each seeing the cases it may (docs/server.md), over HTTPS, on the\n"
       "organisation's PostgreSQL database. FILE says where the database is,\n"
       "where to listen, the certificate, the server's public address, the\n"
       "organisation's name, how long sessions last and the identity provider\n"
       "accounts may log in through. Runs until SIGTERM; one line on standard\n"
       "error per event.\n"
       "\n"
       "  --config FILE     the configuration (/etc/kring/server.conf)\n"
       "  --check-config    check it, the certificate and the database, and\n"
       "                    stop: exit 0 when the server would start\n"
       "  --tls-cert FILE   the certificate chain (PEM), over the file's\n"
       "  --tls-key FILE    its private key (PEM), over the file's\n");

enum { O_CONFIG = 1, O_CHECK, O_CERT, O_KEY };

static const struct opt_spec server_spec[] = {
    {"config", 0, OPT_VALUE, O_CONFIG},
    {"check-config", 0, OPT_NONE, O_CHECK},
    {"tls-cert", 0, OPT_VALUE, O_CERT},
    {"tls-key", 0, OPT_VALUE, O_KEY},
    {NULL, 0, 0, 0}};

/* The whole of file PATH, at most MAX bytes, NUL-ended, into *OUT (the
 * caller frees); CLI_DATA with the reason printed. */
static int read_file(struct cli *cli, const char *path, size_t max, char **out)
{
    struct stat st;
    size_t len;
    FILE *f;

    *out = NULL;
    if ((f = fopen(path, "rb")) == NULL)
        return cli_failf(cli, _("%s: cannot open: %s"), cli_shown(cli, path),
                         strerror(errno));
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) ||
        (size_t)st.st_size > max) {
        fclose(f);
        return cli_failf(cli, _("%s: not a file of at most %zu KB"),
                         cli_shown(cli, path), max / 1024);
    }
    if ((*out = malloc((size_t)st.st_size + 1)) == NULL) {
        fclose(f);
        return cli_failf(cli, "%s", _("out of memory"));
    }
    len = fread(*out, 1, (size_t)st.st_size, f);
    fclose(f);
    if (len != (size_t)st.st_size || memchr(*out, '\0', len) != NULL) {
        free(*out);
        *out = NULL;
        return cli_failf(cli, _("%s: cannot be read as text"),
                         cli_shown(cli, path));
    }
    (*out)[len] = '\0';
    return CLI_OK;
}

/* What the file says. */
struct conf {
    char database[1024];
    char listen[64];
    unsigned port;
    char tls_cert[PATH_MAX];
    char tls_key[PATH_MAX];
    char public_url[256];
    char organisation[128];
    char language[8];
    int idle_minutes;
    int session_hours;
    int phone_invite_minutes, phone_idle_minutes, phone_days;
    unsigned threads;
    int behind_proxy;
    int local_login;
    char oidc_issuer[256];
    char oidc_client_id[256];
    char oidc_client_secret_file[PATH_MAX];
    char oidc_login_claim[64];
    char oidc_ca_file[PATH_MAX];
    char oidc_name[128];
};

/* A setting: its name, and where in struct conf it goes. */
enum kind { TEXT, NUMBER, YESNO };
struct setting {
    const char *name;
    enum kind kind;
    size_t at, cap;
    long min, max;
};

#define TEXT_AT(f) TEXT, offsetof(struct conf, f), sizeof(((struct conf *)0)->f)
static const struct setting settings[] = {
    {"database", TEXT_AT(database), 0, 0},
    {"listen", TEXT_AT(listen), 0, 0},
    {"port", NUMBER, offsetof(struct conf, port), 0, 1, 65535},
    {"tls_cert", TEXT_AT(tls_cert), 0, 0},
    {"tls_key", TEXT_AT(tls_key), 0, 0},
    {"public_url", TEXT_AT(public_url), 0, 0},
    {"organisation", TEXT_AT(organisation), 0, 0},
    {"language", TEXT_AT(language), 0, 0},
    {"session_idle_minutes", NUMBER, offsetof(struct conf, idle_minutes), 0, 1,
     480},
    {"session_hours", NUMBER, offsetof(struct conf, session_hours), 0, 1, 24},
    {"phone_invite_minutes", NUMBER,
     offsetof(struct conf, phone_invite_minutes), 0, 1, 1440},
    {"phone_idle_minutes", NUMBER, offsetof(struct conf, phone_idle_minutes), 0,
     1, 480},
    {"phone_days", NUMBER, offsetof(struct conf, phone_days), 0, 1, 365},
    {"threads", NUMBER, offsetof(struct conf, threads), 0, 1, 256},
    {"behind_proxy", YESNO, offsetof(struct conf, behind_proxy), 0, 0, 0},
    {"local_login", YESNO, offsetof(struct conf, local_login), 0, 0, 0},
    {"oidc_issuer", TEXT_AT(oidc_issuer), 0, 0},
    {"oidc_client_id", TEXT_AT(oidc_client_id), 0, 0},
    {"oidc_client_secret_file", TEXT_AT(oidc_client_secret_file), 0, 0},
    {"oidc_login_claim", TEXT_AT(oidc_login_claim), 0, 0},
    {"oidc_ca_file", TEXT_AT(oidc_ca_file), 0, 0},
    {"oidc_name", TEXT_AT(oidc_name), 0, 0},
};

/* Reads PATH into C: "name = value" lines, '#' comments, blank lines.
 * Every problem is said as PATH:LINE: what; returns how many. */
static int read_conf(struct cli *cli, const char *path, struct conf *c)
{
    char *text = NULL, *line, *save = NULL;
    int lineno = 0, bad = 0;
    unsigned seen = 0;

    memset(c, 0, sizeof *c);
    snprintf(c->listen, sizeof c->listen, "127.0.0.1");
    c->port = 8443;
    snprintf(c->language, sizeof c->language, "nl");
    c->idle_minutes = 15;
    c->session_hours = 12;
    c->phone_invite_minutes = WEB_INVITE_MINUTES;
    c->phone_idle_minutes = WEB_PHONE_IDLE / 60;
    c->phone_days = WEB_PHONE_LIFE / (24 * 60 * 60);
    c->threads = 16;
    c->local_login = 1;
    if (read_file(cli, path, CONF_MAX, &text) != CLI_OK)
        return 1;
    for (line = text; line != NULL; line = save) {
        char *eq, *name, *value, *end;
        size_t i;
        lineno++;
        save = strchr(line, '\n');
        if (save != NULL)
            *save++ = '\0';
        while (*line == ' ' || *line == '\t')
            line++;
        if (*line == '\0' || *line == '#')
            continue;
        if ((eq = strchr(line, '=')) == NULL) {
            cli_failf(cli, _("%s:%d: not a setting: write name = value"),
                      cli_shown(cli, path), lineno);
            bad++;
            continue;
        }
        name = line;
        for (end = eq; end > name && (end[-1] == ' ' || end[-1] == '\t');)
            *--end = '\0';
        *eq = '\0';
        for (value = eq + 1; *value == ' ' || *value == '\t'; value++)
            ;
        for (end = value + strlen(value);
             end > value && strchr(" \t\r", end[-1]) != NULL;)
            *--end = '\0';
        for (i = 0; i < sizeof settings / sizeof settings[0]; i++)
            if (strcmp(settings[i].name, name) == 0)
                break;
        if (i == sizeof settings / sizeof settings[0]) {
            cli_failf(cli, _("%s:%d: unknown setting '%s'"),
                      cli_shown(cli, path), lineno, cli_shown(cli, name));
            bad++;
            continue;
        }
        if (seen & (1u << i)) {
            cli_failf(cli, _("%s:%d: '%s' is set twice"), cli_shown(cli, path),
                      lineno, name);
            bad++;
            continue;
        }
        seen |= 1u << i;
        if (settings[i].kind == TEXT) {
            if (strlen(value) >= settings[i].cap ||
                strpbrk(value,
                        "\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c"
                        "\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17"
                        "\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\x7f") != NULL) {
                cli_failf(cli,
                          _("%s:%d: '%s' is too long or holds control "
                            "characters"),
                          cli_shown(cli, path), lineno, name);
                bad++;
                continue;
            }
            snprintf((char *)c + settings[i].at, settings[i].cap, "%s", value);
        } else if (settings[i].kind == YESNO) {
            int yes = strcmp(value, "yes") == 0;
            if (!yes && strcmp(value, "no") != 0) {
                cli_failf(cli, _("%s:%d: '%s' must be yes or no"),
                          cli_shown(cli, path), lineno, name);
                bad++;
            }
            *(int *)(void *)((char *)c + settings[i].at) = yes;
        } else {
            long n;
            errno = 0;
            n = strtol(value, &end, 10);
            if (value[0] == '\0' || *end != '\0' || errno ||
                n < settings[i].min || n > settings[i].max) {
                cli_failf(cli,
                          _("%s:%d: '%s' must be a whole number from %ld "
                            "to %ld"),
                          cli_shown(cli, path), lineno, name, settings[i].min,
                          settings[i].max);
                bad++;
                continue;
            }
            if (strcmp(name, "port") == 0 || strcmp(name, "threads") == 0)
                *(unsigned *)(void *)((char *)c + settings[i].at) = (unsigned)n;
            else
                *(int *)(void *)((char *)c + settings[i].at) = (int)n;
        }
    }
    free(text);
    return bad;
}

/* The host (and port) of an http(s) address URL into HOST; its scheme's
 * security into *SECURE. -1 when it is not such an address. */
static int url_host(const char *url, char *host, size_t cap, int *secure)
{
    const char *rest;
    size_t n;

    if (strncmp(url, "https://", 8) == 0)
        *secure = 1, rest = url + 8;
    else if (strncmp(url, "http://", 7) == 0)
        *secure = 0, rest = url + 7;
    else
        return -1;
    n = strcspn(rest, "/?#");
    if (n == 0 || n >= cap || (rest[n] != '\0' && strcmp(rest + n, "/") != 0) ||
        strspn(rest, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                     "0123456789.-:[]") < n)
        return -1;
    snprintf(host, cap, "%.*s", (int)n, rest);
    /* As browsers send it: lowercase, without the scheme's own port. */
    for (n = 0; host[n]; n++)
        if (host[n] >= 'A' && host[n] <= 'Z')
            host[n] = (char)(host[n] - 'A' + 'a');
    n = strlen(host);
    if (*secure && n > 4 && strcmp(host + n - 4, ":443") == 0)
        host[n - 4] = '\0';
    else if (!*secure && n > 3 && strcmp(host + n - 3, ":80") == 0)
        host[n - 3] = '\0';
    return 0;
}

/* A PEM file read whole into *OUT (the caller frees), which must hold
 * MARKER; a private key must be readable by its owner alone. */
static int read_pem(struct cli *cli, const char *what, const char *path,
                    const char *marker, int private_key, char **out)
{
    struct stat st;

    *out = NULL;
    if (path[0] == '\0')
        return cli_failf(cli,
                         _("no %s: set it in the configuration or give "
                           "--%s"),
                         what, private_key ? "tls-key" : "tls-cert");
    if (private_key && stat(path, &st) == 0 && (st.st_mode & 077) != 0)
        return cli_failf(cli,
                         _("%s: the private key may be read by others "
                           "(mode %03o): chmod 600 it"),
                         cli_shown(cli, path), (unsigned)(st.st_mode & 0777));
    if (read_file(cli, path, PEM_MAX, out) != CLI_OK)
        return CLI_DATA;
    if (strstr(*out, marker) == NULL) {
        free(*out);
        *out = NULL;
        return cli_failf(cli, _("%s: not a %s in PEM"), cli_shown(cli, path),
                         what);
    }
    return CLI_OK;
}

/* Whether URL's host is loopback: 127.0.0.1, [::1] or localhost. */
static int url_loopback(const char *url)
{
    char host[256];
    int secure;

    if (url_host(url, host, sizeof host, &secure) < 0)
        return 0;
    host[strcspn(host, host[0] == '[' ? "]" : ":")] = '\0';
    return strcmp(host, "127.0.0.1") == 0 || strcmp(host, "[::1") == 0 ||
           strcmp(host, "localhost") == 0;
}

/* The identity provider of the settings, if they name one: the client's
 * secret read (its owner's alone), kring-oidc.so loaded, and the
 * provider's discovery document and keys fetched (docs/server.md
 * "OpenID Connect"). */
static int oidc_setup(struct cli *cli, const struct conf *c,
                      struct web_server *sv)
{
    struct web_oidc *o;
    char *secret = NULL, why[512];
    const char *path = c->oidc_client_secret_file;
    struct stat st;
    size_t n;

    sv->local_login = c->local_login;
    if (c->oidc_issuer[0] == '\0') {
        if (c->oidc_client_id[0] || path[0] || c->oidc_login_claim[0] ||
            c->oidc_ca_file[0] || c->oidc_name[0])
            return cli_failf(cli, "%s",
                             _("the oidc_ settings need oidc_issuer, the "
                               "identity provider's address"));
        if (!c->local_login)
            return cli_failf(cli, "%s",
                             _("local_login = no: set oidc_issuer, or no one "
                               "can log in"));
        return CLI_OK;
    }
    /* A provider reached over plain HTTP only on this computer: for
     * trying it out, and the tests. */
    if (strncmp(c->oidc_issuer, "https://", 8) != 0 &&
        !(strncmp(c->oidc_issuer, "http://", 7) == 0 &&
          url_loopback(c->oidc_issuer)))
        return cli_failf(cli, "%s",
                         _("'oidc_issuer' must be the identity provider's "
                           "https:// address"));
    if (c->oidc_client_id[0] == '\0' || path[0] == '\0')
        return cli_failf(cli, "%s",
                         _("an identity provider needs oidc_client_id and "
                           "oidc_client_secret_file"));
    if (stat(path, &st) == 0 && (st.st_mode & 077) != 0)
        return cli_failf(cli,
                         _("%s: the client's secret may be read by others "
                           "(mode %03o): chmod 600 it"),
                         cli_shown(cli, path), (unsigned)(st.st_mode & 0777));
    if (read_file(cli, path, 4096, &secret) != CLI_OK)
        return CLI_DATA;
    for (n = strlen(secret); n > 0 && strchr(" \t\r\n", secret[n - 1]);)
        secret[--n] = '\0';
    if ((o = calloc(1, sizeof *o)) == NULL) {
        free(secret);
        return cli_failf(cli, "%s", _("out of memory"));
    }
    if (n == 0 || n >= sizeof o->client_secret || strchr(secret, '\n')) {
        free(secret);
        free(o);
        return cli_failf(cli, _("%s: not a client secret of one line"),
                         cli_shown(cli, path));
    }
    snprintf(o->client_secret, sizeof o->client_secret, "%s", secret);
    free(secret);
    snprintf(o->issuer, sizeof o->issuer, "%s", c->oidc_issuer);
    snprintf(o->client_id, sizeof o->client_id, "%s", c->oidc_client_id);
    snprintf(o->claim, sizeof o->claim, "%s",
             c->oidc_login_claim[0] ? c->oidc_login_claim
                                    : "preferred_username");
    snprintf(o->name, sizeof o->name, "%s",
             c->oidc_name[0] ? c->oidc_name : _("your organisation's account"));
    snprintf(o->redirect, sizeof o->redirect, "%s/oidc/callback", sv->origin);
    if ((o->api = cli_oidc(cli)) == NULL) {
        free(o);
        return CLI_DATA;
    }
    o->provider = o->api->discover(c->oidc_issuer,
                                   c->oidc_ca_file[0] ? c->oidc_ca_file : NULL,
                                   why, sizeof why);
    if (o->provider == NULL) {
        free(o);
        return cli_failf(cli, _("the identity provider %s: %s"),
                         cli_shown(cli, c->oidc_issuer), why);
    }
    pthread_mutex_init(&o->lock, NULL);
    sv->oidc = o;
    return CLI_OK;
}

static void oidc_release(struct web_server *sv)
{
    if (sv->oidc == NULL)
        return;
    sv->oidc->api->release(sv->oidc->provider);
    pthread_mutex_destroy(&sv->oidc->lock);
    free(sv->oidc);
    sv->oidc = NULL;
}

/* Everything the server needs, checked: the settings together, the
 * certificate and key, the database and the role it connects as. */
static int check(struct cli *cli, struct conf *c, struct web_server *sv,
                 char **cert, char **key)
{
    kring_store *s = NULL;
    kring_error err;
    int loop, status;

    *cert = *key = NULL;
    if (c->database[0] == '\0' || kring_store_is_file(c->database))
        return cli_failf(cli, "%s",
                         _("'database' must be the organisation's PostgreSQL "
                           "database (postgresql://...)"));
    if ((loop = cli_is_loopback(c->listen)) < 0)
        return cli_failf(cli, _("'listen' must be a numeric address, not '%s'"),
                         cli_shown(cli, c->listen));
    if (c->public_url[0] == '\0' ||
        url_host(c->public_url, sv->host, sizeof sv->host, &sv->secure) < 0)
        return cli_failf(cli, "%s",
                         _("'public_url' must be the address browsers reach "
                           "the server at, https://HOST[:PORT]"));
    if (strcmp(c->language, "nl") != 0 && strcmp(c->language, "en") != 0)
        return cli_failf(cli, "%s", _("'language' must be nl or en"));
    if ((c->tls_cert[0] != '\0') != (c->tls_key[0] != '\0'))
        return cli_failf(cli, "%s",
                         _("give both tls_cert and tls_key, or neither"));
    /* Plain HTTP only on loopback: behind a proxy that speaks HTTPS, or
     * to try it on this computer. */
    if (c->tls_cert[0] == '\0' && !loop)
        return cli_failf(cli,
                         _("%s is reachable from other computers: "
                           "serve HTTPS (tls_cert, tls_key), or listen "
                           "on 127.0.0.1 behind a proxy that does"),
                         cli_shown(cli, c->listen));
    if (c->behind_proxy && !loop)
        return cli_failf(cli, "%s",
                         _("behind_proxy = yes: listen on 127.0.0.1, where "
                           "only the proxy reaches the server"));
    if (!sv->secure && (!loop || c->behind_proxy))
        return cli_failf(cli, "%s",
                         _("'public_url' must be https:// unless the server "
                           "is tried on this computer alone"));
    if (c->tls_cert[0] != '\0' &&
        ((status = read_pem(cli, _("certificate"), c->tls_cert,
                            "-----BEGIN CERTIFICATE-----", 0, cert)) ||
         (status = read_pem(cli, _("private key"), c->tls_key,
                            "PRIVATE KEY-----", 1, key))))
        return status;
    /* The database: there, kring's schema current, and a role that
     * row-level security binds. */
    if (kring_store_open(c->database, KRING_STORE_READONLY, &s, &err) ||
        kring_store_server_role(s, &err)) {
        char *shown = kring_store_shown(c->database);
        status = cli_failf(cli, "%s: %s", shown ? shown : "?", err.text);
        free(shown);
        kring_store_close(s);
        return status;
    }
    kring_store_close(s);
    snprintf(sv->origin, sizeof sv->origin, "%s://%s",
             sv->secure ? "https" : "http", sv->host);
    snprintf(sv->org, sizeof sv->org, "%s",
             c->organisation[0] ? c->organisation : "kring");
    sv->idle = c->idle_minutes * 60;
    sv->absolute = c->session_hours * 3600;
    sv->invite_minutes = c->phone_invite_minutes;
    sv->phone_idle = c->phone_idle_minutes * 60;
    sv->phone_life = c->phone_days * 24 * 60 * 60;
    sv->proxied = c->behind_proxy;
    return oidc_setup(cli, c, sv);
}

/* Seconds between the server's rounds of upkeep. */
#define TEND_SECONDS 5

/* Until SIGINT or SIGTERM, every TEND_SECONDS: the access log's lines of
 * the server's stores (kept open between requests) sealed into its
 * chain, and the sessions past their time removed, the phones' too. */
static void tend(struct cli *cli, const struct conf *c,
                 const struct web_server *sv, const sigset_t *stop)
{
    const struct timespec every = {TEND_SECONDS, 0};
    kring_store *s = NULL;
    kring_error err;

    while (sigtimedwait(stop, NULL, &every) < 0) {
        if (errno != EAGAIN && errno != EINTR)
            break;
        if (s == NULL && kring_store_open(c->database, 0, &s, &err)) {
            fprintf(cli->io->err, "kring server: upkeep: %s\n", err.text);
            s = NULL;
            continue;
        }
        if (kring_audit_seal(s, NULL, &err) ||
            kring_session_purge(s, sv->idle, sv->absolute, &err) ||
            kring_youth_purge(s, sv->phone_life, &err)) {
            fprintf(cli->io->err, "kring server: upkeep: %s\n", err.text);
            kring_store_close(s);
            s = NULL;
        }
        fflush(cli->io->err);
    }
    kring_store_close(s);
}

static int run_server(struct cli *cli, struct opts *o)
{
    const char *config = NULL, *cert_path = NULL, *key_path = NULL;
    struct web_server *sv = NULL;
    struct cli_http h = {NULL, NULL, NULL};
    struct kh_server *server = NULL;
    struct kh_config cfg;
    struct conf c;
    struct web w;
    char *cert = NULL, *key = NULL, why[256];
    int status, i, only_check = 0;
    sigset_t stop;

    for (i = 0; i < o->n; i++) {
        if (o->o[i].id == O_CONFIG)
            config = o->o[i].value;
        else if (o->o[i].id == O_CHECK)
            only_check = 1;
        else if (o->o[i].id == O_CERT)
            cert_path = o->o[i].value;
        else
            key_path = o->o[i].value;
    }
    if (config == NULL)
        return cli_usage_error(cli, server_usage, "%s",
                               _("give the configuration: --config FILE"));
    if (read_conf(cli, config, &c) != 0)
        return CLI_DATA;
    if (cert_path != NULL)
        snprintf(c.tls_cert, sizeof c.tls_cert, "%s", cert_path);
    if (key_path != NULL)
        snprintf(c.tls_key, sizeof c.tls_key, "%s", key_path);
    if ((sv = calloc(1, sizeof *sv)) == NULL)
        return cli_failf(cli, "%s", _("out of memory"));
    if ((status = check(cli, &c, sv, &cert, &key)) ||
        (sv->auth = cli_auth(cli)) == NULL ||
        (status = cli_load_http(cli, &h))) {
        oidc_release(sv);
        free(sv);
        free(cert);
        free(key);
        return status ? status : CLI_DATA;
    }
    if (only_check) {
        fprintf(cli->io->out, _("%s is ready: %s on %s port %u, %s\n"),
                cli_shown(cli, config), sv->origin, c.listen, c.port,
                cert != NULL ? "HTTPS" : _("plain HTTP on loopback"));
        if (sv->oidc != NULL)
            fprintf(cli->io->out,
                    _("logging in through %s (its keys read), redirect URI "
                      "%s%s\n"),
                    cli_shown(cli, c.oidc_issuer), sv->oidc->redirect,
                    sv->local_login ? _(", and with passwords") : "");
        oidc_release(sv);
        free(sv);
        free(cert);
        free(key);
        return CLI_OK;
    }
    kring_i18n_init(c.language);
    if (web_init(&w, c.database, 0, c.language) != 0) {
        oidc_release(sv);
        free(sv);
        free(cert);
        free(key);
        return cli_failf(cli, "%s", _("out of memory"));
    }
    /* The maps of the cases its professionals open, kept drawn. */
    if (web_keep_maps(&w, WEB_CACHE_SERVER, WEB_CACHE_SERVER_BYTES) != 0) {
        web_release(&w);
        free(sv);
        free(cert);
        free(key);
        return cli_failf(cli, "%s", _("out of memory"));
    }
    pthread_mutex_init(&sv->lock, NULL);
    sem_init(&sv->hashing, 0, WEB_HASHING);
    w.server = sv;
    w.loopback = 0;
    w.named = 0;
    w.err = cli->io->err;
    web_hsts(sv->secure);
    cli_keep_freed_memory();
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    memset(&cfg, 0, sizeof cfg);
    cfg.bind = c.listen;
    cfg.port = c.port;
    cfg.handler = web_handle;
    cfg.ctx = &w;
    cfg.max_body = 1u << 20;
    cfg.max_clients = 1024;
    cfg.max_per_address = c.behind_proxy ? 1024 : 64;
    cfg.timeout = 30;
    cfg.request_timeout = 10;
    cfg.threads = c.threads;
    cfg.tls_cert = cert;
    cfg.tls_key = key;
    if ((server = h.start(&cfg, why, sizeof why)) == NULL) {
        status = cli_failf(cli, _("cannot listen on %s port %u: %s"), c.listen,
                           c.port, why);
    } else {
        w.port = h.port(server);
        w.ready = 1;
        fprintf(cli->io->err, "kring server: serving %s on %s port %u\n",
                sv->origin, c.listen, w.port);
        fflush(cli->io->err);
        tend(cli, &c, sv, &stop);
        h.stop(server);
        fprintf(cli->io->err, "kring server: stopped\n");
    }
    pthread_sigmask(SIG_UNBLOCK, &stop, NULL);
    web_hsts(0);
    web_release(&w);
    pthread_mutex_destroy(&sv->lock);
    sem_destroy(&sv->hashing);
    oidc_release(sv);
    free(sv);
    free(cert);
    free(key);
    return status;
}

const struct cli_command cmd_server = {
    .name = "server",
    .spec = server_spec,
    .usage = server_usage,
    .min_pos = 0,
    .max_pos = 0,
    .count_error = N_("server takes no arguments"),
    .run = run_server,
};
