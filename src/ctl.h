/*
** ctl.h -- control characters: the bytes that must never reach a terminal
** as they are.  An escape sequence in a query, a parameter or a corpus
** cell could otherwise clear the screen, set the terminal's title or
** forge a line of a log; errors (error.c) and results (output.c) write
** each as \uXXXX, as the language writes it.
*/
#ifndef CQ_CTL_H
#define CQ_CTL_H

/* The bytes of the control character s starts with: 1 for C0 (below
** 0x20) and DEL, 2 for C1 (U+0080..U+009F) in UTF-8; 0 for anything else.
** s is NUL-terminated, or has at least two bytes. */
static inline int cq_control_len(const char *s)
{
    unsigned char c = (unsigned char)s[0];
    if (c < 0x20 || c == 0x7F)
        return 1;
    if (c == 0xC2 && (unsigned char)s[1] >= 0x80 && (unsigned char)s[1] <= 0x9F)
        return 2;
    return 0;
}

/* The code point of the control character at s (cq_control_len > 0). */
static inline unsigned cq_control_code(const char *s)
{
    unsigned char c = (unsigned char)s[0];
    return c == 0xC2 ? (unsigned char)s[1] : c;
}

#endif
