/* The roots MOUNT may use: real paths, so that a symbolic link cannot
 * lead a later MOUNT outside them. */
#include "machine/mount_rules.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "base/common.h"
#include "base/log.h"

#define RULES_MIN 8
#define SUFFIX_RO ":ro"

struct mount_rules {
    struct shell_mount_root *roots; /* paths owned */
    size_t n, cap;
    bool off, readonly;
};

static bool add(struct mount_rules *r, const char *path, bool readonly)
{
    char real[PATH_MAX];
    if (!realpath(path, real))
        return false;
    r->roots = xgrow(r->roots, r->n, &r->cap, RULES_MIN, sizeof *r->roots);
    r->roots[r->n++] = (struct shell_mount_root){.path = xstrdup(real), .readonly = readonly};
    return true;
}

struct mount_rules *mount_rules_new(const struct options *o)
{
    struct mount_rules *r = xcalloc(1, sizeof *r);
    r->off = o->mount_cmd == OPT_MOUNT_CMD_OFF;
    r->readonly = o->mount_cmd == OPT_MOUNT_CMD_RO;
    for (size_t i = 0; i < o->nallow; i++) {
        char path[PATH_MAX];
        const char *v = o->allow_mount[i];
        size_t n = strlen(v), k = strlen(SUFFIX_RO);
        bool ro = n > k && !strcmp(v + n - k, SUFFIX_RO);
        snprintf(path, sizeof path, "%.*s", (int)(ro ? n - k : n), v);
        if (!add(r, path, ro))
            log_note("--allow-mount %s: no such file or directory", path);
    }
    return r;
}

void mount_rules_free(struct mount_rules *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++)
        free((char *)(uintptr_t)r->roots[i].path);
    free(r->roots);
    free(r);
}

void mount_rules_add(struct mount_rules *r, const char *host_path, bool readonly)
{
    add(r, host_path, readonly);
}

void mount_rules_apply(const struct mount_rules *r, struct shell *sh)
{
    struct shell_mounts m = {.off = r->off,
                             .readonly = r->readonly,
                             .roots = r->roots,
                             .nroots = r->n};
    shell_set_mounts(sh, &m);
}
