/* Rules for text: ids, codes, names, notes and dates, and making an id
 * from a name. */
#include <stdio.h>
#include <string.h>

#include "model_internal.h"

/* Decodes one UTF-8 sequence at S (of LEN bytes); returns its length, or
 * 0 when it is not valid (overlong, surrogate, beyond U+10FFFF). */
static size_t utf8_next(const unsigned char *s, size_t len, unsigned *cp)
{
    unsigned c = s[0], min;
    size_t n, i;

    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        c &= 0x1F;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        c &= 0x0F;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        c &= 0x07;
        min = 0x10000;
    } else {
        return 0;
    }
    if (n > len)
        return 0;
    for (i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return n;
}

bool kring_text_valid(const char *s, size_t max)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t len, n;
    unsigned cp;

    if (s == NULL)
        return false;
    len = strlen(s);
    if (len > max)
        return false;
    while (len > 0) {
        if ((n = utf8_next(p, len, &cp)) == 0)
            return false;
        p += n;
        len -= n;
    }
    return true;
}

static int has_control(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return 1;
    return 0;
}

kring_status kr_check_name(const char *what, const char *s, kring_error *err)
{
    if (s == NULL || s[0] == '\0')
        return kr_error_set(err, KRING_ERR_INVALID, _("%s must not be empty"),
                            what);
    if (strlen(s) > KRING_NAME_MAX)
        return kr_error_set(err, KRING_ERR_LIMIT,
                            _("%s is longer than %d bytes"), what,
                            KRING_NAME_MAX);
    if (!kring_text_valid(s, KRING_NAME_MAX))
        return kr_error_set(err, KRING_ERR_INVALID, _("%s is not valid UTF-8"),
                            what);
    if (has_control(s))
        return kr_error_set(err, KRING_ERR_INVALID,
                            _("%s must not contain control characters"), what);
    return KRING_OK;
}

kring_status kr_check_line(const char *what, const char *s, size_t max,
                           kring_error *err)
{
    if (s == NULL)
        return KRING_OK;
    if (strlen(s) > max)
        return kr_error_set(err, KRING_ERR_LIMIT,
                            _("%s is longer than %d bytes"), what, (int)max);
    if (!kring_text_valid(s, max))
        return kr_error_set(err, KRING_ERR_INVALID, _("%s is not valid UTF-8"),
                            what);
    if (has_control(s))
        return kr_error_set(err, KRING_ERR_INVALID,
                            _("%s must not contain control characters"), what);
    return KRING_OK;
}

kring_status kr_check_notes(const char *what, const char *s, kring_error *err)
{
    if (s == NULL)
        return KRING_OK;
    if (strlen(s) > KRING_NOTES_MAX)
        return kr_error_set(err, KRING_ERR_LIMIT,
                            _("%s are longer than %d bytes"), what,
                            KRING_NOTES_MAX);
    if (!kring_text_valid(s, KRING_NOTES_MAX))
        return kr_error_set(err, KRING_ERR_INVALID, _("%s are not valid UTF-8"),
                            what);
    return KRING_OK;
}

static int is_lower_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

bool kring_id_valid(const char *s)
{
    size_t i, len;

    if (s == NULL || (len = strlen(s)) == 0 || len > KRING_ID_MAX)
        return false;
    if (s[0] == '-' || s[len - 1] == '-')
        return false;
    for (i = 0; i < len; i++) {
        if (s[i] == '-' ? s[i + 1] == '-' : !is_lower_alnum(s[i]))
            return false;
    }
    return true;
}

static int is_alnum(char c)
{
    return is_lower_alnum(c) || (c >= 'A' && c <= 'Z');
}

bool kring_code_valid(const char *s, size_t max)
{
    size_t i, len;

    if (s == NULL || (len = strlen(s)) == 0 || len > max || !is_alnum(s[0]))
        return false;
    for (i = 1; i < len; i++)
        if (!is_alnum(s[i]) && s[i] != '-' && s[i] != '_' && s[i] != '.')
            return false;
    return true;
}

bool kring_code_looks_like_name(const char *s)
{
    size_t run = 0, longest = 0;
    int digit = 0;

    for (; s != NULL && *s; s++) {
        char c = *s;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            if (++run > longest)
                longest = run;
        } else {
            run = 0;
            digit |= c >= '0' && c <= '9';
        }
    }
    /* A word of four letters ("rosa", "noah"), or of three with no number
     * beside it ("Eva", but not "JIM-12"). */
    return longest >= 4 || (longest == 3 && !digit);
}

static int digits(const char *s, int n, int *value)
{
    int i, v = 0;

    for (i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        v = v * 10 + (s[i] - '0');
    }
    *value = v;
    return 1;
}

static int date_prefix_valid(const char *s)
{
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y, m, d, leap;

    if (!digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &m) ||
        s[7] != '-' || !digits(s + 8, 2, &d))
        return 0;
    if (y < KRING_BIRTH_YEAR_MIN || y > KRING_BIRTH_YEAR_MAX || m < 1 ||
        m > 12 || d < 1 || d > mdays[m - 1])
        return 0;
    leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return !(m == 2 && d == 29 && !leap);
}

int kr_date_valid(const char *s)
{
    return s != NULL && strlen(s) == 10 && date_prefix_valid(s);
}

bool kring_date_valid(const char *s)
{
    return kr_date_valid(s) != 0;
}

int kr_timestamp_valid(const char *s)
{
    int h, mi, se;

    return s != NULL && strlen(s) == 20 && date_prefix_valid(s) &&
           s[10] == 'T' && digits(s + 11, 2, &h) && s[13] == ':' &&
           digits(s + 14, 2, &mi) && s[16] == ':' && digits(s + 17, 2, &se) &&
           s[19] == 'Z' && h < 24 && mi < 60 && se < 61;
}

/* Latin letters with diacritics to ASCII: U+00C0..U+00FF, then
 * U+0100..U+017F. 'A' stands for "ae", 'T' "th", 'S' "ss", 'J' "ij",
 * 'O' "oe" and '-' for a separator. */
static const char latin1[] = "aaaaaaAceeeeiiiidnooooo-ouuuuyTS"
                             "aaaaaaAceeeeiiiidnooooo-ouuuuyTy";
static const char latin_ext_a[] =
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiJJjjkkkllllllllll"
    "nnnnnnnnnooooooOOrrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

static const char *ascii_for(unsigned cp)
{
    static _Thread_local char one[2];
    char c;

    if (cp < 0x80) {
        c = (char)cp;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c == '\'')
            return "";
        one[0] = is_lower_alnum(c) ? c : '-';
        one[1] = '\0';
        return one;
    }
    if (cp == 0x2019 || cp == 0x2018) /* typographic apostrophes */
        return "";
    if (cp >= 0xC0 && cp <= 0xFF)
        c = latin1[cp - 0xC0];
    else if (cp >= 0x100 && cp <= 0x17F)
        c = latin_ext_a[cp - 0x100];
    else
        c = '-';
    switch (c) {
    case 'A':
        return "ae";
    case 'T':
        return "th";
    case 'S':
        return "ss";
    case 'J':
        return "ij";
    case 'O':
        return "oe";
    default:
        one[0] = c;
        one[1] = '\0';
        return one;
    }
}

/* Room left for a suffix such as "-2000". */
#define ID_BASE_MAX (KRING_ID_MAX - 8)

void kr_slugify(const char *name, char *out)
{
    const unsigned char *p = (const unsigned char *)name;
    size_t len = strlen(name), used = 0, n;
    unsigned cp;
    const char *a;

    while (len > 0) {
        n = utf8_next(p, len, &cp);
        if (n == 0) {
            n = 1;
            cp = '-';
        }
        p += n;
        len -= n;
        for (a = ascii_for(cp); *a && used < ID_BASE_MAX; a++) {
            if (*a == '-' && (used == 0 || out[used - 1] == '-'))
                continue;
            out[used++] = *a;
        }
    }
    while (used > 0 && out[used - 1] == '-')
        used--;
    out[used] = '\0';
    if (used == 0)
        strcpy(out, "person");
}
