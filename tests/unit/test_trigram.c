/*
** test_trigram.c -- the trigram index of titles (trigram.h): `title ~`
** answered through the index gives exactly the rows, in the order, of the
** scan (the statement written so that the index cannot answer it), for
** every Q6 instance of the benchmark's generator at a small size and for
** edge cases, from a corpus folder and from a compiled image; the index
** is a superset of the true matches; damaged index sections are refused
** at open or by the full check, and a reader that meets a bad offset or
** id says CONCORD_CORRUPT.
**
** Run from the repository root (the real corpus is corpus/).
*/
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "concord.h"
#include "corpus.h"
#include "cpu.h"
#include "fold.h"
#include "graph.h"
#include "image.h"
#include "plan.h"
#include "trigram.h"
#include "unit.h"
#include "unit_graph.h"

#include "test_image_buf.h"

static const cq_allocator sys_alloc = {cq_default_alloc, NULL};

/* ---- helpers ------------------------------------------------------------ */

typedef struct text {
    char *s;
    size_t len;
} text;

static void add_text(text *t, const char *s)
{
    size_t n = strlen(s);
    char *p = realloc(t->s, t->len + n + 2);
    assert_non_null(p);
    memcpy(p + t->len, s, n);
    p[t->len + n] = '\n';
    p[t->len + n + 1] = '\0';
    t->s = p;
    t->len += n + 1;
}

/* The rows of query (one parameter, bound to needle), one line each, its
** first column; an error is a line of its own. */
static char *rows_of(concord_db *db, const char *query, const char *needle)
{
    text t = {NULL, 0};
    add_text(&t, "rows:");
    concord_stmt *st = NULL;
    if (concord_prepare(db, query, -1, &st, NULL) != CONCORD_OK)
        fail_msg("%s: %s", query, concord_errmsg(db));
    assert_int_equal(concord_bind_text(st, 1, needle, -1), CONCORD_OK);
    int rc;
    while ((rc = concord_step(st)) == CONCORD_ROW)
        add_text(&t, concord_column_text(st, 0));
    if (rc != CONCORD_DONE)
        add_text(&t, concord_errmsg(db));
    concord_finalize(st);
    return t.s;
}

/* The statements every needle is tried in: the bench's Q6, a standard's
** clauses (ranges), a subtree, a conjunction; each beside its scan, the
** same statement with the `~` inside an `or` that is never true, which
** neither the index nor the title search can answer, so every clause is
** visited in order and the condition tested on it. */
static const char *const queries[][2] = {
    {"clauses where title ~ $s | select clause",
     "clauses where (title ~ $s or depth < 0) | select clause"},
    {"clauses of 27001 where title ~ $s",
     "clauses of 27001 where (title ~ $s or depth < 0)"},
    {"clauses of 20000-1:8.* where title ~ $s and depth >= 2",
     "clauses of 20000-1:8.* where (title ~ $s or depth < 0) and depth >= 2"},
    {"clauses where depth <= 3 and title ~ $s | select clause, title",
     "clauses where depth <= 3 and (depth < 0 or title ~ $s) | select "
     "clause, title"},
};

/* Each needle gives the same rows with the index as with the scan, on
** each handle; returns the rows found with the first query (for the caller
** to see that the needles find something). */
static size_t same_rows(concord_db *const *dbs, int n_dbs, int n_qs,
                        const char *needle)
{
    size_t found = 0;
    for (int d = 0; d < n_dbs; d++)
        for (int q = 0; q < n_qs; q++) {
            char *scan = rows_of(dbs[d], queries[q][1], needle);
            char *indexed = rows_of(dbs[d], queries[q][0], needle);
            if (strcmp(scan, indexed) != 0)
                fail_msg("title ~ \"%s\" in \"%s\": scan\n%s\nindex\n%s",
                         needle, queries[q][0], scan, indexed);
            if (d == 0 && q == 0)
                for (const char *p = scan; (p = strchr(p, '\n')) != NULL; p++)
                    found++;
            free(scan);
            free(indexed);
        }
    return found > 0 ? found - 1 : 0; /* less the "rows:" line */
}

/* Does text contain needle, ASCII case folded (as `~`, written plainly)? */
static int plain_contains(const char *s, const char *needle)
{
    size_t n = strlen(needle);
    for (; *s; s++) {
        size_t i = 0;
        while (i < n && s[i] &&
               cq_fold((unsigned char)s[i]) ==
                   cq_fold((unsigned char)needle[i]))
            i++;
        if (i == n)
            return 1;
    }
    return n == 0;
}

/* The index's candidates for needle hold every clause whose title holds
** it, sorted and without repeats. */
static void superset(const cq_graph *g, const char *needle)
{
    cq_error err;
    cq_error_init(&err, &sys_alloc);
    cq_trigram_hits hits;
    int answered = -1;
    assert_int_equal(cq_trigram_candidates(g, needle, strlen(needle),
                                           &sys_alloc, &hits, &answered, &err),
                     CONCORD_OK);
    assert_int_equal(answered, strlen(needle) >= CQ_TRIGRAM_MIN);
    uint32_t j = 0;
    for (uint32_t k = 1; k < hits.n; k++)
        assert_true(hits.ids[k - 1] < hits.ids[k]);
    for (cq_id c = 0; answered && c < g->n_clauses; c++) {
        if (!plain_contains(cq_graph_str(g, g->clauses[c].title), needle))
            continue;
        while (j < hits.n && hits.ids[j] < c)
            j++;
        if (j == hits.n || hits.ids[j] != c)
            fail_msg("\"%s\": clause %u is not a candidate", needle,
                     (unsigned)c);
    }
    cq_trigram_hits_free(&sys_alloc, &hits);
    cq_error_free(&err);
}

/* ---- the index answers as the scan does --------------------------------- */

/* Edge cases: case variants, word boundaries, UTF-8, repeats, lengths. */
static const char *const edge_needles[] = {
    "man",
    "MAN",
    "mAnAgEmEnT",
    "ent",
    "nt ",
    " of",
    "t o",
    "of the",
    "and",
    "the",
    "ion",
    "tion",
    "ation",
    "ment system",
    "security",
    "SECURITY",
    "information security management",
    "zzz",
    "aaa",
    "eee",
    "sss",
    "xyz",
    "qqqq",
    "   ",
    "  ",
    "--",
    "-",
    "a",
    "",
    "ab",
    "AB",
    "\xc3\xa9t",
    "\xc3\xa9",
    "\xe2\x80\x94",
    "r\xc3\xb4le",
    "\xf0\x9f\x98\x80",
    "(",
    "()",
    "...",
    "'s ",
    "/",
    "a a",
    "isis",
    "sss sss",
    ("this needle is much longer than any title in any corpus we have, "
     "so no title can hold it at all whatever its case is"),
};

static void test_builtin_corpus(void **state)
{
    (void)state;
    cq_graph *g = unit_load_graph("corpus");
    concord_db *folder = unit_open("corpus", NULL);
    concord_db *builtin = NULL;
    assert_int_equal(concord_open(&builtin), CONCORD_OK);
    concord_db *dbs[] = {folder, builtin};
    assert_true(g->n_tri > 0);

    size_t found = 0;
    for (size_t i = 0; i < sizeof edge_needles / sizeof *edge_needles; i++) {
        found += same_rows(dbs, 2, 4, edge_needles[i]);
        superset(g, edge_needles[i]);
    }
    assert_true(found > 0);

    /* pieces of titles: 3 to 8 bytes at a few places, in both cases */
    for (cq_id c = 0; c < g->n_clauses; c += 7) {
        const char *t = cq_graph_str(g, g->clauses[c].title);
        size_t len = strlen(t);
        for (size_t n = 3; n <= 8 && n <= len; n += 5) {
            char piece[16];
            size_t at = (c / 7) % (len - n + 1);
            memcpy(piece, t + at, n);
            piece[n] = '\0';
            if (c % 2)
                for (size_t k = 0; k < n; k++)
                    piece[k] = (char)(c % 4 == 1 ? toupper(piece[k])
                                                 : tolower(piece[k]));
            assert_true(same_rows(dbs, 2, 1, piece) > 0);
            superset(g, piece);
        }
    }
    concord_close(folder);
    concord_close(builtin);
    cq_graph_free(g);
}

/* cq_cpu_has_avx2 (read from glibc's record, not through libgcc's
** start-up constructor: cpu.h) agrees with the compiler's own test where
** glibc can say, and is 0 elsewhere; and the title search gives the same
** clauses 32 bytes at a time as 16, for pieces of every seventh title of
** the real corpus. */
static void test_wide_search(void **state)
{
    (void)state;
#ifdef CQ_CPU_FROM_GLIBC
    __builtin_cpu_init();
    int expected = __builtin_cpu_supports("avx2") != 0;
#else
    int expected = 0;
#endif
    assert_int_equal(cq_cpu_has_avx2(), expected);

    cq_graph *g = unit_load_graph("corpus");
    size_t matched = 0;
    for (cq_id c = 0; c < g->n_clauses; c += 7) {
        const char *t = cq_graph_str(g, g->clauses[c].title);
        size_t len = strlen(t);
        if (len < 4)
            continue;
        char piece[8];
        memcpy(piece, t + len / 3, 3);
        piece[3] = '\0';
        cq_finder wide, narrow;
        cq_finder_init(&wide, piece);
        cq_finder_init(&narrow, piece);
        narrow.wide = 0;
        assert_int_equal(wide.wide, expected);
        for (cq_id a = 0, b = 0;; a++, b++) {
            a = cq_finder_next_title(&wide, g, a, g->n_clauses);
            b = cq_finder_next_title(&narrow, g, b, g->n_clauses);
            assert_int_equal(a, b);
            if (a == g->n_clauses)
                break;
            matched++;
        }
    }
    assert_true(matched > 0);
    cq_graph_free(g);
}

/* Every Q6 instance of the benchmark at 10,000 edges, from the folder and
** from its compiled image. */
static void test_bench_instances(void **state)
{
    (void)state;
    char *dir = unit_temp_dir("trigram");
    char corpus[1100], queries_tsv[1100], img[1100];
    snprintf(corpus, sizeof corpus, "%s/corpus", dir);
    snprintf(queries_tsv, sizeof queries_tsv, "%s/queries.tsv", dir);
    snprintf(img, sizeof img, "%s/c.img", dir);
    /* the benchmark's generator (bench/gen.c), built for this test */
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        execl(CQ_BENCH_GEN, "gen", "10000", "1", dir, (char *)NULL);
        _exit(127);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);

    concord_db *folder = unit_open(corpus, NULL);
    assert_int_equal(concord_save_image(folder, img), CONCORD_OK);
    concord_db *mapped = unit_open(NULL, img);
    concord_db *dbs[] = {folder, mapped};
    cq_graph *g = unit_load_graph(corpus);

    FILE *f = fopen(queries_tsv, "r");
    assert_non_null(f);
    char line[512];
    int instances = 0;
    size_t found = 0;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "Q6\t", 3) != 0)
            continue;
        line[strcspn(line, "\r\n")] = '\0';
        const char *needle = line + 3;
        found += same_rows(dbs, 2, 1, needle);
        superset(g, needle);
        instances++;
    }
    fclose(f);
    assert_int_equal(instances, 200);
    assert_true(found >= 200); /* each instance is drawn from a title */

    concord_close(folder);
    concord_close(mapped);
    cq_graph_free(g);
    static const char *const files[] = {
        "corpus/standards.tsv",
        "corpus/clauses.tsv",
        "corpus/edges.tsv",
        "corpus/terms.tsv",
        "corpus/term_links.tsv",
        "queries.tsv",
        "c.img",
        "corpus",
        "",
    };
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        char path[1200];
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        remove(path);
    }
    rmdir(dir);
    free(dir);
}

/* A copy of base changed by change, resealed, must be refused with want in
** the message. */
static void refused(const image *base, void (*change)(image *),
                    const char *want)
{
    image im = {malloc(base->len), base->len, base->len};
    assert_non_null(im.data);
    memcpy(im.data, base->data, base->len);
    change(&im);
    image_put64(im.data + 24, cq_image_checksum(CQ_IMAGE_CHECKSUM_SEED,
                                                im.data + 32, im.len - 32));
    cq_error err;
    cq_error_init(&err, &sys_alloc);
    cq_graph *g = NULL;
    /* the lists are walked by the full check only: opening leaves them
    ** to cq_trigram_candidates (test_reader_bounds) */
    int rc = cq_image_open_memory(im.data, im.len, "t.img", CQ_IMAGE_FULL,
                                  &sys_alloc, &g, &err);
    if (rc != CONCORD_CORRUPT || strstr(cq_error_message(&err), want) == NULL)
        fail_msg("code %d, message \"%s\"; wanted \"%s\"", rc,
                 cq_error_message(&err), want);
    assert_null(g);
    cq_error_free(&err);
    free(im.data);
}

static void start_count_off(image *im)
{
    unsigned char *e = image_entry(im, CQ_SEC_TRI_START) + 8;
    e[0] -= 1;
}

static void start_short_of_lists(image *im)
{
    uint32_t n = (uint32_t)image_entry(im, CQ_SEC_TRI_KEYS)[8] |
                 (uint32_t)image_entry(im, CQ_SEC_TRI_KEYS)[9] << 8 |
                 (uint32_t)image_entry(im, CQ_SEC_TRI_KEYS)[10] << 16;
    ((uint32_t *)image_section(im, CQ_SEC_TRI_START))[n] -= 1;
}

static void keys_only(image *im)
{
    /* no trigrams, but offsets and lists: not an index */
    memset(image_entry(im, CQ_SEC_TRI_KEYS) + 8, 0, 4);
}

static void keys_swapped(image *im)
{
    uint32_t *keys = image_section(im, CQ_SEC_TRI_KEYS);
    uint32_t t = keys[0];
    keys[0] = keys[1];
    keys[1] = t;
}

static void key_too_wide(image *im)
{
    uint32_t *keys = image_section(im, CQ_SEC_TRI_KEYS);
    keys[0] |= 0x1000000u;
}

static void list_emptied(image *im)
{
    uint32_t *start = image_section(im, CQ_SEC_TRI_START);
    start[1] = start[0];
}

static void offset_backwards(image *im)
{
    uint32_t *start = image_section(im, CQ_SEC_TRI_START);
    start[2] = start[1] - 1;
}

static void id_past_clauses(image *im)
{
    /* the first list's first id, a one-byte varint, made 127 ids past
    ** the last: the corpus has fewer clauses than 127 + its first */
    unsigned char *lists = image_section(im, CQ_SEC_TRI_LISTS);
    uint32_t *start = image_section(im, CQ_SEC_TRI_START);
    uint32_t k = 0;
    while (lists[start[k]] >= 0x80)
        k++;
    lists[start[k]] = 0x7f;
}

static void varint_cut_short(image *im)
{
    unsigned char *lists = image_section(im, CQ_SEC_TRI_LISTS);
    uint32_t *start = image_section(im, CQ_SEC_TRI_START);
    lists[start[1] - 1] |= 0x80;
}

/* The open check of the sections' extent and the full check of the lists
** refuse damaged indexes; built from a small folder of test data. */
static void test_damaged_image(void **state)
{
    (void)state;
    cq_graph *g = unit_load_graph("tests/data/good");
    assert_true(g->n_tri > 2 && g->n_clauses < 100);
    image base = {NULL, 0, 0};
    cq_error err;
    cq_error_init(&err, &sys_alloc);
    assert_int_equal(cq_image_write(g, image_append, &base, &err), CONCORD_OK);
    cq_error_free(&err);
    cq_graph_free(g);

    refused(&base, start_count_off, "entries; the trigrams need");
    refused(&base, start_short_of_lists, "does not span section tri_lists");
    refused(&base, keys_only, "tri_start and tri_lists are not empty");
    refused(&base, keys_swapped, "increasing order");
    refused(&base, key_too_wide, "three bytes");
    refused(&base, list_emptied, "empty or outside the lists");
    refused(&base, offset_backwards, "empty or outside the lists");
    refused(&base, id_past_clauses, "not a clause");
    refused(&base, varint_cut_short, "malformed entry");
    free(base.data);
}

/* A reader checks every offset and id it follows: damage that the open
** check lets through (as an image opened without the full check would) is
** CONCORD_CORRUPT, never a read outside the index. */
static void test_reader_bounds(void **state)
{
    (void)state;
    cq_graph *g = unit_load_graph("tests/data/good");
    cq_graph view = *g;
    const char *needle = cq_graph_str(g, g->clauses[0].title);
    assert_true(strlen(needle) >= 3);
    cq_error err;
    cq_error_init(&err, &sys_alloc);
    cq_trigram_hits hits;
    int answered;

    uint32_t *start = malloc(sizeof(uint32_t) * (g->n_tri + 1));
    assert_non_null(start);
    for (uint32_t k = 0; k <= g->n_tri; k++)
        start[k] = g->tri_lists_size + 1; /* every list past the lists */
    start[0] = 0;
    view.tri_start = start;
    assert_int_equal(cq_trigram_candidates(&view, needle, strlen(needle),
                                           &sys_alloc, &hits, &answered, &err),
                     CONCORD_CORRUPT);
    assert_non_null(strstr(cq_error_message(&err), "section tri_start"));

    /* lists whose every id is past the clauses */
    view.tri_start = g->tri_start;
    uint8_t *lists = malloc(g->tri_lists_size);
    assert_non_null(lists);
    memset(lists, 0x7f, g->tri_lists_size);
    view.tri_lists = lists;
    view.n_clauses = 1; /* so that the second id of a list is out */
    int rc = CONCORD_OK;
    cq_error_free(&err);
    cq_error_init(&err, &sys_alloc);
    rc = cq_trigram_candidates(&view, needle, strlen(needle), &sys_alloc, &hits,
                               &answered, &err);
    assert_int_equal(rc, CONCORD_CORRUPT);
    assert_non_null(strstr(cq_error_message(&err), "section tri_lists"));
    assert_non_null(strstr(cq_error_message(&err), "check-image"));

    /* a text too short for the index: the caller scans */
    assert_int_equal(
        cq_trigram_candidates(g, "ab", 2, &sys_alloc, &hits, &answered, &err),
        CONCORD_OK);
    assert_int_equal(answered, 0);
    assert_null(hits.ids);
    free(start);
    free(lists);
    cq_error_free(&err);
    cq_graph_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_builtin_corpus),
        cmocka_unit_test(test_bench_instances),
        cmocka_unit_test(test_wide_search),
        cmocka_unit_test(test_damaged_image),
        cmocka_unit_test(test_reader_bounds),
    };
    return cmocka_run_group_tests_name("trigram", tests, NULL, NULL);
}
