/* A network from another tool (GraphML, Network Canvas) made into a case:
 * a mapping says which variable becomes which kring field, with a default
 * for every field (docs/exchange.md, "Mapping"). Whatever has no kring
 * field is kept as an x- key; every oddity is a note. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_mapping.h"

/* Variables a tool writes for itself: kept, without a note. */
static int system_var(const char *name)
{
    return strncmp(name, "networkCanvas", 13) == 0 ||
           strncmp(name, "nc:", 3) == 0 || strncmp(name, "session", 7) == 0 ||
           strcmp(name, "label") == 0;
}

enum got { GOT_NONE, GOT_MISSING, GOT_UNKNOWN, GOT_VALUE };

/* The value of SP on the item with VARS, after the mapping's table, into
 * BUF. */
static enum got get(struct kr_import *im, const struct spec *sp,
                    const struct kr_fvar *vars, size_t n, const char *file,
                    int line, const char *field, char *buf, size_t cap,
                    kring_status *rc)
{
    const struct kr_fvar *v;
    json_t *to;

    *rc = KRING_OK;
    if (sp->var == NULL)
        return GOT_NONE;
    v = kr_fvar_get(vars, n, sp->var);
    if (v == NULL || v->value[0] == '\0')
        return GOT_MISSING;
    if (strcmp(v->value, "-1") == 0 && sp->values == NULL) {
        *rc =
            kr_note(im, 0, _("%s -1 (\"don't know\") is read as not recorded"),
                    sp->var);
        return GOT_UNKNOWN;
    }
    if (sp->values == NULL && strlen(v->value) >= cap) {
        /* Never cut: a field's text is whole or not there (limits.md). */
        *rc = kr_note_in(im, file, line,
                         _("%s is longer than %zu bytes: left unrecorded"),
                         sp->var, cap - 1);
        return GOT_UNKNOWN;
    }
    if (sp->values == NULL) {
        snprintf(buf, cap, "%s", v->value);
        return GOT_VALUE;
    }
    if ((to = json_object_get(sp->values, v->value)) == NULL) {
        *rc = kr_note_in(im, file, line,
                         _("%s '%s' is not in the mapping's values for %s: "
                           "left unrecorded"),
                         sp->var, v->value, field);
        return GOT_UNKNOWN;
    }
    if (json_is_string(to))
        snprintf(buf, cap, "%s", json_string_value(to));
    else if (json_is_integer(to))
        snprintf(buf, cap, "%lld", (long long)json_integer_value(to));
    else if (json_is_number(to)) {
        char number[32];
        kring_jw_format_double(number, json_number_value(to));
        snprintf(buf, cap, "%s", number);
    } else if (json_is_boolean(to))
        snprintf(buf, cap, "%s", json_is_true(to) ? "true" : "false");
    else
        return GOT_UNKNOWN; /* null: not recorded */
    return GOT_VALUE;
}

static int parse_bool(const char *s)
{
    if (!strcmp(s, "true") || !strcmp(s, "1") || !strcmp(s, "yes"))
        return 1;
    if (!strcmp(s, "false") || !strcmp(s, "0") || !strcmp(s, "no"))
        return 0;
    return -1;
}

/* Reads the value S of field F into the struct at BASE; a value kring
 * cannot take is a note, and the field keeps its default. Returns 1 when
 * set. */
static int put(struct kr_import *im, const struct field *f, const char *s,
               const char *var, const char *file, int line, const char *who,
               void *base, kring_status *rc)
{
    char *at = (char *)base + f->offset, *end;
    kring_error e;
    double d;
    int v;

    *rc = KRING_OK;
    switch (f->type) {
    case F_TEXT:
        if (f->offset == offsetof(kring_person, name) &&
            kr_check_name(f->name, s, &e) != KRING_OK)
            break;
        kr_free(*(char **)at);
        if ((*(char **)at = kr_strdup(s)) == NULL)
            *rc = kr_nomem(im->err);
        return 1;
    case F_ENUM:
        v = kring_enum_parse((kring_enum)f->arg, s);
        /* Network Canvas's contact scales count from most often. */
        if (v < 0 && f->arg == KRING_ENUM_CONTACT) {
            long n = strtol(s, &end, 10);
            if (*end == '\0' && n >= 1 && n < KRING_CONTACT_COUNT)
                v = (int)n;
        }
        if (v < 0)
            break;
        *(int *)at = v;
        return 1;
    case F_NUM:
        d = strtod(s, &end);
        if (*end != '\0' || kr_check_range((kr_field)f->arg, d, &e))
            break;
        kr_field_store((kr_field)f->arg, at, d);
        return 1;
    case F_BOOL:
    case F_ADULT:
        if ((v = parse_bool(s)) < 0)
            break;
        if (f->type == F_BOOL)
            *(bool *)at = v != 0;
        else
            *(int *)at = v;
        return 1;
    case F_LAYOUT:
        return 0;
    }
    *rc = kr_note_in(im, file, line,
                     _("%s: %s '%s' is not a kring %s: left "
                       "unrecorded"),
                     who, var, s, f->name);
    return 0;
}

/* Counts NAME among the variables kept as x- keys (KEY), for the one note
 * kept_note() says; the line of each is a detail (--verbose). */
static kring_status kept(struct kr_import *im, const char *name,
                         const char *key)
{
    int had = kr_index_put(&im->kept, name, im->n_kept);

    if (had < 0 || (had == 0 && kr_grow(&im->kept_names, &im->cap_kept,
                                        im->n_kept + 1, sizeof(char *))))
        return kr_nomem(im->err);
    if (had)
        return KRING_OK;
    im->kept_names[im->n_kept++] = name;
    return kr_detail(
        im, _("the variable '%s' is not a kring field: kept as %s"), name, key);
}

/* "kept 63 variables as x-nc-...: DrugsUsed_1, ...", the names as many as
 * fit on a line. */
static kring_status kept_note(struct kr_import *im, const char *origin)
{
    char list[120];
    size_t i, n = 0;
    kring_status rc;

    list[0] = '\0';
    for (i = 0; i < im->n_kept; i++) {
        const char *name = im->kept_names[i];
        if (n + strlen(name) + 2 > 70) {
            snprintf(list + n, sizeof list - n, ", …");
            break;
        }
        n += (size_t)snprintf(list + n, sizeof list - n, "%s%s", i ? ", " : "",
                              name);
    }
    if (im->n_kept == 0)
        rc = KRING_OK;
    else
        rc = kr_note(im, 0,
                     dngettext("kring",
                               "kept %zu variable as x-%s-…: %s; "
                               "--verbose lists each",
                               "kept %zu variables as x-%s-…: %s; "
                               "--verbose lists each",
                               im->n_kept),
                     im->n_kept, origin, list);
    kr_index_release(&im->kept);
    im->n_kept = 0;
    return rc;
}

/* Keeps the variables of an item that no field read as x- keys. */
static kring_status keep_rest(struct kr_import *im, const char *origin,
                              const struct kr_fvar *vars, size_t n,
                              const char *const *used, size_t n_used,
                              char **extra)
{
    json_t *o = NULL;
    size_t i, k;
    kring_status rc = KRING_OK;

    for (i = 0; i < n && rc == KRING_OK; i++) {
        char key[300];
        json_t *val;
        for (k = 0; k < n_used; k++)
            if (used[k] && strcmp(used[k], vars[i].name) == 0)
                break;
        if (k < n_used)
            continue;
        snprintf(key, sizeof key, "x-%s-%s", origin, vars[i].name);
        if (!system_var(vars[i].name))
            rc = kept(im, vars[i].name, key);
        if (o == NULL && (o = json_object()) == NULL)
            return kr_nomem(im->err);
        if ((val = kr_fvalue_json(vars[i].value, vars[i].type)) == NULL ||
            json_object_set_new(o, key, val))
            rc = kr_nomem(im->err);
    }
    if (rc == KRING_OK && o != NULL &&
        (*extra = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS)) == NULL)
        rc = kr_nomem(im->err);
    json_decref(o);
    return rc;
}

static kring_role role_of_sector(int s)
{
    switch (s) {
    case KRING_SECTOR_FAMILY:
        return KRING_ROLE_RELATIVE;
    case KRING_SECTOR_FRIENDS:
        return KRING_ROLE_FRIEND;
    case KRING_SECTOR_CARE:
        return KRING_ROLE_PROFESSIONAL;
    default:
        return KRING_ROLE_OTHER;
    }
}

/* The ring of a position in the unit square: the distance from the centre
 * (0.5, 0.5) in thirds of the half side (docs/exchange.md). */
static int ring_of(double x, double y)
{
    double r = hypot(x - 0.5, y - 0.5) / 0.5;

    return r < 1.0 / 3 ? 1 : r < 2.0 / 3 ? 2 : 3;
}

static kring_status person_of(struct kr_import *im, const struct mapping *m,
                              const char *origin, const struct kr_fitem *it,
                              kring_case *c, struct kr_index *ids)
{
    const char *used[PERSON_FIELDS + 2];
    kring_person p;
    char buf[KRING_NOTES_MAX + 1], who[300];
    int sector = -1, role = -1, ring = -1, formal = -1;
    size_t i;
    kring_status rc;
    enum got got;

    kring_person_init(&p, KRING_ROLE_OTHER, 3);
    p.sector = (kring_sector)-1;
    snprintf(who, sizeof who, _("node %s"), it->id);
    for (i = 0; i < PERSON_FIELDS; i++) {
        const struct field *f = &kr_person_fields[i];
        const struct spec *sp = &m->person[i];
        used[i] = sp->var;
        if (f->type == F_LAYOUT)
            continue;
        got = get(im, sp, it->vars, it->n_vars, it->file, it->line, f->name,
                  buf, sizeof buf, &rc);
        if (rc)
            goto fail;
        /* A default's next variable where this person lacks the first
         * ("label" where there is no "name"). */
        if (got == GOT_MISSING && !sp->given && f->vars[1] != NULL) {
            size_t j;
            for (j = 0; j < 3 && f->vars[j] && got == GOT_MISSING; j++) {
                struct spec next = *sp;
                next.var = f->vars[j];
                if (strcmp(next.var, sp->var) == 0)
                    continue;
                got = get(im, &next, it->vars, it->n_vars, it->file, it->line,
                          f->name, buf, sizeof buf, &rc);
                if (rc)
                    goto fail;
            }
        }
        if (got == GOT_MISSING && i != PF_NAME &&
            (rc = kr_note_in(im, it->file, it->line, _("%s has no %s: %s"), who,
                             sp->var,
                             i == PF_SECTOR ? _("its sector follows its role")
                             : i == PF_RING ? _("its ring follows its place")
                                            : _("left unrecorded"))))
            goto fail;
        if (got != GOT_VALUE)
            continue;
        if (sp->family) {
            int yes = parse_bool(buf);
            if (yes < 0) {
                rc = kr_note_in(im, it->file, it->line,
                                _("%s: family_member '%s' is not true or "
                                  "false: left unrecorded"),
                                who, buf);
                if (rc)
                    goto fail;
                continue;
            }
            sector = yes ? KRING_SECTOR_FAMILY : KRING_SECTOR_FRIENDS;
            continue;
        }
        if (put(im, f, buf, sp->var, it->file, it->line, who, &p, &rc)) {
            if (i == PF_SECTOR)
                sector = (int)p.sector;
            else if (i == PF_ROLE)
                role = (int)p.role;
            else if (i == PF_RING)
                ring = p.ring;
            else if (f->offset == offsetof(kring_person, formal))
                formal = p.formal;
        }
        if (rc)
            goto fail;
    }
    if (p.name == NULL) {
        snprintf(buf, sizeof buf, _("Person %s"), it->id);
        if ((rc = kr_note_in(im, it->file, it->line,
                             _("%s has no name: called '%s'"), who, buf)) ||
            (rc = kr_set_string(&p.name, buf, im->err)))
            goto fail;
    }
    used[PERSON_FIELDS] = m->lx[0] ? m->lx : NULL;
    used[PERSON_FIELDS + 1] = m->ly[0] ? m->ly : NULL;
    if (ring < 0 && m->lx[0]) {
        const struct kr_fvar *x = kr_fvar_get(it->vars, it->n_vars, m->lx);
        const struct kr_fvar *y = kr_fvar_get(it->vars, it->n_vars, m->ly);
        char *ex = NULL, *ey = NULL;
        double dx = x ? strtod(x->value, &ex) : NAN;
        double dy = y ? strtod(y->value, &ey) : NAN;
        if (x && y && x->value[0] && y->value[0] && *ex == '\0' &&
            *ey == '\0' && dx == dx && dy == dy)
            ring = ring_of(dx, dy);
    }
    if (ring < 0) {
        ring = 3;
        if ((rc = kr_note_in(im, it->file, it->line,
                             _("%s has no ring and no place: put in ring 3"),
                             who)))
            goto fail;
    }
    p.ring = ring;
    if (role < 0)
        role = (int)role_of_sector(sector);
    p.role = (kring_role)role;
    p.sector = sector >= 0 ? (kring_sector)sector
                           : kring_role_sector((kring_role)role);
    p.formal = formal >= 0 ? formal != 0 : kring_role_is_formal(p.role);
    if ((rc = keep_rest(im, origin, it->vars, it->n_vars, used,
                        PERSON_FIELDS + 2, &p.extra)))
        goto fail;
    if (p.notes == NULL && (p.notes = kr_strdup("")) == NULL) {
        rc = kr_nomem(im->err);
        goto fail;
    }
    if ((rc = kr_import_person(im, c, &p, ids))) {
        kr_error_prefix(im->err, "%s:%d: %s", it->file ? it->file : im->source,
                        it->line, who);
        goto fail;
    }
    return KRING_OK;
fail:
    kring_person_release(&p);
    return rc;
}

static kring_status tie_of(struct kr_import *im, const struct mapping *m,
                           const struct kr_fgraph *g, const struct kr_fitem *e,
                           char **ids, struct kr_pairs *pairs, kring_case *c)
{
    const char *used[TIE_FIELDS];
    long a = kr_index_get(&g->node_ids, e->source);
    long b = kr_index_get(&g->node_ids, e->target);
    size_t i;
    kring_tie t;
    char buf[200], who[300];
    kring_status rc = KRING_OK;
    int again;

    if (a < 0 || b < 0)
        return kr_error_set(im->err, KRING_ERR_INVALID,
                            _("%s:%d: the tie from '%s' to '%s' names "
                              "someone who is not in the network"),
                            e->file ? e->file : im->source, e->line, e->source,
                            e->target);
    if (a == b)
        return kr_note_in(im, e->file, e->line,
                          _("the tie from %s to itself is left out (a person "
                            "knows themselves)"),
                          e->source);
    if ((again = kr_pairs_add(pairs, (size_t)a, (size_t)b)) < 0)
        return kr_nomem(im->err);
    if (again)
        return kr_note_in(im, e->file, e->line,
                          _("the tie between %s and %s is given again: kept "
                            "once"),
                          e->source, e->target);
    kring_tie_init(&t);
    snprintf(who, sizeof who, _("edge %s-%s"), e->source, e->target);
    for (i = 0; i < TIE_FIELDS && rc == KRING_OK; i++) {
        used[i] = m->tie[i].var;
        if (get(im, &m->tie[i], e->vars, e->n_vars, e->file, e->line,
                kr_tie_fields[i].name, buf, sizeof buf, &rc) == GOT_VALUE &&
            rc == KRING_OK)
            put(im, &kr_tie_fields[i], buf, m->tie[i].var, e->file, e->line,
                who, &t, &rc);
    }
    if (rc == KRING_OK)
        rc = keep_rest(im, g->origin, e->vars, e->n_vars, used, TIE_FIELDS,
                       &t.extra);
    if (rc == KRING_OK && ((t.a = kr_strdup(ids[a])) == NULL ||
                           (t.b = kr_strdup(ids[b])) == NULL))
        rc = kr_nomem(im->err);
    if (rc == KRING_OK && (rc = kr_import_tie(im, c, &t)) != KRING_OK)
        kr_error_prefix(im->err, "%s:%d: %s", e->file ? e->file : im->source,
                        e->line, who);
    kring_tie_release(&t);
    return rc;
}

static kring_status case_head(struct kr_import *im, const struct mapping *m,
                              const struct kr_fgraph *g, kring_case *c)
{
    const char *used[2] = {m->case_name.var, m->case_code.var};
    char buf[KRING_NAME_MAX + 1], wish[300];
    kring_status rc = KRING_OK;

    if (get(im, &m->case_code, g->vars, g->n_vars, NULL, g->line, "code", wish,
            sizeof wish, &rc) != GOT_VALUE &&
        rc == KRING_OK) {
        if (g->code != NULL)
            snprintf(wish, sizeof wish, "%s", g->code);
        else {
            /* No code in the file: a neutral one, never the file's name
             * (which may be the young person's). */
            if ((c->code = kr_import_neutral_code(im, g->line)) == NULL)
                return kr_nomem(im->err);
            snprintf(wish, sizeof wish, "%s", c->code);
        }
    }
    if (rc || (c->code == NULL && (c->code = kr_import_code(im, wish)) == NULL))
        return rc ? rc : kr_nomem(im->err);
    if (strcmp(c->code, wish) != 0 &&
        (rc = kr_note(im, g->line, _("case '%s' is stored as '%s'"), wish,
                      c->code)))
        return rc;
    if (get(im, &m->case_name, g->vars, g->n_vars, NULL, g->line, "name", buf,
            sizeof buf, &rc) != GOT_VALUE) {
        /* The code the case will have: --code's, if given. */
        const char *code = im->o->code != NULL ? im->o->code : c->code;
        snprintf(buf, sizeof buf, "%s", code);
        if (rc == KRING_OK)
            rc = kr_note(im, g->line,
                         _("the young person's name is not in the file: "
                           "case '%s' is called by its code"),
                         code);
    }
    if (rc == KRING_OK && (c->name = kr_strdup(buf)) == NULL)
        rc = kr_nomem(im->err);
    if (rc == KRING_OK && (c->notes = kr_strdup("")) == NULL)
        rc = kr_nomem(im->err);
    if (rc == KRING_OK)
        rc = keep_rest(im, g->origin, g->vars, g->n_vars, used, 2, &c->extra);
    return rc;
}

kring_status kr_foreign_case(struct kr_import *im, struct kr_fgraph *g)
{
    struct mapping m;
    struct kr_index person_ids = {0};
    struct kr_pairs pairs = {0};
    kring_case *c;
    char **ids;
    size_t i;
    kring_status rc;

    if ((rc = kr_make_mapping(im, g, &m)))
        return rc;
    /* The readers index their nodes as they come (a node given twice is
     * an error there); a reader that did not is caught up here. */
    for (i = g->node_ids.n; i < g->n_nodes; i++) {
        int twice = kr_index_put(&g->node_ids, g->nodes[i].id, i);
        if (twice < 0)
            return kr_nomem(im->err);
        if (twice)
            return kr_error_set(im->err, KRING_ERR_INVALID,
                                _("%s:%d: node '%s' is there twice"),
                                g->nodes[i].file ? g->nodes[i].file
                                                 : im->source,
                                g->nodes[i].line, g->nodes[i].id);
    }
    if ((c = kring_case_new()) == NULL)
        return kr_nomem(im->err);
    if ((ids = kr_calloc(g->n_nodes + 1, sizeof *ids)) == NULL) {
        kring_case_free(c);
        return kr_nomem(im->err);
    }
    rc = case_head(im, &m, g, c);
    for (i = 0; i < g->n_nodes && rc == KRING_OK; i++) {
        if ((rc = person_of(im, &m, g->origin, &g->nodes[i], c, &person_ids)) ==
                KRING_OK &&
            (ids[i] = kr_strdup(c->people[c->n_people - 1].id)) == NULL)
            rc = kr_nomem(im->err);
    }
    for (i = 0; i < g->n_edges && rc == KRING_OK; i++)
        rc = tie_of(im, &m, g, &g->edges[i], ids, &pairs, c);
    for (i = 0; i < g->n_nodes; i++)
        kr_free(ids[i]);
    kr_free(ids);
    kr_index_release(&person_ids);
    kr_pairs_release(&pairs);
    if (rc == KRING_OK)
        rc = kept_note(im, g->origin);
    if (rc == KRING_OK && (rc = kring_case_validate(c, im->err))) {
        if (g->line > 0)
            kr_error_prefix(im->err, "%s:%d", im->source, g->line);
        else
            kr_error_prefix(im->err, "%s", im->source);
    }
    if (rc) {
        kring_case_free(c);
        return rc;
    }
    return kr_import_add(im, c);
}
