/* The young person's suggestions (issue 19): in the case file, in the
 * store, and made, accepted and declined through the change calls. The
 * known answers are the sample's values changed by hand (Tante Sandra is
 * in the middle circle, 2; Oma Ria in the closest, 1). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "kring/kring.h"

#define NOAH "samples/2026-014-noah.json"

/* Noah's case file with the suggestions JSON LIST (the text of a list). */
static char *noah_with(const char *list)
{
    size_t len = 0, n;
    char *text = t_read(NOAH, &len), *out, *end;

    cr_assert_not_null(text);
    /* Before the file's last '}' */
    end = strrchr(text, '}');
    cr_assert_not_null(end);
    n = (size_t)(end - text) + strlen(list) + 64;
    out = malloc(n + len);
    cr_assert_not_null(out);
    snprintf(out, n + len, "%.*s, \"suggestions\": %s}\n", (int)(end - text),
             text, list);
    free(text);
    return out;
}

static kring_status parse(const char *text, kring_case **c, kring_error *err)
{
    *c = NULL;
    return kring_casefile_parse(text, strlen(text), "s.json", c, err);
}

static const char three[] =
    "[{\"date\": \"2026-12-10\", \"kind\": \"missing\", \"name\": \"Ayla\","
    " \"ring\": 2, \"sector\": \"friends\", \"status\": \"open\"},"
    " {\"date\": \"2026-12-10\", \"kind\": \"closer\", \"person\":"
    " \"tante-sandra\", \"status\": \"accepted\", \"decided\": "
    "\"2026-12-11\"},"
    " {\"date\": \"2026-12-12\", \"kind\": \"right\", \"x-seen\": true}]";

Test(suggestions, are_read_and_written_back_key_for_key)
{
    char *text = noah_with(three), *once = NULL, *twice = NULL;
    kring_case *c = NULL, *again = NULL;
    kring_error err;
    size_t n1, n2;

    cr_assert_eq(parse(text, &c, &err), KRING_OK, "%s", err.text);
    cr_assert_eq(c->n_suggestions, 3);
    cr_assert_eq(c->suggestions[0].kind, KRING_SUGGEST_MISSING);
    cr_assert_str_eq(c->suggestions[0].name, "Ayla");
    cr_assert_eq(c->suggestions[0].ring, 2);
    cr_assert_eq(c->suggestions[0].sector, KRING_SECTOR_FRIENDS);
    cr_assert_null(c->suggestions[0].decided);
    cr_assert_eq(c->suggestions[1].kind, KRING_SUGGEST_CLOSER);
    cr_assert_str_eq(c->suggestions[1].person, "tante-sandra");
    cr_assert_eq(c->suggestions[1].status, KRING_SUGGESTION_ACCEPTED);
    cr_assert_str_eq(c->suggestions[1].decided, "2026-12-11");
    /* No status: open; no sector: not said. */
    cr_assert_eq(c->suggestions[2].status, KRING_SUGGESTION_OPEN);
    cr_assert_eq(c->suggestions[2].sector, KRING_SECTOR_COUNT);
    cr_assert_str_eq(c->suggestions[2].extra, "{\"x-seen\":true}");
    cr_assert_eq(kring_casefile_dump(c, &once, &n1, &err), KRING_OK);
    cr_assert(strstr(once, "\"suggestions\"") != NULL);
    cr_assert(strstr(once, "\"x-seen\": true") != NULL);
    cr_assert_eq(parse(once, &again, &err), KRING_OK, "%s", err.text);
    cr_assert_eq(kring_casefile_dump(again, &twice, &n2, &err), KRING_OK);
    cr_assert_str_eq(once, twice);
    free(once);
    free(twice);
    kring_case_free(again);
    kring_case_free(c);
    free(text);
}

Test(suggestions, a_case_without_them_is_written_as_before)
{
    size_t len = 0, n = 0;
    char *text = t_read(NOAH, &len), *out = NULL;
    kring_case *c = NULL;
    kring_error err;

    cr_assert_eq(parse(text, &c, &err), KRING_OK, "%s", err.text);
    cr_assert_eq(c->n_suggestions, 0);
    cr_assert_eq(kring_casefile_dump(c, &out, &n, &err), KRING_OK);
    cr_assert(strstr(out, "suggestions") == NULL);
    free(out);
    kring_case_free(c);
    free(text);
}

/* Each wrong suggestion is refused with its place and what is wrong. */
Test(suggestions, a_wrong_one_is_refused_with_its_place)
{
    static const struct {
        const char *list, *said;
    } bad[] = {
        {"[{\"date\": \"2026-12-10\", \"kind\": \"closer\"}]",
         "suggestions[0].person: person '' is not a person of the case"},
        {"[{\"date\": \"2026-12-10\", \"kind\": \"further\", \"person\": "
         "\"nobody\"}]",
         "suggestions[0].person: person 'nobody' is not a person of the "
         "case"},
        {"[{\"date\": \"2026-12-10\", \"kind\": \"missing\", \"name\": "
         "\"Ayla\"}]",
         "suggestions[0].ring: ring must be 1, 2 or 3"},
        {"[{\"date\": \"2026-12-10\", \"kind\": \"missing\", \"name\": "
         "\"Ayla\", \"ring\": 4}]",
         "suggestions[0].ring: ring must be 1, 2 or 3"},
        {"[{\"date\": \"2026-12-10\", \"kind\": \"right\", \"name\": "
         "\"Ayla\"}]",
         "suggestions[0].name: only a suggestion 'missing' has a name"},
        {"[{\"date\": \"2026-12-10\", \"kind\": \"right\", \"sector\": "
         "\"school\"}]",
         "suggestions[0].sector: only a suggestion 'missing' has a sector"},
        {"[{\"date\": \"2026-12-10\", \"kind\": \"right\", \"decided\": "
         "\"2026-12-11\"}]",
         "suggestions[0].decided: an open suggestion has no date of "
         "decision"},
        {"[{\"date\": \"2026-12-10\", \"kind\": \"right\", \"status\": "
         "\"declined\"}]",
         "suggestions[0].decided: decided must be a date such as "
         "2026-11-10"},
        {"[{\"date\": \"10-12-2026\", \"kind\": \"right\"}]",
         "suggestions[0].date: date must be a date such as 2026-11-10"},
        {"[{\"date\": \"2026-12-10\", \"kind\": \"maybe\"}]",
         "suggestions[0].kind: kind must be one of: right, closer, further, "
         "missing"},
        {"[{\"kind\": \"right\"}]",
         "suggestions[0]: a suggestion has no 'date', which is required"},
        {"{}", "suggestions: suggestions must be a list"},
    };
    size_t i;

    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *text = noah_with(bad[i].list);
        kring_case *c = NULL;
        kring_error err;
        cr_assert_neq(parse(text, &c, &err), KRING_OK, "%s", bad[i].list);
        cr_assert_null(c);
        cr_assert(strstr(err.text, bad[i].said) != NULL, "%s\n  said: %s",
                  bad[i].list, err.text);
        cr_assert(strncmp(err.text, "s.json:", 7) == 0, "%s", err.text);
        free(text);
    }
}

static kring_store *noah_store(char **dir, kring_case **c)
{
    kring_store *s = NULL;
    kring_error err;
    char *text = noah_with(three);

    *dir = t_tmpdir();
    cr_assert_eq(parse(text, c, &err), KRING_OK, "%s", err.text);
    free(text);
    cr_assert_eq(kring_store_open(t_db(*dir, "k.db"), 0, &s, &err), KRING_OK,
                 "%s", err.text);
    cr_assert_eq(kring_store_put_case(s, *c, false, &err), KRING_OK, "%s",
                 err.text);
    return s;
}

static kring_case *load(kring_store *s)
{
    kring_case *c = NULL;
    kring_error err;

    cr_assert_eq(kring_store_load_case(s, "2026-014", &c, &err), KRING_OK, "%s",
                 err.text);
    return c;
}

static int ring_of(const kring_case *c, const char *id)
{
    long at = kring_case_find_id(c, id);

    cr_assert_geq(at, 0, "%s", id);
    return c->people[at].ring;
}

Test(suggestions, are_stored_and_loaded_whole)
{
    char *dir, *a = NULL, *b = NULL;
    kring_case *c, *back;
    kring_store *s = noah_store(&dir, &c);
    kring_error err;
    size_t na, nb;

    back = load(s);
    cr_assert_eq(back->n_suggestions, 3);
    cr_assert_eq(kring_casefile_dump(c, &a, &na, &err), KRING_OK);
    cr_assert_eq(kring_casefile_dump(back, &b, &nb, &err), KRING_OK);
    cr_assert_str_eq(a, b);
    free(a);
    free(b);
    kring_case_free(back);
    kring_case_free(c);
    kring_store_close(s);
    /* The database refuses what the model refuses, for any program. */
    cr_assert_neq(t_sql_exec(t_db(dir, "k.db"),
                             "INSERT INTO suggestions (case_code, seq, date, "
                             "kind) VALUES ('2026-014', 9, '2026-12-10', "
                             "'closer')"),
                  0, "a closer without a person");
    cr_assert_neq(t_sql_exec(t_db(dir, "k.db"),
                             "INSERT INTO suggestions (case_code, seq, date, "
                             "kind, status) VALUES ('2026-014', 9, "
                             "'2026-12-10', 'right', 'accepted')"),
                  0, "accepted without a date");
    cr_assert_neq(t_sql_exec(t_db(dir, "k.db"),
                             "INSERT INTO suggestions (case_code, seq, date, "
                             "kind, person) VALUES ('2026-014', 9, "
                             "'2026-12-10', 'further', 'nobody')"),
                  0, "about nobody of the case");
    cr_assert_neq(t_sql_exec(t_db(dir, "k.db"),
                             "INSERT INTO suggestions (case_code, seq, date, "
                             "kind, ring) VALUES ('2026-014', 9, "
                             "'2026-12-10', 'right', 2)"),
                  0, "a ring on a suggestion that is not 'missing'");
    cr_assert_neq(t_sql_exec(t_db(dir, "k.db"),
                             "INSERT INTO suggestions (case_code, seq, date, "
                             "kind, person, name) VALUES ('2026-014', 9, "
                             "'2026-12-10', 'closer', 'oma-ria', 'Ayla')"),
                  0, "a name on a 'closer'");
    cr_assert_neq(t_sql_exec(t_db(dir, "k.db"),
                             "INSERT INTO suggestions (case_code, seq, date, "
                             "kind, name) VALUES ('2026-014', 9, "
                             "'2026-12-10', 'missing', 'Ayla')"),
                  0, "a 'missing' without a ring");
    free(dir);
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

Test(suggestions, one_made_changes_nothing_in_the_network)
{
    char *dir, *before = NULL, *after = NULL;
    kring_case *c, *now;
    kring_store *s = noah_store(&dir, &c);
    const kring_actor youth = {"serve", "serve: youth suggestion"};
    kring_suggestion sg;
    kring_audit_entry *log = NULL;
    kring_error err;
    size_t n;

    kring_case_free(c);
    c = load(s);
    kring_suggestion_init(&sg, KRING_SUGGEST_FURTHER);
    sg.person = strdup("oma-ria");
    cr_assert_eq(kring_change_suggest(s, &youth, "2026-014", &sg, &err),
                 KRING_OK, "%s", err.text);
    cr_assert_not_null(sg.date, "dated today");
    now = load(s);
    cr_assert_eq(now->n_suggestions, 4);
    cr_assert_str_eq(now->suggestions[3].person, "oma-ria");
    cr_assert_eq(now->suggestions[3].status, KRING_SUGGESTION_OPEN);
    cr_assert_str_eq(now->suggestions[3].date, sg.date);
    /* The people and ties are as they were. */
    now->n_suggestions = c->n_suggestions = 0;
    cr_assert_eq(kring_casefile_dump(c, &before, &n, &err), KRING_OK);
    cr_assert_eq(kring_casefile_dump(now, &after, &n, &err), KRING_OK);
    cr_assert_str_eq(before, after);
    free(before);
    free(after);
    now->n_suggestions = 4;
    c->n_suggestions = 3;
    n = changes(s, &log);
    cr_assert_str_eq(log[n - 1].event, "suggestion made");
    cr_assert_str_eq(log[n - 1].command, "serve: youth suggestion");
    cr_assert_neq(log[n - 1].person_key, 0);
    kring_audit_free(log, n);
    /* About someone the case does not have: refused, nothing stored. */
    free(sg.person);
    sg.person = strdup("nobody");
    cr_assert_eq(kring_change_suggest(s, &youth, "2026-014", &sg, &err),
                 KRING_ERR_NOT_FOUND);
    kring_case_free(now);
    now = load(s);
    cr_assert_eq(now->n_suggestions, 4);
    kring_suggestion_release(&sg);
    kring_case_free(now);
    kring_case_free(c);
    kring_store_close(s);
    free(dir);
}

Test(suggestions, accepted_the_change_is_made_in_the_young_persons_name)
{
    char *dir;
    kring_case *c, *now = NULL;
    kring_store *s = noah_store(&dir, &c);
    kring_audit_entry *log = NULL;
    kring_suggestion sg;
    kring_error err;
    size_t n;
    long at;

    kring_case_free(c);
    /* 2: Tante Sandra closer, accepted already: not open. */
    cr_assert_eq(kring_change_suggestion_decide(s, NULL, "2026-014", 2, NULL,
                                                true, KRING_ROLE_OTHER, NULL,
                                                &err),
                 KRING_ERR_NOT_FOUND);
    /* 1: Ayla is missing, in the middle circle, with her friends. */
    cr_assert_eq(kring_change_suggestion_decide(s, NULL, "2026-014", 1, NULL,
                                                true, KRING_ROLE_FRIEND, &now,
                                                &err),
                 KRING_OK, "%s", err.text);
    cr_assert_eq(now->suggestions[0].status, KRING_SUGGESTION_ACCEPTED);
    kring_case_free(now);
    now = load(s);
    at = kring_case_find_id(now, "ayla");
    cr_assert_geq(at, 0);
    cr_assert_eq(now->people[at].ring, 2);
    cr_assert_eq(now->people[at].role, KRING_ROLE_FRIEND);
    cr_assert_eq(now->people[at].sector, KRING_SECTOR_FRIENDS);
    cr_assert_eq(now->suggestions[0].status, KRING_SUGGESTION_ACCEPTED);
    cr_assert_not_null(now->suggestions[0].decided);
    n = changes(s, &log);
    cr_assert_str_eq(log[n - 2].event, "person added");
    cr_assert_str_eq(log[n - 1].event, "suggestion accepted");
    cr_assert(strstr(log[n - 2].command, "the young person's suggestion 1") !=
                  NULL,
              "%s", log[n - 2].command);
    kring_audit_free(log, n);
    kring_case_free(now);
    /* A new one, Tante Sandra closer: from 2 to 1. */
    kring_suggestion_init(&sg, KRING_SUGGEST_CLOSER);
    sg.person = strdup("tante-sandra");
    cr_assert_eq(kring_change_suggest(s, NULL, "2026-014", &sg, &err),
                 KRING_OK);
    kring_suggestion_release(&sg);
    cr_assert_eq(kring_change_suggestion_decide(s, NULL, "2026-014", 4, NULL,
                                                true, KRING_ROLE_OTHER, NULL,
                                                &err),
                 KRING_OK, "%s", err.text);
    now = load(s);
    cr_assert_eq(ring_of(now, "tante-sandra"), 1);
    kring_case_free(now);
    /* Closer again, from 1: not even suggested. */
    kring_suggestion_init(&sg, KRING_SUGGEST_CLOSER);
    sg.person = strdup("tante-sandra");
    cr_assert_eq(kring_change_suggest(s, NULL, "2026-014", &sg, &err),
                 KRING_ERR_INVALID);
    cr_assert(strstr(err.text, "closest circle") != NULL, "%s", err.text);
    kring_suggestion_release(&sg);
    /* Further, from 1; moved out by the professional meanwhile: accepting
     * it is refused, and the suggestion stays open. */
    kring_suggestion_init(&sg, KRING_SUGGEST_FURTHER);
    sg.person = strdup("tante-sandra");
    cr_assert_eq(kring_change_suggest(s, NULL, "2026-014", &sg, &err), KRING_OK,
                 "%s", err.text);
    kring_suggestion_release(&sg);
    {
        const kring_field outer[] = {{"ring", "3"}};
        cr_assert_eq(kring_change_person_set(s, NULL, "2026-014",
                                             "tante-sandra", outer, 1, NULL,
                                             NULL, NULL, &err),
                     KRING_OK, "%s", err.text);
    }
    cr_assert_eq(kring_change_suggestion_decide(s, NULL, "2026-014", 5, NULL,
                                                true, KRING_ROLE_OTHER, NULL,
                                                &err),
                 KRING_ERR_INVALID);
    cr_assert(strstr(err.text, "outer circle") != NULL, "%s", err.text);
    now = load(s);
    cr_assert_eq(now->suggestions[4].status, KRING_SUGGESTION_OPEN);
    cr_assert_eq(ring_of(now, "tante-sandra"), 3);
    kring_case_free(now);
    /* Declined: nothing changes but its status. */
    cr_assert_eq(kring_change_suggestion_decide(s, NULL, "2026-014", 5, NULL,
                                                false, KRING_ROLE_OTHER, NULL,
                                                &err),
                 KRING_OK, "%s", err.text);
    now = load(s);
    cr_assert_eq(now->suggestions[4].status, KRING_SUGGESTION_DECLINED);
    cr_assert_eq(ring_of(now, "tante-sandra"), 3);
    kring_case_free(now);
    kring_store_close(s);
    free(dir);
}

Test(suggestions, about_a_person_go_with_them)
{
    char *dir;
    kring_case *c, *now;
    kring_store *s = noah_store(&dir, &c);
    kring_error err;

    kring_case_free(c);
    cr_assert_eq(kring_change_person_rm(s, NULL, "2026-014", "tante-sandra",
                                        NULL, NULL, NULL, &err),
                 KRING_OK, "%s", err.text);
    now = load(s);
    cr_assert_eq(now->n_suggestions, 2);
    cr_assert_eq(now->suggestions[0].kind, KRING_SUGGEST_MISSING);
    cr_assert_eq(now->suggestions[1].kind, KRING_SUGGEST_RIGHT);
    kring_case_free(now);
    kring_store_close(s);
    free(dir);
}

/* What the young person cannot suggest: about someone they fear (as if
 * there were no such person), someone who has died, past the case's
 * limit of suggestions. */
Test(suggestions, only_what_the_young_person_may_say)
{
    char *dir;
    kring_case *c;
    kring_store *s = noah_store(&dir, &c);
    const kring_field feared[] = {{"frightens", "yes"}};
    kring_suggestion sg;
    kring_error err;
    char sql[200];
    int i;

    kring_case_free(c);
    cr_assert_eq(kring_change_person_set(s, NULL, "2026-014", "daan", feared, 1,
                                         NULL, NULL, NULL, &err),
                 KRING_OK, "%s", err.text);
    kring_suggestion_init(&sg, KRING_SUGGEST_FURTHER);
    sg.person = strdup("daan");
    cr_assert_eq(kring_change_suggest(s, NULL, "2026-014", &sg, &err),
                 KRING_ERR_NOT_FOUND);
    cr_assert_str_eq(err.text, "person 'daan' is not a person of the case");
    free(sg.person);
    sg.person = strdup("opa-henk"); /* has died, in the sample */
    cr_assert_eq(kring_change_suggest(s, NULL, "2026-014", &sg, &err),
                 KRING_ERR_INVALID);
    cr_assert(strstr(err.text, "has died") != NULL, "%s", err.text);
    kring_suggestion_release(&sg);
    kring_store_close(s);
    /* 1,000 kept (3 from the file): the next is refused. */
    for (i = 4; i <= KRING_SUGGESTIONS_MAX; i++) {
        snprintf(sql, sizeof sql,
                 "INSERT INTO suggestions (case_code, seq, date, kind) "
                 "VALUES ('2026-014', %d, '2026-12-10', 'right')",
                 i);
        cr_assert_eq(t_sql_exec(t_db(dir, "k.db"), sql), 0);
    }
    cr_assert_eq(kring_store_open(t_db(dir, "k.db"), 0, &s, &err), KRING_OK);
    kring_suggestion_init(&sg, KRING_SUGGEST_RIGHT);
    cr_assert_eq(kring_change_suggest(s, NULL, "2026-014", &sg, &err),
                 KRING_ERR_LIMIT);
    kring_suggestion_release(&sg);
    kring_store_close(s);
    free(dir);
}
