/* The number each person has in their case (the schema's person_key, the
 * audit log's number, never given to another person of the case): what the
 * web pages put in an address instead of the person's id, which is made
 * from their name (docs/web.md). */
#include <sqlite3.h>
#include <string.h>

#include "store_internal.h"

struct numbers {
    const kring_case *c;
    long *number;
};

static kring_status number_row(sqlite3_stmt *st, void *ctx, kring_error *err)
{
    struct numbers *n = ctx;
    const char *id = (const char *)sqlite3_column_text(st, 0);
    long at = id != NULL ? kring_case_find_id(n->c, id) : -1;

    (void)err;
    if (at >= 0)
        n->number[at] = (long)sqlite3_column_int64(st, 1);
    return KRING_OK;
}

kring_status kring_store_people_numbers(kring_store *s, const kring_case *c,
                                        long *number, kring_error *err)
{
    struct numbers n = {c, number};

    if (c->n_people > 0)
        memset(number, 0, c->n_people * sizeof *number);
    return kr_each_row(s,
                       "SELECT id, person_key FROM people WHERE case_code = ?1",
                       c->code, number_row, &n, err);
}
