/* kring import and export: cases in from files of kring and of other
 * tools, and out as a case file, GraphML, CSV or the map's DOT
 * (docs/exchange.md). */
#include <libintl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "kring/exchange.h"

#define _(s) dgettext("kring", s)
#define N_(s) s

enum {
    O_FROM = 1,
    O_REPLACE,
    O_MAP,
    O_CODE,
    O_FORMAT,
    O_OUTPUT,
    O_SEP,
    O_BOM,
    O_TABLE,
    O_THEME,
    O_ANONYMIZE,
    O_DATE,
    O_VERBOSE
};

static const char import_usage[] = N_(
    "usage: kring import FILE [--from kring|graphml|networkcanvas|easynwk]\n"
    "                    [--map MAPPING.json] [--code CODE] [--replace]\n"
    "                    [--verbose]\n"
    "\n"
    "Reads the cases in FILE ('-' for stdin) into the database: a kring case\n"
    "file, GraphML (kring's own, or any other), a Network Canvas export\n"
    "(its GraphML, or any file of its CSV set) or an easyNWK map. The format\n"
    "is found by content unless --from names it. --map says which of the\n"
    "file's variables becomes which kring field (docs/exchange.md); --code\n"
    "gives a file with one case its case code. Whatever in the file kring\n"
    "has to read in its own way is said in a note on stderr; what a note\n"
    "sums up (such as the variables kept as x- keys) --verbose lists one by\n"
    "one. A case whose code is already there is refused unless --replace\n"
    "is given. The whole file is checked first: on any error nothing is\n"
    "stored.\n");

/* The whole of IN, at most KRING_FILE_MAX bytes. */
static char *read_all(FILE *in, size_t *len)
{
    size_t cap = 65536, n = 0, got;
    char *buf = malloc(cap), *grown;

    while (buf != NULL && (got = fread(buf + n, 1, cap - n - 1, in)) > 0) {
        n += got;
        if (n > KRING_FILE_MAX)
            break;
        if (cap - n - 1 == 0) {
            if ((grown = realloc(buf, cap * 2)) == NULL) {
                free(buf);
                return NULL;
            }
            buf = grown;
            cap *= 2;
        }
    }
    if (buf != NULL)
        buf[n] = '\0';
    *len = n;
    return buf;
}

/* The notes, and with --verbose the lines a note sums up. */
static void print_import(struct cli *cli, const kring_import *im, int verbose)
{
    FILE *out = cli->io->out;
    size_t i, people = 0, ties = 0;
    size_t n_notes = im->n_notes + (verbose ? im->n_details : 0);
    char counts[96];
    kring_jw w;

    for (i = 0; i < n_notes; i++)
        fprintf(cli->io->err, _("kring: note: %s\n"),
                cli_shown(cli, i < im->n_notes ? im->notes[i]
                                               : im->details[i - im->n_notes]));
    if (cli->json) {
        kring_jw_init(&w, out, 1);
        kring_jw_object(&w);
        kring_jw_key(&w, "format");
        kring_jw_string(&w, kring_import_format_name(im->format));
        kring_jw_key(&w, "cases");
        kring_jw_array(&w);
        for (i = 0; i < im->n_cases; i++) {
            const kring_case *c = im->cases[i];
            kring_jw_object(&w);
            kring_jw_key(&w, "code");
            kring_jw_string(&w, c->code);
            kring_jw_key(&w, "people");
            kring_jw_int(&w, (long long)c->n_people);
            kring_jw_key(&w, "ties");
            kring_jw_int(&w, (long long)c->n_ties);
            kring_jw_key(&w, "snapshots");
            kring_jw_int(&w, (long long)c->n_snapshots);
            kring_jw_object_end(&w);
        }
        kring_jw_array_end(&w);
        kring_jw_key(&w, "notes");
        kring_jw_array(&w);
        for (i = 0; i < n_notes; i++)
            kring_jw_string(&w, i < im->n_notes ? im->notes[i]
                                                : im->details[i - im->n_notes]);
        kring_jw_array_end(&w);
        kring_jw_object_end(&w);
        kring_jw_release(&w);
        return;
    }
    for (i = 0; i < im->n_cases; i++) {
        const kring_case *c = im->cases[i];
        people += c->n_people;
        ties += c->n_ties;
        fprintf(out, _("imported case '%s' (%s): %s\n"), c->code,
                cli_shown(cli, c->name),
                cli_counts(counts, sizeof counts, c->n_people, c->n_ties));
        if (c->n_snapshots && im->format == KRING_FROM_EASYNWK)
            fprintf(out,
                    dngettext("kring", "  %zu version kept as a snapshot\n",
                              "  %zu versions kept as snapshots\n",
                              c->n_snapshots),
                    c->n_snapshots);
    }
    /* The summary: what came in, and how many notes were said. */
    if (im->format != KRING_FROM_KRING || im->n_cases > 1 || n_notes) {
        fprintf(out, _("read as %s: "), kring_import_format_name(im->format));
        fprintf(out,
                dngettext("kring", "%zu case, ", "%zu cases, ", im->n_cases),
                im->n_cases);
        fputs(cli_counts(counts, sizeof counts, people, ties), out);
        fprintf(out,
                dngettext("kring", "; %zu note\n", "; %zu notes\n", n_notes),
                n_notes);
    }
}

/* The year a neutral code of an import carries (UTC, as the map's date),
 * and the number after the highest YEAR-NNN in the database (1 when there
 * is none, or no database yet), so that a neutral code is a new one. */
static void neutral_start(struct cli *cli, kring_import_options *io)
{
    kring_store *store = NULL;
    kring_error err;
    char *path = NULL;
    const char *db = cli->db;
    time_t now = time(NULL);
    struct tm tm;

    io->year = gmtime_r(&now, &tm) ? tm.tm_year + 1900 : 0;
    io->next = 1;
    if (io->year == 0)
        return;
    if ((db == NULL || db[0] == '\0') &&
        (db = path = kring_store_default_path(&err)) == NULL)
        return;
    /* Quietly: a database that is not there yet has no codes. Codes only,
     * no case shown: nothing for the audit log, and a refused import
     * leaves the database as it was. */
    if (kring_store_open(db,
                         KRING_STORE_READONLY |
                             (cli->shared_ok ? KRING_STORE_SHARED_OK : 0),
                         &store, &err) == KRING_OK &&
        kring_store_next_code_number(store, io->year, &io->next, &err) !=
            KRING_OK)
        io->next = 1;
    kring_store_close(store);
    free(path);
}

static const struct opt_spec import_spec[] = {
    {"from", 0, OPT_VALUE, O_FROM},      {"map", 0, OPT_VALUE, O_MAP},
    {"code", 0, OPT_VALUE, O_CODE},      {"replace", 0, OPT_NONE, O_REPLACE},
    {"verbose", 0, OPT_NONE, O_VERBOSE}, {NULL, 0, 0, 0},
};

static int run_import(struct cli *cli, struct opts *o)
{
    kring_import_options io = {KRING_FROM_AUTO, NULL, NULL, 0, 0};
    kring_import im;
    kring_store *store = NULL;
    kring_error err;
    int status, i, v, replace = 0, verbose = 0;
    kring_status rc;

    for (i = 0; i < o->n; i++) {
        const char *val = o->o[i].value;
        switch (o->o[i].id) {
        case O_REPLACE:
            replace = 1;
            break;
        case O_VERBOSE:
            verbose = 1;
            break;
        case O_MAP:
            io.mapping = val;
            break;
        case O_CODE:
            if (!kring_code_valid(val, KRING_CODE_MAX))
                return cli_usage_error(cli, import_usage,
                                       _("'%s' is not a case code (letters, "
                                         "digits, '-', '_' and '.')"),
                                       val);
            io.code = val;
            break;
        default:
            if ((v = kring_import_format_parse(val)) <= 0)
                return cli_usage_error(cli, import_usage,
                                       _("unknown format '%s' (one of: "
                                         "kring, graphml, networkcanvas, "
                                         "easynwk)"),
                                       val);
            io.from = (kring_import_format)v;
        }
    }
    neutral_start(cli, &io);
    if (strcmp(o->pos[0], "-") == 0) {
        /* Standard input of this run (a memory stream in tests). */
        size_t len;
        char *data = read_all(cli->io->in, &len);
        if (data == NULL)
            return cli_failf(cli, "%s", _("out of memory"));
        if (len > KRING_FILE_MAX) {
            free(data);
            return cli_failf(cli, _("stdin: the file is larger than %u bytes"),
                             KRING_FILE_MAX);
        }
        rc = kring_import_data(data, len, "stdin", &io, &im, &err);
        free(data);
    } else {
        rc = kring_import_file(o->pos[0], &io, &im, &err);
    }
    if (rc)
        return cli_fail(cli, &err);
    if ((status = cli_open_store(cli, 0, &store)))
        goto out;
    /* Every case or none. */
    if ((rc = kring_change_import(store, NULL, &im, replace, &err))) {
        status = cli_fail(cli, &err);
        goto out;
    }
    print_import(cli, &im, verbose);
out:
    kring_import_release(&im);
    kring_store_close(store);
    return status;
}

const struct cli_command cmd_import = {
    .name = "import",
    .spec = import_spec,
    .usage = import_usage,
    .min_pos = 1,
    .max_pos = 1,
    .count_error = N_("import needs one FILE"),
    .run = run_import,
};

static const char export_usage[] = N_(
    "usage: kring export CODE | -f FILE [--format json|graphml|csv|dot]\n"
    "                    [-o FILE] [--table people|ties] [--csv-sep C]\n"
    "                    [--bom] [--theme youth|team|print] [--anonymize]\n"
    "\n"
    "Writes the case to standard output or to FILE (created private, mode\n"
    "0600); the format follows FILE's extension (.json, .graphml, .csv,\n"
    ".dot) unless --format says it. json: a kring case file. graphml: for\n"
    "Gephi, igraph, networkx and R, every field a typed attribute; kring\n"
    "reads it back without loss. csv: two tables for a spreadsheet, FILE\n"
    "made into FILE-people.csv and FILE-ties.csv, or the one --table names;\n"
    "--csv-sep ';' for Dutch Excel, --bom to mark the file as UTF-8 for it.\n"
    "dot: the map as 'kring render' lays it out (--theme). --anonymize\n"
    "leaves every name out: people by initial and role (R. (oma)) and as\n"
    "p1, p2, ...; notes and keys of your own (x-) are left out.\n");

static const char *const export_formats[] = {"json", "graphml", "csv", "dot"};
enum { X_JSON, X_GRAPHML, X_CSV, X_DOT, X_COUNT };

static int format_of(const char *name)
{
    int f;

    for (f = 0; f < X_COUNT; f++)
        if (strcmp(name, export_formats[f]) == 0)
            return f;
    return -1;
}

struct export
{
    const char *output; /* NULL or "-" for standard output */
    int format, table;  /* table: -1 both */
    char sep;
    bool bom;
    kring_map_options map;
};

static int write_out(struct cli *cli, const char *path, const char *text,
                     size_t len)
{
    kring_error err;

    if (path == NULL || strcmp(path, "-") == 0) {
        fwrite(text, 1, len, cli->io->out);
        return CLI_OK;
    }
    if (kring_file_write_private(path, text, len, &err))
        return cli_fail(cli, &err);
    return CLI_OK;
}

/* The file of CSV table T when both are written: FILE.csv ->
 * FILE-people.csv, FILE-ties.csv. NULL when out of memory. */
static char *table_path(const char *output, int t)
{
    static const char *const names[] = {"people", "ties"};
    size_t n = strlen(output);
    char *path;

    if (n > 4 && strcmp(output + n - 4, ".csv") == 0)
        n -= 4;
    if ((path = malloc(n + 16)) != NULL)
        snprintf(path, n + 16, "%.*s-%s.csv", (int)n, output, names[t]);
    return path;
}

/* Refuses, before anything is written, an output that is the database. */
static int check_outputs(struct cli *cli, const struct export *x)
{
    int t, status = CLI_OK;

    if (x->format != X_CSV || x->table >= 0)
        return cli_check_output(cli, x->output);
    for (t = 0; t < 2 && status == CLI_OK; t++) {
        char *path = table_path(x->output, t);
        if (path == NULL)
            return cli_failf(cli, "%s", _("out of memory"));
        status = cli_check_output(cli, path);
        free(path);
    }
    return status;
}

/* The two CSV tables, or the one asked for. */
static int export_csv(struct cli *cli, const struct export *x,
                      const kring_case *c)
{
    kring_error err;
    int t, status = CLI_OK;

    for (t = 0; t < 2 && status == CLI_OK; t++) {
        char *text = NULL, *path = NULL;
        if (x->table >= 0 && t != x->table)
            continue;
        if (kring_export_csv(c, (kring_csv_table)t, x->sep, x->bom, &text,
                             &err))
            return cli_fail(cli, &err);
        if (x->table < 0 && (path = table_path(x->output, t)) == NULL) {
            free(text);
            return cli_failf(cli, "%s", _("out of memory"));
        }
        status = write_out(cli, path ? path : x->output, text, strlen(text));
        free(path);
        free(text);
    }
    return status;
}

static int export_options(struct cli *cli, struct opts *o, struct export *x)
{
    const char *format = NULL;
    int i, v;

    memset(x, 0, sizeof *x);
    x->table = -1;
    x->sep = ',';
    kring_map_options_init(&x->map, KRING_THEME_YOUTH);
    for (i = 0; i < o->n; i++) {
        const char *val = o->o[i].value;
        switch (o->o[i].id) {
        case O_OUTPUT:
            x->output = val;
            break;
        case O_FORMAT:
            format = val;
            break;
        case O_SEP:
            if (strlen(val) != 1 || strchr("\"\r\n", val[0]) != NULL)
                return cli_usage_error(cli, export_usage, "%s",
                                       _("--csv-sep takes one character, "
                                         "such as ';' or a tab"));
            x->sep = val[0];
            break;
        case O_BOM:
            x->bom = true;
            break;
        case O_TABLE:
            if (strcmp(val, "people") != 0 && strcmp(val, "ties") != 0)
                return cli_usage_error(cli, export_usage,
                                       _("unknown table '%s' (people or "
                                         "ties)"),
                                       val);
            x->table = strcmp(val, "ties") == 0;
            break;
        case O_THEME:
            if ((v = kring_theme_parse(val)) < 0)
                return cli_usage_error(cli, export_usage,
                                       _("unknown theme '%s' (one of: youth, "
                                         "team, print)"),
                                       val);
            x->map.theme = (kring_theme)v;
            break;
        case O_ANONYMIZE:
            x->map.anonymize = true;
            break;
        }
    }
    if (format == NULL && x->output != NULL && strcmp(x->output, "-") != 0) {
        const char *dot = strrchr(x->output, '.');
        format = dot && strchr(dot, '/') == NULL ? dot + 1 : "json";
        if (format_of(format) < 0)
            format = "json";
    }
    if (format == NULL)
        format = "json";
    if ((x->format = format_of(format)) < 0)
        return cli_usage_error(cli, export_usage,
                               _("unknown format '%s' (one of: json, "
                                 "graphml, csv, dot)"),
                               format);
    if (x->format == X_CSV && x->table < 0 &&
        (x->output == NULL || strcmp(x->output, "-") == 0))
        return cli_usage_error(cli, export_usage, "%s",
                               _("CSV is two tables: give -o FILE (for "
                                 "FILE-people.csv and FILE-ties.csv) or "
                                 "--table people|ties"));
    return CLI_OK;
}

static const struct opt_spec export_spec[] = {
    {"file", 'f', OPT_VALUE, OPT_ID_FILE},
    {"format", 0, OPT_VALUE, O_FORMAT},
    {"output", 'o', OPT_VALUE, O_OUTPUT},
    {"csv-sep", 0, OPT_VALUE, O_SEP},
    {"bom", 0, OPT_NONE, O_BOM},
    {"table", 0, OPT_VALUE, O_TABLE},
    {"theme", 0, OPT_VALUE, O_THEME},
    {"anonymize", 0, OPT_NONE, O_ANONYMIZE},
    {NULL, 0, 0, 0},
};

static int run_export(struct cli *cli, struct opts *o)
{
    const char *code, *file;
    kring_case *c = NULL;
    kring_error err;
    struct export x;
    char *text = NULL;
    size_t len = 0;
    kring_status rc = KRING_OK;
    int status;

    if ((status = export_options(cli, o, &x)) ||
        (status = check_outputs(cli, &x)))
        return status;
    /* The access log names it a copy taken (docs/security.md). */
    kring_store_set_read_kind(KRING_READ_EXPORT);
    if ((status = cli_case_source(cli, o, export_usage, &code, &file)) ||
        (status = cli_load_case(cli, code, file, &c)))
        return status;
    /* The map anonymizes itself; the other formats get a copy with no
     * name in it. */
    if (x.map.anonymize && x.format != X_DOT) {
        kring_case *a = NULL;
        if (kring_case_anonymize(c, &a, &err)) {
            kring_case_free(c);
            return cli_fail(cli, &err);
        }
        kring_case_free(c);
        c = a;
    }
    switch (x.format) {
    case X_JSON:
        rc = kring_casefile_dump(c, &text, &len, &err);
        break;
    case X_GRAPHML:
        rc = kring_export_graphml(c, &text, &err);
        break;
    case X_DOT:
        rc = kring_map_make_dot(c, &x.map, &text, &err);
        break;
    default:
        status = export_csv(cli, &x, c);
        break;
    }
    if (rc)
        status = cli_fail(cli, &err);
    else if (text != NULL)
        status = write_out(cli, x.output, text, len ? len : strlen(text));
    free(text);
    kring_case_free(c);
    return status;
}

const struct cli_command cmd_export = {
    .name = "export",
    .spec = export_spec,
    .usage = export_usage,
    .min_pos = -1,
    .max_pos = -1,
    .run = run_export,
};
