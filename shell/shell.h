/* The built-in command interpreter. Its guest half, Z:\COMMAND.COM (a
 * small stub on a built-in read-only drive), hands its command tail to this
 * native shell and runs the programs it is told to through DOS EXEC, so
 * programs that EXEC COMMAND.COM (system(), build tools) and INT 2Eh reach
 * it too. See shell/stub.h for the protocol. */
#ifndef UNIDOS_SHELL_SHELL_H
#define UNIDOS_SHELL_SHELL_H

#include <stdbool.h>
#include <stddef.h>

#include "audio/mixer.h"
#include "bios/bios.h"
#include "bios/intr.h"
#include "bus/mem.h"
#include "dosapi/dos.h"
#include "fs/fs.h"

struct shell;

#define SHELL_DRIVE 25 /* Z: */
#define SHELL_COMSPEC "Z:\\COMMAND.COM"

/* What the first shell does (the one unidos starts itself): run cmds in
 * order, then, when interactive, read more from standard input (a prompt
 * on the console, or lines of a redirected stdin) until EXIT or the end of
 * input. It ends with the last ERRORLEVEL. */
struct shell_startup {
    const char *const *cmds;
    size_t ncmds;
    bool interactive;
};

/* Build the shell: mounts the Z: drive in f (unless the user mounted
 * something there) and installs the stub's callback and INT 2Eh. Cheap:
 * sessions are created when a COMMAND.COM stub starts. */
struct shell *shell_new(struct mem *m, struct intr *ir, struct bios *b, struct fs *f,
                        struct dos *d);
void shell_free(struct shell *sh);

/* The [autoexec] lines of the configuration as Z:\AUTOEXEC.BAT (a batch
 * file, as DOSBox runs it, echo off), for the startup job to run first;
 * false when Z: is the user's. */
#define SHELL_AUTOEXEC "Z:\\AUTOEXEC.BAT"
bool shell_set_autoexec(struct shell *sh, const char *const *lines, size_t n);

/* The speed for CYCLES and CONFIG -set "cpu cycles=..." (the machine's:
 * by --speed's names; without it they say it cannot change). */
struct shell_speed {
    bool (*set)(void *ctx, const char *value, char *why, size_t cap);
    void (*name)(void *ctx, char *out, size_t cap);
    void *ctx;
};
void shell_set_speed(struct shell *sh, const struct shell_speed *sp);

/* The mixer whose levels MIXER shows and sets (none: it says so). */
void shell_set_mixer(struct shell *sh, struct aud_mixer *mix);

/* The job of the first stub that starts (copied). */
void shell_set_startup(struct shell *sh, const struct shell_startup *st);

/* What MOUNT and IMGMOUNT may mount: host paths under roots (each a
 * directory, or an image file; real paths, as realpath gives them), read-
 * only where the root is; nothing when off; only read-only when readonly. */
struct shell_mount_root {
    const char *path;
    bool readonly;
};
struct shell_mounts {
    bool off, readonly;
    const struct shell_mount_root *roots;
    size_t nroots;
};

/* Set the rules (copied). Without them MOUNT and IMGMOUNT refuse. */
void shell_set_mounts(struct shell *sh, const struct shell_mounts *m);

/* When the current process is a shell waiting at its prompt for a typed
 * line (nothing running): its ERRORLEVEL, what EXIT would end it with;
 * else -1. For ending a session the way EXIT would (the window closed). */
int shell_prompt_status(struct shell *sh);

/* The last shell to end had its last command line stopped by Ctrl-C (the
 * program it ran, or the batch job answered Y): the run ends with 130. */
bool shell_stopped_by_ctrl_c(const struct shell *sh);

#endif
