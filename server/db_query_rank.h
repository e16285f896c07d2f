/* db_query_rank.h - the full-text side of GET /v1/search that SQLite's built-ins made costly:
 * tw_rank(), the relevance of a search_fts match, which also keeps where each candidate's
 * matched terms are, and the tokenizer of search_fts, with which db_query_snippet.c cuts the
 * snippets of a page around those terms. Registered on every connection (db.c).
 *
 *     SELECT rowid, tw_rank(search_fts, ?query) FROM search_fts WHERE search_fts MATCH ?query
 *
 * tw_rank scores like FTS5's own bm25() (k1 1.2, b 0.75; lower is better) with three
 * differences that make a search a few times cheaper and rank nearly the same:
 * - bm25() counts the rows of every phrase (its inverse document frequency) once per
 *   full-text cursor, a walk of the phrase's whole doclist (26,000 rows for "trade" in 100,000
 *   articles) that a search repeats for each of its three kinds. tw_rank counts them once per
 *   search: the counts are kept on the connection until search_rank_reset().
 * - A query of one phrase skips the count: its weight multiplies every score alike.
 * - A row's length is its word count as its rowid carries it (004_search_by_date.sql, within
 *   3%), where bm25() reads its token count from the docsize table, 0.7 us a row. Words and
 *   tokens differ little (unicode61 also splits "U.S." and "1,000").
 * FTS5's snippet() would set the query up again (a prefix query merges the doclists of every
 * term it covers) and tokenize each whole text; the positions kept here spare both.
 *
 * Threads: the thread that holds the connection (a connection is confined to one thread).
 */
#ifndef TW_DB_QUERY_RANK_H
#define TW_DB_QUERY_RANK_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

struct search_rank;

/* Registers tw_rank on h; *out is the state it keeps, freed by search_rank_free() after h is
 * closed. 0 or TW_EDB. */
int search_rank_register(sqlite3 *h, struct search_rank **out);
void search_rank_free(struct search_rank *r);

/* Forgets the phrase counts and positions: call before and after each search. */
void search_rank_reset(struct search_rank *r);

/* A matched phrase in a row: its first token and how many tokens it spans; phrase is its
 * index in the query (0-based). */
struct rank_hit {
    int phrase;
    int token, ntokens;
};

/* The matches tw_rank saw in rowid since the last reset (the first SEARCH_RANK_HITS of them,
 * in document order); *n is 0 for a row it did not score. */
#define SEARCH_RANK_HITS 32
const struct rank_hit *search_rank_hits(const struct search_rank *r, int64_t rowid, size_t *n);

/* Runs search_fts's tokenizer over text, calling token() with each token's index and byte
 * range until it returns nonzero. 0 or TW_EDB. */
int search_rank_tokenize(struct search_rank *r, const char *text, size_t len,
                         int (*token)(void *arg, int index, int start, int end), void *arg);

#endif
