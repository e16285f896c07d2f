/* serve.c - start-up and shut-down order of the service.
 *
 * Start: block SIGINT/SIGTERM (every thread created later inherits the mask, so only sigwait()
 * here sees them) -> config -> jansson allocator -> database + migrations + requeue of jobs a
 * crash left processing -> webhook delivery thread -> engine -> workers -> HTTP (libcurl and
 * libxml2 are initialised before any of these threads). Stop, in reverse: MHD_stop_daemon (no
 * new requests; running handlers return) -> workers finish the article in hand -> delivery
 * thread (after the workers, whose commits wake it) -> pool closed -> engine freed. Each article
 * acknowledged with 202 was committed before its answer, so nothing is lost on the way down,
 * nor on kill -9.
 */
#include "serve.h"

#include <curl/curl.h>
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
#include "deliveries.h"
#include "handlers.h"
#include "html_text.h"
#include "http.h"
#include "log.h"
#include "mem.h"
#include "metrics.h"
#include "status.h"
#include "webhook_config.h"
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
    struct deliveries *deliveries = NULL;
    struct webhook_sources sources = {0};
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
    /* Webhook sources are checked before anything starts, like the other options. */
    bool sources_ok = cfg.webhook_config == NULL ||
                      webhook_config_load_file(&sources, cfg.webhook_config, err, sizeof err) ==
                          TW_OK;
    for (size_t i = 0; sources_ok && i < cfg.webhooks.n; i++)
        sources_ok = webhook_config_add_spec(&sources, cfg.webhooks.items[i], err, sizeof err) ==
                     TW_OK;
    if (!sources_ok) {
        fprintf(stderr, "tradewire serve: %s\n", err);
        webhook_config_cleanup(&sources);
        config_cleanup(&cfg);
        return 2;
    }
    /* Library globals of the webhook code, before any thread exists (html_text.h,
     * deliveries.h). */
    curl_global_init(CURL_GLOBAL_DEFAULT);
    html_text_global_init();
    enum log_level level = LOG_INFO;
    log_parse_level(cfg.log_level, &level);
    log_set_level(level);
    json_set_alloc_funcs(xmalloc, free);

    if (strcmp(cfg.db_path, ":memory:") != 0 && make_parent_dirs(cfg.db_path) != TW_OK)
        goto out;
    if (prepare_database(cfg.db_path) != TW_OK)
        goto out;
    struct deliveries_config dcfg = {
        .db_path = cfg.db_path,
        .max_attempts = (int)cfg.delivery_max_attempts,
        .backoff_base_ms = cfg.delivery_backoff_ms,
    };
    if (deliveries_start(&dcfg, &deliveries) != TW_OK)
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
    static_files_init();
    metrics = metrics_new(handlers_routes, handlers_nroutes);
    struct handler_ctx ctx = {
        .pool = pool,
        .workers = workers,
        .metrics = metrics,
        .queue_max = cfg.queue_max,
        .webhooks = &sources,
        .admin_token = cfg.admin_token,
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
        .cors = {.origins = (const char *const *)cfg.cors_origins.items,
                 .norigins = cfg.cors_origins.n},
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
    deliveries_stop(deliveries);
    db_pool_free(pool);
    metrics_free(metrics);
    annotator_free(an);
    if (status == 0)
        log_info("stopped cleanly");
    webhook_config_cleanup(&sources);
    html_text_global_cleanup();
    curl_global_cleanup();
    config_cleanup(&cfg);
    return status;
}
