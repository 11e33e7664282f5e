/* kring snapshot | history | diff | choose: the network over time and the
 * steps of the young person's choice of mentor (docs/history.md). */
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

#define _(s) dgettext("kring", s)
#define N_(s) s

enum { O_TAKEN = 1, O_STATUS, O_DATE, O_NOTE, O_FORCE };

static const char snapshot_usage[] =
    N_("usage: kring snapshot CODE LABEL [--taken YYYY-MM-DDTHH:MM:SSZ]\n"
       "\n"
       "Freezes the network as it is now under LABEL ('intake', '3-months'),\n"
       "to compare with later (kring diff). A snapshot named 'intake' marks\n"
       "the day the work began.\n");

static const char history_usage[] =
    N_("usage: kring history CODE\n"
       "\n"
       "Lists the case's snapshots, and the steps of the mentor choice.\n");

static const char diff_usage[] =
    N_("usage: kring diff CODE FROM [TO]\n"
       "\n"
       "Says what changed from snapshot FROM to snapshot TO (else to now):\n"
       "who came, who left, who moved closer or further, relations and ties\n"
       "that changed, and the indicators.\n");

static const char choose_usage[] =
    N_("usage: kring choose CODE PERSON [--status S] [--date YYYY-MM-DD]\n"
       "                    [--note TEXT] [--force]\n"
       "\n"
       "Records a step of the young person's choice of mentor. S: asked\n"
       "(the default), parents_agreed, accepted, active, evaluated, ended,\n"
       "declined. A step that is unusual (out of order, a date before the\n"
       "last step) is recorded with a note saying why. A person who cannot be\n"
       "a mentor in JIM practice (a parent, a professional, ...) is refused\n"
       "unless --force is given, and then recorded with a warning.\n");

static const struct opt_spec snapshot_spec[] = {
    {"taken", 0, OPT_VALUE, O_TAKEN},
    {NULL, 0, 0, 0},
};

static int run_snapshot(struct cli *cli, struct opts *o)
{
    const char *taken = NULL;
    kring_store *store = NULL;
    kring_snapshot sn;
    kring_error err;
    char counts[96];
    int status, i;

    memset(&sn, 0, sizeof sn);
    for (i = 0; i < o->n; i++)
        if (o->o[i].id == O_TAKEN)
            taken = o->o[i].value;
    if ((status = cli_open_store(cli, 0, &store)))
        goto out;
    if (kring_change_snapshot(store, NULL, o->pos[0], o->pos[1], taken, &sn,
                              &err)) {
        status = cli_fail(cli, &err);
        goto out;
    }
    if (cli->json)
        fprintf(cli->io->out, "{\"label\": \"%s\", \"taken\": \"%s\"}\n",
                sn.label, sn.taken);
    else
        fprintf(cli->io->out, _("snapshot '%s' of case '%s': %s\n"),
                cli_shown(cli, sn.label), o->pos[0],
                cli_counts(counts, sizeof counts, sn.n_people, sn.n_ties));
out:
    kring_snapshot_release(&sn);
    kring_store_close(store);
    return status;
}

const struct cli_command cmd_snapshot = {
    .name = "snapshot",
    .spec = snapshot_spec,
    .usage = snapshot_usage,
    .min_pos = 2,
    .max_pos = 2,
    .count_error = N_("snapshot needs a CODE and a LABEL"),
    .run = run_snapshot,
};

/* The day a case's work began: its 'intake' snapshot, else its first. */
static const kring_snapshot *intake(const kring_case *c)
{
    const kring_snapshot *s = kring_case_snapshot(c, "intake");

    return s != NULL ? s : c->n_snapshots ? &c->snapshots[0] : NULL;
}

/* Days from date A to date B (YYYY-MM-DD...). */
static long days_between(const char *a, const char *b)
{
    struct tm x, y;

    memset(&x, 0, sizeof x);
    memset(&y, 0, sizeof y);
    if (sscanf(a, "%4d-%2d-%2d", &x.tm_year, &x.tm_mon, &x.tm_mday) != 3 ||
        sscanf(b, "%4d-%2d-%2d", &y.tm_year, &y.tm_mon, &y.tm_mday) != 3)
        return 0;
    x.tm_year -= 1900;
    y.tm_year -= 1900;
    x.tm_mon--;
    y.tm_mon--;
    x.tm_hour = y.tm_hour = 12; /* away from any change of clock */
    return (long)((timegm(&y) - timegm(&x)) / 86400);
}

static void today(char *buf, size_t cap)
{
    time_t t = time(NULL);
    struct tm tm;

    localtime_r(&t, &tm);
    strftime(buf, cap, "%Y-%m-%d", &tm);
}

void cli_print_process(struct cli *cli, const kring_case *c)
{
    const kring_snapshot *in = intake(c);
    FILE *out = cli->io->out;
    char now[11];
    size_t i;

    if (c->n_choices == 0)
        return;
    today(now, sizeof now);
    fprintf(out, "\n%s\n", _("Mentor choice (JIM):"));
    for (i = 0; i < c->n_people; i++) {
        const kring_choice *last = kring_case_last_choice(c, c->people[i].id);
        if (last == NULL)
            continue;
        fprintf(out, "  %s: %s %s %s", cli_shown(cli, c->people[i].name),
                kring_enum_word(KRING_ENUM_CHOICE_STATUS, (int)last->status),
                _("since"), last->date);
        if (in != NULL) {
            long days = days_between(in->taken, last->date);
            fprintf(out,
                    dngettext("kring", ", %ld day after the intake",
                              ", %ld days after the intake",
                              (unsigned long)(days < 0 ? -days : days)),
                    days);
        }
        fputc('\n', out);
    }
    if (in != NULL) {
        long days = days_between(in->taken, now);
        fprintf(out,
                dngettext("kring",
                          "  %ld day since the intake (%.10s); practice "
                          "reports 33 days to a nomination on average\n",
                          "  %ld days since the intake (%.10s); practice "
                          "reports 33 days to a nomination on average\n",
                          (unsigned long)(days < 0 ? -days : days)),
                days, in->taken);
    }
}

static const struct opt_spec history_spec[] = {{NULL, 0, 0, 0}};

static int run_history(struct cli *cli, struct opts *o)
{
    const char *heads[] = {_("LABEL"), _("TAKEN"), _("PEOPLE"), _("TIES")};
    kring_store *store = NULL;
    kring_case *c = NULL;
    kring_error err;
    int status;
    size_t i;

    if ((status = cli_open_store(cli, KRING_STORE_READONLY, &store)))
        return status;
    if (kring_store_load_case(store, o->pos[0], &c, &err)) {
        status = cli_fail(cli, &err);
        goto out;
    }
    if (cli->json) {
        kring_jw w;
        kring_jw_init(&w, cli->io->out, 1);
        kring_report_history(&w, c);
        kring_jw_release(&w);
        goto out;
    }
    if (c->n_snapshots == 0) {
        fprintf(cli->io->out, "%s\n",
                _("No snapshots yet: 'kring snapshot CODE intake' takes the "
                  "first."));
    } else {
        struct table *t = table_new(4, heads);
        for (i = 0; i < c->n_snapshots; i++) {
            char np[24], nt[24];
            const char *cells[4];
            snprintf(np, sizeof np, "%zu", c->snapshots[i].n_people);
            snprintf(nt, sizeof nt, "%zu", c->snapshots[i].n_ties);
            cells[0] = c->snapshots[i].label;
            cells[1] = c->snapshots[i].taken;
            cells[2] = np;
            cells[3] = nt;
            table_add(t, cells);
        }
        table_print(t, cli);
        table_free(t);
    }
    for (i = 0; i < c->n_choices; i++) {
        if (i == 0)
            fprintf(cli->io->out, "\n%s\n", _("Steps of the mentor choice:"));
        fprintf(cli->io->out, "  %s  %-16s %s%s%s\n", c->choices[i].date,
                kring_enum_word(KRING_ENUM_CHOICE_STATUS,
                                (int)c->choices[i].status),
                c->choices[i].person, c->choices[i].note[0] ? ": " : "",
                cli_shown(cli, c->choices[i].note));
    }
out:
    kring_case_free(c);
    kring_store_close(store);
    return status;
}

const struct cli_command cmd_history = {
    .name = "history",
    .spec = history_spec,
    .usage = history_usage,
    .min_pos = 1,
    .max_pos = 1,
    .count_error = N_("history needs a CODE"),
    .run = run_history,
};

/* The indicators a diff compares: the key of --json, and what a table
 * calls it. */
struct measure {
    const char *key;
    const char *label;
    int decimals; /* in a table: -1 a count, else digits after the sign */
    double before, after;
};

static size_t measures(const kring_diff *d, struct measure *m)
{
    const kring_indicators *a = &d->before, *b = &d->after;
    size_t n = 0;

#define M(field, text, digits)                                                 \
    do {                                                                       \
        m[n].key = #field;                                                     \
        m[n].label = text;                                                     \
        m[n].decimals = digits;                                                \
        m[n].before = (double)a->field;                                        \
        m[n++].after = (double)b->field;                                       \
    } while (0)
    M(size, N_("people"), -1);
    M(adults_informal, N_("adults outside the professionals"), -1);
    M(supportive_informal_adults,
      N_("supportive adults outside the professionals"), -1);
    M(inner_adults, N_("adults in the inner circle"), -1);
    M(formal, N_("professionals"), -1);
    M(household, N_("in the household"), -1);
    M(candidates, N_("could be a mentor"), -1);
    M(nominated, N_("nominated by the young person"), -1);
    M(ties, N_("ties (who knows whom)"), -1);
    M(conflict_ties, N_("ties in conflict"), -1);
    M(density, N_("density"), 2);
    M(components, N_("groups"), -1);
    M(isolates, N_("people without a tie"), -1);
    M(formal_share, N_("share of professionals"), 2);
    M(ego_effective_size, N_("effective size of the ego network"), 2);
    M(ego_constraint, N_("constraint of the ego network"), 2);
    M(zrm_level, N_("ZRM level (Sociaal netwerk)"), -1);
#undef M
    return n;
}

static int same(double a, double b)
{
    return a == b || (a != a && b != b); /* NaN: no people on both sides */
}

static void json_people(kring_jw *w, const char *key,
                        const kring_diff_person *list, size_t n, int which)
{
    size_t i;

    kring_jw_key(w, key);
    kring_jw_array(w);
    for (i = 0; i < n; i++) {
        const kring_person *p = which ? list[i].to : list[i].from;
        kring_jw_object(w);
        kring_jw_key(w, "id");
        kring_jw_string(w, p->id);
        kring_jw_key(w, "name");
        kring_jw_string(w, p->name);
        if (list[i].from != NULL && list[i].to != NULL) {
            int ring = which == 2; /* 2: the ring; else the relation */
            kring_jw_key(w, "from");
            if (ring)
                kring_jw_int(w, list[i].from->ring);
            else
                kring_jw_string(w, kring_enum_name(KRING_ENUM_QUALITY,
                                                   (int)list[i].from->quality));
            kring_jw_key(w, "to");
            if (ring)
                kring_jw_int(w, list[i].to->ring);
            else
                kring_jw_string(w, kring_enum_name(KRING_ENUM_QUALITY,
                                                   (int)list[i].to->quality));
        } else {
            kring_jw_key(w, "ring");
            kring_jw_int(w, p->ring);
        }
        kring_jw_object_end(w);
    }
    kring_jw_array_end(w);
}

static void json_ties(kring_jw *w, const char *key, const kring_diff_tie *list,
                      size_t n)
{
    size_t i;

    kring_jw_key(w, key);
    kring_jw_array(w);
    for (i = 0; i < n; i++) {
        const kring_tie *t = list[i].to ? list[i].to : list[i].from;
        kring_jw_object(w);
        kring_jw_key(w, "a");
        kring_jw_string(w, t->a);
        kring_jw_key(w, "b");
        kring_jw_string(w, t->b);
        if (list[i].from != NULL && list[i].to != NULL) {
            kring_jw_key(w, "from");
            kring_jw_string(w, kring_enum_name(KRING_ENUM_TIE_QUALITY,
                                               (int)list[i].from->quality));
            kring_jw_key(w, "to");
        } else
            kring_jw_key(w, "quality");
        kring_jw_string(
            w, kring_enum_name(KRING_ENUM_TIE_QUALITY, (int)t->quality));
        kring_jw_object_end(w);
    }
    kring_jw_array_end(w);
}

static void json_side(kring_jw *w, const char *key, const kring_snapshot *s)
{
    kring_jw_key(w, key);
    if (s == NULL) {
        kring_jw_null(w);
        return;
    }
    kring_jw_object(w);
    kring_jw_key(w, "label");
    kring_jw_string(w, s->label);
    kring_jw_key(w, "taken");
    kring_jw_string(w, s->taken);
    kring_jw_object_end(w);
}

static void json_diff(struct cli *cli, const kring_case *c,
                      const kring_snapshot *from, const kring_snapshot *to,
                      const kring_diff *d)
{
    struct measure m[32];
    size_t n = measures(d, m), i;
    kring_jw w;
    int k;

    kring_jw_init(&w, cli->io->out, 1);
    kring_jw_object(&w);
    kring_jw_key(&w, "case");
    kring_jw_string(&w, c->code);
    json_side(&w, "from", from);
    json_side(&w, "to", to);
    json_people(&w, "came", d->came, d->n_came, 1);
    json_people(&w, "left", d->left, d->n_left, 0);
    json_people(&w, "moved", d->moved, d->n_moved, 2);
    json_people(&w, "relation", d->relation, d->n_relation, 1);
    json_ties(&w, "ties_gained", d->gained, d->n_gained);
    json_ties(&w, "ties_lost", d->lost, d->n_lost);
    json_ties(&w, "ties_changed", d->turned, d->n_turned);
    kring_jw_key(&w, "indicators");
    kring_jw_object(&w);
    for (i = 0; i < n; i++) {
        kring_jw_key(&w, m[i].key);
        kring_jw_object(&w);
        kring_jw_key(&w, "from");
        kring_jw_double(&w, m[i].before);
        kring_jw_key(&w, "to");
        kring_jw_double(&w, m[i].after);
        kring_jw_object_end(&w);
    }
    kring_jw_object_end(&w);
    kring_jw_key(&w, "flags_gained");
    kring_jw_array(&w);
    for (k = 0; k < KRING_FLAG_COUNT; k++)
        if ((d->after.flags & ~d->before.flags) & (1u << k))
            kring_jw_string(&w, kring_flag_code((kring_flag)k));
    kring_jw_array_end(&w);
    kring_jw_key(&w, "flags_lost");
    kring_jw_array(&w);
    for (k = 0; k < KRING_FLAG_COUNT; k++)
        if ((d->before.flags & ~d->after.flags) & (1u << k))
            kring_jw_string(&w, kring_flag_code((kring_flag)k));
    kring_jw_array_end(&w);
    kring_jw_object_end(&w);
    kring_jw_release(&w);
}

static void print_diff(struct cli *cli, const kring_case *c,
                       const kring_snapshot *from, const kring_snapshot *to,
                       const kring_diff *d)
{
    FILE *out = cli->io->out;
    const char *bold = cli_colour(cli, CLI_BOLD),
               *good = cli_colour(cli, CLI_GOOD),
               *bad = cli_colour(cli, CLI_BAD),
               *plain = cli_colour(cli, CLI_PLAIN);
    struct measure m[32];
    size_t n = measures(d, m), i, changed = 0;
    int k;

    fputs(bold, out);
    fprintf(out, _("Changes in the network of %s (%s) from '%s' (%s) to "),
            cli_shown(cli, c->name), c->code, cli_shown(cli, from->label),
            from->taken);
    if (to != NULL)
        fprintf(out, "'%s' (%s)", cli_shown(cli, to->label), to->taken);
    else
        fprintf(out, "%s", _("now"));
    fprintf(out, "%s\n\n%s (%zu)\n", plain, _("Came"), d->n_came);
    for (i = 0; i < d->n_came; i++)
        fprintf(out, "  %s+%s %s (%s)\n", good, plain,
                cli_shown(cli, d->came[i].to->name),
                kring_ring_word(d->came[i].to->ring));
    fprintf(out, "%s (%zu)\n", _("Left"), d->n_left);
    for (i = 0; i < d->n_left; i++)
        fprintf(out, "  %s-%s %s (%s)\n", bad, plain,
                cli_shown(cli, d->left[i].from->name),
                kring_ring_word(d->left[i].from->ring));
    fprintf(out, "%s (%zu)\n", _("Moved"), d->n_moved);
    for (i = 0; i < d->n_moved; i++)
        fprintf(out, "  %s %s: %s -> %s\n",
                d->moved[i].to->ring < d->moved[i].from->ring ? "^" : "v",
                cli_shown(cli, d->moved[i].to->name),
                kring_ring_word(d->moved[i].from->ring),
                kring_ring_word(d->moved[i].to->ring));
    for (i = 0; i < d->n_relation; i++)
        fprintf(out, _("  relation with %s: %s -> %s\n"),
                cli_shown(cli, d->relation[i].to->name),
                kring_enum_word(KRING_ENUM_QUALITY,
                                (int)d->relation[i].from->quality),
                kring_enum_word(KRING_ENUM_QUALITY,
                                (int)d->relation[i].to->quality));
    fprintf(out, _("Ties: %zu gained, %zu lost, %zu changed\n"), d->n_gained,
            d->n_lost, d->n_turned);
    for (i = 0; i < d->n_gained; i++)
        fprintf(out, "  %s+%s %s - %s\n", good, plain, d->gained[i].to->a,
                d->gained[i].to->b);
    for (i = 0; i < d->n_lost; i++)
        fprintf(out, "  %s-%s %s - %s\n", bad, plain, d->lost[i].from->a,
                d->lost[i].from->b);
    for (i = 0; i < d->n_turned; i++)
        fprintf(out, "  %s - %s: %s -> %s\n", d->turned[i].to->a,
                d->turned[i].to->b,
                kring_enum_word(KRING_ENUM_TIE_QUALITY,
                                (int)d->turned[i].from->quality),
                kring_enum_word(KRING_ENUM_TIE_QUALITY,
                                (int)d->turned[i].to->quality));
    fprintf(out, "\n%s%s%s\n", bold, _("Indicators that changed:"), plain);
    for (i = 0; i < n; i++) {
        char a[32], b[32];
        if (same(m[i].before, m[i].after))
            continue;
        fprintf(out, "  %s: %s -> %s\n", _(m[i].label),
                kring_number_format(a, sizeof a, m[i].before, m[i].decimals),
                kring_number_format(b, sizeof b, m[i].after, m[i].decimals));
        changed++;
    }
    for (k = 0; k < KRING_FLAG_COUNT; k++) {
        unsigned bit = 1u << k;
        if ((d->after.flags & bit) != (d->before.flags & bit)) {
            fprintf(out, "  %s%s%s %s\n", d->after.flags & bit ? bad : good,
                    d->after.flags & bit ? "+" : "-", plain,
                    kring_flag_text((kring_flag)k));
            changed++;
        }
    }
    if (changed == 0)
        fprintf(out, "  %s\n", _("none"));
}

static const struct opt_spec diff_spec[] = {{NULL, 0, 0, 0}};

static int run_diff(struct cli *cli, struct opts *o)
{
    const kring_snapshot *from, *to = NULL;
    kring_store *store = NULL;
    kring_case *c = NULL, a, b;
    kring_diff d;
    kring_error err;
    int status;

    memset(&d, 0, sizeof d);
    if ((status = cli_open_store(cli, KRING_STORE_READONLY, &store)))
        return status;
    if (kring_store_load_case(store, o->pos[0], &c, &err)) {
        status = cli_fail(cli, &err);
        goto out;
    }
    if ((from = kring_case_snapshot(c, o->pos[1])) == NULL ||
        (o->npos == 3 && (to = kring_case_snapshot(c, o->pos[2])) == NULL)) {
        status =
            cli_failf(cli,
                      _("case '%s' has no snapshot '%s' ('kring history "
                        "%s' lists them)"),
                      c->code, from == NULL ? o->pos[1] : o->pos[2], c->code);
        goto out;
    }
    a = kring_snapshot_view(c, from);
    b = to != NULL ? kring_snapshot_view(c, to) : *c;
    if (kring_diff_compute(&a, &b, &d, &err)) {
        status = cli_fail(cli, &err);
        goto out;
    }
    if (cli->json)
        json_diff(cli, c, from, to, &d);
    else
        print_diff(cli, c, from, to, &d);
out:
    kring_diff_release(&d);
    kring_case_free(c);
    kring_store_close(store);
    return status;
}

const struct cli_command cmd_diff = {
    .name = "diff",
    .spec = diff_spec,
    .usage = diff_usage,
    .min_pos = 2,
    .max_pos = 3,
    .count_error = N_("diff needs a CODE, a snapshot to compare "
                      "from and, if not now, one to compare to"),
    .run = run_diff,
};

static const struct opt_spec choose_spec[] = {
    {"status", 0, OPT_VALUE, O_STATUS},
    {"date", 0, OPT_VALUE, O_DATE},
    {"note", 0, OPT_VALUE, O_NOTE},
    {"force", 0, OPT_NONE, O_FORCE},
    {NULL, 0, 0, 0},
};

static int run_choose(struct cli *cli, struct opts *o)
{
    kring_choice_status status = KRING_CHOICE_ASKED;
    kring_store *store = NULL;
    kring_case *c = NULL;
    kring_choose_notes notes;
    kring_error err;
    const char *note = "", *date = NULL, *name;
    int st, i, v, force = 0;
    size_t x = 0;

    for (i = 0; i < o->n; i++) {
        const char *val = o->o[i].value;
        if (o->o[i].id == O_STATUS) {
            if (cli_enum_value(cli, KRING_ENUM_CHOICE_STATUS, "status", val,
                               &v))
                return CLI_DATA;
            status = (kring_choice_status)v;
        } else if (o->o[i].id == O_DATE) {
            if (!kring_date_valid(val))
                return cli_usage_error(cli, choose_usage,
                                       _("--date must be a date as "
                                         "YYYY-MM-DD, not '%s'"),
                                       val);
            date = val;
        } else if (o->o[i].id == O_NOTE) {
            note = val;
        } else if (o->o[i].id == O_FORCE) {
            force = 1;
        }
    }
    if ((st = cli_open_store(cli, 0, &store)) == CLI_OK &&
        kring_change_choose(store, NULL, o->pos[0], o->pos[1], status, date,
                            note, force, &notes, &c, &x, &err))
        st = cli_fail(cli, &err);
    if (st == CLI_OK) {
        name = c->people[x].name;
        /* JIM practice advises against them: recorded with --force. */
        if (notes.against[0] != '\0')
            fprintf(cli->io->err, _("kring: warning: %s: %s\n"),
                    cli_shown(cli, name), notes.against);
        if (notes.unusual[0] != '\0')
            fprintf(cli->io->err,
                    _("kring: note: %s (recorded all the same)\n"),
                    notes.unusual);
        if (cli->json)
            fprintf(cli->io->out,
                    "{\"person\": \"%s\", \"status\": \"%s\", "
                    "\"date\": \"%s\"}\n",
                    c->people[x].id,
                    kring_enum_name(KRING_ENUM_CHOICE_STATUS, (int)status),
                    notes.date);
        else
            fprintf(cli->io->out, _("%s: %s (%s)\n"), cli_shown(cli, name),
                    kring_enum_word(KRING_ENUM_CHOICE_STATUS, (int)status),
                    notes.date);
    }
    kring_case_free(c);
    kring_store_close(store);
    return st;
}

const struct cli_command cmd_choose = {
    .name = "choose",
    .spec = choose_spec,
    .usage = choose_usage,
    .min_pos = 2,
    .max_pos = 2,
    .count_error = N_("choose needs a CODE and a PERSON"),
    .run = run_choose,
};
