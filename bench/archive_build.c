/* archive_build - builds a large annotated archive for the query benchmarks, and measures the
 * query functions of db_query.h on it.
 *
 *   archive_build build DB [--articles N] [--threads T] [--corpus FILE.jsonl]
 *     Ingests the corpus (default ../shared/corpus/reuters21578-all.jsonl) again and again
 *     until N articles (default 100,000) are stored in DB, each pass with its own external ids
 *     (source "reuters", external_id "<pass>-<id>") and its dates moved on by <pass> years, so
 *     that the archive spans several years as a real one would. Then T threads (default 2)
 *     annotate them with the real engine and store the results with db_job_complete_batch,
 *     exactly as the service's workers do. Prints the rates of both phases.
 *
 *   archive_build measure DB [--calls N] [--threads T] [--years FIRST-LAST]
 *     Calls each query function N times (default 300) per thread with varied filters drawn from
 *     the archive itself (its top actors, countries, products) and windows (a week, a month, a
 *     quarter or a year) within the years FIRST..LAST (default 1987-1991, the passes of a
 *     100,000-article build), after 30 unrecorded rounds that prepare the statements. Prints
 *     the median, p99 and maximum latency of each family, in ms. With T threads each has its
 *     own connection and the figures are over all calls.
 *
 * Threads: as above; each thread owns its struct db.
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "annotate.h"
#include "db.h"
#include "db_query.h"
#include "log.h"
#include "mem.h"
#include "status.h"
#include "utf8.h"

#define BATCH 32

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU time of the calling thread: on a shared machine the wall clock also counts the time other
 * processes hold the cores. */
static double cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what, int status)
{
    fprintf(stderr, "archive_build: %s: %s\n", what, tw_status_str(status));
    exit(1);
}

/* ---- build ---- */

struct story {
    char *title, *date, *body;
    size_t body_len;
    int64_t id;
};

static size_t load_corpus(const char *path, struct story **out)
{
    FILE *fp = fopen(path, "r");
    if (fp == NULL) {
        fprintf(stderr, "archive_build: cannot open %s\n", path);
        exit(1);
    }
    struct story *v = NULL;
    size_t n = 0, cap = 0, linecap = 0;
    char *line = NULL;
    ssize_t len;
    while ((len = getline(&line, &linecap, fp)) > 0) {
        json_error_t jerr;
        json_t *o = json_loadb(line, (size_t)len, 0, &jerr);
        const char *body = json_string_value(json_object_get(o, "body"));
        if (body != NULL && *body != '\0') {
            xgrow((void **)&v, &cap, n + 1, sizeof *v);
            struct story *s = &v[n++];
            const char *title = json_string_value(json_object_get(o, "title"));
            const char *date = json_string_value(json_object_get(o, "date"));
            s->title = title != NULL ? xstrdup(title) : NULL;
            s->date = date != NULL && strlen(date) == 19 ? xstrdup(date) : NULL;
            s->body = utf8_repair(body, strlen(body), &s->body_len);
            s->id = (int64_t)json_integer_value(json_object_get(o, "id"));
        }
        json_decref(o);
    }
    free(line);
    fclose(fp);
    *out = v;
    return n;
}

struct annotate_ctx {
    const char *path;
    const struct annotator *an;
    size_t done;
    double store_cpu; /* CPU seconds of this thread in db_job_complete_batch */
};

/* Claims and annotates batches until the queue is empty, storing each batch in one
 * transaction (the workers' path). */
static void *annotate_main(void *arg)
{
    struct annotate_ctx *c = arg;
    struct db *db = NULL;
    int status = db_open(c->path, &db);
    if (status != TW_OK)
        die("open", status);
    struct job jobs[BATCH];
    for (;;) {
        size_t n = 0;
        status = db_job_claim(db, jobs, BATCH, &n);
        if (status != TW_OK)
            die("claim", status);
        if (n == 0)
            break;
        struct annotations ann[BATCH];
        char *json[BATCH];
        struct job_result res[BATCH];
        for (size_t i = 0; i < n; i++) {
            memset(&ann[i], 0, sizeof ann[i]);
            status = annotate(c->an, jobs[i].body, jobs[i].body_len, &ann[i]);
            if (status != TW_OK)
                die("annotate", status);
            json_t *j = annotations_to_json(&ann[i], jobs[i].body);
            json[i] = json_dumps(j, JSON_COMPACT);
            json_decref(j);
            res[i] = (struct job_result){.job = &jobs[i], .ann = &ann[i], .annotations_json = json[i]};
        }
        double c0 = cpu_s();
        status = db_job_complete_batch(db, res, n);
        c->store_cpu += cpu_s() - c0;
        if (status != TW_OK)
            die("complete", status);
        for (size_t i = 0; i < n; i++) {
            annotations_cleanup(&ann[i]);
            free(json[i]);
            db_job_cleanup(&jobs[i]);
        }
        c->done += n;
    }
    db_close(db);
    return NULL;
}

static int cmd_build(const char *path, long articles, int threads, const char *corpus)
{
    struct story *stories = NULL;
    size_t nstories = load_corpus(corpus, &stories);
    if (nstories == 0) {
        fprintf(stderr, "archive_build: no stories in %s\n", corpus);
        return 1;
    }
    struct db *db = NULL;
    int status = db_open(path, &db);
    if (status == TW_OK)
        status = db_migrate(db);
    if (status != TW_OK)
        die("open", status);

    double t0 = now_s(), submit_cpu = cpu_s();
    long stored = 0;
    for (long i = 0; i < articles; i++) {
        const struct story *s = &stories[i % (long)nstories];
        int pass = (int)(i / (long)nstories);
        char ext[48], date[32];
        snprintf(ext, sizeof ext, "%d-%" PRId64, pass, s->id);
        struct article_in in = {.title = s->title, .source = "reuters", .external_id = ext,
                                .body = s->body, .body_len = s->body_len};
        if (s->date != NULL) {
            /* "1987-02-26T15:01:01" moved on by pass years (every 1987 date exists in any
             * later year) */
            snprintf(date, sizeof date, "%04d%sZ", atoi(s->date) + pass, s->date + 4);
            in.published_at = date;
        }
        int64_t id = 0;
        enum submit_outcome outcome;
        status = db_article_submit(db, &in, 0, &id, &outcome);
        if (status != TW_OK)
            die("submit", status);
        stored += outcome != SUBMIT_UNCHANGED;
    }
    double t1 = now_s();
    submit_cpu = cpu_s() - submit_cpu;
    printf("submitted %ld articles (%ld new) in %.1f s: %.0f articles/s, CPU %.3f ms per article\n",
           articles, stored, t1 - t0, (double)articles / (t1 - t0),
           articles > 0 ? submit_cpu * 1000.0 / (double)articles : 0.0);
    fflush(stdout);
    db_close(db);

    struct annotator *an = annotator_new();
    if (threads < 1)
        threads = 1;
    pthread_t *tid = xcalloc((size_t)threads, sizeof *tid);
    struct annotate_ctx *ctx = xcalloc((size_t)threads, sizeof *ctx);
    for (int i = 0; i < threads; i++) {
        ctx[i] = (struct annotate_ctx){.path = path, .an = an};
        pthread_create(&tid[i], NULL, annotate_main, &ctx[i]);
    }
    size_t done = 0;
    double store_cpu = 0;
    for (int i = 0; i < threads; i++) {
        pthread_join(tid[i], NULL);
        done += ctx[i].done;
        store_cpu += ctx[i].store_cpu;
    }
    double t2 = now_s();
    printf("annotated and stored %zu articles with %d threads in %.1f s: %.0f articles/s\n", done,
           threads, t2 - t1, (double)done / (t2 - t1));
    /* The storing alone (triggers included), in CPU time: the figure to compare schemas by. */
    printf("store CPU %.2f s: %.3f ms per article\n", store_cpu,
           done > 0 ? store_cpu * 1000.0 / (double)done : 0.0);
    annotator_free(an);
    free(tid);
    free(ctx);
    for (size_t i = 0; i < nstories; i++) {
        free(stories[i].title);
        free(stories[i].date);
        free(stories[i].body);
    }
    free(stories);
    return 0;
}

/* ---- measure ---- */

enum family {
    F_ACTORS,
    F_ACTORS_WINDOW,
    F_ACTOR_GET,
    F_CLAIMS,
    F_CLAIMS_FTS,
    F_TARIFFS,
    F_SUMMARY,
    F_SEARCH,
    F__COUNT
};
static const char *const family_names[] = {
    "actors (no window)", "actors (since/until)", "actor detail", "claims",
    "claims (q)",         "tariffs",              "tariff summary", "search"};

/* What the archive holds, read through the query API itself. */
struct samples {
    int64_t actor_ids[200];
    char *actor_names[200];
    size_t nactors;
    char *countries[40];
    size_t ncountries;
    char *products[40];
    size_t nproducts;
    int64_t article_ids[50];
    size_t narticles;
    int first_year, last_year;
};

struct measure_ctx {
    const char *path;
    const struct samples *s;
    int calls;
    unsigned seed;
    double *lat[F__COUNT], *cpu[F__COUNT];
    size_t nlat[F__COUNT];
    char *worst_what[F__COUNT];
    double worst[F__COUNT];
};

static unsigned rnd(unsigned *seed)
{
    *seed = *seed * 1103515245u + 12345u;
    return (*seed >> 8) & 0xffffff;
}

static void add_unique(char **v, size_t *n, size_t cap, const char *s)
{
    if (s == NULL || *n == cap)
        return;
    for (size_t i = 0; i < *n; i++)
        if (strcmp(v[i], s) == 0)
            return;
    v[(*n)++] = xstrdup(s);
}

static void collect_samples(struct db *db, struct samples *s)
{
    memset(s, 0, sizeof *s);
    struct db_actor_filter af = {.limit = 200};
    struct db_actor_page ap = {0};
    if (db_actor_list(db, &af, &ap, NULL) != TW_OK)
        die("sample actors", TW_EDB);
    for (size_t i = 0; i < ap.n; i++) {
        s->actor_ids[s->nactors] = ap.items[i].actor.id;
        s->actor_names[s->nactors++] = xstrdup(ap.items[i].actor.name);
        if (ap.items[i].actor.type == ACTOR_COUNTRY)
            add_unique(s->countries, &s->ncountries, 40, ap.items[i].actor.country);
    }
    db_actor_page_cleanup(&ap);
    struct db_tariff_filter tf = {.limit = 500};
    struct db_tariff_page tp = {0};
    if (db_tariff_list(db, &tf, &tp, NULL) != TW_OK)
        die("sample tariffs", TW_EDB);
    for (size_t i = 0; i < tp.n; i++)
        for (size_t k = 0; k < tp.items[i].nproducts; k++)
            add_unique(s->products, &s->nproducts, 40, tp.items[i].products[k]);
    db_tariff_page_cleanup(&tp);
    struct db_claim_filter cf = {.limit = 50};
    struct db_claim_page cp = {0};
    if (db_claim_list(db, &cf, &cp, NULL) != TW_OK)
        die("sample claims", TW_EDB);
    for (size_t i = 0; i < cp.n; i++)
        s->article_ids[s->narticles++] = cp.items[i].article.id;
    db_claim_page_cleanup(&cp);
}

/* A window of the archive: a week, a month, a quarter or a year. */
static void window(unsigned *seed, const struct samples *s, char *since, char *until)
{
    int years = s->last_year - s->first_year + 1;
    int y = s->first_year + (int)(rnd(seed) % (unsigned)(years > 0 ? years : 1));
    int m = 3 + (int)(rnd(seed) % 6), d = 1 + (int)(rnd(seed) % 20);
    switch (rnd(seed) % 4) {
    case 0:
        sprintf(since, "%04d-%02d-%02dT00:00:00Z", y, m, d);
        sprintf(until, "%04d-%02d-%02dT00:00:00Z", y, m, d + 7);
        break;
    case 1:
        sprintf(since, "%04d-%02d-01T00:00:00Z", y, m);
        sprintf(until, "%04d-%02d-01T00:00:00Z", y, m + 1);
        break;
    case 2:
        sprintf(since, "%04d-%02d-01T00:00:00Z", y, m);
        sprintf(until, "%04d-%02d-01T00:00:00Z", y, m + 3);
        break;
    default:
        sprintf(since, "%04d-01-01T00:00:00Z", y);
        sprintf(until, "%04d-01-01T00:00:00Z", y + 1);
    }
}

static void record(struct measure_ctx *c, enum family f, double t, double cpu, const char *what)
{
    c->cpu[f][c->nlat[f]] = cpu;
    c->lat[f][c->nlat[f]++] = t;
    if (t > c->worst[f]) {
        c->worst[f] = t;
        free(c->worst_what[f]);
        c->worst_what[f] = xstrdup(what);
    }
}

static const char *const search_queries[] = {
    "tariff*",           "\"trade deficit\"", "japan AND semiconductor*", "steel OR aluminium",
    "rice",              "reagan",            "\"import duties\"",        "textile* NOT china",
    "protectionis*",     "gatt OR \"world trade\"", "sugar quota*", "retaliat*",
    "yeutter",           "(beef OR pork) AND japan", "currency",   "dumping",
};

static void *measure_main(void *arg)
{
    struct measure_ctx *c = arg;
    const struct samples *s = c->s;
    struct db *db = NULL;
    int status = db_open(c->path, &db);
    if (status != TW_OK)
        die("open", status);
    unsigned seed = c->seed;
    char since[40], until[40], what[160];
    /* The first rounds prepare every statement of the connection (the service's pooled
     * connections pay that once): run them unrecorded. */
    int warmup = 30;
    for (int call = -warmup; call < c->calls; call++) {
        for (int f = 0; f < F__COUNT; f++) {
            struct db_query_err err;
            double t0 = now_s(), c0 = cpu_s();
            status = TW_OK;
            switch ((enum family)f) {
            case F_ACTORS:
            case F_ACTORS_WINDOW: {
                struct db_actor_filter af = {.limit = 50, .sort = (enum db_actor_sort)(rnd(&seed) % 3)};
                unsigned k = rnd(&seed) % 4;
                if (k == 1) {
                    af.has_type = true;
                    af.type = (enum actor_type)(rnd(&seed) % 3);
                } else if (k == 2 && s->ncountries > 0) {
                    af.country = s->countries[rnd(&seed) % s->ncountries];
                } else if (k == 3) {
                    static const char *const prefixes[] = {"ja", "u", "reag", "bak", "min", "eu"};
                    af.q = prefixes[rnd(&seed) % 6];
                }
                if (f == F_ACTORS_WINDOW) {
                    window(&seed, s, since, until);
                    af.since = since;
                    af.until = until;
                }
                snprintf(what, sizeof what, "sort %d filter %u %s..%s", af.sort, k,
                         af.since ? af.since : "", af.until ? af.until : "");
                struct db_actor_page p = {0};
                status = db_actor_list(db, &af, &p, &err);
                if (status == TW_OK && p.next_cursor != NULL && rnd(&seed) % 2) {
                    af.cursor = p.next_cursor;
                    struct db_actor_page p2 = {0};
                    status = db_actor_list(db, &af, &p2, &err);
                    db_actor_page_cleanup(&p2);
                }
                db_actor_page_cleanup(&p);
                break;
            }
            case F_ACTOR_GET: {
                int64_t id = s->actor_ids[rnd(&seed) % s->nactors];
                snprintf(what, sizeof what, "actor %" PRId64, id);
                struct db_actor_detail d = {0};
                status = db_actor_get(db, id, &d);
                db_actor_detail_cleanup(&d);
                break;
            }
            case F_CLAIMS:
            case F_CLAIMS_FTS: {
                struct db_claim_filter cf = {.limit = 50};
                unsigned k = rnd(&seed) % 5;
                if (k == 1)
                    cf.speaker_id = s->actor_ids[rnd(&seed) % s->nactors];
                else if (k == 2)
                    cf.speaker_name = s->actor_names[rnd(&seed) % s->nactors];
                else if (k == 3 && s->narticles > 0)
                    cf.article_id = s->article_ids[rnd(&seed) % s->narticles];
                else if (k == 4) {
                    window(&seed, s, since, until);
                    cf.since = since;
                    cf.until = until;
                }
                if (rnd(&seed) % 3 == 0) {
                    cf.has_direct = true;
                    cf.direct = rnd(&seed) % 2;
                }
                if (f == F_CLAIMS_FTS)
                    cf.q = search_queries[rnd(&seed) % 16];
                snprintf(what, sizeof what, "filter %u q %s", k, cf.q ? cf.q : "");
                struct db_claim_page p = {0};
                status = db_claim_list(db, &cf, &p, &err);
                if (status == TW_OK && p.next_cursor != NULL && rnd(&seed) % 2) {
                    cf.cursor = p.next_cursor;
                    struct db_claim_page p2 = {0};
                    status = db_claim_list(db, &cf, &p2, &err);
                    db_claim_page_cleanup(&p2);
                }
                db_claim_page_cleanup(&p);
                break;
            }
            case F_TARIFFS:
            case F_SUMMARY: {
                struct db_tariff_filter tf = {.limit = 50};
                unsigned k = rnd(&seed) % 7;
                if (k == 1 && s->ncountries > 0)
                    tf.imposer = s->countries[rnd(&seed) % s->ncountries];
                else if (k == 2 && s->ncountries > 0)
                    tf.target = s->countries[rnd(&seed) % s->ncountries];
                else if (k == 3 && s->nproducts > 0)
                    tf.product = s->products[rnd(&seed) % s->nproducts];
                else if (k == 4) {
                    tf.has_change = true;
                    tf.change = (enum tariff_change)(rnd(&seed) % 8);
                } else if (k == 5) {
                    tf.has_min = tf.has_max = true;
                    tf.min_micros = 10000000;
                    tf.max_micros = 50000000;
                } else if (k == 6) {
                    window(&seed, s, since, until);
                    tf.since = since;
                    tf.until = until;
                }
                if (f == F_TARIFFS) {
                    if (rnd(&seed) % 2) {
                        tf.has_kind = true;
                        tf.kind = TARIFF_RATE;
                    }
                    snprintf(what, sizeof what, "filter %u", k);
                    struct db_tariff_page p = {0};
                    status = db_tariff_list(db, &tf, &p, &err);
                    if (status == TW_OK && p.next_cursor != NULL && rnd(&seed) % 2) {
                        tf.cursor = p.next_cursor;
                        struct db_tariff_page p2 = {0};
                        status = db_tariff_list(db, &tf, &p2, &err);
                        db_tariff_page_cleanup(&p2);
                    }
                    db_tariff_page_cleanup(&p);
                } else {
                    static const char *const groupings[] = {
                        "imposer,target,month", "product", "change,week", "imposer,day",
                        "target",               "imposer,target,product,change,month"};
                    const char *g = groupings[rnd(&seed) % 6];
                    enum db_tariff_key keys[DB_TKEY_MAX];
                    size_t nkeys = 0;
                    if (db_tariff_keys_parse(g, keys, &nkeys, &err) != TW_OK)
                        die("keys", TW_EINVAL);
                    tf.has_kind = true;
                    tf.kind = TARIFF_RATE;
                    tf.limit = 200;
                    snprintf(what, sizeof what, "group_by %s filter %u", g, k);
                    struct db_tariff_summary_page p = {0};
                    status = db_tariff_summary(db, &tf, keys, nkeys, &p, &err);
                    db_tariff_summary_page_cleanup(&p);
                }
                break;
            }
            case F_SEARCH: {
                struct db_search_filter sf = {.limit = 20, .q = search_queries[rnd(&seed) % 16]};
                unsigned k = rnd(&seed) % 4;
                if (k == 1) {
                    sf.has_kind = true;
                    sf.kind = (enum db_search_kind)(rnd(&seed) % 3);
                } else if (k == 2) {
                    window(&seed, s, since, until);
                    sf.since = since;
                    sf.until = until;
                }
                snprintf(what, sizeof what, "q %s filter %u", sf.q, k);
                struct db_search_page p = {0};
                status = db_search(db, &sf, &p, &err);
                if (status == TW_OK && p.next_cursor != NULL && k == 3) {
                    sf.cursor = p.next_cursor;
                    struct db_search_page p2 = {0};
                    status = db_search(db, &sf, &p2, &err);
                    db_search_page_cleanup(&p2);
                }
                db_search_page_cleanup(&p);
                break;
            }
            case F__COUNT:
                break;
            }
            if (status != TW_OK) {
                fprintf(stderr, "archive_build: %s (%s) failed: %s %s\n", family_names[f], what,
                        tw_status_str(status), status == TW_EINVAL ? err.detail : "");
                exit(1);
            }
            if (call >= 0)
                record(c, (enum family)f, (now_s() - t0) * 1000.0, (cpu_s() - c0) * 1000.0,
                       what);
        }
    }
    db_close(db);
    return NULL;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static int cmd_measure(const char *path, int calls, int threads, int first_year, int last_year)
{
    struct db *db = NULL;
    int status = db_open(path, &db);
    if (status != TW_OK)
        die("open", status);
    struct samples s;
    collect_samples(db, &s);
    s.first_year = first_year;
    s.last_year = last_year;
    db_close(db);
    printf("archive %s: years %d..%d, %zu sample actors, %zu countries, %zu products\n", path,
           s.first_year, s.last_year, s.nactors, s.ncountries, s.nproducts);
    if (threads < 1)
        threads = 1;
    struct measure_ctx *ctx = xcalloc((size_t)threads, sizeof *ctx);
    pthread_t *tid = xcalloc((size_t)threads, sizeof *tid);
    double t0 = now_s();
    for (int i = 0; i < threads; i++) {
        ctx[i] = (struct measure_ctx){.path = path, .s = &s, .calls = calls, .seed = 7u + (unsigned)i};
        for (int f = 0; f < F__COUNT; f++) {
            ctx[i].lat[f] = xcalloc((size_t)calls, sizeof(double));
            ctx[i].cpu[f] = xcalloc((size_t)calls, sizeof(double));
        }
        pthread_create(&tid[i], NULL, measure_main, &ctx[i]);
    }
    for (int i = 0; i < threads; i++)
        pthread_join(tid[i], NULL);
    double wall = now_s() - t0;
    printf("%d thread(s) x %d calls per family in %.1f s\n", threads, calls, wall);
    printf("%-22s %6s %9s %9s %9s | %9s %9s  %s\n", "family", "calls", "median", "p99", "max",
           "cpu med", "cpu p99", "slowest call (wall)");
    for (int f = 0; f < F__COUNT; f++) {
        size_t n = 0;
        for (int i = 0; i < threads; i++)
            n += ctx[i].nlat[f];
        double *all = xcalloc(n, sizeof *all), *cpu = xcalloc(n, sizeof *cpu);
        size_t k = 0;
        const char *worst_what = "";
        double worst = -1;
        for (int i = 0; i < threads; i++) {
            memcpy(all + k, ctx[i].lat[f], ctx[i].nlat[f] * sizeof *all);
            memcpy(cpu + k, ctx[i].cpu[f], ctx[i].nlat[f] * sizeof *cpu);
            k += ctx[i].nlat[f];
            if (ctx[i].worst[f] > worst) {
                worst = ctx[i].worst[f];
                worst_what = ctx[i].worst_what[f];
            }
        }
        qsort(all, n, sizeof *all, cmp_double);
        qsort(cpu, n, sizeof *cpu, cmp_double);
        size_t p99 = (size_t)((double)(n - 1) * 0.99 + 0.5);
        printf("%-22s %6zu %7.2fms %7.2fms %7.2fms | %7.2fms %7.2fms  %s\n", family_names[f], n,
               all[n / 2], all[p99], all[n - 1], cpu[n / 2], cpu[p99], worst_what);
        free(all);
        free(cpu);
    }
    for (int i = 0; i < threads; i++) {
        for (int f = 0; f < F__COUNT; f++) {
            free(ctx[i].lat[f]);
            free(ctx[i].cpu[f]);
            free(ctx[i].worst_what[f]);
        }
    }
    free(ctx);
    free(tid);
    for (size_t i = 0; i < s.nactors; i++)
        free(s.actor_names[i]);
    for (size_t i = 0; i < s.ncountries; i++)
        free(s.countries[i]);
    for (size_t i = 0; i < s.nproducts; i++)
        free(s.products[i]);
    return 0;
}

static void usage(void)
{
    fprintf(stderr, "usage: archive_build build DB [--articles N] [--threads T] [--corpus FILE]\n"
                    "       archive_build measure DB [--calls N] [--threads T]"
                    " [--years FIRST-LAST]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    if (argc < 3)
        usage();
    long articles = 100000;
    int threads = -1, calls = 300, first_year = 1987, last_year = 1991;
    const char *corpus = "../shared/corpus/reuters21578-all.jsonl";
    for (int i = 3; i < argc; i++) {
        if (i + 1 >= argc)
            usage();
        if (strcmp(argv[i], "--articles") == 0)
            articles = atol(argv[++i]);
        else if (strcmp(argv[i], "--threads") == 0)
            threads = atoi(argv[++i]);
        else if (strcmp(argv[i], "--calls") == 0)
            calls = atoi(argv[++i]);
        else if (strcmp(argv[i], "--years") == 0 &&
                 sscanf(argv[i + 1], "%d-%d", &first_year, &last_year) == 2)
            i++;
        else if (strcmp(argv[i], "--corpus") == 0)
            corpus = argv[++i];
        else
            usage();
    }
    log_set_level(LOG_WARN);
    json_set_alloc_funcs(xmalloc, free);
    if (strcmp(argv[1], "build") == 0)
        return cmd_build(argv[2], articles, threads < 0 ? 2 : threads, corpus);
    if (strcmp(argv[1], "measure") == 0)
        return cmd_measure(argv[2], calls > 0 ? calls : 300, threads < 0 ? 1 : threads,
                           first_year, last_year);
    usage();
    return 2;
}
