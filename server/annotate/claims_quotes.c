/* claims_quotes.c - quote pairing (see claims_quotes.h for the rules and why). */
#include "claims_quotes.h"

#include <stdlib.h>

#include "mem.h"

static bool is_double_mark(const struct text *t, size_t i)
{
    return text_tok_is_char(t, i, '"') || text_tok_is_char(t, i, 0x201C) ||
           text_tok_is_char(t, i, 0x201D) || text_tok_is_char(t, i, 0x201E) ||
           text_tok_is_char(t, i, 0xAB) || text_tok_is_char(t, i, 0xBB);
}

/* A straight quote glued to letters on both sides is an apostrophe typed as '"' ("India"s"). */
static bool is_glued(const struct text *t, size_t i)
{
    if (i == 0 || i + 1 >= t->ntok)
        return false;
    const struct token *p = &t->tok[i - 1], *k = &t->tok[i], *n = &t->tok[i + 1];
    return p->kind == TOK_WORD && n->kind == TOK_WORD && p->end == k->start && k->end == n->start;
}

/* Where a quote left open before token i (a new opening mark) ends: at the end of the sentence
 * before i's sentence, when that sentence is after the opening mark's, else just before i. */
static uint32_t implicit_end(const struct text *t, uint32_t open, uint32_t i)
{
    uint32_t s = t->tok[i].sentence;
    if (s > t->tok[open].sentence && t->sent[s].first > open + 1)
        return t->sent[s].first;
    return i;
}

static void push(struct quote **q, size_t *n, size_t *cap, uint32_t open, uint32_t close,
                 uint32_t end)
{
    void *p = *q;
    xgrow(&p, cap, *n + 1, sizeof **q);
    *q = p;
    (*q)[(*n)++] = (struct quote){open, close, open + 1, end};
}

void claims_quotes_find(const struct text *t, struct quote **out, size_t *n, uint32_t *at_tok)
{
    struct quote *q = NULL;
    size_t nq = 0, cap = 0;
    uint32_t open = QUOTE_NONE;
    for (uint32_t i = 0; i < t->ntok; i++) {
        at_tok[i] = QUOTE_NONE;
        const struct token *k = &t->tok[i];
        if (open != QUOTE_NONE && (k->flags & TOKF_PARA)) {
            push(&q, &nq, &cap, open, QUOTE_NONE, i);
            open = QUOTE_NONE;
        }
        if (k->kind != TOK_QUOTE || !is_double_mark(t, i) || is_glued(t, i))
            continue;
        bool opens = (k->flags & TOKF_QOPEN) != 0, closes = (k->flags & TOKF_QCLOSE) != 0;
        if (open == QUOTE_NONE) {
            if (opens)
                open = i; /* a closing mark with nothing open is a stray: dropped */
        } else if (closes) {
            push(&q, &nq, &cap, open, i, i);
            open = QUOTE_NONE;
        } else {
            push(&q, &nq, &cap, open, QUOTE_NONE, implicit_end(t, open, i));
            open = i;
        }
    }
    if (open != QUOTE_NONE)
        push(&q, &nq, &cap, open, QUOTE_NONE, (uint32_t)t->ntok);
    for (size_t j = 0; j < nq; j++) {
        uint32_t last = q[j].close != QUOTE_NONE ? q[j].close + 1 : q[j].end;
        for (uint32_t i = q[j].open; i < last; i++)
            at_tok[i] = (uint32_t)j;
    }
    *out = q;
    *n = nq;
}
