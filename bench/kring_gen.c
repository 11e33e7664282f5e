/* kring-gen: fills a database with realistic random cases for the
 * benchmarks (tests/gen.c makes them).
 *
 * usage: kring-gen DB CASES [PEOPLE] [SEED]
 *
 * Adds CASES cases of PEOPLE people each (25 by default), coded
 * "g-000001" and up, in one transaction, through kring's own store.
 * PEOPLE may be a range LO-HI: then case I has LO + I people (up to HI,
 * then LO again), each made from SEED anew, so that it is the case
 * `kring-gen DB 1 N SEED` makes (tests/render/crowd_check.py). */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>

#include <kring/kring.h>

#include "gen.h"

int main(int argc, char **argv)
{
    kring_store *s = NULL;
    kring_error err;
    struct gen_rng r;
    long cases, i;
    int people, lo = 0, hi = -1;
    uint64_t seed;

    if (argc < 3 || argc > 5) {
        fprintf(stderr, "usage: kring-gen DB CASES [PEOPLE] [SEED]\n");
        return 2;
    }
    cases = atol(argv[2]);
    people = argc > 3 ? atoi(argv[3]) : 25;
    if (argc > 3 && sscanf(argv[3], "%d-%d", &lo, &hi) == 2 && hi < lo) {
        fprintf(stderr, "kring-gen: the range %s is empty\n", argv[3]);
        return 2;
    }
    seed = argc > 4 ? strtoull(argv[4], NULL, 10) : 20261123;
    if (seed == 0)
        seed = 1;
    r.s = seed;
    if (kring_store_open(argv[1], 0, &s, &err) ||
        kring_store_begin(s, &err))
        goto fail;
    for (i = 0; i < cases; i++) {
        char code[32];
        kring_case *c;
        snprintf(code, sizeof code, "g-%06ld", i + 1);
        if (hi >= lo) {
            people = lo + (int)(i % (hi - lo + 1));
            r.s = seed;
        }
        if ((c = gen_case(&r, code, people)) == NULL) {
            fprintf(stderr, "kring-gen: out of memory\n");
            kring_store_close(s);
            return 1;
        }
        if (kring_store_put_case(s, c, 0, &err)) {
            kring_case_free(c);
            goto fail;
        }
        kring_case_free(c);
    }
    if (kring_store_commit(s, &err))
        goto fail;
    kring_store_close(s);
    return 0;
fail:
    fprintf(stderr, "kring-gen: %s\n", err.text);
    kring_store_close(s);
    return 1;
}
