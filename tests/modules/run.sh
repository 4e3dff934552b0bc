#!/bin/sh
# tests/modules/run.sh [OBJ] -- the modules of src/ include each other in
# layers, never in a loop, and src/cli/ includes only concord.h of the
# library (tests/modules/cycles.py); with OBJ (the build's objects), they
# call each other in layers too (tests/modules/calls.py).  Then that each
# check fails, naming the loop, on a small tree that has one.
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

# The calls (nm on the objects the build made, OBJ: the first argument),
# with the includes, have no loop either; then that check fails, naming
# the loop, on two small objects that call each other.
obj=${1:-}
if [ -n "$obj" ]; then
    python3 "$here/calls.py" "$obj" src || exit 1
    python3 "$here/calls.py" "$obj/cli" || exit 1
    mkdir -p "$tmp/obj"
    printf 'int b(void);\nint a(void) { return b(); }\n' >"$tmp/a.c"
    printf 'int a(void);\nint b(void) { return a() + 1; }\n' >"$tmp/b.c"
    printf 'int c(void) { return 1; }\n' >"$tmp/c.c"
    for f in a b c; do
        ${CC:-cc} -c -o "$tmp/obj/$f.o" "$tmp/$f.c" || exit 2
    done
    if python3 "$here/calls.py" "$tmp/obj" >"$tmp/out" 2>&1; then
        echo "calls: a loop a -> b -> a was not found" >&2
        fail=1
    elif ! grep -q 'call cycle in .*: a -> b -> a$' "$tmp/out" ||
        ! grep -q '^  b -> a: a$' "$tmp/out"; then
        echo "calls: the loop a -> b -> a was not named:" >&2
        cat "$tmp/out" >&2
        fail=1
    fi
    printf 'int c(void);\nint b(void) { return c() + 1; }\n' >"$tmp/b.c"
    ${CC:-cc} -c -o "$tmp/obj/b.o" "$tmp/b.c" || exit 2
    if ! python3 "$here/calls.py" "$tmp/obj" >"$tmp/out" 2>&1; then
        echo "calls: objects without a loop were refused:" >&2
        cat "$tmp/out" >&2
        fail=1
    fi
    [ $fail = 0 ] && echo "calls: the check finds a loop of calls"

    # No object asks libgcc's processor model (__builtin_cpu_supports):
    # that links a constructor running cpuid at every start, some 50 us
    # of a one-shot run in a virtual machine (src/cpu.h).  Then that the
    # check sees such an object.
    startup='__cpu_model|__cpu_indicator_init|__cpu_features2'
    asks_model() {
        nm -u "$@" 2>/dev/null | grep -E -w "$startup"
    }
    if asks_model "$obj"/*.o "$obj"/cli/*.o >"$tmp/out"; then
        echo "startup: an object asks libgcc's processor model; use" \
            "cq_cpu_has_avx2 (src/cpu.h):" >&2
        cat "$tmp/out" >&2
        fail=1
    fi
    printf 'int d(void) { return __builtin_cpu_supports("avx2"); }\n' \
        >"$tmp/d.c"
    ${CC:-cc} -c -o "$tmp/d.o" "$tmp/d.c" || exit 2
    if ! asks_model "$tmp/d.o" >/dev/null; then
        echo "startup: an object asking the processor model was not seen" >&2
        fail=1
    fi
    [ $fail = 0 ] && echo "startup: no object runs cpuid at start"
fi
exit $fail
