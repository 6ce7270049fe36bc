/* Unicorn wrapper: guest RAM mapping, register snapshots, the interrupt,
 * invalid-opcode, port and block hooks, and run slices. */
#include "cpu/cpu.h"

#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/common.h"
#include "base/log.h"
#include "cpu/cpu_impl.h"
#include "cpu/cpuid.h"
#include "cpu/insn.h"
#include "cpu/strop.h"
#include "cpu/tcache.h"
#include "cpu/tier.h"

#define CPU_HMA_BASE MEM_CONV_BYTES
/* An address the guest can never execute: uc_emu_start needs an end. */
#define CPU_NO_UNTIL (1ull << 40)
/* Device stores in a row (each next to the last) before the CPU stops to
 * see whether a REP STOS/MOVS makes them (cpu/strop.h). After a miss the
 * run needed grows eightfold for the rest of the slice, so a plain store
 * loop costs at most a few stops (~2 us each) per slice of ~1 ms. */
#define STROP_RUN_FIRST 16u
#define STROP_RUN_GROWTH 8u
#define STROP_RUN_MAX (1u << 20)
#define STROP_MAX_ELEMENTS 0x10000u
#define CPU_SEL_TI 0x4u /* selector bit 2: the LDT */
#define CPU_DESC_BYTES 8
#define CPU_DESC_FLAGS_BYTE 6
#define CPU_DESC_D_BIT 0x40 /* default operation size 32 bits */

static void catch_engine_aborts(void);
static void start_tiers(struct cpu *c);

/* Unicorn register ids in struct cpu_regs field order (not const: the
 * Unicorn batch API takes a plain int pointer). */
static int k_reg_ids[] = {
    UC_X86_REG_AX, UC_X86_REG_BX, UC_X86_REG_CX, UC_X86_REG_DX,    UC_X86_REG_SI, UC_X86_REG_DI,
    UC_X86_REG_BP, UC_X86_REG_SP, UC_X86_REG_IP, UC_X86_REG_CS,    UC_X86_REG_DS, UC_X86_REG_ES,
    UC_X86_REG_SS, UC_X86_REG_FS, UC_X86_REG_GS, UC_X86_REG_FLAGS,
};
#define CPU_NREGS ARRAY_LEN(k_reg_ids)
_Static_assert(sizeof(struct cpu_regs) == CPU_NREGS * sizeof(uint16_t),
               "k_reg_ids must list every struct cpu_regs field in order");

static const int k_uc_models[] = {
    [CPU_MODEL_486] = UC_CPU_X86_486,
    [CPU_MODEL_PENTIUM] = UC_CPU_X86_PENTIUM,
    [CPU_MODEL_PENTIUM2] = UC_CPU_X86_PENTIUM2,
    [CPU_MODEL_PENTIUM3] = UC_CPU_X86_PENTIUM3,
};

void cpu_check(uc_err err, const char *what)
{
    if (err != UC_ERR_OK)
        die("CPU engine: %s: %s", what, uc_strerror(err));
}

static void regs_read(uc_engine *uc, struct cpu_regs *r)
{
    uint16_t *f = (uint16_t *)r;
    void *vals[CPU_NREGS];
    for (size_t i = 0; i < CPU_NREGS; i++)
        vals[i] = &f[i];
    cpu_check(uc_reg_read_batch(uc, k_reg_ids, vals, (int)CPU_NREGS), "read registers");
}

/* Write back only the registers that changed: writing IP makes Unicorn
 * leave its translated-code loop, which costs a little. */
static void regs_write_changed(uc_engine *uc, const struct cpu_regs *old,
                               const struct cpu_regs *now)
{
    struct cpu_regs copy = *now;
    const uint16_t *o = (const uint16_t *)old;
    uint16_t *n = (uint16_t *)&copy;
    int ids[CPU_NREGS];
    void *vals[CPU_NREGS];
    int k = 0;
    for (size_t i = 0; i < CPU_NREGS; i++) {
        if (o[i] != n[i]) {
            ids[k] = k_reg_ids[i];
            vals[k++] = &n[i];
        }
    }
    if (k)
        cpu_check(uc_reg_write_batch(uc, ids, vals, k), "write registers");
}

static const int k_reg32_ids[] = {
    [CPU_EAX] = UC_X86_REG_EAX, [CPU_EBX] = UC_X86_REG_EBX, [CPU_ECX] = UC_X86_REG_ECX,
    [CPU_EDX] = UC_X86_REG_EDX, [CPU_ESI] = UC_X86_REG_ESI, [CPU_EDI] = UC_X86_REG_EDI,
};

/* The same registers in x86 encoding order (the interpreter's). */
static const unsigned k_reg32_x86[] = {
    [CPU_EAX] = 0, [CPU_EBX] = 3, [CPU_ECX] = 1, [CPU_EDX] = 2, [CPU_ESI] = 6, [CPU_EDI] = 7,
};

/* While the interpreter runs a callback it holds the registers: the
 * 32-bit ones are read and written there, anything else takes the state
 * back to Unicorn first (cpu_take_state). */
uint32_t cpu_reg32(struct cpu *c, enum cpu_reg32 reg)
{
    uint32_t v = 0;
    if (tier_owns_regs(c->tier))
        return tier_reg32(c->tier, k_reg32_x86[reg]);
    cpu_check(uc_reg_read(c->uc, k_reg32_ids[reg], &v), "read register");
    return v;
}

void cpu_set_reg32(struct cpu *c, enum cpu_reg32 reg, uint32_t v)
{
    if (tier_owns_regs(c->tier)) {
        tier_set_reg32(c->tier, k_reg32_x86[reg], v);
        return;
    }
    cpu_check(uc_reg_write(c->uc, k_reg32_ids[reg], &v), "write register");
}

void cpu_take_state(struct cpu *c)
{
    if (tier_owns_regs(c->tier))
        tier_release(c->tier);
}

void cpu_get_regs(struct cpu *c, struct cpu_regs *r)
{
    cpu_take_state(c);
    regs_read(c->uc, r);
}

#define OP_MOVSB 0xA4
#define OP_MOVSW 0xA5
#define OP_STOSB 0xAA
#define OP_STOSW 0xAB
#define PREFIX_REPNE 0xF2
#define PREFIX_REP 0xF3
#define PREFIX_OPSIZE 0x66
#define PREFIX_ADDRSIZE 0x67
#define PREFIX_MAX 4 /* REP, operand size, address size, segment */

static bool other_prefix(uint8_t b)
{
    static const uint8_t k_prefixes[] = {0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65, 0x66, 0x67};
    return memchr(k_prefixes, b, sizeof k_prefixes) != NULL;
}

/* A segment override prefix: the register it names, or NULL. */
static const uint16_t *seg_override(const struct cpu_regs *r, uint8_t b)
{
    switch (b) {
    case 0x26:
        return &r->es;
    case 0x2E:
        return &r->cs;
    case 0x36:
        return &r->ss;
    case 0x3E:
        return &r->ds;
    case 0x64:
        return &r->fs;
    case 0x65:
        return &r->gs;
    default:
        return NULL;
    }
}

enum cpu_rep cpu_rep_string(struct cpu *c, struct cpu_rep_left *left)
{
    struct cpu_regs r;
    uint32_t cr0 = 0;
    bool rep = false, wide = false, addr32 = false;
    uc_reg_read(c->uc, UC_X86_REG_CR0, &cr0);
    if (cr0 & CPU_CR0_PE)
        return CPU_REP_NONE;
    uc_reg_read(c->uc, UC_X86_REG_CS, &r.cs);
    uc_reg_read(c->uc, UC_X86_REG_IP, &r.ip);
    uint8_t first = mem_rd8(c->mem, mem_lin(c->mem, r.cs, r.ip));
    if (first != PREFIX_REP && first != PREFIX_REPNE && !other_prefix(first))
        return CPU_REP_NONE; /* the usual answer, without reading every register */
    regs_read(c->uc, &r);
    uint16_t src_seg = r.ds;
    for (unsigned i = 0; i <= PREFIX_MAX; i++) {
        uint8_t b = mem_rd8(c->mem, mem_lin(c->mem, r.cs, (uint16_t)(r.ip + i)));
        const uint16_t *seg = seg_override(&r, b);
        if (b == PREFIX_REP || b == PREFIX_REPNE)
            rep = true;
        else if (b == PREFIX_OPSIZE)
            wide = true;
        else if (b == PREFIX_ADDRSIZE)
            addr32 = true;
        else if (seg)
            src_seg = *seg;
        else if (!rep || (b != OP_MOVSB && b != OP_MOVSW && b != OP_STOSB && b != OP_STOSW))
            return CPU_REP_NONE;
        else if (addr32)
            return CPU_REP_UNKNOWN;
        else {
            bool byte = b == OP_MOVSB || b == OP_STOSB;
            *left = (struct cpu_rep_left){
                .movs = b == OP_MOVSB || b == OP_MOVSW,
                .size = byte   ? 1
                        : wide ? 4
                               : 2,
                .count = r.cx,
                .src_seg = src_seg,
                .src_off = r.si,
                .dst_seg = r.es,
                .dst_off = r.di,
                .down = (r.flags & CPU_FLAG_DF) != 0,
                .value = byte   ? (r.ax & 0xFF)
                         : wide ? cpu_reg32(c, CPU_EAX)
                                : r.ax,
            };
            return CPU_REP_LEFT;
        }
    }
    return CPU_REP_NONE;
}

void cpu_set_regs(struct cpu *c, const struct cpu_regs *r)
{
    struct cpu_regs old;
    cpu_take_state(c);
    regs_read(c->uc, &old);
    regs_write_changed(c->uc, &old, r);
}

#define CPU_EXC_DIVIDE 0x00
#define CPU_EXC_DOUBLE_FAULT 0x08
#define CPU_OP_INT 0xCD

/* The vector a hooked interrupt really is. A divide error that still comes
 * as a double fault (the reset above failed) is mapped back: real mode has
 * no other source of #DF, so vector 8 with IP not past a software INT 08h
 * (CD 08) is a divide error. */
static unsigned real_vector(struct cpu *c, unsigned intno, const struct cpu_regs *r)
{
    if (intno != CPU_EXC_DIVIDE && intno != CPU_EXC_DOUBLE_FAULT)
        return intno;
    uint32_t at = mem_lin(c->mem, r->cs, (uint16_t)(r->ip - 2));
    bool soft = mem_rd8(c->mem, at) == CPU_OP_INT && mem_rd8(c->mem, at + 1) == intno;
    if (soft)
        return intno;
    cpu_clear_exception(c);
    return CPU_EXC_DIVIDE;
}

static void stop_soon(struct cpu *c)
{
    c->stop_next = true;
    atomic_store(&c->hook_end, 0); /* the block hook looks at stop_next */
    uc_emu_stop(c->uc);
}

/* Real mode: the 16-bit snapshot goes to the callback and what changed
 * comes back, unless the callback took the whole state (a mode switch). */
static void hook_intr(uc_engine *uc, uint32_t intno, void *user)
{
    struct cpu *c = user;
    if (c->sw.pending && cpu_pm_stub_done(c, intno)) {
        if (c->faulted)
            stop_soon(c);
        return;
    }
    if (c->probing >= 0) {
        cpu_pm_probe_intr(c, intno);
        return;
    }
    uint32_t cr0 = cpu_cr0(c);
    if (cr0 & CPU_CR0_PE) {
        cpu_pm_intr(c, intno);
    } else if (cr0 & CPU_CR0_PG) {
        /* PG without PE: QEMU takes that MOV CR0 (a real CPU raises #GP).
         * Every fetch now goes through the page tables at CR3 and faults
         * again, exception after exception with no block between: the
         * slice would never end. The program cannot go on. */
        cpu_describe_fault(c, "paging turned on in real mode (MOV CR0 with PG set, PE clear)");
    } else {
        struct cpu_regs r, old;
        regs_read(uc, &r);
        old = r;
        intno = real_vector(c, intno, &r);
        c->in_callback = false;
        c->cb.intr(c->cb.ctx, intno, &r);
        if (!c->in_callback)
            regs_write_changed(uc, &old, &r);
    }
    if (c->yield || c->faulted)
        stop_soon(c);
}

void cpu_describe_fault(struct cpu *c, const char *what)
{
    struct cpu_state s;
    uint8_t b[6];
    cpu_get_state(c, &s);
    bool pm = cpu_pm(c);
    mem_read(c->mem, cpu_code_lin(c), b, sizeof b);
    snprintf(c->fault, sizeof c->fault,
             pm ? "%s at %04X:%08X (bytes %02X %02X %02X %02X %02X %02X)"
                : "%s at %04X:%04X (bytes %02X %02X %02X %02X %02X %02X)",
             what, s.cs, pm ? s.eip : (s.eip & 0xFFFF), b[0], b[1], b[2], b[3], b[4], b[5]);
    c->faulted = true;
}

void cpu_stop_fault(struct cpu *c, const char *why)
{
    snprintf(c->fault, sizeof c->fault, "%s", why);
    c->faulted = true;
    cpu_yield(c);
}

static bool hook_invalid(uc_engine *uc, void *user)
{
    struct cpu *c = user;
    if (cpu_pm(c))
        return cpu_pm_invalid(c);
    struct cpu_regs r, old;
    regs_read(uc, &r);
    old = r;
    if (c->cb.invalid && c->cb.invalid(c->cb.ctx, &r)) {
        regs_write_changed(uc, &old, &r);
        return true;
    }
    cpu_describe_fault(c, "invalid opcode");
    return false;
}

static bool hook_unmapped(uc_engine *uc, uc_mem_type type, uint64_t addr, int size,
                          int64_t value, void *user)
{
    struct cpu *c = user;
    char what[96];
    UNUSED(value);
    UNUSED(uc);
    if (type == UC_MEM_FETCH_UNMAPPED && cpu_pm(c) && c->cb.pm) {
        c->pm_fetch = true; /* precise: EIP is the address; cpu_run delivers it */
        c->pm_fetch_addr = (uint32_t)addr;
        return false;
    }
    bool prot = type == UC_MEM_WRITE_PROT || type == UC_MEM_READ_PROT ||
                type == UC_MEM_FETCH_PROT;
    snprintf(what, sizeof what, "%s of %d bytes at linear %08llXh %s",
             type == UC_MEM_FETCH_UNMAPPED || type == UC_MEM_FETCH_PROT   ? "fetch"
             : type == UC_MEM_WRITE_UNMAPPED || type == UC_MEM_WRITE_PROT ? "write"
                                                                          : "read",
             size, (unsigned long long)addr,
             prot ? "to the DPMI host's descriptor tables" : "outside guest memory");
    /* A data access stops the engine without syncing EIP: the code is in
     * the block at CS:EIP, not necessarily at it. */
    cpu_describe_fault(c, what);
    return false;
}

static uint32_t hook_in(uc_engine *uc, uint32_t port, int size, void *user)
{
    struct cpu *c = user;
    uint32_t v = io_in(c->io, (uint16_t)port, (unsigned)size);
    if (c->yield)
        uc_emu_stop(uc); /* a device asked the slice to end (a polling loop) */
    return v;
}

static void hook_out(uc_engine *uc, uint32_t port, int size, uint32_t value, void *user)
{
    struct cpu *c = user;
    UNUSED(uc);
    io_out(c->io, (uint16_t)port, (unsigned)size, value);
}

/* CPUID answers from cpu/cpuid.c (Unicorn 2.0.1 hard-codes its own). */
static int hook_cpuid(uc_engine *uc, void *user)
{
    struct cpu *c = user;
    uint32_t leaf;
    struct cpuid_out o;
    cpu_check(uc_reg_read(uc, UC_X86_REG_EAX, &leaf), "read EAX");
    cpuid_query(c->model, leaf, &o);
    if (c->hide_tsc && leaf == CPUID_LEAF_FEATURES)
        o.edx &= ~CPUID_EDX_TSC;
    int ids[] = {UC_X86_REG_EAX, UC_X86_REG_EBX, UC_X86_REG_ECX, UC_X86_REG_EDX};
    void *vals[] = {&o.eax, &o.ebx, &o.ecx, &o.edx};
    cpu_check(uc_reg_write_batch(uc, ids, vals, 4), "write CPUID result");
    return 1; /* the instruction is done: skip Unicorn's own */
}

/* RDTSC from the machine's clock (Unicorn 2.1+ lets it be hooked). */
static int hook_rdtsc(uc_engine *uc, void *user)
{
    struct cpu *c = user;
    uint64_t t = c->tsc(c->tsc_ctx);
    uint32_t lo = (uint32_t)t, hi = (uint32_t)(t >> 32);
    cpu_check(uc_reg_write(uc, UC_X86_REG_EAX, &lo), "write EAX");
    cpu_check(uc_reg_write(uc, UC_X86_REG_EDX, &hi), "write EDX");
    return 1; /* done: skip Unicorn's own (host) counter */
}

/* Protected mode with a 32-bit code segment (the D bit of the CS
 * descriptor, read from the GDT or LDT in guest memory). */
static bool code_32(struct cpu *c)
{
    uint32_t cr0 = 0;
    uint16_t cs = 0;
    uc_x86_mmr table = {0};
    uc_reg_read(c->uc, UC_X86_REG_CR0, &cr0);
    if (!(cr0 & CPU_CR0_PE))
        return false;
    uc_reg_read(c->uc, UC_X86_REG_CS, &cs);
    uc_reg_read(c->uc, cs & CPU_SEL_TI ? UC_X86_REG_LDTR : UC_X86_REG_GDTR, &table);
    const uint8_t *d = mem_ptr(c->mem, (uint32_t)table.base + (cs & ~7u), CPU_DESC_BYTES);
    return d && (d[CPU_DESC_FLAGS_BYTE] & CPU_DESC_D_BIT);
}

/* Instructions in the block at lin of size bytes: decoded once, then
 * taken from the cache. Code outside guest memory (a device's memory)
 * counts one per block. */
static unsigned block_insns(struct cpu *c, uint64_t lin, uint32_t size)
{
    unsigned n = insn_cache_get(c->icache, lin, size);
    if (n)
        return n;
    const uint8_t *p = lin <= UINT32_MAX ? mem_ptr(c->mem, (uint32_t)lin, size) : NULL;
    n = p && size ? insn_count(p, size, code_32(c)) : 1;
    insn_cache_put(c->icache, lin, size, n);
    return n;
}

void cpu_set_slice_end(struct cpu *c, uint64_t end)
{
    c->slice_end = end;
    atomic_store(&c->hook_end, c->stop_next ? 0 : end);
    /* a stop requested meanwhile (a signal, another thread between the
     * stores) still stops at the next block */
    if (atomic_load(&c->stop_request))
        atomic_store(&c->hook_end, 0);
}

/* Code run through the A20 wrap (FFFF:0010 and up with A20 off: the CP/M
 * CALL 5 entry) is kept by QEMU under the window's own addresses, and
 * stores to the first 64 KiB do not reach it: it is translated afresh each
 * time. Out of line: the block hook is the hottest function of a loop. */
static __attribute__((noinline, cold)) void block_above_1m(struct cpu *c, uint64_t addr,
                                                           uint32_t size)
{
    if (addr - CPU_HMA_BASE < MEM_HMA_BYTES && !mem_a20(c->mem))
        uc_ctl_remove_cache(c->uc, addr, addr + size);
}

/* A block that misses the tiers' cache of blocks Unicorn goes on with
 * (cpu/tier.h): true when the engine stops here, uncounted. */
static __attribute__((noinline)) bool block_watched(struct cpu *c, uint64_t addr, uint32_t size)
{
    if (c->stop_next)
        return false; /* (the count below takes it) */
    return tier_hook(c->tier, addr, size);
}

/* Every block. One comparison covers the slice's end, a stop request and a
 * callback's stop (all set hook_end to 0). Unicorn 2.0.1 pitfall
 * (tests/unit/test_x86.c): a hook that writes EIP (any register write that
 * moves the PC) cancels a uc_emu_stop made in the same hook. A callback's
 * stop is therefore also taken here, at the next block, which does not run
 * and is not counted. */
static void hook_block(uc_engine *uc, uint64_t addr, uint32_t size, void *user)
{
    struct cpu *c = user;
    if (__builtin_expect(addr >= CPU_HMA_BASE, 0))
        block_above_1m(c, addr, size);
    /* A block the interpreter takes over is not counted here: it counts it. */
    if (c->watch && c->watch->okc[(addr >> 2) & (TIER_OKC_SIZE - 1)] != addr &&
        block_watched(c, addr, size)) {
        uc_emu_stop(uc);
        return;
    }
    if (++c->blocks >= atomic_load_explicit(&c->hook_end, memory_order_relaxed)) {
        if (c->stop_next) {
            c->stop_next = false;
            c->blocks--;
            uc_emu_stop(uc);
            return;
        }
        c->hook_stopped = true;
        uc_emu_stop(uc);
    }
}

/* The block hook while instructions are counted: a hook of its own, so
 * that runs which count nothing keep the plain one (a leaf function). */
static void hook_block_counted(uc_engine *uc, uint64_t addr, uint32_t size, void *user)
{
    struct cpu *c = user;
    if (!c->stop_next)
        c->insns += block_insns(c, addr, size);
    hook_block(uc, addr, size, user);
}

/* Before the guest first runs in Unicorn, its only translated code is the
 * mode-switch stub and probe (cpu/pmode.c): in this window of the ROM. */
#define STUB_WINDOW_LO (((uint32_t)CPU_STUB_SEG * 16u + CPU_STUB_OFF) & ~0xFFFu)
#define STUB_WINDOW_HI (STUB_WINDOW_LO + 0x2000u)

/* Unicorn may hold translated code for [lin, lin+len). While the machine
 * is built (BIOS, ROM, DOS tables: ~700 writes) it holds none but the
 * stub's, and looking costs each write a search of its page tables. */
static bool engine_may_hold(const struct cpu *c, uint32_t lin, uint32_t len)
{
    return c->engine_ran || (lin < STUB_WINDOW_HI && lin + len > STUB_WINDOW_LO);
}

/* Drop translated code for [lin, lin+len): needed after host writes. */
static void cpu_invalidate(struct cpu *c, uint32_t lin, uint32_t len)
{
    if (!engine_may_hold(c, lin, len)) {
        if (c->tier)
            tier_invalidate(c->tier, lin, len);
        return;
    }
    uc_ctl_remove_cache(c->uc, (uint64_t)lin, (uint64_t)lin + len);
    if (c->tier)
        tier_invalidate(c->tier, lin, len);
    /* With A20 off the first 64 KiB also appear above 1 MiB. */
    if (!mem_a20(c->mem) && lin < MEM_HMA_BYTES)
        uc_ctl_remove_cache(c->uc, (uint64_t)lin + CPU_HMA_BASE,
                            (uint64_t)MIN(lin + len, MEM_HMA_BYTES) + CPU_HMA_BASE);
}

static void on_mem_write(void *ctx, uint32_t lin, uint32_t len)
{
    cpu_invalidate(ctx, lin, len);
}

/* The HMA window shows the HMA when A20 is on, else the first 64 KiB again. */
static void map_hma(struct cpu *c, bool a20)
{
    uint8_t *host = a20 ? mem_host_hma(c->mem) : mem_host_conv(c->mem);
    cpu_check(uc_mem_map_ptr(c->uc, CPU_HMA_BASE, MEM_HMA_BYTES, UC_PROT_ALL, host), "map HMA");
}

/* Extended memory at its physical address, and the system area, which
 * guest code may only read (descriptor loads only read: the DPMI host
 * writes every descriptor with its accessed bit set). Only protected mode
 * reaches them: mapped at the first switch there (each mapping costs
 * Unicorn a rebuild of its memory map, a tenth of a short run's start). */
void cpu_map_high(struct cpu *c)
{
    if (c->high_mapped)
        return;
    c->high_mapped = true;
    if (c->tier)
        tier_map_changed(c->tier); /* and the interpreter is off from now on */
    uint32_t ext = mem_ext_bytes(c->mem);
    if (ext)
        cpu_check(uc_mem_map_ptr(c->uc, MEM_EXT_BASE, ext, UC_PROT_ALL, mem_host_ext(c->mem)),
                  "map extended memory");
    cpu_check(uc_mem_map_ptr(c->uc, MEM_SYS_LIN, MEM_SYS_BYTES, UC_PROT_READ,
                             mem_host_sys(c->mem)),
              "map the system area");
}

static void on_a20(void *ctx, bool enabled)
{
    struct cpu *c = ctx;
    if (c->tier)
        tier_map_changed(c->tier);
    cpu_check(uc_mem_unmap(c->uc, CPU_HMA_BASE, MEM_HMA_BYTES), "unmap HMA");
    map_hma(c, enabled);
    uc_ctl_remove_cache(c->uc, CPU_HMA_BASE, CPU_HMA_BASE + MEM_HMA_BYTES);
}

/* ---- device memory (mem_set_io, mem_map_device) ---- */

/* MMIO accesses of up to 8 bytes (an FPU qword) reach the device as 1-,
 * 2- or 4-byte accesses. */
static uint64_t mmio_read(uc_engine *uc, uint64_t off, unsigned size, void *user)
{
    struct cpu_mmio *s = user;
    uint32_t lin = s->base + (uint32_t)off;
    const struct mem_io *io = mem_io_at(s->c->mem, lin);
    UNUSED(uc);
    if (!io)
        return ~0ull;
    if (size <= 4)
        return io->read(io->ctx, lin, size);
    return io->read(io->ctx, lin, 4) | (uint64_t)io->read(io->ctx, lin + 4, 4) << 32;
}

/* A run of adjacent device stores (either direction) long enough ends the
 * slice at the next block: cpu_run then tries strop_run there. */
static void note_device_store(struct cpu *c, uint32_t lin, unsigned size)
{
    if (c->strop.off)
        return;
    uint32_t d = lin - c->strop.last;
    c->strop.last = lin;
    if (d != size && d != (uint32_t)-size) {
        c->strop.run = 0;
        return;
    }
    if (++c->strop.run != c->strop.need || c->strop.pending)
        return;
    c->strop.pending = true;
    c->strop.slice_end = c->slice_end;
    cpu_set_slice_end(c, 0); /* the block hook stops at the next block */
}

static void mmio_write(uc_engine *uc, uint64_t off, unsigned size, uint64_t val, void *user)
{
    struct cpu_mmio *s = user;
    uint32_t lin = s->base + (uint32_t)off;
    const struct mem_io *io = mem_io_at(s->c->mem, lin);
    UNUSED(uc);
    if (!io)
        return;
    note_device_store(s->c, lin, size);
    if (size <= 4) {
        io->write(io->ctx, lin, size, (uint32_t)val);
        return;
    }
    io->write(io->ctx, lin, 4, (uint32_t)val);
    io->write(io->ctx, lin + 4, 4, (uint32_t)(val >> 32));
}

/* Map video slot k as RAM or as MMIO, whichever mem says it is now. */
static void map_video_slot(struct cpu *c, unsigned k)
{
    uint32_t base = MEM_VIDEO_LIN + k * MEM_VIDEO_SLOT_BYTES;
    c->mmio[k] = (struct cpu_mmio){c, base};
    if (mem_io_at(c->mem, base))
        cpu_check(uc_mmio_map(c->uc, base, MEM_VIDEO_SLOT_BYTES, mmio_read, &c->mmio[k],
                              mmio_write, &c->mmio[k]),
                  "map device memory");
    else
        cpu_check(uc_mem_map_ptr(c->uc, base, MEM_VIDEO_SLOT_BYTES, UC_PROT_ALL,
                                 mem_host_conv(c->mem) + base),
                  "map video RAM");
}

/* Conventional memory in pieces, so that video slots can be remapped. */
static void map_conventional(struct cpu *c)
{
    uint8_t *ram = mem_host_conv(c->mem);
    uint32_t hi = MEM_VIDEO_LIN + MEM_VIDEO_BYTES;
    cpu_check(uc_mem_map_ptr(c->uc, 0, MEM_VIDEO_LIN, UC_PROT_ALL, ram), "map low memory");
    for (unsigned k = 0; k < MEM_VIDEO_SLOTS; k++)
        map_video_slot(c, k);
    cpu_check(uc_mem_map_ptr(c->uc, hi, MEM_CONV_BYTES - hi, UC_PROT_ALL, ram + hi),
              "map upper memory");
}

static void on_map(void *ctx, uint32_t lin, uint32_t len)
{
    struct cpu *c = ctx;
    if (c->tier)
        tier_map_changed(c->tier);
    if (lin >= MEM_TOTAL_BYTES) {
        uint32_t phys, dlen;
        uint8_t *host;
        /* Data only: without execute permission Unicorn 2.0.1 skips its
         * self-modifying-code check on every store (~40 % faster). */
        if (!c->device_mapped && mem_device(c->mem, &phys, &dlen, &host))
            cpu_check(uc_mem_map_ptr(c->uc, phys, dlen, UC_PROT_READ | UC_PROT_WRITE, host),
                      "map device RAM");
        c->device_mapped = true;
        return;
    }
    for (uint32_t at = lin; at < lin + len; at += MEM_VIDEO_SLOT_BYTES) {
        unsigned k = (at - MEM_VIDEO_LIN) / MEM_VIDEO_SLOT_BYTES;
        cpu_check(uc_mem_unmap(c->uc, at, MEM_VIDEO_SLOT_BYTES), "unmap video slot");
        map_video_slot(c, k);
    }
    uc_ctl_remove_cache(c->uc, lin, (uint64_t)lin + len);
}

/* Unicorn takes every callback as void *, which ISO C does not bless. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic"
static void add_hooks(struct cpu *c)
{
    uc_hook h;
    cpu_check(uc_hook_add(c->uc, &h, UC_HOOK_INTR, (void *)hook_intr, c, 1, 0), "INTR hook");
    cpu_check(uc_hook_add(c->uc, &h, UC_HOOK_INSN_INVALID, (void *)hook_invalid, c, 1, 0),
              "invalid-opcode hook");
    cpu_check(uc_hook_add(c->uc, &h, UC_HOOK_MEM_UNMAPPED | UC_HOOK_MEM_PROT,
                          (void *)hook_unmapped, c, 1, 0),
              "unmapped-memory hook");
    cpu_check(uc_hook_add(c->uc, &h, UC_HOOK_INSN, (void *)hook_in, c, 1, 0, UC_X86_INS_IN),
              "IN hook");
    cpu_check(uc_hook_add(c->uc, &h, UC_HOOK_INSN, (void *)hook_out, c, 1, 0, UC_X86_INS_OUT),
              "OUT hook");
    cpu_check(uc_hook_add(c->uc, &h, UC_HOOK_INSN, (void *)hook_cpuid, c, 1, 0,
                          UC_X86_INS_CPUID),
              "CPUID hook");
    cpu_check(uc_hook_add(c->uc, &c->block_hook, UC_HOOK_BLOCK, (void *)hook_block, c, 1, 0),
              "block hook");
}

/* Counting runs in Unicorn alone: the count comes from its block hook,
 * which the interpreter's blocks do not pass (docs/tiers.md). */
void cpu_count_insns(struct cpu *c)
{
    if (c->icache)
        return;
    c->icache = xcalloc(1, sizeof *c->icache);
    cpu_set_tier(c, CPU_TIER_JIT);
    cpu_check(uc_hook_del(c->uc, c->block_hook), "remove the block hook");
    cpu_check(uc_hook_add(c->uc, &c->block_hook, UC_HOOK_BLOCK, (void *)hook_block_counted, c,
                          1, 0),
              "counting block hook");
}

/* RDTSC hooks came with Unicorn 2.1 (PR #2066); 2.0.1 refuses them, and
 * leaks a little on the refusal, so older versions are not asked. */
#define UC_RDTSC_HOOK_MAJOR 2u
#define UC_RDTSC_HOOK_MINOR 1u

bool cpu_set_tsc(struct cpu *c, cpu_tsc_fn *tsc, void *ctx)
{
    uc_hook h;
    unsigned major = 0, minor = 0;
    uc_version(&major, &minor);
    c->tsc = tsc;
    c->tsc_ctx = ctx;
    c->hide_tsc = major < UC_RDTSC_HOOK_MAJOR ||
                  (major == UC_RDTSC_HOOK_MAJOR && minor < UC_RDTSC_HOOK_MINOR) ||
                  uc_hook_add(c->uc, &h, UC_HOOK_INSN, (void *)hook_rdtsc, c, 1, 0,
                              UC_X86_INS_RDTSC) != UC_ERR_OK;
    return !c->hide_tsc;
}

struct cpu *cpu_new(struct mem *mem, struct io *io, enum cpu_model model,
                    const struct cpu_callbacks *cb)
{
    struct cpu *c = xcalloc(1, sizeof *c);
    c->mem = mem;
    c->io = io;
    c->cb = *cb;
    c->model = model;
    c->strop.need = STROP_RUN_FIRST;
    tcache_before(&c->tcache);
    /* 32-bit mode: register writes then load protected-mode selectors
     * through the descriptor tables and uc_emu_start takes a full EIP;
     * pmode.c puts the CPU into real mode at once. */
    cpu_check(uc_open(UC_ARCH_X86, UC_MODE_32, &c->uc), "open");
    LOG(LOG_CPU, "Unicorn store fast path: %s", cpu_store_fastpath() ? "linked" : "not linked");
    cpu_check(uc_ctl_set_cpu_model(c->uc, k_uc_models[model]), "set CPU model");
    map_conventional(c);
    map_hma(c, mem_a20(mem));
    uint32_t phys, dlen;
    uint8_t *host;
    if (mem_device(mem, &phys, &dlen, &host))
        on_map(c, phys, dlen);
    add_hooks(c);
    c->exc_slot = CPU_EXC_FIELD_UNKNOWN;
    c->err_slot = CPU_EXC_FIELD_UNKNOWN;
    cpu_check(uc_context_alloc(c->uc, &c->clean), "allocate context");
    cpu_check(uc_context_alloc(c->uc, &c->scratch), "allocate context");
    cpu_check(uc_context_save(c->uc, c->clean), "save context");
    mem_set_hooks(mem, on_mem_write, on_a20, c);
    mem_set_map_hook(mem, on_map, c);
    cpu_pm_init(c);
    uc_x86_mmr gdtr = {0};
    cpu_check(uc_reg_read(c->uc, UC_X86_REG_GDTR, &gdtr), "read GDTR");
    c->strop.gdt_base = gdtr.base;
    c->strop.gdt_limit = gdtr.limit;
    catch_engine_aborts();
    tcache_after(&c->tcache);
    start_tiers(c);
    return c;
}

/* Unicorn 2.0.1 aborts the process on some code it cannot translate
 * (LOCK CMP with a memory operand: "tcg fatal error"). While the engine
 * runs, SIGABRT leaves uc_emu_start instead, and the run ends as a guest
 * fault with a message, files closed and output kept. The engine is not
 * used again: cpu_free leaves it (reachable, not a leak) as it is. */
static sigjmp_buf g_abort_jmp;
static volatile sig_atomic_t g_in_engine;
static struct sigaction g_prev_abort;
static struct cpu *g_broken; /* the last broken engine, linked to the others */

static void on_engine_abort(int sig)
{
    if (g_in_engine) {
        g_in_engine = 0;
        siglongjmp(g_abort_jmp, 1);
    }
    sigaction(sig, &g_prev_abort, NULL);
    raise(sig); /* delivered to the previous action on return */
}

static void catch_engine_aborts(void)
{
    static bool once;
    if (once)
        return;
    once = true;
    struct sigaction sa = {.sa_handler = on_engine_abort};
    sigemptyset(&sa.sa_mask);
    sigaction(SIGABRT, &sa, &g_prev_abort);
}

static uc_err run_engine(struct cpu *c, uint64_t begin, size_t count)
{
    if (c->broken)
        return UC_ERR_EXCEPTION;
    if (sigsetjmp(g_abort_jmp, 0)) { /* no mask saved: cheap per slice */
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, SIGABRT);
        sigprocmask(SIG_UNBLOCK, &set, NULL);
        c->broken = true;
        c->broken_next = g_broken; /* every one stays reachable (the lockstep
                                     * tool breaks three at once) */
        g_broken = c;
        return UC_ERR_EXCEPTION;
    }
    g_in_engine = 1;
    c->engine_ran = true;
    uc_err err = uc_emu_start(c->uc, begin, CPU_NO_UNTIL, 0, count);
    g_in_engine = 0;
    return err;
}

static void engine_failed(struct cpu *c, uint16_t cs, uint32_t eip)
{
    snprintf(c->fault, sizeof c->fault,
             "the CPU emulator (Unicorn) failed on code run from %04X:%04X on (it aborts on "
             "some invalid instructions, such as LOCK CMP with a memory operand)",
             cs, eip);
    c->faulted = true;
}

void cpu_free(struct cpu *c)
{
    if (!c || c->broken)
        return;
    LOG(LOG_CPU, "string ops run in the host: %llu, %llu elements (%llu stops for other code)",
        (unsigned long long)c->strop.ops, (unsigned long long)c->strop.elements,
        (unsigned long long)c->strop.misses);
    tier_log_stats(c->tier);
    tier_free(c->tier);
    mem_set_hooks(c->mem, NULL, NULL, NULL);
    mem_set_map_hook(c->mem, NULL, NULL);
    uc_context_free(c->clean);
    uc_context_free(c->scratch);
    tcache_forget(&c->tcache);
    uc_close(c->uc);
    free(c->icache);
    free(c);
}

uint64_t cpu_insns(const struct cpu *c)
{
    return c->insns;
}

uint64_t cpu_blocks(const struct cpu *c)
{
    return c->blocks;
}

void cpu_request_stop(struct cpu *c)
{
    atomic_store(&c->stop_request, 1);
    atomic_store(&c->hook_end, 0);
}

void cpu_yield(struct cpu *c)
{
    c->yield = true;
}

const char *cpu_fault(const struct cpu *c)
{
    return c->fault;
}

bool cpu_broken(const struct cpu *c)
{
    return c->broken;
}

/* Real mode only: HLT at CPL 3 is a #GP that the DPMI host sees. */
static bool at_hlt(struct cpu *c)
{
    uint16_t cs, ip;
    if (cpu_pm(c))
        return false;
    uc_reg_read(c->uc, UC_X86_REG_CS, &cs);
    uc_reg_read(c->uc, UC_X86_REG_IP, &ip);
    return mem_rd8(c->mem, mem_lin(c->mem, cs, (uint16_t)(ip - 1))) == 0xF4;
}

/* A stop for a run of device stores is over: the slice's end is back. */
static bool strop_stopped(struct cpu *c)
{
    if (!c->strop.pending)
        return false;
    c->strop.pending = false;
    cpu_set_slice_end(c, c->strop.slice_end);
    c->strop.run = 0;
    return true;
}

/* Between slices, at the block after a run of device stores: run the REP
 * STOS/MOVS there (if it is one) in a host loop. Each element counts as
 * the block the CPU would have run for it, so virtual time moves as before. */
static void run_string_op(struct cpu *c)
{
    struct cpu_regs s;
    regs_read(c->uc, &s);
    struct strop_regs r = {
        .eax = cpu_reg32(c, CPU_EAX),
        .ecx = cpu_reg32(c, CPU_ECX),
        .esi = cpu_reg32(c, CPU_ESI),
        .edi = cpu_reg32(c, CPU_EDI),
        .ip = s.ip,
        .flags = s.flags,
        .cs = s.cs,
        .ds = s.ds,
        .es = s.es,
        .ss = s.ss,
        .fs = s.fs,
        .gs = s.gs,
    };
    const struct strop_regs was = r;
    uint32_t done = 0, cr0 = 0;
    uc_x86_mmr gdtr = {0};
    uc_reg_read(c->uc, UC_X86_REG_CR0, &cr0);
    uc_reg_read(c->uc, UC_X86_REG_GDTR, &gdtr);
    if (!(cr0 & CPU_CR0_PE) &&
        (gdtr.base != c->strop.gdt_base || gdtr.limit != c->strop.gdt_limit)) {
        /* Unreal mode and the like: a segment register may hold a base
         * other than selector * 16, which the host loop cannot see. */
        c->strop.off = true;
        LOG(LOG_CPU, "string ops stay in the CPU: the program loaded a GDT");
        return;
    }
    if (!(cr0 & CPU_CR0_PE))
        done = strop_run(c->mem, &r, c->strop.last, STROP_MAX_ELEMENTS);
    if (!done) {
        c->strop.need = MIN(c->strop.need * STROP_RUN_GROWTH, STROP_RUN_MAX);
        c->strop.misses++;
        return;
    }
    c->strop.need = STROP_RUN_FIRST;
    c->strop.ops++;
    c->strop.elements += done;
    c->blocks += done;
    c->insns += c->icache ? done : 0;
    if (r.ecx != was.ecx)
        cpu_set_reg32(c, CPU_ECX, r.ecx);
    if (r.esi != was.esi)
        cpu_set_reg32(c, CPU_ESI, r.esi);
    if (r.edi != was.edi)
        cpu_set_reg32(c, CPU_EDI, r.edi);
    if (r.ip != was.ip)
        cpu_check(uc_reg_write(c->uc, UC_X86_REG_IP, &r.ip), "write IP");
}

static uint32_t read_eip(struct cpu *c)
{
    uint32_t eip = 0;
    uc_reg_read(c->uc, UC_X86_REG_EIP, &eip);
    return eip;
}

/* A code fetch from unmapped memory in protected mode stopped the engine
 * (EIP is the address, so the fault is precise): the DPMI host delivers
 * it like an exception. False when nothing was pending. */
static bool deliver_pm_fetch(struct cpu *c)
{
    if (!c->pm_fetch)
        return false;
    c->pm_fetch = false;
    struct cpu_pm_event ev = {.kind = CPU_PM_FETCH, .vec = 0x0E, .addr = c->pm_fetch_addr};
    c->in_callback = true;
    c->cb.pm(c->cb.ctx, &ev);
    return !c->faulted;
}

/* ---- the tiers' view of the CPU (cpu/tier.h) ---- */

static void tier_device_store(void *cpu, uint32_t lin, unsigned size)
{
    note_device_store(cpu, lin, size);
}

/* The engine from CS:EIP until something stops it. */
static uc_err tier_run_engine(void *cpu)
{
    struct cpu *c = cpu;
    return run_engine(c, read_eip(c), 0);
}

static void tier_stop_next(void *cpu)
{
    struct cpu *c = cpu;
    c->stop_next = true;
    atomic_store(&c->hook_end, 0);
}

static void tier_fault(void *cpu, const char *what)
{
    cpu_describe_fault(cpu, what);
}

/* An interrupt the interpreter raised, with its registers as the hook
 * would see them: true when the callback took the whole state
 * (cpu_set_state, cpu_switch): r is then not written back. */
static bool tier_deliver(void *cpu, unsigned vec, struct cpu_regs *r)
{
    struct cpu *c = cpu;
    vec = real_vector(c, vec, r); /* a divide error does what it does in Unicorn */
    c->in_callback = false;
    c->cb.intr(c->cb.ctx, vec, r);
    return c->in_callback;
}

static void tier_write_regs(void *cpu, const struct cpu_regs *old, const struct cpu_regs *r)
{
    struct cpu *c = cpu;
    regs_write_changed(c->uc, old, r);
}

static void start_tiers(struct cpu *c)
{
    struct tier_host h = {
        .uc = c->uc,
        .mem = c->mem,
        .io = c->io,
        .blocks = &c->blocks,
        .slice_end = &c->slice_end,
        .stop_request = &c->stop_request,
        .yield = &c->yield,
        .hook_stopped = &c->hook_stopped,
        .high_mapped = &c->high_mapped,
        .device_store = tier_device_store,
        .run_engine = tier_run_engine,
        .stop_next = tier_stop_next,
        .fault = tier_fault,
        .deliver = tier_deliver,
        .write_regs = tier_write_regs,
        .cpu = c,
    };
    c->tier = tier_new(&h, CPU_TIER_DEFAULT);
    c->watch = tier_watch(c->tier);
}

void cpu_set_tier(struct cpu *c, enum cpu_tier tier)
{
    tier_set_mode(c->tier, c->icache ? CPU_TIER_JIT : tier);
    c->watch = tier_watch(c->tier);
}

void cpu_set_tier_seed(struct cpu *c, uint64_t seed)
{
    tier_set_seed(c->tier, seed);
}

void cpu_get_lazy_state(struct cpu *c, struct cpu_lazy_state *st)
{
    struct ix_state s;
    memset(st, 0, sizeof *st);
    st->has_lazy = tier_get_state(c->tier, &s);
    if (st->has_lazy) {
        memcpy(st->r, s.r, sizeof st->r);
        st->eip = s.eip;
        st->eflags = ix_flags(&s);
        memcpy(st->sel, s.sel, sizeof st->sel);
        memcpy(st->base, s.base, sizeof st->base);
        st->cc_op = s.cc_op;
        st->cc_dst = s.cc_dst;
        st->cc_src = s.cc_src;
        st->cc_src2 = s.cc_src2;
        st->inhibit = s.inhibit;
        st->cpl = s.cpl;
        return;
    }
    static const int k_gpr[8] = {UC_X86_REG_EAX, UC_X86_REG_ECX, UC_X86_REG_EDX,
                                 UC_X86_REG_EBX, UC_X86_REG_ESP, UC_X86_REG_EBP,
                                 UC_X86_REG_ESI, UC_X86_REG_EDI};
    static const int k_seg[6] = {UC_X86_REG_ES, UC_X86_REG_CS, UC_X86_REG_SS,
                                 UC_X86_REG_DS, UC_X86_REG_FS, UC_X86_REG_GS};
    for (unsigned i = 0; i < 8; i++)
        uc_reg_read(c->uc, k_gpr[i], &st->r[i]);
    uc_reg_read(c->uc, UC_X86_REG_EIP, &st->eip);
    uc_reg_read(c->uc, UC_X86_REG_EFLAGS, &st->eflags);
    for (unsigned i = 0; i < 6; i++) {
        uc_reg_read(c->uc, k_seg[i], &st->sel[i]);
        st->base[i] = (uint32_t)st->sel[i] << 4;
    }
}

/* The engine, for the slice, with a string op run in the host whenever a
 * run of device stores stopped it; other stops end the slice. uc_emu_start
 * takes EIP in the engine's 32-bit mode (CS stays as it is). */
static uc_err run_slice(struct cpu *c)
{
    for (;;) {
        c->hook_stopped = false;
        uc_err err = tier_run(c->tier);
        if (err == UC_ERR_FETCH_UNMAPPED && deliver_pm_fetch(c)) {
            if (c->blocks >= c->slice_end || c->yield)
                return UC_ERR_OK;
            continue;
        }
        /* not stopped by the block hook: HLT, a fault, a callback */
        if (!strop_stopped(c) || !c->hook_stopped || err != UC_ERR_OK || c->faulted ||
            c->broken || c->yield ||
            atomic_load_explicit(&c->stop_request, memory_order_relaxed))
            return err;
        run_string_op(c);
        if (c->blocks >= c->slice_end)
            return err;
    }
}

static uint64_t host_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void cpu_note_wait(struct cpu *c)
{
    if (!c->broken)
        tcache_wait(&c->tcache, c->uc, host_ns());
}

enum cpu_stop cpu_run(struct cpu *c, uint64_t budget_blocks)
{
    /* A callback's stop that the last slice's end took first is spent: left
     * set, it would also end the probe at its first block (the fields not
     * found: no DPMI, and a divide error that QEMU escalates). */
    c->stop_next = false;
    if (c->probe_wanted) {
        struct tier_watch *watch = c->watch;
        c->watch = NULL; /* the probe is the engine's alone */
        cpu_pm_probe(c);
        c->watch = watch;
    }
    if (!c->broken)
        tcache_tick(&c->tcache, c->uc, host_ns());
    uint16_t cs;
    uint32_t eip = read_eip(c);
    uc_reg_read(c->uc, UC_X86_REG_CS, &cs);
    cpu_set_slice_end(c, c->blocks + (budget_blocks ? budget_blocks : 1));
    c->yield = false;
    c->faulted = false;
    c->strop.need = STROP_RUN_FIRST;
    uc_err err = run_slice(c);
    if (c->broken && !c->faulted)
        engine_failed(c, cs, eip);
    if (err != UC_ERR_OK) {
        if (!c->faulted)
            cpu_describe_fault(c, uc_strerror(err));
        return CPU_STOP_FAULT;
    }
    if (c->faulted)
        return CPU_STOP_FAULT;
    if (atomic_exchange_explicit(&c->stop_request, 0, memory_order_relaxed))
        return CPU_STOP_REQUEST;
    if (c->yield)
        return CPU_STOP_YIELD;
    if (c->blocks >= c->slice_end)
        return CPU_STOP_BUDGET;
    return at_hlt(c) ? CPU_STOP_HLT : CPU_STOP_BUDGET;
}

enum cpu_stop cpu_step(struct cpu *c)
{
    uint16_t cs, ip;
    uc_reg_read(c->uc, UC_X86_REG_CS, &cs);
    uc_reg_read(c->uc, UC_X86_REG_IP, &ip);
    /* Unicorn 2.0.1 pitfall (tests/unit/test_x86.c): when the count limit
     * stops the CPU, EIP reads back as the linear address CS*16+IP. The
     * block hook stops on entry to the next block (IP correct there); a
     * step that stays in its block ends by the count, and IP is mended. */
    c->stop_next = false;
    cpu_set_slice_end(c, c->blocks + 2);
    c->yield = false;
    c->faulted = false;
    bool faulted;
    if (tier_step(c->tier, &faulted))
        return faulted ? CPU_STOP_FAULT : CPU_STOP_BUDGET;
    struct tier_watch *watch = c->watch;
    c->watch = NULL; /* Unicorn steps this one itself */
    uc_err err = run_engine(c, read_eip(c), 1);
    c->watch = watch;
    strop_stopped(c); /* one instruction: never a host loop */
    if (c->broken && !c->faulted)
        engine_failed(c, cs, ip);
    if (err != UC_ERR_OK && !c->faulted)
        cpu_describe_fault(c, uc_strerror(err));
    if (c->faulted)
        return CPU_STOP_FAULT;
    /* The count can also stop it at the start of the next block (after a
     * jump, before the block hook's stop takes): EIP is linear then too. */
    uint32_t eip;
    uc_reg_read(c->uc, UC_X86_REG_CS, &cs);
    uc_reg_read(c->uc, UC_X86_REG_EIP, &eip);
    if ((c->blocks < c->slice_end && !c->yield) ||
        (eip > 0xFFFF && eip - ((uint32_t)cs << 4) <= 0xFFFF)) {
        ip = (uint16_t)(eip - ((uint32_t)cs << 4));
        cpu_check(uc_reg_write(c->uc, UC_X86_REG_IP, &ip), "write IP");
    }
    return CPU_STOP_BUDGET;
}

/* uc_version: major, minor, patch and release candidate in the bytes
 * from the top (the candidate 255 for a release). */
#define UC_VERSION_BYTE(v, n) (((v) >> (24 - 8 * (n))) & 0xFFu)
#define UC_EXTRA_RELEASE 255u

void cpu_engine_version(char *out, size_t cap)
{
    unsigned major, minor;
    unsigned v = uc_version(&major, &minor);
    unsigned extra = UC_VERSION_BYTE(v, 3);
    int n = snprintf(out, cap, "%u.%u.%u", major, minor, UC_VERSION_BYTE(v, 2));
    if (extra != UC_EXTRA_RELEASE && n > 0 && (size_t)n < cap)
        snprintf(out + n, cap - (size_t)n, "-rc%u", extra);
}

/* LeakSanitizer (MODE=asan) reads its suppressions from this hook. Unicorn
 * 2.0.1 gives a page that guest code keeps writing to a code bitmap
 * (tb_invalidate_phys_page_fast, after 10 writes) and uc_close never frees
 * it: a leak inside the library at exit, not ours (found by the random
 * programs of tests/hostile; the self-modifying fixtures write too rarely).
 * SDL 2.26 (loaded for a window) starts libdbus and leaves its 1 KiB
 * connection buffer behind at exit: found by the EDIT window sessions of
 * make hostile-long. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:tb_invalidate_phys_page_fast\nleak:libdbus-1.so\n";
}

const char *__lsan_default_options(void);
const char *__lsan_default_options(void)
{
    return "print_suppressions=0";
}
