/* A case in memory: its people and ties, finding people by id or name,
 * and the checks that hold the whole case together. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case_internal.h"

kring_case *kring_case_new(void)
{
    kring_case *c = kr_calloc(1, sizeof *c);

    return c;
}

void kr_snapshot_release(kring_snapshot *s)
{
    size_t i;

    for (i = 0; i < s->n_people; i++)
        kring_person_release(&s->people[i]);
    for (i = 0; i < s->n_ties; i++)
        kring_tie_release(&s->ties[i]);
    kr_free(s->people);
    kr_free(s->ties);
    kr_free(s->label);
    kr_free(s->taken);
    kr_free(s->extra);
    memset(s, 0, sizeof *s);
}

void kr_choice_release(kring_choice *ch)
{
    kr_free(ch->person);
    kr_free(ch->date);
    kr_free(ch->note);
    kr_free(ch->extra);
    memset(ch, 0, sizeof *ch);
}

void kring_suggestion_init(kring_suggestion *sg, kring_suggestion_kind kind)
{
    memset(sg, 0, sizeof *sg);
    sg->kind = kind;
    sg->sector = KRING_SECTOR_COUNT;
    sg->status = KRING_SUGGESTION_OPEN;
}

const char *kring_suggestion_version(const kring_suggestion *sg, char *buf,
                                     size_t cap)
{
    const char *kind =
        kring_enum_name(KRING_ENUM_SUGGESTION_KIND, (int)sg->kind);

    snprintf(buf, cap, "%s %s %s", kind ? kind : "", sg->date ? sg->date : "",
             sg->person ? sg->person
             : sg->name ? sg->name
                        : "");
    return buf;
}

void kring_suggestion_release(kring_suggestion *sg)
{
    kr_free(sg->date);
    kr_free(sg->person);
    kr_free(sg->name);
    kr_free(sg->decided);
    kr_free(sg->extra);
    memset(sg, 0, sizeof *sg);
}

void kring_case_free(kring_case *c)
{
    size_t i;

    if (c == NULL)
        return;
    for (i = 0; i < c->n_people; i++)
        kring_person_release(&c->people[i]);
    for (i = 0; i < c->n_ties; i++)
        kring_tie_release(&c->ties[i]);
    for (i = 0; i < c->n_snapshots; i++)
        kr_snapshot_release(&c->snapshots[i]);
    for (i = 0; i < c->n_choices; i++)
        kr_choice_release(&c->choices[i]);
    for (i = 0; i < c->n_suggestions; i++)
        kring_suggestion_release(&c->suggestions[i]);
    kr_free(c->suggestions);
    for (i = 0; i < c->n_outcomes; i++)
        kring_outcome_release(&c->outcomes[i]);
    kr_free(c->outcomes);
    kr_free(c->people);
    kr_free(c->ties);
    kr_free(c->snapshots);
    kr_free(c->choices);
    kr_free(c->code);
    kr_free(c->name);
    kr_free(c->notes);
    kr_free(c->extra);
    kr_free(c->file_extra);
    kr_free(c);
}

long kring_case_find_id(const kring_case *c, const char *id)
{
    size_t i;

    for (i = 0; i < c->n_people; i++)
        if (strcmp(c->people[i].id, id) == 0)
            return (long)i;
    return -1;
}

static int ascii_casecmp(const char *a, const char *b)
{
    unsigned char x, y;

    do {
        x = (unsigned char)*a++;
        y = (unsigned char)*b++;
        if (x >= 'A' && x <= 'Z')
            x = (unsigned char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z')
            y = (unsigned char)(y - 'A' + 'a');
    } while (x && x == y);
    return x - y;
}

/* Looks for KEY among names; FOLD ignores ASCII case. Returns how many
 * match; the first is put in *INDEX and the ids are listed in LIST. */
static size_t match_names(const kring_case *c, const char *key, int fold,
                          size_t *index, char *list, size_t listsz)
{
    size_t i, n = 0, used = 0;

    for (i = 0; i < c->n_people; i++) {
        const char *name = c->people[i].name;
        if (fold ? ascii_casecmp(name, key) != 0 : strcmp(name, key) != 0)
            continue;
        if (n++ == 0)
            *index = i;
        if (used < listsz)
            used += (size_t)snprintf(list + used, listsz - used, "%s%s",
                                     used ? ", " : "", c->people[i].id);
    }
    return n;
}

kring_status kring_case_resolve(const kring_case *c, const char *key,
                                size_t *index, kring_error *err)
{
    char list[256] = "";
    long at = kring_case_find_id(c, key);
    size_t n;
    int fold;

    if (at >= 0) {
        *index = (size_t)at;
        return KRING_OK;
    }
    for (fold = 0; fold <= 1; fold++) {
        n = match_names(c, key, fold, index, list, sizeof list);
        if (n == 1)
            return KRING_OK;
        if (n > 1)
            return kr_error_set(err, KRING_ERR_AMBIGUOUS,
                                _("'%s' is ambiguous in case '%s': it is the "
                                  "name of %zu people (%s); use the id"),
                                key, c->code, n, list);
    }
    return kr_error_set(err, KRING_ERR_NOT_FOUND,
                        _("case '%s' has no person '%s'"), c->code, key);
}

long kring_case_find_tie(const kring_case *c, const char *a, const char *b)
{
    size_t i;

    for (i = 0; i < c->n_ties; i++) {
        const kring_tie *t = &c->ties[i];
        if ((strcmp(t->a, a) == 0 && strcmp(t->b, b) == 0) ||
            (strcmp(t->a, b) == 0 && strcmp(t->b, a) == 0))
            return (long)i;
    }
    return -1;
}

kring_status kring_case_add_person(kring_case *c, kring_person *p,
                                   kring_error *err)
{
    kring_status rc;
    char *made = NULL;

    if (c->n_people >= KRING_PEOPLE_MAX)
        return kr_error_set(err, KRING_ERR_LIMIT,
                            _("case '%s' already has %d people, the most "
                              "a case can hold"),
                            c->code, KRING_PEOPLE_MAX);
    if (p->id == NULL && p->name != NULL) {
        if ((made = kring_id_from_name(c, p->name)) == NULL)
            return kr_nomem(err);
        p->id = made;
    }
    if ((rc = kring_person_validate(p, err)))
        goto fail;
    if (kring_case_find_id(c, p->id) >= 0) {
        rc = kr_error_set(err, KRING_ERR_EXISTS,
                          _("case '%s' already has a person with id '%s'"),
                          c->code, p->id);
        goto fail;
    }
    if (kr_grow(&c->people, &c->cap_people, c->n_people + 1,
                sizeof *c->people)) {
        rc = kr_nomem(err);
        goto fail;
    }
    c->people[c->n_people++] = *p;
    memset(p, 0, sizeof *p);
    return KRING_OK;
fail:
    if (made != NULL) {
        kr_free(made);
        p->id = NULL;
    }
    return rc;
}

void kring_case_remove_tie(kring_case *c, size_t index)
{
    kring_tie_release(&c->ties[index]);
    memmove(&c->ties[index], &c->ties[index + 1],
            (c->n_ties - index - 1) * sizeof *c->ties);
    c->n_ties--;
}

void kring_case_remove_person(kring_case *c, size_t index)
{
    const char *id = c->people[index].id;
    size_t i = c->n_ties;

    while (i-- > 0)
        if (strcmp(c->ties[i].a, id) == 0 || strcmp(c->ties[i].b, id) == 0)
            kring_case_remove_tie(c, i);
    kring_person_release(&c->people[index]);
    memmove(&c->people[index], &c->people[index + 1],
            (c->n_people - index - 1) * sizeof *c->people);
    c->n_people--;
}

/* KNOWN: the caller has found both ends already (check_network, in
 * log time), so they are not looked for one by one. */
static kring_status check_tie_ends(const kring_tie *t,
                                   const kring_person *people, size_t n_people,
                                   int known, const char **field,
                                   kring_error *err)
{
    size_t i;
    int found_a = known, found_b = known;

    for (i = 0; i < n_people && !known; i++) {
        found_a |= strcmp(people[i].id, t->a) == 0;
        found_b |= strcmp(people[i].id, t->b) == 0;
    }
    if (!found_a || !found_b) {
        *field = found_a ? "b" : "a";
        return kr_error_set(err, KRING_ERR_NOT_FOUND,
                            _("tie names '%s', who is not a person of the "
                              "case"),
                            found_a ? t->b : t->a);
    }
    if (strcmp(t->a, t->b) == 0) {
        *field = "b";
        return kr_error_set(err, KRING_ERR_INVALID,
                            _("a tie must join two different people, not "
                              "'%s' with themselves"),
                            t->a);
    }
    if ((unsigned)t->strength >= KRING_STRENGTH_COUNT) {
        *field = "strength";
        return kr_error_set(err, KRING_ERR_INVALID,
                            _("strength must be one of: %s"),
                            kring_enum_list(KRING_ENUM_STRENGTH));
    }
    if ((unsigned)t->quality >= KRING_TIE_QUALITY_COUNT) {
        *field = "quality";
        return kr_error_set(err, KRING_ERR_INVALID,
                            _("quality must be one of: %s"),
                            kring_enum_list(KRING_ENUM_TIE_QUALITY));
    }
    return KRING_OK;
}

kring_status kring_case_add_tie(kring_case *c, kring_tie *t, kring_error *err)
{
    const char *field;
    kring_status rc;

    if (t->a == NULL || t->b == NULL)
        return kr_error_set(err, KRING_ERR_INVALID, "%s",
                            _("a tie needs two people"));
    if ((rc = check_tie_ends(t, c->people, c->n_people, 0, &field, err)))
        return rc;
    if (kring_case_find_tie(c, t->a, t->b) >= 0)
        return kr_error_set(err, KRING_ERR_EXISTS,
                            _("'%s' and '%s' already have a tie"), t->a, t->b);
    if (c->n_ties >= KRING_TIES_MAX)
        return kr_error_set(err, KRING_ERR_LIMIT,
                            _("case '%s' already has %d ties, the most a "
                              "case can hold"),
                            c->code, KRING_TIES_MAX);
    if (kr_grow(&c->ties, &c->cap_ties, c->n_ties + 1, sizeof *c->ties))
        return kr_nomem(err);
    c->ties[c->n_ties++] = *t;
    memset(t, 0, sizeof *t);
    return KRING_OK;
}

/* Sorting people and ties to find doubles in n log n. */
struct id_ref {
    const char *id;
    size_t index;
};

static int cmp_id_ref(const void *x, const void *y)
{
    const struct id_ref *a = x, *b = y;
    int d = strcmp(a->id, b->id);

    if (d != 0)
        return d;
    return a->index < b->index ? -1 : a->index > b->index;
}

struct pair_ref {
    uint64_t key;
    size_t index;
};

static int cmp_pair_ref(const void *x, const void *y)
{
    const struct pair_ref *a = x, *b = y;

    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    return a->index < b->index ? -1 : a->index > b->index;
}

/* Whether ID is among the N sorted REFS. */
static int ref_has(const struct id_ref *refs, size_t n, const char *id)
{
    struct id_ref key = {id, 0};
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int d = strcmp(refs[mid].id, key.id);
        if (d == 0)
            return 1;
        if (d < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

static size_t ref_lookup(const struct id_ref *refs, size_t n, const char *id)
{
    struct id_ref key = {id, 0};
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(refs[mid].id, key.id) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return refs[lo].index;
}

/* Checks a list of people and ties (of the case, or of a snapshot); PATH
 * gets PREFIX ("" or "snapshots[2].") and the place. */
static kring_status check_network(const kring_person *people, size_t n_people,
                                  const kring_tie *ties, size_t n_ties,
                                  const char *prefix, char *path,
                                  kring_error *err)
{
    struct id_ref *refs = NULL;
    struct pair_ref *pairs = NULL;
    const char *field;
    kring_status rc = KRING_OK;
    size_t i;

    if (n_people > KRING_PEOPLE_MAX) {
        snprintf(path, KR_PATH_MAX, "%speople", prefix);
        return kr_error_set(err, KRING_ERR_LIMIT, _("more than %d people"),
                            KRING_PEOPLE_MAX);
    }
    if (n_ties > KRING_TIES_MAX) {
        snprintf(path, KR_PATH_MAX, "%sties", prefix);
        return kr_error_set(err, KRING_ERR_LIMIT, _("more than %d ties"),
                            KRING_TIES_MAX);
    }
    for (i = 0; i < n_people; i++) {
        if ((rc = kr_person_check(&people[i], &field, err))) {
            snprintf(path, KR_PATH_MAX, "%speople[%zu].%s", prefix, i, field);
            return rc;
        }
    }
    refs = kr_calloc(n_people, sizeof *refs);
    pairs = kr_calloc(n_ties, sizeof *pairs);
    if (refs == NULL || pairs == NULL) {
        rc = kr_nomem(err);
        goto out;
    }
    for (i = 0; i < n_people; i++) {
        refs[i].id = people[i].id;
        refs[i].index = i;
    }
    qsort(refs, n_people, sizeof *refs, cmp_id_ref);
    for (i = 1; i < n_people; i++) {
        if (strcmp(refs[i].id, refs[i - 1].id) == 0) {
            snprintf(path, KR_PATH_MAX, "%speople[%zu].id", prefix,
                     refs[i].index);
            rc = kr_error_set(err, KRING_ERR_EXISTS,
                              _("id '%s' is already used by %speople[%zu]"),
                              refs[i].id, prefix, refs[i - 1].index);
            goto out;
        }
    }
    for (i = 0; i < n_ties; i++) {
        uint64_t x, y;
        int known = ref_has(refs, n_people, ties[i].a) &&
                    ref_has(refs, n_people, ties[i].b);
        if ((rc = check_tie_ends(&ties[i], people, n_people, known, &field,
                                 err))) {
            snprintf(path, KR_PATH_MAX, "%sties[%zu].%s", prefix, i, field);
            goto out;
        }
        x = ref_lookup(refs, n_people, ties[i].a);
        y = ref_lookup(refs, n_people, ties[i].b);
        pairs[i].key = x < y ? x << 32 | y : y << 32 | x;
        pairs[i].index = i;
    }
    qsort(pairs, n_ties, sizeof *pairs, cmp_pair_ref);
    for (i = 1; i < n_ties; i++) {
        if (pairs[i].key == pairs[i - 1].key) {
            const kring_tie *t = &ties[pairs[i].index];
            snprintf(path, KR_PATH_MAX, "%sties[%zu]", prefix, pairs[i].index);
            rc = kr_error_set(err, KRING_ERR_EXISTS,
                              _("'%s' and '%s' already have a tie "
                                "(%sties[%zu]); one tie per pair"),
                              t->a, t->b, prefix, pairs[i - 1].index);
            goto out;
        }
    }
out:
    kr_free(refs);
    kr_free(pairs);
    return rc;
}

static kring_status check_snapshots(const kring_case *c, char *path,
                                    kring_error *err)
{
    char prefix[64];
    kring_status rc;
    size_t i, j;

    if (c->n_snapshots > KRING_SNAPSHOTS_MAX) {
        snprintf(path, KR_PATH_MAX, "snapshots");
        return kr_error_set(err, KRING_ERR_LIMIT, _("more than %d snapshots"),
                            KRING_SNAPSHOTS_MAX);
    }
    for (i = 0; i < c->n_snapshots; i++) {
        const kring_snapshot *s = &c->snapshots[i];
        if (!kring_code_valid(s->label, KRING_ID_MAX)) {
            snprintf(path, KR_PATH_MAX, "snapshots[%zu].label", i);
            return kr_error_set(err, KRING_ERR_INVALID,
                                _("label '%s' must be 1 to %d letters, "
                                  "digits, '-', '_' or '.'"),
                                s->label ? s->label : "", KRING_ID_MAX);
        }
        if (!kr_timestamp_valid(s->taken)) {
            snprintf(path, KR_PATH_MAX, "snapshots[%zu].taken", i);
            return kr_error_set(err, KRING_ERR_INVALID,
                                _("taken must be a UTC time such as "
                                  "2026-11-02T10:00:00Z"));
        }
        for (j = 0; j < i; j++) {
            if (strcmp(c->snapshots[j].label, s->label) == 0) {
                snprintf(path, KR_PATH_MAX, "snapshots[%zu].label", i);
                return kr_error_set(err, KRING_ERR_EXISTS,
                                    _("label '%s' is already used by "
                                      "snapshots[%zu]"),
                                    s->label, j);
            }
        }
        snprintf(prefix, sizeof prefix, "snapshots[%zu].", i);
        if ((rc = check_network(s->people, s->n_people, s->ties, s->n_ties,
                                prefix, path, err)))
            return rc;
    }
    return KRING_OK;
}

static kring_status check_choices(const kring_case *c, char *path,
                                  kring_error *err)
{
    size_t i;

    if (c->n_choices > KRING_CHOICES_MAX) {
        snprintf(path, KR_PATH_MAX, "choices");
        return kr_error_set(err, KRING_ERR_LIMIT, _("more than %d choices"),
                            KRING_CHOICES_MAX);
    }
    for (i = 0; i < c->n_choices; i++) {
        const kring_choice *ch = &c->choices[i];
        if (ch->person == NULL || kring_case_find_id(c, ch->person) < 0) {
            snprintf(path, KR_PATH_MAX, "choices[%zu].person", i);
            return kr_error_set(err, KRING_ERR_NOT_FOUND,
                                _("person '%s' is not a person of the case"),
                                ch->person ? ch->person : "");
        }
        if (!kr_date_valid(ch->date)) {
            snprintf(path, KR_PATH_MAX, "choices[%zu].date", i);
            return kr_error_set(err, KRING_ERR_INVALID, "%s",
                                _("date must be a date such as 2026-11-10"));
        }
        if ((unsigned)ch->status >= KRING_CHOICE_STATUS_COUNT) {
            snprintf(path, KR_PATH_MAX, "choices[%zu].status", i);
            return kr_error_set(err, KRING_ERR_INVALID,
                                _("status must be one of: %s"),
                                kring_enum_list(KRING_ENUM_CHOICE_STATUS));
        }
        if (kr_check_notes("note", ch->note, err)) {
            snprintf(path, KR_PATH_MAX, "choices[%zu].note", i);
            return KRING_ERR_INVALID;
        }
    }
    return KRING_OK;
}

/* A suggestion's fields, by its kind: a person of the case (closer,
 * further), a name, a ring and a sector (missing), nothing more (right);
 * a decision's date unless it is open. */
kring_status kr_suggestion_check(const kring_case *c,
                                 const kring_suggestion *sg, const char **field,
                                 kring_error *err)
{
    int about =
        sg->kind == KRING_SUGGEST_CLOSER || sg->kind == KRING_SUGGEST_FURTHER;
    int missing = sg->kind == KRING_SUGGEST_MISSING;

    *field = "date";
    if (!kr_date_valid(sg->date))
        return kr_error_set(err, KRING_ERR_INVALID, "%s",
                            _("date must be a date such as 2026-11-10"));
    *field = "kind";
    if ((unsigned)sg->kind >= KRING_SUGGEST_KIND_COUNT)
        return kr_error_set(err, KRING_ERR_INVALID,
                            _("kind must be one of: %s"),
                            kring_enum_list(KRING_ENUM_SUGGESTION_KIND));
    *field = "person";
    if (about && (sg->person == NULL ||
                  (c != NULL && kring_case_find_id(c, sg->person) < 0)))
        return kr_error_set(err, KRING_ERR_NOT_FOUND,
                            _("person '%s' is not a person of the case"),
                            sg->person ? sg->person : "");
    if (!about && sg->person != NULL)
        return kr_error_set(
            err, KRING_ERR_INVALID,
            _("a suggestion '%s' is about no one person"),
            kring_enum_name(KRING_ENUM_SUGGESTION_KIND, (int)sg->kind));
    *field = "name";
    if (missing && kr_check_name("name", sg->name, err))
        return KRING_ERR_INVALID;
    if (!missing && sg->name != NULL)
        return kr_error_set(err, KRING_ERR_INVALID, "%s",
                            _("only a suggestion 'missing' has a name"));
    *field = "ring";
    if (missing ? sg->ring < 1 || sg->ring > 3 : sg->ring != 0)
        return kr_error_set(err, KRING_ERR_INVALID, "%s",
                            missing ? _("ring must be 1, 2 or 3")
                                    : _("only a suggestion 'missing' has a "
                                        "ring"));
    *field = "sector";
    if ((unsigned)sg->sector > KRING_SECTOR_COUNT)
        return kr_error_set(err, KRING_ERR_INVALID,
                            _("sector must be one of: %s"),
                            kring_enum_list(KRING_ENUM_SECTOR));
    if (!missing && sg->sector != KRING_SECTOR_COUNT)
        return kr_error_set(err, KRING_ERR_INVALID, "%s",
                            _("only a suggestion 'missing' has a sector"));
    *field = "status";
    if ((unsigned)sg->status >= KRING_SUGGESTION_STATUS_COUNT)
        return kr_error_set(err, KRING_ERR_INVALID,
                            _("status must be one of: %s"),
                            kring_enum_list(KRING_ENUM_SUGGESTION_STATUS));
    *field = "decided";
    if (sg->status == KRING_SUGGESTION_OPEN && sg->decided != NULL)
        return kr_error_set(err, KRING_ERR_INVALID, "%s",
                            _("an open suggestion has no date of decision"));
    if (sg->status != KRING_SUGGESTION_OPEN && !kr_date_valid(sg->decided))
        return kr_error_set(err, KRING_ERR_INVALID, "%s",
                            _("decided must be a date such as 2026-11-10"));
    return KRING_OK;
}

kring_status kring_suggestion_validate(const kring_case *c,
                                       const kring_suggestion *sg,
                                       kring_error *err)
{
    const char *field;
    kring_status rc = kr_suggestion_check(c, sg, &field, err);
    char said[KRING_ERROR_TEXT_MAX];

    if (rc == KRING_OK)
        return KRING_OK;
    snprintf(said, sizeof said, "%s", err->text);
    return kr_error_set(err, rc, "%s: %s", field, said);
}

static kring_status check_suggestions(const kring_case *c, char *path,
                                      kring_error *err)
{
    const char *field;
    size_t i;

    if (c->n_suggestions > KRING_SUGGESTIONS_MAX) {
        snprintf(path, KR_PATH_MAX, "suggestions");
        return kr_error_set(err, KRING_ERR_LIMIT, _("more than %d suggestions"),
                            KRING_SUGGESTIONS_MAX);
    }
    for (i = 0; i < c->n_suggestions; i++)
        if (kr_suggestion_check(c, &c->suggestions[i], &field, err)) {
            snprintf(path, KR_PATH_MAX, "suggestions[%zu].%s", i, field);
            return err->code;
        }
    return KRING_OK;
}

static kring_status check_outcomes(const kring_case *c, char *path,
                                   kring_error *err)
{
    const char *field;
    size_t i;

    if (c->n_outcomes > KRING_OUTCOMES_MAX) {
        snprintf(path, KR_PATH_MAX, "outcomes");
        return kr_error_set(err, KRING_ERR_LIMIT, _("more than %d outcomes"),
                            KRING_OUTCOMES_MAX);
    }
    for (i = 0; i < c->n_outcomes; i++)
        if (kr_outcome_check(&c->outcomes[i], &field, err)) {
            snprintf(path, KR_PATH_MAX, "outcomes[%zu].%s", i, field);
            return err->code;
        }
    return KRING_OK;
}

kring_status kr_case_check(const kring_case *c, char *path, kring_error *err)
{
    const char *field;
    kring_status rc;

    path[0] = '\0';
    if ((rc = kr_case_header_check(c, &field, err))) {
        snprintf(path, KR_PATH_MAX, "case.%s", field);
        return rc;
    }
    if ((rc = check_network(c->people, c->n_people, c->ties, c->n_ties, "",
                            path, err)) ||
        (rc = check_snapshots(c, path, err)) ||
        (rc = check_choices(c, path, err)) ||
        (rc = check_suggestions(c, path, err)))
        return rc;
    return check_outcomes(c, path, err);
}

kring_status kring_case_validate(const kring_case *c, kring_error *err)
{
    char path[KR_PATH_MAX];
    kring_status rc = kr_case_check(c, path, err);

    if (rc != KRING_OK && path[0] != '\0')
        kr_error_prefix(err, "%s", path);
    return rc;
}

char *kring_id_from_name(const kring_case *c, const char *name)
{
    char base[KRING_ID_MAX + 1];
    char id[KRING_ID_MAX + 32]; /* base (<= ID_BASE_MAX) and "-k" fit */
    unsigned long k;

    kr_slugify(name, base);
    snprintf(id, sizeof id, "%s", base);
    for (k = 2; c != NULL && kring_case_find_id(c, id) >= 0; k++)
        snprintf(id, sizeof id, "%s-%lu", base, k);
    return kr_strdup(id);
}
