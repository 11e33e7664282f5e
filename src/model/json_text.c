/* JSON text read within kring's limits (docs/limits.md), for case files
 * and the importers: a count of values before jansson builds them, and
 * jansson's reasons for what it cannot read, in the user's language. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "case_internal.h"
#include "casefile_internal.h"
#include "jsonpos.h"

/* What jansson says of a file it cannot read, in the language: jansson's
 * own words in English ("'[' or '{' expected near 'x'"); in another
 * language the kind of mistake in words of that language, jansson's
 * after it. */
static const char *json_reason(const json_error_t *e)
{
    switch (json_error_code(e)) {
    case json_error_invalid_syntax:
        /* TRANSLATORS: %s is jansson's English text, such as "'[' or
         * '{' expected near 'x'": keep it, in brackets after your
         * words. */
        return C_("json invalid syntax", "%s");
    case json_error_premature_end_of_input:
        return C_("json premature end", "%s");
    case json_error_end_of_input_expected:
        return C_("json end expected", "%s");
    case json_error_invalid_utf8:
        return C_("json invalid utf8", "%s");
    case json_error_duplicate_key:
        return C_("json duplicate key", "%s");
    case json_error_numeric_overflow:
        return C_("json numeric overflow", "%s");
    case json_error_null_character:
    case json_error_null_byte_in_key:
        return C_("json null character", "%s");
    case json_error_stack_overflow:
        return C_("json too deep", "%s");
    default:
        return "%s";
    }
}

/* A number too large for a double or a long long (1e400): jansson stops
 * right after it and names no place but that. Its place and path are
 * found from there, so that the message says which field it is. */
static kring_status number_overflow(const char *text, size_t len,
                                    const char *source, const json_error_t *e,
                                    kring_error *err)
{
    char path[KR_PATH_MAX];
    size_t end = e->position > 0 && (size_t)e->position <= len
                     ? (size_t)e->position
                     : 0,
           start = end;
    int line, col;

    while (start > 0 && strchr("0123456789+-.eE", text[start - 1]) &&
           text[start - 1] != '\0')
        start--;
    if (start == end ||
        kr_json_path_at(text, len, start, path, sizeof path, &line, &col))
        return kr_error_set(err, KRING_ERR_INVALID, "%s:%d:%d: %s", source,
                            e->line, e->column, e->text);
    return kr_error_set(err, KRING_ERR_INVALID, "%s:%d:%d: %s%s%s", source,
                        line, col, path, path[0] ? ": " : "",
                        _("the number is too large"));
}

kring_status kr_json_values_max(const char *text, size_t len, size_t max,
                                const char *source, kring_error *err)
{
    const char *p = text, *end = text + len;
    size_t values = 1;
    int line = 1;

    for (; p < end; p++) {
        if (*p == '\n') {
            line++;
        } else if (*p == '"') {
            for (p++; p < end && *p != '"'; p++) {
                if (*p == '\\')
                    p++;
                else if (*p == '\n')
                    line++;
            }
        } else if ((*p == ',' || *p == '[' || *p == '{') && ++values > max) {
            return kr_error_set(err, KRING_ERR_LIMIT,
                                _("%s:%d: more than %zu JSON values: kring "
                                  "reads at most that many"),
                                source, line, max);
        }
    }
    return KRING_OK;
}

kring_status kr_json_load(const char **text, size_t *len, const char *source,
                          json_t **root, kring_error *err)
{
    char reason[JSON_ERROR_TEXT_LENGTH + 200];

    unsigned long failures;
    json_error_t jerr;
    kring_status rc;

    kr_json_setup();
    if (*len >= 3 && memcmp(*text, "\xEF\xBB\xBF", 3) == 0) {
        *text += 3;
        *len -= 3;
    }
    if ((rc = kr_json_values_max(*text, *len, KR_JSON_VALUES_MAX, source, err)))
        return rc;
    failures = kr_alloc_failures();
    *root = kr_json_loadb(*text, *len, JSON_REJECT_DUPLICATES, &jerr);
    if (kr_alloc_failures() != failures) {
        json_decref(*root);
        *root = NULL;
        return kr_nomem(err);
    }
    if (*root != NULL)
        return KRING_OK;
    /* jansson leaves the message empty when its own set-up failed. */
    if (json_error_code(&jerr) == json_error_out_of_memory ||
        jerr.text[0] == '\0')
        return kr_nomem(err);
    if (json_error_code(&jerr) == json_error_numeric_overflow)
        return number_overflow(*text, *len, source, &jerr, err);
        /* The format is "%s" or its translation, which msgfmt --check holds
         * to one %s. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    snprintf(reason, sizeof reason, json_reason(&jerr), jerr.text);
#pragma GCC diagnostic pop
    return kr_error_set(err, KRING_ERR_INVALID, "%s:%d:%d: %s", source,
                        jerr.line, jerr.column, reason);
}
