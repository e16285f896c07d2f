#include "histogram.h"

const double HISTOGRAM_BOUNDS[HISTOGRAM_NBUCKETS] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                     0.05,   0.1,   0.25,   0.5,   1.0,  10.0};

void histogram_init(struct histogram *h)
{
    for (int i = 0; i <= HISTOGRAM_NBUCKETS; i++)
        atomic_init(&h->bucket[i], 0);
    atomic_init(&h->sum_ns, 0);
}

void histogram_observe(struct histogram *h, uint64_t nanoseconds)
{
    double s = (double)nanoseconds / 1e9;
    int i = 0;
    while (i < HISTOGRAM_NBUCKETS && s > HISTOGRAM_BOUNDS[i])
        i++;
    atomic_fetch_add_explicit(&h->bucket[i], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&h->sum_ns, nanoseconds, memory_order_relaxed);
}

void histogram_snapshot(const struct histogram *h, struct histogram_snapshot *out)
{
    uint64_t running = 0;
    for (int i = 0; i <= HISTOGRAM_NBUCKETS; i++) {
        running += atomic_load_explicit(&h->bucket[i], memory_order_relaxed);
        out->cumulative[i] = running;
    }
    out->count = running;
    out->sum_seconds = (double)atomic_load_explicit(&h->sum_ns, memory_order_relaxed) / 1e9;
}
