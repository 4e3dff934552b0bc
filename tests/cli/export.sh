#!/bin/sh
# tests/cli/export.sh -- exports that keep their meaning, and the
# conventions of the shell and of packaging (issue 16), tested from the
# outside.
#
#   tests/cli/export.sh CONCORD
#
# The schema checks of the OSCAL and SSSOM exports are in
# tests/schema/check_exports.py; this file checks what a schema cannot:
# that a composed row keeps its route, that names live in the namespace
# asked for, that gap and coverage export, the small escapes, and the
# program's and the installation's conventions.  Exit status: 0 when
# every check passed, 1 otherwise.

set -u
LC_ALL=C
export LC_ALL

if [ $# -ne 1 ]; then
    echo "usage: tests/cli/export.sh CONCORD" >&2
    exit 2
fi
concord=$1
case $concord in /*) ;; *) concord=$(pwd)/$concord ;; esac
if [ ! -x "$concord" ]; then
    echo "export: $concord is not an executable program" >&2
    exit 2
fi
root=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
cd "$root" || exit 2

tmp=$(mktemp -d "${TMPDIR:-/tmp}/concord-export.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
SOURCE_DATE_EPOCH=1767225600 # 2026-01-01T00:00:00Z
export SOURCE_DATE_EPOCH

pass=0
fail=0
current=

# t NAME: start a test case.
t() {
    current=$1
}

# run CMD...: sets $status, stdout in $tmp/out, stderr in $tmp/err.
run() {
    "$@" </dev/null >"$tmp/out" 2>"$tmp/err"
    status=$?
}

ok() {
    pass=$((pass + 1))
}

bad() {
    fail=$((fail + 1))
    echo "FAIL: $current: $1"
    sed 's/^/    out: /' "$tmp/out" | head -5
    sed 's/^/    err: /' "$tmp/err" | head -5
}

expect_status() {
    if [ "$status" -eq "$1" ]; then ok; else bad "exit $status, wanted $1"; fi
}

# has FILE STRING: FILE holds STRING (fixed, one line).
has() {
    if grep -qF -- "$2" "$1"; then ok; else bad "no '$2' in $(basename "$1")"; fi
}

hasnt() {
    if grep -qF -- "$2" "$1"; then bad "'$2' in $(basename "$1")"; else ok; fi
}

# count_lines FILE PATTERN N: N lines of FILE match PATTERN (grep -E).
count_lines() {
    n=$(grep -cE -- "$2" "$1")
    if [ "$n" -eq "$3" ]; then ok; else bad "$n lines match '$2', wanted $3"; fi
}

# Four routes reach the pair: the answer is one row, the strongest route
# (issue 13); `where best in (yes, no)` lists every route.
VIA='correlate 9001:8.5.6 with 27001 via 20000-1 | where to = 27001:A.12.1.2'
VIA_ALL='correlate 9001:8.5.6 with 27001 via 20000-1 where best in (yes, no) | where to = 27001:A.12.1.2'

# ---- 1. chained rows keep their chain ---------------------------------------

t "strm: one row per pair, the strongest route named in Comments"
run "$concord" -f strm -c "$VIA"
expect_status 0
count_lines "$tmp/out" '^8\.5\.6,' 1
has "$tmp/out" "route: 9001:8.5.6 > 20000-1:8.5.1 > 27001:A.12.1.2; routes: 4"

t "strm: the routes count is read past on import, not taken for a note"
cp "$tmp/out" "$tmp/via.csv"
run "$concord" --import "$tmp/via.csv" -c "correlate 9001:8.5.6 with 27001:A.12.1.2 where annex = \"import\" | select note, confidence"
expect_status 0
has "$tmp/out" "low"
hasnt "$tmp/out" "routes"
head -1 "$tmp/via.csv" >"$tmp/note.csv"
echo '8.5.6,Control of changes,semantic,intersects with,A.12.1.2,Change management,confidence: low; route: 9001:8.5.6 > 20000-1:8.5.1 > 27001:A.12.1.2; routes: 4; note: kept after the count,6,9001,27001' >>"$tmp/note.csv"
run "$concord" --import "$tmp/note.csv" -c "correlate 9001:8.5.6 with 27001:A.12.1.2 where annex = \"import\" | select note"
expect_status 0
has "$tmp/out" "kept after the count"

t "strm: every route asked for, one row per route, the pivot in Comments"
run "$concord" -f strm -c "$VIA_ALL"
expect_status 0
count_lines "$tmp/out" '^8\.5\.6,' 4
for pivot in 8.5.1 8.5.1.1 8.5.1.2 8.5.1.3; do
    has "$tmp/out" "route: 9001:8.5.6 > 20000-1:$pivot > 27001:A.12.1.2"
done
if [ "$(sort "$tmp/out" | uniq -d | wc -l)" -eq 0 ]; then ok; else
    bad "a row is written twice"; fi

t "sssom: a composed row is MappingChaining, its route in concord_route"
run "$concord" -f sssom -c "$VIA"
expect_status 0
count_lines "$tmp/out" 'semapv:MappingChaining' 1
has "$tmp/out" "slot_name: concord_route"
has "$tmp/out" "slot_name: concord_routes"
has "$tmp/out" "concord_route	concord_routes"
has "$tmp/out" "9001:8.5.6 > 20000-1:8.5.1 > 27001:A.12.1.2	4"
run "$concord" -f sssom -c "$VIA_ALL"
count_lines "$tmp/out" 'semapv:MappingChaining' 4
has "$tmp/out" "9001:8.5.6 > 20000-1:8.5.1.3 > 27001:A.12.1.2"
run "$concord" -f sssom -c 'correlate 20000-1:8.5.1 with 27001'
hasnt "$tmp/out" "MappingChaining"
hasnt "$tmp/out" "concord_route"

t "oscal: the route is a prop of each map, the method hybrid"
run "$concord" -f oscal -c "$VIA"
expect_status 0
count_lines "$tmp/out" '"name": "route"' 1
count_lines "$tmp/out" '"name": "routes", "ns": "[^"]*", "value": "4"' 1
has "$tmp/out" '"method": "hybrid"'
run "$concord" -f oscal -c "$VIA_ALL"
count_lines "$tmp/out" '"name": "route"' 4
run "$concord" -f oscal -c 'correlate 20000-1:8.5.1 with 27001'
has "$tmp/out" '"method": "human"'
hasnt "$tmp/out" '"name": "routes"'

t "path: each hop is one curated edge, not a composed row"
run "$concord" -f strm -c 'path 9001:6.3 to 27001:A.14.2.2'
expect_status 0
count_lines "$tmp/out" 'intersects with' 2
hasnt "$tmp/out" "route:"
run "$concord" -f sssom -c 'path 9001:6.3 to 27001:A.14.2.2'
hasnt "$tmp/out" "MappingChaining"

t "identical rows are written once"
run "$concord" -f strm -c "($VIA | select from, to, relation) union all ($VIA | select from, to, relation)"
if [ "$status" -eq 0 ]; then
    count_lines "$tmp/out" '^8\.5\.6,' 1
else
    # no union all in the language: the unit test (test_export) has it
    ok
fi

# ---- 2. OSCAL references that resolve -----------------------------------------

t "oscal: control ids are tokens; resources say what catalogue"
run "$concord" -f oscal -c 'correlate 20000-1:8.5.1 with 27001 where annex = C'
expect_status 0
has "$tmp/out" '"id-ref": "clause-8.5.1"'
has "$tmp/out" '"id-ref": "A.12.1.2"'
has "$tmp/out" '"title": "ISO/IEC 27001:2013 Information technology'
has "$tmp/out" '"description": "The standard 27001 (ISO/IEC 27001:2013'

t "oscal: the importer reads NIST SP 800-53 ids (cm-3, ac-2.1)"
cat >"$tmp/nist.json" <<'EOF'
{"mapping-collection": {"uuid": "0b3c6b1e-6a8b-4c35-9d3a-2f9b8f1a1c01",
 "metadata": {"title": "SP 800-53 to 27001", "last-modified": "2026-01-01T00:00:00Z",
   "version": "1", "oscal-version": "1.2.2"},
 "provenance": {"method": "human", "matching-rationale": "semantic",
   "status": "draft", "mapping-description": "two controls"},
 "mappings": [{"uuid": "0b3c6b1e-6a8b-4c35-9d3a-2f9b8f1a1c02",
   "source-resource": {"type": "catalog",
     "href": "https://example.org/NIST_SP-800-53_rev5_catalog.json"},
   "target-resource": {"type": "catalog", "href": "#0b3c6b1e-6a8b-4c35-9d3a-2f9b8f1a1c03"},
   "maps": [
     {"uuid": "0b3c6b1e-6a8b-4c35-9d3a-2f9b8f1a1c04", "relationship": "intersects-with",
      "sources": [{"type": "control", "id-ref": "cm-3"}],
      "targets": [{"type": "control", "id-ref": "A.12.1.2"}]},
     {"uuid": "0b3c6b1e-6a8b-4c35-9d3a-2f9b8f1a1c05", "relationship": "subset-of",
      "sources": [{"type": "control", "id-ref": "ac-2.1"}],
      "targets": [{"type": "control", "id-ref": "A.9.2.1"}]}]}],
 "back-matter": {"resources": [{"uuid": "0b3c6b1e-6a8b-4c35-9d3a-2f9b8f1a1c03",
   "title": "27001"}]}}}
EOF
run "$concord" --import "$tmp/nist.json" -f tsv \
    -c 'correlate NIST_SP-800-53_rev5_catalog with 27001 | select from, to, relation'
expect_status 0
has "$tmp/out" "NIST_SP-800-53_rev5_catalog:cm.3	27001:A.12.1.2	intersects"
has "$tmp/out" "NIST_SP-800-53_rev5_catalog:ac.2.1	27001:A.9.2.1	subset"

t "oscal: an export reads back with its clause- ids"
run "$concord" -f oscal -c 'correlate 20000-1:8.5.* with 27001'
cp "$tmp/out" "$tmp/back.json"
run "$concord" -f tsv -c 'correlate 20000-1:8.5.* with 27001 | count'
cp "$tmp/out" "$tmp/want"
run "$concord" --import "$tmp/back.json" -f tsv \
    -c "correlate 20000-1:8.5.* with 27001 where layer = \"$tmp/back.json\" | count"
expect_status 0
if cmp -s "$tmp/out" "$tmp/want"; then ok; else bad "not every row came back"; fi

# ---- 3. a namespace the user owns, and a real date -----------------------------

t "the default namespace is concord's URN, not an address of others"
run "$concord" -f sssom -c 'correlate 20000-1:8.5.1 with 27001'
has "$tmp/out" "#  concord: urn:uuid:f2278518-8de2-4a8b-8f59-2ed9d6c313f3#"
hasnt "$tmp/out" "github.com"
run "$concord" -f oscal -c 'correlate 20000-1:8.5.1 with 27001'
hasnt "$tmp/out" "github.com"

t "--namespace URI"
run "$concord" --namespace https://example.org/ns/ -f sssom \
    -c 'correlate 20000-1:8.5.1 with 27001'
expect_status 0
has "$tmp/out" "#  std27001: https://example.org/ns/std/27001/"
run "$concord" --namespace=https://example.org/ns/ -f oscal \
    -c 'correlate 20000-1:8.5.1 with 27001'
has "$tmp/out" '"ns": "https://example.org/ns/"'
cp "$tmp/out" "$tmp/ns.json"
run "$concord" --import "$tmp/ns.json" -f tsv \
    -c "correlate 20000-1:8.5.1 with 27001 where layer = \"$tmp/ns.json\" | count"
expect_status 0
has "$tmp/out" "6"

t "--namespace: not an IRI"
run "$concord" --namespace 'not an iri' -c standards
expect_status 2
has "$tmp/err" "concord: --namespace: namespace 'not an iri' is not an absolute IRI"

t "last-modified and mapping_date: SOURCE_DATE_EPOCH, else the clock"
run "$concord" -f oscal -c 'correlate 20000-1:8.5.1 with 27001'
has "$tmp/out" '"last-modified": "2026-01-01T00:00:00Z"'
run "$concord" -f sssom -c 'correlate 20000-1:8.5.1 with 27001'
has "$tmp/out" "#mapping_date: 2026-01-01"
today=$(date -u +%Y-%m-%d)
run env -u SOURCE_DATE_EPOCH "$concord" -f oscal \
    -c 'correlate 20000-1:8.5.1 with 27001'
has "$tmp/out" "\"last-modified\": \"$today"
hasnt "$tmp/out" "1970-01-01"
run env SOURCE_DATE_EPOCH=yesterday "$concord" -c standards
expect_status 2
has "$tmp/err" "SOURCE_DATE_EPOCH='yesterday' is not a number"

# ---- 4. gap and coverage --------------------------------------------------------

t "gap: oscal no-relationship maps with their status; strm not related to"
run "$concord" -f oscal -c 'gap 20000-1 against 27001'
expect_status 0
has "$tmp/out" '"relationship": "no-relationship"'
has "$tmp/out" '"name": "status"'
run "$concord" -f strm -c 'gap 20000-1 against 27001 | limit 1'
expect_status 0
has "$tmp/out" "7.6,Knowledge,semantic,not related to,,,confidence: low; status: none; note: "
run "$concord" -f strm -c 'gap between 20000-1:8.2.* and 9001 | limit 1'
expect_status 0
has "$tmp/out" "status: unmapped"

t "gap against several standards: which one is asked"
run "$concord" -f oscal -c 'let s = clauses of 27001:4 union clauses of 9001:4; gap 20000-1:4.1 against s'
expect_status 1
has "$tmp/err" "export a gap against one standard at a time"

t "coverage: oscal coverage on each map; strm counts in Comments"
run "$concord" -f oscal -c 'coverage of 27001 by 20000-1'
expect_status 0
has "$tmp/out" '"target-coverage": 0.455'
has "$tmp/out" '"target-coverage": 1.000'
run "$concord" -f strm -c 'coverage of 27001 by 20000-1 | limit 2'
has "$tmp/out" "covered: 90; total: 198; percent: 45.5"

# ---- 5. small ones ---------------------------------------------------------------

t "sssom: mapping_tool_version apart from mapping_tool"
run "$concord" -f sssom -c 'correlate 20000-1:8.5.1 with 27001'
has "$tmp/out" "#mapping_tool: concord"
has "$tmp/out" "#mapping_tool_version: $("$concord" --version | cut -d' ' -f2)"

t "dot: & is written &amp; (Graphviz reads entities)"
mkdir "$tmp/amp"
printf 'from\tto\tannex\trelation\tstrength\tconfidence\tsource\tnote\n' \
    >"$tmp/amp/edges.tsv"
printf 'id\ttitle\tyear\trole\tnotes\nacme\tAcme controls\t2026\tcontrols\t\n' \
    >"$tmp/amp/standards.tsv"
printf 'standard\tnumber\ttitle\tparent\torigin\tsource\nacme\tC.1\tR&amp;D &amp; control\t\tadded\ttest\n' \
    >"$tmp/amp/clauses.tsv"
run "$concord" --import "$tmp/amp" -f dot -c 'clauses of acme'
expect_status 0
has "$tmp/out" 'R&amp;amp;D &amp;amp; control'

t "oscal remarks: list and heading line starts are escaped"
printf 'from\tto\tannex\trelation\tstrength\tconfidence\tsource\tnote\n20000-1:8.5.1\t27001:A.12.1.2\tZ\tintersects\t5\tlow\ttest\t- not a list item\n' \
    >"$tmp/amp/edges.tsv"
run "$concord" --import "$tmp/amp" -f oscal \
    -c 'correlate 20000-1:8.5.1 with 27001 where annex = Z'
expect_status 0
has "$tmp/out" '"remarks": "\\- not a list item"'

# ---- 9. several statements, jq and Python's csv ---------------------------------

t "-f json: several statements make one JSON document"
run "$concord" -f json -c 'standards | limit 1; standards | limit 2; format json; show 9001:8.5.6'
expect_status 0
if python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
assert isinstance(d, list) and [len(x) for x in d][:2] == [1, 2], d
assert len(d) == 3 and d[2][0]["clause"] == "9001:8.5.6", d' "$tmp/out"
then ok; else bad "not one array of three results"; fi
run "$concord" -f json -c 'standards | limit 1'
if python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
assert isinstance(d, list) and isinstance(d[0], dict)' "$tmp/out"
then ok; else bad "one statement: not its array of objects"; fi
printf 'standards | limit 1;\nstandards | limit 1;\n' >"$tmp/two.cq"
run "$concord" -f json "$tmp/two.cq"
if python3 -c 'import json, sys; assert len(json.load(open(sys.argv[1]))) == 2' \
    "$tmp/out"; then ok; else bad "a script's results are not one document"; fi

t "-f json then another format: the document ends first"
run "$concord" -f json -c 'standards | limit 1; standards | limit 1; format tsv; standards | limit 1'
expect_status 0
if python3 -c 'import json, sys
text = open(sys.argv[1]).read()
doc, end = json.JSONDecoder().raw_decode(text)
assert len(doc) == 2 and text[end:].startswith("\n\nstandard\t"), text[end:]' \
    "$tmp/out"; then ok; else bad "JSON and TSV mixed"; fi

t "-f jsonl: one object a row, nothing else"
run "$concord" -f jsonl -c 'standards | limit 2; standards | limit 3'
expect_status 0
if python3 -c 'import json, sys
lines = open(sys.argv[1]).read().split("\n")
assert lines[-1] == "" and len(lines) == 6, lines
for l in lines[:-1]: assert isinstance(json.loads(l), dict)' "$tmp/out"
then ok; else bad "not five objects, one a line"; fi

t "-f csv: CRLF everywhere, the separator too"
run "$concord" -f csv -c 'standards | limit 1; standards | limit 2'
expect_status 0
if python3 -c 'import sys
b = open(sys.argv[1], "rb").read()
assert b.count(b"\n") == b.count(b"\r\n") == 6, b' "$tmp/out"
then ok; else bad "a bare LF among CRLF lines"; fi

# ---- 10. -V; man pages from concord.h -----------------------------------------------

t "-V as well as --version"
run "$concord" -V
expect_status 0
has "$tmp/out" "concord $(sed -n 's/^#define CONCORD_VERSION "\(.*\)"/\1/p' src/concord.h)"

t "man pages: one for every call, made from concord.h"
python3 src/tools/manpages.py src/concord.h "$tmp/man3" 0 >"$tmp/out" 2>"$tmp/err"
status=$?
expect_status 0
calls=$(sed -n 's/^CONCORD_API[^(]*[ *]\(concord_[a-z0-9_]*\)(.*/\1/p' src/concord.h)
for f in $calls; do
    if [ -f "$tmp/man3/$f.3" ]; then ok; else bad "no page for $f"; fi
done
# The synopsis is the header's declaration, word for word.
has "$tmp/man3/concord_set_export_time.3" \
    "int concord_set_export_time(concord_db *db, long long seconds);"
has "$tmp/man3/concord_set_export_time.3" "the program takes SOURCE_DATE_EPOCH"
# A call declared without a comment is an error, not a silent gap.
printf '/* one */\nCONCORD_API int concord_a(void);\n\nCONCORD_API int concord_b(void);\n' \
    >"$tmp/bare.h"
python3 src/tools/manpages.py "$tmp/bare.h" "$tmp/bare" 0 >"$tmp/out" 2>"$tmp/err"
status=$?
expect_status 1
has "$tmp/err" "no comment documents concord_b"

# ---- 11. shell completion from the running binary ----------------------------------

t "bash completion: options, formats, standards and clause keys"
if command -v bash >/dev/null 2>&1; then
    PATH=$(dirname "$concord"):$PATH bash -c '
        . completions/concord.bash
        comp() { COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
                 COMPREPLY=(); _concord; printf "%s\n" "${COMPREPLY[@]}"; }
        comp concord --for
        comp concord -f js
        comp concord --arg clause 2000
        comp concord --arg clause 20000-1 : 8.5.1.' >"$tmp/out" 2>"$tmp/err"
    has "$tmp/out" "--format"
    has "$tmp/out" "json"
    has "$tmp/out" "jsonl"
    has "$tmp/out" "20000-1:"
    has "$tmp/out" "8.5.1.3"
    hasnt "$tmp/out" "9001:"
else
    ok
fi

t "zsh completion, through a pseudo-terminal"
if command -v zsh >/dev/null 2>&1 && zsh -fc 'zmodload zsh/zpty' 2>/dev/null; then
    run zsh -n completions/_concord
    expect_status 0
    timeout 60 zsh -f tests/cli/zsh-complete.zsh "$root/completions" \
        "$(dirname "$concord")" 'concord -f mark' \
        'concord --arg k 20000-1:8.5.1.' 'concord --arg k 2000' \
        >"$tmp/out" 2>"$tmp/err"
    has "$tmp/out" "concord -f markdown"
    has "$tmp/out" "20000-1:8.5.1.3"
    has "$tmp/out" "concord --arg k 20000-1:"
else
    bad "no usable zsh (make deps installs it): the zsh completion is not checked"
fi

# ---- 12. the Python example finds the library ------------------------------------

t "python: the binding finds the checkout's build by itself"
lib=$(dirname "$concord")/libconcord.so.0
if [ ! -f "$lib" ] || ! command -v python3 >/dev/null 2>&1; then
    ok # no shared library beside this program (or no python3): nothing to find
elif nm -D "$lib" 2>/dev/null | grep -q '__[atmu]san_\|__ubsan_'; then
    ok # a sanitized library cannot be loaded into python3
else
    # A copy of the checkout's layout: examples/python and build/NAME.
    mkdir -p "$tmp/co/examples/python" "$tmp/co/build/x"
    cp examples/python/concord.py "$tmp/co/examples/python/"
    cp "$lib" "$tmp/co/build/x/"
    run env -u CONCORD_LIBRARY -u LD_LIBRARY_PATH PYTHONDONTWRITEBYTECODE=1 \
        python3 -c 'import sys; sys.path.insert(0, sys.argv[1]); import concord
print(concord.library._name)' "$tmp/co/examples/python"
    expect_status 0
    has "$tmp/out" "$tmp/co/build/x/libconcord.so.0"
    # Alone, it says in one line how to point at the library.
    mkdir "$tmp/alone"
    cp examples/python/concord.py "$tmp/alone/"
    run env -u CONCORD_LIBRARY -u LD_LIBRARY_PATH PYTHONDONTWRITEBYTECODE=1 \
        python3 -c 'import sys; sys.path.insert(0, sys.argv[1])
try:
    import concord
except OSError as e:
    print(e)' "$tmp/alone"
    if [ -s "$tmp/out" ]; then
        has "$tmp/out" "set CONCORD_LIBRARY=/path/to/libconcord.so.0"
        count_lines "$tmp/out" . 1
    else
        ok # the system has a libconcord installed: it was found there
    fi
fi

# ---- 13. the project stands alone ---------------------------------------------------

t "no file names a folder outside the repository"
outside="/wo""rk/|\.\./sha""red"
found=$(git ls-files 2>/dev/null | xargs grep -lE "$outside" 2>/dev/null || true)
if [ -z "$found" ]; then ok; else bad "outside paths in: $found"; fi

# ---- summary ------------------------------------------------------------------------

echo "export: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
