/*
** formats.c -- the output formats by name and by number, for the public
** calls and the `format` statement alike.
**
** Apart from api.c so that the compiler, which checks a `format NAME`
** statement, reaches the list without calling up into the public calls.
*/
#include "concord.h"
#include "formats.h"

int concord_format_from_name(const char *name)
{
    if (name == NULL)
        return -1;
    for (int i = 0; i < CQ_N_FORMATS; i++) {
        const char *a = name, *b = cq_format_name(i);
        while (*a && *b &&
               (*a == *b || (*a >= 'A' && *a <= 'Z' && *a - 'A' + 'a' == *b)))
            a++, b++;
        if (*a == 0 && *b == 0)
            return i;
    }
    return -1;
}

const char *concord_format_name(int format)
{
    return cq_format_name(format);
}
