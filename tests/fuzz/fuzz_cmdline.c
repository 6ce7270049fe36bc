/* Fuzz target: the command-line and batch parser of the built-in shell,
 * and the DOS command-tail/FCB parser. The input is a batch file.
 *
 * Each line goes through the pure parsers (pipeline and redirections,
 * command word, internal-command prefix, arguments, switches, %-expansion,
 * FOR syntax) and through the command-tail FCB parser programs use (INT
 * 21h 29h's psp_parse_fcb_name). Then the whole file runs as FUZZ.BAT
 * under Z:\COMMAND.COM /C, in the CPU-less machine: this harness plays
 * the guest stub (shell/command.asm) instruction for instruction at the
 * level of its DOS calls - resize, Ctrl-C vector, the far call into the
 * shell, EXEC, 4Dh, exit - and every program the batch runs ends at once
 * with an exit code from a counter, except nested COMMAND.COMs, which are
 * played the same way. Work per input is bounded: 24 calls into the
 * shell, one of which may run 256 lines without starting a program (a GOTO
 * loop), and three nested shells.
 *
 * Invariants: no sanitizer report or leak, no host descriptor outside the
 * mounts or left open, nothing outside the mounts or on the read-only
 * drive changed, FCB parsing stays inside its 12 bytes and the line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/bytes.h"
#include "bios/rom.h"
#include "bus/mem.h"
#include "dosapi/dos.h"
#include "dosapi/psp.h"
#include "shell/parse.h"
#include "shell/shell.h"
#include "shell/stub.h"
#include "tests/fuzz/fz.h"

#define MAX_CALLS 24
#define MAX_AGAINS 1                /* calls that ran 256 lines without a program */
#define MAX_DEPTH 3
#define STUB_KEEP_PARAS 0x200u      /* what the stub keeps after 4Ah */
#define STUB_BUF 0x0400u
#define STUB_BUF_BYTES 4096u
#define STUB_SP 0x1FF0u
#define STUB_IP_AFTER_CALL 0x0150u  /* where the stub is while the shell runs */
#define MAGIC_SEARCH 64u
#define INT_INSN_BYTES 2
#define LINE_BYTES 600

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fz_tree_init();
    return 0;
}

/* ---- the pure parsers, line by line ---- */

static bool fake_getenv(void *ctx, const char *name, char *out, size_t cap)
{
    (void)ctx;
    if (strcmp(name, "PATH") && strcmp(name, "X"))
        return false;
    snprintf(out, cap, "%s", name[0] == 'X' ? "%X%%X%" : "C:\\;D:\\BIN");
    return true;
}

static bool any_drive(void *ctx, unsigned drive)
{
    (void)ctx;
    return drive <= 4;
}

static void parse_line(const char *line)
{
    static char a0[] = "FUZZ.BAT", a1[] = "ONE", a2[] = "%1", a3[] = "%%", a4[] = "\"q u\"";
    static char *const args[] = {a0, a1, a2, a3, a4, NULL};
    char out[SH_LINE_MAX], word[SH_NAME_MAX], arg[SH_LINE_MAX], sw_args[LINE_BYTES + 1];
    struct sh_pipeline pl;
    struct sh_switch sw[SH_SWITCH_MAX];
    struct sh_for_syntax fs;
    uint8_t fcb[12 + 4], res;
    memset(out, 0x55, sizeof out);
    sh_expand_batch(line, args, 5, (int)(strlen(line) % 3), fake_getenv, NULL, out, sizeof out);
    FZ_CHECK(memchr(out, 0, sizeof out), "expansion not terminated");
    if (sh_parse_pipeline(out, &pl) == 0) {
        FZ_CHECK(pl.n <= SH_PIPE_MAX, "%u stages", pl.n);
        for (unsigned i = 0; i < pl.n; i++) {
            size_t tail = sh_command_word(pl.st[i].cmd, word, sizeof word);
            FZ_CHECK(tail <= strlen(pl.st[i].cmd), "tail past the command");
            sh_internal_prefix(word, "ECHO");
            const char *p = pl.st[i].cmd + tail;
            for (int k = 0; k < 64 && sh_next_arg(&p, arg, sizeof arg); k++)
                FZ_CHECK(strlen(arg) < sizeof arg, "argument overflow");
        }
        sh_pipeline_free(&pl);
    }
    snprintf(sw_args, sizeof sw_args, "%s", line);
    FZ_CHECK(sh_take_switches(sw_args, sw, SH_SWITCH_MAX) <= SH_SWITCH_MAX, "switches");
    if (sh_parse_for(line, &fs) == 0) {
        sh_for_subst(fs.cmd, fs.var, "VALUE", out, sizeof out);
        FZ_CHECK(fs.set + fs.set_len <= line + strlen(line), "FOR set past the line");
    }
    memset(fcb, 0xA5, sizeof fcb);
    size_t used = psp_parse_fcb_name(line, (uint8_t)(line[0] & 0x0F), fcb, any_drive, NULL, &res);
    FZ_CHECK(used <= strlen(line), "FCB parse used %zu of %zu bytes", used, strlen(line));
    for (int i = 12; i < 16; i++)
        FZ_CHECK(fcb[i] == 0xA5, "FCB parse wrote past 12 bytes");
    sh_blank(line);
}

static void parse_lines(const uint8_t *data, size_t size)
{
    char line[LINE_BYTES + 1];
    while (size) {
        size_t n = 0;
        while (n < size && data[n] != '\n')
            n++;
        size_t k = n < LINE_BYTES ? n : LINE_BYTES;
        memcpy(line, data, k);
        line[k] = 0;
        line[strcspn(line, "\r")] = 0;
        parse_line(line);
        data += n < size ? n + 1 : n;
        size -= n < size ? n + 1 : n;
    }
}

/* ---- the shell, with this harness as its guest stub ---- */

struct play {
    struct fz_dos *fd;
    unsigned calls, execs, agains;
};

/* The callback's far address in the stub at psp (after its magic). */
static bool stub_callback(struct mem *m, uint16_t psp, uint16_t *seg, uint16_t *off)
{
    uint8_t img[MAGIC_SEARCH + STUB_MAGIC_BYTES + 4];
    mem_read_far(m, psp, 0x100, img, sizeof img);
    for (unsigned i = 0; i < MAGIC_SEARCH; i++)
        if (!memcmp(img + i, STUB_MAGIC, STUB_MAGIC_BYTES)) {
            const uint8_t *p = img + i + STUB_MAGIC_BYTES;
            *off = get_le16(p);
            *seg = get_le16(p + 2);
            return true;
        }
    return false;
}

static struct cpu_regs stub_regs(uint16_t psp, uint16_t ax)
{
    return (struct cpu_regs){.ax = ax, .ds = psp, .es = psp, .ss = psp, .cs = psp,
                             .sp = STUB_SP, .ip = STUB_IP_AFTER_CALL, .flags = 0x0202};
}

static bool play_stub(struct play *p, uint16_t psp, unsigned depth);

/* A program the batch ran: it ends at once (a nested stub is played). */
static void play_child(struct play *p, struct cpu_regs *r, unsigned depth)
{
    uint16_t child = r->ds, seg, off;
    if (depth < MAX_DEPTH && stub_callback(fz_dos_mem(p->fd), child, &seg, &off) &&
        play_stub(p, child, depth + 1))
        return;
    struct cpu_regs x = {.ax = (uint16_t)(0x4C00 | (p->execs++ % 3)), .cs = r->cs,
                         .ip = (uint16_t)(r->ip + INT_INSN_BYTES), .ss = r->ss, .sp = r->sp,
                         .ds = child, .es = child, .flags = 0x0202};
    fz_dos_int(p->fd, 0x21, &x);
}

/* One far call of the stub into the shell; the action in *r. */
static void shell_call(struct play *p, uint16_t psp, uint16_t res, uint16_t val,
                       struct cpu_regs *r)
{
    struct mem *m = fz_dos_mem(p->fd);
    uint16_t seg, off;
    stub_callback(m, psp, &seg, &off);
    *r = stub_regs(psp, STUB_REQ);
    r->cx = res;
    r->bx = val;
    r->dx = STUB_BUF;
    r->si = STUB_BUF_BYTES;
    uint16_t ret[2] = {STUB_IP_AFTER_CALL, psp};        /* CALL FAR pushes CS:IP */
    r->sp = (uint16_t)(r->sp - sizeof ret);
    mem_write_far(m, r->ss, r->sp, ret, sizeof ret);
    r->cs = seg;
    r->ip = (uint16_t)(off + INT_INSN_BYTES);
    fz_dos_int(p->fd, ROM_CALLBACK_VEC, r);
    p->calls++;
}

/* Run the stub at psp as command.asm does, until it exits or the budget
 * ends. Returns false when psp is not a stub. */
static bool play_stub(struct play *p, uint16_t psp, unsigned depth)
{
    struct cpu_regs r = stub_regs(psp, 0x4A00);
    r.bx = STUB_KEEP_PARAS;
    fz_dos_int(p->fd, 0x21, &r);
    r = stub_regs(psp, 0x2523);
    r.dx = STUB_IP_AFTER_CALL;
    fz_dos_int(p->fd, 0x21, &r);
    uint16_t res = STUB_RES_START, val = 0;
    while (p->calls < MAX_CALLS && p->agains < MAX_AGAINS && !fz_dos_ended(p->fd)) {
        shell_call(p, psp, res, val, &r);
        res = STUB_RES_NONE;
        val = 0;
        p->agains += r.ax == STUB_ACT_AGAIN;
        if (r.ax == STUB_ACT_AGAIN || r.ax == STUB_ACT_CLS)
            continue;
        struct cpu_regs a = stub_regs(psp, r.ax);
        a.dx = r.dx;
        a.bx = r.bx;
        a.ds = r.ds;
        a.es = r.es;
        fz_dos_int(p->fd, 0x21, &a);
        if ((r.ax >> 8) == (STUB_ACT_EXIT >> 8))
            return true;        /* the parent (or the end) is in a now */
        if (a.flags & CPU_FLAG_CF) {
            res = STUB_RES_EXEC_FAILED;
            val = a.ax;
            continue;
        }
        play_child(p, &a, depth);
        struct cpu_regs q = stub_regs(psp, 0x4D00);
        fz_dos_int(p->fd, 0x21, &q);
        res = STUB_RES_EXEC_DONE;
        val = q.ax;
    }
    return true;
}

static void make_drives(const uint8_t *data, size_t size)
{
    static const uint8_t hello[] = {0xB4, 0x09, 0xBA, 0x09, 0x01, 0xCD, 0x21, 0xCD, 0x20,
                                    'h', 'i', '$'};
    fz_reset_dir("c");
    fz_reset_dir("f");
    fz_mkdir("c/SUB");
    fz_write("c/FUZZ.BAT", data, size);
    fz_write("c/OTHER.BAT", "@ECHO OFF\r\nECHO %1 %2\r\nSHIFT\r\nIF NOT \"%1\"==\"\" GOTO END\r\n:END\r\n", 63);
    fz_write("c/HELLO.COM", hello, sizeof hello);
    fz_write("c/DATA.TXT", "one\r\ntwo\r\n", 10);
    fz_write("c/SUB/FILE.TXT", "file\r\n", 6);
    fz_symlink("../outside", "c/UP");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fz_dos_config cfg = {.stdin_bytes = (const uint8_t *)"Y\r\nN\r\n", .stdin_len = 6};
    struct cpu_regs r;
    char why[128];
    fz_fd_baseline();
    parse_lines(data, size);
    make_drives(data, size);
    struct fz_dos *fd = fz_dos_new(&cfg, NULL);
    if (dos_start(fz_dos_kernel(fd), SHELL_COMSPEC, " /C FUZZ.BAT ONE \"TWO 2\" 3", &r, why,
                  sizeof why) == 0) {
        struct play p = {fd, 0, 0, 0};
        play_stub(&p, r.ds, 0);
    }
    fz_fd_check_inside();
    fz_dos_free(fd);
    fz_fd_check_none();
    fz_alloc_check_none();
    fz_check_outside();
    return 0;
}
