/*
** repl.c -- the interactive loop: libedit line editing and history, a
** continuation prompt for unfinished statements, and dot-commands.
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

#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <editline/readline.h>

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
            break;
        }
        if (stmt == NULL)
            break;
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
        concord_finalize(stmt);
        if (rc != CONCORD_DONE || tail == NULL || tail <= cur || tail > end)
            break;
        cur = tail;
    }
    running_db = NULL;
    pending_clear(p);
    return 0;
}

static void help(void)
{
    fputs(".help              show this help\n"
          ".mode [FORMAT]     show or set the output format (",
          stdout);
    cq_cli_list_formats(stdout);
    fputs(")\n"
          ".read FILE         run the script FILE\n"
          ".output [FILE]     write results to FILE (replacing it); "
          "no FILE: the\n"
          "                   terminal again\n"
          ".quit, .exit       leave (so does Ctrl-D)\n"
          "\n"
          "A statement runs as soon as a line completes it; an unfinished "
          "one goes on\n"
          "at the next line (the ...> prompt).  Separate statements with "
          "';'.\n"
          "Ctrl-C drops an unfinished statement, or stops one that is "
          "running.\n"
          "\n"
          "Examples:\n"
          "  standards;\n"
          "  show 20000-1:8.5.1;\n"
          "  correlate 20000-1:8.5.1 with 27001;\n"
          "  clauses of 20000-1 where origin = added;\n"
          "  gap 20000-1 against 9001;\n"
          "  path 9001:6.3 to 27001:A.14.2.2;\n",
          stdout);
}

enum { DOT_GO_ON, DOT_QUIT };

/* Split the next blank-separated word off *s.  Returns NULL when none. */
static char *next_word(char **s)
{
    char *p = *s;
    while (*p && is_blank(*p))
        p++;
    if (*p == '\0')
        return NULL;
    char *word = p;
    while (*p && !is_blank(*p))
        p++;
    if (*p)
        *p++ = '\0';
    *s = p;
    return word;
}

/* The rest of the line, without blanks around it: a file name may hold
** spaces. */
static char *rest_of_line(char *s)
{
    while (*s && is_blank(*s))
        s++;
    size_t n = strlen(s);
    while (n > 0 && is_blank(s[n - 1]))
        s[--n] = '\0';
    return s;
}

/* .read FILE: run the script as if it had been given on the command line;
** its imports are relative to it. */
static void read_command(cq_cli_state *st, const char *path)
{
    FILE *f = cq_cli_open_script(path);
    char *text = NULL;
    size_t len = 0;
    int e = f == NULL ? errno : cq_cli_read_all(f, &text, &len);
    if (f != NULL)
        fclose(f);
    if (e != 0) {
        fprintf(stderr, REPL_NAME ": cannot open %s: %s\n", path, strerror(e));
        return;
    }
    concord_set_source_path(st->db, path);
    st->assert_failed = 0;
    st->printed = 0;
    running_db = st->db;
    cq_cli_run_script(st, path, text, len);
    running_db = NULL;
    concord_set_source_path(st->db, NULL);
    free(text);
}

/* Close the .output file, if one is open, and go back to stdout.  Returns
** 0, or -1 after saying the file could not be written. */
static int close_redirect(cq_cli_state *st)
{
    int rc = 0;
    if (st->redirect != NULL) {
        if (fclose(st->redirect) != 0) {
            fprintf(stderr, REPL_NAME ": cannot write the .output file: %s\n",
                    strerror(errno));
            rc = -1;
        }
        st->redirect = NULL;
    }
    st->out = stdout;
    st->printed = 0;
    st->write_errno = 0;
    return rc;
}

/* .output [FILE]: results go to FILE (created or emptied) until the next
** .output; none goes back to the terminal. */
static void output_command(cq_cli_state *st, const char *path)
{
    close_redirect(st);
    if (*path == '\0')
        return;
    FILE *f = fopen(path, "w");
    if (f == NULL) {
        fprintf(stderr, REPL_NAME ": cannot open %s: %s\n", path,
                strerror(errno));
        return;
    }
    st->redirect = f;
    st->out = f;
}

/* Run the dot-command on line (which starts with '.' after blanks). */
static int dot_command(cq_cli_state *st, char *line)
{
    static const char *const commands[] = {".help", ".mode",   ".output",
                                           ".quit", ".exit",   ".read",
                                           NULL};
    char *rest = line;
    char *cmd = next_word(&rest);
    char *path = rest_of_line(rest); /* .read and .output take it whole */

    if (strcmp(cmd, ".quit") == 0 || strcmp(cmd, ".exit") == 0)
        return DOT_QUIT;
    int is_read = strcmp(cmd, ".read") == 0;
    if ((is_read || strcmp(cmd, ".output") == 0) && st->safe) {
        fprintf(stderr,
                REPL_NAME ": %s is not allowed in safe mode (--safe): it "
                          "%s files\n",
                cmd, is_read ? "reads" : "writes");
    } else if (is_read) {
        if (*path == '\0')
            fprintf(stderr, REPL_NAME ": usage: .read FILE\n");
        else
            read_command(st, path);
    } else if (strcmp(cmd, ".output") == 0) {
        output_command(st, path);
    } else if (strcmp(cmd, ".help") == 0) {
        help();
    } else if (strcmp(cmd, ".mode") == 0) {
        char *arg = next_word(&rest);
        char *extra = next_word(&rest);
        if (extra != NULL) {
            fprintf(stderr, REPL_NAME ": usage: .mode [FORMAT]\n");
        } else if (arg == NULL) {
            const char *name = concord_format_name(concord_format(st->db));
            printf("%s\n", name ? name : "?");
        } else {
            int f = cq_cli_format_lookup(REPL_NAME, arg);
            if (f >= 0)
                concord_set_format(st->db, f);
        }
    } else {
        const char *near = cq_cli_nearest(cmd, commands);
        fflush(stdout);
        fputs(REPL_NAME ": unknown command '", stderr);
        cq_cli_put_safe(stderr, cmd);
        fputc('\'', stderr);
        if (near != NULL)
            fprintf(stderr, "; did you mean '%s'?\n", near);
        else
            fputs(" (.help lists the commands)\n", stderr);
    }
    fflush(stdout);
    return DOT_GO_ON;
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

int cq_cli_repl(cq_cli_state *st)
{
    /* libedit reads multibyte input through the locale. */
    setlocale(LC_CTYPE, "");

    struct sigaction sa, old_sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: Ctrl-C must interrupt the read */
    sigaction(SIGINT, &sa, &old_sa);

    char *hist = history_path();
    using_history();
    stifle_history(HISTORY_MAX);
    if (hist != NULL)
        read_history(hist); /* a missing file is the usual first run */

    printf("concord %s \xe2\x80\x94 type .help for help, .quit to leave\n",
           concord_version());
    fflush(stdout);

    int status = CQ_CLI_EXIT_OK;
    char *last = NULL; /* the last line added to the history */
    pending p = {NULL, 0, 0, 0};
    for (;;) {
        interrupted = 0;
        char *line = readline(p.len ? PROMPT_MORE : PROMPT);
        if (line == NULL) {
            if (interrupted) {
                /* Ctrl-C: drop what is pending, prompt again. */
                fputs("^C\n", stdout);
                fflush(stdout);
                pending_clear(&p);
                continue;
            }
            fputc('\n', stdout); /* Ctrl-D: end the prompt's line */
            break;
        }
        interrupted = 0;

        char *s = line;
        while (is_blank(*s))
            s++;
        if (*s != '\0' && (last == NULL || strcmp(last, line) != 0)) {
            add_history(line);
            free(last);
            last = strdup(line);
        }
        if (p.len == 0 && *s == '\0') {
            free(line);
            continue;
        }
        if (p.len == 0 && *s == '.') {
            int r = dot_command(st, s);
            free(line);
            if (r == DOT_QUIT)
                break;
            continue;
        }
        if (p.len == 0)
            st->printed = 0; /* blank lines separate outputs of one entry */
        int ok = cq_cli_pending_add(&p, line);
        free(line);
        if (!ok) {
            fputs("concord: out of memory\n", stderr);
            pending_clear(&p);
            continue;
        }
        if (cq_cli_pending_run(st, &p) == CQ_CLI_WRITE_ERROR) {
            status = CQ_CLI_EXIT_FAIL;
            break;
        }
    }
    fflush(stdout);
    if (close_redirect(st) != 0)
        status = CQ_CLI_EXIT_FAIL;

    if (hist != NULL)
        write_history(hist); /* a history that cannot be saved is no error */
    free(hist);
    free(last);
    free(p.buf);
    sigaction(SIGINT, &old_sa, NULL);
    return status;
}
