/* The register snapshot that crosses the cpu/ boundary, and FLAGS bits. */
#ifndef UNIDOS_CPU_REGS_H
#define UNIDOS_CPU_REGS_H

#include <stdint.h>

/* Real-mode register file as DOS and BIOS services see it. Only the low 16
 * bits of the general registers are part of the snapshot: services never
 * touch the upper halves, so 32-bit programs keep them intact. */
struct cpu_regs {
    uint16_t ax, bx, cx, dx, si, di, bp, sp, ip;
    uint16_t cs, ds, es, ss, fs, gs;
    uint16_t flags;
};

enum {
    CPU_FLAG_CF = 1u << 0,
    CPU_FLAG_PF = 1u << 2,
    CPU_FLAG_AF = 1u << 4,
    CPU_FLAG_ZF = 1u << 6,
    CPU_FLAG_SF = 1u << 7,
    CPU_FLAG_TF = 1u << 8,
    CPU_FLAG_IF = 1u << 9,
    CPU_FLAG_DF = 1u << 10,
    CPU_FLAG_OF = 1u << 11,
};

static inline uint8_t reg_lo(uint16_t r)
{
    return (uint8_t)r;
}
static inline uint8_t reg_hi(uint16_t r)
{
    return (uint8_t)(r >> 8);
}
static inline void reg_set_lo(uint16_t *r, uint8_t v)
{
    *r = (uint16_t)((*r & 0xFF00) | v);
}
static inline void reg_set_hi(uint16_t *r, uint8_t v)
{
    *r = (uint16_t)((*r & 0x00FF) | (v << 8));
}

static inline void regs_set_flag(struct cpu_regs *r, uint16_t flag, int on)
{
    r->flags = (uint16_t)(on ? (r->flags | flag) : (r->flags & ~flag));
}

#endif
