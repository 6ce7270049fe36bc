/* The DPMI host: detection (INT 2Fh 1686h/1687h), the initial switch,
 * clients and their end, and the router every protected-mode event goes
 * through (docs/dpmi.md). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dosapi/psp.h"
#include "dpmi/dpmi_impl.h"

#define MUX_DPMI 0x16
#define MUX_GET_MODE 0x86   /* AX=1686h: AX=0 in protected mode */
#define MUX_DETECT 0x87     /* AX=1687h */
#define DPMI_VERSION 0x005A /* 0.90 */
#define DPMI_FLAG_32BIT 0x0001
#define ENTRY_32BIT 0x0001
#define PSP_SEL_LIMIT 0xFF
#define SEG_LIMIT 0xFFFF
#define EFL_CF 0x0001u
#define EFL_IOPL3 0x3000u
#define EFL_KEEP 0x0FD5u /* status flags, TF, IF, DF */
#define EXC_PF 0x0E
#define PF_USER_FETCH 0x14 /* #PF error: user mode, instruction fetch */

struct dpmi_client *dpmi_current(struct dpmi *h)
{
    return h->nclients ? h->client[h->nclients - 1] : NULL;
}

uint16_t dpmi_host_sel(const struct dpmi_client *cl)
{
    return cl->is32 ? SEL_HOST32 : SEL_HOST16;
}

void dpmi_fatal(struct dpmi *h, const char *fmt, ...)
{
    char why[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    LOG(LOG_DPMI, "fatal: %s", why);
    cpu_stop_fault(h->cpu, why);
}

struct dpmi_frame *dpmi_push_frame(struct dpmi *h, enum frame_kind kind)
{
    struct dpmi_client *cl = dpmi_current(h);
    if (h->nframes == DPMI_MAX_FRAMES) {
        dpmi_fatal(h, "DPMI: more than %d nested mode switches (interrupts, callbacks)",
                   DPMI_MAX_FRAMES);
        return NULL;
    }
    struct dpmi_frame *f = &h->frame[h->nframes++];
    *f = (struct dpmi_frame){.kind = kind, .client = cl ? cl->id : 0, .rm_sp = h->rm_top};
    return f;
}

void dpmi_rm_stack_in_use(struct dpmi *h, const struct cpu_state *r)
{
    const struct dpmi_client *cl = dpmi_current(h);
    if (cl && r->ss == cl->host_seg && (r->esp & 0xFFFFu) < h->rm_top)
        h->rm_top = (uint16_t)r->esp;
}

struct dpmi_frame *dpmi_pop_frame(struct dpmi *h)
{
    if (!h->nframes)
        return NULL;
    struct dpmi_frame *f = &h->frame[--h->nframes];
    h->rm_top = f->rm_sp;
    return f;
}

/* ---- detection and the initial switch ---- */

/* Whether the CPU can do it is known once it has probed, which it does
 * between slices the first time it is asked. False: ask again. */
static bool probe(struct dpmi *h)
{
    const char *why;
    h->ready = cpu_pm_ready(h->cpu, &why);
    if (!h->ready && !why)
        return false;
    h->probed = true;
    h->why_not = why;
    return true;
}

static bool mux(void *ctx, struct intr_call *ic)
{
    struct dpmi *h = ctx;
    struct cpu_regs *r = ic->r;
    if (reg_hi(r->ax) != MUX_DPMI || reg_lo(r->ax) != MUX_DETECT)
        return false;
    if (!h->probed && !probe(h)) {
        intr_again(ic); /* the CPU looks for its exception fields first */
        return true;
    }
    if (!h->ready) {
        QUIET_ONCE(LOG_DPMI, "no DPMI host: %s", h->why_not);
        return false;
    }
    r->ax = 0;
    r->bx = DPMI_FLAG_32BIT;
    reg_set_lo(&r->cx, h->cfg.cpu_type);
    r->dx = DPMI_VERSION;
    r->si = DPMI_HOST_PARAS;
    r->es = ROM_SEG;
    r->di = h->rom_entry;
    LOG(LOG_DPMI, "INT 2Fh 1687h: host at F000:%04X", h->rom_entry);
    return true;
}

/* The entry was far-called: return to the caller in real mode with CF. */
static void entry_fail(struct dpmi *h, struct cpu_state *s, uint16_t err)
{
    uint16_t ip = mem_rd16(h->mem, mem_lin(h->mem, (uint16_t)s->ss, (uint16_t)s->esp));
    uint16_t cs = mem_rd16(h->mem, mem_lin(h->mem, (uint16_t)s->ss, (uint16_t)(s->esp + 2)));
    s->esp = (s->esp & 0xFFFF0000u) | ((s->esp + 4) & 0xFFFFu);
    s->eip = ip;
    s->cs = cs;
    s->eflags |= EFL_CF;
    s->eax = (s->eax & 0xFFFF0000u) | err;
    cpu_set_state(h->cpu, s);
    LOG(LOG_DPMI, "entry refused: %04Xh", err);
}

static void free_client(struct dpmi *h, struct dpmi_client *cl)
{
    dpmi_callbacks_free_client(h, cl->id);
    dpmi_mem_free_client(h, cl->id);
    dpmi_sel_free_client(h, cl->id);
    free(cl);
}

/* Selectors for the caller's CS, DS, SS, its PSP and environment, and
 * the host's own (locked stack, real-mode stack alias). */
static bool client_selectors(struct dpmi *h, struct dpmi_client *cl, struct cpu_state *s,
                             uint16_t rm_cs)
{
    uint32_t psp = (uint32_t)cl->psp << 4;
    uint16_t cs = dpmi_sel_new(h, cl->id, (uint32_t)rm_cs << 4, SEG_LIMIT, ACC_CODE3, false);
    uint16_t ds = dpmi_sel_new(h, cl->id, (uint32_t)s->ds << 4, SEG_LIMIT, ACC_DATA3, false);
    uint16_t ss = dpmi_sel_new(h, cl->id, (uint32_t)s->ss << 4, SEG_LIMIT, ACC_DATA3, false);
    uint16_t es = dpmi_sel_new(h, cl->id, psp, PSP_SEL_LIMIT, ACC_DATA3, false);
    cl->lstack_sel = dpmi_sel_new(h, cl->id, cl->lstack_addr, DPMI_LSTACK_BYTES - 1, ACC_DATA3,
                                  cl->is32);
    cl->rmstack_sel = dpmi_sel_new(h, cl->id, 0, SEG_LIMIT, ACC_DATA3, false);
    if (!cs || !ds || !ss || !es || !cl->lstack_sel || !cl->rmstack_sel)
        return false;
    if (cl->env_seg) {
        uint16_t env = dpmi_sel_new(h, cl->id, (uint32_t)cl->env_seg << 4, SEG_LIMIT, ACC_DATA3,
                                    false);
        if (!env)
            return false;
        mem_wr16(h->mem, psp + PSP_ENV, env);
    }
    s->cs = cs;
    s->ds = ds;
    s->ss = ss;
    s->es = es;
    s->fs = 0;
    s->gs = 0;
    return true;
}

/* The client far-called the entry in real mode: AX bit 0 = 32-bit, ES =
 * the DPMI_HOST_PARAS paragraphs it allocated for the host. */
static void entry(void *ctx, struct intr_call *ic)
{
    struct dpmi *h = ctx;
    struct cpu_state s;
    UNUSED(ic);
    cpu_get_state(h->cpu, &s);
    if (!h->ready) { /* called without asking 1687h first */
        entry_fail(h, &s, DPMI_ERR_UNSUPPORTED);
        return;
    }
    if (h->nclients == DPMI_MAX_CLIENTS) {
        entry_fail(h, &s, DPMI_ERR_RESOURCE);
        return;
    }
    struct dpmi_client *cl = xcalloc(1, sizeof *cl);
    cl->id = h->nclients + 1;
    cl->psp = dos_current_psp(h->dos);
    cl->is32 = s.eax & ENTRY_32BIT;
    cl->host_seg = (uint16_t)s.es;
    cl->env_seg = mem_rd16(h->mem, ((uint32_t)cl->psp << 4) + PSP_ENV);
    cl->a20_was = mem_a20(h->mem);
    cl->fpu_mp = 1;
    uint32_t ret = mem_lin(h->mem, (uint16_t)s.ss, (uint16_t)s.esp);
    uint16_t ip = mem_rd16(h->mem, ret), rm_cs = mem_rd16(h->mem, ret + 2);
    if (!dpmi_mem_take(h, cl->id, DPMI_LSTACK_BYTES, &cl->lstack_addr) ||
        !client_selectors(h, cl, &s, rm_cs)) {
        free_client(h, cl);
        entry_fail(h, &s, DPMI_ERR_DESCRIPTOR);
        return;
    }
    h->client[h->nclients++] = cl;
    cl->outer_rm_top = h->rm_top;
    h->rm_top = (uint16_t)(DPMI_HOST_PARAS * 16u);
    mem_set_a20(h->mem, true);
    s.eip = ip;
    s.esp = (s.esp + 4) & 0xFFFFu;
    s.eflags = (s.eflags & EFL_KEEP & ~EFL_CF) | EFL_IOPL3 | 0x2u;
    LOG(LOG_DPMI, "client %d (PSP %04X, %d-bit) enters protected mode at %04X:%04X", cl->id,
        cl->psp, cl->is32 ? 32 : 16, s.cs, ip);
    dpmi_enter_pm(h, &s);
}

/* ---- the end of a client ---- */

static void end_client(void *ctx, uint16_t psp)
{
    struct dpmi *h = ctx;
    struct dpmi_client *cl = dpmi_current(h);
    if (!cl || cl->psp != psp)
        return;
    while (h->nframes && h->frame[h->nframes - 1].client == cl->id)
        dpmi_pop_frame(h);
    if (cl->env_seg)
        mem_wr16(h->mem, ((uint32_t)psp << 4) + PSP_ENV, cl->env_seg);
    h->nclients--;
    if (!h->nclients)
        mem_set_a20(h->mem, cl->a20_was);
    LOG(LOG_DPMI, "client %d (PSP %04X) ends", cl->id, psp);
    h->rm_top = cl->outer_rm_top;
    free_client(h, cl);
}

/* ---- protected-mode events ---- */

static bool at_host_stub(uint16_t cs)
{
    return (cs | SEL_RPL) == SEL_HOST16 || (cs | SEL_RPL) == SEL_HOST32;
}

/* INT 2Fh AX=1686h in protected mode: AX=0. */
static bool pm_mux(struct cpu_state *s)
{
    if ((s->eax & 0xFFFF) != (MUX_DPMI << 8 | MUX_GET_MODE))
        return false;
    s->eax &= 0xFFFF0000u;
    return true;
}

static void pm_event(void *ctx, const struct cpu_pm_event *ev)
{
    struct dpmi *h = ctx;
    struct dpmi_client *cl = dpmi_current(h);
    struct cpu_state s;
    cpu_get_state(h->cpu, &s);
    if (!cl) {
        dpmi_fatal(h, "protected mode without a DPMI client (%s %02Xh at %04X:%08X)",
                   ev->kind == CPU_PM_INT ? "INT" : "exception", ev->vec, s.cs, s.eip);
        return;
    }
    if (ev->kind == CPU_PM_FETCH) {
        dpmi_exception(h, cl, EXC_PF, PF_USER_FETCH, &s);
        return;
    }
    if (ev->kind == CPU_PM_EXCEPTION) {
        dpmi_exception(h, cl, ev->vec, ev->error, &s);
        return;
    }
    if (at_host_stub(s.cs)) {
        uint32_t off = s.eip - INT_INSN;
        if (dpmi_vector_stub(h, cl, off, &s) || dpmi_rm_stub(h, cl, off, &s))
            return;
        dpmi_fatal(h, "DPMI: unknown host stub at %04X:%04X", s.cs, off);
        return;
    }
    if (ev->vec == 0x31) {
        dpmi_int31(h, cl);
        return;
    }
    if (ev->vec == 0x2F && pm_mux(&s)) {
        cpu_set_state(h->cpu, &s);
        return;
    }
    dpmi_soft_int(h, cl, ev->vec, &s);
}

/* ---- the host ---- */

static void write_stubs(struct dpmi *h)
{
    enum { OP_INT = 0xCD, OP_IRET = 0xCF, OP_RETF = 0xCB, OP_NOP = 0x90 };
    uint8_t rom[DPMI_ROM_END - DPMI_ROM_VECS];
    memset(rom, OP_NOP, sizeof rom);
    for (unsigned v = 0; v < DPMI_VECTORS; v++) {
        uint8_t *p = rom + v * DPMI_STUB_BYTES;
        p[0] = OP_INT;
        p[1] = DPMI_STUB_VEC;
        p[2] = OP_IRET;
    }
    for (unsigned off = DPMI_ROM_EXCS; off < DPMI_ROM_RETF; off += DPMI_STUB_BYTES) {
        uint8_t *p = rom + (off - DPMI_ROM_VECS);
        p[0] = OP_INT;
        p[1] = DPMI_STUB_VEC;
    }
    rom[DPMI_ROM_RETF - DPMI_ROM_VECS] = OP_RETF;
    mem_write(h->mem, ROM_LIN + DPMI_ROM_VECS, rom, sizeof rom);
}

struct dpmi *dpmi_new(struct mem *m, struct cpu *cpu, struct intr *ir, struct dos *d,
                      struct xmem *x, const struct dpmi_config *cfg)
{
    struct dpmi *h = xcalloc(1, sizeof *h);
    h->mem = m;
    h->cpu = cpu;
    h->intr = ir;
    h->dos = d;
    h->xmem = x;
    h->cfg = *cfg;
    h->next_handle = 1;
    dos_set_mux_hook(d, mux, h);
    if (mem_ext_bytes(m) < cfg->mem_kb * 1024u) {
        h->probed = true;
        h->why_not = "no extended memory for it";
        return h;
    }
    dpmi_desc_init(h);
    cpu_set_tables(cpu, DPMI_GDT_LIN, GDT_LIMIT, GDT_LDT, DPMI_LDT_LIN,
                   DPMI_LDT_ENTRIES * DESC_BYTES - 1);
    write_stubs(h);
    h->rom_entry = intr_callback(ir, entry, h, INTR_EPI_NONE);
    dpmi_rm_init(h);
    dos_set_process_hook(d, end_client, h);
    struct intr_pm_router rt = {pm_event, dpmi_irq, h};
    intr_set_pm_router(ir, &rt);
    LOG(LOG_DPMI, "host ready: %u KiB", cfg->mem_kb);
    return h;
}

void dpmi_free(struct dpmi *h)
{
    if (!h)
        return;
    while (h->nclients)
        free_client(h, h->client[--h->nclients]);
    intr_set_pm_router(h->intr, NULL);
    free(h);
}
