/* What a store backend implements (private to src/store/): a table of
 * operations, as git's struct ref_storage_be or SQLite's VFS. store.c
 * chooses the backend by where the store is (kr_backends[]), keeps what
 * every backend shares (the account and command for the audit log, the
 * thread's read command, stores kept open for a server's threads) and
 * calls the backend for everything else. The promises each operation
 * keeps are those of include/kring/store.h and ../README. */
#ifndef KRING_STORE_BACKEND_H
#define KRING_STORE_BACKEND_H

#include "internal.h"

/* The part of a store every backend shares; a backend's own struct begins
 * with it (struct kr_sqlite { kring_store base; ... }). */
struct kring_store {
    const struct kr_store_ops *ops;
    char *where;    /* the path or address it was opened from */
    unsigned flags; /* KRING_STORE_* it was opened with */
    int readonly;   /* KRING_STORE_READONLY */
    char *user;     /* for the audit log */
    int user_given; /* USER was set by kring_store_set_user() */
    char *command;  /* for the audit log: kring_store_set_command() */
    /* The account acted as (kring_store_act_as(); 0: none), its role's
     * name and where its request came from, for the access log. */
    long long user_id;
    char *role;
    char *address;
    int tx_open; /* inside kring_store_begin() */
    /* The last failure was one the database asks to try again (a
     * deadlock, a serialization failure): set by the backend, cleared by
     * kring_store_retry(). */
    int retryable;
    unsigned long long seed; /* for the jitter of a retry's wait */
};

/* Tries of a transaction failed for another's sake before it is
 * reported (kring_store_retry()). */
#define KR_TRIES 5

/* The access log's words for an erasure (kring_store_erase_case()). */
#define KR_ERASED_REQUEST "case erased on request"
#define KR_ERASED_RETENTION "case erased: its time was up"

typedef struct kr_store_ops {
    const char *name; /* "sqlite" */
    size_t size;      /* of the backend's struct */
    /* Whether WHERE (a --db or KRING_DB) names a store of this backend. */
    int (*claims)(const char *where);
    /* Loads the library the backend needs (kring_store_preload()); NULL
     * when it needs none. */
    kring_status (*preload)(kring_error *err);
    /* Opens the store at WHERE into S (allocated SIZE bytes, zeroed, its
     * shared part filled in): creates (privately) unless READONLY, refuses
     * one that others may read unless SHARED_OK, migrates forward,
     * refuses a newer schema. On error the front calls close. */
    kring_status (*open)(kring_store *s, const char *where, unsigned flags,
                         kring_error *err);
    /* Releases what open took (not S itself); after a failed open too. */
    void (*close)(kring_store *s);
    /* Whether S may serve again for WHERE as it is: no transaction open,
     * still the same store (not replaced), this kring's schema, and still
     * private unless opened SHARED_OK. One that may acts as nobody again
     * (kring_store_act_as()) in the store behind it. */
    int (*reusable)(kring_store *s, const char *where);

    kring_status (*begin)(kring_store *s, kring_error *err);
    kring_status (*commit)(kring_store *s, kring_error *err);
    void (*rollback)(kring_store *s);

    kring_status (*list_cases)(kring_store *s, kring_case_summary **out,
                               size_t *n, kring_error *err);
    /* The same lines handed to FN one by one, PASSES times in one read. */
    kring_status (*each_summary)(kring_store *s, int passes,
                                 kring_summary_fn fn, void *ctx,
                                 kring_error *err);
    /* The case with CODE: WHOLE with snapshots and choices, else people and
     * ties only; with STAMP (not NULL) its stamp, never 0. */
    kring_status (*load)(kring_store *s, const char *code, int whole,
                         kring_case **out, uint64_t *stamp, kring_error *err);
    kring_status (*case_version)(kring_store *s, const char *code,
                                 uint64_t *version, kring_error *err);
    /* With AHEAD, the next cases are read in a second thread while FN
     * works (kring_store_each_network_ahead()). */
    kring_status (*each_network)(kring_store *s, kring_case_fn fn, void *ctx,
                                 int ahead, kring_error *err);

    /* The changes: each checks its case and people as the database does
     * (the front has checked them with the model already), is a
     * transaction of its own or nests in begin(), and writes its line of
     * the audit log (the shared part's user and command). */
    kring_status (*put_case)(kring_store *s, const kring_case *c, bool replace,
                             kring_error *err);
    /* EVENT the line's words: "case removed", or an erasure's
     * (kring_store_erase_case()). */
    kring_status (*delete_case)(kring_store *s, const char *code,
                                const char *event, kring_error *err);
    kring_status (*insert_person)(kring_store *s, const char *code,
                                  const kring_person *p, kring_error *err);
    kring_status (*update_person)(kring_store *s, const char *code,
                                  const kring_person *p, kring_error *err);
    kring_status (*delete_person)(kring_store *s, const char *code,
                                  const char *id, kring_error *err);
    kring_status (*insert_tie)(kring_store *s, const char *code,
                               const kring_tie *t, kring_error *err);
    kring_status (*delete_tie)(kring_store *s, const char *code, const char *a,
                               const char *b, kring_error *err);
    kring_status (*update_tie)(kring_store *s, const char *code,
                               const kring_tie *t, kring_error *err);
    kring_status (*insert_snapshot)(kring_store *s, const char *code,
                                    const kring_snapshot *sn, kring_error *err);
    kring_status (*insert_choice)(kring_store *s, const char *code,
                                  const kring_choice *ch, kring_error *err);
    kring_status (*set_case_extra)(kring_store *s, const char *code,
                                   const char *extra, kring_error *err);
    kring_status (*insert_suggestion)(kring_store *s, const char *code,
                                      const kring_suggestion *sg,
                                      kring_error *err);
    kring_status (*decide_suggestion)(kring_store *s, const char *code,
                                      size_t n, kring_suggestion_status status,
                                      const char *date, kring_error *err);
    kring_status (*insert_outcome)(kring_store *s, const char *code,
                                   const kring_outcome *o, kring_error *err);
    kring_status (*each_facts)(kring_store *s, long long team,
                               kring_facts_fn fn, void *ctx, kring_error *err);
    kring_status (*put_facts)(kring_store *s, const char *code,
                              long long version, const kring_case_facts *f,
                              kring_error *err);

    kring_status (*audit)(kring_store *s, const char *code, unsigned what,
                          long long *case_key, kring_audit_entry **out,
                          size_t *n, kring_error *err);
    kring_status (*backup)(kring_store *s, const char *path, kring_error *err);
    kring_status (*check)(kring_store *s, const char *path,
                          kring_check_report *r, kring_error *err);
    kring_status (*people_numbers)(kring_store *s, const kring_case *c,
                                   long *number, kring_error *err);
    kring_status (*next_code_number)(kring_store *s, int year, unsigned *next,
                                     kring_error *err);
    /* kring db copy (include/kring/store.h). */
    kring_status (*case_keys)(kring_store *s, const kring_case *c,
                              kring_case_keys *k, kring_error *err);
    kring_status (*put_copies)(kring_store *s, const kring_case *const *c,
                               const kring_case_keys *k, size_t n, bool replace,
                               long long *case_key, size_t *taken,
                               kring_error *err);
    /* May be NULL: the front loads one case after the other. */
    kring_status (*read_back)(kring_store *s, const char *const *code, size_t n,
                              kring_case **out, kring_error *err);
    kring_status (*new_case_key)(kring_store *s, long long *key,
                                 kring_error *err);
    kring_status (*append_audit)(kring_store *s, const kring_audit_entry *e,
                                 size_t n, kring_error *err);
    /* The organisation (include/kring/org.h); NULL: a store that keeps
     * none (a file), and the front refuses. */
    const struct kr_org_ops *org;
} kr_store_ops;

/* The organisation's operations, as include/kring/org.h promises them;
 * the front has checked the names, logins and roles. */
typedef struct kr_org_ops {
    kring_status (*team_add)(kring_store *s, const char *name, long long *id,
                             kring_error *err);
    kring_status (*team_list)(kring_store *s, kring_team **out, size_t *n,
                              kring_error *err);
    kring_status (*user_add)(kring_store *s, const char *login,
                             const char *name, kring_account_role role,
                             const char *const *teams, size_t n, long long *id,
                             kring_error *err);
    kring_status (*user_list)(kring_store *s, kring_user **out, size_t *n,
                              kring_error *err);
    kring_status (*user_disable)(kring_store *s, const char *login,
                                 kring_error *err);
    kring_status (*user_teams)(kring_store *s, const char *login,
                               const char *const *teams, size_t n,
                               kring_error *err);
    kring_status (*case_assign)(kring_store *s, const char *code,
                                const char *team, const char *responsible,
                                kring_error *err);
    kring_status (*break_glass)(kring_store *s, const char *code,
                                const char *reason, int minutes,
                                kring_error *err);
    /* Sets the account the database's row-level security acts for, or
     * none (0); *ROLE its role, *LOGIN (allocated) its login. */
    kring_status (*act_as)(kring_store *s, long long user_id,
                           kring_account_role *role, char **login,
                           kring_error *err);
    kring_status (*audit_verify)(kring_store *s, kring_audit_verdict *v,
                                 kring_error *err);
    kring_status (*grant)(kring_store *s, const char *role, kring_error *err);
    kring_status (*server_role)(kring_store *s, kring_error *err);
    kring_status (*seal)(kring_store *s, long long *n, kring_error *err);
    kring_status (*session_purge)(kring_store *s, int idle, int absolute,
                                  kring_error *err);
    kring_status (*case_holder)(kring_store *s, const char *code,
                                long long *team, long long *responsible,
                                bool *glass, kring_error *err);
    kring_status (*glass_list)(kring_store *s, kring_glass **out, size_t *n,
                               kring_error *err);
    kring_status (*holder_names)(kring_store *s, long long team, long long user,
                                 char *team_name, char *user_name, size_t cap,
                                 kring_error *err);
    kring_status (*audit_refused)(kring_store *s, const char *code,
                                  kring_error *err);
    kring_status (*account_teams)(kring_store *s, long long user_id,
                                  long long *teams, size_t cap, size_t *n,
                                  kring_error *err);
    kring_status (*enrolment)(kring_store *s, const char *login,
                              const char *code_hash, int hours,
                              kring_error *err);
    kring_status (*enrolment_find)(kring_store *s, const char *code_hash,
                                   long long *user_id, char *login,
                                   kring_error *err);
    kring_status (*enrolment_finish)(kring_store *s, const char *code_hash,
                                     const char *password_hash,
                                     const char *totp_secret, long long step,
                                     kring_error *err);
    kring_status (*login_read)(kring_store *s, const char *login,
                               kring_login *l, kring_error *err);
    kring_status (*login_outcome)(kring_store *s, long long user_id, bool ok,
                                  long long step, kring_error *err);
    kring_status (*session_begin)(kring_store *s, long long user_id,
                                  const char *token_hash, const char *csrf,
                                  const char *address, kring_error *err);
    kring_status (*session_find)(kring_store *s, const char *token_hash,
                                 int idle, int absolute, kring_session *out,
                                 kring_error *err);
    kring_status (*session_end)(kring_store *s, const char *token_hash,
                                bool everywhere, kring_error *err);
    kring_status (*case_close)(kring_store *s, const char *code,
                               const char *day, kring_error *err);
    kring_status (*closed_list)(kring_store *s, const char *day,
                                kring_closed **out, size_t *n,
                                kring_error *err);
    kring_status (*oidc_account)(kring_store *s, const char *subject,
                                 const char *login, long long *user_id,
                                 bool *bound, kring_error *err);
    kring_status (*user_oidc)(kring_store *s, const char *login,
                              const char *subject, kring_error *err);
    /* The young person's phone (include/kring/youth.h). */
    const struct kr_youth_ops *youth;
} kr_org_ops;

/* The young person's phone, as include/kring/youth.h promises it; the
 * front has checked the hashes and numbers. */
typedef struct kr_youth_ops {
    kring_status (*invite)(kring_store *s, const char *code,
                           const char *link_hash, const char *short_hash,
                           int minutes, kring_error *err);
    kring_status (*revoke)(kring_store *s, const char *code, kring_error *err);
    kring_status (*latest)(kring_store *s, const char *code,
                           kring_invitation *out, bool *found,
                           kring_error *err);
    kring_status (*claim)(kring_store *s, const char *link_hash,
                          const char *short_hash, const char *pin_hash,
                          const kring_passkey *key, const char *token_hash,
                          int idle, const char *address, char *code, size_t cap,
                          kring_error *err);
    kring_status (*session)(kring_store *s, const char *token_hash, int idle,
                            int life, kring_phone_state *state, char *code,
                            size_t cap, char *key_id, kring_error *err);
    kring_status (*pin_try)(kring_store *s, const char *token_hash, char *hash,
                            size_t cap, kring_error *err);
    kring_status (*pin_said)(kring_store *s, const char *token_hash, bool right,
                             int idle, const char *address, int *left,
                             kring_error *err);
    kring_status (*key_try)(kring_store *s, const char *token_hash,
                            kring_passkey *key, kring_error *err);
    kring_status (*key_said)(kring_store *s, const char *token_hash, bool right,
                             unsigned long long count, int idle,
                             const char *address, int *left, kring_error *err);
    kring_status (*end)(kring_store *s, const char *token_hash,
                        kring_error *err);
    kring_status (*purge)(kring_store *s, int life, kring_error *err);
    kring_status (*act_as)(kring_store *s, const char *token_hash,
                           kring_error *err);
    kring_status (*looked)(kring_store *s, kring_look **out, size_t *n,
                           kring_error *err);
} kr_youth_ops;

/* The backends (store.c lists them): the first that claims a place opens
 * it. */
extern const kr_store_ops kr_sqlite_store;
extern const kr_store_ops kr_postgresql_store;

/* Whether WHERE is an address ("scheme://..."), not a file's path. */
int kr_is_address(const char *where);
/* The name of the account kring runs as (or "uid N"); NULL if out of
 * memory. */
char *kr_user_name(void);
/* The command a read is logged as: the thread's, else the store's. */
const char *kr_read_command(const kring_store *s);
/* The kind a read is logged as on PostgreSQL: "read", "export" or
 * "print" (kring_store_set_read_kind()). */
const char *kr_read_kind(void);
/* Whether the read of case KEY was logged already under this thread's
 * read command (a web page loads its case more than once: one line);
 * notes it if not. Always 0 without a thread's read command. */
int kr_read_seen(long long key);

/* Folds BYTES into the FNV-1a digest *H (a case's stamp and version). */
void kr_fold(uint64_t *h, const void *bytes, size_t n);
/* Adds a line to the problems of `kring check`. */
kring_status kr_problem(kring_check_report *r, kring_error *err,
                        const char *fmt, ...) KR_PRINTF(3, 4);
/* Loads case CODE whole without logging the read (kring check shows no
 * case). */
typedef kring_status (*kr_load_fn)(kring_store *s, const char *code,
                                   kring_case **out, kring_error *err);
/* `kring check`'s reading of the N CASES: each loaded with LOAD and
 * checked against the model's rules, counted into R. */
kring_status kr_check_cases(kring_store *s, const kring_case_summary *cases,
                            size_t n, kr_load_fn load, kring_check_report *r,
                            kring_error *err);

/* Reads the next case of the walk WALK into *OUT (NULL after the last). */
typedef kring_status (*kr_next_fn)(void *walk, kring_case **out,
                                   kring_error *err);
/* Gives every case NEXT reads to FN, in order, each freed after FN
 * returns (ahead.c): in turn, or with a second thread reading ahead while
 * FN works (kring_store_each_network_ahead() says what it promises). */
kring_status kr_walk_in_turn(kr_next_fn next, void *walk, kring_case_fn fn,
                             void *ctx, kring_error *err);
kring_status kr_walk_ahead(kr_next_fn next, void *walk, kring_case_fn fn,
                           void *ctx, kring_error *err);

/* The columns of a case list's line after code, name, birth year, people
 * and ties: what kring_evaluation_due_from() takes (the first active
 * step's date, the last outcome's date, 1 when the trajectory ended),
 * for the case c. The same SQL on both backends. */
/* The columns of case_facts after case_code, in kr_facts_of()'s order. */
#define KR_FACTS_COLUMNS                                                       \
    "intake, stage, days, now_people, now_supportive, now_inner, "             \
    "now_sectors, now_zrm, before_people, before_supportive, before_inner, "   \
    "before_sectors, before_zrm, outcome, placement, secure_care, school, "    \
    "goals, ended, satisfaction"
#define KR_FACTS_N 20
/* The value of column I (0..KR_FACTS_N-1) of F, as an integer; -1 for
 * NULL (the intake, column 0, is text: see kr_facts_intake). */
long long kr_facts_value(const kring_case_facts *f, int i);
/* Sets column I of F to V (-1: NULL). */
void kr_facts_set(kring_case_facts *f, int i, long long v);

#define KR_EVALUATION_COLUMNS                                                  \
    "(SELECT min(date) FROM choices h WHERE h.case_code = c.code AND "         \
    "h.status = 'active'), (SELECT max(date) FROM outcomes o WHERE "           \
    "o.case_code = c.code), CASE WHEN EXISTS (SELECT 1 FROM outcomes o "       \
    "WHERE o.case_code = c.code AND o.ended_as_planned IS NOT NULL) OR "       \
    "EXISTS (SELECT 1 FROM choices h WHERE h.case_code = c.code AND "          \
    "h.status = 'ended' AND h.date >= (SELECT min(date) FROM choices a "       \
    "WHERE a.case_code = c.code AND a.status = 'active')) THEN 1 ELSE 0 END"

#endif
