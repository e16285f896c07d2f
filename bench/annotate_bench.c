/* annotate_bench - throughput and linearity of the annotation engine on one thread.
 *
 * Reads the bodies of a JSONL corpus (one object a line with "body"; by default
 * ../shared/corpus/reuters21578-all.jsonl), then prints:
 *   - MB/s of annotate() over all bodies, the corpus taken 1x, 10x and 100x (medians of 5, 3
 *     and 1 runs), with the process's peak RSS after each;
 *   - MB/s of annotate() + annotations_to_json() over the corpus once (what a worker pays);
 *   - MB/s on single bodies of 100 KB, 1 MB and 10 MB made by joining bodies, and the time
 *     ratio 10 MB / 1 MB (10 when the engine is linear).
 * MB are 10^6 bytes of UTF-8 body text; rates are per wall-clock second, and for the corpus
 * also per CPU second (what the engine would do on an idle core). The last line, "mbps N", is the
 * 1x figure that bench/annotate.sh compares with the reference.
 *
 * usage: annotate_bench [--max-mult N] [--limit BYTES] [--corpus-only] [CORPUS.jsonl]
 *   --max-mult:    stop after the corpus taken N times (1, 10 or 100; default 100)
 *   --limit:       use only the first BYTES of bodies (to compare with a slower reference)
 *   --corpus-only: skip the JSON and single-body measurements
 *
 * Threads: one (the engine's per-thread speed is what the workers multiply).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <jansson.h>

#include "annotate.h"
#include "buf.h"
#include "mem.h"
#include "utf8.h"

struct body {
    char *s;
    size_t len;
};

struct corpus {
    struct body *body;
    size_t n, cap, bytes;
};

static double clock_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double now(void)
{
    return clock_s(CLOCK_MONOTONIC);
}

/* CPU seconds of this process: on a machine shared with other work, wall time also counts
 * the time the scheduler gave to others; CPU time does not. */
static double cpu_now(void)
{
    return clock_s(CLOCK_PROCESS_CPUTIME_ID);
}

static double peak_rss_mb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_maxrss / 1024.0; /* ru_maxrss is in KiB on Linux */
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Reads the "body" of every line, repaired to valid UTF-8 as the service would. */
static int load(const char *path, size_t limit, struct corpus *c)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "annotate_bench: cannot open %s\n", path);
        return -1;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, f)) > 0 && c->bytes < limit) {
        json_error_t err;
        json_t *o = json_loadb(line, (size_t)n, 0, &err);
        const json_t *body = json_object_get(o, "body");
        if (json_is_string(body) && json_string_length(body) > 0) {
            size_t len;
            char *s = utf8_repair(json_string_value(body), json_string_length(body), &len);
            void *p = c->body;
            xgrow(&p, &c->cap, c->n + 1, sizeof *c->body);
            c->body = p;
            c->body[c->n++] = (struct body){s, len};
            c->bytes += len;
        }
        json_decref(o);
    }
    free(line);
    fclose(f);
    return c->n > 0 ? 0 : -1;
}

/* Annotates every body mult times; returns the seconds taken. */
static double run_corpus(const struct annotator *an, const struct corpus *c, int mult, bool to_json,
                         size_t *items, double *cpu)
{
    double t0 = now(), c0 = cpu_now();
    for (int m = 0; m < mult; m++) {
        for (size_t i = 0; i < c->n; i++) {
            struct annotations a;
            if (annotate(an, c->body[i].s, c->body[i].len, &a) != 0) {
                fprintf(stderr, "annotate_bench: body %zu refused\n", i);
                exit(1);
            }
            if (items != NULL)
                *items += a.nactors + a.nclaims + a.ntariffs;
            if (to_json)
                json_decref(annotations_to_json(&a, c->body[i].s));
            annotations_cleanup(&a);
        }
    }
    if (cpu != NULL)
        *cpu = cpu_now() - c0;
    return now() - t0;
}

/* One body of at least size bytes: corpus bodies joined by blank lines, as a long feed. */
static char *joined(const struct corpus *c, size_t size, size_t *len)
{
    struct buf b;
    buf_init(&b);
    for (size_t i = 0; b.len < size; i = (i + 1) % c->n) {
        buf_append(&b, c->body[i].s, c->body[i].len);
        buf_puts(&b, "\n\n");
    }
    *len = b.len;
    return buf_steal(&b);
}

static double time_one(const struct annotator *an, const char *s, size_t len)
{
    struct annotations a;
    double t0 = now();
    if (annotate(an, s, len, &a) != 0) {
        fprintf(stderr, "annotate_bench: joined body refused\n");
        exit(1);
    }
    double t = now() - t0;
    annotations_cleanup(&a);
    return t;
}

int main(int argc, char **argv)
{
    const char *path = "../shared/corpus/reuters21578-all.jsonl";
    int max_mult = 100;
    size_t limit = (size_t)-1;
    bool corpus_only = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--max-mult") == 0 && i + 1 < argc)
            max_mult = atoi(argv[++i]);
        else if (strcmp(argv[i], "--limit") == 0 && i + 1 < argc)
            limit = strtoull(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--corpus-only") == 0)
            corpus_only = true;
        else if (argv[i][0] != '-')
            path = argv[i];
        else {
            fprintf(stderr, "usage: annotate_bench [--max-mult N] [--limit BYTES] "
                            "[--corpus-only] [CORPUS]\n");
            return 2;
        }
    }
    struct corpus c = {0};
    if (load(path, limit, &c) != 0)
        return 1;
    double mb = (double)c.bytes / 1e6;
    struct annotator *an = annotator_new();
    printf("annotate_bench: %zu bodies, %.2f MB from %s; one thread\n", c.n, mb, path);
    printf("peak RSS after loading: %.1f MB\n", peak_rss_mb());

    size_t items = 0;
    run_corpus(an, &c, 1, false, &items, NULL); /* warm-up, and the item count */
    printf("annotations per MB: %.0f (%zu in all)\n", (double)items / mb, items);

    static const struct {
        int mult, runs;
    } plan[] = {{1, 5}, {10, 3}, {100, 1}};
    double mbps1 = 0;
    for (size_t p = 0; p < sizeof plan / sizeof *plan && plan[p].mult <= max_mult; p++) {
        double t[5], cpu[5];
        for (int r = 0; r < plan[p].runs; r++)
            t[r] = run_corpus(an, &c, plan[p].mult, false, NULL, &cpu[r]);
        double med = median(t, (size_t)plan[p].runs);
        double cpu_med = median(cpu, (size_t)plan[p].runs);
        double rate = mb * plan[p].mult / med;
        if (plan[p].mult == 1)
            mbps1 = rate;
        printf("corpus x%-4d %8.1f MB  %7.2f s  %6.1f MB/s  (CPU time: %6.1f MB/s; median of %d)"
               "  peak RSS %.1f MB\n",
               plan[p].mult, mb * plan[p].mult, med, rate, mb * plan[p].mult / cpu_med,
               plan[p].runs, peak_rss_mb());
    }
    if (corpus_only)
        goto out;
    double tj[3];
    for (int r = 0; r < 3; r++)
        tj[r] = run_corpus(an, &c, 1, true, NULL, NULL);
    printf("corpus x1 with annotations_to_json: %.1f MB/s (median of 3)\n", mb / median(tj, 3));

    static const size_t sizes[] = {100000, 1000000, 10000000};
    double secs[3];
    for (size_t k = 0; k < 3; k++) {
        size_t len;
        char *s = joined(&c, sizes[k], &len);
        double t[3];
        int runs = k < 2 ? 3 : 1;
        for (int r = 0; r < runs; r++)
            t[r] = time_one(an, s, len);
        secs[k] = median(t, (size_t)runs) * (double)sizes[k] / (double)len;
        printf("single body %5.1f MB  %7.3f s  %6.1f MB/s  peak RSS %.1f MB\n", (double)len / 1e6,
               secs[k] * (double)len / (double)sizes[k], (double)sizes[k] / 1e6 / secs[k],
               peak_rss_mb());
        free(s);
    }
    printf("linearity: time(10 MB) / time(1 MB) = %.2f, time(1 MB) / time(100 KB) = %.2f "
           "(10 when linear)\n",
           secs[2] / secs[1], secs[1] / secs[0]);
out:
    printf("mbps %.2f\n", mbps1);
    annotator_free(an);
    for (size_t i = 0; i < c.n; i++)
        free(c.body[i].s);
    free(c.body);
    return 0;
}
