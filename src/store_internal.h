/* Private to the store. */
#ifndef KRING_STORE_INTERNAL_H
#define KRING_STORE_INTERNAL_H

#include "internal.h"

/* kr_migrations[i], a NULL-terminated list of statements, brings a
 * database from user_version i to i + 1. */
extern const char *const *const kr_migrations[];
extern const int kr_migration_count;

/* 'krng': marks a SQLite file as kring's (PRAGMA application_id). */
#define KR_APPLICATION_ID 0x6b726e67

#endif
