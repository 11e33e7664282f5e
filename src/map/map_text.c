/* The words of the map: text widths, names as the map shows them, and the
 * names of roles, sectors and rings. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "map_internal.h"

/* The next code point of UTF-8 text at *S (valid UTF-8: the model checks
 * it), moving *S past it. */
static unsigned next_code(const char **s)
{
    const unsigned char *p = (const unsigned char *)*s;
    unsigned c = *p;
    int more = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc0 ? 1 : 0;

    if (more)
        c &= 0x3fu >> more;
    p++;
    while (more-- > 0 && (*p & 0xc0) == 0x80)
        c = (c << 6) | (*p++ & 0x3f);
    *s = (const char *)p;
    return c;
}

/* The widest letter of both tables: U+01F1, the capital DZ. */
#define WIDEST 0x1F1

/* The advance of code point C in font units. Outside the table (Greek,
 * Arabic, emoji, ...): as wide as the widest letter in it, since what
 * draws it is another font or a box with its number, and a label must
 * never be measured too small. */
static unsigned advance(const unsigned short *adv, unsigned c)
{
    if (c >= kr_font_first && c <= kr_font_last)
        return adv[c - kr_font_first];
    return c >= 0x20 ? adv[WIDEST - kr_font_first] : 0;
}

double kring_text_width(const char *text, double size, bool bold)
{
    const unsigned short *adv = bold ? kr_font_bold : kr_font_book;
    unsigned long units = 0;

    while (*text)
        units += advance(adv, next_code(&text));
    return (double)units * size / (double)kr_font_units;
}

/* Graphviz measures and draws text with pango at 96 dpi, with the
 * advances hinted to whole pixels: a line can come out wider than the
 * font's widths say, by up to a pixel (0.75 pt) a letter, sixty W's by
 * 22 pt. So each advance is taken rounded up to the pixel. */
double kr_drawn_width(const char *text, double size, bool bold)
{
    const unsigned short *adv = bold ? kr_font_bold : kr_font_book;
    double px = size * 96.0 / 72.0 / (double)kr_font_units, sum = 0;

    while (*text) {
        unsigned a = advance(adv, next_code(&text));
        if (a > 0)
            sum += ceil(a * px - 1e-9);
    }
    return sum * 72.0 / 96.0;
}

/* Words a young person puts before a name: kinship and address, in the
 * languages of the families kring meets. A name that starts with one
 * keeps it, as the young person says it. */
static const char *const titles[] = {
    "oma",      "opa",      "tante",  "oom",     "neef",    "nicht",
    "juf",      "meester",  "meneer", "mevrouw", "buurman", "buurvrouw",
    "trainer",  "coach",    "dokter", "mama",    "papa",    "mam",
    "pap",      "broer",    "zus",    "dominee", "imam",    "pastoor",
    "anneanne", "babaanne", "dede",   "teyze",   "hala",    "dayı",
    "amca",     "abla",     "abi",    "ammi",    "khalti",  "grandma",
    "grandpa",  "granny",   "aunt",   "auntie",  "uncle",   "mr",
    "mr.",      "mrs",      "mrs.",   "ms",      "ms.",     "miss",
    "dr",       "dr.",      "dhr",    "dhr.",    "mevr",    "mevr.",
    "juffrouw",
};

void kr_name_title(const char *name, char *buf, size_t cap)
{
    size_t n = strcspn(name, " "), i;

    buf[0] = '\0';
    if (name[n + strspn(name + n, " ")] == '\0' || n == 0 || n >= cap)
        return; /* one word ("Dede", "Dede "): a name, not a title and a
                 * name */
    for (i = 0; i < n; i++)
        buf[i] = (char)tolower((unsigned char)name[i]);
    buf[n] = '\0';
    for (i = 0; i < sizeof titles / sizeof titles[0]; i++)
        if (strcmp(buf, titles[i]) == 0)
            return;
    buf[0] = '\0';
}

char *kr_map_name(const char *name, bool first, bool initials)
{
    char title[32], *out;
    const char *given = name;
    size_t n;

    kr_name_title(name, title, sizeof title);
    if (title[0] != '\0')
        for (given = name + strlen(title); *given == ' '; given++)
            ;
    if (initials) {
        /* One letter (a whole UTF-8 character), a point, the title. */
        const char *end = given;
        next_code(&end);
        n = (size_t)(end - given);
        if ((out = kr_malloc(n + strlen(title) + 5)) == NULL)
            return NULL;
        memcpy(out, given, n);
        if (n == 1)
            out[0] = (char)toupper((unsigned char)out[0]);
        strcpy(out + n, ".");
        if (title[0] != '\0')
            sprintf(out + n + 1, " (%s)", title);
        return out;
    }
    if (!first)
        return kr_strdup(name);
    /* The title, if any, and the first word after it. */
    n = (size_t)(given - name) + strcspn(given, " ");
    if ((out = kr_malloc(n + 1)) == NULL)
        return NULL;
    memcpy(out, name, n);
    out[n] = '\0';
    return out;
}

/* Titles of kinship: before the name of a relative a title, before anyone
 * else's a given name ("Hala Yusuf", a friend; "Dede" is a given name
 * too). The other titles (meneer, juf, dr., ...) are titles before any
 * name. */
static const char *const kin_titles[] = {
    "oma",      "opa",      "tante", "oom",    "neef",   "nicht",
    "mama",     "papa",     "mam",   "pap",    "broer",  "zus",
    "anneanne", "babaanne", "dede",  "teyze",  "hala",   "dayı",
    "amca",     "abla",     "abi",   "ammi",   "khalti", "grandma",
    "grandpa",  "granny",   "aunt",  "auntie", "uncle",
};

static bool is_kin(const char *title)
{
    size_t i;

    for (i = 0; i < sizeof kin_titles / sizeof kin_titles[0]; i++)
        if (strcmp(title, kin_titles[i]) == 0)
            return true;
    return false;
}

char *kr_map_initials(const char *name, int role)
{
    char title[32], *out;
    const char *given = name, *end, *word;
    size_t n;

    title[0] = '\0';
    if (role >= 0) {
        kr_name_title(name, title, sizeof title);
        if (title[0] != '\0' && is_kin(title) && role > KRING_ROLE_RELATIVE)
            title[0] = '\0'; /* not a relative: a given name */
        if (title[0] != '\0')
            given = name + strlen(title);
    }
    given += strspn(given, " ");
    if (*given == '\0')
        given = "?";
    end = given;
    next_code(&end);
    n = (size_t)(end - given);
    word = title[0] != '\0' ? title
           : role >= 0      ? kr_role_word((kring_role)role)
                            : NULL;
    if ((out = kr_malloc(n + (word ? strlen(word) : 0) + 6)) == NULL)
        return NULL;
    memcpy(out, given, n);
    if (n == 1)
        out[0] = (char)toupper((unsigned char)out[0]);
    if (word != NULL)
        sprintf(out + n, ". (%s)", word);
    else
        strcpy(out + n, ".");
    return out;
}

const char *kr_map_code(const kring_case *c, const kring_map_options *o)
{
    return o->anonymize ? KRING_CODE_ANONYMOUS : c->code;
}

const char *kr_role_word(kring_role r)
{
    switch (r) {
    case KRING_ROLE_PARENT:
        return _("parent");
    case KRING_ROLE_STEPPARENT:
        return _("step-parent");
    case KRING_ROLE_FOSTER_PARENT:
        return _("foster parent");
    case KRING_ROLE_SIBLING:
        return _("brother or sister");
    case KRING_ROLE_GRANDPARENT:
        return _("grandparent");
    case KRING_ROLE_AUNT_UNCLE:
        return _("aunt or uncle");
    case KRING_ROLE_COUSIN:
        return _("cousin");
    case KRING_ROLE_RELATIVE:
        return _("relative");
    case KRING_ROLE_FRIEND:
        return _("friend");
    case KRING_ROLE_PARTNER:
        return _("partner");
    case KRING_ROLE_CLASSMATE:
        return _("classmate");
    case KRING_ROLE_TEACHER:
        return _("teacher");
    case KRING_ROLE_SCHOOL_STAFF:
        return _("at school");
    case KRING_ROLE_COACH:
        return _("coach");
    case KRING_ROLE_NEIGHBOUR:
        return _("neighbour");
    case KRING_ROLE_FAMILY_FRIEND:
        return _("family friend");
    case KRING_ROLE_FAITH_LEADER:
        return _("faith leader");
    case KRING_ROLE_YOUTH_WORKER:
        return _("youth worker");
    case KRING_ROLE_PROFESSIONAL:
        return _("professional");
    default:
        return _("other");
    }
}

const char *kr_sector_word(kring_sector s)
{
    static const char *const words[KRING_SECTOR_COUNT] = {
        N_("Home"),      N_("Family"),        N_("Friends"),
        N_("School"),    N_("Neighbourhood"), N_("Free time"),
        N_("Community"), N_("Online"),        N_("Care"),
    };
    return (unsigned)s < KRING_SECTOR_COUNT ? _(words[s]) : "";
}

const char *kr_ring_word(int r)
{
    static const char *const words[3] = {N_("close"), N_("middle"),
                                         N_("further")};
    return r >= 1 && r <= 3 ? _(words[r - 1]) : "";
}

const char *kring_role_word(kring_role r)
{
    return kr_role_word(r);
}

const char *kring_ring_word(int r)
{
    return kr_ring_word(r);
}

const char *kring_sector_word(kring_sector s)
{
    return kr_sector_word(s);
}
