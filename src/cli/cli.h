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
    FILE *redirect;    /* the .output FILE that out is, or NULL (stdout) */
    int printed_csv;   /* the last result written was CSV */
    int printed_jsonl; /* ...or JSON Lines */
    /* Scripts and -c (not the REPL): the JSON results of a run make one
    ** document (run.c, cq_cli_finish).  The first is held until a second
    ** comes (then both go out in an array) or the run ends (then it goes
    ** out alone, as it was). */
    int json_doc;     /* set by main for a run that is not the REPL */
    int json_now;     /* the statement being written is such a result */
    int json_results; /* results of the document so far */
    int json_nl;      /* a result's last '\n', held back */
    char *json_held;  /* the first result, while it is the only one */
    size_t json_len, json_cap;
    /* How results meet a terminal (term.c, fit.c): */
    int tty;       /* stdout is a terminal: tables fit it, tall ones page */
    int color;     /* colour the output (--color, NO_COLOR) */
    int pager;     /* page results taller than the terminal (.pager) */
    int view;      /* CQ_VIEW_*: how a table shows on a terminal (.mode) */
    char kind[24]; /* the running statement's first word: "correlate" */
    struct cq_cli_display *display; /* .width and .columns settings */
    /* How `.read FILE` runs the file (dot.c): cq_cli_run_script, set by
    ** main.c, or the REPL's, which lets Ctrl-C stop it; held here so that
    ** dot.c, which run.c calls for a script's dot-commands, never calls up
    ** into run.c or repl.c. */
    int (*run_script)(struct cq_cli_state *st, const char *name,
                      const char *text, size_t len);
} cq_cli_state;

/* How a table result shows when it goes to a terminal (st->view). */
#define CQ_VIEW_FIT 0  /* fitted to the width: cells cut, columns left out */
#define CQ_VIEW_FULL 1 /* every column at its full width */
#define CQ_VIEW_RECORDS                                                        \
    2                  /* one "column  value" line a field, a block a row      \
                        */
#define CQ_VIEW_AUTO 3 /* fitted, or records when a row would not fit */

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

/* ---- input.c: a script's text ---- */

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

/* End the run's output: the JSON document of several results is closed,
** a single held result written.  Returns 0, or CQ_CLI_WRITE_ERROR. */
int cq_cli_finish(cq_cli_state *st);

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

/* After cq_cli_report: when the error is at a '.' that starts its line (a
** dot-command typed inside an unfinished statement), say where
** dot-commands work. */
void cq_cli_dot_hint(const char *name, concord_db *db, const char *text,
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

/* Write "; did you mean 'near'?" to stderr (the suggestion in colour when
** errors are coloured); nothing when near is NULL. */
void cq_cli_suggest(const char *near);

/* Write s to f with its control characters as \uXXXX (as the library's
** messages write them): a word typed or passed on the command line is
** echoed without driving the terminal. */
void cq_cli_put_safe(FILE *f, const char *s);

/* Write the valid format names, comma separated, to f. */
void cq_cli_list_formats(FILE *f);

/* Note the first word of the statement starting at text (after blanks and
** comments) in st->kind: the statement kind .columns settings are for. */
void cq_cli_note_kind(cq_cli_state *st, const char *text, size_t len);

/* ---- term.c: the terminal ---- */

/* The terminal's size: COLUMNS and LINES when set to a number, else what
** the terminal of stdout says, else 0 (unknown: a pseudo-terminal nobody
** sized; then nothing is cut, wrapped or paged). */
void cq_cli_term_size(int *cols, int *rows);

/* Decide colour for mode ("auto", "always", "never"): auto colours when
** fd is a terminal and NO_COLOR is unset or empty.  Returns 0 or 1, or -1
** for an unknown mode. */
int cq_cli_color_choice(const char *mode, int fd);

/* Colour of errors on stderr (diag.c); set once from --color. */
extern int cq_cli_color_stderr;

/* SGR sequences used by every coloured output. */
#define CQ_SGR_BOLD "\033[1m"
#define CQ_SGR_DIM "\033[2m"
#define CQ_SGR_RED "\033[31m"
#define CQ_SGR_GREEN "\033[32m"
#define CQ_SGR_CYAN "\033[36m"
#define CQ_SGR_RESET "\033[0m"

/*
** Show len bytes of output that has `lines` lines: through the pager
** ($PAGER, or "less -FRSX") when st->pager is on and the text is taller
** than the terminal, else through write(ctx, ...).  Ctrl-C and q in the
** pager end only the pager.  Returns 0, or nonzero when writing failed.
*/
int cq_cli_page(cq_cli_state *st, const char *text, size_t len, size_t lines,
                int (*write)(void *ctx, const char *data, size_t len),
                void *ctx);

/* ---- fit.c: tables for a terminal ---- */

/*
** Run stmt to its end and render its rows for the terminal in st->view:
** fitted to the width (cells cut with an ellipsis by display width,
** low-priority columns left out and named in a footer), in full, or as
** records; coloured when st->color.  On CONCORD_DONE *text (malloc'd,
** the caller frees it) holds *len bytes in *lines lines.  Otherwise
** returns the library's code (the handle holds the message) or
** CONCORD_NOMEM.
*/
int cq_cli_fit_render(cq_cli_state *st, concord_stmt *stmt, char **text,
                      size_t *len, size_t *lines);

/* .width [COLUMN [N]] and .columns [KIND [COLUMN...]]: set, clear (no N /
** no COLUMN) or list (no argument) the session's settings.  words are the
** command's arguments.  Returns 0, or -1 after saying what is wrong. */
int cq_cli_width_command(cq_cli_state *st, const char *who, int nwords,
                         char **words);
int cq_cli_columns_command(cq_cli_state *st, const char *who, int nwords,
                           char **words);

/* Free the .width and .columns settings. */
void cq_cli_display_free(cq_cli_state *st);

/* ---- dot.c: dot-commands ---- */

#define CQ_CLI_DOT_GO_ON 0
#define CQ_CLI_DOT_QUIT 1

/*
** Run the dot-command on line (which starts with '.' after blanks; line is
** changed).  who names the input in messages ("<repl>", a file name).
** Returns CQ_CLI_DOT_QUIT for .quit and .exit, else CQ_CLI_DOT_GO_ON (a
** command that failed has said why on stderr).
*/
int cq_cli_dot(cq_cli_state *st, const char *who, char *line);

/* Close the .output file, if one is open, and go back to stdout.  Returns
** 0, or -1 after saying the file could not be written. */
int cq_cli_close_redirect(cq_cli_state *st);

/* ---- repl.c ---- */

/* The handle Ctrl-C interrupts while a statement runs, NULL when none. */
void cq_cli_repl_running(concord_db *db);

/* The REPL's text typed so far for statements not yet run.  Start with
** all zeros; free buf when done. */
typedef struct cq_cli_pending {
    char *buf;   /* len bytes, NUL-terminated */
    size_t len;  /* 0: nothing pending, the main prompt shows */
    size_t cap;  /* bytes allocated */
    size_t done; /* bytes at the start already run (their statements) */
    char *last;  /* the last statement that ran, for a line starting with
                 ** '|' to go on from; NULL: none yet.  Free it too. */
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

/* ---- complete.c: Tab in the REPL ---- */

struct cq_cli_editline; /* edit.h */

/* Make Tab in libedit (ed, cq_cli_edit_load()) complete through
** concord_complete() on db, with the lines of pending (the statement
** typed so far) before the current one. */
void cq_cli_complete_install(const struct cq_cli_editline *ed, concord_db *db,
                             const cq_cli_pending *pending);

#endif /* CQ_CLI_H */
