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
#include "fs/host_impl.h"
#include "fs/path.h"

#define HC_BUCKETS 256
#define HOST_ITEMS_MIN 64               /* first size of a listing being read */
#define NS_PER_S 1000000000ll
/* A directory changed this close to our reading of it may have changed
 * again within the same timestamp tick (some file systems keep seconds):
 * a lookup that misses there asks the host directly. */
#define RACY_NS (2 * NS_PER_S)

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

bool hc_inside(const struct host_drive *h, const char *p)
{
    char real[PATH_MAX];
    if (!realpath(p, real))
        return false;
    return !strncmp(real, h->root, h->root_len) &&
           (real[h->root_len] == '/' || real[h->root_len] == 0);
}

/* Entry kind from a host lstat: attr, flags; false when DOS must not see it
 * (special files, symlinks leaving the mount or dangling). */
static bool hc_classify(const struct host_drive *h, const char *path, const char *name,
                 struct fs_dl_item *it)
{
    struct stat s;
    memset(it, 0, sizeof *it);
    it->host = name;
    if (lstat(path, &s) < 0)
        return false;
    if (S_ISLNK(s.st_mode)) {
        if (!hc_inside(h, path) || stat(path, &s) < 0)
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
static bool classify_dirent(const struct host_drive *h, const char *dir_path,
                            const struct dirent *de, struct fs_dl_item *it)
{
    char p[PATH_MAX];
    if (de->d_type == DT_REG || de->d_type == DT_DIR) {
        memset(it, 0, sizeof *it);
        it->host = de->d_name;
        it->attr = (uint8_t)((de->d_type == DT_DIR ? FS_ATTR_DIRECTORY : FS_ATTR_ARCHIVE) |
                             (de->d_name[0] == '.' ? FS_ATTR_HIDDEN : 0));
        return true;
    }
    if ((size_t)snprintf(p, sizeof p, "%s/%s", dir_path, de->d_name) >= sizeof p)
        return false;
    return hc_classify(h, p, de->d_name, it);
}

static int open_dir(const struct host_drive *h, const char *path)
{
    int fl = O_RDONLY | O_DIRECTORY | O_CLOEXEC;
    int fd = h->readonly ? open(path, fl | O_NOATIME) : -1;
    return fd >= 0 ? fd : open(path, fl);
}

/* Read the whole directory and merge it into d's listing. */
static int scan(struct host_drive *h, struct hdir *d, const char *path)
{
    struct stat st;
    int fd = open_dir(h, path);
    DIR *dp = fd >= 0 ? fdopendir(fd) : NULL;
    if (!dp) {
        if (fd >= 0)
            close(fd);
        return -DOSERR_PATH_NOT_FOUND;
    }
    fstat(fd, &st);
    size_t n = 0, cap = 0;
    struct fs_dl_item *items = NULL;
    struct dirent *de;
    while ((de = readdir(dp)) != NULL) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        items = xgrow(items, n, &cap, HOST_ITEMS_MIN, sizeof *items);
        if (classify_dirent(h, path, de, &items[n])) {
            items[n].host = xstrdup(de->d_name);
            n++;
        }
    }
    fs_dl_merge(&d->list, items, n);
    for (size_t i = 0; i < n; i++)
        free((void *)(uintptr_t)items[i].host);
    free(items);
    closedir(dp);
    d->mtime = st.st_mtim;
    d->ino = st.st_ino;
    d->scan_ns = now_ns();
    d->scanned = true;
    LOG(LOG_FS, "listed %s: %u entries", path, d->list.n);
    return 0;
}

/* root/host_rel; false when it does not fit (never use a cut path: its
 * prefix could name something else). */
static bool abs_path(const struct host_drive *h, const char *host_rel, char *out)
{
    int n = host_rel[0] ? snprintf(out, PATH_MAX, "%s/%s", h->root, host_rel)
                        : snprintf(out, PATH_MAX, "%s", h->root[0] ? h->root : "/");
    return n >= 0 && n < PATH_MAX;
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

/* The cached directory dos_rel (host host_rel), read or re-read when the
 * host changed it. */
static struct hdir *dir_get(struct host_drive *h, const char *dos_rel, const char *host_rel,
                            char *path)
{
    struct hdir **p = slot(h, dos_rel), *d = *p;
    struct stat st;
    if (!abs_path(h, host_rel, path))
        return NULL;
    if (!d) {
        d = *p = xcalloc(1, sizeof *d);
        d->dos_rel = xstrdup(dos_rel);
        d->host_rel = xstrdup(host_rel);
    } else if (strcmp(d->host_rel, host_rel)) {
        free(d->host_rel);
        d->host_rel = xstrdup(host_rel);
        d->scanned = false;
    }
    /* The host may have swapped the directory for a link since it was
     * listed, keeping the parent's mtime (tar, rsync, or the same
     * timestamp tick): a link is followed only when it stays inside. */
    if (lstat(path, &st) < 0 ||
        (S_ISLNK(st.st_mode) && (!hc_inside(h, path) || stat(path, &st) < 0)) ||
        !S_ISDIR(st.st_mode))
        return NULL;
    if (d->scanned && st.st_ino == d->ino && st.st_mtim.tv_sec == d->mtime.tv_sec &&
        st.st_mtim.tv_nsec == d->mtime.tv_nsec)
        return d;
    if (d->scanned)
        LOG(LOG_FS, "%s changed on the host: reading it again", path);
    return scan(h, d, path) == 0 ? d : NULL;
}

/* Ask the host for a name the listing lacks, in the spellings DOS names
 * are most likely to have there (as given, lower case). */
static long probe(struct host_drive *h, struct hdir *d, const char *dir_path, const char *dos)
{
    char name[NAME_MAX + 1], p[PATH_MAX];
    struct fs_dl_item it;
    for (int lower = 0; lower < 2; lower++) {
        if (fs_name_to_host(dos, lower, name, sizeof name) < 0 ||
            (size_t)snprintf(p, sizeof p, "%s/%s", dir_path, name) >= sizeof p)
            continue;
        if (fs_dl_find_host(&d->list, name) >= 0 || !hc_classify(h, p, name, &it))
            continue;
        uint32_t k = fs_dl_add(&d->list, &it, NULL);
        LOG(LOG_FS, "%s appeared on the host as %s", p, d->list.e[k].dos);
        if (!strcmp(d->list.e[k].dos, dos))
            return (long)k;
    }
    return -1;
}

static long lookup(struct host_drive *h, struct hdir *d, const char *dir_path, const char *dos)
{
    long i = fs_dl_find(&d->list, dos);
    if (i < 0 && ts_ns(d->mtime) + RACY_NS > d->scan_ns)
        i = probe(h, d, dir_path, dos);
    return i;
}

static int append(char *buf, size_t cap, const char *sep, const char *part)
{
    size_t n = strlen(buf);
    int w = snprintf(buf + n, cap - n, "%s%s", n ? sep : "", part);
    return w < 0 || (size_t)w >= cap - n ? -DOSERR_PATH_NOT_FOUND : 0;
}

/* The new host name of a DOS name the guest creates. */
static int new_name(const struct host_drive *h, const char *dir_path, const char *dos,
                    char *out)
{
    char name[NAME_MAX + 1];
    if (fs_name_to_host(dos, h->lower, name, sizeof name) < 0 ||
        (size_t)snprintf(out, PATH_MAX, "%s/%s", dir_path, name) >= PATH_MAX)
        return -DOSERR_PATH_NOT_FOUND;
    return 0;
}

/* An entry listed as a plain file or directory may have been swapped on the
 * host for a link since (the parent's mtime kept, or within its timestamp
 * tick): like a listed link, it is used only when it resolves inside. */
static bool stays_inside(const struct host_drive *h, const struct fs_dirent *e, const char *path)
{
    struct stat s;
    if (!(e->flags & FS_DE_LINK) && (lstat(path, &s) < 0 || !S_ISLNK(s.st_mode)))
        return true;
    return hc_inside(h, path);
}

int hc_resolve(struct host_drive *h, const char *rel, struct hres *r)
{
    char dos[FS_PATH_MAX] = "", host[PATH_MAX] = "", part[FS_NAME83_MAX];
    r->idx = -1;
    r->dir = NULL;
    r->last = rel;
    abs_path(h, "", r->path);
    struct hdir *d = dir_get(h, "", "", r->dir_path);
    if (!d)
        return -DOSERR_PATH_NOT_FOUND;
    while (*rel) {
        int n = fs_path_first(rel, part, sizeof part);
        if (n < 0)
            return -DOSERR_PATH_NOT_FOUND;
        long i = lookup(h, d, r->dir_path, part);
        const struct fs_dirent *e = i >= 0 ? &d->list.e[i] : NULL;
        if (rel[n] == 0) {
            r->dir = d;
            r->idx = i;
            r->last = rel;
            if (!e)
                return new_name(h, r->dir_path, part, r->path);
            if ((size_t)snprintf(r->path, sizeof r->path, "%s/%s", r->dir_path, e->host) >=
                sizeof r->path)
                return -DOSERR_PATH_NOT_FOUND;
            return stays_inside(h, e, r->path) ? 0 : -DOSERR_ACCESS_DENIED;
        }
        if (!e || !(e->attr & FS_ATTR_DIRECTORY))
            return -DOSERR_PATH_NOT_FOUND;
        if (append(dos, sizeof dos, "\\", e->dos) < 0 || append(host, sizeof host, "/", e->host))
            return -DOSERR_PATH_NOT_FOUND;
        d = dir_get(h, dos, host, r->dir_path);        /* refuses links leaving the root */
        if (!d)
            return -DOSERR_PATH_NOT_FOUND;
        rel += n + 1;
    }
    return 0;
}

struct hdir *hc_dir(struct host_drive *h, const char *rel, char *host_path, int *err)
{
    struct hres r;
    *err = hc_resolve(h, rel, &r);
    if (*err < 0)
        return NULL;
    if (!r.dir) {
        snprintf(host_path, PATH_MAX, "%s", r.path);
        return dir_get(h, "", "", host_path);
    }
    const struct fs_dirent *e = r.idx >= 0 ? &r.dir->list.e[r.idx] : NULL;
    if (!e || !(e->attr & FS_ATTR_DIRECTORY)) {
        *err = -DOSERR_PATH_NOT_FOUND;
        return NULL;
    }
    char host[PATH_MAX];
    if ((size_t)snprintf(host, sizeof host, "%s%s%s", r.dir->host_rel,
                         r.dir->host_rel[0] ? "/" : "", e->host) >= sizeof host) {
        *err = -DOSERR_PATH_NOT_FOUND;
        return NULL;
    }
    struct hdir *d = dir_get(h, rel, host, host_path);
    if (!d)
        *err = -DOSERR_PATH_NOT_FOUND;
    return d;
}

void hc_touched(struct hdir *d, const char *dir_path)
{
    struct stat st;
    if (d && stat(dir_path, &st) == 0) {
        d->mtime = st.st_mtim;
        d->ino = st.st_ino;
    }
}

static void free_dir(struct hdir *d)
{
    fs_dl_free(&d->list);
    free(d->dos_rel);
    free(d->host_rel);
    free(d);
}

void hc_forget(struct host_drive *h, const char *dos_rel)
{
    size_t n = strlen(dos_rel);
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
