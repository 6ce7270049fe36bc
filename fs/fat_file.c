/* Open files on a FAT image drive: reads and writes by cluster runs, the
 * directory entry rewritten after every change of size or chain (a kill
 * after a DOS write returned loses nothing), seek, truncate, times. */
#include <stdlib.h>
#include <string.h>

#include "base/bytes.h"
#include "base/common.h"
#include "base/doserr.h"
#include "base/log.h"
#include "fs/fat_drive.h"

#define FAT_FILE_MAX 0xFFFFFFFFu
#define ID_MIX 0x9E3779B97F4A7C15ull

struct fat_file {
    struct fs_file base;
    struct fat_drive *d;
    struct fat_node *n;
    uint32_t pos;
    bool can_write;
    /* cluster number of chain index cur_index (cur_cluster 0: unknown) */
    uint32_t cur_index, cur_cluster;
};

static struct fat_file *ff(struct fs_file *fl)
{
    return (struct fat_file *)fl;
}

uint64_t fat_entry_id(const struct fat_drive *d, const struct fat_loc *loc)
{
    return ((uint64_t)(uintptr_t)d * ID_MIX) ^ ((uint64_t)loc->dir << 20 | loc->idx) ^ 1u;
}

struct fat_node *fat_node_find(struct fat_drive *d, const struct fat_loc *loc)
{
    for (struct fat_node *n = d->nodes; n; n = n->next)
        if (!n->deleted && n->loc.dir == loc->dir && n->loc.idx == loc->idx)
            return n;
    return NULL;
}

static void node_unref(struct fat_drive *d, struct fat_node *n)
{
    if (--n->refs > 0)
        return;
    for (struct fat_node **p = &d->nodes; *p; p = &(*p)->next) {
        if (*p == n) {
            *p = n->next;
            break;
        }
    }
    free(n);
}

/* Write the node's chain, size (and, when stamping, time and archive bit)
 * into its directory entry. */
static int node_store(struct fat_drive *d, struct fat_node *n, bool stamp)
{
    uint8_t *e, ent[DIR_ENTRY_BYTES];
    struct fat_loc l;
    if (n->deleted)
        return 0;
    int rc = fat_dir_entry(d->v, n->loc.dir, n->loc.idx, &l, &e);
    if (rc < 0)
        return rc;
    memcpy(ent, e, sizeof ent);
    fat_ent_set_cluster(d->v, ent, n->first);
    put_le32(ent + DIR_FILE_SIZE, n->size);
    if (stamp) {
        uint16_t date, time;
        fat_now(d, &date, &time);
        fat_ent_stamp(ent, date, time);
        ent[DIR_ATTR] |= FS_ATTR_ARCHIVE;
    }
    return memcmp(ent, e, sizeof ent) ? fat_dir_put(d->v, &l, ent) : 0;
}

/* The cluster at chain index k of the file, following its position cache;
 * 0 when the chain is shorter. */
static int cluster_at(struct fat_file *f, uint32_t k, uint32_t *out)
{
    struct fat_vol *v = f->d->v;
    uint32_t c = f->n->first, i = 0;
    if (k >= v->g.nclusters) { /* no chain is that long (loops were refused at open) */
        *out = 0;
        return 0;
    }
    if (f->cur_cluster && f->cur_index <= k) {
        c = f->cur_cluster;
        i = f->cur_index;
    }
    if (!c) {
        *out = 0;
        return 0;
    }
    int rc = fat_chain_step(v, c, i, k, &c);
    if (rc < 0 || !c) {
        *out = 0;
        return rc;
    }
    f->cur_index = k;
    f->cur_cluster = c;
    *out = c;
    return 0;
}

/* Clusters c, c+1, ... that follow each other in the chain from index k,
 * up to want bytes: the length of the contiguous run in bytes. */
static uint32_t run_bytes(struct fat_file *f, uint32_t c, uint32_t off_in, uint32_t want)
{
    struct fat_vol *v = f->d->v;
    uint32_t cb = fat_cluster_bytes(v), got = cb - off_in;
    while (got < want) {
        uint32_t n = fat_get(v, c);
        if (n != c + 1 || !fat_cluster_ok(v, n))
            break;
        c = n;
        got += cb;
    }
    return MIN(got, want);
}

static int ff_read(struct fs_file *fl, void *buf, uint32_t n)
{
    struct fat_file *f = ff(fl);
    struct fat_vol *v = f->d->v;
    int rc = fat_begin(f->d);
    if (rc < 0 || f->pos >= f->n->size || f->n->deleted)
        return rc;
    n = MIN(n, f->n->size - f->pos);
    uint32_t cb = fat_cluster_bytes(v), done = 0;
    while (done < n && rc == 0) {
        uint32_t at = f->pos + done, c;
        if ((rc = cluster_at(f, at / cb, &c)) < 0)
            break;
        if (!c) {
            rc = fat_damaged(v, "chain shorter than the file size; file at cluster",
                             f->n->first);
            break;
        }
        uint32_t k = run_bytes(f, c, at % cb, n - done);
        rc = fat_read_bytes(v, fat_cluster_sector(v, c) * FS_SECTOR_BYTES + at % cb,
                            (uint8_t *)buf + done, k);
        done += rc == 0 ? k : 0;
    }
    f->pos += done;
    return done ? (int)done : rc;
}

/* Make the chain long enough for end bytes; new clusters are zeroed only
 * where a gap is left (bytes between the old end and a write beyond it). */
static int ensure_chain(struct fat_file *f, uint32_t end)
{
    struct fat_vol *v = f->d->v;
    uint32_t cb = fat_cluster_bytes(v), need = (uint32_t)(((uint64_t)end + cb - 1) / cb);
    uint32_t have = (uint32_t)(((uint64_t)f->n->size + cb - 1) / cb), last = 0, c;
    int rc;
    if (have && (rc = cluster_at(f, have - 1, &last)) < 0)
        return rc;
    if (have && !last)
        return fat_damaged(v, "chain shorter than the file size; file at cluster", f->n->first);
    for (uint32_t i = have; i < need; i++) {
        if ((rc = fat_alloc(v, last, &c)) < 0)
            return rc;
        if (!last)
            f->n->first = c;
        last = c;
    }
    return 0;
}

/* Zeros over [from, to) of the file (a write past the end leaves no garbage). */
static int zero_gap(struct fat_file *f, uint32_t from, uint32_t to)
{
    static const uint8_t zero[FS_SECTOR_BYTES];
    struct fat_vol *v = f->d->v;
    uint32_t cb = fat_cluster_bytes(v);
    while (from < to) {
        uint32_t c, k = MIN(to - from, (uint32_t)sizeof zero - from % FS_SECTOR_BYTES);
        int rc = cluster_at(f, from / cb, &c);
        if (rc == 0 && !c)
            rc = fat_damaged(v, "chain shorter than the file; file at cluster", f->n->first);
        if (rc == 0)
            rc = fat_write_bytes(v, fat_cluster_sector(v, c) * FS_SECTOR_BYTES + from % cb,
                                 zero, MIN(k, cb - from % cb));
        if (rc < 0)
            return rc;
        from += MIN(k, cb - from % cb);
    }
    return 0;
}

static int write_data(struct fat_file *f, const uint8_t *buf, uint32_t n)
{
    struct fat_vol *v = f->d->v;
    uint32_t cb = fat_cluster_bytes(v), done = 0;
    while (done < n) {
        uint32_t at = f->pos + done, c;
        int rc = cluster_at(f, at / cb, &c);
        if (rc == 0 && !c)
            rc = fat_damaged(v, "chain shorter than the file; file at cluster", f->n->first);
        if (rc < 0)
            return done ? (int)done : rc;
        uint32_t k = run_bytes(f, c, at % cb, n - done);
        rc = fat_write_bytes(v, fat_cluster_sector(v, c) * FS_SECTOR_BYTES + at % cb,
                             buf + done, k);
        if (rc < 0)
            return done ? (int)done : rc;
        done += k;
    }
    return (int)done;
}

/* Grow the file to end bytes (zeros past the old end up to from). */
static int grow(struct fat_file *f, uint32_t from, uint32_t end)
{
    struct fat_vol *v = f->d->v;
    uint32_t cb = fat_cluster_bytes(v);
    int rc = ensure_chain(f, end);
    if (rc == -DOSERR_HANDLE_DISK_FULL) { /* as much as fits: whole clusters held */
        uint32_t c, k = 0;
        for (; f->n->first && cluster_at(f, k, &c) == 0 && c; k++)
            ;
        end = MIN(end, (uint32_t)MIN((uint64_t)k * cb, (uint64_t)FAT_FILE_MAX));
        rc = end > from ? 0 : rc;
    }
    if (rc == 0 && from > f->n->size)
        rc = zero_gap(f, f->n->size, MIN(from, end));
    return rc < 0 ? rc : (int)(end - MIN(from, end));
}

static int ff_write(struct fs_file *fl, const void *buf, uint32_t n)
{
    struct fat_file *f = ff(fl);
    int rc = fat_begin(f->d);
    if (rc < 0)
        return rc;
    if (!f->can_write || f->n->deleted)
        return -DOSERR_ACCESS_DENIED;
    n = (uint32_t)MIN((uint64_t)n, (uint64_t)FAT_FILE_MAX - f->pos);
    if (!n)
        return 0;
    uint32_t end = f->pos + n;
    if (end > f->n->size && (rc = grow(f, f->pos, end)) < 0)
        return fat_end(f->d, rc);
    if (end > f->n->size)
        n = (uint32_t)rc;
    if (!n)
        return fat_end(f->d, -DOSERR_HANDLE_DISK_FULL);
    rc = write_data(f, buf, n);
    if (rc > 0) {
        f->pos += (uint32_t)rc;
        f->n->size = MAX(f->n->size, f->pos);
        f->n->modified = true;
    }
    int st = node_store(f->d, f->n, false);
    return fat_end(f->d, rc < 0 ? rc : st < 0 ? st : rc);
}

static int ff_seek(struct fs_file *fl, int64_t off, enum fs_whence whence, uint32_t *pos)
{
    struct fat_file *f = ff(fl);
    int64_t base = whence == FS_SEEK_SET ? 0 : whence == FS_SEEK_CUR ? f->pos : f->n->size;
    if (base + off < 0 || base + off > (int64_t)FAT_FILE_MAX)
        return -DOSERR_SEEK_ERROR;
    f->pos = (uint32_t)(base + off);
    *pos = f->pos;
    return 0;
}

/* Cut or extend the file at the position (a DOS write of 0 bytes). */
static int ff_truncate(struct fs_file *fl)
{
    struct fat_file *f = ff(fl);
    struct fat_vol *v = f->d->v;
    int rc = fat_begin(f->d);
    if (rc < 0)
        return rc;
    if (!f->can_write || f->n->deleted)
        return -DOSERR_ACCESS_DENIED;
    uint32_t cb = fat_cluster_bytes(v), keep = (uint32_t)(((uint64_t)f->pos + cb - 1) / cb);
    if (f->pos > f->n->size) {
        rc = grow(f, f->pos, f->pos);
    } else if (keep == 0) {
        rc = fat_free_chain(v, f->n->first);
        f->n->first = 0;
    } else {
        uint32_t last;
        rc = cluster_at(f, keep - 1, &last);
        if (rc == 0 && last)
            rc = fat_truncate_after(v, last);
    }
    f->cur_cluster = 0;
    if (rc == 0) {
        f->n->size = f->pos;
        f->n->modified = true;
        rc = node_store(f->d, f->n, false);
    }
    return fat_end(f->d, rc);
}

static int ff_fstat(struct fs_file *fl, struct fs_stat *st)
{
    struct fat_file *f = ff(fl);
    uint8_t *e;
    struct fat_loc l;
    int rc = f->n->deleted ? 0 : fat_dir_entry(f->d->v, f->n->loc.dir, f->n->loc.idx, &l, &e);
    if (rc < 0)
        return rc;
    if (f->n->deleted)
        *st = (struct fs_stat){.attr = FS_ATTR_ARCHIVE};
    else
        fat_ent_stat(f->d, e, &l, st);
    st->size = f->n->size;
    st->id = fl->id;
    return 0;
}

static int ff_set_ftime(struct fs_file *fl, uint16_t date, uint16_t time)
{
    struct fat_file *f = ff(fl);
    uint8_t *e, ent[DIR_ENTRY_BYTES];
    struct fat_loc l;
    int rc = fat_begin(f->d);
    if (rc < 0 || f->n->deleted)
        return rc;
    if (f->d->v->readonly)
        return -DOSERR_ACCESS_DENIED;
    if ((rc = fat_dir_entry(f->d->v, f->n->loc.dir, f->n->loc.idx, &l, &e)) < 0)
        return rc;
    memcpy(ent, e, sizeof ent);
    fat_ent_stamp(ent, date, time);
    f->n->time_set = true;
    return fat_dir_put(f->d->v, &l, ent);
}

static int ff_commit(struct fs_file *fl)
{
    struct fat_file *f = ff(fl);
    int rc = fat_begin(f->d);
    if (rc == 0 && f->n->modified && !f->n->time_set && !f->d->v->readonly)
        rc = node_store(f->d, f->n, true);
    return fat_end(f->d, rc);
}

static void ff_close(struct fs_file *fl)
{
    struct fat_file *f = ff(fl);
    if (fat_begin(f->d) == 0 && f->n->modified && !f->n->time_set && f->n->refs == 1 &&
        !f->d->v->readonly)
        node_store(f->d, f->n, true);
    fat_end(f->d, 0);
    node_unref(f->d, f->n);
    free(f);
}

static const struct fs_file_ops k_fat_file_ops = {
    .read = ff_read,
    .write = ff_write,
    .seek = ff_seek,
    .truncate = ff_truncate,
    .fstat = ff_fstat,
    .set_ftime = ff_set_ftime,
    .commit = ff_commit,
    .close = ff_close,
};

static struct fat_node *node_get(struct fat_drive *d, const struct fat_res *r)
{
    struct fat_node *n = fat_node_find(d, &r->loc);
    if (n) {
        n->refs++;
        return n;
    }
    n = xcalloc(1, sizeof *n);
    n->loc = r->loc;
    n->first = fat_ent_cluster(d->v, r->ent);
    n->size = get_le32(r->ent + DIR_FILE_SIZE);
    n->refs = 1;
    n->next = d->nodes;
    d->nodes = n;
    return n;
}

int fat_file_open(struct fat_drive *d, const struct fat_res *r, unsigned flags,
                  struct fs_file **out)
{
    struct fat_file *f = xcalloc(1, sizeof *f);
    f->base.ops = &k_fat_file_ops;
    f->base.id = fat_entry_id(d, &r->loc);
    f->d = d;
    f->n = node_get(d, r);
    f->can_write = (flags & (FS_O_WRITE | FS_O_CREATE | FS_O_TRUNC)) && !d->v->readonly;
    uint32_t cb = fat_cluster_bytes(d->v);
    int rc = f->n->refs > 1 ? 0
                            : fat_chain_check(d->v, f->n->first,
                                              (uint32_t)(((uint64_t)f->n->size + cb - 1) / cb));
    if (rc < 0 && (flags & FS_O_TRUNC))
        rc = 0; /* emptied: the damaged chain is let go */
    if (rc == 0 && (flags & FS_O_TRUNC)) {
        if (f->n->first)
            rc = fat_free_chain(d->v, f->n->first);
        f->n->first = 0;
        f->n->size = 0;
        f->n->modified = true;
        rc = rc == 0 ? node_store(d, f->n, true) : rc;
    }
    rc = fat_end(d, rc);
    if (rc < 0) {
        ff_close(&f->base);
        return rc;
    }
    *out = &f->base;
    return 0;
}
