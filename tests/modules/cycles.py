#!/usr/bin/env python3
"""tests/modules/cycles.py -- the library's modules include each other in
layers, never in a loop, and the program sees only the public header.

A module is a stem of src/: src/X.c and src/X.h are module X.  X depends on
Y when either of X's files has #include "Y.h" and src/Y.h exists (headers
made at build time, such as parser.h, are no module).  Any cycle among
modules fails the check and is printed, one module after another; so is a
file of src/cli/ that includes a header of src/ other than concord.h.
With --order, prints the modules from the bottom up, each beside what it
includes.  The calls between modules are checked by calls.py, whose
--order (includes and calls) docs/internals.md's table of layers keeps.

    python3 tests/modules/cycles.py [--order] [SRC]   (SRC: default src)
"""
import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def includes(path):
    with open(path, encoding="utf-8") as f:
        return INCLUDE.findall(f.read())


def module_graph(src):
    """{module: set of modules it includes}, from src/*.c and src/*.h."""
    names = sorted(f for f in os.listdir(src) if f.endswith((".c", ".h")))
    modules = {os.path.splitext(f)[0] for f in names}
    headers = {f for f in names if f.endswith(".h")}
    graph = {m: set() for m in modules}
    for f in names:
        me = os.path.splitext(f)[0]
        for inc in includes(os.path.join(src, f)):
            if inc in headers and inc[:-2] != me:
                graph[me].add(inc[:-2])
    return graph


def find_cycle(graph, within):
    """One cycle among the modules of within, as a list of modules (the
    first repeated at the end), or None."""
    graph = {m: graph[m] & within for m in within}
    state = {}  # absent: unseen; 1: on the path; 2: done
    for root in sorted(graph):
        if root in state:
            continue
        path = [root]
        state[root] = 1
        stack = [iter(sorted(graph[root]))]
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                stack.pop()
            elif state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            elif nxt not in state:
                state[nxt] = 1
                path.append(nxt)
                stack.append(iter(sorted(graph[nxt])))
    return None


def tangles(graph):
    """The sets of modules that reach each other (strongly connected
    components of more than one module), Tarjan's way."""
    index, low, on, stack, found = {}, {}, set(), [], []

    def visit(m):
        index[m] = low[m] = len(index)
        stack.append(m)
        on.add(m)
        for d in sorted(graph[m]):
            if d not in index:
                visit(d)
                low[m] = min(low[m], low[d])
            elif d in on:
                low[m] = min(low[m], index[d])
        if low[m] == index[m]:
            part = set()
            while True:
                d = stack.pop()
                on.discard(d)
                part.add(d)
                if d == m:
                    break
            if len(part) > 1:
                found.append(part)

    for m in sorted(graph):
        if m not in index:
            visit(m)
    return found


def layers(graph):
    """Modules by level: 0 includes nothing, n includes up to level n-1."""
    level = {}

    def of(m):
        if m not in level:
            level[m] = 1 + max((of(d) for d in graph[m]), default=-1)
        return level[m]

    for m in graph:
        of(m)
    return level


def print_order(graph):
    """The modules by layer, bottom up, each beside what it depends on."""
    level = layers(graph)
    for n in range(max(level.values()) + 1):
        for m in sorted(k for k in level if level[k] == n):
            print("%d %-12s %s" % (n, m, " ".join(sorted(graph[m]))))


def main(argv):
    order = "--order" in argv
    args = [a for a in argv if a != "--order"]
    src = args[0] if args else "src"
    graph = module_graph(src)
    failed = False
    for part in tangles(graph):
        print("modules: an #include cycle in %s/: %s" %
              (src, " -> ".join(find_cycle(graph, part))), file=sys.stderr)
        failed = True
    cli = os.path.join(src, "cli")
    if os.path.isdir(cli):
        own = {f for f in os.listdir(cli) if f.endswith(".h")}
        for f in sorted(os.listdir(cli)):
            if not f.endswith((".c", ".h")):
                continue
            for inc in includes(os.path.join(cli, f)):
                if inc != "concord.h" and inc not in own:
                    print("modules: %s/%s includes \"%s\"; the program uses "
                          "only concord.h" % (cli, f, inc), file=sys.stderr)
                    failed = True
    if failed:
        return 1
    if order:
        print_order(graph)
    else:
        print("modules: %d modules of %s/, no #include cycle" %
              (len(graph), src))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
