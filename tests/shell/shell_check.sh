#!/usr/bin/env bash
# kring at home in the shell: the man page renders without a warning, the
# bash completion completes commands, options, their values, case codes
# and people from a sample database, and `make install` / `make uninstall`
# with PREFIX and DESTDIR put every file in place and take them all away.
# Usage: tests/shell/shell_check.sh KRING
set -euo pipefail
kring=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
top=$(cd "$(dirname "$0")/../.." && pwd)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
pass=0
fail=0
check() { # WHAT EXPECTED ACTUAL
    if [ "$2" = "$3" ]; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        printf 'shell check failed: %s\n  expected: %s\n  got:      %s\n' "$1" "$2" "$3" >&2
    fi
}

# The man page: rendered by man, no warning from groff.
page=$(MANWIDTH=80 man --warnings -l "$top/docs/kring.1" 2>"$dir/warn")
check "man -l renders with no warning" "" "$(cat "$dir/warn")"
check "the man page has its name line" "yes" \
    "$(grep -q '^ *kring - map the people around a young person' <<<"$page" && echo yes)"
for c in "case new" "person add" "tie add" score render serve "EXIT STATUS"; do
    check "the man page names $c" "yes" "$(grep -q -- "$c" <<<"$page" && echo yes)"
done

# Completion, on a database of the samples.
db=$dir/k.db
for f in "$top"/samples/*.json; do "$kring" --db "$db" import "$f" >/dev/null; done
# shellcheck source=../../src/shell/kring.bash
source "$top/src/shell/kring.bash"
comp() {
    COMP_WORDS=("$@")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    _kring
    local IFS='|'
    echo "${COMPREPLY[*]}"
}
check "commands" "case|person|tie|import|export|score|indicators|weights|render|snapshot|history|diff|choose|interview|audit|backup|check|serve" \
    "$(comp "$kring" --db "$db" "")"
check "a command begun" "snapshot|serve|score" "$(comp "$kring" s | tr '|' '\n' | sort -r | paste -sd'|')"
check "the case commands" "new|list|show|rm" "$(comp "$kring" --db "$db" case "")"
check "case codes (the four samples)" "2026-014|2026-027|2026-033|2026-041" \
    "$(comp "$kring" --db "$db" score "")"
check "a case code begun" "2026-033" "$(comp "$kring" --db "$db" render 2026-03)"
check "--db=PATH is read too" "2026-041" "$(comp "$kring" --db="$db" history 2026-04)"
# Noah's case file has Oma Ria (oma-ria) and Opa Henk (opa-henk).
check "people by id and name, quoted" 'oma-ria|Oma\ Ria|opa-henk|Opa\ Henk' \
    "$(comp "$kring" --db "$db" person set 2026-014 o | sed 's/|/\n/g' | grep -i '^o' | paste -sd'|')"
check "the second person of a tie, letters in any case" 'oma-ria|Oma\ Ria' \
    "$(comp "$kring" --db "$db" tie add 2026-014 daan "Oma")"
check "a person for a choice" 'oma-ria' "$(comp "$kring" --db "$db" choose 2026-014 oma-)"
check "no people after the last one" "" "$(comp "$kring" --db "$db" person rm 2026-014 daan "")"
check "options of person add" "--support" "$(comp "$kring" --db "$db" person add 2026-014 X --sup)"
check "the values of --role" "grandparent" \
    "$(comp "$kring" --db "$db" person add 2026-014 X --role grand)"
check "a list of support" "emotional,practical" \
    "$(comp "$kring" --db "$db" person set 2026-014 daan --support emotional,pr)"
check "a person's quality" "positive|mixed|strained|broken" \
    "$(comp "$kring" person set 2026-014 daan --quality "")"
check "a tie's quality" "positive|mixed|conflict" "$(comp "$kring" tie add 2026-014 a b --quality "")"
check "themes" "youth|team|print" "$(comp "$kring" render 2026-014 --theme "")"
check "no codes without a database" "" "$(comp "$kring" --db "$dir/none.db" score "")"

# make install and make uninstall, staged under DESTDIR.
make -s -C "$top" install PREFIX=/usr DESTDIR="$dir/stage" >/dev/null
for f in bin/kring lib/kring/kring-graphviz.so lib/kring/kring-xml.so \
    lib/kring/kring-http.so share/man/man1/kring.1 \
    share/bash-completion/completions/kring \
    share/locale/nl/LC_MESSAGES/kring.mo; do
    check "make install puts $f" "yes" "$([ -f "$dir/stage/usr/$f" ] && echo yes)"
done
check "the installed man page renders" "yes" \
    "$(MANWIDTH=80 man -l "$dir/stage/usr/share/man/man1/kring.1" | grep -q 'EXIT STATUS' && echo yes)"
make -s -C "$top" uninstall PREFIX=/usr DESTDIR="$dir/stage" >/dev/null
check "make uninstall leaves no file" "" "$(find "$dir/stage" -type f)"

echo "shell checks: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
