#!/bin/sh
# tests/cli/pipe.sh -- the concord program writing into a pipe whose reader
# has gone (`concord ... | head -1`): it must end quietly -- killed by
# SIGPIPE, or, where SIGPIPE is ignored, with one line on stderr and exit
# status 1 -- never with a message per statement or per row.
#
#   tests/cli/pipe.sh CONCORD
#
# Exit status: 0 when every check passed, 1 otherwise.

set -u
LC_ALL=C
export LC_ALL

if [ $# -ne 1 ]; then
    echo "usage: tests/cli/pipe.sh CONCORD" >&2
    exit 2
fi
concord=$1
case $concord in /*) ;; *) concord=$(pwd)/$concord ;; esac
if [ ! -x "$concord" ]; then
    echo "pipe: $concord is not an executable program" >&2
    exit 2
fi
root=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
cd "$root" || exit 2

tmp=$(mktemp -d "${TMPDIR:-/tmp}/concord-pipe.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

pass=0
fail=0

# Far more than a pipe holds (64 KiB on Linux), in several statements, so
# that the program is still writing when the reader leaves.
big=
for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
    big="$big clauses; correlate 20000-1:* with 9001, 27001;"
done
printf '%s\n' "$big" >"$tmp/big.cq"

# check NAME IGNORE INPUT ARGS...: run concord ARGS with stdin from INPUT
# into `head -1`, with SIGPIPE ignored when IGNORE is 1, and judge its exit
# status and stderr.
check() {
    name=$1
    ignore=$2
    input=$3
    shift 3
    {
        if [ "$ignore" = 1 ]; then trap '' PIPE; fi
        "$concord" "$@" <"$input" 2>"$tmp/err"
        echo $? >"$tmp/status"
    } | head -1 >"$tmp/out"
    status=$(cat "$tmp/status")
    lines=$(wc -l <"$tmp/err" | tr -d ' ')
    ok=1
    if [ ! -s "$tmp/out" ]; then
        echo "FAIL [$name] the reader got no line"
        ok=0
    fi
    case $status in
    141 | 269) # killed by SIGPIPE (bash; ksh-style 256+13)
        if [ "$lines" != 0 ]; then
            echo "FAIL [$name] killed by SIGPIPE, yet wrote to stderr"
            ok=0
        fi ;;
    1)
        if [ "$lines" != 1 ] || ! grep -q 'cannot write output' "$tmp/err"; then
            echo "FAIL [$name] status 1 with $lines lines on stderr"
            ok=0
        fi ;;
    *)
        echo "FAIL [$name] exit status $status"
        ok=0 ;;
    esac
    if [ "$ignore" = 1 ] && [ "$status" != 1 ]; then
        echo "FAIL [$name] SIGPIPE ignored, but exit status $status"
        ok=0
    fi
    if [ "$ok" = 1 ]; then
        pass=$((pass + 1))
    else
        sed -n '1,5s/^/  | /p' "$tmp/err"
        fail=$((fail + 1))
    fi
}

for ignore in 0 1; do
    for format in tsv table csv json markdown; do
        check "-c, $format, SIGPIPE ignored: $ignore" $ignore /dev/null \
            -f $format -c "$big"
    done
    check "a script file, SIGPIPE ignored: $ignore" $ignore /dev/null \
        "$tmp/big.cq"
    check "two script files, SIGPIPE ignored: $ignore" $ignore /dev/null \
        "$tmp/big.cq" "$tmp/big.cq"
    check "stdin, SIGPIPE ignored: $ignore" $ignore "$tmp/big.cq"
done

if [ "$fail" != 0 ]; then
    echo "pipe: FAILED: $fail of $((pass + fail)) checks failed"
    exit 1
fi
echo "pipe: all $pass checks passed"
exit 0
