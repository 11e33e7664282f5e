/* Cases in from files: kring's own case files, GraphML (kring's and
 * other tools'), Network Canvas (GraphML and its CSV set) and easyNWK.
 * The format is found by content unless given. docs/exchange.md. */
#define _GNU_SOURCE /* memmem */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "import_internal.h"
#include "kring/casefile.h"

static const char *const format_names[KRING_FROM_COUNT] = {
    "auto", "kring", "graphml", "networkcanvas", "easynwk"};

int kring_import_format_parse(const char *name)
{
    int f;

    for (f = 0; name != NULL && f < KRING_FROM_COUNT; f++)
        if (strcmp(name, format_names[f]) == 0)
            return f;
    return -1;
}

const char *kring_import_format_name(kring_import_format f)
{
    return (unsigned)f < KRING_FROM_COUNT ? format_names[f] : NULL;
}

/* Whether the text from P to END begins with WORD. */
static int starts(const char *p, const char *end, const char *word)
{
    size_t n = strlen(word);

    return (size_t)(end - p) >= n && memcmp(p, word, n) == 0;
}

/* The first byte of DATA that is not a byte-order mark or white space. */
static const char *content(const char *data, size_t len)
{
    const char *p = data, *end = data + len;

    if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    while (p < end && isspace((unsigned char)*p))
        p++;
    return p;
}

/* The format of DATA by its content; -1 when kring does not know it. */
static int sniff(const char *data, size_t len)
{
    const char *p = content(data, len), *end = data + len;

    if (p < end && *p == '<') {
        size_t n = (size_t)(end - p);
        if (memmem(p, n < 4096 ? n : 4096, "schema.networkcanvas.com", 24) !=
            NULL)
            return KRING_FROM_NETWORKCANVAS;
        return KRING_FROM_GRAPHML;
    }
    if (p < end && *p == '{') {
        /* "kring" marks a case file, "versions" without it easyNWK. */
        size_t n = (size_t)(end - p);
        if (memmem(p, n, "\"kring\"", 7) == NULL &&
            memmem(p, n, "\"versions\"", 10) != NULL)
            return KRING_FROM_EASYNWK;
        return KRING_FROM_KRING;
    }
    if (starts(p, end, "networkCanvasEgoUUID") || starts(p, end, "nodeID,") ||
        starts(p, end, "edgeID,"))
        return KRING_FROM_NETWORKCANVAS;
    return -1;
}

static kring_status load_mapping(struct kr_import *im, const char *path)
{
    char *text = NULL;
    const char *t;
    size_t len;
    kring_status rc;

    if ((rc = kr_file_load(path, &text, &len, im->err)))
        return rc;
    t = text;
    rc = kr_json_load(&t, &len, path, &im->mapping, im->err);
    kr_free(text);
    if (rc == KRING_OK && !json_is_object(im->mapping))
        rc = kr_error_set(im->err, KRING_ERR_INVALID,
                          _("%s: a mapping file must be a JSON object"), path);
    return rc;
}

void kring_import_release(kring_import *im)
{
    size_t i;

    for (i = 0; i < im->n_cases; i++)
        kring_case_free(im->cases[i]);
    kr_free(im->cases);
    for (i = 0; i < im->n_notes; i++)
        kr_free(im->notes[i]);
    kr_free(im->notes);
    for (i = 0; i < im->n_details; i++)
        kr_free(im->details[i]);
    kr_free(im->details);
    memset(im, 0, sizeof *im);
}

kring_status kring_import_file(const char *path, const kring_import_options *o,
                               kring_import *out, kring_error *err)
{
    char *data = NULL;
    size_t len = 0;
    kring_status rc;

    memset(out, 0, sizeof *out);
    if ((rc = kr_file_load(path, &data, &len, err)))
        return rc;
    rc = kring_import_data(data, len, strcmp(path, "-") == 0 ? "stdin" : path,
                           o, out, err);
    kr_free(data);
    return rc;
}

kring_status kring_import_data(const char *data, size_t len, const char *path,
                               const kring_import_options *o, kring_import *out,
                               kring_error *err)
{
    struct kr_import im = {.source = path,
                           .o = o,
                           .out = out,
                           .err = err,
                           .mapping_name = o->mapping};
    kring_status rc;
    int from = o->from;

    memset(out, 0, sizeof *out);
    /* What is none of the others is read as a case file, whose reader
     * says where it stops being one. */
    if (from == KRING_FROM_AUTO && (from = sniff(data, len)) < 0)
        from = KRING_FROM_KRING;
    out->format = (kring_import_format)from;
    if (o->mapping != NULL && (rc = load_mapping(&im, o->mapping)))
        goto out;
    switch (from) {
    case KRING_FROM_KRING: {
        kring_case *c = NULL;
        if ((rc = kring_casefile_parse(data, len, im.source, &c, err)) == 0)
            rc = kr_import_add(&im, c);
        break;
    }
    case KRING_FROM_GRAPHML:
        rc = kr_import_graphml(&im, data, len, 0);
        break;
    case KRING_FROM_NETWORKCANVAS:
        if (content(data, len) == data + len || *content(data, len) != '<')
            rc = kr_import_nc_csv(&im, path);
        else
            rc = kr_import_graphml(&im, data, len, 1);
        break;
    default:
        rc = kr_import_easynwk(&im, data, len);
        break;
    }
    if (rc == KRING_OK && out->n_cases == 0)
        rc = kr_import_fail(&im, 0, "%s", _("the file holds no case"));
    if (rc == KRING_OK && o->code != NULL) {
        if (out->n_cases > 1)
            rc = kr_import_fail(&im, 0,
                                _("the file holds %zu cases: --code names "
                                  "one case's code"),
                                out->n_cases);
        else if ((rc = kr_set_string(&out->cases[0]->code, o->code, err)) ==
                 KRING_OK)
            rc = kring_case_validate_header(out->cases[0], err);
    }
out:
    json_decref(im.mapping);
    kr_index_release(&im.notes);
    kr_index_release(&im.kept);
    kr_free(im.kept_names);
    if (rc)
        kring_import_release(out);
    return rc;
}
