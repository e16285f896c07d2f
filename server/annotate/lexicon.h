/* lexicon.h - phrase tables read from TSV files, matched against tokens.
 *
 * A lexicon file is UTF-8 TSV: '#' starts a comment line, blank lines are skipped, the first
 * field of a row is the phrase, the other fields are data whose meaning the file's header
 * comment gives. Phrases are tokenised with text.h, so "U.S." or "Francois-Philippe" match the
 * body token by token; matching is case-sensitive unless LEX_FOLD_CASE is given.
 *
 * Threads: lexicon_load is called once at start; a loaded lexicon is immutable, and any number
 * of threads may match against it at once.
 */
#ifndef TW_LEXICON_H
#define TW_LEXICON_H

#include <stddef.h>
#include <stdint.h>

#include "text.h"

#define LEX_FOLD_CASE 0x1
#define LEX_MAX_FIELDS 8

struct lexicon;

struct lex_row {
    const char *field[LEX_MAX_FIELDS]; /* field[0] is the phrase; missing fields are "" */
    size_t nfield;
    size_t ntok; /* tokens in the phrase */
    size_t line; /* line number in the file, for messages */
};

/* Parses the TSV in data[0..len) (the lexicon keeps pointers into a private copy).
 * Returns a new lexicon; never NULL (an empty file gives an empty lexicon). */
struct lexicon *lexicon_load(const char *data, size_t len, unsigned flags);
/* Loads the embedded file at path ("server/annotate/lexicons/x.tsv"); aborts when it is missing,
 * since that is a build error. */
struct lexicon *lexicon_load_embedded(const char *path, unsigned flags);
void lexicon_free(struct lexicon *lx);

size_t lexicon_size(const struct lexicon *lx);
const struct lex_row *lexicon_row(const struct lexicon *lx, size_t i);
/* The index i for which lexicon_row(lx, i) is r (a row of lx): lets a stage keep what it
 * derives from each row in an array, once, instead of parsing the row at every match. */
size_t lexicon_row_index(const struct lexicon *lx, const struct lex_row *r);

/* The head of every struct lexicon: a bitset over the first tokens' lower_hash. The stages ask
 * for a match at nearly every token and nearly always miss; this lets lexicon_match decide a
 * miss inline, without a call. Only lexicon.c writes it. */
struct lexicon_filter {
    const uint64_t *bits;
    uint32_t mask; /* number of 64-bit words - 1 (a power of two - 1) */
};

/* lexicon_match for a token that passed the filter (call lexicon_match, not this). */
const struct lex_row *lexicon_match_at(const struct lexicon *lx, const struct text *t, size_t i,
                                       size_t end, size_t *ntok);

/* The longest phrase that starts at token i and ends at or before token end; *ntok gets its
 * length in tokens. NULL when none matches. */
static inline const struct lex_row *lexicon_match(const struct lexicon *lx, const struct text *t,
                                                  size_t i, size_t end, size_t *ntok)
{
    /* (a struct may be read through a pointer to its first member) */
    const struct lexicon_filter *f = (const struct lexicon_filter *)(const void *)lx;
    if (i >= end || i >= t->ntok)
        return NULL;
    uint32_t h = t->tok[i].lower_hash;
    if (!(f->bits[(h >> 6) & f->mask] & (1ull << (h & 63))))
        return NULL;
    return lexicon_match_at(lx, t, i, end, ntok);
}
/* The row whose phrase is exactly phrase (tokenised the same way), or NULL. */
const struct lex_row *lexicon_get(const struct lexicon *lx, const char *phrase);

#endif
