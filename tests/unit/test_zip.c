/* fs zip backend: a zip file as a read-only DOS drive. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <zip.h>

#include "base/common.h"
#include "base/doserr.h"
#include "fs/fs.h"
#include "tests/unit/unit.h"
#include "tests/unit/unit_fs.h"

static struct ufs_tree g_t;
static struct fs *g_fs;
static char g_zip[PATH_MAX];

static void add(zipFile zf, const char *name, const char *text)
{
    zip_fileinfo zi = {.dosDate = (uint32_t)((((1995 - 1980) << 9) | (6 << 5) | 15) << 16 |
                                             (12 << 11))};
    ck_assert_int_eq(zipOpenNewFileInZip(zf, name, &zi, NULL, 0, NULL, 0, NULL, Z_DEFLATED,
                                         Z_DEFAULT_COMPRESSION),
                     ZIP_OK);
    if (text)
        zipWriteInFileInZip(zf, text, (unsigned)strlen(text));
    zipCloseFileInZip(zf);
}

static void setup(void)
{
    ufs_tree_new(&g_t);
    snprintf(g_zip, sizeof g_zip, "%s", ufs_path(&g_t, "test.zip"));
    zipFile zf = zipOpen(g_zip, APPEND_STATUS_CREATE);
    ck_assert_ptr_nonnull(zf);
    add(zf, "README.TXT", "read me\r\n");
    add(zf, "Some Dir/Long File Name.txt", "long one");
    add(zf, "Some Dir/Long File Name 2.txt", "long two");
    add(zf, "a/b/deep.c", "int x;");
    add(zf, "empty/", NULL);
    add(zf, "../evil.txt", "outside");
    add(zf, "/abs.txt", "abs");
    add(zf, "win\\style.txt", "backslash");
    zipClose(zf, NULL);
    g_fs = fs_new();
    ck_assert_int_eq(fs_mount_path(g_fs, 4, g_zip, 0), 0);
}

static void teardown(void)
{
    fs_free(g_fs);
    ufs_tree_free(&g_t);
}

static const char *read_all(const char *path, char *buf, size_t cap)
{
    struct fs_file *fl;
    buf[0] = 0;
    if (fs_open(g_fs, path, FS_O_READ, &fl) < 0)
        return NULL;
    int n = fs_read(fl, buf, (uint32_t)cap - 1);
    buf[n < 0 ? 0 : n] = 0;
    fs_close(fl);
    return buf;
}

START_TEST(test_members_read_back_through_aliases)
{
    char buf[64];
    ck_assert_str_eq(read_all("E:\\README.TXT", buf, sizeof buf), "read me\r\n");
    ck_assert_str_eq(read_all("E:\\SOMEDI~1\\LONGFI~1.TXT", buf, sizeof buf), "long two");
    ck_assert_str_eq(read_all("e:\\somedi~1\\longfi~2.txt", buf, sizeof buf), "long one");
    ck_assert_str_eq(read_all("E:\\A\\B\\DEEP.C", buf, sizeof buf), "int x;");
    ck_assert_str_eq(read_all("E:\\ABS.TXT", buf, sizeof buf), "abs");
    ck_assert_str_eq(read_all("E:\\WIN\\STYLE.TXT", buf, sizeof buf), "backslash");
    ck_assert_ptr_null(read_all("E:\\EVIL.TXT", buf, sizeof buf));      /* ".." names skipped */
}
END_TEST

START_TEST(test_listing_has_directories_dots_and_dates)
{
    struct fs_find s;
    struct fs_found f;
    const char *want[] = {".", "..", "LONGFI~1.TXT", "LONGFI~2.TXT"};
    int k = 0;
    for (int rc = fs_find_first(g_fs, "E:\\SOMEDI~1\\*.*", FS_ATTR_DIRECTORY, &s, &f); rc == 0;
         rc = fs_find_next(g_fs, &s, &f), k++) {
        ck_assert_int_lt(k, 4);
        ck_assert_str_eq(f.name, want[k]);
        if (k >= 2) {
            ck_assert_uint_eq(f.st.size, 8);
            ck_assert_uint_eq(f.st.dos_date, ((1995 - 1980) << 9) | (6 << 5) | 15);
        }
    }
    ck_assert_int_eq(k, 4);
    struct fs_stat st;
    ck_assert_int_eq(fs_stat(g_fs, "E:\\EMPTY", &st), 0);
    ck_assert(st.attr & FS_ATTR_DIRECTORY);
    ck_assert_int_eq(fs_find_first(g_fs, "E:\\EMPTY\\*.*", 0, &s, &f), -DOSERR_NO_MORE_FILES);
}
END_TEST

START_TEST(test_every_change_is_refused)
{
    struct fs_file *fl;
    ck_assert_int_eq(fs_open(g_fs, "E:\\README.TXT", FS_O_READ | FS_O_WRITE, &fl),
                     -DOSERR_ACCESS_DENIED);
    ck_assert_int_eq(fs_open(g_fs, "E:\\NEW.TXT", FS_O_WRITE | FS_O_CREATE, &fl),
                     -DOSERR_ACCESS_DENIED);
    ck_assert_int_eq(fs_unlink(g_fs, "E:\\README.TXT"), -DOSERR_ACCESS_DENIED);
    ck_assert_int_eq(fs_rename(g_fs, "E:\\README.TXT", "E:\\X.TXT"), -DOSERR_ACCESS_DENIED);
    ck_assert_int_eq(fs_mkdir(g_fs, "E:\\NEWDIR"), -DOSERR_ACCESS_DENIED);
    ck_assert_int_eq(fs_rmdir(g_fs, "E:\\EMPTY"), -DOSERR_ACCESS_DENIED);
    ck_assert_int_eq(fs_set_attr(g_fs, "E:\\README.TXT", 0), -DOSERR_ACCESS_DENIED);
    ck_assert_int_eq(fs_open(g_fs, "E:\\MISSING.TXT", FS_O_READ, &fl), -DOSERR_FILE_NOT_FOUND);
    ck_assert_int_eq(fs_open(g_fs, "E:\\NODIR\\X.TXT", FS_O_READ, &fl), -DOSERR_PATH_NOT_FOUND);
}
END_TEST

START_TEST(test_seek_and_read_in_member)
{
    struct fs_file *fl;
    char buf[8] = {0};
    uint32_t pos;
    ck_assert_int_eq(fs_open(g_fs, "E:\\README.TXT", FS_O_READ, &fl), 0);
    ck_assert_int_eq(fs_seek(fl, -4, FS_SEEK_END, &pos), 0);
    ck_assert_uint_eq(pos, 5);
    ck_assert_int_eq(fs_read(fl, buf, sizeof buf), 4);
    ck_assert_str_eq(buf, "me\r\n");
    ck_assert_int_eq(fs_read(fl, buf, sizeof buf), 0);
    ck_assert_int_eq(fs_seek(fl, -100, FS_SEEK_CUR, &pos), -DOSERR_SEEK_ERROR);
    fs_close(fl);
}
END_TEST

START_TEST(test_not_a_zip_is_refused)
{
    ufs_write(&g_t, "bad.zip", "this is not a zip file");
    ck_assert_int_lt(fs_mount_path(g_fs, 5, ufs_path(&g_t, "bad.zip"), 0), 0);
    ck_assert(!fs_drive_valid(g_fs, 5));
}
END_TEST

/* Issue 17: a FIFO named like a zip blocked the mount forever (the open
 * waited for a writer); only regular files are zips. */
START_TEST(test_fifo_named_zip_is_refused_without_blocking)
{
    const char *p = ufs_path(&g_t, "fifo.zip");
    ck_assert_int_eq(mkfifo(p, 0600), 0);
    ck_assert_int_lt(fs_mount_path(g_fs, 6, p, 0), 0);
    ck_assert(!fs_drive_valid(g_fs, 6));
}
END_TEST

/* Names are deduplicated by sorting (the linear-time build): a member
 * stored twice shows once with the first one's data, a directory named
 * and implied shows once. */
START_TEST(test_duplicate_members_first_wins)
{
    char path[PATH_MAX], buf[64];
    snprintf(path, sizeof path, "%s", ufs_path(&g_t, "dup.zip"));
    zipFile zf = zipOpen(path, APPEND_STATUS_CREATE);
    add(zf, "TWICE.TXT", "first");
    add(zf, "sub/", NULL);
    add(zf, "sub/in.txt", "in");
    add(zf, "TWICE.TXT", "second");
    add(zf, "sub/", NULL);
    zipClose(zf, NULL);
    ck_assert_int_eq(fs_mount_path(g_fs, 6, path, 0), 0);
    ck_assert_str_eq(read_all("G:\\TWICE.TXT", buf, sizeof buf), "first");
    ck_assert_str_eq(read_all("G:\\SUB\\IN.TXT", buf, sizeof buf), "in");
    struct fs_find f;
    struct fs_found e;
    unsigned n = 0;
    for (int rc = fs_find_first(g_fs, "G:\\*.*", FS_ATTR_DIRECTORY, &f, &e); rc == 0;
         rc = fs_find_next(g_fs, &f, &e))
        n++;
    ck_assert_uint_eq(n, 2);
}
END_TEST

/* Open members are held in host memory up to a fixed budget (256 MiB per
 * drive): a guest opening a 16 MiB member over and over gets "too many open
 * files" once the budget is used, and the budget comes back on close. */
START_TEST(test_open_members_are_bounded_in_host_memory)
{
    enum { MEMBER_BYTES = 16 << 20, BUDGET_OPENS = 16, CHUNK = 1 << 16 };
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s", ufs_path(&g_t, "zeros.zip"));
    zipFile zf = zipOpen(path, APPEND_STATUS_CREATE);
    zip_fileinfo zi = {0};
    ck_assert_int_eq(zipOpenNewFileInZip(zf, "ZEROS.BIN", &zi, NULL, 0, NULL, 0, NULL,
                                         Z_DEFLATED, Z_BEST_SPEED), ZIP_OK);
    static const uint8_t zeros[CHUNK];
    for (int i = 0; i < MEMBER_BYTES / CHUNK; i++)
        zipWriteInFileInZip(zf, zeros, CHUNK);
    zipCloseFileInZip(zf);
    zipClose(zf, NULL);
    ck_assert_int_eq(fs_mount_path(g_fs, 5, path, 0), 0);
    struct fs_file *fl[BUDGET_OPENS + 1];
    for (int i = 0; i < BUDGET_OPENS; i++)
        ck_assert_int_eq(fs_open(g_fs, "F:\\ZEROS.BIN", FS_O_READ, &fl[i]), 0);
    ck_assert_int_eq(fs_open(g_fs, "F:\\ZEROS.BIN", FS_O_READ, &fl[BUDGET_OPENS]),
                     -DOSERR_TOO_MANY_OPEN_FILES);
    fs_close(fl[0]);
    ck_assert_int_eq(fs_open(g_fs, "F:\\ZEROS.BIN", FS_O_READ, &fl[0]), 0);
    for (int i = 0; i < BUDGET_OPENS; i++)
        fs_close(fl[i]);
}
END_TEST

Suite *suite_zip(void)
{
    Suite *s = suite_create("zip");
    TCase *tc = tcase_create("zip");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_members_read_back_through_aliases);
    tcase_add_test(tc, test_listing_has_directories_dots_and_dates);
    tcase_add_test(tc, test_every_change_is_refused);
    tcase_add_test(tc, test_seek_and_read_in_member);
    tcase_add_test(tc, test_not_a_zip_is_refused);
    tcase_add_test(tc, test_fifo_named_zip_is_refused_without_blocking);
    tcase_add_test(tc, test_duplicate_members_first_wins);
    suite_add_tcase(s, tc);
    TCase *big = tcase_create("limits");       /* inflates 256 MiB: seconds under ASan */
    tcase_add_checked_fixture(big, setup, teardown);
    tcase_set_timeout(big, 60);
    tcase_add_test(big, test_open_members_are_bounded_in_host_memory);
    suite_add_tcase(s, big);
    return s;
}
