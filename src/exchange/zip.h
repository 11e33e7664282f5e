/* The interface of kring-archive.so (src/exchange/zip.c), which
 * kring case archive loads with dlopen(): the one file that knows
 * libarchive, so that no other command pays for it at start-up
 * (docs/design.md). It packs files given in memory into one ZIP archive
 * in memory. Plain C, nothing of libkring. */
#ifndef KRING_ZIP_H
#define KRING_ZIP_H

#include <stddef.h>

/* A file of the archive: its name (a plain relative path) and bytes. */
struct kz_file {
    const char *name;
    const char *data;
    size_t len;
};

struct kz_api {
    /* The N files as one ZIP archive (deflated, each file dated MTIME,
     * seconds since 1970, mode 0600) into *OUT, *LEN bytes (release it
     * with release()). 0, or -1 with the reason in WHY (CAP bytes). */
    int (*zip)(const struct kz_file *files, size_t n, long long mtime,
               char **out, size_t *len, char *why, size_t cap);
    void (*release)(char *out);
};

/* The module's only symbol. */
const struct kz_api *kz_api(void);

#endif
