/*
** complete.c -- Tab in the REPL: libedit's completion hook over the
** library's concord_complete(), plus dot-commands and file names, which
** belong to the program.
**
** The library decides what may stand at the cursor (keywords in place,
** standard ids, clause keys, column names) from the whole statement typed
** so far, the lines before the current one included.  When several clause
** keys or standards fit and none can be completed further, their titles
** are listed under the line, as a person choosing a clause needs them.
*/
#include "cli.h"
#include "edit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The most candidates listed with their titles under the line. */
#define LIST_MAX 40

static const cq_cli_editline *ed; /* libedit, loaded */
static concord_db *complete_db;
static const cq_cli_pending *complete_pending;

/* Candidates of one Tab. */
typedef struct candidates {
    int n, cap;
    char **words;
    char **details; /* NULL where none */
    int file;       /* a file name is expected: libedit's own lister */
    int failed;
} candidates;

static void add(candidates *c, const char *word, const char *detail)
{
    if (c->failed)
        return;
    if (c->n == c->cap) {
        int cap = c->cap ? c->cap * 2 : 32;
        char **w = realloc(c->words, (size_t)cap * sizeof *w);
        if (w != NULL)
            c->words = w;
        char **d = w ? realloc(c->details, (size_t)cap * sizeof *d) : NULL;
        if (d != NULL)
            c->details = d;
        if (w == NULL || d == NULL) {
            c->failed = 1;
            return;
        }
        c->cap = cap;
    }
    c->words[c->n] = strdup(word);
    c->details[c->n] = detail != NULL ? strdup(detail) : NULL;
    if (c->words[c->n] == NULL) {
        free(c->details[c->n]);
        c->failed = 1;
        return;
    }
    c->n++;
}

static void candidates_free(candidates *c)
{
    for (int i = 0; i < c->n; i++) {
        free(c->words[i]);
        free(c->details[i]);
    }
    free(c->words);
    free(c->details);
}

static int from_library(void *ctx, int kind, const char *word,
                        const char *detail)
{
    candidates *c = ctx;
    if (kind == CONCORD_COMPLETE_FILE)
        c->file = 1;
    else
        add(c, word, detail);
    return c->failed;
}

/* Dot-commands, .mode's formats, and files after .read and .output. */
static void dot_candidates(const char *line, size_t point, const char *word,
                           candidates *c)
{
    static const char *const commands[] = {
        ".columns", ".exit", ".help", ".mode",  ".output",
        ".pager",   ".quit", ".read", ".width", NULL};
    size_t wlen = strlen(word);
    const char *blank = memchr(line, ' ', point);
    if (blank == NULL) {
        for (int i = 0; commands[i] != NULL; i++)
            if (strncmp(commands[i], word, wlen) == 0)
                add(c, commands[i], NULL);
        return;
    }
    size_t clen = (size_t)(blank - line);
    if ((clen == 5 && memcmp(line, ".read", 5) == 0) ||
        (clen == 7 && memcmp(line, ".output", 7) == 0)) {
        c->file = 1;
    } else if (clen == 5 && memcmp(line, ".mode", 5) == 0) {
        static const char *const views[] = {"records", "line", NULL};
        for (int f = 0; f < 64; f++) {
            const char *name = concord_format_name(f);
            if (name != NULL && strncmp(name, word, wlen) == 0)
                add(c, name, NULL);
        }
        for (int i = 0; views[i] != NULL; i++)
            if (strncmp(views[i], word, wlen) == 0)
                add(c, views[i], NULL);
    }
}

/* Show every candidate with its detail under the line, then the prompt
** and the line again. */
static void list_with_details(const candidates *c)
{
    size_t wmax = 0;
    for (int i = 0; i < c->n && i < LIST_MAX; i++)
        if (strlen(c->words[i]) > wmax)
            wmax = strlen(c->words[i]);
    int cols, rows;
    cq_cli_term_size(&cols, &rows);
    if (cols == 0)
        cols = 80;
    int room = cols - (int)wmax - 3; /* the detail stays on its line */
    fputc('\n', stdout);
    for (int i = 0; i < c->n && i < LIST_MAX; i++) {
        const char *d = c->details[i] ? c->details[i] : "";
        size_t n = 0;
        int used = 0;
        while (d[n] != '\0') {
            size_t k = 1;
            while (((unsigned char)d[n + k] & 0xC0) == 0x80)
                k++;
            int w = concord_text_width(d + n, (int)k);
            if (used + w > room)
                break;
            used += w;
            n += k;
        }
        printf("%-*s  %.*s%s\n", (int)wmax, c->words[i], (int)n, d,
               d[n] != '\0' ? "\xe2\x80\xa6" : "");
    }
    if (c->n > LIST_MAX)
        printf("... and %d more\n", c->n - LIST_MAX);
    fflush(stdout);
    ed->on_new_line();
    ed->forced_update_display();
}

/* The matches libedit shows or inserts. */
static char **matches;
static int next_match;

static char *match_generator(const char *text, int state)
{
    (void)text;
    if (state == 0)
        next_match = 0;
    if (matches == NULL || matches[next_match] == NULL)
        return NULL;
    return strdup(matches[next_match++]);
}

/* The longest prefix the words share. */
static size_t common_prefix(const candidates *c)
{
    size_t n = strlen(c->words[0]);
    for (int i = 1; i < c->n; i++) {
        size_t k = 0;
        while (k < n && c->words[i][k] == c->words[0][k])
            k++;
        n = k;
    }
    return n;
}

/* What to hand libedit for the candidates c of the word text. */
static char **choose(candidates *c, const char *text)
{
    size_t typed = strlen(text), common = common_prefix(c);
    int detailed = 0;
    for (int i = 0; i < c->n; i++)
        detailed |= c->details[i] != NULL;
    if (c->n > 1 && detailed && common <= typed) {
        list_with_details(c); /* nothing to insert: show the titles */
        return NULL;
    }
    char **list = calloc((size_t)c->n + 1, sizeof *list);
    if (list == NULL)
        return NULL;
    *ed->completion_append_character = ' ';
    if (c->n > 1 && detailed) {
        /* insert what they share and no blank: more is to be typed */
        c->words[0][common] = '\0';
        list[0] = c->words[0];
        *ed->completion_append_character = '\0';
    } else {
        for (int i = 0; i < c->n; i++)
            list[i] = c->words[i];
    }
    matches = list;
    char **result = ed->completion_matches(text, match_generator);
    matches = NULL;
    free(list);
    return result;
}

static char **attempt(const char *text, int start, int end)
{
    (void)start;
    *ed->attempted_completion_over = 1; /* never libedit's file names */
    const char *line = *ed->line_buffer;
    size_t point = (size_t)end;
    candidates c;
    memset(&c, 0, sizeof c);

    const char *s = line;
    while (*s == ' ' || *s == '\t')
        s++;
    if ((complete_pending == NULL || complete_pending->len == 0) && *s == '.') {
        dot_candidates(s, point - (size_t)(s - line), text, &c);
    } else if (complete_db != NULL) {
        /* the statement's earlier lines, then this one up to the cursor */
        size_t before = complete_pending ? complete_pending->len : 0;
        char *all = malloc(before + point + 1);
        if (all != NULL) {
            if (before > 0)
                memcpy(all, complete_pending->buf, before);
            memcpy(all + before, line, point);
            all[before + point] = '\0';
            concord_complete(complete_db, all, (int)(before + point),
                             (int)(before + point), from_library, &c);
            free(all);
        }
    }
    char **result = NULL;
    if (c.file && c.n == 0) {
        *ed->completion_append_character = ' ';
        result = ed->completion_matches(text, ed->filename_completion_function);
    } else if (c.n > 0 && !c.failed) {
        result = choose(&c, text);
    }
    candidates_free(&c);
    return result;
}

void cq_cli_complete_install(const cq_cli_editline *editline, concord_db *db,
                             const cq_cli_pending *pending)
{
    ed = editline;
    complete_db = db;
    complete_pending = pending;
    /* ':' '.' '-' '@' '*' are part of clause keys and standard ids */
    static char breaks[] = " \t\n\"'(),;|=<>!~";
    *ed->completer_word_break_characters = breaks;
    *ed->basic_word_break_characters = breaks; /* the one libedit reads */
    *ed->attempted_completion_function = attempt;
}
