/* Guest memory: 1 MiB conventional + 64 KiB HMA, with bounds-checked access.
 * No Unicorn here, so modules above cpu/ can be tested against plain memory. */
#ifndef UNIDOS_CPU_MEM_H
#define UNIDOS_CPU_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mem;

#define MEM_CONV_BYTES 0x100000u            /* 1 MiB addressable with A20 off */
#define MEM_HMA_BYTES 0x10000u              /* FFFF:0010..FFFF:FFFF plus padding */
#define MEM_TOTAL_BYTES (MEM_CONV_BYTES + MEM_HMA_BYTES)


/* Called after every host write into guest memory, so the CPU can drop
 * translated code for the range (Unicorn issues #1561, #2258). */
typedef void mem_write_fn(void *ctx, uint32_t lin, uint32_t len);
/* Called when the A20 gate changes, so the CPU can remap the HMA window. */
typedef void mem_a20_fn(void *ctx, bool enabled);

struct mem *mem_new(void);
void mem_free(struct mem *m);
void mem_set_hooks(struct mem *m, mem_write_fn *on_write, mem_a20_fn *on_a20, void *ctx);

/* Host storage for the CPU mapping: conventional memory and the HMA. */
uint8_t *mem_host_conv(struct mem *m);
uint8_t *mem_host_hma(struct mem *m);

bool mem_a20(const struct mem *m);
void mem_set_a20(struct mem *m, bool enabled);

/* Linear address of seg:off as the CPU forms it (wrapped at 1 MiB when A20 is off). */
uint32_t mem_lin(const struct mem *m, uint16_t seg, uint16_t off);

/* Byte/word/dword access by linear address. Reads outside guest memory give
 * all-ones; writes outside are dropped. */
uint8_t mem_rd8(const struct mem *m, uint32_t lin);
uint16_t mem_rd16(const struct mem *m, uint32_t lin);
uint32_t mem_rd32(const struct mem *m, uint32_t lin);
void mem_wr8(struct mem *m, uint32_t lin, uint8_t v);
void mem_wr16(struct mem *m, uint32_t lin, uint16_t v);
void mem_wr32(struct mem *m, uint32_t lin, uint32_t v);

/* Pointer to len readable bytes at lin, or NULL when [lin, lin+len) leaves
 * guest memory. Writes through it must be followed by mem_written(). */
uint8_t *mem_ptr(struct mem *m, uint32_t lin, size_t len);
void mem_written(struct mem *m, uint32_t lin, size_t len);

/* Copies by linear address; out-of-range parts read as 0xFF / are dropped. */
void mem_read(const struct mem *m, uint32_t lin, void *dst, size_t len);
void mem_write(struct mem *m, uint32_t lin, const void *src, size_t len);
void mem_fill(struct mem *m, uint32_t lin, uint8_t v, size_t len);

/* Copies through a far pointer; the offset wraps inside the segment as it
 * does for the CPU's string instructions. */
void mem_read_far(const struct mem *m, uint16_t seg, uint16_t off, void *dst, size_t len);
void mem_write_far(struct mem *m, uint16_t seg, uint16_t off, const void *src, size_t len);

/* Copy a terminated string (terminator byte term, usually 0 or '$') from
 * seg:off into dst (cap bytes, always NUL-terminated). Returns the string
 * length, or -1 when no terminator occurs within cap-1 bytes. */
int mem_str_far(const struct mem *m, uint16_t seg, uint16_t off, uint8_t term, char *dst,
                size_t cap);

#endif
