/* The JSON outputs of kring's analyses and lists: what the command line's
 * --json prints and the web pages' /api/ addresses answer, byte for byte
 * (docs/cli.md, "JSON outputs"; docs/web.md). */
#ifndef KRING_REPORT_H
#define KRING_REPORT_H

#include <stdio.h>

#include "analyze.h"
#include "json.h"
#include "model.h"
#include "store.h"

/* The cases of a list (kring_store_list_cases()): {"cases": [...]}. */
void kring_report_case_list(FILE *out, const kring_case_summary *list,
                            size_t n);
/* The same written as the lines come (kring_store_each_summary()): the
 * Ith line CS (from 0), then the end after N lines. */
void kring_report_case_line(FILE *out, const kring_case_summary *cs, size_t i);
void kring_report_case_list_end(FILE *out, size_t n);
/* Whether the Ith ranked candidate K of C is among the TOP shown (-1
 * all): the TOP first, and whoever the young person nominated always. */
int kring_candidate_shown(long top, const kring_case *c,
                          const kring_candidate *k, size_t i);
/* The scores S of case C under WEIGHTS: the TOP first candidates (-1
 * all; whoever the young person nominated always), with their reasons
 * and warnings, and who is excluded and why. */
void kring_report_scores(kring_jw *w, const kring_case *c,
                         const kring_scores *s, const kring_weights *weights,
                         long top);
/* The indicators IN of case C. */
void kring_report_indicators(kring_jw *w, const kring_case *c,
                             const kring_indicators *in);
/* The snapshots and the steps of the choice of case C. */
void kring_report_history(kring_jw *w, const kring_case *c);
/* kring suggestions --json: the young person's suggestions, each with its
 * number (from 1, as `suggestions CODE accept N` takes it), and the name
 * of the person one is about. */
void kring_report_suggestions(kring_jw *w, const kring_case *c);

#endif
