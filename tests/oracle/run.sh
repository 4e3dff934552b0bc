#!/bin/sh
# tests/oracle/run.sh -- answers of concord checked against an independent
# oracle (tests/oracle/gap.awk) that reads the corpus files by itself:
# the gaps of the shipped corpus, direct and through an edition.
#
#   tests/oracle/run.sh CONCORD
#
# Exit status: 0 when every check passed, 1 otherwise.

if [ $# -ne 1 ]; then
    echo "usage: tests/oracle/run.sh CONCORD" >&2
    exit 2
fi
concord=$1
case $concord in /*) ;; *) concord=$(pwd)/$concord ;; esac
cd "$(dirname "$0")/../.." || exit 2
name=oracle
. tests/lib/check.sh

# gap A B [LAYER]: concord's `gap A against B` (with the layer folder
# imported) equals the oracle's, as sorted keys.
gap() {
    t "gap $1 against $2${3:+ with $3}"
    awk -v A="$1" -v B="$2" -f tests/oracle/gap.awk corpus/standards.tsv \
        corpus/clauses.tsv corpus/edges.tsv ${3:+"$3/edges.tsv"} |
        sort >"$tmp/want"
    "$concord" ${3:+--import "$3"} -c "gap $1 against $2 | select clause" \
        2>"$tmp/err" | tail -n +2 | sort >"$tmp/got"
    if cmp -s "$tmp/want" "$tmp/got"; then
        ok
    else
        bad "concord and the oracle differ (< oracle, > concord)"
        diff "$tmp/want" "$tmp/got" | sed -n '1,20s/^/    /p' >&2
    fi
    # the oracle is not empty by accident: it found the clauses it read
    total=$(awk -F '\t' -v A="$1" '$1 == A' corpus/clauses.tsv | wc -l)
    [ "$total" -gt 0 ] && ok || bad "the oracle read no clause of $1"
}

gap 20000-1 27001@2022 # its own edges (C22) and through the edition 27001
gap 9001 27001@2022    # its own edges (Q27) and through the edition 27001
gap 20000-1 27001      # direct
gap 20000-1 9001       # direct
gap 27001@2022 20000-1 # from the new edition, through the old one
gap 27001@2022 27001   # editions of one standard: direct only
# a 2022 control with an edge of its own, beside the bridge
gap 20000-1 27001@2022 tests/data/edition-layer

t "the bridged gap is said on the diagnostic channel"
"$concord" -c 'gap 20000-1 against 27001@2022 | count' >"$tmp/out" \
    2>"$tmp/err"
grep -q '^note: 20000-1 and 27001@2022: answered by their own edges and through the edition 27001' \
    "$tmp/err" && ok || bad "no note on standard error"

t "own edges and the bridge together are said so"
"$concord" --import tests/data/edition-layer \
    -c 'gap 20000-1 against 27001@2022 | count' >"$tmp/out" 2>"$tmp/err"
grep -q '^note: 20000-1 and 27001@2022: answered by their own edges and through the edition 27001' \
    "$tmp/err" && ok || bad "no note on standard error"
# the layer's edge closes one more gap than the corpus alone leaves
n_alone=$("$concord" -c 'gap 20000-1 against 27001@2022 | count' 2>/dev/null |
    tail -n 1)
n_layer=$(tail -n 1 "$tmp/out")
[ "$n_layer" -eq $((n_alone - 1)) ] && ok ||
    bad "$n_layer gaps with the layer, $n_alone without"

finish
