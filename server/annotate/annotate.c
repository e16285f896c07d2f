/* annotate.c - the engine's entry point: runs the stages over one body. */
#include "annotate.h"

#include <stdlib.h>
#include <string.h>

#include "actors.h"
#include "claims.h"
#include "mem.h"
#include "status.h"
#include "tariffs.h"
#include "utf8.h"

struct annotator {
    struct actors_lex *actors;
    struct claims_lex *claims;
    struct tariffs_lex *tariffs;
};

struct annotator *annotator_new(void)
{
    struct annotator *an = xcalloc(1, sizeof *an);
    an->actors = actors_lex_new();
    an->claims = claims_lex_new();
    an->tariffs = tariffs_lex_new();
    return an;
}

void annotator_free(struct annotator *an)
{
    if (an == NULL)
        return;
    actors_lex_free(an->actors);
    claims_lex_free(an->claims);
    tariffs_lex_free(an->tariffs);
    free(an);
}

int annotate(const struct annotator *an, const char *body, size_t len, struct annotations *out)
{
    memset(out, 0, sizeof *out);
    if (!utf8_valid(body, len))
        return TW_EINVAL;
    struct doc d = {.ann = out};
    int rc = text_init(&d.text, body, len);
    if (rc != TW_OK)
        return rc;
    d.actor_at = xmalloc((d.text.ntok ? d.text.ntok : 1) * sizeof *d.actor_at);
    for (size_t i = 0; i < d.text.ntok; i++)
        d.actor_at[i] = -1;
    actors_find(an->actors, &d);
    claims_find(an->claims, &d);
    tariffs_find(an->tariffs, &d);
    for (size_t i = 0; i < out->ntariffs; i++) { /* for storage, while the text is at hand */
        struct ann_tariff *t = &out->tariffs[i];
        size_t s0, s1;
        if (text_sentence_around(&d.text, t->span.byte_start, t->span.byte_end, &s0, &s1)) {
            t->sentence_start = (uint32_t)s0;
            t->sentence_end = (uint32_t)s1;
        }
    }
    free(d.actor_at);
    text_cleanup(&d.text);
    return TW_OK;
}

void annotations_cleanup(struct annotations *a)
{
    for (size_t i = 0; i < a->nactors; i++) {
        free(a->actors[i].name);
        free(a->actors[i].role);
        free(a->actors[i].mentions);
    }
    for (size_t i = 0; i < a->nclaims; i++)
        free(a->claims[i].cue);
    for (size_t i = 0; i < a->ntariffs; i++) {
        free(a->tariffs[i].per);
        for (size_t k = 0; k < a->tariffs[i].nproducts; k++)
            free(a->tariffs[i].products[k]);
        free(a->tariffs[i].products);
    }
    free(a->actors);
    free(a->claims);
    free(a->tariffs);
    memset(a, 0, sizeof *a);
}

void doc_span(const struct doc *d, size_t first, size_t end, struct ann_span *span)
{
    const struct token *a = &d->text.tok[first], *b = &d->text.tok[end - 1];
    span->start = a->cp_start;
    span->end = b->cp_end;
    span->byte_start = a->start;
    span->byte_end = b->end;
    span->tok_first = (uint32_t)first;
    span->tok_end = (uint32_t)end;
}

#define ADD_ITEM(arr, n, cap)                                                                      \
    do {                                                                                           \
        void *p_ = (arr);                                                                          \
        xgrow(&p_, &(cap), (n) + 1, sizeof *(arr));                                                \
        (arr) = p_;                                                                                \
        memset(&(arr)[(n)], 0, sizeof *(arr));                                                     \
        return &(arr)[(n)++];                                                                      \
    } while (0)

struct ann_actor *ann_add_actor(struct annotations *a)
{
    ADD_ITEM(a->actors, a->nactors, a->cap_actors);
}

struct ann_claim *ann_add_claim(struct annotations *a)
{
    ADD_ITEM(a->claims, a->nclaims, a->cap_claims);
}

struct ann_tariff *ann_add_tariff(struct annotations *a)
{
    ADD_ITEM(a->tariffs, a->ntariffs, a->cap_tariffs);
}

void ann_actor_add_mention(struct ann_actor *actor, const struct ann_span *span)
{
    void *p = actor->mentions;
    xgrow(&p, &actor->cap_mentions, actor->nmentions + 1, sizeof *actor->mentions);
    actor->mentions = p;
    actor->mentions[actor->nmentions++] = *span;
}
