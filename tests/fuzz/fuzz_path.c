/* Fuzz target: DOS path normalisation, 8.3 names and the host directory
 * resolver, with the sandbox invariant checked on every input.
 *
 * Input: lines ('\n'); each is an operation byte, then a DOS path (a
 * second path after '\t' for RENAME). The drives: C: = BASE/c, a tree with
 * long names and symlinks (to a file and a directory inside, to the
 * sentinel directory BASE/outside by relative and absolute paths, dangling,
 * looping); D: = BASE/d read-only; E: = BASE/c/SUB (a mount inside a
 * mount). Operations 14 and 15 are the host swapping a directory or a
 * file for a link to outside behind the cache's back.
 *
 * Invariants: the normalised path and every 8.3 form are well formed; the
 * host path the resolver gives lies inside the mount (an existing entry
 * resolves inside; a new name is one plain component of a directory that
 * resolves inside); no host descriptor is open outside the mounts; no read
 * returns the sentinel's contents; nothing outside the mounts and nothing on
 * the read-only drive changes. */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/doserr.h"
#include "fs/drive.h"
#include "fs/fs.h"
#include "fs/host_impl.h"
#include "fs/names83.h"
#include "fs/path.h"
#include "tests/fuzz/fz.h"

#define LINE_MAX_BYTES 300
#define MAX_LINES 32
#define DRIVE_C 2
#define DRIVE_D 3
#define DRIVE_E 4
#define NOPS 16

enum op { TRUENAME, OPEN_R, OPEN_RW, CREATE, STAT, UNLINK, RENAME, MKDIR, RMDIR, ATTR, CHDIR,
          FIND, DRIVE, CREATE_NEW, SWAP_DIR, SWAP_FILE };

static char g_root[PATH_MAX];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fz_tree_init();
    fz_path("c", g_root);
    return 0;
}

static void make_tree(void)
{
    char abs_outside[PATH_MAX + 8];
    fz_reset_dir("c");
    fz_mkdir("c/SUB");
    fz_mkdir("c/MOVE");
    fz_mkdir("c/a directory with a long name");
    fz_write("c/INSIDE.TXT", "inside", 6);
    fz_write("c/MOVE.TXT", "move", 4);
    fz_write("c/SUB/FILE.TXT", "file", 4);
    fz_write("c/MOVE/IN.TXT", "in", 2);
    fz_write("c/Long File Name.Text", "long", 4);
    fz_write("c/a directory with a long name/x.y.z", "xyz", 3);
    fz_symlink("../outside", "c/UP");
    fz_path("outside", abs_outside);
    fz_symlink(abs_outside, "c/ABS");
    fz_symlink("../outside/SECRET.TXT", "c/SECRET.LNK");
    fz_symlink("../outside/NEW.TXT", "c/DANGLE");
    fz_symlink("SUB/FILE.TXT", "c/OK.LNK");
    fz_symlink("SUB", "c/SUBLINK");
    fz_symlink("LOOP", "c/LOOP");
    fz_symlink("SUB/../../outside", "c/SUBUP");
}

/* p is inside root: a path below it, or root itself. */
static bool under_root(const char *p)
{
    size_t n = strlen(g_root);
    return !strncmp(p, g_root, n) && (p[n] == '/' || p[n] == 0);
}

/* The host path a descriptor stands for. */
static void fd_path(int fd, char *out)
{
    char p[64];
    snprintf(p, sizeof p, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(p, out, PATH_MAX - 1);
    out[n < 0 ? 0 : n] = 0;
}

static void check_host_path(struct hres *r, int rc, const char *rel)
{
    char dir[PATH_MAX], real[PATH_MAX], p[PATH_MAX * 2];
    if (rc < 0)
        return;
    /* The walk is in a directory inside; the entry's host name is one
     * plain component of it (a new name: missing on the host, or an entry
     * the listing hides, which the backends never follow). */
    fd_path(hw_fd(&r->w), dir);
    FZ_CHECK(under_root(dir), "'%s': directory %s is outside the mount", rel, dir);
    FZ_CHECK(!strchr(r->name, '/') && strcmp(r->name, "..") && r->name[0] &&
                 (!r->dir || strcmp(r->name, ".")),
             "'%s': host name '%s'", rel, r->name);
    if (r->dir && r->idx < 0)
        return;
    /* The root or a listed entry: followed, it ends inside. */
    if (hc_follow(r) < 0)
        return;
    fd_path(hw_fd(&r->w), dir);
    snprintf(p, sizeof p, "%s/%s", dir, r->w.name);
    FZ_CHECK(!realpath(p, real) || under_root(real), "'%s' resolves to %s, outside the mount",
             rel, real);
}

/* Every part of a normalised path is a name the backends can take. */
static void check_normalised(const char *rel)
{
    FZ_CHECK(rel[0] != '\\', "normalised path starts with '\\': %s", rel);
    for (const char *p = rel; *p;) {
        size_t n = strcspn(p, "\\");
        char part[FS_NAME83_MAX + 4], host[64];
        FZ_CHECK(n > 0 && n < FS_NAME83_MAX, "part of %zu bytes in %s", n, rel);
        memcpy(part, p, n);
        part[n] = 0;
        FZ_CHECK(strcmp(part, ".") && strcmp(part, ".."), "'%s' left in %s", part, rel);
        FZ_CHECK(!strchr(part, '/'), "'/' in part %s", part);
        FZ_CHECK(fs_name_to_host(part, false, host, sizeof host) == 0 && !strchr(host, '/'),
                 "host name of %s", part);
        p += n + (p[n] != 0);
    }
}

/* The resolver itself on the normalised path (C: only). */
static void resolve(struct host_drive *h, const char *path)
{
    unsigned drive;
    char rel[FS_PATH_MAX];
    struct hres r;
    if (fs_path_normalize(path, DRIVE_C, NULL, &drive, rel, sizeof rel) < 0)
        return;
    check_normalised(rel);
    FZ_CHECK(drive < FS_MAX_DRIVES, "drive %u", drive);
    check_host_path(&r, hc_resolve(h, rel, &r), rel);
    hc_release(&r);
}

/* 8.3 forms of one raw name: aliases and plain names are valid 8.3 names,
 * FCB forms round-trip into well-formed names. */
static void names(const char *raw)
{
    char out[FS_NAME83_MAX], back[FS_NAME83_MAX];
    uint8_t fcb[FS_FCB_NAME_BYTES];
    fs_name_alias(raw, 1 + (unsigned)(strlen(raw) % 12), out);
    FZ_CHECK(fs_name_is_83(out), "alias '%s' of '%s' is not 8.3", out, raw);
    if (fs_name_plain83(raw, out))
        FZ_CHECK(fs_name_is_83(out), "plain name '%s' of '%s' is not 8.3", out, raw);
    fs_name_to_fcb(raw, fcb);
    fs_fcb_to_name(fcb, back);
    FZ_CHECK(strlen(back) < FS_NAME83_MAX, "FCB name too long");
}

static void read_check(struct fs_file *fl, const char *path)
{
    char buf[64] = {0};
    fs_read(fl, buf, sizeof buf - 1);
    FZ_CHECK(!strstr(buf, "secret"), "%s read the sentinel outside the mount", path);
    fz_fd_check_inside();
    fs_close(fl);
}

static void do_open(struct fs *f, const char *path, unsigned flags)
{
    struct fs_file *fl;
    if (fs_open(f, path, flags, &fl) < 0)
        return;
    if (flags & FS_O_WRITE)
        fs_write(fl, "data", 4);
    if (flags & FS_O_WRITE)
        fs_seek(fl, 0, FS_SEEK_SET, &(uint32_t){0});
    read_check(fl, path);
}

/* A name a listing may show: at most 8 + 3 characters DOS path parsing
 * accepts (so no separators, no control characters), blanks never ending
 * a field. (Listings of host names are stricter, fs_name_is_83; names the
 * guest itself created keep the characters it used.) */
static bool listed_name_ok(const char *name)
{
    const char *dot = strchr(name, '.');
    size_t nb = dot ? (size_t)(dot - name) : strlen(name), ne = dot ? strlen(dot + 1) : 0;
    if (nb == 0 || nb > 8 || ne > 3 || (dot && (ne == 0 || strchr(dot + 1, '.'))))
        return false;
    if (name[nb - 1] == ' ' || (ne && dot[ne] == ' '))
        return false;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        if (*p < 0x20 || (*p != '.' && strchr("\"+,/:;<=>[\\]|", *p)))
            return false;
    return true;
}

static void do_find(struct fs *f, const char *pattern)
{
    struct fs_find s;
    struct fs_found found;
    int n = 0;
    for (int rc = fs_find_first(f, pattern, 0x37, &s, &found); rc == 0 && n < 64;
         rc = fs_find_next(f, &s, &found), n++) {
        FZ_CHECK(found.name[0] && strlen(found.name) < FS_NAME83_MAX, "found a bad name");
        if (!(found.st.attr & (FS_ATTR_VOLUME | FS_ATTR_DEVICE)) && strcmp(found.name, ".") &&
            strcmp(found.name, ".."))
            FZ_CHECK(listed_name_ok(found.name), "listed name '%s' is not 8.3", found.name);
    }
}

/* The host replaces rel by a link to target (or back), putting the mtime
 * of c/ back as tar and rsync do: the listing cache cannot tell. */
static void swap(const char *rel, const char *target, bool dir)
{
    static unsigned n_old;
    char p[PATH_MAX], old_rel[PATH_MAX], old[PATH_MAX], c[PATH_MAX];
    struct stat s, cs;
    fz_path(rel, p);
    fz_path("c", c);
    stat(c, &cs);
    if (lstat(p, &s) == 0 && S_ISLNK(s.st_mode)) {
        unlink(p);
        if (dir)
            fz_mkdir(rel);
        else
            fz_write(rel, "back", 4);
    } else {
        snprintf(old_rel, sizeof old_rel, "%s.%u", rel, n_old++);
        fz_path(old_rel, old);
        if (rename(p, old) == 0 || lstat(p, &s) != 0)  /* kept: the guest may hold it open */
            fz_symlink(target, rel);
    }
    struct timespec t[2] = {cs.st_atim, cs.st_mtim};
    utimensat(AT_FDCWD, c, t, 0);
}

static void run_op(struct fs *f, enum op op, const char *path, const char *path2)
{
    char out[FS_PATH_MAX];
    struct fs_stat st;
    switch (op) {
    case TRUENAME:
        if (fs_truename(f, path, out, sizeof out) == 0)
            FZ_CHECK(out[0] >= 'A' && out[0] <= 'Z' && out[1] == ':' && out[2] == '\\' &&
                         !strstr(out, "\\..") && !strstr(out, "\\.\\"),
                     "truename '%s'", out);
        break;
    case OPEN_R: do_open(f, path, FS_O_READ); break;
    case OPEN_RW: do_open(f, path, FS_O_READ | FS_O_WRITE); break;
    case CREATE: do_open(f, path, FS_O_READ | FS_O_WRITE | FS_O_CREATE | FS_O_TRUNC); break;
    case CREATE_NEW: do_open(f, path, FS_O_READ | FS_O_WRITE | FS_O_CREATE | FS_O_EXCL); break;
    case STAT: fs_stat(f, path, &st); break;
    case UNLINK: fs_unlink(f, path); break;
    case RENAME: fs_rename(f, path, path2); break;
    case MKDIR: fs_mkdir(f, path); break;
    case RMDIR: fs_rmdir(f, path); break;
    case ATTR: fs_set_attr(f, path, (uint8_t)strlen(path)); break;
    case CHDIR: fs_chdir(f, path); break;
    case FIND: do_find(f, path); break;
    case DRIVE: fs_set_current_drive(f, (unsigned)(path[0] & 0x1F)); break;
    case SWAP_DIR: swap("c/MOVE", "../outside", true); break;
    case SWAP_FILE: swap("c/MOVE.TXT", "../outside/SECRET.TXT", false); break;
    }
}

static struct fs *new_fs(void)
{
    char d[PATH_MAX], e[PATH_MAX];
    struct fs *f = fs_new();
    fz_path("d", d);
    fz_path("c/SUB", e);
    FZ_CHECK(fs_mount_host(f, DRIVE_C, g_root, false) == 0, "mount C:");
    FZ_CHECK(fs_mount_host(f, DRIVE_D, d, true) == 0, "mount D:");
    FZ_CHECK(fs_mount_host(f, DRIVE_E, e, false) == 0, "mount E:");
    return f;
}

/* Split one line: op byte, path, optional '\t' second path. */
static size_t next_line(const uint8_t *p, size_t n, uint8_t *op, char *path, char *path2)
{
    size_t len = 0;
    while (len < n && p[len] != '\n')
        len++;
    *op = len ? p[0] : 0;
    size_t body = len ? len - 1 : 0;
    body = body < LINE_MAX_BYTES ? body : LINE_MAX_BYTES;
    memcpy(path, p + (len ? 1 : 0), body);
    path[body] = 0;
    char *tab = strchr(path, '\t');
    path2[0] = 0;
    if (tab) {
        *tab = 0;
        snprintf(path2, LINE_MAX_BYTES + 1, "%s", tab + 1);
    }
    return len < n ? len + 1 : len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[LINE_MAX_BYTES + 1], path2[LINE_MAX_BYTES + 1];
    void *drv;
    fz_fd_baseline();
    make_tree();
    struct fs *f = new_fs();
    FZ_CHECK(fs_host_drive_new(g_root, 0, &drv) == 0, "host drive");
    for (int i = 0; i < MAX_LINES && size; i++) {
        uint8_t op;
        size_t used = next_line(data, size, &op, path, path2);
        data += used;
        size -= used;
        names(path);
        resolve(drv, path);
        run_op(f, (enum op)(op % NOPS), path, path2);
        fz_fd_check_inside();
    }
    fs_host_drive_ops.free(drv);
    fs_free(f);
    fz_fd_check_none();
    fz_alloc_check_none();
    fz_check_outside();
    return 0;
}
