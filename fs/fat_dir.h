/* FAT directories: entries by index, name lookup, path walks, adding and
 * removing entries. A directory is named by its first cluster; 0 is the
 * fixed root directory of FAT12/16 (on FAT32 the root is a cluster
 * chain like any other). Internal to fs/fat*.c and fs/drive_fat.c. */
#ifndef UNIDOS_FS_FAT_DIR_H
#define UNIDOS_FS_FAT_DIR_H

#include "fs/fat.h"
#include "fs/fs.h"
#include "fs/names83.h"

#define FAT_DIR_MAX_ENTRIES 65536u /* a directory holds at most this many */
#define FAT_NAME_BYTES 11

/* Where a directory entry lives. */
struct fat_loc {
    uint32_t dir;
    uint32_t idx;
    uint64_t lba; /* volume-relative sector */
    uint16_t off; /* byte offset in that sector */
};

/* What a path names. */
struct fat_res {
    uint32_t parent; /* the directory holding the last part */
    bool root;       /* the path is the root directory itself */
    bool found;      /* the last part exists: loc and ent are set */
    struct fat_loc loc;
    uint8_t ent[DIR_ENTRY_BYTES];
    uint8_t name[FAT_NAME_BYTES];
};

/* The root directory's name (0 on FAT12/16, its cluster on FAT32). */
uint32_t fat_root(const struct fat_vol *v);

uint32_t fat_ent_cluster(const struct fat_vol *v, const uint8_t *ent);
void fat_ent_set_cluster(const struct fat_vol *v, uint8_t *ent, uint32_t c);
/* The entry's name in 11-byte form, with a stored 05h read back as E5h. */
void fat_ent_name(const uint8_t *ent, uint8_t name[FAT_NAME_BYTES]);
/* A live entry for a file or directory (not free, a long-name part or the label). */
bool fat_ent_is_file(const uint8_t *ent);
bool fat_ent_is_label(const uint8_t *ent);

/* Entry idx of directory dir: its place and a pointer into the sector
 * cache (valid until the next cache call). -DOSERR_NO_MORE_FILES past
 * the directory's last cluster. */
int fat_dir_entry(struct fat_vol *v, uint32_t dir, uint32_t idx, struct fat_loc *loc,
                  uint8_t **ent);
/* The live entry named name in dir: 1 found (loc, ent copied), 0 not. */
int fat_dir_lookup(struct fat_vol *v, uint32_t dir, const uint8_t name[FAT_NAME_BYTES],
                   struct fat_loc *loc, uint8_t ent[DIR_ENTRY_BYTES]);
/* 1 when the name the live entry at loc (ent, a copy) lists under opens
 * another entry: on a damaged directory holding a name twice (or a stored
 * name that lists as another's) the first entry of the name wins, and a
 * listing leaves the others out. 0 otherwise. Listings in entry order
 * cost one step an entry (fs/fat_seen.c). */
int fat_dir_shadowed(struct fat_vol *v, const struct fat_loc *loc,
                     const uint8_t ent[DIR_ENTRY_BYTES]);
/* Resolve a normalised drive path ("DIR\FILE.EXT", "" = root). */
int fat_walk(struct fat_vol *v, const char *rel, struct fat_res *r);
/* The directory a directory entry (or the root) opens. */
uint32_t fat_dir_of(const struct fat_vol *v, const struct fat_res *r);

/* Write ent into a free slot of dir, growing it by a cluster when full. */
int fat_dir_add(struct fat_vol *v, uint32_t dir, const uint8_t ent[DIR_ENTRY_BYTES],
                struct fat_loc *loc);
/* Replace the entry at loc. */
int fat_dir_put(struct fat_vol *v, const struct fat_loc *loc,
                const uint8_t ent[DIR_ENTRY_BYTES]);
/* Mark the entry at loc (and the long-name parts before it) free. */
int fat_dir_remove(struct fat_vol *v, const struct fat_loc *loc);
/* 1 when dir holds nothing but "." and "..", 0 when it holds more. */
int fat_dir_empty(struct fat_vol *v, uint32_t dir);
/* The volume label entry of the root: 1 found (its name, date and time). */
int fat_dir_label(struct fat_vol *v, char out[12], uint16_t *date, uint16_t *time);

#endif
