/* Whole-case checks that also say where in a case file a problem lies. */
#ifndef KRING_CASE_INTERNAL_H
#define KRING_CASE_INTERNAL_H

#include "model_internal.h"

#define KR_PATH_MAX 128

/* Checks C as kring_case_validate() does; on failure also writes the JSON
 * path of the offending value ("people[3].ring") into PATH. */
kring_status kr_case_check(const kring_case *c, char *path, kring_error *err);
void kr_snapshot_release(kring_snapshot *s);
void kr_choice_release(kring_choice *ch);
/* Checks suggestion SG of case C (whose people it names; NULL: who it
 * names is not looked up); on failure *FIELD is the key at fault
 * ("ring"). */
kring_status kr_suggestion_check(const kring_case *c,
                                 const kring_suggestion *sg, const char **field,
                                 kring_error *err);

/* Checks outcome O; on failure *FIELD is the key at fault. */
kring_status kr_outcome_check(const kring_outcome *o, const char **field,
                              kring_error *err);

#endif
