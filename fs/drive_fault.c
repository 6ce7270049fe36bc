/* Fault-injecting backend for tests (SQLite's test_vfs.c idea): wraps any
 * backend and makes the Nth call of chosen operations fail as if the host
 * had returned an errno, so every DOS error path can be reached. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/common.h"
#include "base/doserr.h"
#include "base/log.h"
#include "fs/drive.h"

struct fault_drive {
    const struct fs_drive_ops *ops;
    void *inner;
    struct fs_fault_config cfg;
    unsigned count;
    bool fired;
};

struct fault_file {
    struct fs_file base;
    struct fs_file *inner;
    struct fault_drive *fd;
};

/* Should this call of op fail? Returns the DOS error or 0. */
static int fault(struct fault_drive *f, enum fs_fault_op op)
{
    if (f->cfg.ops != FS_FAULT_ANY && !(f->cfg.ops & (unsigned)op))
        return 0;
    if (f->fired && f->cfg.persistent)
        return -(int)doserr_from_errno(f->cfg.host_errno);
    if (f->fired || ++f->count != f->cfg.nth)
        return 0;
    f->fired = true;
    LOG(LOG_FS, "fault injected: operation %#x fails with errno %d", (unsigned)op,
        f->cfg.host_errno);
    return -(int)doserr_from_errno(f->cfg.host_errno);
}

#define FAULT_OR(f, op, call)                                                                  \
    do {                                                                                       \
        int fault_rc_ = fault((f), (op));                                                      \
        return fault_rc_ ? fault_rc_ : (call);                                                 \
    } while (0)

static struct fault_file *ff(struct fs_file *fl)
{
    return (struct fault_file *)fl;
}

static int ff_read(struct fs_file *fl, void *buf, uint32_t n)
{
    FAULT_OR(ff(fl)->fd, FS_FAULT_READ, fs_read(ff(fl)->inner, buf, n));
}

static int ff_write(struct fs_file *fl, const void *buf, uint32_t n)
{
    FAULT_OR(ff(fl)->fd, FS_FAULT_WRITE, fs_write(ff(fl)->inner, buf, n));
}

static int ff_seek(struct fs_file *fl, int64_t off, enum fs_whence whence, uint32_t *pos)
{
    FAULT_OR(ff(fl)->fd, FS_FAULT_SEEK, fs_seek(ff(fl)->inner, off, whence, pos));
}

static int ff_truncate(struct fs_file *fl)
{
    FAULT_OR(ff(fl)->fd, FS_FAULT_TRUNCATE, fs_truncate(ff(fl)->inner));
}

static int ff_fstat(struct fs_file *fl, struct fs_stat *st)
{
    FAULT_OR(ff(fl)->fd, FS_FAULT_STAT, fs_fstat(ff(fl)->inner, st));
}

static int ff_set_ftime(struct fs_file *fl, uint16_t date, uint16_t time)
{
    FAULT_OR(ff(fl)->fd, FS_FAULT_FTIME, fs_set_ftime(ff(fl)->inner, date, time));
}

static int ff_commit(struct fs_file *fl)
{
    FAULT_OR(ff(fl)->fd, FS_FAULT_COMMIT, fs_commit(ff(fl)->inner));
}

static void ff_close(struct fs_file *fl)
{
    fs_close(ff(fl)->inner);
    free(fl);
}

static const struct fs_file_ops k_fault_file_ops = {
    .read = ff_read,
    .write = ff_write,
    .seek = ff_seek,
    .truncate = ff_truncate,
    .fstat = ff_fstat,
    .set_ftime = ff_set_ftime,
    .commit = ff_commit,
    .close = ff_close,
};

static int fd_open(void *drv, const char *rel, unsigned flags, struct fs_file **out)
{
    struct fault_drive *f = drv;
    struct fs_file *inner;
    int rc = fault(f, FS_FAULT_OPEN);
    if (rc == 0)
        rc = f->ops->open(f->inner, rel, flags, &inner);
    if (rc < 0)
        return rc;
    struct fault_file *w = xcalloc(1, sizeof *w);
    w->base.ops = &k_fault_file_ops;
    w->base.id = inner->id;
    w->inner = inner;
    w->fd = f;
    *out = &w->base;
    return 0;
}

static int fd_stat(void *drv, const char *rel, struct fs_stat *st)
{
    struct fault_drive *f = drv;
    FAULT_OR(f, FS_FAULT_STAT, f->ops->stat(f->inner, rel, st));
}

static int fd_unlink(void *drv, const char *rel)
{
    struct fault_drive *f = drv;
    FAULT_OR(f, FS_FAULT_UNLINK, f->ops->unlink(f->inner, rel));
}

static int fd_rename(void *drv, const char *from, const char *to)
{
    struct fault_drive *f = drv;
    FAULT_OR(f, FS_FAULT_RENAME, f->ops->rename(f->inner, from, to));
}

static int fd_mkdir(void *drv, const char *rel)
{
    struct fault_drive *f = drv;
    FAULT_OR(f, FS_FAULT_MKDIR, f->ops->mkdir(f->inner, rel));
}

static int fd_rmdir(void *drv, const char *rel)
{
    struct fault_drive *f = drv;
    FAULT_OR(f, FS_FAULT_RMDIR, f->ops->rmdir(f->inner, rel));
}

static int fd_set_attr(void *drv, const char *rel, uint8_t attr)
{
    struct fault_drive *f = drv;
    FAULT_OR(f, FS_FAULT_ATTR, f->ops->set_attr(f->inner, rel, attr));
}

static int fd_find(void *drv, const char *rel_dir, const struct fs_find_spec *spec,
                   uint32_t *index, struct fs_found *out)
{
    struct fault_drive *f = drv;
    FAULT_OR(f, FS_FAULT_FIND, f->ops->find(f->inner, rel_dir, spec, index, out));
}

static int fd_space(void *drv, struct fs_space *sp)
{
    struct fault_drive *f = drv;
    return f->ops->space(f->inner, sp);
}

static int fd_host_to_dos(void *drv, const char *host_rel, char *out, size_t cap)
{
    struct fault_drive *f = drv;
    if (!f->ops->host_to_dos)
        return -DOSERR_PATH_NOT_FOUND;
    return f->ops->host_to_dos(f->inner, host_rel, out, cap);
}

static const char *fd_host_root(void *drv)
{
    struct fault_drive *f = drv;
    return f->ops->host_root ? f->ops->host_root(f->inner) : NULL;
}

static int fd_volume(void *drv, struct fs_volume *vi)
{
    struct fault_drive *f = drv;
    return f->ops->volume ? f->ops->volume(f->inner, vi) : -DOSERR_NOT_SUPPORTED;
}

static void fd_free(void *drv)
{
    struct fault_drive *f = drv;
    f->ops->free(f->inner);
    free(f);
}

const struct fs_drive_ops fs_fault_drive_ops = {
    .version = FS_DRIVE_OPS_VERSION,
    .open = fd_open,
    .stat = fd_stat,
    .unlink = fd_unlink,
    .rename = fd_rename,
    .mkdir = fd_mkdir,
    .rmdir = fd_rmdir,
    .set_attr = fd_set_attr,
    .find = fd_find,
    .space = fd_space,
    .host_to_dos = fd_host_to_dos,
    .host_root = fd_host_root,
    .free = fd_free,
    .volume = fd_volume,
};

int fs_fault_drive_new(const struct fs_drive_ops *inner_ops, void *inner,
                       const struct fs_fault_config *cfg, void **drv)
{
    struct fault_drive *f = xcalloc(1, sizeof *f);
    f->ops = inner_ops;
    f->inner = inner;
    f->cfg = *cfg;
    *drv = f;
    return 0;
}

/* ---- the --fault option: "X:OPS:N:ERRNO[:persist]" ---- */

static const struct {
    const char *name;
    unsigned op;
} k_fault_ops[] = {
    {"any", FS_FAULT_ANY},           {"open", FS_FAULT_OPEN},     {"read", FS_FAULT_READ},
    {"write", FS_FAULT_WRITE},       {"seek", FS_FAULT_SEEK},     {"stat", FS_FAULT_STAT},
    {"unlink", FS_FAULT_UNLINK},     {"rename", FS_FAULT_RENAME}, {"mkdir", FS_FAULT_MKDIR},
    {"rmdir", FS_FAULT_RMDIR},       {"attr", FS_FAULT_ATTR},     {"find", FS_FAULT_FIND},
    {"truncate", FS_FAULT_TRUNCATE}, {"ftime", FS_FAULT_FTIME},   {"commit", FS_FAULT_COMMIT},
};

/* Host errors a fault can stand for (what a full disk, a failing disk or a
 * permission problem looks like to the host backend). */
static const struct {
    const char *name;
    int value;
} k_fault_errnos[] = {
    {"ENOSPC", ENOSPC}, {"EDQUOT", EDQUOT}, {"EIO", EIO},       {"EACCES", EACCES},
    {"EPERM", EPERM},   {"EROFS", EROFS},   {"ENOENT", ENOENT}, {"EMFILE", EMFILE},
    {"EBUSY", EBUSY},   {"EFBIG", EFBIG},
};

static bool parse_ops(const char *s, size_t n, unsigned *ops)
{
    *ops = 0;
    while (n) {
        size_t k = strcspn(s, "+:");
        k = MIN(k, n);
        size_t i = 0;
        while (i < ARRAY_LEN(k_fault_ops) &&
               (strlen(k_fault_ops[i].name) != k || strncasecmp(s, k_fault_ops[i].name, k)))
            i++;
        if (i == ARRAY_LEN(k_fault_ops))
            return false;
        *ops |= k_fault_ops[i].op;
        s += k;
        n -= k;
        if (n) {
            s++;
            n--;
        }
    }
    return true;
}

static bool parse_errno(const char *s, size_t n, int *out)
{
    for (size_t i = 0; i < ARRAY_LEN(k_fault_errnos); i++)
        if (strlen(k_fault_errnos[i].name) == n && !strncasecmp(s, k_fault_errnos[i].name, n)) {
            *out = k_fault_errnos[i].value;
            return true;
        }
    return false;
}

int fs_fault_parse(const char *spec, unsigned *drive, struct fs_fault_config *cfg)
{
    const char *f[5] = {spec};
    size_t len[5], nf = 1;
    for (const char *p = spec; *p && nf < 5; p++)
        if (*p == ':')
            f[nf++] = p + 1;
    for (size_t i = 0; i < nf; i++)
        len[i] = strcspn(f[i], ":");
    char *end;
    memset(cfg, 0, sizeof *cfg);
    if (nf < 4 || len[0] != 1 || !((spec[0] | 0x20) >= 'a' && (spec[0] | 0x20) <= 'z'))
        return -1;
    *drive = (unsigned)((spec[0] | 0x20) - 'a');
    unsigned long nth = strtoul(f[2], &end, 10);
    if (!parse_ops(f[1], len[1], &cfg->ops) || end != f[2] + len[2] || nth == 0 ||
        nth > 1000000000ul || !parse_errno(f[3], len[3], &cfg->host_errno))
        return -1;
    cfg->nth = (unsigned)nth;
    if (nf == 5 && (len[4] != 7 || strncasecmp(f[4], "persist", 7)))
        return -1;
    cfg->persistent = nf == 5;
    return 0;
}
