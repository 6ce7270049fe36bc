/* Host directory backend internals: the per-directory listing cache and
 * sandboxed resolution of DOS paths to host paths (fs/host_cache.c), used
 * by the backend operations (fs/drive_host.c). */
#ifndef UNIDOS_FS_HOST_IMPL_H
#define UNIDOS_FS_HOST_IMPL_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "fs/dirlist.h"
#include "fs/fs.h"

/* One host directory as DOS sees it. The listing is read once and reused
 * while the directory's mtime stays the same; our own changes patch it. */
struct hdir {
    char *dos_rel;              /* key: "" (root), "SRC\LIB" */
    char *host_rel;             /* "" (root), "src/lib" */
    struct fs_dirlist list;
    struct timespec mtime;      /* of the directory when last looked at */
    ino_t ino;
    int64_t scan_ns;            /* wall time of the last full read */
    bool scanned;
    struct hdir *next;          /* hash chain */
};

struct host_drive {
    char root[PATH_MAX];        /* realpath of the mount root */
    size_t root_len;
    bool readonly, lower;
    struct hdir **buckets;      /* allocated on first use */
    unsigned nbuckets;
};

/* A resolved DOS path: the directory holding it, the entry (or -1 when
 * the last part does not exist) and the host path (of the entry, or the
 * one a new file would get). dir is NULL for the root itself. */
struct hres {
    struct hdir *dir;
    long idx;
    char path[PATH_MAX];
    char dir_path[PATH_MAX];    /* host path of dir */
    const char *last;           /* last DOS part of rel */
};

int hc_resolve(struct host_drive *h, const char *rel, struct hres *r);
/* The listing of directory rel ("" = root), up to date; NULL when rel is
 * not a directory (*err says why). */
struct hdir *hc_dir(struct host_drive *h, const char *rel, char *host_path, int *err);
/* After our own change to dir (host path dir_path): remember its new mtime. */
void hc_touched(struct hdir *d, const char *dir_path);
/* Drop the cached listings of directory dos_rel and everything below. */
void hc_forget(struct host_drive *h, const char *dos_rel);
/* True when host path p resolves (through symlinks) inside the root. */
bool hc_inside(const struct host_drive *h, const char *p);
void hc_free_all(struct host_drive *h);

#endif
