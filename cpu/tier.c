/* Tiered execution (docs/tiers.md): the run loop that runs blocks in the
 * interpreter and hands hot or unsupported code to Unicorn, the block-hook
 * side of the switch back, and the register view callbacks get. */
#include "cpu/tier.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/common.h"
#include "base/log.h"
#include "cpu/interp.h"
#include "cpu/tier_blocks.h"
#include "cpu/ucstate.h"

/* A block run this many times in the interpreter is hot. 1,024 made MS C's
 * three-file build translate code it then ran too little (CPU 273 ms
 * against 230 ms at 4,096 and 229 ms at 16,384; CL HELLO.C 71/64/62 ms;
 * LOOP.COM and the graphics loops the same): docs/tiers.md. */
#define TIER_HOT_COUNT 4096u
/* A Unicorn stay shorter than this many blocks is short; after this many
 * short stays from one entry, Unicorn is not entered there again. */
#define TIER_SHORT_STAY 64u
#define TIER_SHORT_STAYS_MAX 8u
#define NO_ADDR (~0ull)
#define CR0_PE 0x1u
#define CR0_PG 0x80000000u

/* LOOP_TRANSLATE: a callback's stop that Unicorn takes only at the next
 * block, after translating it (see run_block). */
enum loop_end { LOOP_STOP, LOOP_JIT, LOOP_FAULT, LOOP_FETCH_FAULT, LOOP_TRANSLATE };

struct tier {
    struct tier_watch w; /* first: what the block hook reads */
    struct tier_host h;
    enum cpu_tier mode;
    struct ix *x;
    struct ucs *ucs; /* NULL: no interpreter with this Unicorn */
    struct tb_table *tbt;
    bool owns;               /* the interpreter holds the registers */
    bool switched;           /* the hook stopped Unicorn for the interpreter */
    bool smc_single;         /* the next block is one instruction (QEMU's cflags_next_tb) */
    bool restore_cc;         /* the hook puts the lazy flags back (after exec_enter) */
    bool raised;             /* the block delivered an interrupt */
    bool quit;               /* ... and its callback wrote EIP (Unicorn's quit request) */
    bool off;                /* this slice: Unicorn only (protected mode, a new GDT) */
    uint64_t no_switch_addr; /* the hook does not stop here once (the interpreter refused it) */
    uint32_t jit_entry;      /* where Unicorn was last entered */
    uint64_t jit_blocks0;
    uint64_t gdt_base;
    uint32_t gdt_limit;
    struct ix_block *scratch;
    uint8_t scratch_bytes[IX_BLOCK_MAX_BYTES];
    char fetch_fault[80];
    uint64_t rng; /* CPU_TIER_SWITCHY's choices */
    /* Decoded blocks are compared with memory again only after something
     * may have written code: Unicorn ran, the host or the interpreter wrote
     * bytes marked as code, the memory map changed. */
    uint32_t code_epoch;
    struct tb_entry *prev; /* the block that ran last (successor cache) */
    struct {
        uint64_t interp_blocks, jit_entries, hot_entries, switches_back, decodes, unsupported,
            smc, short_entries;
    } st;
};

static void to_unicorn(struct tier *t);
static void from_unicorn(struct tier *t);

/* ---- callbacks from the interpreter ---- */

/* struct cpu_regs field i and the x86 register behind it. */
static const uint8_t k_gpr_of_field[8] = {IX_EAX, IX_EBX, IX_ECX, IX_EDX,
                                          IX_ESI, IX_EDI, IX_EBP, IX_ESP};
static const uint8_t k_seg_of_field[6] = {IX_CS, IX_DS, IX_ES, IX_SS, IX_FS, IX_GS};
#define FIELD_IP 8
#define FIELD_SEG0 9
#define FIELD_FLAGS 15

static void regs_from(const struct ix_state *s, struct cpu_regs *r)
{
    uint16_t *f = (uint16_t *)r;
    for (unsigned i = 0; i < 8; i++)
        f[i] = (uint16_t)s->r[k_gpr_of_field[i]];
    f[FIELD_IP] = (uint16_t)s->eip;
    for (unsigned i = 0; i < 6; i++)
        f[FIELD_SEG0 + i] = s->sel[k_seg_of_field[i]];
    f[FIELD_FLAGS] = (uint16_t)ix_flags(s);
}

/* Changed fields go back the way Unicorn writes them (cpu.c's
 * regs_write_changed): 16-bit halves, IP clears EIP's top, FLAGS reloads
 * the flags from 16 bits (cpu_load_eflags), a segment gets base = sel * 16. */
static void regs_to(struct ix_state *s, const struct cpu_regs *old, const struct cpu_regs *r)
{
    const uint16_t *o = (const uint16_t *)old, *n = (const uint16_t *)r;
    for (unsigned i = 0; i < 8; i++)
        if (o[i] != n[i])
            s->r[k_gpr_of_field[i]] = (s->r[k_gpr_of_field[i]] & 0xFFFF0000u) | n[i];
    if (o[FIELD_IP] != n[FIELD_IP])
        s->eip = n[FIELD_IP];
    for (unsigned i = 0; i < 6; i++) {
        if (o[FIELD_SEG0 + i] != n[FIELD_SEG0 + i]) {
            s->sel[k_seg_of_field[i]] = n[FIELD_SEG0 + i];
            s->base[k_seg_of_field[i]] = (uint32_t)n[FIELD_SEG0 + i] << 4;
        }
    }
    if (o[FIELD_FLAGS] != n[FIELD_FLAGS])
        ix_set_flags(s, n[FIELD_FLAGS]);
}

static void on_intr(void *ctx, unsigned vec)
{
    struct tier *t = ctx;
    struct ix_state *s = ix_state(t->x);
    struct cpu_regs r, old;
    regs_from(s, &r);
    old = r;
    t->raised = true;
    bool took = t->h.deliver(t->h.cpu, vec, &r);
    if (t->owns && !took) {
        regs_to(s, &old, &r);
    } else {
        /* The callback went to Unicorn's state (cpu_get_state, cpu_switch):
         * what it changed is there; the interpreter takes it all back. */
        if (t->owns)
            to_unicorn(t);
        if (!took)
            t->h.write_regs(t->h.cpu, &old, &r);
        from_unicorn(t);
    }
    /* A hook that writes EIP makes Unicorn leave its execution loop and
     * enter it again (the write's quit request), which computes the flags
     * (x86_cpu_exec_enter): CC_OP_EFLAGS from here on, as in Unicorn. */
    if (took || r.ip != old.ip) {
        ix_collapse(s);
        t->quit = true;
    }
}

static void on_device_store(void *ctx, uint32_t lin, unsigned size)
{
    struct tier *t = ctx;
    t->h.device_store(t->h.cpu, lin, size);
}

/* The block hook marks every block Unicorn translates again once the okc
 * cache is emptied. */
static void watch_reset(struct tier *t)
{
    memset(t->w.okc, 0xFF, sizeof t->w.okc);
}

static void on_code_store(void *ctx, uint32_t lin, unsigned size)
{
    struct tier *t = ctx;
    uc_ctl_remove_cache(t->h.uc, lin, (uint64_t)lin + size);
    /* With A20 off the same bytes also appear at the other window. */
    if (!mem_a20(t->h.mem) && lin < MEM_TOTAL_BYTES) {
        uint32_t alias = lin < MEM_CONV_BYTES ? lin + MEM_CONV_BYTES : lin - MEM_CONV_BYTES;
        if (lin < MEM_HMA_BYTES || lin >= MEM_CONV_BYTES)
            uc_ctl_remove_cache(t->h.uc, alias, (uint64_t)alias + size);
    }
    ix_unmark_code(t->x, lin, size);
    watch_reset(t);
    t->code_epoch++;
}

/* ---- life ---- */

static void read_gdtr(struct tier *t)
{
    uc_x86_mmr gdtr = {0};
    uc_reg_read(t->h.uc, UC_X86_REG_GDTR, &gdtr);
    t->gdt_base = gdtr.base;
    t->gdt_limit = gdtr.limit;
}

struct tier *tier_new(const struct tier_host *host, enum cpu_tier mode)
{
    struct tier *t = xcalloc(1, sizeof *t);
    struct ix_ops ops = {on_intr, on_device_store, on_code_store, t};
    t->h = *host;
    t->x = ix_new(host->mem, host->io, &ops);
    t->ucs = ucs_new(host->uc);
    t->tbt = tbt_new();
    t->scratch = xcalloc(1, IX_BLOCK_SCRATCH);
    t->no_switch_addr = NO_ADDR;
    read_gdtr(t);
    watch_reset(t);
    tier_set_mode(t, mode);
    return t;
}

void tier_free(struct tier *t)
{
    if (!t)
        return;
    ix_free(t->x);
    ucs_free(t->ucs);
    tbt_free(t->tbt);
    free(t->scratch);
    free(t);
}

void tier_set_mode(struct tier *t, enum cpu_tier mode)
{
    t->mode = t->ucs ? mode : CPU_TIER_JIT;
    watch_reset(t);
}

void tier_set_seed(struct tier *t, uint64_t seed)
{
    t->rng = seed | 1;
}

/* CPU_TIER_SWITCHY: a coin (xorshift64). */
static bool flip(struct tier *t)
{
    t->rng ^= t->rng << 13;
    t->rng ^= t->rng >> 7;
    t->rng ^= t->rng << 17;
    return t->rng & 1;
}

bool tier_get_state(struct tier *t, struct ix_state *s)
{
    if (!t->ucs)
        return false;
    ucs_load(t->ucs, s);
    return true;
}

struct tier_watch *tier_watch(struct tier *t)
{
    return t->mode == CPU_TIER_JIT ? NULL : &t->w;
}

void tier_log_stats(const struct tier *t)
{
    LOG(LOG_CPU,
        "tiers (%s): %llu blocks in all, %llu interpreted, Unicorn entered %llu times (%llu at "
        "hot blocks, "
        "%llu short stays), %llu switches back, %llu blocks decoded, %llu unsupported, "
        "%llu self-modifying stores, %llu table flushes",
        t->mode == CPU_TIER_AUTO     ? "auto"
        : t->mode == CPU_TIER_INTERP ? "interp"
        : t->mode == CPU_TIER_JIT    ? "jit"
                                     : "switchy",
        (unsigned long long)*t->h.blocks, (unsigned long long)t->st.interp_blocks,
        (unsigned long long)t->st.jit_entries, (unsigned long long)t->st.hot_entries,
        (unsigned long long)t->st.short_entries, (unsigned long long)t->st.switches_back,
        (unsigned long long)t->st.decodes, (unsigned long long)t->st.unsupported,
        (unsigned long long)t->st.smc, (unsigned long long)tbt_flushes(t->tbt));
}

/* ---- registers for callbacks ---- */

bool tier_owns_regs(const struct tier *t)
{
    return t && t->owns;
}

void tier_release(struct tier *t)
{
    to_unicorn(t);
}

uint32_t tier_reg32(struct tier *t, unsigned x86_reg)
{
    return ix_state(t->x)->r[x86_reg];
}

void tier_set_reg32(struct tier *t, unsigned x86_reg, uint32_t v)
{
    ix_state(t->x)->r[x86_reg] = v;
}

void tier_invalidate(struct tier *t, uint32_t lin, uint32_t len)
{
    if (ix_code_marked(t->x, lin, len)) {
        ix_unmark_code(t->x, lin, len);
        watch_reset(t);
        t->code_epoch++;
    }
}

void tier_map_changed(struct tier *t)
{
    t->code_epoch++;
}

void tier_host_gdt(struct tier *t)
{
    read_gdtr(t);
}

/* ---- the interpreter loop ---- */

/* Real mode without paging (QEMU lets MOV CR0 set PG with PE clear, and
 * every access then goes through page tables), with the GDT the CPU
 * started with (else a segment base may not be selector * 16: unreal mode,
 * DPMI), and no memory mapped past 1 MiB yet (the DPMI host's first switch
 * maps it: from then on Unicorn runs everything). */
static bool interp_allowed(struct tier *t)
{
    uint64_t cr0 = 0;
    uc_x86_mmr gdtr = {0};
    uc_reg_read(t->h.uc, UC_X86_REG_CR0, &cr0);
    uc_reg_read(t->h.uc, UC_X86_REG_GDTR, &gdtr);
    return !(cr0 & (CR0_PE | CR0_PG)) && gdtr.base == t->gdt_base &&
           gdtr.limit == t->gdt_limit && !*t->h.high_mapped;
}

/* The decoded block for lin, or NULL when Unicorn must run it. */
static struct ix_block *block_at(struct tier *t, uint32_t lin, uint32_t ip,
                                 struct tb_entry **out)
{
    struct tb_entry *e = tbt_next(t->tbt, t->prev, lin);
    *out = e;
    if (e->state == TB_UNSUPPORTED)
        return NULL;
    if (e->blk && (e->epoch == t->code_epoch || ix_block_valid(t->x, e->blk))) {
        /* Still the same code: marked again (a host write over it may have
         * cleared the marks, and the next one must bump the epoch). */
        if (e->epoch != t->code_epoch)
            ix_mark_code(t->x, lin, e->blk->nbytes);
        e->epoch = t->code_epoch;
        return e->blk;
    }
    t->st.decodes++;
    if (ix_decode(t->x, lin, ip, false, t->scratch, t->scratch_bytes) != IX_DECODE_OK) {
        t->st.unsupported++;
        e->state = TB_UNSUPPORTED;
        return NULL;
    }
    *out = e = tbt_store(t->tbt, lin, t->scratch);
    e->epoch = t->code_epoch;
    ix_mark_code(t->x, lin, e->blk->nbytes); /* stores into it bump the epoch */
    return e->blk;
}

/* A one-instruction block (interrupt shadow, rerun after SMC): not kept. */
static struct ix_block *single_at(struct tier *t, uint32_t lin, uint32_t ip)
{
    if (ix_decode(t->x, lin, ip, true, t->scratch, t->scratch_bytes) != IX_DECODE_OK)
        return NULL;
    return t->scratch;
}

/* Count the block about to run; true when the slice ends here instead (the
 * block is counted and not run, as with the engine's block hook). */
static bool count_block(struct tier *t)
{
    if (++*t->h.blocks >= *t->h.slice_end ||
        atomic_load_explicit(t->h.stop_request, memory_order_relaxed)) {
        *t->h.hook_stopped = true;
        return true;
    }
    return false;
}

/* A callback that asks the slice to end (cpu_yield) and writes EIP: in
 * Unicorn the write's quit request cancels the stop (cpu.c's hook_block
 * takes it at the next block, uncounted), so QEMU first translates the
 * next block, which faults when its code is not all RAM (a device's
 * memory: a fetch without execute permission; outside memory). Where the
 * interpreter decodes that block no fault is possible: the slice ends
 * here; else Unicorn translates it (LOOP_TRANSLATE). */
static bool next_decodes(struct tier *t)
{
    struct ix_state *s = ix_state(t->x);
    uint32_t lin = s->base[IX_CS] + s->eip;
    struct tb_entry *e;
    if (t->smc_single || s->inhibit)
        return single_at(t, lin, s->eip) != NULL;
    return block_at(t, lin, s->eip, &e) != NULL;
}

/* Run one block; LOOP_STOP/FAULT/TRANSLATE end the slice, -1 goes on. */
static int run_block(struct tier *t, const struct ix_block *b, bool shadow, bool single)
{
    struct ix_state *s = ix_state(t->x);
    unsigned flags = (shadow ? IX_EXEC_SHADOW : 0) | (single ? IX_EXEC_NO_SMC : 0);
    uint32_t eip0 = s->eip;
    t->raised = false;
    t->quit = false;
    t->st.interp_blocks++;
    /* QEMU clears the interrupt shadow where a block ends normally (gen_eob)
     * and in HLT; a block left by an exception or a restart keeps it. */
    switch (ix_exec(t->x, b, flags)) {
    case IX_EXIT_SMC:
        t->st.smc++;
        t->smc_single = true;
        return -1;
    case IX_EXIT_HALT:
        s->inhibit = false;
        return LOOP_STOP;
    case IX_EXIT_FAULT:
        /* Unicorn reports a bad access at the EIP its state holds: the
         * block's start, or the last INTO (QEMU stores EIP only where an
         * instruction calls a helper that may raise): the crash message
         * names the same CS:IP. */
        s->eip = ix_synced_eip(t->x);
        return LOOP_FAULT;
    default:
        break;
    }
    /* In a shadow block QEMU emits the clearing only on the first of a
     * REP instruction's exits (gen_reset_hflag also clears the translator's
     * copy): a REP that goes on (EIP stays) keeps the shadow. */
    if (!t->raised && !(shadow && b->end == IX_END_REP && s->eip == eip0))
        s->inhibit = b->end == IX_END_SHADOW && !shadow;
    if (!t->raised || !*t->h.yield)
        return -1;
    return t->quit && !next_decodes(t) ? LOOP_TRANSLATE : LOOP_STOP;
}

/* Code fetched outside guest memory: the fault Unicorn's hook reports. */
static bool fetch_fault(struct tier *t, uint32_t lin)
{
    uint32_t phys, len;
    uint8_t *host;
    if (lin < MEM_TOTAL_BYTES || (mem_device(t->h.mem, &phys, &len, &host) && lin - phys < len))
        return false;
    snprintf(t->fetch_fault, sizeof t->fetch_fault,
             "fetch of 1 bytes at linear %08Xh outside guest memory", lin);
    return true;
}

static enum loop_end interp_loop(struct tier *t)
{
    struct ix_state *s = ix_state(t->x);
    for (;;) {
        if (s->eip > 0xFFFF && fetch_fault(t, s->base[IX_CS] + s->eip))
            return LOOP_FETCH_FAULT;
        /* TF; a CPL other than 0 changes HLT, CLI, STI, POPF (QEMU checks
         * it in real mode too); so does VM, which QEMU's translator takes
         * from EFLAGS even in real mode (a raw CC_SRC after INC/DEC can
         * set it through an engine start: ix_collapse) */
        if ((s->eflags & (IX_TF | IX_VM)) || s->cpl)
            return LOOP_JIT;
        uint32_t lin = s->base[IX_CS] + s->eip;
        bool single = t->smc_single, shadow = s->inhibit;
        struct tb_entry *e = NULL;
        const struct ix_block *b;
        if (single || shadow) {
            b = single_at(t, lin, s->eip);
            t->prev = NULL;
        } else {
            b = block_at(t, lin, s->eip, &e);
            t->prev = e;
            if (b && t->mode == CPU_TIER_AUTO && e->state == TB_COLD &&
                ++e->count >= TIER_HOT_COUNT)
                e->state = TB_HOT;
            if (b && t->mode == CPU_TIER_AUTO && e->state == TB_HOT) {
                t->st.hot_entries++;
                return LOOP_JIT;
            }
        }
        if (!b || (t->mode == CPU_TIER_SWITCHY && !single && !shadow && flip(t)))
            return LOOP_JIT;
        t->smc_single = false;
        if (count_block(t))
            return LOOP_STOP;
        int r = run_block(t, b, shadow, single);
        if (r >= 0)
            return (enum loop_end)r;
    }
}

/* ---- Unicorn runs, and the way back ---- */

static void to_unicorn(struct tier *t)
{
    ucs_store(t->ucs, ix_state(t->x));
    t->owns = false;
}

static void from_unicorn(struct tier *t)
{
    ucs_load(t->ucs, ix_state(t->x));
    t->owns = true;
}

static void note_stay(struct tier *t)
{
    uint64_t stay = *t->h.blocks - t->jit_blocks0;
    struct tb_entry *e = tbt_find(t->tbt, t->jit_entry);
    if (stay >= TIER_SHORT_STAY || !e || e->state != TB_HOT)
        return;
    if (++e->short_stays >= TIER_SHORT_STAYS_MAX) {
        e->state = TB_HOT_NO_ENTRY;
        t->st.short_entries++;
    }
}

/* Unicorn from the interpreter's block boundary; true when it came back
 * to the interpreter (else it ended the slice: *err). */
static bool run_unicorn(struct tier *t, uc_err *err)
{
    struct ix_state *s = ix_state(t->x);
    t->jit_entry = s->base[IX_CS] + s->eip;
    t->jit_blocks0 = *t->h.blocks;
    t->no_switch_addr = t->jit_entry; /* progress: Unicorn runs at least this block */
    to_unicorn(t);
    t->restore_cc = true;
    /* the entry block misses the cache: the hook puts the lazy flags back there */
    t->w.okc[(t->jit_entry >> 2) & (TIER_OKC_SIZE - 1)] = NO_ADDR;
    t->switched = false;
    t->st.jit_entries++;
    *err = t->h.run_engine(t->h.cpu);
    t->restore_cc = false;
    t->code_epoch++; /* Unicorn may have written code */
    t->prev = NULL;
    if (!t->switched || *err != UC_ERR_OK)
        return false;
    t->st.switches_back++;
    note_stay(t);
    from_unicorn(t);
    return true;
}

/* Unicorn translates the next block and stops at it, uncounted; a fault
 * in the translation is the slice's end (run_block, LOOP_TRANSLATE). */
static uc_err translate_next(struct tier *t)
{
    t->h.stop_next(t->h.cpu);
    to_unicorn(t);
    uc_err err = t->h.run_engine(t->h.cpu);
    t->code_epoch++;
    t->prev = NULL;
    return err;
}

uc_err tier_run(struct tier *t)
{
    t->off = t->mode == CPU_TIER_JIT || !interp_allowed(t);
    if (t->off)
        return t->h.run_engine(t->h.cpu);
    from_unicorn(t);
    t->code_epoch++; /* Unicorn may have run since */
    t->prev = NULL;
    /* What the engine's start does: flags computed (x86_cpu_exec_enter). */
    ix_collapse(ix_state(t->x));
    for (;;) {
        enum loop_end r = interp_loop(t);
        if (r == LOOP_TRANSLATE)
            return translate_next(t);
        if (r == LOOP_JIT) {
            uc_err err;
            if (run_unicorn(t, &err))
                continue;
            return err;
        }
        to_unicorn(t);
        if (r == LOOP_FAULT || r == LOOP_FETCH_FAULT) {
            t->h.fault(t->h.cpu, r == LOOP_FAULT ? ix_fault(t->x) : t->fetch_fault);
            return UC_ERR_EXCEPTION;
        }
        return UC_ERR_OK;
    }
}

/* ---- the block hook ---- */

static void okc_add(struct tier *t, uint64_t addr)
{
    if (t->mode != CPU_TIER_SWITCHY)
        t->w.okc[(addr >> 2) & (TIER_OKC_SIZE - 1)] = addr;
}

/* Would the interpreter run the block Unicorn is about to run, with the
 * same boundaries? */
static bool interp_takes(struct tier *t, uint32_t lin, uint32_t size)
{
    uint16_t cs = 0;
    uc_reg_read(t->h.uc, UC_X86_REG_CS, &cs);
    uint32_t ip = lin - ((uint32_t)cs << 4);
    struct tb_entry *e;
    const struct ix_block *b = block_at(t, lin, ip, &e);
    if (!b || e->state == TB_HOT || e->state == TB_HOT_NO_ENTRY) {
        okc_add(t, lin);
        return false;
    }
    return b->nbytes == size;
}

bool tier_hook(struct tier *t, uint64_t addr, uint32_t size)
{
    if (t->restore_cc) {
        ucs_store_cc(t->ucs, ix_state(t->x));
        t->restore_cc = false;
    }
    ix_mark_code(t->x, (uint32_t)addr, size);
    if (addr == t->no_switch_addr) {
        t->no_switch_addr = NO_ADDR;
        return false;
    }
    if (t->off || addr >= MEM_TOTAL_BYTES || !interp_takes(t, (uint32_t)addr, size))
        return false;
    if (t->mode == CPU_TIER_SWITCHY && flip(t))
        return false;
    if (!interp_allowed(t)) {
        t->off = true;
        return false;
    }
    t->switched = true;
    return true;
}

/* ---- single steps (cpu_step) ---- */

bool tier_step(struct tier *t, bool *faulted)
{
    *faulted = false;
    if (t->mode != CPU_TIER_INTERP || !interp_allowed(t))
        return false;
    from_unicorn(t);
    struct ix_state *s = ix_state(t->x);
    ix_collapse(s);
    const struct ix_block *b = NULL;
    if (!(s->eflags & (IX_TF | IX_VM)) && !s->cpl)
        b = single_at(t, s->base[IX_CS] + s->eip, s->eip);
    if (!b) {
        t->owns = false;
        return false;
    }
    bool shadow = s->inhibit;
    (*t->h.blocks)++;
    int r = run_block(t, b, shadow, true);
    to_unicorn(t);
    if (r == LOOP_FAULT) {
        t->h.fault(t->h.cpu, ix_fault(t->x));
        *faulted = true;
    }
    return true;
}
