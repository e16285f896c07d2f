/* claims_cues.c - reads an attribution at each kind of cue of cues.tsv (verbs and participles,
 * "according to", reporting nouns, publishing verbs), and gives the quotes no cue claimed the
 * speaker of the attribution before them.
 */
#include "claims_internal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mem.h"

/* The actor that opens the sentence [sfirst, c0) as its subject, a verb after it ("The U.S.
 * imposed duties on ..., alleging that ..."): the subject a participle clause hangs on when the
 * noun phrase read from the sentence's start names no speaker. Otherwise w. */
static struct who opening_subject(struct state *st, size_t sfirst, size_t c0, struct who w)
{
    const struct text *t = st->t;
    size_t f = sfirst;
    if (f + 1 < c0 && text_tok_is_ci(t, f, "the"))
        f++;
    long a = st->d->actor_at[f];
    if (a < 0)
        return w;
    size_t m = f;
    while (m + 1 < c0 && st->d->actor_at[m + 1] == a)
        m++;
    size_t n = m + 1;
    if (n >= c0 || t->tok[n].kind != TOK_WORD || text_tok_in(t, n, PREP) ||
        text_tok_is_ci(t, n, "'s") || text_tok_is_ci(t, n, "and") || text_tok_is_ci(t, n, "or") ||
        st->d->actor_at[n] >= 0)
        return w;
    /* a past verb, capitalised or not ("The U.S. Imposed ..." in wire copy's case) */
    size_t len = text_tok_len(t, n);
    if (len < 4 || strncasecmp(text_tok_ptr(t, n) + len - 2, "ed", 2) != 0)
        return w;
    return who_make(a, st->d->ann->actors[a].type == ACTOR_PERSON, -1);
}

void cl_verb_cue(struct state *st, const struct cue *cue, size_t c0, size_t c1, size_t sfirst,
                 size_t send)
{
    const struct text *t = st->t;
    struct who w = {SPK_NONE, false, -1};
    struct content c = {0, 0, false, -1};
    size_t after_subject = c1;
    const struct attribution *prev = cl_sentence_first_attr(st, c0);
    struct content second = {0, 0, false, -1}; /* "\"...,\" Smith said, \"...\"" */
    static const char *const adjective_before[] = {"the", "a",   "an", "its", "their", "his", "her",
                                                   "of",  "for", "on", "in",  "with",  NULL};
    if (c0 > sfirst && text_tok_in(t, c0 - 1, PASSIVE) && cue->kind == K_VERB)
        return; /* "it was reported that": no source */
    if (c0 > sfirst && text_tok_in(t, c0 - 1, adjective_before))
        return; /* "a list of proposed goods": an adjective */
    long j = cl_skip_left(st, (long)c0 - 1, sfirst);
    /* "X, who said ...", "the association that contended ..." */
    if (j > (long)sfirst &&
        (text_tok_is_ci(t, (size_t)j, "who") || text_tok_is_ci(t, (size_t)j, "that") ||
         text_tok_is_ci(t, (size_t)j, "which"))) {
        long e = j - 1;
        if (e > (long)sfirst && is_comma(t, (size_t)e))
            e--;
        if (e < (long)sfirst || is_comma(t, (size_t)e) || t->tok[e].kind == TOK_QUOTE)
            return;
        size_t s = cl_np_left(st, (size_t)e, sfirst);
        int32_t ae = st->d->actor_at[e];
        if (ae >= 0) { /* the antecedent is the name right before the relative */
            s = (size_t)e;
            while (s > sfirst && st->d->actor_at[s - 1] == ae)
                s--;
        }
        if (s > (size_t)e)
            return;
        w = cl_resolve(st, s, (size_t)e);
        c = cl_content_for(st, cue, c1, send, false);
    } else if (cue->kind == K_PART) {
        /* a participle clause follows a comma or a conjunction ("a clear warning of" is a
         * noun) */
        static const char *const part_before[] = {
            "and", "while", "by", "in", "after", "before", "when", "without", "also", "but", NULL};
        if (c0 == sfirst || !(is_comma(t, c0 - 1) || is_close_mark(st, c0 - 1) ||
                              text_tok_in(t, c0 - 1, part_before)))
            return;
        if (prev != NULL) {
            w = who_make(prev->speaker, true, -1);
        } else {
            size_t e = cl_np_right(st, sfirst, c0);
            if (e + 1 == sfirst)
                return;
            w = cl_resolve(st, sfirst, e);
            if (w.actor < 0)
                w = opening_subject(st, sfirst, c0, w);
        }
        c = cl_content_for(st, cue, c1, send, false);
    } else if (j >= (long)sfirst &&
               (text_tok_is_ci(t, (size_t)j, "and") || text_tok_is_ci(t, (size_t)j, "but"))) {
        if (cl_adjective_chain(st, (size_t)j))
            return;
        /* "X replied that ... and said ...": the subject of the clause */
        if (prev != NULL) {
            w = who_make(prev->speaker, true, -1);
        } else {
            size_t e = cl_np_right(st, sfirst, (size_t)j);
            if (e + 1 == sfirst)
                return;
            w = cl_resolve(st, sfirst, e);
        }
        c = cl_content_for(st, cue, c1, send, false);
    } else if (j >= (long)sfirst && !is_comma(t, (size_t)j) && !is_close_mark(st, (size_t)j) &&
               t->tok[j].kind != TOK_QUOTE && !text_tok_is_char(t, (size_t)j, ':') &&
               !text_tok_is_char(t, (size_t)j, ';')) {
        size_t s = cl_np_left(st, (size_t)j, sfirst);
        if (s > (size_t)j)
            return;
        w = cl_resolve(st, s, (size_t)j);
        /* "The Office of Technology Assessment, a nonpartisan arm of Congress told ..." */
        if (w.actor == SPK_NONE)
            cl_apposed_subject(st, s, sfirst, &w);
        size_t intro = s > sfirst + 12 ? 13 : count_words(t, sfirst, s);
        bool intro_short = intro <= 5 && !clause_like(t, sfirst, s);
        if (c1 < send && is_comma(t, c1) && intro_short && s > sfirst) {
            c = cl_content_for(st, cue, c1, send, true); /* "But at the same time, it added, ..." */
        } else {
            c = cl_content_for(st, cue, c1, send, false);
            /* "X said, however, that ...": the aside ends in "that", the clause is after */
            bool aside = c.first > c1 + 2 && text_tok_is_ci(t, c.first - 1, "that");
            if (c.end <= c.first || (c1 < send && is_comma(t, c1) && c.quote < 0 && !aside)) {
                c = cl_before_if_clause(st, cue, s, sfirst);
            } else if (s > sfirst &&
                       (is_close_mark(st, s - 1) ||
                        (s > sfirst + 1 && is_comma(t, s - 1) && is_close_mark(st, s - 2)))) {
                /* "\"...,\" Smith said, \"...\"", "While X is a \"...,\" Smith said he ...": the
                 * clause before is a claim of its own */
                struct content b = cl_content_before(st, s);
                /* (not a participle phrase: "Calling the move \"wrong,\" Gao said ...") */
                if (b.end > b.first && (b.quote >= 0 || clause_like(t, b.first, b.end))) {
                    second = c;
                    c = b;
                }
            }
        }
    } else if (j >= (long)sfirst || c0 == sfirst) {
        /* the cue right after a comma or a closing quote */
        size_t e = (cue->flags & F_INV) ? cl_np_right(st, c1, send) : c1 - 1;
        bool post = false;
        /* (not a time: "\"...,\" Juncker, president of X, said Thursday in a statement") */
        if ((cue->flags & F_INV) && e + 1 > c1 && !text_tok_in(t, c1, LEAD) &&
            !text_tok_in(t, c1, TIME) && !text_tok_in(t, c1, MONTH) &&
            !(e == c1 && is_pronoun(t, c1))) {
            w = cl_resolve(st, c1, e);
            /* "said Chinese Ambassador to the WTO, Zhang Xiangchen, in a meeting": the name in
             * apposition to the title is the speaker */
            int32_t ap = e + 2 < send && is_comma(t, e + 1) ? st->d->actor_at[e + 2] : -1;
            if (ap >= 0 && st->d->ann->actors[ap].type == ACTOR_PERSON &&
                (w.actor < 0 || st->d->ann->actors[w.actor].type != ACTOR_PERSON)) {
                size_t m = e + 2;
                while (m + 1 < send && st->d->actor_at[m + 1] == ap)
                    m++;
                if (m + 1 >= send || is_comma(t, m + 1) || is_terminal(t, m + 1) ||
                    text_tok_in(t, m + 1, LEAD)) {
                    w = who_make(ap, true, w.noun);
                    e = m;
                }
            }
            bool ends = e + 1 >= send || is_comma(t, e + 1) || is_terminal(t, e + 1) ||
                        text_tok_in(t, e + 1, LEAD) || text_tok_is_char(t, e + 1, '(') ||
                        text_tok_is_char(t, e + 1, ';');
            post = ends && !(w.actor == SPK_NONE && !(t->tok[c1].flags & TOKF_CAP) &&
                             cl_noun_at(st, e, &(int){0}) == K_NONE && !is_pronoun(t, e));
        }
        if (post) {
            c = cl_content_before(st, c0);
            after_subject = e + 1;
            if (c.quote >= 0 && e + 2 < send && is_comma(t, e + 1) && is_open_mark(st, e + 2))
                second = cl_content_after(st, e + 2);
        } else {
            if (j < (long)sfirst || !is_comma(t, (size_t)j))
                return;
            /* "Wang, vice-chairman of the council, told Reuters ...": skip the apposition */
            size_t k = (size_t)j;
            while (k > sfirst && !is_comma(t, k - 1) && (size_t)j - k < 24)
                k--;
            if (k <= sfirst + 1 || !is_comma(t, k - 1))
                return;
            size_t subj_end = k - 2; /* before the comma at k - 1 */
            size_t s = cl_np_left(st, subj_end, sfirst);
            if (s > subj_end)
                return;
            bool np_whole = s == sfirst || is_comma(t, s - 1) || is_close_mark(st, s - 1);
            long tn = cl_titled_name(st, k, (size_t)j);
            if (!np_whole ||
                (!cl_is_appositive_start(st, k) && cl_np_left(st, (size_t)j - 1, k) != k && tn < 0))
                return;
            w = cl_resolve(st, s, subj_end);
            /* "Trade Subcommittee chairman, Rep. Sam Gibbons, said" */
            if (tn >= 0 && (w.noun >= 0 || w.actor < 0))
                w = who_make(tn, true, w.noun);
            /* "Sheridan Titman, professor in ..., University of Texas, said" */
            if (w.actor == SPK_NONE)
                cl_apposed_subject(st, s, sfirst, &w);
            /* "the ministry's spokesman, Gao Feng, said": the name in the apposition */
            int32_t ap = st->d->actor_at[k];
            if (ap >= 0 && st->d->ann->actors[ap].type == ACTOR_PERSON && w.noun >= 0 &&
                cl_np_left(st, (size_t)j - 1, k) == k && st->d->actor_at[(size_t)j - 1] == ap)
                w = who_make(ap, true, w.noun);
            /* "The study, by Paul Wonnacott, said" */
            int slot;
            if (text_tok_is_ci(t, k, "by") && cl_noun_at(st, subj_end, &slot) == K_DOC) {
                long a = cl_first_actor_in(st, k, (size_t)j);
                if (a >= 0)
                    w = who_make(a, st->d->ann->actors[a].type == ACTOR_PERSON, -1);
            }
            c = cl_content_for(st, cue, c1, send, false);
            if (s > sfirst && c.end <= c.first &&
                (is_comma(t, s - 1) || is_close_mark(st, s - 1))) {
                struct content b = cl_content_before(st, s);
                bool clause = clause_like(t, b.first, b.end) || b.quote >= 0;
                if (b.end > b.first && ((cue->flags & F_STRONG) || clause))
                    c = b;
            }
        }
    } else {
        return;
    }
    if (c.end <= c.first)
        return;
    /* "Other factors ... added little to the problem, it said": "add" in its sense of
     * counting, with no source and no clause; the "it" after is not this subject */
    if (w.actor == SPK_NONE && !w.animate && c.quote < 0 && !clause_like(t, c.first, c.end) &&
        !(c.first > c1 && text_tok_is_ci(t, c.first - 1, "that")) &&
        (text_tok_is_ci(t, c0, "added") || text_tok_is_ci(t, c0, "adds")))
        return;
    bool repeated = cue->kind == K_VERB && cl_repeats(st, &c, w.actor, c0);
    struct attribution *a = cl_remember(st, c0, c1, w, c.quote >= 0);
    a->main = true;
    long speaker = w.actor;
    if (repeated)
        return;
    cl_emit(st, &c, speaker, a->cue_text, (uint32_t)c0);
    cl_emit(st, &second, speaker, a->cue_text, (uint32_t)c0);
    /* "..., said Liu, but it would not change ..." */
    size_t i = after_subject;
    if (i < send && is_comma(t, i) && i + 1 < send && cl_is_appositive_start(st, i + 1) &&
        !text_tok_is_ci(t, i + 1, "but") && !text_tok_is_ci(t, i + 1, "and")) {
        size_t k = i + 1;
        while (k < send && !is_comma(t, k))
            k++;
        i = k;
    }
    if (i + 2 < send && is_comma(t, i) &&
        (text_tok_is_ci(t, i + 1, "but") || text_tok_is_ci(t, i + 1, "and")) && c.first < c0) {
        struct content k = cl_content_after(st, i + 2);
        bool has_cue = false;
        for (size_t m = k.first; m < k.end; m++) {
            struct cue cc;
            enum kind kd = cl_lookup(st, m, k.end, &cc, NULL);
            has_cue |= kd == K_VERB || kd == K_PART;
        }
        if (!has_cue && clause_like(t, k.first, k.end))
            cl_emit(st, &k, speaker, a->cue_text, (uint32_t)c0);
    }
}

void cl_source_cue(struct state *st, size_t c0, size_t c1, size_t sfirst, size_t send)
{
    const struct text *t = st->t;
    size_t e = cl_np_right(st, c1, send);
    if (e + 1 <= c1)
        return;
    struct who w = cl_resolve(st, c1, e);
    if (w.actor >= 0 && (w.noun >= 0 || cl_noun_at(st, e, &(int){0}) == K_DOC))
        st->last_doc_owner = w.actor;
    struct content c = {0, 0, false, -1};
    const struct attribution *prev = cl_sentence_attr(st, c0);
    bool at_start = c0 == sfirst || (c0 > sfirst && is_comma(t, c0 - 1) && c0 <= sfirst + 6 &&
                                     count_words(t, sfirst, c0) <= 3);
    if (prev != NULL && c0 > 0 && is_comma(t, c0 - 1) && st->nout > 0 &&
        st->out[st->nout - 1].cue_tok == prev->cue) {
        /* "..., it noted, citing X": X's claim is the same content */
        const struct pending *p = &st->out[st->nout - 1];
        c = (struct content){p->first, p->end, p->direct, -1};
    } else if (at_start && e + 1 < send && is_comma(t, e + 1)) {
        c = cl_content_after(st, e + 2);
    } else if (c0 > sfirst && is_comma(t, c0 - 1)) {
        c = cl_content_before(st, c0);
    } else if (c0 > sfirst) {
        c = cl_content_after(st, e + 1);
    }
    struct attribution *a = cl_remember(st, c0, c1, w, c.quote >= 0);
    cl_emit(st, &c, w.actor, a->cue_text, (uint32_t)c0);
}

void cl_noun_cue(struct state *st, size_t c0, size_t c1, size_t sfirst, size_t send, bool doc)
{
    const struct text *t = st->t;
    static const char *const clause_start[] = {
        "the", "a",   "an", "its", "their", "this", "these", "those", "such", "some",
        "any", "all", "no", "he",  "she",   "it",   "they",  "we",    NULL};
    size_t k = c1;
    long owner = -1;
    while (k < send && k < c1 + WINDOW && !text_tok_is_ci(t, k, "that") && !is_comma(t, k) &&
           st->qat[k] == QUOTE_NONE)
        k++;
    if (k >= send || !text_tok_is_ci(t, k, "that") || k + 1 >= send)
        return;
    size_t n = k + 1;
    bool starts = st->d->actor_at[n] >= 0 || text_tok_in(t, n, clause_start) ||
                  t->tok[n].kind == TOK_NUMBER || (t->tok[n].flags & TOKF_CAP);
    /* (a text's clause needs a plain subject: "the statement that tariffs would rise", not
     * "the data that show ...") */
    bool bare_subject = n + 1 < send && t->tok[n].kind == TOK_WORD && text_tok_in(t, n + 1, AUX);
    if (!starts && ((doc && !bare_subject) || text_tok_in(t, n, AUX) || !clause_like(t, n, send)))
        return; /* "a ruling that upheld ...": a relative clause */
    for (size_t i = c1; i < k; i++)
        if (text_tok_is_ci(t, i, "by") && owner < 0)
            owner = cl_first_actor_in(st, i + 1, k);
    if (owner < 0 && c0 > sfirst) {
        size_t s = cl_np_left(st, c0 - 1, sfirst);
        if (s < c0) {
            owner = cl_last_actor_in(st, s, c0);
            if (owner >= 0 && st->d->ann->actors[owner].type == ACTOR_PERSON)
                owner = -1; /* "Smith's demand" is his, but rarely a claim of its own */
        }
    }
    if (owner < 0)
        return;
    struct content c = cl_content_after(st, n);
    if (c.end <= c.first)
        return;
    struct attribution *a = cl_remember(st, c0, c1, who_make(owner, false, -1), false);
    cl_emit(st, &c, owner, a->cue_text, (uint32_t)c0);
}

void cl_publish_cue(struct state *st, size_t c0, size_t c1, size_t sfirst, size_t send)
{
    const struct text *t = st->t;
    long j = cl_skip_left(st, (long)c0 - 1, sfirst);
    if (j < (long)sfirst || t->tok[j].kind != TOK_WORD || is_pronoun(t, (size_t)j))
        return;
    for (size_t k = c1; k < send && k < c1 + 4; k++) {
        int slot;
        if (cl_noun_at(st, k, &slot) != K_DOC)
            continue;
        size_t s = cl_np_left(st, (size_t)j, sfirst);
        if (s > (size_t)j)
            return;
        struct who w = cl_resolve(st, s, (size_t)j);
        if (w.actor >= 0)
            st->last_doc_owner = w.actor;
        return;
    }
}

void cl_fix_unclosed(struct state *st)
{
    const struct text *t = st->t;
    for (size_t qi = 0; qi < st->nq; qi++) {
        struct quote *q = &st->q[qi];
        if (q->close != QUOTE_NONE)
            continue;
        for (size_t i = q->first; i + 2 < q->end; i++) {
            if (!is_comma(t, i))
                continue;
            size_t k = i + 1;
            while (k < q->end && k < i + 6 && !is_comma(t, k)) {
                struct cue c;
                enum kind kd = cl_lookup(st, k, q->end, &c, NULL);
                if (kd == K_VERB && k > i + 1 &&
                    (k + c.ntok >= q->end || is_terminal(t, k + c.ntok))) {
                    for (size_t m = i; m < q->end; m++)
                        st->qat[m] = QUOTE_NONE;
                    q->end = (uint32_t)i;
                    break;
                }
                k++;
            }
            if (q->end == i)
                break;
        }
    }
}

void cl_inherit_quotes(struct state *st)
{
    const struct text *t = st->t;
    size_t ai = 0;
    /* who spoke each quote a claim holds whole: a paragraph of speech left open continues
     * into the next paragraph's opening quote, as news copy writes a long quote */
    long *qspk = xmalloc((st->nq ? st->nq : 1) * sizeof *qspk);
    for (size_t qi = 0; qi < st->nq; qi++)
        qspk[qi] = SPK_NONE;
    for (size_t k = 0; k < st->nout; k++) {
        uint32_t qi = st->qat[st->out[k].first];
        if (qi != QUOTE_NONE && st->q[qi].first == st->out[k].first)
            qspk[qi] = st->out[k].speaker;
    }
    for (size_t qi = 0; qi < st->nq; qi++) {
        const struct quote *q = &st->q[qi];
        while (ai < st->nattr && st->attr[ai].cue < q->open)
            ai++;
        if (st->qused[qi] || cl_is_term(st, qi) || q->end <= q->first)
            continue;
        const struct quote *pq = qi > 0 ? &st->q[qi - 1] : NULL;
        if (pq != NULL && pq->close == QUOTE_NONE && pq->end == q->open && qspk[qi - 1] >= 0 &&
            (t->tok[q->open].flags & TOKF_PARA)) {
            struct content c = {q->first, q->end, true, (int)qi};
            cl_emit(st, &c, qspk[qi - 1], NULL, q->open);
            st->qused[qi] = true;
            qspk[qi] = qspk[qi - 1];
            continue;
        }
        if (ai == 0)
            continue;
        const struct attribution *a = &st->attr[ai - 1];
        uint32_t s = t->tok[q->open].sentence;
        if (t->sent[s].first != q->open)
            continue; /* a title or term inside a sentence, not a paragraph of speech */
        if (a->sent + 1 < s || a->speaker < 0)
            continue;
        struct content c = {q->first, q->end, true, (int)qi};
        const char *cue = a->quote_content && a->sent + 1 == s ? a->cue_text : NULL;
        cl_emit(st, &c, a->speaker, cue, a->cue);
        st->qused[qi] = true;
        qspk[qi] = a->speaker;
    }
    free(qspk);
}
