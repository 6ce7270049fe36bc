/* Internal state of the built-in shell, shared by the shell/ files only.
 *
 * A session is one running COMMAND.COM stub (identified by its PSP). Its
 * work is a stack of contexts: the top level (commands from /C, -c or the
 * prompt), batch files (CALL pushes one, a batch named without CALL
 * replaces the running one) and FOR loops. Each context runs one parsed
 * line at a time, stage by stage; a stage is an internal command (run
 * natively, possibly waiting for input), a program (the stub EXECs it) or
 * a batch file or FOR loop (a new context, the stage ends when it does). */
#ifndef UNIDOS_SHELL_SHELL_IMPL_H
#define UNIDOS_SHELL_SHELL_IMPL_H

#include "base/common.h"
#include "base/doserr.h"
#include "shell/lineedit.h"
#include "shell/parse.h"
#include "shell/shell.h"
#include "shell/stub.h"

/* Results of the shell's steps besides 0 and -DOSERR_x. */
#define SH_WAIT (-0x10000) /* input is not there yet: ask again later */
#define SH_CONT 1          /* a command goes on elsewhere (program, new context) */

#define SH_MAX_SESSIONS 16
#define SH_OUT_BYTES 512
#define SH_ENV_MIN_BYTES 1024 /* environment of a session at least */
#define SH_ENV_MAX_BYTES 32768
#define SH_LOADFIX_MAX 16

enum sh_ctx_kind { SH_CTX_TOP, SH_CTX_BATCH, SH_CTX_FOR };

struct sh_batch {
    char path[FS_PATH_MAX]; /* full DOS path: reopened for every line */
    uint32_t pos;           /* offset of the next line */
    char **args;            /* %0, %1, ... (owned) */
    int nargs, shift;
    bool echo_before; /* ECHO state when it started from the top level */
};

struct sh_for {
    char var;
    char *cmd;    /* the DO command (owned) */
    char **items; /* the set, split (owned) */
    size_t nitems, next;
    bool searching; /* a wildcard item is being expanded */
    struct fs_find find;
    char prefix[FS_PATH_MAX]; /* directory part of that item */
};

struct sh_ctx {
    enum sh_ctx_kind kind;
    struct sh_ctx *up;
    struct sh_pipeline pl;       /* the line being run */
    unsigned next;               /* its next stage */
    bool busy;                   /* stage next - 1 runs (program or context above) */
    int saved_in, saved_out;     /* handles 0/1 before the stage's redirections, or -1 */
    char pipe_in[FS_PATH_MAX];   /* temporary file the running stage reads */
    char pipe_out[FS_PATH_MAX];  /* temporary file it writes */
    char pipe_next[FS_PATH_MAX]; /* temporary file the next stage will read */
    struct sh_batch batch;
    struct sh_for forl;
    uint16_t loadfix_seg; /* LOADFIX PROGRAM: memory given back when the stage ends */
};

/* An internal command that waits for input keeps its state here and is
 * called again with the same tail until it is done. */
struct sh_job {
    bool active;
    const struct sh_builtin *b;
    char *tail; /* owned */
    int phase;
    unsigned sub;
    int h1, h2; /* handles it opened, or -1 */
    uint32_t count;
    char path[FS_PATH_MAX];
    struct fs_find find;
};

struct sh_session {
    struct shell *sh;
    uint16_t psp;
    uint16_t buf_off, buf_len; /* scratch memory in the stub's segment */
    struct sh_ctx *ctx;        /* innermost context (the top level at the bottom) */
    char **queue;              /* lines to run first (owned) */
    size_t nqueue, qpos;
    bool interactive; /* then read lines from standard input */
    bool permanent;   /* /P: EXIT does not end it */
    bool echo;
    bool break_on;
    uint8_t errorlevel;
    bool exit;          /* EXIT or end of work: leave with errorlevel */
    bool prompted;      /* the prompt for the line being read is shown */
    bool ask_terminate; /* "Terminate batch job (Y/N)?" is pending */
    bool broken;        /* the last program, or a batch job, ended by Ctrl-C */
    bool asked;         /* ... and shown */
    bool call_next;     /* the command being dispatched came with CALL */
    bool exec_pending;  /* the scratch memory holds an EXEC to make */
    bool cls_pending;   /* CLS: the stub clears the screen next */
    struct sh_ctx *cut; /* GOTO, chaining: contexts above cut end now, */
    bool cut_self;      /* and cut itself too, */
    char *chain_path;   /* replaced by this batch file (owned) */
    char *chain_args;
    struct sh_input in;
    struct sh_job job;
    uint8_t out[SH_OUT_BYTES];
    size_t nout;
    uint64_t out_total;               /* bytes written so far (sh_session_step's bound) */
    uint16_t loadfix[SH_LOADFIX_MAX]; /* LOADFIX without a program: kept until -F */
    size_t nloadfix;
};

struct shell {
    struct mem *mem;
    struct intr *intr;
    struct bios *bios;
    struct fs *fs;
    struct dos *dos;
    uint8_t *stub; /* Z:\COMMAND.COM with the callback filled in */
    struct sh_session *sessions[SH_MAX_SESSIONS];
    char **startup; /* shell_set_startup (owned) */
    size_t nstartup;
    bool startup_interactive, startup_pending;
    struct sh_history hist;
    unsigned pipe_seq;
    bool left_broken;           /* the last shell to leave had been stopped by Ctrl-C */
    struct shell_mounts mounts; /* roots and their paths owned */
    void *zdrv;                 /* the built-in Z: drive, or NULL (the user's Z:) */
    struct aud_mixer *mixer;    /* shell_set_mixer: MIXER's levels, or NULL */
    struct shell_speed speed;   /* CYCLES (set NULL: not available) */
};

/* ---- builtins (cmd_*.c) ---- */
typedef int sh_builtin_fn(struct sh_session *s, char *tail);
struct sh_builtin {
    const char *name;
    sh_builtin_fn *fn;
    /* A program on DOSBox's Z: (MOUNT, CONFIG...) or an external one on
     * DOS (HELP): a program of that name in the current directory or on
     * the PATH runs instead (a game's CONFIG.EXE). */
    bool program_first;
};
const struct sh_builtin *sh_builtin_find(const char *word, size_t *name_len);
/* Every internal command has help (an assertion). */
void sh_builtins_check(void);
int sh_cmd_dir(struct sh_session *s, char *tail);
int sh_cmd_copy(struct sh_session *s, char *tail);
int sh_cmd_type(struct sh_session *s, char *tail);
int sh_cmd_del(struct sh_session *s, char *tail);
int sh_cmd_ren(struct sh_session *s, char *tail);
int sh_cmd_md(struct sh_session *s, char *tail);
int sh_cmd_rd(struct sh_session *s, char *tail);
int sh_cmd_cd(struct sh_session *s, char *tail);
int sh_cmd_echo(struct sh_session *s, char *tail);
int sh_cmd_set(struct sh_session *s, char *tail);
int sh_cmd_path(struct sh_session *s, char *tail);
int sh_cmd_prompt(struct sh_session *s, char *tail);
int sh_cmd_ver(struct sh_session *s, char *tail);
int sh_cmd_vol(struct sh_session *s, char *tail);
int sh_cmd_date(struct sh_session *s, char *tail);
int sh_cmd_time(struct sh_session *s, char *tail);
int sh_cmd_cls(struct sh_session *s, char *tail);
int sh_cmd_break(struct sh_session *s, char *tail);
int sh_cmd_verify(struct sh_session *s, char *tail);
int sh_cmd_pause(struct sh_session *s, char *tail);
int sh_cmd_rem(struct sh_session *s, char *tail);
int sh_cmd_exit(struct sh_session *s, char *tail);
int sh_cmd_if(struct sh_session *s, char *tail);
int sh_cmd_goto(struct sh_session *s, char *tail);
int sh_cmd_for(struct sh_session *s, char *tail);
int sh_cmd_shift(struct sh_session *s, char *tail);
int sh_cmd_call(struct sh_session *s, char *tail);
int sh_cmd_lh(struct sh_session *s, char *tail);
int sh_cmd_truename(struct sh_session *s, char *tail);
int sh_cmd_mount(struct sh_session *s, char *tail);
int sh_cmd_help(struct sh_session *s, char *tail);
int sh_cmd_loadfix(struct sh_session *s, char *tail);
int sh_cmd_config(struct sh_session *s, char *tail);
int sh_cmd_cycles(struct sh_session *s, char *tail);
int sh_cmd_rescan(struct sh_session *s, char *tail);

/* ---- help.c ---- */
/* "/?" in a command's tail (outside quotes): show its help instead. */
bool sh_help_asked(const char *tail);
void sh_help_show(struct sh_session *s, const char *name);
bool sh_help_known(const char *name);
int sh_cmd_imgmount(struct sh_session *s, char *tail);
int sh_cmd_mixer(struct sh_session *s, char *tail);
int sh_cmd_keyb(struct sh_session *s, char *tail);
int sh_cmd_chcp(struct sh_session *s, char *tail);

/* ---- session.c: running commands ---- */
struct sh_session *sh_session_new(struct shell *sh, uint16_t psp, uint16_t buf_off,
                                  uint16_t buf_len);
void sh_session_free(struct sh_session *s);
/* One call from the stub: r in, the action out (or SH_WAIT). */
int sh_session_step(struct sh_session *s, struct cpu_regs *r);
/* Run text (a command with its arguments, no redirections) in the current
 * stage: internal, program or batch file. IF, CALL and LH use it for the
 * command they carry. 0 when the stage is done, SH_WAIT, or 1 when it
 * continues elsewhere (a program or a new context). */
int sh_dispatch(struct sh_session *s, const char *text);
/* The innermost batch context, or NULL. */
struct sh_ctx *sh_batch_ctx(struct sh_session *s);
/* Push a context above the current one (its stage stays busy); NULL
 * (with a message) when they are nested too deep. */
struct sh_ctx *sh_ctx_push(struct sh_session *s, enum sh_ctx_kind kind);

/* ---- batch.c ---- */
/* Start batch file path (full DOS path) with the arguments in text; call:
 * from CALL (nest) rather than replace the running batch. Returns 1 when
 * it runs above the current stage, 0 when it replaces the running batch
 * (after the current stage: see cut). */
int sh_batch_start(struct sh_session *s, const char *path, const char *text, bool call);
/* A batch context for path on top; echo_before: ECHO to restore when the
 * last batch ends. False (with a message) when nested too deep. */
bool sh_batch_push(struct sh_session *s, const char *path, const char *text, bool echo_before);
/* The next line of the batch context c, ready to parse: 1, 0 at the end. */
int sh_batch_next(struct sh_session *s, struct sh_ctx *c, char *line, size_t cap);
int sh_batch_goto(struct sh_session *s, struct sh_ctx *c, const char *label);
void sh_batch_free(struct sh_batch *b);
/* FOR contexts. */
int sh_for_next(struct sh_session *s, struct sh_ctx *c, char *line, size_t cap);
void sh_for_free(struct sh_for *f);

/* ---- output (session.c) ---- */
void sh_write(struct sh_session *s, const char *buf, size_t n);
void sh_puts(struct sh_session *s, const char *str);
void sh_printf(struct sh_session *s, const char *fmt, ...) PRINTF_FMT(2, 3);
/* A message on standard error (handle 2). */
void sh_error(struct sh_session *s, const char *msg);
void sh_errorf(struct sh_session *s, const char *fmt, ...) PRINTF_FMT(2, 3);
void sh_flush(struct sh_session *s);
/* The DOS message for an error code, as COMMAND.COM words it. */
const char *sh_errmsg(int doserr);

/* ---- input (edit.c) ---- */
/* A line from standard input: the line editor on the console, else the
 * next line of the redirected input (echoed). 1 and the line, 0 at the
 * end of input, SH_WAIT. */
int sh_input_line(struct sh_session *s, char *out, size_t cap);
/* One character from standard input (a key on the console): 1, 0 at the
 * end of input, SH_WAIT. */
int sh_input_char(struct sh_session *s, uint8_t *ch);

/* ---- env.c: the session's environment block ---- */
bool sh_env_get(struct sh_session *s, const char *name, char *out, size_t cap);
/* value NULL or "": remove. -DOSERR_INSUFFICIENT_MEMORY when it does not fit. */
int sh_env_set(struct sh_session *s, const char *name, const char *value);
/* Call fn for each "NAME=value" string. */
void sh_env_each(struct sh_session *s, void (*fn)(struct sh_session *s, const char *var));
/* Give the session its own environment block of at least bytes. */
int sh_env_init(struct sh_session *s, unsigned bytes);
bool sh_env_getter(void *ctx, const char *name, char *out, size_t cap);

/* ---- prompt.c ---- */
void sh_show_prompt(struct sh_session *s);

/* ---- extern.c: programs ---- */
enum sh_prog_kind { SH_PROG_COM, SH_PROG_EXE, SH_PROG_BAT };
/* Find the program for command word name (DOS order: as given when it
 * has a directory, else the current directory then PATH; .COM, .EXE,
 * .BAT). Returns 0 with the full DOS path, or -DOSERR_FILE_NOT_FOUND. */
int sh_find_program(struct sh_session *s, const char *name, char *path, size_t cap,
                    enum sh_prog_kind *kind);
/* Set up EXEC of path with tail in the scratch memory (exec_pending). */
void sh_exec_setup(struct sh_session *s, const char *path, const char *tail);

/* ---- dosio.c: DOS calls for the current process (the stub) ---- */
int sh_dos_open(struct sh_session *s, const char *path, uint8_t mode);
int sh_dos_create(struct sh_session *s, const char *path, bool must_be_new);
int sh_dos_close(struct sh_session *s, int h);
int sh_dos_read(struct sh_session *s, int h, void *buf, uint32_t n);
int sh_dos_write(struct sh_session *s, int h, const void *buf, uint32_t n);
int sh_dos_seek(struct sh_session *s, int h, uint32_t pos);
int sh_dos_seek_end(struct sh_session *s, int h);
int sh_dos_dup(struct sh_session *s, int h);
int sh_dos_dup2(struct sh_session *s, int h, int to);
int sh_dos_devinfo(struct sh_session *s, int h);
int sh_dos_ftime(struct sh_session *s, int h, uint16_t *date, uint16_t *time);
int sh_dos_set_ftime(struct sh_session *s, int h, uint16_t date, uint16_t time);
int sh_dos_unlink(struct sh_session *s, const char *path);
int sh_dos_rename(struct sh_session *s, const char *from, const char *to);
int sh_dos_mkdir(struct sh_session *s, const char *path);
int sh_dos_rmdir(struct sh_session *s, const char *path);
int sh_dos_chdir(struct sh_session *s, const char *path);
int sh_dos_getcwd(struct sh_session *s, unsigned drive1, char *out, size_t cap);
int sh_dos_attr(struct sh_session *s, const char *path);
unsigned sh_dos_drive(struct sh_session *s);
int sh_dos_set_drive(struct sh_session *s, unsigned drive);
int64_t sh_dos_disk_free(struct sh_session *s, unsigned drive1);
int sh_dos_alloc(struct sh_session *s, uint16_t paras);
int sh_dos_free(struct sh_session *s, uint16_t seg);
struct sh_date {
    int year, month, day, wday, hour, min, sec, centi;
};
void sh_dos_now(struct sh_session *s, struct sh_date *t);
int sh_dos_set_date(struct sh_session *s, int year, int month, int day);
int sh_dos_set_time(struct sh_session *s, int hour, int min, int sec, int centi);
bool sh_dos_verify(struct sh_session *s, int set);
bool sh_dos_break(struct sh_session *s, int set);
void sh_dos_version(struct sh_session *s, int *major, int *minor);
/* Linear address of the scratch memory at offset off. */
uint32_t sh_scratch(struct sh_session *s, uint16_t off);

#endif
