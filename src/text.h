/*
** text.h -- the rules for bytes of text that every reader and writer of
** the library shares: well-formed UTF-8 (RFC 3629), code points written as
** UTF-8, and the syntax of the corpus's standard ids and clause numbers
** (docs/corpus.md).  The bottom layer: it includes nothing of the library,
** so the corpus loader, the mapping reader, the JSON reader and writer, the
** scanner and the table formatter all ask the one place.
*/
#ifndef CQ_TEXT_H
#define CQ_TEXT_H

#include <stddef.h>

/* The length of the well-formed UTF-8 sequence at s[0..n) (n >= 1), or 0
** when it is not one: overlong forms, surrogates and code points above
** U+10FFFF are refused as RFC 3629 says.  Reads no byte past the first
** that is not a continuation, so a NUL-terminated s may pass n = 4. */
size_t cq_utf8_length(const unsigned char *s, size_t n);

/* Decode the code point at s (len >= 1 bytes left) into *cp; returns its
** length in bytes.  A malformed sequence is one byte, U+FFFD. */
size_t cq_utf8_next(const char *s, size_t len, unsigned *cp);

/* Write code point cp (at most U+10FFFF, not a surrogate) as UTF-8 at o,
** which has room for 4 bytes; returns the bytes written. */
size_t cq_utf8_put(char *o, unsigned cp);

/* Is s[0..n) a standard id, [A-Za-z0-9][A-Za-z0-9_-]*(@[A-Za-z0-9]+)?
** ("27001", "27001@2022")? */
int cq_text_valid_id(const char *s, size_t n);

/* Is s[0..n) a clause number or term entry, [A-Za-z0-9]+(\.[A-Za-z0-9]+)*
** ("A.12.1.2")? */
int cq_text_valid_number(const char *s, size_t n);

#endif
