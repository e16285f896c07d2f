/* db_query_snippet.h - the snippet of a search hit: about SNIPPET_TOKENS tokens of its text
 * around its matches, with the matched terms marked, cut with search_fts's own tokenizer from
 * the positions tw_rank kept (db_query_rank.h).
 *
 * Threads: the thread that holds the connection r belongs to.
 */
#ifndef TW_DB_QUERY_SNIPPET_H
#define TW_DB_QUERY_SNIPPET_H

#include <stddef.h>

#include "db_query.h"
#include "db_query_rank.h"

#define SNIPPET_TOKENS 24

/* Sets hit's snippet (U+2026 where text is left out) and highlights (code point offsets into
 * the snippet) from text (len bytes, UTF-8) and its n matches. The window is the stretch of
 * SNIPPET_TOKENS tokens, starting a few tokens before a match, that holds the most distinct
 * phrases, then the most matches, then comes first. 0 or TW_EDB (the tokenizer failed). */
int dq_snippet(struct search_rank *r, const char *text, size_t len, const struct rank_hit *hits,
               size_t n, struct db_search_hit *hit);

#endif
