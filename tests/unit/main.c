/* Unit test runner: every suite of UNIT_SUITES. Select with CK_RUN_SUITE /
 * CK_RUN_CASE, debug with CK_FORK=no, TAP with CK_TAP_LOG_FILE_NAME. */
#include <stdlib.h>

#include "tests/unit/unit.h"

int main(void)
{
    SRunner *sr = srunner_create(NULL);
#define UNIT_ADD_(name) srunner_add_suite(sr, suite_##name());
    UNIT_SUITES(UNIT_ADD_)
#undef UNIT_ADD_
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
