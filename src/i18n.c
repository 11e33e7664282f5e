/* Message translation set-up: gettext domain "kring". */
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

/* Where the catalogues are: $KRING_LOCALEDIR; else, run from the build
 * tree, the one built there (build/locale beside ./kring, locale beside a
 * program inside the build folder, ../locale beside a test in
 * build/tests); else where 'make install' put
 * them. */
static const char *locale_dir(void)
{
    static char dir[PATH_MAX + 16];
    static const char *const near[] = {"build/locale", "locale", "../locale"};
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

/* The language the environment asks for, as gettext reads it: LC_ALL,
 * else LC_MESSAGES, else LANG ("nl_NL.UTF-8" gives "nl_NL"), into BUF;
 * NULL for none or C. */
static const char *environment_language(char *buf, size_t cap)
{
    static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    size_t i;

    for (i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *v = getenv(vars[i]);
        if (v == NULL || v[0] == '\0')
            continue;
        if (strcmp(v, "C") == 0 || strcmp(v, "POSIX") == 0 ||
            strncmp(v, "C.", 2) == 0)
            return NULL;
        snprintf(buf, cap, "%.*s", (int)strcspn(v, ".@"), v);
        return buf;
    }
    return NULL;
}

/* The language last set up, "nl" or "en"; and the one asked for by name,
 * so that asking again for it changes nothing (kring serve runs commands
 * on several threads, and setlocale() may not run beside them). */
static char current[8] = "en";
static char asked[16];

const char *kring_i18n_language(void)
{
    return current;
}

void kring_i18n_init(const char *lang)
{
    const char *messages, *language = getenv("LANGUAGE");
    char env_lang[64];
    size_t i;

    if (lang != NULL && lang[0] != '\0' && strcmp(lang, asked) == 0)
        return;
    snprintf(asked, sizeof asked, "%s", lang != NULL ? lang : "");
    for (i = 0; i < TR_SLOTS; i++)
        tr_cache[i].msgid = NULL;
    /* A locale asked for but not installed (nl_NL on a bare machine)
     * still gives its language. */
    if ((lang == NULL || lang[0] == '\0') &&
        (language == NULL || language[0] == '\0'))
        lang = environment_language(env_lang, sizeof env_lang);
    if (lang != NULL && lang[0] != '\0')
        setenv("LANGUAGE", lang, 1);
    setlocale(LC_ALL, "");
    /* gettext ignores LANGUAGE under the C locale, which is what a
     * machine without LANG has: a chosen language needs a locale that is
     * not C. C.UTF-8 changes nothing else. */
    messages = setlocale(LC_MESSAGES, NULL);
    language = getenv("LANGUAGE");
    if (language != NULL && language[0] != '\0' && messages != NULL &&
        (strcmp(messages, "C") == 0 || strcmp(messages, "POSIX") == 0))
        setlocale(LC_MESSAGES, "C.UTF-8");
    /* Numbers in files and JSON always use a decimal point. */
    setlocale(LC_NUMERIC, "C");
    bindtextdomain("kring", locale_dir());
    bind_textdomain_codeset("kring", "UTF-8");
    language = getenv("LANGUAGE");
    snprintf(current, sizeof current, "%s",
             language != NULL && strncmp(language, "nl", 2) == 0 ? "nl" : "en");
}
