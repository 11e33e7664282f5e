/* Helpers for the tests (see helpers.h). */
#include "helpers.h"

#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

const char *const t_samples[T_SAMPLES] = {
    "samples/2026-014-noah.json", "samples/2026-027-jesse.json",
    "samples/2026-033-sara.json", "samples/2026-041-kevin.json"};
const char *const t_sample_codes[T_SAMPLES] = {"2026-014", "2026-027",
                                               "2026-033", "2026-041"};

char *t_tmpdir(void)
{
    const char *base = getenv("TMPDIR");
    char tmpl[512];
    char *d;

    /* Under $TMPDIR, which tests/run.sh makes for one run and removes. */
    snprintf(tmpl, sizeof tmpl, "%s/kring-test-XXXXXX",
             base != NULL && base[0] != '\0' ? base : "/tmp");

    /* Files the tests make are private, as kring's own are: kring refuses
     * a database others can read (docs/security.md). */
    umask(077);
    d = mkdtemp(tmpl);

    return d ? strdup(d) : NULL;
}

const char *t_path(const char *dir, const char *name)
{
    static char ring[8][512];
    static int next;
    char *buf = ring[next++ % 8];

    snprintf(buf, sizeof ring[0], "%s/%s", dir, name);
    return buf;
}

/* What a run's standard streams are (bits). */
enum { IN_TTY = 1, OUT_COLOUR = 2 };

static struct t_run run(const char *in, int how, va_list ap)
{
    struct t_run r = {0, NULL, NULL};
    char *argv[64];
    int argc = 0;
    size_t outlen, errlen;
    const char *a;
    struct cli_io io;

    memset(&io, 0, sizeof io);
    argv[argc++] = "kring";
    while ((a = va_arg(ap, const char *)) != NULL && argc < 63)
        argv[argc++] = (char *)a;
    argv[argc] = NULL;
    io.in = tmpfile();
    if (in != NULL)
        fputs(in, io.in);
    rewind(io.in);
    io.out = open_memstream(&r.out, &outlen);
    io.err = open_memstream(&r.err, &errlen);
    io.in_tty = (how & IN_TTY) != 0;
    io.colour = (how & OUT_COLOUR) != 0;
    r.status = cli_run(argc, argv, &io);
    fclose(io.in);
    fclose(io.out);
    fclose(io.err);
    return r;
}

struct t_run t_cli(const char *in, ...)
{
    struct t_run r;
    va_list ap;

    va_start(ap, in);
    r = run(in, 0, ap);
    va_end(ap);
    return r;
}

struct t_run t_cli_tty(const char *in, ...)
{
    struct t_run r;
    va_list ap;

    va_start(ap, in);
    r = run(in, IN_TTY, ap);
    va_end(ap);
    return r;
}

struct t_run t_cli_colour(const char *in, ...)
{
    struct t_run r;
    va_list ap;

    va_start(ap, in);
    r = run(in, OUT_COLOUR, ap);
    va_end(ap);
    return r;
}

void t_run_free(struct t_run *r)
{
    free(r->out);
    free(r->err);
    r->out = r->err = NULL;
}

char *t_dump_db(const char *path)
{
    static const char *const tables[] = {"cases", "people", "ties", "snapshots",
                                         "choices"};
    sqlite3 *db = NULL;
    char *buf = NULL;
    size_t len = 0, i;
    FILE *f;

    if (access(path, F_OK) != 0)
        return strdup("");
    f = open_memstream(&buf, &len);
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
        for (i = 0; i < sizeof tables / sizeof tables[0]; i++) {
            char sql[128];
            sqlite3_stmt *st = NULL;
            snprintf(sql, sizeof sql, "SELECT * FROM %s ORDER BY rowid",
                     tables[i]);
            fprintf(f, "[%s]\n", tables[i]);
            if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
                fprintf(f, "(no table)\n");
                continue;
            }
            while (sqlite3_step(st) == SQLITE_ROW) {
                int c;
                for (c = 0; c < sqlite3_column_count(st); c++) {
                    const unsigned char *v = sqlite3_column_text(st, c);
                    fprintf(f, "%s%s", c ? "|" : "",
                            v ? (const char *)v : "NULL");
                }
                fputc('\n', f);
            }
            sqlite3_finalize(st);
        }
    }
    sqlite3_close(db);
    fclose(f);
    return buf;
}

char *t_read(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;

    if (f == NULL)
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    if (buf != NULL && fread(buf, 1, (size_t)n, f) == (size_t)n) {
        buf[n] = '\0';
        if (len)
            *len = (size_t)n;
    } else {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    return buf;
}

void t_write(const char *path, const char *data)
{
    FILE *f = fopen(path, "wb");

    if (f != NULL) {
        fputs(data, f);
        fclose(f);
    }
}

int t_mode(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0 ? (int)(st.st_mode & 07777) : -1;
}

const char *t_noah_db(void)
{
    static char path[256];
    char *dir = t_tmpdir();
    struct t_run r;

    snprintf(path, sizeof path, "%s/k.db", dir);
    free(dir);
    r = t_cli(NULL, "--db", path, "import", "samples/2026-014-noah.json", NULL);
    if (r.status != 0)
        fprintf(stderr, "setup failed: %s", r.err);
    t_run_free(&r);
    return path;
}

int t_sql_exec(const char *path, const char *sql)
{
    sqlite3 *db;
    int rc;

    sqlite3_open(path, &db);
    sqlite3_exec(db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
    rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
    sqlite3_close(db);
    return rc;
}
