/*
** unit.h -- what the unit tests (tests/unit) share: where the test data
** is, a cmocka setup and teardown for a handle on the built-in corpus,
** whole files, temporary folders, and whether python3 is there.
**
** unit.c uses the public API only, so it links into the tests that link
** libconcord.so as well; unit_graph.h has the helpers on the library's
** internals, for the tests linked with libconcord.a.
*/
#ifndef CQ_TEST_UNIT_H
#define CQ_TEST_UNIT_H

#include <stddef.h>

#include "concord.h"

/* The folder of the test corpora: $CONCORD_TEST_DATA, or tests/data. */
const char *unit_data_dir(void);

/* A handle on the corpus in folder corpus_dir or the image at image_path
** (the other NULL; both NULL: the built-in corpus); failing to open fails
** the test with the message. */
concord_db *unit_open(const char *corpus_dir, const char *image_path);

/* A cmocka setup: *state becomes a handle on the built-in corpus (a
** failure to open is printed and fails the setup). */
int unit_open_builtin(void **state);

/* A cmocka teardown: closes the handle *state; fails if closing does. */
int unit_close_db(void **state);

/* The file at path (relative to the top of the tree, where the tests
** run), whole, NUL-terminated and malloc'd; *len (when not NULL) its
** bytes.  A file that cannot be read fails the test. */
char *unit_slurp(const char *path, size_t *len);

/* A new empty folder under $TMPDIR (or /tmp) named concord-WHAT-XXXXXX;
** malloc'd. */
char *unit_temp_dir(const char *what);

/* Is python3 there to check output with a parser that is not ours? */
int unit_have_python(void);

#endif
