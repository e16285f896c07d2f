/* db_annotations.c - what the engine found in an article: actors (shared across articles),
 * mentions, claims, tariff figures and their products, stored when a job completes. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "db_internal.h"
#include "mem.h"
#include "status.h"

static const char SQL_ANN_CLEAR_MENTIONS[] = "DELETE FROM mentions WHERE article_id = ?1";
static const char SQL_ANN_CLEAR_CLAIMS[] = "DELETE FROM claims WHERE article_id = ?1";
/* tariff_products follow by cascade */
static const char SQL_ANN_CLEAR_TARIFFS[] = "DELETE FROM tariffs WHERE article_id = ?1";
static const char SQL_ANN_CLEAR_JSON[] = "DELETE FROM article_annotations WHERE article_id = ?1";

/* One row per (normalised name, type); the display name grows to the fullest form seen.
 * Looked up before written: most actors recur, and a no-op upsert would still dirty a page. */
static const char SQL_ACTOR_FIND[] =
    "SELECT id, length(name), country IS NULL FROM actors WHERE norm_name = ?1 AND type = ?2";
static const char SQL_ACTOR_INSERT[] =
    "INSERT INTO actors (norm_name, type, name, country) VALUES (?1, ?2, ?3, ?4)";
static const char SQL_ACTOR_UPDATE[] =
    "UPDATE actors SET name = CASE WHEN length(?2) > length(name) THEN ?2 ELSE name END,"
    " country = coalesce(country, ?3) WHERE id = ?1";

static const char SQL_MENTION_INSERT[] =
    "INSERT INTO mentions (article_id, actor_id, ordinal, role, start_cp, end_cp, text, seq)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";

/* article_date (002_query.sql) goes in with the row: a trigger's UPDATE after the insert would
 * move the row's entries in both date indexes. */
#define ARTICLE_DATE "(SELECT article_date FROM articles WHERE id = ?1)"
static const char SQL_CLAIM_INSERT[] =
    "INSERT INTO claims (article_id, ordinal, speaker_id, direct, cue, start_cp, end_cp, text,"
    " article_date) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, " ARTICLE_DATE ")";

static const char SQL_TARIFF_INSERT[] =
    "INSERT INTO tariffs (article_id, ordinal, kind, value_micros, unit, per, comparator,"
    " imposer, target, change, start_cp, end_cp, text, sentence, article_date)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, " ARTICLE_DATE ")";

static const char SQL_PRODUCT_INSERT[] =
    "INSERT INTO tariff_products (tariff_id, position, product, article_date)"
    " VALUES (?1, ?2, ?3, (SELECT article_date FROM tariffs WHERE id = ?1))";

static const char SQL_ARTICLE_DONE[] =
    "UPDATE articles SET status = 'done', error = NULL, annotated_at = ?2 WHERE id = ?1";
static const char SQL_ANN_JSON_PUT[] =
    "INSERT OR REPLACE INTO article_annotations (article_id, json) VALUES (?1, ?2)";

static int clear_one(struct db *db, enum db_stmt_id id, const char *name, const char *sql,
                     int64_t article_id)
{
    sqlite3_stmt *st = db_stmt(db, id, name, sql);
    if (st == NULL)
        return TW_EDB;
    sqlite3_bind_int64(st, 1, article_id);
    return db_exec_stmt(db, st, name);
}

int db_annotations_clear_locked(struct db *db, int64_t article_id)
{
    int status = clear_one(db, ST_ANN_CLEAR_MENTIONS, "ann_clear_mentions", SQL_ANN_CLEAR_MENTIONS,
                           article_id);
    if (status == TW_OK)
        status = clear_one(db, ST_ANN_CLEAR_CLAIMS, "ann_clear_claims", SQL_ANN_CLEAR_CLAIMS,
                           article_id);
    if (status == TW_OK)
        status = clear_one(db, ST_ANN_CLEAR_TARIFFS, "ann_clear_tariffs", SQL_ANN_CLEAR_TARIFFS,
                           article_id);
    if (status == TW_OK)
        status = clear_one(db, ST_ANN_CLEAR_JSON, "ann_clear_json", SQL_ANN_CLEAR_JSON, article_id);
    return status;
}

void db_actor_normalize(const char *name, struct buf *out)
{
    buf_reset(out);
    bool space = false;
    for (const unsigned char *p = (const unsigned char *)name; *p != '\0'; p++) {
        unsigned char c = *p;
        if (c == '.' || c == '\'')
            continue; /* "U.S." is "US", "People's" is "Peoples" */
        if (c == 0xE2 && p[1] == 0x80 && p[2] == 0x99) {
            p += 2; /* U+2019, the typographic apostrophe */
            continue;
        }
        bool word =
            c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        if (!word) {
            space = out->len > 0;
            continue;
        }
        if (space)
            buf_putc(out, ' ');
        space = false;
        buf_putc(out, (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
    }
    if (out->cap == 0)
        buf_puts(out, ""); /* keep data non-NULL for the bind */
}

/* Binds the text of span s of body (empty when the engine gave a span outside it). */
static void bind_span(sqlite3_stmt *st, int first, const struct job *j, const struct ann_span *s)
{
    sqlite3_bind_int64(st, first, s->start);
    sqlite3_bind_int64(st, first + 1, s->end);
    bool ok = s->byte_start <= s->byte_end && s->byte_end <= j->body_len;
    sqlite3_bind_text(st, first + 2, ok ? j->body + s->byte_start : "",
                      ok ? (int)(s->byte_end - s->byte_start) : 0, SQLITE_STATIC);
}

static int bind_code(sqlite3_stmt *st, int i, const char *code)
{
    return db_bind_text(st, i, code[0] != '\0' ? code : NULL);
}

/* Merges actor a into the actors table; *id gets its row. */
static int upsert_actor(struct db *db, const struct ann_actor *a, struct buf *norm, int64_t *id)
{
    sqlite3_stmt *find = db_stmt(db, ST_ACTOR_FIND, "actor_find", SQL_ACTOR_FIND);
    if (find == NULL)
        return TW_EDB;
    const char *name = a->name != NULL ? a->name : "";
    const char *country = a->country[0] != '\0' ? a->country : NULL;
    db_actor_normalize(name, norm);
    sqlite3_bind_text(find, 1, norm->data, (int)norm->len, SQLITE_STATIC);
    sqlite3_bind_text(find, 2, actor_type_name(a->type), -1, SQLITE_STATIC);
    int rc = sqlite3_step(find);
    bool found = rc == SQLITE_ROW, grow = false;
    if (found) {
        *id = sqlite3_column_int64(find, 0);
        /* byte length against SQLite's character length: only ever a spurious update */
        grow = strlen(name) > (size_t)sqlite3_column_int64(find, 1) ||
               (sqlite3_column_int(find, 2) && country != NULL);
    }
    int status = found || rc == SQLITE_DONE ? TW_OK : db_fail(db, "actor_find", rc);
    db_done(find);
    if (status != TW_OK || (found && !grow))
        return status;

    sqlite3_stmt *st;
    if (found) {
        st = db_stmt(db, ST_ACTOR_UPDATE, "actor_update", SQL_ACTOR_UPDATE);
        if (st == NULL)
            return TW_EDB;
        sqlite3_bind_int64(st, 1, *id);
        sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
        db_bind_text(st, 3, country);
        return db_exec_stmt(db, st, "actor_update");
    }
    st = db_stmt(db, ST_ACTOR_INSERT, "actor_insert", SQL_ACTOR_INSERT);
    if (st == NULL)
        return TW_EDB;
    sqlite3_bind_text(st, 1, norm->data, (int)norm->len, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, actor_type_name(a->type), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, name, -1, SQLITE_STATIC);
    db_bind_text(st, 4, country);
    status = db_exec_stmt(db, st, "actor_insert");
    if (status == TW_OK)
        *id = sqlite3_last_insert_rowid(db->h);
    return status;
}

static int store_actors(struct db *db, const struct job *j, const struct annotations *a,
                        int64_t *actor_ids)
{
    sqlite3_stmt *st = db_stmt(db, ST_MENTION_INSERT, "mention_insert", SQL_MENTION_INSERT);
    if (st == NULL)
        return TW_EDB;
    struct buf norm;
    buf_init(&norm);
    int status = TW_OK;
    for (size_t i = 0; status == TW_OK && i < a->nactors; i++) {
        const struct ann_actor *actor = &a->actors[i];
        status = upsert_actor(db, actor, &norm, &actor_ids[i]);
        for (size_t m = 0; status == TW_OK && m < actor->nmentions; m++) {
            sqlite3_bind_int64(st, 1, j->article_id);
            sqlite3_bind_int64(st, 2, actor_ids[i]);
            sqlite3_bind_int64(st, 3, (sqlite3_int64)i + 1);
            sqlite3_bind_text(st, 4, actor->role, -1, SQLITE_STATIC);
            bind_span(st, 5, j, &actor->mentions[m]);
            sqlite3_bind_int64(st, 8, (sqlite3_int64)m + 1);
            status = db_exec_stmt(db, st, "mention_insert");
        }
    }
    buf_cleanup(&norm);
    return status;
}

static int store_claims(struct db *db, const struct job *j, const struct annotations *a,
                        const int64_t *actor_ids)
{
    sqlite3_stmt *st = db_stmt(db, ST_CLAIM_INSERT, "claim_insert", SQL_CLAIM_INSERT);
    if (st == NULL)
        return TW_EDB;
    int status = TW_OK;
    for (size_t i = 0; status == TW_OK && i < a->nclaims; i++) {
        const struct ann_claim *c = &a->claims[i];
        sqlite3_bind_int64(st, 1, j->article_id);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)i + 1);
        if (c->speaker >= 0 && (size_t)c->speaker < a->nactors)
            sqlite3_bind_int64(st, 3, actor_ids[c->speaker]);
        else
            sqlite3_bind_null(st, 3);
        sqlite3_bind_int(st, 4, c->direct ? 1 : 0);
        sqlite3_bind_text(st, 5, c->cue, -1, SQLITE_STATIC);
        bind_span(st, 6, j, &c->span);
        status = db_exec_stmt(db, st, "claim_insert");
    }
    return status;
}

/* Millionths of v, or NULL when they do not fit in 64 bits (or v is not a number). */
static void bind_micros(sqlite3_stmt *st, int i, double v)
{
    double m = v * 1e6;
    if (isfinite(m) && fabs(m) < 9.2e18)
        sqlite3_bind_int64(st, i, llround(m));
    else
        sqlite3_bind_null(st, i);
}

static int store_products(struct db *db, int64_t tariff_id, const struct ann_tariff *t)
{
    sqlite3_stmt *st = db_stmt(db, ST_PRODUCT_INSERT, "product_insert", SQL_PRODUCT_INSERT);
    if (st == NULL)
        return TW_EDB;
    int status = TW_OK;
    for (size_t k = 0; status == TW_OK && k < t->nproducts; k++) {
        sqlite3_bind_int64(st, 1, tariff_id);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)k);
        sqlite3_bind_text(st, 3, t->products[k] != NULL ? t->products[k] : "", -1, SQLITE_STATIC);
        status = db_exec_stmt(db, st, "product_insert");
    }
    return status;
}

static int store_tariffs(struct db *db, const struct job *j, const struct annotations *a)
{
    sqlite3_stmt *st = db_stmt(db, ST_TARIFF_INSERT, "tariff_insert", SQL_TARIFF_INSERT);
    if (st == NULL)
        return TW_EDB;
    int status = TW_OK;
    for (size_t i = 0; status == TW_OK && i < a->ntariffs; i++) {
        const struct ann_tariff *t = &a->tariffs[i];
        char unit[sizeof t->unit + 1];
        memcpy(unit, t->unit, sizeof t->unit);
        unit[sizeof t->unit] = '\0'; /* the engine fills it; do not trust a full array */
        sqlite3_bind_int64(st, 1, j->article_id);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)i + 1);
        sqlite3_bind_text(st, 3, tariff_kind_name(t->kind), -1, SQLITE_STATIC);
        bind_micros(st, 4, t->value);
        sqlite3_bind_text(st, 5, unit, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 6, t->per, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 7, tariff_cmp_name(t->comparator), -1, SQLITE_STATIC);
        bind_code(st, 8, t->imposer);
        bind_code(st, 9, t->target);
        sqlite3_bind_text(st, 10, tariff_change_name(t->change), -1, SQLITE_STATIC);
        bind_span(st, 11, j, &t->span);
        /* its sentence, for GET /v1/tariffs (schema/002_query.sql), found by the engine */
        if (t->sentence_start < t->sentence_end && t->sentence_end <= j->body_len)
            sqlite3_bind_text(st, 14, j->body + t->sentence_start,
                              (int)(t->sentence_end - t->sentence_start), SQLITE_STATIC);
        else
            sqlite3_bind_null(st, 14);
        status = db_exec_stmt(db, st, "tariff_insert");
        if (status == TW_OK)
            status = store_products(db, sqlite3_last_insert_rowid(db->h), t);
    }
    return status;
}

int db_annotations_store_locked(struct db *db, const struct job *j, const struct annotations *a,
                                const char *annotations_json, const char *now)
{
    int64_t *actor_ids = xcalloc(a->nactors ? a->nactors : 1, sizeof *actor_ids);
    /* A completed job's article has no annotation rows (a resubmission clears them), so the
     * inserts need no prior delete. */
    int status = store_actors(db, j, a, actor_ids);
    if (status == TW_OK)
        status = store_claims(db, j, a, actor_ids);
    if (status == TW_OK)
        status = store_tariffs(db, j, a);
    free(actor_ids);
    if (status != TW_OK)
        return status;
    sqlite3_stmt *st = db_stmt(db, ST_ARTICLE_DONE, "article_done", SQL_ARTICLE_DONE);
    sqlite3_stmt *put = db_stmt(db, ST_ANN_JSON_PUT, "ann_json_put", SQL_ANN_JSON_PUT);
    if (st == NULL || put == NULL)
        return TW_EDB;
    sqlite3_bind_int64(st, 1, j->article_id);
    db_bind_text(st, 2, now);
    status = db_exec_stmt(db, st, "article_done");
    if (status != TW_OK)
        return status;
    sqlite3_bind_int64(put, 1, j->article_id);
    sqlite3_bind_text(put, 2, annotations_json != NULL ? annotations_json : "{}", -1,
                      SQLITE_STATIC);
    return db_exec_stmt(db, put, "ann_json_put");
}
