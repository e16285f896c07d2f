#include "annotate_cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annotate.h"
#include "buf.h"
#include "utf8.h"

static int read_all(FILE *f, struct buf *b)
{
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_append(b, chunk, n);
    return ferror(f) ? -1 : 0;
}

/* Annotates one input; prints it alone, or tagged with its name when there are several. */
static int annotate_one(const struct annotator *an, FILE *in, const char *name, int tagged)
{
    struct buf raw;
    buf_init(&raw);
    if (read_all(in, &raw) != 0) {
        fprintf(stderr, "tradewire annotate: cannot read %s: %s\n", name, strerror(errno));
        buf_cleanup(&raw);
        return 1;
    }
    size_t len;
    char *body = utf8_repair(raw.data ? raw.data : "", raw.len, &len);
    buf_cleanup(&raw);
    struct annotations a;
    int rc = annotate(an, body, len, &a);
    if (rc != 0) {
        fprintf(stderr, "tradewire annotate: %s: cannot annotate\n", name);
        free(body);
        return 1;
    }
    json_t *out = annotations_to_json(&a, body);
    if (tagged) {
        json_t *wrap = json_object();
        json_object_set_new(wrap, "file", json_string(name));
        json_object_set_new(wrap, "annotations", out);
        out = wrap;
    }
    json_dumpf(out, stdout, JSON_COMPACT);
    fputc('\n', stdout);
    json_decref(out);
    annotations_cleanup(&a);
    free(body);
    return 0;
}

int annotate_cli_main(int argc, char **argv)
{
    struct annotator *an = annotator_new();
    int status = 0;
    if (argc <= 1) {
        status = annotate_one(an, stdin, "-", 0);
    } else {
        for (int i = 1; i < argc; i++) {
            FILE *f = fopen(argv[i], "rb");
            if (f == NULL) {
                fprintf(stderr, "tradewire annotate: cannot open %s: %s\n", argv[i],
                        strerror(errno));
                status = 1;
                continue;
            }
            status |= annotate_one(an, f, argv[i], argc > 2);
            fclose(f);
        }
    }
    annotator_free(an);
    return fflush(stdout) == 0 ? status : 1;
}
