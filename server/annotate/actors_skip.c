/* actors_skip.c - pass 0 of the actors stage: the dateline, photo captions, credits and
 * bylines are no part of the story, so their tokens are blocked before any other pass. */
#include "actors_int.h"

#include <string.h>

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
    if (!text_tok_is(t, i + 1, "by"))
        return false; /* (first: this runs at every token) */
    for (const char *const *p = words; *p; p++)
        if (text_tok_is(t, i, *p))
            return text_tok_is(t, i + 1, "by");
    return false;
}

/* The end of the dateline of the first paragraph, or 0. A dateline after some text there ends
 * a photo caption ("File Photo: ... (Xinhua/Ting Shen) WASHINGTON, March 1 (Xinhua) --"),
 * which is no part of the story either. */
static size_t dateline_end(const struct text *t, size_t *start)
{
    for (size_t i = 0; i < t->ntok && i < 400; i++) {
        if (i > 0 && (t->tok[i].flags & TOKF_PARA))
            break;
        bool after_break = i == 0 || text_tok_is_char(t, i - 1, ')') ||
                           text_tok_is_char(t, i - 1, '.') || (t->tok[i].flags & TOKF_NEWLINE);
        size_t end = after_break ? dateline_at(t, i) : 0;
        if (end) {
            *start = i;
            return end;
        }
    }
    return 0;
}

/* The country whose capital or name the dateline at s gives ("OTTAWA, March 24 -"): where
 * the story's unnamed government bodies belong. */
static void dateline_home(struct work *w, size_t s, size_t end)
{
    size_t n;
    const struct lex_row *r = lexicon_match(w->lx->countries_ci, w->t, s, end, &n);
    if (r != NULL && strlen(r->field[1]) == 2 && strcmp(r->field[2], "demonym") != 0 &&
        (s + n >= end || text_tok_is_char(w->t, s + n, ',')))
        memcpy(w->home, r->field[1], 3);
}

/* The end of a parenthesis opening at i within 40 tokens, or 0. */
static size_t paren_end(const struct text *t, size_t i)
{
    for (size_t j = i + 1; j < t->ntok && j < i + 40; j++)
        if (text_tok_is_char(t, j, ')'))
            return j + 1;
    return 0;
}

void actors_skip_credits(struct work *w)
{
    const struct text *t = w->t;
    size_t start = 0, dend = dateline_end(t, &start);
    if (dend)
        dateline_home(w, start, dend);
    actors_block(w, 0, dend);
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
            actors_block(w, first, sn->end);
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
            actors_block(w, first, end);
        } else if (is_byline_start(t, i)) {
            size_t j = i + 1;
            while (j < t->ntok && !(t->tok[j].flags & TOKF_NEWLINE))
                j++;
            actors_block(w, i, j);
        }
    }
}
