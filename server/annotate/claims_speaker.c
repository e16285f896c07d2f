/* claims_speaker.c - who speaks: the actor a subject, an apposition or a pronoun names.
 *
 * Speakers are resolved from the actors stage (doc->actor_at); the words around a name say who
 * an unnamed source speaks for (officials, spokesmen, statements, "the ministry", "he"). What
 * resolution reads ("the last person named as a subject", "the body last called the ministry")
 * is updated by advance() as the pass moves forward, so resolution stays linear.
 */
#include "claims_internal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mem.h"

bool cl_is_subject(const struct state *st, size_t i, long a)
{
    const struct text *t = st->t;
    size_t first = t->sent[t->tok[i].sentence].first;
    if (i - first > 12)
        return false;
    for (size_t k = first; k < i; k++) {
        const struct token *tk = &t->tok[k];
        int slot;
        enum kind nk = tk->kind == TOK_WORD ? cl_noun_at(st, k, &slot) : K_NONE;
        bool ok = (tk->kind == TOK_WORD &&
                   ((tk->flags & TOKF_CAP) || k == first || nk == K_TITLE || nk == K_OFFICIAL)) ||
                  tk->kind == TOK_NUMBER || is_comma(t, k) || text_tok_is_char(t, k, '.') ||
                  text_tok_is_char(t, k, '-') || text_tok_is_char(t, k, '(') ||
                  text_tok_is_char(t, k, ')');
        if (!ok || inside_quote(st, k))
            return false;
    }
    size_t m = i;
    while (m + 1 < t->ntok && st->d->actor_at[m + 1] == a)
        m++;
    size_t n = m + 1;
    if (n >= t->ntok || t->tok[n].sentence != t->tok[i].sentence)
        return false;
    if (is_comma(t, n))
        return true;
    return t->tok[n].kind == TOK_WORD && !(t->tok[n].flags & TOKF_CAP) &&
           !text_tok_in(t, n, PREP) && !text_tok_is_ci(t, n, "and") &&
           !text_tok_is_ci(t, n, "or") && !text_tok_is_ci(t, n, "'s");
}

/* True when the name ends a word with a company's legal form or trade ("Toyota Motor Corp",
 * "Alcoa Inc.", "Airbus Group"). */
static bool is_firm_name(const char *name)
{
    static const char *const form[] = {
        "corp",  "corporation", "inc",        "incorporated", "co", "ltd",      "limited",
        "llc",   "plc",         "ag",         "sa",           "nv", "holdings", "group",
        "motor", "motors",      "industries", "company",      NULL};
    for (const char *p = name; p != NULL && *p;) {
        size_t n = strcspn(p, " ,.");
        for (const char *const *f = form; *f; f++)
            if (n == strlen(*f) && strncasecmp(p, *f, n) == 0)
                return true;
        p += n;
        p += strspn(p, " ,.");
    }
    return false;
}

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
            if (cl_is_subject(st, i, a)) {
                st->last_subject = a;
                st->last_subject_tok = i;
            }
            for (size_t k = 0; k < st->lx->nnoun; k++)
                if (st->role_mask[a] & (1ull << k))
                    st->title_last[k] = a;
            /* "President Trump": the title right before the name */
            int slot;
            if (i > 0 && cl_noun_at(st, i - 1, &slot) == K_TITLE && slot >= 0)
                st->title_last[slot] = a;
        } else {
            for (size_t k = 0; k < st->lx->nnoun; k++)
                if (st->body_mask[a] & (1ull << k))
                    st->body_last[k] = a;
            if (x->type == ACTOR_ORGANIZATION && is_firm_name(x->name)) {
                st->last_firm = a;
                st->last_firm_tok = i;
            } else if (x->type == ACTOR_ORGANIZATION && st->body_mask[a] == 0) {
                st->last_org = a;
                st->last_org_tok = i;
            }
        }
    }
}

/* True when the phrase s holds word w as a whole word, ignoring case. */
static bool has_word(const char *s, const char *w)
{
    size_t n = strlen(w);
    for (const char *p = s; p != NULL && *p; p++) {
        /* (first letters and word starts first: this runs per actor, noun and letter) */
        if ((*p | 0x20) == (*w | 0x20) && (p == s || p[-1] == ' ' || p[-1] == '-') &&
            strncasecmp(p, w, n) == 0 && (p[n] == '\0' || p[n] == ' ' || p[n] == '-'))
            return true;
    }
    return false;
}

/* Bit (c | 0x20) & 31 of the first byte c of each word of s: has_word(s, w) needs w's bit. */
static uint32_t initials(const char *s)
{
    uint32_t m = 0;
    for (const char *p = s; p != NULL && *p; p++)
        if (p == s || p[-1] == ' ' || p[-1] == '-')
            m |= 1u << ((*p | 0x20) & 31);
    return m;
}

void cl_init_actor_tables(struct state *st)
{
    const struct annotations *a = st->d->ann;
    size_t n = a->nactors ? a->nactors : 1;
    st->body_mask = xcalloc(n, sizeof *st->body_mask);
    st->role_mask = xcalloc(n, sizeof *st->role_mask);
    size_t best = 0;
    st->default_country = -1;
    for (size_t i = 0; i < a->nactors; i++) {
        const struct ann_actor *x = &a->actors[i];
        /* (initials first: has_word runs per actor, noun and letter) */
        uint32_t in_name = initials(x->name), in_role = initials(x->role);
        for (size_t k = 0; k < st->lx->nnoun; k++) {
            const char *w = st->lx->noun[k]->field[0];
            uint32_t bit = 1u << ((*w | 0x20) & 31);
            if (x->name != NULL && (in_name & bit) && has_word(x->name, w))
                st->body_mask[i] |= 1ull << k;
            if (x->role != NULL && (in_role & bit) && has_word(x->role, w))
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
    st->last_subject = -1;
    st->last_firm = st->last_org = -1;
    st->last_doc_owner = SPK_NONE;
    st->official_country = -1;
    st->last_person_spk = -1;
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

/* True when the attribution la has a plural official or crowd noun for its subject right
 * before the cue ("government officials said", "diplomats said"). */
static bool plural_subject(const struct state *st, const struct attribution *la)
{
    const struct text *t = st->t;
    size_t f = t->sent[la->sent].first;
    long j = la->cue > f ? cl_skip_left(st, (long)la->cue - 1, f) : -1;
    int slot;
    enum kind k = j >= (long)f ? cl_noun_at(st, (size_t)j, &slot) : K_NONE;
    return (k == K_OFFICIAL || k == K_CROWD) && ends_with(t, (size_t)j, "s");
}

static struct who pronoun(const struct state *st, size_t i)
{
    const struct text *t = st->t;
    uint32_t s = t->tok[i].sentence;
    const struct attribution *la = st->nattr > 0 ? &st->attr[st->nattr - 1] : NULL;
    if (text_tok_in(t, i, PRON_ANIMATE) && la != NULL && la->cue == st->last_animate_cue &&
        plural_subject(st, la) && st->last_person_spk >= 0 && st->last_person_spk_sent + 8 >= s)
        return who_make(st->last_person_spk, true, -1); /* "he" is none of "officials said" */
    if (text_tok_in(t, i, PRON_ANIMATE)) {
        /* a person who became the subject after the last speaker: "A said ... B arrived ...
         * \"...,\" he said" is B */
        if (st->last_subject >= 0 &&
            (!st->have_animate || st->last_subject_tok > st->last_animate_cue) &&
            t->tok[st->last_subject_tok].sentence + 2 >= s)
            return who_make(st->last_subject, true, -1);
        if (st->have_animate && s - st->last_animate_sent <= 8)
            return who_make(st->last_animate, true, -1);
        if (st->last_person >= 0 && t->tok[st->last_person_tok].sentence + 3 >= s)
            return who_make(st->last_person, true, -1);
        return who_make(SPK_NONE, true, -1);
    }
    /* "Government officials said ... They said ...": the officials, a plural subject */
    if (text_tok_is_ci(t, i, "they") && la != NULL && la->sent + 2 >= s && plural_subject(st, la))
        return who_make(la->speaker, false, -1);
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

long cl_last_actor_in(const struct state *st, size_t a, size_t b)
{
    for (size_t i = b; i > a; i--)
        if (st->d->actor_at[i - 1] >= 0)
            return st->d->actor_at[i - 1];
    return -1;
}

long cl_first_actor_in(const struct state *st, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++)
        if (st->d->actor_at[i] >= 0)
            return st->d->actor_at[i];
    return -1;
}

long cl_named_next(const struct state *st, size_t tok, long org)
{
    const struct text *t = st->t;
    uint32_t s = t->tok[tok].sentence;
    if (s + 1 >= t->nsent)
        return -1;
    const struct sentence *ns = &t->sent[s + 1];
    bool office = false, has_org = org < 0;
    for (size_t k = ns->first; k < ns->end && k < ns->first + 12; k++) {
        int32_t a = st->d->actor_at[k];
        int slot;
        enum kind nk = t->tok[k].kind == TOK_WORD ? cl_noun_at(st, k, &slot) : K_NONE;
        office |= nk == K_TITLE || nk == K_OFFICIAL;
        has_org |= a >= 0 && a == org;
        if (a >= 0 && st->d->ann->actors[a].type == ACTOR_PERSON)
            return office && has_org && cl_is_subject(st, k, a) ? a : -1;
    }
    return -1;
}

/* The person whose role holds every word of the title phrase [s, h] ("the trade minister"),
 * last mentioned before token pos, and *tok that mention; -1 when none. Bounded so that it
 * stays cheap. */
static long person_by_title(const struct state *st, size_t s, size_t h, size_t pos, uint32_t *tok)
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
    *tok = best_tok;
    return best;
}

/* The country a sentence opens with as its setting: "In Britain, where ..., officials said". */
static long setting_country(const struct state *st, size_t i)
{
    const struct text *t = st->t;
    size_t f = t->sent[t->tok[i].sentence].first;
    if (!text_tok_is_ci(t, f, "in") || f + 2 >= i)
        return -1;
    long a = st->d->actor_at[f + 1];
    if (a < 0 || st->d->ann->actors[a].type != ACTOR_COUNTRY)
        return -1;
    size_t m = f + 1;
    while (m + 1 < i && st->d->actor_at[m + 1] == a)
        m++;
    return is_comma(t, m + 1) ? a : -1;
}

/* The country an unnamed government speaks for ("government officials said"): the sentence's
 * setting, else the country unnamed officials spoke for in the last three sentences, else the
 * country the article names most. */
static long context_country(struct state *st, size_t i)
{
    uint32_t sn = st->t->tok[i].sentence;
    long a = setting_country(st, i);
    if (a < 0 && st->official_country >= 0 && st->official_country_sent + 3 >= sn)
        a = st->official_country;
    if (a < 0)
        a = st->default_country;
    if (a >= 0) {
        st->official_country = a;
        st->official_country_sent = sn;
    }
    return a;
}

/* The organisation an unnamed unit belongs to: "the center said" after "director of the
 * research center at the Academy of Trade" is the academy, the unit having no name of its own.
 * SPK_NONE when no such mention is near. The scan back is bounded. */
static long parent_body(const struct state *st, size_t h)
{
    const struct text *t = st->t;
    size_t n = text_tok_len(t, h);
    for (size_t i = h; i > 0 && h - i < 600; i--) {
        size_t k = i - 1;
        if (t->tok[k].lower_hash != t->tok[h].lower_hash || text_tok_len(t, k) != n ||
            strncasecmp(text_tok_ptr(t, k), text_tok_ptr(t, h), n) != 0)
            continue;
        size_t o = k + 1;
        if (o + 1 >= h || !(text_tok_is_ci(t, o, "at") || text_tok_is_ci(t, o, "of")))
            continue; /* ("the center said": the mention that named it is further back) */
        o += text_tok_is_ci(t, o + 1, "the") ? 2 : 1;
        long a = st->d->actor_at[o];
        return a >= 0 && st->d->ann->actors[a].type == ACTOR_ORGANIZATION ? a : SPK_NONE;
    }
    return SPK_NONE;
}

struct who cl_resolve(struct state *st, size_t s, size_t e)
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
        if (at[i] < 0 && text_tok_in(t, i, PREP)) {
            p = i;
            break;
        }
    }
    size_t h = p - 1;
    while (h > s && (text_tok_is_char(t, h, ')') || t->tok[h].kind == TOK_PUNCT)) {
        size_t k = h;
        while (k > s && !text_tok_is_char(t, k, '('))
            k--;
        h = k > s ? k - 1 : h - 1;
    }
    int slot;
    enum kind k = K_NONE;
    if (at[h] < 0 && !is_pronoun(t, h)) {
        /* "a statement released by X": the head noun is before the participle */
        for (size_t i = h + 1; i > s; i--) {
            k = cl_noun_at(st, i - 1, &slot);
            size_t n = text_tok_len(t, i - 1);
            const char *w = text_tok_ptr(t, i - 1);
            bool participle = n > 3 && w[n - 2] == 'e' && w[n - 1] == 'd';
            if (k != K_NONE || at[i - 1] >= 0 || !(participle || is_adverb(t, i - 1)))
                break;
        }
        if (k != K_NONE) {
            while (h > s && cl_noun_at(st, h, &slot) != k)
                h--;
        }
    }
    if (at[h] >= 0) {
        long a = at[h];
        return who_make(a, st->d->ann->actors[a].type == ACTOR_PERSON, -1);
    }
    if (is_pronoun(t, h))
        return pronoun(st, h);
    k = cl_noun_at(st, h, &slot);
    bool definite = text_tok_is_ci(t, s, "the") || text_tok_is_ci(t, s, "this");
    struct cue hc;
    if (k == K_CROWD && definite && cl_lookup(st, h, h + 1, &hc, NULL) == K_CROWD &&
        (hc.flags & F_PERSON)) {
        /* "underlined the Chinese diplomat": the person quoted or named just before */
        uint32_t sn = t->tok[h].sentence;
        /* (unless the word came before: after "a diplomat said", "the diplomat" is that one) */
        for (size_t i = h; i > 0 && h - i < 600; i--)
            if (t->tok[i - 1].lower_hash == t->tok[h].lower_hash &&
                text_tok_len(t, i - 1) == text_tok_len(t, h) &&
                strncasecmp(text_tok_ptr(t, i - 1), text_tok_ptr(t, h), text_tok_len(t, h)) == 0)
                return who_make(SPK_NONE, true, -1);
        if (st->have_animate && st->last_animate >= 0 && sn - st->last_animate_sent <= 3 &&
            st->d->ann->actors[st->last_animate].type == ACTOR_PERSON)
            return who_make(st->last_animate, true, -1);
        return who_make(SPK_NONE, true, -1);
    }
    if (k == K_FIRM) {
        /* "the company said": the company last named, else a body named just before ("Shares
         * of Honda fell after the company said") */
        uint32_t sn = t->tok[h].sentence;
        if (!definite)
            return who_make(SPK_NONE, false, -1);
        if (st->last_firm >= 0 && t->tok[st->last_firm_tok].sentence + 5 >= sn)
            return who_make(st->last_firm, false, -1);
        if (st->last_org >= 0 && t->tok[st->last_org_tok].sentence + 1 >= sn)
            return who_make(st->last_org, false, -1);
        return who_make(SPK_NONE, false, -1);
    }
    /* "Goldman Sachs analysts said": a firm's staff speak for it, as its officials do (but
     * "Japanese analysts" are no country's voice) */
    if (k == K_CROWD && h > s && at[h - 1] >= 0 &&
        st->d->ann->actors[at[h - 1]].type == ACTOR_ORGANIZATION)
        return who_make(at[h - 1], true, -1);
    if (k == K_CROWD || k == K_NONE)
        /* a crowd, or a name the actors stage does not know: the pronouns after it are not
         * the speaker before it */
        return who_make(SPK_NONE, k == K_CROWD || (t->tok[h].flags & TOKF_CAP), -1);
    bool animate = k == K_OFFICIAL || k == K_TITLE;
    /* the modifiers: "industry officials", "department officials", "a government spokesman" */
    for (size_t i = s; i < h; i++) {
        int ms;
        enum kind mk = at[i] >= 0 ? K_NONE : cl_noun_at(st, i, &ms);
        if (mk == K_CROWD)
            return who_make(SPK_NONE, animate, -1);
    }
    long a = cl_last_actor_in(st, s, h);
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
        /* "An AFBF official said ... AFBF president Dean Kleckner made the comments" (one
         * official: "AFBF officials" stay the body) */
        bool one = !ends_with(t, h, "s") || text_tok_is_ci(t, h, "spokeswoman");
        long named = k == K_OFFICIAL && !definite && one ? cl_named_next(st, h, a) : -1;
        if (named >= 0)
            return who_make(named, true, slot);
        return who_make(a, animate, slot);
    }
    if (p <= e) {
        a = cl_first_actor_in(st, p + 1, e + 1);
        if (a >= 0) {
            if (k == K_DOC)
                st->last_doc_owner = a;
            return who_make(a, animate, slot);
        }
        for (size_t i = p + 1; i <= e; i++)
            if (text_tok_is_ci(t, i, "its") || text_tok_is_ci(t, i, "their"))
                return pronoun(st, i);
        /* "a statement of the commission", "a spokesman for the ministry": whom the object of
         * the preposition names */
        struct who o = cl_resolve(st, p + 1, e);
        if (o.actor >= 0) {
            if (k == K_DOC)
                st->last_doc_owner = o.actor;
            return who_make(o.actor, animate, slot);
        }
    }
    /* "the council's study": the owner before the possessive */
    if (h >= s + 2 && text_tok_is_ci(t, h - 1, "'s")) {
        struct who o = cl_resolve(st, s, h - 2);
        if (k == K_DOC && o.actor >= 0)
            st->last_doc_owner = o.actor;
        o.animate = animate;
        return o;
    }
    for (size_t i = h; i > s; i--) {
        int ms;
        enum kind mk = cl_noun_at(st, i - 1, &ms);
        /* "government officials in the rest of Europe": a place that is no actor */
        if (mk == K_ADMIN && p <= e && (text_tok_is_ci(t, p, "in") || text_tok_is_ci(t, p, "from")))
            return who_make(SPK_NONE, animate, -1);
        /* "a government study said ... the Federal Trade Commission report said": the
         * unnamed text is the one named next */
        if (mk == K_ADMIN && k == K_DOC && !definite &&
            (text_tok_is_ci(t, s, "a") || text_tok_is_ci(t, s, "an")))
            return who_make(SPK_LATER_DOC, false, -1);
        if (mk == K_ADMIN)
            return who_make(context_country(st, h), animate, slot);
        if (mk == K_BODY && ms >= 0 && st->body_last[ms] >= 0)
            return who_make(st->body_last[ms], animate, slot);
        long parent = mk == K_BODY ? parent_body(st, i - 1) : -1;
        if (parent >= 0)
            return who_make(parent, animate, slot); /* "center officials said" */
    }
    switch (k) {
    case K_DOC:
        return who_make(definite ? st->last_doc_owner : SPK_NONE, false, -1);
    case K_BODY:
        if (!definite)
            return who_make(SPK_LATER, false, slot);
        if (slot >= 0 && st->body_last[slot] < 0)
            return who_make(parent_body(st, h), false, slot);
        return who_make(slot >= 0 ? st->body_last[slot] : SPK_NONE, false, slot);
    case K_ADMIN:
        return who_make(context_country(st, h), false, slot);
    case K_TITLE: {
        uint32_t tok = 0;
        a = person_by_title(st, s, h, s, &tok);
        /* "Mexico's economy minister, Ildefonso Guajardo, said ... The minister also said": the
         * person last quoted under this title, when more recent than the titled mention */
        if (definite && slot >= 0 && st->word_mem[slot] >= 0 &&
            (a < 0 || st->word_mem_tok[slot] > tok))
            return who_make(st->word_mem[slot], true, slot);
        if (a >= 0)
            return who_make(a, true, slot);
        if (slot >= 0 && st->title_last[slot] >= 0)
            return who_make(st->title_last[slot], true, slot);
        if (slot >= 0 && definite && st->word_mem[slot] != -1)
            return who_make(st->word_mem[slot], true, slot);
        return who_make(SPK_NONE, true, slot);
    }
    default: /* K_OFFICIAL */
        if (!definite) {
            /* "a senior official said" may be named next; "officials said" is a crowd */
            size_t n = text_tok_len(t, h);
            bool plural = n > 2 && text_tok_ptr(t, h)[n - 1] == 's' &&
                          !text_tok_is_ci(t, h, "spokeswoman") && text_tok_ptr(t, h)[n - 2] != 's';
            /* (but "In Britain, ..., officials said" are that country's) */
            long home = plural && h == s ? setting_country(st, h) : -1;
            if (home >= 0) {
                st->official_country = home;
                st->official_country_sent = t->tok[h].sentence;
                return who_make(home, true, slot);
            }
            return who_make(plural ? SPK_NONE : SPK_LATER_PERSON, true, slot);
        }
        if (slot >= 0 && st->word_mem[slot] != -1)
            return who_make(st->word_mem[slot], true, slot);
        return who_make(st->have_animate ? st->last_animate : SPK_NONE, true, slot);
    }
}

/* True when token i can end a noun phrase that a participle modifies: an official or crowd
 * noun ("diplomats", "officials"), not a verb or a name. */
static bool noun_like(const struct state *st, size_t i)
{
    int slot;
    enum kind k = cl_noun_at(st, i, &slot);
    return (k == K_CROWD || k == K_OFFICIAL) && st->d->actor_at[i] < 0;
}

size_t cl_np_left(const struct state *st, size_t e, size_t lo)
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
        if (text_tok_is_char(t, k, ')')) {
            size_t j = k;
            while (j > lo && !text_tok_is_char(t, j, '(') && k - j < 8)
                j--;
            if (!text_tok_is_char(t, j, '('))
                break;
            i = j;
            continue;
        }
        if (tk->kind == TOK_WORD && text_tok_is_ci(t, k, "and") && k > lo && i <= e) {
            /* "U.S. government and farm group representatives" */
            int slot;
            enum kind pk = cl_noun_at(st, k - 1, &slot);
            if (st->d->actor_at[k - 1] >= 0 || pk == K_ADMIN || pk == K_BODY) {
                i = k;
                continue;
            }
        }
        if (tk->kind == TOK_WORD) {
            struct cue c;
            enum kind kd = cl_lookup(st, k, k + 1, &c, NULL);
            size_t n = text_tok_len(t, k);
            const char *w = text_tok_ptr(t, k);
            bool past = !(tk->flags & TOKF_CAP) && n > 3 && w[n - 2] == 'e' && w[n - 1] == 'd' &&
                        (tk->flags & TOKF_SPACE) &&
                        !(k + 1 <= e && text_tok_is_char(t, k + 1, '-'));
            /* "Diplomats accredited to the EC said": a participle that modifies the noun
             * before it, whose phrase is the subject */
            if (past && k > lo && k + 1 <= e && text_tok_in(t, k + 1, PREP) && noun_like(st, k - 1))
                past = false;
            if (text_tok_in(t, k, STOP_LEFT) || text_tok_in(t, k, AUX) || kd == K_VERB ||
                kd == K_PART || kd == K_SOURCE || is_pronoun(t, k) || inside_quote(st, k) || past)
                break;
            i = k;
            continue;
        }
        if ((text_tok_is_char(t, k, '-') && !(tk->flags & TOKF_SPACE)) ||
            text_tok_is_char(t, k, '\'') || text_tok_is_char(t, k, '&')) {
            i = k;
            continue;
        }
        break;
    }
    while (i <= e && (text_tok_in(t, i, PREP) || text_tok_in(t, i, STOP_LEFT)))
        i++;
    return i;
}

size_t cl_np_right(const struct state *st, size_t s, size_t end)
{
    const struct text *t = st->t;
    static const char *const glue[] = {"the",  "a",    "an", "its", "their", "his",
                                       "her",  "'s",   "of", "in",  "at",    "for",
                                       "with", "from", "by", "on",  "and",   NULL};
    size_t i = s, last = s - 1;
    while (i < end && i - s < WINDOW) {
        const struct token *tk = &t->tok[i];
        if (text_tok_is_char(t, i, '(')) {
            size_t j = i;
            while (j < end && !text_tok_is_char(t, j, ')') && j - i < 8)
                j++;
            if (j < end && text_tok_is_char(t, j, ')')) {
                i = j + 1;
                last = j;
                continue;
            }
        }
        struct cue c;
        enum kind kd = tk->kind == TOK_WORD ? cl_lookup(st, i, end, &c, NULL) : K_NONE;
        bool ok =
            st->d->actor_at[i] >= 0 || text_tok_is_char(t, i, '-') || tk->kind == TOK_NUMBER ||
            (tk->kind == TOK_WORD && !text_tok_in(t, i, AUX) && !text_tok_in(t, i, STOP_LEFT) &&
             kd != K_VERB && kd != K_PART && kd != K_SOURCE) ||
            text_tok_is_ci(t, i, "and");
        if (!ok || st->qat[i] != QUOTE_NONE)
            break;
        if (!text_tok_in(t, i, glue) && tk->kind == TOK_WORD)
            last = i;
        else if (st->d->actor_at[i] >= 0)
            last = i;
        i++;
    }
    return last;
}

long cl_skip_left(const struct state *st, long j, size_t lo)
{
    const struct text *t = st->t;
    for (int n = 0; j >= (long)lo && n < 12; n++) {
        if (is_adverb(t, (size_t)j) || text_tok_in(t, (size_t)j, AUX)) {
            j--;
        } else if (j > (long)lo && text_tok_is_ci(t, (size_t)j - 1, "on") &&
                   text_tok_in(t, (size_t)j, ADVERB)) {
            j -= 2;
        } else {
            break;
        }
    }
    return j;
}

bool cl_is_appositive_start(const struct state *st, size_t i)
{
    const struct text *t = st->t;
    long a = st->d->actor_at[i];
    if (a >= 0) {
        /* "Cohen, US defense secretary from 1997 to 2001, said": a country modifying a title */
        size_t m = i;
        while (m + 1 < t->ntok && st->d->actor_at[m + 1] == a)
            m++;
        return st->d->ann->actors[a].type == ACTOR_COUNTRY && m + 1 < t->ntok &&
               t->tok[m + 1].kind == TOK_WORD && !(t->tok[m + 1].flags & TOKF_CAP) &&
               !text_tok_in(t, m + 1, AUX) && !text_tok_is_ci(t, m + 1, "and") &&
               !text_tok_is_ci(t, m + 1, "or");
    }
    return text_tok_in(t, i, PREP) || text_tok_is_ci(t, i, "a") || text_tok_is_ci(t, i, "an") ||
           text_tok_is_ci(t, i, "the") || text_tok_is_ci(t, i, "who") ||
           text_tok_is_ci(t, i, "which") || text_tok_is_ci(t, i, "speaking") ||
           (t->tok[i].kind == TOK_WORD && !(t->tok[i].flags & TOKF_CAP)) ||
           t->tok[i].kind == TOK_NUMBER;
}

long cl_titled_name(const struct state *st, size_t k, size_t j)
{
    const struct text *t = st->t;
    if (j <= k || st->d->actor_at[j - 1] < 0)
        return -1;
    long a = st->d->actor_at[j - 1];
    if (st->d->ann->actors[a].type != ACTOR_PERSON)
        return -1;
    size_t m = j - 1;
    while (m > k && st->d->actor_at[m - 1] == a)
        m--;
    if (m - k > 4)
        return -1;
    for (size_t i = k; i < m; i++)
        if (!(t->tok[i].kind == TOK_WORD && (t->tok[i].flags & TOKF_CAP)) &&
            !text_tok_is_char(t, i, '.'))
            return -1;
    return a;
}

void cl_apposed_subject(struct state *st, size_t s, size_t sfirst, struct who *w)
{
    const struct text *t = st->t;
    if (s < sfirst + 2 || !is_comma(t, s - 1) || (t->tok[s].flags & TOKF_CAP) ||
        t->tok[s].kind != TOK_WORD || text_tok_in(t, sfirst, PREP) || text_tok_in(t, sfirst, LEAD))
        return;
    size_t e = s - 2;
    size_t s2 = cl_np_left(st, e, sfirst);
    if (s2 != sfirst || s2 > e)
        return;
    struct who o = cl_resolve(st, s2, e);
    if (o.actor >= 0)
        *w = o;
}
