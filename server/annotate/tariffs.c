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
 *    percent and 10 percent tariffs", "from 15.3 percent to 9.8 percent"), to alternatives
 *    ("instead of the original 10 percent", "up from 5 pct"), to sums named by a sum or a list
 *    ("$34 billion worth took effect", "the $200 billion list"). This step is
 *    tariffs_figures.c, whose head says where an increase of a duty is a rate.
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
        int c = r != NULL ? change_code(r->field[1]) : -1;
        if (c < 0) {
            i++;
            continue;
        }
        m[i].change = (uint8_t)(c + 1);
        i += n;
    }
    /* "announced tariff increases of 10 percent": the noun names the new duty, the change is
     * the clause's ("announced", "possible") */
    for (size_t i = 1; i < t->ntok; i++)
        if (duty_increase(t, m, i))
            m[i].change = 0;
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
    /* "A$" is one word: "a $200 billion list" is an article and dollars */
    if (strchr(r->field[0], ' ') == NULL)
        for (size_t k = i + 1; k < i + *n; k++)
            if (t->tok[k].flags & TOKF_SPACE)
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
        if (!numbers_may_start(lx->numbers, t, i) &&
            lexicon_match(lx->currencies, t, i, t->ntok, &n) == NULL) {
            i++; /* (most tokens: what the reads below would find, for less) */
            continue;
        }
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
                                .link = -1, .peer = -1};
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

void tariffs_find(const struct tariffs_lex *lx, struct doc *d)
{
    const struct text *t = &d->text;
    if (t->ntok == 0)
        return;
    struct mark *m = xmalloc(t->ntok * sizeof *m);
    struct qlist ql = {0};
    mark_tokens(lx, d, m);
    read_quantities(lx, t, m, &ql);
    tariffs_classify(d, m, &ql);
    tariffs_relations_emit(d, m, &ql);
    free(ql.q);
    free(m);
}
