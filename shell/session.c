/* A running shell: its contexts, pipelines stage by stage with their
 * redirections and pipe files, the EXEC round trips with the stub, and
 * buffered output. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/log.h"
#include "dosapi/psp.h"
#include "shell/shell_impl.h"

#define STDIN_H 0
#define STDOUT_H 1
#define STDERR_H 2
#define OPEN_READ 0x00
#define OPEN_WRITE 0x01
#define TERM_CTRL_C 1 /* INT 21h 4Dh AH: ended by Ctrl-C */
#define KEY_CTRL_C 0x03
#define PIPE_TRIES 100
#define SH_STEP_UNITS 256      /* units of work per call from the stub... */
#define SH_STEP_OUT_BYTES 1024 /* ...or until this much was written */
#define SH_MAX_DEPTH 100       /* batch files and FOR loops inside each other */

/* ---- output ---- */

void sh_flush(struct sh_session *s)
{
    size_t n = s->nout;
    s->nout = 0;
    if (n)
        sh_dos_write(s, STDOUT_H, s->out, (uint32_t)n);
}

void sh_write(struct sh_session *s, const char *buf, size_t n)
{
    s->out_total += n;
    while (n) {
        if (s->nout == sizeof s->out)
            sh_flush(s);
        size_t k = MIN(n, sizeof s->out - s->nout);
        memcpy(s->out + s->nout, buf, k);
        s->nout += k;
        buf += k;
        n -= k;
    }
}

void sh_puts(struct sh_session *s, const char *str)
{
    sh_write(s, str, strlen(str));
}

void sh_printf(struct sh_session *s, const char *fmt, ...)
{
    char buf[SH_LINE_MAX];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n > 0)
        sh_write(s, buf, MIN((size_t)n, sizeof buf - 1));
}

void sh_error(struct sh_session *s, const char *msg)
{
    sh_flush(s);
    sh_dos_write(s, STDERR_H, msg, (uint32_t)strlen(msg));
    sh_dos_write(s, STDERR_H, "\r\n", 2);
}

void sh_errorf(struct sh_session *s, const char *fmt, ...)
{
    char buf[SH_LINE_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    sh_error(s, buf);
}

/* COMMAND.COM's wording of DOS errors. */
const char *sh_errmsg(int doserr)
{
    static const struct {
        int code;
        const char *msg;
    } k_msgs[] = {
        {DOSERR_FILE_NOT_FOUND, "File not found"},
        {DOSERR_PATH_NOT_FOUND, "Path not found"},
        {DOSERR_TOO_MANY_OPEN_FILES, "Too many open files"},
        {DOSERR_ACCESS_DENIED, "Access denied"},
        {DOSERR_INSUFFICIENT_MEMORY, "Insufficient memory"},
        {DOSERR_INVALID_DRIVE, "Invalid drive specification"},
        {DOSERR_REMOVE_CURRENT_DIR, "Attempt to remove current directory"},
        {DOSERR_NOT_SAME_DEVICE, "Not same device"},
        {DOSERR_WRITE_PROTECTED, "Write protect error"},
        {DOSERR_SHARING_VIOLATION, "Sharing violation"},
        {DOSERR_HANDLE_DISK_FULL, "Insufficient disk space"},
        {DOSERR_DISK_FULL, "Insufficient disk space"},
        {DOSERR_FILE_EXISTS, "File exists"},
        {DOSERR_CANNOT_MAKE, "Unable to create directory"},
    };
    for (size_t i = 0; i < ARRAY_LEN(k_msgs); i++)
        if (k_msgs[i].code == doserr)
            return k_msgs[i].msg;
    return "General failure";
}

/* ---- contexts ---- */

static struct sh_ctx *ctx_new(enum sh_ctx_kind kind, struct sh_ctx *up)
{
    struct sh_ctx *c = xcalloc(1, sizeof *c);
    c->kind = kind;
    c->up = up;
    c->saved_in = c->saved_out = -1;
    return c;
}

struct sh_ctx *sh_ctx_push(struct sh_session *s, enum sh_ctx_kind kind)
{
    unsigned depth = 0;
    for (struct sh_ctx *c = s->ctx; c; c = c->up)
        depth++;
    if (depth > SH_MAX_DEPTH)
        return NULL;
    s->ctx = ctx_new(kind, s->ctx);
    return s->ctx;
}

struct sh_ctx *sh_batch_ctx(struct sh_session *s)
{
    for (struct sh_ctx *c = s->ctx; c; c = c->up)
        if (c->kind == SH_CTX_BATCH)
            return c;
    return NULL;
}

static void restore(struct sh_session *s, int *saved, int h)
{
    if (*saved < 0)
        return;
    sh_dos_dup2(s, *saved, h);
    sh_dos_close(s, *saved);
    *saved = -1;
}

/* The running stage of c has ended: its redirections are undone, the pipe
 * file it read is deleted, the one it wrote is for the next stage. */
static void stage_done(struct sh_session *s, struct sh_ctx *c)
{
    if (!c->busy)
        return;
    sh_flush(s);
    restore(s, &c->saved_in, STDIN_H);
    restore(s, &c->saved_out, STDOUT_H);
    if (c->pipe_in[0])
        sh_dos_unlink(s, c->pipe_in);
    c->pipe_in[0] = 0;
    memcpy(c->pipe_next, c->pipe_out, sizeof c->pipe_next);
    c->pipe_out[0] = 0;
    c->busy = false;
    if (c->loadfix_seg)
        sh_dos_free(s, c->loadfix_seg);
    c->loadfix_seg = 0;
}

/* Drop the rest of c's line. */
static void abort_line(struct sh_session *s, struct sh_ctx *c)
{
    stage_done(s, c);
    if (c->pipe_next[0])
        sh_dos_unlink(s, c->pipe_next);
    c->pipe_next[0] = 0;
    sh_pipeline_free(&c->pl);
    c->next = 0;
}

/* Leave the innermost context; its parent's stage ends with it unless a
 * chained batch takes its place. */
static void ctx_pop(struct sh_session *s, bool finish_parent)
{
    struct sh_ctx *c = s->ctx;
    ASSERT(c->up);
    abort_line(s, c);
    s->ctx = c->up;
    if (c->kind == SH_CTX_BATCH) {
        if (!sh_batch_ctx(s))
            s->echo = c->batch.echo_before;
        sh_batch_free(&c->batch);
    } else if (c->kind == SH_CTX_FOR) {
        sh_for_free(&c->forl);
    }
    free(c);
    if (finish_parent)
        stage_done(s, s->ctx);
}

/* Leave every batch file and FOR loop (Ctrl-C, EXIT in a batch). */
static void sh_unwind(struct sh_session *s)
{
    while (s->ctx->up)
        ctx_pop(s, false);
    abort_line(s, s->ctx);
}

/* ---- redirections and pipes ---- */

static int redirect(struct sh_session *s, int *saved, int target_h, int new_h)
{
    sh_flush(s);
    if (*saved < 0)
        *saved = sh_dos_dup(s, target_h);
    int rc = *saved < 0 ? *saved : sh_dos_dup2(s, new_h, target_h);
    sh_dos_close(s, new_h);
    return rc < 0 ? rc : 0;
}

static int redirect_in(struct sh_session *s, struct sh_ctx *c, const char *file)
{
    int h = sh_dos_open(s, file, OPEN_READ);
    return h < 0 ? h : redirect(s, &c->saved_in, STDIN_H, h);
}

static int redirect_out(struct sh_session *s, struct sh_ctx *c, const char *file, bool append)
{
    int h = append ? sh_dos_open(s, file, OPEN_WRITE) : -DOSERR_FILE_NOT_FOUND;
    if (h >= 0)
        sh_dos_seek_end(s, h);
    else
        h = sh_dos_create(s, file, false);
    return h < 0 ? h : redirect(s, &c->saved_out, STDOUT_H, h);
}

/* A pipe file for the output of a stage: in TEMP when set, else in the
 * current directory, with a name no file has yet. */
static int pipe_file(struct sh_session *s, struct sh_ctx *c)
{
    char dir[FS_PATH_MAX] = "";
    if (sh_env_get(s, "TEMP", dir, sizeof dir - 16) && dir[0]) {
        size_t n = strlen(dir);
        if (dir[n - 1] != '\\' && dir[n - 1] != ':') {
            dir[n] = '\\';
            dir[n + 1] = 0;
        }
    }
    for (int i = 0; i < PIPE_TRIES; i++) {
        snprintf(c->pipe_out, sizeof c->pipe_out, "%s%%PIPE%u.$$$", dir,
                 ++s->sh->pipe_seq % 1000);
        int h = sh_dos_create(s, c->pipe_out, true);
        if (h >= 0)
            return redirect(s, &c->saved_out, STDOUT_H, h);
        if (h != -DOSERR_FILE_EXISTS)
            break;
    }
    c->pipe_out[0] = 0;
    return -DOSERR_CANNOT_MAKE;
}

static int stage_io(struct sh_session *s, struct sh_ctx *c, const struct sh_stage *st,
                    bool last)
{
    const char *in = st->in ? st->in : c->pipe_in[0] ? c->pipe_in : NULL;
    int rc = in ? redirect_in(s, c, in) : 0;
    if (rc < 0) {
        sh_error(s, rc == -DOSERR_FILE_NOT_FOUND ? "File not found" : sh_errmsg(-rc));
        return rc;
    }
    if (st->out)
        rc = redirect_out(s, c, st->out, st->append);
    else if (!last)
        rc = pipe_file(s, c);
    if (rc < 0)
        sh_error(s, st->out ? "File creation error" : "Intermediate file error during pipe");
    return rc;
}

/* ---- dispatching one command ---- */

static int run_builtin(struct sh_session *s, const struct sh_builtin *b, const char *tail)
{
    char buf[SH_LINE_MAX];
    bool nested = s->job.active;
    if (!nested && sh_help_asked(tail)) {
        sh_help_show(s, b->name);
        return 0;
    }
    if (!nested) {
        memset(&s->job, 0, sizeof s->job);
        s->job.h1 = s->job.h2 = -1;
    }
    snprintf(buf, sizeof buf, "%s", tail);
    int rc = b->fn(s, buf);
    if (rc == SH_WAIT && !s->job.active) {
        s->job.active = true;
        s->job.b = b;
        s->job.tail = xstrdup(tail);
    }
    return rc;
}

static void job_end(struct sh_session *s)
{
    if (s->job.h1 >= 0)
        sh_dos_close(s, s->job.h1);
    if (s->job.h2 >= 0)
        sh_dos_close(s, s->job.h2);
    free(s->job.tail);
    memset(&s->job, 0, sizeof s->job);
    s->job.h1 = s->job.h2 = -1;
}

static int run_job(struct sh_session *s)
{
    char buf[SH_LINE_MAX];
    snprintf(buf, sizeof buf, "%s", s->job.tail);
    int rc = s->job.b->fn(s, buf);
    if (rc == SH_WAIT)
        return SH_WAIT;
    job_end(s);
    return rc;
}

static int change_drive(struct sh_session *s, char letter)
{
    if (sh_dos_set_drive(s, (unsigned)(toupper((unsigned char)letter) - 'A')) < 0)
        sh_error(s, "Invalid drive specification");
    return 0;
}

static int run_external(struct sh_session *s, const char *word, const char *text,
                        const char *tail, bool call)
{
    char path[FS_PATH_MAX];
    enum sh_prog_kind kind;
    if (sh_find_program(s, word, path, sizeof path, &kind) < 0) {
        sh_error(s, "Bad command or file name");
        return 0;
    }
    if (kind == SH_PROG_BAT)
        return sh_batch_start(s, path, text, call);
    sh_exec_setup(s, path, tail);
    return SH_CONT;
}

static bool program_exists(struct sh_session *s, const char *word)
{
    char path[FS_PATH_MAX];
    enum sh_prog_kind kind;
    return sh_find_program(s, word, path, sizeof path, &kind) == 0;
}

int sh_dispatch(struct sh_session *s, const char *text)
{
    char word[SH_NAME_MAX];
    size_t end = sh_command_word(text, word, sizeof word), n;
    bool call = s->call_next;
    s->call_next = false;
    if (!word[0])
        return 0;
    if (isalpha((unsigned char)word[0]) && word[1] == ':' && !word[2] && sh_blank(text + end))
        return change_drive(s, word[0]);
    const struct sh_builtin *b = sh_builtin_find(word, &n);
    if (b && !(b->program_first && program_exists(s, word)))
        return run_builtin(s, b, text + end - strlen(word) + n);
    return run_external(s, word, text, text + end, call);
}

/* Start the next stage of c's line. */
static int start_stage(struct sh_session *s, struct sh_ctx *c)
{
    const struct sh_stage *st = &c->pl.st[c->next++];
    bool last = c->next == c->pl.n;
    c->busy = true;
    memcpy(c->pipe_in, c->pipe_next, sizeof c->pipe_in);
    c->pipe_next[0] = 0;
    if (stage_io(s, c, st, last) < 0) {
        abort_line(s, c);
        return 0;
    }
    int rc = sh_dispatch(s, st->cmd);
    if (rc == 0)
        stage_done(s, c);
    return rc == SH_CONT ? 0 : rc;
}

/* ---- lines ---- */

static void run_line(struct sh_session *s, struct sh_ctx *c, const char *line)
{
    line += strspn(line, " \t");
    if (*line == '@') /* also accepted at the prompt */
        line++;
    sh_pipeline_free(&c->pl);
    c->next = 0;
    if (sh_parse_pipeline(line, &c->pl) < 0)
        sh_error(s, "Syntax error");
}

/* ECHO: the prompt and a line when echo is on. */
static void sh_echo_line(struct sh_session *s, const char *line)
{
    if (!s->echo)
        return;
    sh_show_prompt(s);
    sh_puts(s, line);
    sh_puts(s, "\r\n");
}

static int top_line(struct sh_session *s, struct sh_ctx *c)
{
    char line[SH_LINE_MAX];
    if (s->qpos < s->nqueue) {
        s->broken = false;
        run_line(s, c, s->queue[s->qpos++]);
        return 0;
    }
    if (!s->interactive) {
        s->exit = true;
        return 0;
    }
    if (!s->prompted && s->echo)
        sh_show_prompt(s);
    s->prompted = true;
    sh_flush(s);
    int rc = sh_input_line(s, line, sizeof line);
    if (rc == SH_WAIT)
        return SH_WAIT;
    s->prompted = false;
    if (rc == 0) {
        if (s->echo)
            sh_puts(s, "\r\n");
        s->exit = true;
        return 0;
    }
    s->broken = false;
    sh_history_add(&s->sh->hist, line);
    run_line(s, c, line);
    return 0;
}

static int batch_line(struct sh_session *s, struct sh_ctx *c)
{
    char raw[SH_LINE_MAX], line[SH_LINE_MAX];
    struct sh_batch *b = &c->batch;
    if (sh_batch_next(s, c, raw, sizeof raw) <= 0) {
        ctx_pop(s, true);
        return 0;
    }
    const char *p = raw + strspn(raw, " \t");
    bool quiet = *p == '@';
    if (quiet)
        p += 1 + strspn(p + 1, " \t");
    sh_expand_batch(p, b->args, b->nargs, b->shift, sh_env_getter, s, line, sizeof line);
    if (sh_blank(line))
        return 0;
    if (!quiet)
        sh_echo_line(s, line);
    run_line(s, c, line);
    return 0;
}

static int for_line(struct sh_session *s, struct sh_ctx *c)
{
    char line[SH_LINE_MAX];
    if (sh_for_next(s, c, line, sizeof line) <= 0) {
        ctx_pop(s, true);
        return 0;
    }
    sh_echo_line(s, line);
    sh_pipeline_free(&c->pl);
    c->next = 0;
    c->pl.n = 1;
    c->pl.st[0].cmd = xstrdup(line);
    return 0;
}

/* ---- the stub's requests ---- */

static void exec_result(struct sh_session *s, unsigned kind, uint16_t val)
{
    struct sh_ctx *c = s->ctx;
    if (kind == STUB_RES_EXEC_DONE) {
        s->errorlevel = (uint8_t)val;
        s->broken = reg_hi(val) == TERM_CTRL_C && dos_ended_by_ctrl_c(s->sh->dos);
        if (s->broken && sh_batch_ctx(s))
            s->ask_terminate = true;
    } else if (val == DOSERR_INSUFFICIENT_MEMORY) {
        sh_error(s, "Program too big to fit in memory");
    } else if (val == DOSERR_FILE_NOT_FOUND || val == DOSERR_PATH_NOT_FOUND) {
        sh_error(s, "Bad command or file name");
    } else {
        sh_error(s, "EXEC failure");
    }
    stage_done(s, c);
}

/* "Terminate batch job (Y/N)?" after a program ended with Ctrl-C. */
static int ask_terminate(struct sh_session *s)
{
    uint8_t ch;
    if (!s->asked)
        sh_puts(s, "Terminate batch job (Y/N)? ");
    s->asked = true;
    sh_flush(s);
    int rc = sh_input_char(s, &ch);
    if (rc == SH_WAIT)
        return SH_WAIT;
    ch = (uint8_t)toupper(ch);
    if (rc > 0 && ch != 'Y' && ch != 'N')
        return 0; /* ask again */
    s->asked = false;
    s->ask_terminate = false;
    sh_puts(s, rc > 0 && ch == 'N' ? "N\r\n" : "Y\r\n");
    s->broken = rc == 0 || ch == 'Y'; /* N: the batch job goes on */
    if (s->broken) {
        sh_unwind(s);
        if (!s->interactive && s->qpos >= s->nqueue)
            s->exit = true;
    }
    return 0;
}

/* Ctrl-C typed while a batch file runs its own commands: DOS sees it at
 * the next console output and asks "Terminate batch job (Y/N)?". Only
 * keys already typed are looked at (no host input is asked for, so a
 * redirected stdin is left to the programs). */
static bool batch_break(struct sh_session *s)
{
    struct bios *b = s->sh->bios;
    uint16_t key;
    if (!sh_batch_ctx(s) || !bios_key_buffered(b) || bios_key_get(b, false, &key) <= 0 ||
        (uint8_t)key != KEY_CTRL_C)
        return false;
    bios_key_get(b, true, &key);
    sh_puts(s, "^C\r\n");
    s->ask_terminate = true;
    return true;
}

/* After GOTO (the rest of the batch line and the FOR loops above it end)
 * or a batch file named without CALL (the running batch ends and the new
 * one takes its place). */
static int cut(struct sh_session *s)
{
    struct sh_ctx *b = s->cut;
    s->cut = NULL;
    while (s->ctx != b)
        ctx_pop(s, true);
    abort_line(s, b);
    if (!s->cut_self)
        return 0;
    s->cut_self = false;
    if (!s->chain_path) {
        ctx_pop(s, true);
        return 0;
    }
    bool echo = s->echo, before = b->batch.echo_before;
    ctx_pop(s, false);
    s->echo = echo;
    sh_batch_push(s, s->chain_path, s->chain_args, before);
    free(s->chain_path);
    free(s->chain_args);
    s->chain_path = s->chain_args = NULL;
    return 0;
}

static int leave(struct sh_session *s, struct cpu_regs *r)
{
    if (s->job.active)
        job_end(s);
    sh_unwind(s);
    sh_flush(s);
    r->ax = (uint16_t)(STUB_ACT_EXIT | s->errorlevel);
    s->sh->left_broken = s->broken;
    LOG(LOG_EXEC, "shell PSP %04X exits with %u", s->psp, s->errorlevel);
    return STUB_ACT_EXIT;
}

/* One unit of work: 0 to go on, or what to tell the stub. */
static int advance(struct sh_session *s, struct cpu_regs *r)
{
    struct sh_ctx *c = s->ctx;
    if (s->exit)
        return leave(s, r);
    if (s->ask_terminate || (!s->job.active && batch_break(s)))
        return ask_terminate(s);
    if (s->job.active) {
        int rc = run_job(s);
        if (rc != SH_WAIT)
            stage_done(s, c);
        return rc == SH_WAIT ? SH_WAIT : 0;
    }
    if (s->cut)
        return cut(s);
    if (s->cls_pending) {
        s->cls_pending = false;
        r->ax = STUB_ACT_CLS;
        return STUB_ACT_CLS;
    }
    if (s->exec_pending) {
        s->exec_pending = false;
        r->ds = r->es = s->psp;
        r->dx = (uint16_t)(s->buf_off + SB_PATH);
        r->bx = (uint16_t)(s->buf_off + SB_PB);
        r->ax = STUB_ACT_EXEC;
        return STUB_ACT_EXEC;
    }
    if (c->busy) { /* the stage went on elsewhere and came back */
        stage_done(s, c);
        return 0;
    }
    if (c->next < c->pl.n)
        return start_stage(s, c);
    switch (c->kind) {
    case SH_CTX_BATCH:
        return batch_line(s, c);
    case SH_CTX_FOR:
        return for_line(s, c);
    default:
        return top_line(s, c);
    }
}

int sh_session_step(struct sh_session *s, struct cpu_regs *r)
{
    if (r->cx == STUB_RES_EXEC_DONE || r->cx == STUB_RES_EXEC_FAILED)
        exec_result(s, r->cx, r->bx);
    uint64_t out0 = s->out_total;
    for (unsigned units = 0; units < SH_STEP_UNITS && s->out_total - out0 < SH_STEP_OUT_BYTES;
         units++) {
        int rc = advance(s, r);
        if (rc != 0) {
            sh_flush(s);
            return rc;
        }
    }
    /* A batch loop that never runs a program still lets the machine run
     * (timeouts, signals, timer ticks, typed keys) between rounds; one that
     * prints does so as often as a program printing as much would: a slow
     * terminal (every write waiting) must not hold the CPU for a whole
     * timer tick, or the timer's IRQ 0 would always come before the
     * keyboard's IRQ 1. */
    sh_flush(s);
    r->ax = STUB_ACT_AGAIN;
    return STUB_ACT_AGAIN;
}

/* ---- sessions ---- */

/* Switches of the command tail: /C and /K take the rest of the line, /P
 * makes the shell permanent (EXIT does nothing), /E:n sizes the
 * environment; the others (/D /F /Y /MSG) change nothing here. */
static void parse_tail(struct sh_session *s, const char *tail, unsigned *env_bytes)
{
    const char *p = tail;
    s->interactive = true;
    while (*p) {
        p += strspn(p, " \t");
        if (*p != '/') {
            p += strcspn(p, " \t"); /* COMSPEC directory or a device: not used */
            continue;
        }
        char sw = (char)toupper((unsigned char)p[1]);
        if (sw == 'C' || sw == 'K') {
            const char *cmd = p + 2 + strspn(p + 2, " \t");
            s->queue = xcalloc(1, sizeof *s->queue);
            s->queue[0] = xstrdup(cmd);
            s->nqueue = 1;
            s->interactive = sw == 'K';
            return;
        }
        if (sw == 'E' && p[2] == ':')
            *env_bytes = (unsigned)strtoul(p + 3, NULL, 10);
        s->permanent |= sw == 'P';
        p += strcspn(p + 1, " \t/") + 1;
    }
}

static void take_startup(struct sh_session *s)
{
    struct shell *sh = s->sh;
    s->queue = xcalloc(sh->nstartup + 1, sizeof *s->queue);
    for (size_t i = 0; i < sh->nstartup; i++)
        s->queue[i] = xstrdup(sh->startup[i]);
    s->nqueue = sh->nstartup;
    s->interactive = sh->startup_interactive;
    sh->startup_pending = false;
}

struct sh_session *sh_session_new(struct shell *sh, uint16_t psp, uint16_t buf_off,
                                  uint16_t buf_len)
{
    struct sh_session *s = xcalloc(1, sizeof *s);
    char tail[PSP_TAIL_MAX + 1];
    unsigned env_bytes = 0;
    s->sh = sh;
    s->psp = psp;
    s->buf_off = buf_off;
    s->buf_len = buf_len;
    s->ctx = ctx_new(SH_CTX_TOP, NULL);
    s->echo = true;
    s->job.h1 = s->job.h2 = -1;
    uint8_t n = mem_rd8(sh->mem, ((uint32_t)psp << 4) + PSP_TAIL);
    mem_read(sh->mem, ((uint32_t)psp << 4) + PSP_TAIL + 1, tail, MIN(n, (uint8_t)PSP_TAIL_MAX));
    tail[MIN(n, (uint8_t)PSP_TAIL_MAX)] = 0;
    if (sh->startup_pending)
        take_startup(s);
    else
        parse_tail(s, tail, &env_bytes);
    sh_env_init(s, env_bytes);
    LOG(LOG_EXEC, "shell PSP %04X starts: \"%s\"", psp, sh->startup_pending ? "" : tail);
    return s;
}

void sh_session_free(struct sh_session *s)
{
    if (!s)
        return;
    while (s->ctx) {
        struct sh_ctx *c = s->ctx;
        s->ctx = c->up;
        sh_pipeline_free(&c->pl);
        if (c->kind == SH_CTX_BATCH)
            sh_batch_free(&c->batch);
        else if (c->kind == SH_CTX_FOR)
            sh_for_free(&c->forl);
        free(c);
    }
    for (size_t i = 0; i < s->nqueue; i++)
        free(s->queue[i]);
    free(s->queue);
    free(s->job.tail);
    free(s->chain_path);
    free(s->chain_args);
    free(s);
}
