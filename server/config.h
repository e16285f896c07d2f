/* config.h - the settings of `tradewire serve`: each option has a flag, an environment twin and
 * a default, resolved in that order (flag > env > default) from one table in config.c.
 *
 * Threads: config_load on the main thread before any other starts; afterwards a struct config
 * is read-only and may be read from any thread.
 */
#ifndef TW_CONFIG_H
#define TW_CONFIG_H

#include <stddef.h>
#include <stdint.h>

/* A repeatable option's values, in the order given. */
struct config_list {
    char **items;
    size_t n;
};

struct config {
    char *bind;       /* --bind, TRADEWIRE_BIND: IPv4 or IPv6 literal, default 127.0.0.1 */
    long port;        /* --port, TRADEWIRE_PORT: 0 picks a free port, default 8080 */
    char *db_path;    /* --db, TRADEWIRE_DB, default data/tradewire.db */
    long workers;     /* --workers, TRADEWIRE_WORKERS: annotation threads, default: cores */
    long threads;     /* --threads, TRADEWIRE_THREADS: HTTP threads, default: cores */
    long max_body;    /* --max-body, TRADEWIRE_MAX_BODY: bytes, default 1 MiB */
    long queue_max;   /* --queue-max, TRADEWIRE_QUEUE_MAX: jobs waiting, default 10000 */
    long timeout;     /* --timeout, TRADEWIRE_TIMEOUT: idle connection seconds, default 30 */
    char *port_file;  /* --port-file, TRADEWIRE_PORT_FILE: write the bound port there, or NULL */
    char *log_level;  /* --log-level, TRADEWIRE_LOG_LEVEL: debug|info|warn|error, default info */
    /* --cors-origin (repeatable), TRADEWIRE_CORS_ORIGIN (comma-separated): the origins allowed
     * to read answers from a browser ("https://dash.example.com"), or "*"; default none. */
    struct config_list cors_origins;
    /* Webhooks (README.md, Webhooks). --webhook (repeatable), TRADEWIRE_WEBHOOK (comma-separated):
     * "SOURCE=KIND:SECRET" items, parsed by webhook_config.c; none by default. */
    struct config_list webhooks;
    char *webhook_config; /* --webhook-config, TRADEWIRE_WEBHOOK_CONFIG: JSON file, or NULL */
    char *admin_token;    /* --admin-token, TRADEWIRE_ADMIN_TOKEN: subscriptions API, or NULL */
    long delivery_backoff_ms;   /* --delivery-backoff-ms, TRADEWIRE_DELIVERY_BACKOFF_MS: 10000 */
    long delivery_max_attempts; /* --delivery-max-attempts, TRADEWIRE_DELIVERY_MAX_ATTEMPTS: 12 */
};

/* Fills *cfg from argv (argv[0] is the command name, skipped), then from envp (an environ-style
 * array, NULL-terminated; NULL means the process environment), then defaults. Flags take
 * "--name value" or "--name=value"; a repeatable option takes each occurrence, and a
 * comma-separated list in any of them or in its variable (used only when no flag gave it).
 * On TW_EINVAL (unknown flag, missing value, a number out of its bounds, a malformed origin)
 * it writes one line into err (errlen bytes) and leaves *cfg cleaned up. On success the caller
 * later calls config_cleanup(). */
int config_load(struct config *cfg, int argc, char **argv, char **envp, char *err, size_t errlen);
/* Frees the strings of cfg; NULL-safe on a zeroed struct. */
void config_cleanup(struct config *cfg);
/* The options, their variables and defaults, as text for --help. Static storage. */
const char *config_usage(void);

#endif
