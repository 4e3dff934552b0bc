#!/usr/bin/env python3
"""tests/modules/calls.py -- the modules call each other in layers, never
in a loop: the includes may be layered (cycles.py) while the calls still
run back up, as when a worker calls the file that dispatches to it.

Reads the object files (OBJ/X.o is module X, from X.c) with nm: X calls Y
when X.o uses a symbol that Y.o defines.  The scanner and parser made from
grammar/ (lexer.o, parser.o) count as module parse, whose driver they
are.  With SRC, the includes of SRC's modules (cycles.py) join the calls,
so a loop made of an include one way and a call the other is found too.
Any cycle fails the check and is printed, one module after another, with
the symbols each call step takes.  Only the objects right in OBJ are
read: the program's (OBJ/cli/) are checked by a second run on that
folder.

With --order, prints the modules from the bottom up, each beside what it
includes or calls (docs/internals.md's layers keep the same order).

    python3 tests/modules/calls.py [--order] OBJ [SRC]
      (make moduletest: build/cc/obj with src, then build/cc/obj/cli)
"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cycles import find_cycle, module_graph, print_order, tangles  # noqa: E402

SAME_MODULE = {"lexer": "parse", "parser": "parse"}
DEFINED = set("TDBRCVWG")  # text, data, bss, read-only, common, weak


def symbols(path):
    """(defined, used) external symbols of one object file."""
    out = subprocess.run(["nm", "-P", path], capture_output=True, text=True,
                         check=True).stdout
    defined, used = set(), set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) < 2:
            continue
        if parts[1] == "U":
            used.add(parts[0])
        elif parts[1] in DEFINED:
            defined.add(parts[0])
    return defined, used


def call_graph(obj):
    """({module: set of modules it calls}, {(a, b): symbols a takes from b})"""
    owner, uses = {}, {}
    for f in sorted(os.listdir(obj)):
        if not f.endswith(".o"):
            continue
        stem = f[:-2]
        me = SAME_MODULE.get(stem, stem)
        defined, used = symbols(os.path.join(obj, f))
        for s in defined:
            owner[s] = me
        uses.setdefault(me, set()).update(used)
    graph = {m: set() for m in uses}
    names = {}
    for m, used in uses.items():
        for s in used:
            d = owner.get(s)
            if d is not None and d != m:
                graph[m].add(d)
                names.setdefault((m, d), set()).add(s)
    return graph, names


def main(argv):
    order = "--order" in argv
    argv = [a for a in argv if a != "--order"]
    if len(argv) not in (1, 2) or not all(os.path.isdir(a) for a in argv):
        print("usage: calls.py OBJ [SRC] (object files; their sources)",
              file=sys.stderr)
        return 2
    obj = argv[0]
    graph, names = call_graph(obj)
    if not graph:
        print("calls: no object files in %s/" % obj, file=sys.stderr)
        return 2
    if len(argv) == 2:
        for m, deps in module_graph(argv[1]).items():
            graph.setdefault(m, set()).update(deps)
            for d in deps:
                graph.setdefault(d, set())
                names.setdefault((m, d), {"#include"})
    failed = False
    for part in tangles(graph):
        loop = find_cycle(graph, part)
        print("calls: a call cycle in %s/: %s" % (obj, " -> ".join(loop)),
              file=sys.stderr)
        for a, b in zip(loop, loop[1:]):
            print("  %s -> %s: %s" % (a, b, " ".join(sorted(names[(a, b)]))),
                  file=sys.stderr)
        failed = True
    if failed:
        return 1
    if order:
        print_order(graph)
        return 0
    print("calls: %d modules, no cycle of calls (%s/)%s" %
          (len(graph), obj,
           " or includes (%s/)" % argv[1] if len(argv) == 2 else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
