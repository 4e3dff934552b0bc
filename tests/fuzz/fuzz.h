/*
** fuzz.h -- what the libFuzzer harnesses in tests/fuzz/ share: the entry
** point every harness defines, a check that traps (so libFuzzer, or the
** plain replay program, stops on the input that broke a rule), and an
** allocator that counts live blocks and can fail the n-th allocation.
**
** Header-only (static functions) so that each harness stays one file and
** links alone against libconcord.a.
*/
#ifndef CQ_FUZZ_H
#define CQ_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "concord.h"

/* libFuzzer's entry point; tests/fuzz/replay.c calls it too. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Stop on a broken rule.  abort() rather than a trap instruction so that
** both libFuzzer and the replay program name the input that did it. */
#define FZ_CHECK(cond, ...)                                                    \
    do {                                                                       \
        if (!(cond)) {                                                         \
            fprintf(stderr, "fuzz check failed at %s:%d: %s: ", __FILE__,      \
                    __LINE__, #cond);                                          \
            fprintf(stderr, __VA_ARGS__);                                      \
            fputc('\n', stderr);                                               \
            abort();                                                           \
        }                                                                      \
    } while (0)

/*
** The allocator the harnesses give concord: it keeps a header with each
** block's size to check the hook's contract (the size passed back on free
** and realloc), counts live blocks so a harness can tell that an input
** leaked nothing, and fails allocation number fail_at (counted from 1 by
** calls), once or, with persist, from then on.
*/
typedef struct fz_alloc {
    long calls;   /* allocations and reallocations so far */
    long fail_at; /* the call to fail; 0: none */
    int persist;  /* fail every call after fail_at too */
    int failed;   /* some call was failed since the last fz_arm() */
    long live;    /* blocks not yet freed */
} fz_alloc;

typedef union fz_header {
    size_t size;
    max_align_t align;
} fz_header;

static void *fz_alloc_fn(void *ud, void *ptr, size_t osize, size_t nsize)
{
    fz_alloc *a = ud;
    fz_header *h = ptr ? (fz_header *)ptr - 1 : NULL;
    FZ_CHECK(h == NULL || h->size == osize, "block of %zu bytes passed as %zu",
             h ? h->size : 0, osize);
    if (nsize == 0) {
        if (h) {
            a->live--;
            free(h);
        }
        return NULL;
    }
    a->calls++;
    if (a->fail_at > 0 &&
        (a->calls == a->fail_at || (a->persist && a->calls > a->fail_at))) {
        a->failed = 1;
        return NULL;
    }
    fz_header *n = realloc(h, sizeof *n + nsize);
    if (n == NULL)
        return NULL;
    if (h == NULL)
        a->live++;
    n->size = nsize;
    return n + 1;
}

/* Fail the n-th allocation from now (n >= 1; 0 disarms). */
static inline void fz_arm(fz_alloc *a, long n, int persist)
{
    a->fail_at = n > 0 ? a->calls + n : 0;
    a->persist = persist;
    a->failed = 0;
}

/* The result codes no call may ever return: a bug in concord, or an
** out-of-memory report when no allocation failed. */
static inline int fz_never(int rc, const fz_alloc *a)
{
    return rc == CONCORD_INTERNAL || (rc == CONCORD_NOMEM && !a->failed);
}

/* The handle fz_open_builtin() opened, closed at exit so that valgrind and
** LeakSanitizer see nothing left. */
static concord_db *fz_builtin_db;

static inline void fz_close_builtin(void)
{
    if (fz_builtin_db == NULL)
        return;
    int rc = concord_close(fz_builtin_db);
    FZ_CHECK(rc == CONCORD_OK, "close: %s", concord_errmsg(fz_builtin_db));
    fz_builtin_db = NULL;
}

/*
** Open the built-in corpus on allocator a, once for all inputs: building
** the graph is the slow part, and the graph is immutable, so inputs cannot
** disturb each other through it.  *baseline is the number of blocks the
** handle holds between inputs.
*/
static inline concord_db *fz_open_builtin(fz_alloc *a, long *baseline)
{
    concord_options options;
    concord_options_init(&options);
    options.alloc = fz_alloc_fn;
    options.alloc_ud = a;
    concord_db *db = NULL;
    int rc = concord_open_v2(&db, &options);
    FZ_CHECK(rc == CONCORD_OK, "cannot open the built-in corpus: %s",
             concord_errmsg(db));
    /* The handle keeps its message buffer once it has one: make it now, so
    ** that every input must leave exactly the blocks there are now. */
    concord_stmt *stmt = NULL;
    rc = concord_prepare(db, "?", -1, &stmt, NULL);
    FZ_CHECK(rc == CONCORD_SYNTAX, "'?' gave %d", rc);
    *baseline = a->live;
    if (fz_builtin_db == NULL && db != NULL) {
        static int registered;
        if (!registered)
            atexit(fz_close_builtin);
        registered = 1;
    }
    fz_builtin_db = db;
    return db;
}

/* Make a new temporary folder (under $TMPDIR, else /tmp) and write its
** path to folder (size bytes, at least 64). */
static inline void fz_make_folder(char *folder, size_t size)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(folder, size, "%.40s/cq-fuzz-XXXXXX",
             tmp && *tmp && strlen(tmp) <= 40 ? tmp : "/tmp");
    FZ_CHECK(mkdtemp(folder) != NULL, "cannot make a folder in %s", folder);
}

/* The files of a corpus folder: FZ_CORPUS_FILES of them, in load order. */
#define FZ_CORPUS_FILES 5

static inline const char *fz_corpus_file(int i)
{
    static const char *const names[FZ_CORPUS_FILES] = {
        "standards.tsv", "clauses.tsv", "edges.tsv", "terms.tsv",
        "term_links.tsv"};
    return names[i];
}

/* Write size bytes of data to a new file at path, or stop. */
static inline void fz_write_file(const char *path, const void *data,
                                 size_t size)
{
    FILE *f = fopen(path, "wb");
    FZ_CHECK(f != NULL, "cannot write %s", path);
    FZ_CHECK(size == 0 || fwrite(data, 1, size, f) == size, "short write");
    FZ_CHECK(fclose(f) == 0, "cannot close %s", path);
}

/* The number of output formats (they are numbered from 0). */
static inline int fz_formats(void)
{
    int n = 0;
    while (concord_format_name(n) != NULL)
        n++;
    return n;
}

#endif /* CQ_FUZZ_H */
