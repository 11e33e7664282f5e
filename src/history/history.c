/* The network over time: snapshots, the steps of a mentor choice, and
 * what changed between two moments (docs/history.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "case_internal.h"
#include "casefile_internal.h"
#include "kring/store.h"

kring_status kring_snapshot_take(const kring_case *c, const char *label,
                                 const char *taken, kring_snapshot *out,
                                 kring_error *err)
{
    char now[21], *network = NULL;
    kring_status rc;

    memset(out, 0, sizeof *out);
    if (!kring_code_valid(label, KRING_ID_MAX))
        return kr_error_set(err, KRING_ERR_INVALID,
                            _("'%s' cannot be a snapshot's label: 1 to %d "
                              "letters, digits, '-', '_' or '.', starting "
                              "with a letter or digit"),
                            label ? label : "", KRING_ID_MAX);
    if (taken == NULL) {
        time_t t = time(NULL);
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
        taken = now;
    } else if (!kr_timestamp_valid(taken)) {
        return kr_error_set(err, KRING_ERR_INVALID,
                            _("'%s' is not a time as YYYY-MM-DDTHH:MM:SSZ"),
                            taken);
    }
    /* A deep copy by way of the stored form: the network as the store
     * and the case file keep it, read back. */
    if ((rc = kr_network_dump(c->people, c->n_people, c->ties, c->n_ties,
                              &network, err)) == KRING_OK)
        rc = kr_network_parse(network, out, err);
    kr_free(network);
    if (rc == KRING_OK && ((out->label = kr_strdup(label)) == NULL ||
                           (out->taken = kr_strdup(taken)) == NULL))
        rc = kr_nomem(err);
    if (rc != KRING_OK)
        kr_snapshot_release(out);
    return rc;
}

void kring_snapshot_release(kring_snapshot *s)
{
    if (s != NULL)
        kr_snapshot_release(s);
}

const kring_snapshot *kring_case_snapshot(const kring_case *c,
                                          const char *label)
{
    size_t i;

    for (i = 0; label != NULL && i < c->n_snapshots; i++)
        if (strcmp(c->snapshots[i].label, label) == 0)
            return &c->snapshots[i];
    return NULL;
}

kring_case kring_snapshot_view(const kring_case *c, const kring_snapshot *s)
{
    kring_case v;

    memset(&v, 0, sizeof v);
    v.code = c->code;
    v.name = c->name;
    v.birth_year = c->birth_year;
    v.notes = c->notes;
    v.people = s->people;
    v.n_people = v.cap_people = s->n_people;
    v.ties = s->ties;
    v.n_ties = v.cap_ties = s->n_ties;
    return v;
}

const kring_choice *kring_case_last_choice(const kring_case *c,
                                           const char *person)
{
    const kring_choice *last = NULL;
    size_t i;

    for (i = 0; i < c->n_choices; i++)
        if (strcmp(c->choices[i].person, person) == 0)
            last = &c->choices[i];
    return last;
}

/* The step that comes before STATUS in JIM practice's order, or -1 for
 * the first step and for declined (which may follow any early step). */
static int step_before(kring_choice_status status)
{
    switch (status) {
    case KRING_CHOICE_PARENTS_AGREED:
        return KRING_CHOICE_ASKED;
    case KRING_CHOICE_ACCEPTED:
        return KRING_CHOICE_PARENTS_AGREED;
    case KRING_CHOICE_ACTIVE:
        return KRING_CHOICE_ACCEPTED;
    case KRING_CHOICE_EVALUATED:
        return KRING_CHOICE_ACTIVE;
    case KRING_CHOICE_ENDED:
        return KRING_CHOICE_ACTIVE;
    default:
        return -1;
    }
}

const char *kring_choice_unusual(const kring_case *c, const char *person,
                                 kring_choice_status status, const char *date,
                                 char *buf, size_t cap)
{
    const kring_choice *last = kring_case_last_choice(c, person);
    const char *name = kring_enum_word(KRING_ENUM_CHOICE_STATUS, (int)status);
    int before = step_before(status);
    size_t i;

    buf[0] = '\0';
    if (last != NULL && date != NULL && strcmp(date, last->date) < 0) {
        snprintf(buf, cap,
                 _("the date %s is before the last step recorded for this "
                   "person (%s, %s)"),
                 date,
                 kring_enum_word(KRING_ENUM_CHOICE_STATUS, (int)last->status),
                 last->date);
        return buf;
    }
    if (last != NULL && last->status == status) {
        snprintf(buf, cap, _("'%s' is already the last step recorded"), name);
        return buf;
    }
    if (last != NULL && (last->status == KRING_CHOICE_ENDED ||
                         last->status == KRING_CHOICE_DECLINED)) {
        snprintf(buf, cap,
                 _("the last step recorded was '%s': this starts again"),
                 kring_enum_word(KRING_ENUM_CHOICE_STATUS, (int)last->status));
        return buf;
    }
    if (before >= 0 && (last == NULL || (int)last->status < before)) {
        snprintf(buf, cap,
                 _("'%s' usually follows '%s', which is not recorded for "
                   "this person"),
                 name, kring_enum_word(KRING_ENUM_CHOICE_STATUS, before));
        return buf;
    }
    if (status == KRING_CHOICE_DECLINED && last != NULL &&
        last->status >= KRING_CHOICE_ACTIVE) {
        snprintf(buf, cap,
                 _("'%s' after the mentorship began: '%s' says that more "
                   "plainly"),
                 name,
                 kring_enum_word(KRING_ENUM_CHOICE_STATUS, KRING_CHOICE_ENDED));
        return buf;
    }
    /* A second active mentor. */
    for (i = 0; status == KRING_CHOICE_ACTIVE && i < c->n_choices; i++) {
        const kring_choice *other =
            kring_case_last_choice(c, c->choices[i].person);
        if (strcmp(c->choices[i].person, person) != 0 && other != NULL &&
            other->status == KRING_CHOICE_ACTIVE) {
            snprintf(buf, cap,
                     _("'%s' is an active mentor already: JIM works with "
                       "one mentor at a time"),
                     other->person);
            return buf;
        }
    }
    return buf;
}

/* A growing list of pairs. */
static int add_pair(void *list, size_t *n, size_t *cap, const void *from,
                    const void *to)
{
    const void **slots;

    if (kr_grow(list, cap, *n + 1, 2 * sizeof(void *)))
        return -1;
    slots = *(const void ***)list;
    slots[2 * *n] = from;
    slots[2 * *n + 1] = to;
    (*n)++;
    return 0;
}

static long find_tie(const kring_case *c, const kring_tie *t)
{
    return kring_case_find_tie(c, t->a, t->b);
}

kring_status kring_diff_compute(const kring_case *from, const kring_case *to,
                                kring_diff *out, kring_error *err)
{
    size_t cap[7] = {0}, i;
    kring_status rc;

    memset(out, 0, sizeof *out);
    for (i = 0; i < to->n_people; i++) {
        const kring_person *p = &to->people[i];
        long j = kring_case_find_id(from, p->id);
        const kring_person *q = j >= 0 ? &from->people[j] : NULL;
        if ((q == NULL &&
             add_pair(&out->came, &out->n_came, &cap[0], NULL, p)) ||
            (q != NULL && q->ring != p->ring &&
             add_pair(&out->moved, &out->n_moved, &cap[1], q, p)) ||
            (q != NULL && q->quality != p->quality &&
             add_pair(&out->relation, &out->n_relation, &cap[2], q, p)))
            goto nomem;
    }
    for (i = 0; i < from->n_people; i++)
        if (kring_case_find_id(to, from->people[i].id) < 0 &&
            add_pair(&out->left, &out->n_left, &cap[3], &from->people[i], NULL))
            goto nomem;
    for (i = 0; i < to->n_ties; i++) {
        const kring_tie *t = &to->ties[i];
        long j = find_tie(from, t);
        if ((j < 0 &&
             add_pair(&out->gained, &out->n_gained, &cap[4], NULL, t)) ||
            (j >= 0 && from->ties[j].quality != t->quality &&
             add_pair(&out->turned, &out->n_turned, &cap[5], &from->ties[j],
                      t)))
            goto nomem;
    }
    for (i = 0; i < from->n_ties; i++)
        if (find_tie(to, &from->ties[i]) < 0 &&
            add_pair(&out->lost, &out->n_lost, &cap[6], &from->ties[i], NULL))
            goto nomem;
    if ((rc = kring_indicators_compute(from, NULL, &out->before, err)) ||
        (rc = kring_indicators_compute(to, NULL, &out->after, err))) {
        kring_diff_release(out);
        return rc;
    }
    return KRING_OK;
nomem:
    kring_diff_release(out);
    return kr_nomem(err);
}

void kring_diff_release(kring_diff *d)
{
    if (d == NULL)
        return;
    kr_free(d->came);
    kr_free(d->left);
    kr_free(d->moved);
    kr_free(d->relation);
    kr_free(d->gained);
    kr_free(d->lost);
    kr_free(d->turned);
    memset(d, 0, sizeof *d);
}

/* The interview's progress: the key "x-interview" of the case's extra
 * keys, {"step": N}. */
#define PROGRESS_KEY "x-interview"

int kring_interview_step(const kring_case *c)
{
    json_t *root, *at, *step;
    int n = -1;

    if (c->extra == NULL)
        return -1;
    kr_json_setup();
    if ((root = kr_json_loadb(c->extra, strlen(c->extra), 0, NULL)) == NULL)
        return -1;
    if ((at = json_object_get(root, PROGRESS_KEY)) != NULL &&
        (step = json_object_get(at, "step")) != NULL && json_is_integer(step) &&
        json_integer_value(step) >= 0 && json_integer_value(step) < 1000000)
        n = (int)json_integer_value(step);
    json_decref(root);
    return n;
}

kring_status kring_interview_progress(const kring_case *c, int step,
                                      char **extra, kring_error *err)
{
    json_t *root = NULL, *at;
    char *text = NULL;

    *extra = NULL;
    kr_json_setup();
    root = c->extra ? kr_json_loadb(c->extra, strlen(c->extra), 0, NULL)
                    : json_object();
    if (root == NULL || !json_is_object(root)) {
        json_decref(root);
        return kr_error_set(err, KRING_ERR_INVALID, "%s",
                            _("the case's x- keys are not a JSON object"));
    }
    if (step < 0)
        json_object_del(root, PROGRESS_KEY);
    else if ((at = json_pack("{s:i}", "step", step)) == NULL ||
             json_object_set_new(root, PROGRESS_KEY, at)) {
        json_decref(root);
        return kr_nomem(err);
    }
    if (json_object_size(root) > 0 &&
        (text = json_dumps(root, JSON_SORT_KEYS | JSON_COMPACT)) == NULL) {
        json_decref(root);
        return kr_nomem(err);
    }
    json_decref(root);
    *extra = text;
    return KRING_OK;
}
