/* Private to the store. */
#ifndef KRING_STORE_INTERNAL_H
#define KRING_STORE_INTERNAL_H

#include "backend.h"
#include "sqlite_api.h"

/* kr_migrations[i], a NULL-terminated list of statements, brings a
 * database from user_version i to i + 1. */
extern const char *const *const kr_migrations[];
extern const int kr_migration_count;

/* 'krng': marks a SQLite file as kring's (PRAGMA application_id). */
#define KR_APPLICATION_ID 0x6b726e67

#define KR_IDLE 32 /* statements a store keeps prepared */

/* A store of this backend: the shared part (backend.h), then SQLite's. */
typedef struct kr_sqlite {
    kring_store base;
    sqlite3 *db;             /* the connection */
    int in_tx;               /* inside kring_store_begin() */
    int op_depth;            /* kr_op_begin()s not yet ended */
    int op_tx;               /* the outermost of them began the transaction */
    long long busy_since;    /* ms (monotonic) the current wait began */
    unsigned long long seed; /* for the jitter of busy_wait() */
    int erased; /* removed: 1 clear the WAL after commit, 2 (a case) also
                   rebuild the file */
    /* The file opened (0, 0 for one in memory): kr_sq_reusable(). */
    unsigned long long dev, ino;
    /* Statements done with, kept prepared for the next kr_prepare() of the
     * same SQL (a kept store prepares each of its statements once). */
    sqlite3_stmt *idle[KR_IDLE];
    int n_idle;
} kr_sqlite;

#define SQ(s) ((kr_sqlite *)(s))

/* The operations of kr_sqlite_store (backend.c), each in the file of its
 * kind: connection.c, store_read.c, store_case.c, store_admin.c and
 * store_number.c. */
kring_status kr_sq_open(kring_store *s, const char *path, unsigned flags,
                        kring_error *err);
void kr_sq_close(kring_store *s);
int kr_sq_reusable(kring_store *s, const char *path);
kring_status kr_sq_begin(kring_store *s, kring_error *err);
kring_status kr_sq_commit(kring_store *s, kring_error *err);
void kr_sq_rollback(kring_store *s);
kring_status kr_sq_each_summary(kring_store *s, int passes, kring_summary_fn fn,
                                void *ctx, kring_error *err);
kring_status kr_sq_list_cases(kring_store *s, kring_case_summary **out,
                              size_t *n, kring_error *err);
kring_status kr_sq_load(kring_store *s, const char *code, int whole,
                        kring_case **out, uint64_t *stamp, kring_error *err);
kring_status kr_sq_case_version(kring_store *s, const char *code,
                                uint64_t *version, kring_error *err);
kring_status kr_sq_each_network(kring_store *s, kring_case_fn fn, void *ctx,
                                int ahead, kring_error *err);
kring_status kr_sq_put_case(kring_store *s, const kring_case *c, bool replace,
                            kring_error *err);
kring_status kr_sq_delete_case(kring_store *s, const char *code,
                               const char *event, kring_error *err);
kring_status kr_sq_insert_person(kring_store *s, const char *code,
                                 const kring_person *p, kring_error *err);
kring_status kr_sq_update_person(kring_store *s, const char *code,
                                 const kring_person *p, kring_error *err);
kring_status kr_sq_delete_person(kring_store *s, const char *code,
                                 const char *id, kring_error *err);
kring_status kr_sq_insert_tie(kring_store *s, const char *code,
                              const kring_tie *t, kring_error *err);
kring_status kr_sq_delete_tie(kring_store *s, const char *code, const char *a,
                              const char *b, kring_error *err);
kring_status kr_sq_update_tie(kring_store *s, const char *code,
                              const kring_tie *t, kring_error *err);
kring_status kr_sq_insert_snapshot(kring_store *s, const char *code,
                                   const kring_snapshot *sn, kring_error *err);
kring_status kr_sq_insert_choice(kring_store *s, const char *code,
                                 const kring_choice *ch, kring_error *err);
kring_status kr_sq_set_case_extra(kring_store *s, const char *code,
                                  const char *extra, kring_error *err);
kring_status kr_sq_insert_suggestion(kring_store *s, const char *code,
                                     const kring_suggestion *sg,
                                     kring_error *err);
kring_status kr_sq_insert_outcome(kring_store *s, const char *code,
                                  const kring_outcome *o, kring_error *err);
kring_status kr_sq_decide_suggestion(kring_store *s, const char *code, size_t n,
                                     kring_suggestion_status status,
                                     const char *date, kring_error *err);
kring_status kr_sq_audit(kring_store *s, const char *code, unsigned what,
                         long long *case_key, kring_audit_entry **out,
                         size_t *n, kring_error *err);
kring_status kr_sq_backup(kring_store *s, const char *path, kring_error *err);
kring_status kr_sq_check(kring_store *s, const char *path,
                         kring_check_report *r, kring_error *err);
kring_status kr_sq_people_numbers(kring_store *s, const kring_case *c,
                                  long *number, kring_error *err);
kring_status kr_sq_next_code_number(kring_store *s, int year, unsigned *next,
                                    kring_error *err);

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
/* A line of the log that reads no case: EVENT ("report drawn"). */
kring_status kr_log_look(kring_store *s, const char *event, kring_error *err);
/* The loads without the log, for kring_store_check(), which shows no case
 * (store_read.c). */
kring_status kr_load(kring_store *s, const char *code, int whole, int log,
                     kring_case **out, uint64_t *stamp, kring_error *err);
/* V bound to parameter I of ST, or NULL: text that is NULL, a word of E
 * that has no name (not recorded), a number equal to UNKNOWN. */
void kr_sq_bind_text(sqlite3_stmt *st, int i, const char *v);
void kr_sq_bind_enum(sqlite3_stmt *st, int i, kring_enum e, int v);
void kr_sq_bind_int(sqlite3_stmt *st, int i, long long v, long long unknown);
kring_status kr_sq_each_facts(kring_store *s, long long team, kring_facts_fn fn,
                              void *ctx, kring_error *err);
kring_status kr_sq_put_facts(kring_store *s, const char *code,
                             long long version, const kring_case_facts *f,
                             kring_error *err);
/* The case list's query: code, name, birth year, people, ties, and the
 * columns of KR_EVALUATION_COLUMNS (backend.h), by code. */
#define KR_SQ_LIST_SQL                                                         \
    "SELECT code, name, birth_year, (SELECT count(*) FROM people "             \
    "p WHERE p.case_code = c.code), (SELECT count(*) FROM ties t "             \
    "WHERE t.case_code = c.code), " KR_EVALUATION_COLUMNS " FROM cases c "     \
    "ORDER BY code"
/* The evaluation's columns of a line of KR_SQ_LIST_SQL into CS. */
void kr_sq_evaluation_of(sqlite3_stmt *st, kring_case_summary *cs);
kring_status kr_list_cases(kring_store *s, int log, kring_case_summary **out,
                           size_t *n, kring_error *err);
/* Whether a load is a read to log: not inside a transaction that changes
 * (whose changes are logged). */
int kr_read_logged(const kring_store *s);
/* After a removal is committed: checkpoints the WAL into the database and
 * truncates it, so that removed text is left only as zeroed pages. */
void kr_erase_wal(kring_store *s);

/* The numbers of a case being replaced (the audit log's: schema.c), kept
 * for the case and for each person whose id stays (store_number.c): read
 * from the store, and freed. */
struct keys {
    long long case_key, last_person_key;
    long long version; /* the case's version (schema 7) */
    char **ids;        /* the people's ids, owned */
    long long *people; /* their numbers */
    size_t n, cap;
};
kring_status kr_keys_read(kring_store *s, const char *code, struct keys *k,
                          kring_error *err);
/* Inserts case C; with KEYS (a replacement or a copy) under those numbers:
 * a person whose id KEYS has keeps its number (store_case.c). */
kring_status kr_insert_case(kring_store *s, const kring_case *c,
                            const struct keys *keys, kring_error *err);
/* Runs SQL with ?1 bound to CODE; *CHANGED (unless NULL) the rows it
 * changed (store_case.c). */
kring_status kr_delete_where_code(kring_store *s, const char *sql,
                                  const char *code, int *changed,
                                  kring_error *err);
/* Whether case CODE is stored, into *FOUND. */
kring_status kr_case_exists(kring_store *s, const char *code, int *found,
                            kring_error *err);
/* kring db copy (store_copy.c). */
kring_status kr_sq_case_keys(kring_store *s, const kring_case *c,
                             kring_case_keys *k, kring_error *err);
kring_status kr_sq_put_copies(kring_store *s, const kring_case *const *c,
                              const kring_case_keys *k, size_t n, bool replace,
                              long long *case_key, size_t *taken,
                              kring_error *err);
kring_status kr_sq_new_case_key(kring_store *s, long long *key,
                                kring_error *err);
kring_status kr_sq_append_audit(kring_store *s, const kring_audit_entry *e,
                                size_t n, kring_error *err);
void kr_keys_release(struct keys *k);

#endif
