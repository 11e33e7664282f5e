/* kring: map the people around a young person in youth care.
 * The one header to include. */
#ifndef KRING_KRING_H
#define KRING_KRING_H

#include <stddef.h>

#include "analyze.h"
#include "casefile.h"
#include "change.h"
#include "error.h"
#include "exchange.h"
#include "history.h"
#include "json.h"
#include "map.h"
#include "markup.h"
#include "model.h"
#include "org.h"
#include "render.h"
#include "report.h"
#include "store.h"
#include "youth.h"

#define KRING_VERSION "0.1.0"

/* Sets up message translation (gettext domain "kring"). LANG ("nl", "en",
 * "nl_BE", ...) overrides the environment, and a language kring does not
 * speak is English (kring_i18n_known()); NULL follows the environment:
 * the first language of LANGUAGE that kring speaks, else LC_ALL, else
 * LC_MESSAGES, else LANG, else English. Asked again for the same LANG, it
 * changes nothing. */
void kring_i18n_init(const char *lang);
/* The language kring_i18n_init() set up: "nl" or "en". */
const char *kring_i18n_language(void);
/* Whether LANG names a language kring speaks: "nl" or "en", with or
 * without a region or encoding ("nl_BE", "en-GB", "nl_NL.UTF-8"), in any
 * case of its letters. kring_i18n_init() uses English for any other. */
int kring_i18n_known(const char *lang);
/* V with DECIMALS digits after the decimal sign (-1: the fewest digits
 * that read back as V, as in JSON), with the current language's sign ("0,93" in
 * Dutch), into BUF of CAP bytes; returns BUF. For tables and texts, never files
 * or JSON. */
char *kring_number_format(char *buf, size_t cap, double v, int decimals);
/* Finds kring's module FILE ("kring-http.so"): in $ENV, beside the
 * program, in ../lib/kring beside it, then where `make install` puts it. The
 * path goes into PATH; returns whether it is there. */
int kring_module_find(const char *file, const char *env, char *path,
                      size_t cap);

/* Test hook: make the Nth allocation from now fail (0 turns it off). */
void kring_debug_fail_alloc(unsigned long n);
/* Test hook: how many allocations the library has asked for so far. */
unsigned long kring_debug_alloc_count(void);
/* Test hook: stores opened from now allow the database at most N pages
 * (PRAGMA max_page_count), as a full disk would; 0 turns it off. */
void kring_debug_max_pages(unsigned long n);

#endif
