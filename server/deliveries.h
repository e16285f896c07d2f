/* deliveries.h - the outbound webhook delivery thread.
 *
 * One thread, with its own struct db, sends the deliveries the storage layer queued (see
 * db_webhooks.h): a POST of the stored JSON payload to the subscription's URL, signed the
 * Standard Webhooks way (headers webhook-id, webhook-timestamp, webhook-signature "v1,..."),
 * with libcurl. A 2xx answer delivers it; any other status, a transport error or the timeout is
 * a failed attempt, retried after base * 2^(attempt-1) (capped) plus up to a quarter of that
 * at random, until max_attempts, when the delivery is dead. Every attempt is recorded, and the
 * state lives in SQLite only, so a restart loses nothing: a delivery in flight at a crash is
 * sent again (at least once; receivers deduplicate on webhook-id, the same at every attempt).
 * The thread also prunes, hourly, inbound delivery ids and finished deliveries older than the
 * retention period.
 *
 * libcurl must be initialised once, before any thread starts: main calls
 * curl_global_init(CURL_GLOBAL_DEFAULT) at start-up and curl_global_cleanup() at exit.
 *
 * Threads: deliveries_start/deliveries_stop from the main thread only (start after db_migrate,
 * stop after the HTTP server and the workers, whose commits wake this thread);
 * deliveries_notify and deliveries_stats from any thread. HTTP threads never send anything.
 */
#ifndef TW_DELIVERIES_H
#define TW_DELIVERIES_H

#include <stdint.h>

/* Defaults used for zero fields of struct deliveries_config: about 11 hours of retries. */
#define DELIVERIES_MAX_ATTEMPTS 12
#define DELIVERIES_BACKOFF_BASE_MS 10000
#define DELIVERIES_BACKOFF_MAX_MS (6 * 3600 * 1000)
#define DELIVERIES_TIMEOUT_MS 10000
#define DELIVERIES_POLL_MS 1000
#define DELIVERIES_RETENTION_SEC (7 * 24 * 3600)

struct deliveries;

struct deliveries_config {
    const char *db_path;
    int max_attempts;        /* a delivery failing this often is dead */
    int64_t backoff_base_ms; /* the wait after the first failed attempt, doubled at each */
    int64_t backoff_max_ms;  /* the longest wait (before jitter) */
    int64_t timeout_ms;      /* of one attempt, connection included */
    int64_t poll_ms;         /* the longest sleep: a safety net for a lost wake-up */
    int64_t retention_sec;   /* inbound ids and finished deliveries are kept this long */
};

/* Opens the thread's database connection and starts it; it registers itself with the storage
 * layer (db_webhooks_set_notify) so that each commit that queues a delivery wakes it.
 * Returns 0, TW_EINVAL (no db_path, negative values), TW_EDB or TW_EIO. */
int deliveries_start(const struct deliveries_config *cfg, struct deliveries **out);
/* Wakes the thread to look for due deliveries at once. NULL-safe. */
void deliveries_notify(struct deliveries *d);
/* Unregisters, aborts a request in flight (that attempt is not counted: the delivery is sent
 * again at the next start), joins the thread, closes its database and frees d. NULL-safe. */
void deliveries_stop(struct deliveries *d);

struct deliveries_stats {
    uint64_t delivered;       /* deliveries answered 2xx */
    uint64_t failed_attempts; /* attempts that failed (retried or not) */
    uint64_t dead;            /* deliveries given up */
};
void deliveries_stats(const struct deliveries *d, struct deliveries_stats *out);

#endif
