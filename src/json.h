/*
** json.h -- a strict JSON reader (RFC 8259) that builds a tree in an arena.
**
** The library writes JSON itself (output.c, export.c) but needs to read it
** only to import OSCAL mapping collections, so this reader is small and
** strict rather than forgiving: no comments, no trailing commas, no
** duplicate keys, no lone surrogates, valid UTF-8 only.  Every node
** remembers where it started so that importers can say where a problem
** is.  Every byte it keeps comes from the caller's arena, so a failed
** allocation anywhere leaves nothing to free but the arena.
*/
#ifndef CQ_JSON_H
#define CQ_JSON_H

#include <stddef.h>

#include "arena.h"
#include "error.h"

typedef enum cq_json_type {
    CQ_JSON_NULL,
    CQ_JSON_FALSE,
    CQ_JSON_TRUE,
    CQ_JSON_NUMBER,
    CQ_JSON_STRING,
    CQ_JSON_ARRAY,
    CQ_JSON_OBJECT
} cq_json_type;

typedef struct cq_json cq_json;
struct cq_json {
    cq_json_type type;
    int line;        /* where the value starts: 1-based line */
    int column;      /* 1-based column, counted in bytes */
    const char *key; /* the member's name inside an object, else NULL */
    size_t key_len;  /* bytes of key (a name may hold \u0000) */
    const char *str; /* STRING: the decoded text; NUMBER: as written */
    size_t len;      /* bytes of str; both are NUL-terminated */
    double number;   /* NUMBER: the value (locale-independent) */
    cq_json *child;  /* ARRAY, OBJECT: the first element or member */
    cq_json *next;   /* the next element or member of the parent */
    size_t count;    /* ARRAY, OBJECT: how many children */
};

/* Deeper nesting than this is refused with CONCORD_TOOBIG, so that a
** hostile file cannot exhaust the stack. */
#define CQ_JSON_MAX_DEPTH 256

/*
** Parse text[0..len) as one JSON value (a UTF-8 byte order mark at the start
** is skipped).  On success *out is the root, allocated in arena (the caller
** frees the arena).  Errors: CONCORD_ERROR for text that is not JSON, with
** the message "NAME:LINE:COLUMN: what was wrong" (name NULL: no "NAME:")
** and err->line / err->column set; CONCORD_TOOBIG for nesting deeper than
** CQ_JSON_MAX_DEPTH; CONCORD_NOMEM.
*/
int cq_json_parse(cq_arena *arena, const char *text, size_t len,
                  const char *name, cq_json **out, cq_error *err);

/* The member of object named key, or NULL (also when object is NULL or not
** an object). */
const cq_json *cq_json_member(const cq_json *object, const char *key);

/* A readable name for a type ("string", "array", ...). */
const char *cq_json_type_name(cq_json_type type);

#endif
