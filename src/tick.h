/*
** tick.h -- what a run carries (cq_run) and the counting every long loop
** does: steps, rows, interrupts, and the limits' values.
**
** Apart from plan.h because loading a layer (corpus.c, mapping.c) and
** writing a result (output.c) count steps too, and they need neither
** plans nor the evaluator: with this header they sit below both.
*/
#ifndef CQ_TICK_H
#define CQ_TICK_H

#include <stdatomic.h>

#include "alloc.h"
#include "arena.h"
#include "concord.h"
#include "error.h"
#include "graph.h"
#include "table.h"

/* A value bound to a $parameter. */
typedef struct cq_binding cq_binding;
struct cq_binding {
    int type; /* CONCORD_NULL (unbound), _INTEGER or _TEXT */
    long long integer;
    const char *text; /* NUL-terminated: buf while type is _TEXT */
    size_t len;       /* strlen(text) while type is _TEXT */
    char *buf;        /* owned; kept for the next value that fits */
    size_t cap;       /* bytes of buf */
};

struct cq_plan; /* plan.h */

/* What running needs besides the plan. */
typedef struct cq_run {
    const cq_graph *graph;
    cq_arena *arena;           /* strings made while running */
    const cq_allocator *alloc; /* scratch and tables */
    cq_error *err;
    const cq_binding *bindings; /* bindings[i - 1] for parameter i */
    int n_bindings;
    const char *const *param_names;
    struct cq_session *session;
    const int *limits;      /* CONCORD_LIMIT_* values, or NULL */
    long long steps;        /* work done by this run so far */
    atomic_uint *interrupt; /* the handle's interrupted period, or NULL */
    unsigned epoch;         /* the period this run is in (api.c) */
    cq_keep **kept;         /* the statement's kept blocks (alloc.h) */
    const char *note;       /* what the statement says beside its table (the
                               diagnostic channel: concord_note), lines in
                               arena; NULL: nothing */
    /* notes kept to be worded only when they are read (reach.h: their
    ** lines follow note's), first to last, in arena */
    struct cq_later_note *later, *later_last;
    /* runs a query nested in this one (a count(...), a pipeline's input, a
    ** `let` table): cq_execute, set by the top (api.c, eval.c), so the
    ** compiler and the workers never call up into the dispatch (as Lua's
    ** lua_call goes through the state) */
    int (*execute)(struct cq_plan *plan, struct cq_run *run, cq_table *table);
} cq_run;

/* The checks of cq_tick and cq_row_room past their fast paths (tick.c). */
int cq_tick_check(cq_run *run);
int cq_row_room_check(cq_run *run, const cq_table *table);

/*
** Count one unit of work of the run (a clause visited, a row considered)
** and say whether it must stop: CONCORD_TOOBIG past the steps limit,
** CONCORD_INTERRUPT when concord_interrupt() was called, else CONCORD_OK.
** Loops over the graph call it, so a runaway statement always stops.
** Inline, as it runs for every clause and row (a tenth of a gap's time
** as a call); the interrupt is looked at every 64 steps, out of line.
*/
static inline int cq_tick(cq_run *run)
{
    if ((++run->steps & 63) != 0 && run->limits != NULL &&
        run->steps <= run->limits[CONCORD_LIMIT_STEPS])
        return CONCORD_OK;
    return cq_tick_check(run);
}

/* Can table take one more row within the rows limit?  CONCORD_TOOBIG (with
** the message) when it cannot. */
static inline int cq_row_room(cq_run *run, const cq_table *table)
{
    if (run->limits != NULL &&
        (long long)table->n_rows < run->limits[CONCORD_LIMIT_ROWS])
        return CONCORD_OK;
    return cq_row_room_check(run, table);
}

/* The value of a limit for a run or compile (its default without one). */
int cq_limit_of(const int *limits, int id);

/* Add a line to the run's note, once: a line it has already is not
** repeated.  Returns CONCORD_OK or CONCORD_NOMEM. */
int cq_run_note(cq_run *run, const char *line);

#endif
