/* Shared by the analysis files: people found by id, ties as index pairs,
 * and the exclusion rules both scores and indicators use. */
#ifndef KRING_ANALYZE_INTERNAL_H
#define KRING_ANALYZE_INTERNAL_H

#include "internal.h"
#include "kring/analyze.h"

/* An index of C's people sorted by id, for kr_index_find(); kr_free()
 * it. NULL when out of memory. */
void *kr_index_new(const kring_case *c);
/* The case index of the person with ID in INDEX (of N people), or -1. */
long kr_index_find(const void *index, size_t n, const char *id);
/* ENDS[2i], ENDS[2i+1]: the case indexes of tie i's people. */
kring_status kr_tie_ends(const kring_case *c, size_t *ends, kring_error *err);

/* The exclusion bits of P under profile W. */
unsigned kr_exclusions(const kring_person *p, const kring_weights *w);

#endif
