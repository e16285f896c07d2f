-- 002_query.sql - what the dashboard queries read (server/db_query_*.c): article dates,
-- per-actor counters, co-occurrence, aliases, the sentence of each tariff figure and the
-- full-text index of titles, bodies and claims.
--
-- Everything here is derived from the tables of 001 and kept in step by triggers, so that
-- every path that writes annotations (a job completing, a resubmission clearing them, an
-- article deleted with its cascades) maintains it without knowing it exists. The statements
-- after the table definitions backfill what a database of version 1 already holds; the
-- triggers come last so that the backfill is not counted twice.
--
-- Invariant the triggers rely on: an article's annotation rows (mentions, claims, tariffs)
-- are only written after its articles row and deleted before or with it, and published_at
-- changes only together with a clear of its annotations (db_articles.c update_article), so
-- the article_date copied into child rows at insert time stays right. Some work waits for the
-- article's status to leave the queue, where it is batched with other articles' in a worker's
-- transaction (the cost of storing an article is measured by bench/archive_build): its
-- (actor, article) rows and aliases are derived when it becomes done, and its title and body
-- are indexed when it becomes done or failed. That relies on annotations being written while
-- the article is queued or processing, before its status changes (db_annotations.c), and on a
-- resubmission clearing them and requeueing it in the same transaction (update_article).

-- The date every since/until filter of the query API uses: published_at when the client gave
-- one, else received_at, both normalised to the stored form ("1987-02-26T15:01:01.000Z", UTC,
-- text order = time order). upper() because RFC 3339 allows "t" and "z", which SQLite's date
-- functions do not read; a published_at they cannot read (a leap second) falls back too.
ALTER TABLE articles ADD COLUMN article_date TEXT
    GENERATED ALWAYS AS (coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', upper(published_at)),
                                  received_at)) VIRTUAL;
-- The date of an article by id without recomputing it: search with since/until reads it for
-- every hit (db_query_search.c names it with INDEXED BY).
CREATE INDEX articles_id_date ON articles (id, article_date);

-- ---- actors: counters over all articles, maintained by the triggers below ----
-- n_articles counts the articles that mention the actor, n_mentions their mentions, n_claims
-- the claims it is the speaker of; first_seen/last_seen are the extreme article dates (NULL
-- when no article mentions it any more). The lists leave out actors with n_articles = 0.
ALTER TABLE actors ADD COLUMN n_articles INTEGER NOT NULL DEFAULT 0;
ALTER TABLE actors ADD COLUMN n_mentions INTEGER NOT NULL DEFAULT 0;
ALTER TABLE actors ADD COLUMN n_claims INTEGER NOT NULL DEFAULT 0;
ALTER TABLE actors ADD COLUMN first_seen TEXT;
ALTER TABLE actors ADD COLUMN last_seen TEXT;

-- One index per (filter, sort) of GET /v1/actors, each ending in the keyset columns: the list
-- reads a page off one of them instead of sorting the table. name order is norm_name, type
-- (unique together, so a total order).
CREATE INDEX actors_by_articles ON actors (n_articles, id);
CREATE INDEX actors_type_articles ON actors (type, n_articles, id);
CREATE INDEX actors_country_articles ON actors (country, n_articles, id);
CREATE INDEX actors_by_recent ON actors (last_seen, id);
CREATE INDEX actors_type_recent ON actors (type, last_seen, id);
CREATE INDEX actors_country_recent ON actors (country, last_seen, id);
CREATE INDEX actors_type_name ON actors (type, norm_name);
CREATE INDEX actors_country_name ON actors (country, norm_name, type);

-- One row per (actor, article that mentions it): the unit of every windowed actor count, of
-- co-occurrence and of first/last seen. role is the title that article gives the actor.
CREATE TABLE actor_articles (
    actor_id      INTEGER NOT NULL,
    article_id    INTEGER NOT NULL,
    article_date  TEXT    NOT NULL,
    mentions      INTEGER NOT NULL,
    claims        INTEGER NOT NULL DEFAULT 0,
    role          TEXT,
    PRIMARY KEY (actor_id, article_id)
) WITHOUT ROWID;
-- Windowed lists aggregate the partial months at the ends of a window from this index, without
-- touching the table (whole months come from actor_months).
CREATE INDEX actor_articles_date ON actor_articles (article_date, actor_id, mentions, claims);
-- first_seen/last_seen after a delete, co-actors of a new row, and one actor's counts in the
-- partial months of a window without touching the table (db_query_actors.c actor_stats).
CREATE INDEX actor_articles_actor_date
    ON actor_articles (actor_id, article_date, mentions, claims);
CREATE INDEX actor_articles_article ON actor_articles (article_id);
CREATE INDEX actor_articles_role ON actor_articles (actor_id, role, article_date)
    WHERE role IS NOT NULL;

-- Surface forms of each actor with how many mentions used them. key is the form lower-cased
-- without periods and apostrophes, for the name prefix filter (db_query_actors.c alias_key
-- computes the same from the query).
CREATE TABLE actor_aliases (
    actor_id  INTEGER NOT NULL,
    alias     TEXT    NOT NULL,
    key       TEXT    NOT NULL,
    n         INTEGER NOT NULL,
    PRIMARY KEY (actor_id, alias)
) WITHOUT ROWID;
CREATE INDEX actor_aliases_key ON actor_aliases (key, actor_id);

-- Co-occurrence: how many articles actor_id and other_id share, in both directions so that
-- the co-actors of one actor are a key range. No index on (actor_id, articles): each shared
-- article would move an entry in it, a dozen per stored article, while the detail query sorts
-- the range of one actor (a few thousand rows for the most frequent one in 100,000 articles).
CREATE TABLE actor_pairs (
    actor_id  INTEGER NOT NULL,
    other_id  INTEGER NOT NULL,
    articles  INTEGER NOT NULL,
    PRIMARY KEY (actor_id, other_id)
) WITHOUT ROWID;

-- Monthly totals of each actor (month is "YYYY-MM" of the article date), so that a since/until
-- window sums the whole months it spans here and reads actor_articles only for the partial
-- months at its ends: a year costs its ~12 months of actors instead of every (actor, article)
-- row of the year. first_seen/last_seen are the extreme article dates within the month.
CREATE TABLE actor_months (
    month       TEXT    NOT NULL,
    actor_id    INTEGER NOT NULL,
    articles    INTEGER NOT NULL,
    mentions    INTEGER NOT NULL,
    claims      INTEGER NOT NULL,
    first_seen  TEXT    NOT NULL,
    last_seen   TEXT    NOT NULL,
    PRIMARY KEY (month, actor_id)
) WITHOUT ROWID;
-- A long window's list looks its actors up one at a time, in an order that lets it stop early,
-- instead of summing every actor of the window (db_query_actors.c): one actor's months, and
-- each month's actors by articles (the order of the top-k by articles; each (actor, article)
-- row moves one entry in it).
CREATE INDEX actor_months_actor ON actor_months (actor_id, month);
CREATE INDEX actor_months_rank ON actor_months (month, articles, actor_id);

-- ---- claims and tariffs: the article date copied in, for date-ordered indexes ----
ALTER TABLE claims ADD COLUMN article_date TEXT;
DROP INDEX claims_speaker; -- a prefix of claims_speaker_date
CREATE INDEX claims_date ON claims (article_date, id);
CREATE INDEX claims_speaker_date ON claims (speaker_id, article_date, id);

ALTER TABLE tariffs ADD COLUMN article_date TEXT;
-- The sentence of the body that holds the figure, written by db_annotations.c at store time
-- (NULL for figures stored before this migration: the query computes it then).
ALTER TABLE tariffs ADD COLUMN sentence TEXT;
CREATE INDEX tariffs_date ON tariffs (article_date, id);
CREATE INDEX tariffs_imposer_date ON tariffs (imposer, article_date, id);
CREATE INDEX tariffs_target_date ON tariffs (target, article_date, id);
-- Covers GET /v1/tariffs/summary (kind defaults to rate there) without reading the table.
CREATE INDEX tariffs_summary
    ON tariffs (kind, article_date, unit, imposer, target, change, value_micros);

-- ---- full-text search ----
-- One FTS5 table for the three kinds of text, so that bm25 ranks them on one scale. The rowid
-- says what a row is: (1 << 48) + article id for a title, (2 << 48) + article id for a body,
-- (3 << 48) + claim id for a claim; a kind is then a rowid range. It keeps its own copy of the
-- text (not external content) because article_bodies is written with INSERT OR REPLACE,
-- whose implicit delete fires no trigger, and a row of its own can be deleted by rowid alone.
CREATE VIRTUAL TABLE search_fts USING fts5(text, tokenize = 'porter unicode61 remove_diacritics 2');

-- ---- backfill (empty on a new database) ----
UPDATE claims SET article_date = (SELECT article_date FROM articles WHERE id = claims.article_id);
UPDATE tariffs SET article_date = (SELECT article_date FROM articles WHERE id = tariffs.article_id);

INSERT INTO actor_articles (actor_id, article_id, article_date, mentions, claims, role)
    SELECT m.actor_id, m.article_id, a.article_date, count(*),
           (SELECT count(*) FROM claims c
             WHERE c.article_id = m.article_id AND c.speaker_id = m.actor_id),
           max(m.role)
    FROM mentions m JOIN articles a ON a.id = m.article_id
    GROUP BY m.actor_id, m.article_id;

INSERT INTO actor_months (month, actor_id, articles, mentions, claims, first_seen, last_seen)
    SELECT substr(article_date, 1, 7), actor_id, count(*), sum(mentions), sum(claims),
           min(article_date), max(article_date)
    FROM actor_articles GROUP BY 1, 2;

INSERT INTO actor_aliases (actor_id, alias, key, n)
    SELECT actor_id, text, lower(replace(replace(replace(text, '.', ''), '''', ''), '’', '')),
           count(*)
    FROM mentions GROUP BY actor_id, text;

INSERT INTO actor_pairs (actor_id, other_id, articles)
    SELECT x.actor_id, o.actor_id, count(*)
    FROM actor_articles x JOIN actor_articles o
      ON o.article_id = x.article_id AND o.actor_id <> x.actor_id
    GROUP BY x.actor_id, o.actor_id;

UPDATE actors SET
    n_articles = (SELECT count(*) FROM actor_articles WHERE actor_id = actors.id),
    n_mentions = (SELECT count(*) FROM mentions WHERE actor_id = actors.id),
    n_claims = (SELECT count(*) FROM claims WHERE speaker_id = actors.id),
    first_seen = (SELECT min(article_date) FROM actor_articles WHERE actor_id = actors.id),
    last_seen = (SELECT max(article_date) FROM actor_articles WHERE actor_id = actors.id);

INSERT INTO search_fts (rowid, text)
    SELECT 281474976710656 + id, title FROM articles
    WHERE title IS NOT NULL AND status IN ('done', 'failed');
INSERT INTO search_fts (rowid, text)
    SELECT 562949953421312 + b.article_id, b.body FROM article_bodies b
      JOIN articles a ON a.id = b.article_id WHERE a.status IN ('done', 'failed');
INSERT INTO search_fts (rowid, text) SELECT 844424930131968 + id, text FROM claims;

-- ---- triggers ----
-- An article's (actor, article) rows and aliases are derived when it is marked done, in one
-- grouped statement each over its mentions and claims (the store path, db_annotations.c, writes
-- them before the status): per-mention triggers cost three upserts a mention, most of them
-- updates of a row the same article had just written, and were half of the CPU of storing an
-- article. A resubmission clears the annotations and requeues the article, so an article
-- reaches done once per set of mentions. Deletes stay per row (below): they are rare, and
-- cascades from an article delete must maintain everything without the store path.
CREATE TRIGGER articles_actors_done AFTER UPDATE OF status ON articles
    WHEN new.status = 'done' AND old.status <> 'done'
BEGIN
    INSERT INTO actor_articles (actor_id, article_id, article_date, mentions, claims, role)
        SELECT m.actor_id, new.id, new.article_date, count(*),
               (SELECT count(*) FROM claims c
                 WHERE c.article_id = new.id AND c.speaker_id = m.actor_id),
               max(m.role)
        FROM mentions m WHERE m.article_id = new.id GROUP BY m.actor_id;
    INSERT INTO actor_aliases (actor_id, alias, key, n)
        SELECT actor_id, text, lower(replace(replace(replace(text, '.', ''), '''', ''), '’', '')),
               count(*)
        FROM mentions WHERE article_id = new.id GROUP BY actor_id, text
        ON CONFLICT (actor_id, alias) DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER mentions_query_delete AFTER DELETE ON mentions
BEGIN
    UPDATE actor_articles SET mentions = mentions - 1
        WHERE actor_id = old.actor_id AND article_id = old.article_id;
    DELETE FROM actor_articles
        WHERE actor_id = old.actor_id AND article_id = old.article_id AND mentions <= 0;
    UPDATE actor_aliases SET n = n - 1 WHERE actor_id = old.actor_id AND alias = old.text;
    DELETE FROM actor_aliases WHERE actor_id = old.actor_id AND alias = old.text AND n <= 0;
    UPDATE actors SET n_mentions = n_mentions - 1 WHERE id = old.actor_id;
END;

-- A new (actor, article): the article and mention counts, first/last seen, the month, and one
-- shared article more with every actor already stored for that article (both directions).
-- (n_claims follows the claims themselves: a speaker need not be mentioned.)
CREATE TRIGGER actor_articles_insert AFTER INSERT ON actor_articles
BEGIN
    UPDATE actors SET n_articles = n_articles + 1, n_mentions = n_mentions + new.mentions,
                      first_seen = min(coalesce(first_seen, new.article_date), new.article_date),
                      last_seen = max(coalesce(last_seen, new.article_date), new.article_date)
        WHERE id = new.actor_id;
    INSERT INTO actor_months (month, actor_id, articles, mentions, claims, first_seen, last_seen)
        VALUES (substr(new.article_date, 1, 7), new.actor_id, 1, new.mentions, new.claims,
                new.article_date, new.article_date)
        ON CONFLICT (month, actor_id) DO UPDATE SET
            articles = articles + 1, mentions = mentions + excluded.mentions,
            claims = claims + excluded.claims,
            first_seen = min(first_seen, excluded.first_seen),
            last_seen = max(last_seen, excluded.last_seen);
    INSERT INTO actor_pairs (actor_id, other_id, articles)
        SELECT new.actor_id, o.actor_id, 1 FROM actor_articles o
         WHERE o.article_id = new.article_id AND o.actor_id <> new.actor_id
        ON CONFLICT (actor_id, other_id) DO UPDATE SET articles = articles + 1;
    INSERT INTO actor_pairs (actor_id, other_id, articles)
        SELECT o.actor_id, new.actor_id, 1 FROM actor_articles o
         WHERE o.article_id = new.article_id AND o.actor_id <> new.actor_id
        ON CONFLICT (actor_id, other_id) DO UPDATE SET articles = articles + 1;
END;

-- A further mention or claim of an actor already in the article.
CREATE TRIGGER actor_articles_counts AFTER UPDATE OF mentions, claims ON actor_articles
BEGIN
    UPDATE actor_months SET mentions = mentions + new.mentions - old.mentions,
                            claims = claims + new.claims - old.claims
        WHERE month = substr(new.article_date, 1, 7) AND actor_id = new.actor_id;
END;

CREATE TRIGGER actor_articles_delete AFTER DELETE ON actor_articles
BEGIN
    UPDATE actor_months SET
        articles = articles - 1, mentions = mentions - old.mentions, claims = claims - old.claims,
        first_seen = coalesce((SELECT min(article_date) FROM actor_articles
                                WHERE actor_id = old.actor_id
                                  AND article_date >= substr(old.article_date, 1, 7)
                                  AND article_date < substr(old.article_date, 1, 7) || '~'),
                              first_seen),
        last_seen = coalesce((SELECT max(article_date) FROM actor_articles
                               WHERE actor_id = old.actor_id
                                 AND article_date >= substr(old.article_date, 1, 7)
                                 AND article_date < substr(old.article_date, 1, 7) || '~'),
                             last_seen)
        WHERE month = substr(old.article_date, 1, 7) AND actor_id = old.actor_id;
    DELETE FROM actor_months
        WHERE month = substr(old.article_date, 1, 7) AND actor_id = old.actor_id
          AND articles <= 0;
    UPDATE actors SET
        n_articles = n_articles - 1,
        first_seen = (SELECT min(article_date) FROM actor_articles WHERE actor_id = old.actor_id),
        last_seen = (SELECT max(article_date) FROM actor_articles WHERE actor_id = old.actor_id)
        WHERE id = old.actor_id;
    -- old's row is gone: actor_articles now holds the actors that stay in the article.
    UPDATE actor_pairs SET articles = articles - 1
        WHERE actor_id = old.actor_id
          AND other_id IN (SELECT actor_id FROM actor_articles WHERE article_id = old.article_id);
    UPDATE actor_pairs SET articles = articles - 1
        WHERE actor_id IN (SELECT actor_id FROM actor_articles WHERE article_id = old.article_id)
          AND other_id = old.actor_id;
    DELETE FROM actor_pairs
        WHERE actor_id = old.actor_id AND articles <= 0
          AND other_id IN (SELECT actor_id FROM actor_articles WHERE article_id = old.article_id);
    DELETE FROM actor_pairs
        WHERE actor_id IN (SELECT actor_id FROM actor_articles WHERE article_id = old.article_id)
          AND other_id = old.actor_id AND articles <= 0;
END;

-- db_annotations.c writes article_date in the INSERT itself (an UPDATE after it would move the
-- row's entries in the two date indexes); these fill it for any other writer.
CREATE TRIGGER claims_date_insert AFTER INSERT ON claims WHEN new.article_date IS NULL
BEGIN
    UPDATE claims SET article_date = (SELECT article_date FROM articles WHERE id = new.article_id)
        WHERE id = new.id;
END;

CREATE TRIGGER claims_query_insert AFTER INSERT ON claims
BEGIN
    INSERT INTO search_fts (rowid, text) VALUES (844424930131968 + new.id, new.text);
    UPDATE actors SET n_claims = n_claims + 1 WHERE id = new.speaker_id;
END;

CREATE TRIGGER claims_query_delete AFTER DELETE ON claims
BEGIN
    DELETE FROM search_fts WHERE rowid = 844424930131968 + old.id;
    UPDATE actors SET n_claims = n_claims - 1 WHERE id = old.speaker_id;
    UPDATE actor_articles SET claims = claims - 1
        WHERE actor_id = old.speaker_id AND article_id = old.article_id;
END;

CREATE TRIGGER tariffs_query_insert AFTER INSERT ON tariffs WHEN new.article_date IS NULL
BEGIN
    UPDATE tariffs SET article_date = (SELECT article_date FROM articles WHERE id = new.article_id)
        WHERE id = new.id;
END;

-- An article's title and body are indexed when it leaves the queue (done or failed), in the
-- worker's batched transaction, rather than in the POST's own: FTS5 writes a segment per
-- transaction, and one per POST cost more than tokenising the text (0.14 ms of 0.25 ms CPU per
-- POST for the body alone, measured with bench/archive_build). An article is thus searchable once
-- it is annotated. A resubmission puts it back in the queue (db_articles.c update_article, which
-- changes title and status in one UPDATE), which takes both out until it is done again.
CREATE TRIGGER articles_search_done AFTER UPDATE OF status ON articles
    WHEN new.status IN ('done', 'failed') AND old.status NOT IN ('done', 'failed')
BEGIN
    INSERT INTO search_fts (rowid, text)
        SELECT 281474976710656 + new.id, new.title WHERE new.title IS NOT NULL;
    INSERT INTO search_fts (rowid, text)
        SELECT 562949953421312 + new.id, body FROM article_bodies WHERE article_id = new.id;
END;

CREATE TRIGGER articles_search_queued AFTER UPDATE OF status ON articles
    WHEN old.status IN ('done', 'failed') AND new.status NOT IN ('done', 'failed')
BEGIN
    DELETE FROM search_fts WHERE rowid = 281474976710656 + old.id;
    DELETE FROM search_fts WHERE rowid = 562949953421312 + old.id;
END;

-- A title changed while the article stays out of the queue (no path does so today).
CREATE TRIGGER articles_search_update AFTER UPDATE OF title ON articles
    WHEN old.status IN ('done', 'failed') AND new.status IN ('done', 'failed')
BEGIN
    DELETE FROM search_fts WHERE rowid = 281474976710656 + old.id;
    INSERT INTO search_fts (rowid, text)
        SELECT 281474976710656 + new.id, new.title WHERE new.title IS NOT NULL;
END;

-- Deleting a row that was never indexed (a queued article's) is a no-op for FTS5.
CREATE TRIGGER articles_search_delete AFTER DELETE ON articles
BEGIN
    DELETE FROM search_fts WHERE rowid = 281474976710656 + old.id;
END;

-- A body written while its article is done or failed (no path does so today) replaces the
-- indexed one. INSERT OR REPLACE of a body fires no delete trigger: the insert drops any
-- previous row.
CREATE TRIGGER bodies_search_insert AFTER INSERT ON article_bodies
    WHEN (SELECT status FROM articles WHERE id = new.article_id) IN ('done', 'failed')
BEGIN
    DELETE FROM search_fts WHERE rowid = 562949953421312 + new.article_id;
    INSERT INTO search_fts (rowid, text) VALUES (562949953421312 + new.article_id, new.body);
END;

CREATE TRIGGER bodies_search_update AFTER UPDATE OF body ON article_bodies
    WHEN (SELECT status FROM articles WHERE id = new.article_id) IN ('done', 'failed')
BEGIN
    DELETE FROM search_fts WHERE rowid = 562949953421312 + old.article_id;
    INSERT INTO search_fts (rowid, text) VALUES (562949953421312 + new.article_id, new.body);
END;

CREATE TRIGGER bodies_search_delete AFTER DELETE ON article_bodies
BEGIN
    DELETE FROM search_fts WHERE rowid = 562949953421312 + old.article_id;
END;
