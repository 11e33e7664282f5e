/* Message translation set-up: gettext domain "kring". */
#include <locale.h>
#include <stdlib.h>
#include <unistd.h>

#include "internal.h"

#ifndef KRING_LOCALEDIR
#define KRING_LOCALEDIR "/usr/local/share/locale"
#endif

void kring_i18n_init(const char *lang)
{
    if (lang != NULL && lang[0] != '\0')
        setenv("LANGUAGE", lang, 1);
    setlocale(LC_ALL, "");
    /* Numbers in files and JSON always use a decimal point. */
    setlocale(LC_NUMERIC, "C");
    bindtextdomain("kring", KRING_LOCALEDIR);
    bind_textdomain_codeset("kring", "UTF-8");
}
