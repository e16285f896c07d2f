/* claims_content.c - what is claimed: the reported clause or the quote on either side of a
 * cue, trimmed to its words, with the quotes it holds marked used.
 *
 * Every reader is bounded (MAX_CONTENT tokens, the sentence), so the stage stays linear.
 */
#include "claims_internal.h"

#include <string.h>

bool cl_is_term(const struct state *st, size_t qi)
{
    const struct quote *q = &st->q[qi];
    const struct text *t = st->t;
    if (q->end - q->first > 12 || count_words(t, q->first, q->end) > 3 || q->open == 0)
        return false;
    size_t p = q->open - 1;
    if (t->tok[p].sentence != t->tok[q->open].sentence)
        return false;
    struct cue c;
    if (cl_lookup(st, p, p + 1, &c, NULL) == K_VERB || text_tok_is_char(t, p, ':'))
        return false;
    return t->tok[p].kind == TOK_WORD || t->tok[p].kind == TOK_NUMBER || is_comma(t, p);
}

/* Whether a quote inside reported speech makes the claim direct: not a term in a list or
 * after "so-called". */
static bool quote_makes_direct(const struct state *st, size_t qi)
{
    const struct quote *q = &st->q[qi];
    if (q->open == 0 || !cl_is_term(st, qi))
        return true;
    size_t p = q->open - 1;
    return !(text_tok_in(st->t, p, NON_DIRECT_BEFORE) || is_comma(st->t, p));
}

static void trim(const struct state *st, struct content *c)
{
    const struct text *t = st->t;
    while (c->end > c->first && !inside_quote(st, c->end - 1) && !is_close_mark(st, c->end - 1) &&
           (is_terminal(t, c->end - 1) || is_comma(t, c->end - 1) ||
            text_tok_is_char(t, c->end - 1, ';') || text_tok_is_char(t, c->end - 1, ':') ||
            text_tok_is_char(t, c->end - 1, '+')))
        c->end--;
    while (c->first < c->end && (is_comma(t, c->first) || text_tok_is_char(t, c->first, ':')))
        c->first++;
}

/* Marks the quotes in c: direct when one is speech, and used either way. */
static void absorb(struct state *st, struct content *c)
{
    for (size_t i = c->first; i < c->end; i++) {
        uint32_t q = st->qat[i];
        if (q == QUOTE_NONE || st->q[q].open != i)
            continue;
        st->qused[q] = true;
        if (quote_makes_direct(st, q))
            c->direct = true;
    }
}

bool cl_adjective_chain(const struct state *st, size_t j)
{
    const struct text *t = st->t;
    if (j == 0 || t->tok[j - 1].kind != TOK_WORD)
        return false;
    struct cue c;
    size_t n = text_tok_len(t, j - 1);
    const char *w = text_tok_ptr(t, j - 1);
    return n > 3 && w[n - 2] == 'e' && w[n - 1] == 'd' &&
           cl_lookup(st, j - 1, j, &c, NULL) != K_VERB;
}

struct content cl_content_after(struct state *st, size_t a)
{
    const struct text *t = st->t;
    struct content c = {a, a, false, -1};
    if (a >= t->ntok)
        return c;
    size_t sfirst, send;
    sentence_of(t, a, &sfirst, &send);
    size_t i = a;
    /* "said on Thursday that", "ruled provisionally last June 18 that" */
    if (text_tok_in(t, i, PREP) || is_adverb(t, i) || text_tok_in(t, i, TIME) ||
        text_tok_in(t, i, MONTH) || text_tok_in(t, i, LEAD)) {
        for (size_t j = i; j < send && j < i + 10; j++) {
            if (is_comma(t, j) || st->qat[j] != QUOTE_NONE)
                break;
            if (text_tok_is_ci(t, j, "that")) {
                i = j;
                break;
            }
        }
    }
    while (i < send && text_tok_in(t, i, TIME))
        i++;
    if (i < send && text_tok_is_ci(t, i, "that"))
        i++;
    if (i < send && (is_comma(t, i) || text_tok_is_char(t, i, ':')))
        i++;
    if (i >= t->ntok)
        return c;
    /* "made a prediction that bore out Thursday morning: \"...\"" */
    if (!is_open_mark(st, i)) {
        for (size_t j = i; j + 1 < send && j < i + 12; j++)
            if (text_tok_is_char(t, j, ':') && is_open_mark(st, j + 1)) {
                i = j + 1;
                break;
            }
    }
    if (is_open_mark(st, i)) {
        uint32_t qi = st->qat[i];
        const struct quote *q = &st->q[qi];
        size_t after = q->close != QUOTE_NONE ? q->close + 1 : q->end;
        size_t qf, qe;
        sentence_of(t, after < t->ntok ? after : t->ntok - 1, &qf, &qe);
        bool whole = after >= t->ntok || after == qf || is_terminal(t, after) ||
                     is_comma(t, after) || text_tok_is_char(t, after, ')');
        if (whole && q->end > q->first) {
            c.first = q->first;
            c.end = q->end;
            c.direct = true;
            c.quote = (int)qi;
            st->qused[qi] = true;
            return c;
        }
    }
    c.first = i;
    size_t end = send < i + MAX_CONTENT ? send : i + MAX_CONTENT;
    for (size_t j = i; j < end; j++) {
        uint32_t q = st->qat[j];
        if (q != QUOTE_NONE && st->q[q].open == j) {
            size_t last = st->q[q].close != QUOTE_NONE ? st->q[q].close + 1 : st->q[q].end;
            if (last > end) {
                size_t f2, e2;
                sentence_of(t, last - 1, &f2, &e2);
                end = e2 < i + MAX_CONTENT ? e2 : i + MAX_CONTENT;
                if (last > end)
                    break;
            }
            /* "X said \"...,\" he said": the quote's own attribution ends the content */
            if (last < end && (is_comma(t, last - 2) || is_comma(t, last))) {
                bool cue_next = false;
                for (size_t k = last; k < end && k < last + 6 && !cue_next; k++) {
                    struct cue cc;
                    enum kind kd = cl_lookup(st, k, end, &cc, NULL);
                    cue_next = (kd == K_VERB && k > last) || (kd == K_PART && k == last);
                }
                if (cue_next) {
                    end = last;
                    break;
                }
            }
            j = last - 1;
            continue;
        }
        if (is_comma(t, j) && j + 1 < end) {
            /* "said X, but that Y" is one claim: Y is reported by the same cue */
            if ((text_tok_is_ci(t, j + 1, "but") || text_tok_is_ci(t, j + 1, "and")) &&
                j + 2 < end && text_tok_is_ci(t, j + 2, "that"))
                continue;
            bool cut = false;
            static const char *const relative[] = {"which", "who", "whom", "whose", NULL};
            for (size_t k = text_tok_in(t, j + 1, relative) ? end : j + 1;
                 k < end && k < j + 9 && !is_comma(t, k); k++) {
                struct cue cc;
                enum kind kd = cl_lookup(st, k, end, &cc, NULL);
                /* (not an adjective: "in retaliation for Japan's alleged failure") */
                bool adjective = kd == K_VERB && k > 0 &&
                                 (text_tok_is_ci(t, k - 1, "'s") || text_tok_in(t, k - 1, DET));
                if (st->qat[k] == QUOTE_NONE && !adjective &&
                    (kd == K_VERB || kd == K_PART || kd == K_SOURCE)) {
                    cut = true;
                    break;
                }
            }
            if (cut) {
                end = j;
                break;
            }
        }
        if ((text_tok_is_ci(t, j, "and") || text_tok_is_ci(t, j, "but")) && j + 1 < end &&
            !cl_adjective_chain(st, j)) {
            struct cue cc;
            enum kind kd = cl_lookup(st, j + 1, end, &cc, NULL);
            if (kd == K_VERB) {
                end = j;
                break;
            }
        }
    }
    /* "should include:" and a list of paragraphs that start with a dash */
    if (end > i && end < t->ntok && text_tok_is_char(t, end - 1, ':') &&
        text_tok_is_char(t, end, '-') && (t->tok[end].flags & TOKF_NEWLINE)) {
        while (end < t->ntok && text_tok_is_char(t, end, '-') &&
               (t->tok[end].flags & TOKF_NEWLINE)) {
            size_t f2, e2;
            sentence_of(t, end, &f2, &e2);
            end = e2;
        }
    }
    c.end = end;
    trim(st, &c);
    absorb(st, &c);
    return c;
}

/* The first token of [first, end) after a photo caption ("... [Photo/Xinhua]", "(Xinhua/Li
 * Xueren)") and a dateline ("KAMPALA, March 9 -", "BEIJING, March 29 (Xinhua) --"). */
static size_t skip_preamble(const struct text *t, size_t first, size_t end)
{
    for (size_t i = first; i < end && i < first + 60; i++) {
        if (!text_tok_is_char(t, i, ']') && !text_tok_is_char(t, i, ')'))
            continue;
        for (size_t k = i; k > first && k + 8 > i; k--) {
            if (text_tok_is(t, k, "Photo") || text_tok_is(t, k, "Xinhua") ||
                text_tok_is(t, k, "File")) {
                first = i + 1;
                break;
            }
        }
    }
    bool upper = false;
    for (size_t i = first; i < end && i < first + 24; i++) {
        upper |= (t->tok[i].flags & TOKF_UPPER) != 0;
        if (upper && (text_tok_is_char(t, i, '-') || text_tok_is_char(t, i, 0x2014)) &&
            (t->tok[i].flags & TOKF_SPACE) && i + 1 < end) {
            first = i + 1;
            while (first < end && text_tok_is_char(t, first, '-'))
                first++;
            break;
        }
    }
    while (first < end && (text_tok_is_char(t, first, '-') || text_tok_is_char(t, first, 0x2014)))
        first++;
    return first;
}

struct content cl_content_before(struct state *st, size_t b0)
{
    const struct text *t = st->t;
    struct content c = {0, 0, false, -1};
    if (b0 == 0)
        return c;
    size_t b = b0 - 1;
    if (t->tok[b].sentence != t->tok[b0].sentence)
        return c;
    if (is_comma(t, b) && b > 0 && is_close_mark(st, b - 1))
        b--;
    size_t sfirst, send;
    if (is_close_mark(st, b)) {
        uint32_t qi = st->qat[b];
        size_t open = st->q[qi].open;
        sentence_of(t, open, &sfirst, &send);
        size_t f = open > sfirst + MAX_CONTENT ? open : skip_preamble(t, sfirst, open);
        if (open < f + 3 || text_tok_is_char(t, open - 1, ':')) {
            c.first = st->q[qi].first;
            c.end = st->q[qi].end;
            c.direct = true;
            c.quote = (int)qi;
            st->qused[qi] = true;
            return c;
        }
        /* a quote that ends a clause: the clause is the claim ("the amount was \"too big,\"") */
        c.first = f;
        c.end = b + 1;
    } else if (is_comma(t, b)) {
        sentence_of(t, b, &sfirst, &send);
        c.first = skip_preamble(t, b > sfirst + MAX_CONTENT ? b - MAX_CONTENT : sfirst, b);
        c.end = b;
    } else {
        return c;
    }
    if (is_open_mark(st, c.first) && st->q[st->qat[c.first]].end >= b) {
        /* an unclosed quote cut before its attribution */
        uint32_t qi = st->qat[c.first];
        c = (struct content){st->q[qi].first, b, true, (int)qi};
        st->qused[qi] = true;
    }
    trim(st, &c);
    absorb(st, &c);
    return c;
}

/* Skips an addressee after "told": "Reuters", "reporters", "a seminar here that". */
static size_t skip_object(const struct state *st, size_t i, size_t send)
{
    const struct text *t = st->t;
    for (size_t j = i; j < send && j < i + 10; j++) {
        if (is_comma(t, j))
            break;
        if (text_tok_is_ci(t, j, "that") || is_open_mark(st, j))
            return j;
    }
    if (i < send && t->tok[i].kind == TOK_WORD && !(t->tok[i].flags & TOKF_CAP) &&
        !text_tok_in(t, i, PREP) && !text_tok_is_ci(t, i, "the") && !text_tok_is_ci(t, i, "a")) {
        /* "told trade ministers he ...", "told semi-official daily Al-Ittihad he ..." */
        for (size_t j = i + 1; j < send && j < i + 6; j++) {
            if (is_pronoun(t, j) || text_tok_is_ci(t, j, "we") || text_tok_is_ci(t, j, "i"))
                return j;
            if (t->tok[j].kind != TOK_WORD && !text_tok_is_char(t, j, '-'))
                break;
            if ((t->tok[j].flags & TOKF_CAP) && st->d->actor_at[j] < 0) {
                while (j < send && ((t->tok[j].flags & TOKF_CAP) || text_tok_is_char(t, j, '-')) &&
                       st->d->actor_at[j] < 0)
                    j++;
                return j;
            }
        }
        return i + 1;
    }
    size_t j = i;
    if (j < send && (text_tok_is_ci(t, j, "the") || text_tok_is_ci(t, j, "a"))) {
        /* "the Australia-China Economic and Trade Cooperation Forum", "a news conference" */
        static const char *const det[] = {"the", "a", "an", "its", "their", NULL};
        j++;
        while (j < send && j < i + WINDOW &&
               (text_tok_is_char(t, j, '-') || st->d->actor_at[j] >= 0 ||
                (t->tok[j].kind == TOK_WORD && !text_tok_in(t, j, det) && !is_pronoun(t, j) &&
                 !text_tok_in(t, j, AUX) && !text_tok_in(t, j, LEAD) &&
                 !(text_tok_is_ci(t, j, "there") && text_tok_in(t, j + 1, AUX))))) {
            if (st->d->actor_at[j] >= 0 && st->d->actor_at[j - 1] < 0 &&
                t->tok[j - 1].kind == TOK_WORD && !(t->tok[j - 1].flags & TOKF_CAP) &&
                !text_tok_in(t, j - 1, det))
                break; /* "told a meeting Japan would ..." */
            j++;
        }
        return j;
    }
    /* "Reuters" but not "Reuters Taiwan would ..." */
    while (j < send && st->d->actor_at[j] < 0 && t->tok[j].kind == TOK_WORD &&
           (t->tok[j].flags & TOKF_CAP))
        j++;
    return j;
}

static bool rest_ok(const struct state *st, const struct cue *c, size_t a, size_t send)
{
    char buf[32];
    memcpy(buf, c->rest, sizeof buf);
    for (size_t j = a; j < send && j < a + 2 * WINDOW; j++) {
        char *save = NULL;
        char tmp[32];
        memcpy(tmp, buf, sizeof tmp);
        for (char *w = strtok_r(tmp, "|", &save); w != NULL; w = strtok_r(NULL, "|", &save))
            if (text_tok_is_ci(st->t, j, w))
                return true;
    }
    return false;
}

/* The first token at or after a that is not part of a time phrase: "today", "last week", "on
 * Friday", "early this month" (but not "last year's exports", a subject). */
static size_t skip_time(const struct text *t, size_t a, size_t send)
{
    static const char *const rel[] = {"last", "this", "next", "early", "late", "earlier", NULL};
    static const char *const unit[] = {
        "week",   "month",   "year",      "weekend",  "night",  "morning",  "afternoon", "evening",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",    NULL};
    for (int n = 0; a < send && n < 6; n++) {
        if (text_tok_in(t, a, TIME) && !text_tok_is_ci(t, a, "also")) {
            a++;
        } else if (a + 1 < send && (text_tok_in(t, a, rel) || text_tok_is_ci(t, a, "on")) &&
                   (text_tok_in(t, a + 1, unit) || text_tok_in(t, a + 1, rel)) &&
                   !text_tok_is_ci(t, a + 2, "'s")) {
            a += 2;
        } else if (a + 1 < send && (text_tok_in(t, a, rel) || text_tok_is_ci(t, a, "on")) &&
                   text_tok_in(t, a + 1, MONTH) && (t->tok[a + 1].flags & TOKF_CAP)) {
            /* "announced last March 27 he would ...", "said on May 4 that" */
            a += 2;
            if (a < send && t->tok[a].kind == TOK_NUMBER)
                a++;
        } else {
            break;
        }
    }
    return a;
}

/* True when a subject that is no name opens a clause at token k: "there was ...", "the deficit
 * would ..." (a determiner, at most three words, then an auxiliary). */
static bool plain_subject(const struct text *t, size_t k, size_t send)
{
    if (text_tok_is_ci(t, k, "there"))
        return k + 1 < send && text_tok_in(t, k + 1, AUX);
    if (!text_tok_is_ci(t, k, "the") && !text_tok_is_ci(t, k, "a"))
        return false;
    for (size_t i = k + 1; i < send && i < k + 5; i++) {
        if (text_tok_in(t, i, AUX))
            return i > k + 1;
        if (t->tok[i].kind != TOK_WORD || text_tok_in(t, i, PREP) || text_tok_in(t, i, STOP_LEFT))
            return false;
    }
    return false;
}

/* True when the word at a opens a subordinate clause that a main clause follows: "stressed
 * while it is costly, it might pay" reports both ("said while visiting Tokyo" reports none). */
static bool subordinate_clause(const struct state *st, size_t a, size_t send)
{
    const struct text *t = st->t;
    static const char *const sub[] = {"while", "although", "though", "because", "if", NULL};
    if (!text_tok_in(t, a, sub) || !clause_like(t, a + 1, send))
        return false;
    for (size_t k = a + 2; k + 1 < send && k < a + 30; k++) {
        if (st->qat[k] != QUOTE_NONE)
            return false;
        if (!is_comma(t, k) || !(is_pronoun(t, k + 1) || text_tok_is_ci(t, k + 1, "we") ||
                                 st->d->actor_at[k + 1] >= 0 || plain_subject(t, k + 1, send)))
            continue;
        /* (the main clause reports on its own: "said while X, he noted that ...") */
        for (size_t m = k + 1; m < send && m < k + 6; m++) {
            struct cue cc;
            enum kind kd = cl_lookup(st, m, send, &cc, NULL);
            if (kd == K_VERB || kd == K_PART)
                return false;
        }
        return clause_like(t, k + 1, send);
    }
    return false;
}

/* After a cue, the setting "in a statement", "at a news conference in Warsaw", "on its
 * website" before a that-less clause whose subject is a pronoun or an actor ("said in a
 * statement it would ...") or before a quote: the first token of that clause or the opening
 * mark, or send when the phrase at a is no such setting. */
static size_t skip_setting(const struct state *st, size_t a, size_t send)
{
    const struct text *t = st->t;
    static const char *const det[] = {"the", "a", "an", "its", "their", "his", "her", NULL};
    for (size_t k = a + 2; k < send && k < a + 10; k++) {
        const int32_t *at = st->d->actor_at;
        if (t->tok[k - 1].kind != TOK_WORD || text_tok_in(t, k - 1, AUX) || inside_quote(st, k - 1))
            return send;
        /* the setting's last word is a noun: "in the aftermath of the Canadian pact" is no
         * clause, "in a statement it" is */
        bool after_noun = !text_tok_in(t, k - 1, det) && !text_tok_in(t, k - 1, PREP) &&
                          !(at[k] >= 0 && at[k - 1] == at[k]);
        if (is_open_mark(st, k))
            return after_noun ? k : send;
        bool subject = is_pronoun(t, k) || text_tok_is_ci(t, k, "we") ||
                       text_tok_is_ci(t, k, "i") || at[k] >= 0 || plain_subject(t, k, send);
        if (subject && after_noun && clause_like(t, k, send))
            return k;
        if (text_tok_in(t, k, AUX) || t->tok[k].kind != TOK_WORD || text_tok_in(t, k, STOP_LEFT))
            return send;
    }
    return send;
}

struct content cl_content_for(struct state *st, const struct cue *cue, size_t c1, size_t send,
                              bool after_comma)
{
    const struct text *t = st->t;
    struct content none = {c1, c1, false, -1};
    size_t a = c1;
    if (a >= send)
        return none;
    /* "warned against raising duties", "warned Congress in a speech against passing ...": the
     * phrase is the claim (after an object and a setting with no clause or comma in them) */
    for (size_t k = a; (cue->flags & F_PREP) && k + 1 < send && k < a + WINDOW; k++) {
        if (text_tok_is_ci(t, k, cue->prep) && ends_with(t, k + 1, "ing"))
            return cl_content_after(st, k);
        if (t->tok[k].kind != TOK_WORD || text_tok_in(t, k, AUX) || text_tok_is_ci(t, k, "that") ||
            is_pronoun(t, k) || st->qat[k] != QUOTE_NONE)
            break;
    }
    if (cue->flags & F_INF) {
        if (a >= send || !text_tok_is_ci(t, a, "to"))
            return none;
        return cl_content_after(st, a + 1);
    }
    if (cue->flags & F_REST) {
        /* "the bill he branded as protectionist": no object, a relative clause */
        /* "asked not to be identified": no object, no claim */
        if (!rest_ok(st, cue, a, send) || text_tok_is_ci(t, a, "not") ||
            (strcmp(cue->rest, "that") != 0 && rest_ok(st, cue, a, a + 1)))
            return none;
        if (strcmp(cue->rest, "that") == 0) {
            struct content c = {a, send, false, -1};
            trim(st, &c);
            absorb(st, &c);
            return c;
        }
        struct content c = cl_content_after(st, a);
        return c;
    }
    if (a < send && (cue->flags & F_NOINF) && text_tok_is_ci(t, a, "to"))
        return none;
    if (cue->flags & F_OBJ) {
        a = skip_object(st, a, send);
        /* "\"...,\" he told Indonesian reporters.": an addressee named by an actor, and no
         * clause after it */
        size_t e = a;
        while (a == c1 && e < send && e < a + 5 && t->tok[e].kind == TOK_WORD &&
               !text_tok_in(t, e, AUX) && !text_tok_is_ci(t, e, "that") && !is_pronoun(t, e))
            e++;
        if (a == c1 && st->d->actor_at[a] >= 0 && (e >= send || is_terminal(t, e)))
            return none;
    }
    if (a >= send)
        return none;
    a = skip_time(t, a, send);
    if (a < send && text_tok_in(t, a, LEAD)) {
        bool that = false;
        for (size_t j = a; j < send && j < a + 10 && !is_comma(t, j); j++) {
            /* (not another cue's: "said in response to reports saying that ...") */
            struct cue cc;
            enum kind kd = cl_lookup(st, j, send, &cc, NULL);
            if (kd == K_VERB || kd == K_PART)
                break;
            that |= text_tok_is_ci(t, j, "that") || text_tok_is_char(t, j, ':');
        }
        if (!that && subordinate_clause(st, a, send))
            return cl_content_after(st, a);
        if (!that) {
            a = skip_setting(st, a, send);
            if (a >= send)
                return none;
        }
    }
    /* "said, however, that ...", "said, in a statement, that ...": an aside, then the clause */
    if (a < send && is_comma(t, a)) {
        for (size_t k = a + 1; k + 1 < send && k < a + 7; k++) {
            if (st->qat[k] != QUOTE_NONE || text_tok_in(t, k, AUX))
                break;
            if (is_comma(t, k)) {
                if (text_tok_is_ci(t, k + 1, "that"))
                    a = k + 1;
                break;
            }
        }
    }
    if (a < send && is_comma(t, a) && !(a + 1 < send && is_open_mark(st, a + 1)) && !after_comma)
        return none;
    struct content c = cl_content_after(st, a);
    if (c.quote < 0 && !(cue->flags & F_STRONG)) {
        bool that = false;
        for (size_t j = a; j < c.first; j++)
            that |= text_tok_is_ci(t, j, "that");
        if (!that && !clause_like(t, c.first, c.end))
            return none;
    }
    return c;
}

struct content cl_before_if_clause(struct state *st, const struct cue *cue, size_t s, size_t sfirst)
{
    struct content none = {0, 0, false, -1};
    struct content c = cl_content_before(st, s);
    if (c.end <= c.first || c.quote >= 0)
        return c;
    size_t n = count_words(st->t, c.first, c.end);
    bool clause = clause_like(st->t, c.first, c.end);
    if (!(cue->flags & F_STRONG) && !clause)
        return none;
    if (n <= 5 && !clause)
        return none;
    /* "... with the U.S. And to fight off ...": a sentence split after an abbreviation */
    const struct text *t = st->t;
    if (c.first == sfirst && t->tok[sfirst].sentence > 0 &&
        (text_tok_is(t, sfirst, "And") || text_tok_is(t, sfirst, "Or")) && sfirst > 0 &&
        t->tok[sfirst - 1].kind == TOK_WORD && !(t->tok[sfirst].flags & TOKF_PARA))
        c.first = t->sent[t->tok[sfirst].sentence - 1].first;
    return c;
}
