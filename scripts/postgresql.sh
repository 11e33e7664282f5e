#!/bin/sh
# Runs COMMAND... with a PostgreSQL server for the tests on PostgreSQL
# (KRING_TEST_DB=postgresql): the one PGHOST/PGPORT/PGUSER/PGDATABASE
# name if it answers, else a throw-away cluster that Debian's
# pg_virtualenv (postgresql-common) makes for the run and drops after,
# as root or as a normal user. The cluster skips fsync (it is thrown
# away) and takes the connections of kring serve's threads in the tests.
# With --durable the throw-away cluster keeps PostgreSQL's own settings
# (fsync on): for the benchmarks, whose figures must be a real server's.
# Usage: scripts/postgresql.sh [--durable] COMMAND...
set -eu
export KRING_TEST_DB=postgresql
durable=0
if [ "${1:-}" = "--durable" ]; then
    durable=1
    shift
fi
if [ -n "${PGHOST:-}${PGPORT:-}${PGDATABASE:-}" ] &&
    psql -XqtAc 'SELECT 1' >/dev/null 2>&1; then
    exec "$@"
fi
if ! command -v pg_virtualenv >/dev/null 2>&1; then
    echo "kring: the tests on PostgreSQL need pg_virtualenv (Debian package" \
        "postgresql-common; scripts/deps.sh test installs it)" >&2
    exit 1
fi
if [ "$durable" = 1 ]; then
    exec pg_virtualenv -o max_connections=400 "$@"
fi
exec pg_virtualenv -o fsync=off -o full_page_writes=off \
    -o max_connections=400 "$@"
