/*
** fuzz_image.c -- libFuzzer harness for opening a damaged compiled image
** the ordinary way (structure checked, not every byte: docs/formats.md,
** "Trusting an image") and querying it with every statement of the golden
** tests.  An image may be wrong in any byte; what must hold is that no
** statement crashes, hangs, reads outside the image or leaks, and that
** every failure is a result code concord documents.
**
** The input is not an image but a list of damages done to a valid one
** (the built-in corpus saved as an image), so that libFuzzer's small
** mutations become plausible wrong images, not noise the header check
** refuses.  Each damage is 8 bytes:
**
**   byte 0      what (below, modulo 8)
**   byte 1      a section (modulo the image's sections)
**   bytes 2-3   an element of it (modulo its count), little-endian
**   byte 4      a 4-byte word of the element (modulo the words it has)
**   bytes 5-7   an argument a
**
**   0  the word becomes a (24 bits, sign extended: small and large values)
**   1  the word becomes a plausible id or offset: a modulo (the element
**      count of section a>>16, plus 2), so just past the end as often as
**      inside it
**   2  the word moves by a small step ((int8_t)a)
**   3  the word becomes 0xffffffff (CQ_NONE) or 0
**   4  byte (a modulo the image's size) is xor'd with (a>>16)|1
**   5  the image is cut short by a modulo its size
**   6  the section's table entry: count moved by (int8_t)a, or, when a's
**      bit 8 is set, offset moved by 8 * (int8_t)a
**   7  element e is copied over element e + 1 + a%7 (wrong, but well
**      formed field by field)
**
** The statements are every statement of the golden scripts,
** tests/golden/NAME.cq (found from the working folder, which `make` sets
** to the repository's root; $FZ_GOLDEN names another folder), each
** prepared and stepped on its own, so that one failing does not hide the
** next.  When the image opens, the full check (concord_check_image) runs
** on it too: a verdict, never a crash.
*/
#include <dirent.h>
#include <unistd.h>

#include "fuzz.h"

/* The valid image every input damages. */
static uint8_t *base_image;
static size_t base_size;

/* The golden scripts, read once. */
static char **scripts;
static int n_scripts;

/* The folder holding the damaged image (removed at exit). */
static char folder[64];
static char image_path[128];

static void remove_folder(void)
{
    unlink(image_path);
    rmdir(folder);
    free(base_image);
    for (int i = 0; i < n_scripts; i++)
        free(scripts[i]);
    free(scripts);
}

static char *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    FZ_CHECK(f != NULL, "cannot read %s", path);
    FZ_CHECK(fseek(f, 0, SEEK_END) == 0, "cannot seek %s", path);
    long n = ftell(f);
    FZ_CHECK(n >= 0 && fseek(f, 0, SEEK_SET) == 0, "cannot seek %s", path);
    char *data = malloc((size_t)n + 1);
    FZ_CHECK(data != NULL, "out of memory in the harness");
    FZ_CHECK(fread(data, 1, (size_t)n, f) == (size_t)n, "short read: %s", path);
    fclose(f);
    data[n] = '\0';
    if (size)
        *size = (size_t)n;
    return data;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every golden script (tests/golden/NAME.cq), in name order. */
static void read_scripts(void)
{
    const char *dir = getenv("FZ_GOLDEN");
    if (dir == NULL || *dir == '\0')
        dir = "tests/golden";
    DIR *d = opendir(dir);
    FZ_CHECK(d != NULL, "cannot read %s (run from the repository root)", dir);
    char *names[512];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < 512) {
        size_t len = strlen(e->d_name);
        if (len > 3 && strcmp(e->d_name + len - 3, ".cq") == 0) {
            names[n] = malloc(strlen(dir) + len + 2);
            FZ_CHECK(names[n] != NULL, "out of memory in the harness");
            sprintf(names[n], "%s/%s", dir, e->d_name);
            n++;
        }
    }
    closedir(d);
    FZ_CHECK(n > 0, "no golden scripts in %s", dir);
    qsort(names, (size_t)n, sizeof *names, by_name);
    scripts = malloc(sizeof *scripts * (size_t)n);
    FZ_CHECK(scripts != NULL, "out of memory in the harness");
    for (int i = 0; i < n; i++) {
        scripts[i] = read_file(names[i], NULL);
        free(names[i]);
    }
    n_scripts = n;
}

/* The built-in corpus, saved as an image and read back. */
static void make_base(void)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(folder, sizeof folder, "%.40s/cq-fuzz-XXXXXX",
             tmp && *tmp && strlen(tmp) <= 40 ? tmp : "/tmp");
    FZ_CHECK(mkdtemp(folder) != NULL, "cannot make a folder in %s", folder);
    snprintf(image_path, sizeof image_path, "%s/image", folder);
    concord_db *db = NULL;
    int rc = concord_open(&db);
    FZ_CHECK(rc == CONCORD_OK, "cannot open the built-in corpus");
    rc = concord_save_image(db, image_path);
    FZ_CHECK(rc == CONCORD_OK, "save_image: %s", concord_errmsg(db));
    concord_close(db);
    char *data = read_file(image_path, &base_size);
    base_image = (uint8_t *)data;
    atexit(remove_folder);
}

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static void put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/* The section table as the image's header lays it out (image.h): entries
** of u64 offset, u32 count, u32 element size from byte 32. */
typedef struct damaged {
    uint8_t *data;
    size_t size;
    int n_sections;
} damaged;

static uint8_t *entry(const damaged *im, int s)
{
    return im->data + 32 + 16 * (size_t)s;
}

/* Where word w of element e of section s is, or NULL when there is none
** inside the image (the section may have been moved or cut). */
static uint8_t *word_at(const damaged *im, int s, uint32_t e, uint32_t w)
{
    const uint8_t *t = entry(im, s);
    uint64_t offset = (uint64_t)get32(t) | (uint64_t)get32(t + 4) << 32;
    uint32_t count = get32(t + 8), esize = get32(t + 12);
    if (count == 0 || esize < 4 || esize > 64)
        return NULL;
    uint64_t at =
        offset + (uint64_t)(e % count) * esize + 4 * (w % (esize / 4));
    return at + 4 <= im->size ? im->data + at : NULL;
}

static void damage(damaged *im, const uint8_t *op)
{
    int what = op[0] % 8;
    int s = op[1] % im->n_sections;
    uint32_t e = (uint32_t)op[2] | (uint32_t)op[3] << 8;
    uint32_t w = op[4];
    uint32_t a = (uint32_t)op[5] | (uint32_t)op[6] << 8 | (uint32_t)op[7] << 16;
    uint8_t *p = what <= 3 ? word_at(im, s, e, w) : NULL;
    switch (what) {
    case 0:
        if (p)
            put32(p, a & 0x800000u ? a | 0xff000000u : a);
        break;
    case 1:
        if (p) {
            uint32_t n = get32(entry(im, (int)(op[7] % im->n_sections)) + 8);
            put32(p, a % (n + 2));
        }
        break;
    case 2:
        if (p)
            put32(p, get32(p) + (uint32_t)(int32_t)(int8_t)op[5]);
        break;
    case 3:
        if (p)
            put32(p, op[5] & 1 ? 0xffffffffu : 0);
        break;
    case 4:
        im->data[a % im->size] ^= (uint8_t)(op[7] | 1);
        break;
    case 5:
        im->size -= a % im->size;
        break;
    case 6: {
        uint8_t *t = entry(im, s);
        int32_t step = op[5] < 128 ? (int32_t)op[5] : (int32_t)op[5] - 256;
        if (op[6] & 1)
            put32(t, get32(t) + (uint32_t)(step * 8));
        else
            put32(t + 8, get32(t + 8) + (uint32_t)step);
        break;
    }
    default: {
        uint8_t *from = word_at(im, s, e, 0);
        uint32_t esize = get32(entry(im, s) + 12);
        uint8_t *to = word_at(im, s, e + 1 + a % 7, 0);
        if (from && to && from + esize <= im->data + im->size &&
            to + esize <= im->data + im->size)
            memmove(to, from, esize);
        break;
    }
    }
}

/* Every statement of every golden script on db: each must end in a
** documented code, whatever the image holds. */
static void run_scripts(concord_db *db, const fz_alloc *alloc)
{
    for (int i = 0; i < n_scripts; i++) {
        const char *p = scripts[i];
        while (*p) {
            concord_stmt *stmt = NULL;
            const char *tail = NULL;
            int rc = concord_prepare(db, p, -1, &stmt, &tail);
            FZ_CHECK(!fz_never(rc, alloc), "prepare gave %d: %s", rc,
                     concord_errmsg(db));
            if (rc == CONCORD_OK && stmt != NULL) {
                while ((rc = concord_step(stmt)) == CONCORD_ROW)
                    for (int c = 0; c < concord_column_count(stmt); c++)
                        (void)concord_column_text(stmt, c);
                FZ_CHECK(!fz_never(rc, alloc) && rc != CONCORD_MISUSE,
                         "step gave %d: %s", rc, concord_errmsg(db));
                concord_finalize(stmt);
            }
            if (tail == NULL || tail <= p)
                break; /* a statement that does not parse ends the script */
            p = tail;
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static fz_alloc alloc;
    static uint8_t *work;
    if (base_image == NULL) {
        make_base();
        read_scripts();
        work = malloc(base_size);
        FZ_CHECK(work != NULL, "out of memory in the harness");
    }
    if (base_image == NULL || work == NULL)
        return 0; /* make_base and the check above have said why */
    memcpy(work, base_image, base_size);
    damaged im = {work, base_size, (int)((get32(work + 12) - 32) / 16)};
    for (size_t i = 0; i + 8 <= size && i < 8 * 16; i += 8)
        damage(&im, data + i);
    fz_write_file(image_path, im.data, im.size);

    long before = alloc.live;
    concord_options options;
    concord_options_init(&options);
    options.alloc = fz_alloc_fn;
    options.alloc_ud = &alloc;
    options.image_path = image_path;
    concord_db *db = NULL;
    int rc = concord_open_v2(&db, &options);
    FZ_CHECK(rc == CONCORD_OK || rc == CONCORD_CORRUPT,
             "opening a damaged image gave %d: %s", rc, concord_errmsg(db));
    if (rc == CONCORD_OK) {
        run_scripts(db, &alloc);
        /* the full check of the same bytes: a verdict, never a crash */
        rc = concord_check_image(db, image_path);
        FZ_CHECK(rc == CONCORD_OK || rc == CONCORD_CORRUPT,
                 "check_image gave %d: %s", rc, concord_errmsg(db));
    }
    FZ_CHECK(concord_close(db) == CONCORD_OK, "close: %s", concord_errmsg(db));
    FZ_CHECK(alloc.live == before, "%ld blocks leaked", alloc.live - before);
    return 0;
}
