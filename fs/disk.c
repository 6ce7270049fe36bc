/* Disk image files: sector reads and writes with pread/pwrite, in memory
 * for tests, and the BIOS geometry of standard floppy sizes. */
#include "fs/disk.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/common.h"
#include "base/doserr.h"
#include "base/log.h"

#define KIB 1024u
#define HD_HEADS 16u
#define HD_SPT 63u
#define HD_CYLS_MAX 1024u

struct fs_disk {
    int refs;
    int fd; /* -1: in memory */
    uint8_t *mem;
    uint64_t size;
    bool readonly;
    uint32_t gen;
    bool geom_set;
    struct fs_disk_geom geom;
    char *path;
};

/* Standard floppy formats (IBM PC, PS/2, DMF): size -> geometry. */
static const struct {
    uint32_t kib;
    struct fs_disk_geom g;
} k_floppies[] = {
    {160, {40, 1, 8}},   {180, {40, 1, 9}},   {320, {40, 2, 8}},   {360, {40, 2, 9}},
    {720, {80, 2, 9}},   {1200, {80, 2, 15}}, {1440, {80, 2, 18}}, {1680, {80, 2, 21}},
    {1722, {82, 2, 21}}, {2880, {80, 2, 36}},
};

bool fs_disk_floppy_geometry(uint64_t n, struct fs_disk_geom *g)
{
    for (size_t i = 0; i < ARRAY_LEN(k_floppies); i++) {
        if (n == (uint64_t)k_floppies[i].kib * KIB) {
            *g = k_floppies[i].g;
            return true;
        }
    }
    return false;
}

static struct fs_disk *disk_alloc(uint64_t size, bool readonly, const char *path)
{
    struct fs_disk *d = xcalloc(1, sizeof *d);
    d->refs = 1;
    d->fd = -1;
    d->size = size;
    d->readonly = readonly;
    d->path = xstrdup(path);
    return d;
}

int fs_disk_open(const char *path, bool readonly, struct fs_disk **out)
{
    struct stat s;
    int fd = open(path, (readonly ? O_RDONLY | O_NOATIME : O_RDWR) | O_CLOEXEC);
    if (fd < 0 && errno == EPERM && readonly)
        fd = open(path, O_RDONLY | O_CLOEXEC); /* O_NOATIME: only the owner may */
    if (fd < 0)
        return -(int)doserr_from_errno(errno);
    if (fstat(fd, &s) < 0 || !S_ISREG(s.st_mode)) {
        close(fd);
        return -DOSERR_ACCESS_DENIED;
    }
    struct fs_disk *d = disk_alloc((uint64_t)s.st_size, readonly, path);
    d->fd = fd;
    *out = d;
    return 0;
}

struct fs_disk *fs_disk_mem(const uint8_t *data, size_t n, size_t size, bool readonly)
{
    struct fs_disk *d = disk_alloc(MAX(n, size), readonly, "(memory)");
    d->mem = xcalloc(MAX(d->size, (uint64_t)1), 1);
    memcpy(d->mem, data, n);
    return d;
}

struct fs_disk *fs_disk_ref(struct fs_disk *d)
{
    d->refs++;
    return d;
}

void fs_disk_unref(struct fs_disk *d)
{
    if (!d || --d->refs > 0)
        return;
    if (d->fd >= 0)
        close(d->fd);
    free(d->mem);
    free(d->path);
    free(d);
}

const char *fs_disk_path(const struct fs_disk *d)
{
    return d->path;
}

bool fs_disk_readonly(const struct fs_disk *d)
{
    return d->readonly;
}

uint64_t fs_disk_bytes(const struct fs_disk *d)
{
    return d->size;
}

uint64_t fs_disk_sectors(const struct fs_disk *d)
{
    return (d->size + FS_SECTOR_BYTES - 1) / FS_SECTOR_BYTES;
}

/* Bytes [off, off+n) past the end of the file: zeros within the last
 * sector, an error beyond it. */
int fs_disk_pread(struct fs_disk *d, uint64_t off, void *buf, size_t n)
{
    uint64_t end_sector = fs_disk_sectors(d) * FS_SECTOR_BYTES;
    if (off > end_sector || n > end_sector - off)
        return -DOSERR_READ_FAULT;
    size_t have = off >= d->size ? 0 : (size_t)MIN((uint64_t)n, d->size - off);
    memset((uint8_t *)buf + have, 0, n - have);
    if (d->mem) {
        memcpy(buf, d->mem + off, have);
        return 0;
    }
    size_t done = 0;
    while (done < have) {
        ssize_t r = pread(d->fd, (uint8_t *)buf + done, have - done, (off_t)(off + done));
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            LOG(LOG_FS, "%s: read at %llu failed", d->path, (unsigned long long)(off + done));
            return -DOSERR_READ_FAULT;
        }
        done += (size_t)r;
    }
    return 0;
}

int fs_disk_pwrite(struct fs_disk *d, uint64_t off, const void *buf, size_t n)
{
    if (d->readonly)
        return -DOSERR_WRITE_PROTECTED;
    if (off > d->size || n > d->size - off)
        return -DOSERR_WRITE_FAULT;
    if (d->mem) {
        memcpy(d->mem + off, buf, n);
        return 0;
    }
    size_t done = 0;
    while (done < n) {
        ssize_t r = pwrite(d->fd, (const uint8_t *)buf + done, n - done, (off_t)(off + done));
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            int e = r < 0 ? errno : EIO;
            LOG(LOG_FS, "%s: write at %llu failed: %s", d->path,
                (unsigned long long)(off + done), strerror(e));
            return e == ENOSPC || e == EDQUOT ? -DOSERR_HANDLE_DISK_FULL : -DOSERR_WRITE_FAULT;
        }
        done += (size_t)r;
    }
    return 0;
}

int fs_disk_read(struct fs_disk *d, uint64_t lba, uint32_t count, void *buf)
{
    if (lba > UINT64_MAX / FS_SECTOR_BYTES)
        return -DOSERR_READ_FAULT;
    return fs_disk_pread(d, lba * FS_SECTOR_BYTES, buf, (size_t)count * FS_SECTOR_BYTES);
}

int fs_disk_write(struct fs_disk *d, uint64_t lba, uint32_t count, const void *buf)
{
    if (lba > UINT64_MAX / FS_SECTOR_BYTES)
        return -DOSERR_WRITE_FAULT;
    return fs_disk_pwrite(d, lba * FS_SECTOR_BYTES, buf, (size_t)count * FS_SECTOR_BYTES);
}

uint32_t fs_disk_generation(const struct fs_disk *d)
{
    return d->gen;
}

void fs_disk_touch(struct fs_disk *d)
{
    d->gen++;
}

bool fs_disk_is_floppy(const struct fs_disk *d)
{
    struct fs_disk_geom g;
    return fs_disk_floppy_geometry(d->size, &g);
}

void fs_disk_geometry(const struct fs_disk *d, struct fs_disk_geom *g)
{
    if (d->geom_set) {
        *g = d->geom;
        return;
    }
    if (fs_disk_floppy_geometry(d->size, g))
        return;
    uint64_t per_cyl = HD_HEADS * HD_SPT;
    uint64_t cyls = (fs_disk_sectors(d) + per_cyl - 1) / per_cyl;
    *g = (struct fs_disk_geom){(uint32_t)MAX(MIN(cyls, (uint64_t)HD_CYLS_MAX), 1u), HD_HEADS,
                               HD_SPT};
}

void fs_disk_set_geometry(struct fs_disk *d, const struct fs_disk_geom *g)
{
    if (g->heads && g->spt && g->cyls) {
        d->geom = *g;
        d->geom_set = true;
    }
}
