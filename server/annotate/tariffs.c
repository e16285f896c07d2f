/* tariffs.c - tariff rates and covered values, with comparator, imposer, target, products and
 * change (GUIDELINE.md, "Tariff figures").
 *
 * DESIGN
 * 1. Marks: one pass tags each token with what the lexicons say of it: a duty word, a trade
 *    measure, a duty modifier, a change cue, a product.
 * 2. Quantities: one pass reads every number that carries a unit: a percentage, or money
 *    ("$200 billion", "300 mln dlrs", "2.5 cents a pound"), with its comparator.
 * 3. Figures: a quantity is a tariff figure only when the sentence ties it to a duty word by a
 *    pattern a reader would accept ("a 25 pct tariff", "duties of 8.54 pct", "reduced the duty
 *    to 85 cts", "tariffs of three rates -- 25 percent, ..."), never through "by" or a change
 *    noun (the size of a change) or "of <noun>" (a share). A sum is goods covered when it
 *    fills the goods slot of a duty ("tariffs on $200 billion", "tariffs will be levied on some
 *    $20 billion worth", "the duties, announced on Thursday, will affect 80 mln dlrs") or is
 *    the worth of goods a duty bears on ("duties for 210 items worth", "a list ... which covers
 *    exports worth", "products worth X that will be subject to tariffs"), or the rest of such a
 *    sum ("the other $4 billion"). Acceptance then spreads along lists and ranges ("25
 *    percent and 10 percent tariffs", "from 15.3 percent to 9.8 percent").
 * 4. Relations (tariffs_relations.c): imposer, target, products and change of each figure; see
 *    the head of that file.
 * Every look-around is bounded by a constant number of tokens, so the stage is linear.
 */
#include "tariffs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lexicon.h"
#include "mem.h"
#include "numbers.h"
#include "tariffs_internal.h"

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

/* The opening comma of an aside that closes at the comma p ("tariffs, announced on Friday,
 * will"): its token, or -1 when none opens within a few words or a figure or duty intervenes. */
static long aside_start(const struct doc *d, const struct mark *m, size_t p, size_t sa)
{
    const struct text *t = &d->text;
    for (size_t k = p, n = 0; k-- > sa && n < ASIDE_MAX; n++) {
        if (text_tok_is_char(t, k, ','))
            return n > 0 ? (long)k : -1;
        if (m[k].qty >= 0 || is_duty(m, k) || (t->tok[k].kind == TOK_PUNCT &&
                                               !text_tok_is_char(t, k, '.')))
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
        /* "The duties, set on Thursday by Ottawa, will affect 80 mln dlrs": a covered
         * value reaches over an aside set off by commas */
        if (!rate && steps > 0 && text_tok_is_char(t, p, ',')) {
            long c = aside_start(d, m, p, sa);
            if (c > (long)sa && is_duty(m, (size_t)c - 1))
                return c - 1;
        }
        /* "tariffs will be levied on", "to be imposed on", "applied to": the goods slot of a
         * cue */
        bool cue_glue = !rate && m[p].change && !word_in(t, p, revenue_verbs);
        bool to_be = !rate && text_tok_is_ci(t, p, "to") && p > sa &&
                     ((p + 1 < first && text_tok_is_ci(t, p + 1, "be")) ||
                      m[p - 1].change - 1 == CHANGE_IMPOSE); /* "applied to" */
        bool glue_ok = cue_glue || to_be || word_in(t, p, glue) || text_tok_is_char(t, p, ',') ||
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

/* Words that put goods under a duty named before them: "tariffs on", "duties for 210 items",
 * "a list ... which covers". */
static const char *const goods_links[] = {"on", "for", "cover", "covers", "covering", "covered",
                                          "affect", "affects", "affecting", "target", "targets",
                                          "targeting", "against", "hit", "hits", "hitting",
                                          "apply", "applies", "applied", "applying", NULL};

/* Words that put the goods before them under a duty named after: "subject to", "face". */
static const char *const goods_under[] = {"subject", "subjected", "face", "faces", "facing",
                                          "faced", "targeted", "hit", "attract", "attracts",
                                          "incur", NULL};

/* "goods worth $9 billion that would be subject to new duties": the duty word after the
 * goods, over a clause that puts them under it. Returns its token or -1. */
static long duty_of_goods_after(const struct doc *d, const struct mark *m, size_t j, size_t sb)
{
    const struct text *t = &d->text;
    bool under = false;
    for (size_t k = j; k < sb && k < j + PRODUCT_SCAN; k++) {
        /* "which face 25 percent tariffs": a rate of the duty may stand before it */
        if ((m[k].qty >= 0 && !under) || text_tok_is_char(t, k, ';'))
            return -1;
        if (word_in(t, k, goods_under))
            under = true;
        else if (is_duty(m, k))
            return under ? (long)k : -1;
    }
    return -1;
}

/* "duties at three rates -- 30 pct, 15 pct and 5 pct", "duties at two
 * levels: 10 pct and 15 pct": a list of rates that a dash or colon hangs on a duty word a few
 * words before. Returns its token or -1. */
static long duty_before_colon(const struct doc *d, const struct mark *m, size_t first, size_t sa)
{
    const struct text *t = &d->text;
    size_t p = first, dashes = 0;
    while (p > sa && dashes < 2 &&
           (text_tok_is_char(t, p - 1, '-') || text_tok_is_char(t, p - 1, 0x2013) ||
            text_tok_is_char(t, p - 1, 0x2014) || text_tok_is_char(t, p - 1, ':'))) {
        p--;
        dashes++;
    }
    if (dashes == 0)
        return -1;
    for (size_t n = 0; p > sa && n < MOD_SCAN * 2; n++) {
        p--;
        if (is_duty(m, p))
            return (long)p;
        if (t->tok[p].kind != TOK_WORD || m[p].qty >= 0 || m[p].term == T_NOT)
            return -1;
    }
    return -1;
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
        /* the duty must bear on the goods the worth is of ("tariffs on", "a list ... which
         * covers exports worth"), not merely stand in the sentence */
        size_t lo = q->first > sa + CUE_SCAN ? q->first - CUE_SCAN : sa;
        bool on = false;
        long link = -1; /* the nearest other goods link: it must follow the duty closely */
        for (size_t k = p - 1; k-- > lo;) {
            if (text_tok_is_ci(t, k, "on"))
                on = true;
            else if (link < 0 && word_in(t, k, goods_links) && p - 1 - k <= PRODUCT_SCAN / 2)
                link = (long)k;
            bool duty = m[k].term == T_DUTY || m[k].term == T_MEASURE;
            if (duty && (on || (link >= 0 && (size_t)link - k <= PRODUCT_SCAN / 2)))
                return (long)k;
        }
        /* "machinery worth $9 billion that would be subject to new duties" */
        return duty_of_goods_after(d, m, q->end, sb);
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

/* "the other $4 billion", "the remaining 80 items worth": a sum that is the rest of one
 * named before; i is its first token. */
static bool remainder_of(const struct text *t, size_t i)
{
    static const char *const rest[] = {"other", "remaining", "another", "rest", NULL};
    for (size_t k = i, n = 0; k > 0 && n < 3; n++) {
        k--;
        if (word_in(t, k, rest))
            return true;
        if (!(text_tok_is_ci(t, k, "the") || text_tok_is_ci(t, k, "of")))
            return false;
    }
    return false;
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
            if (l < 0 && !q->bare)
                l = duty_before_colon(d, m, q->first, sa);
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
    /* "duties on $8 billion of goods. The other $4 billion await review": the rest of
     * a sum just tied to a duty is goods under the same measure */
    for (size_t i = 1; i < ql->n; i++) {
        struct qty *q = &ql->q[i];
        if (q->state != Q_OPEN || is_rate(q) || !remainder_of(t, q->first))
            continue;
        for (size_t k = i; k-- > 0;) {
            const struct qty *o = &ql->q[k];
            if (t->tok[q->nfirst].sentence > t->tok[o->nfirst].sentence + 1)
                break;
            if (o->state == Q_ACCEPTED && !is_rate(o) && strcmp(o->currency, q->currency) == 0) {
                q->state = Q_ACCEPTED;
                break;
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
    tariffs_relations_emit(d, m, &ql);
    free(ql.q);
    free(m);
}
