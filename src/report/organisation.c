/* The organisation's report (docs/report.md): what each case counts for,
 * nothing that names, added up into tables of counts; then every count
 * below the threshold hidden, and as many more as it takes that none can
 * be worked out from the other figures (complementary suppression, checked
 * by propagating every count's bounds through the sums it is part of). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"
#include "kring/report.h"

/* --- one case ----------------------------------------------------------- */

/* Days since 0000-03-01 of "YYYY-MM-DD" (H. Hinnant's days_from_civil). */
static long day_number(const char *d)
{
    long y = strtol(d, NULL, 10), m = strtol(d + 5, NULL, 10),
         day = strtol(d + 8, NULL, 10), era, yoe, doy;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy;
}

static kring_status net_facts(const kring_case *c, kring_net_facts *f,
                              kring_error *err)
{
    kring_indicators in;
    kring_status rc = kring_indicators_compute(c, NULL, &in, err);
    unsigned s;

    if (rc != KRING_OK)
        return rc;
    f->people = (int)in.size;
    f->supportive = (int)in.supportive_informal_adults;
    f->inner = (int)in.inner_adults;
    for (f->sectors = 0, s = in.sectors; s; s &= s - 1)
        f->sectors++;
    f->zrm = in.zrm_level;
    return KRING_OK;
}

/* The snapshot of the intake: the one labelled "intake", else the
 * earliest; NULL when the case has none. */
static const kring_snapshot *intake_snapshot(const kring_case *c)
{
    const kring_snapshot *first = NULL;
    size_t i;

    for (i = 0; i < c->n_snapshots; i++) {
        const kring_snapshot *s = &c->snapshots[i];
        if (strcasecmp(s->label, "intake") == 0)
            return s;
        if (first == NULL || strcmp(s->taken, first->taken) < 0)
            first = s;
    }
    return first;
}

static kring_stage step_stage(kring_choice_status s)
{
    switch (s) {
    case KRING_CHOICE_PARENTS_AGREED:
        return KRING_STAGE_PARENTS_AGREED;
    case KRING_CHOICE_ACCEPTED:
        return KRING_STAGE_ACCEPTED;
    case KRING_CHOICE_ACTIVE:
        return KRING_STAGE_ACTIVE;
    case KRING_CHOICE_EVALUATED:
        return KRING_STAGE_EVALUATED;
    case KRING_CHOICE_ENDED:
        return KRING_STAGE_ENDED;
    default: /* asked; declined: the young person asked someone */
        return KRING_STAGE_ASKED;
    }
}

kring_status kring_case_facts_of(const kring_case *c, kring_case_facts *f,
                                 kring_error *err)
{
    const kring_snapshot *in = intake_snapshot(c);
    const kring_outcome *last = NULL;
    const char *first_step = NULL;
    kring_status rc;
    size_t i;

    memset(f, 0, sizeof *f);
    f->days_to_mentor = -1;
    f->ended_as_planned = f->satisfaction = -1;
    for (i = 0; i < c->n_choices; i++) {
        kring_stage st = step_stage(c->choices[i].status);
        if (st > f->stage)
            f->stage = st;
        if (first_step == NULL || strcmp(c->choices[i].date, first_step) < 0)
            first_step = c->choices[i].date;
    }
    for (i = 0; i < c->n_outcomes; i++) {
        const kring_outcome *o = &c->outcomes[i];
        if (last == NULL || strcmp(o->date, last->date) >= 0)
            last = o;
        if (f->stage < KRING_STAGE_EVALUATED)
            f->stage = KRING_STAGE_EVALUATED;
        if (o->ended_as_planned >= 0)
            f->stage = KRING_STAGE_ENDED;
    }
    if (last != NULL) {
        f->has_outcome = 1;
        f->placement = last->placement;
        f->secure_care = last->secure_care;
        f->school = last->school;
        f->goals = last->goals;
        f->ended_as_planned = last->ended_as_planned;
        f->satisfaction = last->satisfaction;
    }
    if ((rc = net_facts(c, &f->now, err)))
        return rc;
    if (in == NULL)
        return KRING_OK;
    memcpy(f->intake, in->taken, 10);
    f->intake[10] = '\0';
    if (first_step != NULL && strcmp(first_step, f->intake) >= 0)
        f->days_to_mentor =
            (int)(day_number(first_step) - day_number(f->intake));
    {
        /* The snapshot's network as a case of its own, borrowed. */
        kring_case then;
        memset(&then, 0, sizeof then);
        then.code = c->code;
        then.name = c->name;
        then.people = in->people;
        then.n_people = then.cap_people = in->n_people;
        then.ties = in->ties;
        then.n_ties = then.cap_ties = in->n_ties;
        if ((rc = net_facts(&then, &f->before, err)))
            return rc;
    }
    f->has_before = 1;
    return KRING_OK;
}

/* --- adding up ---------------------------------------------------------- */

static void table(kring_rtable *t, const char *key, int rows, int cols,
                  const char *const *row_keys, const char *const *col_keys)
{
    int i;

    memset(t, 0, sizeof *t);
    t->key = key;
    t->rows = rows;
    t->cols = cols;
    for (i = 0; i < rows; i++)
        t->row_keys[i] = row_keys ? row_keys[i] : "all";
    for (i = 0; i < cols; i++)
        t->col_keys[i] = col_keys[i];
}

void kring_org_report_init(kring_org_report *r, int threshold)
{
    static const char *const stages[] = {"none",     "asked",  "parents_agreed",
                                         "accepted", "active", "evaluated",
                                         "ended"};
    static const char *const zrm[] = {"1", "2", "3", "4", "5"};
    static const char *const adult[] = {"always_there", "supportive",
                                        "no_support"};
    static const char *const intake[] = {"known", "unknown"};
    static const char *const change[] = {"up", "same", "down"};
    static const char *const evaluated[] = {"evaluated", "not_yet"};
    static const char *const placement[] = {"averted", "shortened", "happened",
                                            "not_at_issue", "not_recorded"};
    static const char *const school[] = {"stayed", "returned", "dropped_out",
                                         "not_at_issue", "not_recorded"};
    static const char *const goals[] = {"met", "partly", "not_met",
                                        "not_recorded"};
    static const char *const ended[] = {"as_planned", "not_as_planned",
                                        "running"};
    static const char *const marks[] = {"1-5", "6-7", "8-10", "not_given"};

    memset(r, 0, sizeof *r);
    r->threshold = threshold < KRING_REPORT_THRESHOLD_MIN
                       ? KRING_REPORT_THRESHOLD_MIN
                       : threshold;
    table(&r->t[KRING_RT_FUNNEL], "funnel", 1, KRING_STAGE_COUNT, NULL, stages);
    table(&r->t[KRING_RT_ADULT_BY_ZRM], "adult_by_zrm", 5, 3, zrm, adult);
    table(&r->t[KRING_RT_INTAKE], "intake", 1, 2, NULL, intake);
    table(&r->t[KRING_RT_ZRM_CHANGE], "zrm_change", 1, 3, NULL, change);
    table(&r->t[KRING_RT_EVALUATED], "evaluations", 1, 2, NULL, evaluated);
    table(&r->t[KRING_RT_PLACEMENT], "placement", 1, 5, NULL, placement);
    table(&r->t[KRING_RT_SECURE_CARE], "secure_care", 1, 5, NULL, placement);
    table(&r->t[KRING_RT_SCHOOL], "school", 1, 5, NULL, school);
    table(&r->t[KRING_RT_GOALS], "goals", 1, 4, NULL, goals);
    table(&r->t[KRING_RT_ENDED], "ended_as_planned", 1, 3, NULL, ended);
    table(&r->t[KRING_RT_SATISFACTION], "satisfaction", 1, 4, NULL, marks);
}

/* The column of a word recorded V (0 not recorded) among N words, with
 * "not recorded" last. */
static int word_col(int v, int n)
{
    return v > 0 && v <= n ? v - 1 : n;
}

kring_status kring_org_report_add(kring_org_report *r,
                                  const kring_case_facts *f, kring_error *err)
{
    kring_rtable *t = r->t;
    int i, col;

    t[KRING_RT_FUNNEL].cell[0][f->stage].n++;
    col = f->now.inner > 0 ? 0 : f->now.supportive > 0 ? 1 : 2;
    t[KRING_RT_ADULT_BY_ZRM].cell[f->now.zrm - 1][col].n++;
    t[KRING_RT_INTAKE].cell[0][f->has_before ? 0 : 1].n++;
    if (f->has_before) {
        const int now[] = {f->now.people, f->now.supportive, f->now.sectors,
                           f->now.zrm};
        const int then[] = {f->before.people, f->before.supportive,
                            f->before.sectors, f->before.zrm};
        t[KRING_RT_ZRM_CHANGE]
            .cell[0][f->now.zrm > f->before.zrm    ? 0
                     : f->now.zrm == f->before.zrm ? 1
                                                   : 2]
            .n++;
        for (i = 0; i < KRING_NET_COUNT; i++) {
            r->sum_before[i] += then[i];
            r->sum_after[i] += now[i];
        }
    }
    t[KRING_RT_EVALUATED].cell[0][f->has_outcome ? 0 : 1].n++;
    if (f->has_outcome) {
        t[KRING_RT_PLACEMENT].cell[0][word_col((int)f->placement, 4)].n++;
        t[KRING_RT_SECURE_CARE].cell[0][word_col((int)f->secure_care, 4)].n++;
        t[KRING_RT_SCHOOL].cell[0][word_col((int)f->school, 4)].n++;
        t[KRING_RT_GOALS].cell[0][word_col((int)f->goals, 3)].n++;
        t[KRING_RT_ENDED]
            .cell[0][f->ended_as_planned == 1   ? 0
                     : f->ended_as_planned == 0 ? 1
                                                : 2]
            .n++;
        t[KRING_RT_SATISFACTION]
            .cell[0][f->satisfaction < 1    ? 3
                     : f->satisfaction <= 5 ? 0
                     : f->satisfaction <= 7 ? 1
                                            : 2]
            .n++;
        if (f->satisfaction > 0)
            r->sum_satisfaction += f->satisfaction;
    }
    if (f->days_to_mentor >= 0) {
        if (kr_grow(&r->days, &r->cap_days, r->n_days + 1, sizeof *r->days))
            return kr_nomem(err);
        r->days[r->n_days++] = f->days_to_mentor;
    }
    return KRING_OK;
}

void kring_org_report_release(kring_org_report *r)
{
    kr_free(r->days);
    r->days = NULL;
    r->n_days = r->cap_days = 0;
}

/* --- hiding what could name --------------------------------------------- */

/* A line of a table: counts whose last is the sum of the others. */
#define LINE_MAX (KRING_RTABLE_MAX + 1)
#define LINES_MAX (2 * KRING_RTABLE_MAX + 2)
struct line {
    kring_count *item[LINE_MAX];
    int n;
};

struct bounds {
    kring_count *c;
    double lo, hi;
};

/* The lines of T into L; returns how many. */
static int lines_of(kring_rtable *t, struct line *l)
{
    int i, j, n = 0;

    if (t->rows == 1) {
        for (j = 0; j < t->cols; j++)
            l[0].item[j] = &t->cell[0][j];
        l[0].item[t->cols] = &t->total;
        l[0].n = t->cols + 1;
        return 1;
    }
    for (i = 0; i < t->rows; i++, n++) {
        for (j = 0; j < t->cols; j++)
            l[n].item[j] = &t->cell[i][j];
        l[n].item[t->cols] = &t->row_total[i];
        l[n].n = t->cols + 1;
    }
    for (j = 0; j < t->cols; j++, n++) {
        for (i = 0; i < t->rows; i++)
            l[n].item[i] = &t->cell[i][j];
        l[n].item[t->rows] = &t->col_total[j];
        l[n].n = t->rows + 1;
    }
    for (i = 0; i < t->rows; i++)
        l[n].item[i] = &t->row_total[i];
    l[n].item[t->rows] = &t->total;
    l[n++].n = t->rows + 1;
    for (j = 0; j < t->cols; j++)
        l[n].item[j] = &t->col_total[j];
    l[n].item[t->cols] = &t->total;
    l[n++].n = t->cols + 1;
    return n;
}

/* What a reader of the report knows of count C: its value shown, below
 * the threshold T, or hidden while at least T (else it would say "< T"). */
static void known(const kring_count *c, int t, double *lo, double *hi)
{
    *lo = c->shown == KRING_SHOWN   ? (double)c->n
          : c->shown == KRING_BELOW ? 0
                                    : t;
    *hi = c->shown == KRING_SHOWN   ? (double)c->n
          : c->shown == KRING_BELOW ? t - 1
                                    : 1e15;
}

static struct bounds *find(struct bounds *b, int nb, const kring_count *c)
{
    int i;

    for (i = 0; i < nb && b[i].c != c; i++)
        ;
    return &b[i];
}

/* Narrows every count's bounds by the sums of L (N lines) until nothing
 * changes, as a reader working them out would; returns a hidden count
 * whose value that finds, or NULL. */
static kring_count *worked_out(struct line *l, int n, int t)
{
    struct bounds b[(LINES_MAX + 4) * LINE_MAX];
    int nb = 0, i, k, m, changed = 1, rounds;

    for (i = 0; i < n; i++)
        for (k = 0; k < l[i].n; k++) {
            struct bounds *x = find(b, nb, l[i].item[k]);
            if (x == &b[nb]) {
                x->c = l[i].item[k];
                known(x->c, t, &x->lo, &x->hi);
                nb++;
            }
        }
    for (rounds = 0; changed && rounds < 1000; rounds++) {
        changed = 0;
        for (i = 0; i < n; i++) {
            struct line *ln = &l[i];
            struct bounds *total = find(b, nb, ln->item[ln->n - 1]);
            for (k = 0; k < ln->n; k++) {
                struct bounds *x = find(b, nb, ln->item[k]);
                double lo, hi;
                if (k == ln->n - 1) { /* the total: the sum of the cells */
                    for (lo = hi = 0, m = 0; m < ln->n - 1; m++) {
                        lo += find(b, nb, ln->item[m])->lo;
                        hi += find(b, nb, ln->item[m])->hi;
                    }
                } else { /* a cell: the total less the others */
                    for (lo = total->lo, hi = total->hi, m = 0; m < ln->n - 1;
                         m++)
                        if (m != k) {
                            lo -= find(b, nb, ln->item[m])->hi;
                            hi -= find(b, nb, ln->item[m])->lo;
                        }
                }
                if (lo > x->lo) {
                    x->lo = lo;
                    changed = 1;
                }
                if (hi < x->hi) {
                    x->hi = hi;
                    changed = 1;
                }
            }
        }
    }
    for (i = 0; i < nb; i++)
        if (b[i].c->shown != KRING_SHOWN && b[i].lo >= b[i].hi)
            return b[i].c;
    return NULL;
}

/* Hides one more count of a line of L (N lines) that holds C: the
 * smallest shown cell, else a shown row or column total other than
 * FIXED. Returns whether one was found. */
static int hide_beside(struct line *l, int n, const kring_count *c,
                       const kring_count *fixed)
{
    kring_count *best = NULL;
    int i, k, holds;

    for (i = 0; i < n; i++) {
        for (k = 0, holds = 0; k < l[i].n; k++)
            holds |= l[i].item[k] == c;
        if (!holds)
            continue;
        for (k = 0; k < l[i].n; k++) {
            kring_count *x = l[i].item[k];
            if (x->shown != KRING_SHOWN || x == fixed)
                continue;
            if (best == NULL || x->n < best->n)
                best = x;
        }
    }
    if (best == NULL)
        return 0;
    best->shown = KRING_COMPLEMENT;
    return 1;
}

static void withhold(kring_rtable *t)
{
    int i, j;

    t->withheld = 1;
    for (i = 0; i < t->rows; i++) {
        for (j = 0; j < t->cols; j++)
            t->cell[i][j].shown = KRING_WITHHELD;
        t->row_total[i].shown = KRING_WITHHELD;
    }
    for (j = 0; j < t->cols; j++)
        t->col_total[j].shown = KRING_WITHHELD;
}

/* Sums T's margins from its cells, hides what is below the threshold, then
 * more until no hidden count can be worked out; the table's own total is
 * never hidden for that (another table shows it), and a table that cannot
 * be made safe is withheld. */
static void make_safe(kring_rtable *t, int threshold, const struct line *more,
                      int n_more)
{
    struct line l[LINES_MAX + 4];
    kring_count *c;
    int i, j, n;

    t->total.n = 0;
    for (i = 0; i < t->rows; i++) {
        t->row_total[i].n = 0;
        for (j = 0; j < t->cols; j++)
            t->row_total[i].n += t->cell[i][j].n;
        t->total.n += t->row_total[i].n;
    }
    for (j = 0; j < t->cols; j++)
        for (t->col_total[j].n = 0, i = 0; i < t->rows; i++)
            t->col_total[j].n += t->cell[i][j].n;
    n = lines_of(t, l);
    for (i = 0; i < n_more; i++)
        l[n++] = more[i];
    for (i = 0; i < n; i++)
        for (j = 0; j < l[i].n; j++)
            if (l[i].item[j]->n < threshold)
                l[i].item[j]->shown = KRING_BELOW;
    while ((c = worked_out(l, n, threshold)) != NULL)
        if (!hide_beside(l, n, c, &t->total)) {
            withhold(t);
            return;
        }
}

static int by_value(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;

    return (x > y) - (x < y);
}

/* The quantile P of the N sorted values V, between the closest ranks
 * (Hyndman and Fan's type 7, as R's and Python's "inclusive"). */
static double quantile(const int *v, size_t n, double p)
{
    double h = (double)(n - 1) * p;
    size_t lo = (size_t)h;

    if (lo + 1 >= n)
        return v[n - 1];
    return v[lo] + (h - (double)lo) * (v[lo + 1] - v[lo]);
}

static void mean(kring_mean *m, long n, double sum, int shown)
{
    m->n = n;
    m->shown = shown && n > 0;
    m->mean = n > 0 ? sum / (double)n : 0;
}

void kring_org_report_finish(kring_org_report *r)
{
    kring_rtable *t = r->t;
    const kring_count *known_before, *evaluated;
    int i, thr = r->threshold;
    long n;

    {
        /* The funnel's sums are lines of it too: the young people who
         * asked someone, those with an active JIM, and the first of them
         * with those who asked nobody, the whole. */
        kring_rtable *f = &t[KRING_RT_FUNNEL];
        struct line more[3];
        int s;
        memset(more, 0, sizeof more);
        r->named.n = r->active.n = 0;
        for (s = KRING_STAGE_ASKED; s <= KRING_STAGE_ENDED; s++) {
            more[0].item[more[0].n++] = &f->cell[0][s];
            r->named.n += f->cell[0][s].n;
        }
        more[0].item[more[0].n++] = &r->named;
        more[1].item[more[1].n++] = &f->cell[0][KRING_STAGE_ACTIVE];
        more[1].item[more[1].n++] = &f->cell[0][KRING_STAGE_EVALUATED];
        r->active.n = f->cell[0][KRING_STAGE_ACTIVE].n +
                      f->cell[0][KRING_STAGE_EVALUATED].n;
        more[1].item[more[1].n++] = &r->active;
        more[2].item[more[2].n++] = &f->cell[0][KRING_STAGE_NONE];
        more[2].item[more[2].n++] = &r->named;
        more[2].item[more[2].n++] = &f->total;
        make_safe(f, thr, more, 3);
        if (f->withheld)
            r->named.shown = r->active.shown = KRING_WITHHELD;
    }
    make_safe(&t[KRING_RT_ADULT_BY_ZRM], thr, NULL, 0);
    make_safe(&t[KRING_RT_INTAKE], thr, NULL, 0);
    make_safe(&t[KRING_RT_EVALUATED], thr, NULL, 0);
    /* A table of some of the young people is shown when how many they are
     * is shown: otherwise its total would show the hidden count. */
    known_before = &t[KRING_RT_INTAKE].cell[0][0];
    make_safe(&t[KRING_RT_ZRM_CHANGE], thr, NULL, 0);
    if (known_before->shown != KRING_SHOWN || t[KRING_RT_INTAKE].withheld)
        withhold(&t[KRING_RT_ZRM_CHANGE]);
    evaluated = &t[KRING_RT_EVALUATED].cell[0][0];
    for (i = KRING_RT_PLACEMENT; i <= KRING_RT_SATISFACTION; i++) {
        make_safe(&t[i], thr, NULL, 0);
        if (evaluated->shown != KRING_SHOWN || t[KRING_RT_EVALUATED].withheld)
            withhold(&t[i]);
    }
    n = known_before->n;
    for (i = 0; i < KRING_NET_COUNT; i++) {
        int shown = !t[KRING_RT_ZRM_CHANGE].withheld && n >= thr;
        mean(&r->before[i], n, r->sum_before[i], shown);
        mean(&r->after[i], n, r->sum_after[i], shown);
    }
    n = evaluated->n - t[KRING_RT_SATISFACTION].cell[0][3].n;
    mean(&r->satisfaction, n, r->sum_satisfaction,
         !t[KRING_RT_SATISFACTION].withheld && n >= thr);
    r->days_to_mentor.n = (long)r->n_days;
    r->days_to_mentor.shown = r->n_days >= (size_t)thr;
    if (r->n_days > 0) {
        qsort(r->days, r->n_days, sizeof *r->days, by_value);
        r->days_to_mentor.q1 = quantile(r->days, r->n_days, 0.25);
        r->days_to_mentor.median = quantile(r->days, r->n_days, 0.5);
        r->days_to_mentor.q3 = quantile(r->days, r->n_days, 0.75);
    }
}
