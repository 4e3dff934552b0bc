/*
** width.h -- display width of UTF-8 text in terminal columns (wcwidth's
** rules, independent of the locale), so that the table format keeps its
** columns straight for CJK titles and combining accents.
*/
#ifndef CQ_WIDTH_H
#define CQ_WIDTH_H

#include <stddef.h>

/* Columns code point cp takes: 0 (combining, zero-width, format), 2 (East
** Asian Wide or Fullwidth) or 1. */
int cq_char_width(unsigned cp);

/* Columns the len bytes at s take on a terminal. */
size_t cq_text_width(const char *s, size_t len);

#endif
