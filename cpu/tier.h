/* Tiered execution (docs/tiers.md): the interpreter runs cold code, Unicorn
 * hot code and everything the interpreter does not run. Internal to cpu/:
 * cpu.c calls tier_run where it ran the engine, and the block hook asks
 * tier_watch_block at every translation block. */
#ifndef UNIDOS_CPU_TIER_H
#define UNIDOS_CPU_TIER_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <unicorn/unicorn.h>

#include "cpu/cpu.h"
#include "cpu/interp.h"

/* What cpu.c lends the tiers. */
struct tier_host {
    uc_engine *uc;
    struct mem *mem;
    struct io *io;
    uint64_t *blocks;    /* executed blocks: the virtual clock */
    uint64_t *slice_end; /* stop when blocks reaches it */
    atomic_int *stop_request;
    bool *yield;
    bool *hook_stopped;      /* the slice ended at a block start */
    const bool *high_mapped; /* memory past 1 MiB is mapped (DPMI): Unicorn only */
    /* An interrupt for the CPU's callbacks, registers as the hook sees them:
     * true when the callback took the whole state (Unicorn holds it). */
    bool (*deliver)(void *cpu, unsigned vec, struct cpu_regs *r);
    /* Registers changed by a callback, into Unicorn's state. */
    void (*write_regs)(void *cpu, const struct cpu_regs *old, const struct cpu_regs *r);
    /* A device store (cpu/strop.h's run detection). */
    void (*device_store)(void *cpu, uint32_t lin, unsigned size);
    /* Run Unicorn from CS:IP until something stops it. */
    uc_err (*run_engine)(void *cpu);
    /* The engine's next run stops at its first block, uncounted (a
     * callback's stop that its EIP write cancelled: cpu.c's hook_block). */
    void (*stop_next)(void *cpu);
    /* The guest cannot go on: what (CS:IP from the registers). */
    void (*fault)(void *cpu, const char *what);
    void *cpu;
};

/* The part of the tier state the block hook reads on every block: the
 * blocks Unicorn goes on with, by (addr >> 2). Anything else the hook must
 * do at a block makes that block miss here. */
#define TIER_OKC_SIZE 64
struct tier_watch {
    uint64_t okc[TIER_OKC_SIZE];
};

struct tier;

struct tier *tier_new(const struct tier_host *host, enum cpu_tier mode);
void tier_free(struct tier *t);
void tier_set_mode(struct tier *t, enum cpu_tier mode);
void tier_set_seed(struct tier *t, uint64_t seed);
/* The CPU state out of Unicorn's context (false: layout unknown). */
bool tier_get_state(struct tier *t, struct ix_state *s);
/* NULL when the block hook has nothing to ask (Unicorn only). */
struct tier_watch *tier_watch(struct tier *t);

/* Run from CS:IP like the engine: blocks counted, the slice's end, yield,
 * HLT, faults as the engine reports them. Unicorn holds the state when it
 * returns. */
uc_err tier_run(struct tier *t);
/* One instruction in the interpreter (cpu_step); false when it cannot
 * (Unicorn must step). *faulted on a fault. */
bool tier_step(struct tier *t, bool *faulted);

/* From the block hook, for a block not in the okc cache: true to stop the
 * engine here (the block is not counted: the interpreter runs it). */
bool tier_hook(struct tier *t, uint64_t addr, uint32_t size);

static inline bool tier_watch_block(struct tier_watch *w, struct tier *t, uint64_t addr,
                                    uint32_t size)
{
    if (w->okc[(addr >> 2) & (TIER_OKC_SIZE - 1)] == addr)
        return false;
    return tier_hook(t, addr, size);
}

/* Guest memory [lin, lin + len) was written by the host: translations of
 * it are gone (cpu_invalidate). */
void tier_invalidate(struct tier *t, uint32_t lin, uint32_t len);
/* The A20 gate or a device mapping changed what linear addresses show. */
void tier_map_changed(struct tier *t);
/* The host loaded the descriptor tables (the DPMI host's GDT, cpu_set_tables):
 * the GDT real mode may run the interpreter with from now on (a guest's
 * own LGDT still turns it off: segment bases may hide). */
void tier_host_gdt(struct tier *t);

/* While the interpreter runs (inside callbacks), registers live there. */
bool tier_owns_regs(const struct tier *t);
/* Hand the state to Unicorn now (a callback reads or writes it there);
 * the interpreter takes it back when the callback returns. */
void tier_release(struct tier *t);
uint32_t tier_reg32(struct tier *t, unsigned x86_reg);
void tier_set_reg32(struct tier *t, unsigned x86_reg, uint32_t v);

/* Counters for --trace cpu. */
void tier_log_stats(const struct tier *t);

#endif
