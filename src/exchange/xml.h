/* The interface of kring-xml.so (src/exchange/xml.c), which kring loads with
 * dlopen() to read XML (src/exchange/import_graphml.c): libxml2 parses, and the
 * module hands back a plain tree. Plain C, nothing of libkring. */
#ifndef KRING_XML_H
#define KRING_XML_H

#include <stddef.h>

struct kr_xml_attr {
    char *name;  /* the local name ("caseId" of nc:caseId) */
    char *ns;    /* its namespace's URI, or NULL */
    char *value; /* entities resolved */
};

struct kr_xml_el {
    char *name; /* the local name */
    char *ns;   /* its namespace's URI, or NULL */
    int line;   /* where it begins */
    struct kr_xml_attr *attrs;
    size_t n_attrs;
    char *text; /* its own text and CDATA, joined; "" when none */
    struct kr_xml_el *kids;
    size_t n_kids;
};

/* Parses DATA (LEN bytes) without fetching anything from outside (no
 * network, no external entities or DTDs) into *ROOT, the document's
 * element; free it with kr_xml_free(). 0, or -1 with "LINE:COL: reason"
 * in WHY; KR_XML_DOCTYPE when the document has a DOCTYPE (refused before
 * its internal subset is read; WHY has its place), KR_XML_ENTITY when an
 * entity reference would be left out of the text. */
#define KR_XML_DOCTYPE (-2)
#define KR_XML_ENTITY (-3)
int kr_xml_parse(const char *data, size_t len, struct kr_xml_el **root,
                 char *why, size_t cap);
void kr_xml_free(struct kr_xml_el *root);

#endif
