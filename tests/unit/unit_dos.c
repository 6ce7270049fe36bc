/* The DOS kernel fixture for unit tests. */
#include "tests/unit/unit_dos.h"

#include <string.h>

#include "bios/bios.h"
#include "bios/intr.h"
#include "bios/rom.h"
#include "bus/mem.h"
#include "dosapi/dos.h"
#include "fs/fs.h"
#include "hw/clock.h"
#include "tests/unit/unit.h"

#define OP_INT 0xCD
#define CALL_OFF 0x0100u

static uint64_t no_blocks(void *ctx)
{
    (void)ctx;
    return 0;
}

static void con_write(void *ctx, const uint8_t *buf, size_t n)
{
    (void)ctx;
    (void)buf;
    (void)n;
}

static bool kbd_poll(void *ctx)
{
    (void)ctx;
    return false;
}

static void reboot(void *ctx)
{
    (void)ctx;
}

static int stdin_read(void *ctx, void *buf, size_t n)
{
    (void)ctx;
    (void)buf;
    (void)n;
    return 0;
}

static void out_write(void *ctx, int fd, const void *buf, size_t n)
{
    (void)ctx;
    (void)fd;
    (void)buf;
    (void)n;
}

static void exited(void *ctx, uint8_t code, uint8_t type)
{
    struct udos *u = ctx;
    (void)code;
    u->exited = true;
    u->exit_type = type;
}

void udos_new(struct udos *u, bool ro)
{
    memset(u, 0, sizeof *u);
    ufs_tree_new(&u->tree);
    ufs_mkdir(&u->tree, "c");
    u->mem = mem_new();
    u->intr = intr_new(u->mem, NULL);
    u->clk = clock_new(true, no_blocks, NULL);
    struct bios_config bc = {.wall_start = CLOCK_DETERMINISTIC_START_S};
    struct bios_host bh = {con_write, kbd_poll, reboot, u};
    u->bios = bios_new(u->mem, u->intr, u->clk, &bc, &bh);
    u->fs = fs_new();
    ck_assert_int_eq(fs_mount_host(u->fs, 2, ufs_path(&u->tree, "c"), ro), 0);
    struct dos_config dc = {.ver_major = 5, .ver_minor = 0};
    struct dos_host dh = {.stdin_read = stdin_read, .out_write = out_write, .exited = exited,
                          .ctx = u};
    u->dos = dos_new(u->mem, u->intr, u->bios, u->fs, &dc, &dh);
}

void udos_free(struct udos *u)
{
    dos_free(u->dos);
    bios_free(u->bios);
    intr_free(u->intr);
    clock_free(u->clk);
    mem_free(u->mem);
    fs_free(u->fs);
    ufs_tree_free(&u->tree);
}

struct cpu_regs udos_regs(uint16_t ax)
{
    struct cpu_regs r = {.ax = ax, .ds = UDOS_SEG, .es = UDOS_SEG, .ss = UDOS_STACK_SEG,
                         .sp = 0xFFF0, .cs = UDOS_CODE_SEG, .flags = CPU_FLAG_IF | 2};
    return r;
}

bool udos_int(struct udos *u, unsigned vec, struct cpu_regs *r)
{
    mem_wr8(u->mem, mem_lin(u->mem, UDOS_CODE_SEG, CALL_OFF), OP_INT);
    mem_wr8(u->mem, mem_lin(u->mem, UDOS_CODE_SEG, CALL_OFF + 1), (uint8_t)vec);
    if (r->cs == UDOS_CODE_SEG)
        r->ip = CALL_OFF + 2;
    intr_dispatch(u->intr, vec, r);
    return r->flags & CPU_FLAG_CF;
}

void udos_put(struct udos *u, uint16_t off, const void *p, size_t n)
{
    mem_write_far(u->mem, UDOS_SEG, off, p, n);
}

void udos_puts(struct udos *u, uint16_t off, const char *s)
{
    udos_put(u, off, s, strlen(s) + 1);
}

void udos_get(struct udos *u, uint16_t off, void *p, size_t n)
{
    mem_read_far(u->mem, UDOS_SEG, off, p, n);
}

#define PATH_OFF 0x0000u

uint16_t udos_open(struct udos *u, const char *path, uint8_t mode)
{
    struct cpu_regs r = udos_regs((uint16_t)(0x3D00 | mode));
    udos_puts(u, PATH_OFF, path);
    r.dx = PATH_OFF;
    ck_assert_msg(!udos_int21(u, &r), "open %s: error %u", path, r.ax);
    return r.ax;
}

uint16_t udos_create(struct udos *u, const char *path)
{
    struct cpu_regs r = udos_regs(0x3C00);
    udos_puts(u, PATH_OFF, path);
    r.dx = PATH_OFF;
    ck_assert_msg(!udos_int21(u, &r), "create %s: error %u", path, r.ax);
    return r.ax;
}

void udos_close(struct udos *u, uint16_t h)
{
    struct cpu_regs r = udos_regs(0x3E00);
    r.bx = h;
    ck_assert(!udos_int21(u, &r));
}
