/*
** db.h -- what a handle and a statement hold (concord.h's opaque
** concord_db and concord_stmt), for the library's own files that drive
** them: api.c, which owns them, and the statements that run other
** statements (script.c, status_api.c, complete.c).  As SQLite keeps
** struct sqlite3 in sqliteInt.h: one private definition, read in place,
** instead of an accessor per field.  Never installed; src/cli never sees
** it.
*/
#ifndef CQ_DB_H
#define CQ_DB_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "alloc.h"
#include "concord.h"
#include "error.h"
#include "graph.h"
#include "parse.h"
#include "plan.h"
#include "session.h"
#include "table.h"

#define CQ_DB_MAGIC 0x636f6e64u   /* "cond" */
#define CQ_STMT_MAGIC 0x73746d74u /* "stmt" */

/* The public calls that script.c makes on the handle to run a file's
** statements and stack a layer (concord_prepare_v2, concord_step,
** concord_finalize, cq_db_add_layer), handed down by api.c at open, as Lua
** hands lua_call through the state: script.c, which api.c calls for
** `import` and the stdlib, so never calls up into api.c. */
typedef struct cq_db_calls {
    int (*prepare_text)(concord_db *db, const char *text, int len,
                        const char *origin, concord_stmt **stmt,
                        const char **tail);
    int (*step_stmt)(concord_stmt *stmt);
    int (*finalize_stmt)(concord_stmt *stmt);
    int (*add_layer)(concord_db *db, const char *path, const char *name);
} cq_db_calls;

struct concord_db {
    uint32_t magic;     /* CQ_DB_MAGIC while open */
    cq_allocator alloc; /* every allocation of the session: counted_alloc */
    /* The host's allocator (concord_options.alloc): the corpus, the
    ** handle itself and its error message come from it uncounted, so the
    ** corpus may outlive the handle (share_corpus) and a message saying
    ** the memory limit was met can always be made. */
    cq_allocator host_alloc;
    size_t mem_used;    /* bytes of the session's blocks now */
    int mem_hit;        /* an allocation was refused by the memory limit */
    cq_graph *graph;    /* the compiled corpus, held (cq_graph_retain);
                           NULL if loading failed */
    cq_error err;       /* the most recent failure */
    int format;         /* CONCORD_FORMAT_* asked for by `format` */
    int n_open;         /* statements not yet finalized */
    cq_session session; /* `let` tables, `def`s, imports */
    int limits[CONCORD_N_LIMITS]; /* CONCORD_LIMIT_* values */
    int safe;                     /* CONCORD_OPEN_SAFE: no file access */
    char ns[513];                 /* concord_set_namespace; "": the default */
    long long export_time;        /* concord_set_export_time; < 0: the clock */
    /* Interrupts: a busy period (running > 0) has a number, epoch; an
    ** interrupt records the number of the period it came in, so a late
    ** one from another thread cannot stop a statement started after. */
    atomic_int running;       /* statements being stepped now */
    atomic_uint epoch;        /* the current or last busy period */
    atomic_uint interrupt;    /* the period interrupted; 0: none */
    cq_text_pos pos;          /* where the last statement prepared ended */
    const cq_db_calls *calls; /* api.c's calls, for script.c */
};

struct concord_stmt {
    uint32_t magic;      /* CQ_STMT_MAGIC while live */
    concord_db *db;      /* the handle it was prepared on */
    cq_arena arena;      /* syntax tree, plan, made strings */
    cq_graph *graph;     /* the graph it was compiled against, held: a
                            layer imported later does not change it */
    cq_plan *plan;       /* the compiled statement */
    cq_table table;      /* its rows, once run */
    int executed;        /* table holds the rows */
    size_t next_row;     /* the row the next step makes current */
    int state;           /* api.c's enum stmt_state */
    char (*numbers)[32]; /* per column: a number of the row as text */
    cq_value cell;       /* the cell last read of a row held as ids */
    cq_arena run;        /* strings made while running; emptied by reset */
    const char **params; /* $parameter names, index i+1 (in arena) */
    int n_params;
    cq_binding *bindings;        /* per parameter; text owned, from db->alloc */
    cq_keep *kept;               /* what its plans keep from run to run */
    const char *note;            /* what its run said beside its table (in run),
                                    or NULL: concord_note() */
    struct cq_later_note *later; /* its run's notes yet to be worded
                                    (reach.h): concord_note() */
    long long steps;             /* the steps its run took: writing the result
                                    counts on from there */
};

/* Is db a live handle (not NULL, not closed, not some other pointer)? */
static inline int cq_db_ok(const concord_db *db)
{
    return db != NULL && db->magic == CQ_DB_MAGIC;
}

/* Stack the layer at path on the handle's corpus (concord_import without
** its checks), calling it name (NULL: the path).  Errors as
** concord_import.  In api.c. */
int cq_db_add_layer(concord_db *db, const char *path, const char *name);

/* What runs the statements that are not queries (format, let, ...), which
** statements.h's rows name (cq_stmt_let ...): api.c's stmt_execute calls
** the one its kind's row names. */
#define CQ_STMT_RUN_PROTO_(cls, kind, name, compile, run, shape)               \
    CQ_STMT_STATEMENT_ONLY_##cls(int run(concord_stmt *stmt, cq_run *cq);)
CQ_STATEMENTS(CQ_STMT_RUN_PROTO_)

#endif
