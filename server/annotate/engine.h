/* engine.h - what the stages of the engine share while one body is annotated.
 *
 * annotate() builds a struct doc and runs the stages in order: actors_find() (actors.h), then
 * claims_find() (claims.h) and tariffs_find() (tariffs.h), which read the actors. A doc lives
 * on one thread for one call; the *_lex structures are immutable after their _new().
 *
 * Threads: the thread running annotate().
 */
#ifndef TW_ENGINE_H
#define TW_ENGINE_H

#include "annotate.h"
#include "text.h"

struct doc {
    struct text text;
    struct annotations *ann;
    /* Per token: the actor (index into ann->actors) whose mention covers it, else -1.
     * Filled by actors_find(). */
    int32_t *actor_at;
};

/* Fills span from the tokens [first, end) of the doc's text. */
void doc_span(const struct doc *d, size_t first, size_t end, struct ann_span *span);

/* Appends an empty element to a growable array of the annotations; returns it zeroed. */
struct ann_actor *ann_add_actor(struct annotations *a);
struct ann_claim *ann_add_claim(struct annotations *a);
struct ann_tariff *ann_add_tariff(struct annotations *a);
void ann_actor_add_mention(struct ann_actor *actor, const struct ann_span *span);

#endif
