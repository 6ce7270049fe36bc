/* Directory searches (find first/next): the volume label, "." and "..",
 * then the backend's entries. The search state is a small value the guest
 * keeps; directories are named in it by an index into a table here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/common.h"
#include "base/doserr.h"
#include "base/log.h"
#include "fs/fs_impl.h"

/* Positions of a search: the label, ".", "..", then backend slot pos - 3. */
enum { POS_LABEL = 0, POS_DOT = 1, POS_DOTDOT = 2, POS_ENTRIES = 3 };
#define POS_MAX FS_FIND_POS_MAX
#define DIR_IDS_MAX 0xFFFFu /* dir_id is 16 bits in the DTA */
#define DIR_TABLE_MIN 16
#define FNV_OFFSET 2166136261u
#define FNV_PRIME 16777619u

static uint32_t key_hash(uint8_t drive, const char *rel)
{
    uint32_t h = (FNV_OFFSET ^ drive) * FNV_PRIME;
    for (; *rel; rel++)
        h = (h ^ (uint8_t)*rel) * FNV_PRIME;
    return (h & FS_FIND_CHECK_MASK) | 1;
}

static void dir_hash_put(struct fs *f, uint32_t id)
{
    uint32_t i = f->dirs[id].check & (f->dir_hcap - 1);
    while (f->dir_hash[i])
        i = (i + 1) & (f->dir_hcap - 1);
    f->dir_hash[i] = id + 1;
}

/* The table index of directory rel of drive, added when new. */
static uint32_t search_dir_id(struct fs *f, uint8_t drive, const char *rel)
{
    uint32_t h = key_hash(drive, rel);
    for (uint32_t i = h & (f->dir_hcap - 1); f->dir_hcap && f->dir_hash[i];
         i = (i + 1) & (f->dir_hcap - 1)) {
        struct fs_search_dir *s = &f->dirs[f->dir_hash[i] - 1];
        if (s->check == h && s->drive == drive && !strcmp(s->rel, rel))
            return f->dir_hash[i] - 1;
    }
    if (f->ndirs >= DIR_IDS_MAX)
        fs_free_search_dirs(f); /* 65535 directories searched: start over */
    f->dirs = xgrow(f->dirs, f->ndirs, &f->dircap, DIR_TABLE_MIN, sizeof *f->dirs);
    uint32_t id = f->ndirs++;
    f->dirs[id] = (struct fs_search_dir){.rel = xstrdup(rel), .drive = drive, .check = h};
    if (f->ndirs * 2 > f->dir_hcap) {
        free(f->dir_hash);
        f->dir_hcap = MAX((uint32_t)DIR_TABLE_MIN, f->dir_hcap * 2);
        f->dir_hash = xcalloc(f->dir_hcap, sizeof *f->dir_hash);
        for (uint32_t k = 0; k < f->ndirs; k++)
            dir_hash_put(f, k);
    } else {
        dir_hash_put(f, id);
    }
    return id;
}

void fs_free_search_dirs(struct fs *f)
{
    for (uint32_t i = 0; i < f->ndirs; i++)
        free(f->dirs[i].rel);
    free(f->dirs);
    free(f->dir_hash);
    f->dirs = NULL;
    f->dir_hash = NULL;
    f->ndirs = f->dircap = f->dir_hcap = 0;
}

/* The entry a device name finds: DOS answers for devices in any existing
 * directory ("IF EXIST C:\DIR\NUL"). */
static int found_device(struct fs_mount *m, const char *dir, const char *name,
                        struct fs_found *out)
{
    struct fs_stat st;
    if (dir[0] && (m->ops->stat(m->drv, dir, &st) < 0 || !(st.attr & FS_ATTR_DIRECTORY)))
        return -DOSERR_PATH_NOT_FOUND;
    memset(out, 0, sizeof *out);
    snprintf(out->name, sizeof out->name, "%.*s", (int)strcspn(name, "."), name);
    out->st.attr = FS_ATTR_DEVICE;
    return 0;
}

int fs_find_first(struct fs *f, const char *pattern, uint8_t attr, struct fs_find *s,
                  struct fs_found *out)
{
    struct fs_where w;
    int rc = fs_resolve(f, pattern, &w);
    if (rc < 0)
        return rc;
    struct fs_mount *m = w.m;
    unsigned d = w.drive;
    char *rel = w.rel;
    char *slash = strrchr(rel, '\\');
    const char *name = slash ? slash + 1 : rel;
    if (slash)
        *slash = 0;
    const char *dir = slash ? rel : "";
    if (!name[0] || strpbrk(dir, "?*"))
        return -DOSERR_PATH_NOT_FOUND;
    memset(s, 0, sizeof *s);
    s->pos = POS_MAX; /* a device: nothing follows */
    if (!strpbrk(name, "?*") && fs_name_is_device(name))
        return found_device(m, dir, name, out);
    struct fs_stat st;
    if (dir[0] && (m->ops->stat(m->drv, dir, &st) < 0 || !(st.attr & FS_ATTR_DIRECTORY)))
        return -DOSERR_PATH_NOT_FOUND;
    memset(s, 0, sizeof *s);
    s->drive = (uint8_t)d;
    fs_name_to_fcb(name, s->tmpl);
    s->attr = attr;
    s->pos = POS_LABEL;
    s->dir_id = (uint16_t)search_dir_id(f, (uint8_t)d, dir);
    s->check = f->dirs[s->dir_id].check;
    return fs_find_next(f, s, out);
}

static bool label_matches(const struct fs_mount *m, const struct fs_find *s, const char *dir)
{
    uint8_t fcb[FS_FCB_NAME_BYTES];
    if (!(s->attr & FS_ATTR_VOLUME) || dir[0] || !m->label[0])
        return false;
    memset(fcb, ' ', sizeof fcb);
    memcpy(fcb, m->label, strlen(m->label));
    return fs_fcb_match(s->tmpl, fcb);
}

/* "." or ".." of a subdirectory, when the search wants directories. */
static int dot_entry(struct fs_mount *m, const struct fs_find *s, const char *dir, bool up,
                     struct fs_found *out)
{
    uint8_t fcb[FS_FCB_NAME_BYTES];
    char parent[FS_PATH_MAX];
    if (!dir[0] || !(s->attr & FS_ATTR_DIRECTORY))
        return -DOSERR_NO_MORE_FILES;
    memset(fcb, ' ', sizeof fcb);
    memcpy(fcb, up ? ".." : ".", up ? 2 : 1);
    if (!fs_fcb_match(s->tmpl, fcb))
        return -DOSERR_NO_MORE_FILES;
    snprintf(parent, sizeof parent, "%s", dir);
    char *cut = strrchr(parent, '\\');
    if (up)
        *(cut ? cut : parent) = 0;
    if (!parent[0] || m->ops->stat(m->drv, parent, &out->st) < 0)
        out->st = (struct fs_stat){.attr = FS_ATTR_DIRECTORY};
    out->st.attr = FS_ATTR_DIRECTORY;
    out->st.size = 0;
    snprintf(out->name, sizeof out->name, "%s", up ? ".." : ".");
    return 0;
}

/* The step of a search at s->pos; -DOSERR_NO_MORE_FILES when it gave nothing. */
static int step(struct fs_mount *m, struct fs_find *s, const char *dir, struct fs_found *out)
{
    if (s->pos == POS_LABEL) {
        s->pos = POS_DOT;
        if (!label_matches(m, s, dir))
            return -DOSERR_NO_MORE_FILES;
        memset(out, 0, sizeof *out);
        if (strlen(m->label) > 8) /* "LABELNAM.EXT" as DOS shows long labels */
            snprintf(out->name, sizeof out->name, "%.8s.%s", m->label, m->label + 8);
        else
            snprintf(out->name, sizeof out->name, "%s", m->label);
        out->st.attr = FS_ATTR_VOLUME;
        struct fs_volume vi;
        if (m->ops->volume && m->ops->volume(m->drv, &vi) == 0) {
            out->st.dos_date = vi.label_date; /* a disk image's label entry */
            out->st.dos_time = vi.label_time;
        }
        return 0;
    }
    if (s->pos == POS_DOT || s->pos == POS_DOTDOT) {
        bool up = s->pos == POS_DOTDOT;
        s->pos++;
        return dot_entry(m, s, dir, up, out);
    }
    return 1;
}

static int find_next(struct fs *f, struct fs_find *s, struct fs_found *out)
{
    if (s->dir_id >= f->ndirs || f->dirs[s->dir_id].check != s->check ||
        f->dirs[s->dir_id].drive != s->drive || !fs_drive_valid(f, s->drive))
        return -DOSERR_NO_MORE_FILES;
    struct fs_mount *m = &f->drives[s->drive];
    const char *dir = f->dirs[s->dir_id].rel;
    while (s->pos < POS_ENTRIES) {
        int rc = step(m, s, dir, out);
        if (rc != -DOSERR_NO_MORE_FILES)
            return rc;
    }
    if (s->attr == FS_ATTR_VOLUME || s->pos == POS_MAX)
        return -DOSERR_NO_MORE_FILES;
    struct fs_find_spec spec;
    memcpy(spec.tmpl, s->tmpl, sizeof spec.tmpl);
    spec.attr = s->attr;
    uint32_t index = s->pos - POS_ENTRIES;
    int rc = m->ops->find(m->drv, dir, &spec, &index, out);
    if (rc == 0)
        s->pos = MIN(index + POS_ENTRIES, (uint32_t)POS_MAX);
    else
        s->pos = POS_MAX;
    if (rc == 0 && (out->st.attr & FS_ATTR_VOLUME))
        out->st.attr &= (uint8_t)~FS_ATTR_VOLUME;
    return rc == -DOSERR_PATH_NOT_FOUND ? -DOSERR_NO_MORE_FILES : rc;
}

int fs_find_next(struct fs *f, struct fs_find *s, struct fs_found *out)
{
    int rc = find_next(f, s, out);
    if (rc == 0)
        fs_apply_stamp(f, &out->st);
    return rc;
}
