/* Internals of the drive table shared by fs/fs.c and fs/find.c. */
#ifndef UNIDOS_FS_FS_IMPL_H
#define UNIDOS_FS_FS_IMPL_H

#include "fs/drive.h"
#include "fs/fs.h"

#define FS_LABEL_MAX 11
#define FS_WHY_MAX 160 /* a mount's reason for refusing, as words */

struct fs_alt;

struct fs_mount {
    const struct fs_drive_ops *ops;
    void *drv;
    bool readonly;
    char cwd[FS_DIR_MAX + 1];
    char label[FS_LABEL_MAX + 1];
    /* Image drives (fs/mount_image.c): the images that can be swapped in,
     * alts[cur_alt] the one inserted (its backend is ops/drv). */
    struct fs_alt *alts;
    unsigned nalts, cur_alt;
    bool image;     /* a disk or CD image: its real free space counts */
    bool changed;   /* another image was inserted since the last check */
    char *source;   /* the host directory or zip file (owned), or NULL */
    unsigned nopen; /* files open on the backend: it cannot be replaced */
};

/* A directory some search ran in: find states name it by index. */
struct fs_search_dir {
    char *rel;
    uint8_t drive;
    uint32_t check;
};

struct fs {
    struct fs_mount drives[FS_MAX_DRIVES];
    uint32_t mounted; /* bit n: drive n has a backend */
    unsigned current;
    unsigned last_drive; /* of the last path resolved: for INT 24h */
    struct fs_search_dir *dirs;
    uint32_t ndirs;
    size_t dircap;
    uint32_t *dir_hash; /* open addressing: index + 1 */
    uint32_t dir_hcap;
    struct fs_stamps *stamps; /* deterministic runs only */
    uint32_t max_file_size;   /* no byte is written at or past it */
    fs_now_fn *now;
    void *now_ctx;
};

/* A DOS path resolved: its mount, its drive and the path relative to the
 * drive's root (normalised). */
struct fs_where {
    struct fs_mount *m;
    unsigned drive;
    char rel[FS_PATH_MAX];
};

/* Resolve a DOS path to its mount and drive-relative path. */
int fs_resolve(struct fs *f, const char *path, struct fs_where *w);
void fs_free_search_dirs(struct fs *f);
/* A volume label from a host path: its last part in DOS characters. */
void fs_mount_label(const char *host_path, char out[FS_LABEL_MAX + 1]);
/* Free the swap list of an image drive (fs/mount_image.c). */
void fs_mount_free_alts(struct fs_mount *m);
/* Deterministic runs: replace a host time in st by the session's stamp. */
void fs_apply_stamp(const struct fs *f, struct fs_stat *st);

#endif
