/* The DOS kernel: INT 20h-2Fh services, processes, memory and files over
 * the drives of fs/. */
#ifndef UNIDOS_DOSAPI_DOS_H
#define UNIDOS_DOSAPI_DOS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bios/bios.h"
#include "bios/intr.h"
#include "bus/mem.h"
#include "fs/fs.h"

struct dos;
struct aud_cdplay;


/* The host side of the standard handles 0-2, supplied by the frontend. */
struct dos_host {
    /* Read up to n bytes of host standard input: > 0 bytes, 0 at end of
     * input, -1 when nothing is there yet (the call will be retried). */
    int (*stdin_read)(void *ctx, void *buf, size_t n);
    /* Whether stdin_read would give bytes now: 1 yes, 0 not yet, -1 never
     * again (input ended). Never blocks. NULL: ready unless ended. */
    int (*stdin_poll)(void *ctx);
    /* Write to host standard output (fd 1) or error (fd 2). */
    void (*out_write)(void *ctx, int fd, const void *buf, size_t n);
    /* The first program ended (code = AL of 4Ch, type = termination kind). */
    void (*exited)(void *ctx, uint8_t code, uint8_t type);
    bool stdin_tty, stdout_tty, stderr_tty;
    /* The host terminal already shows what is typed (canonical mode), so
     * DOS must not echo console input again. */
    bool input_echoed;
    void *ctx;
};

struct dos_config {
    uint8_t ver_major, ver_minor; /* what 30h and 3306h report */
    const char *const *env;       /* extra "NAME=value" strings, NULL-terminated */
    size_t nenv;
    uint32_t xms_kb;              /* XMS driver with this much (0: none) */
    uint32_t ems_kb;              /* EMS driver with this much (0: none) */
    const char *const *dev_env;   /* defaults from devices ("BLASTER=..."): */
    size_t ndev_env;              /* the user's env strings override them */
    struct aud_cdplay *cd_player; /* CD audio for MSCDEX (NULL: none) */
    bool no_umb;                  /* no upper memory blocks */
};

/* The most the root environment's variables may take, the final NUL
 * included: a DOS environment is at most 32 KiB, and EXEC appends the
 * program's path to each copy. */
#define DOS_ENV_MAX_BYTES 0x7F00

/* Bytes cfg's root environment needs (defaults the user's variables do
 * not override, the user's variables, the final NUL): dos_new takes it
 * only when it is at most DOS_ENV_MAX_BYTES. */
size_t dos_env_bytes(const struct dos_config *cfg);

struct dos *dos_new(struct mem *m, struct intr *ir, struct bios *b, struct fs *f,
                    const struct dos_config *cfg, const struct dos_host *host);
void dos_free(struct dos *d);

/* Load the first program through EXEC (4B00h) with command tail tail
 * (without the length byte). dos_path is a DOS path ("C:\HELLO.EXE").
 * On success sets *r to the program's entry registers and returns 0; on
 * failure returns -DOSERR_x and writes a reason to err. */
int dos_start(struct dos *d, const char *dos_path, const char *tail, struct cpu_regs *r,
              char *err, size_t errcap);

/* Native callers (the built-in shell): run INT 21h function AH of r for
 * the current process, exactly as if the guest had called it (arguments in
 * guest memory, CF and AX in r as DOS sets them). Returns 0, or
 * DOS_CALL_WAIT when the function waits for input that is not there yet:
 * nothing happened and the caller asks again later. Not for the functions
 * that switch processes (00h, 31h, 4Bh, 4Ch). */
#define DOS_CALL_WAIT 1
int dos_int21_call(struct dos *d, struct cpu_regs *r);
/* A native caller (the shell) waits for input: true when it should let
 * the guest's INT 28h handler run before asking again (intr_retry_via), as
 * MS-DOS issues INT 28h while COMMAND.COM waits in 0Ah (dosapi/sda.c). */
bool dos_native_wait_idle_due(struct dos *d);
#define DOS_VEC_IDLE 0x28 /* INT 28h: DOS idle */

/* The active code page (6601h/6602h): setting one there are tables for
 * (437, 850) rewrites the NLS tables and loads the screen font
 * (bios_set_codepage); else -DOSERR_FILE_NOT_FOUND. The system code page
 * is the one a run starts with (--keyboard): set it before the program. */
int dos_set_codepage(struct dos *d, unsigned cp);
unsigned dos_codepage(const struct dos *d);
void dos_set_system_codepage(struct dos *d, unsigned cp);

/* EXEC (4B00h) path with command tail (without the length byte) on behalf
 * of the program whose interrupt ic is serving: the child starts now and
 * the caller resumes after its INT when the child ends, with AX = 0.
 * Returns 0 or -DOSERR_x (nothing started). */
int dos_spawn(struct dos *d, struct intr_call *ic, const char *path, const char *tail);

/* The last program to end was stopped by Ctrl-C (INT 23h), not by a
 * divide error, which DOS ends with the same termination type. */
bool dos_ended_by_ctrl_c(const struct dos *d);

/* True once a program read the console keyboard over and over after its
 * input had ended (it waits for keys that cannot come). */
bool dos_input_starved(const struct dos *d);

/* True when the host terminal shows typed text itself (dos_host
 * input_echoed): console line editors must not echo it again. */
bool dos_input_echoed(const struct dos *d);
/* The frontend changed: a screen frontend with the keyboard in raw mode
 * does not echo, a line-buffered terminal does. */
void dos_set_input_echoed(struct dos *d, bool echoed);

/* Close every open file (at exit, on signals): flushes what the guest wrote. */
void dos_close_all(struct dos *d);

/* ---- for the DPMI host (dpmi/) ---- */

/* The PSP of the running process. */
uint16_t dos_current_psp(const struct dos *d);
/* DOS memory for the current process, as 48h/49h/4Ah do: 0 or
 * -DOSERR_x (with the largest block in *largest). */
int dos_mem_get(struct dos *d, uint16_t paras, uint16_t *seg, uint16_t *largest);
int dos_mem_put(struct dos *d, uint16_t seg);
int dos_mem_resize(struct dos *d, uint16_t seg, uint16_t paras, uint16_t *largest);
/* Called when process psp ends (before its parent resumes), not for the
 * first program (the run ends then). */
typedef void dos_process_end_fn(void *ctx, uint16_t psp);
void dos_set_process_hook(struct dos *d, dos_process_end_fn *fn, void *ctx);
/* Asked first about every INT 2Fh call: true when it answered. */
typedef bool dos_mux_fn(void *ctx, struct intr_call *ic);
void dos_set_mux_hook(struct dos *d, dos_mux_fn *fn, void *ctx);

#endif
