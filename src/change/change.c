/* The changes a user makes to a case (include/kring/change.h): each one
 * call that checks, writes in one transaction, logs and explains. */
#include <libintl.h>
#include <string.h>

#include "internal.h"
#include "kring/change.h"

/* Names WHO in the audit log of S for what follows. */
static kring_status act_as(kring_store *s, const kring_actor *who,
                           kring_error *err)
{
    kring_status rc;

    if (who == NULL)
        return KRING_OK;
    if ((rc = kring_store_set_user(s, who->user, err)))
        return rc;
    return who->command != NULL ? kring_store_set_command(s, who->command, err)
                                : KRING_OK;
}

/* Begins the change: names WHO, begins the transaction and loads the
 * network of case CODE into *C. */
static kring_status begin(kring_store *s, const kring_actor *who,
                          const char *code, kring_case **c, kring_error *err)
{
    kring_status rc;

    *c = NULL;
    if ((rc = act_as(s, who, err)) || (rc = kring_store_begin(s, err)))
        return rc;
    return kring_store_load_network(s, code, c, err);
}

/* Ends the change begun with status RC: commits if all went well, else
 * rolls back. The case C goes to *OUT if asked for, else is freed. */
static kring_status end(kring_store *s, kring_status rc, kring_case *c,
                        kring_case **out, kring_error *err)
{
    if (rc == KRING_OK)
        rc = kring_store_commit(s, err);
    else
        kring_store_rollback(s);
    if (out != NULL && rc == KRING_OK)
        *out = c;
    else
        kring_case_free(c);
    return rc;
}

kring_status kring_change_case_new(kring_store *s, const kring_actor *who,
                                   const kring_case *c, kring_error *err)
{
    kring_status rc;

    if ((rc = kring_case_validate(c, err)) || (rc = act_as(s, who, err)))
        return rc;
    return kring_store_put_case(s, c, false, err);
}

kring_status kring_change_person_add(kring_store *s, const kring_actor *who,
                                     const char *code, kring_person *p,
                                     kring_case **out, kring_error *err)
{
    kring_case *c = NULL;
    kring_status rc;

    if ((rc = begin(s, who, code, &c, err)) == KRING_OK &&
        (rc = kring_case_add_person(c, p, err)) == KRING_OK)
        rc = kring_store_insert_person(s, c->code, &c->people[c->n_people - 1],
                                       err);
    return end(s, rc, c, out, err);
}

/* Begins a change of PERSON of case CODE, read at IF_VERSION if given:
 * the case into *C, the person's index into *AT. */
static kring_status begin_person(kring_store *s, const kring_actor *who,
                                 const char *code, const char *person,
                                 const char *if_version, int removing,
                                 kring_case **c, size_t *at, kring_error *err)
{
    char now[KRING_VERSION_LEN + 1];
    kring_status rc;

    if ((rc = begin(s, who, code, c, err)) ||
        (rc = kring_case_resolve(*c, person, at, err)))
        return rc;
    if (if_version == NULL)
        return KRING_OK;
    kring_person_version(&(*c)->people[*at], now);
    if (strcmp(now, if_version) == 0)
        return KRING_OK;
    if (removing)
        return kr_error_set(err, KRING_ERR_CONFLICT,
                            _("'%s' has changed since this page was opened; "
                              "nothing was removed"),
                            (*c)->people[*at].name);
    return kr_error_set(err, KRING_ERR_CONFLICT,
                        _("'%s' has changed since this form was opened; "
                          "nothing was saved"),
                        (*c)->people[*at].name);
}

kring_status kring_change_person_set(kring_store *s, const kring_actor *who,
                                     const char *code, const char *person,
                                     const kring_field *f, size_t n,
                                     const char *if_version, kring_case **out,
                                     size_t *at, kring_error *err)
{
    kring_case *c = NULL;
    kring_person *p;
    kring_status rc;
    size_t x = 0;

    rc = begin_person(s, who, code, person, if_version, 0, &c, &x, err);
    if (rc == KRING_OK) {
        p = &c->people[x];
        if ((rc = kring_person_set_fields(p, f, n, err)) == KRING_OK &&
            (rc = kring_person_validate(p, err)) == KRING_OK)
            rc = kring_store_update_person(s, c->code, p, err);
    }
    if (at != NULL)
        *at = x;
    return end(s, rc, c, out, err);
}

kring_status kring_change_person_rm(kring_store *s, const kring_actor *who,
                                    const char *code, const char *person,
                                    const char *if_version, kring_case **out,
                                    size_t *at, kring_error *err)
{
    kring_case *c = NULL;
    kring_status rc;
    size_t x = 0;

    rc = begin_person(s, who, code, person, if_version, 1, &c, &x, err);
    if (rc == KRING_OK)
        rc = kring_store_delete_person(s, c->code, c->people[x].id, err);
    if (at != NULL)
        *at = x;
    return end(s, rc, c, out, err);
}

/* Begins a change of the pair A, B of case CODE: their indexes into *X
 * and *Y. */
static kring_status begin_pair(kring_store *s, const kring_actor *who,
                               const char *code, const char *a, const char *b,
                               kring_case **c, size_t *x, size_t *y,
                               kring_error *err)
{
    kring_status rc;

    if ((rc = begin(s, who, code, c, err)) ||
        (rc = kring_case_resolve(*c, a, x, err)))
        return rc;
    return kring_case_resolve(*c, b, y, err);
}

kring_status kring_change_tie_add(kring_store *s, const kring_actor *who,
                                  const char *code, const char *a,
                                  const char *b, kring_strength strength,
                                  kring_tie_quality quality, kring_case **out,
                                  kring_error *err)
{
    kring_case *c = NULL;
    kring_status rc;
    kring_tie t;
    size_t x, y;

    kring_tie_init(&t);
    t.strength = strength;
    t.quality = quality;
    if ((rc = begin_pair(s, who, code, a, b, &c, &x, &y, err)) == KRING_OK &&
        ((t.a = kr_strdup(c->people[x].id)) == NULL ||
         (t.b = kr_strdup(c->people[y].id)) == NULL))
        rc = kr_nomem(err);
    if (rc == KRING_OK && (rc = kring_case_add_tie(c, &t, err)) == KRING_OK)
        rc = kring_store_insert_tie(s, c->code, &c->ties[c->n_ties - 1], err);
    kring_tie_release(&t);
    return end(s, rc, c, out, err);
}

kring_status kring_change_tie_rm(kring_store *s, const kring_actor *who,
                                 const char *code, const char *a, const char *b,
                                 kring_case **out, kring_error *err)
{
    kring_case *c = NULL;
    kring_status rc;
    size_t x, y;

    if ((rc = begin_pair(s, who, code, a, b, &c, &x, &y, err)) == KRING_OK)
        rc = kring_store_delete_tie(s, c->code, c->people[x].id,
                                    c->people[y].id, err);
    return end(s, rc, c, out, err);
}
