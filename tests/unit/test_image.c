/*
** test_image.c -- compiled images (image.h): a round trip keeps every array
** and every answer; truncated, bit-flipped, foreign-version and crafted
** images are refused with a clear message and never trusted (run under
** ASan, a refusal that read out of bounds would fail here too); file
** errors, saving, the built-in image, and allocation-failure sweeps.
**
** Run from the repository root; CONCORD_TEST_DATA names the test data
** folder (default tests/data), the real corpus is corpus/.
*/
#define _DEFAULT_SOURCE 1 /* mincore, statfs */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "test_alloc.h"

#include "concord.h"
#include "corpus.h"
#include "graph.h"
#include "image.h"
#include "test_image_buf.h"
#include "unit.h"
#include "unit_graph.h"

static const cq_allocator sys_alloc = {cq_default_alloc, NULL};

/* ---- helpers ------------------------------------------------------------ */

static image write_image(const cq_graph *g)
{
    image im = {NULL, 0, 0};
    cq_error err;
    cq_error_init(&err, &sys_alloc);
    assert_int_equal(cq_image_write(g, image_append, &im, &err), CONCORD_OK);
    cq_error_free(&err);
    return im;
}

static image compile_dir(const char *dir)
{
    cq_graph *g = unit_load_graph(dir);
    image im = write_image(g);
    cq_graph_free(g);
    return im;
}

/* Open data[0..len) from a copy of exactly len bytes (so ASan sees any read
** past the end), with the full check (CQ_IMAGE_FULL: what these tests of
** refusals are about); returns the code and leaves the message in msg. */
static int open_copy_flags(const unsigned char *data, size_t len,
                           unsigned flags, char *msg, size_t msg_size)
{
    unsigned char *copy = malloc(len ? len : 1);
    assert_non_null(copy);
    if (len)
        memcpy(copy, data, len);
    cq_error err;
    cq_error_init(&err, &sys_alloc);
    cq_graph *g = NULL;
    int rc =
        cq_image_open_memory(copy, len, "t.img", flags, &sys_alloc, &g, &err);
    if (rc == CONCORD_OK)
        assert_non_null(g);
    else
        assert_null(g);
    snprintf(msg, msg_size, "%s", cq_error_message(&err));
    cq_graph_free(g);
    cq_error_free(&err);
    free(copy);
    return rc;
}

static int open_copy(const unsigned char *data, size_t len, char *msg,
                     size_t msg_size)
{
    return open_copy_flags(data, len, CQ_IMAGE_FULL, msg, msg_size);
}

static uint32_t get32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static void put32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static uint32_t count(image *im, int i)
{
    return get32(image_entry(im, i) + 8);
}

/* The first slot of the clause hash that holds a clause. */
static uint32_t used_tag(image *im)
{
    const cq_clause_tag *t = image_section(im, CQ_SEC_CLAUSE_TAGS);
    uint32_t i = 0;
    while (t[i].id == CQ_NONE)
        i++;
    return i;
}

/* Make the checksum right again after changing the image on purpose. */
static void reseal(image *im)
{
    image_put64(im->data + 24, cq_image_checksum(CQ_IMAGE_CHECKSUM_SEED,
                                                 im->data + 32, im->len - 32));
}

static image copy_image(const image *im)
{
    image c = {malloc(im->len), im->len, im->len};
    assert_non_null(c.data);
    memcpy(c.data, im->data, im->len);
    return c;
}

/* A crafted copy, resealed, must be refused with "invalid image" and want
** in the message.  Frees the copy. */
static void expect_invalid(image *im, const char *want)
{
    char msg[512];
    reseal(im);
    int rc = open_copy(im->data, im->len, msg, sizeof msg);
    free(im->data);
    if (rc != CONCORD_CORRUPT || strstr(msg, "t.img: invalid image: ") != msg ||
        strstr(msg, want) == NULL)
        fail_msg("code %d, message \"%s\"; wanted \"%s\"", rc, msg, want);
}

/* Remove the files of dir and dir itself. */
static void remove_dir(char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    char path[2048];
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (remove(path) != 0)
            fail_msg("cannot remove %s", path);
    }
    closedir(d);
    rmdir(dir);
    free(dir);
}

/* The number of files in dir (none of ours start with a dot). */
static int files_in(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

static void write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

/* ---- round trip --------------------------------------------------------- */

#define SAME_ARRAY(a, b, field, n)                                             \
    do {                                                                       \
        if ((n) > 0)                                                           \
            assert_memory_equal((a)->field, (b)->field,                        \
                                (size_t)(n) * sizeof *(a)->field);             \
    } while (0)

/* Every count and every array of two graphs is the same. */
static void assert_same_graph(const cq_graph *a, const cq_graph *b)
{
    assert_int_equal(a->strings_size, b->strings_size);
    assert_int_equal(a->n_standards, b->n_standards);
    assert_int_equal(a->n_clauses, b->n_clauses);
    assert_int_equal(a->n_edges, b->n_edges);
    assert_int_equal(a->n_terms, b->n_terms);
    assert_int_equal(a->n_links, b->n_links);
    assert_int_equal(a->n_annexes, b->n_annexes);
    assert_int_equal(a->clause_tag_mask, b->clause_tag_mask);
    assert_int_equal(a->term_hash_mask, b->term_hash_mask);
    SAME_ARRAY(a, b, strings, a->strings_size);
    SAME_ARRAY(a, b, standards, a->n_standards);
    SAME_ARRAY(a, b, clauses, a->n_clauses);
    SAME_ARRAY(a, b, edges, a->n_edges);
    SAME_ARRAY(a, b, out_start, a->n_clauses + 1);
    SAME_ARRAY(a, b, in_start, a->n_clauses + 1);
    assert_int_equal(a->in_start[a->n_clauses], b->in_start[b->n_clauses]);
    SAME_ARRAY(a, b, in_edges, a->in_start[a->n_clauses]);
    SAME_ARRAY(a, b, terms, a->n_terms);
    SAME_ARRAY(a, b, links, a->n_links);
    SAME_ARRAY(a, b, link_out_start, a->n_terms + 1);
    SAME_ARRAY(a, b, link_in_start, a->n_terms + 1);
    assert_int_equal(a->link_in_start[a->n_terms],
                     b->link_in_start[b->n_terms]);
    SAME_ARRAY(a, b, link_in, a->link_in_start[a->n_terms]);
    SAME_ARRAY(a, b, annexes, a->n_annexes);
    SAME_ARRAY(a, b, clause_tags, a->clause_tag_mask + 1);
    SAME_ARRAY(a, b, term_hash, a->term_hash_mask + 1);
}

static void round_trip(const char *dir)
{
    cq_graph *g = unit_load_graph(dir);
    image im = write_image(g);
    assert_int_equal(im.len % 8, 0);
    assert_memory_equal(im.data, CQ_IMAGE_MAGIC, 8);

    cq_error err;
    cq_error_init(&err, &sys_alloc);
    cq_graph *h = NULL;
    int rc =
        cq_image_open_memory(im.data, im.len, "t.img", 0, &sys_alloc, &h, &err);
    if (rc != CONCORD_OK)
        fail_msg("%s: %s", dir, cq_error_message(&err));
    assert_same_graph(g, h);
    /* The arrays are the image's own bytes, not copies. */
    assert_true((const unsigned char *)h->clauses > im.data &&
                (const unsigned char *)h->clauses < im.data + im.len);
    assert_int_equal(h->memory, CQ_GRAPH_BORROWED);

    /* Writing the opened image again gives the same bytes. */
    image again = write_image(h);
    assert_int_equal(again.len, im.len);
    assert_memory_equal(again.data, im.data, im.len);

    /* Lookups work on the image as on the built graph. */
    for (cq_id c = 0; c < h->n_clauses; c++) {
        const char *key = cq_graph_str(h, h->clauses[c].key);
        assert_int_equal(cq_graph_find_clause(h, key, strlen(key)), c);
    }
    cq_graph_free(h);
    cq_graph_free(g);
    cq_error_free(&err);
    free(again.data);
    free(im.data);
}

static void test_round_trip_real(void **state)
{
    (void)state;
    round_trip("corpus");
}

static void test_round_trip_good(void **state)
{
    (void)state;
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/good", unit_data_dir());
    round_trip(dir);
}

/* The built-in image is what compiling corpus/ gives now, byte for byte. */
static void test_builtin_is_the_corpus(void **state)
{
    (void)state;
    image im = compile_dir("corpus");
    assert_int_equal(cq_builtin_image_size, im.len);
    assert_memory_equal(cq_builtin_image, im.data, im.len);
    assert_int_equal((uintptr_t)cq_builtin_image % 8, 0);
    free(im.data);
}

/* A statement's whole result as TSV text, or its error message. */
typedef struct text {
    char *s;
    size_t len;
} text;

static int text_write(void *ctx, const char *data, size_t len)
{
    text *t = ctx;
    char *p = realloc(t->s, t->len + len + 1);
    if (p == NULL)
        return 1;
    memcpy(p + t->len, data, len);
    t->s = p;
    t->len += len;
    t->s[t->len] = '\0';
    return 0;
}

static char *answer(concord_db *db, const char *query)
{
    text t = {NULL, 0};
    concord_stmt *stmt = NULL;
    int rc = concord_prepare(db, query, -1, &stmt, NULL);
    if (rc == CONCORD_OK && stmt != NULL)
        rc = concord_write_result(stmt, CONCORD_FORMAT_TSV, text_write, &t);
    if (rc != CONCORD_DONE) {
        text_write(&t, "error: ", 7);
        const char *m = concord_errmsg(db);
        text_write(&t, m, strlen(m));
    }
    concord_finalize(stmt);
    return t.s ? t.s : strdup("");
}

/* Open the corpus folder corpus, and an image saved from it in a new
** temporary folder, which is returned (remove_dir frees it). */
static char *open_both(const char *corpus, concord_db **from_tsv,
                       concord_db **from_image)
{
    char *dir = unit_temp_dir("image");
    char path[1200];
    snprintf(path, sizeof path, "%s/both.img", dir);
    *from_tsv = unit_open(corpus, NULL);
    assert_int_equal(concord_save_image(*from_tsv, path), CONCORD_OK);
    *from_image = unit_open(NULL, path);
    return dir;
}

/* The same statements give the same answers from the TSV folder, from an
** image file saved from it, and from the built-in image. */
static void test_same_answers(void **state)
{
    (void)state;
    static const char *const queries[] = {
        "standards",
        "correlate 20000-1:8.5.1 with 27001",
        "correlate 20000-1:8.5.1 with 27001 where annex = C",
        "correlate 20000-1:8.5.* with 9001, 27001 where strength >= 6",
        /* rows held as ids: read from the target records of an image */
        "correlate 20000-1:8.* with 27001 where direction = forward | select "
        "from, to",
        "correlate 27001:A.* with 27001@2022 where direction = forward | "
        "select to, relation, from",
        "correlate 27001 with 27001@2022 where direction = forward | select "
        "from, to, strength",
        "clauses of 20000-1 where origin = added and depth <= 2",
        "gap 20000-1 against 9001 where depth = 2",
        "coverage of 27001 by 20000-1",
        "term \"corrective action\"",
        "correlate 20000-1:99.9 with 27001",
    };
    concord_db *from_tsv, *from_image;
    char *dir = open_both("corpus", &from_tsv, &from_image);
    assert_int_equal(files_in(dir), 1); /* no temporary file left */
    concord_db *builtin = NULL;
    assert_int_equal(concord_open(&builtin), CONCORD_OK);
    for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
        char *a = answer(from_tsv, queries[i]);
        char *b = answer(from_image, queries[i]);
        char *c = answer(builtin, queries[i]);
        assert_true(strlen(a) > 0);
        assert_string_equal(a, b);
        assert_string_equal(a, c);
        free(a);
        free(b);
        free(c);
    }
    concord_close(from_tsv);
    concord_close(from_image);
    concord_close(builtin);
    remove_dir(dir);
}

/* The rows of one statement with $k and $t bound, tab-joined a row a line
** (rows held as ids on an image read its target records, on a graph built
** from TSV files its edges). */
static char *bound_rows(concord_stmt *stmt, const char *k, const char *t)
{
    text out = {NULL, 0};
    assert_int_equal(concord_reset(stmt), CONCORD_OK);
    assert_int_equal(concord_bind_text(stmt, 1, k, -1), CONCORD_OK);
    assert_int_equal(concord_bind_text(stmt, 2, t, -1), CONCORD_OK);
    int rc;
    while ((rc = concord_step(stmt)) == CONCORD_ROW)
        for (int c = 0; c < concord_column_count(stmt); c++) {
            const char *v = concord_column_text(stmt, c);
            text_write(&out, v ? v : "", v ? strlen(v) : 0);
            text_write(&out, c + 1 < concord_column_count(stmt) ? "\t" : "\n",
                       1);
        }
    assert_int_equal(rc, CONCORD_DONE);
    return out.s ? out.s : strdup("");
}

/* Every clause's subtree toward every standard, forward with and without
** a column of the edge's own, and a clause both ways: the same rows from
** the TSV folder (its edges) and from an image of it (its target
** records). */
static void test_same_subtree_rows(void **state)
{
    (void)state;
    static const char *const forms[] = {
        "correlate $k.* with $t where direction = forward | select from, to",
        ("correlate $k.* with $t where direction = forward | select to, "
         "relation, from"),
        "correlate $k with $t | select to, from",
    };
    concord_db *from_tsv, *from_image;
    char *dir = open_both("corpus", &from_tsv, &from_image);
    cq_graph *g = unit_load_graph("corpus"); /* the keys to bind */
    size_t rows = 0;
    for (size_t f = 0; f < sizeof forms / sizeof forms[0]; f++) {
        concord_stmt *a = NULL, *b = NULL;
        assert_int_equal(concord_prepare(from_tsv, forms[f], -1, &a, NULL),
                         CONCORD_OK);
        assert_int_equal(concord_prepare(from_image, forms[f], -1, &b, NULL),
                         CONCORD_OK);
        for (cq_id c = 0; c < g->n_clauses; c++)
            for (cq_id s = 0; s < g->n_standards; s++) {
                const char *k = cq_graph_str(g, g->clauses[c].key);
                const char *t = cq_graph_str(g, g->standards[s].id);
                char *x = bound_rows(a, k, t), *y = bound_rows(b, k, t);
                assert_string_equal(x, y);
                rows += strlen(x) > 0;
                free(x);
                free(y);
            }
        concord_finalize(a);
        concord_finalize(b);
    }
    assert_true(rows > 1000);
    cq_graph_free(g);
    concord_close(from_tsv);
    concord_close(from_image);
    remove_dir(dir);
}

/* Write a corpus folder at dir of two standards: A, a clause 1 with
** clauses children of three edges each to B's, and B. */
static void write_wide_corpus(const char *dir, int clauses)
{
    char file[1400];
    FILE *f;
    snprintf(file, sizeof file, "%s/standards.tsv", dir);
    assert_non_null(f = fopen(file, "w"));
    fprintf(f, "id\ttitle\tyear\trole\tnotes\nA\tWide A\t2000\tmss\t\n"
               "B\tWide B\t2001\tmss\t\n");
    fclose(f);
    snprintf(file, sizeof file, "%s/clauses.tsv", dir);
    assert_non_null(f = fopen(file, "w"));
    fprintf(f, "standard\tnumber\ttitle\tparent\torigin\tsource\n");
    fprintf(f, "A\t1\tA top\t\tadded\tt\n");
    for (int c = 1; c <= clauses; c++)
        fprintf(f,
                "A\t1.%d\tA clause %d\t1\tadded\tt\nB\t%d\tB clause %d\t\t"
                "added\tt\n",
                c, c, c, c);
    fclose(f);
    snprintf(file, sizeof file, "%s/edges.tsv", dir);
    assert_non_null(f = fopen(file, "w"));
    fprintf(f, "from\tto\tannex\trelation\tstrength\tconfidence\tsource\t"
               "note\n");
    for (int c = 1; c <= clauses; c++)
        for (int k = 0; k < 3; k++)
            fprintf(f, "A:1.%d\tB:%d\tX\tintersects\t5\tmedium\tt\t\n", c,
                    (c * 7 + k * 13) % clauses + 1);
    fclose(f);
    snprintf(file, sizeof file, "%s/terms.tsv", dir);
    assert_non_null(f = fopen(file, "w"));
    fprintf(f, "vocabulary\tentry\tterm\thls\tsource\n");
    fclose(f);
    snprintf(file, sizeof file, "%s/term_links.tsv", dir);
    assert_non_null(f = fopen(file, "w"));
    fprintf(f, "from\tto\trelation\tnote\tsource\n");
    fclose(f);
}

/* A run of rows held as ids longer than a block of edges (eval.c reads a
** range's edges 4,096 at a time): the sources found from the target
** records stay right across the blocks. */
static void test_wide_subtree_rows(void **state)
{
    (void)state;
    char *corpus = unit_temp_dir("wide");
    write_wide_corpus(corpus, 3000); /* 9,000 edges */
    concord_db *from_tsv, *from_image;
    char *dir = open_both(corpus, &from_tsv, &from_image);
    static const char *const queries[] = {
        "correlate A with B where direction = forward | select from, to",
        "correlate A:1.* with B where direction = forward | select to, from",
        ("correlate A:1.* with B where direction = forward | select from, "
         "relation, to"),
    };
    for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
        char *a = answer(from_tsv, queries[i]);
        char *b = answer(from_image, queries[i]);
        assert_true(strlen(a) > 9000 * 8); /* every edge a row */
        assert_string_equal(a, b);
        free(a);
        free(b);
    }
    concord_close(from_tsv);
    concord_close(from_image);
    remove_dir(corpus);
    remove_dir(dir);
}

/* Does /proc/self/smaps list a mapping of path with flag among its
** VmFlags (two letters)?  1 or 0; -1 when no mapping of path is listed. */
static int mapping_has_flag(const char *path, const char *flag)
{
    FILE *f = fopen("/proc/self/smaps", "r");
    assert_non_null(f);
    char line[4096];
    int in = 0, found = -1;
    size_t n = strlen(path);
    while (fgets(line, sizeof line, f) != NULL) {
        size_t len = strcspn(line, "\n");
        line[len] = '\0';
        if (strncmp(line, "VmFlags:", 8) == 0) {
            if (in) {
                char want[8];
                snprintf(want, sizeof want, " %s", flag);
                found = strstr(line + 8, want) != NULL;
            }
            in = 0;
        } else if (len > n && strcmp(line + len - n, path) == 0 &&
                   line[len - n - 1] == ' ') {
            in = 1;
        }
    }
    fclose(f);
    return found;
}

/* Save the built-in corpus as the image dir/name, its path in path. */
static void save_builtin(const char *dir, const char *name, char *path,
                         size_t cap)
{
    snprintf(path, cap, "%s/%s", dir, name);
    concord_db *db = NULL;
    assert_int_equal(concord_open(&db), CONCORD_OK);
    assert_int_equal(concord_save_image(db, path), CONCORD_OK);
    concord_close(db);
}

/* An image file is mapped with the kernel asked for 2 MiB pages (its
** VmFlags hold hg), where the kernel has them. */
static void test_large_pages(void **state)
{
    (void)state;
    if (access("/sys/kernel/mm/transparent_hugepage/enabled", F_OK) != 0 ||
        access("/proc/self/smaps", R_OK) != 0)
        skip(); /* no transparent huge pages to ask for */
    char *dir = unit_temp_dir("image");
    char path[1200];
    save_builtin(dir, "large.img", path, sizeof path);
    concord_db *db = unit_open(NULL, path);
    assert_int_equal(mapping_has_flag(path, "hg"), 1);
    concord_close(db);
    assert_int_equal(mapping_has_flag(path, "hg"), -1); /* unmapped */
    remove_dir(dir);
}

/* A saved image leaves the page cache once it is on the disk, so that
** its first open reads it back in large pages: few of its pages are in
** memory after the save.  (Only on the file systems known to drop them
** on POSIX_FADV_DONTNEED; tmpfs keeps its pages, having no disk.) */
static void test_save_leaves_cache(void **state)
{
    (void)state;
    char *dir = unit_temp_dir("image");
    struct statfs fs;
    assert_int_equal(statfs(dir, &fs), 0);
    if (fs.f_type != 0xEF53 /* ext4 */ && fs.f_type != 0x58465342 /* xfs */) {
        remove_dir(dir);
        skip();
    }
    char path[1200];
    save_builtin(dir, "cold.img", path, sizeof path);
    int fd = open(path, O_RDONLY);
    assert_true(fd >= 0);
    struct stat st;
    assert_int_equal(fstat(fd, &st), 0);
    size_t len = (size_t)st.st_size, page = (size_t)sysconf(_SC_PAGESIZE);
    void *map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
    assert_true(map != MAP_FAILED);
    size_t pages = (len + page - 1) / page, resident = 0;
    unsigned char *vec = malloc(pages);
    assert_non_null(vec);
    assert_int_equal(mincore(map, len, vec), 0);
    for (size_t i = 0; i < pages; i++)
        resident += vec[i] & 1;
    assert_true(pages > 16);
    assert_true(resident * 4 < pages);
    free(vec);
    munmap(map, len);
    close(fd);
    remove_dir(dir);
}

/* ---- damaged images ----------------------------------------------------- */

/* Every length shorter than the image is refused as truncated: each one up
** to the end of the section table, then a sample. */
static void test_truncated(void **state)
{
    (void)state;
    image im = compile_dir("corpus");
    char msg[512];
    for (size_t len = 0; len < im.len; len++) {
        if (len > CQ_IMAGE_HEADER_SIZE + 8 && len % 509 != 0 &&
            len + 16 < im.len)
            continue;
        int rc = open_copy(im.data, len, msg, sizeof msg);
        if (rc != CONCORD_CORRUPT ||
            strncmp(msg, "t.img: truncated image: ", 24) != 0)
            fail_msg("length %zu: code %d: %s", len, rc, msg);
    }
    /* Past the header the message says how much is missing. */
    char want[128];
    snprintf(want, sizeof want, "t.img: truncated image: 1024 of %zu bytes",
             im.len);
    assert_int_equal(open_copy(im.data, 1024, msg, sizeof msg),
                     CONCORD_CORRUPT);
    assert_string_equal(msg, want);
    /* Bytes after the end are refused too. */
    image longer = {calloc(im.len + 8, 1), im.len + 8, im.len + 8};
    assert_non_null(longer.data);
    memcpy(longer.data, im.data, im.len);
    assert_int_equal(open_copy(longer.data, longer.len, msg, sizeof msg),
                     CONCORD_CORRUPT);
    assert_non_null(strstr(msg, "image size mismatch"));
    free(longer.data);
    free(im.data);
}

/* Flip bit `bit` of the image at byte `at`; it must be refused. */
static void expect_flip_refused(image *im, size_t at, int bit)
{
    char msg[512];
    im->data[at] ^= (unsigned char)(1u << bit);
    int rc = open_copy(im->data, im->len, msg, sizeof msg);
    im->data[at] ^= (unsigned char)(1u << bit);
    if (rc != CONCORD_CORRUPT)
        fail_msg("byte %zu bit %d: code %d: %s", at, bit, rc, msg);
    if (at >= 24 && strcmp(msg, "t.img: checksum mismatch: the image is "
                                "damaged") != 0)
        fail_msg("byte %zu bit %d: %s", at, bit, msg);
}

static void test_header_bit_flips(void **state)
{
    (void)state;
    image im = compile_dir("corpus");
    for (size_t at = 0; at < CQ_IMAGE_HEADER_SIZE; at++)
        for (int bit = 0; bit < 8; bit++)
            expect_flip_refused(&im, at, bit);
    free(im.data);
}

static void test_body_bit_flips(void **state)
{
    (void)state;
    image im = compile_dir("corpus");
    for (size_t at = CQ_IMAGE_HEADER_SIZE; at < im.len; at += 61)
        expect_flip_refused(&im, at, (int)(at % 8));
    expect_flip_refused(&im, im.len - 1, 0);
    free(im.data);
}

static void test_version_and_magic(void **state)
{
    (void)state;
    image im = compile_dir("corpus");
    char msg[512];
    char want[128];
    put32(im.data + 8, 1); /* an older format */
    assert_int_equal(open_copy(im.data, im.len, msg, sizeof msg),
                     CONCORD_CORRUPT);
    snprintf(want, sizeof want,
             "t.img: image format version 1; this concord reads version %u",
             (unsigned)CQ_IMAGE_VERSION);
    assert_non_null(strstr(msg, want));
    put32(im.data + 8, 0);
    assert_int_equal(open_copy(im.data, im.len, msg, sizeof msg),
                     CONCORD_CORRUPT);
    assert_non_null(strstr(msg, "image format version 0;"));
    /* A newer version is refused even when shorter than this version's
    ** header: the version comes first. */
    put32(im.data + 8, CQ_IMAGE_VERSION + 1);
    assert_int_equal(open_copy(im.data, 20, msg, sizeof msg), CONCORD_CORRUPT);
    snprintf(want, sizeof want, "image format version %u;",
             (unsigned)CQ_IMAGE_VERSION + 1);
    assert_non_null(strstr(msg, want));
    put32(im.data + 8, CQ_IMAGE_VERSION);

    memcpy(im.data, "SQLite f", 8);
    assert_int_equal(open_copy(im.data, im.len, msg, sizeof msg),
                     CONCORD_CORRUPT);
    assert_non_null(strstr(msg, "t.img: not a concord image"));
    assert_int_equal(
        open_copy((const unsigned char *)"hello", 5, msg, sizeof msg),
        CONCORD_CORRUPT);
    assert_non_null(strstr(msg, "not a concord image"));
    free(im.data);
}

/* ---- crafted images: a right checksum, wrong contents ------------------- */

static void test_crafted_table(void **state)
{
    (void)state;
    image base = compile_dir("corpus");
    image im;

    im = copy_image(&base);
    put32(image_entry(&im, CQ_SEC_CLAUSES) + 12, 40); /* element size */
    expect_invalid(&im, "section clauses has 40-byte elements");

    im = copy_image(&base);
    image_put64(image_entry(&im, CQ_SEC_EDGES),
                image_get64(image_entry(&im, CQ_SEC_EDGES)) + 4);
    expect_invalid(&im, "section edges at offset");

    im = copy_image(&base);
    put32(image_entry(&im, CQ_SEC_TERM_HASH) + 8,
          0x40000000u); /* past the end */
    expect_invalid(&im, "section term_hash");

    im = copy_image(&base);
    image_put64(image_entry(&im, CQ_SEC_TERMS),
                image_get64(image_entry(&im, CQ_SEC_CLAUSES))); /* overlap */
    expect_invalid(&im, "section terms");

    im = copy_image(&base);
    image_put64(image_entry(&im, CQ_SEC_STRINGS), 8); /* inside the header */
    expect_invalid(&im, "section strings");

    im = copy_image(&base);
    put32(image_entry(&im, CQ_SEC_OUT_START) + 8,
          count(&im, CQ_SEC_OUT_START) - 1);
    expect_invalid(&im, "section out_start has");

    im = copy_image(&base);
    put32(image_entry(&im, CQ_SEC_CLAUSE_TAGS) + 8,
          count(&im, CQ_SEC_CLAUSE_TAGS) - 1);
    expect_invalid(&im, "not a power of two");

    im = copy_image(&base);
    put32(image_entry(&im, CQ_SEC_STRINGS) + 8, 0);
    expect_invalid(&im, "the string table is empty");
    free(base.data);
}

static void test_crafted_ids(void **state)
{
    (void)state;
    image base = compile_dir("corpus");
    image im;
    uint32_t n_clauses = count(&base, CQ_SEC_CLAUSES);
    uint32_t n_terms = count(&base, CQ_SEC_TERMS);
    uint32_t strings_size = count(&base, CQ_SEC_STRINGS);

    /* A string offset past the table. */
    im = copy_image(&base);
    ((cq_clause *)image_section(&im, CQ_SEC_CLAUSES))[5].title = strings_size;
    expect_invalid(&im, "clause 5: title at string offset");

    im = copy_image(&base);
    ((cq_edge *)image_section(&im, CQ_SEC_EDGES))[3].note = 0xffffffffu;
    expect_invalid(&im, "edge 3: note at string offset");

    /* The table not ending in NUL. */
    im = copy_image(&base);
    ((char *)image_section(&im, CQ_SEC_STRINGS))[strings_size - 1] = 'x';
    expect_invalid(&im, "string table");

    /* A clause number outside its key. */
    im = copy_image(&base);
    ((cq_clause *)image_section(&im, CQ_SEC_CLAUSES))[7].number = 0;
    expect_invalid(&im, "clause 7: the part after ':'");

    /* Clause ids: parent, subtree end (a loop for readers that walk
    ** siblings), standard, depth, origin. */
    im = copy_image(&base);
    ((cq_clause *)image_section(&im, CQ_SEC_CLAUSES))[2].parent = n_clauses + 3;
    expect_invalid(&im, "clause 2: parent");

    im = copy_image(&base);
    ((cq_clause *)image_section(&im, CQ_SEC_CLAUSES))[4].subtree_end = 4;
    expect_invalid(&im, "clause 4: subtree end 4");

    im = copy_image(&base);
    ((cq_clause *)image_section(&im, CQ_SEC_CLAUSES))[4].subtree_end =
        n_clauses + 1;
    expect_invalid(&im, "clause 4: subtree end");

    im = copy_image(&base);
    ((cq_clause *)image_section(&im, CQ_SEC_CLAUSES))[1].standard = 99;
    expect_invalid(&im, "clause 1: of standard 99");

    im = copy_image(&base);
    ((cq_clause *)image_section(&im, CQ_SEC_CLAUSES))[1].depth += 1;
    expect_invalid(&im, "clause 1: depth");

    im = copy_image(&base);
    ((cq_clause *)image_section(&im, CQ_SEC_CLAUSES))[1].origin =
        CQ_ORIGIN_COUNT;
    expect_invalid(&im, "clause 1: origin");

    /* Standards' ranges. */
    im = copy_image(&base);
    ((cq_standard *)image_section(&im, CQ_SEC_STANDARDS))[0].end_clause =
        n_clauses + 1;
    expect_invalid(&im, "standard 0: clauses");

    /* Standards' ids: empty (the table's last byte is its final NUL), and
    ** one twice; a lookup by id could not tell such standards apart. */
    im = copy_image(&base);
    ((cq_standard *)image_section(&im, CQ_SEC_STANDARDS))[1].id =
        strings_size - 1;
    expect_invalid(&im, "standard 1 has an empty id");

    im = copy_image(&base);
    assert_true(count(&im, CQ_SEC_STANDARDS) > 2);
    ((cq_standard *)image_section(&im, CQ_SEC_STANDARDS))[2].id =
        ((cq_standard *)image_section(&im, CQ_SEC_STANDARDS))[0].id;
    expect_invalid(&im, "standards 0 and 2 have the same id");

    /* Edge ids and values. */
    im = copy_image(&base);
    ((cq_edge *)image_section(&im, CQ_SEC_EDGES))[0].to = n_clauses;
    expect_invalid(&im, "edge 0: to clause");

    im = copy_image(&base);
    ((cq_edge *)image_section(&im, CQ_SEC_EDGES))[0].from += 1;
    expect_invalid(&im, "edge 0: from clause");

    im = copy_image(&base);
    ((cq_edge *)image_section(&im, CQ_SEC_EDGES))[0].to_standard = 1000;
    expect_invalid(&im, "edge 0: to standard 1000");

    im = copy_image(&base);
    ((cq_edge *)image_section(&im, CQ_SEC_EDGES))[0].relation = CQ_REL_COUNT;
    expect_invalid(&im, "edge 0: relation");

    im = copy_image(&base);
    ((cq_edge *)image_section(&im, CQ_SEC_EDGES))[0].strength = 11;
    expect_invalid(&im, "edge 0: relation, confidence or strength");

    im = copy_image(&base);
    ((cq_edge *)image_section(&im, CQ_SEC_EDGES))[0].annex = 0;
    expect_invalid(&im, "edge 0: annex");

    /* A clause's edges out of their order (to_standard, to, annex): two
    ** of them swapped, both toward clauses after theirs (so that no
    ** in_edges entry walked before names them). */
    im = copy_image(&base);
    {
        cq_edge *e = image_section(&im, CQ_SEC_EDGES);
        uint32_t n = count(&im, CQ_SEC_EDGES), i = 0;
        while (i + 1 < n && !(e[i].from == e[i + 1].from &&
                              e[i].to_standard != e[i + 1].to_standard &&
                              e[i].to != CQ_NONE && e[i + 1].to != CQ_NONE &&
                              e[i].to > e[i].from && e[i + 1].to > e[i].from))
            i++;
        assert_true(i + 1 < n);
        cq_edge t = e[i];
        e[i] = e[i + 1];
        e[i + 1] = t;
    }
    expect_invalid(&im, "out of order among clause");

    /* Layers: an edge of a layer the image does not name, a name past the
    ** string table. */
    im = copy_image(&base);
    ((cq_edge *)image_section(&im, CQ_SEC_EDGES))[0].layer =
        (uint8_t)count(&base, CQ_SEC_LAYERS);
    expect_invalid(&im, "edge 0: layer 1 of 1");

    im = copy_image(&base);
    ((cq_str *)image_section(&im, CQ_SEC_LAYERS))[0] = strings_size;
    expect_invalid(&im, "layer 0: name at string offset");

    /* CSR indexes: not monotone, entries out of range. */
    im = copy_image(&base);
    {
        uint32_t *out = image_section(&im, CQ_SEC_OUT_START);
        uint32_t i = 1;
        while (out[i] == 0)
            i++;
        out[i - 1] = out[i] + 1;
    }
    expect_invalid(&im, "out_start");

    im = copy_image(&base);
    ((uint32_t *)image_section(&im, CQ_SEC_IN_START))[n_clauses] += 1;
    expect_invalid(&im, "in_edges");

    im = copy_image(&base);
    ((cq_id *)image_section(&im, CQ_SEC_IN_EDGES))[0] = 0x7fffffffu;
    expect_invalid(&im, "in_edges entry 0");

    /* Terms and links. */
    im = copy_image(&base);
    ((cq_term *)image_section(&im, CQ_SEC_TERMS))[0].vocabulary = 77;
    expect_invalid(&im, "term 0: of vocabulary 77");

    im = copy_image(&base);
    ((cq_term_link *)image_section(&im, CQ_SEC_LINKS))[0].to = n_terms + 2;
    expect_invalid(&im, "link 0: to term");

    im = copy_image(&base);
    ((cq_id *)image_section(&im, CQ_SEC_LINK_IN))[0] = count(&im, CQ_SEC_LINKS);
    expect_invalid(&im, "link_in entry 0");

    /* Hash slots. */
    im = copy_image(&base);
    ((cq_clause_tag *)image_section(&im, CQ_SEC_CLAUSE_TAGS))[used_tag(&im)]
        .id = n_clauses;
    expect_invalid(&im, "clause_tags slot");

    im = copy_image(&base);
    {
        /* Every slot taken: a missing key would be probed for ever. */
        cq_id *h = image_section(&im, CQ_SEC_TERM_HASH);
        for (uint32_t i = 0; i < count(&im, CQ_SEC_TERM_HASH); i++)
            if (h[i] == CQ_NONE)
                h[i] = 0;
    }
    expect_invalid(&im, "term_hash holds");

    im = copy_image(&base);
    {
        /* One tag twice, so another is missing: its key is not found. */
        cq_clause_tag *t = image_section(&im, CQ_SEC_CLAUSE_TAGS);
        uint32_t a = used_tag(&im), b = a + 1;
        while (t[b].id == CQ_NONE)
            b++;
        t[a] = t[b];
    }
    expect_invalid(&im, "clause_tags does not find");

    /* A tag that is not its clause's, byte for byte: a lookup reads only
    ** the tag, so each of its fields would answer wrongly. */
    im = copy_image(&base);
    ((cq_clause_tag *)image_section(&im, CQ_SEC_CLAUSE_TAGS))[used_tag(&im)]
        .out_first += 1;
    expect_invalid(&im, "is not clause");

    im = copy_image(&base);
    {
        cq_clause_tag *t = image_section(&im, CQ_SEC_CLAUSE_TAGS);
        uint32_t a = used_tag(&im);
        t[a].key[t[a].len + 1] = 'x'; /* in the padding */
    }
    expect_invalid(&im, "is not clause");

    im = copy_image(&base);
    {
        cq_clause_tag *t = image_section(&im, CQ_SEC_CLAUSE_TAGS);
        uint32_t a = 0;
        while (t[a].id != CQ_NONE)
            a++;
        t[a].len = 3;
    }
    expect_invalid(&im, "is free but not clear");

    /* The pairs of standards: a clause dropped from a list (a gap would
    ** show it), and a pair claimed for the wrong standard. */
    im = copy_image(&base);
    assert_true(count(&im, CQ_SEC_PAIR_CLAUSES) > 1);
    ((cq_id *)image_section(&im, CQ_SEC_PAIR_CLAUSES))[1] += 1;
    expect_invalid(&im, "the pairs of standards do not match the edges");
    im = copy_image(&base);
    ((cq_pair *)image_section(&im, CQ_SEC_PAIRS))[0].other ^= 1;
    expect_invalid(&im, "the pairs of standards do not match the edges");
    free(base.data);
}

/* CQ_IMAGE_BUILTIN skips the checksum, and nothing else of the full
** check. */
static void test_builtin_flag(void **state)
{
    (void)state;
    image im = compile_dir("corpus");
    ((cq_clause *)image_section(&im, CQ_SEC_CLAUSES))[3].parent = 0x12345678u;
    cq_error err;
    cq_error_init(&err, &sys_alloc);
    cq_graph *g = NULL;
    assert_int_equal(cq_image_open_memory(im.data, im.len, "t.img",
                                          CQ_IMAGE_BUILTIN | CQ_IMAGE_FULL,
                                          &sys_alloc, &g, &err),
                     CONCORD_CORRUPT);
    assert_non_null(strstr(cq_error_message(&err), "invalid image: clause 3"));
    im.data[20] ^= 1; /* the file size */
    assert_int_equal(cq_image_open_memory(im.data, im.len, "t.img",
                                          CQ_IMAGE_BUILTIN, &sys_alloc, &g,
                                          &err),
                     CONCORD_CORRUPT);
    cq_error_free(&err);
    free(im.data);
}

/* Memory not 8-byte aligned cannot be used in place. */
static void test_unaligned(void **state)
{
    (void)state;
    image im = compile_dir("corpus");
    unsigned char *shifted = malloc(im.len + 1);
    assert_non_null(shifted);
    memcpy(shifted + 1, im.data, im.len);
    cq_error err;
    cq_error_init(&err, &sys_alloc);
    cq_graph *g = NULL;
    assert_int_equal(cq_image_open_memory(shifted + 1, im.len, "t.img", 0,
                                          &sys_alloc, &g, &err),
                     CONCORD_MISUSE);
    assert_null(g);
    cq_error_free(&err);
    free(shifted);
    free(im.data);
}

/* ---- files -------------------------------------------------------------- */

static void test_files(void **state)
{
    (void)state;
    char *dir = unit_temp_dir("image");
    char path[1200], msg[1400];
    cq_error err;
    cq_error_init(&err, &sys_alloc);
    cq_graph *g = NULL;

    snprintf(path, sizeof path, "%s/missing.img", dir);
    assert_int_equal(cq_image_open_file(path, &sys_alloc, &g, &err),
                     CONCORD_IOERR);
    assert_null(g);
    snprintf(msg, sizeof msg, "%s: cannot open: No such file or directory",
             path);
    assert_string_equal(cq_error_message(&err), msg);

    assert_int_equal(cq_image_open_file(dir, &sys_alloc, &g, &err),
                     CONCORD_IOERR);
    snprintf(msg, sizeof msg, "%s: cannot read: Is a directory", dir);
    assert_string_equal(cq_error_message(&err), msg);

    snprintf(path, sizeof path, "%s/empty.img", dir);
    write_file(path, "", 0);
    assert_int_equal(cq_image_open_file(path, &sys_alloc, &g, &err),
                     CONCORD_CORRUPT);
    assert_non_null(strstr(cq_error_message(&err), "truncated image: 0 bytes"));

    image im = compile_dir("corpus");
    snprintf(path, sizeof path, "%s/short.img", dir);
    write_file(path, im.data, 1024);
    assert_int_equal(cq_image_open_file(path, &sys_alloc, &g, &err),
                     CONCORD_CORRUPT);
    snprintf(msg, sizeof msg, "%s: truncated image: 1024 of %zu bytes", path,
             im.len);
    assert_string_equal(cq_error_message(&err), msg);

    snprintf(path, sizeof path, "%s/flipped.img", dir);
    im.data[im.len / 2] ^= 0x10;
    write_file(path, im.data, im.len);
    im.data[im.len / 2] ^= 0x10;
    assert_int_equal(
        cq_image_open_file_flags(path, CQ_IMAGE_FULL, &sys_alloc, &g, &err),
        CONCORD_CORRUPT);
    snprintf(msg, sizeof msg, "%s: checksum mismatch: the image is damaged",
             path);
    assert_string_equal(cq_error_message(&err), msg);
    assert_int_equal(cq_image_check_file(path, &sys_alloc, &err),
                     CONCORD_CORRUPT);
    assert_string_equal(cq_error_message(&err), msg);

    snprintf(path, sizeof path, "%s/good.img", dir);
    write_file(path, im.data, im.len);
    assert_int_equal(cq_image_open_file(path, &sys_alloc, &g, &err),
                     CONCORD_OK);
    assert_int_equal(g->memory, CQ_GRAPH_MAPPED);
    assert_memory_equal(g->mapping, im.data, im.len);
    cq_graph_free(g);
    assert_int_equal(cq_image_check_file(path, &sys_alloc, &err), CONCORD_OK);

    cq_error_free(&err);
    free(im.data);
    remove_dir(dir);
}

/* Saving: replaces a file whole, and fails without leaving anything. */
static void test_save(void **state)
{
    (void)state;
    char *dir = unit_temp_dir("image");
    char path[1200];
    concord_db *db = NULL;
    assert_int_equal(concord_open(&db), CONCORD_OK);

    snprintf(path, sizeof path, "%s/c.img", dir);
    write_file(path, "old contents", 12);
    assert_int_equal(concord_save_image(db, path), CONCORD_OK);
    assert_int_equal(files_in(dir), 1);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    unsigned char *saved = malloc(cq_builtin_image_size + 1);
    assert_non_null(saved);
    assert_int_equal(fread(saved, 1, cq_builtin_image_size + 1, f),
                     cq_builtin_image_size);
    fclose(f);
    assert_memory_equal(saved, cq_builtin_image, cq_builtin_image_size);
    free(saved);

    snprintf(path, sizeof path, "%s/no-such-folder/c.img", dir);
    assert_int_equal(concord_save_image(db, path), CONCORD_IOERR);
    char want[1400];
    snprintf(want, sizeof want,
             "%s: cannot write image: No such file or directory", path);
    assert_string_equal(concord_errmsg(db), want);

    /* A folder in the way: the rename fails, the temporary file goes. */
    snprintf(path, sizeof path, "%s/taken", dir);
    assert_int_equal(mkdir(path, 0777), 0);
    assert_int_equal(concord_save_image(db, path), CONCORD_IOERR);
    assert_non_null(strstr(concord_errmsg(db), "cannot write image"));
    assert_int_equal(files_in(dir), 2);

    assert_int_equal(concord_save_image(db, NULL), CONCORD_MISUSE);
    assert_int_equal(concord_save_image(NULL, path), CONCORD_MISUSE);
    concord_close(db);
    remove_dir(dir);
}

/* ---- the public options ------------------------------------------------- */

static void test_options(void **state)
{
    (void)state;
    concord_options o;
    concord_options_init(&o);
    o.corpus_dir = "corpus";
    o.image_path = "c.img";
    concord_db *db = NULL;
    assert_int_equal(concord_open_v2(&db, &o), CONCORD_MISUSE);
    assert_non_null(strstr(concord_errmsg(db), "corpus_dir and image_path"));
    concord_close(db);

    concord_options_init(&o);
    o.image_path = "/nonexistent/c.img";
    assert_int_equal(concord_open_v2(&db, &o), CONCORD_IOERR);
    assert_string_equal(concord_errmsg(db), "/nonexistent/c.img: cannot "
                                            "open: No such file or directory");
    concord_close(db);

    /* A caller built before image_path existed passes the older size. */
    concord_options_init(&o);
    o.size = (unsigned)offsetof(concord_options, image_path);
    o.image_path = "/nonexistent/c.img"; /* beyond what it knows: ignored */
    assert_int_equal(concord_open_v2(&db, &o), CONCORD_OK);
    concord_close(db);
}

/* ---- allocation failures ------------------------------------------------ */

static void test_alloc_sweep(void **state)
{
    (void)state;
    char *dir = unit_temp_dir("image");
    char path[1200];
    snprintf(path, sizeof path, "%s/c.img", dir);
    write_file(path, cq_builtin_image, cq_builtin_image_size);
    for (int mode = 0; mode < 3; mode++) {
        for (long n = 1;; n++) {
            talloc t;
            cq_allocator a = talloc_make(&t, n);
            int rc;
            if (mode < 2) {
                cq_error err;
                cq_error_init(&err, &a);
                cq_graph *g = NULL;
                rc = mode == 0
                         ? cq_image_open_file(path, &a, &g, &err)
                         : cq_image_open_memory(cq_builtin_image,
                                                cq_builtin_image_size, "b",
                                                CQ_IMAGE_BUILTIN, &a, &g, &err);
                assert_true(rc == CONCORD_OK || rc == CONCORD_NOMEM);
                assert_true((rc == CONCORD_OK) == (g != NULL));
                cq_graph_free(g);
                cq_error_free(&err);
            } else {
                concord_options o;
                concord_options_init(&o);
                o.image_path = path;
                o.alloc = talloc_fn;
                o.alloc_ud = &t;
                concord_db *db = NULL;
                rc = concord_open_v2(&db, &o);
                assert_true(rc == CONCORD_OK || rc == CONCORD_NOMEM);
                concord_close(db);
            }
            if (t.live != 0)
                fail_msg("mode %d, allocation %ld failed: %ld blocks left",
                         mode, n, t.live);
            if (!t.failed) {
                assert_int_equal(rc, CONCORD_OK);
                break;
            }
            assert_int_equal(rc, CONCORD_NOMEM);
            assert_true(n < 1000);
        }
    }
    remove_dir(dir);
}

/* The opening without the full check (flags 0), of a copy as open_copy
** makes; *out is the graph, or NULL.  The copy is the caller's to free
** after the graph (returned in *copy). */
static int open_default(const image *im, cq_graph **out, unsigned char **copy)
{
    *copy = malloc(im->len);
    assert_non_null(*copy);
    memcpy(*copy, im->data, im->len);
    cq_error err;
    cq_error_init(&err, &sys_alloc);
    int rc =
        cq_image_open_memory(*copy, im->len, "t.img", 0, &sys_alloc, out, &err);
    cq_error_free(&err);
    return rc;
}

/* The damage a reader noted, as the statement reports it. */
static void expect_damage(const cq_graph *g, const char *section)
{
    const char *noted = atomic_load(&g->damaged);
    if (noted == NULL || strcmp(noted, section) != 0)
        fail_msg("damage noted in %s, wanted %s", noted ? noted : "nothing",
                 section);
    cq_error err;
    cq_error_init(&err, &sys_alloc);
    assert_int_equal(cq_graph_damage_error(g, &err), CONCORD_CORRUPT);
    char want[128];
    snprintf(want, sizeof want, "section %s", section);
    assert_non_null(strstr(cq_error_message(&err), want));
    assert_non_null(strstr(cq_error_message(&err), "concord check-image"));
    cq_error_free(&err);
}

/* Opening without the full check: what it leaves to the readers is found
** by them, as CONCORD_CORRUPT naming the section, and by the full check. */
static void test_default_open(void **state)
{
    (void)state;
    image base = compile_dir("corpus");
    cq_graph *g = NULL;
    unsigned char *copy = NULL;
    char msg[512];

    /* A damaged title: opens (no checksum), the full check refuses it. */
    image im = copy_image(&base);
    const cq_clause *cl = image_section(&im, CQ_SEC_CLAUSES);
    ((char *)image_section(&im, CQ_SEC_STRINGS))[cl[4].title] ^= 0x20;
    assert_int_equal(open_default(&im, &g, &copy), CONCORD_OK);
    assert_null(atomic_load(&g->damaged));
    cq_graph_free(g);
    free(copy);
    assert_int_equal(open_copy(im.data, im.len, msg, sizeof msg),
                     CONCORD_CORRUPT);
    assert_string_equal(msg, "t.img: checksum mismatch: the image is damaged");
    free(im.data);

    /* A string offset past the table, read through cq_graph_str: "" and
    ** the damage noted. */
    im = copy_image(&base);
    assert_int_equal(open_default(&im, &g, &copy), CONCORD_OK);
    assert_string_equal(cq_graph_str(g, g->strings_size), "");
    expect_damage(g, "strings");
    cq_graph_free(g);
    free(copy);
    free(im.data);

    /* A clause tag holding an id past the clauses: its key is not found,
    ** the damage is noted, and only the full check refuses it at open. */
    im = copy_image(&base);
    uint32_t slot = used_tag(&im);
    cq_clause_tag *tags = image_section(&im, CQ_SEC_CLAUSE_TAGS);
    cq_id was = tags[slot].id;
    const char *key =
        (const char *)image_section(&im, CQ_SEC_STRINGS) +
        ((const cq_clause *)image_section(&im, CQ_SEC_CLAUSES))[was].key;
    char key_copy[256];
    snprintf(key_copy, sizeof key_copy, "%s", key);
    tags[slot].id = count(&im, CQ_SEC_CLAUSES) + 5;
    assert_int_equal(open_default(&im, &g, &copy), CONCORD_OK);
    assert_int_equal(cq_graph_find_clause(g, key_copy, strlen(key_copy)),
                     CQ_NONE);
    expect_damage(g, "clause_tags");
    cq_graph_free(g);
    free(copy);
    expect_invalid(&im, "clause_tags slot");

    /* No free slot left in the clause hash: a key that is not there ends
    ** the probe after one turn, as damage. */
    im = copy_image(&base);
    tags = image_section(&im, CQ_SEC_CLAUSE_TAGS);
    for (uint32_t i = 0; i < count(&im, CQ_SEC_CLAUSE_TAGS); i++)
        if (tags[i].id == CQ_NONE)
            tags[i].id = 0;
    assert_int_equal(open_default(&im, &g, &copy), CONCORD_OK);
    assert_int_equal(cq_graph_find_clause(g, "nowhere:1", 9), CQ_NONE);
    expect_damage(g, "clause_tags");
    cq_graph_free(g);
    free(copy);
    free(im.data);

    /* The term hash: an id past the terms, and a table with no free slot. */
    im = copy_image(&base);
    cq_id *terms = image_section(&im, CQ_SEC_TERM_HASH);
    for (uint32_t i = 0; i < count(&im, CQ_SEC_TERM_HASH); i++)
        terms[i] = count(&im, CQ_SEC_TERMS) + i;
    assert_int_equal(open_default(&im, &g, &copy), CONCORD_OK);
    assert_int_equal(cq_graph_find_term(g, "27000:3.1", 9), CQ_NONE);
    expect_damage(g, "term_hash");
    cq_graph_free(g);
    free(copy);
    expect_invalid(&im, "term_hash");
    im = copy_image(&base);
    terms = image_section(&im, CQ_SEC_TERM_HASH);
    for (uint32_t i = 0; i < count(&im, CQ_SEC_TERM_HASH); i++)
        terms[i] = 0;
    assert_int_equal(open_default(&im, &g, &copy), CONCORD_OK);
    assert_int_equal(cq_graph_find_term(g, "nowhere:1", 9), CQ_NONE);
    expect_damage(g, "term_hash");
    cq_graph_free(g);
    free(copy);
    free(im.data);
    free(base.data);
}

/* Open the crafted copy im without the full check: it opens, and the
** full check refuses it with want.  *g is the graph, over *copy.  Frees
** nothing. */
static void open_damaged(image *im, cq_graph **g, unsigned char **copy,
                         const char *want)
{
    reseal(im);
    assert_int_equal(open_default(im, g, copy), CONCORD_OK);
    assert_null(atomic_load(&(*g)->damaged));
    char msg[512];
    int rc = open_copy(im->data, im->len, msg, sizeof msg);
    if (rc != CONCORD_CORRUPT || strstr(msg, want) == NULL)
        fail_msg("code %d, message \"%s\"; wanted \"%s\"", rc, msg, want);
}

static void close_damaged(image *im, cq_graph *g, unsigned char *copy)
{
    cq_graph_free(g);
    free(copy);
    free(im->data);
}

/* What opening no longer walks (the clauses, edges, CSR indexes, lists,
** links, editions) is checked by the accessors of graph.h where it is
** read: a harmless stand-in, the section noted; the full check refuses
** each at open. */
static void test_reader_accessors(void **state)
{
    (void)state;
    image base = compile_dir("corpus");
    image im;
    cq_graph *g = NULL;
    unsigned char *copy = NULL;
    uint32_t n_clauses = count(&base, CQ_SEC_CLAUSES);
    uint32_t n_edges = count(&base, CQ_SEC_EDGES);

    /* a clause whose parent comes after it: no parent, so a walk up ends */
    im = copy_image(&base);
    ((cq_clause *)image_section(&im, CQ_SEC_CLAUSES))[4].parent = 7;
    open_damaged(&im, &g, &copy, "clause 4: parent");
    assert_int_equal(cq_graph_parent(g, 4), CQ_NONE);
    expect_damage(g, "clauses");
    close_damaged(&im, g, copy);

    /* a subtree that ends before its clause: the clause alone */
    im = copy_image(&base);
    ((cq_clause *)image_section(&im, CQ_SEC_CLAUSES))[5].subtree_end = 2;
    open_damaged(&im, &g, &copy, "clause 5: subtree end");
    assert_int_equal(cq_graph_subtree_end(g, 5), 6);
    expect_damage(g, "clauses");
    close_damaged(&im, g, copy);

    /* a clause of a standard that is not there: the stand-in */
    im = copy_image(&base);
    ((cq_clause *)image_section(&im, CQ_SEC_CLAUSES))[6].standard = 4000;
    open_damaged(&im, &g, &copy, "clause 6: of standard");
    assert_ptr_equal(cq_graph_clause(g, 6), &cq_damaged_clause);
    expect_damage(g, "clauses");
    close_damaged(&im, g, copy);

    /* an id past the clauses: the stand-in, and a subtree that ends them */
    im = copy_image(&base);
    assert_int_equal(open_default(&im, &g, &copy), CONCORD_OK);
    assert_ptr_equal(cq_graph_clause(g, n_clauses), &cq_damaged_clause);
    assert_int_equal(cq_graph_subtree_end(g, n_clauses + 3), n_clauses);
    expect_damage(g, "clauses");
    close_damaged(&im, g, copy);

    /* an edge toward a clause past the clauses */
    im = copy_image(&base);
    ((cq_edge *)image_section(&im, CQ_SEC_EDGES))[2].to = n_clauses + 1;
    open_damaged(&im, &g, &copy, "edge 2: to clause");
    assert_ptr_equal(cq_graph_edge(g, 2), &cq_damaged_edge);
    assert_int_equal(cq_graph_edge(g, 2)->to, CQ_NONE);
    expect_damage(g, "edges");
    close_damaged(&im, g, copy);

    /* out_start past the edges, and decreasing: ranges clamped, first <=
    ** end <= the edges */
    im = copy_image(&base);
    uint32_t *out = image_section(&im, CQ_SEC_OUT_START);
    out[3] = n_edges + 100;
    out[6] = 0;
    open_damaged(&im, &g, &copy, "out_start");
    assert_int_equal(cq_graph_out_end(g, 2), n_edges);
    assert_true(cq_graph_out_first(g, 3) <= cq_graph_out_end(g, 3));
    assert_true(cq_graph_out_end(g, 3) <= n_edges);
    assert_true(cq_graph_out_first(g, 6) <= cq_graph_out_end(g, 6));
    assert_int_equal(cq_graph_out_first(g, n_clauses), n_edges);
    expect_damage(g, "out_start");
    /* saving it checks it in full first: it is not sealed again */
    image saved = {NULL, 0, 0};
    cq_error err;
    cq_error_init(&err, &sys_alloc);
    assert_int_equal(cq_image_write(g, image_append, &saved, &err),
                     CONCORD_CORRUPT);
    assert_non_null(strstr(cq_error_message(&err), "out_start"));
    cq_error_free(&err);
    free(saved.data);
    close_damaged(&im, g, copy);

    /* an in_edges entry past the edges reads as edge 0 */
    im = copy_image(&base);
    assert_true(count(&im, CQ_SEC_IN_EDGES) > 0);
    ((cq_id *)image_section(&im, CQ_SEC_IN_EDGES))[0] = n_edges;
    open_damaged(&im, &g, &copy, "in_edges");
    assert_int_equal(cq_graph_in_edge(g, 0), 0);
    expect_damage(g, "in_edges");
    close_damaged(&im, g, copy);

    /* editions that loop: a walk of them ends */
    im = copy_image(&base);
    cq_id *ed = image_section(&im, CQ_SEC_EDITIONS);
    uint32_t ns = count(&im, CQ_SEC_STANDARDS);
    assert_true(ns > 2);
    ed[2 * 2 + 1] = 1; /* standard 2's next edition before it */
    open_damaged(&im, &g, &copy, "editions");
    assert_int_equal(cq_graph_next_edition(g, 2), CQ_NONE);
    expect_damage(g, "editions");
    close_damaged(&im, g, copy);

    /* the link matrix: the full check makes it again and compares */
    im = copy_image(&base);
    assert_true(count(&im, CQ_SEC_LINKED) > 0);
    ((unsigned char *)image_section(&im, CQ_SEC_LINKED))[0] ^= 0x40;
    open_damaged(&im, &g, &copy, "link matrix");
    close_damaged(&im, g, copy);

    free(base.data);
}

/* The crafted im, resealed (so that the full check says what is wrong),
** written to dir/name (path, of cap bytes, becomes its path) and opened
** through the API without the full check. */
static concord_db *open_api_file(image *im, const char *dir, const char *name,
                                 char *path, size_t cap)
{
    reseal(im);
    snprintf(path, cap, "%s/%s", dir, name);
    write_file(path, im->data, im->len);
    concord_options o;
    concord_options_init(&o);
    o.image_path = path;
    concord_db *db = NULL;
    assert_int_equal(concord_open_v2(&db, &o), CONCORD_OK);
    return db;
}

/* The standards' hash and ranges (version 9): opening reads neither (it
** loops over no standard), the readers bounds-check both, and the full
** check walks both. */
static void test_standards_in_place(void **state)
{
    (void)state;
    image base = compile_dir("corpus");
    image im;
    cq_graph *g = NULL;
    unsigned char *copy = NULL;
    char msg[512], want[160];
    uint32_t ns = count(&base, CQ_SEC_STANDARDS);
    uint32_t n_clauses = count(&base, CQ_SEC_CLAUSES);
    uint32_t n_terms = count(&base, CQ_SEC_TERMS);
    const char *strings = image_section(&base, CQ_SEC_STRINGS);
    const cq_standard *stds = image_section(&base, CQ_SEC_STANDARDS);
    /* the corpus has enough standards for a hash, and it is stored */
    assert_true(ns > CQ_STANDARD_SCAN);
    assert_int_equal(count(&base, CQ_SEC_STANDARD_HASH),
                     cq_graph_standard_hash_size(ns));

    /* an image of version 8 (no standards' hash) is refused by name */
    im = copy_image(&base);
    put32(im.data + 8, 8);
    assert_int_equal(open_copy_flags(im.data, im.len, 0, msg, sizeof msg),
                     CONCORD_CORRUPT);
    snprintf(want, sizeof want,
             "t.img: image format version 8; this concord reads version "
             "%u (compile the image again with this concord)",
             (unsigned)CQ_IMAGE_VERSION);
    assert_string_equal(msg, want);
    free(im.data);

    /* the hash is used where it lies: the graph points into the image */
    im = copy_image(&base);
    assert_int_equal(open_default(&im, &g, &copy), CONCORD_OK);
    assert_ptr_equal(g->standard_hash, copy + image_get64(image_entry(
                                                  &im, CQ_SEC_STANDARD_HASH)));
    for (cq_id i = 0; i < ns; i++) {
        const char *id = strings + stds[i].id;
        assert_int_equal(cq_graph_find_standard(g, id, strlen(id)), i);
    }
    assert_int_equal(cq_graph_find_standard(g, "nowhere", 7), CQ_NONE);
    assert_null(atomic_load(&g->damaged));
    close_damaged(&im, g, copy);

    /* its size is checked at open, as the other sections' are */
    im = copy_image(&base);
    put32(image_entry(&im, CQ_SEC_STANDARD_HASH) + 8,
          count(&im, CQ_SEC_STANDARD_HASH) / 2);
    reseal(&im);
    assert_int_equal(open_copy_flags(im.data, im.len, 0, msg, sizeof msg),
                     CONCORD_CORRUPT);
    assert_non_null(strstr(msg, "section standard_hash has"));
    free(im.data);

    /* a slot pointing past the standards: not found, the damage noted,
    ** and the full check names the slot */
    im = copy_image(&base);
    cq_id *slots = image_section(&im, CQ_SEC_STANDARD_HASH);
    uint32_t slot = 0;
    while (slots[slot] == CQ_NONE)
        slot++;
    cq_id victim = slots[slot];
    const char *victim_id = strings + stds[victim].id;
    slots[slot] = ns + 7;
    open_damaged(&im, &g, &copy, "standard_hash slot");
    assert_int_equal(cq_graph_find_standard(g, victim_id, strlen(victim_id)),
                     CQ_NONE);
    expect_damage(g, "standard_hash");
    close_damaged(&im, g, copy);

    /* a slot for the wrong standard: the one it was for is not found (no
    ** damage to see without the full check), the full check says so */
    im = copy_image(&base);
    slots = image_section(&im, CQ_SEC_STANDARD_HASH);
    slots[slot] = (victim + 1) % ns;
    open_damaged(&im, &g, &copy, "standard_hash does not find key");
    assert_int_equal(cq_graph_find_standard(g, victim_id, strlen(victim_id)),
                     CQ_NONE);
    close_damaged(&im, g, copy);

    /* no free slot: a missing id ends its probe after one turn, as damage */
    im = copy_image(&base);
    slots = image_section(&im, CQ_SEC_STANDARD_HASH);
    for (uint32_t i = 0; i < count(&im, CQ_SEC_STANDARD_HASH); i++)
        if (slots[i] == CQ_NONE)
            slots[i] = 0;
    open_damaged(&im, &g, &copy, "standard_hash holds");
    assert_int_equal(cq_graph_find_standard(g, "nowhere", 7), CQ_NONE);
    expect_damage(g, "standard_hash");
    close_damaged(&im, g, copy);

    /* a standard's range of clauses past the clauses, and one of terms
    ** that ends before it starts: opening does not look, the accessor
    ** reads the stand-in (empty ranges) and notes it, the full check
    ** refuses each */
    im = copy_image(&base);
    ((cq_standard *)image_section(&im, CQ_SEC_STANDARDS))[1].end_clause =
        n_clauses + 9;
    open_damaged(&im, &g, &copy, "standard 1: clauses");
    assert_int_equal(cq_graph_find_standard(g, strings + stds[1].id,
                                            strlen(strings + stds[1].id)),
                     1);
    assert_ptr_equal(cq_graph_standard(g, 1), &cq_damaged_standard);
    expect_damage(g, "standards");
    close_damaged(&im, g, copy);

    im = copy_image(&base);
    cq_standard *w = image_section(&im, CQ_SEC_STANDARDS);
    w[2].first_term = n_terms;
    w[2].end_term = 0;
    open_damaged(&im, &g, &copy, "standard 2: terms");
    const cq_standard *s2 = cq_graph_standard(g, 2);
    assert_true(s2->first_term == s2->end_term &&
                s2->first_clause == s2->end_clause);
    expect_damage(g, "standards");
    close_damaged(&im, g, copy);

    /* through the API: a statement that reads the range fails with
    ** CONCORD_CORRUPT naming the section; check-image names the standard */
    im = copy_image(&base);
    ((cq_standard *)image_section(&im, CQ_SEC_STANDARDS))[1].end_clause =
        n_clauses + 9;
    char *dir = unit_temp_dir("image");
    char path[1100], query[300];
    concord_db *db = open_api_file(&im, dir, "range.img", path, sizeof path);
    concord_stmt *stmt = NULL;
    snprintf(query, sizeof query, "clauses of %s", strings + stds[1].id);
    int rc = concord_prepare(db, query, -1, &stmt, NULL);
    if (rc == CONCORD_OK) {
        while ((rc = concord_step(stmt)) == CONCORD_ROW)
            ;
        concord_finalize(stmt);
    }
    assert_int_equal(rc, CONCORD_CORRUPT);
    assert_non_null(strstr(concord_errmsg(db), "section standards"));
    assert_int_equal(concord_check_image(db, path), CONCORD_CORRUPT);
    assert_non_null(strstr(concord_errmsg(db), "standard 1: clauses"));
    concord_close(db);
    free(im.data);
    remove_dir(dir);

    /* ranges in bounds but not following each other: the readers are
    ** safe with them, the full check refuses them */
    im = copy_image(&base);
    w = image_section(&im, CQ_SEC_STANDARDS);
    w[1].first_clause = w[0].first_clause;
    open_damaged(&im, &g, &copy, "standard 1: clauses");
    assert_int_equal(cq_graph_standard(g, 1)->first_clause,
                     stds[0].first_clause);
    assert_null(atomic_load(&g->damaged));
    close_damaged(&im, g, copy);

    free(base.data);
}

/* Run query on db to its end; its code, and in *found whether a row's
** first column is want. */
static int run_query(concord_db *db, const char *query, const char *want,
                     int *found)
{
    concord_stmt *stmt = NULL;
    int rc = concord_prepare(db, query, -1, &stmt, NULL);
    *found = 0;
    if (rc == CONCORD_OK) {
        while ((rc = concord_step(stmt)) == CONCORD_ROW)
            *found |= strcmp(concord_column_text(stmt, 0), want) == 0;
        concord_finalize(stmt);
    }
    return rc;
}

/* Set edge i's to_key, and its target record's key with it. */
static void set_to_key(image *im, uint32_t i, cq_str key)
{
    ((cq_edge *)image_section(im, CQ_SEC_EDGES))[i].to_key = key;
    ((cq_edge_target *)image_section(im, CQ_SEC_EDGE_TARGETS))[i].key = key;
}

/* Each edge holds the text of its `to` column (version 9): its target's
** key, or its standard's id for a `none` row.  A row reads it in place;
** an offset past the strings is found when read, one in bounds but not
** the target's by the full check.  (The edge's target record, which
** rows held as ids read, is changed with it: test_edge_targets.) */
static void test_edge_target_keys(void **state)
{
    (void)state;
    image base = compile_dir("corpus");
    uint32_t n_edges = count(&base, CQ_SEC_EDGES);
    const char *strings = image_section(&base, CQ_SEC_STRINGS);
    const cq_edge *edges = image_section(&base, CQ_SEC_EDGES);
    const cq_clause *cl = image_section(&base, CQ_SEC_CLAUSES);
    const cq_standard *stds = image_section(&base, CQ_SEC_STANDARDS);
    uint32_t with_target = n_edges, none = n_edges;
    for (uint32_t i = 0; i < n_edges; i++) {
        const cq_edge *e = &edges[i];
        if (e->to == CQ_NONE) {
            assert_int_equal(e->to_key, stds[e->to_standard].id);
            none = none == n_edges ? i : none;
        } else {
            assert_int_equal(e->to_key, cl[e->to].key);
            with_target = with_target == n_edges ? i : with_target;
        }
    }
    assert_true(with_target < n_edges && none < n_edges);
    const cq_edge *e = &edges[with_target];
    char query[512], path[1100];
    int found;
    snprintf(query, sizeof query,
             "correlate %s with %s where direction = forward | select to",
             strings + cl[e->from].key, strings + stds[e->to_standard].id);

    /* past the strings: the statement that reads it fails, naming them,
    ** and the full check names the edge and the field */
    image im = copy_image(&base);
    set_to_key(&im, with_target, 0xfffffff0u);
    char *dir = unit_temp_dir("image");
    concord_db *db = open_api_file(&im, dir, "tokey.img", path, sizeof path);
    assert_int_equal(run_query(db, query, "", &found), CONCORD_CORRUPT);
    assert_non_null(strstr(concord_errmsg(db), "section strings"));
    assert_int_equal(concord_check_image(db, path), CONCORD_CORRUPT);
    char want[64];
    snprintf(want, sizeof want, "edge %u: to_key at string offset",
             (unsigned)with_target);
    assert_non_null(strstr(concord_errmsg(db), want));
    concord_close(db);
    free(im.data);

    /* in bounds, another string: read as it is (the row shows that
    ** string), the full check refuses it */
    im = copy_image(&base);
    set_to_key(&im, with_target, cl[e->from].key);
    db = open_api_file(&im, dir, "tokey2.img", path, sizeof path);
    assert_int_equal(run_query(db, query, strings + cl[e->from].key, &found),
                     CONCORD_DONE);
    assert_true(found);
    assert_int_equal(concord_check_image(db, path), CONCORD_CORRUPT);
    snprintf(want, sizeof want, "edge %u: to_key is not its target's key",
             (unsigned)with_target);
    assert_non_null(strstr(concord_errmsg(db), want));
    concord_close(db);
    free(im.data);

    /* a `none` row's: its standard's id is what it must hold */
    im = copy_image(&base);
    set_to_key(&im, none, cl[edges[none].from].key);
    snprintf(want, sizeof want, "edge %u: to_key is not its target's key",
             (unsigned)none);
    expect_invalid(&im, want); /* (frees im.data) */

    remove_dir(dir);
    free(base.data);
}

/* Through the API: a statement that reads the damage fails with
** CONCORD_CORRUPT naming it; CONCORD_OPEN_CHECK_IMAGE refuses the image at
** open; concord_check_image judges it; `compile`'s own check passes. */
/* The first edge with a target clause (not a `none` row). */
static uint32_t edge_with_target(const cq_edge *edges, uint32_t n_edges)
{
    for (uint32_t i = 0; i < n_edges; i++)
        if (edges[i].to != CQ_NONE)
            return i;
    fail_msg("no edge with a target");
    return 0;
}

/* The edges' target records (version 10): one an edge, its to_key and
** its standard (CQ_TARGET_NONE added for a `none` row), made as the image
** is written.  A subtree's rows held as ids read them and not the edges:
** a record changed in place changes the rows (its key shown, its standard
** matched), a key past the strings is found when read, and the full check
** refuses a record that is not its edge's; opening checks the count. */
static void test_edge_targets(void **state)
{
    (void)state;
    image base = compile_dir("corpus");
    uint32_t n_edges = count(&base, CQ_SEC_EDGES);
    assert_int_equal(count(&base, CQ_SEC_EDGE_TARGETS), n_edges);
    const char *strings = image_section(&base, CQ_SEC_STRINGS);
    const cq_edge *edges = image_section(&base, CQ_SEC_EDGES);
    const cq_edge_target *t = image_section(&base, CQ_SEC_EDGE_TARGETS);
    const cq_clause *cl = image_section(&base, CQ_SEC_CLAUSES);
    const cq_standard *stds = image_section(&base, CQ_SEC_STANDARDS);
    uint32_t nones = 0;
    for (uint32_t i = 0; i < n_edges; i++) {
        assert_int_equal(t[i].key, edges[i].to_key);
        assert_int_equal(t[i].toward,
                         edges[i].to_standard +
                             (edges[i].to == CQ_NONE ? CQ_TARGET_NONE : 0));
        nones += edges[i].to == CQ_NONE;
    }
    assert_true(nones > 0);

    uint32_t at = edge_with_target(edges, n_edges);
    const cq_edge *e = &edges[at];
    /* another standard than the target's, and a string that is not it */
    cq_id other = e->to_standard == 0 ? 1 : 0;
    char query[512], moved[512], path[1100], want[128];
    int found;
    snprintf(query, sizeof query,
             "correlate %s.* with %s where direction = forward | select to, "
             "from",
             strings + cl[e->from].key, strings + stds[e->to_standard].id);
    snprintf(moved, sizeof moved,
             "correlate %s.* with %s where direction = forward | select to, "
             "from",
             strings + cl[e->from].key, strings + stds[other].id);
    char *dir = unit_temp_dir("image");

    /* the key: the row shows the record's string, the full check refuses */
    image im = copy_image(&base);
    ((cq_edge_target *)image_section(&im, CQ_SEC_EDGE_TARGETS))[at].key =
        cl[e->from].key;
    concord_db *db = open_api_file(&im, dir, "tkey.img", path, sizeof path);
    assert_int_equal(run_query(db, query, strings + cl[e->from].key, &found),
                     CONCORD_DONE);
    assert_true(found);
    assert_int_equal(concord_check_image(db, path), CONCORD_CORRUPT);
    snprintf(want, sizeof want, "edge %u: its target record", (unsigned)at);
    assert_non_null(strstr(concord_errmsg(db), want));
    concord_close(db);
    free(im.data);

    /* the standard: the row moves to the other standard's answer */
    im = copy_image(&base);
    ((cq_edge_target *)image_section(&im, CQ_SEC_EDGE_TARGETS))[at].toward =
        other;
    db = open_api_file(&im, dir, "tstd.img", path, sizeof path);
    assert_int_equal(run_query(db, moved, strings + e->to_key, &found),
                     CONCORD_DONE);
    assert_true(found);
    assert_int_equal(concord_check_image(db, path), CONCORD_CORRUPT);
    assert_non_null(strstr(concord_errmsg(db), want));
    concord_close(db);
    free(im.data);

    /* a key past the strings: the statement fails, naming them */
    im = copy_image(&base);
    ((cq_edge_target *)image_section(&im, CQ_SEC_EDGE_TARGETS))[at].key =
        0xfffffff0u;
    db = open_api_file(&im, dir, "tpast.img", path, sizeof path);
    assert_int_equal(run_query(db, query, "", &found), CONCORD_CORRUPT);
    assert_non_null(strstr(concord_errmsg(db), "section strings"));
    concord_close(db);
    free(im.data);

    /* a count that is not the edges': refused at open */
    im = copy_image(&base);
    put32(image_entry(&im, CQ_SEC_EDGE_TARGETS) + 8, n_edges - 1);
    expect_invalid(&im, "section edge_targets has");

    remove_dir(dir);
    free(base.data);
}

static void test_damage_through_api(void **state)
{
    (void)state;
    image im = compile_dir("corpus");
    uint32_t slot = used_tag(&im);
    cq_clause_tag *tags = image_section(&im, CQ_SEC_CLAUSE_TAGS);
    const cq_clause *cl = image_section(&im, CQ_SEC_CLAUSES);
    char key[256], query[512];
    snprintf(key, sizeof key, "%s",
             (const char *)image_section(&im, CQ_SEC_STRINGS) +
                 cl[tags[slot].id].key);
    tags[slot].id = 0xfffffff0u;
    char *dir = unit_temp_dir("image");
    char path[1100];
    concord_db *db = open_api_file(&im, dir, "damaged.img", path, sizeof path);
    concord_stmt *stmt = NULL;
    snprintf(query, sizeof query, "show %s", key);
    assert_int_equal(concord_prepare(db, query, -1, &stmt, NULL),
                     CONCORD_CORRUPT);
    assert_null(stmt);
    assert_non_null(strstr(concord_errmsg(db), "section clause_tags"));
    /* and every statement after it on that image */
    assert_int_equal(concord_prepare(db, "standards", -1, &stmt, NULL),
                     CONCORD_OK);
    assert_int_equal(concord_step(stmt), CONCORD_CORRUPT);
    assert_non_null(strstr(concord_errmsg(db), "damaged image"));
    concord_finalize(stmt);
    assert_int_equal(concord_check_image(db, path), CONCORD_CORRUPT);
    assert_non_null(strstr(concord_errmsg(db), "clause_tags slot"));
    assert_int_equal(concord_check_image(db, NULL), CONCORD_MISUSE);
    assert_int_equal(concord_check_image(NULL, path), CONCORD_MISUSE);
    concord_close(db);

    concord_options o;
    concord_options_init(&o);
    o.image_path = path;
    o.flags = CONCORD_OPEN_SAFE; /* reading a file: refused, as import is */
    assert_int_equal(concord_open_v2(&db, &o), CONCORD_OK);
    assert_int_equal(concord_check_image(db, path), CONCORD_ERROR);
    assert_non_null(strstr(concord_errmsg(db), "safe mode"));
    concord_close(db);

    o.flags = CONCORD_OPEN_CHECK_IMAGE;
    assert_int_equal(concord_open_v2(&db, &o), CONCORD_CORRUPT);
    assert_non_null(strstr(concord_errmsg(db), "clause_tags slot"));
    concord_close(db);

    /* a whole image passes both */
    assert_int_equal(concord_open(&db), CONCORD_OK);
    snprintf(path, sizeof path, "%s/whole.img", dir);
    assert_int_equal(concord_save_image(db, path), CONCORD_OK);
    assert_int_equal(concord_check_image(db, path), CONCORD_OK);
    concord_close(db);
    o.image_path = path;
    assert_int_equal(concord_open_v2(&db, &o), CONCORD_OK);
    concord_close(db);

    free(im.data);
    remove_dir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip_real),
        cmocka_unit_test(test_round_trip_good),
        cmocka_unit_test(test_builtin_is_the_corpus),
        cmocka_unit_test(test_same_answers),
        cmocka_unit_test(test_same_subtree_rows),
        cmocka_unit_test(test_wide_subtree_rows),
        cmocka_unit_test(test_large_pages),
        cmocka_unit_test(test_save_leaves_cache),
        cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_header_bit_flips),
        cmocka_unit_test(test_body_bit_flips),
        cmocka_unit_test(test_version_and_magic),
        cmocka_unit_test(test_crafted_table),
        cmocka_unit_test(test_crafted_ids),
        cmocka_unit_test(test_builtin_flag),
        cmocka_unit_test(test_reader_accessors),
        cmocka_unit_test(test_standards_in_place),
        cmocka_unit_test(test_edge_target_keys),
        cmocka_unit_test(test_edge_targets),
        cmocka_unit_test(test_unaligned),
        cmocka_unit_test(test_files),
        cmocka_unit_test(test_default_open),
        cmocka_unit_test(test_damage_through_api),
        cmocka_unit_test(test_save),
        cmocka_unit_test(test_options),
        cmocka_unit_test(test_alloc_sweep),
    };
    return cmocka_run_group_tests_name("image", tests, NULL, NULL);
}
