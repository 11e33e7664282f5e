/* Status codes and the error record every fallible kring call fills in. */
#ifndef KRING_ERROR_H
#define KRING_ERROR_H

/* Every call that can fail returns one of these; KRING_OK is 0. */
typedef enum kring_status {
    KRING_OK = 0,
    KRING_ERR_INVALID,   /* the data breaks a rule of the model or format */
    KRING_ERR_NOT_FOUND, /* no such case, person or tie */
    KRING_ERR_EXISTS,    /* a case, person or tie that is already there */
    KRING_ERR_AMBIGUOUS, /* a name that matches more than one person */
    KRING_ERR_LIMIT,     /* a documented limit is exceeded */
    KRING_ERR_NOMEM,     /* out of memory */
    KRING_ERR_IO,        /* a file could not be read or written */
    KRING_ERR_DB,        /* the database failed or is not a kring database */
    KRING_ERR_BUSY,      /* the database stayed locked by another process */
    KRING_ERR_VERSION,   /* the database was written by a newer kring */
    KRING_ERR_CONFLICT   /* changed by someone else since it was read */
} kring_status;

#define KRING_ERROR_TEXT_MAX 640

/* Filled in by a failing call; reporting an error never allocates. */
typedef struct kring_error {
    kring_status code;               /* what kind of failure */
    char text[KRING_ERROR_TEXT_MAX]; /* lowercase message, no full stop */
} kring_error;

#endif
