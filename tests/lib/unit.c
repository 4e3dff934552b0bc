/*
** unit.c -- the helpers the unit tests share (unit.h).  Public API and C
** library only, so every test binary can link it.
*/
#include "unit.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "concord.h"

const char *unit_data_dir(void)
{
    const char *d = getenv("CONCORD_TEST_DATA");
    return d && *d ? d : "tests/data";
}

concord_db *unit_open(const char *corpus_dir, const char *image_path)
{
    concord_options o;
    concord_options_init(&o);
    o.corpus_dir = corpus_dir;
    o.image_path = image_path;
    concord_db *db = NULL;
    if (concord_open_v2(&db, &o) != CONCORD_OK)
        fail_msg("open %s: %s", corpus_dir ? corpus_dir : image_path,
                 concord_errmsg(db));
    return db;
}

int unit_open_builtin(void **state)
{
    concord_db *db = NULL;
    if (concord_open(&db) != CONCORD_OK) {
        fprintf(stderr, "built-in corpus: %s\n", concord_errmsg(db));
        concord_close(db);
        return -1;
    }
    *state = db;
    return 0;
}

int unit_close_db(void **state)
{
    return concord_close(*state) == CONCORD_OK ? 0 : -1;
}

char *unit_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        fail_msg("cannot open %s", path);
    size_t cap = 1 << 16, n = 0, got;
    char *data = malloc(cap);
    assert_non_null(data);
    while ((got = fread(data + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (cap - n < 2) {
            data = realloc(data, cap *= 2);
            assert_non_null(data);
        }
    }
    fclose(f);
    data[n] = '\0';
    if (len != NULL)
        *len = n;
    return data;
}

char *unit_temp_dir(const char *what)
{
    const char *base = getenv("TMPDIR");
    char *dir = malloc(1024);
    assert_non_null(dir);
    snprintf(dir, 1024, "%s/concord-%s-XXXXXX", base && *base ? base : "/tmp",
             what);
    assert_non_null(mkdtemp(dir));
    return dir;
}

int unit_have_python(void)
{
    return system("python3 -c 'import json' >/dev/null 2>&1") == 0;
}
