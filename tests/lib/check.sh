# tests/lib/check.sh -- what the library's shell tests share (sourced, not
# run): a temporary folder, test cases, checks and the closing count.
#
#   name=examples
#   . "$(dirname "$0")/../lib/check.sh"
#   t "a case"; run prog args; expect 0; has "$tmp/out" "text"
#   finish
#
# Messages start with $name.  finish prints "NAME: N passed, N failed" and
# returns nonzero when a check failed.

set -u
LC_ALL=C
export LC_ALL

tmp=$(mktemp -d "${TMPDIR:-/tmp}/concord-$name.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

pass=0
fail=0
current=

# t NAME: start a test case.
t() {
    current=$1
}

ok() {
    pass=$((pass + 1))
}

# bad MESSAGE...: count a failure and say what failed, with the last run's
# standard error.
bad() {
    fail=$((fail + 1))
    echo "$name: $current: $*" >&2
    if [ -s "$tmp/err" ]; then sed 's/^/    stderr: /' "$tmp/err" >&2; fi
}

# run CMD...: run CMD with stdin from /dev/null; sets $status and leaves
# stdout and stderr in $tmp/out and $tmp/err.
run() {
    "$@" </dev/null >"$tmp/out" 2>"$tmp/err"
    status=$?
}

# check DESCRIPTION CMD...: CMD succeeds; DESCRIPTION says what is wrong
# when it does not.
check() {
    what=$1
    shift
    run "$@"
    if [ "$status" -eq 0 ]; then
        ok
    else
        bad "$what"
        sed 's/^/    stdout: /' "$tmp/out" >&2
    fi
}

# expect STATUS: the last run exited with STATUS.
expect() {
    if [ "$status" -eq "$1" ]; then ok; else bad "exit $status, not $1"; fi
}

# has FILE TEXT: FILE holds the fixed string TEXT.
has() {
    if grep -qF -- "$2" "$1"; then ok; else bad "no '$2' in $(basename "$1")"; fi
}

# empty FILE: FILE is empty.
empty() {
    if [ ! -s "$1" ]; then ok; else bad "$(basename "$1") is not empty"; fi
}

finish() {
    echo "$name: $pass passed, $fail failed"
    [ "$fail" -eq 0 ]
}
