/* Program lookup and command tails. */
#include "machine/program.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/common.h"
#include "fs/fs.h"

#define TAIL_MAX 126
#define MZ_HEADER_BYTES 0x40
#define MZ_LAST_PAGE 0x02 /* bytes used in the last 512-byte page */
#define MZ_PAGES 0x04
#define MZ_HEADER_PARAS 0x08
#define MZ_RELOC_OFF 0x18  /* 40h or more: a new-style executable */
#define MZ_NEW_HEADER 0x3C /* offset of the PE/NE/LE/LX header */
#define NE_TARGET_OS 0x36  /* NE: 1 OS/2, 2 Windows */
#define NE_OS2 1
#define MZ_PAGE 512u
#define STUB_PROGRAM_MIN 4096u /* a DOS part this big is a program (an extender) */

static bool is_file(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* The program's directory, listed without moving its access time where
 * the host allows (it is usually mounted read-only next). */
static DIR *open_dir(const char *dir)
{
    int fl = O_RDONLY | O_DIRECTORY | O_CLOEXEC;
    int fd = open(dir, fl | O_NOATIME);
    if (fd < 0 && errno == EPERM)
        fd = open(dir, fl);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    if (!d && fd >= 0)
        close(fd);
    return d;
}

/* path exactly, or a case-insensitive match of its base name. */
static bool match(const char *path, char *out, size_t cap)
{
    char dirbuf[PATH_MAX], basebuf[PATH_MAX];
    if (is_file(path)) {
        snprintf(out, cap, "%s", path);
        return true;
    }
    snprintf(dirbuf, sizeof dirbuf, "%s", path);
    snprintf(basebuf, sizeof basebuf, "%s", path);
    const char *dir = dirname(dirbuf), *base = basename(basebuf);
    DIR *d = open_dir(dir);
    struct dirent *e;
    bool found = false;
    while (d && !found && (e = readdir(d)) != NULL) {
        if (strcasecmp(e->d_name, base))
            continue;
        snprintf(out, cap, "%s/%s", dir, e->d_name);
        found = is_file(out);
    }
    if (d)
        closedir(d);
    return found;
}

bool program_find(const char *name, char *out, size_t cap)
{
    static const char *const k_exts[] = {"", ".COM", ".EXE", ".BAT"};
    const char *base = strrchr(name, '/');
    bool has_ext = strchr(base ? base : name, '.') != NULL;
    for (size_t i = 0; i < ARRAY_LEN(k_exts); i++) {
        char p[PATH_MAX];
        if (i && has_ext)
            break;
        if ((size_t)snprintf(p, sizeof p, "%s%s", name, k_exts[i]) >= sizeof p)
            return false;
        if (match(p, out, cap))
            return true;
    }
    return false;
}

bool program_is_dos_path(const char *name)
{
    bool drive = ((name[0] | 0x20) >= 'a' && (name[0] | 0x20) <= 'z') && name[1] == ':';
    return drive || strchr(name, '\\') != NULL;
}

bool program_find_dos(struct fs *f, const char *name, char *out, size_t cap)
{
    static const char *const k_exts[] = {"", ".COM", ".EXE", ".BAT"};
    const char *base = name;
    for (const char *p = name; *p; p++)
        if (*p == '\\' || *p == ':' || *p == '/')
            base = p + 1;
    bool has_ext = strchr(base, '.') != NULL;
    for (size_t i = has_ext ? 0 : 1; i < (has_ext ? 1 : ARRAY_LEN(k_exts)); i++) {
        char p[FS_PATH_MAX];
        struct fs_stat st;
        if ((size_t)snprintf(p, sizeof p, "%s%s", name, k_exts[i]) >= sizeof p)
            return false;
        if (fs_stat(f, p, &st) == 0 && !(st.attr & FS_ATTR_DIRECTORY))
            return fs_truename(f, p, out, cap) == 0;
    }
    return false;
}

static uint32_t rd16(const uint8_t *p)
{
    return (uint32_t)(p[0] | p[1] << 8);
}

static bool has_ext(const char *path, const char *ext)
{
    size_t n = strlen(path), k = strlen(ext);
    return n > k && !strcasecmp(path + n - k, ext);
}

/* An MZ file's new-style header, if any: "PE", "NE", "LE" or "LX" into
 * sig (else empty), and whether the DOS part is a program of its own. */
static void mz_kind(int fd, const uint8_t *h, size_t n, char sig[3], bool *stub_only,
                    bool *os2_ne)
{
    sig[0] = 0;
    *stub_only = false;
    *os2_ne = false;
    if (n < MZ_HEADER_BYTES || rd16(h + MZ_RELOC_OFF) < MZ_HEADER_BYTES)
        return;
    uint32_t at = rd16(h + MZ_NEW_HEADER) | rd16(h + MZ_NEW_HEADER + 2) << 16;
    uint8_t nh[NE_TARGET_OS + 1];
    if (pread(fd, nh, sizeof nh, at) != (ssize_t)sizeof nh)
        return;
    static const char *const k_sigs[] = {"PE", "NE", "LE", "LX"};
    for (size_t i = 0; i < ARRAY_LEN(k_sigs); i++)
        if (!memcmp(nh, k_sigs[i], 2))
            memcpy(sig, k_sigs[i], 3);
    if (!strcmp(sig, "PE") && (nh[2] || nh[3]))
        sig[0] = 0;
    uint32_t pages = rd16(h + MZ_PAGES), last = rd16(h + MZ_LAST_PAGE);
    uint32_t image = pages * MZ_PAGE - (last ? MZ_PAGE - last : 0);
    uint32_t header = rd16(h + MZ_HEADER_PARAS) * 16u;
    *stub_only = image < header + STUB_PROGRAM_MIN;
    *os2_ne = nh[NE_TARGET_OS] == NE_OS2;
}

int program_check(const char *host, char *why, size_t cap)
{
    uint8_t h[MZ_HEADER_BYTES] = {0};
    int fd = open_regular(host); /* a FIFO named PROG.COM would block */
    if (fd < 0)
        return 0; /* loading says what is wrong */
    ssize_t n = read(fd, h, sizeof h);
    bool mz = n >= 2 && ((h[0] == 'M' && h[1] == 'Z') || (h[0] == 'Z' && h[1] == 'M'));
    char sig[3] = "";
    bool stub_only = false, os2_ne = false;
    if (mz)
        mz_kind(fd, h, (size_t)MAX(n, 0), sig, &stub_only, &os2_ne);
    close(fd);
    const char *what = NULL;
    if (n >= 4 && !memcmp(h, "\177ELF", 4))
        what = "a Linux program, not a DOS one";
    else if (n >= 2 && h[0] == '#' && h[1] == '!')
        what = "a script for the host, not a DOS program";
    else if (stub_only && (!strcmp(sig, "PE") || (!strcmp(sig, "NE") && !os2_ne)))
        what = "a Windows program, not a DOS one";
    else if (stub_only && (!strcmp(sig, "LX") || !strcmp(sig, "NE")))
        what = "an OS/2 program, not a DOS one";
    else if (!mz && !has_ext(host, ".COM") && !has_ext(host, ".EXE") && !has_ext(host, ".BAT"))
        what = "not a DOS program (DOS runs .COM, .EXE and .BAT files; a COM file must "
               "be named NAME.COM)";
    if (!what)
        return 0;
    snprintf(why, cap, "%s", what);
    return UNIDOS_EXIT_NOEXEC;
}

bool program_system_dir(const char *path)
{
    static const char *const k_exact[] = {"/",    "/home", "/var",  "/opt",
                                          "/srv", "/mnt",  "/media"};
    static const char *const k_trees[] = {"/usr",   "/etc",   "/bin",    "/sbin", "/lib",
                                          "/lib32", "/lib64", "/libx32", "/boot", "/dev",
                                          "/proc",  "/sys",   "/run"};
    for (size_t i = 0; i < ARRAY_LEN(k_exact); i++)
        if (!strcmp(path, k_exact[i]))
            return true;
    for (size_t i = 0; i < ARRAY_LEN(k_trees); i++) {
        size_t n = strlen(k_trees[i]);
        if (!strncmp(path, k_trees[i], n) && (path[n] == '/' || !path[n]))
            return true;
    }
    return false;
}

bool program_dos_dir(const char *dos_path, char *out, size_t cap)
{
    const char *slash = strrchr(dos_path, '\\');
    if (!slash)
        return false;
    size_t n = (size_t)(slash - dos_path);
    if (n == 2 && dos_path[1] == ':')
        n++; /* the root keeps its backslash */
    if (n >= cap)
        return false;
    memcpy(out, dos_path, n);
    out[n] = 0;
    return true;
}

bool program_tail(char *const *args, int nargs, char *out, size_t cap)
{
    size_t n = 0;
    out[0] = 0;
    for (int i = 0; i < nargs; i++) {
        bool quote = !args[i][0] || strpbrk(args[i], " \t") != NULL;
        int w = snprintf(out + n, cap - n, quote ? " \"%s\"" : " %s", args[i]);
        if (w < 0 || (size_t)w >= cap - n)
            return false;
        n += (size_t)w;
    }
    return n <= TAIL_MAX;
}
