/* INT 21h process functions (00h, 31h, 4Bh, 4Ch, 4Dh) and the other DOS
 * interrupts: 20h, 22h-29h, 2Fh. */
#include <string.h>

#include "base/bytes.h"
#include "base/common.h"
#include "base/log.h"
#include "dosapi/dos_impl.h"
#include "dosapi/tables.h"
#include "dosapi/psp.h"

#define OP_INT 0xCD
#define OP_RETF 0xCB
#define PSP_NEXT_PDB 0x38 /* the server's link (DOS 3.1+): FFFFFFFFh */
#define VEC_TERMINATE 0x22

int dos_fn_terminate(struct dos_ctx *c)
{
    dos_exit_process(c, 0, DOS_TERM_NORMAL, 0);
    return 0;
}

int dos_fn_exit(struct dos_ctx *c)
{
    dos_detail(c, "code %u", reg_lo(c->r->ax));
    dos_exit_process(c, reg_lo(c->r->ax), DOS_TERM_NORMAL, 0);
    return 0;
}

int dos_fn_keep_resident(struct dos_ctx *c)
{
    dos_detail(c, "code %u, %u paragraphs", reg_lo(c->r->ax), c->r->dx);
    dos_exit_process(c, reg_lo(c->r->ax), DOS_TERM_TSR, c->r->dx);
    return 0;
}

/* A copy of the PSP at from (its 20 handles too) at seg with mem_top in
 * its memory size, the vectors of INT 22h-24h from the interrupt table,
 * and its own entry points and handle table (MS-DOS 4.0 DOS/MISC.ASM,
 * SETMEM). Every handle of the copy still refers to its file. */
static void copy_psp(struct dos *d, uint16_t from, uint16_t seg, uint16_t mem_top)
{
    uint8_t p[0x100];
    unsigned size;
    uint32_t jft = dos_jft_lin(d, from, &size);
    mem_read(d->mem, (uint32_t)from << 4, p, sizeof p);
    mem_read(d->mem, jft, p + PSP_JFT, MIN(size, (unsigned)PSP_JFT_DEFAULT));
    if (size < PSP_JFT_DEFAULT)
        memset(p + PSP_JFT + size, PSP_JFT_UNUSED, PSP_JFT_DEFAULT - size);
    p[PSP_INT20] = OP_INT;
    p[PSP_INT20 + 1] = 0x20;
    put_le16(p + PSP_MEM_TOP, mem_top);
    for (unsigned v = 0; v < 3; v++)
        put_le32(p + PSP_TERMINATE + 4 * v, mem_rd32(d->mem, (VEC_TERMINATE + v) * 4u));
    p[PSP_DOS_CALL] = OP_INT;
    p[PSP_DOS_CALL + 1] = 0x21;
    p[PSP_DOS_CALL + 2] = OP_RETF;
    put_le16(p + PSP_JFT_PTR, PSP_JFT);
    put_le16(p + PSP_JFT_PTR + 2, seg);
    put_le16(p + PSP_JFT_SIZE, PSP_JFT_DEFAULT);
    put_le32(p + PSP_NEXT_PDB, 0xFFFFFFFFu);
    mem_write(d->mem, (uint32_t)seg << 4, p, sizeof p);
}

/* 26h: a new PSP at DX, copied from the caller's (the PSP at its CS),
 * with the same memory size; handles are copied, not duplicated. */
int dos_fn_create_psp(struct dos_ctx *c)
{
    struct cpu_regs caller = *c->r;
    if (c->ic)
        intr_caller_regs(c->ic, &caller);
    uint16_t from = c->ic ? caller.cs : c->dos->cur_psp;
    dos_detail(c, "at %04X from %04X", c->r->dx, from);
    copy_psp(c->dos, from, c->r->dx, mem_rd16(c->mem, ((uint32_t)from << 4) + PSP_MEM_TOP));
    return 0;
}

/* 55h: a child of the current process at DX, memory size SI: inherited
 * handles are duplicated (no-inherit ones closed), its parent is the
 * current PSP, and it becomes the current PSP. */
int dos_fn_child_psp(struct dos_ctx *c)
{
    struct dos *d = c->dos;
    uint16_t seg = c->r->dx;
    dos_detail(c, "at %04X, size %04X", seg, c->r->si);
    copy_psp(d, d->cur_psp, seg, c->r->si);
    mem_wr16(c->mem, ((uint32_t)seg << 4) + PSP_PARENT, d->cur_psp);
    mem_fill(c->mem, ((uint32_t)seg << 4) + PSP_JFT, PSP_JFT_UNUSED, PSP_JFT_DEFAULT);
    dos_inherit_handles(d, d->cur_psp, seg);
    d->cur_psp = seg;
    return 0;
}

/* 4Bh: AL mode, DS:DX program, ES:BX parameter block. */
int dos_fn_exec(struct dos_ctx *c)
{
    char path[FS_PATH_MAX];
    int rc = dos_get_path(c, c->r->ds, c->r->dx, path);
    if (rc < 0)
        return rc;
    return dos_exec(c, path, reg_lo(c->r->ax), c->r->es, c->r->bx);
}

/* 4Dh: AL code, AH kind of the last child; read once, as DOS does. */
int dos_fn_return_code(struct dos_ctx *c)
{
    c->r->ax = c->dos->ret_code;
    c->dos->ret_code = 0;
    return 0;
}

static void int20_terminate(void *ctx, struct intr_call *ic)
{
    struct dos_ctx c = {.dos = ctx, .ic = ic, .r = ic->r, .mem = ic->mem};
    dos_exit_process(&c, 0, DOS_TERM_NORMAL, 0);
}

/* INT 27h: terminate and stay resident, DX = bytes to keep from the PSP. */
static void int27_tsr(void *ctx, struct intr_call *ic)
{
    struct dos_ctx c = {.dos = ctx, .ic = ic, .r = ic->r, .mem = ic->mem};
    dos_exit_process(&c, 0, DOS_TERM_TSR, (ic->r->dx + 15) / 16);
}

/* Default INT 00h, reached by a divide error (DIV/IDIV/AAM 0: the CPU
 * pushes the faulting instruction's address, 286+) or by INT 0: MS-DOS
 * prints "Divide overflow" on the console and ends the program the way a
 * Ctrl-C does (4Dh then returns AH=01h). Returning would re-run the DIV. */
static void int00_divide(void *ctx, struct intr_call *ic)
{
    static const char k_msg[] = "\r\nDivide overflow\r\n";
    struct dos *d = ctx;
    struct dos_ctx c = {.dos = ctx, .ic = ic, .r = ic->r, .mem = ic->mem};
    log_quiet(LOG_EXEC, "divide error at %04X:%04X: DOS ends the program", ic->r->cs,
              ic->r->ip);
    bios_tty_write(d->bios, (const uint8_t *)k_msg, sizeof k_msg - 1);
    dos_exit_process(&c, 0, DOS_TERM_CTRL_C, 0);
}

/* Default INT 23h (Ctrl-C): end the program, as DOS does. */
static void int23_break(void *ctx, struct intr_call *ic)
{
    struct dos *d = ctx;
    struct dos_ctx c = {.dos = d, .ic = ic, .r = ic->r, .mem = ic->mem};
    d->ctrl_c_ending = true;
    dos_exit_process(&c, 0, DOS_TERM_CTRL_C, 0);
}

/* Default INT 24h (critical error): answer Fail (AL=3, DOS 3.3+). */
static void int24_critical(void *ctx, struct intr_call *ic)
{
    UNUSED(ctx);
    LOG(LOG_DOS, "critical error (AX=%04X DI=%04X): failing the call", ic->r->ax, ic->r->di);
    reg_set_lo(&ic->r->ax, 3);
}

static void int_dos_noop(void *ctx, struct intr_call *ic)
{
    UNUSED(ctx);
    UNUSED(ic);
}

/* INT 28h (DOS idle) and INT 2Ah AH=84h (network "keyboard busy loop"):
 * programs call them while they wait for input (RBIL INT 28, INT 2A/84). */
#define NET_KEYBOARD_BUSY 0x84
static void int28_idle(void *ctx, struct intr_call *ic)
{
    struct dos *d = ctx;
    UNUSED(ic);
    bios_poll_empty(d->bios, BIOS_POLL_YIELD);
}

static void int2a_network(void *ctx, struct intr_call *ic)
{
    struct dos *d = ctx;
    if (reg_hi(ic->r->ax) == NET_KEYBOARD_BUSY)
        bios_poll_empty(d->bios, BIOS_POLL_YIELD);
}

/* INT 29h: fast console output of AL. */
static void int29_fast_putc(void *ctx, struct intr_call *ic)
{
    struct dos *d = ctx;
    uint8_t ch = reg_lo(ic->r->ax);
    bios_tty_write(d->bios, &ch, 1);
}

void dos_proc_init(struct dos *d)
{
    intr_set(d->intr, 0x00, int00_divide, d);
    intr_set(d->intr, 0x20, int20_terminate, d);
    intr_set(d->intr, 0x22, int_dos_noop, d);
    intr_set(d->intr, 0x23, int23_break, d);
    intr_set(d->intr, 0x24, int24_critical, d);
    intr_set(d->intr, 0x27, int27_tsr, d);
    intr_set(d->intr, 0x28, int28_idle, d);
    intr_set(d->intr, 0x29, int29_fast_putc, d);
    intr_set(d->intr, 0x2A, int2a_network, d);
}
