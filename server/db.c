/* db.c - connections, migrations, the read/write pool and the helpers the db_<table>.c files
 * share. Table-specific SQL lives in db_articles.c, db_jobs.c and db_annotations.c. */
#include "db.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db_internal.h"
#include "db_webhooks.h"
#include "embedded.h"
#include "log.h"
#include "mem.h"
#include "db_query_rank.h"
#include "status.h"

/* Long enough to ride out a checkpoint or another process's write burst; in-process writers
 * hold the write lock for well under a millisecond per transaction. */
#define DB_BUSY_TIMEOUT_MS 5000

static const char SQL_BEGIN[] = "BEGIN IMMEDIATE";
static const char SQL_COMMIT[] = "COMMIT";
static const char SQL_ROLLBACK[] = "ROLLBACK";
static const char SQL_PING[] = "SELECT 1";

/* Per-connection settings. WAL lets readers run beside the writer; synchronous=NORMAL in WAL
 * loses no committed transaction on kill -9 (only, at worst, the last ones on power loss).
 * Checkpoints (each with an fsync, run by the committing writer) come every 10,000 pages
 * (~40 MB of WAL) instead of SQLite's 1,000: an article writes ~25 pages, so the default meant
 * an fsync in the write path every ~40 articles; the journal size limit hands the space back
 * after a burst. Reads map up to 1 GiB of the file instead of copying pages through the cache
 * (20-35% less CPU on the dashboard queries of a 100,000-article archive). */
static const char SQL_PRAGMAS[] = "PRAGMA foreign_keys = ON;"
                                  "PRAGMA synchronous = NORMAL;"
                                  "PRAGMA temp_store = MEMORY;"
                                  "PRAGMA cache_size = -8192;"
                                  "PRAGMA wal_autocheckpoint = 10000;"
                                  "PRAGMA journal_size_limit = 67108864;"
                                  "PRAGMA mmap_size = 1073741824;";
static const char SQL_JOURNAL_WAL[] = "PRAGMA journal_mode = WAL";
static const char SQL_USER_VERSION[] = "PRAGMA user_version";

static const char *const status_names[] = {"queued", "processing", "done", "failed"};

const char *article_status_name(enum article_status s)
{
    return (unsigned)s < sizeof status_names / sizeof *status_names ? status_names[s] : "unknown";
}

int article_status_parse(const char *name, enum article_status *out)
{
    for (size_t i = 0; i < sizeof status_names / sizeof *status_names; i++) {
        if (name != NULL && strcmp(name, status_names[i]) == 0) {
            *out = (enum article_status)i;
            return TW_OK;
        }
    }
    return TW_EINVAL;
}

void db_assert_owner(const struct db *db)
{
#ifndef NDEBUG
    assert(pthread_equal(db->owner, pthread_self()));
#else
    (void)db;
#endif
}

void db_adopt(struct db *db)
{
#ifndef NDEBUG
    db->owner = pthread_self();
#else
    (void)db;
#endif
}

int db_fail(struct db *db, const char *what, int rc)
{
    int primary = rc & 0xff;
    log_error("database %s failed: %s (%d)", what, sqlite3_errmsg(db->h), rc);
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
        return TW_EBUSY;
    if (primary == SQLITE_CONSTRAINT)
        return TW_ECONFLICT;
    return TW_EDB;
}

sqlite3_stmt *db_stmt(struct db *db, enum db_stmt_id id, const char *name, const char *sql)
{
    db_assert_owner(db);
    if (db->stmt[id] != NULL)
        return db->stmt[id];
    int rc = sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &db->stmt[id], NULL);
    if (rc != SQLITE_OK) {
        db_fail(db, name, rc);
        db->stmt[id] = NULL;
    }
    return db->stmt[id];
}

void db_done(sqlite3_stmt *st)
{
    if (st == NULL)
        return;
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
}

int db_exec_stmt(struct db *db, sqlite3_stmt *st, const char *name)
{
    int rc = sqlite3_step(st);
    int status = rc == SQLITE_DONE || rc == SQLITE_ROW ? TW_OK : db_fail(db, name, rc);
    db_done(st);
    return status;
}

static int exec_simple(struct db *db, enum db_stmt_id id, const char *name, const char *sql)
{
    sqlite3_stmt *st = db_stmt(db, id, name, sql);
    if (st == NULL)
        return TW_EDB;
    return db_exec_stmt(db, st, name);
}

/* Writers of this process queue here before BEGIN IMMEDIATE. SQLite would serialise them
 * anyway, but its busy handler polls with sleeps of 1 ms and more, which capped ingest plus
 * annotation near 1,500 articles/s on two cores; a mutex hands the lock over at once. One
 * mutex for every database file of the process: only tests open several. The busy timeout
 * still covers writers in other processes. */
static pthread_mutex_t write_mu = PTHREAD_MUTEX_INITIALIZER;

static void write_unlock(struct db *db)
{
    if (db->writing) {
        db->writing = false;
        pthread_mutex_unlock(&write_mu);
    }
}

int db_begin(struct db *db)
{
    assert(!db->writing);
    pthread_mutex_lock(&write_mu);
    db->writing = true;
    int rc = exec_simple(db, ST_BEGIN, "begin", SQL_BEGIN);
    if (rc != TW_OK)
        write_unlock(db);
    return rc;
}

int db_commit(struct db *db)
{
    int rc = exec_simple(db, ST_COMMIT, "commit", SQL_COMMIT);
    if (rc != TW_OK)
        db_rollback(db); /* a failed COMMIT can leave the transaction open */
    write_unlock(db);
    return rc;
}

void db_rollback(struct db *db)
{
    if (!sqlite3_get_autocommit(db->h)) /* else SQLite already rolled back (SQLITE_FULL...) */
        exec_simple(db, ST_ROLLBACK, "rollback", SQL_ROLLBACK);
    write_unlock(db);
}

int db_bind_text(sqlite3_stmt *st, int i, const char *s)
{
    if (s == NULL)
        return sqlite3_bind_null(st, i);
    return sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
}

char *db_column_strdup(sqlite3_stmt *st, int i)
{
    const unsigned char *s = sqlite3_column_text(st, i);
    if (s == NULL)
        return NULL;
    return xstrndup((const char *)s, (size_t)sqlite3_column_bytes(st, i));
}

void db_now(char *out, size_t cap)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    /* One formatter: the delivery times are compared with these as text in SQL. */
    db_webhooks_time((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000, out, cap);
}

/* SQLite counts every allocation in global statistics behind one mutex unless told not to,
 * and Debian's build has no lookaside, so each small allocation of every connection took it:
 * the HTTP threads queued on that lock under load. Nothing reads the statistics. Must run
 * before SQLite initialises. */
static void sqlite_global_init(void)
{
    if (sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) != SQLITE_OK)
        log_warn("sqlite3: cannot turn memory statistics off");
}

int db_open(const char *path, struct db **out)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, sqlite_global_init);
    struct db *db = NULL;
    int status = TW_EDB;
    int rc;

    if (!sqlite3_threadsafe()) {
        log_error("cannot open database %s: sqlite3 was built without thread support", path);
        return TW_EDB;
    }
    db = xcalloc(1, sizeof *db);
    db->path = xstrdup(path);
    db_adopt(db);
    /* NOMUTEX: a connection is confined to one thread at a time, so SQLite's per-connection
     * mutex would only cost time. */
    rc = sqlite3_open_v2(path, &db->h,
                         SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        log_error("cannot open database %s: %s", path,
                  db->h != NULL ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc));
        goto out;
    }
    sqlite3_extended_result_codes(db->h, 1);
    sqlite3_busy_timeout(db->h, DB_BUSY_TIMEOUT_MS);
    rc = sqlite3_exec(db->h, SQL_PRAGMAS, NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        status = db_fail(db, "pragmas", rc);
        goto out;
    }
    status = search_rank_register(db->h, &db->rank);
    if (status != TW_OK)
        goto out;
    status = TW_EDB;
    /* journal_mode answers the mode it got: "wal", or "memory" for :memory:. */
    sqlite3_stmt *st = NULL;
    rc = sqlite3_prepare_v2(db->h, SQL_JOURNAL_WAL, -1, &st, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        status = db_fail(db, "journal_mode", rc);
        sqlite3_finalize(st);
        goto out;
    }
    const char *mode = (const char *)sqlite3_column_text(st, 0);
    if (mode == NULL || (strcmp(mode, "wal") != 0 && strcmp(mode, "memory") != 0))
        log_warn("database %s: journal mode is %s, not wal", path, mode ? mode : "unknown");
    sqlite3_finalize(st);
    status = TW_OK;
out:
    if (status != TW_OK) {
        db_close(db);
        return status;
    }
    *out = db;
    return TW_OK;
}

void db_close(struct db *db)
{
    if (db == NULL)
        return;
    for (size_t i = 0; i < ST__COUNT; i++)
        sqlite3_finalize(db->stmt[i]);
    if (db->h != NULL && sqlite3_close(db->h) != SQLITE_OK)
        log_error("cannot close database %s: %s", db->path, sqlite3_errmsg(db->h));
    search_rank_free(db->rank);
    free(db->path);
    free(db);
}

/* Returns the version a migration path "schema/NNN_name.sql" carries, or -1. */
static int migration_version(const char *path)
{
    static const char prefix[] = "schema/";
    size_t plen = sizeof prefix - 1, len = strlen(path);
    if (strncmp(path, prefix, plen) != 0 || len < plen + 5 || strcmp(path + len - 4, ".sql") != 0)
        return -1;
    int v = 0;
    const char *p = path + plen;
    for (; *p >= '0' && *p <= '9' && v < 100000; p++)
        v = v * 10 + (*p - '0');
    return p > path + plen && *p == '_' ? v : -1;
}

static int user_version(struct db *db, int *out)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db->h, SQL_USER_VERSION, -1, &st, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        int status = db_fail(db, "user_version", rc);
        sqlite3_finalize(st);
        return status;
    }
    *out = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return TW_OK;
}

static int apply_migration(struct db *db, const struct embedded_file *f, int version)
{
    /* PRAGMA takes no bound parameters; the version is an integer parsed from a compiled-in
     * file name, never input. */
    char set_version[64];
    snprintf(set_version, sizeof set_version, "PRAGMA user_version = %d", version);
    int status = db_begin(db);
    if (status != TW_OK)
        return status;
    /* Another process may have applied it since we looked: re-read under the write lock. */
    int current = 0;
    status = user_version(db, &current);
    if (status != TW_OK || current >= version) {
        db_rollback(db);
        return status;
    }
    int rc = sqlite3_exec(db->h, f->data, NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(db->h, set_version, NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        status = db_fail(db, f->path, rc);
        db_rollback(db);
        return status;
    }
    status = db_commit(db);
    if (status == TW_OK)
        log_info("database %s: applied %s", db->path, f->path);
    return status;
}

int db_migrate(struct db *db)
{
    db_assert_owner(db);
    int current = 0, latest = 0;
    int status = user_version(db, &current);
    if (status != TW_OK)
        return status;
    for (const struct embedded_file *f = embedded_files; f->path != NULL; f++) {
        int v = migration_version(f->path);
        if (v < 0)
            continue;
        if (v != latest + 1) {
            log_error("cannot migrate database %s: %s breaks the numbering", db->path, f->path);
            return TW_EDB;
        }
        latest = v;
        if (v <= current)
            continue;
        status = apply_migration(db, f, v);
        if (status != TW_OK)
            return status;
    }
    if (current > latest) {
        log_error("cannot use database %s: schema version %d is newer than this build's %d",
                  db->path, current, latest);
        return TW_EDB;
    }
    return TW_OK;
}

int db_ping(struct db *db)
{
    sqlite3_stmt *st = db_stmt(db, ST_PING, "ping", SQL_PING);
    if (st == NULL)
        return TW_EDB;
    return db_exec_stmt(db, st, "ping");
}

/* ---- the pool of the HTTP threads ----
 * The mutex guards free/nfree; a connection handed out belongs to its borrower until released. */
struct db_pool {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct db **all;
    struct db **free;
    size_t n, nfree;
};

int db_pool_new(const char *path, size_t n, struct db_pool **out)
{
    if (n == 0)
        return TW_EINVAL;
    struct db_pool *pool = xcalloc(1, sizeof *pool);
    pthread_mutex_init(&pool->mu, NULL);
    pthread_cond_init(&pool->cv, NULL);
    pool->all = xcalloc(n, sizeof *pool->all);
    pool->free = xcalloc(n, sizeof *pool->free);
    for (size_t i = 0; i < n; i++) {
        int status = db_open(path, &pool->all[i]);
        if (status != TW_OK) {
            db_pool_free(pool);
            return status;
        }
        pool->n++;
        pool->free[pool->nfree++] = pool->all[i];
    }
    *out = pool;
    return TW_OK;
}

void db_pool_free(struct db_pool *pool)
{
    if (pool == NULL)
        return;
    assert(pool->nfree == pool->n); /* every connection returned */
    for (size_t i = 0; i < pool->n; i++) {
        db_adopt(pool->all[i]);
        db_close(pool->all[i]);
    }
    pthread_cond_destroy(&pool->cv);
    pthread_mutex_destroy(&pool->mu);
    free(pool->all);
    free(pool->free);
    free(pool);
}

struct db *db_pool_acquire(struct db_pool *pool)
{
    pthread_mutex_lock(&pool->mu);
    while (pool->nfree == 0)
        pthread_cond_wait(&pool->cv, &pool->mu);
    struct db *db = pool->free[--pool->nfree];
    pthread_mutex_unlock(&pool->mu);
    db_adopt(db);
    return db;
}

void db_pool_release(struct db_pool *pool, struct db *db)
{
    if (db == NULL)
        return;
    db_assert_owner(db);
    pthread_mutex_lock(&pool->mu);
    assert(pool->nfree < pool->n);
    pool->free[pool->nfree++] = db;
    pthread_cond_signal(&pool->cv);
    pthread_mutex_unlock(&pool->mu);
}
