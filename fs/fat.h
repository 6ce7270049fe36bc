/* FAT12/16/32 volumes on a disk image (fs/disk.h): the boot sector's BPB,
 * the allocation table, directory sectors. Internal to fs/fat*.c and
 * fs/drive_fat.c. Every call returns >= 0 or -DOSERR_x; damage found in
 * the image (a chain that loops or leaves the volume, a broken directory)
 * is a DOS error and one note per volume, never a crash. */
#ifndef UNIDOS_FS_FAT_H
#define UNIDOS_FS_FAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fs/disk.h"

/* Boot sector fields (Microsoft FAT specification, "BPB"). */
#define BPB_BYTES_PER_SEC 0x0B
#define BPB_SEC_PER_CLUS 0x0D
#define BPB_RSVD_SECS 0x0E
#define BPB_NUM_FATS 0x10
#define BPB_ROOT_ENTS 0x11
#define BPB_TOT_SEC16 0x13
#define BPB_MEDIA 0x15
#define BPB_FAT_SZ16 0x16
#define BPB_SEC_PER_TRK 0x18
#define BPB_NUM_HEADS 0x1A
#define BPB_HIDD_SEC 0x1C
#define BPB_TOT_SEC32 0x20
#define BS16_BOOT_SIG 0x26 /* 29h: serial, label and type follow */
#define BS16_VOL_ID 0x27
#define BS16_VOL_LAB 0x2B
#define BS16_FS_TYPE 0x36
#define BPB32_FAT_SZ 0x24
#define BPB32_EXT_FLAGS 0x28
#define BPB32_ROOT_CLUS 0x2C
#define BPB32_FS_INFO 0x30
#define BS32_BOOT_SIG 0x42
#define BS32_VOL_ID 0x43
#define BS32_VOL_LAB 0x47
#define BS32_FS_TYPE 0x52
#define BS_EXT_SIG 0x29
#define BS_SIG_OFF 510 /* 55h AAh */
/* FSInfo sector (FAT32). */
#define FSI_LEAD_SIG 0x41615252u
#define FSI_STRUC_SIG 0x61417272u
#define FSI_STRUC_OFF 484
#define FSI_FREE_COUNT 488
#define FSI_NXT_FREE 492
#define FSI_UNKNOWN 0xFFFFFFFFu
/* Directory entries. */
#define DIR_ENTRY_BYTES 32u
#define DIR_NAME 0x00
#define DIR_ATTR 0x0B
#define DIR_NTRES 0x0C
#define DIR_CRT_TIME_TENTH 0x0D
#define DIR_CRT_TIME 0x0E
#define DIR_CRT_DATE 0x10
#define DIR_LST_ACC_DATE 0x12
#define DIR_FST_CLUS_HI 0x14
#define DIR_WRT_TIME 0x16
#define DIR_WRT_DATE 0x18
#define DIR_FST_CLUS_LO 0x1A
#define DIR_FILE_SIZE 0x1C
#define DIR_FREE 0xE5     /* first name byte of a deleted entry */
#define DIR_END 0x00      /* first name byte: this and every later entry are free */
#define DIR_KANJI_E5 0x05 /* a stored 05h stands for a name starting with E5h */
#define ATTR_LFN 0x0F     /* read-only + hidden + system + volume: a long-name part */
#define ATTR_LFN_MASK 0x3F

enum fat_type { FAT_12 = 12, FAT_16 = 16, FAT_32 = 32 };

#define FAT_CLUSTER_MIN 2u
#define FAT_MAX_CLUSTERS12 4084u
#define FAT_MAX_CLUSTERS16 65524u
#define FAT_MAX_CLUSTERS32 0x0FFFFFF5u

/* What a boot sector describes, sizes in 512-byte sectors, relative to
 * the volume's first sector. */
struct fat_geom {
    enum fat_type type;
    uint32_t spc;      /* sectors per cluster */
    uint32_t reserved; /* first FAT sector */
    uint32_t nfats;
    uint32_t fat_sectors;  /* of one FAT */
    uint32_t root_entries; /* FAT12/16 */
    uint32_t root_sector, root_sectors;
    uint32_t data_sector; /* cluster 2 */
    uint32_t total_sectors;
    uint32_t nclusters;     /* clusters 2 .. nclusters+1 */
    uint32_t root_cluster;  /* FAT32 */
    uint32_t fsinfo_sector; /* FAT32, 0: none */
    uint32_t active_fat;    /* FAT32 with mirroring off: the one in use */
    bool mirrored;          /* every FAT copy is written */
    uint8_t media;
    uint16_t spt, heads; /* from the BPB, 0 when absent */
    uint32_t hidden;
    uint32_t serial;
    char label[12]; /* the boot sector's, "" when none */
};

/* Parse the boot sector of a volume of vol_sectors sectors. Returns 0 or
 * -DOSERR_INVALID_DATA with the reason in why. Pure: used by the fuzz
 * target directly. */
int fat_parse_bpb(const uint8_t sec[FS_SECTOR_BYTES], uint64_t vol_sectors, struct fat_geom *g,
                  char *why, size_t cap);
bool fat_cluster_ok_geom(const struct fat_geom *g, uint32_t c);
/* A DOS 1 disk without a BPB: the geometry its media byte (FAT[0]) and
 * size name. */
bool fat_dos1_geom(uint8_t media, uint64_t bytes, struct fat_geom *g);

/* A directory sector held in memory (write-through). */
struct fat_cslot {
    uint64_t lba; /* volume-relative; UINT64_MAX: empty */
    uint8_t data[FS_SECTOR_BYTES];
};

/* The names a directory listing has passed (fs/fat_seen.c): a set of the
 * hashes of the names of the live entries [0, upto) of directory dir, as
 * they were at write count wgen. */
struct fat_seen {
    uint32_t dir, upto, wgen;
    bool valid;
    uint32_t *slot; /* open addressing; 0: empty */
    uint32_t cap, n;
};

struct fat_vol {
    struct fs_disk *disk;
    uint64_t base; /* first sector of the volume on the disk */
    struct fat_geom g;
    bool readonly;
    uint8_t *fat;   /* the FAT in use: fat_sectors * 512 bytes */
    uint8_t *dirty; /* one flag per FAT sector to write back */
    bool fat_dirty;
    uint32_t usable; /* clusters 2 .. usable+1 lie inside the image */
    uint32_t nfree, next_free;
    bool fsinfo_dirty;
    uint32_t gen;            /* disk generation the caches belong to */
    bool noted;              /* the damage note was given */
    char label[12];          /* volume label (root entry, else boot sector) */
    struct fat_cslot *cache; /* directory sectors: direct-mapped by lba */
    unsigned ncache;
    /* The last cluster found by index in a chain (sequential directory walks). */
    uint32_t hint_first, hint_index, hint_cluster;
    uint32_t wgen; /* writes to the volume (and reloads): what was read may differ */
    struct fat_seen seen;
};

/* Mount the volume at sector base of disk (nsectors long: the partition,
 * or the rest of the image). why gets the reason of a failure. */
int fat_mount(struct fs_disk *disk, uint64_t base, uint64_t nsectors, bool readonly,
              struct fat_vol **out, char *why, size_t cap);
void fat_unmount(struct fat_vol *v);

/* The image was written behind the volume's back (INT 13h/26h): reload. */
int fat_sync(struct fat_vol *v);
/* Write the changed FAT sectors to every copy (and FSInfo). */
int fat_flush(struct fat_vol *v);

/* Report damage: a note the first time, then the DOS error to return. */
int fat_damaged(struct fat_vol *v, const char *what, uint32_t n);

bool fat_cluster_ok(const struct fat_vol *v, uint32_t c);
uint32_t fat_get(const struct fat_vol *v, uint32_t c);
void fat_set(struct fat_vol *v, uint32_t c, uint32_t val);
bool fat_is_eoc(const struct fat_vol *v, uint32_t val);
uint32_t fat_eoc(const struct fat_vol *v);
/* The cluster after c in its chain: 0 at the end; damage is an error. */
int fat_next(struct fat_vol *v, uint32_t c, uint32_t *next);
/* From cluster c, index i of its chain, the cluster at index k >= i; 0
 * when the chain ends before. */
int fat_chain_step(struct fat_vol *v, uint32_t c, uint32_t i, uint32_t k, uint32_t *out);
/* The cluster at index k of the chain starting at first (0 = first). */
int fat_chain_at(struct fat_vol *v, uint32_t first, uint32_t k, uint32_t *out);
/* Check the chain from first: no loop (Brent's cycle finding, constant
 * memory), no link out of the volume, and at least min_len clusters.
 * A damage error otherwise. */
int fat_chain_check(struct fat_vol *v, uint32_t first, uint32_t min_len);
/* Allocate a free cluster, marked end of chain and linked after prev
 * (0: a new chain). -DOSERR_HANDLE_DISK_FULL when none is left. */
int fat_alloc(struct fat_vol *v, uint32_t prev, uint32_t *out);
/* Free the chain starting at c. */
int fat_free_chain(struct fat_vol *v, uint32_t c);
/* Cut the chain after cluster c (c becomes its end). */
int fat_truncate_after(struct fat_vol *v, uint32_t c);

uint32_t fat_cluster_bytes(const struct fat_vol *v);
/* Volume-relative first sector of cluster c. */
uint64_t fat_cluster_sector(const struct fat_vol *v, uint32_t c);
int fat_read_bytes(struct fat_vol *v, uint64_t vol_off, void *buf, size_t n);
int fat_write_bytes(struct fat_vol *v, uint64_t vol_off, const void *buf, size_t n);
/* Fill cluster c with zeros. */
int fat_zero_cluster(struct fat_vol *v, uint32_t c);

/* A directory sector through the cache: *p stays valid until the next
 * cache call. fat_meta_write writes n bytes at off of the cached sector
 * (changed in place by the caller) through to the image. */
int fat_meta_read(struct fat_vol *v, uint64_t lba, uint8_t **p);
int fat_meta_write(struct fat_vol *v, uint64_t lba, unsigned off, unsigned n);
void fat_meta_forget(struct fat_vol *v);

#endif
