/* The changes a user makes to a case (include/kring/change.h): each one
 * call that checks, writes in one transaction, logs and explains. */
#include <libintl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "internal.h"
#include "kring/analyze.h"
#include "kring/change.h"
#include "kring/history.h"

/* Today's date here, "YYYY-MM-DD", into BUF (11 bytes); BUF. */
static char *local_today(char *buf)
{
    time_t t = time(NULL);
    struct tm tm;

    localtime_r(&t, &tm);
    strftime(buf, 11, "%Y-%m-%d", &tm);
    return buf;
}

/* Runs CALL, a change in a transaction of its own that it rolls back on
 * failure, again while the database failed it for another's sake (a
 * deadlock or a serialization failure: PostgreSQL) and
 * kring_store_retry() allows; returns how the last try went. kring's own
 * writers lock one case before they read it (docs/store.md) and so never
 * meet one another this way; another program's transactions may. */
#define RETRIED(s, call)                                                       \
    do {                                                                       \
        kring_status rc_;                                                      \
        int try_ = 0;                                                          \
        while ((rc_ = (call)) != KRING_OK && kring_store_retry(s, ++try_))     \
            ;                                                                  \
        return rc_;                                                            \
    } while (0)

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

/* Begins the change: names WHO, begins the transaction and loads case
 * CODE into *C (its network only unless WHOLE). */
static kring_status begin_case(kring_store *s, const kring_actor *who,
                               const char *code, int whole, kring_case **c,
                               kring_error *err)
{
    kring_status rc;

    *c = NULL;
    if ((rc = act_as(s, who, err)) || (rc = kring_store_begin(s, err)))
        return rc;
    return whole ? kring_store_load_case(s, code, c, err)
                 : kring_store_load_network(s, code, c, err);
}

static kring_status begin(kring_store *s, const kring_actor *who,
                          const char *code, kring_case **c, kring_error *err)
{
    return begin_case(s, who, code, 0, c, err);
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

static kring_status person_add_once(kring_store *s, const kring_actor *who,
                                    const char *code, kring_person *p,
                                    kring_case **out, kring_error *err)
{
    kring_case *c = NULL;
    int had_id = p->id != NULL;
    kring_status rc;

    if ((rc = begin(s, who, code, &c, err)) == KRING_OK &&
        (rc = kring_case_add_person(c, p, err)) == KRING_OK &&
        (rc = kring_store_insert_person(s, c->code, &c->people[c->n_people - 1],
                                        err)) != KRING_OK) {
        /* Not stored: P as it was, for the caller (or a try again): an
         * id made from the name is made again from the case then. */
        *p = c->people[--c->n_people];
        memset(&c->people[c->n_people], 0, sizeof *p);
        if (!had_id) {
            kr_free(p->id);
            p->id = NULL;
        }
    }
    return end(s, rc, c, out, err);
}

kring_status kring_change_person_add(kring_store *s, const kring_actor *who,
                                     const char *code, kring_person *p,
                                     kring_case **out, kring_error *err)
{
    kring_status rc;
    int tries = 0;

    /* A person moved into a case that was then not stored is given back
     * (person_add_once()); one whose commit failed is gone with the
     * case, and is not tried again. */
    while ((rc = person_add_once(s, who, code, p, out, err)) != KRING_OK &&
           p->name != NULL && kring_store_retry(s, ++tries))
        ;
    return rc;
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

static kring_status person_set_once(kring_store *s, const kring_actor *who,
                                    const char *code, const char *person,
                                    const kring_field *f, size_t n,
                                    const char *if_version, kring_case **out,
                                    size_t *at, kring_error *err)
{
    kring_case *c = NULL;
    kring_person *p;
    kring_status rc;
    size_t x = 0;

    for (x = 0; x < n; x++)
        if (strcmp(f[x].name, "id") == 0)
            return kr_error_set(err, KRING_ERR_INVALID, "%s",
                                _("a person's id cannot be changed"));
    x = 0;
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

kring_status kring_change_person_set(kring_store *s, const kring_actor *who,
                                     const char *code, const char *person,
                                     const kring_field *f, size_t n,
                                     const char *if_version, kring_case **out,
                                     size_t *at, kring_error *err)
{
    RETRIED(s, person_set_once(s, who, code, person, f, n, if_version, out, at,
                               err));
}

static kring_status person_update_once(kring_store *s, const kring_actor *who,
                                       const char *code, const kring_person *p,
                                       kring_error *err)
{
    kring_status rc;

    if ((rc = act_as(s, who, err)))
        return rc;
    return kring_store_update_person(s, code, p, err);
}

kring_status kring_change_person_update(kring_store *s, const kring_actor *who,
                                        const char *code, const kring_person *p,
                                        kring_error *err)
{
    RETRIED(s, person_update_once(s, who, code, p, err));
}

static kring_status interview_step_once(kring_store *s, const kring_actor *who,
                                        kring_case *c, int step,
                                        kring_error *err)
{
    char *extra = NULL;
    kring_status rc;

    if ((rc = kring_interview_progress(c, step, &extra, err)) ||
        (rc = act_as(s, who, err)) ||
        (rc = kring_store_set_case_extra(s, c->code, extra, err))) {
        kr_free(extra);
        return rc;
    }
    kr_free(c->extra);
    c->extra = extra;
    return KRING_OK;
}

kring_status kring_change_interview_step(kring_store *s, const kring_actor *who,
                                         kring_case *c, int step,
                                         kring_error *err)
{
    RETRIED(s, interview_step_once(s, who, c, step, err));
}

static kring_status person_rm_once(kring_store *s, const kring_actor *who,
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

kring_status kring_change_person_rm(kring_store *s, const kring_actor *who,
                                    const char *code, const char *person,
                                    const char *if_version, kring_case **out,
                                    size_t *at, kring_error *err)
{
    RETRIED(s, person_rm_once(s, who, code, person, if_version, out, at, err));
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

static kring_status tie_add_once(kring_store *s, const kring_actor *who,
                                 const char *code, const char *a, const char *b,
                                 kring_strength strength,
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

kring_status kring_change_tie_add(kring_store *s, const kring_actor *who,
                                  const char *code, const char *a,
                                  const char *b, kring_strength strength,
                                  kring_tie_quality quality, kring_case **out,
                                  kring_error *err)
{
    RETRIED(s, tie_add_once(s, who, code, a, b, strength, quality, out, err));
}

/* Begins a change of the tie between A and B of case CODE: its index into
 * *T. With IF_VERSION (kring_tie_version() of the tie as a page showed
 * it), refuses with KRING_ERR_CONFLICT if the tie has changed since. */
static kring_status begin_tie(kring_store *s, const kring_actor *who,
                              const char *code, const char *a, const char *b,
                              const char *if_version, int removing,
                              kring_case **c, long *t, kring_error *err)
{
    char now[KRING_VERSION_LEN + 1];
    kring_status rc;
    size_t x, y;

    if ((rc = begin_pair(s, who, code, a, b, c, &x, &y, err)))
        return rc;
    if ((*t = kring_case_find_tie(*c, (*c)->people[x].id, (*c)->people[y].id)) <
        0)
        return kr_error_set(err, KRING_ERR_NOT_FOUND,
                            _("'%s' and '%s' have no tie"), (*c)->people[x].id,
                            (*c)->people[y].id);
    if (if_version == NULL)
        return KRING_OK;
    kring_tie_version(&(*c)->ties[*t], now);
    if (strcmp(now, if_version) == 0)
        return KRING_OK;
    return kr_error_set(err, KRING_ERR_CONFLICT,
                        removing ? _("the tie between '%s' and '%s' has "
                                     "changed since this page was opened; "
                                     "nothing was removed")
                                 : _("the tie between '%s' and '%s' has "
                                     "changed since this page was opened; "
                                     "nothing was saved"),
                        (*c)->people[x].name, (*c)->people[y].name);
}

static kring_status tie_rm_once(kring_store *s, const kring_actor *who,
                                const char *code, const char *a, const char *b,
                                const char *if_version, kring_case **out,
                                kring_error *err)
{
    kring_case *c = NULL;
    kring_status rc;
    long t;

    if ((rc = begin_tie(s, who, code, a, b, if_version, 1, &c, &t, err)) ==
        KRING_OK)
        rc =
            kring_store_delete_tie(s, c->code, c->ties[t].a, c->ties[t].b, err);
    return end(s, rc, c, out, err);
}

kring_status kring_change_tie_rm(kring_store *s, const kring_actor *who,
                                 const char *code, const char *a, const char *b,
                                 const char *if_version, kring_case **out,
                                 kring_error *err)
{
    RETRIED(s, tie_rm_once(s, who, code, a, b, if_version, out, err));
}

static kring_status tie_set_once(kring_store *s, const kring_actor *who,
                                 const char *code, const char *a, const char *b,
                                 kring_strength strength,
                                 kring_tie_quality quality,
                                 const char *if_version, kring_case **out,
                                 kring_error *err)
{
    kring_case *c = NULL;
    kring_status rc;
    long t;

    if (((int)strength >= 0 &&
         kring_enum_name(KRING_ENUM_STRENGTH, (int)strength) == NULL) ||
        ((int)quality >= 0 &&
         kring_enum_name(KRING_ENUM_TIE_QUALITY, (int)quality) == NULL))
        return kr_error_set(err, KRING_ERR_INVALID, "%s",
                            _("a tie's strength or quality is not one kring "
                              "knows"));
    if ((rc = begin_tie(s, who, code, a, b, if_version, 0, &c, &t, err)) ==
        KRING_OK) {
        if ((int)strength >= 0)
            c->ties[t].strength = strength;
        if ((int)quality >= 0)
            c->ties[t].quality = quality;
        rc = kring_store_update_tie(s, c->code, &c->ties[t], err);
    }
    return end(s, rc, c, out, err);
}

kring_status kring_change_tie_set(kring_store *s, const kring_actor *who,
                                  const char *code, const char *a,
                                  const char *b, kring_strength strength,
                                  kring_tie_quality quality,
                                  const char *if_version, kring_case **out,
                                  kring_error *err)
{
    RETRIED(s, tie_set_once(s, who, code, a, b, strength, quality, if_version,
                            out, err));
}

static kring_status import_once(kring_store *s, const kring_actor *who,
                                const kring_import *im, bool replace,
                                kring_error *err)
{
    kring_status rc;
    size_t k;

    if ((rc = act_as(s, who, err)) || (rc = kring_store_begin(s, err)))
        return rc;
    for (k = 0; rc == KRING_OK && k < im->n_cases; k++)
        rc = kring_store_put_case(s, im->cases[k], replace, err);
    return end(s, rc, NULL, NULL, err);
}

kring_status kring_change_import(kring_store *s, const kring_actor *who,
                                 const kring_import *im, bool replace,
                                 kring_error *err)
{
    RETRIED(s, import_once(s, who, im, replace, err));
}

kring_status kring_change_case_rm(kring_store *s, const kring_actor *who,
                                  const char *code, kring_error *err)
{
    kring_status rc;

    if ((rc = act_as(s, who, err)))
        return rc;
    return kring_store_delete_case(s, code, err);
}

kring_status kring_change_case_erase(kring_store *s, const kring_actor *who,
                                     const char *code, kring_erasure why,
                                     kring_error *err)
{
    kring_status rc;

    if ((rc = act_as(s, who, err)))
        return rc;
    return kring_store_erase_case(s, code, why, err);
}

static kring_status snapshot_once(kring_store *s, const kring_actor *who,
                                  const char *code, const char *label,
                                  const char *taken, kring_snapshot *out,
                                  kring_error *err)
{
    kring_snapshot sn;
    kring_case *c = NULL;
    kring_status rc;

    memset(&sn, 0, sizeof sn);
    if ((rc = begin_case(s, who, code, 1, &c, err)) == KRING_OK &&
        (rc = kring_snapshot_take(c, label, taken, &sn, err)) == KRING_OK)
        rc = kring_store_insert_snapshot(s, c->code, &sn, err);
    rc = end(s, rc, c, NULL, err);
    if (out != NULL && rc == KRING_OK)
        *out = sn;
    else
        kring_snapshot_release(&sn);
    return rc;
}

kring_status kring_change_snapshot(kring_store *s, const kring_actor *who,
                                   const char *code, const char *label,
                                   const char *taken, kring_snapshot *out,
                                   kring_error *err)
{
    RETRIED(s, snapshot_once(s, who, code, label, taken, out, err));
}

/* Why JIM practice advises against PERSON of C as a mentor, from the
 * scores' exclusions, into BUF ("" when nothing does). */
static void against(const kring_case *c, size_t person, char *buf, size_t cap)
{
    kring_weights w;
    kring_scores sc;
    kring_error err;
    size_t i, used = 0;
    int j;

    buf[0] = '\0';
    if (kring_weights_default(&w, &err) || kring_score_case(c, &w, &sc, &err))
        return;
    for (i = 0; i < sc.n_excluded; i++) {
        const kring_candidate *k = &sc.excluded[i];
        char text[400];
        if (k->person != person)
            continue;
        for (j = 0; j < KRING_EXCL_COUNT && used < cap; j++)
            if (k->exclusions & (1u << j))
                used += (size_t)snprintf(
                    buf + used, cap - used, "%s%s", used ? " " : "",
                    kring_exclusion_text(c, k, (kring_exclusion)j, &w, text,
                                         sizeof text));
    }
    kring_scores_release(&sc);
}

static kring_status choose_once(kring_store *s, const kring_actor *who,
                                const char *code, const char *person,
                                kring_choice_status status, const char *date,
                                const char *note, bool force,
                                kring_choose_notes *notes, kring_case **out,
                                size_t *at, kring_error *err)
{
    kring_choose_notes quiet;
    kring_case *c = NULL;
    kring_choice ch;
    kring_status rc;
    char today[11];
    size_t x = 0;

    if (notes == NULL)
        notes = &quiet;
    notes->against[0] = notes->unusual[0] = notes->date[0] = '\0';
    if (date == NULL)
        date = local_today(today);
    if (!kring_date_valid(date))
        return kr_error_set(err, KRING_ERR_INVALID,
                            _("--date must be a date as YYYY-MM-DD, not '%s'"),
                            date);
    snprintf(notes->date, sizeof notes->date, "%s", date);
    if ((rc = begin_case(s, who, code, 1, &c, err)) ||
        (rc = kring_case_resolve(c, person, &x, err)))
        return end(s, rc, c, NULL, err);
    /* JIM practice: the young person chooses, but not a parent or a paid
     * professional; it takes FORCE, and says why. */
    against(c, x, notes->against, sizeof notes->against);
    if (notes->against[0] != '\0' && status != KRING_CHOICE_DECLINED &&
        !force) {
        /* The reasons are cut short if they must be (at a character),
         * never the way on. */
        char reasons[KRING_ERROR_TEXT_MAX];
        long room =
            KRING_ERROR_TEXT_MAX - 160 - (long)strlen(c->people[x].name);
        size_t cut = strlen(notes->against);
        if (room < 0)
            room = 0;
        if (cut > (size_t)room) {
            cut = (size_t)room;
            while (cut > 0 &&
                   ((unsigned char)notes->against[cut] & 0xc0) == 0x80)
                cut--;
        }
        snprintf(reasons, sizeof reasons, "%.*s", (int)cut, notes->against);
        rc = kr_error_set(err, KRING_ERR_INVALID,
                          _("%s cannot be a mentor in JIM practice: %s "
                            "Record it anyway with --force."),
                          c->people[x].name, reasons);
        return end(s, rc, c, NULL, err);
    }
    if (status == KRING_CHOICE_DECLINED)
        notes->against[0] = '\0';
    kring_choice_unusual(c, c->people[x].id, status, date, notes->unusual,
                         sizeof notes->unusual);
    memset(&ch, 0, sizeof ch);
    ch.status = status;
    ch.person = c->people[x].id;
    ch.date = (char *)date;
    ch.note = (char *)(note != NULL ? note : "");
    /* A person the young person chooses is their nomination. */
    if (status != KRING_CHOICE_DECLINED && !c->people[x].nominated) {
        c->people[x].nominated = true;
        rc = kring_store_update_person(s, c->code, &c->people[x], err);
    }
    if (rc == KRING_OK)
        rc = kring_store_insert_choice(s, c->code, &ch, err);
    if (at != NULL)
        *at = x;
    return end(s, rc, c, out, err);
}

kring_status kring_change_choose(kring_store *s, const kring_actor *who,
                                 const char *code, const char *person,
                                 kring_choice_status status, const char *date,
                                 const char *note, bool force,
                                 kring_choose_notes *notes, kring_case **out,
                                 size_t *at, kring_error *err)
{
    RETRIED(s, choose_once(s, who, code, person, status, date, note, force,
                           notes, out, at, err));
}

/* Whether the young person may make suggestion SG about case C: about no
 * one they fear (they do not see them: as if there were no such person),
 * no one who has died, a circle that exists; and not past the case's
 * limit (docs/limits.md). */
static kring_status suggestion_allowed(const kring_case *c,
                                       const kring_suggestion *sg,
                                       kring_error *err)
{
    const kring_person *p;
    long at;

    if (c->n_suggestions >= KRING_SUGGESTIONS_MAX)
        return kr_error_set(err, KRING_ERR_LIMIT,
                            _("case '%s' has %d suggestions, as many as a "
                              "case keeps; answer or remove some first"),
                            c->code, KRING_SUGGESTIONS_MAX);
    if (sg->person == NULL)
        return KRING_OK;
    at = kring_case_find_id(c, sg->person);
    p = &c->people[at];
    if (p->frightens)
        return kr_error_set(err, KRING_ERR_NOT_FOUND,
                            _("person '%s' is not a person of the case"),
                            sg->person);
    if (p->status == KRING_STATUS_DECEASED)
        return kr_error_set(err, KRING_ERR_INVALID,
                            _("'%s' has died: they stay where they are"),
                            p->name);
    if (sg->kind == KRING_SUGGEST_CLOSER && p->ring == 1)
        return kr_error_set(err, KRING_ERR_INVALID,
                            _("'%s' is in the closest circle already"),
                            p->name);
    if (sg->kind == KRING_SUGGEST_FURTHER && p->ring == 3)
        return kr_error_set(err, KRING_ERR_INVALID,
                            _("'%s' is in the outer circle already"), p->name);
    return KRING_OK;
}

static kring_status suggest_once(kring_store *s, const kring_actor *who,
                                 const char *code, kring_suggestion *sg,
                                 kring_error *err)
{
    kring_case *c = NULL;
    kring_status rc;
    char today[11];

    if (sg->date == NULL && (sg->date = kr_strdup(local_today(today))) == NULL)
        return kr_nomem(err);
    if ((rc = begin_case(s, who, code, 1, &c, err)) == KRING_OK &&
        (rc = kring_suggestion_validate(c, sg, err)) == KRING_OK &&
        (rc = suggestion_allowed(c, sg, err)) == KRING_OK)
        rc = kring_store_insert_suggestion(s, c->code, sg, err);
    return end(s, rc, c, NULL, err);
}

kring_status kring_change_suggest(kring_store *s, const kring_actor *who,
                                  const char *code, kring_suggestion *sg,
                                  kring_error *err)
{
    RETRIED(s, suggest_once(s, who, code, sg, err));
}

static kring_status outcome_once(kring_store *s, const kring_actor *who,
                                 const char *code, const kring_outcome *o,
                                 kring_error *err)
{
    kring_case *c = NULL;
    kring_status rc;

    if ((rc = begin_case(s, who, code, 0, &c, err)) == KRING_OK)
        rc = kring_store_insert_outcome(s, c->code, o, err);
    return end(s, rc, c, NULL, err);
}

kring_status kring_change_outcome(kring_store *s, const kring_actor *who,
                                  const char *code, kring_outcome *o,
                                  kring_error *err)
{
    char today[11];

    if (o->date == NULL && (o->date = kr_strdup(local_today(today))) == NULL)
        return kr_nomem(err);
    RETRIED(s, outcome_once(s, who, code, o, err));
}

/* The change the young person's suggestion SG asks for, made in case C
 * (read in the change's transaction): a ring closer or further, or the
 * missing person added with ROLE. "the map is right" changes nothing. */
static kring_status follow(kring_store *s, kring_case *c,
                           const kring_suggestion *sg, kring_role role,
                           kring_error *err)
{
    kring_person p, *q;
    long at;
    int ring;

    if (sg->kind == KRING_SUGGEST_MISSING) {
        kring_person_init(&p, role, sg->ring);
        if (sg->sector < KRING_SECTOR_COUNT)
            p.sector = sg->sector;
        if ((p.name = kr_strdup(sg->name)) == NULL ||
            (p.notes = kr_strdup("")) == NULL) {
            kring_person_release(&p);
            return kr_nomem(err);
        }
        if (kring_case_add_person(c, &p, err)) {
            kring_person_release(&p);
            return err->code;
        }
        return kring_store_insert_person(s, c->code,
                                         &c->people[c->n_people - 1], err);
    }
    if (sg->kind == KRING_SUGGEST_RIGHT)
        return KRING_OK;
    if ((at = kring_case_find_id(c, sg->person)) < 0)
        return kr_error_set(err, KRING_ERR_NOT_FOUND,
                            _("'%s' is not a person of case '%s'"), sg->person,
                            c->code);
    q = &c->people[at];
    ring = q->ring + (sg->kind == KRING_SUGGEST_CLOSER ? -1 : 1);
    if (ring < 1 || ring > 3)
        return kr_error_set(err, KRING_ERR_INVALID,
                            sg->kind == KRING_SUGGEST_CLOSER
                                ? _("'%s' is in the closest circle already")
                                : _("'%s' is in the outer circle already"),
                            q->name);
    q->ring = ring;
    return kring_store_update_person(s, c->code, q, err);
}

static kring_status
suggestion_decide_once(kring_store *s, const kring_actor *who, const char *code,
                       size_t n, const char *if_version, bool accept,
                       kring_role role, kring_case **out, kring_error *err)
{
    kring_case *c = NULL;
    kring_suggestion *sg;
    kring_status rc;
    char today[11], command[160], version[KRING_NAME_MAX + 64];

    if ((rc = begin_case(s, who, code, 1, &c, err)))
        return end(s, rc, c, NULL, err);
    if (n == 0 || n > c->n_suggestions ||
        c->suggestions[n - 1].status != KRING_SUGGESTION_OPEN) {
        rc =
            kr_error_set(err, KRING_ERR_NOT_FOUND,
                         _("case '%s' has no open suggestion %zu"), c->code, n);
        return end(s, rc, c, NULL, err);
    }
    sg = &c->suggestions[n - 1];
    if (if_version != NULL &&
        strcmp(kring_suggestion_version(sg, version, sizeof version),
               if_version) != 0) {
        rc = kr_error_set(err, KRING_ERR_CONFLICT, "%s",
                          _("the suggestions have changed since this page "
                            "was opened; nothing was done"));
        return end(s, rc, c, NULL, err);
    }
    /* The audit log says whose suggestion the change was. */
    snprintf(command, sizeof command, "%s (the young person's suggestion %zu)",
             who != NULL && who->command != NULL ? who->command
             : accept                            ? "suggestions accept"
                                                 : "suggestions decline",
             n);
    if ((rc = kring_store_set_command(s, command, err)) == KRING_OK && accept)
        rc = follow(s, c, sg, role, err);
    if (rc == KRING_OK)
        rc = kring_store_decide_suggestion(s, c->code, n,
                                           accept ? KRING_SUGGESTION_ACCEPTED
                                                  : KRING_SUGGESTION_DECLINED,
                                           local_today(today), err);
    if (rc == KRING_OK) {
        sg->status =
            accept ? KRING_SUGGESTION_ACCEPTED : KRING_SUGGESTION_DECLINED;
        kr_free(sg->decided);
        if ((sg->decided = kr_strdup(today)) == NULL)
            rc = kr_nomem(err);
    }
    return end(s, rc, c, out, err);
}

kring_status kring_change_suggestion_decide(kring_store *s,
                                            const kring_actor *who,
                                            const char *code, size_t n,
                                            const char *if_version, bool accept,
                                            kring_role role, kring_case **out,
                                            kring_error *err)
{
    RETRIED(s, suggestion_decide_once(s, who, code, n, if_version, accept, role,
                                      out, err));
}
