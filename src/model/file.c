/* Reading case files from disk or standard input, and writing private
 * files atomically. */
#define _GNU_SOURCE /* O_TMPFILE */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

static kring_status read_all(FILE *f, const char *name, char **out, size_t *len,
                             kring_error *err)
{
    size_t cap = 0, n = 0, got;
    char *buf = NULL;

    for (;;) {
        if (n + 65536 + 1 > cap && kr_grow(&buf, &cap, n + 65536 + 1, 1)) {
            kr_free(buf);
            return kr_nomem(err);
        }
        got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (n > KRING_FILE_MAX) {
            kr_free(buf);
            return kr_error_set(err, KRING_ERR_LIMIT,
                                _("%s: the file is larger than %u bytes"), name,
                                KRING_FILE_MAX);
        }
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        kr_free(buf);
        return kr_error_set(err, KRING_ERR_IO, _("%s: cannot read: %s"), name,
                            strerror(errno));
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return KRING_OK;
}

kring_status kring_casefile_read(FILE *f, const char *name, kring_case **out,
                                 kring_error *err)
{
    char *data = NULL;
    size_t len = 0;
    kring_status rc;

    *out = NULL;
    rc = read_all(f, name, &data, &len, err);
    if (rc == KRING_OK)
        rc = kring_casefile_parse(data, len, name, out, err);
    kr_free(data);
    return rc;
}

kring_status kr_file_load(const char *path, char **out, size_t *len,
                          kring_error *err)
{
    kring_status rc;
    struct stat st;
    FILE *f;

    *out = NULL;
    *len = 0;
    if (strcmp(path, "-") == 0)
        return read_all(stdin, "stdin", out, len, err);
    if ((f = fopen(path, "rb")) == NULL)
        return kr_error_set(err, KRING_ERR_IO, _("%s: cannot open: %s"), path,
                            strerror(errno));
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode))
        rc = kr_error_set(err, KRING_ERR_IO, _("%s: is a folder, not a file"),
                          path);
    else
        rc = read_all(f, path, out, len, err);
    fclose(f);
    return rc;
}

kring_status kring_casefile_load(const char *path, kring_case **out,
                                 kring_error *err)
{
    char *data = NULL;
    size_t len = 0;
    kring_status rc;

    *out = NULL;
    rc = kr_file_load(path, &data, &len, err);
    if (rc == KRING_OK)
        rc = kring_casefile_parse(data, len, strcmp(path, "-") ? path : "stdin",
                                  out, err);
    kr_free(data);
    return rc;
}

kring_status kring_file_write_private(const char *path, const char *data,
                                      size_t len, kring_error *err)
{
    return kring_file_write(path, data, len, KRING_FILE_SYNC, err);
}

kring_status kr_file_begin(const char *path, struct kr_file *f,
                           kring_error *err)
{
    size_t plen = strlen(path);
    const char *slash = strrchr(path, '/');
    kring_status rc;

    f->fd = -1;
    f->unnamed = 0;
    if ((f->tmp = kr_malloc(plen + 8)) == NULL)
        return kr_nomem(err);
    memcpy(f->tmp, path, plen);
    memcpy(f->tmp + plen, ".XXXXXX", 8);
    /* An unnamed file in PATH's folder (O_TMPFILE), named only when it is
     * whole: a command killed while it writes (a map is written as it is
     * drawn) leaves nothing behind. It is named through /proc/self/fd;
     * without /proc, or on a file system without O_TMPFILE, a named
     * temporary file as before. */
    if (access("/proc/self/fd", X_OK) == 0) {
        char *dir =
            slash == NULL
                ? kr_strdup(".")
                : kr_strndup(path, slash == path ? 1 : (size_t)(slash - path));
        if (dir != NULL) {
            f->fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
            kr_free(dir);
        }
        f->unnamed = f->fd >= 0;
    }
    if (f->fd < 0 && (f->fd = mkstemp(f->tmp)) < 0) {
        rc = kr_error_set(err, KRING_ERR_IO, _("%s: cannot write: %s"), path,
                          strerror(errno));
        kr_free(f->tmp);
        f->tmp = NULL;
        return rc;
    }
    return KRING_OK;
}

/* Gives the unnamed file F a temporary name beside PATH (F->tmp's
 * template, its Xs made random): 0, or -1 with errno. */
static int name_unnamed(struct kr_file *f)
{
    static const char letters[] = "abcdefghijklmnopqrstuvwxyz"
                                  "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    char proc[64], *x = f->tmp + strlen(f->tmp) - 6;
    unsigned char bytes[6];
    int tries, i;

    snprintf(proc, sizeof proc, "/proc/self/fd/%d", f->fd);
    for (tries = 0; tries < 100; tries++) {
        if (getrandom(bytes, sizeof bytes, 0) != (ssize_t)sizeof bytes)
            return -1;
        for (i = 0; i < 6; i++)
            x[i] = letters[bytes[i] % (sizeof letters - 1)];
        if (linkat(AT_FDCWD, proc, AT_FDCWD, f->tmp, AT_SYMLINK_FOLLOW) == 0)
            return 0;
        if (errno != EEXIST)
            return -1;
    }
    errno = EEXIST;
    return -1;
}

kring_status kr_file_end(const char *path, struct kr_file *f, unsigned flags,
                         kring_status rc, kring_error *err)
{
    int named = !f->unnamed;

    if (rc == KRING_OK && (flags & KRING_FILE_SYNC) && fsync(f->fd) != 0)
        rc = kr_error_set(err, KRING_ERR_IO, _("%s: cannot write: %s"), path,
                          strerror(errno));
    if (rc == KRING_OK && f->unnamed) {
        if (name_unnamed(f) == 0)
            named = 1;
        else
            rc = kr_error_set(err, KRING_ERR_IO, _("%s: cannot write: %s"),
                              path, strerror(errno));
    }
    if (close(f->fd) != 0 && rc == KRING_OK)
        rc = kr_error_set(err, KRING_ERR_IO, _("%s: cannot write: %s"), path,
                          strerror(errno));
    if (rc == KRING_OK && rename(f->tmp, path) != 0)
        rc = kr_error_set(err, KRING_ERR_IO, _("%s: cannot write: %s"), path,
                          strerror(errno));
    if (rc != KRING_OK && named)
        unlink(f->tmp);
    kr_free(f->tmp);
    f->tmp = NULL;
    f->fd = -1;
    return rc;
}

kring_status kring_file_write(const char *path, const char *data, size_t len,
                              unsigned flags, kring_error *err)
{
    struct kr_file f;
    kring_status rc;

    if ((rc = kr_file_begin(path, &f, err)))
        return rc;
    while (len > 0) {
        ssize_t w = write(f.fd, data, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            rc = kr_error_set(err, KRING_ERR_IO, _("%s: cannot write: %s"),
                              path, strerror(w < 0 ? errno : ENOSPC));
            break;
        }
        data += w;
        len -= (size_t)w;
    }
    return kr_file_end(path, &f, flags, rc, err);
}

/* PATH made absolute, every symbolic link in it resolved: the whole path
 * when it exists, else its folder with the last name put back. NULL when
 * neither can be resolved or out of memory. Caller frees with free(). */
static char *resolved(const char *path)
{
    const char *slash = strrchr(path, '/'), *base;
    char *dir, *real, *full;
    size_t n;

    if ((real = realpath(path, NULL)) != NULL)
        return real;
    if (slash == NULL) {
        dir = strdup(".");
        base = path;
    } else {
        dir = strndup(path, slash == path ? 1 : (size_t)(slash - path));
        base = slash + 1;
    }
    real = dir ? realpath(dir, NULL) : NULL;
    free(dir);
    if (real == NULL)
        return NULL;
    n = strlen(real) + strlen(base) + 2;
    if ((full = malloc(n)) != NULL)
        snprintf(full, n, "%s%s%s", real, strcmp(real, "/") == 0 ? "" : "/",
                 base);
    free(real);
    return full;
}

/* Whether PATH names the file NAME: the same file where both exist (a
 * hard link too), else the same resolved path. */
static bool same_file(const char *path, const struct stat *st, bool exists,
                      const char *name)
{
    struct stat other;
    char *a, *b;
    bool same;

    if (stat(name, &other) == 0)
        return exists && st->st_dev == other.st_dev &&
               st->st_ino == other.st_ino;
    a = resolved(path);
    b = resolved(name);
    same = a && b && strcmp(a, b) == 0;
    free(a);
    free(b);
    return same;
}

kring_status kring_file_check_output(const char *path, const char *db,
                                     kring_error *err)
{
    static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
    const char *bases[2];
    char *real = NULL, *name = NULL;
    struct stat st;
    bool exists, clash = false;
    size_t b, k;

    if (path == NULL || db == NULL || path[0] == '\0' || db[0] == '\0')
        return KRING_OK;
    exists = stat(path, &st) == 0;
    /* SQLite keeps its -wal, -shm and -journal beside the file a symbolic
     * link leads to; the name given may be a link. */
    real = realpath(db, NULL);
    bases[0] = db;
    bases[1] = real;
    for (b = 0; b < 2 && !clash; b++) {
        size_t n;
        if (bases[b] == NULL)
            continue;
        n = strlen(bases[b]) + 16;
        if ((name = kr_malloc(n)) == NULL) {
            free(real);
            return kr_nomem(err);
        }
        for (k = 0; k < sizeof suffixes / sizeof suffixes[0] && !clash; k++) {
            snprintf(name, n, "%s%s", bases[b], suffixes[k]);
            clash = same_file(path, &st, exists, name);
        }
        kr_free(name);
    }
    free(real);
    if (clash)
        return kr_error_set(err, KRING_ERR_INVALID,
                            _("'%s' is the database kring uses, or one of "
                              "its files: write to another file"),
                            path);
    return KRING_OK;
}
