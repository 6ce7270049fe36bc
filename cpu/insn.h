/* x86 instruction lengths, and instructions counted per translated block
 * (for --speed, which paces the guest by instructions per millisecond:
 * Unicorn reports blocks and their sizes in bytes, not instructions). */
#ifndef UNIDOS_CPU_INSN_H
#define UNIDOS_CPU_INSN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define INSN_MAX_BYTES 15 /* longer is #UD on every x86 */

/* The length of the instruction at p (n bytes readable) in code whose
 * default operand and address size is 32 bits (op32) or 16; 0 when the
 * bytes end first or the encoding is longer than 15 bytes. */
unsigned insn_len(const uint8_t *p, size_t n, bool op32);

/* The instructions in the n bytes of a block starting at p: every length
 * summed up to n (a byte sequence that does not decode counts one per
 * remaining byte it cannot place). */
unsigned insn_count(const uint8_t *p, size_t n, bool op32);

/* Counts of recently run blocks by (address, size): the decoder runs once
 * per block, not once per execution. */
#define INSN_CACHE_SLOTS 4096u
struct insn_cache {
    struct insn_cache_slot {
        uint64_t addr;
        uint32_t size;
        uint32_t count; /* 0: empty */
    } slot[INSN_CACHE_SLOTS];
};

/* The cached count of block (addr, size), or 0 when it is not cached. */
static inline unsigned insn_cache_get(const struct insn_cache *c, uint64_t addr, uint32_t size)
{
    const struct insn_cache_slot *s = &c->slot[(addr ^ (addr >> 12)) % INSN_CACHE_SLOTS];
    return s->addr == addr && s->size == size ? s->count : 0;
}

static inline void insn_cache_put(struct insn_cache *c, uint64_t addr, uint32_t size,
                                  unsigned count)
{
    struct insn_cache_slot *s = &c->slot[(addr ^ (addr >> 12)) % INSN_CACHE_SLOTS];
    s->addr = addr;
    s->size = size;
    s->count = count;
}

#endif
