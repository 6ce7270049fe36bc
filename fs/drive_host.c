/* Host directory backend: DOS names map to host names through cached
 * directory listings (8.3 aliases for the rest); every path stays inside
 * the mount root; writes go straight to the host file (no buffering). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "base/common.h"
#include "base/doserr.h"
#include "base/dostime.h"
#include "base/log.h"
#include "fs/drive.h"
#include "fs/host_impl.h"

#define FILE_ID_MIX 0x9E3779B97F4A7C15ull
#define GUEST_ATTR_MASK (FS_ATTR_HIDDEN | FS_ATTR_SYSTEM | FS_ATTR_ARCHIVE)
#define WRITE_BITS (S_IWUSR | S_IWGRP | S_IWOTH)

struct host_file {
    struct fs_file base;
    int fd;
    bool readonly; /* on a read-only mount: no change at all */
    /* The status open_at took right after opening, given to the first
     * fstat (DOS's file table is filled in the same call) unless the file
     * was changed through this handle meanwhile. */
    struct stat opened;
    bool opened_fresh;
};

static int host_err(void)
{
    return -(int)doserr_from_errno(errno);
}

/* A host time as a DOS date and time. The last one is kept: a file just
 * created or written has the time of the one before (localtime_r takes a
 * lock and works out the zone's rules on every call; the zone is read once
 * per process either way). */
static void dos_stamp(time_t mt, uint16_t *date, uint16_t *time)
{
    static struct {
        time_t t;
        uint16_t date, time;
        bool set;
    } last;
    if (!last.set || last.t != mt) {
        struct tm tm;
        localtime_r(&mt, &tm);
        last.t = mt;
        last.date = dos_date_of_tm(&tm);
        last.time = dos_time_of_tm(&tm);
        last.set = true;
    }
    *date = last.date;
    *time = last.time;
}

/* DOS view of a host stat; e (may be NULL) adds what the listing knows. */
static void fill_stat(const struct stat *s, const struct fs_dirent *e, struct fs_stat *st)
{
    uint8_t a = S_ISDIR(s->st_mode) ? FS_ATTR_DIRECTORY : FS_ATTR_ARCHIVE;
    if (!(s->st_mode & S_IWUSR))
        a |= FS_ATTR_READONLY;
    if (e)
        a |= e->attr & FS_ATTR_HIDDEN;
    if (e && e->attr_set)
        a = (uint8_t)((a & ~GUEST_ATTR_MASK) | (e->set_attr & GUEST_ATTR_MASK));
    st->attr = a;
    st->size = S_ISDIR(s->st_mode)       ? 0
               : s->st_size > UINT32_MAX ? UINT32_MAX
                                         : (uint32_t)s->st_size;
    dos_stamp(s->st_mtime, &st->dos_date, &st->dos_time);
    st->id = ((uint64_t)s->st_dev * FILE_ID_MIX) ^ (uint64_t)s->st_ino;
    st->host_time = true;
}

/* ---- open files ---- */

static int hf_read(struct fs_file *fl, void *buf, uint32_t n)
{
    ssize_t r = read(((struct host_file *)fl)->fd, buf, n);
    return r < 0 ? host_err() : (int)r;
}

static int hf_write(struct fs_file *fl, const void *buf, uint32_t n)
{
    struct host_file *f = (struct host_file *)fl;
    if (f->readonly)
        return -DOSERR_ACCESS_DENIED;
    f->opened_fresh = false;
    ssize_t r = write(f->fd, buf, n);
    return r < 0 ? host_err() : (int)r;
}

static int hf_seek(struct fs_file *fl, int64_t off, enum fs_whence whence, uint32_t *pos)
{
    static const int k_whence[] = {
        [FS_SEEK_SET] = SEEK_SET, [FS_SEEK_CUR] = SEEK_CUR, [FS_SEEK_END] = SEEK_END};
    int fd = ((struct host_file *)fl)->fd;
    off_t was = whence == FS_SEEK_END ? lseek(fd, 0, SEEK_CUR) : 0;
    off_t r = lseek(fd, (off_t)off, k_whence[whence]);
    if (r < 0)
        return host_err();
    if (r > (off_t)FS_FILE_SIZE_MAX) {
        lseek(fd, was, SEEK_SET); /* DOS positions are 32 bits (fs_seek checks the rest) */
        return -DOSERR_ACCESS_DENIED;
    }
    *pos = (uint32_t)r;
    return 0;
}

static int hf_truncate(struct fs_file *fl)
{
    int fd = ((struct host_file *)fl)->fd;
    if (((struct host_file *)fl)->readonly)
        return -DOSERR_ACCESS_DENIED;
    ((struct host_file *)fl)->opened_fresh = false;
    off_t at = lseek(fd, 0, SEEK_CUR);
    if (at < 0 || ftruncate(fd, at) < 0)
        return host_err();
    return 0;
}

static int hf_fstat(struct fs_file *fl, struct fs_stat *st)
{
    struct host_file *f = (struct host_file *)fl;
    struct stat s;
    if (f->opened_fresh)
        s = f->opened;
    else if (fstat(f->fd, &s) < 0)
        return host_err();
    f->opened_fresh = false;
    fill_stat(&s, NULL, st);
    return 0;
}

static int hf_set_ftime(struct fs_file *fl, uint16_t date, uint16_t time)
{
    struct tm tm = {.tm_year = (date >> 9) + 80,
                    .tm_mon = ((date >> 5) & 15) - 1,
                    .tm_mday = date & 31,
                    .tm_hour = time >> 11,
                    .tm_min = (time >> 5) & 63,
                    .tm_sec = (time & 31) * 2,
                    .tm_isdst = -1};
    struct timespec ts[2] = {{.tv_nsec = UTIME_OMIT}, {.tv_sec = mktime(&tm)}};
    if (((struct host_file *)fl)->readonly)
        return -DOSERR_ACCESS_DENIED;
    ((struct host_file *)fl)->opened_fresh = false;
    if (futimens(((struct host_file *)fl)->fd, ts) < 0)
        return host_err();
    return 0;
}

static int hf_commit(struct fs_file *fl)
{
    if (fsync(((struct host_file *)fl)->fd) < 0 && errno != EINVAL)
        return host_err();
    return 0;
}

static void hf_close(struct fs_file *fl)
{
    close(((struct host_file *)fl)->fd);
    free(fl);
}

static const struct fs_file_ops k_host_file_ops = {
    .read = hf_read,
    .write = hf_write,
    .seek = hf_seek,
    .truncate = hf_truncate,
    .fstat = hf_fstat,
    .set_ftime = hf_set_ftime,
    .commit = hf_commit,
    .close = hf_close,
};

/* ---- drive operations ---- */

static const struct fs_dirent *entry(const struct hres *r)
{
    return r->idx >= 0 ? &r->dir->list.e[r->idx] : NULL;
}

static bool plain(const struct stat *s)
{
    return S_ISREG(s->st_mode) || S_ISDIR(s->st_mode);
}

/* The object a resolved entry names (links inside the mount followed) and
 * its lstat: afterwards (hw_fd(&r->w), r->w.name) is the object. */
static int object(struct hres *r, struct stat *s)
{
    int rc = hc_follow(r);
    if (rc == 0 && r->w.st_known)
        *s = r->w.st; /* the walker's lstat of it, just now */
    else if (rc == 0 && fstatat(hw_fd(&r->w), r->w.name, s, AT_SYMLINK_NOFOLLOW) < 0)
        rc = host_err();
    return rc;
}

/* The entry itself, not followed (what unlink and rename act on). */
static int entry_stat(const struct hres *r, struct stat *s)
{
    return fstatat(hw_fd(&r->w), r->name, s, AT_SYMLINK_NOFOLLOW) < 0 ? host_err() : 0;
}

/* Record a file or directory the guest created in its directory listing;
 * event: the inotify event that made it (0: none for sure). */
static void created(struct hres *r, uint8_t attr, uint32_t event)
{
    if (event)
        hwatch_own(r->dir, event, r->name);
    long k = fs_dl_find_host(&r->dir->list, r->name);
    if (k >= 0)
        fs_dl_remove(&r->dir->list, (uint32_t)k);
    struct fs_dl_item it = {.host = r->name, .attr = attr};
    fs_dl_add(&r->dir->list, &it, r->last);
    hc_touched(r->dir, hw_fd(&r->w));
}

static int open_flags(const struct host_drive *h, unsigned flags)
{
    int of = (flags & FS_O_WRITE) ? ((flags & FS_O_READ) ? O_RDWR : O_WRONLY) : O_RDONLY;
    if (flags & FS_O_TRUNC)
        of |= O_TRUNC;
    if (h->readonly)
        of |= O_NOATIME;
    return of;
}

/* Open name in dirfd, a regular file only: never through a link, never
 * blocking (a FIFO), never a terminal; what is not a regular file once
 * open is closed again (access denied). *s: the open file's status. */
static int open_at(int dirfd, const char *name, int of, int *out, struct stat *s)
{
    of |= O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC;
    int fd = openat(dirfd, name, of, 0666);
    if (fd < 0 && errno == EPERM && (of & O_NOATIME))
        fd = openat(dirfd, name, of & ~O_NOATIME, 0666); /* not the user's file */
    if (fd < 0)
        return errno == EEXIST                    ? -DOSERR_FILE_EXISTS
               : errno == ELOOP || errno == ENXIO ? -DOSERR_ACCESS_DENIED
                                                  : host_err();
    if (fstat(fd, s) < 0 || !S_ISREG(s->st_mode)) {
        close(fd);
        return -DOSERR_ACCESS_DENIED;
    }
    *out = fd; /* O_NONBLOCK stays: it changes nothing for regular files */
    return 0;
}

/* A listed plain file opened for reading in a watched directory: it is a
 * regular file (a swap on the host for anything else would have been an
 * event, and the listing read again), so its lstat is not needed first;
 * open_at still refuses what is no regular file once open. */
static bool known_file(const struct hres *r, unsigned flags)
{
    const struct fs_dirent *e = entry(r);
    return r->dir->wd >= 0 && !(e->flags & FS_DE_LINK) && !(flags & (FS_O_WRITE | FS_O_TRUNC));
}

static int open_existing(struct host_drive *h, struct hres *r, unsigned flags, int *fd,
                         struct stat *opened)
{
    struct stat s;
    const struct fs_dirent *e = entry(r);
    if (e && (e->attr & FS_ATTR_DIRECTORY))
        return -DOSERR_ACCESS_DENIED;
    if (flags & FS_O_EXCL)
        return -DOSERR_FILE_EXISTS;
    if (known_file(r, flags))
        return open_at(hw_fd(&r->w), r->name, open_flags(h, flags), fd, opened);
    int rc = object(r, &s);
    if (rc < 0)
        return rc;
    if (!S_ISREG(s.st_mode) || ((flags & (FS_O_WRITE | FS_O_TRUNC)) && !(s.st_mode & S_IWUSR)))
        return -DOSERR_ACCESS_DENIED;
    return open_at(hw_fd(&r->w), r->w.name, open_flags(h, flags), fd, opened);
}

/* A name the listing lacks. One that appeared on the host meanwhile is
 * opened only when it is a regular file (a FIFO, a device node or a link
 * that the listing hides stays untouched: access denied). */
static int create_new(struct host_drive *h, struct hres *r, unsigned flags, int *fd,
                      struct stat *opened)
{
    struct stat s;
    if (!(flags & FS_O_CREATE))
        return -DOSERR_FILE_NOT_FOUND;
    int of = open_flags(h, flags) | O_CREAT;
    int rc = open_at(hw_fd(&r->w), r->name, of | O_EXCL, fd, opened);
    if (rc == 0) {
        created(r, FS_ATTR_ARCHIVE, IN_CREATE);
        return 0;
    }
    if (rc == -DOSERR_FILE_EXISTS && entry_stat(r, &s) == 0 && !S_ISREG(s.st_mode))
        return -DOSERR_ACCESS_DENIED;
    if (rc == -DOSERR_FILE_EXISTS && !(flags & FS_O_EXCL))
        rc = open_at(hw_fd(&r->w), r->name, of, fd, opened);
    if (rc == 0)
        created(r, FS_ATTR_ARCHIVE, 0); /* a host file (or one it deleted again) */
    return rc;
}

/* A file open_at opened (s: its status then, for its identity). */
static struct fs_file *host_file(const struct host_drive *h, int fd, const struct stat *s)
{
    struct host_file *f = xcalloc(1, sizeof *f);
    f->base.ops = &k_host_file_ops;
    f->fd = fd;
    f->readonly = h->readonly;
    f->base.id = ((uint64_t)s->st_dev * FILE_ID_MIX) ^ (uint64_t)s->st_ino;
    f->opened = *s;
    f->opened_fresh = true;
    return &f->base;
}

static int hd_open(void *drv, const char *rel, unsigned flags, struct fs_file **out)
{
    struct host_drive *h = drv;
    struct hres r;
    struct stat s;
    int fd = -1;
    int rc = hc_resolve(h, rel, &r);
    if (rc == 0 && !r.dir)
        rc = -DOSERR_ACCESS_DENIED; /* the root directory */
    if (rc == 0 && r.idx >= 0)
        rc = open_existing(h, &r, flags, &fd, &s);
    else if (rc == 0)
        rc = create_new(h, &r, flags, &fd, &s);
    if (rc == 0)
        *out = host_file(h, fd, &s);
    hc_release(&r);
    return rc;
}

static int hd_stat(void *drv, const char *rel, struct fs_stat *st)
{
    struct hres r;
    struct stat s;
    int rc = hc_resolve(drv, rel, &r);
    if (rc == 0 && r.dir && r.idx < 0)
        rc = -DOSERR_FILE_NOT_FOUND;
    if (rc == 0)
        rc = object(&r, &s);
    if (rc == 0 && !plain(&s))
        rc = -DOSERR_FILE_NOT_FOUND;
    if (rc == 0)
        fill_stat(&s, entry(&r), st);
    hc_release(&r);
    return rc;
}

/* Resolve rel to a listed entry (missing: -missing). Release r after. */
static int existing(void *drv, const char *rel, struct hres *r, int missing)
{
    int rc = hc_resolve(drv, rel, r);
    if (rc == 0 && (!r->dir || r->idx < 0))
        rc = -missing;
    return rc;
}

/* A plain file the user may write, or a link (removed, never followed);
 * a directory, or an entry swapped on the host for a special file, is
 * refused. */
static bool deletable(const struct hres *r, const struct stat *s)
{
    if (entry(r)->attr & FS_ATTR_DIRECTORY)
        return false;
    return S_ISLNK(s->st_mode) || (S_ISREG(s->st_mode) && (s->st_mode & S_IWUSR));
}

static int unlink_entry(struct hres *r)
{
    struct stat s;
    int rc = entry_stat(r, &s);
    if (rc == 0 && !deletable(r, &s))
        rc = -DOSERR_ACCESS_DENIED;
    if (rc == 0 && unlinkat(hw_fd(&r->w), r->name, 0) < 0)
        rc = host_err();
    if (rc == 0) {
        hwatch_own(r->dir, IN_DELETE, r->name);
        fs_dl_remove(&r->dir->list, (uint32_t)r->idx);
        hc_touched(r->dir, hw_fd(&r->w));
    }
    return rc;
}

static int hd_unlink(void *drv, const char *rel)
{
    struct hres r;
    int rc = existing(drv, rel, &r, DOSERR_FILE_NOT_FOUND);
    if (rc == 0)
        rc = unlink_entry(&r);
    hc_release(&r);
    return rc;
}

/* rename(2) that never replaces: DOS does not, and the target's name may
 * be taken by an entry the listing hides (a FIFO, a link leading out). */
static int rename_noreplace(int from_fd, const char *from, int to_fd, const char *to)
{
    struct stat s;
    if (renameat2(from_fd, from, to_fd, to, RENAME_NOREPLACE) == 0)
        return 0;
    if (errno == EEXIST)
        return -DOSERR_ACCESS_DENIED;
    if (errno != EINVAL && errno != ENOSYS)
        return host_err();
    if (fstatat(to_fd, to, &s, AT_SYMLINK_NOFOLLOW) == 0) /* no RENAME_NOREPLACE there */
        return -DOSERR_ACCESS_DENIED;
    return renameat(from_fd, from, to_fd, to) < 0 ? host_err() : 0;
}

static int move(struct host_drive *h, const char *from, struct hres *r1, struct hres *r2)
{
    struct stat s;
    char from_rel[FS_PATH_MAX];
    uint8_t attr = entry(r1)->attr;
    int rc = entry_stat(r1, &s);
    if (rc == 0 && !plain(&s) && !S_ISLNK(s.st_mode))
        rc = -DOSERR_ACCESS_DENIED;
    if (rc == 0)
        rc = rename_noreplace(hw_fd(&r1->w), r1->name, hw_fd(&r2->w), r2->name);
    if (rc < 0)
        return rc;
    hwatch_own(r1->dir, IN_MOVED_FROM, r1->name);
    fs_dl_remove(&r1->dir->list, (uint32_t)r1->idx);
    hc_touched(r1->dir, hw_fd(&r1->w));
    created(r2, attr, IN_MOVED_TO);
    if (attr & FS_ATTR_DIRECTORY) {
        snprintf(from_rel, sizeof from_rel, "%s", from);
        hc_forget(h, from_rel);
    }
    return 0;
}

static int hd_rename(void *drv, const char *from, const char *to)
{
    struct hres r1, r2;
    int rc = existing(drv, from, &r1, DOSERR_FILE_NOT_FOUND);
    hc_release(&r1);
    if (rc < 0)
        return rc;
    rc = hc_resolve(drv, to, &r2);
    if (rc == 0 && (!r2.dir || r2.idx >= 0))
        rc = -DOSERR_ACCESS_DENIED; /* DOS never replaces on rename */
    /* Again: resolving the target may have re-read the source's directory. */
    int rc1 = existing(drv, from, &r1, DOSERR_FILE_NOT_FOUND);
    if (rc == 0)
        rc = rc1 < 0 ? rc1 : move(drv, from, &r1, &r2);
    hc_release(&r1);
    hc_release(&r2);
    return rc;
}

static int hd_mkdir(void *drv, const char *rel)
{
    struct hres r;
    int rc = hc_resolve(drv, rel, &r);
    if (rc == 0 && (!r.dir || r.idx >= 0))
        rc = -DOSERR_ACCESS_DENIED;
    if (rc == 0 && mkdirat(hw_fd(&r.w), r.name, 0777) < 0)
        rc = errno == EEXIST ? -DOSERR_ACCESS_DENIED : host_err(); /* a hidden entry */
    if (rc == 0)
        created(&r, FS_ATTR_DIRECTORY, IN_CREATE);
    hc_release(&r);
    return rc;
}

static int hd_rmdir(void *drv, const char *rel)
{
    struct hres r;
    int rc = existing(drv, rel, &r, DOSERR_PATH_NOT_FOUND);
    if (rc == 0 && (!(entry(&r)->attr & FS_ATTR_DIRECTORY) || (entry(&r)->flags & FS_DE_LINK)))
        rc = -DOSERR_PATH_NOT_FOUND;
    if (rc == 0 && unlinkat(hw_fd(&r.w), r.name, AT_REMOVEDIR) < 0)
        rc = errno == ENOTEMPTY || errno == EEXIST ? -DOSERR_ACCESS_DENIED
             : errno == ENOTDIR                    ? -DOSERR_PATH_NOT_FOUND
                                                   : host_err();
    if (rc == 0) {
        hwatch_own(r.dir, IN_DELETE, r.name);
        fs_dl_remove(&r.dir->list, (uint32_t)r.idx);
        hc_touched(r.dir, hw_fd(&r.w));
        hc_forget(drv, rel);
    }
    hc_release(&r);
    return rc;
}

/* chmod of name in dirfd, the very inode checked (a plain file or
 * directory): through /proc/self/fd of an O_PATH descriptor; without
 * /proc, fchmodat after the check. */
static int chmod_at(int dirfd, const char *name, mode_t mode)
{
    char p[sizeof "/proc/self/fd/" + 12];
    struct stat s;
    int fd = openat(dirfd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return host_err();
    int rc = fstat(fd, &s) < 0 || !plain(&s) ? -DOSERR_ACCESS_DENIED : 0;
    snprintf(p, sizeof p, "/proc/self/fd/%d", fd);
    if (rc == 0 && chmod(p, mode) < 0)
        rc = errno != ENOENT ? host_err() : fchmodat(dirfd, name, mode, 0) < 0 ? host_err() : 0;
    close(fd);
    return rc;
}

static int hd_set_attr(void *drv, const char *rel, uint8_t attr)
{
    struct hres r;
    struct stat s;
    int rc = existing(drv, rel, &r, DOSERR_FILE_NOT_FOUND);
    struct fs_dirent *e = rc == 0 ? &r.dir->list.e[r.idx] : NULL;
    bool dir = e && (e->attr & FS_ATTR_DIRECTORY);
    if (rc == 0 && ((attr & FS_ATTR_VOLUME) || (!dir && (attr & FS_ATTR_DIRECTORY))))
        rc = -DOSERR_ACCESS_DENIED;
    if (rc == 0)
        rc = object(&r, &s);
    if (rc == 0 && !plain(&s))
        rc = -DOSERR_ACCESS_DENIED;
    if (rc == 0) {
        mode_t mode = (attr & FS_ATTR_READONLY) ? s.st_mode & ~(mode_t)WRITE_BITS
                                                : s.st_mode | S_IWUSR;
        if ((mode & 07777) != (s.st_mode & 07777))
            rc = chmod_at(hw_fd(&r.w), r.w.name, mode & 07777);
    }
    if (rc == 0) {
        e->set_attr = attr & GUEST_ATTR_MASK;
        e->attr_set = true;
    }
    hc_release(&r);
    return rc;
}

bool fs_find_attr_ok(uint8_t entry_attr, uint8_t search_attr)
{
    uint8_t special = FS_ATTR_HIDDEN | FS_ATTR_SYSTEM | FS_ATTR_DIRECTORY;
    return (entry_attr & special & ~search_attr) == 0;
}

/* What a listed entry is now: its own lstat, or its target's for a link
 * that stays inside; false for anything DOS must not see. */
static bool entry_now(const struct host_drive *h, const struct hdir *d, int dirfd,
                      const struct fs_dirent *e, struct stat *s)
{
    if (fstatat(dirfd, e->host, s, AT_SYMLINK_NOFOLLOW) < 0)
        return false;
    if (S_ISLNK(s->st_mode) && hw_link_stat(h, d->host_rel, e->host, s) < 0)
        return false;
    return plain(s);
}

static int find_in(const struct host_drive *h, const struct hdir *d, int dirfd,
                   const struct fs_find_spec *spec, uint32_t *index, struct fs_found *out)
{
    for (; *index < d->list.n; (*index)++) {
        const struct fs_dirent *e = &d->list.e[*index];
        uint8_t fcb[FS_FCB_NAME_BYTES], attr = e->attr_set ? e->set_attr : e->attr;
        struct stat s;
        if (e->flags & FS_DE_REMOVED)
            continue;
        fs_name_to_fcb(e->dos, fcb);
        if (!fs_fcb_match(spec->tmpl, fcb) ||
            !fs_find_attr_ok(attr | (e->attr & FS_ATTR_DIRECTORY), spec->attr) ||
            !entry_now(h, d, dirfd, e, &s))
            continue;
        fill_stat(&s, e, &out->st);
        memcpy(out->name, e->dos, sizeof out->name);
        (*index)++;
        return 0;
    }
    return -DOSERR_NO_MORE_FILES;
}

static int hd_find(void *drv, const char *rel_dir, const struct fs_find_spec *spec,
                   uint32_t *index, struct fs_found *out)
{
    struct hres r;
    int err;
    struct hdir *d = hc_dir(drv, rel_dir, &r, &err);
    if (d)
        err = find_in(drv, d, hw_fd(&r.w), spec, index, out);
    hc_release(&r);
    return err;
}

static int hd_space(void *drv, struct fs_space *sp)
{
    struct host_drive *h = drv;
    struct statvfs v;
    if (fstatvfs(h->root_fd, &v) < 0)
        return host_err();
    sp->total_bytes = (uint64_t)v.f_blocks * v.f_frsize;
    sp->free_bytes = h->readonly ? 0 : (uint64_t)v.f_bavail * v.f_frsize;
    return 0;
}

/* The DOS name of host name part in directory dos (appended to dos). */
static int dos_part(void *drv, char *dos, const char *part)
{
    struct hres r;
    int err;
    struct hdir *d = hc_dir(drv, dos, &r, &err);
    long k = d ? fs_dl_find_host(&d->list, part) : -1;
    size_t len = strlen(dos);
    if (k >= 0 && len + 14 < FS_PATH_MAX)
        snprintf(dos + len, FS_PATH_MAX - len, "%s%s", len ? "\\" : "", d->list.e[k].dos);
    hc_release(&r);
    return k >= 0 && len + 14 < FS_PATH_MAX ? 0 : -DOSERR_PATH_NOT_FOUND;
}

/* Walk host_rel's parts through the listings, collecting DOS names. */
static int hd_host_to_dos(void *drv, const char *host_rel, char *out, size_t cap)
{
    char dos[FS_PATH_MAX] = "", part[NAME_MAX + 1];
    while (*host_rel) {
        size_t n = strcspn(host_rel, "/");
        if (n >= sizeof part)
            return -DOSERR_PATH_NOT_FOUND;
        memcpy(part, host_rel, n);
        part[n] = 0;
        if (dos_part(drv, dos, part) < 0)
            return -DOSERR_PATH_NOT_FOUND;
        host_rel += n;
        while (*host_rel == '/')
            host_rel++;
    }
    if (strlen(dos) >= cap)
        return -DOSERR_PATH_NOT_FOUND;
    strcpy(out, dos);
    return 0;
}

static const char *hd_host_root(void *drv)
{
    return ((struct host_drive *)drv)->root;
}

static void hd_free(void *drv)
{
    struct host_drive *h = drv;
    hc_free_all(h);
    close(h->root_fd);
    free(h);
}

const struct fs_drive_ops fs_host_drive_ops = {
    .version = FS_DRIVE_OPS_VERSION,
    .open = hd_open,
    .stat = hd_stat,
    .unlink = hd_unlink,
    .rename = hd_rename,
    .mkdir = hd_mkdir,
    .rmdir = hd_rmdir,
    .set_attr = hd_set_attr,
    .find = hd_find,
    .space = hd_space,
    .host_to_dos = hd_host_to_dos,
    .host_root = hd_host_root,
    .free = hd_free,
};

int fs_host_drive_new(const char *host_dir, unsigned flags, void **drv)
{
    struct host_drive *h = xcalloc(1, sizeof *h);
    if (!realpath(host_dir, h->root) || (h->root_fd = hw_open_root(h->root)) < 0) {
        free(h);
        return -DOSERR_PATH_NOT_FOUND;
    }
    if (!strcmp(h->root, "/"))
        h->root[0] = 0; /* absolute links inside: "/" + the rest */
    h->root_len = strlen(h->root);
    h->readonly = flags & FS_MOUNT_RO;
    h->lower = flags & FS_MOUNT_LOWER;
    h->watch = !(flags & FS_MOUNT_NO_WATCH);
    *drv = h;
    return 0;
}
