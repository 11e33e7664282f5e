#!/usr/bin/env bash
# kring at home in the shell: both man pages (English and Dutch) render
# without a warning and name the same options, the bash completion
# completes commands, options, their values, case codes and people from a
# sample database, --help names exactly the options each command takes
# (in both languages) and the completion offers them, colour comes on a
# terminal only (not in a pipe, with NO_COLOR or TERM=dumb) and the text
# is the same without it, and `make install` / `make uninstall` with
# PREFIX and DESTDIR put every file in place, the installed kring speaks
# Dutch and draws a map, and they take them all away.
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
# The Dutch man page, the same way.
page=$(MANWIDTH=80 man --warnings -l "$top/docs/nl/kring.1" 2>"$dir/warn")
check "the Dutch man page renders with no warning" "" "$(cat "$dir/warn")"
for c in "kring - breng de mensen rond een jongere" "OPDRACHTEN" "case new" \
    "person add" "grootouder" "AFSLUITSTATUS" "OMGEVING"; do
    check "the Dutch man page has $c" "yes" "$(grep -q -- "$c" <<<"$page" && echo yes)"
done
# Both pages name the same commands and options.
opts() { grep -oE -- '(^|[^a-zA-Z0-9-])--?[a-z][a-z-]*[a-z]' "$1" | sed 's/^[^-]*//' | sort -u; }
check "the Dutch man page names the English one's options" \
    "$(MANWIDTH=200 man -l "$top/docs/kring.1" 2>/dev/null | opts /dev/stdin)" \
    "$(MANWIDTH=200 man -l "$top/docs/nl/kring.1" 2>/dev/null | opts /dev/stdin)"

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
check "commands" "case|person|tie|import|export|score|indicators|weights|render|snapshot|history|diff|choose|suggestions|outcome|report|interview|audit|backup|check|db|serve|server|team|user|retention" \
    "$(comp "$kring" --db "$db" "")"
check "a command begun" "suggestions|snapshot|server|serve|score" "$(comp "$kring" s | tr '|' '\n' | sort -r | paste -sd'|')"
check "the case commands" "new|list|show|rm|erase|assign|archive|close|reopen" "$(comp "$kring" --db "$db" case "")"
check "the account commands" "add|list|disable|reset|teams|oidc" "$(comp "$kring" user "")"
check "an account's roles" "team_lead" "$(comp "$kring" user add x --role te)"
check "audit verify" "verify" "$(comp "$kring" --db "$db" audit ve)"
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
# In Dutch the Dutch words too, as kring takes them: from --lang, or from
# the environment as kring reads it.
unset LANGUAGE LC_ALL LC_MESSAGES
check "a Dutch role with --lang nl" "grootouder" \
    "$(LANG=C comp "$kring" --lang nl person add 2026-014 X --role groot)"
check "the case file's role with --lang nl" "grandparent" \
    "$(LANG=C comp "$kring" --lang nl person add 2026-014 X --role grand)"
check "a Dutch contact with LANG=nl_NL.UTF-8" "wekelijks" \
    "$(LANG=nl_NL.UTF-8 comp "$kring" person set 2026-014 daan --contact wek)"
check "a list of Dutch support" "emotioneel,plezier" \
    "$(LANG=nl_BE.UTF-8 comp "$kring" person set 2026-014 daan --support emotioneel,ple)"
check "a Dutch step of the choice" "ja_gezegd" \
    "$(LANGUAGE=fr:nl LANG=C comp "$kring" choose 2026-014 daan --status ja)"
check "a Dutch tie quality" "goed" \
    "$(comp "$kring" --lang=nl tie add 2026-014 a b --quality go)"
check "no Dutch word in English" "" \
    "$(LANG=en_GB.UTF-8 comp "$kring" person add 2026-014 X --role groot)"
check "no Dutch word with --lang en in a Dutch environment" "" \
    "$(LANG=nl_NL.UTF-8 comp "$kring" --lang en person add 2026-014 X --role groot)"
# The completion's Dutch words are those of docs/nl/woorden.md, which
# tests/unit/test_words.c holds to kring: those of the options' values
# (the young person's suggestions are no option's).
check "the completion's Dutch words are kring's" \
    "$(sed '/^## Suggestie/,/^## Het interview/d' "$top/docs/nl/woorden.md" |
        sed -n 's/^| `\([^`]*\)` | `[^`]*` |.*/\1/p' |
        sort -u | paste -sd' ')" \
    "$(for f in role sector contact reachable support willing strength \
        quality tie-quality status choice; do _kring_words_nl "$f"; done |
        tr -s ' \n' '\n\n' | sed '/^$/d' | sort -u | paste -sd' ')"

# --help is exact: every option a command's help names (outside quotes,
# which show other commands) is one the command
# takes (tried as --OPTION=x --help or -O x --help, which never run the
# command), and the
# completion offers the same options as the help.
globals="--db --json --lang --allow-shared-db --help"
opts_of() { # the options a help names, but the global ones
    "$kring" "$@" --help | sed "s/'[^']*'//g" |
        { grep -oE '(^|[ [(|])--?[a-z][a-z-]*' || true; } |
        sed 's/^[^-]*//' |
        { grep -vxF -e --no- -e --x -e --db -e --json -e --lang \
            -e --allow-shared-db -e --help || true; } | sort -u
}
for cmd in "case new" "case list" "case show" "case rm" "person add" \
    "person set" "person rm" "tie add" "tie rm" import export score \
    indicators weights render snapshot history diff choose interview \
    audit backup check serve "case assign" "team add" "team list" \
    "user add" "user list" "user disable" "user reset" "audit verify" \
    "db grant" server; do
    # shellcheck disable=SC2086
    helped=$(opts_of $cmd)
    # shellcheck disable=SC2086
    check "$cmd: the Dutch help names the same options" "$helped" \
        "$(opts_of --lang nl $cmd)"
    for opt in $helped; do
        case "$opt" in --*) try=("$opt=x") ;; *) try=("$opt" x) ;; esac
        # shellcheck disable=SC2086
        err=$("$kring" --db "$dir/help.db" $cmd "${try[@]}" --help 2>&1 \
            >/dev/null || true)
        check "$cmd: the option $opt of its help is taken" "" \
            "$(grep -o 'unknown option.*' <<<"$err")"
    done
    COMP_WORDS=("$kring" $cmd -)
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    _kring
    offered=$(printf '%s\n' "${COMPREPLY[@]}" |
        { grep -vx -- '--no-[a-z-]*' || true; } | sort -u)
    check "$cmd: the completion offers what the help names" \
        "$(printf '%s\n' $helped $globals | sort -u | paste -sd' ')" \
        "$(echo "$offered" | paste -sd' ')"
done
check "no database was made by asking for help" "no" \
    "$([ -e "$dir/help.db" ] && echo yes || echo no)"

# Colour only on a terminal that takes it: on a pseudo-terminal, the
# headings are bold; NO_COLOR, TERM=dumb and a pipe get none, and then the
# text is the same as on the terminal, byte for byte.
tty="$top/tests/shell/on_tty.py"
colour=$(TERM=xterm NO_COLOR= python3 "$tty" "$kring" --db "$db" score 2026-014)
check "colour on a terminal" "yes" \
    "$(grep -q $'\033\\[1mRANK' <<<"$colour" && echo yes)"
piped=$("$kring" --db "$db" score 2026-014 | cat)
check "no colour in a pipe" "" "$(grep -c $'\033' <<<"$piped" | grep -v '^0$')"
for what in "NO_COLOR=1 TERM=xterm" "TERM=dumb" "NO_COLOR=yes TERM=xterm-256color"; do
    # shellcheck disable=SC2086
    plain=$(env $what python3 "$tty" "$kring" --db "$db" score 2026-014)
    check "no colour with $what, and the same text as in a pipe" "$piped" "$plain"
done
check "the colour aside, a terminal gets the pipe's text" "$piped" \
    "$(sed 's/\x1b\[[0-9;]*m//g' <<<"$colour")"
nl=$(LANG=nl_NL.UTF-8 "$kring" --db "$db" score 2026-014 | cat)
check "LANG=nl_NL.UTF-8 speaks Dutch in a pipe too" "yes" \
    "$(grep -q '^RANG  NAAM' <<<"$nl" && echo yes)"
check "the same run twice gives the same bytes" "$nl" \
    "$(LANG=nl_NL.UTF-8 "$kring" --db "$db" score 2026-014 | cat)"

# make install and make uninstall, staged under DESTDIR.
make -s -C "$top" install PREFIX=/usr DESTDIR="$dir/stage" >/dev/null
for f in bin/kring lib/kring/kring-graphviz.so lib/kring/kring-xml.so \
    lib/kring/kring-http.so share/man/man1/kring.1 share/man/nl/man1/kring.1 \
    share/bash-completion/completions/kring \
    share/locale/nl/LC_MESSAGES/kring.mo; do
    check "make install puts $f" "yes" "$([ -f "$dir/stage/usr/$f" ] && echo yes)"
done
check "the installed man page renders" "yes" \
    "$(MANWIDTH=80 man -l "$dir/stage/usr/share/man/man1/kring.1" | grep -q 'EXIT STATUS' && echo yes)"
# The installed kring finds its catalogue and its modules beside itself,
# wherever the tree was put: Dutch, and a map drawn.
staged=$dir/stage/usr/bin/kring
check "the installed kring speaks Dutch" "CODE      NAAM   GEBOREN  PERSONEN  VERBINDINGEN" \
    "$(LANG=nl_NL.UTF-8 "$staged" --db "$db" case list | head -n 1)"
LANG=nl_NL.UTF-8 "$staged" --db "$db" render 2026-014 -o "$dir/installed.svg"
check "the installed kring draws a map, in Dutch" "yes" \
    "$(grep -q 'De mensen om Noah heen' "$dir/installed.svg" && echo yes)"
make -s -C "$top" uninstall PREFIX=/usr DESTDIR="$dir/stage" >/dev/null
check "make uninstall leaves no file" "" "$(find "$dir/stage" -type f)"

echo "shell checks: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
