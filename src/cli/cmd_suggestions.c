/* kring suggestions: the young person's suggestions about their map, and
 * the professional's answer to each (docs/case-file.md, docs/cli.md). */
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define _(s) dgettext("kring", s)
#define N_(s) s

enum { O_ROLE = 1 };

static const char suggestions_usage[] =
    N_("usage: kring suggestions CODE\n"
       "       kring suggestions CODE accept N [--role R]\n"
       "       kring suggestions CODE decline N\n"
       "\n"
       "Lists what the young person suggested about their map: that it is\n"
       "right, that someone is closer or further away, that someone is\n"
       "missing. A suggestion changes nothing by itself. 'accept N' makes\n"
       "the change suggestion N asks for (one circle closer or further; the\n"
       "missing person added, with role R, 'other' unless given) and marks\n"
       "it accepted; 'decline N' marks it declined. The audit log names the\n"
       "change as the young person's suggestion.\n");

static const struct opt_spec suggestions_spec[] = {
    {"role", 0, OPT_VALUE, O_ROLE},
    {NULL, 0, 0, 0},
};

/* What suggestion SG of C is about, in words, into BUF. */
static const char *about(struct cli *cli, const kring_case *c,
                         const kring_suggestion *sg, char *buf, size_t cap)
{
    long at;

    buf[0] = '\0';
    if (sg->kind == KRING_SUGGEST_MISSING)
        snprintf(buf, cap, "%s (%s%s%s)", cli_shown(cli, sg->name),
                 kring_ring_word(sg->ring),
                 sg->sector < KRING_SECTOR_COUNT ? ", " : "",
                 sg->sector < KRING_SECTOR_COUNT
                     ? kring_enum_word(KRING_ENUM_SECTOR, (int)sg->sector)
                     : "");
    else if (sg->person != NULL) {
        at = kring_case_find_id(c, sg->person);
        snprintf(buf, cap, "%s",
                 at >= 0 ? cli_shown(cli, c->people[at].name) : sg->person);
    }
    return buf;
}

int suggestions_table(struct cli *cli, const kring_case *c)
{
    const char *heads[] = {_("N"), _("DATE"), _("SUGGESTION"), _("ABOUT"),
                           _("STATUS")};
    struct table *t;
    size_t i;

    if (c->n_suggestions == 0) {
        fprintf(cli->io->out, "%s\n",
                _("No suggestions from the young person yet."));
        return CLI_OK;
    }
    t = table_new(5, heads);
    for (i = 0; i < c->n_suggestions; i++) {
        const kring_suggestion *sg = &c->suggestions[i];
        char n[24], what[400], status[64];
        const char *cells[5];
        snprintf(n, sizeof n, "%zu", i + 1);
        snprintf(status, sizeof status, "%s%s%s",
                 kring_enum_word(KRING_ENUM_SUGGESTION_STATUS, (int)sg->status),
                 sg->decided ? " " : "", sg->decided ? sg->decided : "");
        cells[0] = n;
        cells[1] = sg->date;
        cells[2] = kring_suggestion_saying(sg->kind);
        cells[3] = about(cli, c, sg, what, sizeof what);
        cells[4] = status;
        table_add(t, cells);
    }
    table_print(t, cli);
    table_free(t);
    return CLI_OK;
}

static int run_suggestions(struct cli *cli, struct opts *o)
{
    const char *role_word = NULL;
    kring_store *store = NULL;
    kring_case *c = NULL;
    kring_error err;
    int status = CLI_OK, role = KRING_ROLE_OTHER, accept, i;
    unsigned long n = 0;
    char *end = NULL;

    for (i = 0; i < o->n; i++)
        if (o->o[i].id == O_ROLE)
            role_word = o->o[i].value;
    if (o->npos == 2)
        return cli_usage_error(cli, suggestions_usage, "%s",
                               _("suggestions accept and decline need the "
                                 "number of a suggestion"));
    if (o->npos == 1) {
        if (role_word != NULL)
            return cli_usage_error(cli, suggestions_usage, "%s",
                                   _("--role goes with 'accept'"));
        if ((status = cli_open_store(cli, KRING_STORE_READONLY, &store)))
            return status;
        if (kring_store_load_case(store, o->pos[0], &c, &err))
            status = cli_fail(cli, &err);
        else if (cli->json) {
            kring_jw w;
            kring_jw_init(&w, cli->io->out, 1);
            kring_report_suggestions(&w, c);
            kring_jw_release(&w);
        } else
            status = suggestions_table(cli, c);
        goto out;
    }
    accept = strcmp(o->pos[1], "accept") == 0;
    if (!accept && strcmp(o->pos[1], "decline") != 0)
        return cli_usage_error(cli, suggestions_usage,
                               _("'%s' is not accept or decline"), o->pos[1]);
    if (!accept && role_word != NULL)
        return cli_usage_error(cli, suggestions_usage, "%s",
                               _("--role goes with 'accept'"));
    n = strtoul(o->pos[2], &end, 10);
    if (end == o->pos[2] || *end != '\0' || n == 0 || n > 1000000)
        return cli_usage_error(cli, suggestions_usage,
                               _("'%s' is not the number of a suggestion"),
                               o->pos[2]);
    if (role_word != NULL &&
        (status =
             cli_enum_value(cli, KRING_ENUM_ROLE, "role", role_word, &role)))
        return status;
    if ((status = cli_open_store(cli, 0, &store)))
        return status;
    if (kring_change_suggestion_decide(store, NULL, o->pos[0], (size_t)n, NULL,
                                       accept, (kring_role)role, &c, &err)) {
        status = cli_fail(cli, &err);
        goto out;
    }
    {
        char what[400];
        const kring_suggestion *sg = &c->suggestions[n - 1];
        fprintf(cli->io->out,
                accept ? _("accepted suggestion %lu: %s %s\n")
                       : _("declined suggestion %lu: %s %s\n"),
                n, kring_suggestion_saying(sg->kind),
                about(cli, c, sg, what, sizeof what));
    }
out:
    kring_case_free(c);
    kring_store_close(store);
    return status;
}

const struct cli_command cmd_suggestions = {
    .name = "suggestions",
    .spec = suggestions_spec,
    .usage = suggestions_usage,
    .min_pos = 1,
    .max_pos = 3,
    .count_error = N_("suggestions needs a CODE"),
    .run = run_suggestions,
};
