/*
** unit_graph.h -- the unit tests' helpers on the library's internals
** (unit_graph.c): for the tests linked with libconcord.a only.
*/
#ifndef CQ_TEST_UNIT_GRAPH_H
#define CQ_TEST_UNIT_GRAPH_H

#include "alloc.h"
#include "graph.h"

/* The C library's allocator, for tests that need no counting. */
extern const cq_allocator unit_sys_alloc;

/* The corpus in folder dir, compiled; a corpus that does not load fails
** the test with its message.  Free with cq_graph_free. */
cq_graph *unit_load_graph(const char *dir);

#endif
