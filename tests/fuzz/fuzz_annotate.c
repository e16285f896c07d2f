/* fuzz_annotate.c - libFuzzer harness over annotate() and annotations_to_json().
 *
 * Any bytes: annotate() must accept exactly the valid UTF-8 without NUL and reject the rest
 * with TW_EINVAL and empty output; after utf8_repair() it must return output that fits the
 * API shape (tests/eval/ann_check.c: fields, ids 1..n, offsets in range, text equal to the
 * body's code points [start, end)). A violation aborts, so libFuzzer keeps the input.
 *
 * Built and run by tests/fuzz/run_fuzz.sh (clang -fsanitize=fuzzer,address,undefined).
 * Threads: libFuzzer's one thread.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "ann_check.h"
#include "annotate.h"
#include "buf.h"
#include "status.h"
#include "utf8.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Built once, like the service does; immutable afterwards. */
static struct annotator *an;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    an = annotator_new();
    return 0;
}

static void violation(const char *what, const char *detail)
{
    fprintf(stderr, "fuzz_annotate: %s\n%s", what, detail ? detail : "");
    abort();
}

/* Annotates a valid body and checks the JSON; aborts on any violation. */
static void check_body(const char *body, size_t len)
{
    struct annotations a;
    if (annotate(an, body, len, &a) != TW_OK)
        violation("valid UTF-8 was refused", NULL);
    json_t *j = annotations_to_json(&a, body);
    annotations_cleanup(&a);
    struct buf err;
    buf_init(&err);
    if (j == NULL || ann_check(j, body, len, &err) != 0)
        violation("output does not fit the API shape:", err.data);
    char *s = json_dumps(j, JSON_COMPACT);
    if (s == NULL)
        violation("output cannot be serialised", NULL);
    free(s);
    buf_cleanup(&err);
    json_decref(j);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *raw = (const char *)data;
    if (utf8_valid(raw, size)) {
        check_body(raw, size);
        return 0;
    }
    struct annotations a;
    if (annotate(an, raw, size, &a) != TW_EINVAL)
        violation("invalid UTF-8 or a NUL was not refused with TW_EINVAL", NULL);
    if (a.nactors + a.nclaims + a.ntariffs != 0)
        violation("a refused input left annotations behind", NULL);
    annotations_cleanup(&a);
    size_t len;
    char *body = utf8_repair(raw, size, &len);
    check_body(body, len);
    free(body);
    return 0;
}
