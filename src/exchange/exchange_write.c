/* Cases out for other tools: GraphML (Gephi, igraph, networkx) and CSV
 * (spreadsheets). Every field of the model goes out, typed; a value not
 * recorded is left out (GraphML) or empty (CSV). docs/exchange.md. */
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "kring/exchange.h"
#include "kring/markup.h"

/* A person's fields as columns and GraphML keys: name, type, and how to
 * write the value of P (NULL when not recorded) into BUF. */
enum kind { K_STRING, K_INT, K_DOUBLE, K_BOOL };

struct column {
    const char *name;
    enum kind kind;
};

static const struct column person_columns[] = {
    {"id", K_STRING},          {"name", K_STRING},
    {"role", K_STRING},        {"sector", K_STRING},
    {"ring", K_INT},           {"age", K_INT},
    {"contact", K_STRING},     {"known_years", K_DOUBLE},
    {"support", K_STRING},     {"hours_per_week", K_DOUBLE},
    {"travel_minutes", K_INT}, {"reachable", K_STRING},
    {"quality", K_STRING},     {"status", K_STRING},
    {"formal", K_BOOL},        {"willing", K_STRING},
    {"concern", K_BOOL},       {"frightens", K_BOOL},
    {"nominated", K_BOOL},     {"lives_with_child", K_BOOL},
    {"adult", K_BOOL},         {"notes", K_STRING},
    {"youth_note", K_STRING},  {"extra", K_STRING},
};
#define PERSON_COLUMNS (sizeof person_columns / sizeof person_columns[0])

static const struct column tie_columns[] = {
    {"a", K_STRING},       {"b", K_STRING},     {"strength", K_STRING},
    {"quality", K_STRING}, {"extra", K_STRING},
};
#define TIE_COLUMNS (sizeof tie_columns / sizeof tie_columns[0])

static const char *yes_no(bool v)
{
    return v ? "true" : "false";
}

/* Column K of person P as text into BUF; NULL when not recorded. */
static const char *person_value(const kring_person *p, size_t k, char *buf,
                                size_t cap)
{
    switch (k) {
    case 0:
        return p->id;
    case 1:
        return p->name;
    case 2:
        return kring_enum_name(KRING_ENUM_ROLE, (int)p->role);
    case 3:
        return kring_enum_name(KRING_ENUM_SECTOR, (int)p->sector);
    case 4:
        snprintf(buf, cap, "%d", p->ring);
        return buf;
    case 5:
        if (p->age < 0)
            return NULL;
        snprintf(buf, cap, "%d", p->age);
        return buf;
    case 6:
        return kring_enum_name(KRING_ENUM_CONTACT, (int)p->contact);
    case 7:
        if (p->known_years < 0)
            return NULL;
        /* Tenths: "4.9", and "13" for a whole number. */
        snprintf(buf, cap, "%.1f", p->known_years);
        if (strcmp(buf + strlen(buf) - 2, ".0") == 0)
            buf[strlen(buf) - 2] = '\0';
        return buf;
    case 8: {
        size_t used = 0;
        int i;
        buf[0] = '\0';
        for (i = 0; i < KRING_SUPPORT_KINDS; i++)
            if (p->support & (1u << i))
                used += (size_t)snprintf(
                    buf + used, cap - used, "%s%s", used ? "," : "",
                    kring_enum_name(KRING_ENUM_SUPPORT, i));
        return buf;
    }
    case 9: {
        char number[32];
        if (p->hours_per_week < 0)
            return NULL;
        kring_jw_format_double(number, p->hours_per_week);
        snprintf(buf, cap, "%s", number);
        return buf;
    }
    case 10:
        if (p->travel_minutes < 0)
            return NULL;
        snprintf(buf, cap, "%d", p->travel_minutes);
        return buf;
    case 11:
        return kring_enum_name(KRING_ENUM_REACHABLE, (int)p->reachable);
    case 12:
        return kring_enum_name(KRING_ENUM_QUALITY, (int)p->quality);
    case 13:
        return kring_enum_name(KRING_ENUM_STATUS, (int)p->status);
    case 14:
        return yes_no(p->formal);
    case 15:
        return kring_enum_name(KRING_ENUM_WILLING, (int)p->willing);
    case 16:
        return yes_no(p->concern);
    case 17:
        return yes_no(p->frightens);
    case 18:
        return yes_no(p->nominated);
    case 19:
        return yes_no(p->lives_with_child);
    case 20:
        return p->adult < 0 ? NULL : yes_no(p->adult != 0);
    case 21:
        return p->notes;
    case 22:
        return p->youth_note && p->youth_note[0] ? p->youth_note : NULL;
    default:
        return p->extra;
    }
}

static const char *tie_value(const kring_tie *t, size_t k)
{
    switch (k) {
    case 0:
        return t->a;
    case 1:
        return t->b;
    case 2:
        return kring_enum_name(KRING_ENUM_STRENGTH, (int)t->strength);
    case 3:
        return kring_enum_name(KRING_ENUM_TIE_QUALITY, (int)t->quality);
    default:
        return t->extra;
    }
}

static void put_text(void *ctx, const char *p, size_t n)
{
    kr_put(ctx, p, n);
}

/* S escaped for XML text and attributes (include/kring/markup.h). */
static void xml_text(struct kr_text *t, const char *s)
{
    kring_markup_escape(s, KRING_MARKUP_APOS_XML | KRING_MARKUP_CR, put_text,
                        t);
}

static const char *const kind_names[] = {"string", "int", "double", "boolean"};

static void key(struct kr_text *t, const char *id, const char *for_,
                const char *name, enum kind kind)
{
    kr_add(t,
           "  <key id=\"%s\" for=\"%s\" attr.name=\"%s\" attr.type=\"%s\"/>\n",
           id, for_, name, kind_names[kind]);
}

static void data(struct kr_text *t, const char *indent, const char *id,
                 const char *value)
{
    kr_add(t, "%s<data key=\"%s\">", indent, id);
    xml_text(t, value);
    kr_puts(t, "</data>\n");
}

/* The first character of S that XML 1.0 cannot hold (a control
 * character other than tab, line feed and carriage return), or 0. */
static int xml_bad(const char *s)
{
    for (; s && *s; s++)
        if ((unsigned char)*s < 0x20 && *s != '\t' && *s != '\n' && *s != '\r')
            return (unsigned char)*s;
    return 0;
}

kring_status kring_export_graphml(const kring_case *c, char **out,
                                  kring_error *err)
{
    struct kr_text t = {0};
    char buf[200], *history = NULL;
    size_t i, k;
    kring_status rc;

    *out = NULL;
    /* Notes are the only free text that may hold such characters. */
    if (xml_bad(c->notes))
        return kr_error_set(err, KRING_ERR_INVALID,
                            _("the case's notes hold the control character "
                              "U+%04X, which XML cannot hold"),
                            (unsigned)xml_bad(c->notes));
    for (i = 0; i < c->n_people; i++)
        if (xml_bad(c->people[i].notes))
            return kr_error_set(err, KRING_ERR_INVALID,
                                _("the notes of %s hold the control "
                                  "character U+%04X, which XML cannot hold"),
                                c->people[i].id,
                                (unsigned)xml_bad(c->people[i].notes));
    kr_puts(&t, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"\n"
                "    xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
                "    xsi:schemaLocation=\"http://graphml.graphdrawing.org/"
                "xmlns http://graphml.graphdrawing.org/xmlns/1.0/"
                "graphml.xsd\">\n");
    /* The case's own fields; snapshots, choices and suggestions as the
     * case file writes them, so that nothing is lost on the way back. */
    key(&t, "g_kring", "graph", "kring", K_INT);
    key(&t, "g_code", "graph", "code", K_STRING);
    key(&t, "g_name", "graph", "name", K_STRING);
    key(&t, "g_birth_year", "graph", "birth_year", K_INT);
    key(&t, "g_notes", "graph", "notes", K_STRING);
    key(&t, "g_extra", "graph", "extra", K_STRING);
    key(&t, "g_file_extra", "graph", "file_extra", K_STRING);
    key(&t, "g_history", "graph", "kring_history", K_STRING);
    for (k = 1; k < PERSON_COLUMNS; k++) {
        snprintf(buf, sizeof buf, "n_%s", person_columns[k].name);
        key(&t, buf, "node", person_columns[k].name, person_columns[k].kind);
    }
    for (k = 2; k < TIE_COLUMNS; k++) {
        snprintf(buf, sizeof buf, "e_%s", tie_columns[k].name);
        key(&t, buf, "edge", tie_columns[k].name, tie_columns[k].kind);
    }
    kr_puts(&t, "  <graph id=\"");
    xml_text(&t, c->code);
    kr_puts(&t, "\" edgedefault=\"undirected\">\n");
    data(&t, "    ", "g_kring", "1");
    data(&t, "    ", "g_code", c->code);
    data(&t, "    ", "g_name", c->name);
    if (c->birth_year > 0) {
        snprintf(buf, sizeof buf, "%d", c->birth_year);
        data(&t, "    ", "g_birth_year", buf);
    }
    data(&t, "    ", "g_notes", c->notes ? c->notes : "");
    if (c->extra)
        data(&t, "    ", "g_extra", c->extra);
    if (c->file_extra)
        data(&t, "    ", "g_file_extra", c->file_extra);
    if (c->n_snapshots || c->n_choices || c->n_suggestions || c->n_outcomes) {
        if ((rc = kring_history_dump(c, &history, err))) {
            kr_free(t.s);
            return rc;
        }
        data(&t, "    ", "g_history", history);
        kr_free(history);
    }
    for (i = 0; i < c->n_people; i++) {
        const kring_person *p = &c->people[i];
        kr_puts(&t, "    <node id=\"");
        xml_text(&t, p->id);
        kr_puts(&t, "\">\n");
        for (k = 1; k < PERSON_COLUMNS; k++) {
            const char *v = person_value(p, k, buf, sizeof buf);
            char id[40];
            if (v == NULL)
                continue;
            snprintf(id, sizeof id, "n_%s", person_columns[k].name);
            data(&t, "      ", id, v);
        }
        kr_puts(&t, "    </node>\n");
    }
    for (i = 0; i < c->n_ties; i++) {
        const kring_tie *e = &c->ties[i];
        kr_puts(&t, "    <edge source=\"");
        xml_text(&t, e->a);
        kr_puts(&t, "\" target=\"");
        xml_text(&t, e->b);
        kr_puts(&t, "\">\n");
        for (k = 2; k < TIE_COLUMNS; k++) {
            const char *v = tie_value(e, k);
            char id[40];
            if (v == NULL)
                continue;
            snprintf(id, sizeof id, "e_%s", tie_columns[k].name);
            data(&t, "      ", id, v);
        }
        kr_puts(&t, "    </edge>\n");
    }
    kr_puts(&t, "  </graph>\n</graphml>\n");
    if (t.failed) {
        kr_free(t.s);
        return kr_nomem(err);
    }
    *out = t.s;
    return KRING_OK;
}

/* Whether a spreadsheet could take text S for a formula: it begins, after
 * any apostrophes, with =, +, -, @, a tab or a carriage return (OWASP's
 * list). Such text gets one apostrophe more in front, so that Excel and
 * LibreOffice show it as text, and a reader gets it back whole by taking
 * one apostrophe off any field that begins with apostrophes then one of
 * these. */
static bool csv_formula(const char *s)
{
    s += strspn(s, "'");
    return *s != '\0' && strchr("=+-@\t\r", *s) != NULL;
}

/* S as a CSV field (RFC 4180): quoted when it holds SEP, a quote or a
 * line break, quotes doubled; TEXT marks a text column, whose values are
 * kept from being read as formulas (csv_formula()). */
static void csv_field(struct kr_text *t, const char *s, char sep, bool text)
{
    char special[5] = {sep, '"', '\r', '\n', '\0'};
    bool mark;

    if (s == NULL)
        return;
    mark = text && csv_formula(s);
    if (strpbrk(s, special) == NULL) {
        if (mark)
            kr_put(t, "'", 1);
        kr_puts(t, s);
        return;
    }
    kr_put(t, mark ? "\"'" : "\"", mark ? 2 : 1);
    while (*s) {
        size_t run = strcspn(s, "\"");
        kr_put(t, s, run);
        s += run;
        if (*s == '"') {
            kr_put(t, "\"\"", 2);
            s++;
        }
    }
    kr_put(t, "\"", 1);
}

kring_status kring_export_csv(const kring_case *c, kring_csv_table table,
                              char sep, bool bom, char **out, kring_error *err)
{
    struct kr_text t = {0};
    char buf[200], s[2] = {sep, '\0'};
    size_t i, k;

    *out = NULL;
    if (bom)
        kr_puts(&t, "\xEF\xBB\xBF");
    if (table == KRING_CSV_PEOPLE) {
        for (k = 0; k < PERSON_COLUMNS; k++)
            kr_add(&t, "%s%s", k ? s : "", person_columns[k].name);
        kr_puts(&t, "\r\n");
        for (i = 0; i < c->n_people; i++) {
            for (k = 0; k < PERSON_COLUMNS; k++) {
                if (k)
                    kr_put(&t, s, 1);
                csv_field(&t, person_value(&c->people[i], k, buf, sizeof buf),
                          sep, person_columns[k].kind == K_STRING);
            }
            kr_puts(&t, "\r\n");
        }
    } else {
        for (k = 0; k < TIE_COLUMNS; k++)
            kr_add(&t, "%s%s", k ? s : "", tie_columns[k].name);
        kr_puts(&t, "\r\n");
        for (i = 0; i < c->n_ties; i++) {
            for (k = 0; k < TIE_COLUMNS; k++) {
                if (k)
                    kr_put(&t, s, 1);
                csv_field(&t, tie_value(&c->ties[i], k), sep,
                          tie_columns[k].kind == K_STRING);
            }
            kr_puts(&t, "\r\n");
        }
    }
    if (t.failed) {
        kr_free(t.s);
        return kr_nomem(err);
    }
    *out = t.s;
    return KRING_OK;
}
