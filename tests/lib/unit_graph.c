/*
** unit_graph.c -- the unit tests' helpers on the library's internals
** (unit_graph.h).
*/
#include "unit_graph.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "concord.h"
#include "corpus.h"
#include "error.h"

const cq_allocator unit_sys_alloc = {cq_default_alloc, NULL};

cq_graph *unit_load_graph(const char *dir)
{
    cq_error err;
    cq_error_init(&err, &unit_sys_alloc);
    cq_graph *g = NULL;
    if (cq_corpus_load_dir(dir, &unit_sys_alloc, &g, &err) != CONCORD_OK)
        fail_msg("loading %s: %s", dir, cq_error_message(&err));
    cq_error_free(&err);
    return g;
}
