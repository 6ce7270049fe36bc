/* Program lookup and command tails. */
#include "machine/program.h"

#include <dirent.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "base/common.h"
#include "fs/fs.h"

#define TAIL_MAX 126

static bool is_file(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
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
    DIR *d = opendir(dir);
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
