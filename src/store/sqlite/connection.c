/* The SQLite backend's connection: creating (privately), opening and
 * migrating the file, transactions, the statements kept prepared, and
 * SQLite's errors. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <pwd.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "store_internal.h"

/* How long a command waits for another's write to end before it says the
 * database is busy (docs/store.md). */
#define BUSY_TIMEOUT_MS 60000

static unsigned long max_pages; /* kring_debug_max_pages() */
void kring_debug_max_pages(unsigned long n)
{
    max_pages = n;
}

/* Refuses a database file that others than its owner can read or write:
 * the data is about children. */
static kring_status check_private(const char *path, kring_error *err)
{
    struct stat st;

    if (stat(path, &st) != 0 || (st.st_mode & 077) == 0)
        return KRING_OK;
    return kr_error_set(err, KRING_ERR_IO,
                        _("the database can be read by others (mode %04o): "
                          "make it private with 'chmod 600 %s', or give "
                          "--allow-shared-db if it must be shared"),
                        (unsigned)(st.st_mode & 07777), path);
}

static long long now_ms(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* SQLite's busy handler: waits for the lock in short sleeps that grow
 * from 1 ms to 32 ms, each drawn at random between half and one and a half
 * of that, until BUSY_TIMEOUT_MS. The jitter keeps many waiting writers
 * from waking together; the short sleeps keep the lock from lying idle
 * while they sleep (SQLite's own handler sleeps up to 100 ms). */
static int busy_wait(void *ctx, int count)
{
    kring_store *s = ctx;
    long long now = now_ms(), delay;
    struct timespec t;

    if (count == 0)
        SQ(s)->busy_since = now;
    else if (now - SQ(s)->busy_since >= BUSY_TIMEOUT_MS)
        return 0;
    delay = count < 5 ? 1LL << count : 32;
    SQ(s)->seed = SQ(s)->seed * 6364136223846793005ULL + 1442695040888963407ULL;
    /* [delay / 2, delay * 3 / 2) in microseconds */
    delay = delay * 500 + (long long)((SQ(s)->seed >> 33) %
                                      (unsigned long long)(delay * 1000));
    t.tv_sec = (time_t)(delay / 1000000);
    t.tv_nsec = (long)(delay % 1000000) * 1000;
    nanosleep(&t, NULL);
    return 1;
}

/* Whether an I/O error of the store S came of a full disk: the system's
 * error was ENOSPC (or EDQUOT, a full quota), or the folder of the
 * database has no room left. A full disk shows as an I/O error, not as
 * SQLITE_FULL, when SQLite cannot make or grow its -shm file. */
static int disk_full(kring_store *s)
{
    const char *path;
    struct statvfs fs;
    char *dir, *slash;
    int full = 0;

    if (s == NULL || SQ(s)->db == NULL)
        return 0;
    if (sqlite3_system_errno(SQ(s)->db) == ENOSPC ||
        sqlite3_system_errno(SQ(s)->db) == EDQUOT)
        return 1;
    path = sqlite3_db_filename(SQ(s)->db, "main");
    if (path == NULL || path[0] == '\0' || (dir = kr_strdup(path)) == NULL)
        return 0;
    if ((slash = strrchr(dir, '/')) != NULL)
        slash[slash == dir] = '\0';
    full = statvfs(slash ? dir : ".", &fs) == 0 && fs.f_bavail == 0;
    kr_free(dir);
    return full;
}

/* Turns a SQLite failure into a kring error. */
kring_status kr_db_error(kring_store *s, int rc, kring_error *err)
{
    const char *msg =
        s && SQ(s)->db ? sqlite3_errmsg(SQ(s)->db) : sqlite3_errstr(rc);

    if ((rc & 0xff) == SQLITE_IOERR && disk_full(s))
        rc = SQLITE_FULL;
    switch (rc & 0xff) {
    case SQLITE_NOMEM:
        return kr_nomem(err);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return kr_error_set(err, KRING_ERR_BUSY, "%s",
                            _("the database is busy: another program is "
                              "writing to it; try again"));
    case SQLITE_FULL:
        return kr_error_set(err, KRING_ERR_IO, "%s",
                            _("the disk or the database is full; nothing "
                              "was changed"));
    case SQLITE_READONLY:
        return kr_error_set(err, KRING_ERR_IO, "%s",
                            _("the database is read-only; nothing was "
                              "changed"));
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
        return kr_error_set(err, KRING_ERR_DB, "%s",
                            _("the file is not a kring database, or it is "
                              "damaged"));
    case SQLITE_CONSTRAINT:
        return kr_error_set(err, KRING_ERR_INVALID,
                            _("the database refused the change: %s"), msg);
    default:
        return kr_error_set(err, KRING_ERR_DB, _("database error: %s"), msg);
    }
}

kring_status kr_exec(kring_store *s, const char *sql, kring_error *err)
{
    int rc = sqlite3_exec(SQ(s)->db, sql, NULL, NULL, NULL);

    return rc == SQLITE_OK ? KRING_OK : kr_db_error(s, rc, err);
}

kring_status kr_prepare(kring_store *s, const char *sql, sqlite3_stmt **st,
                        kring_error *err)
{
    int i, rc;

    for (i = SQ(s)->n_idle - 1; i >= 0; i--)
        if (strcmp(sqlite3_sql(SQ(s)->idle[i]), sql) == 0) {
            *st = SQ(s)->idle[i];
            memmove(&SQ(s)->idle[i], &SQ(s)->idle[i + 1],
                    (size_t)(SQ(s)->n_idle - i - 1) * sizeof SQ(s)->idle[0]);
            SQ(s)->n_idle--;
            return KRING_OK;
        }
    rc = sqlite3_prepare_v3(SQ(s)->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st,
                            NULL);
    return rc == SQLITE_OK ? KRING_OK : kr_db_error(s, rc, err);
}

void kr_finalize(kring_store *s, sqlite3_stmt *st)
{
    if (st == NULL)
        return;
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (SQ(s)->n_idle == KR_IDLE) {
        sqlite3_finalize(SQ(s)->idle[0]);
        memmove(&SQ(s)->idle[0], &SQ(s)->idle[1],
                (size_t)(KR_IDLE - 1) * sizeof SQ(s)->idle[0]);
        SQ(s)->n_idle--;
    }
    SQ(s)->idle[SQ(s)->n_idle++] = st;
}

/* Finalizes the statements kept prepared. */
static void finalize_idle(kring_store *s)
{
    while (SQ(s)->n_idle > 0)
        sqlite3_finalize(SQ(s)->idle[--SQ(s)->n_idle]);
}

/* Runs a statement that returns no rows, then resets it for reuse. */
kring_status kr_step_done(kring_store *s, sqlite3_stmt *st, kring_error *err)
{
    int rc = sqlite3_step(st);

    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc == SQLITE_DONE ? KRING_OK : kr_db_error(s, rc, err);
}

static kring_status pragma_int(kring_store *s, const char *sql, int *value,
                               kring_error *err)
{
    sqlite3_stmt *st = NULL;
    kring_status rc;
    int r;

    if ((rc = kr_prepare(s, sql, &st, err)))
        return rc;
    r = sqlite3_step(st);
    if (r == SQLITE_ROW)
        *value = sqlite3_column_int(st, 0);
    else
        rc = kr_db_error(s, r, err);
    kr_finalize(s, st);
    return rc;
}

/* Creates the folders above PATH that are missing, each with mode 0700. */
static kring_status make_parents(const char *path, kring_error *err)
{
    char *dir = kr_strdup(path);
    char *p;
    kring_status rc = KRING_OK;

    if (dir == NULL)
        return kr_nomem(err);
    for (p = dir + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
            rc = kr_error_set(err, KRING_ERR_IO,
                              _("cannot create the folder '%s': %s"), dir,
                              strerror(errno));
            break;
        }
        *p = '/';
    }
    kr_free(dir);
    return rc;
}

/* Creates the database file with mode 0600 before SQLite opens it, so that
 * it is never readable by others, not even for a moment. SQLite gives its
 * -wal and -shm files the same mode. */
static kring_status create_private(const char *path, kring_error *err)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

    if (fd >= 0) {
        close(fd);
        return KRING_OK;
    }
    if (errno == EEXIST)
        return KRING_OK;
    return kr_error_set(err, KRING_ERR_IO, _("cannot create '%s': %s"), path,
                        strerror(errno));
}

static kring_status check_kring_file(kring_store *s, int *version,
                                     kring_error *err)
{
    int app = 0, tables = 0;
    kring_status rc;

    if ((rc = pragma_int(s, "PRAGMA user_version", version, err)) ||
        (rc = pragma_int(s, "PRAGMA application_id", &app, err)))
        return rc;
    /* Only a file that is not marked as kring's needs a look inside. */
    if (app != KR_APPLICATION_ID &&
        (rc =
             pragma_int(s, "SELECT count(*) FROM sqlite_schema", &tables, err)))
        return rc;
    if (app != KR_APPLICATION_ID && (app != 0 || tables > 0))
        return kr_error_set(err, KRING_ERR_DB, "%s",
                            _("the file is a database of another program, "
                              "not of kring"));
    if (*version > KRING_SCHEMA_VERSION)
        return kr_error_set(err, KRING_ERR_VERSION,
                            _("the database was written by a newer kring "
                              "(schema %d; this kring knows up to %d): "
                              "update kring"),
                            *version, KRING_SCHEMA_VERSION);
    return KRING_OK;
}

/* Brings the file up to the newest schema in one transaction. Foreign
 * keys are off meanwhile, since a migration may rebuild a table others
 * refer to (SQLite's way to change a table); they are checked before the
 * commit, and a violation rolls everything back. */
static kring_status migrate(kring_store *s, kring_error *err)
{
    char sql[96];
    kring_status rc;
    int version = 0, v, broken = 0;

    if ((rc = kr_exec(s, "PRAGMA foreign_keys = OFF", err)))
        return rc;
    if ((rc = kr_exec(s, "BEGIN IMMEDIATE", err)))
        goto keys;
    /* Read again under the lock: another process may have migrated. */
    if ((rc = check_kring_file(s, &version, err)))
        goto out;
    for (v = version; v < kr_migration_count; v++) {
        const char *const *sql_step;
        for (sql_step = kr_migrations[v]; *sql_step; sql_step++)
            if ((rc = kr_exec(s, *sql_step, err)))
                goto out;
    }
    if (version < kr_migration_count) {
        snprintf(sql, sizeof sql,
                 "PRAGMA user_version = %d; PRAGMA application_id = %d",
                 kr_migration_count, KR_APPLICATION_ID);
        if ((rc = kr_exec(s, sql, err)))
            goto out;
    }
    if ((rc = pragma_int(s, "SELECT count(*) FROM pragma_foreign_key_check",
                         &broken, err)))
        goto out;
    if (broken > 0) {
        rc = kr_error_set(err, KRING_ERR_DB,
                          dngettext("kring",
                                    "the database could not be updated: %d "
                                    "row refers to a row that does not exist",
                                    "the database could not be updated: %d "
                                    "rows refer to rows that do not exist",
                                    (unsigned long)broken),
                          broken);
        goto out;
    }
    rc = kr_exec(s, "COMMIT", err);
out:
    if (rc != KRING_OK)
        sqlite3_exec(SQ(s)->db, "ROLLBACK", NULL, NULL, NULL);
keys:
    if (rc == KRING_OK)
        rc = kr_exec(s, "PRAGMA foreign_keys = ON", err);
    else
        kr_exec(s, "PRAGMA foreign_keys = ON", NULL);
    return rc;
}

/* Opens the file at PATH into S (backend.h's open). */
kring_status kr_sq_open(kring_store *s, const char *path, unsigned flags,
                        kring_error *err)
{
    int readonly = (flags & KRING_STORE_READONLY) != 0;
    int missing = access(path, F_OK) != 0;
    int version = 0;
    kring_status rc = KRING_OK;
    struct stat st;

    if ((rc = kr_sqlite_load(err)))
        return rc;
    if (!missing && !(flags & KRING_STORE_SHARED_OK) &&
        (rc = check_private(path, err)))
        return rc;
    if (!readonly && missing &&
        ((rc = make_parents(path, err)) || (rc = create_private(path, err))))
        return rc;
    /* Read-write even to read: every read of a case is logged. SQLite
     * opens a file it may not write read-only, and the log then refuses. */
    if (sqlite3_open_v2(readonly && missing ? ":memory:" : path, &SQ(s)->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                        NULL) != SQLITE_OK) {
        rc = kr_error_set(err, KRING_ERR_IO, _("cannot open '%s': %s"), path,
                          SQ(s)->db ? sqlite3_errmsg(SQ(s)->db)
                                    : "out of memory");
        goto fail;
    }
    sqlite3_extended_result_codes(SQ(s)->db, 1);
    SQ(s)->seed = (unsigned long long)getpid() * 2654435761ULL ^
                  (unsigned long long)now_ms();
    sqlite3_busy_handler(SQ(s)->db, busy_wait, s);
    /* What is removed is overwritten, a migration's old rows too. */
    if ((rc = kr_exec(s, "PRAGMA foreign_keys = ON", err)) ||
        (rc = kr_exec(s, "PRAGMA secure_delete = ON", err)) ||
        (rc = check_kring_file(s, &version, err)))
        goto fail;
    if (version < KRING_SCHEMA_VERSION) {
        if (readonly && !missing) {
            rc = kr_error_set(err, KRING_ERR_VERSION, "%s",
                              _("the database has an older schema; run a "
                                "command that writes to update it"));
            goto fail;
        }
        if ((rc = migrate(s, err)))
            goto fail;
        /* The old audit log's codes and ids must not stay in the WAL. */
        if (version > 0)
            kr_erase_wal(s);
    }
    if (!readonly && (rc = kr_exec(s, "PRAGMA journal_mode = WAL", err)))
        goto fail;
    /* A store that reads writes only the log's lines of reads: committed
     * without waiting for the disk (an fsync can take longer than the
     * read). In WAL a crash or a kill loses none; a power cut can lose the
     * last lines of reads, never a change (docs/security.md). */
    if (readonly && (rc = kr_exec(s, "PRAGMA synchronous = NORMAL", err)))
        goto fail;
    if (!(readonly && missing) && stat(path, &st) == 0) {
        SQ(s)->dev = (unsigned long long)st.st_dev;
        SQ(s)->ino = (unsigned long long)st.st_ino;
    }
    if (max_pages > 0) {
        char sql[64];
        snprintf(sql, sizeof sql, "PRAGMA max_page_count = %lu", max_pages);
        if ((rc = kr_exec(s, sql, err)))
            goto fail;
    }
    return KRING_OK;
fail:
    /* Closed before the new file goes, so that SQLite leaves no -wal or
     * -shm beside it. */
    kr_sq_close(s);
    if (missing && !readonly)
        unlink(path);
    return rc;
}

void kr_sq_close(kring_store *s)
{
    /* Nothing was opened (SQLite could not be loaded, or its open
     * failed before it made a connection). */
    if (SQ(s)->db == NULL)
        return;
    finalize_idle(s);
    sqlite3_close_v2(SQ(s)->db);
    SQ(s)->db = NULL;
}

/* One stat says both whether PATH is still the file opened and whether it
 * is still private. */
int kr_sq_reusable(kring_store *s, const char *path)
{
    struct stat st;
    int version = 0;

    return SQ(s)->ino != 0 && !SQ(s)->in_tx && SQ(s)->op_depth == 0 &&
           sqlite3_get_autocommit(SQ(s)->db) && stat(path, &st) == 0 &&
           (unsigned long long)st.st_dev == SQ(s)->dev &&
           (unsigned long long)st.st_ino == SQ(s)->ino &&
           ((s->flags & KRING_STORE_SHARED_OK) || (st.st_mode & 077) == 0) &&
           pragma_int(s, "PRAGMA user_version", &version, NULL) == KRING_OK &&
           version == KRING_SCHEMA_VERSION;
}

kring_status kr_sq_begin(kring_store *s, kring_error *err)
{
    kring_status rc =
        kr_exec(s, s->readonly ? "BEGIN" : "BEGIN IMMEDIATE", err);

    if (rc == KRING_OK)
        SQ(s)->in_tx = 1;
    return rc;
}

kring_status kr_sq_commit(kring_store *s, kring_error *err)
{
    kring_status rc = kr_exec(s, "COMMIT", err);

    if (rc == KRING_OK)
        SQ(s)->in_tx = 0;
    else
        kr_sq_rollback(s);
    if (rc == KRING_OK && SQ(s)->erased)
        kr_erase_wal(s);
    SQ(s)->erased = 0;
    return rc;
}

/* SQLite's WAL keeps the pages as they were before a removal until a
 * checkpoint copies the new ones into the database and the WAL starts
 * over; TRUNCATE also empties the file (waiting, up to the busy timeout,
 * for readers to finish). The change is committed already: if another
 * kring still reads, the WAL is emptied by a later checkpoint. After a
 * whole case (erased 2) the file is rebuilt first (VACUUM): secure_delete
 * zeroes what is freed, but when SQLite moves rows between pages it can
 * leave a copy of a removed row in a page's unused space (seen after a
 * `case rm`, issue 17), and only a rebuilt file holds none. */
void kr_erase_wal(kring_store *s)
{
    if (SQ(s)->erased == 2)
        sqlite3_exec(SQ(s)->db, "VACUUM", NULL, NULL, NULL);
    sqlite3_exec(SQ(s)->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL,
                 NULL);
}

int kr_read_logged(const kring_store *s)
{
    return !(SQ(s)->in_tx && !s->readonly);
}

void kr_sq_rollback(kring_store *s)
{
    if (SQ(s)->in_tx || !sqlite3_get_autocommit(SQ(s)->db))
        sqlite3_exec(SQ(s)->db, "ROLLBACK", NULL, NULL, NULL);
    SQ(s)->in_tx = 0;
    SQ(s)->erased = 0;
}

/* Each change is a savepoint: alone it is a transaction, inside
 * kr_sq_begin() it nests. Alone, it begins with BEGIN IMMEDIATE: a
 * savepoint outside a transaction is a deferred one, which reads, then
 * asks for the write lock, and gets SQLITE_BUSY at once, without waiting,
 * when another connection wrote in between. */
kring_status kr_op_begin(kring_store *s, kring_error *err)
{
    kring_status rc;

    if (SQ(s)->op_depth == 0 && !s->readonly &&
        sqlite3_get_autocommit(SQ(s)->db)) {
        if ((rc = kr_exec(s, "BEGIN IMMEDIATE", err)))
            return rc;
        SQ(s)->op_tx = 1;
    }
    if ((rc = kr_exec(s, "SAVEPOINT kring_op", err))) {
        if (SQ(s)->op_depth == 0 && SQ(s)->op_tx) {
            sqlite3_exec(SQ(s)->db, "ROLLBACK", NULL, NULL, NULL);
            SQ(s)->op_tx = 0;
        }
        return rc;
    }
    SQ(s)->op_depth++;
    return KRING_OK;
}

kring_status kr_op_end(kring_store *s, kring_status rc, kring_error *err)
{
    if (rc == KRING_OK)
        rc = kr_exec(s, "RELEASE kring_op", err);
    else
        sqlite3_exec(SQ(s)->db, "ROLLBACK TO kring_op; RELEASE kring_op", NULL,
                     NULL, NULL);
    if (--SQ(s)->op_depth > 0)
        return rc;
    if (!SQ(s)->op_tx) {
        /* Inside kr_sq_begin(): its commit clears the WAL. */
        if (!SQ(s)->in_tx) {
            if (rc == KRING_OK && SQ(s)->erased)
                kr_erase_wal(s);
            SQ(s)->erased = 0;
        }
        return rc;
    }
    SQ(s)->op_tx = 0;
    if (rc == KRING_OK && (rc = kr_exec(s, "COMMIT", err)) == KRING_OK) {
        /* Alone, the savepoint was the transaction: a removal is
         * committed. */
        if (SQ(s)->erased)
            kr_erase_wal(s);
        SQ(s)->erased = 0;
        return KRING_OK;
    }
    sqlite3_exec(SQ(s)->db, "ROLLBACK", NULL, NULL, NULL);
    SQ(s)->erased = 0;
    return rc;
}
