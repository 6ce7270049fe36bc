/* Reading, writing and copying host files and trees. */
#include "harness/files.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/common.h"

#define COPY_CHUNK 65536

/* path opened for reading, a regular file only: a FIFO would block the
 * runner. */
static FILE *open_file(const char *path)
{
    int fd = open_regular(path);
    if (fd < 0)
        return NULL;
    FILE *f = fdopen(fd, "rb");
    if (!f)
        close(fd);
    return f;
}

int files_read(const char *path, char **out, size_t *n)
{
    FILE *f = open_file(path);
    if (!f)
        return -errno;
    char *d = NULL;
    size_t cap = 0, len = 0, k;
    do {
        d = xgrow(d, len + 1, &cap, COPY_CHUNK, 1);
        k = fread(d + len, 1, cap - len - 1, f);
        len += k;
    } while (k);
    int rc = ferror(f) ? -EIO : 0;
    fclose(f);
    d[len] = 0;
    *out = d;
    *n = len;
    return rc;
}

int files_write(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -errno;
    bool ok = fwrite(data, 1, n, f) == n;
    if ((fclose(f) != 0) | !ok)
        return -EIO;
    return 0;
}

int files_copy(const char *from, const char *to)
{
    char *d;
    size_t n;
    int rc = files_read(from, &d, &n);
    if (rc == 0) {
        rc = files_write(to, d, n);
        free(d);
    }
    return rc;
}

int files_mkdirs(const char *path)
{
    char p[PATH_MAX];
    if (snprintf(p, sizeof p, "%s", path) >= (int)sizeof p)
        return -ENAMETOOLONG;
    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = 0;
        if (mkdir(p, 0777) < 0 && errno != EEXIST)
            return -errno;
        *s = '/';
    }
    if (mkdir(p, 0777) < 0 && errno != EEXIST)
        return -errno;
    return 0;
}

bool files_is_dir(const char *path)
{
    struct stat s;
    return stat(path, &s) == 0 && S_ISDIR(s.st_mode);
}

bool files_exists(const char *path)
{
    return access(path, F_OK) == 0;
}

/* Call fn(from/name, to/name) for each entry of dir from but skip. */
static int each(const char *from, const char *to, const char *skip,
                int (*fn)(const char *f, const char *t))
{
    DIR *d = opendir(from);
    if (!d)
        return -errno;
    int rc = 0;
    struct dirent *e;
    while (rc == 0 && (e = readdir(d)) != NULL) {
        char f[PATH_MAX], t[PATH_MAX];
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
            (skip && !strcmp(e->d_name, skip)))
            continue;
        if (snprintf(f, sizeof f, "%s/%s", from, e->d_name) >= (int)sizeof f ||
            snprintf(t, sizeof t, "%s/%s", to ? to : "", e->d_name) >= (int)sizeof t)
            rc = -ENAMETOOLONG;
        else
            rc = fn(f, t);
    }
    closedir(d);
    return rc;
}

static int remove_one(const char *path, const char *unused)
{
    struct stat s;
    UNUSED(unused);
    if (lstat(path, &s) < 0)
        return errno == ENOENT ? 0 : -errno;
    if (S_ISDIR(s.st_mode)) {
        int rc = each(path, NULL, NULL, remove_one);
        if (rc < 0)
            return rc;
        return rmdir(path) < 0 ? -errno : 0;
    }
    return unlink(path) < 0 ? -errno : 0;
}

int files_remove_tree(const char *path)
{
    return remove_one(path, NULL);
}

/* A link is copied as the same link (what it reaches is the drive's
 * business: links leaving it stay hidden from the program); FIFOs,
 * sockets and device nodes are left out. */
static int copy_one(const char *from, const char *to)
{
    struct stat s;
    char target[PATH_MAX];
    if (lstat(from, &s) < 0)
        return -errno;
    if (S_ISDIR(s.st_mode)) {
        if (mkdir(to, 0777) < 0 && errno != EEXIST)
            return -errno;
        return each(from, to, NULL, copy_one);
    }
    if (S_ISLNK(s.st_mode)) {
        ssize_t n = readlink(from, target, sizeof target - 1);
        if (n < 0)
            return -errno;
        target[n] = 0;
        return symlink(target, to) < 0 ? -errno : 0;
    }
    if (!S_ISREG(s.st_mode))
        return 0;
    int rc = files_copy(from, to);
    if (rc == 0)
        chmod(to, s.st_mode & 0777);
    return rc;
}

int files_copy_tree(const char *from, const char *to, const char *skip)
{
    int rc = files_mkdirs(to);
    return rc < 0 ? rc : each(from, to, skip, copy_one);
}

bool files_find_nocase(const char *path, char *out, size_t cap)
{
    if (files_exists(path)) {
        snprintf(out, cap, "%s", path);
        return true;
    }
    const char *slash = strrchr(path, '/');
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - path) : 1, slash ? path : ".");
    const char *base = slash ? slash + 1 : path;
    DIR *d = opendir(slash == path ? "/" : dir);
    struct dirent *e;
    bool found = false;
    while (d && !found && (e = readdir(d)) != NULL)
        if (!strcasecmp(e->d_name, base) &&
            (size_t)snprintf(out, cap, "%s/%s", dir, e->d_name) < cap)
            found = true;
    if (d)
        closedir(d);
    return found;
}
