/* Fuzz harness: the machine of machine/machine.c except the CPU and the sound
 * devices (reached through ports, not interrupts). Every
 * service is reached through intr_dispatch, as the CPU's interrupt hook
 * reaches it; time advances by a fixed number of blocks per call. */
#include <stdlib.h>
#include <string.h>

#include "bios/bios.h"
#include "bios/intr.h"
#include "bus/mem.h"
#include "dosapi/dos.h"
#include "fs/fs.h"
#include "hw/a20.h"
#include "hw/clock.h"
#include "hw/cmos.h"
#include "bus/io.h"
#include "hw/kbc.h"
#include "hw/pic.h"
#include "hw/pit.h"
#include "hw/sched.h"
#include "shell/shell.h"
#include "tests/fuzz/fz.h"
#include "video/vga.h"

#define DRIVE_C 2
#define DRIVE_D 3
#define DRIVE_F 5
#define BLOCKS_PER_CALL 1000u
#define EPOCH_2000 946684800

struct fz_dos {
    struct mem *mem;
    struct io *io;
    struct vclock *clk;
    struct pic *pic;
    struct sched *sched;
    struct pit *pit;
    struct intr *intr;
    struct vga *vga;
    struct kbc *kbc;
    struct cmos *cmos;
    struct bios *bios;
    struct fs *fs;
    struct dos *dos;
    struct shell *shell;
    uint64_t blocks;
    const uint8_t *in;
    size_t in_len, in_pos;
    bool ended;
};

static uint64_t cb_blocks(void *ctx)
{
    return ((struct fz_dos *)ctx)->blocks;
}

static void cb_con_write(void *ctx, const uint8_t *buf, size_t n)
{
    (void)ctx, (void)buf, (void)n;
}

static bool cb_kbd_poll(void *ctx)
{
    (void)ctx;
    return false;
}

static void cb_reboot(void *ctx)
{
    ((struct fz_dos *)ctx)->ended = true;
}

static void cb_direct(void *ctx)
{
    (void)ctx;
}

static int cb_stdin_read(void *ctx, void *buf, size_t n)
{
    struct fz_dos *m = ctx;
    size_t k = m->in_len - m->in_pos;
    k = k < n ? k : n;
    memcpy(buf, m->in + m->in_pos, k);
    m->in_pos += k;
    return (int)k;
}

static void cb_out_write(void *ctx, int fd, const void *buf, size_t n)
{
    (void)ctx, (void)fd, (void)buf, (void)n;
}

static void cb_exited(void *ctx, uint8_t code, uint8_t type)
{
    (void)code, (void)type;
    ((struct fz_dos *)ctx)->ended = true;
}

static void mount_drives(struct fz_dos *m, const struct fs_fault_config *fault)
{
    char c[PATH_MAX], d[PATH_MAX], f[PATH_MAX];
    fz_path("c", c);
    fz_path("d", d);
    fz_path("f", f);
    m->fs = fs_new();
    FZ_CHECK(fs_mount_host(m->fs, DRIVE_C, c, false) == 0, "mount C:");
    FZ_CHECK(fs_mount_host(m->fs, DRIVE_D, d, true) == 0, "mount D:");
    FZ_CHECK(fs_mount_host(m->fs, DRIVE_F, f, false) == 0, "mount F:");
    if (fault)
        FZ_CHECK(fs_mount_fault(m->fs, DRIVE_F, fault) == 0, "fault F:");
}

struct fz_dos *fz_dos_new(const struct fz_dos_config *cfg, const struct fs_fault_config *fault)
{
    struct fz_dos *m = calloc(1, sizeof *m);
    FZ_CHECK(m, "out of memory");
    m->in = cfg->stdin_bytes, m->in_len = cfg->stdin_len;
    mount_drives(m, fault);
    m->mem = mem_new_ext(((cfg->xms_kb + cfg->ems_kb) * 1024u + MEM_PAGE_BYTES - 1) &
                         ~(MEM_PAGE_BYTES - 1));
    m->io = io_new();
    m->clk = clock_new(true, cb_blocks, m);
    m->pic = pic_new(m->io);
    m->sched = sched_new(m->clk);
    m->pit = pit_new(m->io, m->clk, m->pic, m->sched);
    a20_init(m->io, m->mem);
    m->intr = intr_new(m->mem, NULL);
    m->vga = vga_new(m->io, m->clk, m->mem, m->sched);
    m->kbc = kbc_new(m->io, m->pic, m->sched, m->clk, m->mem);
    kbc_set_hooks(m->kbc, &(struct kbc_hooks){cb_reboot, cb_direct, m});
    m->cmos = cmos_new(m->io, m->pic, m->sched, m->clk);
    struct bios_config bc = {.wall_start = EPOCH_2000, .ext_kb = cfg->xms_kb + 64,
                             .vga = m->vga, .kbc = m->kbc, .cmos = m->cmos};
    struct bios_host bh = {cb_con_write, cb_kbd_poll, cb_reboot, m};
    m->bios = bios_new(m->mem, m->intr, m->clk, &bc, &bh);
    struct dos_config dc = {.ver_major = 5, .ver_minor = 0, .xms_kb = cfg->xms_kb,
                            .ems_kb = cfg->ems_kb};
    struct dos_host dh = {.stdin_read = cb_stdin_read, .out_write = cb_out_write,
                          .exited = cb_exited, .ctx = m};
    m->dos = dos_new(m->mem, m->intr, m->bios, m->fs, &dc, &dh);
    m->shell = shell_new(m->mem, m->intr, m->bios, m->fs, m->dos);
    return m;
}

void fz_dos_free(struct fz_dos *m)
{
    dos_close_all(m->dos);
    shell_free(m->shell);
    dos_free(m->dos);
    bios_free(m->bios);
    intr_free(m->intr);
    cmos_free(m->cmos);
    kbc_free(m->kbc);
    vga_free(m->vga);
    pit_free(m->pit);
    sched_free(m->sched);
    pic_free(m->pic);
    clock_free(m->clk);
    io_free(m->io);
    mem_free(m->mem);
    fs_free(m->fs);
    free(m);
}

struct mem *fz_dos_mem(struct fz_dos *m)
{
    return m->mem;
}

struct dos *fz_dos_kernel(struct fz_dos *m)
{
    return m->dos;
}

bool fz_dos_ended(const struct fz_dos *m)
{
    return m->ended;
}

void fz_dos_int(struct fz_dos *m, unsigned vec, struct cpu_regs *r)
{
    intr_dispatch(m->intr, vec, r);
    intr_take_idle(m->intr);
    m->blocks += BLOCKS_PER_CALL;
    sched_run(m->sched);
}
