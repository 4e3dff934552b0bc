/*
** test_image_buf.h -- an image written into memory, for the unit tests
** that compile a graph and open it again (test_image, test_route,
** test_trigram), and where its sections are, for the tests that damage it.
**
** Header-only (static functions) so that each test stays one file.
*/
#ifndef TEST_IMAGE_BUF_H
#define TEST_IMAGE_BUF_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* An image in memory (malloc'd, so suitably aligned). */
typedef struct image {
    unsigned char *data;
    size_t len;
    size_t cap;
} image;

/* A concord_write_fn that appends to the image ctx; 1 when out of memory. */
static int image_append(void *ctx, const char *data, size_t len)
{
    image *im = ctx;
    if (im->len + len > im->cap) {
        size_t cap = im->cap ? im->cap : 4096;
        while (cap < im->len + len)
            cap *= 2;
        unsigned char *p = realloc(im->data, cap);
        if (p == NULL)
            return 1;
        im->data = p;
        im->cap = cap;
    }
    memcpy(im->data + im->len, data, len);
    im->len += len;
    return 0;
}

/* The little-endian 64-bit number at p; storing one. */
static inline uint64_t image_get64(const unsigned char *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

static inline void image_put64(unsigned char *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

/* Where section i's entry in the image's table is (16 bytes from byte
** 32 on, its offset first), and the section's data. */
static inline unsigned char *image_entry(image *im, int i)
{
    return im->data + 32 + 16 * i;
}

static inline void *image_section(image *im, int i)
{
    return im->data + image_get64(image_entry(im, i));
}

#endif
