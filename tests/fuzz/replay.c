/*
** replay.c -- runs a fuzz harness without libFuzzer: every file named on
** the command line (or found in a folder named there) is fed once to
** LLVMFuzzerTestOneInput().  `make test` links each harness with this file
** and the ordinary compiler to replay tests/fuzz/regress/ (every input
** that ever broke concord) and the seed corpora, in the spirit of
** SQLite's fuzzcheck.
**
**   replay_HARNESS PATH...
**
** Exit status: 0 when every input ran; a failing input aborts the program
** after its name has been written to stderr.
*/
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input running now, named by the signal handler if it crashes. */
static char current[4096];

/* Write s to stderr with write(2) alone: safe in a signal handler. */
static void say(const char *s)
{
    size_t n = strlen(s);
    while (n > 0) {
        ssize_t w = write(2, s, n);
        if (w <= 0)
            return;
        s += w;
        n -= (size_t)w;
    }
}

static void on_crash(int sig)
{
    say("replay: crashed on ");
    say(current);
    say("\n");
    signal(sig, SIG_DFL);
    raise(sig);
}

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "replay: cannot open %s: %s\n", path, strerror(errno));
        return 1;
    }
    size_t cap = 4096, n = 0, got;
    uint8_t *data = malloc(cap);
    while (data != NULL && (got = fread(data + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            uint8_t *bigger = realloc(data, cap *= 2);
            if (bigger == NULL)
                free(data);
            data = bigger;
        }
    }
    int bad = ferror(f);
    fclose(f);
    if (data == NULL || bad) {
        fprintf(stderr, "replay: cannot read %s\n", path);
        free(data);
        return 1;
    }
    snprintf(current, sizeof current, "%s", path);
    LLVMFuzzerTestOneInput(data, n);
    free(data);
    return 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Run path, or every regular file below it in name order; count them. */
static int run_path(const char *path, int *count)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
        return 1;
    }
    if (!S_ISDIR(st.st_mode)) {
        ++*count;
        return run_file(path);
    }
    DIR *d = opendir(path);
    if (d == NULL) {
        fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
        return 1;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    int fail = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue; /* ".", "..", and hidden files such as .gitkeep */
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **more = realloc(names, cap * sizeof *names);
            if (more == NULL) {
                fail = 1;
                break;
            }
            names = more;
        }
        size_t len = strlen(path) + strlen(e->d_name) + 2;
        if ((names[n] = malloc(len)) == NULL) {
            fail = 1;
            break;
        }
        snprintf(names[n++], len, "%s/%s", path, e->d_name);
    }
    closedir(d);
    if (n > 0)
        qsort(names, n, sizeof *names, by_name);
    for (size_t i = 0; i < n; i++) {
        if (!fail)
            fail = run_path(names[i], count);
        free(names[i]);
    }
    free(names);
    if (fail)
        fprintf(stderr, "replay: %s: could not read it all\n", path);
    return fail;
}

int main(int argc, char **argv)
{
    signal(SIGSEGV, on_crash);
    signal(SIGBUS, on_crash);
    signal(SIGFPE, on_crash);
    signal(SIGILL, on_crash);
    signal(SIGABRT, on_crash);
    int count = 0, fail = 0;
    for (int i = 1; i < argc && !fail; i++)
        fail = run_path(argv[i], &count);
    if (fail)
        return 1;
    printf("%s: replayed %d inputs\n", argc > 0 ? argv[0] : "replay", count);
    return 0;
}
