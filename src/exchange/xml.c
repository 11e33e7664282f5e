/* kring-xml.so: XML read with libxml2 into a plain tree (src/exchange/xml.h).
 * The one file that links libxml2, so that a command that reads no XML does not
 * load it (and the libraries it pulls in) at start-up. */
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xml.h"

/* Set when the document has a DOCTYPE: kring reads none (docs/security.md),
 * so that no entity of a file's own can be declared, let alone expanded. */
struct guard {
    int line, col; /* where the DOCTYPE is; 0 when there is none */
};

static void refuse_subset(void *ctx, const xmlChar *name,
                          const xmlChar *external, const xmlChar *system)
{
    xmlParserCtxtPtr ctxt = ctx;
    struct guard *g = ctxt->_private;

    (void)name;
    (void)external;
    (void)system;
    if (g != NULL && g->line == 0) {
        g->line = ctxt->input != NULL ? ctxt->input->line : 1;
        g->col = ctxt->input != NULL ? ctxt->input->col : 1;
    }
    xmlStopParser(ctxt);
}

static char *copy(const xmlChar *s)
{
    return strdup(s != NULL ? (const char *)s : "");
}

static void release(struct kr_xml_el *e)
{
    size_t i;

    for (i = 0; i < e->n_attrs; i++) {
        free(e->attrs[i].name);
        free(e->attrs[i].ns);
        free(e->attrs[i].value);
    }
    free(e->attrs);
    for (i = 0; i < e->n_kids; i++)
        release(&e->kids[i]);
    free(e->kids);
    free(e->name);
    free(e->ns);
    free(e->text);
}

void kr_xml_free(struct kr_xml_el *root)
{
    if (root == NULL)
        return;
    release(root);
    free(root);
}

/* Fills E from the element N; 0, or -1 when out of memory. */
static int fill(struct kr_xml_el *e, xmlNode *n)
{
    xmlAttr *a;
    xmlNode *k;
    size_t na = 0, nk = 0, tlen = 0, i;

    memset(e, 0, sizeof *e);
    e->line = (int)xmlGetLineNo(n);
    if ((e->name = copy(n->name)) == NULL)
        return -1;
    if (n->ns != NULL && n->ns->href != NULL &&
        (e->ns = copy(n->ns->href)) == NULL)
        return -1;
    for (a = n->properties; a; a = a->next)
        na++;
    for (k = n->children; k; k = k->next) {
        if (k->type == XML_ELEMENT_NODE)
            nk++;
        else if ((k->type == XML_TEXT_NODE ||
                  k->type == XML_CDATA_SECTION_NODE) &&
                 k->content != NULL)
            tlen += strlen((const char *)k->content);
        else if (k->type == XML_ENTITY_REF_NODE)
            return -2; /* never silently left out: kring_xml_parse says */
    }
    if ((na && (e->attrs = calloc(na, sizeof *e->attrs)) == NULL) ||
        (nk && (e->kids = calloc(nk, sizeof *e->kids)) == NULL) ||
        (e->text = malloc(tlen + 1)) == NULL)
        return -1;
    e->text[0] = '\0';
    for (a = n->properties, i = 0; a; a = a->next, i++) {
        struct kr_xml_attr *d = &e->attrs[i];
        xmlChar *v = xmlNodeListGetString(n->doc, a->children, 1);
        e->n_attrs++;
        d->name = copy(a->name);
        d->value = copy(v);
        xmlFree(v);
        if (d->name == NULL || d->value == NULL)
            return -1;
        if (a->ns != NULL && a->ns->href != NULL &&
            (d->ns = copy(a->ns->href)) == NULL)
            return -1;
    }
    tlen = 0;
    for (k = n->children; k; k = k->next) {
        if (k->type == XML_ELEMENT_NODE) {
            int r = fill(&e->kids[e->n_kids++], k);
            if (r)
                return r;
        } else if ((k->type == XML_TEXT_NODE ||
                    k->type == XML_CDATA_SECTION_NODE) &&
                   k->content != NULL) {
            size_t l = strlen((const char *)k->content);
            memcpy(e->text + tlen, k->content, l + 1);
            tlen += l;
        }
    }
    return 0;
}

int kr_xml_parse(const char *data, size_t len, struct kr_xml_el **root,
                 char *why, size_t cap)
{
    xmlParserCtxtPtr ctxt;
    xmlDocPtr doc = NULL;
    xmlNode *top;
    struct guard g = {0, 0};
    int rc = -1, r = -1;

    *root = NULL;
    if (len > (size_t)0x7fffffff) {
        snprintf(why, cap, "1:1: %s", "too large");
        return -1;
    }
    if ((ctxt = xmlNewParserCtxt()) == NULL) {
        snprintf(why, cap, "1:1: %s", "out of memory");
        return -1;
    }
    /* No network, no DTD loading, no entity substitution beyond XML's
     * own: a file cannot make kring fetch or read anything else. A DOCTYPE
     * stops the parser before its internal subset is read. */
    ctxt->_private = &g;
    ctxt->sax->internalSubset = refuse_subset;
    doc = xmlCtxtReadMemory(ctxt, data, (int)len, NULL, NULL,
                            XML_PARSE_NONET | XML_PARSE_NOERROR |
                                XML_PARSE_NOWARNING);
    if (g.line != 0) {
        snprintf(why, cap, "%d:%d: %s", g.line, g.col, "DOCTYPE");
        rc = KR_XML_DOCTYPE;
        goto out;
    }
    if (doc == NULL || !ctxt->wellFormed) {
        const xmlError *e = xmlCtxtGetLastError(ctxt);
        if (e != NULL && e->message != NULL) {
            size_t n;
            snprintf(why, cap, "%d:%d: %s", e->line, e->int2, e->message);
            n = strlen(why);
            while (n > 0 && (why[n - 1] == '\n' || why[n - 1] == ' '))
                why[--n] = '\0';
        } else {
            snprintf(why, cap, "1:1: %s", "not XML");
        }
        goto out;
    }
    top = xmlDocGetRootElement(doc);
    if (top == NULL) {
        snprintf(why, cap, "1:1: %s", "the document has no element");
        goto out;
    }
    if ((*root = calloc(1, sizeof **root)) == NULL ||
        (r = fill(*root, top)) != 0) {
        kr_xml_free(*root);
        *root = NULL;
        snprintf(why, cap, "1:1: %s",
                 r == -2 ? "entity reference" : "out of memory");
        rc = r == -2 ? KR_XML_ENTITY : -1;
        goto out;
    }
    rc = 0;
out:
    xmlFreeDoc(doc);
    xmlFreeParserCtxt(ctxt);
    return rc;
}
