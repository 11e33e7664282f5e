/* The walk over every case (kring_store_each_network()) and the same walk
 * with the next cases read in a second thread
 * (kring_store_each_network_ahead()): the same cases in the same order,
 * FN on the caller's thread, and a failing FN stopping both. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"
#include "helpers.h"
#include "kring/kring.h"

#define CASES 120 /* several times the cases read ahead */

/* A database at DB with CASES generated cases of 0 to 40 people, put in
 * an order other than their codes'. */
static void fill(const char *db)
{
    struct gen_rng r = {0x3a1c0ffeeULL};
    kring_store *s = NULL;
    kring_error err;
    int i;

    cr_assert_eq(kring_store_open(db, 0, &s, &err), KRING_OK, "%s", err.text);
    for (i = 0; i < CASES; i++) {
        char code[16];
        kring_case *c;
        snprintf(code, sizeof code, "w-%03d", (i * 37) % CASES);
        c = gen_case(&r, code, (int)gen_below(&r, 41));
        cr_assert_not_null(c);
        cr_assert_eq(kring_store_put_case(s, c, false, &err), KRING_OK, "%s",
                     err.text);
        kring_case_free(c);
    }
    kring_store_close(s);
}

/* What FN saw: each case's code, people and ties, in order. */
struct seen {
    char *text;
    size_t len, cap;
    int cases;
    int fail_at; /* fail on this case (counted from 0), or -1 */
    pthread_t thread;
    int other_thread; /* FN was called on another thread */
};

static void add(struct seen *v, const char *s)
{
    size_t n = strlen(s);

    if (v->len + n + 1 > v->cap) {
        v->cap = 2 * (v->len + n + 1);
        v->text = realloc(v->text, v->cap);
        cr_assert_not_null(v->text);
    }
    memcpy(v->text + v->len, s, n + 1);
    v->len += n;
}

static kring_status note(const kring_case *c, void *ctx, kring_error *err)
{
    struct seen *v = ctx;
    char line[256];
    size_t i;

    if (!pthread_equal(pthread_self(), v->thread))
        v->other_thread = 1;
    if (v->cases == v->fail_at) {
        snprintf(err->text, sizeof err->text, "stopped at %s", c->code);
        err->code = KRING_ERR_LIMIT;
        return KRING_ERR_LIMIT;
    }
    v->cases++;
    snprintf(line, sizeof line, "%s %zu %zu:", c->code, c->n_people, c->n_ties);
    add(v, line);
    for (i = 0; i < c->n_people; i++) {
        snprintf(line, sizeof line, " %s/%s", c->people[i].id,
                 c->people[i].name);
        add(v, line);
    }
    for (i = 0; i < c->n_ties; i++) {
        snprintf(line, sizeof line, " %s-%s", c->ties[i].a, c->ties[i].b);
        add(v, line);
    }
    add(v, "\n");
    return KRING_OK;
}

static kring_status walk(const char *db, int ahead, struct seen *v,
                         kring_error *err)
{
    kring_store *s = NULL;
    kring_status rc;

    cr_assert_eq(kring_store_open(db, KRING_STORE_READONLY, &s, err), KRING_OK,
                 "%s", err->text);
    v->thread = pthread_self();
    rc = ahead ? kring_store_each_network_ahead(s, note, v, err)
               : kring_store_each_network(s, note, v, err);
    kring_store_close(s);
    return rc;
}

Test(store_walk, reading_ahead_gives_every_case_in_code_order_as_in_turn)
{
    char *dir = t_tmpdir();
    const char *db = t_db(dir, "w.db");
    struct seen in_turn = {.fail_at = -1}, ahead = {.fail_at = -1};
    kring_error err;
    char *line, *last = NULL;

    fill(db);
    cr_assert_eq(walk(db, 0, &in_turn, &err), KRING_OK, "%s", err.text);
    cr_assert_eq(walk(db, 1, &ahead, &err), KRING_OK, "%s", err.text);
    cr_assert_eq(in_turn.cases, CASES);
    cr_assert_eq(ahead.cases, CASES);
    cr_assert_str_eq(ahead.text, in_turn.text);
    cr_assert_not(ahead.other_thread, "FN was called on the reading thread");
    /* By code, whatever order they were put in. */
    for (line = strtok(ahead.text, "\n"); line; line = strtok(NULL, "\n")) {
        if (last != NULL)
            cr_assert_lt(strncmp(last, line, 5), 0, "%.5s before %.5s", last,
                         line);
        last = line;
    }
    free(in_turn.text);
    free(ahead.text);
    free(dir);
}

Test(store_walk, a_failing_fn_stops_the_walk_with_its_error)
{
    static const int at[] = {0, 1, 15, 16, 17, 60, CASES - 1};
    char *dir = t_tmpdir();
    const char *db = t_db(dir, "w.db");
    size_t k;

    fill(db);
    for (k = 0; k < sizeof at / sizeof at[0]; k++) {
        struct seen v = {.fail_at = at[k]};
        kring_error err = {0};
        char want[32];
        cr_assert_eq(walk(db, 1, &v, &err), KRING_ERR_LIMIT, "at %d", at[k]);
        snprintf(want, sizeof want, "stopped at w-%03d", at[k]);
        cr_assert_str_eq(err.text, want);
        cr_assert_eq(v.cases, at[k], "FN called after it failed");
        free(v.text);
    }
    free(dir);
}
