/* Worker processes for `render --all` (docs/cli.md): Graphviz is not
 * thread-safe, so each worker is a process of its own, forked before
 * anything has loaded Graphviz and before the store is opened, and starts
 * its own Graphviz at its first map. kring reads the cases and lays the
 * maps out in its own process (one reader: the audit log's lines stay
 * as they were) and hands each worker a job through a socket; the worker
 * draws and writes, and answers with a status and, on failure, its
 * message. The jobs go out in the order of the cases, 16 at most waiting
 * at each worker, and a worker is replaced by a new one after MAPS maps
 * (Graphviz keeps a little of every map it draws), so that memory stays
 * the same however many cases there are. */
#define _GNU_SOURCE /* MSG_NOSIGNAL */
#include <errno.h>
#include <libintl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"

#define _(s) dgettext("kring", s)

#define MAX_WORKERS 64
#define WAITING 16 /* jobs handed to one worker and not yet answered */
#define MAPS 256   /* jobs handed to one worker before it is replaced */

struct answer {
    uint64_t seq;                    /* the job's number, from 0 */
    int code;                        /* KRING_OK or the worker's status */
    char text[KRING_ERROR_TEXT_MAX]; /* its message */
};

struct worker {
    pid_t pid;
    int fd;                /* the socket to it; -1 once it is gone */
    int waiting;           /* jobs handed, not answered */
    uint64_t seq[WAITING]; /* their numbers, the oldest at FIRST */
    int first;
    int handed;   /* jobs handed to it in all */
    int retiring; /* handed MAPS: it ends after its last answer */
};

struct cli_workers {
    struct worker w[MAX_WORKERS];
    int n;
    cli_work_fn work; /* what the workers do, with CTX */
    void *ctx;
    uint64_t next;       /* the next job's number */
    int failed;          /* an answer was a failure */
    uint64_t failed_seq; /* the earliest failed job */
    kring_error first;   /* its error */
    int spawn_errno;     /* why a worker could not be started, or 0 */
};

int cli_workers_wanted(void)
{
    const char *env = getenv("KRING_WORKERS");
    long n;

    if (env != NULL && *env != '\0') {
        char *end;
        n = strtol(env, &end, 10);
        if (*end == '\0' && n >= 1)
            return n > MAX_WORKERS ? MAX_WORKERS : (int)n;
    }
    n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > MAX_WORKERS ? MAX_WORKERS : (int)n;
}

/* All LEN bytes of BUF to FD; 0, or -1. */
static int send_all(int fd, const void *buf, size_t len)
{
    const char *p = buf;

    while (len > 0) {
        ssize_t n = send(fd, p, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

/* All LEN bytes from FD into BUF; 0, 1 at the end of the stream before
 * any byte, or -1. */
static int recv_all(int fd, void *buf, size_t len)
{
    char *p = buf;
    size_t got = 0;

    while (got < len) {
        ssize_t n = recv(fd, p + got, len - got, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n == 0 && got == 0)
            return 1;
        if (n <= 0)
            return -1;
        got += (size_t)n;
    }
    return 0;
}

/* The worker's life: jobs in, answers out, until kring closes the socket. */
static void serve(int fd, cli_work_fn work, void *ctx)
{
    char *job = NULL;
    size_t cap = 0;

    for (;;) {
        uint64_t head[2]; /* the job's number and length */
        struct answer a;
        kring_error err;
        if (recv_all(fd, head, sizeof head) != 0)
            break;
        if (head[1] + 1 > cap) {
            free(job);
            cap = (size_t)head[1] + 1;
            if ((job = malloc(cap)) == NULL)
                break;
        }
        if (recv_all(fd, job, (size_t)head[1]) != 0)
            break;
        job[head[1]] = '\0';
        memset(&a, 0, sizeof a);
        a.seq = head[0];
        err.code = KRING_OK;
        err.text[0] = '\0';
        a.code = work(job, (size_t)head[1], ctx, &err);
        snprintf(a.text, sizeof a.text, "%s", err.text);
        if (send_all(fd, &a, sizeof a) != 0)
            break;
    }
    free(job);
}

/* A new worker in K: 0, or -1 when it cannot start. */
static int spawn(struct cli_workers *w, struct worker *k)
{
    int sv[2], j;
    pid_t pid;

    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
        w->spawn_errno = errno;
        return -1;
    }
    fflush(NULL); /* nothing buffered is written twice */
    if ((pid = fork()) < 0) {
        w->spawn_errno = errno;
        close(sv[0]);
        close(sv[1]);
        return -1;
    }
    if (pid == 0) {
        /* The worker keeps its own socket only: the others must see
         * their end when kring closes them. It touches nothing else of
         * kring's (the store, if open, is kring's own). */
        for (j = 0; j < w->n; j++)
            if (w->w[j].fd >= 0 && &w->w[j] != k)
                close(w->w[j].fd);
        close(sv[0]);
        serve(sv[1], w->work, w->ctx);
        _exit(0);
    }
    close(sv[1]);
    memset(k, 0, sizeof *k);
    k->pid = pid;
    k->fd = sv[0];
    return 0;
}

struct cli_workers *cli_workers_start(int n, cli_work_fn work, void *ctx)
{
    struct cli_workers *w;

    if (n < 2 || (w = calloc(1, sizeof *w)) == NULL)
        return NULL;
    w->work = work;
    w->ctx = ctx;
    while (w->n < n && w->n < MAX_WORKERS && spawn(w, &w->w[w->n]) == 0)
        w->n++;
    if (w->n < 2) {
        /* One worker is no better than drawing here. */
        cli_workers_finish(w, NULL);
        return NULL;
    }
    return w;
}

/* Keeps the earliest failure. */
static void failure(struct cli_workers *w, uint64_t seq, int code,
                    const char *text)
{
    if (w->failed && w->failed_seq <= seq)
        return;
    w->failed = 1;
    w->failed_seq = seq;
    w->first.code = code;
    snprintf(w->first.text, sizeof w->first.text, "%s", text);
}

/* A worker that is gone with jobs unanswered failed them. */
static void gone(struct cli_workers *w, struct worker *k)
{
    if (k->waiting > 0)
        failure(w, k->seq[k->first], KRING_ERR_IO,
                _("Graphviz could not draw the map"));
    close(k->fd);
    k->fd = -1;
    k->waiting = 0;
}

/* Ends worker K, which has answered its last job, and starts another in
 * its place (none when it cannot). */
static void replace(struct cli_workers *w, struct worker *k)
{
    int status;

    close(k->fd);
    k->fd = -1;
    while (waitpid(k->pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (spawn(w, k) != 0) {
        k->fd = -1;
        k->pid = 0; /* reaped */
        k->waiting = 0;
        k->retiring = 0;
    }
}

/* Reads the answers that have come, waiting up to TIMEOUT ms (-1: until
 * one comes) when none has. */
static void answers(struct cli_workers *w, int timeout)
{
    struct pollfd p[MAX_WORKERS];
    int i, n = 0, map[MAX_WORKERS];

    for (i = 0; i < w->n; i++)
        if (w->w[i].fd >= 0 && w->w[i].waiting > 0) {
            p[n].fd = w->w[i].fd;
            p[n].events = POLLIN;
            map[n++] = i;
        }
    if (n == 0)
        return;
    while (poll(p, (nfds_t)n, timeout) < 0)
        if (errno != EINTR)
            return;
    for (i = 0; i < n; i++) {
        struct worker *k = &w->w[map[i]];
        struct answer a;
        if (!(p[i].revents & (POLLIN | POLLHUP | POLLERR)))
            continue;
        if (recv_all(k->fd, &a, sizeof a) != 0) {
            gone(w, k);
            continue;
        }
        k->waiting--;
        k->first = (k->first + 1) % WAITING;
        if (a.code != KRING_OK)
            failure(w, a.seq, a.code, a.text);
        if (k->retiring && k->waiting == 0)
            replace(w, k);
    }
}

kring_status cli_workers_give(struct cli_workers *w, const char *job,
                              size_t len, kring_error *err)
{
    uint64_t head[2];
    int i;

    for (;;) {
        struct worker *best = NULL;
        answers(w, 0);
        if (w->failed)
            break;
        for (i = 0; i < w->n; i++)
            if (w->w[i].fd >= 0 && !w->w[i].retiring &&
                w->w[i].waiting < WAITING &&
                (best == NULL || w->w[i].waiting < best->waiting))
                best = &w->w[i];
        if (best == NULL) {
            for (i = 0; i < w->n && w->w[i].fd < 0; i++)
                ;
            if (i == w->n) { /* every worker is gone */
                char why[KRING_ERROR_TEXT_MAX];
                /* The last ones may not have been replaced (no process
                 * could be started): say so, not that Graphviz failed. */
                if (w->spawn_errno != 0)
                    snprintf(why, sizeof why,
                             _("cannot start a process to draw the maps: %s"),
                             strerror(w->spawn_errno));
                else
                    snprintf(why, sizeof why, "%s",
                             _("Graphviz could not draw the map"));
                failure(w, w->next, KRING_ERR_IO, why);
                break;
            }
            answers(w, -1);
            continue;
        }
        head[0] = w->next;
        head[1] = len;
        if (send_all(best->fd, head, sizeof head) != 0 ||
            send_all(best->fd, job, len) != 0) {
            gone(w, best);
            continue;
        }
        best->seq[(best->first + best->waiting) % WAITING] = w->next;
        best->waiting++;
        w->next++;
        if (++best->handed >= MAPS) {
            /* It draws what it has, sees the end and exits. */
            shutdown(best->fd, SHUT_WR);
            best->retiring = 1;
        }
        return KRING_OK;
    }
    if (err != NULL)
        *err = w->first;
    return (kring_status)w->first.code;
}

kring_status cli_workers_finish(struct cli_workers *w, kring_error *err)
{
    kring_status rc = KRING_OK;
    int i, busy;

    if (w == NULL)
        return KRING_OK;
    do {
        answers(w, -1);
        for (i = 0, busy = 0; i < w->n; i++)
            busy |= w->w[i].fd >= 0 && w->w[i].waiting > 0;
    } while (busy);
    for (i = 0; i < w->n; i++) {
        int status;
        if (w->w[i].fd >= 0)
            close(w->w[i].fd);
        while (w->w[i].pid > 0 && waitpid(w->w[i].pid, &status, 0) < 0 &&
               errno == EINTR)
            ;
    }
    if (w->failed) {
        rc = (kring_status)w->first.code;
        if (err != NULL)
            *err = w->first;
    }
    free(w);
    return rc;
}
