/* Lockstep machines: three bare CPUs over identical memory, interrupts
 * reflected through the IVT to an IRET, a port device and a device slot
 * in the video window that remember what they were told, so that port and
 * device accesses and their order show in the comparison. */
#include "tests/lockstep/ls.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/common.h"
#include "bus/io.h"
#include "bus/mem.h"
#include "cpu/cpu.h"
#include "cpu/interp.h"

#define NMACH 3                 /* Unicorn (reference), interpreter, switching */
#define HANDLER_SEG 0xF000u
#define HANDLER_OFF 0x0100u
#define OP_IRET 0xCF
#define VEC_INVALID 6
#define PORT_BASE 0x60u
#define PORT_COUNT 0x10u
#define DEV_LIN MEM_VIDEO_LIN
#define DEV_BYTES 0x100u
#define DEV_READ_MIX 0x9E3779B9u  /* spreads the read count over all 32 bits */
#define RAM_RANDOM_FROM 0x500u
#define BUDGET_ONE_BLOCK 2
#define LS_REBUILD_CASES 200      /* cpu_run: one block runs, the next is counted at the stop */

struct ls_dev {                 /* the port and memory device of one machine */
    uint8_t port[PORT_COUNT];
    uint32_t port_reads;
    uint8_t mem[DEV_BYTES];
    uint32_t mem_reads, mem_writes;
    uint32_t wide_writes;       /* values given with bits above the access size */
    struct mem_io io;
};

struct ls_mach {
    struct mem *mem;
    struct io *io;
    struct cpu *cpu;
    struct ls_dev dev;
    enum cpu_tier tier;
    uint64_t blocks0;           /* the block count before the step */
};

struct ls {
    struct ls_mach m[NMACH];
    uint64_t seed;
    bool reference_only;        /* run only Unicorn alone (crash triage) */
    bool faulted;               /* the last case ended in a fault */
    uint64_t cases, steps, faults, rebuilds, blocks, unjudged;
};

uint64_t ls_rand(uint64_t *rng)
{
    *rng ^= *rng << 13;
    *rng ^= *rng >> 7;
    *rng ^= *rng << 17;
    return *rng;
}

/* ---- devices ---- */

static uint8_t port_rd(void *ctx, uint16_t port)
{
    struct ls_dev *d = ctx;
    d->port_reads++;
    return (uint8_t)(d->port[port - PORT_BASE] + d->port_reads);
}

static void port_wr(void *ctx, uint16_t port, uint8_t v)
{
    struct ls_dev *d = ctx;
    d->port[port - PORT_BASE] = v;
}

/* A read returns the bytes stored, each mixed with the read count (so that
 * the number and order of reads show), and noise in the bits above the
 * access size: QEMU keeps only the bytes asked for (its
 * memory_region_read_accessor masks the callback's value), so the tiers
 * must too (fuzz_lockstep met an unaligned IRET from the device only after
 * 65,536 reads had carried the count past 16 bits). */
static uint32_t dev_rd(void *ctx, uint32_t lin, unsigned size)
{
    struct ls_dev *d = ctx;
    d->mem_reads++;
    uint32_t v = d->mem_reads * DEV_READ_MIX;
    for (unsigned i = 0; i < size; i++)
        v ^= (uint32_t)d->mem[(lin + i - DEV_LIN) % DEV_BYTES] << (8 * i);
    return v;
}

/* QEMU's memory_region_write_accessor gives a device only the bytes of
 * the access: a value with more bits counts as a difference. */
static void dev_wr(void *ctx, uint32_t lin, unsigned size, uint32_t v)
{
    struct ls_dev *d = ctx;
    d->mem_writes++;
    if (size < sizeof v && v >> (8 * size))
        d->wide_writes++;
    for (unsigned i = 0; i < size; i++)
        d->mem[(lin + i - DEV_LIN) % DEV_BYTES] = (uint8_t)(v >> (8 * i));
}

/* ---- interrupts: what the CPU itself does, through the IVT ---- */

static void push16(struct mem *m, struct cpu_regs *r, uint16_t v)
{
    r->sp = (uint16_t)(r->sp - 2);
    uint8_t b[2] = {(uint8_t)v, (uint8_t)(v >> 8)};
    mem_write_far(m, r->ss, r->sp, b, 2);
}

static void reflect(struct mem *m, struct cpu_regs *r, unsigned vec)
{
    push16(m, r, r->flags);
    push16(m, r, r->cs);
    push16(m, r, r->ip);
    r->flags &= (uint16_t)~(CPU_FLAG_IF | CPU_FLAG_TF);
    r->ip = mem_rd16(m, vec * 4);
    r->cs = mem_rd16(m, vec * 4 + 2);
}

static void on_intr(void *ctx, unsigned intno, struct cpu_regs *r)
{
    struct ls_mach *mc = ctx;
    reflect(mc->mem, r, intno & 0xFF);
}

static bool on_invalid(void *ctx, struct cpu_regs *r)
{
    struct ls_mach *mc = ctx;
    reflect(mc->mem, r, VEC_INVALID);
    return true;
}

/* ---- machines ---- */

static void mach_init(struct ls_mach *mc, enum cpu_tier tier, uint64_t seed)
{
    struct cpu_callbacks cb = {.intr = on_intr, .invalid = on_invalid, .ctx = mc, .pm = NULL};
    mc->mem = mem_new();
    mc->io = io_new();
    mc->tier = tier;
    io_register(mc->io, PORT_BASE, PORT_COUNT, port_rd, port_wr, &mc->dev);
    mc->dev.io = (struct mem_io){dev_rd, dev_wr, &mc->dev};
    mem_set_io(mc->mem, DEV_LIN, MEM_VIDEO_SLOT_BYTES, &mc->dev.io);
    mc->cpu = cpu_new(mc->mem, mc->io, CPU_MODEL_DEFAULT, &cb);
    cpu_set_tier(mc->cpu, tier);
    cpu_set_tier_seed(mc->cpu, seed);
    uint8_t *ram = mem_host_conv(mc->mem);
    uint64_t rng = seed | 1;
    for (uint32_t a = RAM_RANDOM_FROM; a < MEM_VIDEO_LIN; a++)
        ram[a] = (uint8_t)ls_rand(&rng);
    ls_no_rdtsc(ram, MEM_VIDEO_LIN);
    for (unsigned v = 0; v < 256; v++) {
        mem_wr16(mc->mem, v * 4, HANDLER_OFF);
        mem_wr16(mc->mem, v * 4 + 2, HANDLER_SEG);
    }
    mem_wr8(mc->mem, ((uint32_t)HANDLER_SEG << 4) + HANDLER_OFF, OP_IRET);
}

static void build(struct ls *l)
{
    static const enum cpu_tier k_tiers[NMACH] = {CPU_TIER_JIT, CPU_TIER_INTERP, CPU_TIER_SWITCHY};
    for (unsigned i = 0; i < NMACH; i++)
        mach_init(&l->m[i], k_tiers[i], l->seed);
}

static void tear_down(struct ls *l)
{
    for (unsigned i = 0; i < NMACH; i++) {
        l->blocks += cpu_blocks(l->m[i].cpu);
        cpu_free(l->m[i].cpu);
        io_free(l->m[i].io);
        mem_free(l->m[i].mem);
    }
    memset(l->m, 0, sizeof l->m);
}

struct ls *ls_new(uint64_t seed)
{
    struct ls *l = xcalloc(1, sizeof *l);
    l->seed = seed;
    build(l);
    return l;
}

void ls_reference_only(struct ls *l)
{
    l->reference_only = true;
}

void ls_free(struct ls *l)
{
    if (!l)
        return;
    tear_down(l);
    free(l);
}

/* Unicorn 2.0.1 aborts on some invalid code ("tcg fatal error": LOCK CMP
 * with a memory operand); cpu.c then refuses to use that engine again. */
static bool broken(const struct ls *l)
{
    for (unsigned i = 0; i < NMACH; i++)
        if (cpu_broken(l->m[i].cpu))
            return true;
    return false;
}

/* Random code can still set CR0.PE (a MOV CR0 it wrote into memory, or
 * found there): protected mode is Unicorn's alone (the interpreter hands it
 * over), and a machine left there cannot load the next case's real-mode
 * segments. */
static bool left_real_mode(const struct ls *l)
{
    for (unsigned i = 0; i < NMACH; i++)
        if (cpu_pm(l->m[i].cpu))
            return true;
    return false;
}

void ls_counts(const struct ls *l, struct ls_totals *t)
{
    t->cases = l->cases;
    t->steps = l->steps;
    t->faults = l->faults;
    t->rebuilds = l->rebuilds;
    t->blocks = l->blocks;
    t->unjudged = l->unjudged;
    for (unsigned i = 0; i < NMACH; i++)
        t->blocks += cpu_blocks(l->m[i].cpu);
}

/* A data segment whose 64 KiB reach past 1 MiB (selector F001h and up):
 * with A20 off its stores land in the first 64 KiB through the wrap, which
 * Unicorn's translations do not see (docs/tiers.md, Limits: the A20 wrap
 * and translated code). The case ends there, as at an EIP past FFFFh. */
#define SEG_WRAPS 0xF001u
/* A block starting closer to the end of the segment can run past IP FFFFh
 * (fuzz_lockstep: code at F000:FFE8), where the tiers part (Limits). */
#define IP_BLOCK_LAST (0xFFFFu - IX_BLOCK_MAX_BYTES)

/* Code whose block can reach linear 1 MiB runs on through the A20 wrap
 * into the first 64 KiB: Unicorn's block hook translates such code afresh
 * each time (cpu/cpu.c), the interpreter runs it (fuzz_lockstep: code at
 * FFFF:0006 running into the interrupt table). The case ends there too. */
#define LIN_WRAP 0x100000u

static bool may_run_through_wrap(const struct cpu_lazy_state *st)
{
    enum { SEL_CS = 1, PARA_SHIFT = 4 };
    uint32_t lin = ((uint32_t)st->sel[SEL_CS] << PARA_SHIFT) + st->eip;
    return lin + IX_BLOCK_MAX_BYTES >= LIN_WRAP;
}

static bool may_store_through_wrap(const struct cpu_lazy_state *st)
{
    static const unsigned k_data[] = {0, 2, 3, 4, 5}; /* ES SS DS FS GS */
    for (unsigned i = 0; i < sizeof k_data / sizeof k_data[0]; i++)
        if (st->sel[k_data[i]] >= SEG_WRAPS)
            return true;
    return false;
}

/* No RDTSC (0F 31: it reads the host's clock, different in each machine)
 * in code the machines may run, no LMSW/LGDT/MOV CRn (0F 01, 0F 22):
 * protected mode is not the interpreter's, and a bare machine entering it
 * by accident ends in faults that the comparison cannot use; and no MOV
 * DRn (0F 23): a data breakpoint DR7 enables fires only in Unicorn's
 * generated code (the interpreter does not model debug registers). The
 * instruction breakpoints that crashed Unicorn 2.0.1 (fuzz_lockstep: a
 * write to host address 400040h) are refused now (cpu/uc_fastpath.c). */
static bool banned_pair(const uint8_t *p)
{
    return p[0] == 0x0F && (p[1] == 0x31 || p[1] == 0x01 || p[1] == 0x22 || p[1] == 0x23);
}

void ls_no_rdtsc(uint8_t *p, size_t n)
{
    for (size_t i = 0; i + 1 < n; i++)
        if (banned_pair(&p[i]))
            p[i + 1] = 0x30;
}

/* Where a case can write and run code: the first MiB but the device and
 * the ROM's mode-switch code (which holds MOV CR0 on purpose). */
#define ROM_CODE_LIN ((uint32_t)CPU_STUB_SEG * 16u + CPU_STUB_OFF)
static const struct {
    uint32_t from, to;
} k_code_ranges[] = {
    {0, DEV_LIN},
    {DEV_LIN + MEM_VIDEO_SLOT_BYTES, ROM_CODE_LIN},
    {ROM_CODE_LIN + CPU_ROM_CODE_BYTES, MEM_CONV_BYTES},
};

/* The next banned pair in [p, end), or NULL. */
static const uint8_t *next_banned(const uint8_t *p, const uint8_t *end)
{
    while ((p = memchr(p, 0x0F, (size_t)(end - p))) != NULL) {
        if (banned_pair(p))
            return p;
        p++;
    }
    return NULL;
}

/* The same scrub over guest memory at each case: an earlier case's stores
 * can write a banned instruction (fuzz_lockstep: STOSW of 310Fh, then a
 * jump there read the host clock in each machine). Written through
 * mem_write, so that translations of those bytes go. */
static void scrub_ram(struct ls_mach *mc)
{
    static const uint8_t k_harmless = 0x30;
    const uint8_t *ram = mem_host_conv(mc->mem);
    for (size_t r = 0; r < ARRAY_LEN(k_code_ranges); r++) {
        const uint8_t *p = ram + k_code_ranges[r].from;
        const uint8_t *end = ram + k_code_ranges[r].to - 1;
        for (; (p = next_banned(p, end)) != NULL; p++)
            mem_write(mc->mem, (uint32_t)(p - ram) + 1, &k_harmless, 1);
    }
}

/* A banned instruction in memory after the scrub: the running case wrote
 * it, and one it then runs reads the host clock or leaves real mode in
 * each machine its own way. A difference then ends the case unjudged. */
static bool case_wrote_banned(const struct ls_mach *mc)
{
    const uint8_t *ram = mem_host_conv(mc->mem);
    for (size_t r = 0; r < ARRAY_LEN(k_code_ranges); r++)
        if (next_banned(ram + k_code_ranges[r].from, ram + k_code_ranges[r].to - 1))
            return true;
    return false;
}

static void load(struct ls_mach *mc, const struct ls_case *c)
{
    /* Unicorn keeps code of the first 64 KiB that a store through the A20
     * wrap (FFFF:0010 and up) changed: a known limit (docs/tiers.md). Each
     * case starts with that code translated afresh, so an earlier case's
     * store does not show as a difference. */
    static uint8_t low[MEM_HMA_BYTES], flipped[MEM_HMA_BYTES];
    memcpy(low, mem_host_conv(mc->mem), sizeof low);
    /* (mem_write reports only the bytes that change: every byte changes
     * twice, and the translations go with the first write) */
    for (size_t i = 0; i < sizeof low; i++)
        flipped[i] = (uint8_t)~low[i];
    mem_write(mc->mem, 0, flipped, sizeof flipped);
    mem_write(mc->mem, 0, low, sizeof low);
    scrub_ram(mc);
    uint32_t at = ((uint32_t)c->sel[1] << 4) + c->ip;
    mem_write(mc->mem, at, c->code, c->ncode);
    struct cpu_regs r = {
        .ax = (uint16_t)c->r[0], .cx = (uint16_t)c->r[1], .dx = (uint16_t)c->r[2],
        .bx = (uint16_t)c->r[3], .sp = (uint16_t)c->r[4], .bp = (uint16_t)c->r[5],
        .si = (uint16_t)c->r[6], .di = (uint16_t)c->r[7], .ip = c->ip,
        .es = c->sel[0], .cs = c->sel[1], .ss = c->sel[2], .ds = c->sel[3], .fs = c->sel[4],
        .gs = c->sel[5], .flags = c->flags,
    };
    cpu_set_regs(mc->cpu, &r);
    static const enum cpu_reg32 k_r32[] = {CPU_EAX, CPU_ECX, CPU_EDX, CPU_EBX};
    for (unsigned i = 0; i < 4; i++)
        cpu_set_reg32(mc->cpu, k_r32[i], c->r[i]);
    cpu_set_reg32(mc->cpu, CPU_ESI, c->r[6]);
    cpu_set_reg32(mc->cpu, CPU_EDI, c->r[7]);
}

/* ---- comparison ---- */

static const char *const k_names[NMACH] = {"unicorn", "interp", "switchy"};
static const char *const k_regs[8] = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"};

/* The lazy fields cc_op uses (QEMU's cc_op_live), at the operation's size. */
static void live_mask(uint32_t op, uint32_t *dst, uint32_t *src, uint32_t *src2)
{
    *dst = *src = *src2 = 0;
    if (op == 1) {              /* CC_OP_EFLAGS */
        *src = 0xFFFFFFFFu;
        return;
    }
    if (op >= 46 && op <= 48) { /* ADCX ADOX ADCOX */
        *dst = *src = *src2 = 0xFFFFFFFFu;
        return;
    }
    if (op < 2 || op >= 46)
        return;
    unsigned kind = (op - 2) / 4, sz = (op - 2) % 4;
    uint32_t m = sz == 0 ? 0xFFu : sz == 1 ? 0xFFFFu : 0xFFFFFFFFu;
    *dst = m;
    *src = kind == 0 ? 0xFFFFFFFFu : kind == 5 ? 0 : m;  /* MUL: all of CC_SRC; LOGIC: none */
    *src2 = (kind == 2 || kind == 4) ? m : 0;             /* ADC, SBB */
}

static int cat(char *why, size_t cap, int n, const char *fmt, ...) PRINTF_FMT(4, 5);
static int cat(char *why, size_t cap, int n, const char *fmt, ...)
{
    va_list ap;
    if ((size_t)n >= cap)
        return n;
    va_start(ap, fmt);
    n += vsnprintf(why + n, cap - (size_t)n, fmt, ap);
    va_end(ap);
    return n;
}

static int diff_state(const struct cpu_lazy_state *a, const struct cpu_lazy_state *b, bool lazy, char *why,
                      size_t cap, int n)
{
    for (unsigned i = 0; i < 8; i++)
        if (a->r[i] != b->r[i])
            n = cat(why, cap, n, " %s=%08X/%08X", k_regs[i], a->r[i], b->r[i]);
    if (a->eip != b->eip)
        n = cat(why, cap, n, " eip=%X/%X", a->eip, b->eip);
    if (a->eflags != b->eflags)
        n = cat(why, cap, n, " eflags=%X/%X", a->eflags, b->eflags);
    for (unsigned i = 0; i < 6; i++)
        if (a->sel[i] != b->sel[i] || a->base[i] != b->base[i])
            n = cat(why, cap, n, " seg%u=%04X:%X/%04X:%X", i, a->sel[i], a->base[i], b->sel[i],
                    b->base[i]);
    if (a->inhibit != b->inhibit)
        n = cat(why, cap, n, " shadow=%d/%d", a->inhibit, b->inhibit);
    if (a->cpl != b->cpl)
        n = cat(why, cap, n, " cpl=%d/%d", a->cpl, b->cpl);
    if (!lazy || !a->has_lazy || !b->has_lazy)
        return n;
    uint32_t md, ms, ms2;
    live_mask(a->cc_op, &md, &ms, &ms2);
    if (a->cc_op != b->cc_op)
        n = cat(why, cap, n, " cc_op=%u/%u", a->cc_op, b->cc_op);
    else if ((a->cc_dst ^ b->cc_dst) & md || (a->cc_src ^ b->cc_src) & ms ||
             (a->cc_src2 ^ b->cc_src2) & ms2)
        n = cat(why, cap, n, " cc(op %u)=%X,%X,%X/%X,%X,%X", a->cc_op, a->cc_dst, a->cc_src,
                a->cc_src2, b->cc_dst, b->cc_src, b->cc_src2);
    return n;
}

static int diff_memory(const struct ls_mach *a, const struct ls_mach *b, char *why, size_t cap,
                       int n)
{
    const uint8_t *ma = mem_host_conv(a->mem), *mb = mem_host_conv(b->mem);
    if (memcmp(ma, mb, MEM_TOTAL_BYTES)) {
        uint32_t at = 0;
        while (ma[at] == mb[at])
            at++;
        n = cat(why, cap, n, " memory at %05X: %02X/%02X", at, ma[at], mb[at]);
    }
    if (memcmp(&a->dev, &b->dev, offsetof(struct ls_dev, io)))
        n = cat(why, cap, n,
                " devices (port reads %u/%u, device reads %u/%u writes %u/%u, wide %u/%u)",
                a->dev.port_reads, b->dev.port_reads, a->dev.mem_reads, b->dev.mem_reads,
                a->dev.mem_writes, b->dev.mem_writes, a->dev.wide_writes, b->dev.wide_writes);
    return n;
}

static enum cpu_stop advance(struct ls_mach *mc, enum ls_step how)
{
    return how == LS_BLOCK ? cpu_run(mc->cpu, BUDGET_ONE_BLOCK) : cpu_step(mc->cpu);
}

/* Fault messages alike, but for QEMU's EIP sign-extended to 64 bits by
 * a far call to an offset past 2 GiB (helper_lcall_real keeps it in an
 * int): "linear FFFFFFFF9880DA4Dh" is "linear 9880DA4Dh" (docs/tiers.md). */
static bool same_fault(const char *a, const char *b)
{
    static const char k_sext[] = "linear FFFFFFFF";
    if (!strcmp(a, b))
        return true;
    const char *p = strstr(a, k_sext);
    if (!p || strlen(p) < sizeof k_sext + 8)
        return !strcmp(a, b);
    char fixed[256];
    snprintf(fixed, sizeof fixed, "%.*slinear %s", (int)(p - a), a, p + sizeof k_sext - 1);
    return !strcmp(fixed, b);
}

/* After a difference: false (the case failed), or true when the case wrote
 * a banned instruction, the tool's own gap; the machines, no longer alike,
 * are rebuilt before the next case. */
static bool unjudged(struct ls *l, char *why)
{
    if (!case_wrote_banned(&l->m[0]))
        return false;
    l->unjudged++;
    l->faulted = true;
    why[0] = 0;
    return true;
}

/* Compare machine k with the reference after a step: the description
 * grows past n on a difference. */
static int compare(struct ls *l, unsigned k, enum cpu_stop sa, enum cpu_stop sk, bool lazy,
                   char *why, size_t cap, int n)
{
    struct cpu_lazy_state a, b;
    cpu_get_lazy_state(l->m[0].cpu, &a);
    cpu_get_lazy_state(l->m[k].cpu, &b);
    if (sa != sk)
        n = cat(why, cap, n, " stop=%d/%d", sa, sk);
    if (sa == CPU_STOP_FAULT && sk == CPU_STOP_FAULT) {
        /* The program ends there: the same message, registers as they fell. */
        if (!same_fault(cpu_fault(l->m[0].cpu), cpu_fault(l->m[k].cpu)))
            n = cat(why, cap, n, " fault '%s' / '%s'", cpu_fault(l->m[0].cpu),
                    cpu_fault(l->m[k].cpu));
        return n;
    }
    /* Blocks count only when whole blocks run: a single step in Unicorn
     * counts the next block too when the instruction ended its own. */
    uint64_t da = cpu_blocks(l->m[0].cpu) - l->m[0].blocks0;
    uint64_t dk = cpu_blocks(l->m[k].cpu) - l->m[k].blocks0;
    if (lazy && da != dk)
        n = cat(why, cap, n, " blocks=+%llu/+%llu", (unsigned long long)da, (unsigned long long)dk);
    return diff_state(&a, &b, lazy, why, cap, n);
}

bool ls_run(struct ls *l, const struct ls_case *c, char *why, size_t cap)
{
    why[0] = 0;
    l->cases++;
    /* Fresh engines now and then: cpu.c finds Unicorn's "exception in
     * flight" field by comparing with the state at creation, which long
     * random runs blur ("cannot reset the CPU's exception state"). */
    /* After a fault the machines' states are not compared (a run ends
     * there), and what differs in them (EFLAGS as the fault left them in
     * Unicorn: a VM bit makes the next SS load set CPL 3) must not reach
     * the next case: fresh machines then too. */
    if (broken(l) || left_real_mode(l) || l->faulted || l->cases % LS_REBUILD_CASES == 0) {
        tear_down(l);
        build(l);
        l->rebuilds++;
        l->faulted = false;
    }
    for (unsigned k = 0; k < NMACH; k++)
        load(&l->m[k], c);
    for (unsigned step = 0; step < c->steps; step++) {
        enum cpu_stop st[NMACH];
        /* Code past IP FFFFh that the interpreter hands to Unicorn restarts
         * at IP & FFFFh, as every slice start in Unicorn alone does
         * (docs/tiers.md): not comparable, the case ends. */
        struct cpu_lazy_state ref;
        cpu_get_lazy_state(l->m[0].cpu, &ref);
        if (ref.eip > IP_BLOCK_LAST || may_store_through_wrap(&ref) ||
            may_run_through_wrap(&ref))
            break;
        for (unsigned k = 0; k < NMACH; k++) {
            l->m[k].blocks0 = cpu_blocks(l->m[k].cpu);
            st[k] = k && l->reference_only ? st[0] : advance(&l->m[k], c->how);
        }
        if (l->reference_only)
            continue;
        l->steps++;
        if (broken(l))
            break;              /* Unicorn aborted in one: nothing to compare */
        cpu_get_lazy_state(l->m[0].cpu, &ref);
        if (ref.eip > 0xFFFF || may_run_through_wrap(&ref))
            break; /* (see above; a jump to FFFF:FFFF faults in Unicorn alone on the
                    * fetch past the HMA, the interpreter hands it over a step later) */
        if (c->trace) {
            struct cpu_lazy_state a;
            cpu_get_lazy_state(l->m[0].cpu, &a);
            fprintf(stderr, "  step %u: stop %d, %04X:%X blocks +%llu %s\n", step, st[0], a.sel[1],
                    a.eip, (unsigned long long)(cpu_blocks(l->m[0].cpu) - l->m[0].blocks0),
                    st[0] == CPU_STOP_FAULT ? cpu_fault(l->m[0].cpu) : "");
            struct cpu_lazy_state b;
            cpu_get_lazy_state(l->m[1].cpu, &b);
            fprintf(stderr, "    eax %08X/%08X ebx %08X/%08X ecx %08X edx %08X esp %08X/%08X "
                            "ebp %08X esi %08X edi %08X ss %04X fl %X/%X cc %u/%u %X,%X/%X,%X next:",
                    a.r[0], b.r[0], a.r[3], b.r[3], a.r[1], a.r[2], a.r[4], b.r[4], a.r[5], a.r[6],
                    a.r[7], a.sel[2], a.eflags, b.eflags, a.cc_op, b.cc_op, a.cc_dst, a.cc_src,
                    b.cc_dst, b.cc_src);
            /* (the bytes behind the map: a device read would count) */
            const uint8_t *ram = mem_host_conv(l->m[0].mem);
            for (unsigned i = 0; i < 24; i++)
                fprintf(stderr, " %02X", ram[(a.base[1] + a.eip + i) % MEM_TOTAL_BYTES]);
            fprintf(stderr, "\n");
            if (st[1] == CPU_STOP_FAULT)
                fprintf(stderr, "    interp: %s\n", cpu_fault(l->m[1].cpu));
        }
        for (unsigned k = 1; k < NMACH; k++) {
            int n = snprintf(why, cap, "step %u, unicorn/%s:", step, k_names[k]);
            int m = compare(l, k, st[0], st[k], c->how == LS_BLOCK, why, cap, n);
            if (c->memory_each_step)
                m = diff_memory(&l->m[0], &l->m[k], why, cap, m);
            if (m > n)
                return unjudged(l, why);
        }
        if (st[0] == CPU_STOP_FAULT) {
            l->faults++;
            l->faulted = true;
            break;
        }
        if (left_real_mode(l))
            break;              /* compared up to here; the machines are rebuilt */
    }
    for (unsigned k = 1; k < NMACH && !broken(l) && !l->reference_only; k++) {
        int n = snprintf(why, cap, "end of case, unicorn/%s:", k_names[k]);
        if (diff_memory(&l->m[0], &l->m[k], why, cap, n) > n)
            return unjudged(l, why);
    }
    why[0] = 0;
    return true;
}
