/* Network Canvas's CSV export: a set of files (ego, alters, edges, one
 * per interview) found beside the one given, read as one foreign graph and
 * made into cases by import_foreign.c's mapping (docs/exchange.md). */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_internal.h"

/* ---- Network Canvas's CSV set ------------------------------------------- */

/* The files of one session: PREFIX_ego.csv, PREFIX_attributeList_T.csv,
 * PREFIX_edgeList_T.csv (T a node or edge type). */
struct csv_set {
    char *dir, *prefix;
    char **files; /* full paths, sorted */
    size_t n;
};

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static kring_status find_set(struct kr_import *im, const char *path,
                             struct csv_set *set)
{
    static const char *const marks[] = {"_ego.csv", "_attributeList_",
                                        "_edgeList_"};
    const char *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path;
    const char *cut = NULL;
    struct dirent *d;
    DIR *dir;
    size_t i, plen;

    for (i = 0; i < 3 && cut == NULL; i++)
        cut = strstr(base, marks[i]);
    if (cut == NULL)
        return kr_import_fail(im, 0, "%s",
                              _("a Network Canvas CSV file is named "
                                "SESSION_ego.csv, SESSION_attributeList_"
                                "TYPE.csv or SESSION_edgeList_TYPE.csv"));
    set->dir =
        slash ? kr_strndup(path, (size_t)(slash - path)) : kr_strdup(".");
    set->prefix = kr_strndup(base, (size_t)(cut - base) + 1); /* with '_' */
    if (set->dir == NULL || set->prefix == NULL)
        return kr_nomem(im->err);
    if ((dir = opendir(set->dir)) == NULL)
        return kr_error_set(im->err, KRING_ERR_IO, _("%s: cannot read: %s"),
                            set->dir, strerror(errno));
    plen = strlen(set->prefix);
    while ((d = readdir(dir)) != NULL) {
        size_t n = strlen(d->d_name);
        char *full, **grown;
        if (strncmp(d->d_name, set->prefix, plen) != 0 || n < 4 ||
            strcmp(d->d_name + n - 4, ".csv") != 0)
            continue;
        full = kr_malloc(strlen(set->dir) + n + 2);
        grown =
            full ? kr_realloc(set->files, (set->n + 1) * sizeof *grown) : NULL;
        if (grown == NULL) {
            kr_free(full);
            closedir(dir);
            return kr_nomem(im->err);
        }
        sprintf(full, "%s/%s", set->dir, d->d_name);
        set->files = grown;
        set->files[set->n++] = full;
    }
    closedir(dir);
    qsort(set->files, set->n, sizeof *set->files, by_name);
    return KRING_OK;
}

static void release_set(struct csv_set *set)
{
    size_t i;

    for (i = 0; i < set->n; i++)
        kr_free(set->files[i]);
    kr_free(set->files);
    kr_free(set->dir);
    kr_free(set->prefix);
}

/* The rows of table T as items (nodes or edges) of G. */
static kring_status csv_items(struct kr_import *im, const struct kr_csv *t,
                              const char *file, const char *type, int edges,
                              struct kr_fgraph *g)
{
    char **head = t->rows[0];
    size_t nf = t->n_fields[0], r, k;
    long id = -1, from = -1, to = -1;
    kring_status rc = KRING_OK;

    for (k = 0; k < nf; k++) {
        if (strcmp(head[k], edges ? "edgeID" : "nodeID") == 0)
            id = (long)k;
        else if (edges && strcmp(head[k], "from") == 0)
            from = (long)k;
        else if (edges && strcmp(head[k], "to") == 0)
            to = (long)k;
        else if ((rc = edges ? kr_fname_add(im, &g->edge_names,
                                            &g->n_edge_names, head[k])
                             : kr_fname_add(im, &g->node_names,
                                            &g->n_node_names, head[k])))
            return rc;
    }
    if (id < 0 || (edges && (from < 0 || to < 0)))
        return kr_error_set(im->err, KRING_ERR_INVALID,
                            _("%s:1: the header has no %s column"), file,
                            id < 0     ? (edges ? "edgeID" : "nodeID")
                            : from < 0 ? "from"
                                       : "to");
    for (r = 1; r < t->n_rows; r++) {
        char **row = t->rows[r];
        struct kr_fitem *it =
            edges ? kr_fitem_new(im, &g->edges, &g->n_edges, &g->cap_edges)
                  : kr_fitem_new(im, &g->nodes, &g->n_nodes, &g->cap_nodes);
        if (it == NULL)
            return KRING_ERR_NOMEM;
        it->file = file;
        it->line = t->lines[r];
        if ((it->id = kr_strdup(row[id])) == NULL ||
            (edges && ((it->source = kr_strdup(row[from])) == NULL ||
                       (it->target = kr_strdup(row[to])) == NULL)))
            return kr_nomem(im->err);
        if (!edges) {
            int twice = kr_index_put(&g->node_ids, it->id, g->n_nodes - 1);
            if (twice < 0)
                return kr_nomem(im->err);
            if (twice)
                return kr_error_set(im->err, KRING_ERR_INVALID,
                                    _("%s:%d: node '%s' is there twice"), file,
                                    it->line, it->id);
        }
        for (k = 0; k < nf && rc == KRING_OK; k++)
            if ((long)k != id && (long)k != from && (long)k != to)
                rc = kr_fvar_add(im, &it->vars, &it->n_vars, &it->cap_vars,
                                 head[k], row[k], KR_V_GUESS, it->line);
        if (rc == KRING_OK)
            rc = kr_fvar_add(im, &it->vars, &it->n_vars, &it->cap_vars,
                             "networkCanvasType", type, KR_V_STRING, it->line);
        if (rc)
            return rc;
    }
    return KRING_OK;
}

kring_status kr_nc_csv_read(struct kr_import *im, char *const *files,
                            char *const *data, const size_t *lens, size_t n,
                            size_t plen)
{
    struct kr_csv *tables = NULL;
    struct kr_fgraph g;
    kring_status rc = KRING_OK;
    size_t i, nodes_files = 0;

    memset(&g, 0, sizeof g);
    g.origin = "nc";
    if ((tables = kr_calloc(n + 1, sizeof *tables)) == NULL)
        return kr_nomem(im->err);
    for (i = 0; i < n && rc == KRING_OK; i++) {
        const char *file = files[i], *rest = file + plen;
        char type[200];
        if ((rc = kr_csv_parse(im, file, data[i], lens[i], &tables[i])))
            break;
        if (strcmp(rest, "ego.csv") == 0) {
            struct kr_csv *t = &tables[i];
            size_t k;
            if (t->n_rows != 2) {
                rc = kr_error_set(im->err, KRING_ERR_INVALID,
                                  _("%s: an ego file has one row under its "
                                    "header, not %zu"),
                                  file, t->n_rows - 1);
                break;
            }
            g.line = 0;
            for (k = 0; k < t->n_fields[0] && rc == KRING_OK; k++) {
                const char *name = t->rows[0][k], *v = t->rows[1][k];
                if (strcmp(name, "networkCanvasCaseID") == 0 &&
                    g.code == NULL && (g.code = kr_strdup(v)) == NULL)
                    rc = kr_nomem(im->err);
                if (rc == KRING_OK)
                    rc = kr_fname_add(im, &g.graph_names, &g.n_graph_names,
                                      name);
                if (rc == KRING_OK)
                    rc = kr_fvar_add(im, &g.vars, &g.n_vars, &g.cap_vars, name,
                                     v, KR_V_GUESS, 2);
            }
        } else if (strncmp(rest, "attributeList_", 14) == 0) {
            snprintf(type, sizeof type, "%.*s", (int)(strlen(rest) - 18),
                     rest + 14);
            rc = csv_items(im, &tables[i], file, type, 0, &g);
            nodes_files++;
        }
    }
    /* Edges once every node is known. */
    for (i = 0; i < n && rc == KRING_OK; i++) {
        const char *rest = files[i] + plen;
        char type[200];
        if (strncmp(rest, "edgeList_", 9) != 0)
            continue;
        snprintf(type, sizeof type, "%.*s", (int)(strlen(rest) - 13), rest + 9);
        rc = csv_items(im, &tables[i], files[i], type, 1, &g);
    }
    if (rc == KRING_OK && nodes_files == 0)
        rc = kr_import_fail(im, 0, "%s",
                            _("no SESSION_attributeList_*.csv beside it: the "
                              "people are in that file"));
    if (rc == KRING_OK)
        rc = kr_foreign_case(im, &g);
    for (i = 0; i < n; i++)
        kr_csv_release(&tables[i]);
    kr_free(tables);
    kr_fgraph_release(&g);
    return rc;
}

kring_status kr_import_nc_csv(struct kr_import *im, const char *path)
{
    struct csv_set set = {NULL, NULL, NULL, 0};
    char **data = NULL;
    size_t *lens = NULL, i;
    kring_status rc;

    if ((rc = find_set(im, path, &set)))
        goto out;
    data = kr_calloc(set.n + 1, sizeof *data);
    lens = kr_calloc(set.n + 1, sizeof *lens);
    if (data == NULL || lens == NULL) {
        rc = kr_nomem(im->err);
        goto out;
    }
    for (i = 0; i < set.n && rc == KRING_OK; i++)
        rc = kr_file_load(set.files[i], &data[i], &lens[i], im->err);
    if (rc == KRING_OK)
        rc = kr_nc_csv_read(im, set.files, data, lens, set.n,
                            strlen(set.dir) + 1 + strlen(set.prefix));
out:
    for (i = 0; data && i < set.n; i++)
        kr_free(data[i]);
    kr_free(data);
    kr_free(lens);
    release_set(&set);
    return rc;
}
