/* Shared by the analysis files: ties as index pairs,
 * and the exclusion rules both scores and indicators use. */
#ifndef KRING_ANALYZE_INTERNAL_H
#define KRING_ANALYZE_INTERNAL_H

#include "internal.h"
#include "kring/analyze.h"

/* ENDS[2i], ENDS[2i+1]: the case indexes of tie i's people. */
kring_status kr_tie_ends(const kring_case *c, size_t *ends, kring_error *err);

/* The exclusion bits of P under profile W. */
unsigned kr_exclusions(const kring_person *p, const kring_weights *w);

#endif
