/* serve.c - start-up and shut-down order of the service.
 *
 * Start: block SIGINT/SIGTERM (every thread created later inherits the mask, so only sigwait()
 * here sees them) -> config -> jansson allocator -> database + migrations + requeue of jobs a
 * crash left processing -> engine -> workers -> HTTP. Stop, in reverse: MHD_stop_daemon (no new
 * requests; running handlers return) -> workers finish the article in hand -> pool closed ->
 * engine freed. Each article acknowledged with 202 was committed before its answer, so nothing
 * is lost on the way down, nor on kill -9.
 */
#include "serve.h"

#include <errno.h>
#include <jansson.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "annotate.h"
#include "config.h"
#include "db.h"
#include "handlers.h"
#include "http.h"
#include "log.h"
#include "mem.h"
#include "metrics.h"
#include "status.h"
#include "workers.h"

#define MAX_ATTEMPTS 3

/* mkdir -p of the directory holding path. */
static int make_parent_dirs(const char *path)
{
    char *dir = xstrdup(path);
    int rc = TW_OK;
    char *slash = strrchr(dir, '/');
    if (slash == NULL || slash == dir)
        goto out;
    *slash = '\0';
    for (char *p = dir + 1; *p != '\0'; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
            rc = TW_EIO;
            goto fail;
        }
        *p = '/';
    }
    if (mkdir(dir, 0755) != 0 && errno != EEXIST)
        rc = TW_EIO;
fail:
    if (rc != TW_OK)
        log_error("cannot create directory %s: %s", dir, strerror(errno));
out:
    free(dir);
    return rc;
}

/* Writes the port through a temporary file and rename(), so a reader never sees it half
 * written. */
static int write_port_file(const char *path, unsigned port)
{
    char *tmp = xasprintf("%s.tmp%ld", path, (long)getpid());
    int rc = TW_OK;
    FILE *f = fopen(tmp, "w");
    if (f == NULL || fprintf(f, "%u\n", port) < 0 || fclose(f) != 0 || rename(tmp, path) != 0) {
        log_error("cannot write port file %s: %s", path, strerror(errno));
        rc = TW_EIO;
    }
    free(tmp);
    return rc;
}

/* Migrations and crash recovery, on a connection of their own before other threads exist. */
static int prepare_database(const char *path)
{
    struct db *db = NULL;
    int64_t requeued = 0;
    int rc = db_open(path, &db);
    if (rc == TW_OK)
        rc = db_migrate(db);
    if (rc == TW_OK)
        rc = db_job_requeue_stale(db, &requeued);
    if (rc == TW_OK && requeued > 0)
        log_info("requeued %lld jobs left unfinished by the previous run", (long long)requeued);
    db_close(db);
    return rc;
}

int serve_main(int argc, char **argv)
{
    struct config cfg = {0};
    struct annotator *an = NULL;
    struct db_pool *pool = NULL;
    struct workers *workers = NULL;
    struct metrics *metrics = NULL;
    struct http_server *http = NULL;
    int status = 1;
    char err[256];

    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);
    signal(SIGPIPE, SIG_IGN);

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(config_usage(), stdout);
            return 0;
        }
    }
    if (config_load(&cfg, argc, argv, NULL, err, sizeof err) != TW_OK) {
        fprintf(stderr, "tradewire serve: %s\n%s", err, config_usage());
        return 2;
    }
    enum log_level level = LOG_INFO;
    log_parse_level(cfg.log_level, &level);
    log_set_level(level);
    json_set_alloc_funcs(xmalloc, free);

    if (strcmp(cfg.db_path, ":memory:") != 0 && make_parent_dirs(cfg.db_path) != TW_OK)
        goto out;
    if (prepare_database(cfg.db_path) != TW_OK)
        goto out;
    json_object_seed(0);
    an = annotator_new();
    if (db_pool_new(cfg.db_path, (size_t)cfg.threads, &pool) != TW_OK)
        goto out;
    struct workers_config wcfg = {
        .db_path = cfg.db_path,
        .nworkers = (size_t)cfg.workers,
        .max_attempts = MAX_ATTEMPTS,
        .annotator = an,
    };
    if (workers_start(&wcfg, &workers) != TW_OK)
        goto out;
    metrics = metrics_new(handlers_route_names, handlers_nroutes);
    struct handler_ctx ctx = {
        .pool = pool,
        .workers = workers,
        .metrics = metrics,
        .queue_max = cfg.queue_max,
    };
    struct http_config hcfg = {
        .bind = cfg.bind,
        .port = (uint16_t)cfg.port,
        .threads = (unsigned)cfg.threads,
        .max_body = (size_t)cfg.max_body,
        .timeout_s = (unsigned)cfg.timeout,
        .routes = handlers_routes,
        .nroutes = handlers_nroutes,
        .metrics = metrics,
        .ctx = &ctx,
    };
    if (http_start(&hcfg, &http) != TW_OK)
        goto out;
    unsigned port = http_port(http);
    if (cfg.port_file != NULL && write_port_file(cfg.port_file, port) != TW_OK)
        goto out;
    bool v6 = strchr(cfg.bind, ':') != NULL;
    fprintf(stderr, "tradewire listening on http://%s%s%s:%u\n", v6 ? "[" : "", cfg.bind,
            v6 ? "]" : "", port);

    int sig = 0;
    while (sigwait(&stop_signals, &sig) != 0)
        ;
    log_info("received %s, shutting down", sig == SIGINT ? "SIGINT" : "SIGTERM");
    status = 0;
out:
    http_stop(http);
    workers_stop(workers);
    db_pool_free(pool);
    metrics_free(metrics);
    annotator_free(an);
    if (status == 0)
        log_info("stopped cleanly");
    config_cleanup(&cfg);
    return status;
}
