/* Helpers shared by the library's files: allocation with a fault hook,
 * error reporting and message translation. */
#ifndef KRING_INTERNAL_H
#define KRING_INTERNAL_H

#include <libintl.h>
#include <stdarg.h>
#include <stddef.h>

#include "kring/kring.h"

#define _(s) dgettext("kring", s)
/* The same, remembered (i18n.c): for texts printed very often. Not for
 * use from more than one thread at a time. */
const char *kr_tr(const char *msgid) __attribute__((format_arg(1)));
#define TR_(s) kr_tr(s)
#define N_(s) (s)
/* S or its plural P, as N asks in the language (ngettext; xgettext's
 * --keyword=P_:1,2): for every count shown with a unit. */
#define P_(s, p, n) dngettext("kring", s, p, n)
/* dngettext() remembered by message and count, as kr_tr() (one cache per
 * thread, emptied by kring_i18n_init()). */
const char *kr_ntr(const char *msgid, const char *plural, unsigned long n)
    __attribute__((format_arg(1))) __attribute__((format_arg(2)));
/* snprintf() for texts printed very often: %s, %d, %zu and %% are copied
 * here (snprintf's own work was the largest part of the reasons'
 * sentences); a format with any other conversion goes to vsnprintf(). The
 * same bytes as snprintf() either way, cut at CAP - 1 bytes. */
void kr_say(char *buf, size_t cap, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* S translated in the context CTX (gettext's msgctxt; xgettext's
 * --keyword=C_:1c,2), for a text that means other things elsewhere
 * (words.c). Untranslated, it is S. */
const char *kr_ctx(const char *key) __attribute__((format_arg(1)));
/* The key of S in context CTX, untranslated (for tables: words.c);
 * xgettext's --keyword=W_:1c,2. */
#define W_(ctx, s) ctx "\004" s
#define C_(ctx, s) kr_ctx(W_(ctx, s))

#if defined(__GNUC__)
#define KR_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define KR_PRINTF(f, a)
#endif

/* Allocation; each can be made to fail by kring_debug_fail_alloc(). */
void *kr_malloc(size_t n);
void *kr_calloc(size_t n, size_t size);
void *kr_realloc(void *p, size_t n);
char *kr_strdup(const char *s);
char *kr_strndup(const char *s, size_t n);
void kr_free(void *p);
/* How many allocations have failed so far in this process. jansson's lexer
 * drops a byte when it cannot grow a buffer, so a parse during which this
 * grew cannot be trusted. */
unsigned long kr_alloc_failures(void);
/* While held (calls nest), the fault hook makes no allocation fail: for
 * jansson's parser, which writes out of bounds when an allocation fails in
 * the middle of a string (docs/security.md). Real failures still fail. */
void kr_alloc_hold(int on);
/* Grows *ARRAY (of ELEM bytes, *CAP slots) to hold at least NEED, the
 * new slots zeroed. */
int kr_grow(void *array, size_t *cap, size_t need, size_t elem);
/* The same without zeroing, for a buffer whose length says what holds
 * something: pages never written are then never touched. */
int kr_grow_raw(void *array, size_t *cap, size_t need, size_t elem);

/* Fills ERR (if not NULL) and returns CODE. */
kring_status kr_error_set(kring_error *err, kring_status code, const char *fmt,
                          ...) KR_PRINTF(3, 4);
kring_status kr_nomem(kring_error *err);
/* Puts "PREFIX: " before the message already in ERR. */
void kr_error_prefix(kring_error *err, const char *fmt, ...) KR_PRINTF(2, 3);

/* Replaces *DST by a copy of SRC (NULL stays NULL); KRING_ERR_NOMEM keeps
 * the old value. */
kring_status kr_set_string(char **dst, const char *src, kring_error *err);

/* Reads the whole file at PATH ("-" for standard input) into *OUT (NUL
 * terminated, *LEN bytes, caller frees), at most KRING_FILE_MAX bytes. */
kring_status kr_file_load(const char *path, char **out, size_t *len,
                          kring_error *err);
/* kring_file_write() in two steps, for a writer that streams: a private
 * temporary file beside PATH, open for writing as F->fd (unnamed where
 * the system allows, so that a command killed meanwhile leaves nothing).
 * kr_file_end() then, with the writer's status RC: when KRING_OK, syncs
 * it (KRING_FILE_SYNC in FLAGS), names it and renames it to PATH; else,
 * or when one of those fails, closes and removes it. Returns the first
 * failure. */
struct kr_file {
    char *tmp; /* the temporary name: PATH.XXXXXX */
    int fd;
    int unnamed; /* opened O_TMPFILE, not yet named */
};
kring_status kr_file_begin(const char *path, struct kr_file *f,
                           kring_error *err);
kring_status kr_file_end(const char *path, struct kr_file *f, unsigned flags,
                         kring_status rc, kring_error *err);

/* Where the module FILE is (module.c): the path in $ENV, else beside the
 * program (the build tree), else in ../lib/kring beside it (an installed
 * tree), else where 'make install' put it. Writes it
 * into PATH; 1 when it is there, 0 when not. */
int kr_module_find(const char *file, const char *env, char *path, size_t cap);

/* A growing text (map_write.c). On running out of memory it keeps failing
 * quietly, and the caller learns it at the end (FAILED). */
struct kr_text {
    char *s;
    size_t len, cap;
    int failed;
};
void kr_add(struct kr_text *t, const char *fmt, ...) KR_PRINTF(2, 3);
/* N bytes of S, or S, as they are. */
void kr_put(struct kr_text *t, const char *s, size_t n);
void kr_puts(struct kr_text *t, const char *s);
/* A whole number, and a space. */
void kr_whole(struct kr_text *t, size_t v);
/* V with two decimals (as "%.2f"), and a space: without printf, since a
 * map has thousands of coordinates. */
void kr_num(struct kr_text *t, double v);
#endif
