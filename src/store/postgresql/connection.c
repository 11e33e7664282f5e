/* The PostgreSQL backend's connection: the address checked (no password on
 * the command line), connecting, kring's schema found, made or migrated,
 * transactions and savepoints, statements run with their parameters, and
 * PostgreSQL's errors in kring's words. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "pg_internal.h"

/* How long a writer waits for another's lock on the same case before it
 * says the database is busy (docs/store.md; SQLite's busy timeout). */
#define LOCK_TIMEOUT "60s"
/* How long a connection is tried before the server counts as unreachable,
 * unless the address says (connect_timeout). */
#define CONNECT_TIMEOUT "10"

/* --- parameters --------------------------------------------------------- */

void kr_param_text(kr_params *p, const char *v)
{
    p->v[p->n++] = v;
}

void kr_param_int(kr_params *p, long long v)
{
    snprintf(p->num[p->n], sizeof p->num[p->n], "%lld", v);
    p->v[p->n] = p->num[p->n];
    p->n++;
}

void kr_param_int_or_null(kr_params *p, long long v, long long unknown)
{
    if (v == unknown)
        kr_param_text(p, NULL);
    else
        kr_param_int(p, v);
}

void kr_param_real_or_null(kr_params *p, double v)
{
    if (v < 0) {
        kr_param_text(p, NULL);
        return;
    }
    /* 17 significant digits give back the same double. */
    snprintf(p->num[p->n], sizeof p->num[p->n], "%.17g", v);
    p->v[p->n] = p->num[p->n];
    p->n++;
}

void kr_param_bool(kr_params *p, int v)
{
    kr_param_text(p, v ? "t" : "f");
}

void kr_param_enum(kr_params *p, kring_enum e, int v)
{
    kr_param_text(p, kring_enum_name(e, v));
}

long long kr_pg_int(const PGresult *r, int row, int col, long long unknown)
{
    return PQgetisnull(r, row, col)
               ? unknown
               : strtoll(PQgetvalue(r, row, col), NULL, 10);
}

int kr_pg_dup(const PGresult *r, int row, int col, int empty, char **out)
{
    if (PQgetisnull(r, row, col) && !empty) {
        *out = NULL;
        return 0;
    }
    *out = kr_strdup(PQgetisnull(r, row, col) ? "" : PQgetvalue(r, row, col));
    return *out == NULL;
}

/* --- errors ------------------------------------------------------------- */

/* The first line of libpq's message M, into BUF. */
static const char *first_line(const char *m, char *buf, size_t n)
{
    size_t len;

    if (m == NULL)
        m = "";
    while (strncmp(m, "ERROR:  ", 8) == 0 || strncmp(m, "FATAL:  ", 8) == 0)
        m += 8;
    len = strcspn(m, "\n");
    snprintf(buf, n, "%.*s", (int)len, m);
    return buf;
}

kring_status kr_pg_error(kring_store *s, PGresult *res, kring_error *err)
{
    const char *state =
        res != NULL ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    char msg[400];

    first_line(res != NULL ? PQresultErrorMessage(res)
                           : PQerrorMessage(PG(s)->conn),
               msg, sizeof msg);
    snprintf(PG(s)->state, sizeof PG(s)->state, "%s", state ? state : "");
    if (PQstatus(PG(s)->conn) != CONNECTION_OK ||
        (state != NULL && strncmp(state, "08", 2) == 0) ||
        (state != NULL && strncmp(state, "57P", 3) == 0))
        return kr_error_set(err, KRING_ERR_IO,
                            _("the connection to the database %s was lost "
                              "(%s); nothing was changed"),
                            PG(s)->shown, msg);
    if (state == NULL)
        return kr_error_set(err, KRING_ERR_DB, _("database error: %s"), msg);
    s->retryable = strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0;
    if (s->retryable || strcmp(state, "55P03") == 0)
        return kr_error_set(err, KRING_ERR_BUSY, "%s",
                            _("the database is busy: others kept changing "
                              "the same case; nothing was changed, try "
                              "again"));
    if (strcmp(state, "53100") == 0 || strcmp(state, "53200") == 0)
        return kr_error_set(err, KRING_ERR_IO, "%s",
                            _("the disk or the database is full; nothing "
                              "was changed"));
    if (strcmp(state, "25006") == 0)
        return kr_error_set(err, KRING_ERR_IO,
                            _("the database %s is read-only (a standby?); "
                              "nothing was changed: give an address that "
                              "reaches the primary "
                              "(target_session_attrs=read-write)"),
                            PG(s)->shown);
    if (strcmp(state, "42501") == 0)
        return kr_error_set(err, KRING_ERR_IO,
                            _("kring's account may not do this in the "
                              "database %s (%s); nothing was changed "
                              "(docs/deploy.md)"),
                            PG(s)->shown, msg);
    if (strncmp(state, "23", 2) == 0)
        return kr_error_set(err, KRING_ERR_INVALID,
                            _("the database refused the change: %s"), msg);
    return kr_error_set(err, KRING_ERR_DB, _("database error: %s"), msg);
}

/* --- statements --------------------------------------------------------- */

kring_status kr_pg_run(kring_store *s, const char *sql, const kr_params *p,
                       PGresult **res, kring_error *err)
{
    /* Without parameters, SQL may be several statements (PQexec). */
    PGresult *r =
        p == NULL ? PQexec(PG(s)->conn, sql) : kr_pg_run_prepared(s, sql, p);
    ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    kring_status rc;

    if (res != NULL)
        *res = NULL;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
        if (res != NULL)
            *res = r;
        else
            PQclear(r);
        return KRING_OK;
    }
    rc = r == NULL && PQstatus(PG(s)->conn) == CONNECTION_OK
             ? kr_nomem(err)
             : kr_pg_error(s, r, err);
    PQclear(r);
    return rc;
}

kring_status kr_pg_changed(kring_store *s, const char *sql, const kr_params *p,
                           long *n, kring_error *err)
{
    PGresult *r = NULL;
    kring_status rc = kr_pg_run(s, sql, p, &r, err);

    *n = rc == KRING_OK ? strtol(PQcmdTuples(r), NULL, 10) : 0;
    PQclear(r);
    return rc;
}

static kring_status run(kring_store *s, const char *sql, kring_error *err)
{
    return kr_pg_run(s, sql, NULL, NULL, err);
}

kring_status kr_pg_copy_in(kring_store *s, const char *sql, const char *rows,
                           size_t len, kring_error *err)
{
    PGconn *conn = PG(s)->conn;
    PGresult *r = PQexec(conn, sql);
    kring_status rc = KRING_OK;
    size_t at, chunk;
    int sent = 1;

    if (r == NULL || PQresultStatus(r) != PGRES_COPY_IN) {
        rc = r == NULL && PQstatus(conn) == CONNECTION_OK
                 ? kr_nomem(err)
                 : kr_pg_error(s, r, err);
        PQclear(r);
        return rc;
    }
    PQclear(r);
    /* PQputCopyData() takes an int's worth at a time. */
    for (at = 0; sent == 1 && at < len; at += chunk) {
        chunk = len - at < (1u << 20) ? len - at : (1u << 20);
        sent = PQputCopyData(conn, rows + at, (int)chunk);
    }
    if (sent != 1 || PQputCopyEnd(conn, NULL) != 1)
        rc = kr_pg_error(s, NULL, err);
    /* The statement's result, then NULL. */
    while ((r = PQgetResult(conn)) != NULL) {
        if (rc == KRING_OK && PQresultStatus(r) != PGRES_COMMAND_OK)
            rc = kr_pg_error(s, r, err);
        PQclear(r);
    }
    return rc;
}

kring_status kr_pg_pipe_start(kring_store *s, kr_pipe *pp, kring_error *err)
{
    pp->sent = 0;
    pp->failed = 0;
    if (PQenterPipelineMode(PG(s)->conn) != 1)
        return kr_pg_error(s, NULL, err);
    return KRING_OK;
}

void kr_pg_pipe_send(kring_store *s, kr_pipe *pp, const char *sql,
                     const kr_params *p)
{
    if (pp->failed)
        return;
    if (PQsendQueryParams(PG(s)->conn, sql, p ? p->n : 0, NULL, p ? p->v : NULL,
                          NULL, NULL, 0) != 1)
        pp->failed = 1;
    else
        pp->sent++;
}

void kr_pg_pipe_send_n(kring_store *s, kr_pipe *pp, const char *sql, int n,
                       const char *const *v)
{
    if (pp->failed)
        return;
    if (PQsendQueryParams(PG(s)->conn, sql, n, NULL, v, NULL, NULL, 0) != 1)
        pp->failed = 1;
    else
        pp->sent++;
}

kring_status kr_pg_pipe_end(kring_store *s, kr_pipe *pp, PGresult **out, int n,
                            kring_error *err)
{
    kring_status rc = KRING_OK;
    PGresult *r;
    int i;

    for (i = 0; out != NULL && i < n; i++)
        out[i] = NULL;
    pp->failed_at = -1;
    if (PQpipelineSync(PG(s)->conn) != 1)
        pp->failed = 1;
    /* Each statement's result, then NULL; then the sync's. */
    for (i = 0; i < pp->sent; i++) {
        while ((r = PQgetResult(PG(s)->conn)) != NULL) {
            ExecStatusType st = PQresultStatus(r);
            if (rc == KRING_OK && st != PGRES_COMMAND_OK &&
                st != PGRES_TUPLES_OK && st != PGRES_PIPELINE_ABORTED) {
                rc = kr_pg_error(s, r, err);
                pp->failed_at = i;
            }
            if (out != NULL && i < n && out[i] == NULL &&
                (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK))
                out[i] = r;
            else
                PQclear(r);
        }
    }
    while ((r = PQgetResult(PG(s)->conn)) != NULL) {
        int sync = PQresultStatus(r) == PGRES_PIPELINE_SYNC;
        PQclear(r);
        if (sync)
            break;
    }
    if (PQexitPipelineMode(PG(s)->conn) != 1 && rc == KRING_OK)
        rc = kr_pg_error(s, NULL, err);
    if (rc == KRING_OK && pp->failed)
        rc = kr_pg_error(s, NULL, err);
    if (rc != KRING_OK)
        for (i = 0; out != NULL && i < n; i++) {
            PQclear(out[i]);
            out[i] = NULL;
        }
    return rc;
}

/* Runs SQL and forgets how it went (a rollback after an error). */
static void run_quiet(kring_store *s, const char *sql)
{
    PQclear(PQexec(PG(s)->conn, sql));
}

/* --- the address -------------------------------------------------------- */

/* Refuses an address that holds a password: kring takes it only from
 * libpq's own means, never from a command line others can see (ps). */
static kring_status check_address(const char *where, kring_error *err)
{
    char *msg = NULL;
    PQconninfoOption *opts = PQconninfoParse(where, &msg), *o;
    kring_status rc = KRING_OK;

    if (opts == NULL) {
        /* Shown without a password it may hold. */
        char line[300], *shown = kring_store_shown(where);
        rc = kr_error_set(
            err, KRING_ERR_INVALID, _("'%s' is not a PostgreSQL address: %s"),
            shown ? shown : "?",
            msg ? first_line(msg, line, sizeof line) : "out of memory");
        kr_free(shown);
        PQfreemem(msg);
        return rc;
    }
    for (o = opts; o->keyword != NULL; o++)
        if (strcmp(o->keyword, "password") == 0 && o->val != NULL)
            rc = kr_error_set(err, KRING_ERR_INVALID, "%s",
                              _("the database's address holds a password: "
                                "kring takes it only from ~/.pgpass, "
                                "PGPASSFILE or a service file, never from "
                                "the command line; remove it from the "
                                "address"));
    PQconninfoFree(opts);
    return rc;
}

/* The schema kring's tables are in: the setting kring.schema of the
 * address's options (-c kring.schema=NAME), else "kring". */
static kring_status find_schema(kring_store *s, kring_error *err)
{
    PGresult *r = NULL;
    kring_status rc;
    char *quoted;
    const char *name;
    char sql[200];

    rc = kr_pg_run(s,
                   "SELECT coalesce(nullif(current_setting('kring.schema', "
                   "true), ''), 'kring')",
                   NULL, &r, err);
    if (rc != KRING_OK)
        return rc;
    name = PQgetvalue(r, 0, 0);
    if (strlen(name) >= sizeof PG(s)->schema ||
        strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen(name)) {
        rc = kr_error_set(err, KRING_ERR_INVALID,
                          _("kring.schema '%s' is not a schema's name: "
                            "lowercase letters, digits and _"),
                          name);
        PQclear(r);
        return rc;
    }
    snprintf(PG(s)->schema, sizeof PG(s)->schema, "%s", name);
    PQclear(r);
    /* Only kring's schema and the system's: no other schema's function or
     * table can stand in for one of kring's. No JIT: the need-to-know
     * policies' subplans make the planner's costs of a one-row statement
     * look like a report's, and compiling it took 400 ms where running it
     * takes one (bench/README.md, server_load.js). */
    if ((quoted = PQescapeIdentifier(PG(s)->conn, PG(s)->schema,
                                     strlen(PG(s)->schema))) == NULL)
        return kr_nomem(err);
    snprintf(sql, sizeof sql,
             "SET search_path = %s, pg_catalog, pg_temp; "
             "SET lock_timeout = '" LOCK_TIMEOUT "'; SET jit = off",
             quoted);
    PQfreemem(quoted);
    return run(s, sql, err);
}

/* --- the schema --------------------------------------------------------- */

/* The version of kring's schema, 0 when there is none; refuses a schema
 * of that name that is not kring's. */
static kring_status schema_version(kring_store *s, int *version,
                                   kring_error *err)
{
    PGresult *r = NULL;
    kr_params p = {0};
    kring_status rc;
    int has_schema, has_marker, tables;

    *version = 0;
    kr_param_text(&p, PG(s)->schema);
    /* The tables are counted only without the marker: pg_class has no
     * index by schema, and a database of many schemas made every open
     * read all of it (100 ms at 60,000 of its rows). */
    rc = kr_pg_run(s,
                   "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname "
                   "= $1), to_regclass(quote_ident($1) || '.kring_schema') "
                   "IS NOT NULL, CASE WHEN to_regclass(quote_ident($1) || "
                   "'.kring_schema') IS NULL THEN (SELECT count(*) FROM "
                   "pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                   "WHERE n.nspname = $1 AND c.relkind IN ('r', 'p')) ELSE 0 "
                   "END",
                   &p, &r, err);
    if (rc != KRING_OK)
        return rc;
    has_schema = strcmp(PQgetvalue(r, 0, 0), "t") == 0;
    has_marker = strcmp(PQgetvalue(r, 0, 1), "t") == 0;
    tables = atoi(PQgetvalue(r, 0, 2));
    PQclear(r);
    if (!has_schema || (!has_marker && tables == 0))
        return KRING_OK;
    if (!has_marker)
        return kr_error_set(err, KRING_ERR_DB,
                            _("the schema '%s' of the database %s holds "
                              "tables of another program, not of kring"),
                            PG(s)->schema, PG(s)->shown);
    if ((rc = kr_pg_run(s, "SELECT version FROM kring_schema", NULL, &r, err)))
        return rc;
    *version = PQntuples(r) == 1 ? atoi(PQgetvalue(r, 0, 0)) : 0;
    PQclear(r);
    if (*version > KR_PG_SCHEMA_VERSION)
        return kr_error_set(err, KRING_ERR_VERSION,
                            _("the database was written by a newer kring "
                              "(schema %d; this kring knows up to %d): "
                              "update kring"),
                            *version, KR_PG_SCHEMA_VERSION);
    return KRING_OK;
}

/* Makes kring's schema, or brings it up to this kring's version, in one
 * transaction that first locks out another kring doing the same. */
static kring_status migrate(kring_store *s, kring_error *err)
{
    char sql[200], *quoted;
    kring_status rc;
    int version = 0, i;

    if ((rc = run(s, "BEGIN", err)))
        return rc;
    /* Every kring that makes or migrates a schema of this database waits
     * here for the one before it, then reads the version again. */
    if ((rc = run(s, "SELECT pg_advisory_xact_lock(7235119)", err)) ||
        (rc = schema_version(s, &version, err)))
        goto out;
    if (version == 0) {
        quoted = PQescapeIdentifier(PG(s)->conn, PG(s)->schema,
                                    strlen(PG(s)->schema));
        if (quoted == NULL) {
            rc = kr_nomem(err);
            goto out;
        }
        /* Private: nobody but the schema's owner (and those the
         * organisation grants) may look in (docs/deploy.md). */
        snprintf(sql, sizeof sql,
                 "CREATE SCHEMA IF NOT EXISTS %s; "
                 "REVOKE ALL ON SCHEMA %s FROM PUBLIC",
                 quoted, quoted);
        PQfreemem(quoted);
        if ((rc = run(s, sql, err)))
            goto out;
    }
    for (i = 0; i < kr_pg_migration_count; i++) {
        const char *const *step;
        if (kr_pg_migration_version[i] <= version)
            continue;
        for (step = kr_pg_migrations[i]; *step; step++)
            if ((rc = run(s, *step, err)))
                goto out;
    }
    if (version < KR_PG_SCHEMA_VERSION) {
        kr_params p = {0};
        kr_param_int(&p, KR_PG_SCHEMA_VERSION);
        rc = kr_pg_run(s,
                       "INSERT INTO kring_schema (application, version) "
                       "VALUES ('kring', $1) ON CONFLICT (only_row) DO "
                       "UPDATE SET version = excluded.version",
                       &p, NULL, err);
    }
    if (rc == KRING_OK)
        rc = run(s, "COMMIT", err);
out:
    if (rc != KRING_OK)
        run_quiet(s, "ROLLBACK");
    return rc;
}

/* PostgreSQL's notices (a NOTICE that a schema exists already) are not
 * for the user's terminal. */
static void no_notices(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

/* The database as messages name it: "NAME on HOST:PORT". */
static kring_status name_it(kring_store *s, kring_error *err)
{
    const char *host = PQhost(PG(s)->conn), *port = PQport(PG(s)->conn);
    const char *db = PQdb(PG(s)->conn);
    size_t n = 64 + (db ? strlen(db) : 0) + (host ? strlen(host) : 0) +
               (port ? strlen(port) : 0);

    if ((PG(s)->shown = kr_malloc(n)) == NULL)
        return kr_nomem(err);
    snprintf(PG(s)->shown, n, "'%s' on %s:%s", db ? db : "?",
             host && host[0] ? host : "localhost", port ? port : "?");
    return KRING_OK;
}

kring_status kr_pg_open(kring_store *s, const char *where, unsigned flags,
                        kring_error *err)
{
    const char *keys[] = {"connect_timeout", "fallback_application_name",
                          "dbname", NULL};
    const char *values[] = {CONNECT_TIMEOUT, "kring", where, NULL};
    int version = 0;
    kring_status rc;
    char line[400];

    (void)flags;
    if ((rc = kr_pq_load(err)) || (rc = check_address(where, err)))
        return rc;
    /* The address's own settings come after ours and win (libpq's
     * expand_dbname). */
    PG(s)->conn = PQconnectdbParams(keys, values, 1);
    if (PG(s)->conn == NULL)
        return kr_nomem(err);
    if (PQstatus(PG(s)->conn) != CONNECTION_OK) {
        first_line(PQerrorMessage(PG(s)->conn), line, sizeof line);
        /* A password missing or refused: where kring takes it from. */
        if (PQconnectionNeedsPassword(PG(s)->conn) ||
            PQconnectionUsedPassword(PG(s)->conn))
            return kr_error_set(err, KRING_ERR_IO,
                                _("cannot connect to the database: %s (the "
                                  "password comes from ~/.pgpass or "
                                  "PGPASSFILE; docs/store.md)"),
                                line);
        return kr_error_set(err, KRING_ERR_IO,
                            _("cannot connect to the database: %s"), line);
    }
    PQsetNoticeProcessor(PG(s)->conn, no_notices, NULL);
    if ((rc = name_it(s, err)) || (rc = find_schema(s, err)) ||
        (rc = schema_version(s, &version, err)))
        return rc;
    if (version == KR_PG_SCHEMA_VERSION) {
        PG(s)->current = 1;
        return KRING_OK;
    }
    if (s->readonly && version == 0)
        return kr_error_set(err, KRING_ERR_DB,
                            _("the database %s has no kring schema '%s' yet: "
                              "a command that writes (kring case new, kring "
                              "import) makes it, as an account that may "
                              "create it (docs/deploy.md)"),
                            PG(s)->shown, PG(s)->schema);
    if (s->readonly)
        return kr_error_set(err, KRING_ERR_VERSION, "%s",
                            _("the database has an older schema; run a "
                              "command that writes to update it"));
    if ((rc = migrate(s, err)) == KRING_OK)
        PG(s)->current = 1;
    return rc;
}

kring_status kr_pg_seal(kring_store *s, long long *n, kring_error *err)
{
    PGresult *r = NULL;
    kring_status rc;

    if (n != NULL)
        *n = 0;
    if (PQtransactionStatus(PG(s)->conn) != PQTRANS_IDLE)
        return KRING_OK;
    /* READ COMMITTED whatever the server's default: the seal must see the
     * chain's head as it is. */
    if ((rc = run(s, "BEGIN ISOLATION LEVEL READ COMMITTED", err)))
        return rc;
    rc = kr_pg_run(s, "SELECT audit_seal()", NULL, &r, err);
    if (rc == KRING_OK && n != NULL)
        *n = kr_pg_int(r, 0, 0, 0);
    PQclear(r);
    if (rc == KRING_OK)
        rc = run(s, "COMMIT", err);
    if (rc != KRING_OK)
        run_quiet(s, "ROLLBACK");
    return rc;
}

void kr_pg_close(kring_store *s)
{
    if (PG(s)->conn != NULL) {
        /* The lines this store wrote, into the access log's chain. */
        /* Only a store that may write: a walk over every case logs a
         * read of each, and its lines wait for the next seal rather than
         * making the walk slower (docs/security.md). */
        if (PG(s)->current && !s->readonly &&
            PQstatus(PG(s)->conn) == CONNECTION_OK &&
            PQtransactionStatus(PG(s)->conn) == PQTRANS_IDLE)
            kr_pg_seal(s, NULL, NULL);
        PQfinish(PG(s)->conn);
    }
    PG(s)->conn = NULL;
    kr_pg_prepared_forget(s);
    kr_free(PG(s)->shown);
    PG(s)->shown = NULL;
}

int kr_pg_reusable(kring_store *s, const char *where)
{
    PGresult *r = NULL;
    int ok;

    (void)where;
    if (PG(s)->conn == NULL || PG(s)->in_tx || PG(s)->op_depth > 0 ||
        PQstatus(PG(s)->conn) != CONNECTION_OK ||
        PQtransactionStatus(PG(s)->conn) != PQTRANS_IDLE)
        return 0;
    /* The schema's version, and acting as nobody, in one round trip: a
     * server's thread takes its store again for each step of a request. */
    ok = kr_pg_run(s,
                   "SELECT version, set_config('kring.user', '', false), "
                   "set_config('kring.youth', '', false) FROM kring_schema",
                   NULL, &r, NULL) == KRING_OK &&
         PQntuples(r) == 1 && atoi(PQgetvalue(r, 0, 0)) == KR_PG_SCHEMA_VERSION;
    PQclear(r);
    return ok;
}

/* --- transactions ------------------------------------------------------- */

/* After a case is removed and committed: VACUUM clears its rows from the
 * tables' pages now rather than at autovacuum's next round, where kring's
 * account owns the tables (docs/security.md says what stays). */
static void erase(kring_store *s)
{
    if (PG(s)->erased)
        run_quiet(s, "VACUUM cases, people, ties, snapshots, choices, "
                     "suggestions");
    PG(s)->erased = 0;
}

/* COMMIT. When the connection is lost on the way, the server may have
 * committed before it went: kring cannot know, and says so. */
static kring_status commit(kring_store *s, kring_error *err)
{
    kring_status rc;

    /* PostgreSQL answers COMMIT of a failed transaction with ROLLBACK. */
    if (PQtransactionStatus(PG(s)->conn) == PQTRANS_INERROR)
        return kr_error_set(err, KRING_ERR_DB, "%s",
                            _("a statement of the change failed; nothing "
                              "was changed"));
    rc = run(s, "COMMIT", err);

    if (rc != KRING_OK && PQstatus(PG(s)->conn) != CONNECTION_OK)
        return kr_error_set(err, KRING_ERR_IO,
                            _("the connection to the database %s was lost "
                              "as the change was saved: it may have been "
                              "saved or not; look (kring case show) before "
                              "you make it again"),
                            PG(s)->shown);
    return rc;
}

/* A store that reads sees one moment in its transaction (a copy of every
 * case); one that writes locks each case it changes (write.c). */
kring_status kr_pg_begin(kring_store *s, kring_error *err)
{
    kring_status rc =
        run(s, s->readonly ? "BEGIN ISOLATION LEVEL REPEATABLE READ" : "BEGIN",
            err);

    if (rc == KRING_OK)
        PG(s)->in_tx = 1;
    return rc;
}

kring_status kr_pg_commit(kring_store *s, kring_error *err)
{
    kring_status rc = commit(s, err);

    if (rc != KRING_OK)
        kr_pg_rollback(s);
    PG(s)->in_tx = 0;
    if (rc == KRING_OK)
        erase(s);
    PG(s)->erased = 0;
    return rc;
}

void kr_pg_rollback(kring_store *s)
{
    if (PG(s)->conn != NULL &&
        PQtransactionStatus(PG(s)->conn) != PQTRANS_IDLE &&
        PQtransactionStatus(PG(s)->conn) != PQTRANS_UNKNOWN)
        run_quiet(s, "ROLLBACK");
    PG(s)->in_tx = 0;
    PG(s)->erased = 0;
}

int kr_pg_taken(const kring_store *s)
{
    return strcmp(PG(s)->state, "23505") == 0;
}

int kr_pg_read_logged(const kring_store *s)
{
    return !(PG(s)->in_tx && !s->readonly);
}

kring_status kr_pg_op_begin(kring_store *s, kring_error *err)
{
    kring_status rc;

    if (PG(s)->op_depth == 0 &&
        PQtransactionStatus(PG(s)->conn) == PQTRANS_IDLE) {
        if ((rc = run(s, "BEGIN", err)))
            return rc;
        PG(s)->op_tx = 1;
    }
    if ((rc = run(s, "SAVEPOINT kring_op", err))) {
        if (PG(s)->op_depth == 0 && PG(s)->op_tx) {
            run_quiet(s, "ROLLBACK");
            PG(s)->op_tx = 0;
        }
        return rc;
    }
    PG(s)->op_depth++;
    return KRING_OK;
}

kring_status kr_pg_op_end(kring_store *s, kring_status rc, kring_error *err)
{
    if (rc == KRING_OK)
        rc = run(s, "RELEASE kring_op", err);
    else
        run_quiet(s, "ROLLBACK TO kring_op; RELEASE kring_op");
    if (--PG(s)->op_depth > 0 || !PG(s)->op_tx)
        return rc;
    PG(s)->op_tx = 0;
    if (rc == KRING_OK && (rc = commit(s, err)) == KRING_OK) {
        erase(s);
        return KRING_OK;
    }
    run_quiet(s, "ROLLBACK");
    PG(s)->erased = 0;
    return rc;
}

kring_status kr_pg_lock_case(kring_store *s, const char *code, long long *key,
                             kring_error *err)
{
    PGresult *r = NULL;
    kr_params p = {0};
    kring_status rc;

    kr_param_text(&p, code);
    rc = kr_pg_run(s, "SELECT case_key FROM cases WHERE code = $1 FOR UPDATE",
                   &p, &r, err);
    if (rc == KRING_OK && PQntuples(r) == 0)
        rc = kr_error_set(err, KRING_ERR_NOT_FOUND, _("no case '%s'"), code);
    if (rc == KRING_OK && key != NULL)
        *key = kr_pg_int(r, 0, 0, 0);
    PQclear(r);
    return rc;
}
