/* fuzz_search.c - libFuzzer harness over the full-text queries: db_search() and the claims
 * list's q, with any query text, window and cursor, on a small annotated database.
 *
 * The input is up to five lines: q, since, until, cursor, and a line whose first bytes pick
 * the kind and the limit. Whatever they hold, each call must answer TW_OK or TW_EINVAL (bad
 * input is a 400, never a 500: an FTS5 syntax error included), and every hit must be well
 * formed: its snippet valid UTF-8, its highlights ordered, non-empty and inside the snippet.
 * A violation aborts, so libFuzzer keeps the input.
 *
 * Built and run by tests/fuzz/run_fuzz.sh (FUZZ_TARGET=search).
 * Threads: libFuzzer's one thread, which holds the one connection.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "db_internal.h"
#include "db_query.h"
#include "mem.h"
#include "status.h"
#include "utf8.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct db *db;

/* Wire copy of our own, over several days and hours, titles, bodies and claims. */
static const char SEED_SQL[] =
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40)"
    " INSERT INTO articles (id, title, published_at, content_hash, received_at)"
    " SELECT i, CASE i % 3 WHEN 0 THEN 'U.S. raises steel tariffs on China'"
    "  WHEN 1 THEN 'Japan trade surplus narrows' ELSE 'EU weighs duties on Chinese cars' END,"
    " printf('2026-0%d-%02dT%02d:15:00Z', 1 + i % 3, 1 + i % 28, i % 24), i,"
    " '2026-05-01T00:00:00.000Z' FROM n;"
    "INSERT INTO article_bodies SELECT id, title || '. Officials said the tariff of 25 percent"
    " would cover $300 billion of imports, and the \"trade deficit\" was widening. '"
    " || 'Exporters and importers reacted; exports fell.' FROM articles;"
    "INSERT INTO claims (article_id, ordinal, direct, start_cp, end_cp, text)"
    " SELECT id, 1, id % 2, 0, 10, 'we will defend our industry against unfair trade'"
    " FROM articles;"
    "UPDATE articles SET status = 'done';";

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    if (db_open(":memory:", &db) != TW_OK || db_migrate(db) != TW_OK ||
        sqlite3_exec(db->h, SEED_SQL, NULL, NULL, NULL) != SQLITE_OK) {
        fprintf(stderr, "fuzz_search: cannot set up the database\n");
        abort();
    }
    return 0;
}

static void violation(const char *what, const char *q)
{
    fprintf(stderr, "fuzz_search: %s (q: %s)\n", what, q);
    abort();
}

static void check_page(const struct db_search_page *p, const char *q)
{
    for (size_t i = 0; i < p->n; i++) {
        const struct db_search_hit *h = &p->items[i];
        size_t len = strlen(h->snippet);
        if (!utf8_valid(h->snippet, len))
            violation("a snippet is not valid UTF-8", q);
        int64_t cps = 0;
        for (size_t k = 0; k < len; k++)
            cps += ((unsigned char)h->snippet[k] & 0xC0) != 0x80;
        int64_t last = 0;
        for (size_t k = 0; k < h->nhighlights; k++) {
            const struct db_highlight *m = &h->highlights[k];
            if (m->start < last || m->end <= m->start || m->end > cps)
                violation("a highlight is out of order or outside its snippet", q);
            last = m->end;
        }
    }
}

/* The next line of the input, NUL-terminated in place, or NULL when there is none. */
static char *next_line(char **p)
{
    if (*p == NULL)
        return NULL;
    char *line = *p, *nl = strchr(line, '\n');
    *p = nl != NULL ? nl + 1 : NULL;
    if (nl != NULL)
        *nl = '\0';
    return line;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = xmalloc(size + 1);
    memcpy(text, data, size);
    text[size] = '\0'; /* a NUL inside ends the text early, as a C string would */
    char *p = text;
    const char *q = next_line(&p);
    const char *since = next_line(&p), *until = next_line(&p), *cursor = next_line(&p);
    const char *opts = next_line(&p);
    struct db_search_filter f = {.q = q, .since = since && *since ? since : NULL,
                                 .until = until && *until ? until : NULL,
                                 .cursor = cursor && *cursor ? cursor : NULL, .limit = 20};
    if (opts != NULL && opts[0] != '\0') {
        f.has_kind = opts[0] % 4 != 3;
        f.kind = (enum db_search_kind)(opts[0] % 4 % 3);
        if (opts[1] != '\0')
            f.limit = 1 + (unsigned char)opts[1] % 60;
    }
    if (q != NULL && utf8_valid(q, strlen(q))) {
        struct db_search_page page = {0};
        struct db_query_err err = {{0}};
        int rc = db_search(db, &f, &page, &err);
        if (rc != TW_OK && rc != TW_EINVAL)
            violation("db_search failed other than with a bad-input answer", q);
        if (rc == TW_OK)
            check_page(&page, q);
        db_search_page_cleanup(&page);

        struct db_claim_filter c = {.q = q, .since = f.since, .until = f.until, .limit = f.limit};
        struct db_claim_page claims = {0};
        rc = db_claim_list(db, &c, &claims, &err);
        if (rc != TW_OK && rc != TW_EINVAL)
            violation("db_claim_list failed other than with a bad-input answer", q);
        db_claim_page_cleanup(&claims);
    }
    free(text);
    return 0;
}
