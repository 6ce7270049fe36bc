/* The swappable data area (RBIL INT 21/AX=5D06h, tables 01687 and 01690;
 * MS-DOS 4.0 INC/CONST2.ASM): the critical-error flag, InDOS, the last
 * error, the DTA, the current PSP, the return code and the current drive,
 * at DOS:0320h. InDOS counts the INT 21h calls in progress as MS-DOS's
 * dispatcher does (33h, 50h, 51h, 62h and 64h leave it alone), so a TSR
 * waking on the timer sees it set while DOS waits for a key. The fields
 * are shared: what a program writes there (a TSR restoring a saved SDA)
 * becomes the kernel's state, and the kernel's state is shown there
 * before the guest runs again. */
#include <string.h>

#include "base/bytes.h"
#include "base/common.h"
#include "base/log.h"
#include "bios/bda.h"
#include "dosapi/dosdata.h"
#include "dosapi/tables.h"

#define SDA_ERRORMODE 0x00
#define SDA_INDOS 0x01
#define SDA_ERR_DRIVE 0x02
#define SDA_ERR_LOCUS 0x03
#define SDA_ERR_CODE 0x04
#define SDA_ERR_ACTION 0x06
#define SDA_ERR_CLASS 0x07
#define SDA_ERR_PTR 0x08
#define SDA_DTA 0x0C
#define SDA_PSP 0x10
#define SDA_RET_CODE 0x14
#define SDA_DRIVE 0x16
#define SDA_BREAK 0x17
#define SDA4_USER_AX 0x1A /* DOS 4+: after two code-page flags */
#define SDA3_USER_AX 0x18
#define SDA_BYTES 0x078C     /* through the three DOS stacks */
#define SDA_LOOKAHEAD 0x0780 /* DOS 4+: the flag 64h sets */
#define SDA4_CUR_SFT 0x027E  /* DOS 4+: the SFT and CDS being worked on */
#define SDA4_CUR_CDS 0x0282
/* Before the SDA (RBIL table 01690, offsets -34 to -30). */
#define PRE_BYTES SDA_PRE_BYTES
#define PRE_SWITCH_CHAR 0x03
#define PRE_STRATEGY 0x04
#define NO_DRIVE 0xFF
/* 5D0Bh's list (RBIL table 01689): count, then address and length. */
#define SWAP_ALWAYS_FLAG 0x8000
#define SWAP_AREAS 2
#define SWAP_RECORD 6
/* Functions MS-DOS serves before marking itself busy (DOS/DISP.ASM). */
#define FN_BREAK 0x33
#define FN_SET_PSP 0x50
#define FN_GET_PSP 0x51
#define FN_GET_PSP2 0x62
#define FN_PRINTER_FLAG 0x64
#define FN_LAST_CHAR_IO 0x0C
#define FN_CHAR_FIRST 0x01
#define FN_READ_HANDLE 0x3F
#define FN_EXT_ERROR 0x59

#define EXPORT_START (DD_SDA - PRE_BYTES)
#define EXPORT_BYTES (PRE_BYTES + SDA_EXPORT_BYTES)
_Static_assert(sizeof((struct dos_tables *)0)->sda_shadow == EXPORT_BYTES,
               "the shadow holds what is exported");

static uint32_t dd(unsigned off)
{
    return ((uint32_t)DOS_DATA_SEG << 4) + off;
}

static unsigned user_ax_at(const struct dos *d)
{
    return d->ver_major >= 4 ? SDA4_USER_AX : SDA3_USER_AX;
}

/* What the swap-always area and its prefix say now, from native state. */
static void build(struct dos *d, uint8_t *b)
{
    uint8_t *s = b + PRE_BYTES;
    memset(b, 0, EXPORT_BYTES);
    b[PRE_SWITCH_CHAR] = d->switch_char;
    b[PRE_STRATEGY] = d->strategy;
    s[SDA_ERRORMODE] = d->in_crit ? 1 : 0;
    s[SDA_INDOS] = (uint8_t)MIN(d->tab->indos, 0xFFu);
    s[SDA_ERR_DRIVE] = NO_DRIVE;
    s[SDA_ERR_LOCUS] = d->err.locus;
    put_le16(s + SDA_ERR_CODE, d->err.code);
    s[SDA_ERR_ACTION] = d->err.action;
    s[SDA_ERR_CLASS] = d->err.cls;
    put_le32(s + SDA_ERR_PTR, d->tab->err_ptr);
    put_le16(s + SDA_DTA, d->dta_off);
    put_le16(s + SDA_DTA + 2, d->dta_seg);
    put_le16(s + SDA_PSP, d->cur_psp);
    put_le16(s + SDA_RET_CODE, d->ret_code);
    s[SDA_DRIVE] = (uint8_t)fs_current_drive(d->fs);
    s[SDA_BREAK] = d->break_check;
    put_le16(s + user_ax_at(d), d->tab->user_ax);
}

/* The current SFT and CDS pointers (DOS 4+), when they changed. */
static void export_current(struct dos *d)
{
    struct dos_tables *t = d->tab;
    uint32_t sft = t->cur_sft < DOS_MAX_SFT ? dos_sft_entry_far(d, t->cur_sft) : 0;
    if (d->ver_major < 4 || (sft == t->shown_sft && t->cur_cds == t->shown_cds))
        return;
    t->shown_sft = sft;
    t->shown_cds = t->cur_cds;
    mem_wr32(d->mem, dd(DD_SDA + SDA4_CUR_SFT), sft);
    mem_wr32(d->mem, dd(DD_SDA + SDA4_CUR_CDS), t->cur_cds);
}

void dos_sda_export(struct dos *d)
{
    uint8_t b[EXPORT_BYTES], *old = d->tab->sda_shadow;
    size_t len;
    export_current(d);
    build(d, b);
    size_t first = bytes_diff(b, old, EXPORT_BYTES, &len);
    if (!len)
        return;
    mem_write_data(d->mem, dd(EXPORT_START) + first, b + first, len);
    memcpy(old, b, EXPORT_BYTES);
}

static bool changed16(const uint8_t *now, const uint8_t *old, unsigned at)
{
    return get_le16(now + at) != get_le16(old + at);
}

/* The error fields a program put back (59h reports them). */
static void import_error(struct dos *d, const uint8_t *s, const uint8_t *o)
{
    if (!changed16(s, o, SDA_ERR_CODE) && s[SDA_ERR_LOCUS] == o[SDA_ERR_LOCUS] &&
        s[SDA_ERR_ACTION] == o[SDA_ERR_ACTION] && s[SDA_ERR_CLASS] == o[SDA_ERR_CLASS] &&
        get_le32(s + SDA_ERR_PTR) == get_le32(o + SDA_ERR_PTR))
        return;
    d->err.code = get_le16(s + SDA_ERR_CODE);
    d->err.locus = s[SDA_ERR_LOCUS];
    d->err.action = s[SDA_ERR_ACTION];
    d->err.cls = s[SDA_ERR_CLASS];
    d->tab->err_ptr = get_le32(s + SDA_ERR_PTR);
}

static void import_process(struct dos *d, const uint8_t *s, const uint8_t *o)
{
    if (changed16(s, o, SDA_PSP))
        d->cur_psp = get_le16(s + SDA_PSP);
    if (changed16(s, o, SDA_DTA) || changed16(s, o, SDA_DTA + 2)) {
        d->dta_off = get_le16(s + SDA_DTA);
        d->dta_seg = get_le16(s + SDA_DTA + 2);
    }
    if (changed16(s, o, SDA_RET_CODE))
        d->ret_code = get_le16(s + SDA_RET_CODE);
    if (s[SDA_DRIVE] != o[SDA_DRIVE] && fs_drive_valid(d->fs, s[SDA_DRIVE]))
        fs_set_current_drive(d->fs, s[SDA_DRIVE]);
    if (s[SDA_BREAK] != o[SDA_BREAK])
        d->break_check = s[SDA_BREAK] & 1;
}

void dos_sda_import(struct dos *d)
{
    uint8_t b[EXPORT_BYTES], *old = d->tab->sda_shadow;
    mem_read(d->mem, dd(EXPORT_START), b, sizeof b);
    if (!memcmp(b, old, sizeof b))
        return;
    if (b[PRE_SWITCH_CHAR] != old[PRE_SWITCH_CHAR])
        d->switch_char = b[PRE_SWITCH_CHAR];
    if (b[PRE_STRATEGY] != old[PRE_STRATEGY])
        d->strategy = b[PRE_STRATEGY];
    import_error(d, b + PRE_BYTES, old + PRE_BYTES);
    import_process(d, b + PRE_BYTES, old + PRE_BYTES);
    memcpy(old, b, sizeof b);
    LOG(LOG_DOS, "SDA changed by the program: PSP %04X, DTA %04X:%04X", d->cur_psp, d->dta_seg,
        d->dta_off);
}

/* The SDA keeps AX only for the calls MS-DOS runs on its disk stack (RBIL
 * table 01690: not 00h-0Ch, 50h, 51h, 59h, 62h). */
static bool keeps_ax(uint8_t ah)
{
    return ah > FN_LAST_CHAR_IO && ah != FN_SET_PSP && ah != FN_GET_PSP && ah != FN_EXT_ERROR &&
           ah != FN_GET_PSP2;
}

static bool counts_indos(uint8_t ah)
{
    return ah != FN_BREAK && ah != FN_SET_PSP && ah != FN_GET_PSP && ah != FN_GET_PSP2 &&
           ah != FN_PRINTER_FLAG;
}

void dos_sda_enter(struct dos *d, const struct cpu_regs *r, uint16_t cs, uint16_t ip)
{
    struct dos_tables *t = d->tab;
    uint8_t ah = reg_hi(r->ax);
    bool retry = t->wait_pending && t->wait_cs == cs && t->wait_ip == ip;
    if (retry)
        t->wait_pending = false;
    else if (counts_indos(ah))
        t->indos++;
    if (keeps_ax(ah))
        t->user_ax = r->ax;
    t->call_regs = *r;
    t->call_regs.cs = cs;
    t->call_regs.ip = ip;
    t->call_counted = retry || counts_indos(ah);
    t->call_cs = cs;
    t->call_ip = ip;
}

/* A program hooked INT 28h and its turn has come. MS-DOS calls it on
 * every turn of its wait loop. Here, again at once while the handler works
 * (PRINT printing: DOS calls, driver requests), else once per timer tick,
 * the turns between sleeping until an event. */
static bool idle_turn(struct dos *d)
{
    struct dos_tables *t = d->tab;
    if (intr_vector_is_default(d->intr, DOS_VEC_IDLE))
        return false;
    uint32_t tick = mem_rd32(d->mem, BDA_LIN + BDA_TIMER_TICKS);
    if (tick == t->idle_tick && t->work == t->idle_work)
        return false;
    t->idle_tick = tick;
    t->idle_work = t->work;
    return true;
}

bool dos_idle_call_due(struct dos *d, uint8_t ah)
{
    bool char_fn = (ah >= FN_CHAR_FIRST && ah <= FN_LAST_CHAR_IO) || ah == FN_READ_HANDLE;
    return char_fn && d->tab->indos == 1 && idle_turn(d);
}

/* The shell waits for a line (polling, or in a character function). */
bool dos_native_wait_idle_due(struct dos *d)
{
    return d->tab->indos <= 1 && idle_turn(d);
}

void dos_sda_leave(struct dos *d, bool still_waiting)
{
    struct dos_tables *t = d->tab;
    if (still_waiting && t->call_counted) {
        t->wait_pending = true;
        t->wait_cs = t->call_cs;
        t->wait_ip = t->call_ip;
        return;
    }
    if (t->call_counted && t->indos)
        t->indos--;
    t->call_counted = false;
}

/* 5D0Bh (DOS 4.x): the swap-always area, then the rest. */
static void swap_list(struct dos *d)
{
    uint8_t b[2 + SWAP_AREAS * SWAP_RECORD];
    unsigned always = user_ax_at(d);
    put_le16(b, SWAP_AREAS);
    put_le32(b + 2, (uint32_t)DOS_DATA_SEG << 16 | DD_SDA);
    put_le16(b + 6, (uint16_t)(SWAP_ALWAYS_FLAG | always));
    put_le32(b + 8, (uint32_t)DOS_DATA_SEG << 16 | (DD_SDA + always));
    put_le16(b + 12, (uint16_t)(SDA_BYTES - always));
    mem_write(d->mem, dd(DD_SWAP_LIST), b, sizeof b);
}

void dos_sda_init(struct dos *d)
{
    d->tab->cur_sft = DOS_MAX_SFT;
    d->tab->cur_cds = dos_cds_far(d, fs_current_drive(d->fs));
    swap_list(d);
    memset(d->tab->sda_shadow, 0, sizeof d->tab->sda_shadow);
    dos_sda_export(d);
}

/* 5D06h: DS:SI the SDA, CX its size, DX the part always swapped. */
static int get_sda(struct dos_ctx *c)
{
    if (c->dos->ver_major < 3)
        return -DOSERR_FUNCTION_INVALID;
    c->r->ds = DOS_DATA_SEG;
    c->r->si = DD_SDA;
    c->r->cx = SDA_BYTES;
    c->r->dx = (uint16_t)user_ax_at(c->dos);
    return 0;
}

/* 5D0Bh, DOS 4.x only (5.0 went back to 5D06h). */
static int get_swap_list(struct dos_ctx *c)
{
    if (c->dos->ver_major != 4)
        return -DOSERR_FUNCTION_INVALID;
    c->r->ds = DOS_DATA_SEG;
    c->r->si = DD_SWAP_LIST;
    return 0;
}

/* DOS parameter list (RBIL table 01686): AX BX CX DX SI DI DS ES, then
 * reserved, machine ID, PSP. */
enum {
    DPL_AX = 0,
    DPL_BX = 2,
    DPL_CX = 4,
    DPL_DX = 6,
    DPL_SI = 8,
    DPL_DI = 10,
    DPL_DS = 12,
    DPL_ES = 14,
    DPL_BYTES = 22
};

/* 5D0Ah: the error 59h reports next, from the list at DS:DX. */
static int set_error(struct dos_ctx *c)
{
    uint8_t p[DPL_BYTES];
    struct dos *d = c->dos;
    mem_read_far(c->mem, c->r->ds, c->r->dx, p, sizeof p);
    d->err.code = get_le16(p + DPL_AX);
    d->err.cls = p[DPL_BX + 1];
    d->err.action = p[DPL_BX];
    d->err.locus = p[DPL_CX + 1];
    d->tab->err_ptr = (uint32_t)get_le16(p + DPL_ES) << 16 | get_le16(p + DPL_DI);
    return 0;
}

/* 5D00h: run the call the list describes, as for a network server. */
static int server_call(struct dos_ctx *c)
{
    uint8_t p[DPL_BYTES];
    struct cpu_regs *r = c->r;
    mem_read_far(c->mem, r->ds, r->dx, p, sizeof p);
    if (get_le16(p + DPL_AX) >> 8 == 0x5D || !c->ic)
        return -DOSERR_FUNCTION_INVALID;
    r->ax = get_le16(p + DPL_AX);
    r->bx = get_le16(p + DPL_BX);
    r->cx = get_le16(p + DPL_CX);
    r->dx = get_le16(p + DPL_DX);
    r->si = get_le16(p + DPL_SI);
    r->di = get_le16(p + DPL_DI);
    r->ds = get_le16(p + DPL_DS);
    r->es = get_le16(p + DPL_ES);
    dos_int21_direct(c->dos, c->ic);
    return DOS_DONE;
}

/* 64h (DOS 3.2+ internal): AL is the flag that decides whether 08h
 * reads ahead from the device (RBIL INT 21/AH=64h); DOS keeps it in the
 * SDA, and so do we: our devices have no lookahead to change. */
int dos_fn_lookahead(struct dos_ctx *c)
{
    mem_wr8(c->mem, dd(DD_SDA + SDA_LOOKAHEAD), reg_lo(c->r->ax));
    return 0;
}

/* 5Dh: network and SHARE internals (RBIL INT 21/AX=5D00h-5D0Bh). The
 * ones that need SHARE's records or a network answer error 1. */
int dos_fn_server(struct dos_ctx *c)
{
    switch (reg_lo(c->r->ax)) {
    case 0x00:
        return server_call(c);
    case 0x06:
        return get_sda(c);
    case 0x0A:
        return set_error(c);
    case 0x0B:
        return get_swap_list(c);
    default:
        return -DOSERR_FUNCTION_INVALID;
    }
}
