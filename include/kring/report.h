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
/* kring outcome CODE --json: the outcomes of the case's evaluations, each
 * with its number (from 1), and when the next evaluation is due (null
 * when none is: no active mentor yet, or the trajectory has ended). */
void kring_report_outcomes(kring_jw *w, const kring_case *c);

/* --- the organisation's report (kring report, docs/report.md) ---------- */

/* Counts below the threshold are shown as "< T"; it is never below the
 * minimum. */
#define KRING_REPORT_THRESHOLD 5
#define KRING_REPORT_THRESHOLD_MIN 3

/* The facts of case C (a valid case, whole). */
kring_status kring_case_facts_of(const kring_case *c, kring_case_facts *f,
                                 kring_error *err);

/* A count in the report: shown, or hidden because it is below the
 * threshold, or hidden so that a hidden one cannot be worked out from the
 * others. */
typedef enum kring_shown {
    KRING_SHOWN,
    KRING_BELOW,      /* "< T" */
    KRING_COMPLEMENT, /* "x" */
    KRING_WITHHELD    /* its table is not shown at all */
} kring_shown;

typedef struct kring_count {
    long n;
    kring_shown shown;
} kring_count;

#define KRING_RTABLE_MAX 8
/* A table of counts that add up: each row's cells to its row total, each
 * column's to its column total (tables of more than one row), the totals
 * to the table's total. WITHHELD: nothing of it is shown (too few young
 * people to show it without recognising anyone). */
typedef struct kring_rtable {
    const char *key; /* "funnel", "adult_by_zrm", ... (docs/report.md) */
    int rows, cols;
    const char *row_keys[KRING_RTABLE_MAX], *col_keys[KRING_RTABLE_MAX];
    kring_count cell[KRING_RTABLE_MAX][KRING_RTABLE_MAX];
    kring_count row_total[KRING_RTABLE_MAX];
    kring_count col_total[KRING_RTABLE_MAX];
    kring_count total;
    int withheld;
} kring_rtable;

/* A median and quartiles of N values, shown when N reaches the
 * threshold. */
typedef struct kring_quartiles {
    long n;
    int shown;
    double q1, median, q3;
} kring_quartiles;

/* A mean of N values, shown when N reaches the threshold. */
typedef struct kring_mean {
    long n;
    int shown;
    double mean;
} kring_mean;

enum {
    KRING_RT_FUNNEL,
    KRING_RT_ADULT_BY_ZRM,
    KRING_RT_INTAKE,
    KRING_RT_ZRM_CHANGE,
    KRING_RT_EVALUATED,
    KRING_RT_PLACEMENT,
    KRING_RT_SECURE_CARE,
    KRING_RT_SCHOOL,
    KRING_RT_GOALS,
    KRING_RT_ENDED,
    KRING_RT_SATISFACTION,
    KRING_RT_COUNT
};

/* The change between the intake and now, of the cases whose intake is
 * known: means before and after. */
enum {
    KRING_NET_PEOPLE,
    KRING_NET_SUPPORTIVE,
    KRING_NET_SECTORS,
    KRING_NET_ZRM,
    KRING_NET_COUNT
};

/* The organisation's report: the counts of every case added, then made
 * safe to show by kring_org_report_finish(). */
typedef struct kring_org_report {
    int threshold;
    kring_rtable t[KRING_RT_COUNT];
    kring_quartiles days_to_mentor;
    kring_mean before[KRING_NET_COUNT], after[KRING_NET_COUNT];
    kring_mean satisfaction;
    /* Sums of the funnel's cells, hidden as its cells are: who asked
     * someone (asked to ended), and who has an active JIM (active,
     * evaluated). */
    kring_count named, active;
    /* Working space: the days to a mentor, and sums. */
    int *days;
    size_t n_days, cap_days;
    double sum_before[KRING_NET_COUNT], sum_after[KRING_NET_COUNT];
    double sum_satisfaction;
} kring_org_report;

/* Sets R up, empty, with THRESHOLD (at least KRING_REPORT_THRESHOLD_MIN). */
void kring_org_report_init(kring_org_report *r, int threshold);
kring_status kring_org_report_add(kring_org_report *r,
                                  const kring_case_facts *f, kring_error *err);
/* Totals, medians and means, then every count below the threshold hidden
 * and as many more as it takes that none can be worked out from the
 * other figures of the report (docs/report.md). */
void kring_org_report_finish(kring_org_report *r);
void kring_org_report_release(kring_org_report *r);

/* The words of a key of the report (a table's, a row's or a column's) in
 * the current language; KEY itself when it has none. */
const char *kring_report_label(const char *key);
/* Count C as the report shows it ("12", "< 5", "x") into BUF. */
const char *kring_count_text(const kring_count *c, int threshold, char *buf,
                             size_t cap);
/* C's share of OF (0..1) into *SHARE, when both are shown and OF is not 0;
 * whether it is. */
int kring_count_share(const kring_count *c, const kring_count *of,
                      double *share);
/* kring report --json: the report R of PERIOD ("" all) of TEAM ("" all). */
void kring_report_org(kring_jw *w, const kring_org_report *r, const char *team,
                      const char *from, const char *to);
/* kring report --format csv: one line per figure (section, table, row,
 * column, count, share), hidden counts as "< T" and "x". */
void kring_report_org_csv(FILE *out, const kring_org_report *r);

#endif
