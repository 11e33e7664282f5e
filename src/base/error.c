/* Error records: filling them without allocating. */
#include <stdio.h>
#include <string.h>

#include "internal.h"

kring_status kr_error_set(kring_error *err, kring_status code, const char *fmt,
                          ...)
{
    va_list ap;

    if (err == NULL)
        return code;
    err->code = code;
    va_start(ap, fmt);
    vsnprintf(err->text, sizeof err->text, fmt, ap);
    va_end(ap);
    return code;
}

kring_status kr_nomem(kring_error *err)
{
    return kr_error_set(err, KRING_ERR_NOMEM, "%s", _("out of memory"));
}

void kr_error_prefix(kring_error *err, const char *fmt, ...)
{
    char head[KRING_ERROR_TEXT_MAX];
    char body[KRING_ERROR_TEXT_MAX];
    va_list ap;

    if (err == NULL)
        return;
    va_start(ap, fmt);
    vsnprintf(head, sizeof head, fmt, ap);
    va_end(ap);
    memcpy(body, err->text, sizeof body);
    /* Cut the message, never the place, when both do not fit. */
    {
        size_t h = strlen(head), b = strlen(body), room = sizeof err->text;
        if (h > room - 3)
            h = room - 3;
        memcpy(err->text, head, h);
        memcpy(err->text + h, ": ", 2);
        if (b > room - h - 3)
            b = room - h - 3;
        memcpy(err->text + h + 2, body, b);
        err->text[h + 2 + b] = '\0';
    }
}
