/* kring db copy: every case and the audit log of one store into another,
 * SQLite to PostgreSQL or back (include/kring/change.h). */
#include <libintl.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "kring/casefile.h"
#include "kring/change.h"

/* The case numbers of FROM and the ones they have in TO. */
struct key_map {
    long long *from, *to;
    size_t n, cap, cap_to;
};

static kring_status map_add(struct key_map *m, long long from, long long to,
                            kring_error *err)
{
    if (kr_grow(&m->from, &m->cap, m->n + 1, sizeof *m->from) ||
        kr_grow(&m->to, &m->cap_to, m->n + 1, sizeof *m->to))
        return kr_nomem(err);
    m->from[m->n] = from;
    m->to[m->n++] = to;
    return KRING_OK;
}

/* TO's number for FROM's case number KEY: the copied case's, else (a case
 * removed before the copy) a new number of TO, the same for each line. */
static kring_status map_key(struct key_map *m, kring_store *to, long long key,
                            long long *out, kring_error *err)
{
    kring_status rc;
    size_t i;

    for (i = 0; i < m->n; i++)
        if (m->from[i] == key) {
            *out = m->to[i];
            return KRING_OK;
        }
    if ((rc = kring_store_new_case_key(to, out, err)))
        return rc;
    return map_add(m, key, *out, err);
}

/* Cases copied at a time: into PostgreSQL, one statement per table for
 * them all (src/store/postgresql/bulk.c). */
#define BATCH 100

/* The N cases CODE of FROM into TO, read back from TO and compared. */
static kring_status copy_batch(kring_store *from, kring_store *to,
                               char *const *code, size_t n, bool replace,
                               struct key_map *m, kring_error *err)
{
    kring_case *c[BATCH] = {NULL}, *back[BATCH] = {NULL};
    kring_case_keys k[BATCH];
    long long key[BATCH];
    kring_status rc = KRING_OK;
    size_t i, taken = 0;

    memset(k, 0, sizeof k);
    for (i = 0; rc == KRING_OK && i < n; i++)
        if ((rc = kring_store_load_case(from, code[i], &c[i], err)) == KRING_OK)
            rc = kring_store_case_keys(from, c[i], &k[i], err);
    if (rc == KRING_OK &&
        (rc = kring_store_put_copies(to, (const kring_case *const *)c, k, n,
                                     replace, key, &taken, err)) ==
            KRING_ERR_EXISTS &&
        taken < n)
        rc = kr_error_set(err, KRING_ERR_EXISTS,
                          _("case '%s' is in the store copied to already: "
                            "nothing was copied (--replace replaces it)"),
                          code[taken]);
    for (i = 0; rc == KRING_OK && i < n; i++)
        rc = map_add(m, k[i].case_key, key[i], err);
    if (rc == KRING_OK)
        rc = kring_store_read_back(to, (const char *const *)code, n, back, err);
    for (i = 0; rc == KRING_OK && i < n; i++) {
        char *a = NULL, *b = NULL;
        if ((rc = kring_casefile_dump(c[i], &a, NULL, err)) == KRING_OK &&
            (rc = kring_casefile_dump(back[i], &b, NULL, err)) == KRING_OK &&
            strcmp(a, b) != 0)
            rc = kr_error_set(err, KRING_ERR_DB,
                              _("case '%s' read back from the copy differs "
                                "from its source; nothing was copied"),
                              code[i]);
        kr_free(a);
        kr_free(b);
    }
    for (i = 0; i < n; i++) {
        kring_case_keys_release(&k[i]);
        kring_case_free(c[i]);
        kring_case_free(back[i]);
    }
    return rc;
}

/* FROM's audit log after TO's own, its case numbers TO's. */
static kring_status copy_log(kring_store *from, kring_store *to,
                             struct key_map *m, size_t *n_lines,
                             kring_error *err)
{
    kring_audit_entry *log = NULL;
    kring_status rc;
    size_t n = 0, i;

    if ((rc = kring_store_audit(from, NULL, KRING_AUDIT_ALL, NULL, &log, &n,
                                err)))
        return rc;
    for (i = 0; rc == KRING_OK && i < n; i++)
        if (log[i].case_key != 0)
            rc = map_key(m, to, log[i].case_key, &log[i].case_key, err);
    if (rc == KRING_OK)
        rc = kring_store_append_audit(to, log, n, err);
    if (rc == KRING_OK)
        *n_lines = n;
    kring_audit_free(log, n);
    return rc;
}

struct codes {
    char **code;
    size_t n, cap;
};

static kring_status code_line(const kring_case_summary *cs, int pass, void *ctx,
                              kring_error *err)
{
    struct codes *l = ctx;

    (void)pass;
    if (kr_grow(&l->code, &l->cap, l->n + 1, sizeof *l->code) ||
        (l->code[l->n] = kr_strdup(cs->code)) == NULL)
        return kr_nomem(err);
    l->n++;
    return KRING_OK;
}

kring_status kring_change_copy(kring_store *from, kring_store *to,
                               const kring_actor *who, bool replace,
                               kring_copy_report *r, kring_error *err)
{
    struct key_map m = {NULL, NULL, 0, 0, 0};
    struct codes l = {NULL, 0, 0};
    kring_status rc = KRING_OK;
    size_t i;

    memset(r, 0, sizeof *r);
    if (who != NULL &&
        ((rc = kring_store_set_user(to, who->user, err)) ||
         (rc = kring_store_set_user(from, who->user, err)) ||
         (who->command != NULL &&
          ((rc = kring_store_set_command(to, who->command, err)) ||
           (rc = kring_store_set_command(from, who->command, err))))))
        return rc;
    /* FROM as it is at one moment; TO in one transaction. */
    if ((rc = kring_store_begin(from, err)))
        return rc;
    if ((rc = kring_store_begin(to, err))) {
        kring_store_rollback(from);
        return rc;
    }
    rc = kring_store_each_summary(from, 1, code_line, &l, err);
    for (i = 0; rc == KRING_OK && i < l.n; i += BATCH) {
        size_t now = l.n - i < BATCH ? l.n - i : BATCH;
        if ((rc = copy_batch(from, to, l.code + i, now, replace, &m, err)) ==
            KRING_OK)
            r->cases += now;
    }
    if (rc == KRING_OK)
        rc = copy_log(from, to, &m, &r->log_lines, err);
    if (rc == KRING_OK)
        rc = kring_store_commit(to, err);
    else
        kring_store_rollback(to);
    /* FROM's lines of reads are kept once TO has what was read. */
    if (rc == KRING_OK)
        rc = kring_store_commit(from, err);
    else
        kring_store_rollback(from);
    for (i = 0; i < l.n; i++)
        kr_free(l.code[i]);
    kr_free(l.code);
    kr_free(m.from);
    kr_free(m.to);
    if (rc != KRING_OK)
        memset(r, 0, sizeof *r);
    return rc;
}
