/* Shared by the case-file reader and writer. */
#ifndef KRING_CASEFILE_INTERNAL_H
#define KRING_CASEFILE_INTERNAL_H

#include <stddef.h>

/* Routes jansson's allocations through kring's (and its fault hook). */
void kr_json_setup(void);

#include "kring/model.h"

/* A snapshot's people and ties as a JSON object text {"people", "ties"},
 * as the store keeps them. Caller frees *OUT. */
kring_status kr_network_dump(const kring_person *people, size_t n_people,
                             const kring_tie *ties, size_t n_ties, char **out,
                             kring_error *err);
/* Reads such a text into S's people and ties. */
kring_status kr_network_parse(const char *text, kring_snapshot *s,
                              kring_error *err);

#endif
