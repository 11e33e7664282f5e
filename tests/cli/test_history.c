/* kring snapshot, history, diff and choose, run in process on Noah's
 * case. The expected changes are those the test itself makes. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

static void ok(struct t_run r)
{
    cr_assert_eq(r.status, 0, "status %d: %s", r.status, r.err);
}

/* Runs a command that must succeed, and frees it. */
#define RUN(...)                                                               \
    do {                                                                       \
        struct t_run r_ = t_cli(NULL, __VA_ARGS__, NULL);                      \
        ok(r_);                                                                \
        t_run_free(&r_);                                                       \
    } while (0)

Test(history_cmd, a_snapshot_is_listed_and_refused_twice)
{
    const char *db = t_noah_db();
    struct t_run r;
    char *before;

    r = t_cli(NULL, "--db", db, "snapshot", "2026-014", "intake", "--taken",
              "2026-11-02T10:00:00Z", NULL);
    ok(r);
    cr_assert_str_eq(r.out, "snapshot 'intake' of case '2026-014': 11 people, "
                            "12 ties\n");
    t_run_free(&r);
    before = t_dump_db(db);
    r = t_cli(NULL, "--db", db, "snapshot", "2026-014", "intake", NULL);
    T_REFUSED(r, 1, "case '2026-014' has a snapshot 'intake' already", db,
              before);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "snapshot", "2026-014", "-x", NULL);
    cr_assert_eq(r.status, 2, "%s", r.err);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "snapshot", "2026-014", "in take", NULL);
    cr_assert_eq(r.status, 1);
    cr_assert(strstr(r.err, "cannot be a snapshot's label"), "%s", r.err);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "snapshot", "2026-999", "intake", NULL);
    T_REFUSED(r, 1, "no case '2026-999'", db, before);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "history", "2026-014", NULL);
    ok(r);
    cr_assert_str_eq(r.out, "LABEL   TAKEN                 PEOPLE  TIES\n"
                            "intake  2026-11-02T10:00:00Z  11      12\n");
    t_run_free(&r);
    free(before);
}

Test(history_cmd, diff_says_who_came_left_and_moved)
{
    const char *db = t_noah_db();
    struct t_run r;

    RUN("--db", db, "snapshot", "2026-014", "intake");
    /* Since then: a neighbour came, Kees left (and his tie with Daan),
     * Oma Ria moved out to the middle ring, Marco's relation eased, the
     * neighbour knows Lotte. */
    RUN("--db", db, "person", "add", "2026-014", "Buurman Henk", "--role",
        "neighbour", "--ring", "2");
    RUN("--db", db, "person", "rm", "2026-014", "kees");
    RUN("--db", db, "person", "set", "2026-014", "oma-ria", "--ring", "2");
    RUN("--db", db, "person", "set", "2026-014", "marco", "--quality", "mixed");
    RUN("--db", db, "tie", "add", "2026-014", "buurman-henk", "lotte");
    RUN("--db", db, "snapshot", "2026-014", "3-months");
    r = t_cli(NULL, "--db", db, "diff", "2026-014", "intake", "3-months", NULL);
    ok(r);
    cr_assert(strstr(r.out, "Came (1)\n  + Buurman Henk (middle)\n"), "%s",
              r.out);
    cr_assert(strstr(r.out, "Left (1)\n  - Kees van Dijk (further)\n"), "%s",
              r.out);
    cr_assert(strstr(r.out, "Moved (1)\n  v Oma Ria: close -> middle\n"), "%s",
              r.out);
    cr_assert(strstr(r.out, "relation with Marco Jansen: strained -> mixed"),
              "%s", r.out);
    cr_assert(strstr(r.out, "Ties: 1 gained, 1 lost, 0 changed\n"
                            "  + buurman-henk - lotte\n  - daan - kees\n"),
              "%s", r.out);
    /* Oma Ria was the only adult in the inner circle. */
    cr_assert(strstr(r.out, "  adults in the inner circle: 1 -> 0\n"), "%s",
              r.out);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "--json", "diff", "2026-014", "intake", NULL);
    ok(r);
    cr_assert(strstr(r.out, "\"to\": null"), "%s", r.out);
    cr_assert(strstr(r.out, "\"moved\": [\n    {\n      \"id\": "
                            "\"oma-ria\",\n      \"name\": \"Oma Ria\",\n"
                            "      \"from\": 1,\n      \"to\": 2\n"),
              "%s", r.out);
    cr_assert(strstr(r.out, "\"flags_gained\": [\n    \"no_inner_adult\"\n"),
              "%s", r.out);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "diff", "2026-014", "nope", NULL);
    cr_assert_eq(r.status, 1);
    cr_assert_str_eq(r.err, "kring: case '2026-014' has no snapshot 'nope' "
                            "('kring history 2026-014' lists them)\n");
    t_run_free(&r);
}

Test(history_cmd, choices_keep_their_history_and_say_what_is_unusual)
{
    const char *db = t_noah_db();
    struct t_run r;
    char *before;

    r = t_cli(NULL, "--db", db, "choose", "2026-014", "Oma Ria", "--date",
              "2026-11-10", NULL);
    ok(r);
    cr_assert_str_eq(r.out, "Oma Ria: asked (2026-11-10)\n");
    cr_assert_str_eq(r.err, "");
    t_run_free(&r);
    /* Tante Sandra, chosen, becomes the young person's nomination. */
    RUN("--db", db, "choose", "2026-014", "tante-sandra", "--date",
        "2026-11-11");
    r = t_cli(NULL, "--db", db, "--json", "case", "show", "2026-014", NULL);
    ok(r);
    cr_assert(strstr(r.out, "\"id\": \"tante-sandra\""), "%s", r.out);
    {
        const char *who = strstr(r.out, "\"id\": \"tante-sandra\"");
        const char *next = strstr(who + 1, "\"id\": ");
        const char *nominated = strstr(who, "\"nominated\": true");
        cr_assert(nominated != NULL && (next == NULL || nominated < next),
                  "tante-sandra is not nominated");
    }
    t_run_free(&r);
    /* Active before accepted: recorded, with a note. */
    r = t_cli(NULL, "--db", db, "choose", "2026-014", "oma-ria", "--status",
              "active", "--date", "2026-11-20", NULL);
    ok(r);
    cr_assert_str_eq(r.err, "kring: note: 'active' usually follows "
                            "'accepted', which is not recorded for this "
                            "person (recorded all the same)\n");
    t_run_free(&r);
    /* A date before the last step: recorded, with a note. */
    r = t_cli(NULL, "--db", db, "choose", "2026-014", "oma-ria", "--status",
              "evaluated", "--date", "2026-11-01", NULL);
    ok(r);
    cr_assert(strstr(r.err, "the date 2026-11-01 is before the last step"),
              "%s", r.err);
    t_run_free(&r);
    /* A parent: refused without --force, and why. */
    before = t_dump_db(db);
    r = t_cli(NULL, "--db", db, "choose", "2026-014", "mama", NULL);
    cr_assert_eq(r.status, 1);
    cr_assert(strstr(r.err, "Sanne de Vries cannot be a mentor in JIM "
                            "practice: A parent"),
              "%s", r.err);
    cr_assert(strstr(r.err, "--force"), "%s", r.err);
    {
        char *after = t_dump_db(db);
        cr_assert_str_eq(after, before);
        free(after);
    }
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "choose", "2026-014", "mama", "--force", NULL);
    ok(r);
    cr_assert(strstr(r.err, "kring: warning: Sanne de Vries: A parent"), "%s",
              r.err);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "choose", "2026-014", "nobody", NULL);
    T_REFUSED(r, 1, "case '2026-014' has no person 'nobody'", db,
              (free(before), before = t_dump_db(db)));
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "choose", "2026-014", "oma-ria", "--status",
              "married", NULL);
    cr_assert_eq(r.status, 1);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "choose", "2026-014", "oma-ria", "--date",
              "2026-02-30", NULL);
    cr_assert_eq(r.status, 2);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "history", "2026-014", NULL);
    ok(r);
    cr_assert(strstr(r.out, "Steps of the mentor choice:\n"
                            "  2026-11-10  asked            oma-ria\n"
                            "  2026-11-11  asked            tante-sandra\n"
                            "  2026-11-20  active           oma-ria\n"
                            "  2026-11-01  evaluated        oma-ria\n"),
              "%s", r.out);
    t_run_free(&r);
    free(before);
}

/* Snapshots and choices are part of the case file: out and back in. */
Test(history_cmd, snapshots_and_choices_survive_export_and_import)
{
    const char *db = t_noah_db();
    char *dir = t_tmpdir(), *first, *second;
    const char *file = t_path(dir, "noah.json"), *db2 = t_db(dir, "b.db");
    struct t_run r;

    RUN("--db", db, "snapshot", "2026-014", "intake", "--taken",
        "2026-11-02T10:00:00Z");
    RUN("--db", db, "choose", "2026-014", "oma-ria", "--date", "2026-11-10",
        "--note", "ze zei meteen ja");
    RUN("--db", db, "export", "2026-014", "-o", file);
    RUN("--db", db2, "import", file);
    r = t_cli(NULL, "--db", db, "--json", "history", "2026-014", NULL);
    ok(r);
    first = r.out;
    r.out = NULL;
    t_run_free(&r);
    r = t_cli(NULL, "--db", db2, "--json", "history", "2026-014", NULL);
    ok(r);
    second = r.out;
    r.out = NULL;
    t_run_free(&r);
    cr_assert_str_eq(first, second);
    cr_assert(strstr(first, "\"label\": \"intake\""), "%s", first);
    cr_assert(strstr(first, "\"status\": \"asked\""), "%s", first);
    free(first);
    free(second);
    free(dir);
}
