/*
** edit.h -- line editing for the REPL: libedit, loaded when the REPL
** starts and not before.
**
** A query given with -c or in a file never edits a line, and linking
** libedit made every such run pay for loading it and the libraries it
** needs (the dynamic loader's relocations were half the instructions of
** a one-shot query).  So the program does not link it: edit.c opens it
** with dlopen() and reaches its functions and variables through the
** pointers below.  Without it the REPL still reads plain lines.
*/
#ifndef CQ_CLI_EDIT_H
#define CQ_CLI_EDIT_H

/* The types of libedit's completion hooks (editline/readline.h). */
typedef char *cq_cli_entry_fn(const char *text, int state);
typedef char **cq_cli_attempt_fn(const char *text, int start, int end);

/* What the REPL uses of libedit: its readline() interface, each field
** named as there without the rl_ prefix.  Variables are reached through
** their addresses: *ed->line_buffer is rl_line_buffer. */
typedef struct cq_cli_editline {
    char *(*readline)(const char *prompt);
    int (*add_history)(const char *line);
    void (*using_history)(void);
    void (*stifle_history)(int max);
    int (*read_history)(const char *path);
    int (*write_history)(const char *path);
    int (*on_new_line)(void);
    void (*forced_update_display)(void);
    char **(*completion_matches)(const char *text, cq_cli_entry_fn *entry);
    cq_cli_entry_fn *filename_completion_function;
    char **line_buffer;
    int *completion_append_character;
    int *attempted_completion_over;
    cq_cli_attempt_fn **attempted_completion_function;
    char **completer_word_break_characters;
    const char **basic_word_break_characters;
} cq_cli_editline;

/*
** Load libedit (the file $CONCORD_EDITLINE names when set, else
** libedit.so.2, else libedit.so) and bind what the REPL uses.  Returns
** the bindings, or NULL after saying once on stderr why line editing is
** off.  Loads at most once a process.
*/
const cq_cli_editline *cq_cli_edit_load(void);

/*
** One line typed at prompt, without its newline; malloc'd, the caller
** frees it.  NULL at the end of the input or when a signal interrupted
** the read.  Through ed's readline(), or with ed NULL, the prompt written
** to stdout and a plain line read from stdin.
*/
char *cq_cli_edit_readline(const cq_cli_editline *ed, const char *prompt);

#endif /* CQ_CLI_EDIT_H */
