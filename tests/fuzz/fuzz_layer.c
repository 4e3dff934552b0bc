/*
** fuzz_layer.c -- libFuzzer harness for stacking a layer on a corpus
** (concord_import): a folder of corpus files, or a mapping file (OSCAL
** mapping-collection JSON, NIST OLIR/STRM CSV, SSSOM/TSV), on the built-in
** corpus; then queries over the layered corpus, and its image.
**
** Input: a flags byte, then the contents.
**   bit 5 clear  a layer folder: the contents are the files it holds,
**                separated by the byte 0x1e, in the order standards.tsv,
**                clauses.tsv, edges.tsv, terms.tsv, term_links.tsv; bits
**                0-4 say which files the input holds, and a file that is
**                the single byte 0x7f is left out (tests/fuzz/pack-corpus.sh
**                packs a folder so)
**   bit 5 set    a mapping file: the contents are the file
**   bit 6        save the layered corpus as an image, open the image and
**                require the same answers from it
**   bit 7        two more bytes (little-endian) N: fail allocation N + 1
**                of the import, once
**
** Traps when concord_import returns a code outside its documented set,
** reports out-of-memory without a failed allocation, leaves the handle
** answering from a changed corpus after a failed import, leaks a block, or
** when the image of a layered corpus answers differently from it.
*/
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"

/* A temporary folder for the layer and the image (made on first use,
** removed at exit). */
static char folder[64];

static void path_in_folder(char *out, size_t size, const char *name)
{
    snprintf(out, size, "%s/%s", folder, name);
}

static void remove_folder(void)
{
    char path[160];
    for (int i = 0; i < FZ_CORPUS_FILES; i++) {
        snprintf(path, sizeof path, "%s/layer/%s", folder, fz_corpus_file(i));
        unlink(path);
    }
    path_in_folder(path, sizeof path, "layer");
    rmdir(path);
    path_in_folder(path, sizeof path, "mapping");
    unlink(path);
    path_in_folder(path, sizeof path, "image");
    unlink(path);
    rmdir(folder);
}

static void make_folder(void)
{
    if (folder[0])
        return;
    fz_make_folder(folder, sizeof folder);
    atexit(remove_folder);
}

/* Write the layer the input describes; returns its path (static). */
static const char *write_layer(int flags, const uint8_t *data, size_t size)
{
    static char path[128];
    if (flags & 0x20) {
        path_in_folder(path, sizeof path, "mapping");
        fz_write_file(path, data, size);
        return path;
    }
    path_in_folder(path, sizeof path, "layer");
    mkdir(path, 0700);
    for (int i = 0; i < FZ_CORPUS_FILES; i++) {
        char file[160];
        snprintf(file, sizeof file, "%s/%s", path, fz_corpus_file(i));
        unlink(file);
        if (!(flags & (1 << i)))
            continue;
        const uint8_t *sep = memchr(data, 0x1e, size);
        size_t n = sep ? (size_t)(sep - data) : size;
        if (!(n == 1 && data[0] == 0x7f))
            fz_write_file(file, data, n);
        data += sep ? n + 1 : n;
        size -= sep ? n + 1 : n;
    }
    return path;
}

/* What a handle answers to a few statements over every layer's edges, as
** one TSV text (malloc'd), or NULL when a statement fails (with its code
** in *rc). */
static char *answers(concord_db *db, int *rc)
{
    static const char *const queries[] = {
        "standards",
        "check",
        "correlate 20000-1:8.5.1 with 27001, 27001@2022",
        "correlate 20000-1 with 9001 | count",
        "gap 20000-1 against 27001 | count",
        "clauses where origin = added | count",
        NULL};
    size_t cap = 4096, len = 0;
    char *out = malloc(cap);
    FZ_CHECK(out != NULL, "out of memory in the harness");
    out[0] = '\0';
    for (int q = 0; queries[q]; q++) {
        concord_stmt *stmt = NULL;
        *rc = concord_prepare(db, queries[q], -1, &stmt, NULL);
        if (*rc != CONCORD_OK) {
            free(out);
            return NULL;
        }
        while ((*rc = concord_step(stmt)) == CONCORD_ROW)
            for (int i = 0; i < concord_column_count(stmt); i++) {
                const char *t = concord_column_text(stmt, i);
                size_t n = strlen(t ? t : "~") + 2;
                if (len + n >= cap) {
                    while (len + n >= cap)
                        cap *= 2;
                    char *grown = realloc(out, cap);
                    FZ_CHECK(grown != NULL, "out of memory in the harness");
                    out = grown;
                }
                len += (size_t)snprintf(
                    out + len, cap - len, "%s%c", t ? t : "~",
                    i + 1 < concord_column_count(stmt) ? '\t' : '\n');
            }
        concord_finalize(stmt);
        if (*rc != CONCORD_DONE) {
            free(out);
            return NULL;
        }
    }
    *rc = CONCORD_OK;
    return out;
}

static int discard(void *ctx, const char *data, size_t len)
{
    (void)ctx;
    (void)data;
    (void)len;
    return 0;
}

/* Every output format of a correlation over the layered corpus. */
static void write_formats(concord_db *db)
{
    for (int f = 0; f < fz_formats(); f++) {
        concord_stmt *stmt = NULL;
        int rc = concord_prepare(db, "correlate 20000-1:8.5.* with 9001, 27001",
                                 -1, &stmt, NULL);
        FZ_CHECK(rc == CONCORD_OK, "prepare: %s", concord_errmsg(db));
        rc = concord_write_result(stmt, f, discard, NULL);
        FZ_CHECK(rc == CONCORD_DONE || rc == CONCORD_ERROR,
                 "format %s gave %d: %s", concord_format_name(f), rc,
                 concord_errmsg(db));
        concord_finalize(stmt);
    }
}

/* The layered corpus saved as an image and opened again answers as the
** layered handle does. */
static void check_image(concord_db *db, const char *want)
{
    char image[128];
    path_in_folder(image, sizeof image, "image");
    int rc = concord_save_image(db, image);
    FZ_CHECK(rc == CONCORD_OK, "save_image: %s", concord_errmsg(db));
    concord_options options;
    concord_options_init(&options);
    options.image_path = image;
    concord_db *again = NULL;
    rc = concord_open_v2(&again, &options);
    FZ_CHECK(rc == CONCORD_OK, "the image of a layered corpus: %s",
             concord_errmsg(again));
    char *got = answers(again, &rc);
    FZ_CHECK(got != NULL, "the image fails a query: %s", concord_errmsg(again));
    FZ_CHECK(strcmp(got, want) == 0, "the image answers differently");
    free(got);
    concord_close(again);
}

/* The built-in corpus's answers, kept for every input and freed at exit
** (valgrind counts a block still reachable then). */
static char *plain;

static void free_plain(void)
{
    free(plain);
    plain = NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static fz_alloc alloc;
    static long baseline;
    static concord_db *base;
    if (base == NULL) {
        int rc;
        base = fz_open_builtin(&alloc, &baseline);
        plain = answers(base, &rc);
        FZ_CHECK(plain != NULL, "the built-in corpus fails a query");
        atexit(free_plain);
        make_folder();
    }
    if (size < 1)
        return 0;
    int flags = data[0];
    data++;
    size--;
    long fail = 0;
    if (flags & 0x80) {
        if (size < 2)
            return 0;
        fail = (long)data[0] + 256L * data[1] + 1;
        data += 2;
        size -= 2;
    }
    const char *layer = write_layer(flags, data, size);

    /* a handle of its own over the built-in corpus: the import changes it
    ** alone */
    concord_options options;
    concord_options_init(&options);
    options.alloc = fz_alloc_fn;
    options.alloc_ud = &alloc;
    options.share_corpus = base;
    concord_db *db = NULL;
    long before = alloc.live;
    int rc = concord_open_v2(&db, &options);
    FZ_CHECK(rc == CONCORD_OK, "sharing the built-in corpus: %d", rc);

    fz_arm(&alloc, fail, 0);
    rc = concord_import(db, layer);
    int failed = alloc.failed;
    fz_arm(&alloc, 0, 0);
    FZ_CHECK(rc == CONCORD_OK || rc == CONCORD_CORRUPT || rc == CONCORD_IOERR ||
                 rc == CONCORD_TOOBIG || rc == CONCORD_NOMEM,
             "concord_import gave %d: %s", rc, concord_errmsg(db));
    FZ_CHECK(rc != CONCORD_NOMEM || failed,
             "out of memory with no failed allocation");
    FZ_CHECK(!failed || rc == CONCORD_NOMEM || rc == CONCORD_OK,
             "a failed allocation reported as %d: %s", rc, concord_errmsg(db));

    int qrc;
    char *got = answers(db, &qrc);
    FZ_CHECK(got != NULL, "the layered corpus fails a query (%d): %s", qrc,
             concord_errmsg(db));
    if (rc != CONCORD_OK) {
        FZ_CHECK(strcmp(got, plain) == 0, "a failed import changed the corpus");
    } else {
        write_formats(db);
        if (flags & 0x40)
            check_image(db, got);
    }
    free(got);
    FZ_CHECK(concord_close(db) == CONCORD_OK, "close: %s", concord_errmsg(db));
    FZ_CHECK(alloc.live == before, "%ld blocks leaked", alloc.live - before);
    (void)baseline;
    return 0;
}
