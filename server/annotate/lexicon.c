/* lexicon.c - rows grouped by the hash of their first token (lower-cased), longest first, in an
 * open-addressing table. A bitset over the same hashes (struct lexicon_filter, lexicon.h) comes
 * first: a body token that starts no phrase usually costs one bit test, inline in the caller. */
#include "lexicon.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "embedded.h"
#include "mem.h"

struct key_tok {
    uint32_t off, len; /* into the row's phrase */
    uint32_t lower_hash; /* as token.lower_hash: compared before the bytes */
};

struct row {
    struct lex_row pub;
    struct key_tok *tok;
    uint32_t first_hash;
};

struct slot {
    uint32_t hash;
    uint32_t lo, hi; /* rows [lo, hi) of the sorted array; hi == 0 marks an empty slot */
};

struct lexicon {
    struct lexicon_filter filter; /* first: lexicon_match reads it through the lexicon pointer */
    uint64_t *bits;               /* filter.bits */
    char *copy;
    struct row *rows;
    size_t nrows;
    struct slot *slots;
    size_t nslots; /* a power of two */
    unsigned flags;
};

static int row_order(const void *a, const void *b)
{
    const struct row *x = a, *y = b;
    if (x->first_hash != y->first_hash)
        return x->first_hash < y->first_hash ? -1 : 1;
    if (x->pub.ntok != y->pub.ntok)
        return x->pub.ntok > y->pub.ntok ? -1 : 1; /* longest first */
    return x->pub.line < y->pub.line ? -1 : (x->pub.line > y->pub.line);
}

static void parse_row(struct row *r, char *line, size_t lineno)
{
    memset(r, 0, sizeof *r);
    r->pub.line = lineno;
    char *p = line;
    for (size_t f = 0; f < LEX_MAX_FIELDS; f++) {
        r->pub.field[f] = "";
    }
    while (p != NULL && r->pub.nfield < LEX_MAX_FIELDS) {
        char *tab = strchr(p, '\t');
        if (tab != NULL)
            *tab = '\0';
        r->pub.field[r->pub.nfield++] = p;
        p = tab ? tab + 1 : NULL;
    }
    struct text t;
    text_init(&t, r->pub.field[0], strlen(r->pub.field[0]));
    r->pub.ntok = t.ntok;
    r->tok = xcalloc(t.ntok ? t.ntok : 1, sizeof *r->tok);
    for (size_t i = 0; i < t.ntok; i++)
        r->tok[i] = (struct key_tok){t.tok[i].start, t.tok[i].end - t.tok[i].start,
                                     t.tok[i].lower_hash};
    r->first_hash = t.ntok ? t.tok[0].lower_hash : 0;
    text_cleanup(&t);
}

struct lexicon *lexicon_load(const char *data, size_t len, unsigned flags)
{
    struct lexicon *lx = xcalloc(1, sizeof *lx);
    lx->flags = flags;
    lx->copy = xstrndup(data, len);
    size_t cap = 0, lineno = 0;
    char *save = NULL;
    for (char *line = lx->copy; line != NULL; line = save) {
        char *nl = strchr(line, '\n');
        save = nl ? nl + 1 : NULL;
        if (nl)
            *nl = '\0';
        lineno++;
        size_t n = strlen(line);
        if (n && line[n - 1] == '\r')
            line[--n] = '\0';
        if (n == 0 || line[0] == '#' || line[0] == '\t')
            continue;
        void *p = lx->rows;
        xgrow(&p, &cap, lx->nrows + 1, sizeof *lx->rows);
        lx->rows = p;
        parse_row(&lx->rows[lx->nrows], line, lineno);
        if (lx->rows[lx->nrows].pub.ntok == 0) {
            free(lx->rows[lx->nrows].tok);
            continue;
        }
        lx->nrows++;
    }
    if (lx->nrows > 1)
        qsort(lx->rows, lx->nrows, sizeof *lx->rows, row_order);
    lx->nslots = 16;
    while (lx->nslots < lx->nrows * 2)
        lx->nslots *= 2;
    lx->slots = xcalloc(lx->nslots, sizeof *lx->slots);
    for (size_t i = 0; i < lx->nrows;) {
        size_t j = i;
        while (j < lx->nrows && lx->rows[j].first_hash == lx->rows[i].first_hash)
            j++;
        size_t s = lx->rows[i].first_hash & (lx->nslots - 1);
        while (lx->slots[s].hi != 0)
            s = (s + 1) & (lx->nslots - 1);
        lx->slots[s] = (struct slot){lx->rows[i].first_hash, (uint32_t)i, (uint32_t)j};
        i = j;
    }
    /* 64 to 128 bits a row: one miss in 64 or fewer goes on to the table */
    size_t words = 1;
    while (words < lx->nrows)
        words *= 2;
    lx->bits = xcalloc(words, sizeof *lx->bits);
    for (size_t i = 0; i < lx->nrows; i++) {
        uint32_t h = lx->rows[i].first_hash;
        lx->bits[(h >> 6) & (words - 1)] |= 1ull << (h & 63);
    }
    lx->filter = (struct lexicon_filter){lx->bits, (uint32_t)(words - 1)};
    return lx;
}

struct lexicon *lexicon_load_embedded(const char *path, unsigned flags)
{
    const struct embedded_file *f = embedded_find(path);
    if (f == NULL) {
        fprintf(stderr, "lexicon %s is not embedded in this build\n", path);
        abort();
    }
    return lexicon_load(f->data, f->len, flags);
}

void lexicon_free(struct lexicon *lx)
{
    if (lx == NULL)
        return;
    for (size_t i = 0; i < lx->nrows; i++)
        free(lx->rows[i].tok);
    free(lx->rows);
    free(lx->slots);
    free(lx->bits);
    free(lx->copy);
    free(lx);
}

size_t lexicon_size(const struct lexicon *lx)
{
    return lx->nrows;
}

const struct lex_row *lexicon_row(const struct lexicon *lx, size_t i)
{
    return i < lx->nrows ? &lx->rows[i].pub : NULL;
}

size_t lexicon_row_index(const struct lexicon *lx, const struct lex_row *r)
{
    /* (pub is the first member of struct row) */
    const struct row *row = (const struct row *)(const void *)r;
    assert(row >= lx->rows && row < lx->rows + lx->nrows);
    return (size_t)(row - lx->rows);
}

static const struct slot *find_slot(const struct lexicon *lx, uint32_t hash)
{
    for (size_t s = hash & (lx->nslots - 1);; s = (s + 1) & (lx->nslots - 1)) {
        if (lx->slots[s].hi == 0)
            return NULL;
        if (lx->slots[s].hash == hash)
            return &lx->slots[s];
    }
}

static bool equal_ci(const char *a, const char *b, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        unsigned x = (unsigned char)a[k], y = (unsigned char)b[k];
        x += x - 'A' < 26u ? 32u : 0u;
        y += y - 'A' < 26u ? 32u : 0u;
        if (x != y)
            return false;
    }
    return true;
}

/* True when the row's phrase has the same token lengths and lower-case hashes as the tokens from
 * i: necessary for a match in either mode, and cheap (no bytes of the body are read). */
static bool keys_equal(const struct row *r, const struct text *t, size_t i)
{
    for (size_t k = 0; k < r->pub.ntok; k++) {
        const struct token *b = &t->tok[i + k];
        if (r->tok[k].len != b->end - b->start || r->tok[k].lower_hash != b->lower_hash)
            return false;
    }
    return true;
}

static bool bytes_equal(const struct lexicon *lx, const struct row *r, const struct text *t,
                        size_t i)
{
    for (size_t k = 0; k < r->pub.ntok; k++) {
        const char *a = r->pub.field[0] + r->tok[k].off, *b = text_tok_ptr(t, i + k);
        if (!((lx->flags & LEX_FOLD_CASE) ? equal_ci(a, b, r->tok[k].len)
                                          : memcmp(a, b, r->tok[k].len) == 0))
            return false;
    }
    return true;
}

const struct lex_row *lexicon_match_at(const struct lexicon *lx, const struct text *t, size_t i,
                                       size_t end, size_t *ntok)
{
    if (end > t->ntok)
        end = t->ntok; /* keys_equal reads every token of a candidate row */
    if (i >= end || lx->nrows == 0)
        return NULL;
    const struct slot *sl = find_slot(lx, t->tok[i].lower_hash);
    if (sl == NULL)
        return NULL;
    /* the rows of a slot share the first hash, so most differ in a later token: compare all
     * lengths and hashes before any bytes */
    for (uint32_t r = sl->lo; r < sl->hi; r++) {
        const struct row *row = &lx->rows[r];
        size_t n = row->pub.ntok;
        if (i + n > end || !keys_equal(row, t, i) || !bytes_equal(lx, row, t, i))
            continue;
        *ntok = n;
        return &row->pub;
    }
    return NULL;
}

const struct lex_row *lexicon_get(const struct lexicon *lx, const char *phrase)
{
    struct text t;
    text_init(&t, phrase, strlen(phrase));
    size_t n = 0;
    const struct lex_row *r = lexicon_match(lx, &t, 0, t.ntok, &n);
    if (r != NULL && n != t.ntok)
        r = NULL;
    text_cleanup(&t);
    return r;
}
