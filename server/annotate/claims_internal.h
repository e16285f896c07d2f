/* claims_internal.h - what the files of the claims stage share (claims.h is its interface).
 *
 * The stage is split by job: claims.c loads the cues, keeps the attribution memory and runs the
 * pass; claims_speaker.c says who speaks (noun phrases, pronouns, titles, unnamed sources);
 * claims_content.c says what is claimed (the reported clause or quote on either side of a cue);
 * claims_cues.c reads an attribution at each kind of cue, and gives quotes no cue claimed their
 * speaker.
 *
 * Functions shared between these files are prefixed cl_ rather than with their file's name:
 * they are private to the stage, and short names keep the rules readable.
 *
 * Threads: as claims.h; a struct state lives on the thread running claims_find().
 */
#ifndef TW_CLAIMS_INTERNAL_H
#define TW_CLAIMS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "claims.h"
#include "claims_quotes.h"
#include "engine.h"
#include "lexicon.h"

/* The kinds of cues.tsv rows. */
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
    K_PUBLISH,
    K_FIRM
};

/* Flags of a cue row (cues.tsv documents them). */
#define F_STRONG 0x01
#define F_INV 0x02
#define F_OBJ 0x04
#define F_REST 0x08
#define F_INF 0x10
#define F_NOINF 0x20
#define F_PREP 0x40
#define F_PERSON 0x80

#define MAX_NOUNS 64    /* nouns of cues.tsv that resolution remembers (title, official, body) */
#define WINDOW 14       /* longest subject or object phrase read, in tokens */
#define MAX_CONTENT 160 /* longest reported clause read, in tokens: keeps the pass linear */
#define SPK_NONE (-1)   /* a source that is no actor: analysts, the media, "we" */
#define SPK_LATER (-2)  /* an unnamed body ("a ministry") that the text may name next */
#define SPK_LATER_PERSON (-3) /* an unnamed person ("a senior official"), the same */
#define SPK_LATER_DOC (-4)    /* "a government study": its author, else the government's country */

/* True for the speakers a later name resolves. */
static inline bool spk_later(long speaker)
{
    return speaker == SPK_LATER || speaker == SPK_LATER_PERSON || speaker == SPK_LATER_DOC;
}

struct claims_lex {
    struct lexicon *cues;
    struct cue *decoded; /* per row of cues (lexicon_row_index): decoded once, not per match */
    const struct lex_row *noun[MAX_NOUNS]; /* rows whose memory slot is their index */
    size_t nnoun;
};

/* What a cue row says, decoded. */
struct cue {
    enum kind kind;
    unsigned flags;
    char rest[32]; /* rest=W alternatives, '|'-separated */
    char prep[16]; /* prep=W: the preposition of a gerund content ("warned against ...ing") */
    size_t ntok;
    int noun; /* its memory slot (index into claims_lex.noun), or -1 */
};

/* A speaker as resolved from a phrase. */
struct who {
    long actor;   /* index into actors, SPK_NONE or an SPK_LATER* */
    bool animate; /* a person, or an unnamed person speaking for a body */
    int noun;     /* memory slot of the official or title word it was named by, or -1 */
};

/* A cue read with its speaker; the memory that quotes and pronouns after it use. */
struct attribution {
    uint32_t cue, sent;
    long speaker;
    bool quote_content; /* its content was a quote */
    bool main;          /* a verb with its subject ("Zhang said"), not "according to X" */
    char *cue_text;     /* owned by the claims that use it; freed with the stage state */
};

/* A claim found, before the speakers named later are resolved and it is written out. */
struct pending {
    uint32_t first, end; /* tokens of the text */
    long speaker;
    bool direct;
    uint32_t cue_tok; /* for the "named later" search */
    uint32_t sent;
    const char *cue; /* borrowed from an attribution */
};

/* The stage's state while it annotates one doc. */
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
    long last_subject; /* the last person named as the subject of a sentence, or -1 */
    uint32_t last_subject_tok;
    long last_firm, last_org; /* the last company ("Toyota Motor Corp"), the last plain body */
    uint32_t last_firm_tok, last_org_tok;
    long body_last[MAX_NOUNS], title_last[MAX_NOUNS], word_mem[MAX_NOUNS];
    uint32_t word_mem_tok[MAX_NOUNS]; /* the cue where word_mem was last set */
    uint64_t *body_mask, *role_mask;  /* per actor */
    long default_country;
    long last_person_spk; /* the last person quoted, or -1 */
    uint32_t last_person_spk_sent;
    long official_country; /* the country an unnamed official last spoke for, or -1 */
    uint32_t official_country_sent;
    /* attribution memory */
    long last_animate, last_thing, last_doc_owner;
    uint32_t last_animate_sent, last_thing_sent;
    uint32_t last_animate_cue; /* the cue token of the last animate attribution */
    bool have_animate, have_thing;
    struct attribution *attr;
    size_t nattr, cap_attr;
    size_t sent_attr; /* index of the first attribution of the latest sentence that has one */
    struct pending *out;
    size_t nout, cap_out;
};

/* What a cue claims: tokens of the text, and whether a quote makes it direct. */
struct content {
    size_t first, end; /* tokens; first == end when none */
    bool direct;
    int quote; /* the quote it is, or -1 */
};

/* ---- token predicates and word lists (static: every file inlines its own copy) ---- */

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
static const char *const LEAD[] = {"in",        "at",    "on",    "after",   "before",  "during",
                                   "following", "upon",  "while", "when",    "from",    "to",
                                   "with",      "by",    "under", "via",     "through", "because",
                                   "since",     "until", "where", "without", NULL};
static const char *const MONTH[] = {
    "january", "february", "march",    "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan",   "feb", "mar",  "apr",  "jun",    "jul",
    "aug",     "sept",     "sep",      "oct",   "nov", "dec",  NULL};
/* Words before a participle that make it an adjective: "Japan's alleged failure". */
static const char *const DET[] = {"the", "a", "an", "its", "their", "his", "her", NULL};
static const char *const PASSIVE[] = {"was", "is", "were", "are", "been", "being", NULL};
static const char *const NON_DIRECT_BEFORE[] = {
    "so-called", "called", "dubbed", "termed", "and", "or", "with", "the", "a", "an", "as", NULL};

static inline bool is_comma(const struct text *t, size_t i)
{
    return text_tok_is_char(t, i, ',');
}

static inline bool is_terminal(const struct text *t, size_t i)
{
    return text_tok_is_char(t, i, '.') || text_tok_is_char(t, i, '!') ||
           text_tok_is_char(t, i, '?');
}

static inline bool is_adverb(const struct text *t, size_t i)
{
    if (text_tok_in(t, i, ADVERB))
        return true;
    size_t n = text_tok_len(t, i);
    const char *p = text_tok_ptr(t, i);
    return t->tok[i].kind == TOK_WORD && !(t->tok[i].flags & TOKF_CAP) && n > 4 &&
           p[n - 2] == 'l' && p[n - 1] == 'y';
}

/* True when token i is a lower-case word that ends with suffix ("raising" with "ing"). */
static inline bool ends_with(const struct text *t, size_t i, const char *suffix)
{
    if (i >= t->ntok || t->tok[i].kind != TOK_WORD || (t->tok[i].flags & TOKF_CAP))
        return false;
    size_t n = text_tok_len(t, i), k = strlen(suffix);
    return n > k + 2 && strncasecmp(text_tok_ptr(t, i) + n - k, suffix, k) == 0;
}

static inline size_t count_words(const struct text *t, size_t a, size_t b)
{
    size_t n = 0;
    for (size_t i = a; i < b; i++)
        n += t->tok[i].kind == TOK_WORD || t->tok[i].kind == TOK_NUMBER;
    return n;
}

static inline bool is_open_mark(const struct state *st, size_t i)
{
    uint32_t q = st->qat[i];
    return q != QUOTE_NONE && st->q[q].open == i;
}

static inline bool is_close_mark(const struct state *st, size_t i)
{
    uint32_t q = st->qat[i];
    return q != QUOTE_NONE && st->q[q].close == i;
}

static inline bool inside_quote(const struct state *st, size_t i)
{
    uint32_t q = st->qat[i];
    return q != QUOTE_NONE && i >= st->q[q].first && i < st->q[q].end;
}

static inline struct who who_make(long actor, bool animate, int noun)
{
    return (struct who){actor, animate, noun};
}

static inline bool is_pronoun(const struct text *t, size_t i)
{
    return text_tok_in(t, i, PRON_ANIMATE) || text_tok_in(t, i, PRON_THING);
}

/* The first token of the sentence of token i and its end. */
static inline void sentence_of(const struct text *t, size_t i, size_t *first, size_t *end)
{
    const struct sentence *s = &t->sent[t->tok[i].sentence];
    *first = s->first;
    *end = s->end;
}

static inline bool clause_like(const struct text *t, size_t a, size_t b)
{
    if (a < b && (is_pronoun(t, a) || text_tok_is_ci(t, a, "we") || text_tok_is_ci(t, a, "i")))
        return true;
    for (size_t i = a; i < b && i < a + 14; i++)
        if (text_tok_in(t, i, AUX))
            return true;
    return false;
}

/* ---- claims.c: lexicon, attribution memory, the pass ---- */

/* The cue or noun starting at token i and ending before end, or K_NONE. */
enum kind cl_lookup(const struct state *st, size_t i, size_t end, struct cue *c,
                    const struct lex_row **rowp);

/* The kind of the single word at i as a noun, and its memory slot (or -1). */
enum kind cl_noun_at(const struct state *st, size_t i, int *slot);

/* Records the claim c of speaker (dropped when empty, a lone word, or no actor speaks); cue
 * is borrowed from an attribution. */
void cl_emit(struct state *st, const struct content *c, long speaker, const char *cue,
             uint32_t cue_tok);

/* True when the claim c of the verb at cue_tok only repeats one of the same speaker: "He said he
 * believed X" (the nested verb), "He said X, he said" (the clause holding the first verb).
 * Participles are left alone: "..., adding that ..." is a claim of its own. */
bool cl_repeats(const struct state *st, const struct content *c, long speaker, size_t cue_tok);

/* Records the attribution at the cue [cue, cue_end) for the quotes and pronouns after it;
 * returns it (owned by the state). */
struct attribution *cl_remember(struct state *st, size_t cue, size_t cue_end, struct who w,
                                bool quote_content);

/* The attribution of this sentence before token i, or NULL. */
const struct attribution *cl_sentence_attr(const struct state *st, size_t i);

/* The first attribution of token i's sentence before i, preferring a verb: the main clause a
 * participle hangs on ("Lyng said ..., adding that ..."). */
const struct attribution *cl_sentence_first_attr(const struct state *st, size_t i);

/* ---- claims_speaker.c: who speaks ---- */

/* True when the mention of actor a at token i opens its sentence as its subject: only a
 * dateline, titles or an introductory word before it ("Meanwhile, Trade Minister Bob Andrew
 * expressed ..."), and a verb or an apposition after it (not "Andrew's aide", "Andrew and"). */
bool cl_is_subject(const struct state *st, size_t i, long a);

/* The person who opens the sentence after token tok's, named with an office ("AFBF president
 * Dean Kleckner", "Deputy Minister Wang") and, when org >= 0, with org before the name: the
 * unnamed official of tok's sentence named next. -1 when none. */
long cl_named_next(const struct state *st, size_t tok, long org);

/* Fills the per-actor tables (the nouns each name and role holds, the default country) and
 * resets what the pass has seen. */
void cl_init_actor_tables(struct state *st);

/* The actor of the last actor token in [a, b), or -1. */
long cl_last_actor_in(const struct state *st, size_t a, size_t b);

/* The actor of the first actor token in [a, b), or -1. */
long cl_first_actor_in(const struct state *st, size_t a, size_t b);

/* Resolves the noun phrase [s, e] (inclusive) to a speaker. */
struct who cl_resolve(struct state *st, size_t s, size_t e);

/* Start of the noun phrase that ends at token e, not before token lo. */
size_t cl_np_left(const struct state *st, size_t e, size_t lo);

/* End (inclusive) of the noun phrase that starts at token s, before end; s - 1 when none. */
size_t cl_np_right(const struct state *st, size_t s, size_t end);

/* Skips auxiliaries and time words left of token j; returns the token before them. */
long cl_skip_left(const struct state *st, long j, size_t lo);

/* True when token i can open an apposition ("a professor", "who", "vice-chairman"). */
bool cl_is_appositive_start(const struct state *st, size_t i);

/* The person named at the end of [k, j) after title words only ("Rep. Sam Gibbons",
 * "Dr. Jan Kowal"), or -1. */
long cl_titled_name(const struct state *st, size_t k, size_t j);

/* When the subject [s, ...] is an apposition with no speaker of its own ("professor in the
 * department of finance", "a nonpartisan arm of Congress"), the noun phrase that opens the
 * sentence before its comma is the speaker: sets *w to it when it is an actor. */
void cl_apposed_subject(struct state *st, size_t s, size_t sfirst, struct who *w);

/* ---- claims_content.c: what is claimed ---- */

/* A quoted term ("cultural industries") rather than quoted speech: short, inside a clause. */
bool cl_is_term(const struct state *st, size_t qi);

/* True when the "and" at token j joins adjectives ("recently raised and announced tariffs"),
 * not two verbs of speech ("said and estimated"). */
bool cl_adjective_chain(const struct state *st, size_t j);

/* The content after a cue, from token a: "(that) CLAUSE", a quote, "that \"...\"". */
struct content cl_content_after(struct state *st, size_t a);

/* The content before an attribution whose first token is b0: a quote ("\"...,\" he said"),
 * the clause a quote ends, or the clause before a comma ("CLAUSE, X said"). */
struct content cl_content_before(struct state *st, size_t b0);

/* The content after the cue [c0, c1) for its kind and flags. */
struct content cl_content_for(struct state *st, const struct cue *cue, size_t c1, size_t send,
                              bool after_comma);

/* Content before the subject at s, when what precedes is a clause and not an introduction
 * ("In response, X said ..."). */
struct content cl_before_if_clause(struct state *st, const struct cue *cue, size_t s,
                                   size_t sfirst);

/* ---- claims_cues.c: attributions at each kind of cue ---- */

/* Reads the attribution at the verb or participle cue [c0, c1) of the sentence [sfirst,
 * send). */
void cl_verb_cue(struct state *st, const struct cue *cue, size_t c0, size_t c1, size_t sfirst,
                 size_t send);

/* "according to X" and "citing X". */
void cl_source_cue(struct state *st, size_t c0, size_t c1, size_t sfirst, size_t send);

/* "Canada's ruling that ...", "the ruling by the tribunal that ...", "Indonesian demands that
 * ...": a ruling, finding or demand with its content, owned by the actor before it or named by
 * "by X" between it and "that". */
void cl_noun_cue(struct state *st, size_t c0, size_t c1, size_t sfirst, size_t send, bool doc);

/* "The Commerce Department unveiled its recommendations", "Trump signed a memorandum": the
 * author of a text that a later "according to the recommendations" cites. No claim itself. */
void cl_publish_cue(struct state *st, size_t c0, size_t c1, size_t sfirst, size_t send);

/* An open quote with no closing mark that holds its own attribution ("It is only ..., he
 * said.") ends before that attribution. */
void cl_fix_unclosed(struct state *st);

/* Quotes no attribution took: the speaker of the attribution just before them. */
void cl_inherit_quotes(struct state *st);

#endif
