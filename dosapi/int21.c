/* INT 21h: one table indexed by AH and one dispatcher that logs, commits
 * CF and AX, records errors for 59h, and refuses unknown functions. */
#include <stdarg.h>
#include <stdio.h>

#include "base/common.h"
#include "base/log.h"
#include "dosapi/dos_impl.h"
#include "dosapi/tables.h"

static const struct dos_entry k_int21[256] = {
#define DOS_ENTRY_(ah, name, fn, flags) [ah] = {fn, #name, flags},
    DOS_INT21_FUNCS(DOS_ENTRY_)
#undef DOS_ENTRY_
};
_Static_assert(ARRAY_LEN(k_int21) == 256, "INT 21h table covers every AH");

void dos_detail(struct dos_ctx *c, const char *fmt, ...)
{
    va_list ap;
    if (!log_enabled(LOG_DOS))
        return;
    va_start(ap, fmt);
    vsnprintf(c->detail, sizeof c->detail, fmt, ap);
    va_end(ap);
}

int dos_get_path(struct dos_ctx *c, uint16_t seg, uint16_t off, char *buf)
{
    int n = mem_str_far(c->mem, seg, off, 0, buf, FS_PATH_MAX);
    if (n < 0)
        return -DOSERR_PATH_NOT_FOUND;
    dos_detail(c, "\"%s\"", buf);
    return n;
}

/* A function number MS-DOS 5 does not have: its dispatcher sets AL=0
 * and returns with CF untouched (MS-DOS 4.0 DOS/DISP.ASM, BADCALL: "we
 * CANNOT set the carry flag ... this may break some programs"). */
static void unknown_function(struct dos_ctx *c, uint8_t ah)
{
    static struct log_once noted;
    if (log_once_first(&noted, ah))
        log_quiet(LOG_DOS,
                  "INT 21h function %02Xh is not implemented (AX=%04Xh); AL=0 as MS-DOS "
                  "returns",
                  ah, c->r->ax);
    reg_set_lo(&c->r->ax, 0);
}

/* Commit a handler's result: CF and, on failure, AX = error code. */
static void commit(struct dos_ctx *c, const struct dos_entry *e, int rc)
{
    struct cpu_regs *r = c->r;
    if (e && (e->flags & DOS_F_NO_CF))
        return;
    if (rc < 0) {
        r->ax = (uint16_t)-rc;
        dos_set_error(c->dos, -rc);
        regs_set_flag(r, CPU_FLAG_CF, 1);
    } else {
        regs_set_flag(r, CPU_FLAG_CF, 0);
    }
}

static void trace(struct dos_ctx *c, uint8_t ah, const struct dos_entry *e, int rc)
{
    const char *name = e ? e->name : "UNKNOWN";
    if (!e)
        log_printf(LOG_DOS, "INT21 %02X UNKNOWN %s -> AL=00 (no such function)", ah, c->detail);
    else if (rc == DOS_WAIT)
        log_printf(LOG_DOS, "INT21 %02X %s %s -> (waiting for input)", ah, name, c->detail);
    else if (rc < 0)
        log_printf(LOG_DOS, "INT21 %02X %s %s -> error %d (%s)", ah, name, c->detail, -rc,
                   doserr_name((enum doserr) - rc));
    else
        log_printf(LOG_DOS, "INT21 %02X %s %s -> AX=%04X", ah, name, c->detail, c->r->ax);
}

/* Long file names (71h) and FAT32 (73h) belong to DOS 7: without them,
 * AL = 00h with CF set is how programs (DJGPP, Watcom) learn it. */
static bool dos7_function(struct dos_ctx *c, uint8_t ah)
{
    enum { DOS7_LFN = 0x71, DOS7_FAT32 = 0x73 };
    if (ah != DOS7_LFN && ah != DOS7_FAT32)
        return false;
    LOG(LOG_DOS, "INT21 %02X (DOS 7, AX=%04X) -> not supported: AL=00h, CF", ah, c->r->ax);
    reg_set_lo(&c->r->ax, 0);
    regs_set_flag(c->r, CPU_FLAG_CF, 1);
    return true;
}

static void int21(void *ctx, struct intr_call *ic)
{
    struct dos_ctx c = {.dos = ctx, .ic = ic, .r = ic->r, .mem = ic->mem};
    const struct cpu_regs entry = *ic->r;
    struct cpu_regs caller;
    uint8_t ah = reg_hi(ic->r->ax);
    const struct dos_entry *e = k_int21[ah].fn ? &k_int21[ah] : NULL;
    int rc = 0;
    if (!e && dos7_function(&c, ah))
        return;
    intr_caller_regs(ic, &caller);
    dos_sda_enter(c.dos, &entry, caller.cs, caller.ip);
    if (!e)
        unknown_function(&c, ah);
    else
        rc = dos_ctrl_c_check(&c, ah) ? DOS_BREAK : e->fn(&c);
    if (log_enabled(LOG_DOS))
        trace(&c, ah, e, rc);
    dos_sda_leave(c.dos, rc == DOS_WAIT);
    if (rc != DOS_WAIT)
        c.dos->tab->work++;
    if (rc == DOS_WAIT) {
        if (dos_idle_call_due(c.dos, ah))
            intr_retry_via(ic, DOS_VEC_IDLE);
        else
            intr_retry(ic);
        return;
    }
    if (rc == DOS_BREAK) {
        dos_ctrl_c(&c, &entry);
        return;
    }
    if (rc == DOS_DONE || !e)
        return;
    if (rc < 0 && dos_crit_error(&c, &entry, ah, &rc))
        return;
    if (!(e->flags & DOS_F_RAW))
        commit(&c, e, rc);
}

void dos_int21_direct(struct dos *d, struct intr_call *ic)
{
    int21(d, ic);
}

void dos_int21_init(struct dos *d)
{
    intr_set(d->intr, 0x21, int21, d);
    dos_crit_init(d);
    dos_nls_init(d);
    dos_ctrl_c_init(d);
}

int dos_int21_call(struct dos *d, struct cpu_regs *r)
{
    struct dos_ctx c = {.dos = d, .r = r, .mem = d->mem};
    uint8_t ah = reg_hi(r->ax);
    const struct dos_entry *e = k_int21[ah].fn ? &k_int21[ah] : NULL;
    int rc;
    if (e && (e->flags & DOS_F_RAW)) {
        ASSERT(!"process-switching functions are not for native callers");
        e = NULL;
    }
    dos_sda_enter(d, r, 0, 0);
    rc = e ? e->fn(&c) : -DOSERR_FUNCTION_INVALID;
    if (log_enabled(LOG_DOS))
        trace(&c, ah, e, rc);
    dos_sda_leave(d, rc == DOS_WAIT);
    if (rc == DOS_WAIT)
        return DOS_CALL_WAIT;
    if (rc == DOS_BREAK) { /* a native caller sees Ctrl-C as the end of input */
        dos_ctrl_c_echo(&c);
        r->ax = 0;
        rc = 0;
    }
    if (rc != DOS_DONE)
        commit(&c, e, rc);
    return 0;
}
