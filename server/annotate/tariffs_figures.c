/* tariffs_figures.c - which quantities of a text are tariff figures (step 3 of the DESIGN
 * block in tariffs.c): each pattern that ties a number to a duty word, and the passes that
 * spread acceptance along lists, ranges, alternatives and sums named by context.
 *
 * Rates and changes (GUIDELINE.md, "Tariff figures"): a percentage that modifies the duty is a
 * rate; the size of a relative change is not ("cut tariffs by 50 pct", "tariff cuts of 50 pct",
 * "a 50 pct reduction in duties", "a 10 pct rise in duties"). An increase noun that a duty word
 * modifies ("a 10 percent duty hike", "tariff increases of 10 percent") names the added duty,
 * as 2018-2025 copy uses it ("an additional 10% tariff"), so its percentage is a rate; the noun
 * is then no change cue, and the figure takes the change of its clause.
 * Every look-around is bounded by a constant number of tokens, so the pass is linear.
 */
#include <string.h>

#include "tariffs_internal.h"

/* Nouns for the size of a change: "cuts of up to 50 pct", "a 50 pct reduction". */
static const char *const change_nouns[] = {
    "cut",    "cuts",  "reduction", "reductions", "increase", "increases", "rise",      "rises",
    "hike",   "hikes", "decrease",  "decline",    "drop",     "fall",      "gain",      "jump",
    "growth", "surge", "slump",     "plunge",     "cutback",  "rollback",  "increment", NULL};

/* Words a rate may sit behind while still hanging on the duty word before them. */
static const char *const rate_glue[] = {
    "of",      "at",       "to",        "from",      "a",         "an",        "the",
    "its",     "their",    "his",       "her",       "high",      "low",       "average",
    "maximum", "ceiling",  "peak",      "rate",      "rates",     "level",     "levels",
    "ranging", "range",    "still",     "now",       "currently", "which",     "that",
    "were",    "was",      "is",        "are",       "be",        "been",      "being",
    "will",    "would",    "could",     "stand",     "stood",     "standing",  "stands",
    "set",     "fixed",    "reach",     "reached",   "reaching",  "hitting",   "hit",
    "on",      "for",      "and",       "imports",   "goods",     "products",  "exports",
    "items",   "all",      "continues", "continue",  "before",    "generally", "typically",
    "up",      "overall",  "initial",   "initially", "also",      "unchanged", "remains",
    "remain",  "remained", "held",      "kept",      "averaging", "averaged",  "effective",
    "new",     "between",  "such",      "these",     "those",     NULL};

/* What may stand right before a rate hung on an earlier duty word. */
static const char *const rate_preps[] = {
    "to",    "from",    "of",      "at",       "is",     "are",     "was",       "were",    "be",
    "been",  "between", "hitting", "reaching", "reach",  "reached", "averaging", "average", "stood",
    "stand", "stands",  "range",   "ranges",   "ranged", "ranging", NULL};

/* Words a covered value may sit behind: "tariffs of $30 billion", "the tariffs reach ...". */
static const char *const money_glue[] = {
    "of",       "be",        "could",     "would",     "will",      "reach",      "reached",
    "reaching", "total",     "totalling", "totaling",  "cover",     "covering",   "covers",
    "affect",   "affecting", "affects",   "hit",       "hitting",   "is",         "are",
    "was",      "were",      "amount",    "amounting", "the",       "worth",      "now",
    "may",      "might",     "on",        "an",        "another",   "additional", "extra",
    "further",  "new",       "target",    "targets",   "targeting", "targeted",   "which",
    "that",     "affected",  "covered",   "against",   "only",      "just",       "plan",
    "plans",    "package",   "already",   NULL};

/* Verbs before a sum of duties that make it revenue, not the goods a duty hits. */
static const char *const revenue_verbs[] = {
    "collected", "collect", "collects", "paid",      "pay",       "pays",    "paying", "raised",
    "raise",     "raises",  "generate", "generated", "generates", "brought", "bring",  "cost",
    "costs",     "owed",    "owe",      "refund",    "refunded",  NULL};

static const char *const revenue_words[] = {"income",    "revenue",    "revenues", "receipts",
                                            "collected", "collection", "proceeds", NULL};

/* Words that say a covered value follows: "goods worth $3 billion", "imports, which run at". */
static const char *const worth_words[] = {"worth", "valued",  "totalling", "totaling",
                                          "run",   "running", "amounting", NULL};

/* True when the rate q is the size of a change or a share, which are no tariff figures. */
static bool rate_excluded(const struct doc *d, const struct mark *m, const struct qty *q, size_t sa,
                          size_t sb)
{
    const struct text *t = &d->text;
    if (q->first > sa) {
        size_t p = q->first - 1;
        if (text_tok_is_ci(t, p, "by"))
            return true;
        int ch = (int)m[p].change - 1;
        if (ch == CHANGE_RAISE || ch == CHANGE_CUT)
            return true; /* "cut 50 pct", "raised tariffs 10 pct" */
        if (text_tok_is_ci(t, p, "of") && p > sa && text_tok_in(t, p - 1, change_nouns) &&
            !duty_increase(t, m, p - 1))
            return true;
    }
    if (q->end < sb) {
        size_t j = q->end;
        if (text_tok_in(t, j, change_nouns))
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
static long duty_after(const struct doc *d, const struct mark *m, const struct qty *q, size_t sb)
{
    const struct text *t = &d->text;
    size_t j = q->end;
    bool money = q->unit == Q_MONEY && !is_rate(q);
    if (money && j + 1 < sb && text_tok_is_ci(t, j, "worth") && text_tok_is_ci(t, j + 1, "of"))
        j++; /* "300 mln dlrs worth of tariffs" */
    if (j < sb && (text_tok_is_ci(t, j, "of") || (money && text_tok_is_ci(t, j, "in")))) {
        /* "slap as much as 300 mln dlrs in tariffs on Japanese goods"; but "collected $2
         * billion in tariffs" is revenue */
        if (money && q->first > 0 && text_tok_in(t, q->first - 1, revenue_verbs))
            return -1;
        j++;
    } else if (j < sb && q->first > 0 && text_tok_is_ci(t, q->first - 1, "to") &&
               (text_tok_is_ci(t, j, "the") || text_tok_is_ci(t, j, "its")))
        j++; /* "cut to 1.96 pct the duty on Citrosuco" */
    for (size_t steps = 0; j < sb && steps <= MOD_SCAN; steps++, j++) {
        if (is_duty(m, j)) {
            /* "a 10 percent duty cut": the size of a change ("duty hike" names the new duty);
             * "tariff-related costs": no duty */
            if (j + 1 < sb &&
                ((text_tok_in(t, j + 1, change_nouns) && !duty_increase(t, m, j + 1)) ||
                 (text_tok_is_char(t, j + 1, '-') && !(t->tok[j + 1].flags & TOKF_SPACE))))
                return -1;
            return (long)j;
        }
        if (m[j].term == T_NOT)
            return -1;
        if (!(m[j].term == T_MODIFIER || is_actor(d, j) || m[j].prod_len ||
              text_tok_is_char(t, j, '-') || text_tok_is(t, j, "'s") ||
              text_tok_is_char(t, j, '(') || text_tok_is_char(t, j, ')')))
            return -1;
        if (text_tok_in(t, j, change_nouns))
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
        if (m[k].qty >= 0 || is_duty(m, k) ||
            (t->tok[k].kind == TOK_PUNCT && !text_tok_is_char(t, k, '.')))
            return -1;
    }
    return -1;
}

/* The opening dash of an aside that closes at the dash p ("a 25 percent tariff -- instead of
 * the original 10 percent -- would be"): its token, or -1 when none opens within a few words.
 * Unlike a comma aside it may hold a figure. */
static long dash_aside_start(const struct text *t, size_t p, size_t sa)
{
    for (int n = 0; n < 2 && p > sa && is_dash(t, p - 1); n++)
        p--; /* "--" */
    for (size_t k = p, n = 0; k-- > sa && n < ASIDE_MAX; n++) {
        if (is_dash(t, k)) {
            for (int j = 0; j < 2 && k > sa && is_dash(t, k - 1); j++)
                k--;
            return n > 0 ? (long)k : -1;
        }
        if (t->tok[k].kind == TOK_PUNCT && !text_tok_is_char(t, k, '.') &&
            !text_tok_is_char(t, k, ','))
            return -1;
    }
    return -1;
}

/* "duties of 8.54 pct", "the tariff reduced to 5.6 percent", "tariffs, still ranging from a
 * high of almost 60 pct": the duty word before the figure, over glue words. Returns its token
 * or -1. */
static long duty_before(const struct doc *d, const struct mark *m, const struct qlist *ql,
                        size_t first, size_t next_tok, size_t sa, const char *const *glue,
                        bool rate)
{
    const struct text *t = &d->text;
    if (first <= sa)
        return -1;
    size_t p = first - 1;
    if (rate && !text_tok_in(t, p, rate_preps))
        return -1;
    static const char *const levels[] = {"high", "low",   "average", "maximum", "ceiling", "peak",
                                         "rate", "rates", "level",   "levels",  NULL};
    if (rate && text_tok_is_ci(t, p, "of") && p > sa &&
        !(is_duty(m, p - 1) || duty_increase(t, m, p - 1) || text_tok_in(t, p - 1, levels)))
        return -1;
    /* money right after a duty word is a sum of duties ("net of duties 1.32 billion"), unless
     * the goods follow ("raise tariffs as much as 300 mln dlrs on Japanese goods") */
    bool goods_follow = next_tok < t->ntok &&
                        (text_tok_is_ci(t, next_tok, "on") || text_tok_is_ci(t, next_tok, "of") ||
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
        /* "a 25 percent tariff -- instead of 10 percent -- would be proposed on $200 billion" */
        if (!rate && steps > 0 && is_dash(t, p)) {
            long c = dash_aside_start(t, p, sa);
            if (c <= (long)sa)
                return -1;
            p = (size_t)c - 1;
            continue;
        }
        /* "tariffs of 25 percent on $200 billion": the rate of the duty stands between it and
         * the goods; "tariffs, which cover $60 billion of goods, range from 5 to 10 percent":
         * the goods stand between the duty and its rate */
        if (rate && m[p].qty >= 0 && ql->q[m[p].qty].state == Q_ACCEPTED &&
            !is_rate(&ql->q[m[p].qty])) {
            long l = ql->q[m[p].qty].link;
            return l >= (long)sa && (size_t)l < ql->q[m[p].qty].first ? l : -1;
        }
        if (!rate && m[p].qty >= 0 && ql->q[m[p].qty].unit == Q_PERCENT) {
            size_t a = ql->q[m[p].qty].first;
            /* "tariffs of between 15 percent and 25 percent on": the whole list or range */
            for (int n = 0; n < MOD_SCAN && a > sa + 1 &&
                            text_tok_in(t, a - 1, (const char *const[]){"and", "or", "to", NULL}) &&
                            m[a - 2].qty >= 0 && ql->q[m[a - 2].qty].unit == Q_PERCENT;
                 n++)
                a = ql->q[m[a - 2].qty].first;
            if (a > sa && text_tok_is_ci(t, a - 1, "between"))
                a--;
            if (a <= sa)
                return -1;
            p = a - 1;
            continue;
        }
        /* "the tariffs he imposed on", "the duties President Reagan levied on": the subject
         * of a cue, a pronoun or a name with its title */
        if (!rate && p + 1 < first && m[p + 1].change &&
            (is_actor(d, p) ||
             text_tok_in(t, p, (const char *const[]){"he", "she", "it", "they", "we", NULL}))) {
            for (int n = 0; n < 3 && p > sa && is_actor(d, p - 1); n++)
                p--;
            for (int n = 0; n < 2 && p > sa && (t->tok[p - 1].flags & TOKF_CAP) &&
                            !is_duty(m, p - 1) && t->tok[p - 1].kind == TOK_WORD;
                 n++)
                p--; /* "President", "Prime Minister" */
            if (p == sa)
                return -1;
            p--;
            continue;
        }
        /* "the tariffs against China, which affected ...": whose goods, in money's glue */
        if (!rate && is_actor(d, p) && p > sa &&
            (is_actor(d, p - 1) ||
             text_tok_in(t, p - 1, (const char *const[]){"against", "on", "from", NULL}))) {
            p--;
            continue;
        }
        /* "tariffs will be levied on", "to be imposed on", "applied to": the goods slot of a
         * cue */
        bool cue_glue = !rate && m[p].change && !text_tok_in(t, p, revenue_verbs);
        bool to_be = !rate && text_tok_is_ci(t, p, "to") && p > sa &&
                     ((p + 1 < first && text_tok_is_ci(t, p + 1, "be")) ||
                      m[p - 1].change - 1 == CHANGE_IMPOSE); /* "applied to" */
        bool glue_ok = cue_glue || to_be || text_tok_in(t, p, glue) || duty_increase(t, m, p) ||
                       text_tok_is_char(t, p, ',') || t->tok[p].kind == TOK_QUOTE ||
                       m[p].term == T_MODIFIER ||
                       (rate && (m[p].change || is_actor(d, p) || m[p].prod_len ||
                                 text_tok_is(t, p, "'s") || text_tok_is_char(t, p, '/') ||
                                 text_tok_in(t, p, (const char *const[]){"year", "fiscal", NULL}) ||
                                 (t->tok[p].kind == TOK_NUMBER && m[p].qty < 0)));
        bool change_size = text_tok_in(t, p, change_nouns) && !duty_increase(t, m, p) &&
                           p + 1 < first &&
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
    "price",        "prices", "cost",       "costs",     "profit", "profits", "revenue", "revenues",
    "sales",        "output", "production", "inflation", "growth", "surplus", "deficit", "reserves",
    "earnings",     "income", "exports",    "share",     "shares", "stake",   "wages",   "spending",
    "unemployment", "yield",  "yields",     "premium",   NULL};

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
        if (text_tok_in(t, (size_t)k, other_measures))
            return -1;
    return cue ? duty : -1;
}

/* Words that put goods under a duty named before them: "tariffs on", "duties for 210 items",
 * "a list ... which covers". */
static const char *const goods_links[] = {
    "on",      "for",       "cover",  "covers",  "covering",  "covered",  "affect",
    "affects", "affecting", "target", "targets", "targeting", "against",  "hit",
    "hits",    "hitting",   "apply",  "applies", "applied",   "applying", NULL};

/* Words that put the goods before them under a duty named after: "subject to", "face". */
static const char *const goods_under[] = {
    "subject", "subjected", "face",     "faces", "facing", "faced",     "targeted",
    "hit",     "attract",   "attracts", "incur", "slated", "earmarked", NULL};

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
        if (text_tok_in(t, k, goods_under))
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

/* "could target $20 billion of U.S. goods with retaliatory tariffs": a sum a verb of aim takes,
 * hit "with" a duty named after it. Returns the duty's token or -1. */
static long duty_with_after(const struct doc *d, const struct mark *m, const struct qty *q,
                            size_t sa, size_t sb)
{
    const struct text *t = &d->text;
    static const char *const aims[] = {"target", "targets", "targeting", "targeted",
                                       "hit",    "hits",    "hitting",   NULL};
    static const char *const fillers[] = {"an",  "another", "additional", "some",   "about",
                                          "the", "roughly", "nearly",     "almost", NULL};
    size_t p = q->first;
    for (int n = 0; n < 2 && p > sa && text_tok_in(t, p - 1, fillers); n++)
        p--;
    if (p <= sa || !text_tok_in(t, p - 1, aims))
        return -1;
    for (size_t k = q->end; k + 1 < sb && k < q->end + PRODUCT_SCAN; k++) {
        if (m[k].qty >= 0 || is_duty(m, k) || text_tok_is_char(t, k, ';'))
            return -1;
        if (!text_tok_is_ci(t, k, "with"))
            continue;
        for (size_t j = k + 1; j < sb && j <= k + MOD_SCAN; j++) {
            if (is_duty(m, j))
                return (long)j;
            if (!(m[j].term == T_MODIFIER || text_tok_in(t, j, fillers)))
                return -1;
        }
        return -1;
    }
    return -1;
}

/* Covered values: "tariffs on $200 billion", "imports worth $3 billion", "a $50 billion tariff". */
static long covered_link(const struct doc *d, const struct mark *m, const struct qlist *ql,
                         const struct qty *q, size_t sa, size_t sb)
{
    const struct text *t = &d->text;
    long l = duty_before(d, m, ql, q->first, q->end, sa, money_glue, false);
    /* "income from import tariffs reached 221.6 billion yuan": receipts, not goods */
    for (size_t k = l > (long)sa + 5 ? (size_t)l - 5 : sa; l >= 0 && k < (size_t)l; k++)
        if (text_tok_in(t, k, revenue_words))
            return -1;
    if (l >= 0)
        return l;
    l = duty_after(d, m, q, sb);
    if (l >= 0)
        return l;
    l = duty_with_after(d, m, q, sa, sb);
    if (l >= 0)
        return l;
    /* "$200 billion in goods slated for a 10 percent duty hike", "$16 billion of imports
     * subject to tariffs" */
    if (q->end < sb && (text_tok_is_ci(t, q->end, "in") || text_tok_is_ci(t, q->end, "of") ||
                        text_tok_is_ci(t, q->end, "worth"))) {
        l = duty_of_goods_after(d, m, q->end, sb);
        if (l >= 0)
            return l;
    }
    /* "products worth $977 million", "the imports, which run at about 700 mln dlrs" */
    size_t p = q->first;
    while (p > sa && p + 3 > q->first &&
           (text_tok_is_ci(t, p - 1, "at") || text_tok_is_ci(t, p - 1, "of") ||
            text_tok_is_ci(t, p - 1, "to")))
        p--;
    if (p > sa && text_tok_in(t, p - 1, worth_words)) {
        /* the duty must bear on the goods the worth is of ("tariffs on", "a list ... which
         * covers exports worth"), not merely stand in the sentence */
        size_t lo = q->first > sa + CUE_SCAN ? q->first - CUE_SCAN : sa;
        bool on = false;
        long link = -1; /* the nearest other goods link: it must follow the duty closely */
        for (size_t k = p - 1; k-- > lo;) {
            if (text_tok_is_ci(t, k, "on"))
                on = true;
            else if (link < 0 && text_tok_in(t, k, goods_links) && p - 1 - k <= PRODUCT_SCAN / 2)
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

/* "The tariff announced on Sunday will slap an extra 25 percent on U.S. goods": a percentage a
 * levying verb puts "on" goods, the duty itself named in the sentence or the one before.
 * Returns that duty word or -1. */
static long levied_rate(const struct doc *d, const struct mark *m, const struct qty *q, size_t sa,
                        size_t sb)
{
    const struct text *t = &d->text;
    if (q->unit != Q_PERCENT || q->end >= sb || !text_tok_is_ci(t, q->end, "on"))
        return -1;
    size_t p = q->first;
    for (int n = 0; n < 3 && p > sa &&
                    (m[p - 1].term == T_MODIFIER || text_tok_is_ci(t, p - 1, "a") ||
                     text_tok_is_ci(t, p - 1, "an"));
         n++)
        p--;
    if (p <= sa || m[p - 1].change - 1 != CHANGE_IMPOSE)
        return -1;
    size_t s = t->tok[sa].sentence;
    size_t lo = s > 0 ? t->sent[s - 1].first : sa;
    if (p > lo + 3 * CUE_SCAN)
        lo = p - 3 * CUE_SCAN;
    for (size_t k = p - 1; k-- > lo;)
        if (is_duty(m, k))
            return (long)k;
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
        if (!(text_tok_in(t, k, links) || text_tok_is_char(t, k, ',') ||
              text_tok_is_char(t, k, '-') || text_tok_is_char(t, k, 0x2013)))
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
        if (text_tok_in(t, k, rest))
            return true;
        if (!(text_tok_is_ci(t, k, "the") || text_tok_is_ci(t, k, "of")))
            return false;
    }
    return false;
}

/* "a 25 percent tariff -- instead of the original 10 percent", "25 pct, up from 10 pct": the
 * figure at index i set against the rate just before it. Returns that rate's index, or -1;
 * *prior tells the level before ("up from") from an alternative ("instead of"). */
static long alternative_of(const struct text *t, const struct qlist *ql, size_t i, bool *prior)
{
    static const char *const skip[] = {"the",      "a",        "an",       "its",     "their",
                                       "original", "initial",  "previous", "earlier", "old",
                                       "planned",  "proposed", "existing", "current", NULL};
    const struct qty *q = &ql->q[i];
    const struct qty *o = &ql->q[i - 1];
    size_t p = q->first;
    for (int n = 0; n < 3 && p > 0 && text_tok_in(t, p - 1, skip); n++)
        p--;
    if (p < 2)
        return -1;
    const char *w = NULL;
    if (text_tok_is_ci(t, p - 1, "of") && text_tok_is_ci(t, p - 2, "instead"))
        w = "instead";
    else if (text_tok_is_ci(t, p - 1, "than") && text_tok_is_ci(t, p - 2, "rather"))
        w = "rather";
    else if (text_tok_is_ci(t, p - 1, "from") &&
             (text_tok_is_ci(t, p - 2, "up") || text_tok_is_ci(t, p - 2, "down")))
        w = "from";
    if (w == NULL || o->state != Q_ACCEPTED || o->unit != q->unit || is_rate(o) != is_rate(q) ||
        t->tok[o->nfirst].sentence != t->tok[q->nfirst].sentence || o->end > p - 2 ||
        p - 2 - o->end > 2 * MOD_SCAN)
        return -1;
    *prior = strcmp(w, "from") == 0;
    return (long)(i - 1);
}

/* "$34 billion worth took effect": a sum whose "worth" names no goods, so it is of goods a
 * sum just tied to a duty named; i is its index. */
static bool elliptic_worth(const struct text *t, const struct qlist *ql, size_t i)
{
    const struct qty *q = &ql->q[i];
    if (q->end + 1 >= t->ntok || !text_tok_is_ci(t, q->end, "worth") ||
        text_tok_is_ci(t, q->end + 1, "of"))
        return false;
    for (size_t k = i, n = 0; k-- > 0 && n < MOD_SCAN; n++) {
        const struct qty *o = &ql->q[k];
        if (t->tok[q->nfirst].sentence > t->tok[o->nfirst].sentence + 1)
            break;
        if (o->state == Q_ACCEPTED && !is_rate(o) && strcmp(o->currency, q->currency) == 0)
            return true;
    }
    return false;
}

/* "the most recent $200 billion list": goods listed for a duty, named by their value, in copy
 * that has just spoken of duties (a duty word within the last few sentences) or names the duty
 * next. */
static bool value_of_list(const struct text *t, const struct mark *m, const struct qty *q)
{
    static const char *const lists[] = {"list", "lists", "tranche", NULL};
    if (q->end >= t->ntok || !text_tok_in(t, q->end, lists))
        return false;
    size_t lo = q->first > 3 * CUE_SCAN ? q->first - 3 * CUE_SCAN : 0;
    for (size_t k = q->first; k-- > lo;)
        if (is_duty(m, k))
            return true;
    /* "a $200 billion list of Chinese goods for possible 10 percent tariffs" */
    size_t se = t->sent[t->tok[q->nfirst].sentence].end;
    for (size_t k = q->end; k < se && k < q->end + PRODUCT_SCAN; k++)
        if (is_duty(m, k))
            return true;
    return false;
}

void tariffs_classify(const struct doc *d, const struct mark *m, struct qlist *ql)
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
                l = duty_before(d, m, ql, q->first, q->end, sa, rate_glue, true);
            if (l < 0)
                l = duty_changed_to(d, m, q, sa);
            if (l < 0 && !q->bare)
                l = duty_before_colon(d, m, q->first, sa);
            if (l < 0 && !q->bare)
                l = levied_rate(d, m, q, sa, sb);
            if (l < 0 && q->bare && q->first > sa &&
                text_tok_in(
                    t, q->first - 1,
                    (const char *const[]){"to", "hitting", "reaching", "reach", "at", NULL}))
                l = duty_before(d, m, ql, q->first, q->end, sa, rate_glue, true);
        } else {
            l = covered_link(d, m, ql, q, sa, sb);
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
    for (size_t i = 0; i < ql->n; i++) {
        struct qty *q = &ql->q[i];
        if (q->state != Q_OPEN || is_rate(q))
            continue;
        if (elliptic_worth(t, ql, i) || value_of_list(t, m, q)) {
            q->state = Q_ACCEPTED;
            continue;
        }
        if (!remainder_of(t, q->first))
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
    /* "a 25 percent tariff -- instead of the original 10 percent", "up from 10 percent" */
    for (size_t i = 1; i < ql->n; i++) {
        struct qty *q = &ql->q[i];
        bool prior = false;
        long o = q->state != Q_REJECTED ? alternative_of(t, ql, i, &prior) : -1;
        if (o < 0)
            continue;
        if (q->state == Q_OPEN)
            q->link = ql->q[o].link;
        q->state = Q_ACCEPTED;
        q->peer = o;
        q->prior = prior;
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
