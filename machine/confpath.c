/* Host paths written in configuration files: from the file's directory,
 * the home directory, and the spellings DOS-era files carry (backslashes,
 * names in another case). */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "base/common.h"
#include "machine/config.h"

#define CONFIG_DOSBOX_DIR "dosbox" /* GOG: the directory of DOSBox beside the game */

static bool exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

/* The first entry of dir named name in any case, into dir's buffer after
 * its '/': true when one is there. */
static bool match_case(char *path, size_t dir_len, const char *name, size_t cap)
{
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%.*s", (int)(dir_len ? dir_len : 1), dir_len ? path : "/");
    DIR *d = opendir(dir);
    struct dirent *e;
    bool found = false;
    while (d && !found && (e = readdir(d)))
        found = !strcasecmp(e->d_name, name);
    if (found)
        snprintf(path + dir_len + 1, cap - dir_len - 1, "%s", e->d_name);
    if (d)
        closedir(d);
    return found;
}

/* Walk path component by component, replacing each that does not exist
 * by an entry of its directory with the same name in another case. */
static void fix_case(char *path, size_t cap)
{
    char rest[PATH_MAX];
    size_t at = 0;
    while (path[at] == '/')
        at++;
    while (path[at]) {
        size_t n = strcspn(path + at, "/");
        snprintf(rest, sizeof rest, "%s", path + at + n);
        path[at + n] = 0;
        if (!exists(path) && at > 0) {
            char name[NAME_MAX + 1];
            snprintf(name, sizeof name, "%s", path + at);
            if (!match_case(path, at - 1, name, cap))
                snprintf(path + at, cap - at, "%s", name);
        }
        at = strlen(path);
        snprintf(path + at, cap - at, "%s", rest);
        while (path[at] == '/')
            at++;
    }
}

bool config_host_path(const char *dir, const char *path, char *out, size_t cap)
{
    const char *home = getenv("HOME");
    int n;
    if ((path[0] == '~' && (!path[1] || path[1] == '/')) && home)
        n = snprintf(out, cap, "%s%s", home, path + 1);
    else if (path[0] == '/' || !dir)
        n = snprintf(out, cap, "%s", path);
    else
        n = snprintf(out, cap, "%s/%s", dir, path);
    if (n < 0 || (size_t)n >= cap)
        return false;
    if (!exists(out) && strchr(out, '\\')) {
        for (char *p = out; *p; p++)
            if (*p == '\\')
                *p = '/';
    }
    if (!exists(out))
        fix_case(out, cap);
    char real[PATH_MAX];
    if (realpath(out, real) && strlen(real) < cap)
        strcpy(out, real);
    return true;
}

/* The name in dir equal to name in any case, into out: false if none. */
static bool entry_named(const char *dir, const char *name, char *out, size_t cap)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    bool found = false;
    while (d && !found && (e = readdir(d)))
        found = !strcasecmp(e->d_name, name);
    if (found) {
        int n = snprintf(out, cap, "%s/%s", dir, e->d_name);
        found = n > 0 && (size_t)n < cap;
    }
    if (d)
        closedir(d);
    return found;
}

void config_dosbox_dir(const char *dir, char *out, size_t cap)
{
    static const char *const k_programs[] = {"dosbox.exe", "dosbox"};
    char sub[PATH_MAX], prog[PATH_MAX];
    struct stat st;
    snprintf(out, cap, "%s", dir);
    if (!entry_named(dir, CONFIG_DOSBOX_DIR, sub, sizeof sub) || stat(sub, &st) ||
        !S_ISDIR(st.st_mode))
        return;
    for (size_t i = 0; i < ARRAY_LEN(k_programs); i++)
        if (entry_named(sub, k_programs[i], prog, sizeof prog) && !stat(prog, &st) &&
            S_ISREG(st.st_mode)) {
            snprintf(out, cap, "%s", sub);
            return;
        }
}
