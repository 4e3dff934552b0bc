#!/bin/sh
# tests/corpus/run.sh -- the shipped corpus judged by content, checked from
# its files and through the program:
#
#   - every clause ISO 22301 and ISO 55001 add (origin `added`, and 55001's
#     6.2 family, where it adds asset management plans), every Annex A
#     control of 27001:2022 and each 27001:2022 clause whose text changed
#     has at least one content row (an edge whose annex is not HLS, S, T or
#     TC) or an explicit `none`;
#   - every content row of the project's own annexes has a source, a note
#     and confidence low;
#   - no `source` names a file-sharing upload, a search-index id or a
#     local path;
#   - every annex label edges.tsv uses is in the annex table of
#     docs/corpus.md;
#   - `check` finds no contradiction, duplicate or edge without a source.
#
# The coverage rule is read from the TSV files with awk, not through the
# evaluator, so a bug in either shows as a disagreement; a doctored copy of
# the corpus proves the rule can fail.
#
#   tests/corpus/run.sh CONCORD
#
# Exit status: 0 when every check passed, 1 otherwise.

if [ $# -ne 1 ]; then
    echo "usage: tests/corpus/run.sh CONCORD" >&2
    exit 2
fi
concord=$1
case $concord in /*) ;; *) concord=$(pwd)/$concord ;; esac
cd "$(dirname "$0")/../.." || exit 2
name=corpus
. tests/lib/check.sh

# missing DIR: print, one a line, each clause key of DIR/clauses.tsv that
# must have a content row or a `none` and has neither.
missing() {
    awk -F'\t' '
        FNR == 1 { file++ }
        /^#/ || NF == 0 { next }
        file == 1 && $1 != "standard" {
            key = $1 ":" $2
            need = 0
            if (($1 == "22301" || $1 == "55001") && $5 == "added") need = 1
            if ($1 == "55001" && ($2 == "6.2" || $2 ~ /^6\.2\./)) need = 1
            if ($1 == "27001@2022" && $2 ~ /^A\.[0-9]+\.[0-9]+$/) need = 1
            if ($1 == "27001@2022" && $2 ~ /^(4\.2|4\.4|6\.2|6\.3|7\.4|8\.1|9\.3\.2|9\.3\.3)$/) need = 1
            if (need) { want[key] = 1; order[++n] = key }
        }
        file == 2 && $1 != "from" {
            if ($3 == "HLS" || $3 == "S" || $3 == "T" || $3 == "TC") next
            have[$1] = 1
            have[$2] = 1
        }
        END {
            for (i = 1; i <= n; i++)
                if (!(order[i] in have)) print order[i]
        }' "$1/clauses.tsv" "$1/edges.tsv"
}

# ---- coverage -------------------------------------------------------------

t "every clause added by 22301 or 55001 and every 2022 control has a content row"
missing corpus >"$tmp/missing"
if [ -s "$tmp/missing" ]; then
    bad "no content row or none for: $(tr '\n' ' ' <"$tmp/missing")"
else
    ok
fi

t "the coverage rule counts what it should"
# 22301 adds 21 clauses, 55001 4 (plus its 6.2 family of 3); 27001:2022 has
# 93 controls and 8 changed clauses: 129 clauses in all.
awk -F'\t' '
    ($1 == "22301" || $1 == "55001") && $5 == "added" { n++ }
    $1 == "55001" && ($2 == "6.2" || $2 ~ /^6\.2\./) { n++ }
    $1 == "27001@2022" && $2 ~ /^A\.[0-9]+\.[0-9]+$/ { n++ }
    $1 == "27001@2022" && $2 ~ /^(4\.2|4\.4|6\.2|6\.3|7\.4|8\.1|9\.3\.2|9\.3\.3)$/ { n++ }
    END { print n }' corpus/clauses.tsv >"$tmp/count"
if [ "$(cat "$tmp/count")" = 129 ]; then ok; else bad "$(cat "$tmp/count") clauses, not 129"; fi

t "the coverage rule fails on a corpus without them"
mkdir "$tmp/doctored"
cp corpus/*.tsv "$tmp/doctored/"
# drop every content row of 27001:2022 A.8.9 and of 55001 8.3; keep the rest
awk -F'\t' '!(($1 == "27001@2022:A.8.9" || $2 == "27001@2022:A.8.9" ||
               $1 == "55001:8.3" || $2 == "55001:8.3") &&
              $3 != "HLS" && $3 != "S" && $3 != "T" && $3 != "TC")' \
    corpus/edges.tsv >"$tmp/doctored/edges.tsv"
missing "$tmp/doctored" >"$tmp/missing"
printf '27001@2022:A.8.9\n55001:8.3\n' | sort >"$tmp/want"
sort "$tmp/missing" >"$tmp/got"
if cmp -s "$tmp/want" "$tmp/got"; then
    ok
else
    bad "doctored corpus: expected A.8.9 and 55001:8.3 missing, got: $(tr '\n' ' ' <"$tmp/got")"
fi

# ---- rows of the project's own content annexes -------------------------------

t "every row of annexes BC, AM, C22 and Q27 has a source, a note and confidence low"
awk -F'\t' '
    /^#/ || NF == 0 { next }
    $3 == "BC" || $3 == "AM" || $3 == "C22" || $3 == "Q27" {
        n++
        if ($6 != "low" || $7 == "" || $8 == "")
            print FNR ": " $1 " -> " $2
    }
    END { if (n == 0) print "no rows at all" }' corpus/edges.tsv >"$tmp/bad"
if [ -s "$tmp/bad" ]; then bad "rows: $(tr '\n' ';' <"$tmp/bad")"; else ok; fi

t "no source names an upload, an index id or a local path"
grep -n -i -E 'scribd|studylib|issuu|pdfcoffee|businessdocbox|docslib|xmind|code[- ]search index|code index|/wo''rk/|\.\./sha''red' \
    corpus/*.tsv >"$tmp/bad"
if [ -s "$tmp/bad" ]; then bad "found: $(head -3 "$tmp/bad")"; else ok; fi

t "every annex label is in the annex table of docs/corpus.md"
for label in $(awk -F'\t' '!/^#/ && NF == 8 && $3 != "annex" { print $3 }' corpus/edges.tsv | sort -u); do
    if grep -q "^| \`$label\` |" docs/corpus.md; then
        ok
    else
        bad "annex $label is not in docs/corpus.md"
    fi
done

# ---- through the program --------------------------------------------------

t "check finds no contradiction, duplicate or edge without a source"
run "$concord" -c 'check | where check != unreached and check != confidence'
expect 0
if [ "$(wc -l <"$tmp/out")" -eq 1 ]; then ok; else bad "check says: $(sed -n 2,4p "$tmp/out")"; fi

t "the program sees the same content rows for 27001:2022 A.8.9"
run "$concord" -c 'correlate 27001@2022:A.8.9 with 20000-1 where annex = C22 | select to'
expect 0
has "$tmp/out" "20000-1:8.2.6"

finish
