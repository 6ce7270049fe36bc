/* REP STOS and REP MOVS into device memory (the VGA's planar window) in one
 * host loop instead of one trip through Unicorn's MMIO path per element
 * (~40 ns each): the common way DOS programs clear or blit a screen. Each
 * element still reaches the device as the 1-, 2- or 4-byte access the CPU
 * makes, in the same order, so latches and write modes behave as before.
 * Internal to cpu/: cpu.c calls it between slices, when device stores
 * have come in a sequential run. */
#ifndef UNIDOS_CPU_STROP_H
#define UNIDOS_CPU_STROP_H

#include <stdint.h>

#include "bus/mem.h"

/* The registers a string instruction reads and writes (full 32 bits). */
struct strop_regs {
    uint32_t eax, ecx, esi, edi;
    uint16_t ip, flags;
    uint16_t cs, ds, es, ss, fs, gs;
};

/* Run the REP STOS or REP MOVS at cs:ip (real mode) while its destination
 * is device memory, at most max elements. prev is the linear address of
 * the device store just made: it must fall in the element before ES:DI,
 * else nothing is done (so a segment base the registers do not
 * show, as left by unreal mode, never misdirects a store). Updates
 * ECX/ESI/EDI (their low 16 bits only with 16-bit addressing) and moves IP
 * past the instruction once the count reaches 0. Returns the elements
 * done: 0 when the code at cs:ip is something else, or when the next
 * element is not a whole access to one device (RAM, a slot edge, an offset
 * past FFFFh): the CPU goes on from there as usual. */
uint32_t strop_run(struct mem *m, struct strop_regs *r, uint32_t prev, uint32_t max);

#endif
