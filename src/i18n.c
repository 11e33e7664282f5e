/* Message translation set-up: gettext domain "kring". */
#include <locale.h>
#include <stdlib.h>
#include <unistd.h>

#include "internal.h"

#ifndef KRING_LOCALEDIR
#define KRING_LOCALEDIR "/usr/local/share/locale"
#endif

/* Translations looked up before, by the address of their message: the
 * analysis prints the same few sentences hundreds of thousands of times in
 * a batch, and each gettext call takes locks and reads the environment.
 * kring_i18n_init() empties it, since the language may change. */
#define TR_SLOTS 512
static struct {
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

void kring_i18n_init(const char *lang)
{
    size_t i;

    for (i = 0; i < TR_SLOTS; i++)
        tr_cache[i].msgid = NULL;
    if (lang != NULL && lang[0] != '\0')
        setenv("LANGUAGE", lang, 1);
    setlocale(LC_ALL, "");
    /* Numbers in files and JSON always use a decimal point. */
    setlocale(LC_NUMERIC, "C");
    bindtextdomain("kring", KRING_LOCALEDIR);
    bind_textdomain_codeset("kring", "UTF-8");
}
