/* One test case of `unidos test`: finding cases on disk, preparing their
 * drive and output directory, the child's command line, and the verdict. */
#include "harness/testcase.h"

#include <dirent.h>
#include <stdarg.h>
#include <stdint.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness/files.h"
#include "harness/golden.h"
#include "harness/report.h"
#include "harness/script.h"
#include "base/common.h"

#define EXPECTED_DIR "expected"
#define UDS_EXT ".uds"
#define DRIVE_DIR "c"
#define LOG_MAX_BYTES 16384
#define WALK_DEPTH_MAX 64 /* directories searched for cases, nested */

static bool has_ext(const char *name, const char *ext)
{
    size_t n = strlen(name), k = strlen(ext);
    return n > k && !strcmp(name + n - k, ext);
}

static void add(struct tcase_list *l, struct tcase *c)
{
    l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
    l->v[l->n++] = c;
}

/* id: the path from the argument's parent on, without ".uds". */
static void add_case(struct tcase_list *l, const char *suite, const char *id,
                     const char *script, const char *dir)
{
    struct tcase *c = xcalloc(1, sizeof *c);
    const char *base = strrchr(script, '/');
    base = base ? base + 1 : script;
    c->suite = xstrdup(suite);
    c->script = xstrdup(script);
    c->name = xstrndup(base, strlen(base) - strlen(UDS_EXT));
    c->id = has_ext(id, UDS_EXT) ? xstrndup(id, strlen(id) - strlen(UDS_EXT)) : xstrdup(id);
    c->dir = dir ? xstrdup(dir) : NULL;
    char *parent = dir              ? xstrdup(dir)
                   : base == script ? xstrdup(".")
                                    : xstrndup(script, (size_t)(base - 1 - script));
    char real[PATH_MAX];
    if (!realpath(parent, real))
        die("%s: %s", script, strerror(errno));
    c->golden = dir ? xasprintf("%s/%s", real, EXPECTED_DIR) : xstrdup(real);
    free(parent);
    add(l, c);
}

static bool is_regular(const char *path)
{
    struct stat s;
    return stat(path, &s) == 0 && S_ISREG(s.st_mode);
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

/* The directories a walk is inside (device and inode): a link back to
 * one of them (two links to "." made discovery run forever) is a loop. */
struct walk_path {
    dev_t dev;
    ino_t ino;
    const struct walk_path *up;
    unsigned depth;
};

static bool walked(const struct walk_path *w, const struct stat *s)
{
    for (; w; w = w->up)
        if (w->dev == s->st_dev && w->ino == s->st_ino)
            return true;
    return false;
}

/* A directory holding NAME.uds named after itself is a case; any other is
 * searched (in name order) for cases. */
static int walk(struct tcase_list *l, const char *suite, const char *path, const char *id,
                const struct walk_path *up)
{
    struct stat st;
    if (stat(path, &st) < 0)
        return -errno;
    struct walk_path here = {st.st_dev, st.st_ino, up, up ? up->depth + 1 : 0};
    if (walked(up, &st) || here.depth > WALK_DEPTH_MAX) {
        warn("%s: %s, not searched for cases", path,
             here.depth > WALK_DEPTH_MAX ? "too deep" : "a link back to a directory above");
        return 0;
    }
    const char *base = strrchr(path, '/');
    base = base && base[1] ? base + 1 : path;
    char *own = xasprintf("%s/%s%s", path, base, UDS_EXT);
    if (files_exists(own)) {
        add_case(l, suite, id, own, path);
        free(own);
        return 0;
    }
    free(own);
    struct dirent **e;
    int n = scandir(path, &e, NULL, by_name);
    if (n < 0)
        return -errno;
    for (int i = 0; i < n; i++) {
        const char *name = e[i]->d_name;
        char *p = xasprintf("%s/%s", path, name), *pid = xasprintf("%s/%s", id, name);
        if (name[0] != '.' && strcmp(name, EXPECTED_DIR) && files_is_dir(p))
            walk(l, suite, p, pid, &here);
        else if (name[0] != '.' && has_ext(name, UDS_EXT) && is_regular(p))
            add_case(l, suite, pid, p, NULL);
        free(p);
        free(pid);
        free(e[i]);
    }
    free(e);
    return 0;
}

int tcase_find(struct tcase_list *l, const char *arg)
{
    char real[PATH_MAX];
    if (!realpath(arg, real))
        return -errno;
    const char *base = strrchr(real, '/');
    const char *id = base && base[1] ? base + 1 : real;
    if (files_is_dir(arg))
        return walk(l, arg, arg, id, NULL);
    if (!has_ext(arg, UDS_EXT))
        return -EINVAL;
    add_case(l, arg, id, arg, NULL);
    return 0;
}

void tcase_free(struct tcase *c)
{
    free(c->id);
    free(c->suite);
    free(c->script);
    free(c->dir);
    free(c->golden);
    free(c->name);
    free(c->out);
    free(c->report);
    free(c->log);
    free(c);
}

/* ---- before the run ---- */

int tcase_prepare(struct tcase *c, const char *out_root)
{
    char *drive;
    c->out = xasprintf("%s/%s", out_root, c->id);
    files_remove_tree(c->out);
    drive = xasprintf("%s/%s", c->out, DRIVE_DIR);
    int rc = c->dir ? files_copy_tree(c->dir, drive, EXPECTED_DIR) : files_mkdirs(drive);
    free(drive);
    return rc;
}

char **tcase_argv(const struct tcase *c, const char *self, bool update)
{
    char **v = xcalloc(16, sizeof *v);
    char real[PATH_MAX];
    int n = 0;
    v[n++] = xstrdup(self);
    v[n++] = xstrdup("--script");
    if (c->dir) /* the copy on drive C: */
        v[n++] = xasprintf("%s/%s/%s%s", c->out, DRIVE_DIR, c->name, UDS_EXT);
    else
        v[n++] = xstrdup(realpath(c->script, real) ? real : c->script);
    v[n++] = xstrdup("--golden");
    v[n++] = xstrdup(c->golden);
    v[n++] = xstrdup("--out");
    v[n++] = xstrdup(c->out);
    v[n++] = xstrdup("--report");
    v[n++] = xasprintf("%s/report.txt", c->out);
    if (update)
        v[n++] = xstrdup("--update");
    return v;
}

char *tcase_path(const struct tcase *c, const char *what)
{
    return what ? xasprintf("%s/%s", c->out, what) : xasprintf("%s/%s", c->out, DRIVE_DIR);
}

/* ---- after the run ---- */

static char *slurp(const char *path, size_t max)
{
    char *d;
    size_t n;
    if (files_read(path, &d, &n) < 0)
        return xstrdup("");
    if (n > max) {
        char *t = xasprintf("...\n%s", d + n - max);
        free(d);
        return t;
    }
    return d;
}

/* Standard output against NAME.stdout, reported into r. */
static void check_stdout(struct tcase *c, struct report *r, bool update)
{
    char *actual = xasprintf("%s/stdout", c->out);
    char *golden = xasprintf("%s/%s.stdout", c->golden, c->name);
    char *where = xasprintf("%s: standard output", c->script);
    golden_check(r, where, actual, golden, update, NULL);
    free(actual);
    free(golden);
    free(where);
}

static void judge_status(struct tcase *c, struct report *r)
{
    if (c->status == -1)
        report_fail(r, "%s: killed (over the case time limit, or unidos test was stopped)",
                    c->script);
    else if (c->status == SCRIPT_EXIT_SKIP)
        c->verdict = TC_SKIP;
    else if (c->status >= SCRIPT_EXIT_FAILED && !strstr(c->report, "FAIL "))
        report_fail(r, "%s: unidos failed (exit status %d)", c->script, c->status);
    else if (c->status != 0 && !strstr(c->report, "FAIL "))
        report_fail(r, "%s: the program exited with status %d ('wait-exit %d' would accept it)",
                    c->script, c->status, c->status);
}

/* Messages name the script the child ran (its copy on drive C:, or its
 * absolute path); show the path the user gave instead. */
static char *unalias(const struct tcase *c, char *text)
{
    char real[PATH_MAX];
    char *copy = c->dir ? xasprintf("%s/%s/%s%s", c->out, DRIVE_DIR, c->name, UDS_EXT)
                        : xstrdup(realpath(c->script, real) ? real : c->script);
    char *p;
    size_t cn = strlen(copy);
    while ((p = strstr(text, copy)) != NULL) {
        char *t = xasprintf("%.*s%s%s", (int)(p - text), text, c->script, p + cn);
        free(text);
        text = t;
    }
    free(copy);
    return text;
}

void tcase_judge(struct tcase *c, bool update)
{
    char *rpath = xasprintf("%s/report.txt", c->out), *epath = xasprintf("%s/stderr", c->out);
    struct report *r = report_new_buffer();
    c->report = unalias(c, slurp(rpath, SIZE_MAX));
    c->log = unalias(c, slurp(epath, LOG_MAX_BYTES));
    c->verdict = TC_PASS;
    judge_status(c, r);
    /* Output of a run cut short (timeout, unidos failed) says nothing more. */
    if (c->verdict != TC_SKIP && c->status >= 0 && c->status <= SCRIPT_EXIT_FAILED)
        check_stdout(c, r, update && c->status == 0);
    if (report_failures(r) || strstr(c->report, "FAIL "))
        c->verdict = TC_FAIL;
    char *all = xasprintf("%s%s", c->report, report_text(r));
    free(c->report);
    c->report = all;
    report_free(r);
    free(rpath);
    free(epath);
}
