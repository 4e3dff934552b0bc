#!/bin/sh
# tests/lib/symbols.sh -- the shared library's face to the world: it is
# named by its SONAME and exports the public concord_* functions of
# concord.h and nothing else (no cq_* internals, no flex or Bison symbols),
# it imports nothing that prints or exits and has no writable static data;
# docs/concord.3 names every public call.
#
#   tests/lib/symbols.sh LIBCONCORD.SO SONAME
#
# Exit status: 0 when every check passed, 1 otherwise, 2 on bad usage.

if [ $# -ne 2 ]; then
    echo "usage: tests/lib/symbols.sh LIBCONCORD.SO SONAME" >&2
    exit 2
fi
so=$1
soname=$2
root=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
name=symbols
. "$root/tests/lib/check.sh"
t "$(basename "$so")"

[ -f "$so" ] || { echo "symbols: no $so" >&2; exit 2; }

# The defined dynamic symbols, without the version suffix.
exported=$(nm -D --defined-only "$so" | awk '{ sub(/@.*/, "", $3); print $3 }' |
    sort -u)
if [ -n "$exported" ]; then ok; else bad "exports nothing"; fi
others=$(printf '%s\n' "$exported" | grep -v '^concord_' || true)
if [ -z "$others" ]; then ok; else bad "exported besides concord_*:" $others
fi

# Every function concord.h declares is exported, and nothing it does not.
declared=$(sed -n 's/^CONCORD_API[^(]*[ *]\(concord_[a-z0-9_]*\)(.*/\1/p' \
    "$root/src/concord.h" | sort -u)
if [ -n "$declared" ]; then ok; else bad "no CONCORD_API declarations"; fi
missing=$(printf '%s\n' "$declared" | grep -vxF "$exported" || true)
if [ -z "$missing" ]; then ok; else bad "declared, not exported:" $missing; fi
extra=$(printf '%s\n' "$exported" | grep -vxF "$declared" || true)
if [ -z "$extra" ]; then ok; else bad "exported, not declared:" $extra; fi

# concord(3) documents every call: its SYNOPSIS names each one.
man3=$root/docs/concord.3
undocumented=$(printf '%s\n' "$declared" | while read -r f; do
    grep -qE "^\\.BI? .*[ *\"]$f\\(" "$man3" || echo "$f"
done)
if [ -z "$undocumented" ]; then ok; else bad "not in concord.3:" $undocumented; fi

# The library never prints and never exits: it imports no function that
# writes to a stream or a descriptor, or ends the process.
imported=$(nm -D --undefined-only "$so" | awk '{ sub(/@.*/, "", $2); print $2 }')
print='v?f?printf|v?dprintf|f?puts|f?putc|putchar|fwrite|writev?|perror'
print="$print|psignal|errx?|warnx?|syslog|(v?f?printf|v?dprintf)_chk"
quit='exit|_exit|_Exit|quick_exit|abort|assert_fail'
loud=$(printf '%s\n' "$imported" |
    grep -xE "_*($print|$quit)(_unlocked)?" || true)
if [ -z "$loud" ]; then ok; else bad "imports what prints or exits:" $loud; fi

# No writable static data: handles in parallel threads share nothing but
# the compiled corpus, which nothing writes (concord(3), Threads).  The
# compiler's runtime objects are let be: crt's, and the CPU description
# that __builtin_cpu_supports reads (filled once as the library loads).  A
# sanitizer adds objects of its own, so a sanitized library is not checked.
if ! nm -D --undefined-only "$so" | grep -q '__[atmu]san_\|__ubsan_'; then
    runtime='completed\.[0-9]+|__dso_handle|__TMC_END__'
    runtime="$runtime|__cpu_model|__cpu_features2"
    writable=$(objdump -t "$so" |
        awk '$4 ~ /^\.(data|bss|tdata|tbss)$/ { print $NF }' |
        grep -vxE "$runtime" || true)
    if [ -z "$writable" ]; then ok
    else bad "writable static data, shared by every handle:" $writable; fi
fi

# Programs find the library by its SONAME.
got=$(readelf -d "$so" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
if [ "$got" = "$soname" ]; then ok; else bad "SONAME '$got', not '$soname'"; fi

echo "symbols: exported: $(printf '%s\n' "$exported" | wc -l) concord_* functions"
finish
