/* kring serve: the database in a browser (docs/web.md). Loads
 * kring-http.so (libmicrohttpd), listens on loopback unless told
 * otherwise, prints the address with a random access token, and serves
 * until interrupted. */
#include <arpa/inet.h>
#include <dlfcn.h>
#include <errno.h>
#include <libintl.h>
#include <limits.h>
#include <malloc.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "web.h"

#define _(s) dgettext("kring", s)
#define N_(s) s

#define DEFAULT_PORT 8730
#define PORT_TRIES 10

enum { O_PORT = 1, O_BIND, O_REMOTE };

static const char serve_usage[] =
    N_("usage: kring serve [--port N] [--bind ADDRESS] [--allow-remote]\n"
       "\n"
       "Serves the database as web pages on this computer: the cases, the\n"
       "map, forms to add and change people and ties, the young person's view\n"
       "and the team's. Prints the address to open, with a random access\n"
       "token: without it nothing is served. Each address opens one browser;\n"
       "kring then prints the next. Listens on 127.0.0.1, port 8730 (or the\n"
       "next free one; --port 0 for any); another ADDRESS needs\n"
       "--allow-remote. Stop it with Ctrl-C.\n");

int cli_load_http(struct cli *cli, struct cli_http *h)
{
    char path[PATH_MAX + 32];
    void *module;

    if (!kring_module_find("kring-http.so", "KRING_HTTP", path, sizeof path))
        return cli_failf(cli, _("cannot serve: %s is not installed"), path);
    if ((module = dlopen(path, RTLD_NOW | RTLD_LOCAL)) == NULL)
        return cli_failf(cli, _("cannot serve: %s"), dlerror());
    *(void **)&h->start = dlsym(module, "kh_start");
    *(void **)&h->port = dlsym(module, "kh_port");
    *(void **)&h->stop = dlsym(module, "kh_stop");
    if (h->start == NULL || h->port == NULL || h->stop == NULL)
        return cli_failf(cli, _("cannot serve: %s is not kring's"), path);
    return CLI_OK;
}

/* Whether ADDR is a loopback address (127.0.0.0/8 or ::1); -1 if it is
 * no numeric address. */
int cli_is_loopback(const char *addr)
{
    struct in_addr v4;
    struct in6_addr v6;

    if (inet_pton(AF_INET, addr, &v4) == 1)
        return (ntohl(v4.s_addr) >> 24) == 127;
    if (inet_pton(AF_INET6, addr, &v6) == 1)
        return memcmp(&v6, &in6addr_loopback, sizeof v6) == 0;
    return -1;
}

/* Whether ADDR is 127.0.0.1 or ::1, where browsers find every name under
 * ".localhost" (RFC 6761): there kring serves under a name of its own. */
static int is_localhost(const char *addr)
{
    struct in_addr v4;
    struct in6_addr v6;

    if (inet_pton(AF_INET, addr, &v4) == 1)
        return ntohl(v4.s_addr) == INADDR_LOOPBACK;
    if (inet_pton(AF_INET6, addr, &v6) == 1)
        return memcmp(&v6, &in6addr_loopback, sizeof v6) == 0;
    return 0;
}

static int port_value(struct cli *cli, const char *v, unsigned *out)
{
    char *end;
    long n;

    errno = 0;
    n = strtol(v, &end, 10);
    if (v[0] == '\0' || *end != '\0' || errno || n < 0 || n > 65535)
        return cli_usage_error(cli, serve_usage,
                               _("--port must be a number from 0 to 65535, "
                                 "not '%s'"),
                               v);
    *out = (unsigned)n;
    return CLI_OK;
}

/* Starts the server on PORT, or without a port asked for on the first
 * free one from DEFAULT_PORT. */
static struct kh_server *start(struct cli *cli, const struct cli_http *h,
                               struct kh_config *cfg, int port_given)
{
    char why[256];
    struct kh_server *s;
    int k;

    for (k = 0; k < (port_given ? 1 : PORT_TRIES); k++) {
        if (!port_given)
            cfg->port = DEFAULT_PORT + (unsigned)k;
        if ((s = h->start(cfg, why, sizeof why)) != NULL)
            return s;
    }
    cli_failf(cli, _("cannot listen on %s port %u: %s"), cfg->bind, cfg->port,
              why);
    return NULL;
}

/* The server's threads draw maps of some hundred kilobytes, many times a
 * second. By default glibc gives the freed memory back to the system after
 * each drawing (heap trimming, and mmap for large blocks) and takes it
 * again for the next, with a page fault for every page: under load that
 * cost a fifth of the answers (bench/README.md). The server keeps what it
 * freed for its next requests instead; what it holds stays bounded by
 * what its requests needed at once. */
void cli_keep_freed_memory(void)
{
#if defined(M_TRIM_THRESHOLD) && defined(M_MMAP_THRESHOLD)
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
#endif
}

static const struct opt_spec serve_spec[] = {
    {"port", 'p', OPT_VALUE, O_PORT},
    {"bind", 0, OPT_VALUE, O_BIND},
    {"allow-remote", 0, OPT_NONE, O_REMOTE},
    {NULL, 0, 0, 0},
};

static int run_serve(struct cli *cli, struct opts *o)
{
    struct web w;
    struct cli_http h = {NULL, NULL, NULL};
    struct kh_config cfg;
    struct kh_server *server = NULL;
    kring_store *store = NULL;
    kring_error err;
    const char *db;
    char *default_db = NULL;
    sigset_t stop;
    const char *bind = "127.0.0.1";
    unsigned port = 0;
    int status, i, remote = 0, port_given = 0, loop, sig;

    for (i = 0; i < o->n; i++) {
        if (o->o[i].id == O_PORT) {
            if ((status = port_value(cli, o->o[i].value, &port)))
                return status;
            port_given = 1;
        } else if (o->o[i].id == O_BIND) {
            bind = o->o[i].value;
        } else {
            remote = 1;
        }
    }
    if (strcmp(bind, "localhost") == 0)
        bind = "127.0.0.1";
    if ((loop = cli_is_loopback(bind)) < 0)
        return cli_usage_error(cli, serve_usage,
                               _("--bind takes a numeric address (such as "
                                 "127.0.0.1), not '%s'"),
                               bind);
    if (!loop && !remote)
        return cli_usage_error(
            cli, serve_usage,
            _("%s is reachable from other computers; kring serves on this "
              "computer only (127.0.0.1) unless --allow-remote is given"),
            bind);

    if (cli->db != NULL)
        db = cli->db;
    else if ((db = default_db = kring_store_default_path(&err)) == NULL)
        return cli_fail(cli, &err);
    /* The database is opened (and made, private) now: a problem with it
     * is said here, not on the first page. */
    status = kring_store_open(db, cli->shared_ok ? KRING_STORE_SHARED_OK : 0,
                              &store, &err);
    kring_store_close(store);
    if (status != KRING_OK) {
        free(default_db);
        return cli_fail(cli, &err);
    }
    if ((status = cli_load_http(cli, &h))) {
        free(default_db);
        return status;
    }
    status = web_init(&w, db, cli->shared_ok, kring_i18n_language());
    free(default_db);
    if (status == -1)
        return cli_failf(cli, "%s", _("out of memory"));
    if (status == -2)
        return cli_failf(cli, "%s", _("cannot make a random access token"));
    w.loopback = loop;
    w.named = is_localhost(bind);

    cli_keep_freed_memory();

    /* The server's threads inherit a mask without SIGINT and SIGTERM:
     * this thread waits for them. */
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);

    memset(&cfg, 0, sizeof cfg);
    cfg.bind = bind;
    cfg.port = port;
    cfg.handler = web_handle;
    cfg.ctx = &w;
    cfg.max_body = 1u << 20;
    cfg.max_clients = 512;
    cfg.max_per_address = 256;
    cfg.timeout = 30;
    cfg.request_timeout = 5;
    /* A connection is answered by the thread that took it, one request
     * at a time: with few threads, a map found in a microsecond waited
     * behind another connection's drawing or change on the same thread
     * (bench/README.md, serve_load.js). */
    cfg.threads = 32;
    if ((server = start(cli, &h, &cfg, port_given)) == NULL) {
        status = CLI_DATA;
    } else {
        const char *open = strchr(bind, ':') ? "[" : "";
        const char *close = strchr(bind, ':') ? "]" : "";
        char address[160];
        w.port = h.port(server);
        if (!loop)
            fprintf(cli->io->err, "%s\n",
                    _("kring: warning: the pages are served to other "
                      "computers, over plain HTTP: anyone on the network "
                      "can read what passes, the token included, and with "
                      "the token read and change every case. Use it only on "
                      "a network you trust, and stop it when you are done."));
        {
            /* An address is shown without its password. */
            char *shown = kring_store_shown(w.db);
            fprintf(cli->io->err,
                    _("kring: serving %s; open the address below. Stop with "
                      "Ctrl-C.\n"),
                    shown ? shown : "?");
            free(shown);
        }
        snprintf(w.bind, sizeof w.bind, "%s%s%s", open, bind, close);
        /* Each visit with the token prints the next address (web.c). */
        w.out = cli->io->out;
        w.err = cli->io->err;
        w.ready = 1; /* a sequentially consistent store: the handlers' threads
                        see the fields above once they see it */
        web_address(&w, address, sizeof address);
        fprintf(cli->io->out, "%s\n", address);
        fflush(cli->io->out);
        fflush(cli->io->err);
        sigwait(&stop, &sig);
        h.stop(server);
        fprintf(cli->io->err, "%s\n", _("kring: stopped"));
    }
    pthread_sigmask(SIG_UNBLOCK, &stop, NULL);
    web_release(&w);
    return status;
}

const struct cli_command cmd_serve = {
    .name = "serve",
    .spec = serve_spec,
    .usage = serve_usage,
    .min_pos = 0,
    .max_pos = 0,
    .count_error = N_("serve takes no arguments"),
    .run = run_serve,
};
