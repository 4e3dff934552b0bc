# tests/oracle/gap.awk -- an independent oracle for `gap A against B`:
# reads corpus/clauses.tsv and corpus/edges.tsv directly (no concord code)
# and prints, one a line and sorted, the clauses of standard A that no
# correlation reaches in standard B.  What counts, as docs/language.md
# says it:
#   - a correlation is an edge whose relation is not `none`, read from
#     either end;
#   - a clause is reached by a correlation with a clause of B;
#   - when an earlier edition E (same id before '@', an earlier year in
#     standards.tsv) of B's standard or of A's is joined by correlations
#     to both A and B, a route of two correlations also reaches: one to a
#     clause of E, one from that clause to a clause of B.
# Edges of layers may follow the corpus's edges.tsv (a layer's edge that
# replaces one below it is not modelled: the layers given add edges).
#
#   awk -v A=20000-1 -v B=27001@2022 -f gap.awk corpus/standards.tsv \
#       corpus/clauses.tsv corpus/edges.tsv [LAYER/edges.tsv ...]
BEGIN { FS = "\t" }

function std(key) { return substr(key, 1, index(key, ":") - 1) }
function base(id,  at) { at = index(id, "@"); return at ? substr(id, 1, at - 1) : id }

# standards.tsv: id, title, year, ...
FILENAME ~ /standards\.tsv$/ {
    if (FNR == 1 || $0 ~ /^#/ || $0 == "") next
    year[$1] = $3 + 0
    next
}

# clauses.tsv: standard, number, ...
FILENAME ~ /clauses\.tsv$/ {
    if (FNR == 1 || $0 ~ /^#/ || $0 == "") next
    key = $1 ":" $2
    if ($1 == A) { n_a++; a_clause[n_a] = key }
    next
}

# edges.tsv: from, to, annex, relation, ...
{
    if (FNR == 1 || $0 ~ /^#/ || $0 == "") next
    f = $1; t = $2; rel = $4
    sf = std(f); st = (index(t, ":") ? std(t) : t)
    joined[sf, st] = 1; joined[st, sf] = 1      # any edge, none rows too
    if (rel == "none" || index(t, ":") == 0) next
    n_e++; ef[n_e] = f; et[n_e] = t
    linked[sf, st] = 1; linked[st, sf] = 1
}

END {
    # the edition bridge: an earlier edition linked with both
    bridge = ""
    for (k in linked) {
        split(k, p, SUBSEP)
        e = p[1]
        if (e == B || e == A || !((A, e) in linked) || !((e, B) in linked))
            continue
        if ((base(e) == base(B) && year[e] > 0 && year[e] < year[B]) ||
            (base(e) == base(A) && year[e] > 0 && year[e] < year[A]))
            bridge = e
    }
    # neighbours by correlation, both ways
    for (i = 1; i <= n_e; i++) {
        adj[ef[i]] = adj[ef[i]] SUBSEP et[i]
        adj[et[i]] = adj[et[i]] SUBSEP ef[i]
    }
    for (i = 1; i <= n_a; i++) {
        c = a_clause[i]
        covered = 0
        m = split(substr(adj[c], 2), first, SUBSEP)
        for (j = 1; j <= m && !covered; j++) {
            x = first[j]
            if (std(x) == B) covered = 1
            if (bridge == "" || std(x) != bridge) continue
            q = split(substr(adj[x], 2), second, SUBSEP)
            for (l = 1; l <= q; l++)
                if (std(second[l]) == B && second[l] != c) covered = 1
        }
        if (!covered) print c
    }
}
