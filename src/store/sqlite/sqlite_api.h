/* SQLite's functions as kring calls them: through pointers filled when the
 * first store is opened (kr_sqlite_load(), sqlite_api.c), not linked into
 * kring. A command that opens no database (`kring --version`, `score -f`,
 * `render -f`) then never loads libsqlite3, whose loading is most of a
 * bare start's work (issue 21; docs/design.md, "Start-up cost"). Each
 * name below is the function of <sqlite3.h>, so the store's code reads as
 * plain SQLite. */
#ifndef KRING_SQLITE_API_H
#define KRING_SQLITE_API_H

#include <sqlite3.h>

#include "kring/kring.h"

#define KR_SQLITE_FUNCTIONS(X)                                                 \
    X(sqlite3_backup_finish)                                                   \
    X(sqlite3_backup_init)                                                     \
    X(sqlite3_backup_step)                                                     \
    X(sqlite3_bind_double)                                                     \
    X(sqlite3_bind_int)                                                        \
    X(sqlite3_bind_int64)                                                      \
    X(sqlite3_bind_null)                                                       \
    X(sqlite3_bind_text)                                                       \
    X(sqlite3_busy_handler)                                                    \
    X(sqlite3_changes)                                                         \
    X(sqlite3_clear_bindings)                                                  \
    X(sqlite3_close)                                                           \
    X(sqlite3_close_v2)                                                        \
    X(sqlite3_column_blob)                                                     \
    X(sqlite3_column_bytes)                                                    \
    X(sqlite3_column_count)                                                    \
    X(sqlite3_column_double)                                                   \
    X(sqlite3_column_int)                                                      \
    X(sqlite3_column_int64)                                                    \
    X(sqlite3_column_text)                                                     \
    X(sqlite3_column_type)                                                     \
    X(sqlite3_config)                                                          \
    X(sqlite3_db_filename)                                                     \
    X(sqlite3_errmsg)                                                          \
    X(sqlite3_errstr)                                                          \
    X(sqlite3_exec)                                                            \
    X(sqlite3_extended_result_codes)                                           \
    X(sqlite3_finalize)                                                        \
    X(sqlite3_get_autocommit)                                                  \
    X(sqlite3_open_v2)                                                         \
    X(sqlite3_prepare_v2)                                                      \
    X(sqlite3_prepare_v3)                                                      \
    X(sqlite3_reset)                                                           \
    X(sqlite3_sleep)                                                           \
    X(sqlite3_sql)                                                             \
    X(sqlite3_step)                                                            \
    X(sqlite3_system_errno)

struct kr_sqlite_api {
#define KR_SQLITE_POINTER(f) __typeof__(f) *p_##f;
    KR_SQLITE_FUNCTIONS(KR_SQLITE_POINTER)
#undef KR_SQLITE_POINTER
};
extern struct kr_sqlite_api kr_sqlite3;

/* Loads libsqlite3 once (thread-safe) and sets it up; KRING_ERR_IO with
 * what failed when it cannot be loaded. */
kring_status kr_sqlite_load(kring_error *err);

#define sqlite3_backup_finish (kr_sqlite3.p_sqlite3_backup_finish)
#define sqlite3_backup_init (kr_sqlite3.p_sqlite3_backup_init)
#define sqlite3_backup_step (kr_sqlite3.p_sqlite3_backup_step)
#define sqlite3_bind_double (kr_sqlite3.p_sqlite3_bind_double)
#define sqlite3_bind_int (kr_sqlite3.p_sqlite3_bind_int)
#define sqlite3_bind_int64 (kr_sqlite3.p_sqlite3_bind_int64)
#define sqlite3_bind_null (kr_sqlite3.p_sqlite3_bind_null)
#define sqlite3_bind_text (kr_sqlite3.p_sqlite3_bind_text)
#define sqlite3_busy_handler (kr_sqlite3.p_sqlite3_busy_handler)
#define sqlite3_changes (kr_sqlite3.p_sqlite3_changes)
#define sqlite3_clear_bindings (kr_sqlite3.p_sqlite3_clear_bindings)
#define sqlite3_close (kr_sqlite3.p_sqlite3_close)
#define sqlite3_close_v2 (kr_sqlite3.p_sqlite3_close_v2)
#define sqlite3_column_blob (kr_sqlite3.p_sqlite3_column_blob)
#define sqlite3_column_bytes (kr_sqlite3.p_sqlite3_column_bytes)
#define sqlite3_column_count (kr_sqlite3.p_sqlite3_column_count)
#define sqlite3_column_double (kr_sqlite3.p_sqlite3_column_double)
#define sqlite3_column_int (kr_sqlite3.p_sqlite3_column_int)
#define sqlite3_column_int64 (kr_sqlite3.p_sqlite3_column_int64)
#define sqlite3_column_text (kr_sqlite3.p_sqlite3_column_text)
#define sqlite3_column_type (kr_sqlite3.p_sqlite3_column_type)
#define sqlite3_config (kr_sqlite3.p_sqlite3_config)
#define sqlite3_db_filename (kr_sqlite3.p_sqlite3_db_filename)
#define sqlite3_errmsg (kr_sqlite3.p_sqlite3_errmsg)
#define sqlite3_errstr (kr_sqlite3.p_sqlite3_errstr)
#define sqlite3_exec (kr_sqlite3.p_sqlite3_exec)
#define sqlite3_extended_result_codes                                          \
    (kr_sqlite3.p_sqlite3_extended_result_codes)
#define sqlite3_finalize (kr_sqlite3.p_sqlite3_finalize)
#define sqlite3_get_autocommit (kr_sqlite3.p_sqlite3_get_autocommit)
#define sqlite3_open_v2 (kr_sqlite3.p_sqlite3_open_v2)
#define sqlite3_prepare_v2 (kr_sqlite3.p_sqlite3_prepare_v2)
#define sqlite3_prepare_v3 (kr_sqlite3.p_sqlite3_prepare_v3)
#define sqlite3_reset (kr_sqlite3.p_sqlite3_reset)
#define sqlite3_sleep (kr_sqlite3.p_sqlite3_sleep)
#define sqlite3_sql (kr_sqlite3.p_sqlite3_sql)
#define sqlite3_step (kr_sqlite3.p_sqlite3_step)
#define sqlite3_system_errno (kr_sqlite3.p_sqlite3_system_errno)

#endif
