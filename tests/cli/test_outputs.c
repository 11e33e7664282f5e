/* What kring writes and prints of user data: CSV cells a spreadsheet would
 * take for formulas, outputs that are the database itself, and control
 * characters on a terminal (issue 17). Run in process. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

/* A case file with one person whose name and notes are given; the path is
 * in DIR. */
static const char *one_person(const char *dir, const char *name,
                              const char *notes)
{
    const char *file = t_path(dir, "c.json");
    char *json = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&json, &n);

    /* NAME and NOTES are JSON string bodies, already escaped. */
    fprintf(f,
            "{\"kring\": 1, \"case\": {\"code\": \"t-1\", \"name\": \"T\"},"
            " \"people\": [{\"id\": \"p\", \"name\": \"%s\", \"role\": "
            "\"neighbour\", \"ring\": 2, \"age\": 40, \"notes\": \"%s\"}],"
            " \"ties\": []}",
            name, notes);
    fclose(f);
    t_write(file, json);
    free(json);
    return file;
}

Test(outputs, csv_cells_that_would_be_formulas_get_an_apostrophe_in_front)
{
    char *dir = t_tmpdir();
    const char *file = one_person(dir, "=1+1", "-2+3+cmd|' /C calc'!A0");
    struct t_run r = t_cli(NULL, "export", "-f", file, "--format", "csv",
                           "--table", "people", NULL);
    const char *row;

    cr_assert_eq(r.status, 0, "%s", r.err);
    row = strstr(r.out, "\r\n");
    cr_assert_not_null(row);
    /* id, name, role, sector, ring, age, ...: the name marked, the age (a
     * number) and the notes (marked, then quoted for the quote) as said. */
    cr_assert(strncmp(row + 2, "p,'=1+1,neighbour,neighbourhood,2,40,", 37) ==
                  0,
              "%s", row + 2);
    cr_assert_not_null(strstr(row, ",'-2+3+cmd|' /C calc'!A0,"), "%s", row);
    t_run_free(&r);
    free(dir);
}

Test(outputs, every_formula_sign_is_marked_and_quoted_fields_too)
{
    static const struct {
        const char *json, *want;
    } cases[] = {
        {"+31 6 1234", "'+31 6 1234"},
        {"@SUM(A1)", "'@SUM(A1)"},
        {"\\tx", "'\tx"},
        {"\\rx", "\"'\rx\""},
        {"=a,b", "\"'=a,b\""},
        {"=\\\"q\\\"", "\"'=\"\"q\"\"\""},
        /* Apostrophes already there: one more, so one taken off is the
         * name again. */
        {"'=x", "''=x"},
        /* A Dutch name with an apostrophe and no sign after it stays. */
        {"'t Hart", "'t Hart"},
        {"Jan-Piet", "Jan-Piet"},
    };
    char *dir = t_tmpdir();
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        /* In the notes, which may hold a tab and a carriage return; the
         * extra field, empty, ends the row. */
        const char *file = one_person(dir, "N", cases[i].json);
        struct t_run r = t_cli(NULL, "export", "-f", file, "--format", "csv",
                               "--table", "people", NULL);
        char want[64];
        snprintf(want, sizeof want, ",%s,\r\n", cases[i].want);
        cr_assert_eq(r.status, 0, "%s", r.err);
        cr_assert_not_null(strstr(r.out, want), "%zu: %s", i, r.out);
        t_run_free(&r);
    }
    free(dir);
}
