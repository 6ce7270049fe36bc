/* Finding the program the user named on the host, DOS-style. */
#ifndef UNIDOS_MACHINE_PROGRAM_H
#define UNIDOS_MACHINE_PROGRAM_H

#include <stdbool.h>
#include <stddef.h>

/* Resolve name to an existing host file: as given, then with .COM, .EXE,
 * .BAT (DOS order), each also matched case-insensitively in its directory.
 * Returns false when nothing matches. */
bool program_find(const char *name, char *out, size_t cap);

struct fs;

/* True when name is written as a DOS path: a drive letter or a backslash
 * ("D:TOOL", "..\BIN\TOOL.EXE"). */
bool program_is_dos_path(const char *name);

/* Resolve name as a DOS path on the mounted drives, relative to the DOS
 * current directory, trying .COM, .EXE, .BAT (DOS order) when it has no
 * extension. Writes the full DOS path ("C:\BIN\TOOL.EXE"). */
bool program_find_dos(struct fs *f, const char *name, char *out, size_t cap);

/* Whether the host file DOS would run: 0, or UNIDOS_EXIT_NOEXEC with the
 * reason in why ("a Linux program, not a DOS one"). A .COM file is any
 * file; a name without .COM, .EXE or .BAT must be an MZ executable; a
 * Windows, OS/2 or Linux executable is refused unless its DOS part is a
 * program of its own (a DOS extender's stub), as DOS would run it. */
int program_check(const char *host, char *why, size_t cap);

/* True for a directory of the system that C: should not make writable by
 * default: /, /home, /var, the directories below /usr, /etc, /bin... */
bool program_system_dir(const char *path);

/* The DOS directory of a DOS path ("D:\BIN\CL.EXE" -> "D:\BIN", "D:\X" ->
 * "D:") into out; false when it does not fit. */
bool program_dos_dir(const char *dos_path, char *out, size_t cap);

/* Build a DOS command tail from args: " arg1 arg2", quoting arguments that
 * hold spaces. Returns false when it exceeds 126 characters. */
bool program_tail(char *const *args, int nargs, char *out, size_t cap);

#endif
