/* Fuzz harness: the temporary tree, the sentinel outside every mount and
 * the host descriptor checks. */
#include "tests/fuzz/fz.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/log.h"

#define FZ_MAX_FDS 1024
#define SECRET "secret"
#define SECRET_REL "outside/SECRET.TXT"

static char g_base[PATH_MAX];
static size_t g_base_len;
static struct stat g_secret_st;
static char g_ro_snapshot[1024];

/* Names, sizes, modes and times of BASE/d and what it holds. */
static void ro_snapshot(char *out, size_t cap)
{
    static const char *const k_ro[] = {"d", "d/FILE.TXT", "d/SUBDIR", "d/SUBDIR/DEEP.TXT",
                                       "d/long name.txt"};
    size_t n = 0;
    out[0] = 0;
    for (size_t i = 0; i < sizeof k_ro / sizeof k_ro[0]; i++) {
        char p[PATH_MAX];
        struct stat s;
        fz_path(k_ro[i], p);
        memset(&s, 0, sizeof s);
        lstat(p, &s);
        n += (size_t)snprintf(out + n, cap - n, "%s %o %lld %lld.%09ld %lld.%09ld\n", k_ro[i],
                              (unsigned)s.st_mode, (long long)s.st_size,
                              (long long)s.st_mtim.tv_sec, s.st_mtim.tv_nsec,
                              (long long)s.st_ctim.tv_sec, s.st_ctim.tv_nsec);
    }
}
static bool g_baseline_fd[FZ_MAX_FDS];
static bool g_have_baseline;

void fz_fail(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "fuzz invariant broken at %s:%d: ", file, line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    abort();
}

static int rm_one(const char *p, const struct stat *s, int type, struct FTW *f)
{
    (void)s;
    (void)f;
    if (type == FTW_DP)
        return rmdir(p);
    if (type == FTW_F)
        chmod(p, 0600);         /* never through a symlink: it may point outside */
    return unlink(p);
}

static void rm_tree(const char *p)
{
    struct stat s;
    if (lstat(p, &s) == 0)
        nftw(p, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void cleanup(void)
{
    if (g_base[0])
        rm_tree(g_base);
}

void fz_path(const char *rel, char out[PATH_MAX])
{
    snprintf(out, PATH_MAX, "%s/%s", g_base, rel);
}

void fz_mkdir(const char *rel)
{
    char p[PATH_MAX];
    fz_path(rel, p);
    FZ_CHECK(mkdir(p, 0777) == 0 || errno == EEXIST, "mkdir %s: %s", p, strerror(errno));
}

void fz_reset_dir(const char *rel)
{
    char p[PATH_MAX];
    fz_path(rel, p);
    rm_tree(p);
    fz_mkdir(rel);
}

void fz_write(const char *rel, const void *data, size_t n)
{
    char p[PATH_MAX];
    fz_path(rel, p);
    int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    FZ_CHECK(fd >= 0, "create %s: %s", p, strerror(errno));
    FZ_CHECK(write(fd, data, n) == (ssize_t)n, "write %s", p);
    close(fd);
}

void fz_symlink(const char *target, const char *rel)
{
    char p[PATH_MAX];
    fz_path(rel, p);
    FZ_CHECK(symlink(target, p) == 0, "symlink %s: %s", p, strerror(errno));
}

void fz_tree_init(void)
{
    char tmpl[PATH_MAX];
    const char *tmp = getenv("TMPDIR");
    if (g_base[0])
        return;
    log_set_quiet(true);
    if (getenv("UNIDOS_DEBUG"))
        log_enable(getenv("UNIDOS_DEBUG"));
    snprintf(tmpl, sizeof tmpl, "%s/unidos-fuzz-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    FZ_CHECK(mkdtemp(tmpl), "mkdtemp %s: %s", tmpl, strerror(errno));
    FZ_CHECK(realpath(tmpl, g_base), "realpath %s", tmpl);
    g_base_len = strlen(g_base);
    atexit(cleanup);
    fz_mkdir("outside");
    fz_write(SECRET_REL, SECRET, strlen(SECRET));
    char p[PATH_MAX];
    fz_path(SECRET_REL, p);
    FZ_CHECK(stat(p, &g_secret_st) == 0, "stat %s", p);
    fz_mkdir("d");
    fz_mkdir("d/SUBDIR");
    fz_write("d/FILE.TXT", "read-only\r\n", 11);
    fz_write("d/SUBDIR/DEEP.TXT", "deep\r\n", 6);
    fz_write("d/long name.txt", "long\r\n", 6);
    ro_snapshot(g_ro_snapshot, sizeof g_ro_snapshot);
}

/* Entries of BASE/outside, and that SECRET.TXT is untouched. */
void fz_check_outside(void)
{
    char p[PATH_MAX], buf[sizeof SECRET + 8] = "";
    struct stat s;
    fz_path(SECRET_REL, p);
    FZ_CHECK(stat(p, &s) == 0, "the sentinel %s is gone", p);
    FZ_CHECK(s.st_size == g_secret_st.st_size && s.st_mtim.tv_sec == g_secret_st.st_mtim.tv_sec &&
                 s.st_mtim.tv_nsec == g_secret_st.st_mtim.tv_nsec && s.st_mode == g_secret_st.st_mode,
             "the sentinel %s was changed (size %lld, mode %o, mtime %lld)", p,
             (long long)s.st_size, (unsigned)s.st_mode, (long long)s.st_mtim.tv_sec);
    int fd = open(p, O_RDONLY | O_CLOEXEC);
    FZ_CHECK(fd >= 0 && read(fd, buf, sizeof buf - 1) == (ssize_t)strlen(SECRET), "read sentinel");
    close(fd);
    FZ_CHECK(!strcmp(buf, SECRET), "the sentinel's contents changed");
    fz_path("outside", p);
    DIR *d = opendir(p);
    FZ_CHECK(d, "opendir %s", p);
    int n = 0;
    for (struct dirent *de; (de = readdir(d));)
        n += strcmp(de->d_name, ".") && strcmp(de->d_name, "..");
    closedir(d);
    FZ_CHECK(n == 1, "something was created outside the mounts (%d entries in %s)", n, p);
    char now[sizeof g_ro_snapshot];
    ro_snapshot(now, sizeof now);
    FZ_CHECK(!strcmp(now, g_ro_snapshot), "the read-only drive changed:\n%s\nwas:\n%s", now,
             g_ro_snapshot);
}

static int fd_target(int fd, char *out, size_t cap)
{
    char link[64];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, out, cap - 1);
    if (n < 0)
        return -1;
    out[n] = 0;
    return 0;
}

/* Call fn for every open descriptor on a path (not pipes or sockets: the
 * fuzzer's symbolizer uses those) that was not open at the baseline. */
static void each_new_fd(void (*fn)(int fd, const char *target))
{
    DIR *d = opendir("/proc/self/fd");
    FZ_CHECK(d, "cannot list /proc/self/fd");
    int self = dirfd(d);
    char target[PATH_MAX];
    for (struct dirent *de; (de = readdir(d));) {
        int fd = atoi(de->d_name);
        if (de->d_name[0] == '.' || fd == self || (fd < FZ_MAX_FDS && g_baseline_fd[fd]))
            continue;
        if (fd_target(fd, target, sizeof target) == 0 && target[0] == '/')
            fn(fd, target);
    }
    closedir(d);
}

static void mark(int fd, const char *target)
{
    (void)target;
    if (fd < FZ_MAX_FDS)
        g_baseline_fd[fd] = true;
}

void fz_fd_baseline(void)
{
    if (g_have_baseline)
        return;
    each_new_fd(mark);
    g_have_baseline = true;
}

static void check_inside(int fd, const char *target)
{
    char outside[PATH_MAX];
    fz_path("outside", outside);
    FZ_CHECK(!strncmp(target, g_base, g_base_len) && target[g_base_len] == '/' &&
                 strncmp(target, outside, strlen(outside)),
             "host descriptor %d is open on %s, outside the mounts", fd, target);
}

void fz_fd_check_inside(void)
{
    each_new_fd(check_inside);
}

static void check_closed(int fd, const char *target)
{
    fz_fail(__FILE__, __LINE__, "host descriptor %d (%s) is still open after the machine "
            "was freed", fd, target);
}

void fz_fd_check_none(void)
{
    each_new_fd(check_closed);
}
