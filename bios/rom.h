/* The BIOS ROM at F000: interrupt stubs, callback stubs and the fixed-address
 * tables real programs look for. Built once from byte tables. */
#ifndef UNIDOS_BIOS_ROM_H
#define UNIDOS_BIOS_ROM_H

#include <stdbool.h>
#include <stdint.h>

#include "bus/mem.h"

#define ROM_SEG 0xF000u
#define ROM_LIN 0xF0000u

/* F000:0000 one 4-byte stub per vector: INT n; IRET; NOP. */
#define ROM_VEC_STUBS 0x0000u
#define ROM_VEC_STUB_BYTES 4u
/* F000:0400 handlers that need guest code around the native part
 * (timer tick calling INT 1Ch, EOI for IRQ handlers). */
#define ROM_SPECIAL 0x0400u
/* F000:0500 the INT 33h driver's IRQ 12 handler (bios/mouse.c), and at
 * F000:05F0 the far pointer of the program's event handler it calls. */
#define ROM_MOUSE_IRQ 0x0500u
#define ROM_MOUSE_HANDLER 0x05F0u
/* F000:1000 callback stubs: INT ROM_CALLBACK_VEC; <epilogue>; NOP. */
#define ROM_CALLBACKS 0x1000u
#define ROM_CALLBACK_BYTES 4u
#define ROM_MAX_CALLBACKS 256u
#define ROM_CALLBACK_VEC 0xFEu
/* F000:1F00-1F1F belong to the CPU: its mode-switch stub and probe
 * (cpu/cpu.h). */
/* F000:2A00 the MSCDEX CD-ROM device driver header and its request entry. */
#define ROM_CDROM_DEVICE 0x2A00u
/* F000:3000-34FF the DPMI host's protected-mode stubs (dpmi/dpmi_impl.h). */
#define ROM_DPMI 0x3000u
#define ROM_DPMI_END 0x3500u
/* F000:EFC7 the diskette parameter table (INT 1Eh), at the IBM address. */
#define ROM_DISKETTE_PARAMS 0xEFC7u
/* F000:FFF0 reset vector, FFF5 BIOS date, FFFE model byte (IBM PC/AT). */
#define ROM_RESET 0xFFF0u
#define ROM_DATE 0xFFF5u
#define ROM_MODEL 0xFFFEu
#define ROM_MODEL_AT 0xFCu

/* Write the ROM image into guest memory and point every IVT entry at its
 * stub. Returns nothing: the layout is fixed at build time. */
void rom_install(struct mem *m);

/* Offset in F000 of the INT n instruction that serves vector vec natively. */
uint16_t rom_stub_off(unsigned vec);

/* True when vec's default handler is the plain INT n; IRET stub, so a call
 * may be served natively without running any ROM code. */
bool rom_vec_is_plain(unsigned vec);

/* The reset vector jumps to callback 0: register the reboot handler first. */
#define ROM_RESET_CALLBACK 0u

#endif
