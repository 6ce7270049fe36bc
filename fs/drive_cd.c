/* CD-ROM drive backend: the ISO 9660 file system of a CD image's data
 * track, read-only. libiso9660 reads the directories (primary volume
 * descriptor only: Joliet and Rock Ridge are ignored, as MSCDEX does);
 * file data comes from the image by sector (fs/cdimage.c). Directories
 * become DOS listings once, when first used; names longer than 8.3 (ISO
 * level 2) get ~N aliases. Nothing on the disc names a host file.
 * libiso9660 opens the image by its path and reads it without O_NOATIME,
 * so the access time it moves is put back after each of its reads (a CD
 * image is a read-only mount: its times stay as they were).
 * libiso9660 (and libcdio under it) is opened with dlopen when a first CD
 * image is mounted: two shared libraries every other start does not load. */
#include <cdio/iso9660.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "base/common.h"
#include "base/doserr.h"
#include "base/dostime.h"
#include "base/dynlib.h"
#include "base/log.h"
#include "fs/cd_impl.h"
#include "fs/dirlist.h"
#include "fs/drive.h"

/* clang-format off */
#define ISO_FUNCS(X)                                                                           \
    X(iso9660_open_fuzzy_ext) X(iso9660_close) X(iso9660_ifs_readdir) X(iso9660_ifs_stat)      \
    X(iso9660_stat_free) X(iso9660_filelist_free) X(iso9660_ifs_get_volume_id)                 \
    X(_cdio_list_begin) X(_cdio_list_node_next) X(_cdio_list_node_data)
/* clang-format on */

static struct {
    void *lib;
    ISO_FUNCS(DYNLIB_MEMBER)
} g_iso;

static bool load_iso(char *why, size_t cap)
{
#define ISO_SLOT_(name) (void **)&g_iso.name,
    static const char *const names[] = {ISO_FUNCS(DYNLIB_NAME)};
    void **const fns[] = {ISO_FUNCS(ISO_SLOT_)};
#undef ISO_SLOT_
    return dynlib_load(&g_iso.lib, UNIDOS_ISO9660_SONAME, names, fns, ARRAY_LEN(names), why,
                       cap);
}

#define CD_ATTR (FS_ATTR_READONLY | FS_ATTR_ARCHIVE)
#define CD_DIR_FLAG 0x80000000u /* fs_dirent.aux: a directory index */
#define ISO_FUZZ 64
#define LABEL_MAX 11
#define CD_DIRS_MAX 65536u /* directories read per disc */

struct cd_ent {
    uint32_t lsn, size;
    uint16_t date, time;
};

struct cd_dir {
    char *iso_path; /* "/" or "/DIR/SUB/" in on-disc names */
    bool read;
    struct fs_dirlist list; /* aux: CD_DIR_FLAG | dir index, or an entry index */
    struct cd_ent self;
};

struct cd_drive {
    struct fs_cd *cd;
    iso9660_t *iso;
    const char *path;      /* the data track's file (fs_cd owns it) */
    struct timespec atime; /* its access time before libiso9660 read it */
    bool atime_known;
    struct cd_dir *dirs;
    size_t ndirs, dircap;
    struct cd_ent *ents;
    size_t nents, entcap;
};

struct cd_file {
    struct fs_file base;
    struct cd_drive *d;
    struct cd_ent e;
    uint32_t pos;
};

/* ---- directories ---- */

/* The on-disc name as DOS shows it: no ";1" version, no trailing dot. */
static void dos_name(const char *iso, char *out, size_t cap)
{
    size_t n = strcspn(iso, ";");
    n = MIN(n, cap - 1);
    memcpy(out, iso, n);
    out[n] = 0;
    while (n && out[n - 1] == '.')
        out[--n] = 0;
}

static void ent_time(const struct tm *tm, struct cd_ent *e)
{
    e->date = tm->tm_year >= 80 ? dos_date_of_tm(tm) : dos_date_pack(1980, 1, 1);
    e->time = dos_time_of_tm(tm);
}

static size_t add_dir(struct cd_drive *d, const char *path, const iso9660_stat_t *st)
{
    d->dirs = xgrow(d->dirs, d->ndirs, &d->dircap, 8, sizeof *d->dirs);
    struct cd_dir *dir = &d->dirs[d->ndirs];
    memset(dir, 0, sizeof *dir);
    dir->iso_path = xstrdup(path);
    if (st) {
        dir->self.lsn = st->lsn;
        ent_time(&st->tm, &dir->self);
    }
    return d->ndirs++;
}

static void add_item(struct cd_drive *d, size_t di, const iso9660_stat_t *st,
                     struct fs_dl_item **items, size_t *n, size_t *cap)
{
    char name[256];
    dos_name(st->filename, name, sizeof name);
    if (!name[0] || !strcmp(name, ".") || !strcmp(name, ".."))
        return;
    uint32_t aux;
    if (st->type == _STAT_DIR) {
        if (d->ndirs >= CD_DIRS_MAX)
            return;
        char *p = xasprintf("%s%s/", d->dirs[di].iso_path, st->filename);
        aux = CD_DIR_FLAG | (uint32_t)add_dir(d, p, st);
        free(p);
    } else {
        d->ents = xgrow(d->ents, d->nents, &d->entcap, 64, sizeof *d->ents);
        d->ents[d->nents] = (struct cd_ent){.lsn = st->lsn, .size = st->size};
        ent_time(&st->tm, &d->ents[d->nents]);
        aux = (uint32_t)d->nents++;
    }
    *items = xgrow(*items, *n, cap, 16, sizeof **items);
    (*items)[(*n)++] = (struct fs_dl_item){.host = xstrdup(name),
                                           .attr = st->type == _STAT_DIR ? FS_ATTR_DIRECTORY
                                                                         : CD_ATTR,
                                           .aux = aux};
}

/* Put the image's access time back after libiso9660 read it (possible
 * for files the user owns, as O_NOATIME). Only when it moved: setting it
 * changes the inode's change time. */
static void keep_atime(const struct cd_drive *d)
{
    struct stat st;
    if (!d->atime_known || stat(d->path, &st) < 0 ||
        (st.st_atim.tv_sec == d->atime.tv_sec && st.st_atim.tv_nsec == d->atime.tv_nsec))
        return;
    struct timespec ts[2] = {d->atime, {.tv_nsec = UTIME_OMIT}};
    utimensat(AT_FDCWD, d->path, ts, 0);
}

/* Read directory di from the disc the first time it is used. */
static int load_dir(struct cd_drive *d, size_t di)
{
    if (d->dirs[di].read)
        return 0;
    char *path = xstrdup(d->dirs[di].iso_path);
    CdioList_t *l = g_iso.iso9660_ifs_readdir(d->iso, path);
    keep_atime(d);
    d->dirs[di].read = true;
    if (!l) {
        LOG(LOG_FS, "CD: cannot read directory %s", path);
        free(path);
        return -DOSERR_READ_FAULT;
    }
    struct fs_dl_item *items = NULL;
    size_t n = 0, cap = 0;
    for (CdioListNode_t *node = g_iso._cdio_list_begin(l); node;
         node = g_iso._cdio_list_node_next(node))
        add_item(d, di, g_iso._cdio_list_node_data(node), &items, &n, &cap);
    g_iso.iso9660_filelist_free(l);
    fs_dl_merge(&d->dirs[di].list, items, n);
    for (size_t i = 0; i < n; i++)
        free((void *)(uintptr_t)items[i].host);
    free(items);
    free(path);
    return 0;
}

/* The entry rel names: *dir its directory, *slot its index (-2: the root). */
static int lookup(struct cd_drive *d, const char *rel, size_t *dir, long *slot)
{
    char part[FS_NAME83_MAX];
    *dir = 0;
    *slot = -2;
    while (*rel) {
        size_t n = strcspn(rel, "\\");
        int rc = load_dir(d, *dir);
        if (rc < 0)
            return rc;
        if (n >= sizeof part)
            return -DOSERR_PATH_NOT_FOUND;
        memcpy(part, rel, n);
        part[n] = 0;
        *slot = fs_dl_find(&d->dirs[*dir].list, part);
        if (!rel[n])
            return 0;
        if (*slot < 0)
            return -DOSERR_PATH_NOT_FOUND;
        uint32_t aux = d->dirs[*dir].list.e[*slot].aux;
        if (!(aux & CD_DIR_FLAG))
            return -DOSERR_PATH_NOT_FOUND;
        *dir = aux & ~CD_DIR_FLAG;
        rel += n + 1;
    }
    return 0;
}

static void entry_stat(const struct cd_drive *d, const struct fs_dirent *e, struct fs_stat *st)
{
    const struct cd_ent *ce = e->aux & CD_DIR_FLAG ? &d->dirs[e->aux & ~CD_DIR_FLAG].self
                                                   : &d->ents[e->aux];
    *st = (struct fs_stat){.attr = e->attr,
                           .size = e->aux & CD_DIR_FLAG ? 0 : ce->size,
                           .dos_date = ce->date,
                           .dos_time = ce->time,
                           .id = ((uint64_t)(uintptr_t)d << 1) ^ ((uint64_t)ce->lsn << 32 | 1),
                           .cluster = ce->lsn};
}

/* ---- files ---- */

static int cf_read(struct fs_file *fl, void *buf, uint32_t n)
{
    struct cd_file *f = (struct cd_file *)fl;
    uint8_t sec[FS_CD_DATA_BYTES];
    uint32_t done = 0;
    n = f->pos >= f->e.size ? 0 : MIN(n, f->e.size - f->pos);
    while (done < n) {
        uint32_t at = f->pos + done,
                 k = MIN(n - done, FS_CD_DATA_BYTES - at % FS_CD_DATA_BYTES);
        int rc = fs_cd_read_data(f->d->cd, f->e.lsn + at / FS_CD_DATA_BYTES, sec);
        if (rc < 0) {
            f->pos += done;
            return done ? (int)done : rc;
        }
        memcpy((uint8_t *)buf + done, sec + at % FS_CD_DATA_BYTES, k);
        done += k;
    }
    f->pos += done;
    return (int)done;
}

static int cf_refuse(struct fs_file *fl)
{
    UNUSED(fl);
    return -DOSERR_ACCESS_DENIED;
}

static int cf_write(struct fs_file *fl, const void *buf, uint32_t n)
{
    UNUSED(buf);
    UNUSED(n);
    return cf_refuse(fl);
}

static int cf_seek(struct fs_file *fl, int64_t off, enum fs_whence whence, uint32_t *pos)
{
    struct cd_file *f = (struct cd_file *)fl;
    int64_t base = whence == FS_SEEK_SET ? 0 : whence == FS_SEEK_CUR ? f->pos : f->e.size;
    if (base + off < 0)
        return -DOSERR_SEEK_ERROR;
    f->pos = (uint32_t)MIN(base + off, (int64_t)UINT32_MAX);
    *pos = f->pos;
    return 0;
}

static int cf_fstat(struct fs_file *fl, struct fs_stat *st)
{
    struct cd_file *f = (struct cd_file *)fl;
    *st = (struct fs_stat){.attr = CD_ATTR,
                           .size = f->e.size,
                           .dos_date = f->e.date,
                           .dos_time = f->e.time,
                           .id = fl->id,
                           .cluster = f->e.lsn};
    return 0;
}

static int cf_set_ftime(struct fs_file *fl, uint16_t date, uint16_t time)
{
    UNUSED(date);
    UNUSED(time);
    return cf_refuse(fl);
}

static int cf_commit(struct fs_file *fl)
{
    UNUSED(fl);
    return 0;
}

static void cf_close(struct fs_file *fl)
{
    free(fl);
}

static const struct fs_file_ops k_cd_file_ops = {
    .read = cf_read,
    .write = cf_write,
    .seek = cf_seek,
    .truncate = cf_refuse,
    .fstat = cf_fstat,
    .set_ftime = cf_set_ftime,
    .commit = cf_commit,
    .close = cf_close,
};

/* ---- the drive ---- */

static int cd_open(void *drv, const char *rel, unsigned flags, struct fs_file **out)
{
    struct cd_drive *d = drv;
    size_t dir;
    long slot;
    int rc = lookup(d, rel, &dir, &slot);
    if (rc < 0)
        return rc;
    if (slot < 0)
        return slot == -2            ? -DOSERR_ACCESS_DENIED
               : flags & FS_O_CREATE ? -DOSERR_ACCESS_DENIED
                                     : -DOSERR_FILE_NOT_FOUND;
    const struct fs_dirent *e = &d->dirs[dir].list.e[slot];
    if ((e->aux & CD_DIR_FLAG) || (flags & (FS_O_WRITE | FS_O_CREATE | FS_O_TRUNC)))
        return -DOSERR_ACCESS_DENIED;
    struct cd_file *f = xcalloc(1, sizeof *f);
    struct fs_stat st;
    entry_stat(d, e, &st);
    f->base.ops = &k_cd_file_ops;
    f->base.id = st.id;
    f->d = d;
    f->e = d->ents[e->aux];
    *out = &f->base;
    return 0;
}

static int cd_stat(void *drv, const char *rel, struct fs_stat *st)
{
    struct cd_drive *d = drv;
    size_t dir;
    long slot;
    int rc = lookup(d, rel, &dir, &slot);
    if (rc < 0)
        return rc;
    if (slot == -2) {
        *st = (struct fs_stat){.attr = FS_ATTR_DIRECTORY,
                               .dos_date = d->dirs[0].self.date,
                               .dos_time = d->dirs[0].self.time};
        return 0;
    }
    if (slot < 0)
        return -DOSERR_FILE_NOT_FOUND;
    entry_stat(d, &d->dirs[dir].list.e[slot], st);
    return 0;
}

static int cd_refuse(void *drv, const char *rel)
{
    UNUSED(drv);
    UNUSED(rel);
    return -DOSERR_ACCESS_DENIED;
}

static int cd_rename(void *drv, const char *from, const char *to)
{
    UNUSED(to);
    return cd_refuse(drv, from);
}

static int cd_set_attr(void *drv, const char *rel, uint8_t attr)
{
    UNUSED(attr);
    return cd_refuse(drv, rel);
}

static int cd_find(void *drv, const char *rel_dir, const struct fs_find_spec *spec,
                   uint32_t *index, struct fs_found *out)
{
    struct cd_drive *d = drv;
    size_t dir;
    long slot;
    int rc = lookup(d, rel_dir, &dir, &slot);
    if (rc < 0)
        return rc;
    if (slot >= 0) {
        uint32_t aux = d->dirs[dir].list.e[slot].aux;
        if (!(aux & CD_DIR_FLAG))
            return -DOSERR_PATH_NOT_FOUND;
        dir = aux & ~CD_DIR_FLAG;
    } else if (slot == -1) {
        return -DOSERR_PATH_NOT_FOUND;
    }
    if ((rc = load_dir(d, dir)) < 0)
        return rc;
    const struct fs_dirlist *l = &d->dirs[dir].list;
    for (; *index < l->n; (*index)++) {
        uint8_t fcb[FS_FCB_NAME_BYTES];
        if (l->e[*index].flags & FS_DE_REMOVED)
            continue;
        fs_name_to_fcb(l->e[*index].dos, fcb);
        if (!fs_fcb_match(spec->tmpl, fcb) || !fs_find_attr_ok(l->e[*index].attr, spec->attr))
            continue;
        entry_stat(d, &l->e[*index], &out->st);
        memcpy(out->name, l->e[*index].dos, sizeof out->name);
        (*index)++;
        return 0;
    }
    return -DOSERR_NO_MORE_FILES;
}

static int cd_space(void *drv, struct fs_space *sp)
{
    struct cd_drive *d = drv;
    sp->total_bytes = (uint64_t)fs_cd_leadout(d->cd) * FS_CD_DATA_BYTES;
    sp->free_bytes = 0;
    return 0;
}

static int cd_volume(void *drv, struct fs_volume *vi)
{
    struct cd_drive *d = drv;
    *vi = (struct fs_volume){.total_sectors = fs_cd_leadout(d->cd),
                             .cd = d->cd,
                             .removable = true};
    return 0;
}

static void cd_free(void *drv)
{
    struct cd_drive *d = drv;
    for (size_t i = 0; i < d->ndirs; i++) {
        fs_dl_free(&d->dirs[i].list);
        free(d->dirs[i].iso_path);
    }
    free(d->dirs);
    free(d->ents);
    if (d->iso)
        g_iso.iso9660_close(d->iso);
    fs_cd_free(d->cd);
    free(d);
}

const struct fs_drive_ops fs_cd_drive_ops = {
    .version = FS_DRIVE_OPS_VERSION,
    .open = cd_open,
    .stat = cd_stat,
    .unlink = cd_refuse,
    .rename = cd_rename,
    .mkdir = cd_refuse,
    .rmdir = cd_refuse,
    .set_attr = cd_set_attr,
    .find = cd_find,
    .space = cd_space,
    .free = cd_free,
    .volume = cd_volume,
};

static void volume_label(iso9660_t *iso, char label[12])
{
    cdio_utf8_t *id = NULL;
    size_t n = 0;
    label[0] = 0;
    if (!g_iso.iso9660_ifs_get_volume_id(iso, &id) || !id)
        return;
    for (const char *p = id; *p && n < LABEL_MAX; p++)
        if ((uint8_t)*p >= ' ' && (uint8_t)*p < 0x7F)
            label[n++] = (char)fs_upcase((uint8_t)*p);
    while (n && label[n - 1] == ' ')
        n--;
    label[n] = 0;
    free(id);
}

int fs_cd_drive_new(struct fs_cd *cd, void **drv, char label[12], char *why, size_t cap)
{
    const char *path;
    uint64_t offset;
    const struct fs_cd_track *t0 = fs_cd_track(cd, 0);
    if (fs_cd_data_file(cd, &path, &offset) < 0 || t0->audio || t0->start != 0) {
        snprintf(why, cap, "no ISO 9660 data track at the start of the disc");
        fs_cd_free(cd);
        return -DOSERR_INVALID_DATA;
    }
    if (!load_iso(why, cap)) {
        fs_cd_free(cd);
        return -DOSERR_INVALID_DATA;
    }
    struct cd_drive *d = xcalloc(1, sizeof *d);
    d->cd = cd;
    d->path = path;
    struct stat st = {0};
    d->atime_known = stat(path, &st) == 0;
    d->atime = st.st_atim;
    d->iso = g_iso.iso9660_open_fuzzy_ext(path, ISO_EXTENSION_NONE, ISO_FUZZ);
    if (!d->iso) {
        keep_atime(d);
        snprintf(why, cap, "%s: no ISO 9660 file system in the data track", path);
        cd_free(d);
        return -DOSERR_INVALID_DATA;
    }
    add_dir(d, "/", NULL);
    iso9660_stat_t *root = g_iso.iso9660_ifs_stat(d->iso, "/");
    if (root) {
        d->dirs[0].self.lsn = root->lsn;
        ent_time(&root->tm, &d->dirs[0].self);
        g_iso.iso9660_stat_free(root);
    }
    volume_label(d->iso, label);
    keep_atime(d);
    *drv = d;
    return 0;
}

struct fs_cd *fs_cd_drive_image(void *drv)
{
    return ((struct cd_drive *)drv)->cd;
}
