/* Command-line options of unidos. */
#ifndef UNIDOS_APP_OPTIONS_H
#define UNIDOS_APP_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "audio/audio.h"
#include "cpu/cpu.h"

#define OPT_MAX_ENV 64
#define OPT_MAX_MOUNTS 26
#define OPT_MAX_FAULTS 8
#define OPT_MAX_CMDS 64
#define OPT_XMS_DEFAULT_MB 16
#define OPT_XMS_MAX_MB 512
#define OPT_EMS_DEFAULT_MB 8
#define OPT_EMS_MAX_MB 32       /* LIM EMS 4.0: 2048 pages of 16 KiB */

#define OPT_MOUNT_PATH_MAX 4096

/* --audio: where the sound goes besides --wav. */
enum opt_audio { OPT_AUDIO_AUTO, OPT_AUDIO_SDL, OPT_AUDIO_NONE };

struct opt_mount {
    unsigned drive;             /* 0 = A: */
    char path[OPT_MOUNT_PATH_MAX];  /* without the :ro / :lower suffixes */
    bool readonly;
    bool lower;                 /* :lower: new host names in lower case */
};

struct options {
    const char *program;        /* host path as given; NULL: the DOS prompt */
    char *const *args;          /* program arguments */
    int nargs;
    double timeout_s;           /* 0 = none */
    uint64_t max_blocks;        /* --max-blocks: guest code blocks to run, 0 = no limit */
    uint8_t ver_major, ver_minor;
    const char *env[OPT_MAX_ENV];
    size_t nenv;
    struct opt_mount mounts[OPT_MAX_MOUNTS];
    size_t nmounts;
    const char *cd;             /* --cd: starting DOS directory */
    const char *cmds[OPT_MAX_CMDS];     /* -c: shell commands, in order */
    size_t ncmds;
    bool text, quiet, deterministic;
    enum cpu_model cpu;
    unsigned xms_mb, ems_mb;    /* --xms, --ems (0: no driver) */
    int ui;                     /* enum ui_kind: --ui auto|window|term|headless */
    const char *screen_dump;    /* --screen-dump FILE */
    const char *screenshot;     /* --screenshot FILE.png */
    const char *keys;           /* --keys TEXT */
    const char *faults[OPT_MAX_FAULTS];  /* --fault SPEC (testing: fs_fault_parse) */
    size_t nfaults;
    enum opt_audio audio;
    enum aud_card card;         /* --sb */
    const char *wav;            /* --wav FILE */
    const char *soundfont;      /* --soundfont FILE */
};

enum opt_result { OPT_RUN, OPT_EXIT_OK, OPT_EXIT_USAGE };

/* Parse argv. On OPT_EXIT_* the caller exits (help and version were
 * printed, or a usage error was reported on stderr). */
enum opt_result options_parse(int argc, char **argv, struct options *o);

#endif
