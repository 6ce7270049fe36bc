/* The CPU test tool's runner: one machine (guest memory and cpu/), the
 * per-opcode tally and the known-differences list. */
#ifndef UNIDOS_TESTS_CPUTEST_CPUTEST_H
#define UNIDOS_TESTS_CPUTEST_CPUTEST_H

#include <stdbool.h>
#include <stddef.h>

#include "cpu/cpu.h"
#include <cjson/cJSON.h>

struct ct_known;
struct ct_machine;

struct ct_tally {
    unsigned pass, fail;
};

struct ct_run {
    enum cpu_model model;
    enum cpu_tier tier;         /* which engine steps: Unicorn (jit) or the interpreter */
    bool verbose;
    const char *known_path;     /* known-differences file, or NULL */
    const cJSON *meta;          /* per-opcode metadata (flags-mask), or NULL */
    struct ct_machine *m;
    struct ct_known *known;
    struct ct_tally by_op[256];
    unsigned pass, known_fail, unexpected;
};

/* Build the machine and read the known-differences file: -1 on error. */
int ct_begin(struct ct_run *run);
/* Run every test in one file (a JSON array of tests). */
void ct_run_file(struct ct_run *run, const char *path, const cJSON *tests);
/* Print the per-opcode table and totals; returns the exit status (0 when
 * every failure is a listed known difference and every listed one failed). */
int ct_finish(struct ct_run *run);

#endif
