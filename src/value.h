/*
** value.h -- the order and equality of result values that `sort by`, set
** operations, `group by` and `top` share (compose.c, aggregate.c).
**
** Inline, as sorting and grouping call them for every pair of rows, and
** in a header of their own so that neither file calls the other for them.
*/
#ifndef CQ_VALUE_H
#define CQ_VALUE_H

#include <string.h>

#include "concord.h"
#include "fold.h"
#include "table.h"

/* Text in natural order: runs of digits compare as numbers (8.9 before
** 8.10, A.9 before A.10), letters without regard to ASCII case. */
static inline int cq_natural_compare(const char *a, const char *b)
{
    while (*a && *b) {
        if (*a >= '0' && *a <= '9' && *b >= '0' && *b <= '9') {
            while (*a == '0')
                a++;
            while (*b == '0')
                b++;
            size_t la = 0, lb = 0;
            while (a[la] >= '0' && a[la] <= '9')
                la++;
            while (b[lb] >= '0' && b[lb] <= '9')
                lb++;
            if (la != lb)
                return la < lb ? -1 : 1;
            int c = memcmp(a, b, la);
            if (c != 0)
                return c < 0 ? -1 : 1;
            a += la;
            b += lb;
            continue;
        }
        int x = cq_fold((unsigned char)*a), y = cq_fold((unsigned char)*b);
        if (x != y)
            return x < y ? -1 : 1;
        a++;
        b++;
    }
    return *a ? 1 : *b ? -1 : 0;
}

/* Order of two values for sorting: numbers by value, text naturally,
** nulls last. */
static inline int cq_value_order(const cq_value *a, const cq_value *b)
{
    if (a->type == CONCORD_NULL || b->type == CONCORD_NULL)
        return (a->type == CONCORD_NULL) - (b->type == CONCORD_NULL);
    int an = a->type != CONCORD_TEXT, bn = b->type != CONCORD_TEXT;
    if (an && bn) {
        double x =
            a->type == CONCORD_INTEGER ? (double)a->u.integer : a->u.real;
        double y =
            b->type == CONCORD_INTEGER ? (double)b->u.integer : b->u.real;
        return x < y ? -1 : x > y ? 1 : 0;
    }
    if (an != bn)
        return an ? -1 : 1; /* numbers before text */
    return cq_natural_compare(a->u.text, b->u.text);
}

static inline int cq_value_equal(const cq_value *a, const cq_value *b)
{
    if (a->type != b->type)
        return 0;
    switch (a->type) {
    case CONCORD_TEXT:
        return strcmp(a->u.text, b->u.text) == 0;
    case CONCORD_INTEGER:
        return a->u.integer == b->u.integer;
    case CONCORD_REAL:
        return a->u.real == b->u.real;
    default:
        return 1;
    }
}

#endif
