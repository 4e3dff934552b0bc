/*
** api.c -- the public interface (concord.h) over the parser, compiler,
** evaluator and formatter.
**
** Handles carry a magic word so that NULL, freed-and-reused or foreign
** pointers are answered with CONCORD_MISUSE instead of a crash (as far as a
** C library can tell).  Every failure is recorded on the db handle, which
** is where concord_errmsg() reads it, as in SQLite.
*/
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "concord.h"
#include "corpus.h"
#include "db.h"
#include "export.h"
#include "id_text.h"
#include "image.h"
#include "limit_list.h"
#include "output.h"
#include "parse.h"
#include "plan.h"
#include "reach.h"
#include "script.h"
#include "session.h"
#include "status_api.h"

/* sizeof(concord_options) before image_path was added: the smallest a
** caller may pass.  Fields past a caller's size take their defaults. */
#define OPTIONS_V1_SIZE offsetof(concord_options, image_path)
#define HAS_OPTION(o, field)                                                   \
    ((o)->size >= offsetof(concord_options, field) + sizeof((o)->field))

/* Names and ceilings of the limits, by CONCORD_LIMIT_* id (limit_list.h;
** the defaults are cq_limit_of's). */
#define LIMIT_NAME_(id, name, def, ceiling) name,
#define LIMIT_CEILING_(id, name, def, ceiling) ceiling,
static const char *const limit_names[CONCORD_N_LIMITS] = {
    CQ_LIMITS(LIMIT_NAME_)};
static const int limit_ceiling[CONCORD_N_LIMITS] = {CQ_LIMITS(LIMIT_CEILING_)};
#undef LIMIT_NAME_
#undef LIMIT_CEILING_

enum stmt_state {
    STMT_READY, /* prepared or reset: nothing stepped */
    STMT_ROW,   /* a row is current */
    STMT_DONE,  /* every row has been stepped over */
    STMT_FAILED /* running failed; reset to try again */
};

static int db_ok(const concord_db *db)
{
    return cq_db_ok(db);
}

static int stmt_ok(const concord_stmt *stmt)
{
    return stmt != NULL && stmt->magic == CQ_STMT_MAGIC && db_ok(stmt->db);
}

static int misuse(concord_db *db, const char *what)
{
    /* CONCORD_NOMEM when the message cannot be made: an allocation that
    ** failed is never hidden behind another code */
    if (db_ok(db))
        return cq_error_set(&db->err, CONCORD_MISUSE, NULL, "misuse: %s", what);
    return CONCORD_MISUSE;
}

void concord_options_init(concord_options *options)
{
    if (options == NULL)
        return;
    memset(options, 0, sizeof *options);
    options->size = sizeof *options;
}

/* The allocator hook of the session: the host's, counting the bytes held
** and refusing a block that would take them past the memory limit. */
static void *counted_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    concord_db *db = ud;
    size_t had = ptr ? osize : 0;
    if (nsize > had) {
        size_t most = (size_t)db->limits[CONCORD_LIMIT_MEMORY] << 20;
        if (nsize - had > most || db->mem_used > most - (nsize - had)) {
            db->mem_hit = 1;
            return NULL;
        }
    }
    void *p = db->host_alloc.fn(db->host_alloc.ud, ptr, osize, nsize);
    if (nsize == 0)
        db->mem_used -= had;
    else if (p != NULL)
        db->mem_used += nsize - had; /* wraps back when nsize < had */
    return p;
}

/* rc, or, when it is CONCORD_NOMEM because the memory limit refused a
** block, CONCORD_TOOBIG saying so at loc. */
static int memory_verdict(concord_db *db, int rc, const cq_loc *loc)
{
    if (rc != CONCORD_NOMEM || !db->mem_hit)
        return rc;
    db->mem_hit = 0;
    return cq_error_set(&db->err, CONCORD_TOOBIG, loc,
                        "the session holds more than %d MiB (the memory "
                        "limit; raise it with --limit memory=N or "
                        "concord_limit)",
                        db->limits[CONCORD_LIMIT_MEMORY]);
}

/* The index of the first NULL among layers[0..n), or -1. */
static int null_layer(const char *const *layers, int n)
{
    for (int i = 0; i < n; i++)
        if (layers[i] == NULL)
            return i;
    return -1;
}

/* Open the corpus folder dir with layers on top, in one load. */
static int open_folder(concord_db *db, const char *dir,
                       const char *const *layers, int n_layers)
{
    if (n_layers == 0)
        return cq_corpus_load_dir(dir, &db->host_alloc, &db->graph, &db->err);
    if (n_layers >= CQ_MAX_LAYERS)
        return cq_error_set(&db->err, CONCORD_TOOBIG, NULL,
                            "a corpus can be stacked from at most %d layers, "
                            "not %d",
                            CQ_MAX_LAYERS, n_layers + 1);
    size_t size = sizeof(char *) * (size_t)(n_layers + 1);
    const char **paths = cq_malloc(&db->alloc, size);
    if (paths == NULL)
        return cq_error_nomem(&db->err);
    paths[0] = dir;
    memcpy(paths + 1, layers, sizeof(char *) * (size_t)n_layers);
    int rc = cq_corpus_load_layers(NULL, paths, NULL, n_layers + 1,
                                   &db->host_alloc, &db->graph, &db->err);
    cq_free(&db->alloc, paths, size);
    return rc;
}

/* Stack layers on the graph the handle holds (an image, or another
** handle's corpus): the handle moves to the new graph, or to none when
** loading fails. */
static int add_layers(concord_db *db, const char *const *layers, int n_layers)
{
    cq_graph *next = NULL;
    int rc = cq_corpus_load_layers(db->graph, layers, NULL, n_layers,
                                   &db->host_alloc, &next, &db->err);
    cq_graph_release(db->graph);
    db->graph = cq_graph_retain(next);
    return rc;
}

/* Hold the corpus of the open handle other (share_corpus).  Only other's
** graph pointer is read, so other may be running statements in another
** thread; the graph is never written, so both read it without a lock. */
static int share_corpus(concord_db *db, concord_db *other)
{
    if (!db_ok(other))
        return cq_error_set(&db->err, CONCORD_MISUSE, NULL,
                            "misuse: share_corpus is not an open concord "
                            "handle");
    if (other->graph == NULL)
        return cq_error_set(&db->err, CONCORD_MISUSE, NULL,
                            "misuse: share_corpus has no corpus to share "
                            "(opening it failed)");
    db->graph = cq_graph_retain(other->graph);
    return CONCORD_OK;
}

/* value clamped to 1 and limit id's ceiling. */
static int limit_clamp(int id, int value)
{
    return value < 1                   ? 1
           : value > limit_ceiling[id] ? limit_ceiling[id]
                                       : value;
}

/* The limits the options ask for, one by one: a caller built when there
** were fewer limits passes a shorter array (its size says so), and the
** ones past it keep their defaults. */
static void apply_option_limits(concord_db *db, const concord_options *options)
{
    size_t first = offsetof(concord_options, limits);
    for (int id = 0; id < CONCORD_N_LIMITS; id++) {
        if (options->size < first + sizeof(int) * (size_t)(id + 1))
            break;
        if (options->limits[id] > 0)
            db->limits[id] = limit_clamp(id, options->limits[id]);
    }
}

/* What script.c calls on a handle (db.h). */
static const cq_db_calls db_calls = {concord_prepare_v2, concord_step,
                                     concord_finalize, cq_db_add_layer};

int concord_open(concord_db **db)
{
    concord_options options;
    concord_options_init(&options);
    return concord_open_v2(db, &options);
}

int concord_open_v2(concord_db **out, const concord_options *options)
{
    if (out == NULL)
        return CONCORD_MISUSE;
    *out = NULL;
    /* A caller built against an older concord.h passes the smaller struct
    ** it knows; the fields added since take their defaults. */
    if (options == NULL || options->size < OPTIONS_V1_SIZE ||
        options->size > sizeof(concord_options))
        return CONCORD_MISUSE;
    const char *image_path =
        HAS_OPTION(options, image_path) ? options->image_path : NULL;
    unsigned flags = HAS_OPTION(options, flags) ? options->flags : 0;
    const char *const *layers =
        HAS_OPTION(options, layers) ? options->layers : NULL;
    int n_layers = HAS_OPTION(options, n_layers) ? options->n_layers : 0;
    if (layers == NULL && n_layers > 0)
        n_layers = 0; /* NULL: none, whatever the count says */
    /* the size of the field, a pointer, is what is meant */
    concord_db *shared = HAS_OPTION(options, share_corpus) /* NOLINT */
                             ? options->share_corpus
                             : NULL;
    cq_allocator alloc = {options->alloc ? options->alloc : cq_default_alloc,
                          options->alloc_ud};
    concord_db *db = cq_malloc(&alloc, sizeof *db);
    if (db == NULL)
        return CONCORD_NOMEM;
    memset(db, 0, sizeof *db);
    db->magic = CQ_DB_MAGIC;
    db->calls = &db_calls;
    db->host_alloc = alloc;
    db->alloc = (cq_allocator){counted_alloc, db};
    db->format = CONCORD_FORMAT_TSV;
    db->export_time = -1;
    cq_error_init(&db->err, &db->host_alloc);
    cq_session_init(&db->session, &db->alloc);
    for (int i = 0; i < CONCORD_N_LIMITS; i++)
        db->limits[i] = cq_limit_of(NULL, i);
    db->safe = (flags & CONCORD_OPEN_SAFE) != 0;
    atomic_init(&db->running, 0);
    atomic_init(&db->epoch, 0);
    atomic_init(&db->interrupt, 0);
    int rc;
    if (options->corpus_dir && image_path)
        rc = cq_error_set(&db->err, CONCORD_MISUSE, NULL,
                          "misuse: corpus_dir and image_path both set; a "
                          "handle opens one corpus");
    else if (shared && (options->corpus_dir || image_path))
        rc = cq_error_set(&db->err, CONCORD_MISUSE, NULL,
                          "misuse: share_corpus and %s both set; a handle "
                          "opens one corpus",
                          image_path ? "image_path" : "corpus_dir");
    else if (n_layers < 0)
        rc = cq_error_set(&db->err, CONCORD_MISUSE, NULL,
                          "misuse: n_layers is %d", n_layers);
    else if ((rc = null_layer(layers, n_layers)) >= 0)
        rc = cq_error_set(&db->err, CONCORD_MISUSE, NULL,
                          "misuse: layers[%d] is NULL", rc);
    else if (shared)
        rc = share_corpus(db, shared);
    else if (options->corpus_dir)
        rc = open_folder(db, options->corpus_dir, layers, n_layers);
    else if (image_path)
        rc = cq_image_open_file_flags(
            image_path, (flags & CONCORD_OPEN_CHECK_IMAGE) ? CQ_IMAGE_FULL : 0,
            &db->host_alloc, &db->graph, &db->err);
    else /* in place: the image is part of the library, nothing is copied */
        rc = cq_image_open_memory(cq_builtin_image, cq_builtin_image_size,
                                  "built-in corpus image", CQ_IMAGE_BUILTIN,
                                  &db->host_alloc, &db->graph, &db->err);
    if (!shared) /* a graph loaded here starts with no holder */
        cq_graph_retain(db->graph);
    if (rc == CONCORD_OK && n_layers > 0 && !options->corpus_dir)
        rc = add_layers(db, layers, n_layers);
    *out = db;
    if (rc == CONCORD_OK && HAS_OPTION(options, n_status_files) &&
        options->status_files != NULL)
        rc = cq_status_open_files(db, options->status_files,
                                  options->n_status_files);
    /* after the stdlib, which the host's limits are not meant for */
    apply_option_limits(db, options);
    return rc;
}

/* Start a busy period of the handle (a statement running, a layer being
** imported, a result being written): what concord_interrupt stops.  Its
** number is set first, so an interrupt that sees the handle running sees
** its period (one thread starts work on a handle).  Periods nest: an
** `import` statement loading a layer stays in the statement's.  End it by
** decrementing db->running. */
static unsigned busy_begin(concord_db *db)
{
    if (atomic_load(&db->running) == 0) {
        unsigned next = atomic_load(&db->epoch) + 1;
        atomic_store(&db->epoch, next ? next : 1); /* 0 means none */
    }
    atomic_fetch_add(&db->running, 1);
    return atomic_load(&db->epoch);
}

int concord_import(concord_db *db, const char *path)
{
    if (!db_ok(db))
        return CONCORD_MISUSE;
    if (path == NULL)
        return misuse(db, "concord_import needs a path");
    if (db->safe)
        return cq_error_set(&db->err, CONCORD_ERROR, NULL,
                            "importing a layer is not allowed in safe mode: "
                            "it reads files");
    cq_error_clear(&db->err);
    return cq_db_add_layer(db, path, NULL);
}

int cq_db_add_layer(concord_db *db, const char *path, const char *name)
{
    if (db->graph == NULL)
        return cq_error_set(&db->err, CONCORD_MISUSE, NULL,
                            "misuse: the handle has no corpus (opening it "
                            "failed)");
    cq_graph *next = NULL;
    /* loading counts its steps and sees concord_interrupt as a statement
    ** does (from 0: a limit is for one load) */
    cq_run run = {.err = &db->err,
                  .limits = db->limits,
                  .interrupt = &db->interrupt,
                  .epoch = busy_begin(db)};
    int rc = cq_corpus_load_layers_run(db->graph, &path, name ? &name : NULL, 1,
                                       &db->host_alloc, &next, &db->err, &run);
    atomic_fetch_sub(&db->running, 1);
    if (rc != CONCORD_OK)
        return rc;
    /* statements prepared before hold the old graph until finalized */
    cq_graph_release(db->graph);
    db->graph = cq_graph_retain(next);
    return CONCORD_OK;
}

int concord_save_image(concord_db *db, const char *path)
{
    if (!db_ok(db))
        return CONCORD_MISUSE;
    if (db->safe)
        return cq_error_set(&db->err, CONCORD_ERROR, NULL,
                            "saving an image is not allowed in safe mode: "
                            "it writes a file");
    if (path == NULL)
        return misuse(db, "concord_save_image needs a path");
    if (db->graph == NULL)
        return cq_error_set(&db->err, CONCORD_MISUSE, NULL,
                            "misuse: the handle has no corpus (opening it "
                            "failed)");
    cq_error_clear(&db->err);
    return cq_image_save(db->graph, path, &db->host_alloc, &db->err);
}

int concord_check_image(concord_db *db, const char *path)
{
    if (!db_ok(db))
        return CONCORD_MISUSE;
    if (db->safe)
        return cq_error_set(&db->err, CONCORD_ERROR, NULL,
                            "checking an image is not allowed in safe mode: "
                            "it reads a file");
    if (path == NULL)
        return misuse(db, "concord_check_image needs a path");
    cq_error_clear(&db->err);
    return cq_image_check_file(path, &db->host_alloc, &db->err);
}

int concord_close(concord_db *db)
{
    if (db == NULL)
        return CONCORD_OK;
    if (!db_ok(db))
        return CONCORD_MISUSE;
    if (db->n_open > 0) {
        return cq_error_set(&db->err, CONCORD_BUSY, NULL,
                            "%d statement%s still open; finalize %s first",
                            db->n_open, db->n_open == 1 ? " is" : "s are",
                            db->n_open == 1 ? "it" : "them");
    }
    cq_session_free(&db->session);
    cq_graph_release(db->graph);
    cq_error_free(&db->err);
    db->magic = 0;
    cq_allocator alloc = db->host_alloc;
    cq_free(&alloc, db, sizeof *db);
    return CONCORD_OK;
}

/* Free a statement's memory (not its place in db->n_open). */
static void stmt_destroy(concord_stmt *stmt)
{
    cq_allocator alloc = stmt->db->alloc;
    cq_table_free(&stmt->table);
    for (int i = 0; stmt->bindings && i < stmt->n_params; i++)
        cq_free(&alloc, stmt->bindings[i].buf, stmt->bindings[i].cap);
    cq_keep_release(&stmt->kept, &alloc);
    cq_free(&alloc, stmt->bindings,
            sizeof(cq_binding) * (size_t)(stmt->n_params + 1));
    cq_arena_free(&stmt->run);
    cq_arena_free(&stmt->arena);
    cq_graph_release(stmt->graph);
    stmt->magic = 0;
    cq_free(&alloc, stmt, sizeof *stmt);
}

int concord_prepare(concord_db *db, const char *text, int len,
                    concord_stmt **stmt, const char **tail)
{
    return concord_prepare_v2(db, text, len, NULL, stmt, tail);
}

/* Is the syntax error on db the cut at stop, not the text's own: the
** text ended inside the statement, a word cut in two (another word, or
** none), or a string cut before its closing quote? */
static int cut_made_error(concord_db *db, const char *origin, size_t stop)
{
    int off = db->err.offset;
    if (off < 0 || db->err.end >= (int)stop)
        return 1;
    return (origin[off] == '"' || origin[off] == '\'') &&
           memchr(origin + off, '\n', stop - (size_t)off) == NULL;
}

/* The offset of the first byte at or after start (before len) that is not
** blank or in a comment: where the statement there begins. */
static size_t skip_blanks(const char *origin, size_t start, size_t len)
{
    for (size_t i = start; i < len; i++) {
        char c = origin[i];
        if (c == '#' || (c == '-' && i + 1 < len && origin[i + 1] == '-')) {
            while (i + 1 < len && origin[i + 1] != '\n')
                i++;
        } else if (c != ' ' && c != '\t' && c != '\n' && c != '\r' &&
                   c != '\f' && c != '\v') {
            return i;
        }
    }
    return len;
}

/* The statement at origin + at goes on past the length limit (window
** bytes): say so, at its first byte. */
static int too_long(concord_db *db, const char *origin, size_t at,
                    size_t window)
{
    cq_loc loc = {1, 1, 1, 1, 0, 0};
    for (size_t i = 0; i < at; i++) {
        if (origin[i] == '\n') {
            loc.first_line++;
            loc.first_column = 1;
        } else {
            loc.first_column++;
        }
    }
    loc.last_line = loc.first_line;
    loc.last_column = loc.first_column + 1;
    loc.start = (int)at;
    loc.end = (int)at + 1;
    return cq_error_set(&db->err, CONCORD_TOOBIG, &loc,
                        "the statement is longer than the length limit "
                        "(%zu bytes; raise it with --limit length=N or "
                        "concord_limit)",
                        window);
}

/* concord_prepare_v2 within a busy period, epoch (0: none, for a handle
** that is not valid): concord_interrupt stops the parse between chunks of
** text, and one that came while compiling stops it after. */
static int prepare_statement(concord_db *db, const char *text, int len,
                             const char *origin, concord_stmt **out,
                             const char **tail, unsigned epoch)
{
    if (out)
        *out = NULL;
    if (tail)
        *tail = text;
    if (!db_ok(db))
        return CONCORD_MISUSE;
    if (out == NULL || text == NULL)
        return misuse(db, "concord_prepare needs text and a statement pointer");
    if (origin == NULL)
        origin = text;
    if (origin > text)
        return misuse(db, "origin lies after the text");
    if (db->graph == NULL)
        return cq_error_set(&db->err, CONCORD_MISUSE, NULL,
                            "misuse: the handle has no corpus (opening it "
                            "failed)");
    size_t n = len < 0 ? strlen(text) : (size_t)len;
    size_t start = (size_t)(text - origin);
    db->mem_hit = 0;
    if (start + n > INT_MAX)
        return cq_error_set(&db->err, CONCORD_TOOBIG, NULL,
                            "query text too long (over %d bytes)", INT_MAX);
    cq_error_clear(&db->err);

    concord_stmt *stmt = cq_malloc(&db->alloc, sizeof *stmt);
    if (stmt == NULL)
        return cq_error_nomem(&db->err);
    memset(stmt, 0, sizeof *stmt);
    stmt->magic = CQ_STMT_MAGIC;
    stmt->db = db;
    stmt->graph = cq_graph_retain(db->graph);
    cq_arena_init(&stmt->arena, &db->alloc);
    cq_arena_init(&stmt->run, &db->alloc);
    cq_table_init(&stmt->table, &db->alloc, NULL, 0);

    /* Read at most the length limit from the statement's first byte: a
    ** statement still going on at the window's end is too long, reported
    ** without reading the rest. */
    cq_node *ast = NULL;
    cq_parse_watch watch = {.interrupt = &db->interrupt, .epoch = epoch};
    size_t window = (size_t)db->limits[CONCORD_LIMIT_LENGTH];
    size_t first = skip_blanks(origin, start, start + n);
    int cut = start + n - first > window;
    size_t stop = cut ? first + window : start + n, end = stop;
    int incomplete = 0;
    int rc = cq_parse_statement_at(
        &stmt->arena, origin, stop, start, &ast, &end, &incomplete, &db->err,
        db->limits[CONCORD_LIMIT_NESTING], &db->pos, &watch);
    if (cut && ((rc == CONCORD_SYNTAX &&
                 (incomplete || cut_made_error(db, origin, stop))) ||
                (rc == CONCORD_OK && end == stop &&
                 (ast == NULL || origin[stop - 1] != ';'))))
        rc = too_long(db, origin, first, window);
    if (tail)
        *tail = origin + (rc == CONCORD_OK ? end : start + n);
    if (rc == CONCORD_OK && ast != NULL) {
        cq_compile_ctx ctx = {.graph = db->graph,
                              .arena = &stmt->arena,
                              .err = &db->err,
                              .session = &db->session,
                              .source = origin,
                              .limits = db->limits};
        rc = cq_compile(&ctx, ast, &stmt->plan);
        stmt->params = ctx.params;
        stmt->n_params = ctx.n_params;
        /* a name not found because the image's index of names is
        ** damaged (graph.h) is that damage, not an unknown name */
        if (rc != CONCORD_OK && rc != CONCORD_NOMEM &&
            cq_graph_damage_error(db->graph, NULL) != CONCORD_OK)
            rc = cq_graph_damage_error(db->graph, &db->err);
        if (rc == CONCORD_OK &&
            (stmt->bindings = cq_calloc(&db->alloc, (size_t)stmt->n_params + 1,
                                        sizeof(cq_binding))) == NULL)
            rc = cq_error_nomem(&db->err);
    }
    if (rc == CONCORD_OK && ast != NULL && stmt->plan->shape.columns) {
        const cq_shape *shape = &stmt->plan->shape;
        cq_table_init(&stmt->table, &db->alloc, shape->columns,
                      shape->n_columns);
        stmt->table.ids_ok = 1; /* the column calls make cells as read */
        stmt->numbers =
            cq_arena_alloc(&stmt->arena, 32 * (size_t)shape->n_columns);
        if (stmt->numbers == NULL)
            rc = cq_error_nomem(&db->err);
    }
    if (rc == CONCORD_OK && ast != NULL && atomic_load(&db->interrupt) == epoch)
        rc = cq_error_set(&db->err, CONCORD_INTERRUPT, NULL, "interrupted");
    if (rc != CONCORD_OK || ast == NULL) {
        stmt_destroy(stmt);
        return memory_verdict(db, rc, ast ? &ast->loc : NULL);
    }
    db->n_open++;
    *out = stmt;
    return CONCORD_OK;
}

int concord_prepare_v2(concord_db *db, const char *text, int len,
                       const char *origin, concord_stmt **out,
                       const char **tail)
{
    if (!db_ok(db))
        return prepare_statement(db, text, len, origin, out, tail, 0);
    unsigned epoch = busy_begin(db);
    int rc = prepare_statement(db, text, len, origin, out, tail, epoch);
    atomic_fetch_sub(&db->running, 1);
    return rc;
}

/* The state a run of the statement's plan needs. */
static cq_run stmt_run(concord_stmt *stmt)
{
    concord_db *db = stmt->db;
    cq_run run = {.graph = stmt->graph,
                  .arena = &stmt->run,
                  .alloc = &db->alloc,
                  .err = &db->err,
                  .bindings = stmt->bindings,
                  .n_bindings = stmt->n_params,
                  .param_names = stmt->params,
                  .session = &db->session,
                  .limits = db->limits,
                  .steps = 0,
                  .interrupt = &db->interrupt,
                  .kept = &stmt->kept,
                  .execute = cq_execute};
    return run;
}

/* `let`: run the query and keep its table in the session. */
int cq_stmt_let(concord_stmt *stmt, cq_run *run)
{
    concord_db *db = stmt->db;
    cq_plan *value = stmt->plan->value;
    cq_table t;
    cq_table_init(&t, &db->alloc, value->shape.columns, value->shape.n_columns);
    int rc = cq_execute(value, run, &t);
    if (rc == CONCORD_OK)
        rc = cq_session_set_let(&db->session, stmt->plan->statement->text, &t,
                                &value->shape, &db->err);
    cq_table_free(&t);
    return rc;
}

/* `assert`: CONCORD_ASSERT, located at the statement, when it fails. */
int cq_stmt_assert(concord_stmt *stmt, cq_run *run)
{
    cq_plan *plan = stmt->plan;
    int rc = cq_cond_prepare(plan->assertion, run);
    if (rc != CONCORD_OK)
        return rc;
    if (cq_cond_test(plan->assertion, NULL, stmt->graph, CQ_NONE))
        return CONCORD_OK;
    return cq_error_set(&stmt->db->err, CONCORD_ASSERT, &plan->statement->loc,
                        "assertion failed: %s", plan->message);
}

int cq_stmt_format(concord_stmt *stmt, cq_run *run)
{
    (void)run;
    stmt->db->format = stmt->plan->format;
    return CONCORD_OK;
}

int cq_stmt_def(concord_stmt *stmt, cq_run *run)
{
    (void)run;
    concord_db *db = stmt->db;
    return cq_session_set_def(&db->session, stmt->plan->statement, &db->err);
}

int cq_stmt_import(concord_stmt *stmt, cq_run *run)
{
    (void)run;
    return cq_script_include(stmt->db, stmt->plan->statement);
}

int cq_stmt_status(concord_stmt *stmt, cq_run *run)
{
    (void)run;
    return cq_status_statement(stmt->db, stmt->plan->statement);
}

/* What runs each statement that is not a query, from statements.h (NULL:
** a query, which cq_execute runs). */
#define STATEMENT_RUN_(cls, kind, name, compile, run, shape)                   \
    CQ_STMT_STATEMENT_ONLY_##cls([CQ_N_##kind] = (run), )
static int (*const statement_runs[CQ_N_STATEMENT_END])(concord_stmt *stmt,
                                                       cq_run *run) = {
    CQ_STATEMENTS(STATEMENT_RUN_)};

/* How many rows ahead of the reader a step asks for the strings of rows
** held as ids (table.h), so that reading them rarely waits on memory: at
** every IDS_AHEAD-th row, for the IDS_AHEAD rows after the next
** IDS_AHEAD, in one call. */
#define IDS_AHEAD 8

/* Ask for the strings of the id rows [from, from + IDS_AHEAD) that are. */
static inline void ids_ahead(const cq_table *t, size_t from)
{
    if (t->id_cell == NULL || t->id_asked_all || from >= t->n_rows)
        return;
    size_t n = t->n_rows - from < IDS_AHEAD ? t->n_rows - from : IDS_AHEAD;
    cq_id_text_ahead(t, &t->ids[from], n);
}

/* ids_ahead, then CONCORD_ROW: concord_step's call to it. */
static __attribute__((noinline)) int ahead_row(const cq_table *t, size_t from)
{
    ids_ahead(t, from);
    return CONCORD_ROW;
}

/* Run the statement if it has not run yet. */
static int stmt_execute(concord_stmt *stmt)
{
    if (stmt->executed)
        return CONCORD_OK;
    concord_db *db = stmt->db;
    cq_run run = stmt_run(stmt);
    int rc = CONCORD_OK;
    run.epoch = busy_begin(db);
    cq_node_kind kind = stmt->plan->kind;
    if (kind > CQ_N_NONE && kind < CQ_N_STATEMENT_END && statement_runs[kind])
        rc = statement_runs[kind](stmt, &run);
    else
        rc = cq_execute(stmt->plan, &run, &stmt->table);
    atomic_fetch_sub(&db->running, 1);
    /* a reader that found the image damaged clamped and went on (graph.h):
    ** whatever it made is not an answer */
    if (rc == CONCORD_OK)
        rc = cq_graph_damage_error(stmt->graph, &db->err);
    stmt->note = run.note;
    stmt->later = run.later;
    stmt->steps = run.steps;
    if (rc == CONCORD_TOOBIG) /* a limit: say which statement met it */
        rc = cq_error_locate(&db->err, &stmt->plan->node->loc);
    if (rc != CONCORD_OK) {
        cq_table_clear(&stmt->table);
        stmt->state = STMT_FAILED;
        return rc;
    }
    stmt->executed = 1;
    /* rows held as ids: ask for the strings of the first rows read */
    ids_ahead(&stmt->table, 0);
    return CONCORD_OK;
}

/* concord_step but for its short path: a first step (which runs the
** statement), the last, and every misuse. */
static __attribute__((noinline)) int step_whole(concord_stmt *stmt)
{
    if (!stmt_ok(stmt))
        return CONCORD_MISUSE;
    concord_db *db = stmt->db;
    if (stmt->state == STMT_DONE)
        return misuse(db, "concord_step after CONCORD_DONE; call "
                          "concord_reset first");
    if (stmt->state == STMT_FAILED)
        return misuse(db, "concord_step after a failure; call "
                          "concord_reset first");
    /* no call a row when there is nothing to forget: with no error code
    ** the rest of an error is unread, and only ever left cleared */
    if (db->err.code != CONCORD_OK || db->err.msg.len != 0)
        cq_error_clear(&db->err);
    db->mem_hit = 0;
    int rc = stmt->executed ? CONCORD_OK : stmt_execute(stmt);
    if (rc != CONCORD_OK)
        return memory_verdict(db, rc, &stmt->plan->node->loc);
    if (stmt->next_row < stmt->table.n_rows) {
        if (stmt->next_row % IDS_AHEAD == 0)
            ids_ahead(&stmt->table, stmt->next_row + IDS_AHEAD);
        stmt->next_row++;
        stmt->state = STMT_ROW;
        return CONCORD_ROW;
    }
    stmt->state = STMT_DONE;
    return CONCORD_DONE;
}

/*
** The step of every row after the first: the statement has run, a row is
** left and the handle holds no error to forget.  It does what step_whole
** would do then, and nothing else, so that a row costs a few loads and
** stores (and, every IDS_AHEAD-th row held as ids, asking for the
** strings of rows ahead).
*/
int concord_step(concord_stmt *stmt)
{
    /* (a live statement's handle is open: concord_close refuses while a
    ** statement of it is live, so the handle's own magic is not asked) */
    if (__builtin_expect(
            stmt != NULL && stmt->magic == CQ_STMT_MAGIC && stmt->executed &&
                (stmt->state == STMT_READY || stmt->state == STMT_ROW),
            1)) {
        concord_db *db = stmt->db;
        size_t r = stmt->next_row;
        if (__builtin_expect(r < stmt->table.n_rows &&
                                 db->err.code == CONCORD_OK &&
                                 db->err.msg.len == 0,
                             1)) {
            db->mem_hit = 0;
            stmt->next_row = r + 1;
            stmt->state = STMT_ROW;
            /* (a call last: no registers saved) */
            if (r % IDS_AHEAD == 0 && !stmt->table.id_asked_all)
                return ahead_row(&stmt->table, r + IDS_AHEAD);
            return CONCORD_ROW;
        }
    }
    return step_whole(stmt);
}

int concord_reset(concord_stmt *stmt)
{
    if (!stmt_ok(stmt))
        return CONCORD_MISUSE;
    cq_table_clear(&stmt->table);
    cq_arena_free(&stmt->run);
    stmt->note = NULL;
    stmt->later = NULL;
    stmt->executed = 0;
    stmt->next_row = 0;
    stmt->state = STMT_READY;
    return CONCORD_OK;
}

/* The run kept its notes unworded (reach.h): word them now, once; out of
** memory, NULL and the handle says so, and a later call tries again. */
const char *concord_note(concord_stmt *stmt)
{
    if (!stmt_ok(stmt) || stmt_execute(stmt) != CONCORD_OK)
        return NULL;
    if (stmt->later != NULL) {
        cq_run run = stmt_run(stmt);
        run.note = stmt->note;
        run.later = stmt->later;
        if (cq_note_word(&run) != CONCORD_OK)
            return NULL;
        stmt->note = run.note;
        stmt->later = NULL;
    }
    return stmt->note;
}

int concord_finalize(concord_stmt *stmt)
{
    if (stmt == NULL)
        return CONCORD_OK;
    if (!stmt_ok(stmt))
        return CONCORD_MISUSE;
    stmt->db->n_open--;
    stmt_destroy(stmt);
    return CONCORD_OK;
}

int concord_column_count(concord_stmt *stmt)
{
    return stmt_ok(stmt) ? stmt->table.n_cols : 0;
}

const char *concord_column_name(concord_stmt *stmt, int i)
{
    if (!stmt_ok(stmt) || i < 0 || i >= stmt->table.n_cols)
        return NULL;
    return stmt->table.col_names[i];
}

/* The current row's value in column i, or NULL. */
static inline const cq_value *current_value(concord_stmt *stmt, int i)
{
    if (!stmt_ok(stmt) || stmt->state != STMT_ROW || i < 0 ||
        i >= stmt->table.n_cols)
        return NULL;
    const cq_table *t = &stmt->table;
    if (t->id_cell != NULL) { /* a row held as ids: its cell made now */
        stmt->cell = t->id_cell(t->id_graph, t->id_slots,
                                &t->ids[stmt->next_row - 1], i);
        return &stmt->cell;
    }
    return &cq_table_row(&stmt->table, stmt->next_row - 1)[i];
}

int concord_column_type(concord_stmt *stmt, int i)
{
    const cq_value *v = current_value(stmt, i);
    return v ? v->type : 0;
}

/* concord_column_text of a cell that is not of a kind (id_text.h). */
static __attribute__((noinline)) const char *column_text(concord_stmt *stmt,
                                                         int i)
{
    const cq_value *v = current_value(stmt, i);
    if (v == NULL || v->type == CONCORD_NULL)
        return NULL;
    if (v->type == CONCORD_TEXT) /* the common case, with no call */
        return v->u.text ? v->u.text : "";
    return cq_value_text(v, stmt->numbers[i]);
}

/*
** A column of rows held as ids whose kind the run set (table.h) is read
** straight from the graph, with no cell made; any other through
** column_text.  A kind is set only while the table holds id rows, for a
** column it has, so a row being current is all that is left to ask.
** (The handle is not looked at: it cannot be closed while a statement of
** it is live, concord_close.)
*/
const char *concord_column_text(concord_stmt *stmt, int i)
{
    if (__builtin_expect(stmt != NULL && stmt->magic == CQ_STMT_MAGIC &&
                             stmt->state == STMT_ROW &&
                             (unsigned)i < CQ_ID_TEXT_COLS,
                         1)) {
        const cq_table *t = &stmt->table;
        int kind = t->id_text[i];
        if (kind != CQ_ID_TEXT_CELL)
            return cq_id_text(t, &t->ids[stmt->next_row - 1], kind);
    }
    return column_text(stmt, i);
}

long long concord_column_int(concord_stmt *stmt, int i)
{
    const cq_value *v = current_value(stmt, i);
    if (v == NULL)
        return 0;
    if (v->type == CONCORD_INTEGER)
        return v->u.integer;
    if (v->type == CONCORD_REAL)
        return (long long)v->u.real;
    return 0;
}

double concord_column_double(concord_stmt *stmt, int i)
{
    const cq_value *v = current_value(stmt, i);
    if (v == NULL)
        return 0;
    if (v->type == CONCORD_INTEGER)
        return (double)v->u.integer;
    if (v->type == CONCORD_REAL)
        return v->u.real;
    return 0;
}

/* The full title of standard id in the corpus the statement ran on. */
static const char *standard_title(void *ctx, const char *id)
{
    const cq_graph *g = ctx;
    cq_id s = cq_graph_find_standard(g, id, strlen(id));
    return s == CQ_NONE ? NULL
                        : cq_graph_str(g, cq_graph_standard(g, s)->title);
}

/* What an export of stmt's result takes from the handle and the
** statement: the namespace, the time, the corpus's titles and, for a gap
** (piped or not), the set it was measured against. */
static void export_opts(concord_stmt *stmt, cq_export_opts *opts)
{
    concord_db *db = stmt->db;
    cq_export_opts_init(opts);
    opts->ns = db->ns[0] ? db->ns : NULL;
    opts->time = db->export_time;
    opts->std_title = standard_title;
    opts->ctx = stmt->graph;
    cq_plan *p = stmt->plan;
    while (p && p->kind == CQ_N_PIPE && p->input)
        p = p->input;
    /* Only a set written as one standard or clause reference names the
    ** standard (a `let` table, or several items, may hold many). */
    if (p && p->kind == CQ_N_GAP && !p->between && p->b.n_items == 1 &&
        p->b.n_table_ranges == 0)
        opts->against = cq_set_label(&p->b, stmt->graph);
}

int concord_set_namespace(concord_db *db, const char *iri)
{
    if (!db_ok(db))
        return CONCORD_MISUSE;
    if (iri == NULL || *iri == '\0') {
        db->ns[0] = '\0';
        return CONCORD_OK;
    }
    if (!cq_export_ns_valid(iri))
        return cq_error_set(&db->err, CONCORD_RANGE, NULL,
                            "namespace '%.80s' is not an absolute IRI such "
                            "as https://example.org/ns/ or urn:uuid:...# "
                            "(a scheme, ':', then no spaces, quotes or "
                            "<>; at most 512 bytes)",
                            iri);
    memcpy(db->ns, iri, strlen(iri) + 1); /* fits: checked above */
    return CONCORD_OK;
}

const char *concord_namespace(concord_db *db)
{
    if (!db_ok(db))
        return NULL;
    return db->ns[0] ? db->ns : CQ_NS_DEFAULT;
}

int concord_set_export_time(concord_db *db, long long seconds)
{
    if (!db_ok(db))
        return CONCORD_MISUSE;
    db->export_time = seconds < 0 ? -1 : seconds;
    return CONCORD_OK;
}

int concord_write_result(concord_stmt *stmt, int format, concord_write_fn write,
                         void *ctx)
{
    if (!stmt_ok(stmt))
        return CONCORD_MISUSE;
    concord_db *db = stmt->db;
    if (write == NULL)
        return misuse(db, "concord_write_result needs a write function");
    if (concord_format_name(format) == NULL)
        return cq_error_set(&db->err, CONCORD_RANGE, NULL,
                            "unknown output format %d", format);
    if (stmt->state == STMT_DONE || stmt->state == STMT_FAILED)
        return misuse(db, "concord_write_result after the statement ended; "
                          "call concord_reset first");
    cq_error_clear(&db->err);
    db->mem_hit = 0;
    int rc = stmt_execute(stmt);
    if (rc != CONCORD_OK)
        return memory_verdict(db, rc, &stmt->plan->node->loc);
    if (stmt->table.n_cols > 0) {
        /* writing is part of the statement's work: each line a step (and
        ** each row of a pass before the lines), on from the steps its run
        ** took, and concord_interrupt stops it */
        cq_run run = stmt_run(stmt);
        run.steps = stmt->steps;
        run.epoch = busy_begin(db);
        if (cq_table_materialise(&stmt->table) != 0) {
            atomic_fetch_sub(&db->running, 1);
            return cq_error_nomem(&db->err);
        }
        cq_export_opts opts;
        export_opts(stmt, &opts);
        opts.run = &run;
        rc = cq_output_write_opts(&stmt->table, stmt->next_row, format, &opts,
                                  write, ctx, &db->alloc, &db->err);
        atomic_fetch_sub(&db->running, 1);
        if (rc == CONCORD_NOMEM)
            return cq_error_nomem(&db->err);
        if (rc == CONCORD_ERROR) /* an export refused the table; err says why */
            return rc;
        if (rc == CONCORD_INTERRUPT) /* err says so */
            return rc;
        if (rc == CONCORD_TOOBIG)
            return cq_error_set(&db->err, rc, &stmt->plan->node->loc,
                                "the statement stopped after %lld steps of "
                                "work, writing its result (the steps limit; "
                                "raise it with --limit steps=N)",
                                (long long)db->limits[CONCORD_LIMIT_STEPS]);
        if (rc != CONCORD_OK)
            return cq_error_set(&db->err, rc, NULL,
                                "writing the result failed");
    }
    stmt->next_row = stmt->table.n_rows;
    stmt->state = STMT_DONE;
    return CONCORD_DONE;
}

int concord_format(concord_db *db)
{
    return db_ok(db) ? db->format : CONCORD_FORMAT_TSV;
}

int concord_set_format(concord_db *db, int format)
{
    if (!db_ok(db))
        return CONCORD_MISUSE;
    if (concord_format_name(format) == NULL)
        return cq_error_set(&db->err, CONCORD_RANGE, NULL,
                            "unknown output format %d", format);
    db->format = format;
    return CONCORD_OK;
}

/* A message handed to concord_exec's caller.  concord_free gets only the
** text, perhaps after the handle is closed, so the allocator it came from
** and its size travel in front of it. */
typedef struct exec_message_block {
    cq_allocator alloc; /* the handle's host allocator, copied */
    size_t size;        /* bytes of the whole block */
    char text[];
} exec_message_block;

/* Copy a message for concord_exec's caller, through the handle's host
** allocator (uncounted, as its own messages are); freed by concord_free.
** Returns rc, or CONCORD_NOMEM (*errmsg left NULL) when the copy cannot be
** made: an allocation failure is never ignored. */
static int exec_message(concord_db *db, int rc, char **errmsg)
{
    if (errmsg == NULL)
        return rc;
    const char *msg = concord_errmsg(db);
    size_t n = strlen(msg);
    size_t size = sizeof(exec_message_block) + n + 1;
    exec_message_block *m = cq_malloc(&db->host_alloc, size);
    if (m == NULL)
        return cq_error_nomem(&db->err);
    m->alloc = db->host_alloc;
    m->size = size;
    memcpy(m->text, msg, n + 1);
    *errmsg = m->text;
    return rc;
}

int concord_exec(concord_db *db, const char *script, concord_callback callback,
                 void *ctx, char **errmsg)
{
    if (errmsg)
        *errmsg = NULL;
    if (!db_ok(db))
        return CONCORD_MISUSE;
    if (script == NULL)
        return misuse(db, "concord_exec needs a script");
    const char *p = script;
    int rc = CONCORD_OK;
    while (rc == CONCORD_OK) {
        concord_stmt *stmt = NULL;
        const char *tail = NULL;
        rc = concord_prepare_v2(db, p, -1, script, &stmt, &tail);
        if (rc != CONCORD_OK || stmt == NULL)
            break;
        p = tail;
        int ncols = concord_column_count(stmt);
        size_t size = sizeof(char *) * 2 * (size_t)(ncols ? ncols : 1);
        char **cells = cq_malloc(&db->alloc, size);
        if (cells == NULL) {
            concord_finalize(stmt);
            rc = cq_error_nomem(&db->err);
            break;
        }
        char **names = cells + ncols;
        for (int i = 0; i < ncols; i++)
            names[i] = (char *)concord_column_name(stmt, i);
        int step;
        while ((step = concord_step(stmt)) == CONCORD_ROW) {
            for (int i = 0; i < ncols; i++)
                cells[i] = (char *)concord_column_text(stmt, i);
            if (callback && callback(ctx, ncols, cells, names) != 0) {
                rc = cq_error_set(&db->err, CONCORD_ERROR, NULL,
                                  "the row callback asked to stop");
                break;
            }
        }
        if (rc == CONCORD_OK && step != CONCORD_DONE)
            rc = step;
        cq_free(&db->alloc, cells, size);
        concord_finalize(stmt);
    }
    if (rc != CONCORD_OK)
        rc = exec_message(db, rc, errmsg);
    return rc;
}

void concord_free(void *ptr)
{
    if (ptr == NULL)
        return;
    exec_message_block *m =
        (exec_message_block *)((char *)ptr -
                               offsetof(exec_message_block, text));
    cq_allocator alloc = m->alloc;
    cq_free(&alloc, m, m->size);
}

int concord_errcode(concord_db *db)
{
    if (db == NULL)
        return CONCORD_NOMEM;
    if (!db_ok(db))
        return CONCORD_MISUSE;
    return db->err.code;
}

const char *concord_errmsg(concord_db *db)
{
    if (db == NULL)
        return "out of memory";
    if (!db_ok(db))
        return "misuse: not an open concord handle";
    cq_error_make_safe(&db->err); /* appended names, values */
    return cq_error_message(&db->err);
}

int concord_error_offset(concord_db *db)
{
    if (!db_ok(db) || db->err.code == CONCORD_OK)
        return -1;
    return db->err.offset;
}

const char *concord_errstr(int code)
{
    switch (code) {
    case CONCORD_OK:
        return "not an error";
    case CONCORD_ERROR:
        return "query failed";
    case CONCORD_INTERNAL:
        return "internal error";
    case CONCORD_NOMEM:
        return "out of memory";
    case CONCORD_INTERRUPT:
        return "interrupted";
    case CONCORD_IOERR:
        return "input/output error";
    case CONCORD_CORRUPT:
        return "corpus is invalid";
    case CONCORD_TOOBIG:
        return "limit exceeded";
    case CONCORD_RANGE:
        return "index out of range";
    case CONCORD_MISUSE:
        return "library used incorrectly";
    case CONCORD_SYNTAX:
        return "syntax error";
    case CONCORD_BUSY:
        return "statements still open";
    case CONCORD_NOTFOUND:
        return "not found";
    case CONCORD_ASSERT:
        return "assertion failed";
    case CONCORD_ROW:
        return "another row available";
    case CONCORD_DONE:
        return "no more rows available";
    default:
        return "unknown result code";
    }
}

/* ---- parameters ---------------------------------------------------------- */

/* The binding for parameter i (1-based), checked; NULL after setting the
** error when the statement cannot be bound now. */
static inline __attribute__((always_inline)) cq_binding *
binding_at(concord_stmt *stmt, int i, int *rc)
{
    *rc = CONCORD_MISUSE;
    if (!stmt_ok(stmt))
        return NULL;
    concord_db *db = stmt->db;
    if (stmt->state != STMT_READY) {
        *rc = misuse(db, "bind a statement before stepping it, or after "
                         "concord_reset");
        return NULL;
    }
    if (i < 1 || i > stmt->n_params) {
        *rc = cq_error_set(&db->err, CONCORD_RANGE, NULL,
                           "parameter index %d is out of range: the "
                           "statement has %d parameter%s",
                           i, stmt->n_params, stmt->n_params == 1 ? "" : "s");
        return NULL;
    }
    cq_binding *b = &stmt->bindings[i - 1];
    b->type = CONCORD_NULL; /* b->buf stays, for the next text */
    b->integer = 0;
    b->text = NULL;
    stmt->executed = 0; /* a new value: the next step runs again */
    *rc = CONCORD_OK;
    return b;
}

int concord_bind_text(concord_stmt *stmt, int i, const char *text, int len)
{
    if (text == NULL)
        return concord_bind_null(stmt, i);
    int rc;
    cq_binding *b = binding_at(stmt, i, &rc);
    if (b == NULL)
        return rc;
    size_t n = len < 0 ? strlen(text) : (size_t)len;
    /* (a length that strlen gave holds no NUL) */
    if (len >= 0 && memchr(text, '\0', n) != NULL)
        return cq_error_set(&stmt->db->err, CONCORD_RANGE, NULL,
                            "parameter %d: the text has a NUL byte", i);
    if (n + 1 > b->cap) { /* grown, never shrunk: rebinding allocates once */
        size_t cap = n + 1 > 2 * b->cap ? n + 1 : 2 * b->cap;
        char *buf = cq_realloc(&stmt->db->alloc, b->buf, b->cap, cap);
        if (buf == NULL)
            return cq_error_nomem(&stmt->db->err);
        b->buf = buf;
        b->cap = cap;
    }
    memcpy(b->buf, text, n);
    b->buf[n] = '\0';
    b->type = CONCORD_TEXT;
    b->text = b->buf;
    b->len = n;
    return CONCORD_OK;
}

int concord_bind_int(concord_stmt *stmt, int i, long long value)
{
    int rc;
    cq_binding *b = binding_at(stmt, i, &rc);
    if (b == NULL)
        return rc;
    b->type = CONCORD_INTEGER;
    b->integer = value;
    return CONCORD_OK;
}

int concord_bind_null(concord_stmt *stmt, int i)
{
    int rc;
    cq_binding *b = binding_at(stmt, i, &rc);
    return b == NULL ? rc : CONCORD_OK;
}

int concord_clear_bindings(concord_stmt *stmt)
{
    if (!stmt_ok(stmt))
        return CONCORD_MISUSE;
    for (int i = 1; i <= stmt->n_params; i++) {
        int rc;
        if (binding_at(stmt, i, &rc) == NULL)
            return rc;
    }
    return CONCORD_OK;
}

int concord_bind_parameter_count(concord_stmt *stmt)
{
    return stmt_ok(stmt) ? stmt->n_params : 0;
}

const char *concord_bind_parameter_name(concord_stmt *stmt, int i)
{
    if (!stmt_ok(stmt) || i < 1 || i > stmt->n_params)
        return NULL;
    return stmt->params[i - 1];
}

/* concord_bind_parameter_index of a name of two bytes or more, from
** parameter i on: apart, so that the lookup of a short name calls
** nothing and saves no registers. */
__attribute__((noinline)) static int parameter_from(const concord_stmt *stmt,
                                                    const char *name, int i)
{
    for (; i < stmt->n_params; i++) {
        const char *p = stmt->params[i];
        if (p[0] == name[0] && p[1] == name[1] && strcmp(p + 2, name + 2) == 0)
            return i + 1;
    }
    return 0;
}

int concord_bind_parameter_index(concord_stmt *stmt, const char *name)
{
    if (!stmt_ok(stmt) || name == NULL)
        return 0;
    if (name[0] == '$')
        name++;
    /* two bytes before any call: names are short (often one letter), and
    ** a program looks its parameters up each time it binds them */
    for (int i = 0; i < stmt->n_params; i++) {
        const char *p = stmt->params[i];
        if (p[0] != name[0])
            continue;
        if (p[0] == '\0')
            return i + 1;
        if (p[1] != name[1])
            continue;
        if (p[1] == '\0')
            return i + 1;
        return parameter_from(stmt, name, i);
    }
    return 0;
}

int concord_set_source_path(concord_db *db, const char *path)
{
    if (!db_ok(db))
        return CONCORD_MISUSE;
    return cq_session_set_source(&db->session, path, &db->err);
}

/* ---- limits and interrupts ----------------------------------------------- */

int concord_limit(concord_db *db, int id, int value)
{
    if (!db_ok(db) || id < 0 || id >= CONCORD_N_LIMITS)
        return -1;
    int old = db->limits[id];
    if (value >= 0)
        db->limits[id] = limit_clamp(id, value);
    return old;
}

const char *concord_limit_name(int id)
{
    return id >= 0 && id < CONCORD_N_LIMITS ? limit_names[id] : NULL;
}

void concord_interrupt(concord_db *db)
{
    /* only atomics: this may run in a signal handler or another thread */
    if (db == NULL)
        return;
    /* read the period first: if it ends before running is read, the
    ** number stored is of a period over, and stops nothing */
    unsigned epoch = atomic_load(&db->epoch);
    if (atomic_load(&db->running) > 0)
        atomic_store(&db->interrupt, epoch);
}

const char *concord_version(void)
{
    return CONCORD_VERSION;
}
