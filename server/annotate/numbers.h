/* numbers.h - written numbers in tokenised text: digits ("25", "1,700", "13.6", European "10,2"),
 * words ("ten", "twenty-five", "one and a half"), scales ("300 mln", "1.5 billion", "2bn") and
 * ranges ("10-25", "10 to 25", "from 145 to 30", "between 10 and 25").
 *
 * The words come from lexicons/number_words.tsv, which also lists the percent units, the
 * comparators and the measures of specific duties that tariffs.c reads through numbers_word().
 * A read looks at a bounded number of tokens, so scanning a text is linear in its length.
 *
 * Threads: numbers_lex_new/numbers_lex_free once (start-up, shut-down); the rest from any thread,
 * the lex being read-only.
 */
#ifndef TW_NUMBERS_H
#define TW_NUMBERS_H

#include <stdbool.h>
#include <stddef.h>

#include "text.h"

struct numbers_lex;

/* A number read from the text. */
struct number {
    double value;
    size_t first, end; /* tokens [first, end), the scale word included */
    bool spelled;      /* written in words ("ten") */
    bool scaled;       /* carries a scale word ("mln", "billion") */
    double scale;      /* that word's factor, 1 without one */
};

/* What number_words.tsv says about a phrase, besides number words. */
enum numword_kind { NW_NONE, NW_PERCENT, NW_CMP, NW_PER };

/* Loads lexicons/number_words.tsv. Never NULL. */
struct numbers_lex *numbers_lex_new(void);
void numbers_lex_free(struct numbers_lex *nl);

/* Reads the number that starts at token i and ends at or before token end. Returns true and
 * fills *out; false when token i starts no number. */
bool numbers_read(const struct numbers_lex *nl, const struct text *t, size_t i, size_t end,
                  struct number *out);

/* Reads a number and, when a range follows ("10-25", "10 to 25", "10 and 25" after "between"),
 * its second number. Returns how many numbers it filled (0, 1 or 2) into out[0..2). */
size_t numbers_read_range(const struct numbers_lex *nl, const struct text *t, size_t i,
                          size_t end, struct number out[2]);

/* False when nothing numbers.h reads can start at token i: it is no number and starts no word
 * of the lexicon. A cheap first test for scans that try every token. */
bool numbers_may_start(const struct numbers_lex *nl, const struct text *t, size_t i);

/* The percent unit, comparator or measure phrase that starts at token i (before end): returns its
 * kind, sets *ntok to its length and *value to its value field ("gt", "bushel"); NW_NONE when
 * none starts there. */
enum numword_kind numbers_word(const struct numbers_lex *nl, const struct text *t, size_t i,
                               size_t end, size_t *ntok, const char **value);

/* Parses the digits of one TOK_NUMBER token ("1,700", "13.6", "10,2"). */
double numbers_digits(const char *s, size_t n);

#endif
