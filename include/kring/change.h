/* The changes a user makes to a case: one call each, for the command line
 * and the web pages alike. Each call checks what it is given (the same
 * rules and messages as everywhere), makes the change in one transaction
 * of its own, writes the audit log's line under the actor's name and
 * command, and fails with nothing changed and a translated message that
 * says what is wrong and where. */
#ifndef KRING_CHANGE_H
#define KRING_CHANGE_H

#include <stddef.h>

#include "error.h"
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

/* Adds P (made with kring_person_from_fields(); moved in, zeroed after;
 * left as it was on error) to case CODE. With OUT, *OUT is the case's
 * network after the change, the new person the last (caller frees). */
kring_status kring_change_person_add(kring_store *s, const kring_actor *who,
                                     const char *code, kring_person *p,
                                     kring_case **out, kring_error *err);

/* Changes the N fields F of PERSON (an id or a unique name) of case CODE.
 * With IF_VERSION (kring_person_version() of the person as a form showed
 * them), refuses with KRING_ERR_CONFLICT if the person has changed since.
 * With OUT, *OUT is the case's network after the change and *AT the
 * person's index in it. */
kring_status kring_change_person_set(kring_store *s, const kring_actor *who,
                                     const char *code, const char *person,
                                     const kring_field *f, size_t n,
                                     const char *if_version, kring_case **out,
                                     size_t *at, kring_error *err);

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

/* Removes the tie between A and B of case CODE. With OUT, *OUT is the
 * network as it was before. */
kring_status kring_change_tie_rm(kring_store *s, const kring_actor *who,
                                 const char *code, const char *a, const char *b,
                                 kring_case **out, kring_error *err);

#endif
