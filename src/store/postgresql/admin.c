/* The audit log read back, backups (pg_dump), the checks of `kring
 * check`, and the numbers of people and codes. */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pg_internal.h"

extern char **environ;

/* --- the audit log read ------------------------------------------------- */

static kring_status case_key_of(kring_store *s, const char *code,
                                long long *key, kring_error *err)
{
    PGresult *r = NULL;
    kr_params q = {0};
    kring_status rc;

    kr_param_text(&q, code);
    if ((rc = kr_pg_run(s, "SELECT case_key FROM cases WHERE code = $1", &q, &r,
                        err)))
        return rc;
    if (PQntuples(r) == 1)
        *key = kr_pg_int(r, 0, 0, 0);
    else
        rc = kr_error_set(err, KRING_ERR_NOT_FOUND,
                          _("no case '%s': the log of a removed case is kept "
                            "under its number only (see 'kring audit')"),
                          code);
    PQclear(r);
    return rc;
}

kring_status kr_pg_audit(kring_store *s, const char *code, unsigned what,
                         long long *case_key, kring_audit_entry **out,
                         size_t *n, kring_error *err)
{
    kring_audit_entry *list = NULL;
    PGresult *r = NULL;
    kr_params q = {0};
    long long key = 0;
    kring_status rc;
    int i, rows, failed = 0;

    *out = NULL;
    *n = 0;
    if (case_key != NULL)
        *case_key = 0;
    if (code != NULL && (rc = case_key_of(s, code, &key, err)))
        return rc;
    if (case_key != NULL)
        *case_key = key;
    kr_param_int_or_null(&q, key, 0);
    kr_param_text(&q, what == KRING_AUDIT_READS     ? "read"
                      : what == KRING_AUDIT_CHANGES ? "change"
                                                    : NULL);
    if ((rc = kr_pg_run(s,
                        "SELECT seq, at, \"user\", command, kind, event, "
                        "case_key, person_key, other_key, coalesce(role, ''), "
                        "outcome = 'refused', coalesce(address, '') FROM "
                        "audit WHERE "
                        "($1::bigint IS NULL OR case_key = $1) AND "
                        "($2::text IS NULL OR (kind IN ('read', 'export', "
                        "'print')) = ($2 = 'read')) ORDER BY seq",
                        &q, &r, err)))
        return rc;
    rows = PQntuples(r);
    if (rows > 0 && (list = kr_calloc((size_t)rows, sizeof *list)) == NULL)
        failed = 1;
    for (i = 0; !failed && i < rows; i++) {
        kring_audit_entry *e = &list[i];
        e->seq = kr_pg_int(r, i, 0, 0);
        snprintf(e->at, sizeof e->at, "%s", PQgetvalue(r, i, 1));
        failed = kr_pg_dup(r, i, 2, 1, &e->user) ||
                 kr_pg_dup(r, i, 3, 1, &e->command) ||
                 kr_pg_dup(r, i, 5, 1, &e->event);
        snprintf(e->kind, sizeof e->kind, "%s", PQgetvalue(r, i, 4));
        /* An export and a print are reads too (--reads, a copy to a
         * file's log, which knows reads and changes only). */
        e->read = strcmp(e->kind, "read") == 0 ||
                  strcmp(e->kind, "export") == 0 ||
                  strcmp(e->kind, "print") == 0;
        e->case_key = kr_pg_int(r, i, 6, 0);
        e->person_key = kr_pg_int(r, i, 7, 0);
        e->other_key = kr_pg_int(r, i, 8, 0);
        snprintf(e->role, sizeof e->role, "%s", PQgetvalue(r, i, 9));
        e->refused = strcmp(PQgetvalue(r, i, 10), "t") == 0;
        snprintf(e->address, sizeof e->address, "%s", PQgetvalue(r, i, 11));
    }
    PQclear(r);
    if (failed) {
        kring_audit_free(list, (size_t)rows);
        return kr_nomem(err);
    }
    *out = list;
    *n = (size_t)rows;
    return KRING_OK;
}

/* --- backup ------------------------------------------------------------- */

/* Runs pg_dump ARGV; KRING_OK when it exits 0. */
static kring_status run_dump(char *const argv[], kring_error *err)
{
    pid_t pid;
    int status = 0, e;

    if ((e = posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ)) != 0)
        return kr_error_set(err, KRING_ERR_IO,
                            _("cannot run pg_dump (Debian package "
                              "postgresql-client): %s"),
                            strerror(e));
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return kr_error_set(err, KRING_ERR_IO, "%s",
                            _("pg_dump failed (what it said is above); no "
                              "backup was made"));
    return KRING_OK;
}

/* A backup of a PostgreSQL store is pg_dump's archive of kring's schema
 * (custom format; pg_restore reads it back: docs/store.md), written
 * beside PATH, private, and named PATH when whole. Every case in it is
 * logged as read, as a SQLite backup logs its cases. */
kring_status kr_pg_backup(kring_store *s, const char *path, kring_error *err)
{
    size_t n = strlen(path) + 16;
    char *tmp = kr_malloc(n), *file = NULL, *schema = NULL;
    kring_status rc = KRING_OK;
    PGresult *r = NULL;
    char snapshot[128];
    int fd, own = 0;

    if (tmp == NULL)
        return kr_nomem(err);
    if (access(path, F_OK) == 0) {
        kr_free(tmp);
        return kr_error_set(err, KRING_ERR_EXISTS,
                            _("'%s' exists already: a backup never "
                              "overwrites a file"),
                            path);
    }
    snprintf(tmp, n, "%s.partial", path);
    if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) < 0) {
        rc = kr_error_set(err, KRING_ERR_IO, _("cannot create '%s': %s"), tmp,
                          strerror(errno));
        kr_free(tmp);
        return rc;
    }
    close(fd);
    file = kr_malloc(n + 8);
    schema = kr_malloc(strlen(PG(s)->schema) + 16);
    if (file == NULL || schema == NULL) {
        rc = kr_nomem(err);
        goto out;
    }
    snprintf(file, n + 8, "--file=%s", tmp);
    snprintf(schema, strlen(PG(s)->schema) + 16, "--schema=%s", PG(s)->schema);
    /* One moment for the archive and its lines in the log: a transaction
     * whose snapshot pg_dump reads (--snapshot), in which the cases it
     * holds are logged as read; the lines are kept when the archive is
     * whole. */
    if ((rc = kr_pg_read_begin(s, &own, err)))
        goto out;
    if ((rc = kr_pg_run(s, "SELECT pg_export_snapshot()", NULL, &r, err)) ||
        (rc = kr_pg_log_read_all(s, &(long long){0}, err)))
        goto out;
    snprintf(snapshot, sizeof snapshot, "--snapshot=%s", PQgetvalue(r, 0, 0));
    {
        char *argv[] = {"pg_dump",        "--format=custom",
                        "--no-owner",     "--no-privileges",
                        schema,           file,
                        snapshot,         "--dbname",
                        (char *)s->where, NULL};
        if ((rc = run_dump(argv, err)))
            goto out;
    }
    if ((fd = open(tmp, O_RDONLY | O_CLOEXEC)) >= 0) {
        if (fsync(fd) != 0)
            rc = kr_error_set(err, KRING_ERR_IO, _("cannot write '%s': %s"),
                              tmp, strerror(errno));
        close(fd);
    }
    /* The lines kept first: an archive is never there unlogged. */
    rc = kr_pg_read_end(s, own, rc, err);
    own = 0;
    if (rc == KRING_OK && link(tmp, path) != 0)
        rc = kr_error_set(err, KRING_ERR_IO, _("cannot write '%s': %s"), path,
                          strerror(errno));
out:
    PQclear(r);
    if (own)
        rc = kr_pg_read_end(s, own, rc, err);
    unlink(tmp);
    kr_free(tmp);
    kr_free(file);
    kr_free(schema);
    return rc;
}

/* --- check -------------------------------------------------------------- */

/* A case whole, its read not logged. */
static kring_status load_quiet(kring_store *s, const char *code,
                               kring_case **out, kring_error *err)
{
    return kr_pg_load_case(s, code, 1, 0, out, NULL, err);
}

/* PostgreSQL keeps its constraints itself (a broken link cannot be
 * stored); the check looks at what it does not: who else may read kring's
 * tables, constraints switched off, and every case read back against the
 * model. */
kring_status kr_pg_check(kring_store *s, const char *path,
                         kring_check_report *r, kring_error *err)
{
    kring_case_summary *cases = NULL;
    PGresult *res = NULL;
    size_t n = 0;
    kr_params q = {0};
    kring_status rc;
    int j;

    (void)path;
    memset(r, 0, sizeof *r);
    kr_param_text(&q, PG(s)->schema);
    /* Tables others may read: PUBLIC, or a role that is neither the
     * tables' owner nor the one kring connects as, nor kring server's
     * (kring db grant's: no superuser, no BYPASSRLS, and the right to add
     * to the access log, which nothing else gives). */
    rc = kr_pg_run(s,
                   "SELECT DISTINCT c.relname || ': ' || coalesce(g.rolname, "
                   "'PUBLIC') FROM pg_class c JOIN pg_namespace n ON n.oid = "
                   "c.relnamespace, aclexplode(coalesce(c.relacl, "
                   "acldefault('r', c.relowner))) a LEFT JOIN pg_roles g ON "
                   "g.oid = a.grantee WHERE n.nspname = $1 AND c.relkind = "
                   "'r' AND a.privilege_type = 'SELECT' AND a.grantee <> "
                   "c.relowner AND (a.grantee = 0 OR g.rolname <> "
                   "current_user) AND NOT coalesce(NOT g.rolsuper AND NOT "
                   "g.rolbypassrls AND NOT pg_has_role(g.oid, c.relowner, "
                   "'MEMBER') AND has_table_privilege(g.oid, "
                   "quote_ident($1) || '.audit', 'INSERT'), false) ORDER BY 1",
                   &q, &res, err);
    for (j = 0; rc == KRING_OK && j < PQntuples(res); j++)
        rc = kr_problem(r, err, _("others may read kring's table %s"),
                        PQgetvalue(res, j, 0));
    PQclear(res);
    res = NULL;
    /* A constraint added NOT VALID, or a trigger switched off, no longer
     * holds for every row. */
    if (rc == KRING_OK)
        rc = kr_pg_run(s,
                       "SELECT conrelid::regclass || ' ' || conname FROM "
                       "pg_constraint c JOIN pg_namespace n ON n.oid = "
                       "c.connamespace WHERE n.nspname = $1 AND NOT "
                       "convalidated UNION ALL SELECT tgrelid::regclass || "
                       "' ' || tgname FROM pg_trigger t JOIN pg_class c ON "
                       "c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = "
                       "c.relnamespace WHERE n.nspname = $1 AND t.tgenabled "
                       "= 'D' ORDER BY 1",
                       &q, &res, err);
    for (j = 0; rc == KRING_OK && j < PQntuples(res); j++)
        rc = kr_problem(r, err, _("a rule of the database is switched off: %s"),
                        PQgetvalue(res, j, 0));
    PQclear(res);
    /* The check shows no case: its reads are not logged (security.md). */
    if (rc == KRING_OK)
        rc = kr_pg_list(s, 0, &cases, &n, err);
    if (rc == KRING_OK)
        rc = kr_check_cases(s, cases, n, load_quiet, r, err);
    kring_case_summaries_free(cases, n);
    if (rc)
        kring_check_report_release(r);
    return rc;
}

/* --- copying in ---------------------------------------------------------- */

kring_status kr_pg_case_keys(kring_store *s, const kring_case *c,
                             kring_case_keys *k, kring_error *err)
{
    PGresult *r = NULL;
    kr_params q = {0};
    kring_status rc;

    kr_param_text(&q, c->code);
    if ((rc = kr_pg_run(s,
                        "SELECT case_key, last_person_key FROM cases WHERE "
                        "code = $1",
                        &q, &r, err)))
        return rc;
    if (PQntuples(r) == 1) {
        k->case_key = kr_pg_int(r, 0, 0, 0);
        k->last_person_key = kr_pg_int(r, 0, 1, 0);
    }
    PQclear(r);
    return kr_pg_people_numbers(s, c, k->person, err);
}

/* --- numbers ------------------------------------------------------------ */

kring_status kr_pg_people_numbers(kring_store *s, const kring_case *c,
                                  long *number, kring_error *err)
{
    PGresult *r = NULL;
    kr_params q = {0};
    kring_status rc;
    int i;

    if (c->n_people > 0)
        memset(number, 0, c->n_people * sizeof *number);
    kr_param_text(&q, c->code);
    if ((rc = kr_pg_run(s,
                        "SELECT id, person_key FROM people WHERE case_code = "
                        "$1",
                        &q, &r, err)))
        return rc;
    for (i = 0; i < PQntuples(r); i++) {
        long at = kring_case_find_id(c, PQgetvalue(r, i, 0));
        if (at >= 0)
            number[at] = (long)kr_pg_int(r, i, 1, 0);
    }
    PQclear(r);
    return KRING_OK;
}

kring_status kr_pg_next_code_number(kring_store *s, int year, unsigned *next,
                                    kring_error *err)
{
    PGresult *r = NULL;
    char prefix[16];
    kr_params q = {0};
    kring_status rc;
    size_t len;
    int i;

    len = (size_t)snprintf(prefix, sizeof prefix, "%d-", year);
    *next = 1;
    kr_param_text(&q, prefix);
    if ((rc = kr_pg_run(s,
                        "SELECT code FROM cases WHERE left(code, "
                        "length($1)) = $1",
                        &q, &r, err)))
        return rc;
    for (i = 0; i < PQntuples(r); i++) {
        const char *d = PQgetvalue(r, i, 0) + len;
        char *end;
        unsigned long k;
        if (strlen(PQgetvalue(r, i, 0)) <= len)
            continue;
        k = strtoul(d, &end, 10);
        if (*d >= '0' && *d <= '9' && *end == '\0' && k < 100000 &&
            k + 1 > *next)
            *next = (unsigned)k + 1;
    }
    PQclear(r);
    return KRING_OK;
}
