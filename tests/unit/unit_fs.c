/* Temporary host trees for the fs and dosapi suites. */
#include "tests/unit/unit_fs.h"

#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/unit/unit.h"

void ufs_tree_new(struct ufs_tree *t)
{
    snprintf(t->root, sizeof t->root, "/tmp/unidos-test-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(t->root));
}

static int rm_one(const char *p, const struct stat *s, int type, struct FTW *f)
{
    (void)s;
    (void)f;
    if (type == FTW_DP)
        return rmdir(p);
    /* Never chmod through a symlink: the sandbox suite's mount/ABS points
     * at /etc, and chmod follows links (this once left /etc mode 0600). */
    if (type == FTW_F)
        chmod(p, 0600);
    return unlink(p);
}

void ufs_tree_free(struct ufs_tree *t)
{
    nftw(t->root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

const char *ufs_path(struct ufs_tree *t, const char *rel)
{
    snprintf(t->buf, sizeof t->buf, "%s/%s", t->root, rel);
    return t->buf;
}

void ufs_mkdir(struct ufs_tree *t, const char *rel)
{
    ck_assert_int_eq(mkdir(ufs_path(t, rel), 0777), 0);
}

void ufs_write(struct ufs_tree *t, const char *rel, const char *text)
{
    FILE *f = fopen(ufs_path(t, rel), "wb");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

void ufs_symlink(struct ufs_tree *t, const char *target, const char *rel)
{
    ck_assert_int_eq(symlink(target, ufs_path(t, rel)), 0);
}

void ufs_unlink(struct ufs_tree *t, const char *rel)
{
    ck_assert_int_eq(unlink(ufs_path(t, rel)), 0);
}

bool ufs_exists(struct ufs_tree *t, const char *rel)
{
    struct stat s;
    return lstat(ufs_path(t, rel), &s) == 0;
}

const char *ufs_read(struct ufs_tree *t, const char *rel, char *buf, size_t cap)
{
    FILE *f = fopen(ufs_path(t, rel), "rb");
    size_t n = f ? fread(buf, 1, cap - 1, f) : 0;
    buf[n] = 0;
    if (f)
        fclose(f);
    return buf;
}

/* Read without touching the access time (the snapshot must not change
 * what it records). */
static FILE *open_noatime(const char *p)
{
    int fd = open(p, O_RDONLY | O_NOATIME);
    return fd < 0 ? NULL : fdopen(fd, "rb");
}

static unsigned long hash_file(const char *p)
{
    unsigned long h = 5381;
    int c;
    FILE *f = open_noatime(p);
    while (f && (c = getc(f)) != EOF)
        h = h * 33 + (unsigned)c;
    if (f)
        fclose(f);
    return h;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void walk(const char *dir, const char *rel, bool atime, char ***lines, size_t *n)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOATIME);
    DIR *d = fd < 0 ? NULL : fdopendir(fd);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        char p[PATH_MAX], r[PATH_MAX], line[PATH_MAX + 200];
        struct stat s;
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        snprintf(r, sizeof r, "%s%s%s", rel, rel[0] ? "/" : "", e->d_name);
        lstat(p, &s);
        snprintf(line, sizeof line, "%s %o %lld %lx m%lld.%09ld c%lld.%09ld a%lld.%09ld", r,
                 (unsigned)s.st_mode, (long long)s.st_size,
                 S_ISREG(s.st_mode) ? hash_file(p) : 0ul, (long long)s.st_mtim.tv_sec,
                 s.st_mtim.tv_nsec, (long long)s.st_ctim.tv_sec, s.st_ctim.tv_nsec,
                 atime ? (long long)s.st_atim.tv_sec : 0ll, atime ? s.st_atim.tv_nsec : 0l);
        *lines = realloc(*lines, (*n + 1) * sizeof **lines);
        (*lines)[(*n)++] = strdup(line);
        if (S_ISDIR(s.st_mode))
            walk(p, r, atime, lines, n);
    }
    if (d)
        closedir(d);
}

void ufs_snapshot_ex(struct ufs_tree *t, const char *rel, bool with_atime, char *out,
                     size_t cap)
{
    char **lines = NULL, dir[PATH_MAX];
    size_t n = 0, len = 0;
    snprintf(dir, sizeof dir, "%s", ufs_path(t, rel));
    walk(dir, "", with_atime, &lines, &n);
    qsort(lines, n, sizeof *lines, by_name);
    out[0] = 0;
    for (size_t i = 0; i < n; i++) {
        len += (size_t)snprintf(out + len, len < cap ? cap - len : 0, "%s\n", lines[i]);
        free(lines[i]);
    }
    free(lines);
    ck_assert_uint_lt(len, cap);
}
