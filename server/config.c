/* config.c - one table of options (kore's configure_* style): a flag, its environment twin,
 * the default and, for numbers, the bounds. Every source of a value goes through set_value(),
 * so a bad TRADEWIRE_PORT is refused with the same message as a bad --port. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cors.h"
#include "log.h"
#include "mem.h"
#include "status.h"

extern char **environ;

enum opt_kind { OPT_STRING, OPT_LONG, OPT_ORIGINS, OPT_LIST };

struct option_def {
    const char *flag; /* without the leading "--" */
    const char *env;
    enum opt_kind kind;
    size_t offset; /* into struct config */
    const char *def; /* default as text; NULL: none; "cores": the number of online CPUs */
    long min, max;
};

#define OFF(field) offsetof(struct config, field)

static const struct option_def options[] = {
    {"bind", "TRADEWIRE_BIND", OPT_STRING, OFF(bind), "127.0.0.1", 0, 0},
    {"port", "TRADEWIRE_PORT", OPT_LONG, OFF(port), "8080", 0, 65535},
    {"db", "TRADEWIRE_DB", OPT_STRING, OFF(db_path), "data/tradewire.db", 0, 0},
    {"workers", "TRADEWIRE_WORKERS", OPT_LONG, OFF(workers), "cores", 1, 256},
    {"threads", "TRADEWIRE_THREADS", OPT_LONG, OFF(threads), "cores", 1, 256},
    {"max-body", "TRADEWIRE_MAX_BODY", OPT_LONG, OFF(max_body), "1048576", 1, 1L << 30},
    {"queue-max", "TRADEWIRE_QUEUE_MAX", OPT_LONG, OFF(queue_max), "10000", 1, 100000000},
    {"timeout", "TRADEWIRE_TIMEOUT", OPT_LONG, OFF(timeout), "30", 1, 3600},
    {"port-file", "TRADEWIRE_PORT_FILE", OPT_STRING, OFF(port_file), NULL, 0, 0},
    {"log-level", "TRADEWIRE_LOG_LEVEL", OPT_STRING, OFF(log_level), "info", 0, 0},
    {"cors-origin", "TRADEWIRE_CORS_ORIGIN", OPT_ORIGINS, OFF(cors_origins), NULL, 0, 0},
    {"webhook", "TRADEWIRE_WEBHOOK", OPT_LIST, OFF(webhooks), NULL, 0, 0},
    {"webhook-config", "TRADEWIRE_WEBHOOK_CONFIG", OPT_STRING, OFF(webhook_config), NULL, 0, 0},
    {"admin-token", "TRADEWIRE_ADMIN_TOKEN", OPT_STRING, OFF(admin_token), NULL, 0, 0},
    {"delivery-backoff-ms", "TRADEWIRE_DELIVERY_BACKOFF_MS", OPT_LONG, OFF(delivery_backoff_ms),
     "10000", 1, 86400000},
    {"delivery-max-attempts", "TRADEWIRE_DELIVERY_MAX_ATTEMPTS", OPT_LONG,
     OFF(delivery_max_attempts), "12", 1, 100},
};
#define NOPTIONS (sizeof options / sizeof *options)

static long cores(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? n : 1;
}

/* Appends each comma-separated origin of text to list (spaces around commas are dropped). */
static int add_origins(struct config_list *list, const char *text, const char *from, char *err,
                       size_t errlen)
{
    const char *p = text;
    for (;;) {
        while (*p == ' ' || *p == '\t')
            p++;
        const char *end = strchrnul(p, ',');
        const char *last = end;
        while (last > p && (last[-1] == ' ' || last[-1] == '\t'))
            last--;
        char *origin = xstrndup(p, (size_t)(last - p));
        if (!cors_origin_valid(origin)) {
            snprintf(err, errlen, "%s: '%s' is not an origin such as https://example.com "
                     "(scheme and host, no path) or *", from, origin);
            free(origin);
            return TW_EINVAL;
        }
        list->items = xrealloc(list->items, (list->n + 1) * sizeof *list->items);
        list->items[list->n++] = origin;
        if (*end == '\0')
            return TW_OK;
        p = end + 1;
    }
}

/* Appends each comma-separated item of text to list, unchecked (webhook_config.c parses them). */
static int add_items(struct config_list *list, const char *text, const char *from, char *err,
                     size_t errlen)
{
    for (const char *p = text;;) {
        const char *end = strchrnul(p, ',');
        if (end == p) {
            snprintf(err, errlen, "%s: empty item in '%s'", from, text);
            return TW_EINVAL;
        }
        list->items = xrealloc(list->items, (list->n + 1) * sizeof *list->items);
        list->items[list->n++] = xstrndup(p, (size_t)(end - p));
        if (*end == '\0')
            return TW_OK;
        p = end + 1;
    }
}

/* Stores text as the value of o; from names the source in the error ("--port", "TRADEWIRE_PORT"). */
static int set_value(struct config *cfg, const struct option_def *o, const char *text,
                     const char *from, char *err, size_t errlen)
{
    char *field = (char *)cfg + o->offset;
    if (o->kind == OPT_ORIGINS)
        return add_origins((struct config_list *)(void *)field, text, from, err, errlen);
    if (o->kind == OPT_LIST)
        return add_items((struct config_list *)(void *)field, text, from, err, errlen);
    if (o->kind == OPT_STRING) {
        if (text[0] == '\0') {
            snprintf(err, errlen, "%s must not be empty", from);
            return TW_EINVAL;
        }
        char **s = (char **)(void *)field;
        free(*s);
        *s = xstrdup(text);
        return TW_OK;
    }
    long v;
    if (strcmp(text, "cores") == 0) {
        v = cores();
    } else {
        char *end = NULL;
        errno = 0;
        v = strtol(text, &end, 10);
        if (errno != 0 || end == text || *end != '\0') {
            snprintf(err, errlen, "%s: '%s' is not a number", from, text);
            return TW_EINVAL;
        }
    }
    if (v < o->min || v > o->max) {
        snprintf(err, errlen, "%s: %ld is out of range [%ld, %ld]", from, v, o->min, o->max);
        return TW_EINVAL;
    }
    *(long *)(void *)field = v;
    return TW_OK;
}

static const char *env_lookup(char **envp, const char *name)
{
    size_t n = strlen(name);
    for (char **e = envp; e != NULL && *e != NULL; e++) {
        if (strncmp(*e, name, n) == 0 && (*e)[n] == '=')
            return *e + n + 1;
    }
    return NULL;
}

void config_cleanup(struct config *cfg)
{
    free(cfg->bind);
    free(cfg->db_path);
    free(cfg->port_file);
    free(cfg->log_level);
    for (size_t i = 0; i < cfg->cors_origins.n; i++)
        free(cfg->cors_origins.items[i]);
    free(cfg->cors_origins.items);
    for (size_t i = 0; i < cfg->webhooks.n; i++) {
        xwipe(cfg->webhooks.items[i], strlen(cfg->webhooks.items[i])); /* secrets */
        free(cfg->webhooks.items[i]);
    }
    free(cfg->webhooks.items);
    free(cfg->webhook_config);
    if (cfg->admin_token != NULL)
        xwipe(cfg->admin_token, strlen(cfg->admin_token));
    free(cfg->admin_token);
    memset(cfg, 0, sizeof *cfg);
}

int config_load(struct config *cfg, int argc, char **argv, char **envp, char *err, size_t errlen)
{
    bool seen[NOPTIONS] = {false};
    int rc = TW_OK;
    memset(cfg, 0, sizeof *cfg);
    if (envp == NULL)
        envp = environ;

    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strncmp(arg, "--", 2) != 0) {
            snprintf(err, errlen, "unexpected argument '%s'", arg);
            rc = TW_EINVAL;
            goto out;
        }
        const char *name = arg + 2;
        const char *eq = strchr(name, '=');
        size_t nlen = eq != NULL ? (size_t)(eq - name) : strlen(name);
        const struct option_def *o = NULL;
        size_t k;
        for (k = 0; k < NOPTIONS; k++) {
            if (strlen(options[k].flag) == nlen && strncmp(options[k].flag, name, nlen) == 0) {
                o = &options[k];
                break;
            }
        }
        if (o == NULL) {
            snprintf(err, errlen, "unknown option '%s'", arg);
            rc = TW_EINVAL;
            goto out;
        }
        const char *value = eq != NULL ? eq + 1 : NULL;
        if (value == NULL) {
            if (i + 1 >= argc) {
                snprintf(err, errlen, "--%s needs a value", o->flag);
                rc = TW_EINVAL;
                goto out;
            }
            value = argv[++i];
        }
        char from[64];
        snprintf(from, sizeof from, "--%s", o->flag);
        rc = set_value(cfg, o, value, from, err, errlen);
        if (rc != TW_OK)
            goto out;
        seen[k] = true;
    }
    for (size_t k = 0; k < NOPTIONS; k++) {
        if (seen[k])
            continue;
        const char *value = env_lookup(envp, options[k].env);
        const char *from = options[k].env;
        if (value == NULL) {
            value = options[k].def;
            from = "default";
        }
        if (value == NULL)
            continue;
        rc = set_value(cfg, &options[k], value, from, err, errlen);
        if (rc != TW_OK)
            goto out;
    }
    unsigned char addr[16];
    if (inet_pton(AF_INET, cfg->bind, addr) != 1 && inet_pton(AF_INET6, cfg->bind, addr) != 1) {
        snprintf(err, errlen, "bind address '%s' is not an IPv4 or IPv6 literal", cfg->bind);
        rc = TW_EINVAL;
        goto out;
    }
    enum log_level level;
    if (log_parse_level(cfg->log_level, &level) != TW_OK) {
        snprintf(err, errlen, "log level '%s' is not one of debug, info, warn, error",
                 cfg->log_level);
        rc = TW_EINVAL;
    }
out:
    if (rc != TW_OK)
        config_cleanup(cfg);
    return rc;
}

const char *config_usage(void)
{
    return "usage: tradewire serve [OPTION...]\n"
           "  --bind ADDR        TRADEWIRE_BIND        address to listen on (127.0.0.1)\n"
           "  --port N           TRADEWIRE_PORT        TCP port, 0 picks a free one (8080)\n"
           "  --db PATH          TRADEWIRE_DB          SQLite database (data/tradewire.db)\n"
           "  --workers N        TRADEWIRE_WORKERS     annotation threads (cores)\n"
           "  --threads N        TRADEWIRE_THREADS     HTTP threads (cores)\n"
           "  --max-body BYTES   TRADEWIRE_MAX_BODY    largest request body (1048576)\n"
           "  --queue-max N      TRADEWIRE_QUEUE_MAX   jobs waiting before 503 (10000)\n"
           "  --timeout SECONDS  TRADEWIRE_TIMEOUT     idle connection timeout (30)\n"
           "  --port-file PATH   TRADEWIRE_PORT_FILE   write the bound port there\n"
           "  --log-level LEVEL  TRADEWIRE_LOG_LEVEL   debug, info, warn, error (info)\n"
           "  --cors-origin ORIGIN  TRADEWIRE_CORS_ORIGIN  origin allowed by CORS, or *;\n"
           "                     repeatable (the variable: comma-separated); none by default\n"
           "  --webhook SOURCE=KIND:SECRET  TRADEWIRE_WEBHOOK  an inbound webhook source: KIND\n"
           "                     standard|ghost|wordpress|strapi|generic; repeatable (the\n"
           "                     variable: comma-separated); see README.md, Webhooks\n"
           "  --webhook-config PATH  TRADEWIRE_WEBHOOK_CONFIG  JSON file of webhook sources\n"
           "  --admin-token TOKEN  TRADEWIRE_ADMIN_TOKEN  bearer token for /v1/subscriptions;\n"
           "                     without it those endpoints answer 403\n"
           "  --delivery-backoff-ms N  TRADEWIRE_DELIVERY_BACKOFF_MS  wait after a failed\n"
           "                     outbound delivery, doubled at each retry (10000)\n"
           "  --delivery-max-attempts N  TRADEWIRE_DELIVERY_MAX_ATTEMPTS  attempts before a\n"
           "                     delivery is dead (12)\n";
}
