/*
** test_io.c -- corpus files as the disk hands them over: truncated at any
** byte (mid-line, mid-UTF-8 sequence), encodings that are not UTF-8, CRLF
** line ends and byte order marks, files that cannot be opened.  Each must
** either load, answering exactly as the built-in corpus does, or fail with
** every problem located as "file:line:column: message" (or, for a file
** that cannot be read, named with the reason) -- and leave nothing
** allocated.
**
** Run from the repository root (corpus/ and tests/data/ are read); the
** temporary folders go to TMPDIR (default /tmp).
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "test_alloc.h"

#include "concord.h"
#include "corpus.h"
#include "unit.h"

#define NFILES 5

static const char *const names[NFILES] = {
    "standards.tsv", "clauses.tsv", "edges.tsv", "terms.tsv", "term_links.tsv"};

/* ---- helpers ------------------------------------------------------------ */

/* The five files of a corpus in memory (data from malloc). */
typedef struct corpus {
    cq_embedded_file files[NFILES + 1];
} corpus;

static void corpus_read(corpus *c, const char *dir)
{
    for (int i = 0; i < NFILES; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        c->files[i].name = names[i];
        c->files[i].data = unit_slurp(path, &c->files[i].len);
    }
    c->files[NFILES].name = NULL;
}

static void corpus_free(corpus *c)
{
    for (int i = 0; i < NFILES; i++)
        free((void *)c->files[i].data);
}

/* Replace file i's data (the corpus takes data, from malloc). */
static void corpus_set(corpus *c, int i, char *data, size_t len)
{
    free((void *)c->files[i].data);
    c->files[i].data = data;
    c->files[i].len = len;
}

static char *copy(const char *data, size_t len)
{
    char *p = malloc(len + 1);
    assert_non_null(p);
    memcpy(p, data, len);
    p[len] = '\0';
    return p;
}

/* Does line (up to '\n' or NUL) start "NAME:LINE:COLUMN: " with NAME one
** of the corpus files?  Sets *line and *col. */
static int located(const char *msg, int *line, int *col)
{
    for (int i = 0; i < NFILES; i++) {
        size_t n = strlen(names[i]);
        int used = 0;
        if (strncmp(msg, names[i], n) == 0 &&
            sscanf(msg + n, ":%d:%d: %n", line, col, &used) == 2 && used > 0)
            return 1;
    }
    return 0;
}

/*
** Load c with the counting allocator.  Returns the code, after checking
** that a failure is reported with every line located (or "... and more")
** and that nothing is left allocated.  When msg is not NULL it receives a
** copy of the message (free it).
*/
static int load(const corpus *c, char **msg)
{
    talloc t;
    cq_allocator a = talloc_make(&t, 0);
    cq_error err;
    cq_error_init(&err, &a);
    cq_graph *g = NULL;
    int rc = cq_corpus_load_files(c->files, &a, &g, &err);
    const char *text = cq_error_message(&err);
    if (rc == CONCORD_OK) {
        assert_non_null(g);
    } else {
        assert_null(g);
        if (rc != CONCORD_CORRUPT)
            fail_msg("code %d: %s", rc, text);
        for (const char *l = text; l != NULL; l = strchr(l, '\n')) {
            int line, col;
            l += *l == '\n';
            if (strncmp(l, "...", 3) != 0 && !located(l, &line, &col))
                fail_msg("a problem without a place: %.120s", l);
        }
    }
    if (msg)
        *msg = copy(text, strlen(text));
    cq_graph_free(g);
    cq_error_free(&err);
    assert_int_equal(t.live, 0);
    return rc;
}

/* ---- truncation --------------------------------------------------------- */

/* Truncate each file of the real corpus at every byte of its last lines
** and of a stretch in its middle: it loads or fails with located
** problems; never a crash, a leak or an unlocated message. */
static void test_truncated_anywhere(void **state)
{
    (void)state;
    corpus c;
    corpus_read(&c, "corpus");
    for (int i = 0; i < NFILES; i++) {
        size_t len = c.files[i].len;
        size_t mid = len / 2;
        for (size_t k = 0; k <= len; k++) {
            int tail = k + 400 >= len, middle = k + 150 >= mid && k < mid + 150;
            if (!tail && !middle && k > 40)
                continue;
            corpus cut = c;
            cut.files[i].len = k;
            int rc = load(&cut, NULL);
            if (k == len)
                assert_int_equal(rc, CONCORD_OK);
        }
    }
    corpus_free(&c);
}

/* The 1-based line and column (in bytes) of offset k of data. */
static void place_of(const char *data, size_t k, int *line, int *col)
{
    *line = 1;
    size_t start = 0;
    for (size_t i = 0; i < k; i++)
        if (data[i] == '\n') {
            ++*line;
            start = i + 1;
        }
    *col = (int)(k - start) + 1;
}

/* A row with characters of two, three and four bytes, cut after each of
** their leading bytes: the problem is reported at the character's place,
** naming its first byte. */
static void test_truncated_utf8(void **state)
{
    (void)state;
    corpus good;
    corpus_read(&good, "tests/data/good");
    static const char row[] =
        "hls\t98\tCaf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x98\x80\t\thls\t\n";
    size_t head = good.files[1].len, len = head + sizeof row - 1;
    char *data = malloc(len + 1);
    assert_non_null(data);
    memcpy(data, good.files[1].data, head);
    memcpy(data + head, row, sizeof row);
    corpus_set(&good, 1, data, len);
    int cuts = 0;
    for (size_t at = head; at < len; at++) {
        unsigned char lead = (unsigned char)data[at];
        if (lead < 0xc0)
            continue;
        size_t seq = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
        for (size_t keep = 1; keep < seq; keep++) {
            corpus cut = good;
            cut.files[1].len = at + keep;
            char *msg;
            assert_int_equal(load(&cut, &msg), CONCORD_CORRUPT);
            int line, col, want_line, want_col;
            place_of(data, at, &want_line, &want_col);
            char want[64];
            snprintf(want, sizeof want, "title: invalid UTF-8 byte 0x%02x",
                     lead);
            assert_true(located(msg, &line, &col));
            assert_int_equal(line, want_line);
            assert_int_equal(col, want_col);
            if (strncmp(msg, "clauses.tsv:", 12) != 0 ||
                strstr(msg, want) == NULL)
                fail_msg("cut in a character: %.120s", msg);
            free(msg);
            cuts++;
        }
    }
    assert_int_equal(cuts, 1 + 2 + 3);
    /* Whole, the row loads. */
    assert_int_equal(load(&good, NULL), CONCORD_OK);
    corpus_free(&good);
}

/* ---- encodings ---------------------------------------------------------- */

/* Byte sequences RFC 3629 forbids, each in a clause title. */
static void test_not_utf8(void **state)
{
    (void)state;
    static const struct {
        const char *bytes;
        unsigned char first; /* the byte the message names */
        int offset;          /* of the bad byte within bytes */
    } cases[] = {
        {"\xc0\xaf", 0xc0, 0},         /* overlong '/' */
        {"\xe0\x80\xaf", 0xe0, 0},     /* overlong, three bytes */
        {"\xed\xa0\x80", 0xed, 0},     /* a UTF-16 surrogate */
        {"\xf4\x90\x80\x80", 0xf4, 0}, /* above U+10FFFF */
        {"\xf5\x80\x80\x80", 0xf5, 0}, /* no such lead byte */
        {"\xff", 0xff, 0},
        {"ab\x80", 0x80, 2},       /* a lone continuation byte */
        {"\xe2\x82\x41", 0xe2, 0}, /* a sequence cut short by ASCII */
        {"\xe2\x82\x41\xe2\x82\xac", 0xe2, 0},
        {"ok \xc3\xa9 \xc3", 0xc3, 6}, /* fine, then cut at the tab */
        {"\x7f", 0, -1},               /* DEL is allowed */
    };
    corpus good;
    corpus_read(&good, "tests/data/good");
    const char *head = good.files[1].data;
    size_t head_len = good.files[1].len;
    int first_line = 1;
    for (size_t i = 0; i < head_len; i++)
        first_line += head[i] == '\n';
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char row[128];
        int n = snprintf(row, sizeof row, "hls\t99\tA %s title\t\thls\t\n",
                         cases[k].bytes);
        size_t len = head_len + (size_t)n;
        char *data = malloc(len + 1);
        assert_non_null(data);
        memcpy(data, head, head_len);
        memcpy(data + head_len, row, (size_t)n + 1);
        corpus c = good;
        c.files[1].data = data;
        c.files[1].len = len;
        char *msg;
        int rc = load(&c, &msg);
        if (cases[k].offset < 0) {
            if (rc != CONCORD_OK)
                fail_msg("case %zu: %s", k, msg);
        } else {
            char want[128];
            snprintf(want, sizeof want,
                     "clauses.tsv:%d:%d: title: invalid UTF-8 byte 0x%02x",
                     first_line, 10 + cases[k].offset, cases[k].first);
            assert_int_equal(rc, CONCORD_CORRUPT);
            assert_string_equal(msg, want);
        }
        free(msg);
        free(data);
    }
    corpus_free(&good);
}

/* ---- line ends and byte order marks, through a folder ------------------- */

/* A temporary folder for a corpus; removed by folder_remove. */
static void folder_make(char *dir, size_t size)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, size, "%s/concord-io-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    assert_non_null(mkdtemp(dir));
}

static void folder_remove(const char *dir)
{
    char path[600];
    for (int i = 0; i < NFILES; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        if (unlink(path) != 0)
            rmdir(path);
    }
    assert_int_equal(rmdir(dir), 0);
}

/* How write_variant changes each file. */
enum { CRLF = 1, BOM = 2, MIXED = 4 };

/* Write file i of c into dir with CRLF line ends (every line, or with
** MIXED every other one) and/or a byte order mark. */
static void write_variant(const char *dir, const corpus *c, int i, int how)
{
    char path[600];
    snprintf(path, sizeof path, "%s/%s", dir, names[i]);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    if (how & BOM)
        fputs("\xef\xbb\xbf", f);
    int line = 0;
    for (size_t k = 0; k < c->files[i].len; k++) {
        char ch = c->files[i].data[k];
        if (ch == '\n' && (how & CRLF) && (!(how & MIXED) || line % 2 == 0))
            fputc('\r', f);
        line += ch == '\n';
        fputc(ch, f);
    }
    assert_int_equal(fclose(f), 0);
}

static int collect(void *ctx, const char *data, size_t len)
{
    FILE *f = ctx;
    return fwrite(data, 1, len, f) != len;
}

/* Every statement's TSV and JSON output on db, into a malloc'd string. */
static char *answers(concord_db *db)
{
    static const char *const statements[] = {
        "standards",
        "show 20000-1:8.5.1",
        "show hls",
        "clauses of 20000-1:8.* where origin = added",
        "clauses of 27001:A.12.* where title ~ 'change'",
        "correlate 20000-1:8.5.* with 9001, 27001",
        "correlate 27001:A.12.1.2 with 20000-1",
        "gap 20000-1 against 9001",
        "coverage of 27001:A.* by 20000-1",
        "terms of 20000-1 where relation(27000) = modified",
        "term \"corrective action\"",
    };
    char *buf = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&buf, &size);
    assert_non_null(out);
    for (size_t i = 0; i < sizeof statements / sizeof statements[0]; i++) {
        for (int format = CONCORD_FORMAT_TSV; format <= CONCORD_FORMAT_JSON;
             format += CONCORD_FORMAT_JSON) {
            concord_stmt *stmt = NULL;
            int rc = concord_prepare(db, statements[i], -1, &stmt, NULL);
            if (rc != CONCORD_OK)
                fail_msg("%s: %s", statements[i], concord_errmsg(db));
            assert_int_equal(concord_write_result(stmt, format, collect, out),
                             CONCORD_DONE);
            concord_finalize(stmt);
        }
    }
    assert_int_equal(fclose(out), 0);
    return buf;
}

/* Open dir (NULL: built-in) with the counting allocator. */
static concord_db *open_dir(const char *dir, talloc *t, int *rc)
{
    concord_options options;
    concord_options_init(&options);
    options.corpus_dir = dir;
    options.alloc = talloc_fn;
    options.alloc_ud = t;
    talloc_make(t, 0);
    concord_db *db = NULL;
    *rc = concord_open_v2(&db, &options);
    return db;
}

/* The real corpus with CRLF line ends, byte order marks, both, and the
** two mixed within a file, answers every statement byte for byte as the
** built-in corpus does. */
static void test_crlf_bom_answer_the_same(void **state)
{
    (void)state;
    talloc t;
    int rc;
    concord_db *builtin = open_dir(NULL, &t, &rc);
    assert_int_equal(rc, CONCORD_OK);
    char *want = answers(builtin);
    assert_int_equal(concord_close(builtin), CONCORD_OK);
    assert_int_equal(t.live, 0);

    corpus c;
    corpus_read(&c, "corpus");
    static const int variants[] = {CRLF, BOM, CRLF | BOM, CRLF | MIXED,
                                   CRLF | MIXED | BOM};
    for (size_t v = 0; v < sizeof variants / sizeof variants[0]; v++) {
        for (int only = -1; only < NFILES; only++) {
            char dir[512];
            folder_make(dir, sizeof dir);
            for (int i = 0; i < NFILES; i++)
                write_variant(dir, &c, i,
                              only < 0 || only == i ? variants[v] : 0);
            concord_db *db = open_dir(dir, &t, &rc);
            if (rc != CONCORD_OK)
                fail_msg("variant %d of %s: %s", variants[v],
                         only < 0 ? "every file" : names[only],
                         concord_errmsg(db));
            char *got = answers(db);
            if (strcmp(got, want) != 0)
                fail_msg("variant %d of %s answers differently", variants[v],
                         only < 0 ? "every file" : names[only]);
            free(got);
            assert_int_equal(concord_close(db), CONCORD_OK);
            assert_int_equal(t.live, 0);
            folder_remove(dir);
        }
    }
    corpus_free(&c);
    free(want);
}

/* A byte order mark anywhere but at the start, and a lone CR, are not
** line ends or marks: they are reported where they are. */
static void test_misplaced_bom_and_cr(void **state)
{
    (void)state;
    corpus good;
    corpus_read(&good, "tests/data/good");
    static const char bom_second[] =
        "id\ttitle\tyear\trole\tnotes\n"
        "\xef\xbb\xbfhls\tHLS\t2012\tstructure\t\n";
    static const char lone_cr[] = "id\ttitle\tyear\trole\tnotes\n"
                                  "hls\tHLS\t2012\tstructure\t\r\r\n";
    corpus_set(&good, 0, copy(bom_second, sizeof bom_second - 1),
               sizeof bom_second - 1);
    char *msg;
    assert_int_equal(load(&good, &msg), CONCORD_CORRUPT);
    int line, col;
    assert_true(located(msg, &line, &col));
    assert_int_equal(line, 2);
    assert_int_equal(col, 1);
    free(msg);
    corpus_set(&good, 0, copy(lone_cr, sizeof lone_cr - 1), sizeof lone_cr - 1);
    assert_int_equal(load(&good, &msg), CONCORD_CORRUPT);
    assert_true(located(msg, &line, &col));
    assert_int_equal(line, 2);
    if (strstr(msg, "control character 0x0d") == NULL)
        fail_msg("a lone CR: %s", msg);
    free(msg);
    corpus_free(&good);
}

/* ---- files that cannot be read ------------------------------------------ */

/* Open dir; expect CONCORD_IOERR with a message that starts with the path
** of file and contains why. */
static void expect_ioerr(const char *dir, const char *file, const char *why)
{
    talloc t;
    int rc;
    concord_db *db = open_dir(dir, &t, &rc);
    char want[600];
    snprintf(want, sizeof want, "%s/%s: ", dir, file);
    if (rc != CONCORD_IOERR)
        fail_msg("%s: code %d: %s", file, rc, concord_errmsg(db));
    const char *msg = concord_errmsg(db);
    if (strncmp(msg, want, strlen(want)) != 0 || strstr(msg, why) == NULL)
        fail_msg("%s: %s", file, msg);
    assert_int_equal(concord_close(db), CONCORD_OK);
    assert_int_equal(t.live, 0);
}

static void test_unreadable_files(void **state)
{
    (void)state;
    corpus c;
    corpus_read(&c, "tests/data/good");
    char dir[512], path[600];
    folder_make(dir, sizeof dir);
    for (int i = 0; i < NFILES; i++)
        write_variant(dir, &c, i, 0);

    /* A link to itself: "Too many levels of symbolic links". */
    snprintf(path, sizeof path, "%s/%s", dir, names[3]);
    assert_int_equal(unlink(path), 0);
    assert_int_equal(symlink(names[3], path), 0);
    expect_ioerr(dir, names[3], "cannot open");
    /* A link to nothing. */
    assert_int_equal(unlink(path), 0);
    assert_int_equal(symlink("nowhere.tsv", path), 0);
    expect_ioerr(dir, names[3], "cannot open");
    assert_int_equal(unlink(path), 0);
    write_variant(dir, &c, 3, 0);

    /* A folder where a file should be. */
    snprintf(path, sizeof path, "%s/%s", dir, names[0]);
    assert_int_equal(unlink(path), 0);
    assert_int_equal(mkdir(path, 0700), 0);
    expect_ioerr(dir, names[0], "cannot read");
    assert_int_equal(rmdir(path), 0);
    write_variant(dir, &c, 0, 0);

    /* A file that may not be read (root reads it all the same). */
    snprintf(path, sizeof path, "%s/%s", dir, names[2]);
    assert_int_equal(chmod(path, 0), 0);
    if (geteuid() != 0)
        expect_ioerr(dir, names[2], "cannot open");
    assert_int_equal(chmod(path, 0600), 0);

    /* An empty file: a located problem, not an I/O error. */
    corpus empty = c;
    empty.files[4].len = 0;
    char *msg;
    assert_int_equal(load(&empty, &msg), CONCORD_CORRUPT);
    assert_true(strncmp(msg, "term_links.tsv:1:1: ", 20) == 0);
    free(msg);

    folder_remove(dir);
    corpus_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_truncated_anywhere),
        cmocka_unit_test(test_truncated_utf8),
        cmocka_unit_test(test_not_utf8),
        cmocka_unit_test(test_crlf_bom_answer_the_same),
        cmocka_unit_test(test_misplaced_bom_and_cr),
        cmocka_unit_test(test_unreadable_files),
    };
    return cmocka_run_group_tests_name("io", tests, NULL, NULL);
}
