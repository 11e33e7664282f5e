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

/* The path ("people[3].travel_minutes") of the value that begins at byte
 * AT of TEXT, which need be JSON only up to there (as when the parser
 * stopped at it), into PATH (CAP bytes); its line and column as above.
 * Returns 0 when found, -1 when no value begins there. */
int kr_json_path_at(const char *text, size_t len, size_t at, char *path,
                    size_t cap, int *line, int *col);

/* Where each of the first N elements of the array at PATH begins in valid
 * JSON TEXT: its byte offset into OFFS and its line into LINES (each NULL
 * or of N slots). PATH is walked from byte FROM, on line FROM_LINE, where a
 * value begins (0 and 1: the top). Time: one pass over the text from FROM
 * to the Nth element's end. 0, or -1 when PATH is not an array of at
 * least N elements. */
int kr_json_items(const char *text, size_t len, size_t from, int from_line,
                  const char *path, size_t *offs, int *lines, size_t n);

#endif
