/*
** mapping.c -- OSCAL mapping collections, OLIR/STRM CSV and SSSOM/TSV read
** into edge rows; see mapping.h and docs/formats.md.
**
** One pass per format, stopping at the first problem with a message that
** says where it is.  Everything kept lives in the result's arena; every
** check that needs no graph (key syntax, words, numbers, bytes) is made
** here, each at the place of the field it concerns.
*/
#include "mapping.h"

#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "concord.h"
#include "export.h"
#include "json.h"
#include "tick.h"
#include "text.h"

typedef struct imp {
    const char *name;
    cq_mapping_result *out;
    cq_error *err;
    size_t cap;                 /* room in out->rows */
    const char *default_source; /* "imported from NAME" */
    char path[160];             /* JSON: where in the document, or "" */
    cq_run *run;                /* each row a step of it, or NULL */
} imp;

/* ---- messages ------------------------------------------------------------ */

static int fail_v(imp *im, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Report a problem; evaluates to its code.  A macro so that the static
** analyzer, which does not follow variadic calls, sees it is never OK. */
#define fail(...)                                                              \
    (fail_v(__VA_ARGS__) == CONCORD_NOMEM ? CONCORD_NOMEM : CONCORD_ERROR)
static int fail_v(imp *im, int line, int col, const char *fmt, ...)
{
    char what[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    cq_error_set(im->err, CONCORD_ERROR, NULL, "%s:%d:%d: %s%s%s%s", im->name,
                 line, col, im->path[0] ? "at " : "", im->path,
                 im->path[0] ? ": " : "", what);
    if (im->err->code == CONCORD_ERROR) {
        im->err->line = line;
        im->err->column = col;
    }
    return im->err->code;
}

static int nomem(imp *im)
{
    return cq_error_nomem(im->err);
}

static void set_path(imp *im, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void set_path(imp *im, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(im->path, sizeof im->path, fmt, ap);
    va_end(ap);
}

/* ---- small text helpers ------------------------------------------------- */

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* s[0..n) equals word, ignoring ASCII case. */
static int same_word(const char *s, size_t n, const char *word)
{
    size_t i = 0;
    for (; i < n && word[i]; i++)
        if (lower(s[i]) != word[i])
            return 0;
    return i == n && word[i] == '\0';
}

static void trim(const char **s, size_t *n)
{
    while (*n > 0 && (**s == ' ' || **s == '\t')) {
        (*s)++;
        (*n)--;
    }
    while (*n > 0 && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
        (*n)--;
}

static char *dup(imp *im, const char *s, size_t n)
{
    return cq_arena_strndup(&im->out->arena, s, n);
}

static int hexval(char c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/* s[0..n) with %XX decoded (IRIs and CURIEs of SSSOM), in the arena. */
static char *pct_decoded(imp *im, const char *s, size_t n, size_t *out_len)
{
    char *o = dup(im, s, n);
    if (o == NULL)
        return NULL;
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        int hi, lo;
        if (s[i] == '%' && i + 2 < n && (hi = hexval(s[i + 1])) >= 0 &&
            (lo = hexval(s[i + 2])) >= 0) {
            o[j++] = (char)(hi * 16 + lo);
            i += 2;
        } else {
            o[j++] = s[i];
        }
    }
    o[j] = '\0';
    *out_len = j;
    return o;
}

/* ---- checked fields ------------------------------------------------------ */

/* Free text (a note, a source, a title) as a corpus field can hold it:
** valid UTF-8; tabs and line breaks become spaces (no field holds them);
** other control characters are refused. */
static int text_field(imp *im, const char *what, const char *s, size_t n,
                      int line, int col, const char **out)
{
    char *c = dup(im, s, n);
    if (c == NULL)
        return nomem(im);
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)c[i];
        if (ch == '\t' || ch == '\n' || ch == '\r') {
            c[i] = ' ';
        } else if (ch < 0x20) {
            return fail(im, line, col,
                        "%s: control character 0x%02x not "
                        "allowed",
                        what, ch);
        } else if (ch >= 0x80) {
            size_t len = cq_utf8_length((const unsigned char *)c + i, n - i);
            if (len == 0)
                return fail(im, line, col, "%s: invalid UTF-8 byte 0x%02x",
                            what, ch);
            i += len - 1;
        }
    }
    *out = c;
    return CONCORD_OK;
}

static int check_std(imp *im, const char *what, const char *s, size_t n,
                     int line, int col)
{
    if (cq_text_valid_id(s, n))
        return CONCORD_OK;
    return fail(im, line, col,
                "%s: '%.*s' is not a standard id (a letter or digit, then "
                "letters, digits, '-' or '_', and an optional @edition, such "
                "as 27001 or 27001@2022)",
                what, (int)(n < 80 ? n : 80), s);
}

/* "std:num" from its parts, both checked. */
static int make_key(imp *im, const char *what, const char *std, size_t std_len,
                    const char *num, size_t num_len, int line, int col,
                    const char **out)
{
    int rc = check_std(im, what, std, std_len, line, col);
    if (rc != CONCORD_OK)
        return rc;
    if (!cq_text_valid_number(num, num_len))
        return fail(im, line, col,
                    "%s: '%.*s' is not a clause number (letters and digits in "
                    "parts separated by dots, such as 8.5.1 or A.12.1.2)",
                    what, (int)(num_len < 80 ? num_len : 80), num);
    char *k = cq_arena_alloc(&im->out->arena, std_len + num_len + 2);
    if (k == NULL)
        return nomem(im);
    memcpy(k, std, std_len);
    k[std_len] = ':';
    memcpy(k + std_len + 1, num, num_len);
    k[std_len + num_len + 1] = '\0';
    *out = k;
    return CONCORD_OK;
}

/* A key written whole ("27001:A.12.1.2"). */
static int full_key(imp *im, const char *what, const char *s, size_t n,
                    int line, int col, const char **out)
{
    const char *colon = memchr(s, ':', n);
    if (colon == NULL)
        return fail(im, line, col,
                    "%s: '%.*s' names no standard; write it as "
                    "STANDARD:%.*s",
                    what, (int)(n < 80 ? n : 80), s, (int)(n < 80 ? n : 80), s);
    return make_key(im, what, s, (size_t)(colon - s), colon + 1,
                    n - (size_t)(colon - s) - 1, line, col, out);
}

static int bare_std(imp *im, const char *what, const char *s, size_t n,
                    int line, int col, const char **out)
{
    int rc = check_std(im, what, s, n, line, col);
    if (rc != CONCORD_OK)
        return rc;
    if ((*out = dup(im, s, n)) == NULL)
        return nomem(im);
    return CONCORD_OK;
}

static int annex_field(imp *im, const char *s, size_t n, int line, int col,
                       const char **out)
{
    trim(&s, &n);
    if (n == 0) {
        *out = "import";
        return CONCORD_OK;
    }
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] <= 0x20)
            return fail(im, line, col,
                        "annex: invalid label '%.*s'; a label cannot contain "
                        "spaces",
                        (int)(n < 80 ? n : 80), s);
    return text_field(im, "annex", s, n, line, col, out);
}

/* A strength 0-10; empty or N/A gives the relation's default. */
static int strength_field(imp *im, const char *s, size_t n,
                          const cq_rel_spelling *rel, int line, int col,
                          const char **out)
{
    static const char *const numbers[] = {"0", "1", "2", "3", "4", "5",
                                          "6", "7", "8", "9", "10"};
    trim(&s, &n);
    if (n == 0 || same_word(s, n, "n/a")) {
        *out = numbers[rel->strength];
        return CONCORD_OK;
    }
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9' || v > 10) {
            v = 11;
            break;
        }
        v = v * 10 + (s[i] - '0');
    }
    if (v > 10)
        return fail(im, line, col,
                    "strength: '%.*s' is not an integer from 0 to 10",
                    (int)(n < 80 ? n : 80), s);
    *out = numbers[v];
    return CONCORD_OK;
}

/* high, medium or low (any case); empty gives low. */
static int confidence_word(imp *im, const char *s, size_t n, int line, int col,
                           const char **out)
{
    trim(&s, &n);
    if (n == 0) {
        *out = cq_confidence_name(CQ_CONF_LOW);
        return CONCORD_OK;
    }
    for (int c = 0; c < CQ_CONF_COUNT; c++)
        if (same_word(s, n, cq_confidence_name(c))) {
            *out = cq_confidence_name(c);
            return CONCORD_OK;
        }
    return fail(im, line, col, "confidence: '%.*s' is not high, medium or low",
                (int)(n < 80 ? n : 80), s);
}

/* A confidence from 0 to 1 as a word: 0.75 and above high, 0.45 and above
** medium, else low (halfway between the numbers the exports write). */
static const char *confidence_of(double v)
{
    return v >= 0.75 ? "high" : v >= 0.45 ? "medium" : "low";
}

/* A decimal number 0 <= v <= 1 written as text (SSSOM's confidence). */
static int confidence_number(imp *im, const char *s, size_t n, int line,
                             int col, const char **out)
{
    trim(&s, &n);
    if (n == 0) {
        *out = "low";
        return CONCORD_OK;
    }
    double v = 0, scale = 1;
    size_t i = 0;
    int digits = 0;
    for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, digits++)
        v = v * 10 + (s[i] - '0');
    if (i < n && s[i] == '.')
        for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++, digits++)
            v += (s[i] - '0') * (scale /= 10);
    if (i != n || digits == 0 || v > 1)
        return fail(im, line, col,
                    "confidence: '%.*s' is not a number from 0 to 1",
                    (int)(n < 80 ? n : 80), s);
    *out = confidence_of(v);
    return CONCORD_OK;
}

static const char *default_source(imp *im)
{
    if (im->default_source == NULL) {
        size_t n = strlen(im->name);
        char *s = cq_arena_alloc(&im->out->arena, n + 15);
        if (s != NULL) {
            memcpy(s, "imported from ", 14);
            memcpy(s + 14, im->name, n + 1);
        }
        im->default_source = s;
    }
    return im->default_source;
}

/* Count a row as a step of the run: a file of many rows meets the steps
** limit and sees interrupts, with the row's place in the message. */
static int row_tick(imp *im, const cq_mapping_row *row)
{
    int rc = im->run ? cq_tick(im->run) : CONCORD_OK;
    if (rc == CONCORD_INTERRUPT)
        rc = cq_error_set(im->err, rc, NULL, "%s:%d:%d: interrupted", im->name,
                          row->line, row->column);
    else if (rc != CONCORD_OK)
        rc = cq_error_set(
            im->err, rc, NULL,
            "%s:%d:%d: reading stopped after %d steps of work (the "
            "steps limit; raise it with --limit steps=N)",
            im->name, row->line, row->column,
            cq_limit_of(im->run->limits, CONCORD_LIMIT_STEPS));
    if (rc != CONCORD_OK && rc != CONCORD_NOMEM) {
        im->err->line = row->line;
        im->err->column = row->column;
    }
    return rc;
}

static int push_row(imp *im, const cq_mapping_row *row)
{
    int rc = row_tick(im, row);
    if (rc != CONCORD_OK)
        return rc;
    cq_mapping_result *out = im->out;
    if (out->n_rows == im->cap) {
        size_t cap = im->cap ? im->cap * 2 : 64;
        cq_mapping_row *rows = cq_arena_alloc(&out->arena, cap * sizeof *rows);
        if (rows == NULL)
            return nomem(im);
        if (out->n_rows)
            memcpy(rows, out->rows, out->n_rows * sizeof *rows);
        out->rows = rows;
        im->cap = cap;
    }
    out->rows[out->n_rows++] = *row;
    return CONCORD_OK;
}

/* A note with "(no relationship to KEY)" added: a none edge ends at a
** bare standard, so the clause the file named is kept in words. */
static int note_with_target(imp *im, const char **note, const char *target)
{
    size_t n = strlen(*note), t = strlen(target);
    char *s = cq_arena_alloc(&im->out->arena, n + t + 32);
    if (s == NULL)
        return nomem(im);
    if (n == 0)
        snprintf(s, n + t + 32, "no relationship to %s", target);
    else
        snprintf(s, n + t + 32, "%s (no relationship to %s)", *note, target);
    *note = s;
    return CONCORD_OK;
}

/* ---- CSV and TSV records -------------------------------------------------
** RFC 4180 quoting with either separator: a field may be enclosed in
** double quotes, inside which "" is a quote and separators and line
** breaks are text.  Records end with LF or CRLF. */

typedef struct field {
    const char *s; /* decoded, NUL-terminated */
    size_t len;
    int line, col; /* where the field starts */
    int quoted;
} field;

typedef struct csv {
    imp *im;
    const char *p, *end;
    const char *line_start;
    int line;
    char sep;
    field *f; /* the current record's fields */
    size_t nf, cap;
} csv;

static void csv_init(csv *c, imp *im, const char *p, const char *end, int line,
                     char sep)
{
    memset(c, 0, sizeof *c);
    c->im = im;
    c->p = p;
    c->end = end;
    c->line_start = p;
    c->line = line;
    c->sep = sep;
}

static int csv_push(csv *c, const field *f)
{
    if (c->nf == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        field *nf = cq_arena_alloc(&c->im->out->arena, cap * sizeof *nf);
        if (nf == NULL)
            return nomem(c->im);
        if (c->nf)
            memcpy(nf, c->f, c->nf * sizeof *nf);
        c->f = nf;
        c->cap = cap;
    }
    c->f[c->nf++] = *f;
    return CONCORD_OK;
}

static int csv_newline(csv *c)
{
    if (c->line == INT_MAX)
        return cq_error_set(c->im->err, CONCORD_TOOBIG, NULL,
                            "%s: more than %d lines", c->im->name, INT_MAX);
    c->line++;
    c->line_start = c->p;
    return CONCORD_OK;
}

/* The next record into c->f[0..nf); *got is 0 at the end of the text. */
static int csv_record(csv *c, int *got)
{
    c->nf = 0;
    *got = 0;
    if (c->p >= c->end)
        return CONCORD_OK;
    for (;;) {
        field f;
        f.line = c->line;
        f.col = (int)(c->p - c->line_start) + 1;
        f.quoted = c->p < c->end && *c->p == '"';
        if (f.quoted) {
            const char *e = c->p + 1;
            for (;; e++) {
                if (e >= c->end)
                    return fail(c->im, f.line, f.col,
                                "quoted field without its closing '\"'");
                if (*e == '"') {
                    if (e + 1 < c->end && e[1] == '"')
                        e++;
                    else
                        break;
                }
            }
            char *s = cq_arena_alloc(&c->im->out->arena, (size_t)(e - c->p));
            if (s == NULL)
                return nomem(c->im);
            size_t n = 0;
            for (c->p++; c->p < e; c->p++) {
                s[n++] = *c->p;
                if (*c->p == '"')
                    c->p++; /* the second of "" */
                else if (*c->p == '\n') {
                    c->p++;
                    int rc = csv_newline(c);
                    c->p--;
                    if (rc != CONCORD_OK)
                        return rc;
                }
            }
            s[n] = '\0';
            f.s = s;
            f.len = n;
            c->p = e + 1;
            if (c->p < c->end && *c->p != c->sep && *c->p != '\n' &&
                *c->p != '\r')
                return fail(c->im, c->line, (int)(c->p - c->line_start) + 1,
                            "unexpected text after a closing quote; a quoted "
                            "field ends with '\"' and then the separator or "
                            "the end of the line");
        } else {
            const char *start = c->p;
            while (c->p < c->end && *c->p != c->sep && *c->p != '\n' &&
                   *c->p != '\r')
                c->p++;
            f.len = (size_t)(c->p - start);
            if ((f.s = dup(c->im, start, f.len)) == NULL)
                return nomem(c->im);
        }
        int rc = csv_push(c, &f);
        if (rc != CONCORD_OK)
            return rc;
        if (c->p >= c->end)
            break;
        if (*c->p == c->sep) {
            c->p++;
            continue;
        }
        if (*c->p == '\r')
            c->p++;
        if (c->p < c->end && *c->p == '\n')
            c->p++;
        if ((rc = csv_newline(c)) != CONCORD_OK)
            return rc;
        break;
    }
    *got = 1;
    return CONCORD_OK;
}

/* A record that is only an empty line. */
static int csv_blank(const csv *c)
{
    return c->nf == 1 && c->f[0].len == 0 && !c->f[0].quoted;
}

/* The next record that is not an empty line; it must have ncols fields. */
static int csv_data_record(csv *c, size_t ncols, int *got)
{
    int rc;
    while ((rc = csv_record(c, got)) == CONCORD_OK && *got && csv_blank(c))
        ;
    if (rc == CONCORD_OK && *got && c->nf != ncols)
        return fail(c->im, c->f[0].line, c->f[0].col,
                    "expected %zu fields, as the header has, found %zu", ncols,
                    c->nf);
    return rc;
}

/* ---- NIST OLIR / STRM CSV --------------------------------------------------
 */

enum {
    K_FDE,
    K_FDE_DESC,
    K_RATIONALE,
    K_REL,
    K_RDE,
    K_RDE_DESC,
    K_COMMENTS,
    K_STRENGTH,
    K_FDOC,
    K_RDOC,
    K_N
};

/* Header names, compared in lower case with white space runs as one space
** and " (optional)" dropped: the OLIR template's (NIST IR 8278A r1 Table
** 2), the "STRM ..." and "Notes" spellings some STRM files use, and the
** General Information's document names that export.c adds. */
static const struct {
    int k;
    const char *name;
} strm_names[] = {{K_FDE, "focal document element"},
                  {K_FDE_DESC, "focal document element description"},
                  {K_RATIONALE, "rationale"},
                  {K_RATIONALE, "strm rationale"},
                  {K_REL, "relationship"},
                  {K_REL, "strm relationship"},
                  {K_RDE, "reference document element"},
                  {K_RDE_DESC, "reference document element description"},
                  {K_COMMENTS, "comments"},
                  {K_COMMENTS, "notes"},
                  {K_STRENGTH, "strength of relationship"},
                  {K_STRENGTH, "relationship strength"},
                  {K_FDOC, "focal document"},
                  {K_RDOC, "reference document"}};

static const char *const strm_display[K_N] = {
    "Focal Document Element",
    "Focal Document Element Description",
    "Rationale",
    "Relationship",
    "Reference Document Element",
    "Reference Document Element Description",
    "Comments",
    "Strength of Relationship",
    "Focal Document",
    "Reference Document"};

/* The header cell s in the comparable form, into out (of size n): lower
** case, runs of white space as one space, cut to what fits.  A space is
** written only with the character after it, both before the NUL. */
static void header_name(const char *s, size_t len, char *out, size_t n)
{
    size_t j = 0;
    int space = 0;
    for (size_t i = 0; i < len && j + 1 < n; i++) {
        char c = lower(s[i]);
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            space = j > 0;
            continue;
        }
        if (space) {
            if (j + 2 >= n)
                break;
            out[j++] = ' ';
        }
        space = 0;
        out[j++] = c;
    }
    out[j] = '\0';
    size_t opt = strlen(" (optional)");
    if (j >= opt && strcmp(out + j - opt, " (optional)") == 0)
        out[j - opt] = '\0';
}

static int strm_key_of(const field *f)
{
    char name[64];
    header_name(f->s, f->len, name, sizeof name);
    for (size_t i = 0; i < sizeof strm_names / sizeof *strm_names; i++)
        if (strcmp(name, strm_names[i].name) == 0)
            return strm_names[i].k;
    return -1;
}

/* The relation a STRM Relationship names (NIST IR 8278A r1 3.2.6, and
** the spellings other tools use), or NULL. */
static const cq_rel_spelling *strm_relation(const char *s, size_t n)
{
    static const struct {
        const char *word;
        int rel;
    } words[] = {{"equal", CQ_REL_EQUAL},
                 {"equal to", CQ_REL_EQUAL},
                 {"subset of", CQ_REL_SUBSET},
                 {"subset", CQ_REL_SUBSET},
                 {"superset of", CQ_REL_SUPERSET},
                 {"superset", CQ_REL_SUPERSET},
                 {"intersects with", CQ_REL_INTERSECTS},
                 {"intersects", CQ_REL_INTERSECTS},
                 {"intersect", CQ_REL_INTERSECTS},
                 {"not related to", CQ_REL_NONE},
                 {"not related", CQ_REL_NONE},
                 {"no relationship", CQ_REL_NONE}};
    char w[40];
    header_name(s, n, w, sizeof w);
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (strcmp(w, words[i].word) == 0)
            return &cq_rel_spellings[words[i].rel];
    return NULL;
}

/*
** Comments as export.c writes them, "relation: equivalent; annex: C;
** confidence: low; source: ...; note: ..." (\ and ; escaped before the
** note, which runs to the end).  Fills the values found into val[] (in
** the arena) and returns 1; returns 0 when s is not of that form (then
** all of it is a note), -1 on OOM.
*/
enum {
    C_RELATION,
    C_ANNEX,
    C_CONFIDENCE,
    C_SOURCE,
    C_ROUTE,  /* a composed row's chain: read past, the corpus has none */
    C_ROUTES, /* how many routes reach its pair: read past likewise */
    C_STATUS, /* a gap row's status: read past likewise */
    C_NOTE,
    C_N
};

static int strm_comments(imp *im, const char *s, size_t n, const char *val[C_N])
{
    static const char *const keys[C_N] = {"relation", "annex", "confidence",
                                          "source",   "route", "routes",
                                          "status",   "note"};
    for (int k = 0; k < C_N; k++)
        val[k] = NULL;
    size_t i = 0;
    int any = 0;
    while (i < n) {
        int k;
        size_t klen = 0;
        for (k = 0; k < C_N; k++) {
            klen = strlen(keys[k]);
            if (n - i >= klen + 2 && memcmp(s + i, keys[k], klen) == 0 &&
                s[i + klen] == ':' && s[i + klen + 1] == ' ')
                break;
        }
        if (k == C_N || val[k] != NULL)
            return any ? 1 : 0; /* not ours (or the rest is not) */
        i += klen + 2;
        any = 1;
        if (k == C_NOTE) {
            if ((val[k] = dup(im, s + i, n - i)) == NULL)
                return -1;
            return 1;
        }
        char *v = cq_arena_alloc(&im->out->arena, n - i + 1);
        if (v == NULL)
            return -1;
        size_t j = 0;
        while (i < n && s[i] != ';') {
            if (s[i] == '\\' && i + 1 < n)
                i++;
            v[j++] = s[i++];
        }
        v[j] = '\0';
        val[k] = v;
        if (i < n) /* past "; " */
            i += i + 1 < n && s[i + 1] == ' ' ? 2 : 1;
    }
    return 1;
}

/* Element and document cells to a key ("doc:element", or a whole key in
** the element cell when there is no document). */
static int strm_key(imp *im, const char *what, const field *elem,
                    const field *doc, const char **out)
{
    const char *e = elem->s, *d = doc ? doc->s : "";
    size_t en = elem->len, dn = doc ? doc->len : 0;
    trim(&e, &en);
    trim(&d, &dn);
    if (en == 0)
        return fail(im, elem->line, elem->col, "%s: empty", what);
    if (dn == 0)
        return full_key(im, what, e, en, elem->line, elem->col, out);
    return make_key(im, what, d, dn, e, en, elem->line, elem->col, out);
}

static int read_strm(imp *im, const char *p, const char *end)
{
    csv c;
    csv_init(&c, im, p, end, 1, ',');
    int col[K_N];
    for (int k = 0; k < K_N; k++)
        col[k] = -1;
    size_t ncols = 0;
    int got, rc, header_line = 0;
    /* The header is the first record with a Focal Document Element cell;
    ** rows above it (a title, general information) are passed over. */
    while ((rc = csv_record(&c, &got)) == CONCORD_OK && got) {
        int found = 0;
        for (size_t i = 0; i < c.nf; i++)
            found |= strm_key_of(&c.f[i]) == K_FDE;
        if (!found)
            continue;
        header_line = c.f[0].line;
        ncols = c.nf;
        for (size_t i = 0; i < c.nf; i++) {
            int k = strm_key_of(&c.f[i]);
            if (k < 0)
                continue; /* Security Control Baseline and the like */
            if (col[k] >= 0)
                return fail(im, c.f[i].line, c.f[i].col,
                            "header: the column %s appears twice",
                            strm_display[k]);
            col[k] = (int)i;
        }
        break;
    }
    if (rc != CONCORD_OK)
        return rc;
    if (col[K_REL] < 0 || col[K_RDE] < 0)
        return fail(im, header_line ? header_line : 1, 1,
                    "header: a STRM file needs the columns Focal Document "
                    "Element, Relationship and Reference Document Element; "
                    "this one has no %s",
                    col[K_REL] < 0 ? strm_display[K_REL] : strm_display[K_RDE]);
    while ((rc = csv_data_record(&c, ncols, &got)) == CONCORD_OK && got) {
        const field *f = c.f;
        const field *rel_f = &f[col[K_REL]];
        const char *rs = rel_f->s;
        size_t rn = rel_f->len;
        trim(&rs, &rn);
        if (rn == 0)
            continue; /* the template's unfilled rows */
        const cq_rel_spelling *rel = strm_relation(rs, rn);
        if (rel == NULL)
            return fail(im, rel_f->line, rel_f->col,
                        "Relationship: '%.*s' is not one of equal, subset "
                        "of, superset of, intersects with or not related to",
                        (int)(rn < 80 ? rn : 80), rs);
        cq_mapping_row row;
        memset(&row, 0, sizeof row);
        row.line = f[0].line;
        row.column = f[0].col;
        const field *fdoc = col[K_FDOC] >= 0 ? &f[col[K_FDOC]] : NULL;
        const field *rdoc = col[K_RDOC] >= 0 ? &f[col[K_RDOC]] : NULL;
        if ((rc = strm_key(im, "Focal Document Element", &f[col[K_FDE]], fdoc,
                           &row.from)) != CONCORD_OK)
            return rc;
        if (col[K_RATIONALE] >= 0) {
            const field *r = &f[col[K_RATIONALE]];
            const char *s = r->s;
            size_t n = r->len;
            trim(&s, &n);
            if (n > 0 && !same_word(s, n, "syntactic") &&
                !same_word(s, n, "semantic") && !same_word(s, n, "functional"))
                return fail(im, r->line, r->col,
                            "Rationale: '%.*s' is not syntactic, semantic or "
                            "functional",
                            (int)(n < 80 ? n : 80), s);
        }
        const char *cv[C_N] = {NULL};
        if (col[K_COMMENTS] >= 0) {
            const field *cm = &f[col[K_COMMENTS]];
            int ours = strm_comments(im, cm->s, cm->len, cv);
            if (ours < 0)
                return nomem(im);
            if (!ours)
                cv[C_NOTE] = cm->s;
            if (cv[C_RELATION] && rel == &cq_rel_spellings[CQ_REL_EQUAL] &&
                strcmp(cv[C_RELATION], "equivalent") == 0)
                rel = &cq_rel_spellings[CQ_REL_EQUIVALENT];
        }
        row.relation = rel->relation;
        const field *rde = &f[col[K_RDE]];
        if (rel == &cq_rel_spellings[CQ_REL_NONE]) {
            /* Not related to: the reference document as a whole. */
            const char *d = rdoc ? rdoc->s : "";
            size_t dn = rdoc ? rdoc->len : 0;
            trim(&d, &dn);
            const char *e = rde->s;
            size_t en = rde->len;
            trim(&e, &en);
            const char *colon = memchr(e, ':', en);
            if (dn > 0)
                rc = bare_std(im, "Reference Document", d, dn, rdoc->line,
                              rdoc->col, &row.to);
            else if (colon != NULL)
                rc =
                    bare_std(im, "Reference Document Element", e,
                             (size_t)(colon - e), rde->line, rde->col, &row.to);
            else if (en > 0)
                rc = bare_std(im, "Reference Document Element", e, en,
                              rde->line, rde->col, &row.to);
            else
                rc = fail(im, rel_f->line, rel_f->col,
                          "a 'not related to' row needs the Reference "
                          "Document it looked in (a Reference Document "
                          "column, or the standard in Reference Document "
                          "Element)");
            if (rc != CONCORD_OK)
                return rc;
        } else if ((rc = strm_key(im, "Reference Document Element", rde, rdoc,
                                  &row.to)) != CONCORD_OK) {
            return rc;
        }
        const field *cm = col[K_COMMENTS] >= 0 ? &f[col[K_COMMENTS]] : rel_f;
        if (cv[C_ANNEX])
            rc = annex_field(im, cv[C_ANNEX], strlen(cv[C_ANNEX]), cm->line,
                             cm->col, &row.annex);
        else
            row.annex = "import";
        if (rc == CONCORD_OK)
            rc =
                confidence_word(im, cv[C_CONFIDENCE] ? cv[C_CONFIDENCE] : "",
                                cv[C_CONFIDENCE] ? strlen(cv[C_CONFIDENCE]) : 0,
                                cm->line, cm->col, &row.confidence);
        if (rc == CONCORD_OK && cv[C_SOURCE])
            rc = text_field(im, "source", cv[C_SOURCE], strlen(cv[C_SOURCE]),
                            cm->line, cm->col, &row.source);
        else if (rc == CONCORD_OK && (row.source = default_source(im)) == NULL)
            rc = nomem(im);
        if (rc == CONCORD_OK)
            rc = text_field(im, "Comments", cv[C_NOTE] ? cv[C_NOTE] : "",
                            cv[C_NOTE] ? strlen(cv[C_NOTE]) : 0, cm->line,
                            cm->col, &row.note);
        if (rc == CONCORD_OK && col[K_STRENGTH] >= 0)
            rc = strength_field(
                im, f[col[K_STRENGTH]].s, f[col[K_STRENGTH]].len, rel,
                f[col[K_STRENGTH]].line, f[col[K_STRENGTH]].col, &row.strength);
        else if (rc == CONCORD_OK)
            rc = strength_field(im, "", 0, rel, 0, 0, &row.strength);
        if (rc == CONCORD_OK && col[K_FDE_DESC] >= 0)
            rc = text_field(im, "Focal Document Element Description",
                            f[col[K_FDE_DESC]].s, f[col[K_FDE_DESC]].len,
                            f[col[K_FDE_DESC]].line, f[col[K_FDE_DESC]].col,
                            &row.from_title);
        if (rc == CONCORD_OK && col[K_RDE_DESC] >= 0 && row.to[0] &&
            strchr(row.to, ':'))
            rc = text_field(im, "Reference Document Element Description",
                            f[col[K_RDE_DESC]].s, f[col[K_RDE_DESC]].len,
                            f[col[K_RDE_DESC]].line, f[col[K_RDE_DESC]].col,
                            &row.to_title);
        if (rc == CONCORD_OK && rel == &cq_rel_spellings[CQ_REL_NONE]) {
            /* A clause named in a not-related row is kept in the note. */
            const char *e = rde->s, *d = rdoc ? rdoc->s : "";
            size_t en = rde->len, dn = rdoc ? rdoc->len : 0;
            trim(&e, &en);
            trim(&d, &dn);
            if (en > 0 && memchr(e, ':', en) == NULL && dn > 0) {
                char *k = cq_arena_alloc(&im->out->arena, dn + en + 2);
                if (k == NULL)
                    return nomem(im);
                snprintf(k, dn + en + 2, "%.*s:%.*s", (int)dn, d, (int)en, e);
                rc = note_with_target(im, &row.note, k);
            } else if (en > 0 && memchr(e, ':', en) != NULL) {
                const char *k = dup(im, e, en);
                rc = k ? note_with_target(im, &row.note, k) : nomem(im);
            }
        }
        if (rc != CONCORD_OK || (rc = push_row(im, &row)) != CONCORD_OK)
            return rc;
    }
    return rc;
}

/* ---- SSSOM/TSV -------------------------------------------------------------
** The metadata block is YAML; concord reads the subset SSSOM writers use
** (block mappings and sequences, plain and quoted scalars) for the two
** keys it needs, curie_map and extension_definitions, and passes over the
** others. */

typedef struct prefix {
    const char *name;
    size_t name_len;
    const char *iri;
} prefix;

typedef struct sssom {
    prefix *pfx;
    size_t n_pfx, cap_pfx;
    int has_curie_map;
    const char *ext_slot[3]; /* slots holding concord's annex, source,
                                strength */
} sssom;

/* A line of the metadata block, after '#' and the block's indentation. */
typedef struct yline {
    const char *s;
    size_t n;
    int line, col; /* where s starts */
} yline;

/* concord's extension properties: these names in concord's namespace. */
static const char *const ext_properties[3] = {"annex", "source", "strength"};
static const char *const ext_columns[3] = {"concord_annex", "concord_source",
                                           "concord_strength"};

/* The YAML scalar at s[0..n) of line l: plain (up to a " #" comment),
** 'single' or "double" quoted. */
static int yaml_scalar(imp *im, const yline *l, const char *s, size_t n,
                       const char **out)
{
    trim(&s, &n);
    int col = l->col + (int)(s - l->s);
    if (n > 0 && (*s == '"' || *s == '\'')) {
        char q = *s;
        char *o = dup(im, s, n);
        if (o == NULL)
            return nomem(im);
        size_t i = 1, j = 0;
        for (; i < n &&
               !(s[i] == q && !(q == '\'' && i + 1 < n && s[i + 1] == '\''));
             i++) {
            if (q == '\'' && s[i] == '\'') {
                i++; /* '' is one quote */
            } else if (q == '"' && s[i] == '\\' && i + 1 < n) {
                char e = s[++i];
                if (strchr("\"\\/nt", e) == NULL)
                    return fail(im, l->line, col,
                                "metadata: the YAML escape \\%c is not "
                                "supported here",
                                e);
                o[j++] = e == 'n' ? '\n' : e == 't' ? '\t' : e;
                continue;
            }
            o[j++] = s[i];
        }
        if (i >= n)
            return fail(im, l->line, col,
                        "metadata: a quoted value without its closing %c", q);
        o[j] = '\0';
        *out = o;
        return CONCORD_OK;
    }
    for (size_t i = 0; i + 1 < n; i++)
        if (s[i] == ' ' && s[i + 1] == '#') {
            n = i;
            break;
        }
    trim(&s, &n);
    if (n > 0 && strchr("{[&*!|>", *s) != NULL)
        return fail(im, l->line, col,
                    "metadata: this YAML form ('%c...') is not supported here; "
                    "write one value a line",
                    *s);
    if ((*out = dup(im, s, n)) == NULL)
        return nomem(im);
    return CONCORD_OK;
}

/* Split "key: value" at its first ": " (or a final ':'). */
static int yaml_pair(imp *im, const yline *l, const char *s, size_t n,
                     const char **key, size_t *key_len, const char **val,
                     size_t *val_len)
{
    size_t k = 0;
    while (k < n && s[k] != ':')
        k++;
    if (k == n || (k + 1 < n && s[k + 1] != ' '))
        return fail(im, l->line, l->col + (int)(s - l->s),
                    "metadata: expected 'key: value'");
    *key = s;
    *key_len = k;
    trim(key, key_len);
    *val = s + k + 1;
    *val_len = n - k - 1;
    return CONCORD_OK;
}

static int add_prefix(imp *im, sssom *m, const char *name, size_t n,
                      const char *iri)
{
    if (m->n_pfx == m->cap_pfx) {
        size_t cap = m->cap_pfx ? m->cap_pfx * 2 : 16;
        prefix *p = cq_arena_alloc(&im->out->arena, cap * sizeof *p);
        if (p == NULL)
            return nomem(im);
        if (m->n_pfx)
            memcpy(p, m->pfx, m->n_pfx * sizeof *p);
        m->pfx = p;
        m->cap_pfx = cap;
    }
    m->pfx[m->n_pfx++] = (prefix){name, n, iri};
    return CONCORD_OK;
}

static const prefix *find_prefix(const sssom *m, const char *name, size_t n)
{
    for (size_t i = 0; i < m->n_pfx; i++)
        if (m->pfx[i].name_len == n && memcmp(m->pfx[i].name, name, n) == 0)
            return &m->pfx[i];
    return NULL;
}

static int read_curie_map(imp *im, sssom *m, const yline *lines, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *s = lines[i].s, *key, *val, *iri;
        size_t len = lines[i].n, klen, vlen;
        trim(&s, &len);
        if (len == 0 || *s == '#')
            continue;
        int rc = yaml_pair(im, &lines[i], s, len, &key, &klen, &val, &vlen);
        /* a key may be quoted, as YAML allows: "ISO20000": https://... */
        if (rc == CONCORD_OK && klen >= 2 &&
            (key[0] == '"' || key[0] == '\'') && key[klen - 1] == key[0]) {
            key++;
            klen -= 2;
        }
        if (rc == CONCORD_OK)
            rc = yaml_scalar(im, &lines[i], val, vlen, &iri);
        if (rc == CONCORD_OK)
            rc = add_prefix(im, m, key, klen, iri);
        if (rc != CONCORD_OK)
            return rc;
    }
    return CONCORD_OK;
}

/* A CURIE or IRI of the metadata as a full IRI (in the arena). */
static const char *expand(imp *im, const sssom *m, const char *curie)
{
    const char *colon = strchr(curie, ':');
    const prefix *p =
        colon ? find_prefix(m, curie, (size_t)(colon - curie)) : NULL;
    if (p == NULL)
        return curie;
    size_t a = strlen(p->iri), b = strlen(colon + 1);
    char *s = cq_arena_alloc(&im->out->arena, a + b + 1);
    if (s != NULL) {
        memcpy(s, p->iri, a);
        memcpy(s + a, colon + 1, b + 1);
    }
    return s;
}

/* The length of the concord namespace iri starts with, or 0: the
** default one, the one concord 0.1.0 wrote, or the IRI of the prefix
** `concord` in the curie_map (a namespace the user chose). */
static size_t our_ns_len(const sssom *m, const char *iri)
{
    const prefix *p = find_prefix(m, "concord", 7);
    const char *bases[3] = {CQ_NS_DEFAULT, CQ_NS_LEGACY, p ? p->iri : ""};
    for (int i = 0; i < 3; i++) {
        size_t n = strlen(bases[i]);
        if (n > 0 && strncmp(iri, bases[i], n) == 0)
            return n;
    }
    return 0;
}

static int read_ext_defs(imp *im, sssom *m, const yline *lines, size_t n)
{
    const char *slot = NULL, *property = NULL;
    for (size_t i = 0; i <= n; i++) {
        const char *s = i < n ? lines[i].s : "- ";
        size_t len = i < n ? lines[i].n : 2;
        trim(&s, &len);
        if (len == 0 || *s == '#')
            continue;
        if (*s == '-' && (len == 1 || s[1] == ' ')) {
            /* A new item: settle the one before. */
            if (slot && property) {
                const char *iri = expand(im, m, property);
                if (iri == NULL)
                    return nomem(im);
                size_t base = our_ns_len(m, iri);
                for (int e = 0; e < 3 && base > 0; e++)
                    if (strcmp(iri + base, ext_properties[e]) == 0)
                        m->ext_slot[e] = slot;
            }
            slot = property = NULL;
            s++;
            len--;
            trim(&s, &len);
            if (len == 0)
                continue;
        }
        const char *key, *val, *v;
        size_t klen, vlen;
        int rc = yaml_pair(im, &lines[i], s, len, &key, &klen, &val, &vlen);
        if (rc == CONCORD_OK)
            rc = yaml_scalar(im, &lines[i], val, vlen, &v);
        if (rc != CONCORD_OK)
            return rc;
        if (klen == 9 && memcmp(key, "slot_name", 9) == 0)
            slot = v;
        else if (klen == 8 && memcmp(key, "property", 8) == 0)
            property = v;
    }
    return CONCORD_OK;
}

static int read_metadata(imp *im, sssom *m, const yline *lines, size_t n)
{
    for (size_t i = 0; i < n;) {
        const yline *l = &lines[i];
        const char *s = l->s;
        size_t len = l->n;
        trim(&s, &len);
        if (len == 0) {
            i++;
            continue;
        }
        if (l->s[0] == '-') /* the block of a key takes indented lines */
            return fail(im, l->line, l->col,
                        "metadata: a list where a key was expected");
        const char *key, *val;
        size_t klen, vlen;
        int rc = yaml_pair(im, l, l->s, l->n, &key, &klen, &val, &vlen);
        if (rc != CONCORD_OK)
            return rc;
        /* The key's block: the lines after it that are indented or are
        ** items of a sequence. */
        size_t j = i + 1;
        while (j < n && (lines[j].n == 0 || lines[j].s[0] == ' ' ||
                         lines[j].s[0] == '-'))
            j++;
        trim(&val, &vlen);
        int curie_map = klen == 9 && memcmp(key, "curie_map", 9) == 0;
        int ext = klen == 21 && memcmp(key, "extension_definitions", 21) == 0;
        if ((curie_map || ext) && vlen > 0 && *val != '#')
            return fail(im, l->line, l->col + (int)(val - l->s),
                        "metadata: %.*s written on one line is not supported "
                        "here; write one entry a line below it",
                        (int)klen, key);
        if (curie_map) {
            m->has_curie_map = 1;
            rc = read_curie_map(im, m, lines + i + 1, j - i - 1);
        } else if (ext) {
            rc = read_ext_defs(im, m, lines + i + 1, j - i - 1);
        }
        if (rc != CONCORD_OK)
            return rc;
        i = j;
    }
    return CONCORD_OK;
}

/* The standard a prefix stands for: the id in concord's IRI of a standard
** ("<namespace>std/27001/"), or else the prefix's own name. */
static int prefix_std(imp *im, const sssom *m, const field *f, const char *what,
                      const char *name, size_t n, const char **std,
                      size_t *std_len)
{
    const prefix *p = find_prefix(m, name, n);
    if (p == NULL && m->has_curie_map)
        return fail(im, f->line, f->col,
                    "%s: the prefix '%.*s' is not declared in the curie_map",
                    what, (int)(n < 80 ? n : 80), name);
    size_t il = p ? strlen(p->iri) : 0;
    size_t ns = p ? our_ns_len(m, p->iri) : 0, base = ns + 4;
    if (p && ns > 0 && il > base + 1 && strncmp(p->iri + ns, "std/", 4) == 0 &&
        p->iri[il - 1] == '/') {
        *std = pct_decoded(im, p->iri + base, il - base - 1, std_len);
        return *std ? CONCORD_OK : nomem(im);
    }
    *std = name;
    *std_len = n;
    return CONCORD_OK;
}

/* The key a subject_id or object_id CURIE names. */
static int sssom_key(imp *im, const sssom *m, const field *f, const char *what,
                     const char **out)
{
    const char *colon = memchr(f->s, ':', f->len);
    if (colon == NULL || colon == f->s)
        return fail(im, f->line, f->col,
                    "%s: '%.*s' is not a CURIE (prefix:identifier)", what,
                    (int)(f->len < 80 ? f->len : 80), f->s);
    const char *std, *num;
    size_t std_len, num_len;
    int rc = prefix_std(im, m, f, what, f->s, (size_t)(colon - f->s), &std,
                        &std_len);
    if (rc != CONCORD_OK)
        return rc;
    num = pct_decoded(im, colon + 1, f->len - (size_t)(colon - f->s) - 1,
                      &num_len);
    if (num == NULL)
        return nomem(im);
    return make_key(im, what, std, std_len, num, num_len, f->line, f->col, out);
}

/* The standard an object_source names (for sssom:NoTermFound). */
static int sssom_source_std(imp *im, const sssom *m, const field *f,
                            const char **out)
{
    const char *s = f->s;
    size_t n = f->len;
    trim(&s, &n);
    const char *colon = memchr(s, ':', n);
    if (n == 0)
        return fail(im, f->line, f->col,
                    "object_source: empty; an object_id of sssom:NoTermFound "
                    "needs the standard it was not found in");
    const char *iri = s;
    if (colon != NULL) {
        const prefix *p = find_prefix(m, s, (size_t)(colon - s));
        if (p == NULL && !m->has_curie_map && colon - s == 7 &&
            memcmp(s, "concord", 7) == 0)
            iri = NULL; /* concord:std/ID without a curie_map */
        else if (p != NULL && (iri = expand(im, m, dup(im, s, n))) == NULL)
            return nomem(im);
    }
    const char *id = NULL;
    size_t id_len = 0;
    if (iri == NULL && n > 12 && memcmp(colon + 1, "std/", 4) == 0) {
        id = colon + 5;
        id_len = n - (size_t)(id - s);
    } else if (iri && our_ns_len(m, iri) > 0 &&
               strncmp(iri + our_ns_len(m, iri), "std/", 4) == 0) {
        id = iri + our_ns_len(m, iri) + 4;
        id_len = strlen(id);
        if (id_len > 0 && id[id_len - 1] == '/')
            id_len--;
    } else if (colon &&
               cq_text_valid_id(colon + 1, n - (size_t)(colon - s) - 1)) {
        id = colon + 1;
        id_len = n - (size_t)(colon - s) - 1;
    }
    if (id == NULL)
        return fail(im, f->line, f->col,
                    "object_source: cannot tell which standard '%.*s' is; "
                    "write concord:std/ID, with concord: " CQ_NS_DEFAULT
                    " in the curie_map",
                    (int)(n < 80 ? n : 80), s);
    size_t dl;
    const char *d = pct_decoded(im, id, id_len, &dl);
    if (d == NULL)
        return nomem(im);
    return bare_std(im, "object_source", d, dl, f->line, f->col, out);
}

static int sssom_relation(imp *im, const field *pred, const field *mod,
                          const cq_rel_spelling **out)
{
    int negated = 0;
    if (mod != NULL && mod->len > 0) {
        if (!(mod->len == 3 && memcmp(mod->s, "Not", 3) == 0))
            return fail(im, mod->line, mod->col,
                        "predicate_modifier: '%.*s' is not Not (the only "
                        "modifier SSSOM defines)",
                        (int)(mod->len < 80 ? mod->len : 80), mod->s);
        negated = 1;
    }
    for (int i = 0; i < CQ_REL_NONE; i++) /* none's skos is intersects' */
        if (strcmp(pred->s, cq_rel_spellings[i].skos) == 0) {
            if (negated && i != CQ_REL_INTERSECTS)
                return fail(im, mod->line, mod->col,
                            "predicate_modifier Not with %s says only that "
                            "they do not match that way; concord can take "
                            "Not only with skos:relatedMatch (not related at "
                            "all)",
                            pred->s);
            *out = &cq_rel_spellings[negated ? CQ_REL_NONE : i];
            return CONCORD_OK;
        }
    return fail(im, pred->line, pred->col,
                "predicate_id: '%.*s' is not one of skos:exactMatch, "
                "skos:closeMatch, skos:broadMatch, skos:narrowMatch or "
                "skos:relatedMatch",
                (int)(pred->len < 80 ? pred->len : 80), pred->s);
}

static int read_sssom(imp *im, const char *p, const char *end)
{
    sssom m;
    memset(&m, 0, sizeof m);
    /* The metadata block: the '#' lines at the start, each with the same
    ** spaces after its '#'. */
    size_t nl = 0, cap = 0;
    yline *lines = NULL;
    int line = 1, indent = -1;
    while (p < end && *p == '#') {
        const char *e = memchr(p, '\n', (size_t)(end - p));
        const char *stop = e ? e : end;
        const char *s = p + 1;
        if (stop > s && stop[-1] == '\r')
            stop--;
        if (indent < 0 && s < stop) {
            indent = 0;
            while (s + indent < stop && s[indent] == ' ')
                indent++;
        }
        for (int k = 0; k < indent && s < stop && *s == ' '; k++)
            s++;
        if (nl == cap) {
            size_t nc = cap ? cap * 2 : 32;
            yline *nlines =
                cq_arena_alloc(&im->out->arena, nc * sizeof *nlines);
            if (nlines == NULL)
                return nomem(im);
            if (nl)
                memcpy(nlines, lines, nl * sizeof *lines);
            lines = nlines;
            cap = nc;
        }
        lines[nl++] = (yline){s, (size_t)(stop - s), line, (int)(s - p) + 1};
        p = e ? e + 1 : end;
        if (line == INT_MAX)
            return cq_error_set(im->err, CONCORD_TOOBIG, NULL,
                                "%s: more than %d lines", im->name, INT_MAX);
        line++;
    }
    int rc = read_metadata(im, &m, lines, nl);
    if (rc != CONCORD_OK)
        return rc;
    csv c;
    csv_init(&c, im, p, end, line, '\t');
    int got;
    if ((rc = csv_record(&c, &got)) != CONCORD_OK)
        return rc;
    if (!got)
        return fail(im, line, 1,
                    "the metadata block is not followed by the header line "
                    "(subject_id, predicate_id, object_id, ...)");
    enum {
        SUBJECT,
        SUBJECT_LABEL,
        PREDICATE,
        MODIFIER,
        OBJECT,
        OBJECT_LABEL,
        JUSTIFICATION,
        OBJECT_SOURCE,
        CONFIDENCE,
        COMMENT,
        ANNEX,
        SOURCE,
        STRENGTH,
        NCOL
    };
    static const char *const names[NCOL - 3] = {"subject_id",
                                                "subject_label",
                                                "predicate_id",
                                                "predicate_modifier",
                                                "object_id",
                                                "object_label",
                                                "mapping_justification",
                                                "object_source",
                                                "confidence",
                                                "comment"};
    int col[NCOL];
    for (int k = 0; k < NCOL; k++)
        col[k] = -1;
    size_t ncols = c.nf;
    for (size_t i = 0; i < c.nf; i++) {
        int k = -1;
        for (int j = 0; j < NCOL - 3 && k < 0; j++)
            if (strcmp(c.f[i].s, names[j]) == 0)
                k = j;
        /* concord's extension slots: by their definition, or by the names
        ** export.c gives them. */
        for (int e = 0; e < 3 && k < 0; e++)
            if ((m.ext_slot[e] && strcmp(c.f[i].s, m.ext_slot[e]) == 0) ||
                strcmp(c.f[i].s, ext_columns[e]) == 0)
                k = ANNEX + e;
        if (k < 0)
            continue;
        if (col[k] >= 0)
            return fail(im, c.f[i].line, c.f[i].col,
                        "header: the column %s appears twice", c.f[i].s);
        col[k] = (int)i;
    }
    static const int required[] = {SUBJECT, PREDICATE, OBJECT, JUSTIFICATION};
    for (size_t r = 0; r < 4; r++)
        if (col[required[r]] < 0)
            return fail(im, c.f[0].line, 1,
                        "header: SSSOM needs the columns subject_id, "
                        "predicate_id, object_id and mapping_justification; "
                        "this one has no %s",
                        names[required[r]]);
    while ((rc = csv_data_record(&c, ncols, &got)) == CONCORD_OK && got) {
        const field *f = c.f;
        for (size_t i = 0; i < c.nf; i++) {
            const char *t;
            if ((rc = text_field(im, "field", f[i].s, f[i].len, f[i].line,
                                 f[i].col, &t)) != CONCORD_OK)
                return rc;
        }
#define CELL(k) (col[k] >= 0 ? &f[col[k]] : NULL)
/* A required column: present, as checked above. */
#define REQUIRED_CELL(k) (&f[col[k]])
        cq_mapping_row row;
        memset(&row, 0, sizeof row);
        row.line = f[0].line;
        row.column = f[0].col;
        const cq_rel_spelling *rel = NULL;
        if ((rc = sssom_relation(im, REQUIRED_CELL(PREDICATE), CELL(MODIFIER),
                                 &rel)) != CONCORD_OK ||
            (rc = sssom_key(im, &m, REQUIRED_CELL(SUBJECT), "subject_id",
                            &row.from)) != CONCORD_OK)
            return rc;
        const field *obj = REQUIRED_CELL(OBJECT);
        const char *to_key = NULL;
        if (strcmp(obj->s, "sssom:NoTermFound") == 0) {
            rel = &cq_rel_spellings[CQ_REL_NONE];
            const field *src = CELL(OBJECT_SOURCE);
            if (src == NULL)
                return fail(im, obj->line, obj->col,
                            "object_id sssom:NoTermFound needs an "
                            "object_source column naming the standard it was "
                            "not found in");
            rc = sssom_source_std(im, &m, src, &row.to);
        } else if (rel == &cq_rel_spellings[CQ_REL_NONE]) {
            /* Not relatedMatch: none, towards the object's standard. */
            if ((rc = sssom_key(im, &m, obj, "object_id", &to_key)) ==
                CONCORD_OK)
                rc = bare_std(im, "object_id", to_key,
                              (size_t)(strchr(to_key, ':') - to_key), obj->line,
                              obj->col, &row.to);
        } else {
            rc = sssom_key(im, &m, obj, "object_id", &row.to);
        }
        if (rc != CONCORD_OK)
            return rc;
        row.relation = rel->relation;
        const field *x;
        if ((x = CELL(ANNEX)) != NULL)
            rc = annex_field(im, x->s, x->len, x->line, x->col, &row.annex);
        else
            row.annex = "import";
        if (rc == CONCORD_OK)
            rc = (x = CELL(STRENGTH)) != NULL
                     ? strength_field(im, x->s, x->len, rel, x->line, x->col,
                                      &row.strength)
                     : strength_field(im, "", 0, rel, 0, 0, &row.strength);
        if (rc == CONCORD_OK)
            rc = (x = CELL(CONFIDENCE)) != NULL
                     ? confidence_number(im, x->s, x->len, x->line, x->col,
                                         &row.confidence)
                     : confidence_word(im, "", 0, 0, 0, &row.confidence);
        if (rc == CONCORD_OK && (x = CELL(SOURCE)) != NULL)
            rc = text_field(im, "concord_source", x->s, x->len, x->line, x->col,
                            &row.source);
        else if (rc == CONCORD_OK && (row.source = default_source(im)) == NULL)
            rc = nomem(im);
        if (rc == CONCORD_OK)
            rc = (x = CELL(COMMENT)) != NULL
                     ? text_field(im, "comment", x->s, x->len, x->line, x->col,
                                  &row.note)
                     : CONCORD_OK;
        if (row.note == NULL)
            row.note = "";
        if (rc == CONCORD_OK && (x = CELL(SUBJECT_LABEL)) != NULL)
            rc = text_field(im, "subject_label", x->s, x->len, x->line, x->col,
                            &row.from_title);
        if (rc == CONCORD_OK && (x = CELL(OBJECT_LABEL)) != NULL &&
            strchr(row.to, ':'))
            rc = text_field(im, "object_label", x->s, x->len, x->line, x->col,
                            &row.to_title);
        if (rc == CONCORD_OK && to_key != NULL)
            rc = note_with_target(im, &row.note, to_key);
#undef CELL
        if (rc != CONCORD_OK || (rc = push_row(im, &row)) != CONCORD_OK)
            return rc;
    }
    return rc;
}

/* ---- OSCAL mapping-collection -----------------------------------------------
 */

static const char *a_type(cq_json_type t)
{
    switch (t) {
    case CQ_JSON_ARRAY:
        return "an array";
    case CQ_JSON_OBJECT:
        return "an object";
    case CQ_JSON_STRING:
        return "a string";
    case CQ_JSON_NUMBER:
        return "a number";
    case CQ_JSON_NULL:
        return "null";
    default:
        return "a boolean";
    }
}

/* Member key of obj, which must be of type want; missing is an error when
** required (else *out is NULL). */
static int jmember(imp *im, const cq_json *obj, const char *key,
                   cq_json_type want, int required, const cq_json **out)
{
    const cq_json *m = cq_json_member(obj, key);
    *out = NULL;
    if (m == NULL)
        return required
                   ? fail(im, obj->line, obj->column, "missing \"%s\"", key)
                   : CONCORD_OK;
    if (m->type != want)
        return fail(im, m->line, m->column, "\"%s\" should be %s, not %s", key,
                    a_type(want), a_type(m->type));
    *out = m;
    return CONCORD_OK;
}

/* The value of the prop named name in concord's namespace, or NULL.  That
** is any namespace but OSCAL's own (a prop without ns is in OSCAL's):
** concord writes the one the user chose (--namespace). */
#define OSCAL_NS "http://csrc.nist.gov/ns/oscal"
static const cq_json *our_prop(const cq_json *obj, const char *name)
{
    const cq_json *props = cq_json_member(obj, "props");
    if (props == NULL || props->type != CQ_JSON_ARRAY)
        return NULL;
    for (const cq_json *p = props->child; p; p = p->next) {
        const cq_json *n = cq_json_member(p, "name");
        const cq_json *ns = cq_json_member(p, "ns");
        const cq_json *v = cq_json_member(p, "value");
        if (n && ns && v && n->type == CQ_JSON_STRING &&
            ns->type == CQ_JSON_STRING && v->type == CQ_JSON_STRING &&
            strncmp(ns->str, OSCAL_NS, sizeof OSCAL_NS - 1) != 0 &&
            strcmp(n->str, name) == 0)
            return v;
    }
    return NULL;
}

/* The confidence-score of holder as a word, or NULL when it has none (or
** says unspecified). */
static int oscal_confidence(imp *im, const cq_json *holder, const char **out)
{
    const cq_json *cs = cq_json_member(holder, "confidence-score");
    *out = NULL;
    if (cs == NULL)
        return CONCORD_OK;
    if (cs->type != CQ_JSON_OBJECT)
        return fail(im, cs->line, cs->column,
                    "\"confidence-score\" should be an object such as "
                    "{\"category\": \"high\"} or {\"percentage\": 0.9}");
    const cq_json *cat = cq_json_member(cs, "category");
    const cq_json *pct = cq_json_member(cs, "percentage");
    if (cat != NULL) {
        if (cat->type == CQ_JSON_STRING &&
            same_word(cat->str, cat->len, "unspecified"))
            return CONCORD_OK;
        if (cat->type != CQ_JSON_STRING)
            return fail(im, cat->line, cat->column,
                        "confidence-score: \"category\" should be a string");
        return confidence_word(im, cat->str, cat->len, cat->line, cat->column,
                               out);
    }
    if (pct != NULL) {
        if (pct->type != CQ_JSON_NUMBER || pct->number < 0 || pct->number > 1)
            return fail(im, pct->line, pct->column,
                        "confidence-score: \"percentage\" should be a number "
                        "from 0 to 1");
        *out = confidence_of(pct->number);
        return CONCORD_OK;
    }
    return fail(im, cs->line, cs->column,
                "\"confidence-score\" has neither \"category\" nor "
                "\"percentage\"");
}

/* The standard a source- or target-resource stands for: its prop
** standard; else that of the back-matter resource its href "#uuid" names,
** or that resource's title; else the file name in its href. */
static int oscal_resource_std(imp *im, const cq_json *res,
                              const cq_json *resources, const char **out)
{
    const cq_json *v = our_prop(res, "standard"), *href;
    if (v != NULL)
        return bare_std(im, "standard", v->str, v->len, v->line, v->column,
                        out);
    int rc = jmember(im, res, "href", CQ_JSON_STRING, 1, &href);
    if (rc != CONCORD_OK)
        return rc;
    const char *s = href->str;
    size_t n = href->len;
    if (n > 1 && s[0] == '#' && resources != NULL) {
        for (const cq_json *r = resources->child; r; r = r->next) {
            const cq_json *uuid = cq_json_member(r, "uuid");
            if (uuid == NULL || uuid->type != CQ_JSON_STRING ||
                strcmp(uuid->str, s + 1) != 0)
                continue;
            if ((v = our_prop(r, "standard")) != NULL)
                return bare_std(im, "standard", v->str, v->len, v->line,
                                v->column, out);
            const cq_json *title = cq_json_member(r, "title");
            if (title && title->type == CQ_JSON_STRING &&
                cq_text_valid_id(title->str, title->len))
                return bare_std(im, "title", title->str, title->len,
                                title->line, title->column, out);
        }
    } else if (n > 0 && s[0] != '#') {
        /* ".../NIST_SP-800-53_rev5_catalog.json" names
        ** NIST_SP-800-53_rev5_catalog. */
        size_t end = n, start;
        for (size_t i = 0; i < n; i++)
            if (s[i] == '?' || s[i] == '#') {
                end = i;
                break;
            }
        start = end;
        while (start > 0 && s[start - 1] != '/')
            start--;
        size_t stop = end;
        while (stop > start && s[stop - 1] != '.')
            stop--;
        if (stop > start + 1)
            end = stop - 1;
        if (cq_text_valid_id(s + start, end - start))
            return bare_std(im, "href", s + start, end - start, href->line,
                            href->column, out);
    }
    return fail(im, res->line, res->column,
                "cannot tell which standard this resource is; give it the "
                "prop {\"name\": \"standard\", \"ns\": \"" CQ_NS_DEFAULT
                "\", \"value\": \"27001\"}");
}

/*
** An OSCAL control id as a clause number (docs/formats.md): concord's own
** "clause-8.5.1" is 8.5.1; otherwise each '-' becomes '.', so NIST SP
** 800-53's "cm-3" is cm.3 and "ac-2.1" is ac.2.1 (a clause under ac.2,
** under ac).  Other ids are kept as they are, for make_key to judge.
*/
static const char *oscal_id_clause(imp *im, const char *s, size_t *n)
{
    if (*n > 7 && memcmp(s, "clause-", 7) == 0 && s[7] >= '0' && s[7] <= '9') {
        *n -= 7;
        return s + 7;
    }
    char *o = dup(im, s, *n);
    if (o != NULL)
        for (size_t i = 0; i < *n; i++)
            if (o[i] == '-')
                o[i] = '.';
    return o;
}

/* The key of a source or target item.  A no-relationship target is the
** whole target standard: *target is then the clause the item named, if it
** named one, for the note. */
static int oscal_item(imp *im, const cq_json *item, const char *std, int none,
                      const char **key, const char **title, const char **target)
{
    const cq_json *idref;
    *target = NULL;
    *title = NULL;
    if (item->type != CQ_JSON_OBJECT)
        return fail(im, item->line, item->column,
                    "should be an object with \"type\" and \"id-ref\", not "
                    "%s",
                    a_type(item->type));
    int rc = jmember(im, item, "id-ref", CQ_JSON_STRING, 1, &idref);
    if (rc != CONCORD_OK)
        return rc;
    const char *s = idref->str;
    size_t n = idref->len;
    const cq_json *scope = our_prop(item, "scope");
    if (scope && strcmp(scope->str, "standard") == 0) {
        *key = std; /* the resource's standard, whatever the id-ref says */
        if (!none)
            return fail(im, idref->line, idref->column,
                        "id-ref: a whole standard (scope standard) is a "
                        "target of no-relationship only");
        return CONCORD_OK;
    }
    if (memchr(s, ':', n) == NULL && (s = oscal_id_clause(im, s, &n)) == NULL)
        return nomem(im);
    if (none) {
        *key = std;
        rc = memchr(s, ':', n) ? full_key(im, "id-ref", s, n, idref->line,
                                          idref->column, target)
                               : make_key(im, "id-ref", std, strlen(std), s, n,
                                          idref->line, idref->column, target);
        return rc;
    }
    rc = memchr(s, ':', n)
             ? full_key(im, "id-ref", s, n, idref->line, idref->column, key)
             : make_key(im, "id-ref", std, strlen(std), s, n, idref->line,
                        idref->column, key);
    const cq_json *t = our_prop(item, "title");
    if (rc == CONCORD_OK && t != NULL)
        rc = text_field(im, "title", t->str, t->len, t->line, t->column, title);
    return rc;
}

static const cq_rel_spelling *oscal_relation(const char *s)
{
    for (int i = 0; i < CQ_REL_COUNT; i++)
        if (strcmp(s, cq_rel_spellings[i].oscal) == 0)
            return &cq_rel_spellings[i];
    return NULL;
}

/* Markdown's backslash escapes undone: the text of a remarks field. */
static char *markdown_text(imp *im, const char *s, size_t n, size_t *len)
{
    char *o = dup(im, s, n);
    if (o == NULL)
        return NULL;
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\' && i + 1 < n && s[i + 1] > 0x20 && s[i + 1] < 0x7f &&
            strchr("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", s[i + 1]))
            i++;
        o[j++] = s[i];
    }
    o[j] = '\0';
    *len = j;
    return o;
}

static int oscal_map(imp *im, const cq_json *map, const char *from_std,
                     const char *to_std, const char *outer_confidence,
                     const cq_json *mapping)
{
    const cq_json *rel_j, *sources, *targets;
    int rc = jmember(im, map, "relationship", CQ_JSON_STRING, 1, &rel_j);
    if (rc != CONCORD_OK)
        return rc;
    const cq_rel_spelling *rel = oscal_relation(rel_j->str);
    if (rel == NULL)
        return fail(im, rel_j->line, rel_j->column,
                    "relationship '%.60s' is not one of equal-to, "
                    "equivalent-to, subset-of, superset-of, intersects-with "
                    "or no-relationship",
                    rel_j->str);
    if ((rc = jmember(im, map, "sources", CQ_JSON_ARRAY, 1, &sources)) !=
            CONCORD_OK ||
        (rc = jmember(im, map, "targets", CQ_JSON_ARRAY, 1, &targets)) !=
            CONCORD_OK)
        return rc;
    /* each source joins each target: a small map of long lists would make
    ** millions of edges (3,000 x 3,000 took 12.5 GB), so the product has
    ** a limit, as the input's own size does not bound it */
    if ((uint64_t)sources->count * targets->count > CQ_MAPPING_MAX_PAIRS)
        return fail(im, map->line, map->column,
                    "a map of %zu sources and %zu targets makes %llu edges "
                    "(at most %d: split it)",
                    sources->count, targets->count,
                    (unsigned long long)sources->count * targets->count,
                    CQ_MAPPING_MAX_PAIRS);
    if (sources->count == 0 || targets->count == 0)
        return fail(im, (sources->count ? targets : sources)->line,
                    (sources->count ? targets : sources)->column,
                    "\"%s\" is empty; a map needs at least one",
                    sources->count ? "targets" : "sources");
    cq_mapping_row row;
    memset(&row, 0, sizeof row);
    row.line = map->line;
    row.column = map->column;
    row.relation = rel->relation;
    if ((rc = oscal_confidence(im, map, &row.confidence)) != CONCORD_OK)
        return rc;
    if (row.confidence == NULL)
        row.confidence = outer_confidence ? outer_confidence : "low";
    const cq_json *v = our_prop(map, "annex");
    if (v == NULL)
        v = our_prop(mapping, "annex");
    rc = v ? annex_field(im, v->str, v->len, v->line, v->column, &row.annex)
           : (row.annex = "import", CONCORD_OK);
    if (rc == CONCORD_OK)
        rc = (v = our_prop(map, "strength")) != NULL
                 ? strength_field(im, v->str, v->len, rel, v->line, v->column,
                                  &row.strength)
                 : strength_field(im, "", 0, rel, 0, 0, &row.strength);
    if (rc == CONCORD_OK && (v = our_prop(map, "source")) != NULL)
        rc = text_field(im, "source", v->str, v->len, v->line, v->column,
                        &row.source);
    else if (our_prop(map, "annex") || our_prop(map, "strength"))
        row.source = ""; /* concord wrote it and leaves an empty prop out */
    else if (rc == CONCORD_OK && (row.source = default_source(im)) == NULL)
        rc = nomem(im);
    const cq_json *remarks = cq_json_member(map, "remarks");
    row.note = "";
    if (rc == CONCORD_OK && remarks != NULL) {
        size_t n;
        char *text;
        if (remarks->type != CQ_JSON_STRING)
            return fail(im, remarks->line, remarks->column,
                        "\"remarks\" should be a string, not %s",
                        a_type(remarks->type));
        if ((text = markdown_text(im, remarks->str, remarks->len, &n)) == NULL)
            return nomem(im);
        rc = text_field(im, "remarks", text, n, remarks->line, remarks->column,
                        &row.note);
    }
    if (rc != CONCORD_OK)
        return rc;
    const char *note = row.note;
    size_t si = 0;
    for (const cq_json *s = sources->child; s; s = s->next, si++) {
        const char *unused;
        size_t base = strlen(im->path);
        snprintf(im->path + base, sizeof im->path - base, ".sources[%zu]", si);
        rc =
            oscal_item(im, s, from_std, 0, &row.from, &row.from_title, &unused);
        im->path[base] = '\0';
        if (rc != CONCORD_OK)
            return rc;
        size_t ti = 0;
        for (const cq_json *t = targets->child; t; t = t->next, ti++) {
            const char *target;
            snprintf(im->path + base, sizeof im->path - base, ".targets[%zu]",
                     ti);
            rc =
                oscal_item(im, t, to_std, rel == &cq_rel_spellings[CQ_REL_NONE],
                           &row.to, &row.to_title, &target);
            im->path[base] = '\0';
            row.note = note;
            if (rc == CONCORD_OK && target != NULL)
                rc = note_with_target(im, &row.note, target);
            if (rc != CONCORD_OK || (rc = push_row(im, &row)) != CONCORD_OK)
                return rc;
        }
    }
    return CONCORD_OK;
}

static int read_oscal(imp *im, const cq_json *root)
{
    const cq_json *mc, *mappings, *resources = NULL, *back;
    if (root->type != CQ_JSON_OBJECT ||
        (mc = cq_json_member(root, "mapping-collection")) == NULL)
        return fail(im, root->line, root->column,
                    "a JSON %s without \"mapping-collection\": not an OSCAL "
                    "mapping collection",
                    root->type == CQ_JSON_OBJECT ? "object" : "value");
    set_path(im, "mapping-collection");
    if (mc->type != CQ_JSON_OBJECT)
        return fail(im, mc->line, mc->column, "should be an object, not %s",
                    a_type(mc->type));
    int rc = jmember(im, mc, "back-matter", CQ_JSON_OBJECT, 0, &back);
    if (rc == CONCORD_OK && back != NULL)
        rc = jmember(im, back, "resources", CQ_JSON_ARRAY, 0, &resources);
    const char *top_confidence = NULL;
    const cq_json *prov = cq_json_member(mc, "provenance");
    if (rc == CONCORD_OK && prov != NULL)
        rc = oscal_confidence(im, prov, &top_confidence);
    if (rc != CONCORD_OK)
        return rc;
    mappings = cq_json_member(mc, "mappings");
    if (mappings == NULL)
        return fail(im, mc->line, mc->column, "missing \"mappings\"");
    /* One mapping may stand alone or in an array. */
    const cq_json *first =
        mappings->type == CQ_JSON_ARRAY ? mappings->child : mappings;
    if (mappings->type != CQ_JSON_ARRAY && mappings->type != CQ_JSON_OBJECT)
        return fail(im, mappings->line, mappings->column,
                    "\"mappings\" should be an array, not %s",
                    a_type(mappings->type));
    size_t i = 0;
    for (const cq_json *m = first; m;
         m = mappings->type == CQ_JSON_ARRAY ? m->next : NULL, i++) {
        set_path(im, "mappings[%zu]", i);
        if (m->type != CQ_JSON_OBJECT)
            return fail(im, m->line, m->column, "should be an object, not %s",
                        a_type(m->type));
        const cq_json *src, *tgt, *maps;
        const char *from_std, *to_std, *confidence;
        if ((rc = jmember(im, m, "source-resource", CQ_JSON_OBJECT, 1, &src)) !=
                CONCORD_OK ||
            (rc = jmember(im, m, "target-resource", CQ_JSON_OBJECT, 1, &tgt)) !=
                CONCORD_OK ||
            (rc = jmember(im, m, "maps", CQ_JSON_ARRAY, 1, &maps)) !=
                CONCORD_OK)
            return rc;
        set_path(im, "mappings[%zu].source-resource", i);
        if ((rc = oscal_resource_std(im, src, resources, &from_std)) !=
            CONCORD_OK)
            return rc;
        set_path(im, "mappings[%zu].target-resource", i);
        if ((rc = oscal_resource_std(im, tgt, resources, &to_std)) !=
            CONCORD_OK)
            return rc;
        set_path(im, "mappings[%zu]", i);
        if ((rc = oscal_confidence(im, m, &confidence)) != CONCORD_OK)
            return rc;
        if (maps->count == 0)
            return fail(im, maps->line, maps->column,
                        "\"maps\" is empty; a mapping needs at least one map");
        size_t j = 0;
        for (const cq_json *map = maps->child; map; map = map->next, j++) {
            set_path(im, "mappings[%zu].maps[%zu]", i, j);
            if (map->type != CQ_JSON_OBJECT)
                return fail(im, map->line, map->column,
                            "should be an object, not %s", a_type(map->type));
            rc = oscal_map(im, map, from_std, to_std,
                           confidence ? confidence : top_confidence, m);
            if (rc != CONCORD_OK)
                return rc;
        }
    }
    im->path[0] = '\0';
    return CONCORD_OK;
}

/* ---- entry
 * ------------------------------------------------------------------- */

void cq_mapping_init(cq_mapping_result *out, const cq_allocator *alloc)
{
    memset(out, 0, sizeof *out);
    cq_arena_init(&out->arena, alloc);
}

void cq_mapping_free(cq_mapping_result *out)
{
    cq_arena_free(&out->arena);
    out->rows = NULL;
    out->n_rows = 0;
    out->format = NULL;
}

/* Whether text[0..n) contains word, ignoring ASCII case. */
static int contains_word(const char *text, size_t n, const char *word)
{
    size_t w = strlen(word);
    for (size_t i = 0; i + w <= n; i++)
        if (same_word(text + i, w, word))
            return 1;
    return 0;
}

/* Where the text data[0..len) starts, past a UTF-8 byte order mark; *first
** is its first byte that is not white space (end when there is none). */
static const char *text_start(const char *data, size_t len, const char **first)
{
    /* cppcheck takes the "" that stands for a NULL data (of len 0) for a
    ** buffer that len may overrun. */
    /* cppcheck-suppress pointerOutOfBoundsCond */
    const char *p = data, *end = data + len;
    if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    const char *q = p;
    while (q < end && (*q == ' ' || *q == '\t' || *q == '\r' || *q == '\n'))
        q++;
    *first = q;
    return p;
}

int cq_mapping_sniff(const char *data, size_t len)
{
    const char *q, *p = text_start(data, len, &q), *end = data + len;
    if (q < end && *q == '{')
        return 1;
    for (int k = 0; k < 50 && p < end; k++) {
        const char *e = memchr(p, '\n', (size_t)(end - p));
        size_t n = e ? (size_t)(e - p) : (size_t)(end - p);
        if ((memchr(p, '\t', n) && contains_word(p, n, "subject_id")) ||
            contains_word(p, n, "focal document element"))
            return 1;
        p = e ? e + 1 : end;
    }
    return 0;
}

/* Every reader here takes cells as C strings: a NUL would cut one short
** and lose the rest silently (a STRM Comments cell did), so a NUL anywhere
** in a mapping file is refused, at its place. */
static int refuse_nul(imp *im, const char *data, size_t len)
{
    const char *nul = memchr(data, '\0', len);
    if (nul == NULL)
        return CONCORD_OK;
    int line = 1;
    const char *bol = data;
    for (const char *c = data; c < nul; c++)
        if (*c == '\n')
            line++, bol = c + 1;
    return fail(im, line, (int)(nul - bol) + 1,
                "a NUL byte (0x00) is not allowed in a mapping file");
}

int cq_mapping_read(const char *name, const char *data, size_t len,
                    cq_mapping_result *out, cq_error *err)
{
    return cq_mapping_read_run(name, data, len, out, err, NULL);
}

int cq_mapping_read_run(const char *name, const char *data, size_t len,
                        cq_mapping_result *out, cq_error *err, cq_run *run)
{
    if (name == NULL || (data == NULL && len > 0) || out == NULL || err == NULL)
        return CONCORD_MISUSE;
    cq_mapping_free(out);
    imp im;
    memset(&im, 0, sizeof im);
    im.name = name;
    im.out = out;
    im.err = err;
    im.run = run;
    if (data == NULL)
        data = "";
    const char *q, *p = text_start(data, len, &q), *end = data + len;
    const char *eol = memchr(p, '\n', (size_t)(end - p));
    size_t first_line = eol ? (size_t)(eol - p) : (size_t)(end - p);
    /* Where "Focal Document Element" may stand: the first 50 lines. */
    const char *scan_end = p;
    for (int k = 0; k < 50 && scan_end < end; k++) {
        const char *e = memchr(scan_end, '\n', (size_t)(end - scan_end));
        scan_end = e ? e + 1 : end;
    }
    int rc;
    if (q < end && *q == '{') {
        cq_arena tree;
        cq_arena_init(&tree, out->arena.alloc);
        cq_json *root;
        out->format = "oscal";
        rc = refuse_nul(&im, data, len);
        if (rc == CONCORD_OK)
            rc = cq_json_parse(&tree, data, len, name, &root, err);
        if (rc == CONCORD_OK)
            rc = read_oscal(&im, root);
        cq_arena_free(&tree);
    } else if ((p < end && *p == '#') ||
               (memchr(p, '\t', first_line) &&
                contains_word(p, first_line, "subject_id"))) {
        out->format = "sssom";
        if ((rc = refuse_nul(&im, data, len)) == CONCORD_OK)
            rc = read_sssom(&im, p, end);
    } else if (contains_word(p, (size_t)(scan_end - p),
                             "focal document element")) {
        out->format = "strm";
        if ((rc = refuse_nul(&im, data, len)) == CONCORD_OK)
            rc = read_strm(&im, p, end);
    } else {
        rc = fail(&im, 1, 1,
                  "not a mapping file concord can import: expected OSCAL "
                  "mapping-collection JSON (an object with "
                  "\"mapping-collection\"), an OLIR/STRM CSV (a header with "
                  "Focal Document Element, Relationship and Reference "
                  "Document Element) or SSSOM/TSV (a '#' metadata block, then "
                  "a header with subject_id, predicate_id and object_id)");
    }
    if (rc != CONCORD_OK)
        cq_mapping_free(out);
    return rc;
}
