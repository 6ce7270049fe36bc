/* What MOUNT and IMGMOUNT at the DOS prompt may mount: the host paths the
 * run's drives show (never more than they allow), --allow-mount's, and the
 * --mount-command switch, handed to the shell. */
#ifndef UNIDOS_MACHINE_MOUNT_RULES_H
#define UNIDOS_MACHINE_MOUNT_RULES_H

#include <stdbool.h>

#include "machine/options.h"
#include "shell/shell.h"

struct mount_rules;

/* The rules of o: --mount-command and the --allow-mount paths (a path
 * that does not exist is noted and left out). */
struct mount_rules *mount_rules_new(const struct options *o);
void mount_rules_free(struct mount_rules *r);

/* A drive of the run shows host_path (a directory or an image file). */
void mount_rules_add(struct mount_rules *r, const char *host_path, bool readonly);

/* Give the rules to the shell. */
void mount_rules_apply(const struct mount_rules *r, struct shell *sh);

#endif
