/* The drive table: mounts, current drive and directories, and dispatch of
 * DOS paths to drive backends. Read-only mounts and device names are
 * refused here, before any backend sees the call. */
#include "fs/fs.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "base/common.h"
#include "base/doserr.h"
#include "base/dostime.h"
#include "base/log.h"
#include "fs/fs_impl.h"
#include "fs/path.h"

struct fs *fs_new(void)
{
    struct fs *f = xcalloc(1, sizeof *f);
    f->current = 2; /* C: */
    f->max_file_size = FS_FILE_SIZE_MAX;
    return f;
}

void fs_set_max_file_size(struct fs *f, uint32_t bytes)
{
    f->max_file_size = bytes;
}

static uint32_t max_size(const struct fs_file *fl)
{
    return fl->fs ? fl->fs->max_file_size : FS_FILE_SIZE_MAX;
}

/* Release drive's backend and swap list (not its count of open files). */
static void release(struct fs_mount *m)
{
    if (m->ops)
        m->ops->free(m->drv);
    fs_mount_free_alts(m);
    free(m->source);
    unsigned nopen = m->nopen;
    *m = (struct fs_mount){.nopen = nopen};
}

void fs_free(struct fs *f)
{
    if (!f)
        return;
    for (unsigned d = 0; d < FS_MAX_DRIVES; d++)
        release(&f->drives[d]);
    fs_free_search_dirs(f);
    free(f);
}

void fs_set_deterministic(struct fs *f, struct fs_stamps *stamps, fs_now_fn *now, void *ctx)
{
    f->stamps = stamps;
    f->now = now;
    f->now_ctx = ctx;
}

void fs_apply_stamp(const struct fs *f, struct fs_stat *st)
{
    if (f->stamps && st->host_time)
        fs_stamps_get(f->stamps, st->id, &st->dos_date, &st->dos_time);
}

/* A file written in a deterministic session gets the machine's time. */
static void stamp_written(struct fs_file *fl)
{
    struct fs *f = fl->fs;
    uint16_t date, time;
    if (!f || !f->stamps || !fl->written || fl->time_set)
        return;
    f->now(f->now_ctx, &date, &time);
    fs_stamps_put(f->stamps, fl->id, date, time);
}

void fs_mount_label(const char *host_path, char out[FS_LABEL_MAX + 1])
{
    char real[PATH_MAX];
    const char *p = realpath(host_path, real) ? real : host_path;
    const char *base = strrchr(p, '/');
    base = base ? base + 1 : p;
    size_t n = 0;
    for (; *base && *base != '.' && n < FS_LABEL_MAX; base++) {
        uint8_t c = fs_upcase((uint8_t)*base);
        char one[2] = {(char)c, 0};
        if (fs_name_is_83(one))
            out[n++] = (char)c;
    }
    out[n] = 0;
}

static int mount(struct fs *f, unsigned drive, const struct fs_drive_ops *ops, void *drv,
                 bool readonly, const char *host_path)
{
    struct fs_mount *m = &f->drives[drive];
    release(m);
    *m = (struct fs_mount){.ops = ops, .drv = drv, .readonly = readonly, .nopen = m->nopen};
    f->mounted |= 1u << drive;
    fs_mount_label(host_path, m->label);
    LOG(LOG_FS, "mounted %c: = %s%s", 'A' + drive, host_path, readonly ? " (read-only)" : "");
    return 0;
}

static int mount_host(struct fs *f, unsigned drive, const char *host_dir, unsigned flags)
{
    void *drv;
    bool ro = flags & FS_MOUNT_RO;
    if (drive >= FS_MAX_DRIVES)
        return -DOSERR_INVALID_DRIVE;
    int rc = fs_host_drive_new(host_dir, flags, &drv);
    if (rc < 0)
        return rc;
    char real[PATH_MAX];
    mount(f, drive, &fs_host_drive_ops, drv, ro, host_dir);
    f->drives[drive].source = xstrdup(realpath(host_dir, real) ? real : host_dir);
    return 0;
}

int fs_mount_host(struct fs *f, unsigned drive, const char *host_dir, bool readonly)
{
    return mount_host(f, drive, host_dir, readonly ? FS_MOUNT_RO : 0);
}

int fs_mount_zip(struct fs *f, unsigned drive, const char *zip_path)
{
    void *drv;
    char why[FS_WHY_MAX];
    if (drive >= FS_MAX_DRIVES)
        return -DOSERR_INVALID_DRIVE;
    int rc = fs_zip_drive_new(zip_path, &drv, why, sizeof why);
    if (rc < 0) {
        LOG(LOG_FS, "%s: %s", zip_path, why);
        return rc;
    }
    mount(f, drive, &fs_zip_drive_ops, drv, true, zip_path);
    f->drives[drive].source = xstrdup(zip_path);
    return 0;
}

int fs_unmount(struct fs *f, unsigned drive)
{
    if (!fs_drive_valid(f, drive))
        return -DOSERR_INVALID_DRIVE;
    if (fs_open_files(f, drive))
        return -DOSERR_SHARING_VIOLATION;
    release(&f->drives[drive]);
    f->mounted &= ~(1u << drive);
    LOG(LOG_FS, "unmounted %c:", 'A' + drive);
    return 0;
}

unsigned fs_open_files(const struct fs *f, unsigned drive)
{
    return drive < FS_MAX_DRIVES ? f->drives[drive].nopen : 0;
}

const char *fs_host_path(const struct fs *f, unsigned drive)
{
    const char *image = fs_image_path(f, drive);
    if (image || !fs_drive_valid(f, drive))
        return image;
    return f->drives[drive].source;
}

bool fs_readonly(const struct fs *f, unsigned drive)
{
    return fs_drive_valid(f, drive) && f->drives[drive].readonly;
}

int fs_set_label(struct fs *f, unsigned drive, const char *label)
{
    if (!fs_drive_valid(f, drive))
        return -DOSERR_INVALID_DRIVE;
    struct fs_mount *m = &f->drives[drive];
    size_t n = 0;
    for (const char *p = label; *p && n < FS_LABEL_MAX; p++) {
        char one[2] = {(char)fs_upcase((uint8_t)*p), 0};
        if (fs_name_is_83(one) || one[0] == ' ')
            m->label[n++] = one[0];
    }
    m->label[n] = 0;
    return 0;
}

int fs_mount(struct fs *f, unsigned drive, const char *host_path, unsigned flags, char *why,
             size_t cap)
{
    struct stat s;
    unsigned nopen = fs_open_files(f, drive);
    if (nopen) {
        snprintf(why, cap, "%c: has %u open file(s)", 'A' + drive, nopen);
        return -DOSERR_ACCESS_DENIED;
    }
    snprintf(why, cap, "not a directory or an image file");
    if (stat(host_path, &s) == 0 && S_ISREG(s.st_mode))
        return fs_mount_image(f, drive, host_path, flags, why, cap);
    return mount_host(f, drive, host_path, flags);
}

int fs_mount_path(struct fs *f, unsigned drive, const char *host_path, unsigned flags)
{
    char why[FS_WHY_MAX];
    return fs_mount(f, drive, host_path, flags, why, sizeof why);
}

int fs_mount_fault(struct fs *f, unsigned drive, const struct fs_fault_config *cfg)
{
    void *drv;
    if (!fs_drive_valid(f, drive))
        return -DOSERR_INVALID_DRIVE;
    struct fs_mount *m = &f->drives[drive];
    fs_fault_drive_new(m->ops, m->drv, cfg, &drv);
    m->ops = &fs_fault_drive_ops;
    m->drv = drv;
    return 0;
}

bool fs_drive_valid(const struct fs *f, unsigned drive)
{
    return drive < FS_MAX_DRIVES && f->drives[drive].ops;
}

uint32_t fs_drive_mask(const struct fs *f)
{
    return f->mounted;
}

int fs_free_drive(const struct fs *f)
{
    for (unsigned d = 2; d < FS_MAX_DRIVES; d++)
        if (!f->drives[d].ops)
            return (int)d;
    return -1;
}

const char *fs_label(const struct fs *f, unsigned drive)
{
    return fs_drive_valid(f, drive) ? f->drives[drive].label : "";
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

int fs_resolve(struct fs *f, const char *path, struct fs_where *w)
{
    const char *cwds[FS_MAX_DRIVES];
    for (unsigned d = 0; d < FS_MAX_DRIVES; d++)
        cwds[d] = f->drives[d].cwd;
    int rc = fs_path_normalize(path, f->current, cwds, &w->drive, w->rel, sizeof w->rel);
    if (rc < 0)
        return rc;
    if (!fs_drive_valid(f, w->drive))
        return -DOSERR_INVALID_DRIVE;
    w->m = &f->drives[w->drive];
    f->last_drive = w->drive;
    return 0;
}

unsigned fs_last_drive(const struct fs *f)
{
    return f->last_drive;
}

bool fs_is_device_name(const char *path)
{
    const char *base = path;
    for (const char *p = path; *p; p++)
        if (*p == '\\' || *p == '/' || *p == ':')
            base = p + 1;
    return fs_name_is_device(base);
}

/* A device name in a normalised path never reaches a host file: as the
 * last part it is the device (access denied for file calls), as a
 * directory it does not exist. */
static int device_part_error(const char *rel)
{
    for (const char *p = rel; *p;) {
        size_t n = strcspn(p, "\\");
        char part[FS_NAME83_MAX];
        str_copy_n(part, sizeof part, p, n);
        if (fs_name_is_device(part))
            return p[n] ? -DOSERR_PATH_NOT_FOUND : -DOSERR_ACCESS_DENIED;
        p += n;
        p += *p == '\\';
    }
    return 0;
}

int fs_truename(struct fs *f, const char *dos_path, char *out, size_t cap)
{
    struct fs_where w;
    int rc = fs_resolve(f, dos_path, &w);
    if (rc < 0)
        return rc;
    if (strlen(w.rel) + 4 > cap)
        return -DOSERR_PATH_NOT_FOUND;
    out[0] = (char)('A' + w.drive);
    out[1] = ':';
    out[2] = '\\';
    strcpy(out + 3, w.rel);
    return 0;
}

int fs_chdir(struct fs *f, const char *dos_path)
{
    struct fs_where w;
    struct fs_stat st;
    int rc = fs_resolve(f, dos_path, &w);
    if (rc < 0)
        return rc;
    if (strlen(w.rel) > FS_DIR_MAX || strpbrk(w.rel, "?*") || device_part_error(w.rel))
        return -DOSERR_PATH_NOT_FOUND;
    if (w.rel[0]) {
        rc = w.m->ops->stat(w.m->drv, w.rel, &st);
        if (rc < 0 || !(st.attr & FS_ATTR_DIRECTORY))
            return -DOSERR_PATH_NOT_FOUND;
    }
    strcpy(w.m->cwd, w.rel);
    return 0;
}

int fs_host_to_dos(struct fs *f, const char *host_path, char *out, size_t cap)
{
    char real[PATH_MAX], rel[FS_PATH_MAX];
    if (!realpath(host_path, real))
        return -DOSERR_PATH_NOT_FOUND;
    for (unsigned d = 0; d < FS_MAX_DRIVES; d++) {
        const struct fs_mount *m = &f->drives[d];
        const char *root = m->ops && m->ops->host_root ? m->ops->host_root(m->drv) : NULL;
        size_t n = root ? strlen(root) : 0;
        if (!root || !m->ops->host_to_dos || strncmp(real, root, n) ||
            (real[n] != '/' && real[n] != 0))
            continue;
        if (m->ops->host_to_dos(m->drv, real[n] ? real + n + 1 : "", rel, sizeof rel) < 0 ||
            strlen(rel) + 4 > cap)
            continue;
        snprintf(out, cap, "%c:\\%s", 'A' + d, rel);
        return 0;
    }
    return -DOSERR_PATH_NOT_FOUND;
}

#define MUTATES(flags) ((flags) & (FS_O_WRITE | FS_O_CREATE | FS_O_TRUNC))

/* What every name operation refuses in a resolved path. */
static int check_name(const struct fs_where *w, bool mutates, int not_found)
{
    int rc;
    if (!w->rel[0] || strpbrk(w->rel, "?*"))
        return not_found;
    if ((rc = device_part_error(w->rel)) < 0)
        return rc;
    if (mutates && w->m->readonly)
        return -DOSERR_ACCESS_DENIED;
    return 0;
}

/* A path naming one file or directory: resolved, without wildcards or
 * device names, and on a writable mount when the call changes something.
 * not_found is the error for an empty or wildcard name. */
static int resolve_name(struct fs *f, const char *dos_path, bool mutates, int not_found,
                        struct fs_where *w)
{
    int rc = fs_resolve(f, dos_path, w);
    return rc < 0 ? rc : check_name(w, mutates, not_found);
}

/* The place a truename ("C:\REL", from fs_truename) names, as fs_resolve
 * gave it then. */
static int where_of_truename(struct fs *f, const char *truename, struct fs_where *w)
{
    unsigned drive = (unsigned)(truename[0] - 'A');
    if (truename[0] < 'A' || truename[1] != ':' || truename[2] != '\\' ||
        !str_copy_n(w->rel, sizeof w->rel, truename + 3, SIZE_MAX) || !fs_drive_valid(f, drive))
        return -DOSERR_PATH_NOT_FOUND;
    w->drive = drive;
    w->m = &f->drives[drive];
    f->last_drive = drive;
    return 0;
}

static int open_where(struct fs *f, const struct fs_where *w, unsigned flags,
                      struct fs_file **out)
{
    struct fs_mount *m = w->m;
    struct fs_stat st;
    bool creates = (flags & FS_O_TRUNC) || (f->stamps && (flags & FS_O_CREATE) &&
                                            m->ops->stat(m->drv, w->rel, &st) < 0);
    int rc = m->ops->open(m->drv, w->rel, flags, out);
    if (rc >= 0) {
        m->nopen++;
        (*out)->drive = w->drive;
        (*out)->fs = f;
        (*out)->written = creates;
    }
    return rc;
}

int fs_open(struct fs *f, const char *dos_path, unsigned flags, struct fs_file **out)
{
    struct fs_where w;
    int rc = resolve_name(f, dos_path, MUTATES(flags), -DOSERR_FILE_NOT_FOUND, &w);
    return rc < 0 ? rc : open_where(f, &w, flags, out);
}

int fs_open_truename(struct fs *f, const char *truename, unsigned flags, struct fs_file **out)
{
    struct fs_where w;
    int rc = where_of_truename(f, truename, &w);
    if (rc == 0)
        rc = check_name(&w, MUTATES(flags), -DOSERR_FILE_NOT_FOUND);
    return rc < 0 ? rc : open_where(f, &w, flags, out);
}

/* Path operations share one shape: resolve, refuse devices and (when the
 * call changes something) read-only mounts, call the backend. */
static int path_op(struct fs *f, const char *dos_path, bool mutates,
                   int (*op)(struct fs_mount *m, const char *rel, void *arg), void *arg)
{
    struct fs_where w;
    int rc = resolve_name(f, dos_path, mutates, -DOSERR_PATH_NOT_FOUND, &w);
    return rc < 0 ? rc : op(w.m, w.rel, arg);
}

static int op_stat(struct fs_mount *m, const char *rel, void *arg)
{
    return m->ops->stat(m->drv, rel, arg);
}

static int op_unlink(struct fs_mount *m, const char *rel, void *arg)
{
    UNUSED(arg);
    return m->ops->unlink(m->drv, rel);
}

static int op_mkdir(struct fs_mount *m, const char *rel, void *arg)
{
    UNUSED(arg);
    if (strlen(rel) > FS_DIR_MAX)
        return -DOSERR_ACCESS_DENIED; /* DOS cannot hold a longer current directory */
    return m->ops->mkdir(m->drv, rel);
}

static int op_rmdir(struct fs_mount *m, const char *rel, void *arg)
{
    UNUSED(arg);
    size_t n = strlen(rel);
    if (!strncmp(m->cwd, rel, n) && (m->cwd[n] == 0 || m->cwd[n] == '\\'))
        return -DOSERR_REMOVE_CURRENT_DIR;
    return m->ops->rmdir(m->drv, rel);
}

static int op_set_attr(struct fs_mount *m, const char *rel, void *arg)
{
    return m->ops->set_attr(m->drv, rel, *(const uint8_t *)arg);
}

int fs_stat(struct fs *f, const char *p, struct fs_stat *st)
{
    int rc = path_op(f, p, false, op_stat, st);
    if (rc >= 0)
        fs_apply_stamp(f, st);
    return rc;
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

int fs_set_attr(struct fs *f, const char *p, uint8_t attr)
{
    return path_op(f, p, true, op_set_attr, &attr);
}

int fs_rename(struct fs *f, const char *from, const char *to)
{
    struct fs_where w1, w2;
    int rc = fs_resolve(f, from, &w1);
    if (rc == 0)
        rc = fs_resolve(f, to, &w2);
    if (rc < 0)
        return rc;
    struct fs_mount *m1 = w1.m;
    const char *r1 = w1.rel, *r2 = w2.rel;
    if (w1.drive != w2.drive)
        return -DOSERR_NOT_SAME_DEVICE;
    if (!r1[0] || !r2[0] || strpbrk(r1, "?*") || strpbrk(r2, "?*"))
        return -DOSERR_PATH_NOT_FOUND;
    if ((rc = device_part_error(r1)) < 0 || (rc = device_part_error(r2)) < 0)
        return rc;
    if (m1->readonly)
        return -DOSERR_ACCESS_DENIED;
    size_t n = strlen(r1);
    if (!strncmp(m1->cwd, r1, n) && (m1->cwd[n] == 0 || m1->cwd[n] == '\\'))
        return -DOSERR_ACCESS_DENIED; /* renaming the current directory */
    return m1->ops->rename(m1->drv, r1, r2);
}

void fs_now(const struct fs *f, uint16_t *dos_date, uint16_t *dos_time)
{
    if (f->now) {
        f->now(f->now_ctx, dos_date, dos_time);
        return;
    }
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    *dos_date = dos_date_of_tm(&tm);
    *dos_time = dos_time_of_tm(&tm);
}

int fs_space(struct fs *f, unsigned drive, struct fs_space *sp)
{
    if (!fs_drive_valid(f, drive))
        return -DOSERR_INVALID_DRIVE;
    if (f->stamps && !f->drives[drive].image) {
        sp->total_bytes = FS_FIXED_TOTAL_BYTES;
        sp->free_bytes = f->drives[drive].readonly ? 0 : FS_FIXED_FREE_BYTES;
        return 0;
    }
    return f->drives[drive].ops->space(f->drives[drive].drv, sp);
}

/* Reads stop at 4 GiB - 1 (a host file may be larger): fl->pos never
 * wraps. */
int fs_read(struct fs_file *fl, void *buf, uint32_t n)
{
    int rc = fl->ops->read(fl, buf, MIN(n, FS_FILE_SIZE_MAX - fl->pos));
    if (rc > 0)
        fl->pos += (uint32_t)rc;
    return rc;
}

/* A write never reaches --max-file-size (nor 4 GiB): a 60-byte program
 * seeking far out and writing a byte left a 1 TiB sparse host file. */
int fs_write(struct fs_file *fl, const void *buf, uint32_t n)
{
    uint32_t limit = max_size(fl);
    if (n && fl->pos >= limit)
        return -DOSERR_ACCESS_DENIED;
    int rc = fl->ops->write(fl, buf, MIN(n, limit - fl->pos));
    fl->written |= rc > 0;
    if (rc > 0)
        fl->pos += (uint32_t)rc;
    return rc;
}

/* Where the file is (FS_SEEK_CUR by 0, which DOS asks after every read
 * and write to show the position in its file table) is fl->pos: no call
 * into the backend (a host lseek each time). */
int fs_seek(struct fs_file *fl, int64_t off, enum fs_whence whence, uint32_t *pos)
{
    if (whence == FS_SEEK_CUR && off == 0) {
        *pos = fl->pos;
        return 0;
    }
    int64_t target = whence == FS_SEEK_SET ? off : whence == FS_SEEK_CUR ? fl->pos + off : 0;
    if (target > (int64_t)FS_FILE_SIZE_MAX)
        return -DOSERR_ACCESS_DENIED;
    int rc = fl->ops->seek(fl, off, whence, pos);
    if (rc >= 0)
        fl->pos = *pos;
    return rc;
}

int fs_truncate(struct fs_file *fl)
{
    if (fl->pos > max_size(fl))
        return -DOSERR_ACCESS_DENIED;
    int rc = fl->ops->truncate(fl);
    fl->written |= rc >= 0;
    return rc;
}

int fs_fstat(struct fs_file *fl, struct fs_stat *st)
{
    int rc = fl->ops->fstat(fl, st);
    if (rc >= 0 && fl->fs)
        fs_apply_stamp(fl->fs, st);
    return rc;
}

/* DOS keeps a time set with 5701h at close instead of stamping it. */
int fs_set_ftime(struct fs_file *fl, uint16_t dos_date, uint16_t dos_time)
{
    int rc = fl->ops->set_ftime(fl, dos_date, dos_time);
    if (rc >= 0 && fl->fs && fl->fs->stamps) {
        fs_stamps_put(fl->fs->stamps, fl->id, dos_date, dos_time);
        fl->time_set = true;
    }
    return rc;
}

int fs_commit(struct fs_file *fl)
{
    stamp_written(fl);
    return fl->ops->commit(fl);
}

void fs_close(struct fs_file *fl)
{
    if (!fl)
        return;
    stamp_written(fl);
    if (fl->fs && fl->drive < FS_MAX_DRIVES && fl->fs->drives[fl->drive].nopen)
        fl->fs->drives[fl->drive].nopen--;
    fl->ops->close(fl);
}

unsigned fs_file_drive(const struct fs_file *fl)
{
    return fl->drive;
}

uint64_t fs_file_id(const struct fs_file *fl)
{
    return fl->id;
}

int fs_mount_backend(struct fs *f, unsigned drive, const struct fs_drive_ops *ops, void *drv,
                     bool readonly, const char *label)
{
    if (drive >= FS_MAX_DRIVES) {
        ops->free(drv);
        return -DOSERR_INVALID_DRIVE;
    }
    mount(f, drive, ops, drv, readonly, label);
    snprintf(f->drives[drive].label, sizeof f->drives[drive].label, "%s", label);
    return 0;
}
