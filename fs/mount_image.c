/* Mounting image files: the kind from the content (fs/image.c), the
 * backend for it (FAT, CD-ROM, zip), and the images of a drive that can be
 * swapped in while a program runs (installers asking for "disk 2"). Every
 * image of a drive stays open once used, so files open on one image keep
 * working after another is inserted. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/common.h"
#include "base/doserr.h"
#include "base/log.h"
#include "fs/cd.h"
#include "fs/fs_impl.h"
#include "fs/image.h"

/* One image of a drive's swap list. */
struct fs_alt {
    char *path;
    unsigned flags;
    const struct fs_drive_ops *ops; /* NULL until first inserted */
    void *drv;
    bool readonly;
    char label[FS_LABEL_MAX + 1];
};

struct disk_read_ctx {
    struct fs_disk *disk;
};

static int read_sector(void *ctx, uint64_t lba, uint8_t sec[FS_SECTOR_BYTES])
{
    return fs_disk_read(((struct disk_read_ctx *)ctx)->disk, lba, 1, sec);
}

/* The BIOS geometry of a partitioned disk: heads and sectors from the
 * partition's BPB when it has them. */
static void disk_geometry(struct fs_disk *disk, const struct fs_volume *vi)
{
    if (!vi->heads || !vi->spt || vi->heads > 255 || vi->spt > 63)
        return;
    uint64_t per_cyl = (uint64_t)vi->heads * vi->spt;
    struct fs_disk_geom g = {(uint32_t)MIN((fs_disk_sectors(disk) + per_cyl - 1) / per_cyl,
                                           (uint64_t)1024),
                             vi->heads, vi->spt};
    fs_disk_set_geometry(disk, &g);
}

static int mount_fat(struct fs *f, struct fs_disk *disk, enum fs_image_kind kind,
                     struct fs_alt *a, char *why, size_t cap)
{
    uint64_t base = 0, count = fs_disk_sectors(disk);
    bool partitioned = kind == FS_IMAGE_MBR;
    if (partitioned) {
        uint8_t mbr[FS_SECTOR_BYTES];
        struct fs_part p[FS_MBR_MAX_PARTS];
        struct disk_read_ctx rc = {disk};
        int n = fs_disk_read(disk, 0, 1, mbr);
        n = n < 0 ? n : fs_mbr_parts(mbr, count, read_sector, &rc, p, FS_MBR_MAX_PARTS);
        int i = 0;
        while (i < n && !fs_part_is_fat(p[i].type))
            i++;
        if (i >= n) {
            snprintf(why, cap, "no FAT partition in the partition table");
            return -DOSERR_INVALID_DATA;
        }
        base = p[i].first;
        count = p[i].count;
    }
    unsigned fl = (a->readonly ? FS_FAT_READONLY : 0) |
                  (kind == FS_IMAGE_UNKNOWN ? FS_FAT_BLANK_OK : 0);
    int rc = fs_fat_drive_new(f, disk, base, count, fl, &a->drv, why, cap);
    if (rc < 0)
        return rc;
    struct fs_volume vi;
    fs_fat_drive_ops.volume(a->drv, &vi);
    if (partitioned)
        disk_geometry(disk, &vi);
    a->ops = &fs_fat_drive_ops;
    snprintf(a->label, sizeof a->label, "%s", vi.label);
    return 0;
}

static int open_disk(struct fs *f, enum fs_image_kind kind, struct fs_alt *a, char *why,
                     size_t cap)
{
    struct fs_disk *disk;
    int rc = fs_disk_open(a->path, a->readonly, &disk);
    if (rc < 0) {
        snprintf(why, cap, "cannot open it: %s", doserr_name((enum doserr) - rc));
        return rc;
    }
    rc = mount_fat(f, disk, kind, a, why, cap);
    fs_disk_unref(disk); /* the drive holds it */
    return rc;
}

static int open_cd(struct fs_alt *a, enum fs_image_kind kind, char *why, size_t cap)
{
    struct fs_cd *cd;
    a->readonly = true;
    int rc = fs_cd_open(a->path, (int)kind, &cd, why, cap);
    if (rc < 0)
        return rc;
    rc = fs_cd_drive_new(cd, &a->drv, a->label, why, cap);
    if (rc == 0)
        a->ops = &fs_cd_drive_ops;
    return rc;
}

/* Read the start of the file and build the backend its content asks for. */
static int open_alt(struct fs *f, struct fs_alt *a, char *why, size_t cap)
{
    static uint8_t head[FS_IMAGE_HEAD_BYTES];
    struct stat s;
    if (stat(a->path, &s) < 0 || !S_ISREG(s.st_mode)) {
        snprintf(why, cap, "not a directory or an image file");
        return -DOSERR_PATH_NOT_FOUND;
    }
    int fd = open_regular(a->path); /* no FIFO, no access time moved */
    if (fd < 0) {
        snprintf(why, cap,
                 errno == EINVAL ? "not a directory or an image file" : "cannot read it");
        return -DOSERR_ACCESS_DENIED;
    }
    ssize_t got = read(fd, head, sizeof head);
    close(fd);
    size_t n = got < 0 ? 0 : (size_t)got;
    enum fs_image_kind kind = fs_image_detect(head, n, (uint64_t)s.st_size, a->path);
    LOG(LOG_FS, "%s: %s", a->path, fs_image_kind_name(kind));
    a->readonly = a->flags & FS_MOUNT_RO;
    switch (kind) {
    case FS_IMAGE_ZIP:
        a->readonly = true;
        a->ops = &fs_zip_drive_ops;
        fs_mount_label(a->path, a->label);
        return fs_zip_drive_new(a->path, &a->drv, why, cap) < 0 ? -DOSERR_INVALID_DATA : 0;
    case FS_IMAGE_FAT:
    case FS_IMAGE_MBR:
        return open_disk(f, kind, a, why, cap);
    case FS_IMAGE_ISO:
    case FS_IMAGE_BIN:
    case FS_IMAGE_CUE:
        return open_cd(a, kind, why, cap);
    default: {
        struct fs_disk_geom g;
        if (fs_disk_floppy_geometry((uint64_t)s.st_size, &g))
            return open_disk(f, kind, a, why, cap); /* an unformatted floppy */
        snprintf(why, cap, "not a FAT disk image, CD image (ISO, CUE/BIN) or zip file");
        return -DOSERR_INVALID_DATA;
    }
    }
}

static void alt_free(struct fs_alt *a)
{
    if (a->ops)
        a->ops->free(a->drv);
    free(a->path);
}

void fs_mount_free_alts(struct fs_mount *m)
{
    for (unsigned i = 0; i < m->nalts; i++)
        if (i != m->cur_alt) /* the current one is the mount's own backend */
            alt_free(&m->alts[i]);
        else
            free(m->alts[i].path);
    free(m->alts);
    m->alts = NULL;
    m->nalts = 0;
}

/* Make image i of m the drive's backend. */
static void insert(struct fs_mount *m, unsigned i)
{
    struct fs_alt *a = &m->alts[i];
    m->ops = a->ops;
    m->drv = a->drv;
    m->readonly = a->readonly;
    memcpy(m->label, a->label, sizeof m->label);
    m->cur_alt = i;
    m->changed = true;
}

int fs_mount_image(struct fs *f, unsigned drive, const char *path, unsigned flags, char *why,
                   size_t cap)
{
    struct fs_alt a = {.path = xstrdup(path), .flags = flags};
    if (drive >= FS_MAX_DRIVES) {
        free(a.path);
        return -DOSERR_INVALID_DRIVE;
    }
    int rc = open_alt(f, &a, why, cap);
    if (rc < 0) {
        free(a.path);
        return rc;
    }
    fs_mount_backend(f, drive, a.ops, a.drv, a.readonly, a.label);
    struct fs_mount *m = &f->drives[drive];
    m->alts = xcalloc(1, sizeof *m->alts);
    m->alts[0] = a;
    m->nalts = 1;
    m->cur_alt = 0;
    m->image = a.ops != &fs_zip_drive_ops;
    m->changed = false;
    LOG(LOG_FS, "%c: is image %s", 'A' + drive, path);
    return 0;
}

int fs_swap_add(struct fs *f, unsigned drive, const char *path, unsigned flags)
{
    if (!fs_drive_valid(f, drive) || !f->drives[drive].nalts)
        return -DOSERR_INVALID_DRIVE;
    struct fs_mount *m = &f->drives[drive];
    m->alts = xreallocarray(m->alts, m->nalts + 1, sizeof *m->alts);
    m->alts[m->nalts++] = (struct fs_alt){.path = xstrdup(path), .flags = flags};
    return 0;
}

int fs_swap_next(struct fs *f, unsigned drive, char *why, size_t cap)
{
    if (!fs_drive_valid(f, drive) || f->drives[drive].nalts < 2) {
        snprintf(why, cap, "%c: has no other image to insert", 'A' + drive);
        return -DOSERR_INVALID_DRIVE;
    }
    struct fs_mount *m = &f->drives[drive];
    if (m->ops == &fs_fault_drive_ops) {
        snprintf(why, cap, "%c: is under fault injection", 'A' + drive);
        return -DOSERR_INVALID_DRIVE;
    }
    unsigned next = (m->cur_alt + 1) % m->nalts;
    struct fs_alt *a = &m->alts[next];
    if (!a->ops) {
        int rc = open_alt(f, a, why, cap);
        if (rc < 0) {
            a->ops = NULL;
            return rc;
        }
    }
    insert(m, next);
    m->cwd[0] = 0; /* DOS re-reads the root of a new disk */
    warn("%c: now holds %s", 'A' + drive, a->path);
    return (int)next;
}

const char *fs_image_path(const struct fs *f, unsigned drive)
{
    if (!fs_drive_valid(f, drive) || !f->drives[drive].nalts)
        return NULL;
    return f->drives[drive].alts[f->drives[drive].cur_alt].path;
}

bool fs_media_changed(struct fs *f, unsigned drive)
{
    if (!fs_drive_valid(f, drive))
        return false;
    bool c = f->drives[drive].changed;
    f->drives[drive].changed = false;
    return c;
}

int fs_volume(struct fs *f, unsigned drive, struct fs_volume *vi)
{
    if (!fs_drive_valid(f, drive))
        return -DOSERR_INVALID_DRIVE;
    struct fs_mount *m = &f->drives[drive];
    if (!m->ops->volume)
        return -DOSERR_NOT_SUPPORTED;
    return m->ops->volume(m->drv, vi);
}
