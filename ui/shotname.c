/* Where Ctrl-F5 saves a screenshot: the directory the user asked for
 * (--screenshot-dir), else the desktop's pictures directory
 * ($XDG_PICTURES_DIR, as the environment or ~/.config/user-dirs.dirs says,
 * else ~/Pictures), else the current directory. The current directory is
 * usually drive C:, which the program may write and list: a screenshot is
 * put there only as the last resort. The name is the program's and the
 * local time ("EDIT-20261207-143005.png"), with -2, -3... when that exists:
 * a file is never overwritten. */
#include "ui/shotname.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/common.h"

#define SHOT_TRIES 1000 /* -2 ... -999 */
#define USER_DIRS_LINE 1024
#define PICTURES_KEY "XDG_PICTURES_DIR="

static bool is_dir(const char *p)
{
    struct stat st;
    return p && *p && stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* XDG_PICTURES_DIR="$HOME/Pictures" in user-dirs.dirs, with $HOME expanded. */
static bool user_dirs_pictures(const char *home, char *out, size_t cap)
{
    char file[PATH_MAX], line[USER_DIRS_LINE];
    const char *cfg = getenv("XDG_CONFIG_HOME");
    if (cfg && *cfg)
        snprintf(file, sizeof file, "%s/user-dirs.dirs", cfg);
    else
        snprintf(file, sizeof file, "%s/.config/user-dirs.dirs", home);
    FILE *f = fopen(file, "r");
    bool found = false;
    while (f && !found && fgets(line, sizeof line, f)) {
        if (strncmp(line, PICTURES_KEY, strlen(PICTURES_KEY)))
            continue;
        char *v = line + strlen(PICTURES_KEY);
        v += *v == '"';
        v[strcspn(v, "\"\n")] = 0;
        if (!strncmp(v, "$HOME", 5))
            snprintf(out, cap, "%s%s", home, v + 5);
        else
            snprintf(out, cap, "%s", v);
        found = true;
    }
    if (f)
        fclose(f);
    return found;
}

static void shot_dir(const char *asked, char *out, size_t cap)
{
    const char *env = getenv("XDG_PICTURES_DIR"), *home = getenv("HOME");
    char p[PATH_MAX];
    if (asked && *asked) {
        snprintf(out, cap, "%s", asked);
        return;
    }
    if (is_dir(env)) {
        snprintf(out, cap, "%s", env);
        return;
    }
    if (home && *home && user_dirs_pictures(home, p, sizeof p) && is_dir(p)) {
        snprintf(out, cap, "%s", p);
        return;
    }
    if (home && *home && snprintf(p, sizeof p, "%s/Pictures", home) > 0 && is_dir(p)) {
        snprintf(out, cap, "%s", p);
        return;
    }
    snprintf(out, cap, ".");
}

/* "EDIT.EXE" -> "EDIT"; characters a file name should not hold become _. */
static void stem(const char *title, char *out, size_t cap)
{
    size_t n = 0;
    for (const char *t = title ? title : "unidos"; *t && *t != '.' && n + 1 < cap; t++)
        out[n++] = (*t == '/' || *t == ' ' || (unsigned char)*t < ' ') ? '_' : *t;
    out[n] = 0;
    if (!n)
        snprintf(out, cap, "unidos");
}

int ui_shot_path(const char *asked_dir, const char *title, char *out, size_t cap)
{
    char dir[PATH_MAX], name[64], when[32];
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(when, sizeof when, "%Y%m%d-%H%M%S", &tm);
    shot_dir(asked_dir, dir, sizeof dir);
    stem(title, name, sizeof name);
    for (unsigned i = 1; i < SHOT_TRIES; i++) {
        int w = i == 1 ? snprintf(out, cap, "%s/%s-%s.png", dir, name, when)
                       : snprintf(out, cap, "%s/%s-%s-%u.png", dir, name, when, i);
        if (w < 0 || (size_t)w >= cap)
            return -ENAMETOOLONG;
        int fd = open(out, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        if (fd >= 0) {
            close(fd); /* the name is ours: the PNG is written into it */
            return 0;
        }
        if (errno != EEXIST)
            return -errno;
    }
    return -EEXIST;
}
