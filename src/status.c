/*
** status.c -- reading and checking status files, and finding the row that
** speaks for each clause.
**
** A status file is a table with a header line: TSV (cells split at tabs,
** as the corpus files are) or CSV (RFC 4180 quoting, a quoted cell on one
** line).  Every row is checked before any is kept, and every problem is
** reported where it is, naming the column and what it allows, so a person
** fixing a spreadsheet export sees every mistake at once.
*/
#include "status.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "concord.h"
#include "resolve.h"
#include "suggest.h"

static const char *const status_names[CQ_ST_COUNT] = {
    NULL,      "implemented",     "partial",
    "planned", "not-implemented", "not-applicable"};

#define STATUS_ALLOWED                                                         \
    "implemented, partial, planned, not-implemented or not-applicable"

/* The columns a status file may have, in the order documented. */
enum column {
    COL_CLAUSE,
    COL_STATUS,
    COL_EVIDENCE,
    COL_OWNER,
    COL_REVIEWED,
    COL_JUSTIFICATION,
    N_COLUMNS
};
static const char *const column_names[N_COLUMNS] = {
    "clause", "status", "evidence", "owner", "reviewed", "justification"};

#define MAX_CELLS 64 /* cells a line may have, header included */

void cq_status_init(cq_status_set *set, const cq_allocator *alloc)
{
    memset(set, 0, sizeof *set);
    set->alloc = alloc;
    cq_arena_init(&set->arena, alloc);
}

void cq_status_free(cq_status_set *set)
{
    cq_free(set->alloc, set->rows, set->cap * sizeof(cq_status_row));
    cq_arena_free(&set->arena);
    set->rows = NULL;
    set->n = set->cap = 0;
}

const char *cq_status_name(int status)
{
    return status > 0 && status < CQ_ST_COUNT ? status_names[status] : NULL;
}

/* ---- reading cells ------------------------------------------------------- */

typedef struct cell {
    const char *s; /* in the loader's scratch, NUL-terminated */
    size_t n;
    int col; /* 1-based byte column where the cell starts */
} cell;

typedef struct loader {
    const cq_graph *g;
    const char *name;
    cq_error *err;
    int problems;
    int nomem;
    int csv;
    char *scratch; /* the cells of the current line, unquoted */
    size_t scratch_size;
    cq_arena arena;      /* the rows' strings until the file is accepted */
    cq_status_row *rows; /* the file's rows */
    size_t n, cap;
} loader;

/* Report one problem at line:col of the file: "NAME:L:C: COLUMN: ...".
** Past CQ_STATUS_MAX_ERRORS, one line says more were left out. */
static void problem(loader *ld, int line, int col, const char *column,
                    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void problem(loader *ld, int line, int col, const char *column,
                    const char *fmt, ...)
{
    ld->problems++;
    if (ld->problems > CQ_STATUS_MAX_ERRORS + 1)
        return;
    if (ld->problems == CQ_STATUS_MAX_ERRORS + 1) {
        cq_error_add(ld->err, CONCORD_CORRUPT,
                     "%s: more than %d problems; the rest are not listed",
                     ld->name, CQ_STATUS_MAX_ERRORS);
        return;
    }
    char text[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    if (column)
        cq_error_add(ld->err, CONCORD_CORRUPT, "%s:%d:%d: %s: %s", ld->name,
                     line, col, column, text);
    else
        cq_error_add(ld->err, CONCORD_CORRUPT, "%s:%d:%d: %s", ld->name, line,
                     col, text);
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/*
** Split the line s[0..n) into cells (at most MAX_CELLS), unquoting CSV
** cells into the scratch and trimming blanks around unquoted ones.
** Returns the number of cells, or -1 after reporting a problem.
*/
static int split(loader *ld, const char *s, size_t n, int line, cell *cells)
{
    char *out = ld->scratch;
    int count = 0;
    size_t i = 0;
    for (;;) {
        if (count == MAX_CELLS) {
            problem(ld, line, (int)i + 1, NULL,
                    "more than %d cells on one line", MAX_CELLS);
            return -1;
        }
        cell *c = &cells[count++];
        char sep = ld->csv ? ',' : '\t';
        size_t start = i;
        if (ld->csv)
            while (i < n && s[i] == ' ')
                i++;
        c->col = (int)i + 1;
        c->s = out;
        if (ld->csv && i < n && s[i] == '"') {
            size_t open = i++;
            for (;;) {
                if (i >= n) {
                    problem(ld, line, (int)open + 1, NULL,
                            "a quoted cell does not end on its line (a "
                            "closing \" is missing)");
                    return -1;
                }
                if (s[i] == '"' && i + 1 < n && s[i + 1] == '"') {
                    *out++ = '"';
                    i += 2;
                } else if (s[i] == '"') {
                    i++;
                    break;
                } else {
                    *out++ = s[i++];
                }
            }
            while (i < n && s[i] == ' ')
                i++;
            if (i < n && s[i] != sep) {
                problem(ld, line, (int)i + 1, NULL,
                        "unexpected text after a quoted cell (expected , or "
                        "the end of the line)");
                return -1;
            }
        } else {
            while (i < n && s[i] != sep)
                i++;
            size_t a = start, b = i;
            while (a < b && is_blank(s[a]))
                a++;
            while (b > a && is_blank(s[b - 1]))
                b--;
            c->col = (int)a + 1;
            memcpy(out, s + a, b - a);
            out += b - a;
        }
        c->n = (size_t)(out - c->s);
        *out++ = '\0';
        if (i >= n)
            return count;
        i++; /* the separator */
    }
}

/* ---- checking cells ------------------------------------------------------ */

static int lower_equal(const char *s, size_t n, const char *word)
{
    size_t m = strlen(word);
    if (m != n)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != word[i])
            return 0;
    }
    return 1;
}

/* The status named by the cell, or 0 after reporting it. */
static int check_status(loader *ld, int line, const cell *c)
{
    for (int s = 1; s < CQ_ST_COUNT; s++)
        if (lower_equal(c->s, c->n, status_names[s]))
            return s;
    if (c->n == 0) {
        problem(ld, line, c->col, "status",
                "empty (expected " STATUS_ALLOWED ")");
        return 0;
    }
    cq_suggest sug;
    cq_suggest_init(&sug, c->s, c->n);
    for (int s = 1; s < CQ_ST_COUNT; s++)
        cq_suggest_offer(&sug, status_names[s], strlen(status_names[s]));
    cq_buf hint;
    cq_buf_init(&hint, ld->err->msg.alloc);
    cq_suggest_write(&sug, &hint, "; ", "'");
    problem(ld, line, c->col, "status",
            "'%.200s' is not a status%s (expected " STATUS_ALLOWED ")", c->s,
            hint.failed ? "" : cq_buf_str(&hint));
    ld->nomem |= hint.failed;
    cq_buf_free(&hint);
    return 0;
}

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Is the cell an ISO 8601 calendar date, YYYY-MM-DD, that exists? */
static int check_date(loader *ld, int line, const cell *c)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30,
                                 31, 31, 30, 31, 30, 31};
    int ok = c->n == 10 && c->s[4] == '-' && c->s[7] == '-';
    for (size_t i = 0; ok && i < 10; i++)
        if (i != 4 && i != 7 && (c->s[i] < '0' || c->s[i] > '9'))
            ok = 0;
    if (ok) {
        int y = (c->s[0] - '0') * 1000 + (c->s[1] - '0') * 100 +
                (c->s[2] - '0') * 10 + (c->s[3] - '0');
        int m = (c->s[5] - '0') * 10 + (c->s[6] - '0');
        int d = (c->s[8] - '0') * 10 + (c->s[9] - '0');
        ok = m >= 1 && m <= 12 && d >= 1 &&
             d <= days[m - 1] + (m == 2 && is_leap(y));
    }
    if (!ok)
        problem(ld, line, c->col, "reviewed",
                "'%.200s' is not a date (expected YYYY-MM-DD, ISO 8601, as "
                "in 2025-03-31)",
                c->s);
    return ok;
}

/* The clause the cell names (one clause, by its key), or CQ_NONE after
** reporting it with the nearest keys. */
static cq_id check_clause(loader *ld, int line, const cell *c)
{
    if (c->n == 0) {
        problem(ld, line, c->col, "clause",
                "empty (expected a clause key, as in 27001@2022:A.5.1)");
        return CQ_NONE;
    }
    /* a key as the corpus writes it: one lookup, no parsing */
    cq_range range;
    if (memchr(c->s, '*', c->n) == NULL &&
        cq_resolve_key(ld->g, c->s, 0, &range) && range.end == range.first + 1)
        return range.first;
    cq_ref_parts parts;
    int bad = cq_parse_ref_text(c->s, &parts) != 0;
    if (!bad && parts.subtree) {
        problem(ld, line, c->col, "clause",
                "'%.200s' names a set of clauses; a status row is about one "
                "clause",
                c->s);
        return CQ_NONE;
    }
    if (bad || parts.number == NULL) {
        problem(ld, line, c->col, "clause",
                "'%.200s' is not a clause key (expected STANDARD:NUMBER, as "
                "in 9001:7.5.1)",
                c->s);
        return CQ_NONE;
    }
    cq_error tmp;
    cq_error_init(&tmp, ld->err->msg.alloc);
    cq_id whole;
    int rc = cq_resolve_ref(ld->g, NULL, parts.std, parts.number, 0, &range,
                            &whole, &tmp);
    cq_id id = CQ_NONE;
    if (rc == CONCORD_NOMEM) {
        ld->nomem = 1;
    } else if (rc != CONCORD_OK) {
        problem(ld, line, c->col, "clause", "%s", cq_error_message(&tmp));
    } else if (range.end != range.first + 1) {
        problem(ld, line, c->col, "clause",
                "'%.200s' names %u clauses; a status row is about one clause",
                c->s, (unsigned)(range.end - range.first));
    } else {
        id = range.first;
    }
    cq_error_free(&tmp);
    return id;
}

/* ---- the header and the rows --------------------------------------------- */

/* Map the header's cells to columns (where[col] = cell index, or -1).
** Returns 0, or -1 after reporting problems. */
static int read_header(loader *ld, int line, const cell *cells, int n,
                       int *where)
{
    int bad = 0;
    for (int k = 0; k < N_COLUMNS; k++)
        where[k] = -1;
    for (int i = 0; i < n; i++) {
        int k = 0;
        while (k < N_COLUMNS &&
               !lower_equal(cells[i].s, cells[i].n, column_names[k]))
            k++;
        if (k == N_COLUMNS) {
            cq_suggest sug;
            cq_suggest_init(&sug, cells[i].s, cells[i].n);
            for (int j = 0; j < N_COLUMNS; j++)
                cq_suggest_offer(&sug, column_names[j],
                                 strlen(column_names[j]));
            cq_buf hint;
            cq_buf_init(&hint, ld->err->msg.alloc);
            cq_suggest_write(&sug, &hint, "; ", "'");
            problem(ld, line, cells[i].col, NULL,
                    "unknown column '%.100s'%s (the columns are clause, "
                    "status, evidence, owner, reviewed and justification)",
                    cells[i].s, hint.failed ? "" : cq_buf_str(&hint));
            ld->nomem |= hint.failed;
            cq_buf_free(&hint);
            bad = 1;
        } else if (where[k] >= 0) {
            problem(ld, line, cells[i].col, NULL,
                    "column '%s' is named twice (first in column %d)",
                    column_names[k], cells[where[k]].col);
            bad = 1;
        } else {
            where[k] = i;
        }
    }
    for (int k = COL_CLAUSE; k <= COL_STATUS; k++)
        if (where[k] < 0) {
            problem(ld, line, 1, NULL,
                    "the header has no '%s' column (a status file needs "
                    "clause and status; evidence, owner, reviewed and "
                    "justification may follow)",
                    column_names[k]);
            bad = 1;
        }
    return bad ? -1 : 0;
}

/* A copy of the cell in the loader's arena, or NULL when it is empty. */
static const char *keep_cell(loader *ld, const cell *cells, int where)
{
    if (where < 0 || cells[where].n == 0)
        return NULL;
    const char *s =
        cq_arena_strndup(&ld->arena, cells[where].s, cells[where].n);
    ld->nomem |= s == NULL;
    return s;
}

static void read_row(loader *ld, int line, const cell *cells, int n,
                     int n_header, const int *where)
{
    if (n != n_header) {
        problem(ld, line, n > n_header ? cells[n_header].col : 1, NULL,
                "%d cells, but the header has %d columns", n, n_header);
        return;
    }
    const cell *clause = &cells[where[COL_CLAUSE]];
    cq_id id = check_clause(ld, line, clause);
    int status = check_status(ld, line, &cells[where[COL_STATUS]]);
    int ok = id != CQ_NONE && status != 0;
    if (where[COL_REVIEWED] >= 0 && cells[where[COL_REVIEWED]].n > 0)
        ok &= check_date(ld, line, &cells[where[COL_REVIEWED]]);
    int just = where[COL_JUSTIFICATION];
    if (status == CQ_ST_NOT_APPLICABLE && (just < 0 || cells[just].n == 0)) {
        problem(ld, line,
                just >= 0 ? cells[just].col : cells[where[COL_STATUS]].col,
                "justification",
                "empty; a not-applicable row says why (a Statement of "
                "Applicability must)");
        ok = 0;
    }
    if (!ok || ld->problems > 0)
        return;
    if (ld->n == ld->cap) {
        size_t cap = ld->cap ? ld->cap * 2 : 64;
        cq_status_row *rows =
            cq_realloc(ld->arena.alloc, ld->rows, ld->cap * sizeof *rows,
                       cap * sizeof *rows);
        if (rows == NULL) {
            ld->nomem = 1;
            return;
        }
        ld->rows = rows;
        ld->cap = cap;
    }
    cq_status_row *r = &ld->rows[ld->n++];
    memset(r, 0, sizeof *r);
    const char *key = cq_graph_str(ld->g, ld->g->clauses[id].key);
    r->key = cq_arena_strndup(&ld->arena, key, strlen(key));
    ld->nomem |= r->key == NULL;
    r->status = status;
    r->evidence = keep_cell(ld, cells, where[COL_EVIDENCE]);
    r->owner = keep_cell(ld, cells, where[COL_OWNER]);
    r->reviewed = keep_cell(ld, cells, where[COL_REVIEWED]);
    r->justification = keep_cell(ld, cells, just);
    r->line = line;
}

/* Move the loader's rows (and their strings) into set. */
static int accept(loader *ld, cq_status_set *set)
{
    if (set->n + ld->n > set->cap) {
        size_t cap = set->cap ? set->cap : 64;
        while (cap < set->n + ld->n)
            cap *= 2;
        cq_status_row *rows = cq_realloc(
            set->alloc, set->rows, set->cap * sizeof *rows, cap * sizeof *rows);
        if (rows == NULL)
            return -1;
        set->rows = rows;
        set->cap = cap;
    }
    const char *file =
        cq_arena_strndup(&set->arena, ld->name, strlen(ld->name));
    if (file == NULL)
        return -1;
    for (size_t i = 0; i < ld->n; i++) {
        const cq_status_row *from = &ld->rows[i];
        cq_status_row *to = &set->rows[set->n + i];
        const char **fields[] = {&to->key, &to->evidence, &to->owner,
                                 &to->reviewed, &to->justification};
        const char *const values[] = {from->key, from->evidence, from->owner,
                                      from->reviewed, from->justification};
        *to = *from;
        to->file = file;
        for (size_t k = 0; k < sizeof fields / sizeof fields[0]; k++)
            if (values[k] != NULL &&
                (*fields[k] = cq_arena_strndup(&set->arena, values[k],
                                               strlen(values[k]))) == NULL)
                return -1;
    }
    set->n += ld->n;
    return 0;
}

int cq_status_load_text(cq_status_set *set, const cq_graph *graph,
                        const char *name, const char *text, size_t len,
                        cq_error *err)
{
    loader ld;
    memset(&ld, 0, sizeof ld);
    ld.g = graph;
    ld.name = name;
    ld.err = err;
    cq_error_clear(err);
    cq_arena_init(&ld.arena, set->alloc);
    ld.scratch_size = len + MAX_CELLS + 1;
    ld.scratch = cq_malloc(set->alloc, ld.scratch_size);
    if (ld.scratch == NULL) {
        cq_arena_free(&ld.arena);
        return cq_error_nomem(err);
    }
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        text += 3;
        len -= 3;
    }
    cell cells[MAX_CELLS];
    int where[N_COLUMNS];
    int n_header = 0, line = 0;
    for (size_t pos = 0; pos < len && !ld.nomem;) {
        const char *s = text + pos;
        const char *nl = memchr(s, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - s) : len - pos;
        pos += n + (nl != NULL);
        line++;
        if (n > 0 && s[n - 1] == '\r')
            n--;
        size_t lead = 0;
        while (lead < n && is_blank(s[lead]))
            lead++;
        if (lead == n || s[lead] == '#') /* blank lines and comments */
            continue;
        if (n_header == 0)
            ld.csv = memchr(s, '\t', n) == NULL;
        int count = split(&ld, s, n, line, cells);
        if (count < 0)
            continue;
        if (n_header == 0) {
            n_header = count;
            if (read_header(&ld, line, cells, count, where) != 0)
                break; /* no row can be read without the columns */
        } else {
            read_row(&ld, line, cells, count, n_header, where);
        }
    }
    if (n_header == 0 && !ld.nomem && ld.problems == 0)
        problem(&ld, line ? line : 1, 1, NULL,
                "no header line (expected clause, status, evidence, owner, "
                "reviewed, justification: tab- or comma-separated)");
    int rc = CONCORD_OK;
    if (ld.nomem)
        rc = cq_error_nomem(err);
    else if (ld.problems > 0)
        rc = err->msg.failed ? cq_error_nomem(err) : CONCORD_CORRUPT;
    else if (accept(&ld, set) != 0)
        rc = cq_error_nomem(err);
    cq_free(set->alloc, ld.rows, ld.cap * sizeof(cq_status_row));
    cq_free(set->alloc, ld.scratch, ld.scratch_size);
    cq_arena_free(&ld.arena);
    return rc;
}

int cq_status_load_file(cq_status_set *set, const cq_graph *graph,
                        const char *path, cq_error *err)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        char reason[128];
        if (strerror_r(errno, reason, sizeof reason) != 0)
            snprintf(reason, sizeof reason, "error %d", errno);
        return cq_error_set(err, CONCORD_IOERR, NULL,
                            "cannot read status file %s: %s", path, reason);
    }
    cq_buf data;
    cq_buf_init(&data, set->alloc);
    char chunk[8192];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        cq_buf_append(&data, chunk, got);
    int failed = ferror(f);
    fclose(f);
    int rc;
    if (failed)
        rc = cq_error_set(err, CONCORD_IOERR, NULL,
                          "cannot read status file %s: a read failed", path);
    else if (data.failed)
        rc = cq_error_nomem(err);
    else
        rc = cq_status_load_text(set, graph, path, data.data ? data.data : "",
                                 data.len, err);
    cq_buf_free(&data);
    return rc;
}

/* ---- lookups ------------------------------------------------------------- */

void cq_status_index(const cq_status_set *set, const cq_graph *graph,
                     int32_t *out)
{
    for (uint32_t c = 0; c < graph->n_clauses; c++)
        out[c] = -1;
    if (set == NULL)
        return;
    for (size_t i = 0; i < set->n; i++) {
        cq_range range;
        if (cq_resolve_key(graph, set->rows[i].key, 0, &range) &&
            range.end == range.first + 1)
            out[range.first] = (int32_t)i;
    }
}

int cq_status_conflicts(const cq_status_set *set, const cq_graph *graph,
                        cq_status_conflict_fn fn, void *ctx)
{
    if (set == NULL || set->n == 0)
        return 0;
    size_t size = sizeof(int32_t) * (graph->n_clauses ? graph->n_clauses : 1);
    int32_t *last = cq_malloc(set->alloc, size);
    if (last == NULL)
        return -1;
    for (uint32_t c = 0; c < graph->n_clauses; c++)
        last[c] = -1;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < set->n; i++) {
        cq_range range;
        if (!cq_resolve_key(graph, set->rows[i].key, 0, &range) ||
            range.end != range.first + 1)
            continue;
        int32_t prev = last[range.first];
        if (prev >= 0 && set->rows[prev].status != set->rows[i].status)
            rc = fn(ctx, &set->rows[prev], &set->rows[i]);
        last[range.first] = (int32_t)i;
    }
    cq_free(set->alloc, last, size);
    return rc;
}
