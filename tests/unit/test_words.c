/* The words of the model in the user's language, numbers with its decimal
 * sign, and which language kring chooses (src/model/words.c, src/base/i18n.c).
 * The Dutch words are typed here from docs/nl/woorden.md, not read from the
 * catalogue. */
#include <criterion/criterion.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kring/kring.h"
#include "kring/store.h"

/* Runs with nothing in the environment but what a test sets. */
static void clean_environment(void)
{
    unsetenv("LANGUAGE");
    unsetenv("LC_ALL");
    unsetenv("LC_MESSAGES");
    unsetenv("LANG");
}

TestSuite(words, .init = clean_environment);

Test(words, in_english_are_the_case_files_words)
{
    int e, v, n = 0;

    kring_i18n_init("en");
    for (e = 0; e < KRING_ENUM_COUNT; e++)
        for (v = 0; v < kring_enum_count((kring_enum)e); v++) {
            const char *name = kring_enum_name((kring_enum)e, v);
            const char *word = kring_enum_word((kring_enum)e, v);
            if (name == NULL) {
                cr_assert_null(word, "enum %d value %d", e, v);
                continue;
            }
            cr_assert_not_null(word, "enum %d value %d", e, v);
            cr_assert_str_eq(word, name);
            n++;
        }
    /* 9 sectors, 20 roles, 6 kinds of support, 5 contacts, 4 reachable,
     * 4 qualities, 3 statuses, 3 willing, 2 strengths, 3 tie qualities,
     * 7 steps of the choice, 4 kinds of suggestion and their 3 statuses,
     * an outcome's 4 words of a placement, 4 of school and 3 of goals
     * (docs/case-file.md). */
    cr_assert_eq(n, 9 + 20 + 6 + 5 + 4 + 4 + 3 + 3 + 2 + 3 + 7 + 4 + 3 + 4 + 4 +
                        3);
}

Test(words, in_dutch_are_the_words_of_youth_care)
{
    static const struct {
        kring_enum e;
        int value;
        const char *word;
    } known[] = {
        {KRING_ENUM_SECTOR, KRING_SECTOR_HOUSEHOLD, "huishouden"},
        {KRING_ENUM_SECTOR, KRING_SECTOR_LEISURE, "vrije_tijd"},
        {KRING_ENUM_SECTOR, KRING_SECTOR_CARE, "hulpverlening"},
        {KRING_ENUM_ROLE, KRING_ROLE_GRANDPARENT, "grootouder"},
        {KRING_ENUM_ROLE, KRING_ROLE_SIBLING, "broer_of_zus"},
        {KRING_ENUM_ROLE, KRING_ROLE_FAMILY_FRIEND, "huisvriend"},
        {KRING_ENUM_ROLE, KRING_ROLE_PROFESSIONAL, "hulpverlener"},
        {KRING_ENUM_SUPPORT, 0, "emotioneel"},
        {KRING_ENUM_SUPPORT, 5, "opkomen_voor"},
        {KRING_ENUM_CONTACT, KRING_CONTACT_WEEKLY, "wekelijks"},
        {KRING_ENUM_REACHABLE, KRING_REACHABLE_EVENINGS_WEEKENDS,
         "avond_en_weekend"},
        {KRING_ENUM_QUALITY, KRING_QUALITY_STRAINED, "moeizaam"},
        {KRING_ENUM_STATUS, KRING_STATUS_ABSENT, "uit_beeld"},
        {KRING_ENUM_WILLING, KRING_WILLING_YES, "ja"},
        {KRING_ENUM_STRENGTH, KRING_STRENGTH_STRONG, "sterk"},
        {KRING_ENUM_TIE_QUALITY, KRING_TIE_CONFLICT, "conflict"},
        {KRING_ENUM_CHOICE_STATUS, KRING_CHOICE_PARENTS_AGREED,
         "ouders_akkoord"},
        {KRING_ENUM_CHOICE_STATUS, KRING_CHOICE_DECLINED, "nee_gezegd"},
    };
    size_t i;

    kring_i18n_init("nl");
    cr_assert_str_eq(kring_i18n_language(), "nl");
    for (i = 0; i < sizeof known / sizeof known[0]; i++)
        cr_assert_str_eq(kring_enum_word(known[i].e, known[i].value),
                         known[i].word);
    /* "Not recorded" has no word in any language. */
    cr_assert_null(kring_enum_word(KRING_ENUM_CONTACT, 0));
    cr_assert_null(kring_enum_word(KRING_ENUM_ROLE, KRING_ROLE_COUNT));
}

/* Every Dutch word is one lowercase word that can be typed, different from
 * the other words of its field and from their case file's words. */
Test(words, in_dutch_each_word_can_be_typed_and_means_one_value)
{
    int e, v, w;

    kring_i18n_init("nl");
    for (e = 0; e < KRING_ENUM_COUNT; e++)
        for (v = 0; v < kring_enum_count((kring_enum)e); v++) {
            const char *word = kring_enum_word((kring_enum)e, v);
            const unsigned char *c;
            if (kring_enum_name((kring_enum)e, v) == NULL)
                continue;
            cr_assert_not_null(word);
            cr_assert(word[0] != '\0');
            for (c = (const unsigned char *)word; *c; c++)
                cr_assert(*c >= 0x80 || islower(*c) || *c == '_',
                          "'%s' is not one lowercase word", word);
            for (w = 0; w < kring_enum_count((kring_enum)e); w++) {
                const char *other = kring_enum_name((kring_enum)e, w);
                if (w == v || other == NULL)
                    continue;
                cr_assert_str_neq(word, kring_enum_word((kring_enum)e, w));
                cr_assert_str_neq(word, other);
            }
            /* Typed back, in either case of letter, it is the value. */
            cr_assert_eq(kring_enum_parse_word((kring_enum)e, word), v);
        }
}

Test(words, the_command_line_takes_both_words)
{
    kring_i18n_init("nl");
    cr_assert_eq(kring_enum_parse_word(KRING_ENUM_ROLE, "grandparent"),
                 KRING_ROLE_GRANDPARENT);
    cr_assert_eq(kring_enum_parse_word(KRING_ENUM_ROLE, "grootouder"),
                 KRING_ROLE_GRANDPARENT);
    cr_assert_eq(kring_enum_parse_word(KRING_ENUM_ROLE, "Grootouder"),
                 KRING_ROLE_GRANDPARENT);
    cr_assert_eq(kring_enum_parse_word(KRING_ENUM_ROLE, "opa"), -1);
    cr_assert_eq(kring_enum_parse_word(KRING_ENUM_ROLE, ""), -1);
    /* The case file itself takes only its own words. */
    cr_assert_eq(kring_enum_parse(KRING_ENUM_ROLE, "grootouder"), -1);
    /* In English the Dutch word is not one. */
    kring_i18n_init("en");
    cr_assert_eq(kring_enum_parse_word(KRING_ENUM_ROLE, "grootouder"), -1);
}

Test(words, a_list_of_words_is_cut_short_safely)
{
    char buf[512], small[12];

    kring_i18n_init("nl");
    cr_assert_eq(kring_enum_words(KRING_ENUM_STRENGTH, buf, sizeof buf),
                 strlen("zwak, sterk"));
    cr_assert_str_eq(buf, "zwak, sterk");
    kring_enum_words(KRING_ENUM_CONTACT, buf, sizeof buf);
    cr_assert_str_eq(buf, "dagelijks, wekelijks, maandelijks, jaarlijks, "
                          "zelden");
    cr_assert_eq(kring_enum_words(KRING_ENUM_CONTACT, small, sizeof small),
                 sizeof small - 1);
    cr_assert_str_eq(small, "dagelijks, ");
}

Test(words, numbers_take_the_languages_decimal_sign)
{
    char buf[32];

    kring_i18n_init("en");
    cr_assert_str_eq(kring_number_format(buf, sizeof buf, 0.925, 2), "0.93");
    cr_assert_str_eq(kring_number_format(buf, sizeof buf, 1.5, -1), "1.5");
    cr_assert_str_eq(kring_number_format(buf, sizeof buf, 4, -1), "4");
    kring_i18n_init("nl");
    cr_assert_str_eq(kring_number_format(buf, sizeof buf, 0.925, 2), "0,93");
    cr_assert_str_eq(kring_number_format(buf, sizeof buf, 1.5, -1), "1,5");
    cr_assert_str_eq(kring_number_format(buf, sizeof buf, 14.78, 2), "14,78");
    cr_assert_str_eq(kring_number_format(buf, sizeof buf, 4, -1), "4");
}

/* The access log's words, as kring audit and kring server's log page show
 * them (the stored line keeps the English: CSV and JSON give it). */
Test(words, the_access_logs_words)
{
    kring_i18n_init("en");
    cr_assert_str_eq(kring_audit_event_word("case read"), "case read");
    kring_i18n_init("nl");
    cr_assert_str_eq(kring_audit_event_word("case read"), "casus gelezen");
    cr_assert_str_eq(kring_audit_event_word("person changed"),
                     "persoon gewijzigd");
    cr_assert_str_eq(kring_audit_event_word("case opened by break-glass"),
                     "casus geopend met noodtoegang");
    cr_assert_str_eq(kring_audit_event_word("a word kring does not know"),
                     "a word kring does not know");
}

Test(words, the_languages_kring_speaks)
{
    static const char *const known[] = {"nl",    "en",        "NL",
                                        "nl_BE", "en-GB",     "nl_NL.UTF-8",
                                        "en@x",  "nl_NL.utf8"};
    static const char *const unknown[] = {"",   "n",     "nld", "dutch",
                                          "fr", "fr_FR", "nlx", "C"};
    size_t i;

    for (i = 0; i < sizeof known / sizeof known[0]; i++)
        cr_assert(kring_i18n_known(known[i]), "%s", known[i]);
    for (i = 0; i < sizeof unknown / sizeof unknown[0]; i++)
        cr_assert(!kring_i18n_known(unknown[i]), "%s", unknown[i]);
    cr_assert(!kring_i18n_known(NULL));
}

Test(words, a_language_kring_does_not_speak_is_english)
{
    setenv("LANG", "nl_NL.UTF-8", 1);
    kring_i18n_init("fr");
    cr_assert_str_eq(kring_i18n_language(), "en");
    cr_assert_str_eq(kring_enum_word(KRING_ENUM_SECTOR, 0), "household");
    kring_i18n_init("nl_BE");
    cr_assert_str_eq(kring_i18n_language(), "nl");
    cr_assert_str_eq(kring_enum_word(KRING_ENUM_SECTOR, 0), "huishouden");
}

/* Without --lang, as gettext reads the environment. */
Test(words, the_environment_chooses_the_language)
{
    static const struct {
        const char *language, *lc_all, *lc_messages, *lang, *expect;
    } cases[] = {
        {NULL, NULL, NULL, NULL, "en"},
        {NULL, NULL, NULL, "nl_NL.UTF-8", "nl"},
        {NULL, NULL, NULL, "fr_FR.UTF-8", "en"},
        {NULL, NULL, "nl_NL", "en_GB.UTF-8", "nl"},
        {NULL, "en_US.UTF-8", "nl_NL", "nl_NL", "en"},
        {NULL, "C", NULL, "nl_NL.UTF-8", "en"},
        {NULL, "C.UTF-8", NULL, "nl_NL.UTF-8", "en"},
        {"fr:nl", NULL, NULL, "en_US.UTF-8", "nl"},
        {"en:nl", NULL, NULL, "nl_NL.UTF-8", "en"},
        {"de", NULL, NULL, "nl_BE.UTF-8", "nl"},
        {"", "nl_NL.UTF-8", NULL, NULL, "nl"},
    };
    size_t i;

#define SET(var, v) ((v) != NULL ? setenv(var, v, 1) : unsetenv(var))
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        SET("LANGUAGE", cases[i].language);
        SET("LC_ALL", cases[i].lc_all);
        SET("LC_MESSAGES", cases[i].lc_messages);
        SET("LANG", cases[i].lang);
        kring_i18n_init(NULL);
        cr_assert_str_eq(kring_i18n_language(), cases[i].expect, "case %zu", i);
        cr_assert_str_eq(kring_enum_word(KRING_ENUM_SECTOR, 1),
                         strcmp(cases[i].expect, "nl") == 0 ? "familie"
                                                            : "family",
                         "case %zu", i);
    }
#undef SET
}

/* docs/nl/woorden.md, the Dutch words for people who use kring, says what
 * kring does: every row "| `word` | `case file's word` |" of its tables is
 * one value of the model, and every value has its row. */
Test(words, the_dutch_word_list_in_the_docs_is_kring_s)
{
    FILE *f = fopen("docs/nl/woorden.md", "r");
    char line[512];
    int rows = 0, total = 0, e, v;

    cr_assert_not_null(f, "run from the top of the source tree");
    kring_i18n_init("nl");
    while (fgets(line, sizeof line, f) != NULL) {
        char nl[64], code[64];
        int found = 0;
        if (sscanf(line, "| `%63[^`]` | `%63[^`]` |", nl, code) != 2)
            continue;
        rows++;
        for (e = 0; e < KRING_ENUM_COUNT && !found; e++) {
            v = kring_enum_parse((kring_enum)e, code);
            found =
                v >= 0 && strcmp(kring_enum_word((kring_enum)e, v), nl) == 0;
        }
        cr_assert(found, "'%s' is not kring's Dutch word for '%s'", nl, code);
    }
    fclose(f);
    for (e = 0; e < KRING_ENUM_COUNT; e++)
        for (v = 0; v < kring_enum_count((kring_enum)e); v++)
            total += kring_enum_name((kring_enum)e, v) != NULL;
    cr_assert_eq(rows, total);
}
