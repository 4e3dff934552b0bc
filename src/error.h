/*
** error.h -- an error as the library reports it: a code, a place in the
** text, and a message written for a person.
**
** Every function that can fail takes a cq_error* and returns its code, so
** codes propagate SQLite-style.  The out-of-memory message is static:
** reporting that memory ran out never needs memory.
*/
#ifndef CQ_ERROR_H
#define CQ_ERROR_H

#include "buf.h"

/* A span of query text.  Lines and columns are 1-based (columns count
** bytes); start/end are byte offsets from the origin of the text. */
typedef struct cq_loc {
    int first_line;
    int first_column;
    int last_line;
    int last_column;
    int start; /* offset of the first byte */
    int end;   /* offset just past the last byte */
} cq_loc;

typedef struct cq_error {
    int code;   /* CONCORD_OK when there is no error */
    int offset; /* byte offset of the place, or -1 */
    int end;    /* offset just past the place (its token), or -1 */
    int line;   /* 1-based line of the place, or 0 */
    int column; /* 1-based column of the place, or 0 */
    cq_buf msg; /* the message, "L:C: " first when located */
} cq_error;

void cq_error_init(cq_error *err, const cq_allocator *alloc);

/*
** Record an error with code, at loc (NULL: no place), replacing any earlier
** one.  Returns code, so callers can `return cq_error_set(...)`.  When the
** message cannot be built the error becomes CONCORD_NOMEM.
*/
int cq_error_set(cq_error *err, int code, const cq_loc *loc, const char *fmt,
                 ...) __attribute__((format(printf, 4, 5)));

/* Append one more line to the message (for lists such as corpus errors),
** setting code when no error is recorded yet.  Returns err->code. */
int cq_error_add(cq_error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
** Give a recorded error that has no place the place loc (the statement
** that was running), as cq_error_set would have: a limit met while a
** statement runs is found where no source is at hand, but the person
** reading the message wants to know which statement of the script it
** was.  An error with a place, or none at all, is left as it is.
** Returns err->code (CONCORD_NOMEM when the new message cannot be made).
*/
int cq_error_locate(cq_error *err, const cq_loc *loc);

/* Escape the control characters of the message but its line breaks (as
** \uXXXX), for showing: cq_error_set and cq_error_add escape what their
** formats bring in, this also what was appended to err->msg after. */
void cq_error_make_safe(cq_error *err);

/* Record out-of-memory without allocating.  Returns CONCORD_NOMEM. */
int cq_error_nomem(cq_error *err);

#if defined(__clang_analyzer__) && !defined(CQ_ERROR_IMPL)
/* The static analyzer (make lint) reads one file at a time and does not
** follow variadic calls: spell out for it what error.c guarantees -- an
** error recorded returns its code, or CONCORD_NOMEM, never CONCORD_OK --
** or it follows "failed, yet OK" paths that cannot happen. */
#define cq_error_nomem(err) (cq_error_nomem(err), CONCORD_NOMEM)
#define cq_error_set(err, code, ...)                                           \
    (cq_error_set(err, code, __VA_ARGS__) == CONCORD_NOMEM ? CONCORD_NOMEM     \
                                                           : (code))
#endif

/* Forget the error (code CONCORD_OK), keeping the buffer's memory. */
void cq_error_clear(cq_error *err);

/* The message to show ("not an error" when there is none). */
const char *cq_error_message(const cq_error *err);

void cq_error_free(cq_error *err);

#endif
