/*
** builtin.c -- the built-in definitions, found by name in the embedded
** stdlib files and parsed when called; see builtin.h.
*/
#include "builtin.h"

#include <string.h>

#include "ast.h"
#include "fold.h"
#include "parse.h"

static int is_name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '_';
}

/* The name a line of a stdlib file defines: a line whose first word is
** `def` (the files hold nothing else that starts a line so; the unit test
** parses every statement to make sure).  *len is 0 for any other line.
** Returns where the line's statement starts. */
static const char *defined_on_line(const char *line, const char *end,
                                   const char **name, size_t *len)
{
    const char *p = line;
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    *len = 0;
    if (end - p < 4 || cq_fold((unsigned char)p[0]) != 'd' ||
        cq_fold((unsigned char)p[1]) != 'e' ||
        cq_fold((unsigned char)p[2]) != 'f' || (p[3] != ' ' && p[3] != '\t'))
        return p;
    const char *n = p + 3;
    while (n < end && (*n == ' ' || *n == '\t'))
        n++;
    const char *e = n;
    while (e < end && is_name_char(*e))
        e++;
    *name = n;
    *len = (size_t)(e - n);
    return p;
}

/* Walk every line of every stdlib file that starts a `def`; stop when
** found() says so.  Returns 1 when it stopped, with *file and *at set. */
static int walk_defs(const cq_embedded_file *files,
                     int (*found)(void *ctx, const char *name, size_t len),
                     void *ctx, const cq_embedded_file **file, size_t *at)
{
    for (const cq_embedded_file *f = files; f->name; f++) {
        const char *text = f->data, *end = f->data + f->len;
        for (const char *line = text; line < end;) {
            const char *eol = memchr(line, '\n', (size_t)(end - line));
            if (eol == NULL)
                eol = end;
            const char *name;
            size_t len;
            const char *start = defined_on_line(line, eol, &name, &len);
            if (len > 0 && found(ctx, name, len)) {
                *file = f;
                *at = (size_t)(start - text);
                return 1;
            }
            line = eol + 1;
        }
    }
    return 0;
}

static int same_name(void *ctx, const char *name, size_t len)
{
    const char *wanted = ctx;
    if (strlen(wanted) != len)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (cq_fold((unsigned char)wanted[i]) !=
            cq_fold((unsigned char)name[i]))
            return 0;
    return 1;
}

/* Say that the stdlib file's definition of name is broken: a build whose
** stdlib does not parse (the unit test feeds one). */
static int broken(cq_error *err, int rc, const cq_embedded_file *file)
{
    cq_buf msg;
    cq_buf_init(&msg, err->msg.alloc);
    cq_buf_printf(&msg, "in %s: %s", file->name, cq_error_message(err));
    if (msg.failed)
        rc = cq_error_nomem(err);
    else
        rc = cq_error_set(err, rc, NULL, "%s", cq_buf_str(&msg));
    cq_buf_free(&msg);
    return rc;
}

int cq_builtin_def_from(const cq_embedded_file *files, cq_arena *arena,
                        const char *name, const cq_def **out, cq_error *err)
{
    *out = NULL;
    const cq_embedded_file *file;
    size_t at;
    if (!walk_defs(files, same_name, (void *)name, &file, &at))
        return CONCORD_OK;
    cq_node *stmt = NULL;
    size_t tail = at;
    int rc = cq_parse_statement(arena, file->data, file->len, at, &stmt, &tail,
                                NULL, err);
    if (rc != CONCORD_OK && rc != CONCORD_NOMEM)
        return broken(err, rc, file);
    /* the text at `at` starts with the word def, so it parses as a `def`
    ** statement or not at all */
    if (rc != CONCORD_OK || stmt == NULL || stmt->kind != CQ_N_DEF)
        return rc;
    cq_def *def = cq_arena_zalloc(arena, sizeof *def);
    if (def == NULL)
        return cq_error_nomem(err);
    cq_def_from_node(def, stmt);
    *out = def;
    return CONCORD_OK;
}

int cq_builtin_def(cq_arena *arena, const char *name, const cq_def **out,
                   cq_error *err)
{
    return cq_builtin_def_from(cq_builtin_stdlib, arena, name, out, err);
}

typedef struct name_walk {
    void (*each)(void *ctx, const char *name, size_t len);
    void *ctx;
} name_walk;

static int offer_name(void *ctx, const char *name, size_t len)
{
    name_walk *w = ctx;
    w->each(w->ctx, name, len);
    return 0; /* all of them */
}

void cq_builtin_def_names(void (*each)(void *ctx, const char *name, size_t len),
                          void *ctx)
{
    name_walk w = {each, ctx};
    const cq_embedded_file *file;
    size_t at;
    walk_defs(cq_builtin_stdlib, offer_name, &w, &file, &at);
}
