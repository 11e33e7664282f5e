/* Shared by the case-file reader and writer. */
#ifndef KRING_CASEFILE_INTERNAL_H
#define KRING_CASEFILE_INTERNAL_H

#include <stddef.h>

#include <jansson.h>

#include "kring/model.h"

/* Routes jansson's allocations through kring's (and its fault hook). */
void kr_json_setup(void);
/* json_loadb() with the fault hook held (kr_alloc_hold()): the only way
 * kring parses JSON. */
json_t *kr_json_loadb(const char *text, size_t len, size_t flags,
                      json_error_t *error);
/* JSON values in one text at most (docs/limits.md): the largest case,
 * 2,000 people and 20,000 ties, is about 150,000; more would cost the JSON
 * library more than the promised 2 s and 200 MB. */
#define KR_JSON_VALUES_MAX 250000

/* Refuses TEXT (LEN bytes) when it holds more than MAX JSON values, before
 * the JSON library builds them: a few MiB of "[[],[],…]" would otherwise
 * take gigabytes (docs/limits.md). One pass, counting the commas and
 * brackets outside strings; the error says SOURCE and the line where the
 * count passed MAX. */
kring_status kr_json_values_max(const char *text, size_t len, size_t max,
                                const char *source, kring_error *err);

/* Parses *TEXT (*LEN bytes, a byte-order mark skipped: both are moved
 * past it) into *ROOT, refusing duplicate keys and more than
 * KR_JSON_VALUES_MAX values (KRING_ERR_LIMIT, with the line). A syntax error
 * reads "SOURCE:line:col: ..."; a parse during which an allocation failed is
 * KRING_ERR_NOMEM, since jansson may then have dropped bytes. */
kring_status kr_json_load(const char **text, size_t *len, const char *source,
                          json_t **root, kring_error *err);

/* A snapshot's people and ties as a JSON object text {"people", "ties"},
 * as the store keeps them. Caller frees *OUT. */
kring_status kr_network_dump(const kring_person *people, size_t n_people,
                             const kring_tie *ties, size_t n_ties, char **out,
                             kring_error *err);
/* Reads such a text into S's people and ties. */
kring_status kr_network_parse(const char *text, kring_snapshot *s,
                              kring_error *err);

/* Finds the line in a file of the value at PATH (or its key KEY), for
 * messages: 0 and *LINE, or -1. */
typedef int (*kr_locate_fn)(void *arg, const char *path, const char *key,
                            int *line);
/* Reads a case file's document ROOT, made from another format, as
 * kring_casefile_parse() reads one from text; LOCATE says where in SOURCE
 * a value came from. */
kring_status kr_casefile_from_json(json_t *root, const char *source,
                                   kr_locate_fn locate, void *arg,
                                   kring_case **out, kring_error *err);

#endif
