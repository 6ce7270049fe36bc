/* Internal to cpu/: the CPU object shared by cpu.c (engine, hooks, slices)
 * and pmode.c (protected mode: mode switches, full state, exception
 * fields). Only cpu/ includes Unicorn. */
#ifndef UNIDOS_CPU_CPU_IMPL_H
#define UNIDOS_CPU_CPU_IMPL_H

#include <stdatomic.h>
#include <unicorn/unicorn.h>

#include "cpu/cpu.h"
#include "cpu/insn.h"
#include "cpu/tcache.h"

struct tier;
struct tier_watch;

#define CPU_CR0_PE 0x1u        /* CR0 bit 0: protected mode */
#define CPU_CR0_PG 0x80000000u /* CR0 bit 31: paging */
#define CPU_CR0_ET 0x10u       /* CR0 bit 4: 387 protocol, always set */
#define CPU_EFLAGS_VM (1u << 17)
#define CPU_EFLAGS_FIXED 0x2u /* EFLAGS bit 1 always reads 1 */
#define CPU_EXC_FIELD_UNKNOWN (-1L)
#define CPU_EXC_FIELD_FAILED (-2L)

struct cpu {
    uc_engine *uc;
    struct mem *mem;
    struct io *io;
    struct cpu_callbacks cb;
    enum cpu_model model;
    uint64_t blocks;    /* executed blocks since creation */
    uint64_t slice_end; /* stop when blocks reaches this (set with cpu_set_slice_end) */
    /* What the block hook compares with: slice_end, or 0 once a stop is
     * requested (one comparison per block for both). */
    _Atomic uint64_t hook_end;
    struct insn_cache *icache; /* set: instructions are counted (cpu_count_insns) */
    uc_hook block_hook;
    uint64_t insns;          /* executed instructions since counting began */
    atomic_int stop_request; /* set from signal handlers or other threads */
    bool yield;              /* set by callbacks on the CPU thread */
    bool hook_stopped;       /* the block hook ended the last engine run */
    bool stop_next;          /* a callback stopped: the next block hook makes sure */
    bool faulted;
    char fault[200];
    uc_context *clean;   /* state at creation: no exception in flight */
    uc_context *scratch; /* for reading the exception fields */
    long exc_slot;       /* offset of QEMU's old_exception in a context */
    long err_slot;       /* ... of its error_code (exception_is_int follows) */
    const char *pm_why;  /* why protected mode cannot be offered, or NULL */
    bool hide_tsc;       /* CPUID denies RDTSC (it would read host time) */
    cpu_tsc_fn *tsc;     /* RDTSC reads this (when Unicorn can hook it) */
    void *tsc_ctx;
    struct cpu_mmio { /* Unicorn's user data for a video slot served by a device */
        struct cpu *c;
        uint32_t base;
    } mmio[MEM_VIDEO_SLOTS];
    bool device_mapped;
    bool high_mapped;        /* cpu_map_high ran */
    bool engine_ran;         /* Unicorn ran guest code (not only the stub) */
    bool broken;             /* Unicorn aborted inside uc_emu_start */
    struct cpu *broken_next; /* the list of broken engines (kept reachable) */
    struct {                 /* a mode switch in progress (cpu_switch) */
        bool pending;
        bool pm;
        struct cpu_state to;
    } sw;
    bool in_callback;  /* a callback took the whole state: no snapshot write-back */
    int probing;       /* cpu_pm_probe's faults seen so far, while it runs (else -1) */
    bool probed;       /* cpu_pm_probe ran (pm_why tells how it went) */
    bool probe_wanted; /* cpu_pm_ready asked for it: cpu_run runs it first */
    bool clear_wanted; /* ... and then resets the exception in flight */
    uc_context *probe_ctx[2];
    bool pm_fetch; /* an unmapped code fetch in PM stopped the engine */
    uint32_t pm_fetch_addr;
    struct { /* device stores in a row (cpu/strop.h) */
        uint32_t last, run, need;
        bool pending;       /* stop and look at the code */
        uint64_t slice_end; /* the slice's own end meanwhile */
        uint64_t ops, elements, misses;
        bool off;          /* the guest loaded a GDT: segment bases may hide */
        uint64_t gdt_base; /* GDTR the CPU or the DPMI host set */
        uint32_t gdt_limit;
    } strop;
    struct tcache tcache;     /* the translated code's host memory (cpu/tcache.h) */
    struct tier *tier;        /* the interpreter and the switches (cpu/tier.c) */
    struct tier_watch *watch; /* what the block hook checks; NULL: Unicorn only */
};

void cpu_check(uc_err err, const char *what);
/* A new end for the slice (the block hook's too). */
void cpu_set_slice_end(struct cpu *c, uint64_t end);
/* Unicorn holds the whole state again (the interpreter may hold it while
 * it runs a callback): before reading or writing registers in Unicorn. */
void cpu_take_state(struct cpu *c);
/* Map extended memory and the system area (once; before protected mode). */
void cpu_map_high(struct cpu *c);
void cpu_describe_fault(struct cpu *c, const char *what);

/* pmode.c */
/* Real mode at CPL 0 (after uc_open the engine is in 32-bit protected
 * mode), every register zero. */
void cpu_pm_init(struct cpu *c);
/* Find the exception fields by provoking known faults, between slices, the
 * guest's state saved around it. */
/* CR0 as the engine holds it. */
uint32_t cpu_cr0(struct cpu *c);
void cpu_pm_probe(struct cpu *c);
/* The INT hook saw vector intno at the switch stub: finish cpu_switch.
 * True when it was the stub. */
bool cpu_pm_stub_done(struct cpu *c, unsigned intno);
/* An INT during cpu_pm_probe. */
void cpu_pm_probe_intr(struct cpu *c, unsigned intno);
/* An INT or exception in protected mode: give it to the PM callback. */
void cpu_pm_intr(struct cpu *c, unsigned intno);
/* An invalid opcode in protected mode. */
bool cpu_pm_invalid(struct cpu *c);
/* Real mode: reset the exception-in-flight field after an exception. */
void cpu_clear_exception(struct cpu *c);
/* Linear address of CS:EIP. */
uint32_t cpu_code_lin(struct cpu *c);

#endif
