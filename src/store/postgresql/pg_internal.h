/* Private to the PostgreSQL backend. */
#ifndef KRING_PG_INTERNAL_H
#define KRING_PG_INTERNAL_H

#include "backend.h"
#include "pq_api.h"

/* kr_pg_migrations[i], a NULL-terminated list of statements, brings
 * kring's schema from version i to i + 1 (schema.c); version 0 is a
 * schema with no tables. The versions are those of the SQLite backend
 * (KRING_SCHEMA_VERSION): the first step makes version 7 whole. */
extern const char *const *const kr_pg_migrations[];
extern const int kr_pg_migration_count;
/* The version each step of kr_pg_migrations[] ends at. */
extern const int kr_pg_migration_version[];
/* The young person's phone (youth.c). */
extern const struct kr_youth_ops kr_pg_youth;
/* Version 12's statements (schema_youth.c). */
extern const char *const kr_pg_v12[];
extern const char *const kr_pg_v13[];
extern const char *const kr_pg_v14[];
extern const char *const kr_pg_v15[];

/* A store of this backend: the shared part (backend.h), then libpq's. */
#define KR_PG_PREPARED 128 /* statements kept prepared on a connection */

typedef struct kr_pg {
    kring_store base;
    PGconn *conn;
    char schema[64]; /* kring's schema in the database ("kring") */
    char *shown;     /* the database as messages name it: "kring on host" */
    int in_tx;       /* inside kring_store_begin() */
    int op_depth;    /* kr_pg_op_begin()s not yet ended */
    int op_tx;       /* the outermost of them began the transaction */
    int erased;      /* a case was removed: VACUUM after the commit */
    int current;     /* opened on kring's schema of this version */
    char state[6];   /* the SQLSTATE of the last failure ("23505") */
    /* The statements with parameters prepared on CONN, by their text: the
     * server parses and plans each once for the connection, not at every
     * run (its row-level security and SQL functions made that most of
     * kring server's cost in PostgreSQL). Named "k" and their place. */
    struct kr_prepared {
        char *sql;
        uint64_t hash; /* FNV-1a of SQL */
    } prepared[KR_PG_PREPARED];
    int n_prepared;
} kr_pg;

#define PG(s) ((kr_pg *)(s))

/* The parameters of one statement: text (NULL for SQL's NULL). */
#define KR_PG_MAX_PARAMS 32
typedef struct kr_params {
    const char *v[KR_PG_MAX_PARAMS];
    char num[KR_PG_MAX_PARAMS][32]; /* numbers written as text */
    int n;
} kr_params;

void kr_param_text(kr_params *p, const char *v);
void kr_param_int(kr_params *p, long long v);
/* V, or NULL when V is UNKNOWN. */
void kr_param_int_or_null(kr_params *p, long long v, long long unknown);
void kr_param_real_or_null(kr_params *p, double v);
void kr_param_bool(kr_params *p, int v);
void kr_param_enum(kr_params *p, kring_enum e, int v);

/* Runs SQL with P (may be NULL); *RES (unless RES is NULL) the result,
 * the caller's to PQclear(). A failure is turned into a kring error. */
/* SQL with P's parameters run as a statement prepared on the connection
 * (prepared at its first run, while there is room): its result, as
 * PQexecParams() gives it (prepared.c). */
PGresult *kr_pg_run_prepared(kring_store *s, const char *sql,
                             const kr_params *p);
/* Forgets the statements prepared on a connection closed. */
void kr_pg_prepared_forget(kring_store *s);
kring_status kr_pg_run(kring_store *s, const char *sql, const kr_params *p,
                       PGresult **res, kring_error *err);
/* The rows SQL changed (an UPDATE or DELETE), into *N. */
kring_status kr_pg_changed(kring_store *s, const char *sql, const kr_params *p,
                           long *n, kring_error *err);
/* Turns a failed result (or, with RES NULL, the connection's failure) into
 * a kring error; notes in the store whether PostgreSQL asks to try the
 * transaction again (a deadlock, a serialization failure). */
kring_status kr_pg_error(kring_store *s, PGresult *res, kring_error *err);

/* Runs SQL, a "COPY ... FROM STDIN", with the LEN bytes ROWS in COPY's
 * text format (bulk.c): many rows of a table in one statement. */
kring_status kr_pg_copy_in(kring_store *s, const char *sql, const char *rows,
                           size_t len, kring_error *err);
/* The N texts V as an array's text for a parameter ("{\"a\",\"b\"}", then
 * $1::text[]); NULL when out of memory. */
char *kr_pg_text_array(const char *const *v, size_t n);
/* Pipeline mode (libpq's): statements sent one after the other without
 * waiting for each answer, then all answered at once, one round trip to
 * the server for many statements (a case's rows written, a case read).
 * kr_pg_pipe_start() enters it; kr_pg_pipe_send() sends a statement (a
 * failure to send is kept for the end); kr_pg_pipe_end() waits for every
 * answer, leaves pipeline mode and returns the first failure, the
 * statements after it not run. With OUT (N entries, one per statement
 * sent), each statement's result is kept there for the caller to
 * PQclear(), NULL for one not run. */
typedef struct kr_pipe {
    int sent;      /* statements sent */
    int failed;    /* a statement could not be sent */
    int failed_at; /* kr_pg_pipe_end(): the statement that failed, or -1 */
} kr_pipe;
kring_status kr_pg_pipe_start(kring_store *s, kr_pipe *pp, kring_error *err);
void kr_pg_pipe_send(kring_store *s, kr_pipe *pp, const char *sql,
                     const kr_params *p);
/* The same with N values V (a statement of many rows). */
void kr_pg_pipe_send_n(kring_store *s, kr_pipe *pp, const char *sql, int n,
                       const char *const *v);
kring_status kr_pg_pipe_end(kring_store *s, kr_pipe *pp, PGresult **out, int n,
                            kring_error *err);

/* A savepoint around one change: alone a transaction, nested inside
 * kring_store_begin(). kr_pg_op_end() releases it on KRING_OK, else rolls
 * it back, and returns RC. */
kring_status kr_pg_op_begin(kring_store *s, kring_error *err);
kring_status kr_pg_op_end(kring_store *s, kring_status rc, kring_error *err);
/* Whether the last failure was a unique key taken (SQLSTATE 23505). */
int kr_pg_taken(const kring_store *s);
/* Whether a load is a read to log: not inside a transaction that
 * changes. */
int kr_pg_read_logged(const kring_store *s);
/* Locks case CODE's row for the rest of the transaction (a writer waits
 * for another writer of the same case, never for one of another case);
 * KRING_ERR_NOT_FOUND if there is none. *KEY its number (may be NULL). */
kring_status kr_pg_lock_case(kring_store *s, const char *code, long long *key,
                             kring_error *err);

/* A column's value as a number, or UNKNOWN for NULL. */
long long kr_pg_int(const PGresult *r, int row, int col, long long unknown);
/* A copy of a column (NULL stays NULL unless EMPTY asks for ""); 1 when
 * out of memory. */
int kr_pg_dup(const PGresult *r, int row, int col, int empty, char **out);

/* The version of kring's schema in PostgreSQL: the SQLite backend's
 * (KRING_SCHEMA_VERSION), 8 the organisation, 9 OpenID Connect and
 * closed cases, 10 the account of a login through OpenID Connect
 * (schema.c), 12 the young person's phone (schema_youth.c), 14 the
 * outcomes, in both stores (schema_report.c), 15 the report's facts. */
#define KR_PG_SCHEMA_VERSION 15

/* A line of the access log as JSON, the text its hash is made of
 * (schema.c's audit_seal(), admin.c's kring audit verify); R the row. */
#define AUDIT_LINE_JSON(r)                                                     \
    "json_build_array(" r ".seq, " r ".at, " r ".\"user\", " r ".user_id, " r  \
    ".role, " r ".behalf, " r ".command, " r ".kind, " r ".event, " r          \
    ".case_key, " r ".person_key, " r ".other_key, " r ".address, " r          \
    ".outcome)::text"

/* $1 to $4 of a line of the access log: the account, its number and
 * role, and where from (log.c). */
void kr_pg_bind_who(kring_store *s, kr_params *q);
/* kring case close and kring retention (retention.c). */
kring_status kr_pg_case_close(kring_store *s, const char *code, const char *day,
                              kring_error *err);
kring_status kr_pg_closed_list(kring_store *s, const char *day,
                               kring_closed **out, size_t *n, kring_error *err);

/* A line of the organisation's (org.c): KIND, EVENT, the case's number and
 * another number (an account's, a team's), each 0 for none. */
kring_status kr_pg_org_line(kring_store *s, const char *kind, const char *event,
                            long long case_key, long long other,
                            kring_error *err);
/* Seals the access log's lines waiting (schema.c's audit_seal()), in a
 * READ COMMITTED transaction of its own; nothing inside another. How
 * many into *N unless NULL (connection.c). */
kring_status kr_pg_seal(kring_store *s, long long *n, kring_error *err);
/* A refused look at a case (log.c). */
kring_status kr_pg_audit_refused(kring_store *s, const char *code,
                                 kring_error *err);
/* The organisation's operations (org.c), and of them logging in
 * (login.c). */
extern const kr_org_ops kr_pg_org;
/* Account LOGIN locked for the transaction: its number and whether it is
 * disabled; KRING_ERR_NOT_FOUND without it (login.c). */
kring_status kr_pg_lock_account(kring_store *s, const char *login,
                                long long *id, int *disabled, kring_error *err);
kring_status kr_pg_enrolment(kring_store *s, const char *login,
                             const char *code_hash, int hours,
                             kring_error *err);
kring_status kr_pg_enrolment_find(kring_store *s, const char *code_hash,
                                  long long *user_id, char *login,
                                  kring_error *err);
kring_status kr_pg_enrolment_finish(kring_store *s, const char *code_hash,
                                    const char *password_hash,
                                    const char *totp_secret, long long step,
                                    kring_error *err);
kring_status kr_pg_login_read(kring_store *s, const char *login, kring_login *l,
                              kring_error *err);
kring_status kr_pg_login_outcome(kring_store *s, long long user_id, bool ok,
                                 long long step, kring_error *err);
kring_status kr_pg_session_begin(kring_store *s, long long user_id,
                                 const char *token_hash, const char *csrf,
                                 const char *address, kring_error *err);
kring_status kr_pg_session_find(kring_store *s, const char *token_hash,
                                int idle, int absolute, kring_session *out,
                                kring_error *err);
kring_status kr_pg_session_end(kring_store *s, const char *token_hash,
                               bool everywhere, kring_error *err);
kring_status kr_pg_oidc_account(kring_store *s, const char *subject,
                                const char *login, long long *user_id,
                                bool *bound, kring_error *err);
kring_status kr_pg_user_oidc(kring_store *s, const char *login,
                             const char *subject, kring_error *err);
kring_status kr_pg_session_purge(kring_store *s, int idle, int absolute,
                                 kring_error *err);

/* The audit log: as the SQLite backend's (store_internal.h). */
kring_status kr_pg_audit_line(kring_store *s, const char *event,
                              const char *code, const char *a, const char *b,
                              kring_error *err);
/* The columns of a row of people, in the order kr_pg_bind_person() gives
 * their values. */
#define PERSON_NAMES                                                           \
    "case_code, id, name, role, sector, ring, age, contact, known_years, "     \
    "support, hours_per_week, travel_minutes, reachable, quality, status, "    \
    "formal, willing, concern, frightens, nominated, lives_with_child, "       \
    "adult, notes, extra, youth_note"
/* The columns read.c and walk.c read a case's rows by, each row made
 * into the case by kr_pg_head_row(), kr_pg_add_person() and
 * kr_pg_add_tie() (*KEY the case's number). */
#define PEOPLE_COLUMNS                                                         \
    "id, name, role, sector, ring, age, contact, known_years, support, "       \
    "hours_per_week, travel_minutes, reachable, quality, status, formal, "     \
    "willing, concern, frightens, nominated, lives_with_child, adult, "        \
    "notes, extra, youth_note"
#define TIE_COLUMNS "a, b, strength, quality, extra"
#define CASE_COLUMNS                                                           \
    "code, name, birth_year, notes, extra, file_extra, case_key"
#define LIST_SQL                                                               \
    "SELECT code, name, birth_year, (SELECT count(*) FROM people p WHERE "     \
    "p.case_code = c.code), (SELECT count(*) FROM ties t WHERE t.case_code "   \
    "= c.code), " KR_EVALUATION_COLUMNS " FROM cases c ORDER BY code"
kring_status kr_pg_head_row(kring_case *c, const PGresult *r, int i,
                            long long *key, kring_error *err);
kring_status kr_pg_add_person(kring_case *c, const PGresult *r, int i,
                              kring_error *err);
kring_status kr_pg_add_tie(kring_case *c, const PGresult *r, int i,
                           kring_error *err);
/* Line I of R (LIST_SQL's columns) into CS, its strings R's. */
kring_status kr_pg_summary_of(const PGresult *r, int i, kring_case_summary *cs);
/* A read of several statements sees one moment: in a transaction of its
 * own (*OWN) unless one is open; kr_pg_read_end() ends it, committed on
 * RC KRING_OK, and returns RC or the commit's failure. */
kring_status kr_pg_read_begin(kring_store *s, int *own, kring_error *err);
kring_status kr_pg_read_end(kring_store *s, int own, kring_status rc,
                            kring_error *err);
/* The values of a case's own row (6: code, name, birth_year, notes,
 * extra, file_extra), of a row of people (25: the case's code, then the
 * person's columns), ties (6), snapshots (5; *NETWORK the caller's to free),
 * choices (6) and suggestions (10), as the statements that write them
 * take them (write.c, bulk.c). */
void kr_pg_bind_case(kr_params *q, const kring_case *c);
void kr_pg_bind_person(kr_params *q, const char *code, const kring_person *p);
void kr_pg_bind_tie(kr_params *q, const char *code, const kring_tie *t);
kring_status kr_pg_bind_snapshot(kr_params *q, const char *code,
                                 const kring_snapshot *sn, char **network,
                                 kring_error *err);
void kr_pg_bind_choice(kr_params *q, const char *code, const kring_choice *ch);
void kr_pg_bind_suggestion(kr_params *q, const char *code,
                           const kring_suggestion *sg);
void kr_pg_bind_outcome(kr_params *q, const char *code, const kring_outcome *o);
/* kr_pg_audit_line() sent in a pipeline. */
void kr_pg_audit_send(kring_store *s, kr_pipe *pp, const char *event,
                      const char *code, const char *a, const char *b);
kring_status kr_pg_log_reads(kring_store *s, const long long *keys, size_t n,
                             kring_error *err);
kring_status kr_pg_log_read_all(kring_store *s, long long *max,
                                kring_error *err);
kring_status kr_pg_log_list(kring_store *s, kring_error *err);
/* A line of the log that reads no case: EVENT ("report drawn"). */
kring_status kr_pg_log_look(kring_store *s, const char *event,
                            kring_error *err);
/* The list of cases, and with LOG its line in the audit log. */
kring_status kr_pg_list(kring_store *s, int log, kring_case_summary **out,
                        size_t *n, kring_error *err);
kring_status kr_pg_load_case(kring_store *s, const char *code, int whole,
                             int log, kring_case **out, uint64_t *stamp,
                             kring_error *err);

/* The operations of kr_postgresql_store (backend.c). */
kring_status kr_pg_open(kring_store *s, const char *where, unsigned flags,
                        kring_error *err);
void kr_pg_close(kring_store *s);
int kr_pg_reusable(kring_store *s, const char *where);
kring_status kr_pg_begin(kring_store *s, kring_error *err);
kring_status kr_pg_commit(kring_store *s, kring_error *err);
void kr_pg_rollback(kring_store *s);
kring_status kr_pg_list_cases(kring_store *s, kring_case_summary **out,
                              size_t *n, kring_error *err);
kring_status kr_pg_each_summary(kring_store *s, int passes, kring_summary_fn fn,
                                void *ctx, kring_error *err);
kring_status kr_pg_load(kring_store *s, const char *code, int whole,
                        kring_case **out, uint64_t *stamp, kring_error *err);
kring_status kr_pg_case_version(kring_store *s, const char *code,
                                uint64_t *version, kring_error *err);
kring_status kr_pg_each_network(kring_store *s, kring_case_fn fn, void *ctx,
                                int ahead, kring_error *err);
kring_status kr_pg_put_case(kring_store *s, const kring_case *c, bool replace,
                            kring_error *err);
kring_status kr_pg_delete_case(kring_store *s, const char *code,
                               const char *event, kring_error *err);
kring_status kr_pg_insert_person(kring_store *s, const char *code,
                                 const kring_person *p, kring_error *err);
kring_status kr_pg_update_person(kring_store *s, const char *code,
                                 const kring_person *p, kring_error *err);
kring_status kr_pg_delete_person(kring_store *s, const char *code,
                                 const char *id, kring_error *err);
kring_status kr_pg_insert_tie(kring_store *s, const char *code,
                              const kring_tie *t, kring_error *err);
kring_status kr_pg_delete_tie(kring_store *s, const char *code, const char *a,
                              const char *b, kring_error *err);
kring_status kr_pg_update_tie(kring_store *s, const char *code,
                              const kring_tie *t, kring_error *err);
kring_status kr_pg_insert_snapshot(kring_store *s, const char *code,
                                   const kring_snapshot *sn, kring_error *err);
kring_status kr_pg_insert_choice(kring_store *s, const char *code,
                                 const kring_choice *ch, kring_error *err);
kring_status kr_pg_set_case_extra(kring_store *s, const char *code,
                                  const char *extra, kring_error *err);
kring_status kr_pg_each_facts(kring_store *s, long long team, kring_facts_fn fn,
                              void *ctx, kring_error *err);
kring_status kr_pg_put_facts(kring_store *s, const char *code,
                             long long version, const kring_case_facts *f,
                             kring_error *err);
kring_status kr_pg_insert_outcome(kring_store *s, const char *code,
                                  const kring_outcome *o, kring_error *err);
kring_status kr_pg_insert_suggestion(kring_store *s, const char *code,
                                     const kring_suggestion *sg,
                                     kring_error *err);
kring_status kr_pg_decide_suggestion(kring_store *s, const char *code, size_t n,
                                     kring_suggestion_status status,
                                     const char *date, kring_error *err);
kring_status kr_pg_audit(kring_store *s, const char *code, unsigned what,
                         long long *case_key, kring_audit_entry **out,
                         size_t *n, kring_error *err);
kring_status kr_pg_backup(kring_store *s, const char *path, kring_error *err);
kring_status kr_pg_check(kring_store *s, const char *path,
                         kring_check_report *r, kring_error *err);
kring_status kr_pg_people_numbers(kring_store *s, const kring_case *c,
                                  long *number, kring_error *err);
kring_status kr_pg_case_keys(kring_store *s, const kring_case *c,
                             kring_case_keys *k, kring_error *err);
kring_status kr_pg_put_copies(kring_store *s, const kring_case *const *c,
                              const kring_case_keys *k, size_t n, bool replace,
                              long long *case_key, size_t *taken,
                              kring_error *err);
kring_status kr_pg_read_back(kring_store *s, const char *const *code, size_t n,
                             kring_case **out, kring_error *err);
kring_status kr_pg_new_case_key(kring_store *s, long long *key,
                                kring_error *err);
kring_status kr_pg_append_audit(kring_store *s, const kring_audit_entry *e,
                                size_t n, kring_error *err);
kring_status kr_pg_next_code_number(kring_store *s, int year, unsigned *next,
                                    kring_error *err);

#endif
