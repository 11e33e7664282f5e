/* Shared by the importers (exchange_read.c and import_*.c). */
#ifndef KRING_IMPORT_INTERNAL_H
#define KRING_IMPORT_INTERNAL_H

#include <jansson.h>

#include "case_internal.h"
#include "casefile_internal.h"
#include "kring/exchange.h"

/* Strings (borrowed, they must outlive it) to numbers in constant time:
 * the importers stay linear in their input (docs/limits.md). */
struct kr_index {
    const char **key;
    size_t *value;
    size_t mask, n;
};
/* KEY's number, or -1. */
long kr_index_get(const struct kr_index *ix, const char *key);
/* Adds KEY as VALUE: 0, 1 when KEY is there already (nothing changes), -1
 * when out of memory. */
int kr_index_put(struct kr_index *ix, const char *key, size_t value);
void kr_index_release(struct kr_index *ix);

/* Pairs of numbers (a tie's two ends, either way round). */
struct kr_pairs {
    unsigned long long *slot; /* (min << 32 | max) + 1; 0: empty */
    size_t mask, n;
};
/* Adds the pair A-B: 0, 1 when it is there already, -1 out of memory. */
int kr_pairs_add(struct kr_pairs *ps, size_t a, size_t b);
void kr_pairs_release(struct kr_pairs *ps);

/* Variables, columns or <key>s of one file kring reads at most, and the
 * values of one CSV file (docs/limits.md). */
#define KR_VARS_MAX 1000
#define KR_CSV_CELLS_MAX 500000

/* One import under way. */
struct kr_import {
    const char *source; /* the file's name, for messages */
    const kring_import_options *o;
    kring_import *out;
    kring_error *err;
    json_t *mapping; /* the mapping file's document, or NULL */
    const char *mapping_name;
    struct kr_index notes; /* out->notes and out->details, said once */
    /* The variables of the case being made kept as x- keys, in order
     * (borrowed from its kr_fgraph), for one note that counts them. */
    struct kr_index kept;
    const char **kept_names;
    size_t n_kept, cap_kept;
};

/* Adds the note "SOURCE:LINE: ..." ("SOURCE: ..." when LINE is 0), unless
 * the same note is there already. */
kring_status kr_note(struct kr_import *im, int line, const char *fmt, ...)
    KR_PRINTF(3, 4);
/* A note said only when asked for (kring import --verbose): the one line
 * of each thing a summary note counts. */
kring_status kr_detail(struct kr_import *im, const char *fmt, ...)
    KR_PRINTF(2, 3);
/* The same for a place in FILE (NULL: the file being imported). */
kring_status kr_note_in(struct kr_import *im, const char *file, int line,
                        const char *fmt, ...) KR_PRINTF(4, 5);
/* Adds C to what was read (it is moved in, also on failure). */
kring_status kr_import_add(struct kr_import *im, kring_case *c);
/* Fills the error with "SOURCE:LINE: ..." and returns KRING_ERR_INVALID. */
kring_status kr_import_fail(struct kr_import *im, int line, const char *fmt,
                            ...) KR_PRINTF(3, 4);
/* Adds P to C (P is moved in on success) with an id made of its name,
 * unique by IDS (the ids of C's people so far; the new one is added), as
 * kring_case_add_person() would make it but in constant time. The caller
 * puts the person's place before a message. */
kring_status kr_import_person(struct kr_import *im, kring_case *c,
                              kring_person *p, struct kr_index *ids);
/* Adds T to C (moved in). The caller has made sure its ends are people of
 * C, different, and not yet joined (kring_case_validate checks the whole
 * at the end); here only the count is checked, in constant time. */
kring_status kr_import_tie(struct kr_import *im, kring_case *c, kring_tie *t);
/* A case code made of S: letters, digits, '-', '_' and '.', at most
 * KRING_CODE_MAX bytes, unique among the cases read so far. */
char *kr_import_code(struct kr_import *im, const char *s);
/* A neutral code for a case the file gives none, YEAR-NNN (the options'
 * year and next number), unique among the cases read so far; unless
 * --code gives one, a note says it, at LINE. NULL when out of memory. */
char *kr_import_neutral_code(struct kr_import *im, int line);

/* A network from another tool: variables by name, values as text. */
enum kr_vtype { KR_V_GUESS, KR_V_STRING, KR_V_NUMBER, KR_V_BOOL };

struct kr_fvar {
    char *name;
    char *value;
    enum kr_vtype type;
    int line;
};

struct kr_fitem {
    char *id;
    const char *file; /* where it is, when not the file being imported */
    int line;
    char *source, *target; /* edges only */
    struct kr_fvar *vars;
    size_t n_vars, cap_vars;
};

struct kr_fgraph {
    const char *origin; /* "nc", "graphml": the x- keys' prefix */
    char *code;         /* wished-for case code, or NULL */
    int line;
    struct kr_fvar *vars; /* the graph's (the young person's) variables */
    size_t n_vars, cap_vars;
    struct kr_fitem *nodes, *edges;
    size_t n_nodes, cap_nodes, n_edges, cap_edges;
    /* Every variable the file declares for nodes, edges, the graph. */
    char **node_names, **edge_names, **graph_names;
    size_t n_node_names, n_edge_names, n_graph_names;
    struct kr_index node_ids; /* each node's place in NODES, by its id */
};

kring_status kr_fvar_add(struct kr_import *im, struct kr_fvar **vars, size_t *n,
                         size_t *cap, const char *name, const char *value,
                         enum kr_vtype type, int line);
/* A new item at the end of *ITEMS, zeroed; NULL when out of memory. */
struct kr_fitem *kr_fitem_new(struct kr_import *im, struct kr_fitem **items,
                              size_t *n, size_t *cap);
/* Adds NAME to the list, once. */
kring_status kr_fname_add(struct kr_import *im, char ***names, size_t *n,
                          const char *name);
void kr_fgraph_release(struct kr_fgraph *g);
/* Makes a case of G as the mapping says and adds it. */
kring_status kr_foreign_case(struct kr_import *im, struct kr_fgraph *g);

/* The variable NAME of the list, or NULL. */
const struct kr_fvar *kr_fvar_get(const struct kr_fvar *vars, size_t n,
                                  const char *name);
/* TEXT as a JSON value of TYPE (a guess: true/false, a number, else a
 * string); NULL when out of memory. */
json_t *kr_fvalue_json(const char *text, enum kr_vtype type);

/* Refuses JSON text of more than MAX values (counted in one pass, before
 * jansson holds each in memory), with the line where the count passed it. */
kring_status kr_json_count(struct kr_import *im, const char *data, size_t len,
                           size_t max);
/* The values of an easyNWK file kring reads at most, and its alteri in all
 * versions together (docs/limits.md). */
#define KR_EASYNWK_VALUES_MAX 300000
#define KR_EASYNWK_ALTERI_MAX 6000
/* The bytes of an easyNWK file: each version is stored whole as a
 * snapshot, so a larger file takes over the 2 s limits.md promises. */
#define KR_EASYNWK_SIZE_MAX (16u * 1024u * 1024u)

/* The readers. */
kring_status kr_import_graphml(struct kr_import *im, const char *data,
                               size_t len, int nc);
kring_status kr_import_nc_csv(struct kr_import *im, const char *path);
/* The files of a Network Canvas CSV set, already read: FILES[i] names the
 * file (after its first PLEN bytes: "ego.csv", "attributeList_T.csv",
 * "edgeList_T.csv"), DATA[i] holds its LENS[i] bytes. */
kring_status kr_nc_csv_read(struct kr_import *im, char *const *files,
                            char *const *data, const size_t *lens, size_t n,
                            size_t plen);
kring_status kr_import_easynwk(struct kr_import *im, const char *data,
                               size_t len);

/* A CSV table (RFC 4180) read whole: rows of fields. */
struct kr_csv {
    char ***rows;
    size_t *n_fields;
    int *lines; /* where each row begins */
    size_t n_rows;
};
/* Reads DATA; a row with another number of fields than the header, or a
 * quote left open, is an error with its line. */
kring_status kr_csv_parse(struct kr_import *im, const char *name,
                          const char *data, size_t len, struct kr_csv *out);
void kr_csv_release(struct kr_csv *t);

#endif
