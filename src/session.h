/*
** session.h -- what a handle remembers between statements: the tables of
** `let`, the queries of `def`, and the files being imported.
**
** A name defined again replaces the old definition for statements compiled
** later; the old one is kept until the handle closes, because a statement
** prepared earlier may still read it.
*/
#ifndef CQ_SESSION_H
#define CQ_SESSION_H

#include "arena.h"
#include "ast.h"
#include "error.h"
#include "limit_list.h" /* CQ_MAX_IMPORT_DEPTH */
#include "plan.h"
#include "status.h"
#include "table.h"

typedef struct cq_let {
    struct cq_let *next;
    struct cq_let *prev; /* on the current list: unlinked in O(1) */
    const char *name;
    cq_arena arena; /* the name, the columns and every text value */
    cq_table table; /* the rows */
    cq_shape shape; /* the columns with their field types */
} cq_let;

typedef struct cq_def {
    struct cq_def *next;
    struct cq_def *prev; /* on the current list: unlinked in O(1) */
    const char *name;
    cq_arena arena;        /* a copy of the definition's tree */
    const cq_node *params; /* NAME nodes, or NULL */
    int n_params;
    const cq_node *body; /* the query */
    const cq_node *node; /* the `def` statement (for its location) */
} cq_def;

/* The files being imported, innermost first (cycle detection). */
typedef struct cq_include_frame {
    struct cq_include_frame *outer;
    const char *path;       /* as opened */
    const char *dir;        /* its folder, for the imports it makes */
    unsigned long long dev; /* the file's identity, when it is a file: */
    unsigned long long ino; /* the same file by any path is the same */
    int is_file;
} cq_include_frame;

/* A hash index of names (case folded) to the current let or def: a
** session of N definitions looks each up in O(1), not down a list. */
typedef struct cq_name_index {
    struct cq_name_slot *slots; /* cap of them, open addressing */
    size_t cap, n;
} cq_name_index;

typedef struct cq_session {
    const cq_allocator *alloc;
    cq_name_index let_index; /* name -> cq_let on lets */
    cq_name_index def_index; /* name -> cq_def on defs */
    cq_let *lets;            /* current, newest first */
    cq_def *defs;            /* current, newest first */
    cq_let *old_lets;        /* replaced, kept until the end */
    cq_def *old_defs;
    char *source_path;  /* the script statements come from, or NULL */
    size_t source_size; /* bytes of source_path */
    cq_include_frame *imports;
    int import_depth;
    cq_status_set status; /* the status files loaded (status.h) */
} cq_session;

void cq_session_init(cq_session *s, const cq_allocator *alloc);
void cq_session_free(cq_session *s);

/* The table or definition named name (ASCII case folded), or NULL. */
cq_let *cq_session_let(const cq_session *s, const char *name);
cq_def *cq_session_def(const cq_session *s, const char *name);

/* Keep a copy of table (its rows, every text value, its shape's columns
** and types) as the table called name.  Errors: CONCORD_NOMEM. */
int cq_session_set_let(cq_session *s, const char *name, const cq_table *table,
                       const cq_shape *shape, cq_error *err);

/* Fill d's name, parameters, body and node from the `def` statement node
** def (which must outlive d): how a session's and a built-in definition
** (builtin.h) are both read. */
void cq_def_from_node(cq_def *d, const cq_node *def);

/* Keep a copy of the `def` statement node.  Errors: CONCORD_NOMEM. */
int cq_session_set_def(cq_session *s, const cq_node *def, cq_error *err);

/* Remember the script that statements come from (NULL: none), for
** imports relative to it.  Errors: CONCORD_NOMEM. */
int cq_session_set_source(cq_session *s, const char *path, cq_error *err);

#endif
