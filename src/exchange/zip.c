/* kring-archive.so (zip.h): files in memory packed into one ZIP
 * archive by libarchive. ZIP, not tar: the young person or parent who
 * asks for everything kring holds (docs/privacy.md) opens it on any
 * phone or computer without a program of their own. */
#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zip.h"

/* The archive as it grows. */
struct grown {
    char *data;
    size_t len, cap;
    int nomem;
};

static la_ssize_t put(struct archive *a, void *ctx, const void *buf, size_t n)
{
    struct grown *g = ctx;

    (void)a;
    if (g->len + n > g->cap) {
        size_t cap = g->cap ? g->cap : 65536;
        char *more;
        while (cap < g->len + n)
            cap *= 2;
        if ((more = realloc(g->data, cap)) == NULL) {
            g->nomem = 1;
            return -1;
        }
        g->data = more;
        g->cap = cap;
    }
    memcpy(g->data + g->len, buf, n);
    g->len += n;
    return (la_ssize_t)n;
}

static int failed(struct archive *a, struct grown *g, char *why, size_t cap)
{
    snprintf(why, cap, "%s",
             g->nomem ? "out of memory"
                      : (archive_error_string(a) ? archive_error_string(a)
                                                 : "the archive failed"));
    return -1;
}

static int zip(const struct kz_file *files, size_t n, long long mtime,
               char **out, size_t *len, char *why, size_t cap)
{
    struct archive *a = archive_write_new();
    struct grown g = {NULL, 0, 0, 0};
    struct archive_entry *e = NULL;
    int rc = 0;
    size_t i;

    *out = NULL;
    *len = 0;
    if (a == NULL) {
        snprintf(why, cap, "out of memory");
        return -1;
    }
    if (archive_write_set_format_zip(a) != ARCHIVE_OK ||
        archive_write_set_options(a, "zip:compression=deflate") != ARCHIVE_OK ||
        /* Written as it comes: no blocks padded to 10 KiB. */
        archive_write_set_bytes_per_block(a, 0) != ARCHIVE_OK ||
        archive_write_open(a, &g, NULL, put, NULL) != ARCHIVE_OK)
        rc = failed(a, &g, why, cap);
    for (i = 0; rc == 0 && i < n; i++) {
        if ((e = archive_entry_new()) == NULL) {
            snprintf(why, cap, "out of memory");
            rc = -1;
            break;
        }
        archive_entry_set_pathname_utf8(e, files[i].name);
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_perm(e, 0600);
        archive_entry_set_size(e, (la_int64_t)files[i].len);
        archive_entry_set_mtime(e, (time_t)mtime, 0);
        if (archive_write_header(a, e) != ARCHIVE_OK ||
            (files[i].len > 0 &&
             archive_write_data(a, files[i].data, files[i].len) !=
                 (la_ssize_t)files[i].len))
            rc = failed(a, &g, why, cap);
        archive_entry_free(e);
    }
    if (rc == 0 && archive_write_close(a) != ARCHIVE_OK)
        rc = failed(a, &g, why, cap);
    archive_write_free(a);
    if (rc != 0) {
        free(g.data);
        return -1;
    }
    *out = g.data;
    *len = g.len;
    return 0;
}

static void release(char *out)
{
    free(out);
}

const struct kz_api *kz_api(void)
{
    static const struct kz_api api = {zip, release};
    return &api;
}
