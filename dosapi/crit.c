/* Critical errors (RBIL INT 24h): a disk call failing with a hardware-
 * class error (general failure, read/write fault, not ready, CRC, ...)
 * asks the program's INT 24h handler what to do: ignore, retry, abort or
 * fail. Without a handler of its own the answer is Fail, as the DOS kernel
 * default is. The handler runs as a real guest interrupt with the stack
 * DOS builds (caller's registers pushed), then returns to a ROM callback
 * that completes the INT 21h call. */
#include <string.h>

#include "base/common.h"
#include "base/log.h"
#include "bios/rom.h"
#include "dosapi/dos_impl.h"
#include "dosapi/tables.h"

#define VEC_CRITICAL 0x24
/* AH flags of INT 24h (RBIL table 02544). */
#define CE_WRITE 0x01
#define CE_AREA_DATA 0x06
#define CE_AREA_DIR 0x04
#define CE_FAIL_OK 0x08
#define CE_RETRY_OK 0x10
#define CE_IGNORE_OK 0x20
/* AL answers (RBIL table 02546). */
enum { CE_IGNORE = 0, CE_RETRY = 1, CE_ABORT = 2, CE_FAIL = 3 };
#define SAVED_REGS 9       /* AX BX CX DX SI DI BP DS ES */
#define FCB_IO_FAILED 0x01 /* AL of a failed FCB record transfer */
#define FCB_FAILED 0xFF

/* Disk calls whose failure may be critical (AH values). */
static bool disk_call(uint8_t ah)
{
    return (ah >= 0x0F && ah <= 0x17) || (ah >= 0x21 && ah <= 0x24) || ah == 0x27 ||
           ah == 0x28 || (ah >= 0x39 && ah <= 0x43) || ah == 0x47 || ah == 0x4E || ah == 0x4F ||
           ah == 0x56 || ah == 0x57 || (ah >= 0x5A && ah <= 0x5C) || ah == 0x68 || ah == 0x6C;
}

static bool fcb_call(uint8_t ah)
{
    return (ah >= 0x0F && ah <= 0x17) || (ah >= 0x21 && ah <= 0x24) || ah == 0x27 || ah == 0x28;
}

static bool fcb_io(uint8_t ah)
{
    return ah == 0x14 || ah == 0x15 || ah == 0x21 || ah == 0x22 || ah == 0x27 || ah == 0x28;
}

static bool write_call(uint8_t ah)
{
    return ah == 0x15 || ah == 0x22 || ah == 0x28 || ah == 0x40 || ah == 0x3C || ah == 0x5B ||
           ah == 0x39 || ah == 0x41 || ah == 0x56 || ah == 0x16 || ah == 0x13 || ah == 0x17;
}

/* Errors 13h-1Fh are the driver errors 00h-0Ch of INT 24h (DI = err - 13h). */
bool dos_crit_is_critical(int doserr)
{
    return doserr >= DOSERR_WRITE_PROTECTED && doserr <= DOSERR_GENERAL_FAILURE;
}

/* The call ends failed: CF and AX = 53h ("fail on INT 24"), or AL for
 * the FCB calls. regs are the caller's. */
static void fail_call(struct dos *d, struct cpu_regs *r, uint8_t ah)
{
    dos_set_error(d, DOSERR_FAIL_INT24);
    if (fcb_call(ah)) {
        reg_set_lo(&r->ax, fcb_io(ah) ? FCB_IO_FAILED : FCB_FAILED);
        return;
    }
    r->ax = DOSERR_FAIL_INT24;
    regs_set_flag(r, CPU_FLAG_CF, 1);
}

static void ignore_call(struct cpu_regs *r, uint8_t ah)
{
    if (fcb_call(ah))
        reg_set_lo(&r->ax, 0);
    else {
        r->ax = 0;
        regs_set_flag(r, CPU_FLAG_CF, 0);
    }
}

/* The drive of the failing call: the file's for handle calls. */
static uint8_t failing_drive(struct dos_ctx *c, const struct cpu_regs *entry, uint8_t ah)
{
    struct sft *s;
    bool handle = ah == 0x3F || ah == 0x40 || ah == 0x42 || ah == 0x57 || ah == 0x5C ||
                  ah == 0x68;
    if (handle && dos_handle_sft(c->dos, entry->bx, &s) >= 0 && s->kind == SFT_FILE)
        return (uint8_t)fs_file_drive(s->file);
    return (uint8_t)fs_last_drive(c->dos->fs);
}

static void push16(struct mem *m, struct cpu_regs *r, uint16_t v)
{
    r->sp = (uint16_t)(r->sp - 2);
    mem_wr16(m, mem_lin(m, r->ss, r->sp), v);
}

static uint16_t pop16(struct mem *m, struct cpu_regs *r)
{
    uint16_t v = mem_rd16(m, mem_lin(m, r->ss, r->sp));
    r->sp = (uint16_t)(r->sp + 2);
    return v;
}

/* Enter the guest's INT 24h handler with DOS's stack: the INT 21h frame,
 * the caller's registers at entry, then the INT 24h frame (returning to
 * our callback). */
static void enter_handler(struct dos_ctx *c, const struct cpu_regs *entry, uint8_t ah, int err)
{
    struct mem *m = c->mem;
    struct cpu_regs caller, *r = c->r;
    intr_caller_regs(c->ic, &caller);
    *r = caller;
    push16(m, r, caller.flags);
    push16(m, r, caller.cs);
    push16(m, r, caller.ip);
    const uint16_t saved[SAVED_REGS] = {entry->es, entry->ds, entry->bp, entry->di, entry->si,
                                        entry->dx, entry->cx, entry->bx, entry->ax};
    for (int i = 0; i < SAVED_REGS; i++)
        push16(m, r, saved[i]);
    uint8_t flags = (uint8_t)((c->dos->ver_major >= 3 ? CE_FAIL_OK : 0) | CE_RETRY_OK |
                              CE_IGNORE_OK |
                              (fcb_io(ah) || ah == 0x3F || ah == 0x40 ? CE_AREA_DATA
                                                                      : CE_AREA_DIR) |
                              (write_call(ah) ? CE_WRITE : 0));
    r->ax = (uint16_t)(flags << 8 | failing_drive(c, entry, ah));
    r->di = (uint16_t)(err - DOSERR_WRITE_PROTECTED);
    r->bp = (uint16_t)(dos_block_dev_far() >> 16);
    r->si = (uint16_t)dos_block_dev_far();
    r->flags = (uint16_t)(caller.flags & ~CPU_FLAG_CF);
    push16(m, r, r->flags);
    push16(m, r, ROM_SEG);
    push16(m, r, c->dos->crit_return_off);
    r->flags &= (uint16_t) ~(CPU_FLAG_IF | CPU_FLAG_TF);
    r->ip = mem_rd16(m, VEC_CRITICAL * 4);
    r->cs = mem_rd16(m, VEC_CRITICAL * 4 + 2);
    c->dos->in_crit = true;
}

bool dos_crit_error(struct dos_ctx *c, const struct cpu_regs *entry, uint8_t ah, int *rc)
{
    int err = -*rc;
    if (!disk_call(ah) || !dos_crit_is_critical(err))
        return false;
    dos_set_error(c->dos, err);
    if (c->dos->in_crit || intr_vector_is_default(c->dos->intr, VEC_CRITICAL)) {
        LOG(LOG_DOS, "critical error %d (%s) in INT 21h %02Xh: failing the call", err,
            doserr_name((enum doserr)err), ah);
        fail_call(c->dos, c->r, ah);
        return true;
    }
    LOG(LOG_DOS, "critical error %d in INT 21h %02Xh: calling INT 24h", err, ah);
    enter_handler(c, entry, ah, err);
    return true;
}

/* The guest handler returned (IRET to our callback): AL says what to do. */
static void crit_return(void *ctx, struct intr_call *ic)
{
    struct dos *d = ctx;
    struct cpu_regs *r = ic->r;
    uint8_t action = reg_lo(r->ax);
    uint16_t v[SAVED_REGS];
    for (int i = SAVED_REGS - 1; i >= 0; i--)
        v[i] = pop16(ic->mem, r);
    struct cpu_regs caller = *r;
    caller.es = v[0];
    caller.ds = v[1];
    caller.bp = v[2];
    caller.di = v[3];
    caller.si = v[4];
    caller.dx = v[5];
    caller.cx = v[6];
    caller.bx = v[7];
    caller.ax = v[8];
    caller.ip = pop16(ic->mem, r);
    caller.cs = pop16(ic->mem, r);
    caller.flags = pop16(ic->mem, r);
    caller.sp = r->sp;
    uint8_t ah = reg_hi(caller.ax);
    d->in_crit = false;
    *r = caller;
    LOG(LOG_DOS, "INT 24h handler answered %u", action);
    if (action == CE_FAIL && d->ver_major < 3)
        action = CE_ABORT; /* DOS 2 offers no Fail (RBIL: turned into Abort) */
    if (action == CE_RETRY) {
        dos_int21_direct(d, ic);
    } else if (action == CE_IGNORE) {
        ignore_call(r, ah);
    } else if (action == CE_ABORT) {
        struct dos_ctx c = {.dos = d, .ic = ic, .r = r, .mem = ic->mem};
        dos_exit_process(&c, 0, DOS_TERM_CRITICAL, 0);
    } else {
        fail_call(d, r, ah);
    }
}

void dos_crit_init(struct dos *d)
{
    d->crit_return_off = intr_callback(d->intr, crit_return, d, INTR_EPI_NONE);
}
