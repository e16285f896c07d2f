-- 004_search_by_date.sql - full-text rows numbered in date order and carrying their length, so
-- that "the newest matches" and a since/until window are rowid ranges that FTS5 reads directly,
-- and ranking needs no per-row length lookup.
--
-- 002 numbered a row (kind << 48) + id: newest meant most recently stored, and a window had to
-- look up the date of every match until it found enough inside (14 ms for "trade" in a month
-- of 100,000 articles). A rowid is now
--     kind << 61 | day << 40 | id << 8 | length class
-- - kind: 1 title, 2 body (id: the article's), 3 claim (id: the claim's); ids stay below 2^32.
-- - day: the article date's day count from 1900-01-01, clamped to 0 .. 2^21 - 1 (dates outside
--   1900..7641 share the end days and are told apart by their exact date, which
--   db_query_search.c checks on the first and last day of a window).
-- - length class: 16 * log2(2 + spaces) rounded, at most 255: the text's word count to within
--   3%, which ranking (server/db_query_rank.c) uses instead of reading each row's length from
--   FTS5's docsize table, 0.7 us a row and most of a ranking's cost.
-- db_query_internal.h (DQ_FTS_*) decodes the same numbers. Deletes take the range of the 256
-- length classes, so that a row can be removed without its text (a body deleted by cascade).
--
-- The rows are written by the triggers of 002, replaced here, under the same invariants
-- (002's header): an article's date changes only together with a clear of its annotations,
-- and its title and body are indexed while it is done or failed. The index is rebuilt from
-- the tables (about 30 s for 100,000 articles).

ALTER TABLE articles ADD COLUMN search_day INTEGER
    GENERATED ALWAYS AS (max(0, min(2097151,
        CAST(julianday(article_date) - 2415020.5 AS INTEGER)))) VIRTUAL;
ALTER TABLE articles ADD COLUMN title_length_class INTEGER
    GENERATED ALWAYS AS (min(255, CAST(round(16 * log2(2 + length(title)
        - length(replace(replace(title, ' ', ''), char(10), '')))) AS INTEGER))) VIRTUAL;
ALTER TABLE article_bodies ADD COLUMN length_class INTEGER
    GENERATED ALWAYS AS (min(255, CAST(round(16 * log2(2 + length(body)
        - length(replace(replace(body, ' ', ''), char(10), '')))) AS INTEGER))) VIRTUAL;
ALTER TABLE claims ADD COLUMN search_day INTEGER
    GENERATED ALWAYS AS (max(0, min(2097151,
        CAST(julianday(article_date) - 2415020.5 AS INTEGER)))) VIRTUAL;
ALTER TABLE claims ADD COLUMN length_class INTEGER
    GENERATED ALWAYS AS (min(255, CAST(round(16 * log2(2 + length(text)
        - length(replace(replace(text, ' ', ''), char(10), '')))) AS INTEGER))) VIRTUAL;

DROP TRIGGER claims_query_insert;
DROP TRIGGER claims_query_delete;
DROP TRIGGER articles_search_done;
DROP TRIGGER articles_search_queued;
DROP TRIGGER articles_search_update;
DROP TRIGGER articles_search_delete;
DROP TRIGGER bodies_search_insert;
DROP TRIGGER bodies_search_update;
DROP TRIGGER bodies_search_delete;

DROP TABLE search_fts;
CREATE VIRTUAL TABLE search_fts USING fts5(text, tokenize = 'porter unicode61 remove_diacritics 2');

INSERT INTO search_fts (rowid, text)
    SELECT (1 << 61) | (search_day << 40) | (id << 8) | title_length_class, title FROM articles
    WHERE title IS NOT NULL AND status IN ('done', 'failed');
INSERT INTO search_fts (rowid, text)
    SELECT (2 << 61) | (a.search_day << 40) | (a.id << 8) | b.length_class, b.body
    FROM article_bodies b JOIN articles a ON a.id = b.article_id
    WHERE a.status IN ('done', 'failed');
INSERT INTO search_fts (rowid, text)
    SELECT (3 << 61) | (search_day << 40) | (id << 8) | length_class, text FROM claims;

-- A claim written without its article_date (db_annotations.c writes it) takes its article's day:
-- claims_date_insert fills the column after this trigger may have run.
CREATE TRIGGER claims_query_insert AFTER INSERT ON claims
BEGIN
    INSERT INTO search_fts (rowid, text) VALUES ((3 << 61) | (coalesce(new.search_day,
        (SELECT search_day FROM articles WHERE id = new.article_id)) << 40) | (new.id << 8)
        | new.length_class, new.text);
    UPDATE actors SET n_claims = n_claims + 1 WHERE id = new.speaker_id;
END;

CREATE TRIGGER claims_query_delete AFTER DELETE ON claims
BEGIN
    DELETE FROM search_fts WHERE rowid BETWEEN (3 << 61) | (old.search_day << 40) | (old.id << 8)
        AND (3 << 61) | (old.search_day << 40) | (old.id << 8) | 255;
    UPDATE actors SET n_claims = n_claims - 1 WHERE id = old.speaker_id;
    UPDATE actor_articles SET claims = claims - 1
        WHERE actor_id = old.speaker_id AND article_id = old.article_id;
END;

CREATE TRIGGER articles_search_done AFTER UPDATE OF status ON articles
    WHEN new.status IN ('done', 'failed') AND old.status NOT IN ('done', 'failed')
BEGIN
    INSERT INTO search_fts (rowid, text)
        SELECT (1 << 61) | (new.search_day << 40) | (new.id << 8) | new.title_length_class,
               new.title
        WHERE new.title IS NOT NULL;
    INSERT INTO search_fts (rowid, text)
        SELECT (2 << 61) | (new.search_day << 40) | (new.id << 8) | length_class, body
        FROM article_bodies WHERE article_id = new.id;
END;

-- Takes an article's title and body out of the index. old.search_day: a resubmission may
-- change the date in the same UPDATE.
CREATE TRIGGER articles_search_queued AFTER UPDATE OF status ON articles
    WHEN old.status IN ('done', 'failed') AND new.status NOT IN ('done', 'failed')
BEGIN
    DELETE FROM search_fts WHERE rowid BETWEEN (1 << 61) | (old.search_day << 40) | (old.id << 8)
        AND (1 << 61) | (old.search_day << 40) | (old.id << 8) | 255;
    DELETE FROM search_fts WHERE rowid BETWEEN (2 << 61) | (old.search_day << 40) | (old.id << 8)
        AND (2 << 61) | (old.search_day << 40) | (old.id << 8) | 255;
END;

-- A title changed while the article stays out of the queue (no path does so today).
CREATE TRIGGER articles_search_update AFTER UPDATE OF title ON articles
    WHEN old.status IN ('done', 'failed') AND new.status IN ('done', 'failed')
BEGIN
    DELETE FROM search_fts WHERE rowid BETWEEN (1 << 61) | (old.search_day << 40) | (old.id << 8)
        AND (1 << 61) | (old.search_day << 40) | (old.id << 8) | 255;
    INSERT INTO search_fts (rowid, text)
        SELECT (1 << 61) | (new.search_day << 40) | (new.id << 8) | new.title_length_class,
               new.title
        WHERE new.title IS NOT NULL;
END;

-- The body's row goes here too: when the body is deleted by the cascade, its article row is
-- already gone, and with it the day that bodies_search_delete needs. Deleting rows that are
-- not indexed is a no-op for FTS5.
CREATE TRIGGER articles_search_delete AFTER DELETE ON articles
BEGIN
    DELETE FROM search_fts WHERE rowid BETWEEN (1 << 61) | (old.search_day << 40) | (old.id << 8)
        AND (1 << 61) | (old.search_day << 40) | (old.id << 8) | 255;
    DELETE FROM search_fts WHERE rowid BETWEEN (2 << 61) | (old.search_day << 40) | (old.id << 8)
        AND (2 << 61) | (old.search_day << 40) | (old.id << 8) | 255;
END;

-- A body written while its article is done or failed (no path does so today) replaces the
-- indexed one. INSERT OR REPLACE of a body fires no delete trigger: the insert drops any
-- previous row. The body's rows of one article are the range of its length classes.
CREATE TRIGGER bodies_search_insert AFTER INSERT ON article_bodies
    WHEN (SELECT status FROM articles WHERE id = new.article_id) IN ('done', 'failed')
BEGIN
    DELETE FROM search_fts WHERE rowid BETWEEN
        (SELECT (2 << 61) | (search_day << 40) | (id << 8) FROM articles WHERE id = new.article_id)
        AND (SELECT (2 << 61) | (search_day << 40) | (id << 8) | 255 FROM articles
             WHERE id = new.article_id);
    INSERT INTO search_fts (rowid, text)
        SELECT (2 << 61) | (search_day << 40) | (id << 8) | new.length_class, new.body
        FROM articles WHERE id = new.article_id;
END;

CREATE TRIGGER bodies_search_update AFTER UPDATE OF body ON article_bodies
    WHEN (SELECT status FROM articles WHERE id = new.article_id) IN ('done', 'failed')
BEGIN
    DELETE FROM search_fts WHERE rowid BETWEEN
        (SELECT (2 << 61) | (search_day << 40) | (id << 8) FROM articles WHERE id = old.article_id)
        AND (SELECT (2 << 61) | (search_day << 40) | (id << 8) | 255 FROM articles
             WHERE id = old.article_id);
    INSERT INTO search_fts (rowid, text)
        SELECT (2 << 61) | (search_day << 40) | (id << 8) | new.length_class, new.body
        FROM articles WHERE id = new.article_id;
END;

CREATE TRIGGER bodies_search_delete AFTER DELETE ON article_bodies
BEGIN
    DELETE FROM search_fts WHERE rowid BETWEEN
        (SELECT (2 << 61) | (search_day << 40) | (id << 8) FROM articles WHERE id = old.article_id)
        AND (SELECT (2 << 61) | (search_day << 40) | (id << 8) | 255 FROM articles
             WHERE id = old.article_id);
END;
