# The SQLite backend's files (the Makefile includes every
# src/store/*/backend.mk: a new backend adds its own, and no file outside
# src/store/ changes). SQLite itself is loaded at the first store
# opened (sqlite_api.h): kring does not link it, the tests do.
STORE_SRC += src/store/sqlite/connection.c src/store/sqlite/schema.c \
             src/store/sqlite/store_case.c src/store/sqlite/store_read.c \
             src/store/sqlite/store_admin.c src/store/sqlite/store_log.c \
             src/store/sqlite/store_number.c src/store/sqlite/backend.c \
             src/store/sqlite/sqlite_api.c src/store/sqlite/store_bind.c \
             src/store/sqlite/store_facts.c \
             src/store/sqlite/store_list.c src/store/sqlite/store_copy.c
