# bash completion for kring: commands, options, the values of options
# (when kring speaks Dutch, the Dutch words too), case codes and person
# ids and names from the database the command line names (--db, else
# kring's default). Installed by `make install` into
# PREFIX/share/bash-completion/completions/kring.

_kring_words() {
    case "$1" in
    role) echo "parent stepparent foster_parent sibling grandparent aunt_uncle
        cousin relative friend partner classmate teacher school_staff coach
        neighbour family_friend faith_leader youth_worker professional other" ;;
    sector) echo "household family friends school neighbourhood leisure
        community online care" ;;
    ring) echo "1 2 3" ;;
    contact) echo "daily weekly monthly yearly rarely" ;;
    reachable) echo "anytime evenings_weekends office_hours rarely" ;;
    support) echo "emotional practical advice fun shelter advocacy" ;;
    willing) echo "unknown yes no" ;;
    strength) echo "weak strong" ;;
    quality) echo "positive mixed strained broken" ;;
    tie-quality) echo "positive mixed conflict" ;;
    status) echo "active absent deceased" ;;
    choice) echo "asked parents_agreed accepted active evaluated ended
        declined" ;;
    placement | secure-care) echo "averted shortened happened not_at_issue" ;;
    school) echo "stayed returned dropped_out not_at_issue" ;;
    goals) echo "met partly not_met" ;;
    ended-as-planned) echo "yes no" ;;
    format) echo "svg png pdf dot json graphml csv" ;;
    theme) echo "youth team print" ;;
    lang) echo "nl en" ;;
    from) echo "kring graphml networkcanvas easynwk" ;;
    table) echo "people ties" ;;
    esac
}

# The Dutch words of the same values (docs/nl/woorden.md), which kring
# takes when it speaks Dutch.
_kring_words_nl() {
    case "$1" in
    role) echo "ouder stiefouder pleegouder broer_of_zus grootouder
        oom_of_tante neef_of_nicht familielid vriend partner klasgenoot
        leerkracht schoolpersoneel trainer buur huisvriend geestelijk_leider
        jongerenwerker hulpverlener anders" ;;
    sector) echo "huishouden familie vrienden school buurt vrije_tijd
        gemeenschap online hulpverlening" ;;
    contact) echo "dagelijks wekelijks maandelijks jaarlijks zelden" ;;
    reachable) echo "altijd avond_en_weekend kantooruren zelden" ;;
    support) echo "emotioneel praktisch advies plezier onderdak opkomen_voor" ;;
    willing) echo "onbekend ja nee" ;;
    strength) echo "zwak sterk" ;;
    quality) echo "goed wisselend moeizaam verbroken" ;;
    tie-quality) echo "goed wisselend conflict" ;;
    status) echo "actief uit_beeld overleden" ;;
    choice) echo "gevraagd ouders_akkoord ja_gezegd actief geëvalueerd gestopt
        nee_gezegd" ;;
    placement | secure-care) echo "voorkomen verkort gebeurd niet_aan_de_orde" ;;
    school) echo "gebleven teruggekeerd uitgevallen niet_aan_de_orde" ;;
    goals) echo "behaald deels niet_behaald" ;;
    ended-as-planned) echo "ja nee" ;;
    esac
}

# The language kring will speak, as it chooses it: --lang on the line,
# else the first of LANGUAGE's languages it speaks, else the first of
# LC_ALL, LC_MESSAGES and LANG that is set; nl or en.
_kring_lang() {
    local i w l="" v
    for ((i = 1; i < ${#COMP_WORDS[@]}; i++)); do
        w=${COMP_WORDS[i]}
        case "$w" in
        --lang) l=${COMP_WORDS[i + 1]-} ;;
        --lang=*) l=${w#--lang=} ;;
        esac
    done
    if [ -z "$l" ]; then
        local IFS=:
        for v in ${LANGUAGE-}; do
            case "$v" in nl | nl[_.@-]* | en | en[_.@-]*) l=$v && break ;; esac
        done
    fi
    [ -z "$l" ] && l=${LC_ALL:-${LC_MESSAGES:-${LANG-}}}
    case "$l" in nl | nl[_.@-]* | NL | NL[_.@-]*) echo nl ;; *) echo en ;; esac
}

# The values of FIELD: the case file's words, and when kring speaks Dutch
# the Dutch ones too.
_kring_values() {
    _kring_words "$1"
    [ "$(_kring_lang)" = nl ] && _kring_words_nl "$1"
    return 0
}

# The options of a command ("case new", "score", ...).
_kring_options() {
    local fields="--role --ring --sector --age --contact --known-years --support
        --hours-per-week --travel-minutes --reachable --quality --status
        --willing --notes --youth-note --formal --no-formal --concern --no-concern
        --frightens --no-frightens --nominated --no-nominated
        --lives-with-child --no-lives-with-child --adult --no-adult"
    case "$1" in
    "case new") echo "--name --birth-year --notes" ;;
    "case show") echo "-f" ;;
    "case rm" | "case erase") echo "--yes" ;;
    "case archive") echo "-o --organisation --names" ;;
    "case close") echo "--date" ;;
    "retention list") echo "--years" ;;
    "retention purge") echo "--years --yes" ;;
    "person add") echo "$fields --id" ;;
    "person set") echo "$fields --name" ;;
    "tie add") echo "--strength --quality" ;;
    import) echo "--from --map --code --replace --verbose" ;;
    export) echo "-f --format -o --table --csv-sep --bom --theme --anonymize" ;;
    score) echo "-f --top --weights --all" ;;
    indicators) echo "-f --all" ;;
    render) echo "-f -o --format --theme --anonymize --show-unsafe --date
        --all --snapshot --diff" ;;
    snapshot) echo "--taken" ;;
    choose) echo "--status --date --note --force" ;;
    suggestions) echo "--role" ;;
    report) echo "--team --from --to --format --threshold" ;;
    outcome) echo "--date --placement --secure-care --school --goals
        --ended-as-planned --satisfaction --notes" ;;
    interview) echo "--name --resume" ;;
    audit) echo "--reads --changes --for-client --organisation --names" ;;
    serve) echo "--port --bind --allow-remote" ;;
    "case assign") echo "--team --responsible" ;;
    "user add") echo "--name --role --team" ;;
    "user teams") echo "--team" ;;
    server) echo "--config --check-config --tls-cert --tls-key" ;;
    esac
}

# Options that take a value (the next word).
_kring_valued="--db --lang --name --birth-year --notes --youth-note --role --ring --sector
    --age --contact --known-years --support --hours-per-week --travel-minutes
    --reachable --quality --status --willing --id --strength --from --map
    --code -f --format -o --table --csv-sep --theme --date --snapshot --diff
    --taken --note --top --weights --port --bind --team --responsible
    --config --tls-cert --tls-key --organisation --years"

_kring() {
    local cur prev kring=${COMP_WORDS[0]} db=() words=() i w cmd="" npos
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD - 1]}
    COMPREPLY=()

    # The database named on the line, and the words that are not options.
    for ((i = 1; i < COMP_CWORD; i++)); do
        w=${COMP_WORDS[i]}
        case " $_kring_valued " in
        *" $w "*)
            [ "$w" = --db ] && db=(--db "${COMP_WORDS[i + 1]}")
            i=$((i + 1))
            continue ;;
        esac
        case "$w" in
        --db=*) db=("$w") ;;
        -*) ;;
        *) words+=("$w") ;;
        esac
    done

    # The value of an option.
    case "$prev" in
    --role)
        if [ "${words[0]-}" = user ]; then
            COMPREPLY=($(compgen -W "professional team_lead privacy_officer
                admin" -- "$cur"))
        else
            COMPREPLY=($(compgen -W "$(_kring_values role)" -- "$cur"))
        fi
        return ;;
    --sector | --contact | --reachable | --willing | --strength | \
        --placement | --secure-care | --school | --goals | --ended-as-planned)
        COMPREPLY=($(compgen -W "$(_kring_values "${prev#--}")" -- "$cur"))
        return ;;
    --ring | --theme | --lang | --from | --table)
        COMPREPLY=($(compgen -W "$(_kring_words "${prev#--}")" -- "$cur"))
        return ;;
    --format) COMPREPLY=($(compgen -W "$(_kring_words format)" -- "$cur"))
        return ;;
    --quality)
        if [ "${words[0]-}" = tie ]; then
            COMPREPLY=($(compgen -W "$(_kring_values tie-quality)" -- "$cur"))
        else
            COMPREPLY=($(compgen -W "$(_kring_values quality)" -- "$cur"))
        fi
        return ;;
    --status)
        if [ "${words[0]-}" = choose ]; then
            COMPREPLY=($(compgen -W "$(_kring_values choice)" -- "$cur"))
        else
            COMPREPLY=($(compgen -W "$(_kring_values status)" -- "$cur"))
        fi
        return ;;
    --support)
        COMPREPLY=($(compgen -W "$(_kring_values support)" -- "${cur##*,}"))
        [ "${cur%,*}" != "$cur" ] && COMPREPLY=("${COMPREPLY[@]/#/${cur%,*},}")
        return ;;
    --db | -f | -o | --map | --weights | --config | --tls-cert | --tls-key)
        COMPREPLY=($(compgen -f -- "$cur"))
        compopt -o filenames 2>/dev/null
        return ;;
    --name | --birth-year | --notes | --youth-note | --age | --known-years | \
        --id | \
        --hours-per-week | --travel-minutes | --code | --csv-sep | --date | \
        --snapshot | --diff | --taken | --note | --top | --port | --bind | \
        --team | --responsible | --organisation | --years | --satisfaction | \
        --threshold)
        return ;;
    esac

    if [[ "$cur" == -* ]]; then
        case "${words[0]-}" in
        case | person | tie | db | user | team | retention)
            cmd="${words[0]-} ${words[1]-}" ;;
        audit) cmd=audit && [ "${words[1]-}" = verify ] && cmd="audit verify" ;;
        *) cmd=${words[0]-} ;;
        esac
        COMPREPLY=($(compgen -W "$(_kring_options "$cmd") --db --json --lang
            --allow-shared-db --help" -- "$cur"))
        return
    fi

    case "${words[0]-}" in
    "")
        COMPREPLY=($(compgen -W "case person tie import export score indicators
            weights render snapshot history diff choose suggestions outcome report
            interview audit backup
            check db serve server team user retention" -- "$cur"))
        return ;;
    case) [ ${#words[@]} -eq 1 ] &&
        COMPREPLY=($(compgen -W "new list show rm erase assign archive close
            reopen" -- "$cur")) &&
        return
        npos=$((${#words[@]} - 2)) ;;
    person) [ ${#words[@]} -eq 1 ] &&
        COMPREPLY=($(compgen -W "add set rm" -- "$cur")) && return
        npos=$((${#words[@]} - 2)) ;;
    tie) [ ${#words[@]} -eq 1 ] &&
        COMPREPLY=($(compgen -W "add rm" -- "$cur")) && return
        npos=$((${#words[@]} - 2)) ;;
    db) [ ${#words[@]} -eq 1 ] &&
        COMPREPLY=($(compgen -W "copy grant" -- "$cur")) && return
        [ "${words[1]-}" = grant ] && return
        COMPREPLY=($(compgen -f -- "$cur"))
        compopt -o filenames 2>/dev/null
        return ;;
    team) [ ${#words[@]} -eq 1 ] &&
        COMPREPLY=($(compgen -W "add list" -- "$cur"))
        return ;;
    retention) [ ${#words[@]} -eq 1 ] &&
        COMPREPLY=($(compgen -W "list purge" -- "$cur"))
        return ;;
    user) [ ${#words[@]} -eq 1 ] &&
        COMPREPLY=($(compgen -W "add list disable reset teams oidc" -- "$cur"))
        return ;;
    import | backup)
        COMPREPLY=($(compgen -f -- "$cur"))
        compopt -o filenames 2>/dev/null
        return ;;
    *) npos=$((${#words[@]} - 1)) ;;
    esac

    # A case code first; then people for the commands that name them.
    if [ "$npos" -eq 0 ]; then
        case "${words[0]-} ${words[1]-}" in
        "case new" | "case list"* | weights* | check* | serve* | backup*) return ;;
        esac
        COMPREPLY=($(compgen -W "$("$kring" "${db[@]}" --json case list \
            2>/dev/null | grep -o '"code": "[^"]*"' | cut -d'"' -f4)" -- "$cur"))
        [ "${words[0]-}" = audit ] && [[ verify == "$cur"* ]] &&
            COMPREPLY+=(verify)
        return
    fi
    # suggestions CODE accept|decline N
    if [ "${words[0]-}" = suggestions ]; then
        [ "$npos" -eq 1 ] &&
            COMPREPLY=($(compgen -W "accept decline" -- "$cur"))
        return
    fi
    # PERSON is the second argument; a tie has two.
    case "${words[0]-} ${words[1]-}:$npos" in
    "person set:1" | "person rm:1" | "tie add:"[12] | "tie rm:"[12] | \
        "choose "*:1) ;;
    *) return ;;
    esac
    local code=${words[$((${#words[@]} - npos))]} people=() line IFS=$'\n'
    # Every person's id and name, each quoted for the shell; a name as
    # kring finds it, whatever the case of its letters.
    for line in $("$kring" "${db[@]}" --json case show -- "$code" 2>/dev/null |
        awk '/^  "people": \[/ { on = 1; next } on && /^  \]/ { exit }
             on && /^      "(id|name)": "/ {
                 sub(/^      "(id|name)": "/, ""); sub(/",?$/, ""); print }'); do
        [[ "${line,,}" == "${cur,,}"* ]] && people+=("$(printf '%q' "$line")")
    done
    COMPREPLY=("${people[@]}")
}

complete -F _kring kring
