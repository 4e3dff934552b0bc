/*
** script.c -- `import` and the built-in standard library; see script.h.
*/
#include "script.h"

#include "mapping.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "builtin.h"
#include "db.h"
#include "file.h"

/* The folder part of path ("." when it has none), in a malloc'ed
** buffer of the handle's allocator: *size is its size. */
static char *folder_of(const cq_allocator *alloc, const char *path,
                       size_t *size)
{
    const char *slash = path ? strrchr(path, '/') : NULL;
    const char *dir = slash ? path : ".";
    size_t n = slash ? (size_t)(slash - path) : 1;
    if (slash == path)
        n = 1; /* "/file": the root */
    *size = n + 1;
    return cq_strndup(alloc, dir, n);
}

/* The whole file at path, NUL-terminated; *size is the buffer's size.
** Only a regular file is read (a FIFO would block, a device never end),
** and it is read to its end, not to the size it claims: a file of /proc
** says 0 bytes and holds more. */
static int read_file(concord_db *db, const char *path, const cq_loc *at,
                     char **out, size_t *size, size_t *len)
{
    const cq_allocator *alloc = &db->alloc;
    cq_error *err = &db->err;
    struct stat st;
    int why = 0;
    int fd = cq_file_open_regular(path, &st, &why);
    if (fd < 0) {
        char reason[128];
        return cq_error_set(err, CONCORD_IOERR, at, "cannot import %s: %s",
                            path, cq_file_why(why, reason, sizeof reason));
    }
    size_t cap =
        st.st_size > 0 && st.st_size < INT_MAX ? (size_t)st.st_size + 1 : 4096;
    size_t n = 0;
    char *text = cq_malloc(alloc, cap);
    int rc = text ? CONCORD_OK : cq_error_nomem(err);
    while (rc == CONCORD_OK) {
        if (n + 1 == cap) {
            if (cap > INT_MAX) {
                rc = cq_error_set(err, CONCORD_TOOBIG, at,
                                  "cannot import %s: over %d bytes", path,
                                  INT_MAX);
                break;
            }
            char *more = cq_realloc(alloc, text, cap, cap * 2);
            if (more == NULL) {
                rc = cq_error_nomem(err);
                break;
            }
            text = more;
            cap *= 2;
        }
        ssize_t got = read(fd, text + n, cap - 1 - n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            rc = cq_error_set(err, CONCORD_IOERR, at, "cannot read %s", path);
        else if (got == 0)
            break;
        else
            n += (size_t)got;
    }
    close(fd);
    if (rc != CONCORD_OK) {
        cq_free(alloc, text, cap);
        return rc;
    }
    text[n] = '\0';
    *out = text;
    *size = cap;
    *len = n;
    return CONCORD_OK;
}

/* Make the message built in msg the error rc, at at, and free msg;
** CONCORD_NOMEM when building it ran out of memory. */
static int set_built(cq_error *err, int rc, const cq_loc *at, cq_buf *msg)
{
    if (msg->failed) {
        cq_buf_free(msg);
        return cq_error_nomem(err);
    }
    rc = cq_error_set(err, rc, at, "%s", cq_buf_str(msg));
    cq_buf_free(msg);
    return rc;
}

/* Report an error found inside the imported file at the import statement,
** keeping where in the file it was. */
static int error_in_file(concord_db *db, const char *name, const cq_loc *at,
                         int rc)
{
    cq_error *err = &db->err;
    if (rc == CONCORD_NOMEM || err->code == CONCORD_NOMEM)
        return rc;
    cq_buf msg;
    cq_buf_init(&msg, &db->alloc);
    const char *inner = cq_error_message(err);
    const char *rest = err->line > 0 ? strstr(inner, ": ") : NULL;
    if (rest && strncmp(rest + 2, "in ", 3) == 0)
        /* from a file this one imports: that place says it best */
        cq_buf_puts(&msg, rest + 2);
    else
        cq_buf_printf(&msg, "in %s%s%s", name, err->line > 0 ? ":" : ": ",
                      inner);
    return set_built(err, rc, at, &msg);
}

/* Run the definitions of text (name for messages). */
static int run_definitions(concord_db *db, const char *name, const char *text,
                           size_t len, const cq_loc *at)
{
    cq_error *err = &db->err;
    const char *p = text, *end = text + len;
    for (;;) {
        concord_stmt *stmt = NULL;
        const char *tail = NULL;
        int rc =
            db->calls->prepare_text(db, p, (int)(end - p), text, &stmt, &tail);
        if (rc != CONCORD_OK)
            return error_in_file(db, name, at, rc);
        if (stmt == NULL)
            return CONCORD_OK;
        int kind = stmt->plan->kind;
        if (kind != CQ_N_LET && kind != CQ_N_DEF && kind != CQ_N_IMPORT) {
            cq_loc where = stmt->plan->node->loc;
            db->calls->finalize_stmt(stmt);
            cq_error_set(err, CONCORD_ERROR, &where,
                         "an imported file holds only definitions (let, "
                         "def, import), not a %s statement",
                         cq_node_kind_name(kind));
            return error_in_file(db, name, at, CONCORD_ERROR);
        }
        while ((rc = db->calls->step_stmt(stmt)) == CONCORD_ROW)
            ;
        db->calls->finalize_stmt(stmt);
        if (rc != CONCORD_DONE)
            return error_in_file(db, name, at, rc);
        p = tail;
    }
}

/* Fill a frame's identity from the file at path (not for stdlib). */
static void identify(cq_include_frame *f, const char *path)
{
    struct stat st;
    f->is_file = path != NULL && stat(path, &st) == 0;
    if (f->is_file) {
        f->dev = (unsigned long long)st.st_dev;
        f->ino = (unsigned long long)st.st_ino;
    }
}

/* Are two frames one file: the same device and inode when both are files
** on disk, else the same name (stdlib files, a script without a path)? */
static int same_file(const cq_include_frame *a, const cq_include_frame *b)
{
    if (a->is_file && b->is_file)
        return a->dev == b->dev && a->ino == b->ino;
    return !a->is_file && !b->is_file && strcmp(a->path, b->path) == 0;
}

/* Run a file's definitions with an import frame pushed, so a file that
** imports itself, directly or not, is caught. */
static int run_framed(concord_db *db, const char *name, const char *dir,
                      const char *text, size_t len, const cq_loc *at)
{
    cq_session *s = &db->session;
    cq_error *err = &db->err;
    cq_include_frame frame = {s->imports, name, dir, 0, 0, 0};
    if (strncmp(name, "stdlib/", 7) != 0)
        identify(&frame, name);
    /* the script being run is the first link of any cycle */
    cq_include_frame root = {NULL, s->source_path, NULL, 0, 0, 0};
    identify(&root, s->source_path);
    if (s->imports == NULL && root.is_file)
        frame.outer = &root;
    for (cq_include_frame *f = frame.outer; f; f = f->outer) {
        if (!same_file(f, &frame))
            continue;
        /* name the chain from the first import of the file to this one */
        const char *chain[CQ_MAX_IMPORT_DEPTH + 2];
        int n = 0;
        for (cq_include_frame *g = frame.outer;
             g && n < CQ_MAX_IMPORT_DEPTH + 1; g = g->outer) {
            chain[n++] = g->path;
            if (g == f)
                break;
        }
        cq_error_set(err, CONCORD_ERROR, at, "import cycle: %s", chain[n - 1]);
        for (int i = n - 2; i >= 0; i--)
            cq_buf_printf(&err->msg, " imports %s,", chain[i]);
        cq_buf_printf(&err->msg, " which imports %s again", name);
        return err->msg.failed ? cq_error_nomem(err) : CONCORD_ERROR;
    }
    int most = db->limits[CONCORD_LIMIT_IMPORTS];
    if (s->import_depth >= most)
        return cq_error_set(err, CONCORD_TOOBIG, at,
                            "imports nested too deep (more than %d files; "
                            "the imports limit)",
                            most);
    cq_include_frame *saved = s->imports;
    s->imports = &frame;
    s->import_depth++;
    int rc = run_definitions(db, name, text, len, at);
    s->imports = saved;
    s->import_depth--;
    return rc;
}

/* The built-in stdlib file called name ("stdlib/integration.cq"), or
** NULL. */
static const cq_embedded_file *builtin(const char *name)
{
    for (const cq_embedded_file *f = cq_builtin_stdlib; f->name; f++)
        if (strcmp(f->name, name) == 0)
            return f;
    return NULL;
}

/* `import` of a corpus folder or a mapping file: a layer on the handle's
** corpus, named as the statement wrote it.  Problems are reported at the
** statement. */
static int import_layer(concord_db *db, const char *path, const char *name,
                        const cq_loc *at)
{
    cq_error *err = &db->err;
    int rc = db->calls->add_layer(db, path, name);
    if (rc == CONCORD_OK || rc == CONCORD_NOMEM)
        return rc;
    cq_buf msg;
    cq_buf_init(&msg, &db->alloc);
    const char *inner = cq_error_message(err);
    cq_buf_printf(&msg, "cannot import %s:%s%s", name,
                  strchr(inner, '\n') ? "\n" : " ", inner);
    return set_built(err, rc, at, &msg);
}

int cq_script_include(concord_db *db, const cq_node *import)
{
    const char *name = import->text;
    const cq_loc *at = import->value ? &import->value->loc : &import->loc;
    const cq_embedded_file *lib =
        strncmp(name, "stdlib/", 7) == 0 ? builtin(name) : NULL;
    if (lib)
        return run_framed(db, name, "stdlib", lib->data, lib->len, at);
    /* the built-in stdlib reads no file: only files are refused */
    if (db->safe)
        return cq_error_set(&db->err, CONCORD_ERROR, at,
                            "import of a file is not allowed in safe mode "
                            "(only the built-in stdlib/ files are)");

    const cq_allocator *alloc = &db->alloc;
    cq_session *s = &db->session;
    size_t dir_size = 0, path_size = 0, text_size = 0, text_len = 0;
    char *dir = NULL, *path, *text = NULL;
    if (name[0] == '/') {
        path_size = strlen(name) + 1;
        path = cq_strndup(alloc, name, path_size - 1);
    } else {
        const char *base = s->imports ? s->imports->dir : NULL;
        if (base == NULL) {
            dir = folder_of(alloc, s->source_path, &dir_size);
            base = dir;
        }
        if (base == NULL)
            return cq_error_nomem(&db->err);
        path_size = strlen(base) + strlen(name) + 2;
        path = cq_malloc(alloc, path_size);
        if (path)
            snprintf(path, path_size, "%s/%s", base, name);
    }
    if (path == NULL) {
        cq_free(alloc, dir, dir_size);
        return cq_error_nomem(&db->err);
    }
    size_t file_dir_size = 0;
    char *file_dir = folder_of(alloc, path, &file_dir_size);
    struct stat st;
    int rc;
    if (file_dir == NULL) {
        rc = cq_error_nomem(&db->err);
    } else if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        rc = import_layer(db, path, name, at);
    } else {
        rc = read_file(db, path, at, &text, &text_size, &text_len);
        if (rc == CONCORD_OK && cq_mapping_sniff(text, text_len))
            rc = import_layer(db, path, name, at);
        else if (rc == CONCORD_OK)
            rc = run_framed(db, path, file_dir, text, text_len, at);
    }
    cq_free(alloc, text, text_size);
    cq_free(alloc, file_dir, file_dir_size);
    cq_free(alloc, path, path_size);
    cq_free(alloc, dir, dir_size);
    return rc;
}
