/* Disk and CD images: the FAT backend on floppy images made here (no
 * outside tool), damaged images, image kinds, partition tables, CUE sheets. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "base/bytes.h"
#include "base/common.h"
#include "base/doserr.h"
#include "fs/cue.h"
#include "fs/drive.h"
#include "fs/fat.h"
#include "fs/fs.h"
#include "fs/image.h"
#include "tests/unit/unit.h"
#include "tests/unit/unit_fs.h"

#define FLOPPY_BYTES (1440u * 1024u)
#define ROOT_ENTRIES 224
#define FAT_SECTORS 9
#define ROOT_SECTOR (1 + 2 * FAT_SECTORS)

static struct ufs_tree g_t;
static struct fs *g_fs;
static char g_img[PATH_MAX];

/* A freshly formatted 1.44 MB FAT12 floppy, as FORMAT writes one. */
static void make_floppy(uint8_t *img)
{
    static const uint8_t bpb[] = {0xEB, 0x3C, 0x90, 'M', 'S', 'D', 'O', 'S', '5', '.', '0',
                                  0x00, 0x02, 0x01, 0x01, 0x00, 0x02, 0xE0, 0x00, 0x40, 0x0B,
                                  0xF0, 0x09, 0x00, 0x12, 0x00, 0x02, 0x00};
    memset(img, 0, FLOPPY_BYTES);
    memcpy(img, bpb, sizeof bpb);
    img[BS16_BOOT_SIG] = BS_EXT_SIG;
    put_le32(img + BS16_VOL_ID, 0x12345678);
    memcpy(img + BS16_VOL_LAB, "UNITDISK   FAT12   ", 19);
    img[510] = 0x55;
    img[511] = 0xAA;
    for (int f = 0; f < 2; f++)
        memcpy(img + 512 * (1 + f * FAT_SECTORS), "\xF0\xFF\xFF", 3);
}

static void write_image(const char *path, const uint8_t *img, size_t n)
{
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(img, 1, n, f), n);
    fclose(f);
}

static void setup(void)
{
    static uint8_t img[FLOPPY_BYTES];
    ufs_tree_new(&g_t);
    snprintf(g_img, sizeof g_img, "%s", ufs_path(&g_t, "floppy.img"));
    make_floppy(img);
    write_image(g_img, img, sizeof img);
    g_fs = fs_new();
    ck_assert_int_eq(fs_mount_path(g_fs, 0, g_img, 0), 0);
}

static void teardown(void)
{
    fs_free(g_fs);
    ufs_tree_free(&g_t);
}

static void put_file(const char *path, const void *data, uint32_t n)
{
    struct fs_file *fl;
    ck_assert_int_eq(fs_open(g_fs, path, FS_O_WRITE | FS_O_CREATE | FS_O_TRUNC, &fl), 0);
    ck_assert_int_eq(fs_write(fl, data, n), (int)n);
    fs_close(fl);
}

static int get_file(const char *path, void *buf, uint32_t n)
{
    struct fs_file *fl;
    int rc = fs_open(g_fs, path, FS_O_READ, &fl);
    if (rc < 0)
        return rc;
    rc = fs_read(fl, buf, n);
    fs_close(fl);
    return rc;
}

START_TEST(test_fat_write_read_back_across_clusters)
{
    static uint8_t data[70000], back[70001];
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (uint8_t)(i * 7 + 3);
    ck_assert_int_eq(fs_mkdir(g_fs, "A:\\DIR"), 0);
    put_file("A:\\DIR\\BIG.BIN", data, sizeof data);
    ck_assert_int_eq(get_file("A:\\DIR\\BIG.BIN", back, sizeof back), (int)sizeof data);
    ck_assert(!memcmp(data, back, sizeof data));
    struct fs_stat st;
    ck_assert_int_eq(fs_stat(g_fs, "A:\\DIR\\BIG.BIN", &st), 0);
    ck_assert_uint_eq(st.size, sizeof data);
    ck_assert_uint_ge(st.cluster, 2);
    ck_assert_str_eq(fs_label(g_fs, 0), "UNITDISK");
}
END_TEST

/* A write past the end leaves zeros in the gap, not old bytes. */
START_TEST(test_fat_write_past_end_zero_fills_gap)
{
    static uint8_t junk[4096], back[6000];
    memset(junk, 0xAA, sizeof junk);
    put_file("A:\\OLD.BIN", junk, sizeof junk);
    ck_assert_int_eq(fs_unlink(g_fs, "A:\\OLD.BIN"), 0);   /* its clusters hold 0xAA */
    struct fs_file *fl;
    uint32_t pos;
    ck_assert_int_eq(fs_open(g_fs, "A:\\GAP.BIN", FS_O_WRITE | FS_O_CREATE, &fl), 0);
    ck_assert_int_eq(fs_seek(fl, 5000, FS_SEEK_SET, &pos), 0);
    ck_assert_int_eq(fs_write(fl, "x", 1), 1);
    fs_close(fl);
    ck_assert_int_eq(get_file("A:\\GAP.BIN", back, sizeof back), 5001);
    for (int i = 0; i < 5000; i++)
        ck_assert_uint_eq(back[i], 0);
    ck_assert_uint_eq(back[5000], 'x');
}
END_TEST

START_TEST(test_fat_truncate_and_two_handles_share_size)
{
    struct fs_file *a, *b;
    struct fs_stat st;
    uint32_t pos;
    put_file("A:\\T.TXT", "0123456789", 10);
    ck_assert_int_eq(fs_open(g_fs, "A:\\T.TXT", FS_O_READ | FS_O_WRITE, &a), 0);
    ck_assert_int_eq(fs_open(g_fs, "A:\\T.TXT", FS_O_READ, &b), 0);
    ck_assert_int_eq(fs_seek(a, 4, FS_SEEK_SET, &pos), 0);
    ck_assert_int_eq(fs_truncate(a), 0);
    ck_assert_int_eq(fs_fstat(b, &st), 0);
    ck_assert_uint_eq(st.size, 4);
    fs_close(a);
    fs_close(b);
    ck_assert_int_eq(fs_stat(g_fs, "A:\\T.TXT", &st), 0);
    ck_assert_uint_eq(st.size, 4);
}
END_TEST

START_TEST(test_fat_rename_moves_directory_and_its_parent_link)
{
    char buf[16] = {0};
    struct fs_found e;
    struct fs_find s;
    ck_assert_int_eq(fs_mkdir(g_fs, "A:\\ONE"), 0);
    ck_assert_int_eq(fs_mkdir(g_fs, "A:\\TWO"), 0);
    ck_assert_int_eq(fs_mkdir(g_fs, "A:\\ONE\\SUB"), 0);
    put_file("A:\\ONE\\SUB\\F.TXT", "moved", 5);
    ck_assert_int_eq(fs_rename(g_fs, "A:\\ONE\\SUB", "A:\\TWO\\SUB2"), 0);
    ck_assert_int_eq(get_file("A:\\TWO\\SUB2\\F.TXT", buf, sizeof buf), 5);
    ck_assert_str_eq(buf, "moved");
    ck_assert_int_eq(fs_rename(g_fs, "A:\\TWO", "A:\\TWO\\SUB2\\X"), -DOSERR_ACCESS_DENIED);
    ck_assert_int_eq(fs_stat(g_fs, "A:\\ONE\\SUB", &e.st), -DOSERR_FILE_NOT_FOUND);
    ck_assert_int_eq(fs_find_first(g_fs, "A:\\TWO\\SUB2\\*.*", FS_ATTR_DIRECTORY, &s, &e), 0);
    ck_assert_str_eq(e.name, ".");
    ck_assert_int_eq(fs_rmdir(g_fs, "A:\\TWO\\SUB2"), -DOSERR_ACCESS_DENIED);   /* not empty */
    ck_assert_int_eq(fs_unlink(g_fs, "A:\\TWO\\SUB2\\F.TXT"), 0);
    ck_assert_int_eq(fs_rmdir(g_fs, "A:\\TWO\\SUB2"), 0);
}
END_TEST

START_TEST(test_fat_full_root_and_full_disk)
{
    static uint8_t big[FLOPPY_BYTES];
    char name[16];
    int i;
    for (i = 0; i < ROOT_ENTRIES; i++) {
        snprintf(name, sizeof name, "A:\\F%d", i);
        struct fs_file *fl;
        ck_assert_int_eq(fs_open(g_fs, name, FS_O_WRITE | FS_O_CREATE, &fl), 0);
        fs_close(fl);
    }
    struct fs_file *fl;
    ck_assert_int_eq(fs_open(g_fs, "A:\\ONEMORE", FS_O_WRITE | FS_O_CREATE, &fl),
                     -DOSERR_ACCESS_DENIED);
    ck_assert_int_eq(fs_unlink(g_fs, "A:\\F0"), 0);
    ck_assert_int_eq(fs_open(g_fs, "A:\\HUGE", FS_O_WRITE | FS_O_CREATE, &fl), 0);
    int n = fs_write(fl, big, sizeof big);       /* more than fits: what fits */
    ck_assert_int_gt(n, 1400000);
    ck_assert_int_lt(n, (int)sizeof big);
    ck_assert_int_eq(fs_write(fl, big, 512), -DOSERR_HANDLE_DISK_FULL);
    fs_close(fl);
    struct fs_space sp;
    ck_assert_int_eq(fs_space(g_fs, 0, &sp), 0);
    ck_assert_uint_eq(sp.free_bytes, 0);
}
END_TEST

START_TEST(test_fat_search_attributes_and_times)
{
    struct fs_found e;
    struct fs_find s;
    put_file("A:\\VISIBLE.TXT", "v", 1);
    put_file("A:\\HIDDEN.TXT", "h", 1);
    ck_assert_int_eq(fs_set_attr(g_fs, "A:\\HIDDEN.TXT", FS_ATTR_HIDDEN), 0);
    ck_assert_int_eq(fs_find_first(g_fs, "A:\\*.TXT", 0, &s, &e), 0);
    ck_assert_str_eq(e.name, "VISIBLE.TXT");
    ck_assert_int_eq(fs_find_next(g_fs, &s, &e), -DOSERR_NO_MORE_FILES);
    ck_assert_int_eq(fs_find_first(g_fs, "A:\\*.TXT", FS_ATTR_HIDDEN, &s, &e), 0);
    ck_assert_int_eq(fs_find_next(g_fs, &s, &e), 0);
    ck_assert_str_eq(e.name, "HIDDEN.TXT");
    ck_assert_int_eq(fs_find_first(g_fs, "A:\\*.*", FS_ATTR_VOLUME, &s, &e), 0);
    ck_assert_str_eq(e.name, "UNITDISK");
    struct fs_file *fl;
    ck_assert_int_eq(fs_open(g_fs, "A:\\VISIBLE.TXT", FS_O_READ | FS_O_WRITE, &fl), 0);
    ck_assert_int_eq(fs_set_ftime(fl, 0x2A21, 0x6000), 0);
    fs_close(fl);
    ck_assert_int_eq(fs_stat(g_fs, "A:\\VISIBLE.TXT", &e.st), 0);
    ck_assert_uint_eq(e.st.dos_date, 0x2A21);
    ck_assert_uint_eq(e.st.dos_time, 0x6000);
}
END_TEST

/* A read-only image: every change refused, the file untouched. */
START_TEST(test_fat_readonly_image_untouched)
{
    struct stat a, b;
    struct fs_file *fl;
    put_file("A:\\KEEP.TXT", "keep", 4);
    ck_assert_int_eq(fs_mount_path(g_fs, 1, g_img, FS_MOUNT_RO), 0);
    ck_assert_int_eq(stat(g_img, &a), 0);
    ck_assert_int_eq(fs_open(g_fs, "B:\\NEW.TXT", FS_O_WRITE | FS_O_CREATE, &fl),
                     -DOSERR_ACCESS_DENIED);
    ck_assert_int_eq(fs_unlink(g_fs, "B:\\KEEP.TXT"), -DOSERR_ACCESS_DENIED);
    ck_assert_int_eq(fs_open(g_fs, "B:\\KEEP.TXT", FS_O_READ, &fl), 0);
    ck_assert_int_eq(fs_write(fl, "x", 1), -DOSERR_ACCESS_DENIED);
    fs_close(fl);
    ck_assert_int_eq(stat(g_img, &b), 0);
    ck_assert_int_eq(a.st_mtime, b.st_mtime);
    ck_assert_int_eq(a.st_size, b.st_size);
}
END_TEST

/* A write to the disk behind the drive's back (INT 13h, INT 26h) is seen. */
START_TEST(test_fat_raw_write_reloads_caches)
{
    struct fs_volume vi;
    uint8_t sec[FS_SECTOR_BYTES];
    char buf[8] = {0};
    put_file("A:\\RAW.TXT", "before", 6);
    ck_assert_int_eq(get_file("A:\\RAW.TXT", buf, sizeof buf), 6);
    ck_assert_int_eq(fs_volume(g_fs, 0, &vi), 0);
    ck_assert_int_eq(fs_disk_read(vi.disk, ROOT_SECTOR, 1, sec), 0);
    ck_assert(!memcmp(sec, "RAW     TXT", 11));
    memcpy(sec, "RENAMED TXT", 11);
    ck_assert_int_eq(fs_disk_write(vi.disk, ROOT_SECTOR, 1, sec), 0);
    fs_disk_touch(vi.disk);
    ck_assert_int_eq(get_file("A:\\RENAMED.TXT", buf, sizeof buf), 6);
    ck_assert_int_eq(get_file("A:\\RAW.TXT", buf, sizeof buf), -DOSERR_FILE_NOT_FOUND);
}
END_TEST

/* Damage: a chain that loops, a link out of the volume, a file past the
 * end of a truncated image. DOS errors, never a hang. */
START_TEST(test_fat_damaged_chains_fail)
{
    static uint8_t data[3000];
    struct fs_volume vi;
    uint8_t fat[FS_SECTOR_BYTES];
    char buf[16];
    put_file("A:\\LOOP.BIN", data, sizeof data);
    put_file("A:\\OUT.BIN", data, sizeof data);
    ck_assert_int_eq(fs_volume(g_fs, 0, &vi), 0);
    ck_assert_int_eq(fs_disk_read(vi.disk, 1, 1, fat), 0);
    /* LOOP.BIN holds clusters 2-7, OUT.BIN 8-13 (12 bits each) */
    put_le16(fat + 6 + 3, (uint16_t)((get_le16(fat + 9) & 0xF000) | 2));    /* 6 -> 2 */
    put_le16(fat + 12, (uint16_t)((get_le16(fat + 12) & 0x000F) | 0xF00 << 4)); /* 8 -> F00h */
    ck_assert_int_eq(fs_disk_write(vi.disk, 1, 1, fat), 0);
    fs_disk_touch(vi.disk);
    ck_assert_int_eq(get_file("A:\\LOOP.BIN", buf, sizeof buf), -DOSERR_READ_FAULT);
    ck_assert_int_eq(get_file("A:\\OUT.BIN", buf, sizeof buf), -DOSERR_READ_FAULT);
    ck_assert_int_eq(fs_unlink(g_fs, "A:\\LOOP.BIN"), 0);   /* freeing a loop ends */
}
END_TEST

/* Whatever a directory holds past its end marker stays unseen when a new
 * entry takes the marker's slot (found by the fat fuzz target: a stale
 * entry of the same name showed in listings). */
START_TEST(test_fat_entries_past_end_stay_hidden)
{
    struct fs_volume vi;
    struct fs_found e;
    struct fs_find s;
    uint8_t sec[FS_SECTOR_BYTES];
    ck_assert_int_eq(fs_volume(g_fs, 0, &vi), 0);
    ck_assert_int_eq(fs_disk_read(vi.disk, ROOT_SECTOR, 1, sec), 0);
    memcpy(sec + 64, "NEW     TXT\x20", 12);   /* slot 2, after the end at slot 0 */
    ck_assert_int_eq(fs_disk_write(vi.disk, ROOT_SECTOR, 1, sec), 0);
    fs_disk_touch(vi.disk);
    put_file("A:\\NEW.TXT", "fresh", 5);
    int n = 0;
    for (int rc = fs_find_first(g_fs, "A:\\*.*", 0, &s, &e); rc == 0; rc = fs_find_next(g_fs, &s, &e))
        n++;
    ck_assert_int_eq(n, 1);
}
END_TEST

/* A damaged directory holding a name twice (found by the fat fuzz target:
 * the listing showed the second entry's size, open read the first's):
 * the first entry wins everywhere, as DOS opens it, and the listing shows
 * the name once; deleting it brings the second to light. */
START_TEST(test_fat_duplicate_names_first_entry_wins)
{
    static const char k_long[] = "the first entry, longer", k_short[] = "second";
    struct fs_volume vi;
    struct fs_found e;
    struct fs_find s;
    struct fs_file *fl;
    struct fs_stat st;
    uint8_t sec[FS_SECTOR_BYTES];
    char buf[64];
    put_file("A:\\TWICE.TXT", k_long, sizeof k_long - 1);
    put_file("A:\\OTHER.TXT", k_short, sizeof k_short - 1);
    ck_assert_int_eq(fs_volume(g_fs, 0, &vi), 0);
    ck_assert_int_eq(fs_disk_read(vi.disk, ROOT_SECTOR, 1, sec), 0);
    ck_assert(!memcmp(sec + DIR_ENTRY_BYTES, "OTHER   TXT", 11));
    memcpy(sec + DIR_ENTRY_BYTES, "twice   TXT", 11); /* case differs: the same name */
    ck_assert_int_eq(fs_disk_write(vi.disk, ROOT_SECTOR, 1, sec), 0);
    fs_disk_touch(vi.disk);
    int n = 0;
    for (int rc = fs_find_first(g_fs, "A:\\*.*", 0, &s, &e); rc == 0;
         rc = fs_find_next(g_fs, &s, &e)) {
        ck_assert_str_eq(e.name, "TWICE.TXT");
        ck_assert_uint_eq(e.st.size, sizeof k_long - 1);
        n++;
    }
    ck_assert_int_eq(n, 1);
    ck_assert_int_eq(fs_find_first(g_fs, "A:\\TWICE.TXT", 0, &s, &e), 0);
    ck_assert_int_eq(fs_find_next(g_fs, &s, &e), -DOSERR_NO_MORE_FILES);
    ck_assert_int_eq(fs_open(g_fs, "A:\\TWICE.TXT", FS_O_READ, &fl), 0);
    ck_assert_int_eq(fs_read(fl, buf, sizeof buf), (int)sizeof k_long - 1);
    ck_assert_int_eq(fs_fstat(fl, &st), 0);
    ck_assert_uint_eq(st.size, e.st.size);
    ck_assert_uint_eq(st.id, e.st.id);
    fs_close(fl);
    ck_assert_int_eq(fs_unlink(g_fs, "A:\\TWICE.TXT"), 0);
    ck_assert_int_eq(fs_find_first(g_fs, "A:\\*.*", 0, &s, &e), 0);
    ck_assert_str_eq(e.name, "twice.TXT");
    ck_assert_uint_eq(e.st.size, sizeof k_short - 1);
    memset(buf, 0, sizeof buf);
    ck_assert_int_eq(get_file("A:\\TWICE.TXT", buf, sizeof buf), (int)sizeof k_short - 1);
    ck_assert_str_eq(buf, k_short);
}
END_TEST

/* A stored name that lists as another's (bytes after a NUL are not
 * shown: "AB\0\0\0\0\0\0TXT" lists as "AB") is left out of listings when
 * that name opens the other entry. */
START_TEST(test_fat_name_listed_as_another_is_left_out)
{
    struct fs_volume vi;
    struct fs_found e;
    struct fs_find s;
    uint8_t sec[FS_SECTOR_BYTES];
    put_file("A:\\AB", "the real AB", 11);
    put_file("A:\\CD.TXT", "cd", 2);
    ck_assert_int_eq(fs_volume(g_fs, 0, &vi), 0);
    ck_assert_int_eq(fs_disk_read(vi.disk, ROOT_SECTOR, 1, sec), 0);
    memcpy(sec + DIR_ENTRY_BYTES, "AB\0\0\0\0\0\0TXT", 11);
    ck_assert_int_eq(fs_disk_write(vi.disk, ROOT_SECTOR, 1, sec), 0);
    fs_disk_touch(vi.disk);
    ck_assert_int_eq(fs_find_first(g_fs, "A:\\*.*", 0, &s, &e), 0);
    ck_assert_str_eq(e.name, "AB");
    ck_assert_uint_eq(e.st.size, 11);
    ck_assert_int_eq(fs_find_next(g_fs, &s, &e), -DOSERR_NO_MORE_FILES);
}
END_TEST

START_TEST(test_fat_bad_boot_sectors_refused)
{
    static uint8_t img[FLOPPY_BYTES];
    static const struct {
        unsigned off;
        uint8_t value;
    } k_breaks[] = {{BPB_BYTES_PER_SEC + 1, 0x04}, {BPB_SEC_PER_CLUS, 3},
                    {BPB_NUM_FATS, 0}, {BPB_MEDIA, 0x12}, {BPB_FAT_SZ16, 0}};
    for (size_t i = 0; i < ARRAY_LEN(k_breaks); i++) {
        struct fat_geom g;
        char why[80] = "";
        make_floppy(img);
        img[k_breaks[i].off] = k_breaks[i].value;
        ck_assert_int_eq(fat_parse_bpb(img, FLOPPY_BYTES / 512, &g, why, sizeof why),
                         -DOSERR_INVALID_DATA);
        ck_assert(why[0]);
    }
    /* FAT32 fields whose FATs end past 2^32 sectors (found by the fat fuzz
     * target: the sum wrapped, and the mount asked for a 1 TiB FAT) */
    struct fat_geom g;
    char why[80] = "";
    make_floppy(img);
    put_le16(img + BPB_ROOT_ENTS, 0);
    put_le16(img + BPB_FAT_SZ16, 0);
    put_le16(img + BPB_TOT_SEC16, 0);
    put_le32(img + BPB_TOT_SEC32, 4000000);
    put_le32(img + BPB32_FAT_SZ, 0x80000000u);
    put_le32(img + BPB32_ROOT_CLUS, 2);
    ck_assert_int_eq(fat_parse_bpb(img, 4000000, &g, why, sizeof why), -DOSERR_INVALID_DATA);
    put_le32(img + BPB32_FAT_SZ, 4000);   /* the same fields with a FAT that fits */
    ck_assert_int_eq(fat_parse_bpb(img, 4000000, &g, why, sizeof why), 0);
    ck_assert_int_eq(g.type, FAT_32);
    make_floppy(img);
    write_image(ufs_path(&g_t, "short.img"), img, 4096);       /* ends inside the FAT */
    ck_assert_int_lt(fs_mount_path(g_fs, 2, ufs_path(&g_t, "short.img"), 0), 0);
}
END_TEST

START_TEST(test_image_kinds_from_content)
{
    static uint8_t head[FS_IMAGE_HEAD_BYTES];
    memset(head, 0, sizeof head);
    memcpy(head, "PK\3\4", 4);
    ck_assert_int_eq(fs_image_detect(head, 64, 64, "x.bin"), FS_IMAGE_ZIP);
    memset(head, 0, sizeof head);
    const char *cue = "\xEF\xBB\xBFREM made by hand\r\nFILE \"a.bin\" BINARY\r\n";
    memcpy(head, cue, strlen(cue));
    ck_assert_int_eq(fs_image_detect(head, strlen(cue), strlen(cue), "x"), FS_IMAGE_CUE);
    memset(head, 0, sizeof head);
    memcpy(head + 16 * 2048 + 1, "CD001", 5);
    ck_assert_int_eq(fs_image_detect(head, sizeof head, 1 << 20, "x"), FS_IMAGE_ISO);
    static uint8_t floppy[FLOPPY_BYTES];
    make_floppy(floppy);
    ck_assert_int_eq(fs_image_detect(floppy, sizeof head, FLOPPY_BYTES, "x"), FS_IMAGE_FAT);
    memset(head, 0, sizeof head);
    head[0x1BE] = 0x80;
    head[0x1BE + 4] = 0x06;
    put_le32(head + 0x1BE + 8, 63);
    put_le32(head + 0x1BE + 12, 1000);
    head[510] = 0x55;
    head[511] = 0xAA;
    ck_assert_int_eq(fs_image_detect(head, sizeof head, 2000 * 512, "x"), FS_IMAGE_MBR);
    head[0x1BE] = 0x33;         /* boot code where the table would be */
    ck_assert_int_eq(fs_image_detect(head, sizeof head, 2000 * 512, "x"), FS_IMAGE_UNKNOWN);
}
END_TEST

struct ebr_disk {
    uint8_t sec[4][FS_SECTOR_BYTES];
};

static int ebr_read(void *ctx, uint64_t lba, uint8_t sec[FS_SECTOR_BYTES])
{
    struct ebr_disk *d = ctx;
    if (lba != 100 && lba != 200)
        return -DOSERR_READ_FAULT;
    memcpy(sec, d->sec[lba / 100], FS_SECTOR_BYTES);
    return 0;
}

static void entry(uint8_t *sec, int i, uint8_t type, uint32_t first, uint32_t count)
{
    uint8_t *e = sec + 0x1BE + 16 * i;
    e[4] = type;
    put_le32(e + 8, first);
    put_le32(e + 12, count);
    sec[510] = 0x55;
    sec[511] = 0xAA;
}

/* Logical partitions follow the EBR chain; a link back ends the walk. */
START_TEST(test_mbr_logical_partitions_and_loops)
{
    static struct ebr_disk d;
    struct fs_part p[8];
    memset(&d, 0, sizeof d);
    entry(d.sec[0], 0, 0x01, 10, 50);
    entry(d.sec[0], 1, 0x05, 100, 900);
    entry(d.sec[1], 0, 0x06, 1, 90);        /* relative to its EBR */
    entry(d.sec[1], 1, 0x05, 100, 100);     /* next EBR at 100 + 100 */
    entry(d.sec[2], 0, 0x0B, 1, 50);
    entry(d.sec[2], 1, 0x05, 0, 100);       /* back to the first EBR: a loop */
    int n = fs_mbr_parts(d.sec[0], 1000, ebr_read, &d, p, 8);
    ck_assert_int_eq(n, 3);
    ck_assert_uint_eq(p[1].first, 101);
    ck_assert_uint_eq(p[2].type, 0x0B);
    ck_assert_uint_eq(p[2].first, 201);
}
END_TEST

START_TEST(test_cue_multi_file_sheet)
{
    static struct fs_cue c;
    char why[128];
    const char *text = "REM a game\nFILE \"C:\\GAMES\\Game (Track 1).bin\" BINARY\n"
                       "  TRACK 01 MODE1/2352\n    INDEX 01 00:00:00\n"
                       "FILE \"track02.ogg\" OGG\n  TRACK 02 AUDIO\n    PREGAP 00:02:00\n"
                       "    INDEX 01 00:00:00\n  TRACK 03 AUDIO\n    INDEX 00 03:10:74\n"
                       "    INDEX 01 03:12:00\n";
    ck_assert_int_eq(fs_cue_parse(text, strlen(text), &c, why, sizeof why), 0);
    ck_assert_uint_eq(c.nfiles, 2);
    ck_assert_uint_eq(c.ntracks, 3);
    ck_assert_str_eq(fs_cue_basename(c.files[0].name), "Game (Track 1).bin");
    ck_assert_int_eq(c.files[1].type, FS_CUE_AUDIO);
    ck_assert_uint_eq(c.tracks[0].sector_bytes, 2352);
    ck_assert_uint_eq(c.tracks[1].pregap, 150);
    ck_assert_int_eq(c.tracks[2].index0, (3 * 60 + 10) * 75 + 74);
    ck_assert_int_eq(c.tracks[2].index1, (3 * 60 + 12) * 75);
    ck_assert_uint_eq(c.tracks[2].file, 1);
}
END_TEST

START_TEST(test_cue_mistakes_named_with_line)
{
    static const char *const k_bad[] = {
        "TRACK 01 AUDIO\n",
        "FILE a.bin BINARY\nTRACK 02 AUDIO\nINDEX 01 00:00:00\nTRACK 01 AUDIO\n",
        "FILE a.bin BINARY\nTRACK 01 AUDIO\nTRACK 02 AUDIO\nINDEX 01 00:00:00\n",
        "FILE a.bin BINARY\nTRACK 01 AUDIO\nINDEX 01 00:60:00\n",
        "FILE a.bin BINARY\nTRACK 01 CDG\nINDEX 01 00:00:00\n",
        "FILE a.bin BINARY\nTRACK 01 AUDIO\nINDEX 01 00:05:00\nTRACK 02 AUDIO\n"
        "INDEX 01 00:01:00\n",
        "FILE a.bin BINARY\nTRACK 01 AUDIO\n",
        "",
        "FILE a.bin SOMETHING\n",
    };
    for (size_t i = 0; i < ARRAY_LEN(k_bad); i++) {
        static struct fs_cue c;
        char why[128] = "";
        ck_assert_int_eq(fs_cue_parse(k_bad[i], strlen(k_bad[i]), &c, why, sizeof why),
                         -DOSERR_INVALID_DATA);
        ck_assert_msg(!strncmp(why, "line ", 5), "case %zu: %s", i, why);
    }
    static struct fs_cue c;
    char why[64];
    ck_assert_int_eq(fs_cue_parse("FILE a\0b BINARY\n", 16, &c, why, sizeof why),
                     -DOSERR_INVALID_DATA);
}
END_TEST

Suite *suite_image(void)
{
    Suite *s = suite_create("image");
    TCase *tc = tcase_create("fat");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_fat_write_read_back_across_clusters);
    tcase_add_test(tc, test_fat_write_past_end_zero_fills_gap);
    tcase_add_test(tc, test_fat_truncate_and_two_handles_share_size);
    tcase_add_test(tc, test_fat_rename_moves_directory_and_its_parent_link);
    tcase_add_test(tc, test_fat_full_root_and_full_disk);
    tcase_add_test(tc, test_fat_search_attributes_and_times);
    tcase_add_test(tc, test_fat_readonly_image_untouched);
    tcase_add_test(tc, test_fat_raw_write_reloads_caches);
    tcase_add_test(tc, test_fat_damaged_chains_fail);
    tcase_add_test(tc, test_fat_entries_past_end_stay_hidden);
    tcase_add_test(tc, test_fat_duplicate_names_first_entry_wins);
    tcase_add_test(tc, test_fat_name_listed_as_another_is_left_out);
    tcase_add_test(tc, test_fat_bad_boot_sectors_refused);
    suite_add_tcase(s, tc);
    TCase *tk = tcase_create("kinds");
    tcase_add_test(tk, test_image_kinds_from_content);
    tcase_add_test(tk, test_mbr_logical_partitions_and_loops);
    tcase_add_test(tk, test_cue_multi_file_sheet);
    tcase_add_test(tk, test_cue_mistakes_named_with_line);
    suite_add_tcase(s, tk);
    return s;
}
