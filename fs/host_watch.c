/* Host directory listings kept true by inotify: a watched directory's
 * cached listing is trusted without asking the host for its mtime, and
 * every host change in it (a name created, deleted or moved) is an event
 * read before the next DOS call resolves a path. Events our own changes
 * caused are recognised (they come in the order we made them) and
 * skipped; any other marks the directory to be read again. A lost watch,
 * an overflowing event queue or a file system whose changes inotify may
 * not see (network, FUSE) fall back to the mtime checks.
 *
 * The process has one inotify instance, opened at the first watch and
 * never closed: closing one waits for the kernel to retire its marks
 * (an SRCU grace period, 12-15 ms measured here, more than a 2,000-file
 * loop gains), while one whose watches were all removed goes with the
 * process at no cost. Drives remove their watches when they go. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "base/common.h"
#include "base/log.h"
#include "fs/host_impl.h"

/* Changes of a directory's names; what the cache holds depends on nothing
 * else (sizes, times and modes are read from the host at each use). */
#define NAME_EVENTS (IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO)
#define SELF_EVENTS (IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED | IN_UNMOUNT)
#define WATCH_MASK (NAME_EVENTS | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)
#define EVENT_BUF 16384 /* bytes read at once (at least one largest event) */
#define EVENT_MAX (sizeof(struct inotify_event) + NAME_MAX + 1)
#define OWN_MIN 16        /* first size of the queue of our own changes */
#define DRAIN_READS_MAX 8 /* full reads of the queue in one drain, at most */

/* statfs f_type values of local file systems, whose every change passes
 * through this kernel's inotify (linux/magic.h). */
static const long k_local_fs[] = {
    0xEF53,     /* EXT2/3/4_SUPER_MAGIC */
    0x01021994, /* TMPFS_MAGIC */
    0x58465342, /* XFS_SUPER_MAGIC */
    0x9123683E, /* BTRFS_SUPER_MAGIC */
    0xF2F52010, /* F2FS_SUPER_MAGIC */
    0x4D44,     /* MSDOS_SUPER_MAGIC (vfat) */
    0x2011BAB0, /* EXFAT_SUPER_MAGIC */
    0x5346544E, /* NTFS_SB_MAGIC */
    0x7366746E, /* NTFS3_SUPER_MAGIC */
    0x3153464A, /* JFS_SUPER_MAGIC */
    0x52654973, /* REISERFS_SUPER_MAGIC */
    0x858458F6, /* RAMFS_MAGIC */
};

static bool local_fs(int dirfd)
{
    struct statfs s;
    if (fstatfs(dirfd, &s) < 0)
        return false;
    for (size_t i = 0; i < ARRAY_LEN(k_local_fs); i++)
        if ((long)s.f_type == k_local_fs[i])
            return true;
    return false;
}

/* The process's inotify instance and what it watches. */
static struct {
    int fd;    /* -1: none (yet, or no more) */
    bool open; /* opening was tried */
    struct hdir **by_wd;
    unsigned nby_wd;
    struct hwatch_own {
        int wd;
        uint32_t event; /* IN_CREATE, IN_DELETE, IN_MOVED_FROM, IN_MOVED_TO */
        char name[NAME_MAX + 1];
    } * own; /* our own changes whose events are still to come, in order */
    size_t nown, own_head, own_cap;
} g_watch = {.fd = -1};

static int instance(void)
{
    if (!g_watch.open) {
        g_watch.open = true;
        g_watch.fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
        if (g_watch.fd < 0)
            LOG(LOG_FS, "inotify: %s; directories checked by mtime", strerror(errno));
    }
    return g_watch.fd;
}

/* A watch is gone: none of our changes under it is still to come (the
 * events left in the queue name a watch no directory has). */
static void forget_own(int wd)
{
    for (size_t k = g_watch.own_head; k < g_watch.nown; k++)
        if (g_watch.own[k].wd == wd)
            g_watch.own[k].wd = -1;
}

void hwatch_drop(struct hdir *d)
{
    if (d->wd < 0)
        return;
    forget_own(d->wd);
    g_watch.by_wd[d->wd] = NULL;
    inotify_rm_watch(g_watch.fd, d->wd);
    d->wd = -1;
}

static void grow_by_wd(int wd)
{
    if ((unsigned)wd < g_watch.nby_wd)
        return;
    size_t n = MAX((size_t)wd + 1, 2 * (size_t)g_watch.nby_wd);
    g_watch.by_wd = xreallocarray(g_watch.by_wd, n, sizeof *g_watch.by_wd);
    memset(g_watch.by_wd + g_watch.nby_wd, 0, (n - g_watch.nby_wd) * sizeof *g_watch.by_wd);
    g_watch.nby_wd = (unsigned)n;
}

void hwatch_add(struct hdir *d, int dirfd)
{
    char p[sizeof "/proc/self/fd/" + 12];
    if (!d->h->watch || d->wd >= 0 || instance() < 0 || !local_fs(dirfd))
        return;
    snprintf(p, sizeof p, "/proc/self/fd/%d", dirfd);
    int wd = inotify_add_watch(g_watch.fd, p, WATCH_MASK);
    if (wd < 0) {
        LOG(LOG_FS, "inotify watch of %s/%s: %s", d->h->root, d->host_rel, strerror(errno));
        return;
    }
    grow_by_wd(wd);
    if (g_watch.by_wd[wd])
        return;
    g_watch.by_wd[wd] = d;
    d->wd = wd;
}

void hwatch_own(const struct hdir *d, uint32_t event, const char *name)
{
    if (!d || d->wd < 0)
        return;
    if (g_watch.own_head == g_watch.nown) {
        g_watch.own_head = 0;
        g_watch.nown = 0;
    }
    g_watch.own = xgrow(g_watch.own, g_watch.nown, &g_watch.own_cap, OWN_MIN,
                        sizeof *g_watch.own);
    struct hwatch_own *o = &g_watch.own[g_watch.nown++];
    o->wd = d->wd;
    o->event = event;
    str_copy_n(o->name, sizeof o->name, name, SIZE_MAX);
}

/* True when ev is the next of our own changes still to come. */
static bool is_own(const struct inotify_event *ev)
{
    while (g_watch.own_head < g_watch.nown && g_watch.own[g_watch.own_head].wd < 0)
        g_watch.own_head++;
    if (g_watch.own_head == g_watch.nown)
        return false;
    const struct hwatch_own *o = &g_watch.own[g_watch.own_head];
    if (o->wd != ev->wd || o->event != (ev->mask & NAME_EVENTS) || !ev->len ||
        strcmp(o->name, ev->name))
        return false;
    g_watch.own_head++;
    return true;
}

/* Events were lost (or are left unread): every watched listing is read
 * again, and none of our own changes is still to come (those not read
 * were dropped; one still queued counts as the host's: read again). */
static void overflow(void)
{
    LOG(LOG_FS, "inotify: events lost; every watched directory is read again");
    g_watch.own_head = 0;
    g_watch.nown = 0;
    for (unsigned wd = 0; wd < g_watch.nby_wd; wd++)
        if (g_watch.by_wd[wd])
            g_watch.by_wd[wd]->scanned = false;
}

/* The queue cannot be read: no listing is trusted any more, and every
 * directory is checked by its mtime from now on. */
static void give_up(void)
{
    LOG(LOG_FS, "inotify: %s; directories checked by mtime from now on", strerror(errno));
    overflow();
    for (unsigned wd = 0; wd < g_watch.nby_wd; wd++)
        if (g_watch.by_wd[wd]) {
            g_watch.by_wd[wd]->wd = -1;
            g_watch.by_wd[wd] = NULL;
        }
    close(g_watch.fd);
    g_watch.fd = -1;
}

static void apply(const struct inotify_event *ev)
{
    if (ev->mask & IN_Q_OVERFLOW) {
        overflow();
        return;
    }
    bool known = ev->wd >= 0 && (unsigned)ev->wd < g_watch.nby_wd;
    struct hdir *d = known ? g_watch.by_wd[ev->wd] : NULL;
    if (!d || is_own(ev))
        return;
    if (ev->mask & IN_IGNORED) {
        forget_own(d->wd);
        g_watch.by_wd[d->wd] = NULL;
        d->wd = -1;
    }
    if (ev->mask & SELF_EVENTS) {
        d->scanned = false;
        return;
    }
    LOG(LOG_FS, "%s/%s: %s changed on the host", d->h->root, d->host_rel,
        ev->len ? ev->name : "");
    hc_changed(d->h, d, ev->len ? ev->name : NULL);
}

void hwatch_drain(void)
{
    char buf[EVENT_BUF] __attribute__((aligned(__alignof__(struct inotify_event))));
    for (unsigned reads = 0; g_watch.fd >= 0; reads++) {
        if (reads == DRAIN_READS_MAX) {
            overflow(); /* the host changes faster than we read: read it all again */
            return;
        }
        ssize_t n = read(g_watch.fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno != EAGAIN)
            give_up();
        if (n <= 0)
            return;
        for (ssize_t at = 0; at < n;) {
            const struct inotify_event *ev = (const struct inotify_event *)(buf + at);
            apply(ev);
            at += (ssize_t)(sizeof *ev + ev->len);
        }
        if ((size_t)n <= sizeof buf - EVENT_MAX)
            return; /* the kernel stops only at an event that does not fit: none was left */
    }
}
