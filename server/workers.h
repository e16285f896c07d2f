/* workers.h - the annotation worker pool.
 *
 * Each worker is a pthread that owns one struct db, claims jobs from the database (so jobs a
 * crash left behind are found again), runs the engine and stores the result. Ingest calls
 * workers_notify() after committing an article so that an idle worker wakes at once; idle
 * workers also poll the database at a slow interval, so no wake-up can be lost.
 *
 * Threads: workers_start/workers_stop from the main thread only; workers_notify and
 * workers_stats from any thread.
 */
#ifndef TW_WORKERS_H
#define TW_WORKERS_H

#include <stddef.h>
#include <stdint.h>

#include "annotate.h"
#include "histogram.h"

struct workers;

struct workers_config {
    const char *db_path;
    size_t nworkers;                 /* >= 1 */
    int max_attempts;                /* a job failing this often fails its article */
    const struct annotator *annotator; /* borrowed, shared read-only by all workers */
};

/* Starts the pool. Returns 0 or TW_EDB (a worker could not open the database). */
int workers_start(const struct workers_config *cfg, struct workers **out);
/* Wakes one idle worker: a job was queued. */
void workers_notify(struct workers *w);
/* Lets each worker finish the job in hand, joins them, closes their databases, frees w.
 * NULL-safe. */
void workers_stop(struct workers *w);

struct workers_stats {
    uint64_t annotated; /* articles done */
    uint64_t failed_attempts;
    uint64_t failed_articles;
    struct histogram_snapshot duration; /* engine time per article */
};
void workers_stats(const struct workers *w, struct workers_stats *out);

#endif
