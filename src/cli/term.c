/*
** term.c -- what the program asks of the terminal: its size, whether to
** colour, and a pager for results taller than the screen.
**
** Only the program knows it talks to a terminal; the library never
** colours or pages (its table format is the same for every caller).
*/
#include "cli.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#define DEFAULT_PAGER "less -FRSX"

int cq_cli_color_stderr;

/* The value of the environment variable name as a positive number, or 0. */
static int env_number(const char *name)
{
    const char *s = getenv(name);
    if (s == NULL || *s == '\0')
        return 0;
    char *end = NULL;
    long v = strtol(s, &end, 10);
    if (*end != '\0' || v <= 0 || v > 10000)
        return 0;
    return (int)v;
}

void cq_cli_term_size(int *cols, int *rows)
{
    struct winsize ws;
    int have = ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0;
    int c = env_number("COLUMNS"), r = env_number("LINES");
    if (c == 0)
        c = have && ws.ws_col > 0 ? ws.ws_col : 0;
    if (r == 0)
        r = have && ws.ws_row > 0 ? ws.ws_row : 0;
    *cols = c;
    *rows = r;
}

int cq_cli_color_choice(const char *mode, int fd)
{
    if (strcmp(mode, "always") == 0)
        return 1;
    if (strcmp(mode, "never") == 0)
        return 0;
    if (strcmp(mode, "auto") != 0)
        return -1;
    const char *no = getenv("NO_COLOR");
    const char *term = getenv("TERM");
    if (no != NULL && *no != '\0')
        return 0;
    if (term != NULL && strcmp(term, "dumb") == 0)
        return 0;
    return isatty(fd) ? 1 : 0;
}

/* The pager command: $PAGER, or DEFAULT_PAGER when it is unset; NULL when
** PAGER is set but empty (no pager, as psql reads it). */
static const char *pager_command(void)
{
    const char *p = getenv("PAGER");
    if (p == NULL)
        return DEFAULT_PAGER;
    while (*p == ' ')
        p++;
    return *p ? p : NULL;
}

int cq_cli_page(cq_cli_state *st, const char *text, size_t len, size_t lines,
                int (*write)(void *ctx, const char *data, size_t len),
                void *ctx)
{
    int cols, rows;
    cq_cli_term_size(&cols, &rows);
    const char *cmd = pager_command();
    /* the prompt after the result needs a line too */
    if (!st->pager || !st->tty || st->out != stdout || cmd == NULL ||
        rows == 0 || lines < (size_t)rows)
        return write(ctx, text, len);

    fflush(stdout);
    /* The pager reads the keyboard and takes Ctrl-C itself; this process
    ** ignores both it and a pager that quits before reading everything. */
    struct sigaction ign, old_int, old_pipe;
    memset(&ign, 0, sizeof ign);
    ign.sa_handler = SIG_IGN;
    sigemptyset(&ign.sa_mask);
    sigaction(SIGINT, &ign, &old_int);
    sigaction(SIGPIPE, &ign, &old_pipe);
    FILE *p = popen(cmd, "w");
    int rc = 0;
    if (p == NULL) {
        rc = write(ctx, text, len);
    } else {
        /* A pager that quits early (q) closes the pipe: not an error. */
        (void)fwrite(text, 1, len, p);
        int status = pclose(p);
        if (status == -1 || (WIFEXITED(status) && WEXITSTATUS(status) == 127)) {
            fprintf(stderr,
                    "concord: cannot run the pager '%s'; showing "
                    "the result without it (.pager off stops "
                    "trying)\n",
                    cmd);
            rc = write(ctx, text, len);
        }
    }
    sigaction(SIGPIPE, &old_pipe, NULL);
    sigaction(SIGINT, &old_int, NULL);
    return rc;
}
