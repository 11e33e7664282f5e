/* kring db copy: every case and the audit log from one store into
 * another, SQLite to PostgreSQL or back (docs/store.md). */
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#define _(s) dgettext("kring", s)
#define N_(s) s

static const char copy_usage[] =
    N_("usage: kring db copy FROM TO [--replace]\n"
       "\n"
       "Copies every case of the store FROM, with its snapshots, choices and\n"
       "suggestions, and FROM's audit log, into the store TO, in one\n"
       "transaction: a SQLite file's path or a PostgreSQL address\n"
       "(postgresql://...), either way. Each case is read back from TO and\n"
       "compared with its source before anything is kept. A case TO has\n"
       "already is refused, and nothing is copied, unless --replace.\n"
       "\n"
       "  --replace   replace the cases TO has already\n");

enum { O_REPLACE = 1 };

static const struct opt_spec copy_spec[] = {{"replace", 0, OPT_NONE, O_REPLACE},
                                            {NULL, 0, 0, 0}};

/* Opens the store at WHERE for the copy (the global --allow-shared-db
 * holds for both). */
static int open_at(struct cli *cli, const char *where, unsigned flags,
                   kring_store **out)
{
    kring_error err;
    char *shown;
    int status;

    if (cli->shared_ok)
        flags |= KRING_STORE_SHARED_OK;
    if (kring_store_open(where, flags, out, &err) == KRING_OK)
        return CLI_OK;
    /* An address is shown without its password. */
    shown = kring_store_shown(where);
    status = cli_failf(cli, "%s: %s", cli_shown(cli, shown ? shown : "?"),
                       cli_shown(cli, err.text));
    free(shown);
    return status;
}

static int run_copy(struct cli *cli, struct opts *o)
{
    kring_actor who = {NULL, "db copy"};
    kring_store *from = NULL, *to = NULL;
    kring_copy_report r;
    kring_error err;
    bool replace = false;
    int status, i;

    for (i = 0; i < o->n; i++)
        if (o->o[i].id == O_REPLACE)
            replace = true;
    if (strcmp(o->pos[0], o->pos[1]) == 0)
        return cli_usage_error(cli, copy_usage, "%s",
                               _("FROM and TO are the same store"));
    /* A file that is not there would read as an empty store. */
    if (kring_store_is_file(o->pos[0]) && access(o->pos[0], F_OK) != 0)
        return cli_failf(cli, _("there is no database at '%s' to copy"),
                         cli_shown(cli, o->pos[0]));
    if ((status = open_at(cli, o->pos[0], KRING_STORE_READONLY, &from)) ||
        (status = open_at(cli, o->pos[1], 0, &to))) {
        kring_store_close(from);
        return status;
    }
    if (kring_change_copy(from, to, &who, replace, &r, &err) != KRING_OK)
        status = cli_fail(cli, &err);
    else if (cli->json)
        fprintf(cli->io->out, "{\"cases\": %zu, \"audit_lines\": %zu}\n",
                r.cases, r.log_lines);
    else
        fprintf(cli->io->out,
                dngettext("kring",
                          "copied %zu case, each checked equal to its "
                          "source, and %zu lines of the audit log\n",
                          "copied %zu cases, each checked equal to their "
                          "source, and %zu lines of the audit log\n",
                          (unsigned long)r.cases),
                r.cases, r.log_lines);
    kring_store_close(to);
    kring_store_close(from);
    return status;
}

const struct cli_command cmd_db_copy = {
    .group = "db",
    .name = "copy",
    .spec = copy_spec,
    .usage = copy_usage,
    .min_pos = 2,
    .max_pos = 2,
    .count_error = N_("db copy takes FROM and TO"),
    .run = run_copy,
};
