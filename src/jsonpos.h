/* Finding where a value or key stands in JSON text, for messages. */
#ifndef KRING_JSONPOS_H
#define KRING_JSONPOS_H

#include <stddef.h>

/* Finds, in valid JSON TEXT, the value at PATH ("people[3].ring", "" for
 * the top) or, when KEY is not NULL, the key KEY of the object at PATH.
 * Sets *LINE and *COL (1-based, columns in characters). Returns 0 when
 * found, -1 when not. */
int kr_json_locate(const char *text, size_t len, const char *path,
                   const char *key, int *line, int *col);

#endif
