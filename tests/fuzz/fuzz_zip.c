/* Fuzz target: the zip drive backend. The input is a zip file; it is
 * mounted as E: and walked the way DOS programs walk a drive: every
 * directory listed, every file opened, read to the end, sought and
 * stat'ed; every change refused.
 *
 * Invariants: no sanitizer report, no allocation over the fuzzer's
 * -malloc_limit_mb (a member's claimed size must not decide what the host
 * allocates), reads return at most the size the listing gave, writes and
 * directory changes are refused with a DOS error, the zip file itself is
 * not changed, and nothing stays open. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "base/doserr.h"
#include "fs/fs.h"
#include "tests/fuzz/fz.h"

#define DRIVE_E 4
#define MAX_ENTRIES 512
#define MAX_DEPTH 6
#define READ_CHUNK 4096
#define READ_MAX (64u << 20)

static char g_zip[PATH_MAX];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fz_tree_init();
    fz_path("in.zip", g_zip);
    return 0;
}

static void read_file(struct fs *f, const char *path, const struct fs_stat *listed)
{
    struct fs_file *fl;
    static uint8_t buf[READ_CHUNK];
    uint32_t pos;
    struct fs_stat st;
    FZ_CHECK(fs_open(f, path, FS_O_READ | FS_O_WRITE, &fl) < 0, "%s opened for writing", path);
    if (fs_open(f, path, FS_O_READ, &fl) < 0)
        return;
    uint64_t total = 0;
    for (int n; (n = fs_read(fl, buf, sizeof buf)) > 0 && total < READ_MAX;)
        total += (uint64_t)n;
    FZ_CHECK(total <= listed->size, "%s: read %llu bytes, listed as %u", path,
             (unsigned long long)total, listed->size);
    FZ_CHECK(fs_write(fl, "x", 1) < 0, "%s: a write succeeded", path);
    FZ_CHECK(fs_seek(fl, 0, FS_SEEK_END, &pos) == 0 && pos == listed->size, "%s: size", path);
    fs_seek(fl, -1, FS_SEEK_END, &pos);
    fs_read(fl, buf, 2);
    FZ_CHECK(fs_fstat(fl, &st) == 0 && st.size == listed->size, "%s: fstat size", path);
    FZ_CHECK(fs_truncate(fl) < 0, "%s: truncated", path);
    fs_close(fl);
}

/* List dir ("E:\" or "E:\A\B\"), read its files, descend. */
static void walk(struct fs *f, const char *dir, int depth, int *budget)
{
    char pattern[FS_PATH_MAX], path[FS_PATH_MAX];
    struct fs_find s;
    struct fs_found found;
    if (depth > MAX_DEPTH || snprintf(pattern, sizeof pattern, "%s*.*", dir) >= (int)sizeof pattern)
        return;
    for (int rc = fs_find_first(f, pattern, 0x37, &s, &found); rc == 0 && (*budget)-- > 0;
         rc = fs_find_next(f, &s, &found)) {
        if (!strcmp(found.name, ".") || !strcmp(found.name, ".."))
            continue;
        FZ_CHECK(fs_name_is_83(found.name), "zip entry listed as '%s'", found.name);
        if (snprintf(path, sizeof path, "%s%s", dir, found.name) >= (int)sizeof path)
            continue;
        if (found.st.attr & FS_ATTR_DIRECTORY) {
            FZ_CHECK(fs_rmdir(f, path) < 0, "removed %s", path);
            strcat(path, "\\");
            walk(f, path, depth + 1, budget);
            continue;
        }
        read_file(f, path, &found.st);
        FZ_CHECK(fs_unlink(f, path) < 0, "deleted %s", path);
        FZ_CHECK(fs_set_attr(f, path, 0) < 0, "changed %s", path);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct stat before, after;
    struct fs_file *fl;
    fz_fd_baseline();
    fz_write("in.zip", data, size);
    FZ_CHECK(stat(g_zip, &before) == 0, "stat zip");
    struct fs *f = fs_new();
    if (fs_mount_zip(f, DRIVE_E, g_zip) == 0) {
        int budget = MAX_ENTRIES;
        FZ_CHECK(fs_mkdir(f, "E:\\NEWDIR") < 0, "mkdir on a zip drive");
        FZ_CHECK(fs_open(f, "E:\\NEW.TXT", FS_O_WRITE | FS_O_CREATE, &fl) < 0, "created a file");
        walk(f, "E:\\", 0, &budget);
    }
    fs_free(f);
    FZ_CHECK(stat(g_zip, &after) == 0 && after.st_size == before.st_size &&
                 after.st_mtim.tv_nsec == before.st_mtim.tv_nsec &&
                 after.st_mtim.tv_sec == before.st_mtim.tv_sec,
             "the zip file changed");
    fz_fd_check_none();
    fz_alloc_check_none();
    return 0;
}
