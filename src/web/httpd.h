/* The interface of kring-http.so (src/web/httpd.c), which `kring serve`
 * loads with dlopen(): the one file that knows libmicrohttpd, so that no
 * other command pays for it at start-up (docs/design.md). Plain C, nothing
 * of libkring. */
#ifndef KRING_HTTPD_H
#define KRING_HTTPD_H

#include <stddef.h>

/* A request, its body read whole. Valid during the handler's call. */
struct kh_request {
    const char *method; /* "GET", "POST", ... */
    const char *path;   /* the path, without the query */
    const char *body;   /* NUL-ended; "" without one */
    size_t body_len;
    /* A header's value (NULL if absent); a query argument's, decoded. */
    const char *(*header)(const struct kh_request *r, const char *name);
    const char *(*query)(const struct kh_request *r, const char *name);
    void *conn; /* the module's */
    /* Where it came from: the client's numeric address. */
    const char *address;
};

/* What the handler answers. BODY and HEADERS are malloc()ed and freed by
 * the module; HEADERS is "Name: value\n" lines, or NULL. */
struct kh_response {
    int status;
    const char *type; /* Content-Type, a static string */
    char *body;
    size_t len;
    char *headers;
};

/* Called on one of the server's threads, with several at once. */
typedef void (*kh_handler)(void *ctx, const struct kh_request *req,
                           struct kh_response *res);

struct kh_config {
    const char *bind;         /* a numeric IPv4 or IPv6 address */
    unsigned port;            /* 0: any free one */
    kh_handler handler;       /* the application */
    void *ctx;                /* passed to it */
    size_t max_body;          /* a larger body is answered 413 */
    unsigned max_clients;     /* connections at once */
    unsigned max_per_address; /* of them from one address */
    unsigned timeout;         /* seconds an idle connection is kept */
    /* Seconds a connection has to send a request, headers and body, from
     * when it opens or its last answer was sent; then it is closed. */
    unsigned request_timeout;
    unsigned threads; /* the threads that answer */
    /* HTTPS (GnuTLS, TLS 1.2 and 1.3 only): the certificate chain and its
     * private key, PEM text; NULL: plain HTTP. */
    const char *tls_cert;
    const char *tls_key;
};

struct kh_server;

/* Starts serving on threads of its own; NULL with the reason in WHY. */
struct kh_server *kh_start(const struct kh_config *cfg, char *why, size_t cap);
/* The port it listens on. */
unsigned kh_port(const struct kh_server *s);
/* Stops: waits for the requests being answered, closes the socket. */
void kh_stop(struct kh_server *s);

#endif
