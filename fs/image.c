/* Image kinds by content: zip signature, FAT boot sector, MBR partition
 * table, ISO 9660 volume descriptor (cooked or raw sectors), CUE sheet
 * text. And the MBR walk, primary entries then the extended chain. */
#include "fs/image.h"

#include <string.h>
#include <strings.h>

#include "base/bytes.h"
#include "base/common.h"
#include "base/doserr.h"
#include "fs/fat.h"

#define ISO_PVD_OFF (16u * 2048u)
#define RAW_SECTOR 2352u
#define RAW_SYNC_BYTES 12u
#define RAW_MODE_OFF 15u
#define RAW_MODE1_DATA 16u
#define RAW_MODE2_DATA 24u
#define CUE_SCAN_BYTES 4096u
#define MBR_TABLE 0x1BE
#define MBR_ENTRY 16
#define MBR_ENTRIES 4
#define PE_STATUS 0
#define PE_TYPE 4
#define PE_LBA 8
#define PE_COUNT 12
#define EBR_STEPS_MAX 64

static bool has(const uint8_t *head, size_t n, size_t off, const void *what, size_t len)
{
    return off + len <= n && !memcmp(head + off, what, len);
}

static bool iso_at(const uint8_t *head, size_t n, size_t off)
{
    return has(head, n, off + 1, "CD001", 5);
}

static bool raw_iso(const uint8_t *head, size_t n)
{
    static const uint8_t sync[RAW_SYNC_BYTES] = {0,    0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                                                 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0};
    size_t s = 16u * RAW_SECTOR;
    if (!has(head, n, s, sync, sizeof sync) || s + RAW_MODE_OFF >= n)
        return false;
    uint8_t mode = head[s + RAW_MODE_OFF];
    return (mode == 1 && iso_at(head, n, s + RAW_MODE1_DATA)) ||
           (mode == 2 && iso_at(head, n, s + RAW_MODE2_DATA));
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && !strcasecmp(s + a - b, suffix);
}

/* A CUE sheet: text whose first keyword is one a CUE sheet starts with. */
static bool cue_text(const uint8_t *head, size_t n)
{
    static const char *const k_first[] = {"FILE",      "REM",   "CATALOG",   "CDTEXTFILE",
                                          "PERFORMER", "TITLE", "SONGWRITER"};
    size_t i = has(head, n, 0, "\xEF\xBB\xBF", 3) ? 3 : 0, lim = MIN(n, (size_t)CUE_SCAN_BYTES);
    for (size_t k = i; k < lim; k++)
        if (head[k] < 0x20 && head[k] != '\n' && head[k] != '\r' && head[k] != '\t')
            return false;
    while (i < lim && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n'))
        i++;
    for (size_t k = 0; k < ARRAY_LEN(k_first); k++) {
        size_t w = strlen(k_first[k]);
        if (i + w < lim && !strncasecmp((const char *)head + i, k_first[k], w) &&
            (head[i + w] == ' ' || head[i + w] == '\t'))
            return true;
    }
    return false;
}

static bool fat_volume(const uint8_t *head, size_t n, uint64_t size)
{
    struct fat_geom g;
    char why[64];
    if (n < 2 * FS_SECTOR_BYTES)
        return false;
    return fat_parse_bpb(head, size / FS_SECTOR_BYTES, &g, why, sizeof why) == 0 ||
           fat_dos1_geom(head[FS_SECTOR_BYTES], size, &g);
}

static bool mbr_disk(const uint8_t *head, size_t n, uint64_t size)
{
    struct fs_part p[MBR_ENTRIES];
    if (n < FS_SECTOR_BYTES)
        return false;
    return fs_mbr_parts(head, size / FS_SECTOR_BYTES, NULL, NULL, p, MBR_ENTRIES) > 0;
}

enum fs_image_kind fs_image_detect(const uint8_t *head, size_t n, uint64_t size,
                                   const char *name)
{
    if (has(head, n, 0, "PK\3\4", 4) || has(head, n, 0, "PK\5\6", 4))
        return FS_IMAGE_ZIP;
    if (cue_text(head, n))
        return FS_IMAGE_CUE;
    if (iso_at(head, n, ISO_PVD_OFF))
        return FS_IMAGE_ISO;
    if (raw_iso(head, n))
        return FS_IMAGE_BIN;
    if (fat_volume(head, n, size))
        return FS_IMAGE_FAT;
    if (mbr_disk(head, n, size))
        return FS_IMAGE_MBR;
    if (n >= FS_SECTOR_BYTES && (head[0] == 0xEB || head[0] == 0xE9) &&
        head[BS_SIG_OFF] == 0x55 && head[BS_SIG_OFF + 1] == 0xAA)
        return FS_IMAGE_FAT; /* a boot sector with a broken BPB: mounting says why */
    if (ends_with(name, ".zip"))
        return FS_IMAGE_ZIP; /* a damaged zip: minizip says what is wrong */
    return FS_IMAGE_UNKNOWN;
}

const char *fs_image_kind_name(enum fs_image_kind k)
{
    static const char *const names[] = {
        [FS_IMAGE_UNKNOWN] = "unknown",       [FS_IMAGE_ZIP] = "zip file",
        [FS_IMAGE_FAT] = "FAT disk image",    [FS_IMAGE_MBR] = "partitioned disk image",
        [FS_IMAGE_ISO] = "ISO 9660 CD image", [FS_IMAGE_BIN] = "raw CD image",
        [FS_IMAGE_CUE] = "CUE sheet",
    };
    return names[k];
}

bool fs_part_is_fat(uint8_t type)
{
    static const uint8_t k_fat[] = {0x01, 0x04, 0x06, 0x0B, 0x0C, 0x0E,
                                    0x11, 0x14, 0x16, 0x1B, 0x1C, 0x1E};
    return memchr(k_fat, type, sizeof k_fat) != NULL;
}

static bool is_extended(uint8_t type)
{
    return type == 0x05 || type == 0x0F || type == 0x85;
}

/* One table entry, relative to base; false when empty or off the disk. */
static bool entry(const uint8_t *e, uint64_t base, uint64_t disk, struct fs_part *p)
{
    uint64_t first = base + get_le32(e + PE_LBA), count = get_le32(e + PE_COUNT);
    if (!e[PE_TYPE] || !count || first >= disk || count > disk - first)
        return false;
    *p = (struct fs_part){e[PE_TYPE], first, count};
    return true;
}

/* Logical partitions: each EBR holds one and a link to the next EBR. */
static int logical(uint64_t ext, uint64_t disk, fs_sector_read_fn *rd, void *ctx,
                   struct fs_part *out, int n, int max)
{
    uint8_t sec[FS_SECTOR_BYTES];
    uint64_t ebr = ext;
    for (int step = 0; step < EBR_STEPS_MAX && n < max; step++) {
        struct fs_part p, link;
        if (rd(ctx, ebr, sec) < 0 || sec[BS_SIG_OFF] != 0x55 || sec[BS_SIG_OFF + 1] != 0xAA)
            break;
        if (entry(sec + MBR_TABLE, ebr, disk, &p))
            out[n++] = p;
        if (!entry(sec + MBR_TABLE + MBR_ENTRY, ext, disk, &link) || link.first <= ebr)
            break; /* links only go forward: no loop */
        ebr = link.first;
    }
    return n;
}

int fs_mbr_parts(const uint8_t mbr[FS_SECTOR_BYTES], uint64_t disk_sectors,
                 fs_sector_read_fn *rd, void *ctx, struct fs_part *out, int max)
{
    if (mbr[BS_SIG_OFF] != 0x55 || mbr[BS_SIG_OFF + 1] != 0xAA)
        return -DOSERR_INVALID_DATA;
    for (int i = 0; i < MBR_ENTRIES; i++) {
        uint8_t st = mbr[MBR_TABLE + i * MBR_ENTRY + PE_STATUS];
        if (st != 0 && st != 0x80)
            return -DOSERR_INVALID_DATA; /* boot code, not a table */
    }
    int n = 0;
    uint64_t ext = 0;
    for (int i = 0; i < MBR_ENTRIES && n < max; i++) {
        struct fs_part p;
        if (!entry(mbr + MBR_TABLE + i * MBR_ENTRY, 0, disk_sectors, &p))
            continue;
        if (is_extended(p.type))
            ext = ext ? ext : p.first;
        else
            out[n++] = p;
    }
    if (ext && rd)
        n = logical(ext, disk_sectors, rd, ctx, out, n, max);
    return n ? n : -DOSERR_INVALID_DATA;
}
