/* The shell's entry points: the built-in Z: drive with the COMMAND.COM
 * stub, the ROM callback the stub calls, the session table, INT 2Eh. */
#include "shell/shell.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "bios/rom.h"
#include "fs/drive.h"
#include "shell/shell_impl.h"

/* Date and time of the files on Z: (DOS format): 1994-05-31 06:22. */
#define ZDRIVE_DATE ((1994 - 1980) << 9 | 5 << 5 | 31)
#define ZDRIVE_TIME (6 << 11 | 22 << 5)
#define ZDRIVE_LABEL "UNIDOS"
#define AUTOEXEC_NAME "AUTOEXEC.BAT"
#define AUTOEXEC_FIRST "@ECHO OFF\r\n" /* its lines are not echoed to stdout */
#define INT2E_TAIL_MAX 126
#define DOS_GET_PSP 0x62 /* RBIL INT 21/AH=62h: BX = current PSP */

static size_t magic_at(const uint8_t *img, size_t len)
{
    for (size_t i = 0; i + STUB_MAGIC_BYTES + 4 <= len; i++)
        if (!memcmp(img + i, STUB_MAGIC, STUB_MAGIC_BYTES))
            return i;
    die("the built-in COMMAND.COM has no callback slot");
}

static struct sh_session **session_slot(struct shell *sh, uint16_t psp)
{
    for (unsigned i = 0; i < SH_MAX_SESSIONS; i++)
        if (sh->sessions[i] && sh->sessions[i]->psp == psp)
            return &sh->sessions[i];
    return NULL;
}

/* A new stub started at psp: a fresh session (replacing a stale one left
 * by a stub that ended without EXIT, or the oldest when all are taken). */
static struct sh_session *session_start(struct shell *sh, const struct cpu_regs *r)
{
    struct sh_session **slot = session_slot(sh, r->ds);
    for (unsigned i = 0; !slot && i < SH_MAX_SESSIONS; i++)
        if (!sh->sessions[i])
            slot = &sh->sessions[i];
    if (!slot) {
        slot = &sh->sessions[0];
        log_quiet(LOG_DOS, "more than %d nested shells: forgetting the oldest",
                  SH_MAX_SESSIONS);
    }
    sh_session_free(*slot);
    *slot = sh_session_new(sh, r->ds, r->dx, r->si);
    return *slot;
}

/* The stub's callback: AX = STUB_REQ, CX:BX the last result. */
static void stub_call(void *ctx, struct intr_call *ic)
{
    struct shell *sh = ctx;
    struct cpu_regs *r = ic->r;
    struct sh_session **slot = session_slot(sh, r->ds);
    if (r->ax != STUB_REQ || r->si < SB_MIN_BYTES) {
        log_quiet(LOG_DOS, "a program called the shell's entry point wrongly (AX=%04Xh)",
                  r->ax);
        r->ax = STUB_ACT_EXIT | 0xFF;
        return;
    }
    struct sh_session *s = r->cx == STUB_RES_START || !slot ? session_start(sh, r) : *slot;
    int act = sh_session_step(s, r);
    if (act == SH_WAIT) {
        r->cx = STUB_RES_NONE; /* the result is taken: do not see it again */
        if (dos_native_wait_idle_due(sh->dos))
            intr_retry_via(ic, DOS_VEC_IDLE);
        else
            intr_retry(ic);
        return;
    }
    if (act == STUB_ACT_AGAIN)
        intr_yield(ic);
    if (act == STUB_ACT_EXIT) {
        slot = session_slot(sh, s->psp);
        sh_session_free(s);
        *slot = NULL;
    }
}

/* INT 2Eh (RBIL): DS:SI -> count byte, command, CR. The command runs in a
 * new shell (COMMAND /C) started in the caller's place. */
static void int2e_execute(void *ctx, struct intr_call *ic)
{
    struct shell *sh = ctx;
    struct cpu_regs *r = ic->r;
    char cmd[INT2E_TAIL_MAX + 1], tail[INT2E_TAIL_MAX + 4];
    uint8_t n = mem_rd8(sh->mem, mem_lin(sh->mem, r->ds, r->si));
    mem_read_far(sh->mem, r->ds, (uint16_t)(r->si + 1), cmd, MIN(n, (uint8_t)INT2E_TAIL_MAX));
    cmd[MIN(n, (uint8_t)INT2E_TAIL_MAX)] = 0;
    cmd[strcspn(cmd, "\r")] = 0;
    snprintf(tail, sizeof tail, " /C %s", cmd);
    LOG(LOG_EXEC, "INT 2Eh \"%s\"", cmd);
    if (dos_spawn(sh->dos, ic, SHELL_COMSPEC, tail) < 0)
        r->ax = 0xFFFF;
}

static void mount_z(struct shell *sh, uint16_t cb_off)
{
    sh->stub = xcalloc(1, shell_command_com_len);
    memcpy(sh->stub, shell_command_com, shell_command_com_len);
    size_t at = magic_at(sh->stub, shell_command_com_len) + STUB_MAGIC_BYTES;
    sh->stub[at] = (uint8_t)cb_off;
    sh->stub[at + 1] = (uint8_t)(cb_off >> 8);
    sh->stub[at + 2] = ROM_SEG & 0xFF;
    sh->stub[at + 3] = ROM_SEG >> 8;
    if (fs_drive_valid(sh->fs, SHELL_DRIVE)) {
        LOG(LOG_FS, "Z: is mounted by the user: no built-in COMMAND.COM");
        return;
    }
    void *z = fs_mem_drive_new(ZDRIVE_DATE, ZDRIVE_TIME);
    fs_mem_drive_add(z, "COMMAND.COM", sh->stub, (uint32_t)shell_command_com_len);
    fs_mount_backend(sh->fs, SHELL_DRIVE, &fs_mem_drive_ops, z, true, ZDRIVE_LABEL);
    sh->zdrv = z;
}

bool shell_set_autoexec(struct shell *sh, const char *const *lines, size_t n)
{
    size_t len = strlen(AUTOEXEC_FIRST) + 1;
    for (size_t i = 0; i < n; i++)
        len += strlen(lines[i]) + 2;
    if (!sh->zdrv)
        return false;
    char *text = xmalloc(len);
    size_t at = (size_t)snprintf(text, len, "%s", AUTOEXEC_FIRST);
    for (size_t i = 0; i < n; i++)
        at += (size_t)snprintf(text + at, len - at, "%s\r\n", lines[i]);
    int rc = fs_mem_drive_add(sh->zdrv, AUTOEXEC_NAME, (const uint8_t *)text, (uint32_t)at);
    free(text);
    return rc >= 0;
}

struct shell *shell_new(struct mem *m, struct intr *ir, struct bios *b, struct fs *f,
                        struct dos *d)
{
    struct shell *sh = xcalloc(1, sizeof *sh);
    sh->mem = m;
    sh->intr = ir;
    sh->bios = b;
    sh->fs = f;
    sh->dos = d;
    sh->mounts.off = true;
    sh_builtins_check();
    mount_z(sh, intr_callback(ir, stub_call, sh, INTR_EPI_RETF));
    intr_set(ir, 0x2E, int2e_execute, sh);
    return sh;
}

static void mounts_free(struct shell_mounts *m)
{
    for (size_t i = 0; i < m->nroots; i++)
        free((char *)(uintptr_t)m->roots[i].path);
    free((void *)(uintptr_t)m->roots);
    *m = (struct shell_mounts){.off = true};
}

void shell_set_speed(struct shell *sh, const struct shell_speed *sp)
{
    sh->speed = *sp;
}

void shell_set_mixer(struct shell *sh, struct aud_mixer *mix)
{
    sh->mixer = mix;
}

static void free_lines(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void shell_free(struct shell *sh)
{
    if (!sh)
        return;
    for (unsigned i = 0; i < SH_MAX_SESSIONS; i++)
        sh_session_free(sh->sessions[i]);
    free_lines(sh->startup, sh->nstartup);
    mounts_free(&sh->mounts);
    sh_history_free(&sh->hist);
    free(sh->stub);
    free(sh);
}

void shell_set_startup(struct shell *sh, const struct shell_startup *st)
{
    free_lines(sh->startup, sh->nstartup);
    sh->startup = xcalloc(st->ncmds + 1, sizeof *sh->startup);
    for (size_t i = 0; i < st->ncmds; i++) {
        sh->startup[i] = xstrdup(st->cmds[i]);
    }
    sh->nstartup = st->ncmds;
    sh->startup_interactive = st->interactive;
    sh->startup_pending = true;
}

void shell_set_mounts(struct shell *sh, const struct shell_mounts *m)
{
    mounts_free(&sh->mounts);
    struct shell_mount_root *roots = xcalloc(m->nroots + 1, sizeof *roots);
    for (size_t i = 0; i < m->nroots; i++)
        roots[i] = (struct shell_mount_root){.path = xstrdup(m->roots[i].path),
                                             .readonly = m->roots[i].readonly};
    sh->mounts = *m;
    sh->mounts.roots = roots;
}

bool shell_stopped_by_ctrl_c(const struct shell *sh)
{
    return sh->left_broken;
}

int shell_prompt_status(struct shell *sh)
{
    struct cpu_regs r = {.ax = DOS_GET_PSP << 8};
    if (dos_int21_call(sh->dos, &r) != 0)
        return -1;
    struct sh_session **slot = session_slot(sh, r.bx);
    if (!slot || !(*slot)->prompted || !(*slot)->interactive)
        return -1;
    return (*slot)->errorlevel;
}
