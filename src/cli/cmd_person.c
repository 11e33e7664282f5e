/* kring person add|set|rm */
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define _(s) dgettext("kring", s)
#define N_(s) s

enum {
    F_ROLE = 1,
    F_RING,
    F_SECTOR,
    F_AGE,
    F_CONTACT,
    F_KNOWN_YEARS,
    F_SUPPORT,
    F_HOURS,
    F_TRAVEL,
    F_REACHABLE,
    F_QUALITY,
    F_STATUS,
    F_FORMAL,
    F_NO_FORMAL,
    F_WILLING,
    F_CONCERN,
    F_NO_CONCERN,
    F_FRIGHTENS,
    F_NO_FRIGHTENS,
    F_NOMINATED,
    F_NO_NOMINATED,
    F_LIVES,
    F_NO_LIVES,
    F_ADULT,
    F_NO_ADULT,
    F_NOTES,
    F_YOUTH_NOTE,
    F_NAME,
    F_ID
};

#define FIELD_SPECS                                                            \
    {"role", 0, OPT_VALUE, F_ROLE}, {"ring", 0, OPT_VALUE, F_RING},            \
        {"sector", 0, OPT_VALUE, F_SECTOR}, {"age", 0, OPT_VALUE, F_AGE},      \
        {"contact", 0, OPT_VALUE, F_CONTACT},                                  \
        {"known-years", 0, OPT_VALUE, F_KNOWN_YEARS},                          \
        {"support", 0, OPT_VALUE, F_SUPPORT},                                  \
        {"hours-per-week", 0, OPT_VALUE, F_HOURS},                             \
        {"travel-minutes", 0, OPT_VALUE, F_TRAVEL},                            \
        {"reachable", 0, OPT_VALUE, F_REACHABLE},                              \
        {"quality", 0, OPT_VALUE, F_QUALITY},                                  \
        {"status", 0, OPT_VALUE, F_STATUS},                                    \
        {"formal", 0, OPT_OPTIONAL, F_FORMAL},                                 \
        {"no-formal", 0, OPT_NONE, F_NO_FORMAL},                               \
        {"willing", 0, OPT_VALUE, F_WILLING},                                  \
        {"concern", 0, OPT_OPTIONAL, F_CONCERN},                               \
        {"no-concern", 0, OPT_NONE, F_NO_CONCERN},                             \
        {"frightens", 0, OPT_OPTIONAL, F_FRIGHTENS},                           \
        {"no-frightens", 0, OPT_NONE, F_NO_FRIGHTENS},                         \
        {"nominated", 0, OPT_OPTIONAL, F_NOMINATED},                           \
        {"no-nominated", 0, OPT_NONE, F_NO_NOMINATED},                         \
        {"lives-with-child", 0, OPT_OPTIONAL, F_LIVES},                        \
        {"no-lives-with-child", 0, OPT_NONE, F_NO_LIVES},                      \
        {"adult", 0, OPT_OPTIONAL, F_ADULT},                                   \
        {"no-adult", 0, OPT_NONE, F_NO_ADULT},                                 \
        {"notes", 0, OPT_VALUE, F_NOTES},                                      \
        {"youth-note", 0, OPT_VALUE, F_YOUTH_NOTE},                            \
    {                                                                          \
        "name", 0, OPT_VALUE, F_NAME                                           \
    }

static const char fields_help[] = N_(
    "fields (an empty value, as in --age '', clears an optional one):\n"
    "  --role R --ring 1|2|3 --sector S --age N --contact C\n"
    "  --known-years N --support emotional,practical,... --hours-per-week H\n"
    "  --travel-minutes M --reachable R --quality Q --status S\n"
    "  --willing yes|no|unknown --notes T --youth-note T\n"
    "  --formal --concern --frightens --nominated --lives-with-child\n"
    "  --adult (each also as --no-..., or --x=yes|no)\n"
    "The words are those of the case file (docs/case-file.md); in Dutch\n"
    "(--lang nl) the Dutch words too (docs/nl/woorden.md).\n");

/* The usage of person add or set, then the fields both take. */
static int person_help(struct cli *cli, const char *usage)
{
    cli_help(cli, usage);
    fputs(_(fields_help), cli->io->out);
    return CLI_OK;
}

/* The options of O as a person's fields into F (room for OPTS_MAX + 1),
 * after FIRST if it is not NULL: --no-x is x=no. Returns how many. */
static size_t fields_of(const struct opts *o, const kring_field *first,
                        kring_field *f)
{
    size_t n = 0;
    int i;

    if (first != NULL)
        f[n++] = *first;
    for (i = 0; i < o->n; i++) {
        int no = o->o[i].id == F_NO_FORMAL || o->o[i].id == F_NO_CONCERN ||
                 o->o[i].id == F_NO_FRIGHTENS || o->o[i].id == F_NO_NOMINATED ||
                 o->o[i].id == F_NO_LIVES || o->o[i].id == F_NO_ADULT;
        f[n].name = no ? o->o[i].name + 3 : o->o[i].name;
        f[n].value = no ? "no" : o->o[i].value;
        n++;
    }
    return n;
}

static void print_person_done(struct cli *cli, const char *code,
                              const kring_person *p, const char *what)
{
    if (cli->json) {
        fputs("{\"case\": ", cli->io->out);
        kring_json_put_string(cli->io->out, code);
        fputs(", \"id\": ", cli->io->out);
        kring_json_put_string(cli->io->out, p->id);
        fputs(", \"name\": ", cli->io->out);
        kring_json_put_string(cli->io->out, p->name);
        fputs("}\n", cli->io->out);
    } else if (what == NULL) {
        fprintf(cli->io->out, "%s\n", p->id);
    } else {
        fprintf(cli->io->out, "%s: %s (%s)\n", what, cli_shown(cli, p->name),
                p->id);
    }
}

static const char add_usage[] =
    N_("usage: kring person add CODE NAME --role R --ring 1|2|3 [fields]\n"
       "\n"
       "Adds a person to case CODE and prints their id, made from the name\n"
       "('Oma Ria' -> oma-ria) unless --id ID is given.\n"
       "\n");

static const struct opt_spec person_add_spec[] = {
    FIELD_SPECS,
    {"id", 0, OPT_VALUE, F_ID},
    {NULL, 0, 0, 0},
};

static int run_person_add(struct cli *cli, struct opts *o)
{
    kring_field f[OPTS_MAX + 1], name = {"name", o->pos[1]};
    kring_store *store = NULL;
    kring_case *c = NULL;
    kring_person p;
    kring_error err;
    int status = CLI_OK, i, role = -1, ring = 0;

    for (i = 0; i < o->n; i++) {
        if (o->o[i].id == F_ROLE &&
            cli_enum_value(cli, KRING_ENUM_ROLE, "role", o->o[i].value, &role))
            return CLI_DATA;
        if (o->o[i].id == F_RING)
            ring = 1;
    }
    if (role < 0 || !ring)
        return cli_usage_error(cli, add_usage, "%s",
                               _("person add needs --role and --ring"));
    /* The fields are checked before the store is opened (or made). */
    if (kring_person_from_fields(&p, f, fields_of(o, &name, f), &err))
        return cli_fail(cli, &err);
    if ((status = cli_open_store(cli, 0, &store)) == CLI_OK &&
        kring_change_person_add(store, NULL, o->pos[0], &p, &c, &err))
        status = cli_fail(cli, &err);
    if (status == CLI_OK)
        print_person_done(cli, c->code, &c->people[c->n_people - 1], NULL);
    kring_person_release(&p);
    kring_case_free(c);
    kring_store_close(store);
    return status;
}

const struct cli_command cmd_person_add = {
    .group = "person",
    .name = "add",
    .spec = person_add_spec,
    .usage = add_usage,
    .min_pos = 2,
    .max_pos = 2,
    .count_error = N_("person add needs a CODE and a NAME"),
    .help = person_help,
    .run = run_person_add,
};

static const char set_usage[] =
    N_("usage: kring person set CODE PERSON [fields] [--name NAME]\n"
       "\n"
       "Changes the fields named; PERSON is an id or a unique name. --role\n"
       "leaves sector and formal as they are: set them too if they change.\n"
       "\n");

static const struct opt_spec set_spec[] = {FIELD_SPECS, {NULL, 0, 0, 0}};

static int run_person_set(struct cli *cli, struct opts *o)
{
    kring_field f[OPTS_MAX + 1];
    kring_store *store = NULL;
    kring_case *c = NULL;
    kring_error err;
    size_t at = 0;
    int status;

    if ((status = cli_open_store(cli, 0, &store)) == CLI_OK &&
        kring_change_person_set(store, NULL, o->pos[0], o->pos[1], f,
                                fields_of(o, NULL, f), NULL, &c, &at, &err))
        status = cli_fail(cli, &err);
    if (status == CLI_OK)
        print_person_done(cli, c->code, &c->people[at], _("changed"));
    kring_case_free(c);
    kring_store_close(store);
    return status;
}

const struct cli_command cmd_person_set = {
    .group = "person",
    .name = "set",
    .spec = set_spec,
    .usage = set_usage,
    .min_pos = 2,
    .max_pos = 2,
    .count_error = N_("person set needs a CODE and a PERSON"),
    .help = person_help,
    .run = run_person_set,
};

static const char rm_usage[] =
    N_("usage: kring person rm CODE PERSON\n"
       "\n"
       "Removes a person and their ties; PERSON is an id or a unique name.\n");

static const struct opt_spec rm_spec[] = {{NULL, 0, 0, 0}};

static int run_person_rm(struct cli *cli, struct opts *o)
{
    kring_store *store = NULL;
    kring_case *c = NULL;
    kring_error err;
    size_t at = 0;
    int status;

    if ((status = cli_open_store(cli, 0, &store)) == CLI_OK &&
        kring_change_person_rm(store, NULL, o->pos[0], o->pos[1], NULL, &c, &at,
                               &err))
        status = cli_fail(cli, &err);
    if (status == CLI_OK)
        print_person_done(cli, c->code, &c->people[at], _("removed"));
    kring_case_free(c);
    kring_store_close(store);
    return status;
}

const struct cli_command cmd_person_rm = {
    .group = "person",
    .name = "rm",
    .spec = rm_spec,
    .usage = rm_usage,
    .min_pos = 2,
    .max_pos = 2,
    .count_error = N_("person rm needs a CODE and a PERSON"),
    .run = run_person_rm,
};
