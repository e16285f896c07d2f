/* actors_names.c - pass B of the actors stage, person side: capitalised sequences that a
 * given name, a title, an appositive or a speech verb make a person, with their roles and
 * surnames. */
#include "actors_int.h"

#include <stdlib.h>
#include <string.h>

/* A speech verb right after a name marks it as a person's ("Ikenson said"). */
static bool is_speech_verb(const struct text *t, size_t i)
{
    static const char *const verbs[] = {"said", "says", "told", "added", "noted", "warned",
                                        "stated", "argued", "wrote", "explained", "asked",
                                        "predicted", "declined", "stressed", "insisted", NULL};
    for (const char *const *v = verbs; *v; v++)
        if (i < t->ntok && text_tok_is(t, i, *v))
            return true;
    return false;
}

/* A title starts within a short appositive after the comma at c ("Chad Bown, a trade expert",
 * "Wang Chao-Ming, vice-chairman of"): the title's [first, end) or false. */
static bool appositive_title(const struct work *w, size_t c, size_t *tf, size_t *te)
{
    const struct text *t = w->t;
    if (!text_tok_is_char(t, c, ','))
        return false;
    for (size_t i = c + 1; i < t->ntok && i < c + 7; i++) {
        if (t->tok[i].kind == TOK_PUNCT && !text_tok_is_char(t, i, '-'))
            return false;
        size_t n;
        if (lexicon_match(w->lx->titles, t, i, t->ntok, &n)) {
            *tf = i;
            *te = i + n;
            return true;
        }
        if (t->tok[i].kind != TOK_WORD || (is_cap(t, i) && i > c + 1))
            return false;
    }
    return false;
}

/* A lower-case word that may qualify a title before it ("senior", "former", "oil"): no
 * article, possessive, preposition or verb. */
static bool is_modifier(const struct text *t, size_t i)
{
    static const char *const no[] = {"a", "an", "the", "of", "for", "at", "in", "on", "to",
                                     "with", "by", "from", "and", "or", "as", "who", "is",
                                     "was", "are", "were", "be", "has", "had", "have", "now",
                                     "also", "its", "his", "her", "their", "our", NULL};
    if (!is_word(t, i) || is_cap(t, i) || is_possessive(t, i))
        return false;
    for (const char *const *p = no; *p; p++)
        if (text_tok_is(t, i, *p))
            return false;
    return true;
}

/* Whether the title phrase at [first, end) names its office with "of/to X" (titles.tsv). */
static bool takes_complement(const struct work *w, size_t first, size_t end)
{
    size_t n;
    const struct lex_row *r = lexicon_match(w->lx->titles, w->t, first, end, &n);
    return r != NULL && strcmp(r->field[1], "of") == 0;
}

/* The number of capitalised words from i on. */
static size_t cap_run(const struct text *t, size_t i)
{
    size_t n = 0;
    while (is_cap(t, i + n))
        n++;
    return n;
}

/* After the capitalised words at i, a list goes on (", X", "and X", ", and X"). */
static bool list_goes_on(const struct text *t, size_t i)
{
    size_t k = i + cap_run(t, i);
    if (text_tok_is_char(t, k, ','))
        k++;
    return is_joiner(t, k) || (k > i && text_tok_is_char(t, k - 1, ',') && is_cap(t, k));
}

/* The office after a title that ends at e: "of/to [the] X and Y (XY)" with X, Y capitalised
 * ("Minister of Industry and Energy", "Ambassador to the World Trade Organization (WTO)"). *cend
 * gets the end of its words, the result is the token after it (past an acronym); both are e
 * when there is none. A country is no office ("Prime Minister of Japan"): *cend is e, the
 * result the token after the country. before_name when a name may follow it. */
static size_t complement(const struct work *w, size_t e, size_t *cend, bool before_name)
{
    const struct text *t = w->t;
    *cend = e;
    if (!(text_tok_is(t, e, "of") || text_tok_is(t, e, "to")))
        return e;
    size_t j = e + 1, k, n, last_item = 0;
    bool listed = false; /* a ", X" item was taken: ", and Y" may end the list */
    if (text_tok_is(t, j, "the"))
        j++;
    const struct lex_row *cr = lexicon_match(w->lx->countries, t, j, t->ntok, &n);
    if (cr != NULL && strcmp(cr->field[2], "demonym") != 0 && !is_hyphen_glue(t, j + n)) {
        /* "Prime Minister of Japan Taro Yamada"; but "of the China Institute for WTO
         * Studies" is a body, whose name runs on */
        size_t run = cap_run(t, j + n);
        bool name = run >= 2 && run <= 3;
        for (size_t q = j + n; name && q < j + n + run; q++)
            name = !actors_is_head(w, q, NULL) &&
                   (!actors_is_stop(w, q, true) || is_hyphen_glue(t, q + 1));
        if (name || run == 0)
            return run == 0 ? e : j + n;
    }
    for (k = j; k < t->ntok && k < j + 20;) {
        if (k > j && (is_cap(t, k - 1) || is_joiner(t, k - 1)) && is_cap(t, k + 1) &&
            (in_lex(w->lx->given, t, k) || in_lex(w->lx->surnames, t, k) ||
             lexicon_match(w->lx->persons, t, k, t->ntok, &n)) &&
            !(lexicon_match(w->lx->countries, t, k, t->ntok, &n) && n > 1))
            break; /* "Minister of Commerce Wang Li": the name follows the office */
        if (before_name && last_item && k == last_item + 1 && cap_run(t, k) == 2)
            break; /* "of Trade and Industry Hajime Tamura": a list ends with one word */
        size_t of = text_tok_is(t, k + 1, "the") ? k + 2 : k + 1;
        if (is_cap(t, k) && w->mark[k] != M_BLOCK && !actors_is_stop(w, k, false)) {
            k++;
        } else if (is_hyphen_glue(t, k) && is_word(t, k + 1) && is_cap(t, k + 2)) {
            k += 2; /* "the Beijing-based China Society" */
        } else if (is_joiner(t, k) && is_cap(t, k + 1)) {
            last_item = k + 1;
            k += 2;
        } else if (k > j && text_tok_is_char(t, k, ',') &&
                   ((is_cap(t, k + 1) && list_goes_on(t, k + 1)) ||
                    (listed && is_joiner(t, k + 1) && is_cap(t, k + 2)))) {
            listed = true; /* "Minister of Agriculture, Livestock, and Supply" */
            k++;
        } else if (k > j && (text_tok_is(t, k, "of") || text_tok_is(t, k, "for")) &&
                   is_cap(t, of) && !actors_is_stop(w, of, false)) {
            k = of; /* "President of the Indian Merchants Chambers of Commerce" */
        } else {
            break;
        }
    }
    if (k == j || is_hyphen_glue(t, k))
        return e; /* "president of Michigan-based automotive supplier X" names no office */
    *cend = k;
    if (text_tok_is_char(t, k, '(') && is_word(t, k + 1) && text_tok_is_char(t, k + 2, ')'))
        k += 3;
    return k;
}

/* The token (+1) after "of/for/at/with [the]" at i, where the body a person belongs to may be
 * named ("spokesman of the Ministry of Commerce"), else 0. */
static uint32_t affiliation_at(const struct text *t, size_t i)
{
    static const char *const preps[] = {"of", "for", "at", "with", "to", NULL};
    for (const char *const *p = preps; *p; p++)
        if (text_tok_is(t, i, *p)) {
            size_t j = text_tok_is(t, i + 1, "the") ? i + 2 : i + 1;
            if (is_possessive(t, j + 1))
                j += 2; /* "with China's Ministry of Commerce" */
            return is_cap(t, j) ? (uint32_t)j + 1 : 0;
        }
    return 0;
}

/* The token (+1) of the country in "of [the] COUNTRY" at i that says whose an office is
 * ("Prime Minister of Japan", ", Prime Minister of Sweden,"), else 0: a word after it makes
 * the country a qualifier ("director of the Japan office"). */
static uint32_t of_country(const struct work *w, size_t i)
{
    const struct text *t = w->t;
    size_t j = text_tok_is(t, i + 1, "the") ? i + 2 : i + 1, n;
    const struct lex_row *r = lexicon_match(w->lx->countries, t, j, t->ntok, &n);
    if (!text_tok_is(t, i, "of") || r == NULL || strcmp(r->field[2], "demonym") == 0 ||
        (is_word(t, j + n) && !is_cap(t, j + n)) || is_hyphen_glue(t, j + n))
        return 0;
    return (uint32_t)j + 1;
}

/* A surname of a person found so far. */
static bool is_known_surname(const struct work *w, size_t i)
{
    char *key = actors_span_key(w->t, 's', i, i + 1);
    int k = amap_get(&w->map, key, strlen(key));
    free(key);
    return k >= 0;
}

void actors_title_at(struct work *w, size_t i, size_t end)
{
    const struct text *t = w->t;
    size_t first = i;
    /* "External Affairs Minister", "Alberta Trade Minister": capitalised words before a
     * capitalised title are part of it; a country before it is not */
    while ((t->tok[i].flags & TOKF_CAP) && first > 0 && i - first < 5 &&
           w->mark[first - 1] == M_FREE && !(t->tok[first].flags & TOKF_NEWLINE) &&
           t->tok[first - 1].sentence == t->tok[i].sentence) {
        size_t p = first - 1;
        if (first < i && is_joiner(t, p) && p > 0 && w->mark[p - 1] == M_FREE &&
            !is_known_surname(w, p - 1))
            p--; /* "Agriculture and Livestock Development Minister", not "Byrd and House
                  * Speaker" */
        if (!is_cap(t, p) || actors_is_stop(w, p, false))
            break;
        first = p;
    }
    for (size_t j = first; j < end; j++)
        w->mark[j] = M_TITLE;
    size_t cend = end, next = end;
    if (takes_complement(w, i, end))
        next = complement(w, end, &cend, true);
    if (cend > end && text_tok_is_char(t, next, ','))
        next++; /* "Ambassador to the WTO, Zhang Xiangchen" */
    w->title_first = first;
    w->title_end = cend;
    w->title_next = next;
    /* "Chinese Ambassador", "China's Commerce Minister", "Commerce Ministry spokesman" */
    size_t b = first >= 2 && is_possessive(t, first - 1) ? first - 1 : first;
    bool same = b > 0 && t->tok[b - 1].sentence == t->tok[first].sentence &&
                !(t->tok[b].flags & TOKF_NEWLINE);
    w->title_hint[0] = same && w->mark[b - 1] == M_MENTION ? (uint32_t)b : 0;
    w->title_hint[1] = affiliation_at(t, end);
    if (w->title_hint[0] == 0 && cend == end)
        w->title_hint[0] = of_country(w, end); /* "Prime Minister of Japan X"; not "to" */
}

/* The words of a possible person name at i: capitalised words, initials ("J."), hyphenated
 * parts ("Chao-Ming"). Returns the end; *nwords gets the words (an initial counts half). */
static size_t name_words(const struct work *w, size_t i, size_t *nwords)
{
    const struct text *t = w->t;
    size_t j = i, words = 0;
    /* a stopword glued by a hyphen inside a name is a name part ("Ahn Jun-ho") */
    while (j < t->ntok && words < 8 && w->mark[j] == M_FREE && is_cap(t, j) &&
           (!actors_is_stop(w, j, true) || (j > i && is_hyphen_glue(t, j + 1))) &&
           !actors_is_head(w, j, NULL) && !in_lex(w->lx->media, t, j)) {
        if (j > i && (t->tok[j].flags & TOKF_NEWLINE))
            break;
        size_t n;
        if (j > i && (lexicon_match(w->lx->countries, t, j, t->ntok, &n) ||
                      lexicon_match(w->lx->orgs, t, j, t->ntok, &n) ||
                      lexicon_match(w->lx->titles, t, j, t->ntok, &n)))
            break;
        if (text_tok_len(t, j) == 1 && text_tok_is_char(t, j + 1, '.') &&
            !(t->tok[j + 1].flags & TOKF_SPACE)) {
            j += 2; /* an initial */
            words += 1;
            continue;
        }
        j++;
        while (is_hyphen_glue(t, j) && is_word(t, j + 1))
            j += 2;
        words += 2;
    }
    *nwords = words / 2;
    if (words % 2)
        (*nwords)++;
    return j;
}

static char *title_role(const struct work *w, size_t first, size_t end)
{
    return actors_span_text(w->t, first, end);
}

void actors_register_surnames(struct work *w, int k, size_t first, size_t end)
{
    const struct text *t = w->t;
    size_t last = end - 1;
    while (last > first && !is_word(t, last))
        last--;
    /* a hyphenated last part ("Chi-Cheng"): the surname is the first word of the name */
    bool hyphen_last = last > first && is_hyphen_glue(t, last - 1);
    if (!hyphen_last) {
        char *key = actors_span_key(t, 's', last, last + 1);
        amap_put(&w->map, key, strlen(key), k);
        free(key);
    }
    bool family_first = in_lex(w->lx->surnames, t, first) || hyphen_last ||
                        !in_lex(w->lx->given, t, first);
    if (family_first && text_tok_len(t, first) > 1) {
        char *key = actors_span_key(t, 's', first, first + 1);
        amap_put(&w->map, key, strlen(key), k);
        free(key);
    }
}

/* Keeps the first tokens (+1) seen whose actor may give a person's country. */
static void set_hints(struct wactor *a, uint32_t h0, uint32_t h1)
{
    if (a->hint[0] == 0 && a->hint[1] == 0) {
        a->hint[0] = h0;
        a->hint[1] = h1;
    }
}

/* A person mention of [first, end); role from a title just before it or given. */
int actors_person(struct work *w, char *key, const char *country, size_t first, size_t end,
                  char *role)
{
    size_t n;
    const struct lex_row *r = lexicon_match(w->lx->persons, w->t, first, end, &n);
    if ((country == NULL || country[0] == '\0') && r != NULL && n == end - first)
        country = r->field[1]; /* found by a pattern ("Leader Robert Byrd") but known */
    int k = actors_actor_for(w, key, ACTOR_PERSON, country);
    char *name = actors_span_text(w->t, first, end);
    actors_set_name(&w->act[k], name, end - first);
    free(name);
    if (role == NULL && w->title_next == first && w->title_end > w->title_first) {
        role = title_role(w, w->title_first, w->title_end);
        set_hints(&w->act[k], w->title_hint[0], w->title_hint[1]);
    }
    actors_set_role(&w->act[k], role);
    actors_add_mention(w, k, first, end);
    return k;
}

/* A capitalised sequence at i that is a person by its given name, a title, an appositive or a
 * speech verb. */
void actors_person_at(struct work *w, size_t i)
{
    const struct text *t = w->t;
    if (w->mark[i] != M_FREE || !is_cap(t, i) || (t->tok[i].flags & TOKF_UPPER))
        return;
    if (i > 0 && w->title_next != i && w->mark[i - 1] == M_FREE && is_cap(t, i - 1) &&
        !actors_is_stop(w, i - 1, true) && (t->tok[i].flags & TOKF_SPACE) &&
        t->tok[i - 1].sentence == t->tok[i].sentence)
        return; /* the run was refused as a whole from its start ("San Francisco Bay") */
    size_t nwords;
    size_t end = name_words(w, i, &nwords);
    if (end == i || nwords == 0)
        return;
    if (w->title_next > i && w->title_next + 1 < end && w->title_end > w->title_first) {
        /* "Minister of Agriculture, Livestock, and Supply Blairo Maggi": the title's office
         * ends where the name starts */
        size_t nw2;
        if (name_words(w, w->title_next, &nw2) == end && nw2 >= 2) {
            i = w->title_next;
            nwords = nw2;
        }
    }
    /* "Democratic Leader Robert Byrd", "of Commerce Wang Shouwen": the name starts at its
     * given name or family name */
    for (size_t j = i + 1; j + 1 < end; j++) {
        if (!is_word(t, j) || (t->tok[j - 1].kind != TOK_WORD) || is_hyphen_glue(t, j - 1))
            continue;
        if (in_lex(w->lx->given, t, j) || in_lex(w->lx->surnames, t, j)) {
            if (in_lex(w->lx->given, t, i) || in_lex(w->lx->surnames, t, i))
                break;
            size_t nw2;
            size_t e2 = name_words(w, j, &nw2);
            if (nw2 >= 2 && e2 == end) {
                i = j;
                nwords = nw2;
            }
            break;
        }
    }
    bool titled = w->title_next == i && w->title_end > w->title_first;
    bool cap_title = titled && (t->tok[w->title_first].flags & TOKF_CAP);
    size_t tf = 0, te = 0;
    bool ok = false;
    char *role = NULL;
    if (nwords >= 2 && (in_lex(w->lx->given, t, i) || in_lex(w->lx->surnames, t, i)))
        ok = true;
    if ((nwords >= 2 && titled) || (nwords == 1 && cap_title))
        ok = true;
    uint32_t hint[2] = {0, 0};
    if (nwords >= 2 && appositive_title(w, end, &tf, &te)) {
        ok = true;
        /* ", a senior researcher at", ", Japan's trade minister,": words before the title
         * qualify it, a country there says whose; an office after it is part of it */
        size_t first = tf;
        while (first > end + 1 && tf - first < 2 && is_modifier(t, first - 1))
            first--;
        size_t cend = te;
        if (takes_complement(w, tf, te))
            complement(w, te, &cend, false);
        role = title_role(w, first, cend);
        hint[0] = is_cap(t, end + 1) && end + 1 < tf ? (uint32_t)end + 2 : 0;
        hint[1] = affiliation_at(t, te);
        if (hint[0] == 0 && cend == te)
            hint[0] = of_country(w, te); /* ", Prime Minister of Sweden," */
    }
    if (nwords >= 2 && (is_speech_verb(t, end) || (i > 0 && is_speech_verb(t, i - 1))))
        ok = true;
    if (!ok) {
        free(role);
        return;
    }
    if (nwords == 1) {
        /* "President Xi", "Chairman Xi": the surname of someone already found, if any */
        char *key = actors_span_key(t, 's', i, end);
        int k = amap_get(&w->map, key, strlen(key));
        free(key);
        if (k >= 0) {
            actors_set_role(&w->act[k], title_role(w, w->title_first, w->title_end));
            actors_add_mention(w, k, i, end);
            free(role);
            return;
        }
    }
    int k = actors_person(w, actors_span_key(t, 'p', i, end), NULL, i, end, role);
    set_hints(&w->act[k], hint[0], hint[1]);
    actors_register_surnames(w, k, i, end);
}
