/* DOSBox configurations: the sections and keys of DOSBox 0.74, Staging and
 * X, the few that matter for starting a program mapped to options of a run
 * ([cpu] cycles to --speed, [sblaster] to --sb and its resources, [dos]
 * xms/ems/umb, [dosbox] memsize...), the rest known and ignored; and the
 * MOUNT and IMGMOUNT lines of [autoexec], whose host paths are taken
 * relative to the configuration file. */
#ifndef UNIDOS_MACHINE_DOSBOX_H
#define UNIDOS_MACHINE_DOSBOX_H

#include <stdbool.h>
#include <stddef.h>

/* Where the mapping goes (config.c). */
struct dosbox_out {
    /* Option key (a long option of a run) gets value, from line. */
    void (*set)(void *ctx, const char *key, const char *value, unsigned line);
    /* A setting with no meaning here: the key (value NULL), or this value
     * of a key that has a meaning for others. */
    void (*ignore)(void *ctx, const char *section, const char *key, const char *value,
                   unsigned line);
    /* A valid DOSBox value unidos does not support yet (a keyboard layout
     * it has no table for): the default stays, and -v says why. */
    void (*unsupported)(void *ctx, const char *section, const char *key, const char *value,
                        const char *why, unsigned line);
    /* A value that is not valid for its key: why. */
    void (*error)(void *ctx, const char *why, unsigned line);
    void *ctx;
};

struct dosbox;

/* True for the name of a DOSBox section (any case), [autoexec] included. */
bool dosbox_section(const char *name);

struct dosbox *dosbox_new(const struct dosbox_out *out);
/* KEY = VALUE of a DOSBox section. */
void dosbox_value(struct dosbox *d, const char *section, const char *key, const char *value,
                  unsigned line);
/* At the end of the file: the settings that depend on each other
 * ([dosbox] memsize and [dos] xms). Frees d. */
void dosbox_finish(struct dosbox *d);

/* A line of [autoexec] for the shell, into out: MOUNT and IMGMOUNT get
 * their host paths made absolute from dir (the configuration file's) and
 * quoted, and each path goes to allow(ctx, path) (the file lets MOUNT use
 * it); *drive is the drive they mount (0 = A:), else -1. Other lines are
 * copied. False with why when a path is not usable (a Windows drive path,
 * too long). */
bool dosbox_autoexec(const char *line, const char *dir, char *out, size_t cap,
                     void (*allow)(void *ctx, const char *path), void *ctx, char *why,
                     size_t why_cap, int *drive);

#endif
