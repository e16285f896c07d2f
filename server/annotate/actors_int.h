/* actors_int.h - what the files of the actors stage share: the lexicons, the per-doc work
 * state and the helpers of each pass. Private to actors*.c; the stage's interface is actors.h.
 *
 * The stage is cut by job: actors.c (lexicons, per-doc state, the order of the passes,
 * bare names, output), actors_skip.c (datelines, credits, bylines), actors_orgs.c (organisation
 * patterns and mentions), actors_lexmatch.c (lexicon phrases and countries), actors_names.c
 * (persons, titles, roles).
 *
 * Threads: a struct work lives on the thread running actors_find(); the lex is read-only.
 */
#ifndef TW_ACTORS_INT_H
#define TW_ACTORS_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "actors.h"
#include "actors_map.h"
#include "lexicon.h"

struct actors_lex {
    struct lexicon *countries; /* phrase, code, kind, short name */
    struct lexicon *countries_ci; /* the same, case folded: datelines are in capitals */
    struct lexicon *persons;   /* full name, country, role, solo forms */
    struct lexicon *solo;      /* solo form, full name (built from persons.tsv) */
    struct lexicon *orgs;      /* phrase, country, canonical name, "after" */
    struct lexicon *orgs_ci;   /* the same, case folded: long names in lower-case copy */
    struct lexicon *media;
    struct lexicon *places; /* phrases that hide a country name ("Latin America") */
    struct lexicon *titles; /* case folded */
    struct lexicon *given;
    struct lexicon *surnames;
    struct lexicon *heads; /* word, "company" */
    struct lexicon *stop;  /* word, "person" when it may stand in an organisation's name */
    struct amap country_name; /* code -> index of its "name" row in countries */
};

enum mark { M_FREE, M_BLOCK, M_TITLE, M_MENTION };

struct wactor {
    enum actor_type type;
    char country[3];
    char *role;
    char *name;       /* best name so far */
    size_t name_rank; /* how full that name is: tokens for persons, bytes for organisations */
    bool strong;      /* has a mention that names it for sure (not only "European") */
    bool national;    /* a government body: without a country of its own, the dateline's */
    uint32_t hint[2]; /* a person's: tokens (+1) whose actor may give its country, else 0 */
    long out;         /* index in d->ann->actors once emitted */
};

/* A mention that lies inside another actor's mention ("State Council" in "Customs Tariff
 * Commission of the State Council"): output, but its tokens keep the outer actor. */
struct nested {
    size_t first, end;
    int k;
};

struct work {
    const struct actors_lex *lx;
    struct doc *d;
    const struct text *t;
    uint8_t *mark;
    uint8_t *mstart; /* token starts a mention */
    int32_t *who;    /* internal actor of a mention token */
    uint32_t *org_end; /* org pattern span starting at this token: its end, else 0 */
    uint32_t *org_inner, *org_inner_end; /* a body named inside that span, else 0, 0 */
    struct nested *nest; /* mentions inside another actor's mention, in body order */
    size_t nnest, cap_nest;
    /* the last title seen: its words [title_first, title_end) ("Ambassador to the World Trade
     * Organization"), the token a name must start at for the title to be its role, and up to
     * two tokens (+1, 0 for none) whose actor may give the person's country */
    size_t title_first, title_end, title_next;
    uint32_t title_hint[2];
    char home[3]; /* the country of the dateline's city, or "" */
    struct wactor *act;
    size_t nact, cap;
    struct amap map;
    bool soviet; /* the body speaks of the Soviet Union: Moscow is its capital, not Russia's */
};

static inline bool is_word(const struct text *t, size_t i)
{
    return i < t->ntok && t->tok[i].kind == TOK_WORD;
}

static inline bool is_cap(const struct text *t, size_t i)
{
    return is_word(t, i) && (t->tok[i].flags & TOKF_CAP);
}

static inline bool in_lex(const struct lexicon *lx, const struct text *t, size_t i)
{
    size_t n;
    return lexicon_match(lx, t, i, i + 1, &n) != NULL;
}

static inline bool is_joiner(const struct text *t, size_t i)
{
    return i < t->ntok && (text_tok_is(t, i, "and") || text_tok_is_char(t, i, '&'));
}

/* Tokens glued by a hyphen without spaces ("Australia-China", "Co-operative"). */
static inline bool is_hyphen_glue(const struct text *t, size_t i)
{
    return i + 1 < t->ntok && text_tok_is_char(t, i, '-') &&
           !(t->tok[i].flags & TOKF_SPACE) && !(t->tok[i + 1].flags & TOKF_SPACE);
}

static inline bool is_possessive(const struct text *t, size_t i)
{
    return text_tok_is_ci(t, i, "'s") || text_tok_is_ci(t, i, "\u2019s");
}

/* ---- actors.c: keys, actors and mentions of one doc ---- */

/* A stopword; with person false, only one that also breaks organisation names. */
bool actors_is_stop(const struct work *w, size_t i, bool person);
/* Lower-cased key "prefix:" + the text of tokens [first, end); the caller frees it. */
char *actors_span_key(const struct text *t, char prefix, size_t first, size_t end);
/* The body text of tokens [first, end), line breaks made spaces; the caller frees it. */
char *actors_span_text(const struct text *t, size_t first, size_t end);
/* Lower-cased key "prefix:" + s; the caller frees it. */
char *actors_lower_key(char prefix, const char *s);
/* The actor stored under key (takes ownership of key), or a new one of type type; its country
 * is set from country when it has none. */
int actors_actor_for(struct work *w, char *key, enum actor_type type, const char *country);
/* Keeps name when it is fuller (rank) than the actor's name so far. */
void actors_set_name(struct wactor *a, const char *name, size_t rank);
/* Sets the first role seen; takes ownership of role (may be NULL). */
void actors_set_role(struct wactor *a, char *role);
/* Marks tokens [first, end) as a mention of actor k. */
void actors_add_mention(struct work *w, int k, size_t first, size_t end);
/* Records [first, end) as a mention of actor k inside another actor's mention. */
void actors_add_nested(struct work *w, int k, size_t first, size_t end);
/* Marks the free tokens of [first, end) as no actor. */
void actors_block(struct work *w, size_t first, size_t end);

/* ---- actors_skip.c: pass 0 ---- */

/* Blocks the dateline, photo captions, credits and bylines. */
void actors_skip_credits(struct work *w);

/* ---- actors_orgs.c: pass A and organisation mentions ---- */

/* True when token i is a capitalised organisation head word ("Ministry", "Co"); *company
 * (may be NULL) tells whether it is a legal form or trade word. */
bool actors_is_head(const struct work *w, size_t i, bool *company);
/* Finds the spans of organisation patterns and records them in w->org_end. */
void actors_find_org_patterns(struct work *w);
/* An organisation mention of [i, end): from the lexicon row, or from a pattern when row is
 * NULL. Registers its initials and an acronym that follows it. */
void actors_org_at(struct work *w, size_t i, size_t end, const struct lex_row *row);

/* ---- actors_lexmatch.c: pass B, lexicon phrases ---- */

/* Matches the longest lexicon phrase or organisation pattern at token i and records it. */
void actors_match_at(struct work *w, size_t i);

/* ---- actors_names.c: pass B, persons ---- */

/* A person mention of [first, end) under key (taken); role (taken) or the title just before. */
int actors_person(struct work *w, char *key, const char *country, size_t first, size_t end,
                  char *role);
/* Makes the surname (and a family name written first) of [first, end) name actor k. */
void actors_register_surnames(struct work *w, int k, size_t first, size_t end);
/* A title phrase at [i, end) (titles.tsv): records it, with the capitalised words before it
 * ("External Affairs Minister") and an "of/to X" after it ("Ambassador to the WTO"). */
void actors_title_at(struct work *w, size_t i, size_t end);
/* A capitalised sequence at i that is a person by its given name, a title, an appositive or a
 * speech verb. */
void actors_person_at(struct work *w, size_t i);

#endif
