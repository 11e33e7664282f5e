/* The store's connection: finding, creating (privately), opening and
 * migrating the SQLite file, transactions, and SQLite's errors. */
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
/* kring_store_set_read_command(): what this thread's reads are logged as. */
static _Thread_local char read_command[64];

/* The case whose read was logged under READ_COMMAND already. */
static _Thread_local long long read_logged;

void kring_store_set_read_command(const char *command)
{
    snprintf(read_command, sizeof read_command, "%s",
             command != NULL ? command : "");
    read_logged = 0;
}

int kr_read_seen(long long key)
{
    if (read_command[0] == '\0')
        return 0;
    if (read_logged == key)
        return 1;
    read_logged = key;
    return 0;
}

const char *kr_read_command(const kring_store *s)
{
    return read_command[0] != '\0' ? read_command : s->command;
}

void kring_debug_max_pages(unsigned long n)
{
    max_pages = n;
}

/* The user's account name, for the audit log. */
char *kr_user_name(void)
{
    struct passwd pw, *found = NULL;
    char buf[1024], id[32];

    if (getpwuid_r(geteuid(), &pw, buf, sizeof buf, &found) == 0 && found &&
        found->pw_name && found->pw_name[0])
        return kr_strdup(found->pw_name);
    snprintf(id, sizeof id, "uid %lu", (unsigned long)geteuid());
    return kr_strdup(id);
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
        s->busy_since = now;
    else if (now - s->busy_since >= BUSY_TIMEOUT_MS)
        return 0;
    delay = count < 5 ? 1LL << count : 32;
    s->seed = s->seed * 6364136223846793005ULL + 1442695040888963407ULL;
    /* [delay / 2, delay * 3 / 2) in microseconds */
    delay = delay * 500 +
            (long long)((s->seed >> 33) % (unsigned long long)(delay * 1000));
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

    if (s == NULL || s->db == NULL)
        return 0;
    if (sqlite3_system_errno(s->db) == ENOSPC ||
        sqlite3_system_errno(s->db) == EDQUOT)
        return 1;
    path = sqlite3_db_filename(s->db, "main");
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
    const char *msg = s && s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc);

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
    int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);

    return rc == SQLITE_OK ? KRING_OK : kr_db_error(s, rc, err);
}

kring_status kr_prepare(kring_store *s, const char *sql, sqlite3_stmt **st,
                        kring_error *err)
{
    int i, rc;

    for (i = s->n_idle - 1; i >= 0; i--)
        if (strcmp(sqlite3_sql(s->idle[i]), sql) == 0) {
            *st = s->idle[i];
            memmove(&s->idle[i], &s->idle[i + 1],
                    (size_t)(s->n_idle - i - 1) * sizeof s->idle[0]);
            s->n_idle--;
            return KRING_OK;
        }
    rc =
        sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL);
    return rc == SQLITE_OK ? KRING_OK : kr_db_error(s, rc, err);
}

void kr_finalize(kring_store *s, sqlite3_stmt *st)
{
    if (st == NULL)
        return;
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (s->n_idle == KR_IDLE) {
        sqlite3_finalize(s->idle[0]);
        memmove(&s->idle[0], &s->idle[1],
                (size_t)(KR_IDLE - 1) * sizeof s->idle[0]);
        s->n_idle--;
    }
    s->idle[s->n_idle++] = st;
}

/* Finalizes the statements kept prepared. */
static void finalize_idle(kring_store *s)
{
    while (s->n_idle > 0)
        sqlite3_finalize(s->idle[--s->n_idle]);
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

char *kring_store_default_path(kring_error *err)
{
    const char *env = getenv("KRING_DB");
    const char *xdg = getenv("XDG_DATA_HOME");
    const char *home = getenv("HOME");
    char *path;
    size_t n;

    if (env != NULL && env[0] != '\0')
        return kr_strdup(env);
    if (xdg == NULL || xdg[0] != '/')
        xdg = NULL;
    if (xdg == NULL && (home == NULL || home[0] == '\0')) {
        kr_error_set(err, KRING_ERR_INVALID, "%s",
                     _("no database: give --db PATH or set KRING_DB (HOME "
                       "is not set)"));
        return NULL;
    }
    n = strlen(xdg ? xdg : home) + 40;
    if ((path = kr_malloc(n)) == NULL) {
        kr_nomem(err);
        return NULL;
    }
    if (xdg != NULL)
        snprintf(path, n, "%s/kring/kring.db", xdg);
    else
        snprintf(path, n, "%s/.local/share/kring/kring.db", home);
    return path;
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
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
keys:
    if (rc == KRING_OK)
        rc = kr_exec(s, "PRAGMA foreign_keys = ON", err);
    else
        kr_exec(s, "PRAGMA foreign_keys = ON", NULL);
    return rc;
}

/* SQLite counts the memory it uses under one lock for the whole process,
 * which threads reading at once (kring serve) wait for; kring does not
 * ask for the count. Set before SQLite starts, once. */
static pthread_once_t sqlite_once = PTHREAD_ONCE_INIT;

static void sqlite_setup(void)
{
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/* --- stores kept open (kring_store_keep_open()) ----------------------- */

#define KEPT_STORES 4

struct kept {
    kring_store *s[KEPT_STORES];
};

static pthread_key_t kept_key;
static pthread_once_t kept_once = PTHREAD_ONCE_INIT;
static _Thread_local int keeping;

static void really_close(kring_store *s);

static void kept_free(void *p)
{
    struct kept *k = p;
    int i;

    if (k == NULL)
        return;
    for (i = 0; i < KEPT_STORES; i++)
        really_close(k->s[i]);
    free(k);
}

static void kept_make_key(void)
{
    if (pthread_key_create(&kept_key, kept_free) != 0)
        abort();
}

void kring_store_keep_open(int on)
{
    struct kept *k;

    pthread_once(&kept_once, kept_make_key);
    keeping = on;
    if (!on && (k = pthread_getspecific(kept_key)) != NULL) {
        pthread_setspecific(kept_key, NULL);
        kept_free(k);
    }
}

/* A kept store of this thread opened from PATH with FLAGS that may serve
 * again, taken out; NULL if none. One that may not is closed. */
static kring_store *kept_take(const char *path, unsigned flags)
{
    struct kept *k = keeping ? pthread_getspecific(kept_key) : NULL;
    kring_store *s;
    int i;

    for (i = 0; k != NULL && i < KEPT_STORES; i++) {
        if ((s = k->s[i]) == NULL || s->flags != flags ||
            strcmp(s->path, path) != 0)
            continue;
        k->s[i] = NULL;
        if (kring_store_reusable(s, path) &&
            ((flags & KRING_STORE_SHARED_OK) ||
             check_private(path, NULL) == KRING_OK)) {
            s->busy_since = 0;
            /* As it was opened: the account kring runs as, and no
             * command named yet. */
            if (kr_set_string(&s->command, "kring", NULL) == KRING_OK &&
                (!s->user_given ||
                 kring_store_set_user(s, NULL, NULL) == KRING_OK))
                return s;
        }
        really_close(s);
    }
    return NULL;
}

/* Keeps S for this thread's next open; 0 if it cannot be kept. */
static int kept_put(kring_store *s)
{
    struct kept *k;
    int i;

    if (!keeping || s->ino == 0 || s->op_depth != 0)
        return 0;
    if ((k = pthread_getspecific(kept_key)) == NULL) {
        if ((k = calloc(1, sizeof *k)) == NULL)
            return 0;
        if (pthread_setspecific(kept_key, k) != 0) {
            free(k);
            return 0;
        }
    }
    for (i = 0; i < KEPT_STORES; i++)
        if (k->s[i] == NULL) {
            k->s[i] = s;
            return 1;
        }
    return 0;
}

kring_status kring_store_open(const char *path, unsigned flags,
                              kring_store **out, kring_error *err)
{
    kring_store *s = NULL;
    int readonly = (flags & KRING_STORE_READONLY) != 0;
    int missing = access(path, F_OK) != 0;
    int version = 0, oflags;
    kring_status rc = KRING_OK;
    struct stat st;

    *out = NULL;
    pthread_once(&sqlite_once, sqlite_setup);
    if ((*out = kept_take(path, flags)) != NULL)
        return KRING_OK;
    if ((s = kr_calloc(1, sizeof *s)) == NULL)
        return kr_nomem(err);
    s->readonly = readonly;
    if ((s->user = kr_user_name()) == NULL ||
        (s->command = kr_strdup("kring")) == NULL) {
        rc = kr_nomem(err);
        goto fail;
    }
    if (!missing && !(flags & KRING_STORE_SHARED_OK) &&
        (rc = check_private(path, err)))
        goto fail;
    if (!readonly && missing &&
        ((rc = make_parents(path, err)) || (rc = create_private(path, err))))
        goto fail;
    /* Read-write even to read: every read of a case is logged. SQLite
     * opens a file it may not write read-only, and the log then refuses. */
    oflags = SQLITE_OPEN_READWRITE;
    if (sqlite3_open_v2(readonly && missing ? ":memory:" : path, &s->db,
                        oflags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        rc = kr_error_set(err, KRING_ERR_IO, _("cannot open '%s': %s"), path,
                          s->db ? sqlite3_errmsg(s->db) : "out of memory");
        goto fail;
    }
    sqlite3_extended_result_codes(s->db, 1);
    s->seed = (unsigned long long)getpid() * 2654435761ULL ^
              (unsigned long long)now_ms();
    sqlite3_busy_handler(s->db, busy_wait, s);
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
    if ((s->path = kr_strdup(path)) == NULL) {
        rc = kr_nomem(err);
        goto fail;
    }
    s->flags = flags;
    if (!(readonly && missing) && stat(path, &st) == 0) {
        s->dev = (unsigned long long)st.st_dev;
        s->ino = (unsigned long long)st.st_ino;
    }
    if (max_pages > 0) {
        char sql[64];
        snprintf(sql, sizeof sql, "PRAGMA max_page_count = %lu", max_pages);
        if ((rc = kr_exec(s, sql, err)))
            goto fail;
    }
    *out = s;
    return KRING_OK;
fail:
    kring_store_close(s);
    if (missing && !readonly)
        unlink(path);
    return rc;
}

static void really_close(kring_store *s)
{
    if (s == NULL)
        return;
    finalize_idle(s);
    sqlite3_close_v2(s->db);
    kr_free(s->user);
    kr_free(s->command);
    kr_free(s->path);
    kr_free(s);
}

void kring_store_close(kring_store *s)
{
    if (s == NULL)
        return;
    if (s->in_tx)
        kring_store_rollback(s);
    s->erased = 0;
    if (!kept_put(s))
        really_close(s);
}

int kring_store_reusable(kring_store *s, const char *path)
{
    struct stat st;
    int version = 0;

    return s != NULL && s->ino != 0 && !s->in_tx && s->op_depth == 0 &&
           sqlite3_get_autocommit(s->db) && stat(path, &st) == 0 &&
           (unsigned long long)st.st_dev == s->dev &&
           (unsigned long long)st.st_ino == s->ino &&
           pragma_int(s, "PRAGMA user_version", &version, NULL) == KRING_OK &&
           version == KRING_SCHEMA_VERSION;
}

kring_status kring_store_begin(kring_store *s, kring_error *err)
{
    kring_status rc =
        kr_exec(s, s->readonly ? "BEGIN" : "BEGIN IMMEDIATE", err);

    if (rc == KRING_OK)
        s->in_tx = 1;
    return rc;
}

kring_status kring_store_commit(kring_store *s, kring_error *err)
{
    kring_status rc = kr_exec(s, "COMMIT", err);

    if (rc == KRING_OK)
        s->in_tx = 0;
    else
        kring_store_rollback(s);
    if (rc == KRING_OK && s->erased)
        kr_erase_wal(s);
    s->erased = 0;
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
    if (s->erased == 2)
        sqlite3_exec(s->db, "VACUUM", NULL, NULL, NULL);
    sqlite3_exec(s->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
}

int kr_read_logged(const kring_store *s)
{
    return !(s->in_tx && !s->readonly);
}

void kring_store_rollback(kring_store *s)
{
    if (s->in_tx || !sqlite3_get_autocommit(s->db))
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    s->in_tx = 0;
    s->erased = 0;
}

/* Each change is a savepoint: alone it is a transaction, inside
 * kring_store_begin() it nests. Alone, it begins with BEGIN IMMEDIATE: a
 * savepoint outside a transaction is a deferred one, which reads, then
 * asks for the write lock, and gets SQLITE_BUSY at once, without waiting,
 * when another connection wrote in between. */
kring_status kr_op_begin(kring_store *s, kring_error *err)
{
    kring_status rc;

    if (s->op_depth == 0 && !s->readonly && sqlite3_get_autocommit(s->db)) {
        if ((rc = kr_exec(s, "BEGIN IMMEDIATE", err)))
            return rc;
        s->op_tx = 1;
    }
    if ((rc = kr_exec(s, "SAVEPOINT kring_op", err))) {
        if (s->op_depth == 0 && s->op_tx) {
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
            s->op_tx = 0;
        }
        return rc;
    }
    s->op_depth++;
    return KRING_OK;
}

kring_status kr_op_end(kring_store *s, kring_status rc, kring_error *err)
{
    if (rc == KRING_OK)
        rc = kr_exec(s, "RELEASE kring_op", err);
    else
        sqlite3_exec(s->db, "ROLLBACK TO kring_op; RELEASE kring_op", NULL,
                     NULL, NULL);
    if (--s->op_depth > 0)
        return rc;
    if (!s->op_tx) {
        /* Inside kring_store_begin(): its commit clears the WAL. */
        if (!s->in_tx) {
            if (rc == KRING_OK && s->erased)
                kr_erase_wal(s);
            s->erased = 0;
        }
        return rc;
    }
    s->op_tx = 0;
    if (rc == KRING_OK && (rc = kr_exec(s, "COMMIT", err)) == KRING_OK) {
        /* Alone, the savepoint was the transaction: a removal is
         * committed. */
        if (s->erased)
            kr_erase_wal(s);
        s->erased = 0;
        return KRING_OK;
    }
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    s->erased = 0;
    return rc;
}
