-- 003_webhooks.sql - webhooks in both directions: inbound deliveries already seen (replays),
-- outbound subscriptions, the deliveries owed to them and each attempt made.
--
-- Applied by db_migrate() inside one transaction. Times are RFC 3339 UTC text with
-- milliseconds, as in 001, so that text order is time order.

-- One row per inbound delivery processed, so that a replay or a CMS retry (same source, same
-- delivery id) answers 200 and changes nothing. article_id is what the delivery produced (NULL
-- for a delete of an unknown article); no foreign key, since the memory of a delivery must
-- outlive a later deletion of its article. Pruned by seen_at after a few days.
CREATE TABLE webhook_seen (
    source       TEXT    NOT NULL,
    delivery_id  TEXT    NOT NULL,
    article_id   INTEGER,
    outcome      TEXT    NOT NULL
                 CHECK (outcome IN ('created', 'updated', 'unchanged', 'deleted', 'absent')),
    seen_at      TEXT    NOT NULL,
    PRIMARY KEY (source, delivery_id)
) WITHOUT ROWID;
CREATE INDEX webhook_seen_time ON webhook_seen (seen_at);

-- Outbound subscribers. events is a bit set (1 article.annotated, 2 article.failed,
-- 4 article.deleted): there are a handful of subscriptions, so matching one event scans them
-- all, which is cheaper than a join. secret is the whsec_ key the deliveries are signed with.
CREATE TABLE subscriptions (
    id          INTEGER PRIMARY KEY,
    url         TEXT    NOT NULL,
    events      INTEGER NOT NULL CHECK (events > 0 AND events < 8),
    secret      TEXT    NOT NULL,
    created_at  TEXT    NOT NULL
);

-- One row per event owed to a subscriber, written in the same transaction as the change it
-- reports, so that a crash never loses one. msg_id is the webhook-id header, the same at every
-- attempt so that the receiver can deduplicate. payload is the exact JSON body sent.
-- next_attempt_at is set while pending; last_status (HTTP code, NULL when no answer came) and
-- last_error describe the latest attempt.
CREATE TABLE deliveries (
    id               INTEGER PRIMARY KEY,
    subscription_id  INTEGER NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
    event            TEXT    NOT NULL
                     CHECK (event IN ('article.annotated', 'article.failed', 'article.deleted')),
    msg_id           TEXT    NOT NULL,
    payload          TEXT    NOT NULL,
    status           TEXT    NOT NULL DEFAULT 'pending'
                     CHECK (status IN ('pending', 'delivered', 'dead')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TEXT,
    last_status      INTEGER,
    last_error       TEXT,
    created_at       TEXT    NOT NULL,
    finished_at      TEXT
);
-- The delivery thread's work list: only pending rows, in due order.
CREATE INDEX deliveries_due ON deliveries (next_attempt_at, id) WHERE status = 'pending';
-- GET /v1/subscriptions/{id}/deliveries, newest first, and the cascade of a subscription.
CREATE INDEX deliveries_subscription ON deliveries (subscription_id, id);
-- Pruning of finished deliveries after the retention period.
CREATE INDEX deliveries_finished ON deliveries (finished_at) WHERE status != 'pending';

-- Every attempt, for the API: when, the HTTP status (NULL when none came), the transport error.
CREATE TABLE delivery_attempts (
    delivery_id  INTEGER NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
    attempt      INTEGER NOT NULL,
    at           TEXT    NOT NULL,
    status_code  INTEGER,
    error        TEXT,
    duration_ms  INTEGER NOT NULL,
    PRIMARY KEY (delivery_id, attempt)
) WITHOUT ROWID;
