/* The built-in DPMI 0.9 host (docs/dpmi.md): protected-mode programs find
 * it through INT 2Fh AX=1687h and run at CPL 3 under descriptor tables it
 * owns; INT 31h, interrupts, exceptions and mode switches are served in C.
 * DJGPP programs need no CWSDPMI, and DOS/4GW, DOS/32A and PMODE/W take
 * their DPMI path instead of switching modes themselves. */
#ifndef UNIDOS_DPMI_DPMI_H
#define UNIDOS_DPMI_DPMI_H

#include <stdint.h>

#include "bios/intr.h"
#include "cpu/cpu.h"
#include "dosapi/dos.h"
#include "hw/xmem.h"

struct dpmi;

struct dpmi_config {
    uint32_t mem_kb;  /* --dpmi-mem: the most clients' blocks may hold */
    uint8_t cpu_type; /* what 1687h and 0400h report: 4, 5 or 6 */
};

/* Install the host (INT 2Fh 1686h/1687h, the router for protected mode).
 * When the CPU cannot offer protected mode the host stays absent and a
 * program that asks is told why (a note) and finds no DPMI. */
struct dpmi *dpmi_new(struct mem *m, struct cpu *cpu, struct intr *ir, struct dos *d,
                      struct xmem *x, const struct dpmi_config *cfg);
void dpmi_free(struct dpmi *h);

#endif
