/* INT 21h 44h IOCTL (RBIL INT 21/AX=4400h..4411h) and 36h free space:
 * the drive geometry DOS programs see for host directories and zips. */
#include <string.h>

#include "base/bytes.h"
#include "base/common.h"
#include "base/log.h"
#include "dosapi/dos_impl.h"

#define SECTOR_BYTES 512u
#define SPC_MAX 64u             /* sectors per cluster: 32 KiB clusters */
#define CLUSTERS_MAX 0xFFF0u    /* what a FAT16 drive (and DOS 5) can report */
#define NO_DRIVE 0xFFFF

#define DEVINFO_RAW 0x0020
#define DEVINFO_DEVICE 0x0080
#define DRIVE_FIXED 1           /* 4408h: AX = 1 not removable */
#define DEVTYPE_FIXED 5         /* 440Dh/60h device type: fixed disk */
#define DEVATTR_NONREMOVABLE 1
#define MEDIA_FIXED 0xF8
#define CAT_DISK 0x08           /* 440Dh CH: disk drive category */
#define GEN_GET_PARAMS 0x60
#define GEN_GET_MEDIA_ID 0x66
#define GEN_SET_MEDIA_ID 0x46

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
#define BPB_SECTORS32 0x15
#define DP_BYTES 0x28
/* 440Dh/66h media ID block (RBIL table 01766). */
#define MID_SERIAL 0x02
#define MID_LABEL 0x06
#define MID_FSTYPE 0x11
#define MID_BYTES 0x19

struct geometry {
    uint16_t spc, free_clusters, total_clusters;
};

/* Sectors per cluster and cluster counts for drive: the smallest cluster
 * that can show the space, capped where DOS 5 stops (about 2 GB). */
static int geometry(struct dos *d, unsigned drive, struct geometry *g)
{
    struct fs_space sp;
    int rc = fs_space(d->fs, drive, &sp);
    if (rc < 0)
        return rc;
    uint64_t total = sp.total_bytes / SECTOR_BYTES, free = sp.free_bytes / SECTOR_BYTES;
    g->spc = 1;
    while (g->spc < SPC_MAX && total / g->spc > CLUSTERS_MAX)
        g->spc *= 2;
    g->total_clusters = (uint16_t)MIN(total / g->spc, (uint64_t)CLUSTERS_MAX);
    g->free_clusters = (uint16_t)MIN(free / g->spc, (uint64_t)g->total_clusters);
    return 0;
}

static unsigned drive_arg(struct dos *d, uint8_t dl)
{
    return dl ? dl - 1u : fs_current_drive(d->fs);
}

/* 36h: AX sectors/cluster (FFFFh invalid drive), BX free clusters,
 * CX bytes/sector, DX total clusters. */
int dos_fn_disk_free(struct dos_ctx *c)
{
    struct cpu_regs *r = c->r;
    struct geometry g;
    if (geometry(c->dos, drive_arg(c->dos, reg_lo(r->dx)), &g) < 0) {
        r->ax = NO_DRIVE;
        return 0;
    }
    r->ax = g.spc;
    r->bx = g.free_clusters;
    r->cx = SECTOR_BYTES;
    r->dx = g.total_clusters;
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
    if (input && s->kind == SFT_DEVICE && s->dev->input_ready)
        ready = s->dev->input_ready(c, s);
    else if (input && s->kind == SFT_DEVICE && c->r->bx == 0)
        ready = dos_stdin_ready(c);
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
    int rc = drive_checked(c, &drive);
    if (rc == 0)
        c->r->ax = DRIVE_FIXED;
    return rc;
}

static int remote_drive(struct dos_ctx *c)
{
    unsigned drive;
    int rc = drive_checked(c, &drive);
    if (rc == 0)
        c->r->dx = 0;           /* local, not SUBSTed */
    return rc;
}

static int remote_handle(struct dos_ctx *c)
{
    struct sft *s;
    int rc = dos_handle_sft(c->dos, c->r->bx, &s);
    if (rc >= 0)
        c->r->dx = s->info;     /* bit 15 clear: local */
    return rc < 0 ? rc : 0;
}

static int sharing_retry(struct dos_ctx *c)
{
    UNUSED(c);                  /* nothing waits for another machine here */
    return 0;
}

static int drive_map(struct dos_ctx *c)
{
    unsigned drive;
    int rc = drive_checked(c, &drive);
    if (rc == 0)
        reg_set_lo(&c->r->ax, 0);       /* only one letter for the drive */
    return rc;
}

static int get_params(struct dos_ctx *c, unsigned drive)
{
    struct geometry g;
    uint8_t b[DP_BYTES] = {0};
    int rc = geometry(c->dos, drive, &g);
    if (rc < 0)
        return rc;
    uint32_t sectors = (uint32_t)g.total_clusters * g.spc;
    b[DP_TYPE] = DEVTYPE_FIXED;
    put_le16(b + DP_ATTR, DEVATTR_NONREMOVABLE);
    put_le16(b + DP_CYLS, 1024);
    b[DP_MEDIA] = 0;
    uint8_t *bpb = b + DP_BPB;
    put_le16(bpb + BPB_SECTOR_BYTES, SECTOR_BYTES);
    bpb[BPB_SPC] = (uint8_t)g.spc;
    put_le16(bpb + BPB_RESERVED, 1);
    bpb[BPB_FATS] = 2;
    put_le16(bpb + BPB_ROOT_ENTRIES, 512);
    put_le16(bpb + BPB_SECTORS16, sectors < 0x10000 ? sectors : 0);
    bpb[BPB_MEDIA] = MEDIA_FIXED;
    put_le16(bpb + BPB_FAT_SECTORS, (g.total_clusters * 2u + SECTOR_BYTES - 1) / SECTOR_BYTES);
    put_le16(bpb + BPB_TRACK_SECTORS, 63);
    put_le16(bpb + BPB_HEADS, 255);
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
    const char *label = fs_label(c->dos->fs, drive);
    put_le32(b + MID_SERIAL, serial_of(label, drive));
    memset(b + MID_LABEL, ' ', FS_FCB_NAME_BYTES);
    memcpy(b + MID_LABEL, label[0] ? label : "NO NAME", label[0] ? strlen(label) : 7);
    memcpy(b + MID_FSTYPE, "FAT16   ", 8);
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
    default:
        LOG(LOG_DOS, "IOCTL 440Dh CL=%02Xh (track/lock access) not supported", reg_lo(c->r->cx));
        return -DOSERR_FUNCTION_INVALID;
    }
}

/* 4411h: query generic IOCTL capability: AX=0 when 440Dh supports CL. */
static int query_block(struct dos_ctx *c)
{
    unsigned drive;
    int rc = drive_checked(c, &drive);
    if (rc < 0)
        return rc;
    uint8_t fn = reg_lo(c->r->cx);
    if (reg_hi(c->r->cx) != CAT_DISK || (fn != GEN_GET_PARAMS && fn != GEN_GET_MEDIA_ID))
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
