/* routes.c - the API's route table (declared in handlers.h). Order is precedence. */
#include "handlers.h"

const struct route handlers_routes[] = {
    {"POST", "/v1/articles", articles_create, "/v1/articles"},
    {"GET", "/v1/articles", articles_list, "/v1/articles"},
    {"GET", "/v1/articles/{id}", articles_get, "/v1/articles/{id}"},
    {"DELETE", "/v1/articles/{id}", articles_delete, "/v1/articles/{id}"},
    {"GET", "/healthz", health_live, "/healthz"},
    {"GET", "/readyz", health_ready, "/readyz"},
    {"GET", "/metrics", metrics_handler, "/metrics"},
};
const size_t handlers_nroutes = sizeof handlers_routes / sizeof *handlers_routes;

const char *const handlers_route_names[] = {
    "POST /v1/articles", "GET /v1/articles", "GET /v1/articles/{id}",
    "DELETE /v1/articles/{id}", "GET /healthz", "GET /readyz", "GET /metrics",
};
_Static_assert(sizeof handlers_route_names / sizeof *handlers_route_names ==
                   sizeof handlers_routes / sizeof *handlers_routes,
               "one metrics name per route");
