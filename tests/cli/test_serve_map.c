/* kring serve's kept maps (src/web/web_map.c): a map is answered from a
 * kept drawing while its case's version is the one it was drawn at, and
 * drawn anew from the case as stored after any writer changed it; each
 * request logs one read. Asked of web_map() directly, as a request's
 * thread does. */
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "web.h"

static struct web w;

/* The youth map of 2026-014 as SVG, asked as one request. */
static char *map_of_noah(void)
{
    kring_error err;
    char *svg = NULL;
    size_t len = 0;

    kring_store_keep_open(1);
    kring_store_set_read_command("serve: /case/N/map.svg");
    cr_assert_eq(web_map(&w, "2026-014", KRING_THEME_YOUTH, KRING_FORMAT_SVG,
                         &svg, &len, &err),
                 KRING_OK, "%s", err.text);
    kring_store_set_read_command(NULL);
    cr_assert_eq(strlen(svg), len);
    cr_assert_not_null(strstr(svg, "</svg>"));
    return svg;
}

static int reads(const char *db)
{
    return (int)t_sql_int(db, "SELECT count(*) FROM audit WHERE command = "
                              "'serve: /case/N/map.svg'");
}

Test(serve_map, a_change_by_any_writer_is_drawn_and_only_then)
{
    const char *db = t_noah_db();
    char *first, *again, *moved, *renamed, *hidden;
    struct t_run r;

    cr_assert_eq(web_init(&w, db, 0, "en"), 0);
    first = map_of_noah();
    cr_assert_not_null(strstr(first, "Marco"));
    cr_assert_eq(reads(db), 1);
    again = map_of_noah();
    cr_assert_str_eq(again, first);
    cr_assert_eq(reads(db), 2);

    /* A change by the command line, and one by another program. */
    r = t_cli(NULL, "--db", db, "person", "set", "2026-014", "marco", "--ring",
              "3", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    t_run_free(&r);
    moved = map_of_noah();
    cr_assert_str_neq(moved, first);
    cr_assert_eq(reads(db), 3);
    cr_assert_eq(t_sql_exec(db, "UPDATE people SET name = 'Zorro Jansen' "
                                "WHERE case_code = '2026-014' AND "
                                "id = 'marco'"),
                 SQLITE_OK);
    renamed = map_of_noah();
    cr_assert_null(strstr(renamed, "Marco"));
    cr_assert_not_null(strstr(renamed, "Zorro"));
    cr_assert_eq(reads(db), 4);

    /* An unchanged version is answered without reading the case: a change
     * made behind the triggers' back (which no kring makes) goes unseen,
     * and the drawing kept is answered. */
    cr_assert_eq(t_sql_exec(db, t_pg()
                                    ? "DROP TRIGGER people_version_set "
                                      "ON people;"
                                      "UPDATE people SET name = 'Xena "
                                      "Jansen' WHERE case_code = "
                                      "'2026-014' AND id = 'marco'"
                                    : "DROP TRIGGER people_version_set;"
                                      "UPDATE people SET name = 'Xena Jansen' "
                                      "WHERE case_code = '2026-014' AND "
                                      "id = 'marco'"),
                 SQLITE_OK);
    hidden = map_of_noah();
    cr_assert_str_eq(hidden, renamed);
    cr_assert_eq(reads(db), 5);
    free(first);
    free(again);
    free(moved);
    free(renamed);
    free(hidden);
    web_release(&w);
}

Test(serve_map, a_case_that_is_not_there_is_not_found)
{
    const char *db = t_noah_db();
    kring_error err;
    char *svg = NULL;
    size_t len = 0;

    cr_assert_eq(web_init(&w, db, 0, "en"), 0);
    cr_assert_eq(web_map(&w, "2026-999", KRING_THEME_YOUTH, KRING_FORMAT_SVG,
                         &svg, &len, &err),
                 KRING_ERR_NOT_FOUND);
    cr_assert_null(svg);
    web_release(&w);
}
