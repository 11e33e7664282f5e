/* The command table and dispatch: global options, then one or two command
 * words, then the command's own options and arguments. */
#include <libintl.h>
#include <string.h>

#include "cli.h"

#define _(s) dgettext("kring", s)
#define N_(s) s

static const struct cli_command *const commands[] = {
    &cmd_case_new,       &cmd_case_list,
    &cmd_case_show,      &cmd_case_rm,
    &cmd_case_erase,     &cmd_case_archive,
    &cmd_case_close,     &cmd_case_reopen,
    &cmd_retention_list, &cmd_retention_purge,
    &cmd_person_add,     &cmd_person_set,
    &cmd_person_rm,      &cmd_tie_add,
    &cmd_tie_rm,         &cmd_import,
    &cmd_export,         &cmd_score,
    &cmd_indicators,     &cmd_weights,
    &cmd_render,         &cmd_sheet,
    &cmd_snapshot,       &cmd_history,
    &cmd_diff,           &cmd_choose,
    &cmd_suggestions,    &cmd_outcome,
    &cmd_report,         &cmd_interview,
    &cmd_audit_verify,   &cmd_audit,
    &cmd_backup,         &cmd_check,
    &cmd_db_copy,        &cmd_db_grant,
    &cmd_case_assign,    &cmd_team_add,
    &cmd_team_list,      &cmd_user_add,
    &cmd_user_list,      &cmd_user_disable,
    &cmd_user_reset,     &cmd_user_teams,
    &cmd_user_oidc,      &cmd_serve,
    &cmd_server,
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static const char usage[] = N_(
    "usage: kring [--db PATH] [--json] [--lang nl|en] [--allow-shared-db]\n"
    "             COMMAND ...\n"
    "\n"
    "Record the people around a young person, keep them safely, see who\n"
    "could be their mentor and how their network is doing.\n"
    "\n"
    "cases\n"
    "  case new CODE --name NAME [--birth-year Y] [--notes T]\n"
    "  case list\n"
    "  case show CODE | -f FILE\n"
    "  case rm CODE [--yes]\n"
    "  case assign CODE [--team TEAM] [--responsible LOGIN]\n"
    "people and ties\n"
    "  person add CODE NAME --role R --ring N [fields]\n"
    "  person set CODE PERSON [fields]\n"
    "  person rm CODE PERSON\n"
    "  tie add CODE P1 P2 [--strength weak|strong]\n"
    "                     [--quality positive|mixed|conflict]\n"
    "  tie rm CODE P1 P2\n"
    "analysis\n"
    "  score CODE | -f FILE [--top N] [--weights FILE]\n"
    "  score --all [--weights FILE]\n"
    "  indicators CODE | -f FILE\n"
    "  indicators --all\n"
    "  weights\n"
    "maps\n"
    "  render CODE | -f FILE -o FILE [--format svg|png|pdf|dot]\n"
    "         [--theme youth|team|print] [--anonymize]\n"
    "  render --all -o FOLDER [--format F] [--theme T]\n"
    "over time\n"
    "  snapshot CODE LABEL\n"
    "  history CODE\n"
    "  diff CODE FROM [TO]\n"
    "  choose CODE PERSON [--status S] [--date D] [--note T] [--force]\n"
    "  suggestions CODE [accept|decline N [--role R]]\n"
    "  outcome CODE [--date D] [--placement W] [--school W] [--goals W] ...\n"
    "  report [--team T] [--from D] [--to D] [--format table|json|csv]\n"
    "  interview CODE [--name NAME] [--resume]\n"
    "exchange\n"
    "  import FILE [--from kring|graphml|networkcanvas|easynwk] [--map M]\n"
    "  export CODE | -f FILE [--format json|graphml|csv|dot] [-o FILE]\n"
    "         [--anonymize]\n"
    "safekeeping\n"
    "  audit [CODE]\n"
    "  audit verify\n"
    "  backup FILE\n"
    "  check\n"
    "the young person's rights (AVG)\n"
    "  case archive CODE -o FILE.zip [--organisation NAME] [--names]\n"
    "  case erase CODE [--yes]\n"
    "in a browser\n"
    "  serve [--port N] [--bind ADDRESS] [--allow-remote]\n"
    "the organisation (PostgreSQL)\n"
    "  server --config FILE [--check-config]\n"
    "  team add NAME\n"
    "  team list\n"
    "  user add LOGIN --name NAME --role ROLE [--team TEAM]...\n"
    "  user list\n"
    "  user disable LOGIN\n"
    "  user reset LOGIN\n"
    "  user teams LOGIN [--team TEAM]...\n"
    "  user oidc LOGIN SUBJECT\n"
    "  db copy FROM TO [--replace]\n"
    "  db grant ROLE\n"
    "  case close CODE [--date D]\n"
    "  case reopen CODE\n"
    "  retention list|purge [--years N] [--yes]\n"
    "\n"
    "The database is --db, else $KRING_DB, else\n"
    "$XDG_DATA_HOME/kring/kring.db (~/.local/share/kring/kring.db).\n"
    "'kring COMMAND --help' tells more. Exit status: 0 done, 1 the data or\n"
    "the state is wrong (nothing was changed), 2 the command line is wrong.\n");

static int print_usage(FILE *to)
{
    fputs(_(usage), to);
    return CLI_OK;
}

/* "usage: kring case new|list|show|rm ...", on standard output when asked
 * for, else on standard error as a command-line error. */
static int group_usage(struct cli *cli, const char *group, int asked)
{
    FILE *to = asked ? cli->io->out : cli->io->err;
    const char *sep = "";
    size_t k;

    fprintf(to, "%s kring %s ", _("usage:"), group);
    for (k = 0; k < NCOMMANDS; k++) {
        if (commands[k]->group && strcmp(commands[k]->group, group) == 0) {
            fprintf(to, "%s%s", sep, commands[k]->name);
            sep = "|";
        }
    }
    fprintf(to, " ...\n%s\n",
            _("'kring COMMAND --help' tells more, e.g. "
              "'kring case new --help'"));
    return asked ? CLI_OK : CLI_USAGE;
}

/* The last --lang LANG or --lang=LANG before "--"; NULL for none. */
static const char *find_lang(int argc, char **argv)
{
    const char *lang = NULL;
    int k;

    for (k = 1; k < argc && strcmp(argv[k], "--") != 0; k++) {
        if (strcmp(argv[k], "--lang") == 0 && k + 1 < argc)
            lang = argv[++k];
        else if (strncmp(argv[k], "--lang=", 7) == 0)
            lang = argv[k] + 7;
    }
    return lang;
}

/* The one prologue of every command: its options parsed by its SPEC,
 * --help answered, the count of its arguments checked; then RUN. */
static int run_command(struct cli *cli, const struct cli_command *c, int argc,
                       char **argv)
{
    struct opts o;
    int status;

    cli->cmd = c;
    if ((status = cli_parse(cli, argc, argv, c->spec, &o)))
        return status;
    if (o.help)
        return c->help != NULL ? c->help(cli, c->usage)
                               : cli_help(cli, c->usage);
    if (c->min_pos >= 0 && (o.npos < c->min_pos || o.npos > c->max_pos))
        return cli_usage_error(cli, c->usage, "%s", _(c->count_error));
    /* Its reads are looks unless it says otherwise (export, render,
     * sheet), whatever a command before it on this thread said. */
    kring_store_set_read_kind(KRING_READ_LOOK);
    return c->run(cli, &o);
}

int cli_run(int argc, char **argv, struct cli_io *io)
{
    struct cli cli;
    int i = 1, version = 0, help = 0, status;
    size_t k;

    memset(&cli, 0, sizeof cli);
    cli.io = io;
    /* --lang first, wherever it stands, for every message after it. */
    cli.lang = find_lang(argc, argv);
    kring_i18n_init(cli.lang);
    if (cli.lang != NULL && !kring_i18n_known(cli.lang))
        fprintf(io->err,
                _("kring: note: no language '%s': kring speaks nl "
                  "and en; going on in English\n"),
                cli.lang);
    while (i < argc && argv[i][0] == '-' && argv[i][1] != '\0') {
        const char *a = argv[i];
        if (strcmp(a, "--version") == 0) {
            version = 1;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            help = 1;
        } else if (strcmp(a, "--json") == 0) {
            cli.json = 1;
        } else if (strcmp(a, "--allow-shared-db") == 0) {
            cli.shared_ok = 1;
        } else if (strcmp(a, "--db") == 0 || strcmp(a, "--lang") == 0) {
            if (i + 1 >= argc)
                return cli_usage_error(&cli, NULL,
                                       _("option '%s' needs a value"), a);
            if (a[2] == 'd')
                cli.db = argv[i + 1];
            i++;
        } else if (strncmp(a, "--db=", 5) == 0) {
            cli.db = a + 5;
        } else if (strncmp(a, "--lang=", 7) == 0) {
            cli.lang = a + 7;
        } else {
            return cli_usage_error(&cli, NULL, _("unknown option '%s'"), a);
        }
        i++;
    }
    if (version) {
        fprintf(io->out, "kring %s\n", KRING_VERSION);
        return CLI_OK;
    }
    if (help || i >= argc) {
        if (i >= argc && !help) {
            print_usage(io->err);
            return CLI_USAGE;
        }
        return print_usage(io->out);
    }
    if (strcmp(argv[i], "help") == 0)
        return print_usage(io->out);
    for (k = 0; k < NCOMMANDS; k++) {
        const struct cli_command *c = commands[k];
        if (c->group == NULL && strcmp(argv[i], c->name) == 0) {
            snprintf(cli.command, sizeof cli.command, "%s", c->name);
            status = run_command(&cli, c, argc - i - 1, argv + i + 1);
            cli_shown_release(&cli);
            return status;
        }
        if (c->group != NULL && strcmp(argv[i], c->group) == 0 &&
            i + 1 < argc && strcmp(argv[i + 1], c->name) == 0) {
            snprintf(cli.command, sizeof cli.command, "%s %s", c->group,
                     c->name);
            status = run_command(&cli, c, argc - i - 2, argv + i + 2);
            cli_shown_release(&cli);
            return status;
        }
    }
    for (k = 0; k < NCOMMANDS; k++) {
        const struct cli_command *c = commands[k];
        if (c->group != NULL && strcmp(argv[i], c->group) == 0) {
            if (i + 1 >= argc || strcmp(argv[i + 1], "--help") == 0 ||
                strcmp(argv[i + 1], "-h") == 0)
                return group_usage(&cli, c->group, i + 1 < argc);
            return cli_usage_error(&cli, NULL,
                                   _("'%s %s' is not a kring command"), argv[i],
                                   argv[i + 1]);
        }
    }
    return cli_usage_error(&cli, NULL, _("'%s' is not a kring command"),
                           argv[i]);
}
