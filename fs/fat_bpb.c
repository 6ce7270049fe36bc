/* The boot sector of a FAT volume: its BIOS parameter block checked field
 * by field (Microsoft's FAT specification, 2000), the type from the
 * cluster count, and the fixed formats of DOS 1 disks that have no BPB. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/bytes.h"
#include "base/common.h"
#include "base/doserr.h"
#include "fs/fat.h"

#define SPC_MAX 128u
#define NFATS_MAX 4u
#define MEDIA_MIN 0xF8u
#define MEDIA_ALT 0xF0u /* 1.44 MB and other removable media */
#define EXT_FLAGS_NO_MIRROR 0x80u
#define EXT_FLAGS_ACTIVE 0x0Fu
#define LABEL_BYTES 11
#define JMP_SHORT 0xEBu
#define JMP_NEAR 0xE9u

static int bad(char *why, size_t cap, const char *fmt, ...) PRINTF_FMT(3, 4);
static int bad(char *why, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, cap, fmt, ap);
    va_end(ap);
    return -DOSERR_INVALID_DATA;
}

static bool power_of_two(uint32_t x)
{
    return x && !(x & (x - 1));
}

/* A label field: trailing blanks cut, "NO NAME" is no label. */
static void copy_label(const uint8_t *p, char out[12])
{
    int n = LABEL_BYTES;
    while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == 0))
        n--;
    memcpy(out, p, (size_t)n);
    out[n] = 0;
    for (int i = 0; i < n; i++)
        if ((uint8_t)out[i] < ' ')
            out[i] = '_';
    if (!strcmp(out, "NO NAME"))
        out[0] = 0;
}

static enum fat_type type_of(uint32_t nclusters)
{
    if (nclusters <= FAT_MAX_CLUSTERS12)
        return FAT_12;
    return nclusters <= FAT_MAX_CLUSTERS16 ? FAT_16 : FAT_32;
}

/* Entries one FAT of fat_sectors holds. */
static uint64_t fat_capacity(enum fat_type t, uint32_t fat_sectors)
{
    uint64_t bits = (uint64_t)fat_sectors * FS_SECTOR_BYTES * 8;
    return bits / (t == FAT_12 ? 12 : t == FAT_16 ? 16 : 32);
}

static void ext_fields(const uint8_t *s, struct fat_geom *g)
{
    bool f32 = g->type == FAT_32;
    if (s[f32 ? BS32_BOOT_SIG : BS16_BOOT_SIG] != BS_EXT_SIG)
        return;
    g->serial = get_le32(s + (f32 ? BS32_VOL_ID : BS16_VOL_ID));
    copy_label(s + (f32 ? BS32_VOL_LAB : BS16_VOL_LAB), g->label);
}

/* The fields every FAT boot sector has. */
static int common_fields(const uint8_t *s, struct fat_geom *g, char *why, size_t cap)
{
    if (s[0] != JMP_SHORT && s[0] != JMP_NEAR)
        return bad(why, cap, "no boot sector jump (byte %02Xh)", s[0]);
    if (get_le16(s + BPB_BYTES_PER_SEC) != FS_SECTOR_BYTES)
        return bad(why, cap, "%u bytes per sector (only 512 is supported)",
                   get_le16(s + BPB_BYTES_PER_SEC));
    g->spc = s[BPB_SEC_PER_CLUS];
    if (!power_of_two(g->spc) || g->spc > SPC_MAX)
        return bad(why, cap, "%u sectors per cluster", g->spc);
    g->reserved = get_le16(s + BPB_RSVD_SECS);
    g->nfats = s[BPB_NUM_FATS];
    if (!g->reserved || !g->nfats || g->nfats > NFATS_MAX)
        return bad(why, cap, "%u reserved sectors, %u FATs", g->reserved, g->nfats);
    g->media = s[BPB_MEDIA];
    if (g->media < MEDIA_MIN && g->media != MEDIA_ALT)
        return bad(why, cap, "media byte %02Xh", g->media);
    g->root_entries = get_le16(s + BPB_ROOT_ENTS);
    g->total_sectors = get_le16(s + BPB_TOT_SEC16);
    if (!g->total_sectors)
        g->total_sectors = get_le32(s + BPB_TOT_SEC32);
    g->fat_sectors = get_le16(s + BPB_FAT_SZ16);
    g->spt = get_le16(s + BPB_SEC_PER_TRK);
    g->heads = get_le16(s + BPB_NUM_HEADS);
    g->hidden = get_le32(s + BPB_HIDD_SEC);
    return 0;
}

static int fat32_fields(const uint8_t *s, struct fat_geom *g, char *why, size_t cap)
{
    g->fat_sectors = get_le32(s + BPB32_FAT_SZ);
    uint16_t flags = get_le16(s + BPB32_EXT_FLAGS);
    g->mirrored = !(flags & EXT_FLAGS_NO_MIRROR);
    g->active_fat = g->mirrored ? 0 : flags & EXT_FLAGS_ACTIVE;
    if (g->active_fat >= g->nfats)
        return bad(why, cap, "active FAT %u of %u", g->active_fat, g->nfats);
    g->root_cluster = get_le32(s + BPB32_ROOT_CLUS);
    g->fsinfo_sector = get_le16(s + BPB32_FS_INFO);
    if (g->fsinfo_sector == 0xFFFF || g->fsinfo_sector >= g->reserved)
        g->fsinfo_sector = 0;
    return 0;
}

/* Layout from the fields: FAT and root positions, cluster count, type. */
static int layout(struct fat_geom *g, uint64_t vol_sectors, char *why, size_t cap)
{
    if (!g->fat_sectors)
        return bad(why, cap, "FAT of 0 sectors");
    uint64_t root = g->reserved + (uint64_t)g->nfats * g->fat_sectors; /* 32 bits can wrap */
    g->root_sectors = (g->root_entries * DIR_ENTRY_BYTES + FS_SECTOR_BYTES - 1) /
                      FS_SECTOR_BYTES;
    uint64_t data = root + g->root_sectors;
    if (g->total_sectors > vol_sectors && vol_sectors)
        g->total_sectors = (uint32_t)MIN(vol_sectors, (uint64_t)UINT32_MAX);
    if (data >= g->total_sectors)
        return bad(why, cap, "data area starts at sector %llu of %u", (unsigned long long)data,
                   g->total_sectors);
    g->root_sector = (uint32_t)root;
    g->data_sector = (uint32_t)data;
    g->nclusters = (g->total_sectors - g->data_sector) / g->spc;
    if (!g->nclusters)
        return bad(why, cap, "no cluster");
    return 0;
}

int fat_parse_bpb(const uint8_t sec[FS_SECTOR_BYTES], uint64_t vol_sectors, struct fat_geom *g,
                  char *why, size_t cap)
{
    memset(g, 0, sizeof *g);
    g->mirrored = true;
    int rc = common_fields(sec, g, why, cap);
    if (rc < 0)
        return rc;
    bool f32 = g->root_entries == 0 && g->fat_sectors == 0;
    if (f32 && (rc = fat32_fields(sec, g, why, cap)) < 0)
        return rc;
    if ((rc = layout(g, vol_sectors, why, cap)) < 0)
        return rc;
    g->type = type_of(g->nclusters);
    if (f32 != (g->type == FAT_32))
        return bad(why, cap, "%u clusters do not match the %s layout", g->nclusters,
                   f32 ? "FAT32" : "FAT12/16");
    uint64_t holds = fat_capacity(g->type, g->fat_sectors);
    if (holds < FAT_CLUSTER_MIN + 1)
        return bad(why, cap, "a FAT of %u sectors holds no cluster", g->fat_sectors);
    if (g->nclusters + 2ull > holds)
        g->nclusters = (uint32_t)(holds - 2); /* what the FAT can describe */
    if (g->type == FAT_32 && !fat_cluster_ok_geom(g, g->root_cluster))
        return bad(why, cap, "root directory at cluster %u", g->root_cluster);
    ext_fields(sec, g);
    return 0;
}

bool fat_cluster_ok_geom(const struct fat_geom *g, uint32_t c)
{
    return c >= FAT_CLUSTER_MIN && c - FAT_CLUSTER_MIN < g->nclusters;
}

/* DOS 1 formats (PC DOS 1.0 to 2.0 media bytes): single and double sided,
 * 8 or 9 sectors per track. */
static const struct {
    uint8_t media;
    uint32_t kib, spc, root_entries, fat_sectors;
    uint16_t heads, spt;
} k_dos1[] = {
    {0xFE, 160, 1, 64, 1, 1, 8},
    {0xFC, 180, 1, 64, 2, 1, 9},
    {0xFF, 320, 2, 112, 1, 2, 8},
    {0xFD, 360, 2, 112, 2, 2, 9},
};

bool fat_dos1_geom(uint8_t media, uint64_t bytes, struct fat_geom *g)
{
    for (size_t i = 0; i < ARRAY_LEN(k_dos1); i++) {
        if (k_dos1[i].media != media || bytes != k_dos1[i].kib * 1024ull)
            continue;
        memset(g, 0, sizeof *g);
        g->mirrored = true;
        g->spc = k_dos1[i].spc;
        g->reserved = 1;
        g->nfats = 2;
        g->root_entries = k_dos1[i].root_entries;
        g->total_sectors = (uint32_t)(bytes / FS_SECTOR_BYTES);
        g->fat_sectors = k_dos1[i].fat_sectors;
        g->media = media;
        g->heads = k_dos1[i].heads;
        g->spt = k_dos1[i].spt;
        char why[8];
        if (layout(g, g->total_sectors, why, sizeof why) < 0)
            return false;
        g->type = FAT_12;
        return true;
    }
    return false;
}
