/* The whole PC: builds every module, loads the program, runs the slice loop. */
#ifndef UNIDOS_MACHINE_MACHINE_H
#define UNIDOS_MACHINE_MACHINE_H

#include <stdbool.h>

#include "bios/bios.h"
#include "cpu/regs.h"
#include "dosapi/dos.h"
#include "fs/fs.h"
#include "hw/clock.h"
#include "hw/kbc.h"
#include "machine/options.h"
#include "ui/hostio.h"
#include "ui/ui.h"

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
    struct fs_stamps *stamps; /* file times kept across runs, or NULL */
    void *ctx;
};

/* machine_main with a driver (NULL: none). */
int machine_run(const struct options *o, const struct machine_driver *d);

/* ---- a machine without the run loop (fuzz targets, tests) ---- */

struct machine;

/* The host side: where DOS's standard handles and the console go, and what
 * the keyboard controller's reset line does. */
struct machine_host {
    struct dos_host dos;
    struct bios_host bios;
    struct kbc_hooks kbc;
};

struct machine_config {
    const struct options *opt; /* CPU model, memory, DOS version, environment, sound,
                                 * determinism; must outlive the machine */
    struct fs *fs;             /* the drives, mounted; the machine owns them */
    bool no_cpu;               /* services are called through machine_interrupt */
    bool no_sound;             /* no sound devices */
    const struct machine_host *host;
    clock_blocks_fn *blocks; /* without a CPU: the count virtual time follows */
    void *blocks_ctx;
};

/* Build every module as machine_run does (the same code), with the
 * caller's host side. NULL after a message when it cannot be built. */
struct machine *machine_new(const struct machine_config *cfg);
/* Close every DOS file, then free the machine and its drives. */
void machine_free(struct machine *m);

struct mem *machine_mem(struct machine *m);
struct dos *machine_dos(struct machine *m);
/* Serve INT vec with registers r, as the CPU's interrupt hook does. */
void machine_interrupt(struct machine *m, unsigned vec, struct cpu_regs *r);
/* Bring the time-driven devices up to now (between slices). */
void machine_devices_run(struct machine *m);

#endif
