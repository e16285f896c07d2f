/* sweep - annotates every body of a JSONL corpus (one object a line with "body", such as
 * ../shared/corpus/reuters21578-all.jsonl) in one process and checks each output against the
 * API shape with ann_check. The eval run uses it so that every build, `make asan` included,
 * puts the engine through some twenty thousand real stories.
 *
 * usage: sweep CORPUS.jsonl
 * Prints the first violations and a count; exit 0 when every output fits, 1 otherwise, 2 when
 * the corpus cannot be read.
 *
 * Threads: single-threaded program.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>

#include <jansson.h>

#include "ann_check.h"
#include "annotate.h"
#include "buf.h"
#include "status.h"
#include "utf8.h"

/* Violations past this many are counted only. */
#define MAX_REPORTED 10

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: sweep CORPUS.jsonl\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (f == NULL) {
        fprintf(stderr, "sweep: cannot open %s\n", argv[1]);
        return 2;
    }
    struct annotator *an = annotator_new();
    char *line = NULL;
    size_t cap = 0, lineno = 0, bodies = 0, bad = 0, items = 0, bytes = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, f)) > 0) {
        lineno++;
        json_t *o = json_loadb(line, (size_t)n, 0, NULL);
        const json_t *jb = json_object_get(o, "body");
        if (!json_is_string(jb)) {
            json_decref(o);
            continue;
        }
        /* As the service takes a body: repaired to valid UTF-8 first. */
        size_t len;
        char *body = utf8_repair(json_string_value(jb), json_string_length(jb), &len);
        struct annotations a;
        struct buf err;
        buf_init(&err);
        if (annotate(an, body, len, &a) != TW_OK) {
            buf_puts(&err, "annotate() refused a repaired body\n");
        } else {
            items += a.nactors + a.nclaims + a.ntariffs;
            json_t *j = annotations_to_json(&a, body);
            ann_check(j, body, len, &err);
            json_decref(j);
        }
        annotations_cleanup(&a);
        if (err.len > 0 && ++bad <= MAX_REPORTED)
            printf("sweep: line %zu (id %lld) does not fit the API shape:\n%s", lineno,
                   (long long)json_integer_value(json_object_get(o, "id")), err.data);
        buf_cleanup(&err);
        bodies++;
        bytes += len;
        free(body);
        json_decref(o);
    }
    free(line);
    fclose(f);
    annotator_free(an);
    printf("sweep: %zu bodies (%.1f MB), %zu annotations, %zu outputs not fitting the shape\n",
           bodies, (double)bytes / 1e6, items, bad);
    return bad == 0 && bodies > 0 ? 0 : 1;
}
