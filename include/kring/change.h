/* The changes a user makes to a case: one call each, for the command line
 * and the web pages alike. Each call checks what it is given (the same
 * rules and messages as everywhere), makes the change in one transaction
 * of its own, writes the audit log's line under the actor's name and
 * command, and fails with nothing changed and a translated message that
 * says what is wrong and where. */
#ifndef KRING_CHANGE_H
#define KRING_CHANGE_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "exchange.h"
#include "model.h"
#include "store.h"

/* Who makes a change, as the audit log names them. */
typedef struct kring_actor {
    const char *user;    /* the account; NULL: the one kring runs as */
    const char *command; /* what made it ("person set"); NULL: the store's */
} kring_actor;

/* The case C (validated) as a new case; KRING_ERR_EXISTS if its code is
 * taken. */
kring_status kring_change_case_new(kring_store *s, const kring_actor *who,
                                   const kring_case *c, kring_error *err);

/* Adds P (made with kring_person_from_fields()) to case CODE. P is moved
 * in and zeroed when the person is stored (and when the commit fails);
 * when refused, it is as it was; release it either way with
 * kring_person_release(). With OUT, *OUT is
 * the case's network after the change, the new person the last (caller frees).
 */
kring_status kring_change_person_add(kring_store *s, const kring_actor *who,
                                     const char *code, kring_person *p,
                                     kring_case **out, kring_error *err);

/* Changes the N fields F of PERSON (an id or a unique name) of case CODE;
 * a person's id is not changed (the field "id" is refused).
 * With IF_VERSION (kring_person_version() of the person as a form showed
 * them), refuses with KRING_ERR_CONFLICT if the person has changed since.
 * With OUT, *OUT is the case's network after the change and *AT the
 * person's index in it. */
kring_status kring_change_person_set(kring_store *s, const kring_actor *who,
                                     const char *code, const char *person,
                                     const kring_field *f, size_t n,
                                     const char *if_version, kring_case **out,
                                     size_t *at, kring_error *err);

/* Stores P, a person of case CODE changed in memory (a guided
 * interview's answers), in place of the stored person with P's id: checked
 * as everywhere; KRING_ERR_NOT_FOUND if the case has no such person. */
kring_status kring_change_person_update(kring_store *s, const kring_actor *who,
                                        const char *code, const kring_person *p,
                                        kring_error *err);
/* Notes in case C, stored and in memory, that its guided interview stopped
 * at STEP (-1: it is done; kring_interview_step()). */
kring_status kring_change_interview_step(kring_store *s, const kring_actor *who,
                                         kring_case *c, int step,
                                         kring_error *err);
/* Removes PERSON of case CODE and their ties; IF_VERSION as above. With
 * OUT, *OUT is the case's network as it was before, *AT the person's
 * index in it: what was removed can be named. */
kring_status kring_change_person_rm(kring_store *s, const kring_actor *who,
                                    const char *code, const char *person,
                                    const char *if_version, kring_case **out,
                                    size_t *at, kring_error *err);

/* Records that A and B (ids or unique names) of case CODE know each
 * other, so well and so. With OUT, *OUT is the network after, the new tie
 * the last. */
kring_status kring_change_tie_add(kring_store *s, const kring_actor *who,
                                  const char *code, const char *a,
                                  const char *b, kring_strength strength,
                                  kring_tie_quality quality, kring_case **out,
                                  kring_error *err);

/* Removes the tie between A and B of case CODE. With IF_VERSION
 * (kring_tie_version() of the tie as a page showed it), refuses with
 * KRING_ERR_CONFLICT if the tie has changed since. With OUT, *OUT is the
 * network as it was before. */
kring_status kring_change_tie_rm(kring_store *s, const kring_actor *who,
                                 const char *code, const char *a, const char *b,
                                 const char *if_version, kring_case **out,
                                 kring_error *err);

/* Sets the strength and quality of the tie between A and B of case CODE,
 * in its place among the ties (a negative STRENGTH or QUALITY: as it is);
 * IF_VERSION as for kring_change_tie_rm().
 * With OUT, *OUT is the network after. */
kring_status kring_change_tie_set(kring_store *s, const kring_actor *who,
                                  const char *code, const char *a,
                                  const char *b, kring_strength strength,
                                  kring_tie_quality quality,
                                  const char *if_version, kring_case **out,
                                  kring_error *err);

/* Stores every case IM read (kring_import_file(), kring_import_data()),
 * each as a new case or, with REPLACE, instead of the case with its code:
 * every case or none, in one transaction. */
kring_status kring_change_import(kring_store *s, const kring_actor *who,
                                 const kring_import *im, bool replace,
                                 kring_error *err);

/* What kring_change_copy() did. */
typedef struct kring_copy_report {
    size_t cases;     /* copied, each checked equal to its source */
    size_t log_lines; /* lines of the audit log copied */
} kring_copy_report;
/* Copies every case of FROM (whole: snapshots, choices, suggestions), and
 * FROM's audit log, into TO in one transaction of TO: refuses a case TO
 * has already (KRING_ERR_EXISTS, nothing copied) unless REPLACE. Each case
 * keeps its people's numbers and takes TO's number for itself (the copied
 * log's lines are renumbered with it; a removed case's get new numbers of
 * TO); each is read back from TO and compared with its source (their case
 * files equal) before TO commits. FROM's reads are logged in FROM, as
 * WHO's. */
kring_status kring_change_copy(kring_store *from, kring_store *to,
                               const kring_actor *who, bool replace,
                               kring_copy_report *r, kring_error *err);

/* Removes case CODE and everything in it: when committed its text is
 * erased from the database file and its WAL (kring_store_delete_case()).
 * The audit log keeps its lines, under the case's number. */
kring_status kring_change_case_rm(kring_store *s, const kring_actor *who,
                                  const char *code, kring_error *err);
/* Erases case CODE as kring_change_case_rm() removes it, WHY written in
 * the access log (kring_store_erase_case()). */
kring_status kring_change_case_erase(kring_store *s, const kring_actor *who,
                                     const char *code, kring_erasure why,
                                     kring_error *err);

/* Freezes the network of case CODE as it is now as snapshot LABEL, taken
 * at TAKEN (UTC, "YYYY-MM-DDTHH:MM:SSZ"; NULL now); KRING_ERR_EXISTS if
 * the case has a snapshot with that label. With OUT, a copy of the
 * snapshot (release with kring_snapshot_release()). */
kring_status kring_change_snapshot(kring_store *s, const kring_actor *who,
                                   const char *code, const char *label,
                                   const char *taken, kring_snapshot *out,
                                   kring_error *err);

/* What kring_change_choose() has to say besides the change, each one
 * translated sentence or "": why JIM practice advises against the person
 * as a mentor (recorded only with FORCE), and what is unusual about the
 * step (recorded all the same: practice varies). */
typedef struct kring_choose_notes {
    char against[1200];
    char unusual[400];
    char date[11]; /* the date recorded */
} kring_choose_notes;

/* Records a step STATUS of the young person's choice of PERSON (an id or
 * a unique name) as their mentor in case CODE, on DATE (YYYY-MM-DD; NULL
 * today) with NOTE (NULL none). A person JIM practice advises against (a
 * parent, a paid professional, ...: the scores' exclusions) is refused
 * unless FORCE, or the step is declined. A person chosen (any step but
 * declined) is their nomination too. NOTES (may be NULL) gets what is to
 * be said, and the date recorded; with OUT, *OUT is the case as it was
 * read in the change (the step recorded is not in its choices) and *AT
 * the person's index. */
kring_status kring_change_choose(kring_store *s, const kring_actor *who,
                                 const char *code, const char *person,
                                 kring_choice_status status, const char *date,
                                 const char *note, bool force,
                                 kring_choose_notes *notes, kring_case **out,
                                 size_t *at, kring_error *err);

/* Stores the young person's suggestion SG about case CODE (a copy: SG
 * stays the caller's), dated today unless SG has a date: checked as a
 * case file's (the person it is about must be one of the case's). It
 * changes nothing in the network. */
kring_status kring_change_suggest(kring_store *s, const kring_actor *who,
                                  const char *code, kring_suggestion *sg,
                                  kring_error *err);
/* Records outcome O of an evaluation of case CODE's trajectory after its
 * others (a copy: O stays the caller's), dated today unless O has a date;
 * checked as a case file's. The audit log says "outcome recorded". */
kring_status kring_change_outcome(kring_store *s, const kring_actor *who,
                                  const char *code, kring_outcome *o,
                                  kring_error *err);
/* The professional's answer to the Nth (from 1) suggestion of case CODE,
 * which must be open; with IF_VERSION (kring_suggestion_version() of it
 * as a page showed it), KRING_ERR_CONFLICT if the Nth is another now. With
 * ACCEPT the change it asks for is made in the
 * same transaction: a person one circle closer or further, or the missing
 * person added with ROLE (their sector said, else the role's); "the map
 * is right" changes nothing. The audit log names the change as the young
 * person's suggestion N. With OUT, *OUT is the case after. */
kring_status kring_change_suggestion_decide(kring_store *s,
                                            const kring_actor *who,
                                            const char *code, size_t n,
                                            const char *if_version, bool accept,
                                            kring_role role, kring_case **out,
                                            kring_error *err);

#endif
