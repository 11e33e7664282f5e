/* Option parsing that can run many times in one process (no global state,
 * unlike getopt): long options as --name VALUE or --name=VALUE, options and
 * arguments in any order, "--" ends the options. */
#include <libintl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define _(s) dgettext("kring", s)

enum {
    GLOBAL_DB = -1,
    GLOBAL_JSON = -2,
    GLOBAL_LANG = -3,
    GLOBAL_HELP = -4,
    GLOBAL_SHARED = -5
};

static const struct opt_spec globals[] = {
    {"db", 0, OPT_VALUE, GLOBAL_DB},
    {"json", 0, OPT_NONE, GLOBAL_JSON},
    {"lang", 0, OPT_VALUE, GLOBAL_LANG},
    {"help", 'h', OPT_NONE, GLOBAL_HELP},
    {"allow-shared-db", 0, OPT_NONE, GLOBAL_SHARED},
    {NULL, 0, 0, 0},
};

static const struct opt_spec *find_long(const struct opt_spec *spec,
                                        const char *name, size_t len)
{
    for (; spec && spec->name; spec++)
        if (strlen(spec->name) == len && strncmp(spec->name, name, len) == 0)
            return spec;
    return NULL;
}

static const struct opt_spec *find_short(const struct opt_spec *spec, char c)
{
    for (; spec && spec->name; spec++)
        if (spec->short_name == c)
            return spec;
    return NULL;
}

int cli_parse(struct cli *cli, int argc, char **argv,
              const struct opt_spec *spec, struct opts *out)
{
    int i, only_pos = 0;

    memset(out, 0, sizeof *out);
    for (i = 0; i < argc; i++) {
        const char *a = argv[i], *value = NULL, *eq;
        const struct opt_spec *o;
        size_t len;

        if (only_pos || a[0] != '-' || a[1] == '\0') {
            if (out->npos == OPTS_MAX)
                return cli_usage_error(cli, NULL, "%s",
                                       _("too many arguments"));
            out->pos[out->npos++] = argv[i];
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_pos = 1;
            continue;
        }
        if (a[1] == '-') {
            eq = strchr(a + 2, '=');
            len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
            o = find_long(spec, a + 2, len);
            if (o == NULL)
                o = find_long(globals, a + 2, len);
            if (eq != NULL)
                value = eq + 1;
        } else {
            if (a[2] != '\0')
                return cli_usage_error(cli, NULL, _("unknown option '%s'"), a);
            o = find_short(spec, a[1]);
            if (o == NULL)
                o = find_short(globals, a[1]);
        }
        if (o == NULL)
            return cli_usage_error(cli, NULL, _("unknown option '%s'"), a);
        if (o->arg == OPT_NONE && value != NULL)
            return cli_usage_error(cli, NULL, _("option '--%s' takes no value"),
                                   o->name);
        if (o->arg == OPT_VALUE && value == NULL) {
            if (i + 1 >= argc)
                return cli_usage_error(
                    cli, NULL, _("option '--%s' needs a value"), o->name);
            value = argv[++i];
        }
        switch (o->id) {
        case GLOBAL_DB:
            cli->db = value;
            continue;
        case GLOBAL_JSON:
            cli->json = 1;
            continue;
        case GLOBAL_SHARED:
            cli->shared_ok = 1;
            continue;
        case GLOBAL_LANG:
            cli->lang = value;
            continue;
        case GLOBAL_HELP:
            out->help = 1;
            continue;
        }
        if (out->n == OPTS_MAX)
            return cli_usage_error(cli, NULL, "%s", _("too many options"));
        out->o[out->n].id = o->id;
        out->o[out->n].value = value;
        out->o[out->n].name = o->name;
        out->n++;
    }
    return CLI_OK;
}

int cli_usage_error(struct cli *cli, const char *usage, const char *fmt, ...)
{
    va_list ap;

    fputs("kring: ", cli->io->err);
    va_start(ap, fmt);
    vfprintf(cli->io->err, fmt, ap);
    va_end(ap);
    fputc('\n', cli->io->err);
    if (usage != NULL)
        fputs(_(usage), cli->io->err);
    else
        fprintf(cli->io->err, "%s\n", _("(see 'kring --help')"));
    return CLI_USAGE;
}

int cli_help(struct cli *cli, const char *usage)
{
    fputs(_(usage), cli->io->out);
    return CLI_OK;
}
