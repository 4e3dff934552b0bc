/*
** test_quiet.c -- the library never prints: standard output and standard
** error (file descriptors 1 and 2) are redirected to a file around every
** test, each test drives failure paths of the public API (bad corpora,
** syntax and name errors, limits, misuse, sharing a corpus that cannot be
** shared, failed writes, exhausted memory), and the file must stay empty.
**
** Linked against libconcord.so and using only concord.h, like any program
** embedding the library.
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

#include "concord.h"

/* The real descriptors while a test runs, and the file they point at. */
typedef struct capture {
    int saved_out;
    int saved_err;
    FILE *file;
} capture;

static capture cap = {-1, -1, NULL};

/* Send fds 1 and 2 into a fresh temporary file. */
static int quiet_setup(void **state)
{
    (void)state;
    fflush(stdout);
    fflush(stderr);
    cap.file = tmpfile();
    if (cap.file == NULL)
        return -1;
    cap.saved_out = dup(STDOUT_FILENO);
    cap.saved_err = dup(STDERR_FILENO);
    if (cap.saved_out < 0 || cap.saved_err < 0 ||
        dup2(fileno(cap.file), STDOUT_FILENO) < 0 ||
        dup2(fileno(cap.file), STDERR_FILENO) < 0)
        return -1;
    return 0;
}

/* Put fds 1 and 2 back and fail when anything reached the file.  What was
** captured is shown on the real standard error: it is either the library's
** output or cmocka's report of a failed assertion. */
static int quiet_teardown(void **state)
{
    (void)state;
    fflush(stdout);
    fflush(stderr);
    dup2(cap.saved_out, STDOUT_FILENO);
    dup2(cap.saved_err, STDERR_FILENO);
    close(cap.saved_out);
    close(cap.saved_err);
    struct stat st;
    int rc = fstat(fileno(cap.file), &st);
    if (rc == 0 && st.st_size > 0) {
        char buf[4096];
        rewind(cap.file);
        size_t n = fread(buf, 1, sizeof buf - 1, cap.file);
        buf[n] = '\0';
        fprintf(stderr, "%lld bytes written to stdout/stderr:\n%s\n",
                (long long)st.st_size, buf);
        rc = -1;
    }
    fclose(cap.file);
    cap.file = NULL;
    return rc;
}

/* path: CONCORD_TEST_DATA (default tests/data), then "/" and name. */
static const char *data_path(char *path, size_t size, const char *name)
{
    const char *data = getenv("CONCORD_TEST_DATA");
    snprintf(path, size, "%s/%s", data ? data : "tests/data", name);
    return path;
}

static concord_db *open_ok(void)
{
    concord_db *db = NULL;
    assert_int_equal(concord_open(&db), CONCORD_OK);
    return db;
}

/* Prepare text and expect code; nothing is left to finalize. */
static void prepare_fails(concord_db *db, const char *text, int code)
{
    concord_stmt *stmt = NULL;
    int rc = concord_prepare(db, text, -1, &stmt, NULL);
    if (rc != code)
        fail_msg("%.60s: code %d, not %d", text, rc, code);
    assert_null(stmt);
    assert_int_equal(concord_errcode(db), code);
    assert_true(strlen(concord_errmsg(db)) > 0);
}

static void test_bad_corpora(void **state)
{
    (void)state;
    static const char *const dirs[] = {
        "bad-header",       "bad-integer",    "bad-syntax",
        "bad-utf8",         "bare-target",    "dir-file",
        "duplicate-key",    "empty-field",    "field-count",
        "missing-file",     "missing-parent", "parent-cycle",
        "too-many-errors",  "unknown-enum",   "unknown-reference",
        "unknown-standard", "no-such-folder"};
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        char path[512];
        concord_options options;
        concord_options_init(&options);
        options.corpus_dir = data_path(path, sizeof path, dirs[i]);
        concord_db *db = NULL;
        int rc = concord_open_v2(&db, &options);
        if (rc != CONCORD_IOERR && rc != CONCORD_CORRUPT)
            fail_msg("%s: code %d", dirs[i], rc);
        assert_true(strlen(concord_errmsg(db)) > 0);
        concord_stmt *stmt = NULL;
        assert_int_equal(concord_prepare(db, "standards", -1, &stmt, NULL),
                         CONCORD_MISUSE);
        assert_int_equal(concord_close(db), CONCORD_OK);
    }
    concord_db *db = NULL;
    assert_int_equal(concord_open_v2(&db, NULL), CONCORD_MISUSE);
    assert_int_equal(concord_open(NULL), CONCORD_MISUSE);
}

static void test_query_errors(void **state)
{
    (void)state;
    concord_db *db = open_ok();
    prepare_fails(db, "correlate 20000-1:8.5.1 width 27001", CONCORD_SYNTAX);
    prepare_fails(db, "correlate 20000-1:8.5.1 with", CONCORD_SYNTAX);
    prepare_fails(db, "\"unterminated", CONCORD_SYNTAX);
    prepare_fails(db, "clauses of hls where title ~ \"\xff\xfe\"",
                  CONCORD_SYNTAX);
    prepare_fails(db, "correlate 20000-1:8.5.9 with 27001", CONCORD_NOTFOUND);
    prepare_fails(db, "show 99999", CONCORD_NOTFOUND);
    prepare_fails(db, "term \"no such term at all\"", CONCORD_NOTFOUND);
    prepare_fails(db, "clauses of hls where depth = \"deep\"", CONCORD_ERROR);
    prepare_fails(db, "clauses of hls where colour = 1", CONCORD_NOTFOUND);
    prepare_fails(db, "format yaml", CONCORD_ERROR);

    /* Parentheses nested past the parser's limit. */
    size_t depth = 300;
    char *deep = malloc(2 * depth + 64);
    assert_non_null(deep);
    strcpy(deep, "clauses of hls where ");
    size_t n = strlen(deep);
    memset(deep + n, '(', depth);
    n += depth;
    n += (size_t)sprintf(deep + n, "depth = 1");
    memset(deep + n, ')', depth);
    deep[n + depth] = '\0';
    prepare_fails(db, deep, CONCORD_TOOBIG);
    free(deep);

    char *errmsg = NULL;
    assert_int_equal(
        concord_exec(db, "standards; show 20000-1:99", NULL, NULL, &errmsg),
        CONCORD_NOTFOUND);
    assert_non_null(errmsg);
    concord_free(errmsg);
    assert_int_equal(concord_close(db), CONCORD_OK);
}

static int stop_at_once(void *ctx, int ncols, char **values, char **names)
{
    (void)ctx;
    (void)ncols;
    (void)values;
    (void)names;
    return 1;
}

static int refuse_write(void *ctx, const char *data, size_t len)
{
    (void)ctx;
    (void)data;
    (void)len;
    return 1;
}

static void test_misuse(void **state)
{
    (void)state;
    concord_db *db = open_ok();
    concord_stmt *stmt = NULL;
    assert_int_equal(concord_prepare(db, "standards", -1, &stmt, NULL),
                     CONCORD_OK);
    assert_int_equal(concord_close(db), CONCORD_BUSY);
    while (concord_step(stmt) == CONCORD_ROW)
        ;
    assert_int_equal(concord_step(stmt), CONCORD_MISUSE);
    assert_int_equal(
        concord_write_result(stmt, CONCORD_FORMAT_TSV, refuse_write, NULL),
        CONCORD_MISUSE);
    assert_int_equal(concord_reset(stmt), CONCORD_OK);
    assert_int_equal(concord_write_result(stmt, 99, refuse_write, NULL),
                     CONCORD_RANGE);
    assert_int_equal(
        concord_write_result(stmt, CONCORD_FORMAT_TABLE, NULL, NULL),
        CONCORD_MISUSE);
    for (int format = CONCORD_FORMAT_TSV; format <= CONCORD_FORMAT_MARKDOWN;
         format++) {
        assert_int_equal(concord_reset(stmt), CONCORD_OK);
        assert_int_equal(concord_write_result(stmt, format, refuse_write, NULL),
                         CONCORD_IOERR);
    }
    assert_int_equal(concord_finalize(stmt), CONCORD_OK);

    const char *text = "standards";
    assert_int_equal(concord_prepare_v2(db, text, -1, text + 1, &stmt, NULL),
                     CONCORD_MISUSE);
    assert_int_equal(concord_prepare(db, NULL, -1, &stmt, NULL),
                     CONCORD_MISUSE);
    assert_int_equal(concord_prepare(NULL, text, -1, &stmt, NULL),
                     CONCORD_MISUSE);
    assert_int_equal(concord_step(NULL), CONCORD_MISUSE);
    assert_int_equal(concord_reset(NULL), CONCORD_MISUSE);
    assert_int_equal(concord_set_format(db, -3), CONCORD_RANGE);
    assert_int_equal(concord_set_format(NULL, 0), CONCORD_MISUSE);
    assert_int_equal(
        concord_exec(db, "clauses of hls", stop_at_once, NULL, NULL),
        CONCORD_ERROR);
    assert_int_equal(concord_exec(NULL, "standards", NULL, NULL, NULL),
                     CONCORD_MISUSE);
    assert_null(concord_column_text(NULL, 0));
    assert_null(concord_column_name(NULL, 0));
    assert_null(concord_format_name(-1));
    assert_int_equal(concord_format_from_name("yaml"), -1);
    assert_string_equal(concord_errstr(-1), "unknown result code");
    assert_string_equal(concord_errmsg(NULL), "out of memory");

    /* sharing a corpus that cannot be shared */
    concord_options options;
    concord_db *shared = NULL, *broken = NULL;
    concord_options_init(&options);
    options.corpus_dir = "/nonexistent/concord-corpus";
    assert_int_equal(concord_open_v2(&broken, &options), CONCORD_IOERR);
    concord_options_init(&options);
    options.share_corpus = broken;
    assert_int_equal(concord_open_v2(&shared, &options), CONCORD_MISUSE);
    assert_int_equal(concord_close(shared), CONCORD_OK);
    options.share_corpus = db;
    options.image_path = "/nonexistent/concord.img";
    assert_int_equal(concord_open_v2(&shared, &options), CONCORD_MISUSE);
    assert_int_equal(concord_close(shared), CONCORD_OK);
    assert_int_equal(concord_close(broken), CONCORD_OK);
    assert_int_equal(concord_close(db), CONCORD_OK);
}

static void test_parameters_images_exports(void **state)
{
    (void)state;
    concord_db *db = open_ok();
    concord_stmt *stmt = NULL;
    assert_int_equal(concord_prepare(db, "correlate $clause with $standard", -1,
                                     &stmt, NULL),
                     CONCORD_OK);
    assert_int_equal(concord_bind_text(stmt, 3, "9001", -1), CONCORD_RANGE);
    assert_int_equal(concord_bind_int(stmt, 0, 1), CONCORD_RANGE);
    assert_int_equal(concord_bind_text(stmt, 1, "a\0b", 3), CONCORD_RANGE);
    assert_int_equal(concord_bind_text(NULL, 1, "x", -1), CONCORD_MISUSE);
    assert_int_equal(concord_step(stmt), CONCORD_ERROR); /* unbound */
    assert_int_equal(concord_reset(stmt), CONCORD_OK);
    assert_int_equal(concord_bind_text(stmt, 1, "20000-1:99", -1), CONCORD_OK);
    assert_int_equal(concord_bind_text(stmt, 2, "9001; standards", -1),
                     CONCORD_OK);
    int rc = concord_step(stmt);
    assert_true(rc == CONCORD_NOTFOUND || rc == CONCORD_ERROR);
    assert_int_equal(concord_reset(stmt), CONCORD_OK);
    assert_int_equal(concord_bind_text(stmt, 1, "20000-1:8.5.1", -1),
                     CONCORD_OK);
    assert_int_equal(concord_bind_text(stmt, 2, "9001", -1), CONCORD_OK);
    assert_int_equal(concord_step(stmt), CONCORD_ROW);
    assert_int_equal(concord_bind_null(stmt, 1), CONCORD_MISUSE);
    assert_int_equal(concord_clear_bindings(NULL), CONCORD_MISUSE);
    assert_int_equal(concord_finalize(stmt), CONCORD_OK);

    /* Exports that cannot show a table refuse it. */
    assert_int_equal(concord_prepare(db, "standards", -1, &stmt, NULL),
                     CONCORD_OK);
    for (int format = CONCORD_FORMAT_OSCAL; format <= CONCORD_FORMAT_SSSOM;
         format++) {
        assert_int_equal(concord_reset(stmt), CONCORD_OK);
        assert_int_equal(concord_write_result(stmt, format, refuse_write, NULL),
                         CONCORD_ERROR);
    }
    assert_int_equal(concord_finalize(stmt), CONCORD_OK);

    /* Images: none saved where it cannot be, none loaded from nothing or
    ** from a file that is not one. */
    assert_int_equal(concord_save_image(db, "/nonexistent/dir/corpus.img"),
                     CONCORD_IOERR);
    assert_int_equal(concord_save_image(db, NULL), CONCORD_MISUSE);
    assert_int_equal(concord_close(db), CONCORD_OK);
    char path[512];
    const char *images[] = {"/nonexistent/corpus.img",
                            data_path(path, sizeof path, "good/edges.tsv")};
    for (size_t i = 0; i < sizeof images / sizeof images[0]; i++) {
        concord_options options;
        concord_options_init(&options);
        options.image_path = images[i];
        db = NULL;
        rc = concord_open_v2(&db, &options);
        assert_true(rc == CONCORD_IOERR || rc == CONCORD_CORRUPT);
        assert_int_equal(concord_close(db), CONCORD_OK);
    }
}

/* An allocator with a budget of bytes: a request that would take more than
** is left fails, as memory runs out in a real process. */
typedef struct budget {
    size_t left;
    int failed;
} budget;

static void *budget_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    budget *b = ud;
    size_t old = ptr ? osize : 0;
    if (nsize == 0) {
        free(ptr);
        b->left += old;
        return NULL;
    }
    if (nsize > old && nsize - old > b->left) {
        b->failed = 1;
        return NULL;
    }
    void *p = realloc(ptr, nsize);
    if (p != NULL)
        b->left = b->left + old - nsize;
    return p;
}

/* Open the built-in corpus with memory from b. */
static int open_within(budget *b, concord_db **db)
{
    concord_options options;
    concord_options_init(&options);
    options.alloc = budget_alloc;
    options.alloc_ud = b;
    return concord_open_v2(db, &options);
}

/* Open the built-in corpus and run a query within budgets growing from
** nothing to enough: every shortfall on the way is reported, never
** printed. */
static void test_out_of_memory(void **state)
{
    (void)state;
    for (size_t size = 0;; size = size + size / 8 + 64) {
        budget b = {size, 0};
        concord_db *db = NULL;
        int rc = open_within(&b, &db);
        concord_stmt *stmt = NULL;
        if (rc == CONCORD_OK)
            rc = concord_prepare(db,
                                 "correlate 20000-1:8.* with 9001, 27001 "
                                 "where strength >= 5 and not (annex = C)",
                                 -1, &stmt, NULL);
        while (rc == CONCORD_OK && (rc = concord_step(stmt)) == CONCORD_ROW)
            rc = CONCORD_OK;
        if (rc != CONCORD_DONE && rc != CONCORD_NOMEM)
            fail_msg("budget %zu: code %d", size, rc);
        concord_finalize(stmt);
        concord_close(db);
        assert_int_equal(b.left, size); /* everything was freed */
        if (rc == CONCORD_DONE)
            break;
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_bad_corpora, quiet_setup,
                                        quiet_teardown),
        cmocka_unit_test_setup_teardown(test_query_errors, quiet_setup,
                                        quiet_teardown),
        cmocka_unit_test_setup_teardown(test_misuse, quiet_setup,
                                        quiet_teardown),
        cmocka_unit_test_setup_teardown(test_parameters_images_exports,
                                        quiet_setup, quiet_teardown),
        cmocka_unit_test_setup_teardown(test_out_of_memory, quiet_setup,
                                        quiet_teardown),
    };
    return cmocka_run_group_tests_name("quiet", tests, NULL, NULL);
}
