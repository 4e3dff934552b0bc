# tests/cli/limits.sh -- every input at its extremes: an answer or a
# located error, in bounded time, never a crash (issue 11).  Sourced by
# tests/cli/run.sh, whose helpers (t, run, status_is, has, ...) it uses;
# docs/limits.md names the check of each limit here.

# gen FILE PYTHON-EXPRESSION: write the text the expression makes to FILE.
gen() {
    python3 -c "import sys; sys.stdout.write($2)" >"$1"
}

# quick SECONDS CMD...: run as `run` does, failing the check when it takes
# longer than SECONDS (a hang, not a slow machine: the bounds are wide).
quick() {
    secs=$1
    shift
    if command -v timeout >/dev/null 2>&1; then
        run timeout "$secs" "$@"
    else
        run "$@"
    fi
    if [ "$status" = 124 ]; then bad "did not end within $secs s"; fi
}

t "limits: 33 and 40 group keys (a fixed array of 32 slots before)"
gen "$tmp/q.cq" "'correlate 20000-1 with 27001 | group by ' + ', '.join(['note'] * 40) + ' | count'"
quick 20 "$concord" --safe "$tmp/q.cq"
status_is 0
has out "count"
gen "$tmp/q.cq" "'clauses of 20000-1 | group by ' + ', '.join(['title'] * 33) + ' | count'"
quick 20 "$concord" --safe "$tmp/q.cq"
status_is 0
gen "$tmp/q.cq" "'gap 20000-1 against 27001 | group by ' + ', '.join(['clause'] * 33) + ' | count'"
quick 20 "$concord" --safe "$tmp/q.cq"
status_is 0
gen "$tmp/q.cq" "'coverage of 20000-1 by 27001 | group by ' + ', '.join(['standard'] * 33) + ' | count'"
quick 20 "$concord" --safe "$tmp/q.cq"
status_is 0
gen "$tmp/q.cq" "'correlate 20000-1 with 27001 | sort by ' + ', '.join(['note'] * 100) + ' | count'"
quick 20 "$concord" --safe "$tmp/q.cq"
status_is 0

t "limits: a chain of 8,300 set operands is refused, located"
gen "$tmp/q.cq" "' union '.join(['show 9001:4'] * 8300)"
quick 20 "$concord" --safe "$tmp/q.cq"
status_is 1
has err "q.cq:1:"
has err "too many operands of union, intersect and except (limit 256)"
gen "$tmp/q.cq" "'(' + ' union '.join(['show 9001:4'] * 150) + ') intersect ' + ' intersect '.join(['show 9001:4'] * 150)"
quick 20 "$concord" --safe "$tmp/q.cq"
status_is 1
has err "too many operands"
t "limits: 256 set operands are answered"
gen "$tmp/q.cq" "' except '.join(['show 9001:4'] * 256) + ' | count'"
quick 20 "$concord" --safe "$tmp/q.cq"
status_is 0
printf 'count\n0\n' >"$tmp/want"
exactly out "$tmp/want"

t "limits: 124,000 pipeline stages stop at the steps limit"
gen "$tmp/q.cq" "'show 9001:4 ' + '| count' * 124000"
quick 20 "$concord" --limit steps=1000 "$tmp/q.cq"
status_is 1
has err "stopped after 1000 steps of work"

t "limits: 10,000 sorts stop at the steps limit"
gen "$tmp/q.cq" "'correlate 20000-1 with 27001 ' + '| sort by note ' * 10000"
quick 20 "$concord" --limit steps=100000 "$tmp/q.cq"
status_is 1
has err "stopped after 100000 steps of work"

t "limits: a long union chain of large tables counts its steps"
gen "$tmp/q.cq" "' union '.join(['correlate 20000-1 with 27001'] * 200)"
quick 20 "$concord" --limit steps=20000 "$tmp/q.cq"
status_is 1
has err "stopped after 20000 steps of work"

# Never a real device as the target: a program with the bug would replace
# it (as root, /dev/null itself).  A device node of our own when we may
# make one, a link to /dev/null (the link is what would be replaced).
t "limits: compile -o refuses a device, a FIFO, a folder and a symlink"
targets="$tmp/fifo $tmp $tmp/link $tmp/devlink"
if mknod "$tmp/dev" c 1 3 2>/dev/null; then targets="$targets $tmp/dev"; fi
for target in $targets; do
    case $target in
    */fifo) mkfifo "$target" ;;
    */link) ln -s "$tmp/elsewhere" "$target" ;;
    */devlink) ln -s /dev/null "$target" ;;
    esac
    quick 60 "$concord" compile corpus -o "$target"
    status_is 1
    has err "cannot write image there"
done
if [ ! -e "$tmp/dev" ] || [ -c "$tmp/dev" ]; then ok; else
    bad "the device node was replaced"; fi
if [ -L "$tmp/link" ] && [ ! -e "$tmp/elsewhere" ]; then ok; else
    bad "the symbolic link was replaced or followed"; fi
if [ -p "$tmp/fifo" ]; then ok; else bad "the FIFO was replaced"; fi
quick 60 "$concord" compile corpus -o "$tmp/new.img"
status_is 0
quick 60 "$concord" compile corpus -o "$tmp/new.img"
status_is 0

t "limits: a FIFO or a device as script, corpus, layer, image or import"
quick 10 "$concord" "$tmp/fifo"
status_is 0
quick 10 "$concord" /dev/zero
status_is 2
has err "File too large"
quick 10 "$concord" --image "$tmp/fifo" -c standards
status_is 2
has err "not a regular file"
quick 10 "$concord" --corpus "$tmp/fifo" -c standards
status_is 2
has err "not a regular file"
quick 10 "$concord" --import "$tmp/fifo" -c standards
status_is 2
has err "not a regular file"
quick 10 "$concord" --import /dev/zero -c standards
status_is 2
has err "not a regular file"
quick 10 "$concord" -c "import \"$tmp/fifo\""
status_is 1
has err "query:1:8: cannot import $tmp/fifo: not a regular file"
quick 10 "$concord" -c 'import "/dev/zero"'
status_is 1
has err "not a regular file"

t "limits: control characters from a query or --arg are escaped"
run "$concord" -c 'show "x\u001b]0;title\u0007"'
status_is 1
has err 'unknown standard x\u001B]0;title\u0007'
if grep -q "$(printf '\033')" "$tmp/err"; then bad "ESC reached stderr"; else ok; fi
# (a value of several lines is a list of keys, as --arg-file binds: its
# second line is named as no key, and no line of stderr starts with it)
run "$concord" --arg k "$(printf '9001:4\nFAKE: a forged line')" -c 'show $k'
status_is 1
has err "parameter \$k lists 'FAKE: a forged line', which is not a clause key"
run "$concord" --arg k "$(printf '9001:4\033]0;t\007')" -c 'show $k'
status_is 1
has err "parameter \$k is '9001:4\u001B]0;t\u0007'"
if grep -q "$(printf '\033')" "$tmp/err"; then bad "ESC reached stderr"; else ok; fi
run "$concord" --arg k "$(printf '9001:4\nFAKE: a forged line')" -c 'show $k'
status_is 1
if grep -q '^FAKE' "$tmp/err"; then bad "a newline from --arg began a line"; else ok; fi
run "$concord" -c 'show 9001:4 | select title as "a\u001b[2Jb\u0085" | limit 1'
status_is 0
has out 'a\u001B[2Jb\u0085'
for f in table csv markdown; do
    run "$concord" -f $f -c 'show 9001:4 | select title as "a\u001b[2Jb" | limit 1'
    if grep -q "$(printf '\033')" "$tmp/out"; then bad "ESC reached stdout ($f)"; else ok; fi
done

t "limits: a 100 KB identifier is echoed cut"
gen "$tmp/q.cq" "'show ' + 'x' * 100000"
run "$concord" "$tmp/q.cq"
status_is 1
has err "xxx...xxx"
if [ "$(wc -c <"$tmp/err")" -lt 3000 ]; then ok; else bad "the echo is not cut"; fi

t "limits: the memory limit bounds a session of lets"
gen "$tmp/q.cq" "''.join('let t%d = clauses;\n' % i for i in range(300))"
quick 20 "$concord" --limit memory=16 "$tmp/q.cq"
status_is 1
has err "the session holds more than 16 MiB (the memory limit; raise it with --limit memory=N"
has err "q.cq:"
lacks err "q.cq:1:"

t "limits: --limit above the ceiling is lowered, not refused"
run "$concord" --limit rows=2147483648 -c 'show 9001:4 | count'
status_is 0
run "$concord" --limit steps=99999999999999999999999 -c 'show 9001:4 | count'
status_is 0
run "$concord" --limit rows=0 -c 'show 9001:4 | count'
status_is 2
run "$concord" --limit memory=-5 -c 'show 9001:4 | count'
status_is 2

if command -v script >/dev/null 2>&1 &&
    script -qec true /dev/null </dev/null >/dev/null 2>&1 && [ -w /dev/full ]; then
    t "limits: REPL: a result that cannot be written is reported, the session goes on"
    feed 'let kept = show 9001:4;\n' '.output /dev/full\n' 'show 9001:4;\n' \
        '.output\n' 'kept | count;\n' '.quit\n' |
        $limit script -qec "$concord" /dev/null >"$tmp/out" 2>"$tmp/err"
    status=$?
    status_is 0
    has out "cannot write output: No space left on device"
    has out "count"
    has out "9"
fi

t "limits: a NUL in a STRM Comments cell is refused, located"
"$concord" -f strm -c 'correlate 20000-1:8.5.1 with 27001' >"$tmp/m.csv"
python3 -c "
import sys
d = open(sys.argv[1], 'rb').read().replace(b'note: HLS 8.1', b'note: HLS\x00 8.1', 1)
open(sys.argv[2], 'wb').write(d)" "$tmp/m.csv" "$tmp/nul.csv"
run "$concord" --import "$tmp/nul.csv" -c 'standards'
status_is 1
has err "nul.csv:2:"
has err "a NUL byte (0x00) is not allowed in a mapping file"

t "limits: an edge or a mapping from a clause to itself is refused"
mkdir "$tmp/self"
cp corpus/*.tsv "$tmp/self/"
printf '20000-1:4\t20000-1:4\tB\tequal\t9\tmedium\tx\ty\n' >>"$tmp/self/edges.tsv"
run "$concord" --corpus "$tmp/self" -c 'show 20000-1:4'
status_is 1
has err "an edge from 20000-1:4 to itself"
python3 -c "
import sys
lines = open(sys.argv[1]).read().split('\n')
lines[1] = '8.5.1,Change management,semantic,equal,8.5.1,Change management,note: x,9,20000-1,20000-1'
open(sys.argv[2], 'w').write('\n'.join(lines))" "$tmp/m.csv" "$tmp/self.csv"
run "$concord" --import "$tmp/self.csv" -c 'standards'
status_is 1
has err "a mapping from 20000-1:8.5.1 to itself"

t "limits: smaller items (quoted curie_map keys, 19 digits, NUL in a string)"
"$concord" -f sssom -c 'correlate 20000-1:8.5.1 with 27001' |
    sed 's/^#  \(std[^:]*\):/#  "\1":/' >"$tmp/quoted.sssom.tsv"
run "$concord" --import "$tmp/quoted.sssom.tsv" -c 'standards | count'
status_is 0
run "$concord" --arg n 1234567890123456789 -c 'clauses of 9001 where depth < $n | count'
status_is 0
has out "91"
printf 'term "a\000b"' >"$tmp/nul.cq"
run "$concord" "$tmp/nul.cq"
status_is 1
has err "nul.cq:1:8: a NUL byte in a string (a string cannot hold one)"
lacks err 'u0000'

t "limits: an OSCAL map of 3,000 sources x 3,000 targets is refused"
"$concord" -f oscal -c 'correlate 20000-1:8.5.1 with 27001' >"$tmp/o.json"
python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
m = d['mapping-collection']['mappings'][0]['maps'][0]
m['sources'] = m['sources'] * 3000
m['targets'] = m['targets'] * 3000
json.dump(d, open(sys.argv[2], 'w'))" "$tmp/o.json" "$tmp/big.json"
quick 20 "$concord" --import "$tmp/big.json" -c 'standards | count'
status_is 1
has err "a map of 3000 sources and 3000 targets makes 9000000 edges (at most 10000: split it)"

t "limits: integrate and common name a \$parameter's column after its standard"
# integrate_header QUERY: its header names the standard bound to $s
integrate_header() {
    run "$concord" --arg s 27001 -c "$1"
    status_is 0
    first_line=$(head -n 1 "$tmp/out")
    # (the route columns follow the standards')
    case $first_line in
    "$(printf 'kind\thls\ttitle\t9001\t27001\troute\t')"*) ok ;;
    *) bad "header of $1 is: $first_line" ;;
    esac
}
integrate_header 'integrate 9001, $s'
integrate_header 'integrate 9001, $s | limit 1'
run "$concord" --arg s 27001 -c 'common 20000-1, $s'
status_is 0
has out "$(printf '20000-1\ttitle\t27001')"
run "$concord" --arg s 27001 -c 'common 20000-1, $s | where title != "" | sort by title'
status_is 0
has out "$(printf '20000-1\ttitle\t27001')"

t "limits: the program's own echoes escape control characters"
esc=$(printf '\033')
run "$concord" "--frob${esc}[2J"
status_is 2
has err "unknown option '--frob\\u001B[2J'"
run "$concord" -f "x${esc}" -c standards
status_is 2
has err "unknown format 'x\\u001B'"
run "$concord" "$tmp/no${esc}file"
status_is 2
has err "cannot open $tmp/no\\u001Bfile"
if grep -q "$esc" "$tmp/err"; then bad "ESC reached stderr"; else ok; fi

t "limits: .output and .read escape control characters in a path they echo"
printf '.output %s/no%sdir/o.txt\n.read %s/no%sfile.cq\n' \
    "$tmp" "$esc" "$tmp" "$esc" >"$tmp/dot-esc.cq"
run "$concord" "$tmp/dot-esc.cq"
has err "cannot open $tmp/no\\u001Bdir/o.txt"
has err "cannot open $tmp/no\\u001Bfile.cq"
if grep -q "$esc" "$tmp/err"; then bad "ESC reached stderr"; else ok; fi

t "limits: importing a mapping file counts its rows as steps"
# 3,000 rows of a standard the layer brings (X1), each mapped to 27001:4
gen "$tmp/big.sssom" "'#curie_map:\n' + ''.join('#  std%s: urn:uuid:f2278518-8de2-4a8b-8f59-2ed9d6c313f3#std/%s/\n' % (s, s) for s in ('X1', '27001')) + 'subject_id\tpredicate_id\tobject_id\tmapping_justification\n' + ''.join('stdX1:%d\tskos:exactMatch\tstd27001:4\tsemapv:ManualMappingCuration\n' % i for i in range(1, 3001))"
quick 20 "$concord" --limit steps=100 -c "import \"$tmp/big.sssom\"; clauses of X1 | count"
status_is 1
has err "query:1:8: cannot import $tmp/big.sssom: $tmp/big.sssom:105:1: reading stopped after 100 steps of work (the steps limit"
quick 20 "$concord" --limit steps=5000 -c "import \"$tmp/big.sssom\""
status_is 1
has err "$tmp/big.sssom:2005: loading stopped after 5000 steps of work"
quick 20 "$concord" -c "import \"$tmp/big.sssom\"; clauses of X1 | count"
status_is 0
has out "3000"

# least_steps FORMAT QUERY: set need to the fewest steps with which QUERY
# is run and written in FORMAT (a search between 1 and 1,000,000; not in a
# subshell, whose exit would run run.sh's trap and remove $tmp).
least_steps() {
    lo=1
    hi=1000000
    while [ "$lo" -lt "$hi" ]; do
        mid=$(((lo + hi) / 2))
        if "$concord" --limit steps=$mid -f "$1" -c "$2" >/dev/null 2>&1 </dev/null; then
            hi=$mid
        else
            lo=$((mid + 1))
        fi
    done
    need=$lo
}

t "limits: writing a result counts its lines as steps"
# one step fewer than running and writing need: writing is what stops
for fmt in table tsv csv json markdown jsonl dot oscal strm sssom; do
    least_steps "$fmt" 'correlate 20000-1 with 27001'
    quick 20 "$concord" --limit steps=$need -f "$fmt" -c 'correlate 20000-1 with 27001'
    status_is 0
    quick 20 "$concord" --limit steps=$((need - 1)) -f "$fmt" -c 'correlate 20000-1 with 27001'
    status_is 1
    has err "query:1:1: the statement stopped after $((need - 1)) steps of work, writing its result (the steps limit"
done
