/* metrics.h - the service's counters in Prometheus text format.
 *
 * HTTP counts requests by route and status and times them; the annotation figures come from the
 * worker pool's own counters (workers_stats) and the queue depth from the database, both read
 * when /metrics is scraped.
 * Threads: metrics_observe from any thread (atomics only); metrics_render from any thread;
 * metrics_new/metrics_free on the main thread, before the HTTP server starts and after it stops.
 */
#ifndef TW_METRICS_H
#define TW_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "router.h"
#include "workers.h"

#define METRICS_MAX_ROUTES 32

struct metrics;

/* Route i of routes is labelled "METHOD pattern"; index nroutes is "unmatched". At most
 * METRICS_MAX_ROUTES routes are told apart. */
struct metrics *metrics_new(const struct route *routes, size_t nroutes);
void metrics_free(struct metrics *m);
/* Counts one answered request. route is an index below nroutes, or nroutes for none. */
void metrics_observe(struct metrics *m, size_t route, int status, uint64_t nanoseconds);

/* Appends the exposition text. ws may be NULL (no workers); queue_depth < 0 means unknown. */
void metrics_render(const struct metrics *m, const struct workers_stats *ws, int64_t queue_depth,
                    struct buf *out);

#endif
