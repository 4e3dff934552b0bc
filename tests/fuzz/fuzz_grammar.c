/*
** fuzz_grammar.c -- libFuzzer harness whose inputs are derivations of the
** query grammar, not bytes of text.
**
** The byte fuzzer (fuzz_query.c) rarely gets past the parser: nearly every
** mutation of a query is a syntax error.  Here the input is read as a
** sequence of choices -- which statement, which reference, how deep, how
** many -- that always spells a query the grammar accepts, so every input
** reaches compile and eval, and a mutation of the bytes is a mutation of
** the tree: a byte changed picks another production, a run of bytes
** copied repeats a subtree (the custom mutator below does that on
** purpose, so lists grow wide and nesting deep).  The query made is run
** exactly as fuzz_query.c runs text, with all its checks.
*/
#define LLVMFuzzerTestOneInput fz_query_run
#include "fuzz_query.c"
#undef LLVMFuzzerTestOneInput

#include <stdarg.h>

/* The choices: bytes read one at a time; past the end every choice is 0,
** which always picks a production that ends the derivation. */
typedef struct choices {
    const uint8_t *at, *end;
} choices;

static unsigned pick(choices *c, unsigned n)
{
    return c->at < c->end ? *c->at++ % n : 0;
}

/* The query being written; cut at CAP bytes (the run stops there). */
#define CAP 65536
typedef struct text {
    char buf[CAP + 1];
    size_t len;
} text;

static void put(text *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void put(text *t, const char *fmt, ...)
{
    if (t->len >= CAP)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(t->buf + t->len, CAP + 1 - t->len, fmt, ap);
    va_end(ap);
    if (n > 0)
        t->len += (size_t)n < CAP - t->len ? (size_t)n : CAP - t->len;
}

static const char *const standards[] = {"20000-1", "27001", "9001", "hls",
                                        "22301",   "55001", "$s"};
static const char *const clauses[] = {
    "20000-1:8.5.1", "27001:A.12.1.2", "9001:4", "9001:6.3",     "20000-1:8.*",
    "27001:A.*",     "hls:4",          "9001:*", "20000-1:9.9.9"};
static const char *const fields[] = {
    "title", "clause", "origin", "relation", "strength", "confidence",
    "annex", "note",   "source", "depth",    "to",       "from",
    "name",  "layer",  "role",   "count",    "nothing"};
static const char *const values[] = {
    "\"x\"", "1",  "equal", "C",     "high",           "20000-1:8.5.1",
    "$p",    "0",  "-1",    "\"\"",  "\"\\u001b[2J\"", "9223372036854775807",
    "none",  "$n", "low",   "added", "\"a\\nb\""};
static const char *const cmpops[] = {"=", "!=", "<>", "<", "<=", ">", ">="};
static const char *const setops[] = {"union", "intersect", "except"};
static const char *const columns[] = {"clause", "title",  "role", "note",
                                      "count",  "origin", "to",   "x"};
#define N(a) (unsigned)(sizeof(a) / sizeof((a)[0]))

static void query(choices *c, text *t, int depth);

static void ref(choices *c, text *t)
{
    if (pick(c, 2))
        put(t, "%s", clauses[pick(c, N(clauses))]);
    else
        put(t, "%s", standards[pick(c, N(standards))]);
}

/* One or more of item, comma separated: the count is a choice too. */
static void list(choices *c, text *t, void (*item)(choices *, text *))
{
    unsigned n = 1 + pick(c, 4);
    if (n == 4) /* now and then a wide one */
        n = 4 + pick(c, 200);
    for (unsigned i = 0; i < n && t->len < CAP; i++) {
        if (i)
            put(t, ", ");
        item(c, t);
    }
}

static void value(choices *c, text *t)
{
    put(t, "%s", values[pick(c, N(values))]);
}

static void cond(choices *c, text *t, int depth)
{
    unsigned k = depth > 40 ? 0 : pick(c, 8);
    const char *f = fields[pick(c, N(fields))];
    switch (k) {
    case 0:
        put(t, "%s %s ", f, cmpops[pick(c, N(cmpops))]);
        value(c, t);
        break;
    case 1:
        put(t, "%s %sin (", f, pick(c, 2) ? "not " : "");
        list(c, t, value);
        put(t, ")");
        break;
    case 2:
        put(t, "%s %s \"%s\"", f, pick(c, 2) ? "~" : "!~",
            pick(c, 2) ? "a.*b" : "[");
        break;
    case 3:
        put(t, "count(");
        query(c, t, depth + 1);
        put(t, ") %s %u", cmpops[pick(c, N(cmpops))], pick(c, 4));
        break;
    case 4:
        cond(c, t, depth + 1);
        put(t, " and ");
        cond(c, t, depth + 1);
        break;
    case 5:
        cond(c, t, depth + 1);
        put(t, " or ");
        cond(c, t, depth + 1);
        break;
    case 6:
        put(t, "not ");
        cond(c, t, depth + 1);
        break;
    default:
        put(t, "(");
        cond(c, t, depth + 1);
        put(t, ")");
    }
}

static void where(choices *c, text *t, int depth)
{
    if (pick(c, 3) == 1) {
        put(t, " where ");
        cond(c, t, depth);
    }
}

static void column(choices *c, text *t)
{
    put(t, "%s", columns[pick(c, N(columns))]);
    unsigned k = pick(c, 4);
    if (k == 1)
        put(t, " desc");
    else if (k == 2)
        put(t, " as c%u", pick(c, 250));
}

static void stage(choices *c, text *t, int depth)
{
    switch (pick(c, 6)) {
    case 0:
        put(t, " | count");
        break;
    case 1:
        put(t, " | select ");
        list(c, t, column);
        break;
    case 2:
        put(t, " | sort by ");
        list(c, t, column);
        break;
    case 3:
        put(t, " | group by ");
        list(c, t, column);
        break;
    case 4:
        put(t, " | limit %s", pick(c, 2) ? "$n" : "3");
        break;
    default:
        put(t, " | where ");
        cond(c, t, depth + 1);
    }
}

static void primary(choices *c, text *t, int depth)
{
    switch (depth > 40 ? 0 : pick(c, 16)) {
    case 0:
        put(t, "show ");
        ref(c, t);
        break;
    case 1:
        put(t, "clauses of ");
        list(c, t, ref);
        where(c, t, depth);
        break;
    case 2:
        put(t, "correlate ");
        list(c, t, ref);
        put(t, " with ");
        list(c, t, ref);
        if (pick(c, 4) == 1) {
            put(t, " via ");
            list(c, t, ref);
        }
        where(c, t, depth);
        break;
    case 3: {
        int between = (int)pick(c, 2);
        put(t, "gap %s", between ? "between " : "");
        ref(c, t);
        put(t, " %s ", between ? "and" : "against");
        ref(c, t);
        where(c, t, depth);
        break;
    }
    case 4:
        put(t, "coverage of ");
        ref(c, t);
        put(t, " by ");
        ref(c, t);
        break;
    case 5:
        put(t, "terms");
        where(c, t, depth);
        break;
    case 6:
        put(t, "term %s", pick(c, 2) ? "\"risk\"" : "$t");
        break;
    case 7:
        put(t, "standards");
        break;
    case 8:
        put(t, "path ");
        ref(c, t);
        put(t, " to ");
        ref(c, t);
        if (pick(c, 2))
            put(t, " max %s", pick(c, 2) ? "$h" : "65");
        break;
    case 9:
        put(t, "integrate ");
        list(c, t, ref);
        break;
    case 10:
        put(t, "common ");
        list(c, t, ref);
        break;
    case 11:
        put(t, "check");
        break;
    case 12:
        put(t, "f(");
        ref(c, t);
        put(t, ")");
        break;
    case 13:
        put(t, "t");
        break;
    default:
        put(t, "(");
        query(c, t, depth + 1);
        put(t, ")");
    }
}

static void query(choices *c, text *t, int depth)
{
    primary(c, t, depth);
    /* set operations: a left-deep chain, as long as the choices say */
    while (depth < 40 && pick(c, 4) == 1 && t->len < CAP) {
        put(t, " %s ", setops[pick(c, N(setops))]);
        primary(c, t, depth + 1);
    }
    while (pick(c, 3) == 1 && t->len < CAP)
        stage(c, t, depth);
}

static void statement(choices *c, text *t)
{
    switch (pick(c, 8)) {
    case 0:
        put(t, "let t = ");
        query(c, t, 0);
        break;
    case 1:
        put(t, "def f(x) = correlate x with 27001");
        break;
    case 2:
        put(t, "assert count(");
        query(c, t, 1);
        put(t, ") > 0, \"m\"");
        break;
    case 3:
        put(t, "format %s", pick(c, 2) ? "csv" : "json");
        break;
    case 4:
        put(t, "import \"stdlib/%s\"", pick(c, 2) ? "hls.cq" : "none.cq");
        break;
    default:
        query(c, t, 0);
    }
    put(t, ";\n");
}

/* (fuzz.h declared it under the name it had while fuzz_query.c was read) */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static text t;
    choices c = {data, data + size};
    t.len = 0;
    /* names every query may use: a table, a definition, parameters bound
    ** to nothing (so binding errors are reached too) */
    put(&t, "let t = show 9001:4;\ndef f(x) = correlate x with 27001;\n");
    while (c.at < c.end && t.len < CAP)
        statement(&c, &t);
    return fz_query_run((const uint8_t *)t.buf, t.len);
}

/* libFuzzer's own mutation of the choice bytes, when it is linked in. */
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size)
    __attribute__((weak));
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size,
                               unsigned int seed);

/* A quarter of the time copy a run of choices elsewhere -- the same
** subtree again, so lists grow wide and nesting deep -- else mutate the
** bytes as libFuzzer does. */
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size,
                               unsigned int seed)
{
    if (size >= 2 && seed % 4 == 0) {
        size_t from = (seed / 4) % size;
        size_t n = 1 + (seed / 7) % (size - from);
        size_t to = (seed / 13) % (size + 1);
        if (size + n <= max_size) {
            memmove(data + to + n, data + to, size - to);
            /* the run may have moved: copy from where it is now */
            size_t src = from >= to ? from + n : from;
            if (from < to && from + n > to) /* it straddled the gap */
                src = from;
            memmove(data + to, data + src, n);
            return size + n;
        }
    }
    return LLVMFuzzerMutate ? LLVMFuzzerMutate(data, size, max_size) : size;
}
