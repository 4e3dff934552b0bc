/*
** file.c -- opening files to read and choosing files to write; see file.h.
*/
#include "file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int cq_file_open_regular(const char *path, struct stat *st, int *why)
{
    /* O_NONBLOCK: opening a FIFO with no writer returns at once (then it
    ** is refused); a regular file reads the same either way */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        *why = errno;
        return -1;
    }
    if (fstat(fd, st) != 0) {
        *why = errno;
        close(fd);
        return -1;
    }
    if (!S_ISREG(st->st_mode)) {
        *why = S_ISDIR(st->st_mode) ? EISDIR : CQ_FILE_NOT_REGULAR;
        close(fd);
        return -1;
    }
    int flags = fcntl(fd, F_GETFL);
    if (flags == -1 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) == -1) {
        *why = errno;
        close(fd);
        return -1;
    }
    return fd;
}

int cq_file_replaceable(const char *path, int *why)
{
    struct stat st;
    if (lstat(path, &st) != 0) {
        if (errno == ENOENT)
            return 0; /* a new name */
        *why = errno;
        return -1;
    }
    if (S_ISREG(st.st_mode))
        return 0;
    *why = S_ISDIR(st.st_mode) ? EISDIR : CQ_FILE_NOT_REGULAR;
    return -1;
}

const char *cq_file_failed(int why)
{
    return why == EISDIR || why == CQ_FILE_NOT_REGULAR ? "cannot read"
                                                       : "cannot open";
}

const char *cq_file_why(int why, char *buf, size_t size)
{
    if (why == CQ_FILE_NOT_REGULAR)
        snprintf(buf, size, "not a regular file");
    else if (strerror_r(why, buf, size) != 0)
        snprintf(buf, size, "error %d", why);
    return buf;
}
