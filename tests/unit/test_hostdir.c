/* fs host backend: the per-directory listing cache sees host changes by
 * inotify (or, without it, by the directory's mtime) and our own changes
 * at once, and does not read a directory again on every open. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/common.h"
#include "base/doserr.h"
#include "fs/fs.h"
#include "tests/unit/unit.h"
#include "tests/unit/unit_fs.h"

static struct ufs_tree g_t;
static struct fs *g_fs;

static void setup_with(unsigned flags)
{
    ufs_tree_new(&g_t);
    ufs_mkdir(&g_t, "c");
    ufs_write(&g_t, "c/FIRST.TXT", "1");
    g_fs = fs_new();
    ck_assert_int_eq(fs_mount_path(g_fs, 2, ufs_path(&g_t, "c"), flags), 0);
}

static void setup(void)
{
    setup_with(0);
}

/* Listings checked by the directory's mtime alone (no inotify). */
static void setup_mtime(void)
{
    setup_with(FS_MOUNT_NO_WATCH);
}

static void teardown(void)
{
    fs_free(g_fs);
    ufs_tree_free(&g_t);
}

static int stat_of(const char *p)
{
    struct fs_stat st;
    return fs_stat(g_fs, p, &st);
}

/* Give directory rel an old mtime (far from "now": not racy). */
static void age_dir(const char *rel, time_t when)
{
    struct timespec ts[2] = {{.tv_sec = when}, {.tv_sec = when}};
    ck_assert_int_eq(utimensat(AT_FDCWD, ufs_path(&g_t, rel), ts, 0), 0);
}

START_TEST(test_host_changes_are_seen)
{
    ck_assert_int_eq(stat_of("C:\\FIRST.TXT"), 0);
    ufs_write(&g_t, "c/added later.txt", "2");
    ck_assert_int_eq(stat_of("C:\\ADDEDL~1.TXT"), 0);
    ufs_unlink(&g_t, "c/FIRST.TXT");
    ck_assert_int_eq(stat_of("C:\\FIRST.TXT"), -DOSERR_FILE_NOT_FOUND);
}
END_TEST

START_TEST(test_unchanged_old_directory_is_not_read_again)
{
    age_dir("c", 1000000000);
    ck_assert_int_eq(stat_of("C:\\FIRST.TXT"), 0);          /* listed now */
    ufs_write(&g_t, "c/HIDDEN.TXT", "x");
    age_dir("c", 1000000000);                               /* the change is invisible */
    ck_assert_int_eq(stat_of("C:\\HIDDEN.TXT"), -DOSERR_FILE_NOT_FOUND);
    age_dir("c", 1000000001);                               /* now it shows */
    ck_assert_int_eq(stat_of("C:\\HIDDEN.TXT"), 0);
}
END_TEST

START_TEST(test_recent_directory_asks_the_host_on_a_miss)
{
    ck_assert_int_eq(stat_of("C:\\FIRST.TXT"), 0);
    struct stat s;
    stat(ufs_path(&g_t, "c"), &s);
    ufs_write(&g_t, "c/SAMETICK.TXT", "x");                 /* same mtime as listed */
    struct timespec ts[2] = {s.st_atim, s.st_mtim};
    utimensat(AT_FDCWD, ufs_path(&g_t, "c"), ts, 0);
    ck_assert_int_eq(stat_of("C:\\SAMETICK.TXT"), 0);
}
END_TEST

/* With inotify a host change is seen even when the directory's mtime
 * does not tell (the mtime-only cache above misses it). */
START_TEST(test_watched_directory_sees_what_its_mtime_hides)
{
    age_dir("c", 1000000000);
    ck_assert_int_eq(stat_of("C:\\FIRST.TXT"), 0);
    ufs_write(&g_t, "c/SEEN.TXT", "x");
    age_dir("c", 1000000000);
    ck_assert_int_eq(stat_of("C:\\SEEN.TXT"), 0);
    ufs_unlink(&g_t, "c/FIRST.TXT");
    age_dir("c", 1000000000);
    ck_assert_int_eq(stat_of("C:\\FIRST.TXT"), -DOSERR_FILE_NOT_FOUND);
}
END_TEST

/* Host changes between our own ones (whose events are skipped as ours)
 * are seen: the same name created by us, deleted and made again on the
 * host. */
START_TEST(test_host_changes_among_own_changes_are_seen)
{
    struct fs_file *fl;
    age_dir("c", 1000000000);
    ck_assert_int_eq(fs_open(g_fs, "C:\\A.TXT", FS_O_WRITE | FS_O_CREATE, &fl), 0);
    fs_close(fl);
    ufs_unlink(&g_t, "c/A.TXT");
    age_dir("c", 1000000000);
    ck_assert_int_eq(stat_of("C:\\A.TXT"), -DOSERR_FILE_NOT_FOUND);
    ck_assert_int_eq(fs_open(g_fs, "C:\\B.TXT", FS_O_WRITE | FS_O_CREATE, &fl), 0);
    fs_close(fl);
    ck_assert_int_eq(fs_unlink(g_fs, "C:\\B.TXT"), 0);
    ufs_write(&g_t, "c/b.txt", "again");
    age_dir("c", 1000000000);
    ck_assert_int_eq(stat_of("C:\\B.TXT"), 0);
    ck_assert_int_eq(fs_rename(g_fs, "C:\\B.TXT", "C:\\C.TXT"), 0);
    ck_assert(ufs_exists(&g_t, "c/C.TXT"));
    ck_assert_int_eq(stat_of("C:\\B.TXT"), -DOSERR_FILE_NOT_FOUND);
}
END_TEST

/* A subdirectory replaced on the host by another of the same name: the
 * new one's listing, not the old one's (watched) cache. */
START_TEST(test_directory_replaced_on_the_host_is_read_anew)
{
    ufs_mkdir(&g_t, "c/sub");
    ufs_write(&g_t, "c/sub/OLD.TXT", "1");
    age_dir("c/sub", 1000000000);
    ck_assert_int_eq(stat_of("C:\\SUB\\OLD.TXT"), 0);
    char from[PATH_MAX];
    snprintf(from, sizeof from, "%s", ufs_path(&g_t, "c/sub"));
    ck_assert_int_eq(rename(from, ufs_path(&g_t, "c/gone")), 0);
    ufs_mkdir(&g_t, "c/sub");
    ufs_write(&g_t, "c/sub/NEW.TXT", "2");
    age_dir("c/sub", 1000000000);
    ck_assert_int_eq(stat_of("C:\\SUB\\OLD.TXT"), -DOSERR_FILE_NOT_FOUND);
    ck_assert_int_eq(stat_of("C:\\SUB\\NEW.TXT"), 0);
    ck_assert_int_eq(stat_of("C:\\GONE\\OLD.TXT"), 0);
}
END_TEST

/* A listed link to a directory pointed elsewhere on the host: the
 * directory's cached listing (its watch is on the old target, which did
 * not change) is dropped with the link's name. */
START_TEST(test_link_pointed_elsewhere_is_followed_anew)
{
    ufs_mkdir(&g_t, "c/a");
    ufs_mkdir(&g_t, "c/b");
    ufs_write(&g_t, "c/a/ONE.TXT", "1");
    ufs_write(&g_t, "c/b/TWO.TXT", "2");
    ufs_symlink(&g_t, "a", "c/sub");
    age_dir("c", 1000000000);
    ck_assert_int_eq(stat_of("C:\\SUB\\ONE.TXT"), 0);
    ufs_unlink(&g_t, "c/sub");
    ufs_symlink(&g_t, "b", "c/sub");
    age_dir("c", 1000000000);
    ck_assert_int_eq(stat_of("C:\\SUB\\TWO.TXT"), 0);
    ck_assert_int_eq(stat_of("C:\\SUB\\ONE.TXT"), -DOSERR_FILE_NOT_FOUND);
}
END_TEST

static long queued_events_max(void)
{
    long n = 0;
    FILE *f = fopen("/proc/sys/fs/inotify/max_queued_events", "r");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(fscanf(f, "%ld", &n), 1);
    fclose(f);
    return n;
}

/* More host changes than inotify queues between two calls: the events
 * past the limit are lost (here those of the root, after a subdirectory's
 * churn), the overflow makes every listing be read again, and the last
 * file made is seen. */
START_TEST(test_event_overflow_reads_the_directory_again)
{
    long max = queued_events_max();
    ck_assert_int_lt(max, 1 << 20);
    ufs_mkdir(&g_t, "c/sub");
    age_dir("c", 1000000000);
    ck_assert_int_eq(stat_of("C:\\FIRST.TXT"), 0);
    ck_assert_int_eq(stat_of("C:\\SUB\\NONE.TXT"), -DOSERR_FILE_NOT_FOUND);
    const char *p = ufs_path(&g_t, "c/sub/churn");
    for (long i = 0; i <= max / 2; i++) {
        int fd = open(p, O_WRONLY | O_CREAT, 0644);
        ck_assert_int_ge(fd, 0);
        close(fd);
        unlink(p);
    }
    ufs_write(&g_t, "c/LAST.TXT", "x");
    age_dir("c", 1000000000);
    ck_assert_int_eq(stat_of("C:\\LAST.TXT"), 0);
}
END_TEST

START_TEST(test_own_changes_are_seen_at_once)
{
    struct fs_file *fl;
    ck_assert_int_eq(fs_open(g_fs, "C:\\NEW.TXT", FS_O_WRITE | FS_O_CREATE, &fl), 0);
    fs_close(fl);
    ck_assert_int_eq(stat_of("C:\\NEW.TXT"), 0);
    ck_assert(ufs_exists(&g_t, "c/NEW.TXT"));
    ck_assert_int_eq(fs_rename(g_fs, "C:\\NEW.TXT", "C:\\RENAMED.TXT"), 0);
    ck_assert_int_eq(stat_of("C:\\NEW.TXT"), -DOSERR_FILE_NOT_FOUND);
    ck_assert_int_eq(stat_of("C:\\RENAMED.TXT"), 0);
    ck_assert_int_eq(fs_mkdir(g_fs, "C:\\SUB"), 0);
    ck_assert_int_eq(fs_open(g_fs, "C:\\SUB\\IN.TXT", FS_O_WRITE | FS_O_CREATE, &fl), 0);
    fs_close(fl);
    ck_assert_int_eq(fs_rename(g_fs, "C:\\SUB", "C:\\MOVED"), 0);  /* a directory */
    ck_assert_int_eq(stat_of("C:\\MOVED\\IN.TXT"), 0);
    ck_assert_int_eq(stat_of("C:\\SUB\\IN.TXT"), -DOSERR_PATH_NOT_FOUND);
    ck_assert_int_eq(fs_unlink(g_fs, "C:\\MOVED\\IN.TXT"), 0);
    ck_assert_int_eq(fs_rmdir(g_fs, "C:\\MOVED"), 0);
    ck_assert(!ufs_exists(&g_t, "c/MOVED"));
}
END_TEST

/* The position DOS asks after every read and write is the file's own:
 * no seek reaches the backend (a fault armed for the first seek fires at
 * the first real one, not at a query of where the file is). */
START_TEST(test_position_query_stays_off_the_host)
{
    struct fs_fault_config cfg = {.ops = FS_FAULT_SEEK, .nth = 1, .host_errno = EIO};
    struct fs_file *fl;
    uint32_t pos = 99;
    char buf[8];
    ck_assert_int_eq(fs_mount_fault(g_fs, 2, &cfg), 0);
    ck_assert_int_eq(fs_open(g_fs, "C:\\POS.TXT", FS_O_READ | FS_O_WRITE | FS_O_CREATE, &fl), 0);
    ck_assert_int_eq(fs_write(fl, "0123456789", 10), 10);
    ck_assert_int_eq(fs_seek(fl, 0, FS_SEEK_CUR, &pos), 0);
    ck_assert_uint_eq(pos, 10);
    ck_assert_int_eq(fs_seek(fl, 4, FS_SEEK_SET, &pos), -DOSERR_GENERAL_FAILURE);
    ck_assert_int_eq(fs_seek(fl, 4, FS_SEEK_SET, &pos), 0); /* the fault fired once */
    ck_assert_int_eq(fs_read(fl, buf, sizeof buf), 6);
    ck_assert_int_eq(fs_seek(fl, 0, FS_SEEK_CUR, &pos), 0);
    ck_assert_uint_eq(pos, 10);
    ck_assert_int_eq(fs_seek(fl, -3, FS_SEEK_CUR, &pos), 0);
    ck_assert_uint_eq(pos, 7);
    ck_assert_int_eq(fs_read(fl, buf, 1), 1);
    ck_assert_int_eq(buf[0], '7');
    fs_close(fl);
}
END_TEST

/* A file opened through a link inside the mount is the target: its
 * identity (sharing, locks) is the target's, whichever name opened it. */
START_TEST(test_file_opened_by_link_is_its_target)
{
    struct fs_file *a, *b;
    ufs_symlink(&g_t, "FIRST.TXT", "c/LINK.TXT");
    ck_assert_int_eq(fs_open(g_fs, "C:\\FIRST.TXT", FS_O_READ, &a), 0);
    ck_assert_int_eq(fs_open(g_fs, "C:\\LINK.TXT", FS_O_READ, &b), 0);
    ck_assert(fs_file_id(a) == fs_file_id(b));
    fs_close(a);
    fs_close(b);
}
END_TEST

START_TEST(test_many_files_in_one_directory)
{
    struct fs_file *fl;
    char name[32];
    for (int i = 0; i < 500; i++) {
        snprintf(name, sizeof name, "C:\\F%04d.DAT", i);
        ck_assert_int_eq(fs_open(g_fs, name, FS_O_WRITE | FS_O_CREATE, &fl), 0);
        fs_close(fl);
    }
    for (int i = 0; i < 500; i += 2) {
        snprintf(name, sizeof name, "C:\\F%04d.DAT", i);
        ck_assert_int_eq(fs_unlink(g_fs, name), 0);
    }
    struct fs_find s;
    struct fs_found f;
    int n = 0;
    for (int rc = fs_find_first(g_fs, "C:\\F*.DAT", 0, &s, &f); rc == 0;
         rc = fs_find_next(g_fs, &s, &f))
        n++;
    ck_assert_int_eq(n, 250);
}
END_TEST

START_TEST(test_guest_attributes_persist_for_the_run)
{
    struct fs_stat st;
    ck_assert_int_eq(fs_set_attr(g_fs, "C:\\FIRST.TXT", FS_ATTR_HIDDEN | FS_ATTR_SYSTEM), 0);
    ck_assert_int_eq(fs_stat(g_fs, "C:\\FIRST.TXT", &st), 0);
    ck_assert_uint_eq(st.attr, FS_ATTR_HIDDEN | FS_ATTR_SYSTEM);
    ck_assert_int_eq(fs_set_attr(g_fs, "C:\\FIRST.TXT", FS_ATTR_READONLY), 0);
    struct stat s;
    stat(ufs_path(&g_t, "c/FIRST.TXT"), &s);
    ck_assert_uint_eq(s.st_mode & 0222, 0);                  /* read-only on the host */
    ck_assert_int_eq(fs_unlink(g_fs, "C:\\FIRST.TXT"), -DOSERR_ACCESS_DENIED);
    ck_assert_int_eq(fs_set_attr(g_fs, "C:\\FIRST.TXT", FS_ATTR_ARCHIVE), 0);
    ck_assert_int_eq(fs_unlink(g_fs, "C:\\FIRST.TXT"), 0);
}
END_TEST

Suite *suite_hostdir(void)
{
    Suite *s = suite_create("hostdir");
    TCase *tc = tcase_create("cache");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_host_changes_are_seen);
    tcase_add_test(tc, test_watched_directory_sees_what_its_mtime_hides);
    tcase_add_test(tc, test_host_changes_among_own_changes_are_seen);
    tcase_add_test(tc, test_directory_replaced_on_the_host_is_read_anew);
    tcase_add_test(tc, test_link_pointed_elsewhere_is_followed_anew);
    tcase_add_test(tc, test_event_overflow_reads_the_directory_again);
    tcase_add_test(tc, test_own_changes_are_seen_at_once);
    tcase_add_test(tc, test_position_query_stays_off_the_host);
    tcase_add_test(tc, test_file_opened_by_link_is_its_target);
    tcase_add_test(tc, test_many_files_in_one_directory);
    tcase_add_test(tc, test_guest_attributes_persist_for_the_run);
    suite_add_tcase(s, tc);
    TCase *mt = tcase_create("mtime");
    tcase_add_checked_fixture(mt, setup_mtime, teardown);
    tcase_add_test(mt, test_host_changes_are_seen);
    tcase_add_test(mt, test_unchanged_old_directory_is_not_read_again);
    tcase_add_test(mt, test_recent_directory_asks_the_host_on_a_miss);
    tcase_add_test(mt, test_own_changes_are_seen_at_once);
    tcase_add_test(mt, test_many_files_in_one_directory);
    suite_add_tcase(s, mt);
    return s;
}
