/* claims_quotes.h - pairs the double quotation marks of a text into quoted stretches, for the
 * claims stage.
 *
 * Wire copy breaks the rules of quotation often: a quote left open at the end of a paragraph
 * (the paragraph convention of multi-paragraph quotes, or a typing slip), a second opening mark
 * before the first one closed, a straight quote used as an apostrophe ("India"s"). The pairing
 * is one left-to-right pass with a single open mark at a time, so it is linear whatever the
 * marks are; every stretch ends at its closing mark, at the sentence before a new opening mark,
 * or at the end of the paragraph. Single quotes are left alone: in wire copy they quote terms or
 * nest inside double quotes, and the words they hold belong to the enclosing quote.
 *
 * Threads: any; the functions keep no state.
 */
#ifndef TW_CLAIMS_QUOTES_H
#define TW_CLAIMS_QUOTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "text.h"

#define QUOTE_NONE UINT32_MAX

struct quote {
    uint32_t open;       /* token of the opening mark */
    uint32_t close;      /* token of the closing mark, or QUOTE_NONE when it was never closed */
    uint32_t first, end; /* the quoted tokens [first, end), marks excluded */
};

/* Finds the quoted stretches of t in body order. *out (free() it) gets them and *n their
 * number; at_tok (t->ntok entries, caller-allocated) gets for every token the index of the
 * stretch it lies in, marks included, else QUOTE_NONE. */
void claims_quotes_find(const struct text *t, struct quote **out, size_t *n, uint32_t *at_tok);

#endif
