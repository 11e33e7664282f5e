/* The organisation's report written out: JSON (kring report --json, the
 * server's /api/report), CSV for the municipality, and the words of its
 * rows and columns in the user's language (docs/report.md). */
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "kring/report.h"

/* The words of the report's keys: the tables, their rows and columns. */
static const struct {
    const char *key, *text;
} labels[] = {
    {"funnel", N_("The choice of a mentor: how far each young person got")},
    {"adult_by_zrm",
     N_("An adult who is always there, by ZRM level (social network)")},
    {"intake", N_("The network at intake")},
    {"zrm_change", N_("ZRM level from intake to now")},
    {"evaluations", N_("Evaluations")},
    {"placement", N_("Out-of-home placement")},
    {"secure_care", N_("Secure youth care")},
    {"school", N_("School")},
    {"goals", N_("Goals")},
    {"ended_as_planned", N_("Ended as planned")},
    {"satisfaction", N_("The young person's mark")},
    {"none", N_("nobody asked yet")},
    {"asked", N_("asked someone")},
    {"parents_agreed", N_("parents agreed")},
    {"accepted", N_("mentor said yes")},
    {"active", N_("mentor active")},
    {"evaluated", N_("evaluated")},
    {"ended", N_("ended")},
    {"always_there", N_("an adult always there")},
    {"supportive", N_("support, nobody always there")},
    {"no_support", N_("no supportive adult")},
    {"known", N_("intake snapshot")},
    {"unknown", N_("no intake snapshot")},
    {"up", N_("higher")},
    {"same", N_("the same")},
    {"down", N_("lower")},
    {"not_yet", N_("not yet")},
    {"averted", N_("averted")},
    {"shortened", N_("shortened")},
    {"happened", N_("happened")},
    {"not_at_issue", N_("not at issue")},
    {"not_recorded", N_("not recorded")},
    {"stayed", N_("stayed at school")},
    {"returned", N_("back at school")},
    {"dropped_out", N_("dropped out")},
    {"met", N_("met")},
    {"partly", N_("partly")},
    {"not_met", N_("not met")},
    {"as_planned", N_("as planned")},
    {"not_as_planned", N_("not as planned")},
    {"running", N_("still running")},
    {"not_given", N_("no mark given")},
    {"all", N_("all")},
    {"1", N_("1 acute problems")},
    {"2", N_("2 not self-reliant")},
    {"3", N_("3 limited")},
    {"4", N_("4 sufficient")},
    {"5", N_("5 fully self-reliant")},
};

const char *kring_report_label(const char *key)
{
    size_t i;

    for (i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (strcmp(labels[i].key, key) == 0)
            return _(labels[i].text);
    return key;
}

const char *kring_count_text(const kring_count *c, int threshold, char *buf,
                             size_t cap)
{
    if (c->shown == KRING_BELOW)
        snprintf(buf, cap, "< %d", threshold);
    else if (c->shown == KRING_COMPLEMENT)
        snprintf(buf, cap, "x");
    else if (c->shown == KRING_WITHHELD)
        snprintf(buf, cap, "-");
    else
        snprintf(buf, cap, "%ld", c->n);
    return buf;
}

int kring_count_share(const kring_count *c, const kring_count *of,
                      double *share)
{
    if (c->shown != KRING_SHOWN || of->shown != KRING_SHOWN || of->n == 0)
        return 0;
    *share = (double)c->n / (double)of->n;
    return 1;
}

/* --- JSON --------------------------------------------------------------- */

static void count(kring_jw *w, const kring_count *c, int threshold)
{
    char buf[32];

    if (c->shown == KRING_SHOWN)
        kring_jw_int(w, c->n);
    else if (c->shown == KRING_WITHHELD)
        kring_jw_null(w);
    else
        kring_jw_string(w, kring_count_text(c, threshold, buf, sizeof buf));
}

static void share(kring_jw *w, const kring_count *c, const kring_count *of)
{
    double v;

    if (kring_count_share(c, of, &v))
        kring_jw_double(w, v);
    else
        kring_jw_null(w);
}

/* The cells of a row (ROW, or NULL for the table's own line) with their
 * shares of TOTAL. */
static void cells(kring_jw *w, const kring_rtable *t, int row,
                  const kring_count *total, int threshold)
{
    int j;

    kring_jw_key(w, "counts");
    kring_jw_object(w);
    for (j = 0; j < t->cols; j++) {
        kring_jw_key(w, t->col_keys[j]);
        count(w, &t->cell[row][j], threshold);
    }
    kring_jw_object_end(w);
    kring_jw_key(w, "shares");
    kring_jw_object(w);
    for (j = 0; j < t->cols; j++) {
        kring_jw_key(w, t->col_keys[j]);
        share(w, &t->cell[row][j], total);
    }
    kring_jw_object_end(w);
}

static void rtable(kring_jw *w, const kring_rtable *t, int threshold)
{
    int i, j;

    kring_jw_key(w, t->key);
    kring_jw_object(w);
    if (t->withheld) {
        kring_jw_key(w, "withheld");
        kring_jw_bool(w, 1);
        kring_jw_object_end(w);
        return;
    }
    kring_jw_key(w, "total");
    count(w, &t->total, threshold);
    if (t->rows == 1) {
        cells(w, t, 0, &t->total, threshold);
        kring_jw_object_end(w);
        return;
    }
    kring_jw_key(w, "rows");
    kring_jw_object(w);
    for (i = 0; i < t->rows; i++) {
        kring_jw_key(w, t->row_keys[i]);
        kring_jw_object(w);
        kring_jw_key(w, "total");
        count(w, &t->row_total[i], threshold);
        cells(w, t, i, &t->row_total[i], threshold);
        kring_jw_object_end(w);
    }
    kring_jw_object_end(w);
    kring_jw_key(w, "column_totals");
    kring_jw_object(w);
    for (j = 0; j < t->cols; j++) {
        kring_jw_key(w, t->col_keys[j]);
        count(w, &t->col_total[j], threshold);
    }
    kring_jw_object_end(w);
    kring_jw_object_end(w);
}

static void mean(kring_jw *w, const char *key, const kring_mean *m)
{
    kring_jw_key(w, key);
    if (m->shown)
        kring_jw_double(w, m->mean);
    else
        kring_jw_null(w);
}

static void string_or_null(kring_jw *w, const char *key, const char *s)
{
    kring_jw_key(w, key);
    if (s != NULL && s[0])
        kring_jw_string(w, s);
    else
        kring_jw_null(w);
}

void kring_report_org(kring_jw *w, const kring_org_report *r, const char *team,
                      const char *from, const char *to)
{
    static const char *const nets[] = {"people", "supportive_adults", "sectors",
                                       "zrm_level"};
    const kring_rtable *t = r->t;
    const kring_quartiles *q = &r->days_to_mentor;
    int i, thr = r->threshold;

    kring_jw_object(w);
    string_or_null(w, "team", team);
    string_or_null(w, "from", from);
    string_or_null(w, "to", to);
    kring_jw_key(w, "threshold");
    kring_jw_int(w, thr);
    kring_jw_key(w, "young_people");
    count(w, &t[KRING_RT_FUNNEL].total, thr);

    kring_jw_key(w, "reach");
    kring_jw_object(w);
    kring_jw_key(w, "named_a_mentor");
    count(w, &r->named, thr);
    kring_jw_key(w, "active_jim");
    count(w, &r->active, thr);
    rtable(w, &t[KRING_RT_FUNNEL], thr);
    kring_jw_key(w, "days_to_mentor");
    kring_jw_object(w);
    kring_jw_key(w, "n");
    if (q->shown)
        kring_jw_int(w, q->n);
    else {
        char below[32];
        snprintf(below, sizeof below, "< %d", thr);
        kring_jw_string(w, below);
    }
    mean(w, "q1", &(kring_mean){q->n, q->shown, q->q1});
    mean(w, "median", &(kring_mean){q->n, q->shown, q->median});
    mean(w, "q3", &(kring_mean){q->n, q->shown, q->q3});
    kring_jw_object_end(w);
    kring_jw_object_end(w);

    kring_jw_key(w, "networks");
    kring_jw_object(w);
    rtable(w, &t[KRING_RT_ADULT_BY_ZRM], thr);
    rtable(w, &t[KRING_RT_INTAKE], thr);
    rtable(w, &t[KRING_RT_ZRM_CHANGE], thr);
    kring_jw_key(w, "intake_and_now");
    kring_jw_object(w);
    for (i = 0; i < KRING_NET_COUNT; i++) {
        kring_jw_key(w, nets[i]);
        kring_jw_object(w);
        mean(w, "intake", &r->before[i]);
        mean(w, "now", &r->after[i]);
        kring_jw_object_end(w);
    }
    kring_jw_object_end(w);
    kring_jw_object_end(w);

    kring_jw_key(w, "outcomes");
    kring_jw_object(w);
    for (i = KRING_RT_EVALUATED; i <= KRING_RT_SATISFACTION; i++)
        rtable(w, &t[i], thr);
    mean(w, "satisfaction_mean", &r->satisfaction);
    kring_jw_object_end(w);
    kring_jw_object_end(w);
}

/* --- CSV ---------------------------------------------------------------- */

static void csv_line(FILE *out, const char *section, const char *table,
                     const char *row, const char *col, const kring_count *c,
                     const kring_count *of, int threshold)
{
    char buf[32];
    double v;

    fprintf(out, "%s,%s,%s,%s,%s,", section, table, row, col,
            kring_count_text(c, threshold, buf, sizeof buf));
    if (of != NULL && kring_count_share(c, of, &v))
        fprintf(out, "%.1f", 100.0 * v);
    fputs("\r\n", out);
}

static void csv_table(FILE *out, const char *section, const kring_rtable *t,
                      int threshold)
{
    const kring_count withheld = {0, KRING_WITHHELD};
    int i, j;

    if (t->withheld) {
        csv_line(out, section, t->key, "all", "total", &withheld, NULL,
                 threshold);
        return;
    }
    csv_line(out, section, t->key, "all", "total", &t->total, NULL, threshold);
    for (i = 0; i < t->rows; i++) {
        const kring_count *of = t->rows == 1 ? &t->total : &t->row_total[i];
        if (t->rows > 1)
            csv_line(out, section, t->key, t->row_keys[i], "total", of,
                     &t->total, threshold);
        for (j = 0; j < t->cols; j++)
            csv_line(out, section, t->key, t->row_keys[i], t->col_keys[j],
                     &t->cell[i][j], of, threshold);
    }
    for (j = 0; t->rows > 1 && j < t->cols; j++)
        csv_line(out, section, t->key, "total", t->col_keys[j],
                 &t->col_total[j], &t->total, threshold);
}

void kring_report_org_csv(FILE *out, const kring_org_report *r)
{
    int i;

    fputs("section,table,row,column,count,percent\r\n", out);
    csv_table(out, "reach", &r->t[KRING_RT_FUNNEL], r->threshold);
    for (i = KRING_RT_ADULT_BY_ZRM; i <= KRING_RT_ZRM_CHANGE; i++)
        csv_table(out, "networks", &r->t[i], r->threshold);
    for (i = KRING_RT_EVALUATED; i <= KRING_RT_SATISFACTION; i++)
        csv_table(out, "outcomes", &r->t[i], r->threshold);
}
