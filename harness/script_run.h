/* Running test scripts (--script FILE.uds) and the --wait-text/--wait-idle
 * options, which are one-line scripts. */
#ifndef UNIDOS_HARNESS_SCRIPT_RUN_H
#define UNIDOS_HARNESS_SCRIPT_RUN_H

#include "machine/options.h"
#include "harness/script.h"

/* Run sc with the command line's options o (o->program, when set, is run
 * when a statement first needs a program and no `run` line came first).
 * Returns the exit status: 0 when every check held, 123 when one failed,
 * 124 when a wait timed out, 77 when a `require` is not met, or the last
 * program's status when nothing accepted it (wait-exit N) and it was not 0. */
int script_execute(const struct script *sc, const struct options *o);

/* The entry point for --script and --wait-text/--wait-idle. */
int script_main(const struct options *o);

#endif
