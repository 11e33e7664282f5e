/* The number each person has in their case (the schema's person_key, the
 * audit log's number, never given to another person of the case): what the
 * web pages put in an address instead of the person's id, which is made
 * from their name (docs/web.md); and the numbers a case being replaced
 * keeps; and a case's version (kring_store_case_version()). */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

struct numbers {
    const kring_case *c;
    long *number;
};

static kring_status number_row(sqlite3_stmt *st, void *ctx, kring_error *err)
{
    struct numbers *n = ctx;
    const char *id = (const char *)sqlite3_column_text(st, 0);
    long at = id != NULL ? kring_case_find_id(n->c, id) : -1;

    (void)err;
    if (at >= 0)
        n->number[at] = (long)sqlite3_column_int64(st, 1);
    return KRING_OK;
}

struct next_code {
    size_t len;     /* of "YEAR-" */
    unsigned *next; /* the number after the highest */
};

static kring_status code_row(sqlite3_stmt *st, void *ctx, kring_error *err)
{
    struct next_code *n = ctx;
    const char *c = (const char *)sqlite3_column_text(st, 0), *d;
    char *end;
    unsigned long k;

    (void)err;
    if (c == NULL || strlen(c) <= n->len)
        return KRING_OK;
    d = c + n->len;
    k = strtoul(d, &end, 10);
    if (*d >= '0' && *d <= '9' && *end == '\0' && k < 100000 &&
        k + 1 > *n->next)
        *n->next = (unsigned)k + 1;
    return KRING_OK;
}

kring_status kr_sq_next_code_number(kring_store *s, int year, unsigned *next,
                                    kring_error *err)
{
    char prefix[16];
    struct next_code n;

    n.len = (size_t)snprintf(prefix, sizeof prefix, "%d-", year);
    n.next = next;
    *next = 1;
    return kr_each_row(s,
                       "SELECT code FROM cases WHERE substr(code, 1, "
                       "length(?1)) = ?1",
                       prefix, code_row, &n, err);
}

kring_status kr_sq_people_numbers(kring_store *s, const kring_case *c,
                                  long *number, kring_error *err)
{
    struct numbers n = {c, number};

    if (c->n_people > 0)
        memset(number, 0, c->n_people * sizeof *number);
    return kr_each_row(s,
                       "SELECT id, person_key FROM people WHERE case_code = ?1",
                       c->code, number_row, &n, err);
}

void kr_keys_release(struct keys *k)
{
    size_t i;

    for (i = 0; i < k->n; i++)
        kr_free(k->ids[i]);
    kr_free(k->ids);
    kr_free(k->people);
}

static kring_status key_row(sqlite3_stmt *st, void *ctx, kring_error *err)
{
    struct keys *k = ctx;
    size_t cap = k->cap;

    if (kr_grow(&k->people, &cap, k->n + 1, sizeof *k->people) ||
        kr_grow(&k->ids, &k->cap, k->n + 1, sizeof *k->ids))
        return kr_nomem(err);
    k->people[k->n] = sqlite3_column_int64(st, 1);
    if ((k->ids[k->n] = kr_strdup((const char *)sqlite3_column_text(st, 0))) ==
        NULL)
        return kr_nomem(err);
    k->n++;
    return KRING_OK;
}

static kring_status case_keys_row(sqlite3_stmt *st, void *ctx, kring_error *err)
{
    struct keys *k = ctx;

    (void)err;
    k->case_key = sqlite3_column_int64(st, 0);
    k->last_person_key = sqlite3_column_int64(st, 1);
    k->version = sqlite3_column_int64(st, 2);
    return KRING_OK;
}

kring_status kr_keys_read(kring_store *s, const char *code, struct keys *k,
                          kring_error *err)
{
    kring_status rc;

    rc = kr_each_row(s,
                     "SELECT case_key, last_person_key, version FROM cases "
                     "WHERE code = ?1",
                     code, case_keys_row, k, err);
    if (rc == KRING_OK)
        rc = kr_each_row(s,
                         "SELECT id, person_key FROM people WHERE case_code = "
                         "?1 AND person_key IS NOT NULL",
                         code, key_row, k, err);
    return rc;
}

/* kring_store_case_version(): the case's number and its version (schema
 * 7's triggers raise it), digested (FNV-1a) into one. */
struct version {
    long long key, version;
    int found;
};

static kring_status version_row(sqlite3_stmt *st, void *ctx, kring_error *err)
{
    struct version *v = ctx;

    (void)err;
    v->key = sqlite3_column_int64(st, 0);
    v->version = sqlite3_column_int64(st, 1);
    v->found = 1;
    return KRING_OK;
}

kring_status kr_sq_case_version(kring_store *s, const char *code,
                                uint64_t *version, kring_error *err)
{
    struct version v = {0, 0, 0};
    unsigned long long parts[2];
    uint64_t h = 14695981039346656037ULL;
    kring_status rc;
    size_t i;

    *version = 0;
    rc = kr_each_row(s, "SELECT case_key, version FROM cases WHERE code = ?1",
                     code, version_row, &v, err);
    if (rc == KRING_OK && !v.found)
        rc = kr_error_set(err, KRING_ERR_NOT_FOUND, _("no case '%s'"), code);
    if (rc == KRING_OK && kr_read_logged(s) && !kr_read_seen(v.key))
        rc = kr_log_reads(s, &v.key, 1, err);
    if (rc != KRING_OK)
        return rc;
    parts[0] = (unsigned long long)v.key;
    parts[1] = (unsigned long long)v.version;
    for (i = 0; i < sizeof parts; i++) {
        h ^= ((const unsigned char *)parts)[i];
        h *= 1099511628211ULL;
    }
    *version = h;
    return KRING_OK;
}
