/* In-memory drive backend (read-only): a few files in the root directory,
 * served from copies of byte arrays. The built-in Z: drive with the
 * shell's COMMAND.COM is one. */
#include <stdlib.h>
#include <string.h>

#include "base/common.h"
#include "base/doserr.h"
#include "fs/drive.h"

#define MEM_MAX_FILES 16

struct mem_entry {
    char name[FS_NAME83_MAX];
    uint8_t fcb[FS_FCB_NAME_BYTES];
    uint8_t *data; /* owned copy */
    uint32_t size;
};

struct mem_drive {
    struct mem_entry files[MEM_MAX_FILES];
    unsigned n;
    uint16_t date, time;
};

struct mem_file {
    struct fs_file base;
    const struct mem_entry *e;
    uint32_t pos;
    uint16_t date, time;
};

static const struct mem_entry *lookup(const struct mem_drive *z, const char *rel)
{
    for (unsigned i = 0; i < z->n; i++)
        if (!strcmp(z->files[i].name, rel))
            return &z->files[i];
    return NULL;
}

static void entry_stat(const struct mem_drive *z, const struct mem_entry *e, struct fs_stat *st)
{
    *st = (struct fs_stat){.attr = FS_ATTR_READONLY,
                           .size = e->size,
                           .dos_date = z->date,
                           .dos_time = z->time};
}

/* ---- open files ---- */

static int mf_read(struct fs_file *fl, void *buf, uint32_t n)
{
    struct mem_file *f = (struct mem_file *)fl;
    uint32_t k = f->pos < f->e->size ? MIN(n, f->e->size - f->pos) : 0;
    memcpy(buf, f->e->data + f->pos, k);
    f->pos += k;
    return (int)k;
}

static int mf_write(struct fs_file *fl, const void *buf, uint32_t n)
{
    UNUSED(fl);
    UNUSED(buf);
    UNUSED(n);
    return -DOSERR_ACCESS_DENIED;
}

static int mf_seek(struct fs_file *fl, int64_t off, enum fs_whence whence, uint32_t *pos)
{
    struct mem_file *f = (struct mem_file *)fl;
    int64_t base = whence == FS_SEEK_SET ? 0 : whence == FS_SEEK_CUR ? f->pos : f->e->size;
    int64_t to = base + off;
    if (to < 0 || to > UINT32_MAX)
        return -DOSERR_SEEK_ERROR;
    f->pos = (uint32_t)to;
    *pos = f->pos;
    return 0;
}

static int mf_truncate(struct fs_file *fl)
{
    UNUSED(fl);
    return -DOSERR_ACCESS_DENIED;
}

static int mf_fstat(struct fs_file *fl, struct fs_stat *st)
{
    struct mem_file *f = (struct mem_file *)fl;
    *st = (struct fs_stat){.attr = FS_ATTR_READONLY,
                           .size = f->e->size,
                           .dos_date = f->date,
                           .dos_time = f->time};
    return 0;
}

static int mf_set_ftime(struct fs_file *fl, uint16_t date, uint16_t time)
{
    UNUSED(fl);
    UNUSED(date);
    UNUSED(time);
    return -DOSERR_ACCESS_DENIED;
}

static int mf_commit(struct fs_file *fl)
{
    UNUSED(fl);
    return 0;
}

static void mf_close(struct fs_file *fl)
{
    free(fl);
}

static const struct fs_file_ops k_file_ops = {
    .read = mf_read,
    .write = mf_write,
    .seek = mf_seek,
    .truncate = mf_truncate,
    .fstat = mf_fstat,
    .set_ftime = mf_set_ftime,
    .commit = mf_commit,
    .close = mf_close,
};

/* ---- the drive ---- */

static int md_open(void *drv, const char *rel, unsigned flags, struct fs_file **out)
{
    struct mem_drive *z = drv;
    const struct mem_entry *e = lookup(z, rel);
    if (!e)
        return strchr(rel, '\\') ? -DOSERR_PATH_NOT_FOUND : -DOSERR_FILE_NOT_FOUND;
    if (flags & (FS_O_WRITE | FS_O_CREATE | FS_O_TRUNC))
        return -DOSERR_ACCESS_DENIED;
    struct mem_file *f = xcalloc(1, sizeof *f);
    f->base.ops = &k_file_ops;
    f->base.id = (uint64_t)(uintptr_t)e;
    f->e = e;
    f->date = z->date;
    f->time = z->time;
    *out = &f->base;
    return 0;
}

static int md_stat(void *drv, const char *rel, struct fs_stat *st)
{
    struct mem_drive *z = drv;
    const struct mem_entry *e = lookup(z, rel);
    if (!e)
        return strchr(rel, '\\') ? -DOSERR_PATH_NOT_FOUND : -DOSERR_FILE_NOT_FOUND;
    entry_stat(z, e, st);
    return 0;
}

static int md_refuse(void *drv, const char *rel)
{
    UNUSED(drv);
    UNUSED(rel);
    return -DOSERR_ACCESS_DENIED;
}

static int md_rename(void *drv, const char *from, const char *to)
{
    UNUSED(drv);
    UNUSED(from);
    UNUSED(to);
    return -DOSERR_ACCESS_DENIED;
}

static int md_set_attr(void *drv, const char *rel, uint8_t attr)
{
    UNUSED(drv);
    UNUSED(rel);
    UNUSED(attr);
    return -DOSERR_ACCESS_DENIED;
}

static int md_find(void *drv, const char *rel_dir, const struct fs_find_spec *spec,
                   uint32_t *index, struct fs_found *out)
{
    struct mem_drive *z = drv;
    if (rel_dir[0])
        return -DOSERR_PATH_NOT_FOUND;
    for (uint32_t i = *index; i < z->n; i++) {
        const struct mem_entry *e = &z->files[i];
        if (!fs_fcb_match(spec->tmpl, e->fcb) || !fs_find_attr_ok(FS_ATTR_READONLY, spec->attr))
            continue;
        memcpy(out->name, e->name, sizeof out->name);
        entry_stat(z, e, &out->st);
        *index = i + 1;
        return 0;
    }
    *index = z->n;
    return -DOSERR_NO_MORE_FILES;
}

static int md_space(void *drv, struct fs_space *sp)
{
    struct mem_drive *z = drv;
    sp->total_bytes = 0;
    for (unsigned i = 0; i < z->n; i++)
        sp->total_bytes += z->files[i].size;
    sp->free_bytes = 0;
    return 0;
}

static void md_free(void *drv)
{
    struct mem_drive *z = drv;
    for (unsigned i = 0; i < z->n; i++)
        free(z->files[i].data);
    free(z);
}

const struct fs_drive_ops fs_mem_drive_ops = {
    .version = FS_DRIVE_OPS_VERSION,
    .open = md_open,
    .stat = md_stat,
    .unlink = md_refuse,
    .rename = md_rename,
    .mkdir = md_refuse,
    .rmdir = md_refuse,
    .set_attr = md_set_attr,
    .find = md_find,
    .space = md_space,
    .free = md_free,
};

void *fs_mem_drive_new(uint16_t dos_date, uint16_t dos_time)
{
    struct mem_drive *z = xcalloc(1, sizeof *z);
    z->date = dos_date;
    z->time = dos_time;
    return z;
}

int fs_mem_drive_add(void *drv, const char *dos_name, const uint8_t *data, uint32_t size)
{
    struct mem_drive *z = drv;
    if (z->n >= MEM_MAX_FILES || !fs_name_is_83(dos_name))
        return -DOSERR_CANNOT_MAKE;
    struct mem_entry *e = &z->files[z->n++];
    memcpy(e->name, dos_name, strlen(dos_name) + 1);
    fs_name_to_fcb(dos_name, e->fcb);
    e->data = xcalloc(1, size ? size : 1);
    memcpy(e->data, data, size);
    e->size = size;
    return 0;
}
