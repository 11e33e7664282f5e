/* JSON as kring writes it: the --json outputs of the command line and the
 * web pages' /api/ addresses are the same bytes (docs/cli.md). */
#ifndef KRING_JSON_H
#define KRING_JSON_H

#include <stdio.h>

/* A streaming JSON writer (src/base/jsonw.c): a document, or with PRETTY
 * off one line per document, ended by a newline. */
#define KRING_JW_DEPTH_MAX 16
typedef struct kring_jw {
    FILE *out;
    char *buf;                     /* the document so far */
    size_t len, cap;               /* bytes in BUF, bytes allocated */
    int failed;                    /* out of memory: the document is dropped */
    int pretty;                    /* indent by two spaces */
    int depth;                     /* open objects and arrays */
    int after_key;                 /* a key was written, its value is next */
    int count[KRING_JW_DEPTH_MAX]; /* values written at each depth */
} kring_jw;
void kring_jw_init(kring_jw *w, FILE *out, int pretty);
/* Frees the buffer. A document is written when its outer value ends. */
void kring_jw_release(kring_jw *w);
void kring_jw_object(kring_jw *w);
void kring_jw_object_end(kring_jw *w);
void kring_jw_array(kring_jw *w);
void kring_jw_array_end(kring_jw *w);
/* KEY is one of kring's own words (plain ASCII): it is not escaped. */
void kring_jw_key(kring_jw *w, const char *key);
void kring_jw_string(kring_jw *w, const char *s);
void kring_jw_int(kring_jw *w, long long v);
void kring_jw_bool(kring_jw *w, int v);
void kring_jw_null(kring_jw *w);
/* In the fewest digits that read back as the same double; NaN and
 * infinities as null. */
void kring_jw_double(kring_jw *w, double v);
/* V as kring_jw_double() writes it, into BUF (at least 32 bytes). */
void kring_jw_format_double(char *buf, double v);

/* S as a JSON string, quotes included, written to OUT (NULL as ""). */
void kring_json_put_string(FILE *out, const char *s);

#endif
