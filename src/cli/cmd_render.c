/* kring render: the map of a case, or of every case: laid out and written
 * as DOT by the library, drawn by Graphviz, which the library loads only
 * now (include/kring/render.h). */
#include <errno.h>
#include <libintl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

#define _(s) dgettext("kring", s)
#define N_(s) s

enum {
    O_OUTPUT = 1,
    O_FORMAT,
    O_THEME,
    O_ANONYMIZE,
    O_UNSAFE,
    O_DATE,
    O_ALL,
    O_SNAPSHOT,
    O_DIFF
};
static const char render_usage[] = N_(
    "usage: kring render CODE | -f FILE -o FILE [--format svg|png|pdf|dot]\n"
    "                    [--theme youth|team|print] [--anonymize]\n"
    "                    [--show-unsafe] [--date YYYY-MM-DD]\n"
    "       kring render CODE --snapshot LABEL | --diff FROM -o FILE ...\n"
    "       kring render --all -o FOLDER [--format F] [--theme T] ...\n"
    "\n"
    "Draws the network map: the young person in the centre, the rings,\n"
    "the parts of life, everyone in their place. The format follows the\n"
    "file's extension; -o - writes to standard output (SVG unless\n"
    "--format says otherwise). Themes: youth (for the young person: warm,\n"
    "large, first names, no numbers; people they fear are left out unless\n"
    "--show-unsafe), team (ranks, scores, the nomination, points to\n"
    "discuss), print (black and white, A4). --anonymize writes initials\n"
    "and roles instead of names. The date in the title is today's, or\n"
    "--date (or $SOURCE_DATE_EPOCH). --snapshot LABEL draws the network as\n"
    "that snapshot froze it; --diff FROM draws it now with what changed\n"
    "since snapshot FROM: who came (a green outline), who left (faint, where\n"
    "they were), who moved between rings (an arrow). --all draws every case\n"
    "into FOLDER, one file per case, named by its code.\n");

struct render {
    struct cli *cli;
    kring_map_options map;
    kring_weights weights;
    kring_format format;
    const char *output; /* a file, "-", or with --all a folder */
    int all;
    const char *snapshot, *diff; /* --snapshot, --diff: labels */
    kring_renderer *renderer;
    size_t drawn;
    int refused; /* --all: a case's file would be the database */
    struct cli_workers *workers; /* --all: they draw and write, or NULL */
};

static kring_status failed(kring_error *err, kring_status code,
                           const char *text)
{
    err->code = code;
    snprintf(err->text, sizeof err->text, "%s", text);
    return code;
}

/* The map of C, drawn, into *OUT; or, with PATH, into the file PATH
 * (written as Graphviz makes it: kring_render_graph_file()). */
static kring_status map_of(struct render *r, const kring_case *c,
                           const char *path, char **out, size_t *len,
                           kring_error *err)
{
    kring_map_graph g;
    kring_status rc;

    *out = NULL;
    *len = 0;
    if ((rc = kring_map_make_graph(c, &r->map, &g, err)) == KRING_OK) {
        /* Graphviz builds the graph in memory: no DOT text to parse. */
        if (r->format == KRING_FORMAT_DOT) {
            if ((rc = kring_map_graph_dot(&g, out, err)) == KRING_OK) {
                *len = strlen(*out);
                if (path != NULL)
                    rc = kring_file_write(path, *out, *len, 0, err);
            }
        } else if (path != NULL)
            rc = kring_render_graph_file(r->renderer, &g, r->format,
                                         r->map.date, path, err);
        else
            rc = kring_render_graph(r->renderer, &g, r->format, r->map.date,
                                    out, len, err);
    }
    kring_map_graph_release(&g);
    return rc;
}

/* In a worker: JOB is the file's name, a NUL and the map's graph; draws
 * it and writes the file. */
static kring_status draw_job(const char *job, size_t len, void *ctx,
                             kring_error *err)
{
    struct render *r = ctx;
    size_t name = strlen(job) + 1;
    kring_map_graph g = {(char *)job + name, len - name};

    return kring_render_graph_file(r->renderer, &g, r->format, r->map.date, job,
                                   err);
}

/* --all with workers: C's map laid out here, handed to a worker with the
 * file NAME to draw and write. */
static kring_status give(struct render *r, const kring_case *c,
                         const char *name, kring_error *err)
{
    kring_map_graph g;
    size_t n = strlen(name) + 1;
    char *job = NULL;
    kring_status rc;

    if ((rc = kring_map_make_graph(c, &r->map, &g, err)))
        return rc;
    if ((job = malloc(n + g.len)) == NULL)
        rc = failed(err, KRING_ERR_NOMEM, _("out of memory"));
    else {
        memcpy(job, name, n);
        memcpy(job + n, g.bytes, g.len);
        rc = cli_workers_give(r->workers, job, n + g.len, err);
    }
    free(job);
    kring_map_graph_release(&g);
    return rc;
}

static kring_status render_one(const kring_case *c, void *ctx, kring_error *err)
{
    struct render *r = ctx;
    kring_status rc = KRING_OK;
    char *data = NULL, *name = NULL;
    size_t len = 0;

    if (!r->all && strcmp(r->output, "-") == 0) {
        if ((rc = map_of(r, c, NULL, &data, &len, err)) == KRING_OK &&
            fwrite(data, 1, len, r->cli->io->out) != len)
            rc = failed(err, KRING_ERR_IO, _("cannot write the map"));
    } else if (!r->all) {
        kring_renderer_last(r->renderer);
        rc = map_of(r, c, r->output, &data, &len, err);
    } else {
        /* A case's code is letters, digits, '-', '_' and '.', starting
         * with a letter or digit: a safe file name. Anonymized, the code
         * (which may be made of a name) is not in it: anon-1, anon-2, ...
         * in the order of the codes. */
        char anon[48];
        const char *base = c->code;
        size_t n;
        if (r->map.anonymize) {
            snprintf(anon, sizeof anon, "%s-%zu", KRING_CODE_ANONYMOUS,
                     r->drawn + 1);
            base = anon;
        }
        n = strlen(r->output) + strlen(base) + 8;
        if ((name = malloc(n)) == NULL)
            rc = failed(err, KRING_ERR_NOMEM, _("out of memory"));
        else {
            snprintf(name, n, "%s/%s.%s", r->output, base,
                     kring_format_name(r->format));
            if (cli_check_output(r->cli, name) != CLI_OK) {
                r->refused = 1; /* said already */
                rc = failed(err, KRING_ERR_INVALID, "");
            } else if (r->workers != NULL) {
                rc = give(r, c, name, err);
            } else {
                rc = map_of(r, c, name, &data, &len, err);
            }
        }
    }
    if (rc == KRING_OK)
        r->drawn++;
    free(name);
    free(data);
    return rc;
}

/* Reads the options into R; CLI_OK or the exit status of a mistake. */
static int options(struct render *r, struct opts *o, const char **code,
                   const char **file)
{
    struct cli *cli = r->cli;
    const char *format = NULL;
    int i, v, status;

    *code = *file = NULL;
    kring_map_options_init(&r->map, KRING_THEME_YOUTH);
    for (i = 0; i < o->n; i++) {
        const char *val = o->o[i].value;
        switch (o->o[i].id) {
        case O_OUTPUT:
            r->output = val;
            break;
        case O_FORMAT:
            format = val;
            break;
        case O_THEME:
            if ((v = kring_theme_parse(val)) < 0)
                return cli_usage_error(cli, render_usage,
                                       _("unknown theme '%s' (one of: youth, "
                                         "team, print)"),
                                       val);
            r->map.theme = (kring_theme)v;
            break;
        case O_ANONYMIZE:
            r->map.anonymize = true;
            break;
        case O_UNSAFE:
            r->map.show_unsafe = true;
            break;
        case O_DATE:
            if (!kring_date_valid(val))
                return cli_usage_error(cli, render_usage,
                                       _("--date must be a date as "
                                         "YYYY-MM-DD, not '%s'"),
                                       val);
            snprintf(r->map.date, sizeof r->map.date, "%s", val);
            break;
        case O_ALL:
            r->all = 1;
            break;
        case O_SNAPSHOT:
            r->snapshot = val;
            break;
        case O_DIFF:
            r->diff = val;
            break;
        case OPT_ID_FILE:
            *file = val;
            break;
        }
    }
    if (r->output == NULL)
        return cli_usage_error(cli, render_usage, "%s",
                               _("say where the map goes: -o FILE (or -o - "
                                 "for standard output)"));
    if ((status = cli_check_output(cli, r->output)))
        return status;
    if (format != NULL) {
        if ((v = kring_format_parse(format)) < 0)
            return cli_usage_error(cli, render_usage,
                                   _("unknown format '%s' (one of: svg, png, "
                                     "pdf, dot)"),
                                   format);
        r->format = (kring_format)v;
    } else if (r->all || strcmp(r->output, "-") == 0) {
        r->format = KRING_FORMAT_SVG;
    } else if ((v = kring_format_of_path(r->output)) >= 0) {
        r->format = (kring_format)v;
    } else {
        return cli_usage_error(cli, render_usage,
                               _("cannot tell the format from '%s': end it "
                                 "in .svg, .png, .pdf or .dot, or give "
                                 "--format"),
                               r->output);
    }
    if (r->snapshot != NULL && r->diff != NULL)
        return cli_usage_error(cli, render_usage, "%s",
                               _("--snapshot and --diff draw different maps: "
                                 "give one"));
    if (r->all) {
        if (o->npos > 0 || *file != NULL || r->snapshot || r->diff)
            return cli_usage_error(cli, render_usage, "%s",
                                   _("--all takes no CODE, -f FILE, "
                                     "--snapshot or --diff"));
        return CLI_OK;
    }
    status = cli_case_source(cli, o, render_usage, code, file);
    return status;
}

/* A map of a snapshot (--snapshot), or of now with the changes since one
 * (--diff). */
static int render_moment(struct render *r, const char *code, const char *file)
{
    const char *label = r->snapshot ? r->snapshot : r->diff, *moment;
    const kring_snapshot *sn;
    char anon[32];
    kring_case *c = NULL, view;
    kring_error err;
    int status;

    if ((status = cli_load_case(r->cli, code, file, &c)))
        return status;
    if ((sn = kring_case_snapshot(c, label)) == NULL) {
        status = cli_failf(r->cli,
                           _("case '%s' has no snapshot '%s' ('kring history "
                             "%s' lists them)"),
                           c->code, label, c->code);
        kring_case_free(c);
        return status;
    }
    moment = sn->label;
    view = kring_snapshot_view(c, sn);
    /* A label is free text: anonymized, the snapshot is s1, s2, ... as
     * export --anonymize numbers them. */
    if (r->map.anonymize) {
        snprintf(anon, sizeof anon, "s%zu", (size_t)(sn - c->snapshots) + 1);
        moment = anon;
    }
    if (r->snapshot != NULL) {
        /* The map as it was: its date is the snapshot's. */
        snprintf(r->map.date, sizeof r->map.date, "%.10s", sn->taken);
        snprintf(r->map.moment, sizeof r->map.moment, "%s", moment);
    } else {
        r->map.before = &view;
        snprintf(r->map.moment, sizeof r->map.moment,
                 _("changes since %s (%.10s)"), moment, sn->taken);
    }
    if (render_one(r->snapshot ? &view : c, r, &err))
        status = cli_fail(r->cli, &err);
    r->map.before = NULL;
    kring_case_free(c);
    return status;
}

static const struct opt_spec render_spec[] = {
    {"file", 'f', OPT_VALUE, OPT_ID_FILE},
    {"output", 'o', OPT_VALUE, O_OUTPUT},
    {"format", 0, OPT_VALUE, O_FORMAT},
    {"theme", 0, OPT_VALUE, O_THEME},
    {"anonymize", 0, OPT_NONE, O_ANONYMIZE},
    {"show-unsafe", 0, OPT_NONE, O_UNSAFE},
    {"date", 0, OPT_VALUE, O_DATE},
    {"all", 0, OPT_NONE, O_ALL},
    {"snapshot", 0, OPT_VALUE, O_SNAPSHOT},
    {"diff", 0, OPT_VALUE, O_DIFF},
    {NULL, 0, 0, 0},
};

/* One map's case, from FILE or the store, with Graphviz starting on a
 * thread of its own while the case is read and laid out. The store's
 * library is loaded before that thread starts: two dlopen()s at once wait
 * for each other (glibc's loader lock), and the read would wait for all
 * of Graphviz's libraries (bench/README.md). */
static int load_one(struct render *r, const char *code, const char *file,
                    kring_case **out)
{
    if (r->format != KRING_FORMAT_DOT) {
        if (file == NULL)
            cli_preload_store(r->cli);
        kring_renderer_start(r->renderer);
    }
    return cli_load_network(r->cli, code, file, out);
}

static int run_render(struct cli *cli, struct opts *o)
{
    struct render r;
    const char *code, *file;
    kring_store *store = NULL;
    kring_case *c = NULL;
    kring_error err;
    int status;

    memset(&r, 0, sizeof r);
    r.cli = cli;
    if ((status = options(&r, o, &code, &file)))
        return status;
    /* A map written to a file is a copy taken (docs/security.md). */
    kring_store_set_read_kind(KRING_READ_EXPORT);
    if (kring_weights_default(&r.weights, &err))
        return cli_fail(cli, &err);
    r.map.weights = &r.weights;
    if ((r.renderer = kring_renderer_new()) == NULL)
        return cli_failf(cli, "%s", _("out of memory"));
    if (r.all) {
        /* The folder is made private if it is not there yet. */
        if (mkdir(r.output, 0700) != 0 && errno != EEXIST)
            return cli_failf(cli, _("%s: cannot make the folder: %s"), r.output,
                             strerror(errno));
        /* Graphviz draws in worker processes, started before the store
         * is open and Graphviz loaded (docs/cli.md); DOT needs none. */
        if (r.format != KRING_FORMAT_DOT)
            r.workers = cli_workers_start(cli_workers_wanted(), draw_job, &r);
        if ((status = cli_open_store(cli, KRING_STORE_READONLY, &store)) ==
            CLI_OK) {
            kring_status rc =
                kring_store_each_network(store, render_one, &r, &err);
            kring_error late;
            /* A worker's failure is of a case before the one in hand. */
            if (cli_workers_finish(r.workers, &late) && !r.refused) {
                err = late;
                rc = late.code;
            }
            r.workers = NULL;
            if (rc)
                status = r.refused ? CLI_USAGE : cli_fail(cli, &err);
            kring_store_close(store);
        }
        cli_workers_finish(r.workers, NULL);
    } else if (r.snapshot != NULL || r.diff != NULL) {
        if (r.format != KRING_FORMAT_DOT) {
            if (file == NULL)
                cli_preload_store(cli); /* as load_one() */
            kring_renderer_start(r.renderer);
        }
        status = render_moment(&r, code, file);
    } else if ((status = load_one(&r, code, file, &c)) == CLI_OK) {
        if (render_one(c, &r, &err))
            status = cli_fail(cli, &err);
        kring_case_free(c);
    }
    kring_renderer_free(r.renderer);
    return status;
}

const struct cli_command cmd_render = {
    .name = "render",
    .spec = render_spec,
    .usage = render_usage,
    .min_pos = -1,
    .max_pos = -1,
    .run = run_render,
};
