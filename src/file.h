/*
** file.h -- opening files to read and choosing files to write, safely.
**
** Every file the library reads (a corpus file, a layer, an image, an
** imported script) is opened here: without blocking on a FIFO that has no
** writer, and refused unless it is a regular file, so a device such as
** /dev/zero is never read to the end of memory.  Every file it replaces
** (an image) is checked here first: only a regular file, or a new name, is
** ever renamed over -- never a device, a FIFO, a folder or a symbolic link.
*/
#ifndef CQ_FILE_H
#define CQ_FILE_H

#include <stddef.h>
#include <sys/stat.h>

/* Not an errno value: the path is there but is no regular file. */
#define CQ_FILE_NOT_REGULAR (-1)

/*
** Open path to read (blocking reads, close-on-exec) when it is a regular
** file; *st is its status.  Returns the descriptor, or -1 with *why set to
** an errno value (EISDIR for a folder) or CQ_FILE_NOT_REGULAR.
*/
int cq_file_open_regular(const char *path, struct stat *st, int *why);

/*
** May path be replaced by a new file: it does not exist, or it is a
** regular file (not a symbolic link to one)?  Returns 0, or -1 with *why
** set to an errno value or CQ_FILE_NOT_REGULAR.
*/
int cq_file_replaceable(const char *path, int *why);

/* What failed, for a message: "cannot read" when the file is there but is
** no regular file, else "cannot open". */
const char *cq_file_failed(int why);

/* Why, in words: strerror_r's text, or "not a regular file", in buf. */
const char *cq_file_why(int why, char *buf, size_t size);

#endif
