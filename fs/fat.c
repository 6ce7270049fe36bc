/* A FAT volume: mounting, the allocation table (kept in memory, changed
 * sectors written back to every copy at the end of each DOS call), data
 * access by cluster, and a write-through cache of directory sectors. */
#include "fs/fat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/bytes.h"
#include "base/common.h"
#include "base/doserr.h"
#include "base/log.h"

#define CACHE_SLOTS 1024u /* directory sectors held: 512 KiB */
#define EOC12 0xFF8u
#define EOC16 0xFFF8u
#define EOC32 0x0FFFFFF8u
#define MASK32 0x0FFFFFFFu
#define FAT12_EVEN_MASK 0x0FFFu

static uint64_t fat_bytes(const struct fat_vol *v)
{
    return (uint64_t)v->g.fat_sectors * FS_SECTOR_BYTES;
}

int fat_damaged(struct fat_vol *v, const char *what, uint32_t n)
{
    if (!v->noted) {
        v->noted = true;
        log_note("disk image %s: damaged file system (%s %u); the call fails",
                 fs_disk_path(v->disk), what, n);
    }
    LOG(LOG_FS, "FAT damage: %s %u", what, n);
    return -DOSERR_READ_FAULT;
}

bool fat_cluster_ok(const struct fat_vol *v, uint32_t c)
{
    return fat_cluster_ok_geom(&v->g, c);
}

uint32_t fat_get(const struct fat_vol *v, uint32_t c)
{
    switch (v->g.type) {
    case FAT_12: {
        uint16_t w = get_le16(v->fat + c + c / 2);
        return c & 1 ? w >> 4 : w & FAT12_EVEN_MASK;
    }
    case FAT_16:
        return get_le16(v->fat + 2 * (size_t)c);
    default:
        return get_le32(v->fat + 4 * (size_t)c) & MASK32;
    }
}

static void mark(struct fat_vol *v, size_t off, size_t n)
{
    for (size_t s = off / FS_SECTOR_BYTES; s <= (off + n - 1) / FS_SECTOR_BYTES; s++)
        v->dirty[s] = 1;
    v->fat_dirty = true;
}

void fat_set(struct fat_vol *v, uint32_t c, uint32_t val)
{
    uint32_t old = fat_get(v, c);
    if (old == val)
        return;
    if (c >= FAT_CLUSTER_MIN && c - FAT_CLUSTER_MIN < v->usable)
        v->nfree = v->nfree + (val == 0) - (old == 0);
    v->fsinfo_dirty = true;
    size_t off;
    switch (v->g.type) {
    case FAT_12: {
        off = c + c / 2;
        uint16_t w = get_le16(v->fat + off);
        w = c & 1 ? (uint16_t)((w & 0x000F) | (val << 4))
                  : (uint16_t)((w & 0xF000) | (val & FAT12_EVEN_MASK));
        put_le16(v->fat + off, w);
        mark(v, off, 2);
        return;
    }
    case FAT_16:
        off = 2 * (size_t)c;
        put_le16(v->fat + off, (uint16_t)val);
        mark(v, off, 2);
        return;
    default:
        off = 4 * (size_t)c;
        put_le32(v->fat + off, (get_le32(v->fat + off) & ~MASK32) | (val & MASK32));
        mark(v, off, 4);
    }
}

uint32_t fat_eoc(const struct fat_vol *v)
{
    return v->g.type == FAT_12 ? 0xFFF : v->g.type == FAT_16 ? 0xFFFF : MASK32;
}

bool fat_is_eoc(const struct fat_vol *v, uint32_t val)
{
    return val >= (v->g.type == FAT_12 ? EOC12 : v->g.type == FAT_16 ? EOC16 : EOC32);
}

int fat_next(struct fat_vol *v, uint32_t c, uint32_t *next)
{
    if (!fat_cluster_ok(v, c))
        return fat_damaged(v, "cluster out of range:", c);
    uint32_t n = fat_get(v, c);
    if (fat_is_eoc(v, n)) {
        *next = 0;
        return 0;
    }
    if (!fat_cluster_ok(v, n))
        return fat_damaged(v, "chain leaves the volume at cluster", c);
    *next = n;
    return 0;
}

int fat_chain_step(struct fat_vol *v, uint32_t c, uint32_t i, uint32_t k, uint32_t *out)
{
    for (; i < k; i++) {
        int rc = fat_next(v, c, &c);
        if (rc < 0)
            return rc;
        if (!c) {
            *out = 0;
            return 0;
        }
    }
    if (!fat_cluster_ok(v, c))
        return fat_damaged(v, "cluster out of range:", c);
    *out = c;
    return 0;
}

/* A chain longer than the volume has clusters loops. */
int fat_chain_at(struct fat_vol *v, uint32_t first, uint32_t k, uint32_t *out)
{
    if (k >= v->g.nclusters)
        return fat_damaged(v, "chain loops; from cluster", first);
    uint32_t c = first, i = 0;
    if (v->hint_first == first && v->hint_index <= k && v->hint_cluster) {
        c = v->hint_cluster;
        i = v->hint_index;
    }
    int rc = fat_chain_step(v, c, i, k, &c);
    if (rc < 0 || !c) {
        *out = 0;
        return rc;
    }
    v->hint_first = first;
    v->hint_index = k;
    v->hint_cluster = c;
    *out = c;
    return 0;
}

int fat_chain_check(struct fat_vol *v, uint32_t first, uint32_t min_len)
{
    uint32_t power = 1, lam = 0, saved = first, c = first, len = 1;
    if (!first)
        return min_len ? fat_damaged(v, "no chain for a file that has data; entry", 0) : 0;
    for (;;) {
        int rc = fat_next(v, c, &c);
        if (rc < 0)
            return rc;
        if (!c)
            break;
        if (c == saved)
            return fat_damaged(v, "chain loops; from cluster", first);
        len++;
        if (++lam == power) {
            saved = c;
            power *= 2;
            lam = 0;
        }
    }
    return len < min_len ? fat_damaged(v, "chain shorter than the file; from cluster", first)
                         : 0;
}

int fat_alloc(struct fat_vol *v, uint32_t prev, uint32_t *out)
{
    if (v->readonly)
        return -DOSERR_WRITE_PROTECTED;
    uint32_t n = v->usable;
    for (uint32_t i = 0; i < n && v->nfree; i++) {
        uint32_t c = FAT_CLUSTER_MIN + (v->next_free - FAT_CLUSTER_MIN + i) % n;
        if (fat_get(v, c) != 0)
            continue;
        fat_set(v, c, fat_eoc(v));
        if (prev)
            fat_set(v, prev, c);
        v->next_free = c + 1 - FAT_CLUSTER_MIN < n ? c + 1 : FAT_CLUSTER_MIN;
        *out = c;
        return 0;
    }
    return -DOSERR_HANDLE_DISK_FULL;
}

int fat_free_chain(struct fat_vol *v, uint32_t c)
{
    for (uint32_t steps = 0; c; steps++) {
        if (steps >= v->g.nclusters || !fat_cluster_ok(v, c))
            return fat_damaged(v, "cannot free the chain at cluster", c);
        uint32_t n = fat_get(v, c);
        fat_set(v, c, 0);
        if (fat_is_eoc(v, n) || n == 0)
            break;
        c = n;
    }
    v->hint_first = 0;
    return 0;
}

int fat_truncate_after(struct fat_vol *v, uint32_t c)
{
    uint32_t next;
    int rc = fat_next(v, c, &next);
    if (rc < 0)
        return rc;
    fat_set(v, c, fat_eoc(v));
    v->hint_first = 0;
    return next ? fat_free_chain(v, next) : 0;
}

uint32_t fat_cluster_bytes(const struct fat_vol *v)
{
    return v->g.spc * FS_SECTOR_BYTES;
}

uint64_t fat_cluster_sector(const struct fat_vol *v, uint32_t c)
{
    return v->g.data_sector + (uint64_t)(c - FAT_CLUSTER_MIN) * v->g.spc;
}

int fat_read_bytes(struct fat_vol *v, uint64_t vol_off, void *buf, size_t n)
{
    return fs_disk_pread(v->disk, v->base * FS_SECTOR_BYTES + vol_off, buf, n);
}

int fat_write_bytes(struct fat_vol *v, uint64_t vol_off, const void *buf, size_t n)
{
    if (v->readonly)
        return -DOSERR_WRITE_PROTECTED;
    v->wgen++;
    return fs_disk_pwrite(v->disk, v->base * FS_SECTOR_BYTES + vol_off, buf, n);
}

int fat_zero_cluster(struct fat_vol *v, uint32_t c)
{
    static const uint8_t zero[FS_SECTOR_BYTES];
    uint64_t s = fat_cluster_sector(v, c);
    for (uint32_t i = 0; i < v->g.spc; i++) {
        int rc = fat_write_bytes(v, (s + i) * FS_SECTOR_BYTES, zero, sizeof zero);
        if (rc < 0)
            return rc;
        struct fat_cslot *e = &v->cache[(s + i) % v->ncache];
        if (e->lba == s + i)
            memset(e->data, 0, sizeof e->data);
    }
    return 0;
}

/* ---- directory sector cache ---- */

int fat_meta_read(struct fat_vol *v, uint64_t lba, uint8_t **p)
{
    struct fat_cslot *e = &v->cache[lba % v->ncache];
    if (e->lba != lba) {
        e->lba = UINT64_MAX;
        int rc = fat_read_bytes(v, lba * FS_SECTOR_BYTES, e->data, FS_SECTOR_BYTES);
        if (rc < 0)
            return rc;
        e->lba = lba;
    }
    *p = e->data;
    return 0;
}

int fat_meta_write(struct fat_vol *v, uint64_t lba, unsigned off, unsigned n)
{
    struct fat_cslot *e = &v->cache[lba % v->ncache];
    if (e->lba != lba)
        return -DOSERR_WRITE_FAULT; /* callers change a sector they just read */
    return fat_write_bytes(v, lba * FS_SECTOR_BYTES + off, e->data + off, n);
}

void fat_meta_forget(struct fat_vol *v)
{
    for (unsigned i = 0; i < v->ncache; i++)
        v->cache[i].lba = UINT64_MAX;
}

/* ---- the allocation table ---- */

static uint64_t fat_copy_sector(const struct fat_vol *v, uint32_t copy, uint32_t i)
{
    return v->g.reserved + (uint64_t)copy * v->g.fat_sectors + i;
}

static int write_fsinfo(struct fat_vol *v)
{
    uint8_t s[FS_SECTOR_BYTES], val[8];
    uint64_t off = (uint64_t)v->g.fsinfo_sector * FS_SECTOR_BYTES;
    v->fsinfo_dirty = false;
    if (v->g.type != FAT_32 || !v->g.fsinfo_sector)
        return 0;
    int rc = fat_read_bytes(v, off, s, sizeof s);
    if (rc < 0 || get_le32(s) != FSI_LEAD_SIG || get_le32(s + FSI_STRUC_OFF) != FSI_STRUC_SIG)
        return rc < 0 ? rc : 0;
    put_le32(val, v->nfree);
    put_le32(val + 4, v->next_free);
    return fat_write_bytes(v, off + FSI_FREE_COUNT, val, sizeof val);
}

int fat_flush(struct fat_vol *v)
{
    if (!v->fat_dirty || v->readonly)
        return 0;
    for (uint32_t i = 0; i < v->g.fat_sectors; i++) {
        if (!v->dirty[i])
            continue;
        for (uint32_t k = 0; k < v->g.nfats; k++) {
            if (!v->g.mirrored && k != v->g.active_fat)
                continue;
            int rc = fat_write_bytes(v, fat_copy_sector(v, k, i) * FS_SECTOR_BYTES,
                                     v->fat + (size_t)i * FS_SECTOR_BYTES, FS_SECTOR_BYTES);
            if (rc < 0)
                return rc;
        }
        v->dirty[i] = 0;
    }
    v->fat_dirty = false;
    return v->fsinfo_dirty ? write_fsinfo(v) : 0;
}

static int load_fat(struct fat_vol *v)
{
    uint64_t off = fat_copy_sector(v, v->g.active_fat, 0) * FS_SECTOR_BYTES;
    int rc = fat_read_bytes(v, off, v->fat, (size_t)fat_bytes(v));
    if (rc < 0)
        return rc;
    memset(v->dirty, 0, v->g.fat_sectors);
    v->fat_dirty = false;
    v->nfree = 0;
    for (uint32_t c = FAT_CLUSTER_MIN; c - FAT_CLUSTER_MIN < v->usable; c++)
        v->nfree += fat_get(v, c) == 0;
    v->next_free = FAT_CLUSTER_MIN;
    v->hint_first = 0;
    v->fsinfo_dirty = false;
    return 0;
}

int fat_sync(struct fat_vol *v)
{
    if (v->gen == fs_disk_generation(v->disk))
        return 0;
    v->gen = fs_disk_generation(v->disk);
    v->wgen++;
    fat_meta_forget(v);
    LOG(LOG_FS, "%s: written directly (INT 13h/26h): reloading the FAT", fs_disk_path(v->disk));
    return load_fat(v);
}

int fat_mount(struct fs_disk *disk, uint64_t base, uint64_t nsectors, bool readonly,
              struct fat_vol **out, char *why, size_t cap)
{
    uint8_t sec[FS_SECTOR_BYTES];
    struct fat_geom g;
    int rc = fs_disk_read(disk, base, 1, sec);
    if (rc < 0) {
        snprintf(why, cap, "cannot read the boot sector");
        return rc;
    }
    rc = fat_parse_bpb(sec, nsectors, &g, why, cap);
    if (rc < 0 && fs_disk_read(disk, base + 1, 1, sec) == 0 &&
        fat_dos1_geom(sec[0], nsectors * FS_SECTOR_BYTES, &g))
        rc = 0; /* a DOS 1 disk: no BPB, the media byte says it */
    if (rc < 0)
        return rc;
    uint64_t have = fs_disk_sectors(disk) - MIN(base, fs_disk_sectors(disk));
    if (g.root_sector + (uint64_t)g.root_sectors > have) {
        snprintf(why, cap, "the image ends inside the FAT or root directory");
        return -DOSERR_INVALID_DATA;
    }
    struct fat_vol *v = xcalloc(1, sizeof *v);
    v->disk = fs_disk_ref(disk);
    v->base = base;
    v->g = g;
    v->readonly = readonly || fs_disk_readonly(disk);
    v->fat = xcalloc((size_t)fat_bytes(v) + 4, 1); /* FAT12 pairs read a byte past */
    v->dirty = xcalloc(g.fat_sectors, 1);
    v->ncache = CACHE_SLOTS;
    v->cache = xcalloc(v->ncache, sizeof *v->cache);
    fat_meta_forget(v);
    uint64_t in_image = have > g.data_sector ? (have - g.data_sector) / g.spc : 0;
    v->usable = (uint32_t)MIN((uint64_t)g.nclusters, in_image);
    v->gen = fs_disk_generation(disk);
    memcpy(v->label, g.label, sizeof v->label);
    if ((rc = load_fat(v)) < 0) {
        snprintf(why, cap, "cannot read the FAT");
        fat_unmount(v);
        return rc;
    }
    LOG(LOG_FS, "%s: FAT%d at sector %llu, %u clusters of %u bytes, %u free",
        fs_disk_path(disk), (int)g.type, (unsigned long long)base, g.nclusters,
        fat_cluster_bytes(v), v->nfree);
    *out = v;
    return 0;
}

void fat_unmount(struct fat_vol *v)
{
    if (!v)
        return;
    fat_flush(v);
    fs_disk_unref(v->disk);
    free(v->fat);
    free(v->dirty);
    free(v->cache);
    free(v->seen.slot);
    free(v);
}
