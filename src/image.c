/*
** image.c -- writing a graph as a binary image, and opening an image in
** place after checking all of it; the format is described in image.h.
**
** Opening never trusts a byte it has not checked: the header fields one by
** one, then the checksum, then the section table, then every id, offset
** and range the readers of graph.h will follow.  The checks run in an
** order such that each reads only what earlier ones have vouched for, so a
** hostile image cannot make the checker itself read out of bounds or loop.
*/
#define _DEFAULT_SOURCE 1 /* MAP_POPULATE, where the system has it */
#include "image.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define FIXED_HEADER 32 /* the fields before the section table */

_Static_assert(CQ_SEC_COUNT == CQ_IMAGE_SECTIONS,
               "image.h counts the sections");
_Static_assert(CQ_IMAGE_HEADER_SIZE % 8 == 0, "sections start 8-aligned");

static const struct {
    const char *name;
    uint32_t size; /* bytes per element */
} section_info[CQ_SEC_COUNT] = {
    {"strings", 1},
    {"standards", sizeof(cq_standard)},
    {"clauses", sizeof(cq_clause)},
    {"edges", sizeof(cq_edge)},
    {"out_start", sizeof(uint32_t)},
    {"in_start", sizeof(uint32_t)},
    {"in_edges", sizeof(cq_id)},
    {"terms", sizeof(cq_term)},
    {"links", sizeof(cq_term_link)},
    {"link_out_start", sizeof(uint32_t)},
    {"link_in_start", sizeof(uint32_t)},
    {"link_in", sizeof(cq_id)},
    {"annexes", sizeof(cq_str)},
    {"clause_hash", sizeof(cq_id)},
    {"term_hash", sizeof(cq_id)},
    {"pairs", sizeof(cq_pair)},
    {"pair_start", sizeof(uint32_t)},
    {"pair_clauses", sizeof(cq_id)},
    {"layers", sizeof(cq_str)},
};

typedef struct section {
    uint64_t offset; /* from the start of the image */
    uint32_t count;  /* elements */
    uint32_t size;   /* bytes per element */
} section;

/* The structs are stored as the host lays them out, which is the format's
** only on a little-endian host.  (A test the compiler folds away.) */
static int host_is_little_endian(void)
{
    const uint32_t one = 1;
    unsigned char first;
    memcpy(&first, &one, 1);
    return first == 1;
}

static void put32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static void put64(unsigned char *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static uint32_t get32(const unsigned char *p)
{
    uint32_t v = 0;
    for (int i = 3; i >= 0; i--)
        v = (v << 8) | p[i];
    return v;
}

static uint64_t get64(const unsigned char *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = (v << 8) | p[i];
    return v;
}

/*
** The checksum reads 8-byte words into four independent lanes, so that it
** runs at memory speed instead of a multiply per byte (FNV-1a, up to version 3,
** read about a byte a nanosecond: most of the cost of opening).  Each lane
** step is a bijection of the word and of the lane, so a change confined to
** one word always changes the sum; the lanes are then folded and mixed.
*/
#define SUM_P1 0x9e3779b185ebca87u
#define SUM_P2 0xc2b2ae3d27d4eb4fu
#define SUM_P3 0x165667b19e3779f9u

static inline uint64_t sum_rotl(uint64_t x, int r)
{
    return (x << r) | (x >> (64 - r));
}

static inline uint64_t sum_round(uint64_t lane, uint64_t word)
{
    return sum_rotl(lane + word * SUM_P2, 31) * SUM_P1;
}

static inline uint64_t sum_word(const unsigned char *p)
{
    uint64_t w;
    memcpy(&w, p, 8); /* little-endian hosts only (see host_is_little_endian) */
    return w;
}

/* The checksum taken in pieces (the writer emits an image piecewise):
** whole 32-byte stripes go through the lanes, a partial one waits. */
typedef struct checksum {
    uint64_t v[4];
    unsigned char stripe[32];
    size_t held; /* bytes waiting in stripe */
    uint64_t len;
} checksum;

static void checksum_init(checksum *k, uint64_t seed)
{
    k->v[0] = seed + SUM_P1;
    k->v[1] = seed + SUM_P2;
    k->v[2] = seed;
    k->v[3] = seed - SUM_P1;
    k->held = 0;
    k->len = 0;
}

static void checksum_stripes(checksum *k, const unsigned char *p, size_t n)
{
    uint64_t v0 = k->v[0], v1 = k->v[1], v2 = k->v[2], v3 = k->v[3];
    for (const unsigned char *end = p + n; p < end; p += 32) {
        v0 = sum_round(v0, sum_word(p));
        v1 = sum_round(v1, sum_word(p + 8));
        v2 = sum_round(v2, sum_word(p + 16));
        v3 = sum_round(v3, sum_word(p + 24));
    }
    k->v[0] = v0, k->v[1] = v1, k->v[2] = v2, k->v[3] = v3;
}

static void checksum_add(checksum *k, const void *data, size_t len)
{
    const unsigned char *p = data;
    k->len += len;
    if (k->held) {
        size_t take = 32 - k->held < len ? 32 - k->held : len;
        memcpy(k->stripe + k->held, p, take);
        k->held += take;
        p += take;
        len -= take;
        if (k->held < 32)
            return;
        checksum_stripes(k, k->stripe, 32);
        k->held = 0;
    }
    size_t whole = len & ~(size_t)31;
    checksum_stripes(k, p, whole);
    memcpy(k->stripe, p + whole, len - whole);
    k->held = len - whole;
}

static uint64_t checksum_end(checksum *k)
{
    size_t i = 0;
    for (; i + 8 <= k->held; i += 8)
        k->v[0] = sum_round(k->v[0], sum_word(k->stripe + i));
    if (i < k->held) {
        unsigned char last[8] = {0};
        memcpy(last, k->stripe + i, k->held - i);
        k->v[1] = sum_round(k->v[1], sum_word(last));
    }
    uint64_t x = sum_rotl(k->v[0], 1) + sum_rotl(k->v[1], 7) +
                 sum_rotl(k->v[2], 12) + sum_rotl(k->v[3], 18) + k->len;
    x ^= x >> 33;
    x *= SUM_P2;
    x ^= x >> 29;
    x *= SUM_P3;
    x ^= x >> 32;
    return x;
}

uint64_t cq_image_checksum(uint64_t seed, const void *data, size_t len)
{
    checksum k;
    checksum_init(&k, seed);
    checksum_add(&k, data, len);
    return checksum_end(&k);
}

/* "name: what: strerror(errnum)" as CONCORD_IOERR. */
static int io_error(cq_error *err, const char *name, const char *what,
                    int errnum)
{
    char text[128];
    if (strerror_r(errnum, text, sizeof text) != 0)
        snprintf(text, sizeof text, "error %d", errnum);
    return cq_error_set(err, CONCORD_IOERR, NULL, "%s: %s: %s", name, what,
                        text);
}

static int big_endian_host(cq_error *err, const char *name)
{
    return cq_error_set(err, CONCORD_CORRUPT, NULL,
                        "%s: concord images are little-endian and this host "
                        "is big-endian; load the corpus folder instead",
                        name);
}

/* ---- writing ------------------------------------------------------------ */

/* Where each section's bytes are and where they go. */
typedef struct layout {
    const void *data[CQ_SEC_COUNT];
    section sec[CQ_SEC_COUNT];
    uint64_t file_size;
} layout;

static void plan(const cq_graph *g, layout *l)
{
    const void *data[CQ_SEC_COUNT] = {
        g->strings,    g->standards,      g->clauses,       g->edges,
        g->out_start,  g->in_start,       g->in_edges,      g->terms,
        g->links,      g->link_out_start, g->link_in_start, g->link_in,
        g->annexes,    g->clause_hash,    g->term_hash,     g->pairs,
        g->pair_start, g->pair_clauses,   g->layers,
    };
    uint32_t count[CQ_SEC_COUNT] = {
        g->strings_size,
        g->n_standards,
        g->n_clauses,
        g->n_edges,
        g->out_start ? g->n_clauses + 1 : 0,
        g->in_start ? g->n_clauses + 1 : 0,
        g->in_start ? g->in_start[g->n_clauses] : 0,
        g->n_terms,
        g->n_links,
        g->link_out_start ? g->n_terms + 1 : 0,
        g->link_in_start ? g->n_terms + 1 : 0,
        g->link_in_start ? g->link_in_start[g->n_terms] : 0,
        g->n_annexes,
        g->clause_hash ? g->clause_hash_mask + 1 : 0,
        g->term_hash ? g->term_hash_mask + 1 : 0,
        g->n_pairs,
        g->pair_start ? g->n_standards + 1 : 0,
        g->n_pair_clauses,
        g->n_layers,
    };
    uint64_t at = CQ_IMAGE_HEADER_SIZE;
    for (int i = 0; i < CQ_SEC_COUNT; i++) {
        l->data[i] = data[i];
        l->sec[i].offset = at;
        l->sec[i].count = count[i];
        l->sec[i].size = section_info[i].size;
        at += (uint64_t)count[i] * section_info[i].size;
        at = (at + 7) & ~(uint64_t)7;
    }
    l->file_size = at;
}

/* The image's bytes go either into the checksum (write NULL) or out. */
typedef struct sink {
    concord_write_fn write;
    void *ctx;
    checksum sum; /* write NULL: the bytes go into the checksum */
    int failed;
} sink;

static void emit(sink *s, const void *data, size_t len)
{
    if (len == 0 || s->failed)
        return;
    if (s->write == NULL)
        checksum_add(&s->sum, data, len);
    else if (s->write(s->ctx, data, len) != 0)
        s->failed = 1;
}

/* Everything after the fixed header: what the checksum covers. */
static void emit_body(sink *s, const layout *l)
{
    static const unsigned char zeros[8];
    unsigned char table[16 * CQ_SEC_COUNT];
    for (int i = 0; i < CQ_SEC_COUNT; i++) {
        put64(table + 16 * i, l->sec[i].offset);
        put32(table + 16 * i + 8, l->sec[i].count);
        put32(table + 16 * i + 12, l->sec[i].size);
    }
    emit(s, table, sizeof table);
    for (int i = 0; i < CQ_SEC_COUNT; i++) {
        size_t n = (size_t)l->sec[i].count * l->sec[i].size;
        emit(s, l->data[i], n);
        emit(s, zeros, (8 - n % 8) % 8);
    }
}

int cq_image_write(const cq_graph *g, concord_write_fn write, void *ctx,
                   cq_error *err)
{
    if (!host_is_little_endian())
        return big_endian_host(err, "image");
    layout l;
    plan(g, &l);
    sink check = {.write = NULL};
    checksum_init(&check.sum, CQ_IMAGE_CHECKSUM_SEED);
    emit_body(&check, &l);

    unsigned char head[FIXED_HEADER];
    memcpy(head, CQ_IMAGE_MAGIC, 8);
    put32(head + 8, CQ_IMAGE_VERSION);
    put32(head + 12, CQ_IMAGE_HEADER_SIZE);
    put64(head + 16, l.file_size);
    put64(head + 24, checksum_end(&check.sum));
    sink out = {.write = write, .ctx = ctx};
    emit(&out, head, sizeof head);
    emit_body(&out, &l);
    if (out.failed)
        return cq_error_set(err, CONCORD_IOERR, NULL,
                            "writing the image failed");
    return CONCORD_OK;
}

/* A file being written at increasing offsets. */
typedef struct file_sink {
    int fd;
    off_t at;
    int errnum; /* the first failure's errno */
} file_sink;

/*
** The image goes out through pwrite on a descriptor the library opened
** itself, for the one file the caller named.  (The library prints nothing:
** tests/lib/symbols.sh guards that by refusing write and fwrite imports,
** and saving an image is the only place the library writes at all.)
*/
static int file_write(void *ctx, const char *data, size_t len)
{
    file_sink *f = ctx;
    while (len > 0) {
        ssize_t n = pwrite(f->fd, data, len, f->at);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            f->errnum = n < 0 ? errno : EIO;
            return 1;
        }
        data += n;
        len -= (size_t)n;
        f->at += n;
    }
    return 0;
}

int cq_image_save(const cq_graph *g, const char *path,
                  const cq_allocator *alloc, cq_error *err)
{
    if (!host_is_little_endian())
        return big_endian_host(err, path);
    /* A new file beside the target (rename does not cross file systems),
    ** named by process and attempt so concurrent saves do not collide. */
    size_t cap = strlen(path) + 48;
    char *tmp = cq_malloc(alloc, cap);
    if (tmp == NULL)
        return cq_error_nomem(err);
    int fd = -1;
    for (unsigned attempt = 0; attempt < 100 && fd < 0; attempt++) {
        snprintf(tmp, cap, "%s.tmp-%ld-%u", path, (long)getpid(), attempt);
        fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0 && errno != EEXIST)
            break;
    }
    int rc;
    if (fd < 0) {
        rc = io_error(err, path, "cannot write image", errno);
        cq_free(alloc, tmp, cap);
        return rc;
    }
    file_sink fs = {fd, 0, 0};
    rc = cq_image_write(g, file_write, &fs, err);
    if (rc == CONCORD_IOERR)
        rc = io_error(err, path, "cannot write image",
                      fs.errnum ? fs.errnum : EIO);
    /* The bytes reach the disk before the name does, so a crash leaves the
    ** old image or the new one, never a mix. */
    if (rc == CONCORD_OK && fsync(fd) != 0)
        rc = io_error(err, path, "cannot write image", errno);
    if (close(fd) != 0 && rc == CONCORD_OK)
        rc = io_error(err, path, "cannot write image", errno);
    if (rc == CONCORD_OK && rename(tmp, path) != 0)
        rc = io_error(err, path, "cannot write image", errno);
    if (rc != CONCORD_OK)
        unlink(tmp);
    cq_free(alloc, tmp, cap);
    return rc;
}

#ifdef MAP_POPULATE
#define MAP_EAGER MAP_POPULATE
#else
#define MAP_EAGER 0
#endif

/* ---- checking ----------------------------------------------------------- */

typedef struct checker {
    const char *name; /* of the image, for messages */
    unsigned flags;   /* CQ_IMAGE_BUILTIN or 0 */
    cq_error *err;
    const unsigned char *base;
    size_t len;
    section sec[CQ_SEC_COUNT];
    cq_graph view; /* arrays point into base once the table is checked */
    const cq_allocator *alloc; /* the checks' scratch */
    cq_id *in_from_std;        /* per in_edges entry: its edge's source standard
                                  (made by check_in_edges for check_pairs) */
    size_t n_in_from_std;
} checker;

/* "name: message" as CONCORD_CORRUPT.  The message is formatted apart so
** that a long file name cannot cut the problem short. */
__attribute__((format(printf, 2, 3))) static int refuse(checker *c,
                                                        const char *fmt, ...)
{
    char text[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    return cq_error_set(c->err, CONCORD_CORRUPT, NULL, "%s: %s", c->name, text);
}

/* A problem found after the checksum matched: the image was made wrong
** (or on purpose), not damaged on the way. */
__attribute__((format(printf, 2, 3))) static int invalid(checker *c,
                                                         const char *fmt, ...)
{
    char text[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    return cq_error_set(c->err, CONCORD_CORRUPT, NULL, "%s: invalid image: %s",
                        c->name, text);
}

static int check_header(checker *c)
{
    const unsigned char *p = c->base;
    size_t len = c->len;
    if (memcmp(p, CQ_IMAGE_MAGIC, len < 8 ? len : 8) != 0)
        return refuse(c, "not a concord image (it does not start with %s)",
                      CQ_IMAGE_MAGIC);
    if (len < 16)
        return refuse(c,
                      "truncated image: %zu bytes, less than the %u-byte "
                      "header",
                      len, (unsigned)CQ_IMAGE_HEADER_SIZE);
    uint32_t version = get32(p + 8);
    if (version != CQ_IMAGE_VERSION)
        return refuse(c,
                      "image format version %u; this concord reads version "
                      "%u (compile the image again with this concord)",
                      (unsigned)version, (unsigned)CQ_IMAGE_VERSION);
    if (len < FIXED_HEADER)
        return refuse(c,
                      "truncated image: %zu bytes, less than the %u-byte "
                      "header",
                      len, (unsigned)CQ_IMAGE_HEADER_SIZE);
    uint32_t header = get32(p + 12);
    if (header != CQ_IMAGE_HEADER_SIZE)
        return refuse(c,
                      "damaged header: header size %u, but version %u's "
                      "is %u",
                      (unsigned)header, (unsigned)CQ_IMAGE_VERSION,
                      (unsigned)CQ_IMAGE_HEADER_SIZE);
    uint64_t size = get64(p + 16);
    if (size > len)
        return refuse(c, "truncated image: %zu of %llu bytes", len,
                      (unsigned long long)size);
    if (size < len)
        return refuse(c,
                      "image size mismatch: %zu bytes, but its header says "
                      "%llu",
                      len, (unsigned long long)size);
    if (len < CQ_IMAGE_HEADER_SIZE)
        return refuse(c,
                      "truncated image: %zu bytes, less than the %u-byte "
                      "header",
                      len, (unsigned)CQ_IMAGE_HEADER_SIZE);
    if (c->flags & CQ_IMAGE_BUILTIN)
        return CONCORD_OK;
    uint64_t sum = cq_image_checksum(CQ_IMAGE_CHECKSUM_SEED, p + FIXED_HEADER,
                                     len - FIXED_HEADER);
    if (sum != get64(p + 24))
        return refuse(c, "checksum mismatch: the image is damaged");
    return CONCORD_OK;
}

/* Read the section table: element sizes this build's, every section 8-byte
** aligned, inside the file, after the header and after the one before. */
static int check_table(checker *c)
{
    uint64_t prev_end = CQ_IMAGE_HEADER_SIZE;
    for (int i = 0; i < CQ_SEC_COUNT; i++) {
        const unsigned char *e = c->base + FIXED_HEADER + 16 * i;
        section *s = &c->sec[i];
        s->offset = get64(e);
        s->count = get32(e + 8);
        s->size = get32(e + 12);
        const char *name = section_info[i].name;
        if (s->size != section_info[i].size)
            return invalid(c,
                           "section %s has %u-byte elements; this "
                           "concord's are %u bytes",
                           name, (unsigned)s->size,
                           (unsigned)section_info[i].size);
        if (s->offset % 8 != 0)
            return invalid(c, "section %s at offset %llu is not 8-byte aligned",
                           name, (unsigned long long)s->offset);
        uint64_t bytes = (uint64_t)s->count * s->size;
        if (s->offset < prev_end || s->offset > c->len ||
            bytes > c->len - s->offset)
            return invalid(c,
                           "section %s (%llu bytes at offset %llu) is not "
                           "inside the image after the section before it",
                           name, (unsigned long long)bytes,
                           (unsigned long long)s->offset);
        prev_end = s->offset + bytes;
    }
    return CONCORD_OK;
}

static const void *section_data(const checker *c, int i)
{
    return c->base + c->sec[i].offset;
}

/* Section i holds want elements. */
static int check_count(checker *c, int i, uint64_t want, const char *why)
{
    if (c->sec[i].count != want)
        return invalid(c, "section %s has %u entries; %s need %llu",
                       section_info[i].name, (unsigned)c->sec[i].count, why,
                       (unsigned long long)want);
    return CONCORD_OK;
}

/* A hash table's size: a power of two, at least 2 (see graph.h). */
static int check_hash_size(checker *c, int i)
{
    uint32_t n = c->sec[i].count;
    if (n < 2 || (n & (n - 1)) != 0)
        return invalid(c, "section %s has %u slots, not a power of two",
                       section_info[i].name, (unsigned)n);
    return CONCORD_OK;
}

/* Counts agree with each other; then the view's arrays and counts are set
** (nothing in them is trusted yet beyond their extent). */
static int check_counts(checker *c)
{
    const section *s = c->sec;
    uint32_t n_clauses = s[CQ_SEC_CLAUSES].count,
             n_terms = s[CQ_SEC_TERMS].count;
    int rc;
    if (s[CQ_SEC_STRINGS].count == 0)
        return invalid(c, "the string table is empty");
    if ((rc = check_count(c, CQ_SEC_OUT_START, (uint64_t)n_clauses + 1,
                          "the clauses")) != CONCORD_OK ||
        (rc = check_count(c, CQ_SEC_IN_START, (uint64_t)n_clauses + 1,
                          "the clauses")) != CONCORD_OK ||
        (rc = check_count(c, CQ_SEC_LINK_OUT_START, (uint64_t)n_terms + 1,
                          "the terms")) != CONCORD_OK ||
        (rc = check_count(c, CQ_SEC_LINK_IN_START, (uint64_t)n_terms + 1,
                          "the terms")) != CONCORD_OK ||
        (rc = check_hash_size(c, CQ_SEC_CLAUSE_HASH)) != CONCORD_OK ||
        (rc = check_hash_size(c, CQ_SEC_TERM_HASH)) != CONCORD_OK ||
        (rc = check_count(c, CQ_SEC_PAIR_START,
                          (uint64_t)s[CQ_SEC_STANDARDS].count + 1,
                          "the standards")) != CONCORD_OK)
        return rc;

    /* The image is read only; the graph's arrays are not const because the
    ** builder fills them, but no reader writes through them. */
    cq_graph *g = &c->view;
    g->strings = section_data(c, CQ_SEC_STRINGS);
    g->strings_size = s[CQ_SEC_STRINGS].count;
    g->standards = (cq_standard *)section_data(c, CQ_SEC_STANDARDS);
    g->n_standards = s[CQ_SEC_STANDARDS].count;
    g->clauses = (cq_clause *)section_data(c, CQ_SEC_CLAUSES);
    g->n_clauses = n_clauses;
    g->edges = (cq_edge *)section_data(c, CQ_SEC_EDGES);
    g->n_edges = s[CQ_SEC_EDGES].count;
    g->out_start = (uint32_t *)section_data(c, CQ_SEC_OUT_START);
    g->in_start = (uint32_t *)section_data(c, CQ_SEC_IN_START);
    g->in_edges = (cq_id *)section_data(c, CQ_SEC_IN_EDGES);
    g->terms = (cq_term *)section_data(c, CQ_SEC_TERMS);
    g->n_terms = n_terms;
    g->links = (cq_term_link *)section_data(c, CQ_SEC_LINKS);
    g->n_links = s[CQ_SEC_LINKS].count;
    g->link_out_start = (uint32_t *)section_data(c, CQ_SEC_LINK_OUT_START);
    g->link_in_start = (uint32_t *)section_data(c, CQ_SEC_LINK_IN_START);
    g->link_in = (cq_id *)section_data(c, CQ_SEC_LINK_IN);
    g->annexes = (cq_str *)section_data(c, CQ_SEC_ANNEXES);
    g->n_annexes = s[CQ_SEC_ANNEXES].count;
    g->clause_hash = (cq_id *)section_data(c, CQ_SEC_CLAUSE_HASH);
    g->clause_hash_mask = s[CQ_SEC_CLAUSE_HASH].count - 1;
    g->term_hash = (cq_id *)section_data(c, CQ_SEC_TERM_HASH);
    g->term_hash_mask = s[CQ_SEC_TERM_HASH].count - 1;
    g->pairs = (cq_pair *)section_data(c, CQ_SEC_PAIRS);
    g->n_pairs = s[CQ_SEC_PAIRS].count;
    g->pair_start = (uint32_t *)section_data(c, CQ_SEC_PAIR_START);
    g->pair_clauses = (cq_id *)section_data(c, CQ_SEC_PAIR_CLAUSES);
    g->n_pair_clauses = s[CQ_SEC_PAIR_CLAUSES].count;
    g->layers = (cq_str *)section_data(c, CQ_SEC_LAYERS);
    g->n_layers = s[CQ_SEC_LAYERS].count;
    return CONCORD_OK;
}

/*
** The pairs of standards are exactly what the edges make (graph.h): each
** standard's pairs in increasing order of the other standard, their lists
** back to back from 0; then one walk over every clause's correlations, in
** clause order, expects each clause next in the list of each standard it
** correlates with, and every list used up at the end of its standard.  The
** walk reads the edges in order (the source standard of each in_edges entry
** comes from check_in_edges), so it costs a pass, not a rebuild.
*/
static int pairs_mismatch(checker *c)
{
    return invalid(c, "the pairs of standards do not match the edges");
}

static int check_pairs(checker *c)
{
    const cq_graph *g = &c->view;
    uint32_t ns = g->n_standards;
    if (g->pair_start[0] != 0 || g->pair_start[ns] != g->n_pairs)
        return pairs_mismatch(c);
    for (uint32_t s = 0; s < ns; s++)
        if (g->pair_start[s] > g->pair_start[s + 1])
            return pairs_mismatch(c);
    /* per other standard: its pair with the standard walked (CQ_NONE: none),
    ** the next list entry expected, and the last clause counted */
    cq_id *pair_of = cq_malloc(c->alloc, 3 * sizeof(cq_id) * ((size_t)ns + 1));
    if (pair_of == NULL)
        return cq_error_nomem(c->err);
    cq_id *next = pair_of + ns + 1, *last = next + ns + 1;
    for (uint32_t b = 0; b < ns; b++)
        pair_of[b] = last[b] = CQ_NONE;
    int ok = 1;
    uint32_t entry = 0;
    for (uint32_t s = 0; ok && s < ns; s++) {
        uint32_t p0 = g->pair_start[s], p1 = g->pair_start[s + 1];
        for (uint32_t p = p0; ok && p < p1; p++) {
            const cq_pair *pr = &g->pairs[p];
            ok = pr->standard == s && pr->other < ns &&
                 (p == p0 || pr->other > g->pairs[p - 1].other) &&
                 pr->first == entry && pr->end > pr->first &&
                 pr->end <= g->n_pair_clauses;
            if (ok) {
                pair_of[pr->other] = p;
                next[pr->other] = pr->first;
                entry = pr->end;
            }
        }
        const cq_standard *std = &g->standards[s];
        for (cq_id cl = std->first_clause; ok && cl < std->end_clause; cl++) {
#define EXPECT(b)                                                              \
    do {                                                                       \
        cq_id b_ = (b);                                                        \
        if (last[b_] != cl) {                                                  \
            last[b_] = cl;                                                     \
            if (pair_of[b_] == CQ_NONE ||                                      \
                next[b_] >= g->pairs[pair_of[b_]].end ||                       \
                g->pair_clauses[next[b_]] != cl)                               \
                ok = 0;                                                        \
            else                                                               \
                next[b_]++;                                                    \
        }                                                                      \
    } while (0)
            for (uint32_t e = g->out_start[cl]; e < g->out_start[cl + 1]; e++)
                if (g->edges[e].to != CQ_NONE)
                    EXPECT(g->edges[e].to_standard);
            for (uint32_t k = g->in_start[cl]; k < g->in_start[cl + 1]; k++)
                EXPECT(c->in_from_std[k]);
#undef EXPECT
        }
        for (uint32_t p = p0; ok && p < p1; p++) {
            ok = next[g->pairs[p].other] == g->pairs[p].end;
            pair_of[g->pairs[p].other] = CQ_NONE;
        }
    }
    ok = ok && entry == g->n_pair_clauses;
    cq_free(c->alloc, pair_of, 3 * sizeof(cq_id) * ((size_t)ns + 1));
    return ok ? CONCORD_OK : pairs_mismatch(c);
}

/* Offset 0 is "" and the table ends with a NUL, so every offset inside it
** starts a NUL-terminated string. */
static int check_strings(checker *c)
{
    const cq_graph *g = &c->view;
    if (g->strings[0] != '\0' || g->strings[g->strings_size - 1] != '\0')
        return invalid(c, "the string table does not start and end with NUL");
    return CONCORD_OK;
}

/* The cq_str fields of each element type, checked in one pass before
** anything reads a string. */
static const struct {
    const char *what; /* an element, for messages */
    int section;
    int n_fields;
    size_t offset[4];
    const char *name[4];
} string_fields[] = {
    {"standard",
     CQ_SEC_STANDARDS,
     4,
     {offsetof(cq_standard, id), offsetof(cq_standard, title),
      offsetof(cq_standard, role), offsetof(cq_standard, notes)},
     {"id", "title", "role", "notes"}},
    {"clause",
     CQ_SEC_CLAUSES,
     3,
     {offsetof(cq_clause, key), offsetof(cq_clause, title),
      offsetof(cq_clause, source)},
     {"key", "title", "source"}},
    {"edge",
     CQ_SEC_EDGES,
     3,
     {offsetof(cq_edge, annex), offsetof(cq_edge, source),
      offsetof(cq_edge, note)},
     {"annex", "source", "note"}},
    {"term",
     CQ_SEC_TERMS,
     3,
     {offsetof(cq_term, key), offsetof(cq_term, name),
      offsetof(cq_term, source)},
     {"key", "name", "source"}},
    {"link",
     CQ_SEC_LINKS,
     2,
     {offsetof(cq_term_link, note), offsetof(cq_term_link, source)},
     {"note", "source"}},
    {"annex", CQ_SEC_ANNEXES, 1, {0}, {"label"}},
    {"layer", CQ_SEC_LAYERS, 1, {0}, {"name"}},
};

/* Every string field lies in the table (so, with check_strings, each is a
** NUL-terminated string).  clause.number and term.entry are checked apart:
** they must lie inside their keys. */
static int check_string_fields(checker *c)
{
    uint32_t size = c->view.strings_size;
    for (size_t k = 0; k < sizeof string_fields / sizeof string_fields[0];
         k++) {
        const section *sec = &c->sec[string_fields[k].section];
        const unsigned char *item = c->base + sec->offset;
        for (uint32_t i = 0; i < sec->count; i++, item += sec->size) {
            for (int f = 0; f < string_fields[k].n_fields; f++) {
                cq_str at;
                memcpy(&at, item + string_fields[k].offset[f], sizeof at);
                if (at >= size)
                    return invalid(c,
                                   "%s %u: %s at string offset %u, past the "
                                   "%u-byte string table",
                                   string_fields[k].what, (unsigned)i,
                                   string_fields[k].name[f], (unsigned)at,
                                   (unsigned)size);
            }
        }
    }
    return CONCORD_OK;
}

/* The part of a key after its ':' (a clause number, a term entry) is an
** offset inside that key's string. */
static int check_suffix(checker *c, const char *what, uint32_t i, cq_str key,
                        cq_str part)
{
    const char *s = c->view.strings;
    if (part <= key || part >= c->view.strings_size || s[part - 1] != ':' ||
        memchr(s + key, '\0', part - key) != NULL)
        return invalid(c, "%s %u: the part after ':' is not inside its key",
                       what, (unsigned)i);
    return CONCORD_OK;
}

/* Standards own consecutive ranges of clauses and of terms, in order,
** covering all of each. */
static int check_standards(checker *c)
{
    const cq_graph *g = &c->view;
    cq_id next_clause = 0, next_term = 0;
    for (uint32_t i = 0; i < g->n_standards; i++) {
        const cq_standard *s = &g->standards[i];
        if (s->first_clause != next_clause || s->end_clause < s->first_clause ||
            s->end_clause > g->n_clauses)
            return invalid(c,
                           "standard %u: clauses [%u, %u) do not follow %u "
                           "within the %u clauses",
                           (unsigned)i, (unsigned)s->first_clause,
                           (unsigned)s->end_clause, (unsigned)next_clause,
                           (unsigned)g->n_clauses);
        if (s->first_term != next_term || s->end_term < s->first_term ||
            s->end_term > g->n_terms)
            return invalid(c,
                           "standard %u: terms [%u, %u) do not follow %u "
                           "within the %u terms",
                           (unsigned)i, (unsigned)s->first_term,
                           (unsigned)s->end_term, (unsigned)next_term,
                           (unsigned)g->n_terms);
        next_clause = s->end_clause;
        next_term = s->end_term;
    }
    if (next_clause != g->n_clauses || next_term != g->n_terms)
        return invalid(c,
                       "the standards own %u of %u clauses and %u of %u "
                       "terms",
                       (unsigned)next_clause, (unsigned)g->n_clauses,
                       (unsigned)next_term, (unsigned)g->n_terms);
    return CONCORD_OK;
}

/*
** Each clause in its standard's range, and the ranges form a tree in
** preorder: the parent a clause must have follows from its place (walk up
** from the clause before it to the first ancestor whose subtree is still
** open), its subtree ends within its parent's, and its depth is one more.
** The walk only follows parents already checked, each of which is smaller
** than its child, so it ends; a clause is walked past once when its
** subtree closes, so all of it is linear.
*/
static int check_clauses(checker *c)
{
    const cq_graph *g = &c->view;
    int rc;
    for (uint32_t s = 0; s < g->n_standards; s++) {
        cq_id first = g->standards[s].first_clause;
        cq_id end = g->standards[s].end_clause;
        for (cq_id i = first; i < end; i++) {
            const cq_clause *cl = &g->clauses[i];
            if ((rc = check_suffix(c, "clause", i, cl->key, cl->number)) !=
                CONCORD_OK)
                return rc;
            if (cl->standard != s)
                return invalid(c,
                               "clause %u: of standard %u, but in the "
                               "range of standard %u",
                               (unsigned)i, (unsigned)cl->standard,
                               (unsigned)s);
            if (cl->origin >= CQ_ORIGIN_COUNT || cl->unused[0] != 0)
                return invalid(c, "clause %u: origin %u out of range",
                               (unsigned)i, (unsigned)cl->origin);
            cq_id up = i > first ? i - 1 : CQ_NONE;
            while (up != CQ_NONE && g->clauses[up].subtree_end <= i)
                up = g->clauses[up].parent;
            if (cl->parent != up)
                return invalid(c,
                               "clause %u: parent %u, but its place in the "
                               "order makes it %u",
                               (unsigned)i, (unsigned)cl->parent, (unsigned)up);
            cq_id limit = up == CQ_NONE ? end : g->clauses[up].subtree_end;
            if (cl->subtree_end <= i || cl->subtree_end > limit)
                return invalid(c, "clause %u: subtree end %u not in (%u, %u]",
                               (unsigned)i, (unsigned)cl->subtree_end,
                               (unsigned)i, (unsigned)limit);
            unsigned depth = up == CQ_NONE ? 1u : g->clauses[up].depth + 1u;
            if (cl->depth != depth)
                return invalid(c,
                               "clause %u: depth %u, but its place makes "
                               "it %u",
                               (unsigned)i, (unsigned)cl->depth, depth);
        }
    }
    return CONCORD_OK;
}

/* A CSR index over n nodes: n+1 entries from 0, never decreasing, ending
** at total. */
static int check_csr(checker *c, const char *name, const uint32_t *start,
                     uint32_t n, uint32_t total)
{
    if (start[0] != 0 || start[n] != total)
        return invalid(c, "%s runs from %u to %u, not from 0 to %u", name,
                       (unsigned)start[0], (unsigned)start[n], (unsigned)total);
    for (uint32_t i = 0; i < n; i++)
        if (start[i] > start[i + 1])
            return invalid(c, "%s decreases after entry %u", name, (unsigned)i);
    return CONCORD_OK;
}

/* The reverse index (start over n nodes into list[], total entries) lists,
** for each node, the ids i < n_items whose target is that node, in
** increasing order; targets with one are counted in with_target.  Together
** these make it exactly the items that have a target. */
static int check_reverse(checker *c, const char *name, const uint32_t *start,
                         const cq_id *list, uint32_t n, uint32_t total,
                         uint32_t n_items, const void *items, size_t item_size,
                         size_t to_offset, uint32_t with_target)
{
    int rc = check_csr(c, name, start, n, total);
    if (rc != CONCORD_OK)
        return rc;
    if (total != with_target)
        return invalid(c, "%s holds %u entries for %u targets", name,
                       (unsigned)total, (unsigned)with_target);
    for (uint32_t v = 0; v < n; v++) {
        for (uint32_t k = start[v]; k < start[v + 1]; k++) {
            cq_id to = CQ_NONE;
            if (list[k] < n_items)
                memcpy(&to,
                       (const char *)items + (size_t)list[k] * item_size +
                           to_offset,
                       sizeof to);
            if (to != v || (k > start[v] && list[k] <= list[k - 1]))
                return invalid(c, "%s entry %u (%u) does not belong to %u",
                               name, (unsigned)k, (unsigned)list[k],
                               (unsigned)v);
        }
    }
    return CONCORD_OK;
}

/*
** in_edges as check_reverse checks it, but read the other way round: the
** edges in order, each expected next in its target's list.  The lists are
** then read where a cursor points, a small array, instead of the edges at
** random (the edge array is the image's largest: reading it at random
** costs a cache and TLB miss an entry, three times as long).  On the way
** it notes the source standard of each entry for check_pairs.  The edges'
** sources and targets are checked already.
*/
static int check_in_edges(checker *c, uint32_t with_target)
{
    const cq_graph *g = &c->view;
    uint32_t n = g->n_clauses, total = c->sec[CQ_SEC_IN_EDGES].count;
    int rc = check_csr(c, "in_edges", g->in_start, n, total);
    if (rc != CONCORD_OK)
        return rc;
    if (total != with_target)
        return invalid(c, "%s holds %u entries for %u targets", "in_edges",
                       (unsigned)total, (unsigned)with_target);
    uint32_t *next = cq_malloc(c->alloc, sizeof(uint32_t) * ((size_t)n + 1));
    c->in_from_std = cq_malloc(c->alloc, sizeof(cq_id) * ((size_t)total + 1));
    if (c->in_from_std != NULL)
        c->n_in_from_std = (size_t)total + 1;
    if (next == NULL || c->in_from_std == NULL) {
        cq_free(c->alloc, next, sizeof(uint32_t) * ((size_t)n + 1));
        return cq_error_nomem(c->err);
    }
    memcpy(next, g->in_start, sizeof(uint32_t) * ((size_t)n + 1));
    const cq_id *list = g->in_edges;
    cq_id from_std = 0;
    for (uint32_t i = 0; i < g->n_edges; i++) {
        const cq_edge *e = &g->edges[i];
        if (e->to == CQ_NONE)
            continue;
        /* edges come by source clause, standards own consecutive ranges */
        while (g->standards[from_std].end_clause <= e->from)
            from_std++;
        uint32_t k = next[e->to]++;
        if (k >= g->in_start[e->to + 1] || list[k] != i) {
            /* the first entry of e's target that is not right */
            uint32_t v = e->to;
            k = g->in_start[v];
            while (k < g->in_start[v + 1] && list[k] < g->n_edges &&
                   g->edges[list[k]].to == v &&
                   (k == g->in_start[v] || list[k] > list[k - 1]))
                k++;
            /* (all belong, but e is missing: the list is short) */
            rc =
                invalid(c, "%s entry %u (%u) does not belong to %u", "in_edges",
                        (unsigned)k, (unsigned)(k < total ? list[k] : CQ_NONE),
                        (unsigned)v);
            break;
        }
        c->in_from_std[k] = from_std;
    }
    cq_free(c->alloc, next, sizeof(uint32_t) * ((size_t)n + 1));
    return rc;
}

static int compare_offsets(const checker *c, cq_str a, cq_str b)
{
    return strcmp(c->view.strings + a, c->view.strings + b);
}

/* The annex labels: strings, strictly increasing. */
static int check_annexes(checker *c)
{
    const cq_graph *g = &c->view;
    for (uint32_t i = 0; i < g->n_annexes; i++) {
        if (i > 0 && compare_offsets(c, g->annexes[i - 1], g->annexes[i]) >= 0)
            return invalid(c, "annex labels %u and %u are out of order",
                           (unsigned)i - 1, (unsigned)i);
    }
    return CONCORD_OK;
}

/* Is the offset s one of the annex labels (the same offset, as graph.h
** promises)?  They are sorted by text. */
static int is_annex(const checker *c, cq_str s)
{
    /* a corpus has a handful: their offsets, compared as numbers, answer
    ** without reading a string */
    if (c->view.n_annexes <= 16) {
        for (uint32_t i = 0; i < c->view.n_annexes; i++)
            if (c->view.annexes[i] == s)
                return 1;
        return 0;
    }
    uint32_t lo = 0, hi = c->view.n_annexes;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        int cmp = compare_offsets(c, c->view.annexes[mid], s);
        if (cmp == 0)
            return c->view.annexes[mid] == s;
        if (cmp < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

static int check_edges(checker *c)
{
    const cq_graph *g = &c->view;
    int rc = check_csr(c, "out_start", g->out_start, g->n_clauses, g->n_edges);
    if (rc != CONCORD_OK)
        return rc;
    for (cq_id cl = 0; cl < g->n_clauses; cl++)
        for (uint32_t e = g->out_start[cl]; e < g->out_start[cl + 1]; e++)
            if (g->edges[e].from != cl)
                return invalid(
                    c, "edge %u: from clause %u, but listed under %u",
                    (unsigned)e, (unsigned)g->edges[e].from, (unsigned)cl);
    uint32_t with_target = 0;
    for (uint32_t i = 0; i < g->n_edges; i++) {
        const cq_edge *e = &g->edges[i];
        if (e->to != CQ_NONE && e->to >= g->n_clauses)
            return invalid(c, "edge %u: to clause %u of %u", (unsigned)i,
                           (unsigned)e->to, (unsigned)g->n_clauses);
        /* clauses[to].standard, read from the (checked) standard ranges
        ** rather than from a clause anywhere in the array */
        if (e->to_standard >= g->n_standards ||
            (e->to != CQ_NONE &&
             (e->to < g->standards[e->to_standard].first_clause ||
              e->to >= g->standards[e->to_standard].end_clause)))
            return invalid(c, "edge %u: to standard %u, not its target's",
                           (unsigned)i, (unsigned)e->to_standard);
        if (e->relation >= CQ_REL_COUNT || e->confidence >= CQ_CONF_COUNT ||
            e->strength > 10)
            return invalid(c,
                           "edge %u: relation, confidence or strength out "
                           "of range",
                           (unsigned)i);
        if (e->layer >= g->n_layers)
            return invalid(c, "edge %u: layer %u of %u", (unsigned)i,
                           (unsigned)e->layer, (unsigned)g->n_layers);
        if ((e->to == CQ_NONE) != (e->relation == CQ_REL_NONE))
            return invalid(c,
                           "edge %u: a target only when the relation is "
                           "not none",
                           (unsigned)i);
        if (!is_annex(c, e->annex))
            return invalid(c, "edge %u: annex not among the annex labels",
                           (unsigned)i);
        with_target += e->to != CQ_NONE;
    }
    return check_in_edges(c, with_target);
}

static int check_terms(checker *c)
{
    const cq_graph *g = &c->view;
    int rc;
    for (uint32_t s = 0; s < g->n_standards; s++) {
        for (cq_id i = g->standards[s].first_term; i < g->standards[s].end_term;
             i++) {
            const cq_term *t = &g->terms[i];
            if ((rc = check_suffix(c, "term", i, t->key, t->entry)) !=
                CONCORD_OK)
                return rc;
            if (t->vocabulary != s)
                return invalid(c,
                               "term %u: of vocabulary %u, but in the range "
                               "of standard %u",
                               (unsigned)i, (unsigned)t->vocabulary,
                               (unsigned)s);
            if (t->hls > 1 || t->unused[0] || t->unused[1] || t->unused[2])
                return invalid(c, "term %u: hls flag %u out of range",
                               (unsigned)i, (unsigned)t->hls);
        }
    }
    return CONCORD_OK;
}

static int check_links(checker *c)
{
    const cq_graph *g = &c->view;
    int rc = check_csr(c, "link_out_start", g->link_out_start, g->n_terms,
                       g->n_links);
    if (rc != CONCORD_OK)
        return rc;
    for (cq_id t = 0; t < g->n_terms; t++)
        for (uint32_t l = g->link_out_start[t]; l < g->link_out_start[t + 1];
             l++)
            if (g->links[l].from != t)
                return invalid(c, "link %u: from term %u, but listed under %u",
                               (unsigned)l, (unsigned)g->links[l].from,
                               (unsigned)t);
    uint32_t with_target = 0;
    for (uint32_t i = 0; i < g->n_links; i++) {
        const cq_term_link *l = &g->links[i];
        if (l->to != CQ_NONE && l->to >= g->n_terms)
            return invalid(c, "link %u: to term %u of %u", (unsigned)i,
                           (unsigned)l->to, (unsigned)g->n_terms);
        if (l->to_vocabulary >= g->n_standards ||
            (l->to != CQ_NONE &&
             l->to_vocabulary != g->terms[l->to].vocabulary))
            return invalid(c, "link %u: to vocabulary %u, not its target's",
                           (unsigned)i, (unsigned)l->to_vocabulary);
        if (l->relation >= CQ_TREL_COUNT || l->unused[0] || l->unused[1] ||
            l->unused[2])
            return invalid(c, "link %u: relation %u out of range", (unsigned)i,
                           (unsigned)l->relation);
        if ((l->to == CQ_NONE) != (l->relation == CQ_TREL_ABSENT))
            return invalid(c,
                           "link %u: a target only when the relation is "
                           "not absent",
                           (unsigned)i);
        with_target += l->to != CQ_NONE;
    }
    return check_reverse(c, "link_in", g->link_in_start, g->link_in, g->n_terms,
                         c->sec[CQ_SEC_LINK_IN].count, g->n_links, g->links,
                         sizeof(cq_term_link), offsetof(cq_term_link, to),
                         with_target);
}

/*
** A key hash holds each of the n ids once and has a free slot (lookups stop
** at one; without it a missing key would probe forever), and every key is
** found where the lookups probe.  keys_at is the byte offset of the key in
** an element of items.
*/
/* The id the lookups of graph.c find for key[0..len) from its home slot
** (the first slot on the probe whose key is equal, ASCII case folded),
** given that it is id's own key: at id's slot nothing needs comparing. */
static cq_id find_in(const checker *c, const cq_id *table, uint32_t mask,
                     const void *items, size_t item_size, size_t key_offset,
                     const char *key, size_t len, uint32_t slot, cq_id id)
{
    for (;; slot = (slot + 1) & mask) {
        cq_id at = table[slot];
        if (at == CQ_NONE || at == id)
            return at;
        cq_str other;
        memcpy(&other,
               (const char *)items + (size_t)at * item_size + key_offset,
               sizeof other);
        if (cq_graph_key_equal(c->view.strings + other, key, len))
            return at;
    }
}

static int check_hash(checker *c, const char *name, const cq_id *table,
                      uint32_t mask, uint32_t n, const void *items,
                      size_t item_size, size_t key_offset)
{
    uint32_t used = 0;
    for (uint32_t slot = 0; slot <= mask; slot++) {
        if (table[slot] == CQ_NONE)
            continue;
        if (table[slot] >= n)
            return invalid(c, "%s slot %u holds %u of %u", name, (unsigned)slot,
                           (unsigned)table[slot], (unsigned)n);
        used++;
    }
    if (used != n || used > mask)
        return invalid(c, "%s holds %u entries for %u keys in %u slots", name,
                       (unsigned)used, (unsigned)n, (unsigned)mask + 1);
    /* keys a batch at a time: their home slots are fetched together, so
    ** the misses on a table larger than the caches overlap */
    enum { BATCH = 16 };
    for (uint32_t first = 0; first < n; first += BATCH) {
        uint32_t m = n - first < BATCH ? n - first : BATCH;
        const char *key[BATCH];
        size_t len[BATCH];
        uint32_t home[BATCH];
        for (uint32_t j = 0; j < m; j++) {
            cq_str at;
            memcpy(&at,
                   (const char *)items + (size_t)(first + j) * item_size +
                       key_offset,
                   sizeof at);
            key[j] = c->view.strings + at;
            len[j] = strlen(key[j]);
            home[j] = cq_graph_key_hash(key[j], len[j]) & mask;
            __builtin_prefetch(&table[home[j]]);
        }
        for (uint32_t j = 0; j < m; j++)
            if (find_in(c, table, mask, items, item_size, key_offset, key[j],
                        len[j], home[j], first + j) != first + j)
                return invalid(c, "%s does not find key %u (%s)", name,
                               (unsigned)(first + j), key[j]);
    }
    return CONCORD_OK;
}

static int check_all(checker *c)
{
    const cq_graph *g = &c->view;
    int rc;
    if ((rc = check_header(c)) != CONCORD_OK ||
        (rc = check_table(c)) != CONCORD_OK ||
        (rc = check_counts(c)) != CONCORD_OK ||
        (rc = check_strings(c)) != CONCORD_OK ||
        (rc = check_string_fields(c)) != CONCORD_OK ||
        (rc = check_standards(c)) != CONCORD_OK ||
        (rc = check_clauses(c)) != CONCORD_OK ||
        (rc = check_annexes(c)) != CONCORD_OK ||
        (rc = check_edges(c)) != CONCORD_OK ||
        (rc = check_terms(c)) != CONCORD_OK ||
        (rc = check_links(c)) != CONCORD_OK)
        return rc;
    if ((rc = check_pairs(c)) != CONCORD_OK)
        return rc;
    rc = check_hash(c, "clause_hash", g->clause_hash, g->clause_hash_mask,
                    g->n_clauses, g->clauses, sizeof(cq_clause),
                    offsetof(cq_clause, key));
    if (rc != CONCORD_OK)
        return rc;
    return check_hash(c, "term_hash", g->term_hash, g->term_hash_mask,
                      g->n_terms, g->terms, sizeof(cq_term),
                      offsetof(cq_term, key));
}

/* ---- opening ------------------------------------------------------------ */

static int open_image(const void *data, size_t len, const char *name,
                      unsigned flags, const cq_allocator *alloc, int memory,
                      void *mapping, cq_graph **out, cq_error *err)
{
    static const uint64_t empty = 0; /* aligned stand-in for no bytes */
    *out = NULL;
    if (!host_is_little_endian())
        return big_endian_host(err, name);
    if (data == NULL && len == 0)
        data = &empty;
    if (data == NULL || (uintptr_t)data % 8 != 0)
        return cq_error_set(err, CONCORD_MISUSE, NULL,
                            "misuse: %s: an image in memory must start "
                            "8-byte aligned",
                            name);
    checker c;
    memset(&c, 0, sizeof c);
    c.name = name;
    c.flags = flags;
    c.err = err;
    c.base = data;
    c.len = len;
    c.alloc = alloc;
    int rc = check_all(&c);
    cq_free(alloc, c.in_from_std, sizeof(cq_id) * c.n_in_from_std);
    if (rc != CONCORD_OK)
        return rc;
    cq_graph *g = cq_malloc(alloc, sizeof *g);
    if (g == NULL)
        return cq_error_nomem(err);
    *g = c.view;
    atomic_init(&g->refs, 0);
    g->alloc = *alloc;
    cq_arena_init(&g->pool, &g->alloc);
    g->memory = memory;
    g->mapping = mapping;
    g->mapping_size = mapping ? len : 0;
    if (cq_graph_index_clauses(g) != CONCORD_OK ||
        cq_graph_index_standards(g) != CONCORD_OK) {
        g->memory = CQ_GRAPH_BORROWED; /* the caller unmaps on failure */
        cq_graph_free(g);
        return cq_error_nomem(err);
    }
    *out = g;
    return CONCORD_OK;
}

int cq_image_open_memory(const void *data, size_t len, const char *name,
                         unsigned flags, const cq_allocator *alloc,
                         cq_graph **out, cq_error *err)
{
    return open_image(data, len, name, flags, alloc, CQ_GRAPH_BORROWED, NULL,
                      out, err);
}

int cq_image_open_file(const char *path, const cq_allocator *alloc,
                       cq_graph **out, cq_error *err)
{
    *out = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return io_error(err, path, "cannot open", errno);
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        return io_error(err, path, "cannot read", e);
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        if (S_ISDIR(st.st_mode))
            return io_error(err, path, "cannot read", EISDIR);
        return cq_error_set(err, CONCORD_IOERR, NULL,
                            "%s: cannot read: not a regular file", path);
    }
    if ((uintmax_t)st.st_size > SIZE_MAX) {
        close(fd);
        return cq_error_set(err, CONCORD_IOERR, NULL,
                            "%s: cannot read: too large to map", path);
    }
    size_t len = (size_t)st.st_size;
    void *map = NULL;
    if (len > 0) {
        /* every page is read by the checks: map them all in one go */
        map = mmap(NULL, len, PROT_READ, MAP_PRIVATE | MAP_EAGER, fd, 0);
        if (map == MAP_FAILED) {
            int e = errno;
            close(fd);
            return io_error(err, path, "cannot map", e);
        }
    }
    close(fd); /* the mapping holds the file */
    int rc =
        open_image(map, len, path, 0, alloc, CQ_GRAPH_MAPPED, map, out, err);
    if (rc != CONCORD_OK && map != NULL)
        munmap(map, len);
    return rc;
}
