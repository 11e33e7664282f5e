/* kring serve over real sockets (the binary KRING_BIN, with kring-http.so
 * beside it): what only HTTP shows. A path that a redirect copies cannot
 * add a header or lead away; slow clients cannot keep others out, and are
 * cut after the bound (docs/web.md, docs/limits.md). */
#define _GNU_SOURCE /* strcasestr */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "helpers.h"

#define SLOW 64           /* slow connections opened at once */
#define REQUEST_BOUND 5.0 /* seconds to send a request (cmd_serve.c) */

struct server {
    pid_t pid;
    unsigned port;
    char name[64]; /* the run's own host name */
    char token[64];
    FILE *out; /* kring serve's standard output */
};

/* Reads the next address kring serve prints: its name, port and token. */
static void read_address(struct server *s)
{
    char line[256];

    cr_assert_not_null(fgets(line, sizeof line, s->out),
                       "kring serve printed no address");
    cr_assert_eq(sscanf(line, "http://%63[^:]:%u/?token=%63[0-9a-f]", s->name,
                        &s->port, s->token),
                 3, "%s", line);
}

static double now(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Starts `kring serve --port 0` on Noah's database; reads the address. */
static void serve(struct server *s)
{
    const char *bin = getenv("KRING_BIN"), *db = t_noah_db();
    int out[2];

    cr_assert_not_null(bin, "KRING_BIN is not set");
    cr_assert_eq(pipe(out), 0);
    s->pid = fork();
    cr_assert(s->pid >= 0);
    if (s->pid == 0) {
        int quiet = open("/dev/null", O_WRONLY);
        dup2(out[1], STDOUT_FILENO);
        dup2(quiet, STDERR_FILENO);
        close(out[0]);
        close(out[1]);
        execl(bin, "kring", "--db", db, "--lang", "en", "serve", "--port", "0",
              (char *)NULL);
        _exit(127);
    }
    close(out[1]);
    s->out = fdopen(out[0], "r");
    cr_assert_not_null(s->out);
    read_address(s);
}

static void stop(struct server *s)
{
    int status;

    kill(s->pid, SIGTERM);
    waitpid(s->pid, &status, 0);
    fclose(s->out);
    cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0,
              "kring serve did not end cleanly");
}

static int dial(unsigned port)
{
    struct sockaddr_in a;
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    cr_assert(fd >= 0);
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((unsigned short)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    cr_assert_eq(connect(fd, (struct sockaddr *)&a, sizeof a), 0, "%s",
                 strerror(errno));
    return fd;
}

/* Sends REQUEST on a new connection and reads the answer until the server
 * closes it or WAIT seconds pass; the answer into BUF. Returns its
 * length, or -1 when nothing came. */
static long exchange(unsigned port, const char *request, char *buf, size_t cap,
                     int wait)
{
    struct timeval tv = {wait, 0};
    int fd = dial(port);
    size_t len = 0;
    ssize_t n;

    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    cr_assert_eq(send(fd, request, strlen(request), MSG_NOSIGNAL),
                 (ssize_t)strlen(request));
    while (len + 1 < cap && (n = recv(fd, buf + len, cap - len - 1, 0)) > 0)
        len += (size_t)n;
    buf[len] = '\0';
    close(fd);
    return len > 0 ? (long)len : -1;
}

Test(serve_http, a_redirect_adds_no_header_and_stays_here, .timeout = 60)
{
    /* As a browser or a script would send them: escaped, or not. */
    static const char *const paths[] = {
        "/x%0aX-Injected:%20yes", "/x%0d%0aX-Injected:%20yes",
        "/x%0dX-Injected:%20yes", "//evil.example/",
        "/\\evil.example/",       "/%5cevil.example/",
        "/%2f/evil.example/",     "/%2F%2Fevil.example/",
        "///evil.example/",
    };
    struct server s;
    char request[512], answer[8192], *head_end, *loc;
    size_t i;

    serve(&s);
    for (i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        snprintf(request, sizeof request,
                 "GET %s?token=%s HTTP/1.1\r\nHost: %s:%u\r\n"
                 "Connection: close\r\n\r\n",
                 paths[i], s.token, s.name, s.port);
        cr_assert(exchange(s.port, request, answer, sizeof answer, 5) > 0,
                  "%s: no answer", paths[i]);
        head_end = strstr(answer, "\r\n\r\n");
        cr_assert_not_null(head_end, "%s: %s", paths[i], answer);
        *head_end = '\0';
        cr_assert_null(strcasestr(answer, "\nX-Injected"), "%s: %s", paths[i],
                       answer);
        if (strncmp(answer, "HTTP/1.1 303", 12) == 0) {
            loc = strcasestr(answer, "\r\nLocation: ");
            cr_assert_not_null(loc, "%s", answer);
            loc += strlen("\r\nLocation: ");
            loc[strcspn(loc, "\r\n")] = '\0';
            cr_assert_str_eq(loc, "/", "%s leads to %s", paths[i], loc);
            read_address(&s); /* the visit took the token */
        } else {
            /* libmicrohttpd may refuse a request line it cannot read. */
            cr_assert_eq(strncmp(answer, "HTTP/1.1 400", 12), 0, "%s: %s",
                         paths[i], answer);
        }
    }
    /* A path of kring's own is kept. */
    snprintf(request, sizeof request,
             "GET /case/2026-014?token=%s HTTP/1.1\r\nHost: %s:%u\r\n"
             "Connection: close\r\n\r\n",
             s.token, s.name, s.port);
    cr_assert(exchange(s.port, request, answer, sizeof answer, 5) > 0);
    cr_assert_not_null(strstr(answer, "\r\nLocation: /case/2026-014\r\n"), "%s",
                       answer);
    stop(&s);
}

/* Whether the server has closed FD (an end or a reset is waiting). */
static int closed(int fd)
{
    struct pollfd p = {fd, POLLIN, 0};
    char c;

    if (poll(&p, 1, 0) <= 0)
        return 0;
    return recv(fd, &c, 1, MSG_DONTWAIT) <= 0;
}

Test(serve_http, slow_clients_keep_no_one_out, .timeout = 60)
{
    struct server s;
    char request[512], answer[4096], part[200];
    int fd[SLOW], i, open_at_3 = 0, closed_at_end = 0;
    double start, asked, took, next;

    serve(&s);
    snprintf(part, sizeof part,
             "GET / HTTP/1.1\r\nHost: %s:%u\r\nX-Slow: ", s.name, s.port);
    /* Half send nothing; half a request's start, then a byte at a time,
     * never ending the headers. */
    start = now();
    for (i = 0; i < SLOW; i++) {
        fd[i] = dial(s.port);
        if (i % 2 == 1)
            send(fd[i], part, strlen(part), MSG_NOSIGNAL);
    }
    /* Someone else is answered at once. */
    snprintf(request, sizeof request,
             "GET /api/weights HTTP/1.1\r\nHost: %s:%u\r\n"
             "Authorization: Bearer %s\r\nConnection: close\r\n\r\n",
             s.name, s.port, s.token);
    asked = now();
    cr_assert(exchange(s.port, request, answer, sizeof answer, 5) > 0,
              "no answer beside %d slow connections", SLOW);
    took = now() - asked;
    cr_assert_eq(strncmp(answer, "HTTP/1.1 200", 12), 0, "%s", answer);
    cr_assert(took < 2.0, "answered after %.2f s", took);
    /* The slow ones trickle on; the bound cuts them, trickling or not. */
    for (next = now(); now() - start < REQUEST_BOUND + 1.5; next += 0.2) {
        while (now() < next)
            usleep(10000);
        for (i = 1; i < SLOW; i += 2)
            send(fd[i], "a", 1, MSG_NOSIGNAL);
        if (open_at_3 == 0 && now() - start >= 3.0)
            for (i = 0; i < SLOW; i++)
                open_at_3 += !closed(fd[i]);
    }
    for (i = 0; i < SLOW; i++) {
        closed_at_end += closed(fd[i]);
        close(fd[i]);
    }
    cr_assert_eq(open_at_3, SLOW, "cut before the bound: %d of %d open",
                 open_at_3, SLOW);
    cr_assert_eq(closed_at_end, SLOW, "after %.1f s, %d of %d were cut",
                 REQUEST_BOUND + 1.5, closed_at_end, SLOW);
    /* And the server still answers. */
    cr_assert(exchange(s.port, request, answer, sizeof answer, 5) > 0);
    cr_assert_eq(strncmp(answer, "HTTP/1.1 200", 12), 0, "%s", answer);
    stop(&s);
}

/* The printed address is under the run's own name; its token opens one
 * browser session, and kring prints the next address (issue 17). */
Test(serve_http, the_address_opens_once_under_its_own_name, .timeout = 60)
{
    struct server s;
    char request[512], answer[8192], first[64], expect[200];
    size_t i;

    serve(&s);
    cr_assert_eq(strlen(s.name), strlen("k0123456789abcdef.localhost"), "%s",
                 s.name);
    cr_assert_eq(s.name[0], 'k');
    cr_assert_eq(strspn(s.name + 1, "0123456789abcdef"), 16, "%s", s.name);
    cr_assert_str_eq(s.name + 17, ".localhost");
    /* At 127.0.0.1 the token leads to the own name, and stays live. */
    snprintf(request, sizeof request,
             "GET /case/2026-014?token=%s HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n"
             "Connection: close\r\n\r\n",
             s.token, s.port);
    cr_assert(exchange(s.port, request, answer, sizeof answer, 5) > 0);
    snprintf(expect, sizeof expect,
             "\r\nLocation: http://%s:%u/case/2026-014?token=%s\r\n", s.name,
             s.port, s.token);
    cr_assert_not_null(strstr(answer, expect), "%s", answer);
    cr_assert_null(strcasestr(answer, "Set-Cookie"), "%s", answer);
    /* The visit under the own name lets in, and takes the token. */
    snprintf(first, sizeof first, "%s", s.token);
    for (i = 0; i < 2; i++) {
        snprintf(request, sizeof request,
                 "GET /?token=%s HTTP/1.1\r\nHost: %s:%u\r\n"
                 "Connection: close\r\n\r\n",
                 first, s.name, s.port);
        cr_assert(exchange(s.port, request, answer, sizeof answer, 5) > 0);
        if (i == 0) {
            cr_assert_eq(strncmp(answer, "HTTP/1.1 303", 12), 0, "%s", answer);
            cr_assert_not_null(strcasestr(answer, "\r\nSet-Cookie: kring-"));
            read_address(&s);
            cr_assert_str_neq(s.token, first,
                              "the next address has a new "
                              "token");
        } else {
            /* The address the browser keeps lets no one in again. */
            cr_assert_eq(strncmp(answer, "HTTP/1.1 403", 12), 0, "%s", answer);
            cr_assert_null(strcasestr(answer, "Set-Cookie"), "%s", answer);
        }
    }
    stop(&s);
}

/* PATH asked over HTTP with a bearer token and ENCODING as Accept-Encoding
 * (NULL: none): the answer's head into HEAD and its body, as sent, into
 * the file BODY. */
static void fetch_raw(struct server *s, const char *path, const char *encoding,
                      char *head, size_t cap, const char *body)
{
    static char answer[1 << 20];
    char request[512], accept[128] = "";
    long n;
    char *end;
    FILE *f;

    if (encoding != NULL)
        snprintf(accept, sizeof accept, "Accept-Encoding: %s\r\n", encoding);
    snprintf(request, sizeof request,
             "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%u\r\nAuthorization: Bearer "
             "%s\r\n%sConnection: close\r\n\r\n",
             path, s->port, s->token, accept);
    n = exchange(s->port, request, answer, sizeof answer, 5);
    cr_assert_gt(n, 0);
    cr_assert_not_null(end = strstr(answer, "\r\n\r\n"));
    snprintf(head, cap, "%.*s", (int)(end - answer), answer);
    cr_assert_not_null(f = fopen(body, "wb"));
    fwrite(end + 4, 1, (size_t)(n - (end + 4 - answer)), f);
    fclose(f);
}

/* Pages, the stylesheet and the script go in gzip to whoever takes it
 * (docs/web.md), and decode to what is sent to whoever does not. */
Test(serve_http, text_goes_in_gzip_to_who_takes_it, .timeout = 60)
{
    struct server s;
    char head[4096], dir[] = "/tmp/kring-gzip-XXXXXX", plain[96], packed[96],
                     cmd[400];

    cr_assert_not_null(mkdtemp(dir));
    snprintf(plain, sizeof plain, "%s/plain", dir);
    snprintf(packed, sizeof packed, "%s/packed", dir);
    serve(&s);
    fetch_raw(&s, "/static/kring.js", NULL, head, sizeof head, plain);
    cr_assert_null(strcasestr(head, "Content-Encoding"), "%s", head);
    cr_assert_not_null(strcasestr(head, "\r\nVary: Accept-Encoding"));
    fetch_raw(&s, "/static/kring.js", "deflate, gzip;q=0.8", head, sizeof head,
              packed);
    cr_assert_not_null(strcasestr(head, "\r\nContent-Encoding: gzip"), "%s",
                       head);
    snprintf(cmd, sizeof cmd, "gzip -dc < %s | cmp - %s", packed, plain);
    cr_assert_eq(system(cmd), 0, "the script in gzip is the script");
    /* Refused with q=0: as it is. */
    fetch_raw(&s, "/static/kring.css", "gzip;q=0", head, sizeof head, packed);
    cr_assert_null(strcasestr(head, "Content-Encoding"), "%s", head);
    /* A page: gzip, a fraction of its size, the whole page. */
    fetch_raw(&s, "/case/2026-014", "gzip", head, sizeof head, packed);
    cr_assert_not_null(strcasestr(head, "\r\nContent-Encoding: gzip"));
    snprintf(cmd, sizeof cmd, "gzip -dc < %s > %s", packed, plain);
    cr_assert_eq(system(cmd), 0);
    {
        FILE *f = fopen(plain, "rb");
        static char page[1 << 20];
        size_t n = fread(page, 1, sizeof page - 1, f);
        page[n] = '\0';
        fclose(f);
        cr_assert_not_null(strstr(page, "Oma Ria"));
        cr_assert_not_null(strstr(page, "</html>"));
    }
    stop(&s);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
}
