/* The hash indexes of the importers (import_internal.h): names to their
 * place (kr_index) and pairs of places seen (kr_pairs), so that a file of
 * many thousands of people, ties or columns is read in linear time, not
 * by a search for every one (docs/limits.md). */
#include <stdlib.h>
#include <string.h>

#include "import_internal.h"

static size_t hash_of(const char *s)
{
    size_t h = 1469598103934665603u;

    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

long kr_index_get(const struct kr_index *ix, const char *key)
{
    size_t j;

    if (ix->n == 0)
        return -1;
    for (j = hash_of(key) & ix->mask; ix->key[j]; j = (j + 1) & ix->mask)
        if (strcmp(ix->key[j], key) == 0)
            return (long)ix->value[j];
    return -1;
}

/* Doubles the table (from 64 slots), keeping it at most half full. */
static int index_grow(struct kr_index *ix)
{
    struct kr_index big;
    size_t cap = ix->key ? (ix->mask + 1) * 2 : 64, i, j;

    big.key = kr_calloc(cap, sizeof *big.key);
    big.value = kr_calloc(cap, sizeof *big.value);
    if (big.key == NULL || big.value == NULL) {
        kr_free(big.key);
        kr_free(big.value);
        return -1;
    }
    big.mask = cap - 1;
    big.n = ix->n;
    for (i = 0; ix->key && i <= ix->mask; i++) {
        if (ix->key[i] == NULL)
            continue;
        for (j = hash_of(ix->key[i]) & big.mask; big.key[j];
             j = (j + 1) & big.mask)
            ;
        big.key[j] = ix->key[i];
        big.value[j] = ix->value[i];
    }
    kr_index_release(ix);
    *ix = big;
    return 0;
}

int kr_index_put(struct kr_index *ix, const char *key, size_t value)
{
    size_t j;

    if (kr_index_get(ix, key) >= 0)
        return 1;
    if ((ix->key == NULL || 2 * (ix->n + 1) > ix->mask + 1) && index_grow(ix))
        return -1;
    for (j = hash_of(key) & ix->mask; ix->key[j]; j = (j + 1) & ix->mask)
        ;
    ix->key[j] = key;
    ix->value[j] = value;
    ix->n++;
    return 0;
}

void kr_index_release(struct kr_index *ix)
{
    kr_free(ix->key);
    kr_free(ix->value);
    memset(ix, 0, sizeof *ix);
}

int kr_pairs_add(struct kr_pairs *ps, size_t a, size_t b)
{
    unsigned long long k = ((unsigned long long)(a < b ? a : b) << 32 |
                            (unsigned long long)(a < b ? b : a)) +
                           1;
    size_t j;

    if (ps->slot == NULL || 2 * (ps->n + 1) > ps->mask + 1) {
        size_t cap = ps->slot ? (ps->mask + 1) * 2 : 64, i;
        unsigned long long *big = kr_calloc(cap, sizeof *big);
        if (big == NULL)
            return -1;
        for (i = 0; ps->slot && i <= ps->mask; i++) {
            if (ps->slot[i] == 0)
                continue;
            for (j = (size_t)(ps->slot[i] * 11400714819323198485ull) &
                     (cap - 1);
                 big[j]; j = (j + 1) & (cap - 1))
                ;
            big[j] = ps->slot[i];
        }
        kr_free(ps->slot);
        ps->slot = big;
        ps->mask = cap - 1;
    }
    for (j = (size_t)(k * 11400714819323198485ull) & ps->mask; ps->slot[j];
         j = (j + 1) & ps->mask)
        if (ps->slot[j] == k)
            return 1;
    ps->slot[j] = k;
    ps->n++;
    return 0;
}

void kr_pairs_release(struct kr_pairs *ps)
{
    kr_free(ps->slot);
    memset(ps, 0, sizeof *ps);
}
