#!/bin/sh
# tests/install/run.sh -- `make install` and `make uninstall` into a
# temporary DESTDIR: every file lands where it should, pkg-config finds the
# library, examples/embed.c builds with `pkg-config --cflags --libs concord`
# alone and runs on the installed shared library, the installed program and
# man pages work, and uninstall leaves nothing behind.
#
#   MAKE=make CC=cc BUILD=build/cc TEST_CFLAGS='-O2 -g' tests/install/run.sh
#
# Run by `make installtest` (part of `make test`), which sets the four
# variables; the build folder must be built.  The example is compiled with
# TEST_CFLAGS (so a sanitized build links its runtime) and otherwise with
# nothing but what pkg-config says.  Exit status: 0 when every
# check passed, 1 otherwise, 2 on bad usage.

make=${MAKE:-make}
cc=${CC:-cc}
cflags=${TEST_CFLAGS:-}
build=${BUILD:-build/$(basename "$cc")}
root=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
cd "$root" || exit 2
name=install
. tests/lib/check.sh
version=$(sed -n 's/^#define CONCORD_VERSION "\([^"]*\)".*/\1/p' src/concord.h)
[ -n "$version" ] || { echo "install: no CONCORD_VERSION" >&2; exit 2; }
dest=$tmp/dest
prefix=/usr/local
top=$dest$prefix

quiet_make() {
    "$make" -s --no-print-directory CC="$cc" BUILD="$build" "$@" \
        >"$tmp/make.log" 2>&1
}

# ---- install ---------------------------------------------------------------

t "make install"
if quiet_make install DESTDIR="$dest" PREFIX="$prefix"; then
    ok
else
    bad "failed"
    sed 's/^/    /' "$tmp/make.log" >&2
    finish
    exit 1
fi

t "installed files"
check "no program" test -x "$top/bin/concord"
check "no static library" test -f "$top/lib/libconcord.a"
check "no shared library" test -x "$top/lib/libconcord.so.$version"
check "libconcord.so.0 is no link to the library" \
    test "$(readlink "$top/lib/libconcord.so.0")" = "libconcord.so.$version"
check "libconcord.so is no link to the soname" \
    test "$(readlink "$top/lib/libconcord.so")" = "libconcord.so.0"
check "no header" cmp src/concord.h "$top/include/concord.h"
check "no concord.pc" test -f "$top/lib/pkgconfig/concord.pc"
check "no concord(1)" cmp docs/concord.1 "$top/share/man/man1/concord.1"
check "no concord(3)" cmp docs/concord.3 "$top/share/man/man3/concord.3"
check "no stdlib folder" test -d "$top/share/concord/stdlib"
for f in stdlib/*.cq; do
    [ -e "$f" ] || continue
    check "no $f" cmp "$f" "$top/share/concord/stdlib/$(basename "$f")"
done

t "installed program"
check "concord --version" sh -c "'$top/bin/concord' --version | grep -qx 'concord $version'"
check "concord -c" sh -c "'$top/bin/concord' -c 'show 20000-1:8.5.1' | grep -q 'Change management'"

t "installed header"
printf '#include <concord.h>\nint main(void) { return concord_version() == 0; }\n' \
    >"$tmp/header.c"
check "concord.h alone does not compile cleanly" \
    "$cc" -std=c99 -pedantic -Wall -Wextra -Werror -I"$top/include" \
    -fsyntax-only "$tmp/header.c"

# ---- pkg-config ------------------------------------------------------------

t "pkg-config"
# Only the temporary tree is searched, and its paths are prefixed with it.
PKG_CONFIG_LIBDIR=$top/lib/pkgconfig
PKG_CONFIG_PATH=
PKG_CONFIG_SYSROOT_DIR=$dest
export PKG_CONFIG_LIBDIR PKG_CONFIG_PATH PKG_CONFIG_SYSROOT_DIR
check "modversion" sh -c "test \"\$(pkg-config --modversion concord)\" = '$version'"
flags=$(pkg-config --cflags --libs concord)
case " $flags " in
*" -I$top/include "*) ok ;;
*) bad "--cflags gives no -I$top/include: $flags" ;;
esac
case " $flags " in
*" -L$top/lib "*) ok ;;
*) bad "--libs gives no -L$top/lib: $flags" ;;
esac
case " $flags " in
*" -lconcord "*) ok ;;
*) bad "--libs gives no -lconcord: $flags" ;;
esac

t "examples/embed.c built with pkg-config alone"
# shellcheck disable=SC2086 # the flags are words
check "cc failed" "$cc" $cflags -o "$tmp/embed" examples/embed.c $flags
check "embed does not load libconcord.so.0" \
    sh -c "readelf -d '$tmp/embed' | grep -q 'NEEDED.*\\[libconcord.so.0\\]'"
LD_LIBRARY_PATH=$top/lib run "$tmp/embed"
expect 0
has "$tmp/out" "27001:A.12.1.2"
empty "$tmp/err"
check "embed did not use the installed library" \
    sh -c "LD_LIBRARY_PATH='$top/lib' ldd '$tmp/embed' | grep -q '$top/lib/libconcord.so.0'"

t "examples/report.c against the static library"
# shellcheck disable=SC2086
check "cc failed" "$cc" $cflags -o "$tmp/report" examples/report.c \
    $(pkg-config --cflags concord) "$top/lib/libconcord.a"
check "report failed" sh -c "'$tmp/report' | grep -q '^## 20000-1:8.5.1 Change management'"

# ---- man pages -------------------------------------------------------------

t "man pages"
for page in man1/concord.1 man3/concord.3; do
    file=$top/share/man/$page
    check "$page renders with warnings" \
        sh -c "MANWIDTH=80 man --warnings -l '$file' 2>&1 >/dev/null | \
               { ! grep .; }"
    check "$page: groff warns" \
        sh -c "groff -ww -man -Tutf8 -z '$file' 2>&1 | { ! grep .; }"
    check "$page is not for concord $version" \
        grep -q "^\\.TH CONCORD [13] .*\"concord $version\"" "$file"
done
check "man -M finds concord(3)" \
    sh -c "MANWIDTH=80 man -M '$top/share/man' 3 concord | grep -q concord_prepare"

t "a man page for every call of concord.h (issue 16)"
calls=$(sed -n 's/^CONCORD_API[^(]*[ *]\(concord_[a-z0-9_]*\)(.*/\1/p' src/concord.h)
for f in $calls; do
    check "no $f(3)" test -f "$top/share/man/man3/$f.3"
done
check "man concord_prepare: not its declaration" \
    sh -c "MANWIDTH=200 man -M '$top/share/man' 3 concord_prepare |
           grep -q 'int concord_prepare(concord_db \*db, const char \*text, int len,'"
check "man concord_bind_int: not the bind_text group's page" \
    sh -c "MANWIDTH=200 man -M '$top/share/man' 3 concord_bind_int |
           grep -qE 'concord_bind_text, +concord_bind_int'"
check "concord_set_namespace(3) renders with warnings" \
    sh -c "groff -ww -man -Tutf8 -z '$top/share/man/man3/concord_set_namespace.3' 2>&1 | { ! grep .; }"

t "shell completion (issue 16)"
check "no bash completion" test -f "$top/share/bash-completion/completions/concord"
check "no zsh completion" test -f "$top/share/zsh/site-functions/_concord"

t "the example of concord(3)"
# The first example (a C program), unescaped from roff, built with
# pkg-config.
sed -n '/^\.SH EXAMPLES/,$p' "$top/share/man/man3/concord.3" |
    awk '/^\.EX/ { on = 1; next } /^\.EE/ { exit } on' |
    sed 's/\\e/\\/g; s/\\-/-/g' >"$tmp/man3.c"
# shellcheck disable=SC2086
check "cc failed" "$cc" $cflags -o "$tmp/man3" "$tmp/man3.c" $flags
LD_LIBRARY_PATH=$top/lib run "$tmp/man3"
expect 0
has "$tmp/out" "27001:A.12.1.2	Change management"

# ---- uninstall -------------------------------------------------------------

t "make uninstall"
if quiet_make uninstall DESTDIR="$dest" PREFIX="$prefix"; then
    ok
else
    bad "failed"
    sed 's/^/    /' "$tmp/make.log" >&2
fi
left=$(find "$dest" ! -type d)
if [ -z "$left" ]; then ok; else bad "left behind:" $left; fi
if [ -d "$top/share/concord" ]; then bad "left $prefix/share/concord"; else ok; fi

t "another prefix"
if quiet_make install DESTDIR="$dest" PREFIX=/opt/concord; then
    ok
    check "concord.pc does not name /opt/concord" \
        grep -qx 'prefix=/opt/concord' "$dest/opt/concord/lib/pkgconfig/concord.pc"
    check "concord.pc's libdir is not \${prefix}/lib" \
        grep -qx 'libdir=${prefix}/lib' "$dest/opt/concord/lib/pkgconfig/concord.pc"
    # pkg-config --define-prefix moves the staged tree (issue 16).
    check "--define-prefix does not find the staged library" \
        sh -c "PKG_CONFIG_SYSROOT_DIR= PKG_CONFIG_LIBDIR='$dest/opt/concord/lib/pkgconfig' \
               pkg-config --define-prefix --libs concord |
               grep -q -- '-L$dest/opt/concord/lib '"
    quiet_make uninstall DESTDIR="$dest" PREFIX=/opt/concord
    left=$(find "$dest" ! -type d)
    if [ -z "$left" ]; then ok; else bad "left behind:" $left; fi
else
    bad "install failed"
    sed 's/^/    /' "$tmp/make.log" >&2
fi

finish
