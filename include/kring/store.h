/* The store: every case in one SQLite file, created private (0600). */
#ifndef KRING_STORE_H
#define KRING_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "model.h"

typedef struct kring_store kring_store;

/* Flags of kring_store_open(). */
#define KRING_STORE_READONLY 1u /* never create or change the file */
/* Use a database file that others than its owner may read or write
 * (refused otherwise: docs/security.md). */
#define KRING_STORE_SHARED_OK 2u

/* The schema version this kring writes (PRAGMA user_version). */
#define KRING_SCHEMA_VERSION 15

/* --- what a case counts for in the organisation's report --------------- */

/* How far a young person's choice of a mentor got (the funnel): the
 * furthest step of the choice, an outcome counting as evaluated and one
 * that says whether the trajectory ended as planned as ended. */
typedef enum kring_stage {
    KRING_STAGE_NONE, /* nobody asked yet */
    KRING_STAGE_ASKED,
    KRING_STAGE_PARENTS_AGREED,
    KRING_STAGE_ACCEPTED,
    KRING_STAGE_ACTIVE,
    KRING_STAGE_EVALUATED,
    KRING_STAGE_ENDED,
    KRING_STAGE_COUNT
} kring_stage;

/* A network's figures in the report. */
typedef struct kring_net_facts {
    int people;     /* everyone in the network */
    int supportive; /* supportive informal adults */
    int inner;      /* inner adults: always there */
    int sectors;    /* sectors with someone in them */
    int zrm;        /* ZRM level 1..5 (docs/scoring.md) */
} kring_net_facts;

/* What the report counts of one case: nothing that names, dates only to
 * place the case in a period. */
typedef struct kring_case_facts {
    char intake[11];     /* the intake's date, "" when unknown */
    kring_stage stage;   /* the funnel */
    int days_to_mentor;  /* intake to the first step of the choice, -1 */
    int has_before;      /* the network at intake is known */
    kring_net_facts now; /* the network as it is */
    kring_net_facts before;
    int has_outcome; /* the latest outcome's words follow */
    kring_placement placement, secure_care;
    kring_school school;
    kring_goals goals;
    int ended_as_planned, satisfaction; /* -1 not recorded */
} kring_case_facts;

/* What kring_store_each_facts() calls with each case: its code, its
 * version (kring_store_case_version()'s number as the store keeps it) and
 * its kept facts, or F NULL when none are kept of this version (never
 * counted, or changed since: work them out from the case). */
typedef kring_status (*kring_facts_fn)(const char *code, long long version,
                                       const kring_case_facts *f, void *ctx,
                                       kring_error *err);

/* The path the store uses when none is given: $KRING_DB, else
 * $XDG_DATA_HOME/kring/kring.db, else ~/.local/share/kring/kring.db.
 * Caller frees. NULL with KRING_ERR_INVALID when no home is known. */
char *kring_store_default_path(kring_error *err);

/* Whether WHERE (a --db, KRING_DB) names a file, SQLite's, and not an
 * address (postgresql://...). */
int kring_store_is_file(const char *where);
/* WHERE as a message may show it: an address's password (user:PASSWORD@
 * or password=...) left out; caller frees. NULL when out of memory. */
char *kring_store_shown(const char *where);

/* Opens (and unless READONLY creates, with mode 0600, and migrates) the
 * database at PATH. A folder that does not exist is created with mode 0700.
 * READONLY on a missing file opens an empty store in memory. On error *OUT
 * is NULL and nothing was created. */
kring_status kring_store_open(const char *path, unsigned flags,
                              kring_store **out, kring_error *err);
/* Loads the library the store at PATH needs (SQLite) without opening it:
 * for a caller that starts a thread which loads others (Graphviz) while
 * it opens the store, since two dlopen()s at once wait for each other
 * (glibc's loader lock). kring_store_open() loads it anyway. */
kring_status kring_store_preload(const char *path, kring_error *err);
/* Closes the store; rolls back an open transaction. NULL is fine. */
void kring_store_close(kring_store *s);
/* Whether S, opened from PATH, may serve again as it is: no transaction
 * is open, PATH is still the file it opened (not replaced, as by a
 * restore), that file still has this kring's schema, and it is still
 * private (unless S was opened KRING_STORE_SHARED_OK). One that may acts
 * as nobody again (kring_store_act_as()), as when it was opened. */
int kring_store_reusable(kring_store *s, const char *path);
/* With ON, this thread keeps the stores it closes open (up to 4), and its
 * next kring_store_open() of the same path with the same flags takes one
 * back, if kring_store_reusable() holds: opening a store (the file's checks,
 * SQLite's reading of the schema, mapping the WAL's index) costs more
 * than a small read. An idle kept store holds no lock and no snapshot.
 * With 0 (and when the thread ends) they are closed. For a server's
 * threads (kring serve); a command opens once and does not need it. */
void kring_store_keep_open(int on);

/* One transaction around several calls: BEGIN IMMEDIATE (a write lock,
 * waited for up to the busy timeout). Without one, each call below is a
 * transaction of its own. */
kring_status kring_store_begin(kring_store *s, kring_error *err);
kring_status kring_store_commit(kring_store *s, kring_error *err);
/* Undoes everything since kring_store_begin(); harmless without one. */
void kring_store_rollback(kring_store *s);
/* After a transaction failed and was rolled back: whether to run it again
 * from its start, because the database failed it for another
 * transaction's sake (PostgreSQL's deadlock or serialization failure) and
 * this was try TRIES of at most 5; waits a moment first (10 ms, doubling,
 * drawn at random around that). 0 for any other failure: report it. A
 * single change outside kring_store_begin() is tried again by the store
 * itself. */
int kring_store_retry(kring_store *s, int tries);

/* A line of kring_store_list_cases(). */
typedef struct kring_case_summary {
    char *code;      /* owned */
    char *name;      /* owned */
    int birth_year;  /* 0 not recorded */
    size_t n_people; /* people now */
    size_t n_ties;   /* ties now */
    /* When the next evaluation is due ("YYYY-MM-DD"), "" when none is:
     * kring_evaluation_due() of the case. */
    char evaluation_due[11];
} kring_case_summary;

/* Every case, ordered by code. Logs one line "cases listed" (not a read
 * of each case: docs/security.md). Free with kring_case_summaries_free(). */
kring_status kring_store_list_cases(kring_store *s, kring_case_summary **out,
                                    size_t *n, kring_error *err);
void kring_case_summaries_free(kring_case_summary *list, size_t n);
/* What kring_store_each_summary() calls with each line: CS and its strings
 * are borrowed, valid only during the call; PASS counts from 0. A status
 * other than KRING_OK stops the walk. */
typedef kring_status (*kring_summary_fn)(const kring_case_summary *cs, int pass,
                                         void *ctx, kring_error *err);
/* The lines of kring_store_list_cases(), in its order, handed to FN one at
 * a time and kept nowhere: memory stays the same however many cases there
 * are. With PASSES above 1 the walk is made again, over the same lines
 * (one read transaction for all: a table is measured, then printed). Logs
 * the same one line "cases listed", before the first line is handed on.
 * Returns FN's error if it failed. */
kring_status kring_store_each_summary(kring_store *s, int passes,
                                      kring_summary_fn fn, void *ctx,
                                      kring_error *err);

/* The whole case with CODE; caller frees. KRING_ERR_NOT_FOUND if none.
 * Logs the read (audit log), unless inside kring_store_begin() on a store
 * that writes, where the changes made are logged: a read that cannot be
 * logged fails. The same holds for the other loads below. */
kring_status kring_store_load_case(kring_store *s, const char *code,
                                   kring_case **out, kring_error *err);
/* The case with its people and ties only (no snapshots, no choices): what a
 * change to the network needs, without reading every frozen snapshot. */
kring_status kring_store_load_network(kring_store *s, const char *code,
                                      kring_case **out, kring_error *err);
/* As kring_store_load_network(), and *STAMP a 64-bit digest (FNV-1a) of
 * every stored value the case was made of, never 0: the same stamp, the
 * same case (unless by chance, about 1 in 2^64; a server that keeps what
 * it drew of a case finds it again by its stamp without making it anew).
 * Not a version: two cases that are equal have the same stamp. */
kring_status kring_store_load_stamped(kring_store *s, const char *code,
                                      kring_case **out, uint64_t *stamp,
                                      kring_error *err);
/* *VERSION a 64-bit number of the case CODE as it is stored now, never 0,
 * read from one row (the case's own; schema 7), without reading the case:
 * it changes with every change to the case's own fields, its people or
 * its ties, by whatever wrote them, and a case removed and made again
 * under its code gets new ones (equal by chance about 1 in 2^64). Logs
 * the read, as a load does (a server answers with what it made of the
 * case before). KRING_ERR_NOT_FOUND if there is no case CODE. */
kring_status kring_store_case_version(kring_store *s, const char *code,
                                      uint64_t *version, kring_error *err);
/* What kring_store_each_network() calls with each case; a status other
 * than KRING_OK stops the walk. */
typedef kring_status (*kring_case_fn)(const kring_case *c, void *ctx,
                                      kring_error *err);
/* Calls FN with every case, by code, each loaded with its people and ties
 * only, one at a time and freed after FN returns: memory stays that of the
 * largest case. Reads in one transaction, after logging a read of every
 * case in one transaction (a case added meanwhile is logged after the
 * walk). Returns FN's error if it failed. */
kring_status kring_store_each_network(kring_store *s, kring_case_fn fn,
                                      void *ctx, kring_error *err);
/* As kring_store_each_network(), FN called on the caller's thread with
 * every case in the same order, while a second thread reads the next
 * ones: at most 32 cases are read ahead and 32 that FN is done with wait
 * to be freed by the reader, so memory stays that of 66 cases at most
 * (with the one FN has and the one the reader waits to put in).
 * FN must not use S meanwhile. Where no thread can be started, the cases
 * are read in turn. */
kring_status kring_store_each_network_ahead(kring_store *s, kring_case_fn fn,
                                            void *ctx, kring_error *err);
/* Calls FN with every case by code (of team TEAM on PostgreSQL; 0 every
 * team) and the facts the store keeps of it for the organisation's report,
 * or none when the case changed since they were kept (of another version,
 * or forgotten by a change to its snapshots, choices or outcomes, whoever
 * makes it). One read transaction; logs one line "report drawn" (no case:
 * the facts are counted, not shown), before the first is handed on. */
kring_status kring_store_each_facts(kring_store *s, long long team,
                                    kring_facts_fn fn, void *ctx,
                                    kring_error *err);
/* Keeps F as the facts of case CODE at VERSION (as FN was given it),
 * worked out from the case as it was then; not a change of the case (no
 * line in the log). */
kring_status kring_store_put_facts(kring_store *s, const char *code,
                                   long long version, const kring_case_facts *f,
                                   kring_error *err);

/* Stores a validated case as a new case (KRING_ERR_EXISTS if the code is
 * taken) or, with REPLACE, instead of the case with that code. */
kring_status kring_store_put_case(kring_store *s, const kring_case *c,
                                  bool replace, kring_error *err);
/* Removes the case and everything in it; when committed, the WAL is
 * emptied into the database, whose freed pages are zeroed (secure_delete),
 * so that no removed text is left in either. */
kring_status kring_store_delete_case(kring_store *s, const char *code,
                                     kring_error *err);

/* Why a case is erased (docs/privacy.md): on the request of the young
 * person or their parents (Jeugdwet art. 7.3.9), or because the time it
 * is kept has passed (art. 7.3.8, kring retention purge). */
typedef enum kring_erasure {
    KRING_ERASE_REQUEST,
    KRING_ERASE_RETENTION,
} kring_erasure;

/* Erases the case as kring_store_delete_case() removes it; the access log
 * keeps only that it was erased and why (on PostgreSQL a line of kind
 * 'erase'), and the reasons given for opening it by break-glass are
 * erased with it (who opened it, and when, stay for the privacy
 * officer). */
kring_status kring_store_erase_case(kring_store *s, const char *code,
                                    kring_erasure why, kring_error *err);

/* Single changes to a stored case; each validates what the database
 * checks and fails without change. */
kring_status kring_store_insert_person(kring_store *s, const char *code,
                                       const kring_person *p, kring_error *err);
kring_status kring_store_update_person(kring_store *s, const char *code,
                                       const kring_person *p, kring_error *err);
/* Removes the person and their ties; refuses a person with recorded
 * choices (their history would be lost). */
kring_status kring_store_delete_person(kring_store *s, const char *code,
                                       const char *id, kring_error *err);
kring_status kring_store_insert_tie(kring_store *s, const char *code,
                                    const kring_tie *t, kring_error *err);
kring_status kring_store_delete_tie(kring_store *s, const char *code,
                                    const char *a, const char *b,
                                    kring_error *err);
/* Sets the strength and quality of the tie T->a-T->b (in either order)
 * to T's, in its place among the case's ties. */
kring_status kring_store_update_tie(kring_store *s, const char *code,
                                    const kring_tie *t, kring_error *err);
/* Adds a snapshot (KRING_ERR_EXISTS when the case has one with its label
 * already), or a step of a mentor choice (its person must be in the
 * case). */
kring_status kring_store_insert_snapshot(kring_store *s, const char *code,
                                         const kring_snapshot *sn,
                                         kring_error *err);
kring_status kring_store_insert_choice(kring_store *s, const char *code,
                                       const kring_choice *ch,
                                       kring_error *err);
/* Adds the young person's suggestion SG (checked) after the case's others;
 * one about a person goes when that person is removed. */
kring_status kring_store_insert_suggestion(kring_store *s, const char *code,
                                           const kring_suggestion *sg,
                                           kring_error *err);
/* Marks the Nth (from 1, in the case's order) of case CODE's suggestions,
 * which must be open, STATUS (accepted or declined) on DATE (YYYY-MM-DD);
 * KRING_ERR_NOT_FOUND when there is no such open suggestion. */
kring_status kring_store_decide_suggestion(kring_store *s, const char *code,
                                           size_t n,
                                           kring_suggestion_status status,
                                           const char *date, kring_error *err);
/* Adds outcome O (checked) after the case's others; the audit log says
 * "outcome recorded". */
kring_status kring_store_insert_outcome(kring_store *s, const char *code,
                                        const kring_outcome *o,
                                        kring_error *err);
/* Replaces the case's x- keys with EXTRA (a JSON object text, or NULL). */
kring_status kring_store_set_case_extra(kring_store *s, const char *code,
                                        const char *extra, kring_error *err);

/* The command the audit log names for the changes that follow ("person
 * add"); a copy is kept. */
kring_status kring_store_set_command(kring_store *s, const char *command,
                                     kring_error *err);

/* The account the audit log names for what follows (a copy is kept);
 * NULL: the account kring runs as, as when the store was opened. */
kring_status kring_store_set_user(kring_store *s, const char *user,
                                  kring_error *err);

/* Names the command that the reads of a case made on this thread, from
 * any store, are logged as (up to 63 bytes), instead of the store's own;
 * NULL or "" goes back to the store's. kring serve names each request's
 * page ("serve: /case/N/youth"); changes keep the store's command; on
 * PostgreSQL the organisation's lines (break-glass, an assignment, an
 * account or team changed) are logged as it too. Until
 * it is called again, the loads of one case on this thread are one read:
 * one line. */
void kring_store_set_read_command(const char *command);

/* What a read of a case is, in the access log. */
typedef enum kring_read_kind {
    KRING_READ_LOOK,   /* shown: "read" (the default) */
    KRING_READ_EXPORT, /* a copy taken out of kring: "export" */
    KRING_READ_PRINT   /* a document to print: "print" */
} kring_read_kind;

/* Names what the reads of a case made on this thread, from any store,
 * are: `export` and `render` take a copy (KRING_READ_EXPORT), the sheet
 * and kring server's map as PDF are printed (KRING_READ_PRINT). The
 * organisation's log (PostgreSQL) keeps the kind, so that the client's
 * overview can say "took a copy" or "printed"; a file's log knows reads
 * and changes only, and logs every read as one. Until it is called again
 * or kring_store_set_read_command() is, which sets it back to
 * KRING_READ_LOOK. */
void kring_store_set_read_kind(kring_read_kind kind);

/* A line of the audit log: a change or a read, never the data. A case and
 * a person are named by their numbers, never by a code or an id: a case's
 * number is never given to another case, a person's never to another
 * person of the case (docs/security.md). */
typedef struct kring_audit_entry {
    long long seq;
    char at[21];   /* UTC, "YYYY-MM-DDTHH:MM:SSZ" */
    char *user;    /* the account that made it */
    char *command; /* "person add", "serve: /case/N/youth", ... */
    bool read;     /* a read, not a change */
    /* "read", "change"; on PostgreSQL also "assign" and "break_glass"
     * (docs/server.md), which --changes lists with the changes. */
    char kind[16];
    char role[24];        /* the account's role on kring server; "" elsewhere */
    char address[48];     /* where the request came from (kring server), "" */
    bool refused;         /* kring server refused the look (docs/server.md) */
    char *event;          /* "person added", "case read", "cases listed" */
    long long case_key;   /* the case's number; 0 for none (a list) */
    long long person_key; /* the person's number in the case, or 0 */
    long long other_key;  /* a tie's other person, or 0 */
} kring_audit_entry;

/* What kring_store_audit() lists. */
#define KRING_AUDIT_ALL 0u
#define KRING_AUDIT_READS 1u
#define KRING_AUDIT_CHANGES 2u

/* The audit log, oldest first, of WHAT (KRING_AUDIT_*); of one case when
 * CODE is not NULL, whose number goes to *CASE_KEY (unless NULL):
 * KRING_ERR_NOT_FOUND when there is no such case (a removed case's lines
 * are kept under its number only). Reading the log is not a read of a
 * case. Free with kring_audit_free(). */
kring_status kring_store_audit(kring_store *s, const char *code, unsigned what,
                               long long *case_key, kring_audit_entry **out,
                               size_t *n, kring_error *err);
void kring_audit_free(kring_audit_entry *list, size_t n);
/* EVENT (a kring_audit_entry's) in the user's language; EVENT itself
 * when kring does not know it. */
const char *kring_audit_event_word(const char *event);

/* --- copying between stores (kring db copy) ------------------------------ */

/* A case's numbers in the store it was read from: its own, the last
 * person's it gave, and each person's (PERSON[i] of c->people[i]). */
typedef struct kring_case_keys {
    long long case_key;
    long long last_person_key;
    long *person; /* owned, one per person */
} kring_case_keys;
/* The numbers of case C (loaded from S) into K; release with
 * kring_case_keys_release(). */
kring_status kring_store_case_keys(kring_store *s, const kring_case *c,
                                   kring_case_keys *k, kring_error *err);
void kring_case_keys_release(kring_case_keys *k);
/* Stores the N validated cases C, copied from another store, each with
 * its people's numbers K[i].person and counter K[i].last_person_key (the
 * lines of the audit log copied with it name them), as new cases or, with
 * REPLACE, instead of the cases with their codes; a case's own number is
 * this store's: the replaced case's, else a new one, into CASE_KEY[i].
 * Logs "case copied in" for each. KRING_ERR_EXISTS, *TAKEN the first case
 * that is there, when one is and REPLACE is not given. All or nothing. */
kring_status kring_store_put_copies(kring_store *s, const kring_case *const *c,
                                    const kring_case_keys *k, size_t n,
                                    bool replace, long long *case_key,
                                    size_t *taken, kring_error *err);
/* Loads the N cases CODE whole into OUT, as a change that wrote them
 * reads them back in its own transaction (no line in the log: the
 * change's own lines say what it did). All or nothing. */
kring_status kring_store_read_back(kring_store *s, const char *const *code,
                                   size_t n, kring_case **out,
                                   kring_error *err);
/* A new case number of this store, never given before (for the lines of
 * a copied log about a case removed before the copy). */
kring_status kring_store_new_case_key(kring_store *s, long long *key,
                                      kring_error *err);
/* Appends the N lines E (from another store's log, their case numbers
 * already this store's) after this store's own, keeping their time, user,
 * command, kind, event and numbers. */
kring_status kring_store_append_audit(kring_store *s,
                                      const kring_audit_entry *e, size_t n,
                                      kring_error *err);

/* Copies the live database, consistently, into a new file at PATH (mode
 * 0600, written whole or not at all; an existing file is refused). Logs a
 * read of every case in the copy, before the copy takes its name. */
kring_status kring_store_backup(kring_store *s, const char *path,
                                kring_error *err);

/* What kring_store_check() found: each a line for a person. */
typedef struct kring_check_report {
    char **problems;
    size_t n_problems;
    size_t cases, people, ties; /* what was checked */
} kring_check_report;

/* SQLite's integrity and foreign-key checks, the file's mode, and every
 * case read back and checked against the model. KRING_OK with problems
 * listed in R; an error only when the checks could not run. */
kring_status kring_store_check(kring_store *s, const char *path,
                               kring_check_report *r, kring_error *err);
void kring_check_report_release(kring_check_report *r);

/* The number of each person of C (a case read from S) in the order its
 * people were stored (the schema's seq, from 1) into NUMBER[i] for
 * C->people[i], 0 for one not stored: their number in the audit log, never
 * given to another person of the case; the web pages address people by
 * it, not by their id, which is made from their name. NUMBER holds C->n_people
 * values. */
kring_status kring_store_people_numbers(kring_store *s, const kring_case *c,
                                        long *number, kring_error *err);

/* The number after the highest NNN of the codes "YEAR-NNN" in S (1 when
 * there is none) into *NEXT: where an import's neutral code begins. It
 * reads codes only and shows no case, so it is no read of a case in the
 * audit log. */
kring_status kring_store_next_code_number(kring_store *s, int year,
                                          unsigned *next, kring_error *err);

#endif
