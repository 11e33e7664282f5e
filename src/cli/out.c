/* What the commands share beyond options: opening the store, loading a
 * case, aligned tables and JSON strings. */
#include <dlfcn.h>
#include <libintl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "cli.h"
#include "oidc.h"

#define _(s) dgettext("kring", s)

/* Messages may quote a file's text: shown as cli_shown() shows it. */
int cli_fail(struct cli *cli, const kring_error *err)
{
    fprintf(cli->io->err, "kring: %s\n", cli_shown(cli, err->text));
    return CLI_DATA;
}

int cli_failf(struct cli *cli, const char *fmt, ...)
{
    va_list ap, again;
    char *text = NULL;
    int n;

    va_start(ap, fmt);
    va_copy(again, ap);
    n = vsnprintf(NULL, 0, fmt, ap);
    if (n >= 0 && (text = malloc((size_t)n + 1)) != NULL)
        vsnprintf(text, (size_t)n + 1, fmt, again);
    va_end(again);
    va_end(ap);
    fprintf(cli->io->err, "kring: %s\n",
            text ? cli_shown(cli, text) : _("out of memory"));
    free(text);
    return CLI_DATA;
}

void cli_preload_store(struct cli *cli)
{
    kring_error err;
    char *path = NULL;
    const char *db = cli->db;

    if (db == NULL || db[0] == '\0')
        db = path = kring_store_default_path(&err);
    /* A failure is said by the open that follows. */
    if (db != NULL)
        kring_store_preload(db, &err);
    free(path);
}

int cli_open_store(struct cli *cli, unsigned flags, kring_store **out)
{
    kring_error err;
    char *path = NULL;
    const char *db = cli->db;
    kring_status rc;

    if (db == NULL || db[0] == '\0') {
        if ((path = kring_store_default_path(&err)) == NULL)
            return cli_fail(cli, &err);
        db = path;
    }
    if (cli->shared_ok)
        flags |= KRING_STORE_SHARED_OK;
    rc = kring_store_open(db, flags, out, &err);
    if (rc == KRING_OK && cli->command[0] != '\0' &&
        (rc = kring_store_set_command(*out, cli->command, &err)) != KRING_OK) {
        kring_store_close(*out);
        *out = NULL;
    }
    if (rc != KRING_OK) {
        /* An address is shown without its password. */
        char *shown = kring_store_shown(db);
        fprintf(cli->io->err, "kring: %s: %s\n",
                cli_shown(cli, shown ? shown : "?"), cli_shown(cli, err.text));
        free(shown);
        free(path);
        return CLI_DATA;
    }
    free(path);
    return CLI_OK;
}

int cli_check_output(struct cli *cli, const char *path)
{
    kring_error err;
    char *dflt = NULL;
    const char *db = cli->db;
    int status = CLI_OK;

    if (path == NULL || strcmp(path, "-") == 0)
        return CLI_OK;
    /* Without a database path (no HOME) there is no database to spare. */
    if ((db == NULL || db[0] == '\0') &&
        (db = dflt = kring_store_default_path(&err)) == NULL)
        return CLI_OK;
    /* A database at an address is no file to overwrite. */
    if (kring_store_is_file(db) && kring_file_check_output(path, db, &err)) {
        fprintf(cli->io->err, "kring: %s\n", cli_shown(cli, err.text));
        status = CLI_USAGE;
    }
    free(dflt);
    return status;
}

int cli_read_casefile(struct cli *cli, const char *path, kring_case **out)
{
    kring_error err;
    kring_status rc;

    /* "-" is the standard input of this run (a memory stream in tests). */
    if (strcmp(path, "-") == 0)
        rc = kring_casefile_read(cli->io->in, "stdin", out, &err);
    else
        rc = kring_casefile_load(path, out, &err);
    return rc == KRING_OK ? CLI_OK : cli_fail(cli, &err);
}

int cli_enum_value(struct cli *cli, kring_enum e, const char *field,
                   const char *value, int *out)
{
    kring_error err;

    return kring_enum_value(e, field, value, out, &err) ? cli_fail(cli, &err)
                                                        : CLI_OK;
}

/* A whole number, or -1 for "" (not recorded) when OPTIONAL. */
int cli_int_value(struct cli *cli, const char *field, const char *value,
                  int optional, int *out)
{
    kring_error err;

    return kring_int_value(field, value, optional, out, &err)
               ? cli_fail(cli, &err)
               : CLI_OK;
}

static int load(struct cli *cli, const char *code, const char *file, int whole,
                kring_case **out)
{
    kring_store *store = NULL;
    kring_error err;
    int status;

    if (file != NULL)
        return cli_read_casefile(cli, file, out);
    if ((status = cli_open_store(cli, KRING_STORE_READONLY, &store)))
        return status;
    if (whole ? kring_store_load_case(store, code, out, &err)
              : kring_store_load_network(store, code, out, &err))
        status = cli_fail(cli, &err);
    kring_store_close(store);
    return status;
}

int cli_load_case(struct cli *cli, const char *code, const char *file,
                  kring_case **out)
{
    return load(cli, code, file, 1, out);
}

int cli_load_network(struct cli *cli, const char *code, const char *file,
                     kring_case **out)
{
    return load(cli, code, file, 0, out);
}

const char *cli_counts(char *buf, size_t cap, size_t people, size_t ties)
{
    int n = snprintf(buf, cap,
                     dngettext("kring", "%zu person, ", "%zu people, ",
                               (unsigned long)people),
                     people);

    if (n >= 0 && (size_t)n < cap)
        snprintf(buf + n, cap - (size_t)n,
                 dngettext("kring", "%zu tie", "%zu ties", (unsigned long)ties),
                 ties);
    return buf;
}

const char *cli_shown(struct cli *cli, const char *s)
{
    char *e;

    if (s == NULL)
        return NULL;
    if (kring_controls_escape(s, 1, &e))
        return "?";
    if (e == NULL)
        return s;
    free(cli->shown[cli->n_shown % CLI_SHOWN_MAX]);
    cli->shown[cli->n_shown++ % CLI_SHOWN_MAX] = e;
    return e;
}

void cli_shown_release(struct cli *cli)
{
    int i;

    for (i = 0; i < CLI_SHOWN_MAX; i++) {
        free(cli->shown[i]);
        cli->shown[i] = NULL;
    }
}

struct table {
    int ncols;
    size_t nrows, cap;
    char **cells; /* row-major, ncols per row; row 0 is the heading */
};

struct table *table_new(int ncols, const char *const *heads)
{
    struct table *t = calloc(1, sizeof *t);

    if (t == NULL)
        return NULL;
    t->ncols = ncols;
    table_add(t, heads);
    return t;
}

/* A cell is one line: control characters, line feeds and tabs too, are
 * shown escaped. A copy, the caller's to free (NULL out of memory). */
static char *cell_copy(const char *cell)
{
    char *e;

    if (cell == NULL)
        cell = "";
    if (kring_controls_escape(cell, 0, &e))
        e = strdup("?");
    return e ? e : strdup(cell);
}

void table_add(struct table *t, const char *const *cells)
{
    int i;

    if (t == NULL)
        return;
    if (t->nrows == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 16;
        char **more = realloc(t->cells, cap * (size_t)t->ncols * sizeof *more);
        if (more == NULL)
            return;
        t->cells = more;
        t->cap = cap;
    }
    for (i = 0; i < t->ncols; i++)
        t->cells[t->nrows * (size_t)t->ncols + (size_t)i] = cell_copy(cells[i]);
    t->nrows++;
}

/* Width on screen, counted in characters (UTF-8 lead bytes). */
static size_t width(const char *s)
{
    size_t n = 0;

    for (; s && *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

const char *cli_colour(const struct cli *cli, enum cli_colour c)
{
    /* Select Graphic Rendition: bold, green, yellow, red, reset. */
    static const char *const sgr[] = {"\033[1m", "\033[32m", "\033[33m",
                                      "\033[31m", "\033[0m"};

    return cli->io->colour && (unsigned)c < sizeof sgr / sizeof sgr[0] ? sgr[c]
                                                                       : "";
}

/* Widens W to ROW's cells (escaped already). */
static void measure(size_t *w, int ncols, const char *const *row)
{
    int c;

    for (c = 0; c < ncols && c < TABLE_COLS; c++)
        if (width(row[c]) > w[c])
            w[c] = width(row[c]);
}

/* Prints ROW (escaped already) in columns W wide, with HEADING in bold. */
static void print_row(const struct cli *cli, const size_t *w, int ncols,
                      const char *const *row, int heading)
{
    FILE *out = cli->io->out;
    size_t k;
    int c, last;

    /* No padding after the last cell that has text: a line never ends in
     * spaces. */
    for (last = ncols - 1; last > 0 && (!row[last] || !*row[last]);)
        last--;
    if (heading)
        fputs(cli_colour(cli, CLI_BOLD), out);
    for (c = 0; c <= last && c < TABLE_COLS; c++) {
        fputs(row[c] ? row[c] : "", out);
        if (c < last)
            for (k = width(row[c]); k < w[c] + 2; k++)
                fputc(' ', out);
    }
    if (heading)
        fputs(cli_colour(cli, CLI_PLAIN), out);
    fputc('\n', out);
}

void table_print(struct table *t, const struct cli *cli)
{
    size_t w[TABLE_COLS] = {0}, r;

    if (t == NULL)
        return;
    for (r = 0; r < t->nrows; r++)
        measure(w, t->ncols,
                (const char *const *)t->cells + r * (size_t)t->ncols);
    for (r = 0; r < t->nrows; r++)
        print_row(cli, w, t->ncols,
                  (const char *const *)t->cells + r * (size_t)t->ncols, r == 0);
}

/* CELLS escaped into COPY (NCOLS of them, each the caller's to free);
 * -1 out of memory, with nothing to free. */
static int copy_row(int ncols, const char *const *cells, char **copy)
{
    int c;

    for (c = 0; c < ncols && c < TABLE_COLS; c++)
        if ((copy[c] = cell_copy(cells[c])) == NULL) {
            while (c-- > 0)
                free(copy[c]);
            return -1;
        }
    return 0;
}

static void free_row(int ncols, char **copy)
{
    int c;

    for (c = 0; c < ncols && c < TABLE_COLS; c++)
        free(copy[c]);
}

void table_widths_init(struct table_widths *tw, int ncols,
                       const char *const *heads)
{
    memset(tw, 0, sizeof *tw);
    tw->ncols = ncols < TABLE_COLS ? ncols : TABLE_COLS;
    table_measure(tw, heads);
}

int table_measure(struct table_widths *tw, const char *const *cells)
{
    char *copy[TABLE_COLS];

    if (copy_row(tw->ncols, cells, copy))
        return -1;
    measure(tw->w, tw->ncols, (const char *const *)copy);
    free_row(tw->ncols, copy);
    return 0;
}

int table_print_row(const struct table_widths *tw, const struct cli *cli,
                    const char *const *cells, int heading)
{
    char *copy[TABLE_COLS];

    if (copy_row(tw->ncols, cells, copy))
        return -1;
    print_row(cli, tw->w, tw->ncols, (const char *const *)copy, heading);
    free_row(tw->ncols, copy);
    return 0;
}

void table_free(struct table *t)
{
    size_t i;

    if (t == NULL)
        return;
    for (i = 0; i < t->nrows * (size_t)t->ncols; i++)
        free(t->cells[i]);
    free(t->cells);
    free(t);
}

const void *cli_module(struct cli *cli, const char *file, const char *env,
                       const char *symbol)
{
    const void *(*get)(void);
    char path[PATH_MAX + 32];
    void *module;

    if (!kring_module_find(file, env, path, sizeof path)) {
        cli_failf(cli, _("%s is not installed"), path);
        return NULL;
    }
    if ((module = dlopen(path, RTLD_NOW | RTLD_LOCAL)) == NULL) {
        cli_failf(cli, "%s", dlerror());
        return NULL;
    }
    *(void **)&get = dlsym(module, symbol);
    if (get == NULL || get() == NULL) {
        cli_failf(cli, _("%s cannot be used"), path);
        return NULL;
    }
    return get();
}

const struct ka_api *cli_auth(struct cli *cli)
{
    static const struct ka_api *api;
    const struct ka_api *a;

    if (api != NULL)
        return api;
    if ((a = cli_module(cli, "kring-auth.so", "KRING_AUTH", "ka_api")) == NULL)
        return NULL;
    if (a->init() != 0) {
        cli_failf(cli, _("%s cannot be used"), "kring-auth.so");
        return NULL;
    }
    api = a;
    return api;
}

const struct ko_api *cli_oidc(struct cli *cli)
{
    static const struct ko_api *api;
    const struct ko_api *a;

    if (api != NULL)
        return api;
    if ((a = cli_module(cli, "kring-oidc.so", "KRING_OIDC", "ko_api")) == NULL)
        return NULL;
    if (a->init() != 0) {
        cli_failf(cli, _("%s cannot be used"), "kring-oidc.so");
        return NULL;
    }
    api = a;
    return api;
}
