/* What the importers share (import_internal.h): the notes an import makes,
 * a case, person and tie added with their checks, an import's codes, the
 * foreign graph's variables and items, and CSV and JSON read within the
 * limits (docs/limits.md). exchange_read.c finds the importer; each
 * import_*.c uses these. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "import_internal.h"
#include "kring/casefile.h"

/* Appends TEXT to LIST, unless it is there (in the notes or the details)
 * already. */
static kring_status keep_note(struct kr_import *im, char ***list, size_t *n,
                              const char *text)
{
    char *note, **grown;
    if (kr_index_get(&im->notes, text) >= 0)
        return KRING_OK;
    if ((note = kr_strdup(text)) == NULL)
        return kr_nomem(im->err);
    grown = kr_realloc(*list, (*n + 1) * sizeof *grown);
    if (grown == NULL || kr_index_put(&im->notes, note, 0) < 0) {
        if (grown != NULL)
            *list = grown;
        kr_free(note);
        return kr_nomem(im->err);
    }
    *list = grown;
    (*list)[(*n)++] = note;
    return KRING_OK;
}

kring_status kr_detail(struct kr_import *im, const char *fmt, ...)
{
    char text[KRING_ERROR_TEXT_MAX];
    va_list ap;
    size_t n = (size_t)snprintf(text, sizeof text, "%s: ", im->source);

    va_start(ap, fmt);
    if (n < sizeof text)
        vsnprintf(text + n, sizeof text - n, fmt, ap);
    va_end(ap);
    return keep_note(im, &im->out->details, &im->out->n_details, text);
}

static kring_status add_note(struct kr_import *im, const char *file, int line,
                             const char *fmt, va_list ap) KR_PRINTF(4, 0);

static kring_status add_note(struct kr_import *im, const char *file, int line,
                             const char *fmt, va_list ap)
{
    char text[KRING_ERROR_TEXT_MAX];
    size_t n;

    if (file == NULL)
        file = im->source;
    if (line > 0)
        n = (size_t)snprintf(text, sizeof text, "%s:%d: ", file, line);
    else
        n = (size_t)snprintf(text, sizeof text, "%s: ", file);
    if (n < sizeof text)
        vsnprintf(text + n, sizeof text - n, fmt, ap);
    return keep_note(im, &im->out->notes, &im->out->n_notes, text);
}

kring_status kr_note(struct kr_import *im, int line, const char *fmt, ...)
{
    va_list ap;
    kring_status rc;

    va_start(ap, fmt);
    rc = add_note(im, NULL, line, fmt, ap);
    va_end(ap);
    return rc;
}

kring_status kr_note_in(struct kr_import *im, const char *file, int line,
                        const char *fmt, ...)
{
    va_list ap;
    kring_status rc;

    va_start(ap, fmt);
    rc = add_note(im, file, line, fmt, ap);
    va_end(ap);
    return rc;
}

kring_status kr_import_fail(struct kr_import *im, int line, const char *fmt,
                            ...)
{
    char text[KRING_ERROR_TEXT_MAX];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    if (line > 0)
        return kr_error_set(im->err, KRING_ERR_INVALID, "%s:%d: %s", im->source,
                            line, text);
    return kr_error_set(im->err, KRING_ERR_INVALID, "%s: %s", im->source, text);
}

kring_status kr_import_add(struct kr_import *im, kring_case *c)
{
    kring_import *out = im->out;
    kring_case **grown;
    size_t i;

    for (i = 0; i < out->n_cases; i++)
        if (strcmp(out->cases[i]->code, c->code) == 0) {
            kring_status rc = kr_import_fail(
                im, 0, _("the file holds case '%s' twice"), c->code);
            kring_case_free(c);
            return rc;
        }
    grown = kr_realloc(out->cases, (out->n_cases + 1) * sizeof *grown);
    if (grown == NULL) {
        kring_case_free(c);
        return kr_nomem(im->err);
    }
    out->cases = grown;
    out->cases[out->n_cases++] = c;
    return KRING_OK;
}

kring_status kr_import_person(struct kr_import *im, kring_case *c,
                              kring_person *p, struct kr_index *ids)
{
    char *base, id[KRING_ID_MAX + 32];
    unsigned long k;
    kring_status rc;

    if (c->n_people >= KRING_PEOPLE_MAX)
        return kr_error_set(im->err, KRING_ERR_LIMIT,
                            _("more than %d people: a case holds at most "
                              "that many"),
                            KRING_PEOPLE_MAX);
    if (p->id == NULL) {
        /* kring_id_from_name's id, without its search through the case */
        if ((base = kring_id_from_name(NULL, p->name ? p->name : "")) == NULL)
            return kr_nomem(im->err);
        snprintf(id, sizeof id, "%s", base);
        for (k = 2; kr_index_get(ids, id) >= 0; k++)
            snprintf(id, sizeof id, "%s-%lu", base, k);
        kr_free(base);
        if ((p->id = kr_strdup(id)) == NULL)
            return kr_nomem(im->err);
    }
    if ((rc = kring_case_add_person(c, p, im->err)))
        return rc;
    if (kr_index_put(ids, c->people[c->n_people - 1].id, c->n_people - 1) < 0)
        return kr_nomem(im->err);
    return KRING_OK;
}

kring_status kr_import_tie(struct kr_import *im, kring_case *c, kring_tie *t)
{
    if (c->n_ties >= KRING_TIES_MAX)
        return kr_error_set(im->err, KRING_ERR_LIMIT,
                            _("more than %d ties: a case holds at most that "
                              "many"),
                            KRING_TIES_MAX);
    if (kr_grow(&c->ties, &c->cap_ties, c->n_ties + 1, sizeof *c->ties))
        return kr_nomem(im->err);
    c->ties[c->n_ties++] = *t;
    memset(t, 0, sizeof *t);
    return KRING_OK;
}

char *kr_import_code(struct kr_import *im, const char *s)
{
    char code[KRING_CODE_MAX + 1];
    size_t n = 0, i, k;
    int dup;

    for (; *s && n < KRING_CODE_MAX - 4; s++) {
        unsigned char ch = (unsigned char)*s;
        if (isalnum(ch) || ch == '-' || ch == '_' || ch == '.')
            code[n++] = (char)ch;
        else if (ch < 0x80 || (ch & 0xC0) == 0xC0)
            code[n++] = '-'; /* one dash for a character outside ASCII */
    }
    while (n > 0 && !isalnum((unsigned char)code[0])) {
        memmove(code, code + 1, --n);
    }
    if (n == 0)
        n = (size_t)snprintf(code, sizeof code, "case");
    code[n] = '\0';
    for (k = 1;; k++) {
        char try[KRING_CODE_MAX + 8];
        if (k == 1)
            snprintf(try, sizeof try, "%s", code);
        else
            snprintf(try, sizeof try, "%s-%zu", code, k);
        for (dup = 0, i = 0; i < im->out->n_cases; i++)
            dup |= strcmp(im->out->cases[i]->code, try) == 0;
        if (!dup)
            return kr_strdup(try);
    }
}

char *kr_import_neutral_code(struct kr_import *im, int line)
{
    char code[KRING_CODE_MAX + 1];
    unsigned long k = im->o->next ? im->o->next : 1;
    int year = im->o->year;
    size_t i;
    int dup;

    if (year == 0) {
        time_t now = time(NULL);
        struct tm tm;
        year = gmtime_r(&now, &tm) ? tm.tm_year + 1900 : 2026;
    }
    for (;; k++) {
        snprintf(code, sizeof code, "%d-%03lu", year, k);
        for (dup = 0, i = 0; i < im->out->n_cases; i++)
            dup |= strcmp(im->out->cases[i]->code, code) == 0;
        if (!dup)
            break;
    }
    if (im->o->code == NULL &&
        kr_note(im, line,
                _("the file gives no case code: the case gets '%s', a "
                  "neutral one, not one made of the file's name, which may "
                  "be the young person's (--code gives another)"),
                code))
        return NULL;
    return kr_strdup(code);
}

kring_status kr_fvar_add(struct kr_import *im, struct kr_fvar **vars, size_t *n,
                         size_t *cap, const char *name, const char *value,
                         enum kr_vtype type, int line)
{
    struct kr_fvar *v;

    if (kr_grow(vars, cap, *n + 1, sizeof **vars))
        return kr_nomem(im->err);
    v = &(*vars)[*n];
    memset(v, 0, sizeof *v);
    v->type = type;
    v->line = line;
    if ((v->name = kr_strdup(name)) == NULL ||
        (v->value = kr_strdup(value)) == NULL) {
        kr_free(v->name);
        return kr_nomem(im->err);
    }
    (*n)++;
    return KRING_OK;
}

struct kr_fitem *kr_fitem_new(struct kr_import *im, struct kr_fitem **items,
                              size_t *n, size_t *cap)
{
    struct kr_fitem *it;

    if (kr_grow(items, cap, *n + 1, sizeof **items)) {
        kr_nomem(im->err);
        return NULL;
    }
    it = &(*items)[(*n)++];
    memset(it, 0, sizeof *it);
    return it;
}

kring_status kr_fname_add(struct kr_import *im, char ***names, size_t *n,
                          const char *name)
{
    char **grown;
    size_t i;

    for (i = 0; i < *n; i++)
        if (strcmp((*names)[i], name) == 0)
            return KRING_OK;
    if ((grown = kr_realloc(*names, (*n + 1) * sizeof *grown)) == NULL)
        return kr_nomem(im->err);
    *names = grown;
    if ((grown[*n] = kr_strdup(name)) == NULL)
        return kr_nomem(im->err);
    (*n)++;
    return KRING_OK;
}

const struct kr_fvar *kr_fvar_get(const struct kr_fvar *vars, size_t n,
                                  const char *name)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (strcmp(vars[i].name, name) == 0)
            return &vars[i];
    return NULL;
}

json_t *kr_fvalue_json(const char *text, enum kr_vtype type)
{
    char *end;
    double d;

    if (type == KR_V_STRING)
        return json_string(text);
    if ((type == KR_V_BOOL || type == KR_V_GUESS) &&
        (strcmp(text, "true") == 0 || strcmp(text, "false") == 0))
        return json_boolean(text[0] == 't');
    if (type != KR_V_BOOL && text[0] != '\0' &&
        !isspace((unsigned char)*text)) {
        d = strtod(text, &end);
        if (*end == '\0' && d == d && d - d == 0) {
            /* Only a double within long long's range may be converted. */
            int fits = d >= -9223372036854775808.0 && d < 9223372036854775808.0;
            long long i = fits ? (long long)d : 0;
            if (fits && (double)i == d && strchr(text, '.') == NULL &&
                strchr(text, 'e') == NULL && strchr(text, 'E') == NULL)
                return json_integer(i);
            return json_real(d);
        }
    }
    return json_string(text);
}

static void release_vars(struct kr_fvar *vars, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        kr_free(vars[i].name);
        kr_free(vars[i].value);
    }
    kr_free(vars);
}

static void release_items(struct kr_fitem *items, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        kr_free(items[i].id);
        kr_free(items[i].source);
        kr_free(items[i].target);
        release_vars(items[i].vars, items[i].n_vars);
    }
    kr_free(items);
}

static void release_names(char **names, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        kr_free(names[i]);
    kr_free(names);
}

void kr_fgraph_release(struct kr_fgraph *g)
{
    kr_free(g->code);
    release_vars(g->vars, g->n_vars);
    release_items(g->nodes, g->n_nodes);
    release_items(g->edges, g->n_edges);
    release_names(g->node_names, g->n_node_names);
    release_names(g->edge_names, g->n_edge_names);
    release_names(g->graph_names, g->n_graph_names);
    kr_index_release(&g->node_ids);
    memset(g, 0, sizeof *g);
}

void kr_csv_release(struct kr_csv *t)
{
    size_t i, k;

    for (i = 0; i < t->n_rows; i++) {
        for (k = 0; k < t->n_fields[i]; k++)
            kr_free(t->rows[i][k]);
        kr_free(t->rows[i]);
    }
    kr_free(t->rows);
    kr_free(t->n_fields);
    kr_free(t->lines);
    memset(t, 0, sizeof *t);
}

/* Appends a field of N bytes at S to the row being read (*CAP slots). */
static kring_status csv_field(struct kr_import *im, char ***row, size_t *n,
                              size_t *cap, const char *s, size_t len,
                              int unquote)
{
    char *f = kr_malloc(len + 1);
    size_t i, k = 0;

    if (f == NULL)
        return kr_nomem(im->err);
    for (i = 0; i < len; i++) {
        f[k++] = s[i];
        if (unquote && s[i] == '"')
            i++; /* "" is one quote */
    }
    f[k] = '\0';
    if (kr_grow(row, cap, *n + 1, sizeof **row)) {
        kr_free(f);
        return kr_nomem(im->err);
    }
    (*row)[(*n)++] = f;
    return KRING_OK;
}

kring_status kr_csv_parse(struct kr_import *im, const char *name,
                          const char *data, size_t len, struct kr_csv *out)
{
    const char *p = data, *end = data + len;
    size_t cap = 0, cells = 0;
    int line = 1;
    kring_status rc = KRING_OK;

    memset(out, 0, sizeof *out);
    if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    while (p < end && rc == KRING_OK) {
        char **row = NULL;
        size_t nf = 0, row_cap = 0;
        int start = line;
        for (;;) {
            if (nf >= KR_VARS_MAX || cells >= KR_CSV_CELLS_MAX) {
                rc = kr_error_set(
                    im->err, KRING_ERR_LIMIT,
                    nf >= KR_VARS_MAX ? _("%s:%d: more than %d columns: "
                                          "kring reads at most that many")
                                      : _("%s:%d: more than %d values: "
                                          "kring reads at most that many"),
                    name, start,
                    nf >= KR_VARS_MAX ? KR_VARS_MAX : KR_CSV_CELLS_MAX);
                break;
            }
            cells++;
            if (p < end && *p == '"') {
                const char *s = ++p;
                int qline = line;
                while (p < end &&
                       !(*p == '"' && (p + 1 >= end || p[1] != '"'))) {
                    if (*p == '"')
                        p++;
                    else if (*p == '\n')
                        line++;
                    p++;
                }
                if (p >= end) {
                    rc = kr_error_set(im->err, KRING_ERR_INVALID,
                                      _("%s:%d: a quoted field is never "
                                        "closed"),
                                      name, qline);
                    break;
                }
                if ((rc = csv_field(im, &row, &nf, &row_cap, s, (size_t)(p - s),
                                    1)))
                    break;
                p++;
                if (p < end && *p != ',' && *p != '\r' && *p != '\n') {
                    rc = kr_error_set(im->err, KRING_ERR_INVALID,
                                      _("%s:%d: text after a quoted field"),
                                      name, line);
                    break;
                }
            } else {
                const char *s = p;
                while (p < end && *p != ',' && *p != '\r' && *p != '\n')
                    p++;
                if ((rc = csv_field(im, &row, &nf, &row_cap, s, (size_t)(p - s),
                                    0)))
                    break;
            }
            if (p < end && *p == ',') {
                p++;
                continue;
            }
            if (p < end && *p == '\r')
                p++;
            if (p < end && *p == '\n')
                p++;
            line++;
            break;
        }
        if (rc == KRING_OK) {
            size_t cap2 = cap, cap3 = cap;
            if (kr_grow(&out->rows, &cap, out->n_rows + 1, sizeof *out->rows) ||
                kr_grow(&out->n_fields, &cap2, out->n_rows + 1,
                        sizeof *out->n_fields) ||
                kr_grow(&out->lines, &cap3, out->n_rows + 1,
                        sizeof *out->lines))
                rc = kr_nomem(im->err);
        }
        if (rc) {
            size_t k;
            for (k = 0; k < nf; k++)
                kr_free(row[k]);
            kr_free(row);
            break;
        }
        /* A blank line (often the last) is no row. */
        if (nf == 1 && row[0][0] == '\0') {
            kr_free(row[0]);
            kr_free(row);
            continue;
        }
        out->rows[out->n_rows] = row;
        out->n_fields[out->n_rows] = nf;
        out->lines[out->n_rows++] = start;
        if (out->n_rows > 1 && nf != out->n_fields[0])
            rc = kr_error_set(im->err, KRING_ERR_INVALID,
                              _("%s:%d: this row has %zu fields, the header "
                                "%zu"),
                              name, start, nf, out->n_fields[0]);
    }
    if (rc == KRING_OK && out->n_rows == 0)
        rc = kr_error_set(im->err, KRING_ERR_INVALID,
                          _("%s: the table is empty: it has no header row"),
                          name);
    if (rc)
        kr_csv_release(out);
    return rc;
}

kring_status kr_json_count(struct kr_import *im, const char *data, size_t len,
                           size_t max)
{
    return kr_json_values_max(data, len, max, im->source, im->err);
}
