/* Physical memory as block moves see it (INT 15h 87h, XMS 0Bh): the first
 * MiB and the HMA live in guest RAM (bus/mem.h); extended memory above
 * them is host storage allocated in 64 KiB chunks on first write, so a
 * 16 MiB machine costs nothing until a program fills it. The CPU never
 * addresses it directly (real mode), only these copies do. */
#ifndef UNIDOS_HW_XMEM_H
#define UNIDOS_HW_XMEM_H

#include <stdbool.h>
#include <stdint.h>

#include "bus/mem.h"

#define XMEM_BASE MEM_TOTAL_BYTES       /* first byte above the HMA: 110000h */

struct xmem;

/* ext_kb: KiB of memory above 1 MiB, the HMA included (what INT 15h 88h
 * reports). */
struct xmem *xmem_new(struct mem *m, uint32_t ext_kb);
void xmem_free(struct xmem *x);

uint32_t xmem_ext_kb(const struct xmem *x);
/* One past the highest physical address: 1 MiB + ext_kb KiB. */
uint32_t xmem_end(const struct xmem *x);

/* Copy len bytes between physical addresses. Below 1 MiB the copy goes
 * through guest RAM as it is (no A20 wrap: these are physical), the HMA
 * to its storage, above to the chunks. False (nothing copied) when either
 * range leaves memory. Overlapping ranges copy as memmove does. */
bool xmem_copy(struct xmem *x, uint32_t dst, uint32_t src, uint32_t len);

#endif
