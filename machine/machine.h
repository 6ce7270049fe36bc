/* The whole PC: builds every module, loads the program, runs the slice loop. */
#ifndef UNIDOS_MACHINE_MACHINE_H
#define UNIDOS_MACHINE_MACHINE_H

#include <stdbool.h>

#include "ui/hostio.h"
#include "machine/options.h"
#include "ui/ui.h"
#include "bios/bios.h"
#include "fs/fs.h"
#include "hw/clock.h"

/* Run the program described by o; returns the process exit status. */
int machine_main(const struct options *o);

/* What a driver (the script runner) reaches while a program runs. */
struct machine_parts {
    struct ui *ui;
    struct bios *bios;
    struct fs *fs;
    struct vclock *clk;
    struct hostio *hio;
};

/* A driver steers a run from outside the guest. Its callbacks return -1
 * to go on, or an exit status (>= 0) that ends the run. */
struct machine_driver {
    /* The program is loaded; nothing ran yet. */
    int (*start)(void *ctx, const struct machine_parts *p);
    /* After every slice of guest code; waiting: the program is blocked
     * reading a key. Deterministic runs call it at the same guest points
     * every time. */
    int (*tick)(void *ctx, bool waiting);
    /* The run ended with status rc (exited: the program terminated; else a
     * fault, a timeout or a driver stop). The machine still exists.
     * Returns the final status. */
    int (*end)(void *ctx, int rc, bool exited);
    /* The machine is gone: every file it wrote is complete (--wav). */
    void (*closed)(void *ctx);
    struct fs_stamps *stamps;   /* file times kept across runs, or NULL */
    void *ctx;
};

/* machine_main with a driver (NULL: none). */
int machine_run(const struct options *o, const struct machine_driver *d);

#endif
