/*
** complete.c -- completion of the word at a cursor (concord_complete), for
** the REPL's Tab and for any other front end (a web page, an editor).
**
** What may stand at the cursor is decided by the parser itself: a keyword
** or a standard id is offered only when the statement typed so far,
** followed by it, still parses (or merely ends early).  Column names come
** from preparing the part of the statement before its where / select /
** sort by / group by, and clause keys (with their titles) from running
** `clauses of STANDARD`, so what is offered is always what the corpus and
** the language hold now, never a list kept apart from them.
*/
#include <string.h>

#include "alloc.h"
#include "arena.h"
#include "concord.h"
#include "db.h"
#include "error.h"
#include "parse.h"
#include "script.h"

/* One token of the statement before the word being completed. */
typedef struct token {
    size_t start, end; /* bytes of the text */
} token;

/* The most tokens looked at before the cursor. */
#define MAX_TOKENS 512

typedef struct completion {
    concord_db *db;
    const cq_allocator *alloc;
    const char *text;     /* the whole text */
    size_t stmt;          /* where the cursor's statement starts */
    size_t start, cursor; /* the word being completed */
    concord_complete_fn fn;
    void *ctx;
    int stop;   /* fn asked to stop */
    int nomem;  /* an allocation failed */
    char *buf;  /* scratch: the statement so far plus a candidate */
    size_t cap; /* bytes at buf */
} completion;

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int is_word_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.' ||
           c == ':' || c == '*' || c == '@' || c == '$';
}

/* Does word start with the len bytes of prefix (ASCII case ignored)? */
static int has_prefix(const char *word, const char *prefix, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (word[i] == '\0' ||
            lower((unsigned char)word[i]) != lower((unsigned char)prefix[i]))
            return 0;
    return 1;
}

static int offer(completion *c, int kind, const char *word, const char *detail)
{
    if (c->stop)
        return 1;
    if (c->fn(c->ctx, kind, word, detail) != 0)
        c->stop = 1;
    return c->stop;
}

/* The token text t as a lower-case C string in out (cut to size). */
static void token_text(const completion *c, const token *t, char *out,
                       size_t size)
{
    size_t n = t->end - t->start;
    if (n >= size)
        n = size - 1;
    for (size_t i = 0; i < n; i++)
        out[i] = (char)lower((unsigned char)c->text[t->start + i]);
    out[n] = '\0';
}

/* Add the token [start, end) to the n in toks, dropping the oldest when
** full; returns the new count. */
static int push_token(token *toks, int n, size_t start, size_t end)
{
    if (n == MAX_TOKENS) {
        memmove(toks, toks + 1, (MAX_TOKENS - 1) * sizeof *toks);
        n--;
    }
    toks[n].start = start;
    toks[n].end = end;
    return n + 1;
}

/*
** Split text[from, to) into tokens: words, strings, single punctuation.
** Comments are skipped.  Returns how many (at most MAX_TOKENS: the last
** ones are kept); sets *open_string to the offset of a string's opening
** quote when to falls inside one, else to (size_t)-1; *last_semi to just
** past the last ';' (or from).
*/
static int tokenize(const char *text, size_t from, size_t to, token *toks,
                    size_t *open_string, size_t *last_semi)
{
    int n = 0;
    size_t i = from;
    *open_string = (size_t)-1;
    *last_semi = from;
    while (i < to) {
        char ch = text[i];
        if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
            i++;
        } else if (ch == '#' ||
                   (ch == '-' && i + 1 < to && text[i + 1] == '-')) {
            while (i < to && text[i] != '\n')
                i++;
        } else if (ch == '"' || ch == '\'') {
            size_t s = i++;
            while (i < to && text[i] != ch)
                i++;
            if (i >= to) {
                *open_string = s;
                return n;
            }
            i++;
            n = push_token(toks, n, s, i);
        } else if (ch == ';') {
            n = 0; /* a new statement */
            *last_semi = ++i;
        } else {
            size_t s = i;
            if (is_word_char(ch))
                while (i < to && is_word_char(text[i]))
                    i++;
            else if ((ch == '>' || ch == '<' || ch == '!' || ch == '=') &&
                     i + 1 < to && text[i + 1] == '=')
                i += 2;
            else
                i++;
            n = push_token(toks, n, s, i);
        }
    }
    return n;
}

/* The statement so far (text[stmt, start)) followed by word, in c->buf;
** returns its length, or 0 when memory ran out. */
static size_t with_candidate(completion *c, const char *word)
{
    size_t before = c->start - c->stmt, n = strlen(word);
    size_t need = before + n + 1;
    if (c->buf == NULL || need > c->cap) {
        char *b = cq_realloc(c->alloc, c->buf, c->cap, need);
        if (b == NULL) {
            c->nomem = 1;
            return 0;
        }
        c->buf = b;
        c->cap = need;
    }
    memcpy(c->buf, c->text + c->stmt, before);
    memcpy(c->buf + before, word, n);
    c->buf[before + n] = '\0';
    return before + n;
}

/* Would the statement typed so far, followed by word, still parse (or only
** end too early)? */
static int fits(completion *c, const char *word)
{
    size_t len = with_candidate(c, word);
    if (len == 0)
        return 0;
    cq_arena arena;
    cq_error err;
    cq_arena_init(&arena, c->alloc);
    cq_error_init(&err, c->alloc);
    cq_node *node = NULL;
    size_t tail = 0;
    int incomplete = 0;
    int rc = cq_parse_statement(&arena, c->buf, len, 0, &node, &tail,
                                &incomplete, &err);
    if (rc == CONCORD_NOMEM)
        c->nomem = 1;
    cq_error_free(&err);
    cq_arena_free(&arena);
    return rc == CONCORD_OK || (rc == CONCORD_SYNTAX && incomplete);
}

static void offer_keywords(completion *c)
{
    const char *prefix = c->text + c->start;
    size_t plen = c->cursor - c->start;
    const char *kw;
    for (size_t i = 0; (kw = cq_lex_keyword(i)) != NULL && !c->stop; i++)
        if (has_prefix(kw, prefix, plen) && fits(c, kw))
            offer(c, CONCORD_COMPLETE_KEYWORD, kw, NULL);
}

/* Run the statement q and call row(c, stmt) for each of its rows. */
static void each_row(completion *c, const char *q,
                     void (*row)(completion *c, concord_stmt *stmt))
{
    concord_stmt *stmt = NULL;
    if (concord_prepare(c->db, q, -1, &stmt, NULL) != CONCORD_OK ||
        stmt == NULL)
        return;
    int rc = CONCORD_DONE;
    while (!c->stop && (rc = concord_step(stmt)) == CONCORD_ROW)
        row(c, stmt);
    if (rc == CONCORD_NOMEM)
        c->nomem = 1;
    concord_finalize(stmt);
}

static int column_of(concord_stmt *stmt, const char *name)
{
    int n = concord_column_count(stmt);
    for (int i = 0; i < n; i++) {
        const char *col = concord_column_name(stmt, i);
        if (col != NULL && strcmp(col, name) == 0)
            return i;
    }
    return -1;
}

static void standard_row(completion *c, concord_stmt *stmt)
{
    const char *id = concord_column_text(stmt, column_of(stmt, "standard"));
    const char *other = concord_column_text(stmt, column_of(stmt, "other"));
    const char *title = concord_column_text(stmt, column_of(stmt, "title"));
    if (id == NULL || (other != NULL && *other != '\0') ||
        !has_prefix(id, c->text + c->start, c->cursor - c->start))
        return;
    if (fits(c, id))
        offer(c, CONCORD_COMPLETE_STANDARD, id, title);
}

static void clause_row(completion *c, concord_stmt *stmt)
{
    const char *key = concord_column_text(stmt, column_of(stmt, "clause"));
    const char *title = concord_column_text(stmt, column_of(stmt, "title"));
    if (key != NULL &&
        has_prefix(key, c->text + c->start, c->cursor - c->start))
        offer(c, CONCORD_COMPLETE_CLAUSE, key, title);
}

/* Clause keys of the standard before the ':' of the word. */
static void offer_clauses(completion *c)
{
    const char *w = c->text + c->start;
    size_t colon = 0;
    while (w[colon] != ':')
        colon++;
    if (colon == 0 || colon > 64)
        return;
    char q[96];
    memcpy(q, "clauses of ", 11);
    memcpy(q + 11, w, colon);
    q[11 + colon] = '\0';
    for (size_t i = 11; i < 11 + colon; i++)
        if (!is_word_char(q[i]) || q[i] == ':' || q[i] == '*')
            return;
    each_row(c, q, clause_row);
}

/* The column names of the statement text[c->stmt, source_end). */
static void offer_columns(completion *c, size_t source_end)
{
    size_t end = source_end;
    while (end > c->stmt &&
           (c->text[end - 1] == ' ' || c->text[end - 1] == '\t' ||
            c->text[end - 1] == '\n' || c->text[end - 1] == '\r' ||
            c->text[end - 1] == '|'))
        end--;
    if (end <= c->stmt)
        return;
    concord_stmt *stmt = NULL;
    if (concord_prepare(c->db, c->text + c->stmt, (int)(end - c->stmt), &stmt,
                        NULL) != CONCORD_OK ||
        stmt == NULL)
        return;
    int n = concord_column_count(stmt);
    for (int i = 0; i < n && !c->stop; i++) {
        const char *name = concord_column_name(stmt, i);
        if (name != NULL &&
            has_prefix(name, c->text + c->start, c->cursor - c->start))
            offer(c, CONCORD_COMPLETE_COLUMN, name, NULL);
    }
    concord_finalize(stmt);
}

/* Is the word a token after which a column name may come, within a where,
** select, sort by or group by? */
static int column_place(const char *prev)
{
    static const char *const after[] = {"where", "select", "by", "and", "or",
                                        "not",   ",",      "(",  NULL};
    for (int i = 0; after[i] != NULL; i++)
        if (strcmp(prev, after[i]) == 0)
            return 1;
    return 0;
}

/* Hand the caller the partial file name typed, to list files itself. */
static void offer_file(completion *c)
{
    char *partial =
        cq_strndup(c->alloc, c->text + c->start, c->cursor - c->start);
    if (partial == NULL) {
        c->nomem = 1;
        return;
    }
    offer(c, CONCORD_COMPLETE_FILE, partial, NULL);
    cq_free(c->alloc, partial, c->cursor - c->start + 1);
}

static void complete(completion *c, token *toks)
{
    size_t open_string, semi;
    int n = tokenize(c->text, 0, c->cursor, toks, &open_string, &semi);
    c->stmt = semi;
    char prev[16] = "";
    if (open_string != (size_t)-1) {
        /* in a string: a file name after import */
        c->start = open_string + 1;
        if (n > 0) {
            token_text(c, &toks[n - 1], prev, sizeof prev);
            if (strcmp(prev, "import") == 0)
                offer_file(c);
        }
        return;
    }
    /* the word at the cursor is the last token when it reaches it */
    c->start = c->cursor;
    while (c->start > c->stmt && is_word_char(c->text[c->start - 1]))
        c->start--;
    if (n > 0 && toks[n - 1].end == c->cursor && toks[n - 1].start >= c->start)
        n--;
    if (n > 0)
        token_text(c, &toks[n - 1], prev, sizeof prev);
    if (strcmp(prev, "import") == 0) {
        offer_file(c);
        return;
    }
    if (memchr(c->text + c->start, ':', c->cursor - c->start) != NULL) {
        offer_clauses(c);
        return;
    }
    offer_keywords(c);
    if (!c->stop)
        each_row(c, "standards", standard_row);
    /* columns: of the statement before its last where/select/sort/group */
    if (!c->stop && column_place(prev)) {
        for (int i = n - 1; i >= 0; i--) {
            char w[16];
            token_text(c, &toks[i], w, sizeof w);
            if (strcmp(w, "where") == 0 || strcmp(w, "select") == 0 ||
                strcmp(w, "sort") == 0 || strcmp(w, "group") == 0) {
                offer_columns(c, toks[i].start);
                break;
            }
        }
    }
}

int concord_complete(concord_db *db, const char *text, int len, int cursor,
                     concord_complete_fn fn, void *ctx)
{
    if (db == NULL || text == NULL || fn == NULL || cursor < 0)
        return -CONCORD_MISUSE;
    size_t n = len < 0 ? strlen(text) : (size_t)len;
    if ((size_t)cursor > n)
        return -CONCORD_MISUSE;
    completion c;
    memset(&c, 0, sizeof c);
    c.db = db;
    c.alloc = &db->alloc;
    c.text = text;
    c.cursor = (size_t)cursor;
    c.fn = fn;
    c.ctx = ctx;
    token *toks = cq_malloc(c.alloc, MAX_TOKENS * sizeof *toks);
    if (toks == NULL)
        return -CONCORD_NOMEM;
    complete(&c, toks);
    cq_free(c.alloc, toks, MAX_TOKENS * sizeof *toks);
    cq_free(c.alloc, c.buf, c.cap);
    if (c.nomem)
        return -CONCORD_NOMEM;
    return (int)c.start;
}
