/* The FAT image drive backend's internals, shared by fs/drive_fat.c (drive
 * operations) and fs/fat_file.c (open files). An open file is a handle on
 * a node: one per directory entry, shared by every handle of that file,
 * so all of them see the same size and chain. */
#ifndef UNIDOS_FS_FAT_DRIVE_H
#define UNIDOS_FS_FAT_DRIVE_H

#include "fs/drive.h"
#include "fs/fat_dir.h"

struct fat_node {
    struct fat_loc loc;
    uint32_t first; /* first cluster, 0 for an empty file */
    uint32_t size;
    int refs;
    bool deleted;  /* removed while open: reads end, writes fail */
    bool modified; /* written: the time is set at close */
    bool time_set; /* 5701h set the time: keep it */
    struct fat_node *next;
};

struct fat_drive {
    struct fat_vol *v; /* NULL: no file system on the disk yet */
    struct fs_disk *disk;
    uint64_t base, count; /* the volume's sectors on the disk */
    bool readonly;
    uint32_t blank_gen; /* disk generation last tried without success */
    struct fs *fs;      /* for the clock (fs_now) */
    struct fat_node *nodes;
    char label[12];
    uint16_t label_date, label_time;
};

/* Open a handle on the entry r found (r->found). */
int fat_file_open(struct fat_drive *d, const struct fat_res *r, unsigned flags,
                  struct fs_file **out);
/* The open node of the entry at loc, or NULL. */
struct fat_node *fat_node_find(struct fat_drive *d, const struct fat_loc *loc);
/* The file id of the entry at loc (sharing and locks). */
uint64_t fat_entry_id(const struct fat_drive *d, const struct fat_loc *loc);
/* The DOS date and time now. */
void fat_now(const struct fat_drive *d, uint16_t *date, uint16_t *time);
/* Stamp ent with date and time. */
void fat_ent_stamp(uint8_t *ent, uint16_t date, uint16_t time);
/* DOS view of an entry. */
void fat_ent_stat(const struct fat_drive *d, const uint8_t *ent, const struct fat_loc *loc,
                  struct fs_stat *st);
/* Start of a call: reload after raw writes. End of a changing call: write
 * the FAT back; returns rc, or the flush's error when rc succeeded. */
int fat_begin(struct fat_drive *d);
int fat_end(struct fat_drive *d, int rc);

#endif
