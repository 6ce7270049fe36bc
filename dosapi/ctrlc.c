/* Ctrl-C (RBIL INT 23h): console input that reads ^C (functions 01h, 08h,
 * 0Ah and cooked CON reads) shows "^C" and calls the program's INT 23h
 * handler as DOS does, from a ROM return point: when the handler returns
 * with IRET (or RETF with CF clear) the interrupted INT 21h call starts
 * again; RETF with CF set ends the program with return kind 1. The
 * default handler ends the program. COMMAND.COM's handler (the built-in
 * shell's stub: STC; RETF) ends the child, and the shell then asks
 * "Terminate batch job (Y/N)?". Before a function DOS also looks for a
 * Ctrl-C typed ahead (dos_ctrl_c_check). */
#include "base/common.h"
#include "base/log.h"
#include "bios/rom.h"
#include "dosapi/dos_impl.h"
#include "dosapi/tables.h"

#define VEC_CTRL_C 0x23
#define CH_CTRL_C 0x03
#define FN_FIRST_CHAR_IO 0x01 /* INT 21h 01h-0Ch: character I/O */
#define FN_LAST_CHAR_IO 0x0C
#define FN_DIRECT_IO 0x06 /* 06h and 07h never check */
#define FN_DIRECT_INPUT 0x07
#define FN_READ 0x3F
#define FN_WRITE 0x40
#define INT_INSN_BYTES 2 /* CD 21 */

static void push16(struct mem *m, struct cpu_regs *r, uint16_t v)
{
    r->sp = (uint16_t)(r->sp - 2);
    mem_wr16(m, mem_lin(m, r->ss, r->sp), v);
}

void dos_ctrl_c_echo(struct dos_ctx *c)
{
    static const uint8_t k_echo[] = {'^', 'C', '\r', '\n'};
    dos_stdout_bytes(c, k_echo, sizeof k_echo);
}

void dos_ctrl_c(struct dos_ctx *c, const struct cpu_regs *entry)
{
    struct dos *d = c->dos;
    struct cpu_regs caller, *r = c->r;
    dos_ctrl_c_echo(c);
    intr_caller_regs(c->ic, &caller);
    caller.ax = entry->ax;
    caller.bx = entry->bx;
    caller.cx = entry->cx;
    caller.dx = entry->dx;
    caller.si = entry->si;
    caller.di = entry->di;
    caller.bp = entry->bp;
    caller.ds = entry->ds;
    caller.es = entry->es;
    d->brk.cs = caller.cs;
    d->brk.ip = (uint16_t)(caller.ip - INT_INSN_BYTES);
    d->brk.sp = caller.sp;
    *r = caller;
    push16(c->mem, r, (uint16_t)(caller.flags & ~CPU_FLAG_CF));
    push16(c->mem, r, ROM_SEG);
    push16(c->mem, r, d->brk.return_off);
    r->flags &= (uint16_t) ~(CPU_FLAG_IF | CPU_FLAG_TF);
    r->ip = mem_rd16(c->mem, VEC_CTRL_C * 4);
    r->cs = mem_rd16(c->mem, VEC_CTRL_C * 4 + 2);
    LOG(LOG_DOS, "Ctrl-C in INT 21h %02Xh: calling INT 23h at %04X:%04X", reg_hi(entry->ax),
        r->cs, r->ip);
}

/* The handler returned to our ROM point: with IRET the FLAGS we pushed
 * (CF clear) are back; with RETF the handler's own CF counts. */
static void ctrl_c_return(void *ctx, struct intr_call *ic)
{
    struct dos *d = ctx;
    struct cpu_regs *r = ic->r;
    if (r->sp == (uint16_t)(d->brk.sp - 2)) /* RETF: our FLAGS still on the stack */
        r->sp = (uint16_t)(r->sp + 2);
    if (r->flags & CPU_FLAG_CF) {
        struct dos_ctx c = {.dos = d, .ic = ic, .r = r, .mem = ic->mem};
        LOG(LOG_DOS, "INT 23h handler asked to end the program");
        d->ctrl_c_ending = true;
        dos_exit_process(&c, 0, DOS_TERM_CTRL_C, 0);
        return;
    }
    r->cs = d->brk.cs;
    r->ip = d->brk.ip; /* run the call again */
}

/* Tech Help, INT 23h: with BREAK OFF DOS senses Ctrl-C only during
 * console I/O (functions 01h-0Ch, reads and writes of CON), with BREAK ON
 * (33h) during every function; never during 06h and 07h. HelpPC: only a
 * Ctrl-C that is the next word of the BIOS buffer counts, and it is taken
 * out. The host is not asked for keys here. */
bool dos_ctrl_c_check(struct dos_ctx *c, uint8_t ah)
{
    struct dos *d = c->dos;
    uint16_t key;
    if (ah == FN_DIRECT_IO || ah == FN_DIRECT_INPUT)
        return false;
    bool console = (ah >= FN_FIRST_CHAR_IO && ah <= FN_LAST_CHAR_IO) ||
                   ((ah == FN_READ || ah == FN_WRITE) && dos_handle_is_con(d, c->r->bx));
    if (!(console || d->break_check) || !bios_key_buffered(d->bios) ||
        bios_key_get(d->bios, false, &key) <= 0 || (uint8_t)key != CH_CTRL_C)
        return false;
    bios_key_get(d->bios, true, &key);
    return true;
}

void dos_ctrl_c_init(struct dos *d)
{
    d->brk.return_off = intr_callback(d->intr, ctrl_c_return, d, INTR_EPI_NONE);
}
