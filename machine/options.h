/* Command-line options of unidos. */
#ifndef UNIDOS_MACHINE_OPTIONS_H
#define UNIDOS_MACHINE_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "audio/audio.h"
#include "base/cli.h"
#include "cpu/cpu.h"
#include "ui/ui.h"

#define OPT_MAX_ENV 256
#define OPT_MAX_MOUNTS 26
#define OPT_MAX_FAULTS 8
#define OPT_MAX_CMDS 64
/* --max-blocks: 10^17 blocks are 31 years of virtual time (10 ns each) */
#define OPT_MAX_BLOCKS_MAX 100000000000000000ull
#define OPT_XMS_DEFAULT_MB 16
#define OPT_XMS_MAX_MB 512
#define OPT_EMS_DEFAULT_MB 8
#define OPT_EMS_MAX_MB 32 /* LIM EMS 4.0: 2048 pages of 16 KiB */
#define OPT_DPMI_DEFAULT_MB 64
#define OPT_DPMI_MAX_MB 2048 /* XMS + EMS + DPMI stay below the 4 GiB top */

#define OPT_MOUNT_PATH_MAX 4096
#define OPT_MAX_ALLOW 32

/* Sound Blaster resources (BLASTER=A220 I7 D1 H5): the defaults, and the
 * choices a card's jumpers and DOSBox offer (ports 220h-300h; IRQ 12 is
 * the PS/2 mouse's here). */
#define OPT_SB_BASE_DEFAULT 0x220
#define OPT_SB_IRQ_DEFAULT 7
#define OPT_SB_DMA_DEFAULT 1
#define OPT_SB_HDMA_DEFAULT 5

/* --audio: where the sound goes besides --wav. */
enum opt_audio { OPT_AUDIO_AUTO, OPT_AUDIO_SDL, OPT_AUDIO_NONE };

/* --mount-command: what MOUNT and IMGMOUNT at the DOS prompt may do. */
enum opt_mount_cmd {
    OPT_MOUNT_CMD_ON,  /* mount what the run's drives and --allow-mount hold */
    OPT_MOUNT_CMD_RO,  /* the same, read-only */
    OPT_MOUNT_CMD_OFF, /* nothing (sandboxed runs) */
};

struct opt_mount {
    unsigned drive;                /* 0 = A: */
    char path[OPT_MOUNT_PATH_MAX]; /* without the :ro / :lower suffixes */
    bool readonly;
    bool lower; /* :lower: new host names in lower case */
};

struct options {
    const char *program; /* host path as given; NULL: the DOS prompt */
    char *const *args;   /* program arguments */
    int nargs;
    double timeout_s;       /* 0 = none */
    uint64_t max_blocks;    /* --max-blocks: guest code blocks to run, 0 = no limit */
    uint32_t max_file_size; /* --max-file-size: bytes, 0 = FS_FILE_SIZE_MAX */
    uint8_t ver_major, ver_minor;
    const char *env[OPT_MAX_ENV];
    size_t nenv;
    struct opt_mount mounts[OPT_MAX_MOUNTS];
    size_t nmounts;
    const char *cd;                 /* --cd: starting DOS directory */
    const char *cmds[OPT_MAX_CMDS]; /* -c: shell commands, in order */
    size_t ncmds;
    bool text, quiet, deterministic;
    enum cpu_model cpu;
    enum cpu_tier cpu_tier;             /* --cpu-tier (or UNIDOS_CPU_TIER) */
    unsigned xms_mb, ems_mb;            /* --xms, --ems (0: no driver) */
    unsigned dpmi_mb;                   /* --dpmi-mem (0: no DPMI host) */
    enum ui_kind ui;                    /* --ui auto|window|term|headless */
    enum ui_screen_text screen_text;    /* --screen-text auto|stream|final|off */
    const char *screen_dump;            /* --screen-dump FILE */
    const char *screenshot;             /* --screenshot FILE.png */
    const char *keys;                   /* --keys TEXT */
    const char *faults[OPT_MAX_FAULTS]; /* --fault SPEC (testing: fs_fault_parse) */
    size_t nfaults;
    enum opt_audio audio;
    enum aud_card card;     /* --sb */
    const char *wav;        /* --wav FILE */
    const char *soundfont;  /* --soundfont FILE */
    bool screenshot_aspect; /* --screenshot-aspect: 4:3 instead of native */
    int64_t start_time;     /* --date: local time at start, seconds since 1970 as UTC */
    bool start_time_set;
    const char *record;    /* --record FILE: log host input with virtual times */
    const char *replay;    /* --replay FILE: play a --record log back */
    const char *shot_dir;  /* --screenshot-dir DIR: where Ctrl-F5 saves */
    bool keyboard_console; /* standard input is the keyboard (set by scripts) */
    uint16_t sb_base;      /* --sb-base */
    uint8_t sb_irq, sb_dma, sb_hdma;
    bool no_umb;                            /* --no-umb: no upper memory blocks */
    const char *allow_mount[OPT_MAX_ALLOW]; /* --allow-mount PATH[:ro] */
    size_t nallow;
    enum opt_mount_cmd mount_cmd;
    const char *const *autoexec; /* [autoexec] lines of the configuration files */
    size_t nautoexec;
    unsigned autoexec_drives; /* bit n: [autoexec] mounts drive n (C: is not the cwd then) */
    uint32_t speed_ipms;      /* --speed: instructions per millisecond, 0 = max */
    unsigned volume;          /* --volume: percent of the amplitude */
    bool fullscreen;          /* --fullscreen */
    bool mount_program;       /* --mount-program: PROGRAM's directory is C: */
    enum ui_scale scale;      /* --scale */
    enum ui_filter filter;    /* --filter */
    bool no_aspect;           /* --aspect off */
    const char *keyboard;     /* --keyboard LAYOUT[,CP]; NULL: auto (a window: the host's) */
};

enum opt_result { OPT_RUN, OPT_EXIT_OK, OPT_EXIT_USAGE };

/* The defaults of every option; UNIDOS_DEBUG enables trace categories. */
void options_init(struct options *o);

/* The options of a run, stored into o: the table for cli_parse and
 * cli_help (base/cli.h). */
struct cli_table options_cli_table(struct options *o);

/* After parsing: PROGRAM and its arguments (argc may be 0: no program),
 * and what options imply (--record and --replay run deterministically). */
void options_finish(struct options *o, int argc, char *const *argv);

/* Apply more options (no PROGRAM) over o, as a script's "option" line
 * does: every option of a run, none of the command line's own. Returns
 * OPT_RUN, or OPT_EXIT_USAGE after a message on stderr. */
enum opt_result options_apply(int argc, char **argv, struct options *o);

/* Parse "YYYY-MM-DD[ HH:MM[:SS]]" (or with T) into seconds since 1970 as
 * if UTC. */
bool options_parse_date(const char *s, int64_t *out);

#endif
