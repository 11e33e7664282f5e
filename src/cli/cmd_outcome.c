/* kring outcome: what an evaluation of the trajectory found, and the list
 * of a case's outcomes with when the next evaluation is due
 * (docs/case-file.md, docs/cli.md). */
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "cli.h"

#define _(s) dgettext("kring", s)
#define N_(s) s

enum {
    O_DATE = 1,
    O_PLACEMENT,
    O_SECURE_CARE,
    O_SCHOOL,
    O_GOALS,
    O_ENDED,
    O_SATISFACTION,
    O_NOTES
};

static const char outcome_usage[] =
    N_("usage: kring outcome CODE\n"
       "       kring outcome CODE [--date D] [--placement W]\n"
       "             [--secure-care W] [--school W] [--goals W]\n"
       "             [--ended-as-planned yes|no] [--satisfaction N]\n"
       "             [--notes T]\n"
       "\n"
       "Without fields, lists the outcomes of the case's evaluations and when\n"
       "the next is due (JIM practice evaluates every two months). With\n"
       "fields, records what an evaluation found, dated today unless --date:\n"
       "  --placement, --secure-care  averted, shortened, happened,\n"
       "                              not_at_issue\n"
       "  --school                    stayed, returned, dropped_out,\n"
       "                              not_at_issue\n"
       "  --goals                     met, partly, not_met\n"
       "  --ended-as-planned          yes or no once the trajectory ended\n"
       "  --satisfaction              the young person's own mark, 1 to 10\n");

static const struct opt_spec outcome_spec[] = {
    {"date", 0, OPT_VALUE, O_DATE},
    {"placement", 0, OPT_VALUE, O_PLACEMENT},
    {"secure-care", 0, OPT_VALUE, O_SECURE_CARE},
    {"school", 0, OPT_VALUE, O_SCHOOL},
    {"goals", 0, OPT_VALUE, O_GOALS},
    {"ended-as-planned", 0, OPT_VALUE, O_ENDED},
    {"satisfaction", 0, OPT_VALUE, O_SATISFACTION},
    {"notes", 0, OPT_VALUE, O_NOTES},
    {NULL, 0, 0, 0},
};

/* Today's date, local, into BUF (11 bytes). */
static const char *today(char *buf)
{
    time_t now = time(NULL);
    struct tm tm;

    localtime_r(&now, &tm);
    strftime(buf, 11, "%Y-%m-%d", &tm);
    return buf;
}

const char *cli_due_cell(const char *due, char *buf, size_t cap)
{
    char now[11];

    if (due[0] == '\0' || strcmp(due, today(now)) > 0)
        snprintf(buf, cap, "%s", due);
    else
        snprintf(buf, cap, _("%s (due)"), due);
    return buf;
}

void cli_evaluation_line(struct cli *cli, const char *due)
{
    char now[11];

    if (due == NULL)
        return;
    if (strcmp(due, today(now)) <= 0)
        fprintf(cli->io->out,
                _("Evaluation due since %s: record its outcome with kring "
                  "outcome.\n"),
                due);
    else
        fprintf(cli->io->out, _("Next evaluation due on %s.\n"), due);
}

/* The word of E for V, or "-" when nothing is recorded. */
static const char *word(kring_enum e, int v)
{
    const char *w = kring_enum_word(e, v);

    return w ? w : "-";
}

static int outcomes_table(struct cli *cli, const kring_case *c)
{
    const char *heads[] = {_("N"),      _("DATE"),  _("PLACEMENT"), _("SECURE"),
                           _("SCHOOL"), _("GOALS"), _("ENDED"),     _("MARK")};
    struct table *t;
    char due[11];
    size_t i;

    if (c->n_outcomes == 0)
        fprintf(cli->io->out, "%s\n", _("No outcomes recorded yet."));
    t = c->n_outcomes ? table_new(8, heads) : NULL;
    for (i = 0; i < c->n_outcomes; i++) {
        const kring_outcome *o = &c->outcomes[i];
        char n[24], mark[8];
        const char *cells[8];
        snprintf(n, sizeof n, "%zu", i + 1);
        snprintf(mark, sizeof mark, "%d", o->satisfaction);
        cells[0] = n;
        cells[1] = o->date;
        cells[2] = word(KRING_ENUM_PLACEMENT, (int)o->placement);
        cells[3] = word(KRING_ENUM_PLACEMENT, (int)o->secure_care);
        cells[4] = word(KRING_ENUM_SCHOOL, (int)o->school);
        cells[5] = word(KRING_ENUM_GOALS, (int)o->goals);
        cells[6] = o->ended_as_planned < 0 ? "-"
                   : o->ended_as_planned   ? _("as planned")
                                           : _("not as planned");
        cells[7] = o->satisfaction > 0 ? mark : "-";
        table_add(t, cells);
    }
    if (t != NULL) {
        table_print(t, cli);
        table_free(t);
    }
    cli_evaluation_line(cli, kring_evaluation_due(c, due));
    return CLI_OK;
}

/* yes, no (or true, false, or the language's words) into *OUT. */
static int yes_no(struct cli *cli, const char *v, int *out)
{
    if (!strcasecmp(v, "yes") || !strcasecmp(v, "true") ||
        !strcasecmp(v, _("yes")))
        *out = 1;
    else if (!strcasecmp(v, "no") || !strcasecmp(v, "false") ||
             !strcasecmp(v, _("no")))
        *out = 0;
    else {
        fprintf(cli->io->err, "kring: %s\n",
                _("--ended-as-planned must be yes or no"));
        return CLI_DATA;
    }
    return CLI_OK;
}

/* The fields of O (the parsed options) into OC. */
static int fields(struct cli *cli, const struct opts *o, kring_outcome *oc)
{
    int i, v, status = CLI_OK;

    for (i = 0; status == CLI_OK && i < o->n; i++) {
        const char *value = o->o[i].value;
        switch (o->o[i].id) {
        case O_DATE:
            free(oc->date);
            oc->date = strdup(value);
            break;
        case O_PLACEMENT:
        case O_SECURE_CARE:
            status = cli_enum_value(cli, KRING_ENUM_PLACEMENT,
                                    o->o[i].id == O_PLACEMENT ? "placement"
                                                              : "secure-care",
                                    value, &v);
            if (o->o[i].id == O_PLACEMENT)
                oc->placement = (kring_placement)v;
            else
                oc->secure_care = (kring_placement)v;
            break;
        case O_SCHOOL:
            status =
                cli_enum_value(cli, KRING_ENUM_SCHOOL, "school", value, &v);
            oc->school = (kring_school)v;
            break;
        case O_GOALS:
            status = cli_enum_value(cli, KRING_ENUM_GOALS, "goals", value, &v);
            oc->goals = (kring_goals)v;
            break;
        case O_ENDED:
            status = yes_no(cli, value, &oc->ended_as_planned);
            break;
        case O_SATISFACTION:
            status =
                cli_int_value(cli, "satisfaction", value, 0, &oc->satisfaction);
            break;
        case O_NOTES:
            free(oc->notes);
            oc->notes = strdup(value);
            break;
        default:
            break;
        }
    }
    if (oc->notes == NULL)
        oc->notes = strdup("");
    return status;
}

static int run_outcome(struct cli *cli, struct opts *o)
{
    kring_store *store = NULL;
    kring_case *c = NULL;
    kring_outcome oc;
    kring_error err;
    int status;

    kring_outcome_init(&oc);
    if (o->n > 0 && (status = fields(cli, o, &oc)) != CLI_OK)
        goto out;
    if (o->n > 0) {
        if ((status = cli_open_store(cli, 0, &store)))
            goto out;
        if (kring_change_outcome(store, NULL, o->pos[0], &oc, &err)) {
            status = cli_fail(cli, &err);
            goto out;
        }
    } else if ((status = cli_open_store(cli, KRING_STORE_READONLY, &store)))
        goto out;
    if (kring_store_load_case(store, o->pos[0], &c, &err)) {
        status = cli_fail(cli, &err);
        goto out;
    }
    if (cli->json) {
        kring_jw w;
        kring_jw_init(&w, cli->io->out, 1);
        kring_report_outcomes(&w, c);
        kring_jw_release(&w);
    } else if (o->n > 0) {
        char due[11];
        fprintf(cli->io->out, _("recorded outcome %zu of case '%s' (%s)\n"),
                c->n_outcomes, c->code, oc.date);
        cli_evaluation_line(cli, kring_evaluation_due(c, due));
    } else
        status = outcomes_table(cli, c);
out:
    kring_outcome_release(&oc);
    kring_case_free(c);
    kring_store_close(store);
    return status;
}

const struct cli_command cmd_outcome = {
    .name = "outcome",
    .spec = outcome_spec,
    .usage = outcome_usage,
    .min_pos = 1,
    .max_pos = 1,
    .count_error = N_("outcome needs a CODE"),
    .run = run_outcome,
};
