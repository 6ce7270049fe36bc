/* Ending a process, DOS 3.1+ first tells network redirectors, and any TSR
 * listening on INT 2Fh, through INT 2Fh AX=1122h with SS = DOS's data
 * segment and DS = the PSP ending (RBIL INT 2F/AX=1122h; MS-DOS 4.0
 * DOS/CTRLC.ASM, reset_environment). When a program hooked INT 2Fh, its
 * handler runs on a DOS stack and returns to a ROM point that finishes
 * the termination; otherwise nobody listens and the process ends at once.
 * A TSR's exit keeps its resources and is not announced. */
#include "base/common.h"
#include "base/log.h"
#include "bios/rom.h"
#include "dosapi/dosdata.h"
#include "dosapi/tables.h"

#define VEC_MULTIPLEX 0x2F
#define MUX_PROCESS_END 0x1122
#define DOS_STACK_TOP 0x0600 /* the SDA's disk stack (RBIL table 01690) */

static void push16(struct mem *m, struct cpu_regs *r, uint16_t v)
{
    r->sp = (uint16_t)(r->sp - 2);
    mem_wr16(m, mem_lin(m, r->ss, r->sp), v);
}

void dos_exit_process(struct dos_ctx *c, uint8_t code, uint8_t type, int keep_paras)
{
    struct dos *d = c->dos;
    struct dos_tables *t = d->tab;
    struct cpu_regs *r = c->r;
    if (type == DOS_TERM_TSR || !c->ic || t->term.pending || d->ver_major < 3 ||
        intr_vector_is_default(d->intr, VEC_MULTIPLEX)) {
        dos_terminate(c, code, type, keep_paras);
        return;
    }
    t->term.pending = true;
    t->term.code = code;
    t->term.type = type;
    t->term.keep = keep_paras;
    LOG(LOG_EXEC, "PSP %04X ends: INT 2Fh AX=1122h first", d->cur_psp);
    r->ax = MUX_PROCESS_END;
    r->ds = d->cur_psp;
    r->ss = DOS_DATA_SEG;
    r->sp = DD_SDA + DOS_STACK_TOP;
    push16(c->mem, r, (uint16_t)(r->flags & ~CPU_FLAG_CF));
    push16(c->mem, r, ROM_SEG);
    push16(c->mem, r, t->term.return_off);
    r->flags &= (uint16_t) ~(CPU_FLAG_IF | CPU_FLAG_TF);
    r->ip = mem_rd16(c->mem, VEC_MULTIPLEX * 4);
    r->cs = mem_rd16(c->mem, VEC_MULTIPLEX * 4 + 2);
}

/* The INT 2Fh handlers returned: the termination proper. */
static void term_return(void *ctx, struct intr_call *ic)
{
    struct dos *d = ctx;
    struct dos_tables *t = d->tab;
    struct dos_ctx c = {.dos = d, .ic = ic, .r = ic->r, .mem = ic->mem};
    t->term.pending = false;
    dos_terminate(&c, t->term.code, t->term.type, t->term.keep);
}

void dos_termhook_init(struct dos *d)
{
    d->tab->term.return_off = intr_callback(d->intr, term_return, d, INTR_EPI_NONE);
}
