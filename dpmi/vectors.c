/* Interrupt and exception vectors (0200h-0205h) and delivery in protected
 * mode: software interrupts to the client's handler or reflected to real
 * mode, exceptions to its 0203h handler with the DPMI frame on the locked
 * stack, hardware interrupts to its handler on the locked stack in either
 * mode (docs/dpmi.md, "Interrupts"). */
#include "dpmi/dpmi_impl.h"

#define EFL_TF 0x0100u
#define EFL_IF 0x0200u
#define EFL_NT 0x4000u
#define EFL_RF 0x10000u
#define EFL_VM 0x20000u
#define EFL_IOPL3 0x3000u
#define EFL_SETTABLE 0x0DD5u /* what a frame may change: status, TF, IF, DF */
#define IRQ_MASTER 0x08u
#define IRQ_SLAVE 0x70u
#define IRQ_LINES 8u
#define EXC_DIVIDE 0x00
#define EXC_DEFAULT_TO_INT 8u    /* exceptions 0-7 fall back to the INT vector */
#define LSTACK_FRAME_ROOM 0x200u /* below this on the locked stack: no more frames */

static uint16_t lo16(uint32_t v)
{
    return (uint16_t)v;
}

static const char *const k_exc_names[DPMI_EXCEPTIONS] = {
    [0x00] = "divide error",    [0x01] = "debug",
    [0x03] = "breakpoint",      [0x04] = "overflow",
    [0x05] = "bound range",     [0x06] = "invalid opcode",
    [0x07] = "no coprocessor",  [0x08] = "double fault",
    [0x0A] = "invalid TSS",     [0x0B] = "segment not present",
    [0x0C] = "stack fault",     [0x0D] = "general protection fault",
    [0x0E] = "page fault",      [0x10] = "coprocessor error",
    [0x11] = "alignment check",
};

static const char *exc_name(unsigned vec)
{
    return vec < DPMI_EXCEPTIONS && k_exc_names[vec] ? k_exc_names[vec] : "exception";
}

/* CX:(E)DX as a far pointer, by the client's bitness. */
static struct far32 cx_dx(const struct dpmi_call *c)
{
    return (struct far32){lo16(c->s.ecx), c->cl->is32 ? c->s.edx : lo16(c->s.edx)};
}

static void put_cx_dx(struct dpmi_call *c, uint16_t sel, uint32_t off)
{
    c->s.ecx = (c->s.ecx & 0xFFFF0000u) | sel;
    c->s.edx = c->cl->is32 ? off : ((c->s.edx & 0xFFFF0000u) | lo16(off));
}

/* ---- 0200h-0205h ---- */

int dpmi_fn_get_rm_vec(struct dpmi_call *c)
{
    uint32_t v = mem_rd32(c->h->mem, (uint8_t)c->s.ebx * 4u);
    c->s.ecx = (c->s.ecx & 0xFFFF0000u) | (v >> 16);
    c->s.edx = (c->s.edx & 0xFFFF0000u) | lo16(v);
    return 0;
}

int dpmi_fn_set_rm_vec(struct dpmi_call *c)
{
    mem_wr32(c->h->mem, (uint8_t)c->s.ebx * 4u,
             (uint32_t)lo16(c->s.ecx) << 16 | lo16(c->s.edx));
    return 0;
}

static bool is_host_sel(uint16_t sel)
{
    return (sel | SEL_RPL) == SEL_HOST16 || (sel | SEL_RPL) == SEL_HOST32;
}

int dpmi_fn_get_exc(struct dpmi_call *c)
{
    uint8_t vec = (uint8_t)c->s.ebx;
    if (vec >= DPMI_EXCEPTIONS)
        return -DPMI_ERR_VALUE;
    struct far32 f = c->cl->exc[vec];
    if (!f.sel)
        f = (struct far32){dpmi_host_sel(c->cl), DPMI_ROM_EXCS + vec * DPMI_STUB_BYTES};
    put_cx_dx(c, f.sel, f.off);
    return 0;
}

/* A handler address: a code selector of the client, or one of the host's
 * defaults (which reset the vector). */
static int take_handler(struct dpmi_call *c, struct far32 *slot, uint32_t dflt)
{
    struct far32 f = cx_dx(c);
    if (is_host_sel(f.sel) && f.off == dflt) {
        *slot = (struct far32){0, 0};
        return 0;
    }
    if (!dpmi_sel_code(c->h, f.sel) || is_host_sel(f.sel))
        return -DPMI_ERR_SELECTOR;
    *slot = f;
    return 0;
}

int dpmi_fn_set_exc(struct dpmi_call *c)
{
    uint8_t vec = (uint8_t)c->s.ebx;
    if (vec >= DPMI_EXCEPTIONS)
        return -DPMI_ERR_VALUE;
    return take_handler(c, &c->cl->exc[vec], DPMI_ROM_EXCS + vec * DPMI_STUB_BYTES);
}

int dpmi_fn_get_pm_vec(struct dpmi_call *c)
{
    uint8_t vec = (uint8_t)c->s.ebx;
    struct far32 f = c->cl->vec[vec];
    if (!f.sel)
        f = (struct far32){dpmi_host_sel(c->cl), DPMI_ROM_VECS + vec * DPMI_STUB_BYTES};
    put_cx_dx(c, f.sel, f.off);
    return 0;
}

int dpmi_fn_set_pm_vec(struct dpmi_call *c)
{
    uint8_t vec = (uint8_t)c->s.ebx;
    return take_handler(c, &c->cl->vec[vec], DPMI_ROM_VECS + vec * DPMI_STUB_BYTES);
}

/* ---- delivery ---- */

/* Enter handler f as an interrupt gate does: FLAGS, CS, (E)IP on the
 * current stack, IF and TF cleared. */
static void call_handler(struct dpmi *h, struct dpmi_client *cl, struct far32 f,
                         struct cpu_state *s)
{
    dpmi_push(h, s, s->eflags, cl->is32);
    dpmi_push(h, s, s->cs, cl->is32);
    dpmi_push(h, s, s->eip, cl->is32);
    s->eflags &= ~(EFL_IF | EFL_TF | EFL_NT | EFL_RF);
    s->cs = f.sel;
    s->eip = f.off;
}

void dpmi_soft_int(struct dpmi *h, struct dpmi_client *cl, unsigned vec, struct cpu_state *s)
{
    struct far32 f = cl->vec[vec];
    if (!f.sel) {
        dpmi_reflect(h, cl, vec, s);
        return;
    }
    call_handler(h, cl, f, s);
    if (!cpu_set_state(h->cpu, s))
        dpmi_fatal(h, "DPMI: the handler of INT %02Xh (%04X:%08X) cannot be entered", vec,
                   f.sel, f.off);
}

/* The locked stack: at its top, or below the current frame when the
 * client is on it already (nested delivery). */
static void to_locked_stack(const struct dpmi *h, struct dpmi_client *cl, struct cpu_state *s,
                            bool on_pm_stack)
{
    if (!on_pm_stack || (s->ss & ~SEL_RPL) != (cl->lstack_sel & ~SEL_RPL)) {
        s->ss = cl->lstack_sel;
        s->esp = dpmi_locked_top(h, cl);
    }
}

static void no_handler(struct dpmi *h, unsigned vec, uint32_t err, const struct cpu_state *s)
{
    dpmi_fatal(h, "%s (exception %02Xh) at %04X:%08X, error code %04Xh", exc_name(vec), vec,
               s->cs, s->eip, err);
}

/* The DPMI 0.9 exception frame on the locked stack: return address (a
 * host stub), error code, CS:EIP, EFLAGS, SS:ESP of the fault; dwords for
 * 32-bit clients, words for 16-bit ones. */
void dpmi_exception(struct dpmi *h, struct dpmi_client *cl, unsigned vec, uint32_t err,
                    struct cpu_state *s)
{
    LOG(LOG_DPMI, "exception %02Xh (%s) at %04X:%08X, error %04X", vec, exc_name(vec), s->cs,
        s->eip, err);
    struct far32 f = vec < DPMI_EXCEPTIONS ? cl->exc[vec] : (struct far32){0, 0};
    if (!f.sel) {
        if (vec < EXC_DEFAULT_TO_INT && cl->vec[vec].sel) {
            call_handler(h, cl, cl->vec[vec], s);
            cpu_set_state(h->cpu, s);
            return;
        }
        no_handler(h, vec, err, s);
        return;
    }
    struct cpu_state n = *s;
    bool d = cl->is32;
    to_locked_stack(h, cl, &n, true);
    if (n.esp < LSTACK_FRAME_ROOM) {
        dpmi_fatal(h,
                   "%s (exception %02Xh) at %04X:%08X, nested in its own handler until "
                   "the locked stack ran out",
                   exc_name(vec), vec, s->cs, s->eip);
        return;
    }
    dpmi_push(h, &n, s->ss, d);
    dpmi_push(h, &n, s->esp, d);
    dpmi_push(h, &n, s->eflags, d);
    dpmi_push(h, &n, s->cs, d);
    dpmi_push(h, &n, s->eip, d);
    dpmi_push(h, &n, err, d);
    dpmi_push(h, &n, dpmi_host_sel(cl), d);
    dpmi_push(h, &n, DPMI_ROM_EXC_RET, d);
    n.cs = f.sel;
    n.eip = f.off;
    n.eflags &= ~(EFL_IF | EFL_TF | EFL_NT | EFL_RF);
    if (!cpu_set_state(h->cpu, &n))
        no_handler(h, vec, err, s);
}

/* The handler returned (RETF) to the host: resume as the frame says now
 * (the handler may have changed CS:EIP, EFLAGS or SS:ESP in it). */
static void exception_return(struct dpmi *h, struct dpmi_client *cl, struct cpu_state *s)
{
    bool d = cl->is32;
    dpmi_pop(h, s, d); /* the error code */
    uint32_t eip = dpmi_pop(h, s, d), cs = dpmi_pop(h, s, d) & 0xFFFF;
    uint32_t efl = dpmi_pop(h, s, d), esp = dpmi_pop(h, s, d), ss = dpmi_pop(h, s, d) & 0xFFFF;
    if (!dpmi_sel_code(h, (uint16_t)cs) || !dpmi_sel_stack(h, (uint16_t)ss)) {
        dpmi_fatal(h, "DPMI: an exception handler returned to %04X:%08X with stack %04X:%08X",
                   cs, eip, ss, esp);
        return;
    }
    s->eip = d ? eip : lo16(eip);
    s->cs = (uint16_t)(cs | SEL_RPL);
    s->eflags = (s->eflags & ~EFL_SETTABLE) | (efl & EFL_SETTABLE);
    s->esp = d ? esp : (s->esp & 0xFFFF0000u) | lo16(esp);
    s->ss = (uint16_t)(ss | SEL_RPL);
    cpu_set_state(h->cpu, s);
}

/* A client chained to the host's default exception handler: the frame is
 * on the stack, the exception is the client's end. */
static void default_exception(struct dpmi *h, struct dpmi_client *cl, unsigned vec,
                              struct cpu_state *s)
{
    bool d = cl->is32;
    struct cpu_state f = *s;
    dpmi_pop(h, &f, d);
    dpmi_pop(h, &f, d);
    uint32_t err = dpmi_pop(h, &f, d), eip = dpmi_pop(h, &f, d), cs = dpmi_pop(h, &f, d);
    f.cs = (uint16_t)cs;
    f.eip = eip;
    no_handler(h, vec, err, &f);
}

/* ---- hardware interrupts ---- */

static bool irq_vector(unsigned vec)
{
    return (vec >= IRQ_MASTER && vec < IRQ_MASTER + IRQ_LINES) ||
           (vec >= IRQ_SLAVE && vec < IRQ_SLAVE + IRQ_LINES);
}

/* Call the client's handler of vec on the locked stack with an IRET frame
 * that returns to the host, which then puts back what it interrupted. */
static void irq_to_pm(struct dpmi *h, struct dpmi_client *cl, unsigned vec, bool from_pm)
{
    struct cpu_state s;
    cpu_get_state(h->cpu, &s);
    struct dpmi_frame *fr = dpmi_push_frame(h, FRAME_IRQ);
    if (!fr)
        return;
    fr->saved_pm = from_pm;
    fr->saved = s;
    if (!from_pm)
        dpmi_rm_stack_in_use(h, &s);
    struct cpu_state n = s;
    if (!from_pm) {
        n.ds = n.es = n.fs = n.gs = 0;
        n.eflags = (n.eflags & ~(EFL_VM)) | EFL_IOPL3;
    }
    to_locked_stack(h, cl, &n, from_pm);
    dpmi_push(h, &n, n.eflags, cl->is32);
    dpmi_push(h, &n, dpmi_host_sel(cl), cl->is32);
    dpmi_push(h, &n, DPMI_ROM_IRQ_RET, cl->is32);
    n.cs = cl->vec[vec].sel;
    n.eip = cl->vec[vec].off;
    n.eflags &= ~(EFL_IF | EFL_TF | EFL_NT | EFL_RF);
    LOG(LOG_INT, "IRQ -> INT %02Xh: protected-mode handler %04X:%08X (from %04X:%08X)", vec,
        n.cs, n.eip, s.cs, s.eip);
    if (from_pm)
        cpu_set_state(h->cpu, &n);
    else
        dpmi_enter_pm(h, &n);
}

static void irq_return(struct dpmi *h, struct cpu_state *s)
{
    struct dpmi_frame *fr = dpmi_pop_frame(h);
    if (!fr || fr->kind != FRAME_IRQ) {
        dpmi_fatal(h, "DPMI: a hardware interrupt handler returned to the host twice");
        return;
    }
    if (!fr->saved_pm) {
        cpu_switch(h->cpu, false, &fr->saved);
        return;
    }
    s->cs = fr->saved.cs;
    s->eip = fr->saved.eip;
    s->ss = fr->saved.ss;
    s->esp = fr->saved.esp;
    s->eflags = fr->saved.eflags;
    cpu_set_state(h->cpu, s);
}

/* The interrupt router's hardware half: the client's handler takes its
 * IRQs in either mode; in protected mode the others go to real mode. */
bool dpmi_irq(void *ctx, unsigned vec)
{
    struct dpmi *h = ctx;
    struct dpmi_client *cl = dpmi_current(h);
    if (!cl)
        return false;
    bool pm = cpu_pm(h->cpu);
    if (irq_vector(vec) && cl->vec[vec].sel) {
        irq_to_pm(h, cl, vec, pm);
        return true;
    }
    if (!pm)
        return false;
    struct cpu_state s;
    cpu_get_state(h->cpu, &s);
    dpmi_reflect(h, cl, vec, &s);
    return true;
}

/* ---- host stubs of this file ---- */

bool dpmi_vector_stub(struct dpmi *h, struct dpmi_client *cl, uint32_t off, struct cpu_state *s)
{
    if (off >= DPMI_ROM_VECS && off < DPMI_ROM_EXCS) {
        /* a client chained to the default handler: to real mode, then the
         * stub's IRET returns through the client's frame */
        dpmi_reflect(h, cl, (off - DPMI_ROM_VECS) / DPMI_STUB_BYTES, s);
        return true;
    }
    if (off >= DPMI_ROM_EXCS && off < DPMI_ROM_EXC_RET) {
        default_exception(h, cl, (off - DPMI_ROM_EXCS) / DPMI_STUB_BYTES, s);
        return true;
    }
    if (off == DPMI_ROM_EXC_RET) {
        exception_return(h, cl, s);
        return true;
    }
    if (off == DPMI_ROM_IRQ_RET) {
        irq_return(h, s);
        return true;
    }
    return false;
}
