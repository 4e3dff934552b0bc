#!/bin/sh
# tests/layers/run.sh -- corpus layers from the outside: --corpus repeated,
# --import of folders and mapping files, the import statement, compiled
# images of layers, what answers say about layers, and every error of a
# layer that does not load.
#
#   tests/layers/run.sh CONCORD
#
# Exit status: 0 when every check passed, 1 otherwise.

if [ $# -ne 1 ]; then
    echo "usage: tests/layers/run.sh CONCORD" >&2
    exit 2
fi
concord=$1
case $concord in /*) ;; *) concord=$(pwd)/$concord ;; esac
cd "$(dirname "$0")/../.." || exit 2
name=layers
. tests/lib/check.sh

# same FILE1 FILE2 WHAT: the two files are equal.
same() {
    if cmp -s "$1" "$2"; then
        ok
    else
        bad "$3 differ"
        diff -u "$1" "$2" | sed -n '1,20s/^/    /p' >&2
    fi
}

q='correlate 20000-1:8.* with 27001'
# every column of a correlate row but the layer, which says where it is from
cols='select from, from_title, to, to_title, annex, relation, strength, confidence, high, source, note'

# ---- exports re-imported give the same edges ----------------------------

"$concord" -c "$q | $cols" >"$tmp/want" 2>&1
"$concord" -c "standards" >"$tmp/want-standards" 2>&1
for f in strm oscal sssom; do
    t "round trip $f"
    "$concord" -f $f -c "$q" >"$tmp/m.$f" 2>"$tmp/err"
    run "$concord" --import "$tmp/m.$f" -c "$q | $cols"
    expect 0
    same "$tmp/want" "$tmp/out" "rows after importing the $f export"
    # every row is now the imported layer's, and no edge was added
    run "$concord" --import "$tmp/m.$f" -c "$q | select layer | group by layer"
    has "$tmp/out" "$tmp/m.$f	"
    run "$concord" --import "$tmp/m.$f" -c "standards"
    same "$tmp/want-standards" "$tmp/out" "edge counts after importing $f"
done

t "the statement form, relative to the current folder"
cp "$tmp/m.strm" "$tmp/m.csv"
(cd "$tmp" && "$concord" -c "import \"m.csv\"; $q | $cols") >"$tmp/out" \
    2>"$tmp/err"
same "$tmp/want" "$tmp/out" "rows after import \"m.csv\""
(cd "$tmp" && "$concord" -c "import \"m.csv\"; $q | select layer | limit 1") \
    >"$tmp/out" 2>"$tmp/err"
has "$tmp/out" "m.csv"

t "a statement prepared before an import keeps its corpus"
run "$concord" -c "let before = correlate 20000-1:8.5.1 with 27001 | select layer; import \"$tmp/m.csv\"; before | group by layer; correlate 20000-1:8.5.1 with 27001 | select layer | group by layer"
expect 0
has "$tmp/out" "corpus	"
has "$tmp/out" "$tmp/m.csv	"

# ---- the example layer ---------------------------------------------------

t "examples/layer through --import and through --corpus repeated"
run "$concord" --import examples/layer examples/layer/questions.cq
expect 0
cp "$tmp/out" "$tmp/example"
has "$tmp/out" "acme:CH.1"
has "$tmp/out" "Acme ISMS review 2025 (replaces the shipped low-confidence row)	examples/layer"
run "$concord" --corpus corpus --corpus examples/layer \
    examples/layer/questions.cq
same "$tmp/example" "$tmp/out" "--import and --corpus repeated"

t "a replaced edge is gone, not doubled"
run "$concord" --import examples/layer -c \
    'correlate 20000-1:8.5.1 with 27001 where to = 27001:A.12.1.2 | count'
has "$tmp/out" "1"

t "a compiled image keeps the layers"
run "$concord" compile corpus examples/layer -o "$tmp/acme.img"
expect 0
run "$concord" --image "$tmp/acme.img" examples/layer/questions.cq
same "$tmp/example" "$tmp/out" "answers from the compiled image"
run "$concord" --image "$tmp/acme.img" --import "$tmp/m.csv" -c \
    "correlate 20000-1:8.5.1 with 27001 | select layer | group by layer"
expect 0
has "$tmp/out" "$tmp/m.csv"

t "a mapping file brings its own control set"
cat >"$tmp/own.csv" <<'CSV'
Focal Document Element,Focal Document Element Description,Rationale,Relationship,Reference Document Element,Reference Document Element Description,Comments,Strength of Relationship,Focal Document,Reference Document
CH.1,Changes are approved,semantic,subset of,8.5.1,Change management,annex: OWN; confidence: medium; source: our review,7,own,20000-1
CH.2,Emergency changes,semantic,intersects with,8.5.1,Change management,annex: OWN; confidence: low; source: our review,4,own,20000-1
CSV
run "$concord" --import "$tmp/own.csv" -c \
    'standards | where standard = own or other = own | select standard, other, role, clauses, edges, medium, low; clauses of own | select clause, title; correlate 20000-1:8.5.1 with own | select to, relation, confidence'
expect 0
has "$tmp/out" "own		controls	2	2	1	1"
has "$tmp/out" "20000-1	own			2	1	1"
has "$tmp/out" "own:CH.1	Changes are approved"
has "$tmp/out" "own:CH.1	superset	medium"

# ---- errors ----------------------------------------------------------------

t "a layer that is not there"
run "$concord" --import "$tmp/nothing" -c 'standards'
expect 2
has "$tmp/err" "$tmp/nothing: cannot open: No such file or directory"

t "a folder with no corpus file"
mkdir "$tmp/empty"
run "$concord" --import "$tmp/empty" -c 'standards'
expect 2
has "$tmp/err" "$tmp/empty: not a corpus layer: it holds none of standards.tsv"

t "a file that is no mapping"
printf 'hello\n' >"$tmp/hello.txt"
run "$concord" --import "$tmp/hello.txt" -c 'standards'
expect 1
has "$tmp/err" "$tmp/hello.txt:1:1: not a mapping file concord can import"

t "a layer may not change what is below it"
mkdir "$tmp/dup"
printf 'standard\tnumber\ttitle\tparent\torigin\tsource\n27001\tA.5.1.1\tAgain\tA.5.1\tcontrol\t\n27001\tA.19\tNew domain\t\tcontrol\t\n27001\tA.19.1\tNew objective\tA.19\tcontrol\t\n' \
    >"$tmp/dup/clauses.tsv"
run "$concord" --import "$tmp/dup" -c 'standards'
expect 1
has "$tmp/err" "$tmp/dup/clauses.tsv:2:1: duplicate clause 27001:A.5.1.1 (already in a layer below; a layer adds clauses, it cannot change them)"
run "$concord" --corpus corpus --corpus "$tmp/dup" -c 'standards'
expect 1
has "$tmp/err" "duplicate clause 27001:A.5.1.1 (already in a layer below, at corpus/clauses.tsv:"

t "a layer adds clauses under the clauses below it"
sed -i '2d' "$tmp/dup/clauses.tsv"
run "$concord" --import "$tmp/dup" -c 'clauses of 27001:A.19.*'
expect 0
has "$tmp/out" "27001:A.19.1	New objective	control	27001:A.19	2"

t "a mapping names a clause the corpus does not have"
cat >"$tmp/typo.csv" <<'CSV'
Focal Document Element,Relationship,Reference Document Element,Focal Document,Reference Document
8.5.1,intersects with,A.12.1.2,20000-1,27001
8.5.1,intersects with,A.12.9.9,20000-1,27001
CSV
run "$concord" --import "$tmp/typo.csv" -c 'standards'
expect 1
has "$tmp/err" "$tmp/typo.csv:3:1: to: unknown clause 27001:A.12.9.9; did you mean"
run "$concord" -c "import \"$tmp/typo.csv\""
expect 1
has "$tmp/err" "query:1:8: cannot import $tmp/typo.csv: $tmp/typo.csv:3:1: to: unknown clause 27001:A.12.9.9"

t "a none row toward a standard the corpus does not have"
cat >"$tmp/nostd.csv" <<'CSV'
Focal Document Element,Relationship,Reference Document Element,Focal Document,Reference Document
8.2.4,not related to,,20000-1,27002
CSV
run "$concord" --import "$tmp/nostd.csv" -c 'standards'
expect 1
has "$tmp/err" "to: unknown standard 27002; did you mean"

t "at most 255 layers"
printf 'Focal Document Element,Relationship,Reference Document Element,Focal Document,Reference Document\n8.5.1,intersects with,A.12.1.2,20000-1,27001\n' \
    >"$tmp/one.csv"
set --
i=0
while [ $i -lt 254 ]; do set -- "$@" --import "$tmp/one.csv"; i=$((i + 1)); done
# each layer replaces the row of the one before (annex import); the
# shipped row (annex C) stays
run "$concord" "$@" -c 'correlate 20000-1:8.5.1 with 27001 where to = 27001:A.12.1.2 | select annex, layer'
expect 0
has "$tmp/out" "C	corpus"
has "$tmp/out" "import	$tmp/one.csv"
run "$concord" "$@" --import "$tmp/one.csv" -c 'standards'
expect 1
has "$tmp/err" "a corpus can be stacked from at most 255 layers, not 256"

t "--image and --corpus still exclude each other"
run "$concord" --image "$tmp/acme.img" --corpus corpus -c 'standards'
expect 2

finish
