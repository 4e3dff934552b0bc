/*
** status_api.c -- the ways a status file reaches a handle: the statement
** `status "FILE"`, concord_load_status(), and concord_options.status_files
** at open.  Each checks the whole file before keeping any of it
** (status.c); they differ in where a relative name is looked for and how
** the problems are reported.
*/
#include "status_api.h"

#include <string.h>

#include "concord.h"
#include "db.h"
#include "status.h"

/* Load path into the handle's status rows.  Errors as cq_status_load_file;
** CONCORD_MISUSE when the handle has no corpus. */
static int load(concord_db *db, const char *path)
{
    const cq_graph *g = db->graph;
    if (g == NULL)
        return cq_error_set(&db->err, CONCORD_MISUSE, NULL,
                            "misuse: the handle has no corpus (opening it "
                            "failed)");
    return cq_status_load_file(&db->session.status, g, path, &db->err);
}

int concord_load_status(concord_db *db, const char *path)
{
    if (!cq_db_ok(db))
        return CONCORD_MISUSE;
    if (path == NULL)
        return cq_error_set(&db->err, CONCORD_MISUSE, NULL,
                            "misuse: concord_load_status needs a path");
    if (db->safe)
        return cq_error_set(&db->err, CONCORD_ERROR, NULL,
                            "loading a status file is not allowed in safe "
                            "mode: it reads a file");
    cq_error_clear(&db->err);
    return load(db, path);
}

int cq_status_open_files(concord_db *db, const char *const *paths, int n)
{
    int rc = CONCORD_OK;
    for (int i = 0; rc == CONCORD_OK && i < n; i++)
        if (paths[i] != NULL)
            rc = load(db, paths[i]);
    return rc;
}

int cq_status_statement(concord_db *db, const cq_node *stmt)
{
    cq_error *err = &db->err;
    const cq_loc *at = stmt->value ? &stmt->value->loc : &stmt->loc;
    const char *name = stmt->text;
    if (db->safe)
        return cq_error_set(err, CONCORD_ERROR, at,
                            "status of a file is not allowed in safe mode (it "
                            "reads a file)");
    /* relative to the script, as import is */
    const cq_allocator *alloc = &db->alloc;
    const char *source = db->session.source_path;
    const char *slash = source ? strrchr(source, '/') : NULL;
    size_t dir = name[0] != '/' && slash ? (size_t)(slash - source) + 1 : 0;
    size_t size = dir + strlen(name) + 1;
    char *path = cq_malloc(alloc, size);
    if (path == NULL)
        return cq_error_nomem(err);
    memcpy(path, source ? source : "", dir);
    memcpy(path + dir, name, size - dir);
    int rc = load(db, path);
    cq_free(alloc, path, size);
    if (rc == CONCORD_OK || rc == CONCORD_NOMEM || rc == CONCORD_MISUSE)
        return rc;
    /* the problems, under the statement that asked for the file */
    cq_buf inner;
    cq_buf_init(&inner, alloc);
    cq_buf_puts(&inner, cq_error_message(err));
    if (inner.failed) {
        cq_buf_free(&inner);
        return cq_error_nomem(err);
    }
    const char *text = cq_buf_str(&inner);
    const char *lead = "cannot read status file ";
    if (strncmp(text, lead, strlen(lead)) == 0) /* already says so */
        cq_error_set(err, rc, at, "%s", text);
    else if (strchr(text, '\n') == NULL)
        cq_error_set(err, rc, at, "cannot load status file %s: %s", name, text);
    else { /* one line a problem: added as lines, not as text to escape */
        cq_error_set(err, rc, at, "cannot load status file %s:", name);
        for (const char *line = text; *line && err->code != CONCORD_NOMEM;) {
            const char *end = strchr(line, '\n');
            int n = end ? (int)(end - line) : (int)strlen(line);
            cq_error_add(err, rc, "%.*s", n, line);
            line += n + (end != NULL);
        }
    }
    cq_buf_free(&inner);
    return err->code;
}
