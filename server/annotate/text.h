/* text.h - a body of news text cut into tokens and sentences, with Unicode code point offsets.
 *
 * The rest of the engine works on tokens, never on raw bytes: every annotation starts and ends
 * at a token boundary, so token.cp_start/cp_end give the code point offsets that the API
 * reports. Building a text is linear in its length.
 *
 * Tokens:
 *   TOK_WORD    letters (and digits or inner apostrophes: "don't", "G7"); a possessive "'s" is
 *               its own TOK_WORD; dotted abbreviations are one token ("U.S.", "U.K.").
 *   TOK_NUMBER  digits with inner thousands commas and one decimal point: "1,700", "13.6".
 *   TOK_QUOTE   a quotation mark: " “ ” ‘ ’ « » and a ' that is not an apostrophe.
 *   TOK_PUNCT   anything else that is not space, one code point per token ("%", "$", "-", "—").
 *
 * Threads: a struct text is owned by the thread that built it; text_* functions keep no state.
 */
#ifndef TW_TEXT_H
#define TW_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

enum tok_kind { TOK_WORD, TOK_NUMBER, TOK_QUOTE, TOK_PUNCT };

/* Token flags. */
#define TOKF_CAP 0x01        /* first letter upper case ("China", "U.S.") */
#define TOKF_UPPER 0x02      /* every letter upper case and at least two letters ("WTO") */
#define TOKF_SPACE 0x04      /* white space before this token */
#define TOKF_NEWLINE 0x08    /* a line break before this token */
#define TOKF_PARA 0x10       /* a blank line (paragraph break) before this token */
#define TOKF_QOPEN 0x20      /* TOK_QUOTE that opens a quotation */
#define TOKF_QCLOSE 0x40     /* TOK_QUOTE that closes a quotation (both bits: undecided) */

struct token {
    uint32_t start, end;       /* bytes [start, end) into text.s */
    uint32_t cp_start, cp_end; /* the same span in code points */
    uint32_t sentence;         /* index of its sentence */
    uint8_t kind;              /* enum tok_kind */
    uint8_t flags;             /* TOKF_* */
    uint16_t quote_pair;       /* unused by text.c; free for the quote finder */
    uint32_t lower_hash;       /* FNV-1a of the lower-cased token text (for lexicon look-ups) */
};

struct sentence {
    uint32_t first, end; /* tokens [first, end) */
};

struct text {
    const char *s; /* borrowed; must be valid UTF-8 and outlive the text */
    size_t len;
    struct token *tok;
    size_t ntok;
    struct sentence *sent;
    size_t nsent;
};

/* Tokenises s[0..len) (valid UTF-8; see utf8.h to repair input) and splits it into sentences.
 * Returns 0, or TW_ETOOBIG when len is 4 GiB or more. The text borrows s. */
int text_init(struct text *t, const char *s, size_t len);
void text_cleanup(struct text *t);

/* The token's bytes. */
static inline const char *text_tok_ptr(const struct text *t, size_t i)
{
    return t->s + t->tok[i].start;
}
static inline size_t text_tok_len(const struct text *t, size_t i)
{
    return t->tok[i].end - t->tok[i].start;
}
/* The predicates below are false for i >= ntok, so rules may look one token past the end.
 * text_tok_is and text_tok_is_ci are inline because the stages call them at every token,
 * often in loops over word lists: the first byte (a token is never empty) and then the length
 * (strlen of a literal folds to a constant) reject most tokens without a call. */
/* True when token i is exactly the ASCII word w (case-sensitive). */
static inline bool text_tok_is(const struct text *t, size_t i, const char *w)
{
    if (i >= t->ntok || *text_tok_ptr(t, i) != *w)
        return false;
    size_t n = strlen(w);
    return text_tok_len(t, i) == n && memcmp(text_tok_ptr(t, i), w, n) == 0;
}
/* True when token i equals w ignoring ASCII case. */
static inline bool text_tok_is_ci(const struct text *t, size_t i, const char *w)
{
    /* (two bytes equal but for ASCII case are equal | 0x20: a pre-filter; the loop decides) */
    if (i >= t->ntok || (*text_tok_ptr(t, i) | 0x20) != (*w | 0x20))
        return false;
    size_t n = strlen(w);
    if (text_tok_len(t, i) != n)
        return false;
    const unsigned char *p = (const unsigned char *)text_tok_ptr(t, i);
    for (size_t k = 0; k < n; k++) {
        unsigned a = p[k], b = (unsigned char)w[k];
        a += a - 'A' < 26u ? 32u : 0u;
        b += b - 'A' < 26u ? 32u : 0u;
        if (a != b)
            return false;
    }
    return true;
}
/* True when token i is a word of the NULL-terminated list words, ignoring ASCII case. */
static inline bool text_tok_in(const struct text *t, size_t i, const char *const *words)
{
    if (i >= t->ntok || t->tok[i].kind != TOK_WORD)
        return false;
    for (; *words; words++)
        if (text_tok_is_ci(t, i, *words))
            return true;
    return false;
}
/* True when token i is a TOK_PUNCT or TOK_QUOTE made of the code point c (c >= 0x80). */
bool text_tok_is_cp(const struct text *t, size_t i, uint32_t c);
/* True when token i is a TOK_PUNCT or TOK_QUOTE made of the code point c. Inline for the same
 * reason as text_tok_is: an ASCII c is one byte compare. */
static inline bool text_tok_is_char(const struct text *t, size_t i, uint32_t c)
{
    if (c >= 0x80)
        return text_tok_is_cp(t, i, c);
    if (i >= t->ntok)
        return false;
    const struct token *k = &t->tok[i];
    return (k->kind == TOK_PUNCT || k->kind == TOK_QUOTE) && k->end - k->start == 1 &&
           (unsigned char)t->s[k->start] == c;
}
/* Copies token i lower-cased (ASCII) into out (size cap, NUL-terminated); returns its length. */
size_t text_tok_lower(const struct text *t, size_t i, char *out, size_t cap);
/* The sentence(s) holding the bytes [byte_start, byte_end) of t's text, as a byte range
 * [*start, *end) on token boundaries; a run longer than about 600 bytes (a table, a run-on
 * list) is cut to about 240 bytes on each side of the range. False when the range holds no
 * token of t. What GET /v1/tariffs shows as a figure's sentence. */
bool text_sentence_around(const struct text *t, size_t byte_start, size_t byte_end, size_t *start,
                          size_t *end);
/* FNV-1a 32 of the ASCII-lower-cased bytes; what token.lower_hash holds. */
uint32_t text_hash_lower(const char *s, size_t n);

#endif
