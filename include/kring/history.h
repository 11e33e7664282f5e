/* The network over time: snapshots, the young person's choice of mentor
 * through the steps of the JIM process, and what changed between two
 * moments (docs/history.md). */
#ifndef KRING_HISTORY_H
#define KRING_HISTORY_H

#include <stddef.h>

#include "analyze.h"
#include "error.h"
#include "model.h"

/* The network of C as it is, frozen under LABEL at TAKEN (UTC,
 * "YYYY-MM-DDTHH:MM:SSZ"; NULL for now) into *OUT, a copy (release with
 * kring_snapshot_release()). The label is checked like an id. */
kring_status kring_snapshot_take(const kring_case *c, const char *label,
                                 const char *taken, kring_snapshot *out,
                                 kring_error *err);
void kring_snapshot_release(kring_snapshot *s);
/* The snapshot of C with LABEL, or NULL. */
const kring_snapshot *kring_case_snapshot(const kring_case *c,
                                          const char *label);

/* JIM practice's order of the steps: asked, parents agreed, accepted,
 * active, evaluated, ended; declined may follow any step before active.
 * What is unusual about recording STATUS for PERSON on DATE after the
 * choices C has, in one translated sentence into BUF (""): a step before
 * the one it needs, a date before the last step's, a second mentor while
 * one is active. Unusual is not wrong: practice varies. */
const char *kring_choice_unusual(const kring_case *c, const char *person,
                                 kring_choice_status status, const char *date,
                                 char *buf, size_t cap);
/* The last step recorded for PERSON, or NULL. */
const kring_choice *kring_case_last_choice(const kring_case *c,
                                           const char *person);

/* A person on both sides, or on one. */
typedef struct kring_diff_person {
    const kring_person *from; /* NULL: came */
    const kring_person *to;   /* NULL: left */
} kring_diff_person;

typedef struct kring_diff_tie {
    const kring_tie *from; /* NULL: gained */
    const kring_tie *to;   /* NULL: lost */
} kring_diff_tie;

/* What changed from one network to another, each list by id. */
typedef struct kring_diff {
    kring_diff_person *came, *left, *moved, *relation;
    size_t n_came, n_left, n_moved, n_relation; /* moved: the ring changed;
                                                    relation: its quality */
    kring_diff_tie *gained, *lost, *turned;     /* turned: the tie's quality */
    size_t n_gained, n_lost, n_turned;
    kring_indicators before, after;
} kring_diff;

/* The networks FROM and TO (two cases, or a case and a snapshot made into
 * one with kring_snapshot_view()) compared; pointers point into them. */
kring_status kring_diff_compute(const kring_case *from, const kring_case *to,
                                kring_diff *out, kring_error *err);
void kring_diff_release(kring_diff *d);
/* A case whose people and ties are those of S, the rest borrowed from C:
 * a view, not a copy (nothing to free). */
kring_case kring_snapshot_view(const kring_case *c, const kring_snapshot *s);

/* The step a guided interview of C stopped at (kring interview), or -1
 * when none is under way. It is kept in the case's x- keys as
 * "x-interview", so that it travels with the case file too. */
int kring_interview_step(const kring_case *c);
/* The case's x- keys (a JSON object text, or NULL for none) with STEP
 * noted (-1: the interview is done) into *EXTRA (caller frees):
 * kring_change_interview_step() stores them. */
kring_status kring_interview_progress(const kring_case *c, int step,
                                      char **extra, kring_error *err);

#endif
