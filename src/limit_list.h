/*
** limit_list.h -- the adjustable limits of a handle: the one list.
**
** CQ_LIMITS(X) expands X(ID, "name", default, ceiling) once a limit, in
** CONCORD_LIMIT_* order (checked below).  concord_limit_name (api.c), the
** clamping of concord_limit (api.c) and the defaults (cq_limit_of,
** tick.c) derive from it.  The people's copies -- the table in concord.h's
** comment, docs/limits.md and the table in docs/language.md -- are
** checked against it by test_limits.c (test_limit_docs).
**
** A ceiling that code elsewhere needs as a constant is named: in parse.h
** (CQ_MAX_DEPTH), or here, below plan.h and session.h, which use it
** (CQ_PATH_MAX_HOPS, CQ_MAX_IMPORT_DEPTH), so that tick.c, which takes the
** defaults from this list, stays below the plans.
*/
#ifndef CQ_LIMIT_LIST_H
#define CQ_LIMIT_LIST_H

#include <limits.h>

#include "concord.h"
#include "parse.h" /* CQ_MAX_NESTING, CQ_MAX_DEPTH */

#define CQ_PATH_MAX_HOPS 64    /* the ceiling of the hops limit */
#define CQ_MAX_IMPORT_DEPTH 64 /* the ceiling of the imports limit */

/* clang-format off */
#define CQ_LIMITS(X)                                                        \
    X(LENGTH, "length", 1000000, INT_MAX)                                   \
    X(NESTING, "nesting", CQ_MAX_NESTING, CQ_MAX_DEPTH)                     \
    X(ROWS, "rows", 10000000, INT_MAX)                                      \
    X(HOPS, "hops", 8, CQ_PATH_MAX_HOPS)                                    \
    X(IMPORTS, "imports", 16, CQ_MAX_IMPORT_DEPTH)                          \
    X(STEPS, "steps", 1000000000, INT_MAX)                                  \
    X(MEMORY, "memory", 2048, INT_MAX)
/* clang-format on */

#define CQ_LIMIT_INDEX_(id, name, def, ceiling) CQ_LIMIT_INDEX_##id,
enum { CQ_LIMITS(CQ_LIMIT_INDEX_) CQ_N_LIMITS_LISTED };
#undef CQ_LIMIT_INDEX_

/* In the order of the public ids, none left out, each default within
** 1 and its ceiling. */
#define CQ_LIMIT_CHECK_(id, name, def, ceiling)                                \
    _Static_assert(CONCORD_LIMIT_##id == CQ_LIMIT_INDEX_##id,                  \
                   "limit_list.h lists " name " out of order");                \
    _Static_assert(1 <= (def) && (def) <= (ceiling),                           \
                   "the default of " name " is past its ceiling");
CQ_LIMITS(CQ_LIMIT_CHECK_)
#undef CQ_LIMIT_CHECK_
_Static_assert(CQ_N_LIMITS_LISTED == CONCORD_N_LIMITS,
               "limit_list.h lists every CONCORD_LIMIT_*");

#endif
