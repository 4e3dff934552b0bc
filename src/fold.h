/*
** fold.h -- ASCII case folding, the one rule for names and text in
** concord: letters A-Z match a-z, every other byte matches only itself
** (as SQLite's LIKE does), so UTF-8 text is never half-folded.
*/
#ifndef CQ_FOLD_H
#define CQ_FOLD_H

/* c with A-Z folded to a-z. */
static inline int cq_fold(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Compare two strings as strcmp does, ASCII case folded. */
static inline int cq_compare_fold(const char *a, const char *b)
{
    for (;; a++, b++) {
        int x = cq_fold((unsigned char)*a), y = cq_fold((unsigned char)*b);
        if (x != y || x == 0)
            return x - y;
    }
}

/* Are a and b equal, ASCII case folded? */
static inline int cq_equal_fold(const char *a, const char *b)
{
    return cq_compare_fold(a, b) == 0;
}

#endif
