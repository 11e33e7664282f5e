/* kring report: the organisation's figures over every case, a team or a
 * period, nobody recognisable (docs/report.md). */
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define _(s) dgettext("kring", s)
#define N_(s) s

enum { O_TEAM = 1, O_FROM, O_TO, O_FORMAT, O_THRESHOLD };

static const char report_usage[] =
    N_("usage: kring report [--team T] [--from D] [--to D]\n"
       "                    [--format table|json|csv] [--threshold N]\n"
       "\n"
       "The organisation's figures over every case it may see: how many\n"
       "young people, how far the choice of a mentor got and how soon, how\n"
       "their networks are and changed since the intake, and the outcomes\n"
       "of the evaluations. --team: the cases of one team (PostgreSQL).\n"
       "--from and --to: the young people whose intake lies in that period.\n"
       "No names, codes or dates of birth; a count below the threshold (5,\n"
       "never below 3) is shown as '< 5', and others as 'x' where it could\n"
       "otherwise be worked out. Every case read is in the access log.\n");

static const struct opt_spec report_spec[] = {
    {"team", 0, OPT_VALUE, O_TEAM},
    {"from", 0, OPT_VALUE, O_FROM},
    {"to", 0, OPT_VALUE, O_TO},
    {"format", 0, OPT_VALUE, O_FORMAT},
    {"threshold", 0, OPT_VALUE, O_THRESHOLD},
    {NULL, 0, 0, 0},
};

struct kept {
    char *code;
    long long version;
    kring_case_facts f;
};

struct walk {
    struct cli *cli;
    kring_store *store;
    kring_org_report *r;
    long long team; /* 0: every team */
    const char *from, *to;
    struct kept *kept; /* facts worked out, to be kept */
    size_t n_kept, cap_kept;
};

/* The team named NAME's number into *ID. */
static int team_id(struct cli *cli, kring_store *s, const char *name,
                   long long *id)
{
    kring_team *list = NULL;
    kring_error err;
    size_t n = 0, i;

    if (kring_team_list(s, &list, &n, &err))
        return cli_fail(cli, &err);
    for (i = 0; i < n && strcmp(list[i].name, name) != 0; i++)
        ;
    *id = i < n ? list[i].id : 0;
    kring_team_free(list, n);
    if (*id == 0)
        return cli_failf(cli, _("no team '%s'"), name);
    return CLI_OK;
}

/* Counts case CODE in W's report, by its kept facts F, or when none are
 * kept by the case itself (a read in the access log), noted to be kept. */
static kring_status count_case(const char *code, long long version,
                               const kring_case_facts *f, void *ctx,
                               kring_error *err)
{
    struct walk *w = ctx;
    kring_case_facts worked;
    kring_case *c = NULL;
    kring_status rc;

    if (f == NULL) {
        if ((rc = kring_store_load_case(w->store, code, &c, err)) ||
            (rc = kring_case_facts_of(c, &worked, err))) {
            kring_case_free(c);
            return rc;
        }
        kring_case_free(c);
        f = &worked;
        if (w->n_kept == w->cap_kept) {
            size_t cap = w->cap_kept ? 2 * w->cap_kept : 64;
            struct kept *grown = realloc(w->kept, cap * sizeof *grown);
            if (grown == NULL)
                goto nomem;
            w->kept = grown;
            w->cap_kept = cap;
        }
        if ((w->kept[w->n_kept].code = strdup(code)) == NULL)
            goto nomem;
        w->kept[w->n_kept].version = version;
        w->kept[w->n_kept++].f = worked;
    }
    if ((w->from || w->to) &&
        (f->intake[0] == '\0' || (w->from && strcmp(f->intake, w->from) < 0) ||
         (w->to && strcmp(f->intake, w->to) > 0)))
        return KRING_OK;
    return kring_org_report_add(w->r, f, err);
nomem:
    err->code = KRING_ERR_NOMEM;
    snprintf(err->text, sizeof err->text, "%s", _("out of memory"));
    return KRING_ERR_NOMEM;
}

/* Adds every case of W's team whose intake lies in W's period; keeps the
 * facts it had to work out, so that the next report reads them. */
static int add_all(struct walk *w)
{
    kring_error err;
    int status = CLI_OK;
    size_t i;

    if (kring_store_each_facts(w->store, w->team, count_case, w, &err))
        status = cli_fail(w->cli, &err);
    /* All in one transaction; a store that cannot take them still gave
     * its report. */
    if (status == CLI_OK && w->n_kept > 0) {
        kring_status rc = kring_store_begin(w->store, &err);
        for (i = 0; rc == KRING_OK && i < w->n_kept; i++)
            rc = kring_store_put_facts(w->store, w->kept[i].code,
                                       w->kept[i].version, &w->kept[i].f, &err);
        if (rc == KRING_OK)
            rc = kring_store_commit(w->store, &err);
        else
            kring_store_rollback(w->store);
        if (rc != KRING_OK)
            fprintf(w->cli->io->err, "kring: %s: %s\n",
                    _("note: the report's figures could not be kept"),
                    err.text);
    }
    for (i = 0; i < w->n_kept; i++)
        free(w->kept[i].code);
    free(w->kept);
    return status;
}

/* LABEL, then spaces to WIDTH characters (not bytes: "geëvalueerd"). */
static void padded(FILE *out, const char *label, int width)
{
    const unsigned char *s = (const unsigned char *)label;
    int chars = 0;

    for (; *s; s++)
        chars += (*s & 0xC0) != 0x80;
    fputs(label, out);
    for (; chars < width; chars++)
        fputc(' ', out);
}

/* A line of the terminal's table: LABEL, the count C and its share of OF
 * (NULL: none). */
static void line(struct cli *cli, int indent, const char *label,
                 const kring_count *c, const kring_count *of, int threshold)
{
    char n[32], pct[32] = "";
    double v;

    if (of != NULL && kring_count_share(c, of, &v))
        snprintf(pct, sizeof pct, "%5.1f%%", 100.0 * v);
    fprintf(cli->io->out, "%*s", indent, "");
    padded(cli->io->out, label, 48 - indent);
    fprintf(cli->io->out, " %7s%s%s\n",
            kring_count_text(c, threshold, n, sizeof n), pct[0] ? "  " : "",
            pct);
}

static void table_out(struct cli *cli, const kring_rtable *t, int threshold)
{
    int i, j;

    fprintf(cli->io->out, "\n  %s\n", kring_report_label(t->key));
    if (t->withheld) {
        fprintf(cli->io->out, "    %s\n",
                _("not shown: too few young people to show it without "
                  "recognising anyone"));
        return;
    }
    for (i = 0; i < t->rows; i++) {
        const kring_count *of = t->rows == 1 ? &t->total : &t->row_total[i];
        if (t->rows > 1)
            line(cli, 4, kring_report_label(t->row_keys[i]), of, &t->total,
                 threshold);
        for (j = 0; j < t->cols; j++)
            line(cli, t->rows > 1 ? 6 : 4, kring_report_label(t->col_keys[j]),
                 &t->cell[i][j], of, threshold);
    }
    line(cli, 4, _("total"), &t->total, NULL, threshold);
}

static void text_out(struct cli *cli, const kring_org_report *r,
                     const char *team, const char *from, const char *to)
{
    const kring_rtable *t = r->t;
    const kring_quartiles *q = &r->days_to_mentor;
    static const char *const nets[] = {N_("people"),
                                       N_("supportive informal adults"),
                                       N_("sectors"), N_("ZRM level")};
    int i, thr = r->threshold;
    FILE *out = cli->io->out;

    fprintf(out, "%s", _("The organisation's report"));
    if (team && team[0])
        fprintf(out, _(", team %s"), team);
    if (from || to)
        fprintf(out, _(", intake %s to %s"), from ? from : "…", to ? to : "…");
    fputc('\n', out);
    fprintf(out,
            _("Counts below %d are shown as '< %d'; 'x' hides a count that "
              "would show one.\n"),
            thr, thr);
    fprintf(out, "\n%s\n", _("Reach"));
    line(cli, 2, _("young people"), &t[KRING_RT_FUNNEL].total, NULL, thr);
    line(cli, 2, _("named a mentor"), &r->named, &t[KRING_RT_FUNNEL].total,
         thr);
    line(cli, 2, _("an active JIM now"), &r->active, &t[KRING_RT_FUNNEL].total,
         thr);
    if (q->shown)
        fprintf(out,
                _("  days from intake to asking a mentor: median %.1f, "
                  "quartiles %.1f to %.1f (%ld young people)\n"),
                q->median, q->q1, q->q3, q->n);
    else
        fprintf(out, "  %s\n",
                _("days from intake to asking a mentor: too few to show"));
    table_out(cli, &t[KRING_RT_FUNNEL], thr);
    fprintf(out, "\n%s\n", _("Networks"));
    for (i = KRING_RT_ADULT_BY_ZRM; i <= KRING_RT_ZRM_CHANGE; i++)
        table_out(cli, &t[i], thr);
    fprintf(out, "\n  %s\n", _("Intake and now (means)"));
    for (i = 0; i < KRING_NET_COUNT; i++) {
        fputs("    ", out);
        padded(out, _(nets[i]), 44);
        if (r->before[i].shown)
            fprintf(out, " %7.1f  %7.1f\n", r->before[i].mean,
                    r->after[i].mean);
        else
            fprintf(out, " %s\n", _("too few to show"));
    }
    fprintf(out, "\n%s\n", _("Outcomes (the latest evaluation of each)"));
    for (i = KRING_RT_EVALUATED; i <= KRING_RT_SATISFACTION; i++)
        table_out(cli, &t[i], thr);
    if (r->satisfaction.shown) {
        fputs("    ", out);
        padded(out, _("mean mark"), 44);
        fprintf(out, " %7.1f\n", r->satisfaction.mean);
    }
}

static int run_report(struct cli *cli, struct opts *o)
{
    const char *team = NULL, *format = "table";
    struct walk w = {cli, NULL, NULL, 0, NULL, NULL, NULL, 0, 0};
    kring_org_report r;
    int i, threshold = KRING_REPORT_THRESHOLD, status;

    for (i = 0; i < o->n; i++) {
        const char *v = o->o[i].value;
        switch (o->o[i].id) {
        case O_TEAM:
            team = v;
            break;
        case O_FROM:
        case O_TO:
            if (!kring_date_valid(v))
                return cli_usage_error(cli, report_usage,
                                       _("--%s must be a date YYYY-MM-DD"),
                                       o->o[i].id == O_FROM ? "from" : "to");
            if (o->o[i].id == O_FROM)
                w.from = v;
            else
                w.to = v;
            break;
        case O_FORMAT:
            format = v;
            break;
        case O_THRESHOLD:
            if ((status = cli_int_value(cli, "threshold", v, 0, &threshold)))
                return status;
            if (threshold < KRING_REPORT_THRESHOLD_MIN || threshold > 1000)
                return cli_usage_error(
                    cli, report_usage,
                    _("--threshold must be a whole number from %d to 1000"),
                    KRING_REPORT_THRESHOLD_MIN);
            break;
        default:
            break;
        }
    }
    if (cli->json)
        format = "json";
    if (strcmp(format, "table") && strcmp(format, "json") &&
        strcmp(format, "csv"))
        return cli_usage_error(cli, report_usage,
                               _("--format must be table, json or csv"));
    if (w.from && w.to && strcmp(w.from, w.to) > 0)
        return cli_usage_error(cli, report_usage, "%s",
                               _("--from comes after --to"));
    /* Not read-only: the facts worked out are kept for the next time. */
    if ((status = cli_open_store(cli, 0, &w.store)))
        return status;
    kring_org_report_init(&r, threshold);
    w.r = &r;
    if (team != NULL)
        status = team_id(cli, w.store, team, &w.team);
    if (status == CLI_OK)
        status = add_all(&w);
    kring_store_close(w.store);
    if (status == CLI_OK) {
        kring_org_report_finish(&r);
        if (strcmp(format, "json") == 0) {
            kring_jw jw;
            kring_jw_init(&jw, cli->io->out, 1);
            kring_report_org(&jw, &r, team, w.from, w.to);
            kring_jw_release(&jw);
        } else if (strcmp(format, "csv") == 0)
            kring_report_org_csv(cli->io->out, &r);
        else
            text_out(cli, &r, team, w.from, w.to);
    }
    kring_org_report_release(&r);
    return status;
}

const struct cli_command cmd_report = {
    .name = "report",
    .spec = report_spec,
    .usage = report_usage,
    .min_pos = 0,
    .max_pos = 0,
    .count_error = N_("report takes no arguments"),
    .run = run_report,
};
