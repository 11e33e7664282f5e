/* Realistic random cases, for the property tests and the benchmarks: a
 * household, family, friends, classmates, a coach or a neighbour,
 * professionals; ties inside each part of life, a few bridges between
 * them and a few conflicts. The same seed gives the same case. */
#ifndef KRING_TEST_GEN_H
#define KRING_TEST_GEN_H

#include <stdint.h>

#include <kring/kring.h>

/* A small, fast generator (xorshift64*); any seed but 0. */
struct gen_rng {
    uint64_t s;
};
uint64_t gen_next(struct gen_rng *r);
/* A number in [0, n). */
unsigned gen_below(struct gen_rng *r, unsigned n);

/* A valid case with code CODE and about N_PEOPLE people (at least 0, at
 * most KRING_PEOPLE_MAX). Caller frees; NULL when out of memory. */
kring_case *gen_case(struct gen_rng *r, const char *code, int n_people);

#endif
