/* The rights of the young person and their parents (AVG, Jeugdwet;
 * docs/privacy.md): kring case archive, everything kring holds about one
 * child as one ZIP file; kring case close|reopen, from which the time a
 * case is kept counts; kring retention list|purge, the cases whose time
 * is up, erased. (kring case erase is cmd_case.c's, beside case rm.) */
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <kring/sheet.h>

#include "../exchange/zip.h"
#include "cli.h"

#define _(s) dgettext("kring", s)
#define N_(s) s

enum { O_OUTPUT = 1, O_ORG, O_NAMES, O_DATE, O_YEARS, O_YES };

/* --- kring case archive -------------------------------------------------- */

static const char archive_usage[] = N_(
    "usage: kring case archive CODE -o FILE.zip [--organisation NAME]\n"
    "                          [--names]\n"
    "\n"
    "Everything kring holds about one young person, as one ZIP file for\n"
    "them or their parents (the right of access, AVG art. 15): the case file\n"
    "(case.json, with notes, snapshots, choices and suggestions), the map\n"
    "(map.pdf, map.svg), the meeting sheet (sheet.pdf), the suggestions\n"
    "(suggestions.txt), who looked at the file (access-log.txt, as kring\n"
    "audit CODE --for-client) and a README.txt that says what each is. The\n"
    "file is written private (mode 600). One line in the access log, of\n"
    "kind export.\n"
    "\n"
    "  -o, --output FILE    the archive, ending in .zip\n"
    "  --organisation NAME  the organisation, named in the access log's page\n"
    "  --names              the staff's logins in it too, where the\n"
    "                       organisation has decided so\n");

static const struct opt_spec archive_spec[] = {
    {"output", 'o', OPT_VALUE, O_OUTPUT},
    {"organisation", 0, OPT_VALUE, O_ORG},
    {"names", 0, OPT_NONE, O_NAMES},
    {NULL, 0, 0, 0},
};

/* What FN prints for the case, as text in the language, into *OUT. */
static int printed(struct cli *cli, char **out, size_t *len,
                   int (*fn)(struct cli *, const void *), const void *arg)
{
    struct cli_io io = *cli->io;
    struct cli sub = *cli;
    int status;

    if ((io.out = open_memstream(out, len)) == NULL)
        return cli_failf(cli, "%s", _("out of memory"));
    io.colour = 0;
    sub.io = &io;
    sub.json = 0;
    sub.n_shown = 0;
    memset(sub.shown, 0, sizeof sub.shown);
    status = fn(&sub, arg);
    cli_shown_release(&sub);
    if (fclose(io.out) != 0 && status == CLI_OK)
        status = cli_failf(cli, "%s", _("out of memory"));
    return status;
}

static int print_suggestions(struct cli *cli, const void *c)
{
    return suggestions_table(cli, c);
}

/* The access log's page: the lines, the case's number, the options. */
struct log_page {
    const kring_audit_entry *log;
    size_t n;
    long long key;
    const char *org;
    int names;
};

static int print_log(struct cli *cli, const void *arg)
{
    const struct log_page *p = arg;

    return audit_for_client(cli, p->log, p->n, p->key, p->org, p->names);
}

/* README.txt: what each file is, in the language. */
static char *readme(const kring_case *c, const char *day)
{
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);

    if (f == NULL)
        return NULL;
    fprintf(f, _("Everything kring holds about case %s, on %s.\n"), c->code,
            day);
    fprintf(f, "\n%s\n",
            _("case.json        the whole file: the people, how close they "
              "are and how\n"
              "                 they support, the notes, the snapshots, the "
              "choice and\n"
              "                 the suggestions (kring's own format, "
              "readable text)\n"
              "map.pdf, map.svg the map as the team sees it\n"
              "sheet.pdf        the sheet the team uses in its meeting\n"
              "suggestions.txt  what the young person suggested, and the "
              "answer\n"
              "access-log.txt   who looked at the file or wrote in it, and "
              "when\n"));
    fprintf(f, "%s\n",
            _("You may ask the organisation to correct or erase what is in "
              "it (AVG; Jeugdwet art. 7.3.9)."));
    if (fclose(f) != 0) {
        free(out);
        return NULL;
    }
    return out;
}

/* The map of C in the team's theme as F, into *OUT. */
static kring_status team_map(kring_renderer *r, const kring_case *c,
                             kring_format f, char **out, size_t *len,
                             kring_error *err)
{
    kring_map_options mo;
    kring_map_graph g;
    kring_status rc;

    kring_map_options_init(&mo, KRING_THEME_TEAM);
    if ((rc = kring_map_make_graph(c, &mo, &g, err)) == KRING_OK)
        rc = kring_render_graph(r, &g, f, mo.date, out, len, err);
    kring_map_graph_release(&g);
    return rc;
}

enum { F_README, F_CASE, F_PDF, F_SVG, F_SHEET, F_SUGGESTIONS, F_LOG, F_N };

static const char *const file_names[F_N] = {
    "README.txt", "case.json",       "map.pdf",        "map.svg",
    "sheet.pdf",  "suggestions.txt", "access-log.txt",
};

/* The archive's files of C, its log page P, into FILES (freed by the
 * caller, each data). */
static int make_files(struct cli *cli, const kring_case *c,
                      const struct log_page *p, struct kz_file *files)
{
    kring_sheet_options so;
    kring_renderer *r;
    kring_error err;
    char *data[F_N] = {NULL};
    size_t len[F_N] = {0};
    int status = CLI_OK, i;

    kring_sheet_options_init(&so);
    so.by[0] = '\0'; /* not the name of who ran kring */
    if ((r = kring_renderer_new()) == NULL)
        return cli_failf(cli, "%s", _("out of memory"));
    if ((data[F_README] = readme(c, so.date)) == NULL)
        status = cli_failf(cli, "%s", _("out of memory"));
    else
        len[F_README] = strlen(data[F_README]);
    if (status == CLI_OK &&
        (kring_casefile_dump(c, &data[F_CASE], &len[F_CASE], &err) ||
         team_map(r, c, KRING_FORMAT_PDF, &data[F_PDF], &len[F_PDF], &err) ||
         team_map(r, c, KRING_FORMAT_SVG, &data[F_SVG], &len[F_SVG], &err) ||
         kring_sheet_pdf(r, c, &so, &data[F_SHEET], &len[F_SHEET], &err)))
        status = cli_fail(cli, &err);
    if (status == CLI_OK)
        status = printed(cli, &data[F_SUGGESTIONS], &len[F_SUGGESTIONS],
                         print_suggestions, c);
    if (status == CLI_OK)
        status = printed(cli, &data[F_LOG], &len[F_LOG], print_log, p);
    kring_renderer_free(r);
    for (i = 0; i < F_N; i++) {
        files[i].name = file_names[i];
        files[i].data = data[i];
        files[i].len = len[i];
    }
    return status;
}

static int archive(struct cli *cli, const char *code, const char *output,
                   const char *org, int names)
{
    const struct kz_api *zip =
        cli_module(cli, "kring-archive.so", "KRING_ARCHIVE", "kz_api");
    struct kz_file files[F_N];
    kring_audit_entry *log = NULL;
    kring_store *s = NULL;
    kring_case *c = NULL;
    struct log_page p = {NULL, 0, 0, org, names};
    kring_error err;
    char *out = NULL, why[256];
    size_t len = 0, n = 0;
    int status, i;

    memset(files, 0, sizeof files);
    if (zip == NULL)
        return CLI_DATA;
    if ((status = cli_open_store(cli, KRING_STORE_READONLY, &s)))
        return status;
    /* The case (one line of the log: this export), then the log with
     * that line in it. */
    kring_store_set_read_kind(KRING_READ_EXPORT);
    if (kring_store_load_case(s, code, &c, &err) ||
        kring_store_audit(s, code, KRING_AUDIT_ALL, &p.key, &log, &n, &err))
        status = cli_fail(cli, &err);
    p.log = log;
    p.n = n;
    if (status == CLI_OK)
        status = make_files(cli, c, &p, files);
    if (status == CLI_OK && zip->zip(files, F_N, (long long)time(NULL), &out,
                                     &len, why, sizeof why) != 0)
        status = cli_failf(cli, _("cannot make the archive: %s"), why);
    if (status == CLI_OK && kring_file_write_private(output, out, len, &err))
        status = cli_fail(cli, &err);
    if (status == CLI_OK && cli->json) {
        fputs("{\"archive\": ", cli->io->out);
        kring_json_put_string(cli->io->out, output);
        fprintf(cli->io->out, ", \"case\": %lld, \"bytes\": %zu, \"files\": [",
                p.key, len);
        for (i = 0; i < F_N; i++)
            fprintf(cli->io->out, "%s\"%s\"", i ? ", " : "", file_names[i]);
        fputs("]}\n", cli->io->out);
    } else if (status == CLI_OK)
        fprintf(cli->io->out, _("wrote everything of case '%s' to %s\n"),
                cli_shown(cli, c->code), cli_shown(cli, output));
    if (out != NULL)
        zip->release(out);
    for (i = 0; i < F_N; i++)
        free((char *)files[i].data);
    kring_audit_free(log, n);
    kring_case_free(c);
    kring_store_close(s);
    return status;
}

static int run_archive(struct cli *cli, struct opts *o)
{
    const char *output = NULL, *org = NULL, *dot;
    int names = 0, i, status;

    for (i = 0; i < o->n; i++) {
        if (o->o[i].id == O_OUTPUT)
            output = o->o[i].value;
        else if (o->o[i].id == O_ORG)
            org = o->o[i].value;
        else
            names = 1;
    }
    if (output == NULL)
        return cli_usage_error(cli, archive_usage, "%s",
                               _("case archive needs -o FILE.zip"));
    dot = strrchr(output, '.');
    if (dot == NULL || strcmp(dot, ".zip") != 0 || dot == output ||
        dot[-1] == '/')
        return cli_usage_error(cli, archive_usage,
                               _("the archive is a ZIP file: end '%s' in "
                                 ".zip"),
                               output);
    if ((status = cli_check_output(cli, output)))
        return status;
    return archive(cli, o->pos[0], output, org, names);
}

const struct cli_command cmd_case_archive = {
    .group = "case",
    .name = "archive",
    .spec = archive_spec,
    .usage = archive_usage,
    .min_pos = 1,
    .max_pos = 1,
    .count_error = N_("case archive needs one CODE"),
    .run = run_archive,
};

/* --- kring case close|reopen --------------------------------------------- */

static const char close_usage[] = N_(
    "usage: kring case close CODE [--date YYYY-MM-DD]\n"
    "       kring case reopen CODE\n"
    "\n"
    "Closes a case on a day (today unless --date), from which the time it is\n"
    "kept counts: kring retention lists it when that time is up\n"
    "(docs/privacy.md). A closed case is read and changed as before; reopen\n"
    "takes the day away. On an organisation's PostgreSQL database. One line\n"
    "in the access log.\n");

static const struct opt_spec close_spec[] = {
    {"date", 0, OPT_VALUE, O_DATE},
    {NULL, 0, 0, 0},
};

/* Today, where kring runs, as YYYY-MM-DD into DAY (11 bytes). */
static void today(char *day)
{
    time_t now = time(NULL);
    struct tm tm;

    localtime_r(&now, &tm);
    strftime(day, 11, "%Y-%m-%d", &tm);
}

static int close_or_reopen(struct cli *cli, struct opts *o, int close)
{
    const char *day = NULL;
    kring_store *s = NULL;
    kring_error err;
    char now[11];
    int status, i;

    for (i = 0; i < o->n; i++)
        day = o->o[i].value;
    if (close && day == NULL) {
        today(now);
        day = now;
    }
    if ((status = cli_open_store(cli, 0, &s)))
        return status;
    if (kring_case_close(s, o->pos[0], close ? day : NULL, &err))
        status = cli_fail(cli, &err);
    else if (cli->json) {
        fputs("{\"case\": ", cli->io->out);
        kring_json_put_string(cli->io->out, o->pos[0]);
        fputs(", \"closed\": ", cli->io->out);
        if (close)
            kring_json_put_string(cli->io->out, day);
        else
            fputs("null", cli->io->out);
        fputs("}\n", cli->io->out);
    } else if (close)
        fprintf(cli->io->out, _("closed case '%s' on %s\n"),
                cli_shown(cli, o->pos[0]), day);
    else
        fprintf(cli->io->out, _("reopened case '%s'\n"),
                cli_shown(cli, o->pos[0]));
    kring_store_close(s);
    return status;
}

static int run_close(struct cli *cli, struct opts *o)
{
    return close_or_reopen(cli, o, 1);
}

static int run_reopen(struct cli *cli, struct opts *o)
{
    return close_or_reopen(cli, o, 0);
}

const struct cli_command cmd_case_close = {
    .group = "case",
    .name = "close",
    .spec = close_spec,
    .usage = close_usage,
    .min_pos = 1,
    .max_pos = 1,
    .count_error = N_("case close needs one CODE"),
    .run = run_close,
};

const struct cli_command cmd_case_reopen = {
    .group = "case",
    .name = "reopen",
    .usage = close_usage,
    .min_pos = 1,
    .max_pos = 1,
    .count_error = N_("case reopen needs one CODE"),
    .run = run_reopen,
};

/* --- kring retention list|purge ------------------------------------------ */

static const char retention_usage[] = N_(
    "usage: kring retention list [--years N]\n"
    "       kring retention purge [--years N] [--yes]\n"
    "\n"
    "The cases closed N years ago or longer (20 unless --years: the Jeugdwet,\n"
    "art. 7.3.8, keeps a file 20 years from its closing, or longer where the\n"
    "organisation has decided so, docs/privacy.md). list names them; purge\n"
    "erases each, as kring case erase does, the access log keeping only that\n"
    "it was erased because its time was up. At a terminal purge asks first;\n"
    "elsewhere --yes is required. On an organisation's PostgreSQL database.\n"
    "\n"
    "  --years N  how long a closed case is kept: 1 to 100 (list: 0 lists\n"
    "             every closed case)\n"
    "  --yes      purge without asking\n");

static const struct opt_spec retention_spec[] = {
    {"years", 0, OPT_VALUE, O_YEARS},
    {"yes", 'y', OPT_NONE, O_YES},
    {NULL, 0, 0, 0},
};

/* The last day a case closed on is past its time: today N years back
 * (29 February to 28 February). */
static void years_back(int years, char *day)
{
    time_t now = time(NULL);
    struct tm tm;

    localtime_r(&now, &tm);
    tm.tm_year -= years;
    if (tm.tm_mon == 1 && tm.tm_mday == 29)
        tm.tm_mday = 28;
    strftime(day, 11, "%Y-%m-%d", &tm);
}

static void closed_print(struct cli *cli, const kring_closed *list, size_t n,
                         const char *day, int years, int purged)
{
    static const char *const heads[] = {N_("CASE"), N_("NUMBER"), N_("CLOSED")};
    const char *h[3];
    struct table *t;
    size_t i;

    if (cli->json) {
        fprintf(cli->io->out,
                "{\"years\": %d, \"closed_before\": \"%s\", "
                "\"%s\": [",
                years, day, purged ? "erased" : "cases");
        for (i = 0; i < n; i++) {
            fprintf(cli->io->out, "%s{\"code\": ", i ? ", " : "");
            kring_json_put_string(cli->io->out, list[i].code);
            fprintf(cli->io->out, ", \"number\": %lld, \"closed\": \"%s\"}",
                    list[i].key, list[i].closed);
        }
        fputs("]}\n", cli->io->out);
        return;
    }
    if (n == 0) {
        fprintf(cli->io->out, _("No case was closed on or before %s.\n"), day);
        return;
    }
    for (i = 0; i < 3; i++)
        h[i] = _(heads[i]);
    if ((t = table_new(3, h)) == NULL)
        return;
    for (i = 0; i < n; i++) {
        char key[24];
        const char *cells[3] = {list[i].code, key, list[i].closed};
        snprintf(key, sizeof key, "%lld", list[i].key);
        table_add(t, cells);
    }
    table_print(t, cli);
    table_free(t);
    if (purged)
        fprintf(cli->io->out,
                dngettext("kring", "erased %zu case closed on or before %s\n",
                          "erased %zu cases closed on or before %s\n",
                          (unsigned long)n),
                n, day);
}

static int ask_purge(struct cli *cli, size_t n, const char *day)
{
    char line[16];

    fprintf(cli->io->err,
            dngettext("kring",
                      "erase %zu case closed on or before %s? This cannot be "
                      "undone. [y/N] ",
                      "erase %zu cases closed on or before %s? This cannot "
                      "be undone. [y/N] ",
                      (unsigned long)n),
            n, day);
    fflush(cli->io->err);
    if (fgets(line, sizeof line, cli->io->in) == NULL)
        return 0;
    line[strcspn(line, "\r\n")] = '\0';
    return strcmp(line, "y") == 0 || strcmp(line, "yes") == 0 ||
           strcmp(line, "j") == 0 || strcmp(line, "ja") == 0;
}

static int retention(struct cli *cli, struct opts *o, int purge)
{
    kring_closed *list = NULL;
    kring_store *s = NULL;
    kring_error err;
    size_t n = 0, i;
    char day[11], *end;
    int status, years = 20, yes = 0, k;

    for (k = 0; k < o->n; k++) {
        if (o->o[k].id == O_YES)
            yes = 1;
        else {
            long v = strtol(o->o[k].value, &end, 10);
            if (*o->o[k].value == '\0' || *end != '\0' || v < !!purge ||
                v > 100)
                return cli_usage_error(
                    cli, retention_usage, "%s",
                    purge ? _("--years must be a whole number from 1 to 100")
                          : _("--years must be a whole number from 0 to 100"));
            years = (int)v;
        }
    }
    if (yes && !purge)
        return cli_usage_error(cli, retention_usage, "%s",
                               _("--yes goes with purge"));
    if (purge && !yes && !cli->io->in_tty)
        return cli_usage_error(cli, retention_usage, "%s",
                               _("not erasing: confirm with --yes (there is "
                                 "no terminal to ask on)"));
    years_back(years, day);
    if ((status = cli_open_store(cli, purge ? 0 : KRING_STORE_READONLY, &s)))
        return status;
    if (kring_closed_list(s, day, &list, &n, &err))
        status = cli_fail(cli, &err);
    else if (purge && n > 0 && !yes && !ask_purge(cli, n, day))
        status = cli_failf(cli, "%s", _("nothing was erased"));
    for (i = 0; status == CLI_OK && purge && i < n; i++)
        if (kring_change_case_erase(s, NULL, list[i].code,
                                    KRING_ERASE_RETENTION, &err)) {
            /* The ones before are erased: say so, and which failed. */
            closed_print(cli, list, i, day, years, 1);
            status = cli_fail(cli, &err);
        }
    if (status == CLI_OK)
        closed_print(cli, list, n, day, years, purge);
    kring_closed_free(list, n);
    kring_store_close(s);
    return status;
}

static int run_retention_list(struct cli *cli, struct opts *o)
{
    return retention(cli, o, 0);
}

static int run_retention_purge(struct cli *cli, struct opts *o)
{
    return retention(cli, o, 1);
}

const struct cli_command cmd_retention_list = {
    .group = "retention",
    .name = "list",
    .spec = retention_spec,
    .usage = retention_usage,
    .min_pos = 0,
    .max_pos = 0,
    .count_error = N_("retention list takes no arguments"),
    .run = run_retention_list,
};

const struct cli_command cmd_retention_purge = {
    .group = "retention",
    .name = "purge",
    .spec = retention_spec,
    .usage = retention_usage,
    .min_pos = 0,
    .max_pos = 0,
    .count_error = N_("retention purge takes no arguments"),
    .run = run_retention_purge,
};
