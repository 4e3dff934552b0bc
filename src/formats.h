/*
** formats.h -- the output formats: the one list.
**
** CQ_FORMATS(X) expands X(ID, "name") once a format, in CONCORD_FORMAT_*
** order (the public numbers of concord.h, checked below).  The names
** (concord_format_name, concord_format_from_name, export messages) and
** the range of valid formats derive from it.
**
** A new format: its CONCORD_FORMAT_* number in concord.h, a line here, and
** its writer with its case in cq_output_write_opts (output.c) or
** cq_export_write (export.c).
*/
#ifndef CQ_FORMATS_H
#define CQ_FORMATS_H

#include <stddef.h>

#include "concord.h"

/* clang-format off */
#define CQ_FORMATS(X)                                                       \
    X(TSV, "tsv")                                                           \
    X(TABLE, "table")                                                       \
    X(CSV, "csv")                                                           \
    X(JSON, "json")                                                         \
    X(MARKDOWN, "markdown")                                                 \
    X(DOT, "dot")                                                           \
    X(OSCAL, "oscal")                                                       \
    X(STRM, "strm")                                                         \
    X(SSSOM, "sssom")                                                       \
    X(JSONL, "jsonl")
/* clang-format on */

#define CQ_FORMAT_INDEX_(id, name) CQ_FORMAT_INDEX_##id,
enum { CQ_FORMATS(CQ_FORMAT_INDEX_) CQ_N_FORMATS };
#undef CQ_FORMAT_INDEX_

/* The list is in the order of the public numbers, with none left out. */
#define CQ_FORMAT_CHECK_(id, name)                                             \
    _Static_assert(CONCORD_FORMAT_##id == CQ_FORMAT_INDEX_##id,                \
                   "formats.h lists " name " out of CONCORD_FORMAT_ order");
CQ_FORMATS(CQ_FORMAT_CHECK_)
#undef CQ_FORMAT_CHECK_

/* The name of format ("tsv"), or NULL when it is not a format. */
static inline const char *cq_format_name(int format)
{
#define CQ_FORMAT_NAME_(id, name) name,
    static const char *const names[] = {CQ_FORMATS(CQ_FORMAT_NAME_)};
#undef CQ_FORMAT_NAME_
    return format >= 0 && format < CQ_N_FORMATS ? names[format] : NULL;
}

#endif
