/* Keeping the store trustworthy: the audit log of every change, a
 * consistent backup of a live database, and the checks of `kring check`
 * (docs/security.md). */
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store_internal.h"

kring_status kring_store_set_command(kring_store *s, const char *command,
                                     kring_error *err)
{
    return kr_set_string(&s->command, command, err);
}

kring_status kring_store_set_user(kring_store *s, const char *user,
                                  kring_error *err)
{
    char *name;

    if (user != NULL) {
        s->user_given = 1;
        return kr_set_string(&s->user, user, err);
    }
    if ((name = kr_user_name()) == NULL)
        return kr_nomem(err);
    kr_free(s->user);
    s->user = name;
    s->user_given = 0;
    return KRING_OK;
}

kring_status kr_audit(kring_store *s, const char *event, const char *code,
                      const char *a, const char *b, kring_error *err)
{
    sqlite3_stmt *st = NULL;
    kring_status rc;

    rc = kr_prepare(s,
                    "INSERT INTO audit (user, command, kind, event, case_key, "
                    "person_key, other_key) SELECT ?1, ?2, 'change', ?3, "
                    "c.case_key, (SELECT person_key FROM people WHERE "
                    "case_code = c.code AND id = ?5), (SELECT person_key "
                    "FROM people WHERE case_code = c.code AND id = ?6) "
                    "FROM cases c WHERE c.code = ?4",
                    &st, err);
    if (rc == KRING_OK) {
        sqlite3_bind_text(st, 1, s->user, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, s->command, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, event, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, code, -1, SQLITE_STATIC);
        if (a != NULL)
            sqlite3_bind_text(st, 5, a, -1, SQLITE_STATIC);
        if (b != NULL)
            sqlite3_bind_text(st, 6, b, -1, SQLITE_STATIC);
        rc = kr_step_done(s, st, err);
    }
    kr_finalize(s, st);
    return rc;
}

/* A read that cannot be logged is not made. */
static kring_status log_error(kring_store *s, int r, kring_error *err)
{
    if ((r & 0xff) == SQLITE_READONLY)
        return kr_error_set(err, KRING_ERR_IO, "%s",
                            _("the database is read-only: kring logs every "
                              "read of a case and cannot log this one, so it "
                              "shows nothing"));
    return kr_db_error(s, r, err);
}

static kring_status log_exec(kring_store *s, const char *sql, kring_error *err)
{
    int r = sqlite3_exec(s->db, sql, NULL, NULL, NULL);

    return r == SQLITE_OK ? KRING_OK : log_error(s, r, err);
}

/* The log's lines of reads are written in a transaction of their own
 * (*OWN), unless one is open. */
static kring_status log_begin(kring_store *s, int *own, kring_error *err)
{
    *own = !s->in_tx && sqlite3_get_autocommit(s->db);
    return *own ? log_exec(s, "BEGIN IMMEDIATE", err) : KRING_OK;
}

static kring_status log_end(kring_store *s, int own, kring_status rc,
                            kring_error *err)
{
    if (!own)
        return rc;
    if (rc == KRING_OK && (rc = log_exec(s, "COMMIT", err)) == KRING_OK)
        return KRING_OK;
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

#define LOG_READ                                                               \
    "INSERT INTO audit (user, command, kind, event, case_key) "                \
    "SELECT ?1, ?2, 'read', "

static void bind_who(kring_store *s, sqlite3_stmt *st)
{
    sqlite3_bind_text(st, 1, s->user, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, kr_read_command(s), -1, SQLITE_STATIC);
}

kring_status kr_log_reads(kring_store *s, const long long *keys, size_t n,
                          kring_error *err)
{
    sqlite3_stmt *st = NULL;
    int own = 0, r;
    kring_status rc;
    size_t i;

    if (n == 0)
        return KRING_OK;
    if ((rc = log_begin(s, &own, err)))
        return rc;
    rc = kr_prepare(s, LOG_READ "'case read', ?3", &st, err);
    for (i = 0; rc == KRING_OK && i < n; i++) {
        bind_who(s, st);
        sqlite3_bind_int64(st, 3, keys[i]);
        r = sqlite3_step(st);
        sqlite3_reset(st);
        if (r != SQLITE_DONE)
            rc = log_error(s, r, err);
    }
    kr_finalize(s, st);
    return log_end(s, own, rc, err);
}

kring_status kr_log_read_all(kring_store *s, long long *max, kring_error *err)
{
    sqlite3_stmt *st = NULL;
    int own = 0, r;
    kring_status rc;

    *max = 0;
    if ((rc = log_begin(s, &own, err)))
        return rc;
    rc = kr_prepare(s,
                    LOG_READ "'case read', case_key FROM cases "
                             "ORDER BY case_key",
                    &st, err);
    if (rc == KRING_OK) {
        bind_who(s, st);
        if ((r = sqlite3_step(st)) != SQLITE_DONE)
            rc = log_error(s, r, err);
        kr_finalize(s, st);
        st = NULL;
    }
    if (rc == KRING_OK &&
        (rc = kr_prepare(s, "SELECT coalesce(max(case_key), 0) FROM cases", &st,
                         err)) == KRING_OK) {
        if ((r = sqlite3_step(st)) == SQLITE_ROW)
            *max = sqlite3_column_int64(st, 0);
        else
            rc = kr_db_error(s, r, err);
    }
    kr_finalize(s, st);
    return log_end(s, own, rc, err);
}

kring_status kr_log_list(kring_store *s, kring_error *err)
{
    sqlite3_stmt *st = NULL;
    kring_status rc;
    int r;

    if ((rc = kr_prepare(s, LOG_READ "'cases listed', NULL", &st, err)))
        return rc;
    bind_who(s, st);
    if ((r = sqlite3_step(st)) != SQLITE_DONE)
        rc = log_error(s, r, err);
    kr_finalize(s, st);
    return rc;
}

void kring_audit_free(kring_audit_entry *list, size_t n)
{
    size_t i;

    for (i = 0; list && i < n; i++) {
        kr_free(list[i].user);
        kr_free(list[i].command);
        kr_free(list[i].event);
    }
    kr_free(list);
}

/* A copy of column I of the row at ST, or NULL for NULL. Sets *FAILED when
 * out of memory. */
static char *column(sqlite3_stmt *st, int i, int *failed)
{
    const unsigned char *v = sqlite3_column_text(st, i);
    char *copy;

    if (v == NULL)
        return NULL;
    if ((copy = kr_strdup((const char *)v)) == NULL)
        *failed = 1;
    return copy;
}

static kring_status case_key_of(kring_store *s, const char *code,
                                long long *key, kring_error *err)
{
    sqlite3_stmt *st = NULL;
    kring_status rc;
    int r;

    *key = 0;
    if ((rc = kr_prepare(s, "SELECT case_key FROM cases WHERE code = ?1", &st,
                         err)))
        return rc;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
    if ((r = sqlite3_step(st)) == SQLITE_ROW)
        *key = sqlite3_column_int64(st, 0);
    else if (r == SQLITE_DONE)
        rc = kr_error_set(err, KRING_ERR_NOT_FOUND,
                          _("no case '%s': the log of a removed case is kept "
                            "under its number only (see 'kring audit')"),
                          code);
    else
        rc = kr_db_error(s, r, err);
    kr_finalize(s, st);
    return rc;
}

static long long column_key(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL
               ? 0
               : sqlite3_column_int64(st, i);
}

kring_status kring_store_audit(kring_store *s, const char *code, unsigned what,
                               long long *case_key, kring_audit_entry **out,
                               size_t *n, kring_error *err)
{
    sqlite3_stmt *st = NULL;
    kring_audit_entry *list = NULL;
    size_t cap = 0, count = 0;
    long long key = 0;
    kring_status rc;
    int r, failed = 0;

    *out = NULL;
    *n = 0;
    if (case_key != NULL)
        *case_key = 0;
    if (code != NULL && (rc = case_key_of(s, code, &key, err)))
        return rc;
    if (case_key != NULL)
        *case_key = key;
    rc = kr_prepare(s,
                    "SELECT seq, at, user, command, kind, event, case_key, "
                    "person_key, other_key FROM audit WHERE (?1 IS NULL OR "
                    "case_key = ?1) AND (?2 IS NULL OR kind = ?2) "
                    "ORDER BY seq",
                    &st, err);
    if (rc)
        return rc;
    if (code != NULL)
        sqlite3_bind_int64(st, 1, key);
    if (what == KRING_AUDIT_READS || what == KRING_AUDIT_CHANGES)
        sqlite3_bind_text(st, 2, what == KRING_AUDIT_READS ? "read" : "change",
                          -1, SQLITE_STATIC);
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        kring_audit_entry *e;
        if (kr_grow(&list, &cap, count + 1, sizeof *list)) {
            failed = 1;
            break;
        }
        e = &list[count++];
        memset(e, 0, sizeof *e);
        e->seq = sqlite3_column_int64(st, 0);
        snprintf(e->at, sizeof e->at, "%s",
                 (const char *)sqlite3_column_text(st, 1));
        e->user = column(st, 2, &failed);
        e->command = column(st, 3, &failed);
        e->read = strcmp((const char *)sqlite3_column_text(st, 4), "read") == 0;
        e->event = column(st, 5, &failed);
        e->case_key = column_key(st, 6);
        e->person_key = column_key(st, 7);
        e->other_key = column_key(st, 8);
        if (failed)
            break;
    }
    if (failed)
        rc = kr_nomem(err);
    else if (r != SQLITE_DONE)
        rc = kr_db_error(s, r, err);
    kr_finalize(s, st);
    if (rc) {
        kring_audit_free(list, count);
        return rc;
    }
    *out = list;
    *n = count;
    return KRING_OK;
}

/* The numbers of the cases in the copy TO. */
static kring_status copy_keys(sqlite3 *to, long long **keys, size_t *n,
                              kring_error *err)
{
    sqlite3_stmt *st = NULL;
    size_t cap = 0;
    int r;

    *keys = NULL;
    *n = 0;
    if (sqlite3_prepare_v2(to, "SELECT case_key FROM cases", -1, &st, NULL) !=
        SQLITE_OK)
        return kr_error_set(err, KRING_ERR_DB, _("cannot back up: %s"),
                            sqlite3_errmsg(to));
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        if (kr_grow(keys, &cap, *n + 1, sizeof **keys)) {
            sqlite3_finalize(st);
            return kr_nomem(err);
        }
        (*keys)[(*n)++] = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    if (r != SQLITE_DONE)
        return kr_error_set(err, KRING_ERR_DB, _("cannot back up: %s"),
                            sqlite3_errstr(r));
    return KRING_OK;
}

kring_status kring_store_backup(kring_store *s, const char *path,
                                kring_error *err)
{
    size_t n = strlen(path) + 16;
    char *tmp = kr_malloc(n);
    sqlite3 *to = NULL;
    sqlite3_backup *b;
    kring_status rc = KRING_OK;
    int fd, r;

    if (tmp == NULL)
        return kr_nomem(err);
    if (access(path, F_OK) == 0) {
        kr_free(tmp);
        return kr_error_set(err, KRING_ERR_EXISTS,
                            _("'%s' exists already: a backup never "
                              "overwrites a file"),
                            path);
    }
    /* A new private file beside the target, renamed when whole. */
    snprintf(tmp, n, "%s.partial", path);
    if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) < 0) {
        rc = kr_error_set(err, KRING_ERR_IO, _("cannot create '%s': %s"), tmp,
                          strerror(errno));
        kr_free(tmp);
        return rc;
    }
    close(fd);
    if ((r = sqlite3_open_v2(tmp, &to, SQLITE_OPEN_READWRITE, NULL)) !=
        SQLITE_OK) {
        rc = kr_error_set(err, KRING_ERR_IO, _("cannot open '%s': %s"), tmp,
                          to ? sqlite3_errmsg(to) : sqlite3_errstr(r));
        goto out;
    }
    /* The backup API copies page by page under a read lock: writers that
     * come in between make it start over, and the copy is as of one
     * moment. */
    if ((b = sqlite3_backup_init(to, "main", s->db, "main")) == NULL) {
        rc = kr_error_set(err, KRING_ERR_DB, _("cannot back up: %s"),
                          sqlite3_errmsg(to));
        goto out;
    }
    do {
        r = sqlite3_backup_step(b, -1);
        if (r == SQLITE_BUSY || r == SQLITE_LOCKED)
            sqlite3_sleep(50);
    } while (r == SQLITE_OK || r == SQLITE_BUSY || r == SQLITE_LOCKED);
    sqlite3_backup_finish(b);
    if (r != SQLITE_DONE) {
        rc = kr_error_set(err, KRING_ERR_DB, _("cannot back up: %s"),
                          sqlite3_errstr(r));
        goto out;
    }
    /* A backup is a read of every case in it: logged (in the database
     * copied) before the copy takes its name. */
    {
        long long *keys = NULL;
        size_t nk = 0;
        if ((rc = copy_keys(to, &keys, &nk, err)) == KRING_OK)
            rc = kr_log_reads(s, keys, nk, err);
        kr_free(keys);
        if (rc != KRING_OK)
            goto out;
    }
    /* The copy is one file, on disk before it takes its name. */
    if ((r = sqlite3_exec(to, "PRAGMA journal_mode = DELETE", NULL, NULL,
                          NULL)) != SQLITE_OK) {
        rc = kr_error_set(err, KRING_ERR_DB, _("cannot back up: %s"),
                          sqlite3_errmsg(to));
        goto out;
    }
out:
    if (to != NULL && sqlite3_close(to) != SQLITE_OK && rc == KRING_OK)
        rc = kr_error_set(err, KRING_ERR_IO, _("cannot close '%s'"), tmp);
    if (rc == KRING_OK) {
        if ((fd = open(tmp, O_RDONLY | O_CLOEXEC)) >= 0) {
            if (fsync(fd) != 0)
                rc = kr_error_set(err, KRING_ERR_IO, _("cannot write '%s': %s"),
                                  tmp, strerror(errno));
            close(fd);
        }
        if (rc == KRING_OK && link(tmp, path) != 0)
            rc = kr_error_set(err, KRING_ERR_IO, _("cannot write '%s': %s"),
                              path, strerror(errno));
    }
    unlink(tmp);
    kr_free(tmp);
    return rc;
}

void kring_check_report_release(kring_check_report *r)
{
    size_t i;

    for (i = 0; i < r->n_problems; i++)
        kr_free(r->problems[i]);
    kr_free(r->problems);
    memset(r, 0, sizeof *r);
}

static kring_status problem(kring_check_report *r, kring_error *err,
                            const char *fmt, ...) KR_PRINTF(3, 4);

static kring_status problem(kring_check_report *r, kring_error *err,
                            const char *fmt, ...)
{
    char text[KRING_ERROR_TEXT_MAX], **grown;
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    grown = kr_realloc(r->problems, (r->n_problems + 1) * sizeof *grown);
    if (grown == NULL)
        return kr_nomem(err);
    r->problems = grown;
    if ((grown[r->n_problems] = kr_strdup(text)) == NULL)
        return kr_nomem(err);
    r->n_problems++;
    return KRING_OK;
}

/* Each row SQL returns is a problem: its first column says it. */
static kring_status rows_are_problems(kring_store *s, const char *sql,
                                      const char *ok, const char *what,
                                      kring_check_report *r, kring_error *err)
{
    sqlite3_stmt *st = NULL;
    kring_status rc;
    int q;

    if ((rc = kr_prepare(s, sql, &st, err)))
        return rc;
    while (rc == KRING_OK && (q = sqlite3_step(st)) == SQLITE_ROW) {
        const char *v = (const char *)sqlite3_column_text(st, 0);
        if (ok == NULL || v == NULL || strcmp(v, ok) != 0)
            rc = problem(r, err, "%s: %s", what, v ? v : "?");
    }
    if (rc == KRING_OK && q != SQLITE_DONE)
        rc = kr_db_error(s, q, err);
    kr_finalize(s, st);
    return rc;
}

kring_status kring_store_check(kring_store *s, const char *path,
                               kring_check_report *r, kring_error *err)
{
    kring_case_summary *cases = NULL;
    struct stat st;
    size_t n = 0, i;
    kring_status rc;

    memset(r, 0, sizeof *r);
    if (path != NULL && stat(path, &st) == 0 && (st.st_mode & 077) != 0 &&
        (rc = problem(r, err,
                      _("the database can be read by others (mode %04o)"),
                      (unsigned)(st.st_mode & 07777))))
        return rc;
    if ((rc = rows_are_problems(s, "PRAGMA integrity_check", "ok",
                                _("SQLite's integrity check"), r, err)) ||
        (rc = rows_are_problems(s,
                                "SELECT \"table\" || ' row ' || rowid || "
                                "' points to a missing ' || parent "
                                "FROM pragma_foreign_key_check",
                                NULL, _("a broken link"), r, err)))
        goto out;
    /* The check shows no case: its reads are not logged (security.md). */
    if ((rc = kr_list_cases(s, 0, &cases, &n, err)))
        goto out;
    for (i = 0; i < n && rc == KRING_OK; i++) {
        kring_case *c = NULL;
        kring_error e;
        if (kr_load(s, cases[i].code, 1, 0, &c, NULL, &e) != KRING_OK) {
            if (e.code == KRING_ERR_NOMEM)
                rc = kr_nomem(err);
            else
                rc = problem(r, err, _("case '%s' cannot be read: %s"),
                             cases[i].code, e.text);
            continue;
        }
        r->cases++;
        r->people += c->n_people;
        r->ties += c->n_ties;
        if (kring_case_validate(c, &e) != KRING_OK)
            rc = problem(r, err, _("case '%s' breaks a rule: %s"),
                         cases[i].code, e.text);
        kring_case_free(c);
    }
out:
    kring_case_summaries_free(cases, n);
    if (rc)
        kring_check_report_release(r);
    return rc;
}
