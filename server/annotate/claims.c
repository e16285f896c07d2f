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
 */
#include "claims.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "claims_quotes.h"
#include "lexicon.h"
#include "mem.h"

enum kind {
    K_NONE,
    K_VERB,
    K_PART,
    K_SOURCE,
    K_NOUN,
    K_TITLE,
    K_OFFICIAL,
    K_BODY,
    K_DOC,
    K_CROWD,
    K_ADMIN,
    K_PUBLISH
};

#define F_STRONG 0x01
#define F_INV 0x02
#define F_OBJ 0x04
#define F_REST 0x08
#define F_INF 0x10
#define F_NOINF 0x20

#define MAX_NOUNS 64    /* nouns of cues.tsv that resolution remembers (title, official, body) */
#define WINDOW 14       /* longest subject or object phrase read, in tokens */
#define MAX_CONTENT 160 /* longest reported clause read, in tokens: keeps the pass linear */
#define SPK_NONE (-1)   /* a source that is no actor: analysts, the media, "we" */
#define SPK_LATER (-2)  /* an unnamed person ("a senior official") whom the text may name next */

struct claims_lex {
    struct lexicon *cues;
    const struct lex_row *noun[MAX_NOUNS]; /* rows whose memory slot is their index */
    size_t nnoun;
};

/* What a cue row says, decoded. */
struct cue {
    enum kind kind;
    unsigned flags;
    char rest[32]; /* rest=W alternatives, '|'-separated */
    size_t ntok;
};

/* A speaker as resolved from a phrase. */
struct who {
    long actor;   /* index into actors, SPK_NONE or SPK_LATER */
    bool animate; /* a person, or an unnamed person speaking for a body */
    int noun;     /* memory slot of the official or title word it was named by, or -1 */
};

struct attribution {
    uint32_t cue, sent;
    long speaker;
    bool quote_content; /* its content was a quote */
    char *cue_text;     /* owned by the claims that use it; freed with the stage state */
};

struct pending {
    uint32_t first, end; /* tokens of the text */
    long speaker;
    bool direct;
    uint32_t cue_tok; /* for the "named later" search */
    uint32_t sent;
    const char *cue; /* borrowed from an attribution */
};

struct state {
    const struct claims_lex *lx;
    struct doc *d;
    const struct text *t;
    struct quote *q;
    size_t nq;
    uint32_t *qat;
    bool *qused;
    /* what the pass has seen so far (tokens before `seen`) */
    uint32_t seen;
    long last_person;
    uint32_t last_person_tok;
    long body_last[MAX_NOUNS], title_last[MAX_NOUNS], word_mem[MAX_NOUNS];
    uint64_t *body_mask, *role_mask; /* per actor */
    long default_country;
    /* attribution memory */
    long last_animate, last_thing, last_doc_owner;
    uint32_t last_animate_sent, last_thing_sent;
    bool have_animate, have_thing;
    struct attribution *attr;
    size_t nattr, cap_attr;
    size_t sent_attr; /* index of the first attribution of the latest sentence that has one */
    struct pending *out;
    size_t nout, cap_out;
};

/* ---- lexicon ---- */

static void decode(const struct lex_row *row, size_t ntok, struct cue *c)
{
    memset(c, 0, sizeof *c);
    c->ntok = ntok;
    static const struct {
        const char *name;
        enum kind kind;
    } kinds[] = {{"verb", K_VERB},   {"part", K_PART},      {"source", K_SOURCE},
                 {"noun", K_NOUN},   {"title", K_TITLE},    {"official", K_OFFICIAL},
                 {"body", K_BODY},   {"doc", K_DOC},        {"crowd", K_CROWD},
                 {"admin", K_ADMIN}, {"publish", K_PUBLISH}};
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
        if (strcmp(row->field[1], kinds[i].name) == 0)
            c->kind = kinds[i].kind;
    const char *f = row->field[2];
    c->flags |= strstr(f, "strong") ? F_STRONG : 0;
    c->flags |= strstr(f, "inv") ? F_INV : 0;
    c->flags |= strstr(f, "obj") ? F_OBJ : 0;
    c->flags |= strstr(f, "noinf") ? F_NOINF : (strstr(f, "inf") ? F_INF : 0);
    const char *r = strstr(f, "rest=");
    if (r != NULL) {
        c->flags |= F_REST;
        size_t n = strcspn(r + 5, ",");
        if (n >= sizeof c->rest)
            n = sizeof c->rest - 1;
        memcpy(c->rest, r + 5, n);
    }
}

struct claims_lex *claims_lex_new(void)
{
    struct claims_lex *lx = xcalloc(1, sizeof *lx);
    lx->cues = lexicon_load_embedded("server/annotate/lexicons/cues.tsv", LEX_FOLD_CASE);
    for (size_t i = 0; i < lexicon_size(lx->cues) && lx->nnoun < MAX_NOUNS; i++) {
        const struct lex_row *row = lexicon_row(lx->cues, i);
        struct cue c;
        decode(row, row->ntok, &c);
        if (c.kind == K_TITLE || c.kind == K_OFFICIAL || c.kind == K_BODY || c.kind == K_ADMIN)
            lx->noun[lx->nnoun++] = row;
    }
    return lx;
}

void claims_lex_free(struct claims_lex *lx)
{
    if (lx == NULL)
        return;
    lexicon_free(lx->cues);
    free(lx);
}

/* The cue or noun starting at token i and ending before end, or K_NONE. */
static enum kind lookup(const struct state *st, size_t i, size_t end, struct cue *c,
                        const struct lex_row **rowp)
{
    size_t n = 0;
    if (i >= end || st->t->tok[i].kind != TOK_WORD)
        return K_NONE;
    const struct lex_row *row = lexicon_match(st->lx->cues, st->t, i, end, &n);
    if (row == NULL)
        return K_NONE;
    decode(row, n, c);
    if (rowp != NULL)
        *rowp = row;
    return c->kind;
}

/* The kind of the single word at i as a noun, and its memory slot (or -1). */
static enum kind noun_at(const struct state *st, size_t i, int *slot)
{
    struct cue c;
    const struct lex_row *row = NULL;
    *slot = -1;
    enum kind k = lookup(st, i, i + 1, &c, &row);
    if (k == K_VERB || k == K_PART || k == K_SOURCE || k == K_NOUN || k == K_PUBLISH)
        return K_NONE;
    for (size_t j = 0; row != NULL && j < st->lx->nnoun; j++)
        if (st->lx->noun[j] == row)
            *slot = (int)j;
    return k;
}

/* ---- words ---- */

static bool word_in(const struct text *t, size_t i, const char *const *set)
{
    if (t->tok[i].kind != TOK_WORD)
        return false;
    for (; *set; set++)
        if (text_tok_is_ci(t, i, *set))
            return true;
    return false;
}

static const char *const AUX[] = {"is",    "are",    "was",    "were",  "be",     "been",   "has",
                                  "have",  "had",    "will",   "would", "could",  "can",    "may",
                                  "might", "should", "must",   "shall", "did",    "does",   "do",
                                  "won't", "can't",  "cannot", "isn't", "wasn't", "didn't", NULL};
static const char *const PREP[] = {"of", "in", "at", "for", "with", "from", "by", "on", "to", NULL};
static const char *const STOP_LEFT[] = {
    "that", "which", "who",  "whom",      "whose",    "because", "while",   "if",
    "when", "but",   "than", "where",     "although", "though",  "whether", "as",
    "so",   "and",   "or",   "including", "like",     "such",    NULL};
static const char *const PRON_ANIMATE[] = {"he", "she", NULL};
static const char *const PRON_THING[] = {"it", "they", NULL};
static const char *const ADVERB[] = {
    "also",      "again",      "further",    "later",      "earlier",    "then",     "today",
    "yesterday", "tomorrow",   "reportedly", "previously", "repeatedly", "recently", "once",
    "publicly",  "officially", "separately", "jointly",    "formally",   "still",    "now",
    "here",      "there",      "already",    "last",       "this",       "morning",  "afternoon",
    "evening",   "night",      "week",       "month",      "year",       "monday",   "tuesday",
    "wednesday", "thursday",   "friday",     "saturday",   "sunday",     "late",     "early",
    NULL};
static const char *const TIME[] = {"today",     "yesterday", "tomorrow", "monday",   "tuesday",
                                   "wednesday", "thursday",  "friday",   "saturday", "sunday",
                                   "morning",   "afternoon", "evening",  "night",    "earlier",
                                   "later",     "also",      "here",     NULL};
/* Words that open an adverbial, never reported content: "said after a meeting". */
static const char *const LEAD[] = {"in",        "at",    "on",    "after", "before",  "during",
                                   "following", "upon",  "while", "when",  "from",    "to",
                                   "with",      "by",    "under", "via",   "through", "because",
                                   "since",     "until", "where", NULL};
static const char *const PASSIVE[] = {"was", "is", "were", "are", "been", "being", NULL};
static const char *const NON_DIRECT_BEFORE[] = {
    "so-called", "called", "dubbed", "termed", "and", "or", "with", "the", "a", "an", "as", NULL};

static bool is_char(const struct text *t, size_t i, uint32_t c)
{
    return text_tok_is_char(t, i, c);
}

static bool is_comma(const struct text *t, size_t i)
{
    return is_char(t, i, ',');
}

static bool is_terminal(const struct text *t, size_t i)
{
    return is_char(t, i, '.') || is_char(t, i, '!') || is_char(t, i, '?');
}

static bool is_adverb(const struct text *t, size_t i)
{
    if (word_in(t, i, ADVERB))
        return true;
    size_t n = text_tok_len(t, i);
    const char *p = text_tok_ptr(t, i);
    return t->tok[i].kind == TOK_WORD && !(t->tok[i].flags & TOKF_CAP) && n > 4 &&
           p[n - 2] == 'l' && p[n - 1] == 'y';
}

static size_t count_words(const struct text *t, size_t a, size_t b)
{
    size_t n = 0;
    for (size_t i = a; i < b; i++)
        n += t->tok[i].kind == TOK_WORD || t->tok[i].kind == TOK_NUMBER;
    return n;
}

static bool is_open_mark(const struct state *st, size_t i)
{
    uint32_t q = st->qat[i];
    return q != QUOTE_NONE && st->q[q].open == i;
}

static bool is_close_mark(const struct state *st, size_t i)
{
    uint32_t q = st->qat[i];
    return q != QUOTE_NONE && st->q[q].close == i;
}

static bool inside_quote(const struct state *st, size_t i)
{
    uint32_t q = st->qat[i];
    return q != QUOTE_NONE && i >= st->q[q].first && i < st->q[q].end;
}

/* A quoted term ("cultural industries") rather than quoted speech: short, inside a clause. */
static bool is_term(const struct state *st, size_t qi)
{
    const struct quote *q = &st->q[qi];
    const struct text *t = st->t;
    if (q->end - q->first > 12 || count_words(t, q->first, q->end) > 3 || q->open == 0)
        return false;
    size_t p = q->open - 1;
    if (t->tok[p].sentence != t->tok[q->open].sentence)
        return false;
    struct cue c;
    if (lookup(st, p, p + 1, &c, NULL) == K_VERB || is_char(t, p, ':'))
        return false;
    return t->tok[p].kind == TOK_WORD || t->tok[p].kind == TOK_NUMBER || is_comma(t, p);
}

/* Whether a quote inside reported speech makes the claim direct: not a term in a list or
 * after "so-called". */
static bool quote_makes_direct(const struct state *st, size_t qi)
{
    const struct quote *q = &st->q[qi];
    if (q->open == 0 || !is_term(st, qi))
        return true;
    size_t p = q->open - 1;
    return !(word_in(st->t, p, NON_DIRECT_BEFORE) || is_comma(st->t, p));
}

/* ---- what the pass has seen ---- */

static void advance(struct state *st, uint32_t upto)
{
    const struct text *t = st->t;
    const int32_t *at = st->d->actor_at;
    for (; st->seen < upto && st->seen < t->ntok; st->seen++) {
        uint32_t i = st->seen;
        int32_t a = at[i];
        if (a < 0 || (i > 0 && at[i - 1] == a))
            continue;
        const struct ann_actor *x = &st->d->ann->actors[a];
        if (x->type == ACTOR_PERSON) {
            st->last_person = a;
            st->last_person_tok = i;
            for (size_t k = 0; k < st->lx->nnoun; k++)
                if (st->role_mask[a] & (1ull << k))
                    st->title_last[k] = a;
            /* "President Trump": the title right before the name */
            int slot;
            if (i > 0 && noun_at(st, i - 1, &slot) == K_TITLE && slot >= 0)
                st->title_last[slot] = a;
        } else {
            for (size_t k = 0; k < st->lx->nnoun; k++)
                if (st->body_mask[a] & (1ull << k))
                    st->body_last[k] = a;
        }
    }
}

/* True when the phrase s holds word w as a whole word, ignoring case. */
static bool has_word(const char *s, const char *w)
{
    size_t n = strlen(w);
    for (const char *p = s; p != NULL && *p; p++) {
        if (strncasecmp(p, w, n) == 0 && (p == s || p[-1] == ' ' || p[-1] == '-') &&
            (p[n] == '\0' || p[n] == ' ' || p[n] == '-'))
            return true;
    }
    return false;
}

static void init_actor_tables(struct state *st)
{
    const struct annotations *a = st->d->ann;
    size_t n = a->nactors ? a->nactors : 1;
    st->body_mask = xcalloc(n, sizeof *st->body_mask);
    st->role_mask = xcalloc(n, sizeof *st->role_mask);
    size_t best = 0;
    st->default_country = -1;
    for (size_t i = 0; i < a->nactors; i++) {
        const struct ann_actor *x = &a->actors[i];
        for (size_t k = 0; k < st->lx->nnoun; k++) {
            const char *w = st->lx->noun[k]->field[0];
            if (x->name != NULL && has_word(x->name, w))
                st->body_mask[i] |= 1ull << k;
            if (x->role != NULL && has_word(x->role, w))
                st->role_mask[i] |= 1ull << k;
        }
        if (x->type == ACTOR_COUNTRY && x->nmentions > best) {
            best = x->nmentions;
            st->default_country = (long)i;
        }
    }
    for (size_t k = 0; k < MAX_NOUNS; k++)
        st->body_last[k] = st->title_last[k] = st->word_mem[k] = -1;
    st->last_person = -1;
    st->last_doc_owner = SPK_NONE;
}

/* The country actor of a person's country ("the Trump administration" is the United States). */
static long country_of(const struct state *st, long a)
{
    const struct annotations *ann = st->d->ann;
    if (a < 0 || ann->actors[a].type != ACTOR_PERSON)
        return a;
    for (size_t i = 0; i < ann->nactors; i++)
        if (ann->actors[i].type == ACTOR_COUNTRY &&
            strcmp(ann->actors[i].country, ann->actors[a].country) == 0 &&
            ann->actors[a].country[0] != '\0')
            return (long)i;
    return SPK_NONE;
}

/* ---- speakers ---- */

static struct who who_make(long actor, bool animate, int noun)
{
    return (struct who){actor, animate, noun};
}

static struct who pronoun(const struct state *st, size_t i)
{
    const struct text *t = st->t;
    uint32_t s = t->tok[i].sentence;
    if (word_in(t, i, PRON_ANIMATE)) {
        if (st->have_animate && s - st->last_animate_sent <= 8)
            return who_make(st->last_animate, true, -1);
        if (st->last_person >= 0 && t->tok[st->last_person_tok].sentence + 3 >= s)
            return who_make(st->last_person, true, -1);
        return who_make(SPK_NONE, true, -1);
    }
    /* "its website": the body last quoted; "it said": rather the subject just before */
    bool possessive = text_tok_is_ci(t, i, "its") || text_tok_is_ci(t, i, "their");
    if (st->have_thing && s - st->last_thing_sent <= (possessive ? 4u : 1u))
        return who_make(st->last_thing, false, -1);
    if (s > 0) {
        /* the subject of the sentence before: "South Korea posted ... It forecast ..." */
        const struct sentence *ps = &t->sent[s - 1];
        size_t f = ps->first;
        while (f + 1 < ps->end && f < ps->first + 2 &&
               (text_tok_is(t, f, "The") || text_tok_is(t, f, "But") || text_tok_is(t, f, "And")))
            f++;
        long a = st->d->actor_at[f];
        if (a >= 0 && st->d->ann->actors[a].type != ACTOR_PERSON)
            return who_make(a, false, -1);
    }
    if (st->have_thing && s - st->last_thing_sent <= 4)
        return who_make(st->last_thing, false, -1);
    return who_make(SPK_NONE, false, -1);
}

static bool is_pronoun(const struct text *t, size_t i)
{
    return word_in(t, i, PRON_ANIMATE) || word_in(t, i, PRON_THING);
}

/* The actor of the last actor token in [a, b), or -1. */
static long last_actor_in(const struct state *st, size_t a, size_t b)
{
    for (size_t i = b; i > a; i--)
        if (st->d->actor_at[i - 1] >= 0)
            return st->d->actor_at[i - 1];
    return -1;
}

static long first_actor_in(const struct state *st, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++)
        if (st->d->actor_at[i] >= 0)
            return st->d->actor_at[i];
    return -1;
}

/* The person whose role holds every word of the title phrase [s, h] ("the trade minister"),
 * last mentioned before token pos; -1 when none. Bounded so that it stays cheap. */
static long person_by_title(const struct state *st, size_t s, size_t h, size_t pos)
{
    const struct annotations *ann = st->d->ann;
    const struct text *t = st->t;
    long best = -1;
    uint32_t best_tok = 0;
    if (ann->nactors > 256)
        return -1;
    for (size_t i = 0; i < ann->nactors; i++) {
        const struct ann_actor *x = &ann->actors[i];
        if (x->type != ACTOR_PERSON || x->role == NULL || x->nmentions == 0)
            continue;
        bool all = true;
        for (size_t k = s; k <= h && all; k++) {
            char w[48];
            if (t->tok[k].kind != TOK_WORD || text_tok_is_ci(t, k, "the"))
                continue;
            text_tok_lower(t, k, w, sizeof w);
            all = has_word(x->role, w);
        }
        /* the last mention before pos, by binary search (mentions are in body order) */
        size_t lo = 0, hi = x->nmentions;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (x->mentions[mid].tok_first < pos)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (all && lo > 0 && (best < 0 || x->mentions[lo - 1].tok_first > best_tok)) {
            best = (long)i;
            best_tok = x->mentions[lo - 1].tok_first;
        }
    }
    return best;
}

/* Resolves the noun phrase [s, e] (inclusive) to a speaker. */
static struct who resolve(struct state *st, size_t s, size_t e)
{
    const struct text *t = st->t;
    const int32_t *at = st->d->actor_at;
    if (s > e)
        return who_make(SPK_NONE, false, -1);
    advance(st, (uint32_t)s);
    /* a name ends the phrase: "U.S. Secretary of State George Shultz" */
    if (at[e] >= 0 && st->d->ann->actors[at[e]].type == ACTOR_PERSON)
        return who_make(at[e], true, -1);
    /* the head is the last word before the first preposition outside a name */
    size_t p = e + 1;
    for (size_t i = s + 1; i <= e; i++) {
        if (at[i] < 0 && word_in(t, i, PREP)) {
            p = i;
            break;
        }
    }
    size_t h = p - 1;
    while (h > s && (is_char(t, h, ')') || t->tok[h].kind == TOK_PUNCT)) {
        size_t k = h;
        while (k > s && !is_char(t, k, '('))
            k--;
        h = k > s ? k - 1 : h - 1;
    }
    int slot;
    enum kind k = K_NONE;
    if (at[h] < 0 && !is_pronoun(t, h)) {
        /* "a statement released by X": the head noun is before the participle */
        for (size_t i = h + 1; i > s; i--) {
            k = noun_at(st, i - 1, &slot);
            size_t n = text_tok_len(t, i - 1);
            const char *w = text_tok_ptr(t, i - 1);
            bool participle = n > 3 && w[n - 2] == 'e' && w[n - 1] == 'd';
            if (k != K_NONE || at[i - 1] >= 0 || !(participle || is_adverb(t, i - 1)))
                break;
        }
        if (k != K_NONE) {
            while (h > s && noun_at(st, h, &slot) != k)
                h--;
        }
    }
    if (at[h] >= 0) {
        long a = at[h];
        return who_make(a, st->d->ann->actors[a].type == ACTOR_PERSON, -1);
    }
    if (is_pronoun(t, h))
        return pronoun(st, h);
    k = noun_at(st, h, &slot);
    bool definite = text_tok_is_ci(t, s, "the") || text_tok_is_ci(t, s, "this");
    if (k == K_CROWD || k == K_NONE)
        /* a crowd, or a name the actors stage does not know: the pronouns after it are not
         * the speaker before it */
        return who_make(SPK_NONE, k == K_CROWD || (t->tok[h].flags & TOKF_CAP), -1);
    bool animate = k == K_OFFICIAL || k == K_TITLE;
    /* the modifiers: "industry officials", "department officials", "a government spokesman" */
    for (size_t i = s; i < h; i++) {
        int ms;
        enum kind mk = at[i] >= 0 ? K_NONE : noun_at(st, i, &ms);
        if (mk == K_CROWD)
            return who_make(SPK_NONE, animate, -1);
    }
    long a = last_actor_in(st, s, h);
    if (a >= 0 && k == K_ADMIN)
        a = country_of(st, a);
    /* "the Chinese embassy": the embassy named before, when it is that country's */
    if (a >= 0 && k == K_BODY && slot >= 0 && st->body_last[slot] >= 0 &&
        st->d->ann->actors[a].type == ACTOR_COUNTRY &&
        strcmp(st->d->ann->actors[st->body_last[slot]].country, st->d->ann->actors[a].country) == 0)
        a = st->body_last[slot];
    if (a >= 0) {
        if (k == K_DOC)
            st->last_doc_owner = a;
        return who_make(a, animate, slot);
    }
    if (p <= e) {
        a = first_actor_in(st, p + 1, e + 1);
        if (a >= 0) {
            if (k == K_DOC)
                st->last_doc_owner = a;
            return who_make(a, animate, slot);
        }
        for (size_t i = p + 1; i <= e; i++)
            if (text_tok_is_ci(t, i, "its") || text_tok_is_ci(t, i, "their"))
                return pronoun(st, i);
    }
    /* "the council's study": the owner before the possessive */
    if (h >= s + 2 && text_tok_is_ci(t, h - 1, "'s")) {
        struct who o = resolve(st, s, h - 2);
        if (k == K_DOC && o.actor >= 0)
            st->last_doc_owner = o.actor;
        o.animate = animate;
        return o;
    }
    for (size_t i = h; i > s; i--) {
        int ms;
        enum kind mk = noun_at(st, i - 1, &ms);
        if (mk == K_ADMIN)
            return who_make(st->default_country, animate, slot);
        if (mk == K_BODY && ms >= 0 && st->body_last[ms] >= 0)
            return who_make(st->body_last[ms], animate, slot);
    }
    switch (k) {
    case K_DOC:
        return who_make(definite ? st->last_doc_owner : SPK_NONE, false, -1);
    case K_BODY:
        if (!definite)
            return who_make(SPK_LATER, false, slot);
        return who_make(slot >= 0 ? st->body_last[slot] : SPK_NONE, false, slot);
    case K_ADMIN:
        return who_make(st->default_country, false, slot);
    case K_TITLE:
        a = person_by_title(st, s, h, s);
        if (a >= 0)
            return who_make(a, true, slot);
        if (slot >= 0 && st->title_last[slot] >= 0)
            return who_make(st->title_last[slot], true, slot);
        if (slot >= 0 && definite && st->word_mem[slot] != -1)
            return who_make(st->word_mem[slot], true, slot);
        return who_make(SPK_NONE, true, slot);
    default: /* K_OFFICIAL */
        if (!definite) {
            /* "a senior official said" may be named next; "officials said" is a crowd */
            size_t n = text_tok_len(t, h);
            bool plural = n > 2 && text_tok_ptr(t, h)[n - 1] == 's' &&
                          !text_tok_is_ci(t, h, "spokeswoman") && text_tok_ptr(t, h)[n - 2] != 's';
            return who_make(plural ? SPK_NONE : SPK_LATER, true, slot);
        }
        if (slot >= 0 && st->word_mem[slot] != -1)
            return who_make(st->word_mem[slot], true, slot);
        return who_make(st->have_animate ? st->last_animate : SPK_NONE, true, slot);
    }
}

/* Start of the noun phrase that ends at token e, not before token lo. */
static size_t np_left(const struct state *st, size_t e, size_t lo)
{
    const struct text *t = st->t;
    if (is_pronoun(t, e))
        return e;
    size_t i = e + 1;
    while (i > lo && e + 1 - i < WINDOW) {
        size_t k = i - 1;
        const struct token *tk = &t->tok[k];
        if (st->d->actor_at[k] >= 0 || tk->kind == TOK_NUMBER) {
            i = k;
            continue;
        }
        if (is_char(t, k, ')')) {
            size_t j = k;
            while (j > lo && !is_char(t, j, '(') && k - j < 8)
                j--;
            if (!is_char(t, j, '('))
                break;
            i = j;
            continue;
        }
        if (tk->kind == TOK_WORD && text_tok_is_ci(t, k, "and") && k > lo && i <= e) {
            /* "U.S. government and farm group representatives" */
            int slot;
            enum kind pk = noun_at(st, k - 1, &slot);
            if (st->d->actor_at[k - 1] >= 0 || pk == K_ADMIN || pk == K_BODY) {
                i = k;
                continue;
            }
        }
        if (tk->kind == TOK_WORD) {
            struct cue c;
            enum kind kd = lookup(st, k, k + 1, &c, NULL);
            size_t n = text_tok_len(t, k);
            const char *w = text_tok_ptr(t, k);
            bool past = !(tk->flags & TOKF_CAP) && n > 3 && w[n - 2] == 'e' && w[n - 1] == 'd' &&
                        (tk->flags & TOKF_SPACE) && !(k + 1 <= e && is_char(t, k + 1, '-'));
            if (word_in(t, k, STOP_LEFT) || word_in(t, k, AUX) || kd == K_VERB || kd == K_PART ||
                kd == K_SOURCE || is_pronoun(t, k) || inside_quote(st, k) || past)
                break;
            i = k;
            continue;
        }
        if ((is_char(t, k, '-') && !(tk->flags & TOKF_SPACE)) || is_char(t, k, '\'') ||
            is_char(t, k, '&')) {
            i = k;
            continue;
        }
        break;
    }
    while (i <= e && (word_in(t, i, PREP) || word_in(t, i, STOP_LEFT)))
        i++;
    return i;
}

/* End (inclusive) of the noun phrase that starts at token s, before end; s - 1 when none. */
static size_t np_right(const struct state *st, size_t s, size_t end)
{
    const struct text *t = st->t;
    static const char *const glue[] = {"the",  "a",    "an", "its", "their", "his",
                                       "her",  "'s",   "of", "in",  "at",    "for",
                                       "with", "from", "by", "on",  "and",   NULL};
    size_t i = s, last = s - 1;
    while (i < end && i - s < WINDOW) {
        const struct token *tk = &t->tok[i];
        if (is_char(t, i, '(')) {
            size_t j = i;
            while (j < end && !is_char(t, j, ')') && j - i < 8)
                j++;
            if (j < end && is_char(t, j, ')')) {
                i = j + 1;
                last = j;
                continue;
            }
        }
        struct cue c;
        enum kind kd = tk->kind == TOK_WORD ? lookup(st, i, end, &c, NULL) : K_NONE;
        bool ok = st->d->actor_at[i] >= 0 || is_char(t, i, '-') || tk->kind == TOK_NUMBER ||
                  (tk->kind == TOK_WORD && !word_in(t, i, AUX) && !word_in(t, i, STOP_LEFT) &&
                   kd != K_VERB && kd != K_PART && kd != K_SOURCE) ||
                  text_tok_is_ci(t, i, "and");
        if (!ok || st->qat[i] != QUOTE_NONE)
            break;
        if (!word_in(t, i, glue) && tk->kind == TOK_WORD)
            last = i;
        else if (st->d->actor_at[i] >= 0)
            last = i;
        i++;
    }
    return last;
}

/* ---- contents ---- */

struct content {
    size_t first, end; /* tokens; first == end when none */
    bool direct;
    int quote;   /* the quote it is, or -1 */
    size_t cont; /* start of a ", but that ..." continuation, or 0 */
};

/* The first token of the sentence of token i and its end. */
static void sentence_of(const struct text *t, size_t i, size_t *first, size_t *end)
{
    const struct sentence *s = &t->sent[t->tok[i].sentence];
    *first = s->first;
    *end = s->end;
}

static bool clause_like(const struct text *t, size_t a, size_t b)
{
    if (a < b && (is_pronoun(t, a) || text_tok_is_ci(t, a, "we") || text_tok_is_ci(t, a, "i")))
        return true;
    for (size_t i = a; i < b && i < a + 14; i++)
        if (word_in(t, i, AUX))
            return true;
    return false;
}

static void trim(const struct state *st, struct content *c)
{
    const struct text *t = st->t;
    while (c->end > c->first && !inside_quote(st, c->end - 1) && !is_close_mark(st, c->end - 1) &&
           (is_terminal(t, c->end - 1) || is_comma(t, c->end - 1) || is_char(t, c->end - 1, ';') ||
            is_char(t, c->end - 1, ':') || is_char(t, c->end - 1, '+')))
        c->end--;
    while (c->first < c->end && (is_comma(t, c->first) || is_char(t, c->first, ':')))
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

/* True when the "and" at token j joins adjectives ("recently raised and announced tariffs"),
 * not two verbs of speech ("said and estimated"). */
static bool adjective_chain(const struct state *st, size_t j)
{
    const struct text *t = st->t;
    if (j == 0 || t->tok[j - 1].kind != TOK_WORD)
        return false;
    struct cue c;
    size_t n = text_tok_len(t, j - 1);
    const char *w = text_tok_ptr(t, j - 1);
    return n > 3 && w[n - 2] == 'e' && w[n - 1] == 'd' && lookup(st, j - 1, j, &c, NULL) != K_VERB;
}

/* The content after a cue, from token a: "(that) CLAUSE", a quote, "that \"...\"". */
static struct content content_after(struct state *st, size_t a)
{
    const struct text *t = st->t;
    struct content c = {a, a, false, -1, 0};
    if (a >= t->ntok)
        return c;
    size_t sfirst, send;
    sentence_of(t, a, &sfirst, &send);
    size_t i = a;
    /* "said on Thursday that", "ruled provisionally last June 18 that" */
    static const char *const MONTH[] = {
        "january", "february", "march",    "april", "may", "june", "july", "august", "september",
        "october", "november", "december", "jan",   "feb", "mar",  "apr",  "jun",    "jul",
        "aug",     "sept",     "sep",      "oct",   "nov", "dec",  NULL};
    if (word_in(t, i, PREP) || is_adverb(t, i) || word_in(t, i, TIME) || word_in(t, i, MONTH)) {
        for (size_t j = i; j < send && j < i + 10; j++) {
            if (is_comma(t, j) || st->qat[j] != QUOTE_NONE)
                break;
            if (text_tok_is_ci(t, j, "that")) {
                i = j;
                break;
            }
        }
    }
    while (i < send && word_in(t, i, TIME))
        i++;
    if (i < send && text_tok_is_ci(t, i, "that"))
        i++;
    if (i < send && (is_comma(t, i) || is_char(t, i, ':')))
        i++;
    if (i >= t->ntok)
        return c;
    /* "made a prediction that bore out Thursday morning: \"...\"" */
    if (!is_open_mark(st, i)) {
        for (size_t j = i; j + 1 < send && j < i + 12; j++)
            if (is_char(t, j, ':') && is_open_mark(st, j + 1)) {
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
                     is_comma(t, after) || is_char(t, after, ')');
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
            j = last - 1;
            continue;
        }
        if (is_comma(t, j) && j + 1 < end) {
            if ((text_tok_is_ci(t, j + 1, "but") || text_tok_is_ci(t, j + 1, "and")) &&
                j + 2 < end && text_tok_is_ci(t, j + 2, "that")) {
                c.cont = j + 3;
                end = j;
                break;
            }
            bool cut = false;
            static const char *const relative[] = {"which", "who", "whom", "whose", NULL};
            for (size_t k = word_in(t, j + 1, relative) ? end : j + 1;
                 k < end && k < j + 9 && !is_comma(t, k); k++) {
                struct cue cc;
                enum kind kd = lookup(st, k, end, &cc, NULL);
                if (st->qat[k] == QUOTE_NONE && (kd == K_VERB || kd == K_PART || kd == K_SOURCE)) {
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
            !adjective_chain(st, j)) {
            struct cue cc;
            enum kind kd = lookup(st, j + 1, end, &cc, NULL);
            if (kd == K_VERB) {
                end = j;
                break;
            }
        }
    }
    /* "should include:" and a list of paragraphs that start with a dash */
    if (end > i && end < t->ntok && is_char(t, end - 1, ':') && is_char(t, end, '-') &&
        (t->tok[end].flags & TOKF_NEWLINE)) {
        while (end < t->ntok && is_char(t, end, '-') && (t->tok[end].flags & TOKF_NEWLINE)) {
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
        if (!is_char(t, i, ']') && !is_char(t, i, ')'))
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
        if (upper && (is_char(t, i, '-') || is_char(t, i, 0x2014)) &&
            (t->tok[i].flags & TOKF_SPACE) && i + 1 < end) {
            first = i + 1;
            while (first < end && is_char(t, first, '-'))
                first++;
            break;
        }
    }
    while (first < end && (is_char(t, first, '-') || is_char(t, first, 0x2014)))
        first++;
    return first;
}

/* The content before an attribution whose first token is b0: a quote ("\"...,\" he said"),
 * the clause a quote ends, or the clause before a comma ("CLAUSE, X said"). */
static struct content content_before(struct state *st, size_t b0)
{
    const struct text *t = st->t;
    struct content c = {0, 0, false, -1, 0};
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
        if (open < f + 3 || is_char(t, open - 1, ':')) {
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
        c = (struct content){st->q[qi].first, b, true, (int)qi, 0};
        st->qused[qi] = true;
    }
    trim(st, &c);
    absorb(st, &c);
    return c;
}

/* ---- output ---- */

static void emit(struct state *st, const struct content *c, long speaker, const char *cue,
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

static char *cue_text(const struct text *t, size_t a, size_t b)
{
    return xstrndup(t->s + t->tok[a].start, t->tok[b - 1].end - t->tok[a].start);
}

static struct attribution *remember(struct state *st, size_t cue, size_t cue_end, struct who w,
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
    a->cue_text = cue_text(st->t, cue, cue_end);
    if (w.actor == SPK_LATER)
        return a;
    if (w.actor == SPK_NONE && w.animate) { /* "analysts said": no pronoun after it is an actor */
        st->last_thing = SPK_NONE;
        st->last_thing_sent = a->sent;
        st->have_thing = true;
    }
    if (w.animate) {
        st->last_animate = w.actor;
        st->last_animate_sent = a->sent;
        st->have_animate = true;
    } else {
        st->last_thing = w.actor;
        st->last_thing_sent = a->sent;
        st->have_thing = true;
    }
    if (w.noun >= 0 && w.actor >= 0)
        st->word_mem[w.noun] = w.actor;
    return a;
}

/* The attribution of this sentence before token i, or NULL. */
static const struct attribution *sentence_attr(const struct state *st, size_t i)
{
    uint32_t s = st->t->tok[i].sentence;
    if (st->nattr > 0 && st->attr[st->nattr - 1].sent == s && st->attr[st->nattr - 1].cue < i)
        return &st->attr[st->nattr - 1];
    return NULL;
}

/* ---- attributions ---- */

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
        !word_in(t, i, PREP) && !text_tok_is_ci(t, i, "the") && !text_tok_is_ci(t, i, "a")) {
        /* "told trade ministers he ...", "told semi-official daily Al-Ittihad he ..." */
        for (size_t j = i + 1; j < send && j < i + 6; j++) {
            if (is_pronoun(t, j) || text_tok_is_ci(t, j, "we") || text_tok_is_ci(t, j, "i"))
                return j;
            if (t->tok[j].kind != TOK_WORD && !is_char(t, j, '-'))
                break;
            if ((t->tok[j].flags & TOKF_CAP) && st->d->actor_at[j] < 0) {
                while (j < send && ((t->tok[j].flags & TOKF_CAP) || is_char(t, j, '-')) &&
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
               (is_char(t, j, '-') || st->d->actor_at[j] >= 0 ||
                (t->tok[j].kind == TOK_WORD && !word_in(t, j, det) && !is_pronoun(t, j) &&
                 !word_in(t, j, AUX) && !word_in(t, j, LEAD)))) {
            if (st->d->actor_at[j] >= 0 && st->d->actor_at[j - 1] < 0 &&
                t->tok[j - 1].kind == TOK_WORD && !(t->tok[j - 1].flags & TOKF_CAP) &&
                !word_in(t, j - 1, det))
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

/* The content after the cue [c0, c1) for its kind and flags. */
static struct content content_for(struct state *st, const struct cue *cue, size_t c1, size_t send,
                                  bool after_comma)
{
    const struct text *t = st->t;
    struct content none = {c1, c1, false, -1, 0};
    size_t a = c1;
    if (a >= send)
        return none;
    if (cue->flags & F_INF) {
        if (a >= send || !text_tok_is_ci(t, a, "to"))
            return none;
        return content_after(st, a + 1);
    }
    if (cue->flags & F_REST) {
        if (!rest_ok(st, cue, a, send))
            return none;
        if (strcmp(cue->rest, "that") == 0) {
            struct content c = {a, send, false, -1, 0};
            trim(st, &c);
            absorb(st, &c);
            return c;
        }
        struct content c = content_after(st, a);
        return c;
    }
    if (a < send && (cue->flags & F_NOINF) && text_tok_is_ci(t, a, "to"))
        return none;
    if (cue->flags & F_OBJ)
        a = skip_object(st, a, send);
    if (a >= send)
        return none;
    while (a < send && word_in(t, a, TIME) && !text_tok_is_ci(t, a, "also"))
        a++;
    if (a < send && word_in(t, a, LEAD)) {
        bool that = false;
        for (size_t j = a; j < send && j < a + 10 && !is_comma(t, j); j++)
            that |= text_tok_is_ci(t, j, "that") || is_char(t, j, ':');
        if (!that)
            return none;
    }
    if (a < send && is_comma(t, a) && !(a + 1 < send && is_open_mark(st, a + 1)) && !after_comma)
        return none;
    struct content c = content_after(st, a);
    if (c.quote < 0 && !(cue->flags & F_STRONG)) {
        bool that = false;
        for (size_t j = a; j < c.first; j++)
            that |= text_tok_is_ci(t, j, "that");
        if (!that && !clause_like(t, c.first, c.end))
            return none;
    }
    return c;
}

/* Skips auxiliaries and time words left of token j; returns the token before them. */
static long skip_left(const struct state *st, long j, size_t lo)
{
    const struct text *t = st->t;
    for (int n = 0; j >= (long)lo && n < 12; n++) {
        if (is_adverb(t, (size_t)j) || word_in(t, (size_t)j, AUX)) {
            j--;
        } else if (j > (long)lo && text_tok_is_ci(t, (size_t)j - 1, "on") &&
                   word_in(t, (size_t)j, ADVERB)) {
            j -= 2;
        } else {
            break;
        }
    }
    return j;
}

static bool is_appositive_start(const struct state *st, size_t i)
{
    const struct text *t = st->t;
    if (st->d->actor_at[i] >= 0)
        return false;
    return word_in(t, i, PREP) || text_tok_is_ci(t, i, "a") || text_tok_is_ci(t, i, "an") ||
           text_tok_is_ci(t, i, "the") || text_tok_is_ci(t, i, "who") ||
           text_tok_is_ci(t, i, "which") || text_tok_is_ci(t, i, "speaking") ||
           (t->tok[i].kind == TOK_WORD && !(t->tok[i].flags & TOKF_CAP)) ||
           t->tok[i].kind == TOK_NUMBER;
}

/* The first attribution of token i's sentence before i: the main clause a participle hangs
 * on ("Lyng said ..., adding that ..."). */
static const struct attribution *sentence_first_attr(const struct state *st, size_t i)
{
    uint32_t s = st->t->tok[i].sentence;
    if (st->nattr == 0 || st->attr[st->sent_attr].sent != s || st->attr[st->sent_attr].cue >= i)
        return NULL;
    return &st->attr[st->sent_attr];
}

/* Content before the subject at s, when what precedes is a clause and not an introduction
 * ("In response, X said ..."). */
static struct content before_if_clause(struct state *st, const struct cue *cue, size_t s,
                                       size_t sfirst)
{
    struct content none = {0, 0, false, -1, 0};
    struct content c = content_before(st, s);
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

/* Reads the attribution at the verb or participle cue [c0, c1) of the sentence [sfirst,
 * send). */
static void verb_cue(struct state *st, const struct cue *cue, size_t c0, size_t c1, size_t sfirst,
                     size_t send)
{
    const struct text *t = st->t;
    struct who w = {SPK_NONE, false, -1};
    struct content c = {0, 0, false, -1, 0};
    size_t after_subject = c1;
    const struct attribution *prev = sentence_first_attr(st, c0);
    struct content second = {0, 0, false, -1, 0}; /* "\"...,\" Smith said, \"...\"" */
    static const char *const adjective_before[] = {"the", "a",   "an", "its", "their", "his", "her",
                                                   "of",  "for", "on", "in",  "with",  NULL};
    if (c0 > sfirst && word_in(t, c0 - 1, PASSIVE) && cue->kind == K_VERB)
        return; /* "it was reported that": no source */
    if (c0 > sfirst && word_in(t, c0 - 1, adjective_before))
        return; /* "a list of proposed goods": an adjective */
    long j = skip_left(st, (long)c0 - 1, sfirst);
    /* "X, who said ...", "the association that contended ..." */
    if (j > (long)sfirst &&
        (text_tok_is_ci(t, (size_t)j, "who") || text_tok_is_ci(t, (size_t)j, "that") ||
         text_tok_is_ci(t, (size_t)j, "which"))) {
        long e = j - 1;
        if (e > (long)sfirst && is_comma(t, (size_t)e))
            e--;
        if (e < (long)sfirst || is_comma(t, (size_t)e) || t->tok[e].kind == TOK_QUOTE)
            return;
        size_t s = np_left(st, (size_t)e, sfirst);
        int32_t ae = st->d->actor_at[e];
        if (ae >= 0) { /* the antecedent is the name right before the relative */
            s = (size_t)e;
            while (s > sfirst && st->d->actor_at[s - 1] == ae)
                s--;
        }
        if (s > (size_t)e)
            return;
        w = resolve(st, s, (size_t)e);
        c = content_for(st, cue, c1, send, false);
    } else if (cue->kind == K_PART) {
        /* a participle clause follows a comma or a conjunction ("a clear warning of" is a
         * noun) */
        static const char *const part_before[] = {
            "and", "while", "by", "in", "after", "before", "when", "without", "also", "but", NULL};
        if (c0 == sfirst ||
            !(is_comma(t, c0 - 1) || is_close_mark(st, c0 - 1) || word_in(t, c0 - 1, part_before)))
            return;
        if (prev != NULL) {
            w = who_make(prev->speaker, true, -1);
        } else {
            size_t e = np_right(st, sfirst, c0);
            if (e + 1 == sfirst)
                return;
            w = resolve(st, sfirst, e);
        }
        c = content_for(st, cue, c1, send, false);
    } else if (j >= (long)sfirst &&
               (text_tok_is_ci(t, (size_t)j, "and") || text_tok_is_ci(t, (size_t)j, "but"))) {
        if (adjective_chain(st, (size_t)j))
            return;
        /* "X replied that ... and said ...": the subject of the clause */
        if (prev != NULL) {
            w = who_make(prev->speaker, true, -1);
        } else {
            size_t e = np_right(st, sfirst, (size_t)j);
            if (e + 1 == sfirst)
                return;
            w = resolve(st, sfirst, e);
        }
        c = content_for(st, cue, c1, send, false);
    } else if (j >= (long)sfirst && !is_comma(t, (size_t)j) && !is_close_mark(st, (size_t)j) &&
               t->tok[j].kind != TOK_QUOTE && !is_char(t, (size_t)j, ':') &&
               !is_char(t, (size_t)j, ';')) {
        size_t s = np_left(st, (size_t)j, sfirst);
        if (s > (size_t)j)
            return;
        w = resolve(st, s, (size_t)j);
        size_t intro = s > sfirst + 12 ? 13 : count_words(t, sfirst, s);
        bool intro_short = intro <= 5 && !clause_like(t, sfirst, s);
        if (c1 < send && is_comma(t, c1) && intro_short && s > sfirst) {
            c = content_for(st, cue, c1, send, true); /* "But at the same time, it added, ..." */
        } else {
            c = content_for(st, cue, c1, send, false);
            if (c.end <= c.first || (c1 < send && is_comma(t, c1) && c.quote < 0)) {
                c = before_if_clause(st, cue, s, sfirst);
            } else if (c.quote >= 0 && s > sfirst && is_close_mark(st, s - 1)) {
                second = c;
                c = content_before(st, s);
            }
        }
    } else if (j >= (long)sfirst || c0 == sfirst) {
        /* the cue right after a comma or a closing quote */
        size_t e = (cue->flags & F_INV) ? np_right(st, c1, send) : c1 - 1;
        bool post = false;
        if ((cue->flags & F_INV) && e + 1 > c1 && !word_in(t, c1, LEAD) &&
            !(e == c1 && is_pronoun(t, c1))) {
            w = resolve(st, c1, e);
            bool ends = e + 1 >= send || is_comma(t, e + 1) || is_terminal(t, e + 1) ||
                        word_in(t, e + 1, LEAD) || is_char(t, e + 1, '(') || is_char(t, e + 1, ';');
            post = ends && !(w.actor == SPK_NONE && !(t->tok[c1].flags & TOKF_CAP) &&
                             noun_at(st, e, &(int){0}) == K_NONE && !is_pronoun(t, e));
        }
        if (post) {
            c = content_before(st, c0);
            after_subject = e + 1;
            if (c.quote >= 0 && e + 2 < send && is_comma(t, e + 1) && is_open_mark(st, e + 2))
                second = content_after(st, e + 2);
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
            size_t s = np_left(st, subj_end, sfirst);
            if (s > subj_end)
                return;
            bool np_whole = s == sfirst || is_comma(t, s - 1) || is_close_mark(st, s - 1);
            if (!np_whole || (!is_appositive_start(st, k) && np_left(st, (size_t)j - 1, k) != k))
                return;
            w = resolve(st, s, subj_end);
            /* "the ministry's spokesman, Gao Feng, said": the name in the apposition */
            int32_t ap = st->d->actor_at[k];
            if (ap >= 0 && st->d->ann->actors[ap].type == ACTOR_PERSON && w.noun >= 0 &&
                np_left(st, (size_t)j - 1, k) == k && st->d->actor_at[(size_t)j - 1] == ap)
                w = who_make(ap, true, w.noun);
            /* "The study, by Paul Wonnacott, said" */
            int slot;
            if (text_tok_is_ci(t, k, "by") && noun_at(st, subj_end, &slot) == K_DOC) {
                long a = first_actor_in(st, k, (size_t)j);
                if (a >= 0)
                    w = who_make(a, st->d->ann->actors[a].type == ACTOR_PERSON, -1);
            }
            c = content_for(st, cue, c1, send, false);
            if (s > sfirst && c.end <= c.first &&
                (is_comma(t, s - 1) || is_close_mark(st, s - 1))) {
                struct content b = content_before(st, s);
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
    struct attribution *a = remember(st, c0, c1, w, c.quote >= 0);
    long speaker = w.actor;
    emit(st, &c, speaker, a->cue_text, (uint32_t)c0);
    emit(st, &second, speaker, a->cue_text, (uint32_t)c0);
    if (c.cont > 0) {
        struct content k = content_after(st, c.cont);
        emit(st, &k, speaker, a->cue_text, (uint32_t)c0);
    }
    /* "..., said Liu, but it would not change ..." */
    size_t i = after_subject;
    if (i < send && is_comma(t, i) && i + 1 < send && is_appositive_start(st, i + 1) &&
        !text_tok_is_ci(t, i + 1, "but") && !text_tok_is_ci(t, i + 1, "and")) {
        size_t k = i + 1;
        while (k < send && !is_comma(t, k))
            k++;
        i = k;
    }
    if (i + 2 < send && is_comma(t, i) &&
        (text_tok_is_ci(t, i + 1, "but") || text_tok_is_ci(t, i + 1, "and")) && c.first < c0) {
        struct content k = content_after(st, i + 2);
        bool has_cue = false;
        for (size_t m = k.first; m < k.end; m++) {
            struct cue cc;
            enum kind kd = lookup(st, m, k.end, &cc, NULL);
            has_cue |= kd == K_VERB || kd == K_PART;
        }
        if (!has_cue && clause_like(t, k.first, k.end))
            emit(st, &k, speaker, a->cue_text, (uint32_t)c0);
    }
}

/* "according to X" and "citing X". */
static void source_cue(struct state *st, size_t c0, size_t c1, size_t sfirst, size_t send)
{
    const struct text *t = st->t;
    size_t e = np_right(st, c1, send);
    if (e + 1 <= c1)
        return;
    struct who w = resolve(st, c1, e);
    if (w.actor >= 0 && (w.noun >= 0 || noun_at(st, e, &(int){0}) == K_DOC))
        st->last_doc_owner = w.actor;
    struct content c = {0, 0, false, -1, 0};
    const struct attribution *prev = sentence_attr(st, c0);
    bool at_start = c0 == sfirst || (c0 > sfirst && is_comma(t, c0 - 1) && c0 <= sfirst + 6 &&
                                     count_words(t, sfirst, c0) <= 3);
    if (prev != NULL && c0 > 0 && is_comma(t, c0 - 1) && st->nout > 0 &&
        st->out[st->nout - 1].cue_tok == prev->cue) {
        /* "..., it noted, citing X": X's claim is the same content */
        const struct pending *p = &st->out[st->nout - 1];
        c = (struct content){p->first, p->end, p->direct, -1, 0};
    } else if (at_start && e + 1 < send && is_comma(t, e + 1)) {
        c = content_after(st, e + 2);
    } else if (c0 > sfirst && is_comma(t, c0 - 1)) {
        c = content_before(st, c0);
    } else if (c0 > sfirst) {
        c = content_after(st, e + 1);
    }
    struct attribution *a = remember(st, c0, c1, w, c.quote >= 0);
    emit(st, &c, w.actor, a->cue_text, (uint32_t)c0);
}

/* "Canada's ruling that ...", "the ruling by the tribunal that ...", "Indonesian demands that
 * ...": a ruling, finding or demand with its content, owned by the actor before it or named by
 * "by X" between it and "that". */
static void noun_cue(struct state *st, size_t c0, size_t c1, size_t sfirst, size_t send)
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
    bool starts = st->d->actor_at[n] >= 0 || word_in(t, n, clause_start) ||
                  t->tok[n].kind == TOK_NUMBER || (t->tok[n].flags & TOKF_CAP);
    if (!starts && (word_in(t, n, AUX) || !clause_like(t, n, send)))
        return; /* "a ruling that upheld ...": a relative clause */
    for (size_t i = c1; i < k; i++)
        if (text_tok_is_ci(t, i, "by") && owner < 0)
            owner = first_actor_in(st, i + 1, k);
    if (owner < 0 && c0 > sfirst) {
        size_t s = np_left(st, c0 - 1, sfirst);
        if (s < c0) {
            owner = last_actor_in(st, s, c0);
            if (owner >= 0 && st->d->ann->actors[owner].type == ACTOR_PERSON)
                owner = -1; /* "Smith's demand" is his, but rarely a claim of its own */
        }
    }
    if (owner < 0)
        return;
    struct content c = content_after(st, n);
    if (c.end <= c.first)
        return;
    struct attribution *a = remember(st, c0, c1, who_make(owner, false, -1), false);
    emit(st, &c, owner, a->cue_text, (uint32_t)c0);
}

/* "The Commerce Department unveiled its recommendations", "Trump signed a memorandum": the
 * author of a text that a later "according to the recommendations" cites. No claim itself. */
static void publish_cue(struct state *st, size_t c0, size_t c1, size_t sfirst, size_t send)
{
    const struct text *t = st->t;
    long j = skip_left(st, (long)c0 - 1, sfirst);
    if (j < (long)sfirst || t->tok[j].kind != TOK_WORD || is_pronoun(t, (size_t)j))
        return;
    for (size_t k = c1; k < send && k < c1 + 4; k++) {
        int slot;
        if (noun_at(st, k, &slot) != K_DOC)
            continue;
        size_t s = np_left(st, (size_t)j, sfirst);
        if (s > (size_t)j)
            return;
        struct who w = resolve(st, s, (size_t)j);
        if (w.actor >= 0)
            st->last_doc_owner = w.actor;
        return;
    }
}

/* An open quote with no closing mark that holds its own attribution ("It is only ..., he
 * said.") ends before that attribution. */
static void fix_unclosed(struct state *st)
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
                enum kind kd = lookup(st, k, q->end, &c, NULL);
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

/* Quotes no attribution took: the speaker of the attribution just before them. */
static void inherit_quotes(struct state *st)
{
    const struct text *t = st->t;
    size_t ai = 0;
    for (size_t qi = 0; qi < st->nq; qi++) {
        const struct quote *q = &st->q[qi];
        while (ai < st->nattr && st->attr[ai].cue < q->open)
            ai++;
        if (st->qused[qi] || is_term(st, qi) || q->end <= q->first || ai == 0)
            continue;
        const struct attribution *a = &st->attr[ai - 1];
        uint32_t s = t->tok[q->open].sentence;
        if (t->sent[s].first != q->open)
            continue; /* a title or term inside a sentence, not a paragraph of speech */
        if (a->sent + 1 < s || a->speaker < 0)
            continue;
        struct content c = {q->first, q->end, true, (int)qi, 0};
        const char *cue = a->quote_content && a->sent + 1 == s ? a->cue_text : NULL;
        emit(st, &c, a->speaker, cue, a->cue);
        st->qused[qi] = true;
    }
}

/* Unnamed persons ("a senior official said") are the next named speaker, when there is one
 * within two sentences. */
static void resolve_later(struct state *st)
{
    size_t ai = 0;
    for (size_t i = 0; i < st->nout; i++) {
        struct pending *p = &st->out[i];
        if (p->speaker != SPK_LATER)
            continue;
        while (ai < st->nattr && st->attr[ai].cue <= p->cue_tok)
            ai++;
        p->speaker = SPK_NONE;
        for (size_t k = ai; k < st->nattr && k < ai + 16 && st->attr[k].sent <= p->sent + 2; k++) {
            if (st->attr[k].speaker != SPK_LATER) {
                p->speaker = st->attr[k].speaker;
                break;
            }
        }
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
    init_actor_tables(&st);
    fix_unclosed(&st);

    for (size_t s = 0; s < t->nsent; s++) {
        size_t sfirst = t->sent[s].first, send = t->sent[s].end;
        for (size_t i = sfirst; i < send; i++) {
            if (st.qat[i] != QUOTE_NONE)
                continue;
            struct cue c;
            enum kind k = lookup(&st, i, send, &c, NULL);
            if (k != K_VERB && k != K_PART && k != K_SOURCE && k != K_NOUN && k != K_PUBLISH)
                continue;
            if (k == K_PUBLISH)
                publish_cue(&st, i, i + c.ntok, sfirst, send);
            else if (k == K_NOUN)
                noun_cue(&st, i, i + c.ntok, sfirst, send);
            else if (k == K_SOURCE)
                source_cue(&st, i, i + c.ntok, sfirst, send);
            else
                verb_cue(&st, &c, i, i + c.ntok, sfirst, send);
            i += c.ntok - 1;
        }
    }
    inherit_quotes(&st);
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
