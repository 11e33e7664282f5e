/* kring import and export: case files in and out. */
#include <libintl.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define _(s) dgettext("kring", s)

enum { O_FROM = 1, O_REPLACE, O_FORMAT, O_OUTPUT };

static const char import_usage[] =
    "usage: kring import FILE [--from kring] [--replace]\n"
    "\n"
    "Reads a case file ('-' for stdin) into the database. A case whose code\n"
    "is already there is refused unless --replace is given. The whole file\n"
    "is checked first: on any error nothing is stored.\n";

int cmd_import(struct cli *cli, int argc, char **argv)
{
    static const struct opt_spec spec[] = {
        {"from", 0, OPT_VALUE, O_FROM},
        {"replace", 0, OPT_NONE, O_REPLACE},
        {NULL, 0, 0, 0},
    };
    kring_store *store = NULL;
    kring_case *c = NULL;
    kring_error err;
    struct opts o;
    int status, i, replace = 0;

    if ((status = cli_parse(cli, argc, argv, spec, &o)))
        return status;
    if (o.help)
        return cli_help(cli, import_usage);
    if (o.npos != 1)
        return cli_usage_error(cli, import_usage, "%s",
                               _("import needs one FILE"));
    for (i = 0; i < o.n; i++) {
        if (o.o[i].id == O_REPLACE)
            replace = 1;
        else if (strcmp(o.o[i].value, "kring") != 0)
            return cli_usage_error(cli, import_usage,
                                   _("unknown format '%s' (this version "
                                     "reads: kring)"),
                                   o.o[i].value);
    }
    if ((status = cli_read_casefile(cli, o.pos[0], &c)))
        return status;
    if ((status = cli_open_store(cli, 0, &store)))
        goto out;
    if (kring_store_put_case(store, c, replace, &err)) {
        status = cli_fail(cli, &err);
        goto out;
    }
    if (cli->json) {
        fputs("{\"code\": ", cli->io->out);
        json_put_string(cli->io->out, c->code);
        fprintf(cli->io->out, ", \"people\": %zu, \"ties\": %zu}\n",
                c->n_people, c->n_ties);
    } else {
        fprintf(cli->io->out,
                _("imported case '%s' (%s): %zu people, %zu ties\n"), c->code,
                c->name, c->n_people, c->n_ties);
    }
out:
    kring_case_free(c);
    kring_store_close(store);
    return status;
}

static const char export_usage[] =
    "usage: kring export CODE | -f FILE [--format json] [-o FILE]\n"
    "\n"
    "Writes the case as a kring case file (version 1) to standard output or\n"
    "to FILE (created private, mode 0600).\n";

int cmd_export(struct cli *cli, int argc, char **argv)
{
    static const struct opt_spec spec[] = {
        {"file", 'f', OPT_VALUE, OPT_ID_FILE},
        {"format", 0, OPT_VALUE, O_FORMAT},
        {"output", 'o', OPT_VALUE, O_OUTPUT},
        {NULL, 0, 0, 0},
    };
    const char *code, *file, *output = NULL;
    kring_case *c = NULL;
    kring_error err;
    struct opts o;
    char *text = NULL;
    size_t len = 0;
    int status, i;

    if ((status = cli_parse(cli, argc, argv, spec, &o)))
        return status;
    if (o.help)
        return cli_help(cli, export_usage);
    for (i = 0; i < o.n; i++) {
        if (o.o[i].id == O_OUTPUT)
            output = o.o[i].value;
        else if (o.o[i].id == O_FORMAT && strcmp(o.o[i].value, "json") != 0)
            return cli_usage_error(cli, export_usage,
                                   _("unknown format '%s' (this version "
                                     "writes: json)"),
                                   o.o[i].value);
    }
    if ((status = cli_case_source(cli, &o, export_usage, &code, &file)) ||
        (status = cli_load_case(cli, code, file, &c)))
        return status;
    if (kring_casefile_dump(c, &text, &len, &err))
        status = cli_fail(cli, &err);
    else if (output == NULL || strcmp(output, "-") == 0)
        fwrite(text, 1, len, cli->io->out);
    else if (kring_file_write_private(output, text, len, &err))
        status = cli_fail(cli, &err);
    free(text);
    kring_case_free(c);
    return status;
}
