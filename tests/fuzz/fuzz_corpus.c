/*
** fuzz_corpus.c -- libFuzzer harness for reading and validating a corpus
** (the five TSV files of docs/corpus.md).
**
** Input: a flags byte, then the replaced files' contents separated by the
** byte 0x1e (record separator), in the order standards.tsv, clauses.tsv,
** edges.tsv, terms.tsv, term_links.tsv.
**   bits 0-4  which files the input replaces; the others are the built-in
**             corpus's (so references across files can still resolve)
**   bit 5     (unused)
**   bit 6     load through a folder: the files are written to a temporary
**             folder and opened with concord_open_v2(corpus_dir), and a
**             corpus that loads is then queried.  A file whose content is
**             the single byte 0x7f is left out, one that is "/" is made a
**             folder, to reach the I/O errors.
**   bit 7     two more bytes (little-endian) N: fail allocation N + 1
**             (once, or from then on when bit 5 is set)
** tests/fuzz/pack-corpus.sh packs a corpus folder into a seed.
**
** Traps when loading returns a code outside {OK, CORRUPT, IOERR, NOMEM},
** reports out-of-memory without a failed allocation or anything else after
** one, returns a graph with an error (or none without), leaves a block
** allocated, or writes a problem list whose lines do not name a file.
*/
#include <stdbool.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"

#include "corpus.h"

/* The temporary folder of folder mode (made on first use, removed at
** exit). */
static char folder[64];

static void remove_folder(void)
{
    char path[128];
    for (int i = 0; i < FZ_CORPUS_FILES; i++) {
        snprintf(path, sizeof path, "%s/%s", folder, fz_corpus_file(i));
        if (unlink(path) != 0)
            rmdir(path);
    }
    rmdir(folder);
}

static void make_folder(void)
{
    if (folder[0])
        return;
    fz_make_folder(folder, sizeof folder);
    atexit(remove_folder);
}

/* The built-in corpus's file name, or NULL. */
static const cq_embedded_file *builtin(const char *name)
{
    for (const cq_embedded_file *e = cq_builtin_corpus; e->name; e++)
        if (strcmp(e->name, name) == 0)
            return e;
    return NULL;
}

/* Every line of a problem list starts "NAME.tsv:" (or, for I/O errors in
** folder mode, with the folder) or is the "... and more" line. */
static void check_message(const char *msg, int rc)
{
    FZ_CHECK(msg != NULL && *msg != '\0', "no message for %d", rc);
    if (rc == CONCORD_NOMEM) {
        FZ_CHECK(strcmp(msg, "out of memory") == 0, "nomem says %s", msg);
        return;
    }
    for (const char *line = msg; line; line = strchr(line, '\n')) {
        if (*line == '\n')
            line++;
        bool named = strncmp(line, "...", 3) == 0 ||
                     (folder[0] && strncmp(line, folder, strlen(folder)) == 0);
        for (int i = 0; i < FZ_CORPUS_FILES && !named; i++) {
            size_t n = strlen(fz_corpus_file(i));
            named = strncmp(line, fz_corpus_file(i), n) == 0 && line[n] == ':';
        }
        FZ_CHECK(named, "a problem names no file: %.80s", line);
    }
}

/* Write the files to the folder: content "\x7f" means leave it out, "/"
** means make a folder of that name. */
static void write_folder(const cq_embedded_file *files)
{
    make_folder();
    for (int i = 0; i < FZ_CORPUS_FILES; i++) {
        char path[128];
        snprintf(path, sizeof path, "%s/%s", folder, fz_corpus_file(i));
        if (unlink(path) != 0)
            rmdir(path);
        const cq_embedded_file *f = &files[i];
        if (f->len == 1 && f->data[0] == '\x7f')
            continue;
        if (f->len == 1 && f->data[0] == '/') {
            FZ_CHECK(mkdir(path, 0700) == 0, "mkdir %s", path);
            continue;
        }
        fz_write_file(path, f->data, f->len);
    }
}

typedef struct first_two {
    char ids[2][64];
    int n;
} first_two;

static int keep_ids(void *ctx, int ncols, char **values, char **names_)
{
    first_two *t = ctx;
    (void)names_;
    size_t n = ncols > 0 && values[0] ? strlen(values[0]) : 64;
    if (t->n < 2 && n < 64)
        memcpy(t->ids[t->n++], values[0], n + 1);
    return 0;
}

static int ignore_row(void *ctx, int ncols, char **values, char **names_)
{
    (void)ctx;
    (void)ncols;
    (void)values;
    (void)names_;
    return 0;
}

/* Ask a corpus that loaded the statements every corpus can answer. */
static void query(concord_db *db, fz_alloc *a)
{
    first_two t = {{"", ""}, 0};
    char script[512];
    int rc = concord_exec(db, "standards", keep_ids, &t, NULL);
    FZ_CHECK(rc == CONCORD_OK || (rc == CONCORD_NOMEM && a->failed),
             "standards: %d: %s", rc, concord_errmsg(db));
    if (t.n == 0)
        return;
    const char *x = t.ids[0], *y = t.ids[t.n - 1];
    snprintf(script, sizeof script,
             "clauses; terms; show %s; clauses of %s where depth > 1; "
             "correlate %s with %s; gap %s against %s; coverage of %s by %s; "
             "terms of %s",
             x, x, x, y, x, y, y, x, y);
    rc = concord_exec(db, script, ignore_row, NULL, NULL);
    FZ_CHECK(!fz_never(rc, a) &&
                 (rc == CONCORD_OK || rc == CONCORD_SYNTAX ||
                  rc == CONCORD_NOTFOUND || rc == CONCORD_ERROR ||
                  rc == CONCORD_TOOBIG || rc == CONCORD_NOMEM),
             "%s: %d: %s", script, rc, concord_errmsg(db));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    int flags = data[0];
    const uint8_t *p = data + 1, *end = data + size;
    long fail_at = 0;
    if (flags & 0x80) {
        if (end - p < 2)
            return 0;
        fail_at = 1 + p[0] + 256L * p[1];
        p += 2;
    }

    /* Replaced files take their bytes from the input, the rest are the
    ** built-in corpus's. */
    cq_embedded_file files[FZ_CORPUS_FILES + 1];
    char *owned[FZ_CORPUS_FILES] = {NULL};
    for (int i = 0; i < FZ_CORPUS_FILES; i++) {
        files[i].name = fz_corpus_file(i);
        if (flags & (1 << i)) {
            const uint8_t *sep = memchr(p, 0x1e, (size_t)(end - p));
            size_t n = (size_t)((sep ? sep : end) - p);
            owned[i] = malloc(n + 1);
            FZ_CHECK(owned[i] != NULL, "malloc");
            memcpy(owned[i], p, n);
            owned[i][n] = '\0';
            files[i].data = owned[i];
            files[i].len = n;
            p = sep ? sep + 1 : end;
        } else {
            const cq_embedded_file *e = builtin(fz_corpus_file(i));
            FZ_CHECK(e != NULL, "no built-in %s", fz_corpus_file(i));
            files[i] = *e;
        }
    }
    files[FZ_CORPUS_FILES].name = NULL;

    fz_alloc a = {0};
    fz_arm(&a, fail_at, (flags & 0x20) != 0);
    int rc;
    if (flags & 0x40) {
        write_folder(files);
        concord_options options;
        concord_options_init(&options);
        options.corpus_dir = folder;
        options.alloc = fz_alloc_fn;
        options.alloc_ud = &a;
        concord_db *db = NULL;
        rc = concord_open_v2(&db, &options);
        FZ_CHECK(db != NULL || rc == CONCORD_NOMEM, "no handle: %d", rc);
        if (db) {
            if (rc != CONCORD_OK)
                check_message(concord_errmsg(db), rc);
            if (rc == CONCORD_OK)
                query(db, &a);
        }
        FZ_CHECK(concord_close(db) == CONCORD_OK, "close failed");
    } else {
        cq_allocator alloc = {fz_alloc_fn, &a};
        cq_error err;
        cq_error_init(&err, &alloc);
        cq_graph *g = NULL;
        rc = cq_corpus_load_files(files, &alloc, &g, &err);
        FZ_CHECK((rc == CONCORD_OK) == (g != NULL), "code %d, graph %p", rc,
                 (void *)g);
        FZ_CHECK(err.code == rc, "code %d, error says %d", rc, err.code);
        if (rc != CONCORD_OK)
            check_message(cq_error_message(&err), rc);
        cq_graph_free(g);
        cq_error_free(&err);
    }
    FZ_CHECK(rc == CONCORD_OK || rc == CONCORD_CORRUPT || rc == CONCORD_IOERR ||
                 rc == CONCORD_NOMEM,
             "loading returned %d", rc);
    FZ_CHECK((rc == CONCORD_NOMEM) == a.failed || (flags & 0x40),
             "code %d, allocation failed: %d", rc, a.failed);
    FZ_CHECK(rc != CONCORD_NOMEM || a.failed, "out of memory, none failed");
    FZ_CHECK(a.live == 0, "%ld blocks left", a.live);
    for (int i = 0; i < FZ_CORPUS_FILES; i++)
        free(owned[i]);
    return 0;
}
