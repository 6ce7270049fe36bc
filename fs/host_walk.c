/* Sandboxed host paths of a host-directory drive: every path is walked
 * from the mount root's descriptor one component at a time, each opened
 * with openat(O_NOFOLLOW). Symbolic links are followed by the walker
 * itself and only while they stay inside the mount: ".." never climbs
 * above the root, an absolute target must name the mount's own path.
 * Nothing is opened by a string path after a check, so a directory swapped
 * on the host for a link between two calls is refused, not followed. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/common.h"
#include "base/doserr.h"
#include "fs/host_impl.h"

#define HW_LINKS_MAX 40 /* links followed in one walk, as the kernel's MAXSYMLINKS */
#define DIR_OPEN (O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)

void hw_start(struct hw *w, const struct host_drive *h)
{
    w->h = h;
    w->depth = 0;
    w->links = 0;
    w->name[0] = 0;
    w->st_known = false;
}

int hw_fd(const struct hw *w)
{
    return w->depth ? w->fd[w->depth] : w->h->root_fd;
}

static int push(struct hw *w, int fd)
{
    if (w->depth + 1 >= HW_DEPTH_MAX) {
        close(fd);
        return -DOSERR_PATH_NOT_FOUND;
    }
    w->fd[++w->depth] = fd;
    return 0;
}

static void pop(struct hw *w)
{
    close(w->fd[w->depth--]);
}

void hw_end(struct hw *w)
{
    while (w->depth)
        pop(w);
}

/* Read-only mounts keep every time stamp: reading a link moves its
 * access time, which is put back (where the host lets the user set it). */
static ssize_t read_link(const struct hw *w, const char *name, char *out, size_t cap)
{
    struct stat before, after;
    bool keep = w->h->readonly && fstatat(hw_fd(w), name, &before, AT_SYMLINK_NOFOLLOW) == 0;
    ssize_t n = readlinkat(hw_fd(w), name, out, cap);
    if (keep && fstatat(hw_fd(w), name, &after, AT_SYMLINK_NOFOLLOW) == 0 &&
        (after.st_atim.tv_sec != before.st_atim.tv_sec ||
         after.st_atim.tv_nsec != before.st_atim.tv_nsec)) {
        struct timespec ts[2] = {before.st_atim, {.tv_nsec = UTIME_OMIT}};
        utimensat(hw_fd(w), name, ts, AT_SYMLINK_NOFOLLOW);
    }
    return n;
}

/* The target of link name in the current directory, as a path to walk
 * from there: a relative target as it is; an absolute one inside the
 * mount with the walk moved back to the root and the root's part cut off.
 * A target outside is refused (access denied, as a listing never shows
 * it). */
static int link_target(struct hw *w, const char *name, char *out, size_t cap)
{
    if (++w->links > HW_LINKS_MAX)
        return -DOSERR_PATH_NOT_FOUND;
    ssize_t n = read_link(w, name, out, cap - 1);
    if (n <= 0 || (size_t)n >= cap - 1)
        return -DOSERR_PATH_NOT_FOUND;
    out[n] = 0;
    if (out[0] != '/')
        return 0;
    size_t k = w->h->root_len;
    if (strncmp(out, w->h->root, k) || (out[k] != '/' && out[k] != 0))
        return -DOSERR_ACCESS_DENIED;
    memmove(out, out + k, strlen(out + k) + 1);
    hw_end(w);
    return 0;
}

/* The next part of *p ('/'-separated; empty parts and "." skipped): 1,
 * 0 at the end, or -1 for a part longer than any host name (never cut
 * short: the shorter name could exist). */
static int next_part(const char **p, char *part)
{
    for (;;) {
        *p += strspn(*p, "/");
        size_t n = strcspn(*p, "/");
        const char *s = *p;
        *p += n;
        if (!n)
            return 0;
        if (n > NAME_MAX)
            return -1;
        if (n == 1 && s[0] == '.')
            continue;
        memcpy(part, s, n);
        part[n] = 0;
        return 1;
    }
}

static int walk_dirs(struct hw *w, const char *path)
{
    char part[NAME_MAX + 1];
    int more;
    while ((more = next_part(&path, part)) > 0) {
        int rc = hw_enter(w, part);
        if (rc < 0)
            return rc;
    }
    return more < 0 ? -DOSERR_PATH_NOT_FOUND : 0;
}

int hw_enter(struct hw *w, const char *name)
{
    char target[PATH_MAX];
    if (!strcmp(name, "..")) {
        if (!w->depth)
            return -DOSERR_ACCESS_DENIED; /* above the mount root */
        pop(w);
        return 0;
    }
    int fd = openat(hw_fd(w), name, DIR_OPEN);
    if (fd >= 0)
        return push(w, fd);
    if (errno != ENOTDIR && errno != ELOOP)
        return -DOSERR_PATH_NOT_FOUND;
    int rc = link_target(w, name, target, sizeof target);
    return rc < 0 ? rc : walk_dirs(w, target);
}

int hw_walk(struct hw *w, const char *host_rel)
{
    return walk_dirs(w, host_rel);
}

/* Split a link target into the directories to walk (left in target) and
 * its last part (into last, NAME_MAX + 1 bytes; "." for "/" or ".."
 * handled by the caller). False when the last part is too long. */
static bool split_last(char *target, char *last)
{
    size_t n = strlen(target);
    while (n > 1 && target[n - 1] == '/')
        target[--n] = 0;
    char *slash = strrchr(target, '/');
    const char *base = slash ? slash + 1 : target;
    if (strlen(base) > NAME_MAX)
        return false;
    snprintf(last, NAME_MAX + 1, "%s", *base ? base : ".");
    if (slash)
        slash[slash == target] = 0; /* "/x": the root stays as "/" */
    else
        target[0] = 0;
    return true;
}

/* One link at the end of a path: w moves to the directory holding its
 * target; the target's last part becomes w->name. */
static int follow_last(struct hw *w)
{
    char target[PATH_MAX], last[NAME_MAX + 1];
    int rc = link_target(w, w->name, target, sizeof target);
    if (rc < 0)
        return rc;
    if (!split_last(target, last))
        return -DOSERR_PATH_NOT_FOUND;
    rc = walk_dirs(w, target);
    if (rc == 0)
        snprintf(w->name, sizeof w->name, "%s", last);
    return rc;
}

int hw_last(struct hw *w, const char *name, bool follow)
{
    struct stat *st = &w->st;
    str_copy_n(w->name, sizeof w->name, name, SIZE_MAX);
    w->st_known = false;
    while (follow) {
        if (!strcmp(w->name, "..")) {
            int rc = hw_enter(w, "..");
            if (rc < 0)
                return rc;
            snprintf(w->name, sizeof w->name, ".");
        }
        if (!strcmp(w->name, ".") || fstatat(hw_fd(w), w->name, st, AT_SYMLINK_NOFOLLOW) < 0)
            return 0;
        if (!S_ISLNK(st->st_mode)) {
            w->st_known = true;
            return 0;
        }
        int rc = follow_last(w);
        if (rc < 0)
            return rc;
    }
    return 0;
}

int hw_link_stat(const struct host_drive *h, const char *dir_host_rel, const char *name,
                 struct stat *st)
{
    struct hw w;
    hw_start(&w, h);
    int rc = hw_walk(&w, dir_host_rel);
    if (rc == 0)
        rc = hw_last(&w, name, true);
    if (rc == 0 && w.st_known)
        *st = w.st;
    else if (rc == 0 && fstatat(hw_fd(&w), w.name, st, AT_SYMLINK_NOFOLLOW) < 0)
        rc = -DOSERR_FILE_NOT_FOUND;
    hw_end(&w);
    return rc;
}

int hw_open_root(const char *root)
{
    return open(root[0] ? root : "/", O_PATH | O_DIRECTORY | O_CLOEXEC);
}
