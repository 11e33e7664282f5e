/* The mapping of a foreign network's variables to kring's fields
 * (import_mapping.c), for import_foreign.c: which variable each field
 * reads, with a default for every field (docs/exchange.md, "Mapping"). */
#ifndef KRING_IMPORT_MAPPING_H
#define KRING_IMPORT_MAPPING_H

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

/* kring's fields a person and a tie are read into, in this order. */
#define PERSON_FIELDS 21
#define TIE_FIELDS 2
extern const struct field kr_person_fields[];
extern const struct field kr_tie_fields[];
enum { PF_NAME, PF_ROLE, PF_SECTOR, PF_RING, PF_LAYOUT, PF_AGE, PF_CONTACT };

/* A field's source: a variable, and perhaps a table of its values. */
struct spec {
    const char *var;   /* NULL: the field is not read */
    const char *x, *y; /* F_LAYOUT: the two coordinates' variables */
    json_t *values;    /* an object, or NULL */
    int family;        /* sector from a yes/no variable family_member */
    int given;         /* named by the mapping file */
};

struct mapping {
    struct spec person[PERSON_FIELDS];
    struct spec tie[TIE_FIELDS];
    struct spec case_name, case_code;
    char lx[200], ly[200]; /* the layout's variables */
};

/* The mapping of G: the variables named by the import's mapping file
 * (im->mapping, checked here), and for every other field the first of its
 * usual variables that G has. */
kring_status kr_make_mapping(struct kr_import *im, const struct kr_fgraph *g,
                             struct mapping *m);

#endif
