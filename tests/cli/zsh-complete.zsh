# tests/cli/zsh-complete.zsh -- drive zsh's completion of concord through a
# pseudo-terminal (zsh/zpty) and print what it shows, for tests/cli/export.sh.
#
#   zsh -f tests/cli/zsh-complete.zsh COMPLETIONS_DIR PROGRAM_DIR LINE...
#
# Each LINE is typed after a fresh prompt and followed by a TAB; the
# terminal's output after it is printed, escape sequences and CRs removed.
zmodload zsh/zpty || exit 2
zpty z zsh -f -i
drain() {
    local line
    sleep 1.5
    while zpty -r -t z line; do print -rn -- "$line"; done
    print
}
zpty -w z "PS1='> '; fpath=($1 \$fpath); autoload -Uz compinit; compinit -u -D; path=($2 \$path); LISTMAX=0"
drain >/dev/null
shift 2
for typed in "$@"; do
    zpty -w -n z "$typed"$'\t'
    drain | sed 's/\x1b\[[0-9;?]*[a-zA-Z]//g' | tr -d '\r'
    zpty -w -n z $'\C-u'
    drain >/dev/null
done
zpty -d z
