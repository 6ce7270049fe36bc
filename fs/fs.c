/* The drive table: mounts, current drive and directories, and dispatch of
 * DOS paths to drive backends. */
#include "fs/fs.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/common.h"
#include "base/doserr.h"
#include "base/log.h"
#include "fs/drive.h"
#include "fs/path.h"

struct fs_mount {
    const struct fs_drive_ops *ops;
    void *drv;
    bool readonly;
    char cwd[FS_DIR_MAX + 1];
};

struct fs {
    struct fs_mount drives[FS_MAX_DRIVES];
    unsigned current;
};

struct fs *fs_new(void)
{
    struct fs *f = xcalloc(1, sizeof *f);
    f->current = 2;                     /* C: */
    return f;
}

void fs_free(struct fs *f)
{
    if (!f)
        return;
    for (unsigned d = 0; d < FS_MAX_DRIVES; d++)
        if (f->drives[d].ops)
            f->drives[d].ops->free(f->drives[d].drv);
    free(f);
}

int fs_mount_host(struct fs *f, unsigned drive, const char *host_dir, bool readonly)
{
    void *drv;
    if (drive >= FS_MAX_DRIVES)
        return -DOSERR_INVALID_DRIVE;
    int rc = fs_host_drive_new(host_dir, readonly, &drv);
    if (rc < 0)
        return rc;
    struct fs_mount *m = &f->drives[drive];
    if (m->ops)
        m->ops->free(m->drv);
    *m = (struct fs_mount){.ops = &fs_host_drive_ops, .drv = drv, .readonly = readonly};
    LOG(LOG_FS, "mounted %c: = %s%s", 'A' + drive, host_dir, readonly ? " (read-only)" : "");
    return 0;
}

bool fs_drive_valid(const struct fs *f, unsigned drive)
{
    return drive < FS_MAX_DRIVES && f->drives[drive].ops;
}

bool fs_drive_readonly(const struct fs *f, unsigned drive)
{
    return fs_drive_valid(f, drive) && f->drives[drive].readonly;
}

int fs_free_drive(const struct fs *f)
{
    for (unsigned d = 2; d < FS_MAX_DRIVES; d++)
        if (!f->drives[d].ops)
            return (int)d;
    return -1;
}

unsigned fs_current_drive(const struct fs *f)
{
    return f->current;
}

int fs_set_current_drive(struct fs *f, unsigned drive)
{
    if (!fs_drive_valid(f, drive))
        return -DOSERR_INVALID_DRIVE;
    f->current = drive;
    return 0;
}

int fs_get_cwd(const struct fs *f, unsigned drive, char *out, size_t cap)
{
    unsigned d = drive ? drive - 1 : f->current;
    if (!fs_drive_valid(f, d))
        return -DOSERR_INVALID_DRIVE;
    if (strlen(f->drives[d].cwd) >= cap)
        return -DOSERR_PATH_NOT_FOUND;
    strcpy(out, f->drives[d].cwd);
    return 0;
}

/* Resolve a DOS path to its mount and drive-relative path. */
static int resolve(struct fs *f, const char *path, struct fs_mount **m, unsigned *drive,
                   char *rel, size_t cap)
{
    const char *cwds[FS_MAX_DRIVES];
    for (unsigned d = 0; d < FS_MAX_DRIVES; d++)
        cwds[d] = f->drives[d].cwd;
    int rc = fs_path_normalize(path, f->current, cwds, drive, rel, cap);
    if (rc < 0)
        return rc;
    if (!fs_drive_valid(f, *drive))
        return -DOSERR_INVALID_DRIVE;
    *m = &f->drives[*drive];
    return 0;
}

int fs_truename(struct fs *f, const char *dos_path, char *out, size_t cap)
{
    struct fs_mount *m;
    unsigned d;
    char rel[FS_PATH_MAX];
    int rc = resolve(f, dos_path, &m, &d, rel, sizeof rel);
    if (rc < 0)
        return rc;
    if (strlen(rel) + 4 > cap)
        return -DOSERR_PATH_NOT_FOUND;
    out[0] = (char)('A' + d), out[1] = ':', out[2] = '\\';
    strcpy(out + 3, rel);
    return 0;
}

int fs_chdir(struct fs *f, const char *dos_path)
{
    struct fs_mount *m;
    unsigned d;
    char rel[FS_PATH_MAX];
    struct fs_stat st;
    int rc = resolve(f, dos_path, &m, &d, rel, sizeof rel);
    if (rc < 0)
        return rc;
    if (strlen(rel) > FS_DIR_MAX)
        return -DOSERR_PATH_NOT_FOUND;
    if (rel[0]) {
        rc = m->ops->stat(m->drv, rel, &st);
        if (rc < 0 || !(st.attr & FS_ATTR_DIRECTORY))
            return -DOSERR_PATH_NOT_FOUND;
    }
    strcpy(m->cwd, rel);
    return 0;
}

int fs_host_to_dos(struct fs *f, const char *host_path, char *out, size_t cap)
{
    char real[PATH_MAX];
    if (!realpath(host_path, real))
        return -DOSERR_PATH_NOT_FOUND;
    for (unsigned d = 0; d < FS_MAX_DRIVES; d++) {
        const struct fs_mount *m = &f->drives[d];
        const char *root = m->ops && m->ops->host_root ? m->ops->host_root(m->drv) : NULL;
        size_t n = root ? strlen(root) : 0;
        if (!root || strncmp(real, root, n) || (real[n] != '/' && real[n] != 0))
            continue;
        char dos[PATH_MAX];
        snprintf(dos, sizeof dos, "%c:\\%s", 'A' + d, real[n] ? real + n + 1 : "");
        for (char *p = dos; *p; p++)
            if (*p == '/')
                *p = '\\';
        return fs_truename(f, dos, out, cap);
    }
    return -DOSERR_PATH_NOT_FOUND;
}

#define MUTATES(flags) ((flags) & (FS_O_WRITE | FS_O_CREATE | FS_O_TRUNC))

int fs_open(struct fs *f, const char *dos_path, unsigned flags, struct fs_file **out)
{
    struct fs_mount *m;
    unsigned d;
    char rel[FS_PATH_MAX];
    int rc = resolve(f, dos_path, &m, &d, rel, sizeof rel);
    if (rc < 0)
        return rc;
    if (!rel[0] || strpbrk(rel, "?*"))
        return -DOSERR_FILE_NOT_FOUND;
    if (m->readonly && MUTATES(flags))
        return -DOSERR_ACCESS_DENIED;
    rc = m->ops->open(m->drv, rel, flags, out);
    if (rc >= 0)
        (*out)->drive = d;
    return rc;
}

/* Path operations share one shape: resolve, refuse on read-only, call. */
static int path_op(struct fs *f, const char *dos_path, bool mutates,
                   int (*op)(void *mount, const char *rel, void *arg), void *arg)
{
    struct fs_mount *m;
    unsigned d;
    char rel[FS_PATH_MAX];
    int rc = resolve(f, dos_path, &m, &d, rel, sizeof rel);
    if (rc < 0)
        return rc;
    if (!rel[0] || strpbrk(rel, "?*"))
        return -DOSERR_PATH_NOT_FOUND;
    if (mutates && m->readonly)
        return -DOSERR_ACCESS_DENIED;
    return op(m, rel, arg);
}

static int op_stat(void *mp, const char *rel, void *arg)
{
    struct fs_mount *m = mp;
    return m->ops->stat(m->drv, rel, arg);
}

static int op_unlink(void *mp, const char *rel, void *arg)
{
    struct fs_mount *m = mp;
    UNUSED(arg);
    return m->ops->unlink(m->drv, rel);
}

static int op_mkdir(void *mp, const char *rel, void *arg)
{
    struct fs_mount *m = mp;
    UNUSED(arg);
    return m->ops->mkdir(m->drv, rel);
}

static int op_rmdir(void *mp, const char *rel, void *arg)
{
    struct fs_mount *m = mp;
    UNUSED(arg);
    if (!strcmp(m->cwd, rel))
        return -DOSERR_REMOVE_CURRENT_DIR;
    return m->ops->rmdir(m->drv, rel);
}

int fs_stat(struct fs *f, const char *p, struct fs_stat *st)
{
    return path_op(f, p, false, op_stat, st);
}

int fs_unlink(struct fs *f, const char *p)
{
    return path_op(f, p, true, op_unlink, NULL);
}

int fs_mkdir(struct fs *f, const char *p)
{
    return path_op(f, p, true, op_mkdir, NULL);
}

int fs_rmdir(struct fs *f, const char *p)
{
    return path_op(f, p, true, op_rmdir, NULL);
}

int fs_rename(struct fs *f, const char *from, const char *to)
{
    struct fs_mount *m1, *m2;
    unsigned d1, d2;
    char r1[FS_PATH_MAX], r2[FS_PATH_MAX];
    int rc = resolve(f, from, &m1, &d1, r1, sizeof r1);
    if (rc == 0)
        rc = resolve(f, to, &m2, &d2, r2, sizeof r2);
    if (rc < 0)
        return rc;
    if (d1 != d2)
        return -DOSERR_NOT_SAME_DEVICE;
    if (!r1[0] || !r2[0] || strpbrk(r1, "?*") || strpbrk(r2, "?*"))
        return -DOSERR_PATH_NOT_FOUND;
    if (m1->readonly)
        return -DOSERR_ACCESS_DENIED;
    return m1->ops->rename(m1->drv, r1, r2);
}

int fs_read(struct fs_file *fl, void *buf, uint32_t n)
{
    return fl->ops->read(fl, buf, n);
}

int fs_write(struct fs_file *fl, const void *buf, uint32_t n)
{
    return fl->ops->write(fl, buf, n);
}

int fs_seek(struct fs_file *fl, int64_t off, enum fs_whence whence, uint32_t *pos)
{
    return fl->ops->seek(fl, off, whence, pos);
}

int fs_truncate(struct fs_file *fl)
{
    return fl->ops->truncate(fl);
}

int fs_fstat(struct fs_file *fl, struct fs_stat *st)
{
    return fl->ops->fstat(fl, st);
}

int fs_set_ftime(struct fs_file *fl, uint16_t dos_date, uint16_t dos_time)
{
    return fl->ops->set_ftime(fl, dos_date, dos_time);
}

int fs_commit(struct fs_file *fl)
{
    return fl->ops->commit(fl);
}

void fs_close(struct fs_file *fl)
{
    if (fl)
        fl->ops->close(fl);
}

unsigned fs_file_drive(const struct fs_file *fl)
{
    return fl->drive;
}
