/* kring-http.so: HTTP with libmicrohttpd for `kring serve`. A few
 * threads wait on every connection with epoll (a slow client costs no
 * thread); the body of a request is read whole (up to a limit), then the
 * application's handler is called once. A connection that takes longer
 * than the bound to send its request is closed (the watchdog below).
 * Nothing of libkring is here. */
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "httpd.h"

/* A connection, while it is open: since when it waits for a request. */
struct conn {
    struct conn *prev, *next;
    int fd;
    double since; /* CLOCK_MONOTONIC seconds */
    int busy;     /* its request is being answered: no bound */
    int cut;      /* shut down by the watchdog */
};

struct kh_server {
    struct MHD_Daemon *daemon;
    struct kh_config cfg;
    unsigned port;
    pthread_mutex_t lock; /* the list of connections, STOPPING */
    pthread_cond_t wake;
    struct conn *conns;
    pthread_t watchdog;
    int watching, stopping;
};

/* One request as it comes in. */
struct pending {
    struct kh_request req;
    struct MHD_Connection *conn;
    struct conn *c;
    char *body;
    size_t len, cap;
    int too_large;
    char address[INET6_ADDRSTRLEN];
};

/* GnuTLS's priorities: its defaults, without anything before TLS 1.2. */
#define TLS_PRIORITIES "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2"

static double now(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static struct conn *conn_of(struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

    return info != NULL ? info->socket_context : NULL;
}

/* A request starts being answered (BUSY), or its answer was sent. */
static void conn_mark(struct kh_server *s, struct conn *c, int busy)
{
    if (c == NULL)
        return;
    pthread_mutex_lock(&s->lock);
    c->busy = busy;
    c->since = now();
    pthread_mutex_unlock(&s->lock);
}

static void on_connection(void *cls, struct MHD_Connection *conn,
                          void **context,
                          enum MHD_ConnectionNotificationCode code)
{
    struct kh_server *s = cls;
    struct conn *c = *context;
    const union MHD_ConnectionInfo *info;

    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        info = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
        if (info == NULL || (c = calloc(1, sizeof *c)) == NULL)
            return; /* not watched: the idle timeout still holds */
        c->fd = info->connect_fd;
        c->since = now();
        pthread_mutex_lock(&s->lock);
        c->next = s->conns;
        if (s->conns != NULL)
            s->conns->prev = c;
        s->conns = c;
        pthread_mutex_unlock(&s->lock);
        *context = c;
    } else if (c != NULL) {
        /* Called before libmicrohttpd closes the socket: the watchdog,
         * under the same lock, never shuts down a number reused. */
        pthread_mutex_lock(&s->lock);
        if (c->prev != NULL)
            c->prev->next = c->next;
        else
            s->conns = c->next;
        if (c->next != NULL)
            c->next->prev = c->prev;
        pthread_mutex_unlock(&s->lock);
        free(c);
        *context = NULL;
    }
}

/* Shuts down every connection that has waited longer than the bound for
 * its request; libmicrohttpd then sees the end and closes it. */
static void *watch(void *arg)
{
    struct kh_server *s = arg;
    struct timespec until;
    struct conn *c;
    double t;

    pthread_mutex_lock(&s->lock);
    while (!s->stopping) {
        t = now();
        for (c = s->conns; c != NULL; c = c->next)
            if (!c->busy && !c->cut &&
                t - c->since > (double)s->cfg.request_timeout) {
                shutdown(c->fd, SHUT_RDWR);
                c->cut = 1;
            }
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += 200 * 1000 * 1000;
        if (until.tv_nsec >= 1000 * 1000 * 1000) {
            until.tv_sec++;
            until.tv_nsec -= 1000 * 1000 * 1000;
        }
        pthread_cond_timedwait(&s->wake, &s->lock, &until);
    }
    pthread_mutex_unlock(&s->lock);
    return NULL;
}

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

/* Whether the request takes gzip: the coding "gzip" in its
 * Accept-Encoding, not refused with q=0. */
static int takes_gzip(struct MHD_Connection *conn)
{
    const char *a =
        MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Accept-Encoding");
    const char *g = a;

    while (g != NULL && (g = strstr(g, "gzip")) != NULL) {
        const char *end = g + 4;
        if ((g == a || g[-1] == ' ' || g[-1] == '\t' || g[-1] == ',') &&
            strchr(" \t,;", *end) != NULL) {
            end += strspn(end, " \t");
            if (*end != ';')
                return 1;
            end += 1 + strspn(end + 1, " \t");
            /* q=0, q=0.0, q=0.00, q=0.000: refused */
            return !(strncasecmp(end, "q=0", 3) == 0 &&
                     strspn(end + 3, ".0") == strcspn(end + 3, " ,"));
        }
        g += 4;
    }
    return 0;
}

/* Text of TYPE is worth compressing: pages, the stylesheet, the script,
 * maps in SVG, JSON. */
static int compressible(const char *type)
{
    return type != NULL && (strncmp(type, "text/", 5) == 0 ||
                            strncmp(type, "image/svg+xml", 13) == 0 ||
                            strncmp(type, "application/json", 16) == 0);
}

/* BODY (LEN bytes) in gzip into *OUT and *OUT_LEN (zlib, level 6): 0, or
 * -1 when it could not be (BODY is then sent as it is). */
static int gzipped(const char *body, size_t len, char **out, size_t *out_len)
{
    z_stream z;
    uLong cap;

    memset(&z, 0, sizeof z);
    if (len > 0x7fffffff ||
        deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return -1;
    cap = deflateBound(&z, (uLong)len);
    if ((*out = malloc(cap)) == NULL) {
        deflateEnd(&z);
        return -1;
    }
    z.next_in = (Bytef *)(uintptr_t)body;
    z.avail_in = (uInt)len;
    z.next_out = (Bytef *)*out;
    z.avail_out = (uInt)cap;
    if (deflate(&z, Z_FINISH) != Z_STREAM_END) {
        deflateEnd(&z);
        free(*out);
        return -1;
    }
    *out_len = z.total_out;
    deflateEnd(&z);
    return 0;
}

/* Sends the answer; text of 1 KB or more in gzip to a browser that takes
 * it (a page of a 40-person case is a fifth of its size: docs/web.md). */
static enum MHD_Result answer(struct MHD_Connection *conn, int status,
                              const char *type, char *body, size_t len,
                              char *headers)
{
    struct MHD_Response *r;
    enum MHD_Result rc;
    char *packed = NULL;
    size_t packed_len = 0;
    int text = compressible(type);

    if (text && len >= 1024 && takes_gzip(conn) &&
        gzipped(body, len, &packed, &packed_len) == 0) {
        free(body);
        body = packed;
        len = packed_len;
    }
    r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
    if (r == NULL) {
        free(body);
        free(headers);
        return MHD_NO;
    }
    if (type != NULL)
        MHD_add_response_header(r, "Content-Type", type);
    if (packed != NULL)
        MHD_add_response_header(r, "Content-Encoding", "gzip");
    if (text)
        MHD_add_response_header(r, "Vary", "Accept-Encoding");
    add_headers(r, headers);
    free(headers);
    rc = MHD_queue_response(conn, (unsigned)status, r);
    MHD_destroy_response(r);
    return rc;
}

/* The client's numeric address into BUF. */
static const char *client_address(struct MHD_Connection *conn, char *buf,
                                  size_t cap)
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    const struct sockaddr *sa = info ? info->client_addr : NULL;

    snprintf(buf, cap, "?");
    if (sa != NULL && sa->sa_family == AF_INET)
        inet_ntop(AF_INET,
                  &((const struct sockaddr_in *)(const void *)sa)->sin_addr,
                  buf, (socklen_t)cap);
    else if (sa != NULL && sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6,
                  &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
                  buf, (socklen_t)cap);
    return buf;
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
        p->c = conn_of(conn);
        *state = p;
        return MHD_YES;
    }
    if (*data_size != 0) {
        if (append(p, data, *data_size, s->cfg.max_body) < 0)
            return MHD_NO;
        *data_size = 0;
        return MHD_YES;
    }
    conn_mark(s, p->c, 1);
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
    p->req.address = client_address(conn, p->address, sizeof p->address);
    memset(&res, 0, sizeof res);
    s->cfg.handler(s->cfg.ctx, &p->req, &res);
    return answer(conn, res.status ? res.status : 500, res.type, res.body,
                  res.len, res.headers);
}

static void on_done(void *cls, struct MHD_Connection *conn, void **state,
                    enum MHD_RequestTerminationCode why)
{
    struct kh_server *s = cls;
    struct pending *p = *state;

    (void)why;
    conn_mark(s, p != NULL && p->c != NULL ? p->c : conn_of(conn), 0);
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
    unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD;
    const union MHD_DaemonInfo *info;
    struct MHD_OptionItem tls[4] = {{MHD_OPTION_END, 0, NULL},
                                    {MHD_OPTION_END, 0, NULL},
                                    {MHD_OPTION_END, 0, NULL},
                                    {MHD_OPTION_END, 0, NULL}};

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
    pthread_mutex_init(&s->lock, NULL);
    pthread_cond_init(&s->wake, NULL);
    if (cfg->tls_cert != NULL) {
        if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
            snprintf(why, cap, "this libmicrohttpd has no TLS");
            kh_stop(s);
            return NULL;
        }
        flags |= MHD_USE_TLS;
        tls[0] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_MEM_CERT, 0,
                                         (void *)cfg->tls_cert};
        tls[1] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_MEM_KEY, 0,
                                         (void *)cfg->tls_key};
        /* TLS 1.2 and 1.3 only (docs/server.md). */
        tls[2] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_PRIORITIES, 0,
                                         (void *)TLS_PRIORITIES};
    }
    s->daemon = MHD_start_daemon(
        flags, (unsigned short)cfg->port, NULL, NULL, on_request, s,
        MHD_OPTION_SOCK_ADDR, &a.sa, MHD_OPTION_NOTIFY_COMPLETED, on_done, s,
        MHD_OPTION_NOTIFY_CONNECTION, on_connection, s,
        MHD_OPTION_THREAD_POOL_SIZE, cfg->threads, MHD_OPTION_CONNECTION_LIMIT,
        cfg->max_clients, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
        cfg->max_per_address, MHD_OPTION_CONNECTION_TIMEOUT, cfg->timeout,
        MHD_OPTION_ARRAY, tls, MHD_OPTION_END);
    if (s->daemon == NULL) {
        snprintf(why, cap, "%s", strerror(errno ? errno : EADDRINUSE));
        kh_stop(s);
        return NULL;
    }
    if (pthread_create(&s->watchdog, NULL, watch, s) != 0) {
        snprintf(why, cap, "%s", strerror(EAGAIN));
        kh_stop(s);
        return NULL;
    }
    s->watching = 1;
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
    if (s->watching) {
        pthread_mutex_lock(&s->lock);
        s->stopping = 1;
        pthread_cond_signal(&s->wake);
        pthread_mutex_unlock(&s->lock);
        pthread_join(s->watchdog, NULL);
    }
    if (s->daemon != NULL)
        MHD_stop_daemon(s->daemon); /* closes every connection */
    pthread_cond_destroy(&s->wake);
    pthread_mutex_destroy(&s->lock);
    free(s);
}
