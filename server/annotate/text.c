/* text.c - tokeniser and sentence splitter tuned for wire copy (see text.h for the token rules).
 *
 * One left-to-right pass makes the tokens; a second pass over the tokens places sentence
 * breaks. Both are linear; nothing here backtracks more than a few code points.
 */
#include "text.h"

#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "status.h"
#include "utf8.h"

enum cclass { C_SPACE, C_NEWLINE, C_LETTER, C_DIGIT, C_QUOTE, C_APOS, C_PUNCT };

#define SP C_SPACE
#define NL C_NEWLINE
#define LT C_LETTER
#define DG C_DIGIT
#define QU C_QUOTE
#define AP C_APOS
#define PU C_PUNCT
/* ASCII classes by table: most of a body is ASCII, and every byte is classified */
static const uint8_t ascii_class[128] = {
    SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, NL, SP, SP, SP, SP, SP,
    SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP,
    SP, PU, QU, PU, PU, PU, PU, AP, PU, PU, PU, PU, PU, PU, PU, PU,
    DG, DG, DG, DG, DG, DG, DG, DG, DG, DG, PU, PU, PU, PU, PU, PU,
    PU, LT, LT, LT, LT, LT, LT, LT, LT, LT, LT, LT, LT, LT, LT, LT,
    LT, LT, LT, LT, LT, LT, LT, LT, LT, LT, LT, PU, PU, PU, PU, PU,
    PU, LT, LT, LT, LT, LT, LT, LT, LT, LT, LT, LT, LT, LT, LT, LT,
    LT, LT, LT, LT, LT, LT, LT, LT, LT, LT, LT, PU, PU, PU, PU, SP,
};
#undef SP
#undef NL
#undef LT
#undef DG
#undef QU
#undef AP
#undef PU

static inline enum cclass classify(uint32_t c)
{
    if (c < 0x80)
        return (enum cclass)ascii_class[c];
    if (c == 0x2019 || c == 0x2018)
        return C_APOS;
    if (c == 0xAD)
        return C_LETTER; /* a soft hyphen sits inside a word ("Ro\u00ADberto") */ /* decided by context: apostrophe or single quote */
    if (c == 0x201C || c == 0x201D || c == 0x201E || c == 0x201F || c == 0xAB || c == 0xBB)
        return C_QUOTE;
    if (c == 0xA0 || (c >= 0x2000 && c <= 0x200B) || c == 0x202F || c == 0x205F ||
        c == 0x3000 || c == 0xFEFF || c == 0x85)
        return C_SPACE;
    if (c == 0x2028 || c == 0x2029)
        return C_NEWLINE;
    if (c < 0xC0 || c == 0xD7 || c == 0xF7 || (c >= 0x2010 && c <= 0x206F) ||
        (c >= 0x20A0 && c <= 0x20CF) || (c >= 0x2100 && c <= 0x2BFF) ||
        (c >= 0x3001 && c <= 0x303F) || (c >= 0xFF01 && c <= 0xFF0F) || c == 0xFFFD ||
        (c >= 0x1F000 && c <= 0x1FAFF))
        return C_PUNCT;
    return C_LETTER; /* letters of every other script, CJK included */
}

static inline bool is_upper(uint32_t c)
{
    if (c < 0x80)
        return c - 'A' < 26u;
    return (c >= 0xC0 && c <= 0xDE && c != 0xD7) ||
           (c >= 0x100 && c <= 0x17F && (c & 1) == 0) || (c >= 0x391 && c <= 0x3A9) ||
           (c >= 0x410 && c <= 0x42F);
}

struct cursor {
    const unsigned char *s;
    size_t len;
};

/* Decodes the code point at byte i; *n gets its length. The text is valid UTF-8. */
static inline uint32_t cp_at(const struct cursor *cur, size_t i, size_t *n)
{
    if (cur->s[i] < 0x80) {
        *n = 1;
        return cur->s[i];
    }
    uint32_t c = 0xFFFD;
    size_t k = utf8_decode(cur->s + i, cur->len - i, &c);
    *n = k ? k : 1;
    return c;
}

static inline enum cclass class_at(const struct cursor *cur, size_t i)
{
    if (i >= cur->len)
        return C_SPACE;
    if (cur->s[i] < 0x80)
        return (enum cclass)ascii_class[cur->s[i]];
    size_t n;
    return classify(cp_at(cur, i, &n));
}

#define FNV_OFFSET 2166136261u

/* One byte of FNV-1a 32 over ASCII-lower-cased bytes. */
static inline uint32_t hash_step(uint32_t h, unsigned char c)
{
    if (c >= 'A' && c <= 'Z')
        c = (unsigned char)(c + 32);
    return (h ^ c) * 16777619u;
}

static inline uint32_t hash_bytes(uint32_t h, const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        h = hash_step(h, s[i]);
    return h;
}

uint32_t text_hash_lower(const char *s, size_t n)
{
    return hash_bytes(FNV_OFFSET, (const unsigned char *)s, n);
}

/* Length in bytes of a dotted abbreviation ("U.S.", "e.g.") at i, or 0. */
static size_t dotted_abbrev(const struct cursor *cur, size_t i)
{
    size_t j = i, letters = 0;
    while (j + 1 < cur->len && cur->s[j] < 0x80 && classify(cur->s[j]) == C_LETTER &&
           cur->s[j + 1] == '.') {
        letters++;
        j += 2;
    }
    if (letters < 2 || class_at(cur, j) == C_LETTER || class_at(cur, j) == C_DIGIT)
        return 0;
    return j - i;
}

static void push(struct text *t, size_t *cap, uint32_t start, uint32_t end, uint32_t cp_start,
                 uint32_t cp_end, enum tok_kind kind, uint8_t flags, uint32_t lower_hash)
{
    if (t->ntok == *cap) {
        void *p = t->tok;
        xgrow(&p, cap, t->ntok + 1, sizeof *t->tok);
        t->tok = p;
    }
    struct token *k = &t->tok[t->ntok++];
    k->start = start;
    k->end = end;
    k->cp_start = cp_start;
    k->cp_end = cp_end;
    k->sentence = 0;
    k->kind = (uint8_t)kind;
    k->flags = flags;
    k->quote_pair = 0;
    k->lower_hash = lower_hash;
}

static uint8_t case_bits(size_t letters, size_t upper, bool first_upper)
{
    uint8_t f = first_upper ? TOKF_CAP : 0;
    if (letters >= 2 && upper == letters)
        f |= TOKF_UPPER;
    return f;
}

/* The ASCII letters and digits of a word from byte i, as the general loop in tokenize would take
 * them, but with everything in registers: returns the byte after them; counts the letters and
 * upper-case letters and goes on with the hash. */
static size_t scan_ascii(const unsigned char *s, size_t i, size_t len, size_t *letters,
                         size_t *upper, uint32_t *hash)
{
    size_t l = 0, u = 0;
    uint32_t h = *hash;
    for (; i < len; i++) {
        unsigned b = s[i];
        if (b >= 0x80)
            break;
        if (ascii_class[b] == C_LETTER) {
            l++;
            u += b <= 'Z';
        } else if (ascii_class[b] != C_DIGIT) {
            break;
        }
        h = hash_step(h, (unsigned char)b);
    }
    *letters += l;
    *upper += u;
    *hash = h;
    return i;
}

/* Case flags of a word token (the dotted abbreviations; tokenize counts the others itself). */
static uint8_t case_flags(const struct cursor *cur, size_t start, size_t end)
{
    size_t letters = 0, upper = 0, n;
    bool first_upper = false;
    for (size_t i = start; i < end; i += n) {
        uint32_t c = cp_at(cur, i, &n);
        if (classify(c) != C_LETTER)
            continue;
        if (letters == 0)
            first_upper = is_upper(c);
        letters++;
        upper += is_upper(c);
    }
    return case_bits(letters, upper, first_upper);
}

static void tokenize(struct text *t)
{
    struct cursor cur = {(const unsigned char *)t->s, t->len};
    /* wire copy runs about five bytes a token: reserve that, not a series of reallocs */
    size_t cap = t->len / 4 + 8, i = 0;
    t->tok = xmalloc(cap * sizeof *t->tok);
    uint32_t cp = 0; /* code point index of byte i */
    uint8_t pending = 0;
    int newlines = 0;
    while (i < t->len) {
        size_t n;
        uint32_t c = cp_at(&cur, i, &n);
        enum cclass cls = classify(c);
        if (cls == C_SPACE || cls == C_NEWLINE) {
            pending |= TOKF_SPACE;
            if (cls == C_NEWLINE)
                pending |= ++newlines >= 2 ? (TOKF_NEWLINE | TOKF_PARA) : TOKF_NEWLINE;
            i += n, cp++;
            continue;
        }
        newlines = 0;
        size_t start = i;
        uint32_t cp_start = cp;
        enum tok_kind kind;
        uint8_t flags = pending;
        pending = 0;
        uint32_t hash = 0;
        bool hashed = false;
        size_t ab = cls == C_LETTER ? dotted_abbrev(&cur, i) : 0;
        if (ab) {
            i += ab, cp += (uint32_t)ab;
            kind = TOK_WORD;
            flags |= case_flags(&cur, start, i);
        } else if (cls == C_LETTER) {
            /* letters, digits and apostrophes between letters; "'s" splits off. The letters
             * are counted on the way, as case_flags would count them, and the bytes hashed as
             * text_hash_lower would: one pass over the bytes of the word. */
            size_t letters = 0, upper = 0;
            bool first_upper = is_upper(c); /* c, the first code point, is a letter */
            hash = FNV_OFFSET;
            hashed = true;
            while (i < t->len) {
                size_t j = scan_ascii(cur.s, i, t->len, &letters, &upper, &hash);
                cp += (uint32_t)(j - i);
                i = j;
                if (i >= t->len)
                    break;
                uint32_t d = cp_at(&cur, i, &n);
                enum cclass dc = classify(d);
                if (dc == C_LETTER) {
                    letters++;
                    upper += is_upper(d);
                    hash = hash_bytes(hash, cur.s + i, n);
                    i += n, cp++;
                    continue;
                }
                if (dc == C_DIGIT) {
                    hash = hash_bytes(hash, cur.s + i, n);
                    i += n, cp++;
                    continue;
                }
                if (dc == C_APOS && (d == '\'' || d == 0x2019) && class_at(&cur, i + n) == C_LETTER) {
                    size_t m;
                    uint32_t after = cp_at(&cur, i + n, &m);
                    bool possessive = (after == 's' || after == 'S') &&
                                      class_at(&cur, i + n + m) != C_LETTER;
                    if (!possessive) {
                        letters++; /* the letter after the apostrophe, never the first */
                        upper += is_upper(after);
                        hash = hash_bytes(hash, cur.s + i, n + m);
                        i += n + m, cp += 2;
                        continue;
                    }
                }
                break;
            }
            kind = TOK_WORD;
            flags |= case_bits(letters, upper, first_upper);
        } else if (cls == C_DIGIT) {
            while (i < t->len) {
                unsigned char d = cur.s[i];
                if (d >= '0' && d <= '9') {
                    i++, cp++;
                } else if ((d == ',' || d == '.') && i + 1 < t->len && cur.s[i + 1] >= '0' &&
                           cur.s[i + 1] <= '9') {
                    i += 2, cp += 2;
                } else {
                    break;
                }
            }
            kind = TOK_NUMBER;
        } else if (cls == C_APOS) {
            enum cclass prev = start ? class_at(&cur, start - 1) : C_SPACE;
            size_t m;
            uint32_t after = i + n < t->len ? cp_at(&cur, i + n, &m) : ' ';
            enum cclass next = i + n < t->len ? classify(after) : C_SPACE;
            i += n, cp++;
            if ((after == 's' || after == 'S') && prev == C_LETTER && !(flags & TOKF_SPACE) &&
                class_at(&cur, i + 1) != C_LETTER) {
                i++, cp++; /* possessive: "Taiwan's" gives "Taiwan" + "'s" */
                kind = TOK_WORD;
            } else if (c == 0x2018 || ((prev == C_SPACE || prev == C_NEWLINE || prev == C_PUNCT ||
                                        prev == C_QUOTE) &&
                                       (next == C_LETTER || next == C_DIGIT || next == C_QUOTE))) {
                kind = TOK_QUOTE;
                flags |= TOKF_QOPEN;
            } else if (prev == C_LETTER && (next == C_SPACE || next == C_NEWLINE || next == C_PUNCT) &&
                       start > 0 && (cur.s[start - 1] == 's' || cur.s[start - 1] == 'S') &&
                       next != C_PUNCT) {
                kind = TOK_PUNCT; /* plural possessive: "countries' exports" */
            } else {
                kind = TOK_QUOTE;
                flags |= TOKF_QCLOSE;
            }
        } else if (cls == C_QUOTE) {
            i += n, cp++;
            kind = TOK_QUOTE;
            if (c == 0x201C || c == 0x201E || c == 0xAB) {
                flags |= TOKF_QOPEN;
            } else if (c == 0x201D || c == 0xBB) {
                flags |= TOKF_QCLOSE;
            } else {
                enum cclass prev = start ? class_at(&cur, start - 1) : C_SPACE;
                enum cclass next = class_at(&cur, i);
                bool open_ctx = prev == C_SPACE || prev == C_NEWLINE || start == 0 ||
                                (prev == C_PUNCT && cur.s[start - 1] != '.' && cur.s[start - 1] != ',');
                bool close_ctx = next == C_SPACE || next == C_NEWLINE || next == C_PUNCT ||
                                 i >= t->len;
                if (open_ctx && !close_ctx)
                    flags |= TOKF_QOPEN;
                else if (close_ctx && !open_ctx)
                    flags |= TOKF_QCLOSE;
                else
                    flags |= TOKF_QOPEN | TOKF_QCLOSE;
            }
        } else {
            i += n, cp++;
            kind = TOK_PUNCT;
        }
        if (!hashed)
            hash = text_hash_lower(t->s + start, i - start);
        push(t, &cap, (uint32_t)start, (uint32_t)i, cp_start, cp, kind, flags, hash);
    }
}

static const char *const no_break_after[] = {
    "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "lt", "col", "st", "jr", "sr",
    "corp", "inc", "ltd", "no", "vs", "jan", "feb", "mar", "apr", "aug", "sept", "sep", "oct",
    "nov", "dec", "prof", "messrs", "cmdr", "adm", "maj", "capt", "sgt", "rev", "hon", "est",
    "approx", "dept", "fig", NULL};

static bool is_no_break_word(const struct text *t, size_t i)
{
    if (t->tok[i].kind != TOK_WORD)
        return false;
    size_t n = text_tok_len(t, i);
    if (n == 1 && (t->tok[i].flags & TOKF_CAP))
        return true; /* an initial: "George W. Bush" */
    for (const char *const *w = no_break_after; *w; w++)
        if (text_tok_is_ci(t, i, *w))
            return true;
    return false;
}

static bool ends_in_period(const struct text *t, size_t i)
{
    return t->tok[i].kind == TOK_WORD && t->s[t->tok[i].end - 1] == '.';
}

static bool is_terminal(const struct text *t, size_t i)
{
    return text_tok_is_char(t, i, '.') || text_tok_is_char(t, i, '!') ||
           text_tok_is_char(t, i, '?') || text_tok_is_char(t, i, 0x2026);
}

/* Words that start sentences after a dotted abbreviation: "... with the U.S. The talks" */
static bool is_sentence_starter(const struct text *t, size_t i)
{
    static const char *const starters[] = {
        "The", "It", "He", "She", "They", "We", "I", "But", "And", "In", "A", "An", "This",
        "That", "These", "Those", "There", "Its", "His", "Her", "Their", "On", "At", "For",
        "If", "As", "Under", "Officials", "Analysts", NULL};
    for (const char *const *w = starters; *w; w++)
        if (text_tok_is(t, i, *w))
            return true;
    return false;
}

/* True when token i is a capitalised word glued to a full stop that ends a lower-case word:
 * "Wolf said.Basically, ..." is two sentences that lost their space in transmission. Initials,
 * abbreviations and domain names ("ftchinese.com", "Amazon.Com.") are left alone. */
static bool glued_full_stop(const struct text *t, size_t i)
{
    const struct token *k = &t->tok[i], *w = &t->tok[i - 2];
    if (k->kind != TOK_WORD || !(k->flags & TOKF_CAP) || (k->flags & TOKF_UPPER) ||
        !text_tok_is_char(t, i - 1, '.') || (t->tok[i - 1].flags & TOKF_SPACE) ||
        w->kind != TOK_WORD || (w->flags & TOKF_CAP) || text_tok_len(t, i - 2) < 3 ||
        is_no_break_word(t, i - 2))
        return false;
    return i + 1 >= t->ntok || !text_tok_is_char(t, i + 1, '.') ||
           (t->tok[i + 1].flags & TOKF_SPACE);
}

static void split_sentences(struct text *t)
{
    size_t cap = 0;
    uint32_t first = 0;
    for (size_t i = 0; i < t->ntok; i++) {
        bool brk = false;
        const struct token *k = &t->tok[i];
        if (i > first && (k->flags & TOKF_PARA)) {
            brk = true;
        } else if (i > first && (k->flags & TOKF_NEWLINE)) {
            const struct token *p = &t->tok[i - 1];
            bool prev_open = (p->kind == TOK_WORD && !(p->flags & TOKF_CAP) && !ends_in_period(t, i - 1)) ||
                             text_tok_is_char(t, i - 1, ',');
            bool next_lower = k->kind == TOK_WORD && !(k->flags & TOKF_CAP);
            brk = !(prev_open && next_lower);
        } else if (i > first && (k->flags & TOKF_SPACE)) {
            /* look back over closing quotes and brackets to the terminal mark */
            size_t j = i - 1;
            while (j > first && (t->tok[j].kind == TOK_QUOTE ? (t->tok[j].flags & TOKF_QCLOSE) != 0
                                                             : text_tok_is_char(t, j, ')')))
                j--;
            bool starts = (k->flags & TOKF_CAP) || k->kind == TOK_NUMBER ||
                          (k->kind == TOK_QUOTE && (k->flags & TOKF_QOPEN)) ||
                          text_tok_is_char(t, i, '(');
            if (is_terminal(t, j) && starts) {
                brk = !(text_tok_is_char(t, j, '.') && j > first && is_no_break_word(t, j - 1));
            } else if (j == i - 1 && ends_in_period(t, j) && starts) {
                /* (not "He said U.S. Officials had ...": a sentence never ends "said U.S.") */
                bool open_verb = j > first && (text_tok_is_ci(t, j - 1, "said") ||
                                               text_tok_is_ci(t, j - 1, "says") ||
                                               text_tok_is_ci(t, j - 1, "that"));
                brk = (is_sentence_starter(t, i) || k->kind == TOK_QUOTE) && !open_verb;
            }
        } else if (i > first + 1 && glued_full_stop(t, i)) {
            brk = true;
        }
        if (brk) {
            void *p = t->sent;
            xgrow(&p, &cap, t->nsent + 1, sizeof *t->sent);
            t->sent = p;
            t->sent[t->nsent++] = (struct sentence){first, (uint32_t)i};
            first = (uint32_t)i;
        }
    }
    if (first < t->ntok) {
        void *p = t->sent;
        xgrow(&p, &cap, t->nsent + 1, sizeof *t->sent);
        t->sent = p;
        t->sent[t->nsent++] = (struct sentence){first, (uint32_t)t->ntok};
    }
    for (size_t s = 0; s < t->nsent; s++)
        for (uint32_t i = t->sent[s].first; i < t->sent[s].end; i++)
            t->tok[i].sentence = (uint32_t)s;
}

int text_init(struct text *t, const char *s, size_t len)
{
    memset(t, 0, sizeof *t);
    if (len >= UINT32_MAX)
        return TW_ETOOBIG;
    t->s = s;
    t->len = len;
    tokenize(t);
    split_sentences(t);
    return TW_OK;
}

void text_cleanup(struct text *t)
{
    free(t->tok);
    free(t->sent);
    memset(t, 0, sizeof *t);
}

bool text_tok_is_cp(const struct text *t, size_t i, uint32_t c)
{
    if (i >= t->ntok)
        return false;
    const struct token *k = &t->tok[i];
    if (k->kind != TOK_PUNCT && k->kind != TOK_QUOTE)
        return false;
    uint32_t d;
    size_t n = utf8_decode((const unsigned char *)t->s + k->start, k->end - k->start, &d);
    return n == k->end - k->start && d == c;
}

size_t text_tok_lower(const struct text *t, size_t i, char *out, size_t cap)
{
    size_t n = text_tok_len(t, i);
    if (n >= cap)
        n = cap - 1;
    const char *p = text_tok_ptr(t, i);
    for (size_t k = 0; k < n; k++) {
        char c = p[k];
        out[k] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
    }
    out[n] = '\0';
    return n;
}

/* A sentence run longer than this is cut to SENTENCE_CONTEXT around the range it holds. */
#define SENTENCE_MAX 600
#define SENTENCE_CONTEXT 240

/* Index of the first token whose end is past byte b (ntok when none). */
static size_t token_after(const struct text *t, size_t b)
{
    size_t lo = 0, hi = t->ntok;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->tok[mid].end <= b)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

bool text_sentence_around(const struct text *t, size_t byte_start, size_t byte_end, size_t *start,
                          size_t *end)
{
    if (t->ntok == 0 || t->nsent == 0 || byte_start >= byte_end || byte_end > t->len)
        return false;
    size_t first = token_after(t, byte_start), last = token_after(t, byte_end - 1);
    if (first >= t->ntok)
        return false;
    if (last >= t->ntok)
        last = t->ntok - 1;
    size_t f = t->sent[t->tok[first].sentence].first;
    size_t l = t->sent[t->tok[last].sentence].end - 1;
    if (t->tok[l].end - t->tok[f].start > SENTENCE_MAX) {
        while (f < first && t->tok[first].start - t->tok[f].start > SENTENCE_CONTEXT)
            f++;
        while (l > last && t->tok[l].end - t->tok[last].end > SENTENCE_CONTEXT)
            l--;
    }
    *start = t->tok[f].start;
    *end = t->tok[l].end;
    return true;
}
