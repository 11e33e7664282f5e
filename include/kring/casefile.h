/* Case files: one case as JSON, version 1 (docs/case-file.md). */
#ifndef KRING_CASEFILE_H
#define KRING_CASEFILE_H

#include <stddef.h>
#include <stdio.h>

#include "error.h"
#include "model.h"

#define KRING_CASEFILE_VERSION 1
#define KRING_FILE_MAX (32u * 1024u * 1024u) /* bytes in a case file */
#define KRING_EXTRA_DEPTH_MAX 32             /* nesting inside an x- value */

/* Reads a case file held in DATA. SOURCE names it in messages
 * ("noah.json:14:7: people[3].ring: ring must be 1, 2 or 3"). The result is
 * validated with kring_case_validate(). Caller frees *OUT. */
kring_status kring_casefile_parse(const char *data, size_t len,
                                  const char *source, kring_case **out,
                                  kring_error *err);
/* Reads a whole case file from the open stream F; NAME names it in
 * messages. More than KRING_FILE_MAX bytes is a KRING_ERR_LIMIT. */
kring_status kring_casefile_read(FILE *f, const char *name, kring_case **out,
                                 kring_error *err);
/* Reads a whole case file from PATH, or standard input when PATH is "-". */
kring_status kring_casefile_load(const char *path, kring_case **out,
                                 kring_error *err);

/* The case as a version 1 case file: every field with its value or default,
 * fields not recorded left out, x- keys kept. Caller frees *OUT. */
kring_status kring_casefile_dump(const kring_case *c, char **out, size_t *len,
                                 kring_error *err);

/* Writes DATA to PATH with mode 0600, through a temporary file and rename,
 * so that PATH is either the old or the new content. */
kring_status kring_file_write_private(const char *path, const char *data,
                                      size_t len, kring_error *err);
/* The same; with KRING_FILE_SYNC in FLAGS the data is on disk before the
 * rename (as kring_file_write_private() does), without it only in the
 * system's cache: for files that can be made again, such as maps. Either
 * way PATH never holds a part of DATA. */
#define KRING_FILE_SYNC 1u
kring_status kring_file_write(const char *path, const char *data, size_t len,
                              unsigned flags, kring_error *err);
/* Refuses PATH as an output when it is the database DB or one of the
 * files SQLite keeps beside it (DB-wal, DB-shm, DB-journal): compared as
 * the same file where both exist (so a symbolic or hard link is caught),
 * else by the path with its links resolved (./kring.db). KRING_ERR_INVALID
 * then; KRING_OK when PATH or DB is NULL or empty. Writes nothing. */
kring_status kring_file_check_output(const char *path, const char *db,
                                     kring_error *err);

#endif
