/* INT 21h 44h IOCTL (RBIL INT 21/AX=4400h..4411h) and 36h free space:
 * the drive geometry DOS programs see for host directories and zips. */
#include <string.h>

#include "base/bytes.h"
#include "base/common.h"
#include "base/log.h"
#include "dosapi/dos_impl.h"
#include "dosapi/tables.h"
#include "fs/drive.h"

#define SECTOR_BYTES 512u
#define NO_DRIVE 0xFFFF

#define DEVINFO_RAW 0x0020
#define DEVINFO_DEVICE 0x0080
#define DEVINFO_REMOTE 0x1000 /* 4409h: a network (redirector) drive */
#define DRIVE_FIXED 1         /* 4408h: AX = 1 not removable */
#define DEVTYPE_360K 0        /* 440Dh/60h device types (RBIL table 01557) */
#define DEVTYPE_1200K 1
#define DEVTYPE_720K 2
#define DEVTYPE_FIXED 5
#define DEVTYPE_1440K 7
#define DEVTYPE_2880K 9
#define DEVATTR_NONREMOVABLE 1
#define CAT_DISK 0x08 /* 440Dh CH: disk drive category */
#define GEN_GET_PARAMS 0x60
#define GEN_GET_MEDIA_ID 0x66
#define GEN_SET_MEDIA_ID 0x46
#define GEN_WRITE_TRACK 0x41
#define GEN_FORMAT_TRACK 0x42
#define GEN_READ_TRACK 0x61
#define GEN_VERIFY_TRACK 0x62

/* 440Dh/60h parameter block (RBIL table 01556). */
#define DP_TYPE 0x01
#define DP_ATTR 0x02
#define DP_CYLS 0x04
#define DP_MEDIA 0x06
#define DP_BPB 0x07
#define BPB_SECTOR_BYTES 0x00
#define BPB_SPC 0x02
#define BPB_RESERVED 0x03
#define BPB_FATS 0x05
#define BPB_ROOT_ENTRIES 0x06
#define BPB_SECTORS16 0x08
#define BPB_MEDIA 0x0A
#define BPB_FAT_SECTORS 0x0B
#define BPB_TRACK_SECTORS 0x0D
#define BPB_HEADS 0x0F
#define BPB_HIDDEN 0x11
#define BPB_SECTORS32 0x15
#define DP_BYTES 0x28
/* 440Dh/66h media ID block (RBIL table 01766). */
#define MID_SERIAL 0x02
#define MID_LABEL 0x06
#define MID_FSTYPE 0x11
#define MID_BYTES 0x19


static unsigned drive_arg(struct dos *d, uint8_t dl)
{
    return dl ? dl - 1u : fs_current_drive(d->fs);
}

/* 36h: AX sectors/cluster (FFFFh invalid drive), BX free clusters,
 * CX bytes/sector, DX total clusters. As on MS-DOS, the drive's DPB
 * learns the free count too. */
int dos_fn_disk_free(struct dos_ctx *c)
{
    struct cpu_regs *r = c->r;
    struct dos_geom g;
    uint16_t spc, total, free;
    if (dos_drive_geom(c->dos, drive_arg(c->dos, reg_lo(r->dx)), &g) < 0) {
        r->ax = NO_DRIVE;
        return 0;
    }
    dos_geom_16(&g, &spc, &total, &free);
    dos_build_dpbs(c->dos);
    r->ax = spc;
    r->bx = free;
    r->cx = (uint16_t)g.sector_bytes;
    r->dx = total;
    return 0;
}

static int get_info(struct dos_ctx *c)
{
    struct sft *s;
    int rc = dos_handle_sft(c->dos, c->r->bx, &s);
    if (rc < 0)
        return rc;
    c->r->dx = c->r->ax = s->info;
    return 0;
}

static int set_info(struct dos_ctx *c)
{
    struct sft *s;
    int rc = dos_handle_sft(c->dos, c->r->bx, &s);
    if (rc < 0)
        return rc;
    if (!(s->info & DEVINFO_DEVICE) || reg_hi(c->r->dx))
        return -DOSERR_INVALID_DATA;
    s->info = (uint16_t)((s->info & ~DEVINFO_RAW) | (c->r->dx & DEVINFO_RAW));
    return 0;
}

/* 4406h/4407h: AL = FFh ready, 00h not ready (files: input at EOF). */
static int status(struct dos_ctx *c, bool input)
{
    struct sft *s;
    int rc = dos_handle_sft(c->dos, c->r->bx, &s);
    if (rc < 0)
        return rc;
    bool ready = true;
    if (input && c->r->bx == 0) {
        int st = dos_stdin_ready(c); /* a program polling standard input */
        dos_stdin_empty(c, st);
        ready = st == DOS_READY;
    } else if (input && s->kind == SFT_DEVICE && s->dev->input_ready)
        ready = s->dev->input_ready(c, s) == DOS_READY;
    else if (input && s->kind == SFT_FILE) {
        uint32_t pos;
        struct fs_stat st;
        ready = fs_seek(s->file, 0, FS_SEEK_CUR, &pos) == 0 && fs_fstat(s->file, &st) == 0 &&
                pos < st.size;
    }
    reg_set_lo(&c->r->ax, ready ? 0xFF : 0x00);
    return 0;
}

static int drive_checked(struct dos_ctx *c, unsigned *drive)
{
    *drive = drive_arg(c->dos, reg_lo(c->r->bx));
    return fs_drive_valid(c->dos->fs, *drive) ? 0 : -DOSERR_INVALID_DRIVE;
}

static int removable(struct dos_ctx *c)
{
    unsigned drive;
    struct dos_geom g;
    int rc = drive_checked(c, &drive);
    if (rc == 0)
        c->r->ax = dos_drive_geom(c->dos, drive, &g) == 0 && g.removable ? 0 : DRIVE_FIXED;
    return rc;
}

/* 4409h: DX bit 12 for remote drives; MSCDEX's CD drives are network
 * redirector drives, which is how programs tell a CD drive from a disk. */
static int remote_drive(struct dos_ctx *c)
{
    unsigned drive;
    struct fs_volume vi;
    int rc = drive_checked(c, &drive);
    if (rc == 0)
        c->r->dx = fs_volume(c->dos->fs, drive, &vi) == 0 && vi.cd ? DEVINFO_REMOTE : 0;
    return rc;
}

static int remote_handle(struct dos_ctx *c)
{
    struct sft *s;
    int rc = dos_handle_sft(c->dos, c->r->bx, &s);
    if (rc >= 0)
        c->r->dx = s->info; /* bit 15 clear: local */
    return rc < 0 ? rc : 0;
}

static int sharing_retry(struct dos_ctx *c)
{
    UNUSED(c); /* nothing waits for another machine here */
    return 0;
}

static int drive_map(struct dos_ctx *c)
{
    unsigned drive;
    int rc = drive_checked(c, &drive);
    if (rc == 0)
        reg_set_lo(&c->r->ax, 0); /* only one letter for the drive */
    return rc;
}

/* 440Dh/60h device type of a floppy image by its sectors per track. */
static uint8_t floppy_type(const struct dos_geom *g)
{
    if (g->total_sectors <= 720)
        return DEVTYPE_360K;
    if (g->spt == 15)
        return DEVTYPE_1200K;
    if (g->spt <= 9)
        return DEVTYPE_720K;
    return g->spt >= 36 ? DEVTYPE_2880K : DEVTYPE_1440K;
}

static int get_params(struct dos_ctx *c, unsigned drive)
{
    struct dos_geom g;
    uint8_t b[DP_BYTES] = {0};
    int rc = dos_drive_geom(c->dos, drive, &g);
    if (rc < 0)
        return rc;
    uint32_t sectors = g.total_sectors, per_cyl = MAX((uint32_t)g.spt * g.heads, 1u);
    b[DP_TYPE] = g.removable ? floppy_type(&g) : DEVTYPE_FIXED;
    put_le16(b + DP_ATTR, g.removable ? 0 : DEVATTR_NONREMOVABLE);
    put_le16(b + DP_CYLS, (uint16_t)MIN((sectors + per_cyl - 1) / per_cyl, 0xFFFFu));
    b[DP_MEDIA] = 0;
    uint8_t *bpb = b + DP_BPB;
    put_le16(bpb + BPB_SECTOR_BYTES, (uint16_t)g.sector_bytes);
    bpb[BPB_SPC] = (uint8_t)g.spc;
    put_le16(bpb + BPB_RESERVED, (uint16_t)g.reserved);
    bpb[BPB_FATS] = (uint8_t)g.nfats;
    put_le16(bpb + BPB_ROOT_ENTRIES, (uint16_t)g.root_entries);
    put_le16(bpb + BPB_SECTORS16, sectors < 0x10000 ? (uint16_t)sectors : 0);
    bpb[BPB_MEDIA] = g.media;
    put_le16(bpb + BPB_FAT_SECTORS, g.fat_bits == 32 ? 0 : (uint16_t)g.fat_sectors);
    put_le16(bpb + BPB_TRACK_SECTORS, g.spt);
    put_le16(bpb + BPB_HEADS, g.heads);
    put_le32(bpb + BPB_HIDDEN, g.hidden);
    put_le32(bpb + BPB_SECTORS32, sectors < 0x10000 ? 0 : sectors);
    mem_write_far(c->mem, c->r->ds, c->r->dx, b, sizeof b);
    return 0;
}

/* A volume serial number that stays the same for a drive's label. */
static uint32_t serial_of(const char *label, unsigned drive)
{
    uint32_t h = 2166136261u ^ drive;
    for (; *label; label++)
        h = (h ^ (uint8_t)*label) * 16777619u;
    return h;
}

static int get_media_id(struct dos_ctx *c, unsigned drive)
{
    uint8_t b[MID_BYTES] = {0};
    struct dos_geom g;
    const char *label = fs_label(c->dos->fs, drive);
    bool image = dos_drive_geom(c->dos, drive, &g) == 0 && g.image;
    put_le32(b + MID_SERIAL, image ? g.serial : serial_of(label, drive));
    memset(b + MID_LABEL, ' ', FS_FCB_NAME_BYTES);
    memcpy(b + MID_LABEL, label[0] ? label : "NO NAME", label[0] ? strlen(label) : 7);
    memcpy(b + MID_FSTYPE, g.fat_bits == 12 ? "FAT12   " : "FAT16   ", 8);
    mem_write_far(c->mem, c->r->ds, c->r->dx, b, sizeof b);
    return 0;
}

/* 440Dh: generic block device request, CH category, CL function. */
static int generic_block(struct dos_ctx *c)
{
    unsigned drive;
    int rc = drive_checked(c, &drive);
    if (rc < 0)
        return rc;
    if (reg_hi(c->r->cx) != CAT_DISK)
        return -DOSERR_FUNCTION_INVALID;
    switch (reg_lo(c->r->cx)) {
    case GEN_GET_PARAMS:
        return get_params(c, drive);
    case GEN_GET_MEDIA_ID:
        return get_media_id(c, drive);
    case GEN_SET_MEDIA_ID:
        return -DOSERR_ACCESS_DENIED;
    case GEN_WRITE_TRACK:
    case GEN_FORMAT_TRACK:
    case GEN_READ_TRACK:
    case GEN_VERIFY_TRACK:
        return dos_track_io(c, drive, reg_lo(c->r->cx));
    default:
        LOG(LOG_DOS, "IOCTL 440Dh CL=%02Xh (track/lock access) not supported",
            reg_lo(c->r->cx));
        return -DOSERR_FUNCTION_INVALID;
    }
}

/* 69h (DOS 4+): AL=0 get, AL=1 set the serial number and label of drive
 * BL (0 = default) through DS:DX, as 440Dh CX=0866h/0846h do. */
int dos_fn_serial(struct dos_ctx *c)
{
    uint16_t ax = c->r->ax, cx = c->r->cx;
    if (reg_lo(ax) > 1)
        return -DOSERR_FUNCTION_INVALID;
    c->r->cx = (uint16_t)(CAT_DISK << 8 | (reg_lo(ax) ? GEN_SET_MEDIA_ID : GEN_GET_MEDIA_ID));
    int rc = generic_block(c);
    c->r->cx = cx;
    c->r->ax = ax;
    return rc;
}

/* 4411h: query generic IOCTL capability: AX=0 when 440Dh supports CL. */
static int query_block(struct dos_ctx *c)
{
    unsigned drive;
    int rc = drive_checked(c, &drive);
    if (rc < 0)
        return rc;
    uint8_t fn = reg_lo(c->r->cx);
    bool track = fn == GEN_WRITE_TRACK || fn == GEN_FORMAT_TRACK || fn == GEN_READ_TRACK ||
                 fn == GEN_VERIFY_TRACK;
    struct dos_geom g;
    if (track && (dos_drive_geom(c->dos, drive, &g) < 0 || !g.image))
        return -DOSERR_FUNCTION_INVALID;
    if (reg_hi(c->r->cx) != CAT_DISK ||
        (fn != GEN_GET_PARAMS && fn != GEN_GET_MEDIA_ID && !track))
        return -DOSERR_FUNCTION_INVALID;
    c->r->ax = 0;
    return 0;
}

static int in_status(struct dos_ctx *c)
{
    return status(c, true);
}

static int out_status(struct dos_ctx *c)
{
    return status(c, false);
}

static int set_drive_map(struct dos_ctx *c)
{
    unsigned drive;
    int rc = drive_checked(c, &drive);
    if (rc == 0)
        reg_set_lo(&c->r->ax, 0);
    return rc;
}

/* RBIL INT 21/AX=44xxh. 02h-05h (control strings) and 0Ch (code pages):
 * none of our devices has an IOCTL interface, so error 1 as DOS gives. */
static dos_fn *const k_ioctl[] = {
    [0x00] = get_info,      [0x01] = set_info,      [0x06] = in_status,
    [0x07] = out_status,    [0x08] = removable,     [0x09] = remote_drive,
    [0x0A] = remote_handle, [0x0B] = sharing_retry, [0x0D] = generic_block,
    [0x0E] = drive_map,     [0x0F] = set_drive_map, [0x11] = query_block,
};

int dos_fn_ioctl(struct dos_ctx *c)
{
    uint8_t sub = reg_lo(c->r->ax);
    if (sub >= ARRAY_LEN(k_ioctl) || !k_ioctl[sub]) {
        LOG(LOG_DOS, "IOCTL 44%02Xh not supported", sub);
        return -DOSERR_FUNCTION_INVALID;
    }
    return k_ioctl[sub](c);
}
