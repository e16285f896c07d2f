/* actors.c - finds the actors of one body (see actors.h for the order of the passes): the
 * lexicons, the per-doc state, the driver, bare surnames and acronyms, and the output.
 *
 * Every pass walks the tokens once; per-token arrays (mark, who, org_end) carry what a pass
 * decided to the next, and hash maps (actors_map.h) give O(1) look-ups of actors by key,
 * surname and acronym, so the whole stage is linear in the number of tokens.
 */
#include "actors_int.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "mem.h"

#define LEXDIR "server/annotate/lexicons/"

struct actors_lex *actors_lex_new(void)
{
    struct actors_lex *lx = xcalloc(1, sizeof *lx);
    lx->countries = lexicon_load_embedded(LEXDIR "countries.tsv", 0);
    lx->countries_ci = lexicon_load_embedded(LEXDIR "countries.tsv", LEX_FOLD_CASE);
    lx->persons = lexicon_load_embedded(LEXDIR "persons.tsv", 0);
    lx->orgs = lexicon_load_embedded(LEXDIR "organizations.tsv", 0);
    lx->orgs_ci = lexicon_load_embedded(LEXDIR "organizations.tsv", LEX_FOLD_CASE);
    lx->media = lexicon_load_embedded(LEXDIR "media.tsv", 0);
    lx->places = lexicon_load_embedded(LEXDIR "actors_places.tsv", 0);
    lx->titles = lexicon_load_embedded(LEXDIR "titles.tsv", LEX_FOLD_CASE);
    lx->given = lexicon_load_embedded(LEXDIR "given_names.tsv", 0);
    lx->surnames = lexicon_load_embedded(LEXDIR "actors_surnames.tsv", 0);
    lx->heads = lexicon_load_embedded(LEXDIR "actors_org_heads.tsv", 0);
    lx->stop = lexicon_load_embedded(LEXDIR "actors_stopwords.tsv", 0);
    /* solo forms ("Trump") become a lexicon of their own: "solo<TAB>full name" rows */
    struct buf tsv;
    buf_init(&tsv);
    for (size_t i = 0; i < lexicon_size(lx->persons); i++) {
        const struct lex_row *r = lexicon_row(lx->persons, i);
        const char *p = r->field[3];
        while (*p) {
            size_t n = strcspn(p, ",");
            buf_append(&tsv, p, n);
            buf_putc(&tsv, '\t');
            buf_puts(&tsv, r->field[0]);
            buf_putc(&tsv, '\n');
            p += n;
            if (*p == ',')
                p++;
        }
    }
    /* folded so that "President XI" finds Xi; callers still require a capital first letter */
    lx->solo = lexicon_load(tsv.data ? tsv.data : "", tsv.len, LEX_FOLD_CASE);
    buf_cleanup(&tsv);
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
    lexicon_free(lx->countries_ci);
    lexicon_free(lx->persons);
    lexicon_free(lx->solo);
    lexicon_free(lx->orgs);
    lexicon_free(lx->orgs_ci);
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

/* A stopword; with person false, only one that also breaks organisation names. */
bool actors_is_stop(const struct work *w, size_t i, bool person)
{
    size_t n;
    const struct lex_row *r = lexicon_match(w->lx->stop, w->t, i, i + 1, &n);
    if (r == NULL)
        return false;
    return person || strcmp(r->field[1], "person") != 0;
}

/* Lower-cased key "prefix" + the text of tokens [first, end), single spaces between words. */
char *actors_span_key(const struct text *t, char prefix, size_t first, size_t end)
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
char *actors_span_text(const struct text *t, size_t first, size_t end)
{
    size_t a = t->tok[first].start, b = t->tok[end - 1].end;
    char *s = xstrndup(t->s + a, b - a);
    for (char *p = s; *p; p++)
        if (*p == '\n' || *p == '\r' || *p == '\t')
            *p = ' ';
    return s;
}

char *actors_lower_key(char prefix, const char *s)
{
    /* (by hand: xasprintf's two vsnprintf passes were 3% of the engine's time) */
    size_t n = strlen(s);
    char *k = xmalloc(n + 3);
    k[0] = prefix;
    k[1] = ':';
    memcpy(k + 2, s, n + 1);
    for (char *p = k; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p + 32);
    return k;
}

/* The actor stored under key (taken), or a new one of type t. */
int actors_actor_for(struct work *w, char *key, enum actor_type type, const char *country_in)
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

void actors_set_name(struct wactor *a, const char *name, size_t rank)
{
    if (a->name == NULL || rank > a->name_rank) {
        free(a->name);
        a->name = xstrdup(name);
        a->name_rank = rank;
    }
}

void actors_set_role(struct wactor *a, char *role)
{
    if (a->role == NULL && role != NULL)
        a->role = role;
    else
        free(role);
}

void actors_add_mention(struct work *w, int k, size_t first, size_t end)
{
    for (size_t i = first; i < end; i++) {
        w->mark[i] = M_MENTION;
        w->who[i] = k;
        w->mstart[i] = i == first;
    }
}

void actors_add_nested(struct work *w, int k, size_t first, size_t end)
{
    void *p = w->nest;
    xgrow(&p, &w->cap_nest, w->nnest + 1, sizeof *w->nest);
    w->nest = p;
    w->nest[w->nnest++] = (struct nested){.first = first, .end = end, .k = k};
}

void actors_block(struct work *w, size_t first, size_t end)
{
    for (size_t i = first; i < end && i < w->t->ntok; i++)
        if (w->mark[i] == M_FREE)
            w->mark[i] = M_BLOCK;
}

/* ---- pass C: bare surnames and acronyms ---- */

static void resolve_bare(struct work *w)
{
    const struct text *t = w->t;
    for (size_t i = 0; i < t->ntok; i++) {
        if (w->mark[i] != M_FREE || !is_cap(t, i))
            continue;
        char *key = actors_span_key(t, 's', i, i + 1);
        int k = amap_get(&w->map, key, strlen(key));
        if (k < 0) {
            key[0] = 'a';
            k = amap_get(&w->map, key, strlen(key));
        }
        free(key);
        if (k >= 0 && !is_cap(t, i + 1))
            actors_add_mention(w, k, i, i + 1);
    }
}

/* ---- output ---- */

/* Countries the body gives only around an actor: a government body without one is the
 * dateline's; a person without one takes the country of the actor its title or appositive
 * names ("Chinese Ambassador", "spokesman of the Commerce Ministry"). Bodies first, so that a
 * person can take the country a body got from the dateline. */
static void fill_countries(struct work *w)
{
    /* the United States has departments and secretaries, no ministries or ministers: a
     * minister in a Washington story is a visitor */
    bool ministers = strcmp(w->home, "US") != 0, home_named = false;
    for (size_t k = 0; k < w->nact; k++)
        home_named |= w->act[k].type == ACTOR_COUNTRY && w->act[k].strong &&
                      strcmp(w->act[k].country, w->home) == 0;
    for (size_t k = 0; k < w->nact; k++) {
        struct wactor *a = &w->act[k];
        if (a->type == ACTOR_ORGANIZATION && a->national && a->country[0] == '\0' &&
            (ministers || a->name == NULL || strstr(a->name, "Ministry") == NULL))
            memcpy(a->country, w->home, 3);
    }
    for (size_t k = 0; k < w->nact; k++) {
        struct wactor *a = &w->act[k];
        for (size_t h = 0; h < 2 && a->type == ACTOR_PERSON && a->country[0] == '\0'; h++) {
            int32_t o = a->hint[h] ? w->who[a->hint[h] - 1] : -1;
            /* before the title a country or body ("Chinese Ambassador"); after it only a
             * body ("director of the Japan office" is no Japanese) */
            if (o >= 0 && (w->act[o].type == ACTOR_ORGANIZATION ||
                           (h == 0 && w->act[o].type == ACTOR_COUNTRY)))
                memcpy(a->country, w->act[o].country, 3);
        }
        /* "OTTAWA - External Affairs Minister Joe Clark": a minister the text gives no
         * country is the dateline's, when the story is about that country at all */
        if (a->type == ACTOR_PERSON && a->country[0] == '\0' && ministers && home_named &&
            a->role != NULL &&
            (strstr(a->role, "inister") != NULL || strstr(a->role, "remier") != NULL))
            memcpy(a->country, w->home, 3);
    }
}

/* Outputs the mention [first, end) of actor k (creating the output actor at its first
 * mention); a mention of its own tokens also sets actor_at. */
static void emit_mention(struct work *w, int k, size_t first, size_t end, bool own)
{
    struct annotations *ann = w->d->ann;
    struct wactor *a = &w->act[k];
    if (!a->strong)
        return;
    if (a->out < 0) {
        a->out = (long)ann->nactors;
        struct ann_actor *o = ann_add_actor(ann);
        o->type = a->type;
        memcpy(o->country, a->country, 3);
        o->name = a->name ? xstrdup(a->name) : actors_span_text(w->t, first, end);
        o->role = a->role ? xstrdup(a->role) : NULL;
    }
    struct ann_span sp;
    doc_span(w->d, first, end, &sp);
    ann_actor_add_mention(&ann->actors[a->out], &sp);
    for (size_t j = first; own && j < end; j++)
        w->d->actor_at[j] = (int32_t)a->out;
}

static void emit(struct work *w)
{
    const struct text *t = w->t;
    size_t next = 0; /* the next nested mention; they come in body order */
    for (size_t i = 0; i < t->ntok; i++) {
        if (!w->mstart[i])
            continue;
        int k = w->who[i];
        size_t end = i + 1;
        while (end < t->ntok && w->who[end] == k && !w->mstart[end])
            end++;
        emit_mention(w, k, i, end, true);
        for (; next < w->nnest && w->nest[next].first < end; next++)
            emit_mention(w, w->nest[next].k, w->nest[next].first, w->nest[next].end, false);
        i = end - 1;
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
    w.org_inner = xcalloc(n, sizeof *w.org_inner);
    w.org_inner_end = xcalloc(n, sizeof *w.org_inner_end);
    for (size_t i = 0; i < n; i++)
        w.who[i] = -1;
    amap_init(&w.map);

    for (size_t i = 0; i < t->ntok && !w.soviet; i++)
        w.soviet = text_tok_is(t, i, "Soviet") || text_tok_is(t, i, "USSR");
    actors_skip_credits(&w);
    actors_find_org_patterns(&w);
    for (size_t i = 0; i < t->ntok; i++) {
        if (w.mark[i] != M_FREE)
            continue;
        actors_match_at(&w, i);
        actors_person_at(&w, i);
    }
    resolve_bare(&w);
    fill_countries(&w);
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
    free(w.org_inner);
    free(w.org_inner_end);
    free(w.nest);
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
