#!/bin/sh
# tests/lib/examples.sh -- the examples that use libconcord.so run and say
# what they should: examples/embed.c, examples/report.c (built by make into
# BUILD/examples/) and the Python binding's unittest suite.
#
#   tests/lib/examples.sh BUILD
#
# Results are checked loosely (a few facts grepped), because the corpus
# belongs to others.  Exit status: 0 when every check passed, 1 otherwise,
# 2 on bad usage.

if [ $# -ne 1 ]; then
    echo "usage: tests/lib/examples.sh BUILD" >&2
    exit 2
fi
root=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
build=$1
case $build in /*) ;; *) build=$root/$build ;; esac
cd "$root" || exit 2
name=examples
. tests/lib/check.sh

# ---- embed -----------------------------------------------------------------

t "embed: Annex C correlations of 20000-1:8.5.1"
run "$build/examples/embed"
expect 0
empty "$tmp/err"
has "$tmp/out" "from	from_title	to	to_title	annex"
has "$tmp/out" "20000-1:8.5.1	Change management	27001:A.12.1.2	Change management	C"
if grep -v '^from	' "$tmp/out" | cut -f5 | grep -qv '^C$'; then
    bad "a row outside Annex C"
else
    ok
fi

t "embed: another clause"
run "$build/examples/embed" 'correlate $clause with 9001' 20000-1:8.5.2
expect 0
has "$tmp/out" "20000-1:8.5.2	Service design and transition	9001:8.3	"

t "embed: a malformed query is located"
run "$build/examples/embed" 'correlate 20000-1:8.5.1 width 27001'
expect 1
empty "$tmp/out"
has "$tmp/err" "embed: 1:25: syntax error, unexpected 'width', expected 'with'"

t "embed: an unknown clause is located"
run "$build/examples/embed" 'show $clause' 20000-1:8.5.9
expect 1
empty "$tmp/out"
has "$tmp/err" "unknown clause 20000-1:8.5.9"
if grep -q '^embed: 1:[0-9]*: ' "$tmp/err"; then ok; else bad "no line:column"; fi

t "embed: a bound value is a value, never query text"
run "$build/examples/embed" 'correlate $clause with 9001' '20000-1:8.5.1; standards'
expect 1
empty "$tmp/out"
has "$tmp/err" "embed: 1:11: parameter \$clause is '20000-1:8.5.1; standards'"

t "embed: usage"
run "$build/examples/embed" a b c
expect 2

# ---- report ----------------------------------------------------------------

t "report: default clauses"
run "$build/examples/report"
expect 0
empty "$tmp/err"
has "$tmp/out" "# Integration report"
has "$tmp/out" "## 20000-1:8.5.1 Change management"
has "$tmp/out" "## 20000-1:8.5.2 Service design and transition"
has "$tmp/out" "### Into ISO 9001:2015"
has "$tmp/out" "### Into ISO/IEC 27001:2013"
has "$tmp/out" "| from | from_title | to | to_title |"
has "$tmp/out" "| 20000-1:8.5.1 | Change management | 27001:A.12.1.2 | Change management | C |"

t "report: clauses given"
run "$build/examples/report" hls:5.1
expect 0
has "$tmp/out" "## hls:5.1 Leadership and commitment"
if grep -q '^## 20000-1' "$tmp/out"; then bad "default clauses reported"; else ok; fi

t "report: an unknown clause fails"
run "$build/examples/report" 20000-1:8.5.1 20000-1:99
expect 1
has "$tmp/err" "report: 20000-1:99: 1:12: unknown clause 20000-1:99"
if grep -q '^## 20000-1:99' "$tmp/out"; then bad "a section for 20000-1:99"; else ok; fi

# ---- Python ----------------------------------------------------------------

t "python: the ctypes binding's tests"
so=$(ls "$build"/libconcord.so.*.*.* 2>/dev/null | head -1)
if ! command -v python3 >/dev/null 2>&1; then
    echo "examples: python3 not found; the binding was not tested" >&2
    fail=$((fail + 1))
elif nm -D --undefined-only "$so" | grep -q '__[atmu]san_\|__ubsan_'; then
    # A sanitized library cannot be loaded into an uninstrumented python3.
    echo "examples: python: skipped (the library is built with a sanitizer)"
else
    CONCORD_LIBRARY=$so PYTHONDONTWRITEBYTECODE=1 \
        run python3 -m unittest discover -s examples/python -p 'test_*.py'
    expect 0
    has "$tmp/err" "OK"
fi

finish
