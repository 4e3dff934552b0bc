#!/usr/bin/env python3
"""tests/cli/linear.py -- linear time in the size of the input (issue 11).

    tests/cli/linear.py CONCORD

For each class of input that grows with the query -- statements, lets,
defs, pipeline stages, values of an `in` list, terms of a condition,
references, parameters, select columns --
runs a script of size N and one of size 10N, in the same run, and checks
that the time (less the time of an empty run) grew at most 12 times: a
ratio, not a wall-clock limit, so a slow machine does not fail it but a
quadratic walk (100 times) does.  Each time is the program's own CPU time
(not the wall clock, which other work on the machine stretches); the
two sizes run in turn, several times, and the least ratio of a pair run
together counts (a busy machine stretches some runs, a quadratic walk
every 10N run).  Exit status 0 when every class is linear, 1 otherwise.
"""
import os
import subprocess
import sys
import tempfile
import time

# A quadratic walk grows 100 times, linear code 10; a little more when a
# ten times larger input no longer fits in a cache.  The issue asks for
# "at most ~12x".
MAX_RATIO = 12.0
TRIES = 5   # runs of each size a round, taking turns
ROUNDS = 3  # another round while the ratio is above


def cpu_time(argv):
    """The CPU time (user + system, of the program alone, so other work on
    a busy machine does not count) of one run of argv, in seconds; it must
    end with status 0 or 1 (an answer or a located error), never a
    crash."""
    with open(os.devnull, "rb") as null_in, \
            open(os.devnull, "wb") as null_out:
        proc = subprocess.Popen(argv, stdin=null_in, stdout=null_out,
                                stderr=subprocess.PIPE)
        err = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
        code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit("linear: %s ended with status %d: %s" %
                 (" ".join(argv[:4]), code,
                  err[:300].decode("utf-8", "replace")))
    return usage.ru_utime + usage.ru_stime


def least_ratio(base_argv, paths, tries=TRIES):
    """Run the empty script, size N and size 10N in turn, `tries` times:
    (the least time of N, of 10N, and the least ratio of the two among the
    runs made together), each less the least time of the empty run."""
    runs = []
    for _ in range(tries):
        runs.append([cpu_time(base_argv + [p]) for p in paths])
    base = min(r[0] for r in runs)
    pairs = [(max(r[1] - base, 1e-3), max(r[2] - base, 1e-3)) for r in runs]
    return (min(p[0] for p in pairs), min(p[1] for p in pairs),
            min(p[1] / p[0] for p in pairs))


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


def condition_terms(n):
    # a condition is at most 1000 terms deep: many statements of n terms
    terms = " or ".join('title = "t%d"' % i for i in range(n))
    return ("show 9001:4 | where %s | count;\n" % terms) * 100


def references(n):
    return "correlate %s with 27001 | count;\n" % \
        ", ".join(["9001:4"] * n)


def parameters(n):
    return "clauses of 9001 where title in (%s) | count;\n" % \
        ", ".join("$p%d" % i for i in range(n))


def select_columns(n):
    return "show 9001:4 | select %s | count;\n" % \
        ", ".join("title as c%d" % i for i in range(n))


# name, script maker, N: big enough that N takes milliseconds, small
# enough that 10N still runs mostly in the caches (past them each unit
# costs up to half as much again: 14 times at 10N, linear code or not)
CLASSES = [
    ("statements", statements, 2000),
    ("lets", lets, 2000),
    ("defs", defs, 2000),
    ("pipeline stages", stages, 40000),
    ("values of an in list", in_values, 10000),
    ("terms of a condition", condition_terms, 90),
    ("references", references, 20000),
    ("parameters", parameters, 10000),
    ("select columns", select_columns, 5000),
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
        for name, make, n in CLASSES:
            paths = []
            for size in (n, 10 * n):
                paths.append(os.path.join(tmp, "s%d.cq" % size))
                with open(paths[-1], "w") as f:
                    f.write(make(size))
            # the empty run, N and 10N in turn, the least ratio of a pair
            # run together: a busy spell of the machine stretches one run
            # (mostly the longer), never every pair, while a quadratic walk
            # stretches every 10N run ten times more than its N run
            for _ in range(ROUNDS):
                t_n, t_10n, ratio = least_ratio(base_argv, [empty] + paths)
                if ratio <= MAX_RATIO:
                    break
            verdict = "ok" if ratio <= MAX_RATIO else "FAIL"
            if ratio > MAX_RATIO:
                failed += 1
            print("linear: %-22s N=%-6d %.3f s, 10N %.3f s: x%.1f %s" %
                  (name, n, t_n, t_10n, ratio, verdict))
    if failed:
        print("linear: %d class(es) grew faster than linearly" % failed)
        return 1
    print("linear: every class linear (x%.0f at most for 10 times the input)"
          % MAX_RATIO)
    return 0


if __name__ == "__main__":
    sys.exit(main())
