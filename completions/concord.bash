# bash completion for concord(1) -- installed by `make install` as
# $(DATAROOTDIR)/bash-completion/completions/concord.
#
# Options and their values; formats, standard ids and clause keys come from
# the concord program being completed (its --help, `standards`, `clauses
# of STD`), so they are those of the binary and corpus in use.

# The first column of a TSV result of query, without its header.
_concord_column()
{
    "$1" -f tsv -c "$2" 2>/dev/null | tail -n +2 | cut -f1 | sort -u
}

# Standard ids, or (after "STD:") the clause keys of that standard.
_concord_keys()
{
    local prog=$1 cur=$2
    if [[ $cur == *:* ]]; then
        local std=${cur%%:*}
        [[ $std =~ ^[A-Za-z0-9@._-]+$ ]] || return
        _concord_column "$prog" "clauses of \"$std\""
    else
        _concord_column "$prog" "standards" | sed 's/$/:/'
    fi
}

_concord()
{
    local cur prev prog ci=$COMP_CWORD
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_CWORD:+${COMP_WORDS[COMP_CWORD-1]}}
    prog=${COMP_WORDS[0]}
    COMPREPLY=()

    # Bash splits words at ':': put a clause key back together (ci is
    # then the index of its first part).
    if [[ $cur == : || $prev == : ]] && ((COMP_CWORD >= 2)); then
        if [[ $cur == : ]]; then
            ci=$((COMP_CWORD - 1))
            cur=${COMP_WORDS[ci]}:
        else
            ci=$((COMP_CWORD - 2))
            cur=${COMP_WORDS[ci]}:$cur
        fi
        prev=${COMP_WORDS[ci-1]}
    fi

    case $prev in
    -f | --format)
        local formats
        formats=$("$prog" --help 2>/dev/null |
            sed -n 's/.*output format: //p' | tr -d ',')
        COMPREPLY=($(compgen -W "$formats" -- "$cur"))
        return
        ;;
    --corpus | --import)
        COMPREPLY=($(compgen -f -- "$cur"))
        return
        ;;
    --image | -o)
        COMPREPLY=($(compgen -f -- "$cur"))
        return
        ;;
    --limit)
        COMPREPLY=($(compgen -W "length= nesting= rows= hops= imports= steps=" -- "$cur"))
        compopt -o nospace 2>/dev/null
        return
        ;;
    --namespace)
        COMPREPLY=($(compgen -W "https:// urn:" -- "$cur"))
        compopt -o nospace 2>/dev/null
        return
        ;;
    -c)
        return
        ;;
    esac
    # --arg NAME VALUE: the value is a standard or a clause key.
    if ((ci >= 3)) && [[ ${COMP_WORDS[ci-2]} == --arg ]]; then
        COMPREPLY=($(compgen -W "$(_concord_keys "$prog" "$cur")" -- "$cur"))
        [[ $cur != *:* ]] && compopt -o nospace 2>/dev/null
        # What bash will put back after the ':' it split at.
        if [[ $cur == *:* && $COMP_WORDBREAKS == *:* ]]; then
            local strip=${cur%"${cur##*:}"}
            COMPREPLY=("${COMPREPLY[@]#"$strip"}")
        fi
        return
    fi
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "-c -f --format --corpus --import --image
            --arg --limit --safe --namespace -h --help -V --version --" \
            -- "$cur"))
        return
    fi
    COMPREPLY=($(compgen -f -- "$cur"))
    if ((ci == 1)); then
        COMPREPLY+=($(compgen -W "compile" -- "$cur"))
    fi
}

complete -o filenames -F _concord concord
