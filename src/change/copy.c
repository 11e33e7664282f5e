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

/* Case CODE of FROM into TO, read back from TO and compared. */
static kring_status copy_case(kring_store *from, kring_store *to,
                              const char *code, bool replace, struct key_map *m,
                              kring_error *err)
{
    kring_case *c = NULL, *back = NULL;
    kring_case_keys k = {0, 0, NULL};
    char *a = NULL, *b = NULL;
    long long key = 0;
    kring_status rc;

    if ((rc = kring_store_load_case(from, code, &c, err)) ||
        (rc = kring_store_case_keys(from, c, &k, err)))
        goto out;
    if ((rc = kring_store_put_copy(to, c, &k, replace, &key, err)) ==
        KRING_ERR_EXISTS) {
        rc = kr_error_set(err, KRING_ERR_EXISTS,
                          _("case '%s' is in the store copied to already: "
                            "nothing was copied (--replace replaces it)"),
                          code);
        goto out;
    }
    if (rc != KRING_OK || (rc = map_add(m, k.case_key, key, err)) ||
        (rc = kring_store_load_case(to, code, &back, err)) ||
        (rc = kring_casefile_dump(c, &a, NULL, err)) ||
        (rc = kring_casefile_dump(back, &b, NULL, err)))
        goto out;
    if (strcmp(a, b) != 0)
        rc = kr_error_set(err, KRING_ERR_DB,
                          _("case '%s' read back from the copy differs from "
                            "its source; nothing was copied"),
                          code);
out:
    kr_free(a);
    kr_free(b);
    kring_case_keys_release(&k);
    kring_case_free(c);
    kring_case_free(back);
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
    for (i = 0; rc == KRING_OK && i < l.n; i++)
        if ((rc = copy_case(from, to, l.code[i], replace, &m, err)) == KRING_OK)
            r->cases++;
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
