/* The built-in command interpreter. Its guest half, Z:\COMMAND.COM (a
 * small stub on a built-in read-only drive), hands its command tail to this
 * native shell and runs the programs it is told to through DOS EXEC, so
 * programs that EXEC COMMAND.COM (system(), build tools) and INT 2Eh reach
 * it too. See shell/stub.h for the protocol. */
#ifndef UNIDOS_SHELL_SHELL_H
#define UNIDOS_SHELL_SHELL_H

#include <stdbool.h>
#include <stddef.h>

#include "bios/bios.h"
#include "bios/intr.h"
#include "bus/mem.h"
#include "dosapi/dos.h"
#include "fs/fs.h"

struct shell;

#define SHELL_DRIVE 25          /* Z: */
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

/* The job of the first stub that starts (copied). */
void shell_set_startup(struct shell *sh, const struct shell_startup *st);

/* When the current process is a shell waiting at its prompt for a typed
 * line (nothing running): its ERRORLEVEL, what EXIT would end it with;
 * else -1. For ending a session the way EXIT would (the window closed). */
int shell_prompt_status(struct shell *sh);

/* The last shell to end had its last command line stopped by Ctrl-C (the
 * program it ran, or the batch job answered Y): the run ends with 130. */
bool shell_stopped_by_ctrl_c(const struct shell *sh);

#endif
