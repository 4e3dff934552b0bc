/*
** strhash.h -- a fast hash of short byte strings, eight bytes at a time,
** for the tables that loading a corpus fills (corpus.c's key tables,
** graph_build.c's string table) and for grouping rows (compose.c): a
** million-edge corpus hashes millions of keys, and a byte-at-a-time hash
** is a dependent multiply per byte.  Not the graph's lookup hash
** (cq_graph_key_hash), which images store.
*/
#ifndef CQ_STRHASH_H
#define CQ_STRHASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* The eight bytes of w with ASCII upper case letters made lower case;
** bytes of 0x80 and above are left as they are. */
static inline uint64_t cq_fold8(uint64_t w)
{
    const uint64_t ones = 0x0101010101010101u;
    uint64_t low7 = w & (0x7f * ones);
    uint64_t ge_a = low7 + (0x80 - 'A') * ones; /* high bit: >= 'A' */
    uint64_t gt_z = low7 + (0x7f - 'Z') * ones; /* high bit: > 'Z' */
    uint64_t upper = (ge_a ^ gt_z) & ~w & (0x80 * ones);
    return w | (upper >> 2);
}

/* The hash of s[0..n) mixed with seed; fold: ASCII case folded first, so
** keys equal but for case hash alike. */
static inline uint32_t cq_strhash(const char *s, size_t n, uint64_t seed,
                                  int fold)
{
    const uint64_t k = 0x9e3779b97f4a7c15u;
    uint64_t h = (seed ^ (uint64_t)n << 40 ^ n) * k;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        h = (h ^ (fold ? cq_fold8(w) : w)) * k;
        h ^= h >> 29;
    }
    if (i < n) {
        uint64_t w = 0;
        memcpy(&w, s + i, n - i);
        h = (h ^ (fold ? cq_fold8(w) : w)) * k;
    }
    h ^= h >> 32;
    return (uint32_t)(h * k >> 32);
}

#endif
