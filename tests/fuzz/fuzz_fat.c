/* Fuzz target: FAT disk images. The input is the start of an image: two
 * bytes give its size in sectors (at least the input's, at most
 * FAT_MAX_SECTORS), the rest its first bytes (zeros after). Its kind comes
 * from fs_image_detect; a FAT volume (or an MBR disk's first FAT
 * partition) is mounted read-write from memory as C: and used the way DOS
 * programs use a drive: every directory listed, every file opened, read
 * to the end, sought and stat'ed; then a file is written, read back,
 * renamed and deleted, a directory made and removed, and the volume
 * mounted again and walked.
 *
 * Invariants: no sanitizer report and no hang whatever the FAT holds
 * (loops, links out of the volume, chains shorter or longer than their
 * files, directories that never end); reads return at most the listed
 * size; the free space never exceeds the volume; a file written on an
 * undamaged volume reads back the same bytes, also after mounting again;
 * nothing stays allocated. */
#include <stdio.h>
#include <string.h>

#include "base/bytes.h"
#include "base/common.h"
#include "base/doserr.h"
#include "fs/disk.h"
#include "fs/drive.h"
#include "fs/fs.h"
#include "fs/image.h"
#include "tests/fuzz/fz.h"

#define DRIVE_C 2
#define FAT_MAX_SECTORS 70000u  /* a FAT32 volume of the smallest size fits */
#define MAX_ENTRIES 256
#define MAX_DEPTH 5
#define READ_CHUNK 4096
#define READ_MAX (4u << 20)
#define PROBE_BYTES 3000

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

static void read_file(struct fs *f, const char *path, const struct fs_stat *listed)
{
    static uint8_t buf[READ_CHUNK];
    struct fs_file *fl;
    struct fs_stat st;
    uint32_t pos;
    if (fs_open(f, path, FS_O_READ, &fl) < 0)
        return;
    uint64_t total = 0;
    for (int n; (n = fs_read(fl, buf, sizeof buf)) > 0 && total < READ_MAX;)
        total += (uint64_t)n;
    FZ_CHECK(total <= listed->size, "%s: read %llu bytes, listed as %u", path,
             (unsigned long long)total, listed->size);
    fs_seek(fl, -1, FS_SEEK_END, &pos);
    fs_read(fl, buf, 2);
    if (fs_fstat(fl, &st) == 0)
        FZ_CHECK(st.size == listed->size, "%s: fstat size %u, listed %u", path, st.size,
                 listed->size);
    fs_close(fl);
}

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
        if (snprintf(path, sizeof path, "%s%s", dir, found.name) >= (int)sizeof path)
            continue;
        if (found.st.attr & FS_ATTR_DIRECTORY) {
            strcat(path, "\\");
            walk(f, path, depth + 1, budget);
        } else {
            read_file(f, path, &found.st);
        }
    }
}

/* Write a file and read it back; false when the volume refused (full,
 * damaged), true when the bytes came back. */
static bool probe(struct fs *f, const char *path, const uint8_t *data)
{
    static uint8_t back[PROBE_BYTES];
    struct fs_file *fl;
    if (fs_open(f, path, FS_O_WRITE | FS_O_CREATE | FS_O_TRUNC, &fl) < 0)
        return false;
    int n = fs_write(fl, data, PROBE_BYTES);
    fs_close(fl);
    if (n != PROBE_BYTES || fs_open(f, path, FS_O_READ, &fl) < 0)
        return false;
    n = fs_read(fl, back, sizeof back);
    fs_close(fl);
    return n == PROBE_BYTES && !memcmp(back, data, PROBE_BYTES);
}

static int mount(struct fs *f, struct fs_disk *disk)
{
    uint8_t head[2 * FS_SECTOR_BYTES];
    char why[128];
    void *drv;
    uint64_t base = 0, count = fs_disk_sectors(disk);
    if (fs_disk_read(disk, 0, 2, head) < 0)
        return -1;
    enum fs_image_kind k = fs_image_detect(head, sizeof head, fs_disk_bytes(disk), "fuzz.img");
    if (k == FS_IMAGE_MBR) {
        struct fs_part p[FS_MBR_MAX_PARTS];
        int n = fs_mbr_parts(head, count, NULL, NULL, p, FS_MBR_MAX_PARTS), i = 0;
        while (i < n && !fs_part_is_fat(p[i].type))
            i++;
        if (i >= n)
            return -1;
        base = p[i].first;
        count = p[i].count;
    } else if (k != FS_IMAGE_FAT) {
        return -1;
    }
    if (fs_fat_drive_new(f, disk, base, count, 0, &drv, why, sizeof why) < 0)
        return -1;
    return fs_mount_backend(f, DRIVE_C, &fs_fat_drive_ops, drv, false, fs_fat_drive_label(drv));
}

static void use(struct fs_disk *disk, bool *wrote)
{
    static uint8_t data[PROBE_BYTES];
    struct fs *f = fs_new();
    struct fs_space sp;
    int budget = MAX_ENTRIES;
    if (mount(f, disk) < 0) {
        fs_free(f);
        return;
    }
    walk(f, "C:\\", 0, &budget);
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (uint8_t)(i * 13 + 1);
    if (fs_space(f, DRIVE_C, &sp) == 0)
        FZ_CHECK(sp.free_bytes <= sp.total_bytes, "free %llu > total %llu",
                 (unsigned long long)sp.free_bytes, (unsigned long long)sp.total_bytes);
    if (!*wrote) {
        *wrote = probe(f, "C:\\FUZZPROB.DAT", data);
        fs_mkdir(f, "C:\\FUZZDIR");
        fs_rename(f, "C:\\FUZZPROB.DAT", "C:\\FUZZDIR\\MOVED.DAT");
        fs_rmdir(f, "C:\\FUZZDIR");
    } else {
        static uint8_t back[PROBE_BYTES];
        struct fs_file *fl;
        int rc = fs_open(f, "C:\\FUZZDIR\\MOVED.DAT", FS_O_READ, &fl);
        if (rc == 0) {
            int n = fs_read(fl, back, sizeof back);
            fs_close(fl);
            FZ_CHECK(n < 0 || (n == PROBE_BYTES && !memcmp(back, data, PROBE_BYTES)),
                     "a file written and read back reads differently after a remount (%d)", n);
        }
        fs_unlink(f, "C:\\FUZZDIR\\MOVED.DAT");
        fs_rmdir(f, "C:\\FUZZDIR");
    }
    budget = MAX_ENTRIES;
    walk(f, "C:\\", 0, &budget);
    fs_free(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    uint64_t n = size - 2, sectors = get_le16(data) * 2ull;
    sectors = MIN(MAX(sectors, (n + FS_SECTOR_BYTES - 1) / FS_SECTOR_BYTES), FAT_MAX_SECTORS);
    struct fs_disk *disk = fs_disk_mem(data + 2, MIN(n, sectors * FS_SECTOR_BYTES),
                                       sectors * FS_SECTOR_BYTES, false);
    bool wrote = false;
    use(disk, &wrote);
    if (wrote)
        use(disk, &wrote);
    fs_disk_unref(disk);
    fz_alloc_check_none();
    return 0;
}
