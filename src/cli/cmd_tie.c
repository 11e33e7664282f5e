/* kring tie add|rm: who knows whom. */
#include <libintl.h>
#include <string.h>

#include "cli.h"

#define _(s) dgettext("kring", s)
#define N_(s) s

enum { O_STRENGTH = 1, O_QUALITY };

static const char add_usage[] =
    N_("usage: kring tie add CODE P1 P2 [--strength weak|strong]\n"
       "                     [--quality positive|mixed|conflict]\n"
       "\n"
       "Records that P1 and P2 know each other (ids or unique names); one tie\n"
       "per pair. Defaults: weak, positive.\n");

static const char rm_usage[] = N_("usage: kring tie rm CODE P1 P2\n"
                                  "\n"
                                  "Removes the tie between P1 and P2.\n");

/* Loads the case in a transaction and resolves the two people. */
static int open_pair(struct cli *cli, struct opts *o, kring_store **store,
                     kring_case **c, size_t *x, size_t *y)
{
    kring_error err;
    int status;

    if ((status = cli_open_store(cli, 0, store)))
        return status;
    if (kring_store_begin(*store, &err) ||
        kring_store_load_network(*store, o->pos[0], c, &err) ||
        kring_case_resolve(*c, o->pos[1], x, &err) ||
        kring_case_resolve(*c, o->pos[2], y, &err))
        return cli_fail(cli, &err);
    return CLI_OK;
}

static const struct opt_spec tie_add_spec[] = {
    {"strength", 0, OPT_VALUE, O_STRENGTH},
    {"quality", 0, OPT_VALUE, O_QUALITY},
    {NULL, 0, 0, 0},
};

static int run_tie_add(struct cli *cli, struct opts *o)
{
    kring_store *store = NULL;
    kring_case *c = NULL;
    kring_tie t;
    kring_error err;
    size_t x, y;
    int status, i, v;

    kring_tie_init(&t);
    for (i = 0; i < o->n; i++) {
        kring_enum e = o->o[i].id == O_STRENGTH ? KRING_ENUM_STRENGTH
                                                : KRING_ENUM_TIE_QUALITY;
        if (cli_enum_value(cli, e, o->o[i].name, o->o[i].value, &v))
            return CLI_DATA;
        if (o->o[i].id == O_STRENGTH)
            t.strength = (kring_strength)v;
        else
            t.quality = (kring_tie_quality)v;
    }
    if ((status = open_pair(cli, o, &store, &c, &x, &y)))
        goto out;
    t.a = strdup(c->people[x].id);
    t.b = strdup(c->people[y].id);
    if (t.a == NULL || t.b == NULL) {
        status = cli_failf(cli, "%s", _("out of memory"));
        goto out;
    }
    if (kring_case_add_tie(c, &t, &err) ||
        kring_store_insert_tie(store, c->code, &c->ties[c->n_ties - 1], &err) ||
        kring_store_commit(store, &err)) {
        status = cli_fail(cli, &err);
        goto out;
    }
    if (!cli->json)
        fprintf(cli->io->out, _("%s and %s know each other (%s, %s)\n"),
                cli_shown(cli, c->people[x].name),
                cli_shown(cli, c->people[y].name),
                kring_enum_word(KRING_ENUM_STRENGTH,
                                (int)c->ties[c->n_ties - 1].strength),
                kring_enum_word(KRING_ENUM_TIE_QUALITY,
                                (int)c->ties[c->n_ties - 1].quality));
    else
        fprintf(cli->io->out, "{\"a\": \"%s\", \"b\": \"%s\"}\n",
                c->people[x].id, c->people[y].id);
out:
    kring_tie_release(&t);
    kring_case_free(c);
    kring_store_close(store);
    return status;
}

const struct cli_command cmd_tie_add = {
    .group = "tie",
    .name = "add",
    .spec = tie_add_spec,
    .usage = add_usage,
    .min_pos = 3,
    .max_pos = 3,
    .count_error = N_("tie add needs a CODE and two people"),
    .run = run_tie_add,
};

static const struct opt_spec tie_rm_spec[] = {{NULL, 0, 0, 0}};

static int run_tie_rm(struct cli *cli, struct opts *o)
{
    kring_store *store = NULL;
    kring_case *c = NULL;
    kring_error err;
    size_t x, y;
    int status;

    if ((status = open_pair(cli, o, &store, &c, &x, &y)))
        goto out;
    if (kring_store_delete_tie(store, c->code, c->people[x].id, c->people[y].id,
                               &err) ||
        kring_store_commit(store, &err)) {
        status = cli_fail(cli, &err);
        goto out;
    }
    if (!cli->json)
        fprintf(cli->io->out, _("removed the tie between %s and %s\n"),
                cli_shown(cli, c->people[x].name),
                cli_shown(cli, c->people[y].name));
out:
    kring_case_free(c);
    kring_store_close(store);
    return status;
}

const struct cli_command cmd_tie_rm = {
    .group = "tie",
    .name = "rm",
    .spec = tie_rm_spec,
    .usage = rm_usage,
    .min_pos = 3,
    .max_pos = 3,
    .count_error = N_("tie rm needs a CODE and two people"),
    .run = run_tie_rm,
};
