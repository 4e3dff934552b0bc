/*
** test_complete.c -- concord_complete(): what it offers where, the start
** of the word it replaces, stopping early, and misuse.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "concord.h"
#include "unit.h"

/* The candidates of one call, as "kind:word" lines (and " -- detail"). */
typedef struct seen {
    char text[65536];
    size_t len;
    int calls;
    int stop_after; /* return nonzero after this many calls; 0: never */
} seen;

static int collect(void *ctx, int kind, const char *word, const char *detail)
{
    seen *s = ctx;
    s->calls++;
    int n = snprintf(s->text + s->len, sizeof s->text - s->len, "%d:%s%s%s\n",
                     kind, word, detail ? " -- " : "", detail ? detail : "");
    if (n > 0 && (size_t)n < sizeof s->text - s->len)
        s->len += (size_t)n;
    return s->stop_after > 0 && s->calls >= s->stop_after;
}

/* Complete at the end of text; returns the start and fills s. */
static int complete_end(concord_db *db, const char *text, seen *s)
{
    memset(s, 0, sizeof *s);
    return concord_complete(db, text, -1, (int)strlen(text), collect, s);
}

static void has(const seen *s, const char *line)
{
    if (strstr(s->text, line) == NULL) {
        fprintf(stderr, "missing \"%s\" in:\n%s", line, s->text);
        fail();
    }
}

static void lacks(const seen *s, const char *line)
{
    if (strstr(s->text, line) != NULL) {
        fprintf(stderr, "unexpected \"%s\" in:\n%s", line, s->text);
        fail();
    }
}

/* No candidate of kind k at all. */
static void lacks_kind(const seen *s, int k)
{
    char line[8];
    snprintf(line, sizeof line, "%d:", k);
    for (const char *p = s->text; *p; p = strchr(p, '\n') + 1)
        if (strncmp(p, line, strlen(line)) == 0) {
            fprintf(stderr, "unexpected kind %d in:\n%s", k, s->text);
            fail();
        }
}

static void test_keywords_in_place(void **state)
{
    concord_db *db = *state;
    seen s;
    /* first word of a statement */
    assert_int_equal(complete_end(db, "cor", &s), 0);
    has(&s, "1:correlate\n");
    lacks(&s, "1:count\n"); /* not a statement's first word */
    /* after a complete source: where, not with */
    assert_int_equal(complete_end(db, "clauses of hls w", &s), 15);
    has(&s, "1:where\n");
    lacks(&s, "1:with\n");
    /* after correlate's clause: with */
    complete_end(db, "correlate 20000-1:8.5.1 w", &s);
    has(&s, "1:with\n");
    /* case of what was typed does not matter */
    complete_end(db, "clauses of hls WH", &s);
    has(&s, "1:where\n");
    /* only the cursor's statement counts */
    complete_end(db, "standards; clauses of hls wh", &s);
    has(&s, "1:where\n");
}

static void test_standards_and_clauses(void **state)
{
    concord_db *db = *state;
    seen s;
    complete_end(db, "correlate 20000-1:8.5.1 with 27", &s);
    has(&s, "2:27001 -- ISO/IEC 27001:2013");
    has(&s, "2:27001@2022");
    lacks(&s, "2:9001");
    /* clause keys with their titles */
    int start = complete_end(db, "show 20000-1:8.5.", &s);
    assert_int_equal(start, 5);
    has(&s, "3:20000-1:8.5.1 -- Change management\n");
    has(&s, "3:20000-1:8.5.1.1 -- Change management policy\n");
    lacks(&s, "3:20000-1:8.4");
    lacks_kind(&s, CONCORD_COMPLETE_KEYWORD);
    /* an unknown standard offers nothing */
    complete_end(db, "show nosuch:4", &s);
    assert_int_equal(s.calls, 0);
}

static void test_columns(void **state)
{
    concord_db *db = *state;
    seen s;
    complete_end(db, "clauses of hls where ti", &s);
    has(&s, "4:title\n");
    complete_end(db, "correlate 20000-1:8.5.1 with 27001 | where st", &s);
    has(&s, "4:strength\n");
    complete_end(db, "clauses of hls where depth = 2 and or", &s);
    has(&s, "4:origin\n");
    complete_end(db, "clauses of hls | sort by ", &s);
    has(&s, "4:clause\n");
    has(&s, "4:depth\n");
    complete_end(db, "clauses of hls | select clause, ", &s);
    has(&s, "4:title\n");
    /* no columns where a column cannot stand */
    complete_end(db, "clauses of hls where title ", &s);
    lacks_kind(&s, CONCORD_COMPLETE_COLUMN);
}

static void test_files(void **state)
{
    concord_db *db = *state;
    seen s;
    int start = complete_end(db, "import \"lib/my", &s);
    assert_int_equal(start, 8);
    assert_string_equal(s.text, "5:lib/my\n");
    complete_end(db, "import ", &s);
    assert_string_equal(s.text, "5:\n");
    /* a string elsewhere is not a file name */
    complete_end(db, "clauses of hls where title ~ \"plan", &s);
    assert_int_equal(s.calls, 0);
}

static void test_stop_and_misuse(void **state)
{
    concord_db *db = *state;
    seen s;
    memset(&s, 0, sizeof s);
    s.stop_after = 1;
    concord_complete(db, "", -1, 0, collect, &s);
    assert_int_equal(s.calls, 1);
    /* the cursor in the middle: the word before it */
    memset(&s, 0, sizeof s);
    const char *t = "clauses of hls wh; standards";
    assert_int_equal(concord_complete(db, t, -1, 17, collect, &s), 15);
    has(&s, "1:where\n");
    /* len bounds the text */
    memset(&s, 0, sizeof s);
    assert_int_equal(concord_complete(db, "corXYZ", 3, 3, collect, &s), 0);
    has(&s, "1:correlate\n");
    assert_int_equal(concord_complete(NULL, "x", -1, 1, collect, &s),
                     -CONCORD_MISUSE);
    assert_int_equal(concord_complete(db, NULL, -1, 0, collect, &s),
                     -CONCORD_MISUSE);
    assert_int_equal(concord_complete(db, "x", -1, 1, NULL, &s),
                     -CONCORD_MISUSE);
    assert_int_equal(concord_complete(db, "x", -1, 2, collect, &s),
                     -CONCORD_MISUSE);
    assert_int_equal(concord_complete(db, "x", -1, -1, collect, &s),
                     -CONCORD_MISUSE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keywords_in_place),
        cmocka_unit_test(test_standards_and_clauses),
        cmocka_unit_test(test_columns),
        cmocka_unit_test(test_files),
        cmocka_unit_test(test_stop_and_misuse),
    };
    return cmocka_run_group_tests(tests, unit_open_builtin, unit_close_db);
}
