/* histogram.h - a fixed-bucket latency histogram with atomic counters, for /metrics.
 *
 * Buckets are the Prometheus-style upper bounds in HISTOGRAM_BOUNDS (seconds).
 * Threads: histogram_observe from any thread at once (lock-free); histogram_snapshot from any
 * thread, giving a view that may lag concurrent observations by a few counts.
 */
#ifndef TW_HISTOGRAM_H
#define TW_HISTOGRAM_H

#include <stdatomic.h>
#include <stdint.h>

#define HISTOGRAM_NBUCKETS 12
extern const double HISTOGRAM_BOUNDS[HISTOGRAM_NBUCKETS]; /* 0.0005 s .. 10 s */

struct histogram {
    atomic_uint_fast64_t bucket[HISTOGRAM_NBUCKETS + 1]; /* the last one is +Inf */
    atomic_uint_fast64_t sum_ns;
};

/* Zeroes h (a static or calloc'd histogram is already zero). */
void histogram_init(struct histogram *h);
void histogram_observe(struct histogram *h, uint64_t nanoseconds);

struct histogram_snapshot {
    uint64_t cumulative[HISTOGRAM_NBUCKETS + 1]; /* observations <= each bound; last: all */
    uint64_t count;
    double sum_seconds;
};
void histogram_snapshot(const struct histogram *h, struct histogram_snapshot *out);

#endif
