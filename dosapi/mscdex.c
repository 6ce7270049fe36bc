/* MSCDEX 2.23 at INT 2Fh AH=15h (RBIL INT 2F/AX=1500h-1510h): the CD drive
 * letters, version, volume descriptors and sector reads of the CD images
 * mounted as drives, and device requests (1510h) for audio and status.
 * Without CD drives, 1500h answers BX=0 as when MSCDEX is not loaded. */
#include <stdlib.h>
#include <string.h>

#include "base/common.h"
#include "base/log.h"
#include "bios/rom.h"
#include "dosapi/dos_impl.h"
#include "dosapi/mscdex.h"
#include "fs/cd.h"
#include "fs/drive.h"

#define MSCDEX_VERSION 0x0217 /* 2.23 */
#define DRIVE_CHECK_SIG 0xADAD
#define ERR_INVALID_DRIVE 0x000F
#define ERR_NOT_READY 0x0015
#define ERR_INVALID_FUNCTION 0x0001
#define SECTOR_BYTES 2048u
#define PVD_SECTOR 16u
#define VD_TERMINATOR 0xFF
#define PVD_COPYRIGHT 702 /* file names in the primary volume descriptor */
#define PVD_ABSTRACT 739
#define PVD_BIBLIO 776
#define PVD_FILE_ID_BYTES 37
#define READ_MAX 0x7FFF

struct fs_cd *mscdex_cd(struct mscdex *x, unsigned d)
{
    struct fs_volume vi;
    return d < MSCDEX_MAX_DRIVES && fs_volume(x->fs, d, &vi) == 0 ? vi.cd : NULL;
}

unsigned mscdex_drives(struct mscdex *x, uint8_t *letters)
{
    unsigned n = 0;
    for (unsigned d = 0; d < MSCDEX_MAX_DRIVES; d++)
        if (mscdex_cd(x, d))
            letters[n++] = (uint8_t)d;
    return n;
}

static void ok(struct cpu_regs *r)
{
    regs_set_flag(r, CPU_FLAG_CF, 0);
}

static void error(struct cpu_regs *r, uint16_t code)
{
    r->ax = code;
    regs_set_flag(r, CPU_FLAG_CF, 1);
}

/* The CD of drive CX, or NULL after setting the error. */
static struct fs_cd *drive_cd(struct mscdex *x, struct cpu_regs *r)
{
    struct fs_cd *cd = mscdex_cd(x, r->cx);
    if (!cd)
        error(r, ERR_INVALID_DRIVE);
    else if (x->unit[r->cx].door_open) {
        error(r, ERR_NOT_READY);
        cd = NULL;
    }
    return cd;
}

/* 1505h: volume descriptor DX (0 = the first) into ES:BX; AX its type. */
static void read_vtoc(struct mscdex *x, struct cpu_regs *r)
{
    uint8_t sec[SECTOR_BYTES];
    struct fs_cd *cd = drive_cd(x, r);
    if (!cd)
        return;
    if (fs_cd_read_data(cd, PVD_SECTOR + r->dx, sec) < 0) {
        error(r, ERR_NOT_READY);
        return;
    }
    mem_write_far(x->mem, r->es, r->bx, sec, sizeof sec);
    r->ax = sec[0] == VD_TERMINATOR ? VD_TERMINATOR : sec[0];
    ok(r);
}

/* 1502h-1504h: a file name of the volume descriptor into ES:BX. */
static void pvd_name(struct mscdex *x, struct cpu_regs *r, unsigned off)
{
    uint8_t sec[SECTOR_BYTES], name[PVD_FILE_ID_BYTES + 1] = {0};
    struct fs_cd *cd = drive_cd(x, r);
    if (!cd)
        return;
    if (fs_cd_read_data(cd, PVD_SECTOR, sec) < 0) {
        error(r, ERR_NOT_READY);
        return;
    }
    memcpy(name, sec + off, PVD_FILE_ID_BYTES);
    for (int i = PVD_FILE_ID_BYTES - 1; i >= 0 && (name[i] == ' ' || !name[i]); i--)
        name[i] = 0;
    mem_write_far(x->mem, r->es, r->bx, name, sizeof name);
    ok(r);
}

/* 1508h: DX sectors from SI:DI into ES:BX. */
static void abs_read(struct mscdex *x, struct cpu_regs *r)
{
    uint8_t sec[SECTOR_BYTES];
    struct fs_cd *cd = drive_cd(x, r);
    if (!cd)
        return;
    uint32_t lba = (uint32_t)r->si << 16 | r->di, n = MIN(r->dx, (uint16_t)READ_MAX);
    for (uint32_t i = 0; i < n; i++) {
        if (fs_cd_read_data(cd, lba + i, sec) < 0) {
            error(r, ERR_NOT_READY);
            return;
        }
        mem_write(x->mem, mem_lin(x->mem, r->es, 0) + r->bx + i * SECTOR_BYTES, sec,
                  sizeof sec);
    }
    x->unit[r->cx].head = lba + n;
    ok(r);
}

/* 1500h: installation check: BX drives, CX the first one's letter. */
static void install_check(struct mscdex *x, struct cpu_regs *r)
{
    uint8_t letters[MSCDEX_MAX_DRIVES];
    unsigned n = mscdex_drives(x, letters);
    r->bx = (uint16_t)n;
    r->cx = n ? letters[0] : 0;
}

/* 1501h: driver list: subunit and device header per drive at ES:BX. */
static void driver_list(struct mscdex *x, struct cpu_regs *r)
{
    uint8_t letters[MSCDEX_MAX_DRIVES];
    unsigned n = mscdex_drives(x, letters);
    for (unsigned i = 0; i < n; i++) {
        uint32_t at = mem_lin(x->mem, r->es, (uint16_t)(r->bx + 5 * i));
        mem_wr8(x->mem, at, (uint8_t)i);
        mem_wr32(x->mem, at + 1, (uint32_t)ROM_SEG << 16 | ROM_CDROM_DEVICE);
    }
}

static void copyright_name(struct mscdex *x, struct cpu_regs *r)
{
    pvd_name(x, r, PVD_COPYRIGHT);
}

static void abstract_name(struct mscdex *x, struct cpu_regs *r)
{
    pvd_name(x, r, PVD_ABSTRACT);
}

static void biblio_name(struct mscdex *x, struct cpu_regs *r)
{
    pvd_name(x, r, PVD_BIBLIO);
}

/* 1506h/1507h: debugging on and off. */
static void no_op(struct mscdex *x, struct cpu_regs *r)
{
    UNUSED(x);
    UNUSED(r);
}

/* 1509h: absolute write: the disc is read-only. */
static void abs_write(struct mscdex *x, struct cpu_regs *r)
{
    if (drive_cd(x, r))
        error(r, ERR_INVALID_FUNCTION);
}

static void drive_check(struct mscdex *x, struct cpu_regs *r)
{
    r->ax = mscdex_cd(x, r->cx) ? 0xFFFF : 0;
    r->bx = DRIVE_CHECK_SIG;
}

static void version(struct mscdex *x, struct cpu_regs *r)
{
    UNUSED(x);
    r->bx = MSCDEX_VERSION;
}

/* 150Dh: the drive letters, one byte each, at ES:BX. */
static void drive_letters(struct mscdex *x, struct cpu_regs *r)
{
    uint8_t letters[MSCDEX_MAX_DRIVES];
    unsigned n = mscdex_drives(x, letters);
    mem_write_far(x->mem, r->es, r->bx, letters, n);
}

/* 150Eh: volume descriptor preference: the primary one. */
static void vd_preference(struct mscdex *x, struct cpu_regs *r)
{
    UNUSED(x);
    if (r->bx == 0)
        r->dx = 1;
    ok(r);
}

static void device_request(struct mscdex *x, struct cpu_regs *r)
{
    if (!mscdex_cd(x, r->cx)) {
        error(r, ERR_INVALID_DRIVE);
        return;
    }
    mscdex_request(x, r->cx, r->es, r->bx);
    ok(r);
}

typedef void mscdex_fn(struct mscdex *x, struct cpu_regs *r);

static mscdex_fn *const k_mscdex[] = {
    [0x00] = install_check, [0x01] = driver_list,   [0x02] = copyright_name,
    [0x03] = abstract_name, [0x04] = biblio_name,   [0x05] = read_vtoc,
    [0x06] = no_op,         [0x07] = no_op,         [0x08] = abs_read,
    [0x09] = abs_write,     [0x0B] = drive_check,   [0x0C] = version,
    [0x0D] = drive_letters, [0x0E] = vd_preference, [0x10] = device_request,
};

/* Without a CD drive MSCDEX is not loaded: 1500h says BX=0, the other
 * functions leave every register alone (BX stays, not ADADh). */
void dos_mux_mscdex(struct dos *d, struct cpu_regs *r)
{
    uint8_t letters[MSCDEX_MAX_DRIVES];
    uint8_t al = reg_lo(r->ax);
    if (!d->mscdex || (al != 0x00 && !mscdex_drives(d->mscdex, letters)))
        return;
    if (al >= ARRAY_LEN(k_mscdex) || !k_mscdex[al]) {
        LOG(LOG_DOS, "MSCDEX AX=%04X not supported", r->ax);
        error(r, ERR_INVALID_FUNCTION);
        return;
    }
    k_mscdex[al](d->mscdex, r);
}

void dos_mscdex_init(struct dos *d, struct aud_cdplay *player)
{
    struct mscdex *x = xcalloc(1, sizeof *x);
    x->dos = d;
    x->fs = d->fs;
    x->mem = d->mem;
    x->player = player;
    d->mscdex = x;
    mscdex_device_init(x);
}

void dos_mscdex_free(struct dos *d)
{
    free(d->mscdex);
    d->mscdex = NULL;
}
