/* The unit test runner: every suite of suites.def, CK_NORMAL so Check prints its summary. */
#include <stdlib.h>

#include "log.h"
#include "suites.h"

int main(void)
{
    /* Every test database announces its migrations at info level; keep warnings and errors. */
    log_set_level(LOG_WARN);
    SRunner *sr = srunner_create(NULL);
#define SUITE(name) srunner_add_suite(sr, name##_suite());
#include "suites.def"
#undef SUITE
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
