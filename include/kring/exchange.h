/* Cases to and from other tools: GraphML (Gephi, igraph, networkx), CSV
 * (spreadsheets), Network Canvas and easyNWK (docs/exchange.md). */
#ifndef KRING_EXCHANGE_H
#define KRING_EXCHANGE_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "model.h"

/* The case as GraphML: the case's fields on the graph, every person and
 * tie field as a typed key, snapshots and choices as the graph's
 * "kring_history" (the case file's JSON), so that importing it gives the
 * same case back. Valid against the GraphML 1.0 schema. Caller frees. */
kring_status kring_export_graphml(const kring_case *c, char **out,
                                  kring_error *err);

typedef enum kring_csv_table {
    KRING_CSV_PEOPLE,
    KRING_CSV_TIES
} kring_csv_table;

/* One table of the case as CSV (RFC 4180: CRLF, a header row, fields with
 * SEP, a quote or a line break quoted), UTF-8, after a byte-order mark when
 * BOM (for spreadsheet programs that guess the encoding otherwise). */
kring_status kring_export_csv(const kring_case *c, kring_csv_table table,
                              char sep, bool bom, char **out, kring_error *err);

/* The formats kring imports. */
typedef enum kring_import_format {
    KRING_FROM_AUTO, /* found by content */
    KRING_FROM_KRING,
    KRING_FROM_GRAPHML,
    KRING_FROM_NETWORKCANVAS,
    KRING_FROM_EASYNWK,
    KRING_FROM_COUNT
} kring_import_format;

/* "kring", "graphml", "networkcanvas", "easynwk" ("auto" for AUTO); -1 for
 * another word. */
int kring_import_format_parse(const char *name);
const char *kring_import_format_name(kring_import_format f);

typedef struct kring_import_options {
    kring_import_format from;
    const char *mapping; /* a mapping file (docs/exchange.md), or NULL */
    const char *code;    /* the case's code, for a file with one case */
    /* A case the file gives no code (easyNWK; a file whose code would be
     * made of its name, which may be the young person's) gets a neutral
     * one, YEAR-NNN: NNN from NEXT on (0: from 1), YEAR this year's when
     * 0. */
    int year;
    unsigned next;
} kring_import_options;

/* What a file held: its cases, ready to be stored, and a note for each
 * oddity of the file, each once ("case_1.graphml:52: edge 2 joins node 5
 * to itself: left out"). */
typedef struct kring_import {
    kring_import_format format; /* as found */
    kring_case **cases;
    size_t n_cases;
    char **notes;
    size_t n_notes;
    /* The lines a summary note counts ("kept 63 variables as x-nc-...:"),
     * one each, for kring import --verbose. */
    char **details;
    size_t n_details;
} kring_import;

/* Reads PATH ("-" for standard input) as O says. Every case is validated;
 * on any error nothing is returned and ERR says what and where. */
kring_status kring_import_file(const char *path, const kring_import_options *o,
                               kring_import *out, kring_error *err);
/* The same for a file already in memory; PATH names it (and, for Network
 * Canvas's CSV, says where the other files of the set are). */
kring_status kring_import_data(const char *data, size_t len, const char *path,
                               const kring_import_options *o, kring_import *out,
                               kring_error *err);
void kring_import_release(kring_import *im);

/* A copy of C with no name in it, for export --anonymize: the young person
 * by an initial ("R."), each person by an initial and a title or role
 * ("R. (oma)", docs/map.md), people as p1, p2, ... (the same person the
 * same number in snapshots and choices), snapshots as s1, s2, ...; notes, a
 * choice's note and every x- key left out, since free text can hold names; the
 * code is KRING_CODE_ANONYMOUS ("anon"), since a code can be made of a name.
 * The dates and every other field stay. Caller frees. */
kring_status kring_case_anonymize(const kring_case *c, kring_case **out,
                                  kring_error *err);

/* The case's snapshots, choices, suggestions and outcomes as a JSON object
 * text {"snapshots": [...], "choices": [...], "suggestions": [...],
 * "outcomes": [...]} (the last two only when there are any), as a case
 * file writes them; caller frees. */
kring_status kring_history_dump(const kring_case *c, char **out,
                                kring_error *err);

#endif
