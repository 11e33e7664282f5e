/* kring sheet: the team's meeting handout on A4 (include/kring/sheet.h,
 * docs/sheet.md). */
#include <libintl.h>
#include <stdlib.h>
#include <string.h>

#include <kring/sheet.h>

#include "cli.h"

#define _(s) dgettext("kring", s)
#define N_(s) s

enum { O_OUTPUT = 1, O_DATE, O_BY, O_ANONYMIZE, O_FORMAT };

static const char sheet_usage[] =
    N_("usage: kring sheet CODE | -f FILE -o FILE.pdf [--date YYYY-MM-DD]\n"
       "                   [--by NAME] [--anonymize] [--format pdf|dot]\n"
       "\n"
       "Writes the handout for the team's meeting about the case as a PDF on\n"
       "A4, upright: the map in black and white with every name at least 8\n"
       "pt (the outer circles listed by part of life when the map cannot hold\n"
       "them at that size), the candidates with rank, score and reasons, who\n"
       "is not a candidate and why, the points to discuss, and where the\n"
       "mentor choice stands. The header names the case, the meeting's date\n"
       "(--date, else today) and who prepared it (--by, else your name from\n"
       "the system). --anonymize writes initials and roles instead of names,\n"
       "leaves out notes and who prepared it. -o - writes to standard\n"
       "output. -o FILE.dot (or --format dot) writes the DOT of the sheet's\n"
       "map instead.\n");

static const struct opt_spec sheet_spec[] = {
    {"file", 'f', OPT_VALUE, OPT_ID_FILE},
    {"output", 'o', OPT_VALUE, O_OUTPUT},
    {"date", 0, OPT_VALUE, O_DATE},
    {"by", 0, OPT_VALUE, O_BY},
    {"anonymize", 0, OPT_NONE, O_ANONYMIZE},
    {"format", 0, OPT_VALUE, O_FORMAT},
    {NULL, 0, 0, 0},
};

struct sheet {
    kring_sheet_options so;
    const char *output, *code, *file;
    int as_dot; /* the map's DOT, not the PDF */
};

/* Reads the options into S; CLI_OK or the exit status of a mistake. */
static int options(struct cli *cli, struct opts *o, struct sheet *s)
{
    const char *dot, *format = NULL;
    int i, status;

    kring_sheet_options_init(&s->so);
    for (i = 0; i < o->n; i++) {
        const char *val = o->o[i].value;
        switch (o->o[i].id) {
        case O_OUTPUT:
            s->output = val;
            break;
        case O_DATE:
            if (!kring_date_valid(val))
                return cli_usage_error(cli, sheet_usage,
                                       _("--date must be a date as "
                                         "YYYY-MM-DD, not '%s'"),
                                       val);
            snprintf(s->so.date, sizeof s->so.date, "%s", val);
            break;
        case O_BY:
            if (!kring_sheet_by_valid(val))
                return cli_usage_error(
                    cli, sheet_usage,
                    _("--by must be a name in UTF-8 of 1 to %d bytes, "
                      "on one line"),
                    KRING_SHEET_BY_MAX);
            snprintf(s->so.by, sizeof s->so.by, "%s", val);
            break;
        case O_ANONYMIZE:
            s->so.anonymize = true;
            break;
        case O_FORMAT:
            format = val;
            break;
        }
    }
    if (s->output == NULL)
        return cli_usage_error(cli, sheet_usage, "%s",
                               _("say where the sheet goes: -o FILE.pdf (or "
                                 "-o - for standard output)"));
    if (format != NULL && strcmp(format, "pdf") != 0 &&
        strcmp(format, "dot") != 0)
        return cli_usage_error(cli, sheet_usage,
                               _("unknown format '%s' (one of: pdf, dot)"),
                               format);
    dot = strrchr(s->output, '.');
    s->as_dot = format != NULL ? strcmp(format, "dot") == 0
                               : dot != NULL && strcmp(dot, ".dot") == 0;
    if (strcmp(s->output, "-") != 0 &&
        (dot == NULL || strchr(dot, '/') != NULL ||
         strcmp(dot, s->as_dot ? ".dot" : ".pdf") != 0 || dot == s->output ||
         dot[-1] == '/'))
        return cli_usage_error(cli, sheet_usage,
                               _("the sheet is a PDF: end '%s' in .pdf (its "
                                 "map's DOT: in .dot)"),
                               s->output);
    if ((status = cli_check_output(cli, s->output)))
        return status;
    return cli_case_source(cli, o, sheet_usage, &s->code, &s->file);
}

static int run_sheet(struct cli *cli, struct opts *o)
{
    struct sheet s;
    kring_renderer *r = NULL;
    kring_case *c = NULL;
    kring_error err;
    char *data = NULL;
    size_t len = 0;
    int status, rings = 0;

    memset(&s, 0, sizeof s);
    if ((status = options(cli, o, &s)))
        return status;
    /* The access log names it a print (docs/security.md). */
    kring_store_set_read_kind(KRING_READ_PRINT);
    if ((status = cli_load_case(cli, s.code, s.file, &c)))
        return status;
    if (s.as_dot) {
        /* The sheet's map as DOT: for Graphviz, and for the tests of its
         * geometry. */
        if (kring_sheet_map_dot(c, &s.so, &data, &rings, &err))
            status = cli_fail(cli, &err);
        else if (data == NULL)
            status = cli_failf(cli,
                               _("the sheet of case '%s' draws no map: "
                                 "everyone is listed"),
                               c->code);
        else
            len = strlen(data);
    } else if ((r = kring_renderer_new()) == NULL)
        status = cli_failf(cli, "%s", _("out of memory"));
    else if (kring_sheet_pdf(r, c, &s.so, &data, &len, &err))
        status = cli_fail(cli, &err);
    if (status != CLI_OK || data == NULL)
        ; /* said already */
    else if (strcmp(s.output, "-") == 0) {
        if (fwrite(data, 1, len, cli->io->out) != len)
            status = cli_failf(cli, "%s", _("cannot write the sheet"));
    } else if (kring_file_write(s.output, data, len, 0, &err))
        status = cli_fail(cli, &err);
    free(data);
    kring_renderer_free(r);
    kring_case_free(c);
    return status;
}

const struct cli_command cmd_sheet = {
    .name = "sheet",
    .spec = sheet_spec,
    .usage = sheet_usage,
    .min_pos = -1,
    .max_pos = -1,
    .run = run_sheet,
};
