/* Private to the store. */
#ifndef KRING_STORE_INTERNAL_H
#define KRING_STORE_INTERNAL_H

#include <sqlite3.h>

#include "internal.h"

/* kr_migrations[i], a NULL-terminated list of statements, brings a
 * database from user_version i to i + 1. */
extern const char *const *const kr_migrations[];
extern const int kr_migration_count;

/* 'krng': marks a SQLite file as kring's (PRAGMA application_id). */
#define KR_APPLICATION_ID 0x6b726e67

struct kring_store {
    sqlite3 *db;             /* the connection */
    int in_tx;               /* inside kring_store_begin() */
    int readonly;            /* opened with KRING_STORE_READONLY */
    char *user;              /* for the audit log */
    char *command;           /* for the audit log: kring_store_set_command() */
    int op_depth;            /* kr_op_begin()s not yet ended */
    int op_tx;               /* the outermost of them began the transaction */
    long long busy_since;    /* ms (monotonic) the current wait began */
    unsigned long long seed; /* for the jitter of busy_wait() */
};

/* Turns SQLite's result RC into a kring error. */
kring_status kr_db_error(kring_store *s, int rc, kring_error *err);
kring_status kr_exec(kring_store *s, const char *sql, kring_error *err);
kring_status kr_prepare(kring_store *s, const char *sql, sqlite3_stmt **st,
                        kring_error *err);
/* Runs a statement that returns no rows and resets it for reuse. */
kring_status kr_step_done(kring_store *s, sqlite3_stmt *st, kring_error *err);
/* Runs SQL, with ?1 bound to CODE unless it is NULL, and calls ROW for
 * each row it returns; stops at the first error (store_read.c). */
typedef kring_status (*kr_row_fn)(sqlite3_stmt *st, void *ctx,
                                  kring_error *err);
kring_status kr_each_row(kring_store *s, const char *sql, const char *code,
                         kr_row_fn row, void *ctx, kring_error *err);
/* A savepoint around one change: alone a transaction, nested inside
 * kring_store_begin(). kr_op_end() releases it on KRING_OK, else rolls it
 * back, and returns RC. */
kring_status kr_op_begin(kring_store *s, kring_error *err);
kring_status kr_op_end(kring_store *s, kring_status rc, kring_error *err);
/* Writes a line of the audit log (schema v3): CHANGE (an English phrase,
 * "person added") to the person PERSON (or NULL) of case CODE. */
kring_status kr_audit(kring_store *s, const char *change, const char *code,
                      const char *person, kring_error *err);

#endif
