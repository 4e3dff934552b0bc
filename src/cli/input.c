/*
** input.c -- a script's text read whole: opening a file that may be a FIFO
** without blocking, and reading a file, a pipe or a device up to its limit.
**
** Apart from run.c because main.c, the REPL's .read (dot.c) and run.c all
** read scripts, and dot.c must not call up into run.c, which runs the
** dot-commands of a script.
*/
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

FILE *cq_cli_open_script(const char *path)
{
    /* O_NONBLOCK: a FIFO with no writer opens at once (and then reads as
    ** empty) instead of blocking the program forever */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    int flags = fcntl(fd, F_GETFL);
    FILE *f = NULL;
    if (flags != -1 && fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != -1)
        f = fdopen(fd, "rb");
    if (f == NULL) {
        int e = errno;
        close(fd);
        errno = e;
    }
    return f;
}

int cq_cli_read_all(FILE *f, char **text, size_t *len)
{
    /* a regular file is read whole; anything else (a pipe, a device such
    ** as /dev/zero) only up to CQ_CLI_STREAM_MAX bytes */
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode))
        return EISDIR;
    int regular = fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode);
    size_t most = regular ? (size_t)0x7fffffff : CQ_CLI_STREAM_MAX;
    size_t cap = 8192, n = 0;
    char *buf = malloc(cap);
    if (buf == NULL)
        return ENOMEM;
    for (;;) {
        if (cap - n < 4096) {
            if (cap > ((size_t)-1) / 4) {
                free(buf);
                return EFBIG;
            }
            char *bigger = realloc(buf, cap * 2);
            if (bigger == NULL) {
                free(buf);
                return ENOMEM;
            }
            buf = bigger;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (n > most) {
            free(buf);
            return EFBIG;
        }
        if (got == 0) {
            if (ferror(f)) {
                int e = errno ? errno : EIO;
                free(buf);
                return e;
            }
            break;
        }
    }
    buf[n] = '\0';
    *text = buf;
    *len = n;
    return 0;
}
