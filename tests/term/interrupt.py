#!/usr/bin/env python3
"""Ctrl-C in the REPL during a long sort, through a pseudo-terminal.

    tests/term/interrupt.py CONCORD

The REPL runs on a pty (the pty module).  It is given a `let` and two
`def`s (one of them 70,000 `sort by` stages over every clause, seconds of
work, read with .read since the prompt is no place to type 1 MB), then
`slow() | count`.  Once the program has spent half a second of CPU on it
(so it is sorting, not still compiling), Ctrl-C is sent; the REPL must say
"interrupted" and prompt again within a few seconds, without the count of
the finished query, and the `let` and the `def`s must still answer.
Before concord_interrupt reached sorts, Ctrl-C was seen only when the
sorts had finished.

Exit status: 0 when every check passed, 1 otherwise, 2 on bad usage.
"""

import os
import pty
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time

PROMPT = b"concord> "
STAGES = 70000  # "|sort by title" is 14 bytes: under the 1 MB length limit
ANSWER_WITHIN = 5.0  # seconds from Ctrl-C to the prompt (the sorts: 10+)


class Repl:
    """The program on a pty, and what it has written so far."""

    def __init__(self, concord, home):
        env = dict(os.environ, HOME=home, TERM="xterm", NO_COLOR="1", PAGER="")
        env.pop("COLUMNS", None)
        env.pop("LINES", None)
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execve(concord, [concord], env)
        self.seen = b""

    def read_until(self, want, seconds):
        """Read until want appears after what was seen before; the text up
        to it, or None when the time is up."""
        start = len(self.seen)
        deadline = time.monotonic() + seconds
        while want not in self.seen[start:]:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            ready, _, _ = select.select([self.fd], [], [], min(left, 0.2))
            if ready:
                try:
                    data = os.read(self.fd, 65536)
                except OSError:  # the program ended
                    return None
                if not data:
                    return None
                self.seen += data
        end = self.seen.index(want, start) + len(want)
        return self.seen[start:end]

    def send(self, text):
        os.write(self.fd, text)

    def cpu_seconds(self):
        """User + system CPU time of the program so far (Linux /proc)."""
        with open("/proc/%d/stat" % self.pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def close(self):
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(self.pid, 0)
        os.close(self.fd)


def main():
    if len(sys.argv) != 2:
        print("usage: tests/term/interrupt.py CONCORD", file=sys.stderr)
        return 2
    concord = os.path.abspath(sys.argv[1])
    if not os.path.exists("/proc/self/stat"):
        print("term interrupt: skipped (no /proc to read CPU time from)")
        return 0
    failures = []

    def check(ok, what):
        if not ok:
            failures.append(what)

    tmp = tempfile.mkdtemp(prefix="concord-interrupt.")
    repl = None
    try:
        home = os.path.join(tmp, "home")
        os.mkdir(home)
        script = os.path.join(tmp, "slow.cq")
        with open(script, "w") as f:
            f.write("def slow() = clauses" + "|sort by title" * STAGES + ";\n")
        repl = Repl(concord, home)
        check(repl.read_until(PROMPT, 30) is not None, "no first prompt")
        repl.send(b"let keep = clauses of 27001 | count;\n")
        check(repl.read_until(PROMPT, 30) is not None, "let: no prompt")
        repl.send(b"def small() = show 9001:4;\n")
        check(repl.read_until(PROMPT, 30) is not None, "def: no prompt")
        repl.send(b".read " + script.encode() + b"\n")
        check(repl.read_until(PROMPT, 60) is not None, ".read: no prompt")

        repl.send(b"slow() | count;\n")
        start_cpu = repl.cpu_seconds()
        deadline = time.monotonic() + 60
        while repl.cpu_seconds() - start_cpu < 0.5:
            if time.monotonic() > deadline:
                failures.append("the query did not start within 60 s")
                break
            time.sleep(0.05)
        sent = time.monotonic()
        repl.send(b"\x03")
        shown = repl.read_until(PROMPT, ANSWER_WITHIN)
        took = time.monotonic() - sent
        if shown is None:
            failures.append(
                "no prompt within %.0f s of Ctrl-C; seen: %r"
                % (ANSWER_WITHIN, repl.seen[-300:])
            )
            # let it finish, so the state checks below still run
            shown = repl.read_until(PROMPT, 120) or b""
        check(b"interrupted" in shown, "Ctrl-C not reported: %r" % shown)
        check(b"636" not in shown, "the sorts ran to the end: %r" % shown)

        for typed, query in (
            (b"keep;", "clauses of 27001 | count"),
            (b"small() | count;", "show 9001:4 | count"),
        ):
            repl.send(typed + b"\n")
            table = repl.read_until(PROMPT, 30) or b""
            want = count_of(concord, home, query)
            check(
                number_in(table) == want,
                "%s lost: %r (want %d)" % (typed.decode(), table, want),
            )
        repl.send(b".quit\n")
    finally:
        if repl is not None:
            repl.close()
        shutil.rmtree(tmp, ignore_errors=True)
    for f in failures:
        print("FAIL [term: Ctrl-C during a long sort] " + f)
    if failures:
        return 1
    print("term interrupt: Ctrl-C answered in %.2f s, let and def kept" % took)
    return 0


def number_in(table):
    """The number in the one-cell table the REPL drew, or None."""
    lines = table.replace(b"\r", b"").split(b"\n")
    for above, line in zip(lines, lines[1:]):
        if above.startswith(b"---") and line.strip().isdigit():
            return int(line)
    return None


def count_of(concord, home, query):
    """The number `concord -c QUERY` prints last."""
    out = subprocess.run(
        [concord, "-c", query],
        env=dict(os.environ, HOME=home),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        check=True,
    ).stdout
    return int(out.split()[-1])


if __name__ == "__main__":
    sys.exit(main())
