/*
** eval_terms.c -- `clauses ... where title ~ "TEXT" with terms`: a title
** search that also finds the titles that use a vocabulary term linked to
** a term named with TEXT ("supplier" finds ISO 9001's "externally
** provided processes" through ISO 9000's "external provider (external
** supplier)"), each row saying what matched.
**
** A term's name gives the phrases looked for: the name without its
** parenthesis, and what the parenthesis holds.  Words compare by a light
** stem (suffixes -ally, -ly, -ers, -er, -ed, -es, -ing, -al, -s and a
** final -e dropped), so "external provider" meets "externally provided"
** and "external providers".  Titles are short and the phrases few, so
** each title is compared with each phrase.
*/
#include <stdio.h>
#include <string.h>

#include "eval_core.h"
#include "fold.h"

#define MAX_PHRASES 64
#define MAX_WORDS 8
#define WORD_MAX 32

/* A phrase: its words' stems, and what a row shows when it matched. */
typedef struct phrase {
    char stem[MAX_WORDS][WORD_MAX];
    int n;
    const char *label;
} phrase;

/* The stem of word w[0..n) into out (folded; see the top). */
static void stem(const char *w, size_t n, char *out)
{
    static const char *const suffixes[] = {"ally", "ly",  "ers", "er", "ed",
                                           "es",   "ing", "al",  "s"};
    if (n >= WORD_MAX)
        n = WORD_MAX - 1;
    for (size_t i = 0; i < n; i++)
        out[i] = (char)cq_fold((unsigned char)w[i]);
    out[n] = '\0';
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        size_t k = strlen(suffixes[i]);
        if (n >= k + 4 && strcmp(out + n - k, suffixes[i]) == 0) {
            n -= k;
            out[n] = '\0';
            break;
        }
    }
    if (n > 4 && out[n - 1] == 'e')
        out[n - 1] = '\0';
}

static int is_word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c >= 0x80;
}

/* The stems of the words of s[0..len) into stems; returns how many (at
** most max). */
static int words(const char *s, size_t len, char (*stems)[WORD_MAX], int max)
{
    int n = 0;
    for (size_t i = 0; i < len && n < max;) {
        while (i < len && !is_word_byte((unsigned char)s[i]))
            i++;
        size_t start = i;
        while (i < len && is_word_byte((unsigned char)s[i]))
            i++;
        if (i > start)
            stem(s + start, i - start, stems[n++]);
    }
    return n;
}

/* Add the phrase s[0..len) (words stemmed) with its label. */
static void add_phrase(phrase *ps, int *n, const char *s, size_t len,
                       const char *label)
{
    if (*n >= MAX_PHRASES)
        return;
    phrase *p = &ps[*n];
    p->n = words(s, len, p->stem, MAX_WORDS);
    p->label = label;
    if (p->n > 0)
        (*n)++;
}

/* The phrases of a term's name: without its parenthesis, and inside it. */
static void term_phrases(phrase *ps, int *n, const char *name,
                         const char *label)
{
    const char *open = strchr(name, '(');
    const char *close = open ? strchr(open, ')') : NULL;
    if (open == NULL || close == NULL) {
        add_phrase(ps, n, name, strlen(name), label);
        return;
    }
    add_phrase(ps, n, name, (size_t)(open - name), label);
    add_phrase(ps, n, open + 1, (size_t)(close - open - 1), label);
}

/* "KEY name" of term t, in the run's arena (NULL: out of memory). */
static const char *term_label(runner *r, cq_id t)
{
    const cq_graph *g = r->g;
    const char *key = cq_graph_str(g, cq_graph_term(g, t)->key),
               *name = cq_graph_str(g, cq_graph_term(g, t)->name);
    size_t n = strlen(key) + strlen(name) + 2;
    char *s = cq_arena_alloc(r->run->arena, n);
    if (s)
        snprintf(s, n, "%s %s", key, name);
    return s;
}

/* The phrases for needle: the terms named with it and the terms linked
** to those (either way). */
static int collect_phrases(runner *r, const char *needle, phrase *ps, int *n)
{
    const cq_graph *g = r->g;
    for (cq_id t = 0; t < g->n_terms; t++) {
        if (!cq_text_contains(cq_graph_str(g, cq_graph_term(g, t)->name),
                              needle))
            continue;
        const char *label = term_label(r, t);
        if (label == NULL)
            return cq_error_nomem(r->err);
        term_phrases(ps, n, cq_graph_str(g, cq_graph_term(g, t)->name), label);
        for (int dir = 0; dir < 2; dir++) {
            uint32_t first = dir ? cq_graph_link_in_first(g, t)
                                 : cq_graph_link_out_first(g, t);
            uint32_t end =
                dir ? cq_graph_link_in_end(g, t) : cq_graph_link_out_end(g, t);
            for (uint32_t i = first; i < end; i++) {
                const cq_term_link *l =
                    cq_graph_link(g, dir ? cq_graph_link_in(g, i) : i);
                cq_id o = dir ? l->from : l->to;
                if (o == CQ_NONE)
                    continue;
                const char *other = term_label(r, o);
                if (other == NULL)
                    return cq_error_nomem(r->err);
                term_phrases(ps, n, cq_graph_str(g, cq_graph_term(g, o)->name),
                             other);
            }
        }
    }
    return CONCORD_OK;
}

/* The label of the first phrase whose words stand together in title, or
** NULL. */
static const char *phrase_in(const phrase *ps, int n, const char *title)
{
    char stems[48][WORD_MAX];
    int m = words(title, strlen(title), stems, 48);
    for (int k = 0; k < n; k++)
        for (int at = 0; at + ps[k].n <= m; at++) {
            int i = 0;
            while (i < ps[k].n && strcmp(stems[at + i], ps[k].stem[i]) == 0)
                i++;
            if (i == ps[k].n)
                return ps[k].label;
        }
    return NULL;
}

int cq_run_clauses_terms(runner *r)
{
    const cq_graph *g = r->g;
    const char *needle = cq_cond_needle(r->where, CQ_CLAUSES_TERMS_TITLE);
    if (needle == NULL) /* a $parameter bound to something not text */
        return cq_error_set(r->err, CONCORD_ERROR, &r->plan->node->loc,
                            "with terms searches titles: its title ~ takes "
                            "text");
    phrase *ps = cq_arena_alloc(r->run->arena, sizeof(phrase) * MAX_PHRASES);
    int n = 0;
    if (ps == NULL)
        return cq_error_nomem(r->err);
    int rc = collect_phrases(r, needle, ps, &n);
    if (rc != CONCORD_OK)
        return rc;
    const cq_cond *where = r->where;
    cq_range all = {0, g->n_clauses};
    const cq_set *a = &r->plan->a;
    int ranges = r->plan->has_a ? a->n_ranges : 1;
    for (int k = 0; rc == CONCORD_OK && k < ranges; k++) {
        const cq_range *range = r->plan->has_a ? &a->ranges[k] : &all;
        for (cq_id c = range->first; rc == CONCORD_OK && c < range->end; c++) {
            const cq_clause *cl = cq_graph_clause(g, c);
            const char *title = cq_graph_str(g, cl->title);
            const char *matched = cq_text_contains(title, needle)
                                      ? needle
                                      : phrase_in(ps, n, title);
            if ((rc = cq_tick(r->run)) != CONCORD_OK)
                break;
            if (matched == NULL)
                continue;
            cq_value slots[CQ_MAX_SLOTS];
            cq_clear_slots(slots);
            slots[CQ_CLAUSES_TERMS_CLAUSE] = cq_graph_text(g, cl->key);
            /* tested with the title the search stands for: a title that
            ** uses a linked term passes `title ~ needle` */
            slots[CQ_CLAUSES_TERMS_TITLE] = cq_text(needle);
            slots[CQ_CLAUSES_TERMS_ORIGIN] =
                cq_text(cq_origin_name(cl->origin));
            if (cl->parent != CQ_NONE)
                slots[CQ_CLAUSES_TERMS_PARENT] =
                    cq_graph_text(g, cq_graph_clause(g, cl->parent)->key);
            slots[CQ_CLAUSES_TERMS_DEPTH] = cq_int(cl->depth);
            slots[CQ_CLAUSES_TERMS_MATCHED] = cq_text(matched);
            slots[CQ_CLAUSES_TERMS_STANDARD] =
                cq_graph_text(g, cq_graph_standard(g, cl->standard)->id);
            slots[CQ_CLAUSES_TERMS_NUMBER] = cq_graph_text(g, cl->number);
            slots[CQ_CLAUSES_TERMS_SOURCE] =
                cq_graph_text_or_null(g, cl->source);
            if (where && !cq_cond_test(where, slots, g, CQ_NONE))
                continue;
            slots[CQ_CLAUSES_TERMS_TITLE] = cq_text(title);
            r->where = NULL;
            rc = cq_emit(r, slots, CQ_NONE);
            r->where = where;
        }
    }
    return rc;
}
