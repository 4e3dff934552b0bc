/*
** test_image_buf.h -- an image written into memory, for the unit tests
** that compile a graph and open it again (test_image, test_route).
**
** Header-only (static functions) so that each test stays one file.
*/
#ifndef TEST_IMAGE_BUF_H
#define TEST_IMAGE_BUF_H

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

#endif
