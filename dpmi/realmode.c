/* Real mode on behalf of protected mode: interrupts reflected to their
 * real-mode handlers, 0300h-0302h, real-mode callbacks (0303h/0304h),
 * raw mode switches (0305h/0306h). Every switch that must be undone is a
 * frame; the ROM callbacks and host stubs that undo them pop it. */
#include "dpmi/dpmi_impl.h"

#define EFL_CF 0x0001u
#define EFL_TF 0x0100u
#define EFL_IF 0x0200u
#define EFL_IOPL3 0x3000u
#define EFL_STATUS 0x0CD5u /* CF PF AF ZF SF DF OF */
#define EFL_REAL 0x0FD7u   /* what real mode keeps of EFLAGS */
#define RMCS_BYTES 0x32u   /* the real-mode call structure */
#define RMCS_EDI 0x00
#define RMCS_ESI 0x04
#define RMCS_EBP 0x08
#define RMCS_EBX 0x10
#define RMCS_EDX 0x14
#define RMCS_ECX 0x18
#define RMCS_EAX 0x1C
#define RMCS_FLAGS 0x20
#define RMCS_ES 0x22
#define RMCS_DS 0x24
#define RMCS_FS 0x26
#define RMCS_GS 0x28
#define RMCS_IP 0x2A
#define RMCS_CS 0x2C
#define RMCS_SP 0x2E
#define RMCS_SS 0x30
#define CALLBACK_STRIDE 16u /* callback k: (F000h - k):(off + 16k) */
#define LSTACK_GAP 0x100u   /* below an interrupted frame on the locked stack */

static uint16_t lo16(uint32_t v)
{
    return (uint16_t)v;
}

/* ---- real-mode stacks ---- */

static void rm_push(struct dpmi *h, struct cpu_state *r, uint16_t v)
{
    r->esp = (r->esp - 2) & 0xFFFFu;
    mem_wr16(h->mem, ((uint32_t)r->ss << 4) + r->esp, v);
}

/* The client's real-mode stack (the host data area it gave at entry),
 * below what nested switches use. */
static void host_rm_stack(struct dpmi *h, struct dpmi_client *cl, struct cpu_state *r)
{
    r->ss = cl->host_seg;
    r->esp = h->rm_top;
}

/* Where the locked stack is free: below the last protected-mode state on
 * it that a pending switch will return to. */
uint32_t dpmi_locked_top(const struct dpmi *h, const struct dpmi_client *cl)
{
    for (int i = h->nframes; i-- > 0;) {
        const struct dpmi_frame *f = &h->frame[i];
        if (f->client == cl->id && f->saved_pm &&
            (f->saved.ss & ~SEL_RPL) == (cl->lstack_sel & ~SEL_RPL))
            return f->saved.esp > LSTACK_GAP ? f->saved.esp - LSTACK_GAP : 0;
    }
    return DPMI_LSTACK_BYTES;
}

void dpmi_enter_pm(struct dpmi *h, const struct cpu_state *s)
{
    cpu_set_tables(h->cpu, DPMI_GDT_LIN, GDT_LIMIT, GDT_LDT, DPMI_LDT_LIN,
                   DPMI_LDT_ENTRIES * DESC_BYTES - 1);
    cpu_switch(h->cpu, true, s);
}

/* ---- reflection ---- */

/* Real mode runs the handler of vec with the client's registers; its
 * IRET comes back to rm_return, which resumes s. */
void dpmi_reflect(struct dpmi *h, struct dpmi_client *cl, unsigned vec,
                  const struct cpu_state *s)
{
    struct dpmi_frame *fr = dpmi_push_frame(h, FRAME_REFLECT);
    if (!fr)
        return;
    fr->saved_pm = true;
    fr->saved = *s;
    struct cpu_state r = *s;
    host_rm_stack(h, cl, &r);
    rm_push(h, &r, lo16(s->eflags));
    rm_push(h, &r, ROM_SEG);
    rm_push(h, &r, h->rom_rm_return);
    h->rm_top = (uint16_t)r.esp;
    r.eflags = (s->eflags & EFL_REAL & ~(EFL_IF | EFL_TF)) | 0x2u;
    r.ds = r.es = cl->host_seg;
    r.fs = r.gs = 0;
    uint32_t v = mem_rd32(h->mem, vec * 4u);
    r.cs = (uint16_t)(v >> 16);
    r.eip = lo16(v);
    cpu_switch(h->cpu, false, &r);
}

/* ---- 0300h-0302h ---- */

static void rmcs_read(struct dpmi *h, uint32_t at, struct cpu_state *r)
{
    *r = (struct cpu_state){
        .edi = mem_rd32(h->mem, at + RMCS_EDI),
        .esi = mem_rd32(h->mem, at + RMCS_ESI),
        .ebp = mem_rd32(h->mem, at + RMCS_EBP),
        .ebx = mem_rd32(h->mem, at + RMCS_EBX),
        .edx = mem_rd32(h->mem, at + RMCS_EDX),
        .ecx = mem_rd32(h->mem, at + RMCS_ECX),
        .eax = mem_rd32(h->mem, at + RMCS_EAX),
        .eflags = mem_rd16(h->mem, at + RMCS_FLAGS),
        .es = mem_rd16(h->mem, at + RMCS_ES),
        .ds = mem_rd16(h->mem, at + RMCS_DS),
        .fs = mem_rd16(h->mem, at + RMCS_FS),
        .gs = mem_rd16(h->mem, at + RMCS_GS),
        .eip = mem_rd16(h->mem, at + RMCS_IP),
        .cs = mem_rd16(h->mem, at + RMCS_CS),
        .esp = mem_rd16(h->mem, at + RMCS_SP),
        .ss = mem_rd16(h->mem, at + RMCS_SS),
    };
}

/* The registers after a real-mode call (CS:IP and SS:SP too, for
 * callbacks; 0300h-0302h leave those two as the client gave them). */
static void rmcs_write(struct dpmi *h, uint32_t at, const struct cpu_state *r, bool cs_ss)
{
    mem_wr32(h->mem, at + RMCS_EDI, r->edi);
    mem_wr32(h->mem, at + RMCS_ESI, r->esi);
    mem_wr32(h->mem, at + RMCS_EBP, r->ebp);
    mem_wr32(h->mem, at + RMCS_EBX, r->ebx);
    mem_wr32(h->mem, at + RMCS_EDX, r->edx);
    mem_wr32(h->mem, at + RMCS_ECX, r->ecx);
    mem_wr32(h->mem, at + RMCS_EAX, r->eax);
    mem_wr16(h->mem, at + RMCS_FLAGS, lo16(r->eflags));
    mem_wr16(h->mem, at + RMCS_ES, r->es);
    mem_wr16(h->mem, at + RMCS_DS, r->ds);
    mem_wr16(h->mem, at + RMCS_FS, r->fs);
    mem_wr16(h->mem, at + RMCS_GS, r->gs);
    if (!cs_ss)
        return;
    mem_wr16(h->mem, at + RMCS_IP, lo16(r->eip));
    mem_wr16(h->mem, at + RMCS_CS, r->cs);
    mem_wr16(h->mem, at + RMCS_SP, lo16(r->esp));
    mem_wr16(h->mem, at + RMCS_SS, r->ss);
}

/* AX = 0300h (INT BL), 0301h (far call, RETF), 0302h (IRET frame) with
 * the structure at ES:(E)DI and CX words of the PM stack copied. */
int dpmi_fn_simulate(struct dpmi_call *c)
{
    struct dpmi *h = c->h;
    uint16_t fn = lo16(c->s.eax), words = lo16(c->s.ecx);
    uint32_t at, pm_sp;
    uint32_t sp = dpmi_sel_big(h, (uint16_t)c->s.ss) ? c->s.esp : lo16(c->s.esp);
    struct cpu_state r;
    if (!dpmi_ptr(h, (uint16_t)c->s.es, c->cl->is32 ? c->s.edi : lo16(c->s.edi), RMCS_BYTES,
                  &at) ||
        !dpmi_ptr(h, (uint16_t)c->s.ss, sp, words * 2u, &pm_sp))
        return -DPMI_ERR_ADDRESS;
    rmcs_read(h, at, &r);
    bool host_stack = !r.ss && !r.esp;
    if (host_stack)
        host_rm_stack(h, c->cl, &r);
    if (words * 2u >= r.esp || words * 2u > 0x1000u)
        return -DPMI_ERR_VALUE;
    struct dpmi_frame *fr = dpmi_push_frame(h, FRAME_SIMULATE);
    if (!fr)
        return 1;
    fr->saved_pm = true;
    fr->saved = c->s;
    fr->saved.eflags &= ~EFL_CF;
    fr->regs_lin = at;
    for (unsigned i = words; i-- > 0;)
        rm_push(h, &r, mem_rd16(h->mem, pm_sp + i * 2u));
    if (fn != 0x0301)
        rm_push(h, &r, lo16(r.eflags));
    rm_push(h, &r, ROM_SEG);
    rm_push(h, &r, h->rom_rm_return);
    if (host_stack)
        h->rm_top = (uint16_t)r.esp;
    if (fn != 0x0301)
        r.eflags &= ~(EFL_IF | EFL_TF);
    r.eflags = (r.eflags & EFL_REAL) | 0x2u;
    if (fn == 0x0300) {
        uint32_t v = mem_rd32(h->mem, (uint8_t)c->s.ebx * 4u);
        r.cs = (uint16_t)(v >> 16);
        r.eip = lo16(v);
    }
    LOG(LOG_DPMI, "to real mode: %04X:%04X (%s), stack %04X:%04X", r.cs, lo16(r.eip),
        fn == 0x0300   ? "INT"
        : fn == 0x0301 ? "far call"
                       : "IRET call",
        r.ss, lo16(r.esp));
    cpu_switch(h->cpu, false, &r);
    return 1;
}

/* The real-mode side of a reflection or a 0300h-0302h call returned. */
static void rm_return(void *ctx, struct intr_call *ic)
{
    struct dpmi *h = ctx;
    struct cpu_state r;
    UNUSED(ic);
    cpu_get_state(h->cpu, &r);
    struct dpmi_frame *fr = dpmi_pop_frame(h);
    if (!fr || (fr->kind != FRAME_REFLECT && fr->kind != FRAME_SIMULATE)) {
        dpmi_fatal(h,
                   "DPMI: real-mode code returned to the host without a call pending "
                   "(%04X:%04X)",
                   r.cs, lo16(r.eip));
        return;
    }
    struct cpu_state p = fr->saved;
    LOG(LOG_DPMI, "back from real mode: AX=%04X (%s)", lo16(r.eax),
        fr->kind == FRAME_SIMULATE ? "call" : "interrupt");
    if (fr->kind == FRAME_SIMULATE) {
        rmcs_write(h, fr->regs_lin, &r, false);
    } else {
        p.eax = r.eax;
        p.ebx = r.ebx;
        p.ecx = r.ecx;
        p.edx = r.edx;
        p.esi = r.esi;
        p.edi = r.edi;
        p.ebp = r.ebp;
        p.eflags = (p.eflags & ~EFL_STATUS) | (r.eflags & EFL_STATUS);
    }
    dpmi_enter_pm(h, &p);
}

/* ---- real-mode callbacks ---- */

int dpmi_fn_callback_alloc(struct dpmi_call *c)
{
    struct dpmi *h = c->h;
    struct far32 proc = {(uint16_t)c->s.ds, c->cl->is32 ? c->s.esi : lo16(c->s.esi)};
    struct far32 regs = {(uint16_t)c->s.es, c->cl->is32 ? c->s.edi : lo16(c->s.edi)};
    uint32_t at;
    if (!dpmi_sel_code(h, proc.sel) || !dpmi_sel_data(h, regs.sel) || !regs.sel)
        return -DPMI_ERR_SELECTOR;
    if (!dpmi_ptr(h, regs.sel, regs.off, RMCS_BYTES, &at))
        return -DPMI_ERR_ADDRESS;
    for (unsigned k = 0; k < DPMI_MAX_CALLBACKS; k++) {
        if (h->cb[k].used)
            continue;
        h->cb[k] = (struct dpmi_callback){true, c->cl->id, proc, regs};
        c->s.ecx = (c->s.ecx & 0xFFFF0000u) | (uint16_t)(ROM_SEG - k);
        c->s.edx = (c->s.edx & 0xFFFF0000u) | (uint16_t)(h->rom_callback + k * CALLBACK_STRIDE);
        return 0;
    }
    return -DPMI_ERR_CALLBACK;
}

/* CX:DX as 0303h gave it, or -1. */
static int callback_of(const struct dpmi *h, uint16_t seg, uint16_t off)
{
    unsigned k = (uint16_t)(ROM_SEG - seg);
    if (k >= DPMI_MAX_CALLBACKS || off != h->rom_callback + k * CALLBACK_STRIDE ||
        !h->cb[k].used)
        return -1;
    return (int)k;
}

int dpmi_fn_callback_free(struct dpmi_call *c)
{
    int k = callback_of(c->h, lo16(c->s.ecx), lo16(c->s.edx));
    if (k < 0)
        return -DPMI_ERR_BAD_CALLBACK;
    c->h->cb[k].used = false;
    return 0;
}

void dpmi_callbacks_free_client(struct dpmi *h, int client)
{
    for (unsigned k = 0; k < DPMI_MAX_CALLBACKS; k++)
        if (h->cb[k].client == client)
            h->cb[k].used = false;
}

/* Real-mode code called callback k: its registers go into the client's
 * structure, and its procedure runs on the locked stack with DS:(E)SI ->
 * the real-mode stack and ES:(E)DI -> the structure. */
static void rm_callback(void *ctx, struct intr_call *ic)
{
    struct dpmi *h = ctx;
    struct cpu_state r;
    UNUSED(ic);
    cpu_get_state(h->cpu, &r);
    int k = callback_of(h, r.cs, (uint16_t)(r.eip - INT_INSN));
    struct dpmi_client *cl = dpmi_current(h);
    if (k < 0 || !cl) {
        dpmi_fatal(h, "a real-mode callback that was freed was called (%04X:%04X)", r.cs,
                   lo16(r.eip - INT_INSN));
        return;
    }
    const struct dpmi_callback *cb = &h->cb[k];
    r.eip -= INT_INSN;
    uint32_t at;
    if (!dpmi_ptr(h, cb->regs.sel, cb->regs.off, RMCS_BYTES, &at)) {
        dpmi_fatal(h, "a real-mode callback's register structure is gone (%04X:%08X)",
                   cb->regs.sel, cb->regs.off);
        return;
    }
    rmcs_write(h, at, &r, true);
    struct dpmi_frame *fr = dpmi_push_frame(h, FRAME_CALLBACK);
    if (!fr)
        return;
    fr->saved = r;
    dpmi_rm_stack_in_use(h, &r);
    struct dpmi_desc d;
    dpmi_desc_data(&d, (uint32_t)r.ss << 4, 0xFFFF, false);
    dpmi_desc_set(h, cl->rmstack_sel, &d);
    struct cpu_state n = r;
    n.ds = cl->rmstack_sel;
    n.esi = lo16(r.esp);
    n.es = cb->regs.sel;
    n.edi = cb->regs.off;
    n.fs = n.gs = 0;
    n.ss = cl->lstack_sel;
    n.esp = dpmi_locked_top(h, cl);
    n.eflags = (r.eflags & EFL_REAL & ~(EFL_IF | EFL_TF)) | EFL_IOPL3 | 0x2u;
    dpmi_push(h, &n, n.eflags, cl->is32);
    dpmi_push(h, &n, dpmi_host_sel(cl), cl->is32);
    dpmi_push(h, &n, DPMI_ROM_CB_RET, cl->is32);
    n.cs = cb->proc.sel;
    n.eip = cb->proc.off;
    LOG(LOG_DPMI, "real-mode callback %d (AX=%04X) from %04X:%04X: %04X:%08X", k, lo16(r.eax),
        r.ss, lo16(r.esp), n.cs, n.eip);
    dpmi_enter_pm(h, &n);
}

/* The procedure returned (IRET): real mode goes on as the structure at
 * ES:(E)DI says. */
static void callback_return(struct dpmi *h, struct dpmi_client *cl, struct cpu_state *s)
{
    struct dpmi_frame *fr = dpmi_pop_frame(h);
    struct cpu_state r;
    if (!fr || fr->kind != FRAME_CALLBACK) {
        dpmi_fatal(h, "DPMI: a real-mode callback returned to the host twice");
        return;
    }
    uint32_t at, off = cl->is32 ? s->edi : lo16(s->edi);
    if (!dpmi_ptr(h, (uint16_t)s->es, off, RMCS_BYTES, &at)) {
        dpmi_fatal(h, "DPMI: a real-mode callback returned with ES:EDI at %04X:%08X", s->es,
                   off);
        return;
    }
    rmcs_read(h, at, &r);
    r.eflags = (r.eflags & EFL_REAL) | 0x2u;
    LOG(LOG_DPMI, "real-mode callback returns to %04X:%04X (AX=%04X, from %08X)", r.cs,
        lo16(r.eip), lo16(r.eax), at);
    cpu_switch(h->cpu, false, &r);
}

/* ---- raw switches and state saving ---- */

int dpmi_fn_state_save(struct dpmi_call *c)
{
    c->s.eax &= 0xFFFF0000u; /* no state to save */
    c->s.ebx = (c->s.ebx & 0xFFFF0000u) | ROM_SEG;
    c->s.ecx = (c->s.ecx & 0xFFFF0000u) | DPMI_ROM_RETF;
    c->s.esi = (c->s.esi & 0xFFFF0000u) | dpmi_host_sel(c->cl);
    c->s.edi = c->cl->is32 ? DPMI_ROM_RETF : (c->s.edi & 0xFFFF0000u) | DPMI_ROM_RETF;
    return 0;
}

int dpmi_fn_raw_switch(struct dpmi_call *c)
{
    c->s.ebx = (c->s.ebx & 0xFFFF0000u) | ROM_SEG;
    c->s.ecx = (c->s.ecx & 0xFFFF0000u) | c->h->rom_raw;
    c->s.esi = (c->s.esi & 0xFFFF0000u) | dpmi_host_sel(c->cl);
    c->s.edi = c->cl->is32 ? DPMI_ROM_RAW : (c->s.edi & 0xFFFF0000u) | DPMI_ROM_RAW;
    return 0;
}

/* Both directions take AX = DS, CX = ES, DX = SS, (E)BX = (E)SP,
 * SI:(E)DI = CS:(E)IP; FS and GS become 0. */
static void raw_target(const struct dpmi_client *cl, const struct cpu_state *s,
                       struct cpu_state *t, bool to_pm)
{
    bool wide = to_pm && cl->is32;
    *t = *s;
    t->ds = lo16(s->eax);
    t->es = lo16(s->ecx);
    t->ss = lo16(s->edx);
    t->esp = wide ? s->ebx : lo16(s->ebx);
    t->cs = lo16(s->esi);
    t->eip = wide ? s->edi : lo16(s->edi);
    t->fs = t->gs = 0;
}

static void raw_to_pm(void *ctx, struct intr_call *ic)
{
    struct dpmi *h = ctx;
    struct dpmi_client *cl = dpmi_current(h);
    struct cpu_state s, t;
    UNUSED(ic);
    cpu_get_state(h->cpu, &s);
    if (!cl) {
        dpmi_fatal(h, "a raw switch to protected mode without a DPMI client");
        return;
    }
    raw_target(cl, &s, &t, true);
    if (!dpmi_sel_code(h, t.cs) || !dpmi_sel_stack(h, t.ss) || !dpmi_sel_data(h, t.ds) ||
        !dpmi_sel_data(h, t.es)) {
        dpmi_fatal(h,
                   "a raw switch to protected mode with invalid selectors (CS=%04X SS=%04X "
                   "DS=%04X ES=%04X)",
                   t.cs, t.ss, t.ds, t.es);
        return;
    }
    t.eflags = (s.eflags & EFL_REAL) | EFL_IOPL3 | 0x2u;
    dpmi_enter_pm(h, &t);
}

bool dpmi_rm_stub(struct dpmi *h, struct dpmi_client *cl, uint32_t off, struct cpu_state *s)
{
    struct cpu_state t;
    if (off == DPMI_ROM_CB_RET) {
        callback_return(h, cl, s);
        return true;
    }
    if (off == DPMI_ROM_RAW) {
        raw_target(cl, s, &t, false);
        t.eflags = (s->eflags & EFL_REAL) | 0x2u;
        cpu_switch(h->cpu, false, &t);
        return true;
    }
    return false;
}

void dpmi_rm_init(struct dpmi *h)
{
    h->rom_rm_return = intr_callback(h->intr, rm_return, h, INTR_EPI_NONE);
    h->rom_raw = intr_callback(h->intr, raw_to_pm, h, INTR_EPI_NONE);
    h->rom_callback = intr_callback(h->intr, rm_callback, h, INTR_EPI_NONE);
}
