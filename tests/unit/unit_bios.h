/* A machine without a CPU for the suites that test BIOS-side devices
 * (video, graphics, keyboard): memory, ports, a clock that follows
 * unit_blocks, the parts a suite asks for, and the BIOS over them. */
#ifndef UNIDOS_TESTS_UNIT_UNIT_BIOS_H
#define UNIDOS_TESTS_UNIT_UNIT_BIOS_H

#include <stdint.h>

#include "bios/bios.h"
#include "bios/intr.h"
#include "bus/mem.h"
#include "hw/clock.h"
#include "bus/io.h"
#include "hw/kbc.h"
#include "hw/pic.h"
#include "video/vga.h"

enum unit_bios_part {
    UNIT_BIOS_PIC = 1u << 0,
    UNIT_BIOS_VGA = 1u << 1,
    UNIT_BIOS_KBC = 1u << 2,            /* needs the PIC */
};

struct unit_bios {
    struct mem *mem;
    struct io *io;
    struct vclock *clk;
    struct pic *pic;                    /* the BIOS's (mouse IRQ 12) only with UNIT_BIOS_PIC */
    struct vga *vga;
    struct kbc *kbc;
    struct intr *ir;
    struct bios *bios;
};

/* Blocks "executed": the clock's time base; tests move it forward. */
extern uint64_t unit_blocks;
/* The clock callback that reads it (for a second clock in a test). */
uint64_t unit_bios_blocks(void *ctx);

/* Build the machine (unit_blocks back at 0) with the given parts. */
void unit_bios_setup(struct unit_bios *m, unsigned parts);
void unit_bios_teardown(struct unit_bios *m);

#endif
