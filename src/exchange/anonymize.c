/* An anonymized copy of a case, for `kring export --anonymize`: no name,
 * and nothing that could hold one, survives (docs/security.md). */
#include <stdio.h>
#include <string.h>

#include "case_internal.h"
#include "kring/exchange.h"
#include "map_internal.h"

/* Original ids (copies) and their new ones, "p1", "p2", ... in order of
 * meeting. */
struct ids {
    char **from;
    size_t n, cap;
};

/* The new id of ID (made when first met) into BUF; -1 out of memory. */
static int new_id(struct ids *m, const char *id, char *buf, size_t cap)
{
    size_t i;

    for (i = 0; i < m->n; i++)
        if (strcmp(m->from[i], id) == 0)
            break;
    if (i == m->n) {
        if (kr_grow(&m->from, &m->cap, m->n + 1, sizeof *m->from) ||
            (m->from[m->n] = kr_strdup(id)) == NULL)
            return -1;
        m->n++;
    }
    snprintf(buf, cap, "p%zu", i + 1);
    return 0;
}

/* Rewrites the people and ties of a network in place. */
static int network(struct ids *m, kring_person *people, size_t n_people,
                   kring_tie *ties, size_t n_ties)
{
    char buf[32];
    size_t i;

    for (i = 0; i < n_people; i++) {
        kring_person *p = &people[i];
        char *name = kr_map_initials(p->name, (int)p->role),
             *notes = kr_strdup("");
        if (name == NULL || notes == NULL ||
            new_id(m, p->id, buf, sizeof buf)) {
            kr_free(name);
            kr_free(notes);
            return -1;
        }
        kr_free(p->name);
        p->name = name;
        kr_free(p->notes);
        p->notes = notes;
        /* The line for the young person is free text too. */
        kr_free(p->youth_note);
        p->youth_note = NULL;
        kr_free(p->extra);
        p->extra = NULL;
    }
    for (i = 0; i < n_ties; i++) {
        kring_tie *t = &ties[i];
        char *a, *b;
        if (new_id(m, t->a, buf, sizeof buf) || (a = kr_strdup(buf)) == NULL)
            return -1;
        if (new_id(m, t->b, buf, sizeof buf) || (b = kr_strdup(buf)) == NULL) {
            kr_free(a);
            return -1;
        }
        kr_free(t->a);
        kr_free(t->b);
        t->a = a;
        t->b = b;
        kr_free(t->extra);
        t->extra = NULL;
    }
    /* The people's ids last: the ties above looked them up by the old. */
    for (i = 0; i < n_people; i++) {
        char *id;
        if (new_id(m, people[i].id, buf, sizeof buf) ||
            (id = kr_strdup(buf)) == NULL)
            return -1;
        kr_free(people[i].id);
        people[i].id = id;
    }
    return 0;
}

/* A deep copy of C, by way of the case file (the one copy that is kept
 * complete as the model grows). */
static kring_status copy_case(const kring_case *c, kring_case **out,
                              kring_error *err)
{
    char *text = NULL;
    size_t len = 0;
    kring_status rc;

    if ((rc = kring_casefile_dump(c, &text, &len, err)))
        return rc;
    rc = kring_casefile_parse(text, len, "copy", out, err);
    kr_free(text);
    return rc;
}

kring_status kring_case_anonymize(const kring_case *c, kring_case **out,
                                  kring_error *err)
{
    struct ids m = {NULL, 0, 0};
    kring_case *a = NULL;
    char *name = NULL, buf[32];
    kring_status rc;
    size_t i;
    int failed = 0;

    *out = NULL;
    if ((rc = copy_case(c, &a, err)))
        return rc;
    /* The young person: initials. The code goes too: a code can be made
     * of a name (an import's file name) or be guessed from a number, so
     * every anonymized case is "anon". Free text and x- keys may hold
     * names: they go. */
    if ((name = kr_map_initials(a->name, -1)) == NULL)
        failed = 1;
    else {
        kr_free(a->name);
        a->name = name;
    }
    if (!failed && kr_set_string(&a->code, KRING_CODE_ANONYMOUS, err))
        failed = 1;
    if (!failed && kr_set_string(&a->notes, "", err))
        failed = 1;
    kr_free(a->extra);
    kr_free(a->file_extra);
    a->extra = a->file_extra = NULL;
    /* The people of now first, so that their numbers are those of the
     * people in the snapshots and the choices too. Ties are looked up by
     * the old ids; rewriting them all in one network() keeps that. */
    for (i = 0; !failed && i < a->n_people; i++)
        failed = new_id(&m, a->people[i].id, buf, sizeof buf) != 0;
    if (!failed)
        failed = network(&m, a->people, a->n_people, a->ties, a->n_ties);
    for (i = 0; !failed && i < a->n_snapshots; i++) {
        kring_snapshot *s = &a->snapshots[i];
        snprintf(buf, sizeof buf, "s%zu", i + 1);
        failed = network(&m, s->people, s->n_people, s->ties, s->n_ties) ||
                 kr_set_string(&s->label, buf, err) != KRING_OK;
        kr_free(s->extra);
        s->extra = NULL;
    }
    for (i = 0; !failed && i < a->n_choices; i++) {
        kring_choice *ch = &a->choices[i];
        failed = new_id(&m, ch->person, buf, sizeof buf) ||
                 kr_set_string(&ch->person, buf, err) != KRING_OK ||
                 kr_set_string(&ch->note, "", err) != KRING_OK;
        kr_free(ch->extra);
        ch->extra = NULL;
    }
    /* The young person's suggestions: the person by their new id; a
     * missing person's name, which may be all that names them, as its
     * initials (as the people's). */
    for (i = 0; !failed && i < a->n_suggestions; i++) {
        kring_suggestion *sg = &a->suggestions[i];
        if (sg->person != NULL)
            failed = new_id(&m, sg->person, buf, sizeof buf) ||
                     kr_set_string(&sg->person, buf, err) != KRING_OK;
        if (!failed && sg->name != NULL) {
            char *initials = kr_map_initials(sg->name, -1);
            if (initials == NULL)
                failed = 1;
            else {
                kr_free(sg->name);
                sg->name = initials;
            }
        }
        kr_free(sg->extra);
        sg->extra = NULL;
    }
    /* An evaluation's outcome: its words and marks stay, the
     * professional's notes go. */
    for (i = 0; !failed && i < a->n_outcomes; i++) {
        failed = kr_set_string(&a->outcomes[i].notes, "", err) != KRING_OK;
        kr_free(a->outcomes[i].extra);
        a->outcomes[i].extra = NULL;
    }
    for (i = 0; i < m.n; i++)
        kr_free(m.from[i]);
    kr_free(m.from);
    if (failed) {
        kring_case_free(a);
        return kr_nomem(err);
    }
    *out = a;
    return KRING_OK;
}
