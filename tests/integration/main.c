/* The integration test runner: starts real servers (tests/support/tw_server.c) and speaks HTTP
 * to them. CK_NORMAL so Check prints its summary line. */
#include <curl/curl.h>
#include <stdlib.h>

#include "integration.h"

int main(void)
{
    curl_global_init(CURL_GLOBAL_ALL);
    SRunner *sr = srunner_create(api_suite());
    srunner_add_suite(sr, faults_suite());
    srunner_add_suite(sr, http_suite());
    srunner_add_suite(sr, query_suite());
    srunner_add_suite(sr, webhooks_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    curl_global_cleanup();
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
