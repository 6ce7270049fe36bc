/* Host directory backend: DOS names map to host names through cached
 * directory listings (8.3 aliases for the rest); every path stays inside
 * the mount root; writes go straight to the host file (no buffering). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
    bool readonly;              /* on a read-only mount: no change at all */
};

static int host_err(void)
{
    return -(int)doserr_from_errno(errno);
}

/* DOS view of a host stat; e (may be NULL) adds what the listing knows. */
static void fill_stat(const struct stat *s, const struct fs_dirent *e, struct fs_stat *st)
{
    struct tm tm;
    time_t mt = s->st_mtime;
    localtime_r(&mt, &tm);
    uint8_t a = S_ISDIR(s->st_mode) ? FS_ATTR_DIRECTORY : FS_ATTR_ARCHIVE;
    if (!(s->st_mode & S_IWUSR))
        a |= FS_ATTR_READONLY;
    if (e)
        a |= e->attr & FS_ATTR_HIDDEN;
    if (e && e->attr_set)
        a = (uint8_t)((a & ~GUEST_ATTR_MASK) | (e->set_attr & GUEST_ATTR_MASK));
    st->attr = a;
    st->size = S_ISDIR(s->st_mode) ? 0 : s->st_size > UINT32_MAX ? UINT32_MAX : (uint32_t)s->st_size;
    st->dos_date = dos_date_of_tm(&tm);
    st->dos_time = dos_time_of_tm(&tm);
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
    if (((struct host_file *)fl)->readonly)
        return -DOSERR_ACCESS_DENIED;
    ssize_t r = write(((struct host_file *)fl)->fd, buf, n);
    return r < 0 ? host_err() : (int)r;
}

static int hf_seek(struct fs_file *fl, int64_t off, enum fs_whence whence, uint32_t *pos)
{
    static const int k_whence[] = {[FS_SEEK_SET] = SEEK_SET, [FS_SEEK_CUR] = SEEK_CUR,
                                   [FS_SEEK_END] = SEEK_END};
    off_t r = lseek(((struct host_file *)fl)->fd, (off_t)off, k_whence[whence]);
    if (r < 0)
        return host_err();
    *pos = (uint32_t)r;
    return 0;
}

static int hf_truncate(struct fs_file *fl)
{
    int fd = ((struct host_file *)fl)->fd;
    if (((struct host_file *)fl)->readonly)
        return -DOSERR_ACCESS_DENIED;
    off_t at = lseek(fd, 0, SEEK_CUR);
    if (at < 0 || ftruncate(fd, at) < 0)
        return host_err();
    return 0;
}

static int hf_fstat(struct fs_file *fl, struct fs_stat *st)
{
    struct stat s;
    if (fstat(((struct host_file *)fl)->fd, &s) < 0)
        return host_err();
    fill_stat(&s, NULL, st);
    return 0;
}

static int hf_set_ftime(struct fs_file *fl, uint16_t date, uint16_t time)
{
    struct tm tm = {.tm_year = (date >> 9) + 80, .tm_mon = ((date >> 5) & 15) - 1,
                    .tm_mday = date & 31, .tm_hour = time >> 11,
                    .tm_min = (time >> 5) & 63, .tm_sec = (time & 31) * 2, .tm_isdst = -1};
    struct timespec ts[2] = {{.tv_nsec = UTIME_OMIT}, {.tv_sec = mktime(&tm)}};
    if (((struct host_file *)fl)->readonly)
        return -DOSERR_ACCESS_DENIED;
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
    .read = hf_read, .write = hf_write, .seek = hf_seek, .truncate = hf_truncate,
    .fstat = hf_fstat, .set_ftime = hf_set_ftime, .commit = hf_commit, .close = hf_close,
};

/* ---- drive operations ---- */

static const struct fs_dirent *entry(const struct hres *r)
{
    return r->idx >= 0 ? &r->dir->list.e[r->idx] : NULL;
}

static bool entry_readonly(const struct hres *r)
{
    struct stat s;
    return stat(r->path, &s) == 0 && !(s.st_mode & S_IWUSR);
}

/* Record a file or directory the guest created in its directory listing. */
static void created(struct hres *r, uint8_t attr)
{
    const char *name = strrchr(r->path, '/') + 1;
    long k = fs_dl_find_host(&r->dir->list, name);
    if (k >= 0)
        fs_dl_remove(&r->dir->list, (uint32_t)k);
    struct fs_dl_item it = {.host = name, .attr = attr};
    fs_dl_add(&r->dir->list, &it, r->last);
    hc_touched(r->dir, r->dir_path);
}

static int open_flags(const struct host_drive *h, const struct hres *r, unsigned flags)
{
    int of = O_CLOEXEC;
    const struct fs_dirent *e = entry(r);
    if (!e || !(e->flags & FS_DE_LINK))
        of |= O_NOFOLLOW;
    of |= (flags & FS_O_WRITE) ? ((flags & FS_O_READ) ? O_RDWR : O_WRONLY) : O_RDONLY;
    if (flags & FS_O_CREATE)
        of |= O_CREAT | (e ? 0 : O_EXCL);
    if (flags & FS_O_TRUNC)
        of |= O_TRUNC;
    if (h->readonly)
        of |= O_NOATIME;
    return of;
}

static int check_open(const struct hres *r, unsigned flags)
{
    const struct fs_dirent *e = entry(r);
    if (!e)
        return flags & FS_O_CREATE ? 0 : -DOSERR_FILE_NOT_FOUND;
    if (e->attr & FS_ATTR_DIRECTORY)
        return -DOSERR_ACCESS_DENIED;
    if (flags & FS_O_EXCL)
        return -DOSERR_FILE_EXISTS;
    if ((flags & (FS_O_WRITE | FS_O_TRUNC)) && entry_readonly(r))
        return -DOSERR_ACCESS_DENIED;
    return 0;
}

static int hd_open(void *drv, const char *rel, unsigned flags, struct fs_file **out)
{
    struct host_drive *h = drv;
    struct hres r;
    struct stat s;
    int rc = hc_resolve(h, rel, &r);
    if (rc == 0)
        rc = check_open(&r, flags);
    if (rc < 0)
        return rc;
    bool is_new = r.idx < 0;
    int of = open_flags(h, &r, flags);
    int fd = open(r.path, of, 0666);
    if (fd < 0 && errno == EPERM && (of & O_NOATIME))
        fd = open(r.path, of &= ~O_NOATIME, 0666);
    if (fd < 0 && errno == EEXIST && is_new && !(flags & FS_O_EXCL))
        fd = open(r.path, of & ~O_EXCL, 0666);  /* appeared on the host meanwhile */
    if (fd < 0)
        return errno == EEXIST ? -DOSERR_FILE_EXISTS : host_err();
    if (is_new)
        created(&r, FS_ATTR_ARCHIVE);
    struct host_file *f = xcalloc(1, sizeof *f);
    f->base.ops = &k_host_file_ops;
    f->fd = fd;
    f->readonly = h->readonly;
    if (fstat(fd, &s) == 0)
        f->base.id = ((uint64_t)s.st_dev * FILE_ID_MIX) ^ (uint64_t)s.st_ino;
    *out = &f->base;
    return 0;
}

static int hd_stat(void *drv, const char *rel, struct fs_stat *st)
{
    struct hres r;
    struct stat s;
    int rc = hc_resolve(drv, rel, &r);
    if (rc < 0)
        return rc;
    if (r.dir && r.idx < 0)
        return -DOSERR_FILE_NOT_FOUND;
    if (stat(r.path, &s) < 0)
        return host_err();
    fill_stat(&s, entry(&r), st);
    return 0;
}

static int existing(void *drv, const char *rel, struct hres *r, int missing)
{
    int rc = hc_resolve(drv, rel, r);
    if (rc == 0 && (!r->dir || r->idx < 0))
        rc = -missing;
    return rc;
}

static int hd_unlink(void *drv, const char *rel)
{
    struct hres r;
    int rc = existing(drv, rel, &r, DOSERR_FILE_NOT_FOUND);
    if (rc < 0)
        return rc;
    if ((entry(&r)->attr & FS_ATTR_DIRECTORY) || entry_readonly(&r))
        return -DOSERR_ACCESS_DENIED;
    if (unlink(r.path) < 0)
        return host_err();
    fs_dl_remove(&r.dir->list, (uint32_t)r.idx);
    hc_touched(r.dir, r.dir_path);
    return 0;
}

static void dos_rel_of(const char *rel, char *out)
{
    snprintf(out, FS_PATH_MAX, "%s", rel);
}

static int hd_rename(void *drv, const char *from, const char *to)
{
    struct host_drive *h = drv;
    struct hres r1, r2;
    char from_rel[FS_PATH_MAX];
    int rc = existing(drv, from, &r1, DOSERR_FILE_NOT_FOUND);
    if (rc == 0)
        rc = hc_resolve(drv, to, &r2);
    if (rc < 0)
        return rc;
    if (!r2.dir || r2.idx >= 0)
        return -DOSERR_ACCESS_DENIED;   /* DOS never replaces on rename */
    /* Re-resolve: the second lookup may have re-read the first directory. */
    if ((rc = existing(drv, from, &r1, DOSERR_FILE_NOT_FOUND)) < 0)
        return rc;
    uint8_t attr = entry(&r1)->attr;
    if (rename(r1.path, r2.path) < 0)
        return host_err();
    fs_dl_remove(&r1.dir->list, (uint32_t)r1.idx);
    hc_touched(r1.dir, r1.dir_path);
    created(&r2, attr);
    if (attr & FS_ATTR_DIRECTORY) {
        dos_rel_of(from, from_rel);
        hc_forget(h, from_rel);
    }
    return 0;
}

static int hd_mkdir(void *drv, const char *rel)
{
    struct hres r;
    int rc = hc_resolve(drv, rel, &r);
    if (rc < 0)
        return rc;
    if (!r.dir || r.idx >= 0)
        return -DOSERR_ACCESS_DENIED;
    if (mkdir(r.path, 0777) < 0)
        return host_err();
    created(&r, FS_ATTR_DIRECTORY);
    return 0;
}

static int hd_rmdir(void *drv, const char *rel)
{
    struct hres r;
    int rc = existing(drv, rel, &r, DOSERR_PATH_NOT_FOUND);
    if (rc < 0)
        return rc;
    if (!(entry(&r)->attr & FS_ATTR_DIRECTORY) || (entry(&r)->flags & FS_DE_LINK))
        return -DOSERR_PATH_NOT_FOUND;
    if (rmdir(r.path) < 0)
        return errno == ENOTEMPTY || errno == EEXIST ? -DOSERR_ACCESS_DENIED : host_err();
    fs_dl_remove(&r.dir->list, (uint32_t)r.idx);
    hc_touched(r.dir, r.dir_path);
    hc_forget(drv, rel);
    return 0;
}

static int hd_set_attr(void *drv, const char *rel, uint8_t attr)
{
    struct hres r;
    struct stat s;
    int rc = existing(drv, rel, &r, DOSERR_FILE_NOT_FOUND);
    if (rc < 0)
        return rc;
    struct fs_dirent *e = &r.dir->list.e[r.idx];
    bool dir = e->attr & FS_ATTR_DIRECTORY;
    if ((attr & FS_ATTR_VOLUME) || (!dir && (attr & FS_ATTR_DIRECTORY)))
        return -DOSERR_ACCESS_DENIED;
    if (stat(r.path, &s) < 0)
        return host_err();
    mode_t mode = (attr & FS_ATTR_READONLY) ? s.st_mode & ~(mode_t)WRITE_BITS
                                            : s.st_mode | S_IWUSR;
    if ((mode & 07777) != (s.st_mode & 07777) && chmod(r.path, mode & 07777) < 0)
        return host_err();
    e->set_attr = attr & GUEST_ATTR_MASK;
    e->attr_set = true;
    return 0;
}

bool fs_find_attr_ok(uint8_t entry_attr, uint8_t search_attr)
{
    uint8_t special = FS_ATTR_HIDDEN | FS_ATTR_SYSTEM | FS_ATTR_DIRECTORY;
    return (entry_attr & special & ~search_attr) == 0;
}

static int hd_find(void *drv, const char *rel_dir, const struct fs_find_spec *spec,
                   uint32_t *index, struct fs_found *out)
{
    char dir_path[PATH_MAX], p[PATH_MAX];
    int err;
    struct hdir *d = hc_dir(drv, rel_dir, dir_path, &err);
    if (!d)
        return err;
    for (; *index < d->list.n; (*index)++) {
        const struct fs_dirent *e = &d->list.e[*index];
        uint8_t fcb[FS_FCB_NAME_BYTES], attr = e->attr_set ? e->set_attr : e->attr;
        struct stat s;
        if (e->flags & FS_DE_REMOVED)
            continue;
        fs_name_to_fcb(e->dos, fcb);
        if (!fs_fcb_match(spec->tmpl, fcb) ||
            !fs_find_attr_ok(attr | (e->attr & FS_ATTR_DIRECTORY), spec->attr))
            continue;
        if ((size_t)snprintf(p, sizeof p, "%s/%s", dir_path, e->host) >= sizeof p ||
            ((e->flags & FS_DE_LINK) && !hc_inside(drv, p)) || stat(p, &s) < 0)
            continue;
        fill_stat(&s, e, &out->st);
        memcpy(out->name, e->dos, sizeof out->name);
        (*index)++;
        return 0;
    }
    return -DOSERR_NO_MORE_FILES;
}

static int hd_space(void *drv, struct fs_space *sp)
{
    struct host_drive *h = drv;
    struct statvfs v;
    if (statvfs(h->root, &v) < 0)
        return host_err();
    sp->total_bytes = (uint64_t)v.f_blocks * v.f_frsize;
    sp->free_bytes = h->readonly ? 0 : (uint64_t)v.f_bavail * v.f_frsize;
    return 0;
}

/* Walk host_rel's parts through the listings, collecting DOS names. */
static int hd_host_to_dos(void *drv, const char *host_rel, char *out, size_t cap)
{
    char dos[FS_PATH_MAX] = "", part[NAME_MAX + 1], dir_path[PATH_MAX];
    int err;
    while (*host_rel) {
        size_t n = strcspn(host_rel, "/");
        struct hdir *d = hc_dir(drv, dos, dir_path, &err);
        if (!d || n >= sizeof part)
            return -DOSERR_PATH_NOT_FOUND;
        memcpy(part, host_rel, n);
        part[n] = 0;
        long k = fs_dl_find_host(&d->list, part);
        size_t len = strlen(dos);
        if (k < 0 || len + 14 >= sizeof dos)
            return -DOSERR_PATH_NOT_FOUND;
        snprintf(dos + len, sizeof dos - len, "%s%s", len ? "\\" : "", d->list.e[k].dos);
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
    hc_free_all(drv);
    free(drv);
}

const struct fs_drive_ops fs_host_drive_ops = {
    .version = FS_DRIVE_OPS_VERSION,
    .open = hd_open, .stat = hd_stat, .unlink = hd_unlink, .rename = hd_rename,
    .mkdir = hd_mkdir, .rmdir = hd_rmdir, .set_attr = hd_set_attr, .find = hd_find,
    .space = hd_space, .host_to_dos = hd_host_to_dos, .host_root = hd_host_root,
    .free = hd_free,
};

int fs_host_drive_new(const char *host_dir, bool readonly, bool lower, void **drv)
{
    struct host_drive *h = xcalloc(1, sizeof *h);
    struct stat s;
    if (!realpath(host_dir, h->root) || stat(h->root, &s) < 0 || !S_ISDIR(s.st_mode)) {
        free(h);
        return -DOSERR_PATH_NOT_FOUND;
    }
    if (!strcmp(h->root, "/"))
        h->root[0] = 0;         /* "/" + "/etc": paths are built as root + "/" + rel */
    h->root_len = strlen(h->root);
    h->readonly = readonly;
    h->lower = lower;
    *drv = h;
    return 0;
}
