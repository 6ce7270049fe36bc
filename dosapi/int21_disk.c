/* The disk geometry DOS reports for a drive, and the drive parameter
 * blocks (RBIL INT 21/AH=1Fh, 32h) and allocation information (1Bh, 1Ch).
 * A disk image drive reports its real boot sector values; host
 * directories and zips get a FAT16-like geometry that shows their space.
 * The DPBs live in the system data block (dosapi/lol.c), one per drive
 * mounted at start-up, chained from the List of Lists in drive order, in
 * the layout of the DOS version the program sees (2.x, 3.x, 4.0 and
 * later). */
#include <stdio.h>
#include <string.h>

#include "base/bytes.h"
#include "base/common.h"
#include "base/log.h"
#include "dosapi/dos_impl.h"
#include "dosapi/dosdata.h"
#include "dosapi/tables.h"
#include "fs/disk.h"
#include "fs/drive.h"

#define SECTOR_BYTES 512u
#define SPC_MAX 64u          /* sectors per cluster: 32 KiB clusters */
#define CLUSTERS_MAX 0xFFF0u /* what a FAT16 drive (and DOS 5) can report */
#define MEDIA_FIXED 0xF8
#define HOST_ROOT_ENTRIES 512u
#define NO_DRIVE 0xFF
/* DPB fields common to every version (RBIL table 01395). */
#define DPB_DRIVE 0x00
#define DPB_UNIT 0x01
#define DPB_SECTOR_BYTES 0x02
#define DPB_SPC_MASK 0x04
#define DPB_SHIFT 0x05
#define DPB_RESERVED 0x06
#define DPB_NFATS 0x08
#define DPB_ROOT_ENTRIES 0x09
#define DPB_DATA_SECTOR 0x0B
#define DPB_MAX_CLUSTER 0x0D
#define DPB_FAT_SECTORS 0x0F /* byte before DOS 4, word after */
/* From here DOS 4 moves every field one byte up. */
#define DPB3_ROOT_SECTOR 0x10
#define DPB3_DEVICE 0x12
#define DPB3_MEDIA 0x16
#define DPB3_ACCESSED 0x17
#define DPB3_NEXT 0x18
#define DPB2_CWD_CLUSTER 0x1C
#define DPB2_CWD_PATH 0x1E
#define DPB3_FREE_START 0x1C
#define DPB3_FREE 0x1E
#define DPB4_SHIFT 1u
#define DPB_UNKNOWN 0xFFFFu
#define DPB_BYTES_MAX 0x60
#define FAR_NONE 0xFFFFFFFFu

int dos_drive_geom(struct dos *d, unsigned drive, struct dos_geom *g)
{
    struct fs_volume vi;
    memset(g, 0, sizeof *g);
    g->sector_bytes = SECTOR_BYTES;
    if (fs_volume(d->fs, drive, &vi) == 0 && vi.fat_bits) {
        g->image = true;
        g->removable = vi.removable;
        g->fat_bits = vi.fat_bits;
        g->media = vi.media;
        g->spc = vi.spc;
        g->reserved = vi.reserved;
        g->nfats = vi.nfats;
        g->root_entries = vi.root_entries;
        g->fat_sectors = vi.fat_sectors;
        g->root_sector = vi.root_sector;
        g->data_sector = vi.data_sector;
        g->total_sectors = vi.total_sectors;
        g->total_clusters = vi.nclusters;
        g->free_clusters = vi.free_clusters;
        g->spt = vi.spt;
        g->heads = vi.heads;
        g->hidden = vi.hidden;
        g->serial = vi.serial;
        memcpy(g->label, vi.label, sizeof g->label);
        return 0;
    }
    struct fs_space sp;
    int rc = fs_space(d->fs, drive, &sp);
    if (rc < 0)
        return rc;
    uint64_t total = sp.total_bytes / SECTOR_BYTES, free = sp.free_bytes / SECTOR_BYTES;
    g->spc = 1;
    while (g->spc < SPC_MAX && total / g->spc > CLUSTERS_MAX)
        g->spc *= 2;
    g->total_clusters = (uint32_t)MIN(total / g->spc, (uint64_t)CLUSTERS_MAX);
    g->free_clusters = (uint32_t)MIN(free / g->spc, (uint64_t)g->total_clusters);
    g->fat_bits = 16;
    g->media = MEDIA_FIXED;
    g->reserved = 1;
    g->nfats = 2;
    g->root_entries = HOST_ROOT_ENTRIES;
    g->fat_sectors = ((g->total_clusters + 2) * 2 + SECTOR_BYTES - 1) / SECTOR_BYTES;
    g->root_sector = g->reserved + g->nfats * g->fat_sectors;
    g->data_sector = g->root_sector + HOST_ROOT_ENTRIES * 32 / SECTOR_BYTES;
    g->total_sectors = g->data_sector + g->total_clusters * g->spc;
    g->spt = 63;
    g->heads = 255;
    return 0;
}

/* What a 16-bit DOS call can show of g: clusters up to FFF0h, with
 * bigger clusters for the space beyond (FAT32 drives through 36h). */
void dos_geom_16(const struct dos_geom *g, uint16_t *spc, uint16_t *total, uint16_t *free)
{
    uint32_t s = g->spc, t = g->total_clusters, f = g->free_clusters;
    while (t > CLUSTERS_MAX && s < 128) {
        s *= 2;
        t /= 2;
        f /= 2;
    }
    *spc = (uint16_t)s;
    *total = (uint16_t)MIN(t, CLUSTERS_MAX);
    *free = (uint16_t)MIN(f, (uint32_t)*total);
}

static unsigned shift_of(uint32_t spc)
{
    unsigned s = 0;
    while ((1u << s) < spc)
        s++;
    return s;
}

/* The current directory of a DOS 2 DPB: its cluster and path. */
static void dpb2_cwd(struct dos *d, unsigned drive, uint8_t *p)
{
    char cwd[FS_DIR_MAX + 1], path[FS_PATH_MAX];
    struct fs_stat st;
    if (fs_get_cwd(d->fs, drive + 1, cwd, sizeof cwd) < 0 || !cwd[0])
        return;
    snprintf(path, sizeof path, "%c:\\%s", 'A' + drive, cwd);
    put_le16(p + DPB2_CWD_CLUSTER,
             fs_stat(d->fs, path, &st) == 0 && st.cluster ? (uint16_t)st.cluster : DPB_UNKNOWN);
    memcpy(p + DPB2_CWD_PATH, cwd, strlen(cwd) + 1);
}

static uint32_t lin_of(uint32_t far)
{
    return ((far >> 16) << 4) + (far & 0xFFFF);
}

/* The geometry fields of a DPB in the version's layout (k: DOS 4's
 * shift of the fields after the FAT size). */
static void dpb_geometry(const struct dos *d, const struct dos_geom *g, uint8_t *p)
{
    bool v4 = d->ver_major >= 4;
    unsigned k = v4 ? DPB4_SHIFT : 0;
    put_le16(p + DPB_SECTOR_BYTES, (uint16_t)g->sector_bytes);
    p[DPB_SPC_MASK] = (uint8_t)(g->spc - 1);
    p[DPB_SHIFT] = (uint8_t)shift_of(g->spc);
    put_le16(p + DPB_RESERVED, (uint16_t)g->reserved);
    p[DPB_NFATS] = (uint8_t)g->nfats;
    put_le16(p + DPB_ROOT_ENTRIES, (uint16_t)g->root_entries);
    put_le16(p + DPB_DATA_SECTOR, (uint16_t)MIN(g->data_sector, 0xFFFFu));
    put_le16(p + DPB_MAX_CLUSTER, (uint16_t)MIN(g->total_clusters + 1, 0xFFFFu));
    if (v4)
        put_le16(p + DPB_FAT_SECTORS, (uint16_t)MIN(g->fat_sectors, 0xFFFFu));
    else
        p[DPB_FAT_SECTORS] = (uint8_t)MIN(g->fat_sectors, 0xFFu);
    put_le16(p + DPB3_ROOT_SECTOR + k, (uint16_t)MIN(g->root_sector, 0xFFFFu));
    p[DPB3_MEDIA + k] = g->media;
}

/* Build drive's DPB in its slot; next is the far pointer of the next one. */
static void build_dpb(struct dos *d, unsigned drive, const struct dos_geom *g, uint32_t next)
{
    uint8_t p[DPB_BYTES_MAX] = {0};
    unsigned k = d->ver_major >= 4 ? DPB4_SHIFT : 0;
    p[DPB_DRIVE] = (uint8_t)drive;
    p[DPB_UNIT] = (uint8_t)(d->tab->dpb_index[drive] - 1);
    dpb_geometry(d, g, p);
    put_le32(p + DPB3_DEVICE + k, dos_block_dev_far());
    p[DPB3_ACCESSED + k] = 0;
    put_le32(p + DPB3_NEXT + k, next);
    if (d->ver_major == 2) {
        put_le16(p + DPB2_CWD_CLUSTER, 0);
        dpb2_cwd(d, drive, p);
    } else {
        put_le16(p + DPB3_FREE_START + k, 2);
        put_le16(p + DPB3_FREE + k, (uint16_t)MIN(g->free_clusters, 0xFFFEu));
    }
    mem_write(d->mem, lin_of(dos_dpb_far(d, drive)), p, MIN(d->tab->dpb_slot, sizeof p));
}

/* A BIOS parameter block (RBIL table 01663) as DOS geometry. */
#define BPB_SECTOR_BYTES 0x00
#define BPB_SPC 0x02
#define BPB_RESERVED 0x03
#define BPB_NFATS 0x05
#define BPB_ROOT 0x06
#define BPB_SECTORS16 0x08
#define BPB_MEDIA 0x0A
#define BPB_FAT_SECTORS 0x0B
#define BPB_SECTORS32 0x15
#define BPB_BYTES 0x19

static bool bpb_geometry(const uint8_t *b, struct dos_geom *g)
{
    memset(g, 0, sizeof *g);
    g->sector_bytes = get_le16(b + BPB_SECTOR_BYTES);
    g->spc = b[BPB_SPC];
    g->reserved = get_le16(b + BPB_RESERVED);
    g->nfats = b[BPB_NFATS];
    g->root_entries = get_le16(b + BPB_ROOT);
    g->media = b[BPB_MEDIA];
    g->fat_sectors = get_le16(b + BPB_FAT_SECTORS);
    g->total_sectors = get_le16(b + BPB_SECTORS16);
    if (!g->total_sectors)
        g->total_sectors = get_le32(b + BPB_SECTORS32);
    if (!g->sector_bytes || !g->spc || (g->spc & (g->spc - 1)))
        return false;
    g->root_sector = g->reserved + g->nfats * g->fat_sectors;
    g->data_sector = g->root_sector +
                     (g->root_entries * 32 + g->sector_bytes - 1) / g->sector_bytes;
    g->total_clusters = g->total_sectors > g->data_sector
                            ? (g->total_sectors - g->data_sector) / g->spc
                            : 0;
    return true;
}

/* 53h: translate the BPB at DS:SI into a DPB at ES:BP (RBIL INT 21/AH=53h;
 * MS-DOS 4.0 DOS/MISC.ASM, $SETDPB): the geometry, the free-space search
 * from the start and the free count unknown; drive, unit, driver and
 * link stay as they were. */
int dos_fn_bpb_to_dpb(struct dos_ctx *c)
{
    uint8_t b[BPB_BYTES], p[DPB_BYTES_MAX];
    struct dos_geom g;
    unsigned k = c->dos->ver_major >= 4 ? DPB4_SHIFT : 0;
    unsigned n = c->dos->ver_major >= 3 ? DPB3_FREE + k + 2 : DPB3_NEXT;
    mem_read_far(c->mem, c->r->ds, c->r->si, b, sizeof b);
    if (!bpb_geometry(b, &g))
        return 0;
    mem_read_far(c->mem, c->r->es, c->r->bp, p, n);
    dpb_geometry(c->dos, &g, p);
    if (c->dos->ver_major >= 3) {
        put_le16(p + DPB3_FREE_START + k, 0);
        put_le16(p + DPB3_FREE + k, DPB_UNKNOWN);
    }
    mem_write_far(c->mem, c->r->es, c->r->bp, p, n);
    return 0;
}

/* Rebuild every drive's DPB and the chain from the List of Lists. */
void dos_build_dpbs(struct dos *d)
{
    uint32_t next = FAR_NONE;
    for (unsigned drive = FS_MAX_DRIVES; drive-- > 0;) {
        struct dos_geom g;
        if (!dos_dpb_far(d, drive) || dos_drive_geom(d, drive, &g) < 0)
            continue;
        build_dpb(d, drive, &g, next);
        next = dos_dpb_far(d, drive);
    }
    mem_wr32(d->mem, ((uint32_t)DOS_DATA_SEG << 4) + DD_LOL + LOL_DPB, next);
}

/* 1Fh, 32h: DS:BX the drive's DPB, AL 0; AL FFh for an invalid drive. */
static int get_dpb(struct dos_ctx *c, unsigned drive)
{
    uint32_t dpb = fs_drive_valid(c->dos->fs, drive) ? dos_dpb_far(c->dos, drive) : 0;
    if (!dpb) {
        reg_set_lo(&c->r->ax, NO_DRIVE);
        return 0;
    }
    dos_build_dpbs(c->dos);
    reg_set_lo(&c->r->ax, 0);
    c->r->ds = (uint16_t)(dpb >> 16);
    c->r->bx = (uint16_t)dpb;
    return 0;
}

int dos_fn_default_dpb(struct dos_ctx *c)
{
    return get_dpb(c, fs_current_drive(c->dos->fs));
}

int dos_fn_drive_dpb(struct dos_ctx *c)
{
    uint8_t dl = reg_lo(c->r->dx);
    return get_dpb(c, dl ? dl - 1u : fs_current_drive(c->dos->fs));
}

/* 1Bh, 1Ch: AL sectors per cluster, CX bytes per sector, DX clusters,
 * DS:BX the media byte (in the drive's DPB); AL FFh for a bad drive. */
static int alloc_info(struct dos_ctx *c, unsigned drive)
{
    struct dos_geom g;
    uint16_t spc, total, free;
    if (dos_drive_geom(c->dos, drive, &g) < 0) {
        reg_set_lo(&c->r->ax, NO_DRIVE);
        return 0;
    }
    dos_build_dpbs(c->dos);
    dos_geom_16(&g, &spc, &total, &free);
    reg_set_lo(&c->r->ax, (uint8_t)spc);
    c->r->cx = (uint16_t)g.sector_bytes;
    c->r->dx = total;
    uint32_t dpb = dos_dpb_far(c->dos, drive);
    c->r->ds = (uint16_t)(dpb >> 16);
    c->r->bx = (uint16_t)((uint16_t)dpb + DPB3_MEDIA +
                          (c->dos->ver_major >= 4 ? DPB4_SHIFT : 0));
    return 0;
}

int dos_fn_default_alloc_info(struct dos_ctx *c)
{
    return alloc_info(c, fs_current_drive(c->dos->fs));
}

int dos_fn_drive_alloc_info(struct dos_ctx *c)
{
    uint8_t dl = reg_lo(c->r->dx);
    return alloc_info(c, dl ? dl - 1u : fs_current_drive(c->dos->fs));
}

/* 440Dh 41h/61h: write or read sectors of a track (RBIL table 01560):
 * special byte, head, cylinder, first sector (from 0), count, buffer.
 * 42h/62h: format and verify, or verify, a track (table 01561). Tracks are
 * the volume's, by its boot sector's geometry. Disk images only. */
#define TRK_HEAD 0x01
#define TRK_CYL 0x03
#define TRK_FIRST 0x05
#define TRK_COUNT 0x07
#define TRK_BUFFER 0x09
#define TRK_BYTES 0x0D
#define FORMAT_FILL 0xF6

static int track_sector(struct dos_ctx *c, const struct fs_volume *vi, const uint8_t *p,
                        uint32_t i, uint64_t *lba)
{
    uint32_t spt = MAX(vi->spt, 1u), heads = MAX(vi->heads, 1u);
    uint32_t head = get_le16(p + TRK_HEAD), cyl = get_le16(p + TRK_CYL);
    uint64_t rel = ((uint64_t)cyl * heads + head) * spt + get_le16(p + TRK_FIRST) + i;
    UNUSED(c);
    if (head >= heads || rel >= vi->total_sectors)
        return -DOSERR_SEEK_ERROR;
    *lba = vi->first_sector + rel;
    return 0;
}

static int track_sectors(struct dos_ctx *c, const struct fs_volume *vi, const uint8_t *p,
                         uint8_t fn, uint32_t count)
{
    uint8_t sec[FS_SECTOR_BYTES];
    uint32_t buf = get_le32(p + TRK_BUFFER);
    bool write = fn == 0x41 || fn == 0x42;
    if (write && fs_disk_readonly(vi->disk))
        return -DOSERR_WRITE_PROTECTED;
    memset(sec, FORMAT_FILL, sizeof sec);
    for (uint32_t i = 0; i < count; i++) {
        uint64_t lba;
        uint16_t at = (uint16_t)((uint16_t)buf + i * FS_SECTOR_BYTES);
        int rc = track_sector(c, vi, p, i, &lba);
        if (rc == 0 && fn == 0x41)
            mem_read_far(c->mem, (uint16_t)(buf >> 16), at, sec, sizeof sec);
        if (rc == 0)
            rc = write ? fs_disk_write(vi->disk, lba, 1, sec)
                       : fs_disk_read(vi->disk, lba, 1, sec);
        if (rc == 0 && fn == 0x61)
            mem_write_far(c->mem, (uint16_t)(buf >> 16), at, sec, sizeof sec);
        if (rc < 0)
            return rc == -DOSERR_WRITE_PROTECTED ? rc : -DOSERR_SECTOR_NOT_FOUND;
    }
    if (write)
        fs_disk_touch(vi->disk);
    return 0;
}

int dos_track_io(struct dos_ctx *c, unsigned drive, uint8_t fn)
{
    struct fs_volume vi;
    uint8_t p[TRK_BYTES];
    if (fs_volume(c->dos->fs, drive, &vi) < 0 || !vi.fat_bits)
        return -DOSERR_FUNCTION_INVALID;
    mem_read_far(c->mem, c->r->ds, c->r->dx, p, sizeof p);
    bool whole = fn == 0x42 || fn == 0x62;
    uint32_t count = whole ? MAX(vi.spt, 1u) : get_le16(p + TRK_COUNT);
    if (whole) {
        put_le16(p + TRK_FIRST, 0);
        if (p[0] & 1) /* only check that the track exists */
            return 0;
    }
    return track_sectors(c, &vi, p, fn, count);
}
