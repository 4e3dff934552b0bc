/*
** resolve.c -- standards and clause references to graph ids; see
** resolve.h.
*/
#include "resolve.h"

#include <string.h>

#include "concord.h"
#include "fold.h"
#include "suggest.h"

const char *cq_standard_id(const cq_graph *graph, cq_id standard)
{
    return cq_graph_str(graph, cq_graph_standard(graph, standard)->id);
}

void cq_write_list(cq_buf *buf, const char *const *names, int n,
                   const char *last_sep)
{
    for (int i = 0; i < n; i++) {
        if (i > 0)
            cq_buf_puts(buf, i == n - 1 ? last_sep : ", ");
        cq_buf_puts(buf, names[i]);
    }
}

/* An error lists at most this many names; a corpus of hundreds of control
** sets would otherwise fill the screen with them. */
#define LIST_MOST 12

void cq_write_names(cq_buf *buf, const cq_graph *g, cq_name_fn *name,
                    uint32_t n, const char *more)
{
    uint32_t shown = n > LIST_MOST ? LIST_MOST - 2 : n;
    for (uint32_t i = 0; i < shown; i++) {
        if (i > 0)
            cq_buf_puts(buf, i + 1 == n ? " and " : ", ");
        cq_buf_puts(buf, name(g, i));
    }
    if (shown < n)
        cq_buf_printf(buf, " and %u more (%s)", (unsigned)(n - shown), more);
}

/* Report an unknown standard with the nearest ids, or the list of them. */
static int unknown_standard(const cq_graph *g, const cq_loc *loc,
                            const char *id, cq_error *err)
{
    cq_suggest s;
    cq_suggest_init(&s, id, strlen(id));
    for (uint32_t i = 0; i < g->n_standards; i++) {
        const char *known = cq_standard_id(g, i);
        cq_suggest_offer(&s, known, strlen(known));
    }
    cq_error_set(err, CONCORD_NOTFOUND, loc, "unknown standard %s", id);
    if (s.n > 0) {
        cq_suggest_write(&s, &err->msg, "; ", "");
    } else {
        cq_buf_puts(&err->msg, "; the corpus has ");
        cq_write_names(&err->msg, g, cq_standard_id, g->n_standards,
                       "the statement `standards` lists them");
    }
    return err->msg.failed ? cq_error_nomem(err) : CONCORD_NOTFOUND;
}

int cq_resolve_standard(const cq_graph *graph, const cq_loc *loc,
                        const char *id, cq_id *out, cq_error *err)
{
    *out = cq_graph_find_standard(graph, id, strlen(id));
    return *out == CQ_NONE ? unknown_standard(graph, loc, id, err) : CONCORD_OK;
}

/* Report an unknown clause of a known standard: the first suggestion in
** full (20000-1:8.5.1), the others by number (8.5.2), as people say it. */
static int unknown_clause(const cq_graph *g, const cq_loc *loc, cq_id standard,
                          const char *number, cq_error *err)
{
    const cq_standard *std = cq_graph_standard(g, standard);
    const char *std_id = cq_graph_str(g, std->id);
    cq_suggest s;
    cq_suggest_init(&s, number, strlen(number));
    for (cq_id i = std->first_clause; i < std->end_clause; i++) {
        const char *known = cq_graph_str(g, cq_graph_clause(g, i)->number);
        cq_suggest_offer(&s, known, strlen(known));
    }
    cq_error_set(err, CONCORD_NOTFOUND, loc, "unknown clause %s:%s", std_id,
                 number);
    cq_buf *msg = &err->msg;
    if (s.n > 0) {
        cq_buf_printf(msg, "; did you mean %s:", std_id);
        for (int i = 0; i < s.n; i++) {
            if (i > 0)
                cq_buf_puts(msg, i == s.n - 1 ? " or " : ", ");
            cq_buf_append(msg, s.best[i], s.best_len[i]);
        }
        cq_buf_putc(msg, '?');
    } else if (std->first_clause == std->end_clause) {
        cq_buf_printf(msg, "; %s has no clauses", std_id);
    } else {
        cq_buf_printf(msg, "; `clauses of %s` lists them", std_id);
    }
    return msg->failed ? cq_error_nomem(err) : CONCORD_NOTFOUND;
}

/* `27001:A.*` where the standard has no clause `A`: every top-level clause
** numbered `A.something`, with its subtree.  Such clauses sort next to each
** other, so they form one range.  Returns 1 when there is one. */
static int prefix_range(const cq_graph *g, cq_id standard, const char *prefix,
                        cq_range *range)
{
    const cq_standard *std = cq_graph_standard(g, standard);
    size_t n = strlen(prefix);
    range->first = CQ_NONE;
    for (cq_id i = std->first_clause; i < std->end_clause;
         i = cq_graph_subtree_end(g, i)) {
        const char *number = cq_graph_str(g, cq_graph_clause(g, i)->number);
        int match = strlen(number) > n && number[n] == '.';
        for (size_t k = 0; match && k < n; k++)
            match = cq_fold((unsigned char)number[k]) ==
                    cq_fold((unsigned char)prefix[k]);
        if (match) {
            if (range->first == CQ_NONE)
                range->first = i;
            range->end = cq_graph_subtree_end(g, i);
        } else if (range->first != CQ_NONE) {
            break;
        }
    }
    return range->first != CQ_NONE;
}

/* cq_resolve_key of text[0..n), which has a colon. */
static int key_range(const cq_graph *graph, const char *text, size_t n,
                     int subtree, cq_range *range)
{
    if (n > 2 && text[n - 2] == '.' && text[n - 1] == '*') {
        subtree = 1;
        n -= 2;
    }
    cq_id clause = cq_graph_find_clause(graph, text, n);
    if (clause == CQ_NONE)
        return 0;
    range->first = clause;
    range->end = subtree ? cq_graph_subtree_end(graph, clause) : clause + 1;
    return 1;
}

int cq_resolve_key(const cq_graph *graph, const char *text, int subtree,
                   cq_range *range)
{
    if (strchr(text, ':') == NULL)
        return 0; /* a standard, or no reference: every key has a colon */
    return key_range(graph, text, strlen(text), subtree, range);
}

int cq_resolve_ref(const cq_graph *graph, const cq_loc *loc, const char *std,
                   const char *number, int subtree, cq_range *range,
                   cq_id *whole, cq_error *err)
{
    cq_id standard;
    int rc = cq_resolve_standard(graph, loc, std, &standard, err);
    if (rc != CONCORD_OK)
        return rc;
    const cq_standard *s = cq_graph_standard(graph, standard);
    *whole = CQ_NONE;
    if (number == NULL) {
        range->first = s->first_clause;
        range->end = s->end_clause;
        *whole = standard;
        return CONCORD_OK;
    }
    const char *std_id = cq_graph_str(graph, s->id);
    char key[CQ_MAX_KEY + 1];
    size_t a = strlen(std_id), b = strlen(number);
    if (a + 1 + b > CQ_MAX_KEY)
        return cq_error_set(err, CONCORD_TOOBIG, loc,
                            "clause reference too long (over %d bytes)",
                            CQ_MAX_KEY);
    memcpy(key, std_id, a);
    key[a] = ':';
    memcpy(key + a + 1, number, b);
    key[a + 1 + b] = '\0';
    cq_id clause = cq_graph_find_clause(graph, key, a + 1 + b);
    if (clause == CQ_NONE) {
        if (subtree && prefix_range(graph, standard, number, range))
            return CONCORD_OK;
        return unknown_clause(graph, loc, standard, number, err);
    }
    range->first = clause;
    range->end = subtree ? cq_graph_subtree_end(graph, clause) : clause + 1;
    return CONCORD_OK;
}

int cq_resolve_vocabulary(const cq_graph *graph, const cq_loc *loc,
                          cq_id standard, cq_error *err)
{
    const cq_standard *std = cq_graph_standard(graph, standard);
    if (std->first_term != std->end_term)
        return CONCORD_OK;
    cq_error_set(err, CONCORD_NOTFOUND, loc,
                 "%s has no terms; vocabularies with terms are ",
                 cq_graph_str(graph, std->id));
    int listed = 0;
    for (uint32_t i = 0; i < graph->n_standards; i++) {
        const cq_standard *s = cq_graph_standard(graph, i);
        if (s->first_term == s->end_term)
            continue;
        cq_buf_printf(&err->msg, "%s%s", listed ? ", " : "",
                      cq_graph_str(graph, s->id));
        listed++;
    }
    return err->msg.failed ? cq_error_nomem(err) : CONCORD_NOTFOUND;
}

int cq_term_name_is(const cq_graph *graph, cq_id term, const char *name)
{
    const char *a = cq_graph_str(graph, cq_graph_term(graph, term)->name);
    for (const char *b = name;; a++, b++) {
        int x = cq_fold((unsigned char)*a), y = cq_fold((unsigned char)*b);
        if (x != y)
            return 0;
        if (x == 0)
            return 1;
    }
}

int cq_resolve_term_name(const cq_graph *graph, const cq_loc *loc,
                         const char *name, cq_error *err)
{
    for (uint32_t i = 0; i < graph->n_terms; i++)
        if (cq_term_name_is(graph, i, name))
            return CONCORD_OK;
    cq_suggest s;
    cq_suggest_init(&s, name, strlen(name));
    for (uint32_t i = 0; i < graph->n_terms; i++) {
        const char *known = cq_graph_str(graph, cq_graph_term(graph, i)->name);
        cq_suggest_offer(&s, known, strlen(known));
    }
    cq_error_set(err, CONCORD_NOTFOUND, loc,
                 "no vocabulary defines the term '%s'", name);
    if (cq_suggest_write(&s, &err->msg, "; ", "'") == 0)
        cq_buf_printf(&err->msg, "; try: terms where name ~ \"%s\"", name);
    return err->msg.failed ? cq_error_nomem(err) : CONCORD_NOTFOUND;
}

/* Characters of a standard id and of a clause number part (lexer.l). */
static int is_alnum(int c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
           (c >= 'A' && c <= 'Z');
}

static int is_std_char(int c)
{
    return is_alnum(c) || c == '_' || c == '-' || c == '@';
}

int cq_parse_ref_text(const char *text, cq_ref_parts *out)
{
    size_t n = strlen(text);
    if (n == 0 || n > CQ_MAX_KEY)
        return -1;
    memcpy(out->buf, text, n + 1);
    out->std = out->buf;
    out->number = NULL;
    out->subtree = 0;
    char *colon = strchr(out->buf, ':');
    char *end = colon ? colon : out->buf + n;
    if (end == out->buf || !is_alnum((unsigned char)out->buf[0]))
        return -1;
    for (char *p = out->buf; p < end; p++)
        if (!is_std_char((unsigned char)*p))
            return -1;
    if (colon == NULL)
        return 0;
    *colon = '\0';
    char *num = colon + 1;
    size_t len = strlen(num);
    if (len == 1 && num[0] == '*') {
        out->subtree = 1;
        return 0;
    }
    if (len > 2 && num[len - 2] == '.' && num[len - 1] == '*') {
        out->subtree = 1;
        num[len - 2] = '\0';
        len -= 2;
    }
    /* parts of letters and digits separated by single dots */
    int part = 0;
    for (size_t i = 0; i < len; i++) {
        if (num[i] == '.') {
            if (part == 0)
                return -1;
            part = 0;
        } else if (is_alnum((unsigned char)num[i])) {
            part++;
        } else {
            return -1;
        }
    }
    if (part == 0)
        return -1;
    out->number = num;
    return 0;
}

int cq_resolve_bound(const cq_graph *graph, const char *text, size_t n,
                     int subtree, cq_range *range, cq_id *standard)
{
    *standard = CQ_NONE;
    if (memchr(text, ':', n) != NULL)
        return key_range(graph, text, n, subtree, range);
    /* a standard alone: what cq_parse_ref_text accepts as one, then found
    ** as cq_resolve_ref finds it */
    if (n == 0 || n > CQ_MAX_KEY || !is_alnum((unsigned char)text[0]))
        return 0;
    for (size_t i = 1; i < n; i++)
        if (!is_std_char((unsigned char)text[i]))
            return 0;
    cq_id s = cq_graph_find_standard(graph, text, n);
    if (s == CQ_NONE)
        return 0;
    const cq_standard *std = cq_graph_standard(graph, s);
    range->first = std->first_clause;
    range->end = std->end_clause;
    *standard = s;
    return 1;
}
