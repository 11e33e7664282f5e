/* Loading libsqlite3 at the first store opened (sqlite_api.h). */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "store_internal.h"

/* The library's name as Debian's libsqlite3-0 installs it (its soname). */
#define KR_SQLITE_LIBRARY "libsqlite3.so.0"

struct kr_sqlite_api kr_sqlite3;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static char load_failed[256]; /* what went wrong, "" when loaded */

static void load(void)
{
    void *lib = dlopen(KR_SQLITE_LIBRARY, RTLD_NOW | RTLD_LOCAL);
    void *f;

    if (lib == NULL) {
        snprintf(load_failed, sizeof load_failed, "%s", dlerror());
        return;
    }
#define KR_SQLITE_FIND(name)                                                   \
    if ((f = dlsym(lib, #name)) == NULL) {                                     \
        snprintf(load_failed, sizeof load_failed, "%s: no %s",                 \
                 KR_SQLITE_LIBRARY, #name);                                    \
        return;                                                                \
    }                                                                          \
    memcpy(&kr_sqlite3.p_##name, &f, sizeof f);
    KR_SQLITE_FUNCTIONS(KR_SQLITE_FIND)
#undef KR_SQLITE_FIND
    /* SQLite counts the memory it uses under one lock for the whole
     * process, which threads reading at once (kring serve) wait for; kring
     * does not ask for the count. Set before SQLite starts, once. */
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

kring_status kr_sqlite_load(kring_error *err)
{
    pthread_once(&load_once, load);
    if (load_failed[0] == '\0')
        return KRING_OK;
    return kr_error_set(err, KRING_ERR_IO, _("cannot load SQLite: %s"),
                        load_failed);
}
