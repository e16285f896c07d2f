/* tariffs_relations.c - who levies a tariff figure, on whose goods, on which products, and what
 * happens to it; see the DESIGN block of tariffs.c (step 4) and tariffs_internal.h.
 *
 * The target is the actor whose goods are named ("on Chinese goods", "imports from Japan"),
 * "*" when the text says all origins or imports in general, the imposer itself for an export
 * duty ("on its timber exports"), and the other side of the dispute for "exports to the United
 * States" from no named country. A figure that names none keeps the target named before it.
 * The imposer is the owner of the duty word, the agent, the subject of the clause or the
 * destination of the goods, never the target. The change is the nearest cue of the clause,
 * made a proposal or threat by a modal, an intention ("a plan to impose") or a list of goods
 * ("unveiled a list of products ... subject to tariffs"). Members of a list of figures ("25
 * percent, 20 percent or 10 percent on U.S. goods") share what the list names.
 * Every look-around is bounded by a constant number of tokens, so the pass is linear.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "tariffs_internal.h"

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
        if (text_tok_in(t, j, goods_nouns) || m[j].prod_len)
            return true;
        if (t->tok[j].kind != TOK_WORD || is_duty(m, j) || m[j].change ||
            text_tok_in(t, j, oblique_preps) || text_tok_in(t, j, speech_verbs) ||
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
        if (text_tok_in(t, p, target_preps))
            return true;
        if (!(text_tok_is_ci(t, p, "the") || text_tok_is_ci(t, p, "all") || m[p].qty >= 0 ||
              text_tok_in(t, p, (const char *const[]){"of", "worth", NULL})))
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
            if (text_tok_in(t, j, all_what))
                return true;
    }
    return false;
}

struct relation {
    const char *imposer, *target;
    bool own;     /* an export duty: it hits the imposer's own goods */
    bool foreign; /* on "exports" of an unnamed other country, not on imports in general */
};

/* "50 pct duties on camera exports to the United States": goods named from the side of
 * the country that sells them, which the text leaves unnamed. "Imports" or "foreign products"
 * are all origins; exports are someone's. */
static bool exports_named(const struct doc *d, const struct mark *m, size_t from, size_t hi)
{
    const struct text *t = &d->text;
    static const char *const outbound[] = {"exports", "shipments", NULL};
    for (size_t k = from; k < hi && k < from + PRODUCT_SCAN; k++) {
        if (text_tok_in(t, k, outbound))
            return true;
        if (text_tok_in(t, k, clause_breaks) || is_duty(m, k) || text_tok_is_char(t, k, ';'))
            return false;
    }
    return false;
}

/* "an export duty", "a 10 pct duty on its timber exports": a duty a state levies on its own
 * goods as they leave, whose target is therefore the imposer (GUIDELINE.md: whose goods). */
static bool own_exports(const struct doc *d, const struct qty *q, size_t hi)
{
    const struct text *t = &d->text;
    static const char *const outbound[] = {"exports", "export", "shipments", "sales", NULL};
    static const char *const own[] = {"its", "their", "own", NULL};
    if (q->link >= 0) {
        size_t l = (size_t)q->link;
        /* "an export duty", "a 15 pct export tax" (one duty phrase) */
        if ((l > 0 && text_tok_is_ci(t, l - 1, "export")) || text_tok_is_ci(t, l, "export"))
            return true;
    }
    size_t from = q->link >= 0 && (size_t)q->link > q->end ? (size_t)q->link + 1 : q->end;
    for (size_t k = from; k < hi && k < from + MOD_SCAN; k++) {
        if (!text_tok_is_ci(t, k, "on"))
            continue;
        if (k + 1 >= hi || !text_tok_in(t, k + 1, own))
            return false;
        for (size_t j = k + 2; j < hi && j < k + 2 + MOD_SCAN; j++)
            if (text_tok_in(t, j, outbound))
                return true;
        return false;
    }
    return false;
}

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
    struct relation r = {NULL, NULL, false, false};
    size_t lo, hi;
    clause(d, q, &lo, &hi);
    const struct sentence *s = &t->sent[t->tok[q->nfirst].sentence];
    size_t anchor = q->link >= 0 && (size_t)q->link < q->first ? (size_t)q->link : q->first;
    size_t tail = q->link >= 0 && (size_t)q->link >= q->end ? (size_t)q->link + 1 : q->end;

    /* target first: "on Chinese goods" is firmer evidence than a subject */
    size_t thi = next_first < hi ? next_first : hi;
    r.own = own_exports(d, q, thi);
    r.foreign = !r.own && exports_named(d, m, tail, thi);
    if (all_origins(d, anchor, thi))
        r.target = "*";
    for (size_t k = anchor; r.target == NULL && k < thi; k++) {
        if (k > tail && (text_tok_in(t, k, speech_verbs) || text_tok_is_ci(t, k, "read")))
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
    /* "an export tax on shipments of Canadian lumber": whose goods leave levies the duty */
    if (r.own && r.target != NULL && strcmp(r.target, "*") != 0) {
        r.imposer = r.target;
        return r;
    }
    /* owner of the duty word: "U.S. tariffs", "China's tariffs", "an EC tariff loophole" */
    if (q->link >= 0) {
        size_t k = (size_t)q->link;
        for (int steps = 0; steps < 4 && k > s->first; steps++) {
            k--;
            if (is_actor(d, k)) {
                size_t a = mention_start(d, k, s->first);
                if (!(a > s->first && text_tok_in(t, a - 1, oblique_preps)))
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
        if (t->tok[k].kind == TOK_PUNCT || text_tok_in(t, k, clause_breaks) ||
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
        if (text_tok_in(t, k, pronouns))
            pronoun = true;
        /* "Battaglene said the tariff rate continues to decrease": the speaker is no subject
         * unless a pronoun takes him up ("Trump said he would impose") */
        if (text_tok_in(t, k, speech_verbs) && !pronoun)
            break;
        if (!is_actor(d, k))
            continue;
        size_t a = mention_start(d, k, lo), b = mention_end(d, k, hi);
        k = a;
        if (m[a].qty >= 0 || (a > s->first && text_tok_in(t, a - 1, oblique_preps)))
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
        if (b < hi && text_tok_in(t, b, destination_nouns))
            set_imposer(&r, actor_country(d, k));
        /* "exports to the United States", "shipments into Canada" */
        size_t p = k;
        if (p > lo + 1 && text_tok_is_ci(t, p - 1, "the"))
            p--;
        if (p > lo + 1 && (text_tok_is_ci(t, p - 1, "to") || text_tok_is_ci(t, p - 1, "into")) &&
            (text_tok_in(t, p - 2, goods_nouns) || m[p - 2].prod_len))
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
    if (text_tok_in(t, i, modals))
        return true;
    if (!text_tok_is_ci(t, i, "would"))
        return false;
    /* "China said on Friday it would impose": the "will" of a reported decision; a "would" of
     * its own is a condition ("tariffs would rise to 25 percent") */
    const struct sentence *s = &t->sent[t->tok[i].sentence];
    for (size_t k = i, n = 0; k > s->first && n < MOD_SCAN + 2; n++) {
        k--;
        if (text_tok_in(t, k, speech_verbs) || text_tok_is_ci(t, k, "announced"))
            return false;
    }
    return true;
}

/* The first change cue after token j in its sentence that is a passive or future ("will be
 * effective", "are to be imposed"), before any other figure or duty; -1 when none. */
static long cue_after(const struct doc *d, const struct mark *m, size_t j,
                      const struct sentence *s)
{
    const struct text *t = &d->text;
    static const char *const auxiliaries[] = {"will", "would", "shall", "be", "been", "being",
                                              "are", "is", "to", NULL};
    for (size_t k = j; k < s->end && k < j + CUE_SCAN; k++) {
        if (m[k].qty >= 0 || is_duty(m, k) || text_tok_is_char(t, k, ';'))
            return -1;
        int ch = (int)m[k].change - 1;
        if (ch < 0 || ch == CHANGE_CURRENT)
            continue;
        return k > j && text_tok_in(t, k - 1, auxiliaries) ? (long)k : -1;
    }
    return -1;
}

/* Nouns of an intended change: "a plan to impose", "countermeasures to raise". */
static const char *const intentions[] = {"plan", "plans", "proposal", "proposals", "bid",
                                         "countermeasures", "counter-measures", "threat", NULL};

/* The noun of an intention whose "to" governs the cue at c ("a plan to raise duties to be
 * imposed"), or -1. "The ministry plans to impose" is a verb, a decision the text reports. */
static long intention_before(const struct doc *d, const struct mark *m, size_t c,
                             const struct sentence *s)
{
    const struct text *t = &d->text;
    static const char *const determiners[] = {"a", "an", "the", "its", "their", "his", "her",
                                              "this", "that", "new", "latest", NULL};
    for (size_t k = c, n = 0; k > s->first + 1 && n < MOD_SCAN * 2; n++) {
        k--;
        if (t->tok[k].kind != TOK_WORD || text_tok_in(t, k, clause_breaks) || m[k].qty >= 0)
            return -1;
        if (!text_tok_is_ci(t, k, "to") || !text_tok_in(t, k - 1, intentions))
            continue;
        bool noun = !(text_tok_is_ci(t, k - 1, "plan") || text_tok_is_ci(t, k - 1, "plans")) ||
                    (k >= s->first + 2 && (text_tok_in(t, k - 2, determiners) ||
                                           is_actor(d, k - 2) || m[k - 2].term == T_MODIFIER));
        return noun ? (long)(k - 1) : -1;
    }
    return -1;
}

/* True when a list of goods stands right around the cue at c ("unveiled a list", "lists of
 * 900 items ... subject to"). */
static bool list_near(const struct text *t, size_t c, const struct sentence *s)
{
    static const char *const lists[] = {"list", "lists", NULL};
    size_t lo = c > s->first + BACK_SCAN ? c - BACK_SCAN : s->first;
    for (size_t k = lo; k < s->end && k < c + 4; k++)
        if (text_tok_in(t, k, lists))
            return true;
    return false;
}

/* The token after the dash that closes an aside opening at the dash p ("tariff -- instead of
 * the original 10 percent -- would be proposed"), or p when none closes within a few words. */
static size_t dash_aside_end(const struct text *t, size_t p, size_t se)
{
    size_t open = p;
    for (int n = 0; n < 2 && p + 1 < se && is_dash(t, p + 1); n++)
        p++; /* "--" */
    for (size_t k = p + 1; k < se && k < p + 1 + ASIDE_MAX; k++) {
        if (is_dash(t, k)) {
            for (int n = 0; n < 2 && k + 1 < se && is_dash(t, k + 1); n++)
                k++;
            return k + 1;
        }
        if (t->tok[k].kind == TOK_PUNCT && !text_tok_is_char(t, k, ','))
            return open;
    }
    return open;
}

/* Nouns for a list of goods named by its value: "the $200 billion list". */
static const char *const list_nouns[] = {"list", "lists", "tranche", NULL};

static enum tariff_change find_change(const struct doc *d, const struct mark *m,
                                      const struct qty *q)
{
    const struct text *t = &d->text;
    const struct sentence *s = &t->sent[t->tok[q->nfirst].sentence];
    size_t lo = q->first > s->first + CUE_SCAN ? q->first - CUE_SCAN : s->first;
    size_t p = q->first;
    /* "applied to $200 billion" is the goods slot of the cue, not a level reached */
    bool to = p > s->first && text_tok_is_ci(t, p - 1, "to") &&
              !(p - 1 > s->first && m[p - 2].change - 1 == CHANGE_IMPOSE);
    bool from = p > s->first && text_tok_is_ci(t, p - 1, "from");
    size_t tail = q->link >= 0 && (size_t)q->link >= q->end ? (size_t)q->link + 1 : q->end;
    /* "a 25 percent tariff -- instead of 10 percent -- would be proposed": the verb is past
     * the aside */
    if (tail < s->end && is_dash(t, tail))
        tail = dash_aside_end(t, tail, s->end);
    /* "$34 billion worth took effect": elliptic "worth" is part of the figure */
    if (tail == q->end && tail + 1 < s->end && text_tok_is_ci(t, tail, "worth") &&
        !text_tok_is_ci(t, tail + 1, "of"))
        tail++;
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
                          !text_tok_in(t, (size_t)left, copulas);
    for (size_t k = tail; !strong_current && k < s->end && k < tail + 5; k++) {
        if (m[k].qty >= 0 || is_duty(m, k) || t->tok[k].kind == TOK_PUNCT ||
            text_tok_in(t, k, clause_breaks))
            break;
        int ch = (int)m[k].change - 1;
        /* only a participle of the duty: "duties levied", "will be imposed", "the U.S.
         * imposed"; "the tariff would also cut profits" is a verb of its own */
        if (ch >= 0 && ch != CHANGE_CURRENT &&
            (k == tail || text_tok_in(t, k - 1, copulas) || text_tok_is_ci(t, k - 1, "being") ||
             is_actor(d, k - 1) ||
             text_tok_in(t, k - 1, (const char *const[]){"he", "she", "it", "they", "we", NULL}))) {
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
    /* "New duties for 210 items worth 12 billion dollars ... will be effective from May 1":
     * with no cue before it, the duty before the figure takes the verb of its own
     * clause, a passive or future */
    if (cue < 0 && left < 0 && q->link >= 0 && (size_t)q->link < q->first)
        cue = cue_after(d, m, q->end, s);
    /* "$200 billion in goods slated for a 10 percent duty hike": the clause that puts the goods
     * under a duty named after them */
    for (size_t k = q->end; cue < 0 && q->link >= 0 && k < (size_t)q->link; k++)
        if (m[k].change)
            cue = (long)k;
    bool of_link = q->link >= 0 && (size_t)q->link < q->first &&
                   text_tok_is_ci(t, q->first - 1, "of");
    enum tariff_change c = CHANGE_CURRENT;
    if (cue >= 0) {
        c = (enum tariff_change)(m[cue].change - 1);
        /* "could impose", "considering suspending" */
        size_t k = (size_t)cue;
        for (int back = 0; back < 3 && k > s->first; back++) {
            k--;
            if (is_modal(t, k) &&
                (c == CHANGE_IMPOSE || c == CHANGE_SUSPEND || c == CHANGE_RAISE)) {
                c = text_tok_is_ci(t, k, "threatened") || text_tok_is_ci(t, k, "threatening") ||
                            text_tok_is_ci(t, k, "threatens") || text_tok_is_ci(t, k, "threaten")
                        ? CHANGE_THREATEN
                        : CHANGE_PROPOSE;
                break;
            }
            if (!(t->tok[k].kind == TOK_WORD && !m[k].change && !is_duty(m, k)))
                break;
        }
        /* "a plan to raise tariffs", "countermeasures to impose": a change only intended */
        long in = c == CHANGE_IMPOSE || c == CHANGE_RAISE || c == CHANGE_CUT
                      ? intention_before(d, m, (size_t)cue, s)
                      : -1;
        if (in >= 0)
            c = text_tok_is_ci(t, (size_t)in, "threat") ? CHANGE_THREATEN : CHANGE_PROPOSE;
        /* "unveiled a list of products ... subject to additional tariffs": goods listed for a
         * duty that is yet to come */
        if ((c == CHANGE_IMPOSE || c == CHANGE_CURRENT) &&
            (list_near(t, (size_t)cue, s) ||
             ((size_t)cue < q->first && q->end < s->end && text_tok_in(t, q->end, list_nouns))))
            c = CHANGE_PROPOSE;
        /* the level before a change: "from 15.3 percent", "reduced import tariffs of up to
         * 50 pct" */
        if ((from || of_link) && (c == CHANGE_CUT || c == CHANGE_REMOVE || c == CHANGE_RAISE ||
                                  c == CHANGE_SUSPEND) &&
            (size_t)cue < q->first)
            c = CHANGE_CURRENT;
    } else if (q->end < s->end && text_tok_in(t, q->end, list_nouns)) {
        c = CHANGE_PROPOSE; /* goods listed for a duty, with no word of it taking effect */
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
        if (a > s->first && text_tok_in(t, a - 1, target_preps))
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

/* True when b follows a as the next member of a list of accepted figures of one sentence:
 * "25 percent, 20 percent or 10 percent", "$8 billion and $4 billion". A range ("from 10 to
 * 25 percent") is no list: its ends differ in change. */
static bool listed(const struct text *t, const struct qty *a, const struct qty *b)
{
    if (a->state != Q_ACCEPTED || b->state != Q_ACCEPTED || a->unit != b->unit ||
        is_rate(a) != is_rate(b) || b->first <= a->end || b->first - a->end > 2 ||
        t->tok[a->nfirst].sentence != t->tok[b->nfirst].sentence)
        return false;
    for (size_t k = a->end; k < b->first; k++)
        if (!(text_tok_is_char(t, k, ',') || text_tok_is_ci(t, k, "and") ||
              text_tok_is_ci(t, k, "or")))
            return false;
    return true;
}

/* Gives the figure at index to in a what the list member at index from names and it does not:
 * every member of a list shares the list's parties and products ("the duty on trucks was 11.5
 * percent, and 4 percent for tyres" keeps its own). target: take the parties too. */
static void share_list(struct annotations *a, size_t to, size_t from, bool target)
{
    struct ann_tariff *dst = &a->tariffs[to];
    const struct ann_tariff *src = &a->tariffs[from];
    if (target) {
        memcpy(dst->imposer, src->imposer, sizeof dst->imposer);
        memcpy(dst->target, src->target, sizeof dst->target);
    }
    if (src->nproducts == 0 || dst->nproducts > 0)
        return;
    dst->products = xrealloc(dst->products, src->nproducts * sizeof *dst->products);
    for (size_t k = 0; k < src->nproducts; k++)
        dst->products[k] = xstrdup(src->products[k]);
    dst->nproducts = src->nproducts;
}

/* Whose goods a duty that names no origin hits: "*" is kept for "all imports" (found with
 * the figure), so the target is the other side of the dispute the article is about, the most
 * mentioned country other than the imposer, when one stands out; else unknown (""). */
static const char *other_party(const struct countries *cs, const char *imp)
{
    if (imp == NULL)
        return "";
    const char *best = NULL;
    size_t best_n = 0, second_n = 0;
    for (size_t k = 0; k < cs->n; k++) {
        if (strcmp(cs->c[k].code, imp) == 0)
            continue;
        if (cs->c[k].n > best_n) {
            second_n = best_n;
            best_n = cs->c[k].n;
            best = cs->c[k].code;
        } else if (cs->c[k].n > second_n) {
            second_n = cs->c[k].n;
        }
    }
    return best != NULL && best_n >= OTHER_PARTY_MIN && best_n >= 2 * second_n ? best : "";
}

void tariffs_relations_emit(const struct doc *d, const struct mark *m, const struct qlist *ql)
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
        /* an alternative ("instead of 10 percent") is no new rate */
        bool rate = ql->q[i].state == Q_ACCEPTED && is_rate(&ql->q[i]) && ql->q[i].peer < 0;
        next_rate[i] = rate ? ql->q[i].first : next_rate[i + 1];
    }
    /* members of a list ("tariffs of 25 percent, 20 percent or 10 percent on U.S. goods")
     * share what the last one names; last[i] is that member, at[i] the figure made, named[i]
     * whether the figure's own clause named its target */
    size_t *last = xmalloc((ql->n + 1) * sizeof *last);
    size_t *at = xmalloc((ql->n + 1) * sizeof *at);
    bool *named = xcalloc(ql->n + 1, sizeof *named);
    for (size_t i = ql->n; i-- > 0;)
        last[i] = i + 1 < ql->n && listed(t, &ql->q[i], &ql->q[i + 1]) ? last[i + 1] : i;
    for (size_t i = 0; i < ql->n; i++) {
        const struct qty *q = &ql->q[i];
        if (q->state != Q_ACCEPTED)
            continue;
        size_t next_first = next_rate[i + 1];
        at[i] = d->ann->ntariffs;
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
        named[i] = r.target != NULL || r.own;
        const char *imp = r.imposer, *tgt = r.target;
        if (imp == NULL && prev_imposer[0] != '\0' &&
            (tgt == NULL || strcmp(tgt, prev_imposer) != 0))
            imp = prev_imposer;
        if (imp == NULL)
            imp = party_before(d, m, q->first);
        if (imp == NULL)
            imp = main_country(&cs, tgt != NULL && strcmp(tgt, "*") != 0 ? tgt : NULL);
        if (r.own) {
            tgt = imp != NULL ? imp : tgt; /* an export duty hits the imposer's own goods */
        } else {
            /* an import duty is never on the imposer's own goods */
            if (imp != NULL && tgt != NULL && strcmp(imp, tgt) == 0)
                imp = main_country(&cs, tgt);
            if (tgt != NULL)
                snprintf(last_target, sizeof last_target, "%s", tgt);
            else if (last_target[0] != '\0' && (imp == NULL || strcmp(last_target, imp) != 0))
                tgt = last_target;
            else
                tgt = r.foreign ? other_party(&cs, imp) : "*";
        }
        if (q->peer >= 0 && ql->q[q->peer].state == Q_ACCEPTED) {
            /* an alternative or earlier level of a figure just made: the same duty */
            const struct ann_tariff *pt = &d->ann->tariffs[at[q->peer]];
            imp = pt->imposer;
            tgt = pt->target;
            o->change = q->prior ? CHANGE_CURRENT : pt->change;
        }
        snprintf(o->imposer, sizeof o->imposer, "%s", imp != NULL ? imp : "");
        snprintf(o->target, sizeof o->target, "%s", tgt != NULL ? tgt : "");
        memcpy(prev_imposer, o->imposer, sizeof prev_imposer);
        products_of(d, m, q, next_first, prev_end, o);
        doc_span(d, q->first, q->end, &o->span);
        prev_end = q->end;
    }
    for (size_t i = 0, head = 0; i < ql->n; i++) {
        if (ql->q[i].state != Q_ACCEPTED)
            continue;
        if (i == 0 || last[i - 1] != last[i])
            head = i;
        if (last[i] != i)
            share_list(d->ann, at[i], at[last[i]], !named[i] && named[last[i]]);
        d->ann->tariffs[at[i]].change = d->ann->tariffs[at[head]].change;
    }
    free(named);
    free(at);
    free(last);
    free(next_rate);
    free(cs.c);
}
