/* `unidos test DIR|CASE...`: find test cases (harness/testcase.h), run them in
 * parallel on the available cores, print TAP on stdout, write JUnit XML. */
#ifndef UNIDOS_HARNESS_TESTRUN_H
#define UNIDOS_HARNESS_TESTRUN_H

#include <stddef.h>

#include "base/cli.h"
#include "harness/testcase.h"

/* Entry point: argv[0] is "test". Returns the process exit status: 0 all
 * passed (or were skipped), 1 some failed, 125 on bad usage. */
int testrun_main(int argc, char **argv);

/* The options of `unidos test` (for manual pages and completion: its ctx
 * is NULL, the setters are not for calling). */
struct cli_table testrun_cli_table(void);

/* JUnit XML of the finished cases (harness/junit.c). Returns 0 or -errno. */
int junit_write(const char *path, struct tcase *const *cases, size_t n, double secs);

#endif
