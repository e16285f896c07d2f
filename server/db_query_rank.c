/* db_query_rank.c - tw_rank(): BM25 over search_fts matches, with phrase counts computed once
 * per search, lengths read from rowids and matched positions kept for the snippets
 * (db_query_rank.h says why); and search_fts's tokenizer. */
#include "db_query_rank.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "db_query_internal.h"
#include "log.h"
#include "mem.h"
#include "status.h"

#define BM25_K1 1.2
#define BM25_B 0.75

/* The rows a search scored: a few hundred per kind, looked up for a page of them. */
struct ranked_row {
    int64_t rowid;
    size_t first, n; /* its hits in search_rank.hits */
};

struct search_rank {
    fts5_tokenizer tokenizer; /* search_fts's: porter over unicode61 */
    Fts5Tokenizer *tok;
    double words[DQ_FTS_LENGTH_LAST + 1]; /* the word count of each length class */
    /* The current search's statistics: NULL query when none since the last reset. */
    char *query;
    double avg_len;
    int nphrase;
    double *idf;
    int *phrase_size, *freq;
    /* What it scored. */
    struct ranked_row *rows;
    size_t nrows, rows_cap;
    struct rank_hit *hits;
    size_t nhits, hits_cap;
};

void search_rank_reset(struct search_rank *r)
{
    if (r == NULL)
        return;
    free(r->query);
    free(r->idf);
    free(r->phrase_size);
    free(r->freq);
    r->query = NULL;
    r->idf = NULL;
    r->phrase_size = r->freq = NULL;
    r->nphrase = 0;
    r->avg_len = 0;
    r->nrows = r->nhits = 0; /* the arrays are kept for the next search */
}

void search_rank_free(struct search_rank *r)
{
    if (r == NULL)
        return;
    search_rank_reset(r);
    if (r->tok != NULL)
        r->tokenizer.xDelete(r->tok);
    free(r->rows);
    free(r->hits);
    free(r);
}

static int count_row(const Fts5ExtensionApi *api, Fts5Context *fts, void *arg)
{
    (void)api;
    (void)fts;
    (*(int64_t *)arg)++;
    return SQLITE_OK;
}

/* Fills r's statistics for query from the match in fts. Each phrase weighs as in bm25(): the
 * log of how rare it is, floored just above zero for a phrase in more than half the rows. */
static int compute_stats(struct search_rank *r, const Fts5ExtensionApi *api, Fts5Context *fts,
                         const char *query)
{
    sqlite3_int64 rows = 0, tokens = 0;
    int rc = api->xRowCount(fts, &rows);
    if (rc == SQLITE_OK)
        rc = api->xColumnTotalSize(fts, -1, &tokens);
    if (rc != SQLITE_OK)
        return rc;
    search_rank_reset(r);
    r->avg_len = rows > 0 && tokens > 0 ? (double)tokens / (double)rows : 1.0;
    r->nphrase = api->xPhraseCount(fts);
    size_t n = (size_t)(r->nphrase > 0 ? r->nphrase : 1);
    r->idf = xcalloc(n, sizeof *r->idf);
    r->phrase_size = xcalloc(n, sizeof *r->phrase_size);
    r->freq = xcalloc(n, sizeof *r->freq);
    for (int i = 0; i < r->nphrase; i++) {
        r->phrase_size[i] = api->xPhraseSize(fts, i);
        int64_t hits = 0;
        if (r->nphrase > 1)
            rc = api->xQueryPhrase(fts, i, &hits, count_row);
        if (rc != SQLITE_OK) {
            search_rank_reset(r);
            return rc;
        }
        double idf =
            r->nphrase > 1 ? log(((double)rows - (double)hits + 0.5) / ((double)hits + 0.5)) : 1.0;
        r->idf[i] = idf > 0 ? idf : 1e-6;
    }
    r->query = xstrdup(query);
    return SQLITE_OK;
}

/* Counts each phrase's matches in the current row into r->freq and keeps the first
 * SEARCH_RANK_HITS of them for rowid. */
static int read_matches(struct search_rank *r, const Fts5ExtensionApi *api, Fts5Context *fts,
                        int64_t rowid)
{
    int ninst = 0;
    int rc = api->xInstCount(fts, &ninst);
    if (rc != SQLITE_OK)
        return rc;
    memset(r->freq, 0, (size_t)r->nphrase * sizeof *r->freq);
    xgrow((void **)&r->rows, &r->rows_cap, r->nrows + 1, sizeof *r->rows);
    struct ranked_row *row = &r->rows[r->nrows++];
    *row = (struct ranked_row){.rowid = rowid, .first = r->nhits};
    for (int i = 0; i < ninst; i++) {
        int phrase, col, off;
        rc = api->xInst(fts, i, &phrase, &col, &off);
        if (rc != SQLITE_OK)
            return rc;
        if (phrase < 0 || phrase >= r->nphrase)
            continue;
        r->freq[phrase]++;
        if (row->n < SEARCH_RANK_HITS) {
            xgrow((void **)&r->hits, &r->hits_cap, r->nhits + 1, sizeof *r->hits);
            r->hits[r->nhits++] = (struct rank_hit){
                .phrase = phrase, .token = off, .ntokens = r->phrase_size[phrase]};
            row->n++;
        }
    }
    return SQLITE_OK;
}

/* tw_rank(search_fts, query): minus the BM25 score of the current row. */
static void tw_rank(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx, int argc,
                    sqlite3_value **argv)
{
    struct search_rank *r = api->xUserData(fts);
    const char *query = argc == 1 ? (const char *)sqlite3_value_text(argv[0]) : NULL;
    if (query == NULL) {
        sqlite3_result_error(ctx, "tw_rank takes the match's query text", -1);
        return;
    }
    int rc = SQLITE_OK;
    if (r->query == NULL || strcmp(r->query, query) != 0 || r->nphrase != api->xPhraseCount(fts))
        rc = compute_stats(r, api, fts, query);
    int64_t rowid = api->xRowid(fts);
    if (rc == SQLITE_OK)
        rc = read_matches(r, api, fts, rowid);
    if (rc != SQLITE_OK) {
        sqlite3_result_error_code(ctx, rc);
        return;
    }
    double len = r->words[rowid & DQ_FTS_LENGTH_LAST];
    double norm = BM25_K1 * (1 - BM25_B + BM25_B * len / r->avg_len);
    double score = 0;
    for (int i = 0; i < r->nphrase; i++)
        score += r->idf[i] * r->freq[i] * (BM25_K1 + 1) / (r->freq[i] + norm);
    sqlite3_result_double(ctx, -score);
}

const struct rank_hit *search_rank_hits(const struct search_rank *r, int64_t rowid, size_t *n)
{
    for (size_t i = 0; i < r->nrows; i++) { /* a few hundred rows, looked up twenty times */
        if (r->rows[i].rowid == rowid) {
            *n = r->rows[i].n;
            return r->hits + r->rows[i].first;
        }
    }
    *n = 0;
    return NULL;
}

struct tokenize_ctx {
    int (*token)(void *arg, int index, int start, int end);
    void *arg;
    int index;
};

static int on_token(void *arg, int flags, const char *token, int ntoken, int start, int end)
{
    (void)token;
    (void)ntoken;
    struct tokenize_ctx *t = arg;
    if (flags & FTS5_TOKEN_COLOCATED) /* a synonym at the same position */
        return SQLITE_OK;
    return t->token(t->arg, t->index++, start, end) != 0 ? SQLITE_DONE : SQLITE_OK;
}

int search_rank_tokenize(struct search_rank *r, const char *text, size_t len,
                         int (*token)(void *arg, int index, int start, int end), void *arg)
{
    if (len > INT32_MAX)
        return TW_EDB;
    struct tokenize_ctx t = {.token = token, .arg = arg};
    int rc = r->tokenizer.xTokenize(r->tok, &t, FTS5_TOKENIZE_DOCUMENT, text, (int)len, on_token);
    return rc == SQLITE_OK || rc == SQLITE_DONE ? TW_OK : TW_EDB;
}

/* FTS5 hands its API out through a pointer-passing SELECT. */
static fts5_api *fts5_api_of(sqlite3 *h)
{
    fts5_api *api = NULL;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(h, "SELECT fts5(?1)", -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
        sqlite3_step(st);
    }
    sqlite3_finalize(st);
    return api;
}

int search_rank_register(sqlite3 *h, struct search_rank **out)
{
    /* search_fts's tokenize option (002_query.sql), as arguments of porter. */
    const char *tokenizer_args[] = {"unicode61", "remove_diacritics", "2"};
    fts5_api *api = fts5_api_of(h);
    if (api == NULL || api->iVersion < 2) {
        log_error("sqlite3: FTS5 is missing (tw_rank needs it)");
        return TW_EDB;
    }
    struct search_rank *r = xcalloc(1, sizeof *r);
    for (int c = 0; c <= DQ_FTS_LENGTH_LAST; c++) /* the inverse of the schema's class */
        r->words[c] = exp2(c / 16.0) - 1;
    void *tokenizer_data = NULL;
    int rc = api->xFindTokenizer(api, "porter", &tokenizer_data, &r->tokenizer);
    if (rc == SQLITE_OK)
        rc = r->tokenizer.xCreate(tokenizer_data, tokenizer_args, 3, &r->tok);
    if (rc == SQLITE_OK)
        rc = api->xCreateFunction(api, "tw_rank", r, tw_rank, NULL);
    if (rc != SQLITE_OK) {
        log_error("sqlite3: cannot set up tw_rank: %s", sqlite3_errstr(rc));
        search_rank_free(r);
        return TW_EDB;
    }
    *out = r;
    return TW_OK;
}
