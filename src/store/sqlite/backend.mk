# The SQLite backend's files (the Makefile includes every
# src/store/*/backend.mk: a new backend adds its own, and no file outside
# src/store/ changes). SQLite itself is linked (PKGS), as the default
# store of every kring.
STORE_SRC += src/store/sqlite/connection.c src/store/sqlite/schema.c \
             src/store/sqlite/store_case.c src/store/sqlite/store_read.c \
             src/store/sqlite/store_admin.c src/store/sqlite/store_log.c \
             src/store/sqlite/store_number.c src/store/sqlite/backend.c \
             src/store/sqlite/store_list.c
