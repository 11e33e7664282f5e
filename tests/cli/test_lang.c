/* The main commands in English and in Dutch, run in process: the Dutch
 * words appear where the English ones do, the command line takes them,
 * JSON stays the same, an unknown language is English with a note, and
 * colour comes only when asked for. The Dutch words are typed here from
 * docs/nl/woorden.md; the sample is Noah's (samples/2026-014-noah.json). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

static void clean_environment(void)
{
    unsetenv("LANGUAGE");
    unsetenv("LC_ALL");
    unsetenv("LC_MESSAGES");
    unsetenv("LANG");
}

TestSuite(lang, .init = clean_environment);

#define OK(r) cr_assert_eq((r).status, 0, "status %d: %s", (r).status, (r).err)

static void has(const char *text, const char *part)
{
    cr_assert(strstr(text, part) != NULL, "no '%s' in:\n%s", part, text);
}

/* Whether WORD stands in TEXT as a whole word (between spaces, commas or
 * line ends). */
static int has_word(const char *text, const char *word)
{
    size_t n = strlen(word);
    const char *at;

    for (at = strstr(text, word); at != NULL; at = strstr(at + 1, word))
        if ((at == text || strchr(" ,\n(", at[-1]) != NULL) &&
            strchr(" ,\n)", at[n]) != NULL)
            return 1;
    return 0;
}

Test(lang, case_show_in_dutch_has_the_dutch_words)
{
    const char *db = t_noah_db();
    struct t_run r = t_cli(NULL, "--db", db, "--lang", "nl", "case", "show",
                           "2026-014", NULL);
    const char *tables;
    static const char *const english[] = {
        "parent",    "stepparent", "sibling", "grandparent",   "aunt_uncle",
        "friend",    "teacher",    "coach",   "neighbour",     "professional",
        "household", "family",     "friends", "neighbourhood", "leisure",
        "care",      "daily",      "weekly",  "monthly",       "practical",
        "shelter",   "emotional",  "advice",  "advocacy",      "fun",
        "positive",  "strained",   "active",  "deceased",      "weak",
        "strong",    "nominated",  "formal"};
    size_t i;

    OK(r);
    has(r.out, "casus 2026-014: Noah, geboren in 2012");
    has(r.out, "personen (11)");
    has(r.out, "ID             NAAM              ROL           LEVENSGEBIED");
    has(r.out, "mama           Sanne de Vries    ouder         huishouden     "
               "1       38        dagelijks    praktisch,onderdak             "
               "moeizaam  actief     woont bij de jongere\n");
    has(r.out, "oma-ria        Oma Ria           grootouder    familie        "
               "1       67        wekelijks    emotioneel,praktisch,onderdak  "
               "goed      actief     gekozen\n");
    has(r.out, "opa-henk       Opa Henk          grootouder    familie        "
               "2       -         -            -                              "
               "goed      overleden\n");
    has(r.out, "verbindingen (12)\nA             B              STERKTE  "
               "RELATIE\noma-ria       mama           sterk    conflict\n");
    /* Below the notes (Dutch prose), not one of the case file's English
     * words where Dutch has its own. */
    tables = strstr(r.out, "personen (");
    for (i = 0; i < sizeof english / sizeof english[0]; i++)
        cr_assert(!has_word(tables, english[i]), "'%s' in:\n%s", english[i],
                  tables);
    t_run_free(&r);

    r = t_cli(NULL, "--db", db, "case", "show", "2026-014", NULL);
    OK(r);
    has(r.out, "mama           Sanne de Vries    parent        household      "
               "1     38   daily    practical,shelter            strained  "
               "active    lives with child\n");
    t_run_free(&r);
}

Test(lang, the_command_line_takes_the_dutch_words)
{
    const char *db = t_noah_db();
    struct t_run r =
        t_cli(NULL, "--db", db, "--lang", "nl", "person", "add", "2026-014",
              "Opa Jan", "--role", "grootouder", "--ring", "1", "--contact",
              "Wekelijks", "--support", "emotioneel,plezier", "--reachable",
              "avond_en_weekend", "--quality", "wisselend", "--willing", "ja",
              "--nominated=nee", "--sector", "familie", NULL);

    OK(r);
    cr_assert_str_eq(r.out, "opa-jan\n");
    t_run_free(&r);
    /* Stored as the case file's words. */
    r = t_cli(NULL, "--db", db, "--json", "case", "show", "2026-014", NULL);
    OK(r);
    has(r.out, "\"id\": \"opa-jan\",\n      \"name\": \"Opa Jan\",\n"
               "      \"role\": \"grandparent\",\n      \"sector\": "
               "\"family\",\n      \"ring\": 1,\n      \"contact\": "
               "\"weekly\",\n      \"support\": [\n        \"emotional\",\n"
               "        \"fun\"\n      ],\n      \"reachable\": "
               "\"evenings_weekends\",\n      \"quality\": \"mixed\",\n");
    t_run_free(&r);
    /* The case file's words work in Dutch too. */
    r = t_cli(NULL, "--db", db, "--lang", "nl", "tie", "add", "2026-014",
              "opa-jan", "oma-ria", "--strength", "strong", "--quality", "goed",
              NULL);
    OK(r);
    cr_assert_str_eq(r.out, "Opa Jan en Oma Ria kennen elkaar (sterk, goed)\n");
    t_run_free(&r);
}

Test(lang, a_word_that_is_not_one_is_refused_with_the_words_there_are)
{
    const char *db = t_noah_db();
    char *before = t_dump_db(db);
    struct t_run r = t_cli(NULL, "--db", db, "--lang", "nl", "person", "set",
                           "2026-014", "oma-ria", "--contact", "vaak", NULL);

    T_REFUSED(r, 1,
              "--contact moet een van deze zijn: dagelijks, wekelijks, "
              "maandelijks, jaarlijks, zelden (niet 'vaak')",
              db, before);
    t_run_free(&r);
    /* In English, a Dutch word is not one. */
    r = t_cli(NULL, "--db", db, "person", "set", "2026-014", "oma-ria",
              "--contact", "wekelijks", NULL);
    T_REFUSED(r, 1,
              "--contact must be one of: daily, weekly, monthly, yearly, "
              "rarely (not 'wekelijks')",
              db, before);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "--lang", "nl", "person", "set", "2026-014",
              "oma-ria", "--ring", "4", NULL);
    T_REFUSED(r, 1, "de cirkel (ring) moet 1, 2 of 3 zijn", db, before);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "--lang", "nl", "person", "set", "2026-014",
              "oma-ria", "--formal=misschien", NULL);
    T_REFUSED(r, 1, "--formal verwacht ja of nee, niet 'misschien'", db,
              before);
    t_run_free(&r);
    free(before);
}

/* One row of the score table: the name and the four numbers as written. */
struct row {
    char name[64], num[4][16];
};

static int score_rows(const char *out, struct row *rows, int max)
{
    const char *line = strchr(out, '\n');
    int n = 0;

    /* The title, an empty line and the heading come first; a row is the
     * rank, the name (one word or more), four numbers, and "yes" for the
     * nominated. */
    line = line ? strchr(line + 1, '\n') : NULL;
    line = line ? strchr(line + 1, '\n') : NULL;
    while (line != NULL && line[1] >= '1' && line[1] <= '9' && n < max) {
        char buf[256], *tok[16], *save = NULL, *t;
        int k = 0, i;
        size_t len = strcspn(line + 1, "\n");
        snprintf(buf, sizeof buf, "%.*s", (int)len, line + 1);
        for (t = strtok_r(buf, " ", &save); t && k < 16;
             t = strtok_r(NULL, " ", &save))
            tok[k++] = t;
        if (strcmp(tok[k - 1], "yes") == 0 || strcmp(tok[k - 1], "ja") == 0)
            k--;
        cr_assert(k >= 6, "a short row: %.*s", (int)len, line + 1);
        rows[n].name[0] = '\0';
        for (i = 1; i < k - 4; i++) {
            strcat(rows[n].name, tok[i]);
            strcat(rows[n].name, " ");
        }
        for (i = 0; i < 4; i++)
            snprintf(rows[n].num[i], sizeof rows[n].num[i], "%s",
                     tok[k - 4 + i]);
        n++;
        line = strchr(line + 1, '\n');
    }
    return n;
}

Test(lang, the_dutch_score_is_the_english_score_with_a_decimal_comma)
{
    const char *db = t_noah_db();
    struct t_run en = t_cli(NULL, "--db", db, "score", "2026-014", NULL);
    struct t_run nl =
        t_cli(NULL, "--db", db, "--lang", "nl", "score", "2026-014", NULL);
    struct row a[10], b[10];
    int n, m, i, k;

    OK(en);
    OK(nl);
    has(nl.out, "Kandidaat-mentoren voor Noah (2026-014)\n\nRANG  NAAM");
    has(nl.out, "SCORE  NABIJHEID  BESCHIKBAAR  INBEDDING  GEKOZEN\n");
    has(nl.out, "\n1. Oma Ria\n   + Noah noemt deze persoon als gewenste "
                "mentor.\n");
    has(nl.out, "   ! In conflict met Sanne de Vries, die bij Noah woont.\n");
    has(nl.out, "Geen kandidaat:\n");
    has(nl.out, "   - Een ouder: de JIM-aanpak zoekt een mentor naast de "
                "ouders, niet een van hen.\n");
    has(nl.out, "Een rangorde is een voorstel voor het gesprek: de jongere "
                "kiest.\n");
    n = score_rows(en.out, a, 10);
    m = score_rows(nl.out, b, 10);
    cr_assert_eq(n, 5, "%s", en.out);
    cr_assert_eq(m, n);
    for (i = 0; i < n; i++) {
        cr_assert_str_eq(a[i].name, b[i].name);
        for (k = 0; k < 4; k++) {
            char *dot = strchr(a[i].num[k], '.');
            cr_assert_not_null(dot, "%s", a[i].num[k]);
            *dot = ',';
            cr_assert_str_eq(a[i].num[k], b[i].num[k]);
        }
    }
    t_run_free(&en);
    t_run_free(&nl);
}

Test(lang, indicators_in_dutch)
{
    const char *db = t_noah_db();
    struct t_run r =
        t_cli(NULL, "--db", db, "--lang", "nl", "indicators", "2026-014", NULL);

    OK(r);
    has(r.out, "Het netwerk van Noah (2026-014)\n\n");
    /* Noah's people are in 7 parts of life, named in the model's order. */
    has(r.out, "Personen:    11 in 7 levensgebieden (huishouden, familie, "
               "vrienden, school, buurt, vrije_tijd, hulpverlening)\n");
    /* 12 ties among 11 people: 12 / 55 = 0.218... */
    has(r.out, "Wie kent wie: 12 verbindingen (1 in conflict), dichtheid "
               "0,22, ");
    has(r.out, "Om te bespreken:\n  - Een conflict tussen mensen in of rond "
               "het huishouden. (household_conflict)\n");
    t_run_free(&r);
}

Test(lang, the_mentor_choice_and_what_changed_in_dutch)
{
    const char *db = t_noah_db();
    struct t_run r;

    r = t_cli(NULL, "--db", db, "snapshot", "2026-014", "intake", "--taken",
              "2026-09-01T10:00:00Z", NULL);
    OK(r);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "--lang", "nl", "choose", "2026-014", "oma-ria",
              "--status", "ja_gezegd", "--date", "2026-10-01", NULL);
    OK(r);
    cr_assert_str_eq(r.out, "Oma Ria: ja_gezegd (2026-10-01)\n");
    cr_assert_str_eq(r.err, "kring: opmerking: 'ja_gezegd' volgt meestal op "
                            "'ouders_akkoord', en die is voor deze persoon "
                            "niet vastgelegd (toch vastgelegd)\n");
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "--json", "history", "2026-014", NULL);
    OK(r);
    has(r.out, "\"status\": \"accepted\"");
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "--lang", "nl", "history", "2026-014", NULL);
    OK(r);
    has(r.out, "Stappen in de keuze van de mentor:\n  2026-10-01  ja_gezegd ");
    t_run_free(&r);

    r = t_cli(NULL, "--db", db, "person", "set", "2026-014", "oma-ria",
              "--ring", "2", NULL);
    OK(r);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "--lang", "nl", "diff", "2026-014", "intake",
              NULL);
    OK(r);
    has(r.out, "Veranderingen in het netwerk van Noah (2026-014) van "
               "'intake' (2026-09-01T10:00:00Z) tot nu\n");
    has(r.out, "Van cirkel veranderd (1)\n  v Oma Ria: dichtbij -> midden\n");
    /* Oma Ria was the only adult outside the professionals in the inner
     * circle. */
    has(r.out, "Indicatoren die veranderd zijn:\n");
    has(r.out, "  volwassenen in de binnenste cirkel: 1 -> 0\n");
    t_run_free(&r);
}

Test(lang, json_does_not_change_with_the_language)
{
    const char *db = t_noah_db();
    static const char *const commands[][3] = {
        {"case", "show", "2026-014"},
        {"indicators", "2026-014", NULL},
        {"case", "list", NULL},
    };
    size_t i;

    for (i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        struct t_run en = t_cli(NULL, "--db", db, "--json", commands[i][0],
                                commands[i][1], commands[i][2], NULL);
        struct t_run nl =
            t_cli(NULL, "--db", db, "--json", "--lang", "nl", commands[i][0],
                  commands[i][1], commands[i][2], NULL);
        OK(en);
        OK(nl);
        cr_assert_str_eq(nl.out, en.out);
        t_run_free(&en);
        t_run_free(&nl);
    }
}

Test(lang, every_help_is_in_both_languages)
{
    static const char *const commands[][2] = {
        {"case", "new"},      {"case", "list"},    {"case", "show"},
        {"case", "rm"},       {"person", "add"},   {"person", "set"},
        {"person", "rm"},     {"tie", "add"},      {"tie", "rm"},
        {"import", NULL},     {"export", NULL},    {"score", NULL},
        {"indicators", NULL}, {"weights", NULL},   {"render", NULL},
        {"snapshot", NULL},   {"history", NULL},   {"diff", NULL},
        {"choose", NULL},     {"interview", NULL}, {"audit", NULL},
        {"backup", NULL},     {"check", NULL},     {"serve", NULL},
    };
    size_t i;

    for (i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        char en_start[64], nl_start[64];
        const char *a = commands[i][0], *b = commands[i][1];
        struct t_run en = b ? t_cli(NULL, a, b, "--help", NULL)
                            : t_cli(NULL, a, "--help", NULL);
        struct t_run nl = b ? t_cli(NULL, "--lang", "nl", a, b, "--help", NULL)
                            : t_cli(NULL, "--lang", "nl", a, "--help", NULL);
        snprintf(en_start, sizeof en_start, "usage: kring %s%s%s", a,
                 b ? " " : "", b ? b : "");
        snprintf(nl_start, sizeof nl_start, "gebruik: kring %s%s%s", a,
                 b ? " " : "", b ? b : "");
        OK(en);
        OK(nl);
        cr_assert(strncmp(en.out, en_start, strlen(en_start)) == 0 &&
                      strchr(" \n", en.out[strlen(en_start)]) != NULL,
                  "%s", en.out);
        cr_assert(strncmp(nl.out, nl_start, strlen(nl_start)) == 0 &&
                      strchr(" \n", nl.out[strlen(nl_start)]) != NULL,
                  "%s", nl.out);
        cr_assert_str_neq(en.out, nl.out);
        cr_assert_str_eq(en.err, "");
        cr_assert_str_eq(nl.err, "");
        t_run_free(&en);
        t_run_free(&nl);
    }
}

Test(lang, a_language_kring_does_not_speak_is_english_with_a_note)
{
    const char *db = t_noah_db();
    struct t_run r;

    setenv("LANG", "nl_NL.UTF-8", 1);
    r = t_cli(NULL, "--db", db, "--lang", "fr", "case", "list", NULL);
    OK(r);
    cr_assert_str_eq(r.err, "kring: note: no language 'fr': kring speaks nl "
                            "and en; going on in English\n");
    has(r.out, "CODE      NAME  BORN  PEOPLE  TIES\n2026-014  Noah  2012  "
               "11      12\n");
    t_run_free(&r);
    /* After the command, as --lang=VALUE, too. */
    r = t_cli(NULL, "--db", db, "case", "list", "--lang=xx", NULL);
    OK(r);
    cr_assert_str_eq(r.err, "kring: note: no language 'xx': kring speaks nl "
                            "and en; going on in English\n");
    has(r.out, "CODE      NAME");
    t_run_free(&r);
    /* With a region, Dutch is Dutch; without --lang, LANG decides. */
    r = t_cli(NULL, "--db", db, "case", "list", "--lang", "nl_BE", NULL);
    OK(r);
    cr_assert_str_eq(r.err, "");
    has(r.out, "CODE      NAAM  GEBOREN  PERSONEN  VERBINDINGEN\n");
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "case", "list", NULL);
    OK(r);
    has(r.out, "CODE      NAAM  GEBOREN");
    t_run_free(&r);
    /* A command-line error is still one, with its note first. */
    r = t_cli(NULL, "--lang", "xx", "case", "lis", NULL);
    cr_assert_eq(r.status, 2);
    cr_assert_str_eq(r.err, "kring: note: no language 'xx': kring speaks nl "
                            "and en; going on in English\n"
                            "kring: 'case lis' is not a kring command\n"
                            "(see 'kring --help')\n");
    t_run_free(&r);
}

/* What remains of TEXT without its escape sequences. */
static char *plain(const char *text)
{
    char *out = malloc(strlen(text) + 1), *o = out;

    while (*text) {
        if (*text == '\033') {
            text += strcspn(text, "m");
            if (*text)
                text++;
            continue;
        }
        *o++ = *text++;
    }
    *o = '\0';
    return out;
}

Test(lang, colour_only_on_a_terminal_that_takes_it)
{
    const char *db = t_noah_db();
    static const char *const commands[][2] = {
        {"score", "2026-014"},
        {"indicators", "2026-014"},
        {"case", "show"},
    };
    size_t i;

    for (i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        const char *last =
            strcmp(commands[i][0], "case") == 0 ? "2026-014" : NULL;
        struct t_run c = t_cli_colour(NULL, "--db", db, commands[i][0],
                                      commands[i][1], last, NULL);
        struct t_run p =
            t_cli(NULL, "--db", db, commands[i][0], commands[i][1], last, NULL);
        char *stripped;
        OK(c);
        OK(p);
        cr_assert(strchr(c.out, '\033') != NULL, "no colour in:\n%s", c.out);
        cr_assert(strchr(p.out, '\033') == NULL, "colour in:\n%s", p.out);
        /* The same text, the colour aside. */
        stripped = plain(c.out);
        cr_assert_str_eq(stripped, p.out);
        free(stripped);
        t_run_free(&c);
        t_run_free(&p);
    }
    {
        struct t_run c =
            t_cli_colour(NULL, "--db", db, "score", "2026-014", NULL);
        /* Headings bold; the sign of a reason, a warning and an exclusion
         * each in its colour, the text after it plain. */
        has(c.out, "\033[1mRANK  NAME");
        has(c.out, "   \033[32m+\033[0m Noah named this person");
        has(c.out, "   \033[33m!\033[0m In conflict with Sanne de Vries");
        has(c.out, "   \033[31m-\033[0m A parent: JIM practice");
        t_run_free(&c);
    }
}

Test(lang, one_tie_is_one_in_both_languages)
{
    char *dir = t_tmpdir();
    const char *db = t_db(dir, "k.db");
    struct t_run r;

    r = t_cli(NULL, "--db", db, "case", "new", "x", "--name", "X", NULL);
    OK(r);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "person", "add", "x", "A", "--role", "friend",
              "--ring", "1", NULL);
    OK(r);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "snapshot", "x", "one", NULL);
    OK(r);
    cr_assert_str_eq(r.out, "snapshot 'one' of case 'x': 1 person, 0 ties\n");
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "person", "add", "x", "B", "--role", "friend",
              "--ring", "1", NULL);
    OK(r);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "tie", "add", "x", "a", "b", NULL);
    OK(r);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "--lang", "nl", "snapshot", "x", "two", NULL);
    OK(r);
    cr_assert_str_eq(r.out, "momentopname 'two' van casus 'x': 2 personen, "
                            "1 verbinding\n");
    t_run_free(&r);
    free(dir);
}

/* jansson's words are English: in Dutch they come after a Dutch one. */
Test(lang, a_broken_case_file_is_said_in_dutch_too)
{
    char *dir = t_tmpdir();
    const char *db = t_db(dir, "k.db"), *file = t_path(dir, "t.json");
    struct t_run r;

    t_write(file, "{\"kring\": 1, \"case\": {\"code\": \"a\", \"name\": \"b\", "
                  "\"name\": \"c\"}}");
    r = t_cli(NULL, "--db", db, "--lang", "nl", "import", file, NULL);
    cr_assert_eq(r.status, 1);
    has(r.err, "t.json:1:54: een sleutel staat twee keer in hetzelfde object "
               "(duplicate object key near '\"name\"')\n");
    t_run_free(&r);
    t_write(file, "{\"kring\": 1");
    r = t_cli(NULL, "--db", db, "--lang", "nl", "import", file, NULL);
    cr_assert_eq(r.status, 1);
    has(r.err, "t.json:1:11: het bestand houdt te vroeg op ('}' expected "
               "near end of file)\n");
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "import", file, NULL);
    has(r.err, "t.json:1:11: '}' expected near end of file\n");
    t_run_free(&r);
    free(dir);
}
