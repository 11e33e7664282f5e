/* A few runs of the real kring binary: exit codes, streams, file modes. */
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "helpers.h"

/* Runs a shell command line; returns the exit status and, in OUT, what it
 * printed on standard output. */
static int sh(char **out, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int sh(char **out, const char *fmt, ...)
{
    char cmd[2048], *buf = NULL;
    size_t len = 0;
    va_list ap;
    FILE *p, *m;
    int c, status;

    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    p = popen(cmd, "r");
    m = open_memstream(&buf, &len);
    while ((c = fgetc(p)) != EOF)
        fputc(c, m);
    fclose(m);
    status = pclose(p);
    if (out)
        *out = buf;
    else
        free(buf);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static const char *bin(void)
{
    const char *b = getenv("KRING_BIN");

    return b ? b : "./kring";
}

Test(binary, a_whole_session_from_the_shell)
{
    char *dir = t_tmpdir(), *out = NULL;
    char db[600], db2[600];

    snprintf(db, sizeof db, "%s", t_db(dir, "sub/k.db"));
    snprintf(db2, sizeof db2, "%s", t_db(dir, "sub/k2.db"));

    cr_assert_eq(sh(NULL,
                    "%s --db %s case new 2026-300 --name 'Anneke van "
                    "'\\''t Hoff' >/dev/null",
                    bin(), db),
                 0);
    cr_assert_eq(sh(&out,
                    "%s --db %s person add 2026-300 'Zoë' --role "
                    "friend --ring 1 --age 17",
                    bin(), db),
                 0);
    cr_assert_str_eq(out, "zoe\n");
    free(out);
    cr_assert_eq(sh(NULL,
                    "%s --db %s person add 2026-300 'Oom Karel' --role "
                    "aunt_uncle --ring 2 >/dev/null",
                    bin(), db),
                 0);
    cr_assert_eq(sh(NULL,
                    "%s --db %s tie add 2026-300 zoe 'Oom Karel' "
                    "--quality conflict >/dev/null",
                    bin(), db),
                 0);
    cr_assert_eq(sh(&out,
                    "%s --db '%s' export 2026-300 | %s --db '%s' import "
                    "- && %s --db '%s' case list",
                    bin(), db, bin(), db2, bin(), db2),
                 0);
    cr_assert(strstr(out, "2026-300  Anneke van 't Hoff        2       1\n"),
              "%s", out);
    free(out);
    if (!t_pg()) {
        cr_assert_eq(t_mode(db), 0600);
        cr_assert_eq(t_mode(t_path(dir, "sub")), 0700);
    }
    free(dir);
}

Test(binary, exit_codes_and_streams_are_as_documented)
{
    char *dir = t_tmpdir(), *out = NULL;
    const char *db = t_db(dir, "k.db");

    cr_assert_eq(sh(&out, "%s --version", bin()), 0);
    cr_assert_str_eq(out, "kring 0.1.0\n");
    free(out);
    cr_assert_eq(sh(&out, "%s --db %s nonsense 2>&1", bin(), db), 2);
    cr_assert_str_eq(out, "kring: 'nonsense' is not a kring command\n(see "
                          "'kring --help')\n");
    free(out);
    cr_assert_eq(sh(&out, "%s --db %s case show nope 2>/dev/null", bin(), db),
                 1);
    cr_assert_str_eq(out, "", "nothing on stdout when it fails");
    free(out);
    cr_assert_eq(
        sh(NULL, "echo '{' | %s --db %s import - 2>/dev/null", bin(), db), 1);
    cr_assert_eq(
        sh(NULL, "%s --db %s case rm x </dev/null 2>/dev/null", bin(), db), 2);
    free(dir);
}

Test(binary, the_demo_database_shows_every_sample)
{
    char *dir = t_tmpdir(), *out = NULL;
    const char *db = t_db(dir, "k.db");

    cr_assert_eq(sh(NULL,
                    "for f in samples/*.json; do %s --db %s import "
                    "\"$f\" >/dev/null || exit 1; done",
                    bin(), db),
                 0);
    cr_assert_eq(sh(&out, "%s --db %s --json case list", bin(), db), 0);
    cr_assert(strstr(out, "\"2026-014\""));
    cr_assert(strstr(out, "\"2026-027\""));
    cr_assert(strstr(out, "\"2026-033\""));
    cr_assert(strstr(out, "\"2026-041\""));
    free(out);
    free(dir);
}

Test(binary, two_writers_at_once_lose_no_write)
{
    char *dir = t_tmpdir(), *out = NULL;
    const char *db = t_db(dir, "k.db");

    cr_assert_eq(
        sh(NULL, "%s --db %s case new w-1 --name W >/dev/null", bin(), db), 0);
    /* Each adds 25 people while the other does; every add must land. */
    cr_assert_eq(sh(NULL,
                    "for w in a b; do (for i in $(seq 25); do %s --db %s "
                    "person add w-1 \"$w $i\" --role friend --ring 2 "
                    ">/dev/null || echo FAIL; done) & done; wait",
                    bin(), db),
                 0);
    cr_assert_eq(sh(&out, "%s --db %s --json case list", bin(), db), 0);
    cr_assert(strstr(out, "\"people\": 50"), "%s", out);
    free(out);
    free(dir);
}

Test(binary, commands_that_draw_nothing_do_not_load_graphviz_or_igraph)
{
    char *out = NULL;

    cr_assert_eq(sh(&out, "ldd %s", bin()), 0);
    cr_assert_null(strstr(out, "libxml2"), "%s", out);
    cr_assert_null(strstr(out, "libgvc"), "%s", out);
    cr_assert_null(strstr(out, "libcgraph"), "%s", out);
    cr_assert_null(strstr(out, "libigraph"), "%s", out);
    /* SQLite is loaded when a store is opened (sqlite_api.h). */
    cr_assert_null(strstr(out, "libsqlite3"), "%s", out);
    free(out);
}

/* A command that opens no database never loads SQLite, and one that draws
 * nothing never loads Graphviz (the dynamic linker lists every library it
 * loads, dlopen()ed ones included, under LD_DEBUG=files); a command that
 * opens one does load it. */
Test(binary, a_command_without_a_database_does_not_load_sqlite)
{
    char *out = NULL, *dir = t_tmpdir();

    cr_assert_eq(sh(&out,
                    "LD_DEBUG=files %s score -f samples/2026-014-noah.json "
                    "2>&1 >/dev/null",
                    bin()),
                 0);
    cr_assert_null(strstr(out, "libsqlite3"), "%s", out);
    cr_assert_null(strstr(out, "kring-graphviz"), "%s", out);
    free(out);
    cr_assert_eq(sh(&out,
                    "LD_DEBUG=files %s --db %s/k.db case new x-1 --name A "
                    "2>&1 >/dev/null",
                    bin(), dir),
                 0);
    cr_assert_not_null(strstr(out, "libsqlite3"), "%s", out);
    free(out);
    free(dir);
}
