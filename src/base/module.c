/* Finding kring's modules: the parts that link a large library (Graphviz,
 * libxml2) and are loaded with dlopen() only by the commands that need
 * them (docs/design.md, "Start-up cost"). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

#ifndef KRING_MODULEDIR
#define KRING_MODULEDIR "/usr/local/lib/kring"
#endif

int kr_module_find(const char *file, const char *env, char *path, size_t cap)
{
    const char *given = getenv(env);
    char self[PATH_MAX];
    ssize_t n;
    char *slash;

    if (given != NULL && given[0] != '\0') {
        snprintf(path, cap, "%s", given);
        return access(path, R_OK) == 0;
    }
    /* Beside the program (the build tree), then in ../lib/kring beside
     * PREFIX/bin/kring (an installed tree, wherever it was moved). */
    n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n > 0) {
        self[n] = '\0';
        if ((slash = strrchr(self, '/')) != NULL) {
            *slash = '\0';
            if ((size_t)snprintf(path, cap, "%s/%s", self, file) < cap &&
                access(path, R_OK) == 0)
                return 1;
            if ((size_t)snprintf(path, cap, "%s/../lib/kring/%s", self, file) <
                    cap &&
                access(path, R_OK) == 0)
                return 1;
        }
    }
    snprintf(path, cap, "%s/%s", KRING_MODULEDIR, file);
    return access(path, R_OK) == 0;
}

int kring_module_find(const char *file, const char *env, char *path, size_t cap)
{
    return kr_module_find(file, env, path, cap);
}
