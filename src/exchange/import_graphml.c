/* GraphML in: kring's own (marked by the graph key "kring"), read back
 * field for field; any other GraphML, Network Canvas's among them, as a
 * foreign network mapped by import_foreign.c. The XML is parsed by
 * libxml2 in kring-xml.so (src/exchange/xml.c), loaded here when first needed.
 */
#define _GNU_SOURCE /* memmem */
#include <dlfcn.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "import_internal.h"
#include "xml.h"

#define NC_NS "http://schema.networkcanvas.com/xmlns"
#define MODULE "kring-xml.so"

static int (*xml_parse)(const char *, size_t, struct kr_xml_el **, char *,
                        size_t);
static void (*xml_free)(struct kr_xml_el *);

#ifdef KRING_XML_STATIC
/* The fuzzing build links src/exchange/xml.c in (tests/fuzz). */
static kring_status load_module(kring_error *err)
{
    (void)err;
    xml_parse = kr_xml_parse;
    xml_free = kr_xml_free;
    return KRING_OK;
}
#else
static kring_status load_module(kring_error *err)
{
    static void *module;
    char path[PATH_MAX + 32];

    if (module != NULL)
        return KRING_OK;
    if (!kr_module_find(MODULE, "KRING_XML", path, sizeof path))
        return kr_error_set(err, KRING_ERR_IO,
                            _("cannot read XML: %s is not installed"), path);
    if ((module = dlopen(path, RTLD_NOW | RTLD_LOCAL)) == NULL)
        return kr_error_set(err, KRING_ERR_IO, _("cannot read XML: %s"),
                            dlerror());
    *(void **)&xml_parse = dlsym(module, "kr_xml_parse");
    *(void **)&xml_free = dlsym(module, "kr_xml_free");
    if (xml_parse == NULL || xml_free == NULL) {
        module = NULL;
        return kr_error_set(err, KRING_ERR_IO,
                            _("cannot read XML: %s is not kring's"), path);
    }
    return KRING_OK;
}
#endif

/* What a GraphML file may hold (docs/limits.md): enough for the largest
 * case kring's own GraphML writes, and little enough to be read in well
 * under 2 s and 200 MB. */
#define XML_ELEMENTS_MAX 200000
#define XML_ATTRS_MAX 100

/* The line of byte AT of DATA. */
static int line_at(const char *data, size_t at)
{
    const char *p = data, *end = data + at;
    int line = 1;

    while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
        line++;
        p++;
    }
    return line;
}

/* One pass over the bytes before libxml2 sees them: a DOCTYPE (and so any
 * entity of the file's own) is refused, and so are more elements or
 * attributes on one element than kring reads; libxml2 checks an element's
 * attributes against each other in quadratic time. Comments, CDATA and
 * processing instructions are skipped; what is not well-formed is left to
 * libxml2 to say. */
static kring_status xml_scan(struct kr_import *im, const char *data, size_t len)
{
    const char *p = data, *end = data + len, *q;
    size_t elements = 0;

    while ((p = memchr(p, '<', (size_t)(end - p))) != NULL) {
        const char *start = p;
        size_t n = (size_t)(end - p), attrs = 0;
        const char *close = NULL;
        if (n >= 4 && memcmp(p, "<!--", 4) == 0)
            close = "-->";
        else if (n >= 9 && memcmp(p, "<![CDATA[", 9) == 0)
            close = "]]>";
        else if (n >= 2 && memcmp(p, "<?", 2) == 0)
            close = "?>";
        if (close != NULL) {
            if ((q = memmem(p + 2, n - 2, close, strlen(close))) == NULL)
                return KRING_OK;
            p = q + strlen(close);
            continue;
        }
        if (n >= 2 && p[1] == '!')
            return kr_import_fail(im, line_at(data, (size_t)(p - data)), "%s",
                                  _("the file has a DOCTYPE, which kring "
                                    "does not read (no DTD, no entities of "
                                    "its own)"));
        if (n >= 2 && p[1] == '/') {
            p++;
            continue;
        }
        if (++elements > XML_ELEMENTS_MAX)
            return kr_import_fail(im, line_at(data, (size_t)(p - data)),
                                  _("more than %d XML elements: kring reads "
                                    "at most that many"),
                                  XML_ELEMENTS_MAX);
        for (p++; p < end && *p != '>'; p++) {
            if (*p == '"' || *p == '\'') {
                if ((q = memchr(p + 1, *p, (size_t)(end - p - 1))) == NULL)
                    return KRING_OK;
                p = q;
            } else if (*p == '=' && ++attrs > XML_ATTRS_MAX) {
                return kr_import_fail(
                    im, line_at(data, (size_t)(start - data)),
                    _("an element with more than %d attributes: kring "
                      "reads at most that many"),
                    XML_ATTRS_MAX);
            }
        }
    }
    return KRING_OK;
}

/* The attribute NAME without a namespace (NS NULL) or in NS. */
static const char *attr(const struct kr_xml_el *e, const char *name,
                        const char *ns)
{
    size_t i;

    for (i = 0; i < e->n_attrs; i++)
        if (strcmp(e->attrs[i].name, name) == 0 &&
            (ns == NULL ? e->attrs[i].ns == NULL
                        : e->attrs[i].ns && strcmp(e->attrs[i].ns, ns) == 0))
            return e->attrs[i].value;
    return NULL;
}

/* A <key>: what a <data key="ID"> holds. */
struct key {
    const char *id, *for_, *name, *def;
    enum kr_vtype type;
    size_t slot; /* its name's in struct keys' STAMP */
};

struct keys {
    struct key *k;
    size_t n;
    struct kr_index ids;   /* a key's place in K by its id */
    struct kr_index names; /* a variable's slot in STAMP by its name */
    size_t *stamp;         /* the item that last gave the variable */
    size_t n_slots, cap_slots, item;
};

static const struct key *find_key(const struct keys *ks, const char *id)
{
    long i = kr_index_get(&ks->ids, id);

    return i < 0 ? NULL : &ks->k[i];
}

/* The slot of the variable NAME (borrowed), made when new; -1 when out of
 * memory. */
static long slot_of(struct keys *ks, const char *name)
{
    long i = kr_index_get(&ks->names, name);

    if (i >= 0)
        return i;
    if (kr_grow(&ks->stamp, &ks->cap_slots, ks->n_slots + 1,
                sizeof *ks->stamp) ||
        kr_index_put(&ks->names, name, ks->n_slots) < 0)
        return -1;
    ks->stamp[ks->n_slots] = 0;
    return (long)ks->n_slots++;
}

static void keys_release(struct keys *ks)
{
    kr_free(ks->k);
    kr_free(ks->stamp);
    kr_index_release(&ks->ids);
    kr_index_release(&ks->names);
}

static int key_for(const struct key *k, const char *what)
{
    return strcmp(k->for_, what) == 0 || strcmp(k->for_, "all") == 0;
}

static kring_status read_keys(struct kr_import *im,
                              const struct kr_xml_el *root, struct keys *ks)
{
    size_t i, j, n = 0;
    long slot;

    for (i = 0; i < root->n_kids; i++)
        n += strcmp(root->kids[i].name, "key") == 0;
    if (n > KR_VARS_MAX)
        return kr_import_fail(im, root->line,
                              _("more than %d <key>s: kring reads at most "
                                "that many"),
                              KR_VARS_MAX);
    if (n && (ks->k = kr_calloc(n, sizeof *ks->k)) == NULL)
        return kr_nomem(im->err);
    for (i = 0; i < root->n_kids; i++) {
        const struct kr_xml_el *e = &root->kids[i];
        struct key *k;
        const char *type;
        if (strcmp(e->name, "key") != 0)
            continue;
        k = &ks->k[ks->n++];
        if ((k->id = attr(e, "id", NULL)) == NULL)
            return kr_import_fail(im, e->line, "%s", _("a <key> has no id"));
        k->for_ = attr(e, "for", NULL) ? attr(e, "for", NULL) : "all";
        k->name =
            attr(e, "attr.name", NULL) ? attr(e, "attr.name", NULL) : k->id;
        type = attr(e, "attr.type", NULL);
        if (type == NULL || strcmp(type, "string") == 0)
            k->type = KR_V_STRING;
        else if (strcmp(type, "boolean") == 0)
            k->type = KR_V_BOOL;
        else
            k->type = KR_V_NUMBER; /* int, long, float, double */
        for (j = 0; j < e->n_kids; j++)
            if (strcmp(e->kids[j].name, "default") == 0)
                k->def = e->kids[j].text;
        if (kr_index_put(&ks->ids, k->id, ks->n - 1) < 0 ||
            (slot = slot_of(ks, k->name)) < 0)
            return kr_nomem(im->err);
        k->slot = (size_t)slot;
    }
    return KRING_OK;
}

/* ---- kring's own GraphML ---------------------------------------------- */

/* Where each value of the case file made came from. */
struct place {
    char path[KR_PATH_MAX];
    int line;
};

struct places {
    struct place *p;
    size_t n, cap;
};

static kring_status put_place(struct kr_import *im, struct places *ps,
                              const char *path, int line)
{
    if (kr_grow(&ps->p, &ps->cap, ps->n + 1, sizeof *ps->p))
        return kr_nomem(im->err);
    snprintf(ps->p[ps->n].path, KR_PATH_MAX, "%s", path);
    ps->p[ps->n++].line = line;
    return KRING_OK;
}

static int locate(void *arg, const char *path, const char *key, int *line)
{
    const struct places *ps = arg;
    char want[KR_PATH_MAX * 2];
    size_t i, best = 0, best_len = 0;
    int found = 0;

    snprintf(want, sizeof want, "%s%s%s", path, key && path[0] ? "." : "",
             key ? key : "");
    /* The longest recorded path that begins WANT. */
    for (i = 0; i < ps->n; i++) {
        size_t n = strlen(ps->p[i].path);
        if (strncmp(want, ps->p[i].path, n) == 0 &&
            (want[n] == '\0' || want[n] == '.' || want[n] == '[') &&
            n >= best_len) {
            best = i;
            best_len = n;
            found = 1;
        }
    }
    if (!found)
        return -1;
    *line = ps->p[best].line;
    return 0;
}

/* Merges the keys of the JSON object text TEXT into O. */
static kring_status merge_json(struct kr_import *im, int line, json_t *o,
                               const char *text, const char *what)
{
    json_error_t jerr;
    unsigned long failures = kr_alloc_failures();
    json_t *v =
        kr_json_loadb(text, strlen(text), JSON_REJECT_DUPLICATES, &jerr);
    kring_status rc = KRING_OK;

    /* jansson's lexer drops a byte when it cannot grow its buffer. */
    if (kr_alloc_failures() != failures)
        rc = kr_nomem(im->err);
    else if (v == NULL || !json_is_object(v))
        rc = kr_import_fail(im, line, _("%s must be a JSON object"), what);
    else if (json_object_update(o, v))
        rc = kr_nomem(im->err);
    json_decref(v);
    return rc;
}

/* The value of a <data> of type K->type for the case file. */
static kring_status typed(struct kr_import *im, const struct key *k,
                          const char *text, int line, json_t **out)
{
    char *end;

    *out = NULL;
    if (k->type == KR_V_STRING) {
        *out = json_string(text);
    } else if (k->type == KR_V_BOOL) {
        if (strcmp(text, "true") == 0 || strcmp(text, "1") == 0)
            *out = json_true();
        else if (strcmp(text, "false") == 0 || strcmp(text, "0") == 0)
            *out = json_false();
        else
            return kr_import_fail(im, line,
                                  _("%s must be true or false, not '%s'"),
                                  k->name, text);
    } else {
        double d = strtod(text, &end);
        if (text[0] == '\0' || *end != '\0' || d != d)
            return kr_import_fail(im, line, _("%s must be a number, not '%s'"),
                                  k->name, text);
        if (strchr(text, '.') || strchr(text, 'e') || strchr(text, 'E'))
            *out = json_real(d);
        else
            *out = json_integer(strtoll(text, NULL, 10));
    }
    return *out ? KRING_OK : kr_nomem(im->err);
}

/* The <data> of E into the object O; PATH names O in messages. */
static kring_status own_data(struct kr_import *im, const struct keys *ks,
                             const struct kr_xml_el *e, const char *what,
                             json_t *o, json_t *root, const char *path,
                             struct places *ps)
{
    size_t i;
    kring_status rc;

    for (i = 0; i < e->n_kids; i++) {
        const struct kr_xml_el *d = &e->kids[i];
        const struct key *k;
        char at[KR_PATH_MAX];
        json_t *v = NULL;
        if (strcmp(d->name, "data") != 0)
            continue;
        k = find_key(ks, attr(d, "key", NULL) ? attr(d, "key", NULL) : "");
        if (k == NULL || !key_for(k, what))
            return kr_import_fail(
                im, d->line,
                _("<data> with key '%s', which no <key> "
                  "for %s declares"),
                attr(d, "key", NULL) ? attr(d, "key", NULL) : "", what);
        snprintf(at, sizeof at, "%s%s%s", path, path[0] ? "." : "", k->name);
        if ((rc = put_place(im, ps, at, d->line)))
            return rc;
        if (strcmp(k->name, "extra") == 0) {
            rc = merge_json(im, d->line, o, d->text, "extra");
        } else if (strcmp(k->name, "file_extra") == 0) {
            rc = merge_json(im, d->line, root, d->text, "file_extra");
        } else if (strcmp(k->name, "kring_history") == 0) {
            rc = merge_json(im, d->line, root, d->text, "kring_history");
        } else if (strcmp(k->name, "kring") == 0) {
            rc = KRING_OK;
        } else if (strcmp(k->name, "support") == 0) {
            /* A list as "emotional,practical". */
            const char *s = d->text;
            if ((v = json_array()) == NULL)
                return kr_nomem(im->err);
            while (*s) {
                size_t n = strcspn(s, ",");
                json_t *item = json_stringn(s, n);
                if (item == NULL || json_array_append_new(v, item)) {
                    json_decref(v);
                    return kr_nomem(im->err);
                }
                s += n + (s[n] == ',');
            }
            rc = json_object_set_new(o, k->name, v) ? kr_nomem(im->err)
                                                    : KRING_OK;
        } else if ((rc = typed(im, k, d->text, d->line, &v)) == KRING_OK) {
            rc = json_object_set_new(o, k->name, v) ? kr_nomem(im->err)
                                                    : KRING_OK;
        }
        if (rc)
            return rc;
    }
    return KRING_OK;
}

static kring_status own_graph(struct kr_import *im, const struct keys *ks,
                              const struct kr_xml_el *g)
{
    json_t *root = json_object(), *head = json_object();
    json_t *people = json_array(), *ties = json_array();
    struct places ps = {0};
    kring_case *c = NULL;
    kring_status rc = KRING_OK;
    size_t i, np = 0, nt = 0;

    if (!root || !head || !people || !ties ||
        json_object_set_new(root, "kring", json_integer(1)) ||
        json_object_set(root, "case", head) ||
        json_object_set(root, "people", people) ||
        json_object_set(root, "ties", ties)) {
        rc = kr_nomem(im->err);
        goto out;
    }
    if ((rc = put_place(im, &ps, "", g->line)) ||
        (rc = put_place(im, &ps, "case", g->line)) ||
        (rc = own_data(im, ks, g, "graph", head, root, "case", &ps)))
        goto out;
    for (i = 0; i < g->n_kids && rc == KRING_OK; i++) {
        const struct kr_xml_el *e = &g->kids[i];
        char path[KR_PATH_MAX];
        json_t *o;
        int node = strcmp(e->name, "node") == 0;
        if (!node && strcmp(e->name, "edge") != 0)
            continue;
        if ((o = json_object()) == NULL ||
            json_array_append_new(node ? people : ties, o)) {
            rc = kr_nomem(im->err);
            break;
        }
        if (node)
            snprintf(path, sizeof path, "people[%zu]", np++);
        else
            snprintf(path, sizeof path, "ties[%zu]", nt++);
        if ((rc = put_place(im, &ps, path, e->line)))
            break;
        if (node && attr(e, "id", NULL))
            rc = json_object_set_new(o, "id", json_string(attr(e, "id", NULL)))
                     ? kr_nomem(im->err)
                     : KRING_OK;
        if (!node && attr(e, "source", NULL) && attr(e, "target", NULL) &&
            (json_object_set_new(o, "a",
                                 json_string(attr(e, "source", NULL))) ||
             json_object_set_new(o, "b", json_string(attr(e, "target", NULL)))))
            rc = kr_nomem(im->err);
        if (rc == KRING_OK)
            rc =
                own_data(im, ks, e, node ? "node" : "edge", o, root, path, &ps);
    }
    if (rc == KRING_OK &&
        (rc = kr_casefile_from_json(root, im->source, locate, &ps, &c,
                                    im->err)) == KRING_OK)
        rc = kr_import_add(im, c);
out:
    json_decref(head);
    json_decref(people);
    json_decref(ties);
    json_decref(root);
    kr_free(ps.p);
    return rc;
}

/* ---- any other GraphML -------------------------------------------------- */

/* E's <data> as variables; each variable's slot is stamped with the item,
 * so that a value given twice is found in constant time. */
static kring_status foreign_data(struct kr_import *im, struct keys *ks,
                                 const struct kr_xml_el *e, const char *what,
                                 struct kr_fvar **vars, size_t *n, size_t *cap)
{
    size_t i;
    long slot;
    kring_status rc;

    ks->item++;
    for (i = 0; i < e->n_kids; i++) {
        const struct kr_xml_el *d = &e->kids[i];
        const char *id = attr(d, "key", NULL), *name;
        const struct key *k;
        enum kr_vtype type = KR_V_GUESS;
        if (strcmp(d->name, "data") != 0)
            continue;
        if (id == NULL)
            return kr_import_fail(im, d->line, "%s", _("a <data> has no key"));
        if ((k = find_key(ks, id)) == NULL || !key_for(k, what)) {
            if ((rc = kr_note(im, d->line,
                              _("<data> with key '%s', which no <key> "
                                "declares: read as a variable of that "
                                "name"),
                              id)))
                return rc;
            name = id;
        } else {
            name = k->name;
            type = k->type;
        }
        if ((slot = slot_of(ks, name)) < 0)
            return kr_nomem(im->err);
        if (ks->stamp[slot] == ks->item) {
            if ((rc = kr_note(im, d->line,
                              _("%s is given twice: the first is kept"), name)))
                return rc;
            continue;
        }
        if (*n >= KR_VARS_MAX)
            return kr_import_fail(im, d->line,
                                  _("more than %d values in one <%s>: kring "
                                    "reads at most that many"),
                                  KR_VARS_MAX, e->name);
        ks->stamp[slot] = ks->item;
        if ((rc = kr_fvar_add(im, vars, n, cap, name, d->text, type, d->line)))
            return rc;
    }
    /* A key's default stands for a value not given. */
    for (i = 0; i < ks->n; i++) {
        const struct key *k = &ks->k[i];
        if (k->def != NULL && key_for(k, what) &&
            ks->stamp[k->slot] != ks->item) {
            ks->stamp[k->slot] = ks->item;
            if ((rc = kr_fvar_add(im, vars, n, cap, k->name, k->def, k->type,
                                  e->line)))
                return rc;
        }
    }
    return KRING_OK;
}

static long find_node(const struct kr_fgraph *g, const char *id)
{
    return kr_index_get(&g->node_ids, id);
}

static kring_status foreign_graph(struct kr_import *im, struct keys *ks,
                                  const struct kr_xml_el *ge, int nc)
{
    struct kr_fgraph g;
    kring_status rc = KRING_OK;
    size_t i;

    memset(&g, 0, sizeof g);
    g.origin = nc ? "nc" : "graphml";
    g.line = ge->line;
    for (i = 0; i < ks->n && rc == KRING_OK; i++) {
        const struct key *k = &ks->k[i];
        if (key_for(k, "node"))
            rc = kr_fname_add(im, &g.node_names, &g.n_node_names, k->name);
        if (rc == KRING_OK && key_for(k, "edge"))
            rc = kr_fname_add(im, &g.edge_names, &g.n_edge_names, k->name);
        if (rc == KRING_OK && key_for(k, "graph"))
            rc = kr_fname_add(im, &g.graph_names, &g.n_graph_names, k->name);
    }
    if (rc)
        goto out;
    if (attr(ge, "caseId", NC_NS) || attr(ge, "id", NULL)) {
        const char *code = attr(ge, "caseId", NC_NS) ? attr(ge, "caseId", NC_NS)
                                                     : attr(ge, "id", NULL);
        if ((g.code = kr_strdup(code)) == NULL) {
            rc = kr_nomem(im->err);
            goto out;
        }
    }
    /* Network Canvas's session, protocol and times, kept with the case. */
    for (i = 0; i < ge->n_attrs && rc == KRING_OK; i++) {
        char name[200];
        if (ge->attrs[i].ns == NULL || strcmp(ge->attrs[i].ns, NC_NS) != 0)
            continue;
        snprintf(name, sizeof name, "nc:%s", ge->attrs[i].name);
        rc = kr_fvar_add(im, &g.vars, &g.n_vars, &g.cap_vars, name,
                         ge->attrs[i].value, KR_V_STRING, ge->line);
        if (rc == KRING_OK)
            rc = kr_fname_add(im, &g.graph_names, &g.n_graph_names, name);
    }
    if (rc == KRING_OK)
        rc = foreign_data(im, ks, ge, "graph", &g.vars, &g.n_vars, &g.cap_vars);
    for (i = 0; i < ge->n_kids && rc == KRING_OK; i++) {
        const struct kr_xml_el *e = &ge->kids[i];
        struct kr_fitem *it;
        const char *id = attr(e, "id", NULL);
        if (strcmp(e->name, "node") == 0) {
            size_t j;
            if (id == NULL) {
                rc = kr_import_fail(im, e->line, "%s", _("a <node> has no id"));
                break;
            }
            if (find_node(&g, id) >= 0) {
                rc = kr_import_fail(im, e->line, _("node '%s' is there twice"),
                                    id);
                break;
            }
            if (kr_index_put(&g.node_ids, id, g.n_nodes) < 0) {
                rc = kr_nomem(im->err);
                break;
            }
            for (j = 0; j < e->n_kids; j++)
                if (strcmp(e->kids[j].name, "graph") == 0 &&
                    (rc = kr_note(im, e->kids[j].line,
                                  _("a graph inside node '%s' is left out"),
                                  id)))
                    goto out;
            if ((it = kr_fitem_new(im, &g.nodes, &g.n_nodes, &g.cap_nodes)) ==
                NULL) {
                rc = KRING_ERR_NOMEM;
                break;
            }
            it->line = e->line;
            if ((it->id = kr_strdup(id)) == NULL) {
                rc = kr_nomem(im->err);
                break;
            }
            rc = foreign_data(im, ks, e, "node", &it->vars, &it->n_vars,
                              &it->cap_vars);
        } else if (strcmp(e->name, "hyperedge") == 0) {
            rc = kr_note(im, e->line, "%s",
                         _("a hyperedge (joining more than two) is left "
                           "out: kring's ties join two people"));
        }
    }
    /* Edges after every node: an edge may come before its nodes. */
    for (i = 0; i < ge->n_kids && rc == KRING_OK; i++) {
        const struct kr_xml_el *e = &ge->kids[i];
        const char *s = attr(e, "source", NULL), *t = attr(e, "target", NULL);
        struct kr_fitem *it;
        if (strcmp(e->name, "edge") != 0)
            continue;
        if (s == NULL || t == NULL) {
            rc = kr_import_fail(im, e->line, "%s",
                                _("an <edge> needs a source and a target"));
            break;
        }
        if (find_node(&g, s) < 0 || find_node(&g, t) < 0) {
            rc = kr_import_fail(im, e->line,
                                _("the edge from '%s' to '%s' names a node "
                                  "that is not in the graph"),
                                s, t);
            break;
        }
        if ((it = kr_fitem_new(im, &g.edges, &g.n_edges, &g.cap_edges)) ==
            NULL) {
            rc = KRING_ERR_NOMEM;
            break;
        }
        it->line = e->line;
        if ((it->id = kr_strdup(attr(e, "id", NULL) ? attr(e, "id", NULL)
                                                    : "")) == NULL ||
            (it->source = kr_strdup(s)) == NULL ||
            (it->target = kr_strdup(t)) == NULL) {
            rc = kr_nomem(im->err);
            break;
        }
        rc = foreign_data(im, ks, e, "edge", &it->vars, &it->n_vars,
                          &it->cap_vars);
    }
    if (rc == KRING_OK)
        rc = kr_foreign_case(im, &g);
out:
    kr_fgraph_release(&g);
    return rc;
}

kring_status kr_import_graphml(struct kr_import *im, const char *data,
                               size_t len, int nc)
{
    struct kr_xml_el *root = NULL;
    struct keys ks;
    char why[300];
    kring_status rc;
    size_t i, j;
    int own = 0, graphs = 0;

    memset(&ks, 0, sizeof ks);
    if ((rc = load_module(im->err)) || (rc = xml_scan(im, data, len)))
        return rc;
    switch (xml_parse(data, len, &root, why, sizeof why)) {
    case 0:
        break;
    case KR_XML_DOCTYPE: /* one xml_scan did not see (UTF-16) */
        return kr_error_set(im->err, KRING_ERR_INVALID, "%s:%d: %s", im->source,
                            atoi(why),
                            _("the file has a DOCTYPE, which kring does not "
                              "read (no DTD, no entities of its own)"));
    case KR_XML_ENTITY:
        return kr_error_set(im->err, KRING_ERR_INVALID, "%s: %s", im->source,
                            _("an entity reference kring cannot read (only "
                              "&amp; &lt; &gt; &quot; &apos; and &#...;)"));
    default:
        return kr_error_set(im->err, KRING_ERR_INVALID, "%s:%s", im->source,
                            why);
    }
    if (strcmp(root->name, "graphml") != 0) {
        rc = kr_import_fail(im, root->line,
                            _("this is not GraphML: the document is <%s>"),
                            root->name);
        goto out;
    }
    if ((rc = read_keys(im, root, &ks)))
        goto out;
    for (j = 0; j < ks.n; j++)
        own |= key_for(&ks.k[j], "graph") && strcmp(ks.k[j].name, "kring") == 0;
    for (i = 0; i < root->n_kids && rc == KRING_OK; i++) {
        const struct kr_xml_el *g = &root->kids[i];
        if (strcmp(g->name, "graph") != 0)
            continue;
        graphs++;
        rc = own && !nc ? own_graph(im, &ks, g) : foreign_graph(im, &ks, g, nc);
    }
    if (rc == KRING_OK && graphs == 0)
        rc = kr_import_fail(im, root->line, "%s",
                            _("the GraphML holds no <graph>"));
out:
    keys_release(&ks);
    xml_free(root);
    return rc;
}
