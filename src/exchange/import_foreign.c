/* A network from another tool (GraphML, Network Canvas) made into a case:
 * a mapping says which variable becomes which kring field, with a default
 * for every field (docs/exchange.md, "Mapping"). Whatever has no kring
 * field is kept as an x- key; every oddity is a note. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_internal.h"

/* How a field's value is read. */
enum ftype { F_TEXT, F_ENUM, F_NUM, F_BOOL, F_ADULT, F_LAYOUT };

struct field {
    const char *name;
    enum ftype type;
    int arg;             /* kring_enum or kr_field */
    size_t offset;       /* in kring_person or kring_tie */
    const char *vars[3]; /* the variables read when the mapping is silent */
};

#define P(f) offsetof(kring_person, f)
static const struct field person_fields[] = {
    {"name", F_TEXT, 0, P(name), {"name", "label", NULL}},
    {"role", F_ENUM, KRING_ENUM_ROLE, P(role), {"role", NULL, NULL}},
    {"sector", F_ENUM, KRING_ENUM_SECTOR, P(sector), {"sector", NULL, NULL}},
    {"ring", F_NUM, KR_FIELD_RING, P(ring), {"ring", NULL, NULL}},
    {"layout", F_LAYOUT, 0, 0, {"layout", NULL, NULL}},
    {"age", F_NUM, KR_FIELD_AGE, P(age), {"age", NULL, NULL}},
    {"contact",
     F_ENUM,
     KRING_ENUM_CONTACT,
     P(contact),
     {"contact", "communication_freq", NULL}},
    {"known_years",
     F_NUM,
     KR_FIELD_KNOWN_YEARS,
     P(known_years),
     {"known_years", NULL, NULL}},
    {"hours_per_week",
     F_NUM,
     KR_FIELD_HOURS_PER_WEEK,
     P(hours_per_week),
     {"hours_per_week", NULL, NULL}},
    {"travel_minutes",
     F_NUM,
     KR_FIELD_TRAVEL_MINUTES,
     P(travel_minutes),
     {"travel_minutes", NULL, NULL}},
    {"reachable",
     F_ENUM,
     KRING_ENUM_REACHABLE,
     P(reachable),
     {"reachable", NULL, NULL}},
    {"quality",
     F_ENUM,
     KRING_ENUM_QUALITY,
     P(quality),
     {"quality", NULL, NULL}},
    {"status", F_ENUM, KRING_ENUM_STATUS, P(status), {"status", NULL, NULL}},
    {"formal", F_BOOL, 0, P(formal), {"formal", NULL, NULL}},
    {"willing",
     F_ENUM,
     KRING_ENUM_WILLING,
     P(willing),
     {"willing", NULL, NULL}},
    {"concern", F_BOOL, 0, P(concern), {"concern", NULL, NULL}},
    {"frightens", F_BOOL, 0, P(frightens), {"frightens", NULL, NULL}},
    {"nominated", F_BOOL, 0, P(nominated), {"nominated", NULL, NULL}},
    {"lives_with_child",
     F_BOOL,
     0,
     P(lives_with_child),
     {"lives_with_child", NULL, NULL}},
    {"adult", F_ADULT, 0, P(adult), {"adult", NULL, NULL}},
    {"notes", F_TEXT, 0, P(notes), {"notes", NULL, NULL}},
};
#undef P
#define PERSON_FIELDS (sizeof person_fields / sizeof person_fields[0])
enum { PF_NAME, PF_ROLE, PF_SECTOR, PF_RING, PF_LAYOUT, PF_AGE, PF_CONTACT };

#define T(f) offsetof(kring_tie, f)
static const struct field tie_fields[] = {
    {"strength",
     F_ENUM,
     KRING_ENUM_STRENGTH,
     T(strength),
     {"strength", NULL, NULL}},
    {"quality",
     F_ENUM,
     KRING_ENUM_TIE_QUALITY,
     T(quality),
     {"quality", NULL, NULL}},
};
#undef T
#define TIE_FIELDS (sizeof tie_fields / sizeof tie_fields[0])

/* A field's source: a variable, and perhaps a table of its values. */
struct spec {
    const char *var;   /* NULL: the field is not read */
    const char *x, *y; /* F_LAYOUT: the two coordinates' variables */
    json_t *values;    /* an object, or NULL */
    int family;        /* sector from a yes/no variable family_member */
    int given;         /* named by the mapping file */
};

/* Variables a tool writes for itself: kept, without a note. */
static int system_var(const char *name)
{
    return strncmp(name, "networkCanvas", 13) == 0 ||
           strncmp(name, "nc:", 3) == 0 || strncmp(name, "session", 7) == 0 ||
           strcmp(name, "label") == 0;
}

static int has_name(char **names, size_t n, const char *name)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0)
            return 1;
    return 0;
}

/* The variables of a layout V: "V_X"/"V_Y" (Network Canvas GraphML) or
 * "V_x"/"V_y" (its CSV). */
static int layout_vars(char **names, size_t n, const char *v, char *x, char *y,
                       size_t cap)
{
    static const char *const sfx[2][2] = {{"_X", "_Y"}, {"_x", "_y"}};
    int i;

    for (i = 0; i < 2; i++) {
        snprintf(x, cap, "%s%s", v, sfx[i][0]);
        snprintf(y, cap, "%s%s", v, sfx[i][1]);
        if (has_name(names, n, x) && has_name(names, n, y))
            return 1;
    }
    return 0;
}

struct mapping {
    struct spec person[PERSON_FIELDS];
    struct spec tie[TIE_FIELDS];
    struct spec case_name, case_code;
    char lx[200], ly[200]; /* the layout's variables */
};

/* Reads the mapping's spec for field NAME of SECTION into SP; NAMES are
 * the variables the file has. */
static kring_status read_spec(struct kr_import *im, const char *section,
                              const char *name, json_t *v, char **names,
                              size_t n, struct spec *sp, struct mapping *m,
                              int layout)
{
    json_t *var = v;

    if (json_is_object(v)) {
        const char *k;
        json_t *x;
        json_object_foreach(v, k, x)
        {
            if (strcmp(k, "variable") != 0 && strcmp(k, "values") != 0)
                return kr_error_set(im->err, KRING_ERR_INVALID,
                                    _("%s: %s.%s: unknown key '%s' (a field "
                                      "takes 'variable' and 'values')"),
                                    im->mapping_name, section, name, k);
        }
        var = json_object_get(v, "variable");
        sp->values = json_object_get(v, "values");
        if (sp->values != NULL && !json_is_object(sp->values))
            return kr_error_set(im->err, KRING_ERR_INVALID,
                                _("%s: %s.%s.values must be an object of "
                                  "the file's values and kring's"),
                                im->mapping_name, section, name);
    }
    if (json_is_null(var)) { /* the field is not read at all */
        sp->var = NULL;
        return KRING_OK;
    }
    if (!json_is_string(var))
        return kr_error_set(im->err, KRING_ERR_INVALID,
                            _("%s: %s.%s must name a variable (or be an "
                              "object with 'variable' and 'values')"),
                            im->mapping_name, section, name);
    sp->var = json_string_value(var);
    if (layout ? layout_vars(names, n, sp->var, m->lx, m->ly, sizeof m->lx)
               : has_name(names, n, sp->var))
        return KRING_OK;
    return kr_error_set(im->err, KRING_ERR_INVALID,
                        _("%s: %s.%s names the variable '%s', which %s does "
                          "not have"),
                        im->mapping_name, section, name, sp->var, im->source);
}

static kring_status read_section(struct kr_import *im, const char *section,
                                 const struct field *fields, size_t nf,
                                 struct spec *specs, char **names, size_t n,
                                 struct mapping *m)
{
    json_t *o = im->mapping ? json_object_get(im->mapping, section) : NULL;
    const char *k;
    json_t *v;
    size_t i;
    kring_status rc;

    if (o == NULL)
        return KRING_OK;
    if (!json_is_object(o))
        return kr_error_set(im->err, KRING_ERR_INVALID,
                            _("%s: %s must be an object of kring fields"),
                            im->mapping_name, section);
    json_object_foreach(o, k, v)
    {
        for (i = 0; i < nf; i++)
            if (strcmp(fields[i].name, k) == 0)
                break;
        if (i == nf)
            return kr_error_set(im->err, KRING_ERR_INVALID,
                                _("%s: %s: '%s' is not a field kring "
                                  "imports"),
                                im->mapping_name, section, k);
        specs[i].family = 0;
        specs[i].given = 1;
        if ((rc = read_spec(im, section, k, v, names, n, &specs[i], m,
                            fields[i].type == F_LAYOUT)))
            return rc;
    }
    return KRING_OK;
}

/* The mapping for G: the defaults, then the mapping file over them. */
static kring_status make_mapping(struct kr_import *im,
                                 const struct kr_fgraph *g, struct mapping *m)
{
    size_t i, j;
    const char *k;
    json_t *v, *cs;
    kring_status rc;

    memset(m, 0, sizeof *m);
    for (i = 0; i < PERSON_FIELDS; i++)
        for (j = 0; j < 3 && person_fields[i].vars[j]; j++) {
            const char *var = person_fields[i].vars[j];
            if (person_fields[i].type == F_LAYOUT
                    ? layout_vars(g->node_names, g->n_node_names, var, m->lx,
                                  m->ly, sizeof m->lx)
                    : has_name(g->node_names, g->n_node_names, var)) {
                m->person[i].var = var;
                break;
            }
        }
    if (m->person[PF_SECTOR].var == NULL &&
        has_name(g->node_names, g->n_node_names, "family_member")) {
        m->person[PF_SECTOR].var = "family_member";
        m->person[PF_SECTOR].family = 1;
    }
    for (i = 0; i < TIE_FIELDS; i++)
        if (has_name(g->edge_names, g->n_edge_names, tie_fields[i].vars[0]))
            m->tie[i].var = tie_fields[i].vars[0];
    if (has_name(g->graph_names, g->n_graph_names, "name"))
        m->case_name.var = "name";
    else if (has_name(g->graph_names, g->n_graph_names, "full_name"))
        m->case_name.var = "full_name";
    if (im->mapping == NULL)
        return KRING_OK;
    json_object_foreach(im->mapping, k, v)
    {
        if (strcmp(k, "person") != 0 && strcmp(k, "tie") != 0 &&
            strcmp(k, "case") != 0)
            return kr_error_set(im->err, KRING_ERR_INVALID,
                                _("%s: unknown key '%s' (a mapping has "
                                  "'case', 'person' and 'tie')"),
                                im->mapping_name, k);
    }
    if ((rc = read_section(im, "person", person_fields, PERSON_FIELDS,
                           m->person, g->node_names, g->n_node_names, m)) ||
        (rc = read_section(im, "tie", tie_fields, TIE_FIELDS, m->tie,
                           g->edge_names, g->n_edge_names, m)))
        return rc;
    if ((cs = json_object_get(im->mapping, "case")) != NULL) {
        if (!json_is_object(cs))
            return kr_error_set(im->err, KRING_ERR_INVALID,
                                _("%s: case must be an object"),
                                im->mapping_name);
        json_object_foreach(cs, k, v)
        {
            struct spec *sp = strcmp(k, "name") == 0   ? &m->case_name
                              : strcmp(k, "code") == 0 ? &m->case_code
                                                       : NULL;
            if (sp == NULL)
                return kr_error_set(im->err, KRING_ERR_INVALID,
                                    _("%s: case: '%s' is not a field kring "
                                      "imports (name, code)"),
                                    im->mapping_name, k);
            if ((rc = read_spec(im, "case", k, v, g->graph_names,
                                g->n_graph_names, sp, m, 0)))
                return rc;
        }
    }
    return KRING_OK;
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
    else if (json_is_number(to))
        snprintf(buf, cap, "%.17g", json_number_value(to));
    else if (json_is_boolean(to))
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
        const struct field *f = &person_fields[i];
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
                tie_fields[i].name, buf, sizeof buf, &rc) == GOT_VALUE &&
            rc == KRING_OK)
            put(im, &tie_fields[i], buf, m->tie[i].var, e->file, e->line, who,
                &t, &rc);
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

    if ((rc = make_mapping(im, g, &m)))
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
