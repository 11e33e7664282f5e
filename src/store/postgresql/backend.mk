# The PostgreSQL backend's files (the Makefile includes every
# src/store/*/backend.mk). libpq is loaded when a store is opened at a
# postgresql:// address (pq_api.h): kring does not link it; it is
# compiled with libpq's header (libpq-dev), and the tests link it to look
# at a store as a second reader.
STORE_SRC += src/store/postgresql/connection.c src/store/postgresql/schema.c \
             src/store/postgresql/schema_youth.c src/store/postgresql/youth.c \
             src/store/postgresql/schema_report.c \
             src/store/postgresql/facts.c \
             src/store/postgresql/read.c src/store/postgresql/walk.c \
             src/store/postgresql/write.c \
             src/store/postgresql/admin.c src/store/postgresql/log.c \
             src/store/postgresql/bulk.c src/store/postgresql/org.c \
             src/store/postgresql/login.c src/store/postgresql/retention.c \
             src/store/postgresql/prepared.c \
             src/store/postgresql/backend.c \
             src/store/postgresql/pq_api.c
PQ_CFLAGS := $(shell $(PKG_CONFIG) --cflags libpq 2>/dev/null)
PQ_LIBS := $(shell $(PKG_CONFIG) --libs libpq 2>/dev/null)
