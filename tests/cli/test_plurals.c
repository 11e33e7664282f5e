/* A count shown with a unit takes the unit's plural form as the language
 * says (ngettext): "1 minute", "2 minutes", "0 minutes"; Dutch "1 minuut",
 * "2 minuten", and "jaar", "uur" for any number. The sentences are typed
 * here from po/nl.po's rule (nplurals=2; plural=(n != 1)). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "helpers.h"
#include "kring/kring.h"

static void clean_environment(void)
{
    unsetenv("LANGUAGE");
    unsetenv("LC_ALL");
    unsetenv("LC_MESSAGES");
    unsetenv("LANG");
}

TestSuite(plurals, .init = clean_environment);

/* A case of one person, Oma, around Noah. */
static kring_case *one_person(void)
{
    static const char text[] =
        "{\"kring\": 1, \"case\": {\"code\": \"a\", \"name\": \"Noah\"}, "
        "\"people\": [{\"id\": \"oma\", \"name\": \"Oma\", \"role\": "
        "\"grandparent\", \"ring\": 1}]}";
    kring_case *c = NULL;
    kring_error err;

    cr_assert_eq(kring_casefile_parse(text, strlen(text), "t.json", &c, &err),
                 KRING_OK, "%s", err.text);
    return c;
}

enum what { REASON, WARNING, EXCLUSION };

/* The sentence of kind WHAT number V for C's first person in LANG. */
static const char *sentence(const char *lang, const kring_case *c,
                            enum what what, int v, char *buf, size_t cap)
{
    kring_candidate k;

    memset(&k, 0, sizeof k);
    kring_i18n_init(lang);
    if (what == REASON)
        return kring_reason_text(c, &k, (kring_reason)v, buf, cap);
    if (what == WARNING)
        return kring_warning_text(c, &k, (kring_warning)v, buf, cap);
    return kring_exclusion_text(c, &k, (kring_exclusion)v, NULL, buf, cap);
}

Test(plurals, reasons_count_minutes_years_and_hours)
{
    static const struct {
        const char *lang;
        int field; /* 0 travel, 1 known years, 2 hours, 3 age */
        double v;
        enum what what;
        int kind;
        const char *want;
    } cases[] = {
        {"en", 0, 1, REASON, KRING_REASON_CLOSE_BY,
         "Lives close by: 1 minute away."},
        {"en", 0, 2, REASON, KRING_REASON_CLOSE_BY,
         "Lives close by: 2 minutes away."},
        {"en", 0, 0, REASON, KRING_REASON_CLOSE_BY,
         "Lives close by: 0 minutes away."},
        {"nl", 0, 1, REASON, KRING_REASON_CLOSE_BY,
         "Woont dichtbij: op 1 minuut afstand."},
        {"nl", 0, 2, REASON, KRING_REASON_CLOSE_BY,
         "Woont dichtbij: op 2 minuten afstand."},
        {"nl", 0, 0, REASON, KRING_REASON_CLOSE_BY,
         "Woont dichtbij: op 0 minuten afstand."},
        {"en", 0, 1, WARNING, KRING_WARN_FAR_AWAY,
         "Lives 1 minute away: far for meeting regularly."},
        {"en", 0, 2, WARNING, KRING_WARN_FAR_AWAY,
         "Lives 2 minutes away: far for meeting regularly."},
        {"nl", 0, 1, WARNING, KRING_WARN_FAR_AWAY,
         "Woont op 1 minuut afstand: ver om elkaar geregeld te zien."},
        {"nl", 0, 2, WARNING, KRING_WARN_FAR_AWAY,
         "Woont op 2 minuten afstand: ver om elkaar geregeld te zien."},
        {"en", 1, 1, REASON, KRING_REASON_KNOWN_YEARS,
         "Has known Noah for 1 year."},
        {"en", 1, 2, REASON, KRING_REASON_KNOWN_YEARS,
         "Has known Noah for 2 years."},
        {"en", 1, 0, REASON, KRING_REASON_KNOWN_YEARS,
         "Has known Noah for 0 years."},
        {"en", 1, 1.5, REASON, KRING_REASON_KNOWN_YEARS,
         "Has known Noah for 1.5 years."},
        {"nl", 1, 1, REASON, KRING_REASON_KNOWN_YEARS, "Kent Noah al 1 jaar."},
        {"nl", 1, 2, REASON, KRING_REASON_KNOWN_YEARS, "Kent Noah al 2 jaar."},
        {"nl", 1, 0.5, REASON, KRING_REASON_KNOWN_YEARS,
         "Kent Noah al 0,5 jaar."},
        {"en", 2, 1, REASON, KRING_REASON_HOURS, "Has about 1 hour a week."},
        {"en", 2, 2, REASON, KRING_REASON_HOURS, "Has about 2 hours a week."},
        {"en", 2, 0.5, REASON, KRING_REASON_HOURS,
         "Has about 0.5 hours a week."},
        {"nl", 2, 1, REASON, KRING_REASON_HOURS,
         "Heeft ongeveer 1 uur per week."},
        {"nl", 2, 2, REASON, KRING_REASON_HOURS,
         "Heeft ongeveer 2 uur per week."},
        {"en", 3, 1, EXCLUSION, KRING_EXCL_MINOR,
         "1 year old: a mentor is at least 18."},
        {"en", 3, 2, EXCLUSION, KRING_EXCL_MINOR,
         "2 years old: a mentor is at least 18."},
        {"en", 3, 0, EXCLUSION, KRING_EXCL_MINOR,
         "0 years old: a mentor is at least 18."},
        {"nl", 3, 1, EXCLUSION, KRING_EXCL_MINOR,
         "1 jaar oud: een mentor is minstens 18."},
        {"nl", 3, 2, EXCLUSION, KRING_EXCL_MINOR,
         "2 jaar oud: een mentor is minstens 18."},
    };
    kring_case *c = one_person();
    kring_person *p = &c->people[0];
    char buf[300];
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (cases[i].field == 0)
            p->travel_minutes = (int)cases[i].v;
        else if (cases[i].field == 1)
            p->known_years = cases[i].v;
        else if (cases[i].field == 2)
            p->hours_per_week = cases[i].v;
        else
            p->age = (int)cases[i].v;
        cr_assert_str_eq(sentence(cases[i].lang, c, cases[i].what,
                                  cases[i].kind, buf, sizeof buf),
                         cases[i].want, "case %zu", i);
    }
    kring_i18n_init("en");
    kring_case_free(c);
}

/* A database with case t: Noah, Oma and Bas, and TIES ties between them
 * (0 or 1). */
static const char *small_db(int ties)
{
    char *dir = t_tmpdir();
    const char *db = t_db(dir, "k.db");
    static char path[4096];
    struct t_run r;

    snprintf(path, sizeof path, "%s", db);
    free(dir);
    r = t_cli(NULL, "--db", path, "case", "new", "t", "--name", "Noah", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    t_run_free(&r);
    r = t_cli(NULL, "--db", path, "person", "add", "t", "Oma", "--role",
              "grandparent", "--ring", "1", "--travel-minutes", "1", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    t_run_free(&r);
    r = t_cli(NULL, "--db", path, "person", "add", "t", "Bas", "--role",
              "coach", "--ring", "2", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    t_run_free(&r);
    if (ties) {
        r = t_cli(NULL, "--db", path, "tie", "add", "t", "oma", "bas", NULL);
        cr_assert_eq(r.status, 0, "%s", r.err);
        t_run_free(&r);
    }
    return path;
}

static void has(const char *text, const char *part)
{
    cr_assert(strstr(text, part) != NULL, "no '%s' in:\n%s", part, text);
}

Test(plurals, indicators_count_one_tie_and_none)
{
    const char *db = small_db(1);
    struct t_run r;

    r = t_cli(NULL, "--db", db, "indicators", "t", NULL);
    has(r.out, "Who knows whom: 1 tie (0 in conflict), density ");
    has(r.out, "People:      2 in 2 parts of life (");
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "person", "set", "t", "bas", "--sector",
              "family", NULL);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "indicators", "t", NULL);
    has(r.out, "People:      2 in 1 part of life (family)");
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "--lang", "nl", "indicators", "t", NULL);
    has(r.out, "Personen:    2 in 1 levensgebied (familie)");
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "--lang", "nl", "indicators", "t", NULL);
    has(r.out, "Wie kent wie: 1 verbinding (0 in conflict), dichtheid ");
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "tie", "rm", "t", "oma", "bas", NULL);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "indicators", "t", NULL);
    has(r.out, "Who knows whom: 0 ties (0 in conflict)");
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "--lang", "nl", "indicators", "t", NULL);
    has(r.out, "Wie kent wie: 0 verbindingen (0 in conflict)");
    t_run_free(&r);
}

Test(plurals, case_rm_asks_about_one_person_and_one_tie)
{
    const char *db = small_db(1);
    struct t_run r;

    r = t_cli(NULL, "--db", db, "person", "rm", "t", "bas", NULL);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "person", "add", "t", "Bas", "--role", "coach",
              "--ring", "2", NULL);
    t_run_free(&r);
    r = t_cli_tty("n\n", "--db", db, "case", "rm", "t", NULL);
    cr_assert_str_eq(r.err, "remove case 't' (Noah) with 2 people and 0 ties? "
                            "This cannot be undone. [y/N] kring: case 't' "
                            "was not removed\n");
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "tie", "add", "t", "oma", "bas", NULL);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "person", "rm", "t", "bas", NULL);
    t_run_free(&r);
    r = t_cli_tty("n\n", "--db", db, "case", "rm", "t", NULL);
    cr_assert_str_eq(r.err, "remove case 't' (Noah) with 1 person and 0 ties? "
                            "This cannot be undone. [y/N] kring: case 't' "
                            "was not removed\n");
    t_run_free(&r);
    r = t_cli_tty("n\n", "--db", db, "--lang", "nl", "case", "rm", "t", NULL);
    has(r.err, "casus 't' (Noah) met 1 persoon en 0 verbindingen "
               "verwijderen?");
    t_run_free(&r);
}

/* The date D days before today, as YYYY-MM-DD. */
static void days_ago(int d, char *buf, size_t cap)
{
    time_t t = time(NULL) - (time_t)d * 86400;
    struct tm tm;

    localtime_r(&t, &tm);
    strftime(buf, cap, "%Y-%m-%d", &tm);
}

Test(plurals, the_days_of_the_mentor_choice)
{
    const char *db = small_db(0);
    char yesterday[16], taken[40];
    struct t_run r;

    days_ago(1, yesterday, sizeof yesterday);
    snprintf(taken, sizeof taken, "%sT12:00:00Z", yesterday);
    r = t_cli(NULL, "--db", db, "snapshot", "t", "intake", "--taken", taken,
              NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    t_run_free(&r);
    /* Chosen the day of the intake: 0 days after it, 1 day ago. */
    r = t_cli(NULL, "--db", db, "choose", "t", "oma", "--date", yesterday,
              NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "case", "show", "t", NULL);
    has(r.out, ", 0 days after the intake\n");
    has(r.out, "  1 day since the intake (");
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "--lang", "nl", "case", "show", "t", NULL);
    has(r.out, ", 0 dagen na de intake\n");
    has(r.out, "  1 dag sinds de intake (");
    t_run_free(&r);
}
