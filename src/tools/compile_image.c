/*
** compile_image.c -- build-time tool: compiles the corpus TSV folder into
** the image that embed.c then links into the library as the built-in
** corpus, so that opening it parses nothing.
**
** usage: compile_image DIR OUT
** It is linked from the library objects it needs (corpus, graph, image and
** their helpers), never from the built-in corpus it is making.  The image
** written is opened again and checked, so a bad one stops the build
** instead of every later concord_open.
*/
#include <stdio.h>
#include <stdlib.h>

#include "corpus.h"
#include "image.h"

int main(int argc, char **argv)
{
    if (argc != 3) {
        fputs("usage: compile_image DIR OUT\n", stderr);
        return 2;
    }
    const cq_allocator alloc = {cq_default_alloc, NULL};
    cq_error err;
    cq_error_init(&err, &alloc);
    cq_graph *g = NULL, *check = NULL;
    int rc = cq_corpus_load_dir(argv[1], &alloc, &g, &err);
    if (rc == CONCORD_OK)
        rc = cq_image_save(g, argv[2], &alloc, &err);
    if (rc == CONCORD_OK)
        rc = cq_image_open_file_flags(argv[2], CQ_IMAGE_FULL, &alloc, &check,
                                      &err);
    if (rc != CONCORD_OK)
        fprintf(stderr, "compile_image: %s: %s\n", argv[1],
                cq_error_message(&err));
    cq_graph_free(check);
    cq_graph_free(g);
    cq_error_free(&err);
    return rc == CONCORD_OK ? 0 : 1;
}
