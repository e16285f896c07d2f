/* metrics.c - request counters as a dense [route][status] array of atomics: a scrape walks
 * 32 x 500 counters, which costs microseconds, and observing stays one relaxed increment.
 * Shared state: every field after construction is an atomic or read-only. */
#include "metrics.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "histogram.h"
#include "mem.h"

#define STATUS_MIN 100
#define STATUS_SPAN 500 /* codes 100..599 */

struct metrics {
    char *names[METRICS_MAX_ROUTES]; /* "GET /v1/articles/{id}" */
    size_t nroutes;
    atomic_uint_fast64_t requests[METRICS_MAX_ROUTES + 1][STATUS_SPAN];
    struct histogram duration;
};

struct metrics *metrics_new(const struct route *routes, size_t nroutes)
{
    struct metrics *m = xcalloc(1, sizeof *m);
    if (nroutes > METRICS_MAX_ROUTES)
        nroutes = METRICS_MAX_ROUTES;
    for (size_t i = 0; i < nroutes; i++) {
        size_t n = strlen(routes[i].method) + strlen(routes[i].pattern) + 2;
        m->names[i] = xmalloc(n);
        snprintf(m->names[i], n, "%s %s", routes[i].method, routes[i].pattern);
    }
    m->nroutes = nroutes;
    histogram_init(&m->duration);
    return m;
}

void metrics_free(struct metrics *m)
{
    if (m == NULL)
        return;
    for (size_t i = 0; i < m->nroutes; i++)
        free(m->names[i]);
    free(m);
}

void metrics_observe(struct metrics *m, size_t route, int status, uint64_t nanoseconds)
{
    if (m == NULL)
        return;
    if (route > m->nroutes)
        route = m->nroutes;
    if (status < STATUS_MIN || status >= STATUS_MIN + STATUS_SPAN)
        status = 500;
    atomic_fetch_add_explicit(&m->requests[route][status - STATUS_MIN], 1, memory_order_relaxed);
    histogram_observe(&m->duration, nanoseconds);
}

static void render_histogram(struct buf *out, const char *name, const char *help,
                             const struct histogram_snapshot *s)
{
    buf_printf(out, "# HELP %s %s\n# TYPE %s histogram\n", name, help, name);
    for (int i = 0; i < HISTOGRAM_NBUCKETS; i++)
        buf_printf(out, "%s_bucket{le=\"%g\"} %llu\n", name, HISTOGRAM_BOUNDS[i],
                   (unsigned long long)s->cumulative[i]);
    buf_printf(out, "%s_bucket{le=\"+Inf\"} %llu\n", name,
               (unsigned long long)s->cumulative[HISTOGRAM_NBUCKETS]);
    buf_printf(out, "%s_sum %.6f\n%s_count %llu\n", name, s->sum_seconds, name,
               (unsigned long long)s->count);
}

void metrics_render(const struct metrics *m, const struct workers_stats *ws, int64_t queue_depth,
                    struct buf *out)
{
    if (m != NULL) {
        buf_puts(out, "# HELP tradewire_http_requests_total HTTP requests answered, by route "
                      "and status.\n# TYPE tradewire_http_requests_total counter\n");
        for (size_t r = 0; r <= m->nroutes; r++) {
            const char *route = r < m->nroutes ? m->names[r] : "unmatched";
            for (int s = 0; s < STATUS_SPAN; s++) {
                uint64_t n = atomic_load_explicit(&m->requests[r][s], memory_order_relaxed);
                if (n > 0)
                    buf_printf(out,
                               "tradewire_http_requests_total{route=\"%s\",status=\"%d\"} %llu\n",
                               route, s + STATUS_MIN, (unsigned long long)n);
            }
        }
        struct histogram_snapshot snap;
        histogram_snapshot(&m->duration, &snap);
        render_histogram(out, "tradewire_http_request_duration_seconds",
                         "Time from request headers to response queued.", &snap);
    }
    if (queue_depth >= 0)
        buf_printf(out, "# HELP tradewire_queue_depth Jobs queued or in progress.\n"
                        "# TYPE tradewire_queue_depth gauge\ntradewire_queue_depth %lld\n",
                   (long long)queue_depth);
    if (ws != NULL) {
        buf_printf(out, "# HELP tradewire_articles_annotated_total Articles annotated.\n"
                        "# TYPE tradewire_articles_annotated_total counter\n"
                        "tradewire_articles_annotated_total %llu\n",
                   (unsigned long long)ws->annotated);
        buf_printf(out, "# HELP tradewire_annotation_failures_total Failed annotation attempts.\n"
                        "# TYPE tradewire_annotation_failures_total counter\n"
                        "tradewire_annotation_failures_total %llu\n",
                   (unsigned long long)ws->failed_attempts);
        buf_printf(out, "# HELP tradewire_articles_failed_total Articles given up as failed.\n"
                        "# TYPE tradewire_articles_failed_total counter\n"
                        "tradewire_articles_failed_total %llu\n",
                   (unsigned long long)ws->failed_articles);
        render_histogram(out, "tradewire_annotation_duration_seconds",
                         "Engine time per article.", &ws->duration);
    }
}
