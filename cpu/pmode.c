/* Protected mode on Unicorn 2.0.1 (docs/dpmi.md, "The CPU side"): mode
 * switches through a two-instruction stub, the whole register file, and
 * the exception fields that exist only in Unicorn's saved context. */
#include <stdio.h>
#include <string.h>

#include "base/common.h"
#include "base/log.h"
#include "cpu/cpu_impl.h"
#include "cpu/tier.h"

#define OP_MOV_CR0_EAX 0x0F, 0x22, 0xC0
#define OP_MOV_CR0_EDI 0x0F, 0x22, 0xC7
#define OP_INT 0xCD
#define OP_HLT 0xF4
#define STUB_END (CPU_STUB_OFF + 5u) /* EIP after MOV CR0,EAX; INT n */
#define STUB_LIN ((uint32_t)CPU_STUB_SEG * 16u + CPU_STUB_OFF)
#define SEL_RPL_MASK 0x3u
#define SEL_TI 0x4u
#define DESC_BYTES 8u
#define VEC_GP 0x0D
#define VEC_UD 0x06
#define EXC_VECTORS 0x20u /* vectors 0-1Fh may be exceptions */
#define EXC_NONE (-1)     /* QEMU's "no exception in flight" */

/* The probe, in the ROM after the stub: real mode, into protected mode
 * (CPL 0), two #GPs with known error codes (selectors past a 16-byte GDT),
 * a software INT 0Dh, back to real mode, HLT. It runs between slices the
 * first time a program asks for DPMI, in a saved and restored context. */
#define PROBE_OFF (CPU_STUB_OFF + CPU_STUB_BYTES)
#define PROBE_GDT_LIMIT 0x0Fu
#define PROBE_SEL_A 0x1230u
#define PROBE_SEL_B 0x2340u
#define PROBE_OFF_GP_A (PROBE_OFF + 6u) /* the faulting MOVs */
#define PROBE_OFF_GP_B (PROBE_OFF + 8u)
#define PROBE_OFF_INT (PROBE_OFF + 12u) /* EIP after the INT 0Dh */
/* The block hook bounds the probe. (Not uc_emu_start's count: in Unicorn
 * 2.0.1 a run with a count followed by one without touches the whole
 * 1 GiB translation buffer.) */
#define PROBE_MAX_BLOCKS 16u
#define OP_MOV_DS_BX 0x8E, 0xDB
#define OP_MOV_ES_CX 0x8E, 0xC1
static const uint8_t k_probe[] = {
    OP_MOV_CR0_EAX,         /* EAX = ET: the translator's real mode */
    OP_MOV_CR0_EDI,         /* EDI = ET | PE: protected mode, CPL 0 */
    OP_MOV_DS_BX,           /* #GP(PROBE_SEL_A) */
    OP_MOV_ES_CX,           /* #GP(PROBE_SEL_B) */
    OP_INT,         VEC_GP, /* the same vector, from software */
    OP_MOV_CR0_EAX,         /* real mode again */
    OP_HLT,
};

_Static_assert(CPU_STUB_BYTES + sizeof k_probe <= CPU_ROM_CODE_BYTES, "ROM code window");

/* MOV CR0,EAX; INT CPU_STUB_VEC; then a HLT for the first switch. */
static const uint8_t k_stub[CPU_STUB_BYTES] = {OP_MOV_CR0_EAX, OP_INT, CPU_STUB_VEC, OP_HLT};
#define STUB_HLT (CPU_STUB_OFF + 5u)

/* Unicorn register ids in struct cpu_state field order. */
static int k_state_ids[] = {
    UC_X86_REG_EAX, UC_X86_REG_EBX,    UC_X86_REG_ECX, UC_X86_REG_EDX,
    UC_X86_REG_ESI, UC_X86_REG_EDI,    UC_X86_REG_EBP, UC_X86_REG_ESP,
    UC_X86_REG_EIP, UC_X86_REG_EFLAGS, UC_X86_REG_CS,  UC_X86_REG_DS,
    UC_X86_REG_ES,  UC_X86_REG_SS,     UC_X86_REG_FS,  UC_X86_REG_GS,
};
#define STATE_GPRS 10 /* the 32-bit ones come first */
#define STATE_NREGS ARRAY_LEN(k_state_ids)

static void put32(struct cpu *c, int id, uint32_t v)
{
    cpu_check(uc_reg_write(c->uc, id, &v), "write register");
}

static void put16(struct cpu *c, int id, uint16_t v)
{
    cpu_check(uc_reg_write(c->uc, id, &v), "write register");
}

static uint32_t get32(struct cpu *c, int id)
{
    uint32_t v = 0;
    cpu_check(uc_reg_read(c->uc, id, &v), "read register");
    return v;
}

uint32_t cpu_cr0(struct cpu *c)
{
    return get32(c, UC_X86_REG_CR0);
}

bool cpu_pm(struct cpu *c)
{
    return cpu_cr0(c) & CPU_CR0_PE;
}

bool cpu_pm_ready(struct cpu *c, const char **why)
{
    if (!c->probed) {
        c->probe_wanted = true;
        *why = NULL;
        return false;
    }
    *why = c->pm_why;
    return !c->pm_why;
}

void cpu_get_state(struct cpu *c, struct cpu_state *s)
{
    cpu_take_state(c);
    uint32_t g[STATE_GPRS];
    uint16_t seg[STATE_NREGS - STATE_GPRS];
    void *vals[STATE_NREGS];
    for (size_t i = 0; i < STATE_NREGS; i++)
        vals[i] = i < STATE_GPRS ? (void *)&g[i] : (void *)&seg[i - STATE_GPRS];
    cpu_check(uc_reg_read_batch(c->uc, k_state_ids, vals, (int)STATE_NREGS), "read registers");
    *s = (struct cpu_state){g[0], g[1], g[2],   g[3],   g[4],   g[5],   g[6],   g[7],
                            g[8], g[9], seg[0], seg[1], seg[2], seg[3], seg[4], seg[5]};
}

static void put_gprs(struct cpu *c, const struct cpu_state *s)
{
    uint32_t g[STATE_GPRS] = {s->eax, s->ebx, s->ecx, s->edx, s->esi,
                              s->edi, s->ebp, s->esp, s->eip, s->eflags};
    void *vals[STATE_GPRS];
    for (size_t i = 0; i < STATE_GPRS; i++)
        vals[i] = &g[i];
    cpu_check(uc_reg_write_batch(c->uc, k_state_ids, vals, STATE_GPRS), "write registers");
}

/* Selector loads in protected mode go through the tables with the CPU's
 * checks (Unicorn refuses a bad one with UC_ERR_EXCEPTION). */
static bool load_seg(struct cpu *c, int id, uint16_t sel, bool data)
{
    if (uc_reg_write(c->uc, id, &sel) == UC_ERR_OK)
        return true;
    if (data)
        put16(c, id, 0);
    return false;
}

bool cpu_set_state(struct cpu *c, const struct cpu_state *s)
{
    cpu_take_state(c);
    c->in_callback = true;
    bool ok = load_seg(c, UC_X86_REG_SS, s->ss, false);
    ok &= load_seg(c, UC_X86_REG_CS, s->cs, false);
    ok &= load_seg(c, UC_X86_REG_DS, s->ds, true);
    ok &= load_seg(c, UC_X86_REG_ES, s->es, true);
    ok &= load_seg(c, UC_X86_REG_FS, s->fs, true);
    ok &= load_seg(c, UC_X86_REG_GS, s->gs, true);
    put_gprs(c, s);
    return ok;
}

/* The stub and probe live in guest-writable memory (F000:1F00): a program
 * that wrote over them would break the next switch or the probe, which
 * then fails in a way that depends on the bytes. Written again before each
 * use (mem_write costs a compare when they are intact). */
static void install_stub(struct cpu *c)
{
    mem_write(c->mem, STUB_LIN, k_stub, sizeof k_stub);
}

static void install_probe(struct cpu *c)
{
    mem_write(c->mem, STUB_LIN + CPU_STUB_BYTES, k_probe, sizeof k_probe);
}

/* CR0.PE clear in the register file (selector loads real-mode style) and
 * CPL 0 (an SS loaded that way). */
static void to_real_cpl0(struct cpu *c)
{
    put32(c, UC_X86_REG_CR0, get32(c, UC_X86_REG_CR0) & ~CPU_CR0_PE);
    put32(c, UC_X86_REG_EFLAGS, CPU_EFLAGS_FIXED);
    put16(c, UC_X86_REG_SS, 0);
}

/* The stub runs with CR0.PE clear in the register file (so these loads are
 * real-mode style), SS giving CPL 0 and CS its real-mode segment; its MOV
 * CR0 then sets the translator's mode too. */
void cpu_switch(struct cpu *c, bool pm, const struct cpu_state *s)
{
    cpu_take_state(c);
    install_stub(c);
    uint32_t cr0 = get32(c, UC_X86_REG_CR0) & ~CPU_CR0_PE;
    if (pm)
        cpu_map_high(c);
    c->sw.pending = true;
    c->sw.pm = pm;
    c->sw.to = *s;
    c->in_callback = true;
    to_real_cpl0(c);
    put32(c, UC_X86_REG_EAX, pm ? cr0 | CPU_CR0_PE : cr0);
    put16(c, UC_X86_REG_CS, CPU_STUB_SEG);
    put32(c, UC_X86_REG_EIP, CPU_STUB_OFF);
}

/* CPL comes from SS's descriptor; a load with EFLAGS.VM set is done
 * virtual-8086 style at DPL 3, which gives CPL 3 without a ring-0 SS. */
static void finish_pm(struct cpu *c, const struct cpu_state *s)
{
    put32(c, UC_X86_REG_EFLAGS, CPU_EFLAGS_VM | CPU_EFLAGS_FIXED);
    put16(c, UC_X86_REG_SS, 0);
    put32(c, UC_X86_REG_EFLAGS, s->eflags & ~CPU_EFLAGS_VM);
    if (cpu_set_state(c, s))
        return;
    uint16_t cs = 0, ss = 0;
    uc_reg_read(c->uc, UC_X86_REG_CS, &cs);
    uc_reg_read(c->uc, UC_X86_REG_SS, &ss);
    LOG(LOG_CPU, "mode switch: a selector of %04X:%08X could not be loaded", s->cs, s->eip);
    if (cs == s->cs && ss == s->ss)
        return; /* a data segment: it is null now */
    char why[120];
    snprintf(why, sizeof why,
             "protected mode could not be entered at %04X:%08X with stack %04X:%08X "
             "(not a valid code or stack segment)",
             s->cs, s->eip, s->ss, s->esp);
    cpu_stop_fault(c, why);
}

bool cpu_pm_stub_done(struct cpu *c, unsigned intno)
{
    uint16_t cs;
    uc_reg_read(c->uc, UC_X86_REG_CS, &cs);
    if (intno != CPU_STUB_VEC || cs != CPU_STUB_SEG || get32(c, UC_X86_REG_EIP) != STUB_END)
        return false;
    c->sw.pending = false;
    if (c->sw.pm) {
        finish_pm(c, &c->sw.to);
    } else {
        cpu_set_state(c, &c->sw.to);
    }
    return true;
}

void cpu_set_tables(struct cpu *c, uint32_t gdt_base, uint16_t gdt_limit, uint16_t ldt_sel,
                    uint32_t ldt_base, uint32_t ldt_limit)
{
    enum { LDT_PRESENT_TYPE = 0x82 };
    uc_x86_mmr gdtr = {0, gdt_base, gdt_limit, 0};
    uc_x86_mmr ldtr = {ldt_sel, ldt_base, ldt_limit, LDT_PRESENT_TYPE};
    cpu_check(uc_reg_write(c->uc, UC_X86_REG_GDTR, &gdtr), "write GDTR");
    cpu_check(uc_reg_write(c->uc, UC_X86_REG_LDTR, &ldtr), "write LDTR");
    c->strop.gdt_base = gdt_base;
    c->strop.gdt_limit = gdt_limit;
    if (c->tier)
        tier_host_gdt(c->tier);
}

bool cpu_seg_base(struct cpu *c, uint16_t sel, uint32_t *base)
{
    cpu_take_state(c);
    if (!cpu_pm(c)) {
        *base = (uint32_t)sel << 4;
        return true;
    }
    uc_x86_mmr t = {0};
    cpu_check(uc_reg_read(c->uc, sel & SEL_TI ? UC_X86_REG_LDTR : UC_X86_REG_GDTR, &t),
              "read descriptor table");
    uint32_t idx = sel & ~(SEL_TI | SEL_RPL_MASK);
    if (idx + DESC_BYTES - 1 > t.limit)
        return false;
    uint32_t lo = mem_rd32(c->mem, (uint32_t)t.base + idx);
    uint32_t hi = mem_rd32(c->mem, (uint32_t)t.base + idx + 4);
    *base = (lo >> 16) | (hi & 0xFFu) << 16 | (hi & 0xFF000000u);
    return true;
}

uint32_t cpu_code_lin(struct cpu *c)
{
    cpu_take_state(c);
    uint16_t cs;
    uint32_t base = 0, eip = get32(c, UC_X86_REG_EIP);
    uc_reg_read(c->uc, UC_X86_REG_CS, &cs);
    if (!cpu_pm(c))
        return mem_lin(c->mem, cs, (uint16_t)eip);
    cpu_seg_base(c, cs, &base);
    return base + eip;
}

/* ---- exception fields ---- */

static int32_t slot(const uc_context *ctx, long off)
{
    int32_t v;
    memcpy(&v, (const uint8_t *)ctx + off, sizeof v);
    return v;
}

/* Reset QEMU's old_exception in the live state: left set, the next
 * contributory exception would arrive as a double fault. */
static void reset_in_flight(struct cpu *c, uc_context *ctx)
{
    int32_t none = EXC_NONE;
    if (c->exc_slot < 0 || slot(ctx, c->exc_slot) == EXC_NONE)
        return;
    memcpy((uint8_t *)ctx + c->exc_slot, &none, sizeof none);
    cpu_check(uc_context_restore(c->uc, ctx), "restore context");
}

void cpu_clear_exception(struct cpu *c)
{
    if (c->exc_slot == CPU_EXC_FIELD_FAILED)
        return;
    if (c->exc_slot == CPU_EXC_FIELD_UNKNOWN) {
        /* Not probed yet: probe before the next instruction, then clear. */
        c->probe_wanted = true;
        c->clear_wanted = true;
        c->yield = true;
        return;
    }
    cpu_check(uc_context_save(c->uc, c->scratch), "save context");
    reset_in_flight(c, c->scratch);
}

/* The one int32 slot where pred holds over the contexts, or FAILED. */
static long find_slot(struct cpu *c, const int32_t *want, const uc_context *const *ctx, int n)
{
    size_t size = uc_context_size(c->uc);
    long found = CPU_EXC_FIELD_FAILED;
    int hits = 0;
    for (size_t off = 0; off + sizeof(int32_t) <= size; off += sizeof(int32_t)) {
        int k = 0;
        while (k < n && slot(ctx[k], (long)off) == want[k])
            k++;
        if (k == n) {
            found = (long)off;
            hits++;
        }
    }
    return hits == 1 ? found : CPU_EXC_FIELD_FAILED;
}

static void skip_insn(struct cpu *c, unsigned bytes)
{
    put32(c, UC_X86_REG_EIP, get32(c, UC_X86_REG_EIP) + bytes);
}

/* The probe's INTs, in order: #GP(A), #GP(B), INT 0Dh. Contexts A and B
 * are kept; the third is the scratch one. */
void cpu_pm_probe_intr(struct cpu *c, unsigned intno)
{
    uint32_t off = get32(c, UC_X86_REG_EIP);
    int k = c->probing++;
    bool expected = intno == VEC_GP && off == (k == 0   ? PROBE_OFF_GP_A
                                               : k == 1 ? PROBE_OFF_GP_B
                                                        : PROBE_OFF_INT);
    if (!expected || k > 2) {
        c->pm_why = "the CPU engine's exceptions did not arrive as expected";
        uc_emu_stop(c->uc);
        return;
    }
    uc_context *ctx = k < 2 ? c->probe_ctx[k] : c->scratch;
    cpu_check(uc_context_save(c->uc, ctx), "save context");
    if (k == 0) {
        const int32_t want[] = {EXC_NONE, VEC_GP};
        const uc_context *ctxs[] = {c->clean, ctx};
        c->exc_slot = find_slot(c, want, ctxs, 2);
    }
    if (k == 1) {
        const int32_t want[] = {PROBE_SEL_A, PROBE_SEL_B};
        const uc_context *ctxs[] = {c->probe_ctx[0], ctx};
        c->err_slot = find_slot(c, want, ctxs, 2);
    }
    reset_in_flight(c, ctx);
    if (k < 2)
        skip_insn(c, 2); /* past the MOV Sreg */
}

/* exception_is_int follows error_code in QEMU's CPU state: 0 for the two
 * #GPs, 1 for the software INT 0Dh. */
static bool probe_fields_ok(struct cpu *c)
{
    if (c->exc_slot < 0 || c->err_slot < 0)
        return false;
    long is_int = c->err_slot + (long)sizeof(int32_t);
    return slot(c->probe_ctx[0], is_int) == 0 && slot(c->probe_ctx[1], is_int) == 0 &&
           slot(c->scratch, is_int) == 1;
}

/* Between slices: the guest's whole state is saved around the probe and
 * put back, its block count too (virtual time does not see it). */
void cpu_pm_probe(struct cpu *c)
{
    uc_context *saved;
    uint64_t blocks = c->blocks, slice_end = c->slice_end;
    uc_x86_mmr probe_gdtr = {0, 0, PROBE_GDT_LIMIT, 0};
    c->probe_wanted = false;
    c->probed = true;
    install_probe(c);
    cpu_check(uc_context_alloc(c->uc, &saved), "allocate context");
    cpu_check(uc_context_save(c->uc, saved), "save context");
    cpu_check(uc_context_alloc(c->uc, &c->probe_ctx[0]), "allocate context");
    cpu_check(uc_context_alloc(c->uc, &c->probe_ctx[1]), "allocate context");
    /* From the state at creation: no exception in flight (after a divide
     * error the probe's first #GP would come as a double fault). */
    cpu_check(uc_context_restore(c->uc, c->clean), "restore context");
    cpu_check(uc_reg_write(c->uc, UC_X86_REG_GDTR, &probe_gdtr), "write GDTR");
    to_real_cpl0(c);
    put32(c, UC_X86_REG_EAX, CPU_CR0_ET);
    put32(c, UC_X86_REG_EDI, CPU_CR0_ET | CPU_CR0_PE);
    put32(c, UC_X86_REG_EBX, PROBE_SEL_A);
    put32(c, UC_X86_REG_ECX, PROBE_SEL_B);
    put16(c, UC_X86_REG_CS, CPU_STUB_SEG);
    c->probing = 0;
    cpu_set_slice_end(c, c->blocks + PROBE_MAX_BLOCKS);
    uc_err err = uc_emu_start(c->uc, PROBE_OFF, 1ull << 40, 0, 0);
    if (!c->pm_why && (err != UC_ERR_OK || c->probing != 3 || !probe_fields_ok(c)))
        c->pm_why = "the CPU engine's error-code fields were not found";
    if (c->pm_why && c->exc_slot == CPU_EXC_FIELD_UNKNOWN)
        c->exc_slot = CPU_EXC_FIELD_FAILED; /* not asked for again at each divide error */
    c->probing = -1;
    uc_context_free(c->probe_ctx[0]);
    uc_context_free(c->probe_ctx[1]);
    if (c->clear_wanted && c->exc_slot >= 0)
        reset_in_flight(c, saved);
    c->clear_wanted = false;
    cpu_check(uc_context_restore(c->uc, saved), "restore context");
    uc_context_free(saved);
    c->blocks = blocks;
    cpu_set_slice_end(c, slice_end);
    if (c->pm_why)
        LOG(LOG_CPU, "protected mode unavailable: %s", c->pm_why);
    else
        LOG(LOG_CPU, "exception fields at context offsets %ld (in flight), %ld (error code)",
            c->exc_slot, c->err_slot);
}

/* uc_open left the engine in flat 32-bit protected mode. Register writes
 * with CR0.PE clear load real-mode segments (CS and SS also clear the
 * 32-bit flags), and the stub's MOV CR0 leaves protected mode for the
 * translator too; its INT completes the switch to a HLT after it. */
void cpu_pm_init(struct cpu *c)
{
    c->probing = -1;
    install_probe(c);
    struct cpu_state at_hlt = {.eip = STUB_HLT, .eflags = CPU_EFLAGS_FIXED, .cs = CPU_STUB_SEG};
    cpu_switch(c, false, &at_hlt);
    cpu_set_slice_end(c, c->blocks + PROBE_MAX_BLOCKS);
    cpu_check(uc_emu_start(c->uc, CPU_STUB_OFF, 1ull << 40, 0, 0), "enter real mode");
    c->blocks = 0;
    if (cpu_pm(c) || c->sw.pending)
        die("CPU engine: cannot enter real mode");
    struct cpu_state zero = {.eflags = CPU_EFLAGS_FIXED};
    cpu_set_state(c, &zero);
}

/* ---- events in protected mode ---- */

void cpu_pm_intr(struct cpu *c, unsigned intno)
{
    struct cpu_pm_event ev = {.kind = CPU_PM_INT, .vec = intno};
    if (intno < EXC_VECTORS && c->err_slot >= 0) {
        cpu_check(uc_context_save(c->uc, c->scratch), "save context");
        if (slot(c->scratch, c->err_slot + (long)sizeof(int32_t)) == 0) {
            ev.kind = CPU_PM_EXCEPTION;
            ev.error = (uint32_t)slot(c->scratch, c->err_slot);
        }
        reset_in_flight(c, c->scratch);
    }
    if (!c->cb.pm) {
        cpu_describe_fault(c, "protected mode without a handler");
        return;
    }
    c->in_callback = true;
    c->cb.pm(c->cb.ctx, &ev);
}

bool cpu_pm_invalid(struct cpu *c)
{
    struct cpu_pm_event ev = {.kind = CPU_PM_EXCEPTION, .vec = VEC_UD};
    if (!c->cb.pm) {
        cpu_describe_fault(c, "invalid opcode");
        return false;
    }
    c->in_callback = true;
    c->cb.pm(c->cb.ctx, &ev);
    return !c->faulted;
}
