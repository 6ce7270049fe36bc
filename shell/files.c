/* File-name helpers of the shell's commands. */
#include "shell/files.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shell/shell_impl.h"

#define NAMES_MIN 16

void sh_names_free(struct sh_names *n)
{
    free(n->v);
    memset(n, 0, sizeof *n);
}

static void add(struct sh_names *n, const struct fs_found *f)
{
    n->v = xgrow(n->v, n->n, &n->cap, NAMES_MIN, sizeof *n->v);
    n->v[n->n++] = *f;
}

int sh_files_collect(struct sh_session *s, const char *pattern, uint8_t attr,
                     struct sh_names *out)
{
    struct fs_find st;
    struct fs_found f;
    int rc = fs_find_first(s->sh->fs, pattern, attr, &st, &f);
    for (; rc == 0; rc = fs_find_next(s->sh->fs, &st, &f))
        if (!(f.st.attr & FS_ATTR_DEVICE))
            add(out, &f);
    return rc == -DOSERR_NO_MORE_FILES || rc == -DOSERR_FILE_NOT_FOUND ? 0 : rc;
}

static size_t dir_len(const char *pattern)
{
    size_t n = 0;
    for (size_t i = 0; pattern[i]; i++)
        if (pattern[i] == '\\' || pattern[i] == '/' || pattern[i] == ':')
            n = i + 1;
    return n;
}

void sh_files_join(const char *pattern, const char *name, char *out, size_t cap)
{
    snprintf(out, cap, "%.*s%s", (int)dir_len(pattern), pattern, name);
}

void sh_files_template(const char *name, const char *tmpl, char out[FS_NAME83_MAX])
{
    uint8_t n[FS_FCB_NAME_BYTES], t[FS_FCB_NAME_BYTES];
    fs_name_to_fcb(name, n);
    fs_name_to_fcb(tmpl + dir_len(tmpl), t);
    for (size_t i = 0; i < FS_FCB_NAME_BYTES; i++)
        if (t[i] == '?')
            t[i] = n[i];
    fs_fcb_to_name(t, out);
}

bool sh_files_all(const char *pattern)
{
    uint8_t t[FS_FCB_NAME_BYTES];
    fs_name_to_fcb(pattern + dir_len(pattern), t);
    for (size_t i = 0; i < FS_FCB_NAME_BYTES; i++)
        if (t[i] != '?')
            return false;
    return true;
}

void sh_files_pattern(struct sh_session *s, const char *arg, char *out, size_t cap)
{
    size_t n = strlen(arg);
    int attr = strpbrk(arg, "*?") ? -1 : sh_dos_attr(s, arg);
    if (n == 0 || arg[n - 1] == '\\' || arg[n - 1] == '/' || arg[n - 1] == ':')
        snprintf(out, cap, "%s*.*", arg);
    else if (attr >= 0 && (attr & FS_ATTR_DIRECTORY))
        snprintf(out, cap, "%s\\*.*", arg);
    else
        snprintf(out, cap, "%s", arg);
}
