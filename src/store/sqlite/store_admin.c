/* Keeping the store trustworthy: the audit log read back, a consistent
 * backup of a live database, and the checks of `kring check`
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

kring_status kr_sq_audit(kring_store *s, const char *code, unsigned what,
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
        /* The file keeps read or change; an erasure is a change of its
         * own kind, as on PostgreSQL. */
        snprintf(e->kind, sizeof e->kind, "%s",
                 e->read ? "read"
                 : e->event != NULL && strncmp(e->event, "case erased", 11) == 0
                     ? "erase"
                     : "change");
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

kring_status kr_sq_backup(kring_store *s, const char *path, kring_error *err)
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
    if ((b = sqlite3_backup_init(to, "main", SQ(s)->db, "main")) == NULL) {
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
            rc = kr_problem(r, err, "%s: %s", what, v ? v : "?");
    }
    if (rc == KRING_OK && q != SQLITE_DONE)
        rc = kr_db_error(s, q, err);
    kr_finalize(s, st);
    return rc;
}

/* A case whole, its read not logged. */
static kring_status load_quiet(kring_store *s, const char *code,
                               kring_case **out, kring_error *err)
{
    return kr_load(s, code, 1, 0, out, NULL, err);
}

kring_status kr_sq_check(kring_store *s, const char *path,
                         kring_check_report *r, kring_error *err)
{
    kring_case_summary *cases = NULL;
    struct stat st;
    size_t n = 0;
    kring_status rc;

    memset(r, 0, sizeof *r);
    if (path != NULL && stat(path, &st) == 0 && (st.st_mode & 077) != 0 &&
        (rc = kr_problem(r, err,
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
    rc = kr_check_cases(s, cases, n, load_quiet, r, err);
out:
    kring_case_summaries_free(cases, n);
    if (rc)
        kring_check_report_release(r);
    return rc;
}
