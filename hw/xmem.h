/* Physical memory above 1 MiB: block moves as INT 15h 87h and XMS 0Bh see
 * them, and the one allocator of extended memory (bus/mem.h, MEM_EXT_BASE
 * on) that the XMS driver, the EMS driver and the DPMI host take their
 * blocks from, so no two blocks ever overlap. Blocks are whole 4 KiB pages
 * placed first-fit; each user keeps its own budget (--xms, --ems,
 * --dpmi-mem), and the pool is their sum. A freed block gives its host
 * memory back. */
#ifndef UNIDOS_HW_XMEM_H
#define UNIDOS_HW_XMEM_H

#include <stdbool.h>
#include <stdint.h>

#include "bus/mem.h"

#define XMEM_BASE MEM_EXT_BASE /* first byte above the HMA: 110000h */
#define XMEM_PAGE MEM_PAGE_BYTES

struct xmem;

enum xmem_owner { XMEM_XMS, XMEM_EMS, XMEM_DPMI, XMEM_OWNERS };

/* ext_kb: KiB of memory above 1 MiB to report (INT 15h 88h, the HMA
 * included); the pool is m's extended memory. */
struct xmem *xmem_new(struct mem *m, uint32_t ext_kb);
void xmem_free(struct xmem *x);

uint32_t xmem_ext_kb(const struct xmem *x);
/* One past the highest physical address of memory: the pool's end. */
uint32_t xmem_end(const struct xmem *x);

/* Copy len bytes between physical addresses. Below 1 MiB the copy goes
 * through guest RAM as it is (no A20 wrap: these are physical), the HMA
 * to its storage, above to the pool. False (nothing copied) when either
 * range leaves memory. Overlapping ranges copy as memmove does. */
bool xmem_copy(struct xmem *x, uint32_t dst, uint32_t src, uint32_t len);

/* Allocate bytes (rounded up to pages; 0 is refused) for owner: 0 and
 * the block's physical address in *addr, or -1 when no gap is large
 * enough. */
int xmem_alloc(struct xmem *x, enum xmem_owner owner, uint32_t bytes, uint32_t *addr);
/* Free the block at addr; -1 when no block starts there. */
int xmem_release(struct xmem *x, uint32_t addr);
/* Grow or shrink the block at addr in place, else (may_move) move it with
 * its contents: 0 and the new address in *addr, -1 (unchanged) when it
 * does not fit or no block starts at *addr. */
int xmem_resize(struct xmem *x, uint32_t *addr, uint32_t bytes, bool may_move);
/* Size in bytes of the block at addr, 0 when none starts there. */
uint32_t xmem_block_bytes(const struct xmem *x, uint32_t addr);
/* Free bytes in all and in the largest gap. */
void xmem_free_bytes(const struct xmem *x, uint32_t *total, uint32_t *largest);
/* Bytes held by owner's blocks. */
uint32_t xmem_owner_bytes(const struct xmem *x, enum xmem_owner owner);

#endif
