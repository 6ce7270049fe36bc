/* Fuzz harness: the machine of machine/machine.c (machine_new) without the
 * CPU and the sound devices (reached through ports, not interrupts). Every
 * service is reached through machine_interrupt, as the CPU's interrupt hook
 * reaches it; time advances by a fixed number of blocks per call. */
#include <stdlib.h>
#include <string.h>

#include "base/common.h"
#include "fs/fs.h"
#include "machine/machine.h"
#include "machine/options.h"
#include "tests/fuzz/fz.h"

#define DRIVE_C 2
#define DRIVE_D 3
#define DRIVE_F 5
#define BLOCKS_PER_CALL 1000u

struct fz_dos {
    struct options opt;
    struct machine *m;
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
    (void)ctx;
    (void)buf;
    (void)n;
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

static void cb_direct(void *ctx, bool fresh)
{
    (void)ctx;
    (void)fresh;
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
    (void)ctx;
    (void)fd;
    (void)buf;
    (void)n;
}

static void cb_exited(void *ctx, uint8_t code, uint8_t type)
{
    (void)code;
    (void)type;
    ((struct fz_dos *)ctx)->ended = true;
}

static struct fs *mount_drives(const struct fs_fault_config *fault)
{
    char c[PATH_MAX], d[PATH_MAX], f[PATH_MAX];
    fz_path("c", c);
    fz_path("d", d);
    fz_path("f", f);
    struct fs *fs = fs_new();
    FZ_CHECK(fs_mount_host(fs, DRIVE_C, c, false) == 0, "mount C:");
    FZ_CHECK(fs_mount_host(fs, DRIVE_D, d, true) == 0, "mount D:");
    FZ_CHECK(fs_mount_host(fs, DRIVE_F, f, false) == 0, "mount F:");
    if (fault)
        FZ_CHECK(fs_mount_fault(fs, DRIVE_F, fault) == 0, "fault F:");
    return fs;
}

struct fz_dos *fz_dos_new(const struct fz_dos_config *cfg, const struct fs_fault_config *fault)
{
    struct fz_dos *m = xcalloc(1, sizeof *m);
    m->in = cfg->stdin_bytes;
    m->in_len = cfg->stdin_len;
    options_init(&m->opt);
    m->opt.deterministic = true;
    m->opt.xms_mb = cfg->xms_mb;
    m->opt.ems_mb = cfg->ems_mb;
    m->opt.dpmi_mb = 0;         /* no CPU: no DPMI host */
    const struct machine_host host = {
        .dos = {.stdin_read = cb_stdin_read, .out_write = cb_out_write, .exited = cb_exited,
                .ctx = m},
        .bios = {.con_write = cb_con_write, .kbd_poll = cb_kbd_poll, .reboot = cb_reboot,
                 .ctx = m},
        .kbc = {.reset = cb_reboot, .direct_read = cb_direct, .ctx = m},
    };
    const struct machine_config mc = {.opt = &m->opt, .fs = mount_drives(fault), .no_cpu = true,
                                      .no_sound = true, .host = &host, .blocks = cb_blocks,
                                      .blocks_ctx = m};
    m->m = machine_new(&mc);
    FZ_CHECK(m->m, "the machine could not be built");
    return m;
}

void fz_dos_free(struct fz_dos *m)
{
    machine_free(m->m);
    free(m);
}

struct mem *fz_dos_mem(struct fz_dos *m)
{
    return machine_mem(m->m);
}

struct dos *fz_dos_kernel(struct fz_dos *m)
{
    return machine_dos(m->m);
}

bool fz_dos_ended(const struct fz_dos *m)
{
    return m->ended;
}

void fz_dos_int(struct fz_dos *m, unsigned vec, struct cpu_regs *r)
{
    machine_interrupt(m->m, vec, r);
    m->blocks += BLOCKS_PER_CALL;
    machine_devices_run(m->m);
}
