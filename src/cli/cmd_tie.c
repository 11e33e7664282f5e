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

static const struct opt_spec tie_add_spec[] = {
    {"strength", 0, OPT_VALUE, O_STRENGTH},
    {"quality", 0, OPT_VALUE, O_QUALITY},
    {NULL, 0, 0, 0},
};

/* The names of the people A and B (ids or unique names) of C. */
static void pair_names(const kring_case *c, const char *a, const char *b,
                       const char **name_a, const char **name_b)
{
    kring_error err;
    size_t x = 0, y = 0;

    kring_case_resolve(c, a, &x, &err);
    kring_case_resolve(c, b, &y, &err);
    *name_a = c->people[x].name;
    *name_b = c->people[y].name;
}

static int run_tie_add(struct cli *cli, struct opts *o)
{
    kring_store *store = NULL;
    kring_case *c = NULL;
    kring_strength strength = KRING_STRENGTH_WEAK;
    kring_tie_quality quality = KRING_TIE_POSITIVE;
    const kring_tie *t;
    const char *na, *nb;
    kring_error err;
    int status, i, v;

    for (i = 0; i < o->n; i++) {
        kring_enum e = o->o[i].id == O_STRENGTH ? KRING_ENUM_STRENGTH
                                                : KRING_ENUM_TIE_QUALITY;
        if (cli_enum_value(cli, e, o->o[i].name, o->o[i].value, &v))
            return CLI_DATA;
        if (o->o[i].id == O_STRENGTH)
            strength = (kring_strength)v;
        else
            quality = (kring_tie_quality)v;
    }
    if ((status = cli_open_store(cli, 0, &store)) == CLI_OK &&
        kring_change_tie_add(store, NULL, o->pos[0], o->pos[1], o->pos[2],
                             strength, quality, &c, &err))
        status = cli_fail(cli, &err);
    if (status == CLI_OK && !cli->json) {
        t = &c->ties[c->n_ties - 1];
        pair_names(c, t->a, t->b, &na, &nb);
        fprintf(cli->io->out, _("%s and %s know each other (%s, %s)\n"),
                cli_shown(cli, na), cli_shown(cli, nb),
                kring_enum_word(KRING_ENUM_STRENGTH, (int)t->strength),
                kring_enum_word(KRING_ENUM_TIE_QUALITY, (int)t->quality));
    } else if (status == CLI_OK) {
        t = &c->ties[c->n_ties - 1];
        fprintf(cli->io->out, "{\"a\": \"%s\", \"b\": \"%s\"}\n", t->a, t->b);
    }
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
    const char *na, *nb;
    kring_error err;
    int status;

    if ((status = cli_open_store(cli, 0, &store)) == CLI_OK &&
        kring_change_tie_rm(store, NULL, o->pos[0], o->pos[1], o->pos[2], NULL,
                            &c, &err))
        status = cli_fail(cli, &err);
    if (status == CLI_OK && !cli->json) {
        pair_names(c, o->pos[1], o->pos[2], &na, &nb);
        fprintf(cli->io->out, _("removed the tie between %s and %s\n"),
                cli_shown(cli, na), cli_shown(cli, nb));
    }
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
