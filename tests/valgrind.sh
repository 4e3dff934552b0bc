#!/bin/sh
# tests/valgrind.sh -- run one test program under valgrind memcheck for
# `make valgrind`, its report in a log file of its own.
#
#   VG_OPTS=... tests/valgrind.sh LOGDIR PROGRAM [ARG...]
#
# The log is LOGDIR/PID.log; `make valgrind` fails when any log is not
# empty.  A program on a terminal (the REPL, typed at with timed pauses that
# valgrind's slowness would break) runs natively.  A program killed by a
# signal (SIGPIPE, when a test closes the pipe it writes to) is still
# checked for memory errors, but not for leaks: it never got to free.
# Exits with the program's status.
logdir=$1
shift
if [ -t 0 ]; then
    exec "$@"
fi
log=$logdir/$$.log
# shellcheck disable=SC2086
valgrind $VG_OPTS --log-file="$log" "$@"
status=$?
if [ "$status" -ge 128 ] && [ -f "$log" ] &&
    ! grep -q 'Invalid\|uninitialised\|Mismatched\|overlap\|Syscall param\|Jump to' "$log"; then
    : >"$log"
fi
exit "$status"
