/* INT 2Fh, the multiplex interrupt: one handler per AH (the multiplex
 * number) in a table. Unclaimed numbers leave AL unchanged, which install
 * checks read as "not installed" (RBIL INT 2F). */
#include "base/log.h"
#include "dosapi/dos_impl.h"
#include "dosapi/tables.h"
#include "dosapi/xms.h"

#define HMA_SEG 0xFFFFu
#define HMA_FIRST_OFF 0x0010u /* FFFF:0010 is linear 100000h */
#define HMA_NONE 0xFFFFu
#define MUX_INSTALLED 0x80 /* AL of an install check: installed */
#define MUX_DOS 0x12       /* the kernel's internal services (int2f_dos.c) */

typedef void mux_fn(struct dos *d, struct cpu_regs *r);

/* RBIL INT 2F/AX=1680h: release the time slice; AL=0 means supported. The
 * program has nothing to do: the idle detector hears of it. */
static void mux_windows(struct dos *d, struct cpu_regs *r)
{
    if (reg_lo(r->ax) != 0x80)
        return;
    reg_set_lo(&r->ax, 0);
    bios_poll_empty(d->bios, BIOS_POLL_YIELD);
}

/* RBIL INT 2F/AX=4300h install check, 4310h driver entry point in ES:BX. */
static void mux_xms(struct dos *d, struct cpu_regs *r)
{
    if (!d->xms)
        return;
    if (reg_lo(r->ax) == 0x00) {
        reg_set_lo(&r->ax, MUX_INSTALLED);
    } else if (reg_lo(r->ax) == 0x10) {
        uint32_t e = xms_entry(d->xms);
        r->es = (uint16_t)(e >> 16);
        r->bx = (uint16_t)e;
    }
}

static uint16_t hma_free_bytes(const struct dos *d)
{
    return d->dos_high ? (uint16_t)(0x10000u - d->hma_next) : 0;
}

/* RBIL INT 2F/AX=4A01h (free HMA: BX bytes at ES:DI) and 4A02h (allocate
 * BX bytes: ES:DI, DI=FFFFh when it does not fit). DOS=HIGH keeps A20 on
 * while DOS runs, so the memory handed out is reachable. */
static void mux_hma(struct dos *d, struct cpu_regs *r)
{
    uint8_t al = reg_lo(r->ax);
    if (al != 0x01 && al != 0x02)
        return;
    r->es = HMA_SEG;
    if (al == 0x01) {
        r->bx = hma_free_bytes(d);
        r->di = d->dos_high ? d->hma_next : HMA_NONE;
        return;
    }
    uint32_t want = ((uint32_t)r->bx + 15) & ~15u;
    if (!d->dos_high || want > hma_free_bytes(d)) {
        r->di = HMA_NONE;
        return;
    }
    r->di = d->hma_next;
    r->bx = (uint16_t)want;
    d->hma_next = (uint16_t)(d->hma_next + want);
    mem_set_a20(d->mem, true);
    LOG(LOG_MEM, "HMA: %u bytes at FFFF:%04X", want, r->di);
}

/* RBIL INT 2F/AX=AE00h, AE01h: a shell asks whether a TSR takes a command
 * line as its own, and has it run. No TSR here claims any: AL stays 00h
 * ("run it as usual") and AE01h leaves the command alone, as under
 * MS-DOS with none installed; a TSR that hooked INT 2Fh answers first. */
static void mux_shell_commands(struct dos *d, struct cpu_regs *r)
{
    UNUSED(d);
    if (r->ax == 0xAE00)
        reg_set_lo(&r->ax, 0);
    LOG(LOG_DOS, "INT 2Fh AX=%04X: no installable command claims it", r->ax);
}

static mux_fn *const k_mux[256] = {
    [0x15] = dos_mux_mscdex, [0x16] = mux_windows,        [0x43] = mux_xms,
    [0x4A] = mux_hma,        [0xAE] = mux_shell_commands,
};

static void int2f_multiplex(void *ctx, struct intr_call *ic)
{
    struct dos *d = ctx;
    if (d->mux && d->mux(d->mux_ctx, ic))
        return;
    mux_fn *fn = k_mux[reg_hi(ic->r->ax)];
    if (reg_hi(ic->r->ax) == MUX_DOS)
        dos_mux_dos(d, ic);
    else if (fn)
        fn(d, ic->r);
    else
        LOG(LOG_DOS, "INT 2Fh AX=%04X: no such service", ic->r->ax);
}

void dos_int2f_init(struct dos *d)
{
    d->hma_next = HMA_FIRST_OFF;
    intr_set(d->intr, 0x2F, int2f_multiplex, d);
}
