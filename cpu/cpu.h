/* The x86 CPU: the only module that sees Unicorn. Runs the guest in slices
 * and calls back for interrupts, invalid opcodes and port I/O. */
#ifndef UNIDOS_CPU_CPU_H
#define UNIDOS_CPU_CPU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bus/mem.h"
#include "cpu/regs.h"
#include "bus/io.h"

struct cpu;

/* What the guest identifies (CPUID, see cpu/cpuid.c). The instruction set
 * under Unicorn 2.0.1 is the same P6 one for every model (CMOV, FCOMI,
 * RDTSC, MMX), so the default is the model whose CPUID tells the truth
 * about it: a Pentium II. FLAGS bits 12-15 behave as on any 386+ in real
 * mode (IOPL and NT settable, bit 15 always 0). */
enum cpu_model {
    CPU_MODEL_486,
    CPU_MODEL_PENTIUM,
    CPU_MODEL_PENTIUM2,
    CPU_MODEL_PENTIUM3,
};
#define CPU_MODEL_DEFAULT CPU_MODEL_PENTIUM2

/* Which engine runs guest code (docs/tiers.md): the interpreter for cold
 * code with Unicorn for hot code (auto), the interpreter wherever it can
 * (interp), or Unicorn alone (jit). The guest sees the same CPU and the same
 * virtual time in each. */
enum cpu_tier {
    CPU_TIER_AUTO,
    CPU_TIER_INTERP,
    CPU_TIER_JIT,
    CPU_TIER_SWITCHY, /* tests: the tier flips at pseudo-random block boundaries */
};
#define CPU_TIER_DEFAULT CPU_TIER_AUTO

enum cpu_stop {
    CPU_STOP_BUDGET,  /* the slice's block budget is used up */
    CPU_STOP_HLT,     /* the guest executed HLT */
    CPU_STOP_REQUEST, /* cpu_request_stop() from outside */
    CPU_STOP_YIELD,   /* a callback asked to end the slice (cpu_yield) */
    CPU_STOP_FAULT,   /* the guest cannot continue; see cpu_fault() */
};

/* The whole register file, for protected mode (the DPMI host): 32-bit
 * registers and the six selectors (segment values in real mode). */
struct cpu_state {
    uint32_t eax, ebx, ecx, edx, esi, edi, ebp, esp, eip, eflags;
    uint16_t cs, ds, es, ss, fs, gs;
};

/* What happened in protected mode (docs/dpmi.md, "The CPU side"). */
enum cpu_pm_kind {
    CPU_PM_INT,       /* software INT vec; EIP past the instruction */
    CPU_PM_EXCEPTION, /* CPU exception vec (6 for an invalid opcode), EIP at
                         * the instruction, error code in error */
    CPU_PM_FETCH,     /* code fetch from unmapped linear addr (EIP = addr) */
};

struct cpu_pm_event {
    enum cpu_pm_kind kind;
    unsigned vec;
    uint32_t error;
    uint32_t addr;
};

struct cpu_callbacks {
    /* A software INT (r->ip past the instruction) or a CPU exception
     * (r->ip at the faulting instruction). Changes to *r take effect. */
    void (*intr)(void *ctx, unsigned intno, struct cpu_regs *r);
    /* An invalid opcode at r->cs:r->ip. Return true after redirecting *r
     * (for example into the guest's INT 6 handler); false stops the CPU. */
    bool (*invalid)(void *ctx, struct cpu_regs *r);
    void *ctx;
    /* The same in protected mode: the handler reads and changes the
     * registers with cpu_get_state/cpu_set_state/cpu_switch (never the
     * 16-bit snapshot). NULL: protected mode stops the CPU (a program that
     * switched by itself). */
    void (*pm)(void *ctx, const struct cpu_pm_event *ev);
};

/* Create the CPU over mem (which must outlive it) with port I/O through io.
 * Dies when Unicorn cannot start: nothing can run without it. */
struct cpu *cpu_new(struct mem *mem, struct io *io, enum cpu_model model,
                    const struct cpu_callbacks *cb);
void cpu_free(struct cpu *c);

/* The 32-bit general registers, for the few services that use them (XMS
 * 88h/89h/8Eh/8Fh, string ops run in the host). Valid inside a callback
 * too: the snapshot written back afterwards only touches the low 16 bits
 * of registers it changed. */
enum cpu_reg32 { CPU_EAX, CPU_EBX, CPU_ECX, CPU_EDX, CPU_ESI, CPU_EDI };
uint32_t cpu_reg32(struct cpu *c, enum cpu_reg32 reg);
void cpu_set_reg32(struct cpu *c, enum cpu_reg32 reg, uint32_t v);

/* Registers, for use between slices (inside a callback use the snapshot). */
void cpu_get_regs(struct cpu *c, struct cpu_regs *r);
void cpu_set_regs(struct cpu *c, const struct cpu_regs *r);

/* Choose the tier (CPU_TIER_DEFAULT until called). seed drives
 * CPU_TIER_SWITCHY's choices. */
void cpu_set_tier(struct cpu *c, enum cpu_tier tier);
void cpu_set_tier_seed(struct cpu *c, uint64_t seed);

/* The real-mode CPU state as QEMU keeps it, lazy flags included, for the
 * lockstep tests (tests/lockstep): between slices only. has_lazy is false
 * when this Unicorn's state layout is unknown (the interpreter is off). */
struct cpu_lazy_state {
    uint32_t r[8]; /* EAX ECX EDX EBX ESP EBP ESI EDI */
    uint32_t eip, eflags;
    uint16_t sel[6]; /* ES CS SS DS FS GS */
    uint32_t base[6];
    bool has_lazy;
    uint32_t cc_op, cc_dst, cc_src, cc_src2;
    bool inhibit; /* an interrupt shadow is pending */
    uint8_t cpl;  /* QEMU's CPL (hflags), which it checks in real mode too */
};
void cpu_get_lazy_state(struct cpu *c, struct cpu_lazy_state *st);

/* Between slices: what is left of the REP MOVS or REP STOS the CPU
 * stopped at in real mode (inside one, or about to start it): memory it
 * writes is seen part way until it ends. */
enum cpu_rep { CPU_REP_NONE, CPU_REP_LEFT, CPU_REP_UNKNOWN };
struct cpu_rep_left {
    bool movs;                 /* else STOS */
    unsigned size;             /* bytes per element: 1, 2 or 4 */
    uint32_t count;            /* elements left */
    uint16_t src_seg, src_off; /* MOVS: DS (or the override):SI */
    uint16_t dst_seg, dst_off; /* ES:DI */
    bool down;                 /* DF set: addresses go down */
    uint32_t value;            /* STOS: AL/AX/EAX */
};
/* CPU_REP_LEFT with *left filled; CPU_REP_UNKNOWN at one it cannot
 * describe (32-bit addressing). */
enum cpu_rep cpu_rep_string(struct cpu *c, struct cpu_rep_left *left);

/* Run from CS:IP for at most budget_blocks translated blocks. */
enum cpu_stop cpu_run(struct cpu *c, uint64_t budget_blocks);

/* Execute exactly one instruction at CS:IP (an exception or INT counts as
 * that instruction once its callback has redirected CS:IP). For the CPU
 * test tool only: the run loop uses cpu_run. CPU_STOP_FAULT on a fault. */
enum cpu_stop cpu_step(struct cpu *c);

/* Deterministic runs: RDTSC reads tsc() instead of the host's counter.
 * Unicorn 2.0.1 cannot hook RDTSC; then CPUID stops reporting the TSC (so
 * programs time with the PIT) and false is returned: a program that runs
 * RDTSC anyway still reads host time. */
typedef uint64_t cpu_tsc_fn(void *ctx);
bool cpu_set_tsc(struct cpu *c, cpu_tsc_fn *tsc, void *ctx);

/* Blocks executed since creation: the basis of virtual time. */
uint64_t cpu_blocks(const struct cpu *c);

/* Count executed instructions from now on (for --speed): the block hook
 * then costs a cache lookup, and a decode of each new block. */
void cpu_count_insns(struct cpu *c);
/* Instructions executed since cpu_count_insns (a REP string op run in
 * the host counts one per element, as it counts a block each). */
uint64_t cpu_insns(const struct cpu *c);

/* Ask the running slice to stop soon. Async-signal-safe, any thread. */
void cpu_request_stop(struct cpu *c);

/* From inside a callback: end the current slice once the callback returns. */
void cpu_yield(struct cpu *c);

/* Between slices: the program waits for input. Translated code piled up
 * meanwhile (self-modifying code translated again and again) is given
 * back now and then (cpu/tcache.h). */
void cpu_note_wait(struct cpu *c);

/* Between slices, in real mode: true when the CPU spins in a loop that
 * reads the BIOS tick count from memory and can change nothing until an
 * interrupt handler runs (cpu/tickwait.c). Runs that loop once to prove
 * it. */
bool cpu_tick_wait(struct cpu *c);

/* Why the last CPU_STOP_FAULT happened (CS:IP and the bytes there). */
const char *cpu_fault(const struct cpu *c);
/* True once the engine aborted (see cpu_fault): the CPU cannot run again. */
bool cpu_broken(const struct cpu *c);

/* True when the Unicorn 2.0.1 store fast path is linked in
 * (cpu/uc_fastpath.c); the CPU logs it at start. */
bool cpu_store_fastpath(void);

/* The version of the Unicorn engine linked in ("2.0.1"), into out. */
void cpu_engine_version(char *out, size_t cap);

/* ---- protected mode (cpu/pmode.c) ----
 * Unicorn 2.0.1 cannot switch modes by register writes alone: CR0.PE
 * written from the host is stored but the translator keeps its own copy.
 * cpu_switch runs a two-instruction stub (MOV CR0,EAX; INT CPU_STUB_VEC)
 * at CPU_STUB_SEG:CPU_STUB_OFF in the ROM, then loads the target state;
 * protected mode always runs at CPL 3 with the tables of cpu_set_tables.
 * The error code of an exception lives only inside Unicorn's saved
 * context: its place is found at start by provoking known faults. */
#define CPU_STUB_SEG 0xF000u
#define CPU_STUB_OFF 0x1F00u
#define CPU_STUB_BYTES 8u
#define CPU_ROM_CODE_BYTES 0x20u /* the stub and, after it, the probe */
#define CPU_STUB_VEC 0xF1u

/* True when protected mode can be offered (the fields were found); else
 * false with the reason in *why. The fields are looked for the first time
 * this is asked, at the start of the next cpu_run: until then it returns
 * false with *why NULL (ask again after ending this slice). */
bool cpu_pm_ready(struct cpu *c, const char **why);
/* True while CR0.PE is set. */
bool cpu_pm(struct cpu *c);

/* Every register, in either mode (inside callbacks too). */
void cpu_get_state(struct cpu *c, struct cpu_state *s);
/* Load s without changing mode (protected mode: selectors through the
 * descriptor tables, with the CPU's checks). False when a selector could
 * not be loaded: that register keeps its old value (data segments get the
 * null selector). */
bool cpu_set_state(struct cpu *c, const struct cpu_state *s);
/* Enter protected mode (pm, at CPL 3) or real mode with state s, before
 * the next guest instruction; from a callback or between slices. In
 * protected mode s's selectors must be valid DPL 3 segments. */
void cpu_switch(struct cpu *c, bool pm, const struct cpu_state *s);
/* The descriptor tables protected mode uses (the DPMI host's). */
void cpu_set_tables(struct cpu *c, uint32_t gdt_base, uint16_t gdt_limit, uint16_t ldt_sel,
                    uint32_t ldt_base, uint32_t ldt_limit);
/* Base of selector sel as the descriptor tables give it (real mode:
 * sel * 16); false for a selector outside the tables. */
bool cpu_seg_base(struct cpu *c, uint16_t sel, uint32_t *base);

/* From a callback: stop the CPU with this reason (cpu_fault); the slice
 * ends as CPU_STOP_FAULT. */
void cpu_stop_fault(struct cpu *c, const char *why);

#endif
