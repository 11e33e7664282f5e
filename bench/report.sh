#!/usr/bin/env bash
# kring report (issue 25) over 100,000 generated cases
# (tests/report/report_gen.py: people, ties, an intake snapshot, the steps
# of the choice and outcomes), alternating with a reference in the same
# run:
# - the first report, which works out every case's facts and keeps them
#   (reported: once after the migration, or for the cases changed since);
# - `kring report --json` with the facts kept, against the sqlite3 shell
#   reading the same rows (the cases and their kept facts): target under
#   2 s (issue 25), the ratio reported;
# - on PostgreSQL (when a server answers: PGHOST and the others, or under
#   scripts/postgresql.sh, as make bench runs it), the same rows put into
#   a schema of kring's with COPY, and `kring report --json` there
#   against psql fetching them: target within 2x of SQLite's 2 s (under
#   4 s), the same JSON as SQLite's; its ratio to SQLite's measured time
#   is reported (bench/README.md: PostgreSQL's own fetch of the rows is
#   most of it).
# Usage: bench/report.sh [RUNS] [--strict]   (default 5 runs; needs
# ./kring, python3, sqlite3, and for PostgreSQL psql; $KRING_REPORT_DB, a
# caseload made before by report_gen.py, saves making one). With --strict
# it fails when a target is missed.
set -euo pipefail

. "$(dirname "$0")/lib.sh"
bench_setup 5 "$@"
ok=1
miss() { echo "target missed: $1"; ok=0; }
within() { awk -v r="$1" -v t="$2" 'BEGIN {exit !(r <= t)}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
ms() { echo $((($1 + 500) / 1000)); }

db=$dir/100k.db
t0=$(now_us)
if [ -n "${KRING_REPORT_DB-}" ]; then
    cp "$KRING_REPORT_DB" "$db" # a caseload generated before, to try again
else
    python3 tests/report/report_gen.py "$kring" "$db" 100000
fi
t1=$(now_us)
echo "generated 100000 cases, $(sqlite3 "$db" "SELECT count(*) FROM people") people, in $(ms $((t1 - t0))) ms"

t0=$(now_us)
"$kring" --db "$db" report --json >/dev/null
t1=$(now_us)
echo "the first report (every case's facts worked out and kept): $(ms $((t1 - t0))) ms (reported)"

scan="SELECT c.code, f.* FROM cases c LEFT JOIN case_facts f ON f.case_code = c.code ORDER BY c.code"
: >"$dir/report.txt"
: >"$dir/scan.txt"
for ((i = 1; i <= runs; i++)); do
    t0=$(now_us)
    "$kring" --db "$db" report --json >/dev/null
    t1=$(now_us)
    sqlite3 "$db" "$scan" >/dev/null
    t2=$(now_us)
    echo $((t1 - t0)) >>"$dir/report.txt"
    echo $((t2 - t1)) >>"$dir/scan.txt"
done
rep=$(least "$dir/report.txt")
sc=$(least "$dir/scan.txt")
echo "kring report --json, SQLite, 100000 cases: best $(ms "$rep") ms, median $(ms "$(median "$dir/report.txt")") ms; the sqlite3 shell reading the same rows: $(ms "$sc") ms ($(ratio "$rep" "$sc")x)"
within "$rep" 2000000 || miss "report over 100000 cases on SQLite $(ms "$rep") ms, target under 2000 ms"

if psql -XqtA -c "SELECT 1" >/dev/null 2>&1; then
    schema=bench_report
    pg="postgresql:///${PGDATABASE:-postgres}?options=-c%20kring.schema%3D$schema"
    psql -XqtA -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1
    "$kring" --db "$pg" case list >/dev/null 2>&1 || true
    "$kring" --db "$pg" case new zz-setup --name x >/dev/null
    "$kring" --db "$pg" case rm zz-setup --yes >/dev/null
    # The same rows, each table by COPY, the facts last (a row of a
    # case's history put in forgets its facts, as any change does).
    copy() {
        local table=$1 cols=$2
        sqlite3 -csv "$db" "SELECT $cols FROM $table" >"$dir/$table.csv"
        psql -Xq -c "\\copy $schema.$table ($cols) FROM '$dir/$table.csv' WITH (FORMAT csv)"
    }
    t0=$(now_us)
    copy cases "code, name, case_key, last_person_key"
    copy people "case_code, seq, id, name, role, sector, ring, age, support, quality, status, formal, frightens, lives_with_child, person_key"
    copy ties "case_code, seq, a, b, strength, quality"
    copy snapshots "case_code, label, taken, network"
    copy choices "case_code, person, date, status"
    copy outcomes "case_code, seq, date, placement, secure_care, school, goals, ended_as_planned, satisfaction, notes"
    copy case_facts "case_code, version, intake, stage, days, now_people, now_supportive, now_inner, now_sectors, now_zrm, before_people, before_supportive, before_inner, before_sectors, before_zrm, outcome, placement, secure_care, school, goals, ended, satisfaction"
    # The facts are of these very rows: of the version the cases have
    # here (putting the people in raised it).
    psql -XqtA -c "UPDATE $schema.case_facts f SET version = c.version FROM $schema.cases c WHERE c.code = f.case_code" >/dev/null
    psql -XqtA -c "ANALYZE" >/dev/null
    t1=$(now_us)
    echo "PostgreSQL: the same rows put in by COPY in $(ms $((t1 - t0))) ms, $(psql -XqtA -c "SELECT count(*) FROM $schema.case_facts") facts kept"
    pgscan="COPY (SELECT c.code, f.* FROM $schema.cases c LEFT JOIN $schema.case_facts f ON f.case_code = c.code ORDER BY c.code) TO STDOUT"
    : >"$dir/pg.txt"
    : >"$dir/pgscan.txt"
    for ((i = 1; i <= runs; i++)); do
        t0=$(now_us)
        "$kring" --db "$pg" report --json >"$dir/pg.json"
        t1=$(now_us)
        psql -XqtA -c "$pgscan" >/dev/null
        t2=$(now_us)
        echo $((t1 - t0)) >>"$dir/pg.txt"
        echo $((t2 - t1)) >>"$dir/pgscan.txt"
    done
    "$kring" --db "$db" report --json >"$dir/sqlite.json"
    cmp -s "$dir/pg.json" "$dir/sqlite.json" || miss "the report on PostgreSQL differs from SQLite's"
    p=$(least "$dir/pg.txt")
    ps=$(least "$dir/pgscan.txt")
    echo "kring report --json, PostgreSQL, 100000 cases: best $(ms "$p") ms, median $(ms "$(median "$dir/pg.txt")") ms, $(ratio "$p" "$rep")x SQLite's; psql fetching the same rows: $(ms "$ps") ms ($(ratio "$p" "$ps")x)"
    within "$p" 4000000 || miss "report over 100000 cases on PostgreSQL $(ms "$p") ms, target under 4000 ms (2x SQLite's 2 s)"
    psql -XqtA -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1
else
    echo "PostgreSQL: no server answers (run under scripts/postgresql.sh); not measured"
fi

[ "$ok" = 1 ] || [ "$strict" = 0 ] || exit 1
