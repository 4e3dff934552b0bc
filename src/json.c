/*
** json.c -- the strict JSON reader; see json.h.
**
** A recursive descent over the text, one node per value, children linked
** in order.  Strings are decoded into the arena at once (an escape never
** takes fewer bytes than what it stands for, so the raw length bounds the
** decoded one).  Numbers keep their text and get a value computed without
** strtod, whose decimal point follows the locale an embedder may have set.
*/
#include "json.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "concord.h"
#include "text.h"

typedef struct parser {
    cq_arena *arena;
    const char *text;       /* the whole text (for offsets) */
    const char *end;        /* one past its last byte */
    const char *p;          /* the next byte to read */
    const char *line_start; /* the first byte of p's line */
    int line;               /* p's line, 1-based */
    int depth;              /* arrays and objects open around p */
    const char *name;       /* for messages; may be NULL */
    cq_error *err;
} parser;

const char *cq_json_type_name(cq_json_type type)
{
    switch (type) {
    case CQ_JSON_NULL:
        return "null";
    case CQ_JSON_FALSE:
    case CQ_JSON_TRUE:
        return "boolean";
    case CQ_JSON_NUMBER:
        return "number";
    case CQ_JSON_STRING:
        return "string";
    case CQ_JSON_ARRAY:
        return "array";
    default:
        return "object";
    }
}

/* Report a problem at line:column (offset: its byte offset, or -1). */
static int fail_at(parser *ps, int code, int line, int column, long offset,
                   const char *fmt, ...) __attribute__((format(printf, 6, 7)));
static int fail_at(parser *ps, int code, int line, int column, long offset,
                   const char *fmt, ...)
{
    char what[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    cq_error_set(ps->err, code, NULL, "%s%s%d:%d: %s", ps->name ? ps->name : "",
                 ps->name ? ":" : "", line, column, what);
    if (ps->err->code == code) {
        ps->err->line = line;
        ps->err->column = column;
        ps->err->offset = offset <= 0x7fffffff ? (int)offset : -1;
    }
    return ps->err->code;
}

/* Report a problem at p. */
/* A macro that evaluates to the code, so that the static analyzer (which
** does not follow variadic calls) sees that failing is never OK. */
#define FAIL(ps, ...)                                                          \
    (fail_at((ps), CONCORD_ERROR, (ps)->line,                                  \
             (int)((ps)->p - (ps)->line_start) + 1,                            \
             (long)((ps)->p - (ps)->text), __VA_ARGS__) == CONCORD_NOMEM       \
         ? CONCORD_NOMEM                                                       \
         : CONCORD_ERROR)

/* What stands at p, for "unexpected ..." messages. */
static void describe(const parser *ps, char out[24])
{
    unsigned char c = ps->p < ps->end ? (unsigned char)*ps->p : 0;
    if (ps->p >= ps->end)
        snprintf(out, 24, "end of text");
    else if (c >= 0x21 && c < 0x7f)
        snprintf(out, 24, "'%c'", c);
    else
        snprintf(out, 24, "byte 0x%02x", c);
}

static void skip_space(parser *ps)
{
    while (ps->p < ps->end) {
        char c = *ps->p;
        if (c == '\n') {
            ps->line++;
            ps->line_start = ps->p + 1;
        } else if (c != ' ' && c != '\t' && c != '\r') {
            return;
        }
        ps->p++;
    }
}

static cq_json *new_node(parser *ps, cq_json_type type)
{
    cq_json *n = cq_arena_zalloc(ps->arena, sizeof *n);
    if (n == NULL) {
        cq_error_nomem(ps->err);
        return NULL;
    }
    n->type = type;
    n->line = ps->line;
    n->column = (int)(ps->p - ps->line_start) + 1;
    return n;
}

static int parse_value(parser *ps, cq_json **out);

/* ---- literals and numbers ---------------------------------------------- */

static int parse_literal(parser *ps, cq_json **out)
{
    static const struct {
        const char *word;
        cq_json_type type;
    } words[] = {{"true", CQ_JSON_TRUE},
                 {"false", CQ_JSON_FALSE},
                 {"null", CQ_JSON_NULL}};
    for (size_t i = 0; i < 3; i++) {
        size_t n = strlen(words[i].word);
        if ((size_t)(ps->end - ps->p) >= n &&
            memcmp(ps->p, words[i].word, n) == 0) {
            if ((*out = new_node(ps, words[i].type)) == NULL)
                return CONCORD_NOMEM;
            ps->p += n;
            return CONCORD_OK;
        }
    }
    char what[24];
    describe(ps, what);
    return FAIL(ps, "unexpected %s; expected a value", what);
}

static int is_digit(const char *p, const char *end)
{
    return p < end && *p >= '0' && *p <= '9';
}

/* The value of a number already checked against the grammar: up to 19
** significant digits, then scaled by ten one step at a time, which is
** exact enough for the confidences and strengths that importers read. */
static double number_value(const char *s, const char *end)
{
    int negative = 0;
    unsigned long long mant = 0;
    int digits = 0;
    long scale = 0;
    if (*s == '-') {
        negative = 1;
        s++;
    }
    for (; s < end && *s >= '0' && *s <= '9'; s++) {
        if (digits < 19) {
            mant = mant * 10 + (unsigned)(*s - '0');
            if (mant > 0)
                digits++;
        } else {
            scale++;
        }
    }
    if (s < end && *s == '.') {
        for (s++; s < end && *s >= '0' && *s <= '9'; s++) {
            if (digits < 19) {
                mant = mant * 10 + (unsigned)(*s - '0');
                scale--;
                if (mant > 0)
                    digits++;
            }
        }
    }
    if (s < end && (*s == 'e' || *s == 'E')) {
        int eneg = 0;
        long e = 0;
        s++;
        if (*s == '+' || *s == '-')
            eneg = *s++ == '-';
        for (; s < end && *s >= '0' && *s <= '9'; s++)
            if (e < 100000)
                e = e * 10 + (*s - '0');
        scale += eneg ? -e : e;
    }
    double v = (double)mant;
    if (mant != 0) {
        for (; scale > 0 && v < 1e308; scale--)
            v *= 10;
        for (; scale < 0 && v > 0; scale++)
            v /= 10;
        if (scale > 0)
            v = v * 1e308 * 10; /* past the largest double: infinity */
    }
    return negative ? -v : v;
}

static int parse_number(parser *ps, cq_json **out)
{
    const char *start = ps->p, *p = ps->p, *end = ps->end;
    if (*p == '-')
        p++;
    if (!is_digit(p, end)) {
        ps->p = p;
        return FAIL(ps, "a number needs a digit after '-'");
    }
    if (*p == '0' && is_digit(p + 1, end)) {
        ps->p = p;
        return FAIL(ps, "a number cannot start with 0 followed by a digit");
    }
    while (is_digit(p, end))
        p++;
    if (p < end && *p == '.') {
        p++;
        if (!is_digit(p, end)) {
            ps->p = p;
            return FAIL(ps, "a number needs a digit after '.'");
        }
        while (is_digit(p, end))
            p++;
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        p++;
        if (p < end && (*p == '+' || *p == '-'))
            p++;
        if (!is_digit(p, end)) {
            ps->p = p;
            return FAIL(ps, "a number needs a digit in its exponent");
        }
        while (is_digit(p, end))
            p++;
    }
    cq_json *n = new_node(ps, CQ_JSON_NUMBER);
    char *text =
        n ? cq_arena_strndup(ps->arena, start, (size_t)(p - start)) : NULL;
    if (text == NULL)
        return cq_error_nomem(ps->err);
    n->str = text;
    n->len = (size_t)(p - start);
    n->number = number_value(start, p);
    ps->p = p;
    *out = n;
    return CONCORD_OK;
}

/* ---- strings ------------------------------------------------------------ */

static int hex4(const char *p, const char *end, unsigned *out)
{
    unsigned v = 0;
    if (end - p < 4)
        return 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        unsigned d = c >= '0' && c <= '9'   ? (unsigned)(c - '0')
                     : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
                     : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10)
                                            : 16u;
        if (d == 16)
            return 0;
        v = v * 16 + d;
    }
    *out = v;
    return 1;
}

/* The escape at p (just past the backslash), decoded into o; the bytes
** written go to *wrote and p is advanced.  Returns CONCORD_OK or fails. */
static int parse_escape(parser *ps, char *o, size_t *wrote)
{
    static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
    const char *hit = ps->p < ps->end && *ps->p ? strchr(from, *ps->p) : NULL;
    if (hit != NULL) {
        *o = to[hit - from];
        *wrote = 1;
        ps->p++;
        return CONCORD_OK;
    }
    if (ps->p >= ps->end || *ps->p != 'u') {
        char what[24];
        describe(ps, what);
        ps->p--; /* at the backslash */
        return FAIL(ps,
                    "unknown escape: backslash then %s in a string; "
                    "expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t "
                    "\\uXXXX",
                    what);
    }
    unsigned cp, lo;
    if (!hex4(ps->p + 1, ps->end, &cp)) {
        ps->p--;
        return FAIL(ps, "\\u needs four hexadecimal digits");
    }
    if (cp >= 0xdc00 && cp <= 0xdfff) {
        ps->p--;
        return FAIL(ps,
                    "\\u%04x is a low surrogate without a high one before "
                    "it",
                    cp);
    }
    if (cp >= 0xd800 && cp <= 0xdbff) {
        const char *q = ps->p + 5;
        if (ps->end - q < 6 || q[0] != '\\' || q[1] != 'u' ||
            !hex4(q + 2, ps->end, &lo) || lo < 0xdc00 || lo > 0xdfff) {
            ps->p--;
            return FAIL(ps,
                        "\\u%04x is a high surrogate without a low one "
                        "after it",
                        cp);
        }
        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
        ps->p += 6;
    }
    ps->p += 5;
    *wrote = cq_utf8_put(o, cp);
    return CONCORD_OK;
}

/* A string at p (on its opening quote), decoded into the arena. */
static int parse_string_raw(parser *ps, const char **out, size_t *out_len)
{
    const char *q = ps->p + 1;
    while (q < ps->end && *q != '"') {
        if (*q == '\\' && q + 1 < ps->end)
            q++;
        q++;
    }
    if (q >= ps->end)
        return FAIL(ps, "string without its closing '\"'");
    char *buf = cq_arena_alloc(ps->arena, (size_t)(q - ps->p));
    if (buf == NULL)
        return cq_error_nomem(ps->err);
    size_t n = 0;
    ps->p++;
    while (*ps->p != '"') {
        unsigned char c = (unsigned char)*ps->p;
        if (c == '\\') {
            size_t wrote = 0;
            ps->p++;
            int rc = parse_escape(ps, buf + n, &wrote);
            if (rc != CONCORD_OK)
                return rc;
            n += wrote;
        } else if (c < 0x20) {
            return FAIL(ps,
                        "control character 0x%02x in a string; write it "
                        "as \\u%04x",
                        c, c);
        } else {
            size_t len = cq_utf8_length((const unsigned char *)ps->p,
                                        (size_t)(ps->end - ps->p));
            if (len == 0)
                return FAIL(ps, "invalid UTF-8 byte 0x%02x in a string", c);
            memcpy(buf + n, ps->p, len);
            n += len;
            ps->p += len;
        }
    }
    ps->p++;
    buf[n] = '\0';
    *out = buf;
    *out_len = n;
    return CONCORD_OK;
}

static int parse_string(parser *ps, cq_json **out)
{
    cq_json *n = new_node(ps, CQ_JSON_STRING);
    if (n == NULL)
        return CONCORD_NOMEM;
    int rc = parse_string_raw(ps, &n->str, &n->len);
    *out = n;
    return rc;
}

/* ---- arrays and objects ------------------------------------------------- */

static int open_container(parser *ps)
{
    if (++ps->depth > CQ_JSON_MAX_DEPTH)
        return fail_at(
            ps, CONCORD_TOOBIG, ps->line, (int)(ps->p - ps->line_start) + 1,
            (long)(ps->p - ps->text),
            "nesting deeper than %d arrays and objects", CQ_JSON_MAX_DEPTH);
    ps->p++;
    skip_space(ps);
    return CONCORD_OK;
}

static int parse_array(parser *ps, cq_json **out)
{
    cq_json *arr = new_node(ps, CQ_JSON_ARRAY);
    if (arr == NULL)
        return CONCORD_NOMEM;
    int rc = open_container(ps);
    if (rc != CONCORD_OK)
        return rc;
    cq_json **link = &arr->child;
    if (ps->p < ps->end && *ps->p == ']') {
        ps->p++;
        ps->depth--;
        *out = arr;
        return CONCORD_OK;
    }
    for (;;) {
        cq_json *item;
        if ((rc = parse_value(ps, &item)) != CONCORD_OK)
            return rc;
        *link = item;
        link = &item->next;
        arr->count++;
        skip_space(ps);
        if (ps->p < ps->end && *ps->p == ',') {
            ps->p++;
            skip_space(ps);
            if (ps->p < ps->end && *ps->p == ']')
                return FAIL(ps, "unexpected ']' after ','; expected a value");
            continue;
        }
        if (ps->p < ps->end && *ps->p == ']')
            break;
        char what[24];
        describe(ps, what);
        return FAIL(ps, "unexpected %s in an array; expected ',' or ']'", what);
    }
    ps->p++;
    ps->depth--;
    *out = arr;
    return CONCORD_OK;
}

static int compare_keys(const void *a, const void *b)
{
    const cq_json *x = *(const cq_json *const *)a;
    const cq_json *y = *(const cq_json *const *)b;
    size_t n = x->key_len < y->key_len ? x->key_len : y->key_len;
    int c = memcmp(x->key, y->key, n);
    if (c != 0)
        return c;
    if (x->key_len != y->key_len)
        return x->key_len < y->key_len ? -1 : 1;
    /* Equal keys: the later member last, so it is the one reported. */
    return x->line != y->line       ? (x->line < y->line ? -1 : 1)
           : x->column != y->column ? (x->column < y->column ? -1 : 1)
                                    : 0;
}

/* Duplicate names make a document mean whatever its reader decides; sort
** the members by name (n log n, whatever the object's size) and refuse
** the second of any two alike. */
static int check_duplicates(parser *ps, const cq_json *obj)
{
    if (obj->count < 2)
        return CONCORD_OK;
    /* An array of pointers, sized as such. */
    const cq_json **v =
        cq_arena_alloc(ps->arena, obj->count * sizeof *v); /* NOLINT */
    if (v == NULL)
        return cq_error_nomem(ps->err);
    size_t i = 0;
    for (const cq_json *m = obj->child; m; m = m->next)
        v[i++] = m;
    qsort(v, obj->count, sizeof *v, compare_keys); /* NOLINT: as above */
    for (i = 1; i < obj->count; i++) {
        if (v[i]->key_len == v[i - 1]->key_len &&
            memcmp(v[i]->key, v[i - 1]->key, v[i]->key_len) == 0) {
            /* Nodes know where their values start, not their keys:
            ** report at the later value and name the key. */
            const cq_json *later = v[i];
            return fail_at(ps, CONCORD_ERROR, later->line, later->column, -1,
                           "duplicate key \"%.60s\" in an object (its "
                           "first value is at %d:%d)",
                           later->key, v[i - 1]->line, v[i - 1]->column);
        }
    }
    return CONCORD_OK;
}

static int parse_object(parser *ps, cq_json **out)
{
    cq_json *obj = new_node(ps, CQ_JSON_OBJECT);
    if (obj == NULL)
        return CONCORD_NOMEM;
    int rc = open_container(ps);
    if (rc != CONCORD_OK)
        return rc;
    cq_json **link = &obj->child;
    if (ps->p < ps->end && *ps->p == '}') {
        ps->p++;
        ps->depth--;
        *out = obj;
        return CONCORD_OK;
    }
    for (;;) {
        if (ps->p >= ps->end || *ps->p != '"') {
            char what[24];
            describe(ps, what);
            return FAIL(ps,
                        "unexpected %s in an object; expected a key "
                        "(a string in double quotes)",
                        what);
        }
        const char *key;
        size_t key_len;
        if ((rc = parse_string_raw(ps, &key, &key_len)) != CONCORD_OK)
            return rc;
        skip_space(ps);
        if (ps->p >= ps->end || *ps->p != ':') {
            char what[24];
            describe(ps, what);
            return FAIL(ps,
                        "unexpected %s after the key \"%.60s\"; expected "
                        "':'",
                        what, key);
        }
        ps->p++;
        skip_space(ps);
        cq_json *value;
        if ((rc = parse_value(ps, &value)) != CONCORD_OK)
            return rc;
        value->key = key;
        value->key_len = key_len;
        *link = value;
        link = &value->next;
        obj->count++;
        skip_space(ps);
        if (ps->p < ps->end && *ps->p == ',') {
            ps->p++;
            skip_space(ps);
            if (ps->p < ps->end && *ps->p == '}')
                return FAIL(ps, "unexpected '}' after ','; expected a key");
            continue;
        }
        if (ps->p < ps->end && *ps->p == '}')
            break;
        char what[24];
        describe(ps, what);
        return FAIL(ps, "unexpected %s in an object; expected ',' or '}'",
                    what);
    }
    ps->p++;
    ps->depth--;
    *out = obj;
    return check_duplicates(ps, obj);
}

static int parse_value(parser *ps, cq_json **out)
{
    skip_space(ps);
    if (ps->p >= ps->end)
        return FAIL(ps, "unexpected end of text; expected a value");
    char c = *ps->p;
    if (c == '{')
        return parse_object(ps, out);
    if (c == '[')
        return parse_array(ps, out);
    if (c == '"')
        return parse_string(ps, out);
    if (c == '-' || (c >= '0' && c <= '9'))
        return parse_number(ps, out);
    return parse_literal(ps, out);
}

int cq_json_parse(cq_arena *arena, const char *text, size_t len,
                  const char *name, cq_json **out, cq_error *err)
{
    parser ps = {arena, text, text + len, text, text, 1, 0, name, err};
    *out = NULL;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        ps.p = ps.line_start = text + 3;
    cq_json *root;
    int rc = parse_value(&ps, &root);
    if (rc != CONCORD_OK)
        return rc;
    skip_space(&ps);
    if (ps.p < ps.end) {
        char what[24];
        describe(&ps, what);
        return FAIL(&ps,
                    "unexpected %s after the value; a JSON text holds "
                    "one value",
                    what);
    }
    *out = root;
    return CONCORD_OK;
}

const cq_json *cq_json_member(const cq_json *object, const char *key)
{
    if (object == NULL || object->type != CQ_JSON_OBJECT)
        return NULL;
    size_t n = strlen(key);
    for (const cq_json *m = object->child; m; m = m->next)
        if (m->key_len == n && memcmp(m->key, key, n) == 0)
            return m;
    return NULL;
}
