/* INT 21h system functions: drives, DTA, vectors, date and time, version,
 * flags, PSP and kernel data pointers, extended error. */
#include "base/common.h"
#include "base/log.h"
#include "dosapi/dos_impl.h"
#include "dosapi/dosdata.h"
#include "dosapi/psp.h"

#define OEM_MICROSOFT 0xFF
#define DOS_IN_HMA 0x10
#define REVISION 0
#define BOOT_DRIVE_C 3
/* AX after a long-file-name call (71xxh) on a DOS without them: programs
 * that can use them test for this value and fall back to 8.3 calls. */
#define LFN_UNSUPPORTED 0x7100

/* 18h, 1Dh, 1Eh, 20h, 61h, 6Bh: CP/M placeholders and unused numbers
 * inside MS-DOS's table: AL=0, nothing else (RBIL INT 21/AH=18h). */
int dos_fn_null(struct dos_ctx *c)
{
    reg_set_lo(&c->r->ax, 0);
    return 0;
}

int dos_fn_disk_reset(struct dos_ctx *c)
{
    UNUSED(c);
    return 0;
}

int dos_fn_select_drive(struct dos_ctx *c)
{
    fs_set_current_drive(c->dos->fs, reg_lo(c->r->dx));
    dos_sync_cds(c->dos);
    reg_set_lo(&c->r->ax, DOS_LASTDRIVE);
    return 0;
}

int dos_fn_current_drive(struct dos_ctx *c)
{
    reg_set_lo(&c->r->ax, (uint8_t)fs_current_drive(c->dos->fs));
    return 0;
}

int dos_fn_set_dta(struct dos_ctx *c)
{
    c->dos->dta_seg = c->r->ds;
    c->dos->dta_off = c->r->dx;
    return 0;
}

int dos_fn_get_dta(struct dos_ctx *c)
{
    c->r->es = c->dos->dta_seg;
    c->r->bx = c->dos->dta_off;
    return 0;
}

int dos_fn_set_vector(struct dos_ctx *c)
{
    uint32_t at = reg_lo(c->r->ax) * 4u;
    mem_wr16(c->mem, at, c->r->dx);
    mem_wr16(c->mem, at + 2, c->r->ds);
    dos_detail(c, "INT %02Xh -> %04X:%04X", reg_lo(c->r->ax), c->r->ds, c->r->dx);
    return 0;
}

int dos_fn_get_vector(struct dos_ctx *c)
{
    uint32_t at = reg_lo(c->r->ax) * 4u;
    c->r->bx = mem_rd16(c->mem, at);
    c->r->es = mem_rd16(c->mem, at + 2);
    return 0;
}

int dos_fn_get_date(struct dos_ctx *c)
{
    struct bios_time t;
    bios_wall_time(c->dos->bios, &t);
    c->r->cx = (uint16_t)t.year;
    c->r->dx = (uint16_t)(t.month << 8 | t.day);
    reg_set_lo(&c->r->ax, (uint8_t)t.wday);
    return 0;
}

static bool valid_date(int y, int m, int d)
{
    static const uint8_t k_days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1980 || y > 2099 || m < 1 || m > 12 || d < 1 || d > k_days[m - 1])
        return false;
    return !(m == 2 && d == 29 && (y % 4 || (y % 100 == 0 && y % 400)));
}

static int days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int era = y / 400, yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy;
}

/* 2Bh: AL=0 on success, FFh for an invalid date. */
int dos_fn_set_date(struct dos_ctx *c)
{
    struct bios_time t;
    int y = c->r->cx, m = reg_hi(c->r->dx), d = reg_lo(c->r->dx);
    if (!valid_date(y, m, d)) {
        reg_set_lo(&c->r->ax, 0xFF);
        return 0;
    }
    bios_wall_time(c->dos->bios, &t);
    int64_t days = days_from_civil(y, m, d) - days_from_civil(t.year, t.month, t.day);
    bios_wall_adjust(c->dos->bios, days * 86400);
    reg_set_lo(&c->r->ax, 0);
    return 0;
}

int dos_fn_get_time(struct dos_ctx *c)
{
    bios_poll_empty(c->dos->bios, BIOS_POLL_CLOCK); /* a program watching the time */
    struct bios_time t;
    bios_wall_time(c->dos->bios, &t);
    c->r->cx = (uint16_t)(t.hour << 8 | t.min);
    c->r->dx = (uint16_t)(t.sec << 8 | t.centi);
    return 0;
}

int dos_fn_set_time(struct dos_ctx *c)
{
    struct bios_time t;
    int h = reg_hi(c->r->cx), m = reg_lo(c->r->cx), s = reg_hi(c->r->dx);
    if (h > 23 || m > 59 || s > 59 || reg_lo(c->r->dx) > 99) {
        reg_set_lo(&c->r->ax, 0xFF);
        return 0;
    }
    bios_wall_time(c->dos->bios, &t);
    bios_wall_adjust(c->dos->bios, (h - t.hour) * 3600 + (m - t.min) * 60 + (s - t.sec));
    reg_set_lo(&c->r->ax, 0);
    return 0;
}

int dos_fn_set_verify(struct dos_ctx *c)
{
    c->dos->verify = reg_lo(c->r->ax) & 1;
    return 0;
}

int dos_fn_get_verify(struct dos_ctx *c)
{
    reg_set_lo(&c->r->ax, c->dos->verify);
    return 0;
}

/* 30h: AL major, AH minor, BH OEM (or the DOS-in-HMA flag for AL=1). */
int dos_fn_get_version(struct dos_ctx *c)
{
    struct cpu_regs *r = c->r;
    uint32_t psp = (uint32_t)c->dos->cur_psp << 4;
    uint8_t sel = reg_lo(r->ax);
    reg_set_lo(&r->ax, mem_rd8(c->mem, psp + PSP_VERSION));
    reg_set_hi(&r->ax, mem_rd8(c->mem, psp + PSP_VERSION + 1));
    reg_set_hi(&r->bx, sel == 1 ? 0 : OEM_MICROSOFT);
    reg_set_lo(&r->bx, 0);
    r->cx = 0;
    return 0;
}

/* 33h: Ctrl-Break flag (00h-02h), boot drive (05h), true version (06h). */
int dos_fn_break_version(struct dos_ctx *c)
{
    struct dos *d = c->dos;
    struct cpu_regs *r = c->r;
    uint8_t old = d->break_check;
    switch (reg_lo(r->ax)) {
    case 0x00:
        reg_set_lo(&r->dx, old);
        return 0;
    case 0x01:
        d->break_check = reg_lo(r->dx) & 1;
        return 0;
    case 0x02:
        d->break_check = reg_lo(r->dx) & 1;
        reg_set_lo(&r->dx, old);
        return 0;
    case 0x05:
        reg_set_lo(&r->dx, BOOT_DRIVE_C);
        return 0;
    case 0x06:
        r->bx = (uint16_t)(d->ver_minor << 8 | d->ver_major);
        r->dx = (uint16_t)(d->dos_high ? DOS_IN_HMA << 8 : 0) | REVISION;
        return 0;
    default:
        reg_set_lo(&r->ax, 0xFF);
        return 0;
    }
}

int dos_fn_indos_address(struct dos_ctx *c)
{
    c->r->es = DOS_DATA_SEG;
    c->r->bx = DD_INDOS;
    return 0;
}

int dos_fn_switch_char(struct dos_ctx *c)
{
    struct cpu_regs *r = c->r;
    switch (reg_lo(r->ax)) {
    case 0x00:
        reg_set_lo(&r->dx, c->dos->switch_char);
        reg_set_lo(&r->ax, 0);
        return 0;
    case 0x01:
        c->dos->switch_char = reg_lo(r->dx);
        reg_set_lo(&r->ax, 0);
        return 0;
    case 0x02:
        reg_set_lo(&r->dx, 0xFF); /* devices need /DEV/ prefix: no */
        reg_set_lo(&r->ax, 0);
        return 0;
    default:
        reg_set_lo(&r->ax, 0xFF);
        return 0;
    }
}

int dos_fn_set_psp(struct dos_ctx *c)
{
    c->dos->cur_psp = c->r->bx;
    return 0;
}

int dos_fn_get_psp(struct dos_ctx *c)
{
    c->r->bx = c->dos->cur_psp;
    return 0;
}

int dos_fn_list_of_lists(struct dos_ctx *c)
{
    c->r->es = DOS_DATA_SEG;
    c->r->bx = DD_LOL;
    return 0;
}

/* 59h: AX code, BH class, BL suggested action, CH locus. */
int dos_fn_extended_error(struct dos_ctx *c)
{
    struct dos *d = c->dos;
    c->r->ax = d->err.code;
    c->r->bx = (uint16_t)(d->err.cls << 8 | d->err.action);
    reg_set_hi(&c->r->cx, d->err.locus);
    return 0;
}

/* 71xxh, Windows 95's long-file-name API: absent, as in DOS without
 * Windows: AX = 7100h and CF set, the answer programs look for. */
int dos_fn_long_names(struct dos_ctx *c)
{
    c->r->ax = LFN_UNSUPPORTED;
    regs_set_flag(c->r, CPU_FLAG_CF, 1);
    return 0;
}
