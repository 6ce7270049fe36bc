/* Guest memory: 1 MiB conventional + 64 KiB HMA, extended memory above it
 * (XMS, EMS and DPMI blocks, hw/xmem.h) and the DPMI host's system area,
 * with bounds-checked access. No Unicorn here, so modules above cpu/ can
 * be tested against plain memory. */
#ifndef UNIDOS_BUS_MEM_H
#define UNIDOS_BUS_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mem;

#define MEM_CONV_BYTES 0x100000u /* 1 MiB addressable with A20 off */
#define MEM_HMA_BYTES 0x10000u   /* FFFF:0010..FFFF:FFFF plus padding */
#define MEM_SEG_BYTES 0x10000u   /* what one segment register reaches */
#define MEM_TOTAL_BYTES (MEM_CONV_BYTES + MEM_HMA_BYTES)

/* Extended memory starts above the HMA: the CPU addresses it at linear =
 * physical address (protected mode, or flat real mode). It is reserved in
 * the host's address space and costs host memory only once written. */
#define MEM_EXT_BASE MEM_TOTAL_BYTES /* 110000h */
#define MEM_PAGE_BYTES 0x1000u
/* The system area: the DPMI host's descriptor tables. The CPU maps it
 * read-only for the guest, so a client cannot rewrite its own LDT. */
#define MEM_SYS_LIN 0xFFF00000u
#define MEM_SYS_BYTES 0x20000u


/* Called after every host write into guest memory, so the CPU can drop
 * translated code for the range (Unicorn issues #1561, #2258). */
typedef void mem_write_fn(void *ctx, uint32_t lin, uint32_t len);
/* Called when the A20 gate changes, so the CPU can remap the HMA window. */
typedef void mem_a20_fn(void *ctx, bool enabled);
/* Called when a device takes over or gives back part of the address space
 * (mem_set_io, mem_map_device), so the CPU can remap it. */
typedef void mem_map_fn(void *ctx, uint32_t lin, uint32_t len);

/* The video window A0000h-BFFFFh can be served by a device (the VGA's
 * planar memory) instead of RAM, in whole 32 KiB slots. Guest code reaches
 * it through the CPU's MMIO path and host code (mem_rd8, mem_write, ...)
 * through the same callbacks, so a program that reads a file straight into
 * video memory sees it drawn. mem_ptr() refuses ranges served by a device. */
#define MEM_VIDEO_LIN 0xA0000u
#define MEM_VIDEO_BYTES 0x20000u
#define MEM_VIDEO_SLOT_BYTES 0x8000u
#define MEM_VIDEO_SLOTS (MEM_VIDEO_BYTES / MEM_VIDEO_SLOT_BYTES)

struct mem_io {
    /* size is 1, 2 or 4 bytes (little-endian); lin is the linear address. */
    uint32_t (*read)(void *ctx, uint32_t lin, unsigned size);
    void (*write)(void *ctx, uint32_t lin, unsigned size, uint32_t val);
    void *ctx;
};

struct mem *mem_new(void);
/* With ext_bytes (a multiple of MEM_PAGE_BYTES) of extended memory. */
struct mem *mem_new_ext(uint32_t ext_bytes);
void mem_free(struct mem *m);
uint32_t mem_ext_bytes(const struct mem *m);
void mem_set_hooks(struct mem *m, mem_write_fn *on_write, mem_a20_fn *on_a20, void *ctx);
void mem_set_map_hook(struct mem *m, mem_map_fn *on_map, void *ctx);

/* Serve [lin, lin+len) (whole slots of the video window) by io, or by RAM
 * again when io is NULL. io must stay valid while it is mapped. Nothing is
 * copied: RAM keeps what it held while a device served the range. */
void mem_set_io(struct mem *m, uint32_t lin, uint32_t len, const struct mem_io *io);
/* The device serving lin, or NULL when RAM does. */
const struct mem_io *mem_io_at(const struct mem *m, uint32_t lin);

/* Device RAM that only the CPU addresses, at a physical address above
 * guest memory (a linear frame buffer). host must be page aligned and stay
 * valid; len a multiple of 4 KiB. One such range per machine; host reads
 * and writes through mem_* do not reach it. */
void mem_map_device(struct mem *m, uint32_t phys, uint32_t len, uint8_t *host);
/* The device range, or false when none is mapped. */
bool mem_device(const struct mem *m, uint32_t *phys, uint32_t *len, uint8_t **host);

/* Host storage for the CPU mapping: conventional memory, the HMA,
 * extended memory (NULL when there is none) and the system area. */
uint8_t *mem_host_conv(struct mem *m);
uint8_t *mem_host_hma(struct mem *m);
uint8_t *mem_host_ext(struct mem *m);
uint8_t *mem_host_sys(struct mem *m);

/* Give the host memory behind [lin, lin+len) of extended memory back (it
 * reads as zeros afterwards); page-aligned, inside extended memory. */
void mem_discard(struct mem *m, uint32_t lin, uint32_t len);

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
/* mem_write for ranges that hold data no code runs from (the tables DOS
 * keeps up to date after every call): no translated code can overlap
 * them, so none is dropped, which saves the CPU's page lookups. */
void mem_write_data(struct mem *m, uint32_t lin, const void *src, size_t len);
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
