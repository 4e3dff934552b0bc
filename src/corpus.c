/*
** corpus.c -- reading the five corpus TSV files and validating them into
** rows (corpus_rows.h), which graph_build.c compiles into the graph.
**
** Loading is all or nothing: every problem found is reported as one line
** "FILE:LINE:COLUMN: message" (up to CQ_CORPUS_MAX_ERRORS of them), and a
** corpus with any problem yields CONCORD_CORRUPT and no graph.  The file
** texts, rows and lookup tables live in one scratch arena that is freed
** before returning, whatever happens.  The format is docs/corpus.md.
**
** A corpus can be stacked from layers: a base (a folder, or the rows of
** a graph already built), then folders holding any of the five files and
** mapping files (mapping.h), in order.  Every layer is read first, so the
** row arrays and lookup tables are sized once for all of them; then each
** is validated against everything below it, and its edges replace the
** edges below that join the same two ends in the same annex.
*/
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* fstat, fileno, strerror_r */
#endif

#include "corpus.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "concord.h"
#include "corpus_rows.h"
#include "file.h"
#include "image.h"
#include "mapping.h"
#include "tick.h"
#include "strhash.h"
#include "suggest.h"
#include "text.h"

/* ---- the five files ----------------------------------------------------- */

enum { F_STANDARDS, F_CLAUSES, F_EDGES, F_TERMS, F_LINKS, N_FILES };

/* The widest file (edges) has 8 columns and an optional ninth, `kind`;
** one more shows excess. */
#define MAX_FIELDS 10

static const char *const standards_cols[] = {"id", "title", "year", "role",
                                             "notes"};
static const char *const clauses_cols[] = {"standard", "number", "title",
                                           "parent",   "origin", "source"};
static const char *const edges_cols[] = {"from",     "to",       "annex",
                                         "relation", "strength", "confidence",
                                         "source",   "note",     "kind"};
/* (kind, the last, is optional: schema's count leaves it out) */
static const char *const terms_cols[] = {"vocabulary", "entry", "term", "hls",
                                         "source"};
static const char *const links_cols[] = {"from", "to", "relation", "note",
                                         "source"};

static const struct {
    const char *name;
    const char *const *cols;
    int ncols;
} schema[N_FILES] = {
    {"standards.tsv", standards_cols, 5}, {"clauses.tsv", clauses_cols, 6},
    {"edges.tsv", edges_cols, 8},         {"terms.tsv", terms_cols, 5},
    {"term_links.tsv", links_cols, 5},
};

/* Columns of each file, by name, for readable field access. */
enum { S_ID, S_TITLE, S_YEAR, S_ROLE, S_NOTES };
enum { C_STANDARD, C_NUMBER, C_TITLE, C_PARENT, C_ORIGIN, C_SOURCE };
enum {
    E_FROM,
    E_TO,
    E_ANNEX,
    E_RELATION,
    E_STRENGTH,
    E_CONFIDENCE,
    E_SOURCE,
    E_NOTE,
    E_KIND /* optional: when the header has it */
};
enum { T_VOCABULARY, T_ENTRY, T_TERM, T_HLS, T_SOURCE };
enum { L_FROM, L_TO, L_RELATION, L_NOTE, L_SOURCE };

static const char *const role_names[] = {"structure", "mss", "vocabulary",
                                         "controls", "other"};
static const char *const hls_names[] = {"yes", "no"};

/* The graph's enums a corpus field names (their names are graph.c's).  A
** message lists the choices in enum order, or from the last value down
** where that reads better (confidence: 'high', 'medium' or 'low'). */
typedef struct graph_enum {
    const char *(*name)(int value);
    int (*from_name)(const char *s, size_t n);
    int count;
    int best_first;
} graph_enum;

#define GRAPH_ENUM_MAX 8 /* the most values a graph_enum may have */
static const graph_enum origin_enum = {cq_origin_name, cq_origin_from_name,
                                       CQ_ORIGIN_COUNT, 0};
static const graph_enum relation_enum = {
    cq_relation_name, cq_relation_from_name, CQ_REL_COUNT, 0};
static const graph_enum confidence_enum = {
    cq_confidence_name, cq_confidence_from_name, CQ_CONF_COUNT, 1};
static const graph_enum kind_enum = {cq_kind_name, cq_kind_from_name,
                                     CQ_KIND_COUNT, 0};
static const graph_enum term_relation_enum = {
    cq_term_relation_name, cq_term_relation_from_name, CQ_TREL_COUNT, 0};
_Static_assert(CQ_ORIGIN_COUNT <= GRAPH_ENUM_MAX &&
                   CQ_REL_COUNT <= GRAPH_ENUM_MAX &&
                   CQ_CONF_COUNT <= GRAPH_ENUM_MAX &&
                   CQ_KIND_COUNT <= GRAPH_ENUM_MAX &&
                   CQ_TREL_COUNT <= GRAPH_ENUM_MAX,
               "a graph enum has more values than check_graph_enum lists");

/* ---- the loader --------------------------------------------------------- */

typedef struct text_file {
    const char *name; /* as shown in messages */
    char *data;       /* a mutable copy, NUL-terminated; split in place;
                         NULL: a file a layer does not have */
    size_t len;
} text_file;

/* One layer as read, before it is validated. */
typedef struct layer_src {
    const char *name;           /* what answers call it */
    text_file files[N_FILES];   /* a folder's files (data NULL: absent) */
    int is_mapping;             /* a mapping file: imported holds its rows */
    cq_mapping_result imported; /* rows of a mapping file */
} layer_src;

/*
** A lookup table of keys, ASCII case folded when compared: standard ids,
** and whole clause and term keys ("27001:A.5.1", the standard spelled as
** it was declared).  A key written with another spelling of its standard
** is still found: the standard is the part before the first ':', which
** neither part can hold, so two keys are equal folded exactly when their
** standards and their numbers are.  Keys are added in row order, so a key
** is known by its row; each remembers its group (the standard of a
** clause or term; 0 for a standard).  A slot holds the key's hash,
** length, group and first 16 bytes (folded), so finding a key that short
** -- nearly every clause key -- reads one slot and nothing else: one
** cache miss, which load_edges prefetches rows ahead.
*/
#define KEY_HEAD 16
typedef struct key_slot {
    uint32_t hash;
    uint32_t row; /* CQ_NONE: a free slot */
    uint32_t group;
    uint32_t len;
    uint64_t head[KEY_HEAD / 8]; /* the first bytes, folded, 0-padded */
} key_slot;

/* Where the key of a row was defined, for duplicate messages. */
typedef struct key_place {
    const char *file; /* the file (NULL: in the base graph or made) */
    int line;         /* 0: in the base graph, or made by a mapping */
    int layer;
} key_place;

typedef struct keytab {
    key_slot *slot;
    uint32_t mask;
    const char **text; /* by row: the key */
    key_place *place;  /* by row */
} keytab;

/* What validation remembers about a clause row beyond cq_row_clause. */
typedef struct clause_aux {
    const char *parent; /* the parent number as written; NULL: none/bad */
    int line;
    int parent_col;
} clause_aux;

/* A key's hash made by prefetch_line, kept for the lookup of the same
** key, at the same place in the file, a few rows later (memo_hash). */
typedef struct key_memo {
    const char *s; /* the key's bytes, in a file's data; NULL: none */
    size_t n;
    uint32_t hash;
} key_memo;

/* Slots of the memo: room for the keys of LOOKAHEAD lines several times
** over, so that few are lost to collisions. */
#define KEY_MEMO 256

typedef struct loader {
    const cq_allocator *alloc;
    cq_error *err;
    cq_arena scratch;
    cq_buf msg;               /* the problem line being written */
    cq_buf key;               /* a key being looked up */
    text_file files[N_FILES]; /* the files of the layer being validated */
    char *next_line[N_FILES]; /* where each file's rows start */
    int first_line[N_FILES];  /* the line number there */
    int problems;
    int stop;  /* too many problems, or out of memory: give up */
    int nomem; /* an allocation failed */
    cq_corpus_rows rows;
    clause_aux *clause_aux;
    keytab standards, clauses, terms;
    /* Room in the row arrays, for every layer (set by allocate_rows). */
    uint32_t cap_standards, cap_clauses, cap_edges, cap_terms, cap_links;
    uint8_t layer;           /* the layer being validated: its index */
    uint32_t layer_clauses;  /* its first clause row */
    uint8_t *made_standard;  /* per standards row: made by a mapping file */
    int edges_kind;          /* this layer's edges.tsv has the kind column */
    cq_run *run;             /* each row a step of it, or NULL */
    int halted;              /* CONCORD_TOOBIG or _INTERRUPT: run said stop */
    key_memo memo[KEY_MEMO]; /* hashes prefetch_line made (memo_hash) */
} loader;

typedef struct tsv_row {
    int file;
    int line;
    int n;                  /* fields found on the line */
    char *f[MAX_FIELDS];    /* the first fields, NUL-terminated */
    size_t len[MAX_FIELDS]; /* their lengths */
    int col[MAX_FIELDS];    /* their 1-based byte columns */
    int bad;                /* a problem was reported for this row */
} tsv_row;

/* ---- reporting ---------------------------------------------------------- */

static void out_of_memory(loader *ld)
{
    ld->nomem = 1;
    ld->stop = 1;
    cq_error_nomem(ld->err);
}

/*
** Start a problem line "FILE:LINE:COLUMN: " in ld->msg.  Returns 0, or -1
** when loading must stop: out of memory, or this would be one problem too
** many (then "... and more errors" ends the list).
*/
static int begin_problem(loader *ld, int file, int line, int col)
{
    if (ld->stop)
        return -1;
    if (ld->problems == CQ_CORPUS_MAX_ERRORS) {
        ld->stop = 1;
        if (cq_error_add(ld->err, CONCORD_CORRUPT, "... and more errors") ==
            CONCORD_NOMEM)
            out_of_memory(ld);
        return -1;
    }
    cq_buf_clear(&ld->msg);
    cq_buf_printf(&ld->msg, "%s:%d:%d: ", ld->files[file].name, line, col);
    return 0;
}

/* Add the line begun by begin_problem to the error.  Returns 0 or -1 as
** begin_problem does. */
static int end_problem(loader *ld)
{
    ld->problems++;
    if (ld->msg.failed || cq_error_add(ld->err, CONCORD_CORRUPT, "%s",
                                       cq_buf_str(&ld->msg)) == CONCORD_NOMEM) {
        out_of_memory(ld);
        return -1;
    }
    return 0;
}

/*
** Count a row read (of file, at line) as a step of the run, if any.
** Returns 0, or -1 when loading must stop: past the steps limit or
** interrupted, which replaces the problems listed so far (they are about
** rows read, and the load is being given up).
*/
static int load_tick(loader *ld, const char *file, int line)
{
    if (ld->run == NULL || ld->halted)
        return ld->halted ? -1 : 0;
    int rc = cq_tick(ld->run);
    if (rc == CONCORD_OK)
        return 0;
    ld->stop = 1;
    if (rc == CONCORD_INTERRUPT)
        rc = cq_error_set(ld->err, rc, NULL, "%s:%d: interrupted", file, line);
    else
        rc = cq_error_set(ld->err, rc, NULL,
                          "%s:%d: loading stopped after %d steps of work (the "
                          "steps limit; raise it with --limit steps=N)",
                          file, line,
                          cq_limit_of(ld->run->limits, CONCORD_LIMIT_STEPS));
    ld->halted = rc; /* CONCORD_NOMEM when the message could not be made */
    return -1;
}

/* A whole problem line about field i of r (also marks the row bad). */
static int field_problem(loader *ld, tsv_row *r, int i, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int field_problem(loader *ld, tsv_row *r, int i, const char *fmt, ...)
{
    r->bad = 1;
    if (begin_problem(ld, r->file, r->line, r->col[i]) != 0)
        return -1;
    cq_buf_printf(&ld->msg, "%s: ", schema[r->file].cols[i]);
    va_list ap;
    va_start(ap, fmt);
    cq_buf_vprintf(&ld->msg, fmt, ap);
    va_end(ap);
    return end_problem(ld);
}

/* ", " between names and " or " before the last: "a, b or c". */
static void write_choices(cq_buf *buf, const char *const *names, int n)
{
    for (int i = 0; i < n; i++) {
        if (i > 0)
            cq_buf_puts(buf, i == n - 1 ? " or " : ", ");
        cq_buf_puts(buf, names[i]);
    }
}

static unsigned char fold(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c - 'A' + 'a') : c;
}

static int same_folded(const char *a, size_t alen, const char *b, size_t blen)
{
    if (alen != blen)
        return 0;
    for (size_t i = 0; i < alen; i++)
        if (fold((unsigned char)a[i]) != fold((unsigned char)b[i]))
            return 0;
    return 1;
}

/*
** Write the suggestions of s as "; did you mean A, B or C?".  The
** suggester keeps candidates of equal distance in the order they were
** offered (file order); names of standards, clauses and terms read better
** in number order, so ties are put in that order first.  The candidates
** must be NUL-terminated.
*/
static void write_names_suggested(loader *ld, cq_suggest *s)
{
    for (int i = 1; i < s->n; i++) {
        for (int j = i;
             j > 0 && s->best_dist[j - 1] == s->best_dist[j] &&
             cq_clause_number_compare(s->best[j - 1], s->best[j]) > 0;
             j--) {
            const char *name = s->best[j];
            size_t len = s->best_len[j];
            s->best[j] = s->best[j - 1];
            s->best_len[j] = s->best_len[j - 1];
            s->best[j - 1] = name;
            s->best_len[j - 1] = len;
        }
    }
    cq_suggest_write(s, &ld->msg, "; ", "");
}

/* ---- syntax ------------------------------------------------------------- */

/* Split key "a:b" at its first ':' into *colon; 1 when a is a standard id
** and b a number. */
static int split_key(const char *s, size_t n, size_t *colon)
{
    const char *c = memchr(s, ':', n);
    if (c == NULL)
        return 0;
    *colon = (size_t)(c - s);
    return cq_text_valid_id(s, *colon) &&
           cq_text_valid_number(c + 1, n - *colon - 1);
}

/* ---- reading lines ------------------------------------------------------ */

/* A blank line holds nothing but spaces and tabs. */
static int is_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t')
            return 0;
    return 1;
}

/* The longest field a corpus file may hold, in bytes.  Titles and notes
** run to a few hundred; a field far longer is a file that is not a corpus
** (or a cell pasted into the wrong place), and refusing it keeps a bad
** file from becoming a huge graph. */
#define CQ_MAX_FIELD_BYTES 65536

/* Start a problem in field (0-based) of a line, at col: the message
** begins with the field's name.  Returns 0, or -1 when loading must
** stop. */
static int begin_field_problem(loader *ld, int file, int line_no, int col,
                               int field, int is_header)
{
    if (begin_problem(ld, file, line_no, col) != 0)
        return -1;
    if (is_header)
        cq_buf_puts(&ld->msg, "header: ");
    else if (field < schema[file].ncols)
        cq_buf_printf(&ld->msg, "%s: ", schema[file].cols[field]);
    else
        cq_buf_printf(&ld->msg, "field %d: ", field + 1);
    return 0;
}

/*
** Check that line[0..n) is UTF-8 without control characters (tabs
** separate fields and are fine), its fields no longer than
** CQ_MAX_FIELD_BYTES.  Returns 0 when it is, 1 when a problem was reported
** (the line is to be skipped), -1 when loading must stop.
*/
static int check_bytes(loader *ld, int file, int line_no, const char *line,
                       size_t n, int is_header)
{
    const unsigned char *s = (const unsigned char *)line;
    int field = 0;
    size_t field_start = 0;
    for (size_t i = 0; i <= n;) {
        if (i == n || s[i] == '\t') {
            if (i - field_start > CQ_MAX_FIELD_BYTES) {
                if (begin_field_problem(ld, file, line_no, (int)field_start + 1,
                                        field, is_header) != 0)
                    return -1;
                cq_buf_printf(&ld->msg,
                              "%zu bytes long; a field holds at most %d",
                              i - field_start, CQ_MAX_FIELD_BYTES);
                return end_problem(ld) == 0 ? 1 : -1;
            }
            if (i == n)
                break;
        }
        const char *what = NULL;
        size_t len = 1;
        if (s[i] == '\t') {
            field++;
            field_start = i + 1;
        } else if (s[i] < 0x20) {
            what = "control character";
        } else {
            len = cq_utf8_length(s + i, n - i);
            if (len == 0)
                what = "invalid UTF-8 byte";
        }
        if (what != NULL) {
            if (begin_field_problem(ld, file, line_no, (int)i + 1, field,
                                    is_header) != 0)
                return -1;
            cq_buf_printf(&ld->msg, "%s 0x%02x", what, s[i]);
            if (s[i] < 0x20)
                cq_buf_puts(&ld->msg, " not allowed");
            return end_problem(ld) == 0 ? 1 : -1;
        }
        i += len;
    }
    return 0;
}

/*
** Whether line[0..n) is plainly good: printable ASCII and tabs only, no
** longer than a field may be.  Eight bytes at a time, without carries
** between bytes, so the answer is exact; a line it refuses is looked at
** byte by byte (check_bytes), which finds and reports its problem.
*/
static int plain_line(const char *line, size_t n)
{
    const uint64_t ones = 0x0101010101010101u, high = 0x80 * ones;
    if (n > CQ_MAX_FIELD_BYTES)
        return 0;
    uint64_t bad = 0;
    for (size_t i = 0; i < n; i += 8) {
        uint64_t w = 0x20 * ones; /* a short tail is padded with spaces */
        memcpy(&w, line + i, n - i < 8 ? n - i : 8);
        uint64_t low7 = w & (0x7f * ones);
        uint64_t t = low7 ^ (0x09 * ones); /* tabs become zero bytes */
        uint64_t is_tab = ~((t + 0x7f * ones) | t) & high;
        uint64_t ge_space = (low7 + 0x60 * ones) & high; /* >= 0x20 */
        bad |= (w & high) | (~ge_space & ~is_tab & high);
    }
    return bad == 0;
}

/*
** The next row of a file at *pos (line number *line_no), skipping blank
** lines and comments.  The row's fields are split in place.  Returns 1
** with a row, 0 at the end of the text, -1 when loading must stop.  A line
** with bad bytes is reported, then skipped, or for a header returns 2.
*/
static int next_row(loader *ld, int file, char **pos, int *line_no, tsv_row *r,
                    int is_header)
{
    text_file *tf = &ld->files[file];
    char *end = tf->data + tf->len;
    while (*pos < end) {
        char *line = *pos;
        char *nl = memchr(line, '\n', (size_t)(end - line));
        char *stop = nl ? nl : end;
        *pos = nl ? nl + 1 : end;
        int this_line = (*line_no)++;
        if (load_tick(ld, tf->name, this_line) != 0)
            return -1;
        if (stop > line && stop[-1] == '\r')
            stop--;
        size_t n = (size_t)(stop - line);
        if (is_blank(line, n) || line[0] == '#')
            continue;
        int rc = plain_line(line, n)
                     ? 0
                     : check_bytes(ld, file, this_line, line, n, is_header);
        if (rc < 0)
            return -1;
        if (rc > 0 && is_header)
            return 2;
        if (rc > 0)
            continue;
        *stop = '\0';
        /* Fields past the last one found stay empty, never garbage. */
        memset(r, 0, sizeof *r);
        r->file = file;
        r->line = this_line;
        char *f = line;
        for (;;) {
            char *tab = memchr(f, '\t', (size_t)(stop - f));
            if (r->n < MAX_FIELDS) {
                r->f[r->n] = f;
                r->len[r->n] = (size_t)((tab ? tab : stop) - f);
                r->col[r->n] = (int)(f - line) + 1;
            }
            r->n++;
            if (tab == NULL)
                break;
            *tab = '\0';
            f = tab + 1;
        }
        return 1;
    }
    return 0;
}

/* "the columns are a, b, c" for header messages. */
static void write_columns(loader *ld, int file)
{
    cq_buf_puts(&ld->msg, "; the columns are ");
    for (int i = 0; i < schema[file].ncols; i++) {
        if (i > 0)
            cq_buf_puts(&ld->msg, ", ");
        cq_buf_puts(&ld->msg, schema[file].cols[i]);
    }
}

/* Check the header row of a file and remember where its rows start.
** Returns 0 when it is right, 1 when a problem was reported, -1 to stop. */
static int read_header(loader *ld, int file)
{
    text_file *tf = &ld->files[file];
    if (file == F_EDGES)
        ld->edges_kind = 0;
    if (tf->data == NULL) { /* a layer without this file: no rows */
        ld->next_line[file] = NULL;
        return 0;
    }
    char *pos = tf->data;
    int line_no = 1;
    if (tf->len >= 3 && memcmp(pos, "\xEF\xBB\xBF", 3) == 0)
        pos += 3; /* a byte order mark says nothing in UTF-8 */
    tsv_row r;
    int rc = next_row(ld, file, &pos, &line_no, &r, 1);
    if (rc < 0)
        return -1;
    if (rc == 2)
        return 1; /* bad bytes in the header, reported */
    ld->next_line[file] = pos;
    ld->first_line[file] = line_no;
    if (rc == 0) {
        if (begin_problem(ld, file, line_no, 1) != 0)
            return -1;
        cq_buf_puts(&ld->msg, "header: missing");
        write_columns(ld, file);
        return end_problem(ld) == 0 ? 1 : -1;
    }
    int ncols = schema[file].ncols;
    if (file == F_EDGES && r.n == ncols + 1 && r.len[ncols] == 4 &&
        memcmp(r.f[ncols], "kind", 4) == 0) {
        ld->edges_kind = 1; /* the optional column (docs/formats.md) */
        ncols++;
    }
    int common = r.n < ncols ? r.n : ncols;
    for (int i = 0; i < common; i++) {
        const char *want = schema[file].cols[i];
        if (r.len[i] == strlen(want) && memcmp(r.f[i], want, r.len[i]) == 0)
            continue;
        if (begin_problem(ld, file, r.line, r.col[i]) != 0)
            return -1;
        cq_buf_printf(&ld->msg, "header: expected '%s', found '%s'", want,
                      r.f[i]);
        write_columns(ld, file);
        return end_problem(ld) == 0 ? 1 : -1;
    }
    if (r.n != ncols) {
        int col = r.n > ncols ? r.col[ncols] : 1;
        if (begin_problem(ld, file, r.line, col) != 0)
            return -1;
        cq_buf_printf(&ld->msg, "header: expected %d columns, found %d", ncols,
                      r.n);
        write_columns(ld, file);
        return end_problem(ld) == 0 ? 1 : -1;
    }
    return 0;
}

/* The next data row with the right number of fields (wrong ones are
** reported and skipped).  Returns 1, 0 at the end, -1 to stop. */
static int next_data_row(loader *ld, int file, tsv_row *r)
{
    if (ld->next_line[file] == NULL)
        return 0;
    for (;;) {
        int rc = next_row(ld, file, &ld->next_line[file], &ld->first_line[file],
                          r, 0);
        if (rc <= 0)
            return rc;
        int ncols = schema[file].ncols + (file == F_EDGES && ld->edges_kind);
        if (r->n == ncols)
            return 1;
        int col = r->n > ncols ? r->col[ncols] : 1;
        if (begin_problem(ld, file, r->line, col) != 0)
            return -1;
        cq_buf_printf(&ld->msg, "expected %d fields, found %d", ncols, r->n);
        if (end_problem(ld) != 0)
            return -1;
    }
}

/* An upper bound on the rows of a file: its line count.  The newlines
** are counted eight bytes at a time (exactly: no carries between bytes). */
static uint32_t max_rows(const text_file *tf)
{
    const uint64_t ones = 0x0101010101010101u, high = 0x80 * ones;
    if (tf->data == NULL)
        return 0;
    uint64_t n = 1;
    size_t i = 0;
    for (; i + 8 <= tf->len; i += 8) {
        uint64_t w;
        memcpy(&w, tf->data + i, 8);
        uint64_t t = w ^ ('\n' * ones); /* newlines become zero bytes */
        uint64_t nonzero = (((t & ~high) + ~high) | t) & high;
        n += ((~nonzero & high) >> 7) * ones >> 56; /* the bytes' sum */
    }
    for (; i < tf->len; i++)
        n += tf->data[i] == '\n';
    return n > UINT32_MAX ? UINT32_MAX : (uint32_t)n;
}

/* ---- lookup tables ------------------------------------------------------ */

/* The hash of key s[0..n), ASCII case folded. */
static uint32_t key_hash(const char *s, size_t n)
{
    return cq_strhash(s, n, 0, 1);
}

/* A table for max_entries rows: twice as many slots, all free. */
static int keytab_init(loader *ld, keytab *t, uint32_t max_entries)
{
    size_t size = 2;
    while (size < (size_t)max_entries * 2)
        size *= 2;
    t->slot = cq_arena_alloc(&ld->scratch, size * sizeof(key_slot));
    t->text = cq_arena_zalloc(&ld->scratch,
                              (size_t)(max_entries + 1) * sizeof(char *));
    t->place = cq_arena_zalloc(&ld->scratch,
                               (size_t)(max_entries + 1) * sizeof(key_place));
    if (t->slot == NULL || t->text == NULL || t->place == NULL) {
        out_of_memory(ld);
        return -1;
    }
    memset(t->slot, 0xff, size * sizeof(key_slot));
    t->mask = (uint32_t)(size - 1);
    return 0;
}

/* The first KEY_HEAD bytes of s[0..n), folded and padded with zeros. */
static void key_head(const char *s, size_t n, uint64_t head[KEY_HEAD / 8])
{
    unsigned char bytes[KEY_HEAD] = {0};
    memcpy(bytes, s, n < KEY_HEAD ? n : KEY_HEAD);
    for (int k = 0; k < KEY_HEAD / 8; k++) {
        memcpy(&head[k], bytes + 8 * k, 8);
        head[k] = cq_fold8(head[k]);
    }
}

/* The row of key s[0..n), or CQ_NONE; *group (unless NULL) is its
** group. */
static uint32_t keytab_find_hashed(const keytab *t, const char *s, size_t n,
                                   uint32_t h, uint32_t *group)
{
    uint64_t head[KEY_HEAD / 8];
    key_head(s, n, head);
    for (uint32_t i = h & t->mask;; i = (i + 1) & t->mask) {
        const key_slot *e = &t->slot[i];
        if (e->row == CQ_NONE)
            return CQ_NONE;
        if (e->hash != h || e->len != n || e->head[0] != head[0] ||
            e->head[1] != head[1])
            continue;
        if (n <= KEY_HEAD ||
            same_folded(t->text[e->row] + KEY_HEAD, n - KEY_HEAD, s + KEY_HEAD,
                        n - KEY_HEAD)) {
            if (group != NULL)
                *group = e->group;
            return e->row;
        }
    }
}

static uint32_t keytab_find(const keytab *t, const char *s, size_t n,
                            uint32_t *group)
{
    return keytab_find_hashed(t, s, n, key_hash(s, n), group);
}

/* The memo slot of a key at s. */
static key_memo *memo_at(loader *ld, const char *s)
{
    return &ld->memo[(uint32_t)((uintptr_t)s * 0x9e3779b1u) >> 24];
}

/*
** The hash of key s[0..n), taken from the memo when prefetch_line made
** it.  A memo entry is only ever for bytes of a file's data, which live
** (in the scratch arena) as long as the loader; splitting a line writes
** NULs over its tabs and end, never inside a field, so the same place and
** length are the same bytes.
*/
static uint32_t memo_hash(loader *ld, const char *s, size_t n)
{
    const key_memo *m = memo_at(ld, s);
    return m->s == s && m->n == n ? m->hash : key_hash(s, n);
}

/* Bring the slot where a lookup of s[0..n) starts into the cache, ahead
** of the lookup. */
static void keytab_prefetch(const keytab *t, const char *s, size_t n)
{
    __builtin_prefetch(&t->slot[key_hash(s, n) & t->mask]);
}

/* Add the key of row, known to be absent; the table was sized for every
** row.  The key was defined at line of the file being read (line 0: a
** base row, or one a mapping file made). */
static void keytab_add(const loader *ld, keytab *t, uint32_t group,
                       const char *s, size_t n, uint32_t row, int line,
                       int file)
{
    uint32_t h = key_hash(s, n);
    uint32_t i = h & t->mask;
    while (t->slot[i].row != CQ_NONE)
        i = (i + 1) & t->mask;
    t->slot[i].hash = h;
    t->slot[i].row = row;
    t->slot[i].group = group;
    t->slot[i].len = (uint32_t)n;
    key_head(s, n, t->slot[i].head);
    t->text[row] = s;
    t->place[row].line = line;
    t->place[row].file = line > 0 ? ld->files[file].name : NULL;
    t->place[row].layer = ld->layer;
}

static uint32_t find_standard(const loader *ld, const char *s, size_t n)
{
    return keytab_find(&ld->standards, s, n, NULL);
}

/* ---- field checks ------------------------------------------------------- */
/* Each returns 0 when the field is good, 1 when a problem was reported,
** -1 when loading must stop. */

static int result(int rc)
{
    return rc == 0 ? 1 : -1;
}

static int check_required(loader *ld, tsv_row *r, int i)
{
    if (r->len[i] > 0)
        return 0;
    return result(field_problem(ld, r, i, "required field is empty"));
}

/* Is s[0..n) the NUL-terminated name?  (Read a byte at a time: names are
** a few bytes, and a million rows each test several.) */
static int is_name(const char *name, const char *s, size_t n)
{
    size_t j = 0;
    while (j < n && name[j] == s[j])
        j++;
    return j == n && name[j] == '\0';
}

/* Field i must be one of names[0..n); *out is its index. */
static int check_enum(loader *ld, tsv_row *r, int i, const char *const *names,
                      int n, int *out)
{
    int rc = check_required(ld, r, i);
    if (rc != 0)
        return rc;
    for (int k = 0; k < n; k++) {
        if (is_name(names[k], r->f[i], r->len[i])) {
            *out = k;
            return 0;
        }
    }
    r->bad = 1;
    if (begin_problem(ld, r->file, r->line, r->col[i]) != 0)
        return -1;
    cq_buf_printf(&ld->msg, "%s: unknown value '%s'; expected ",
                  schema[r->file].cols[i], r->f[i]);
    write_choices(&ld->msg, names, n);
    cq_suggest s;
    cq_suggest_init(&s, r->f[i], r->len[i]);
    for (int k = 0; k < n; k++)
        cq_suggest_offer(&s, names[k], strlen(names[k]));
    if (cq_suggest_write(&s, &ld->msg, "; ", "'") == 0) {
        /* The suggester does not offer a word differing only in case. */
        for (int k = 0; k < n; k++)
            if (same_folded(names[k], strlen(names[k]), r->f[i], r->len[i]))
                cq_buf_printf(&ld->msg, "; did you mean '%s'?", names[k]);
    }
    return result(end_problem(ld));
}

/* Field i names a value of the graph's enum e: *out is the value.  Read
** with e->from_name (one pass over the names); only a field that is not
** one builds the list of choices for the message. */
static int check_graph_enum(loader *ld, tsv_row *r, int i, const graph_enum *e,
                            uint8_t *out)
{
    int v = e->from_name(r->f[i], r->len[i]);
    if (v >= 0) {
        *out = (uint8_t)v;
        return 0;
    }
    const char *names[GRAPH_ENUM_MAX]; /* the choices, as listed */
    for (int k = 0; k < e->count; k++)
        names[k] = e->name(e->best_first ? e->count - 1 - k : k);
    int k;
    return check_enum(ld, r, i, names, e->count, &k);
}

/* Field i holds digits only, at most 9 of them; *out is the value. */
static int parse_digits(const tsv_row *r, int i, int *out)
{
    if (r->len[i] == 0 || r->len[i] > 9)
        return 0;
    int v = 0;
    for (size_t k = 0; k < r->len[i]; k++) {
        char c = r->f[i][k];
        if (c < '0' || c > '9')
            return 0;
        v = v * 10 + (c - '0');
    }
    *out = v;
    return 1;
}

static int check_year(loader *ld, tsv_row *r, int i, int *out)
{
    *out = 0;
    if (r->len[i] == 0)
        return 0;
    if (parse_digits(r, i, out))
        return 0;
    return result(field_problem(
        ld, r, i,
        "invalid value '%s'; expected a year such as 2015, or nothing",
        r->f[i]));
}

static int check_strength(loader *ld, tsv_row *r, int i, uint8_t *out)
{
    int v;
    int rc = check_required(ld, r, i);
    if (rc != 0)
        return rc;
    if (!parse_digits(r, i, &v))
        return result(field_problem(
            ld, r, i, "invalid value '%s'; expected an integer from 0 to 10",
            r->f[i]));
    if (v > 10)
        return result(field_problem(
            ld, r, i, "%d is out of range; expected an integer from 0 to 10",
            v));
    *out = (uint8_t)v;
    return 0;
}

static int check_number(loader *ld, tsv_row *r, int i, const char *what,
                        const char *example)
{
    int rc = check_required(ld, r, i);
    if (rc != 0)
        return rc;
    if (cq_text_valid_number(r->f[i], r->len[i]))
        return 0;
    return result(field_problem(ld, r, i,
                                "invalid %s '%s'; expected parts of letters "
                                "and digits separated by '.', such as %s",
                                what, r->f[i], example));
}

/* Field i names a standard; *out is its row. */
static int check_standard_ref(loader *ld, tsv_row *r, int i, uint32_t *out)
{
    int rc = check_required(ld, r, i);
    if (rc != 0)
        return rc;
    *out = find_standard(ld, r->f[i], r->len[i]);
    if (*out != CQ_NONE)
        return 0;
    r->bad = 1;
    if (begin_problem(ld, r->file, r->line, r->col[i]) != 0)
        return -1;
    cq_buf_printf(&ld->msg, "%s: unknown standard %s", schema[r->file].cols[i],
                  r->f[i]);
    cq_suggest s;
    cq_suggest_init(&s, r->f[i], r->len[i]);
    for (uint32_t k = 0; k < ld->rows.n_standards; k++)
        if (ld->rows.standards[k].id != NULL)
            cq_suggest_offer(&s, ld->rows.standards[k].id,
                             strlen(ld->rows.standards[k].id));
    write_names_suggested(ld, &s);
    return result(end_problem(ld));
}

/* "FIELD: unknown clause KEY; did you mean ...?" (or term), at line:col of
** file. */
static int unknown_name(loader *ld, int file, int line, int col,
                        const char *field, const char *key, int is_term)
{
    if (begin_problem(ld, file, line, col) != 0)
        return -1;
    cq_buf_printf(&ld->msg, "%s: unknown %s %s", field,
                  is_term ? "term" : "clause", key);
    cq_suggest s;
    cq_suggest_init(&s, key, strlen(key));
    if (is_term) {
        for (uint32_t k = 0; k < ld->rows.n_terms; k++)
            if (ld->rows.terms[k].key != NULL)
                cq_suggest_offer(&s, ld->rows.terms[k].key,
                                 strlen(ld->rows.terms[k].key));
    } else {
        for (uint32_t k = 0; k < ld->rows.n_clauses; k++)
            if (ld->rows.clauses[k].key != NULL)
                cq_suggest_offer(&s, ld->rows.clauses[k].key,
                                 strlen(ld->rows.clauses[k].key));
    }
    write_names_suggested(ld, &s);
    return end_problem(ld);
}

static int unknown_key(loader *ld, tsv_row *r, int i, int is_term)
{
    r->bad = 1;
    return result(unknown_name(ld, r->file, r->line, r->col[i],
                               schema[r->file].cols[i], r->f[i], is_term));
}

/* Field i is a clause key (or term key); *out is its row, *group its
** standard (vocabulary). */
static int check_key_ref(loader *ld, tsv_row *r, int i, int is_term,
                         uint32_t *out, uint32_t *group)
{
    size_t colon;
    int rc = check_required(ld, r, i);
    if (rc != 0)
        return rc;
    if (!split_key(r->f[i], r->len[i], &colon))
        return result(field_problem(
            ld, r, i, "invalid %s key '%s'; expected %s such as %s",
            is_term ? "term" : "clause", r->f[i],
            is_term ? "vocabulary:entry" : "standard:number",
            is_term ? "27000:3.3" : "20000-1:8.5.1"));
    *out =
        keytab_find_hashed(is_term ? &ld->terms : &ld->clauses, r->f[i],
                           r->len[i], memo_hash(ld, r->f[i], r->len[i]), group);
    return *out == CQ_NONE ? unknown_key(ld, r, i, is_term) : 0;
}

/*
** The `to` field of an edge or link: a key, or a bare standard id, which
** only the `nothing corresponds` relation (none, absent) may use.  rel_ok
** says the relation field was good, is_nothing that it is that relation.
*/
static int check_target(loader *ld, tsv_row *r, int i, int is_term, int rel_ok,
                        int is_nothing, uint32_t *to, uint32_t *to_standard)
{
    const char *what = is_term ? "vocabulary" : "standard";
    const char *nothing = is_term ? "absent" : "none";
    int rc = check_required(ld, r, i);
    if (rc != 0)
        return rc;
    if (memchr(r->f[i], ':', r->len[i]) == NULL) {
        if (!cq_text_valid_id(r->f[i], r->len[i]))
            return result(field_problem(ld, r, i,
                                        "invalid value '%s'; expected a %s "
                                        "key, or a bare %s id with relation %s",
                                        r->f[i], is_term ? "term" : "clause",
                                        what, nothing));
        rc = check_standard_ref(ld, r, i, to_standard);
        if (rc != 0)
            return rc;
        *to = CQ_NONE;
        if (rel_ok && !is_nothing)
            return result(field_problem(
                ld, r, i,
                "bare %s %s is allowed only with relation %s; expected a %s "
                "key %s",
                what, r->f[i], nothing, is_term ? "term" : "clause",
                is_term ? "vocabulary:entry" : "standard:number"));
        return 0;
    }
    rc = check_key_ref(ld, r, i, is_term, to, to_standard);
    if (rc != 0)
        return rc;
    if (rel_ok && is_nothing) {
        size_t colon =
            (size_t)((const char *)memchr(r->f[i], ':', r->len[i]) - r->f[i]);
        return result(field_problem(
            ld, r, i, "relation %s takes a bare %s id (%.*s), not a %s (%s)",
            nothing, what, (int)colon, r->f[i], is_term ? "term" : "clause",
            r->f[i]));
    }
    return 0;
}

/* Remember the first failure of several checks: -1 wins over 1. */
static int worst(int a, int b)
{
    return a < 0 || b < 0 ? -1 : (a > b ? a : b);
}

/* The key "a:b" of a (NUL-terminated) and b[0..blen), in the scratch
** arena; *number_at is where b starts in it. */
static char *make_key(loader *ld, const char *a, const char *b, size_t blen,
                      size_t *number_at)
{
    size_t alen = strlen(a);
    char *key = cq_arena_alloc(&ld->scratch, alen + 1 + blen + 1);
    if (key == NULL) {
        out_of_memory(ld);
        return NULL;
    }
    memcpy(key, a, alen);
    key[alen] = ':';
    memcpy(key + alen + 1, b, blen);
    key[alen + 1 + blen] = '\0';
    *number_at = alen + 1;
    return key;
}

/* "duplicate clause K (first defined at line N)"; for a key that a layer
** below defined, "(already in a layer below, at FILE:N; ...)". */
static int duplicate(loader *ld, tsv_row *r, const char *what, const char *key,
                     const key_place *first)
{
    r->bad = 1;
    if (begin_problem(ld, r->file, r->line, 1) != 0)
        return -1;
    if (first->layer == ld->layer && first->line > 0) {
        cq_buf_printf(&ld->msg, "duplicate %s %s (first defined at line %d)",
                      what, key, first->line);
        return end_problem(ld);
    }
    cq_buf_printf(&ld->msg, "duplicate %s %s (already in a layer below", what,
                  key);
    if (first->line > 0)
        cq_buf_printf(&ld->msg, ", at %s:%d", first->file, first->line);
    cq_buf_printf(&ld->msg, "; a layer adds %ss, it cannot change them)", what);
    return end_problem(ld);
}

/* ---- prefetching ------------------------------------------------------- */

/* How many lines ahead of the row being validated the keys it will look
** up are prefetched. */
#define LOOKAHEAD 16

/* The longest key prefetch_parent and prefetch_line join to prefetch. */
#define JOINED_MAX 64

/*
** A hint, never a check: find the keys of the line at *ahead (not yet
** split by next_row) and prefetch the clause slots their lookups will
** read, then move *ahead past the line.  joined: the key is field 1
** and field 2 joined by ':' (a clauses row: standard, number); else
** fields 1 and 2 are keys (an edge: from, to).  A million rows name
** clauses at random, so each lookup is a cache miss; begun a few rows
** early, they overlap.  Whatever the line holds, nothing is reported.
*/
static void prefetch_line(loader *ld, char **ahead, const char *end, int joined)
{
    char *line = *ahead;
    char *nl = memchr(line, '\n', (size_t)(end - line));
    const char *stop = nl ? nl : end;
    *ahead = nl ? nl + 1 : (char *)end;
    const char *f[2], *f_end[2];
    const char *at = line;
    for (int k = 0; k < 2; k++) {
        const char *tab = memchr(at, '\t', (size_t)(stop - at));
        if (tab == NULL)
            return;
        f[k] = at;
        f_end[k] = tab;
        at = tab + 1;
    }
    if (!joined) {
        /* the hashes are kept for the lookups (memo_hash) */
        for (int k = 0; k < 2; k++) {
            size_t n = (size_t)(f_end[k] - f[k]);
            uint32_t h = key_hash(f[k], n);
            __builtin_prefetch(&ld->clauses.slot[h & ld->clauses.mask]);
            *memo_at(ld, f[k]) = (key_memo){f[k], n, h};
        }
        return;
    }
    size_t a = (size_t)(f_end[0] - f[0]), b = (size_t)(f_end[1] - f[1]);
    char key[JOINED_MAX];
    if (a + 1 + b > sizeof key)
        return;
    memcpy(key, f[0], a);
    key[a] = ':';
    memcpy(key + a + 1, f[1], b);
    keytab_prefetch(&ld->clauses, key, a + 1 + b);
}

/* Keep the prefetching of file's keys (prefetch_line) LOOKAHEAD lines
** ahead of the row next_data_row reads next.  *ahead starts as the
** file's data. */
static void keep_ahead(loader *ld, int file, char **ahead, int joined)
{
    const text_file *tf = &ld->files[file];
    char *next = ld->next_line[file];
    if (next == NULL)
        return; /* a layer without this file */
    const char *end = tf->data + tf->len;
    if (*ahead < next) {
        *ahead = next;
        for (int k = 0; k < LOOKAHEAD && *ahead < end; k++)
            prefetch_line(ld, ahead, end, joined);
    } else if (*ahead < end) {
        prefetch_line(ld, ahead, end, joined);
    }
}

/* Prefetch the slot of the parent key of clauses row id, if it has one:
** the lookups of resolve_parents, begun early. */
static void prefetch_parent(const loader *ld, uint32_t id)
{
    const char *parent = ld->clause_aux[id].parent;
    if (parent == NULL)
        return;
    const cq_row_clause *c = &ld->rows.clauses[id];
    size_t a = (size_t)(c->number - c->key), b = strlen(parent);
    char key[JOINED_MAX];
    if (a + b > sizeof key)
        return;
    memcpy(key, c->key, a); /* "standard:" */
    memcpy(key + a, parent, b);
    keytab_prefetch(&ld->clauses, key, a + b);
}

/* ---- the files ---------------------------------------------------------- */

static int load_standards(loader *ld)
{
    tsv_row r;
    int rc;
    while ((rc = next_data_row(ld, F_STANDARDS, &r)) == 1) {
        cq_row_standard *s = &ld->rows.standards[ld->rows.n_standards];
        int bad = 0, role;
        if (!cq_text_valid_id(r.f[S_ID], r.len[S_ID])) {
            bad = r.len[S_ID] == 0
                      ? check_required(ld, &r, S_ID)
                      : result(field_problem(
                            ld, &r, S_ID,
                            "invalid standard id '%s'; expected letters, "
                            "digits, '-' and '_', optionally '@' and an "
                            "edition, such as 27001@2022",
                            r.f[S_ID]));
        } else {
            uint32_t e =
                keytab_find(&ld->standards, r.f[S_ID], r.len[S_ID], NULL);
            if (e != CQ_NONE)
                bad = duplicate(ld, &r, "standard", r.f[S_ID],
                                &ld->standards.place[e]) == 0
                          ? 1
                          : -1;
        }
        bad = worst(bad, check_required(ld, &r, S_TITLE));
        bad = worst(bad, check_year(ld, &r, S_YEAR, &s->year));
        bad = worst(bad, check_enum(ld, &r, S_ROLE, role_names, 5, &role));
        if (bad < 0)
            return -1;
        if (!cq_text_valid_id(r.f[S_ID], r.len[S_ID]) ||
            keytab_find(&ld->standards, r.f[S_ID], r.len[S_ID], NULL) !=
                CQ_NONE)
            continue; /* no key: nothing can refer to this row */
        s->id = r.f[S_ID];
        s->title = r.f[S_TITLE];
        s->role = r.f[S_ROLE];
        s->notes = r.f[S_NOTES];
        keytab_add(ld, &ld->standards, 0, s->id, r.len[S_ID],
                   ld->rows.n_standards, r.line, F_STANDARDS);
        ld->rows.n_standards++;
    }
    return rc;
}

static int load_clauses(loader *ld)
{
    tsv_row r;
    int rc;
    char *ahead = ld->files[F_CLAUSES].data;
    for (;;) {
        keep_ahead(ld, F_CLAUSES, &ahead, 1);
        if ((rc = next_data_row(ld, F_CLAUSES, &r)) != 1)
            break;
        uint32_t std = CQ_NONE;
        uint8_t origin = 0;
        int bad = check_standard_ref(ld, &r, C_STANDARD, &std);
        int number_bad = check_number(ld, &r, C_NUMBER, "clause number",
                                      "8.5.1 or A.12.1.2");
        bad = worst(bad, number_bad);
        bad = worst(bad, check_required(ld, &r, C_TITLE));
        int parent_bad = 0;
        if (r.len[C_PARENT] > 0)
            parent_bad = check_number(ld, &r, C_PARENT, "clause number",
                                      "8.5.1 or A.12.1.2");
        bad = worst(bad, parent_bad);
        bad = worst(bad,
                    check_graph_enum(ld, &r, C_ORIGIN, &origin_enum, &origin));
        if (bad < 0)
            return -1;
        if (std == CQ_NONE || number_bad)
            continue; /* no key: nothing can refer to this row */
        size_t at;
        char *key = make_key(ld, ld->rows.standards[std].id, r.f[C_NUMBER],
                             r.len[C_NUMBER], &at);
        if (key == NULL)
            return -1;
        uint32_t e = keytab_find(&ld->clauses, key, at + r.len[C_NUMBER], NULL);
        if (e != CQ_NONE) {
            if (duplicate(ld, &r, "clause", key, &ld->clauses.place[e]) != 0)
                return -1;
            continue;
        }
        uint32_t id = ld->rows.n_clauses++;
        cq_row_clause *c = &ld->rows.clauses[id];
        c->key = key;
        c->number = key + at;
        c->title = r.f[C_TITLE];
        c->source = r.f[C_SOURCE];
        c->standard = std;
        c->parent = CQ_NONE;
        c->origin = origin;
        ld->clause_aux[id].line = r.line;
        ld->clause_aux[id].parent_col = r.col[C_PARENT];
        if (r.len[C_PARENT] > 0 && !parent_bad)
            ld->clause_aux[id].parent = r.f[C_PARENT];
        keytab_add(ld, &ld->clauses, std, key, at + r.len[C_NUMBER], id, r.line,
                   F_CLAUSES);
    }
    return rc;
}

/* Second pass over clauses: every parent must exist in the same standard. */
static int resolve_parents(loader *ld)
{
    for (uint32_t id = ld->layer_clauses; id < ld->rows.n_clauses; id++) {
        if (id + LOOKAHEAD < ld->rows.n_clauses)
            prefetch_parent(ld, id + LOOKAHEAD);
        cq_row_clause *c = &ld->rows.clauses[id];
        const clause_aux *aux = &ld->clause_aux[id];
        if (aux->parent == NULL)
            continue;
        size_t len = strlen(aux->parent);
        /* the parent's key: this clause's standard, the parent's number */
        size_t std_len = (size_t)(c->number - c->key);
        cq_buf_clear(&ld->key);
        cq_buf_append(&ld->key, c->key, std_len);
        cq_buf_append(&ld->key, aux->parent, len);
        if (ld->key.failed) {
            out_of_memory(ld);
            return -1;
        }
        uint32_t e = keytab_find(&ld->clauses, ld->key.data, ld->key.len, NULL);
        if (e != CQ_NONE) {
            c->parent = e;
            continue;
        }
        if (begin_problem(ld, F_CLAUSES, aux->line, aux->parent_col) != 0)
            return -1;
        cq_buf_printf(&ld->msg, "parent: no clause %s in standard %s",
                      aux->parent, ld->rows.standards[c->standard].id);
        cq_suggest s;
        cq_suggest_init(&s, aux->parent, len);
        for (uint32_t k = 0; k < ld->rows.n_clauses; k++)
            if (ld->rows.clauses[k].standard == c->standard)
                cq_suggest_offer(&s, ld->rows.clauses[k].number,
                                 strlen(ld->rows.clauses[k].number));
        write_names_suggested(ld, &s);
        if (end_problem(ld) != 0)
            return -1;
    }
    return 0;
}

#define DEPTH_CYCLE UINT32_MAX /* in, or leading into, a parent cycle */
#define DEPTH_MAX 65535        /* cq_clause.depth is 16 bits */

/* Report the cycle path[0..n) (each the child of the next, the last the
** child of the first) once, at its member that comes first in the file. */
static int report_cycle(loader *ld, const uint32_t *path, uint32_t n)
{
    if (n == 0)
        return 0; /* no cycle: nothing to report */
    uint32_t first = 0;
    for (uint32_t k = 1; k < n; k++)
        if (ld->clause_aux[path[k]].line < ld->clause_aux[path[first]].line)
            first = k;
    const clause_aux *aux = &ld->clause_aux[path[first]];
    const cq_row_clause *c = &ld->rows.clauses[path[first]];
    if (begin_problem(ld, F_CLAUSES, aux->line, aux->parent_col) != 0)
        return -1;
    cq_buf_printf(&ld->msg, "parent: cycle in standard %s: ",
                  ld->rows.standards[c->standard].id);
    for (uint32_t k = 0; k <= n; k++)
        cq_buf_printf(&ld->msg, "%s%s", k ? " -> " : "",
                      ld->rows.clauses[path[(first + k) % n]].number);
    return end_problem(ld);
}

/* Third pass over clauses: no clause may be its own ancestor, and no
** chain of parents may be deeper than a depth can count. */
static int check_ancestry(loader *ld)
{
    uint32_t n = ld->rows.n_clauses;
    uint32_t *state = cq_arena_zalloc(&ld->scratch, (size_t)n * 4 + 4);
    uint32_t *depth = cq_arena_zalloc(&ld->scratch, (size_t)n * 4 + 4);
    uint32_t *path = cq_arena_zalloc(&ld->scratch, (size_t)n * 4 + 4);
    if (!state || !depth || !path) {
        out_of_memory(ld);
        return -1;
    }
    /* state: 0 unseen, r+1 on the walk that started at r, UINT32_MAX done */
    for (uint32_t r = 0; r < n; r++) {
        if (state[r] != 0)
            continue;
        uint32_t len = 0, v = r;
        while (v != CQ_NONE && state[v] == 0) {
            state[v] = r + 1;
            path[len++] = v;
            v = ld->rows.clauses[v].parent;
        }
        uint32_t base;
        if (v != CQ_NONE && state[v] == r + 1) {
            uint32_t k = 0;
            while (path[k] != v)
                k++;
            if (report_cycle(ld, path + k, len - k) != 0)
                return -1;
            base = DEPTH_CYCLE;
        } else {
            base = v == CQ_NONE ? 0 : depth[v];
        }
        /* Depths down the walk, from its top; base is the parent's. */
        for (uint32_t k = len; k-- > 0;) {
            uint32_t c = path[k];
            state[c] = UINT32_MAX;
            if (base == DEPTH_MAX) {
                const clause_aux *aux = &ld->clause_aux[c];
                if (begin_problem(ld, F_CLAUSES, aux->line, aux->parent_col))
                    return -1;
                cq_buf_printf(&ld->msg,
                              "parent: clause %s is nested deeper than %d "
                              "levels",
                              ld->rows.clauses[c].key, DEPTH_MAX);
                if (end_problem(ld) != 0)
                    return -1;
                base = DEPTH_CYCLE; /* report each chain once */
            } else if (base != DEPTH_CYCLE) {
                base++;
            }
            depth[c] = base;
        }
    }
    return 0;
}

static int load_edges(loader *ld)
{
    tsv_row r;
    int rc;
    char *ahead = ld->files[F_EDGES].data;
    for (;;) {
        keep_ahead(ld, F_EDGES, &ahead, 0);
        if ((rc = next_data_row(ld, F_EDGES, &r)) != 1)
            break;
        cq_row_edge *e = &ld->rows.edges[ld->rows.n_edges];
        /* Problems come in column order; `to` depends on the relation. */
        int rel = cq_relation_from_name(r.f[E_RELATION], r.len[E_RELATION]);
        uint32_t from_standard;
        int bad = check_key_ref(ld, &r, E_FROM, 0, &e->from, &from_standard);
        bad = worst(bad,
                    check_target(ld, &r, E_TO, 0, rel >= 0, rel == CQ_REL_NONE,
                                 &e->to, &e->to_standard));
        /* an edge joins two clauses: one from a clause to itself would be
        ** met from both ends, so answered twice */
        if (bad == 0 && e->to == e->from)
            bad = result(field_problem(ld, &r, E_TO,
                                       "an edge from %s to itself; an edge "
                                       "joins two different clauses",
                                       r.f[E_FROM]));
        bad = worst(bad, check_required(ld, &r, E_ANNEX));
        if (r.len[E_ANNEX] > 0 && memchr(r.f[E_ANNEX], ' ', r.len[E_ANNEX]))
            bad = worst(
                bad, result(field_problem(ld, &r, E_ANNEX,
                                          "invalid label '%s'; a label cannot "
                                          "contain spaces",
                                          r.f[E_ANNEX])));
        bad = worst(bad, check_graph_enum(ld, &r, E_RELATION, &relation_enum,
                                          &e->relation));
        bad = worst(bad, check_strength(ld, &r, E_STRENGTH, &e->strength));
        bad = worst(bad, check_graph_enum(ld, &r, E_CONFIDENCE,
                                          &confidence_enum, &e->confidence));
        e->kind = 0; /* empty or no column: as its annex says */
        if (ld->edges_kind && r.len[E_KIND] > 0) {
            uint8_t kind = 0;
            bad =
                worst(bad, check_graph_enum(ld, &r, E_KIND, &kind_enum, &kind));
            e->kind = (uint8_t)(kind + 1);
        }
        if (bad < 0)
            return -1;
        e->annex = r.f[E_ANNEX];
        e->source = r.f[E_SOURCE];
        e->note = r.f[E_NOTE];
        e->layer = ld->layer;
        ld->rows.n_edges++;
    }
    return rc;
}

static int load_terms(loader *ld)
{
    tsv_row r;
    int rc;
    while ((rc = next_data_row(ld, F_TERMS, &r)) == 1) {
        uint32_t voc = CQ_NONE;
        int hls = 0;
        int bad = check_standard_ref(ld, &r, T_VOCABULARY, &voc);
        int entry_bad =
            check_number(ld, &r, T_ENTRY, "entry number", "3.1.2 or 3.3");
        bad = worst(bad, entry_bad);
        bad = worst(bad, check_required(ld, &r, T_TERM));
        bad = worst(bad, check_enum(ld, &r, T_HLS, hls_names, 2, &hls));
        if (bad < 0)
            return -1;
        if (voc == CQ_NONE || entry_bad)
            continue;
        size_t at;
        char *key = make_key(ld, ld->rows.standards[voc].id, r.f[T_ENTRY],
                             r.len[T_ENTRY], &at);
        if (key == NULL)
            return -1;
        uint32_t e = keytab_find(&ld->terms, key, at + r.len[T_ENTRY], NULL);
        if (e != CQ_NONE) {
            if (duplicate(ld, &r, "term", key, &ld->terms.place[e]) != 0)
                return -1;
            continue;
        }
        uint32_t id = ld->rows.n_terms++;
        cq_row_term *t = &ld->rows.terms[id];
        t->key = key;
        t->entry = key + at;
        t->name = r.f[T_TERM];
        t->source = r.f[T_SOURCE];
        t->vocabulary = voc;
        t->hls = hls == 0; /* "yes" is the first name */
        keytab_add(ld, &ld->terms, voc, key, at + r.len[T_ENTRY], id, r.line,
                   F_TERMS);
    }
    return rc;
}

static int load_links(loader *ld)
{
    tsv_row r;
    int rc;
    while ((rc = next_data_row(ld, F_LINKS, &r)) == 1) {
        cq_row_link *l = &ld->rows.links[ld->rows.n_links];
        /* Problems come in column order; `to` depends on the relation. */
        int rel =
            cq_term_relation_from_name(r.f[L_RELATION], r.len[L_RELATION]);
        uint32_t from_vocabulary;
        int bad = check_key_ref(ld, &r, L_FROM, 1, &l->from, &from_vocabulary);
        bad = worst(bad, check_target(ld, &r, L_TO, 1, rel >= 0,
                                      rel == CQ_TREL_ABSENT, &l->to,
                                      &l->to_vocabulary));
        bad = worst(bad, check_graph_enum(ld, &r, L_RELATION,
                                          &term_relation_enum, &l->relation));
        if (bad < 0)
            return -1;
        l->note = r.f[L_NOTE];
        l->source = r.f[L_SOURCE];
        ld->rows.n_links++;
    }
    return rc;
}

/* Validate the files of the current layer (in ld->files). */
static void load_files(loader *ld)
{
    for (int f = 0; f < N_FILES; f++)
        if (read_header(ld, f) < 0)
            break;
    /* With a wrong header the rows cannot be read; say only that. */
    if (ld->problems == 0 && !ld->stop) {
        if (load_standards(ld) == 0 && load_clauses(ld) == 0 &&
            resolve_parents(ld) == 0 && check_ancestry(ld) == 0 &&
            load_edges(ld) == 0 && load_terms(ld) == 0)
            load_links(ld);
    }
}

/* ---- mapping files ------------------------------------------------------ */

/*
** The standards row of id s[0..n).  A mapping file may bring a control set
** the corpus does not have: then the standard is made (role `controls`),
** and so are the clauses of it that the file names.  Returns CQ_NONE when
** memory runs out.
*/
static uint32_t mapping_standard(loader *ld, const char *s, size_t n,
                                 const char *layer)
{
    uint32_t std = find_standard(ld, s, n);
    if (std != CQ_NONE)
        return std;
    char *id = cq_arena_strndup(&ld->scratch, s, n);
    cq_buf notes;
    cq_buf_init(&notes, ld->alloc);
    cq_buf_printf(&notes, "made by importing %s", layer);
    char *text = notes.failed
                     ? NULL
                     : cq_arena_strndup(&ld->scratch, notes.data, notes.len);
    cq_buf_free(&notes);
    if (id == NULL || text == NULL) {
        out_of_memory(ld);
        return CQ_NONE;
    }
    std = ld->rows.n_standards++;
    cq_row_standard *row = &ld->rows.standards[std];
    row->id = id;
    row->title = id;
    row->role = "controls";
    row->notes = text;
    row->year = 0;
    ld->made_standard[std] = 1;
    keytab_add(ld, &ld->standards, 0, id, n, std, 0, F_STANDARDS);
    return std;
}

/* The clause row of key (field `from` or `to` of mapping row r), made when
** its standard was made by a mapping file.  Returns 0, 1 after reporting
** an unknown clause, -1 to stop. */
static int mapping_clause(loader *ld, const cq_mapping_row *r,
                          const char *field, const char *key, const char *title,
                          const char *layer, uint32_t *out)
{
    size_t colon = (size_t)(strchr(key, ':') - key);
    uint32_t std = mapping_standard(ld, key, colon, layer);
    if (std == CQ_NONE)
        return -1;
    const char *number = key + colon + 1;
    size_t len = strlen(number);
    uint32_t e = keytab_find(&ld->clauses, key, colon + 1 + len, NULL);
    if (e != CQ_NONE) {
        *out = e;
        return 0;
    }
    if (!ld->made_standard[std])
        return result(
            unknown_name(ld, F_EDGES, r->line, r->column, field, key, 0));
    size_t at;
    char *made = make_key(ld, ld->rows.standards[std].id, number, len, &at);
    if (made == NULL)
        return -1;
    uint32_t id = ld->rows.n_clauses++;
    cq_row_clause *c = &ld->rows.clauses[id];
    c->key = made;
    c->number = made + at;
    c->title = title != NULL && *title ? title : "(untitled)";
    c->source = ld->rows.standards[std].notes;
    c->standard = std;
    c->parent = CQ_NONE;
    c->origin = CQ_ORIGIN_CONTROL;
    keytab_add(ld, &ld->clauses, std, made, at + len, id, 0, F_CLAUSES);
    *out = id;
    return 0;
}

/* The rows of a mapping file as edges of the current layer.  The reader
** (mapping.c) checked their syntax; what remains is whether the clauses
** exist. */
static int load_mapping(loader *ld, const layer_src *src)
{
    ld->files[F_EDGES].name = src->name; /* where problems are */
    for (size_t i = 0; i < src->imported.n_rows && !ld->stop; i++) {
        const cq_mapping_row *r = &src->imported.rows[i];
        if (load_tick(ld, src->name, r->line) != 0)
            return -1;
        cq_row_edge *e = &ld->rows.edges[ld->rows.n_edges];
        e->kind = 0; /* as its annex says */
        int rel = cq_relation_from_name(r->relation, strlen(r->relation));
        int bad = mapping_clause(ld, r, "from", r->from, r->from_title,
                                 src->name, &e->from);
        if (strchr(r->to, ':') != NULL) {
            bad = worst(bad, mapping_clause(ld, r, "to", r->to, r->to_title,
                                            src->name, &e->to));
            if (bad == 0)
                e->to_standard = ld->rows.clauses[e->to].standard;
            if (bad == 0 && e->to == e->from) { /* answered twice */
                if (begin_problem(ld, F_EDGES, r->line, r->column) != 0)
                    return -1;
                cq_buf_printf(&ld->msg,
                              "a mapping from %s to itself; a mapping joins "
                              "two different clauses",
                              r->from);
                bad = worst(bad, result(end_problem(ld)));
            }
        } else {
            e->to = CQ_NONE;
            e->to_standard = find_standard(ld, r->to, strlen(r->to));
            if (e->to_standard == CQ_NONE) {
                if (begin_problem(ld, F_EDGES, r->line, r->column) != 0)
                    return -1;
                cq_buf_printf(&ld->msg, "to: unknown standard %s", r->to);
                cq_suggest s;
                cq_suggest_init(&s, r->to, strlen(r->to));
                for (uint32_t k = 0; k < ld->rows.n_standards; k++)
                    cq_suggest_offer(&s, ld->rows.standards[k].id,
                                     strlen(ld->rows.standards[k].id));
                write_names_suggested(ld, &s);
                bad = worst(bad, result(end_problem(ld)));
            }
        }
        if (bad < 0)
            return -1;
        if (bad > 0)
            continue;
        e->annex = r->annex;
        e->relation = (uint8_t)rel;
        /* strength was checked to be 0..9 above */
        e->strength = (uint8_t)strtol(r->strength, NULL, 10);
        e->confidence = (uint8_t)cq_confidence_from_name(r->confidence,
                                                         strlen(r->confidence));
        e->source = r->source;
        e->note = r->note;
        e->layer = ld->layer;
        ld->rows.n_edges++;
    }
    return ld->stop ? -1 : 0;
}

/* ---- replacing edges ---------------------------------------------------- */

/* What makes two edges the same correlation: their two ends in either
** order (a `none` row: its clause and the standard) and the annex. */
typedef struct edge_key {
    uint32_t a, b, std; /* clause ends a <= b; or a and CQ_NONE, std */
    const char *annex;  /* NULL: a free slot */
} edge_key;

static edge_key key_of(const cq_row_edge *e)
{
    edge_key k = {e->from, CQ_NONE, e->to_standard, e->annex};
    if (e->to != CQ_NONE) {
        k.a = e->from < e->to ? e->from : e->to;
        k.b = e->from < e->to ? e->to : e->from;
        k.std = CQ_NONE;
    }
    return k;
}

static uint32_t edge_key_hash(const edge_key *k)
{
    uint32_t h = cq_graph_key_hash(k->annex, strlen(k->annex));
    h = (h ^ k->a) * 0x9e3779b1u;
    h = (h ^ k->b) * 0x85ebca77u;
    return (h ^ k->std) * 0xc2b2ae3du;
}

static int same_key(const edge_key *x, const edge_key *y)
{
    return x->a == y->a && x->b == y->b && x->std == y->std &&
           strcmp(x->annex, y->annex) == 0;
}

static void edge_key_add(edge_key *table, uint32_t mask, edge_key k)
{
    uint32_t i = edge_key_hash(&k) & mask;
    while (table[i].annex != NULL) {
        if (same_key(&table[i], &k))
            return;
        i = (i + 1) & mask;
    }
    table[i] = k;
}

static int edge_key_has(const edge_key *table, uint32_t mask, edge_key k)
{
    for (uint32_t i = edge_key_hash(&k) & mask; table[i].annex != NULL;
         i = (i + 1) & mask)
        if (same_key(&table[i], &k))
            return 1;
    return 0;
}

/*
** The edges of the layer just loaded (rows [first, n_edges)) replace those
** below it that join the same two ends in the same annex; a correlation
** between two clauses also replaces a `none` row of either toward the
** other's standard in that annex (the layer found what the row said was
** not there).  The survivors keep their order.
*/
static int replace_edges(loader *ld, uint32_t first)
{
    cq_corpus_rows *rows = &ld->rows;
    uint32_t n_new = rows->n_edges - first;
    if (first == 0 || n_new == 0)
        return 0;
    size_t size = 2;
    while (size < (size_t)n_new * 6)
        size *= 2;
    edge_key *table = cq_arena_zalloc(&ld->scratch, size * sizeof(edge_key));
    if (table == NULL) {
        out_of_memory(ld);
        return -1;
    }
    uint32_t mask = (uint32_t)(size - 1);
    for (uint32_t i = first; i < rows->n_edges; i++) {
        const cq_row_edge *e = &rows->edges[i];
        edge_key_add(table, mask, key_of(e));
        if (e->to != CQ_NONE) {
            edge_key none = {e->from, CQ_NONE, rows->clauses[e->to].standard,
                             e->annex};
            edge_key_add(table, mask, none);
            edge_key back = {e->to, CQ_NONE, rows->clauses[e->from].standard,
                             e->annex};
            edge_key_add(table, mask, back);
        }
    }
    uint32_t kept = 0;
    for (uint32_t i = 0; i < first; i++)
        if (!edge_key_has(table, mask, key_of(&rows->edges[i])))
            rows->edges[kept++] = rows->edges[i];
    memmove(&rows->edges[kept], &rows->edges[first],
            (size_t)n_new * sizeof(cq_row_edge));
    rows->n_edges = kept + n_new;
    return 0;
}

/* ---- getting the text --------------------------------------------------- */

static void loader_init(loader *ld, const cq_allocator *alloc, cq_error *err)
{
    memset(ld, 0, sizeof *ld);
    ld->alloc = alloc;
    ld->err = err;
    cq_arena_init(&ld->scratch, alloc);
    cq_buf_init(&ld->msg, alloc);
    cq_buf_init(&ld->key, alloc);
    cq_error_clear(err);
}

static void loader_free(loader *ld)
{
    cq_buf_free(&ld->msg);
    cq_buf_free(&ld->key);
    cq_arena_free(&ld->scratch);
}

static int io_error(loader *ld, const char *name, const char *what, int errnum)
{
    char text[128];
    cq_file_why(errnum, text, sizeof text);
    return cq_error_set(ld->err, CONCORD_IOERR, NULL, "%s: %s: %s", name, what,
                        text);
}

/*
** Read a regular file of size bytes (0 < size <= INT_MAX) straight into
** the scratch arena: one read, no copies.  Returns CONCORD_OK with tf set,
** an error, or -1 when the file turned out longer than its size said (it
** grew while read): then f is back at its start for read_file's general
** way.
*/
static int read_sized(loader *ld, FILE *f, const char *path, size_t size,
                      text_file *tf)
{
    char *data = cq_arena_alloc(&ld->scratch, size + 1);
    if (data == NULL)
        return cq_error_nomem(ld->err);
    cq_prefault(data, size + 1); /* fread fills it all */
    errno = 0;
    size_t got = fread(data, 1, size, f);
    if (ferror(f))
        return io_error(ld, path, "cannot read", errno ? errno : EIO);
    if (got == size && getc(f) != EOF) {
        rewind(f);
        return -1;
    }
    if (ferror(f))
        return io_error(ld, path, "cannot read", errno ? errno : EIO);
    data[got] = '\0';
    tf->name = path;
    tf->data = data;
    tf->len = got;
    return CONCORD_OK;
}

/* Read the file at path into tf (a copy in the scratch arena). */
static int read_file(loader *ld, const char *path, text_file *tf)
{
    /* a regular file only: a FIFO would block, a device never end */
    struct stat st;
    int why = 0;
    int fd = cq_file_open_regular(path, &st, &why);
    if (fd < 0)
        return io_error(ld, path, cq_file_failed(why), why);
    FILE *f = fdopen(fd, "rb");
    if (f == NULL) {
        int e = errno;
        close(fd);
        return io_error(ld, path, "cannot open", e);
    }
    int sized = 1;
    if (sized && S_ISREG(st.st_mode) && st.st_size > 0 &&
        st.st_size <= INT_MAX) {
        int rc = read_sized(ld, f, path, (size_t)st.st_size, tf);
        if (rc != -1) {
            fclose(f);
            return rc;
        }
    }
    cq_buf buf;
    cq_buf_init(&buf, ld->alloc);
    char chunk[8192];
    size_t got;
    int rc = CONCORD_OK;
    errno = 0;
    while (rc == CONCORD_OK && (got = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (buf.len + got > INT_MAX)
            rc = cq_error_set(ld->err, CONCORD_IOERR, NULL,
                              "%s: cannot read: file larger than %d bytes",
                              path, INT_MAX);
        else if (cq_buf_append(&buf, chunk, got) != 0)
            rc = cq_error_nomem(ld->err);
    }
    if (rc == CONCORD_OK && ferror(f))
        rc = io_error(ld, path, "cannot read", errno ? errno : EIO);
    fclose(f);
    if (rc == CONCORD_OK) {
        tf->name = path;
        tf->len = buf.len;
        tf->data =
            cq_arena_strndup(&ld->scratch, buf.len ? buf.data : "", buf.len);
        if (tf->data == NULL)
            rc = cq_error_nomem(ld->err);
    }
    cq_buf_free(&buf);
    return rc;
}

/* The path "dir/name" in the scratch arena, dir without trailing
** slashes ("corpus/" names files "corpus/x.tsv"). */
static char *file_path(loader *ld, const char *dir, size_t dlen,
                       const char *name)
{
    size_t nlen = strlen(name);
    char *path = cq_arena_alloc(&ld->scratch, dlen + 1 + nlen + 1);
    if (path == NULL)
        return NULL;
    size_t at = 0;
    if (dlen > 0) {
        memcpy(path, dir, dlen);
        at = dlen;
        if (dir[dlen - 1] != '/')
            path[at++] = '/';
    }
    memcpy(path + at, name, nlen + 1);
    return path;
}

/* The import reader's failure as a corpus problem: CONCORD_CORRUPT with
** the same message, which has no place in any query text. */
static int mapping_failed(loader *ld, int rc)
{
    if (rc == CONCORD_NOMEM || rc == CONCORD_TOOBIG || rc == CONCORD_INTERRUPT)
        return rc;
    cq_buf msg;
    cq_buf_init(&msg, ld->alloc);
    cq_buf_puts(&msg, cq_error_message(ld->err));
    if (msg.failed)
        rc = cq_error_nomem(ld->err);
    else
        rc = cq_error_set(ld->err, CONCORD_CORRUPT, NULL, "%s",
                          cq_buf_str(&msg));
    cq_buf_free(&msg);
    return rc;
}

/*
** Read the layer at path: a folder of corpus files, or a mapping file.  A
** folder must hold all five files when it is the base (partial: 0), and
** at least one of them when it is a layer on top.
*/
static int read_layer(loader *ld, const char *path, const char *name,
                      int partial, layer_src *src)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return io_error(ld, path, "cannot open", errno);
    size_t dlen = strlen(path);
    while (dlen > 1 && path[dlen - 1] == '/')
        dlen--;
    src->name = name ? name : cq_arena_strndup(&ld->scratch, path, dlen);
    if (src->name == NULL)
        return cq_error_nomem(ld->err);
    if (!S_ISDIR(st.st_mode)) {
        text_file tf;
        int rc = read_file(ld, path, &tf);
        if (rc != CONCORD_OK)
            return rc;
        src->is_mapping = 1;
        rc = cq_mapping_read_run(path, tf.data, tf.len, &src->imported, ld->err,
                                 ld->run);
        return rc == CONCORD_OK ? rc : mapping_failed(ld, rc);
    }
    int found = 0;
    for (int f = 0; f < N_FILES; f++) {
        char *file = file_path(ld, path, dlen, schema[f].name);
        if (file == NULL)
            return cq_error_nomem(ld->err);
        if (partial && stat(file, &st) != 0 && errno == ENOENT)
            continue; /* a layer may leave any file out */
        int rc = read_file(ld, file, &src->files[f]);
        if (rc != CONCORD_OK)
            return rc;
        found++;
    }
    if (found == 0)
        return cq_error_set(ld->err, CONCORD_IOERR, NULL,
                            "%s: not a corpus layer: it holds none of "
                            "standards.tsv, clauses.tsv, edges.tsv, terms.tsv "
                            "and term_links.tsv",
                            src->name);
    return CONCORD_OK;
}

/* Room for the rows of the base and of every layer, and the lookup
** tables, counted before any row is validated. */
static int allocate_rows(loader *ld, const cq_graph *base,
                         const layer_src *layers, int n)
{
    uint64_t cap[N_FILES] = {0};
    if (base != NULL) {
        cap[F_STANDARDS] = base->n_standards;
        cap[F_CLAUSES] = base->n_clauses;
        cap[F_EDGES] = base->n_edges;
        cap[F_TERMS] = base->n_terms;
        cap[F_LINKS] = base->n_links;
    }
    for (int i = 0; i < n; i++) {
        if (layers[i].is_mapping) {
            /* each row may make two standards and two clauses */
            uint64_t rows = layers[i].imported.n_rows;
            cap[F_STANDARDS] += 2 * rows;
            cap[F_CLAUSES] += 2 * rows;
            cap[F_EDGES] += rows;
        } else {
            for (int f = 0; f < N_FILES; f++)
                cap[f] += max_rows(&layers[i].files[f]);
        }
    }
    for (int f = 0; f < N_FILES; f++)
        if (cap[f] > UINT32_MAX / 4)
            return cq_error_set(ld->err, CONCORD_TOOBIG, NULL,
                                "%s: more than %u rows in all the layers",
                                schema[f].name, (unsigned)(UINT32_MAX / 4));
    ld->cap_standards = (uint32_t)cap[F_STANDARDS];
    ld->cap_clauses = (uint32_t)cap[F_CLAUSES];
    ld->cap_edges = (uint32_t)cap[F_EDGES];
    ld->cap_terms = (uint32_t)cap[F_TERMS];
    ld->cap_links = (uint32_t)cap[F_LINKS];
    cq_corpus_rows *r = &ld->rows;
    cq_arena *a = &ld->scratch;
    r->standards = cq_arena_zalloc(a, cap[F_STANDARDS] * sizeof *r->standards);
    r->clauses = cq_arena_zalloc(a, cap[F_CLAUSES] * sizeof *r->clauses);
    r->edges = cq_arena_zalloc(a, cap[F_EDGES] * sizeof *r->edges);
    r->terms = cq_arena_zalloc(a, cap[F_TERMS] * sizeof *r->terms);
    r->links = cq_arena_zalloc(a, cap[F_LINKS] * sizeof *r->links);
    ld->clause_aux = cq_arena_zalloc(a, cap[F_CLAUSES] * sizeof(clause_aux));
    ld->made_standard = cq_arena_zalloc(a, cap[F_STANDARDS]);
    uint32_t n_layers = (base ? base->n_layers : 0) + (uint32_t)n;
    r->layers = cq_arena_zalloc(a, n_layers * sizeof(char *));
    if (!r->standards || !r->clauses || !r->edges || !r->terms || !r->links ||
        !ld->clause_aux || !ld->made_standard || !r->layers ||
        keytab_init(ld, &ld->standards, ld->cap_standards) ||
        keytab_init(ld, &ld->clauses, ld->cap_clauses) ||
        keytab_init(ld, &ld->terms, ld->cap_terms))
        return cq_error_nomem(ld->err);
    return CONCORD_OK;
}

/* The rows of the graph g, ready for layers to go on top: strings point
** into g, which outlives the load. */
static void seed_from_graph(loader *ld, const cq_graph *g)
{
    cq_corpus_rows *r = &ld->rows;
    for (uint32_t i = 0; i < g->n_standards; i++) {
        const cq_standard *s = &g->standards[i];
        cq_row_standard *row = &r->standards[i];
        row->id = cq_graph_str(g, s->id);
        row->title = cq_graph_str(g, s->title);
        row->role = cq_graph_str(g, s->role);
        row->notes = cq_graph_str(g, s->notes);
        row->year = s->year;
        keytab_add(ld, &ld->standards, 0, row->id, strlen(row->id), i, 0, 0);
    }
    r->n_standards = g->n_standards;
    for (uint32_t i = 0; i < g->n_clauses; i++) {
        const cq_clause *c = &g->clauses[i];
        cq_row_clause *row = &r->clauses[i];
        row->key = cq_graph_str(g, c->key);
        row->number = cq_graph_str(g, c->number);
        row->title = cq_graph_str(g, c->title);
        row->source = cq_graph_str(g, c->source);
        row->standard = c->standard;
        row->parent = c->parent; /* rows are in id order */
        row->origin = c->origin;
        keytab_add(ld, &ld->clauses, c->standard, row->key, strlen(row->key), i,
                   0, 0);
    }
    r->n_clauses = g->n_clauses;
    for (uint32_t i = 0; i < g->n_edges; i++) {
        const cq_edge *e = &g->edges[i];
        cq_row_edge *row = &r->edges[i];
        row->from = e->from;
        row->to = e->to;
        row->to_standard = e->to_standard;
        row->annex = cq_graph_str(g, e->annex);
        row->source = cq_graph_str(g, e->source);
        row->note = cq_graph_str(g, e->note);
        row->relation = e->relation;
        row->confidence = e->confidence;
        row->strength = e->strength;
        row->layer = e->layer;
        row->kind = (uint8_t)(cq_edge_kind_of(g, e) + 1);
    }
    r->n_edges = g->n_edges;
    for (uint32_t i = 0; i < g->n_terms; i++) {
        const cq_term *t = &g->terms[i];
        cq_row_term *row = &r->terms[i];
        row->key = cq_graph_str(g, t->key);
        row->entry = cq_graph_str(g, t->entry);
        row->name = cq_graph_str(g, t->name);
        row->source = cq_graph_str(g, t->source);
        row->vocabulary = t->vocabulary;
        row->hls = t->hls;
        keytab_add(ld, &ld->terms, t->vocabulary, row->key, strlen(row->key), i,
                   0, 0);
    }
    r->n_terms = g->n_terms;
    for (uint32_t i = 0; i < g->n_links; i++) {
        const cq_term_link *l = &g->links[i];
        cq_row_link *row = &r->links[i];
        row->from = l->from;
        row->to = l->to;
        row->to_vocabulary = l->to_vocabulary;
        row->relation = l->relation;
        row->note = cq_graph_str(g, l->note);
        row->source = cq_graph_str(g, l->source);
    }
    r->n_links = g->n_links;
    for (uint32_t i = 0; i < g->n_layers; i++)
        r->layers[i] = cq_graph_str(g, g->layers[i]);
    r->n_layers = g->n_layers;
}

/* Validate one layer on top of the rows so far.  Returns 0, or -1 when it
** has problems (reported) or memory ran out. */
static int load_layer(loader *ld, const layer_src *src)
{
    ld->layer = (uint8_t)ld->rows.n_layers;
    ld->rows.layers[ld->rows.n_layers++] = src->name;
    ld->layer_clauses = ld->rows.n_clauses;
    uint32_t first_edge = ld->rows.n_edges;
    if (src->is_mapping) {
        load_mapping(ld, src);
    } else {
        memcpy(ld->files, src->files, sizeof ld->files);
        load_files(ld);
    }
    if (ld->problems > 0 || ld->stop)
        return -1;
    return replace_edges(ld, first_edge);
}

int cq_corpus_load_layers(const cq_graph *base, const char *const *paths,
                          const char *const *names, int n,
                          const cq_allocator *alloc, cq_graph **out,
                          cq_error *err)
{
    return cq_corpus_load_layers_run(base, paths, names, n, alloc, out, err,
                                     NULL);
}

/* Building the graph from the rows read (graph_build.c) asks this between
** its passes: the rows were steps of the run already, so only an interrupt
** of the handle stops it. */
static int build_interrupted(void *ctx)
{
    cq_run *run = ctx;
    if (run->interrupt != NULL &&
        atomic_load_explicit(run->interrupt, memory_order_relaxed) ==
            run->epoch)
        return cq_error_set(run->err, CONCORD_INTERRUPT, NULL,
                            "interrupted while building the graph of the "
                            "corpus read");
    return CONCORD_OK;
}

int cq_corpus_load_layers_run(const cq_graph *base, const char *const *paths,
                              const char *const *names, int n,
                              const cq_allocator *alloc, cq_graph **out,
                              cq_error *err, cq_run *run)
{
    *out = NULL;
    if (n < 0 || (base == NULL && n == 0) || (n > 0 && paths == NULL))
        return cq_error_set(err, CONCORD_MISUSE, NULL,
                            "misuse: a corpus needs a base and layers");
    uint32_t below = base ? base->n_layers : 0;
    if ((uint32_t)n > CQ_MAX_LAYERS - below)
        return cq_error_set(err, CONCORD_TOOBIG, NULL,
                            "a corpus can be stacked from at most %d layers, "
                            "not %u",
                            CQ_MAX_LAYERS, (unsigned)(below + (uint32_t)n));
    /* the base's rows are copied as they are: an image it was opened from
    ** gets the full check first (opening checked only its structure) */
    int checked = cq_image_verify(base, err);
    if (checked != CONCORD_OK)
        return checked;
    loader ld;
    loader_init(&ld, alloc, err);
    ld.run = run;
    layer_src *src =
        cq_arena_zalloc(&ld.scratch, sizeof(layer_src) * (size_t)(n ? n : 1));
    int rc = src ? CONCORD_OK : cq_error_nomem(err);
    int read = 0;
    for (; rc == CONCORD_OK && read < n; read++) {
        cq_mapping_init(&src[read].imported, alloc);
        /* the base layer is "corpus" whatever its folder is called */
        const char *name = names ? names[read] : base || read ? NULL : "corpus";
        rc = read_layer(&ld, paths[read], name, base != NULL || read > 0,
                        &src[read]);
    }
    if (rc == CONCORD_OK)
        rc = allocate_rows(&ld, base, src, n);
    if (rc == CONCORD_OK) {
        if (base != NULL)
            seed_from_graph(&ld, base);
        for (int i = 0; i < n && load_layer(&ld, &src[i]) == 0; i++)
            ;
        if (ld.nomem)
            rc = cq_error_nomem(err);
        else if (ld.halted)
            rc = ld.halted; /* err says where */
        else if (ld.problems > 0)
            rc = CONCORD_CORRUPT;
        else
            rc = cq_graph_build_watched(&ld.rows, alloc, out, err,
                                        run ? build_interrupted : NULL, run);
    }
    for (int i = 0; i < read; i++)
        cq_mapping_free(&src[i].imported);
    loader_free(&ld);
    return rc;
}

int cq_corpus_load_dir(const char *dir, const cq_allocator *alloc,
                       cq_graph **out, cq_error *err)
{
    return cq_corpus_load_layers(NULL, &dir, NULL, 1, alloc, out, err);
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

int cq_corpus_load_files(const cq_embedded_file *files,
                         const cq_allocator *alloc, cq_graph **out,
                         cq_error *err)
{
    *out = NULL;
    loader ld;
    loader_init(&ld, alloc, err);
    layer_src src;
    memset(&src, 0, sizeof src);
    src.name = "corpus";
    int rc = CONCORD_OK;
    for (int f = 0; f < N_FILES && rc == CONCORD_OK; f++) {
        const cq_embedded_file *e = files;
        while (e->name != NULL &&
               strcmp(base_name(e->name), schema[f].name) != 0)
            e++;
        if (e->name == NULL) {
            rc = cq_error_set(err, CONCORD_IOERR, NULL,
                              "%s: cannot open: not among the corpus files",
                              schema[f].name);
        } else if (e->len > INT_MAX) {
            rc = cq_error_set(err, CONCORD_IOERR, NULL,
                              "%s: cannot read: file larger than %d bytes",
                              e->name, INT_MAX);
        } else {
            src.files[f].name = e->name;
            src.files[f].len = e->len;
            src.files[f].data =
                cq_arena_strndup(&ld.scratch, e->len ? e->data : "", e->len);
            if (src.files[f].data == NULL)
                rc = cq_error_nomem(err);
        }
    }
    if (rc == CONCORD_OK)
        rc = allocate_rows(&ld, NULL, &src, 1);
    if (rc == CONCORD_OK) {
        load_layer(&ld, &src);
        if (ld.nomem)
            rc = cq_error_nomem(err);
        else if (ld.problems > 0)
            rc = CONCORD_CORRUPT;
        else
            rc = cq_graph_build(&ld.rows, alloc, out, err);
    }
    loader_free(&ld);
    return rc;
}
