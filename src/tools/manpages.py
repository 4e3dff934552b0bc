#!/usr/bin/env python3
"""manpages.py -- one man page per public call of libconcord, made from
src/concord.h at build time, so the pages cannot drift from the header.

    python3 src/tools/manpages.py src/concord.h OUTDIR VERSION

concord.h documents its calls in groups: a comment, then the declarations
it describes (with the typedefs they use), then a blank line.  Each group
becomes OUTDIR/FIRST.3, FIRST being its first call, with the comment as
DESCRIPTION and the declarations as SYNOPSIS; each other call of the group
gets OUTDIR/NAME.3 holding ".so man3/FIRST.3", so `man NAME` finds the page
for every call.  docs/concord.3 stays the overview.  Prints the pages'
names, one a line.
"""
import os
import re
import sys

API = re.compile(r"^CONCORD_API\b")
NAME = re.compile(r"\b(concord_[a-z0-9_]+)\s*\(")


def groups(lines):
    """(comment lines, declaration lines, names) of each documented group."""
    comment, decls, out = [], [], []
    in_comment = False

    def close():
        names = [m.group(1) for d in decls if API.match(d)
                 for m in [NAME.search(d)] if m]
        if names and comment:
            out.append((list(comment), list(decls), names))
        comment.clear()
        decls.clear()

    i = 0
    while i < len(lines):
        line = lines[i]
        s = line.strip()
        if in_comment:
            comment.append(line)
            in_comment = "*/" not in s
        elif s.startswith("/*"):
            if decls:
                close()
            comment[:] = [line]
            in_comment = "*/" not in s
        elif s.startswith("#define") and comment and not in_comment:
            # constants a call takes (CONCORD_COMPLETE_*) belong to its page
            decls.append(line)
        elif s == "" or s.startswith("#"):
            close()
        else:
            # a declaration runs to its ';' (typedefs included)
            while True:
                decls.append(lines[i])
                if ";" in lines[i] or i + 1 >= len(lines):
                    break
                i += 1
        i += 1
    close()
    return out


def comment_text(comment):
    """The comment's words, with blank comment lines as paragraph breaks."""
    text = []
    for line in comment:
        s = line.strip()
        s = re.sub(r"^/\*+", "", s)
        s = re.sub(r"\*+/$", "", s)
        s = re.sub(r"^\*\*?", "", s)
        text.append(s.strip())
    while text and not text[0]:
        text.pop(0)
    while text and not text[-1]:
        text.pop()
    return text


def roff(s):
    """s as roff text: backslashes doubled, a line start that roff would
    read as a request guarded."""
    s = s.replace("\\", "\\e")
    if s.startswith((".", "'")):
        s = "\\&" + s
    return s


def summary(text):
    """The first sentence, for NAME."""
    words = " ".join(t for t in text if t)
    m = re.match(r"(.+?[.:])(\s|$)", words)
    first = m.group(1) if m else words
    first = first.rstrip(".:")
    if len(first) > 90:
        first = first[:87].rsplit(" ", 1)[0] + " ..."
    return first[:1].lower() + first[1:] if first[:2] != first[:2].upper() \
        else first


def page(comment, decls, names, version):
    text = comment_text(comment)
    out = [
        '.\\" Made by src/tools/manpages.py from src/concord.h; do not edit.',
        '.TH %s 3 "" "concord %s" "concord library"' % (names[0].upper(),
                                                        version),
        ".SH NAME",
        "%s \\- %s" % (", ".join(roff(n) for n in names),
                       roff(summary(text))),
        ".SH SYNOPSIS",
        ".nf",
        ".B #include <concord.h>",
        ".PP",
    ]
    out += [roff(re.sub(r"^CONCORD_API ", "", d.rstrip())) for d in decls]
    out += [".fi", ".SH DESCRIPTION"]
    para = False
    for t in text:
        if not t:
            if para:
                out.append(".PP")
            para = False
            continue
        out.append(roff(t))
        para = True
    out += [".SH SEE ALSO",
            ".BR concord (3),",
            ".BR concord (1)"]
    return "\n".join(out) + "\n"


def main():
    if len(sys.argv) != 4:
        print("usage: manpages.py CONCORD_H OUTDIR VERSION", file=sys.stderr)
        return 2
    header, outdir, version = sys.argv[1:]
    with open(header, encoding="utf-8") as f:
        lines = f.read().split("\n")
    os.makedirs(outdir, exist_ok=True)
    made = []
    for comment, decls, names in groups(lines):
        with open(os.path.join(outdir, names[0] + ".3"), "w") as f:
            f.write(page(comment, decls, names, version))
        made.append(names[0])
        for other in names[1:]:
            with open(os.path.join(outdir, other + ".3"), "w") as f:
                f.write(".so man3/%s.3\n" % names[0])
            made.append(other)
    declared = [m.group(1) for line in lines if API.match(line)
                for m in [NAME.search(line)] if m]
    missing = sorted(set(declared) - set(made))
    if missing:
        print("manpages.py: no comment documents " + ", ".join(missing),
              file=sys.stderr)
        return 1
    print("\n".join(made))
    return 0


if __name__ == "__main__":
    sys.exit(main())
