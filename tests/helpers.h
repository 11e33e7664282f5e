/* Helpers shared by the test binaries: temporary folders, running the
 * command line in process, and a dump of a database to compare. */
#ifndef KRING_TEST_HELPERS_H
#define KRING_TEST_HELPERS_H

#include <stdbool.h>
#include <stddef.h>

struct t_run {
    int status; /* exit status */
    char *out;  /* standard output */
    char *err;  /* standard error */
};

/* A new private folder under /tmp; the path is the caller's. */
char *t_tmpdir(void);
/* Whether the tests run on PostgreSQL (KRING_TEST_DB=postgresql, with
 * PGHOST, PGPORT, PGUSER and PGDATABASE naming a server), not SQLite. */
int t_pg(void);
/* A store for the test, named NAME in DIR: the file DIR/NAME (SQLite), or
 * on PostgreSQL an address whose kring.schema is made of DIR's and NAME's
 * letters (a schema of its own for each test). A static buffer of a ring
 * of 8. */
const char *t_db(const char *dir, const char *name);
/* Makes the store DB, empty. */
void t_db_make(const char *db);
/* The schema of a t_db() address on PostgreSQL (a static buffer), or NULL
 * for a file. */
const char *t_schema(const char *db);
/* A test that can only mean PostgreSQL says why and is skipped on
 * SQLite. */
#define T_POSTGRESQL_ONLY(why)                                                 \
    do {                                                                       \
        if (!t_pg())                                                           \
            cr_skip_test("PostgreSQL only: %s", why);                          \
    } while (0)
/* A test that can only mean SQLite's file says why and is skipped on
 * PostgreSQL. */
#define T_SQLITE_ONLY(why)                                                     \
    do {                                                                       \
        if (t_pg())                                                            \
            cr_skip_test("SQLite only: %s", why);                              \
    } while (0)
/* PATH joined to NAME in a static buffer of a ring of 8. */
const char *t_path(const char *dir, const char *name);
/* Runs `kring ARGS...` (NULL-terminated) in process with IN as standard
 * input (NULL for none). */
struct t_run t_cli(const char *in, ...);
/* The same, telling the command that standard input is a terminal. */
struct t_run t_cli_tty(const char *in, ...);
/* The same, telling the command that standard output takes colour. */
struct t_run t_cli_colour(const char *in, ...);
void t_run_free(struct t_run *r);
/* Every row of every table of the database at PATH (a file, or a
 * t_db() address), as text, in a fixed order; "" when there is no file
 * (no schema). */
char *t_dump_db(const char *path);
/* Whether the store at PATH holds nothing of kring's: no file, no
 * schema (t_dump_db() is empty). */
bool t_db_empty(const char *path);
/* The whole file, or NULL. */
char *t_read(const char *path, size_t *len);
void t_write(const char *path, const char *data);
/* Mode bits of PATH (e.g. 0600), or -1. */
int t_mode(const char *path);

/* The sample case files and their codes. */
#define T_SAMPLES 4
extern const char *const t_samples[T_SAMPLES];
extern const char *const t_sample_codes[T_SAMPLES];

/* A new database (in a new folder) holding the sample case of Noah; the
 * path stays valid for the test. */
const char *t_noah_db(void);
/* Runs SQL on the database at PATH (foreign keys on); SQLite's result. On
 * PostgreSQL (kring's schema first on the search_path) the same codes:
 * SQLITE_OK when it ran, SQLITE_CONSTRAINT when the data was refused
 * (SQLSTATE classes 22 and 23), else SQLITE_ERROR. */
int t_sql_exec(const char *path, const char *sql);
/* The first column of the first row SQL returns from the database at PATH
 * (a boolean as 0 or 1); -1 if none. */
long long t_sql_int(const char *path, const char *sql);
/* The address of DB (PostgreSQL) as kring server's role, made and
 * granted (`kring db grant`) here, its name from the schema's: the
 * connection SETs that ROLE, which owns no table, so that row-level
 * security binds it. A static buffer. */
const char *t_as_server(const char *db);
/* Asserts that RUN failed with STATUS, that its standard error is exactly
 * "kring: " MESSAGE, and that the database DB is as BEFORE. */
#define T_REFUSED(run, status_, message, db, before)                           \
    do {                                                                       \
        char *after_ = t_dump_db(db);                                          \
        cr_assert_eq((run).status, (status_), "status %d, stderr %s",          \
                     (run).status, (run).err);                                 \
        cr_assert_str_eq((run).err, "kring: " message "\n");                   \
        cr_assert_str_eq(after_, (before), "the database changed");            \
        free(after_);                                                          \
    } while (0)

#endif
