#!/usr/bin/env python3
"""tests/fuzz/gen_queries.py -- a structure-aware query generator (issue 11).

    tests/fuzz/gen_queries.py CONCORD [--size moderate|full] [--seed N]

For every production of the grammar (grammar/parser.y) it writes scripts
that use it nested deep (past the limits where there are limits) and
repeated wide, alone and combined with every other statement kind, and
runs each through CONCORD.  Every run must end with status 0 or 1 within
a time bound -- an answer or an error, never a crash, a sanitizer report,
a hang -- and every error must be located ("FILE:LINE:COLUMN: ..."), with
a message on one line.

`make test` runs it at moderate size (deep and wide up to a few hundred,
the limits' edges included); `make fuzz` at full size (thousands) under
the sanitizer build, where a report ends the program with status 86-88.
"""
import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import time

# ---- the vocabulary --------------------------------------------------------

STANDARDS = ["20000-1", "27001", "9001", "hls", "22301", "55001"]
CLAUSES = ["20000-1:8.5.1", "27001:A.12.1.2", "9001:4", "9001:6.3",
           "20000-1:8.*", "27001:A.*", "hls:4", "9001:*"]
FIELDS = ["title", "clause", "origin", "relation", "strength", "confidence",
          "annex", "note", "source", "depth", "to", "from", "name"]
COLUMNS = ["clause", "title", "role", "note", "relation", "origin"]
VALUES = ['"x"', "1", "equal", "C", "high", "20000-1:8.5.1", "$p", "0",
          '"\\u001b[2J"', '"a\\nb"']
CMPOPS = ["=", "!=", "<>", "<", "<=", ">", ">="]
SETOPS = ["union", "intersect", "except"]


def rnd_ref(r):
    return r.choice(STANDARDS + CLAUSES + ["$s"])


def rnd_refs(r, n=None):
    n = n if n is not None else r.randint(1, 3)
    return ", ".join(rnd_ref(r) for _ in range(n))


def rnd_pred(r, depth=0):
    k = r.randrange(6)
    f = r.choice(FIELDS)
    if k == 0:
        return "%s %s %s" % (f, r.choice(CMPOPS), r.choice(VALUES))
    if k == 1:
        return "%s %sin (%s)" % (f, r.choice(["", "not "]),
                                 ", ".join(r.choice(VALUES)
                                           for _ in range(r.randint(1, 4))))
    if k == 2:
        return '%s %s "%s"' % (f, r.choice(["~", "!~"]), r.choice(
            ["change", "a.*b", "[", "(", "\\\\"]))
    if k == 3 and depth < 2:
        return "count(%s) %s %d" % (rnd_query(r, depth + 1),
                                    r.choice(CMPOPS), r.randint(0, 3))
    if k == 4:
        return "relation(%s) = equal" % r.choice(STANDARDS)
    return "%s = %s" % (f, r.choice(VALUES))


def rnd_cond(r, depth=0):
    k = r.randrange(5)
    if depth > 3 or k == 0:
        return rnd_pred(r, depth)
    if k == 1:
        return "%s and %s" % (rnd_cond(r, depth + 1), rnd_cond(r, depth + 1))
    if k == 2:
        return "%s or %s" % (rnd_cond(r, depth + 1), rnd_cond(r, depth + 1))
    if k == 3:
        return "not " + rnd_cond(r, depth + 1)
    return "(%s)" % rnd_cond(r, depth + 1)


def rnd_where(r):
    return " where " + rnd_cond(r) if r.random() < 0.4 else ""


# One maker per primary statement kind: each a query.
PRIMARIES = {
    "show": lambda r: "show " + rnd_ref(r),
    "clauses": lambda r: "clauses" + (" of " + rnd_refs(r)
                                      if r.random() < .8 else "") +
    rnd_where(r),
    "correlate": lambda r: "correlate %s with %s%s%s" % (
        rnd_refs(r), rnd_refs(r),
        " via " + rnd_refs(r, 1) if r.random() < .2 else "", rnd_where(r)),
    "gap": lambda r: r.choice([
        "gap %s against %s%s" % (rnd_ref(r), rnd_ref(r), rnd_where(r)),
        "gap between %s and %s%s" % (rnd_ref(r), rnd_ref(r), rnd_where(r))]),
    "coverage": lambda r: r.choice([
        "coverage of %s by %s" % (rnd_ref(r), rnd_ref(r)),
        "coverage between %s and %s" % (rnd_ref(r), rnd_ref(r))]),
    "terms": lambda r: "terms" + (" of " + r.choice(STANDARDS)
                                  if r.random() < .5 else "") + rnd_where(r),
    "term": lambda r: "term " + r.choice(['"risk"', "risk", "$t", "nothing"]),
    "standards": lambda r: "standards",
    "path": lambda r: "path %s to %s%s" % (
        rnd_ref(r), rnd_ref(r),
        " max %s" % r.choice(["1", "3", "64", "65", "$h"])
        if r.random() < .5 else ""),
    "integrate": lambda r: "integrate " + rnd_refs(r),
    "common": lambda r: "common " + rnd_refs(r, r.randint(2, 4)),
    "check": lambda r: "check",
    "call": lambda r: "f(%s)" % rnd_ref(r),
    "table": lambda r: "t",
}

STAGES = {
    "select": lambda r: "select " + ", ".join(
        "%s as c%d" % (r.choice(COLUMNS), i) if r.random() < .3
        else r.choice(COLUMNS) for i in range(1)),
    "sort": lambda r: "sort by %s%s" % (r.choice(COLUMNS),
                                        r.choice(["", " asc", " desc"])),
    "limit": lambda r: "limit %s" % r.choice(["0", "3", "$n", "-1"]),
    "group": lambda r: "group by " + r.choice(COLUMNS),
    "count": lambda r: "count",
    "where": lambda r: "where " + rnd_cond(r),
}


def rnd_query(r, depth=0):
    q = PRIMARIES[r.choice(sorted(PRIMARIES))](r)
    if depth < 2 and r.random() < .2:
        q = "(%s) %s %s" % (q, r.choice(SETOPS), rnd_query(r, depth + 1))
    for _ in range(r.choice([0, 0, 1, 2])):
        q += " | " + STAGES[r.choice(sorted(STAGES))](r)
    return q


# Statements that are not queries, each with what it needs first.
PRELUDE = ("let t = show 9001:4;\ndef f(x) = correlate x with 27001;\n")
OTHERS = {
    "let": lambda r: "let u = " + rnd_query(r),
    "def": lambda r: "def g(a, b) = correlate a with b",
    "import": lambda r: 'import "stdlib/%s"' % r.choice(
        ["hls.cq", "none.cq", "../x"]),
    "assert": lambda r: "assert count(%s) > 0, \"m\"" % rnd_query(r),
    "format": lambda r: "format " + r.choice(["json", "csv", "tsv", "tabel"]),
}

# ---- deep and wide ---------------------------------------------------------


def deep_cases(n):
    """(name, script): each production nested n deep."""
    yield "parentheses in a condition", \
        "clauses of 9001 where " + "(" * n + "depth = 1" + ")" * n
    yield "not", "clauses of 9001 where " + "not " * n + "depth = 1"
    yield "and chain", "clauses of 9001 where " + \
        " and ".join(["depth = 1"] * n)
    yield "or chain", "clauses of 9001 where " + \
        " or ".join(["depth = 1"] * n)
    yield "count() in count()", "clauses of 9001 where " + \
        "count(clauses of 9001 where " * n + "depth = 1" + ") > 0" * n
    for op in SETOPS:
        yield op + " chain", (" %s " % op).join(["show 9001:4"] * n)
        yield op + " right-nested", \
            ("(show 9001:4 %s " % op) * n + "show 9001:4" + ")" * n
    yield "parenthesized query", "(" * n + "show 9001:4" + ")" * n
    yield "pipeline in parentheses", "(" * n + "show 9001:4" + \
        " | limit 5)" * n
    defs = "def f0() = show 9001:4;\n" + "".join(
        "def f%d() = f%d();\n" % (i, i - 1) for i in range(1, n))
    yield "def calling def", defs + "f%d();" % (n - 1)
    yield "let of let", "let t0 = show 9001:4;\n" + "".join(
        "let t%d = t%d | limit 9;\n" % (i, i - 1) for i in range(1, n))
    yield "path hops", "path 9001:4 to 27001:A.12.1.2 max %d" % n


def wide_cases(n):
    """(name, script): each production repeated n wide."""
    yield "statements", "show 9001:4;\n" * n
    yield "refs", "correlate %s with 27001" % ", ".join(["9001:4"] * n)
    yield "via", "correlate 9001:4 with 27001 via %s" % \
        ", ".join(["20000-1"] * n)
    yield "in values", "clauses of 9001 where title in (%s)" % \
        ", ".join('"v%d"' % i for i in range(n))
    yield "parameters", "clauses of 9001 where title in (%s)" % \
        ", ".join("$p%d" % i for i in range(n))
    yield "select columns", "show 9001:4 | select " + \
        ", ".join("title as c%d" % i for i in range(n))
    yield "group keys", "correlate 20000-1 with 27001 | group by " + \
        ", ".join(["note"] * n)
    yield "sort keys", "correlate 20000-1 with 27001 | sort by " + \
        ", ".join(["note desc"] * n)
    for name, make in sorted(STAGES.items()):
        r = random.Random(n)
        yield "stages: " + name, "correlate 20000-1 with 27001 " + \
            "".join(" | " + make(r) for _ in range(n))
    yield "integrate standards", "integrate " + \
        ", ".join((STANDARDS[:4] * n)[:n])
    yield "common standards", "common " + ", ".join((STANDARDS[:4] * n)[:n])
    yield "lets", "".join("let t%d = show 9001:4;\n" % i for i in range(n))
    yield "defs", "".join("def f%d() = show 9001:4;\n" % i
                          for i in range(n))
    yield "asserts", "assert count(show 9001:4) > 0;\n" * n
    yield "formats", "".join("format %s; show 9001:4;\n" %
                             ["json", "csv", "tsv", "markdown"][i % 4]
                             for i in range(n))
    yield "a long identifier", "show " + "x" * (n * 100)
    yield "a long string", 'term "%s"' % ("y" * (n * 100))


def combined_cases(r, n):
    """(name, script): each statement kind with every other, as statements
    in one script and, for queries, as operands of set operations and
    count()."""
    kinds = sorted(PRIMARIES)
    for a in kinds:
        for b in kinds:
            yield "%s %s" % (a, b), PRELUDE + "%s;\n%s;\n" % (
                PRIMARIES[a](r), PRIMARIES[b](r))
            yield "%s %s %s" % (a, r.choice(SETOPS), b), PRELUDE + \
                "(%s) %s (%s) | count;\n" % (PRIMARIES[a](r),
                                             r.choice(SETOPS),
                                             PRIMARIES[b](r))
        for o in sorted(OTHERS):
            yield "%s then %s" % (o, a), PRELUDE + "%s;\n%s;\n" % (
                OTHERS[o](r), PRIMARIES[a](r))
    for i in range(n):
        yield "random %d" % i, PRELUDE + "".join(
            rnd_query(r) + ";\n" for _ in range(r.randint(1, 4)))


# ---- running ---------------------------------------------------------------

LOCATED = re.compile(r"^[^:\n]+:\d+:\d+: \S")


def check(concord, tmp, name, script, timeout, failures):
    path = os.path.join(tmp, "g.cq")
    with open(path, "w") as f:
        f.write(script)
    argv = [concord, "--safe", "--arg", "s", "9001", "--arg", "p", "x",
            "--arg", "n", "3", "--arg", "h", "2", "--arg", "t", "risk",
            "--limit", "steps=2000000", "--limit", "rows=200000",
            "--limit", "length=10000000", path]
    start = time.monotonic()
    try:
        proc = subprocess.run(argv, stdin=subprocess.DEVNULL,
                              stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, timeout=timeout)
    except subprocess.TimeoutExpired:
        failures.append((name, "took more than %d s" % timeout, script))
        return
    took = time.monotonic() - start
    err = proc.stderr.decode("utf-8", "replace")
    first = err.split("\n", 1)[0]
    if proc.returncode not in (0, 1):
        failures.append((name, "status %d: %s" % (proc.returncode,
                                                   err[:2000]), script))
    elif proc.returncode == 1 and not LOCATED.match(first):
        failures.append((name, "error not located: " + first[:300], script))
    elif "\x1b" in err:
        failures.append((name, "an escape byte reached stderr", script))
    return took


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("concord")
    ap.add_argument("--size", choices=["moderate", "full"],
                    default="moderate")
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args()
    r = random.Random(args.seed)
    if args.size == "moderate":
        deep = [10, 255, 257, 1001]
        wide = [40, 400]
        randoms, timeout = 40, 60
    else:
        deep = [10, 100, 255, 256, 257, 999, 1000, 1001, 5000, 20000]
        wide = [40, 400, 4000, 20000]
        randoms, timeout = 2000, 300
    cases = []
    for n in deep:
        cases += [("deep %d: %s" % (n, a), b) for a, b in deep_cases(n)]
    for n in wide:
        cases += [("wide %d: %s" % (n, a), b) for a, b in wide_cases(n)]
    cases += list(combined_cases(r, randoms))
    failures = []
    start = time.monotonic()
    slowest = (0.0, "")
    with tempfile.TemporaryDirectory() as tmp:
        for name, script in cases:
            took = check(args.concord, tmp, name, script, timeout, failures)
            if took and took > slowest[0]:
                slowest = (took, name)
    for name, why, script in failures[:20]:
        print("gen: FAIL [%s] %s\n    script: %s" %
              (name, why, script[:300].replace("\n", "\\n")))
    print("gen: %d scripts, %d failed, %.0f s (slowest %.2f s: %s)" %
          (len(cases), len(failures), time.monotonic() - start,
           slowest[0], slowest[1]))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
