/* actors_orgs.c - pass A of the actors stage: organisation names found by their head word
 * ("Cato Institute", "Ministry of Commerce", "Alcoma Packing Co, Inc"), and the mentions,
 * keys, initials and acronyms of organisations. */
#include "actors_int.h"

#include <stdlib.h>
#include <string.h>

#include "mem.h"

/* The kind of the organisation head word at i ("" for a plain head), or NULL. */
static const char *head_kind(const struct work *w, size_t i)
{
    size_t n;
    const struct lex_row *r = lexicon_match(w->lx->heads, w->t, i, i + 1, &n);
    return r != NULL && is_cap(w->t, i) ? r->field[1] : NULL;
}

bool actors_is_head(const struct work *w, size_t i, bool *company)
{
    const char *kind = head_kind(w, i);
    if (kind == NULL)
        return false;
    if (company)
        *company = strcmp(kind, "company") == 0;
    return true;
}

/* The third column of the head word at i ("campus"), or "". */
static const char *head_flag(const struct work *w, size_t i)
{
    size_t n;
    const struct lex_row *r = lexicon_match(w->lx->heads, w->t, i, i + 1, &n);
    return r != NULL ? r->field[2] : "";
}

/* A head word that the name of a body to its right may not run over. */
static bool is_strong_head(const struct work *w, size_t i)
{
    const char *kind = head_kind(w, i);
    return kind != NULL && strcmp(kind, "weak") != 0;
}

/* A word that may stand inside an organisation's name. */
static bool org_word(const struct work *w, size_t i)
{
    const struct text *t = w->t;
    if (!is_cap(t, i) || w->mark[i] != M_FREE || actors_is_stop(w, i, false))
        return false;
    if ((t->tok[i].flags & TOKF_UPPER) && text_tok_len(t, i) > 5)
        return false; /* an all-caps subhead, not an acronym */
    size_t n;
    if (lexicon_match(w->lx->titles, t, i, t->ntok, &n) && n == 1 && is_cap(t, i + 1) &&
        !actors_is_head(w, i + 1, NULL) && !actors_is_head(w, i, NULL))
        return false; /* "Department of Energy Secretary John Herrington": a title, a name */
    return lexicon_match(w->lx->media, t, i, i + 1, &n) == NULL;
}

/* Token i ends the name of a body, country or known person of its own ("Congress and Canadian
 * Parliament", "Donald Trump and European Commission President"). */
static bool names_body(const struct work *w, size_t i)
{
    size_t n;
    return in_lex(w->lx->orgs, w->t, i) || lexicon_match(w->lx->countries, w->t, i, i + 1, &n) ||
           (is_cap(w->t, i) && in_lex(w->lx->solo, w->t, i));
}

/* A chamber whose committees are named after it ("Senate Finance Committee"). */
static bool is_chamber(const struct text *t, size_t i)
{
    static const char *const words[] = {"House", "Senate", "Congressional", "Joint",
                                        "Parliamentary", NULL};
    for (const char *const *p = words; *p; p++)
        if (text_tok_is(t, i, *p))
            return true;
    return false;
}

/* The first token of a committee's name that starts at a chamber ("House Ways and Means
 * Trade Subcommittee", "Senate Banking, Housing and Urban Affairs Committee"), or h. Between
 * the chamber and a committee head, "and" and commas are part of the name. */
static size_t committee_left(const struct work *w, size_t h, size_t floor)
{
    const struct text *t = w->t;
    if (strcmp(head_flag(w, h), "committee") != 0)
        return h;
    for (size_t p = h; p > floor && p + 12 > h;) {
        p--;
        if (is_chamber(t, p) && w->mark[p] == M_FREE)
            return p + 1 < h ? p : h;
        bool sep = is_joiner(t, p) || text_tok_is_char(t, p, ',');
        if (sep ? !org_word(w, p + 1) : !org_word(w, p) || is_strong_head(w, p))
            break;
    }
    return h;
}

/* Extends from the head at h to the left over capitalised words; the first token. */
static size_t org_left(const struct work *w, size_t h, size_t floor)
{
    const struct text *t = w->t;
    size_t first = committee_left(w, h, floor);
    while (first > floor) {
        size_t p = first - 1;
        if (org_word(w, p) && (!is_strong_head(w, p) || p + 1 == h)) {
            first = p;
        } else if ((is_hyphen_glue(t, p) || (is_joiner(t, p) && h - first == 1 &&
                                              !names_body(w, p - 1))) &&
                   p > floor && org_word(w, p - 1) && !is_strong_head(w, p - 1)) {
            /* "and" only with one word before the head: "Information Technology and
             * Innovation Foundation", but not "the U.S. Congress and Canadian Parliament" */
            first = p - 1;
        } else if (is_cap(t, p) && w->mark[p] == M_FREE && p > floor && org_word(w, p - 1) &&
                   !(t->tok[p - 1].flags & TOKF_UPPER) && !text_tok_is(t, p, "The") &&
                   t->tok[p - 1].sentence == t->tok[p].sentence && text_tok_len(t, p) <= 3) {
            first = p - 1; /* a short capitalised function word inside a name: "Ping An" */
        } else if (text_tok_is_char(t, p, '\'') || text_tok_is_char(t, p, 0x2019)) {
            /* "Korea Traders' Association": a plural possessive inside the name */
            if (p > floor && org_word(w, p - 1) && !actors_is_head(w, p - 1, NULL) &&
                t->s[t->tok[p - 1].end - 1] == 's')
                first = p - 1;
            else
                break;
        } else {
            break;
        }
        if (h - first > 10)
            break;
    }
    return first;
}

/* The end of "at Omaha" after a university's name at end ("University of Nebraska at
 * Omaha"), or end: a campus is part of the name, a lower-case word after "at" is not. */
static size_t campus_right(const struct work *w, size_t h, size_t end)
{
    const struct text *t = w->t;
    if (strcmp(head_flag(w, h), "campus") != 0 || !text_tok_is(t, end, "at"))
        return end;
    size_t k = end + 1, words = 0;
    while (words < 3 && org_word(w, k) && !actors_is_head(w, k, NULL)) {
        k++;
        words++;
        while (is_hyphen_glue(t, k) && is_cap(t, k + 1))
            k += 2; /* "Urbana-Champaign" */
    }
    return words > 0 && !is_cap(t, k) ? k : end;
}

/* Extends from the head at h to the right: ", Inc" after a company, then "of/for/on [the] X Y
 * and Z" chains, then a campus. The end; nf and ne get a body named inside the chain ("of the
 * State Council"), else both 0. */
static size_t org_right(const struct work *w, size_t h, bool company, size_t *nf, size_t *ne)
{
    const struct text *t = w->t;
    size_t end = h + 1;
    bool more = false;
    *nf = *ne = 0;
    if (company && text_tok_is_char(t, end, ',') && actors_is_head(w, end + 1, &more) && more)
        end += 2;
    while (company && actors_is_head(w, end, &more) && more)
        end++; /* "BYD Co Ltd" */
    for (;;) {
        size_t j = end;
        bool of = text_tok_is(t, j, "of");
        if (!(of || text_tok_is(t, j, "for") || text_tok_is(t, j, "on")))
            break;
        j++;
        if (text_tok_is(t, j, "the"))
            j++;
        size_t n;
        const struct lex_row *cr = lexicon_match(w->lx->countries, t, j, t->ntok, &n);
        if (of && cr != NULL && n > 1 && strcmp(cr->field[2], "demonym") != 0 &&
            !is_cap(t, j + n)) {
            end = j + n; /* "of the People's Republic of China" is one country */
            continue;
        }
        if (!org_word(w, j))
            break;
        size_t k = j;
        bool body = false;
        while (k < t->ntok && k < j + 8) {
            if (k > j && is_cap(t, k + 1) &&
                (in_lex(w->lx->given, t, k) || in_lex(w->lx->surnames, t, k)) &&
                !(lexicon_match(w->lx->countries, t, k, t->ntok, &n) && n > 1))
                break; /* "Ministry of Commerce Gao Feng": a name follows the body */
            if (org_word(w, k)) {
                const char *kind = head_kind(w, k);
                body |= kind != NULL && strcmp(kind, "institution") == 0;
                k++;
            } else if ((is_joiner(t, k) || is_hyphen_glue(t, k)) && org_word(w, k + 1) &&
                       !actors_is_head(w, k + 1, NULL)) {
                k += 2;
            } else if (text_tok_is_char(t, k, ',') && org_word(w, k + 1) && k + 3 < t->ntok &&
                       is_joiner(t, k + 2) && org_word(w, k + 3)) {
                k += 2; /* "Ministry of Agriculture, Forestry and Fisheries" */
            } else {
                break;
            }
        }
        if (body && !of)
            break;
        if (body && *nf == 0)
            *nf = j; /* "Commission of the State Council": one name, with a body inside */
        end = k;
    }
    if (*nf)
        *ne = end; /* "Office of the Shanghai Municipal Commission of Commerce" */
    return campus_right(w, h, end);
}

void actors_find_org_patterns(struct work *w)
{
    const struct text *t = w->t;
    size_t floor = 0; /* end of the last span: spans never overlap */
    for (size_t h = 0; h < t->ntok; h++) {
        bool company = false;
        if (w->mark[h] != M_FREE || !actors_is_head(w, h, &company))
            continue;
        if (!is_strong_head(w, h) && org_word(w, h + 1))
            continue; /* "Asia Society Policy Institute": the name goes on */
        bool next_company = true;
        if (!company && actors_is_head(w, h + 1, &next_company) && !next_company)
            continue; /* "Legal Service Department": the last head ends the name */
        size_t first = org_left(w, h, floor);
        size_t nf, ne;
        size_t end = org_right(w, h, company, &nf, &ne);
        if (end - first < 2)
            continue;
        size_t n, c = first;
        while (c < h && lexicon_match(w->lx->countries, t, c, h, &n))
            c += n;
        if (c == h && end == h + 1 && company)
            continue; /* "U.S. Products", "Japanese Industries": no name */
        w->org_end[first] = (uint32_t)end;
        w->org_inner[first] = (uint32_t)nf;
        w->org_inner_end[first] = (uint32_t)ne;
        floor = end;
        h = end - 1;
    }
}

/* The country code that an organisation's prefix or a possessive before it gives. */
static const char *org_country(const struct work *w, size_t first, size_t *skip)
{
    const struct text *t = w->t;
    size_t n;
    const struct lex_row *r = lexicon_match(w->lx->countries, t, first, t->ntok, &n);
    *skip = 0;
    if (r != NULL && strcmp(r->field[2], "capital") != 0) {
        *skip = n;
        return r->field[1];
    }
    if (first >= 2 && is_possessive(t, first - 1) && w->who[first - 2] >= 0 &&
        w->act[w->who[first - 2]].type == ACTOR_COUNTRY)
        return w->act[w->who[first - 2]].country;
    return "";
}

/* The country an organisation's name ends with ("Economic Planning Agency of Japan") or that
 * follows it as its seat ("Department of Trade and Industry in London"), or "". */
static const char *org_country_after(const struct work *w, size_t first, size_t end)
{
    const struct text *t = w->t;
    size_t n;
    for (size_t j = first + 1; j + 1 < end; j++) {
        if (!text_tok_is(t, j, "of"))
            continue;
        size_t c = text_tok_is(t, j + 1, "the") ? j + 2 : j + 1;
        const struct lex_row *r = lexicon_match(w->lx->countries, t, c, end, &n);
        if (r != NULL && c + n == end && strcmp(r->field[2], "demonym") != 0)
            return r->field[1];
    }
    const struct lex_row *r = lexicon_match(w->lx->countries, t, end + 1, t->ntok, &n);
    if (text_tok_is(t, end, "in") && r != NULL && strcmp(r->field[2], "demonym") != 0 &&
        !is_cap(t, end + 1 + n))
        return r->field[1];
    return "";
}

/* The key of an organisation: lower case, "Ministry of X" and "X Ministry" made one. */
static char *org_key(const char *name)
{
    char *k = actors_lower_key('o', name);
    static const char *const swap[] = {"o:ministry of ", "o:department of ", NULL};
    for (const char *const *s = swap; *s; s++) {
        size_t n = strlen(*s);
        if (strncmp(k, *s, n) == 0 && strstr(k + n, " of ") == NULL) {
            const char *head = strchr(*s + 2, ' ');
            char *swapped = xasprintf("o:%s %.*s", k + n, (int)(head - (*s + 2)), *s + 2);
            free(k);
            return swapped;
        }
    }
    return k;
}

/* Initials of the capitalised words of [first, end): "American Farm Bureau Federation" AFBF. */
static void register_initials(struct work *w, int k, size_t first, size_t end)
{
    const struct text *t = w->t;
    char buf[16];
    size_t n = 0;
    for (size_t i = first; i < end && n + 1 < sizeof buf; i++)
        if (is_cap(t, i))
            buf[n++] = text_tok_ptr(t, i)[0];
    if (n < 2)
        return;
    buf[n] = '\0';
    char *key = actors_lower_key('a', buf);
    amap_put(&w->map, key, strlen(key), k);
    free(key);
}

/* An acronym token: two or more capitals, no more than ten bytes ("MOFCOM", "DoD"). */
static bool is_acronym(const struct text *t, size_t i)
{
    if (!is_word(t, i) || text_tok_len(t, i) > 10 || !(t->tok[i].flags & TOKF_CAP))
        return false;
    size_t upper = 0;
    const char *s = text_tok_ptr(t, i);
    for (size_t j = 0; j < text_tok_len(t, i); j++)
        upper += s[j] >= 'A' && s[j] <= 'Z';
    return upper >= 2;
}

/* "World Trade Organization (WTO)", "Coffee Marketing Board, CMB,": the acronym becomes a
 * mention of the organisation k ending at end. */
static void org_acronym(struct work *w, int k, size_t end)
{
    const struct text *t = w->t;
    if (end + 2 >= t->ntok || w->mark[end + 1] != M_FREE)
        return;
    bool paren = text_tok_is_char(t, end, '(') && text_tok_is_char(t, end + 2, ')');
    bool comma = text_tok_is_char(t, end, ',') && (t->tok[end + 1].flags & TOKF_UPPER) &&
                 (text_tok_is_char(t, end + 2, ',') || text_tok_is_char(t, end + 2, ')'));
    bool cap_word = is_cap(t, end + 1) && !actors_is_stop(w, end + 1, true) &&
                    !in_lex(w->lx->countries, t, end + 1) && !actors_is_head(w, end + 1, NULL);
    if (!(paren && (is_acronym(t, end + 1) || cap_word)) && !comma)
        return;
    char *key = actors_span_key(t, 'a', end + 1, end + 2);
    amap_put(&w->map, key, strlen(key), k);
    free(key);
    actors_add_mention(w, k, end + 1, end + 2);
}

static int organization(struct work *w, char *key, const char *country, size_t first,
                        size_t end)
{
    int k = actors_actor_for(w, key, ACTOR_ORGANIZATION, country);
    char *name = actors_span_text(w->t, first, end);
    actors_set_name(&w->act[k], name, strlen(name));
    free(name);
    actors_add_mention(w, k, first, end);
    return k;
}

/* The body named inside organisation k's name at [first, end) ("State Council" in "Customs
 * Tariff Commission of the State Council"): an actor of its own, whose country k inherits. */
static void inner_body(struct work *w, int k, size_t first, size_t end)
{
    const struct text *t = w->t;
    size_t n, skip;
    const char *country = org_country(w, first, &skip);
    const struct lex_row *r = lexicon_match(w->lx->orgs, t, first, end, &n);
    char *key;
    if (r != NULL && n == end - first && strcmp(r->field[3], "after") != 0) {
        key = org_key(r->field[2][0] ? r->field[2] : r->field[0]);
        country = r->field[1];
    } else {
        char *core = actors_span_text(t, first + skip < end ? first + skip : first, end);
        key = org_key(core);
        free(core);
    }
    int ki = actors_actor_for(w, key, ACTOR_ORGANIZATION, country);
    char *name = actors_span_text(t, first, end);
    actors_set_name(&w->act[ki], name, strlen(name));
    free(name);
    if (w->act[k].country[0] == '\0')
        memcpy(w->act[k].country, w->act[ki].country, 3);
    actors_add_nested(w, ki, first, end);
}

/* An organisation mention of [i, end): from the lexicon row, or from a pattern when row is
 * NULL. */
void actors_org_at(struct work *w, size_t i, size_t end, const struct lex_row *row)
{
    const struct text *t = w->t;
    size_t skip = 0;
    const char *country = org_country(w, i, &skip);
    char *key;
    if (row != NULL) {
        key = org_key(row->field[2][0] ? row->field[2] : row->field[0]);
        if (row->field[1][0])
            country = row->field[1];
    } else {
        size_t cend = end;
        bool company = false;
        while (cend > i + skip + 1 && (actors_is_head(w, cend - 1, &company) && company &&
                                       text_tok_len(t, cend - 1) <= 4))
            cend--; /* "Fujitsu Ltd" is Fujitsu */
        while (cend > i + skip + 1 && text_tok_is_char(t, cend - 1, ','))
            cend--;
        char *core = actors_span_text(t, i + skip < end ? i + skip : i, cend);
        key = org_key(core);
        free(core);
    }
    if (country[0] == '\0')
        country = org_country_after(w, i, end);
    size_t nf = row == NULL ? w->org_inner[i] : 0;
    /* the end of a shorter name the body also goes by: before "of the" a body it belongs to,
     * or before the last of two heads ("American Farm Bureau Federation", "Farm Bureau") */
    size_t of = nf != 0 ? (text_tok_is(t, nf - 1, "the") ? nf - 2 : nf - 1) : 0;
    bool company = false;
    if (row == NULL && nf == 0 && end - i > 2 && actors_is_head(w, end - 2, &company) &&
        !company && actors_is_head(w, end - 1, &company) && !company)
        of = end - 1;
    char *pkey = NULL;
    if (of >= i + skip + 2) {
        /* "Customs Tariff Commission of the State Council": "the Customs Tariff Commission"
         * before or after is the same body, so both keys name one actor */
        char *part = actors_span_text(t, i + skip, of);
        pkey = org_key(part);
        free(part);
        int k0 = amap_get(&w->map, pkey, strlen(pkey));
        if (k0 >= 0 && w->act[k0].type == ACTOR_ORGANIZATION)
            amap_put(&w->map, key, strlen(key), k0);
    }
    int k = organization(w, key, country, i, end);
    if (pkey != NULL)
        amap_put(&w->map, pkey, strlen(pkey), k);
    free(pkey);
    if (nf != 0)
        inner_body(w, k, nf, w->org_inner_end[i]);
    /* "Ministry of Commerce", "Commerce Ministry", "House of Commons": whose, the dateline
     * says when the name does not */
    w->act[k].national |= row != NULL ? strcmp(row->field[1], "*") == 0
                                      : strcmp(head_flag(w, i + skip), "national") == 0 ||
                                            strcmp(head_flag(w, end - 1), "national") == 0 ||
                                            is_chamber(t, i + skip);
    register_initials(w, k, i, end);
    register_initials(w, k, i + skip, end);
    if (row == NULL && is_chamber(t, i + skip) && end - i - skip > 2 &&
        strcmp(head_flag(w, end - 1), "committee") == 0) {
        /* "the Trade Subcommittee", "the Finance Committee" after the full name */
        const size_t from[2] = {i + skip + 1, end - 2};
        for (size_t m = 0; m < 2; m++) {
            char *part = actors_span_text(t, from[m], end);
            char *ckey = org_key(part);
            amap_put(&w->map, ckey, strlen(ckey), k);
            free(part);
            free(ckey);
        }
    }
    if (end - i - skip == 2 && text_tok_is(t, end - 1, "Department")) {
        /* "Commerce Department" is also just "Commerce" in later copy */
        char *alias = actors_span_key(t, 'a', i + skip, i + skip + 1);
        amap_put(&w->map, alias, strlen(alias), k);
        free(alias);
    }
    org_acronym(w, k, end);
}
