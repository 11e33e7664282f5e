/* Allocation wrappers with a fault hook, so that tests can make the Nth
 * allocation fail (curl's torture mode, sqlite's fault tests). The
 * counters are per thread: `kring serve` allocates on several. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static _Thread_local unsigned long fail_countdown; /* 0: never fail */
static _Thread_local unsigned long
    failures;                             /* allocations that returned NULL */
static _Thread_local int holding;         /* kr_alloc_hold(): no failure made */
static _Thread_local unsigned long calls; /* allocations asked for */

unsigned long kring_debug_alloc_count(void)
{
    return calls;
}

unsigned long kr_alloc_failures(void)
{
    return failures;
}

void kring_debug_fail_alloc(unsigned long n)
{
    fail_countdown = n;
}

void kr_alloc_hold(int on)
{
    holding += on ? 1 : -1;
}

static int should_fail(void)
{
    calls++;
    if (holding || fail_countdown == 0 || --fail_countdown != 0)
        return 0;
    failures++;
    return 1;
}

static void *counted(void *p)
{
    if (p == NULL)
        failures++;
    return p;
}

void *kr_malloc(size_t n)
{
    if (should_fail())
        return NULL;
    return counted(malloc(n ? n : 1));
}

void *kr_calloc(size_t n, size_t size)
{
    if (should_fail())
        return NULL;
    return counted(calloc(n ? n : 1, size ? size : 1));
}

void *kr_realloc(void *p, size_t n)
{
    if (should_fail())
        return NULL;
    return counted(realloc(p, n ? n : 1));
}

void kr_free(void *p)
{
    free(p);
}

char *kr_strndup(const char *s, size_t n)
{
    char *d = kr_malloc(n + 1);

    if (d == NULL)
        return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *kr_strdup(const char *s)
{
    return kr_strndup(s, strlen(s));
}

/* kr_grow and kr_grow_raw: ZERO says whether the new elements are cleared. */
static int grow(void *array, size_t *cap, size_t need, size_t elem, int zero)
{
    void **slot = array;
    size_t n = *cap ? *cap : 8;
    void *p;

    if (need <= *cap)
        return 0;
    while (n < need)
        n *= 2;
    if (n > SIZE_MAX / elem)
        return -1;
    p = kr_realloc(*slot, n * elem);
    if (p == NULL)
        return -1;
    if (zero)
        memset((char *)p + *cap * elem, 0, (n - *cap) * elem);
    *slot = p;
    *cap = n;
    return 0;
}

int kr_grow(void *array, size_t *cap, size_t need, size_t elem)
{
    return grow(array, cap, need, elem, 1);
}

int kr_grow_raw(void *array, size_t *cap, size_t need, size_t elem)
{
    return grow(array, cap, need, elem, 0);
}

kring_status kr_set_string(char **dst, const char *src, kring_error *err)
{
    char *copy = NULL;

    if (src != NULL && (copy = kr_strdup(src)) == NULL)
        return kr_nomem(err);
    kr_free(*dst);
    *dst = copy;
    return KRING_OK;
}
