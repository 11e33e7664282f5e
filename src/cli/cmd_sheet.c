/* kring sheet: the team's meeting handout on A4 (include/kring/sheet.h,
 * docs/sheet.md). */
#include <libintl.h>
#include <stdlib.h>
#include <string.h>

#include <kring/sheet.h>

#include "cli.h"

#define _(s) dgettext("kring", s)
#define N_(s) s

enum { O_OUTPUT = 1, O_DATE, O_BY, O_ANONYMIZE };

static const char sheet_usage[] =
    N_("usage: kring sheet CODE | -f FILE -o FILE.pdf [--date YYYY-MM-DD]\n"
       "                   [--by NAME] [--anonymize]\n"
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
       "output.\n");

static const struct opt_spec sheet_spec[] = {
    {"file", 'f', OPT_VALUE, OPT_ID_FILE},
    {"output", 'o', OPT_VALUE, O_OUTPUT},
    {"date", 0, OPT_VALUE, O_DATE},
    {"by", 0, OPT_VALUE, O_BY},
    {"anonymize", 0, OPT_NONE, O_ANONYMIZE},
    {NULL, 0, 0, 0},
};

/* Reads the options; CLI_OK or the exit status of a mistake. */
static int options(struct cli *cli, struct opts *o, kring_sheet_options *so,
                   const char **output, const char **code, const char **file)
{
    const char *dot;
    int i, status;

    *output = NULL;
    kring_sheet_options_init(so);
    for (i = 0; i < o->n; i++) {
        const char *val = o->o[i].value;
        switch (o->o[i].id) {
        case O_OUTPUT:
            *output = val;
            break;
        case O_DATE:
            if (!kring_date_valid(val))
                return cli_usage_error(cli, sheet_usage,
                                       _("--date must be a date as "
                                         "YYYY-MM-DD, not '%s'"),
                                       val);
            snprintf(so->date, sizeof so->date, "%s", val);
            break;
        case O_BY:
            if (!kring_sheet_by_valid(val))
                return cli_usage_error(
                    cli, sheet_usage,
                    _("--by must be a name in UTF-8 of 1 to %d bytes, "
                      "on one line"),
                    KRING_SHEET_BY_MAX);
            snprintf(so->by, sizeof so->by, "%s", val);
            break;
        case O_ANONYMIZE:
            so->anonymize = true;
            break;
        }
    }
    if (*output == NULL)
        return cli_usage_error(cli, sheet_usage, "%s",
                               _("say where the sheet goes: -o FILE.pdf (or "
                                 "-o - for standard output)"));
    dot = strrchr(*output, '.');
    if (strcmp(*output, "-") != 0 &&
        (dot == NULL || strchr(dot, '/') != NULL || strcmp(dot, ".pdf") != 0 ||
         dot == *output || dot[-1] == '/'))
        return cli_usage_error(cli, sheet_usage,
                               _("the sheet is a PDF: end '%s' in .pdf"),
                               *output);
    if ((status = cli_check_output(cli, *output)))
        return status;
    return cli_case_source(cli, o, sheet_usage, code, file);
}

static int run_sheet(struct cli *cli, struct opts *o)
{
    kring_sheet_options so;
    const char *output, *code, *file;
    kring_renderer *r = NULL;
    kring_case *c = NULL;
    kring_error err;
    char *pdf = NULL;
    size_t len = 0;
    int status;

    if ((status = options(cli, o, &so, &output, &code, &file)))
        return status;
    if ((status = cli_load_case(cli, code, file, &c)))
        return status;
    if ((r = kring_renderer_new()) == NULL)
        status = cli_failf(cli, "%s", _("out of memory"));
    else if (kring_sheet_pdf(r, c, &so, &pdf, &len, &err))
        status = cli_fail(cli, &err);
    else if (strcmp(output, "-") == 0) {
        if (fwrite(pdf, 1, len, cli->io->out) != len)
            status = cli_failf(cli, "%s", _("cannot write the sheet"));
    } else if (kring_file_write(output, pdf, len, 0, &err))
        status = cli_fail(cli, &err);
    free(pdf);
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
