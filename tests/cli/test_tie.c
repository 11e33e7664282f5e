/* kring tie add|rm, run in process. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

Test(tie_cmd, add_and_rm_by_id_or_name)
{
    const char *db = t_noah_db();
    char *before;
    struct t_run r;

    r = t_cli(NULL, "--db", db, "tie", "add", "2026-014", "Daan", "lotte",
              "--strength", "strong", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_str_eq(r.out, "Daan and Lotte know each other (strong, "
                            "positive)\n");
    t_run_free(&r);
    before = t_dump_db(db);
    r = t_cli(NULL, "--db", db, "tie", "add", "2026-014", "lotte", "daan",
              NULL);
    T_REFUSED(r, 1, "'lotte' and 'daan' already have a tie", db, before);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "tie", "add", "2026-014", "daan", "daan", NULL);
    T_REFUSED(r, 1,
              "a tie must join two different people, not 'daan' with "
              "themselves",
              db, before);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "tie", "add", "2026-014", "daan", "nobody",
              NULL);
    T_REFUSED(r, 1, "case '2026-014' has no person 'nobody'", db, before);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "tie", "add", "2026-014", "daan", "mama",
              "--quality", "awful", NULL);
    T_REFUSED(r, 1,
              "--quality must be one of: positive, mixed, conflict (not "
              "'awful')",
              db, before);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "tie", "rm", "2026-014", "daan", "mama", NULL);
    T_REFUSED(r, 1, "'daan' and 'mama' have no tie", db, before);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "tie", "rm", "2026-014", "lotte", "Daan", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    t_run_free(&r);
    free(before);
}
