/* deliveries.c - the outbound webhook delivery thread.
 *
 * DESIGN
 * The database is the queue (db_webhooks.c): deliveries are rows written in the transaction of
 * the change they report, so this thread owns no state a crash could lose. It loops: read up
 * to a batch of due deliveries, send each in turn with one reused curl handle (keep-alive to
 * the same receiver), record each attempt and the delivery's next state in one transaction,
 * then sleep until the earliest pending delivery falls due, a wake-up, a stop, or poll_ms,
 * whichever comes first. Sends are sequential: one slow receiver delays the others by at most
 * the timeout per attempt, which is the price of a single, simple sender.
 *
 * Shared state, all in struct deliveries: mu guards stopping and wakeup; cv is where the thread
 * sleeps (on CLOCK_MONOTONIC). abort_transfer mirrors stopping as an atomic, read by curl's
 * progress callback so that a stop does not wait out a request's timeout. The counters are
 * atomics. Everything else belongs to the thread.
 */
#include "deliveries.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "db.h"
#include "db_webhooks.h"
#include "log.h"
#include "mem.h"
#include "status.h"
#include "webhook_verify.h"

/* Deliveries read per look-up; the rest wait for the next round, at once. */
#define DELIVERIES_BATCH 16
/* Pause after a database error so that a broken disk does not spin a core. */
#define DELIVERIES_ERROR_PAUSE_MS 500
#define DELIVERIES_PRUNE_INTERVAL_MS (3600 * 1000)

struct deliveries {
    pthread_t thread;
    bool started;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool stopping; /* guarded by mu */
    bool wakeup;   /* guarded by mu: a notify not yet consumed */
    atomic_bool abort_transfer;
    struct deliveries_config cfg;
    struct db *db; /* the thread's once it runs */
    CURL *curl;    /* the thread's */
    uint64_t rng;  /* the thread's: jitter */
    char errbuf[CURL_ERROR_SIZE];
    atomic_uint_fast64_t delivered, failed_attempts, dead;
};

static int64_t wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Parses a time as db_webhooks_time writes it back to milliseconds; -1 when malformed. */
static int64_t parse_time_ms(const char *s)
{
    struct tm tm = {0};
    int ms = 0, n = 0;
    if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d.%3dZ%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
               &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &ms, &n) != 7 ||
        s[n] != '\0')
        return -1;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return (int64_t)timegm(&tm) * 1000 + ms;
}

/* xorshift64*: jitter needs spread, not secrecy. */
static uint64_t next_random(struct deliveries *d)
{
    d->rng ^= d->rng >> 12;
    d->rng ^= d->rng << 25;
    d->rng ^= d->rng >> 27;
    return d->rng * 0x2545F4914F6CDD1DULL;
}

/* The wait before attempt `failed + 1`: base * 2^(failed-1), capped, plus up to a quarter. */
static int64_t backoff_ms(struct deliveries *d, int failed)
{
    int64_t delay = d->cfg.backoff_base_ms;
    for (int i = 1; i < failed && delay < d->cfg.backoff_max_ms; i++)
        delay *= 2;
    if (delay > d->cfg.backoff_max_ms)
        delay = d->cfg.backoff_max_ms;
    return delay + (int64_t)(next_random(d) % (uint64_t)(delay / 4 + 1));
}

/* Sleeps until a notify, a stop or timeout_ms. */
static void sleep_ms(struct deliveries *d, int64_t timeout_ms)
{
    struct timespec deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    deadline.tv_sec += timeout_ms / 1000;
    deadline.tv_nsec += (timeout_ms % 1000) * 1000000L;
    deadline.tv_sec += deadline.tv_nsec / 1000000000L;
    deadline.tv_nsec %= 1000000000L;
    pthread_mutex_lock(&d->mu);
    int rc = 0;
    while (!d->stopping && !d->wakeup && rc == 0)
        rc = pthread_cond_timedwait(&d->cv, &d->mu, &deadline);
    d->wakeup = false;
    pthread_mutex_unlock(&d->mu);
}

static bool is_stopping(struct deliveries *d)
{
    pthread_mutex_lock(&d->mu);
    bool s = d->stopping;
    pthread_mutex_unlock(&d->mu);
    return s;
}

static size_t discard_body(char *p, size_t size, size_t n, void *arg)
{
    (void)p;
    (void)arg;
    return size * n;
}

/* curl's progress callback: a non-zero answer aborts the transfer. */
static int abort_on_stop(void *arg, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                         curl_off_t ulnow)
{
    (void)dltotal;
    (void)dlnow;
    (void)ultotal;
    (void)ulnow;
    struct deliveries *d = arg;
    return atomic_load_explicit(&d->abort_transfer, memory_order_relaxed) ? 1 : 0;
}

/* What one POST came to. */
struct post_result {
    int status_code; /* 0: no HTTP answer */
    char error[CURL_ERROR_SIZE + 32];
    bool aborted; /* by a stop: not an attempt */
};

/* POSTs delivery dl, signed with its subscription's secret at the current time. */
static void post(struct deliveries *d, const struct delivery *dl, struct post_result *r)
{
    struct webhook_secret *secret = NULL;
    struct curl_slist *headers = NULL;
    char *signature = NULL, *line = NULL;
    memset(r, 0, sizeof *r);
    if (webhook_secret_parse(WEBHOOK_SCHEME_STANDARD, dl->secret, &secret) != TW_OK) {
        snprintf(r->error, sizeof r->error, "subscription secret is not a whsec_ key");
        goto out;
    }
    size_t len = strlen(dl->payload);
    int64_t ts = wall_ms() / 1000;
    signature = webhook_sign(secret, dl->msg_id, ts, dl->payload, len);
    headers = curl_slist_append(headers, "Content-Type: application/json");
    headers = curl_slist_append(headers, "Expect:"); /* no 100-continue round trip */
    line = xasprintf("webhook-id: %s", dl->msg_id);
    headers = curl_slist_append(headers, line);
    free(line);
    line = xasprintf("webhook-timestamp: %lld", (long long)ts);
    headers = curl_slist_append(headers, line);
    free(line);
    line = xasprintf("webhook-signature: %s", signature);
    headers = curl_slist_append(headers, line);
    free(line);
    line = NULL;

    CURL *c = d->curl;
    d->errbuf[0] = '\0';
    curl_easy_setopt(c, CURLOPT_URL, dl->url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, dl->payload);
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
    CURLcode rc = curl_easy_perform(c);
    if (rc == CURLE_ABORTED_BY_CALLBACK &&
        atomic_load_explicit(&d->abort_transfer, memory_order_relaxed)) {
        r->aborted = true;
    } else if (rc != CURLE_OK) {
        snprintf(r->error, sizeof r->error, "%s",
                 d->errbuf[0] != '\0' ? d->errbuf : curl_easy_strerror(rc));
    } else {
        long code = 0;
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
        r->status_code = (int)code;
        if (code < 200 || code > 299)
            snprintf(r->error, sizeof r->error, "HTTP %ld", code);
    }
    /* The handle keeps pointers to these until the next request: drop them now. */
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, NULL);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, NULL);
out:
    curl_slist_free_all(headers);
    free(signature);
    webhook_secret_free(secret);
}

/* Makes one attempt at dl and records it. */
static void attempt(struct deliveries *d, const struct delivery *dl)
{
    char at[32], now[32], next[32];
    struct post_result r;
    int64_t t0 = wall_ms(), m0 = mono_ms();
    db_webhooks_time(t0, at, sizeof at);
    post(d, dl, &r);
    if (r.aborted)
        return;
    int64_t t1 = wall_ms();
    db_webhooks_time(t1, now, sizeof now);
    struct delivery_outcome o = {
        .attempt = dl->attempts + 1,
        .at = at,
        .status_code = r.status_code,
        .error = r.error[0] != '\0' ? r.error : NULL,
        .duration_ms = mono_ms() - m0,
        .now = now,
    };
    if (o.error == NULL) {
        o.status = DELIVERY_DELIVERED;
    } else if (o.attempt >= d->cfg.max_attempts) {
        o.status = DELIVERY_DEAD;
    } else {
        o.status = DELIVERY_PENDING;
        db_webhooks_time(t1 + backoff_ms(d, o.attempt), next, sizeof next);
        o.next_attempt_at = next;
    }
    int rc = db_delivery_record(d->db, dl->id, &o);
    if (rc == TW_ENOTFOUND) {
        log_debug("delivery %lld dropped: its subscription is gone", (long long)dl->id);
        return;
    }
    if (rc != TW_OK) {
        /* It stays pending as it was, so it is sent again: at least once, never lost. */
        log_error("cannot record delivery %lld: %s", (long long)dl->id, tw_status_str(rc));
        return;
    }
    if (o.status == DELIVERY_DELIVERED) {
        atomic_fetch_add_explicit(&d->delivered, 1, memory_order_relaxed);
        return;
    }
    atomic_fetch_add_explicit(&d->failed_attempts, 1, memory_order_relaxed);
    if (o.status == DELIVERY_DEAD) {
        atomic_fetch_add_explicit(&d->dead, 1, memory_order_relaxed);
        log_warn("delivery %lld to subscription %lld is dead after %d attempts: %s",
                 (long long)dl->id, (long long)dl->subscription_id, o.attempt, o.error);
    } else {
        log_debug("delivery %lld attempt %d failed: %s", (long long)dl->id, o.attempt, o.error);
    }
}

static void prune(struct deliveries *d)
{
    char before[32];
    int64_t n_seen = 0, n_dlv = 0;
    db_webhooks_time(wall_ms() - d->cfg.retention_sec * 1000, before, sizeof before);
    int rc = db_webhook_seen_prune(d->db, before, &n_seen);
    if (rc == TW_OK)
        rc = db_delivery_prune(d->db, before, &n_dlv);
    if (rc != TW_OK)
        log_error("cannot prune webhook history: %s", tw_status_str(rc));
    else if (n_seen + n_dlv > 0)
        log_info("pruned %lld inbound webhook ids and %lld finished deliveries", (long long)n_seen,
                 (long long)n_dlv);
}

/* How long to sleep: until the next pending delivery is due, at most poll_ms. */
static int64_t idle_ms(struct deliveries *d)
{
    bool found = false;
    char next[32];
    if (db_delivery_next_due(d->db, &found, next) != TW_OK)
        return DELIVERIES_ERROR_PAUSE_MS;
    if (!found)
        return d->cfg.poll_ms;
    int64_t due = parse_time_ms(next);
    int64_t wait = due < 0 ? d->cfg.poll_ms : due - wall_ms();
    return wait < 0 ? 0 : wait < d->cfg.poll_ms ? wait : d->cfg.poll_ms;
}

static void *deliveries_main(void *arg)
{
    struct deliveries *d = arg;
    struct delivery batch[DELIVERIES_BATCH];
    int64_t last_prune = 0;
    db_adopt(d->db);
    while (!is_stopping(d)) {
        if (last_prune == 0 || mono_ms() - last_prune >= DELIVERIES_PRUNE_INTERVAL_MS) {
            prune(d);
            last_prune = mono_ms();
        }
        char now[32];
        size_t n = 0;
        db_webhooks_time(wall_ms(), now, sizeof now);
        int rc = db_delivery_due(d->db, now, batch, DELIVERIES_BATCH, &n);
        if (rc != TW_OK) {
            if (rc != TW_EBUSY)
                log_error("cannot read due deliveries: %s", tw_status_str(rc));
            sleep_ms(d, DELIVERIES_ERROR_PAUSE_MS);
            continue;
        }
        for (size_t i = 0; i < n; i++) {
            if (!is_stopping(d))
                attempt(d, &batch[i]);
            db_delivery_cleanup(&batch[i]);
        }
        if (n == 0) {
            int64_t wait = idle_ms(d);
            if (wait > 0)
                sleep_ms(d, wait);
        }
    }
    return NULL;
}

static void notify_cb(void *arg)
{
    deliveries_notify(arg);
}

/* Sets the options that stay the same for every request. */
static int setup_curl(struct deliveries *d)
{
    CURL *c = curl_easy_init();
    if (c == NULL)
        return TW_EIO;
    d->curl = c;
    CURLcode rc = CURLE_OK;
#define SET(opt, val)                                                                              \
    do {                                                                                           \
        if (rc == CURLE_OK)                                                                        \
            rc = curl_easy_setopt(c, opt, val);                                                    \
    } while (0)
    SET(CURLOPT_NOSIGNAL, 1L); /* no SIGALRM for timeouts in a threaded process */
    SET(CURLOPT_PROTOCOLS_STR, "http,https");
    SET(CURLOPT_FOLLOWLOCATION, 0L); /* a redirect is not an acknowledgement */
    SET(CURLOPT_TIMEOUT_MS, (long)d->cfg.timeout_ms);
    SET(CURLOPT_CONNECTTIMEOUT_MS, (long)d->cfg.timeout_ms);
    SET(CURLOPT_USERAGENT, "tradewire-webhooks/1");
    SET(CURLOPT_WRITEFUNCTION, discard_body);
    SET(CURLOPT_ERRORBUFFER, d->errbuf);
    SET(CURLOPT_NOPROGRESS, 0L);
    SET(CURLOPT_XFERINFOFUNCTION, abort_on_stop);
    SET(CURLOPT_XFERINFODATA, d);
#undef SET
    if (rc != CURLE_OK) {
        log_error("cannot configure libcurl: %s", curl_easy_strerror(rc));
        return TW_EIO;
    }
    return TW_OK;
}

int deliveries_start(const struct deliveries_config *cfg, struct deliveries **out)
{
    if (cfg->db_path == NULL || cfg->max_attempts < 0 || cfg->backoff_base_ms < 0 ||
        cfg->backoff_max_ms < 0 || cfg->timeout_ms < 0 || cfg->poll_ms < 0 ||
        cfg->retention_sec < 0)
        return TW_EINVAL;
    struct deliveries *d = xcalloc(1, sizeof *d);
    d->cfg = *cfg;
    if (d->cfg.max_attempts == 0)
        d->cfg.max_attempts = DELIVERIES_MAX_ATTEMPTS;
    if (d->cfg.backoff_base_ms == 0)
        d->cfg.backoff_base_ms = DELIVERIES_BACKOFF_BASE_MS;
    if (d->cfg.backoff_max_ms == 0)
        d->cfg.backoff_max_ms = DELIVERIES_BACKOFF_MAX_MS;
    if (d->cfg.timeout_ms == 0)
        d->cfg.timeout_ms = DELIVERIES_TIMEOUT_MS;
    if (d->cfg.poll_ms == 0)
        d->cfg.poll_ms = DELIVERIES_POLL_MS;
    if (d->cfg.retention_sec == 0)
        d->cfg.retention_sec = DELIVERIES_RETENTION_SEC;
    d->cfg.db_path = NULL; /* borrowed: used only below */
    pthread_mutex_init(&d->mu, NULL);
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC); /* an NTP step must not stretch a wait */
    pthread_cond_init(&d->cv, &attr);
    pthread_condattr_destroy(&attr);
    atomic_init(&d->abort_transfer, false);
    atomic_init(&d->delivered, 0);
    atomic_init(&d->failed_attempts, 0);
    atomic_init(&d->dead, 0);
    if (getrandom(&d->rng, sizeof d->rng, GRND_NONBLOCK) != (ssize_t)sizeof d->rng)
        d->rng = (uint64_t)wall_ms();
    d->rng |= 1; /* xorshift never leaves 0 */

    int status = db_open(cfg->db_path, &d->db);
    if (status == TW_OK)
        status = setup_curl(d);
    if (status == TW_OK) {
        if (pthread_create(&d->thread, NULL, deliveries_main, d) != 0) {
            log_error("cannot start the delivery thread");
            status = TW_EIO;
        } else {
            d->started = true;
        }
    }
    if (status != TW_OK) {
        deliveries_stop(d);
        return status;
    }
    db_webhooks_set_notify(notify_cb, d);
    log_info("started the webhook delivery thread");
    *out = d;
    return TW_OK;
}

void deliveries_notify(struct deliveries *d)
{
    if (d == NULL)
        return;
    pthread_mutex_lock(&d->mu);
    d->wakeup = true;
    pthread_cond_signal(&d->cv);
    pthread_mutex_unlock(&d->mu);
}

void deliveries_stop(struct deliveries *d)
{
    if (d == NULL)
        return;
    if (d->started)
        db_webhooks_set_notify(NULL, NULL); /* waits for a notify in progress */
    pthread_mutex_lock(&d->mu);
    d->stopping = true;
    atomic_store_explicit(&d->abort_transfer, true, memory_order_relaxed);
    pthread_cond_broadcast(&d->cv);
    pthread_mutex_unlock(&d->mu);
    if (d->started)
        pthread_join(d->thread, NULL);
    if (d->curl != NULL)
        curl_easy_cleanup(d->curl);
    if (d->db != NULL) {
        db_adopt(d->db);
        db_close(d->db);
    }
    pthread_cond_destroy(&d->cv);
    pthread_mutex_destroy(&d->mu);
    free(d);
}

void deliveries_stats(const struct deliveries *d, struct deliveries_stats *out)
{
    memset(out, 0, sizeof *out);
    if (d == NULL)
        return;
    out->delivered = atomic_load_explicit(&d->delivered, memory_order_relaxed);
    out->failed_attempts = atomic_load_explicit(&d->failed_attempts, memory_order_relaxed);
    out->dead = atomic_load_explicit(&d->dead, memory_order_relaxed);
}
