/*
** repl.c -- the interactive loop: line editing and history (libedit,
** loaded by edit.c), a continuation prompt for unfinished statements,
** and dot-commands.
**
** Lines accumulate in a pending text.  After each line every complete
** statement in it runs at once; a last statement that is merely unfinished
** (a syntax error the parser met at the end of the input, as Lua's REPL
** tells them apart) stays pending and the continuation prompt asks for
** more.  No error ends the session: only .quit, .exit or end of input.
**
** Ctrl-C at the prompt drops the pending text; while a statement runs it
** interrupts that statement (concord_interrupt) and the prompt comes back.
*/
#include "cli.h"
#include "edit.h"

#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROMPT "concord> "
#define PROMPT_MORE "   ...> "
#define REPL_NAME "<repl>"
#define HISTORY_FILE ".concord_history"
#define HISTORY_MAX 1000

/* Set by SIGINT; the handler is installed without SA_RESTART, so readline()
** returns NULL with the flag set and the loop starts a fresh prompt. */
static volatile sig_atomic_t interrupted;

/* The handle whose statements are running now, or NULL at the prompt: the
** handler stops them through it (concord_interrupt is only atomics). */
static concord_db *volatile running_db;

static void on_sigint(int sig)
{
    (void)sig;
    interrupted = 1;
    concord_db *db = running_db;
    if (db != NULL)
        concord_interrupt(db);
}

void cq_cli_repl_running(concord_db *db)
{
    running_db = db;
}

typedef cq_cli_pending pending;

static void pending_clear(pending *p)
{
    p->len = 0;
    p->done = 0;
    if (p->buf != NULL)
        p->buf[0] = '\0';
}

int cq_cli_pending_add(pending *p, const char *line)
{
    size_t n = strlen(line);
    if (p->cap - p->len < n + 2) {
        size_t cap = p->cap ? p->cap : 256;
        while (cap - p->len < n + 2)
            cap *= 2;
        char *buf = realloc(p->buf, cap);
        if (buf == NULL)
            return 0;
        p->buf = buf;
        p->cap = cap;
    }
    memcpy(p->buf + p->len, line, n);
    p->len += n;
    p->buf[p->len++] = '\n';
    p->buf[p->len] = '\0';
    return 1;
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
}

/* Keep the statement text[from, to) (without blanks and ';' around it) as
** the one a line starting with '|' goes on from.  Out of memory only
** forgets it. */
static void remember_last(pending *p, const char *from, const char *to)
{
    while (from < to && is_blank(*from))
        from++;
    while (to > from && (is_blank(to[-1]) || to[-1] == ';'))
        to--;
    free(p->last);
    p->last = malloc((size_t)(to - from) + 1);
    if (p->last != NULL) {
        memcpy(p->last, from, (size_t)(to - from));
        p->last[to - from] = '\0';
    }
}

int cq_cli_pending_run(cq_cli_state *st, pending *p)
{
    const char *origin = p->buf, *cur = p->buf + p->done;
    const char *end = p->buf + p->len;
    size_t filled = p->len;
    while (filled > 0 && is_blank(p->buf[filled - 1]))
        filled--;
    if (p->len > (size_t)0x7fffffff) {
        fprintf(stderr, REPL_NAME ": the statement is too long\n");
        pending_clear(p);
        return 0;
    }
    running_db = st->db;
    while (cur < end && !interrupted) {
        concord_stmt *stmt = NULL;
        const char *tail = NULL;
        int rc = concord_prepare_v2(st->db, cur, (int)(end - cur), origin,
                                    &stmt, &tail);
        if (rc != CONCORD_OK) {
            /* The parser ran out of text (past the last non-blank byte:
            ** the end-of-input token may be placed after trailing blanks
            ** or right after the last token): ask for more. */
            int off = concord_error_offset(st->db);
            if (rc == CONCORD_SYNTAX && off >= 0 && (size_t)off >= filled) {
                p->done = (size_t)(cur - origin);
                return 0;
            }
            cq_cli_report(REPL_NAME, st->db, origin, p->len);
            cq_cli_dot_hint(REPL_NAME, st->db, origin, p->len);
            break;
        }
        if (stmt == NULL)
            break;
        cq_cli_note_kind(st, cur, (size_t)(end - cur));
        rc = cq_cli_exec(st, stmt);
        if (rc == CQ_CLI_WRITE_ERROR) {
            /* say so and go on: the session (its lets and defs) is worth
            ** more than one result that could not be written */
            concord_finalize(stmt);
            cq_cli_report_write_error(st);
            clearerr(st->out);
            st->write_errno = 0;
            break;
        }
        if (rc != CONCORD_DONE)
            cq_cli_report(REPL_NAME, st->db, origin, p->len);
#ifndef __clang_analyzer__ /* it loses p->last across the loop: a false leak   \
                            */
        else
            remember_last(p, cur, tail != NULL && tail > cur ? tail : end);
#endif
        concord_finalize(stmt);
        if (rc != CONCORD_DONE || tail == NULL || tail <= cur || tail > end)
            break;
        cur = tail;
    }
    running_db = NULL;
    pending_clear(p);
    return 0;
}

/* "$HOME/.concord_history", or NULL without HOME.  Free it. */
static char *history_path(void)
{
    const char *home = getenv("HOME");
    if (home == NULL || *home == '\0')
        return NULL;
    size_t n = strlen(home) + 1 + strlen(HISTORY_FILE) + 1;
    char *path = malloc(n);
    if (path != NULL)
        snprintf(path, n, "%s/%s", home, HISTORY_FILE);
    return path;
}

/* Add what was typed for one statement (its lines, joined by newlines) to
** the history of ed, unless it repeats *last, the entry added before it. */
static void remember_entry(const cq_cli_editline *ed, char **last,
                           const char *typed)
{
    if (ed == NULL)
        return; /* line editing is off: no history */
    size_t n = typed != NULL ? strlen(typed) : 0;
    while (n > 0 && is_blank(typed[n - 1]))
        n--;
    if (n == 0 ||
        (*last != NULL && strlen(*last) == n && memcmp(*last, typed, n) == 0))
        return;
    char *e = malloc(n + 1);
    if (e == NULL)
        return;
    memcpy(e, typed, n);
    e[n] = '\0';
    ed->add_history(e);
    free(*last);
    *last = e;
}

/* A line starting with '|' goes on from the statement that ran last, as
** in a shell pipeline: put that statement in p first.  Returns 1, 0 when
** memory ran out, -1 (after saying so) when no statement ran yet. */
static int go_on_from_last(pending *p)
{
    if (p->last == NULL) {
        fputs(REPL_NAME ": a line starting with '|' goes on from the "
                        "statement before it, and none has run yet\n",
              stderr);
        return -1;
    }
    return cq_cli_pending_add(p, p->last);
}

/* .read FILE at the prompt: the script runs as on the command line, and
** Ctrl-C stops the statement of it that is running. */
static int run_read_script(cq_cli_state *st, const char *name, const char *text,
                           size_t len)
{
    cq_cli_repl_running(st->db);
    int status = cq_cli_run_script(st, name, text, len);
    cq_cli_repl_running(NULL);
    return status;
}

int cq_cli_repl(cq_cli_state *st)
{
    st->run_script = run_read_script;
    /* libedit reads multibyte input through the locale. */
    setlocale(LC_CTYPE, "");

    struct sigaction sa, old_sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: Ctrl-C must interrupt the read */
    sigaction(SIGINT, &sa, &old_sa);

    /* without line editing no history either: no file read or written */
    const cq_cli_editline *ed = cq_cli_edit_load();
    char *hist = NULL;
    if (ed != NULL) {
        hist = history_path();
        ed->using_history();
        ed->stifle_history(HISTORY_MAX);
        if (hist != NULL)
            ed->read_history(hist); /* a missing file is the usual first run */
    }

    printf("concord %s \xe2\x80\x94 type .help for help, .quit to leave\n",
           concord_version());
    fflush(stdout);

    int status = CQ_CLI_EXIT_OK;
    char *last = NULL; /* the last entry added to the history */
    pending p = {NULL, 0, 0, 0, NULL};
    pending entry = {NULL, 0, 0, 0, NULL}; /* the lines of one statement */
    if (ed != NULL)
        cq_cli_complete_install(ed, st->db, &p);
    for (;;) {
        interrupted = 0;
        char *line = cq_cli_edit_readline(ed, p.len ? PROMPT_MORE : PROMPT);
        if (line == NULL) {
            if (interrupted) {
                /* Ctrl-C: drop what is pending, prompt again (a
                ** terminal reading plain lines showed the ^C itself) */
                fputs(ed != NULL ? "^C\n" : "\n", stdout);
                fflush(stdout);
                pending_clear(&p);
                pending_clear(&entry);
                continue;
            }
            fputc('\n', stdout); /* Ctrl-D: end the prompt's line */
            break;
        }
        interrupted = 0;

        char *s = line;
        while (is_blank(*s))
            s++;
        if (p.len == 0 && *s == '\0') {
            free(line);
            continue;
        }
        if (p.len == 0 && *s == '.') {
            remember_entry(ed, &last, line);
            int r = cq_cli_dot(st, REPL_NAME, s);
            free(line);
            if (r == CQ_CLI_DOT_QUIT)
                break;
            continue;
        }
        if (p.len == 0)
            st->printed = 0; /* blank lines separate outputs of one entry */
        int ok = cq_cli_pending_add(&entry, line);
        if (ok && p.len == 0 && *s == '|')
            ok = go_on_from_last(&p);
        if (ok > 0)
            ok = cq_cli_pending_add(&p, line);
        free(line);
        if (ok <= 0) {
            if (ok == 0)
                fputs("concord: out of memory\n", stderr);
            pending_clear(&p);
            pending_clear(&entry);
            continue;
        }
        int rc = cq_cli_pending_run(st, &p);
        if (p.len == 0) { /* the statement is over: one history entry */
            remember_entry(ed, &last, entry.buf);
            pending_clear(&entry);
        }
        if (rc == CQ_CLI_WRITE_ERROR) {
            status = CQ_CLI_EXIT_FAIL;
            break;
        }
    }
    fflush(stdout);
    if (cq_cli_close_redirect(st) != 0)
        status = CQ_CLI_EXIT_FAIL;

    /* a history that cannot be saved is no error */
    if (ed != NULL && hist != NULL)
        ed->write_history(hist);
    free(hist);
    free(last);
    free(p.buf);
    free(p.last);
    free(entry.buf);
    sigaction(SIGINT, &old_sa, NULL);
    return status;
}
