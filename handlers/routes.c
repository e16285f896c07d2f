/* routes.c - the API's route table (declared in handlers.h). Order is precedence. */
#include "handlers.h"

const struct route handlers_routes[] = {
    {"POST", "/v1/articles", articles_create},
    {"GET", "/v1/articles", articles_list},
    {"GET", "/v1/articles/{id}", articles_get},
    {"DELETE", "/v1/articles/{id}", articles_delete},
    {"GET", "/v1/actors", actors_list},
    {"GET", "/v1/actors/{id}", actors_get},
    {"GET", "/v1/claims", claims_list},
    {"GET", "/v1/tariffs", tariffs_list},
    {"GET", "/v1/tariffs/summary", tariffs_summary},
    {"GET", "/v1/search", search_handler},
    {"POST", "/v1/webhooks/{source}", webhooks_receive},
    {"POST", "/v1/subscriptions", subscriptions_create},
    {"GET", "/v1/subscriptions", subscriptions_list},
    {"GET", "/v1/subscriptions/{id}", subscriptions_get},
    {"DELETE", "/v1/subscriptions/{id}", subscriptions_delete},
    {"GET", "/v1/subscriptions/{id}/deliveries", subscriptions_deliveries},
    {"GET", "/healthz", health_live},
    {"GET", "/readyz", health_ready},
    {"GET", "/metrics", metrics_handler},
    {"GET", "/", static_file},
    {"GET", "/app.css", static_file},
    {"GET", "/app.js", static_file},
    {"GET", "/favicon.svg", static_file},
    {"GET", "/openapi.json", static_file},
};
const size_t handlers_nroutes = sizeof handlers_routes / sizeof *handlers_routes;
