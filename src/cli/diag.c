/*
** diag.c -- how the concord program shows errors: the name of the input,
** the library's "L:C: message", then the source line and a caret under
** the place, as gcc does; and "did you mean" for names a person typed.
*/
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The largest name compared by cq_cli_nearest(); longer words are never
** slips of a short command or format name. */
#define NEAREST_MAX 32

static unsigned char lower(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c - 'A' + 'a') : c;
}

/* Levenshtein distance of a and b ignoring case; both at most NEAREST_MAX
** bytes. */
static size_t distance(const char *a, size_t alen, const char *b, size_t blen)
{
    size_t prev[NEAREST_MAX + 1], cur[NEAREST_MAX + 1];
    for (size_t j = 0; j <= blen; j++)
        prev[j] = j;
    for (size_t i = 1; i <= alen; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= blen; j++) {
            size_t cost =
                lower((unsigned char)a[i - 1]) == lower((unsigned char)b[j - 1])
                    ? 0
                    : 1;
            size_t best = prev[j - 1] + cost;
            if (prev[j] + 1 < best)
                best = prev[j] + 1;
            if (cur[j - 1] + 1 < best)
                best = cur[j - 1] + 1;
            cur[j] = best;
        }
        memcpy(prev, cur, (blen + 1) * sizeof prev[0]);
    }
    return prev[blen];
}

/* True when word is a non-empty prefix of cand, ignoring case. */
static int is_prefix(const char *word, size_t wlen, const char *cand)
{
    if (wlen == 0 || wlen > strlen(cand))
        return 0;
    for (size_t i = 0; i < wlen; i++)
        if (lower((unsigned char)word[i]) != lower((unsigned char)cand[i]))
            return 0;
    return 1;
}

const char *cq_cli_nearest(const char *word, const char *const *cands)
{
    size_t wlen = strlen(word);
    if (wlen > NEAREST_MAX)
        return NULL;
    /* A slip is at most two edits, and fewer than the word has letters
    ** ("x" is not a slip of "tsv"); an abbreviation that fits one candidate
    ** only also counts. */
    size_t cap = wlen <= 2 ? 1 : 2;
    const char *best = NULL, *prefix = NULL;
    size_t best_d = cap + 1;
    int nprefix = 0;
    for (size_t i = 0; cands[i] != NULL; i++) {
        size_t clen = strlen(cands[i]);
        if (is_prefix(word, wlen, cands[i])) {
            prefix = cands[i];
            nprefix++;
        }
        if (clen > NEAREST_MAX)
            continue;
        size_t d = distance(word, wlen, cands[i], clen);
        if (d > 0 && d < best_d && d < wlen) {
            best = cands[i];
            best_d = d;
        }
    }
    if (best != NULL)
        return best;
    return nprefix == 1 ? prefix : NULL;
}

/* The names of every format the library knows, NULL-terminated, in the
** library's numbering (the formats are numbered from 0 without gaps for
** now, but look a little further in case one is retired). */
#define FORMATS_MAX 32
static void format_names(const char *names[FORMATS_MAX + 1])
{
    size_t n = 0;
    for (int f = 0; f < FORMATS_MAX; f++) {
        const char *name = concord_format_name(f);
        if (name != NULL)
            names[n++] = name;
    }
    names[n] = NULL;
}

void cq_cli_put_safe(FILE *f, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p < 0x20 || *p == 0x7F)
            fprintf(f, "\\u%04X", *p);
        else if (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F)
            fprintf(f, "\\u%04X", *++p);
        else
            fputc(*p, f);
    }
}

void cq_cli_list_formats(FILE *f)
{
    const char *names[FORMATS_MAX + 1];
    format_names(names);
    for (size_t i = 0; names[i] != NULL; i++)
        fprintf(f, "%s%s", i ? ", " : "", names[i]);
}

void cq_cli_suggest(const char *near)
{
    if (near == NULL)
        return;
    if (cq_cli_color_stderr)
        fprintf(stderr, "; " CQ_SGR_CYAN "did you mean '%s'?" CQ_SGR_RESET,
                near);
    else
        fprintf(stderr, "; did you mean '%s'?", near);
}

int cq_cli_format_lookup(const char *who, const char *name)
{
    int f = concord_format_from_name(name);
    if (f >= 0)
        return f;
    const char *names[FORMATS_MAX + 1];
    format_names(names);
    const char *near = cq_cli_nearest(name, names);
    fflush(stdout);
    fprintf(stderr, "%s: unknown format '", who);
    cq_cli_put_safe(stderr, name);
    fputc('\'', stderr);
    cq_cli_suggest(near);
    fputs(" (formats: ", stderr);
    cq_cli_list_formats(stderr);
    fputs(")\n", stderr);
    return -1;
}

/* Parse the "L:C: " a located message starts with.  Returns the length of
** the prefix without its space (so "1:25" gives 4), or 0 when msg has
** none. */
static size_t location_prefix(const char *msg, long *line, long *col)
{
    const char *p = msg;
    char *end;
    if (*p < '0' || *p > '9')
        return 0;
    *line = strtol(p, &end, 10);
    if (*end != ':' || end[1] < '0' || end[1] > '9')
        return 0;
    *col = strtol(end + 1, &end, 10);
    if (*end != ':' || end[1] != ' ')
        return 0;
    return (size_t)(end - msg);
}

/* Print the line of text that holds offset off, then a caret under it:
**
**     12 | correlate 20000-1:8.5.1 width 27001
**        |                         ^
**
** The caret is padded with a space per terminal column before the place
** (concord_text_width: two for CJK, none for a combining accent; tabs stay
** tabs so the caret lines up however the terminal shows them).
** Control characters show as spaces so the text cannot drive the
** terminal.  A line longer than SHOW_WIDTH bytes shows only the part
** around the place, "..." standing for what is left out. */
#define SHOW_WIDTH 160
static void show_place(const char *text, size_t lstart, size_t lend, size_t off,
                       long lineno)
{
    int cut_left = 0, cut_right = 0;
    if (lend - lstart > SHOW_WIDTH) {
        size_t from =
            off > lstart + SHOW_WIDTH / 2 ? off - SHOW_WIDTH / 2 : lstart;
        size_t to = from + SHOW_WIDTH < lend ? from + SHOW_WIDTH : lend;
        /* whole UTF-8 sequences only */
        while (from > lstart && ((unsigned char)text[from] & 0xC0) == 0x80)
            from--;
        while (to < lend && ((unsigned char)text[to] & 0xC0) == 0x80)
            to++;
        cut_left = from > lstart;
        cut_right = to < lend;
        lstart = from;
        lend = to;
    }
    char num[24];
    int width = snprintf(num, sizeof num, "%ld", lineno);
    fprintf(stderr, "    %s |", num);
    if (lend > lstart)
        fputs(cut_left ? " ..." : " ", stderr);
    for (size_t i = lstart; i < lend; i++) {
        unsigned char c = (unsigned char)text[i];
        fputc((c < 0x20 && c != '\t') || c == 0x7f ? ' ' : c, stderr);
    }
    if (cut_right)
        fputs("...", stderr);
    fprintf(stderr, "\n    %*s | %s", width, "", cut_left ? "   " : "");
    for (size_t i = lstart; i < off; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == '\t') {
            fputc('\t', stderr);
        } else if ((c & 0xC0) != 0x80) {
            /* as many blanks as the character takes columns (CJK: 2) */
            size_t k = 1;
            while (i + k < off && ((unsigned char)text[i + k] & 0xC0) == 0x80)
                k++;
            for (int w = c < 0x80 ? 1 : concord_text_width(text + i, (int)k);
                 w > 0; w--)
                fputc(' ', stderr);
        }
    }
    fputs(cq_cli_color_stderr ? CQ_SGR_GREEN "^" CQ_SGR_RESET "\n" : "^\n",
          stderr);
}

/* "name:L:C: message" in colour: the place bold, a "did you mean 'x'?"
** cyan.  plen is the length of msg's "L:C" prefix (0: none), mlen its
** length without trailing newlines. */
static void put_colored_message(const char *name, const char *msg, size_t plen,
                                size_t mlen)
{
    fprintf(stderr, CQ_SGR_BOLD "%s:%.*s" CQ_SGR_RESET, name, (int)plen, msg);
    const char *rest = msg + plen;
    size_t rlen = mlen - plen;
    const char *hint = NULL;
    for (size_t i = 0; i + 12 <= rlen && hint == NULL; i++)
        if (memcmp(rest + i, "did you mean", 12) == 0)
            hint = rest + i;
    if (plen == 0)
        fputc(' ', stderr);
    if (hint == NULL) {
        fprintf(stderr, "%.*s\n", (int)rlen, rest);
        return;
    }
    const char *q = memchr(hint, '?', rlen - (size_t)(hint - rest));
    size_t hlen =
        q != NULL ? (size_t)(q - hint) + 1 : rlen - (size_t)(hint - rest);
    fprintf(stderr, "%.*s" CQ_SGR_CYAN "%.*s" CQ_SGR_RESET "%.*s\n",
            (int)(hint - rest), rest, (int)hlen, hint,
            (int)(rlen - (size_t)(hint - rest) - hlen), hint + hlen);
}

void cq_cli_report(const char *name, concord_db *db, const char *text,
                   size_t len)
{
    const char *msg = concord_errmsg(db);
    int off = concord_error_offset(db);
    long mline = 0, mcol = 0;
    size_t plen = location_prefix(msg, &mline, &mcol);
    size_t mlen = strlen(msg);
    while (mlen > 0 && msg[mlen - 1] == '\n')
        mlen--;

    fflush(stdout); /* keep stdout and stderr in order when they share */
    if (cq_cli_color_stderr)
        put_colored_message(name, msg, plen, mlen);
    else
        fprintf(stderr, "%s:%s%.*s\n", name, plen ? "" : " ", (int)mlen, msg);
    if (off < 0 || text == NULL || (size_t)off > len)
        return;

    size_t o = (size_t)off, lstart = o, lend = o;
    long lineno = 1;
    while (lstart > 0 && text[lstart - 1] != '\n')
        lstart--;
    for (size_t i = 0; i < lstart; i++)
        lineno += text[i] == '\n';
    while (lend < len && text[lend] != '\n')
        lend++;
    if (lend > lstart && text[lend - 1] == '\r')
        lend--;
    /* A message placed in another text (an imported file, say) names its
    ** own place: do not draw a caret in ours. */
    if (plen && (mline != lineno || mcol != (long)(o - lstart) + 1))
        return;
    show_place(text, lstart, lend, o, lineno);
}

void cq_cli_dot_hint(const char *name, concord_db *db, const char *text,
                     size_t len)
{
    int off = concord_error_offset(db);
    if (off < 0 || text == NULL || (size_t)off >= len || text[off] != '.')
        return;
    for (size_t i = (size_t)off; i > 0 && text[i - 1] != '\n'; i--)
        if (text[i - 1] != ' ' && text[i - 1] != '\t')
            return;
    fprintf(stderr,
            "%s: a dot-command works only on a line of its own where a "
            "statement could\nstart: end the statement before it with ';'\n",
            name);
}
