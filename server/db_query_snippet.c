/* db_query_snippet.c - snippets of search hits from the match positions tw_rank kept. */
#include "db_query_snippet.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "mem.h"
#include "status.h"

/* Tokens of context before the first match of a window. */
#define SNIPPET_LEAD 3

static const char ELLIPSIS[] = "\xE2\x80\xA6"; /* U+2026 */

/* The first token of the best window (see dq_snippet()). */
static int window_start(const struct rank_hit *hits, size_t n)
{
    int best = 0, best_phrases = -1, best_hits = -1;
    for (size_t a = 0; a < n; a++) {
        int start = hits[a].token > SNIPPET_LEAD ? hits[a].token - SNIPPET_LEAD : 0;
        int end = start + SNIPPET_TOKENS, count = 0, phrases = 0;
        for (size_t i = 0; i < n; i++) {
            if (hits[i].token < start || hits[i].token + hits[i].ntokens > end)
                continue;
            count++;
            bool first = true; /* the first match of its phrase in the window */
            for (size_t j = 0; j < i && first; j++)
                first = !(hits[j].phrase == hits[i].phrase && hits[j].token >= start &&
                          hits[j].token + hits[j].ntokens <= end);
            phrases += first;
        }
        if (phrases > best_phrases || (phrases == best_phrases && count > best_hits) ||
            (phrases == best_phrases && count == best_hits && start < best)) {
            best = start;
            best_phrases = phrases;
            best_hits = count;
        }
    }
    return best;
}

/* The byte ranges of the window's tokens, and whether the text goes on after it. */
struct window {
    int start, ntok;
    int begin[SNIPPET_TOKENS], end[SNIPPET_TOKENS];
    bool more;
};

static int on_token(void *arg, int index, int start, int end)
{
    struct window *w = arg;
    if (index < w->start)
        return 0;
    if (index >= w->start + SNIPPET_TOKENS) {
        w->more = true;
        return 1; /* stop: the rest of the text is not needed */
    }
    w->begin[w->ntok] = start;
    w->end[w->ntok++] = end;
    return 0;
}

/* Code points in s[0, len). */
static int64_t code_points(const char *s, size_t len)
{
    int64_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

int dq_snippet(struct search_rank *r, const char *text, size_t len, const struct rank_hit *hits,
               size_t n, struct db_search_hit *hit)
{
    struct window w = {.start = window_start(hits, n)};
    if (search_rank_tokenize(r, text, len, on_token, &w) != TW_OK)
        return TW_EDB;
    if (w.ntok == 0 && w.start > 0) { /* positions past the text: it changed since */
        memset(&w, 0, sizeof w);
        n = 0;
        if (search_rank_tokenize(r, text, len, on_token, &w) != TW_OK)
            return TW_EDB;
    }
    size_t from = w.start == 0 || w.ntok == 0 ? 0 : (size_t)w.begin[0];
    size_t to = w.more && w.ntok > 0 ? (size_t)w.end[w.ntok - 1] : len;
    struct buf b;
    buf_init(&b);
    buf_puts(&b, "");
    if (from > 0)
        buf_puts(&b, ELLIPSIS);
    int64_t lead = from > 0 ? 1 : 0; /* the ellipsis is one code point */
    buf_append(&b, text + from, to - from);
    if (w.more)
        buf_puts(&b, ELLIPSIS);
    /* Each match in the window, merged with any it overlaps, in text order. */
    size_t cap = 0;
    for (int t = 0; t < w.ntok; t++) {
        int last = -1; /* the last token of the matches that cover token t */
        for (size_t i = 0; i < n; i++)
            if (hits[i].token <= w.start + t && w.start + t < hits[i].token + hits[i].ntokens)
                last = last > hits[i].token + hits[i].ntokens - 1
                           ? last
                           : hits[i].token + hits[i].ntokens - 1;
        if (last < 0)
            continue;
        int u = t;
        while (u + 1 < w.ntok && w.start + u < last)
            u++;
        int64_t start = lead + code_points(text + from, (size_t)w.begin[t] - from);
        int64_t end = start + code_points(text + w.begin[t], (size_t)(w.end[u] - w.begin[t]));
        if (hit->nhighlights > 0 && hit->highlights[hit->nhighlights - 1].end >= start) {
            hit->highlights[hit->nhighlights - 1].end = end;
        } else {
            xgrow((void **)&hit->highlights, &cap, hit->nhighlights + 1, sizeof *hit->highlights);
            hit->highlights[hit->nhighlights++] = (struct db_highlight){start, end};
        }
        t = u;
    }
    hit->snippet = buf_steal(&b);
    return TW_OK;
}
