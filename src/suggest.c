/*
** suggest.c -- nearest-name suggestions for error messages; see suggest.h.
*/
#include "suggest.h"

#include <string.h>

static unsigned char fold(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c - 'A' + 'a') : c;
}

/* Names people type are short; longer ones are compared on their first
** bytes only, which is enough to rank slips and keeps the table small. */
#define EDIT_MAX 64

size_t cq_edit_distance(const char *a, size_t alen, const char *b, size_t blen,
                        size_t cap)
{
    if (alen > EDIT_MAX)
        alen = EDIT_MAX;
    if (blen > EDIT_MAX)
        blen = EDIT_MAX;
    size_t gap = alen > blen ? alen - blen : blen - alen;
    if (gap > cap)
        return cap + 1;
    /* Three rolling rows of the OSA recurrence. */
    size_t rows[3][EDIT_MAX + 1];
    size_t *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= blen; j++)
        prev[j] = j;
    for (size_t i = 1; i <= alen; i++) {
        cur[0] = i;
        size_t row_min = cur[0];
        for (size_t j = 1; j <= blen; j++) {
            unsigned char ca = fold((unsigned char)a[i - 1]);
            unsigned char cb = fold((unsigned char)b[j - 1]);
            size_t cost = ca == cb ? 0 : 1;
            size_t best = prev[j - 1] + cost;
            if (prev[j] + 1 < best)
                best = prev[j] + 1;
            if (cur[j - 1] + 1 < best)
                best = cur[j - 1] + 1;
            if (i > 1 && j > 1 && ca == fold((unsigned char)b[j - 2]) &&
                fold((unsigned char)a[i - 2]) == cb && prev2[j - 2] + 1 < best)
                best = prev2[j - 2] + 1;
            cur[j] = best;
            if (best < row_min)
                row_min = best;
        }
        if (row_min > cap)
            return cap + 1;
        size_t *t = prev2;
        prev2 = prev;
        prev = cur;
        cur = t;
    }
    return prev[blen] > cap ? cap + 1 : prev[blen];
}

void cq_suggest_init(cq_suggest *s, const char *word, size_t len)
{
    s->word = word;
    s->word_len = len;
    s->limit = len / 3 > 1 ? len / 3 : 1;
    s->n = 0;
}

/* A candidate the word is a case-insensitive prefix of (or the reverse)
** is a plausible slip whatever the distance ("chang" for "change"). */
static int is_prefix_match(const cq_suggest *s, const char *c, size_t len)
{
    size_t n = s->word_len < len ? s->word_len : len;
    if (n < 3)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (fold((unsigned char)s->word[i]) != fold((unsigned char)c[i]))
            return 0;
    return 1;
}

void cq_suggest_offer(cq_suggest *s, const char *candidate, size_t len)
{
    size_t d = cq_edit_distance(s->word, s->word_len, candidate, len, s->limit);
    if (d > s->limit) {
        if (!is_prefix_match(s, candidate, len))
            return;
        d = s->limit + 1; /* after every true near miss */
    }
    if (d == 0 && len == s->word_len)
        return; /* the word itself: nothing to suggest */
    for (int i = 0; i < s->n; i++)
        if (s->best_len[i] == len && memcmp(s->best[i], candidate, len) == 0)
            return;
    int at = s->n;
    while (at > 0 && s->best_dist[at - 1] > d)
        at--;
    if (at >= CQ_SUGGEST_MAX)
        return;
    int last = s->n < CQ_SUGGEST_MAX ? s->n : CQ_SUGGEST_MAX - 1;
    for (int i = last; i > at; i--) {
        s->best[i] = s->best[i - 1];
        s->best_len[i] = s->best_len[i - 1];
        s->best_dist[i] = s->best_dist[i - 1];
    }
    s->best[at] = candidate;
    s->best_len[at] = len;
    s->best_dist[at] = d;
    if (s->n < CQ_SUGGEST_MAX)
        s->n++;
}

int cq_suggest_write(const cq_suggest *s, cq_buf *buf, const char *prefix,
                     const char *quote)
{
    if (s->n == 0)
        return 0;
    cq_buf_puts(buf, prefix);
    cq_buf_puts(buf, "did you mean ");
    for (int i = 0; i < s->n; i++) {
        if (i > 0)
            cq_buf_puts(buf, i == s->n - 1 ? " or " : ", ");
        cq_buf_puts(buf, quote);
        cq_buf_append(buf, s->best[i], s->best_len[i]);
        cq_buf_puts(buf, quote);
    }
    cq_buf_putc(buf, '?');
    return s->n;
}
