/* The drive backend interface (host directory, zip file, fault injection).
 * Paths handed to backends are relative to the drive root, upper case,
 * '\'-separated, already normalised (no ".", "..", empty parts, device
 * names or wildcards). Every call returns >= 0 or -DOSERR_x. */
#ifndef UNIDOS_FS_DRIVE_H
#define UNIDOS_FS_DRIVE_H

#include "fs/fs.h"

#define FS_DRIVE_OPS_VERSION 2

struct fs_file_ops {
    int (*read)(struct fs_file *fl, void *buf, uint32_t n);
    /* Bytes written; -DOSERR_HANDLE_DISK_FULL when nothing could be
     * written because the disk is full. */
    int (*write)(struct fs_file *fl, const void *buf, uint32_t n);
    int (*seek)(struct fs_file *fl, int64_t off, enum fs_whence whence, uint32_t *pos);
    int (*truncate)(struct fs_file *fl);
    int (*fstat)(struct fs_file *fl, struct fs_stat *st);
    int (*set_ftime)(struct fs_file *fl, uint16_t dos_date, uint16_t dos_time);
    int (*commit)(struct fs_file *fl);
    void (*close)(struct fs_file *fl);
};

/* Every backend's open file starts with this. */
struct fs_file {
    const struct fs_file_ops *ops;
    unsigned drive;
    uint64_t id;            /* same file <=> same id (for sharing and locks) */
    struct fs *fs;          /* set by fs_open */
    bool written, time_set; /* deterministic runs: stamp at close */
    uint32_t pos;           /* the position, kept by fs_read/write/seek */
};

/* What a directory search looks for, and one entry it found. */
struct fs_find_spec {
    uint8_t tmpl[FS_FCB_NAME_BYTES]; /* '?' matches any byte */
    uint8_t attr;                    /* DOS search attributes */
};

/* A disk image drive's volume (INT 21h 32h/36h/440Dh, INT 25h/26h, MSCDEX). */
struct fs_disk;
struct fs_cd;
struct fs_volume {
    struct fs_disk *disk;   /* the image (not referenced: the drive holds it) */
    uint64_t first_sector;  /* of the volume on the disk */
    uint32_t total_sectors; /* 512-byte sectors of the volume */
    uint8_t fat_bits;       /* 12, 16 or 32; 0: not a FAT volume (a CD-ROM) */
    uint8_t media;
    uint32_t spc, reserved, nfats, fat_sectors, root_entries, root_sector, data_sector;
    uint32_t nclusters, free_clusters;
    uint16_t spt, heads;
    uint32_t hidden;
    uint32_t serial;
    struct fs_cd *cd; /* a CD-ROM image: its tracks (MSCDEX), else NULL */
    bool removable;   /* a floppy image */
    char label[12];
    uint16_t label_date, label_time; /* of the label's directory entry */
};

struct fs_drive_ops {
    int version;
    int (*open)(void *drv, const char *rel, unsigned flags, struct fs_file **out);
    int (*stat)(void *drv, const char *rel, struct fs_stat *st);
    int (*unlink)(void *drv, const char *rel);
    int (*rename)(void *drv, const char *from, const char *to);
    int (*mkdir)(void *drv, const char *rel);
    int (*rmdir)(void *drv, const char *rel);
    int (*set_attr)(void *drv, const char *rel, uint8_t attr);
    /* Next entry of directory rel_dir at or after slot *index that matches
     * spec: fills out, sets *index past it. -DOSERR_NO_MORE_FILES at the
     * end, -DOSERR_PATH_NOT_FOUND when the directory is gone. */
    int (*find)(void *drv, const char *rel_dir, const struct fs_find_spec *spec,
                uint32_t *index, struct fs_found *out);
    int (*space)(void *drv, struct fs_space *sp);
    /* The DOS path (relative to the root) of a host path relative to the
     * host root ("sub dir/file.txt"), or -DOSERR_PATH_NOT_FOUND. NULL when
     * the backend has no host directory. */
    int (*host_to_dos)(void *drv, const char *host_rel, char *out, size_t cap);
    /* Host path of the drive root (NULL if none). */
    const char *(*host_root)(void *drv);
    void (*free)(void *drv);
    /* Disk image drives: the volume (NULL for the others). */
    int (*volume)(void *drv, struct fs_volume *vi);
};

/* Attribute test of a directory search (RBIL INT 21/AH=4Eh): hidden,
 * system and directory entries only when asked for. */
bool fs_find_attr_ok(uint8_t entry_attr, uint8_t search_attr);

/* Mount a backend built by the caller as drive (0 = A:); fs owns drv from
 * now on (ops->free), also when the mount fails. */
int fs_mount_backend(struct fs *f, unsigned drive, const struct fs_drive_ops *ops, void *drv,
                     bool readonly, const char *label);

/* In-memory backend (read-only): files in the root directory, served from
 * copies of the bytes given (the built-in Z: drive). */
void *fs_mem_drive_new(uint16_t dos_date, uint16_t dos_time);
int fs_mem_drive_add(void *drv, const char *dos_name, const uint8_t *data, uint32_t size);
extern const struct fs_drive_ops fs_mem_drive_ops;

/* Host directory backend; flags: FS_MOUNT_RO, FS_MOUNT_LOWER (names the
 * guest creates are lower case), FS_MOUNT_NO_WATCH. */
int fs_host_drive_new(const char *host_dir, unsigned flags, void **drv);
extern const struct fs_drive_ops fs_host_drive_ops;

/* Zip file backend (always read-only). */
int fs_zip_drive_new(const char *zip_path, void **drv, char *why, size_t cap);
extern const struct fs_drive_ops fs_zip_drive_ops;

/* FAT image backend: the FAT volume at sector base (nsectors long) of
 * disk, which the drive references. f gives the clock for file times.
 * FS_FAT_BLANK_OK: a disk without a file system (an unformatted floppy)
 * is a drive all the same: file calls fail with "general failure" until
 * something writes a boot sector (FORMAT, DISKCOPY through INT 13h). */
enum { FS_FAT_READONLY = 1, FS_FAT_BLANK_OK = 2 };
int fs_fat_drive_new(struct fs *f, struct fs_disk *disk, uint64_t base, uint64_t nsectors,
                     unsigned flags, void **drv, char *why, size_t cap);
const char *fs_fat_drive_label(void *drv);
extern const struct fs_drive_ops fs_fat_drive_ops;

/* Fault injection (tests): wraps a backend; see fs_fault_config. */
int fs_fault_drive_new(const struct fs_drive_ops *inner_ops, void *inner,
                       const struct fs_fault_config *cfg, void **drv);
extern const struct fs_drive_ops fs_fault_drive_ops;

#endif
