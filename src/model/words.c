/* The words of the model in the user's language: one word for every value
 * of every enumeration, which tables show and which the command line takes
 * beside the case file's own word; and numbers written with the language's
 * decimal sign. In English the word is the case file's word itself. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

/* Each word with its context (W_, internal.h): "role" and "quality" both
 * have words that other enumerations have too. What follows the context
 * is the case file's word, and the English word. */
static const char *const sector_words[] = {
    /* TRANSLATORS: the words of the model (ctx: which field) are shown in
     * tables and typed on the command line (--sector huishouden): one
     * word each, lowercase, with '_' for a space, none the same as
     * another word of its field. */
    W_("sector", "household"),     W_("sector", "family"),
    W_("sector", "friends"),       W_("sector", "school"),
    W_("sector", "neighbourhood"), W_("sector", "leisure"),
    W_("sector", "community"),     W_("sector", "online"),
    W_("sector", "care"),
};
static const char *const role_words[] = {
    W_("role", "parent"),        W_("role", "stepparent"),
    W_("role", "foster_parent"), W_("role", "sibling"),
    W_("role", "grandparent"),   W_("role", "aunt_uncle"),
    W_("role", "cousin"),        W_("role", "relative"),
    W_("role", "friend"),        W_("role", "partner"),
    W_("role", "classmate"),     W_("role", "teacher"),
    W_("role", "school_staff"),  W_("role", "coach"),
    W_("role", "neighbour"),     W_("role", "family_friend"),
    W_("role", "faith_leader"),  W_("role", "youth_worker"),
    W_("role", "professional"),  W_("role", "other"),
};
static const char *const support_words[] = {
    W_("support", "emotional"), W_("support", "practical"),
    W_("support", "advice"),    W_("support", "fun"),
    W_("support", "shelter"),   W_("support", "advocacy"),
};
static const char *const contact_words[] = {
    NULL,
    W_("contact", "daily"),
    W_("contact", "weekly"),
    W_("contact", "monthly"),
    W_("contact", "yearly"),
    W_("contact", "rarely"),
};
static const char *const reachable_words[] = {
    NULL,
    W_("reachable", "anytime"),
    W_("reachable", "evenings_weekends"),
    W_("reachable", "office_hours"),
    W_("reachable", "rarely"),
};
static const char *const quality_words[] = {
    W_("quality", "positive"),
    W_("quality", "mixed"),
    W_("quality", "strained"),
    W_("quality", "broken"),
};
static const char *const status_words[] = {
    W_("status", "active"),
    W_("status", "absent"),
    W_("status", "deceased"),
};
static const char *const willing_words[] = {
    W_("willing", "unknown"),
    W_("willing", "yes"),
    W_("willing", "no"),
};
static const char *const strength_words[] = {
    W_("strength", "weak"),
    W_("strength", "strong"),
};
static const char *const tie_quality_words[] = {
    W_("tie quality", "positive"),
    W_("tie quality", "mixed"),
    W_("tie quality", "conflict"),
};
static const char *const choice_status_words[] = {
    W_("choice status", "asked"),     W_("choice status", "parents_agreed"),
    W_("choice status", "accepted"),  W_("choice status", "active"),
    W_("choice status", "evaluated"), W_("choice status", "ended"),
    W_("choice status", "declined"),
};
static const char *const suggestion_kind_words[] = {
    W_("suggestion", "right"),
    W_("suggestion", "closer"),
    W_("suggestion", "further"),
    W_("suggestion", "missing"),
};
static const char *const suggestion_status_words[] = {
    W_("suggestion status", "open"),
    W_("suggestion status", "accepted"),
    W_("suggestion status", "declined"),
};
static const char *const placement_words[] = {
    NULL,
    W_("placement", "averted"),
    W_("placement", "shortened"),
    W_("placement", "happened"),
    W_("placement", "not_at_issue"),
};
static const char *const school_words[] = {
    NULL,
    W_("school", "stayed"),
    W_("school", "returned"),
    W_("school", "dropped_out"),
    W_("school", "not_at_issue"),
};
static const char *const goals_words[] = {
    NULL,
    W_("goals", "met"),
    W_("goals", "partly"),
    W_("goals", "not_met"),
};

#define WORDS(a)                                                               \
    {                                                                          \
        a, (int)(sizeof a / sizeof a[0])                                       \
    }
static const struct {
    const char *const *keys;
    int count;
} words[KRING_ENUM_COUNT] = {
    WORDS(sector_words),
    WORDS(role_words),
    WORDS(support_words),
    WORDS(contact_words),
    WORDS(reachable_words),
    WORDS(quality_words),
    WORDS(status_words),
    WORDS(willing_words),
    WORDS(strength_words),
    WORDS(tie_quality_words),
    WORDS(choice_status_words),
    WORDS(suggestion_kind_words),
    WORDS(suggestion_status_words),
    WORDS(placement_words),
    WORDS(school_words),
    WORDS(goals_words),
};

/* The translation of a KEY "context\004text"; untranslated, gettext gives
 * back the key itself, and the text is what follows the context. */
const char *kr_ctx(const char *key)
{
    const char *text = kr_tr(key);

    return text == key ? strchr(key, '\004') + 1 : text;
}

const char *kring_enum_word(kring_enum e, int value)
{
    if ((unsigned)e >= KRING_ENUM_COUNT || value < 0 ||
        value >= words[e].count || words[e].keys[value] == NULL)
        return NULL;
    return kr_ctx(words[e].keys[value]);
}

int kring_enum_parse_word(kring_enum e, const char *s)
{
    int v = kring_enum_parse(e, s), i;
    const char *w;

    if (v >= 0 || s == NULL || (unsigned)e >= KRING_ENUM_COUNT)
        return v;
    /* The word as shown, in any case of its letters: "Huishouden" too. */
    for (i = 0; i < words[e].count; i++)
        if ((w = kring_enum_word(e, i)) != NULL && strcasecmp(w, s) == 0)
            return i;
    return -1;
}

size_t kring_enum_words(kring_enum e, char *buf, size_t cap)
{
    size_t used = 0;
    const char *w;
    int i;

    if (cap == 0)
        return 0;
    buf[0] = '\0';
    for (i = 0; (unsigned)e < KRING_ENUM_COUNT && i < words[e].count; i++) {
        if ((w = kring_enum_word(e, i)) == NULL)
            continue;
        used += (size_t)snprintf(buf + used, cap - used, "%s%s",
                                 used ? ", " : "", w);
        if (used >= cap) {
            used = cap - 1;
            break;
        }
    }
    return used;
}

char *kring_number_format(char *buf, size_t cap, double v, int decimals)
{
    char *dot;

    if (cap == 0)
        return buf;
    if (decimals >= 0 || !isfinite(v)) {
        snprintf(buf, cap, "%.*f", decimals < 0 ? 0 : decimals, v);
    } else {
        char shortest[32];
        kring_jw_format_double(shortest, v);
        kr_say(buf, cap, "%s", shortest);
    }
    if ((dot = strchr(buf, '.')) != NULL)
        /* TRANSLATORS: the decimal sign of numbers in tables and texts
         * (never in files or JSON): "," in Dutch. One character. */
        *dot = C_("decimal sign", ".")[0];
    return buf;
}

const char *kring_suggestion_saying(kring_suggestion_kind kind)
{
    switch (kind) {
    case KRING_SUGGEST_RIGHT:
        return _("the map is right");
    case KRING_SUGGEST_CLOSER:
        return _("closer");
    case KRING_SUGGEST_FURTHER:
        return _("further away");
    default:
        return _("someone is missing");
    }
}
