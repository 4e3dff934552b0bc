/*
** fuzz_api.c -- libFuzzer harness for the embedding API: the input is a
** program of one-letter operations that drives prepare, step, reset,
** finalize, the column readers, write_result, exec, the format calls and
** close on up to four statements of one handle in any order, with
** allocation failures armed where the input says.
**
** Operations (a byte each, arguments after it; other bytes are skipped,
** so seeds can be written by hand: "q00s0s0c00w01\n"):
**   p S TEXT\n  prepare TEXT into slot S (finalizing what was there)
**   q S N       prepare canned statement N - '0' (a table below, taken
**               modulo its size) into slot S
**   s S         step            r S   reset         f S   finalize
**   c S I       every column reader on column I (a signed byte - '0')
**   w S F K     write_result in format F - '0' through a writer that
**               fails at its K-th call ('0'..'8'; '9' and above: never)
**   x K TEXT\n  concord_exec(TEXT), the callback stopping at row K
**   F N         concord_set_format(N - '0')
**   e           errcode / errmsg / error_offset / errstr agree
**   m N P       fail the (N - '0')-th allocation from now; P odd: and
**               every one after it        M   stop failing allocations
**   C           concord_close while statements are open: must be BUSY
**   B S I TEXT\n  concord_bind_text(slot S, I - '0', TEXT)
**   I S I V     concord_bind_int(slot S, I - '0', a value V picks)
**   N S I       concord_bind_null(slot S, I - '0')
**   K S         concord_clear_bindings(slot S)
**   X S TEXT\n  concord_bind_parameter_index(slot S, TEXT), and the name
**               of the index found
**   n S I       concord_bind_parameter_name(slot S, I - '0') and _count
** S is taken modulo 4.  A statement's text is freed right after prepare:
** nothing may point into it afterwards.
**
** Traps when a call returns a code outside its documented set, reports
** out-of-memory when no allocation failed (or anything but out-of-memory
** when one did), steps after DONE without MISUSE, or when the input leaves
** a block allocated.  At the end of every input the handle must still
** answer a query.
*/
#include <limits.h>

#include "fuzz.h"

#define NSLOTS 4

enum slot_state {
    EMPTY,  /* no statement */
    READY,  /* prepared or reset */
    ROW,    /* a row is current */
    DONE,   /* stepped to the end: step is misuse until reset */
    FAILED, /* a step failed: step is misuse until reset */
    UNKNOWN /* after a failed write_result: the API does not say */
};

typedef struct slot {
    concord_stmt *stmt;
    int state;
} slot;

static fz_alloc alloc;
static concord_db *db;
static long baseline; /* blocks the open handle holds between inputs */
static slot slots[NSLOTS];

static const char *const canned[] = {
    "standards",
    "show 20000-1:8.5.1",
    "show 27001",
    "clauses of 20000-1:8.* where origin = added and depth <= 3",
    "clauses of 9001 where number in (\"10.1\", \"10.2\") or title ~ 'risk'",
    "correlate 20000-1:8.5.* with 27001 where confidence in (medium, low)",
    "correlate 27001:A.* with 20000-1 where not (relation = equal)",
    "gap 20000-1 against 9001 where depth = 2",
    "coverage of 27001:A.* by 20000-1",
    "terms of 20000-1 where hls = yes and relation(9000) = modified",
    "term \"corrective action\"",
    "format json",
    "show 27001:A.99",
    "correlate 20000-1:8.5.1 width 27001",
    "gap 20000-1 against 2700",
    "-- nothing but a comment",
    "standards; show hls; clauses of hls:9.*",
    /* with $parameters, for the bind operations */
    "correlate $clause with $standard where strength >= $min",
    "clauses of $std where title ~ $t and depth = $d",
    "show $c",
    "term $name",
    "path $from to $to max $n",
    "gap $s against 9001 | limit $n",
};
#define NCANNED ((int)(sizeof canned / sizeof canned[0]))

/* The input being interpreted. */
typedef struct reader {
    const uint8_t *p, *end;
} reader;

static int next_byte(reader *r)
{
    return r->p < r->end ? *r->p++ : 0;
}

/* The bytes up to the next newline (or the end), as a copy of n + extra
** bytes (free it), so that ASan sees any read past the n bytes. */
static char *next_text(reader *r, size_t extra, int *len)
{
    const uint8_t *nl = memchr(r->p, '\n', (size_t)(r->end - r->p));
    size_t n = (size_t)((nl ? nl : r->end) - r->p);
    char *text = malloc(n + extra + 1);
    FZ_CHECK(text != NULL, "malloc");
    memcpy(text, r->p, n);
    r->p += n + (nl != NULL);
    *len = (int)n;
    return text;
}

static slot *next_slot(reader *r)
{
    return &slots[next_byte(r) % NSLOTS];
}

/* Check a call's code: never one concord may not return, and an
** allocation failed during the call exactly when it says out-of-memory. */
static void check_rc(const char *call, int rc, int ok)
{
    FZ_CHECK(ok && !fz_never(rc, &alloc), "%s returned %d: %s", call, rc,
             concord_errmsg(db));
    FZ_CHECK(!alloc.failed || rc == CONCORD_NOMEM,
             "%s met a failed allocation but returned %d: %s", call, rc,
             concord_errmsg(db));
}

/* The codes running a statement may fail with: what compiling cannot
** check before (values bound, a term or path not there, a failed assert,
** an imported file missing or wrong), limits, and memory. */
static int is_run_error(int rc)
{
    return rc == CONCORD_ERROR || rc == CONCORD_TOOBIG || rc == CONCORD_NOMEM ||
           rc == CONCORD_NOTFOUND || rc == CONCORD_ASSERT ||
           rc == CONCORD_IOERR || rc == CONCORD_SYNTAX;
}

/* Forget allocation failures of earlier calls (the countdown goes on). */
static void before_call(void)
{
    alloc.failed = 0;
}

static void open_db(void)
{
    db = fz_open_builtin(&alloc, &baseline);
}

static void do_finalize(slot *s)
{
    before_call();
    int rc = concord_finalize(s->stmt);
    check_rc("finalize", rc, rc == CONCORD_OK);
    s->stmt = NULL;
    s->state = EMPTY;
}

static void do_prepare(slot *s, const char *text, int len)
{
    if (s->stmt)
        do_finalize(s);
    const char *tail = NULL;
    before_call();
    int rc = concord_prepare_v2(db, text, len, NULL, &s->stmt, &tail);
    check_rc("prepare", rc,
             rc == CONCORD_OK || rc == CONCORD_SYNTAX ||
                 rc == CONCORD_NOTFOUND || rc == CONCORD_ERROR ||
                 rc == CONCORD_TOOBIG || rc == CONCORD_NOMEM);
    FZ_CHECK(rc == CONCORD_OK || s->stmt == NULL, "a statement despite %d", rc);
    FZ_CHECK(tail >= text && tail <= text + len, "tail outside the text");
    s->state = s->stmt ? READY : EMPTY;
}

static void do_step(slot *s)
{
    before_call();
    int rc = concord_step(s->stmt);
    if (s->stmt == NULL) {
        check_rc("step(NULL)", rc, rc == CONCORD_MISUSE);
        return;
    }
    if (s->state == DONE || s->state == FAILED) {
        /* misuse; or out of memory when the message saying so could not
        ** be made (misuse() in api.c: a failed allocation is never hidden;
        ** check_rc holds NOMEM to one that failed) */
        check_rc("step after the end", rc,
                 rc == CONCORD_MISUSE || rc == CONCORD_NOMEM);
        return;
    }
    check_rc("step", rc,
             rc == CONCORD_ROW || rc == CONCORD_DONE || is_run_error(rc) ||
                 (s->state == UNKNOWN && rc == CONCORD_MISUSE));
    s->state = rc == CONCORD_ROW      ? ROW
               : rc == CONCORD_DONE   ? DONE
               : rc == CONCORD_MISUSE ? UNKNOWN
                                      : FAILED;
}

static void do_reset(slot *s)
{
    before_call();
    int rc = concord_reset(s->stmt);
    check_rc("reset", rc, s->stmt ? rc == CONCORD_OK : rc == CONCORD_MISUSE);
    if (s->stmt)
        s->state = READY;
}

static void do_columns(slot *s, int i)
{
    int ncols = concord_column_count(s->stmt);
    FZ_CHECK(ncols >= 0 && (s->stmt || ncols == 0), "column count %d", ncols);
    const char *name = concord_column_name(s->stmt, i);
    int type = concord_column_type(s->stmt, i);
    const char *text = concord_column_text(s->stmt, i);
    long long n = concord_column_int(s->stmt, i);
    double d = concord_column_double(s->stmt, i);
    int in_range = i >= 0 && i < ncols;
    FZ_CHECK((name != NULL) == in_range, "name of column %d of %d", i, ncols);
    if (name)
        (void)strlen(name);
    /* After a failed write_result the API does not say whether a row is
    ** current: the answer must merely be consistent. */
    int has_row =
        in_range && (s->state == ROW || (s->state == UNKNOWN && type != 0));
    FZ_CHECK(has_row ? type == CONCORD_INTEGER || type == CONCORD_REAL ||
                           type == CONCORD_TEXT || type == CONCORD_NULL
                     : type == 0 && text == NULL && n == 0 && d == 0,
             "column %d of %d (state %d): type %d", i, ncols, s->state, type);
    FZ_CHECK((text == NULL) == (!has_row || type == CONCORD_NULL),
             "column %d: type %d, text %s", i, type, text ? text : "NULL");
    if (text)
        (void)strlen(text);
}

/* A write function that fails at its k-th call. */
typedef struct writer {
    int calls, fail_at; /* fail_at 0: never */
    int failed;
} writer;

static int write_fn(void *ctx, const char *data, size_t len)
{
    writer *w = ctx;
    FZ_CHECK(data != NULL || len == 0, "NULL data of %zu bytes", len);
    if (len)
        (void)data[len - 1];
    if (++w->calls == w->fail_at) {
        w->failed = 1;
        return 1;
    }
    return 0;
}

static void do_write(slot *s, int format, int fail_at)
{
    writer w = {0, fail_at, 0};
    int valid = concord_format_name(format) != NULL;
    before_call();
    int rc = concord_write_result(s->stmt, format, write_fn, &w);
    if (s->stmt == NULL) {
        check_rc("write_result(NULL)", rc, rc == CONCORD_MISUSE);
        return;
    }
    int ended = s->state == DONE || s->state == FAILED;
    /* a write and an allocation that both failed: either may be the
    ** failure reported (the write's, first, or the allocation's), so
    ** check_rc's rule on allocations is waived for a failed write */
    int both = w.failed && alloc.failed;
    if (both && rc == CONCORD_IOERR)
        alloc.failed = 0;
    check_rc("write_result", rc,
             rc == CONCORD_DONE     ? valid && !ended && !w.failed
             : rc == CONCORD_RANGE  ? !valid
             : rc == CONCORD_MISUSE ? valid && (ended || s->state == UNKNOWN)
                                    : is_run_error(rc));
    FZ_CHECK(!w.failed || rc == CONCORD_IOERR || (both && rc == CONCORD_NOMEM),
             "the writer failed, yet %d", rc);
    if (rc == CONCORD_DONE)
        s->state = DONE;
    else if (rc != CONCORD_RANGE && rc != CONCORD_MISUSE)
        s->state = UNKNOWN;
}

typedef struct exec_ctx {
    int rows, stop_at;
} exec_ctx;

static int exec_row(void *ctx, int ncols, char **values, char **names)
{
    exec_ctx *x = ctx;
    for (int i = 0; i < ncols; i++) {
        FZ_CHECK(names[i] != NULL, "column %d unnamed", i);
        if (values[i])
            (void)strlen(values[i]);
    }
    return ++x->rows == x->stop_at;
}

static void do_exec(int stop_at, const char *text)
{
    exec_ctx x = {0, stop_at};
    char *errmsg = NULL;
    before_call();
    int rc = concord_exec(db, text, exec_row, &x, &errmsg);
    check_rc("exec", rc, rc == CONCORD_OK || is_run_error(rc));
    /* a message on failure, unless copying it is what ran out of memory
    ** (concord.h: the result is then CONCORD_NOMEM and no message) */
    FZ_CHECK(rc == CONCORD_OK ? errmsg == NULL
                              : errmsg != NULL || rc == CONCORD_NOMEM,
             "exec %d, errmsg %s", rc, errmsg ? errmsg : "NULL");
    concord_free(errmsg);
}

/* The code a bind call on slot s may return: out of range, NUL in the
** text, misuse while the statement is being stepped (or on no statement),
** memory. */
static void check_bind(const char *call, const slot *s, int index, int rc)
{
    int count = concord_bind_parameter_count(s->stmt);
    FZ_CHECK(count >= 0 && (s->stmt || count == 0), "%d parameters", count);
    int in_range = index >= 1 && index <= count;
    check_rc(call, rc,
             s->stmt == NULL ? rc == CONCORD_MISUSE
             : rc == CONCORD_OK
                 ? in_range && s->state != ROW && s->state != DONE
                 : rc == CONCORD_RANGE || rc == CONCORD_NOMEM ||
                       (rc == CONCORD_MISUSE && s->state != READY));
}

static void do_bind(slot *s, int op, int index, reader *r)
{
    int rc, len = 0, v;
    char *text;
    long long value;
    before_call();
    switch (op) {
    case 'B':
        text = next_text(r, 0, &len);
        rc = concord_bind_text(s->stmt, index, text, len);
        free(text); /* the statement keeps a copy */
        check_bind("bind_text", s, index, rc);
        break;
    case 'I':
        v = next_byte(r);
        value = v == 'L'   ? LLONG_MIN
                : v == 'H' ? LLONG_MAX
                           : (long long)((signed char)v - '0') * 1000003;
        check_bind("bind_int", s, index,
                   concord_bind_int(s->stmt, index, value));
        break;
    case 'N':
        check_bind("bind_null", s, index, concord_bind_null(s->stmt, index));
        break;
    default: /* 'K' */
        rc = concord_clear_bindings(s->stmt);
        /* out of memory when the message of a misuse could not be made */
        check_rc("clear_bindings", rc,
                 rc == CONCORD_OK || rc == CONCORD_NOMEM ||
                     (rc == CONCORD_MISUSE &&
                      (s->stmt == NULL || s->state != READY)));
        break;
    }
}

/* The parameter names and indexes agree with each other. */
static void do_parameter_names(slot *s, int index, reader *r)
{
    int count = concord_bind_parameter_count(s->stmt);
    const char *name = concord_bind_parameter_name(s->stmt, index);
    FZ_CHECK((name != NULL) == (index >= 1 && index <= count),
             "name of parameter %d of %d", index, count);
    if (name != NULL)
        FZ_CHECK(concord_bind_parameter_index(s->stmt, name) == index,
                 "parameter %s is not %d", name, index);
    if (r != NULL) {
        int len;
        char *text = next_text(r, 1, &len);
        text[len] = '\0';
        int found = concord_bind_parameter_index(s->stmt, text);
        FZ_CHECK(found >= 0 && found <= count, "index %d of %d", found, count);
        if (found > 0)
            FZ_CHECK(concord_bind_parameter_name(s->stmt, found) != NULL,
                     "parameter %d has no name", found);
        free(text);
    }
}

static void do_error_calls(void)
{
    int code = concord_errcode(db);
    const char *msg = concord_errmsg(db);
    int off = concord_error_offset(db);
    FZ_CHECK(msg != NULL && *msg != '\0', "no message for %d", code);
    FZ_CHECK(off >= -1, "offset %d", off);
    FZ_CHECK(code != CONCORD_OK || off == -1, "offset %d without an error",
             off);
    FZ_CHECK(code != CONCORD_NOMEM || strcmp(msg, "out of memory") == 0,
             "out of memory says %s", msg);
    FZ_CHECK(concord_errstr(code) != NULL, "no errstr for %d", code);
}

static int open_statements(void)
{
    int n = 0;
    for (int i = 0; i < NSLOTS; i++)
        n += slots[i].stmt != NULL;
    return n;
}

static void run(reader *r)
{
    while (r->p < r->end) {
        int op = next_byte(r);
        int len, a, b;
        char *text;
        slot *s;
        switch (op) {
        case 'p':
            s = next_slot(r);
            text = next_text(r, 0, &len);
            do_prepare(s, text, len);
            free(text);
            break;
        case 'q':
            s = next_slot(r);
            a = ((next_byte(r) - '0') % NCANNED + NCANNED) % NCANNED;
            len = (int)strlen(canned[a]);
            text = malloc((size_t)len + 1);
            FZ_CHECK(text != NULL, "malloc");
            memcpy(text, canned[a], (size_t)len + 1);
            do_prepare(s, text, len);
            free(text);
            break;
        case 's':
            do_step(next_slot(r));
            break;
        case 'r':
            do_reset(next_slot(r));
            break;
        case 'f':
            do_finalize(next_slot(r));
            break;
        case 'c':
            s = next_slot(r);
            do_columns(s, (signed char)next_byte(r) - '0');
            break;
        case 'w':
            s = next_slot(r);
            a = next_byte(r) - '0';
            b = next_byte(r) - '0';
            do_write(s, a, b >= 1 && b <= 8 ? b : 0);
            break;
        case 'x':
            a = next_byte(r) - '0';
            /* exec takes NUL-terminated text: it stops at an inner NUL. */
            text = next_text(r, 1, &len);
            text[len] = '\0';
            do_exec(a, text);
            free(text);
            break;
        case 'F':
            a = next_byte(r) - '0';
            before_call();
            b = concord_set_format(db, a);
            check_rc("set_format", b,
                     concord_format_name(a) ? b == CONCORD_OK
                                            : b == CONCORD_RANGE);
            FZ_CHECK(concord_format_name(concord_format(db)) != NULL,
                     "format %d", concord_format(db));
            break;
        case 'e':
            do_error_calls();
            break;
        case 'm':
            a = next_byte(r) - '0';
            b = next_byte(r);
            fz_arm(&alloc, a < 1 ? 1 : a, b & 1);
            break;
        case 'M':
            fz_arm(&alloc, 0, 0);
            break;
        case 'C':
            if (open_statements() > 0) {
                before_call();
                a = concord_close(db);
                check_rc("close", a, a == CONCORD_BUSY);
            }
            break;
        case 'B':
        case 'I':
        case 'N':
            s = next_slot(r);
            a = next_byte(r) - '0';
            do_bind(s, op, a, r);
            break;
        case 'K':
            do_bind(next_slot(r), op, 0, r);
            break;
        case 'X':
            do_parameter_names(next_slot(r), 0, r);
            break;
        case 'n':
            s = next_slot(r);
            do_parameter_names(s, next_byte(r) - '0', NULL);
            break;
        default:
            break;
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (db == NULL)
        open_db();
    reader r = {data, data + size};
    concord_set_format(db, CONCORD_FORMAT_TSV);
    run(&r);

    /* Clean up, then the handle must still work and hold what it held. */
    fz_arm(&alloc, 0, 0);
    for (int i = 0; i < NSLOTS; i++)
        if (slots[i].stmt)
            do_finalize(&slots[i]);
    concord_stmt *stmt = NULL;
    int rc = concord_prepare(db, "show 20000-1:8.5.1", -1, &stmt, NULL);
    FZ_CHECK(rc == CONCORD_OK, "the handle is broken: %d: %s", rc,
             concord_errmsg(db));
    FZ_CHECK(concord_step(stmt) == CONCORD_ROW, "no row any more");
    concord_finalize(stmt);
    FZ_CHECK(alloc.live == baseline, "%ld blocks left by the input",
             alloc.live - baseline);
    return 0;
}
