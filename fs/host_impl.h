/* Host directory backend internals: sandboxed walks from the mount root's
 * descriptor (fs/host_walk.c), the per-directory listing cache and the
 * resolution of DOS paths (fs/host_cache.c), used by the backend
 * operations (fs/drive_host.c). */
#ifndef UNIDOS_FS_HOST_IMPL_H
#define UNIDOS_FS_HOST_IMPL_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>

#include "fs/dirlist.h"
#include "fs/fs.h"

/* One host directory as DOS sees it. The listing is read once and reused
 * while the directory's mtime stays the same; our own changes patch it. */
struct hdir {
    char *dos_rel;  /* key: "" (root), "SRC\LIB" */
    char *host_rel; /* "" (root), "src/lib": the route walked to it */
    struct fs_dirlist list;
    struct timespec mtime; /* of the directory when last looked at */
    ino_t ino;
    int64_t scan_ns; /* wall time of the last full read */
    int wd;          /* inotify watch keeping the listing true, or -1 */
    struct host_drive *h;
    bool scanned;
    struct hdir *next; /* hash chain */
};

struct host_drive {
    char root[PATH_MAX]; /* realpath of the mount root ("" for "/") */
    size_t root_len;
    int root_fd; /* O_PATH descriptor of the root: every walk starts here */
    bool readonly, lower;
    struct hdir **buckets; /* allocated on first use */
    unsigned nbuckets;
    bool watch; /* directories may be watched by inotify */
};

/* ---- walks (fs/host_walk.c) ---- */

#define HW_DEPTH_MAX 128

/* A walk from the mount root: a stack of directory descriptors, each
 * opened from the one below with O_NOFOLLOW. */
struct hw {
    const struct host_drive *h;
    int fd[HW_DEPTH_MAX]; /* fd[0] unused: depth 0 is the root's fd */
    unsigned depth;
    unsigned links;          /* followed so far */
    char name[NAME_MAX + 1]; /* hw_last: the object's name in hw_fd */
    struct stat st;          /* hw_last: the object's lstat, when st_known */
    bool st_known;
};

void hw_start(struct hw *w, const struct host_drive *h);
/* Close what the walk opened. */
void hw_end(struct hw *w);
/* The directory the walk is in. */
int hw_fd(const struct hw *w);
/* Into directory name of the current one (".." goes back, never above the
 * root; a link is followed when its target stays inside). 0 or -DOSERR. */
int hw_enter(struct hw *w, const char *name);
/* Every directory of host_rel ('/'-separated) from the current one. */
int hw_walk(struct hw *w, const char *host_rel);
/* The object name of the current directory: with follow, links inside the
 * mount are followed (the walk ends in the directory holding the target,
 * w->name its name there; "." for a directory reached by ".."); without,
 * w->name = name. The object need not exist. 0 or -DOSERR. When following
 * ended at an existing object that is no link, w->st is its lstat
 * (w->st_known): callers need not ask the host again. */
int hw_last(struct hw *w, const char *name, bool follow);
/* lstat of what link name in directory dir_host_rel leads to, inside the
 * mount (0), or -DOSERR when it leaves it, dangles or loops. */
int hw_link_stat(const struct host_drive *h, const char *dir_host_rel, const char *name,
                 struct stat *st);
/* The root's descriptor for struct host_drive, or -1. */
int hw_open_root(const char *root);

/* ---- resolution (fs/host_cache.c) ---- */

/* A resolved DOS path: the directory holding it (its listing and, in the
 * walk, its descriptor), the entry (or -1 when the last part does not
 * exist) and its host name (or the one a new file would get). dir is NULL
 * for the root itself (name "."). Release with hc_release. */
struct hres {
    bool watched; /* every directory walked so far kept true by inotify */
    struct hdir *dir;
    long idx;
    struct hw w;
    char name[NAME_MAX + 1];
    const char *last; /* last DOS part of rel */
};

int hc_resolve(struct host_drive *h, const char *rel, struct hres *r);
void hc_release(struct hres *r);
/* The listed entry r names, followed through links inside the mount:
 * afterwards (hw_fd(&r->w), r->w.name) is the object itself. */
int hc_follow(struct hres *r);
/* The listing of directory rel ("" = root), up to date, with r's walk in
 * it (release r); NULL when rel is not a directory (*err says why). */
struct hdir *hc_dir(struct host_drive *h, const char *rel, struct hres *r, int *err);
/* After our own change to dir (its descriptor fd): remember its new mtime. */
void hc_touched(struct hdir *d, int fd);
/* Drop the cached listings of directory dos_rel and everything below. */
void hc_forget(struct host_drive *h, const char *dos_rel);
void hc_free_all(struct host_drive *h);
/* The host changed name (NULL: unknown) in watched directory d: read it
 * again at its next use; a directory of that name is forgotten. */
void hc_changed(struct host_drive *h, struct hdir *d, const char *name);

/* ---- inotify (fs/host_watch.c) ---- */

/* Watch the directory of dirfd for d (of a drive with watch set); d->wd
 * stays -1 when it cannot be (no inotify, no watch left, a file system
 * inotify may not see whole, a directory watched for another path). */
void hwatch_add(struct hdir *d, int dirfd);
void hwatch_drop(struct hdir *d);
/* We made change event (IN_CREATE...) of name in d: its event is ours. */
void hwatch_own(const struct hdir *d, uint32_t event, const char *name);
/* Read the events so far and apply those of host changes (every drive's:
 * the process has one inotify instance). */
void hwatch_drain(void);

#endif
