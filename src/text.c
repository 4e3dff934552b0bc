/*
** text.c -- the rules for bytes of text that every reader and writer
** shares; see text.h.  It depends on nothing of the library, so any module
** may use it.
*/
#include "text.h"

#include <stddef.h>
#include <stdint.h>

/* ---- UTF-8 -------------------------------------------------------------- */

size_t cq_utf8_length(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    size_t len;
    uint32_t cp;
    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf) {
        len = 2;
        cp = c & 0x1f;
    } else if ((c & 0xf0) == 0xe0) {
        len = 3;
        cp = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
        len = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3f);
    }
    if (len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff)))
        return 0;
    if (len == 4 && (cp < 0x10000 || cp > 0x10ffff))
        return 0;
    return len;
}

size_t cq_utf8_next(const char *s, size_t len, unsigned *cp)
{
    /* the payload bits of a lead byte, by the sequence's length */
    static const unsigned char lead_bits[5] = {0, 0x7F, 0x1F, 0x0F, 0x07};
    const unsigned char *u = (const unsigned char *)s;
    size_t n = cq_utf8_length(u, len);
    if (n == 0) {
        *cp = 0xFFFD;
        return 1;
    }
    unsigned v = u[0] & lead_bits[n];
    for (size_t i = 1; i < n; i++)
        v = (v << 6) | (u[i] & 0x3F);
    *cp = v;
    return n;
}

size_t cq_utf8_put(char *o, unsigned cp)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xc0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xe0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        o[2] = (char)(0x80 | (cp & 0x3f));
        return 3;
    }
    o[0] = (char)(0xf0 | (cp >> 18));
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
    o[3] = (char)(0x80 | (cp & 0x3f));
    return 4;
}

/* ---- the corpus's names (docs/corpus.md) --------------------------------- */

static int is_alnum(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
           (c >= 'A' && c <= 'Z');
}

int cq_text_valid_id(const char *s, size_t n)
{
    size_t i = 0;
    if (n == 0 || !is_alnum((unsigned char)s[0]))
        return 0;
    for (i = 1; i < n && s[i] != '@'; i++)
        if (!is_alnum((unsigned char)s[i]) && s[i] != '-' && s[i] != '_')
            return 0;
    if (i == n)
        return 1;
    if (++i == n) /* '@' with no edition */
        return 0;
    for (; i < n; i++)
        if (!is_alnum((unsigned char)s[i]))
            return 0;
    return 1;
}

int cq_text_valid_number(const char *s, size_t n)
{
    if (n == 0)
        return 0;
    int part = 0; /* bytes in the current part */
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '.') {
            if (part == 0)
                return 0;
            part = 0;
        } else if (is_alnum((unsigned char)s[i])) {
            part++;
        } else {
            return 0;
        }
    }
    return part > 0;
}
