/* Which variable of a foreign network each kring field reads: the usual
 * names (Network Canvas, kring's own GraphML), or what a mapping file
 * says (docs/exchange.md, "Mapping"); import_foreign.c reads the values. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "import_mapping.h"

#define P(f) offsetof(kring_person, f)
const struct field kr_person_fields[] = {
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
_Static_assert(sizeof kr_person_fields / sizeof kr_person_fields[0] ==
                   PERSON_FIELDS,
               "PERSON_FIELDS counts kr_person_fields");

#define T(f) offsetof(kring_tie, f)
const struct field kr_tie_fields[] = {
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
_Static_assert(sizeof kr_tie_fields / sizeof kr_tie_fields[0] == TIE_FIELDS,
               "TIE_FIELDS counts kr_tie_fields");

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
kring_status kr_make_mapping(struct kr_import *im, const struct kr_fgraph *g,
                             struct mapping *m)
{
    size_t i, j;
    const char *k;
    json_t *v, *cs;
    kring_status rc;

    memset(m, 0, sizeof *m);
    for (i = 0; i < PERSON_FIELDS; i++)
        for (j = 0; j < 3 && kr_person_fields[i].vars[j]; j++) {
            const char *var = kr_person_fields[i].vars[j];
            if (kr_person_fields[i].type == F_LAYOUT
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
        if (has_name(g->edge_names, g->n_edge_names, kr_tie_fields[i].vars[0]))
            m->tie[i].var = kr_tie_fields[i].vars[0];
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
    if ((rc = read_section(im, "person", kr_person_fields, PERSON_FIELDS,
                           m->person, g->node_names, g->n_node_names, m)) ||
        (rc = read_section(im, "tie", kr_tie_fields, TIE_FIELDS, m->tie,
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
