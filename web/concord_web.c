/*
** concord_web.c -- the three calls the browser page needs beyond
** concord.h, compiled into the WebAssembly build only (make web;
** docs/web.md).
**
** All are written over the public interface and nothing else, so the page
** runs the very library the program runs.  They exist because some things
** are awkward or slow to do from JavaScript: filling a concord_options
** struct (whose layout JavaScript would have to copy), passing a C
** function pointer to concord_write_result (which would need the module's
** function table to grow at run time), and reading a result cell by cell
** (a call into the module and a string conversion for every value).
*/
#include <stdlib.h>
#include <string.h>

#include "concord.h"

/* The calls are exported by name from the .wasm (emcc
** -sEXPORTED_FUNCTIONS); they are prototyped here so -Wmissing-prototypes
** holds without a header only this file would include. */
int cq_web_open(concord_db *base, const char *const *status_files,
                int n_status_files, concord_db **db);
int cq_web_write(concord_stmt *stmt, int format, char **out);
int cq_web_rows(concord_stmt *stmt, char **out, size_t *len);

/*
** Open a handle for one run of the page's editor.  Each run gets a fresh
** handle, so a query in a shared link answers the same whatever was run
** before it (no `let` or `def` left over); it shares base's compiled corpus
** -- the built-in one with the layers the page has imported -- so opening
** parses and copies nothing.  base NULL opens the built-in corpus (the
** page's first handle, which the layers are imported into).  The status
** files the user has loaded (paths in the module's file system) are a
** handle's own, not the corpus's, so each run's handle loads them again,
** in order, as `--status` loads them; one that fails fails the open, with
** its problems in concord_errmsg().
*/
int cq_web_open(concord_db *base, const char *const *status_files,
                int n_status_files, concord_db **db)
{
    concord_options options;
    concord_options_init(&options);
    options.share_corpus = base;
    options.status_files = status_files;
    options.n_status_files = n_status_files;
    return concord_open_v2(db, &options);
}

/* A growing NUL-terminated buffer for cq_web_write and cq_web_rows. */
struct text {
    char *data;
    size_t len, cap;
};

/* concord_write_fn appending to a struct text; nonzero when out of
** memory, which stops the write with CONCORD_IOERR. */
static int append(void *ctx, const char *data, size_t len)
{
    struct text *t = ctx;
    if (t->len + len + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 4096;
        while (cap < t->len + len + 1)
            cap *= 2;
        char *grown = realloc(t->data, cap);
        if (grown == NULL)
            return 1;
        t->data = grown;
        t->cap = cap;
    }
    memcpy(t->data + t->len, data, len);
    t->len += len;
    t->data[t->len] = '\0';
    return 0;
}

/*
** Rewind stmt and write all its rows in format (CONCORD_FORMAT_*) as one
** string: *out is set to it (freed with free(); "" for no output) on
** CONCORD_DONE, and to NULL on any failure, when concord_errmsg() of the
** statement's handle says why (an export that cannot show this table, for
** one).  The page runs a statement once for its table and again, when
** asked, for each text view, so views cost nothing until they are opened.
*/
int cq_web_write(concord_stmt *stmt, int format, char **out)
{
    struct text t = {NULL, 0, 0};
    *out = NULL;
    int rc = concord_reset(stmt);
    if (rc == CONCORD_OK)
        rc = concord_write_result(stmt, format, append, &t);
    if (rc == CONCORD_DONE && t.data == NULL && append(&t, "", 0) != 0)
        rc = CONCORD_NOMEM;
    if (rc != CONCORD_DONE) {
        free(t.data);
        return rc;
    }
    *out = t.data;
    return rc;
}

/* The one-character type tags of cq_web_rows, by CONCORD_* type. */
static char type_tag(int type)
{
    switch (type) {
    case CONCORD_INTEGER:
        return 'i';
    case CONCORD_REAL:
        return 'r';
    case CONCORD_NULL:
        return 'n';
    default:
        return 't';
    }
}

/*
** Step stmt to its end and write every value of every row, in order, into
** one string, each as its type tag ('i', 'r', 't' or 'n': integer, real,
** text, null), its text (concord_column_text) and a NUL; *out (freed with
** free()) and *len (bytes) are set on CONCORD_DONE, when the page decodes
** the whole result at once.  Values cannot hold a NUL, so it separates
** them.  Any other code is the step's (or CONCORD_NOMEM), *out is NULL and
** concord_errmsg() of the handle says why.
*/
int cq_web_rows(concord_stmt *stmt, char **out, size_t *len)
{
    struct text t = {NULL, 0, 0};
    int n = concord_column_count(stmt), rc;
    *out = NULL;
    *len = 0;
    while ((rc = concord_step(stmt)) == CONCORD_ROW) {
        for (int i = 0; i < n && rc == CONCORD_ROW; i++) {
            const char *value = concord_column_text(stmt, i);
            char tag = type_tag(concord_column_type(stmt, i));
            if (append(&t, &tag, 1) != 0 ||
                append(&t, value ? value : "", value ? strlen(value) : 0) !=
                    0 ||
                append(&t, "", 1) != 0)
                rc = CONCORD_NOMEM;
        }
        if (rc != CONCORD_ROW)
            break;
    }
    if (rc == CONCORD_DONE && t.data == NULL && append(&t, "", 0) != 0)
        rc = CONCORD_NOMEM;
    if (rc != CONCORD_DONE) {
        free(t.data);
        return rc;
    }
    *out = t.data;
    *len = t.len;
    return rc;
}
