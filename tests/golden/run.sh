#!/bin/sh
# tests/golden/run.sh -- run every tests/golden/*.cq through the real
# program and compare stdout, stderr and the exit status with the expected
# files beside it.  The format is described in tests/golden/README.md.
#
#   tests/golden/run.sh [--update] CONCORD [NAME...]
#
# NAME limits the run to tests/golden/NAME.cq.  --update rewrites the
# expected files from what the program does now: read the diffs first.
# Exit status: 0 when every test passed, 1 otherwise, 2 on bad usage.

set -u
LC_ALL=C
export LC_ALL

update=0
if [ "${1-}" = "--update" ]; then
    update=1
    shift
fi
if [ $# -lt 1 ]; then
    echo "usage: tests/golden/run.sh [--update] CONCORD [NAME...]" >&2
    exit 2
fi
concord=$1
shift

# Work from the repository root so that file names in messages and
# relative paths in '-- args:' lines are the same wherever this is run from.
root=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
case $concord in
/*) ;;
*) concord=$(pwd)/$concord ;;
esac
if [ ! -x "$concord" ]; then
    echo "golden: $concord is not an executable program" >&2
    exit 2
fi
cd "$root" || exit 2

tmp=$(mktemp -d "${TMPDIR:-/tmp}/concord-golden.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

# A hung test must not hang the suite.
run_limited=
if command -v timeout >/dev/null 2>&1; then
    run_limited="timeout 30"
fi

# diff -u with readable labels where diff knows --label (GNU, BSD).
show_diff() {
    if diff --label x --label y -u /dev/null /dev/null >/dev/null 2>&1; then
        diff -u --label "$1" --label "$3" "$1" "$2"
    else
        diff -u "$1" "$2"
    fi
}

if [ $# -gt 0 ]; then
    tests=
    for name in "$@"; do
        tests="$tests tests/golden/${name%.cq}.cq"
    done
else
    tests=$(ls tests/golden/*.cq 2>/dev/null)
fi

pass=0
fail=0
failed=
for cq in $tests; do
    name=${cq%.cq}
    if [ ! -f "$cq" ]; then
        echo "FAIL $cq: no such test"
        fail=$((fail + 1))
        failed="$failed ${name##*/}"
        continue
    fi

    # Optional first line: "-- args: OPTIONS" (shell quoting applies).
    args=
    first=$(sed -n '1p' "$cq")
    case $first in
    "-- args:"*) args=${first#-- args:} ;;
    esac
    # shellcheck disable=SC2086
    eval "set -- $args"
    $run_limited "$concord" "$@" "$cq" </dev/null >"$tmp/out" 2>"$tmp/err"
    status=$?

    if [ "$update" = 1 ]; then
        cp "$tmp/out" "$name.out"
        if [ -s "$tmp/err" ]; then cp "$tmp/err" "$name.err"; else rm -f "$name.err"; fi
        if [ "$status" != 0 ]; then echo "$status" >"$name.status"; else rm -f "$name.status"; fi
        echo "updated ${name##*/}"
        pass=$((pass + 1))
        continue
    fi

    ok=1
    if [ ! -f "$name.out" ]; then
        echo "FAIL $cq: $name.out is missing (run with --update to create it)"
        ok=0
    elif ! cmp -s "$name.out" "$tmp/out"; then
        echo "FAIL $cq: stdout differs"
        show_diff "$name.out" "$tmp/out" "actual stdout"
        ok=0
    fi
    if [ -f "$name.err" ]; then
        if ! cmp -s "$name.err" "$tmp/err"; then
            echo "FAIL $cq: stderr differs"
            show_diff "$name.err" "$tmp/err" "actual stderr"
            ok=0
        fi
    elif [ -s "$tmp/err" ]; then
        echo "FAIL $cq: unexpected stderr (no $name.err)"
        sed 's/^/  | /' "$tmp/err"
        ok=0
    fi
    want=0
    if [ -f "$name.status" ]; then
        want=$(tr -d ' \t\r\n' <"$name.status")
    fi
    if [ "$status" != "$want" ]; then
        echo "FAIL $cq: exit status $status, expected $want"
        ok=0
    fi

    if [ "$ok" = 1 ]; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        failed="$failed ${name##*/}"
    fi
done

total=$((pass + fail))
if [ "$update" = 1 ]; then
    echo "golden: updated $pass test(s); review with 'git diff tests/golden'"
    exit 0
fi
if [ "$total" = 0 ]; then
    echo "golden: FAILED: no tests/golden/*.cq found"
    exit 1
fi
if [ "$fail" != 0 ]; then
    echo "golden: FAILED: $fail of $total failed:$failed"
    exit 1
fi
echo "golden: all $total passed"
exit 0
