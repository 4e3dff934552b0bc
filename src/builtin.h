/*
** builtin.h -- the built-in standard library's definitions (the `def`
** statements of the files of stdlib/), read when a statement calls one.
**
** A handle used to parse every built-in definition when it opened: two
** thirds of the work of opening an image, for definitions most handles
** never call.  Now a name that no `def` of the session defines is looked
** up in the embedded files, and the one definition found is parsed into
** the calling statement's arena, so a handle owns nothing of the stdlib
** and a statement pays only for the definitions it calls.  The session
** still comes first: a user's `def` of the same name replaces the
** built-in one, as a later `def` replaces an earlier one.
*/
#ifndef CQ_BUILTIN_H
#define CQ_BUILTIN_H

#include <stddef.h>

#include "arena.h"
#include "corpus.h" /* cq_embedded_file */
#include "error.h"
#include "session.h" /* cq_def */

/* The stdlib files, embedded at build time ("stdlib/integration.cq").
** Each holds only `def` statements (tests/unit/test_builtin.c checks). */
extern const cq_embedded_file cq_builtin_stdlib[];

/*
** The built-in definition called name (ASCII case folded), parsed into
** arena: *out is NULL when no stdlib file defines name.  Its locations
** are lines and columns of its file, as a definition read from an
** imported file has.  Errors: CONCORD_NOMEM, and (for a stdlib file that
** does not parse, which the tests rule out) CONCORD_SYNTAX, "in
** stdlib/FILE: ...".
*/
int cq_builtin_def(cq_arena *arena, const char *name, const cq_def **out,
                   cq_error *err);

/* As cq_builtin_def, over the files given (tests give broken ones). */
int cq_builtin_def_from(const cq_embedded_file *files, cq_arena *arena,
                        const char *name, const cq_def **out, cq_error *err);

/* Call each(ctx, name, len) for every built-in definition, in file order:
** the names offered when a name is not found. */
void cq_builtin_def_names(void (*each)(void *ctx, const char *name, size_t len),
                          void *ctx);

#endif
