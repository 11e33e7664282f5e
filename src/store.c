/* The store: cases in one SQLite file. Every change runs inside a
 * transaction, so an error leaves the file as it was. */
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "case_internal.h"
#include "casefile_internal.h"
#include "store_internal.h"

#define BUSY_TIMEOUT_MS 10000

struct kring_store {
    sqlite3 *db;  /* the connection */
    int in_tx;    /* inside kring_store_begin() */
    int readonly; /* opened with KRING_STORE_READONLY */
};

/* Turns a SQLite failure into a kring error. */
static kring_status db_error(kring_store *s, int rc, kring_error *err)
{
    const char *msg = s && s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc);

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

static kring_status exec(kring_store *s, const char *sql, kring_error *err)
{
    int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);

    return rc == SQLITE_OK ? KRING_OK : db_error(s, rc, err);
}

static kring_status prepare(kring_store *s, const char *sql,
                            sqlite3_stmt **st, kring_error *err)
{
    int rc = sqlite3_prepare_v2(s->db, sql, -1, st, NULL);

    return rc == SQLITE_OK ? KRING_OK : db_error(s, rc, err);
}

/* Runs a statement that returns no rows, then resets it for reuse. */
static kring_status step_done(kring_store *s, sqlite3_stmt *st,
                              kring_error *err)
{
    int rc = sqlite3_step(st);

    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc == SQLITE_DONE ? KRING_OK : db_error(s, rc, err);
}

static kring_status pragma_int(kring_store *s, const char *sql, int *value,
                               kring_error *err)
{
    sqlite3_stmt *st = NULL;
    kring_status rc;
    int r;

    if ((rc = prepare(s, sql, &st, err)))
        return rc;
    r = sqlite3_step(st);
    if (r == SQLITE_ROW)
        *value = sqlite3_column_int(st, 0);
    else
        rc = db_error(s, r, err);
    sqlite3_finalize(st);
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
        (rc = pragma_int(s, "PRAGMA application_id", &app, err)) ||
        (rc = pragma_int(s, "SELECT count(*) FROM sqlite_schema", &tables,
                         err)))
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

static kring_status migrate(kring_store *s, kring_error *err)
{
    char sql[96];
    kring_status rc;
    int version = 0, v;

    if ((rc = exec(s, "BEGIN IMMEDIATE", err)))
        return rc;
    /* Read again under the lock: another process may have migrated. */
    if ((rc = check_kring_file(s, &version, err)))
        goto out;
    for (v = version; v < kr_migration_count; v++) {
        const char *const *sql_step;
        for (sql_step = kr_migrations[v]; *sql_step; sql_step++)
            if ((rc = exec(s, *sql_step, err)))
                goto out;
    }
    if (version < kr_migration_count) {
        snprintf(sql, sizeof sql,
                 "PRAGMA user_version = %d; PRAGMA application_id = %d",
                 kr_migration_count, KR_APPLICATION_ID);
        if ((rc = exec(s, sql, err)))
            goto out;
    }
    rc = exec(s, "COMMIT", err);
out:
    if (rc != KRING_OK)
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

kring_status kring_store_open(const char *path, unsigned flags,
                              kring_store **out, kring_error *err)
{
    kring_store *s = NULL;
    int readonly = (flags & KRING_STORE_READONLY) != 0;
    int missing = access(path, F_OK) != 0;
    int version = 0, oflags;
    kring_status rc = KRING_OK;

    *out = NULL;
    if ((s = kr_calloc(1, sizeof *s)) == NULL)
        return kr_nomem(err);
    s->readonly = readonly;
    if (!readonly && missing &&
        ((rc = make_parents(path, err)) || (rc = create_private(path, err))))
        goto fail;
    oflags = readonly && !missing ? SQLITE_OPEN_READONLY
                                  : SQLITE_OPEN_READWRITE;
    if (sqlite3_open_v2(readonly && missing ? ":memory:" : path, &s->db,
                        oflags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        rc = kr_error_set(err, KRING_ERR_IO, _("cannot open '%s': %s"), path,
                          s->db ? sqlite3_errmsg(s->db) : "out of memory");
        goto fail;
    }
    sqlite3_extended_result_codes(s->db, 1);
    sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
    if ((rc = exec(s, "PRAGMA foreign_keys = ON", err)) ||
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
    }
    if (!readonly && ((rc = exec(s, "PRAGMA journal_mode = WAL", err)) ||
                      (rc = exec(s, "PRAGMA secure_delete = ON", err))))
        goto fail;
    *out = s;
    return KRING_OK;
fail:
    kring_store_close(s);
    if (missing && !readonly)
        unlink(path);
    return rc;
}

void kring_store_close(kring_store *s)
{
    if (s == NULL)
        return;
    if (s->in_tx)
        kring_store_rollback(s);
    sqlite3_close_v2(s->db);
    kr_free(s);
}

kring_status kring_store_begin(kring_store *s, kring_error *err)
{
    kring_status rc = exec(s, s->readonly ? "BEGIN" : "BEGIN IMMEDIATE", err);

    if (rc == KRING_OK)
        s->in_tx = 1;
    return rc;
}

kring_status kring_store_commit(kring_store *s, kring_error *err)
{
    kring_status rc = exec(s, "COMMIT", err);

    if (rc == KRING_OK)
        s->in_tx = 0;
    else
        kring_store_rollback(s);
    return rc;
}

void kring_store_rollback(kring_store *s)
{
    if (s->in_tx || !sqlite3_get_autocommit(s->db))
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    s->in_tx = 0;
}

/* Each change is a savepoint: alone it is a transaction, inside
 * kring_store_begin() it nests. */
static kring_status op_begin(kring_store *s, kring_error *err)
{
    return exec(s, "SAVEPOINT kring_op", err);
}

static kring_status op_end(kring_store *s, kring_status rc, kring_error *err)
{
    if (rc == KRING_OK)
        return exec(s, "RELEASE kring_op", err);
    sqlite3_exec(s->db, "ROLLBACK TO kring_op; RELEASE kring_op", NULL, NULL,
                 NULL);
    return rc;
}

static void bind_text_or_null(sqlite3_stmt *st, int i, const char *v)
{
    if (v != NULL)
        sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

static void bind_enum_or_null(sqlite3_stmt *st, int i, kring_enum e, int v)
{
    bind_text_or_null(st, i, kring_enum_name(e, v));
}

static void bind_int_or_null(sqlite3_stmt *st, int i, long long v,
                             long long unknown)
{
    if (v != unknown)
        sqlite3_bind_int64(st, i, v);
    else
        sqlite3_bind_null(st, i);
}

static const char insert_person_sql[] =
    "INSERT INTO people (case_code, id, name, role, sector, ring, age, "
    "contact, known_years, support, hours_per_week, travel_minutes, "
    "reachable, quality, status, formal, willing, concern, frightens, "
    "nominated, lives_with_child, adult, notes, extra) VALUES (?1, ?2, ?3, "
    "?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, "
    "?19, ?20, ?21, ?22, ?23, ?24)";

static const char update_person_sql[] =
    "UPDATE people SET name = ?3, role = ?4, sector = ?5, ring = ?6, "
    "age = ?7, contact = ?8, known_years = ?9, support = ?10, "
    "hours_per_week = ?11, travel_minutes = ?12, reachable = ?13, "
    "quality = ?14, status = ?15, formal = ?16, willing = ?17, "
    "concern = ?18, frightens = ?19, nominated = ?20, "
    "lives_with_child = ?21, adult = ?22, notes = ?23, extra = ?24 "
    "WHERE case_code = ?1 AND id = ?2";

static const char select_people_sql[] =
    "SELECT id, name, role, sector, ring, age, contact, known_years, "
    "support, hours_per_week, travel_minutes, reachable, quality, status, "
    "formal, willing, concern, frightens, nominated, lives_with_child, "
    "adult, notes, extra FROM people WHERE case_code = ?1 ORDER BY rowid";

static void bind_person(sqlite3_stmt *st, const char *code,
                        const kring_person *p)
{
    sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, p->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, p->name, -1, SQLITE_STATIC);
    bind_enum_or_null(st, 4, KRING_ENUM_ROLE, (int)p->role);
    bind_enum_or_null(st, 5, KRING_ENUM_SECTOR, (int)p->sector);
    sqlite3_bind_int(st, 6, p->ring);
    bind_int_or_null(st, 7, p->age, -1);
    bind_enum_or_null(st, 8, KRING_ENUM_CONTACT, (int)p->contact);
    bind_int_or_null(st, 9, p->known_years, -1);
    sqlite3_bind_int(st, 10, (int)p->support);
    if (p->hours_per_week >= 0)
        sqlite3_bind_double(st, 11, p->hours_per_week);
    else
        sqlite3_bind_null(st, 11);
    bind_int_or_null(st, 12, p->travel_minutes, -1);
    bind_enum_or_null(st, 13, KRING_ENUM_REACHABLE, (int)p->reachable);
    bind_enum_or_null(st, 14, KRING_ENUM_QUALITY, (int)p->quality);
    bind_enum_or_null(st, 15, KRING_ENUM_STATUS, (int)p->status);
    sqlite3_bind_int(st, 16, p->formal);
    bind_enum_or_null(st, 17, KRING_ENUM_WILLING, (int)p->willing);
    sqlite3_bind_int(st, 18, p->concern);
    sqlite3_bind_int(st, 19, p->frightens);
    sqlite3_bind_int(st, 20, p->nominated);
    sqlite3_bind_int(st, 21, p->lives_with_child);
    bind_int_or_null(st, 22, p->adult, -1);
    bind_text_or_null(st, 23, p->notes ? p->notes : "");
    bind_text_or_null(st, 24, p->extra);
}

static int column_enum(sqlite3_stmt *st, int col, kring_enum e, int unknown)
{
    const char *v = (const char *)sqlite3_column_text(st, col);
    int x = v ? kring_enum_parse(e, v) : -1;

    return x >= 0 ? x : unknown;
}

static int column_int_or(sqlite3_stmt *st, int col, int unknown)
{
    return sqlite3_column_type(st, col) == SQLITE_NULL
               ? unknown
               : sqlite3_column_int(st, col);
}

/* Copies a text column (NULL stays NULL unless EMPTY asks for ""). */
static int column_dup(sqlite3_stmt *st, int col, int empty, char **out)
{
    const char *v = (const char *)sqlite3_column_text(st, col);

    if (v == NULL && !empty) {
        *out = NULL;
        return 0;
    }
    *out = kr_strdup(v ? v : "");
    return *out == NULL;
}

static kring_status read_person_row(sqlite3_stmt *st, kring_person *p,
                                    kring_error *err)
{
    kring_person_init(p, (kring_role)column_enum(st, 2, KRING_ENUM_ROLE, 0),
                      sqlite3_column_int(st, 4));
    p->sector = (kring_sector)column_enum(st, 3, KRING_ENUM_SECTOR, 0);
    p->age = column_int_or(st, 5, -1);
    p->contact = (kring_contact)column_enum(st, 6, KRING_ENUM_CONTACT, 0);
    p->known_years = column_int_or(st, 7, -1);
    p->support = (unsigned)sqlite3_column_int(st, 8);
    p->hours_per_week = sqlite3_column_type(st, 9) == SQLITE_NULL
                            ? -1
                            : sqlite3_column_double(st, 9);
    p->travel_minutes = column_int_or(st, 10, -1);
    p->reachable = (kring_reachable)column_enum(st, 11, KRING_ENUM_REACHABLE,
                                                0);
    p->quality = (kring_quality)column_enum(st, 12, KRING_ENUM_QUALITY, 0);
    p->status = (kring_pstatus)column_enum(st, 13, KRING_ENUM_STATUS, 0);
    p->formal = sqlite3_column_int(st, 14) != 0;
    p->willing = (kring_willing)column_enum(st, 15, KRING_ENUM_WILLING, 0);
    p->concern = sqlite3_column_int(st, 16) != 0;
    p->frightens = sqlite3_column_int(st, 17) != 0;
    p->nominated = sqlite3_column_int(st, 18) != 0;
    p->lives_with_child = sqlite3_column_int(st, 19) != 0;
    p->adult = column_int_or(st, 20, -1);
    if (column_dup(st, 0, 1, &p->id) || column_dup(st, 1, 1, &p->name) ||
        column_dup(st, 21, 1, &p->notes) || column_dup(st, 22, 0, &p->extra)) {
        kring_person_release(p);
        return kr_nomem(err);
    }
    return KRING_OK;
}

kring_status kring_store_list_cases(kring_store *s, kring_case_summary **out,
                                    size_t *n, kring_error *err)
{
    sqlite3_stmt *st = NULL;
    kring_case_summary *list = NULL;
    size_t count = 0, cap = 0;
    kring_status rc;
    int r;

    *out = NULL;
    *n = 0;
    rc = prepare(s,
                 "SELECT code, name, birth_year, (SELECT count(*) FROM people "
                 "p WHERE p.case_code = c.code), (SELECT count(*) FROM ties t "
                 "WHERE t.case_code = c.code) FROM cases c ORDER BY code",
                 &st, err);
    while (rc == KRING_OK && (r = sqlite3_step(st)) == SQLITE_ROW) {
        kring_case_summary *cs;
        if (kr_grow(&list, &cap, count + 1, sizeof *list)) {
            rc = kr_nomem(err);
            break;
        }
        cs = &list[count++];
        cs->birth_year = column_int_or(st, 2, 0);
        cs->n_people = (size_t)sqlite3_column_int64(st, 3);
        cs->n_ties = (size_t)sqlite3_column_int64(st, 4);
        if (column_dup(st, 0, 1, &cs->code) || column_dup(st, 1, 1, &cs->name))
            rc = kr_nomem(err);
    }
    if (rc == KRING_OK && r != SQLITE_DONE)
        rc = db_error(s, r, err);
    sqlite3_finalize(st);
    if (rc != KRING_OK) {
        kring_case_summaries_free(list, count);
        return rc;
    }
    *out = list;
    *n = count;
    return KRING_OK;
}

void kring_case_summaries_free(kring_case_summary *list, size_t n)
{
    size_t i;

    for (i = 0; list != NULL && i < n; i++) {
        kr_free(list[i].code);
        kr_free(list[i].name);
    }
    kr_free(list);
}

static kring_status load_header(kring_store *s, const char *code,
                                kring_case *c, kring_error *err)
{
    sqlite3_stmt *st = NULL;
    kring_status rc;
    int r;

    if ((rc = prepare(s,
                      "SELECT code, name, birth_year, notes, extra, "
                      "file_extra FROM cases WHERE code = ?1",
                      &st, err)))
        return rc;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
    r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        c->birth_year = column_int_or(st, 2, 0);
        if (column_dup(st, 0, 1, &c->code) || column_dup(st, 1, 1, &c->name) ||
            column_dup(st, 3, 1, &c->notes) ||
            column_dup(st, 4, 0, &c->extra) ||
            column_dup(st, 5, 0, &c->file_extra))
            rc = kr_nomem(err);
    } else if (r == SQLITE_DONE) {
        rc = kr_error_set(err, KRING_ERR_NOT_FOUND, _("no case '%s'"), code);
    } else {
        rc = db_error(s, r, err);
    }
    sqlite3_finalize(st);
    return rc;
}

static kring_status load_people(kring_store *s, kring_case *c,
                                kring_error *err)
{
    sqlite3_stmt *st = NULL;
    kring_status rc;
    int r;

    if ((rc = prepare(s, select_people_sql, &st, err)))
        return rc;
    sqlite3_bind_text(st, 1, c->code, -1, SQLITE_STATIC);
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        if (kr_grow(&c->people, &c->cap_people, c->n_people + 1,
                    sizeof *c->people)) {
            rc = kr_nomem(err);
            break;
        }
        if ((rc = read_person_row(st, &c->people[c->n_people], err)))
            break;
        c->n_people++;
    }
    if (rc == KRING_OK && r != SQLITE_DONE)
        rc = db_error(s, r, err);
    sqlite3_finalize(st);
    return rc;
}

static kring_status load_ties(kring_store *s, kring_case *c, kring_error *err)
{
    sqlite3_stmt *st = NULL;
    kring_status rc;
    int r;

    if ((rc = prepare(s,
                      "SELECT a, b, strength, quality, extra FROM ties "
                      "WHERE case_code = ?1 ORDER BY rowid",
                      &st, err)))
        return rc;
    sqlite3_bind_text(st, 1, c->code, -1, SQLITE_STATIC);
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        kring_tie *t;
        if (kr_grow(&c->ties, &c->cap_ties, c->n_ties + 1, sizeof *c->ties)) {
            rc = kr_nomem(err);
            break;
        }
        t = &c->ties[c->n_ties++];
        t->strength = (kring_strength)column_enum(st, 2, KRING_ENUM_STRENGTH,
                                                  0);
        t->quality = (kring_tie_quality)column_enum(st, 3,
                                                    KRING_ENUM_TIE_QUALITY, 0);
        if (column_dup(st, 0, 1, &t->a) || column_dup(st, 1, 1, &t->b) ||
            column_dup(st, 4, 0, &t->extra)) {
            rc = kr_nomem(err);
            break;
        }
    }
    if (rc == KRING_OK && r != SQLITE_DONE)
        rc = db_error(s, r, err);
    sqlite3_finalize(st);
    return rc;
}

static kring_status load_snapshots(kring_store *s, kring_case *c,
                                   kring_error *err)
{
    sqlite3_stmt *st = NULL;
    size_t cap = 0;
    kring_status rc;
    int r;

    if ((rc = prepare(s,
                      "SELECT label, taken, network, extra FROM snapshots "
                      "WHERE case_code = ?1 ORDER BY rowid",
                      &st, err)))
        return rc;
    sqlite3_bind_text(st, 1, c->code, -1, SQLITE_STATIC);
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        kring_snapshot *sn;
        if (kr_grow(&c->snapshots, &cap, c->n_snapshots + 1,
                    sizeof *c->snapshots)) {
            rc = kr_nomem(err);
            break;
        }
        sn = &c->snapshots[c->n_snapshots++];
        if (column_dup(st, 0, 1, &sn->label) ||
            column_dup(st, 1, 1, &sn->taken) ||
            column_dup(st, 3, 0, &sn->extra)) {
            rc = kr_nomem(err);
            break;
        }
        if ((rc = kr_network_parse((const char *)sqlite3_column_text(st, 2),
                                   sn, err)))
            break;
    }
    if (rc == KRING_OK && r != SQLITE_DONE)
        rc = db_error(s, r, err);
    sqlite3_finalize(st);
    return rc;
}

static kring_status load_choices(kring_store *s, kring_case *c,
                                 kring_error *err)
{
    sqlite3_stmt *st = NULL;
    size_t cap = 0;
    kring_status rc;
    int r;

    if ((rc = prepare(s,
                      "SELECT person, date, status, note, extra FROM choices "
                      "WHERE case_code = ?1 ORDER BY rowid",
                      &st, err)))
        return rc;
    sqlite3_bind_text(st, 1, c->code, -1, SQLITE_STATIC);
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        kring_choice *ch;
        if (kr_grow(&c->choices, &cap, c->n_choices + 1, sizeof *c->choices)) {
            rc = kr_nomem(err);
            break;
        }
        ch = &c->choices[c->n_choices++];
        ch->status = (kring_choice_status)column_enum(
            st, 2, KRING_ENUM_CHOICE_STATUS, 0);
        if (column_dup(st, 0, 1, &ch->person) ||
            column_dup(st, 1, 1, &ch->date) ||
            column_dup(st, 3, 1, &ch->note) ||
            column_dup(st, 4, 0, &ch->extra)) {
            rc = kr_nomem(err);
            break;
        }
    }
    if (rc == KRING_OK && r != SQLITE_DONE)
        rc = db_error(s, r, err);
    sqlite3_finalize(st);
    return rc;
}

kring_status kring_store_load_case(kring_store *s, const char *code,
                                   kring_case **out, kring_error *err)
{
    kring_case *c = kring_case_new();
    kring_status rc;

    *out = NULL;
    if (c == NULL)
        return kr_nomem(err);
    if ((rc = load_header(s, code, c, err)) ||
        (rc = load_people(s, c, err)) || (rc = load_ties(s, c, err)) ||
        (rc = load_snapshots(s, c, err)) || (rc = load_choices(s, c, err))) {
        kring_case_free(c);
        return rc;
    }
    *out = c;
    return KRING_OK;
}

static kring_status case_exists(kring_store *s, const char *code, int *found,
                                kring_error *err)
{
    sqlite3_stmt *st = NULL;
    kring_status rc;
    int r;

    if ((rc = prepare(s, "SELECT 1 FROM cases WHERE code = ?1", &st, err)))
        return rc;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
    r = sqlite3_step(st);
    *found = r == SQLITE_ROW;
    if (r != SQLITE_ROW && r != SQLITE_DONE)
        rc = db_error(s, r, err);
    sqlite3_finalize(st);
    return rc;
}

static kring_status insert_ties(kring_store *s, const char *code,
                                const kring_tie *ties, size_t n,
                                kring_error *err)
{
    sqlite3_stmt *st = NULL;
    kring_status rc;
    size_t i;

    if ((rc = prepare(s,
                      "INSERT INTO ties (case_code, a, b, strength, quality, "
                      "extra) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                      &st, err)))
        return rc;
    for (i = 0; i < n && rc == KRING_OK; i++) {
        sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, ties[i].a, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, ties[i].b, -1, SQLITE_STATIC);
        bind_enum_or_null(st, 4, KRING_ENUM_STRENGTH, (int)ties[i].strength);
        bind_enum_or_null(st, 5, KRING_ENUM_TIE_QUALITY,
                          (int)ties[i].quality);
        bind_text_or_null(st, 6, ties[i].extra);
        rc = step_done(s, st, err);
    }
    sqlite3_finalize(st);
    return rc;
}

static kring_status insert_people(kring_store *s, const char *code,
                                  const kring_person *people, size_t n,
                                  kring_error *err)
{
    sqlite3_stmt *st = NULL;
    kring_status rc;
    size_t i;

    if ((rc = prepare(s, insert_person_sql, &st, err)))
        return rc;
    for (i = 0; i < n && rc == KRING_OK; i++) {
        bind_person(st, code, &people[i]);
        rc = step_done(s, st, err);
    }
    sqlite3_finalize(st);
    return rc;
}

static kring_status insert_snapshots(kring_store *s, const kring_case *c,
                                     kring_error *err)
{
    sqlite3_stmt *st = NULL;
    char *network = NULL;
    kring_status rc;
    size_t i;

    if ((rc = prepare(s,
                      "INSERT INTO snapshots (case_code, label, taken, "
                      "network, extra) VALUES (?1, ?2, ?3, ?4, ?5)",
                      &st, err)))
        return rc;
    for (i = 0; i < c->n_snapshots && rc == KRING_OK; i++) {
        const kring_snapshot *sn = &c->snapshots[i];
        if ((rc = kr_network_dump(sn->people, sn->n_people, sn->ties,
                                  sn->n_ties, &network, err)))
            break;
        sqlite3_bind_text(st, 1, c->code, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, sn->label, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, sn->taken, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, network, -1, SQLITE_STATIC);
        bind_text_or_null(st, 5, sn->extra);
        rc = step_done(s, st, err);
        kr_free(network);
        network = NULL;
    }
    sqlite3_finalize(st);
    return rc;
}

static kring_status insert_choices(kring_store *s, const kring_case *c,
                                   kring_error *err)
{
    sqlite3_stmt *st = NULL;
    kring_status rc;
    size_t i;

    if ((rc = prepare(s,
                      "INSERT INTO choices (case_code, person, date, status, "
                      "note, extra) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                      &st, err)))
        return rc;
    for (i = 0; i < c->n_choices && rc == KRING_OK; i++) {
        const kring_choice *ch = &c->choices[i];
        sqlite3_bind_text(st, 1, c->code, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, ch->person, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, ch->date, -1, SQLITE_STATIC);
        bind_enum_or_null(st, 4, KRING_ENUM_CHOICE_STATUS, (int)ch->status);
        bind_text_or_null(st, 5, ch->note ? ch->note : "");
        bind_text_or_null(st, 6, ch->extra);
        rc = step_done(s, st, err);
    }
    sqlite3_finalize(st);
    return rc;
}

static kring_status insert_case(kring_store *s, const kring_case *c,
                                kring_error *err)
{
    sqlite3_stmt *st = NULL;
    kring_status rc;

    if ((rc = prepare(s,
                      "INSERT INTO cases (code, name, birth_year, notes, "
                      "extra, file_extra) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                      &st, err)))
        return rc;
    sqlite3_bind_text(st, 1, c->code, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, c->name, -1, SQLITE_STATIC);
    bind_int_or_null(st, 3, c->birth_year, 0);
    bind_text_or_null(st, 4, c->notes ? c->notes : "");
    bind_text_or_null(st, 5, c->extra);
    bind_text_or_null(st, 6, c->file_extra);
    rc = step_done(s, st, err);
    sqlite3_finalize(st);
    if (rc == KRING_OK)
        rc = insert_people(s, c->code, c->people, c->n_people, err);
    if (rc == KRING_OK)
        rc = insert_ties(s, c->code, c->ties, c->n_ties, err);
    if (rc == KRING_OK)
        rc = insert_snapshots(s, c, err);
    if (rc == KRING_OK)
        rc = insert_choices(s, c, err);
    return rc;
}

static kring_status delete_where_code(kring_store *s, const char *sql,
                                      const char *code, int *changed,
                                      kring_error *err)
{
    sqlite3_stmt *st = NULL;
    kring_status rc;

    if ((rc = prepare(s, sql, &st, err)))
        return rc;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
    rc = step_done(s, st, err);
    if (changed != NULL)
        *changed = sqlite3_changes(s->db);
    sqlite3_finalize(st);
    return rc;
}

kring_status kring_store_put_case(kring_store *s, const kring_case *c,
                                  bool replace, kring_error *err)
{
    kring_status rc;
    int found = 0;

    if ((rc = kring_case_validate(c, err)) || (rc = op_begin(s, err)))
        return rc;
    rc = case_exists(s, c->code, &found, err);
    if (rc == KRING_OK && found && !replace)
        rc = kr_error_set(err, KRING_ERR_EXISTS,
                          _("case '%s' already exists"), c->code);
    if (rc == KRING_OK && found)
        rc = delete_where_code(s, "DELETE FROM cases WHERE code = ?1",
                               c->code, NULL, err);
    if (rc == KRING_OK)
        rc = insert_case(s, c, err);
    return op_end(s, rc, err);
}

kring_status kring_store_delete_case(kring_store *s, const char *code,
                                     kring_error *err)
{
    kring_status rc;
    int changed = 0;

    if ((rc = op_begin(s, err)))
        return rc;
    rc = delete_where_code(s, "DELETE FROM cases WHERE code = ?1", code,
                           &changed, err);
    if (rc == KRING_OK && changed == 0)
        rc = kr_error_set(err, KRING_ERR_NOT_FOUND, _("no case '%s'"), code);
    return op_end(s, rc, err);
}

static kring_status require_case(kring_store *s, const char *code,
                                 kring_error *err)
{
    int found = 0;
    kring_status rc = case_exists(s, code, &found, err);

    if (rc == KRING_OK && !found)
        rc = kr_error_set(err, KRING_ERR_NOT_FOUND, _("no case '%s'"), code);
    return rc;
}

static kring_status write_person(kring_store *s, const char *code,
                                 const kring_person *p, const char *sql,
                                 int must_change, kring_error *err)
{
    sqlite3_stmt *st = NULL;
    kring_status rc;

    if ((rc = kring_person_validate(p, err)) || (rc = op_begin(s, err)))
        return rc;
    rc = require_case(s, code, err);
    if (rc == KRING_OK)
        rc = prepare(s, sql, &st, err);
    if (rc == KRING_OK) {
        bind_person(st, code, p);
        rc = step_done(s, st, err);
        if (rc == KRING_ERR_INVALID && !must_change)
            rc = kr_error_set(err, KRING_ERR_EXISTS,
                              _("case '%s' already has a person with id "
                                "'%s'"),
                              code, p->id);
        if (rc == KRING_OK && must_change && sqlite3_changes(s->db) == 0)
            rc = kr_error_set(err, KRING_ERR_NOT_FOUND,
                              _("case '%s' has no person '%s'"), code, p->id);
    }
    sqlite3_finalize(st);
    return op_end(s, rc, err);
}

kring_status kring_store_insert_person(kring_store *s, const char *code,
                                       const kring_person *p,
                                       kring_error *err)
{
    return write_person(s, code, p, insert_person_sql, 0, err);
}

kring_status kring_store_update_person(kring_store *s, const char *code,
                                       const kring_person *p,
                                       kring_error *err)
{
    return write_person(s, code, p, update_person_sql, 1, err);
}

kring_status kring_store_delete_person(kring_store *s, const char *code,
                                       const char *id, kring_error *err)
{
    sqlite3_stmt *st = NULL;
    kring_status rc;
    int choices = 0, r;

    if ((rc = op_begin(s, err)))
        return rc;
    rc = prepare(s,
                 "SELECT count(*) FROM choices WHERE case_code = ?1 AND "
                 "person = ?2",
                 &st, err);
    if (rc == KRING_OK) {
        sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
        if ((r = sqlite3_step(st)) == SQLITE_ROW)
            choices = sqlite3_column_int(st, 0);
        else
            rc = db_error(s, r, err);
        sqlite3_finalize(st);
        st = NULL;
    }
    if (rc == KRING_OK && choices > 0)
        rc = kr_error_set(err, KRING_ERR_INVALID,
                          _("'%s' has %d recorded choice(s) as mentor; "
                            "removing them would lose that history"),
                          id, choices);
    if (rc == KRING_OK)
        rc = prepare(s, "DELETE FROM people WHERE case_code = ?1 AND id = ?2",
                     &st, err);
    if (rc == KRING_OK) {
        sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
        rc = step_done(s, st, err);
        if (rc == KRING_OK && sqlite3_changes(s->db) == 0)
            rc = kr_error_set(err, KRING_ERR_NOT_FOUND,
                              _("case '%s' has no person '%s'"), code, id);
    }
    sqlite3_finalize(st);
    return op_end(s, rc, err);
}

kring_status kring_store_insert_tie(kring_store *s, const char *code,
                                    const kring_tie *t, kring_error *err)
{
    kring_status rc;

    if ((rc = op_begin(s, err)))
        return rc;
    rc = require_case(s, code, err);
    if (rc == KRING_OK)
        rc = insert_ties(s, code, t, 1, err);
    if (rc == KRING_ERR_INVALID)
        rc = kr_error_set(err, KRING_ERR_INVALID,
                          _("'%s' and '%s' already have a tie, or one of "
                            "them is not a person of case '%s'"),
                          t->a, t->b, code);
    return op_end(s, rc, err);
}

kring_status kring_store_delete_tie(kring_store *s, const char *code,
                                    const char *a, const char *b,
                                    kring_error *err)
{
    sqlite3_stmt *st = NULL;
    kring_status rc;

    if ((rc = op_begin(s, err)))
        return rc;
    rc = prepare(s,
                 "DELETE FROM ties WHERE case_code = ?1 AND ((a = ?2 AND "
                 "b = ?3) OR (a = ?3 AND b = ?2))",
                 &st, err);
    if (rc == KRING_OK) {
        sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, a, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, b, -1, SQLITE_STATIC);
        rc = step_done(s, st, err);
        if (rc == KRING_OK && sqlite3_changes(s->db) == 0)
            rc = kr_error_set(err, KRING_ERR_NOT_FOUND,
                              _("'%s' and '%s' have no tie"), a, b);
    }
    sqlite3_finalize(st);
    return op_end(s, rc, err);
}
