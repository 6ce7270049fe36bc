/* Host directory listings, cached per directory and checked against the
 * directory's mtime, and DOS path resolution that never leaves the root. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/common.h"
#include "base/doserr.h"
#include "base/log.h"
#include "base/stop.h"
#include "fs/host_impl.h"
#include "fs/path.h"

#define HC_BUCKETS 256
#define HOST_ITEMS_MIN 64 /* first size of a listing being read */
#define NS_PER_S 1000000000ll
/* A directory changed this close to our reading of it may have changed
 * again within the same timestamp tick (some file systems keep seconds):
 * a lookup that misses there asks the host directly. */
#define RACY_NS (2 * NS_PER_S)
#define SCAN_STOP_EVERY 4096 /* entries read between looks at the stop request */

static uint32_t hash_key(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (uint8_t)*s) * 16777619u;
    return h;
}

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * NS_PER_S + ts.tv_nsec;
}

static int64_t ts_ns(struct timespec t)
{
    return (int64_t)t.tv_sec * NS_PER_S + t.tv_nsec;
}

/* Entry kind of name in directory d (descriptor dirfd): attr, flags; false
 * when DOS must not see it (special files, links leaving the mount,
 * dangling or looping). */
static bool hc_classify(const struct host_drive *h, const struct hdir *d, int dirfd,
                        const char *name, struct fs_dl_item *it)
{
    struct stat s;
    memset(it, 0, sizeof *it);
    it->host = name;
    if (fstatat(dirfd, name, &s, AT_SYMLINK_NOFOLLOW) < 0)
        return false;
    if (S_ISLNK(s.st_mode)) {
        if (hw_link_stat(h, d->host_rel, name, &s) < 0)
            return false;
        it->flags = FS_DE_LINK;
    }
    if (!S_ISDIR(s.st_mode) && !S_ISREG(s.st_mode))
        return false;
    it->attr = (uint8_t)((S_ISDIR(s.st_mode) ? FS_ATTR_DIRECTORY : FS_ATTR_ARCHIVE) |
                         (name[0] == '.' ? FS_ATTR_HIDDEN : 0));
    return true;
}

/* Kind of a readdir entry without a system call when d_type tells. */
static bool classify_dirent(const struct host_drive *h, const struct hdir *d, int dirfd,
                            const struct dirent *de, struct fs_dl_item *it)
{
    if (de->d_type == DT_REG || de->d_type == DT_DIR) {
        memset(it, 0, sizeof *it);
        it->host = de->d_name;
        it->attr = (uint8_t)((de->d_type == DT_DIR ? FS_ATTR_DIRECTORY : FS_ATTR_ARCHIVE) |
                             (de->d_name[0] == '.' ? FS_ATTR_HIDDEN : 0));
        return true;
    }
    return hc_classify(h, d, dirfd, de->d_name, it);
}

/* The directory of dirfd opened for reading its entries (read-only
 * mounts: without moving its access time where the host allows). */
static int open_dir(const struct host_drive *h, int dirfd)
{
    int fl = O_RDONLY | O_DIRECTORY | O_CLOEXEC;
    int fd = h->readonly ? openat(dirfd, ".", fl | O_NOATIME) : -1;
    return fd >= 0 ? fd : openat(dirfd, ".", fl);
}

/* Read the whole directory (descriptor dirfd) and merge it into d's
 * listing. A stop request (--timeout, a signal) abandons a huge one. */
static int scan(struct host_drive *h, struct hdir *d, int dirfd)
{
    struct stat st;
    int fd = open_dir(h, dirfd);
    DIR *dp = fd >= 0 ? fdopendir(fd) : NULL;
    if (!dp) {
        if (fd >= 0)
            close(fd);
        return -DOSERR_PATH_NOT_FOUND;
    }
    fstat(fd, &st);
    size_t n = 0, cap = 0, seen = 0;
    struct fs_dl_item *items = NULL;
    struct dirent *de;
    while ((de = readdir(dp)) != NULL && (++seen % SCAN_STOP_EVERY || !stop_requested())) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        items = xgrow(items, n, &cap, HOST_ITEMS_MIN, sizeof *items);
        if (classify_dirent(h, d, dirfd, de, &items[n])) {
            items[n].host = xstrdup(de->d_name);
            n++;
        }
    }
    bool complete = de == NULL;
    if (complete)
        fs_dl_merge(&d->list, items, n);
    for (size_t i = 0; i < n; i++)
        free((void *)(uintptr_t)items[i].host);
    free(items);
    closedir(dp);
    if (!complete)
        return -DOSERR_PATH_NOT_FOUND;
    d->mtime = st.st_mtim;
    d->ino = st.st_ino;
    d->scan_ns = now_ns();
    d->scanned = true;
    LOG(LOG_FS, "listed %s/%s: %u entries", h->root, d->host_rel, d->list.n);
    return 0;
}

static struct hdir **slot(struct host_drive *h, const char *dos_rel)
{
    if (!h->buckets) {
        h->nbuckets = HC_BUCKETS;
        h->buckets = xcalloc(h->nbuckets, sizeof *h->buckets);
    }
    struct hdir **p = &h->buckets[hash_key(dos_rel) % h->nbuckets];
    while (*p && strcmp((*p)->dos_rel, dos_rel))
        p = &(*p)->next;
    return p;
}

/* Whether d's listing, read before, still holds for the directory of
 * fd (status st): the same directory, and unchanged (a watch reports
 * changes; without one, the mtime tells). */
static bool still_true(const struct hdir *d, const struct stat *st)
{
    if (!d->scanned || st->st_ino != d->ino)
        return false;
    return d->wd >= 0 ||
           (st->st_mtim.tv_sec == d->mtime.tv_sec && st->st_mtim.tv_nsec == d->mtime.tv_nsec);
}

/* d's listing read again from the host, watched from before the read. */
static int rescan(struct host_drive *h, struct hdir *d, int fd)
{
    if (d->scanned)
        LOG(LOG_FS, "%s/%s changed on the host: reading it again", h->root, d->host_rel);
    hwatch_drop(d);
    hwatch_add(d, fd);
    return scan(h, d, fd);
}

/* The cached directory dos_rel (reached by walking host_rel; r's walk is
 * in it), read or re-read when the host changed it. A watched directory
 * reached through watched ones only is taken as it is: any change of it
 * or of a name on the way would have been an event. */
static struct hdir *dir_get(struct host_drive *h, const char *dos_rel, const char *host_rel,
                            struct hres *r)
{
    struct hdir **p = slot(h, dos_rel), *d = *p;
    struct stat st;
    if (!d) {
        d = *p = xcalloc(1, sizeof *d);
        d->dos_rel = xstrdup(dos_rel);
        d->host_rel = xstrdup(host_rel);
        d->wd = -1;
        d->h = h;
    } else if (strcmp(d->host_rel, host_rel)) {
        free(d->host_rel);
        d->host_rel = xstrdup(host_rel);
        d->scanned = false;
    }
    if (r->watched && d->wd >= 0 && d->scanned)
        return d;
    if (fstat(hw_fd(&r->w), &st) < 0 || !S_ISDIR(st.st_mode))
        return NULL;
    if (!still_true(d, &st) && rescan(h, d, hw_fd(&r->w)) < 0)
        return NULL;
    r->watched = r->watched && d->wd >= 0;
    return d;
}

/* Ask the host for a name the listing lacks, in the spellings DOS names
 * are most likely to have there (as given, lower case). */
static long probe(struct host_drive *h, struct hdir *d, int dirfd, const char *dos)
{
    char name[NAME_MAX + 1];
    struct fs_dl_item it;
    for (int lower = 0; lower < 2; lower++) {
        if (fs_name_to_host(dos, lower, name, sizeof name) < 0)
            continue;
        if (fs_dl_find_host(&d->list, name) >= 0 || !hc_classify(h, d, dirfd, name, &it))
            continue;
        uint32_t k = fs_dl_add(&d->list, &it, NULL);
        LOG(LOG_FS, "%s appeared on the host as %s", name, d->list.e[k].dos);
        if (!strcmp(d->list.e[k].dos, dos))
            return (long)k;
    }
    return -1;
}

/* A watched listing misses only names the host does not have. */
static long lookup(struct host_drive *h, struct hdir *d, int dirfd, const char *dos)
{
    long i = fs_dl_find(&d->list, dos);
    if (i < 0 && d->wd < 0 && ts_ns(d->mtime) + RACY_NS > d->scan_ns)
        i = probe(h, d, dirfd, dos);
    return i;
}

static int append(char *buf, size_t cap, const char *sep, const char *part)
{
    size_t n = strlen(buf);
    int w = snprintf(buf + n, cap - n, "%s%s", n ? sep : "", part);
    return w < 0 || (size_t)w >= cap - n ? -DOSERR_PATH_NOT_FOUND : 0;
}

/* The new host name of a DOS name the guest creates. */
static int new_name(const struct host_drive *h, const char *dos, char *out)
{
    return fs_name_to_host(dos, h->lower, out, NAME_MAX + 1) < 0 ? -DOSERR_PATH_NOT_FOUND : 0;
}

/* One more directory of the path: walked into (a listed link only while
 * it stays inside), then its listing. */
static struct hdir *descend(struct host_drive *h, struct hres *r, const struct fs_dirent *e,
                            char *dos, char *host)
{
    if (append(dos, FS_PATH_MAX, "\\", e->dos) < 0 ||
        append(host, PATH_MAX, "/", e->host) < 0 || hw_enter(&r->w, e->host) < 0)
        return NULL;
    return dir_get(h, dos, host, r);
}

int hc_resolve(struct host_drive *h, const char *rel, struct hres *r)
{
    char dos[FS_PATH_MAX] = "", host[PATH_MAX] = "", part[FS_NAME83_MAX];
    r->idx = -1;
    r->dir = NULL;
    r->last = rel;
    str_copy_n(r->name, sizeof r->name, ".", SIZE_MAX);
    hw_start(&r->w, h);
    hwatch_drain();
    r->watched = true; /* the root: its descriptor is held */
    struct hdir *d = dir_get(h, "", "", r);
    while (d && *rel) {
        int n = fs_path_first(rel, part, sizeof part);
        if (n < 0)
            return -DOSERR_PATH_NOT_FOUND;
        long i = lookup(h, d, hw_fd(&r->w), part);
        const struct fs_dirent *e = i >= 0 ? &d->list.e[i] : NULL;
        if (rel[n] == 0) {
            r->dir = d;
            r->idx = i;
            r->last = rel;
            if (!e)
                return new_name(h, part, r->name);
            str_copy_n(r->name, sizeof r->name, e->host, SIZE_MAX);
            return 0;
        }
        if (!e || !(e->attr & FS_ATTR_DIRECTORY))
            return -DOSERR_PATH_NOT_FOUND;
        d = descend(h, r, e, dos, host);
        rel += n + 1;
    }
    return d ? 0 : -DOSERR_PATH_NOT_FOUND;
}

void hc_release(struct hres *r)
{
    hw_end(&r->w);
}

int hc_follow(struct hres *r)
{
    return hw_last(&r->w, r->name, true);
}

struct hdir *hc_dir(struct host_drive *h, const char *rel, struct hres *r, int *err)
{
    char dos[FS_PATH_MAX], host[PATH_MAX];
    *err = hc_resolve(h, rel, r);
    if (*err < 0)
        return NULL;
    if (!r->dir)
        return dir_get(h, "", "", r);
    const struct fs_dirent *e = r->idx >= 0 ? &r->dir->list.e[r->idx] : NULL;
    struct hdir *d = NULL;
    if (e && (e->attr & FS_ATTR_DIRECTORY)) {
        snprintf(dos, sizeof dos, "%.*s", (int)(r->last - rel), rel);
        size_t k = strlen(dos);
        if (k)
            dos[k - 1] = 0; /* without the '\\' before the last part */
        snprintf(host, sizeof host, "%s", r->dir->host_rel);
        d = descend(h, r, e, dos, host);
    }
    if (!d)
        *err = -DOSERR_PATH_NOT_FOUND;
    return d;
}

void hc_touched(struct hdir *d, int fd)
{
    struct stat st;
    if (d && d->wd < 0 && fstat(fd, &st) == 0) {
        d->mtime = st.st_mtim;
        d->ino = st.st_ino;
    }
}

static void free_dir(struct hdir *d)
{
    hwatch_drop(d);
    fs_dl_free(&d->list);
    free(d->dos_rel);
    free(d->host_rel);
    free(d);
}

void hc_forget(struct host_drive *h, const char *dos_rel)
{
    size_t n = strlen(dos_rel);
    if (!*slot(h, dos_rel))
        return; /* a directory below one is cached only with it */
    for (unsigned b = 0; b < h->nbuckets; b++)
        for (struct hdir **p = &h->buckets[b]; *p;) {
            struct hdir *d = *p;
            if (!strncmp(d->dos_rel, dos_rel, n) && (!d->dos_rel[n] || d->dos_rel[n] == '\\')) {
                *p = d->next;
                free_dir(d);
            } else {
                p = &d->next;
            }
        }
}

void hc_free_all(struct host_drive *h)
{
    for (unsigned b = 0; b < h->nbuckets; b++)
        while (h->buckets[b]) {
            struct hdir *d = h->buckets[b];
            h->buckets[b] = d->next;
            free_dir(d);
        }
    free(h->buckets);
    h->buckets = NULL;
}

void hc_changed(struct host_drive *h, struct hdir *d, const char *name)
{
    char sub[FS_PATH_MAX];
    long k = name ? fs_dl_find_host(&d->list, name) : -1;
    d->scanned = false;
    if (k < 0 || !(d->list.e[k].attr & FS_ATTR_DIRECTORY))
        return;
    snprintf(sub, sizeof sub, "%s%s%s", d->dos_rel, d->dos_rel[0] ? "\\" : "",
             d->list.e[k].dos);
    hc_forget(h, sub);
}
