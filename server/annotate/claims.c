/* claims.c - the claims stage: attributions (a cue, a speaker, a content) read off the tokens.
 *
 * One pass over the sentences finds every cue of cues.tsv outside quotes and reads around it:
 * the subject before it ("Trump said", "a Commerce Department official said") or after it
 * ("..., said Trump"), and the content after it ("said (that) ...", "told Reuters ...") or
 * before it ("..., Trump said", "\"...,\" he said"). Quotes that no attribution claims take the
 * speaker of the attribution just before them ("...," said Trump. "..."), as wire copy does.
 *
 * Speakers are resolved from the actors stage (doc->actor_at); the words around it say who an
 * unnamed source speaks for (officials, spokesmen, statements, "the ministry", "he"). The state
 * that resolution reads ("the last person mentioned", "the last speaker called a spokesman") is
 * updated as the pass moves forward, so the stage is linear in the tokens.
 *
 * This file holds the lexicon, the attribution memory and the pass; claims_internal.h says
 * which file does the rest.
 */
#include "claims.h"

#include <stdlib.h>
#include <string.h>

#include "claims_internal.h"
#include "mem.h"

static void decode(const struct lex_row *row, struct cue *c)
{
    memset(c, 0, sizeof *c);
    c->ntok = row->ntok;
    c->noun = -1;
    static const struct {
        const char *name;
        enum kind kind;
    } kinds[] = {{"verb", K_VERB},   {"part", K_PART},       {"source", K_SOURCE},
                 {"noun", K_NOUN},   {"title", K_TITLE},     {"official", K_OFFICIAL},
                 {"body", K_BODY},   {"doc", K_DOC},         {"crowd", K_CROWD},
                 {"admin", K_ADMIN}, {"publish", K_PUBLISH}, {"firm", K_FIRM}};
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
        if (strcmp(row->field[1], kinds[i].name) == 0)
            c->kind = kinds[i].kind;
    const char *f = row->field[2];
    c->flags |= strstr(f, "strong") ? F_STRONG : 0;
    c->flags |= strstr(f, "inv") ? F_INV : 0;
    c->flags |= strstr(f, "obj") ? F_OBJ : 0;
    c->flags |= strstr(f, "person") ? F_PERSON : 0;
    c->flags |= strstr(f, "noinf") ? F_NOINF : (strstr(f, "inf") ? F_INF : 0);
    const char *r = strstr(f, "rest=");
    if (r != NULL) {
        c->flags |= F_REST;
        size_t n = strcspn(r + 5, ",");
        if (n >= sizeof c->rest)
            n = sizeof c->rest - 1;
        memcpy(c->rest, r + 5, n);
    }
    const char *pp = strstr(f, "prep=");
    if (pp != NULL) {
        c->flags |= F_PREP;
        size_t n = strcspn(pp + 5, ",");
        if (n >= sizeof c->prep)
            n = sizeof c->prep - 1;
        memcpy(c->prep, pp + 5, n);
    }
}

struct claims_lex *claims_lex_new(void)
{
    struct claims_lex *lx = xcalloc(1, sizeof *lx);
    lx->cues = lexicon_load_embedded("server/annotate/lexicons/cues.tsv", LEX_FOLD_CASE);
    lx->decoded = xcalloc(lexicon_size(lx->cues) + 1, sizeof *lx->decoded);
    for (size_t i = 0; i < lexicon_size(lx->cues); i++)
        decode(lexicon_row(lx->cues, i), &lx->decoded[i]);
    for (size_t i = 0; i < lexicon_size(lx->cues) && lx->nnoun < MAX_NOUNS; i++) {
        enum kind k = lx->decoded[i].kind;
        if (k == K_TITLE || k == K_OFFICIAL || k == K_BODY || k == K_ADMIN) {
            lx->decoded[i].noun = (int)lx->nnoun;
            lx->noun[lx->nnoun++] = lexicon_row(lx->cues, i);
        }
    }
    return lx;
}

void claims_lex_free(struct claims_lex *lx)
{
    if (lx == NULL)
        return;
    lexicon_free(lx->cues);
    free(lx->decoded);
    free(lx);
}

enum kind cl_lookup(const struct state *st, size_t i, size_t end, struct cue *c,
                    const struct lex_row **rowp)
{
    size_t n = 0;
    if (i >= end || st->t->tok[i].kind != TOK_WORD)
        return K_NONE;
    const struct lex_row *row = lexicon_match(st->lx->cues, st->t, i, end, &n);
    if (row == NULL)
        return K_NONE;
    *c = st->lx->decoded[lexicon_row_index(st->lx->cues, row)]; /* decode(row, c) */
    c->ntok = n;
    if (rowp != NULL)
        *rowp = row;
    return c->kind;
}

enum kind cl_noun_at(const struct state *st, size_t i, int *slot)
{
    struct cue c;
    *slot = -1;
    enum kind k = cl_lookup(st, i, i + 1, &c, NULL);
    if (k == K_NONE || k == K_VERB || k == K_PART || k == K_SOURCE || k == K_NOUN || k == K_PUBLISH)
        return K_NONE;
    *slot = c.noun;
    return k;
}

void cl_emit(struct state *st, const struct content *c, long speaker, const char *cue,
             uint32_t cue_tok)
{
    if (c->end <= c->first || speaker == SPK_NONE)
        return;
    if (c->end - c->first < 8 && count_words(st->t, c->first, c->end) < 2 && c->quote < 0)
        return;

    void *p = st->out;
    xgrow(&p, &st->cap_out, st->nout + 1, sizeof *st->out);
    st->out = p;
    st->out[st->nout++] = (struct pending){(uint32_t)c->first,
                                           (uint32_t)c->end,
                                           speaker,
                                           c->direct,
                                           cue_tok,
                                           st->t->tok[cue_tok].sentence,
                                           cue};
}

bool cl_repeats(const struct state *st, const struct content *c, long speaker, size_t cue_tok)
{
    uint32_t sent = st->t->tok[cue_tok].sentence;
    for (size_t k = st->nout; k > 0 && st->nout - k < 8; k--) {
        const struct pending *o = &st->out[k - 1];
        if (o->sent != sent && o->sent + 1 != sent)
            break;
        if (o->speaker != speaker)
            continue;
        if (o->first <= cue_tok && cue_tok < o->end && o->first <= c->first && c->end <= o->end)
            return true;
        if (c->first <= o->cue_tok && o->cue_tok < c->end && c->first <= o->first &&
            o->end <= c->end)
            return true;
    }
    return false;
}

static char *cue_text(const struct text *t, size_t a, size_t b)
{
    return xstrndup(t->s + t->tok[a].start, t->tok[b - 1].end - t->tok[a].start);
}

struct attribution *cl_remember(struct state *st, size_t cue, size_t cue_end, struct who w,
                                bool quote_content)
{
    void *p = st->attr;
    xgrow(&p, &st->cap_attr, st->nattr + 1, sizeof *st->attr);
    st->attr = p;
    struct attribution *a = &st->attr[st->nattr++];
    a->cue = (uint32_t)cue;
    a->sent = st->t->tok[cue].sentence;
    if (st->nattr == 1 || st->attr[st->sent_attr].sent != a->sent)
        st->sent_attr = st->nattr - 1;
    a->speaker = w.actor;
    a->quote_content = quote_content;
    a->main = false;
    a->cue_text = cue_text(st->t, cue, cue_end);
    if (spk_later(w.actor))
        return a;
    if (w.actor == SPK_NONE && w.animate) { /* "analysts said": no pronoun after it is an actor */
        st->last_thing = SPK_NONE;
        st->last_thing_sent = a->sent;
        st->have_thing = true;
    }
    if (w.actor >= 0 && st->d->ann->actors[w.actor].type == ACTOR_PERSON) {
        st->last_person_spk = w.actor;
        st->last_person_spk_sent = a->sent;
    }
    if (w.animate) {
        st->last_animate = w.actor;
        st->last_animate_sent = a->sent;
        st->last_animate_cue = a->cue;
        st->have_animate = true;
    } else {
        st->last_thing = w.actor;
        st->last_thing_sent = a->sent;
        st->have_thing = true;
    }
    if (w.noun >= 0 && w.actor >= 0) {
        st->word_mem[w.noun] = w.actor;
        st->word_mem_tok[w.noun] = (uint32_t)cue;
    }
    return a;
}

const struct attribution *cl_sentence_attr(const struct state *st, size_t i)
{
    uint32_t s = st->t->tok[i].sentence;
    if (st->nattr > 0 && st->attr[st->nattr - 1].sent == s && st->attr[st->nattr - 1].cue < i)
        return &st->attr[st->nattr - 1];
    return NULL;
}

const struct attribution *cl_sentence_first_attr(const struct state *st, size_t i)
{
    uint32_t s = st->t->tok[i].sentence;
    if (st->nattr == 0 || st->attr[st->sent_attr].sent != s || st->attr[st->sent_attr].cue >= i)
        return NULL;
    /* "According to the report, ..., Zhang said, adding that ...": the verb's subject, not the
     * source opening the sentence */
    for (size_t k = st->sent_attr; k < st->nattr && k < st->sent_attr + 16; k++)
        if (st->attr[k].main && st->attr[k].cue < i)
            return &st->attr[k];
    return &st->attr[st->sent_attr];
}

/* Unnamed persons ("a senior official said") are the next named speaker, when there is one
 * within two sentences. */
static void resolve_later(struct state *st)
{
    size_t ai = 0;
    for (size_t i = 0; i < st->nout; i++) {
        struct pending *p = &st->out[i];
        if (!spk_later(p->speaker))
            continue;
        while (ai < st->nattr && st->attr[ai].cue <= p->cue_tok)
            ai++;
        bool person = p->speaker == SPK_LATER_PERSON;
        /* (a government's study no later sentence names is the government's country) */
        long fallback = p->speaker == SPK_LATER_DOC ? st->default_country : SPK_NONE;
        p->speaker = SPK_NONE;
        for (size_t k = ai; k < st->nattr && k < ai + 16 && st->attr[k].sent <= p->sent + 2; k++) {
            long a = st->attr[k].speaker;
            /* (a text's author is a body: "the FTC report said", not "Baldrige said") */
            if (fallback != SPK_NONE && a >= 0 && st->d->ann->actors[a].type != ACTOR_ORGANIZATION)
                continue;
            if (!spk_later(a)) {
                p->speaker = a;
                break;
            }
        }
        /* "A senior official said ... Deputy Minister Wang Lei met ...": the person with an
         * office who opens the next sentence */
        if (person && p->speaker == SPK_NONE)
            p->speaker = cl_named_next(st, p->cue_tok, -1);
        if (p->speaker < 0)
            p->speaker = fallback;
    }
}

static int by_position(const void *a, const void *b)
{
    const struct pending *x = a, *y = b;
    if (x->first != y->first)
        return x->first < y->first ? -1 : 1;
    if (x->end != y->end)
        return x->end > y->end ? -1 : 1;
    return x->cue_tok < y->cue_tok ? -1 : (x->cue_tok > y->cue_tok);
}

void claims_find(const struct claims_lex *lx, struct doc *d)
{
    const struct text *t = &d->text;
    if (t->ntok == 0)
        return;
    struct state st = {.lx = lx, .d = d, .t = t};
    st.qat = xmalloc(t->ntok * sizeof *st.qat);
    claims_quotes_find(t, &st.q, &st.nq, st.qat);
    st.qused = xcalloc(st.nq ? st.nq : 1, sizeof *st.qused);
    cl_init_actor_tables(&st);
    cl_fix_unclosed(&st);

    for (size_t s = 0; s < t->nsent; s++) {
        size_t sfirst = t->sent[s].first, send = t->sent[s].end;
        for (size_t i = sfirst; i < send; i++) {
            if (st.qat[i] != QUOTE_NONE)
                continue;
            struct cue c;
            enum kind k = cl_lookup(&st, i, send, &c, NULL);
            /* "the U.S. statement that it will ...": a text with its content */
            bool doc = k == K_DOC && text_tok_is_ci(t, i + c.ntok, "that");
            if (k != K_VERB && k != K_PART && k != K_SOURCE && k != K_NOUN && k != K_PUBLISH &&
                !doc)
                continue;
            if (doc)
                cl_noun_cue(&st, i, i + c.ntok, sfirst, send, true);
            else if (k == K_PUBLISH)
                cl_publish_cue(&st, i, i + c.ntok, sfirst, send);
            else if (k == K_NOUN)
                cl_noun_cue(&st, i, i + c.ntok, sfirst, send, false);
            else if (k == K_SOURCE)
                cl_source_cue(&st, i, i + c.ntok, sfirst, send);
            else
                cl_verb_cue(&st, &c, i, i + c.ntok, sfirst, send);
            i += c.ntok - 1;
        }
    }
    cl_inherit_quotes(&st);
    resolve_later(&st);

    if (st.nout > 0)
        qsort(st.out, st.nout, sizeof *st.out, by_position);
    for (size_t i = 0; i < st.nout; i++) {
        const struct pending *p = &st.out[i];
        if (p->speaker < 0 || (size_t)p->speaker >= d->ann->nactors)
            continue;
        if (i > 0 && st.out[i - 1].first == p->first && st.out[i - 1].end == p->end)
            continue;
        struct ann_claim *cl = ann_add_claim(d->ann);
        cl->speaker = p->speaker;
        cl->direct = p->direct;
        cl->cue = p->cue ? xstrdup(p->cue) : NULL;
        doc_span(d, p->first, p->end, &cl->span);
    }
    for (size_t i = 0; i < st.nattr; i++)
        free(st.attr[i].cue_text);
    free(st.attr);
    free(st.out);
    free(st.q);
    free(st.qat);
    free(st.qused);
    free(st.body_mask);
    free(st.role_mask);
}
