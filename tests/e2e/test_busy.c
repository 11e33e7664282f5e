/* Many kring processes writing to one database at once: every one of them
 * succeeds and every change is stored (issue 17; bench/parallel_add.sh
 * measures 200). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helpers.h"

static const char *bin(void)
{
    const char *b = getenv("KRING_BIN");

    return b ? b : "./kring";
}

/* Starts `kring --db DB ARGS...` (at most 8 ARGS, NULL-terminated) with
 * its output thrown away. */
static pid_t spawn(const char *db, const char *const *args)
{
    pid_t pid = fork();
    char *argv[12];
    int i;

    if (pid == 0) {
        argv[0] = "kring";
        argv[1] = "--db";
        argv[2] = (char *)db;
        for (i = 0; args[i] && i < 8; i++)
            argv[3 + i] = (char *)args[i];
        argv[3 + i] = NULL;
        if (freopen("/dev/null", "w", stdout) == NULL ||
            freopen("/dev/null", "w", stderr) == NULL)
            _exit(126);
        execv(bin(), argv);
        _exit(127);
    }
    return pid;
}

/* Twenty `case new` (each a transaction that reads, then writes) and
 * twenty `person add` started together. */
Test(busy, forty_writers_at_once_all_succeed, .timeout = 120)
{
    char *dir = t_tmpdir(), code[32], name[32];
    const char *db = t_db(dir, "k.db");
    pid_t pids[40];
    int i, failed = 0, status;
    struct t_run r;

    r = t_cli(NULL, "--db", db, "import", "samples/2026-014-noah.json", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    t_run_free(&r);
    for (i = 0; i < 20; i++) {
        snprintf(code, sizeof code, "c-%d", i);
        snprintf(name, sizeof name, "Buur %d", i);
        const char *new_case[] = {"case", "new", code, "--name", "C", NULL};
        const char *add[] = {"person",    "add",    "2026-014", name, "--role",
                             "neighbour", "--ring", "3",        NULL};
        pids[2 * i] = spawn(db, new_case);
        pids[2 * i + 1] = spawn(db, add);
    }
    for (i = 0; i < 40; i++) {
        cr_assert(pids[i] > 0);
        if (waitpid(pids[i], &status, 0) != pids[i] || !WIFEXITED(status) ||
            WEXITSTATUS(status) != 0)
            failed++;
    }
    cr_assert_eq(failed, 0, "%d of 40 writers failed", failed);
    r = t_cli(NULL, "--db", db, "case", "list", NULL);
    for (i = 0; i < 20; i++) {
        snprintf(code, sizeof code, "\nc-%d ", i);
        cr_assert_not_null(strstr(r.out, code), "%s", r.out);
    }
    /* Noah's 11 people and the 20 neighbours. */
    cr_assert_not_null(strstr(r.out, "2026-014  Noah"), "%s", r.out);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "--json", "case", "show", "2026-014", NULL);
    for (i = 0; i < 20; i++) {
        snprintf(name, sizeof name, "\"Buur %d\"", i);
        cr_assert_not_null(strstr(r.out, name), "%s missing", name);
    }
    t_run_free(&r);
    free(dir);
}
