/* The drive backend interface (host directory, zip file, fault injection).
 * Paths handed to backends are relative to the drive root, upper case,
 * '\'-separated, already normalised (no ".", "..", empty parts). */
#ifndef UNIDOS_FS_DRIVE_H
#define UNIDOS_FS_DRIVE_H

#include "fs/fs.h"

#define FS_DRIVE_OPS_VERSION 1

struct fs_file_ops {
    int (*read)(struct fs_file *fl, void *buf, uint32_t n);
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
};

struct fs_drive_ops {
    int version;
    int (*open)(void *drv, const char *rel, unsigned flags, struct fs_file **out);
    int (*stat)(void *drv, const char *rel, struct fs_stat *st);
    int (*unlink)(void *drv, const char *rel);
    int (*rename)(void *drv, const char *from, const char *to);
    int (*mkdir)(void *drv, const char *rel);
    int (*rmdir)(void *drv, const char *rel);
    /* Host path of the drive root, for fs_host_to_dos (NULL if none). */
    const char *(*host_root)(void *drv);
    void (*free)(void *drv);
};

/* Host directory backend. */
int fs_host_drive_new(const char *host_dir, bool readonly, void **drv);
extern const struct fs_drive_ops fs_host_drive_ops;

#endif
