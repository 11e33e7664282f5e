/* Helpers for the tests (see helpers.h). */
#include "helpers.h"

#include <criterion/criterion.h>
#include <ctype.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "kring/kring.h"

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

int t_pg(void)
{
    const char *v = getenv("KRING_TEST_DB");

    return v != NULL && strcmp(v, "postgresql") == 0;
}

/* The schema of the store t_db() names by DIR and NAME: letters, digits
 * and _ of both, lowercase. */
static void schema_of(const char *dir, const char *name, char *out, size_t n)
{
    const char *base = strrchr(dir, '/');
    size_t k = 0;
    const char *p;

    base = base != NULL ? base + 1 : dir;
    k += (size_t)snprintf(out, n, "t_");
    for (p = base; *p && k + 1 < n; p++)
        out[k++] = isalnum((unsigned char)*p) ? (char)tolower(*p) : '_';
    if (k + 1 < n)
        out[k++] = '_';
    for (p = name; *p && k + 1 < n; p++)
        out[k++] = isalnum((unsigned char)*p) ? (char)tolower(*p) : '_';
    out[k] = '\0';
}

const char *t_db(const char *dir, const char *name)
{
    static char ring[8][512];
    static int next;
    char *buf, schema[64];

    if (!t_pg())
        return t_path(dir, name);
    buf = ring[next++ % 8];
    schema_of(dir, name, schema, sizeof schema);
    /* PGHOST, PGPORT, PGUSER and PGDATABASE (pg_virtualenv) say where. */
    snprintf(buf, sizeof ring[0],
             "postgresql:///?options=-c%%20kring.schema%%3D%s", schema);
    return buf;
}

/* The schema a postgresql:// address of t_db() names, into OUT; 0 if it
 * is not one. */
static int pg_schema(const char *where, char *out, size_t n)
{
    const char *p = strstr(where, "kring.schema%3D");

    if (strncmp(where, "postgresql://", 13) != 0 || p == NULL)
        return 0;
    p += strlen("kring.schema%3D");
    snprintf(out, n, "%.*s", (int)strcspn(p, "&"), p);
    return 1;
}

void t_db_make(const char *db)
{
    kring_store *s = NULL;

    if (kring_store_open(db, 0, &s, NULL) == KRING_OK)
        kring_store_close(s);
}

const char *t_schema(const char *db)
{
    static char schema[64];

    return pg_schema(db, schema, sizeof schema) ? schema : NULL;
}

/* A connection to the database of WHERE with kring's schema first on the
 * search_path; NULL if it cannot be made. */
static PGconn *pg_connect(const char *where, const char *schema)
{
    PGconn *c = PQconnectdb(where);
    char sql[128];

    if (PQstatus(c) != CONNECTION_OK) {
        PQfinish(c);
        return NULL;
    }
    snprintf(sql, sizeof sql, "SET search_path = %s", schema);
    PQclear(PQexec(c, sql));
    return c;
}

/* t_dump_db() of a PostgreSQL store: "" when its schema does not exist. */
static char *pg_dump_db(const char *where, const char *schema)
{
    static const char *const tables[][2] = {{"cases", "code"},
                                            {"people", "case_code, seq"},
                                            {"ties", "case_code, seq"},
                                            {"snapshots", "made"},
                                            {"choices", "made"}};
    PGconn *c = pg_connect(where, schema);
    PGresult *r;
    char *buf = NULL, sql[160];
    size_t len = 0, i;
    int exists, row, col;
    FILE *f;

    if (c == NULL)
        return strdup("(cannot connect)");
    snprintf(sql, sizeof sql, "SELECT 1 FROM pg_namespace WHERE nspname = '%s'",
             schema);
    r = PQexec(c, sql);
    exists = PQntuples(r) == 1;
    PQclear(r);
    if (!exists) {
        PQfinish(c);
        return strdup("");
    }
    f = open_memstream(&buf, &len);
    for (i = 0; i < sizeof tables / sizeof tables[0]; i++) {
        snprintf(sql, sizeof sql, "SELECT * FROM %s ORDER BY %s", tables[i][0],
                 tables[i][1]);
        fprintf(f, "[%s]\n", tables[i][0]);
        r = PQexec(c, sql);
        if (PQresultStatus(r) != PGRES_TUPLES_OK)
            fprintf(f, "(no table)\n");
        for (row = 0; row < PQntuples(r); row++) {
            for (col = 0; col < PQnfields(r); col++)
                fprintf(f, "%s%s", col ? "|" : "",
                        PQgetisnull(r, row, col) ? "NULL"
                                                 : PQgetvalue(r, row, col));
            fputc('\n', f);
        }
        PQclear(r);
    }
    PQfinish(c);
    fclose(f);
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

bool t_db_empty(const char *path)
{
    char *dump = t_dump_db(path);
    bool empty = dump[0] == '\0';

    free(dump);
    return empty;
}

char *t_dump_db(const char *path)
{
    static const char *const tables[] = {"cases", "people", "ties", "snapshots",
                                         "choices"};
    sqlite3 *db = NULL;
    char *buf = NULL;
    size_t len = 0, i;
    char schema[64];
    FILE *f;

    if (pg_schema(path, schema, sizeof schema))
        return pg_dump_db(path, schema);
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

    snprintf(path, sizeof path, "%s", t_db(dir, "k.db"));
    free(dir);
    r = t_cli(NULL, "--db", path, "import", "samples/2026-014-noah.json", NULL);
    if (r.status != 0)
        fprintf(stderr, "setup failed: %s", r.err);
    t_run_free(&r);
    return path;
}

int t_sql_exec(const char *path, const char *sql)
{
    char schema[64];
    sqlite3 *db;
    int rc;

    if (pg_schema(path, schema, sizeof schema)) {
        PGconn *c = pg_connect(path, schema);
        PGresult *r = c ? PQexec(c, sql) : NULL;
        const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
        if (r != NULL && (PQresultStatus(r) == PGRES_COMMAND_OK ||
                          PQresultStatus(r) == PGRES_TUPLES_OK))
            rc = SQLITE_OK;
        else if (state != NULL &&
                 (strncmp(state, "22", 2) == 0 || strncmp(state, "23", 2) == 0))
            rc = SQLITE_CONSTRAINT;
        else
            rc = SQLITE_ERROR;
        PQclear(r);
        PQfinish(c);
        return rc;
    }
    sqlite3_open(path, &db);
    sqlite3_exec(db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
    rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
    sqlite3_close(db);
    return rc;
}

long long t_sql_int(const char *path, const char *sql)
{
    char schema[64];
    long long v = -1;
    sqlite3 *db;
    sqlite3_stmt *st;

    if (pg_schema(path, schema, sizeof schema)) {
        PGconn *c = pg_connect(path, schema);
        PGresult *r = c ? PQexec(c, sql) : NULL;
        if (r != NULL && PQresultStatus(r) == PGRES_TUPLES_OK &&
            PQntuples(r) > 0 && !PQgetisnull(r, 0, 0))
            v = strcmp(PQgetvalue(r, 0, 0), "t") == 0 ? 1
                : strcmp(PQgetvalue(r, 0, 0), "f") == 0
                    ? 0
                    : strtoll(PQgetvalue(r, 0, 0), NULL, 10);
        PQclear(r);
        PQfinish(c);
        return v;
    }
    sqlite3_open(path, &db);
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

/* The address of DB as kring server's role (made and granted here, its
 * name from the schema's): the connection SETs that ROLE, which owns no
 * table, so that row-level security binds it. */
const char *t_as_server(const char *db)
{
    static char where[600], role[80];
    const char *schema = t_schema(db);
    char sql[300];
    struct t_run r;

    snprintf(role, sizeof role, "%.60s_srv", schema);
    snprintf(sql, sizeof sql,
             "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE "
             "rolname = '%s') THEN CREATE ROLE %s; END IF; END $$",
             role, role);
    cr_assert_eq(t_sql_exec(db, sql), 0);
    r = t_cli(NULL, "--db", db, "db", "grant", role, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    t_run_free(&r);
    snprintf(where, sizeof where, "%s%%20-c%%20role%%3D%s", db, role);
    return where;
}
