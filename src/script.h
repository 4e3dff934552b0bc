/*
** script.h -- statements that run other statements: `import "file.cq"`
** of the standard library (the files of stdlib/, builtin.h) or of a file.
**
** Internal: it drives the public API on the handle (prepare, step), so an
** imported file is parsed and checked exactly as the user's own text is;
** it reaches those calls through the handle (db->calls, db.h), so api.c,
** which calls this file, is above it.
*/
#ifndef CQ_SCRIPT_H
#define CQ_SCRIPT_H

#include "concord.h"
#include "corpus.h"
#include "session.h"

/*
** Run the definitions (let, def, import) of the file the `import` statement
** names: a name starting "stdlib/" is the built-in standard library's file
** of that name; any other is a path, relative to the importing file's
** folder (the source path set with concord_set_source_path, or the current
** folder).  Errors found inside the file are reported at the import
** statement as "in FILE:LINE:COLUMN: ...".  Errors: CONCORD_IOERR,
** CONCORD_ERROR (an import cycle, a statement other than a definition),
** CONCORD_TOOBIG (imports nested too deep), and whatever the file's
** statements fail with.  (Inside the library the statement's file is
** "included": concord_import stacks a layer, cq_mapping_read (mapping.h)
** reads a mapping file, and each has its own word.)
*/
int cq_script_include(concord_db *db, const cq_node *import);

#endif
