/* INT 13h disk services for image drives (RBIL INT 13): CHS and extended
 * (LBA) reads, writes and verifies, drive parameters, the disk change
 * line. Floppy images on A: and B: are drives 00h and 01h; the other FAT
 * disk images, in drive-letter order, are hard disks 80h, 81h, ... The
 * disk is the whole image (a partitioned image's MBR is sector 0). Writes
 * tell the image's FAT drive to reload its caches. Host directories are
 * no disks here: their drive numbers answer "invalid function". */
#include <string.h>

#include "base/bytes.h"
#include "base/common.h"
#include "base/doserr.h"
#include "base/log.h"
#include "bios/bda.h"
#include "bios/bios_impl.h"
#include "bios/rom.h"
#include "fs/disk.h"
#include "fs/drive.h"

#define VEC_DISK 0x13
#define VEC_DISKETTE_PARAMS 0x1E
#define HD_FIRST 0x80u
#define DRIVE_A 0
#define DRIVE_C 2
#define MAX_XFER_SECTORS 128u
/* Status codes (AH). */
enum {
    ST_OK = 0x00,
    ST_BAD_COMMAND = 0x01,
    ST_WRITE_PROTECTED = 0x03,
    ST_NOT_FOUND = 0x04,
    ST_CHANGED = 0x06,
    ST_TIMEOUT = 0x80,
};
/* 08h floppy drive types (BL). */
enum { FT_360K = 1, FT_1200K = 2, FT_720K = 3, FT_1440K = 4, FT_2880K = 6 };
/* 15h drive types (AH). */
enum { DT_FLOPPY_CHANGE_LINE = 2, DT_HARD_DISK = 3 };
#define EDD_SIGNATURE 0x55AA
#define EDD_VERSION_11 0x21
#define EDD_FIXED_ACCESS 0x0001
#define DAP_COUNT 0x02
#define DAP_BUFFER 0x04
#define DAP_LBA 0x08
#define DAP_BYTES 0x10
#define DRP_BYTES 0x1A
#define DRP_FLAGS_CHS_VALID 0x0002

/* IBM AT diskette parameter table (INT 1Eh), 1.44 MB values. */
static const uint8_t k_diskette_params[] = {0xDF, 0x02, 0x25, 0x02, 0x12, 0x1B,
                                            0xFF, 0x6C, 0xF6, 0x0F, 0x08};

struct disk_call {
    struct bios *b;
    struct cpu_regs *r;
    unsigned letter; /* the drive letter the BIOS drive is */
    struct fs_volume vi;
    struct fs_disk *disk;
    bool floppy;
};

/* The drive letter of BIOS drive dl, or -1: the floppy images of A: and
 * B: in that order (B: alone is drive 00h, as on a one-floppy PC), then
 * the other FAT images. */
static int letter_of(struct bios *b, uint8_t dl)
{
    struct fs_volume vi;
    bool hd = dl >= HD_FIRST;
    unsigned k = 0;
    for (unsigned d = hd ? DRIVE_C : DRIVE_A; d < (hd ? FS_MAX_DRIVES : DRIVE_C); d++) {
        if (fs_volume(b->fs, d, &vi) < 0 || !vi.fat_bits)
            continue;
        if (k++ == (unsigned)(dl - (hd ? HD_FIRST : 0)))
            return (int)d;
    }
    return -1;
}

static unsigned hard_disks(struct bios *b)
{
    unsigned n = 0;
    while (letter_of(b, (uint8_t)(HD_FIRST + n)) >= 0)
        n++;
    return n;
}

static void finish(struct disk_call *c, uint8_t status)
{
    reg_set_hi(&c->r->ax, status);
    regs_set_flag(c->r, CPU_FLAG_CF, status != ST_OK);
    mem_wr8(c->b->mem, BDA_LIN + (c->floppy ? BDA_FLOPPY_STATUS : BDA_HD_STATUS), status);
}

static uint8_t status_of(int rc)
{
    if (rc == -DOSERR_WRITE_PROTECTED)
        return ST_WRITE_PROTECTED;
    return rc < 0 ? ST_NOT_FOUND : ST_OK;
}

/* Move count sectors between lba and guest memory seg:off. */
static uint8_t transfer(struct disk_call *c, uint64_t lba, uint32_t count, uint16_t seg,
                        uint16_t off, bool write, uint32_t *done)
{
    uint8_t sec[FS_SECTOR_BYTES];
    *done = 0;
    if (write && fs_disk_readonly(c->disk))
        return ST_WRITE_PROTECTED;
    for (; *done < count; (*done)++) {
        uint16_t o = (uint16_t)(off + *done * FS_SECTOR_BYTES);
        int rc;
        if (write) {
            mem_read_far(c->b->mem, seg, o, sec, sizeof sec);
            rc = fs_disk_write(c->disk, lba + *done, 1, sec);
            fs_disk_touch(c->disk);
        } else {
            rc = fs_disk_read(c->disk, lba + *done, 1, sec);
            if (rc == 0)
                mem_write_far(c->b->mem, seg, o, sec, sizeof sec);
        }
        if (rc < 0)
            return status_of(rc);
    }
    return ST_OK;
}

static bool chs_lba(struct disk_call *c, uint64_t *lba)
{
    struct fs_disk_geom g;
    fs_disk_geometry(c->disk, &g);
    uint32_t cyl = reg_hi(c->r->cx) | (uint32_t)(reg_lo(c->r->cx) & 0xC0) << 2;
    uint32_t sector = reg_lo(c->r->cx) & 0x3F, head = reg_hi(c->r->dx);
    if (!sector || sector > g.spt || head >= g.heads || cyl >= g.cyls)
        return false;
    *lba = ((uint64_t)cyl * g.heads + head) * g.spt + sector - 1;
    return true;
}

/* 02h read, 03h write, 04h verify: AL sectors at CHS CX/DH, ES:BX. */
static void rw_chs(struct disk_call *c, bool write, bool verify)
{
    uint64_t lba;
    uint32_t count = reg_lo(c->r->ax), done = 0;
    uint8_t st = ST_NOT_FOUND;
    if (!count || count > MAX_XFER_SECTORS) {
        st = ST_BAD_COMMAND;
    } else if (chs_lba(c, &lba)) {
        if (verify)
            st = lba + count <= fs_disk_sectors(c->disk) ? ST_OK : ST_NOT_FOUND;
        else
            st = transfer(c, lba, count, c->r->es, c->r->bx, write, &done);
        done = verify && st == ST_OK ? count : done;
    }
    reg_set_lo(&c->r->ax, (uint8_t)done);
    finish(c, st);
}

/* 05h: format the AL sectors of a track whose address fields (cylinder,
 * head, sector, size code) are at ES:BX: each is filled with F6h, as the
 * controller does. Only 512-byte sectors. */
static void format_track(struct disk_call *c)
{
    enum { FORMAT_FILL = 0xF6, SIZE_512 = 2, ADDRESS_BYTES = 4 };
    struct fs_disk_geom g;
    uint8_t sec[FS_SECTOR_BYTES];
    uint8_t st = ST_OK;
    fs_disk_geometry(c->disk, &g);
    memset(sec, FORMAT_FILL, sizeof sec);
    if (fs_disk_readonly(c->disk)) {
        finish(c, ST_WRITE_PROTECTED);
        return;
    }
    for (unsigned i = 0; i < reg_lo(c->r->ax) && st == ST_OK; i++) {
        uint8_t a[ADDRESS_BYTES];
        mem_read_far(c->b->mem, c->r->es, (uint16_t)(c->r->bx + i * ADDRESS_BYTES), a,
                     sizeof a);
        if (a[3] != SIZE_512 || !a[2] || a[2] > g.spt || a[1] >= g.heads || a[0] >= g.cyls) {
            LOG(LOG_BIOS, "INT 13h format: address field %u/%u/%u size %u is not on the disk",
                a[0], a[1], a[2], a[3]);
            st = ST_NOT_FOUND;
            break;
        }
        uint64_t lba = ((uint64_t)a[0] * g.heads + a[1]) * g.spt + a[2] - 1;
        st = status_of(fs_disk_write(c->disk, lba, 1, sec));
    }
    fs_disk_touch(c->disk);
    finish(c, st);
}

static uint8_t floppy_type(const struct fs_disk_geom *g)
{
    if (g->cyls <= 40)
        return FT_360K;
    if (g->spt <= 9)
        return FT_720K;
    if (g->spt <= 15)
        return FT_1200K;
    return g->spt <= 21 ? FT_1440K : FT_2880K;
}

/* 08h: the geometry's last cylinder, head and sector; drive count. */
static void params(struct disk_call *c)
{
    struct fs_disk_geom g;
    fs_disk_geometry(c->disk, &g);
    uint32_t maxc = MIN(g.cyls, 1024u) - 1;
    c->r->ax = 0;
    c->r->cx = (uint16_t)((maxc & 0xFF) << 8 | (maxc >> 8 & 3) << 6 | (g.spt & 0x3F));
    reg_set_hi(&c->r->dx, (uint8_t)(g.heads - 1));
    if (c->floppy) {
        reg_set_lo(&c->r->bx, floppy_type(&g));
        reg_set_lo(&c->r->dx, (uint8_t)(letter_of(c->b, 1) >= 0 ? 2 : 1));
        c->r->es = ROM_SEG;
        c->r->di = ROM_DISKETTE_PARAMS;
    } else {
        reg_set_lo(&c->r->dx, (uint8_t)hard_disks(c->b));
    }
    finish(c, ST_OK);
}

/* 15h: the drive's type (and a hard disk's sector count in CX:DX). */
static void drive_type(struct disk_call *c)
{
    if (c->floppy) {
        finish(c, ST_OK);
        reg_set_hi(&c->r->ax, DT_FLOPPY_CHANGE_LINE);
        return;
    }
    uint64_t n = MIN(fs_disk_sectors(c->disk), (uint64_t)UINT32_MAX);
    finish(c, ST_OK);
    reg_set_hi(&c->r->ax, DT_HARD_DISK);
    c->r->cx = (uint16_t)(n >> 16);
    c->r->dx = (uint16_t)n;
}

/* 42h/43h/44h: the disk address packet at DS:SI. */
static void rw_ext(struct disk_call *c, bool write, bool verify)
{
    uint8_t p[DAP_BYTES];
    uint32_t done = 0;
    mem_read_far(c->b->mem, c->r->ds, c->r->si, p, sizeof p);
    uint32_t count = get_le16(p + DAP_COUNT);
    uint64_t lba = get_le32(p + DAP_LBA) | (uint64_t)get_le32(p + DAP_LBA + 4) << 32;
    uint8_t st = ST_OK;
    if (verify)
        st = lba + count <= fs_disk_sectors(c->disk) ? ST_OK : ST_NOT_FOUND;
    else if (count)
        st = transfer(c, lba, MIN(count, MAX_XFER_SECTORS), get_le16(p + DAP_BUFFER + 2),
                      get_le16(p + DAP_BUFFER), write, &done);
    mem_wr16(c->b->mem, mem_lin(c->b->mem, c->r->ds, (uint16_t)(c->r->si + DAP_COUNT)),
             (uint16_t)(verify && st == ST_OK ? count : done));
    finish(c, st);
}

/* 48h: drive parameters into the buffer at DS:SI. */
static void ext_params(struct disk_call *c)
{
    struct fs_disk_geom g;
    uint8_t p[DRP_BYTES] = {0};
    fs_disk_geometry(c->disk, &g);
    uint64_t n = fs_disk_sectors(c->disk);
    put_le16(p, DRP_BYTES);
    put_le16(p + 2, DRP_FLAGS_CHS_VALID);
    put_le32(p + 4, g.cyls);
    put_le32(p + 8, g.heads);
    put_le32(p + 12, g.spt);
    put_le32(p + 16, (uint32_t)n);
    put_le32(p + 20, (uint32_t)(n >> 32));
    put_le16(p + 24, FS_SECTOR_BYTES);
    mem_write_far(c->b->mem, c->r->ds, c->r->si, p, sizeof p);
    finish(c, ST_OK);
}

/* 00h reset, 0Ch seek, 0Dh reset, 10h ready, 11h recalibrate, 17h/18h
 * media type, 47h extended seek: nothing moves on an image. */
static void no_op(struct disk_call *c)
{
    finish(c, ST_OK);
}

static void last_status(struct disk_call *c)
{
    reg_set_hi(&c->r->ax, 0);
    reg_set_lo(&c->r->ax,
               mem_rd8(c->b->mem, BDA_LIN + (c->floppy ? BDA_FLOPPY_STATUS : BDA_HD_STATUS)));
    regs_set_flag(c->r, CPU_FLAG_CF, reg_lo(c->r->ax) != 0);
}

static void read_chs(struct disk_call *c)
{
    rw_chs(c, false, false);
}

static void write_chs(struct disk_call *c)
{
    rw_chs(c, true, false);
}

static void verify_chs(struct disk_call *c)
{
    rw_chs(c, false, true);
}

static void change_line(struct disk_call *c)
{
    finish(c, fs_media_changed(c->b->fs, c->letter) ? ST_CHANGED : ST_OK);
}

static void ext_check(struct disk_call *c)
{
    if (c->r->bx != EDD_SIGNATURE) {
        finish(c, ST_BAD_COMMAND);
        return;
    }
    c->r->bx = 0xAA55;
    c->r->cx = EDD_FIXED_ACCESS;
    finish(c, ST_OK);
    reg_set_hi(&c->r->ax, EDD_VERSION_11);
}

static void read_ext(struct disk_call *c)
{
    rw_ext(c, false, false);
}

static void write_ext(struct disk_call *c)
{
    rw_ext(c, true, false);
}

static void verify_ext(struct disk_call *c)
{
    rw_ext(c, false, true);
}

typedef void disk_fn(struct disk_call *c);

static disk_fn *const k_disk_fns[] = {
    [0x00] = no_op,       [0x01] = last_status,  [0x02] = read_chs,   [0x03] = write_chs,
    [0x04] = verify_chs,  [0x05] = format_track, [0x08] = params,     [0x0C] = no_op,
    [0x0D] = no_op,       [0x10] = no_op,        [0x11] = no_op,      [0x15] = drive_type,
    [0x16] = change_line, [0x17] = no_op,        [0x18] = no_op,      [0x41] = ext_check,
    [0x42] = read_ext,    [0x43] = write_ext,    [0x44] = verify_ext, [0x47] = no_op,
    [0x48] = ext_params,
};

static void serve(struct disk_call *c, uint8_t ah)
{
    if (ah < ARRAY_LEN(k_disk_fns) && k_disk_fns[ah]) {
        k_disk_fns[ah](c);
        return;
    }
    LOG(LOG_BIOS, "INT 13h AH=%02Xh not supported", ah);
    finish(c, ST_BAD_COMMAND);
}

static void int13(void *ctx, struct intr_call *ic)
{
    struct bios *b = ctx;
    struct disk_call c = {.b = b, .r = ic->r};
    uint8_t ah = reg_hi(ic->r->ax), dl = reg_lo(ic->r->dx);
    int letter = b->fs ? letter_of(b, dl) : -1;
    c.floppy = dl < HD_FIRST;
    if (letter < 0 || fs_volume(b->fs, (unsigned)letter, &c.vi) < 0) {
        LOG(LOG_BIOS, "INT 13h AH=%02Xh: no disk %02Xh", ah, dl);
        if (ah == 0x08 && !c.floppy) { /* how many hard disks: none of that number */
            c.r->dx = (uint16_t)hard_disks(b);
            finish(&c, ST_BAD_COMMAND);
            return;
        }
        finish(&c, c.floppy ? ST_TIMEOUT : ST_BAD_COMMAND);
        return;
    }
    c.letter = (unsigned)letter;
    c.disk = c.vi.disk;
    serve(&c, ah);
}

void bios_disk_init(struct bios *b)
{
    mem_write(b->mem, ROM_LIN + ROM_DISKETTE_PARAMS, k_diskette_params,
              sizeof k_diskette_params);
    mem_wr16(b->mem, VEC_DISKETTE_PARAMS * 4, ROM_DISKETTE_PARAMS);
    mem_wr16(b->mem, VEC_DISKETTE_PARAMS * 4 + 2, ROM_SEG);
    intr_set(b->intr, VEC_DISK, int13, b);
}

void bios_disk_attach(struct bios *b, struct fs *f)
{
    b->fs = f;
    if (!f)
        return;
    unsigned floppies = (letter_of(b, 0) >= 0) + (letter_of(b, 1) >= 0);
    uint16_t eq = mem_rd16(b->mem, BDA_LIN + BDA_EQUIPMENT) & (uint16_t)~BDA_EQ_FLOPPY_MASK;
    if (floppies)
        eq |= (uint16_t)(BDA_EQ_FLOPPY | (floppies - 1) << BDA_EQ_FLOPPIES_SHIFT);
    mem_wr16(b->mem, BDA_LIN + BDA_EQUIPMENT, eq);
    mem_wr8(b->mem, BDA_LIN + BDA_HARD_DISKS, (uint8_t)hard_disks(b));
}
