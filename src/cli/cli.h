/*
** cli.h -- what the files of the `concord` program share: the state of a
** run, executing script text, showing errors, and the REPL.
**
** The program uses the library through concord.h only.  main.c reads the
** options and the inputs, run.c walks a script statement by statement and
** prints each result, diag.c shows errors (gcc style, with the source line
** and a caret) and suggests names, repl.c is the interactive loop.
*/
#ifndef CQ_CLI_H
#define CQ_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "concord.h"

/* Exit statuses of the program. */
#define CQ_CLI_EXIT_OK 0    /* everything ran */
#define CQ_CLI_EXIT_FAIL 1  /* a statement, the corpus or the output failed */
#define CQ_CLI_EXIT_USAGE 2 /* bad options, or a FILE that cannot be read */

/* cq_cli_exec() result when writing the output failed (not a library
** code: the library's codes are all below 100 or are ROW/DONE). */
#define CQ_CLI_WRITE_ERROR (-1)

/* The state of one run of the program. */
typedef struct cq_cli_state {
    concord_db *db;   /* the open handle */
    FILE *out;        /* where results go: stdout */
    int printed;      /* some statement's result has been written */
    int printed_json; /* ...and the last one was JSON */
    int sep_pending;  /* write a blank line before the next output byte */
    int wrote;        /* the current statement wrote something */
    int write_errno;  /* errno of the first failed write, 0 if none */
    int nargs;        /* --arg NAME VALUE pairs */
    const char *const *arg_names;  /* their names */
    const char *const *arg_values; /* their values */
    int assert_failed;             /* an assert failed: exit 1 at the end */
    int safe;                      /* --safe: no .read, no .output */
    FILE *redirect; /* the .output FILE that out is, or NULL (stdout) */
} cq_cli_state;

/* ---- run.c ---- */

/*
** Run every statement of a script (len bytes at text, which is its
** origin for line:column), printing each result to st->out and stopping at
** the first statement that fails, after showing its error as name:L:C.
** Returns CQ_CLI_EXIT_OK or CQ_CLI_EXIT_FAIL.
*/
int cq_cli_run_script(cq_cli_state *st, const char *name, const char *text,
                      size_t len);

/*
** Run one prepared statement to its end, writing its result (when it has
** columns) in the handle's current format.  Returns CONCORD_DONE, a
** library error code (the handle holds the message), or CQ_CLI_WRITE_ERROR.
** The caller finalizes stmt, after reporting any error.
*/
int cq_cli_exec(cq_cli_state *st, concord_stmt *stmt);

/* The most bytes a script read from anything but a regular file (a pipe,
** standard input, a device) may hold: /dev/zero is not read forever. */
#define CQ_CLI_STREAM_MAX ((size_t)64 << 20)

/* Open the script at path to read, without blocking on a FIFO that has no
** writer.  NULL with errno set on failure. */
FILE *cq_cli_open_script(const char *path);

/* Read all of f into a new NUL-terminated buffer (*text, *len bytes; the
** caller frees it): a regular file whole, anything else up to
** CQ_CLI_STREAM_MAX bytes (EFBIG past that).  Returns 0, or an errno
** value. */
int cq_cli_read_all(FILE *f, char **text, size_t *len);

/* Say on stderr that writing the output failed (st->write_errno). */
void cq_cli_report_write_error(const cq_cli_state *st);

/* ---- diag.c ---- */

/*
** Show the handle's last error on stderr as "name:L:C: message" (or
** "name: message" when it has no place), followed, when the error has an
** offset into text (len bytes, the origin given to prepare), by the source
** line and a caret under the place.
*/
void cq_cli_report(const char *name, concord_db *db, const char *text,
                   size_t len);

/*
** The candidate nearest to word (by edit distance, ignoring case), or NULL
** when none is near enough to be a likely slip.  cands is NULL-terminated.
*/
const char *cq_cli_nearest(const char *word, const char *const *cands);

/*
** The output format named name.  When there is none, writes
** "who: unknown format 'name'; did you mean 'x'? (formats: ...)" to stderr
** and returns -1.
*/
int cq_cli_format_lookup(const char *who, const char *name);

/* Write s to f with its control characters as \uXXXX (as the library's
** messages write them): a word typed or passed on the command line is
** echoed without driving the terminal. */
void cq_cli_put_safe(FILE *f, const char *s);

/* Write the valid format names, comma separated, to f. */
void cq_cli_list_formats(FILE *f);

/* ---- repl.c ---- */

/* The REPL's text typed so far for statements not yet run.  Start with
** all zeros; free buf when done. */
typedef struct cq_cli_pending {
    char *buf;   /* len bytes, NUL-terminated */
    size_t len;  /* 0: nothing pending, the main prompt shows */
    size_t cap;  /* bytes allocated */
    size_t done; /* bytes at the start already run (their statements) */
} cq_cli_pending;

/* Append line and a newline.  Returns 0 when memory ran out. */
int cq_cli_pending_add(cq_cli_pending *p, const char *line);

/*
** Run the complete statements of the pending text.  An unfinished last
** statement stays pending; anything else (all ran, or one failed) clears
** the text.  A result that cannot be written is reported and the session
** goes on.  Returns 0.
** The REPL's statement loop, apart from the terminal so that tests
** (tests/oom) can drive it.
*/
int cq_cli_pending_run(cq_cli_state *st, cq_cli_pending *p);

/* The interactive loop on a terminal.  Returns the exit status. */
int cq_cli_repl(cq_cli_state *st);

#endif /* CQ_CLI_H */
