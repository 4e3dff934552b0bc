/*
** edit.c -- libedit opened with dlopen() when the REPL starts, and plain
** line input when it cannot be.
**
** Only the REPL edits lines, so only the REPL loads the library (see
** edit.h for why the program does not link it).  The header is still
** included: the compiler checks each pointer's type against libedit's
** own declaration (inside sizeof, which evaluates nothing, so nothing
** of libedit is linked).
*/
#include "edit.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include <editline/readline.h>

/* The library's file names, newest interface first (libedit2 ships the
** first; the second is the development link). */
static const char *const LIBRARY_NAMES[] = {"libedit.so.2", "libedit.so"};

/* dlsym() gives a void *; POSIX requires a function pointer to have its
** size and representation, which the copy in bind_symbol() relies on. */
_Static_assert(sizeof(void *) == sizeof(char *(*)(const char *)),
               "function and data pointers differ in size");

static cq_cli_editline bound; /* what cq_cli_edit_load() returns */
static int tried;             /* loading was tried: never twice */
static int loaded;            /* ...and it succeeded */

/* Point the field at slot to the symbol name of the library h.  Returns
** 0 when the library lacks it. */
static int bind_symbol(void *h, const char *name, void *slot)
{
    dlerror();
    void *p = dlsym(h, name);
    if (p == NULL)
        return 0;
    memcpy(slot, &p, sizeof p);
    return 1;
}

/* field = the symbol of libedit that it stands for, type-checked. */
#define BIND(field, symbol)                                                    \
    ((void)sizeof(bound.field = &(symbol)),                                    \
     bind_symbol(h, #symbol, &bound.field))

/* Bind every field.  Returns 0 at the first symbol h lacks. */
static int bind_all(void *h)
{
    return BIND(readline, readline) && BIND(add_history, add_history) &&
           BIND(using_history, using_history) &&
           BIND(stifle_history, stifle_history) &&
           BIND(read_history, read_history) &&
           BIND(write_history, write_history) &&
           BIND(on_new_line, rl_on_new_line) &&
           BIND(forced_update_display, rl_forced_update_display) &&
           BIND(completion_matches, rl_completion_matches) &&
           BIND(filename_completion_function,
                rl_filename_completion_function) &&
           BIND(line_buffer, rl_line_buffer) &&
           BIND(completion_append_character, rl_completion_append_character) &&
           BIND(attempted_completion_over, rl_attempted_completion_over) &&
           BIND(attempted_completion_function,
                rl_attempted_completion_function) &&
           BIND(completer_word_break_characters,
                rl_completer_word_break_characters) &&
           BIND(basic_word_break_characters, rl_basic_word_break_characters);
}

/* Open the library: $CONCORD_EDITLINE, or each of LIBRARY_NAMES in turn.
** NULL after copying into why what kept the first from loading. */
static void *open_library(char *why, size_t size)
{
    const char *name = getenv("CONCORD_EDITLINE");
    int given = name != NULL && *name != '\0';
    size_t n = given ? 1 : sizeof LIBRARY_NAMES / sizeof *LIBRARY_NAMES;
    for (size_t i = 0; i < n; i++) {
        void *h =
            dlopen(given ? name : LIBRARY_NAMES[i], RTLD_NOW | RTLD_LOCAL);
        if (h != NULL)
            return h;
        if (i == 0) {
            const char *e = dlerror();
            snprintf(why, size, "%s", e != NULL ? e : "dlopen failed");
        }
    }
    return NULL;
}

const cq_cli_editline *cq_cli_edit_load(void)
{
    if (tried)
        return loaded ? &bound : NULL;
    tried = 1;
    char why[512];
    void *h = open_library(why, sizeof why);
    if (h != NULL && !bind_all(h)) {
        const char *e = dlerror();
        snprintf(why, sizeof why, "%s", e != NULL ? e : "a symbol is missing");
        dlclose(h);
        h = NULL;
        memset(&bound, 0, sizeof bound);
    }
    if (h == NULL) {
        fprintf(stderr,
                "concord: line editing is off (no history, no Tab "
                "completion): %s\n",
                why);
        return NULL;
    }
    /* The library stays loaded until the program ends. */
    loaded = 1;
    return &bound;
}

/* readline() without libedit: the terminal's own line editing only. */
static char *plain_readline(const char *prompt)
{
    fputs(prompt, stdout);
    fflush(stdout);
    char *line = NULL;
    size_t cap = 0;
    ssize_t n = getline(&line, &cap, stdin);
    if (n < 0) {
        free(line);
        clearerr(stdin); /* after Ctrl-C (EINTR) the next read goes on */
        return NULL;
    }
    if (n > 0 && line[n - 1] == '\n')
        line[n - 1] = '\0';
    return line;
}

char *cq_cli_edit_readline(const cq_cli_editline *ed, const char *prompt)
{
    return ed != NULL ? ed->readline(prompt) : plain_readline(prompt);
}
