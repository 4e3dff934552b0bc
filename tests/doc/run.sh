#!/bin/sh
# tests/doc/run.sh -- run the console examples of a Markdown file (the
# README's tour) and check that each prints what the file says it prints.
#
#   tests/doc/run.sh CONCORD FILE.md
#
# In FILE.md, every fenced code block whose info string is `console` holds
# commands and their output:
#
#   ```console
#   $ concord -c 'standards'
#   ...expected output, up to the next "$ " line or the end of the block...
#   $ concord -c 'correlate 20000-1:8.5.1 width 27001'; echo "exit $?"
#   ...
#   ```
#
# A command line ending in a backslash continues on the next line.  Each
# command runs on its own with `bash -c`, from the repository root, with
# stdin from /dev/null and a `concord` on PATH that is the CONCORD given
# here.  Its standard output and standard error together must equal the
# expected text exactly (blank lines included).  The exit status is not
# checked: write `; echo "exit $?"` into the example to show it.
#
# Exit status: 0 when every command matched, 1 otherwise, 2 on bad usage.

set -u
LC_ALL=C
export LC_ALL

if [ $# -ne 2 ]; then
    echo "usage: tests/doc/run.sh CONCORD FILE.md" >&2
    exit 2
fi
concord=$1
doc=$2
case $concord in /*) ;; *) concord=$(pwd)/$concord ;; esac
case $doc in /*) ;; *) doc=$(pwd)/$doc ;; esac
if [ ! -x "$concord" ]; then
    echo "doc: $concord is not an executable program" >&2
    exit 2
fi
if [ ! -f "$doc" ]; then
    echo "doc: FAILED: $2 does not exist" >&2
    exit 1
fi
if ! command -v bash >/dev/null 2>&1; then
    echo "doc: FAILED: bash is needed to run the examples" >&2
    exit 1
fi
root=$(cd "$(dirname "$0")/../.." && pwd) || exit 2

tmp=$(mktemp -d "${TMPDIR:-/tmp}/concord-doc.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
mkdir "$tmp/bin" "$tmp/cmd" || exit 2
ln -s "$concord" "$tmp/bin/concord" || exit 2

# Split the examples into numbered files: cmd/N.sh (the command),
# cmd/N.want (the expected output), cmd/N.where (file:line of the "$ ").
awk -v dir="$tmp/cmd" -v file="$2" '
function finish() {
    if (n > 0 && open) { close(dir "/" n ".sh"); close(dir "/" n ".want") }
    open = 0
}
/^[ \t]*(```|~~~)/ {
    if (!inblock) {
        info = $0
        sub(/^[ \t]*(```+|~~~+)[ \t]*/, "", info)
        sub(/[ \t]+$/, "", info)
        inblock = 1
        fence = $0
        sub(/^[ \t]*/, "", fence)
        fence = substr(fence, 1, 3)
        console = (info == "console")
        next
    }
    line = $0
    sub(/^[ \t]*/, "", line)
    if (substr(line, 1, 3) == fence) {
        finish()
        inblock = 0
        console = 0
        next
    }
}
inblock && console {
    if (cont) {
        print $0 > (dir "/" n ".sh")
        cont = ($0 ~ /\\$/)
        next
    }
    if (substr($0, 1, 2) == "$ ") {
        finish()
        n++
        open = 1
        print substr($0, 3) > (dir "/" n ".sh")
        printf "" > (dir "/" n ".want")
        print file ":" NR > (dir "/" n ".where")
        close(dir "/" n ".where")
        cont = ($0 ~ /\\$/)
        next
    }
    if (open)
        print $0 > (dir "/" n ".want")
    next
}
END {
    finish()
    if (inblock) {
        print file ": a code block is not closed" > "/dev/stderr"
        exit 1
    }
}
' "$doc" || exit 1

# A hung example must not hang the suite.
limit=
if command -v timeout >/dev/null 2>&1; then
    limit="timeout 60"
fi

pass=0
fail=0
n=1
while [ -f "$tmp/cmd/$n.sh" ]; do
    where=$(cat "$tmp/cmd/$n.where")
    (
        cd "$root" &&
            PATH="$tmp/bin:$PATH" HOME="$tmp" \
                $limit bash -c "$(cat "$tmp/cmd/$n.sh")" </dev/null >"$tmp/got" 2>&1
    )
    if cmp -s "$tmp/cmd/$n.want" "$tmp/got"; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL $where: \$ $(sed -n 1p "$tmp/cmd/$n.sh")"
        if diff --label x --label y -u /dev/null /dev/null >/dev/null 2>&1; then
            diff -u --label "expected ($where)" --label "actual" \
                "$tmp/cmd/$n.want" "$tmp/got"
        else
            diff -u "$tmp/cmd/$n.want" "$tmp/got"
        fi
    fi
    n=$((n + 1))
done

total=$((pass + fail))
if [ "$total" = 0 ]; then
    echo "doc: FAILED: no \`\`\`console examples in $2"
    exit 1
fi
if [ "$fail" != 0 ]; then
    echo "doc: FAILED: $fail of $total commands in $2 differ"
    exit 1
fi
echo "doc: all $total commands in $2 passed"
exit 0
