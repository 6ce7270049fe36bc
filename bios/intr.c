/* Interrupt router: native service from ROM stubs, direct service when a
 * vector is not hooked, reflection into guest handlers otherwise. */
#include "bios/intr.h"

#include <stdio.h>
#include <stdlib.h>

#include "base/bytes.h"
#include "base/common.h"
#include "base/log.h"
#include "bios/rom.h"

#define OP_INT 0xCD
#define INT_INSN_BYTES 2
#define FRAME_FLAGS_OFF 4 /* IP, CS, FLAGS pushed: FLAGS at SP+4 */

struct intr_vec {
    intr_fn *fn;
    void *ctx;
    bool warned;
};

struct intr_cb {
    intr_fn *fn;
    void *ctx;
};

struct intr {
    struct mem *mem;
    struct cpu *cpu;
    struct intr_vec vec[256];
    struct intr_cb cb[ROM_MAX_CALLBACKS];
    unsigned ncb;
    bool idle;
    struct intr_pm_router pm;
    bool polled;   /* the service running now reported a poll */
    uint64_t busy; /* services done that were not polls */
    intr_hook_fn *before, *after;
    void *hook_ctx;
    bool via_back;            /* a retry_via handler has not come back yet */
    struct cpu_regs via_regs; /* the call it interrupted, as first made */
};

struct intr *intr_new(struct mem *m, struct cpu *cpu)
{
    struct intr *ir = xcalloc(1, sizeof *ir);
    ir->mem = m;
    ir->cpu = cpu;
    return ir;
}

void intr_free(struct intr *ir)
{
    free(ir);
}

void intr_set(struct intr *ir, unsigned vec, intr_fn *fn, void *ctx)
{
    ir->vec[vec & 0xFF] = (struct intr_vec){fn, ctx, false};
}

uint16_t intr_callback(struct intr *ir, intr_fn *fn, void *ctx, enum intr_epilogue ep)
{
    if (ir->ncb >= ROM_MAX_CALLBACKS)
        die("too many ROM callbacks");
    unsigned k = ir->ncb++;
    uint16_t off = (uint16_t)(ROM_CALLBACKS + k * ROM_CALLBACK_BYTES);
    uint8_t code[ROM_CALLBACK_BYTES] = {OP_INT, ROM_CALLBACK_VEC, (uint8_t)ep, 0x90};
    mem_write(ir->mem, ROM_LIN + off, code, sizeof code);
    ir->cb[k] = (struct intr_cb){fn, ctx};
    return off;
}

void intr_set_hooks(struct intr *ir, intr_hook_fn *before, intr_hook_fn *after, void *ctx)
{
    ir->before = before;
    ir->after = after;
    ir->hook_ctx = ctx;
}

/* A native function with the hooks around it. */
static void call_native(struct intr *ir, intr_fn *fn, void *ctx, struct intr_call *ic)
{
    if (ir->before)
        ir->before(ir->hook_ctx);
    fn(ctx, ic);
    if (ir->after)
        ir->after(ir->hook_ctx);
}

bool intr_vector_is_default(struct intr *ir, unsigned vec)
{
    uint32_t v = mem_rd32(ir->mem, vec * 4);
    return v == ((uint32_t)ROM_SEG << 16 | rom_stub_off(vec));
}

static void push16(struct intr *ir, struct cpu_regs *r, uint16_t v)
{
    r->sp = (uint16_t)(r->sp - 2);
    uint8_t b[2];
    put_le16(b, v);
    mem_write_far(ir->mem, r->ss, r->sp, b, 2);
}

void intr_reflect(struct intr *ir, struct cpu_regs *r, unsigned vec)
{
    push16(ir, r, r->flags);
    push16(ir, r, r->cs);
    push16(ir, r, r->ip);
    r->flags &= (uint16_t) ~(CPU_FLAG_IF | CPU_FLAG_TF);
    r->ip = mem_rd16(ir->mem, vec * 4);
    r->cs = mem_rd16(ir->mem, vec * 4 + 2);
    LOG(LOG_INT, "INT %02Xh reflected to %04X:%04X", vec, r->cs, r->ip);
}

static void no_handler(struct intr_vec *v, unsigned vec, const struct cpu_regs *r)
{
    if (!v->warned) {
        v->warned = true;
        log_quiet(LOG_INT, "INT %02Xh (AX=%04Xh) has no handler; returning unchanged", vec,
                  r->ax);
    }
}

/* intr_retry_via: the guest's handler of vec runs first and returns to
 * the INT at r's CS:IP (already moved back onto it); that INT then runs
 * with the registers the service left for its retry, whatever the
 * handler left, as DOS keeps its caller's on its own stack. */
static void via_call(struct intr *ir, struct cpu_regs *r, unsigned vec)
{
    ir->via_back = true;
    ir->via_regs = *r;
    ir->via_regs.ip = (uint16_t)(r->ip + INT_INSN_BYTES); /* as the INT reaches us */
    intr_reflect(ir, r, vec);
}

/* The INT a via_call handler returned to: its registers as first made. */
static void via_return(struct intr *ir, struct cpu_regs *r)
{
    const struct cpu_regs *s = &ir->via_regs;
    if (!ir->via_back || r->cs != s->cs || r->ip != s->ip || r->ss != s->ss || r->sp != s->sp)
        return;
    uint16_t flags = r->flags;
    ir->via_back = false;
    *r = *s;
    r->flags = flags;
}

/* Run a native service. framed: the call came through the ROM stub, so the
 * caller's FLAGS are on the stack and the stub's IRET will return. */
static void serve(struct intr *ir, unsigned vec, struct cpu_regs *r, bool framed)
{
    struct intr_vec *v = &ir->vec[vec];
    if (!v->fn) {
        no_handler(v, vec, r);
        return;
    }
    uint32_t flags_lin = mem_lin(ir->mem, r->ss, (uint16_t)(r->sp + FRAME_FLAGS_OFF));
    uint16_t live_flags = r->flags, cs = r->cs, ip = r->ip;
    struct intr_call ic = {
        .r = r, .mem = ir->mem, .cpu = ir->cpu, .vec = vec, .framed = framed};
    if (framed)
        r->flags = mem_rd16(ir->mem, flags_lin);
    ir->polled = false;
    bool was_idle = ir->idle;
    call_native(ir, v->fn, v->ctx, &ic);
    if (!ir->polled && !intr_is_irq_vector(vec))
        ir->busy++;
    /* A service that found nothing ends the slice here, in the stub: as the
     * BIOS and DOS handlers do STI, interrupts the caller allowed can come
     * in now (else a caller that reached the stub with IF clear, through a
     * chain of handlers or the DPMI host's reflection, never sees one). */
    if (framed && !was_idle && ir->idle && (r->flags & CPU_FLAG_IF))
        live_flags |= CPU_FLAG_IF;
    if (ic.retry || ic.again) {
        r->ip = (uint16_t)(ip - INT_INSN_BYTES);
        r->cs = cs;
        r->flags = framed ? live_flags : r->flags;
        if (ic.via) {
            via_call(ir, r, ic.via_vec);
        } else if (ic.retry) {
            r->flags |= CPU_FLAG_IF;
            ir->idle = true;
        }
        if (ir->cpu)
            cpu_yield(ir->cpu);
        return;
    }
    if (ic.yield && ir->cpu)
        cpu_yield(ir->cpu);
    if (!framed || r->cs != cs || r->ip != ip)
        return; /* direct call, or control moved elsewhere */
    mem_wr16(ir->mem, flags_lin, r->flags);
    r->flags = live_flags;
}

static void run_callback(struct intr *ir, unsigned k, struct cpu_regs *r)
{
    struct intr_call ic = {.r = r, .mem = ir->mem, .cpu = ir->cpu, .vec = ROM_CALLBACK_VEC};
    uint16_t ip = r->ip;
    call_native(ir, ir->cb[k].fn, ir->cb[k].ctx, &ic);
    if (ic.via) {
        r->ip = (uint16_t)(ip - INT_INSN_BYTES);
        via_call(ir, r, ic.via_vec);
    } else if (ic.retry) {
        r->ip = (uint16_t)(ip - INT_INSN_BYTES);
        r->flags |= CPU_FLAG_IF;
        ir->idle = true;
    }
    if ((ic.retry || ic.yield) && ir->cpu)
        cpu_yield(ir->cpu);
}

static bool is_int_insn(struct intr *ir, uint32_t lin, unsigned vec)
{
    return mem_rd8(ir->mem, lin) == OP_INT && mem_rd8(ir->mem, lin + 1) == vec;
}

void intr_dispatch(struct intr *ir, unsigned intno, struct cpu_regs *r)
{
    unsigned vec = intno & 0xFF;
    if (ir->via_back)
        via_return(ir, r);
    uint32_t at = mem_lin(ir->mem, r->cs, (uint16_t)(r->ip - INT_INSN_BYTES));
    uint32_t rom_off = at - ROM_LIN;
    if (at >= ROM_LIN && rom_off < 0x10000 && is_int_insn(ir, at, vec)) {
        if (vec == ROM_CALLBACK_VEC && rom_off >= ROM_CALLBACKS &&
            rom_off < ROM_CALLBACKS + ir->ncb * ROM_CALLBACK_BYTES &&
            rom_off % ROM_CALLBACK_BYTES == 0) {
            run_callback(ir, (rom_off - ROM_CALLBACKS) / ROM_CALLBACK_BYTES, r);
            return;
        }
        if (rom_off == rom_stub_off(vec)) {
            LOG(LOG_INT, "INT %02Xh native (stub) AX=%04X", vec, r->ax);
            serve(ir, vec, r, true);
            return;
        }
    }
    if (rom_vec_is_plain(vec) && intr_vector_is_default(ir, vec)) {
        LOG(LOG_INT, "INT %02Xh native AX=%04X", vec, r->ax);
        serve(ir, vec, r, false);
        return;
    }
    intr_reflect(ir, r, vec);
}

bool intr_invalid_opcode(struct intr *ir, struct cpu_regs *r)
{
    enum { VEC_INVALID_OPCODE = 6 };
    if (intr_vector_is_default(ir, VEC_INVALID_OPCODE))
        return false;
    intr_reflect(ir, r, VEC_INVALID_OPCODE);
    return true;
}

void intr_caller_regs(const struct intr_call *ic, struct cpu_regs *out)
{
    *out = *ic->r;
    if (!ic->framed)
        return;
    out->ip = mem_rd16(ic->mem, mem_lin(ic->mem, out->ss, out->sp));
    out->cs = mem_rd16(ic->mem, mem_lin(ic->mem, out->ss, (uint16_t)(out->sp + 2)));
    out->sp = (uint16_t)(out->sp + 6);
}

void intr_retry(struct intr_call *ic)
{
    ic->retry = true;
}

void intr_retry_via(struct intr_call *ic, uint8_t vec)
{
    ic->retry = true;
    ic->via = true;
    ic->via_vec = vec;
}

void intr_forget_via(struct intr *ir)
{
    ir->via_back = false;
}

void intr_again(struct intr_call *ic)
{
    ic->again = true;
}

void intr_idle(struct intr *ir)
{
    ir->idle = true;
    if (ir->cpu)
        cpu_yield(ir->cpu);
}

void intr_yield(struct intr_call *ic)
{
    ic->yield = true;
}

/* The hardware interrupt handlers, and INT 1Ch that the timer's calls:
 * they run whatever the program does. */
bool intr_is_irq_vector(unsigned vec)
{
    enum {
        IRQ0_VEC = 0x08,
        IRQ7_VEC = 0x0F,
        IRQ8_VEC = 0x70,
        IRQ15_VEC = 0x77,
        TICK_VEC = 0x1C
    };
    return (vec >= IRQ0_VEC && vec <= IRQ7_VEC) || (vec >= IRQ8_VEC && vec <= IRQ15_VEC) ||
           vec == TICK_VEC;
}

void intr_note_poll(struct intr *ir)
{
    ir->polled = true;
}

void intr_note_work(struct intr *ir)
{
    ir->busy++;
}

uint64_t intr_busy_services(const struct intr *ir)
{
    return ir->busy;
}

bool intr_take_idle(struct intr *ir)
{
    bool idle = ir->idle;
    ir->idle = false;
    return idle;
}

void intr_set_pm_router(struct intr *ir, const struct intr_pm_router *rt)
{
    ir->pm = rt ? *rt : (struct intr_pm_router){0};
}

void intr_pm_event(struct intr *ir, const struct cpu_pm_event *ev)
{
    if (ir->pm.event) {
        ir->pm.event(ir->pm.ctx, ev);
        return;
    }
    struct cpu_state s;
    char why[160];
    cpu_get_state(ir->cpu, &s);
    snprintf(why, sizeof why,
             "it switched to protected mode by itself (%s %02Xh at %04X:%08X); unidos runs "
             "protected-mode programs only through its DPMI host",
             ev->kind == CPU_PM_INT ? "INT" : "exception", ev->vec, s.cs, s.eip);
    cpu_stop_fault(ir->cpu, why);
}

void intr_hardware(struct intr *ir, unsigned vec)
{
    struct cpu_regs r;
    if (ir->pm.irq && ir->pm.irq(ir->pm.ctx, vec))
        return;
    cpu_get_regs(ir->cpu, &r);
    intr_reflect(ir, &r, vec);
    cpu_set_regs(ir->cpu, &r);
}
