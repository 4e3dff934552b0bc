/*
** run.c -- executing script text: walk it statement by statement with
** concord_prepare_v2(), print each statement's result in the handle's
** current format, stop at the first failure and show it.
*/
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* concord_write_fn over the state's FILE.  The blank line that separates
** two statements' outputs is written with the first byte of the second, so
** a statement that fails before writing anything leaves no stray line. */
static int write_out(void *ctx, const char *data, size_t len)
{
    cq_cli_state *st = ctx;
    if (len == 0)
        return 0;
    if (st->sep_pending) {
        st->sep_pending = 0;
        if (fputc('\n', st->out) == EOF)
            goto fail;
    }
    st->wrote = 1;
    if (fwrite(data, 1, len, st->out) != len)
        goto fail;
    return 0;
fail:
    if (st->write_errno == 0)
        st->write_errno = errno ? errno : EIO;
    return 1;
}

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

/* Bind the --arg values to the statement's parameters of those names. */
static int bind_args(cq_cli_state *st, concord_stmt *stmt)
{
    for (int i = 0; i < st->nargs; i++) {
        int index = concord_bind_parameter_index(stmt, st->arg_names[i]);
        if (index > 0) {
            int rc = concord_bind_text(stmt, index, st->arg_values[i], -1);
            if (rc != CONCORD_OK)
                return rc;
        }
    }
    return CONCORD_OK;
}

int cq_cli_exec(cq_cli_state *st, concord_stmt *stmt)
{
    int rc = bind_args(st, stmt);
    if (rc != CONCORD_OK)
        return rc;
    if (concord_column_count(stmt) <= 0) {
        /* 'format', 'let', 'def', 'import', 'assert': run for effect. */
        while ((rc = concord_step(stmt)) == CONCORD_ROW)
            ;
        return rc;
    }
    /* Read the format now: an earlier 'format json;' may have changed it. */
    int format = concord_format(st->db);
    int json = format == CONCORD_FORMAT_JSON;
    /* One blank line between two outputs, except between two JSON arrays:
    ** a JSON run stays a plain sequence of arrays for tools to read. */
    st->sep_pending = st->printed && !(json && st->printed_json);
    st->wrote = 0;
    errno = 0;
    rc = concord_write_result(stmt, format, write_out, st);
    st->sep_pending = 0;
    if (st->wrote) {
        st->printed = 1;
        st->printed_json = json;
    }
    if (fflush(st->out) != 0 && st->write_errno == 0)
        st->write_errno = errno ? errno : EIO;
    if (st->write_errno != 0)
        return CQ_CLI_WRITE_ERROR;
    return rc;
}

void cq_cli_report_write_error(const cq_cli_state *st)
{
    fprintf(stderr, "concord: cannot write output: %s\n",
            strerror(st->write_errno ? st->write_errno : EIO));
}

int cq_cli_run_script(cq_cli_state *st, const char *name, const char *text,
                      size_t len)
{
    const char *p = text, *end = text + len;
    if (len > (size_t)0x7fffffff) {
        fflush(stdout);
        fprintf(stderr, "%s: the script is too large (2 GiB at most)\n", name);
        return CQ_CLI_EXIT_FAIL;
    }
    while (p < end) {
        concord_stmt *stmt = NULL;
        const char *tail = NULL;
        int rc =
            concord_prepare_v2(st->db, p, (int)(end - p), text, &stmt, &tail);
        if (rc != CONCORD_OK) {
            cq_cli_report(name, st->db, text, len);
            return CQ_CLI_EXIT_FAIL;
        }
        if (stmt == NULL) /* only blanks and comments were left */
            break;
        rc = cq_cli_exec(st, stmt);
        if (rc == CQ_CLI_WRITE_ERROR) {
            concord_finalize(stmt);
            cq_cli_report_write_error(st);
            return CQ_CLI_EXIT_FAIL;
        }
        if (rc == CONCORD_ASSERT) {
            /* a failed assert is reported and the script goes on: a file
            ** of asserts checks everything, then exits 1 */
            cq_cli_report(name, st->db, text, len);
            st->assert_failed = 1;
        } else if (rc != CONCORD_DONE) {
            /* The message lives until the next call on the handle: show
            ** it before finalizing. */
            cq_cli_report(name, st->db, text, len);
            concord_finalize(stmt);
            return CQ_CLI_EXIT_FAIL;
        }
        concord_finalize(stmt);
        if (tail == NULL || tail <= p || tail > end)
            break; /* no progress: never loop forever on a library slip */
        p = tail;
    }
    return st->assert_failed ? CQ_CLI_EXIT_FAIL : CQ_CLI_EXIT_OK;
}
