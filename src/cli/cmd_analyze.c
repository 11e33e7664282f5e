/* kring score | indicators | weights: the analysis of a case, or of every
 * case of the database one JSON line at a time (--all). */
#include <libintl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define _(s) dgettext("kring", s)
#define N_(s) s

enum { O_TOP = 1, O_WEIGHTS, O_ALL };

static const char score_usage[] =
    N_("usage: kring score CODE | -f FILE [--top N] [--weights FILE] [--json]\n"
       "       kring score --all [--weights FILE] [--json]\n"
       "\n"
       "Ranks the people who could be the young person's mentor, with the\n"
       "reasons for every score, the warnings to talk about and who cannot be\n"
       "a mentor and why. The young person chooses; this prepares the\n"
       "conversation. --top N shows the first N (and always whoever the young\n"
       "person nominated). --weights FILE replaces the default profile\n"
       "(kring weights prints it). --all scores every case, one line each.\n");

static const char indicators_usage[] =
    N_("usage: kring indicators CODE | -f FILE [--json]\n"
       "       kring indicators --all [--json]\n"
       "\n"
       "Describes the network as a whole: its size, the supportive adults,\n"
       "the measures of who knows whom, the level of the Zelfredzaamheid-\n"
       "Matrix (Sociaal netwerk) and the points a team should discuss.\n"
       "--all describes every case, one line each.\n");

static const char weights_usage[] =
    N_("usage: kring weights\n"
       "\n"
       "Prints the default weight profile of 'kring score', to copy, change\n"
       "and give back with 'kring score --weights FILE' (docs/scoring.md).\n");

/* What a command needs for each case it analyses. */
struct run {
    struct cli *cli;
    kring_jw jw;
    kring_weights weights;
    long top; /* candidates shown, -1 all */
    int all;  /* --all: one line per case */
};

/* V with two decimals, in the language's way ("0,93" in Dutch). */
static void fixed(char *buf, size_t cap, double v)
{
    kring_number_format(buf, cap, v, 2);
}

/* Every warning of candidate K, as "   ! TEXT". */
static void print_warnings(struct run *r, const kring_case *c,
                           const kring_candidate *k)
{
    char text[400];
    int j;

    for (j = 0; j < KRING_WARN_COUNT; j++)
        if (k->warnings & (1u << j))
            fprintf(r->cli->io->out, "   %s!%s %s\n",
                    cli_colour(r->cli, CLI_WARN), cli_colour(r->cli, CLI_PLAIN),
                    cli_shown(r->cli, kring_warning_text(c, k, (kring_warning)j,
                                                         text, sizeof text)));
}

static void print_scores(struct run *r, const kring_case *c,
                         const kring_scores *s)
{
    FILE *out = r->cli->io->out;
    const char *bold = cli_colour(r->cli, CLI_BOLD),
               *good = cli_colour(r->cli, CLI_GOOD),
               *plain = cli_colour(r->cli, CLI_PLAIN);
    const char *heads[] = {_("RANK"),      _("NAME"),         _("SCORE"),
                           _("CLOSENESS"), _("AVAILABILITY"), _("EMBEDDEDNESS"),
                           _("NOMINATED")};
    struct table *t = table_new(7, heads);
    char rank[16], sc[16], cl[16], av[16], em[16], text[400];
    size_t i;
    int j, n;

    fputs(cli_colour(r->cli, CLI_BOLD), out);
    fprintf(out, _("Mentor candidates for %s (%s)"), cli_shown(r->cli, c->name),
            c->code);
    fprintf(out, "%s\n\n", cli_colour(r->cli, CLI_PLAIN));
    if (s->n_ranked == 0)
        fprintf(out, "%s\n", _("Nobody in this network can be a mentor yet."));
    for (i = 0; i < s->n_ranked; i++) {
        const kring_candidate *k = &s->ranked[i];
        const char *cells[7];
        if (!kring_candidate_shown(r->top, c, k, i))
            continue;
        snprintf(rank, sizeof rank, "%d", k->rank);
        fixed(sc, sizeof sc, k->score);
        fixed(cl, sizeof cl, k->closeness);
        fixed(av, sizeof av, k->availability);
        fixed(em, sizeof em, k->embeddedness);
        cells[0] = rank;
        cells[1] = c->people[k->person].name;
        cells[2] = sc;
        cells[3] = cl;
        cells[4] = av;
        cells[5] = em;
        cells[6] = c->people[k->person].nominated ? _("yes") : "";
        table_add(t, cells);
    }
    if (s->n_ranked > 0)
        table_print(t, r->cli);
    table_free(t);

    /* The top reasons and every warning, in sentences. */
    for (i = 0; i < s->n_ranked; i++) {
        const kring_candidate *k = &s->ranked[i];
        if (!kring_candidate_shown(r->top, c, k, i))
            continue;
        fprintf(out, "\n%s%d. %s%s\n", bold, k->rank,
                cli_shown(r->cli, c->people[k->person].name), plain);
        for (j = 0, n = 0; j < k->n_reasons && n < 4; j++, n++)
            fprintf(out, "   %s+%s %s\n", good, plain,
                    cli_shown(r->cli, kring_reason_text(
                                          c, k, (kring_reason)k->reason[j],
                                          text, sizeof text)));
        print_warnings(r, c, k);
    }
    if (s->n_excluded > 0)
        fprintf(out, "\n%s%s%s\n", bold, _("Not a candidate:"), plain);
    for (i = 0; i < s->n_excluded; i++) {
        const kring_candidate *k = &s->excluded[i];
        const kring_person *p = &c->people[k->person];
        fprintf(out, "  %s%s\n", cli_shown(r->cli, p->name),
                p->nominated ? _(" (nominated by the young person)") : "");
        for (j = 0; j < KRING_EXCL_COUNT; j++)
            if (k->exclusions & (1u << j))
                fprintf(out, "   %s-%s %s\n", cli_colour(r->cli, CLI_BAD),
                        plain,
                        cli_shown(r->cli, kring_exclusion_text(
                                              c, k, (kring_exclusion)j,
                                              &r->weights, text, sizeof text)));
        print_warnings(r, c, k);
    }
    fprintf(out, "\n%s\n",
            _("A ranking is a suggestion for the conversation: the young "
              "person chooses."));
}

/* One line of 'score --all' without --json. */
static void print_score_line(struct run *r, const kring_case *c,
                             const kring_scores *s)
{
    FILE *out = r->cli->io->out;
    size_t i, nominated = 0;

    for (i = 0; i < c->n_people; i++)
        nominated += c->people[i].nominated;
    fprintf(out, "%s\t%s\t%zu\t%zu\t", c->code, cli_shown(r->cli, c->name),
            s->n_ranked, nominated);
    if (s->n_ranked > 0)
        fprintf(out, "%s\t%.2f\n",
                cli_shown(r->cli, c->people[s->ranked[0].person].name),
                s->ranked[0].score);
    else
        fprintf(out, "-\t-\n");
}

/* A document the writer could not hold in memory. */
static kring_status dropped(struct run *r, kring_error *err)
{
    if (!r->jw.failed)
        return KRING_OK;
    r->jw.failed = 0;
    err->code = KRING_ERR_NOMEM;
    snprintf(err->text, sizeof err->text, "%s", _("out of memory"));
    return KRING_ERR_NOMEM;
}

static kring_status score_one(const kring_case *c, void *ctx, kring_error *err)
{
    struct run *r = ctx;
    kring_scores s;
    kring_status rc;

    rc = kring_score_case(c, &r->weights, &s, err);
    if (rc == KRING_OK) {
        if (r->cli->json)
            kring_report_scores(&r->jw, c, &s, &r->weights, r->top);
        else if (r->all)
            print_score_line(r, c, &s);
        else
            print_scores(r, c, &s);
    }
    kring_scores_release(&s);
    return rc ? rc : dropped(r, err);
}

static void print_indicators(struct run *r, const kring_case *c,
                             const kring_indicators *in)
{
    FILE *out = r->cli->io->out;
    const char *sep = "";
    int i;

    char a[32], b[32];

    fputs(cli_colour(r->cli, CLI_BOLD), out);
    fprintf(out, _("The network of %s (%s)"), cli_shown(r->cli, c->name),
            c->code);
    fprintf(out, "%s\n\n", cli_colour(r->cli, CLI_PLAIN));
    fprintf(out,
            dngettext("kring", "People:      %zu in %d part of life (",
                      "People:      %zu in %d parts of life (",
                      (unsigned long)__builtin_popcount(in->sectors)),
            in->size, __builtin_popcount(in->sectors));
    for (i = 0; i < KRING_SECTOR_COUNT; i++)
        if (in->sectors & (1u << i)) {
            fprintf(out, "%s%s", sep, kring_enum_word(KRING_ENUM_SECTOR, i));
            sep = ", ";
        }
    fprintf(out, ")\n");
    fprintf(out,
            _("Adults:      %zu outside the professionals, %zu of them "
              "supportive, %zu in the inner circle\n"),
            in->adults_informal, in->supportive_informal_adults,
            in->inner_adults);
    fprintf(out, _("Candidates:  %zu could be a mentor; %zu nominated\n"),
            in->candidates, in->nominated);
    fprintf(out, _("Professionals: %zu (%.0f%% of the network)\n"), in->formal,
            100.0 * in->formal_share);
    fprintf(out,
            dngettext("kring", "Who knows whom: %zu tie",
                      "Who knows whom: %zu ties", (unsigned long)in->ties),
            in->ties);
    fprintf(out, _(" (%zu in conflict), density %s, "), in->conflict_ties,
            kring_number_format(a, sizeof a, in->density, 2));
    fprintf(out,
            dngettext("kring", "%zu group, ", "%zu groups, ",
                      (unsigned long)in->components),
            in->components);
    fprintf(out,
            dngettext("kring", "%zu person without a tie\n",
                      "%zu people without a tie\n",
                      (unsigned long)in->isolates),
            in->isolates);
    if (isnan(in->ego_effective_size))
        fprintf(out, "%s\n", _("Ego network: no people recorded"));
    else
        fprintf(out, _("Ego network: effective size %s, constraint %s\n"),
                kring_number_format(a, sizeof a, in->ego_effective_size, 2),
                kring_number_format(b, sizeof b, in->ego_constraint, 2));
    fprintf(out, _("ZRM Sociaal netwerk: %s\n"), kring_zrm_text(in->zrm_level));
    if (in->flags == 0) {
        fprintf(out, "\n%s\n", _("No points to discuss were flagged."));
        return;
    }
    fprintf(out, "\n%s%s%s\n", cli_colour(r->cli, CLI_BOLD), _("To discuss:"),
            cli_colour(r->cli, CLI_PLAIN));
    for (i = 0; i < KRING_FLAG_COUNT; i++)
        if (in->flags & (1u << i))
            fprintf(out, "  %s-%s %s (%s)\n", cli_colour(r->cli, CLI_WARN),
                    cli_colour(r->cli, CLI_PLAIN),
                    kring_flag_text((kring_flag)i),
                    kring_flag_code((kring_flag)i));
}

static void print_indicator_line(struct run *r, const kring_case *c,
                                 const kring_indicators *in)
{
    FILE *out = r->cli->io->out;
    const char *sep = "";
    int i;

    fprintf(out, "%s\t%s\t%zu\t%zu\t%d\t", c->code, cli_shown(r->cli, c->name),
            in->size, in->supportive_informal_adults, in->zrm_level);
    for (i = 0; i < KRING_FLAG_COUNT; i++)
        if (in->flags & (1u << i)) {
            fprintf(out, "%s%s", sep, kring_flag_code((kring_flag)i));
            sep = ",";
        }
    fprintf(out, "%s\n", in->flags ? "" : "-");
}

static kring_status indicators_one(const kring_case *c, void *ctx,
                                   kring_error *err)
{
    struct run *r = ctx;
    kring_indicators in;
    kring_status rc;

    rc = kring_indicators_compute(c, &r->weights, &in, err);
    if (rc == KRING_OK) {
        if (r->cli->json)
            kring_report_indicators(&r->jw, c, &in);
        else if (r->all)
            print_indicator_line(r, c, &in);
        else
            print_indicators(r, c, &in);
    }
    return rc ? rc : dropped(r, err);
}

static const struct opt_spec score_spec[] = {
    {"file", 'f', OPT_VALUE, OPT_ID_FILE},
    {"top", 0, OPT_VALUE, O_TOP},
    {"weights", 0, OPT_VALUE, O_WEIGHTS},
    {"all", 0, OPT_NONE, O_ALL},
    {NULL, 0, 0, 0},
};
static const struct opt_spec indicators_spec[] = {
    {"file", 'f', OPT_VALUE, OPT_ID_FILE},
    {"all", 0, OPT_NONE, O_ALL},
    {NULL, 0, 0, 0},
};

/* Takes the options both commands share and runs FN on the case, or on
 * every case with --all. */
static int analyse(struct cli *cli, struct opts *o, const char *usage,
                   kring_case_fn fn)
{
    struct run r = {0};
    const char *code = NULL, *file = NULL, *weights = NULL;
    kring_store *store = NULL;
    kring_case *c = NULL;
    kring_error err;
    int status, i, top;

    r.cli = cli;
    r.top = -1;
    for (i = 0; i < o->n; i++) {
        if (o->o[i].id == O_ALL)
            r.all = 1;
        else if (o->o[i].id == OPT_ID_FILE)
            file = o->o[i].value;
        else if (o->o[i].id == O_WEIGHTS)
            weights = o->o[i].value;
        else if (o->o[i].id == O_TOP) {
            if (cli_int_value(cli, "top", o->o[i].value, 0, &top))
                return CLI_USAGE;
            if (top < 1)
                return cli_usage_error(cli, usage, "%s",
                                       _("--top must be 1 or more"));
            r.top = top;
        }
    }
    if (r.all && (o->npos > 0 || r.top >= 0 || file != NULL))
        return cli_usage_error(cli, usage, "%s",
                               _("--all takes no CODE, -f FILE or --top"));
    if (!r.all && (status = cli_case_source(cli, o, usage, &code, &file)))
        return status;
    if (weights ? kring_weights_load(weights, &r.weights, &err)
                : kring_weights_default(&r.weights, &err))
        return cli_fail(cli, &err);
    kring_jw_init(&r.jw, cli->io->out, !r.all);

    if (!r.all) {
        if ((status = cli_load_network(cli, code, file, &c)))
            return status;
        if (fn(c, &r, &err))
            status = cli_fail(cli, &err);
        kring_case_free(c);
    } else if ((status = cli_open_store(cli, KRING_STORE_READONLY, &store)) ==
               CLI_OK) {
        /* The next cases are read while one is scored and printed. */
        if (kring_store_each_network_ahead(store, fn, &r, &err))
            status = cli_fail(cli, &err);
        kring_store_close(store);
    }
    kring_jw_release(&r.jw);
    return status;
}

static int run_score(struct cli *cli, struct opts *o)
{
    return analyse(cli, o, score_usage, score_one);
}

static int run_indicators(struct cli *cli, struct opts *o)
{
    return analyse(cli, o, indicators_usage, indicators_one);
}

const struct cli_command cmd_score = {
    .name = "score",
    .spec = score_spec,
    .usage = score_usage,
    .min_pos = -1,
    .max_pos = -1,
    .run = run_score,
};

const struct cli_command cmd_indicators = {
    .name = "indicators",
    .spec = indicators_spec,
    .usage = indicators_usage,
    .min_pos = -1,
    .max_pos = -1,
    .run = run_indicators,
};

static const struct opt_spec weights_spec[] = {{NULL, 0, 0, 0}};

static int run_weights(struct cli *cli, struct opts *o)
{
    (void)o; /* no options but the global ones */
    fputs(kring_weights_default_text(), cli->io->out);
    return CLI_OK;
}

const struct cli_command cmd_weights = {
    .name = "weights",
    .spec = weights_spec,
    .usage = weights_usage,
    .min_pos = 0,
    .max_pos = 0,
    .count_error = N_("weights takes no arguments"),
    .run = run_weights,
};
