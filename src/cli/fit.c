/*
** fit.c -- result tables for a terminal: fitted to its width, in full, or
** as records, coloured or not; and the session's .width and .columns.
**
** The library's table format is one layout for every reader (a file, a
** pipe, a test); a person at a terminal needs the table to fit the
** screen.  So on a terminal the program steps the statement itself and
** lays the rows out here.  A table that fits is written exactly as the
** library writes it (colour aside); one that does not has its text cells
** cut with an ellipsis, by display width, with the spare room going to the
** columns whose text is longest; when even that leaves too little, the
** columns of least interest are left out, in the order drop_order lists,
** and a footer names them.
*/
#include "cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Columns left out first when a table is too wide, first to last.  A
** column not named here (clause keys, relation, strength, counts) is never
** left out. */
static const char *const drop_order[] = {"layer",          "source",
                                         "note",           "annex",
                                         "high",           "routes",
                                         "route_kind",     "route_confidence",
                                         "route_strength", "route_relation",
                                         "kind",           "terms",
                                         "edges",          "low",
                                         "medium",         "year",
                                         "role",           "other",
                                         "origin",         "depth",
                                         "parent",         "hop",
                                         "matched",        "from_title",
                                         "to_title",       "route",
                                         "confidence",     "status",
                                         "title",          NULL};

/* Columns never cut: keys and short codes that mean nothing when cut. */
static const char *const keep_whole[] = {
    "clause", "from",   "to",     "standard",   "other", "parent", "relation",
    "role",   "origin", "status", "confidence", "annex", "path",   NULL};

/* A text column is cut to no less than its header or this, the larger. */
#define MIN_CUT 10

#define ELLIPSIS "\xe2\x80\xa6" /* U+2026, one column wide */

/* ---- the session's settings: .width and .columns -------------------- */

typedef struct pinned_width {
    char *column;
    int width;
} pinned_width;

typedef struct chosen_columns {
    char *kind;     /* statement kind: its first word */
    int n;          /* columns chosen, in order */
    char **columns; /* their names */
} chosen_columns;

typedef struct cq_cli_display {
    int nwidths;
    pinned_width *widths;
    int nchoices;
    chosen_columns *choices;
} cq_cli_display;

static cq_cli_display *display_of(cq_cli_state *st)
{
    if (st->display == NULL)
        st->display = calloc(1, sizeof *st->display);
    return st->display;
}

static int pinned(const cq_cli_state *st, const char *column)
{
    const cq_cli_display *d = st->display;
    for (int i = 0; d != NULL && i < d->nwidths; i++)
        if (strcmp(d->widths[i].column, column) == 0)
            return d->widths[i].width;
    return 0;
}

static const chosen_columns *chosen(const cq_cli_state *st)
{
    const cq_cli_display *d = st->display;
    for (int i = 0; d != NULL && i < d->nchoices; i++)
        if (strcmp(d->choices[i].kind, st->kind) == 0)
            return &d->choices[i];
    return NULL;
}

static void choice_free(chosen_columns *c)
{
    for (int i = 0; i < c->n; i++)
        free(c->columns[i]);
    free(c->columns);
    free(c->kind);
}

void cq_cli_display_free(cq_cli_state *st)
{
    cq_cli_display *d = st->display;
    if (d == NULL)
        return;
    for (int i = 0; i < d->nwidths; i++)
        free(d->widths[i].column);
    free(d->widths);
    for (int i = 0; i < d->nchoices; i++)
        choice_free(&d->choices[i]);
    free(d->choices);
    free(d);
    st->display = NULL;
}

static int out_of_memory(void)
{
    fputs("concord: out of memory\n", stderr);
    return -1;
}

int cq_cli_width_command(cq_cli_state *st, const char *who, int nwords,
                         char **words)
{
    cq_cli_display *d = display_of(st);
    if (d == NULL)
        return out_of_memory();
    if (nwords == 0) {
        if (d->nwidths == 0)
            printf("no column widths pinned (.width COLUMN N pins one)\n");
        for (int i = 0; i < d->nwidths; i++)
            printf(".width %s %d\n", d->widths[i].column, d->widths[i].width);
        return 0;
    }
    char *end = NULL;
    long n = nwords == 2 ? strtol(words[1], &end, 10) : 0;
    if (nwords > 2 || (nwords == 2 && (*end != '\0' || n < 1 || n > 1000))) {
        fprintf(stderr,
                "%s: usage: .width [COLUMN [N]], N a width from 1 to 1000\n",
                who);
        return -1;
    }
    int i = 0;
    while (i < d->nwidths && strcmp(d->widths[i].column, words[0]) != 0)
        i++;
    if (nwords == 1) { /* clear it */
        if (i < d->nwidths) {
            free(d->widths[i].column);
            d->widths[i] = d->widths[--d->nwidths];
        }
        return 0;
    }
    if (i == d->nwidths) {
        pinned_width *w =
            realloc(d->widths, (size_t)(d->nwidths + 1) * sizeof *w);
        if (w == NULL)
            return out_of_memory();
        d->widths = w;
        if ((w[i].column = strdup(words[0])) == NULL)
            return out_of_memory();
        d->nwidths++;
    }
    d->widths[i].width = (int)n;
    return 0;
}

int cq_cli_columns_command(cq_cli_state *st, const char *who, int nwords,
                           char **words)
{
    (void)who;
    cq_cli_display *d = display_of(st);
    if (d == NULL)
        return out_of_memory();
    if (nwords == 0) {
        if (d->nchoices == 0)
            printf("every statement shows all its columns (.columns KIND "
                   "COLUMN... chooses)\n");
        for (int i = 0; i < d->nchoices; i++) {
            printf(".columns %s", d->choices[i].kind);
            for (int j = 0; j < d->choices[i].n; j++)
                printf(" %s", d->choices[i].columns[j]);
            putchar('\n');
        }
        return 0;
    }
    int i = 0;
    while (i < d->nchoices && strcmp(d->choices[i].kind, words[0]) != 0)
        i++;
    if (i < d->nchoices) { /* replaced or cleared */
        choice_free(&d->choices[i]);
        d->choices[i] = d->choices[--d->nchoices];
    }
    if (nwords == 1)
        return 0;
    chosen_columns *c =
        realloc(d->choices, (size_t)(d->nchoices + 1) * sizeof *c);
    if (c == NULL)
        return out_of_memory();
    d->choices = c;
    c = &d->choices[d->nchoices];
    c->n = 0;
    c->kind = strdup(words[0]);
    c->columns = calloc((size_t)nwords, sizeof *c->columns);
    if (c->kind == NULL || c->columns == NULL) {
        choice_free(c);
        return out_of_memory();
    }
    d->nchoices++;
    for (int j = 1; j < nwords; j++) {
        /* "from,to,title" as well as "from to title" */
        for (char *w = strtok(words[j], ","); w != NULL;
             w = strtok(NULL, ",")) {
            char **more =
                realloc(c->columns, (size_t)(c->n + 1) * sizeof *more);
            if (more == NULL)
                return out_of_memory();
            c->columns = more;
            if ((c->columns[c->n] = strdup(w)) == NULL)
                return out_of_memory();
            c->n++;
        }
    }
    return 0;
}

/* ---- a growable text ------------------------------------------------ */

typedef struct text {
    char *data;
    size_t len, cap;
    size_t lines;
    int failed;
} text;

static void put(text *t, const char *s, size_t n)
{
    if (t->failed || n == 0)
        return;
    if (t->cap - t->len < n + 1) {
        size_t cap = t->cap ? t->cap : 4096;
        while (cap - t->len < n + 1)
            cap *= 2;
        char *d = realloc(t->data, cap);
        if (d == NULL) {
            t->failed = 1;
            return;
        }
        t->data = d;
        t->cap = cap;
    }
    memcpy(t->data + t->len, s, n);
    t->len += n;
    t->data[t->len] = '\0';
}

static void puts_(text *t, const char *s)
{
    put(t, s, strlen(s));
}

static void spaces(text *t, size_t n)
{
    static const char blank[] = "                                ";
    while (n > 0) {
        size_t k = n < sizeof blank - 1 ? n : sizeof blank - 1;
        put(t, blank, k);
        n -= k;
    }
}

static void repeat(text *t, const char *s, size_t n)
{
    while (n-- > 0)
        puts_(t, s);
}

/* Colour code c when colour is on. */
static void sgr(text *t, int on, const char *c)
{
    if (on)
        puts_(t, c);
}

/* End a line: no trailing blanks (as the library's table writes it). */
static void end_line(text *t)
{
    while (!t->failed && t->len > 0 && t->data[t->len - 1] == ' ')
        t->len--;
    put(t, "\n", 1);
    t->lines++;
}

/* ---- the rows -------------------------------------------------------- */

typedef struct result {
    int ncols;
    char **names;           /* column names */
    unsigned char *numeric; /* right-aligned: numbers only, one at least */
    unsigned char *seen;    /* a number was seen in the column */
    size_t nrows, cap;
    char **cells; /* nrows * ncols, escaped for display; NULL: null */
} result;

static void result_free(result *r)
{
    for (size_t i = 0; i < r->nrows * (size_t)r->ncols; i++)
        free(r->cells[i]);
    for (int c = 0; c < r->ncols; c++)
        free(r->names[c]);
    free(r->cells);
    free(r->names);
    free(r->numeric);
    free(r->seen);
}

/* s with \n \t \r written as the table format writes them (two
** characters), so a row stays one line. */
static char *escaped(const char *s)
{
    size_t n = 0;
    for (const char *p = s; *p; p++)
        n += (*p == '\n' || *p == '\t' || *p == '\r') ? 2 : 1;
    char *e = malloc(n + 1), *q = e;
    if (e == NULL)
        return NULL;
    for (const char *p = s; *p; p++) {
        if (*p == '\n' || *p == '\t' || *p == '\r') {
            *q++ = '\\';
            *q++ = *p == '\n' ? 'n' : *p == '\t' ? 't' : 'r';
        } else {
            *q++ = *p;
        }
    }
    *q = '\0';
    return e;
}

/* Step stmt to its end, keeping every row.  Returns CONCORD_DONE, the
** library's code, or CONCORD_NOMEM. */
static int collect(concord_stmt *stmt, result *r)
{
    int n = concord_column_count(stmt);
    r->ncols = n;
    r->names = calloc((size_t)n, sizeof *r->names);
    r->numeric = calloc((size_t)n, 1);
    r->seen = calloc((size_t)n, 1);
    if (r->names == NULL || r->numeric == NULL || r->seen == NULL)
        return CONCORD_NOMEM;
    for (int c = 0; c < n; c++) {
        const char *name = concord_column_name(stmt, c);
        if ((r->names[c] = escaped(name ? name : "")) == NULL)
            return CONCORD_NOMEM;
        r->numeric[c] = 1;
    }
    int rc;
    while ((rc = concord_step(stmt)) == CONCORD_ROW) {
        if (r->nrows == r->cap) {
            size_t cap = r->cap ? r->cap * 2 : 64;
            char **cells = realloc(r->cells, cap * (size_t)n * sizeof *cells);
            if (cells == NULL)
                return CONCORD_NOMEM;
            r->cells = cells;
            r->cap = cap;
        }
        char **row = r->cells + r->nrows * (size_t)n;
        for (int c = 0; c < n; c++)
            row[c] = NULL;
        r->nrows++;
        for (int c = 0; c < n; c++) {
            int type = concord_column_type(stmt, c);
            if (type == CONCORD_INTEGER || type == CONCORD_REAL)
                r->seen[c] = 1;
            else if (type != CONCORD_NULL)
                r->numeric[c] = 0;
            const char *v = concord_column_text(stmt, c);
            if (v != NULL && (row[c] = escaped(v)) == NULL)
                return CONCORD_NOMEM;
        }
    }
    for (int c = 0; c < n; c++)
        r->numeric[c] = r->numeric[c] && r->seen[c];
    return rc;
}

static const char *cell(const result *r, size_t row, int c)
{
    const char *s = r->cells[row * (size_t)r->ncols + (size_t)c];
    return s ? s : "";
}

static size_t width_of(const char *s)
{
    return (size_t)concord_text_width(s, -1);
}

static int listed(const char *name, const char *const *list)
{
    for (int i = 0; list[i] != NULL; i++)
        if (strcmp(list[i], name) == 0)
            return i;
    return -1;
}

/* Write s in exactly w columns: cut with an ellipsis when wider, padded
** (on the left when right) when narrower; the text alone in colour (when
** not NULL), so that the padding stays blanks a line can end without. */
static void put_cell(text *t, const char *s, size_t w, int right,
                     const char *color)
{
    size_t sw = width_of(s);
    if (sw <= w) {
        if (right)
            spaces(t, w - sw);
        sgr(t, color != NULL, color);
        puts_(t, s);
        sgr(t, color != NULL, CQ_SGR_RESET);
        if (!right)
            spaces(t, w - sw);
        return;
    }
    if (w == 0)
        return;
    /* whole characters while they leave a column for the ellipsis */
    size_t used = 0, i = 0, n = strlen(s);
    while (i < n) {
        size_t k = 1;
        while (i + k < n && ((unsigned char)s[i + k] & 0xC0) == 0x80)
            k++;
        size_t cw = (size_t)concord_text_width(s + i, (int)k);
        if (used + cw > w - 1)
            break;
        used += cw;
        i += k;
    }
    sgr(t, color != NULL, color);
    put(t, s, i);
    puts_(t, ELLIPSIS);
    sgr(t, color != NULL, CQ_SGR_RESET);
    spaces(t, w - 1 - used);
}

/* The colour of a cell, or NULL: `none` relations (and statuses) red, a
** high confidence mark green. */
static const char *cell_color(const char *column, const char *v)
{
    if (strcmp(v, "none") == 0 &&
        (strcmp(column, "relation") == 0 || strcmp(column, "status") == 0))
        return CQ_SGR_RED;
    if ((strcmp(column, "confidence") == 0 && strcmp(v, "high") == 0) ||
        (strcmp(column, "high") == 0 && *v != '\0'))
        return CQ_SGR_GREEN;
    return NULL;
}

static void row_count(text *t, const cq_cli_state *st, size_t n)
{
    sgr(t, st->color, CQ_SGR_DIM);
    char line[48];
    snprintf(line, sizeof line, "(%zu %s)", n, n == 1 ? "row" : "rows");
    puts_(t, line);
    sgr(t, st->color, CQ_SGR_RESET);
    end_line(t);
}

/* ---- layout ----------------------------------------------------------- */

typedef struct layout {
    int n;         /* columns shown */
    int *col;      /* which, in order */
    size_t *width; /* their widths */
    int ndropped;  /* columns left out for want of room */
    int *dropped;  /* which */
} layout;

static void layout_free(layout *l)
{
    free(l->col);
    free(l->width);
    free(l->dropped);
}

static size_t total_width(const size_t *w, int n)
{
    size_t sum = n > 0 ? 2 * (size_t)(n - 1) : 0;
    for (int i = 0; i < n; i++)
        sum += w[i];
    return sum;
}

/* Choose the columns and their widths for a screen cols wide (fit) or for
** no limit.  Returns 0, or -1 when memory ran out. */
static int lay_out(const cq_cli_state *st, const result *r, int fit,
                   size_t cols, layout *l)
{
    int n = r->ncols;
    l->col = calloc((size_t)n + 1, sizeof *l->col);
    l->width = calloc((size_t)n + 1, sizeof *l->width);
    l->dropped = calloc((size_t)n + 1, sizeof *l->dropped);
    size_t *natural = calloc((size_t)n + 1, sizeof *natural);
    size_t *least = calloc((size_t)n + 1, sizeof *least);
    if (l->col == NULL || l->width == NULL || l->dropped == NULL ||
        natural == NULL || least == NULL) {
        free(natural);
        free(least);
        return -1;
    }
    /* the columns: those .columns chose for this kind, else all */
    const chosen_columns *ch = chosen(st);
    l->n = 0;
    for (int i = 0; ch != NULL && i < ch->n; i++)
        for (int c = 0; c < n; c++)
            if (strcmp(r->names[c], ch->columns[i]) == 0) {
                l->col[l->n++] = c;
                break;
            }
    if (l->n == 0)
        for (int c = 0; c < n; c++)
            l->col[l->n++] = c;

    for (int i = 0; i < l->n; i++) {
        int c = l->col[i];
        size_t w = width_of(r->names[c]);
        for (size_t row = 0; row < r->nrows; row++) {
            size_t cw = width_of(cell(r, row, c));
            if (cw > w)
                w = cw;
        }
        size_t header = width_of(r->names[c]);
        size_t pin = (size_t)pinned(st, r->names[c]);
        natural[i] = pin ? pin : w;
        least[i] = natural[i];
        if (!pin && !r->numeric[c] && listed(r->names[c], keep_whole) < 0) {
            size_t floor_w = header > MIN_CUT ? header : MIN_CUT;
            if (least[i] > floor_w)
                least[i] = floor_w;
        }
    }
    if (!fit || total_width(natural, l->n) <= cols) {
        memcpy(l->width, natural, (size_t)l->n * sizeof *natural);
        free(natural);
        free(least);
        return 0;
    }
    /* Leave out columns, least interesting first, until the least widths
    ** fit. */
    while (total_width(least, l->n) > cols) {
        int worst = -1, worst_rank = 0;
        for (int i = 0; i < l->n; i++) {
            int rank = listed(r->names[l->col[i]], drop_order);
            if (rank >= 0 && (worst < 0 || rank < worst_rank)) {
                worst = i;
                worst_rank = rank;
            }
        }
        if (worst < 0 || l->n == 1)
            break;
        l->dropped[l->ndropped++] = l->col[worst];
        memmove(&l->col[worst], &l->col[worst + 1],
                (size_t)(l->n - worst - 1) * sizeof *l->col);
        memmove(&natural[worst], &natural[worst + 1],
                (size_t)(l->n - worst - 1) * sizeof *natural);
        memmove(&least[worst], &least[worst + 1],
                (size_t)(l->n - worst - 1) * sizeof *least);
        l->n--;
    }
    /* Then share the room left evenly: a column at a time to the
    ** narrowest that still lacks some of its natural width, so short
    ** titles show whole and long notes take what is left. */
    memcpy(l->width, least, (size_t)l->n * sizeof *least);
    size_t used = total_width(least, l->n);
    while (used < cols) {
        int best = -1;
        for (int i = 0; i < l->n; i++)
            if (l->width[i] < natural[i] &&
                (best < 0 || l->width[i] < l->width[best]))
                best = i;
        if (best < 0)
            break;
        l->width[best]++;
        used++;
    }
    free(natural);
    free(least);
    return 0;
}

/* ---- the two views ---------------------------------------------------- */

static void put_wrapped(text *t, const char *v, size_t from, size_t cols);

static void render_table(const cq_cli_state *st, const result *r,
                         const layout *l, size_t cols, text *t)
{
    for (int i = 0; i < l->n; i++) {
        int c = l->col[i];
        if (i > 0)
            spaces(t, 2);
        put_cell(t, r->names[c], l->width[i], r->numeric[c],
                 st->color ? CQ_SGR_BOLD : NULL);
    }
    end_line(t);
    for (int i = 0; i < l->n; i++) {
        if (i > 0)
            spaces(t, 2);
        repeat(t, "-", l->width[i]);
    }
    end_line(t);
    for (size_t row = 0; row < r->nrows; row++) {
        for (int i = 0; i < l->n; i++) {
            int c = l->col[i];
            const char *v = cell(r, row, c);
            const char *color = st->color ? cell_color(r->names[c], v) : NULL;
            if (i > 0)
                spaces(t, 2);
            put_cell(t, v, l->width[i], r->numeric[c], color);
        }
        end_line(t);
    }
    row_count(t, st, r->nrows);
    if (l->ndropped > 0) {
        text note;
        memset(&note, 0, sizeof note);
        puts_(&note, "(not shown: ");
        for (int i = 0; i < l->ndropped; i++) {
            if (i > 0)
                puts_(&note, ", ");
            puts_(&note, r->names[l->dropped[i]]);
        }
        puts_(&note, "; .mode records or .mode table full shows every "
                     "column, select chooses)");
        if (note.failed)
            t->failed = 1;
        sgr(t, st->color, CQ_SGR_DIM);
        put_wrapped(t, note.data ? note.data : "", 1, cols);
        sgr(t, st->color, CQ_SGR_RESET);
        end_line(t);
        free(note.data);
    }
}

/* Write v from column `from` on, wrapping at cols (at a blank when there
** is one) with every further line indented to from. */
static void put_wrapped(text *t, const char *v, size_t from, size_t cols)
{
    size_t room = cols > from + 10 ? cols - from : 10;
    const char *p = v;
    for (;;) {
        size_t n = strlen(p), used = 0, i = 0, last_blank = 0;
        while (i < n) {
            size_t k = 1;
            while (i + k < n && ((unsigned char)p[i + k] & 0xC0) == 0x80)
                k++;
            size_t cw = (size_t)concord_text_width(p + i, (int)k);
            if (used + cw > room)
                break;
            if (p[i] == ' ')
                last_blank = i;
            used += cw;
            i += k;
        }
        if (i >= n) {
            puts_(t, p);
            return;
        }
        size_t cut = last_blank > 0 ? last_blank : (i > 0 ? i : 1);
        put(t, p, cut);
        end_line(t);
        spaces(t, from);
        p += cut;
        while (*p == ' ')
            p++;
    }
}

static void render_records(const cq_cli_state *st, const result *r,
                           const layout *l, size_t cols, text *t)
{
    size_t label = 0;
    for (int i = 0; i < l->n; i++) {
        size_t w = width_of(r->names[l->col[i]]);
        if (w > label)
            label = w;
    }
    for (size_t row = 0; row < r->nrows; row++) {
        char head[48];
        snprintf(head, sizeof head, "-[ row %zu ]", row + 1);
        sgr(t, st->color, CQ_SGR_DIM);
        puts_(t, head);
        size_t hw = strlen(head);
        repeat(t, "-", label + 2 > hw ? label + 2 - hw : 1);
        sgr(t, st->color, CQ_SGR_RESET);
        end_line(t);
        for (int i = 0; i < l->n; i++) {
            int c = l->col[i];
            const char *v = cell(r, row, c);
            const char *color = st->color ? cell_color(r->names[c], v) : NULL;
            put_cell(t, r->names[c], label, 0, st->color ? CQ_SGR_BOLD : NULL);
            spaces(t, 2);
            sgr(t, color != NULL, color);
            put_wrapped(t, v, label + 2, cols);
            sgr(t, color != NULL, CQ_SGR_RESET);
            end_line(t);
        }
    }
    row_count(t, st, r->nrows);
}

int cq_cli_fit_render(cq_cli_state *st, concord_stmt *stmt, char **out,
                      size_t *len, size_t *lines)
{
    result r;
    memset(&r, 0, sizeof r);
    int rc = collect(stmt, &r);
    if (rc != CONCORD_DONE) {
        result_free(&r);
        return rc;
    }
    /* colour for the screen only, never into an .output file */
    int color = st->color;
    st->color = st->color && st->out == stdout;
    int cols, rows;
    cq_cli_term_size(&cols, &rows);
    /* Only a terminal is fitted: colour forced onto a pipe keeps every
    ** column whole. */
    int tty = st->tty && st->out == stdout;
    int view = tty                           ? st->view
               : st->view == CQ_VIEW_RECORDS ? CQ_VIEW_RECORDS
                                             : CQ_VIEW_FULL;
    if (!tty || cols == 0) {
        /* off a terminal, or one of unknown width: nothing cut or wrapped */
        cols = 1 << 20;
        if (view != CQ_VIEW_RECORDS)
            view = CQ_VIEW_FULL;
    }
    layout l;
    memset(&l, 0, sizeof l);
    text t;
    memset(&t, 0, sizeof t);
    int fit = view == CQ_VIEW_FIT || view == CQ_VIEW_AUTO;
    int ok = lay_out(st, &r, fit, (size_t)cols, &l) == 0;
    if (ok && view == CQ_VIEW_AUTO && l.ndropped > 0) {
        /* a row too wide for the screen: records, every column whole */
        layout_free(&l);
        memset(&l, 0, sizeof l);
        ok = lay_out(st, &r, 0, (size_t)cols, &l) == 0;
        view = CQ_VIEW_RECORDS;
    }
    if (!ok)
        t.failed = 1;
    else if (view == CQ_VIEW_RECORDS)
        render_records(st, &r, &l, (size_t)cols, &t);
    else
        render_table(st, &r, &l, (size_t)cols, &t);
    st->color = color;
    layout_free(&l);
    result_free(&r);
    if (t.failed) {
        free(t.data);
        return CONCORD_NOMEM;
    }
    *out = t.data;
    *len = t.len;
    *lines = t.lines;
    return CONCORD_DONE;
}
