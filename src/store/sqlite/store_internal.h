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

#define KR_IDLE 24 /* statements a store keeps prepared */

struct kring_store {
    sqlite3 *db;             /* the connection */
    int in_tx;               /* inside kring_store_begin() */
    int readonly;            /* opened with KRING_STORE_READONLY */
    char *user;              /* for the audit log */
    int user_given;          /* USER was set by kring_store_set_user() */
    char *command;           /* for the audit log: kring_store_set_command() */
    int op_depth;            /* kr_op_begin()s not yet ended */
    int op_tx;               /* the outermost of them began the transaction */
    long long busy_since;    /* ms (monotonic) the current wait began */
    unsigned long long seed; /* for the jitter of busy_wait() */
    int erased; /* removed: 1 clear the WAL after commit, 2 (a case) also
                   rebuild the file */
    /* The file opened (0, 0 for one in memory): kring_store_reusable(). */
    unsigned long long dev, ino;
    /* For kring_store_keep_open(): the path and flags it was opened with. */
    char *path;
    unsigned flags;
    /* Statements done with, kept prepared for the next kr_prepare() of the
     * same SQL (a kept store prepares each of its statements once). */
    sqlite3_stmt *idle[KR_IDLE];
    int n_idle;
};

/* The name of the account kring runs as (or "uid N"); NULL if out of
 * memory. */
char *kr_user_name(void);
/* Turns SQLite's result RC into a kring error. */
kring_status kr_db_error(kring_store *s, int rc, kring_error *err);
kring_status kr_exec(kring_store *s, const char *sql, kring_error *err);
/* Prepares SQL, or takes it from the statements kept prepared; give it
 * back with kr_finalize(). */
kring_status kr_prepare(kring_store *s, const char *sql, sqlite3_stmt **st,
                        kring_error *err);
/* Resets ST and keeps it prepared for the next kr_prepare() of its SQL (or
 * finalizes the longest kept to make room). ST may be NULL. */
void kr_finalize(kring_store *s, sqlite3_stmt *st);
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
/* Writes a line of the audit log: the change EVENT (an English phrase,
 * "person added") to case CODE and, unless NULL, its person with id A and
 * the other person B of a tie. The log holds their numbers, never the code
 * or ids (schema.c): a removal is logged before the row goes. */
kring_status kr_audit(kring_store *s, const char *event, const char *code,
                      const char *a, const char *b, kring_error *err);
/* Logs reads, each a line "case read": of the N cases numbered KEYS, or
 * of every case (*MAX: the highest number logged), in one transaction; or
 * one line "cases listed" for a list of every case. A database kring may
 * not write cannot log a read: the read is refused. */
kring_status kr_log_reads(kring_store *s, const long long *keys, size_t n,
                          kring_error *err);
kring_status kr_log_read_all(kring_store *s, long long *max, kring_error *err);
kring_status kr_log_list(kring_store *s, kring_error *err);
/* The loads without the log, for kring_store_check(), which shows no case
 * (store_read.c). */
kring_status kr_load(kring_store *s, const char *code, int whole, int log,
                     kring_case **out, uint64_t *stamp, kring_error *err);
kring_status kr_list_cases(kring_store *s, int log, kring_case_summary **out,
                           size_t *n, kring_error *err);
/* The command a read is logged as: the thread's, else the store's. */
const char *kr_read_command(const kring_store *s);
/* Whether the read of case KEY was logged already under this thread's
 * read command (a web page loads its case more than once: one line);
 * notes it if not. Always 0 without a thread's read command. */
int kr_read_seen(long long key);
/* Whether a load is a read to log: not inside a transaction that changes
 * (whose changes are logged). */
int kr_read_logged(const kring_store *s);
/* After a removal is committed: checkpoints the WAL into the database and
 * truncates it, so that removed text is left only as zeroed pages. */
void kr_erase_wal(kring_store *s);

#endif
