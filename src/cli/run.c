/*
** run.c -- executing script text: walk it statement by statement with
** concord_prepare_v2(), print each statement's result in the handle's
** current format, stop at the first failure and show it.
*/
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int put(cq_cli_state *st, const char *data, size_t len)
{
    if (fwrite(data, 1, len, st->out) == len)
        return 0;
    if (st->write_errno == 0)
        st->write_errno = errno ? errno : EIO;
    return 1;
}

/* A JSON result of a run's document (cli.h): the first is held; the
** second opens the array with it; each after is one more element.  Each
** result's last newline is held back, so that "," or "]" follows its
** closing bracket. */
static int json_out(cq_cli_state *st, const char *data, size_t len)
{
    if (st->json_results == 1 && st->json_held != NULL && !st->wrote) {
        /* a second result: the array opens with the first */
        size_t n = st->json_len;
        while (n > 0 && st->json_held[n - 1] == '\n')
            n--;
        if (put(st, "[\n", 2) || put(st, st->json_held, n) || put(st, ",\n", 2))
            return 1;
        free(st->json_held);
        st->json_held = NULL;
    } else if (st->json_results > 1 && !st->wrote && put(st, ",\n", 2)) {
        return 1;
    }
    if (!st->wrote)
        st->json_results++;
    st->wrote = 1;
    if (st->json_results == 1) { /* hold it */
        if (st->json_held == NULL || st->json_len + len + 1 > st->json_cap) {
            size_t cap = (st->json_len + len + 1) * 2;
            char *more = realloc(st->json_held, cap);
            if (more == NULL) {
                st->write_errno = ENOMEM;
                return 1;
            }
            st->json_held = more;
            st->json_cap = cap;
        }
        memcpy(st->json_held + st->json_len, data, len);
        st->json_len += len;
        return 0;
    }
    if (st->json_nl && put(st, "\n", 1))
        return 1;
    st->json_nl = data[len - 1] == '\n';
    return put(st, data, len - (size_t)st->json_nl);
}

int cq_cli_finish(cq_cli_state *st)
{
    int rc = 0;
    if (st->json_results == 1 && st->json_held != NULL)
        rc = put(st, st->json_held, st->json_len);
    else if (st->json_results > 1)
        rc = put(st, "\n]\n", 3);
    free(st->json_held);
    st->json_held = NULL;
    st->json_len = st->json_cap = 0;
    st->json_results = 0;
    st->json_nl = 0;
    if (fflush(st->out) != 0 && st->write_errno == 0)
        st->write_errno = errno ? errno : EIO;
    return rc || st->write_errno ? CQ_CLI_WRITE_ERROR : 0;
}

/* concord_write_fn over the state's FILE.  The blank line that separates
** two statements' outputs is written with the first byte of the second, so
** a statement that fails before writing anything leaves no stray line;
** between two CSV results it ends in CRLF as their lines do. */
static int write_out(void *ctx, const char *data, size_t len)
{
    cq_cli_state *st = ctx;
    if (len == 0)
        return 0;
    if (st->json_now)
        return json_out(st, data, len);
    if (st->sep_pending) {
        st->sep_pending = 0;
        int crlf =
            st->printed_csv && concord_format(st->db) == CONCORD_FORMAT_CSV;
        if (fputs(crlf ? "\r\n" : "\n", st->out) == EOF)
            goto fail;
    }
    st->wrote = 1;
    if (fwrite(data, 1, len, st->out) != len)
        goto fail;
    return 0;
fail:
    if (st->write_errno == 0)
        st->write_errno = errno ? errno : EIO;
    return 1;
}

/* Bind the --arg values to the statement's parameters of those names. */
static int bind_args(cq_cli_state *st, concord_stmt *stmt)
{
    for (int i = 0; i < st->nargs; i++) {
        int index = concord_bind_parameter_index(stmt, st->arg_names[i]);
        if (index > 0) {
            int rc = concord_bind_text(stmt, index, st->arg_values[i], -1);
            if (rc != CONCORD_OK)
                return rc;
        }
    }
    return CONCORD_OK;
}

/* A table for a person at a terminal (fit.c), through the pager when it
** is taller than the screen (term.c). */
static int exec_for_terminal(cq_cli_state *st, concord_stmt *stmt)
{
    char *text = NULL;
    size_t len = 0, lines = 0;
    int rc = cq_cli_fit_render(st, stmt, &text, &len, &lines);
    if (rc == CONCORD_DONE && cq_cli_page(st, text, len, lines, write_out, st))
        rc = CONCORD_IOERR;
    free(text);
    return rc;
}

/* Where the next statement after p would start: past blanks, ';' and
** comments (`--` or `#` to the end of the line). */
static const char *skip_gap(const char *p, const char *end)
{
    for (;;) {
        while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' ||
                           *p == '\r' || *p == '\f' || *p == '\v' || *p == ';'))
            p++;
        if (p < end && (*p == '#' || (*p == '-' && p + 1 < end && p[1] == '-')))
            while (p < end && *p != '\n')
                p++;
        else
            return p;
    }
}

void cq_cli_note_kind(cq_cli_state *st, const char *text, size_t len)
{
    const char *end = text + len, *p = skip_gap(text, end);
    size_t n = 0;
    while (p + n < end && n + 1 < sizeof st->kind &&
           ((p[n] >= 'a' && p[n] <= 'z') || (p[n] >= 'A' && p[n] <= 'Z') ||
            p[n] == '_')) {
        char c = p[n];
        st->kind[n++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    st->kind[n] = '\0';
}

/* A statement's note goes to standard error, each line as "note: ...",
** after its table (flushed first, so the two stay in order on a
** terminal). */
static void note(cq_cli_state *st, const char *text)
{
    if (text == NULL)
        return;
    fflush(st->out);
    for (const char *line = text; *line;) {
        const char *end = strchr(line, '\n');
        int len = end ? (int)(end - line) : (int)strlen(line);
        fprintf(stderr, "note: %.*s\n", len, line);
        line += len + (end != NULL);
    }
}

int cq_cli_exec(cq_cli_state *st, concord_stmt *stmt)
{
    int rc = bind_args(st, stmt);
    if (rc != CONCORD_OK)
        return rc;
    if (concord_column_count(stmt) <= 0) {
        /* 'format', 'let', 'def', 'import', 'assert': run for effect. */
        while ((rc = concord_step(stmt)) == CONCORD_ROW)
            ;
        return rc;
    }
    /* Read the format now: an earlier 'format json;' may have changed it. */
    int format = concord_format(st->db);
    int json = format == CONCORD_FORMAT_JSON;
    /* Output that is not JSON ends the JSON document before it. */
    if (!json && st->json_results > 0 && cq_cli_finish(st) != 0)
        return CQ_CLI_WRITE_ERROR;
    /* One blank line between two outputs, except between two JSON arrays,
    ** which a script's run makes one document of (cq_cli_finish); JSON
    ** Lines runs on, one object a line. */
    int jsonl = format == CONCORD_FORMAT_JSONL;
    st->sep_pending = st->printed && !(json && st->printed_json) &&
                      !(jsonl && st->printed_jsonl);
    st->json_now = json && st->json_doc;
    st->wrote = 0;
    errno = 0;
    if (format == CONCORD_FORMAT_TABLE &&
        ((st->out == stdout && (st->tty || st->color)) ||
         st->view == CQ_VIEW_RECORDS))
        rc = exec_for_terminal(st, stmt);
    else
        rc = concord_write_result(stmt, format, write_out, st);
    st->sep_pending = 0;
    st->json_now = 0;
    st->json_nl = 0; /* a result's last newline: "," or "]" comes next */
    if (rc == CONCORD_DONE) {
        /* the note is worded when it is asked for: that can run out of
        ** memory, which is said as the statement's failure */
        const char *text = concord_note(stmt);
        if (text == NULL && concord_errcode(st->db) == CONCORD_NOMEM)
            rc = CONCORD_NOMEM;
        note(st, text);
    }
    if (st->wrote) {
        st->printed = 1;
        st->printed_json = json;
        st->printed_jsonl = jsonl;
        st->printed_csv = format == CONCORD_FORMAT_CSV;
    }
    if (fflush(st->out) != 0 && st->write_errno == 0)
        st->write_errno = errno ? errno : EIO;
    if (st->write_errno != 0)
        return CQ_CLI_WRITE_ERROR;
    return rc;
}

void cq_cli_report_write_error(const cq_cli_state *st)
{
    fprintf(stderr, "concord: cannot write output: %s\n",
            strerror(st->write_errno ? st->write_errno : EIO));
}

/* The '.' of a dot-command line where the next statement after p would
** start, or NULL: a '.' first on its line (after blanks), as the REPL
** reads one. */
static const char *dot_line(const char *text, const char *p, const char *end)
{
    const char *q = skip_gap(p, end);
    if (q >= end || *q != '.')
        return NULL;
    for (const char *b = q; b > text && b[-1] != '\n'; b--)
        if (b[-1] != ' ' && b[-1] != '\t')
            return NULL;
    return q;
}

/* Run the dot-command line at dot (to the end of its line) and set *next
** past it.  Returns 1 to go on, 0 for .quit, -1 when memory ran out. */
static int run_dot_line(cq_cli_state *st, const char *name, const char *text,
                        const char *dot, const char *end, const char **next)
{
    const char *eol = memchr(dot, '\n', (size_t)(end - dot));
    if (eol == NULL)
        eol = end;
    size_t n = (size_t)(eol - dot);
    long line = 1;
    for (const char *q = text; q < dot; q++)
        line += *q == '\n';
    char *cmd = malloc(n + 1);
    size_t wn = strlen(name) + 24;
    char *who = malloc(wn);
    if (cmd == NULL || who == NULL) {
        free(cmd);
        free(who);
        fputs("concord: out of memory\n", stderr);
        return -1;
    }
    memcpy(cmd, dot, n);
    cmd[n] = '\0';
    snprintf(who, wn, "%s:%ld", name, line);
    int quit = cq_cli_dot(st, who, cmd) == CQ_CLI_DOT_QUIT;
    free(cmd);
    free(who);
    *next = eol;
    return quit ? 0 : 1;
}

int cq_cli_run_script(cq_cli_state *st, const char *name, const char *text,
                      size_t len)
{
    const char *p = text, *end = text + len;
    if (len > (size_t)0x7fffffff) {
        fflush(stdout);
        fprintf(stderr, "%s: the script is too large (2 GiB at most)\n", name);
        return CQ_CLI_EXIT_FAIL;
    }
    while (p < end) {
        const char *dot = dot_line(text, p, end);
        if (dot != NULL) {
            int go_on = run_dot_line(st, name, text, dot, end, &p);
            if (go_on <= 0)
                return go_on < 0 ? CQ_CLI_EXIT_FAIL : CQ_CLI_EXIT_OK;
            continue;
        }
        concord_stmt *stmt = NULL;
        const char *tail = NULL;
        int rc =
            concord_prepare_v2(st->db, p, (int)(end - p), text, &stmt, &tail);
        if (rc != CONCORD_OK) {
            cq_cli_report(name, st->db, text, len);
            cq_cli_dot_hint(name, st->db, text, len);
            return CQ_CLI_EXIT_FAIL;
        }
        if (stmt == NULL) /* only blanks and comments were left */
            break;
        cq_cli_note_kind(st, p, (size_t)(end - p));
        rc = cq_cli_exec(st, stmt);
        if (rc == CQ_CLI_WRITE_ERROR) {
            concord_finalize(stmt);
            cq_cli_report_write_error(st);
            return CQ_CLI_EXIT_FAIL;
        }
        if (rc == CONCORD_ASSERT) {
            /* a failed assert is reported and the script goes on: a file
            ** of asserts checks everything, then exits 1 */
            cq_cli_report(name, st->db, text, len);
            st->assert_failed = 1;
        } else if (rc != CONCORD_DONE) {
            /* The message lives until the next call on the handle: show
            ** it before finalizing. */
            cq_cli_report(name, st->db, text, len);
            concord_finalize(stmt);
            return CQ_CLI_EXIT_FAIL;
        }
        concord_finalize(stmt);
        if (tail == NULL || tail <= p || tail > end)
            break; /* no progress: never loop forever on a library slip */
        p = tail;
    }
    return st->assert_failed ? CQ_CLI_EXIT_FAIL : CQ_CLI_EXIT_OK;
}
