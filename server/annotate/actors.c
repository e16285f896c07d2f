/* actors.c - finds the actors of one body (see actors.h for the order of the passes).
 *
 * Every pass walks the tokens once; per-token arrays (mark, who, org_end) carry what a pass
 * decided to the next, and hash maps (actors_map.h) give O(1) look-ups of actors by key,
 * surname and acronym, so the whole stage is linear in the number of tokens.
 */
#include "actors.h"

#include <stdlib.h>
#include <string.h>

#include "actors_map.h"
#include "lexicon.h"
#include "mem.h"

#define LEXDIR "server/annotate/lexicons/"

struct actors_lex {
    struct lexicon *countries; /* phrase, code, kind, short name */
    struct lexicon *persons;   /* full name, country, role, solo forms */
    struct lexicon *solo;      /* solo form, full name (built from persons.tsv) */
    struct lexicon *orgs;      /* phrase, country, canonical name */
    struct lexicon *media;
    struct lexicon *places; /* phrases that hide a country name ("Latin America") */
    struct lexicon *titles; /* case folded */
    struct lexicon *given;
    struct lexicon *surnames;
    struct lexicon *heads; /* word, "company" */
    struct lexicon *stop;  /* word, "person" when it may stand in an organisation's name */
    struct amap country_name; /* code -> index of its "name" row in countries */
};

struct actors_lex *actors_lex_new(void)
{
    struct actors_lex *lx = xcalloc(1, sizeof *lx);
    lx->countries = lexicon_load_embedded(LEXDIR "countries.tsv", 0);
    lx->persons = lexicon_load_embedded(LEXDIR "persons.tsv", 0);
    lx->orgs = lexicon_load_embedded(LEXDIR "organizations.tsv", 0);
    lx->media = lexicon_load_embedded(LEXDIR "media.tsv", 0);
    lx->places = lexicon_load_embedded(LEXDIR "actors_places.tsv", 0);
    lx->titles = lexicon_load_embedded(LEXDIR "titles.tsv", LEX_FOLD_CASE);
    lx->given = lexicon_load_embedded(LEXDIR "given_names.tsv", 0);
    lx->surnames = lexicon_load_embedded(LEXDIR "actors_surnames.tsv", 0);
    lx->heads = lexicon_load_embedded(LEXDIR "actors_org_heads.tsv", 0);
    lx->stop = lexicon_load_embedded(LEXDIR "actors_stopwords.tsv", 0);
    /* solo forms ("Trump") become a lexicon of their own: "solo<TAB>full name" rows */
    char *tsv = NULL;
    size_t len = 0, cap = 0;
    for (size_t i = 0; i < lexicon_size(lx->persons); i++) {
        const struct lex_row *r = lexicon_row(lx->persons, i);
        const char *p = r->field[3];
        while (*p) {
            size_t n = strcspn(p, ",");
            size_t need = len + n + strlen(r->field[0]) + 3;
            void *v = tsv;
            xgrow(&v, &cap, need, 1);
            tsv = v;
            memcpy(tsv + len, p, n);
            len += n;
            tsv[len++] = '\t';
            memcpy(tsv + len, r->field[0], strlen(r->field[0]));
            len += strlen(r->field[0]);
            tsv[len++] = '\n';
            p += n;
            if (*p == ',')
                p++;
        }
    }
    /* folded so that "President XI" finds Xi; callers still require a capital first letter */
    lx->solo = lexicon_load(tsv ? tsv : "", len, LEX_FOLD_CASE);
    free(tsv);
    amap_init(&lx->country_name);
    for (size_t i = 0; i < lexicon_size(lx->countries); i++) {
        const struct lex_row *r = lexicon_row(lx->countries, i);
        if (strcmp(r->field[2], "name") == 0 && r->field[1][0])
            amap_put(&lx->country_name, r->field[1], strlen(r->field[1]), (int)i);
    }
    return lx;
}

void actors_lex_free(struct actors_lex *lx)
{
    if (lx == NULL)
        return;
    lexicon_free(lx->countries);
    lexicon_free(lx->persons);
    lexicon_free(lx->solo);
    lexicon_free(lx->orgs);
    lexicon_free(lx->media);
    lexicon_free(lx->places);
    lexicon_free(lx->titles);
    lexicon_free(lx->given);
    lexicon_free(lx->surnames);
    lexicon_free(lx->heads);
    lexicon_free(lx->stop);
    amap_cleanup(&lx->country_name);
    free(lx);
}

/* ---- per-doc state ---- */

enum mark { M_FREE, M_BLOCK, M_TITLE, M_MENTION };

struct wactor {
    enum actor_type type;
    char country[3];
    char *role;
    char *name;       /* best name so far */
    size_t name_rank; /* how full that name is: tokens for persons, bytes for organisations */
    bool strong;      /* has a mention that names it for sure (not only "European") */
    long out;         /* index in d->ann->actors once emitted */
};

struct work {
    const struct actors_lex *lx;
    struct doc *d;
    const struct text *t;
    uint8_t *mark;
    uint8_t *mstart; /* token starts a mention */
    int32_t *who;    /* internal actor of a mention token */
    uint32_t *org_end; /* org pattern span starting at this token: its end, else 0 */
    size_t title_first, title_end; /* the last title seen */
    struct wactor *act;
    size_t nact, cap;
    struct amap map;
    bool soviet; /* the body speaks of the Soviet Union: Moscow is its capital, not Russia's */
};

static bool is_word(const struct text *t, size_t i)
{
    return i < t->ntok && t->tok[i].kind == TOK_WORD;
}

static bool is_cap(const struct text *t, size_t i)
{
    return is_word(t, i) && (t->tok[i].flags & TOKF_CAP);
}

static bool in_lex(const struct lexicon *lx, const struct text *t, size_t i)
{
    size_t n;
    return lexicon_match(lx, t, i, i + 1, &n) != NULL;
}

/* A stopword; with person false, only one that also breaks organisation names. */
static bool is_stop(const struct work *w, size_t i, bool person)
{
    size_t n;
    const struct lex_row *r = lexicon_match(w->lx->stop, w->t, i, i + 1, &n);
    if (r == NULL)
        return false;
    return person || strcmp(r->field[1], "person") != 0;
}

/* Lower-cased key "prefix" + the text of tokens [first, end), single spaces between words. */
static char *span_key(const struct text *t, char prefix, size_t first, size_t end)
{
    size_t cap = 3;
    for (size_t i = first; i < end; i++)
        cap += text_tok_len(t, i) + 1;
    char *k = xmalloc(cap), *p = k;
    *p++ = prefix;
    *p++ = ':';
    for (size_t i = first; i < end; i++) {
        if (i > first && (t->tok[i].flags & TOKF_SPACE))
            *p++ = ' ';
        const char *s = text_tok_ptr(t, i);
        for (size_t j = 0; j < text_tok_len(t, i); j++)
            *p++ = (s[j] >= 'A' && s[j] <= 'Z') ? (char)(s[j] + 32) : s[j];
    }
    *p = '\0';
    return k;
}

/* The body text of tokens [first, end), line breaks made spaces. */
static char *span_text(const struct text *t, size_t first, size_t end)
{
    size_t a = t->tok[first].start, b = t->tok[end - 1].end;
    char *s = xstrndup(t->s + a, b - a);
    for (char *p = s; *p; p++)
        if (*p == '\n' || *p == '\r' || *p == '\t')
            *p = ' ';
    return s;
}

static char *lower_key(char prefix, const char *s)
{
    char *k = xasprintf("%c:%s", prefix, s);
    for (char *p = k; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p + 32);
    return k;
}

/* The actor stored under key (taken), or a new one of type t. */
static int actor_for(struct work *w, char *key, enum actor_type type, const char *country_in)
{
    /* country_in may point into w->act, which the growth below can move */
    char country[3] = "";
    if (country_in && strlen(country_in) == 2)
        memcpy(country, country_in, 3);
    int k = amap_get(&w->map, key, strlen(key));
    if (k < 0) {
        void *p = w->act;
        xgrow(&p, &w->cap, w->nact + 1, sizeof *w->act);
        w->act = p;
        struct wactor *a = &w->act[w->nact];
        memset(a, 0, sizeof *a);
        a->type = type;
        a->out = -1;
        a->strong = type != ACTOR_COUNTRY;
        k = (int)w->nact++;
        amap_put(&w->map, key, strlen(key), k);
    }
    struct wactor *a = &w->act[k];
    if (a->country[0] == '\0' && country[0] != '\0')
        memcpy(a->country, country, 3);
    free(key);
    return k;
}

static void set_name(struct wactor *a, const char *name, size_t rank)
{
    if (a->name == NULL || rank > a->name_rank) {
        free(a->name);
        a->name = xstrdup(name);
        a->name_rank = rank;
    }
}

static void set_role(struct wactor *a, char *role)
{
    if (a->role == NULL && role != NULL)
        a->role = role;
    else
        free(role);
}

static void add_mention(struct work *w, int k, size_t first, size_t end)
{
    for (size_t i = first; i < end; i++) {
        w->mark[i] = M_MENTION;
        w->who[i] = k;
        w->mstart[i] = i == first;
    }
}

static void block(struct work *w, size_t first, size_t end)
{
    for (size_t i = first; i < end && i < w->t->ntok; i++)
        if (w->mark[i] == M_FREE)
            w->mark[i] = M_BLOCK;
}

/* ---- pass 0: dateline, credits, bylines ---- */

static bool is_dash(const struct text *t, size_t i)
{
    return text_tok_is_char(t, i, '-') || text_tok_is_char(t, i, 0x2014) ||
           text_tok_is_char(t, i, 0x2013);
}

static bool is_month(const struct text *t, size_t i)
{
    static const char *const months[] = {"Jan", "Feb", "March", "April", "May", "June", "July",
                                         "Aug", "Sept", "Oct", "Nov", "Dec", "January",
                                         "February", "August", "September", "October",
                                         "November", "December", NULL};
    for (const char *const *m = months; *m; m++)
        if (text_tok_is(t, i, *m))
            return true;
    return false;
}

/* "TAIPEI, March 2 -", "WASHINGTON, March 1 (Xinhua) --" starting at token s: the end of the
 * dateline, or 0. It must carry a date, or at the start of the body a credit ("WASHINGTON
 * (Reuters) -"), so that "U.S. - China talks" is no dateline. */
static size_t dateline_at(const struct text *t, size_t s)
{
    if (s + 3 > t->ntok || !is_word(t, s) || !(t->tok[s].flags & TOKF_UPPER))
        return 0;
    int depth = 0;
    bool dated = false;
    for (size_t i = s + 1; i < t->ntok && i < s + 30; i++) {
        dated |= is_month(t, i) || (s == 0 && text_tok_is_char(t, i, '('));
        if (t->tok[i].flags & TOKF_NEWLINE)
            return 0;
        if (text_tok_is_char(t, i, '('))
            depth++;
        else if (text_tok_is_char(t, i, ')'))
            depth--;
        else if (depth == 0 && is_dash(t, i)) {
            while (i + 1 < t->ntok && is_dash(t, i + 1))
                i++;
            return dated ? i + 1 : 0;
        } else if (depth == 0 && is_word(t, i) && !(t->tok[i].flags & TOKF_CAP))
            return 0; /* a lower-case word: running text, no dateline */
    }
    return 0;
}

/* "Reporting by ...; Editing by ...", "Additional reporting by": the credits of the desk. */
static bool is_byline_start(const struct text *t, size_t i)
{
    static const char *const words[] = {"Reporting", "Editing", "Writing", "reporting",
                                        "editing", "writing", "Compiled", NULL};
    if (i + 1 >= t->ntok)
        return false;
    if (text_tok_is(t, i, "Additional") && text_tok_is(t, i + 1, "reporting"))
        return true;
    for (const char *const *p = words; *p; p++)
        if (text_tok_is(t, i, *p))
            return text_tok_is(t, i + 1, "by");
    return false;
}

/* The end of the dateline of the first paragraph, or 0. A dateline after some text there ends
 * a photo caption ("File Photo: ... (Xinhua/Ting Shen) WASHINGTON, March 1 (Xinhua) --"),
 * which is no part of the story either. */
static size_t dateline_end(const struct text *t)
{
    for (size_t i = 0; i < t->ntok && i < 400; i++) {
        if (i > 0 && (t->tok[i].flags & TOKF_PARA))
            break;
        bool after_break = i == 0 || text_tok_is_char(t, i - 1, ')') ||
                           text_tok_is_char(t, i - 1, '.') || (t->tok[i].flags & TOKF_NEWLINE);
        size_t end = after_break ? dateline_at(t, i) : 0;
        if (end)
            return end;
    }
    return 0;
}

/* The end of a parenthesis opening at i within 40 tokens, or 0. */
static size_t paren_end(const struct text *t, size_t i)
{
    for (size_t j = i + 1; j < t->ntok && j < i + 40; j++)
        if (text_tok_is_char(t, j, ')'))
            return j + 1;
    return 0;
}

static void skip_credits(struct work *w)
{
    const struct text *t = w->t;
    block(w, 0, dateline_end(t));
    for (size_t i = 0; i < t->ntok; i++) {
        if (text_tok_is(t, i, "contributed") && i + 2 < t->ntok && text_tok_is(t, i + 1, "to")) {
            /* "(Wang Naishui in New York contributed to this story)" */
            const struct sentence *sn = &t->sent[t->tok[i].sentence];
            size_t first = sn->first;
            for (size_t j = i; j > sn->first; j--)
                if (text_tok_is_char(t, j - 1, '(')) {
                    first = j - 1;
                    break;
                }
            block(w, first, sn->end);
        }
    }
    for (size_t i = 0; i < t->ntok; i++) {
        size_t n;
        if (text_tok_is_char(t, i, '(') && i + 1 < t->ntok &&
            lexicon_match(w->lx->media, t, i + 1, t->ntok, &n)) {
            /* "(Xinhua/Xing Guangli)": a credit, names in it are no actors */
            size_t end = paren_end(t, i), first = i;
            bool photo = false;
            for (size_t j = i; j < end; j++)
                photo |= text_tok_is_ci(t, j, "photo");
            /* "(Xinhua Photo)" closes a caption that runs from the paragraph's start */
            while (photo && first > 0 && first + 300 > i && !(t->tok[first].flags & TOKF_PARA))
                first--;
            block(w, first, end);
        } else if (is_byline_start(t, i)) {
            size_t j = i + 1;
            while (j < t->ntok && !(t->tok[j].flags & TOKF_NEWLINE))
                j++;
            block(w, i, j);
        }
    }
}

/* ---- pass A: organisation patterns ---- */

/* The kind of the organisation head word at i ("" for a plain head), or NULL. */
static const char *head_kind(const struct work *w, size_t i)
{
    size_t n;
    const struct lex_row *r = lexicon_match(w->lx->heads, w->t, i, i + 1, &n);
    return r != NULL && is_cap(w->t, i) ? r->field[1] : NULL;
}

static bool is_head(const struct work *w, size_t i, bool *company)
{
    const char *kind = head_kind(w, i);
    if (kind == NULL)
        return false;
    if (company)
        *company = strcmp(kind, "company") == 0;
    return true;
}

/* A head word that the name of a body to its right may not run over. */
static bool is_strong_head(const struct work *w, size_t i)
{
    const char *kind = head_kind(w, i);
    return kind != NULL && strcmp(kind, "weak") != 0;
}

static bool is_joiner(const struct text *t, size_t i)
{
    return i < t->ntok && (text_tok_is(t, i, "and") || text_tok_is_char(t, i, '&'));
}

/* Tokens glued by a hyphen without spaces ("Australia-China", "Co-operative"). */
static bool is_hyphen_glue(const struct text *t, size_t i)
{
    return i + 1 < t->ntok && text_tok_is_char(t, i, '-') &&
           !(t->tok[i].flags & TOKF_SPACE) && !(t->tok[i + 1].flags & TOKF_SPACE);
}

/* A word that may stand inside an organisation's name. */
static bool org_word(const struct work *w, size_t i)
{
    const struct text *t = w->t;
    if (!is_cap(t, i) || w->mark[i] != M_FREE || is_stop(w, i, false))
        return false;
    if ((t->tok[i].flags & TOKF_UPPER) && text_tok_len(t, i) > 5)
        return false; /* an all-caps subhead, not an acronym */
    size_t n;
    if (lexicon_match(w->lx->titles, t, i, t->ntok, &n) && n == 1 && is_cap(t, i + 1) &&
        !is_head(w, i + 1, NULL) && !is_head(w, i, NULL))
        return false; /* "Department of Energy Secretary John Herrington": a title, a name */
    return lexicon_match(w->lx->media, t, i, i + 1, &n) == NULL;
}

/* Token i ends the name of a body or country of its own ("Congress and Canadian Parliament"). */
static bool names_body(const struct work *w, size_t i)
{
    size_t n;
    return in_lex(w->lx->orgs, w->t, i) || lexicon_match(w->lx->countries, w->t, i, i + 1, &n);
}

/* Extends from the head at h to the left over capitalised words; the first token. */
static size_t org_left(const struct work *w, size_t h, size_t floor)
{
    const struct text *t = w->t;
    size_t first = h;
    while (first > floor) {
        size_t p = first - 1;
        if (org_word(w, p) && !is_strong_head(w, p)) {
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
            if (p > floor && org_word(w, p - 1) && !is_head(w, p - 1, NULL) &&
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

/* Extends from the head at h to the right: ", Inc" after a company, then "of/for/on [the] X Y
 * and Z" chains. The end. */
static size_t org_right(const struct work *w, size_t h, bool company)
{
    const struct text *t = w->t;
    size_t end = h + 1;
    bool more = false;
    if (company && text_tok_is_char(t, end, ',') && is_head(w, end + 1, &more) && more)
        end += 2;
    while (company && is_head(w, end, &more) && more)
        end++; /* "BYD Co Ltd" */
    for (;;) {
        size_t j = end;
        if (!(text_tok_is(t, j, "of") || text_tok_is(t, j, "for") || text_tok_is(t, j, "on")))
            break;
        j++;
        if (text_tok_is(t, j, "the"))
            j++;
        if (!org_word(w, j))
            break;
        size_t k = j;
        bool body = false;
        while (k < t->ntok && k < j + 8) {
            size_t n;
            if (k > j && is_cap(t, k + 1) &&
                (in_lex(w->lx->given, t, k) || in_lex(w->lx->surnames, t, k)) &&
                !(lexicon_match(w->lx->countries, t, k, t->ntok, &n) && n > 1))
                break; /* "Ministry of Commerce Gao Feng": a name follows the body */
            if (org_word(w, k)) {
                const char *kind = head_kind(w, k);
                body |= kind != NULL && strcmp(kind, "institution") == 0;
                k++;
            } else if ((is_joiner(t, k) || is_hyphen_glue(t, k)) && org_word(w, k + 1) &&
                       !is_head(w, k + 1, NULL)) {
                k += 2;
            } else if (text_tok_is_char(t, k, ',') && org_word(w, k + 1) && k + 3 < t->ntok &&
                       is_joiner(t, k + 2) && org_word(w, k + 3)) {
                k += 2; /* "Ministry of Agriculture, Forestry and Fisheries" */
            } else {
                break;
            }
        }
        if (body)
            break; /* "Commission of the State Council": the council is a body of its own */
        end = k;
    }
    return end;
}

static void find_org_patterns(struct work *w)
{
    const struct text *t = w->t;
    size_t floor = 0; /* end of the last span: spans never overlap */
    for (size_t h = 0; h < t->ntok; h++) {
        bool company = false;
        if (w->mark[h] != M_FREE || !is_head(w, h, &company))
            continue;
        if (!is_strong_head(w, h) && org_word(w, h + 1))
            continue; /* "Asia Society Policy Institute": the name goes on */
        size_t first = org_left(w, h, floor);
        size_t end = org_right(w, h, company);
        if (end - first < 2)
            continue;
        size_t n, c = first;
        while (c < h && lexicon_match(w->lx->countries, t, c, h, &n))
            c += n;
        if (c == h && end == h + 1 && company)
            continue; /* "U.S. Products", "Japanese Industries": no name */
        w->org_end[first] = (uint32_t)end;
        floor = end;
        h = end - 1;
    }
}

/* ---- pass B: lexicons, titles and persons, left to right ---- */

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

/* The words of a possible person name at i: capitalised words, initials ("J."), hyphenated
 * parts ("Chao-Ming"). Returns the end; *nwords gets the words (an initial counts half). */
static size_t name_words(const struct work *w, size_t i, size_t *nwords)
{
    const struct text *t = w->t;
    size_t j = i, words = 0;
    while (j < t->ntok && words < 8 && w->mark[j] == M_FREE && is_cap(t, j) &&
           !is_stop(w, j, true) && !is_head(w, j, NULL) && !in_lex(w->lx->media, t, j)) {
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
    return span_text(w->t, first, end);
}

static void register_surnames(struct work *w, int k, size_t first, size_t end)
{
    const struct text *t = w->t;
    size_t last = end - 1;
    while (last > first && !is_word(t, last))
        last--;
    /* a hyphenated last part ("Chi-Cheng"): the surname is the first word of the name */
    bool hyphen_last = last > first && is_hyphen_glue(t, last - 1);
    if (!hyphen_last) {
        char *key = span_key(t, 's', last, last + 1);
        amap_put(&w->map, key, strlen(key), k);
        free(key);
    }
    bool family_first = in_lex(w->lx->surnames, t, first) || hyphen_last ||
                        !in_lex(w->lx->given, t, first);
    if (family_first && text_tok_len(t, first) > 1) {
        char *key = span_key(t, 's', first, first + 1);
        amap_put(&w->map, key, strlen(key), k);
        free(key);
    }
}

/* A person mention of [first, end); role from a title just before it or given. */
static int person(struct work *w, char *key, const char *country, size_t first, size_t end,
                  char *role)
{
    int k = actor_for(w, key, ACTOR_PERSON, country);
    char *name = span_text(w->t, first, end);
    set_name(&w->act[k], name, end - first);
    free(name);
    if (role == NULL && w->title_end == first && w->title_end > w->title_first)
        role = title_role(w, w->title_first, w->title_end);
    set_role(&w->act[k], role);
    add_mention(w, k, first, end);
    return k;
}

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
    char *key = r->field[1][0] ? lower_key('c', r->field[1]) : lower_key('c', r->field[3]);
    int k = actor_for(w, key, ACTOR_COUNTRY, r->field[1]);
    /* the name the body spells out wins ("European Community" over "EC"), then the name an
     * abbreviation stands for, then the one a demonym or capital gives */
    size_t rank = strcmp(r->field[0], r->field[3]) == 0 ? 3
                  : strcmp(r->field[2], "alt") == 0 || strcmp(r->field[2], "name") == 0 ? 2
                                                                                        : 1;
    set_name(&w->act[k], r->field[3], rank);
    return k;
}

static bool is_possessive(const struct text *t, size_t i)
{
    return text_tok_is_ci(t, i, "'s") || text_tok_is_ci(t, i, "\u2019s");
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

/* The key of an organisation: lower case, "Ministry of X" and "X Ministry" made one. */
static char *org_key(const char *name)
{
    char *k = lower_key('o', name);
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
    char *key = lower_key('a', buf);
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
    bool cap_word = is_cap(t, end + 1) && !is_stop(w, end + 1, true) &&
                    !in_lex(w->lx->countries, t, end + 1) && !is_head(w, end + 1, NULL);
    if (!(paren && (is_acronym(t, end + 1) || cap_word)) && !comma)
        return;
    char *key = span_key(t, 'a', end + 1, end + 2);
    amap_put(&w->map, key, strlen(key), k);
    free(key);
    add_mention(w, k, end + 1, end + 2);
}

static int organization(struct work *w, char *key, const char *country, size_t first,
                        size_t end)
{
    int k = actor_for(w, key, ACTOR_ORGANIZATION, country);
    char *name = span_text(w->t, first, end);
    set_name(&w->act[k], name, strlen(name));
    free(name);
    add_mention(w, k, first, end);
    return k;
}

enum cand { C_NONE, C_MEDIA, C_TITLE, C_COUNTRY, C_PERSON, C_SOLO, C_ORG, C_PATTERN };

static void match_at(struct work *w, size_t i)
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
    if ((r = lexicon_match(lx->orgs, t, i, t->ntok, &n)) && n > best)
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
        block(w, i, end);
        if (end < t->ntok && is_possessive(t, end))
            block(w, end, end + 1);
        break;
    case C_TITLE:
        for (size_t j = i; j < end; j++)
            w->mark[j] = M_TITLE;
        w->title_first = i;
        w->title_end = end;
        break;
    case C_COUNTRY: {
        if (strcmp(row->field[2], "capital") == 0 && capital_is_place(t, i, end)) {
            block(w, i, end);
            break;
        }
        if (is_currency(t, end, strcmp(row->field[2], "demonym") == 0) ||
            after_place(w, i, end)) {
            block(w, i, end); /* "U.S. dollars", "Hong Kong dlrs": money, not the country */
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
        add_mention(w, k, i, end);
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
                add_mention(w, k, i, end + 1);
                break;
            }
        }
        int k = person(w, lower_key('p', p->field[0]), p->field[1], i, end, NULL);
        register_surnames(w, k, i, end);
        break;
    }
    case C_ORG:
    case C_PATTERN: {
        size_t skip = 0;
        const char *country = org_country(w, i, &skip);
        char *key;
        if (c == C_ORG) {
            key = org_key(row->field[2][0] ? row->field[2] : row->field[0]);
            if (row->field[1][0])
                country = row->field[1];
        } else {
            size_t cend = end;
            bool company = false;
            while (cend > i + skip + 1 && (is_head(w, cend - 1, &company) && company &&
                                           text_tok_len(t, cend - 1) <= 4))
                cend--; /* "Fujitsu Ltd" is Fujitsu */
            while (cend > i + skip + 1 && text_tok_is_char(t, cend - 1, ','))
                cend--;
            char *core = span_text(t, i + skip < end ? i + skip : i, cend);
            key = org_key(core);
            free(core);
        }
        int k = organization(w, key, country, i, end);
        register_initials(w, k, i, end);
        register_initials(w, k, i + skip, end);
        if (end - i - skip == 2 && text_tok_is(t, end - 1, "Department")) {
            /* "Commerce Department" is also just "Commerce" in later copy */
            char *alias = span_key(t, 'a', i + skip, i + skip + 1);
            amap_put(&w->map, alias, strlen(alias), k);
            free(alias);
        }
        org_acronym(w, k, end);
        break;
    }
    }
}

/* A capitalised sequence at i that is a person by its given name, a title, an appositive or a
 * speech verb. */
static void person_at(struct work *w, size_t i)
{
    const struct text *t = w->t;
    if (w->mark[i] != M_FREE || !is_cap(t, i) || (t->tok[i].flags & TOKF_UPPER))
        return;
    if (i > 0 && w->mark[i - 1] == M_FREE && is_cap(t, i - 1) && !is_stop(w, i - 1, true) &&
        (t->tok[i].flags & TOKF_SPACE) && t->tok[i - 1].sentence == t->tok[i].sentence)
        return; /* the run was refused as a whole from its start ("San Francisco Bay") */
    size_t nwords;
    size_t end = name_words(w, i, &nwords);
    if (end == i || nwords == 0)
        return;
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
    bool titled = w->title_end == i && w->title_end > w->title_first;
    bool cap_title = titled && (t->tok[w->title_first].flags & TOKF_CAP);
    size_t tf = 0, te = 0;
    bool ok = false;
    char *role = NULL;
    if (nwords >= 2 && (in_lex(w->lx->given, t, i) || in_lex(w->lx->surnames, t, i)))
        ok = true;
    if ((nwords >= 2 && titled) || (nwords == 1 && cap_title))
        ok = true;
    if (nwords >= 2 && appositive_title(w, end, &tf, &te)) {
        ok = true;
        role = title_role(w, tf, te);
    }
    if (nwords >= 2 && (is_speech_verb(t, end) || (i > 0 && is_speech_verb(t, i - 1))))
        ok = true;
    if (!ok) {
        free(role);
        return;
    }
    if (nwords == 1) {
        /* "President Xi", "Chairman Xi": the surname of someone already found, if any */
        char *key = span_key(t, 's', i, end);
        int k = amap_get(&w->map, key, strlen(key));
        free(key);
        if (k >= 0) {
            set_role(&w->act[k], title_role(w, w->title_first, w->title_end));
            add_mention(w, k, i, end);
            free(role);
            return;
        }
    }
    int k = person(w, span_key(t, 'p', i, end), NULL, i, end, role);
    register_surnames(w, k, i, end);
}

/* ---- pass C: bare surnames and acronyms ---- */

static void resolve_bare(struct work *w)
{
    const struct text *t = w->t;
    for (size_t i = 0; i < t->ntok; i++) {
        if (w->mark[i] != M_FREE || !is_cap(t, i))
            continue;
        char *key = span_key(t, 's', i, i + 1);
        int k = amap_get(&w->map, key, strlen(key));
        if (k < 0) {
            key[0] = 'a';
            k = amap_get(&w->map, key, strlen(key));
        }
        free(key);
        if (k >= 0 && !is_cap(t, i + 1))
            add_mention(w, k, i, i + 1);
    }
}

/* ---- output ---- */

static void emit(struct work *w)
{
    const struct text *t = w->t;
    struct annotations *ann = w->d->ann;
    for (size_t i = 0; i < t->ntok; i++) {
        if (!w->mstart[i])
            continue;
        int k = w->who[i];
        size_t end = i + 1;
        while (end < t->ntok && w->who[end] == k && !w->mstart[end])
            end++;
        struct wactor *a = &w->act[k];
        if (!a->strong) {
            i = end - 1;
            continue;
        }
        if (a->out < 0) {
            a->out = (long)ann->nactors;
            struct ann_actor *o = ann_add_actor(ann);
            o->type = a->type;
            memcpy(o->country, a->country, 3);
            o->name = a->name ? xstrdup(a->name) : span_text(t, i, end);
            o->role = a->role ? xstrdup(a->role) : NULL;
        }
        struct ann_span sp;
        doc_span(w->d, i, end, &sp);
        ann_actor_add_mention(&ann->actors[a->out], &sp);
        for (size_t j = i; j < end; j++)
            w->d->actor_at[j] = (int32_t)a->out;
    }
}

void actors_find(const struct actors_lex *lx, struct doc *d)
{
    const struct text *t = &d->text;
    size_t n = t->ntok ? t->ntok : 1;
    struct work w = {.lx = lx, .d = d, .t = t};
    w.mark = xcalloc(n, 1);
    w.mstart = xcalloc(n, 1);
    w.who = xmalloc(n * sizeof *w.who);
    w.org_end = xcalloc(n, sizeof *w.org_end);
    for (size_t i = 0; i < n; i++)
        w.who[i] = -1;
    amap_init(&w.map);

    for (size_t i = 0; i < t->ntok && !w.soviet; i++)
        w.soviet = text_tok_is(t, i, "Soviet") || text_tok_is(t, i, "USSR");
    skip_credits(&w);
    find_org_patterns(&w);
    for (size_t i = 0; i < t->ntok; i++) {
        if (w.mark[i] != M_FREE)
            continue;
        match_at(&w, i);
        person_at(&w, i);
    }
    resolve_bare(&w);
    emit(&w);

    for (size_t i = 0; i < w.nact; i++) {
        free(w.act[i].name);
        free(w.act[i].role);
    }
    free(w.act);
    amap_cleanup(&w.map);
    free(w.mark);
    free(w.mstart);
    free(w.who);
    free(w.org_end);
}

long actors_at(const struct doc *d, size_t tok)
{
    return tok < d->text.ntok ? d->actor_at[tok] : -1;
}

const char *actors_country(const struct doc *d, long k)
{
    if (k < 0 || (size_t)k >= d->ann->nactors)
        return "";
    return d->ann->actors[k].country;
}
