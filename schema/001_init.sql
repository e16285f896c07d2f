-- 001_init.sql - articles, their jobs, and what the engine found in them.
--
-- Applied by db_migrate() inside one transaction, which then sets PRAGMA user_version = 1.
-- Forward-only: once shipped, change the schema in a new 00N_*.sql, never here.
-- Times are RFC 3339 UTC text with milliseconds ("2026-11-26T23:25:21.123Z"), so that text
-- order is time order. Rates and money are integers (millionths), never REAL.

-- One row per submitted article. (source, external_id) identifies a resubmission; articles
-- without external_id are always new. content_hash covers body, title, url and published_at.
-- The body and the annotations JSON live in tables of their own: a status change rewrites
-- the whole row, and kilobytes of text in it would be copied into the WAL at every step.
CREATE TABLE articles (
    id               INTEGER PRIMARY KEY,
    source           TEXT,
    external_id      TEXT,
    title            TEXT,
    url              TEXT,
    published_at     TEXT,
    content_hash     INTEGER NOT NULL,
    received_at      TEXT    NOT NULL,
    status           TEXT    NOT NULL DEFAULT 'queued'
                     CHECK (status IN ('queued', 'processing', 'done', 'failed')),
    error            TEXT,
    annotated_at     TEXT
);

CREATE TABLE article_bodies (
    article_id  INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    body        TEXT NOT NULL
);

-- The engine's JSON as GET /v1/articles/{id} serves it, present once the article is done.
CREATE TABLE article_annotations (
    article_id  INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    json        TEXT NOT NULL
);

-- Resubmission look-up; ifnull() so that a missing source still deduplicates.
CREATE UNIQUE INDEX articles_source_external
    ON articles (ifnull(source, ''), external_id) WHERE external_id IS NOT NULL;
-- The filters of GET /v1/articles, each ending in id for the newest-first keyset cursor.
CREATE INDEX articles_status ON articles (status, id);
CREATE INDEX articles_source ON articles (source, id);
CREATE INDEX articles_received ON articles (received_at, id);

-- Pending work only: a job row exists while its article is queued or processing, and is
-- deleted when the article is done or failed. AUTOINCREMENT: a worker finishes its job by id,
-- so an id must never come back for a newer job (a resubmission or a deleted article frees the
-- highest id while a worker still holds it).
CREATE TABLE jobs (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id  INTEGER NOT NULL UNIQUE REFERENCES articles (id) ON DELETE CASCADE,
    state       TEXT    NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'processing')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT,
    queued_at   TEXT    NOT NULL,
    claimed_at  TEXT
);
-- The claim order. Partial: a claimed job leaves the index instead of moving within it, and
-- the rare look-ups of processing jobs (requeue at start) scan a table that holds only
-- pending work.
CREATE INDEX jobs_queued ON jobs (id) WHERE state = 'queued';

-- The number of rows in jobs, kept by triggers (cascaded deletes included) so that the queue
-- bound of every POST reads one row instead of counting the queue.
CREATE TABLE queue_depth (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    jobs  INTEGER NOT NULL
);
INSERT INTO queue_depth (id, jobs) VALUES (1, 0);
CREATE TRIGGER jobs_count_insert AFTER INSERT ON jobs
BEGIN
    UPDATE queue_depth SET jobs = jobs + 1 WHERE id = 1;
END;
CREATE TRIGGER jobs_count_delete AFTER DELETE ON jobs
BEGIN
    UPDATE queue_depth SET jobs = jobs - 1 WHERE id = 1;
END;

-- One row per distinct actor across all articles, merged by normalised name and type.
-- name is the fullest form seen so far; actors outlive the articles that mention them.
CREATE TABLE actors (
    id          INTEGER PRIMARY KEY,
    norm_name   TEXT NOT NULL,
    type        TEXT NOT NULL CHECK (type IN ('person', 'country', 'organization')),
    name        TEXT NOT NULL,
    country     TEXT,
    UNIQUE (norm_name, type)
);

-- One row per mention of an actor in an article. ordinal is the actor's 1-based id within the
-- article's annotations JSON, seq the mention's place among that actor's mentions; role is
-- the title this article gives the actor. Keyed by article (without rowid) so that the rows of
-- one article are stored together and need no second index: an article brings two dozen.
CREATE TABLE mentions (
    article_id  INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    ordinal     INTEGER NOT NULL,
    seq         INTEGER NOT NULL,
    actor_id    INTEGER NOT NULL REFERENCES actors (id),
    role        TEXT,
    start_cp    INTEGER NOT NULL,
    end_cp      INTEGER NOT NULL,
    text        TEXT    NOT NULL,
    PRIMARY KEY (article_id, ordinal, seq)
) WITHOUT ROWID;
CREATE INDEX mentions_actor ON mentions (actor_id, article_id);

-- Statements attributed (or not) to a speaker. Offsets are code points of the body.
CREATE TABLE claims (
    id          INTEGER PRIMARY KEY,
    article_id  INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    ordinal     INTEGER NOT NULL,
    speaker_id  INTEGER REFERENCES actors (id),
    direct      INTEGER NOT NULL CHECK (direct IN (0, 1)),
    cue         TEXT,
    start_cp    INTEGER NOT NULL,
    end_cp      INTEGER NOT NULL,
    text        TEXT    NOT NULL
);
CREATE INDEX claims_article ON claims (article_id);
CREATE INDEX claims_speaker ON claims (speaker_id);

-- Tariff figures. value_micros is the value times 1,000,000 (percent for rates, currency units
-- for money), NULL only when it does not fit in 64 bits; imposer/target are ISO codes.
CREATE TABLE tariffs (
    id           INTEGER PRIMARY KEY,
    article_id   INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    ordinal      INTEGER NOT NULL,
    kind         TEXT    NOT NULL CHECK (kind IN ('rate', 'covered_value')),
    value_micros INTEGER,
    unit         TEXT    NOT NULL,
    per          TEXT,
    comparator   TEXT    NOT NULL CHECK (comparator IN ('eq', 'gt', 'lt', 'approx')),
    imposer      TEXT,
    target       TEXT,
    change       TEXT    NOT NULL,
    start_cp     INTEGER NOT NULL,
    end_cp       INTEGER NOT NULL,
    text         TEXT    NOT NULL
);
CREATE INDEX tariffs_article ON tariffs (article_id);
CREATE INDEX tariffs_parties ON tariffs (imposer, target);

CREATE TABLE tariff_products (
    tariff_id   INTEGER NOT NULL REFERENCES tariffs (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    product     TEXT    NOT NULL,
    PRIMARY KEY (tariff_id, position)
) WITHOUT ROWID;
CREATE INDEX tariff_products_product ON tariff_products (product);
