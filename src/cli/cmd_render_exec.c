/* kring render, in kring itself: hands the command line to the
 * kring-render helper, which is linked with Graphviz, so that kring and
 * every other command start without loading it (docs/design.md). */
#include <errno.h>
#include <libintl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#define _(s) dgettext("kring", s)

#ifndef KRING_LIBEXECDIR
#define KRING_LIBEXECDIR "/usr/local/libexec/kring"
#endif

/* The helper: $KRING_RENDER, else beside this program (the build tree),
 * else where 'make install' puts it. */
static int find_helper(char *path, size_t cap)
{
    const char *env = getenv("KRING_RENDER");
    char self[PATH_MAX];
    ssize_t n;
    char *slash;

    if (env != NULL && env[0] != '\0') {
        snprintf(path, cap, "%s", env);
        return access(path, X_OK) == 0;
    }
    n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n > 0) {
        self[n] = '\0';
        if ((slash = strrchr(self, '/')) != NULL) {
            *slash = '\0';
            snprintf(path, cap, "%s/kring-render", self);
            if (access(path, X_OK) == 0)
                return 1;
        }
    }
    snprintf(path, cap, "%s/kring-render", KRING_LIBEXECDIR);
    return access(path, X_OK) == 0;
}

int cmd_render(struct cli *cli, int argc, char **argv)
{
    char helper[PATH_MAX + 32];
    char **args;
    int i;

    (void)argc;
    (void)argv;
    if (!find_helper(helper, sizeof helper))
        return cli_failf(cli,
                         _("cannot draw maps: the kring-render helper is "
                           "not installed (looked for %s)"),
                         helper);
    /* The whole command line, as given, with the helper as program. */
    if ((args = calloc((size_t)cli->argc + 1, sizeof *args)) == NULL)
        return cli_failf(cli, "%s", _("out of memory"));
    args[0] = helper;
    for (i = 1; i < cli->argc; i++)
        args[i] = cli->argv[i];
    fflush(cli->io->out);
    fflush(cli->io->err);
    /* The helper takes this process's place: its exit status is kring's,
     * and nothing waits in between. */
    execv(helper, args);
    free(args);
    return cli_failf(cli, _("cannot start %s: %s"), helper, strerror(errno));
}
