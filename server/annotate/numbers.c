/* numbers.c - reads written numbers token by token; see numbers.h.
 *
 * Spelled numbers are summed the way English builds them: units and tens add up, "hundred"
 * multiplies the group before it, a scale word ("thousand", "million") closes a group, and
 * "and a half" adds a fraction. Every read stops after a few tokens, which keeps scans linear.
 */
#include "numbers.h"

#include <stdlib.h>
#include <string.h>

#include "lexicon.h"
#include "mem.h"

/* A spelled number longer than this is no figure a reader would write. */
#define MAX_WORDS 12

struct numbers_lex {
    struct lexicon *words;
};

enum wkind { W_NONE, W_UNIT, W_TENS, W_HUNDRED, W_SCALE, W_FRACTION, W_PERCENT, W_CMP, W_PER };

static enum wkind kind_of(const struct lex_row *r)
{
    static const struct {
        const char *name;
        enum wkind kind;
    } kinds[] = {{"unit", W_UNIT},         {"tens", W_TENS},       {"hundred", W_HUNDRED},
                 {"scale", W_SCALE},       {"fraction", W_FRACTION}, {"percent", W_PERCENT},
                 {"cmp", W_CMP},           {"per", W_PER}};
    if (r == NULL)
        return W_NONE;
    for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++)
        if (strcmp(r->field[1], kinds[k].name) == 0)
            return kinds[k].kind;
    return W_NONE;
}

struct numbers_lex *numbers_lex_new(void)
{
    struct numbers_lex *nl = xcalloc(1, sizeof *nl);
    nl->words = lexicon_load_embedded("server/annotate/lexicons/number_words.tsv", LEX_FOLD_CASE);
    return nl;
}

void numbers_lex_free(struct numbers_lex *nl)
{
    if (nl == NULL)
        return;
    lexicon_free(nl->words);
    free(nl);
}

/* The kind of the phrase at token i, with its length and row. */
static enum wkind word_at(const struct numbers_lex *nl, const struct text *t, size_t i, size_t end,
                          size_t *ntok, const struct lex_row **row)
{
    if (i >= end || t->tok[i].kind == TOK_NUMBER || t->tok[i].kind == TOK_QUOTE)
        return W_NONE;
    size_t n = 0;
    const struct lex_row *r = lexicon_match(nl->words, t, i, end, &n);
    if (r == NULL)
        return W_NONE;
    *ntok = n;
    if (row != NULL)
        *row = r;
    return kind_of(r);
}

double numbers_digits(const char *s, size_t n)
{
    /* A comma followed by one or two digits and no more is a decimal comma ("10,2"), as in
     * copy translated from continental usage; otherwise commas group thousands. */
    bool decimal_comma = false;
    const char *comma = memchr(s, ',', n);
    if (comma != NULL && memchr(s, '.', n) == NULL && memchr(comma + 1, ',', n - (size_t)(comma + 1 - s)) == NULL) {
        size_t after = n - (size_t)(comma + 1 - s);
        decimal_comma = after >= 1 && after <= 2;
    }
    double v = 0, scale = 0;
    for (size_t k = 0; k < n; k++) {
        char c = s[k];
        if (c >= '0' && c <= '9') {
            if (scale > 0) {
                v += (c - '0') * scale;
                scale /= 10;
            } else {
                v = v * 10 + (c - '0');
            }
        } else if (c == '.' || (c == ',' && decimal_comma)) {
            scale = 0.1;
        }
    }
    return v;
}

/* A scale word right after digits: "300 mln", "1.5 billion", and a glued "2bn" or "200m". */
static size_t scale_after(const struct numbers_lex *nl, const struct text *t, size_t j, size_t end,
                          double *factor)
{
    if (j >= end)
        return 0;
    size_t n = 0;
    const struct lex_row *r = NULL;
    if (word_at(nl, t, j, end, &n, &r) == W_SCALE) {
        *factor = strtod(r->field[2], NULL);
        return n;
    }
    if (!(t->tok[j].flags & TOKF_SPACE) && t->tok[j].kind == TOK_WORD) {
        if (text_tok_is_ci(t, j, "m")) {
            *factor = 1e6;
            return 1;
        }
        if (text_tok_is_ci(t, j, "b") || text_tok_is_ci(t, j, "bl")) {
            *factor = 1e9;
            return 1;
        }
    }
    return 0;
}

static bool read_spelled(const struct numbers_lex *nl, const struct text *t, size_t i, size_t end,
                         struct number *out)
{
    double total = 0, group = 0;
    bool any = false, scaled = false;
    enum wkind last = W_NONE;
    size_t k = i, words = 0;
    while (k < end && words < MAX_WORDS) {
        size_t n = 0;
        const struct lex_row *r = NULL;
        enum wkind w = word_at(nl, t, k, end, &n, &r);
        double v = w != W_NONE ? strtod(r->field[2], NULL) : 0;
        if (w == W_UNIT || w == W_TENS) {
            /* "twenty five" goes on; "five six" or "ten twenty" is two numbers */
            if (any && !(last == W_TENS && w == W_UNIT && v < 10) && last != W_HUNDRED &&
                last != W_SCALE)
                break;
            group += v;
        } else if (w == W_HUNDRED && any && last != W_HUNDRED) {
            group = (group ? group : 1) * v;
        } else if (w == W_SCALE && any) {
            total += (group ? group : 1) * v;
            group = 0;
            scaled = true;
        } else {
            break;
        }
        any = true;
        last = w;
        words++;
        k += n;
        /* glue: "twenty-five", "one hundred and five", "one and a half" */
        if (k + 1 < end && text_tok_is_char(t, k, '-') && !(t->tok[k + 1].flags & TOKF_SPACE) &&
            word_at(nl, t, k + 1, end, &n, NULL) != W_NONE && word_at(nl, t, k + 1, end, &n, NULL) <= W_SCALE) {
            k++;
            continue;
        }
        if (k + 1 < end && text_tok_is_ci(t, k, "and")) {
            size_t m = 0;
            enum wkind nx = word_at(nl, t, k + 1, end, &m, NULL);
            if ((nx == W_UNIT || nx == W_TENS) && (last == W_HUNDRED || last == W_SCALE)) {
                k++;
                continue;
            }
            if (k + 2 < end && text_tok_is_ci(t, k + 1, "a") &&
                word_at(nl, t, k + 2, end, &m, &r) == W_FRACTION) {
                group += strtod(r->field[2], NULL);
                k += 2 + m;
                break;
            }
        }
    }
    if (!any)
        return false;
    /* a trailing hyphen belongs to what follows ("twenty-percent"); k is past the last word */
    *out = (struct number){.value = total + group, .first = i, .end = k, .spelled = true,
                           .scaled = scaled, .scale = 1};
    return true;
}

bool numbers_read(const struct numbers_lex *nl, const struct text *t, size_t i, size_t end,
                  struct number *out)
{
    if (i >= end)
        return false;
    if (t->tok[i].kind == TOK_NUMBER) {
        double v = numbers_digits(text_tok_ptr(t, i), text_tok_len(t, i));
        size_t j = i + 1;
        double factor = 1;
        size_t n = scale_after(nl, t, j, end, &factor);
        *out = (struct number){.value = v * factor, .first = i, .end = j + n, .scaled = n > 0,
                               .scale = factor};
        return true;
    }
    if (t->tok[i].kind != TOK_WORD)
        return false;
    return read_spelled(nl, t, i, end, out);
}

size_t numbers_read_range(const struct numbers_lex *nl, const struct text *t, size_t i,
                          size_t end, struct number out[2])
{
    if (!numbers_read(nl, t, i, end, &out[0]))
        return 0;
    size_t j = out[0].end;
    if (j + 1 >= end)
        return 1;
    bool between = i > 0 && text_tok_is_ci(t, i - 1, "between");
    bool link = text_tok_is_char(t, j, '-') || text_tok_is_char(t, j, 0x2013) ||
                text_tok_is_ci(t, j, "to") || (between && text_tok_is_ci(t, j, "and"));
    if (!link)
        return 1;
    /* both ends written the same way: "10-25", "five to 10" is fine too */
    if (!numbers_read(nl, t, j + 1, end, &out[1]))
        return 1;
    return 2;
}

bool numbers_may_start(const struct numbers_lex *nl, const struct text *t, size_t i)
{
    size_t n;
    return i < t->ntok &&
           (t->tok[i].kind == TOK_NUMBER || lexicon_match(nl->words, t, i, t->ntok, &n) != NULL);
}

enum numword_kind numbers_word(const struct numbers_lex *nl, const struct text *t, size_t i,
                               size_t end, size_t *ntok, const char **value)
{
    size_t n = 0;
    const struct lex_row *r = NULL;
    enum wkind w = W_NONE;
    if (i < end && t->tok[i].kind != TOK_NUMBER) {
        r = lexicon_match(nl->words, t, i, end, &n);
        w = kind_of(r);
    }
    enum numword_kind k = w == W_PERCENT ? NW_PERCENT : w == W_CMP ? NW_CMP : w == W_PER ? NW_PER
                                                                                        : NW_NONE;
    if (k != NW_NONE) {
        *ntok = n;
        *value = r->field[2];
    }
    return k;
}
