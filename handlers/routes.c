/* routes.c - the API's route table (declared in handlers.h). Order is precedence. */
#include "handlers.h"

const struct route handlers_routes[] = {
    {"POST", "/v1/articles", articles_create, "/v1/articles"},
    {"GET", "/v1/articles", articles_list, "/v1/articles"},
    {"GET", "/v1/articles/{id}", articles_get, "/v1/articles/{id}"},
    {"DELETE", "/v1/articles/{id}", articles_delete, "/v1/articles/{id}"},
    {"GET", "/v1/actors", actors_list, "/v1/actors"},
    {"GET", "/v1/actors/{id}", actors_get, "/v1/actors/{id}"},
    {"GET", "/v1/claims", claims_list, "/v1/claims"},
    {"GET", "/v1/tariffs", tariffs_list, "/v1/tariffs"},
    {"GET", "/v1/tariffs/summary", tariffs_summary, "/v1/tariffs/summary"},
    {"GET", "/v1/search", search_handler, "/v1/search"},
    {"POST", "/v1/webhooks/{source}", webhooks_receive, "/v1/webhooks/{source}"},
    {"POST", "/v1/subscriptions", subscriptions_create, "/v1/subscriptions"},
    {"GET", "/v1/subscriptions", subscriptions_list, "/v1/subscriptions"},
    {"GET", "/v1/subscriptions/{id}", subscriptions_get, "/v1/subscriptions/{id}"},
    {"DELETE", "/v1/subscriptions/{id}", subscriptions_delete, "/v1/subscriptions/{id}"},
    {"GET", "/v1/subscriptions/{id}/deliveries", subscriptions_deliveries,
     "/v1/subscriptions/{id}/deliveries"},
    {"GET", "/healthz", health_live, "/healthz"},
    {"GET", "/readyz", health_ready, "/readyz"},
    {"GET", "/metrics", metrics_handler, "/metrics"},
    {"GET", "/", static_file, "/"},
    {"GET", "/app.css", static_file, "/app.css"},
    {"GET", "/app.js", static_file, "/app.js"},
    {"GET", "/favicon.svg", static_file, "/favicon.svg"},
    {"GET", "/openapi.json", static_file, "/openapi.json"},
};
const size_t handlers_nroutes = sizeof handlers_routes / sizeof *handlers_routes;

const char *const handlers_route_names[] = {
    "POST /v1/articles", "GET /v1/articles", "GET /v1/articles/{id}", "DELETE /v1/articles/{id}",
    "GET /v1/actors", "GET /v1/actors/{id}", "GET /v1/claims", "GET /v1/tariffs",
    "GET /v1/tariffs/summary", "GET /v1/search", "POST /v1/webhooks/{source}",
    "POST /v1/subscriptions", "GET /v1/subscriptions", "GET /v1/subscriptions/{id}",
    "DELETE /v1/subscriptions/{id}", "GET /v1/subscriptions/{id}/deliveries", "GET /healthz", "GET /readyz", "GET /metrics",
    "GET /", "GET /app.css", "GET /app.js", "GET /favicon.svg", "GET /openapi.json",
};
_Static_assert(sizeof handlers_route_names / sizeof *handlers_route_names ==
                   sizeof handlers_routes / sizeof *handlers_routes,
               "one metrics name per route");
