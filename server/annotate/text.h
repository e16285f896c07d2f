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
/* The predicates below are false for i >= ntok, so rules may look one token past the end. */
/* True when token i is exactly the ASCII word w (case-sensitive). */
bool text_tok_is(const struct text *t, size_t i, const char *w);
/* True when token i equals w ignoring ASCII case. */
bool text_tok_is_ci(const struct text *t, size_t i, const char *w);
/* True when token i is a TOK_PUNCT or TOK_QUOTE made of the code point c. */
bool text_tok_is_char(const struct text *t, size_t i, uint32_t c);
/* Copies token i lower-cased (ASCII) into out (size cap, NUL-terminated); returns its length. */
size_t text_tok_lower(const struct text *t, size_t i, char *out, size_t cap);
/* FNV-1a 32 of the ASCII-lower-cased bytes; what token.lower_hash holds. */
uint32_t text_hash_lower(const char *s, size_t n);

#endif
