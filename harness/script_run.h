/* Running test scripts (--script FILE.uds) and the --wait-text/--wait-idle
 * options, which are one-line scripts. */
#ifndef UNIDOS_HARNESS_SCRIPT_RUN_H
#define UNIDOS_HARNESS_SCRIPT_RUN_H

#include <stdbool.h>

#include "base/cli.h"
#include "machine/options.h"
#include "harness/script.h"

/* The command line's options for scripts (harness/script_options.c). */
struct script_options {
    const char *script;     /* --script FILE.uds */
    const char *wait_text;  /* --wait-text REGEX: run until the screen shows it */
    bool wait_idle;         /* --wait-idle: run until the program waits for keys */
    bool no_deterministic;  /* --no-deterministic: real time under --script */
    const char *golden_dir; /* --golden DIR: golden files of a script */
    const char *out_dir;    /* --out DIR: screenshots, dumps, diffs of a script */
    bool update;            /* --update: write golden files instead of comparing */
    const char *report;     /* --report FILE: failed checks, for unidos test */
};

/* The options above, stored into so, for cli_parse and cli_help. */
struct cli_table script_cli_table(struct script_options *so);

/* True when the command line asks for a script run (--script, --wait-*). */
bool script_wanted(const struct script_options *so);

/* The entry point for --script and --wait-text/--wait-idle. */
int script_main(const struct options *o, const struct script_options *so);

#endif
