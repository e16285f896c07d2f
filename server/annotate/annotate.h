/* annotate.h - the annotation engine: a news body in, actors, claims and tariff figures out,
 * as defined by ../shared/eval/GUIDELINE.md.
 *
 * An annotator holds the lexicons, built once from the embedded TSV files; after
 * annotator_new() returns it is immutable. annotate() keeps all its state in the caller's
 * struct annotations and on its own stack, so it is reentrant.
 *
 * Threads: annotator_new/annotator_free from one thread (start-up, shut-down); annotate() and
 * annotations_to_json() from any number of threads at once, each with its own annotations.
 */
#ifndef TW_ANNOTATE_H
#define TW_ANNOTATE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum actor_type { ACTOR_PERSON, ACTOR_COUNTRY, ACTOR_ORGANIZATION };
enum tariff_kind { TARIFF_RATE, TARIFF_COVERED_VALUE };
enum tariff_cmp { CMP_EQ, CMP_GT, CMP_LT, CMP_APPROX };
enum tariff_change {
    CHANGE_IMPOSE,
    CHANGE_RAISE,
    CHANGE_CUT,
    CHANGE_REMOVE,
    CHANGE_SUSPEND,
    CHANGE_THREATEN,
    CHANGE_PROPOSE,
    CHANGE_CURRENT
};

/* A stretch of the body. Offsets are in code points (what the API reports) and in bytes and
 * tokens (what the engine works with); end is exclusive. */
struct ann_span {
    uint32_t start, end;           /* code points */
    uint32_t byte_start, byte_end; /* bytes */
    uint32_t tok_first, tok_end;   /* tokens of the engine's struct text */
};

struct ann_actor {
    char *name; /* fullest form in the body ("Donald Trump", "United States") */
    enum actor_type type;
    char country[3]; /* ISO 3166-1 alpha-2, "EU", or "" for none */
    char *role;      /* the title the text gives, or NULL */
    struct ann_span *mentions; /* in body order */
    size_t nmentions, cap_mentions;
};

struct ann_claim {
    long speaker; /* index into actors, or -1 */
    bool direct;
    char *cue; /* "said", "according to", or NULL */
    struct ann_span span;
};

struct ann_tariff {
    enum tariff_kind kind;
    double value;       /* percent for ad valorem rates; full amount for money */
    char unit[8];       /* "percent", or an ISO 4217 code */
    char *per;          /* quantity of a specific duty ("pound"), or NULL */
    enum tariff_cmp comparator;
    char imposer[3];    /* ISO code, "EU", or "" for unknown */
    char target[3];     /* ISO code, "EU", "*" for all origins, or "" for unknown */
    char **products;    /* lower case */
    size_t nproducts;
    enum tariff_change change;
    struct ann_span span;
    uint32_t sentence_start, sentence_end; /* bytes: its sentence (text_sentence_around), or
                                              equal when it has none */
};

struct annotations {
    struct ann_actor *actors;
    size_t nactors, cap_actors;
    struct ann_claim *claims;
    size_t nclaims, cap_claims;
    struct ann_tariff *tariffs;
    size_t ntariffs, cap_tariffs;
};

struct annotator;

/* Builds the lexicons. Never NULL (aborts on a broken build, which a test catches). */
struct annotator *annotator_new(void);
void annotator_free(struct annotator *an);

/* Annotates body[0..len), which must be valid UTF-8 without NUL (utf8_repair() makes any bytes
 * so). Fills *out, which the caller later passes to annotations_cleanup().
 * Returns 0, TW_EINVAL for invalid UTF-8, or TW_ETOOBIG past 4 GiB; *out is then empty. */
int annotate(const struct annotator *an, const char *body, size_t len, struct annotations *out);
void annotations_cleanup(struct annotations *a);

/* The annotations as the API serves them under "annotations" (GUIDELINE.md), with 1-based ids
 * in order of appearance. body is the annotated text (for the mention texts). New reference. */
json_t *annotations_to_json(const struct annotations *a, const char *body);

const char *actor_type_name(enum actor_type t);
const char *tariff_kind_name(enum tariff_kind k);
const char *tariff_cmp_name(enum tariff_cmp c);
const char *tariff_change_name(enum tariff_change c);

#endif
