/* MOUNT and IMGMOUNT, as DOSBox has them: host directories and image
 * files become drives while the machine runs, within what the run allows
 * (struct shell_mounts: the roots the command line and the configuration
 * gave; never more than they allow). */
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "base/log.h"
#include "shell/shell_impl.h"

#define WORD_MAX PATH_MAX
#define MAX_IMAGES 8 /* IMGMOUNT X A.IMG B.IMG ...: the disks to swap */
#define LABEL_MAX 32

/* What a MOUNT or IMGMOUNT line asks for. */
struct mnt_args {
    bool unmount, readonly;
    int drive;         /* 0 = A:; -1: none given */
    bool drive_number; /* IMGMOUNT 2 HDD.IMG: a BIOS drive (booting) */
    char type[16];     /* -t */
    char fs[16];       /* -fs */
    char label[LABEL_MAX];
    char *paths[MAX_IMAGES]; /* owned */
    size_t npaths;
};

/* Options taking a value that change nothing here (geometry, sizes, the
 * DOSBox CD-ROM interfaces). */
static const char *const k_ignored_valued[] = {"-size", "-freesize",   "-usecd", "-ide",   "-o",
                                               "-chs",  "-reservecyl", "-el",    "-bootcd"};
static const char *const k_ignored_flags[] = {"-ioctl",      "-noioctl",  "-aspi",
                                              "-ioctl_dio",  "-ioctl_dx", "-ioctl_mci",
                                              "-nocachedir", "-pr"};

static bool listed(const char *w, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strcasecmp(w, list[i]))
            return true;
    return false;
}

static void args_free(struct mnt_args *a)
{
    for (size_t i = 0; i < a->npaths; i++)
        free(a->paths[i]);
}

/* An option's value into out (cap bytes); false when it has none. */
static bool value_of(const char **p, char *out, size_t cap)
{
    char w[WORD_MAX];
    if (!sh_next_word(p, w, sizeof w))
        return false;
    snprintf(out, cap, "%s", w);
    return true;
}

/* "D", "D:", or for IMGMOUNT a BIOS drive number. */
static bool drive_word(const char *w, struct mnt_args *a)
{
    if (isalpha((unsigned char)w[0]) && (!w[1] || (w[1] == ':' && !w[2]))) {
        a->drive = toupper((unsigned char)w[0]) - 'A';
        return true;
    }
    a->drive_number = isdigit((unsigned char)w[0]) && !w[1];
    return a->drive_number;
}

static bool option(const char **p, const char *w, struct mnt_args *a, char *bad, size_t cap)
{
    char ignored[WORD_MAX];
    bool ok = true;
    if (!strcasecmp(w, "-u"))
        a->unmount = true;
    else if (!strcasecmp(w, "-ro"))
        a->readonly = true;
    else if (!strcasecmp(w, "-t"))
        ok = value_of(p, a->type, sizeof a->type);
    else if (!strcasecmp(w, "-fs"))
        ok = value_of(p, a->fs, sizeof a->fs);
    else if (!strcasecmp(w, "-label"))
        ok = value_of(p, a->label, sizeof a->label);
    else if (listed(w, k_ignored_valued, ARRAY_LEN(k_ignored_valued)))
        ok = value_of(p, ignored, sizeof ignored);
    else if (!listed(w, k_ignored_flags, ARRAY_LEN(k_ignored_flags)))
        ok = false;
    if (!ok)
        snprintf(bad, cap, "%s", w);
    return ok;
}

/* Split the tail: options anywhere, then the drive, then host paths. */
static bool parse(const char *tail, struct mnt_args *a, char *bad, size_t cap)
{
    char w[WORD_MAX];
    const char *p = tail;
    *a = (struct mnt_args){.drive = -1};
    while (sh_next_word(&p, w, sizeof w)) {
        bool ok;
        if (w[0] == '-')
            ok = option(&p, w, a, bad, cap);
        else if (a->drive < 0 && !a->drive_number)
            ok = drive_word(w, a);
        else if ((ok = a->npaths < MAX_IMAGES))
            a->paths[a->npaths++] = xstrdup(w);
        if (!ok) {
            snprintf(bad, cap, "%s", w);
            return false;
        }
    }
    return true;
}

/* ---- what the run allows ---- */

/* A typed host path: ~ is the home directory. */
static void host_path(const char *w, char *out, size_t cap)
{
    const char *home = getenv("HOME");
    if (w[0] == '~' && (w[1] == '/' || !w[1]) && home)
        snprintf(out, cap, "%s%s", home, w + 1);
    else
        snprintf(out, cap, "%s", w);
}

static bool under(const char *real, const struct shell_mount_root *r)
{
    size_t n = strlen(r->path);
    if (!strcmp(real, r->path))
        return true;
    return !strncmp(real, r->path, n) && (real[n] == '/' || (n == 1 && r->path[0] == '/'));
}

/* Check path against the rules: 0 with its real path and whether it must
 * be read-only, else -1 after a message. */
static int allowed(struct sh_session *s, const char *typed, char *real, bool *ro)
{
    const struct shell_mounts *m = &s->sh->mounts;
    char path[WORD_MAX];
    bool found = false;
    host_path(typed, path, sizeof path);
    if (!realpath(path, real)) {
        sh_errorf(s, "%s: no such file or directory on the host", typed);
        return -1;
    }
    *ro = true;
    for (size_t i = 0; i < m->nroots; i++)
        if (under(real, &m->roots[i])) {
            found = true;
            *ro &= m->roots[i].readonly;
        }
    *ro |= m->readonly;
    if (found)
        return 0;
    sh_errorf(s,
              "%s is outside what this run may mount: the drives it was started with "
              "(--allow-mount %s lets MOUNT use it)",
              real, real);
    return -1;
}

static bool switched_off(struct sh_session *s, const char *cmd)
{
    if (!s->sh->mounts.off)
        return false;
    sh_errorf(s, "%s is switched off for this run (--mount-command off)", cmd);
    return true;
}

/* ---- MOUNT ---- */

static void list_drives(struct sh_session *s)
{
    struct fs *f = s->sh->fs;
    for (unsigned d = 0; d < FS_MAX_DRIVES; d++) {
        if (!fs_drive_valid(f, d))
            continue;
        const char *host = fs_host_path(f, d);
        sh_printf(s, "%c:  %s%s\r\n", 'A' + d, host ? host : "built in (COMMAND.COM)",
                  fs_readonly(f, d) ? "  (read-only)" : "");
    }
}

/* MOUNT -u X and IMGMOUNT -u X. */
static int unmount(struct sh_session *s, int drive)
{
    struct fs *f = s->sh->fs;
    const char *why = NULL;
    if (drive < 0) {
        sh_errorf(s, "which drive? (MOUNT -u D)");
        return 0;
    }
    if (drive == SHELL_DRIVE)
        why = "is the built-in drive";
    else if (!fs_drive_valid(f, (unsigned)drive))
        why = "is not mounted";
    else if ((unsigned)drive == fs_current_drive(f))
        why = "is the current drive";
    else if (fs_open_files(f, (unsigned)drive))
        why = "has open files";
    if (why)
        sh_errorf(s, "Drive %c: %s", 'A' + drive, why);
    else if (fs_unmount(f, (unsigned)drive) == 0)
        sh_printf(s, "Drive %c: is unmounted\r\n", 'A' + drive);
    return 0;
}

/* A drive letter that may be mounted now; false after a message. */
static bool free_letter(struct sh_session *s, const struct mnt_args *a, const char *cmd)
{
    if (a->drive < 0 || a->drive == SHELL_DRIVE) {
        sh_errorf(s, "%s: %s", cmd,
                  a->drive < 0 ? "which drive? (A to Y)" : "Z: is the built-in drive");
        return false;
    }
    if (!fs_drive_valid(s->sh->fs, (unsigned)a->drive))
        return true;
    sh_errorf(s, "Drive %c: is already mounted (%s -u %c first)", 'A' + a->drive, cmd,
              'A' + a->drive);
    return false;
}

static void mounted(struct sh_session *s, const struct mnt_args *a, const char *what,
                    const char *path)
{
    if (a->label[0])
        fs_set_label(s->sh->fs, (unsigned)a->drive, a->label);
    sh_printf(s, "Drive %c: is %s %s%s\r\n", 'A' + a->drive, what, path,
              fs_readonly(s->sh->fs, (unsigned)a->drive) ? " (read-only)" : "");
}

/* MOUNT X PATH: a host directory. -t cdrom mounts it read-only (MSCDEX
 * serves images only: IMGMOUNT a CD image for programs that ask for one). */
static int mount_dir(struct sh_session *s, const struct mnt_args *a)
{
    char real[PATH_MAX], why[160];
    struct stat st;
    bool ro, cdrom = !strcasecmp(a->type, "cdrom");
    if (a->type[0] && !cdrom && strcasecmp(a->type, "dir") && strcasecmp(a->type, "floppy")) {
        sh_errorf(s, "MOUNT -t %s: not supported here (dir, floppy, cdrom)", a->type);
        return 0;
    }
    if (a->npaths != 1) {
        sh_errorf(s, "MOUNT: give one host directory");
        return 0;
    }
    if (!free_letter(s, a, "MOUNT") || allowed(s, a->paths[0], real, &ro) < 0)
        return 0;
    if (stat(real, &st) == 0 && !S_ISDIR(st.st_mode)) {
        sh_errorf(s, "%s is not a directory (IMGMOUNT mounts image files)", real);
        return 0;
    }
    ro |= a->readonly || cdrom;
    unsigned fl = ro ? FS_MOUNT_RO : 0;
    if (fs_mount(s->sh->fs, (unsigned)a->drive, real, fl, why, sizeof why) < 0) {
        sh_errorf(s, "MOUNT: %s: %s", real, why);
        return 0;
    }
    mounted(s, a, "the host directory", real);
    if (cdrom)
        log_info("MOUNT %c %s -t cdrom: a read-only directory, not a CD-ROM drive to MSCDEX "
                 "(not supported yet: IMGMOUNT an ISO or CUE image for that)",
                 'A' + a->drive, real);
    return 0;
}

/* ---- IMGMOUNT ---- */

/* IMGMOUNT X IMAGE...: the first image inserted, the others to swap in. */
static int mount_images(struct sh_session *s, const struct mnt_args *a)
{
    char real[MAX_IMAGES][PATH_MAX], why[160];
    bool ro = a->readonly, one_ro;
    if (a->drive_number || !strcasecmp(a->fs, "none")) {
        sh_errorf(s, "IMGMOUNT: unidos does not boot disks: mount the image as a drive "
                     "letter");
        return 0;
    }
    if (!a->npaths) {
        sh_errorf(s, "IMGMOUNT: which image file?");
        return 0;
    }
    if (!free_letter(s, a, "IMGMOUNT"))
        return 0;
    for (size_t i = 0; i < a->npaths; i++) {
        if (allowed(s, a->paths[i], real[i], &one_ro) < 0)
            return 0;
        ro |= one_ro;
    }
    unsigned fl = ro ? FS_MOUNT_RO : 0;
    struct fs *f = s->sh->fs;
    if (fs_mount_image(f, (unsigned)a->drive, real[0], fl, why, sizeof why) < 0) {
        sh_errorf(s, "IMGMOUNT: %s: %s", real[0], why);
        return 0;
    }
    for (size_t i = 1; i < a->npaths; i++)
        fs_swap_add(f, (unsigned)a->drive, real[i], fl);
    mounted(s, a, "the image", real[0]);
    if (a->npaths > 1)
        sh_printf(s, "(and %zu more to insert with Ctrl-F4)\r\n", a->npaths - 1);
    return 0;
}

/* ---- the commands ---- */

typedef int mount_fn(struct sh_session *s, const struct mnt_args *a);

/* MOUNT or IMGMOUNT (cmd) with the tail: -u unmounts, fn mounts; alone
 * they list the drives. */
static int command(struct sh_session *s, const char *tail, const char *cmd, mount_fn *fn)
{
    struct mnt_args a;
    char bad[WORD_MAX];
    if (!parse(tail, &a, bad, sizeof bad))
        sh_errorf(s, "%s: what is '%s'? (%s /? shows how)", cmd, bad, cmd);
    else if (a.drive < 0 && !a.unmount && !a.npaths && !a.drive_number)
        list_drives(s);
    else if (!switched_off(s, cmd) && a.unmount)
        unmount(s, a.drive);
    else if (!s->sh->mounts.off)
        fn(s, &a);
    args_free(&a);
    return 0;
}

int sh_cmd_mount(struct sh_session *s, char *tail)
{
    return command(s, tail, "MOUNT", mount_dir);
}

int sh_cmd_imgmount(struct sh_session *s, char *tail)
{
    return command(s, tail, "IMGMOUNT", mount_images);
}
