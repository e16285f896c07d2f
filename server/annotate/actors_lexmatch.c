/* actors_lexmatch.c - pass B of the actors stage, lexicon side: at each free token the longest
 * phrase of the lexicons (media, places, persons, countries, organisations, titles) or of an
 * organisation pattern wins; countries are told apart from money and places. */
#include "actors_int.h"

#include <stdlib.h>
#include <string.h>

/* "talks in Geneva, Switzerland, on Monday": a country after a place is where, not who; but
 * "In Washington, U.S. officials said" names the country. */
static bool after_place(const struct work *w, size_t i, size_t end)
{
    const struct text *t = w->t;
    if (i < 3 || !text_tok_is_char(t, i - 1, ',') || !is_cap(t, i - 2) ||
        w->mark[i - 2] == M_MENTION)
        return false;
    static const char *const next[] = {"on", "in", "at", "last", "this", "next", "earlier", NULL};
    bool ends = end >= t->ntok || (t->tok[end].kind == TOK_PUNCT && !is_hyphen_glue(t, end));
    for (const char *const *p = next; *p && !ends; p++)
        ends = text_tok_is(t, end, *p);
    if (!ends)
        return false;
    static const char *const preps[] = {"in", "at", "from", "to", "near", "outside", "of", NULL};
    for (size_t j = i - 2; j > 0 && j + 6 > i; j--) {
        if (is_cap(t, j) || is_hyphen_glue(t, j))
            continue;
        for (const char *const *p = preps; *p; p++)
            if (text_tok_is(t, j, *p))
                return true;
        return false;
    }
    return false;
}

/* A currency word after a country ("U.S. dollars"); the ones that are also verbs ("Japan won")
 * only after a demonym ("South Korean won"). */
static bool is_currency(const struct text *t, size_t i, bool demonym)
{
    if (demonym && i < t->ntok &&
        (text_tok_is(t, i, "won") || text_tok_is(t, i, "mark") || text_tok_is(t, i, "marks")))
        return true;
    static const char *const words[] = {
        "dollar", "dollars", "dlr", "dlrs", "cents", "yen", "yuan", "renminbi", "franc",
        "francs", "pound", "pounds", "sterling", "peso", "pesos", "rupee",
        "rupees", "ringgit", "baht", "lira", "rand", "guilders", "crowns", "currency", NULL};
    for (const char *const *p = words; *p; p++)
        if (i < t->ntok && text_tok_is_ci(t, i, *p))
            return true;
    return false;
}

static bool is_gov_word(const struct text *t, size_t i)
{
    return i < t->ntok && (text_tok_is_ci(t, i, "administration") ||
                           text_tok_is_ci(t, i, "government"));
}

static int country_actor(struct work *w, const struct lex_row *r)
{
    char *key = actors_lower_key('c', r->field[1][0] ? r->field[1] : r->field[3]);
    int k = actors_actor_for(w, key, ACTOR_COUNTRY, r->field[1]);
    /* the name the body spells out wins ("European Community" over "EC"), then the name an
     * abbreviation stands for, then the one a demonym or capital gives */
    size_t rank = strcmp(r->field[0], r->field[3]) == 0 ? 3
                  : strcmp(r->field[2], "alt") == 0 || strcmp(r->field[2], "name") == 0 ? 2
                                                                                        : 1;
    actors_set_name(&w->act[k], r->field[3], rank);
    return k;
}

/* A capital used as a place: "left for Washington", "talks in London". */
static bool capital_is_place(const struct text *t, size_t i, size_t end)
{
    static const char *const before[] = {
        "in", "to", "from", "for", "at", "via", "into", "near", "outside", "around", "toward",
        "towards", "across", "visit", "visited", "visiting", "visits", "reached", "left",
        "leaving", "arrived", "returned", "flew", "travel", "travelled", "traveled", NULL};
    if (is_possessive(t, end))
        return false; /* "in Peking's application" */
    static const char *const after[] = {"embassy", "consulate", "office", "bureau", "branch",
                                        "headquarters", "area", "airport", "correspondent",
                                        "time", "suburb", "suburbs", NULL};
    for (const char *const *p = after; *p; p++)
        if (end < t->ntok && text_tok_is(t, end, *p))
            return true;
    if (i > 0)
        for (const char *const *p = before; *p; p++)
            if (text_tok_is_ci(t, i - 1, *p))
                return true;
    if (end < t->ntok && (text_tok_is(t, end, "D.C.") || text_tok_is(t, end, "DC") ||
                          text_tok_is(t, end, "state")))
        return true;
    static const char *const gov[] = {"government", "administration", "officials", "authorities",
                                      "leadership", "regime", "leaders", NULL};
    static const char *const verbs[] = {"said", "says", "would", "will", "has", "had", "is",
                                        "was", "could", "should", "may", "might", "must", "can",
                                        "did", "does", NULL};
    for (const char *const *p = verbs; *p; p++)
        if (end < t->ntok && text_tok_is(t, end, *p))
            return false;
    if (i > 0 && text_tok_is_ci(t, i - 1, "the") && is_word(t, end) && !is_cap(t, end)) {
        /* "the London coffee talks" is a place; "the Beijing leadership" the government */
        for (const char *const *p = gov; *p; p++)
            if (text_tok_is(t, end, *p))
                return false;
        return true;
    }
    return end + 1 < t->ntok && is_hyphen_glue(t, end) && text_tok_is_ci(t, end + 1, "based");
}

/* An organisation row marked "after" ("House", "Commons") is a short form that names the
 * body only once its full name was seen. */
static bool org_row_applies(const struct work *w, const struct lex_row *r)
{
    if (strcmp(r->field[3], "after") != 0)
        return true;
    char *key = actors_lower_key('o', r->field[2]);
    int k = amap_get(&w->map, key, strlen(key));
    free(key);
    return k >= 0;
}

enum cand { C_NONE, C_MEDIA, C_TITLE, C_COUNTRY, C_PERSON, C_SOLO, C_ORG, C_PATTERN };

void actors_match_at(struct work *w, size_t i)
{
    const struct text *t = w->t;
    const struct actors_lex *lx = w->lx;
    size_t n, best = 0;
    enum cand c = C_NONE;
    const struct lex_row *row = NULL, *r;
    /* longest wins; on a tie the earlier kind in this list */
    if ((r = lexicon_match(lx->media, t, i, t->ntok, &n)) && n > best)
        best = n, c = C_MEDIA, row = r;
    if ((r = lexicon_match(lx->places, t, i, t->ntok, &n)) && n > best)
        best = n, c = C_MEDIA, row = r; /* skipped the same way */
    if ((r = lexicon_match(lx->persons, t, i, t->ntok, &n)) && n > best)
        best = n, c = C_PERSON, row = r;
    if ((r = lexicon_match(lx->countries, t, i, t->ntok, &n)) && n > best)
        best = n, c = C_COUNTRY, row = r;
    if ((r = lexicon_match(lx->orgs, t, i, t->ntok, &n)) && n > best && org_row_applies(w, r))
        best = n, c = C_ORG, row = r;
    /* "the council for economic planning and development": a long name in lower case is no
     * common phrase */
    if (c != C_ORG && (r = lexicon_match(lx->orgs_ci, t, i, t->ntok, &n)) && n >= 4 &&
        n > best && org_row_applies(w, r))
        best = n, c = C_ORG, row = r;
    if (w->org_end[i] && w->org_end[i] - i > best)
        best = w->org_end[i] - i, c = C_PATTERN, row = NULL;
    if (is_cap(t, i) && (r = lexicon_match(lx->solo, t, i, t->ntok, &n)) && n > best)
        best = n, c = C_SOLO, row = r;
    /* "Dean Kleckner" is a name, not the title dean */
    if ((r = lexicon_match(lx->titles, t, i, t->ntok, &n)) && n > best &&
        !(in_lex(lx->given, t, i) && is_cap(t, i + 1)))
        best = n, c = C_TITLE, row = r;
    for (size_t j = i; j < i + best; j++)
        if (w->mark[j] != M_FREE)
            return; /* runs into a decided token */
    size_t end = i + best;
    switch (c) {
    case C_NONE:
        break;
    case C_MEDIA:
        actors_block(w, i, end);
        if (end < t->ntok && is_possessive(t, end))
            actors_block(w, end, end + 1);
        break;
    case C_TITLE:
        actors_title_at(w, i, end);
        break;
    case C_COUNTRY: {
        if (strcmp(row->field[2], "capital") == 0 && capital_is_place(t, i, end)) {
            actors_block(w, i, end);
            break;
        }
        if (is_currency(t, end, strcmp(row->field[2], "demonym") == 0) ||
            after_place(w, i, end)) {
            actors_block(w, i, end); /* "U.S. dollars", "Hong Kong dlrs": money, not the country */
            break;
        }
        if (w->soviet && strcmp(row->field[1], "RU") == 0 &&
            strcmp(row->field[2], "demonym") != 0 && strcmp(row->field[2], "name") != 0) {
            int si = amap_get(&lx->country_name, "SU", 2);
            if (si >= 0)
                row = lexicon_row(lx->countries, (size_t)si);
        }
        int k = country_actor(w, row);
        /* "European" alone is the continent ("European grain"), the bloc only beside it */
        if (!(strcmp(row->field[1], "EU") == 0 && strcmp(row->field[2], "demonym") == 0))
            w->act[k].strong = true;
        if (is_gov_word(t, end))
            end++;
        actors_add_mention(w, k, i, end);
        break;
    }
    case C_PERSON:
    case C_SOLO: {
        const struct lex_row *p = row;
        if (c == C_SOLO)
            p = lexicon_get(lx->persons, row->field[1]);
        if (p == NULL)
            break;
        if (is_gov_word(t, end) && p->field[1][0]) {
            /* "the Trump administration" is the United States */
            int ci = amap_get(&lx->country_name, p->field[1], strlen(p->field[1]));
            const struct lex_row *cr = ci >= 0 ? lexicon_row(lx->countries, (size_t)ci) : NULL;
            if (cr != NULL) {
                int k = country_actor(w, cr);
                w->act[k].strong = true;
                actors_add_mention(w, k, i, end + 1);
                break;
            }
        }
        int k = actors_person(w, actors_lower_key('p', p->field[0]), p->field[1], i, end, NULL);
        actors_register_surnames(w, k, i, end);
        break;
    }
    case C_ORG:
        actors_org_at(w, i, end, row);
        break;
    case C_PATTERN:
        actors_org_at(w, i, end, NULL);
        break;
    }
}
