/*
** tick.c -- the limits' defaults, and the slow paths of cq_tick and
** cq_row_room (tick.h): the steps and rows limits and concord_interrupt,
** which every long loop obeys; and the run's note (cq_run_note).
**
** Apart from eval.c because the loops that count steps are not only
** evaluation: loading a layer (corpus.c, mapping.c) and writing a result
** (output.c) count theirs too, and the corpus compiler links those files
** without the evaluator.
*/
#include <string.h>

#include "concord.h"
#include "limit_list.h"
#include "tick.h"

/* Defaults of the limits, by CONCORD_LIMIT_* id (limit_list.h). */
#define LIMIT_DEFAULT_(id, name, def, ceiling) def,
static const int limit_default[CONCORD_N_LIMITS] = {CQ_LIMITS(LIMIT_DEFAULT_)};
#undef LIMIT_DEFAULT_

int cq_limit_of(const int *limits, int id)
{
    return limits ? limits[id] : limit_default[id];
}

int cq_tick_check(cq_run *run)
{
    long long max = cq_limit_of(run->limits, CONCORD_LIMIT_STEPS);
    if (run->steps > max)
        return cq_error_set(run->err, CONCORD_TOOBIG, NULL,
                            "the statement stopped after %lld steps of work "
                            "(the steps limit; raise it with --limit "
                            "steps=N)",
                            max);
    if ((run->steps & 63) == 0 && run->interrupt &&
        atomic_load_explicit(run->interrupt, memory_order_relaxed) ==
            run->epoch)
        return cq_error_set(run->err, CONCORD_INTERRUPT, NULL, "interrupted");
    return CONCORD_OK;
}

int cq_row_room_check(cq_run *run, const cq_table *table)
{
    long long max = cq_limit_of(run->limits, CONCORD_LIMIT_ROWS);
    if ((long long)table->n_rows < max)
        return CONCORD_OK;
    return cq_error_set(run->err, CONCORD_TOOBIG, NULL,
                        "the result has more than %lld rows (the rows "
                        "limit; raise it with --limit rows=N, or narrow the "
                        "query)",
                        max);
}

int cq_run_note(cq_run *run, const char *line)
{
    size_t n = strlen(line), have = run->note ? strlen(run->note) : 0;
    for (const char *at = run->note; at && *at;) { /* said already? */
        const char *end = strchr(at, '\n');
        size_t len = end ? (size_t)(end - at) : strlen(at);
        if (len == n && memcmp(at, line, n) == 0)
            return CONCORD_OK;
        at += len + (end != NULL);
    }
    char *note = cq_arena_alloc(run->arena, have + n + 2);
    if (note == NULL)
        return CONCORD_NOMEM;
    if (have) {
        memcpy(note, run->note, have);
        note[have++] = '\n';
    }
    memcpy(note + have, line, n + 1);
    run->note = note;
    return CONCORD_OK;
}
