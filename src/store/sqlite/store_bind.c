/* Values bound to SQLite's statements: NULL where the model records
 * nothing. */
#include <sqlite3.h>

#include "store_internal.h"

void kr_sq_bind_text(sqlite3_stmt *st, int i, const char *v)
{
    if (v != NULL)
        sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

void kr_sq_bind_enum(sqlite3_stmt *st, int i, kring_enum e, int v)
{
    kr_sq_bind_text(st, i, kring_enum_name(e, v));
}

void kr_sq_bind_int(sqlite3_stmt *st, int i, long long v, long long unknown)
{
    if (v != unknown)
        sqlite3_bind_int64(st, i, v);
    else
        sqlite3_bind_null(st, i);
}
