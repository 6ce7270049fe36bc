/* Test helpers: temporary host directory trees and snapshots of them. */
#ifndef UNIDOS_TESTS_UNIT_UNIT_FS_H
#define UNIDOS_TESTS_UNIT_UNIT_FS_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#define UFS_SNAPSHOT_MAX 16384

struct ufs_tree {
    char root[PATH_MAX];
    char buf[PATH_MAX];         /* ufs_path's answer */
};

void ufs_tree_new(struct ufs_tree *t);
void ufs_tree_free(struct ufs_tree *t);
/* root/rel, valid until the next call. */
const char *ufs_path(struct ufs_tree *t, const char *rel);
void ufs_mkdir(struct ufs_tree *t, const char *rel);
void ufs_write(struct ufs_tree *t, const char *rel, const char *text);
void ufs_symlink(struct ufs_tree *t, const char *target, const char *rel);
void ufs_unlink(struct ufs_tree *t, const char *rel);
bool ufs_exists(struct ufs_tree *t, const char *rel);
/* The whole file as a string in buf ("" when missing). */
const char *ufs_read(struct ufs_tree *t, const char *rel, char *buf, size_t cap);
/* One line per entry below rel: name, type, mode, size, content hash,
 * mtime and ctime (and atime with with_atime), sorted. */
void ufs_snapshot_ex(struct ufs_tree *t, const char *rel, bool with_atime, char *out,
                     size_t cap);
#define ufs_snapshot(t, rel, out, cap) ufs_snapshot_ex(t, rel, false, out, cap)

#endif
