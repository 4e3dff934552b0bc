/*
** dot.c -- the dot-commands (.help, .mode, .read, .output, .pager, .width,
** .columns, .quit), the same in the REPL and in scripts.
**
** They belong to the program, not to the language: a line that starts
** with '.' where a statement could start is one of them, whether it was
** typed at the prompt or read from a file or a pipe (as sqlite3 reads
** them), so a session typed once can be saved and replayed.
*/
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
}

static void help(void)
{
    fputs(".help              show this help\n"
          ".mode [FORMAT]     show or set the output format (",
          stdout);
    cq_cli_list_formats(stdout);
    fputs(")\n"
          ".mode table [fit|full|auto]\n"
          "                   on a terminal: fit tables to its width (the "
          "default),\n"
          "                   show every column whole, or switch to records "
          "when a\n"
          "                   row is too wide\n"
          ".mode records      one 'column  value' line a field, a block a "
          "row\n"
          "                   (.mode line is the same)\n"
          ".width [COL [N]]   pin column COL to N terminal columns; no N: "
          "unpin\n"
          ".columns [KIND [COL...]]\n"
          "                   show only these columns for statements of "
          "KIND\n"
          "                   (their first word: correlate, clauses ...); "
          "no COL: all\n"
          ".pager [on|off]    page results taller than the terminal "
          "($PAGER, less)\n"
          ".read FILE         run the script FILE\n"
          ".output [FILE]     write results to FILE (replacing it); "
          "no FILE: the\n"
          "                   terminal again\n"
          ".quit, .exit       leave (so does Ctrl-D)\n"
          "\n"
          "A statement runs as soon as a line completes it; an unfinished "
          "one goes on\n"
          "at the next line (the ...> prompt).  Separate statements with "
          "';'.  A line\n"
          "starting with '|' goes on from the statement before it.  Tab "
          "completes\n"
          "keywords, standards, clause keys, column names and files.\n"
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

/* "WHO: cannot open PATH: why", the path's control characters escaped:
** a name typed at the prompt or read from a script must not drive the
** terminal. */
static void cannot_open(const char *who, const char *path, int e)
{
    fprintf(stderr, "%s: cannot open ", who);
    cq_cli_put_safe(stderr, path);
    fprintf(stderr, ": %s\n", strerror(e));
}

/* .read FILE: run the script as if it had been given on the command line;
** its imports are relative to it. */
static void read_command(cq_cli_state *st, const char *who, const char *path)
{
    FILE *f = fopen(path, "rb");
    char *text = NULL;
    size_t len = 0;
    int e = f == NULL ? errno : cq_cli_read_all(f, &text, &len);
    if (f != NULL)
        fclose(f);
    if (e != 0) {
        cannot_open(who, path, e);
        return;
    }
    concord_set_source_path(st->db, path);
    /* A failure in FILE is remembered for the exit status of a script
    ** that reads it (the script itself goes on). */
    int failed_before = st->assert_failed;
    st->assert_failed = 0;
    st->printed = 0;
    int status = st->run_script(st, path, text, len);
    st->assert_failed = failed_before || status != CQ_CLI_EXIT_OK;
    concord_set_source_path(st->db, NULL);
    free(text);
}

int cq_cli_close_redirect(cq_cli_state *st)
{
    int rc = 0;
    if (st->redirect != NULL) {
        if (fclose(st->redirect) != 0) {
            fprintf(stderr, "concord: cannot write the .output file: %s\n",
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
static void output_command(cq_cli_state *st, const char *who, const char *path)
{
    cq_cli_close_redirect(st);
    if (*path == '\0')
        return;
    FILE *f = fopen(path, "w");
    if (f == NULL) {
        cannot_open(who, path, errno);
        return;
    }
    st->redirect = f;
    st->out = f;
}

/* .mode [FORMAT | table fit|full|auto | records | line] */
static void mode_command(cq_cli_state *st, const char *who, char *rest)
{
    static const char *const views[] = {"fit", "full", "records", "auto"};
    char *arg = next_word(&rest);
    char *sub = next_word(&rest);
    char *extra = next_word(&rest);
    if (arg == NULL) {
        int f = concord_format(st->db);
        const char *name = concord_format_name(f);
        if (f == CONCORD_FORMAT_TABLE && st->view == CQ_VIEW_RECORDS)
            printf("records\n");
        else if (f == CONCORD_FORMAT_TABLE)
            printf("table %s\n", views[st->view]);
        else
            printf("%s\n", name ? name : "?");
        return;
    }
    if (strcmp(arg, "records") == 0 || strcmp(arg, "line") == 0) {
        if (sub != NULL) {
            fprintf(stderr, "%s: usage: .mode %s\n", who, arg);
            return;
        }
        concord_set_format(st->db, CONCORD_FORMAT_TABLE);
        st->view = CQ_VIEW_RECORDS;
        return;
    }
    if (strcmp(arg, "table") == 0 && sub != NULL) {
        int v = strcmp(sub, "fit") == 0    ? CQ_VIEW_FIT
                : strcmp(sub, "full") == 0 ? CQ_VIEW_FULL
                : strcmp(sub, "auto") == 0 ? CQ_VIEW_AUTO
                                           : -1;
        if (v < 0 || extra != NULL) {
            fprintf(stderr,
                    "%s: usage: .mode table [fit|full|auto], not '%s'\n", who,
                    sub);
            return;
        }
        concord_set_format(st->db, CONCORD_FORMAT_TABLE);
        st->view = v;
        return;
    }
    if (sub != NULL) {
        fprintf(stderr, "%s: usage: .mode [FORMAT]\n", who);
        return;
    }
    int f = cq_cli_format_lookup(who, arg);
    if (f >= 0) {
        concord_set_format(st->db, f);
        if (f == CONCORD_FORMAT_TABLE)
            st->view = CQ_VIEW_FIT;
    }
}

/* .pager [on|off] */
static void pager_command(cq_cli_state *st, const char *who, char *rest)
{
    char *arg = next_word(&rest);
    if (arg == NULL)
        printf("%s\n", st->pager ? "on" : "off");
    else if (strcmp(arg, "on") == 0 && next_word(&rest) == NULL)
        st->pager = 1;
    else if (strcmp(arg, "off") == 0 && next_word(&rest) == NULL)
        st->pager = 0;
    else
        fprintf(stderr, "%s: usage: .pager [on|off]\n", who);
}

/* The words of rest, at most max of them, in words; returns how many, or
** max + 1 when there are more. */
static int split_words(char *rest, char **words, int max)
{
    int n = 0;
    char *w;
    while ((w = next_word(&rest)) != NULL) {
        if (n == max)
            return max + 1;
        words[n++] = w;
    }
    return n;
}

int cq_cli_dot(cq_cli_state *st, const char *who, char *line)
{
    static const char *const commands[] = {
        ".columns", ".exit", ".help", ".mode",  ".output",
        ".pager",   ".quit", ".read", ".width", NULL};
    char *rest = line;
    char *cmd = next_word(&rest);
    char *path = rest_of_line(rest); /* .read and .output take it whole */

    fflush(st->out);
    if (strcmp(cmd, ".quit") == 0 || strcmp(cmd, ".exit") == 0)
        return CQ_CLI_DOT_QUIT;
    int is_read = strcmp(cmd, ".read") == 0;
    if ((is_read || strcmp(cmd, ".output") == 0) && st->safe) {
        fprintf(stderr,
                "%s: %s is not allowed in safe mode (--safe): it "
                "%s files\n",
                who, cmd, is_read ? "reads" : "writes");
    } else if (is_read) {
        if (*path == '\0')
            fprintf(stderr, "%s: usage: .read FILE\n", who);
        else
            read_command(st, who, path);
    } else if (strcmp(cmd, ".output") == 0) {
        output_command(st, who, path);
    } else if (strcmp(cmd, ".help") == 0) {
        help();
    } else if (strcmp(cmd, ".mode") == 0) {
        mode_command(st, who, rest);
    } else if (strcmp(cmd, ".pager") == 0) {
        pager_command(st, who, rest);
    } else if (strcmp(cmd, ".width") == 0 || strcmp(cmd, ".columns") == 0) {
        char *words[64];
        int n = split_words(rest, words, 63);
        if (n > 63)
            fprintf(stderr, "%s: %s takes at most 63 words\n", who, cmd);
        else if (cmd[1] == 'w')
            cq_cli_width_command(st, who, n, words);
        else
            cq_cli_columns_command(st, who, n, words);
    } else {
        const char *near = cq_cli_nearest(cmd, commands);
        fflush(stdout);
        fprintf(stderr, "%s: unknown command '", who);
        cq_cli_put_safe(stderr, cmd);
        fputc('\'', stderr);
        if (near != NULL) {
            cq_cli_suggest(near);
            fputc('\n', stderr);
        } else {
            fputs(" (.help lists the commands)\n", stderr);
        }
    }
    fflush(stdout);
    return CQ_CLI_DOT_GO_ON;
}
