/* tariffs.c - tariff rates and covered values, with comparator, imposer, target, products and
 * change (GUIDELINE.md, "Tariff figures").
 *
 * DESIGN
 * 1. Marks: one pass tags each token with what the lexicons say of it: a duty word, a trade
 *    measure, a duty modifier, a change cue, a product.
 * 2. Quantities: one pass reads every number that carries a unit: a percentage, or money
 *    ("$200 billion", "300 mln dlrs", "2.5 cents a pound"), with its comparator.
 * 3. Figures: a quantity is a tariff figure only when the sentence ties it to a duty word by a
 *    pattern a reader would accept ("a 25 pct tariff", "duties of 8.54 pct", "tariffs on $200
 *    billion of goods", "reduced the duty to 85 cts"), never through "by" or a change noun
 *    (the size of a change) or "of <noun>" (a share). Acceptance then spreads along lists and
 *    ranges ("25 percent and 10 percent tariffs", "from 15.3 percent to 9.8 percent").
 * 4. Relations: imposer and target come from the actors stage (doc->actor_at). The target is
 *    the actor whose goods are named ("on Chinese goods", "imports from Japan"), "*" for all
 *    origins; the imposer is the owner of the duty word ("U.S. tariffs"), the agent ("levied by
 *    Trump"), the subject of the clause, or the destination ("hit Chinese shelves"), never the
 *    target. A figure that names neither carries them over from the figure or duty word before
 *    it, as a reader does from sentence to sentence; a duty that names no origin hits all ("*").
 *    The change is the nearest cue of the clause ("imposed", "cut ... to", "upheld"), turned
 *    into a proposal or threat by "could", "proposed", "threatened".
 * Every look-around is bounded by a constant number of tokens, so the stage is linear.
 */
#include "tariffs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lexicon.h"
#include "mem.h"
#include "numbers.h"

/* How far (in tokens) a pattern may reach; constants keep the stage linear. */
#define BACK_SCAN 12
#define MOD_SCAN 4
#define CUE_SCAN 40
#define ACTOR_SCAN 45
#define PRODUCT_SCAN 16
#define MAX_PRODUCTS 8

struct tariffs_lex {
    struct numbers_lex *numbers;
    struct lexicon *terms;
    struct lexicon *currencies;
    struct lexicon *changes;
    struct lexicon *products;
};

struct tariffs_lex *tariffs_lex_new(void)
{
    struct tariffs_lex *lx = xcalloc(1, sizeof *lx);
    lx->numbers = numbers_lex_new();
    lx->terms = lexicon_load_embedded("server/annotate/lexicons/tariff_terms.tsv", LEX_FOLD_CASE);
    lx->currencies =
        lexicon_load_embedded("server/annotate/lexicons/currencies.tsv", LEX_FOLD_CASE);
    lx->changes =
        lexicon_load_embedded("server/annotate/lexicons/tariff_changes.tsv", LEX_FOLD_CASE);
    lx->products = lexicon_load_embedded("server/annotate/lexicons/products.tsv", LEX_FOLD_CASE);
    return lx;
}

void tariffs_lex_free(struct tariffs_lex *lx)
{
    if (lx == NULL)
        return;
    numbers_lex_free(lx->numbers);
    lexicon_free(lx->terms);
    lexicon_free(lx->currencies);
    lexicon_free(lx->changes);
    lexicon_free(lx->products);
    free(lx);
}

/* ---- 1. marks ---- */

enum term { T_NONE, T_DUTY, T_MEASURE, T_MODIFIER, T_NOT };

/* Per token. change is a tariff_change + 1 (0: no cue), set on the first token of the cue;
 * prod_len is set on the first token of a product phrase. */
struct mark {
    uint8_t term; /* enum term */
    uint8_t change;
    uint8_t prod_len;
    int32_t qty; /* index of the quantity covering the token, or -1 */
};

static enum term term_kind(const char *s)
{
    if (strcmp(s, "duty") == 0)
        return T_DUTY;
    if (strcmp(s, "measure") == 0)
        return T_MEASURE;
    if (strcmp(s, "modifier") == 0)
        return T_MODIFIER;
    if (strcmp(s, "not") == 0)
        return T_NOT;
    return T_NONE;
}

static int change_code(const char *s)
{
    for (int c = CHANGE_IMPOSE; c <= CHANGE_CURRENT; c++)
        if (strcmp(s, tariff_change_name((enum tariff_change)c)) == 0)
            return c;
    return -1;
}

static void mark_tokens(const struct tariffs_lex *lx, const struct doc *d, struct mark *m)
{
    const struct text *t = &d->text;
    for (size_t i = 0; i < t->ntok; i++)
        m[i] = (struct mark){.qty = -1};
    for (size_t i = 0; i < t->ntok;) {
        size_t n = 0;
        const struct lex_row *r = lexicon_match(lx->terms, t, i, t->ntok, &n);
        if (r == NULL) {
            i++;
            continue;
        }
        /* the longest phrase wins: "duty-free" (not) covers its "duty" */
        enum term k = term_kind(r->field[1]);
        for (size_t j = i; j < i + n; j++)
            m[j].term = (uint8_t)k;
        i += n;
    }
    /* a duty word inside a name is no duty: "General Agreement on Tariffs and Trade",
     * "Customs Tariff Commission" */
    for (size_t i = 0; i < t->ntok; i++)
        if (d->actor_at[i] >= 0 && m[i].term == T_DUTY)
            m[i].term = T_NONE;
    for (size_t i = 0; i < t->ntok; i++) {
        size_t n = 0;
        const struct lex_row *r = lexicon_match(lx->products, t, i, t->ntok, &n);
        if (r != NULL)
            m[i].prod_len = (uint8_t)(n > 255 ? 255 : n);
    }
    /* a cue covers its words: "earlier imposed" is one cue, not "imposed" */
    for (size_t i = 0; i < t->ntok;) {
        size_t n = 0;
        const struct lex_row *r = lexicon_match(lx->changes, t, i, t->ntok, &n);
        if (r == NULL || change_code(r->field[1]) < 0) {
            i++;
            continue;
        }
        m[i].change = (uint8_t)(change_code(r->field[1]) + 1);
        i += n;
    }
}

/* ---- 2. quantities ---- */

enum qunit { Q_PERCENT, Q_MONEY };
enum qstate { Q_OPEN, Q_ACCEPTED, Q_REJECTED };

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
    long link;       /* the duty word the figure hangs on, or -1 */
};

struct qlist {
    struct qty *q;
    size_t n, cap;
};

static void qpush(struct qlist *l, const struct qty *q)
{
    void *p = l->q;
    xgrow(&p, &l->cap, l->n + 1, sizeof *l->q);
    l->q = p;
    l->q[l->n++] = *q;
}

static enum tariff_cmp cmp_code(const char *s)
{
    if (strcmp(s, "gt") == 0)
        return CMP_GT;
    if (strcmp(s, "lt") == 0)
        return CMP_LT;
    return CMP_APPROX;
}

/* A currency phrase at token i in the given position ("pre" or "post"). */
static const struct lex_row *currency_at(const struct tariffs_lex *lx, const struct text *t,
                                         size_t i, const char *pos, size_t *n)
{
    if (i >= t->ntok)
        return NULL;
    const struct lex_row *r = lexicon_match(lx->currencies, t, i, t->ntok, n);
    if (r == NULL || strcmp(r->field[2], pos) != 0)
        return NULL;
    return r;
}

/* Reads the unit after a number ending at token j: a percent word, or a currency and an
 * optional measure ("cts a bushel"). Fills q and returns the end of the figure, or 0. */
static size_t unit_after(const struct tariffs_lex *lx, const struct text *t, size_t j,
                         struct qty *q, double *factor)
{
    size_t n = 0;
    const char *val = NULL;
    size_t k = j;
    if (k + 1 < t->ntok && text_tok_is_char(t, k, '-') && !(t->tok[k].flags & TOKF_SPACE))
        k++; /* "25-percent", "14-percent" */
    if (numbers_word(lx->numbers, t, k, t->ntok, &n, &val) == NW_PERCENT) {
        q->unit = Q_PERCENT;
        return k + n;
    }
    k = j;
    /* "could be about 60 billion" dollars: the unit after a closing quote */
    if (k + 1 < t->ntok && t->tok[k].kind == TOK_QUOTE && (t->tok[k].flags & TOKF_QCLOSE))
        k++;
    const struct lex_row *r = currency_at(lx, t, k, "post", &n);
    if (r == NULL)
        return 0;
    q->unit = Q_MONEY;
    snprintf(q->currency, sizeof q->currency, "%s", r->field[1]);
    *factor = strtod(r->field[3], NULL);
    return k > j ? j : k + n; /* the figure as written stops inside the quotation */
}

/* "a bushel", "per pound", "/tonne" after money. */
static size_t measure_after(const struct tariffs_lex *lx, const struct text *t, size_t j,
                            struct qty *q)
{
    if (j + 1 >= t->ntok)
        return j;
    if (!(text_tok_is_ci(t, j, "a") || text_tok_is_ci(t, j, "an") || text_tok_is_ci(t, j, "per") ||
          text_tok_is_char(t, j, '/')))
        return j;
    size_t n = 0;
    const char *val = NULL;
    if (numbers_word(lx->numbers, t, j + 1, t->ntok, &n, &val) != NW_PER)
        return j;
    q->per = val;
    return j + 1 + n;
}

static bool is_zero_word(const struct text *t, size_t i)
{
    return text_tok_is_ci(t, i, "zero") || text_tok_is_ci(t, i, "nil");
}

/* Reads the quantities of the text, in order; tokens they cover get m[].qty. */
static void read_quantities(const struct tariffs_lex *lx, const struct text *t, struct mark *m,
                            struct qlist *out)
{
    char last_currency[4] = "";
    for (size_t i = 0; i < t->ntok;) {
        size_t c = i, n = 0;
        const char *val = NULL;
        enum tariff_cmp cmp = CMP_EQ;
        if (numbers_word(lx->numbers, t, c, t->ntok, &n, &val) == NW_CMP) {
            cmp = cmp_code(val);
            c += n;
        }
        const struct lex_row *pre = currency_at(lx, t, c, "pre", &n);
        size_t numstart = pre != NULL ? c + n : c;
        struct number num[2];
        size_t nn = numbers_read_range(lx->numbers, t, numstart, t->ntok, num);
        if (nn == 0 || (pre != NULL && t->tok[numstart].kind != TOK_NUMBER && !num[0].scaled)) {
            i++;
            continue;
        }
        struct qty q[2];
        size_t qend[2] = {0, 0};
        double factor[2] = {1, 1};
        for (size_t k = 0; k < nn; k++) {
            q[k] = (struct qty){.nfirst = num[k].first, .nend = num[k].end, .value = num[k].value,
                                .scaled = num[k].scaled, .cmp = k == 0 ? cmp : CMP_EQ,
                                .link = -1};
            q[k].first = k == 0 ? i : num[k].first;
            qend[k] = unit_after(lx, t, num[k].end, &q[k], &factor[k]);
            if (pre != NULL && qend[k] == 0) {
                q[k].unit = Q_MONEY;
                snprintf(q[k].currency, sizeof q[k].currency, "%s", pre->field[1]);
                factor[k] = strtod(pre->field[3], NULL);
                qend[k] = num[k].end;
            }
        }
        if (nn == 2 && qend[1] == 0)
            nn = 1; /* "5 to 10 days": not a range of figures */
        if (nn == 2 && qend[0] == 0) {
            /* "10-25 pct", "$10-20 billion": the first end takes the unit of the second */
            q[0].unit = q[1].unit;
            memcpy(q[0].currency, q[1].currency, sizeof q[0].currency);
            factor[0] = factor[1];
            qend[0] = num[0].end;
            if (q[1].scaled && !q[0].scaled) {
                q[0].value *= num[1].scale;
                q[0].scaled = true;
            }
        }
        size_t consumed = 0;
        for (size_t k = 0; k < nn; k++) {
            if (qend[k] == 0) {
                if (num[k].scaled && !num[k].spelled && last_currency[0] != '\0') {
                    /* "Trump's 60 billion": money in the currency the article is using */
                    q[k].unit = Q_MONEY;
                    q[k].bare = true;
                    memcpy(q[k].currency, last_currency, sizeof q[k].currency);
                    qend[k] = num[k].end;
                } else if (num[k].spelled && num[k].end == num[k].first + 1 &&
                           is_zero_word(t, num[k].first)) {
                    q[k].unit = Q_PERCENT; /* "hitting zero": the rate of a duty that ends */
                    q[k].bare = true;
                    qend[k] = num[k].end;
                } else {
                    break;
                }
            }
            if (q[k].unit == Q_MONEY) {
                q[k].value *= factor[k];
                if (!q[k].bare)
                    memcpy(last_currency, q[k].currency, sizeof last_currency);
                qend[k] = measure_after(lx, t, qend[k], &q[k]);
            }
            q[k].end = qend[k];
            for (size_t j = q[k].first; j < q[k].end; j++)
                m[j].qty = (int32_t)out->n;
            qpush(out, &q[k]);
            consumed = q[k].end;
        }
        i = consumed > i ? consumed : i + 1;
    }
}

/* ---- 3. which quantities are tariff figures ---- */

/* A specific duty ("85 cts", "1.05 dlrs per bushel") is a rate; a large sum is goods covered. */
static bool is_rate(const struct qty *q)
{
    return q->unit == Q_PERCENT || q->per != NULL || (!q->scaled && !q->bare && q->value < 1000);
}

static bool word_in(const struct text *t, size_t i, const char *const *words)
{
    if (t->tok[i].kind != TOK_WORD)
        return false;
    for (const char *const *w = words; *w; w++)
        if (text_tok_is_ci(t, i, *w))
            return true;
    return false;
}

/* Nouns for the size of a change: "cuts of up to 50 pct", "a 50 pct reduction". */
static const char *const change_nouns[] = {
    "cut",      "cuts",     "reduction", "reductions", "increase", "increases", "rise",
    "rises",    "hike",     "hikes",     "decrease",   "decline",  "drop",      "fall",
    "gain",     "jump",     "growth",    "surge",      "slump",    "plunge",    "cutback",
    "rollback", "increment", NULL};

/* Words a rate may sit behind while still hanging on the duty word before them. */
static const char *const rate_glue[] = {
    "of",      "at",      "to",       "from",     "a",        "an",      "the",       "its",
    "their",   "his",     "her",      "high",     "low",      "average", "maximum",   "ceiling",
    "peak",    "rate",    "rates",    "level",    "levels",   "ranging", "range",     "still",
    "now",     "currently", "which",  "that",     "were",     "was",     "is",        "are",
    "be",      "been",    "being",    "will",     "would",    "could",   "stand",     "stood",
    "standing", "stands", "set",      "fixed",    "reach",    "reached", "reaching",  "hitting",
    "hit",     "on",      "for",      "and",      "imports",  "goods",   "products",  "exports",
    "items",   "all",     "continues", "continue", "before",  "generally", "typically", "up",
    "overall", "initial", "initially", "also", "unchanged", "remains", "remain", "remained",
    "held", "kept", "averaging", "averaged", "effective", "new",
    NULL};

/* What may stand right before a rate hung on an earlier duty word. */
static const char *const rate_preps[] = {"to",      "from",    "of",      "at",      "is",
                                         "are",     "was",     "were",    "be",      "been",
                                         "between", "hitting", "reaching", "reach", "reached",
                                         "averaging", "average", "stood", "stand", "stands",
                                         NULL};

/* Words a covered value may sit behind: "tariffs of $30 billion", "the tariffs reach ...". */
static const char *const money_glue[] = {
    "of",      "be",     "could",    "would",    "will",    "reach",   "reached", "reaching",
    "total",   "totalling", "totaling", "cover", "covering", "covers", "affect",  "affecting",
    "affects", "hit",    "hitting",  "is",       "are",     "was",     "were",    "amount",
    "amounting", "the", "worth",      "now",      "may",     "might",   "on",      "an",
    "another", "additional", "extra", "further", "new",     NULL};

/* Verbs before a sum of duties that make it revenue, not the goods a duty hits. */
static const char *const revenue_verbs[] = {"collected", "collect", "collects", "paid", "pay",
                                            "pays", "paying", "raised", "raise", "raises",
                                            "generate", "generated", "generates", "brought",
                                            "bring", "cost", "costs", "owed", "owe", "refund",
                                            "refunded", NULL};

static const char *const revenue_words[] = {"income", "revenue", "revenues", "receipts",
                                            "collected", "collection", "proceeds", NULL};

/* Words that say a covered value follows: "goods worth $3 billion", "imports, which run at". */
static const char *const worth_words[] = {"worth", "valued", "totalling", "totaling", "run",
                                          "running", "amounting", NULL};

static bool is_duty(const struct mark *m, size_t i)
{
    return m[i].term == T_DUTY;
}

static bool is_actor(const struct doc *d, size_t i)
{
    return d->actor_at[i] >= 0;
}

/* True when the rate q is the size of a change or a share, which are no tariff figures. */
static bool rate_excluded(const struct doc *d, const struct mark *m, const struct qty *q,
                          size_t sa, size_t sb)
{
    const struct text *t = &d->text;
    if (q->first > sa) {
        size_t p = q->first - 1;
        if (text_tok_is_ci(t, p, "by"))
            return true;
        int ch = (int)m[p].change - 1;
        if (ch == CHANGE_RAISE || ch == CHANGE_CUT)
            return true; /* "cut 50 pct", "raised tariffs 10 pct" */
        if (text_tok_is_ci(t, p, "of") && p > sa && word_in(t, p - 1, change_nouns))
            return true;
    }
    if (q->end < sb) {
        size_t j = q->end;
        if (word_in(t, j, change_nouns))
            return true;
        if (text_tok_is_ci(t, j, "of") && j + 1 < sb) {
            size_t k = j + 1;
            while (k < sb && k < j + 3 && m[k].term == T_MODIFIER)
                k++;
            if (!(k < sb && is_duty(m, k)))
                return true; /* "90 percent of the world's production" */
        }
    }
    return false;
}

/* "a 25 pct tariff", "25 percent of tariff", "a 1.05 dlrs per bushel duty": the duty word
 * after the figure, over modifiers. Returns its token or -1. */
static long duty_after(const struct doc *d, const struct mark *m, const struct qty *q,
                       size_t sb)
{
    const struct text *t = &d->text;
    size_t j = q->end;
    bool money = q->unit == Q_MONEY && !is_rate(q);
    if (money && j + 1 < sb && text_tok_is_ci(t, j, "worth") && text_tok_is_ci(t, j + 1, "of"))
        j++; /* "300 mln dlrs worth of tariffs" */
    if (j < sb && (text_tok_is_ci(t, j, "of") || (money && text_tok_is_ci(t, j, "in")))) {
        /* "slap as much as 300 mln dlrs in tariffs on Japanese goods"; but "collected $2
         * billion in tariffs" is revenue */
        if (money && q->first > 0 && word_in(t, q->first - 1, revenue_verbs))
            return -1;
        j++;
    } else if (j < sb && q->first > 0 && text_tok_is_ci(t, q->first - 1, "to") &&
             (text_tok_is_ci(t, j, "the") || text_tok_is_ci(t, j, "its")))
        j++; /* "cut to 1.96 pct the duty on Citrosuco" */
    for (size_t steps = 0; j < sb && steps <= MOD_SCAN; steps++, j++) {
        if (is_duty(m, j)) {
            /* "a 10 percent duty hike": the size of a change; "tariff-related costs": no duty */
            if (j + 1 < sb && (word_in(t, j + 1, change_nouns) ||
                               (text_tok_is_char(t, j + 1, '-') &&
                                !(t->tok[j + 1].flags & TOKF_SPACE))))
                return -1;
            return (long)j;
        }
        if (m[j].term == T_NOT)
            return -1;
        if (!(m[j].term == T_MODIFIER || is_actor(d, j) || m[j].prod_len ||
              text_tok_is_char(t, j, '-') || text_tok_is(t, j, "'s") ||
              text_tok_is_char(t, j, '(') || text_tok_is_char(t, j, ')')))
            return -1;
        if (word_in(t, j, change_nouns))
            return -1;
    }
    return -1;
}

/* "duties of 8.54 pct", "the tariff reduced to 5.6 percent", "tariffs, still ranging from a
 * high of almost 60 pct": the duty word before the figure, over glue words. Returns its token
 * or -1. */
static long duty_before(const struct doc *d, const struct mark *m, size_t first, size_t next_tok,
                        size_t sa, const char *const *glue, bool rate)
{
    const struct text *t = &d->text;
    if (first <= sa)
        return -1;
    size_t p = first - 1;
    if (rate && !word_in(t, p, rate_preps))
        return -1;
    if (rate && text_tok_is_ci(t, p, "of") && p > sa &&
        !(is_duty(m, p - 1) || word_in(t, p - 1, (const char *const[]){"high", "low", "average",
                                                                        "maximum", "ceiling",
                                                                        "peak", "rate", "rates",
                                                                        "level", "levels", NULL})))
        return -1;
    /* money right after a duty word is a sum of duties ("net of duties 1.32 billion"), unless
     * the goods follow ("raise tariffs as much as 300 mln dlrs on Japanese goods") */
    bool goods_follow = next_tok < t->ntok && (text_tok_is_ci(t, next_tok, "on") ||
                                               text_tok_is_ci(t, next_tok, "of") ||
                                               text_tok_is_ci(t, next_tok, "worth"));
    for (size_t steps = 0; steps < BACK_SCAN; steps++) {
        if (is_duty(m, p))
            return rate || steps > 0 || goods_follow ? (long)p : -1;
        bool glue_ok = word_in(t, p, glue) || text_tok_is_char(t, p, ',') ||
                       t->tok[p].kind == TOK_QUOTE || m[p].term == T_MODIFIER ||
                       (rate && (m[p].change || is_actor(d, p) || m[p].prod_len ||
                                 text_tok_is(t, p, "'s") || text_tok_is_char(t, p, '/') ||
                                 word_in(t, p, (const char *const[]){"year", "fiscal", NULL}) ||
                                 (t->tok[p].kind == TOK_NUMBER && m[p].qty < 0)));
        bool change_size = word_in(t, p, change_nouns) && p + 1 < first &&
                           (text_tok_is_ci(t, p + 1, "of") || text_tok_is_ci(t, p + 1, "in"));
        if (!glue_ok || m[p].term == T_NOT || change_size || m[p].qty >= 0)
            return -1;
        if (p == sa)
            return -1;
        p--;
    }
    return -1;
}

/* Quantities a figure may belong to instead of a duty. */
static const char *const other_measures[] = {
    "price",   "prices", "cost",   "costs",     "profit", "profits", "revenue", "revenues",
    "sales",   "output", "production", "inflation", "growth", "surplus", "deficit", "reserves",
    "earnings", "income", "exports", "share",   "shares", "stake",   "wages",   "spending",
    "unemployment", "yield", "yields", "premium", NULL};

/* "cut tariff rates ... to 10 percent": a duty word and then a change cue earlier in the
 * sentence, and the figure introduced by "to" or "from". */
static long duty_changed_to(const struct doc *d, const struct mark *m, const struct qty *q,
                            size_t sa)
{
    const struct text *t = &d->text;
    if (q->first <= sa)
        return -1;
    size_t p = q->first - 1;
    if (!(text_tok_is_ci(t, p, "to") || text_tok_is_ci(t, p, "from")))
        return -1;
    long duty = -1;
    bool cue = false;
    size_t lo = q->first > sa + CUE_SCAN ? q->first - CUE_SCAN : sa;
    for (size_t k = lo; k < p; k++) {
        int ch = (int)m[k].change - 1;
        if (ch == CHANGE_CUT || ch == CHANGE_RAISE || ch == CHANGE_REMOVE)
            cue = true;
        if (is_duty(m, k))
            duty = (long)k;
    }
    /* "the duty was adjusted after import prices rose to 16.85 dlrs": another quantity */
    for (long k = duty + 1; duty >= 0 && k < (long)p; k++)
        if (word_in(t, (size_t)k, other_measures))
            return -1;
    return cue ? duty : -1;
}

/* Covered values: "tariffs on $200 billion", "imports worth $3 billion", "a $50 billion tariff". */
static long covered_link(const struct doc *d, const struct mark *m, const struct qty *q,
                         size_t sa, size_t sb)
{
    const struct text *t = &d->text;
    long l = duty_before(d, m, q->first, q->end, sa, money_glue, false);
    /* "income from import tariffs reached 221.6 billion yuan": receipts, not goods */
    for (size_t k = l > (long)sa + 5 ? (size_t)l - 5 : sa; l >= 0 && k < (size_t)l; k++)
        if (word_in(t, k, revenue_words))
            return -1;
    if (l >= 0)
        return l;
    l = duty_after(d, m, q, sb);
    if (l >= 0)
        return l;
    /* "products worth $977 million", "the imports, which run at about 700 mln dlrs" */
    size_t p = q->first;
    while (p > sa && p + 3 > q->first &&
           (text_tok_is_ci(t, p - 1, "at") || text_tok_is_ci(t, p - 1, "of") ||
            text_tok_is_ci(t, p - 1, "to")))
        p--;
    if (p > sa && word_in(t, p - 1, worth_words)) {
        /* the duty must be "on" the goods the worth is of, not merely in the sentence */
        size_t lo = q->first > sa + CUE_SCAN ? q->first - CUE_SCAN : sa;
        bool on = false;
        for (size_t k = p - 1; k-- > lo;) {
            if (text_tok_is_ci(t, k, "on"))
                on = true;
            if ((m[k].term == T_DUTY || m[k].term == T_MEASURE) && on)
                return (long)k;
        }
    }
    return -1;
}

/* Two neighbouring figures joined as a list or a range: "25 percent and 10 percent",
 * "from 145% to 30%", "10-25 pct". */
static bool joined(const struct text *t, const struct qty *a, const struct qty *b)
{
    if (a->unit != b->unit || b->first < a->end)
        return false;
    size_t gap = b->first - a->end;
    if (gap == 0)
        return false;
    if (gap > 2)
        return false;
    static const char *const links[] = {"and", "or", "to", "a", "an", NULL};
    for (size_t k = a->end; k < b->first; k++)
        if (!(word_in(t, k, links) || text_tok_is_char(t, k, ',') || text_tok_is_char(t, k, '-') ||
              text_tok_is_char(t, k, 0x2013)))
            return false;
    return true;
}

static void classify(const struct doc *d, const struct mark *m, struct qlist *ql)
{
    const struct text *t = &d->text;
    for (size_t i = 0; i < ql->n; i++) {
        struct qty *q = &ql->q[i];
        const struct sentence *s = &t->sent[t->tok[q->nfirst].sentence];
        size_t sa = s->first, sb = s->end;
        long l = -1;
        if (is_rate(q)) {
            if (rate_excluded(d, m, q, sa, sb)) {
                q->state = Q_REJECTED;
                continue;
            }
            l = duty_after(d, m, q, sb);
            if (l < 0 && !q->bare)
                l = duty_before(d, m, q->first, q->end, sa, rate_glue, true);
            if (l < 0)
                l = duty_changed_to(d, m, q, sa);
            if (l < 0 && q->bare && q->first > sa &&
                word_in(t, q->first - 1, (const char *const[]){"to", "hitting", "reaching", "reach",
                                                               "at", NULL}))
                l = duty_before(d, m, q->first, q->end, sa, rate_glue, true);
        } else {
            l = covered_link(d, m, q, sa, sb);
        }
        if (l >= 0) {
            q->state = Q_ACCEPTED;
            q->link = l;
        } else if (q->bare) {
            q->state = Q_REJECTED; /* a bare number joins no list */
        }
    }
    /* lists and ranges spread acceptance both ways: forwards ("from 15.3 percent to 9.8
     * percent") and backwards ("25 percent and 10 percent tariffs"); two rounds of linear passes
     * cover a list whose accepted member sits anywhere in it */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i + 1 < ql->n; i++) {
            struct qty *a = &ql->q[i], *b = &ql->q[i + 1];
            if (!joined(t, a, b) || t->tok[a->nfirst].sentence != t->tok[b->nfirst].sentence)
                continue;
            if (a->state == Q_ACCEPTED && b->state == Q_OPEN) {
                b->state = Q_ACCEPTED;
                b->link = a->link;
            }
        }
        for (size_t i = ql->n; i-- > 1;) {
            struct qty *a = &ql->q[i - 1], *b = &ql->q[i];
            if (!joined(t, a, b) || t->tok[a->nfirst].sentence != t->tok[b->nfirst].sentence)
                continue;
            if (b->state == Q_ACCEPTED && a->state == Q_OPEN) {
                a->state = Q_ACCEPTED;
                a->link = b->link;
            }
        }
    }
    /* "impose 25 percent of tariff on steel and 10 percent for aluminum": a rate after "and"
     * that parallels an accepted rate of the same sentence */
    for (size_t i = 1; i < ql->n; i++) {
        struct qty *q = &ql->q[i];
        if (q->state != Q_OPEN || q->unit != Q_PERCENT || q->first == 0)
            continue;
        size_t p = q->first - 1;
        if ((text_tok_is_ci(t, p, "a") || text_tok_is_ci(t, p, "an")) && p > 0)
            p--;
        if (!(text_tok_is_ci(t, p, "and") || text_tok_is_ci(t, p, "while")))
            continue;
        size_t after = q->end;
        bool tail = after >= t->ntok || text_tok_is_ci(t, after, "on") ||
                    text_tok_is_ci(t, after, "for") || text_tok_is_char(t, after, '.') ||
                    text_tok_is_char(t, after, ',');
        for (size_t k = i; tail && k-- > 0;) {
            const struct qty *o = &ql->q[k];
            if (t->tok[o->nfirst].sentence != t->tok[q->nfirst].sentence ||
                q->first - o->end > CUE_SCAN)
                break;
            if (o->state == Q_ACCEPTED && o->unit == Q_PERCENT) {
                q->state = Q_ACCEPTED;
                q->link = o->link;
                break;
            }
        }
    }
}

/* ---- 4. relations ---- */

static const char *actor_country(const struct doc *d, size_t i)
{
    int32_t a = d->actor_at[i];
    if (a < 0 || (size_t)a >= d->ann->nactors)
        return NULL;
    const char *c = d->ann->actors[a].country;
    return c[0] != '\0' ? c : NULL;
}

static const char *const clause_breaks[] = {"and", "or", "but", "while", "after", "before",
                                            "which", "that", NULL};

static const char *const copulas[] = {"is", "are", "was", "were", "be", "been", NULL};

static const char *const goods_nouns[] = {
    "goods",   "imports",  "exports", "products", "items",    "shipments", "produce",
    "made",    "imported", "exported", "origin",  "suppliers", "producers", "exporters",
    "makers",  "companies", "firms",  "steel",    "aluminum", "aluminium", NULL};

static const char *const target_preps[] = {"on", "from", "against", NULL};

/* Prepositions that make a mention no subject of its clause. */
static const char *const oblique_preps[] = {
    "on",   "from", "against", "to",    "with", "for",  "of",      "into",   "in",
    "at",   "between", "by",   "over",  "toward", "towards", "including", "like",
    "than", "and",  "among",   "about", NULL};

/* Verbs of saying: the speaker before one is not the subject of the reported clause. */
static const char *const speech_verbs[] = {"said", "says", "say", "told", "tells", "added",
                                           "stated", "noted", "according", "argued", "warned",
                                           "believes", "believed", "thinks", NULL};

/* What a country whose goods are taxed enters: its owner levies the duty. */
static const char *const destination_nouns[] = {"market", "markets", "shelves", "consumers",
                                                "buyers", "ports", "customs", "border",
                                                "importers", NULL};

static const char *const pronouns[] = {"he", "she", "it", "they", "we", "its", "their", NULL};

/* The first token of the actor mention covering token i. */
/* Mentions are a few tokens long; the walk is capped so that a run of one actor's mentions
 * ("China China China ...") cannot make the scans quadratic. */
#define MENTION_MAX 8

static size_t mention_start(const struct doc *d, size_t i, size_t lo)
{
    for (int n = 0; n < MENTION_MAX && i > lo && d->actor_at[i - 1] == d->actor_at[i]; n++)
        i--;
    return i;
}

static size_t mention_end(const struct doc *d, size_t i, size_t hi)
{
    for (int n = 0; n < MENTION_MAX && i + 1 < hi && d->actor_at[i + 1] == d->actor_at[i]; n++)
        i++;
    return i + 1;
}

/* True when the mention [a, b) names whose goods: "on Chinese goods", "U.S. corn imports",
 * "from Brazil", "Thai tapioca". */
/* "U.S. corn imports", "Japanese electronic goods" after a mention ending at b; "the U.S.
 * imposed" stops at the cue. */
static bool goods_after(const struct doc *d, const struct mark *m, size_t b, size_t sb)
{
    const struct text *t = &d->text;
    size_t j = b;
    if (j < sb && text_tok_is(t, j, "'s"))
        j++;
    for (int k = 0; k < 4 && j < sb; k++, j++) {
        if (word_in(t, j, goods_nouns) || m[j].prod_len)
            return true;
        if (t->tok[j].kind != TOK_WORD || is_duty(m, j) || m[j].change ||
            word_in(t, j, oblique_preps) || word_in(t, j, speech_verbs) ||
            (t->tok[j].flags & TOKF_CAP && !is_actor(d, j)))
            break;
    }
    return false;
}

static bool goods_mention(const struct doc *d, const struct mark *m, size_t a, size_t b,
                          size_t sa, size_t sb)
{
    const struct text *t = &d->text;
    size_t j = b;
    if (j < sb && text_tok_is(t, j, "'s"))
        j++;
    /* the owner of a duty ("from an EC tariff loophole", "U.S. tariffs") is no target */
    for (size_t k = j; k < sb && k < j + 3; k++) {
        if (is_duty(m, k))
            return false;
        if (m[k].term != T_MODIFIER)
            break;
    }
    size_t p = a;
    for (int k = 0; k < 3 && p > sa; k++) {
        p--;
        if (word_in(t, p, target_preps))
            return true;
        if (!(text_tok_is_ci(t, p, "the") || text_tok_is_ci(t, p, "all") || m[p].qty >= 0 ||
              word_in(t, p, (const char *const[]){"of", "worth", NULL})))
            break;
    }
    return goods_after(d, m, b, sb);
}

static bool all_origins(const struct doc *d, size_t lo, size_t hi)
{
    const struct text *t = &d->text;
    static const char *const all_what[] = {"imports", "countries", "origins", "nations",
                                           "sources", "partners", "trading", "suppliers",
                                           "goods", NULL};
    for (size_t k = lo; k < hi; k++) {
        if (!(text_tok_is_ci(t, k, "all") || text_tok_is_ci(t, k, "every") ||
              text_tok_is_ci(t, k, "global") || text_tok_is_ci(t, k, "worldwide")))
            continue;
        for (size_t j = k + 1; j < hi && j < k + 4; j++)
            if (word_in(t, j, all_what))
                return true;
    }
    return false;
}

struct relation {
    const char *imposer, *target;
};

/* The clause of a figure, as far as its relations reach: the sentence, cut to a window. */
static void clause(const struct doc *d, const struct qty *q, size_t *lo, size_t *hi)
{
    const struct sentence *s = &d->text.sent[d->text.tok[q->nfirst].sentence];
    *lo = q->first > s->first + ACTOR_SCAN ? q->first - ACTOR_SCAN : s->first;
    *hi = q->end + ACTOR_SCAN < s->end ? q->end + ACTOR_SCAN : s->end;
}

/* Who levies: never the country whose goods are hit. */
static void set_imposer(struct relation *r, const char *c)
{
    if (c != NULL && !(r->target != NULL && strcmp(c, r->target) == 0))
        r->imposer = c;
}

static struct relation find_relation(const struct doc *d, const struct mark *m,
                                     const struct qty *q, size_t next_first)
{
    const struct text *t = &d->text;
    struct relation r = {NULL, NULL};
    size_t lo, hi;
    clause(d, q, &lo, &hi);
    const struct sentence *s = &t->sent[t->tok[q->nfirst].sentence];
    size_t anchor = q->link >= 0 && (size_t)q->link < q->first ? (size_t)q->link : q->first;
    size_t tail = q->link >= 0 && (size_t)q->link >= q->end ? (size_t)q->link + 1 : q->end;

    /* target first: "on Chinese goods" is firmer evidence than a subject */
    size_t thi = next_first < hi ? next_first : hi;
    if (all_origins(d, anchor, thi))
        r.target = "*";
    for (size_t k = anchor; r.target == NULL && k < thi; k++) {
        if (k > tail && (word_in(t, k, speech_verbs) || text_tok_is_ci(t, k, "read")))
            break;
        if (!is_actor(d, k) || (k >= q->first && k < q->end))
            continue;
        size_t a = mention_start(d, k, lo), b = mention_end(d, k, hi);
        const char *c = actor_country(d, a);
        if (c != NULL &&
            goods_mention(d, m, a, b, s->first, s->end))
            r.target = c;
        k = b - 1;
    }
    for (size_t k = anchor; r.target == NULL && k-- > lo;) {
        if (!is_actor(d, k))
            continue;
        size_t a = mention_start(d, k, lo), b = mention_end(d, k, hi);
        const char *c = actor_country(d, a);
        if (c != NULL &&
            goods_mention(d, m, a, b, s->first, s->end))
            r.target = c;
        k = a;
    }
    /* owner of the duty word: "U.S. tariffs", "China's tariffs", "an EC tariff loophole" */
    if (q->link >= 0) {
        size_t k = (size_t)q->link;
        for (int steps = 0; steps < 4 && k > s->first; steps++) {
            k--;
            if (is_actor(d, k)) {
                size_t a = mention_start(d, k, s->first);
                if (!(a > s->first && word_in(t, a - 1, oblique_preps)))
                    set_imposer(&r, actor_country(d, k));
                break;
            }
            if (!(m[k].term == T_MODIFIER || text_tok_is(t, k, "'s") || m[k].qty >= 0 ||
                  m[k].prod_len || text_tok_is_char(t, k, '-')))
                break;
        }
    }
    /* agent: "levied on all US imports by Trump", "approved by U.S. President Donald Trump" */
    for (size_t k = tail; r.imposer == NULL && k + 1 < hi && k < tail + 6; k++) {
        if (t->tok[k].kind == TOK_PUNCT || word_in(t, k, clause_breaks) ||
            text_tok_is_ci(t, k, "to"))
            break;
        if (!text_tok_is_ci(t, k, "by"))
            continue;
        for (size_t j = k + 1; j < hi && j < k + 4; j++)
            if (is_actor(d, j)) {
                set_imposer(&r, actor_country(d, j));
                break;
            }
        break;
    }
    /* a change cue after the figure whose subject follows the duty word: "the 15 per cent duty
     * the U.S. imposed on Canadian lumber exports" */
    size_t subj_hi = anchor;
    for (size_t k = tail; k < hi && k < tail + 5; k++)
        if (m[k].change && m[k].change - 1 != CHANGE_CURRENT) {
            subj_hi = k;
            break;
        }
    /* subject: the nearest actor before the figure (or its verb) that is not an oblique or a
     * goods mention */
    bool pronoun = false;
    for (size_t k = subj_hi; r.imposer == NULL && k-- > lo;) {
        if (k >= anchor && k < tail)
            continue;
        if (word_in(t, k, pronouns))
            pronoun = true;
        /* "Battaglene said the tariff rate continues to decrease": the speaker is no subject
         * unless a pronoun takes him up ("Trump said he would impose") */
        if (word_in(t, k, speech_verbs) && !pronoun)
            break;
        if (!is_actor(d, k))
            continue;
        size_t a = mention_start(d, k, lo), b = mention_end(d, k, hi);
        k = a;
        if (m[a].qty >= 0 || (a > s->first && word_in(t, a - 1, oblique_preps)))
            continue;
        if (goods_mention(d, m, a, b, s->first, s->end))
            continue;
        set_imposer(&r, actor_country(d, a));
        /* "the Customs Tariff Commission of the State Council": a body of a state */
        for (size_t j = b; r.imposer == NULL && j < b + 3 && j < hi; j++) {
            if (is_actor(d, j)) {
                set_imposer(&r, actor_country(d, j));
                break;
            }
            if (!(text_tok_is_ci(t, j, "of") || text_tok_is_ci(t, j, "the")))
                break;
        }
    }
    /* destination: "before it hit Chinese shelves", "access to the Japanese market" */
    for (size_t k = lo; r.imposer == NULL && k < hi; k++) {
        if (!is_actor(d, k) || m[k].qty >= 0)
            continue;
        size_t b = mention_end(d, k, hi);
        if (b < hi && word_in(t, b, destination_nouns))
            set_imposer(&r, actor_country(d, k));
        /* "exports to the United States", "shipments into Canada" */
        size_t p = k;
        if (p > lo + 1 && text_tok_is_ci(t, p - 1, "the"))
            p--;
        if (p > lo + 1 && (text_tok_is_ci(t, p - 1, "to") || text_tok_is_ci(t, p - 1, "into")) &&
            (word_in(t, p - 2, goods_nouns) || m[p - 2].prod_len))
            set_imposer(&r, actor_country(d, k));
        k = b - 1;
    }
    return r;
}

static bool is_modal(const struct text *t, size_t i)
{
    static const char *const modals[] = {"could", "might", "may", "considering",
                                         "consider", "proposed", "proposes", "propose",
                                         "threatened", "threatening", "threatens", "threaten",
                                         NULL};
    return word_in(t, i, modals);
}

static enum tariff_change find_change(const struct doc *d, const struct mark *m,
                                      const struct qty *q)
{
    const struct text *t = &d->text;
    const struct sentence *s = &t->sent[t->tok[q->nfirst].sentence];
    size_t lo = q->first > s->first + CUE_SCAN ? q->first - CUE_SCAN : s->first;
    size_t p = q->first;
    bool to = p > s->first && text_tok_is_ci(t, p - 1, "to");
    bool from = p > s->first && text_tok_is_ci(t, p - 1, "from");
    size_t tail = q->link >= 0 && (size_t)q->link >= q->end ? (size_t)q->link + 1 : q->end;
    long cue = -1, left = -1;
    for (size_t k = p; k-- > lo;) {
        int ch = (int)m[k].change - 1;
        if (ch < 0 || (m[k].qty >= 0 && k >= q->first))
            continue;
        left = (long)k;
        break;
    }
    /* a participle right after the duty word: "duties of 8.54 pct had been set", "the duty
     * the U.S. imposed"; a cue for a level in force before the figure ("upheld a duty of 84.9
     * cts a bushel set earlier") outweighs it, a mere copula does not */
    bool strong_current = left >= 0 && m[left].change - 1 == CHANGE_CURRENT &&
                          !word_in(t, (size_t)left, copulas);
    for (size_t k = tail; !strong_current && k < s->end && k < tail + 5; k++) {
        if (m[k].qty >= 0 || is_duty(m, k) || t->tok[k].kind == TOK_PUNCT ||
            word_in(t, k, clause_breaks))
            break;
        int ch = (int)m[k].change - 1;
        /* only a participle of the duty: "duties levied", "will be imposed", "the U.S.
         * imposed"; "the tariff would also cut profits" is a verb of its own */
        if (ch >= 0 && ch != CHANGE_CURRENT &&
            (k == tail || word_in(t, k - 1, copulas) || text_tok_is_ci(t, k - 1, "being") ||
             is_actor(d, k - 1) ||
             word_in(t, k - 1, (const char *const[]){"he", "she", "it", "they", "we", NULL}))) {
            cue = (long)k;
            break;
        }
    }
    if (cue < 0) {
        for (size_t k = p; k-- > lo;) {
            int ch = (int)m[k].change - 1;
            if (ch < 0 || (m[k].qty >= 0 && k >= q->first))
                continue;
            /* "cut ... rates, which were over 100 percent, to 10 percent": past the copula */
            if (to && (ch == CHANGE_CURRENT || ch == CHANGE_IMPOSE))
                continue;
            cue = (long)k;
            break;
        }
    }
    bool of_link = q->link >= 0 && (size_t)q->link < q->first &&
                   text_tok_is_ci(t, q->first - 1, "of");
    enum tariff_change c = CHANGE_CURRENT;
    if (cue >= 0) {
        c = (enum tariff_change)(m[cue].change - 1);
        /* "could impose", "considering suspending" */
        size_t k = (size_t)cue;
        for (int back = 0; back < 3 && k > s->first; back++) {
            k--;
            if (is_modal(t, k) && (c == CHANGE_IMPOSE || c == CHANGE_SUSPEND || c == CHANGE_RAISE)) {
                c = text_tok_is_ci(t, k, "threatened") || text_tok_is_ci(t, k, "threatening") ||
                            text_tok_is_ci(t, k, "threatens") || text_tok_is_ci(t, k, "threaten")
                        ? CHANGE_THREATEN
                        : CHANGE_PROPOSE;
                break;
            }
            if (!(t->tok[k].kind == TOK_WORD && !m[k].change && !is_duty(m, k)))
                break;
        }
        /* the level before a change: "from 15.3 percent", "reduced import tariffs of up to
         * 50 pct" */
        if ((from || of_link) && (c == CHANGE_CUT || c == CHANGE_REMOVE || c == CHANGE_RAISE ||
                                  c == CHANGE_SUSPEND) &&
            (size_t)cue < q->first)
            c = CHANGE_CURRENT;
    } else if (q->unit == Q_MONEY) {
        for (size_t k = s->first; k < s->end; k++)
            if (is_modal(t, k) || text_tok_is_ci(t, k, "if") || text_tok_is_ci(t, k, "would")) {
                c = CHANGE_PROPOSE;
                break;
            }
    }
    return c;
}

static void add_products(const struct doc *d, const struct mark *m, const struct qty *q,
                         size_t lo, size_t hi, struct ann_tariff *out)
{
    const struct text *t = &d->text;
    for (size_t k = lo; k < hi && out->nproducts < MAX_PRODUCTS; k++) {
        if (!m[k].prod_len || (k >= q->first && k < q->end))
            continue;
        size_t n = m[k].prod_len;
        size_t b0 = t->tok[k].start, b1 = t->tok[k + n - 1].end;
        char *p = xstrndup(t->s + b0, b1 - b0);
        for (char *c = p; *c; c++)
            if (*c >= 'A' && *c <= 'Z')
                *c = (char)(*c + 32);
        bool seen = false;
        for (size_t j = 0; j < out->nproducts && !seen; j++)
            seen = strcmp(out->products[j], p) == 0;
        if (seen) {
            free(p);
        } else {
            out->products = xrealloc(out->products, (out->nproducts + 1) * sizeof *out->products);
            out->products[out->nproducts++] = p;
        }
        k += n - 1;
    }
}

static void products_of(const struct doc *d, const struct mark *m, const struct qty *q,
                        size_t next_first, size_t prev_end, struct ann_tariff *out)
{
    const struct text *t = &d->text;
    const struct sentence *s = &t->sent[t->tok[q->nfirst].sentence];
    size_t hi = q->end + PRODUCT_SCAN < s->end ? q->end + PRODUCT_SCAN : s->end;
    if (next_first < hi)
        hi = next_first;
    add_products(d, m, q, q->end, hi, out);
    if (out->nproducts == 0) {
        size_t lo = q->first > s->first + PRODUCT_SCAN ? q->first - PRODUCT_SCAN : s->first;
        if (prev_end > lo && prev_end <= q->first)
            lo = prev_end;
        add_products(d, m, q, lo, q->first, out);
    }
}

/* The target a duty word names without a figure: "duties on frozen orange juice from Brazil". */
static const char *mention_target(const struct doc *d, const struct mark *m, size_t k)
{
    const struct text *t = &d->text;
    const struct sentence *s = &t->sent[t->tok[k].sentence];
    while (k + 1 < s->end && is_duty(m, k + 1))
        k++;
    for (size_t j = k + 1; j < s->end && j < k + 1 + PRODUCT_SCAN; j++) {
        if (is_duty(m, j) || m[j].qty >= 0 || text_tok_is_char(t, j, ';'))
            break;
        if (!is_actor(d, j))
            continue;
        size_t a = mention_start(d, j, s->first), b = mention_end(d, j, s->end);
        /* stricter than for a figure: goods must be named ("on American consumers" is not) */
        if (goods_mention(d, m, a, b, s->first, s->end) &&
            (goods_after(d, m, b, s->end) || (a > s->first && text_tok_is_ci(t, a - 1, "from"))))
            return actor_country(d, a);
        j = b - 1;
    }
    return NULL;
}

/* The nearest party before token pos (across sentences, within a window) that is neither whose
 * goods nor the object of a preposition: who a figure without a subject most likely concerns. */
static const char *party_before(const struct doc *d, const struct mark *m, size_t pos)
{
    const struct text *t = &d->text;
    size_t lo = pos > 4 * ACTOR_SCAN ? pos - 4 * ACTOR_SCAN : 0;
    for (size_t k = pos; k-- > lo;) {
        if (!is_actor(d, k))
            continue;
        const struct sentence *s = &t->sent[t->tok[k].sentence];
        size_t a = mention_start(d, k, lo), b = mention_end(d, k, t->ntok);
        k = a;
        const char *c = actor_country(d, a);
        if (c == NULL || m[a].qty >= 0 || goods_mention(d, m, a, b, s->first, s->end))
            continue;
        if (a > s->first && word_in(t, a - 1, target_preps))
            continue;
        return c;
    }
    return NULL;
}

/* Mentions per country over the article, counted once per doc. */
struct country_count {
    char code[3];
    size_t n;
};

struct countries {
    struct country_count *c;
    size_t n, cap;
};

static void count_countries(const struct doc *d, struct countries *out)
{
    for (size_t a = 0; a < d->ann->nactors; a++) {
        const struct ann_actor *ac = &d->ann->actors[a];
        if (ac->country[0] == '\0')
            continue;
        size_t k = 0;
        while (k < out->n && strcmp(out->c[k].code, ac->country) != 0)
            k++; /* a few hundred countries at most */
        if (k == out->n) {
            void *p = out->c;
            xgrow(&p, &out->cap, out->n + 1, sizeof *out->c);
            out->c = p;
            memset(&out->c[out->n], 0, sizeof *out->c);
            memcpy(out->c[out->n].code, ac->country, 2);
            out->n++;
        }
        out->c[k].n += ac->nmentions;
    }
}

/* The most mentioned country of the article, other than avoid: the party a figure that names
 * none most likely concerns. */
static const char *main_country(const struct countries *cs, const char *avoid)
{
    const char *best = NULL;
    size_t best_n = 0;
    for (size_t k = 0; k < cs->n; k++) {
        if (avoid != NULL && strcmp(cs->c[k].code, avoid) == 0)
            continue;
        if (cs->c[k].n > best_n) {
            best_n = cs->c[k].n;
            best = cs->c[k].code;
        }
    }
    return best;
}

static void emit(const struct doc *d, const struct mark *m, const struct qlist *ql)
{
    const struct text *t = &d->text;
    char prev_imposer[3] = "", last_target[3] = "";
    size_t prev_end = 0, scanned = 0;
    struct countries cs = {0};
    count_countries(d, &cs);
    /* a figure's relations reach to the next rate: "100 pct tariffs on 300 mln dlrs worth of
     * Japanese goods" names the target of both; next_rate[i] is where that rate starts */
    size_t *next_rate = xmalloc((ql->n + 1) * sizeof *next_rate);
    next_rate[ql->n] = t->ntok;
    for (size_t i = ql->n; i-- > 0;) {
        bool rate = ql->q[i].state == Q_ACCEPTED && is_rate(&ql->q[i]);
        next_rate[i] = rate ? ql->q[i].first : next_rate[i + 1];
    }
    for (size_t i = 0; i < ql->n; i++) {
        const struct qty *q = &ql->q[i];
        if (q->state != Q_ACCEPTED)
            continue;
        size_t next_first = next_rate[i + 1];
        /* duty words since the last figure carry their targets forward */
        for (; scanned < q->first; scanned++) {
            if (!is_duty(m, scanned) || (scanned > 0 && is_duty(m, scanned - 1)))
                continue;
            const char *c = mention_target(d, m, scanned);
            if (c != NULL)
                snprintf(last_target, sizeof last_target, "%s", c);
        }
        struct ann_tariff *o = ann_add_tariff(d->ann);
        o->kind = is_rate(q) ? TARIFF_RATE : TARIFF_COVERED_VALUE;
        o->value = q->value;
        snprintf(o->unit, sizeof o->unit, "%s", q->unit == Q_PERCENT ? "percent" : q->currency);
        o->per = q->per != NULL ? xstrdup(q->per) : NULL;
        o->comparator = q->cmp;
        o->change = find_change(d, m, q);
        struct relation r = find_relation(d, m, q, next_first);
        const char *imp = r.imposer, *tgt = r.target;
        if (imp == NULL && prev_imposer[0] != '\0' && (tgt == NULL || strcmp(tgt, prev_imposer) != 0))
            imp = prev_imposer;
        if (imp == NULL)
            imp = party_before(d, m, q->first);
        if (imp == NULL)
            imp = main_country(&cs, tgt != NULL && strcmp(tgt, "*") != 0 ? tgt : NULL);
        if (imp != NULL && tgt != NULL && strcmp(imp, tgt) == 0)
            imp = main_country(&cs, tgt); /* no one levies a duty on its own goods */
        if (tgt != NULL)
            snprintf(last_target, sizeof last_target, "%s", tgt);
        else if (last_target[0] != '\0' && (imp == NULL || strcmp(last_target, imp) != 0))
            tgt = last_target;
        else
            tgt = "*"; /* a duty that names no origin applies to all of them */
        snprintf(o->imposer, sizeof o->imposer, "%s", imp != NULL ? imp : "");
        snprintf(o->target, sizeof o->target, "%s", tgt);
        memcpy(prev_imposer, o->imposer, sizeof prev_imposer);
        products_of(d, m, q, next_first, prev_end, o);
        doc_span(d, q->first, q->end, &o->span);
        prev_end = q->end;
    }
    free(next_rate);
    free(cs.c);
}

void tariffs_find(const struct tariffs_lex *lx, struct doc *d)
{
    const struct text *t = &d->text;
    if (t->ntok == 0)
        return;
    struct mark *m = xmalloc(t->ntok * sizeof *m);
    struct qlist ql = {0};
    mark_tokens(lx, d, m);
    read_quantities(lx, t, m, &ql);
    classify(d, m, &ql);
    emit(d, m, &ql);
    free(ql.q);
    free(m);
}
