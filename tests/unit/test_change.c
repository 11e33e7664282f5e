/* The changes a user makes (include/kring/change.h) and a person's fields
 * from their text (kring_person_set_field()). The answers are the sample's
 * values changed by hand. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "kring/kring.h"

#define NOAH "samples/2026-014-noah.json"

static kring_store *noah_store(char **dir)
{
    kring_store *s = NULL;
    kring_case *c = NULL;
    kring_error err;

    *dir = t_tmpdir();
    cr_assert_eq(kring_casefile_load(NOAH, &c, &err), KRING_OK, "%s", err.text);
    cr_assert_eq(kring_store_open(t_db(*dir, "k.db"), 0, &s, &err), KRING_OK,
                 "%s", err.text);
    cr_assert_eq(kring_store_put_case(s, c, false, &err), KRING_OK);
    kring_case_free(c);
    return s;
}

static kring_case *load(kring_store *s)
{
    kring_case *c = NULL;
    kring_error err;

    cr_assert_eq(kring_store_load_network(s, "2026-014", &c, &err), KRING_OK,
                 "%s", err.text);
    return c;
}

static const kring_person *person(const kring_case *c, const char *id)
{
    long at = kring_case_find_id(c, id);

    cr_assert_geq(at, 0, "%s", id);
    return &c->people[at];
}

/* The changes in the audit log of case 2026-014. */
static size_t changes(kring_store *s, kring_audit_entry **out)
{
    kring_error err;
    size_t n = 0;

    cr_assert_eq(kring_store_audit(s, "2026-014", KRING_AUDIT_CHANGES, NULL,
                                   out, &n, &err),
                 KRING_OK, "%s", err.text);
    return n;
}

Test(change, a_person_set_is_made_logged_under_the_actor_and_given_back)
{
    char *dir;
    kring_store *s = noah_store(&dir);
    const kring_actor alice = {"alice", "serve: person set"};
    const kring_field f[] = {{"ring", "2"}, {"age", "70"}, {"formal", NULL}};
    kring_audit_entry *log = NULL;
    kring_case *c = NULL;
    kring_error err;
    size_t at = 99, n;

    cr_assert_eq(kring_change_person_set(s, &alice, "2026-014", "Oma Ria", f, 3,
                                         NULL, &c, &at, &err),
                 KRING_OK, "%s", err.text);
    cr_assert_eq(at, 3);
    cr_assert_str_eq(c->people[at].id, "oma-ria");
    cr_assert_eq(c->people[at].ring, 2);
    cr_assert_eq(c->people[at].age, 70);
    cr_assert(c->people[at].formal);
    kring_case_free(c);
    c = load(s);
    cr_assert_eq(person(c, "oma-ria")->ring, 2);
    cr_assert_eq(person(c, "oma-ria")->age, 70);
    kring_case_free(c);
    n = changes(s, &log);
    cr_assert_geq(n, 2);
    cr_assert_str_eq(log[n - 1].event, "person changed");
    cr_assert_str_eq(log[n - 1].user, "alice");
    cr_assert_str_eq(log[n - 1].command, "serve: person set");
    cr_assert_str_eq(log[n - 2].event, "case stored");
    cr_assert_str_neq(log[n - 2].user, "alice");
    kring_audit_free(log, n);
    /* Without a user, the account kring runs as again. */
    const kring_actor plain = {NULL, NULL};
    const kring_field g[] = {{"ring", "3"}};
    cr_assert_eq(kring_change_person_set(s, &plain, "2026-014", "oma-ria", g, 1,
                                         NULL, NULL, NULL, &err),
                 KRING_OK, "%s", err.text);
    n = changes(s, &log);
    cr_assert_str_eq(log[n - 1].user, log[0].user);
    cr_assert_str_eq(log[n - 1].command, "serve: person set");
    kring_audit_free(log, n);
    kring_store_close(s);
    free(dir);
}

Test(change, a_wrong_field_changes_nothing_and_says_which)
{
    char *dir;
    kring_store *s = noah_store(&dir);
    const kring_field f[] = {{"ring", "2"}, {"age", "old"}};
    const kring_field g[] = {{"ring", "4"}};
    const kring_field h[] = {{"ring", "2"}, {"hair", "red"}};
    kring_audit_entry *log = NULL;
    kring_case *c = NULL;
    kring_error err;
    size_t before = changes(s, &log), n;

    kring_audit_free(log, before);
    cr_assert_eq(kring_change_person_set(s, NULL, "2026-014", "oma-ria", f, 2,
                                         NULL, &c, NULL, &err),
                 KRING_ERR_INVALID);
    cr_assert_str_eq(err.text, "--age must be a whole number, not 'old'");
    cr_assert_null(c);
    cr_assert_eq(kring_change_person_set(s, NULL, "2026-014", "oma-ria", g, 1,
                                         NULL, NULL, NULL, &err),
                 KRING_ERR_INVALID);
    cr_assert_str_eq(err.text, "ring must be 1, 2 or 3");
    cr_assert_eq(kring_change_person_set(s, NULL, "2026-014", "oma-ria", h, 2,
                                         NULL, NULL, NULL, &err),
                 KRING_ERR_INVALID);
    cr_assert_str_eq(err.text, "a person has no field 'hair'");
    cr_assert_eq(kring_change_person_set(s, NULL, "2026-999", "oma-ria", g, 1,
                                         NULL, NULL, NULL, &err),
                 KRING_ERR_NOT_FOUND);
    c = load(s);
    cr_assert_eq(person(c, "oma-ria")->ring, 1);
    cr_assert_eq(person(c, "oma-ria")->age, 67);
    kring_case_free(c);
    n = changes(s, &log);
    cr_assert_eq(n, before, "nothing logged");
    kring_audit_free(log, n);
    /* And the store is free again: no transaction was left open. */
    cr_assert(kring_store_reusable(s, t_db(dir, "k.db")));
    kring_store_close(s);
    free(dir);
}

Test(change, a_form_read_before_a_change_is_refused)
{
    char *dir;
    kring_store *s = noah_store(&dir);
    const kring_field f[] = {{"ring", "3"}};
    const kring_field g[] = {{"ring", "2"}};
    char read[KRING_VERSION_LEN + 1], now[KRING_VERSION_LEN + 1];
    kring_case *c = load(s);
    kring_error err;

    kring_person_version(person(c, "oma-ria"), read);
    kring_case_free(c);
    cr_assert_eq(strlen(read), 16);
    /* The version it was read at: made. */
    cr_assert_eq(kring_change_person_set(s, NULL, "2026-014", "oma-ria", f, 1,
                                         read, NULL, NULL, &err),
                 KRING_OK, "%s", err.text);
    c = load(s);
    kring_person_version(person(c, "oma-ria"), now);
    kring_case_free(c);
    cr_assert_str_neq(now, read);
    /* Again at the old version: someone else changed her since. */
    cr_assert_eq(kring_change_person_set(s, NULL, "2026-014", "oma-ria", g, 1,
                                         read, NULL, NULL, &err),
                 KRING_ERR_CONFLICT);
    cr_assert_str_eq(err.text, "'Oma Ria' has changed since this form was "
                               "opened; nothing was saved");
    cr_assert_eq(kring_change_person_rm(s, NULL, "2026-014", "oma-ria", read,
                                        NULL, NULL, &err),
                 KRING_ERR_CONFLICT);
    cr_assert_str_eq(err.text, "'Oma Ria' has changed since this page was "
                               "opened; nothing was removed");
    c = load(s);
    cr_assert_eq(person(c, "oma-ria")->ring, 3);
    kring_case_free(c);
    /* At the version now: removed, with her ties; what was removed is in
     * the case given back. */
    size_t at = 0;
    cr_assert_eq(kring_change_person_rm(s, NULL, "2026-014", "oma-ria", now, &c,
                                        &at, &err),
                 KRING_OK, "%s", err.text);
    cr_assert_str_eq(c->people[at].name, "Oma Ria");
    cr_assert_eq(c->n_people, 11);
    kring_case_free(c);
    c = load(s);
    cr_assert_eq(c->n_people, 10);
    cr_assert_eq(c->n_ties, 12 - 4, "her four ties went with her");
    kring_case_free(c);
    kring_store_close(s);
    free(dir);
}

Test(change, a_person_is_added_from_fields)
{
    char *dir;
    kring_store *s = noah_store(&dir);
    const kring_field f[] = {{"name", "Juf Anne"},
                             {"role", "teacher"},
                             {"ring", "2"},
                             {"support", "emotional,practical"},
                             {"youth-note", ""}};
    const kring_field no_ring[] = {{"name", "X"}, {"role", "friend"}};
    const kring_field bad_role[] = {{"name", "X"}, {"role", "wizard"}};
    kring_person p;
    kring_case *c = NULL;
    kring_error err;

    cr_assert_eq(kring_person_from_fields(&p, no_ring, 2, &err),
                 KRING_ERR_INVALID);
    cr_assert_str_eq(err.text, "person add needs --role and --ring");
    cr_assert_eq(kring_person_from_fields(&p, bad_role, 2, &err),
                 KRING_ERR_INVALID);
    cr_assert(strncmp(err.text, "--role must be one of: parent, ", 31) == 0,
              "%s", err.text);
    cr_assert_eq(kring_person_from_fields(&p, f, 5, &err), KRING_OK, "%s",
                 err.text);
    /* A teacher's defaults (docs/case-file.md): school, not a paid care
     * professional; the fields then. */
    cr_assert_eq(p.sector, KRING_SECTOR_SCHOOL);
    cr_assert(!p.formal);
    cr_assert_eq(p.ring, 2);
    cr_assert_eq(p.support,
                 (unsigned)(KRING_SUPPORT_EMOTIONAL | KRING_SUPPORT_PRACTICAL));
    cr_assert_null(p.youth_note, "an empty line is none");
    cr_assert_str_eq(p.notes, "");
    cr_assert_eq(kring_change_person_add(s, NULL, "2026-014", &p, &c, &err),
                 KRING_OK, "%s", err.text);
    cr_assert_null(p.name, "moved into the case");
    cr_assert_eq(c->n_people, 12);
    cr_assert_str_eq(c->people[11].id, "juf-anne");
    kring_case_free(c);
    c = load(s);
    cr_assert_eq(person(c, "juf-anne")->ring, 2);
    kring_case_free(c);
    kring_person_release(&p);
    kring_store_close(s);
    free(dir);
}

Test(change, ties_are_added_once_and_removed)
{
    char *dir;
    kring_store *s = noah_store(&dir);
    kring_case *c = NULL;
    kring_error err;

    cr_assert_eq(kring_change_tie_add(s, NULL, "2026-014", "daan", "Lotte",
                                      KRING_STRENGTH_STRONG, KRING_TIE_MIXED,
                                      &c, &err),
                 KRING_OK, "%s", err.text);
    cr_assert_eq(c->n_ties, 13);
    cr_assert_str_eq(c->ties[12].a, "daan");
    cr_assert_str_eq(c->ties[12].b, "lotte");
    cr_assert_eq(c->ties[12].strength, KRING_STRENGTH_STRONG);
    cr_assert_eq(c->ties[12].quality, KRING_TIE_MIXED);
    kring_case_free(c);
    cr_assert_eq(kring_change_tie_add(s, NULL, "2026-014", "lotte", "daan",
                                      KRING_STRENGTH_WEAK, KRING_TIE_POSITIVE,
                                      NULL, &err),
                 KRING_ERR_EXISTS);
    cr_assert_eq(kring_change_tie_rm(s, NULL, "2026-014", "daan", "lotte", NULL,
                                     NULL, &err),
                 KRING_OK, "%s", err.text);
    cr_assert_eq(kring_change_tie_rm(s, NULL, "2026-014", "daan", "lotte", NULL,
                                     NULL, &err),
                 KRING_ERR_NOT_FOUND);
    c = load(s);
    cr_assert_eq(c->n_ties, 12);
    kring_case_free(c);
    kring_store_close(s);
    free(dir);
}

/* A tie changed keeps its place among the ties; one changed since a page
 * read it is neither changed nor removed. The version is the pair's in
 * either order, and changes with its strength or quality. */
Test(change, a_tie_is_changed_in_place_and_a_stale_tie_is_kept)
{
    char *dir, was[KRING_VERSION_LEN + 1], swapped[KRING_VERSION_LEN + 1];
    kring_store *s = noah_store(&dir);
    kring_case *c = load(s);
    kring_audit_entry *log = NULL;
    kring_tie t = c->ties[5]; /* oma-ria and lotte: weak, positive */
    kring_error err;
    size_t n = changes(s, &log);

    cr_assert_str_eq(t.a, "oma-ria");
    cr_assert_str_eq(t.b, "lotte");
    kring_tie_version(&t, was);
    t.a = c->ties[5].b;
    t.b = c->ties[5].a;
    kring_tie_version(&t, swapped);
    cr_assert_str_eq(was, swapped);
    kring_case_free(c);
    kring_audit_free(log, n);
    cr_assert_eq(kring_change_tie_set(s, NULL, "2026-014", "lotte", "Oma Ria",
                                      KRING_STRENGTH_STRONG, KRING_TIE_MIXED,
                                      was, &c, &err),
                 KRING_OK, "%s", err.text);
    cr_assert_eq(c->n_ties, 12);
    kring_case_free(c);
    c = load(s);
    cr_assert_eq(c->n_ties, 12);
    cr_assert_str_eq(c->ties[5].a, "oma-ria");
    cr_assert_eq(c->ties[5].strength, KRING_STRENGTH_STRONG);
    cr_assert_eq(c->ties[5].quality, KRING_TIE_MIXED);
    kring_tie_version(&c->ties[5], swapped);
    cr_assert_str_neq(was, swapped);
    kring_case_free(c);
    cr_assert_eq(changes(s, &log), n + 1);
    cr_assert_str_eq(log[n].event, "tie changed");
    kring_audit_free(log, n + 1);
    /* Read before that change: refused, and nothing is lost. */
    cr_assert_eq(kring_change_tie_set(s, NULL, "2026-014", "oma-ria", "lotte",
                                      KRING_STRENGTH_WEAK, KRING_TIE_CONFLICT,
                                      was, NULL, &err),
                 KRING_ERR_CONFLICT);
    cr_assert(strstr(err.text, "nothing was saved") != NULL, "%s", err.text);
    cr_assert_eq(kring_change_tie_rm(s, NULL, "2026-014", "oma-ria", "lotte",
                                     was, NULL, &err),
                 KRING_ERR_CONFLICT);
    cr_assert(strstr(err.text, "nothing was removed") != NULL, "%s", err.text);
    c = load(s);
    cr_assert_eq(c->n_ties, 12);
    cr_assert_eq(c->ties[5].quality, KRING_TIE_MIXED);
    kring_case_free(c);
    /* What is not given stays as it is. */
    cr_assert_eq(kring_change_tie_set(s, NULL, "2026-014", "oma-ria", "lotte",
                                      (kring_strength)-1, KRING_TIE_CONFLICT,
                                      NULL, NULL, &err),
                 KRING_OK, "%s", err.text);
    c = load(s);
    cr_assert_eq(c->ties[5].strength, KRING_STRENGTH_STRONG);
    cr_assert_eq(c->ties[5].quality, KRING_TIE_CONFLICT);
    kring_case_free(c);
    /* No such tie, and no such strength. */
    cr_assert_eq(kring_change_tie_set(s, NULL, "2026-014", "daan", "lotte",
                                      KRING_STRENGTH_WEAK, KRING_TIE_POSITIVE,
                                      NULL, NULL, &err),
                 KRING_ERR_NOT_FOUND);
    cr_assert_eq(kring_change_tie_set(s, NULL, "2026-014", "oma-ria", "lotte",
                                      (kring_strength)7, KRING_TIE_POSITIVE,
                                      NULL, NULL, &err),
                 KRING_ERR_INVALID);
    kring_store_close(s);
    free(dir);
}

Test(fields, each_field_from_its_text)
{
    kring_person p;
    kring_error err;

    kring_person_init(&p, KRING_ROLE_FRIEND, 2);
    cr_assert_eq(kring_person_set_field(&p, "known-years", "4.5", &err),
                 KRING_OK);
    cr_assert_float_eq(p.known_years, 4.5, 1e-12);
    cr_assert_eq(kring_person_set_field(&p, "known-years", "4.55", &err),
                 KRING_ERR_INVALID);
    cr_assert_eq(kring_person_set_field(&p, "hours-per-week", "", &err),
                 KRING_OK);
    cr_assert_float_eq(p.hours_per_week, -1, 1e-12);
    cr_assert_eq(kring_person_set_field(&p, "contact", "", &err), KRING_OK);
    cr_assert_eq(p.contact, 0);
    cr_assert_eq(kring_person_set_field(&p, "adult", "", &err), KRING_OK);
    cr_assert_eq(p.adult, -1);
    cr_assert_eq(kring_person_set_field(&p, "adult", "no", &err), KRING_OK);
    cr_assert_eq(p.adult, 0);
    cr_assert_eq(kring_person_set_field(&p, "frightens", NULL, &err), KRING_OK);
    cr_assert(p.frightens);
    cr_assert_eq(kring_person_set_field(&p, "frightens", "maybe", &err),
                 KRING_ERR_INVALID);
    cr_assert_str_eq(err.text, "--frightens takes yes or no, not 'maybe'");
    cr_assert(p.frightens, "unchanged");
    cr_assert_eq(kring_person_set_field(&p, "age", NULL, &err),
                 KRING_ERR_INVALID);
    cr_assert_str_eq(err.text, "--age needs a value");
    cr_assert_eq(kring_person_set_field(&p, "youth-note", "Hoi", &err),
                 KRING_OK);
    cr_assert_str_eq(p.youth_note, "Hoi");
    cr_assert_eq(kring_person_set_field(&p, "youth-note", "", &err), KRING_OK);
    cr_assert_null(p.youth_note);
    kring_person_release(&p);
}

static size_t choices(kring_store *s)
{
    kring_case *c = NULL;
    kring_error err;
    size_t n;

    cr_assert_eq(kring_store_load_case(s, "2026-014", &c, &err), KRING_OK);
    n = c->n_choices;
    kring_case_free(c);
    return n;
}

Test(change, a_choice_against_jim_practice_takes_force)
{
    char *dir;
    kring_store *s = noah_store(&dir);
    kring_choose_notes notes;
    kring_case *c = NULL;
    kring_error err;
    size_t at = 0;

    /* A parent is not a JIM: refused, nothing recorded or nominated. */
    cr_assert_eq(kring_change_choose(s, NULL, "2026-014", "mama",
                                     KRING_CHOICE_ASKED, "2026-03-01", NULL,
                                     false, &notes, NULL, NULL, &err),
                 KRING_ERR_INVALID);
    cr_assert(
        strncmp(err.text,
                "Sanne de Vries cannot be a mentor in JIM practice: ", 51) == 0,
        "%s", err.text);
    cr_assert_not_null(strstr(err.text, " Record it anyway with --force."));
    cr_assert_eq(choices(s), 0);
    c = load(s);
    cr_assert(!person(c, "mama")->nominated);
    kring_case_free(c);
    /* Declined needs no force. */
    cr_assert_eq(kring_change_choose(s, NULL, "2026-014", "mama",
                                     KRING_CHOICE_DECLINED, "2026-03-01", NULL,
                                     false, &notes, NULL, NULL, &err),
                 KRING_OK, "%s", err.text);
    cr_assert_str_eq(notes.against, "");
    cr_assert_eq(choices(s), 1);
    c = load(s);
    cr_assert(!person(c, "mama")->nominated, "declined is no nomination");
    kring_case_free(c);
    /* With force: recorded, and why it is advised against is said. */
    cr_assert_eq(kring_change_choose(s, NULL, "2026-014", "mama",
                                     KRING_CHOICE_ASKED, "2026-03-02", "ok",
                                     true, &notes, &c, &at, &err),
                 KRING_OK, "%s", err.text);
    cr_assert_neq(notes.against[0], '\0');
    cr_assert_str_eq(notes.date, "2026-03-02");
    cr_assert_str_eq(c->people[at].id, "mama");
    kring_case_free(c);
    c = load(s);
    cr_assert(person(c, "mama")->nominated, "chosen is nominated");
    kring_case_free(c);
    cr_assert_eq(choices(s), 2);
    /* A date that is none: refused before anything is read. */
    cr_assert_eq(kring_change_choose(s, NULL, "2026-014", "oma-ria",
                                     KRING_CHOICE_ASKED, "2026-02-30", NULL,
                                     false, NULL, NULL, NULL, &err),
                 KRING_ERR_INVALID);
    cr_assert_str_eq(err.text,
                     "--date must be a date as YYYY-MM-DD, not '2026-02-30'");
    /* Oma Ria: nothing against her; today when no date is given. */
    cr_assert_eq(kring_change_choose(s, NULL, "2026-014", "Oma Ria",
                                     KRING_CHOICE_ASKED, NULL, NULL, false,
                                     &notes, NULL, NULL, &err),
                 KRING_OK, "%s", err.text);
    cr_assert_str_eq(notes.against, "");
    cr_assert(kring_date_valid(notes.date), "%s", notes.date);
    cr_assert_eq(choices(s), 3);
    kring_store_close(s);
    free(dir);
}

Test(change, a_snapshot_once_per_label_and_a_case_removed)
{
    char *dir;
    kring_store *s = noah_store(&dir);
    const kring_actor who = {"bob", "snapshot"};
    kring_audit_entry *log = NULL;
    kring_snapshot sn;
    kring_case *c = NULL;
    kring_error err;
    size_t n;

    cr_assert_eq(kring_change_snapshot(s, &who, "2026-014", "intake",
                                       "2026-01-05T10:00:00Z", &sn, &err),
                 KRING_OK, "%s", err.text);
    cr_assert_str_eq(sn.label, "intake");
    cr_assert_eq(sn.n_people, 11);
    cr_assert_eq(sn.n_ties, 12);
    kring_snapshot_release(&sn);
    cr_assert_eq(
        kring_change_snapshot(s, NULL, "2026-014", "intake", NULL, NULL, &err),
        KRING_ERR_EXISTS);
    n = changes(s, &log);
    cr_assert_str_eq(log[n - 1].event, "snapshot taken");
    cr_assert_str_eq(log[n - 1].user, "bob");
    kring_audit_free(log, n);
    cr_assert_eq(kring_change_case_rm(s, &who, "2026-014", &err), KRING_OK,
                 "%s", err.text);
    cr_assert_eq(kring_store_load_network(s, "2026-014", &c, &err),
                 KRING_ERR_NOT_FOUND);
    cr_assert_eq(kring_change_case_rm(s, &who, "2026-014", &err),
                 KRING_ERR_NOT_FOUND);
    kring_store_close(s);
    free(dir);
}

Test(change, an_id_is_never_changed_and_a_kept_store_forgets_the_actor)
{
    char *dir;
    kring_store *s = noah_store(&dir);
    const char *db = t_db(dir, "k.db");
    const kring_field f[] = {{"ring", "2"}, {"id", "mama"}};
    const kring_field g[] = {{"ring", "2"}};
    const kring_actor alice = {"alice", "person set"};
    kring_audit_entry *log = NULL;
    kring_case *c = NULL;
    kring_error err;
    size_t n;

    /* An id named in the fields would point the change at another
     * person's row. */
    cr_assert_eq(kring_change_person_set(s, NULL, "2026-014", "oma-ria", f, 2,
                                         NULL, NULL, NULL, &err),
                 KRING_ERR_INVALID);
    cr_assert_str_eq(err.text, "a person's id cannot be changed");
    c = load(s);
    cr_assert_eq(person(c, "oma-ria")->ring, 1);
    cr_assert_eq(person(c, "mama")->ring, 1);
    kring_case_free(c);
    kring_store_close(s);
    /* A store kept for the thread's next request: alice made a change
     * with it; whoever uses it next is not logged as alice. */
    kring_store_keep_open(1);
    cr_assert_eq(kring_store_open(db, 0, &s, &err), KRING_OK, "%s", err.text);
    cr_assert_eq(kring_change_person_set(s, &alice, "2026-014", "oma-ria", g, 1,
                                         NULL, NULL, NULL, &err),
                 KRING_OK, "%s", err.text);
    kring_store_close(s);
    cr_assert_eq(kring_store_open(db, 0, &s, &err), KRING_OK, "%s", err.text);
    cr_assert_eq(kring_change_person_set(s, NULL, "2026-014", "mama", g, 1,
                                         NULL, NULL, NULL, &err),
                 KRING_OK, "%s", err.text);
    n = changes(s, &log);
    cr_assert_str_eq(log[n - 2].user, "alice");
    cr_assert_str_neq(log[n - 1].user, "alice");
    cr_assert_str_eq(log[n - 1].user, log[0].user);
    cr_assert_str_eq(log[n - 1].command, "kring");
    kring_audit_free(log, n);
    kring_store_close(s);
    kring_store_keep_open(0);
    free(dir);
}

/* The guided interview's two changes: a person changed in memory, stored
 * whole, and the interview's step in the case's x- keys. */
Test(change, an_interview_stores_a_person_whole_and_its_step)
{
    char *dir;
    kring_store *s = noah_store(&dir);
    const kring_actor bob = {"bob", "interview"};
    kring_audit_entry *log = NULL;
    kring_case *c = load(s), *again;
    kring_person *p = &c->people[kring_case_find_id(c, "oma-ria")];
    kring_error err;
    char *id;
    size_t n;

    p->ring = 3;
    p->contact = KRING_CONTACT_YEARLY;
    cr_assert_eq(kring_change_person_update(s, &bob, "2026-014", p, &err),
                 KRING_OK, "%s", err.text);
    again = load(s);
    cr_assert_eq(person(again, "oma-ria")->ring, 3);
    cr_assert_eq(person(again, "oma-ria")->contact, KRING_CONTACT_YEARLY);
    kring_case_free(again);
    /* Checked as everywhere: a ring 4 is refused, and nothing changes. */
    p->ring = 4;
    p->age = 71;
    cr_assert_eq(kring_change_person_update(s, &bob, "2026-014", p, &err),
                 KRING_ERR_INVALID);
    cr_assert(strstr(err.text, "ring") != NULL, "%s", err.text);
    again = load(s);
    cr_assert_eq(person(again, "oma-ria")->ring, 3);
    cr_assert_neq(person(again, "oma-ria")->age, 71);
    kring_case_free(again);
    /* Someone the case does not have is not made. */
    p->ring = 2;
    id = p->id;
    p->id = "nobody";
    cr_assert_eq(kring_change_person_update(s, &bob, "2026-014", p, &err),
                 KRING_ERR_NOT_FOUND);
    p->id = id;
    /* The step: stored and in memory, and gone when the interview is
     * done. */
    cr_assert_eq(kring_interview_step(c), -1);
    cr_assert_eq(kring_change_interview_step(s, &bob, c, 4, &err), KRING_OK,
                 "%s", err.text);
    cr_assert_eq(kring_interview_step(c), 4);
    again = load(s);
    cr_assert_eq(kring_interview_step(again), 4);
    kring_case_free(again);
    cr_assert_eq(kring_change_interview_step(s, &bob, c, -1, &err), KRING_OK);
    again = load(s);
    cr_assert_eq(kring_interview_step(again), -1);
    cr_assert(again->extra == NULL ||
              strstr(again->extra, "interview") == NULL);
    kring_case_free(again);
    /* One line each for what was changed, under bob's name. */
    n = changes(s, &log);
    cr_assert_geq(n, 3);
    cr_assert_str_eq(log[n - 3].event, "person changed");
    cr_assert_str_eq(log[n - 3].user, "bob");
    cr_assert_str_eq(log[n - 3].command, "interview");
    cr_assert_str_eq(log[n - 2].event, "case details changed");
    cr_assert_str_eq(log[n - 1].event, "case details changed");
    kring_audit_free(log, n);
    kring_case_free(c);
    kring_store_close(s);
    free(dir);
}
