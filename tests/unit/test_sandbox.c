/* fs sandbox: DOS paths, however written, and host symlinks never reach a
 * host file outside the mount. Every row is an escape attempt that must
 * fail (with the DOS error given); afterwards nothing outside changed. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/common.h"
#include "base/doserr.h"
#include "fs/fs.h"
#include "tests/unit/unit.h"
#include "tests/unit/unit_fs.h"

enum op { OPEN_R, OPEN_RW, CREATE, STAT, UNLINK, RENAME, MKDIR, RMDIR, ATTR, CHDIR, FIND,
          CHDIR_OPEN };

struct attempt {
    enum op op;
    const char *path, *path2;
    int err;                    /* the DOS error the attempt must fail with */
};

#define E(x) DOSERR_##x
static const struct attempt k_attempts[] = {
    {OPEN_R, "C:\\..\\OUTSIDE\\SECRET.TXT", NULL, E(PATH_NOT_FOUND)},
    {OPEN_R, "C:..\\..\\OUTSIDE\\SECRET.TXT", NULL, E(PATH_NOT_FOUND)},
    {OPEN_R, "\\..\\..\\..\\..\\SECRET.TXT", NULL, E(FILE_NOT_FOUND)},
    {OPEN_R, "C:/../outside/secret.txt", NULL, E(PATH_NOT_FOUND)},
    {OPEN_R, "C:\\SUB\\..\\..\\OUTSIDE\\SECRET.TXT", NULL, E(PATH_NOT_FOUND)},
    {OPEN_R, "C:\\\\\\..\\\\OUTSIDE\\\\SECRET.TXT", NULL, E(PATH_NOT_FOUND)},
    {OPEN_R, "C:\\UP\\SECRET.TXT", NULL, E(PATH_NOT_FOUND)},        /* dir link out */
    {STAT, "C:\\UP", NULL, E(FILE_NOT_FOUND)},
    {OPEN_R, "C:\\ABS\\PASSWD", NULL, E(PATH_NOT_FOUND)},          /* absolute link */
    {OPEN_R, "C:\\SECRET.LNK", NULL, E(FILE_NOT_FOUND)},           /* file link out */
    {OPEN_R, "C:\\SUBUP\\SECRET.TXT", NULL, E(PATH_NOT_FOUND)},    /* sub/../../outside */
    {OPEN_R, "C:\\DANGLE", NULL, E(FILE_NOT_FOUND)},               /* dangling, points out */
    {CREATE, "C:\\DANGLE", NULL, E(ACCESS_DENIED)},   /* a hidden entry: never created through */
    {OPEN_RW, "C:\\LOOP", NULL, E(FILE_NOT_FOUND)},
    {OPEN_R, "D:..\\INSIDE.TXT", NULL, E(FILE_NOT_FOUND)},         /* D: is C:\SUB */
    {OPEN_R, "D:\\..\\INSIDE.TXT", NULL, E(FILE_NOT_FOUND)},
    {OPEN_R, "D:..\\..\\OUTSIDE\\SECRET.TXT", NULL, E(PATH_NOT_FOUND)},
    {OPEN_R, "D:/..\\\\../INSIDE.TXT", NULL, E(FILE_NOT_FOUND)},
    {OPEN_R, "C:\\CON\\..\\..\\OUTSIDE\\SECRET.TXT", NULL, E(PATH_NOT_FOUND)},
    {OPEN_R, "C:\\NUL\\SECRET.TXT", NULL, E(PATH_NOT_FOUND)},      /* device as directory */
    {OPEN_R, "C:\\OUTSIDE\\SECRET.TXT.", NULL, E(PATH_NOT_FOUND)},
    {OPEN_R, "C:\\..   \\OUTSIDE\\SECRET.TXT", NULL, E(PATH_NOT_FOUND)},
    {OPEN_R, "C:\\...\\OUTSIDE\\SECRET.TXT", NULL, E(PATH_NOT_FOUND)},
    {STAT, "C:\\SUB\\.\\..\\..\\..\\OUTSIDE", NULL, E(FILE_NOT_FOUND)},
    {OPEN_R, "\x05\\..\\SECRET.TXT", NULL, E(PATH_NOT_FOUND)},
    {OPEN_R, "C:\\OUT\xE5IDE\\SECRET.TXT", NULL, E(PATH_NOT_FOUND)},
    {OPEN_R, "C:\\\x81\\..\\..\\SECRET.TXT", NULL, E(FILE_NOT_FOUND)},
    {OPEN_R, "C:\\SUB\\FILE.TXT\\..\\..\\..\\OUTSIDE\\SECRET.TXT", NULL, E(PATH_NOT_FOUND)},
    {OPEN_R, "Z:\\SECRET.TXT", NULL, E(INVALID_DRIVE)},
    {OPEN_R, "C:\\/\\/..\\/OUTSIDE/SECRET.TXT", NULL, E(PATH_NOT_FOUND)},
    {OPEN_R, "/etc/passwd", NULL, E(PATH_NOT_FOUND)},              /* host path */
    {OPEN_R, "\\\\server\\share\\secret.txt", NULL, E(PATH_NOT_FOUND)},
    {OPEN_RW, "C:\\AUX.TXT", NULL, E(ACCESS_DENIED)},              /* a device, not a file */
    {MKDIR, "C:\\UP\\NEWDIR", NULL, E(PATH_NOT_FOUND)},
    {MKDIR, "C:\\ABS\\NEWDIR", NULL, E(PATH_NOT_FOUND)},
    {UNLINK, "C:\\UP\\SECRET.TXT", NULL, E(PATH_NOT_FOUND)},
    {UNLINK, "C:\\SECRET.LNK", NULL, E(FILE_NOT_FOUND)},
    {RENAME, "C:\\INSIDE.TXT", "C:\\UP\\MOVED.TXT", E(PATH_NOT_FOUND)},
    {RENAME, "C:\\INSIDE.TXT", "C:\\..\\OUTSIDE\\MOVED.TXT", E(PATH_NOT_FOUND)},
    {RENAME, "C:\\UP\\SECRET.TXT", "C:\\STOLEN.TXT", E(PATH_NOT_FOUND)},
    {RENAME, "D:\\FILE.TXT", "C:\\MOVED.TXT", E(NOT_SAME_DEVICE)},
    {RMDIR, "C:\\UP", NULL, E(PATH_NOT_FOUND)},
    {RMDIR, "C:\\ABS", NULL, E(PATH_NOT_FOUND)},
    {ATTR, "C:\\SECRET.LNK", NULL, E(FILE_NOT_FOUND)},
    {CREATE, "C:\\UP\\NEW.TXT", NULL, E(PATH_NOT_FOUND)},
    {CREATE, "C:\\SUBUP\\NEW.TXT", NULL, E(PATH_NOT_FOUND)},
    {CREATE, "C:\\CLOCK$", NULL, E(ACCESS_DENIED)},
    {CHDIR, "C:\\UP", NULL, E(PATH_NOT_FOUND)},
    {CHDIR_OPEN, "C:\\..\\..", "SECRET.TXT", E(FILE_NOT_FOUND)},
    {FIND, "C:\\UP\\*.*", NULL, E(PATH_NOT_FOUND)},
    {FIND, "C:\\SECRET.*", NULL, E(NO_MORE_FILES)},
    {FIND, "C:\\..\\OUTSIDE\\*.*", NULL, E(PATH_NOT_FOUND)},
    {FIND, "C:\\ABS\\*.*", NULL, E(PATH_NOT_FOUND)},
};
#undef E

static struct ufs_tree g_t;
static struct fs *g_fs;

static void setup(void)
{
    ufs_tree_new(&g_t);
    ufs_mkdir(&g_t, "outside");
    ufs_write(&g_t, "outside/SECRET.TXT", "secret");
    ufs_mkdir(&g_t, "mount");
    ufs_mkdir(&g_t, "mount/SUB");
    ufs_write(&g_t, "mount/INSIDE.TXT", "inside");
    ufs_write(&g_t, "mount/SUB/FILE.TXT", "file");
    ufs_symlink(&g_t, "../outside", "mount/UP");
    ufs_symlink(&g_t, "/etc", "mount/ABS");
    ufs_symlink(&g_t, "../outside/SECRET.TXT", "mount/SECRET.LNK");
    ufs_symlink(&g_t, "../outside/NEW.TXT", "mount/DANGLE");
    ufs_symlink(&g_t, "SUB/FILE.TXT", "mount/OK.LNK");
    ufs_symlink(&g_t, "LOOP", "mount/LOOP");
    ufs_symlink(&g_t, "SUB/../../outside", "mount/SUBUP");
    g_fs = fs_new();
    ck_assert_int_eq(fs_mount_host(g_fs, 2, ufs_path(&g_t, "mount"), false), 0);
    ck_assert_int_eq(fs_mount_host(g_fs, 3, ufs_path(&g_t, "mount/SUB"), false), 0);
}

static void teardown(void)
{
    fs_free(g_fs);
    ufs_tree_free(&g_t);
}

/* Run one attempt; returns its result. An open that succeeds must not
 * show the secret (it is closed again). */
static int run(const struct attempt *a)
{
    struct fs_file *fl = NULL;
    struct fs_stat st;
    struct fs_find s;
    struct fs_found found;
    char buf[16] = {0};
    int rc;
    switch (a->op) {
    case OPEN_R:
    case OPEN_RW:
    case CREATE:
        rc = fs_open(g_fs, a->path,
                     a->op == OPEN_R ? FS_O_READ
                     : a->op == OPEN_RW ? FS_O_READ | FS_O_WRITE
                                        : FS_O_READ | FS_O_WRITE | FS_O_CREATE | FS_O_TRUNC,
                     &fl);
        if (rc == 0) {
            fs_read(fl, buf, sizeof buf - 1);
            ck_assert_msg(!strstr(buf, "secret"), "%s read the secret", a->path);
            fs_close(fl);
        }
        return rc;
    case STAT:
        return fs_stat(g_fs, a->path, &st);
    case UNLINK:
        return fs_unlink(g_fs, a->path);
    case RENAME:
        return fs_rename(g_fs, a->path, a->path2);
    case MKDIR:
        return fs_mkdir(g_fs, a->path);
    case RMDIR:
        return fs_rmdir(g_fs, a->path);
    case ATTR:
        return fs_set_attr(g_fs, a->path, FS_ATTR_READONLY);
    case CHDIR:
        return fs_chdir(g_fs, a->path);
    case FIND:
        return fs_find_first(g_fs, a->path, FS_ATTR_HIDDEN | FS_ATTR_SYSTEM | FS_ATTR_DIRECTORY,
                             &s, &found);
    case CHDIR_OPEN:
        ck_assert_int_eq(fs_chdir(g_fs, a->path), 0);      /* stays at C:\ */
        return fs_open(g_fs, a->path2, FS_O_READ, &fl);
    }
    return 0;
}

START_TEST(test_escape_attempt_fails)
{
    const struct attempt *a = &k_attempts[_i];
    char before[UFS_SNAPSHOT_MAX], after[UFS_SNAPSHOT_MAX];
    ufs_snapshot(&g_t, "outside", before, sizeof before);
    int rc = run(a);
    ck_assert_msg(rc == -a->err, "attempt %d (%s): result %d, expected %d", _i, a->path, rc,
                  -a->err);
    ufs_snapshot(&g_t, "outside", after, sizeof after);
    ck_assert_str_eq(before, after);
    ck_assert(!ufs_exists(&g_t, "outside/NEW.TXT"));
    ck_assert(!ufs_exists(&g_t, "outside/MOVED.TXT"));
    ck_assert_str_eq(ufs_read(&g_t, "mount/INSIDE.TXT", before, sizeof before), "inside");
}
END_TEST

START_TEST(test_link_inside_the_mount_works)
{
    struct fs_file *fl;
    char buf[8] = {0};
    ck_assert_int_eq(fs_open(g_fs, "C:\\OK.LNK", FS_O_READ, &fl), 0);
    fs_read(fl, buf, sizeof buf - 1);
    fs_close(fl);
    ck_assert_str_eq(buf, "file");
}
END_TEST

/* A mount over a drive holding open files would free the backend under
 * them (a script's `mount` while the program runs): refused until they
 * are closed. */
START_TEST(test_mount_over_open_files_is_refused)
{
    struct fs_file *fl;
    char why[160];
    ck_assert_int_eq(fs_open(g_fs, "C:\\INSIDE.TXT", FS_O_READ, &fl), 0);
    ck_assert_int_eq(fs_mount(g_fs, 2, ufs_path(&g_t, "mount/SUB"), 0, why, sizeof why),
                     -DOSERR_ACCESS_DENIED);
    ck_assert_ptr_nonnull(strstr(why, "open file"));
    ck_assert_int_eq(fs_mount(g_fs, 4, ufs_path(&g_t, "mount/SUB"), 0, why, sizeof why), 0);
    fs_close(fl);
    ck_assert_int_eq(fs_mount(g_fs, 2, ufs_path(&g_t, "mount/SUB"), 0, why, sizeof why), 0);
}
END_TEST

START_TEST(test_file_swapped_for_a_link_after_listing_is_refused)
{
    struct fs_file *fl;
    struct fs_stat st;
    char buf[16] = {0};
    ufs_write(&g_t, "mount/SWAP.TXT", "plain");
    ck_assert_int_eq(fs_stat(g_fs, "C:\\SWAP.TXT", &st), 0);        /* listed as a file */
    ufs_unlink(&g_t, "mount/SWAP.TXT");
    ufs_symlink(&g_t, "../outside/SECRET.TXT", "mount/SWAP.TXT");
    int rc = fs_open(g_fs, "C:\\SWAP.TXT", FS_O_READ, &fl);
    if (rc == 0) {
        fs_read(fl, buf, sizeof buf - 1);
        fs_close(fl);
    }
    ck_assert_int_ne(rc, 0);
    ck_assert(!strstr(buf, "secret"));
}
END_TEST

START_TEST(test_link_appearing_after_listing_is_refused)
{
    struct fs_file *fl;
    struct fs_stat st;
    ck_assert_int_eq(fs_stat(g_fs, "C:\\INSIDE.TXT", &st), 0);      /* root listed */
    ufs_symlink(&g_t, "../outside/SECRET.TXT", "mount/LATE.TXT");
    ck_assert_int_lt(fs_open(g_fs, "C:\\LATE.TXT", FS_O_READ, &fl), 0);
}
END_TEST

/* A directory the cache knows is replaced by a link to outside, and the
 * parent's mtime put back (tar and rsync restore directory times; a swap
 * within one timestamp tick of the listing looks the same). Found by the
 * path fuzz target's host-swap operation. */
START_TEST(test_directory_swapped_for_a_link_keeping_mtime_is_refused)
{
    struct fs_file *fl;
    struct fs_stat st;
    struct stat before;
    char buf[16] = {0};
    ufs_mkdir(&g_t, "mount/MOVE");
    ufs_write(&g_t, "mount/MOVE/IN.TXT", "in");
    ck_assert_int_eq(stat(ufs_path(&g_t, "mount"), &before), 0);
    ck_assert_int_eq(fs_stat(g_fs, "C:\\MOVE\\IN.TXT", &st), 0);    /* MOVE listed as a dir */
    char old[PATH_MAX];
    snprintf(old, sizeof old, "%s", ufs_path(&g_t, "mount/MOVE"));
    ck_assert_int_eq(rename(old, ufs_path(&g_t, "MOVED")), 0);
    ufs_symlink(&g_t, "../outside", "mount/MOVE");
    struct timespec times[2] = {before.st_atim, before.st_mtim};
    ck_assert_int_eq(utimensat(AT_FDCWD, ufs_path(&g_t, "mount"), times, 0), 0);
    int rc = fs_open(g_fs, "C:\\MOVE\\SECRET.TXT", FS_O_READ, &fl);
    if (rc == 0) {
        fs_read(fl, buf, sizeof buf - 1);
        fs_close(fl);
    }
    ck_assert_msg(rc != 0 && !strstr(buf, "secret"), "read %s through a swapped directory", buf);
    ck_assert_int_ne(fs_mkdir(g_fs, "C:\\MOVE\\NEWDIR"), 0);
    ck_assert(!ufs_exists(&g_t, "outside/NEWDIR"));
    /* The swapped entry itself: no attribute change or stat through it. */
    struct stat out_before, out_after;
    ck_assert_int_eq(stat(ufs_path(&g_t, "outside"), &out_before), 0);
    ck_assert_int_ne(fs_set_attr(g_fs, "C:\\MOVE", FS_ATTR_READONLY), 0);
    ck_assert_int_ne(fs_stat(g_fs, "C:\\MOVE", &st), 0);
    ck_assert_int_eq(stat(ufs_path(&g_t, "outside"), &out_after), 0);
    ck_assert_int_eq(out_before.st_mode, out_after.st_mode);
}
END_TEST

/* ---- special host files (issue 17) ----
 * FIFOs, sockets and device nodes inside a read-write mount are hidden from
 * listings; no call may open, create over, delete, rename onto or block on
 * them: access denied (or not found for a name DOS cannot see). */

static bool is_fifo(const char *p)
{
    struct stat s;
    return lstat(p, &s) == 0 && S_ISFIFO(s.st_mode);
}

START_TEST(test_fifo_is_never_opened_created_deleted_or_renamed_onto)
{
    struct fs_file *fl;
    char fifo[PATH_MAX];
    snprintf(fifo, sizeof fifo, "%s", ufs_path(&g_t, "mount/PIPE"));
    ck_assert_int_eq(mkfifo(fifo, 0666), 0);
    ck_assert_int_eq(fs_open(g_fs, "C:\\PIPE", FS_O_READ, &fl), -DOSERR_FILE_NOT_FOUND);
    ck_assert_int_eq(fs_open(g_fs, "C:\\PIPE", FS_O_READ | FS_O_WRITE | FS_O_CREATE | FS_O_TRUNC,
                             &fl),
                     -DOSERR_ACCESS_DENIED);
    ck_assert_int_eq(fs_open(g_fs, "C:\\PIPE", FS_O_WRITE | FS_O_CREATE | FS_O_EXCL, &fl),
                     -DOSERR_ACCESS_DENIED);
    ck_assert_int_eq(fs_unlink(g_fs, "C:\\PIPE"), -DOSERR_FILE_NOT_FOUND);
    ck_assert_int_eq(fs_rename(g_fs, "C:\\INSIDE.TXT", "C:\\PIPE"), -DOSERR_ACCESS_DENIED);
    ck_assert_int_eq(fs_mkdir(g_fs, "C:\\PIPE"), -DOSERR_ACCESS_DENIED);
    ck_assert(is_fifo(fifo));
    ck_assert(ufs_exists(&g_t, "mount/INSIDE.TXT"));
}
END_TEST

/* The outside link a listing hides: rename onto its name replaced it. */
START_TEST(test_rename_onto_a_hidden_link_is_refused)
{
    char buf[16];
    ck_assert_int_eq(fs_rename(g_fs, "C:\\INSIDE.TXT", "C:\\SECRET.LNK"), -DOSERR_ACCESS_DENIED);
    ck_assert_int_eq(fs_rename(g_fs, "C:\\INSIDE.TXT", "C:\\DANGLE"), -DOSERR_ACCESS_DENIED);
    ck_assert_str_eq(ufs_read(&g_t, "mount/SECRET.LNK", buf, sizeof buf), "secret");
    ck_assert_str_eq(ufs_read(&g_t, "mount/INSIDE.TXT", buf, sizeof buf), "inside");
}
END_TEST

/* A device node (root only: skipped without CAP_MKNOD) gives no raw
 * device access through create; a socket is refused the same way. */
START_TEST(test_device_node_and_socket_are_refused)
{
    struct fs_file *fl;
    char dev[PATH_MAX];
    snprintf(dev, sizeof dev, "%s", ufs_path(&g_t, "mount/NULLDEV"));
    if (mknod(dev, S_IFCHR | 0666, makedev(1, 3)) == 0) {
        ck_assert_int_eq(fs_open(g_fs, "C:\\NULLDEV", FS_O_READ | FS_O_WRITE | FS_O_CREATE, &fl),
                         -DOSERR_ACCESS_DENIED);
        ck_assert_int_eq(fs_unlink(g_fs, "C:\\NULLDEV"), -DOSERR_FILE_NOT_FOUND);
    }
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    const char *sp = ufs_path(&g_t, "mount/SOCK");
    if (s >= 0 && strlen(sp) < sizeof a.sun_path) {
        memcpy(a.sun_path, sp, strlen(sp) + 1);
        if (bind(s, (struct sockaddr *)&a, sizeof a) == 0)
            ck_assert_int_eq(fs_open(g_fs, "C:\\SOCK", FS_O_READ | FS_O_WRITE | FS_O_CREATE, &fl),
                             -DOSERR_ACCESS_DENIED);
    }
    if (s >= 0)
        close(s);
}
END_TEST

/* A listed file swapped on the host for a FIFO: opening it must not wait
 * for a writer, deleting it must not remove the FIFO. Checked by mtime
 * (_i = 0) the listing still says a file: access denied; watched by
 * inotify (_i = 1) the listing knows: the FIFO is not there for DOS. */
START_TEST(test_file_swapped_for_a_fifo_is_refused_without_blocking)
{
    static const unsigned k_flags[] = {FS_MOUNT_NO_WATCH, 0};
    int refused = _i == 0 ? -DOSERR_ACCESS_DENIED : -DOSERR_FILE_NOT_FOUND;
    struct fs_file *fl;
    struct fs_stat st;
    struct stat before;
    ck_assert_int_eq(fs_mount_path(g_fs, 2, ufs_path(&g_t, "mount"), k_flags[_i]), 0);
    ufs_write(&g_t, "mount/SWAP.TXT", "plain");
    ck_assert_int_eq(stat(ufs_path(&g_t, "mount"), &before), 0);
    ck_assert_int_eq(fs_stat(g_fs, "C:\\SWAP.TXT", &st), 0);
    ufs_unlink(&g_t, "mount/SWAP.TXT");
    ck_assert_int_eq(mkfifo(ufs_path(&g_t, "mount/SWAP.TXT"), 0666), 0);
    /* the parent's mtime put back: the listing still says a file */
    struct timespec times[2] = {before.st_atim, before.st_mtim};
    ck_assert_int_eq(utimensat(AT_FDCWD, ufs_path(&g_t, "mount"), times, 0), 0);
    ck_assert_int_eq(fs_open(g_fs, "C:\\SWAP.TXT", FS_O_READ, &fl), refused);
    ck_assert_int_eq(fs_open(g_fs, "C:\\SWAP.TXT", FS_O_WRITE, &fl), refused);
    ck_assert_int_eq(fs_unlink(g_fs, "C:\\SWAP.TXT"), refused);
    ck_assert(is_fifo(ufs_path(&g_t, "mount/SWAP.TXT")));
}
END_TEST

/* The check-then-use race: while DOS opens SUB\FILE.TXT again and again,
 * the host swaps SUB with a link to outside (renameat2 RENAME_EXCHANGE,
 * atomically). Resolving by path string after a check read the secret in
 * under a second; walking descriptors never does. The opens stop at
 * RACE_OPENS or after RACE_SECONDS, well inside the case's timeout on a
 * slow machine (each swap is a journaled rename and two inotify events). */
enum { RACE_OPENS = 20000, RACE_SECONDS = 8 };

START_TEST(test_directory_swapped_during_opens_never_leaks)
{
    char sub[PATH_MAX], lnk[PATH_MAX], buf[16];
    ufs_write(&g_t, "outside/FILE.TXT", "secret");
    ufs_symlink(&g_t, "../outside", "mount/SWAPLINK");
    snprintf(sub, sizeof sub, "%s", ufs_path(&g_t, "mount/SUB"));
    snprintf(lnk, sizeof lnk, "%s", ufs_path(&g_t, "mount/SWAPLINK"));
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        for (;;)
            renameat2(AT_FDCWD, sub, AT_FDCWD, lnk, RENAME_EXCHANGE);
    }
    unsigned opened = 0, leaked = 0;
    time_t stop = time(NULL) + RACE_SECONDS;
    for (int i = 0; i < RACE_OPENS && time(NULL) < stop; i++) {
        struct fs_file *fl;
        if (fs_open(g_fs, "C:\\SUB\\FILE.TXT", FS_O_READ, &fl) < 0)
            continue;
        memset(buf, 0, sizeof buf);
        fs_read(fl, buf, sizeof buf - 1);
        fs_close(fl);
        opened++;
        leaked += strstr(buf, "secret") != NULL;
    }
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    ck_assert_msg(leaked == 0, "read outside the mount %u times of %u opens", leaked, opened);
    ck_assert_uint_gt(opened, 0);
}
END_TEST

START_TEST(test_root_mount_of_a_link_resolves_it_once)
{
    struct fs_file *fl;
    char buf[8] = {0};
    ufs_symlink(&g_t, "mount/SUB", "sublink");
    ck_assert_int_eq(fs_mount_host(g_fs, 4, ufs_path(&g_t, "sublink"), true), 0);
    ck_assert_int_eq(fs_open(g_fs, "E:\\FILE.TXT", FS_O_READ, &fl), 0);
    fs_read(fl, buf, sizeof buf - 1);
    fs_close(fl);
    ck_assert_str_eq(buf, "file");
    ck_assert_int_eq(fs_open(g_fs, "E:\\..\\INSIDE.TXT", FS_O_READ, &fl), -DOSERR_FILE_NOT_FOUND);
}
END_TEST

Suite *suite_sandbox(void)
{
    Suite *s = suite_create("sandbox");
    TCase *tc = tcase_create("escapes");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_escape_attempt_fails, 0, (int)ARRAY_LEN(k_attempts));
    tcase_add_test(tc, test_link_inside_the_mount_works);
    tcase_add_test(tc, test_file_swapped_for_a_link_after_listing_is_refused);
    tcase_add_test(tc, test_link_appearing_after_listing_is_refused);
    tcase_add_test(tc, test_root_mount_of_a_link_resolves_it_once);
    tcase_add_test(tc, test_mount_over_open_files_is_refused);
    tcase_add_test(tc, test_directory_swapped_for_a_link_keeping_mtime_is_refused);
    suite_add_tcase(s, tc);
    TCase *sp = tcase_create("special files");
    tcase_add_checked_fixture(sp, setup, teardown);
    tcase_set_timeout(sp, 30); /* the race test: RACE_SECONDS at most */
    tcase_add_test(sp, test_fifo_is_never_opened_created_deleted_or_renamed_onto);
    tcase_add_test(sp, test_rename_onto_a_hidden_link_is_refused);
    tcase_add_test(sp, test_device_node_and_socket_are_refused);
    tcase_add_loop_test(sp, test_file_swapped_for_a_fifo_is_refused_without_blocking, 0, 2);
    tcase_add_test(sp, test_directory_swapped_during_opens_never_leaks);
    suite_add_tcase(s, sp);
    return s;
}
