/*
** image.c -- writing a graph as a binary image, and opening an image in
** place; the format, and what opening checks, are described in image.h.
**
** Opening checks the structure only (the header fields one by one, the
** section table, the counts the sections must agree on and the ends of
** the string table): O(sections), whatever the size of the image or the
** number of standards.  The full check (CQ_IMAGE_FULL) then takes the
** checksum and walks every id, offset and range the readers of graph.h
** follow.  Its checks run in an order such that each reads only what
** earlier ones have vouched for (or bounds it first), so a hostile image
** cannot make the checker itself read out of bounds or loop.
**
** The full check of a large image is mostly these walks, so they are made
** to cost little: the big sections are each read once, in order, where
** possible (one walk by clause reads the clauses, their edges, the
** in_edges and the pairs of standards together), and the few reads at
** random are asked for ahead of time.
*/
#define _DEFAULT_SOURCE 1 /* MAP_POPULATE, MADV_*, where they exist */
#include "image.h"

#include "file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "trigram.h"

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
    {"clause_tags", sizeof(cq_clause_tag)},
    {"term_hash", sizeof(cq_id)},
    {"pairs", sizeof(cq_pair)},
    {"pair_start", sizeof(uint32_t)},
    {"pair_clauses", sizeof(cq_id)},
    {"layers", sizeof(cq_str)},
    {"edge_kinds", 1},
    {"tri_keys", sizeof(uint32_t)},
    {"tri_start", sizeof(uint32_t)},
    {"tri_lists", 1},
    {"linked", 1},
    {"editions", sizeof(cq_id)},
    {"standard_hash", sizeof(cq_id)},
    {"edge_targets", sizeof(cq_edge_target)},
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
** runs at memory speed instead of a multiply per byte (FNV-1a, up to version
** 3, read about a byte a nanosecond: most of the cost of opening).  Each
** lane step is a bijection of the word and of the lane, so a change
** confined to one word always changes the sum; the lanes are then folded
** and mixed.
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
** whole stripes of a word per lane go through the lanes, a partial one
** waits.  Eight lanes (four up to version 4): a lane's step waits for the
** step before it, and four did not keep up with memory. */
#define SUM_LANES 8 /* as checksum_stripes spells them out */
#define SUM_STRIPE (8 * SUM_LANES)

typedef struct checksum {
    uint64_t v[SUM_LANES];
    unsigned char stripe[SUM_STRIPE];
    size_t held; /* bytes waiting in stripe */
    uint64_t len;
} checksum;

static void checksum_init(checksum *k, uint64_t seed)
{
    for (int i = 0; i < SUM_LANES; i++)
        k->v[i] = seed + (uint64_t)i * SUM_P1;
    k->held = 0;
    k->len = 0;
}

/* (The lanes spelled out: in an array, compilers keep them in memory.) */
static void checksum_stripes(checksum *k, const unsigned char *p, size_t n)
{
    uint64_t v0 = k->v[0], v1 = k->v[1], v2 = k->v[2], v3 = k->v[3];
    uint64_t v4 = k->v[4], v5 = k->v[5], v6 = k->v[6], v7 = k->v[7];
    for (const unsigned char *end = p + n; p < end; p += SUM_STRIPE) {
        v0 = sum_round(v0, sum_word(p));
        v1 = sum_round(v1, sum_word(p + 8));
        v2 = sum_round(v2, sum_word(p + 16));
        v3 = sum_round(v3, sum_word(p + 24));
        v4 = sum_round(v4, sum_word(p + 32));
        v5 = sum_round(v5, sum_word(p + 40));
        v6 = sum_round(v6, sum_word(p + 48));
        v7 = sum_round(v7, sum_word(p + 56));
    }
    k->v[0] = v0, k->v[1] = v1, k->v[2] = v2, k->v[3] = v3;
    k->v[4] = v4, k->v[5] = v5, k->v[6] = v6, k->v[7] = v7;
}

static void checksum_add(checksum *k, const void *data, size_t len)
{
    const unsigned char *p = data;
    k->len += len;
    if (k->held) {
        size_t take = SUM_STRIPE - k->held < len ? SUM_STRIPE - k->held : len;
        memcpy(k->stripe + k->held, p, take);
        k->held += take;
        p += take;
        len -= take;
        if (k->held < SUM_STRIPE)
            return;
        checksum_stripes(k, k->stripe, SUM_STRIPE);
        k->held = 0;
    }
    size_t whole = len - len % SUM_STRIPE;
    checksum_stripes(k, p, whole);
    memcpy(k->stripe, p + whole, len - whole);
    k->held = len - whole;
}

static uint64_t checksum_end(checksum *k)
{
    /* the partial stripe, zero padded: the length tells it apart */
    memset(k->stripe + k->held, 0, SUM_STRIPE - k->held);
    if (k->held)
        checksum_stripes(k, k->stripe, SUM_STRIPE);
    uint64_t x = k->len;
    for (int i = 0; i < SUM_LANES; i++)
        x += sum_rotl(k->v[i], 1 + 7 * i);
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
    cq_file_why(errnum, text, sizeof text);
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
    const cq_graph *graph;
    const void *data[CQ_SEC_COUNT]; /* NULL for edge_targets: made */
    section sec[CQ_SEC_COUNT];
    uint64_t file_size;
} layout;

static void plan(const cq_graph *g, layout *l)
{
    const void *data[CQ_SEC_COUNT] = {
        g->strings,        g->standards,     g->clauses,
        g->edges,          g->out_start,     g->in_start,
        g->in_edges,       g->terms,         g->links,
        g->link_out_start, g->link_in_start, g->link_in,
        g->annexes,        g->clause_tags,   g->term_hash,
        g->pairs,          g->pair_start,    g->pair_clauses,
        g->layers,         g->edge_kinds,    g->tri_keys,
        g->tri_start,      g->tri_lists,     g->linked,
        g->editions,       g->standard_hash, NULL,
    };
    uint32_t count[CQ_SEC_COUNT] = {
        g->strings_size,
        g->n_standards,
        g->n_clauses,
        g->n_edges,
        g->out_start ? g->n_clauses + 1 : 0,
        g->in_start ? g->n_clauses + 1 : 0,
        g->in_start ? g->n_in_edges : 0,
        g->n_terms,
        g->n_links,
        g->link_out_start ? g->n_terms + 1 : 0,
        g->link_in_start ? g->n_terms + 1 : 0,
        g->link_in_start ? g->n_link_in : 0,
        g->n_annexes,
        g->clause_tags ? g->clause_tag_mask + 1 : 0,
        g->term_hash ? g->term_hash_mask + 1 : 0,
        g->n_pairs,
        g->pair_start ? g->n_standards + 1 : 0,
        g->n_pair_clauses,
        g->n_layers,
        g->edge_kinds ? g->n_edges : 0,
        g->n_tri,
        g->n_tri ? g->n_tri + 1 : 0,
        g->tri_lists_size,
        g->linked ? (uint32_t)cq_graph_linked_bytes(g->n_standards) : 0,
        g->editions ? 2 * g->n_standards : 0,
        g->standard_hash ? g->standard_hash_mask + 1 : 0,
        g->n_edges,
    };
    l->graph = g;
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

/* The edges' targets (graph.h), made from the edges a block at a time:
** a graph built from TSV files holds none, and one opened from an image
** has had its own checked against its edges before it is written. */
static void emit_targets(sink *s, const cq_graph *g)
{
    cq_edge_target block[512];
    for (uint32_t i = 0; i < g->n_edges;) {
        uint32_t n = 0;
        for (; n < 512 && i < g->n_edges; n++, i++)
            block[n] = cq_edge_target_of(&g->edges[i]);
        emit(s, block, n * sizeof block[0]);
    }
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
        if (i == CQ_SEC_EDGE_TARGETS)
            emit_targets(s, l->graph);
        else
            emit(s, l->data[i], n);
        emit(s, zeros, (8 - n % 8) % 8);
    }
}

int cq_image_write(const cq_graph *g, concord_write_fn write, void *ctx,
                   cq_error *err)
{
    if (!host_is_little_endian())
        return big_endian_host(err, "image");
    /* a graph opened from an image without the full check is checked
    ** now, before its bytes are sealed under a new checksum */
    int rc = cq_image_verify(g, err);
    if (rc != CONCORD_OK)
        return rc;
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
    /* the new image is renamed over path: never over a device, a FIFO or
    ** a symbolic link, which a rename would replace by a plain file */
    int why = 0;
    if (cq_file_replaceable(path, &why) != 0)
        return io_error(err, path, "cannot write image there", why);
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
#ifdef POSIX_FADV_DONTNEED
    /* Then its pages leave the page cache, in whatever pieces the writes
    ** made of them, so that the first open reads them back in large ones
    ** (map_large).  A hint: refused, nothing but speed changes. */
    if (rc == CONCORD_OK)
        (void)posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
#endif
    if (close(fd) != 0 && rc == CONCORD_OK)
        rc = io_error(err, path, "cannot write image", errno);
    if (rc == CONCORD_OK && rename(tmp, path) != 0)
        rc = io_error(err, path, "cannot write image", errno);
    if (rc != CONCORD_OK)
        unlink(tmp);
    cq_free(alloc, tmp, cap);
    return rc;
}

/*
** Map len bytes of fd read-only, asking the kernel for 2 MiB pages where
** it has them (MADV_HUGEPAGE: a file mapping's faults then read the file
** ahead in 2 MiB folios and map each with one TLB entry, pages already in
** the page cache as they are), and with eager, every page faulted in now,
** after that advice.  A statement's reads land at random over tens of MiB
** at a million edges; in 4 KiB pages most of them missed the TLB as well
** as the cache (bench/RESULTS.md, round 13).  Returns MAP_FAILED as mmap.
*/
static void *map_large(int fd, size_t len, int eager)
{
#if defined(MADV_HUGEPAGE) && defined(MADV_POPULATE_READ)
    void *map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
    if (map == MAP_FAILED)
        return map;
    (void)madvise(map, len, MADV_HUGEPAGE); /* hints: refused, no harm */
    if (eager)
        (void)madvise(map, len, MADV_POPULATE_READ);
    return map;
#elif defined(MAP_POPULATE)
    return mmap(NULL, len, PROT_READ, MAP_PRIVATE | (eager ? MAP_POPULATE : 0),
                fd, 0);
#else
    (void)eager;
    return mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
#endif
}

/* ---- checking ----------------------------------------------------------- */

/*
** Which standard an edge comes from, for the walk by clause: the edges of
** each standard are one range (edges go by source clause, standards own
** ranges of clauses), so a small table answers from an edge's id alone,
** where reading the edge would be a cache miss.  The table maps each block
** of 2^shift edges to the standard its first edge comes from, and a lookup
** steps on from there past the standards that end inside the block: at
** most 2^shift steps, as each of them has an edge there, and on a large
** graph almost never one.
*/
typedef struct edge_owner {
    uint32_t shift;
    uint32_t *block;        /* per block: an index into the two arrays below */
    cq_id *standard;        /* the standards with edges, in order */
    uint32_t *end;          /* where each one's edges end */
    size_t n_block, n_with; /* the arrays' lengths */
} edge_owner;

/* A slot of the checker's table of annex labels: a label's offset (no
** string offset is ANNEX_FREE: the table ends before it) and index. */
typedef struct annex_slot {
    cq_str at;
    cq_id index;
} annex_slot;
#define ANNEX_FREE 0xffffffffu

typedef struct checker {
    const char *name; /* of the image, for messages */
    unsigned flags;   /* CQ_IMAGE_BUILTIN, CQ_IMAGE_FULL */
    cq_error *err;
    const unsigned char *base;
    size_t len;
    section sec[CQ_SEC_COUNT];
    cq_graph view; /* arrays point into base once the table is checked */
    const cq_allocator *alloc; /* the checks' scratch */
    edge_owner owner;          /* made for the walk by clause */
    annex_slot *annex_slots;   /* made by check_annexes for check_edge */
    size_t n_annex_slots;      /* 1 << annex_bits */
    unsigned annex_bits;
} checker;

/* Where the annex label at offset s goes in the checker's table. */
static inline uint32_t annex_home(const checker *c, cq_str s)
{
    return (uint32_t)(s * 0x9e3779b1u) >> (32 - c->annex_bits);
}

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
    if (!(c->flags & CQ_IMAGE_FULL) || (c->flags & CQ_IMAGE_BUILTIN))
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

/* The trigram index's sections agree in extent (trigram.h): two reads,
** so opening stays cheap; the lists themselves are checked as they are
** read (cq_trigram_candidates) and by the full check (check_trigrams).
** Sets the view's index. */
static int check_trigram_extent(checker *c)
{
    const section *s = c->sec;
    uint32_t n = s[CQ_SEC_TRI_KEYS].count;
    int rc;
    if (n == 0) {
        if (s[CQ_SEC_TRI_START].count != 0 || s[CQ_SEC_TRI_LISTS].count != 0)
            return invalid(c, "sections tri_start and tri_lists are not "
                              "empty, and tri_keys is");
        return CONCORD_OK;
    }
    if ((rc = check_count(c, CQ_SEC_TRI_START, (uint64_t)n + 1,
                          "the trigrams")) != CONCORD_OK)
        return rc;
    const uint32_t *start = section_data(c, CQ_SEC_TRI_START);
    if (start[0] != 0 || start[n] != s[CQ_SEC_TRI_LISTS].count)
        return invalid(c,
                       "section tri_start does not span section "
                       "tri_lists (%u bytes)",
                       (unsigned)s[CQ_SEC_TRI_LISTS].count);
    cq_graph *g = &c->view;
    g->tri_keys = (uint32_t *)section_data(c, CQ_SEC_TRI_KEYS);
    g->n_tri = n;
    g->tri_start = (uint32_t *)start;
    g->tri_lists = (uint8_t *)section_data(c, CQ_SEC_TRI_LISTS);
    g->tri_lists_size = s[CQ_SEC_TRI_LISTS].count;
    return CONCORD_OK;
}

/* The whole trigram index, every list read (the full check).  Not for
** the built-in bytes: compile_image checked them whole when the library
** was built, as it did their checksum, and walking every list took a
** quarter of the built-in corpus's open (~27 of ~128 us). */
static int check_trigrams(checker *c)
{
    if (!(c->flags & CQ_IMAGE_FULL) || (c->flags & CQ_IMAGE_BUILTIN))
        return CONCORD_OK;
    const char *why = cq_trigram_verify(&c->view);
    return why ? invalid(c, "%s", why) : CONCORD_OK;
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
        (rc = check_hash_size(c, CQ_SEC_CLAUSE_TAGS)) != CONCORD_OK ||
        (rc = check_hash_size(c, CQ_SEC_TERM_HASH)) != CONCORD_OK ||
        (rc = check_count(c, CQ_SEC_EDGE_KINDS, s[CQ_SEC_EDGES].count,
                          "the edges")) != CONCORD_OK ||
        (rc = check_count(c, CQ_SEC_EDGE_TARGETS, s[CQ_SEC_EDGES].count,
                          "the edges")) != CONCORD_OK ||
        (rc = check_count(c, CQ_SEC_PAIR_START,
                          (uint64_t)s[CQ_SEC_STANDARDS].count + 1,
                          "the standards")) != CONCORD_OK ||
        (rc = check_count(c, CQ_SEC_LINKED,
                          cq_graph_linked_bytes(s[CQ_SEC_STANDARDS].count),
                          "the standards' links")) != CONCORD_OK ||
        (rc = check_count(c, CQ_SEC_EDITIONS,
                          2 * (uint64_t)s[CQ_SEC_STANDARDS].count,
                          "the standards' editions")) != CONCORD_OK ||
        (rc =
             check_count(c, CQ_SEC_STANDARD_HASH,
                         cq_graph_standard_hash_size(s[CQ_SEC_STANDARDS].count),
                         "the standards' hash")) != CONCORD_OK)
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
    g->n_in_edges = s[CQ_SEC_IN_EDGES].count;
    g->terms = (cq_term *)section_data(c, CQ_SEC_TERMS);
    g->n_terms = n_terms;
    g->links = (cq_term_link *)section_data(c, CQ_SEC_LINKS);
    g->n_links = s[CQ_SEC_LINKS].count;
    g->link_out_start = (uint32_t *)section_data(c, CQ_SEC_LINK_OUT_START);
    g->link_in_start = (uint32_t *)section_data(c, CQ_SEC_LINK_IN_START);
    g->link_in = (cq_id *)section_data(c, CQ_SEC_LINK_IN);
    g->n_link_in = s[CQ_SEC_LINK_IN].count;
    g->annexes = (cq_str *)section_data(c, CQ_SEC_ANNEXES);
    g->n_annexes = s[CQ_SEC_ANNEXES].count;
    g->clause_tags = (cq_clause_tag *)section_data(c, CQ_SEC_CLAUSE_TAGS);
    g->clause_tag_mask = s[CQ_SEC_CLAUSE_TAGS].count - 1;
    g->term_hash = (cq_id *)section_data(c, CQ_SEC_TERM_HASH);
    g->term_hash_mask = s[CQ_SEC_TERM_HASH].count - 1;
    g->pairs = (cq_pair *)section_data(c, CQ_SEC_PAIRS);
    g->n_pairs = s[CQ_SEC_PAIRS].count;
    g->pair_start = (uint32_t *)section_data(c, CQ_SEC_PAIR_START);
    g->pair_clauses = (cq_id *)section_data(c, CQ_SEC_PAIR_CLAUSES);
    g->n_pair_clauses = s[CQ_SEC_PAIR_CLAUSES].count;
    g->layers = (cq_str *)section_data(c, CQ_SEC_LAYERS);
    g->n_layers = s[CQ_SEC_LAYERS].count;
    g->edge_kinds = (uint8_t *)section_data(c, CQ_SEC_EDGE_KINDS);
    g->edge_targets = (cq_edge_target *)section_data(c, CQ_SEC_EDGE_TARGETS);
    g->linked = s[CQ_SEC_LINKED].count
                    ? (uint8_t *)section_data(c, CQ_SEC_LINKED)
                    : NULL;
    g->editions = s[CQ_SEC_EDITIONS].count
                      ? (cq_id *)section_data(c, CQ_SEC_EDITIONS)
                      : NULL;
    /* empty for a few standards: find_standard scans them */
    g->standard_hash = s[CQ_SEC_STANDARD_HASH].count
                           ? (cq_id *)section_data(c, CQ_SEC_STANDARD_HASH)
                           : NULL;
    g->standard_hash_mask =
        s[CQ_SEC_STANDARD_HASH].count ? s[CQ_SEC_STANDARD_HASH].count - 1 : 0;
    return check_trigram_extent(c);
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

/* The cq_str fields of the element types with few elements, checked in one
** pass before anything reads a string.  (Clauses and edges, the many, have
** theirs checked in the walk by clause, which reads each of them once.) */
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

/* A string field lies in the table (so, with check_strings, it is a
** NUL-terminated string): field `name` of element i, a `what`, is at. */
static int check_string(checker *c, const char *what, uint32_t i,
                        const char *name, cq_str at)
{
    if (at >= c->view.strings_size)
        return invalid(c,
                       "%s %u: %s at string offset %u, past the %u-byte "
                       "string table",
                       what, (unsigned)i, name, (unsigned)at,
                       (unsigned)c->view.strings_size);
    return CONCORD_OK;
}

static int check_string_fields(checker *c)
{
    int rc = CONCORD_OK;
    for (size_t k = 0; k < sizeof string_fields / sizeof string_fields[0];
         k++) {
        const section *sec = &c->sec[string_fields[k].section];
        const unsigned char *item = c->base + sec->offset;
        for (uint32_t i = 0; i < sec->count; i++, item += sec->size) {
            for (int f = 0; rc == CONCORD_OK && f < string_fields[k].n_fields;
                 f++) {
                cq_str at;
                memcpy(&at, item + string_fields[k].offset[f], sizeof at);
                rc = check_string(c, string_fields[k].what, i,
                                  string_fields[k].name[f], at);
            }
        }
    }
    return rc;
}

/* The part of a key after its ':' (a clause number, a term entry) is an
** offset inside that key's string. */
static int check_suffix(checker *c, const char *what, uint32_t i, cq_str key,
                        cq_str part)
{
    const char *s = c->view.strings;
    if (part <= key || part >= c->view.strings_size || s[part - 1] != ':')
        return invalid(c, "%s %u: the part after ':' is not inside its key",
                       what, (unsigned)i);
    /* no NUL before it: a loop, as the part before is a few bytes (a
    ** standard's id), fewer than a call to memchr costs */
    for (cq_str at = key; at < part; at++)
        if (s[at] == '\0')
            return invalid(c, "%s %u: the part after ':' is not inside its key",
                           what, (unsigned)i);
    return CONCORD_OK;
}

/* Every standard has an id, and no two the same (as lookups compare them):
** a corpus loader refuses both, so an image holding them was made by hand.
** Found through a hash of the ids, so a large image is checked in O(n). */
static int check_standard_ids(checker *c)
{
    const cq_graph *g = &c->view;
    uint32_t cap = 16;
    while (cap < 2 * (uint64_t)g->n_standards && cap < (1u << 31))
        cap *= 2;
    cq_id *slots = cq_malloc(c->alloc, sizeof(cq_id) * cap);
    if (slots == NULL)
        return cq_error_nomem(c->err);
    for (uint32_t i = 0; i < cap; i++)
        slots[i] = CQ_NONE;
    int rc = CONCORD_OK;
    for (uint32_t i = 0; i < g->n_standards && rc == CONCORD_OK; i++) {
        const char *id = cq_graph_str(g, g->standards[i].id);
        size_t len = strlen(id);
        if (len == 0) {
            rc = invalid(c, "standard %u has an empty id", (unsigned)i);
            break;
        }
        uint32_t slot = cq_graph_key_hash(id, len) & (cap - 1);
        while (slots[slot] != CQ_NONE) {
            const char *other = cq_graph_str(g, g->standards[slots[slot]].id);
            if (cq_graph_key_equal(other, id, len)) {
                rc = invalid(c, "standards %u and %u have the same id",
                             (unsigned)slots[slot], (unsigned)i);
                break;
            }
            slot = (slot + 1) & (cap - 1);
        }
        slots[slot] = i;
    }
    cq_free(c->alloc, slots, sizeof(cq_id) * cap);
    return rc;
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

static int compare_offsets(const checker *c, cq_str a, cq_str b)
{
    return strcmp(c->view.strings + a, c->view.strings + b);
}

/*
** The annex labels: strings, strictly increasing.  Then a small hash table
** of their offsets, for check_edge to find each edge's label (by offset:
** an edge uses the label's own, graph.h) in a step or two, where comparing
** it with every label costs as much as all the rest of an edge's checks.
*/
static int check_annexes(checker *c)
{
    const cq_graph *g = &c->view;
    for (uint32_t i = 0; i < g->n_annexes; i++) {
        if (i > 0 && compare_offsets(c, g->annexes[i - 1], g->annexes[i]) >= 0)
            return invalid(c, "annex labels %u and %u are out of order",
                           (unsigned)i - 1, (unsigned)i);
    }
    unsigned bits = 3;
    while (bits < 31 && ((uint64_t)1 << bits) < 4 * (uint64_t)g->n_annexes)
        bits++;
    c->annex_bits = bits;
    c->n_annex_slots = (size_t)1 << bits;
    c->annex_slots = cq_malloc(c->alloc, sizeof(annex_slot) * c->n_annex_slots);
    if (c->annex_slots == NULL)
        return cq_error_nomem(c->err);
    for (size_t i = 0; i < c->n_annex_slots; i++)
        c->annex_slots[i].at = ANNEX_FREE;
    for (uint32_t i = 0; i < g->n_annexes; i++) {
        uint32_t slot = annex_home(c, g->annexes[i]);
        while (c->annex_slots[slot].at != ANNEX_FREE)
            slot = (slot + 1) & (uint32_t)(c->n_annex_slots - 1);
        c->annex_slots[slot] = (annex_slot){g->annexes[i], i};
    }
    return CONCORD_OK;
}

/* The index of the annex label at offset s (one inside the string table),
** or CQ_NONE. */
static inline cq_id annex_index(const checker *c, cq_str s)
{
    uint32_t mask = (uint32_t)(c->n_annex_slots - 1);
    for (uint32_t slot = annex_home(c, s);; slot = (slot + 1) & mask) {
        if (c->annex_slots[slot].at == s)
            return c->annex_slots[slot].index;
        if (c->annex_slots[slot].at == ANNEX_FREE)
            return CQ_NONE;
    }
}

/* Make c's edge_owner (see there); the edges' sources are checked. */
static int make_owner(checker *c, edge_owner *o)
{
    const cq_graph *g = &c->view;
    o->shift = 0;
    while ((g->n_edges >> o->shift) > 16384)
        o->shift++;
    o->n_block = ((size_t)g->n_edges >> o->shift) + 1;
    o->n_with = (size_t)g->n_standards + 1;
    o->block = cq_malloc(c->alloc, sizeof(uint32_t) * o->n_block);
    o->standard = cq_malloc(c->alloc, sizeof(cq_id) * o->n_with);
    o->end = cq_malloc(c->alloc, sizeof(uint32_t) * o->n_with);
    if (o->block == NULL || o->standard == NULL || o->end == NULL)
        return cq_error_nomem(c->err);
    memset(o->block, 0, sizeof(uint32_t) * o->n_block); /* a last block
                                                        of no edges */
    uint32_t m = 0;
    for (uint32_t s = 0; s < g->n_standards; s++) {
        uint32_t first = g->out_start[g->standards[s].first_clause];
        uint32_t end = g->out_start[g->standards[s].end_clause];
        if (first == end)
            continue;
        for (size_t b =
                 ((size_t)first + ((size_t)1 << o->shift) - 1) >> o->shift;
             b < o->n_block && (b << o->shift) < end; b++)
            o->block[b] = m;
        o->standard[m] = s;
        o->end[m++] = end;
    }
    return CONCORD_OK;
}

static void free_owner(checker *c, edge_owner *o)
{
    cq_free(c->alloc, o->block, sizeof(uint32_t) * o->n_block);
    cq_free(c->alloc, o->standard, sizeof(cq_id) * o->n_with);
    cq_free(c->alloc, o->end, sizeof(uint32_t) * o->n_with);
}

/* The standard edge x (< n_edges) comes from. */
static inline cq_id owner_of(const edge_owner *o, uint32_t x)
{
    uint32_t m = o->block[x >> o->shift];
    while (o->end[m] <= x)
        m++;
    return o->standard[m];
}

/* ---- the walk by clause ------------------------------------------------- */

/*
** One walk over the clauses, standard by standard, checks each clause, its
** edges, the in_edges entries toward it and its place in the pairs of
** standards: all of them read the clause's edges, so the edges (the
** image's largest section) are read once, in order.
**
** The pairs are exactly what the edges make (graph.h): each standard's
** pairs in increasing order of the other standard, their lists back to back
** from 0; each clause, in order, next in the list of each standard it
** correlates with, and every list used up at the end of its standard.
*/
typedef struct walk {
    cq_id first;          /* the first clause of the standard walked */
    uint64_t prev_to;     /* the edge before: (to_standard, to) */
    cq_id prev_annex;     /* and its annex */
    uint32_t with_target; /* the edges walked that have a target */
    uint32_t entry;       /* the pairs' list entries opened so far */
    /* per other standard: */
    uint32_t *next; /* the next list entry expected */
    uint32_t *end;  /* where its list ends (0: no pair) */
    cq_id *seen;    /* the last clause listed with it */
    /* the standards the clause walked correlates with, each side's told
    ** apart from the one before (at most two per standard) */
    cq_id *others;
    uint32_t n_others;
} walk;

static int pairs_mismatch(checker *c)
{
    return invalid(c, "the pairs of standards do not match the edges");
}

/* Standard s's pairs well formed, from list entry w->entry on; their lists
** become the ones expected. */
static int open_pairs(checker *c, walk *w, uint32_t s)
{
    const cq_graph *g = &c->view;
    uint32_t p0 = g->pair_start[s], p1 = g->pair_start[s + 1];
    for (uint32_t p = p0; p < p1; p++) {
        const cq_pair *pr = &g->pairs[p];
        if (pr->standard != s || pr->other >= g->n_standards ||
            (p > p0 && pr->other <= g->pairs[p - 1].other) ||
            pr->first != w->entry || pr->end <= pr->first ||
            pr->end > g->n_pair_clauses)
            return pairs_mismatch(c);
        w->next[pr->other] = pr->first;
        w->end[pr->other] = pr->end;
        w->entry = pr->end;
    }
    return CONCORD_OK;
}

/* Standard s's lists used up; none expected any more. */
static int close_pairs(checker *c, walk *w, uint32_t s)
{
    const cq_graph *g = &c->view;
    int ok = 1;
    for (uint32_t p = g->pair_start[s]; p < g->pair_start[s + 1]; p++) {
        cq_id b = g->pairs[p].other;
        ok &= w->next[b] == w->end[b];
        w->next[b] = w->end[b] = 0;
    }
    return ok ? CONCORD_OK : pairs_mismatch(c);
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
static int walk_clause(checker *c, const walk *w, uint32_t s, cq_id i)
{
    const cq_graph *g = &c->view;
    const cq_clause *cl = &g->clauses[i];
    int rc;
    if ((rc = check_string(c, "clause", i, "key", cl->key)) != CONCORD_OK ||
        (rc = check_string(c, "clause", i, "title", cl->title)) != CONCORD_OK ||
        (rc = check_string(c, "clause", i, "source", cl->source)) !=
            CONCORD_OK ||
        (rc = check_suffix(c, "clause", i, cl->key, cl->number)) != CONCORD_OK)
        return rc;
    if (cl->standard != s)
        return invalid(c,
                       "clause %u: of standard %u, but in the range of "
                       "standard %u",
                       (unsigned)i, (unsigned)cl->standard, (unsigned)s);
    if (cl->origin >= CQ_ORIGIN_COUNT || cl->unused[0] != 0)
        return invalid(c, "clause %u: origin %u out of range", (unsigned)i,
                       (unsigned)cl->origin);
    cq_id up = i > w->first ? i - 1 : CQ_NONE;
    while (up != CQ_NONE && g->clauses[up].subtree_end <= i)
        up = g->clauses[up].parent;
    if (cl->parent != up)
        return invalid(c,
                       "clause %u: parent %u, but its place in the order "
                       "makes it %u",
                       (unsigned)i, (unsigned)cl->parent, (unsigned)up);
    cq_id limit =
        up == CQ_NONE ? g->standards[s].end_clause : g->clauses[up].subtree_end;
    if (cl->subtree_end <= i || cl->subtree_end > limit)
        return invalid(c, "clause %u: subtree end %u not in (%u, %u]",
                       (unsigned)i, (unsigned)cl->subtree_end, (unsigned)i,
                       (unsigned)limit);
    unsigned depth = up == CQ_NONE ? 1u : g->clauses[up].depth + 1u;
    if (cl->depth != depth)
        return invalid(c, "clause %u: depth %u, but its place makes it %u",
                       (unsigned)i, (unsigned)cl->depth, depth);
    return CONCORD_OK;
}

/* The refusal for edge i's strings, one of which is past the table. */
static int edge_strings(checker *c, uint32_t i)
{
    const cq_edge *e = &c->view.edges[i];
    int rc;
    if ((rc = check_string(c, "edge", i, "annex", e->annex)) == CONCORD_OK &&
        (rc = check_string(c, "edge", i, "source", e->source)) == CONCORD_OK &&
        (rc = check_string(c, "edge", i, "note", e->note)) == CONCORD_OK)
        rc = check_string(c, "edge", i, "to_key", e->to_key);
    return rc;
}

/* The clause whose out_start range holds edge i (for a message; out_start
** is checked). */
static cq_id listed_under(const checker *c, uint32_t i)
{
    cq_id lo = 0, hi = c->view.n_clauses;
    while (hi - lo > 1) {
        cq_id mid = lo + (hi - lo) / 2;
        if (c->view.out_start[mid] <= i)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/*
** Edge i, listed under clause cl, on its own: its strings in the table,
** cl its source, its target a clause of its to_standard or none as its
** relation says, its values in range.  Returns its annex label's index
** in *annex.
*/
static int check_edge(checker *c, uint32_t i, cq_id cl, cq_id *annex)
{
    const cq_graph *g = &c->view;
    const cq_edge *e = &g->edges[i];
    uint32_t size = g->strings_size;
    if (e->annex >= size || e->source >= size || e->note >= size ||
        e->to_key >= size)
        return edge_strings(c, i);
    if (e->from != cl)
        return invalid(c, "edge %u: from clause %u, but listed under %u",
                       (unsigned)i, (unsigned)e->from, (unsigned)cl);
    if (e->to != CQ_NONE && e->to >= g->n_clauses)
        return invalid(c, "edge %u: to clause %u of %u", (unsigned)i,
                       (unsigned)e->to, (unsigned)g->n_clauses);
    if (e->to == e->from) /* a loader refuses it: met twice */
        return invalid(c, "edge %u: from clause %u to itself", (unsigned)i,
                       (unsigned)e->from);
    /* clauses[to].standard, read from the (checked) standard ranges rather
    ** than from a clause anywhere in the array */
    if (e->to_standard >= g->n_standards ||
        (e->to != CQ_NONE &&
         (e->to < g->standards[e->to_standard].first_clause ||
          e->to >= g->standards[e->to_standard].end_clause)))
        return invalid(c, "edge %u: to standard %u, not its target's",
                       (unsigned)i, (unsigned)e->to_standard);
    /* (after the checks of to and to_standard, which index here) */
    if (e->to_key != (e->to == CQ_NONE ? g->standards[e->to_standard].id
                                       : g->clauses[e->to].key))
        return invalid(c, "edge %u: to_key is not its target's key",
                       (unsigned)i);
    if (e->relation >= CQ_REL_COUNT || e->confidence >= CQ_CONF_COUNT ||
        e->strength > 10)
        return invalid(c,
                       "edge %u: relation, confidence or strength out of "
                       "range",
                       (unsigned)i);
    if (e->layer >= g->n_layers)
        return invalid(c, "edge %u: layer %u of %u", (unsigned)i,
                       (unsigned)e->layer, (unsigned)g->n_layers);
    if ((e->to == CQ_NONE) != (e->relation == CQ_REL_NONE))
        return invalid(c,
                       "edge %u: a target only when the relation is not "
                       "none",
                       (unsigned)i);
    *annex = annex_index(c, e->annex);
    if (*annex == CQ_NONE)
        return invalid(c, "edge %u: annex not among the annex labels",
                       (unsigned)i);
    return CONCORD_OK;
}

/* Edge i (its annex label's index annex) after the one before it, when
** both are clause cl's, in the order graph.h gives a clause's edges:
** (to_standard, to, annex).  Readers rely on it, and so does
** walk_out_edges. */
static int check_edge_order(checker *c, walk *w, cq_id cl, uint32_t i,
                            cq_id annex)
{
    const cq_edge *e = &c->view.edges[i];
    uint64_t to = (uint64_t)e->to_standard << 32 | e->to;
    if (i > c->view.out_start[cl] &&
        (to < w->prev_to || (to == w->prev_to && annex < w->prev_annex)))
        return invalid(c,
                       "edge %u: out of order among clause %u's edges (by "
                       "target standard, target, annex)",
                       (unsigned)i, (unsigned)cl);
    w->prev_to = to;
    w->prev_annex = annex;
    return CONCORD_OK;
}

/* Clause cl's edges, each checked; the standards they go to are noted in
** w->others, each once: they come in order (check_edge_order saw to it),
** so each is told apart from the one before, by counting rather than by a
** branch that would go either way at random. */
static int walk_out_edges(checker *c, walk *w, cq_id cl)
{
    const cq_graph *g = &c->view;
    cq_id prev = CQ_NONE;
    for (uint32_t i = g->out_start[cl]; i < g->out_start[cl + 1]; i++) {
        cq_id annex;
        int rc = check_edge(c, i, cl, &annex);
        if (rc == CONCORD_OK)
            rc = check_edge_order(c, w, cl, i, annex);
        if (rc != CONCORD_OK)
            return rc;
        const cq_edge *e = &g->edges[i];
        cq_id b = e->to == CQ_NONE ? CQ_NONE : e->to_standard;
        w->others[w->n_others] = b;
        w->n_others += (b != prev) & (b != CQ_NONE);
        prev = b;
        w->with_target += e->to != CQ_NONE;
    }
    return CONCORD_OK;
}

/* The refusal for in_edges entry k, under clause cl: the problem of the
** edge it names, when that has one the walk has not come to yet. */
static int in_edges_entry(checker *c, uint32_t k, cq_id cl)
{
    cq_id x = c->view.in_edges[k];
    cq_id annex;
    int rc = x < c->view.n_edges ? check_edge(c, x, listed_under(c, x), &annex)
                                 : CONCORD_OK;
    if (rc != CONCORD_OK)
        return rc;
    return invalid(c, "%s entry %u (%u) does not belong to %u", "in_edges",
                   (unsigned)k, (unsigned)x, (unsigned)cl);
}

/* How many in_edges entries ahead the walk asks for an entry's edge. */
enum { AHEAD = 48 };

/*
** Clause cl's in_edges entries: edges toward it, in increasing order (with
** the count of all entries checked at the end, they are then exactly the
** edges that have a target).  The standards they come from are noted in
** w->others: in order too, as the edges go by source clause and standards
** own ranges of clauses.
*/
static int walk_in_edges(checker *c, walk *w, cq_id cl)
{
    const cq_graph *g = &c->view;
    const cq_id *list = g->in_edges;
    uint32_t k0 = g->in_start[cl], k1 = g->in_start[cl + 1];
    uint32_t n_edges = g->n_edges, total = c->sec[CQ_SEC_IN_EDGES].count;
    cq_id prev = CQ_NONE;
    for (uint32_t k = k0; k < k1; k++) {
        /* the entries' edges are anywhere: ask for them early */
        if (k + AHEAD < total && list[k + AHEAD] < n_edges)
            __builtin_prefetch(&g->edges[list[k + AHEAD]].to);
        if (list[k] >= n_edges || g->edges[list[k]].to != cl ||
            (k > k0 && list[k] <= list[k - 1]))
            return in_edges_entry(c, k, cl);
        cq_id b = owner_of(&c->owner, list[k]);
        w->others[w->n_others] = b;
        w->n_others += b != prev;
        prev = b;
    }
    return CONCORD_OK;
}

/* Clause cl next in the list of each standard in w->others, once (a
** standard on both sides is seen the second time). */
static int walk_listed(checker *c, walk *w, cq_id cl)
{
    const cq_id *pair_clauses = c->view.pair_clauses;
    for (uint32_t j = 0; j < w->n_others; j++) {
        cq_id b = w->others[j];
        if (w->seen[b] == cl)
            continue;
        uint32_t at = w->next[b];
        if (at >= w->end[b] || pair_clauses[at] != cl)
            return pairs_mismatch(c);
        w->next[b] = at + 1;
        w->seen[b] = cl;
        /* each list is read in order, but fifty of them at once are more
        ** than the processor follows by itself */
        __builtin_prefetch(&pair_clauses[at + 32]);
    }
    w->n_others = 0;
    return CONCORD_OK;
}

/* The indexes the walk follows, before it follows them. */
static int check_indexes(checker *c)
{
    const cq_graph *g = &c->view;
    uint32_t ns = g->n_standards;
    int rc;
    if ((rc = check_csr(c, "out_start", g->out_start, g->n_clauses,
                        g->n_edges)) != CONCORD_OK ||
        (rc = check_csr(c, "in_edges", g->in_start, g->n_clauses,
                        c->sec[CQ_SEC_IN_EDGES].count)) != CONCORD_OK)
        return rc;
    if (g->pair_start[0] != 0 || g->pair_start[ns] != g->n_pairs)
        return pairs_mismatch(c);
    for (uint32_t s = 0; s < ns; s++)
        if (g->pair_start[s] > g->pair_start[s + 1])
            return pairs_mismatch(c);
    return make_owner(c, &c->owner);
}

static int walk_all(checker *c, walk *w)
{
    const cq_graph *g = &c->view;
    int rc = CONCORD_OK;
    for (uint32_t s = 0; rc == CONCORD_OK && s < g->n_standards; s++) {
        const cq_standard *std = &g->standards[s];
        w->first = std->first_clause;
        rc = open_pairs(c, w, s);
        for (cq_id cl = std->first_clause;
             rc == CONCORD_OK && cl < std->end_clause; cl++)
            if ((rc = walk_clause(c, w, s, cl)) == CONCORD_OK &&
                (rc = walk_out_edges(c, w, cl)) == CONCORD_OK &&
                (rc = walk_in_edges(c, w, cl)) == CONCORD_OK)
                rc = walk_listed(c, w, cl);
        if (rc == CONCORD_OK)
            rc = close_pairs(c, w, s);
    }
    if (rc != CONCORD_OK)
        return rc;
    if (c->sec[CQ_SEC_IN_EDGES].count != w->with_target)
        return invalid(c, "%s holds %u entries for %u targets", "in_edges",
                       (unsigned)c->sec[CQ_SEC_IN_EDGES].count,
                       (unsigned)w->with_target);
    if (w->entry != g->n_pair_clauses)
        return pairs_mismatch(c);
    return CONCORD_OK;
}

static int check_by_clause(checker *c)
{
    uint32_t ns = c->view.n_standards;
    int rc = check_indexes(c);
    if (rc != CONCORD_OK)
        return rc;
    size_t words = 5 * ((size_t)ns + 1);
    uint32_t *mem = cq_malloc(c->alloc, sizeof(uint32_t) * words);
    if (mem == NULL)
        return cq_error_nomem(c->err);
    walk w = {.next = mem,
              .end = mem + ns + 1,
              .seen = mem + 2 * ((size_t)ns + 1),
              .others = mem + 3 * ((size_t)ns + 1)};
    memset(mem, 0, sizeof(uint32_t) * 2 * ((size_t)ns + 1));
    memset(w.seen, 0xff, sizeof(cq_id) * ((size_t)ns + 1)); /* CQ_NONE */
    rc = walk_all(c, &w);
    cq_free(c->alloc, mem, sizeof(uint32_t) * words);
    return rc;
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

/*
** A key hash holds each of the n ids once and has a free slot (lookups stop
** at one; without it a missing key would probe forever), and every key is
** found where the lookups probe.  key_offset is the byte offset of the key in
** an element of items.
*/
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

/*
** The clause hash (graph.h) holds each clause once in a tag and keeps a
** free slot (lookups stop at one), every clause is found where the lookups
** probe (no slot before it on the way has a tag equal to its key), and
** every slot holds exactly the tag cq_graph_clause_tag makes: a lookup
** reads only tags, so a crafted tag would answer for a key it is not.
*/
static const cq_clause_tag free_tag = {.id = CQ_NONE};

/* The refusal for the first slot that is neither clear nor a clause's. */
static int bad_tag_slot(checker *c)
{
    const cq_graph *g = &c->view;
    for (uint32_t slot = 0; slot <= g->clause_tag_mask; slot++) {
        const cq_clause_tag *t = &g->clause_tags[slot];
        if (t->id == CQ_NONE && memcmp(t, &free_tag, sizeof *t) != 0)
            return invalid(c, "clause_tags slot %u is free but not clear",
                           (unsigned)slot);
        if (t->id != CQ_NONE && t->id >= g->n_clauses)
            return invalid(c, "clause_tags slot %u holds %u of %u",
                           (unsigned)slot, (unsigned)t->id,
                           (unsigned)g->n_clauses);
    }
    return CONCORD_OK;
}

/* Every slot clear or a clause's, as many of those as clauses, and one
** free at least.  Most slots are free, at random: the loop counts rather
** than branches on which, and only a bad slot has it look again. */
static int check_tag_slots(checker *c)
{
    const cq_graph *g = &c->view;
    uint64_t clear[4];
    memcpy(clear, &free_tag, sizeof clear);
    uint32_t used = 0, bad = 0;
    for (uint32_t slot = 0; slot <= g->clause_tag_mask; slot++) {
        const cq_clause_tag *t = &g->clause_tags[slot];
        uint64_t w[4];
        memcpy(w, t, sizeof w);
        uint32_t is_free = t->id == CQ_NONE;
        uint64_t dirt = (w[0] ^ clear[0]) | (w[1] ^ clear[1]) |
                        (w[2] ^ clear[2]) | (w[3] ^ clear[3]);
        bad |= (is_free & (dirt != 0)) | (!is_free & (t->id >= g->n_clauses));
        used += !is_free;
    }
    if (bad)
        return bad_tag_slot(c);
    if (used != g->n_clauses || used > g->clause_tag_mask)
        return invalid(c,
                       "clause_tags holds %u entries for %u keys in %u slots",
                       (unsigned)used, (unsigned)g->n_clauses,
                       (unsigned)g->clause_tag_mask + 1);
    return CONCORD_OK;
}

/* Does the lookup of the key whose tag is want (key[0..len)) stop at t,
** as cq_graph_find_clause compares?  t's id is a clause (checked).  (A
** short tag is compared with its padding, which want has zero: t's own
** check refuses it if its padding is not.) */
static int tag_answers(const checker *c, const cq_clause_tag *t,
                       const cq_clause_tag *want, const char *key, size_t len)
{
    if (want->len != CQ_TAG_LONG)
        return memcmp(&t->len, &want->len, 1 + CQ_TAG_KEY) == 0;
    return t->len == CQ_TAG_LONG &&
           cq_graph_key_equal(c->view.strings + c->view.clauses[t->id].key, key,
                              len);
}

/* Clause want->id's key key[0..len), whose home slot is slot: found there
** or after it as the lookups probe, in a slot holding exactly want. */
static int check_clause_tag(checker *c, const cq_clause_tag *want,
                            const char *key, size_t len, uint32_t slot)
{
    const cq_graph *g = &c->view;
    const cq_clause_tag *t = &g->clause_tags[slot];
    /* ends: a free slot is found before a full turn */
    for (; t->id != want->id; t = &g->clause_tags[slot]) {
        if (t->id == CQ_NONE || tag_answers(c, t, want, key, len))
            return invalid(c, "clause_tags does not find key %u (%s)",
                           (unsigned)want->id, key);
        slot = (slot + 1) & g->clause_tag_mask;
    }
    if (memcmp(t, want, sizeof *want) != 0)
        return invalid(c, "clause_tags slot %u is not clause %u's tag",
                       (unsigned)slot, (unsigned)want->id);
    return CONCORD_OK;
}

static int check_clause_tags(checker *c)
{
    const cq_graph *g = &c->view;
    int rc = check_tag_slots(c);
    /* each clause's tag is made, and its home slot fetched, TAG_AHEAD
    ** clauses before it is looked for there, so that on a table larger
    ** than the caches the misses overlap */
    enum { TAG_AHEAD = 32 };
    cq_clause_tag want[TAG_AHEAD];
    const char *key[TAG_AHEAD];
    size_t len[TAG_AHEAD];
    uint32_t home[TAG_AHEAD];
    uint32_t n = g->n_clauses;
    for (cq_id i = 0; rc == CONCORD_OK && i < n + TAG_AHEAD; i++) {
        uint32_t r = i % TAG_AHEAD;
        if (i >= TAG_AHEAD)
            rc = check_clause_tag(c, &want[r], key[r], len[r], home[r]);
        if (i < n) {
            key[r] = g->strings + g->clauses[i].key;
            len[r] = strlen(key[r]);
            home[r] = cq_graph_clause_tag(&want[r], i, g->out_start[i], key[r],
                                          len[r]) &
                      g->clause_tag_mask;
            __builtin_prefetch(&g->clause_tags[home[r]]);
        }
    }
    return rc;
}

/* Every edge's kind is one the graph knows (enum cq_edge_kind). */
static int check_edge_kinds(checker *c)
{
    const cq_graph *g = &c->view;
    for (uint32_t i = 0; i < g->n_edges; i++)
        if (g->edge_kinds[i] >= CQ_KIND_COUNT)
            return invalid(c, "edge %u has kind %u, not one of 0 to %d",
                           (unsigned)i, (unsigned)g->edge_kinds[i],
                           CQ_KIND_COUNT - 1);
    return CONCORD_OK;
}

/* Each edge's target record (stored since version 10) is what its edge
** makes: the key and standard a row toward a standard reads there. */
static int check_edge_targets(checker *c)
{
    const cq_graph *g = &c->view;
    for (uint32_t i = 0; i < g->n_edges; i++) {
        cq_edge_target want = cq_edge_target_of(&g->edges[i]);
        const cq_edge_target *t = &g->edge_targets[i];
        if (t->key != want.key || t->toward != want.toward)
            return invalid(c,
                           "edge %u: its target record (key %u, toward %#x) "
                           "is not its edge's (key %u, toward %#x)",
                           (unsigned)i, (unsigned)t->key, (unsigned)t->toward,
                           (unsigned)want.key, (unsigned)want.toward);
    }
    return CONCORD_OK;
}

/* The link matrix and the editions (stored since version 8, so that
** opening does not make them with a pass over the edges) are what the
** graph's edges and standards make. */
static int check_standard_index(checker *c)
{
    cq_graph made = c->view;
    made.alloc = *c->alloc;
    cq_arena_init(&made.pool, &made.alloc);
    int rc = CONCORD_OK;
    if (cq_graph_index_standards(&made) != CONCORD_OK)
        rc = cq_error_nomem(c->err);
    else if ((made.linked == NULL) != (c->view.linked == NULL) ||
             (made.linked != NULL &&
              memcmp(made.linked, c->view.linked,
                     cq_graph_linked_bytes(made.n_standards)) != 0))
        rc = invalid(c, "the link matrix of the standards does not match "
                        "the edges");
    else if (made.n_standards != 0 &&
             memcmp(made.editions, c->view.editions,
                    2 * sizeof(cq_id) * made.n_standards) != 0)
        rc = invalid(c, "the editions of the standards do not match their "
                        "ids");
    cq_arena_free(&made.pool);
    return rc;
}

/* The standards' hash (stored since version 9, so that opening does not
** make it: O(standards)) holds each standard once, in range, with a free
** slot, and finds every standard by its own id where the lookups probe.
** Its size, the one the builder makes, opening has checked. */
static int check_standard_hash(checker *c)
{
    const cq_graph *g = &c->view;
    if (g->standard_hash == NULL)
        return CONCORD_OK; /* a few standards: they are scanned */
    return check_hash(c, "standard_hash", g->standard_hash,
                      g->standard_hash_mask, g->n_standards, g->standards,
                      sizeof(cq_standard), offsetof(cq_standard, id));
}

/*
** Opening checks the structure: the header, the section table, the counts
** the sections must agree on and the string table's ends (no loop but
** over the section table: no walk of the standards, clauses, edges or
** terms).  Every id, offset and range in the sections
** is then checked where it is read (the accessors of graph.h, the hash
** lookups of graph.c, the trigram reader of trigram.c); the full check
** walks them all here.
*/
static int check_all(checker *c)
{
    const cq_graph *g = &c->view;
    int rc;
    if ((rc = check_header(c)) != CONCORD_OK ||
        (rc = check_table(c)) != CONCORD_OK ||
        (rc = check_counts(c)) != CONCORD_OK ||
        (rc = check_strings(c)) != CONCORD_OK)
        return rc;
    if (!(c->flags & CQ_IMAGE_FULL))
        return CONCORD_OK;
    /* the standards' ranges first: the walks below index by them */
    if ((rc = check_standards(c)) != CONCORD_OK ||
        (rc = check_string_fields(c)) != CONCORD_OK ||
        (rc = check_standard_ids(c)) != CONCORD_OK ||
        (rc = check_annexes(c)) != CONCORD_OK ||
        (rc = check_by_clause(c)) != CONCORD_OK ||
        (rc = check_terms(c)) != CONCORD_OK ||
        (rc = check_links(c)) != CONCORD_OK ||
        (rc = check_edge_kinds(c)) != CONCORD_OK ||
        (rc = check_edge_targets(c)) != CONCORD_OK ||
        (rc = check_trigrams(c)) != CONCORD_OK ||
        (rc = check_standard_index(c)) != CONCORD_OK ||
        (rc = check_clause_tags(c)) != CONCORD_OK ||
        (rc = check_standard_hash(c)) != CONCORD_OK)
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
    free_owner(&c, &c.owner);
    cq_free(alloc, c.annex_slots, sizeof(annex_slot) * c.n_annex_slots);
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
    g->image = data;
    g->image_size = len;
    /* the built-in bytes were checked whole when the library was built */
    atomic_init(&g->checked, (flags & (CQ_IMAGE_FULL | CQ_IMAGE_BUILTIN)) != 0);
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
    return cq_image_open_file_flags(path, 0, alloc, out, err);
}

int cq_image_verify(const cq_graph *g, cq_error *err)
{
    if (g == NULL || g->image == NULL || atomic_load(&g->checked))
        return CONCORD_OK;
    cq_graph *whole = NULL;
    int rc =
        open_image(g->image, g->image_size, "the corpus image", CQ_IMAGE_FULL,
                   &g->alloc, CQ_GRAPH_BORROWED, NULL, &whole, err);
    cq_graph_free(whole);
    if (rc == CONCORD_OK)
        atomic_store(&((cq_graph *)g)->checked, 1);
    return rc;
}

int cq_image_check_file(const char *path, const cq_allocator *alloc,
                        cq_error *err)
{
    cq_graph *g = NULL;
    int rc = cq_image_open_file_flags(path, CQ_IMAGE_FULL, alloc, &g, err);
    cq_graph_free(g);
    return rc;
}

int cq_image_open_file_flags(const char *path, unsigned flags,
                             const cq_allocator *alloc, cq_graph **out,
                             cq_error *err)
{
    *out = NULL;
    struct stat st;
    int why = 0;
    int fd = cq_file_open_regular(path, &st, &why);
    if (fd < 0)
        return io_error(err, path, cq_file_failed(why), why);
    if ((uintmax_t)st.st_size > SIZE_MAX) {
        close(fd);
        return cq_error_set(err, CONCORD_IOERR, NULL,
                            "%s: cannot read: too large to map", path);
    }
    size_t len = (size_t)st.st_size;
    void *map = NULL;
    if (len > 0) {
        /* the full check reads every page: then map them all in one go;
        ** otherwise opening reads a page or two, and a statement faults in
        ** what it reads */
        map = map_large(fd, len, (flags & CQ_IMAGE_FULL) != 0);
        if (map == MAP_FAILED) {
            int e = errno;
            close(fd);
            return io_error(err, path, "cannot map", e);
        }
    }
    close(fd); /* the mapping holds the file */
    int rc = open_image(map, len, path, flags & CQ_IMAGE_FULL, alloc,
                        CQ_GRAPH_MAPPED, map, out, err);
    if (rc != CONCORD_OK && map != NULL)
        munmap(map, len);
    return rc;
}
