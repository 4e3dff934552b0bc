/*
** concord.h -- the public interface of libconcord.
**
** concord answers questions about the correlations between management
** system standards (ISO/IEC 20000-1, ISO 9001, ISO/IEC 27001 and the high
** level structure they share, as ISO/IEC TR 20000-7 relates them).  The
** interface follows SQLite's shape: open a handle on a corpus, prepare one
** statement at a time, step through its rows, read columns, finalize.
**
** Conventions that hold for every call:
**   - The library never prints and never exits.  Failures return a result
**     code; concord_errmsg() then describes the most recent failure on the
**     handle, with line:column where the failure has a place in the text.
**   - Pointers returned by the library are owned by the library unless the
**     comment of the call says otherwise.  How long each stays valid is
**     written beside the call.
**   - "Errors:" lists the codes a call can return besides CONCORD_OK.
**
** Threads.  The library has no global mutable state.  A handle, with its
** statements, is used by one thread at a time (it may move from thread to
** thread between calls); concord_interrupt() is the one call another
** thread may make on it meanwhile.  Different handles run in parallel,
** also when they share one compiled corpus (concord_options.share_corpus):
** a compiled corpus is never written after it is built, so statements
** read it with no lock.  A shared corpus is freed by whichever thread lets
** it go last, through the allocator of the handle that loaded it.
*/
#ifndef CONCORD_H
#define CONCORD_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
** CONCORD_API marks every public function.  The library is compiled with
** -fvisibility=hidden, so these are the only symbols libconcord.so exports.
** Define CONCORD_API before including this header to override it.
*/
#ifndef CONCORD_API
#if defined(__GNUC__) && __GNUC__ >= 4
#define CONCORD_API __attribute__((visibility("default")))
#else
#define CONCORD_API
#endif
#endif

#define CONCORD_VERSION "0.1.0"
#define CONCORD_VERSION_NUMBER 1000 /* major*1000000 + minor*1000 + patch */

/* Result codes.  Success codes (ROW, DONE) sit apart from the errors. */
#define CONCORD_OK 0        /* success */
#define CONCORD_ERROR 1     /* a query failed: unknown name, bad value, ... */
#define CONCORD_INTERNAL 2  /* a bug in concord */
#define CONCORD_NOMEM 3     /* an allocation failed */
#define CONCORD_INTERRUPT 4 /* stopped by concord_interrupt() */
#define CONCORD_IOERR 5     /* a corpus file could not be read */
#define CONCORD_CORRUPT 6   /* a corpus failed validation */
#define CONCORD_TOOBIG 7    /* a limit was exceeded (text, nesting, rows) */
#define CONCORD_RANGE 8     /* a parameter or column index out of range */
#define CONCORD_MISUSE 9    /* the API was called in a way it forbids */
#define CONCORD_SYNTAX 10   /* the query text does not parse */
#define CONCORD_BUSY 11     /* the handle still has open statements */
#define CONCORD_NOTFOUND 12 /* a standard, clause or term does not exist */
#define CONCORD_ASSERT 13   /* an assert statement found its condition false */
#define CONCORD_ROW 100     /* concord_step() has a row ready */
#define CONCORD_DONE 101    /* concord_step() has finished */

/* Column value types (numbered as SQLite numbers them). */
#define CONCORD_INTEGER 1
#define CONCORD_REAL 2
#define CONCORD_TEXT 3
#define CONCORD_NULL 5

/* Output formats for concord_write_result(). */
#define CONCORD_FORMAT_TSV 0   /* tab separated, header row, \t \n \\ escaped */
#define CONCORD_FORMAT_TABLE 1 /* aligned columns for people */
#define CONCORD_FORMAT_CSV 2   /* RFC 4180 */
#define CONCORD_FORMAT_JSON 3  /* one array of objects per statement */
#define CONCORD_FORMAT_MARKDOWN 4 /* a GitHub-flavoured pipe table */
/* Exports (docs/formats.md).  dot draws any table with from and to columns
** (or a clause column); the other three need a table of mappings (columns
** from, to, relation), and refuse others with CONCORD_ERROR. */
#define CONCORD_FORMAT_DOT 5   /* a Graphviz digraph of clauses and edges */
#define CONCORD_FORMAT_OSCAL 6 /* OSCAL 1.2 mapping-collection JSON */
#define CONCORD_FORMAT_STRM 7  /* the NIST OLIR set theory mapping CSV */
#define CONCORD_FORMAT_SSSOM 8 /* SSSOM/TSV with its YAML metadata block */
/* JSON Lines: one object a row, each on its own line (no enclosing array),
** as jq and line tools read them; an empty result writes nothing. */
#define CONCORD_FORMAT_JSONL 9

typedef struct concord_db concord_db;     /* a handle on one compiled corpus */
typedef struct concord_stmt concord_stmt; /* one prepared statement */

/*
** The allocator hook, with Lua's contract: when nsize is 0 free ptr
** (osize is its size) and return NULL; otherwise behave like realloc and
** return NULL only when the request cannot be satisfied.  osize is the
** block's size when ptr is not NULL.
*/
typedef void *(*concord_alloc_fn)(void *ud, void *ptr, size_t osize,
                                  size_t nsize);

/*
** Limits, per handle (concord_limit, or concord_options.limits at open).
** Each has a default and a ceiling; work past a limit stops the statement
** with CONCORD_TOOBIG and a message naming the limit.
**
**   LENGTH   bytes of one statement, from its     1,000,000      INT_MAX
**            first token
**   NESTING  levels of parentheses and of           256            1000
**            and/or/not
**   ROWS     rows of one result, and of each     10,000,000      INT_MAX
**            table it is made from
**   HOPS     the most `path ... max N` may ask        8              64
**   IMPORTS  files importing files                   16              64
**   STEPS    units of work of one statement   1,000,000,000      INT_MAX
**            (a clause visited, a row considered,
**            a line of its result written) and of
**            one layer imported (a row read)
**   MEMORY   MiB the handle holds besides its        2048         INT_MAX
**            corpus: statements, their results,
**            let tables, defs (counted through
**            the allocator hook)
**
** MEMORY bounds a session, not one statement: a statement that would pass
** it fails with CONCORD_TOOBIG ("the memory limit"), and what earlier
** statements keep (let tables) counts until the handle closes.
*/
#define CONCORD_LIMIT_LENGTH 0
#define CONCORD_LIMIT_NESTING 1
#define CONCORD_LIMIT_ROWS 2
#define CONCORD_LIMIT_HOPS 3
#define CONCORD_LIMIT_IMPORTS 4
#define CONCORD_LIMIT_STEPS 5
#define CONCORD_LIMIT_MEMORY 6
#define CONCORD_N_LIMITS 7

/* Options for concord_open_v2().  Fill with concord_options_init() first so
** that fields added later start with their defaults. */
typedef struct concord_options {
    unsigned size;          /* sizeof(concord_options), set by init */
    const char *corpus_dir; /* folder of corpus TSV files; NULL: built-in */
    concord_alloc_fn alloc; /* NULL: the C library's realloc/free */
    void *alloc_ud;         /* passed to alloc unchanged */
    /* An image file made by `concord compile` (or concord_save_image): it
    ** is mapped and used in place, with no parsing, after its structure
    ** has been checked (CONCORD_OPEN_CHECK_IMAGE: every byte of it; see
    ** concord_check_image).  NULL: not used.  Setting both this and
    ** corpus_dir is CONCORD_MISUSE. */
    const char *image_path;
    unsigned flags; /* CONCORD_OPEN_* flags; 0: none */
    /* Layers stacked on the corpus (corpus_dir, image_path or the built-in
    ** one), in order: each a folder holding any of the five corpus files,
    ** or a mapping file (OSCAL mapping-collection JSON, NIST OLIR/STRM CSV
    ** or SSSOM/TSV).  A layer adds standards, clauses and edges, and its
    ** edges replace those below that join the same two clauses in the same
    ** annex (docs/corpus.md); answers name the layer of each edge.  The
    ** strings are read while opening only.  NULL / 0: none. */
    const char *const *layers;
    int n_layers;
    /* Another open handle whose compiled corpus this one shares instead of
    ** loading one (as sqlite3_open_v2 shares a cache, or lua_newthread a
    ** global state): nothing is parsed or copied.  Only the corpus is
    ** shared -- the session (let, def), limits, flags, format, errors and
    ** allocator are the new handle's own -- and the handles may then run
    ** statements in parallel threads (see "Threads" above).  share_corpus
    ** is read only while opening: it may be running statements in another
    ** thread meanwhile, but not being imported into or closed.  Layers in
    ** `layers` stack on the shared corpus as a new corpus of this handle's
    ** alone.  The corpus lives as long as any handle or statement uses it,
    ** so share_corpus may be closed first; it is freed, by whichever
    ** thread lets it go last, through the allocator of the handle that
    ** loaded it, which must stay usable, from any thread, until then.
    ** NULL: not used.
    ** Setting this and corpus_dir or image_path is CONCORD_MISUSE. */
    concord_db *share_corpus;
    /* Status files loaded after the corpus, in order, as
    ** concord_load_status() loads them (a later file wins where two speak
    ** of one clause).  A file with a bad row fails the open, its problems
    ** in concord_errmsg().  NULL / 0: none. */
    const char *const *status_files;
    int n_status_files;
    /* Limits, by CONCORD_LIMIT_* id, set as concord_limit() would set them
    ** right after opening (clamped to 1 and the limit's ceiling); 0 (or
    ** less) keeps the default.  Kept last, so that limits added later
    ** extend it. */
    int limits[CONCORD_N_LIMITS];
} concord_options;

/* Flags for concord_options.flags.  CONCORD_OPEN_SAFE refuses every
** statement that reads or writes files (import), concord_save_image and
** concord_check_image: for query text from people the host does not
** trust. */
#define CONCORD_OPEN_SAFE 0x1
/* CONCORD_OPEN_CHECK_IMAGE: check every byte of the image_path image while
** opening, as concord_check_image() does, instead of its structure only. */
#define CONCORD_OPEN_CHECK_IMAGE 0x2

/*
** Set limit id to value (clamped to 1 and its ceiling; value < 0 leaves
** it) and return the value it had, or -1 for an unknown id or handle.
*/
CONCORD_API int concord_limit(concord_db *db, int id, int value);

/* The name of limit id ("length", "nesting", "rows", "hops", "imports",
** "steps", "memory"), or NULL. */
CONCORD_API const char *concord_limit_name(int id);

/*
** Stop the statement running on db as soon as possible: its step returns
** CONCORD_INTERRUPT.  A statement being prepared (concord_prepare), a
** result being written (concord_write_result) or a layer being imported
** (concord_import) stops the same way.  Safe to call
** from another thread or a signal handler; when nothing is running it
** does nothing.
*/
CONCORD_API void concord_interrupt(concord_db *db);

/* Fill *options with the defaults (built-in corpus, system allocator). */
CONCORD_API void concord_options_init(concord_options *options);

/*
** Open a handle on the built-in corpus.  *db is set even when the call
** fails (except on CONCORD_NOMEM before the handle exists, when it is
** NULL) so that concord_errmsg() can say why; close it either way.
** Errors: CONCORD_NOMEM, CONCORD_CORRUPT (the built-in corpus is broken).
*/
CONCORD_API int concord_open(concord_db **db);

/*
** Open a handle as options say.  A corpus with any validation error is not
** loaded at all: the call fails and concord_errmsg() lists every problem
** found as "file:line:column: message", one a line.  An image that is
** truncated, of another format version or wrong in its structure is
** refused with CONCORD_CORRUPT and a message naming the file and the
** problem; damage deeper in it is found by concord_check_image() (or
** CONCORD_OPEN_CHECK_IMAGE), or when a statement reads it: that statement
** then fails with CONCORD_CORRUPT, naming the damaged section.
** Errors: CONCORD_NOMEM, CONCORD_IOERR, CONCORD_CORRUPT, CONCORD_MISUSE
** (options NULL or not initialised; corpus_dir and image_path both set,
** or either with share_corpus; share_corpus not an open handle, or one
** whose corpus failed to load).
*/
CONCORD_API int concord_open_v2(concord_db **db,
                                const concord_options *options);

/*
** Stack one more layer on the handle's corpus: path is a folder of corpus
** files or a mapping file, as for concord_options.layers.  The handle then
** answers from the new corpus; statements prepared before keep answering
** from the corpus they were prepared on until they are finalized.  On
** failure the corpus is unchanged and concord_errmsg() lists the
** problems, as concord_open_v2() does.
** Errors: CONCORD_IOERR, CONCORD_CORRUPT (the layer does not validate, or
** is not a mapping file concord reads), CONCORD_TOOBIG (more than 255
** layers, or the steps limit: each row read or added is a step),
** CONCORD_INTERRUPT, CONCORD_NOMEM, CONCORD_ERROR (the handle was opened
** with CONCORD_OPEN_SAFE), CONCORD_MISUSE (no path, or the handle has no
** corpus).
*/
CONCORD_API int concord_import(concord_db *db, const char *path);

/*
** Load the status file at path (docs/formats.md): one row per clause or
** control of the corpus -- clause, status (implemented, partial, planned,
** not-implemented, not-applicable), evidence, owner, reviewed (a
** YYYY-MM-DD date), justification (required for not-applicable) -- as TSV
** or CSV.  The rows join those loaded before; where two speak of one
** clause the later wins (`check` lists such conflicts).  The file is
** checked whole first: on any bad row nothing of it is kept, and
** concord_errmsg() lists every problem as "file:line:column: column:
** message", one a line.  The `status of`, `readiness`, `worklist`, `soa`
** and `audit plan` statements read what is loaded.
** Errors: CONCORD_IOERR, CONCORD_CORRUPT (a bad row), CONCORD_NOMEM,
** CONCORD_ERROR (the handle was opened with CONCORD_OPEN_SAFE),
** CONCORD_MISUSE (no path, or the handle has no corpus).
*/
CONCORD_API int concord_load_status(concord_db *db, const char *path);

/*
** Write the handle's corpus to path as an image for image_path (what
** `concord compile` does).  The image is written to a new file in the same
** folder and renamed over path only when complete, so a failure never
** leaves a partial image behind, and programs that have the old image open
** keep reading it.
** Errors: CONCORD_IOERR (the message names path and the reason),
** CONCORD_NOMEM, CONCORD_MISUSE (no path, or the handle has no corpus).
*/
CONCORD_API int concord_save_image(concord_db *db, const char *path);

/*
** Check every byte of the image file at path: its checksum, and every id,
** offset, range and index in it against the rest (what opening does only
** for the image's structure, docs/formats.md).  db is any open handle: it
** only receives the message; its corpus is not changed.  Returns
** CONCORD_OK when the image is whole.
** Errors: CONCORD_CORRUPT (the message names the file and the problem),
** CONCORD_IOERR, CONCORD_NOMEM, CONCORD_ERROR (the handle was opened with
** CONCORD_OPEN_SAFE), CONCORD_MISUSE (no path).
*/
CONCORD_API int concord_check_image(concord_db *db, const char *path);

/*
** Close a handle.  NULL is a no-op.  Returns CONCORD_BUSY, and closes
** nothing, while statements prepared on it are not finalized.
*/
CONCORD_API int concord_close(concord_db *db);

/*
** Compile the first statement of text (len bytes, or up to its NUL when
** len < 0).  On success *stmt is the statement, or NULL when text holds
** only white space and comments; *tail (when tail is not NULL) points just
** past the statement's ';' (or at the end), so a caller can walk a script.
** Free *stmt with concord_finalize().
** Errors: CONCORD_SYNTAX, CONCORD_NOTFOUND, CONCORD_ERROR, CONCORD_NOMEM,
** CONCORD_TOOBIG, CONCORD_MISUSE.
*/
CONCORD_API int concord_prepare(concord_db *db, const char *text, int len,
                                concord_stmt **stmt, const char **tail);

/*
** As concord_prepare(), but text lies inside a larger script that starts at
** origin: line:column in messages and concord_error_offset() count from
** origin, so errors in the third statement of a file name the file's line.
** origin NULL means text.  origin must not be after text.
*/
CONCORD_API int concord_prepare_v2(concord_db *db, const char *text, int len,
                                   const char *origin, concord_stmt **stmt,
                                   const char **tail);

/*
** Advance to the next row.  Returns CONCORD_ROW while there are rows and
** CONCORD_DONE at the end.  Stepping again after DONE without a reset is
** misuse.  Errors: CONCORD_NOMEM, CONCORD_ERROR, CONCORD_INTERRUPT,
** CONCORD_MISUSE.
*/
CONCORD_API int concord_step(concord_stmt *stmt);

/* Rewind a statement so concord_step() starts again from its first row. */
CONCORD_API int concord_reset(concord_stmt *stmt);

/*
** What the statement says beside its table, for a person (the diagnostic
** channel): lines separated by '\n', such as "no edge links 20000-1 and
** 27001@2022; answered through the edition 27001 and the transition
** edges (as with via 27001)".  Runs the statement if it has not run.
** NULL when it says nothing (or failed: out of memory wording it,
** concord_errcode() says CONCORD_NOMEM and a later call tries again);
** valid until the statement is reset or finalized.
*/
CONCORD_API const char *concord_note(concord_stmt *stmt);

/* Free a statement.  NULL is a no-op.  Returns CONCORD_OK, or
** CONCORD_MISUSE when stmt is not a live statement. */
CONCORD_API int concord_finalize(concord_stmt *stmt);

/* The number of columns of the statement's result (0 for statements such
** as 'format' that yield no table); valid right after prepare. */
CONCORD_API int concord_column_count(concord_stmt *stmt);

/* The name of column i (0-based), or NULL when i is out of range.  Valid
** until the statement is finalized. */
CONCORD_API const char *concord_column_name(concord_stmt *stmt, int i);

/* The type of column i of the current row (CONCORD_TEXT, _INTEGER, _REAL or
** _NULL), or 0 when there is no current row or i is out of range. */
CONCORD_API int concord_column_type(concord_stmt *stmt, int i);

/* Column i of the current row as text (numbers are formatted), or NULL for
** a null value, no row, or i out of range.  Valid until the next step,
** reset or finalize of this statement. */
CONCORD_API const char *concord_column_text(concord_stmt *stmt, int i);

/* Column i of the current row as an integer (0 for text and null). */
CONCORD_API long long concord_column_int(concord_stmt *stmt, int i);

/* Column i of the current row as a double (0 for text and null). */
CONCORD_API double concord_column_double(concord_stmt *stmt, int i);

/*
** Write the rest of the statement's rows, formatted, through write(ctx,
** data, len), stepping it to CONCORD_DONE.  A write returning nonzero stops
** the output and the call returns CONCORD_IOERR.  Returns CONCORD_DONE on
** success.  Errors: as concord_step(), CONCORD_IOERR, CONCORD_TOOBIG (the
** steps limit: each line written is a step of the statement),
** CONCORD_INTERRUPT, CONCORD_RANGE (an unknown format), CONCORD_ERROR (an
** export format that cannot show this result, such as oscal for a table
** that is not of mappings; nothing is written and the statement can be
** written again in another format).
*/
typedef int (*concord_write_fn)(void *ctx, const char *data, size_t len);
CONCORD_API int concord_write_result(concord_stmt *stmt, int format,
                                     concord_write_fn write, void *ctx);

/*
** $parameters.  A statement's parameters are numbered from 1 in the order
** they first appear in its text ($clause and $standard in `correlate
** $clause with $standard` are 1 and 2).  A value bound to a parameter is
** always a value -- a clause reference, standard, string or number where
** the parameter stands -- and never query text.  Bind before the first
** step, or after concord_reset(); bindings stay until changed.  Running a
** statement with an unbound parameter fails with CONCORD_ERROR naming it.
** Errors: CONCORD_RANGE (index out of range, a NUL in the text),
** CONCORD_NOMEM, CONCORD_MISUSE (the statement is being stepped).
** concord_bind_text copies text (len bytes, or up to its NUL when len < 0).
*/
CONCORD_API int concord_bind_text(concord_stmt *stmt, int index,
                                  const char *text, int len);
CONCORD_API int concord_bind_int(concord_stmt *stmt, int index,
                                 long long value);
CONCORD_API int concord_bind_null(concord_stmt *stmt, int index);
CONCORD_API int concord_clear_bindings(concord_stmt *stmt);

/* The number of parameters of the statement (0 for NULL). */
CONCORD_API int concord_bind_parameter_count(concord_stmt *stmt);

/* The index of the parameter called name ("$clause" or "clause"), or 0
** when the statement has none of that name. */
CONCORD_API int concord_bind_parameter_index(concord_stmt *stmt,
                                             const char *name);

/* The name of parameter index, without its `$`, or NULL.  Valid until the
** statement is finalized. */
CONCORD_API const char *concord_bind_parameter_name(concord_stmt *stmt,
                                                    int index);

/*
** The file the statements prepared next come from (NULL: none): `import`
** resolves relative file names against its folder.  The string is copied.
** Errors: CONCORD_NOMEM, CONCORD_MISUSE.
*/
CONCORD_API int concord_set_source_path(concord_db *db, const char *path);

/* The output format the handle's scripts asked for last ('format json;'),
** initially CONCORD_FORMAT_TSV; concord_set_format() changes it.
** Errors (set): CONCORD_RANGE for an unknown format. */
CONCORD_API int concord_format(concord_db *db);
CONCORD_API int concord_set_format(concord_db *db, int format);

/* The format named name ("tsv", "table", "csv", "json", "markdown", "dot",
** "oscal", "strm", "sssom", "jsonl"; case does not matter), or -1.
** concord_format_name() is the reverse, or NULL. */
CONCORD_API int concord_format_from_name(const char *name);
CONCORD_API const char *concord_format_name(int format);

/*
** The namespace of the names concord makes in exports (OSCAL props and the
** ns of its own fields, SSSOM's curie_map and extension slots, the UUIDs
** of both): an absolute IRI such as "https://example.org/ns/concord/",
** to which "std/27001/" and the like are appended.  NULL or "" restores
** the default, a UUID URN that belongs to no one's domain
** (docs/formats.md).  The string is copied.
** Errors: CONCORD_RANGE (not an absolute IRI, or longer than 512 bytes),
** CONCORD_MISUSE.
*/
CONCORD_API int concord_set_namespace(concord_db *db, const char *iri);

/* The namespace exports use now (never NULL for an open handle).  Valid
** until the next concord_set_namespace() on db. */
CONCORD_API const char *concord_namespace(concord_db *db);

/*
** The time exports write as OSCAL last-modified and SSSOM mapping_date,
** in seconds since 1970-01-01 UTC; a negative value (the default) means
** the clock at the moment of writing.  Set it for byte-identical exports
** (the program takes SOURCE_DATE_EPOCH).  Errors: CONCORD_MISUSE.
*/
CONCORD_API int concord_set_export_time(concord_db *db, long long seconds);

/*
** Run every statement of script, calling callback(ctx, ncols, values,
** names) for each row (values[i] NULL for a null value).  A nonzero return
** from callback stops the run with CONCORD_ERROR.  When errmsg is not NULL
** and the run fails, *errmsg receives a copy of the message, to be freed
** with concord_free(); otherwise it is set to NULL.  The copy comes from
** the handle's allocator hook (concord_options.alloc) and may outlive the
** handle; when it cannot be made, the result is CONCORD_NOMEM.
*/
typedef int (*concord_callback)(void *ctx, int ncols, char **values,
                                char **names);
CONCORD_API int concord_exec(concord_db *db, const char *script,
                             concord_callback callback, void *ctx,
                             char **errmsg);

/* Free memory the library handed to the caller (concord_exec's errmsg),
** through the allocator hook it came from, even after that handle is
** closed.  NULL is a no-op. */
CONCORD_API void concord_free(void *ptr);

/* The code of the most recent failure on db, CONCORD_OK after a success. */
CONCORD_API int concord_errcode(concord_db *db);

/* The message for the most recent failure on db ("1:25: syntax error,
** unexpected ..."), or "not an error".  Valid until the next call on db or
** on one of its statements. */
CONCORD_API const char *concord_errmsg(concord_db *db);

/* The byte offset (from the text or origin given to prepare) where the most
** recent failure lies, or -1 when it has no place in the text. */
CONCORD_API int concord_error_offset(concord_db *db);

/* A static English description of a result code. */
CONCORD_API const char *concord_errstr(int code);

/* The library's version string, CONCORD_VERSION. */
CONCORD_API const char *concord_version(void);

/*
** Terminal columns the UTF-8 text takes (len bytes, or up to its NUL when
** len < 0), by wcwidth's rules without the locale: CJK and other wide
** characters count two, combining marks none, a malformed byte one.  The
** table format pads by this width; a front end cutting cells to fit a
** screen uses it too.
*/
CONCORD_API int concord_text_width(const char *text, int len);

/*
** Completion of the word at a cursor in query text, for a REPL or an
** editor: keywords that may stand there (the parser decides), standard
** ids (with their titles as detail), clause keys once the word holds a ':'
** (with their titles), and column names after where, select, sort by,
** group by, and, or, not and ',' (the columns of the statement before its
** where, select, sort or group).
**
** text is len bytes (len < 0: up to its NUL); cursor is a byte offset in
** it.  Only the statement the cursor is in counts (from the last ';' before
** it).  fn is called once per candidate, in a stable order, with kind one
** of CONCORD_COMPLETE_*, the whole word that would replace text[start,
** cursor), and a detail to show beside it (a clause's title) or NULL;
** fn returning nonzero stops the listing.  Where a file name is expected
** (after import) fn is called once with CONCORD_COMPLETE_FILE and the
** partial name typed: the library lists no files, the caller does.
**
** Returns start, the byte offset where the word being completed begins
** (0 <= start <= cursor), or a negative CONCORD_* code: -CONCORD_MISUSE for
** a NULL db, text or fn or a cursor outside the text, -CONCORD_NOMEM.  The
** call prepares statements on db, so it may replace the handle's last
** error message; it never runs one that changes the session.
*/
#define CONCORD_COMPLETE_KEYWORD 1
#define CONCORD_COMPLETE_STANDARD 2
#define CONCORD_COMPLETE_CLAUSE 3
#define CONCORD_COMPLETE_COLUMN 4
#define CONCORD_COMPLETE_FILE 5
typedef int (*concord_complete_fn)(void *ctx, int kind, const char *word,
                                   const char *detail);
CONCORD_API int concord_complete(concord_db *db, const char *text, int len,
                                 int cursor, concord_complete_fn fn, void *ctx);

#ifdef __cplusplus
}
#endif
#endif /* CONCORD_H */
