/*
** export.c -- Graphviz DOT, OSCAL 1.2 mapping-collection JSON, NIST OLIR
** STRM CSV and SSSOM/TSV; see export.h and docs/formats.md.
**
** Each writer first checks the whole table (columns, then every row) and
** only then writes, so a refused table writes nothing.  Temporaries (row
** facts, name sets) live in one arena that is freed at the end.  UUIDs
** are version 5 (RFC 9562): SHA-1 of a name in concord's namespace, so
** the same content always gets the same identifiers.
*/
#include "export.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "formats.h"

/* .relation repeats graph.c's name of the index, for reading the row;
** test_export.c checks that the two agree. */
const cq_rel_spelling cq_rel_spellings[CQ_REL_COUNT] = {
    [CQ_REL_EQUAL] = {"equal", "equal-to", "equal", "skos:exactMatch", 9},
    [CQ_REL_EQUIVALENT] = {"equivalent", "equivalent-to", "equal",
                           "skos:closeMatch", 8},
    [CQ_REL_SUBSET] = {"subset", "subset-of", "subset of", "skos:broadMatch",
                       7},
    [CQ_REL_SUPERSET] = {"superset", "superset-of", "superset of",
                         "skos:narrowMatch", 7},
    [CQ_REL_INTERSECTS] = {"intersects", "intersects-with", "intersects with",
                           "skos:relatedMatch", 4},
    [CQ_REL_NONE] = {"none", "no-relationship", "not related to",
                     "skos:relatedMatch", 0}};

const cq_rel_spelling *cq_rel_spelling_find(const char *relation)
{
    int r = relation ? cq_relation_from_name(relation, strlen(relation)) : -1;
    return r >= 0 ? &cq_rel_spellings[r] : NULL;
}

const char *cq_confidence_number(const char *confidence)
{
    static const char *const numbers[CQ_CONF_COUNT] = {[CQ_CONF_LOW] = "0.3",
                                                       [CQ_CONF_MEDIUM] = "0.6",
                                                       [CQ_CONF_HIGH] = "0.9"};
    int c = confidence ? cq_confidence_from_name(confidence, strlen(confidence))
                       : -1;
    return c >= 0 ? numbers[c] : NULL;
}

/* ---- SHA-1 (FIPS 180-4), for name-based UUIDs ---------------------------- */

typedef struct sha1 {
    uint32_t h[5];
    unsigned char block[64];
    size_t used;    /* bytes in block */
    uint64_t total; /* bytes hashed */
} sha1;

static uint32_t rol(uint32_t x, int n)
{
    return (x << n) | (x >> (32 - n));
}

static void sha1_init(sha1 *s)
{
    static const uint32_t h0[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE,
                                   0x10325476, 0xC3D2E1F0};
    memcpy(s->h, h0, sizeof h0);
    s->used = 0;
    s->total = 0;
}

static void sha1_block(sha1 *s, const unsigned char *p)
{
    uint32_t w[80];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
               (uint32_t)p[4 * i + 2] << 8 | (uint32_t)p[4 * i + 3];
    for (int i = 16; i < 80; i++)
        w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    uint32_t a = s->h[0], b = s->h[1], c = s->h[2], d = s->h[3], e = s->h[4];
    for (int i = 0; i < 80; i++) {
        uint32_t f, k;
        if (i < 20) {
            f = (b & c) | (~b & d);
            k = 0x5A827999;
        } else if (i < 40) {
            f = b ^ c ^ d;
            k = 0x6ED9EBA1;
        } else if (i < 60) {
            f = (b & c) | (b & d) | (c & d);
            k = 0x8F1BBCDC;
        } else {
            f = b ^ c ^ d;
            k = 0xCA62C1D6;
        }
        uint32_t t = rol(a, 5) + f + e + k + w[i];
        e = d;
        d = c;
        c = rol(b, 30);
        b = a;
        a = t;
    }
    s->h[0] += a;
    s->h[1] += b;
    s->h[2] += c;
    s->h[3] += d;
    s->h[4] += e;
}

static void sha1_update(sha1 *s, const void *data, size_t n)
{
    const unsigned char *p = data;
    s->total += n;
    while (n > 0) {
        size_t take = 64 - s->used < n ? 64 - s->used : n;
        memcpy(s->block + s->used, p, take);
        s->used += take;
        p += take;
        n -= take;
        if (s->used == 64) {
            sha1_block(s, s->block);
            s->used = 0;
        }
    }
}

static void sha1_final(sha1 *s, unsigned char out[20])
{
    uint64_t bits = s->total * 8;
    unsigned char pad = 0x80;
    sha1_update(s, &pad, 1);
    pad = 0;
    while (s->used != 56)
        sha1_update(s, &pad, 1);
    unsigned char len[8];
    for (int i = 0; i < 8; i++)
        len[i] = (unsigned char)(bits >> (56 - 8 * i));
    sha1_update(s, len, 8);
    for (int i = 0; i < 5; i++) {
        out[4 * i] = (unsigned char)(s->h[i] >> 24);
        out[4 * i + 1] = (unsigned char)(s->h[i] >> 16);
        out[4 * i + 2] = (unsigned char)(s->h[i] >> 8);
        out[4 * i + 3] = (unsigned char)s->h[i];
    }
}

/* ---- UUIDv5 ----------------------------------------------------------------
** A UUID is begun with its namespace, fed its name in pieces (each piece
** followed by a unit separator, so "ab"+"c" differs from "a"+"bc"), and
** finished into text. */

static void uuid_begin(sha1 *s, const unsigned char ns[16])
{
    sha1_init(s);
    sha1_update(s, ns, 16);
}

static void uuid_feed(sha1 *s, const char *piece)
{
    sha1_update(s, piece, strlen(piece));
    sha1_update(s, "\x1f", 1);
}

static void uuid_end_bytes(sha1 *s, unsigned char u[16])
{
    unsigned char d[20];
    sha1_final(s, d);
    memcpy(u, d, 16);
    u[6] = (unsigned char)((u[6] & 0x0f) | 0x50); /* version 5 */
    u[8] = (unsigned char)((u[8] & 0x3f) | 0x80); /* RFC variant */
}

static void uuid_end(sha1 *s, char out[37])
{
    static const char hex[] = "0123456789abcdef";
    unsigned char u[16];
    uuid_end_bytes(s, u);
    char *o = out;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            *o++ = '-';
        *o++ = hex[u[i] >> 4];
        *o++ = hex[u[i] & 15];
    }
    *o = '\0';
}

/* concord's UUID namespace: UUIDv5 of the export's namespace IRI in RFC
** 9562's URL namespace. */
static void uuid_namespace_of(unsigned char ns[16], const char *iri)
{
    static const unsigned char url_ns[16] = {0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad,
                                             0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0,
                                             0x4f, 0xd4, 0x30, 0xc8};
    sha1 s;
    sha1_init(&s);
    sha1_update(&s, url_ns, 16);
    sha1_update(&s, iri, strlen(iri));
    uuid_end_bytes(&s, ns);
}

void cq_export_opts_init(cq_export_opts *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->time = -1;
}

int cq_export_ns_valid(const char *ns)
{
    size_t n = ns ? strlen(ns) : 0;
    if (n == 0 || n > 512 ||
        !((*ns >= 'a' && *ns <= 'z') || (*ns >= 'A' && *ns <= 'Z')))
        return 0;
    const char *colon = NULL;
    for (const char *p = ns; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c <= 0x20 || c >= 0x7f || strchr("\"<>\\`{}|^", c) != NULL)
            return 0;
        if (c == ':' && colon == NULL)
            colon = p;
        else if (colon == NULL &&
                 !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                   (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'))
            return 0;
    }
    return colon != NULL && colon[1] != '\0';
}

/* ---- sets of names, in order of first appearance ------------------------- */

typedef struct strset {
    cq_arena *ar;
    const char **key; /* NUL-terminated copies, by index */
    size_t n;         /* keys held */
    size_t cap;       /* room in key */
    uint32_t *slot;   /* open addressing: index + 1, or 0 when empty */
    size_t nslot;     /* a power of two, at least twice n */
} strset;

static uint32_t hash_bytes(const char *s, size_t n)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static void strset_init(strset *s, cq_arena *ar)
{
    memset(s, 0, sizeof *s);
    s->ar = ar;
}

static int strset_grow(strset *s)
{
    size_t cap = s->cap ? s->cap * 2 : 16;
    const char **key = cq_arena_alloc(s->ar, cap * sizeof *key);
    uint32_t *slot = cq_arena_zalloc(s->ar, 2 * cap * sizeof *slot);
    if (key == NULL || slot == NULL || cap > UINT32_MAX / 4)
        return -1;
    if (s->n)
        memcpy(key, s->key, s->n * sizeof *key);
    for (size_t i = 0; i < s->n; i++) {
        size_t at = hash_bytes(key[i], strlen(key[i])) & (2 * cap - 1);
        while (slot[at] != 0)
            at = (at + 1) & (2 * cap - 1);
        slot[at] = (uint32_t)i + 1;
    }
    s->key = key;
    s->cap = cap;
    s->slot = slot;
    s->nslot = 2 * cap;
    return 0;
}

/* The index of s[0..n) in the set, adding it when new (*added is then 1);
** -1 on OOM. */
static long strset_add(strset *set, const char *s, size_t n, int *added)
{
    if (added)
        *added = 0;
    if (set->n == set->cap && strset_grow(set) != 0)
        return -1;
    size_t at = hash_bytes(s, n) & (set->nslot - 1);
    while (set->slot[at] != 0) {
        const char *k = set->key[set->slot[at] - 1];
        if (strncmp(k, s, n) == 0 && k[n] == '\0')
            return (long)set->slot[at] - 1;
        at = (at + 1) & (set->nslot - 1);
    }
    char *copy = cq_arena_strndup(set->ar, s, n);
    if (copy == NULL)
        return -1;
    set->key[set->n] = copy;
    set->slot[at] = (uint32_t)++set->n;
    if (added)
        *added = 1;
    return (long)set->n - 1;
}

/* ---- the table ----------------------------------------------------------- */

/* A clause key split at its first ':' (a bare standard has no number). */
typedef struct key {
    const char *std;
    size_t std_len;
    const char *num; /* NULL for a bare standard */
} key;

static key split_key(const char *s)
{
    key k;
    const char *colon = strchr(s, ':');
    k.std = s;
    k.std_len = colon ? (size_t)(colon - s) : strlen(s);
    k.num = colon ? colon + 1 : NULL;
    return k;
}

/* What the writers know of one row of a mapping table. */
typedef struct row {
    const cq_rel_spelling *rel;
    const char *from_text, *to_text; /* the cells, copied */
    key from, to;
    long from_std, to_std; /* indexes into ex.stds */
    long pair;             /* OSCAL: index into ex.pairs */
    const char *chain;     /* "from > pivot > to" of a composed row, or "" */
    const char *routes;    /* how many routes reach the pair, or "" */
    int skip;              /* the same as an earlier row: not written */
} row;

typedef struct ex {
    const cq_table *t;
    size_t first, n; /* rows first .. first+n-1 are written */
    cq_out *o;
    cq_buf *b;
    cq_arena ar;
    cq_error *err;
    const char *fmt; /* the format's name, for messages */
    int c_from, c_to, c_rel, c_annex, c_strength, c_conf, c_source, c_note;
    int c_ftitle, c_ttitle, c_rationale, c_clause, c_title, c_parent, c_via;
    int c_route, c_routes, c_status, c_coverage, c_covered, c_total;
    int coverage; /* a coverage result: from is the standard that covers */
    int chained;  /* some row has a chain */
    const cq_export_opts *opts;
    const char *ns;            /* the namespace IRI */
    char when[24];             /* last-modified, "2026-12-07T01:02:03Z" */
    cq_table view;             /* gap and coverage results, as mappings */
    row *rows;                 /* mapping formats: one per row written */
    strset stds;               /* standards, in order of first appearance */
    strset pairs;              /* OSCAL: "from-std\x1fto-std" */
    unsigned char uuid_ns[16]; /* UUIDv5 namespace made from ns */
    char num[8][32];           /* numbers shown as text, used in turn */
    int num_next;
} ex;

/* Cell c of row r as text ("" for null or a missing column). */
static const char *cell(ex *x, size_t r, int c)
{
    if (c < 0)
        return "";
    char *buf = x->num[x->num_next++ & 7];
    return cq_value_text(&cq_table_row(x->t, r)[c], buf);
}

static void list_columns(ex *x, cq_buf *m)
{
    for (int c = 0; c < x->t->n_cols; c++)
        cq_buf_printf(m, "%s%s", c ? ", " : "",
                      x->t->col_names && x->t->col_names[c] ? x->t->col_names[c]
                                                            : "");
}

static int refuse_columns(ex *x, const char *need, const char *missing)
{
    cq_buf m;
    cq_buf_init(&m, x->b->alloc);
    list_columns(x, &m);
    if (m.failed) {
        cq_buf_free(&m);
        return cq_error_nomem(x->err);
    }
    cq_error_set(x->err, CONCORD_ERROR, NULL,
                 "format %s %s; this result has no %s (its columns: %s)",
                 x->fmt, need, missing, cq_buf_str(&m));
    cq_buf_free(&m);
    return x->err->code;
}

static int refuse_row(ex *x, size_t r, const char *what, const char *value)
{
    return cq_error_set(x->err, CONCORD_ERROR, NULL,
                        "format %s: row %zu: %s '%s'", x->fmt, r - x->first + 1,
                        what, value);
}

/*
** The chain of clause keys a composed row went through, "from > pivot > to"
** (CQ_CHAIN_SEP between keys), into b; empty for a direct row.  The one
** place that knows where a route is kept: a `route` column (its keys, in
** order, separated by '>', ',', ';', '|' or white space; the row's from
** and to are added when it leaves them out), else the `via` column of
** `correlate ... via`.  Every format writes this string.
*/
#define CQ_CHAIN_SEP " > "
static void row_chain(ex *x, size_t r, cq_buf *b)
{
    cq_buf_clear(b);
    const char *from = cell(x, r, x->c_from);
    const char *to = cell(x, r, x->c_to);
    if (x->c_route >= 0 && *cell(x, r, x->c_route)) {
        const char *s = cell(x, r, x->c_route);
        size_t n_keys = 0, last = 0, last_len = 0;
        while (*s) {
            size_t skip = strspn(s, " \t>,;|");
            s += skip;
            size_t len = strcspn(s, " \t>,;|");
            if (len == 0)
                break;
            if (memchr(s, ':', len) != NULL) { /* a key, not an arrow */
                if (n_keys == 0 &&
                    !(len == strlen(from) && strncmp(s, from, len) == 0)) {
                    cq_buf_puts(b, from); /* the route left out its start */
                    n_keys++;
                }
                if (n_keys++ > 0)
                    cq_buf_puts(b, CQ_CHAIN_SEP);
                last = b->len;
                last_len = len;
                cq_buf_append(b, s, len);
            }
            s += len;
        }
        if (n_keys > 0 && !(last_len == strlen(to) && b->data &&
                            memcmp(b->data + last, to, last_len) == 0))
            cq_buf_printf(b, CQ_CHAIN_SEP "%s", to);
        if (n_keys < 2)
            cq_buf_clear(b); /* from and to alone: not a chain */
        return;
    }
    if (x->c_via >= 0 && *cell(x, r, x->c_via))
        cq_buf_printf(b, "%s" CQ_CHAIN_SEP "%s" CQ_CHAIN_SEP "%s", from,
                      cell(x, r, x->c_via), to);
}

/* The `routes` cell of a composed row (how many routes reach its pair;
** the row is the strongest of them), copied; "" for a direct row or a
** table without the column.  NULL when memory ran out. */
static const char *row_routes(ex *x, size_t r, const char *chain)
{
    const char *n = *chain ? cell(x, r, x->c_routes) : "";
    return cq_arena_strndup(&x->ar, n, strlen(n));
}

/* Check a table of mappings and learn its rows and standards; a row the
** same as an earlier one in everything written is marked skip. */
static int read_mappings(ex *x)
{
    if (x->c_from < 0 || x->c_to < 0 || x->c_rel < 0) {
        char missing[40] = "";
        const char *names[3] = {"from", "to", "relation"};
        int cols[3] = {x->c_from, x->c_to, x->c_rel};
        int nmiss = 0, total = 0;
        for (int i = 0; i < 3; i++)
            total += cols[i] < 0;
        for (int i = 0; i < 3; i++) {
            if (cols[i] >= 0)
                continue;
            strcat(missing, nmiss == 0           ? ""
                            : nmiss + 1 == total ? " or "
                                                 : ", ");
            strcat(missing, names[i]);
            nmiss++;
        }
        return refuse_columns(x,
                              "exports mappings and needs the columns from, "
                              "to and relation",
                              missing);
    }
    x->rows = cq_arena_zalloc(&x->ar, (x->n ? x->n : 1) * sizeof *x->rows);
    if (x->rows == NULL)
        return cq_error_nomem(x->err);
    strset written; /* every written cell of a row, for duplicates */
    strset_init(&written, &x->ar);
    cq_buf sig;
    cq_buf_init(&sig, x->b->alloc);
    for (size_t i = 0; i < x->n; i++) {
        size_t r = x->first + i;
        row *w = &x->rows[i];
        if (cq_out_tick(x->o) != CONCORD_OK) {
            cq_buf_free(&sig);
            return x->o->rc;
        }
        row_chain(x, r, &sig);
        w->chain = cq_arena_strndup(&x->ar, cq_buf_str(&sig), sig.len);
        if (w->chain == NULL || sig.failed) {
            cq_buf_free(&sig);
            return cq_error_nomem(x->err);
        }
        x->chained |= *w->chain != '\0';
        w->routes = row_routes(x, r, w->chain);
        if (w->routes == NULL) {
            cq_buf_free(&sig);
            return cq_error_nomem(x->err);
        }
        int cols[] = {x->c_from,    x->c_ftitle, x->c_to,        x->c_ttitle,
                      x->c_annex,   x->c_rel,    x->c_strength,  x->c_conf,
                      x->c_source,  x->c_note,   x->c_rationale, x->c_status,
                      x->c_coverage};
        cq_buf_clear(&sig);
        cq_buf_printf(&sig, "%s\x1f%s", w->chain, w->routes);
        for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++)
            cq_buf_printf(&sig, "\x1f%s", cell(x, r, cols[c]));
        int added = 0;
        if (sig.failed || strset_add(&written, sig.data, sig.len, &added) < 0) {
            cq_buf_free(&sig);
            return cq_error_nomem(x->err);
        }
        w->skip = !added;
        const char *rel = cell(x, r, x->c_rel);
        w->rel = cq_rel_spelling_find(rel);
        if (w->rel == NULL) {
            cq_buf_free(&sig);
            return refuse_row(x, r,
                              "relation is not one of equal, equivalent, "
                              "subset, superset, intersects or none:",
                              rel);
        }
        const char *from = cq_arena_strndup(&x->ar, cell(x, r, x->c_from),
                                            strlen(cell(x, r, x->c_from)));
        const char *to = cq_arena_strndup(&x->ar, cell(x, r, x->c_to),
                                          strlen(cell(x, r, x->c_to)));
        if (from == NULL || to == NULL) {
            cq_buf_free(&sig);
            return cq_error_nomem(x->err);
        }
        w->from_text = from;
        w->to_text = to;
        w->from = split_key(from);
        if (!x->coverage && (w->from.num == NULL || w->from.std_len == 0 ||
                             *w->from.num == 0)) {
            cq_buf_free(&sig);
            return refuse_row(
                x, r, "from is not a clause key (standard:number):", from);
        }
        w->to = split_key(to);
        if (w->to.std_len == 0 ||
            (w->rel != &cq_rel_spellings[CQ_REL_NONE] && !x->coverage &&
             (w->to.num == NULL || *w->to.num == 0))) {
            cq_buf_free(&sig);
            return refuse_row(x, r,
                              w->rel == &cq_rel_spellings[CQ_REL_NONE]
                                  ? "to is not a standard or clause key:"
                                  : "to is not a clause key "
                                    "(standard:number):",
                              to);
        }
        if (w->rel == &cq_rel_spellings[CQ_REL_NONE] && !x->coverage)
            w->to.num = NULL; /* none relates to the whole standard */
        w->from_std = strset_add(&x->stds, w->from.std, w->from.std_len, NULL);
        w->to_std = strset_add(&x->stds, w->to.std, w->to.std_len, NULL);
        if (w->from_std < 0 || w->to_std < 0) {
            cq_buf_free(&sig);
            return cq_error_nomem(x->err);
        }
    }
    cq_buf_free(&sig);
    return CONCORD_OK;
}

/* ---- small writers ------------------------------------------------------- */

/* XML names (NCName, ASCII part): SSSOM prefixes and OSCAL tokens. */
static int is_ncname_start(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int is_ncname_char(char c)
{
    return is_ncname_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

static void put_repeat(cq_buf *b, char c, size_t n)
{
    while (n-- > 0)
        cq_buf_putc(b, c);
}

/* A new line indented for depth, after a comma unless first. */
static void json_next(cq_buf *b, int depth, int first)
{
    if (!first)
        cq_buf_putc(b, ',');
    cq_buf_putc(b, '\n');
    put_repeat(b, ' ', (size_t)depth * 2);
}

static void json_field(cq_buf *b, int depth, int first, const char *name)
{
    json_next(b, depth, first);
    cq_out_json_string(b, name);
    cq_buf_puts(b, ": ");
}

static void json_field_str(cq_buf *b, int depth, int first, const char *name,
                           const char *value)
{
    json_field(b, depth, first, name);
    cq_out_json_string(b, value);
}

/* ---- DOT -------------------------------------------------------------------
 */

/* s as a DOT string: " and \ escaped (so "\n" in a label stays literal
** text), & as &amp; (Graphviz reads entities in labels: "&amp;" in a title
** would show as "&"), line breaks as DOT's \n, other control characters
** as spaces. */
static void dot_escaped(cq_buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') {
            cq_buf_putc(b, '\\');
            cq_buf_putc(b, (char)c);
        } else if (c == '\n') {
            cq_buf_puts(b, "\\n");
        } else if (c == '&') {
            cq_buf_puts(b, "&amp;");
        } else if (c < 0x20 || c == 0x7f) {
            if (c != '\r')
                cq_buf_putc(b, ' ');
        } else {
            cq_buf_putc(b, (char)c);
        }
    }
}

static void dot_string(cq_buf *b, const char *s)
{
    cq_buf_putc(b, '"');
    dot_escaped(b, s, strlen(s));
    cq_buf_putc(b, '"');
}

typedef struct dot_node {
    const char *title; /* NULL when no row gave one */
    long std;          /* cluster: index into ex.stds */
    int bare;          /* a standard drawn as a node (relation none) */
} dot_node;

typedef struct dot_graph {
    strset ids;      /* node ids */
    dot_node *nodes; /* by id index; grows with ids.cap */
    size_t cap;
} dot_graph;

/* The node named id (added when new); title fills in a missing one. */
static long dot_add(ex *x, dot_graph *g, const char *id, const char *title,
                    int bare)
{
    int added;
    long i = strset_add(&g->ids, id, strlen(id), &added);
    if (i < 0)
        return -1;
    if ((size_t)i >= g->cap) {
        size_t cap = g->ids.cap;
        dot_node *nodes = cq_arena_zalloc(&x->ar, cap * sizeof *nodes);
        if (nodes == NULL)
            return -1;
        if (g->cap)
            memcpy(nodes, g->nodes, g->cap * sizeof *nodes);
        g->nodes = nodes;
        g->cap = cap;
    }
    dot_node *n = &g->nodes[i];
    if (added) {
        key k = split_key(id);
        n->std = strset_add(&x->stds, k.std, k.std_len, NULL);
        n->bare = bare;
        if (n->std < 0)
            return -1;
    }
    if (n->title == NULL && title != NULL && *title) {
        n->title = cq_arena_strndup(&x->ar, title, strlen(title));
        if (n->title == NULL)
            return -1;
    }
    return i;
}

static void dot_edge(ex *x, const char *from, const char *to, size_t r,
                     int dashed, const char *fixed_label)
{
    cq_buf *b = x->b;
    cq_buf_puts(b, "  ");
    dot_string(b, from);
    cq_buf_puts(b, " -> ");
    dot_string(b, to);
    const char *rel = fixed_label ? fixed_label : cell(x, r, x->c_rel);
    const char *strength = fixed_label ? "" : cell(x, r, x->c_strength);
    if (*rel || *strength) {
        cq_buf_puts(b, " [label=\"");
        dot_escaped(b, rel, strlen(rel));
        if (*rel && *strength)
            cq_buf_putc(b, ' ');
        dot_escaped(b, strength, strlen(strength));
        cq_buf_putc(b, '"');
        if (dashed)
            cq_buf_puts(b, ", style=dashed");
        cq_buf_putc(b, ']');
    } else if (dashed) {
        cq_buf_puts(b, " [style=dashed]");
    }
    cq_buf_puts(b, ";\n");
    cq_out_line_done(x->o);
}

static int write_dot(ex *x)
{
    int edges = x->c_from >= 0 && x->c_to >= 0;
    if (!edges && x->c_clause < 0)
        return refuse_columns(x,
                              "draws clauses and edges and needs the columns "
                              "from and to, or a clause column",
                              "from, to or clause");
    dot_graph g;
    memset(&g, 0, sizeof g);
    strset_init(&g.ids, &x->ar);
    /* Nodes first (a title may come from a later row), then the text. */
    for (size_t r = x->first; r < x->first + x->n; r++) {
        long a, z = 0;
        if (cq_out_tick(x->o) != CONCORD_OK)
            return x->o->rc;
        if (edges) {
            const char *from = cell(x, r, x->c_from);
            const char *to = cell(x, r, x->c_to);
            if (!*from || !*to)
                continue;
            a = dot_add(x, &g, from, cell(x, r, x->c_ftitle), 0);
            z = dot_add(x, &g, to, cell(x, r, x->c_ttitle),
                        strchr(to, ':') == NULL);
        } else {
            const char *clause = cell(x, r, x->c_clause);
            const char *parent = cell(x, r, x->c_parent);
            if (!*clause)
                continue;
            a = dot_add(x, &g, clause, cell(x, r, x->c_title), 0);
            if (*parent)
                z = dot_add(x, &g, parent, NULL, 0);
        }
        if (a < 0 || z < 0)
            return cq_error_nomem(x->err);
    }
    cq_buf *b = x->b;
    cq_buf_puts(b, "digraph concord {\n  rankdir=LR;\n  node [shape=box];\n");
    for (size_t s = 0; s < x->stds.n && x->o->rc == CONCORD_OK; s++) {
        cq_buf_puts(b, "  subgraph \"cluster_");
        dot_escaped(b, x->stds.key[s], strlen(x->stds.key[s]));
        cq_buf_puts(b, "\" {\n    label=");
        dot_string(b, x->stds.key[s]);
        cq_buf_puts(b, ";\n");
        for (size_t i = 0; i < g.ids.n; i++) {
            const dot_node *n = &g.nodes[i];
            if (n->std != (long)s)
                continue;
            cq_buf_puts(b, "    ");
            dot_string(b, g.ids.key[i]);
            if (n->bare) {
                cq_buf_puts(b, " [shape=folder]");
            } else if (n->title) {
                cq_buf_puts(b, " [label=\"");
                dot_escaped(b, g.ids.key[i], strlen(g.ids.key[i]));
                cq_buf_puts(b, "\\n");
                dot_escaped(b, n->title, strlen(n->title));
                cq_buf_puts(b, "\"]");
            }
            cq_buf_puts(b, ";\n");
            cq_out_line_done(x->o);
        }
        cq_buf_puts(b, "  }\n");
    }
    for (size_t r = x->first; r < x->first + x->n && x->o->rc == CONCORD_OK;
         r++) {
        if (edges) {
            const char *from = cell(x, r, x->c_from);
            const char *to = cell(x, r, x->c_to);
            if (*from && *to)
                dot_edge(x, from, to, r, strchr(to, ':') == NULL, NULL);
        } else {
            const char *clause = cell(x, r, x->c_clause);
            const char *parent = cell(x, r, x->c_parent);
            if (*clause && *parent)
                dot_edge(x, clause, parent, r, 1, "parent");
        }
    }
    cq_buf_puts(b, "}\n");
    return cq_out_line_done(x->o);
}

/* ---- OSCAL mapping-collection ----------------------------------------------
 */

/* A prop value as OSCAL's string type wants it: no surrounding white space
** and no line breaks (docs/formats.md says what is lost). */
static const char *oscal_string(ex *x, const char *s)
{
    while (*s == ' ' || (*s >= '\t' && *s <= '\r'))
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || (s[n - 1] >= '\t' && s[n - 1] <= '\r')))
        n--;
    char *copy = cq_arena_strndup(&x->ar, s, n);
    if (copy == NULL)
        return NULL;
    for (char *p = copy; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            *p = ' ';
    return copy;
}

/* lead, then "props": [...] of concord's namespace, leaving out empty
** values; nothing at all when every value is empty.  -1 on OOM. */
static int oscal_props(ex *x, const char *lead, const char *const *names,
                       const char *const *values, int n)
{
    int any = 0;
    for (int i = 0; i < n; i++) {
        const char *v = oscal_string(x, values[i]);
        if (v == NULL)
            return -1;
        if (!*v)
            continue;
        cq_buf_puts(x->b, any ? ", " : lead);
        if (!any)
            cq_buf_puts(x->b, "\"props\": [");
        any = 1;
        cq_buf_puts(x->b, "{\"name\": ");
        cq_out_json_string(x->b, names[i]);
        cq_buf_puts(x->b, ", \"ns\": ");
        cq_out_json_string(x->b, x->ns);
        cq_buf_puts(x->b, ", \"value\": ");
        cq_out_json_string(x->b, v);
        cq_buf_putc(x->b, '}');
    }
    if (any)
        cq_buf_putc(x->b, ']');
    return 0;
}

/* A note as OSCAL markup (Markdown): the characters Markdown would read as
** formatting are backslash-escaped, and so are the line starts that make
** a list item or a heading underline ("- ", "+ ", "=", "1. ", "1) "), so
** the text shows as written and an import gets it back exactly. */
static void markdown_escaped(cq_buf *b, const char *s)
{
    int line_start = 1;
    for (; *s; s++) {
        if (line_start) {
            const char *p = s;
            while (*p == ' ')
                p++;
            const char *d = p;
            while (*d >= '0' && *d <= '9')
                d++;
            if (*p == '-' || *p == '+' || *p == '=') {
                cq_buf_append(b, s, (size_t)(p - s));
                cq_buf_putc(b, '\\');
                s = p;
            } else if (d > p && (*d == '.' || *d == ')')) {
                cq_buf_append(b, s, (size_t)(d - s));
                cq_buf_putc(b, '\\');
                s = d;
            }
        }
        if (strchr("\\`*_[]<>&#~|", *s) != NULL)
            cq_buf_putc(b, '\\');
        cq_buf_putc(b, *s);
        line_start = *s == '\n';
    }
}

/* A clause number as an OSCAL control id (a token: a letter or '_' first,
** then letters, digits, '.', '-', '_'): the number itself when it is one
** ("A.12.1.2"), else "clause-" and the number ("clause-8.5.1"). */
static void oscal_control_id(cq_buf *b, const char *num)
{
    if (!is_ncname_start(*num))
        cq_buf_puts(b, "clause-");
    for (; *num; num++)
        cq_buf_putc(b, is_ncname_char(*num) ? *num : '_');
}

static void oscal_uuid_of(ex *x, const char *kind, const char *a,
                          const char *b2, char out[37])
{
    sha1 s;
    uuid_begin(&s, x->uuid_ns);
    uuid_feed(&s, kind);
    uuid_feed(&s, a);
    if (b2)
        uuid_feed(&s, b2);
    uuid_end(&s, out);
}

/* The full title of standard id when the corpus knows it, else NULL. */
static const char *std_title(ex *x, const char *id)
{
    const char *t = NULL;
    if (x->opts && x->opts->std_title)
        t = x->opts->std_title(x->opts->ctx, id);
    return t && *t ? t : NULL;
}

static int oscal_resource(ex *x, int depth, const char *use, long std)
{
    char uuid[37];
    cq_buf *b = x->b;
    const char *name = x->stds.key[std];
    oscal_uuid_of(x, "resource", name, NULL, uuid);
    json_field(b, depth, 0, use);
    cq_buf_printf(b, "{\"type\": \"catalog\", \"href\": \"#%s\"", uuid);
    const char *pn[] = {"standard"};
    if (oscal_props(x, ", ", pn, &name, 1) != 0)
        return -1;
    cq_buf_putc(b, '}');
    return 0;
}

/* One source or target item: the clause number (or, for relation none,
** the standard itself, marked with the prop scope=standard). */
static int oscal_item(ex *x, const key *k, const char *title)
{
    cq_buf *b = x->b;
    cq_buf_puts(b, "{\"type\": \"control\", \"id-ref\": \"");
    if (k->num) {
        oscal_control_id(b, k->num);
        cq_buf_putc(b, '"');
        const char *pn[] = {"title"};
        if (oscal_props(x, ", ", pn, &title, 1) != 0)
            return -1;
    } else {
        /* The whole standard: "standard-" and its id as a token. */
        cq_buf_puts(b, "standard-");
        for (size_t i = 0; i < k->std_len; i++)
            cq_buf_putc(b, is_ncname_char(k->std[i]) ? k->std[i] : '_');
        cq_buf_putc(b, '"');
        const char *pn[] = {"scope"}, *pv[] = {"standard"};
        if (oscal_props(x, ", ", pn, pv, 1) != 0)
            return -1;
    }
    cq_buf_putc(b, '}');
    return 0;
}

static int oscal_map(ex *x, size_t i, int occurrence, int first)
{
    cq_buf *b = x->b;
    size_t r = x->first + i;
    const row *w = &x->rows[i];
    char uuid[37];
    const char *annex = cell(x, r, x->c_annex);
    /* Per subject (from, to, annex), so that a map keeps its UUID from one
    ** export to the next; a subject repeated in one table gets its
    ** occurrence number mixed in. */
    sha1 s;
    uuid_begin(&s, x->uuid_ns);
    uuid_feed(&s, "map");
    uuid_feed(&s, x->rows[i].from_text);
    uuid_feed(&s, x->rows[i].to_text);
    uuid_feed(&s, annex);
    if (occurrence > 1) {
        char k[24];
        snprintf(k, sizeof k, "%d", occurrence);
        uuid_feed(&s, k);
    }
    uuid_end(&s, uuid);
    json_next(b, 5, first);
    cq_buf_putc(b, '{');
    json_field_str(b, 6, 1, "uuid", uuid);
    const char *rationale = cell(x, r, x->c_rationale);
    if (!strcmp(rationale, "syntactic") || !strcmp(rationale, "semantic") ||
        !strcmp(rationale, "functional"))
        json_field_str(b, 6, 0, "matching-rationale", rationale);
    json_field_str(b, 6, 0, "relationship", w->rel->oscal);
    json_field(b, 6, 0, "sources");
    cq_buf_putc(b, '[');
    if (oscal_item(x, &w->from, cell(x, r, x->c_ftitle)) != 0)
        return -1;
    cq_buf_putc(b, ']');
    json_field(b, 6, 0, "targets");
    cq_buf_putc(b, '[');
    if (oscal_item(x, &w->to, cell(x, r, x->c_ttitle)) != 0)
        return -1;
    cq_buf_putc(b, ']');
    const char *confidence = cell(x, r, x->c_conf);
    if (*confidence) {
        json_field(b, 6, 0, "confidence-score");
        cq_buf_puts(b, "{\"category\": ");
        cq_out_json_string(b, confidence);
        cq_buf_putc(b, '}');
    }
    const char *coverage = cell(x, r, x->c_coverage);
    if (*coverage) { /* a coverage result: percent as a fraction */
        json_field(b, 6, 0, "coverage");
        cq_buf_printf(b,
                      "{\"generation-method\": \"covered clauses of all "
                      "clauses\", \"target-coverage\": %.3f}",
                      strtod(coverage, NULL) / 100.0);
    }
    const char *pn[] = {"annex",  "strength", "source",  "route",
                        "routes", "status",   "covered", "total"};
    const char *pv[] = {annex,
                        cell(x, r, x->c_strength),
                        cell(x, r, x->c_source),
                        w->chain,
                        w->routes,
                        cell(x, r, x->c_status),
                        cell(x, r, x->c_covered),
                        cell(x, r, x->c_total)};
    if (oscal_props(x, ",\n            ", pn, pv, 8) != 0)
        return -1;
    const char *note = cell(x, r, x->c_note);
    if (*note) {
        json_field(b, 6, 0, "remarks");
        cq_buf md;
        cq_buf_init(&md, b->alloc);
        markdown_escaped(&md, note);
        cq_out_json_string(b, cq_buf_str(&md));
        int failed = md.failed;
        cq_buf_free(&md);
        if (failed)
            return -1;
    }
    json_next(b, 5, 1);
    cq_buf_putc(b, '}');
    return 0;
}

static int write_oscal(ex *x)
{
    int rc = read_mappings(x);
    if (rc != CONCORD_OK)
        return rc;
    if (x->n == 0)
        return cq_error_set(x->err, CONCORD_ERROR, NULL,
                            "format oscal: the result has no rows, and an "
                            "OSCAL mapping-collection needs at least one "
                            "mapping");
    strset_init(&x->pairs, &x->ar);
    strset subjects; /* "from\x1fto\x1fannex", for occurrence numbers */
    strset_init(&subjects, &x->ar);
    int *seen = cq_arena_zalloc(&x->ar, x->n * sizeof *seen);
    int *occ = cq_arena_alloc(&x->ar, x->n * sizeof *occ);
    cq_buf kb;
    cq_buf_init(&kb, x->b->alloc);
    if (seen == NULL || occ == NULL)
        return cq_error_nomem(x->err);
    sha1 all;
    uuid_begin(&all, x->uuid_ns);
    uuid_feed(&all, "mapping-collection");
    for (size_t i = 0; i < x->n; i++) {
        row *w = &x->rows[i];
        size_t r = x->first + i;
        if (cq_out_tick(x->o) != CONCORD_OK) {
            cq_buf_free(&kb);
            return x->o->rc;
        }
        cq_buf_clear(&kb);
        cq_buf_append(&kb, w->from.std, w->from.std_len);
        cq_buf_putc(&kb, '\x1f');
        cq_buf_append(&kb, w->to.std, w->to.std_len);
        w->pair = kb.failed ? -1 : strset_add(&x->pairs, kb.data, kb.len, NULL);
        cq_buf_clear(&kb);
        cq_buf_printf(&kb, "%s\x1f%s\x1f%s", w->from_text, w->to_text,
                      cell(x, r, x->c_annex));
        long subject =
            kb.failed ? -1 : strset_add(&subjects, kb.data, kb.len, NULL);
        if (w->pair < 0 || subject < 0) {
            cq_buf_free(&kb);
            return cq_error_nomem(x->err);
        }
        occ[i] = ++seen[subject];
        int cols[] = {x->c_from,   x->c_ftitle, x->c_to,       x->c_ttitle,
                      x->c_annex,  x->c_rel,    x->c_strength, x->c_conf,
                      x->c_source, x->c_note,   x->c_rationale};
        for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++)
            uuid_feed(&all, cell(x, r, cols[c]));
        if (*w->chain) /* as before for a direct row */
            uuid_feed(&all, w->chain);
    }
    cq_buf_free(&kb);
    char uuid[37];
    uuid_end(&all, uuid);

    cq_buf *b = x->b;
    cq_buf_puts(b, "{\n  \"mapping-collection\": {");
    json_field_str(b, 2, 1, "uuid", uuid);
    json_field(b, 2, 0, "metadata");
    cq_buf_putc(b, '{');
    json_field(b, 3, 1, "title");
    cq_buf *t = &(cq_buf){0};
    cq_buf_init(t, b->alloc);
    cq_buf_puts(t, "concord correlations of ");
    for (size_t p = 0; p < x->pairs.n; p++) {
        const char *k = x->pairs.key[p];
        const char *sep = strchr(k, '\x1f');
        cq_buf_printf(t, "%s%.*s with %s", p ? "; " : "", (int)(sep - k), k,
                      sep + 1);
    }
    cq_out_json_string(b, cq_buf_str(t));
    int t_failed = t->failed;
    if (t_failed) {
        cq_buf_free(t);
        return cq_error_nomem(x->err);
    }
    json_field_str(b, 3, 0, "last-modified", x->when);
    json_field_str(b, 3, 0, "version", "1");
    json_field_str(b, 3, 0, "oscal-version", CQ_OSCAL_VERSION);
    json_next(b, 2, 1);
    cq_buf_putc(b, '}');
    json_field(b, 2, 0, "provenance");
    cq_buf_putc(b, '{');
    /* Every edge was written by a person; a chained row composes two. */
    json_field_str(b, 3, 1, "method", x->chained ? "hybrid" : "human");
    json_field_str(b, 3, 0, "matching-rationale", "semantic");
    json_field_str(b, 3, 0, "status", "not-complete");
    cq_buf_clear(t);
    cq_buf_printf(t,
                  "Correlations between management system standards, "
                  "exported by concord " CONCORD_VERSION
                  " from a query result. Each relationship reads from "
                  "source to target (NIST IR 8477). concord's own fields "
                  "are props in the namespace %s: annex (the correlation "
                  "table), strength (0 to 10), source (where the "
                  "correlation comes from), title, route (the clauses a "
                  "composed correlation went through, from source to "
                  "target, separated by \" > \") and status (of a gap: "
                  "none or unmapped); each map's remarks hold its note. A "
                  "control id is the clause number, with \"clause-\" in "
                  "front when the number starts with a digit.",
                  x->ns);
    json_field_str(b, 3, 0, "mapping-description", cq_buf_str(t));
    t_failed = t->failed;
    cq_buf_free(t);
    if (t_failed)
        return cq_error_nomem(x->err);
    json_next(b, 2, 1);
    cq_buf_putc(b, '}');
    json_field(b, 2, 0, "mappings");
    cq_buf_putc(b, '[');
    cq_out_line_done(x->o);
    for (size_t p = 0; p < x->pairs.n && x->o->rc == CONCORD_OK; p++) {
        size_t i0 = 0;
        while (x->rows[i0].pair != (long)p || x->rows[i0].skip)
            i0++;
        const char *k = x->pairs.key[p];
        oscal_uuid_of(x, "mapping", k, NULL, uuid);
        json_next(b, 3, p == 0);
        cq_buf_putc(b, '{');
        json_field_str(b, 4, 1, "uuid", uuid);
        if (oscal_resource(x, 4, "source-resource", x->rows[i0].from_std) !=
                0 ||
            oscal_resource(x, 4, "target-resource", x->rows[i0].to_std) != 0)
            return cq_error_nomem(x->err);
        json_field(b, 4, 0, "maps");
        cq_buf_putc(b, '[');
        for (size_t i = i0; i < x->n && x->o->rc == CONCORD_OK; i++) {
            if (x->rows[i].pair != (long)p || x->rows[i].skip)
                continue;
            if (oscal_map(x, i, occ[i], i == i0) != 0)
                return cq_error_nomem(x->err);
            cq_out_line_done(x->o);
        }
        json_next(b, 4, 1);
        cq_buf_puts(b, "]");
        json_next(b, 3, 1);
        cq_buf_putc(b, '}');
    }
    json_next(b, 2, 1);
    cq_buf_putc(b, ']');
    /* The resources named by the mappings' href="#uuid". */
    json_field(b, 2, 0, "back-matter");
    cq_buf_putc(b, '{');
    json_field(b, 3, 1, "resources");
    cq_buf_putc(b, '[');
    for (size_t s = 0; s < x->stds.n; s++) {
        const char *name = x->stds.key[s];
        oscal_uuid_of(x, "resource", name, NULL, uuid);
        json_next(b, 4, s == 0);
        cq_buf_printf(b, "{\"uuid\": \"%s\", \"title\": ", uuid);
        /* What catalogue it is: the standard's title in the corpus. */
        const char *full = std_title(x, name);
        cq_out_json_string(b, full ? full : name);
        cq_buf_puts(b, ", \"description\": ");
        cq_buf *d = &(cq_buf){0};
        cq_buf_init(d, b->alloc);
        cq_buf_printf(d,
                      "The standard %s%s%s%s as concord's corpus holds it: "
                      "each control id is one of its clause numbers.",
                      name, full ? " (" : "", full ? full : "",
                      full ? ")" : "");
        cq_out_json_string(b, cq_buf_str(d));
        int d_failed = d->failed;
        cq_buf_free(d);
        if (d_failed)
            return cq_error_nomem(x->err);
        const char *pn[] = {"standard"};
        if (oscal_props(x, ", ", pn, &name, 1) != 0)
            return cq_error_nomem(x->err);
        cq_buf_putc(b, '}');
        cq_out_line_done(x->o);
    }
    json_next(b, 3, 1);
    cq_buf_putc(b, ']');
    json_next(b, 2, 1);
    cq_buf_puts(b, "}\n  }\n}\n");
    return cq_out_line_done(x->o);
}

/* ---- NIST OLIR / STRM CSV -------------------------------------------------
 */

/*
** The columns are the OLIR Template fields of NIST IR 8278A Rev. 1 (Feb.
** 2024), Table 2, in the order of its set theory relationship mapping
** examples (Tables 4 and 5), then the two document names from its
** General Information (3.1), which the template keeps beside the rows and
** a CSV of several standards needs on each.  Elements are clause numbers
** without the standard, as 3.2.3 asks (no ':' in element identifiers).
*/
static const char strm_header[] =
    "Focal Document Element,Focal Document Element Description,Rationale,"
    "Relationship,Reference Document Element,Reference Document Element "
    "Description,Comments,Strength of Relationship,Focal Document,Reference "
    "Document\r\n";

/* "key: value" for Comments, with \ and ; escaped in the value. */
static void strm_comment(cq_buf *b, int *first, const char *name,
                         const char *value, int verbatim)
{
    if (verbatim < 0 && *value == '\0')
        return; /* a gap's or coverage's column this row leaves empty */
    if (!*first)
        cq_buf_puts(b, "; ");
    *first = 0;
    cq_buf_printf(b, "%s: ", name);
    for (; *value; value++) {
        if (!verbatim && (*value == '\\' || *value == ';'))
            cq_buf_putc(b, '\\');
        cq_buf_putc(b, *value);
    }
}

static int write_strm(ex *x)
{
    int rc = read_mappings(x);
    if (rc != CONCORD_OK)
        return rc;
    cq_buf *b = x->b;
    cq_buf_puts(b, strm_header);
    cq_out_line_done(x->o);
    cq_buf field;
    cq_buf_init(&field, b->alloc);
    for (size_t i = 0; i < x->n && x->o->rc == CONCORD_OK; i++) {
        size_t r = x->first + i;
        const row *w = &x->rows[i];
        if (w->skip)
            continue;
        const char *rationale = cell(x, r, x->c_rationale);
        const char *values[10];
        values[0] = w->from.num ? w->from.num : "";
        values[1] = cell(x, r, x->c_ftitle);
        values[2] = *rationale ? rationale : "semantic";
        values[3] = w->rel->strm;
        values[4] = w->to.num ? w->to.num : "";
        values[5] = w->to.num ? cell(x, r, x->c_ttitle) : "";
        values[7] = cell(x, r, x->c_strength);
        /* Comments: what the template has no column for, in a form that
        ** an import reads back (docs/formats.md). */
        cq_buf_clear(&field);
        int first = 1;
        if (w->rel == &cq_rel_spellings[CQ_REL_EQUIVALENT])
            strm_comment(&field, &first, "relation", "equivalent", 0);
        int view = x->t == &x->view ? -1 : 0; /* leave out empty values */
        if (x->c_annex >= 0)
            strm_comment(&field, &first, "annex", cell(x, r, x->c_annex), 0);
        if (x->c_conf >= 0)
            strm_comment(&field, &first, "confidence", cell(x, r, x->c_conf),
                         view);
        if (x->c_source >= 0)
            strm_comment(&field, &first, "source", cell(x, r, x->c_source), 0);
        if (*w->chain)
            strm_comment(&field, &first, "route", w->chain, 0);
        if (*w->routes)
            strm_comment(&field, &first, "routes", w->routes, 0);
        if (x->c_status >= 0)
            strm_comment(&field, &first, "status", cell(x, r, x->c_status),
                         view);
        if (x->c_coverage >= 0) {
            strm_comment(&field, &first, "covered", cell(x, r, x->c_covered),
                         view);
            strm_comment(&field, &first, "total", cell(x, r, x->c_total), view);
            strm_comment(&field, &first, "percent", cell(x, r, x->c_coverage),
                         view);
        }
        if (x->c_note >= 0 && (!view || *cell(x, r, x->c_note)))
            strm_comment(&field, &first, "note", cell(x, r, x->c_note), 1);
        if (field.failed)
            break;
        values[6] = cq_buf_str(&field);
        for (int c = 0; c < 10; c++) {
            if (c > 0)
                cq_buf_putc(b, ',');
            if (c == 8 || c == 9) {
                const key *k = c == 8 ? &w->from : &w->to;
                char *std = cq_arena_strndup(&x->ar, k->std, k->std_len);
                if (std == NULL) {
                    cq_buf_free(&field);
                    return cq_error_nomem(x->err);
                }
                cq_out_csv_field(b, std);
            } else {
                cq_out_csv_field(b, values[c]);
            }
        }
        cq_buf_puts(b, "\r\n");
        cq_out_line_done(x->o);
    }
    int failed = field.failed;
    cq_buf_free(&field);
    if (failed)
        return cq_error_nomem(x->err);
    return x->o->rc;
}

/* ---- SSSOM/TSV ------------------------------------------------------------
 */

/* Bytes of a standard id or clause number that may stand in an IRI and a
** CURIE as they are; others are percent-encoded. */
static void put_iri_part(cq_buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
            (c >= '0' && c <= '9') || strchr("-._~@", c) != NULL)
            cq_buf_putc(b, (char)c);
        else
            cq_buf_printf(b, "%%%02X", c);
    }
}

/* A YAML scalar: plain when that reads back as the same string, else
** double-quoted. */
static void yaml_scalar(cq_buf *b, const char *s)
{
    int plain = *s != '\0' && strchr("-?:,[]{}#&*!|>'\"%@` ", *s) == NULL &&
                s[strlen(s) - 1] != ' ' && strstr(s, ": ") == NULL &&
                strstr(s, " #") == NULL;
    for (const char *p = s; plain && *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            plain = 0;
    if (plain) {
        cq_buf_puts(b, s);
        return;
    }
    cq_buf_putc(b, '"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            cq_buf_printf(b, "\\%c", c);
        else if (c < 0x20 || c == 0x7f)
            cq_buf_printf(b, "\\x%02x", c);
        else
            cq_buf_putc(b, (char)c);
    }
    cq_buf_putc(b, '"');
}

/* A cell of the mappings block: quoted (RFC 4180 style, with tabs) when it
** holds a tab, a line break or a double quote. */
static void tsv_cell(cq_buf *b, const char *s)
{
    if (strpbrk(s, "\t\r\n\"") == NULL) {
        cq_buf_puts(b, s);
        return;
    }
    cq_buf_putc(b, '"');
    for (; *s; s++) {
        if (*s == '"')
            cq_buf_putc(b, '"');
        cq_buf_putc(b, *s);
    }
    cq_buf_putc(b, '"');
}

/* The CURIE prefix of each standard: its id when that is an XML NCName
** other than a prefix SSSOM or concord uses, else "std" and the id with
** other characters as '_'; a clash gets a number. */
static const char *const reserved_prefixes[] = {"owl",    "rdf",    "rdfs",
                                                "semapv", "skos",   "sssom",
                                                "xsd",    "linkml", "concord"};
#define N_RESERVED (sizeof reserved_prefixes / sizeof *reserved_prefixes)

/* The prefix of standard s (an index into ex.stds) in the set made by
** sssom_prefixes. */
#define PREFIX_OF(prefixes, s) ((prefixes)->key[N_RESERVED + (size_t)(s)])

static int sssom_prefixes(ex *x, strset *prefixes)
{
    const char *const *reserved = reserved_prefixes;
    for (size_t i = 0; i < N_RESERVED; i++)
        if (strset_add(prefixes, reserved[i], strlen(reserved[i]), NULL) < 0)
            return -1;
    for (size_t s = 0; s < x->stds.n; s++) {
        const char *id = x->stds.key[s];
        int ok = is_ncname_start(*id);
        for (const char *p = id; ok && *p; p++)
            ok = is_ncname_char(*p);
        char name[160];
        int len = snprintf(name, sizeof name, "%s%.120s", ok ? "" : "std", id);
        for (int i = 0; i < len; i++)
            if (!is_ncname_char(name[i]))
                name[i] = '_';
        int added = 0;
        for (int k = 1; !added; k++) {
            int n2 = k == 1 ? len
                            : len + snprintf(name + len, sizeof name - len,
                                             "_%d", k);
            if (strset_add(prefixes, name, (size_t)n2, &added) < 0)
                return -1;
        }
    }
    return 0;
}

/* The SSSOM columns concord writes, in the order of the Mapping class's
** slots, then its extension slots sorted by property. */
enum {
    S_SUBJECT,
    S_SUBJECT_LABEL,
    S_PREDICATE,
    S_OBJECT,
    S_OBJECT_LABEL,
    S_JUSTIFICATION,
    S_OBJECT_SOURCE,
    S_CONFIDENCE,
    S_COMMENT,
    S_ANNEX,
    S_ROUTE,
    S_ROUTES,
    S_SOURCE,
    S_STRENGTH,
    S_NCOLS
};

static const char *const sssom_columns[S_NCOLS] = {
    "subject_id",     "subject_label",   "predicate_id",
    "object_id",      "object_label",    "mapping_justification",
    "object_source",  "confidence",      "comment",
    "concord_annex",  "concord_route",   "concord_routes",
    "concord_source", "concord_strength"};

/* The cells of row i (empty when the row has none); strings made here
** are in b, at offsets kept in at[]. */
static void sssom_cells(ex *x, size_t i, const strset *prefixes, cq_buf *b,
                        size_t at[S_NCOLS])
{
    size_t r = x->first + i;
    const row *w = &x->rows[i];
    const char *fixed[S_NCOLS] = {NULL};
    fixed[S_SUBJECT_LABEL] = cell(x, r, x->c_ftitle);
    fixed[S_PREDICATE] = w->rel->skos;
    /* A composed row is a chain of curated ones; its route says which. */
    fixed[S_JUSTIFICATION] =
        *w->chain ? "semapv:MappingChaining" : "semapv:ManualMappingCuration";
    fixed[S_ROUTE] = w->chain;
    fixed[S_ROUTES] = w->routes;
    fixed[S_COMMENT] = cell(x, r, x->c_note);
    fixed[S_ANNEX] = cell(x, r, x->c_annex);
    fixed[S_SOURCE] = cell(x, r, x->c_source);
    const char *conf = cq_confidence_number(cell(x, r, x->c_conf));
    fixed[S_CONFIDENCE] = conf ? conf : "";
    if (b->failed)
        return; /* clearing would forget the failure */
    cq_buf_clear(b);
    for (int c = 0; c < S_NCOLS; c++) {
        at[c] = b->len;
        const char *prefix = NULL;
        if (c == S_SUBJECT)
            prefix = PREFIX_OF(prefixes, w->from_std);
        else if (c == S_OBJECT && w->to.num)
            prefix = PREFIX_OF(prefixes, w->to_std);
        if (prefix) {
            const key *k = c == S_SUBJECT ? &w->from : &w->to;
            cq_buf_printf(b, "%s:", prefix);
            put_iri_part(b, k->num, strlen(k->num));
        } else if (c == S_OBJECT) {
            cq_buf_puts(b, "sssom:NoTermFound");
        } else if (c == S_OBJECT_LABEL) {
            cq_buf_puts(b, w->to.num ? cell(x, r, x->c_ttitle) : "");
        } else if (c == S_OBJECT_SOURCE) {
            if (!w->to.num) {
                cq_buf_puts(b, "concord:std/");
                put_iri_part(b, w->to.std, w->to.std_len);
            }
        } else if (c == S_STRENGTH) {
            cq_buf_puts(b, cell(x, r, x->c_strength));
        } else {
            cq_buf_puts(b, fixed[c]);
        }
        cq_buf_putc(b, '\0');
    }
}

typedef struct pfx {
    const char *name;
    long std; /* index into ex.stds; -1 for concord's own prefix */
} pfx;

static int compare_pfx(const void *a, const void *b)
{
    return strcmp(((const pfx *)a)->name, ((const pfx *)b)->name);
}

static int write_sssom(ex *x)
{
    int rc = read_mappings(x);
    if (rc != CONCORD_OK)
        return rc;
    strset prefixes;
    strset_init(&prefixes, &x->ar);
    if (sssom_prefixes(x, &prefixes) != 0)
        return cq_error_nomem(x->err);
    /* Optional columns that no row fills are left out, as SSSOM/TSV asks;
    ** required ones are always there. */
    int used[S_NCOLS] = {1, 0, 1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0};
    char *used_std = cq_arena_zalloc(&x->ar, x->stds.n + 1);
    pfx *order = cq_arena_alloc(&x->ar, (x->stds.n + 1) * sizeof *order);
    if (used_std == NULL || order == NULL)
        return cq_error_nomem(x->err);
    cq_buf cells;
    cq_buf_init(&cells, x->b->alloc);
    size_t at[S_NCOLS];
    sha1 all;
    uuid_begin(&all, x->uuid_ns);
    uuid_feed(&all, "sssom");
    for (size_t i = 0; i < x->n; i++) {
        if (cq_out_tick(x->o) != CONCORD_OK) {
            cq_buf_free(&cells);
            return x->o->rc;
        }
        if (x->rows[i].skip)
            continue;
        sssom_cells(x, i, &prefixes, &cells, at);
        for (int c = 0; c < S_NCOLS; c++) {
            int filled = cells.data && cells.data[at[c]] != '\0';
            used[c] |= filled;
            /* an empty count is not fed: the ids of sets made before
            ** the column existed stay what they were */
            if (c != S_ROUTES || filled)
                uuid_feed(&all, cells.data ? cells.data + at[c] : "");
        }
        used_std[x->rows[i].from_std] = 1;
        if (x->rows[i].to.num)
            used_std[x->rows[i].to_std] = 1;
    }
    if (cells.failed) {
        cq_buf_free(&cells);
        return cq_error_nomem(x->err);
    }
    int ext = used[S_ANNEX] || used[S_ROUTE] || used[S_ROUTES] ||
              used[S_SOURCE] || used[S_STRENGTH];
    char uuid[37];
    uuid_end(&all, uuid);

    /* The prefixes used, sorted by name, the built-in ones left out: the
    ** canonical form of the CURIE map. */
    cq_buf *b = x->b;
    size_t n = 0;
    if (ext || used[S_OBJECT_SOURCE])
        order[n++] = (pfx){"concord", -1};
    for (size_t s = 0; s < x->stds.n; s++)
        if (used_std[s])
            order[n++] = (pfx){PREFIX_OF(&prefixes, s), (long)s};
    qsort(order, n, sizeof *order, compare_pfx);
    if (n > 0)
        cq_buf_puts(b, "#curie_map:\n");
    for (size_t i = 0; i < n; i++) {
        cq_buf_printf(b, "#  %s: %s", order[i].name, x->ns);
        if (order[i].std >= 0) {
            const char *id = x->stds.key[order[i].std];
            cq_buf_puts(b, "std/");
            put_iri_part(b, id, strlen(id));
            cq_buf_putc(b, '/');
        }
        cq_buf_putc(b, '\n');
    }
    cq_buf_printf(b, "#mapping_set_id: urn:uuid:%s\n", uuid);
    cq_buf_puts(b, "#mapping_set_title: ");
    yaml_scalar(b, "concord correlations");
    cq_buf_puts(b, "\n#license: https://w3id.org/sssom/license/unspecified\n"
                   "#mapping_tool: concord\n#mapping_tool_version: ");
    yaml_scalar(b, CONCORD_VERSION);
    cq_buf_printf(b, "\n#mapping_date: %.10s\n", x->when);
    if (ext) {
        static const char *const ext_defs[5][3] = {
            {"concord_annex", "concord:annex", "xsd:string"},
            {"concord_route", "concord:route", "xsd:string"},
            {"concord_routes", "concord:routes", "xsd:integer"},
            {"concord_source", "concord:source", "xsd:string"},
            {"concord_strength", "concord:strength", "xsd:integer"}};
        cq_buf_puts(b, "#extension_definitions:\n");
        for (int e = 0; e < 5; e++)
            if (used[S_ANNEX + e])
                cq_buf_printf(b,
                              "#  - slot_name: %s\n#    property: %s\n"
                              "#    type_hint: %s\n",
                              ext_defs[e][0], ext_defs[e][1], ext_defs[e][2]);
    }
    int col = 0;
    for (int c = 0; c < S_NCOLS; c++)
        if (used[c])
            cq_buf_printf(b, "%s%s", col++ ? "\t" : "", sssom_columns[c]);
    cq_buf_putc(b, '\n');
    cq_out_line_done(x->o);
    for (size_t i = 0; i < x->n && x->o->rc == CONCORD_OK; i++) {
        if (x->rows[i].skip)
            continue;
        sssom_cells(x, i, &prefixes, &cells, at);
        if (cells.failed)
            break;
        col = 0;
        for (int c = 0; c < S_NCOLS; c++) {
            if (!used[c])
                continue;
            if (col++)
                cq_buf_putc(b, '\t');
            tsv_cell(b, cells.data + at[c]);
        }
        cq_buf_putc(b, '\n');
        cq_out_line_done(x->o);
    }
    int failed = cells.failed;
    cq_buf_free(&cells);
    if (failed)
        return cq_error_nomem(x->err);
    return x->o->rc;
}

/* ---- gap and coverage, as mappings ------------------------------------------
**
** A gap row says a clause has nothing in the standard it was measured
** against: a `none` mapping to that standard (its status, none or
** unmapped, kept beside it).  A coverage row says how much of a clause
** (or, for scope all, of a standard) the other standard covers: a mapping
** from the covering standard to it, intersects when something is covered
** and none when nothing is, with the counts and the percentage. */

static void find_columns(ex *x);

/* Does a set as written ("27001", "20000-1:8.2.*") name one standard? */
static int one_standard(const char *label)
{
    return label != NULL && *label != '\0' && *label != ':' &&
           strpbrk(label, ", ") == NULL;
}

/* The standard of a set that names one (one_standard), or NULL on OOM. */
static const char *set_standard(ex *x, const char *label)
{
    return cq_arena_strndup(&x->ar, label, strcspn(label, ":"));
}

static const char *const view_cols[] = {
    "from", "from_title", "to",       "relation", "confidence",
    "note", "status",     "coverage", "covered",  "total"};
enum {
    V_FROM,
    V_FTITLE,
    V_TO,
    V_REL,
    V_CONF,
    V_NOTE,
    V_STATUS,
    V_COVERAGE,
    V_COVERED,
    V_TOTAL,
    V_NCOLS
};

/* Replace a gap or coverage result by the mappings it says (x->view), or
** leave the table when it is neither.  Returns CONCORD_OK or an error. */
static int as_mappings(ex *x)
{
    const cq_table *t = x->t;
    int c_clause = cq_table_column(t, "clause");
    int c_against = cq_table_column(t, "against");
    int c_std = cq_table_column(t, "standard");
    int c_by = cq_table_column(t, "by");
    int c_scope = cq_table_column(t, "scope");
    int gap = x->c_from < 0 && c_clause >= 0 && x->c_status >= 0;
    int cov = x->c_from < 0 && c_std >= 0 && c_by >= 0 && c_scope >= 0 &&
              x->c_covered >= 0 && x->c_total >= 0 &&
              cq_table_column(t, "percent") >= 0;
    if (!gap && !cov)
        return CONCORD_OK;
    const char *against = NULL;
    if (gap && c_against < 0) {
        const char *label = x->opts ? x->opts->against : NULL;
        if (!one_standard(label))
            return cq_error_set(x->err, CONCORD_ERROR, NULL,
                                "format %s: this gap does not say which one "
                                "standard it was measured against; export "
                                "a gap against one standard at a time",
                                x->fmt);
        if ((against = set_standard(x, label)) == NULL)
            return cq_error_nomem(x->err);
    }
    cq_value *cells =
        cq_arena_zalloc(&x->ar, (x->n ? x->n : 1) * V_NCOLS * sizeof *cells);
    if (cells == NULL)
        return cq_error_nomem(x->err);
    for (size_t i = 0; i < x->n; i++) {
        size_t r = x->first + i;
        cq_value *v = cells + i * V_NCOLS;
        if (cq_out_tick(x->o) != CONCORD_OK)
            return x->o->rc;
        for (int c = 0; c < V_NCOLS; c++)
            v[c] = cq_text("");
        if (gap) {
            const char *to = against;
            if (c_against >= 0 && !one_standard(cell(x, r, c_against)))
                return refuse_row(x, r, "against is not one standard:",
                                  cell(x, r, c_against));
            if (c_against >= 0 &&
                (to = set_standard(x, cell(x, r, c_against))) == NULL)
                return cq_error_nomem(x->err);
            v[V_FROM] = cq_text(cell(x, r, c_clause));
            v[V_FTITLE] = cq_text(cell(x, r, x->c_title));
            v[V_TO] = cq_text(to);
            v[V_REL] = cq_text("none");
            v[V_CONF] = cq_text(cell(x, r, x->c_conf));
            v[V_NOTE] = cq_text(cell(x, r, x->c_note));
            v[V_STATUS] = cq_text(cell(x, r, x->c_status));
        } else {
            const char *scope = cell(x, r, c_scope);
            const char *to =
                strcmp(scope, "all") == 0 ? cell(x, r, c_std) : scope;
            if (!one_standard(cell(x, r, c_by)))
                return refuse_row(x, r,
                                  "by is not one standard:", cell(x, r, c_by));
            const char *by = set_standard(x, cell(x, r, c_by));
            if (by == NULL)
                return cq_error_nomem(x->err);
            const char *covered = cell(x, r, x->c_covered);
            v[V_FROM] = cq_text(by);
            v[V_TO] = cq_text(to);
            v[V_REL] =
                cq_text(strtol(covered, NULL, 10) > 0 ? "intersects" : "none");
            v[V_COVERED] = cq_text(covered);
            v[V_TOTAL] = cq_text(cell(x, r, x->c_total));
            v[V_COVERAGE] = cq_text(cell(x, r, cq_table_column(t, "percent")));
        }
        /* The cells above may sit in x->num: keep copies. */
        for (int c = 0; c < V_NCOLS; c++)
            if ((v[c].u.text = cq_arena_strndup(&x->ar, v[c].u.text,
                                                strlen(v[c].u.text))) == NULL)
                return cq_error_nomem(x->err);
    }
    x->view.alloc = t->alloc;
    x->view.n_cols = V_NCOLS;
    x->view.col_names = view_cols;
    x->view.cells = cells;
    x->view.n_rows = x->n;
    x->t = &x->view;
    x->first = 0;
    x->coverage = cov;
    find_columns(x);
    return CONCORD_OK;
}

/* ---- entry ----------------------------------------------------------------
 */

static void find_columns(ex *x)
{
    const cq_table *table = x->t;
    x->c_from = cq_table_column(table, "from");
    x->c_to = cq_table_column(table, "to");
    x->c_rel = cq_table_column(table, "relation");
    x->c_annex = cq_table_column(table, "annex");
    x->c_strength = cq_table_column(table, "strength");
    x->c_conf = cq_table_column(table, "confidence");
    x->c_source = cq_table_column(table, "source");
    x->c_note = cq_table_column(table, "note");
    x->c_ftitle = cq_table_column(table, "from_title");
    x->c_ttitle = cq_table_column(table, "to_title");
    x->c_rationale = cq_table_column(table, "rationale");
    x->c_clause = cq_table_column(table, "clause");
    x->c_title = cq_table_column(table, "title");
    x->c_parent = cq_table_column(table, "parent");
    x->c_via = cq_table_column(table, "via");
    x->c_route = cq_table_column(table, "route");
    x->c_routes = cq_table_column(table, "routes");
    if (cq_table_column(table, "hop") >= 0) {
        /* path: each row is one edge, curated; its route is the whole
        ** path's, not a chain this row composes */
        x->c_route = -1;
        x->c_routes = -1;
    }
    x->c_status = cq_table_column(table, "status");
    x->c_coverage = cq_table_column(table, "coverage");
    x->c_covered = cq_table_column(table, "covered");
    x->c_total = cq_table_column(table, "total");
}

/* t as UTC "YYYY-MM-DDThh:mm:ssZ"; the clock when t < 0. */
static void format_time(long long t, char out[24])
{
    time_t when = t >= 0 ? (time_t)t : time(NULL);
    struct tm tm;
    if (gmtime_r(&when, &tm) == NULL ||
        strftime(out, 24, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        snprintf(out, 24, "%s", "2026-01-01T00:00:00Z");
}

int cq_export_write(cq_out *o, const cq_table *table, size_t first, int format,
                    const cq_export_opts *opts, const cq_allocator *alloc,
                    cq_error *err)
{
    ex x;
    memset(&x, 0, sizeof x);
    x.t = table;
    x.first = first;
    x.n = first < table->n_rows ? table->n_rows - first : 0;
    x.o = o;
    x.b = &o->buf;
    x.err = err;
    x.opts = opts;
    x.ns = opts && opts->ns ? opts->ns : CQ_NS_DEFAULT;
    format_time(opts ? opts->time : -1, x.when);
    cq_arena_init(&x.ar, alloc);
    strset_init(&x.stds, &x.ar);
    uuid_namespace_of(x.uuid_ns, x.ns);
    x.fmt = cq_format_name(format) ? cq_format_name(format) : "?";
    find_columns(&x);
    int rc = CONCORD_OK;
    if (format == CONCORD_FORMAT_OSCAL || format == CONCORD_FORMAT_STRM)
        rc = as_mappings(&x);
    if (rc != CONCORD_OK) {
        cq_arena_free(&x.ar);
        return rc;
    }
    switch (format) {
    case CONCORD_FORMAT_DOT:
        rc = write_dot(&x);
        break;
    case CONCORD_FORMAT_OSCAL:
        rc = write_oscal(&x);
        break;
    case CONCORD_FORMAT_STRM:
        rc = write_strm(&x);
        break;
    case CONCORD_FORMAT_SSSOM:
        rc = write_sssom(&x);
        break;
    default:
        rc = CONCORD_RANGE;
        break;
    }
    cq_arena_free(&x.ar);
    if (rc == CONCORD_OK && o->buf.failed)
        rc = CONCORD_NOMEM;
    return rc;
}
