/* Message translation set-up: gettext domain "kring". */
#include <limits.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "internal.h"

#ifndef KRING_LOCALEDIR
#define KRING_LOCALEDIR "/usr/local/share/locale"
#endif

/* Translations looked up before, by the address of their message: the
 * analysis prints the same few sentences hundreds of thousands of times in
 * a batch, and each gettext call takes locks and reads the environment.
 * kring_i18n_init() empties it, since the language may change. One per
 * thread: `kring serve` answers on several. */
#define TR_SLOTS 512
static _Thread_local struct {
    const char *msgid;
    const char *text;
} tr_cache[TR_SLOTS];

const char *kr_tr(const char *msgid)
{
    size_t slot = ((size_t)msgid >> 3) % TR_SLOTS;

    if (tr_cache[slot].msgid != msgid) {
        tr_cache[slot].text = dgettext("kring", msgid);
        tr_cache[slot].msgid = msgid;
    }
    return tr_cache[slot].text;
}

/* The plural forms looked up before, by message and count. */
static _Thread_local struct {
    const char *msgid;
    unsigned long n;
    const char *text;
} ntr_cache[TR_SLOTS];

const char *kr_ntr(const char *msgid, const char *plural, unsigned long n)
{
    size_t slot = (((size_t)msgid >> 3) ^ (n * 31)) % TR_SLOTS;

    if (ntr_cache[slot].msgid != msgid || ntr_cache[slot].n != n) {
        ntr_cache[slot].text = dngettext("kring", msgid, plural, n);
        ntr_cache[slot].msgid = msgid;
        ntr_cache[slot].n = n;
    }
    return ntr_cache[slot].text;
}

/* Appends N bytes of S to BUF (CAP bytes, *AT used), as far as they fit. */
static void say_put(char *buf, size_t cap, size_t *at, const char *s, size_t n)
{
    if (*at + 1 < cap) {
        size_t room = cap - 1 - *at;
        memcpy(buf + *at, s, n < room ? n : room);
    }
    *at += n;
}

/* The digits of V into the end of NUM[24]; returns where they begin. */
static const char *say_digits(char *num, unsigned long long v)
{
    char *o = num + 24;

    do
        *--o = (char)('0' + v % 10);
    while ((v /= 10) > 0);
    return o;
}

void kr_say(char *buf, size_t cap, const char *fmt, ...)
{
    va_list ap;
    size_t at = 0, run;
    char num[24];
    const char *f = fmt, *s;

    va_start(ap, fmt);
    while (*f) {
        for (run = 0; f[run] && f[run] != '%'; run++)
            ;
        say_put(buf, cap, &at, f, run);
        f += run;
        if (*f == '\0')
            break;
        if (f[1] == 's') {
            s = va_arg(ap, const char *);
            if (s == NULL)
                s = "(null)";
            run = strlen(s);
        } else if (f[1] == 'd') {
            int v = va_arg(ap, int);
            s = say_digits(num, v < 0 ? 0ULL - (unsigned long long)v
                                      : (unsigned long long)v);
            if (v < 0)
                *(char *)--s = '-';
            run = (size_t)(num + sizeof num - s);
        } else if (f[1] == 'z' && f[2] == 'u') {
            s = say_digits(num, va_arg(ap, size_t));
            run = (size_t)(num + sizeof num - s);
            f++;
        } else if (f[1] == '%') {
            s = "%";
            run = 1;
        } else {
            /* A conversion not done here: snprintf does it all. */
            va_end(ap);
            va_start(ap, fmt);
            vsnprintf(buf, cap, fmt, ap);
            va_end(ap);
            return;
        }
        say_put(buf, cap, &at, s, run);
        f += 2;
    }
    va_end(ap);
    if (cap > 0)
        buf[at < cap ? at : cap - 1] = '\0';
}

/* Where the catalogues are: $KRING_LOCALEDIR; else, run from the build
 * tree, the one built there (build/locale beside ./kring, locale beside a
 * program inside the build folder, ../locale beside a test in
 * build/tests); else, installed, ../share/locale beside PREFIX/bin/kring
 * (wherever the installed tree was moved); else where 'make install' put
 * them. */
static const char *locale_dir(void)
{
    static char dir[PATH_MAX + 16];
    static const char *const near[] = {"build/locale", "locale", "../locale",
                                       "../share/locale"};
    const char *env = getenv("KRING_LOCALEDIR");
    char self[PATH_MAX], probe[PATH_MAX + 64];
    ssize_t n;
    size_t i;
    char *slash;

    if (env != NULL && env[0] != '\0')
        return env;
    n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n > 0) {
        self[n] = '\0';
        if ((slash = strrchr(self, '/')) != NULL)
            *slash = '\0';
        for (i = 0; i < sizeof near / sizeof near[0]; i++) {
            snprintf(probe, sizeof probe, "%s/%s/nl/LC_MESSAGES/kring.mo", self,
                     near[i]);
            if (access(probe, R_OK) == 0) {
                if ((size_t)snprintf(dir, sizeof dir, "%s/%s", self, near[i]) >=
                    sizeof dir)
                    break;
                return dir;
            }
        }
    }
    return KRING_LOCALEDIR;
}

/* kring_i18n_init() sets LANGUAGE for gettext. What the environment gave
 * is kept, so that a later call (kring run again in the same process)
 * reads that, not kring's own value: LANGUAGE as given ("" and unset
 * both mean none), and the value kring set. */
static char language_given[256];
static char language_set[8];

/* LANGUAGE as the environment gave it. */
static const char *given_language(void)
{
    const char *v = getenv("LANGUAGE");

    if (v == NULL || language_set[0] == '\0' || strcmp(v, language_set) != 0)
        snprintf(language_given, sizeof language_given, "%s", v ? v : "");
    return language_given;
}

/* The language kring speaks for TAG: "nl" or "en" for "nl", "nl_BE",
 * "en-GB", "NL", "nl_NL.UTF-8", ...; NULL for another language. */
static const char *speaks(const char *tag, size_t len)
{
    static const char *const known[] = {"nl", "en"};
    size_t i;

    for (i = 0; i < sizeof known / sizeof known[0]; i++)
        if (len >= 2 && strncasecmp(tag, known[i], 2) == 0 &&
            (len == 2 || strchr("_-.@", tag[2]) != NULL))
            return known[i];
    return NULL;
}

int kring_i18n_known(const char *lang)
{
    return lang != NULL && speaks(lang, strlen(lang)) != NULL;
}

/* The language the environment asks for: the first of LANGUAGE's list
 * that kring speaks (GNU gettext's own order of preference), else the
 * first of LC_ALL, LC_MESSAGES and LANG that is set; English for
 * the C locale, a language kring does not speak, or none. A locale asked
 * for but not installed ("nl_NL" on a bare machine) still gives its
 * language. */
static const char *environment_language(void)
{
    static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    const char *v = given_language(), *lang;
    size_t i, n;

    for (; v != NULL && *v != '\0'; v += n + (v[n] == ':')) {
        n = strcspn(v, ":");
        if ((lang = speaks(v, n)) != NULL)
            return lang;
    }
    for (i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        v = getenv(vars[i]);
        if (v != NULL && v[0] != '\0')
            return (lang = speaks(v, strlen(v))) != NULL ? lang : "en";
    }
    return "en";
}

/* The language last set up, "nl" or "en"; and the one asked for by name,
 * so that asking again for it changes nothing (kring serve runs commands
 * on several threads, and setlocale() may not run beside them). */
static char current[8] = "en";
static char asked[16];
/* Whether the catalogues' folder is bound (once, at the first Dutch). */
static int bound;

const char *kring_i18n_language(void)
{
    return current;
}

void kring_i18n_init(const char *lang)
{
    const char *messages, *chosen;
    size_t i;

    if (lang != NULL && lang[0] != '\0' && strcmp(lang, asked) == 0)
        return;
    snprintf(asked, sizeof asked, "%s", lang != NULL ? lang : "");
    for (i = 0; i < TR_SLOTS; i++) {
        tr_cache[i].msgid = NULL;
        ntr_cache[i].msgid = NULL;
    }
    /* --lang decides, and a language kring does not speak is English (the
     * command line says so); else the environment. */
    if (lang != NULL)
        chosen = kring_i18n_known(lang) ? speaks(lang, strlen(lang)) : "en";
    else
        chosen = environment_language();
    /* gettext reads LANGUAGE first: it then agrees with kring's choice.
     * Setting the text domain again is gettext's signal that the
     * environment changed: it forgets the translations it looked up. */
    given_language();
    setenv("LANGUAGE", chosen, 1);
    snprintf(language_set, sizeof language_set, "%s", chosen);
    textdomain(textdomain(NULL));
    /* English is the messages as written: under the C locale gettext
     * returns them without looking for a catalogue, so kring loads no
     * locale data at all (issue 21: a command pays for the locale only
     * when it speaks Dutch). Nothing else kring does depends on the
     * locale: it reads and writes UTF-8 and numbers with a decimal point
     * whatever the environment says, so LC_CTYPE, LC_NUMERIC and the
     * rest stay "C". */
    if (strcmp(chosen, "en") == 0) {
        if (strcmp(current, "en") != 0)
            setlocale(LC_MESSAGES, "C");
    } else {
        /* gettext ignores LANGUAGE under the C locale, which is what a
         * machine without LANG has: Dutch needs a locale that is not C.
         * C.UTF-8 changes nothing else. */
        messages = setlocale(LC_MESSAGES, "");
        if (messages == NULL || strcmp(messages, "C") == 0 ||
            strcmp(messages, "POSIX") == 0)
            setlocale(LC_MESSAGES, "C.UTF-8");
        if (!bound) {
            bindtextdomain("kring", locale_dir());
            bind_textdomain_codeset("kring", "UTF-8");
            bound = 1;
        }
    }
    snprintf(current, sizeof current, "%s", chosen);
}
