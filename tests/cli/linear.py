#!/usr/bin/env python3
"""tests/cli/linear.py -- linear time in the size of the input (issue 11).

    tests/cli/linear.py CONCORD

For each class of input that grows with the query -- statements, lets,
defs, pipeline stages, values of an `in` list, references, parameters --
runs a script of size N and one of size 10N, in the same run, and checks
that the time (less the time of an empty run) grew at most 15 times: a
ratio, not a wall-clock limit, so a slow machine does not fail it but a
quadratic walk (100 times) does.  Each time is the program's own CPU time
(not the wall clock, which other work on the machine stretches), the best
of a few runs.  Exit status 0 when every class is linear, 1 otherwise.
"""
import os
import subprocess
import sys
import tempfile
import time

# A quadratic walk grows 100 times; n log n (a sort) about 12, and caches
# that a ten times larger input no longer fits in a little more.
MAX_RATIO = 15.0
TRIES = 3


def best_time(argv, tries=TRIES):
    """The least CPU time (user + system, of the program alone, so other
    work on a busy machine does not count) of `tries` runs of argv, in
    seconds; each run must end with status 0 or 1 (an answer or a located
    error), never a crash."""
    best = None
    for _ in range(tries):
        with open(os.devnull, "rb") as null_in, \
                open(os.devnull, "wb") as null_out:
            proc = subprocess.Popen(argv, stdin=null_in, stdout=null_out,
                                    stderr=subprocess.PIPE)
            err = proc.stderr.read()
            _, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
        took = usage.ru_utime + usage.ru_stime
        if proc.returncode not in (0, 1):
            sys.exit("linear: %s ended with status %d: %s" %
                     (" ".join(argv[:4]), proc.returncode,
                      err[:300].decode("utf-8", "replace")))
        best = took if best is None else min(best, took)
    return best


def statements(n):
    return "show 9001:4;\n" * n


def lets(n):
    return "".join("let t%d = show 9001:4;\n" % i for i in range(n))


def defs(n):
    return "".join("def f%d() = show 9001:4;\n" % i for i in range(n)) + \
        "f0();\n"


def stages(n):
    return "show 9001:4 " + "| limit 9 " * n + ";\n"


def in_values(n):
    # few rows (each tests every value): the list's parse and compile
    # are measured, not a scan that a ten times larger list no longer
    # keeps in the cache
    return "show 9001:4 | where title in (%s) | count;\n" % \
        ", ".join('"t%d"' % i for i in range(n))


def references(n):
    return "correlate %s with 27001 | count;\n" % \
        ", ".join(["9001:4"] * n)


def parameters(n):
    return "clauses of 9001 where title in (%s) | count;\n" % \
        ", ".join("$p%d" % i for i in range(n))


def select_columns(n):
    return "show 9001:4 | select %s | count;\n" % \
        ", ".join("title as c%d" % i for i in range(n))


# name, script maker, N (big enough that N takes tens of milliseconds)
CLASSES = [
    ("statements", statements, 10000),
    ("lets", lets, 4000),
    ("defs", defs, 4000),
    ("pipeline stages", stages, 10000),
    ("values of an in list", in_values, 50000),
    ("references", references, 20000),
    ("parameters", parameters, 50000),
    ("select columns", select_columns, 20000),
]


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: tests/cli/linear.py CONCORD")
    concord = sys.argv[1]
    base_argv = [concord, "--limit", "length=100000000", "--limit",
                 "steps=2147483647"]
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        empty = os.path.join(tmp, "empty.cq")
        with open(empty, "w") as f:
            f.write("")
        base = best_time(base_argv + [empty])
        for name, make, n in CLASSES:
            paths = []
            for size in (n, 10 * n):
                paths.append(os.path.join(tmp, "s%d.cq" % size))
                with open(paths[-1], "w") as f:
                    f.write(make(size))
            # a second measure when the first looks superlinear: a busy
            # machine can stretch one, a quadratic walk stretches both
            for _ in range(2):
                times = [max(best_time(base_argv + [p]) - base, 1e-3)
                         for p in paths]
                ratio = times[1] / times[0]
                if ratio <= MAX_RATIO:
                    break
            verdict = "ok" if ratio <= MAX_RATIO else "FAIL"
            if ratio > MAX_RATIO:
                failed += 1
            print("linear: %-22s N=%-6d %.3f s, 10N %.3f s: x%.1f %s" %
                  (name, n, times[0], times[1], ratio, verdict))
    if failed:
        print("linear: %d class(es) grew faster than linearly" % failed)
        return 1
    print("linear: every class linear (x%.0f at most for 10 times the input)"
          % MAX_RATIO)
    return 0


if __name__ == "__main__":
    sys.exit(main())
