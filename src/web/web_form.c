/* kring serve's forms: a body of application/x-www-form-urlencoded
 * decoded into its keys and values, and read back (web_change.c makes the
 * changes; the pages fill their forms in again from them). */
#include <stdlib.h>
#include <string.h>

#include "web.h"

/* --- forms ------------------------------------------------------------ */

static int hex_digit(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decodes N bytes of S ('+' a space, %XX a byte) into a new string; NULL
 * for a bad escape or a NUL. */
static char *decode(const char *s, size_t n)
{
    char *out = malloc(n + 1), *o = out;
    size_t i;

    if (out == NULL)
        return NULL;
    for (i = 0; i < n; i++) {
        int c = (unsigned char)s[i];
        if (c == '+') {
            c = ' ';
        } else if (c == '%') {
            int hi = i + 2 < n ? hex_digit(s[i + 1]) : -1;
            int lo = i + 2 < n ? hex_digit(s[i + 2]) : -1;
            if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) {
                free(out);
                return NULL;
            }
            c = hi * 16 + lo;
            i += 2;
        } else if (c == '\0') {
            free(out);
            return NULL;
        }
        *o++ = (char)c;
    }
    *o = '\0';
    return out;
}

int form_parse(struct form *f, const char *body, size_t len)
{
    const char *at = body, *end = body + len;

    memset(f, 0, sizeof *f);
    while (at < end) {
        const char *amp = memchr(at, '&', (size_t)(end - at));
        const char *stop = amp != NULL ? amp : end;
        const char *eq = memchr(at, '=', (size_t)(stop - at));
        if (stop > at) {
            if (f->n == FORM_MAX)
                goto bad;
            f->key[f->n] = decode(at, (size_t)((eq != NULL ? eq : stop) - at));
            f->value[f->n] = eq != NULL
                                 ? decode(eq + 1, (size_t)(stop - eq - 1))
                                 : decode("", 0);
            f->n++;
            if (f->key[f->n - 1] == NULL || f->value[f->n - 1] == NULL)
                goto bad;
        }
        at = stop + 1;
    }
    return 0;
bad:
    form_release(f);
    return -1;
}

void form_release(struct form *f)
{
    int i;

    for (i = 0; i < f->n; i++) {
        free(f->key[i]);
        free(f->value[i]);
    }
    memset(f, 0, sizeof *f);
}

const char *form_get(const struct form *f, const char *key)
{
    int i;

    for (i = 0; f != NULL && i < f->n; i++)
        if (strcmp(f->key[i], key) == 0)
            return f->value[i];
    return NULL;
}

void form_join(const struct form *f, const char *key, char *buf, size_t cap)
{
    size_t len = 0;
    int i;

    buf[0] = '\0';
    for (i = 0; f != NULL && i < f->n; i++) {
        if (strcmp(f->key[i], key) != 0)
            continue;
        len += (size_t)snprintf(buf + len, len < cap ? cap - len : 0, "%s%s",
                                len ? "," : "", f->value[i]);
        if (len >= cap) {
            buf[cap - 1] = '\0';
            return;
        }
    }
}

/* --- changes ------------------------------------------------------------ */
