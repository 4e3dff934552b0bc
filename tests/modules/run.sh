#!/bin/sh
# tests/modules/run.sh -- the modules of src/ include each other in layers,
# never in a loop, and src/cli/ includes only concord.h of the library
# (tests/modules/cycles.py); then that the check fails, naming the loop,
# on a small tree that has one.
set -u
here=$(dirname "$0")
python3 "$here/cycles.py" src || exit 1

tmp=$(mktemp -d "${TMPDIR:-/tmp}/concord-modules.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
fail=0
mkdir -p "$tmp/src/cli"
printf '#include "b.h"\n' >"$tmp/src/a.h"
printf '#include "c.h"\n' >"$tmp/src/b.c"
printf '' >"$tmp/src/b.h"
printf '#include "a.h"\n#include "parser.h"\n' >"$tmp/src/c.c"
printf '' >"$tmp/src/c.h"
printf '#include "concord.h"\n#include "cli.h"\n' >"$tmp/src/cli/main.c"
printf '' >"$tmp/src/cli/cli.h"
if python3 "$here/cycles.py" "$tmp/src" >"$tmp/out" 2>&1; then
    echo "modules: a loop a -> b -> c -> a was not found" >&2
    fail=1
elif ! grep -q 'cycle in .*: a -> b -> c -> a$' "$tmp/out"; then
    echo "modules: the loop a -> b -> c -> a was not named:" >&2
    cat "$tmp/out" >&2
    fail=1
fi
printf '' >"$tmp/src/c.c"
printf '#include "b.h"\n' >"$tmp/src/cli/main.c"
if python3 "$here/cycles.py" "$tmp/src" >"$tmp/out" 2>&1; then
    echo "modules: src/cli including b.h was not found" >&2
    fail=1
elif ! grep -q 'main.c includes "b.h"' "$tmp/out"; then
    echo "modules: src/cli including b.h was not named:" >&2
    cat "$tmp/out" >&2
    fail=1
fi
printf '#include "concord.h"\n' >"$tmp/src/cli/main.c"
if ! python3 "$here/cycles.py" "$tmp/src" >"$tmp/out" 2>&1; then
    echo "modules: a tree without a loop was refused:" >&2
    cat "$tmp/out" >&2
    fail=1
fi
[ $fail = 0 ] && echo "modules: the check finds a loop and a private include"
exit $fail
