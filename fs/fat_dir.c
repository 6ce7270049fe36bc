/* FAT directories: slots through the directory sector cache, lookups by
 * 11-byte name (as stored, compared without case), path walks, and the
 * slot changes of create, delete and rename. */
#include "fs/fat_dir.h"

#include <string.h>

#include "base/bytes.h"
#include "base/common.h"
#include "base/doserr.h"
#include "base/log.h"

#define ENTRIES_PER_SECTOR (FS_SECTOR_BYTES / DIR_ENTRY_BYTES)

uint32_t fat_root(const struct fat_vol *v)
{
    return v->g.type == FAT_32 ? v->g.root_cluster : 0;
}

uint32_t fat_ent_cluster(const struct fat_vol *v, const uint8_t *ent)
{
    uint32_t c = get_le16(ent + DIR_FST_CLUS_LO);
    if (v->g.type == FAT_32)
        c |= (uint32_t)get_le16(ent + DIR_FST_CLUS_HI) << 16;
    return c;
}

void fat_ent_set_cluster(const struct fat_vol *v, uint8_t *ent, uint32_t c)
{
    put_le16(ent + DIR_FST_CLUS_LO, (uint16_t)c);
    if (v->g.type == FAT_32)
        put_le16(ent + DIR_FST_CLUS_HI, (uint16_t)(c >> 16));
}

void fat_ent_name(const uint8_t *ent, uint8_t name[FAT_NAME_BYTES])
{
    memcpy(name, ent, FAT_NAME_BYTES);
    if (name[0] == DIR_KANJI_E5)
        name[0] = DIR_FREE;
}

static bool is_lfn(const uint8_t *ent)
{
    return (ent[DIR_ATTR] & ATTR_LFN_MASK) == ATTR_LFN;
}

bool fat_ent_is_file(const uint8_t *ent)
{
    return ent[0] != DIR_END && ent[0] != DIR_FREE && !is_lfn(ent) &&
           !(ent[DIR_ATTR] & FS_ATTR_VOLUME);
}

bool fat_ent_is_label(const uint8_t *ent)
{
    return ent[0] != DIR_END && ent[0] != DIR_FREE && !is_lfn(ent) &&
           (ent[DIR_ATTR] & FS_ATTR_VOLUME);
}

int fat_dir_entry(struct fat_vol *v, uint32_t dir, uint32_t idx, struct fat_loc *loc,
                  uint8_t **ent)
{
    uint64_t lba;
    if (idx >= FAT_DIR_MAX_ENTRIES)
        return -DOSERR_NO_MORE_FILES;
    if (dir == 0) {
        if (v->g.type == FAT_32 || idx >= v->g.root_entries)
            return -DOSERR_NO_MORE_FILES;
        lba = v->g.root_sector + idx / ENTRIES_PER_SECTOR;
    } else {
        uint32_t per_cluster = v->g.spc * ENTRIES_PER_SECTOR, c;
        int rc = fat_chain_at(v, dir, idx / per_cluster, &c);
        if (rc < 0)
            return rc;
        if (!c)
            return -DOSERR_NO_MORE_FILES;
        lba = fat_cluster_sector(v, c) + (idx % per_cluster) / ENTRIES_PER_SECTOR;
    }
    uint8_t *sec;
    int rc = fat_meta_read(v, lba, &sec);
    if (rc < 0)
        return rc;
    *loc = (struct fat_loc){dir, idx, lba,
                            (uint16_t)(idx % ENTRIES_PER_SECTOR * DIR_ENTRY_BYTES)};
    *ent = sec + loc->off;
    return 0;
}

static bool same_name(const uint8_t *ent, const uint8_t name[FAT_NAME_BYTES])
{
    uint8_t n[FAT_NAME_BYTES];
    fat_ent_name(ent, n);
    for (int i = 0; i < FAT_NAME_BYTES; i++)
        if (fs_upcase(n[i]) != name[i])
            return false;
    return true;
}

int fat_dir_lookup(struct fat_vol *v, uint32_t dir, const uint8_t name[FAT_NAME_BYTES],
                   struct fat_loc *loc, uint8_t ent[DIR_ENTRY_BYTES])
{
    for (uint32_t i = 0;; i++) {
        uint8_t *e;
        int rc = fat_dir_entry(v, dir, i, loc, &e);
        if (rc == -DOSERR_NO_MORE_FILES)
            return 0;
        if (rc < 0)
            return rc;
        if (e[0] == DIR_END)
            return 0;
        if (fat_ent_is_file(e) && same_name(e, name)) {
            memcpy(ent, e, DIR_ENTRY_BYTES);
            return 1;
        }
    }
}

uint32_t fat_dir_of(const struct fat_vol *v, const struct fat_res *r)
{
    if (r->root)
        return fat_root(v);
    uint32_t c = fat_ent_cluster(v, r->ent);
    return c ? c : fat_root(v); /* ".." of a first-level directory */
}

/* One part of a path in 11-byte form; false when it cannot be a name. */
static bool part_name(const char *p, size_t n, uint8_t name[FAT_NAME_BYTES])
{
    char s[FS_NAME83_MAX];
    if (!n || n >= sizeof s)
        return false;
    memcpy(s, p, n);
    s[n] = 0;
    fs_name_to_fcb(s, name);
    return true;
}

int fat_walk(struct fat_vol *v, const char *rel, struct fat_res *r)
{
    memset(r, 0, sizeof *r);
    r->parent = fat_root(v);
    if (!*rel) {
        r->root = true;
        return 0;
    }
    for (;;) {
        size_t n = strcspn(rel, "\\");
        if (!part_name(rel, n, r->name))
            return -DOSERR_PATH_NOT_FOUND;
        int rc = fat_dir_lookup(v, r->parent, r->name, &r->loc, r->ent);
        if (rc < 0)
            return rc;
        r->found = rc == 1;
        if (!rel[n])
            return 0;
        if (!r->found || !(r->ent[DIR_ATTR] & FS_ATTR_DIRECTORY))
            return -DOSERR_PATH_NOT_FOUND;
        r->parent = fat_dir_of(v, r);
        rel += n + 1;
    }
}

int fat_dir_put(struct fat_vol *v, const struct fat_loc *loc,
                const uint8_t ent[DIR_ENTRY_BYTES])
{
    uint8_t *sec;
    int rc = fat_meta_read(v, loc->lba, &sec);
    if (rc < 0)
        return rc;
    memcpy(sec + loc->off, ent, DIR_ENTRY_BYTES);
    return fat_meta_write(v, loc->lba, loc->off, DIR_ENTRY_BYTES);
}

/* A new cluster at the end of directory dir, zeroed. */
static int grow_dir(struct fat_vol *v, uint32_t dir, uint32_t idx)
{
    uint32_t last, c;
    if (dir == 0 || idx >= FAT_DIR_MAX_ENTRIES)
        return -DOSERR_ACCESS_DENIED; /* the fixed root is full, as DOS says it */
    uint32_t per_cluster = v->g.spc * ENTRIES_PER_SECTOR;
    int rc = fat_chain_at(v, dir, idx / per_cluster - 1, &last);
    if (rc < 0)
        return rc;
    if (!last)
        return fat_damaged(v, "directory chain ends early at cluster", dir);
    if ((rc = fat_alloc(v, last, &c)) < 0)
        return rc;
    return fat_zero_cluster(v, c);
}

/* The slot after a new entry that took the end marker's place becomes
 * the end marker: whatever a damaged directory holds past its end stays
 * unseen (else a new name could show twice). */
static int keep_end(struct fat_vol *v, uint32_t dir, uint32_t idx)
{
    struct fat_loc l;
    uint8_t *e;
    int rc = fat_dir_entry(v, dir, idx, &l, &e);
    if (rc == -DOSERR_NO_MORE_FILES || (rc == 0 && e[0] == DIR_END))
        return 0;
    if (rc < 0)
        return rc;
    e[0] = DIR_END;
    return fat_meta_write(v, l.lba, l.off, 1);
}

int fat_dir_add(struct fat_vol *v, uint32_t dir, const uint8_t ent[DIR_ENTRY_BYTES],
                struct fat_loc *loc)
{
    for (uint32_t i = 0;; i++) {
        uint8_t *e;
        int rc = fat_dir_entry(v, dir, i, loc, &e);
        if (rc == -DOSERR_NO_MORE_FILES) {
            if ((rc = grow_dir(v, dir, i)) < 0)
                return rc;
            rc = fat_dir_entry(v, dir, i, loc, &e);
        }
        if (rc < 0)
            return rc;
        if (e[0] == DIR_FREE)
            return fat_dir_put(v, loc, ent);
        if (e[0] == DIR_END) {
            rc = fat_dir_put(v, loc, ent);
            return rc < 0 ? rc : keep_end(v, dir, i + 1);
        }
    }
}

int fat_dir_remove(struct fat_vol *v, const struct fat_loc *loc)
{
    uint8_t ent[DIR_ENTRY_BYTES], *e;
    struct fat_loc l;
    int rc = fat_dir_entry(v, loc->dir, loc->idx, &l, &e);
    if (rc < 0)
        return rc;
    memcpy(ent, e, sizeof ent);
    ent[0] = DIR_FREE;
    if ((rc = fat_dir_put(v, &l, ent)) < 0)
        return rc;
    for (uint32_t i = loc->idx; i-- > 0;) { /* its long name, if any */
        if ((rc = fat_dir_entry(v, loc->dir, i, &l, &e)) < 0)
            return rc;
        if (!is_lfn(e) || e[0] == DIR_FREE)
            break;
        e[0] = DIR_FREE;
        if ((rc = fat_meta_write(v, l.lba, l.off, 1)) < 0)
            return rc;
    }
    return 0;
}

int fat_dir_empty(struct fat_vol *v, uint32_t dir)
{
    for (uint32_t i = 0;; i++) {
        struct fat_loc l;
        uint8_t *e;
        int rc = fat_dir_entry(v, dir, i, &l, &e);
        if (rc == -DOSERR_NO_MORE_FILES || (rc == 0 && e[0] == DIR_END))
            return 1;
        if (rc < 0)
            return rc;
        if (fat_ent_is_file(e) && e[0] != '.')
            return 0;
    }
}

int fat_dir_label(struct fat_vol *v, char out[12], uint16_t *date, uint16_t *time)
{
    uint32_t root = fat_root(v);
    for (uint32_t i = 0;; i++) {
        struct fat_loc l;
        uint8_t *e;
        int rc = fat_dir_entry(v, root, i, &l, &e);
        if (rc < 0 || e[0] == DIR_END)
            return rc == -DOSERR_NO_MORE_FILES ? 0 : rc;
        if (!fat_ent_is_label(e))
            continue;
        int n = FAT_NAME_BYTES;
        while (n > 0 && e[n - 1] == ' ')
            n--;
        memcpy(out, e, (size_t)n);
        out[n] = 0;
        *date = get_le16(e + DIR_WRT_DATE);
        *time = get_le16(e + DIR_WRT_TIME);
        return 1;
    }
}
