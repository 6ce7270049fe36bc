/* Zip file backend (read-only): the central directory becomes a tree of
 * DOS directories with 8.3 names; members are inflated by minizip into
 * memory when opened. Member paths are only names here, never host paths,
 * so nothing in a zip can reach outside it. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <unzip.h>

#include "base/common.h"
#include "base/dynlib.h"
#include "base/doserr.h"
#include "base/dostime.h"
#include "base/log.h"
#include "base/stop.h"
#include "fs/dirlist.h"
#include "fs/drive.h"
#include "fs/path.h"

/* minizip, opened with dlopen at the first zip mount (base/dynlib.c): one
 * shared library fewer at every other start. */
/* clang-format off */
#define UNZ_FUNCS(X)                                                                           \
    X(fill_fopen64_filefunc) X(unzOpen2_64) X(unzClose) X(unzGoToFirstFile)                    \
    X(unzGoToNextFile) X(unzGetCurrentFileInfo64) X(unzGetFilePos64) X(unzGoToFilePos64)       \
    X(unzOpenCurrentFile) X(unzReadCurrentFile) X(unzCloseCurrentFile)
/* clang-format on */

static struct {
    void *lib;
    UNZ_FUNCS(DYNLIB_MEMBER)
} g_unz;

static bool load_unz(char *why, size_t cap)
{
#define UNZ_SLOT_(name) (void **)&g_unz.name,
    static const char *const names[] = {UNZ_FUNCS(DYNLIB_NAME)};
    void **const fns[] = {UNZ_FUNCS(UNZ_SLOT_)};
#undef UNZ_SLOT_
    return dynlib_load(&g_unz.lib, UNIDOS_MINIZIP_SONAME, names, fns, ARRAY_LEN(names), why,
                       cap);
}

#define ZIP_DIR_FLAG 0x80000000u /* fs_dirent.aux: a directory index */
#define ZIP_NAME_MAX 1024
#define ZIP_FILE_MAX 0x7FFFFFFFu
/* Open members are inflated into host memory. Buffers grow with the data
 * actually inflated (never with the size a header claims), and one drive
 * holds at most ZIP_HELD_MAX bytes of them: a guest cannot make the host
 * allocate more by opening members, big or many. */
#define ZIP_HELD_MAX (256u << 20)
#define ZIP_FIRST_CHUNK (64u << 10)
#define ZIP_GROW_MIN 8

struct zip_member {
    unz64_file_pos pos;
    uint32_t size;
    uint16_t date, time;
};

/* A name of a directory while the tree is built; seq orders duplicates
 * (the first one in the zip wins). */
struct zip_item {
    struct fs_dl_item it;
    size_t seq;
};

struct zip_dir {
    char *path; /* member path prefix: "" or "a/b" */
    struct fs_dirlist list;
    struct zip_item *items; /* while building */
    size_t nitems, cap;
};

struct zip_drive {
    unzFile uf;
    struct zip_member *m;
    size_t nm, mcap;
    struct zip_dir *dirs;
    size_t ndirs, dcap;
    uint32_t *dir_hash; /* while building: path -> index + 1, open addressing */
    size_t hcap;
    size_t seq;          /* names added so far */
    uint16_t date, time; /* of the zip file: for directories */
    uint64_t held;       /* bytes of inflated members now open */
};

struct zip_file {
    struct fs_file base;
    struct zip_drive *z;
    uint8_t *data;
    uint32_t size, pos;
    uint16_t date, time;
};

/* ---- building the tree ----
 * Linear in the members (a zip of 60,000 names took seconds when each
 * name was compared with every other): directories are found by hash,
 * names are deduplicated by sorting each directory once at the end. */

static size_t dir_index(struct zip_drive *z, const char *path);

static void dir_add_item(struct zip_drive *z, struct zip_dir *d, const char *name, uint8_t attr,
                         uint32_t aux)
{
    d->items = xgrow(d->items, d->nitems, &d->cap, ZIP_GROW_MIN, sizeof *d->items);
    d->items[d->nitems++] = (struct zip_item){
        .it = {.host = xstrdup(name), .attr = attr, .aux = aux}, .seq = z->seq++};
}

static uint32_t path_hash(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (uint8_t)*s) * 16777619u;
    return h;
}

static void hash_put(struct zip_drive *z, size_t k)
{
    size_t i = path_hash(z->dirs[k].path) & (z->hcap - 1);
    while (z->dir_hash[i])
        i = (i + 1) & (z->hcap - 1);
    z->dir_hash[i] = (uint32_t)k + 1;
}

/* Keep the table at most half full. */
static void hash_grow(struct zip_drive *z)
{
    if (z->ndirs * 2 < z->hcap)
        return;
    free(z->dir_hash);
    z->hcap = z->hcap ? z->hcap * 2 : 64;
    z->dir_hash = xcalloc(z->hcap, sizeof *z->dir_hash);
    for (size_t k = 0; k < z->ndirs; k++)
        hash_put(z, k);
}

static long dir_find(const struct zip_drive *z, const char *path)
{
    if (!z->hcap)
        return -1;
    for (size_t i = path_hash(path) & (z->hcap - 1); z->dir_hash[i];
         i = (i + 1) & (z->hcap - 1))
        if (!strcmp(z->dirs[z->dir_hash[i] - 1].path, path))
            return (long)z->dir_hash[i] - 1;
    return -1;
}

/* Index of directory path, created (with its parents) when new. */
static size_t dir_index(struct zip_drive *z, const char *path)
{
    long found = dir_find(z, path);
    if (found >= 0)
        return (size_t)found;
    z->dirs = xgrow(z->dirs, z->ndirs, &z->dcap, ZIP_GROW_MIN, sizeof *z->dirs);
    size_t k = z->ndirs++;
    memset(&z->dirs[k], 0, sizeof z->dirs[k]);
    z->dirs[k].path = xstrdup(path);
    hash_grow(z);
    hash_put(z, k);
    if (path[0]) {
        char parent[ZIP_NAME_MAX];
        snprintf(parent, sizeof parent, "%s", path);
        char *slash = strrchr(parent, '/');
        const char *base = slash ? slash + 1 : path;
        if (slash)
            *slash = 0;
        else
            parent[0] = 0;
        size_t p = dir_index(z, parent);
        dir_add_item(z, &z->dirs[p], base, FS_ATTR_DIRECTORY, ZIP_DIR_FLAG | (uint32_t)k);
    }
    return k;
}

static int item_cmp(const void *a, const void *b)
{
    const struct zip_item *x = a, *y = b;
    int c = strcmp(x->it.host, y->it.host);
    if (c)
        return c;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The directory's names, each once (a directory named explicitly and
 * implied by its members; a member stored twice: the first), as a listing. */
static void dir_finish(struct zip_dir *d)
{
    size_t n = 0;
    if (d->nitems) /* an empty directory has no array: qsort wants one */
        qsort(d->items, d->nitems, sizeof *d->items, item_cmp);
    struct fs_dl_item *list = xcalloc(d->nitems ? d->nitems : 1, sizeof *list);
    for (size_t i = 0; i < d->nitems; i++)
        if (!n || strcmp(list[n - 1].host, d->items[i].it.host))
            list[n++] = d->items[i].it;
    fs_dl_merge(&d->list, list, n);
    free(list);
    for (size_t k = 0; k < d->nitems; k++)
        free((void *)(uintptr_t)d->items[k].it.host);
    free(d->items);
    d->items = NULL;
    d->nitems = 0;
    d->cap = 0;
}

/* Clean a member name: '\' as '/', no leading '/', no "." or ".." parts.
 * Returns false for names to skip. */
static bool clean_name(char *name)
{
    char out[ZIP_NAME_MAX], *o = out;
    for (char *p = name; *p; p++)
        if (*p == '\\')
            *p = '/';
    for (char *part = strtok(name, "/"); part; part = strtok(NULL, "/")) {
        if (!strcmp(part, ".") || !strcmp(part, ".."))
            return false;
        o += sprintf(o, "%s%s", o == out ? "" : "/", part);
    }
    strcpy(name, out);
    return out[0] != 0;
}

static void add_member(struct zip_drive *z, char *name, const unz_file_info64 *info,
                       bool is_dir)
{
    if (!clean_name(name))
        return;
    if (is_dir) {
        dir_index(z, name);
        return;
    }
    char *slash = strrchr(name, '/');
    const char *base = slash ? slash + 1 : name;
    if (slash)
        *slash = 0;
    size_t d = dir_index(z, slash ? name : "");
    z->m = xgrow(z->m, z->nm, &z->mcap, ZIP_GROW_MIN, sizeof *z->m);
    struct zip_member *m = &z->m[z->nm];
    g_unz.unzGetFilePos64(z->uf, &m->pos);
    m->size = (uint32_t)MIN(info->uncompressed_size, (ZPOS64_T)ZIP_FILE_MAX);
    m->date = (uint16_t)(info->dosDate >> 16);
    m->time = (uint16_t)info->dosDate;
    dir_add_item(z, &z->dirs[d], base, FS_ATTR_ARCHIVE | FS_ATTR_READONLY, (uint32_t)z->nm++);
}

static int read_central_dir(struct zip_drive *z)
{
    char name[ZIP_NAME_MAX];
    unz_file_info64 info;
    dir_index(z, "");
    int rc = g_unz.unzGoToFirstFile(z->uf);
    while (rc == UNZ_OK) {
        if (stop_requested())
            return -DOSERR_INVALID_DATA; /* --timeout or a signal */
        if (g_unz.unzGetCurrentFileInfo64(z->uf, &info, name, sizeof name, NULL, 0, NULL, 0) !=
            UNZ_OK)
            return -DOSERR_INVALID_DATA;
        size_t n = strlen(name);
        add_member(z, name, &info, n && (name[n - 1] == '/' || name[n - 1] == '\\'));
        rc = g_unz.unzGoToNextFile(z->uf);
    }
    if (rc != UNZ_END_OF_LIST_OF_FILE)
        return -DOSERR_INVALID_DATA;
    for (size_t i = 0; i < z->ndirs; i++)
        dir_finish(&z->dirs[i]);
    free(z->dir_hash);
    z->dir_hash = NULL;
    z->hcap = 0;
    return 0;
}

/* ---- lookup ---- */

/* The entry rel names: its directory (*dir) and slot, or -1 (root: *dir = 0, -2). */
static int lookup(struct zip_drive *z, const char *rel, size_t *dir, long *slot)
{
    char part[FS_NAME83_MAX];
    *dir = 0;
    *slot = -2;
    while (*rel) {
        int n = fs_path_first(rel, part, sizeof part);
        if (n < 0)
            return -DOSERR_PATH_NOT_FOUND;
        *slot = fs_dl_find(&z->dirs[*dir].list, part);
        if (rel[n] == 0)
            return 0;
        if (*slot < 0)
            return -DOSERR_PATH_NOT_FOUND;
        uint32_t aux = z->dirs[*dir].list.e[*slot].aux;
        if (!(aux & ZIP_DIR_FLAG))
            return -DOSERR_PATH_NOT_FOUND;
        *dir = aux & ~ZIP_DIR_FLAG;
        rel += n + 1;
    }
    return 0;
}

static const struct fs_dirent *entry_at(struct zip_drive *z, size_t dir, long slot)
{
    return slot >= 0 ? &z->dirs[dir].list.e[slot] : NULL;
}

static void entry_stat(struct zip_drive *z, const struct fs_dirent *e, struct fs_stat *st)
{
    if (!e || (e->aux & ZIP_DIR_FLAG)) {
        *st = (struct fs_stat){.attr = FS_ATTR_DIRECTORY,
                               .dos_date = z->date,
                               .dos_time = z->time,
                               .host_time = true};
        return;
    }
    const struct zip_member *m = &z->m[e->aux];
    *st = (struct fs_stat){.attr = e->attr,
                           .size = m->size,
                           .dos_date = m->date,
                           .dos_time = m->time};
}

/* ---- open files ---- */

static int zf_read(struct fs_file *fl, void *buf, uint32_t n)
{
    struct zip_file *f = (struct zip_file *)fl;
    uint32_t k = f->pos >= f->size ? 0 : MIN(n, f->size - f->pos);
    memcpy(buf, f->data + f->pos, k);
    f->pos += k;
    return (int)k;
}

static int zf_write(struct fs_file *fl, const void *buf, uint32_t n)
{
    UNUSED(fl);
    UNUSED(buf);
    UNUSED(n);
    return -DOSERR_ACCESS_DENIED;
}

static int zf_seek(struct fs_file *fl, int64_t off, enum fs_whence whence, uint32_t *pos)
{
    struct zip_file *f = (struct zip_file *)fl;
    int64_t base = whence == FS_SEEK_SET ? 0 : whence == FS_SEEK_CUR ? f->pos : f->size;
    if (base + off < 0)
        return -DOSERR_SEEK_ERROR;
    f->pos = (uint32_t)MIN(base + off, (int64_t)UINT32_MAX);
    *pos = f->pos;
    return 0;
}

static int zf_truncate(struct fs_file *fl)
{
    UNUSED(fl);
    return -DOSERR_ACCESS_DENIED;
}

static int zf_fstat(struct fs_file *fl, struct fs_stat *st)
{
    struct zip_file *f = (struct zip_file *)fl;
    *st = (struct fs_stat){.attr = FS_ATTR_ARCHIVE | FS_ATTR_READONLY,
                           .size = f->size,
                           .dos_date = f->date,
                           .dos_time = f->time};
    return 0;
}

static int zf_set_ftime(struct fs_file *fl, uint16_t date, uint16_t time)
{
    UNUSED(fl);
    UNUSED(date);
    UNUSED(time);
    return -DOSERR_ACCESS_DENIED;
}

static int zf_commit(struct fs_file *fl)
{
    UNUSED(fl);
    return 0;
}

static void zf_close(struct fs_file *fl)
{
    struct zip_file *f = (struct zip_file *)fl;
    f->z->held -= f->size;
    free(f->data);
    free(f);
}

static const struct fs_file_ops k_zip_file_ops = {
    .read = zf_read,
    .write = zf_write,
    .seek = zf_seek,
    .truncate = zf_truncate,
    .fstat = zf_fstat,
    .set_ftime = zf_set_ftime,
    .commit = zf_commit,
    .close = zf_close,
};

/* Grow *buf (capacity *cap) to hold at least need bytes, within limit. */
static bool grow(uint8_t **buf, uint32_t *cap, uint32_t need, uint32_t limit)
{
    if (need <= *cap)
        return true;
    if (need > limit)
        return false;
    uint32_t ncap = *cap ? *cap : ZIP_FIRST_CHUNK;
    while (ncap < need)
        ncap = ncap > limit / 2 ? limit : ncap * 2;
    *buf = xrealloc(*buf, ncap);
    *cap = ncap;
    return true;
}

/* Read the open member's m->size bytes into a buffer that grows with the
 * data, up to limit bytes. */
static int inflate_into(struct zip_drive *z, const struct zip_member *m, uint32_t limit,
                        uint8_t **out)
{
    uint8_t *buf = NULL;
    uint32_t cap = 0, got = 0;
    int rc = 0;
    while (rc == 0 && got < m->size) {
        if (!grow(&buf, &cap, MIN(m->size, got + ZIP_FIRST_CHUNK), limit)) {
            log_note("zip member of %u bytes: more than the %u MiB of open zip members "
                     "unidos holds; refused",
                     m->size, ZIP_HELD_MAX >> 20);
            rc = -DOSERR_TOO_MANY_OPEN_FILES;
            break;
        }
        int n = g_unz.unzReadCurrentFile(z->uf, buf + got, MIN(cap, m->size) - got);
        if (n <= 0)
            rc = -DOSERR_READ_FAULT;
        else
            got += (uint32_t)n;
    }
    if (rc < 0)
        free(buf);
    else
        *out = buf ? buf : xcalloc(1, 1);
    return rc;
}

/* Inflate member m into a new buffer. */
static int inflate_member(struct zip_drive *z, struct zip_member *m, uint8_t **out)
{
    uint32_t limit = (uint32_t)MIN((uint64_t)ZIP_HELD_MAX - z->held, (uint64_t)ZIP_FILE_MAX);
    int rc = g_unz.unzGoToFilePos64(z->uf, &m->pos) == UNZ_OK &&
                     g_unz.unzOpenCurrentFile(z->uf) == UNZ_OK
                 ? 0
                 : -DOSERR_ACCESS_DENIED;
    if (rc == 0)
        rc = inflate_into(z, m, limit, out);
    if (g_unz.unzCloseCurrentFile(z->uf) == UNZ_CRCERROR && rc == 0) {
        free(*out);
        rc = -DOSERR_CRC_ERROR;
    }
    if (rc < 0)
        LOG(LOG_FS, "zip member at %llu: cannot inflate",
            (unsigned long long)m->pos.pos_in_zip_directory);
    return rc;
}

static int zd_open(void *drv, const char *rel, unsigned flags, struct fs_file **out)
{
    struct zip_drive *z = drv;
    size_t dir;
    long slot;
    int rc = lookup(z, rel, &dir, &slot);
    const struct fs_dirent *e = rc == 0 ? entry_at(z, dir, slot) : NULL;
    if (rc < 0)
        return rc;
    if (!e)
        return flags & FS_O_CREATE ? -DOSERR_ACCESS_DENIED : -DOSERR_FILE_NOT_FOUND;
    if ((e->aux & ZIP_DIR_FLAG) || (flags & (FS_O_WRITE | FS_O_CREATE | FS_O_TRUNC)))
        return -DOSERR_ACCESS_DENIED;
    struct zip_member *m = &z->m[e->aux];
    struct zip_file *f = xcalloc(1, sizeof *f);
    rc = inflate_member(z, m, &f->data);
    if (rc < 0) {
        free(f);
        return rc;
    }
    f->base.ops = &k_zip_file_ops;
    f->base.id = (uint64_t)(uintptr_t)z ^ ((uint64_t)e->aux << 1 | 1);
    f->z = z;
    f->size = m->size;
    f->date = m->date;
    f->time = m->time;
    z->held += m->size;
    *out = &f->base;
    return 0;
}

static int zd_stat(void *drv, const char *rel, struct fs_stat *st)
{
    struct zip_drive *z = drv;
    size_t dir;
    long slot;
    int rc = lookup(z, rel, &dir, &slot);
    if (rc < 0)
        return rc;
    if (slot == -1)
        return -DOSERR_FILE_NOT_FOUND;
    entry_stat(z, entry_at(z, dir, slot), st);
    return 0;
}

static int zd_refuse(void *drv, const char *rel)
{
    UNUSED(drv);
    UNUSED(rel);
    return -DOSERR_ACCESS_DENIED;
}

static int zd_rename(void *drv, const char *from, const char *to)
{
    UNUSED(to);
    return zd_refuse(drv, from);
}

static int zd_set_attr(void *drv, const char *rel, uint8_t attr)
{
    UNUSED(attr);
    return zd_refuse(drv, rel);
}

static int zd_find(void *drv, const char *rel_dir, const struct fs_find_spec *spec,
                   uint32_t *index, struct fs_found *out)
{
    struct zip_drive *z = drv;
    size_t dir;
    long slot;
    int rc = lookup(z, rel_dir, &dir, &slot);
    if (rc < 0)
        return rc;
    if (slot >= 0) {
        uint32_t aux = z->dirs[dir].list.e[slot].aux;
        if (!(aux & ZIP_DIR_FLAG))
            return -DOSERR_PATH_NOT_FOUND;
        dir = aux & ~ZIP_DIR_FLAG;
    } else if (slot == -1) {
        return -DOSERR_PATH_NOT_FOUND;
    }
    const struct fs_dirlist *l = &z->dirs[dir].list;
    for (; *index < l->n; (*index)++) {
        uint8_t fcb[FS_FCB_NAME_BYTES];
        fs_name_to_fcb(l->e[*index].dos, fcb);
        if (!fs_fcb_match(spec->tmpl, fcb) || !fs_find_attr_ok(l->e[*index].attr, spec->attr))
            continue;
        entry_stat(z, &l->e[*index], &out->st);
        memcpy(out->name, l->e[*index].dos, sizeof out->name);
        (*index)++;
        return 0;
    }
    return -DOSERR_NO_MORE_FILES;
}

static int zd_space(void *drv, struct fs_space *sp)
{
    struct zip_drive *z = drv;
    sp->total_bytes = 0;
    for (size_t i = 0; i < z->nm; i++)
        sp->total_bytes += z->m[i].size;
    sp->free_bytes = 0;
    return 0;
}

static void zd_free(void *drv)
{
    struct zip_drive *z = drv;
    if (z->uf)
        g_unz.unzClose(z->uf);
    for (size_t i = 0; i < z->ndirs; i++) {
        struct zip_dir *d = &z->dirs[i];
        for (size_t k = 0; k < d->nitems; k++) /* a central directory that broke off */
            free((void *)(uintptr_t)d->items[k].it.host);
        free(d->items);
        fs_dl_free(&d->list);
        free(d->path);
    }
    free(z->dirs);
    free(z->dir_hash);
    free(z->m);
    free(z);
}

const struct fs_drive_ops fs_zip_drive_ops = {
    .version = FS_DRIVE_OPS_VERSION,
    .open = zd_open,
    .stat = zd_stat,
    .unlink = zd_refuse,
    .rename = zd_rename,
    .mkdir = zd_refuse,
    .rmdir = zd_refuse,
    .set_attr = zd_set_attr,
    .find = zd_find,
    .space = zd_space,
    .free = zd_free,
};

/* minizip reads through this FILE*: the descriptor checked below, never
 * the path again (no race between the check and the open). */
static voidpf ZCALLBACK open_checked(voidpf opaque, const void *name, int mode)
{
    UNUSED(name);
    UNUSED(mode);
    return opaque;
}

/* The zip as a regular file: opened without blocking (a FIFO named
 * NAME.ZIP would wait for a writer forever) and without following a
 * final link's target when it is not a regular file either; read-only
 * mounts keep the access time (O_NOATIME where the host allows it: on
 * files the user owns). */
static FILE *open_zip(const char *path, struct stat *st)
{
    int fd = open_regular(path);
    if (fd < 0 || fstat(fd, st) < 0) {
        LOG(LOG_FS, "zip %s: not a regular file", path);
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    FILE *f = fdopen(fd, "rb");
    if (!f)
        close(fd);
    return f;
}

int fs_zip_drive_new(const char *zip_path, void **drv, char *why, size_t cap)
{
    if (!load_unz(why, cap))
        return -DOSERR_FILE_NOT_FOUND;
    snprintf(why, cap, "not a valid zip file");
    struct zip_drive *z = xcalloc(1, sizeof *z);
    struct stat s;
    zlib_filefunc64_def io;
    FILE *f = open_zip(zip_path, &s);
    if (f) {
        g_unz.fill_fopen64_filefunc(&io);
        io.zopen64_file = open_checked;
        io.opaque = f;
        z->uf = g_unz.unzOpen2_64(zip_path, &io); /* closes f itself when it fails */
    }
    int rc = z->uf ? read_central_dir(z) : -DOSERR_FILE_NOT_FOUND;
    if (rc < 0) {
        zd_free(z);
        return rc;
    }
    struct tm tm;
    if (localtime_r(&s.st_mtime, &tm) && tm.tm_year >= 80) {
        z->date = dos_date_of_tm(&tm);
        z->time = dos_time_of_tm(&tm);
    }
    LOG(LOG_FS, "zip %s: %zu files in %zu directories", zip_path, z->nm, z->ndirs);
    *drv = z;
    return 0;
}
