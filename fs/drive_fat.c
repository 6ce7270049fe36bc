/* FAT disk image backend: the drive operations over a FAT12/16/32 volume
 * of an image file, read-write in place. Names are the 8.3 names as
 * stored (long names are not shown, and are removed with their file);
 * nothing in an image names a host path, so nothing in it reaches the
 * host. Every changing call writes the FAT back before it returns. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/bytes.h"
#include "base/common.h"
#include "base/doserr.h"
#include "base/dostime.h"
#include "base/log.h"
#include "fs/fat_drive.h"

#define ATTR_CHANGEABLE (FS_ATTR_READONLY | FS_ATTR_HIDDEN | FS_ATTR_SYSTEM | FS_ATTR_ARCHIVE)

void fat_now(const struct fat_drive *d, uint16_t *date, uint16_t *time)
{
    fs_now(d->fs, date, time);
}

void fat_ent_stamp(uint8_t *ent, uint16_t date, uint16_t time)
{
    put_le16(ent + DIR_WRT_DATE, date);
    put_le16(ent + DIR_WRT_TIME, time);
    put_le16(ent + DIR_LST_ACC_DATE, date);
}

void fat_ent_stat(const struct fat_drive *d, const uint8_t *ent, const struct fat_loc *loc,
                  struct fs_stat *st)
{
    uint8_t attr = ent[DIR_ATTR];
    *st = (struct fs_stat){.attr = attr,
                           .size = attr & FS_ATTR_DIRECTORY ? 0 : get_le32(ent + DIR_FILE_SIZE),
                           .dos_date = get_le16(ent + DIR_WRT_DATE),
                           .dos_time = get_le16(ent + DIR_WRT_TIME),
                           .id = fat_entry_id(d, loc),
                           .cluster = fat_ent_cluster(d->v, ent)};
}

/* An unformatted floppy has no volume yet: it gets one once something
 * (FORMAT, DISKCOPY through INT 13h) wrote a boot sector. */
static void try_mount(struct fat_drive *d)
{
    char why[128];
    d->blank_gen = fs_disk_generation(d->disk);
    if (fat_mount(d->disk, d->base, d->count, d->readonly, &d->v, why, sizeof why) < 0) {
        d->v = NULL;
        return;
    }
    d->label[0] = 0;
    if (fat_dir_label(d->v, d->label, &d->label_date, &d->label_time) <= 0)
        memcpy(d->label, d->v->label, sizeof d->label);
    LOG(LOG_FS, "%s: a file system was written: mounted", fs_disk_path(d->disk));
}

int fat_begin(struct fat_drive *d)
{
    if (!d->v && fs_disk_generation(d->disk) != d->blank_gen)
        try_mount(d);
    if (!d->v)
        return -DOSERR_GENERAL_FAILURE; /* "General failure reading drive A" */
    return fat_sync(d->v);
}

int fat_end(struct fat_drive *d, int rc)
{
    int fl = fat_flush(d->v);
    return rc < 0 || fl == 0 ? rc : fl;
}

static int walk(struct fat_drive *d, const char *rel, struct fat_res *r)
{
    int rc = fat_begin(d);
    return rc < 0 ? rc : fat_walk(d->v, rel, r);
}

/* A new entry named r->name with attr, cluster c, stamped now. */
static void new_entry(struct fat_drive *d, const struct fat_res *r, uint8_t attr, uint32_t c,
                      uint8_t ent[DIR_ENTRY_BYTES])
{
    uint16_t date, time;
    memset(ent, 0, DIR_ENTRY_BYTES);
    memcpy(ent, r->name, FAT_NAME_BYTES);
    if (ent[0] == DIR_FREE)
        ent[0] = DIR_KANJI_E5;
    ent[DIR_ATTR] = attr;
    fat_now(d, &date, &time);
    put_le16(ent + DIR_CRT_DATE, date);
    put_le16(ent + DIR_CRT_TIME, time);
    fat_ent_stamp(ent, date, time);
    fat_ent_set_cluster(d->v, ent, c);
}

static int fd_open(void *drv, const char *rel, unsigned flags, struct fs_file **out)
{
    struct fat_drive *d = drv;
    struct fat_res r;
    int rc = walk(d, rel, &r);
    if (rc < 0)
        return rc;
    if (r.root)
        return -DOSERR_ACCESS_DENIED;
    if (r.found) {
        if (r.ent[DIR_ATTR] & FS_ATTR_DIRECTORY)
            return -DOSERR_ACCESS_DENIED;
        if (flags & FS_O_EXCL)
            return -DOSERR_FILE_EXISTS;
        if ((flags & (FS_O_WRITE | FS_O_TRUNC)) && (r.ent[DIR_ATTR] & FS_ATTR_READONLY))
            return -DOSERR_ACCESS_DENIED;
        return fat_file_open(d, &r, flags, out);
    }
    if (!(flags & FS_O_CREATE))
        return -DOSERR_FILE_NOT_FOUND;
    if (d->v->readonly)
        return -DOSERR_WRITE_PROTECTED;
    new_entry(d, &r, FS_ATTR_ARCHIVE, 0, r.ent);
    if ((rc = fat_dir_add(d->v, r.parent, r.ent, &r.loc)) < 0) /* a full directory: */
        return fat_end(d, rc == -DOSERR_HANDLE_DISK_FULL ? -DOSERR_ACCESS_DENIED : rc);
    r.found = true;
    return fat_file_open(d, &r, flags & ~(unsigned)FS_O_TRUNC, out);
}

static int fd_stat(void *drv, const char *rel, struct fs_stat *st)
{
    struct fat_drive *d = drv;
    struct fat_res r;
    int rc = walk(d, rel, &r);
    if (rc < 0)
        return rc;
    if (r.root) {
        *st = (struct fs_stat){.attr = FS_ATTR_DIRECTORY};
        return 0;
    }
    if (!r.found)
        return -DOSERR_FILE_NOT_FOUND;
    fat_ent_stat(d, r.ent, &r.loc, st);
    struct fat_node *n = fat_node_find(d, &r.loc);
    if (n)
        st->size = n->size;
    return 0;
}

static int fd_unlink(void *drv, const char *rel)
{
    struct fat_drive *d = drv;
    struct fat_res r;
    int rc = walk(d, rel, &r);
    if (rc < 0)
        return rc;
    if (!r.found)
        return -DOSERR_FILE_NOT_FOUND;
    if (r.ent[DIR_ATTR] & (FS_ATTR_DIRECTORY | FS_ATTR_READONLY))
        return -DOSERR_ACCESS_DENIED;
    struct fat_node *n = fat_node_find(d, &r.loc);
    uint32_t first = n ? n->first : fat_ent_cluster(d->v, r.ent);
    if (n) {
        n->deleted = true;
        n->first = 0;
        n->size = 0;
    }
    rc = fat_dir_remove(d->v, &r.loc);
    if (rc == 0 && first)
        rc = fat_free_chain(d->v, first);
    return fat_end(d, rc);
}

/* Point ".." of moved directory dir at its new parent. */
static int reparent(struct fat_drive *d, uint32_t dir, uint32_t parent)
{
    uint8_t name[FAT_NAME_BYTES], ent[DIR_ENTRY_BYTES];
    struct fat_loc l;
    memcpy(name, "..         ", FAT_NAME_BYTES);
    int rc = fat_dir_lookup(d->v, dir, name, &l, ent);
    if (rc <= 0)
        return rc;
    fat_ent_set_cluster(d->v, ent, parent == fat_root(d->v) ? 0 : parent);
    return fat_dir_put(d->v, &l, ent);
}

static int fd_rename(void *drv, const char *from, const char *to)
{
    struct fat_drive *d = drv;
    struct fat_res a, b;
    size_t n = strlen(from);
    int rc = walk(d, from, &a);
    if (rc == 0)
        rc = fat_walk(d->v, to, &b);
    if (rc < 0)
        return rc;
    if (!a.found)
        return -DOSERR_FILE_NOT_FOUND;
    if (b.found || b.root || (!strncmp(to, from, n) && to[n] == '\\'))
        return -DOSERR_ACCESS_DENIED; /* DOS never replaces; no directory into itself */
    uint8_t ent[DIR_ENTRY_BYTES];
    struct fat_loc l;
    memcpy(ent, a.ent, sizeof ent);
    memcpy(ent, b.name, FAT_NAME_BYTES);
    if (ent[0] == DIR_FREE)
        ent[0] = DIR_KANJI_E5;
    if ((rc = fat_dir_add(d->v, b.parent, ent, &l)) < 0)
        return fat_end(d, rc);
    rc = fat_dir_remove(d->v, &a.loc);
    struct fat_node *node = fat_node_find(d, &a.loc);
    if (node)
        node->loc = l;
    if (rc == 0 && (ent[DIR_ATTR] & FS_ATTR_DIRECTORY) && a.parent != b.parent)
        rc = reparent(d, fat_ent_cluster(d->v, ent), b.parent);
    return fat_end(d, rc);
}

static int fd_mkdir(void *drv, const char *rel)
{
    struct fat_drive *d = drv;
    struct fat_res r;
    uint8_t ent[DIR_ENTRY_BYTES], dot[DIR_ENTRY_BYTES];
    uint32_t c;
    struct fat_loc l;
    int rc = walk(d, rel, &r);
    if (rc < 0)
        return rc;
    if (r.found || r.root)
        return -DOSERR_ACCESS_DENIED;
    if ((rc = fat_alloc(d->v, 0, &c)) < 0)
        return fat_end(d, rc == -DOSERR_HANDLE_DISK_FULL ? -DOSERR_ACCESS_DENIED : rc);
    rc = fat_zero_cluster(d->v, c);
    new_entry(d, &r, FS_ATTR_DIRECTORY, c, ent);
    memcpy(dot, ent, sizeof dot);
    memcpy(dot, ".          ", FAT_NAME_BYTES);
    if (rc == 0)
        rc = fat_dir_add(d->v, c, dot, &l);
    memcpy(dot, "..         ", FAT_NAME_BYTES);
    fat_ent_set_cluster(d->v, dot, r.parent == fat_root(d->v) ? 0 : r.parent);
    if (rc == 0)
        rc = fat_dir_add(d->v, c, dot, &l);
    if (rc == 0)
        rc = fat_dir_add(d->v, r.parent, ent, &l);
    if (rc < 0)
        fat_free_chain(d->v, c);
    return fat_end(d, rc);
}

static int fd_rmdir(void *drv, const char *rel)
{
    struct fat_drive *d = drv;
    struct fat_res r;
    int rc = walk(d, rel, &r);
    if (rc < 0)
        return rc;
    if (!r.found || !(r.ent[DIR_ATTR] & FS_ATTR_DIRECTORY))
        return -DOSERR_PATH_NOT_FOUND;
    uint32_t c = fat_ent_cluster(d->v, r.ent);
    if (!c)
        return fat_damaged(d->v, "directory without a cluster, entry", r.loc.idx);
    if ((rc = fat_dir_empty(d->v, c)) <= 0)
        return rc < 0 ? rc : -DOSERR_ACCESS_DENIED;
    rc = fat_dir_remove(d->v, &r.loc);
    if (rc == 0)
        rc = fat_free_chain(d->v, c);
    return fat_end(d, rc);
}

static int fd_set_attr(void *drv, const char *rel, uint8_t attr)
{
    struct fat_drive *d = drv;
    struct fat_res r;
    int rc = walk(d, rel, &r);
    if (rc < 0)
        return rc;
    if (!r.found)
        return -DOSERR_FILE_NOT_FOUND;
    bool dir = r.ent[DIR_ATTR] & FS_ATTR_DIRECTORY;
    if ((attr & FS_ATTR_VOLUME) || (!dir && (attr & FS_ATTR_DIRECTORY)))
        return -DOSERR_ACCESS_DENIED;
    r.ent[DIR_ATTR] = (uint8_t)((r.ent[DIR_ATTR] & ~ATTR_CHANGEABLE) |
                                (attr & ATTR_CHANGEABLE));
    return fat_end(d, fat_dir_put(d->v, &r.loc, r.ent));
}

static int fd_find(void *drv, const char *rel_dir, const struct fs_find_spec *spec,
                   uint32_t *index, struct fs_found *out)
{
    struct fat_drive *d = drv;
    struct fat_res r;
    int rc = walk(d, rel_dir, &r);
    if (rc < 0)
        return rc;
    if (!r.root && (!r.found || !(r.ent[DIR_ATTR] & FS_ATTR_DIRECTORY)))
        return -DOSERR_PATH_NOT_FOUND;
    uint32_t dir = fat_dir_of(d->v, &r);
    if (*index == 0 && dir && (rc = fat_chain_check(d->v, dir, 1)) < 0)
        return rc;
    for (;; (*index)++) {
        struct fat_loc l;
        uint8_t *e, name[FAT_NAME_BYTES], ent[DIR_ENTRY_BYTES];
        rc = fat_dir_entry(d->v, dir, *index, &l, &e);
        if (rc == 0 && e[0] == DIR_END)
            rc = -DOSERR_NO_MORE_FILES;
        if (rc < 0)
            return rc;
        if (!fat_ent_is_file(e) || e[0] == '.')
            continue;
        fat_ent_name(e, name);
        if (!fs_fcb_match(spec->tmpl, name) || !fs_find_attr_ok(e[DIR_ATTR], spec->attr))
            continue;
        memcpy(ent, e, sizeof ent); /* the check below may evict e's sector */
        if ((rc = fat_dir_shadowed(d->v, &l, ent)) < 0)
            return rc;
        if (rc) /* its name opens another entry (the first of the name): not this one */
            continue;
        fs_fcb_to_name(name, out->name);
        fat_ent_stat(d, ent, &l, &out->st);
        (*index)++;
        return 0;
    }
}

static int fd_space(void *drv, struct fs_space *sp)
{
    struct fat_drive *d = drv;
    int rc = fat_begin(d);
    if (rc < 0)
        return rc;
    uint64_t cb = fat_cluster_bytes(d->v);
    sp->total_bytes = (uint64_t)d->v->g.nclusters * cb;
    sp->free_bytes = d->v->readonly ? 0 : (uint64_t)d->v->nfree * cb;
    return rc;
}

/* The volume of a disk without a file system: the whole disk, no FAT. */
static int blank_volume(struct fat_drive *d, struct fs_volume *vi)
{
    *vi = (struct fs_volume){.disk = d->disk,
                             .first_sector = d->base,
                             .total_sectors = (uint32_t)MIN(d->count, (uint64_t)UINT32_MAX),
                             .fat_bits = FAT_12,
                             .spc = 1,
                             .removable = fs_disk_is_floppy(d->disk)};
    return 0;
}

static int fd_volume(void *drv, struct fs_volume *vi)
{
    struct fat_drive *d = drv;
    int rc = fat_begin(d);
    if (!d->v)
        return blank_volume(d, vi);
    const struct fat_geom *g = &d->v->g;
    *vi = (struct fs_volume){.disk = d->v->disk,
                             .first_sector = d->v->base,
                             .total_sectors = g->total_sectors,
                             .fat_bits = (uint8_t)g->type,
                             .media = g->media,
                             .spc = g->spc,
                             .reserved = g->reserved,
                             .nfats = g->nfats,
                             .fat_sectors = g->fat_sectors,
                             .root_entries = g->root_entries,
                             .root_sector = g->root_sector,
                             .data_sector = g->data_sector,
                             .nclusters = g->nclusters,
                             .free_clusters = d->v->nfree,
                             .spt = g->spt,
                             .heads = g->heads,
                             .hidden = g->hidden,
                             .serial = g->serial,
                             .removable = fs_disk_is_floppy(d->v->disk)};
    memcpy(vi->label, d->label, sizeof vi->label);
    vi->label_date = d->label_date;
    vi->label_time = d->label_time;
    return rc;
}

static void fd_free(void *drv)
{
    struct fat_drive *d = drv;
    while (d->nodes) { /* files the DOS layer did not close */
        struct fat_node *n = d->nodes;
        d->nodes = n->next;
        free(n);
    }
    fat_unmount(d->v);
    fs_disk_unref(d->disk);
    free(d);
}

const struct fs_drive_ops fs_fat_drive_ops = {
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
    .free = fd_free,
    .volume = fd_volume,
};

int fs_fat_drive_new(struct fs *f, struct fs_disk *disk, uint64_t base, uint64_t nsectors,
                     unsigned flags, void **drv, char *why, size_t cap)
{
    struct fat_vol *v = NULL;
    bool readonly = flags & FS_FAT_READONLY;
    int rc = fat_mount(disk, base, nsectors, readonly, &v, why, cap);
    if (rc < 0 && !(flags & FS_FAT_BLANK_OK))
        return rc;
    struct fat_drive *d = xcalloc(1, sizeof *d);
    d->fs = f;
    d->disk = fs_disk_ref(disk);
    d->base = base;
    d->count = nsectors;
    d->readonly = readonly;
    d->blank_gen = fs_disk_generation(disk);
    d->v = rc < 0 ? NULL : v;
    if (d->v && fat_dir_label(v, d->label, &d->label_date, &d->label_time) <= 0)
        memcpy(d->label, v->label, sizeof d->label);
    *drv = d;
    return 0;
}

const char *fs_fat_drive_label(void *drv)
{
    return ((struct fat_drive *)drv)->label;
}
