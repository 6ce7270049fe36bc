/* Host directory backend: DOS names map to host names case-insensitively;
 * every resolved path is checked to stay inside the mount root. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/common.h"
#include "base/doserr.h"
#include "base/log.h"
#include "fs/drive.h"

struct host_drive {
    char root[PATH_MAX];        /* realpath of the mount root */
    bool readonly;
};

struct host_file {
    struct fs_file base;
    int fd;
};

static int host_err(void)
{
    return -(int)doserr_from_errno(errno);
}

/* Find the entry of dir named name, ignoring case. Tries the likely
 * spellings before listing the directory. */
static bool find_entry(const char *dir, const char *name, char *found, size_t cap)
{
    char path[PATH_MAX], lower[16];
    struct stat st;
    size_t n = strlen(name);
    if (n >= sizeof lower)
        return false;
    for (size_t i = 0; i <= n; i++)
        lower[i] = (char)((name[i] >= 'A' && name[i] <= 'Z') ? name[i] + 32 : name[i]);
    const char *tries[] = {name, lower};
    for (size_t i = 0; i < ARRAY_LEN(tries); i++) {
        snprintf(path, sizeof path, "%s/%s", dir, tries[i]);
        if (lstat(path, &st) == 0) {
            snprintf(found, cap, "%s", tries[i]);
            return true;
        }
    }
    DIR *d = opendir(dir);
    struct dirent *e;
    bool ok = false;
    while (d && (e = readdir(d)) != NULL) {
        if (!strcasecmp(e->d_name, name)) {
            snprintf(found, cap, "%s", e->d_name);
            ok = true;
            break;
        }
    }
    if (d)
        closedir(d);
    return ok;
}

/* True when host path p (which must exist) resolves inside root. */
static bool inside(const struct host_drive *h, const char *p)
{
    char real[PATH_MAX];
    size_t n = strlen(h->root);
    if (!realpath(p, real))
        return false;
    return !strncmp(real, h->root, n) && (real[n] == '/' || real[n] == 0);
}

/* Map rel ("DIR\FILE.EXT") to a host path. The last part need not exist
 * (*exists tells); every existing part must lie inside the root. */
static int host_path(const struct host_drive *h, const char *rel, char *out, size_t cap,
                     bool *exists)
{
    char cur[PATH_MAX], part[16], found[NAME_MAX + 1];
    snprintf(cur, sizeof cur, "%s", h->root);
    *exists = true;
    while (*rel) {
        size_t n = strcspn(rel, "\\");
        bool last = rel[n] == 0;
        if (n >= sizeof part)
            return -DOSERR_PATH_NOT_FOUND;
        memcpy(part, rel, n);
        part[n] = 0;
        bool have = find_entry(cur, part, found, sizeof found);
        if (!have && !last)
            return -DOSERR_PATH_NOT_FOUND;
        size_t len = strlen(cur);
        if ((size_t)snprintf(cur + len, sizeof cur - len, "/%s", have ? found : part) >=
            sizeof cur - len)
            return -DOSERR_PATH_NOT_FOUND;
        if (have && !inside(h, cur))
            return -DOSERR_ACCESS_DENIED;
        *exists = have;
        rel += n + !last;
    }
    if (strlen(cur) >= cap)
        return -DOSERR_PATH_NOT_FOUND;
    strcpy(out, cur);
    return 0;
}

static uint16_t dos_date(const struct tm *t)
{
    int y = t->tm_year + 1900 < 1980 ? 0 : t->tm_year + 1900 - 1980;
    return (uint16_t)(MIN(y, 127) << 9 | (t->tm_mon + 1) << 5 | t->tm_mday);
}

static uint16_t dos_time(const struct tm *t)
{
    return (uint16_t)(t->tm_hour << 11 | t->tm_min << 5 | t->tm_sec / 2);
}

static void fill_stat(const struct stat *s, struct fs_stat *st)
{
    struct tm tm;
    time_t mt = s->st_mtime;
    localtime_r(&mt, &tm);
    st->attr = S_ISDIR(s->st_mode) ? FS_ATTR_DIRECTORY : FS_ATTR_ARCHIVE;
    if (!(s->st_mode & S_IWUSR))
        st->attr |= FS_ATTR_READONLY;
    st->size = s->st_size > UINT32_MAX ? UINT32_MAX : (uint32_t)s->st_size;
    st->dos_date = dos_date(&tm);
    st->dos_time = dos_time(&tm);
}

/* ---- open files ---- */

static int hf_read(struct fs_file *fl, void *buf, uint32_t n)
{
    ssize_t r = read(((struct host_file *)fl)->fd, buf, n);
    return r < 0 ? host_err() : (int)r;
}

static int hf_write(struct fs_file *fl, const void *buf, uint32_t n)
{
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
    fill_stat(&s, st);
    return 0;
}

static int hf_set_ftime(struct fs_file *fl, uint16_t date, uint16_t time)
{
    struct tm tm = {.tm_year = (date >> 9) + 80, .tm_mon = ((date >> 5) & 15) - 1,
                    .tm_mday = date & 31, .tm_hour = time >> 11,
                    .tm_min = (time >> 5) & 63, .tm_sec = (time & 31) * 2, .tm_isdst = -1};
    struct timespec ts[2] = {{.tv_nsec = UTIME_OMIT}, {.tv_sec = mktime(&tm)}};
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

static int hd_open(void *drv, const char *rel, unsigned flags, struct fs_file **out)
{
    struct host_drive *h = drv;
    char p[PATH_MAX];
    bool exists;
    int rc = host_path(h, rel, p, sizeof p, &exists);
    if (rc < 0)
        return rc;
    if (!exists && !(flags & FS_O_CREATE))
        return -DOSERR_FILE_NOT_FOUND;
    if (exists && (flags & FS_O_EXCL))
        return -DOSERR_FILE_EXISTS;
    int oflags = O_CLOEXEC | O_NOFOLLOW;
    oflags |= (flags & FS_O_WRITE) ? ((flags & FS_O_READ) ? O_RDWR : O_WRONLY) : O_RDONLY;
    if (flags & FS_O_CREATE)
        oflags |= O_CREAT;
    if (flags & FS_O_TRUNC)
        oflags |= O_TRUNC;
    int fd = open(p, oflags, 0666);
    if (fd < 0)
        return errno == EISDIR ? -DOSERR_ACCESS_DENIED : host_err();
    struct host_file *f = xcalloc(1, sizeof *f);
    f->base.ops = &k_host_file_ops;
    f->fd = fd;
    *out = &f->base;
    return 0;
}

static int hd_stat(void *drv, const char *rel, struct fs_stat *st)
{
    char p[PATH_MAX];
    bool exists;
    struct stat s;
    int rc = host_path(drv, rel, p, sizeof p, &exists);
    if (rc < 0)
        return rc;
    if (!exists || stat(p, &s) < 0)
        return -DOSERR_FILE_NOT_FOUND;
    fill_stat(&s, st);
    return 0;
}

static int existing(void *drv, const char *rel, char *p, int missing)
{
    bool exists;
    int rc = host_path(drv, rel, p, PATH_MAX, &exists);
    if (rc == 0 && !exists)
        rc = -missing;
    return rc;
}

static int hd_unlink(void *drv, const char *rel)
{
    char p[PATH_MAX];
    struct stat s;
    int rc = existing(drv, rel, p, DOSERR_FILE_NOT_FOUND);
    if (rc < 0)
        return rc;
    if (lstat(p, &s) == 0 && S_ISDIR(s.st_mode))
        return -DOSERR_ACCESS_DENIED;
    return unlink(p) < 0 ? host_err() : 0;
}

static int hd_rename(void *drv, const char *from, const char *to)
{
    char p1[PATH_MAX], p2[PATH_MAX];
    bool exists;
    int rc = existing(drv, from, p1, DOSERR_FILE_NOT_FOUND);
    if (rc == 0)
        rc = host_path(drv, to, p2, sizeof p2, &exists);
    if (rc < 0)
        return rc;
    if (exists)
        return -DOSERR_ACCESS_DENIED;   /* DOS never replaces on rename */
    return rename(p1, p2) < 0 ? host_err() : 0;
}

static int hd_mkdir(void *drv, const char *rel)
{
    char p[PATH_MAX];
    bool exists;
    int rc = host_path(drv, rel, p, sizeof p, &exists);
    if (rc < 0)
        return rc;
    if (exists)
        return -DOSERR_ACCESS_DENIED;
    return mkdir(p, 0777) < 0 ? host_err() : 0;
}

static int hd_rmdir(void *drv, const char *rel)
{
    char p[PATH_MAX];
    int rc = existing(drv, rel, p, DOSERR_PATH_NOT_FOUND);
    if (rc < 0)
        return rc;
    return rmdir(p) < 0 ? host_err() : 0;
}

static const char *hd_host_root(void *drv)
{
    return ((struct host_drive *)drv)->root;
}

static void hd_free(void *drv)
{
    free(drv);
}

const struct fs_drive_ops fs_host_drive_ops = {
    .version = FS_DRIVE_OPS_VERSION,
    .open = hd_open, .stat = hd_stat, .unlink = hd_unlink, .rename = hd_rename,
    .mkdir = hd_mkdir, .rmdir = hd_rmdir, .host_root = hd_host_root, .free = hd_free,
};

int fs_host_drive_new(const char *host_dir, bool readonly, void **drv)
{
    struct host_drive *h = xcalloc(1, sizeof *h);
    struct stat s;
    if (!realpath(host_dir, h->root) || stat(h->root, &s) < 0 || !S_ISDIR(s.st_mode)) {
        free(h);
        return -DOSERR_PATH_NOT_FOUND;
    }
    h->readonly = readonly;
    *drv = h;
    return 0;
}
