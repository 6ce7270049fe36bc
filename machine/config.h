/* Configuration files: INI files whose keys are the long options of a run
 * (plus [mount] lines and [autoexec] commands) and DOSBox configurations
 * (machine/dosbox.h), merged with the command line: files in the order
 * read, later ones winning, and the command line over all of them. */
#ifndef UNIDOS_MACHINE_CONFIG_H
#define UNIDOS_MACHINE_CONFIG_H

#include <stdbool.h>
#include <stdio.h>

#include "base/cli.h"
#include "machine/options.h"

#define CONFIG_NAME "unidos.conf"
#define CONFIG_WHERE_MAX 4200 /* "FILE:LINE" of a value */

struct config;

/* A configuration for the options of run (a command line of the tables of
 * a run, excluding CLI_CMDLINE_ONLY: the keys a file may hold). */
struct config *config_new(const struct cli *run);
void config_free(struct config *cf);

/* The automatic files: $XDG_CONFIG_HOME/unidos/unidos.conf (or
 * ~/.config/...), then ./unidos.conf; those missing are skipped. */
int config_read_defaults(struct config *cf);

/* Read one file (--conf FILE, or PROGRAM named *.conf). Errors go to
 * stderr with the file and line. Returns 0, or -1 after an error. */
int config_read(struct config *cf, const char *path);

/* An option of the run given on the command line (value NULL for a
 * flag): applied after every file. */
void config_add_cmdline(struct config *cf, const struct cli_option *o, const char *value);

/* Store the winning values into the options (through their setters) and
 * the [autoexec] lines into o->autoexec. Returns 0, or -1 after a message
 * naming the file and line of a value that is not valid. */
int config_apply(struct config *cf, struct options *o);

/* One note listing the DOSBox settings that mean nothing here (the files
 * and keys), on stderr unless o->quiet. */
void config_note_ignored(const struct config *cf);

/* The configuration in effect, as a configuration file: every key with
 * its value and where it came from (a file and line, the command line,
 * the default). */
void config_print(const struct config *cf, FILE *f);

/* A host path from a configuration file (confpath.c): "~" and "~/..."
 * from $HOME, relative paths from dir (the file's directory), '\' read as
 * '/' when the path does not exist as written, and each missing component
 * matched ignoring case (DOS-era names: GAME.EXE for game.exe). Into out;
 * false when it does not fit. */
bool config_host_path(const char *dir, const char *path, char *out, size_t cap);

/* The directory DOSBox starts a configuration in dir from, which its
 * [autoexec] paths are relative to: dir, or the DOSBox directory beside
 * the file when there is one holding DOSBox's program (GOG's layout:
 * game/dosboxGAME.conf run by game/DOSBOX/DOSBox.exe from its directory,
 * mounting C: as ".."). Into out (cap >= PATH_MAX). */
void config_dosbox_dir(const char *dir, char *out, size_t cap);

#endif
