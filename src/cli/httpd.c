/* kring-http.so: HTTP with libmicrohttpd for `kring serve`. A thread per
 * connection, the body of a request read whole (up to a limit), then one
 * call of the application's handler. Nothing of libkring is here. */
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "httpd.h"

struct kh_server {
    struct MHD_Daemon *daemon;
    struct kh_config cfg;
    unsigned port;
};

/* One request as it comes in. */
struct pending {
    struct kh_request req;
    struct MHD_Connection *conn;
    char *body;
    size_t len, cap;
    int too_large;
};

static const char *get_header(const struct kh_request *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

static const char *get_query(const struct kh_request *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

static int append(struct pending *p, const char *data, size_t n,
                  size_t max_body)
{
    if (p->too_large || p->len + n > max_body) {
        p->too_large = 1;
        return 0;
    }
    if (p->len + n + 1 > p->cap) {
        size_t cap = p->cap ? p->cap : 1024;
        char *grown;
        while (cap < p->len + n + 1)
            cap *= 2;
        if ((grown = realloc(p->body, cap)) == NULL)
            return -1;
        p->body = grown;
        p->cap = cap;
    }
    memcpy(p->body + p->len, data, n);
    p->len += n;
    p->body[p->len] = '\0';
    return 0;
}

/* Adds the "Name: value\n" lines of LIST to R. */
static void add_headers(struct MHD_Response *r, char *list)
{
    char *line = list, *next, *colon;

    for (; line != NULL && *line != '\0'; line = next) {
        next = strchr(line, '\n');
        if (next != NULL)
            *next++ = '\0';
        if ((colon = strchr(line, ':')) == NULL)
            continue;
        *colon = '\0';
        MHD_add_response_header(r, line, colon + 1 + (colon[1] == ' '));
    }
}

static enum MHD_Result answer(struct MHD_Connection *conn, int status,
                              const char *type, char *body, size_t len,
                              char *headers)
{
    struct MHD_Response *r;
    enum MHD_Result rc;

    r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
    if (r == NULL) {
        free(body);
        free(headers);
        return MHD_NO;
    }
    if (type != NULL)
        MHD_add_response_header(r, "Content-Type", type);
    add_headers(r, headers);
    free(headers);
    rc = MHD_queue_response(conn, (unsigned)status, r);
    MHD_destroy_response(r);
    return rc;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
                                  const char *url, const char *method,
                                  const char *version, const char *data,
                                  size_t *data_size, void **state)
{
    struct kh_server *s = cls;
    struct pending *p = *state;
    struct kh_response res;

    (void)version;
    if (p == NULL) {
        if ((p = calloc(1, sizeof *p)) == NULL)
            return MHD_NO;
        p->conn = conn;
        *state = p;
        return MHD_YES;
    }
    if (*data_size != 0) {
        if (append(p, data, *data_size, s->cfg.max_body) < 0)
            return MHD_NO;
        *data_size = 0;
        return MHD_YES;
    }
    if (p->too_large) {
        static const char msg[] = "request too large\n";
        char *body = strdup(msg);
        return body ? answer(conn, 413, "text/plain; charset=utf-8", body,
                             strlen(body), NULL)
                    : MHD_NO;
    }
    p->req.method = method;
    p->req.path = url;
    p->req.body = p->body != NULL ? p->body : "";
    p->req.body_len = p->len;
    p->req.header = get_header;
    p->req.query = get_query;
    p->req.conn = conn;
    memset(&res, 0, sizeof res);
    s->cfg.handler(s->cfg.ctx, &p->req, &res);
    return answer(conn, res.status ? res.status : 500, res.type, res.body,
                  res.len, res.headers);
}

static void on_done(void *cls, struct MHD_Connection *conn, void **state,
                    enum MHD_RequestTerminationCode why)
{
    struct pending *p = *state;

    (void)cls;
    (void)conn;
    (void)why;
    if (p != NULL) {
        free(p->body);
        free(p);
        *state = NULL;
    }
}

union addr {
    struct sockaddr sa;
    struct sockaddr_in v4;
    struct sockaddr_in6 v6;
};

/* Binds a socket of our own first, for the reason when it cannot be. */
static int try_bind(const union addr *a, socklen_t len, char *why, size_t cap)
{
    int fd = socket(a->sa.sa_family, SOCK_STREAM, 0), one = 1, ok;

    if (fd < 0) {
        snprintf(why, cap, "%s", strerror(errno));
        return -1;
    }
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    ok = bind(fd, &a->sa, len) == 0;
    if (!ok)
        snprintf(why, cap, "%s", strerror(errno));
    close(fd);
    return ok ? 0 : -1;
}

struct kh_server *kh_start(const struct kh_config *cfg, char *why, size_t cap)
{
    struct kh_server *s;
    union addr a;
    socklen_t len;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD |
                     MHD_USE_THREAD_PER_CONNECTION | MHD_USE_POLL;
    const union MHD_DaemonInfo *info;

    memset(&a, 0, sizeof a);
    if (inet_pton(AF_INET, cfg->bind, &a.v4.sin_addr) == 1) {
        a.v4.sin_family = AF_INET;
        a.v4.sin_port = htons((unsigned short)cfg->port);
        len = sizeof a.v4;
    } else if (inet_pton(AF_INET6, cfg->bind, &a.v6.sin6_addr) == 1) {
        a.v6.sin6_family = AF_INET6;
        a.v6.sin6_port = htons((unsigned short)cfg->port);
        len = sizeof a.v6;
        flags |= MHD_USE_IPv6;
    } else {
        snprintf(why, cap, "not a numeric address");
        return NULL;
    }
    if (cfg->port != 0 && try_bind(&a, len, why, cap) < 0)
        return NULL;
    if ((s = calloc(1, sizeof *s)) == NULL) {
        snprintf(why, cap, "%s", strerror(ENOMEM));
        return NULL;
    }
    s->cfg = *cfg;
    s->daemon = MHD_start_daemon(
        flags, (unsigned short)cfg->port, NULL, NULL, on_request, s,
        MHD_OPTION_SOCK_ADDR, &a.sa, MHD_OPTION_NOTIFY_COMPLETED, on_done, s,
        MHD_OPTION_CONNECTION_LIMIT, cfg->max_clients,
        MHD_OPTION_CONNECTION_TIMEOUT, cfg->timeout, MHD_OPTION_END);
    if (s->daemon == NULL) {
        snprintf(why, cap, "%s", strerror(errno ? errno : EADDRINUSE));
        free(s);
        return NULL;
    }
    info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info != NULL ? info->port : cfg->port;
    return s;
}

unsigned kh_port(const struct kh_server *s)
{
    return s->port;
}

void kh_stop(struct kh_server *s)
{
    if (s == NULL)
        return;
    MHD_stop_daemon(s->daemon);
    free(s);
}
