#!/bin/sh
# tests/term/run.sh -- results on a terminal, through a pseudo-terminal
# made by script(1): tables fitted to 80 and 160 columns, the record view,
# .width and .columns, colour, CJK titles, the pager, and the REPL's Tab
# completion, '|' lines and history.
#
#   tests/term/run.sh [--update] CONCORD
#
# Each tests/term/NAME.cq runs as `concord [ARGS] NAME.cq` on a terminal
# sized with stty, once 80 and once 160 columns wide; what the terminal
# shows (carriage returns removed) must equal NAME.80.out and NAME.160.out.
# A first line "-- args: ..." gives ARGS.  --update rewrites the .out
# files: read the diffs first.  The interactive checks follow.
# Exit status: 0 when every check passed, 1 otherwise, 2 on bad usage.

set -u
LC_ALL=C
export LC_ALL

update=0
if [ "${1-}" = "--update" ]; then
    update=1
    shift
fi
if [ $# -ne 1 ]; then
    echo "usage: tests/term/run.sh [--update] CONCORD" >&2
    exit 2
fi
concord=$1
case $concord in /*) ;; *) concord=$(pwd)/$concord ;; esac
# the corpus grows: a count of its standards is asked, not written here
n_standards=$("$concord" -c 'standards | count' </dev/null | tail -n 1)
root=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
cd "$root" || exit 2

if ! command -v script >/dev/null 2>&1 ||
    ! script -qec true /dev/null </dev/null >/dev/null 2>&1; then
    echo "term: skipped (no usable script(1); make deps installs bsdutils)"
    exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/concord-term.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
HOME=$tmp/home
mkdir "$HOME"
TERM=xterm
NO_COLOR=1
PAGER=
export HOME TERM NO_COLOR PAGER
unset COLUMNS LINES

limit=
if command -v timeout >/dev/null 2>&1; then
    limit="timeout 30"
fi

pass=0
fail=0

# on_tty COLS ROWS COMMAND: run COMMAND (a shell command line) on a
# terminal of that size, stdin from the rest of the pipeline; what the
# terminal showed goes to stdout, carriage returns removed.
on_tty() {
    $limit script -qec "stty cols $1 rows $2 2>/dev/null; $3" /dev/null |
        tr -d '\r'
}

# ---- golden transcripts at 80 and 160 columns ------------------------------

for cq in tests/term/*.cq; do
    name=${cq%.cq}
    args=$(sed -n '1s/^-- args: //p' "$cq")
    for cols in 80 160; do
        expected=$name.$cols.out
        on_tty "$cols" 50 "exec '$concord' $args '$cq'" </dev/null \
            >"$tmp/out"
        if [ "$update" = 1 ]; then
            cp "$tmp/out" "$expected"
        fi
        if cmp -s "$tmp/out" "$expected"; then
            pass=$((pass + 1))
        else
            fail=$((fail + 1))
            echo "FAIL [$name at $cols columns]"
            diff "$expected" "$tmp/out" | sed -n '1,20s/^/  /p'
        fi
    done
done

# ---- the other checks --------------------------------------------------------

current=
ok() { pass=$((pass + 1)); }
bad() {
    fail=$((fail + 1))
    echo "FAIL [$current] $1"
    sed -n '1,20s/^/  | /p' "$tmp/out"
}
t() { current=$1; }
has() {
    if grep -qF -- "$1" "$tmp/out"; then ok; else bad "lacks: $1"; fi
}
lacks() {
    if grep -qF -- "$1" "$tmp/out"; then bad "has: $1"; else ok; fi
}

# plain: what a person reads on the screen: without the escape sequences
# libedit moves the cursor with.
plain() {
    sed 's/\x1b\[[0-9;]*[A-Za-z]//g; s/\x07//g' "$tmp/out" >"$tmp/plain"
    mv "$tmp/plain" "$tmp/out"
}

# feed TEXT...: each TEXT (printf format) a moment apart, as typed.
feed() {
    for chunk in "$@"; do
        # shellcheck disable=SC2059
        printf "$chunk"
        sleep 0.5 2>/dev/null || sleep 1
    done
}

q='correlate 20000-1:8.5.1 with 27001; show 20000-1:8.5.1; gap 20000-1 against 9001; clauses of zh'
t "a table that fits is the table a pipe gets, byte for byte"
"$concord" --import tests/term/layer-zh -f table -c "$q" >"$tmp/pipe"
on_tty 1000 200 "exec '$concord' --import tests/term/layer-zh -c '$q'" \
    </dev/null >"$tmp/out"
if cmp -s "$tmp/pipe" "$tmp/out"; then ok; else bad "differs from -f table"; fi
t ".mode table full on a narrow terminal: nothing cut"
printf '.mode table full\n%s\n' "$q" >"$tmp/full.cq"
on_tty 80 50 "exec '$concord' --import tests/term/layer-zh '$tmp/full.cq'" \
    </dev/null >"$tmp/out"
if cmp -s "$tmp/pipe" "$tmp/out"; then ok; else bad "differs from -f table"; fi

t "COLUMNS overrides the terminal's width"
on_tty 160 50 "COLUMNS=60 exec '$concord' -c 'clauses of hls'" </dev/null \
    >"$tmp/out"
# (the ellipsis is three bytes and one column)
width=$(sed 's/\xe2\x80\xa6/./g' "$tmp/out" |
    awk '{ if (length($0) > w) w = length($0) } END { print w }')
if [ "$width" -le 60 ]; then ok; else bad "a line is $width wide"; fi

t "piped output is never cut, even with COLUMNS"
COLUMNS=40 "$concord" -f table -c 'correlate 20000-1:8.5.1 with 27001' \
    >"$tmp/out"
has "Both control changes to services, systems and facilities"

t "--color=never and NO_COLOR"
on_tty 80 50 "NO_COLOR= exec '$concord' --color=never -c 'gap 20000-1 against 9001'" \
    </dev/null >"$tmp/out"
if grep -q "$(printf '\033')" "$tmp/out"; then bad "colour"; else ok; fi
on_tty 80 50 "NO_COLOR= exec '$concord' -c 'gap 20000-1 against 9001'" \
    </dev/null >"$tmp/out"
if grep -q "$(printf '\033')\[31mnone" "$tmp/out"; then ok; else
    bad "no red none"; fi
"$concord" --color=always -f table -c 'gap 20000-1 against 9001' >"$tmp/out"
if grep -q "$(printf '\033')\[31mnone" "$tmp/out"; then ok; else
    bad "--color=always into a pipe"; fi
"$concord" --color=sometimes -c standards >"$tmp/out" 2>&1
has "--color takes auto, always or never, not 'sometimes'"

t "the pager: a tall result goes through \$PAGER"
on_tty 80 10 "PAGER='sed s/^/P:/' exec '$concord' -c 'clauses of hls'" \
    </dev/null >"$tmp/out"
has "P:hls:10.2"
has "P:(30 rows)"
t "the pager: a short result does not"
on_tty 80 10 "PAGER='sed s/^/P:/' exec '$concord' -c 'clauses of hls | count'" \
    </dev/null >"$tmp/out"
lacks "P:"
t "the pager: --no-pager and .pager off"
on_tty 80 10 "PAGER='sed s/^/P:/' exec '$concord' --no-pager -c 'clauses of hls'" \
    </dev/null >"$tmp/out"
lacks "P:"
has "hls:10.2"
printf '.pager off\nclauses of hls;\n' >"$tmp/off.cq"
on_tty 80 10 "PAGER='sed s/^/P:/' exec '$concord' '$tmp/off.cq'" \
    </dev/null >"$tmp/out"
lacks "P:"
t "the pager: one that cannot run is said, and the result still shows"
on_tty 80 10 "PAGER=/nonexistent/pager exec '$concord' -c 'clauses of hls'" \
    </dev/null >"$tmp/out" 2>&1
has "cannot run the pager '/nonexistent/pager'"
has "hls:10.2"

t "the pager: q and Ctrl-C in less return to the prompt"
if command -v less >/dev/null 2>&1; then
    feed 'clauses of 20000-1;\n' 'q' 'clauses of 9001;\n' '\003' 'q' \
        'standards | count;\n' '.quit\n' |
        on_tty 80 20 "PAGER='less -FRSX' exec '$concord'" >"$tmp/out"
    has "20000-1:4.1"
    has "9001:4.1"
    has "$(printf '%5s' "$n_standards")"
    has "concord> .quit"
else
    bad "no less here (make deps installs it): the pager is not checked"
fi

# ---- the REPL: Tab, '|' lines, history ------------------------------------

t "Tab: keywords in place, standards, clause keys with titles"
feed 'clauses of hls wh\t' 'dep\t' '= 1 | cou\t' '\n' \
    'show 20000-1:8.5.\t' '1.1\t\n' 'correlate 20000-1:8.5.1 with 27001@\t' \
    '\n' '.mo\t' 'rec\t\n' 'standards | limit 1;\n' '.quit\n' |
    on_tty 160 50 "exec '$concord'" >"$tmp/out"
plain
has "clauses of hls where depth = 1 | count"
has "    7"
has "20000-1:8.5.1.1  Change management policy"
has "20000-1:8.5.2    Service design and transition"
has "show 20000-1:8.5.1.1"
has "20000-1:8.5.1.1  Change management policy"
has "correlate 20000-1:8.5.1 with 27001@2022 "
has ".mode records "
has "-[ row 1 ]"

t "Tab: file names after .read and import"
mkdir "$tmp/files"
printf 'standards | count;\n' >"$tmp/files/script-one.cq"
feed ".read $tmp/files/scr\t" '\n' "import \"$tmp/files/scr\t" '\003' \
    '.quit\n' |
    on_tty 160 50 "exec '$concord'" >"$tmp/out"
plain
has ".read $tmp/files/script-one.cq"
has "$(printf '%5s' "$n_standards")"
has "import \"$tmp/files/script-one.cq"

t "a line starting with | goes on from the statement before"
feed 'clauses of hls\n' '| count\n' '| where count > 1\n' '.quit\n' |
    on_tty 80 50 "exec '$concord'" >"$tmp/out"
has "   30"
has "(1 row)"
feed '| count\n' '.quit\n' | on_tty 80 50 "exec '$concord'" >"$tmp/out"
has "a line starting with '|' goes on from the statement before it, and none has run yet"

t "a statement typed over lines is one history entry"
rm -f "$HOME/.concord_history"
feed 'correlate 20000-1:8.5.1\n' 'with 27001\n' '| count;\n' '.quit\n' |
    on_tty 80 50 "exec '$concord'" >"$tmp/out"
if grep -qx 'correlate\\04020000-1:8.5.1\\012with\\04027001' \
    "$HOME/.concord_history"; then ok; else
    current="history"
    cp "$HOME/.concord_history" "$tmp/out"
    bad "the two lines are not one entry"
fi

t "errors in colour: the place, the caret, the suggestion"
on_tty 80 50 "NO_COLOR= exec '$concord' -c 'clauses of hls wehre x'" \
    </dev/null >"$tmp/out"
e=$(printf '\033')
has "${e}[1mquery:1:16${e}[0m: syntax error"
has "${e}[36mdid you mean 'where'?${e}[0m"
has "${e}[32m^${e}[0m"

"$concord" --color=always -c '.mdoe' >"$tmp/out" 2>&1
has "unknown command '.mdoe'; ${e}[36mdid you mean '.mode'?${e}[0m"
"$concord" --color=always -c '.mode jsno' >"$tmp/out" 2>&1
has "unknown format 'jsno'; ${e}[36mdid you mean 'json'?${e}[0m"
"$concord" --color=never -c '.mdoe' >"$tmp/out" 2>&1
has "unknown command '.mdoe'; did you mean '.mode'?"

echo "term: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
