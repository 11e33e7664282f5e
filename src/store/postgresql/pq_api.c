/* Loading libpq at the first PostgreSQL store opened (pq_api.h). */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "pg_internal.h"

/* The library's name as Debian's libpq5 installs it (its soname). */
#define KR_PQ_LIBRARY "libpq.so.5"

struct kr_pq_api kr_pq;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static char load_failed[256]; /* what went wrong, "" when loaded */

static void load(void)
{
    void *lib = dlopen(KR_PQ_LIBRARY, RTLD_NOW | RTLD_LOCAL);
    void *f;

    if (lib == NULL) {
        snprintf(load_failed, sizeof load_failed, "%s", dlerror());
        return;
    }
#define KR_PQ_FIND(name)                                                       \
    if ((f = dlsym(lib, #name)) == NULL) {                                     \
        snprintf(load_failed, sizeof load_failed, "%s: no %s", KR_PQ_LIBRARY,  \
                 #name);                                                       \
        return;                                                                \
    }                                                                          \
    memcpy(&kr_pq.p_##name, &f, sizeof f);
    KR_PQ_FUNCTIONS(KR_PQ_FIND)
#undef KR_PQ_FIND
}

kring_status kr_pq_load(kring_error *err)
{
    pthread_once(&load_once, load);
    if (load_failed[0] == '\0')
        return KRING_OK;
    return kr_error_set(err, KRING_ERR_IO,
                        _("cannot load libpq, PostgreSQL's client library "
                          "(Debian package libpq5): %s"),
                        load_failed);
}
