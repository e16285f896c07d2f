/* tariffs_internal.h - what the two halves of the tariffs stage share: tariffs.c finds the
 * figures (marks, quantities, which quantities are tariff figures), tariffs_relations.c gives
 * each accepted figure its imposer, target, products and change and appends it to the doc.
 * Not for other stages: tariffs.h is the stage's interface.
 *
 * Threads: the thread running tariffs_find() on its own doc; nothing here is shared.
 */
#ifndef TW_TARIFFS_INTERNAL_H
#define TW_TARIFFS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine.h"

/* How far (in tokens) a pattern may reach; constants keep the stage linear. */
#define BACK_SCAN 12
#define MOD_SCAN 4
#define CUE_SCAN 40
#define ACTOR_SCAN 45
#define PRODUCT_SCAN 16
#define MAX_PRODUCTS 8
#define ASIDE_MAX 10
#define OTHER_PARTY_MIN 2 /* mentions a country needs to be taken as the other party */

/* What tariff_terms.tsv says of a token. */
enum term { T_NONE, T_DUTY, T_MEASURE, T_MODIFIER, T_NOT };

/* Per token. change is a tariff_change + 1 (0: no cue), set on the first token of the cue;
 * prod_len is set on the first token of a product phrase. */
struct mark {
    uint8_t term; /* enum term */
    uint8_t change;
    uint8_t prod_len;
    int32_t qty; /* index of the quantity covering the token, or -1 */
};

enum qunit { Q_PERCENT, Q_MONEY };
enum qstate { Q_OPEN, Q_ACCEPTED, Q_REJECTED };

/* A number with a unit, and whether it is a tariff figure. */
struct qty {
    size_t first, end;   /* the figure as written, comparator included */
    size_t nfirst, nend; /* the number itself */
    double value;
    enum qunit unit;
    char currency[4];
    const char *per; /* canonical measure of a specific duty, or NULL */
    bool scaled;     /* "billion", "mln" */
    bool bare;       /* money read from a scale alone ("60 billion"), currency from context */
    enum tariff_cmp cmp;
    enum qstate state;
    long link;  /* the duty word the figure hangs on, or -1 */
    long peer;  /* the figure this one is an alternative to or the level before, or -1 */
    bool prior; /* peer: this is the level before the peer ("up from 10 percent") */
};

/* The quantities of a text, in order. */
struct qlist {
    struct qty *q;
    size_t n, cap;
};

/* A specific duty ("85 cts", "1.05 dlrs per bushel") is a rate; a large sum is goods covered. */
static inline bool is_rate(const struct qty *q)
{
    return q->unit == Q_PERCENT || q->per != NULL || (!q->scaled && !q->bare && q->value < 1000);
}

/* A dash that sets off an aside: an em or en dash, or a hyphen standing apart (" - ") or
 * doubled ("--"), not one inside a word ("25-percent"). */
static inline bool is_dash(const struct text *t, size_t i)
{
    if (text_tok_is_char(t, i, 0x2014) || text_tok_is_char(t, i, 0x2013))
        return true;
    if (!text_tok_is_char(t, i, '-'))
        return false;
    return (t->tok[i].flags & TOKF_SPACE) || (i > 0 && text_tok_is_char(t, i - 1, '-')) ||
           (i + 1 < t->ntok && text_tok_is_char(t, i + 1, '-'));
}

static inline bool is_duty(const struct mark *m, size_t i)
{
    return m[i].term == T_DUTY;
}

static inline bool is_actor(const struct doc *d, size_t i)
{
    return d->actor_at[i] >= 0;
}

/* "a 10 percent duty hike", "tariff increases of 10 percent": an increase noun that a duty word
 * modifies names the added duty, whose percentage is its rate (GUIDELINE.md: "an additional 10%
 * tariff"); a cut noun, or an increase "in" duties ("a 10 pct rise in duties"), stays the size
 * of a change. True when token p is such a noun (not a verb: "tariffs rise to 25 pct"). */
static inline bool duty_increase(const struct text *t, const struct mark *m, size_t p)
{
    static const char *const increases[] = {"hike", "hikes", "increase", "increases",
                                            "rise", "rises", NULL};
    static const char *const verb_tails[] = {"to", "from", "by", NULL};
    return p > 0 && is_duty(m, p - 1) && text_tok_in(t, p, increases) &&
           !(p + 1 < t->ntok && text_tok_in(t, p + 1, verb_tails));
}

/* Decides which quantities of ql are tariff figures: sets each one's state, and the duty word
 * (link) and the figure it is an alternative to (peer) of those accepted (tariffs_figures.c).
 * m is the marks tariffs.c built for d. */
void tariffs_classify(const struct doc *d, const struct mark *m, struct qlist *ql);

/* Appends the accepted quantities of ql to d->ann as tariff figures, in text order, with their
 * relations. m and ql are those tariffs.c built for d; both are only read. */
void tariffs_relations_emit(const struct doc *d, const struct mark *m, const struct qlist *ql);

#endif
