/* The walk over every case with reading ahead (kr_walk_ahead()): what
 * both backends' kring_store_each_network_ahead() share (backend.h). */
#include <pthread.h>
#include <string.h>

#include "backend.h"

/* Every case to FN, read in turn. */
kring_status kr_walk_in_turn(kr_next_fn next, void *walk, kring_case_fn fn,
                             void *ctx, kring_error *err)
{
    kring_case *c;
    kring_status rc;

    while ((rc = next(walk, &c, err)) == KRING_OK && c != NULL) {
        rc = fn(c, ctx, err);
        kring_case_free(c);
        if (rc != KRING_OK)
            break;
    }
    return rc;
}

/* Reading ahead: a second thread reads the next cases into a ring of at
 * most AHEAD while the caller's thread gives each to FN, in order. A
 * thread that waits is woken when BATCH cases (or places) are ready, not
 * for each one: on a busy machine a wake-up per case costs more than the
 * case. While the ring is at least half full, FN is the slower and the
 * reader frees the cases FN is done with (memory goes back to the thread
 * that took it, which the allocator does quicker); else FN's thread frees
 * them itself. */
#define AHEAD 32
#define BATCH 8

struct ahead {
    pthread_mutex_t lock;
    pthread_cond_t put, taken; /* cases were put in the ring, taken out */
    kring_case *ring[AHEAD];
    size_t first, n;          /* the ring's oldest case and how many */
    kring_case *spent[AHEAD]; /* cases FN is done with, for the reader */
    size_t n_spent;
    int taker_waits;  /* the caller's thread waits for cases */
    int reader_waits; /* the reader waits for room */
    int done;         /* the reader has stopped, for the reason in rc */
    int stop;         /* the caller takes no more */
    kring_status rc;  /* the reader's status */
    kring_error err;  /* the reader's error */
    kr_next_fn next;  /* reads the next case of WALK */
    void *walk;
};

static void *read_ahead(void *arg)
{
    struct ahead *a = arg;
    kring_case *c, *spent[AHEAD];
    kring_status rc;
    size_t n_spent;

    do {
        rc = a->next(a->walk, &c, &a->err);
        pthread_mutex_lock(&a->lock);
        n_spent = a->n_spent;
        memcpy(spent, a->spent, n_spent * sizeof *spent);
        a->n_spent = 0;
        if (c != NULL && a->n == AHEAD)
            while (a->n > AHEAD - BATCH && !a->stop) {
                a->reader_waits = 1;
                pthread_cond_wait(&a->taken, &a->lock);
                a->reader_waits = 0;
            }
        if (c != NULL && !a->stop) {
            a->ring[(a->first + a->n++) % AHEAD] = c;
            c = NULL;
        } else {
            a->rc = rc;
            a->done = 1;
        }
        if (a->taker_waits && (a->n >= BATCH || a->done))
            pthread_cond_signal(&a->put);
        pthread_mutex_unlock(&a->lock);
        while (n_spent > 0)
            kring_case_free(spent[--n_spent]);
    } while (!a->done);
    kring_case_free(c); /* read after the caller stopped */
    return NULL;
}

/* The case FN gets next, or NULL when the reader has stopped; SPENT (or
 * NULL), the case FN is done with, is freed here or by the reader. */
static kring_case *take_ahead(struct ahead *a, kring_case *spent)
{
    kring_case *c = NULL;

    pthread_mutex_lock(&a->lock);
    if (spent != NULL && !a->done && a->n >= AHEAD / 2 && a->n_spent < AHEAD) {
        a->spent[a->n_spent++] = spent;
        spent = NULL;
    }
    if (a->n == 0)
        while (a->n < BATCH && !a->done) {
            a->taker_waits = 1;
            pthread_cond_wait(&a->put, &a->lock);
            a->taker_waits = 0;
        }
    if (a->n > 0) {
        c = a->ring[a->first];
        a->first = (a->first + 1) % AHEAD;
        a->n--;
        if (a->reader_waits && a->n <= AHEAD - BATCH)
            pthread_cond_signal(&a->taken);
    }
    pthread_mutex_unlock(&a->lock);
    kring_case_free(spent);
    return c;
}

kring_status kr_walk_ahead(kr_next_fn next, void *walk, kring_case_fn fn,
                           void *ctx, kring_error *err)
{
    struct ahead a = {.next = next, .walk = walk, .rc = KRING_OK};
    kring_status rc = KRING_OK;
    kring_case *c, *spent = NULL;
    pthread_t t;

    pthread_mutex_init(&a.lock, NULL);
    pthread_cond_init(&a.put, NULL);
    pthread_cond_init(&a.taken, NULL);
    if (pthread_create(&t, NULL, read_ahead, &a) != 0) {
        rc = kr_walk_in_turn(next, walk, fn, ctx, err);
        goto out;
    }
    while ((c = take_ahead(&a, spent)) != NULL) {
        rc = fn(c, ctx, err);
        spent = c;
        if (rc != KRING_OK)
            break;
    }
    if (c == NULL)
        spent = NULL; /* given to take_ahead() */
    pthread_mutex_lock(&a.lock);
    a.stop = 1;
    pthread_cond_signal(&a.taken);
    pthread_mutex_unlock(&a.lock);
    pthread_join(t, NULL);
    kring_case_free(spent);
    for (; a.n > 0; a.n--, a.first = (a.first + 1) % AHEAD)
        kring_case_free(a.ring[a.first]);
    while (a.n_spent > 0)
        kring_case_free(a.spent[--a.n_spent]);
    if (rc == KRING_OK && (rc = a.rc) != KRING_OK && err != NULL)
        *err = a.err;
out:
    pthread_cond_destroy(&a.taken);
    pthread_cond_destroy(&a.put);
    pthread_mutex_destroy(&a.lock);
    return rc;
}
